//! The syntactic analysis of a `prange` loop body (see `parfor`): which variables are reductions (and
//! with which operator), which names the body reads and binds, and the statements it may not contain.

use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::{Expr, ExprContext, Operator, Stmt};

use ferrumba_ir::{BinOpKind, Diagnostic, Span};

use crate::lower::unsupported_at;
use crate::span_of;

/// How partial results of a reduction variable combine.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ReduceOp {
    /// `+=`, `-=` (chunks accumulate their own sum or difference from 0; partials add up).
    Add,
    /// `*=`, `/=` (chunks start from 1; partials multiply).
    Mul,
    Or,
    And,
    Min,
    Max,
}

impl ReduceOp {
    /// The internal builtin producing a chunk's starting value, or `None` (start from the initial value).
    pub(crate) fn identity(self) -> Option<&'static str> {
        match self {
            ReduceOp::Add | ReduceOp::Or => Some("ferrumba.parfor_zero"),
            ReduceOp::Mul => Some("ferrumba.parfor_one"),
            ReduceOp::And => Some("ferrumba.parfor_all_ones"),
            ReduceOp::Min | ReduceOp::Max => None,
        }
    }

    pub(crate) fn binop(self) -> Option<BinOpKind> {
        match self {
            ReduceOp::Add => Some(BinOpKind::Add),
            ReduceOp::Mul => Some(BinOpKind::Mul),
            ReduceOp::Or => Some(BinOpKind::BitOr),
            ReduceOp::And => Some(BinOpKind::BitAnd),
            ReduceOp::Min | ReduceOp::Max => None,
        }
    }
}

/// A reduction variable: its operator and whether it is updated in place (`x += e`: arrays are
/// reduced into the original array).
pub(crate) struct Reduction<'ast> {
    pub name: &'ast str,
    pub op: ReduceOp,
    pub inplace: bool,
}

/// What one statement of the body does to a variable, for the reduction analysis.
pub(crate) struct Update<'ast> {
    pub name: &'ast str,
    pub op: Option<ReduceOp>,
    pub inplace: bool,
}

/// Rejects `return`, `yield` and a `break` out of the parallel loop itself.
pub(crate) fn check_body(stmts: &[Stmt], in_inner_loop: bool) -> Result<(), Diagnostic> {
    for stmt in stmts {
        match stmt {
            Stmt::Return(r) => {
                return Err(unsupported_at("'return' inside a prange loop is not supported", r.range)
                    .with_hint("compute the result after the loop"))
            }
            Stmt::Break(b) if !in_inner_loop => {
                return Err(unsupported_at("'break' out of a prange loop is not supported", b.range)
                    .with_hint("iterations run in parallel and in any order; use 'range' for a loop that stops early"))
            }
            Stmt::For(f) => {
                check_body(&f.body, true)?;
                check_body(&f.orelse, in_inner_loop)?;
            }
            Stmt::While(w) => {
                check_body(&w.body, true)?;
                check_body(&w.orelse, in_inner_loop)?;
            }
            Stmt::If(i) => {
                check_body(&i.body, in_inner_loop)?;
                for clause in &i.elif_else_clauses {
                    check_body(&clause.body, in_inner_loop)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every statement that assigns a plain name, with the reduction it performs (if any).
pub(crate) fn collect_updates<'ast>(stmts: &'ast [Stmt], out: &mut Vec<Update<'ast>>) {
    for stmt in stmts {
        match stmt {
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let op = match a.op {
                        Operator::Add | Operator::Sub => Some(ReduceOp::Add),
                        Operator::Mult | Operator::Div => Some(ReduceOp::Mul),
                        Operator::BitOr => Some(ReduceOp::Or),
                        Operator::BitAnd => Some(ReduceOp::And),
                        _ => None,
                    };
                    let op = op.filter(|_| !reads(&a.value, n.id.as_str()));
                    out.push(Update { name: n.id.as_str(), op, inplace: true });
                }
            }
            Stmt::Assign(a) => {
                if let [Expr::Name(n)] = a.targets.as_slice() {
                    let op = assign_reduction(n.id.as_str(), &a.value);
                    out.push(Update { name: n.id.as_str(), op, inplace: false });
                }
            }
            Stmt::For(f) => {
                collect_updates(&f.body, out);
                collect_updates(&f.orelse, out);
            }
            Stmt::While(w) => {
                collect_updates(&w.body, out);
                collect_updates(&w.orelse, out);
            }
            Stmt::If(i) => {
                collect_updates(&i.body, out);
                for clause in &i.elif_else_clauses {
                    collect_updates(&clause.body, out);
                }
            }
            _ => {}
        }
    }
}

/// The reduction of `name = value`: `name op e`, `e op name` (commutative op), `min(name, e)`, ...
fn assign_reduction(name: &str, value: &Expr) -> Option<ReduceOp> {
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == name);
    match value {
        Expr::BinOp(b) => {
            let op = match b.op {
                Operator::Add => ReduceOp::Add,
                Operator::Mult => ReduceOp::Mul,
                Operator::BitOr => ReduceOp::Or,
                Operator::BitAnd => ReduceOp::And,
                Operator::Sub if is_name(&b.left) && !reads(&b.right, name) => return Some(ReduceOp::Add),
                Operator::Div if is_name(&b.left) && !reads(&b.right, name) => return Some(ReduceOp::Mul),
                _ => return None,
            };
            let other = if is_name(&b.left) {
                &b.right
            } else if is_name(&b.right) {
                &b.left
            } else {
                return None;
            };
            (!reads(other, name)).then_some(op)
        }
        Expr::Call(c) if c.arguments.keywords.is_empty() && c.arguments.args.len() == 2 => {
            let op = match &*c.func {
                Expr::Name(f) if f.id.as_str() == "min" => ReduceOp::Min,
                Expr::Name(f) if f.id.as_str() == "max" => ReduceOp::Max,
                _ => return None,
            };
            let [a, b] = &c.arguments.args[..] else { return None };
            let other = if is_name(a) {
                b
            } else if is_name(b) {
                a
            } else {
                return None;
            };
            (!reads(other, name)).then_some(op)
        }
        _ => None,
    }
}

/// Whether `name` is a reduction variable of the loop: every assignment to it is a reduction with the
/// same operator, and it is read nowhere else. An error when it is updated as a reduction but also used
/// otherwise (that would race between iterations).
pub(crate) fn reduction_of<'ast>(
    name: &'ast str,
    updates: &[Update<'ast>],
    loads: &[(&'ast str, Span)],
    span: Span,
) -> Result<Option<Reduction<'ast>>, Diagnostic> {
    let mine: Vec<&Update<'_>> = updates.iter().filter(|u| u.name == name).collect();
    if mine.is_empty() || mine.iter().any(|u| u.op.is_none()) {
        return Ok(None);
    }
    let op = mine[0].op.expect("checked above");
    if mine.iter().any(|u| u.op != Some(op)) {
        return Err(Diagnostic::unsupported(
            format!("reduction variable '{name}' is updated with different operators in a prange loop"),
            span,
        ));
    }
    let expected_reads = mine.iter().filter(|u| !u.inplace).count();
    let reads = loads.iter().filter(|(n, _)| *n == name).count();
    if reads > expected_reads {
        let at = loads.iter().rfind(|(n, _)| *n == name).map_or(span, |l| l.1);
        return Err(Diagnostic::unsupported(format!("reduction variable '{name}' is read inside the prange loop"), at)
            .with_hint(
                "iterations run in parallel: a reduction variable may only be updated (x += e, x = min(x, e), ...)",
            ));
    }
    let inplace = mine.iter().all(|u| u.inplace);
    Ok(Some(Reduction { name, op, inplace }))
}

/// Whether `expr` reads `name`.
fn reads(expr: &Expr, name: &str) -> bool {
    let mut finder = Reads { names: Vec::new(), ctx: ExprContext::Load };
    finder.visit_expr(expr);
    finder.names.iter().any(|(n, _)| *n == name)
}

/// The names read in `stmts`, in order of appearance (with repetitions).
pub(crate) fn names_read(stmts: &[Stmt]) -> Vec<(&str, Span)> {
    let mut finder = Reads { names: Vec::new(), ctx: ExprContext::Load };
    for s in stmts {
        finder.visit_stmt(s);
    }
    finder.names
}

/// The names bound in `stmts` (assignment, `for` and walrus targets), once per binding.
pub(crate) fn names_stored(stmts: &[Stmt]) -> Vec<&str> {
    let mut finder = Reads { names: Vec::new(), ctx: ExprContext::Store };
    for s in stmts {
        finder.visit_stmt(s);
    }
    finder.names.into_iter().map(|(n, _)| n).collect()
}

/// Collects the names used in one context (`Load` or `Store`).
struct Reads<'ast> {
    names: Vec<(&'ast str, Span)>,
    ctx: ExprContext,
}

impl<'ast> Visitor<'ast> for Reads<'ast> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if let Expr::Name(n) = expr {
            if n.ctx == self.ctx {
                self.names.push((n.id.as_str(), span_of(n.range)));
            }
        }
        walk_expr(self, expr);
    }
}
