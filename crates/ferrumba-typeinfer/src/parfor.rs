//! Typing of the internal builtins of parallel loops (see `ferrumba_frontend`'s `parfor` module):
//! `ferrumba.parfor/<k>` (the outlined loop: its body and combine functions are typed like calls of
//! compiled functions), the identities chunks start their reductions from, and the thread queries.

use ferrumba_ir::{Diagnostic, Span, ValueId};
use ferrumba_types::{OpSignature, Type};

use crate::decl;
use crate::ops::{Typed, Typing};
use crate::{CallTarget, JitCall};

/// How a `prange` loop runs: its outlined body and the function folding partial reductions.
#[derive(Clone, Debug, PartialEq)]
pub struct ParForCall {
    /// `body(chunk_start, chunk_stop, step, captured..., inits...) -> (partials...)`.
    pub body: JitCall,
    /// `combine(accs..., partials...) -> (accs...)`.
    pub combine: JitCall,
    /// The number of reductions (the last operands of the call are their initial values).
    pub reductions: usize,
    /// The types of the reduced values (the call's result is a tuple of them); initial values convert
    /// to these before the first combine.
    pub acc_types: Vec<Type>,
}

/// Types the builtins of this module; `None` for other names.
pub(crate) fn type_parallel_builtin(
    ctx: &mut Typing<'_, '_>,
    name: &str,
    args: &[ValueId],
    span: Span,
) -> Option<Result<Typed, Diagnostic>> {
    let mut types = Vec::with_capacity(args.len());
    for a in args {
        match ctx.types[a.index()].as_ref() {
            Some(t) => types.push(t.clone()),
            None => return Some(Ok(None)),
        }
    }
    if let Some(k) = name.strip_prefix("ferrumba.parfor/") {
        let k: usize = k.parse().ok()?;
        return Some(type_parfor(ctx, &types, k, span));
    }
    let result = match name {
        "ferrumba.parfor_zero" | "ferrumba.parfor_one" | "ferrumba.parfor_all_ones" => identity(name, &types, span),
        "ferrumba.get_thread_id" | "ferrumba.get_num_threads" if types.is_empty() => {
            let sig = OpSignature { operands: vec![], result: Type::INT64 };
            Ok(Some((Type::INT64, Some(CallTarget::Builtin { name: name.into(), sig }))))
        }
        _ => return None,
    };
    Some(result)
}

/// The starting value of a chunk's reduction: `0`, `1` or all bits set, of the initial value's type
/// (for arrays: a new array of zeros or ones of its shape).
fn identity(name: &str, types: &[Type], span: Span) -> Result<Typed, Diagnostic> {
    let [t] = types else { return Err(Diagnostic::internal("parallel identity takes one value")) };
    let ok = match (name, t) {
        (_, Type::Array(_)) if name != "ferrumba.parfor_all_ones" => {
            let np = if name == "ferrumba.parfor_zero" { "numpy.zeros_like" } else { "numpy.ones_like" };
            let target = decl::type_builtin(np, types, &[]).map_err(|m| Diagnostic::typing(m, span))?;
            let CallTarget::Builtin { sig, .. } = &target else { unreachable!("numpy builtins are builtins") };
            return Ok(Some((sig.result.clone(), Some(target))));
        }
        ("ferrumba.parfor_all_ones", Type::Integer(_) | Type::Boolean) => true,
        ("ferrumba.parfor_all_ones", _) => false,
        (_, Type::Integer(_) | Type::Float(_) | Type::Complex(_) | Type::Boolean) => true,
        _ => false,
    };
    if !ok {
        return Err(Diagnostic::typing(
            format!("a prange loop cannot reduce a value of type {t} with this operator"),
            span,
        )
        .with_hint("reduce numbers (or arrays, with + - *) into a variable defined before the loop"));
    }
    let sig = OpSignature { operands: vec![t.clone()], result: t.clone() };
    Ok(Some((t.clone(), Some(CallTarget::Builtin { name: name.into(), sig }))))
}

/// `ferrumba.parfor/<k>(body, combine, start, stop, step, captured..., inits...)`.
fn type_parfor(ctx: &mut Typing<'_, '_>, types: &[Type], k: usize, span: Span) -> Result<Typed, Diagnostic> {
    if !ctx.allow_jit_calls {
        return Ok(None);
    }
    let (Type::Dispatcher { handle: body, .. }, Type::Dispatcher { handle: combine, .. }) = (&types[0], &types[1])
    else {
        return Err(Diagnostic::internal("parfor without its outlined functions"));
    };
    let (body, combine) = (*body, *combine);
    for t in &types[2..5] {
        if !matches!(t, Type::Integer(_) | Type::Boolean) {
            return Err(Diagnostic::typing(format!("prange() arguments must be integers, not {t}"), span));
        }
    }
    let mut body_args = vec![Type::INT64; 3];
    body_args.extend_from_slice(&types[5..]);
    let context = |d: Diagnostic| d.with_context("typing of a prange loop body".to_string());
    let Some(body_call) = ctx.resolver.resolve_jit_call(body, &body_args, &[], None).map_err(context)? else {
        return Ok(None);
    };
    let Type::Tuple(partials) = &body_call.ret else {
        return Err(Diagnostic::internal("a prange body returns a tuple"));
    };
    let inits = &types[types.len() - k..];
    // The running result starts with the initial values' types and widens to what combining gives.
    let mut accs = inits.to_vec();
    for _ in 0..4 {
        let mut combine_args = accs.clone();
        combine_args.extend_from_slice(partials);
        let Some(call) = ctx.resolver.resolve_jit_call(combine, &combine_args, &[], None).map_err(context)? else {
            return Ok(None);
        };
        let Type::Tuple(next) = &call.ret else { return Err(Diagnostic::internal("a prange combine returns a tuple")) };
        if *next == accs {
            let parfor = ParForCall { body: body_call, combine: call, reductions: k, acc_types: accs.clone() };
            return Ok(Some((Type::Tuple(accs), Some(CallTarget::ParFor(Box::new(parfor))))));
        }
        accs = next.clone();
    }
    Err(Diagnostic::typing("the type of a reduction variable of this prange loop does not settle", span)
        .with_hint("initialize each reduction variable with a value of its final type (e.g. 0.0 for a float sum)"))
}
