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

/// One entry of an index, per leading dimension.
pub(crate) enum IndexEntry {
    /// An integer (int64), and whether it is known never to be negative. `offset_of` is set when the
    /// index is `base + constant` (int64 `base`): the address is then computed as
    /// `base * stride + constant * stride`, so that `base * stride` is shared with neighbouring accesses
    /// and hoisted out of inner loops (Cranelift recomputes `base + constant` in every block that uses
    /// it, which would otherwise keep the multiplication inside the loop).
    Int { value: Value, non_negative: bool, offset_of: Option<(Value, i64)> },
    /// A slice: start, stop (`i64::MIN` where omitted) and step.
    Slice { start: Value, stop: Value, step: Value },
    /// The whole dimension (one of those `...` stands for).
    Whole,
}

/// How a new array's data starts out.
pub(crate) enum Init<'a> {
    Uninit,
    Zeroed,
    /// Every element set to this value (leaves of the element type).
    Fill(&'a [Value]),
}

/// What a missing slice bound is.
pub(crate) const SLICE_NONE: i64 = i64::MIN;

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
            // The same leaves, typed `array.flat`.
            "flat" => leaves.to_vec(),
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

    /// `a[entries]`: an element when every dimension gets an integer, else a view (sharing the owner).
    /// Negative integers wrap around (unless known non-negative); with `boundscheck=True` an integer
    /// out of range raises IndexError. Slices are clamped as Python does.
    /// `zero_d_view`: an index naming every dimension gives a 0-d view, not the element (`a[i, ..., j]`).
    pub(crate) fn array_getitem(
        &mut self,
        a: &ArrayTy,
        leaves: &[Value],
        entries: &[IndexEntry],
        zero_d_view: bool,
    ) -> Vec<Value> {
        let (owner, data, shape, strides) = parts(a, leaves);
        let (addr, out_shape, out_strides) = self.locate(a, data, &shape, &strides, entries);
        if out_shape.is_empty() && !zero_d_view {
            return self.load_element(&a.dtype, addr);
        }
        let mut out = vec![owner, addr];
        out.extend(out_shape);
        out.extend(out_strides);
        out
    }

    /// `a[entries] = value` for an element (value already converted to the element type).
    pub(crate) fn array_setitem(&mut self, a: &ArrayTy, leaves: &[Value], entries: &[IndexEntry], value: &[Value]) {
        let (_, data, shape, strides) = parts(a, leaves);
        let (addr, _, _) = self.locate(a, data, &shape, &strides, entries);
        self.store_element(&a.dtype, addr, value);
    }

    /// The address the entries select, and the shape and strides of the dimensions left.
    fn locate(
        &mut self,
        a: &ArrayTy,
        data: Value,
        shape: &[Value],
        strides: &[Value],
        entries: &[IndexEntry],
    ) -> (Value, Vec<Value>, Vec<Value>) {
        let ndim = a.ndim as usize;
        let size = itemsize(&a.dtype);
        // The address is summed from the outermost dimension in, so that its loop-invariant head (the
        // data pointer plus the offsets of the outer indices) is hoisted out of inner loops as one value
        // and the innermost term folds into the load's addressing mode.
        let mut addr = data;
        let (mut out_shape, mut out_strides) = (Vec::new(), Vec::new());
        for k in 0..ndim {
            // The innermost dimension of a contiguous array has a known stride.
            let unit = (a.layout == Layout::C && k == ndim - 1) || (a.layout == Layout::F && k == 0);
            let stride = if unit { self.b.ins().iconst(clif::I64, size) } else { strides[k] };
            match entries.get(k) {
                Some(IndexEntry::Int { non_negative: true, offset_of: Some((base, constant)), .. })
                    if !self.options.boundscheck =>
                {
                    let scaled = if unit { self.b.ins().imul(*base, stride) } else { self.hoisted_imul(*base, stride) };
                    let shift = self.b.ins().imul_imm_s(stride, *constant);
                    addr = self.b.ins().iadd(addr, scaled);
                    addr = self.b.ins().iadd(addr, shift);
                }
                Some(IndexEntry::Int { value, non_negative, .. }) => {
                    let idx = if *non_negative {
                        *value
                    } else {
                        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *value, 0);
                        let wrapped = self.b.ins().iadd(*value, shape[k]);
                        self.b.ins().select(negative, wrapped, *value)
                    };
                    if self.options.boundscheck {
                        let out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, idx, shape[k]);
                        self.raise_if(out, "IndexError", "index is out of bounds");
                    }
                    let term = if unit { self.b.ins().imul(idx, stride) } else { self.hoisted_imul(idx, stride) };
                    addr = self.b.ins().iadd(addr, term);
                }
                Some(IndexEntry::Slice { start, stop, step }) => {
                    let (first, len) = self.slice_indices(*start, *stop, *step, shape[k]);
                    let term = self.b.ins().imul(first, stride);
                    addr = self.b.ins().iadd(addr, term);
                    out_shape.push(len);
                    out_strides.push(self.b.ins().imul(*step, stride));
                }
                Some(IndexEntry::Whole) | None => {
                    out_shape.push(shape[k]);
                    out_strides.push(stride);
                }
            }
        }
        (addr, out_shape, out_strides)
    }

    /// Python's `slice.indices(length)`: the first index and the number of items (step is nonzero,
    /// checked here: a zero step raises ValueError).
    fn slice_indices(&mut self, start: Value, stop: Value, step: Value, length: Value) -> (Value, Value) {
        let zero_step = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
        self.raise_if(zero_step, "ValueError", "slice step cannot be zero");
        let backwards = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, step, 0);
        let minus_one = self.b.ins().iconst(clif::I64, -1);
        let zero = self.b.ins().iconst(clif::I64, 0);
        let last = self.b.ins().iadd_imm_s(length, -1);
        // The clamping bounds, and the defaults of omitted bounds.
        let lower = self.b.ins().select(backwards, minus_one, zero);
        let upper = self.b.ins().select(backwards, last, length);
        let adjust = |s: &mut Self, bound: Value, default: Value| {
            let missing = s.b.ins().icmp_imm_s(IntCC::Equal, bound, SLICE_NONE);
            let negative = s.b.ins().icmp_imm_s(IntCC::SignedLessThan, bound, 0);
            let wrapped = s.b.ins().iadd(bound, length);
            let v = s.b.ins().select(negative, wrapped, bound);
            let below = s.b.ins().icmp(IntCC::SignedLessThan, v, zero);
            let v = s.b.ins().select(below, lower, v);
            let above = s.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, v, length);
            let v = s.b.ins().select(above, upper, v);
            s.b.ins().select(missing, default, v)
        };
        let first = adjust(self, start, lower);
        let first = {
            // An omitted start is 0 going forwards and the last index going backwards.
            let missing = self.b.ins().icmp_imm_s(IntCC::Equal, start, SLICE_NONE);
            let default = self.b.ins().select(backwards, last, zero);
            self.b.ins().select(missing, default, first)
        };
        let end = adjust(self, stop, upper);
        let end = {
            let missing = self.b.ins().icmp_imm_s(IntCC::Equal, stop, SLICE_NONE);
            let default = self.b.ins().select(backwards, minus_one, length);
            self.b.ins().select(missing, default, end)
        };
        // Forwards: (end - first - 1) / step + 1 items if first < end; backwards: mirrored.
        let span_fwd = self.b.ins().isub(end, first);
        let span_back = self.b.ins().isub(first, end);
        let span = self.b.ins().select(backwards, span_back, span_fwd);
        let abs_step = {
            let neg = self.b.ins().ineg(step);
            self.b.ins().select(backwards, neg, step)
        };
        let safe_step = self.b.ins().select(zero_step, minus_one, abs_step);
        let safe_step = self.b.ins().iabs(safe_step);
        let minus = self.b.ins().iadd_imm_s(span, -1);
        let q = self.b.ins().sdiv(minus, safe_step);
        let count = self.b.ins().iadd_imm_s(q, 1);
        let positive = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, span, 0);
        let len = self.b.ins().select(positive, count, zero);
        (first, len)
    }

    pub(crate) fn load_element(&mut self, dtype: &Type, addr: Value) -> Vec<Value> {
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

    pub(crate) fn store_element(&mut self, dtype: &Type, addr: Value, value: &[Value]) {
        let mut offset = 0;
        for (t, v) in leaf_types(dtype).into_iter().zip(value) {
            self.b.ins().store(MemFlagsData::new(), *v, addr, offset);
            offset += t.bytes() as i32;
        }
    }

    /// A C-contiguous view of a C-contiguous array with a new shape (`dims`; one may be -1, inferred;
    /// none for `ravel`). A size mismatch raises ValueError as NumPy does.
    pub(crate) fn reshape_view(
        &mut self,
        source: &ArrayTy,
        leaves: &[Value],
        target: &ArrayTy,
        dims: &[Value],
    ) -> Vec<Value> {
        let (owner, data, shape, _) = parts(source, leaves);
        let size = self.product(&shape);
        let dims: Vec<Value> = if dims.is_empty() { vec![size] } else { dims.to_vec() };
        // At most one -1: it takes what the others leave.
        let one = self.b.ins().iconst(clif::I64, 1);
        let mut known = one;
        let mut unknown_count = self.b.ins().iconst(clif::I64, 0);
        for d in &dims {
            let is_unknown = self.b.ins().icmp_imm_s(IntCC::Equal, *d, -1);
            let factor = self.b.ins().select(is_unknown, one, *d);
            known = self.b.ins().imul(known, factor);
            let inc = self.b.ins().uextend(clif::I64, is_unknown);
            unknown_count = self.b.ins().iadd(unknown_count, inc);
        }
        let zero_known = self.b.ins().icmp_imm_s(IntCC::Equal, known, 0);
        let safe_known = self.b.ins().select(zero_known, one, known);
        let inferred = self.b.ins().sdiv(size, safe_known);
        let dims: Vec<Value> = dims
            .iter()
            .map(|d| {
                let is_unknown = self.b.ins().icmp_imm_s(IntCC::Equal, *d, -1);
                self.b.ins().select(is_unknown, inferred, *d)
            })
            .collect();
        let new_size = self.product(&dims);
        let mismatch = self.b.ins().icmp(IntCC::NotEqual, new_size, size);
        let many_unknown = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, unknown_count, 1);
        let negative = dims.iter().fold(self.b.ins().iconst(clif::I8, 0), |acc, d| {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *d, 0);
            self.b.ins().bor(acc, neg)
        });
        let bad = self.b.ins().bor(mismatch, many_unknown);
        let bad = self.b.ins().bor(bad, negative);
        self.raise_if(bad, "ValueError", "cannot reshape array: the new shape does not have the same size");
        let size_bytes = itemsize(&target.dtype);
        let mut strides = vec![self.b.ins().iconst(clif::I64, size_bytes); dims.len()];
        for k in (0..dims.len().saturating_sub(1)).rev() {
            strides[k] = self.b.ins().imul(strides[k + 1], dims[k + 1]);
        }
        let mut out = vec![owner, data];
        out.extend(dims);
        out.extend(strides);
        out
    }

    /// A new C-contiguous array of `shape` (int64 leaves): uninitialized (`np.empty`), zeroed, or filled
    /// with `fill` (leaves of `dtype`).
    pub(crate) fn alloc_array(&mut self, dtype: &Type, shape: &[Value], init: Init<'_>) -> Vec<Value> {
        for dim in shape {
            let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, *dim, 0);
            self.raise_if(negative, "ValueError", "negative dimensions are not allowed");
        }
        let size = itemsize(dtype);
        let nitems = self.product(shape);
        let bytes = self.b.ins().imul_imm_s(nitems, size);
        let allocator = if matches!(init, Init::Uninit) { "ferrumba_nrt_alloc_uninit" } else { "ferrumba_nrt_alloc" };
        let owner = self.call_runtime(allocator, &[bytes], &[clif::I64], &[clif::I64])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, owner, 0);
        self.raise_if(failed, "MemoryError", "cannot allocate the array");
        let data = self.call_runtime("ferrumba_nrt_data", &[owner], &[clif::I64], &[clif::I64])[0];
        if let Init::Fill(value) = init {
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
