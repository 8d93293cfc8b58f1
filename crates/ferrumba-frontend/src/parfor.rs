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

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use ferrumba_ir::{Constant, Diagnostic, GlobalValue, Op, Param, Span, Terminator, ValueId};

use crate::builder::Builder;
use crate::lower::{unsupported_at, Binding, Lowerer};
use crate::parfor_vars::{check_body, collect_updates, names_read, names_stored, reduction_of, ReduceOp, Reduction};
use crate::scope::{analyze, FuncBody, LocalKind};
use crate::span_of;

/// A variable of the enclosing function read in the body, and its value at the loop.
struct Captured<'ast> {
    name: &'ast str,
    span: Span,
    value: ValueId,
    /// A private variable of the body: set to `value` at the start of every iteration.
    per_iteration: bool,
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
