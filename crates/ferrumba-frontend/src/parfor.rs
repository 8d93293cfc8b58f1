//! `for i in prange(...)` in a function compiled with `parallel=True`: the loop is outlined.
//!
//! The loop body becomes a function of its own (the *body*), registered with the resolver:
//! `body(chunk_start, chunk_stop, step, captured..., reduction_inits...)` runs
//! `for i in range(chunk_start, chunk_stop, step)` over the original statements and returns the tuple of
//! its partial reductions. A second function (the *combine*) folds one partial into the running result:
//! `combine(acc_1, ..., acc_k, part_1, ..., part_k) -> (acc_1 op part_1, ...)`. In place of the loop the
//! enclosing function calls the internal builtin `ferrumba.parfor/<number of reductions>` with
//! `(body, combine, start, stop, step, captured..., reduction values...)`, which returns the reduced values;
//! they are assigned back to the reduction variables.
//!
//! Variables, decided from the syntax of the body:
//! - *reductions*: a variable of the enclosing function that the body only updates as
//!   `x op= e` (`+ - * / | &`), `x = x op e` / `x = e op x`, or `x = min(x, e)` / `max`, and reads nowhere
//!   else. Each chunk starts from the operator's identity (`min`/`max`: from the initial value); partial
//!   results are combined in chunk order.
//! - *private*: every other variable assigned in the body (the loop variable too). Each iteration has its
//!   own; after the loop the enclosing function still sees the value from before the loop.
//! - *captured*: variables of the enclosing function read in the body: passed by value (arrays by
//!   reference, so element writes are shared).

use ruff_python_ast::visitor::{walk_expr, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Operator, Stmt};
use ruff_text_size::Ranged;

use ferrumba_ir::{BinOpKind, Constant, Diagnostic, GlobalValue, Op, Param, Span, Terminator, ValueId};

use crate::builder::Builder;
use crate::lower::{unsupported_at, Binding, Lowerer};
use crate::scope::{analyze, FuncBody, LocalKind};
use crate::span_of;

/// How partial results of a reduction variable combine.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ReduceOp {
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
    fn identity(self) -> Option<&'static str> {
        match self {
            ReduceOp::Add | ReduceOp::Or => Some("ferrumba.parfor_zero"),
            ReduceOp::Mul => Some("ferrumba.parfor_one"),
            ReduceOp::And => Some("ferrumba.parfor_all_ones"),
            ReduceOp::Min | ReduceOp::Max => None,
        }
    }

    fn binop(self) -> Option<BinOpKind> {
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
struct Reduction<'ast> {
    name: &'ast str,
    op: ReduceOp,
    inplace: bool,
}

/// A variable of the enclosing function read in the body, and its value at the loop.
struct Captured<'ast> {
    name: &'ast str,
    span: Span,
    value: ValueId,
    /// A private variable of the body: set to `value` at the start of every iteration.
    per_iteration: bool,
}

/// What one statement of the body does to a variable, for the reduction analysis.
struct Update<'ast> {
    name: &'ast str,
    op: Option<ReduceOp>,
    inplace: bool,
}

impl<'ast> Lowerer<'_, 'ast> {
    /// Whether `s` is a `prange` loop to outline (under `parallel=True`, outside another outlined body).
    pub(crate) fn is_prange_loop(&self, s: &'ast ast::StmtFor) -> Result<bool, Diagnostic> {
        if !self.parallel {
            return Ok(false);
        }
        let Expr::Call(call) = &*s.iter else { return Ok(false) };
        Ok(matches!(self.static_global(&call.func)?, Some(GlobalValue::Builtin(n)) if n == "ferrumba.prange"))
    }

    /// Outlines the `prange` loop `s` and emits the parallel call in its place.
    pub(crate) fn lower_parfor(&mut self, s: &'ast ast::StmtFor) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        let Expr::Call(call) = &*s.iter else { unreachable!("checked by is_prange_loop") };
        let Expr::Name(target) = &*s.target else {
            return Err(unsupported_at("the target of a prange loop must be a single name", s.target.range()));
        };
        if !s.orelse.is_empty() {
            return Err(Diagnostic::unsupported("a prange loop cannot have an 'else' clause", span));
        }
        let args = &call.arguments;
        if !args.keywords.is_empty() || args.args.is_empty() || args.args.len() > 3 {
            return Err(unsupported_at("prange() takes 1 to 3 positional arguments", call.range()));
        }
        if let Some(star) = args.args.iter().find(|a| a.is_starred_expr()) {
            return Err(unsupported_at("starred arguments to prange() are not supported", star.range()));
        }
        check_body(&s.body, false)?;

        // Classify the body's variables.
        let mut locals = analyze(None, FuncBody::Stmts(&s.body))?;
        locals.insert(target.id.as_str(), LocalKind::Var);
        let mut updates = Vec::new();
        collect_updates(&s.body, &mut updates);
        let loads = names_read(&s.body);
        let stores = names_stored(&s.body);
        let mut reductions: Vec<Reduction<'ast>> = Vec::new();
        let mut names: Vec<&'ast str> = locals.keys().copied().collect();
        names.sort_unstable();
        for name in names {
            if name == target.id.as_str() || !matches!(self.lookup(name), Some(Binding::Var(_))) {
                continue;
            }
            // Every binding of a reduction variable is one of the updates (no `for x in`, `a, x = ...`).
            if stores.iter().filter(|n| **n == name).count() != updates.iter().filter(|u| u.name == name).count() {
                continue;
            }
            if let Some(r) = reduction_of(name, &updates, &loads, span)? {
                reductions.push(r);
            }
        }
        // Captured: read in the body, bound outside it. Private variables that have a value before the loop
        // and are read in the body start every iteration from that value (`per_iteration`).
        let mut captured: Vec<Captured<'ast>> = Vec::new();
        for (name, name_span) in &loads {
            let private = locals.contains_key(name);
            if *name == target.id.as_str() || reductions.iter().any(|r| r.name == *name) {
                continue;
            }
            if captured.iter().any(|c| c.name == *name) {
                continue;
            }
            match self.lookup(name) {
                Some(Binding::Var(var)) => {
                    let value = self.b.read_var(var, *name_span);
                    if private && self.b.is_undefined(value) {
                        continue;
                    }
                    captured.push(Captured { name, span: *name_span, value, per_iteration: private });
                }
                Some(Binding::Func(..)) => {
                    return Err(Diagnostic::unsupported(
                        format!("local function '{name}' cannot be used inside a prange loop"),
                        *name_span,
                    )
                    .with_hint("make it a global @njit function"))
                }
                None => {}
            }
        }

        // The outlined functions.
        self.parfor_count += 1;
        let base = format!("{}$prange{}", self.func_name, self.parfor_count);
        // With a step of 1: the loop's start when it is a literal (0 when omitted), else i64::MIN.
        let unit_step = match &args.args[..] {
            [_] => Some(0),
            [start, _] => match crate::consts::const_eval(start) {
                Some(Constant::Int(c)) => Some(c),
                _ => Some(i64::MIN),
            },
            _ => None,
        };
        let body = self.outline_body(s, &base, locals, &captured, &reductions, unit_step)?;
        let body = self.resolver.register_outlined(body)?;
        let combine = outline_combine(&format!("{base}$combine"), &reductions, span)?;
        let combine = self.resolver.register_outlined(combine)?;

        // The call in place of the loop.
        let mut operands = Vec::new();
        operands.push(self.b.emit(Op::Global(GlobalValue::Dispatcher { handle: body, name: base.clone() }), span));
        let name = format!("{base}$combine");
        operands.push(self.b.emit(Op::Global(GlobalValue::Dispatcher { handle: combine, name }), span));
        let range_args = &args.args;
        let int = |lw: &mut Self, i: i64| lw.emit_const(Constant::Int(i), span);
        let (start, stop, step) = match range_args.len() {
            1 => (int(self, 0), self.lower_expr(&range_args[0])?, int(self, 1)),
            2 => (self.lower_expr(&range_args[0])?, self.lower_expr(&range_args[1])?, int(self, 1)),
            _ => (self.lower_expr(&range_args[0])?, self.lower_expr(&range_args[1])?, self.lower_expr(&range_args[2])?),
        };
        operands.extend([start, stop, step]);
        operands.extend(captured.iter().map(|c| c.value));
        for r in &reductions {
            operands.push(self.lower_name(r.name, span)?);
        }
        let builtin = GlobalValue::Builtin(format!("ferrumba.parfor/{}", reductions.len()));
        let func = self.b.emit(Op::Global(builtin), span_of(call.func.range()));
        let result = self.b.emit(Op::Call { func, args: operands, kwargs: Vec::new() }, span);
        for (k, r) in reductions.iter().enumerate() {
            let value = self.b.emit(Op::StaticGetItem(result, k as i64), span);
            self.write_name(r.name, value, span)?;
        }
        Ok(())
    }

    /// The body function: `(chunk_start, chunk_stop, step, captured..., reduction inits...)`.
    fn outline_body(
        &self,
        s: &'ast ast::StmtFor,
        name: &str,
        mut locals: std::collections::HashMap<&'ast str, LocalKind<'ast>>,
        captured: &[Captured<'ast>],
        reductions: &[Reduction<'ast>],
        unit_step: Option<i64>,
    ) -> Result<ferrumba_ir::Function, Diagnostic> {
        let span = span_of(s.range);
        let mut sub = Lowerer::new(self.resolver);
        sub.parallel = false;
        sub.func_name = name.to_string();
        for c in captured {
            locals.insert(c.name, LocalKind::Var);
        }
        for r in reductions {
            locals.insert(r.name, LocalKind::Var);
        }
        sub.push_scope(locals, None, None);
        let mut params: Vec<Param> = ["$chunk_start", "$chunk_stop", "$step"]
            .iter()
            .map(|p| Param { name: p.to_string(), default: None, span })
            .collect();
        let mut bounds: Vec<ValueId> = (0..3).map(|i| sub.b.emit(Op::Arg(i), span)).collect();
        if let Some(first) = unit_step {
            // A literal step lets code generation drop the loop's sign checks; a start known to be
            // non-negative (chunks start at or after the loop's own start) drops index wraparound.
            bounds[2] = sub.emit_const(Constant::Int(1), span);
            if first >= 0 {
                let first = sub.emit_const(Constant::Int(first), span);
                let max = sub.b.emit(Op::Global(GlobalValue::Builtin("max".into())), span);
                bounds[0] = sub.b.emit(Op::Call { func: max, args: vec![bounds[0], first], kwargs: Vec::new() }, span);
            }
        }
        for (i, c) in captured.iter().enumerate() {
            params.push(Param { name: c.name.to_string(), default: None, span: c.span });
            let v = sub.b.emit(Op::Arg(3 + i), c.span);
            if c.per_iteration {
                sub.iteration_prologue.push((c.name, v));
            } else {
                sub.write_name(c.name, v, c.span)?;
            }
        }
        for (i, r) in reductions.iter().enumerate() {
            params.push(Param { name: r.name.to_string(), default: None, span });
            let mut v = sub.b.emit(Op::Arg(3 + captured.len() + i), span);
            if let Some(identity) = r.op.identity() {
                let func = sub.b.emit(Op::Global(GlobalValue::Builtin(identity.into())), span);
                v = sub.b.emit(Op::Call { func, args: vec![v], kwargs: Vec::new() }, span);
            }
            sub.write_name(r.name, v, span)?;
        }
        let range = sub.b.emit(Op::Global(GlobalValue::Builtin("range".into())), span_of(s.iter.range()));
        let iterable = sub.b.emit(Op::Call { func: range, args: bounds, kwargs: Vec::new() }, span_of(s.iter.range()));
        sub.lower_for_over(s, iterable)?;
        let mut partials = Vec::with_capacity(reductions.len());
        for r in reductions {
            partials.push(sub.lower_name(r.name, span)?);
        }
        let tuple = sub.b.emit(Op::MakeTuple(partials), span);
        sub.b.terminate(Terminator::Return(tuple), span);
        crate::cleanup::finish(std::mem::replace(&mut sub.b, Builder::new()), name.to_string(), params, span)
    }
}

/// The combine function: `(acc_1, ..., acc_k, part_1, ..., part_k) -> (acc_1 op part_1, ...)`.
fn outline_combine(name: &str, reductions: &[Reduction<'_>], span: Span) -> Result<ferrumba_ir::Function, Diagnostic> {
    let mut b = Builder::new();
    let mut params = Vec::new();
    let mut results = Vec::new();
    for suffix in ["acc", "part"] {
        for r in reductions {
            params.push(Param { name: format!("{}${suffix}", r.name), default: None, span });
        }
    }
    let k = reductions.len();
    for (i, r) in reductions.iter().enumerate() {
        let acc = b.emit(Op::Arg(i), span);
        let part = b.emit(Op::Arg(k + i), span);
        let value = match (r.op.binop(), r.inplace) {
            (Some(kind), true) => b.emit(Op::InplaceBinOp(kind, acc, part), span),
            (Some(kind), false) => b.emit(Op::BinOp(kind, acc, part), span),
            (None, _) => {
                let which = if r.op == ReduceOp::Min { "min" } else { "max" };
                let func = b.emit(Op::Global(GlobalValue::Builtin(which.into())), span);
                b.emit(Op::Call { func, args: vec![acc, part], kwargs: Vec::new() }, span)
            }
        };
        results.push(value);
    }
    let tuple = b.emit(Op::MakeTuple(results), span);
    b.terminate(Terminator::Return(tuple), span);
    crate::cleanup::finish(b, name.to_string(), params, span)
}

/// Rejects `return`, `yield` and a `break` out of the parallel loop itself.
fn check_body(stmts: &[Stmt], in_inner_loop: bool) -> Result<(), Diagnostic> {
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
fn collect_updates<'ast>(stmts: &'ast [Stmt], out: &mut Vec<Update<'ast>>) {
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
fn reduction_of<'ast>(
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
fn names_read(stmts: &[Stmt]) -> Vec<(&str, Span)> {
    let mut finder = Reads { names: Vec::new(), ctx: ExprContext::Load };
    for s in stmts {
        finder.visit_stmt(s);
    }
    finder.names
}

/// The names bound in `stmts` (assignment, `for` and walrus targets), once per binding.
fn names_stored(stmts: &[Stmt]) -> Vec<&str> {
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
