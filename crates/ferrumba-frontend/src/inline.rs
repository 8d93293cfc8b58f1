//! Local functions (nested `def`, `g = lambda ...`, `(lambda x: ...)(3)`): inlined at each call site.
//!
//! The arguments are evaluated in the caller, bound to fresh variables for the parameters (keywords and
//! literal defaults included), and the body is lowered into new blocks in a scope whose parent is the scope
//! that defined the function, so names of the enclosing function read its variables' values at the call
//! site. Every `return` writes a hidden variable and jumps to a continuation block, whose phi is the value
//! of the call.

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use ferrumba_ir::{Constant, Diagnostic, Span, ValueId};

use crate::lower::{check_params_supported, Lowerer, ReturnTarget};
use crate::scope::{analyze, positional_params, FuncBody, LocalFunc};
use crate::span_of;

/// More inlined calls than this in one function is almost certainly an exponential blow-up.
const MAX_INLINED_CALLS: usize = 10_000;

impl<'ast> Lowerer<'_, 'ast> {
    pub fn inline_call(
        &mut self,
        f: LocalFunc<'ast>,
        def_scope: usize,
        arguments: &'ast ast::Arguments,
        call_span: Span,
    ) -> Result<ValueId, Diagnostic> {
        let name = f.name;
        if self.inlining.contains(&f.span.start) {
            return Err(Diagnostic::unsupported(
                format!("recursive local function '{name}' is not supported in compiled code"),
                call_span,
            )
            .with_hint("rewrite the recursion as a loop, or make it a separate compiled function at the top level"));
        }
        self.inlined_count += 1;
        if self.inlined_count > MAX_INLINED_CALLS {
            return Err(Diagnostic::unsupported("too many calls of local functions to inline", call_span)
                .with_hint("move the local function to the top level and compile it separately"));
        }
        if let Some(p) = f.params {
            check_params_supported(p, name)?;
        }

        // Arguments are evaluated in the caller, left to right.
        let (args, kwargs) = self.lower_arguments(arguments)?;
        let params: Vec<&'ast ast::ParameterWithDefault> = positional_params(f.params).collect();
        if args.len() > params.len() {
            return Err(Diagnostic::typing(
                format!("{name}() takes {} positional arguments but {} were given", params.len(), args.len()),
                call_span,
            ));
        }
        let mut bound: Vec<Option<ValueId>> = vec![None; params.len()];
        for (slot, v) in bound.iter_mut().zip(args) {
            *slot = Some(v);
        }
        for ((kw, v), k) in kwargs.into_iter().zip(arguments.keywords.iter()) {
            let Some(i) = params.iter().position(|p| p.name().id.as_str() == kw) else {
                return Err(Diagnostic::typing(
                    format!("{name}() got an unexpected keyword argument '{kw}'"),
                    span_of(k.range),
                ));
            };
            if bound[i].is_some() {
                return Err(Diagnostic::typing(
                    format!("{name}() got multiple values for argument '{kw}'"),
                    span_of(k.range),
                ));
            }
            bound[i] = Some(v);
        }
        let mut values = Vec::with_capacity(params.len());
        for (p, slot) in params.iter().zip(bound) {
            let v = match (slot, p.default.as_deref()) {
                (Some(v), _) => v,
                (None, Some(d)) => {
                    let c = self.default_value(d, p.name().id.as_str())?;
                    self.emit_const(c, span_of(d.range()))
                }
                (None, None) => {
                    return Err(Diagnostic::typing(
                        format!("{name}() missing required argument '{}'", p.name().id),
                        call_span,
                    ))
                }
            };
            values.push(v);
        }

        let locals = analyze(f.params, f.body)?;
        let cont = self.b.new_block();
        let ret_var = self.b.new_var("$ret", true);
        self.push_scope(locals, Some(def_scope), Some(ReturnTarget { cont, var: ret_var }));
        self.inlining.push(f.span.start);
        for (p, v) in params.iter().zip(values) {
            self.write_name(p.name().id.as_str(), v, span_of(p.range))?;
        }
        match f.body {
            FuncBody::Stmts(body) => {
                self.lower_suite(body)?;
                if !self.b.is_dead() {
                    let end = Span::new(f.span.end, f.span.end);
                    let none = self.emit_const(Constant::None, end);
                    self.b.write_var(ret_var, none);
                    self.b.jump(cont, end);
                }
            }
            FuncBody::Expr(e) => {
                let v = self.lower_expr(e)?;
                self.b.write_var(ret_var, v);
                self.b.jump(cont, span_of(e.range()));
            }
        }
        self.inlining.pop();
        self.scopes.pop();
        self.b.start_block(cont);
        Ok(self.b.read_var(ret_var, call_span))
    }
}
