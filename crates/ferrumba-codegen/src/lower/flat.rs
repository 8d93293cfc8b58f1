//! `a.flat` in generated code: element `i` of an array counted in C order, whatever its layout, for
//! `a.flat[i]`, `a.flat[i] = v` and `for x in a.flat`. A `flat` value has the array's leaves.

use cranelift_codegen::ir::{condcodes::IntCC, types as clif, InstBuilder, Value};
use ferrumba_types::{ArrayTy, Layout};

use super::arrays::itemsize;
use super::FunctionLowerer;

impl FunctionLowerer<'_> {
    /// The number of elements of an array from its leaves.
    pub(crate) fn flat_size(&mut self, a: &ArrayTy, leaves: &[Value]) -> Value {
        let n = a.ndim as usize;
        let mut acc = self.b.ins().iconst(clif::I64, 1);
        for dim in &leaves[2..2 + n] {
            acc = self.b.ins().imul(acc, *dim);
        }
        acc
    }

    /// The address of element `index` (C order). With `checked`, a negative index counts from the end
    /// and one out of range raises IndexError (as NumPy always does for `flat`); iteration passes indices
    /// known to be in range.
    pub(crate) fn flat_address(&mut self, a: &ArrayTy, leaves: &[Value], index: Value, checked: bool) -> Value {
        let n = a.ndim as usize;
        let (data, shape, strides) = (leaves[1], &leaves[2..2 + n], &leaves[2 + n..2 + 2 * n]);
        let idx = if checked {
            let size = self.flat_size(a, leaves);
            let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, index, 0);
            let wrapped = self.b.ins().iadd(index, size);
            let idx = self.b.ins().select(negative, wrapped, index);
            let out = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, idx, size);
            self.raise_if(out, "IndexError", "index out of bounds for array.flat");
            idx
        } else {
            index
        };
        let offset = if n == 0 {
            self.b.ins().iconst(clif::I64, 0)
        } else if a.layout == Layout::C {
            self.b.ins().imul_imm_s(idx, itemsize(&a.dtype))
        } else {
            // Unravel from the last dimension; divisors are never zero (an empty array has no index
            // in range, and a zero dimension is replaced so that no instruction can trap).
            let one = self.b.ins().iconst(clif::I64, 1);
            let mut rest = idx;
            let mut offset = self.b.ins().iconst(clif::I64, 0);
            for k in (1..n).rev() {
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, shape[k], 0);
                let dim = self.b.ins().select(zero, one, shape[k]);
                let quotient = self.b.ins().udiv(rest, dim);
                let below = self.b.ins().imul(quotient, dim);
                let i_k = self.b.ins().isub(rest, below);
                let term = self.b.ins().imul(i_k, strides[k]);
                offset = self.b.ins().iadd(offset, term);
                rest = quotient;
            }
            let term = self.b.ins().imul(rest, strides[0]);
            self.b.ins().iadd(offset, term)
        };
        self.b.ins().iadd(data, offset)
    }
}
