//! Statements: assignments, control flow (`if`, `while`, `for`, `break`, `continue`, `return`), `raise`, `assert`.
//!
//! Code after a statement that ends control flow (`return`, `raise`, `break`, `continue`, or an `if` whose
//! branches all end so) is dead: it is skipped without being checked, like CPython's bytecode compiler
//! would never run it.

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use ferrumba_ir::{Constant, Diagnostic, ErrorKind, GlobalValue, Op, Terminator};

use crate::consts::{const_eval, literal_str};
use crate::lower::{unsupported_at, LoopTargets, Lowerer};
use crate::span_of;

impl<'ast> Lowerer<'_, 'ast> {
    pub fn lower_suite(&mut self, body: &'ast [Stmt]) -> Result<(), Diagnostic> {
        for stmt in body {
            if self.b.is_dead() {
                break;
            }
            self.lower_stmt(stmt)?;
        }
        Ok(())
    }

    fn lower_stmt(&mut self, stmt: &'ast Stmt) -> Result<(), Diagnostic> {
        self.enter(span_of(stmt.range()))?;
        let result = self.lower_stmt_inner(stmt);
        self.depth -= 1;
        result
    }

    fn lower_stmt_inner(&mut self, stmt: &'ast Stmt) -> Result<(), Diagnostic> {
        let span = span_of(stmt.range());
        match stmt {
            Stmt::Assign(s) => {
                if let ([Expr::Name(t)], Expr::Lambda(_)) = (s.targets.as_slice(), &*s.value) {
                    if self.assign_var(t.id.as_str(), span)?.is_none() {
                        return Ok(()); // `g = lambda ...`: a compile-time local function
                    }
                }
                let value = self.lower_expr(&s.value)?;
                for target in &s.targets {
                    self.assign_target(target, value)?;
                }
                Ok(())
            }
            Stmt::AugAssign(s) => self.lower_aug_assign(s),
            Stmt::AnnAssign(s) => {
                if let Some(value) = &s.value {
                    let v = self.lower_expr(value)?;
                    self.assign_target(&s.target, v)?;
                }
                Ok(())
            }
            Stmt::Expr(s) => {
                if matches!(&*s.value, Expr::StringLiteral(_)) {
                    return Ok(()); // docstrings and string "comments"
                }
                self.lower_expr(&s.value)?;
                Ok(())
            }
            Stmt::Pass(_) => Ok(()),
            Stmt::If(s) => self.lower_if(s),
            Stmt::While(s) => self.lower_while(s),
            Stmt::For(s) => self.lower_for(s),
            Stmt::Break(_) | Stmt::Continue(_) => {
                let is_break = matches!(stmt, Stmt::Break(_));
                let Some(l) = self.scope().loops.last().copied() else {
                    let what = if is_break { "break" } else { "continue" };
                    return Err(Diagnostic::new(ErrorKind::Syntax, format!("'{what}' outside loop"), span));
                };
                self.b.jump(if is_break { l.break_to } else { l.continue_to }, span);
                Ok(())
            }
            Stmt::Return(s) => {
                let value = match &s.value {
                    Some(v) => self.lower_expr(v)?,
                    None => self.emit_const(Constant::None, span),
                };
                match self.scope().ret {
                    None => self.b.terminate(Terminator::Return(value), span),
                    Some(ret) => {
                        self.b.write_var(ret.var, value);
                        self.b.jump(ret.cont, span);
                    }
                }
                Ok(())
            }
            Stmt::Raise(s) => self.lower_raise(s),
            Stmt::Assert(s) => self.lower_assert(s),
            Stmt::FunctionDef(def) => {
                if def.is_async {
                    return Err(unsupported_at("'async def' is not supported in compiled code", def.range));
                }
                if let Some(d) = def.decorator_list.first() {
                    return Err(unsupported_at(
                        "decorators on local functions are not supported in compiled code",
                        d.range,
                    )
                    .with_hint("remove the decorator; local functions are compiled inline where they are called"));
                }
                Ok(()) // bound at compile time by scope analysis; inlined at its calls
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) => {
                let what = if matches!(stmt, Stmt::Global(_)) { "global" } else { "nonlocal" };
                Err(Diagnostic::unsupported(format!("'{what}' statements are not supported in compiled code"), span)
                    .with_hint("pass the value as an argument and return the new value instead"))
            }
            Stmt::Try(_) => Err(Diagnostic::unsupported("'try' statements are not supported in compiled code", span)
                .with_hint("check for the error condition with 'if' instead")),
            Stmt::With(_) => Err(Diagnostic::unsupported("'with' statements are not supported in compiled code", span)
                .with_hint("enter the context in the Python caller and call the compiled function inside it")),
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                Err(Diagnostic::unsupported("'import' statements are not supported in compiled code", span)
                    .with_hint("import the module at the top level of your file and use it as a global"))
            }
            Stmt::Delete(_) => {
                Err(Diagnostic::unsupported("'del' statements are not supported in compiled code", span)
                    .with_hint("remove the 'del'; compiled code frees values by itself"))
            }
            Stmt::ClassDef(_) => {
                Err(Diagnostic::unsupported("class definitions are not supported in compiled code", span)
                    .with_hint("define the class outside the compiled function"))
            }
            Stmt::Match(_) => {
                Err(Diagnostic::unsupported("'match' statements are not supported in compiled code", span)
                    .with_hint("use 'if'/'elif' instead"))
            }
            Stmt::TypeAlias(_) => {
                Err(Diagnostic::unsupported("'type' statements are not supported in compiled code", span)
                    .with_hint("define the type alias outside the compiled function"))
            }
            Stmt::IpyEscapeCommand(_) => Err(Diagnostic::new(ErrorKind::Syntax, "invalid syntax", span)),
        }
    }

    /// Binds `value` to an assignment target: a name, a tuple/list of targets, or a subscript.
    pub fn assign_target(&mut self, target: &'ast Expr, value: ferrumba_ir::ValueId) -> Result<(), Diagnostic> {
        let span = span_of(target.range());
        match target {
            Expr::Name(n) => self.write_name(n.id.as_str(), value, span),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                if let Some(star) = elts.iter().find(|e| e.is_starred_expr()) {
                    return Err(unsupported_at(
                        "starred assignment targets are not supported in compiled code",
                        star.range(),
                    )
                    .with_hint("unpack into a fixed number of names"));
                }
                let count = elts.len();
                for (index, elt) in elts.iter().enumerate() {
                    let item = self.b.emit(Op::UnpackItem { value, index, count }, span_of(elt.range()));
                    self.assign_target(elt, item)?;
                }
                Ok(())
            }
            Expr::Subscript(s) => {
                let obj = self.lower_expr(&s.value)?;
                let index = self.lower_index_value(&s.slice)?;
                self.b.emit(Op::SetItem { target: obj, index, value }, span);
                Ok(())
            }
            Expr::Attribute(_) => {
                Err(Diagnostic::unsupported("assigning to attributes is not supported in compiled code", span))
            }
            Expr::Starred(_) => {
                Err(Diagnostic::unsupported("starred assignment targets are not supported in compiled code", span))
            }
            _ => Err(Diagnostic::new(ErrorKind::Syntax, "cannot assign to this expression", span)),
        }
    }

    fn lower_aug_assign(&mut self, s: &'ast ast::StmtAugAssign) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        let op = crate::expr::binop_kind(s.op);
        match &*s.target {
            Expr::Name(n) => {
                let cur = self.lower_name(n.id.as_str(), span_of(n.range))?;
                let rhs = self.lower_expr(&s.value)?;
                let r = self.b.emit(Op::InplaceBinOp(op, cur, rhs), span);
                self.write_name(n.id.as_str(), r, span_of(n.range))
            }
            Expr::Subscript(sub) => {
                let obj = self.lower_expr(&sub.value)?;
                let index = self.lower_index_value(&sub.slice)?;
                let cur = self.b.emit(Op::GetItem(obj, index), span_of(sub.range));
                let rhs = self.lower_expr(&s.value)?;
                let r = self.b.emit(Op::BinOp(op, cur, rhs), span);
                self.b.emit(Op::SetItem { target: obj, index, value: r }, span);
                Ok(())
            }
            t => {
                Err(unsupported_at("augmented assignment to this target is not supported in compiled code", t.range()))
            }
        }
    }

    fn lower_if(&mut self, s: &'ast ast::StmtIf) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        let join = self.b.new_block();
        let mut test = Some(&*s.test);
        let mut body = &s.body;
        let mut clauses = s.elif_else_clauses.iter().peekable();
        loop {
            let Some(cond) = test else {
                // a final `else`
                self.lower_suite(body)?;
                self.b.jump(join, span);
                break;
            };
            let then_bb = self.b.new_block();
            // Without a further clause the false edge goes straight to the join.
            let else_bb = if clauses.peek().is_some() { self.b.new_block() } else { join };
            self.lower_cond(cond, then_bb, else_bb)?;
            self.b.start_block(then_bb);
            self.lower_suite(body)?;
            self.b.jump(join, span);
            let Some(clause) = clauses.next() else { break };
            self.b.start_block(else_bb);
            test = clause.test.as_ref();
            body = &clause.body;
        }
        self.b.start_block(join);
        Ok(())
    }

    fn lower_while(&mut self, s: &'ast ast::StmtWhile) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        let header = self.b.new_block();
        let body = self.b.new_block();
        let else_bb = self.b.new_block();
        let after = self.b.new_block();
        self.b.jump(header, span);
        self.b.switch_to(header);
        self.lower_cond(&s.test, body, else_bb)?;
        self.b.start_block(body);
        self.scope().loops.push(LoopTargets { continue_to: header, break_to: after });
        self.lower_suite(&s.body)?;
        self.scope().loops.pop();
        self.b.jump(header, span);
        self.b.seal(header);
        self.b.start_block(else_bb);
        self.lower_suite(&s.orelse)?;
        self.b.jump(after, span);
        self.b.start_block(after);
        Ok(())
    }

    fn lower_for(&mut self, s: &'ast ast::StmtFor) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        if s.is_async {
            return Err(Diagnostic::unsupported("'async for' is not supported in compiled code", span));
        }
        if self.is_prange_loop(s)? {
            return self.lower_parfor(s);
        }
        let iterable = self.lower_expr(&s.iter)?;
        self.lower_for_over(s, iterable)
    }

    /// The loop of a `for` statement over the already evaluated `iterable`.
    pub(crate) fn lower_for_over(
        &mut self,
        s: &'ast ast::StmtFor,
        iterable: ferrumba_ir::ValueId,
    ) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        let iter_span = span_of(s.iter.range());
        let it0 = self.b.emit(Op::GetIter(iterable), iter_span);
        let it_var = self.b.new_var("$iter", true);
        self.b.write_var(it_var, it0);
        let header = self.b.new_block();
        let body = self.b.new_block();
        let else_bb = self.b.new_block();
        let after = self.b.new_block();
        self.b.jump(header, span);
        self.b.switch_to(header);
        let it = self.b.read_var(it_var, iter_span);
        let valid = self.b.emit(Op::IterValid(it), iter_span);
        self.b.terminate(Terminator::Branch { cond: valid, then_block: body, else_block: else_bb }, iter_span);
        self.b.start_block(body);
        let it = self.b.read_var(it_var, iter_span);
        let item = self.b.emit(Op::IterValue(it), span_of(s.target.range()));
        let next = self.b.emit(Op::IterAdvance(it), iter_span);
        self.b.write_var(it_var, next);
        self.assign_target(&s.target, item)?;
        for (name, value) in std::mem::take(&mut self.iteration_prologue) {
            self.write_name(name, value, span)?;
        }
        self.scope().loops.push(LoopTargets { continue_to: header, break_to: after });
        self.lower_suite(&s.body)?;
        self.scope().loops.pop();
        self.b.jump(header, span);
        self.b.seal(header);
        self.b.start_block(else_bb);
        self.lower_suite(&s.orelse)?;
        self.b.jump(after, span);
        self.b.start_block(after);
        Ok(())
    }

    /// `raise Name`, `raise Name()`, `raise Name("constant message")`.
    fn lower_raise(&mut self, s: &'ast ast::StmtRaise) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        let Some(exc) = &s.exc else {
            return Err(Diagnostic::unsupported("bare 'raise' is not supported in compiled code", span)
                .with_hint("raise a specific exception class, e.g. 'raise ValueError(\"...\")'"));
        };
        if let Some(cause) = &s.cause {
            return Err(unsupported_at("'raise ... from ...' is not supported in compiled code", cause.range()));
        }
        let (class, args) = match &**exc {
            Expr::Call(call) => {
                let args = &call.arguments;
                if !args.keywords.is_empty() {
                    return Err(unsupported_at(
                        "keyword arguments to exceptions are not supported in compiled code",
                        call.arguments.range,
                    )
                    .with_hint("pass constant positional arguments: raise E(\"message\")"));
                }
                let mut values = Vec::with_capacity(args.args.len());
                for arg in args.args.iter() {
                    values.push(const_eval(arg).ok_or_else(|| {
                        unsupported_at("exception arguments must be constants in compiled code", arg.range())
                            .with_hint("only constant messages are supported in compiled code: raise E(\"message\")")
                    })?);
                }
                (&*call.func, values)
            }
            e => (e, Vec::new()),
        };
        let class_span = span_of(class.range());
        let g = match class {
            Expr::Name(_) | Expr::Attribute(_) => self.static_global(class)?,
            _ => None,
        };
        match g {
            Some(GlobalValue::Exception(exc)) => {
                self.b.ensure_current();
                self.b.terminate(Terminator::Raise { exc, args }, span);
                Ok(())
            }
            _ => Err(Diagnostic::unsupported("only exception classes can be raised in compiled code", class_span)
                .with_hint(
                    "raise an exception class by name, with an optional constant message: raise ValueError(\"...\")",
                )),
        }
    }

    /// `assert cond[, "msg"]`: a branch to a block raising `AssertionError`.
    fn lower_assert(&mut self, s: &'ast ast::StmtAssert) -> Result<(), Diagnostic> {
        let span = span_of(s.range);
        let message = match &s.msg {
            None => None,
            Some(m) => Some(literal_str(m).ok_or_else(|| {
                unsupported_at("assertion messages must be constant strings in compiled code", m.range())
                    .with_hint("only constant messages are supported in compiled code")
            })?),
        };
        let exc = match self.resolver.resolve_global("AssertionError") {
            Some(GlobalValue::Exception(e)) => e,
            _ => return Err(crate::lower::internal("the resolver does not know 'AssertionError'".into(), span)),
        };
        let ok = self.b.new_block();
        let fail = self.b.new_block();
        self.lower_cond(&s.test, ok, fail)?;
        self.b.start_block(fail);
        let args = message.map(Constant::Str).into_iter().collect();
        self.b.terminate(Terminator::Raise { exc, args }, span);
        self.b.start_block(ok);
        Ok(())
    }
}
