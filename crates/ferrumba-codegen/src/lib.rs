//! Stage 3, code generation: `TypedFunction` → Cranelift IR (CLIF) → machine code in a JIT module.
//!
//! The calling convention (see `docs/architecture.md`): a compiled function is
//! `fn(ret: *mut u64, stack_limit: usize, arg leaves...) -> i32`. Every value is a list of scalar
//! *leaves* (`datamodel`): an `int32` is one `i32`, a `complex128` two `f64`s, a tuple the leaves of its
//! items. The result is written to `ret`, one 8-byte slot per leaf. The status is 0 on success, or the
//! code of a runtime raise site (`ferrumba_runtime::raise_site`). Functions that call compiled functions
//! check the stack pointer against `stack_limit` first (RecursionError instead of a stack overflow).
//! Each function also gets an *entry* wrapper `fn(args: *const u64, ret: *mut u64, stack_limit: usize)
//! -> i32` that reads the argument leaves from 8-byte slots, so the Python layer can call any signature
//! through one function-pointer type.
//!
//! Modules:
//! - `datamodel`: types → leaf CLIF types.
//! - `module`: the process-wide JIT module: declare, define, finalize, look up addresses.
//! - `lower`: one function's lowering (`FunctionLowerer`), with `convert`, `ops`, `builtins`, `calls`.
//! - `ifconvert`: small branches become `select`s / float blends (no mispredicted data-dependent branches).
//! - `rotate`: loop rotation on CLIF (the test copied to the end of the body: one branch per iteration).
//! - `invariants`: keeps loop-invariant constants and `x + c` out of loops (Cranelift would remat them).
//! - `unroll`: rotated single-block counted loops run K copies of their body per test.
//! - `entry`: the uniform entry wrapper.
//! - `numpy_loop`: the skeleton shared by NumPy inner loops (strides, kernel call, failure callback).
//! - `ufunc_loop`: NumPy ufunc inner loops around compiled scalar kernels.
//! - `gufunc_loop`: NumPy generalized-ufunc inner loops around compiled kernels (`@guvectorize`).

mod datamodel;
mod entry;
mod gufunc_loop;
mod ifconvert;
mod invariants;
mod lower;
mod module;
mod numpy_loop;
mod rotate;
mod ufunc_loop;
mod unroll;

pub use datamodel::leaf_types;
pub use module::{Codegen, FunctionArtifacts};
pub use ufunc_loop::is_ufunc_element;

/// What the user chose per function that changes generated code.
#[derive(Clone, Debug)]
pub struct CodegenOptions {
    /// `error_model='python'`: division by zero raises ZeroDivisionError (else: inf/nan/0 as NumPy).
    pub python_error_model: bool,
    /// Also collect the machine-code listing (`inspect_asm`, `FERRUMBA_DUMP_ASM`).
    pub want_asm: bool,
    /// `boundscheck=True`: array indices are checked (IndexError) instead of trusted.
    pub boundscheck: bool,
}

impl Default for CodegenOptions {
    fn default() -> Self {
        CodegenOptions { python_error_model: true, want_asm: false, boundscheck: false }
    }
}
