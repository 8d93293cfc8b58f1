//! Arrays in generated code: attributes, indexing (elements and views), stores, and allocation.
//!
//! An array's leaves are `[owner, data, shape..., strides...]` (see `datamodel`); strides are in bytes.

use cranelift_codegen::ir::{condcodes::IntCC, types as clif, InstBuilder, MemFlagsData, Value};
use ferrumba_ir::Diagnostic;
use ferrumba_types::{ArrayTy, Layout, Type};

use super::FunctionLowerer;
use crate::datamodel::leaf_types;

/// The size in bytes of one element.
pub(crate) fn itemsize(dtype: &Type) -> i64 {
    leaf_types(dtype).iter().map(|t| i64::from(t.bytes())).sum()
}

/// Index values (int64, one per indexed dimension) and which are known never to be negative.
pub(crate) struct Indices {
    pub values: Vec<Value>,
    pub non_negative: Vec<bool>,
}

fn parts(a: &ArrayTy, leaves: &[Value]) -> (Value, Value, Vec<Value>, Vec<Value>) {
    let n = a.ndim as usize;
    (leaves[0], leaves[1], leaves[2..2 + n].to_vec(), leaves[2 + n..2 + 2 * n].to_vec())
}

impl FunctionLowerer<'_> {
    pub(crate) fn array_attr(&mut self, a: &ArrayTy, leaves: &[Value], name: &str) -> Result<Vec<Value>, Diagnostic> {
        let (owner, data, shape, strides) = parts(a, leaves);
        Ok(match name {
            "shape" => shape,
            "strides" => strides,
            "ndim" => vec![self.b.ins().iconst(clif::I64, i64::from(a.ndim))],
            "itemsize" => vec![self.b.ins().iconst(clif::I64, itemsize(&a.dtype))],
            "size" => vec![self.product(&shape)],
            "nbytes" => {
                let size = self.product(&shape);
                vec![self.b.ins().imul_imm_s(size, itemsize(&a.dtype))]
            }
            "T" => {
                let mut out = vec![owner, data];
                out.extend(shape.iter().rev());
                out.extend(strides.iter().rev());
                out
            }
            other => return Err(Diagnostic::internal(format!("array attribute {other}"))),
        })
    }

    fn product(&mut self, values: &[Value]) -> Value {
        let mut acc = self.b.ins().iconst(clif::I64, 1);
        for v in values {
            acc = self.b.ins().imul(acc, *v);
        }
        acc
    }

    /// The byte offset of the item at `indices` (one per leading dimension), after Python's negative
    /// index wraparound (skipped for indices known to be non-negative) and, with `boundscheck=True`, a
    /// check that raises IndexError.
    fn item_offset(&mut self, a: &ArrayTy, shape: &[Value], strides: &[Value], indices: &Indices) -> Value {
        let mut offset = self.b.ins().iconst(clif::I64, 0);
        let ndim = a.ndim as usize;
        for (k, (idx, non_negative)) in indices.values.iter().zip(&indices.non_negative).enumerate() {
            let idx = if *non_negative {
                *idx
            } else {
                let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *idx, 0);
                let wrapped = self.b.ins().iadd(*idx, shape[k]);
                self.b.ins().select(negative, wrapped, *idx)
            };
            if self.options.boundscheck {
                let out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, idx, shape[k]);
                self.raise_if(out, "IndexError", "index is out of bounds");
            }
            // The innermost dimension of a contiguous array has a known stride.
            let unit = (a.layout == Layout::C && k == ndim - 1) || (a.layout == Layout::F && k == 0);
            let term = if unit {
                self.b.ins().imul_imm_s(idx, itemsize(&a.dtype))
            } else {
                self.b.ins().imul(idx, strides[k])
            };
            offset = self.b.ins().iadd(offset, term);
        }
        offset
    }

    /// `a[indices]`: an element, or a view of the remaining dimensions.
    pub(crate) fn array_getitem(&mut self, a: &ArrayTy, leaves: &[Value], indices: &Indices) -> Vec<Value> {
        let (owner, data, shape, strides) = parts(a, leaves);
        let offset = self.item_offset(a, &shape, &strides, indices);
        let addr = self.b.ins().iadd(data, offset);
        let k = indices.values.len();
        if k == a.ndim as usize {
            return self.load_element(&a.dtype, addr);
        }
        let mut out = vec![owner, addr];
        out.extend(&shape[k..]);
        out.extend(&strides[k..]);
        out
    }

    /// `a[indices] = value` (value already converted to the element type).
    pub(crate) fn array_setitem(&mut self, a: &ArrayTy, leaves: &[Value], indices: &Indices, value: &[Value]) {
        let (_, data, shape, strides) = parts(a, leaves);
        let offset = self.item_offset(a, &shape, &strides, indices);
        let addr = self.b.ins().iadd(data, offset);
        self.store_element(&a.dtype, addr, value);
    }

    fn load_element(&mut self, dtype: &Type, addr: Value) -> Vec<Value> {
        let mut offset = 0;
        leaf_types(dtype)
            .into_iter()
            .map(|t| {
                let v = self.b.ins().load(t, MemFlagsData::new(), addr, offset);
                offset += t.bytes() as i32;
                v
            })
            .collect()
    }

    fn store_element(&mut self, dtype: &Type, addr: Value, value: &[Value]) {
        let mut offset = 0;
        for (t, v) in leaf_types(dtype).into_iter().zip(value) {
            self.b.ins().store(MemFlagsData::new(), *v, addr, offset);
            offset += t.bytes() as i32;
        }
    }

    /// A new C-contiguous array of `shape` (int64 leaves), zeroed or filled with `fill` (leaves of `dtype`).
    pub(crate) fn alloc_array(&mut self, dtype: &Type, shape: &[Value], fill: Option<&[Value]>) -> Vec<Value> {
        for dim in shape {
            let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *dim, 0);
            self.raise_if(negative, "ValueError", "negative dimensions are not allowed");
        }
        let size = itemsize(dtype);
        let nitems = self.product(shape);
        let bytes = self.b.ins().imul_imm_s(nitems, size);
        let owner = self.call_runtime("ferrumba_nrt_alloc", &[bytes], &[clif::I64], &[clif::I64])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, owner, 0);
        self.raise_if(failed, "MemoryError", "cannot allocate the array");
        let data = self.call_runtime("ferrumba_nrt_data", &[owner], &[clif::I64], &[clif::I64])[0];
        if let Some(value) = fill {
            let mut words = [self.b.ins().iconst(clif::I64, 0), self.b.ins().iconst(clif::I64, 0)];
            for (i, v) in value.iter().enumerate().take(2) {
                words[i] = self.bits_as_i64(*v);
            }
            let size_v = self.b.ins().iconst(clif::I64, size);
            let args = [data, nitems, size_v, words[0], words[1]];
            self.call_runtime("ferrumba_fill", &args, &[clif::I64; 5], &[]);
        }
        let mut strides = vec![self.b.ins().iconst(clif::I64, size); shape.len()];
        for k in (0..shape.len().saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], shape[k + 1]);
        }
        let mut out = vec![owner, data];
        out.extend(shape);
        out.extend(strides);
        out
    }

    /// A scalar leaf's bits in the low end of an i64 (for filling memory).
    fn bits_as_i64(&mut self, v: Value) -> Value {
        let ty = self.b.func.dfg.value_type(v);
        let as_int = match ty {
            clif::F32 => self.b.ins().bitcast(clif::I32, MemFlagsData::new(), v),
            clif::F64 => self.b.ins().bitcast(clif::I64, MemFlagsData::new(), v),
            _ => v,
        };
        match self.b.func.dfg.value_type(as_int) {
            clif::I64 => as_int,
            _ => self.b.ins().uextend(clif::I64, as_int),
        }
    }
}
