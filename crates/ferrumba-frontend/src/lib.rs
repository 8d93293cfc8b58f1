//! Stage 1, the frontend: Python source text → [`ferrumba_ir::Function`] in SSA form.
//!
//! Input: the source of one `def` (decorators allowed, already dedented) and a [`GlobalResolver`] that says
//! what free names refer to. Output: a control-flow graph whose every node carries a source span, or a
//! [`Diagnostic`] pointing at the offending line.
//!
//! Steps: parse with `ruff_python_parser`; find the first function definition; walk its body building
//! blocks, turning local variables into SSA values (phis at joins) and free names into `Op::Global`s.

use ferrumba_ir::{Diagnostic, Function, GlobalValue, SourceInfo};

/// Answers what a free name meant when the function was compiled (globals, closure cells, builtins).
/// Implemented by the Python layer; tests use a table.
pub trait GlobalResolver {
    /// A free name of the function: `math`, `np`, `helper`, `ValueError`, `N`, `abs`, `range`.
    /// `None` means the name is not defined anywhere.
    fn resolve_global(&self, name: &str) -> Option<GlobalValue>;
    /// An attribute of a module value: `math.pi` → a constant, `math.sqrt` → `Builtin("math.sqrt")`.
    /// `None` means the module has no such attribute.
    fn resolve_module_attr(&self, module: &str, attr: &str) -> Option<GlobalValue>;
}

/// Parses `source.source` and lowers its first function definition to IR.
pub fn lower_function(
    source: &SourceInfo,
    resolver: &dyn GlobalResolver,
) -> Result<Function, Diagnostic> {
    let _ = (source, resolver);
    todo!("frontend")
}
