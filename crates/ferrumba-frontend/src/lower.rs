//! The lowering context: the SSA builder, the stack of (inlined) function scopes, and name resolution.

use std::collections::HashMap;

use ruff_python_ast::{Expr, StmtFunctionDef};
use ruff_text_size::Ranged;

use ferrumba_ir::{
    BlockId, Constant, Diagnostic, ErrorKind, Function, GlobalValue, Op, Param, Span, Terminator, ValueId,
};

use crate::builder::{Builder, VarId};
use crate::consts::const_eval;
use crate::scope::{analyze, positional_params, FuncBody, LocalFunc, LocalKind};
use crate::{span_of, GlobalResolver};

/// A name bound in some function scope.
#[derive(Clone, Copy)]
pub(crate) enum Binding<'ast> {
    Var(VarId),
    /// A local function and the index of the scope it was defined in.
    Func(LocalFunc<'ast>, usize),
}

/// Where `break` and `continue` go in the innermost loop.
#[derive(Clone, Copy)]
pub(crate) struct LoopTargets {
    pub continue_to: BlockId,
    pub break_to: BlockId,
}

/// Where `return` goes in an inlined function: a jump to `cont`, the value in `var`.
#[derive(Clone, Copy)]
pub(crate) struct ReturnTarget {
    pub cont: BlockId,
    pub var: VarId,
}

/// One function being lowered: the compiled function itself or an inlined local function.
pub(crate) struct Scope<'ast> {
    pub names: HashMap<&'ast str, Binding<'ast>>,
    /// The lexically enclosing scope (for inlined local functions).
    pub parent: Option<usize>,
    pub loops: Vec<LoopTargets>,
    /// `None` for the compiled function: `return` ends the function.
    pub ret: Option<ReturnTarget>,
}

pub(crate) struct Lowerer<'a, 'ast> {
    pub b: Builder,
    pub resolver: &'a dyn GlobalResolver,
    pub scopes: Vec<Scope<'ast>>,
    /// Span starts of the local functions being inlined (to reject recursion).
    pub inlining: Vec<u32>,
    /// How many local-function calls were inlined (a guard against exponential inlining).
    pub inlined_count: usize,
    /// Current nesting of statements and expressions being lowered (a guard against stack overflow).
    pub depth: u32,
    /// `prange` loops are outlined and run in parallel (`parallel=True`, and not already inside an
    /// outlined loop body, where a nested `prange` is a plain `range`).
    pub parallel: bool,
    /// The name of the compiled function (names the outlined loop bodies).
    pub func_name: String,
    /// How many `prange` loops were outlined so far.
    pub parfor_count: usize,
    /// Assignments the next `for` loop makes at the start of every iteration (the pre-loop values of an
    /// outlined `prange` body's private variables).
    pub iteration_prologue: Vec<(&'ast str, ValueId)>,
}

/// Deeper nesting of statements and expressions than this is rejected instead of risking the stack.
const MAX_DEPTH: u32 = 100;

impl<'a, 'ast> Lowerer<'a, 'ast> {
    pub fn new(resolver: &'a dyn GlobalResolver) -> Self {
        Lowerer {
            b: Builder::new(),
            resolver,
            scopes: Vec::new(),
            inlining: Vec::new(),
            inlined_count: 0,
            depth: 0,
            parallel: resolver.parallel(),
            func_name: String::new(),
            parfor_count: 0,
            iteration_prologue: Vec::new(),
        }
    }

    /// Enters one level of statement/expression nesting; the caller decrements `depth` when done.
    pub fn enter(&mut self, span: Span) -> Result<(), Diagnostic> {
        if self.depth >= MAX_DEPTH {
            return Err(Diagnostic::unsupported("statements or expressions are nested too deeply to compile", span)
                .with_hint("split the expression into several assignments"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Creates a scope for a function with these locals: fresh variables, local functions recorded.
    pub fn push_scope(
        &mut self,
        locals: HashMap<&'ast str, LocalKind<'ast>>,
        parent: Option<usize>,
        ret: Option<ReturnTarget>,
    ) {
        let index = self.scopes.len();
        let mut names = HashMap::with_capacity(locals.len());
        for (name, kind) in locals {
            let binding = match kind {
                LocalKind::Var => Binding::Var(self.b.new_var(name, false)),
                LocalKind::Func(f) => Binding::Func(f, index),
            };
            names.insert(name, binding);
        }
        self.scopes.push(Scope { names, parent, loops: Vec::new(), ret });
    }

    pub fn scope(&mut self) -> &mut Scope<'ast> {
        let last = self.scopes.len() - 1;
        &mut self.scopes[last]
    }

    /// Looks `name` up in the current scope and its enclosing ones.
    pub fn lookup(&self, name: &str) -> Option<Binding<'ast>> {
        let mut at = self.scopes.len().checked_sub(1);
        while let Some(i) = at {
            if let Some(b) = self.scopes[i].names.get(name) {
                return Some(*b);
            }
            at = self.scopes[i].parent;
        }
        None
    }

    /// The variable an assignment to `name` writes (assignments always bind in the current scope).
    pub fn assign_var(&self, name: &str, span: Span) -> Result<Option<VarId>, Diagnostic> {
        match self.scopes.last().and_then(|s| s.names.get(name)) {
            Some(Binding::Var(v)) => Ok(Some(*v)),
            Some(Binding::Func(..)) => Ok(None),
            None => Err(internal(format!("assignment to '{name}' was not found by scope analysis"), span)),
        }
    }

    /// Assigns `value` to the local `name`.
    pub fn write_name(&mut self, name: &str, value: ValueId, span: Span) -> Result<(), Diagnostic> {
        if let Some(var) = self.assign_var(name, span)? {
            let named_otherwise = self.b.var_name(value).is_some_and(|other| other != name);
            let value = if named_otherwise { self.b.emit(Op::Copy(value), span) } else { value };
            self.b.name_value(value, name);
            self.b.write_var(var, value);
        }
        Ok(())
    }

    /// What a free (non-local) name refers to, with the typing errors for unknown or unusable globals.
    pub fn resolve_free(&self, name: &str, span: Span) -> Result<GlobalValue, Diagnostic> {
        match self.resolver.resolve_global(name) {
            Some(g) => Ok(g),
            None => Err(Diagnostic::typing(format!("name '{name}' is not defined"), span).with_hint(
                "define it as a global before compiling the function, pass it as an argument, or fix \
                 the spelling",
            )),
        }
    }

    /// Emits the value of a compile-time global.
    pub fn emit_global(&mut self, g: GlobalValue, what: &str, span: Span) -> Result<ValueId, Diagnostic> {
        match g {
            GlobalValue::Constant(c) => Ok(self.b.emit(Op::Const(c), span)),
            GlobalValue::Unsupported { type_name } if type_name == "function" => Err(Diagnostic::typing(
                format!("'{what}' is a plain Python function; compiled code can only call compiled functions"),
                span,
            )
            .with_hint(format!("decorate '{what}' with @njit so that it is compiled too"))),
            GlobalValue::Unsupported { type_name } => Err(Diagnostic::typing(
                format!("cannot use global '{what}' of type '{type_name}' in compiled code"),
                span,
            )
            .with_hint("pass it to the function as an argument, or make it a number or a tuple")),
            g => Ok(self.b.emit(Op::Global(g), span)),
        }
    }

    pub fn emit_const(&mut self, c: Constant, span: Span) -> ValueId {
        self.b.emit(Op::Const(c), span)
    }

    /// Resolves an expression that names a compile-time global without emitting anything: a free name,
    /// or an attribute chain on a module (`np.random.rand`). `None` for anything else.
    pub fn static_global(&self, expr: &Expr) -> Result<Option<GlobalValue>, Diagnostic> {
        match expr {
            Expr::Name(n) => {
                if self.lookup(n.id.as_str()).is_some() {
                    return Ok(None);
                }
                self.resolve_free(n.id.as_str(), span_of(n.range)).map(Some)
            }
            Expr::Attribute(a) => {
                let Some(GlobalValue::Module(m)) = self.static_global(&a.value)? else {
                    return Ok(None);
                };
                let attr = a.attr.id.as_str();
                match self.resolver.resolve_module_attr(&m, attr) {
                    Some(g) => Ok(Some(g)),
                    None => {
                        Err(Diagnostic::typing(format!("module '{m}' has no attribute '{attr}'"), span_of(a.range))
                            .with_hint("check the spelling, or whether the compiler supports this function"))
                    }
                }
            }
            _ => Ok(None),
        }
    }

    /// Lowers the compiled function: parameters, entry block, body.
    pub fn lower_toplevel(&mut self, def: &'ast StmtFunctionDef) -> Result<Function, Diagnostic> {
        if def.is_async {
            return Err(unsupported_at("'async def' functions are not supported in compiled code", def.range()));
        }
        self.lower_callable(def.name.id.as_str(), Some(&def.parameters), FuncBody::Stmts(&def.body), def.range)
    }

    /// A lambda compiled on its own (`njit(lambda x: x + 1)`).
    pub fn lower_toplevel_lambda(&mut self, lambda: &'ast ruff_python_ast::ExprLambda) -> Result<Function, Diagnostic> {
        self.lower_callable("<lambda>", lambda.parameters.as_deref(), FuncBody::Expr(&lambda.body), lambda.range)
    }

    fn lower_callable(
        &mut self,
        name: &str,
        parameters: Option<&'ast ruff_python_ast::Parameters>,
        body: FuncBody<'ast>,
        range: ruff_text_size::TextRange,
    ) -> Result<Function, Diagnostic> {
        if let Some(parameters) = parameters {
            check_params_supported(parameters, name)?;
        }
        let mut params = Vec::new();
        for p in positional_params(parameters) {
            let default = match p.default.as_deref() {
                None => None,
                Some(d) => Some(self.default_value(d, p.name().id.as_str())?),
            };
            params.push(Param { name: p.name().id.to_string(), default, span: span_of(p.range) });
        }
        let locals = analyze(parameters, body)?;
        self.func_name = name.to_string();
        self.push_scope(locals, None, None);
        for (i, p) in positional_params(parameters).enumerate() {
            let span = span_of(p.range);
            let v = self.b.emit(Op::Arg(i), span);
            self.write_name(p.name().id.as_str(), v, span)?;
        }
        match body {
            FuncBody::Stmts(stmts) => self.lower_suite(stmts)?,
            FuncBody::Expr(expr) => {
                let value = self.lower_expr(expr)?;
                self.b.terminate(Terminator::Return(value), span_of(expr.range()));
            }
        }
        if !self.b.is_dead() {
            let end = Span::new(span_of(range).end, span_of(range).end);
            let none = self.emit_const(Constant::None, end);
            self.b.terminate(Terminator::Return(none), end);
        }
        crate::cleanup::finish(std::mem::replace(&mut self.b, Builder::new()), name.to_string(), params, span_of(range))
    }

    /// A parameter default: a literal or a global constant.
    pub fn default_value(&self, d: &Expr, param: &str) -> Result<Constant, Diagnostic> {
        if let Some(c) = const_eval(d) {
            return Ok(c);
        }
        if let Expr::Name(n) = d {
            if let Some(GlobalValue::Constant(c)) = self.resolver.resolve_global(n.id.as_str()) {
                return Ok(c);
            }
        }
        Err(Diagnostic::unsupported(
            format!("the default value of parameter '{param}' is not a constant"),
            span_of(d.range()),
        )
        .with_hint("use a literal (number, string, True/False/None or a tuple of them) as the default"))
    }
}

/// Rejects `*args`, `**kwargs` and keyword-only parameters.
pub(crate) fn check_params_supported(params: &ruff_python_ast::Parameters, func: &str) -> Result<(), Diagnostic> {
    if let Some(v) = &params.vararg {
        return Err(unsupported_at(
            format!("'*{}' parameters are not supported in compiled code (in '{func}')", v.name.id),
            v.range,
        )
        .with_hint("pass a tuple argument instead"));
    }
    if let Some(p) = params.kwonlyargs.first() {
        return Err(unsupported_at(
            format!("keyword-only parameter '{}' is not supported in compiled code (in '{func}')", p.name().id),
            p.range,
        )
        .with_hint("make it an ordinary positional parameter"));
    }
    if let Some(k) = &params.kwarg {
        return Err(unsupported_at(
            format!("'**{}' parameters are not supported in compiled code (in '{func}')", k.name.id),
            k.range,
        )
        .with_hint("pass the values as ordinary parameters"));
    }
    Ok(())
}

pub(crate) fn unsupported_at(message: impl Into<String>, range: ruff_text_size::TextRange) -> Diagnostic {
    Diagnostic::unsupported(message, span_of(range))
}

pub(crate) fn internal(message: String, span: Span) -> Diagnostic {
    Diagnostic::new(ErrorKind::Internal, message, span)
}
