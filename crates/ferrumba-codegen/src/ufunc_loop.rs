//! NumPy ufunc inner loops around compiled scalar kernels.
//!
//! On the skeleton of [`crate::numpy_loop`]: for `i` in `0..dimensions[0]` the loop loads each input
//! element (pointer `args[k]`, stride `steps[k]`) as the kernel's argument leaves, calls the kernel and
//! stores the result's leaves at `args[nin]`. Elements are stored as NumPy stores them: a bool is one byte,
//! an integer or float its width, a complex its two floats (real first).

use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Value};
use cranelift_frontend::FunctionBuilder;
use ferrumba_ir::Diagnostic;
use ferrumba_types::Type;

use crate::datamodel::leaf_types;
use crate::module::Codegen;
use crate::numpy_loop::{data_flags, load_element, LoopBody};

/// Whether values of `t` can be ufunc loop elements (bool, integers, floats, complex).
pub fn is_ufunc_element(t: &Type) -> bool {
    matches!(t, Type::Boolean | Type::Integer(_) | Type::Float(32 | 64) | Type::Complex(64 | 128))
}

/// Scalar inputs in, one scalar result out.
struct Elementwise<'a> {
    args: &'a [Type],
    ret: &'a Type,
}

impl LoopBody for Elementwise<'_> {
    fn setup(&mut self, _: &mut FunctionBuilder, _: Value, _: Value) {}

    fn arguments(&self, b: &mut FunctionBuilder, ptrs: &[Value], out: &mut Vec<Value>) {
        for (t, p) in self.args.iter().zip(ptrs) {
            load_element(b, t, *p, out);
        }
    }

    fn store(&self, b: &mut FunctionBuilder, ptrs: &[Value], ret_slot: Value) {
        let mut offset = 0i32;
        let out = ptrs[self.args.len()];
        for (j, leaf) in leaf_types(self.ret).iter().enumerate() {
            let v = b.ins().load(*leaf, MemFlagsData::trusted(), ret_slot, (8 * j) as i32);
            b.ins().store(data_flags(), v, out, offset);
            offset += leaf.bytes() as i32;
        }
    }
}

impl Codegen {
    /// Defines a NumPy inner loop calling the compiled function `kernel` (compiled for `args`, returning
    /// `ret`); `on_error` is the address of an `extern "C" fn(i32)` called with a nonzero kernel status.
    /// Returns the loop's id: call [`Codegen::finalize`], then [`Codegen::address`].
    pub fn define_ufunc_loop(
        &mut self,
        kernel: u32,
        args: &[Type],
        ret: &Type,
        on_error: usize,
    ) -> Result<u32, Diagnostic> {
        if let Some(bad) = args.iter().chain([ret]).find(|t| !is_ufunc_element(t)) {
            return Err(Diagnostic::internal(format!("{bad} cannot be an element of a ufunc loop")));
        }
        let ret_bytes = 8 * leaf_types(ret).len() as u32;
        self.define_numpy_loop("ufunc", kernel, args.len() + 1, ret_bytes, on_error, &mut Elementwise { args, ret })
    }
}
