//! Which names are local to a function (Python's scoping rule) and which locals are compile-time local functions.
//!
//! A name is local if it is a parameter or bound anywhere in the body: assignment targets, augmented and
//! annotated assignments, `for` targets, walrus targets, nested `def` names, `g = lambda ...`. Bodies of
//! nested functions and lambdas are separate scopes and are not scanned here.

use std::collections::HashMap;

use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{Expr, ExprContext, Parameters, Stmt};
use ruff_text_size::Ranged;

use ferrumba_ir::{Diagnostic, Span};

use crate::span_of;

/// The body of a local function: a `def` suite or a lambda expression.
#[derive(Clone, Copy)]
pub(crate) enum FuncBody<'ast> {
    Stmts(&'ast [Stmt]),
    Expr(&'ast Expr),
}

/// A nested `def` or a lambda, inlined where it is called.
#[derive(Clone, Copy)]
pub(crate) struct LocalFunc<'ast> {
    pub name: &'ast str,
    pub params: Option<&'ast Parameters>,
    pub body: FuncBody<'ast>,
    /// The span of the whole `def` or lambda; its start identifies the function.
    pub span: Span,
}

/// What a local name is bound to.
#[derive(Clone, Copy)]
pub(crate) enum LocalKind<'ast> {
    Var,
    Func(LocalFunc<'ast>),
}

/// The positional parameters of a function, in order (positional-only first).
pub(crate) fn positional_params(
    params: Option<&Parameters>,
) -> impl Iterator<Item = &ruff_python_ast::ParameterWithDefault> {
    params.into_iter().flat_map(|p| p.posonlyargs.iter().chain(p.args.iter()))
}

/// The local names of a function with these parameters and body.
pub(crate) fn analyze<'ast>(
    params: Option<&'ast Parameters>,
    body: FuncBody<'ast>,
) -> Result<HashMap<&'ast str, LocalKind<'ast>>, Diagnostic> {
    let mut c = Collector { locals: HashMap::new(), error: None, depth: 0 };
    if let Some(p) = params {
        for param in p.iter() {
            c.bind(param.name().id.as_str(), LocalKind::Var, span_of(param.name().range));
        }
    }
    match body {
        FuncBody::Stmts(stmts) => {
            for s in stmts {
                c.visit_stmt(s);
            }
        }
        FuncBody::Expr(e) => c.visit_expr(e),
    }
    match c.error {
        Some(e) => Err(e),
        None => Ok(c.locals),
    }
}

struct Collector<'ast> {
    locals: HashMap<&'ast str, LocalKind<'ast>>,
    error: Option<Diagnostic>,
    /// Nesting depth of the walk; deeper code is left to the lowering's own nesting check.
    depth: u32,
}

/// Beyond this nesting the collector stops descending (lowering rejects such code anyway).
const MAX_WALK_DEPTH: u32 = 250;

impl<'ast> Collector<'ast> {
    fn bind(&mut self, name: &'ast str, kind: LocalKind<'ast>, span: Span) {
        match (self.locals.get(name), kind) {
            (None, _) => {
                self.locals.insert(name, kind);
            }
            (Some(LocalKind::Var), LocalKind::Var) => {}
            _ => {
                if self.error.is_none() {
                    self.error = Some(
                        Diagnostic::unsupported(format!("local function '{name}' is bound more than once"), span)
                            .with_hint(
                                "in compiled code a name bound by a nested 'def' or 'name = lambda' must \
                             not be assigned anything else; use a different name",
                            ),
                    );
                }
            }
        }
    }
}

impl<'ast> Visitor<'ast> for Collector<'ast> {
    fn visit_stmt(&mut self, stmt: &'ast Stmt) {
        if self.depth > MAX_WALK_DEPTH {
            return;
        }
        self.depth += 1;
        self.visit_stmt_inner(stmt);
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.depth > MAX_WALK_DEPTH {
            return;
        }
        self.depth += 1;
        self.visit_expr_inner(expr);
        self.depth -= 1;
    }
}

impl<'ast> Collector<'ast> {
    fn visit_stmt_inner(&mut self, stmt: &'ast Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                let func = LocalFunc {
                    name: def.name.id.as_str(),
                    params: Some(&def.parameters),
                    body: FuncBody::Stmts(&def.body),
                    span: span_of(def.range),
                };
                self.bind(def.name.id.as_str(), LocalKind::Func(func), span_of(def.name.range));
            }
            Stmt::ClassDef(def) => {
                self.bind(def.name.id.as_str(), LocalKind::Var, span_of(def.name.range));
            }
            Stmt::Assign(assign) => {
                if let ([Expr::Name(target)], Expr::Lambda(lambda)) = (assign.targets.as_slice(), &*assign.value) {
                    let func = LocalFunc {
                        name: target.id.as_str(),
                        params: lambda.parameters.as_deref(),
                        body: FuncBody::Expr(&lambda.body),
                        span: span_of(lambda.range),
                    };
                    self.bind(target.id.as_str(), LocalKind::Func(func), span_of(target.range));
                } else {
                    walk_stmt(self, stmt);
                }
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr_inner(&mut self, expr: &'ast Expr) {
        match expr {
            // `x + x + ... + x` nests to the left: walk the spine iteratively.
            Expr::BinOp(_) => {
                let mut cur = expr;
                while let Expr::BinOp(b) = cur {
                    self.visit_expr(&b.right);
                    cur = &b.left;
                }
                self.visit_expr(cur);
            }
            Expr::Name(name) if name.ctx != ExprContext::Load => {
                self.bind(name.id.as_str(), LocalKind::Var, span_of(name.range()));
            }
            // Separate scopes (lambdas) or unsupported constructs with their own scope (comprehensions).
            Expr::Lambda(_) | Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {}
            _ => walk_expr(self, expr),
        }
    }
}
