//! Expressions in value position: literals, names, operators, calls, attributes, tuples, subscripts, walrus.

use ruff_python_ast::{self as ast, Expr, Number, Operator, UnaryOp};
use ruff_text_size::Ranged;

use ferrumba_ir::{BinOpKind, Constant, Diagnostic, ErrorKind, GlobalValue, Op, Span, UnaryOpKind, ValueId};

use crate::consts::{const_eval, literal_int};
use crate::lower::{unsupported_at, Binding, Lowerer};
use crate::scope::{FuncBody, LocalFunc};
use crate::span_of;

pub(crate) fn binop_kind(op: Operator) -> BinOpKind {
    match op {
        Operator::Add => BinOpKind::Add,
        Operator::Sub => BinOpKind::Sub,
        Operator::Mult => BinOpKind::Mul,
        Operator::MatMult => BinOpKind::MatMul,
        Operator::Div => BinOpKind::TrueDiv,
        Operator::Mod => BinOpKind::Mod,
        Operator::Pow => BinOpKind::Pow,
        Operator::LShift => BinOpKind::LShift,
        Operator::RShift => BinOpKind::RShift,
        Operator::BitOr => BinOpKind::BitOr,
        Operator::BitXor => BinOpKind::BitXor,
        Operator::BitAnd => BinOpKind::BitAnd,
        Operator::FloorDiv => BinOpKind::FloorDiv,
    }
}

/// Positional and keyword argument values of a call.
pub(crate) type CallArgs = (Vec<ValueId>, Vec<(String, ValueId)>);

fn unsupported_expr(what: &str, span: Span) -> Diagnostic {
    Diagnostic::unsupported(format!("{what} are not supported in compiled code"), span)
}

impl<'ast> Lowerer<'_, 'ast> {
    /// Lowers `expr` in value position.
    pub fn lower_expr(&mut self, expr: &'ast Expr) -> Result<ValueId, Diagnostic> {
        self.enter(span_of(expr.range()))?;
        let result = self.lower_expr_inner(expr);
        self.depth -= 1;
        result
    }

    fn lower_expr_inner(&mut self, expr: &'ast Expr) -> Result<ValueId, Diagnostic> {
        let span = span_of(expr.range());
        match expr {
            Expr::Name(n) => self.lower_name(n.id.as_str(), span),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => match i.as_i64() {
                    Some(v) => Ok(self.emit_const(Constant::Int(v), span)),
                    None => Err(Diagnostic::unsupported(format!("integer literal {i} does not fit in 64 bits"), span)
                        .with_hint("compiled code uses 64-bit integers; use a float if you need a larger range")),
                },
                Number::Float(f) => Ok(self.emit_const(Constant::Float(*f), span)),
                Number::Complex { real, imag } => Ok(self.emit_const(Constant::Complex(*real, *imag), span)),
            },
            Expr::BooleanLiteral(b) => Ok(self.emit_const(Constant::Bool(b.value), span)),
            Expr::NoneLiteral(_) => Ok(self.emit_const(Constant::None, span)),
            Expr::EllipsisLiteral(_) => Ok(self.emit_const(Constant::Ellipsis, span)),
            Expr::StringLiteral(s) => Ok(self.emit_const(Constant::Str(s.value.to_str().to_string()), span)),
            Expr::BinOp(_) => {
                // Walk the left spine iteratively: `x + x + ... + x` nests to the left.
                let mut spine = Vec::new();
                let mut cur = expr;
                while let Expr::BinOp(b) = cur {
                    spine.push(b);
                    cur = &b.left;
                }
                let mut acc = self.lower_expr(cur)?;
                for b in spine.into_iter().rev() {
                    let r = self.lower_expr(&b.right)?;
                    acc = self.b.emit(Op::BinOp(binop_kind(b.op), acc, r), span_of(b.range));
                }
                Ok(acc)
            }
            Expr::UnaryOp(u) => {
                // `-1`, `-2.5`: fold negated numeric literals.
                if matches!(&*u.operand, Expr::NumberLiteral(_)) {
                    if let Some(c) = const_eval(expr) {
                        return Ok(self.emit_const(c, span));
                    }
                }
                let v = self.lower_expr(&u.operand)?;
                let kind = match u.op {
                    UnaryOp::Invert => UnaryOpKind::Invert,
                    UnaryOp::Not => UnaryOpKind::Not,
                    UnaryOp::UAdd => UnaryOpKind::Pos,
                    UnaryOp::USub => UnaryOpKind::Neg,
                };
                Ok(self.b.emit(Op::UnaryOp(kind, v), span))
            }
            Expr::BoolOp(b) => self.lower_boolop_value(b),
            Expr::Compare(c) => self.lower_compare_value(c),
            Expr::If(e) => self.lower_ifexp(e),
            Expr::Call(c) => self.lower_call(c),
            Expr::Attribute(a) => {
                if let Some(g) = self.static_global(expr)? {
                    let what = format!("{}", DottedName(expr));
                    return self.emit_global(g, &what, span);
                }
                let base = self.lower_expr(&a.value)?;
                Ok(self.b.emit(Op::GetAttr(base, a.attr.id.to_string()), span))
            }
            Expr::Tuple(t) => {
                let items = self.lower_elements(&t.elts)?;
                Ok(self.b.emit(Op::MakeTuple(items), span))
            }
            Expr::Subscript(s) => self.lower_subscript(s),
            Expr::Named(n) => {
                let v = self.lower_expr(&n.value)?;
                match &*n.target {
                    Expr::Name(t) => self.write_name(t.id.as_str(), v, span_of(t.range))?,
                    t => {
                        return Err(Diagnostic::new(
                            ErrorKind::Syntax,
                            "cannot assign to this expression",
                            span_of(t.range()),
                        ))
                    }
                }
                Ok(v)
            }
            Expr::Slice(s) => self.lower_slice(s),
            Expr::Lambda(_) => Err(Diagnostic::unsupported(
                "a lambda can only be called directly or bound to a name and called in compiled code",
                span,
            )
            .with_hint("bind it with 'f = lambda ...' and call 'f(...)', or write a nested 'def'")),
            Expr::List(_) => Err(unsupported_expr("list literals", span)
                .with_hint("use a tuple, or np.array([...]) (which accepts list literals), or np.zeros")),
            Expr::Dict(_) => Err(unsupported_expr("dict literals", span)),
            Expr::Set(_) => Err(unsupported_expr("set literals", span)),
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                Err(unsupported_expr("comprehensions and generator expressions", span)
                    .with_hint("write an explicit 'for' loop that fills an array"))
            }
            Expr::FString(_) | Expr::TString(_) => Err(unsupported_expr("f-strings", span)),
            Expr::BytesLiteral(_) => Err(unsupported_expr("bytes literals", span)),
            Expr::Starred(_) => Err(unsupported_expr("starred expressions", span)),
            Expr::Await(_) => Err(unsupported_expr("'await' expressions", span)),
            Expr::Yield(_) | Expr::YieldFrom(_) => Err(unsupported_expr("'yield' expressions (generators)", span)),
            Expr::IpyEscapeCommand(_) => Err(Diagnostic::new(ErrorKind::Syntax, "invalid syntax", span)),
        }
    }

    /// A name in value position: a local's current value, or a global resolved now.
    pub fn lower_name(&mut self, name: &str, span: Span) -> Result<ValueId, Diagnostic> {
        match self.lookup(name) {
            Some(Binding::Var(v)) => Ok(self.b.read_var(v, span)),
            Some(Binding::Func(..)) => Err(Diagnostic::unsupported(
                format!("local function '{name}' can only be called in compiled code"),
                span,
            )
            .with_hint("local functions are inlined where they are called; they cannot be stored or passed")),
            None => {
                let g = self.resolve_free(name, span)?;
                self.emit_global(g, name, span)
            }
        }
    }

    fn lower_elements(&mut self, elts: &'ast [Expr]) -> Result<Vec<ValueId>, Diagnostic> {
        let mut items = Vec::with_capacity(elts.len());
        for e in elts {
            if let Expr::Starred(s) = e {
                return Err(unsupported_expr("starred expressions", span_of(s.range)));
            }
            items.push(self.lower_expr(e)?);
        }
        Ok(items)
    }

    fn lower_subscript(&mut self, s: &'ast ast::ExprSubscript) -> Result<ValueId, Diagnostic> {
        let span = span_of(s.range);
        let obj = self.lower_expr(&s.value)?;
        if let Some(i) = literal_int(&s.slice) {
            return Ok(self.b.emit(Op::StaticGetItem(obj, i), span));
        }
        if let Expr::Slice(sl) = &*s.slice {
            let bound = |e: &Option<Box<Expr>>| match e.as_deref() {
                None => Some(None),
                Some(e) => literal_int(e).map(Some),
            };
            if let (Some(start), Some(stop), Some(step)) = (bound(&sl.lower), bound(&sl.upper), bound(&sl.step)) {
                return Ok(self.b.emit(Op::StaticSlice { value: obj, start, stop, step }, span));
            }
        }
        let index = self.lower_index_value(&s.slice)?;
        Ok(self.b.emit(Op::GetItem(obj, index), span))
    }

    /// The index of a subscript as a value: computed, a literal, a slice, or a tuple of those.
    pub fn lower_index_value(&mut self, index: &'ast Expr) -> Result<ValueId, Diagnostic> {
        match index {
            Expr::Tuple(t) => {
                let mut items = Vec::with_capacity(t.elts.len());
                for e in &t.elts {
                    if let Expr::Starred(s) = e {
                        return Err(unsupported_expr("starred expressions", span_of(s.range)));
                    }
                    items.push(self.lower_index_value(e)?);
                }
                Ok(self.b.emit(Op::MakeTuple(items), span_of(t.range)))
            }
            e => self.lower_expr(e),
        }
    }

    /// `start:stop:step` with computed bounds: a call of the builtin `slice` (omitted bounds are `None`).
    fn lower_slice(&mut self, s: &'ast ast::ExprSlice) -> Result<ValueId, Diagnostic> {
        let span = span_of(s.range);
        let func = self.b.emit(Op::Global(GlobalValue::Builtin("slice".into())), span);
        let mut args = Vec::with_capacity(3);
        for part in [&s.lower, &s.upper, &s.step] {
            args.push(match part.as_deref() {
                Some(e) => self.lower_expr(e)?,
                None => self.emit_const(Constant::None, span),
            });
        }
        Ok(self.b.emit(Op::Call { func, args, kwargs: Vec::new() }, span))
    }

    fn lower_call(&mut self, call: &'ast ast::ExprCall) -> Result<ValueId, Diagnostic> {
        let span = span_of(call.range());
        match &*call.func {
            Expr::Name(n) => {
                if let Some(Binding::Func(f, def_scope)) = self.lookup(n.id.as_str()) {
                    return self.inline_call(f, def_scope, &call.arguments, span);
                }
            }
            Expr::Lambda(l) => {
                let f = LocalFunc {
                    name: "<lambda>",
                    params: l.parameters.as_deref(),
                    body: FuncBody::Expr(&l.body),
                    span: span_of(l.range),
                };
                let here = self.scopes.len() - 1;
                return self.inline_call(f, here, &call.arguments, span);
            }
            _ => {}
        }
        let func = self.lower_expr(&call.func)?;
        let has_list = call.arguments.args.iter().any(holds_list_literal);
        let (args, kwargs) = if has_list && self.takes_list_literals(&call.func)? {
            self.lower_array_constructor_arguments(&call.arguments)?
        } else {
            self.lower_arguments(&call.arguments)?
        };
        Ok(self.b.emit(Op::Call { func, args, kwargs }, span))
    }

    /// Whether `func` is a NumPy constructor whose list-literal argument means the same as a tuple
    /// (`np.array([[1, 2], [3, 4]])`, `np.zeros([n, m])`): lists are not supported yet, but there the
    /// literal is lowered as (nested) tuples.
    fn takes_list_literals(&self, func: &Expr) -> Result<bool, Diagnostic> {
        const TAKE_LIST_LITERALS: [&str; 6] =
            ["numpy.array", "numpy.asarray", "numpy.zeros", "numpy.ones", "numpy.empty", "numpy.full"];
        let callee = self.static_global(func)?;
        Ok(matches!(callee, Some(GlobalValue::Builtin(name)) if TAKE_LIST_LITERALS.contains(&name.as_str())))
    }

    /// Arguments of a NumPy constructor: positional list literals (nested in lists or tuples) become tuples.
    fn lower_array_constructor_arguments(&mut self, arguments: &'ast ast::Arguments) -> Result<CallArgs, Diagnostic> {
        let mut args = Vec::with_capacity(arguments.args.len());
        for a in arguments.args.iter() {
            args.push(self.lower_nested_sequence(a)?);
        }
        Ok((args, self.lower_keywords(&arguments.keywords)?))
    }

    /// A list or tuple literal (any depth) as nested tuples; any other expression as itself.
    fn lower_nested_sequence(&mut self, e: &'ast Expr) -> Result<ValueId, Diagnostic> {
        let (elts, range) = match e {
            Expr::List(l) => (&l.elts, l.range),
            Expr::Tuple(t) => (&t.elts, t.range),
            Expr::Starred(s) => return Err(unsupported_expr("starred expressions", span_of(s.range))),
            other => return self.lower_expr(other),
        };
        self.enter(span_of(range))?;
        let items = elts.iter().map(|item| self.lower_nested_sequence(item)).collect::<Result<Vec<_>, _>>();
        self.depth -= 1;
        Ok(self.b.emit(Op::MakeTuple(items?), span_of(range)))
    }

    /// Positional and keyword arguments of a call, evaluated left to right.
    pub fn lower_arguments(&mut self, arguments: &'ast ast::Arguments) -> Result<CallArgs, Diagnostic> {
        let mut args = Vec::with_capacity(arguments.args.len());
        for a in arguments.args.iter() {
            if let Expr::Starred(s) = a {
                return Err(unsupported_at("'*args' in calls is not supported in compiled code", s.range)
                    .with_hint("pass the arguments one by one"));
            }
            args.push(self.lower_expr(a)?);
        }
        Ok((args, self.lower_keywords(&arguments.keywords)?))
    }

    /// Keyword arguments of a call, evaluated left to right.
    fn lower_keywords(&mut self, keywords: &'ast [ast::Keyword]) -> Result<Vec<(String, ValueId)>, Diagnostic> {
        let mut kwargs = Vec::with_capacity(keywords.len());
        for k in keywords.iter() {
            let Some(name) = &k.arg else {
                return Err(unsupported_at("'**kwargs' in calls is not supported in compiled code", k.range)
                    .with_hint("pass the keyword arguments one by one"));
            };
            let v = self.lower_expr(&k.value)?;
            kwargs.push((name.id.to_string(), v));
        }
        Ok(kwargs)
    }
}

/// Whether `e` is a list literal, or a tuple literal with one inside (at any depth).
fn holds_list_literal(e: &Expr) -> bool {
    match e {
        Expr::List(_) => true,
        Expr::Tuple(t) => t.elts.iter().any(holds_list_literal),
        _ => false,
    }
}

/// `np.random.rand` as text, for error messages.
struct DottedName<'e>(&'e Expr);

impl std::fmt::Display for DottedName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Expr::Name(n) => write!(f, "{}", n.id),
            Expr::Attribute(a) => write!(f, "{}.{}", DottedName(&a.value), a.attr.id),
            _ => write!(f, "<expr>"),
        }
    }
}
