//! The driver: runs the stages for one specialization of a function, in order.
//!
//! ```text
//! source ──frontend──▶ IR ──typeinfer──▶ typed IR ──codegen──▶ machine code ──▶ registry
//! ```
//!
//! [`compile`] is the front door: given a function (by the host's handle) and argument types, it
//! returns the [`Compiled`] specialization, compiling it and every compiled function it calls on the
//! way. Functions reach the compiler through a [`Host`] (the Python layer), so this crate has no
//! Python in it and can be tested with plain `cargo test`.
//!
//! Modules:
//! - `session`: one compile session (the JIT module locked, a stack of functions being typed for
//!   recursion, cleanup when something fails).
//! - `registry`: specializations compiled so far, and each function's IR.
//! - `dump`: `FERRUMBA_DUMP_*` switches.

mod dump;
mod registry;
mod session;

use std::collections::HashMap;
use std::sync::Arc;

use ferrumba_ir::{Diagnostic, GlobalValue, SourceInfo};
use ferrumba_typeinfer::TypedFunction;
use ferrumba_types::Type;

pub use registry::forget;
pub use session::{asm_listing, compile};

/// What the compiler asks of the outside world about a function it compiles.
pub trait Host {
    /// The (dedented) source of the function and where it lives.
    fn function_source(&mut self, handle: u64) -> Result<SourceInfo, Diagnostic>;
    /// What a free name of the function refers to (see `ferrumba_frontend::GlobalResolver`).
    fn resolve_global(&mut self, handle: u64, name: &str) -> Result<Option<GlobalValue>, Diagnostic>;
    /// What `module.attr` refers to.
    fn resolve_module_attr(&mut self, module: &str, attr: &str) -> Result<Option<GlobalValue>, Diagnostic>;
    /// The user's options for the function.
    fn options(&mut self, handle: u64) -> FunctionOptions;
    /// The compiled implementation (a function handle) that an `@overload` of `name` provides for
    /// these argument types, if any.
    fn resolve_overload(
        &mut self,
        name: &str,
        args: &[Type],
        kwargs: &[(String, Type)],
    ) -> Result<Option<u64>, Diagnostic>;
}

/// Per-function options that change compilation.
#[derive(Clone, Debug)]
pub struct FunctionOptions {
    /// `error_model='python'` (the default for `@njit`).
    pub python_error_model: bool,
    /// `locals={...}`: variables forced to a type.
    pub locals: HashMap<String, Type>,
    /// `boundscheck=True`: array indexing raises IndexError when out of bounds.
    pub boundscheck: bool,
    /// `parallel=True`: `prange` loops run on the thread pool.
    pub parallel: bool,
}

impl Default for FunctionOptions {
    fn default() -> Self {
        FunctionOptions { python_error_model: true, locals: HashMap::new(), boundscheck: false, parallel: false }
    }
}

/// One compiled specialization.
#[derive(Debug)]
pub struct Compiled {
    pub arg_types: Vec<Type>,
    pub return_type: Type,
    /// The native function (for calls from other compiled code).
    pub func_ref: u32,
    /// The uniform entry `fn(args: *const u64, ret: *mut u64) -> i32`, as an address.
    pub entry: usize,
    pub typed: TypedFunction,
    pub clif: String,
    /// The source the function was compiled from.
    pub source: SourceInfo,
    /// The code generation options it was compiled with (an `inspect_asm` listing uses the same).
    pub codegen_options: ferrumba_codegen::CodegenOptions,
}

impl Compiled {
    /// The text of a stage: `"ir"`, `"typed"`, `"clif"` (`"asm"` is produced by [`asm_listing`]).
    /// The `prange` loop bodies this function runs follow it, each under a `# prange loop body` header.
    pub fn dump(&self, stage: &str) -> Option<String> {
        let own = match stage {
            "ir" => self.typed.func.to_string(),
            "typed" => self.typed.display_with_source(Some(&self.source)),
            "clif" => self.clif.clone(),
            _ => return None,
        };
        let mut text = own;
        for body in registry::outlined_callees(&self.typed) {
            text.push_str(&format!("\n# prange loop body {}\n", body.typed.func.name));
            text.push_str(&body.dump(stage).unwrap_or_default());
        }
        Some(text)
    }
}

/// A shared compiled specialization.
pub type CompiledRef = Arc<Compiled>;
