//! Stage 1, the frontend: Python source text → [`ferrumba_ir::Function`] in SSA form.
//!
//! Input: the source of one `def` (decorators allowed, already dedented) and a [`GlobalResolver`] that says
//! what free names refer to. Output: a control-flow graph whose every node carries a source span, or a
//! [`Diagnostic`] pointing at the offending line.
//!
//! Steps: parse with `ruff_python_parser`; find the first function definition; walk its body building
//! blocks, turning local variables into SSA values (phis at joins) and free names into `Op::Global`s.
//!
//! Modules:
//! - `builder`: blocks, predecessors and SSA construction (Braun et al. 2013).
//! - `scope`: which names are local; which locals are compile-time local functions.
//! - `lower`: the lowering context, scopes and name resolution; the compiled function's entry.
//! - `stmt`, `expr`, `cond`: statements, expressions, and control flow inside expressions.
//! - `inline`: local functions and lambdas, inlined at their call sites.
//! - `parfor`, `parfor_vars`: `prange` loops under `parallel=True`, outlined into a body and a combine
//!   function; the analysis of the body's variables.
//! - `consts`: literal evaluation (defaults, static indices, messages).
//! - `cleanup`: unreachable blocks removed, blocks and values renumbered, trivial phis dropped, checks.

mod builder;
mod cleanup;
mod cond;
mod consts;
mod expr;
mod inline;
mod lambda;
mod lower;
mod parfor;
#[cfg(test)]
mod parfor_tests;
mod parfor_vars;
mod scope;
mod stmt;
#[cfg(test)]
mod tests;
// Lets the shared test resolver (`tests/common`) name this crate from the unit tests too.
#[cfg(test)]
extern crate self as ferrumba_frontend;

use ferrumba_ir::{Diagnostic, ErrorKind, Function, GlobalValue, SourceInfo, Span};
use ruff_python_ast::Stmt;
use ruff_text_size::TextRange;

/// Answers what a free name meant when the function was compiled (globals, closure cells, builtins).
/// Implemented by the Python layer; tests use a table.
pub trait GlobalResolver {
    /// A free name of the function: `math`, `np`, `helper`, `ValueError`, `N`, `abs`, `range`.
    /// `None` means the name is not defined anywhere.
    fn resolve_global(&self, name: &str) -> Option<GlobalValue>;
    /// An attribute of a module value: `math.pi` → a constant, `math.sqrt` → `Builtin("math.sqrt")`.
    /// `None` means the module has no such attribute.
    fn resolve_module_attr(&self, module: &str, attr: &str) -> Option<GlobalValue>;
    /// Whether `prange` loops run in parallel (the function was compiled with `parallel=True`).
    fn parallel(&self) -> bool {
        false
    }
    /// Takes a function the frontend made (an outlined `prange` loop body, or the function combining
    /// its partial reductions) and returns the handle that calls of it name.
    fn register_outlined(&self, func: Function) -> Result<u64, Diagnostic> {
        Err(Diagnostic::internal(format!("cannot outline '{}': no parallel support in this resolver", func.name)))
    }
}

/// Parses `source.source` and lowers its first function definition to IR.
pub fn lower_function(source: &SourceInfo, resolver: &dyn GlobalResolver) -> Result<Function, Diagnostic> {
    let parsed = ruff_python_parser::parse_module(&source.source)
        .map_err(|e| Diagnostic::new(ErrorKind::Syntax, format!("invalid syntax: {}", e.error), span_of(e.location)))?;
    let module = parsed.syntax();
    let def = module.body.iter().find_map(|s| match s {
        Stmt::FunctionDef(def) => Some(def),
        _ => None,
    });
    if let Some(def) = def {
        return lower::Lowerer::new(resolver).lower_toplevel(def);
    }
    // `njit(lambda x: ...)`: the source is the statement holding the lambda.
    if let Some(lambda) = lambda::first_lambda(module) {
        return lower::Lowerer::new(resolver).lower_toplevel_lambda(lambda);
    }
    let end = u32::try_from(source.source.len()).unwrap_or(u32::MAX);
    Err(Diagnostic::new(ErrorKind::Syntax, "no function definition found in the source", Span::new(0, end)))
}

/// The IR span of a parser range.
pub(crate) fn span_of(range: TextRange) -> Span {
    Span::new(u32::from(range.start()), u32::from(range.end()))
}
