//! Typing of calls: builtins (through `decl/`), compiled functions (through the resolver), and
//! `@overload`s for everything else, operators on arrays included.

use ferrumba_ir::{Diagnostic, Span, ValueId};
use ferrumba_types::Type;

use crate::decl;
use crate::ops::{Typed, Typing};
use crate::CallTarget;

pub(crate) fn type_call(
    ctx: &mut Typing<'_, '_>,
    func: ValueId,
    args: &[ValueId],
    kwargs: &[(String, ValueId)],
    span: Span,
) -> Result<Typed, Diagnostic> {
    let types = ctx.types;
    let Some(ftype) = types[func.index()].as_ref() else { return Ok(None) };
    if let Type::Function(name) = ftype {
        if let Some(typed) = crate::parfor::type_parallel_builtin(ctx, &name.clone(), args, span) {
            return typed;
        }
    }
    // Builtins see optional arguments as their inner type (None raises TypeError when called);
    // compiled functions are specialized for the optional type itself.
    let unwrap = matches!(ftype, Type::Function(_) | Type::BoundMethod { .. });
    let mut arg_types = Vec::with_capacity(args.len());
    for a in args {
        match types[a.index()].as_ref() {
            Some(t) if unwrap => arg_types.push(t.unwrap_optional().clone()),
            Some(t) => arg_types.push(t.clone()),
            None => return Ok(None),
        }
    }
    let mut kw_types = Vec::with_capacity(kwargs.len());
    for (name, v) in kwargs {
        match types[v.index()].as_ref() {
            Some(t) => kw_types.push((name.clone(), t.clone())),
            None => return Ok(None),
        }
    }
    match ftype {
        Type::BoundMethod { receiver, name } => {
            let mut all = vec![(**receiver).clone()];
            all.extend(arg_types);
            match decl::type_builtin(&format!("method.{name}"), &all, &kw_types) {
                Ok(target) => {
                    let CallTarget::Builtin { sig, .. } = &target else { unreachable!("methods are builtins") };
                    Ok(Some((sig.result.clone(), Some(target))))
                }
                Err(msg) => {
                    let overload = format!("method:{}.{name}", type_class(receiver));
                    let msg = format!("{} has no method '{name}' for these arguments ({msg})", receiver);
                    try_overload(ctx, &overload, &all, &kw_types, span, msg)
                }
            }
        }
        Type::Function(name) => {
            let target = match decl::type_builtin(name, &arg_types, &kw_types) {
                Ok(target) => target,
                Err(msg) => return try_overload(ctx, name, &arg_types, &kw_types, span, msg),
            };
            let result = match &target {
                CallTarget::Builtin { sig, .. }
                | CallTarget::BinOp(_, sig)
                | CallTarget::Compare(_, sig)
                | CallTarget::Unary(_, sig) => sig.result.clone(),
                CallTarget::Jitted(call) => call.ret.clone(),
                CallTarget::ParFor(_) => unreachable!("typed by the parfor module"),
            };
            Ok(Some((result, Some(target))))
        }
        Type::Dispatcher { handle, name } => {
            if !ctx.allow_jit_calls {
                return Ok(None);
            }
            let resolved = ctx
                .resolver
                .resolve_jit_call(*handle, &arg_types, &kw_types, ctx.caller_return)
                .map_err(|d| d.with_context(format!("typing of call to '{name}' in '{}'", ctx.func.name)))?;
            Ok(resolved.map(|call| (call.ret.clone(), Some(CallTarget::Jitted(call)))))
        }
        Type::ExceptionClass { name, .. } => Err(Diagnostic::unsupported(
            format!("exception class '{name}' can only be used in a raise statement"),
            span,
        )),
        Type::Module(m) => Err(Diagnostic::typing(format!("module '{m}' is not callable"), span)),
        other => Err(Diagnostic::typing(format!("'{other}' object is not callable"), span)),
    }
}

/// A call with no builtin implementation: an `@overload` written in Python, compiled like any other
/// compiled function, or the typing error `msg`.
pub(crate) fn try_overload(
    ctx: &mut Typing<'_, '_>,
    name: &str,
    args: &[Type],
    kwargs: &[(String, Type)],
    span: Span,
    msg: String,
) -> Result<Typed, Diagnostic> {
    if !ctx.allow_jit_calls {
        return Ok(None);
    }
    let resolved = ctx
        .resolver
        .resolve_overload(name, args, kwargs, ctx.caller_return)
        .map_err(|d| d.with_context(format!("typing of call to '{name}' in '{}'", ctx.func.name)))?;
    match resolved {
        Some(call) => Ok(Some((call.ret.clone(), Some(CallTarget::Jitted(call))))),
        None => Err(Diagnostic::typing(msg, span).with_hint(format!(
            "see the list of supported functions and argument types for '{name}' in the documentation"
        ))),
    }
}

pub(crate) fn is_array(t: &Type) -> bool {
    matches!(t, Type::Array(_))
}

/// The `operator` module's name for a binary or comparison operator symbol: operators on arrays are
/// `@overload`s of these.
pub(crate) fn operator_name(symbol: &str) -> &'static str {
    match symbol {
        "+" => "add",
        "-" => "sub",
        "*" => "mul",
        "/" => "truediv",
        "//" => "floordiv",
        "%" => "mod",
        "**" => "pow",
        "<<" => "lshift",
        ">>" => "rshift",
        "&" => "and_",
        "|" => "or_",
        "^" => "xor",
        "@" => "matmul",
        "==" => "eq",
        "!=" => "ne",
        "<" => "lt",
        "<=" => "le",
        ">" => "gt",
        ">=" => "ge",
        _ => "matmul",
    }
}

/// The name of a type's class, as `@overload_method` registers methods (`Array`, `Float`, ...).
pub(crate) fn type_class(t: &Type) -> &'static str {
    match t {
        Type::Array(_) => "Array",
        Type::Integer(_) => "Integer",
        Type::Float(_) => "Float",
        Type::Complex(_) => "Complex",
        Type::Boolean => "Boolean",
        Type::Tuple(_) => "Tuple",
        _ => "Type",
    }
}
