//! The typing rule of each IR operation, given the types of its operands.

use ferrumba_ir::{CmpKind, Constant, Diagnostic, Function, GlobalValue, Op, Span, UnaryOpKind};
use ferrumba_types::{binop_signature, compare_signature, unary_signature, Type};

use crate::calls::{is_array, operator_name, try_overload, type_call};
use crate::iterators;
use crate::{arrays, CallResolver, CallTarget};

/// What typing one operation may read.
pub(crate) struct Typing<'a, 'r> {
    pub func: &'a Function,
    pub arg_types: &'a [Type],
    pub types: &'a [Option<Type>],
    pub resolver: &'a mut (dyn CallResolver + 'r),
    /// False during the first passes: calls to compiled functions wait for the rest to settle.
    pub allow_jit_calls: bool,
    pub caller_return: Option<&'a Type>,
}

/// The result type of an operation (and how a call is carried out); `None` while an operand is untyped.
pub(crate) type Typed = Option<(Type, Option<CallTarget>)>;

fn done(t: Type) -> Result<Typed, Diagnostic> {
    Ok(Some((t, None)))
}

/// The type of a literal.
pub fn constant_type(c: &Constant) -> Type {
    match c {
        Constant::None => Type::NoneType,
        Constant::Ellipsis => Type::Ellipsis,
        Constant::Bool(_) => Type::Boolean,
        Constant::Int(_) => Type::INT64,
        Constant::Float(_) => Type::FLOAT64,
        Constant::Complex(..) => Type::COMPLEX128,
        Constant::Str(_) => Type::StringLiteral,
        Constant::Tuple(items) => Type::Tuple(items.iter().map(constant_type).collect()),
    }
}

/// Whether `bool(x)` is defined for values of this type.
pub(crate) fn has_truth(t: &Type) -> bool {
    t.is_number() || matches!(t, Type::NoneType | Type::Tuple(_) | Type::Optional(_) | Type::Undefined)
}

pub(crate) fn type_op(ctx: &mut Typing<'_, '_>, op: &Op, span: Span) -> Result<Typed, Diagnostic> {
    let types = ctx.types;
    macro_rules! known {
        ($v:expr) => {
            match types[$v.index()].as_ref() {
                Some(t) => t,
                None => return Ok(None),
            }
        };
    }
    match op {
        Op::Arg(i) => done(ctx.arg_types[*i].clone()),
        Op::Const(c) => done(constant_type(c)),
        Op::Global(g) => done(global_type(g, span)?),
        Op::Undefined(_) => done(Type::Undefined),
        Op::InplaceBinOp(kind, a, b) if is_array(known!(a)) => {
            let (ta, tb) = (known!(a).clone(), known!(b).clone());
            let msg = format!("unsupported operand types for {}=: {ta} and {tb}", kind.symbol());
            let name = format!("operator.i{}", operator_name(kind.symbol()).trim_end_matches('_'));
            try_overload(ctx, &name, &[ta, tb], &[], span, msg)
        }
        Op::BinOp(kind, a, b) | Op::InplaceBinOp(kind, a, b) if is_array(known!(a)) || is_array(known!(b)) => {
            let (ta, tb) = (known!(a).clone(), known!(b).clone());
            let msg = format!("unsupported operand types for {}: {ta} and {tb}", kind.symbol());
            try_overload(ctx, &format!("operator.{}", operator_name(kind.symbol())), &[ta, tb], &[], span, msg)
        }
        Op::UnaryOp(kind, a) if is_array(known!(a)) => {
            let ta = known!(a).clone();
            let msg = format!("bad operand type for unary {}: {ta}", kind.symbol());
            let name = match kind {
                UnaryOpKind::Neg => "neg",
                UnaryOpKind::Pos => "pos",
                UnaryOpKind::Invert => "invert",
                UnaryOpKind::Not => "not_",
            };
            try_overload(ctx, &format!("operator.{name}"), &[ta], &[], span, msg)
        }
        Op::Compare(kind, a, b)
            if !matches!(kind, CmpKind::In | CmpKind::NotIn) && (is_array(known!(a)) || is_array(known!(b))) =>
        {
            let (ta, tb) = (known!(a).clone(), known!(b).clone());
            let msg = format!("'{}' is not supported between {ta} and {tb}", kind.symbol());
            try_overload(ctx, &format!("operator.{}", operator_name(kind.symbol())), &[ta, tb], &[], span, msg)
        }
        Op::BinOp(kind, a, b) | Op::InplaceBinOp(kind, a, b) => {
            let (ta, tb) = (known!(a).unwrap_optional(), known!(b).unwrap_optional());
            let sig = binop_signature(kind.symbol(), ta, tb).ok_or_else(|| {
                Diagnostic::typing(format!("unsupported operand types for {}: {ta} and {tb}", kind.symbol()), span)
                    .with_hint(
                        "compiled code supports this operator on numbers (and + on tuples); convert the operands first",
                    )
            })?;
            done(sig.result)
        }
        Op::UnaryOp(kind, a) => {
            let ta = known!(a);
            if *kind == UnaryOpKind::Not && !has_truth(ta) {
                return Err(Diagnostic::typing(format!("'not' is not supported for {ta}"), span));
            }
            let ta = if *kind == UnaryOpKind::Not { ta } else { ta.unwrap_optional() };
            let sig = unary_signature(kind.symbol(), ta).ok_or_else(|| {
                Diagnostic::typing(format!("bad operand type for unary {}: {ta}", kind.symbol()), span)
            })?;
            done(sig.result)
        }
        Op::Compare(kind, a, b) => {
            let (ta, tb) = (known!(a).unwrap_optional(), known!(b).unwrap_optional());
            if matches!(kind, CmpKind::In | CmpKind::NotIn) {
                return match tb {
                    Type::Tuple(items) if items.iter().all(|t| compare_signature("==", ta, t).is_some()) => {
                        done(Type::Boolean)
                    }
                    _ => Err(Diagnostic::typing(format!("'in' is not supported for {ta} in {tb}"), span)
                        .with_hint("compiled code supports 'in' on tuples of comparable values")),
                };
            }
            compare_signature(kind.symbol(), ta, tb).ok_or_else(|| {
                Diagnostic::typing(format!("'{}' is not supported between {ta} and {tb}", kind.symbol()), span)
            })?;
            done(Type::Boolean)
        }
        Op::Is { lhs, rhs, .. } => {
            let _ = (known!(lhs), known!(rhs));
            done(Type::Boolean)
        }
        Op::Truth(a) => {
            let ta = known!(a);
            if !has_truth(ta) {
                return Err(Diagnostic::typing(format!("the truth value of {ta} is not supported"), span));
            }
            done(Type::Boolean)
        }
        Op::Call { func, args, kwargs } => type_call(ctx, *func, args, kwargs, span),
        Op::GetAttr(a, name) => {
            let ta = known!(a);
            done(attribute_type(ta, name, span)?)
        }
        Op::MakeTuple(items) => {
            let mut tys = Vec::with_capacity(items.len());
            for v in items {
                tys.push(known!(v).clone());
            }
            done(Type::Tuple(tys))
        }
        Op::StaticGetItem(a, _) if matches!(known!(a), Type::ArrayFlat(_)) => {
            let Type::ArrayFlat(arr) = known!(a) else { unreachable!() };
            done((*arr.dtype).clone())
        }
        Op::GetItem(a, index) if matches!(known!(a), Type::ArrayFlat(_)) => {
            let (Type::ArrayFlat(arr), ti) = (known!(a), known!(index)) else { unreachable!() };
            done(arrays::flat_index_result(arr, ti.unwrap_optional()).map_err(|m| Diagnostic::typing(m, span))?)
        }
        Op::SetItem { target, index, value } if matches!(known!(target), Type::ArrayFlat(_)) => {
            let (Type::ArrayFlat(arr), ti, tv) = (known!(target), known!(index), known!(value)) else { unreachable!() };
            if arr.readonly {
                return Err(Diagnostic::typing(format!("cannot modify the read-only array {}", known!(target)), span)
                    .with_hint(
                        "pass a writeable array (arr.flags.writeable is False for this one), or copy it first",
                    ));
            }
            let dtype =
                arrays::flat_index_result(arr, ti.unwrap_optional()).map_err(|m| Diagnostic::typing(m, span))?;
            if !arrays::can_store(&dtype, tv.unwrap_optional()) {
                return Err(Diagnostic::typing(format!("cannot store {tv} into an array of {dtype}"), span));
            }
            done(Type::NoneType)
        }
        Op::StaticGetItem(a, _) if matches!(known!(a), Type::Array(_)) => {
            let Type::Array(arr) = known!(a) else { unreachable!() };
            done(arrays::index_result(arr, &Type::INT64).map_err(|m| Diagnostic::typing(m, span))?)
        }
        // An array as the index (a boolean mask, integer indices): `operator.getitem` overloads.
        Op::GetItem(a, index) if matches!(known!(a), Type::Array(_)) && is_array(known!(index)) => {
            let (ta, ti) = (known!(a).clone(), known!(index).clone());
            let msg = format!("{ta} cannot be indexed with {ti}");
            try_overload(ctx, "operator.getitem", &[ta, ti], &[], span, msg)
        }
        Op::SetItem { target, index, value } if matches!(known!(target), Type::Array(_)) && is_array(known!(index)) => {
            let (ta, ti, tv) = (known!(target).clone(), known!(index).clone(), known!(value).clone());
            let msg = format!("cannot assign {tv} to {ta} indexed with {ti}");
            try_overload(ctx, "operator.setitem", &[ta, ti, tv], &[], span, msg)
        }
        Op::GetItem(a, index) if matches!(known!(a), Type::Array(_)) => {
            let (Type::Array(arr), ti) = (known!(a), known!(index)) else { unreachable!() };
            done(arrays::index_result(arr, ti.unwrap_optional()).map_err(|m| Diagnostic::typing(m, span))?)
        }
        Op::SetItem { target, index, value } if matches!(known!(target), Type::Array(_)) => {
            let (Type::Array(arr), ti, tv) = (known!(target), known!(index), known!(value)) else { unreachable!() };
            if arr.readonly {
                return Err(Diagnostic::typing(format!("cannot modify the read-only array {}", known!(target)), span)
                    .with_hint(
                        "pass a writeable array (arr.flags.writeable is False for this one), or copy it first",
                    ));
            }
            match arrays::index_result(arr, ti.unwrap_optional()).map_err(|m| Diagnostic::typing(m, span))? {
                // `a[1:3] = v`, `a[i] = row` of a 2-D array: the library broadcasts into the view.
                Type::Array(_) => {
                    let (ta, ti, tv) = (known!(target).clone(), ti.clone(), tv.clone());
                    let msg = format!("cannot assign {tv} to {ta} indexed with {ti}");
                    try_overload(ctx, "operator.setitem", &[ta, ti, tv], &[], span, msg)
                }
                dtype if arrays::can_store(&dtype, tv.unwrap_optional()) => done(Type::NoneType),
                dtype => Err(Diagnostic::typing(format!("cannot store {tv} into an array of {dtype}"), span)),
            }
        }
        Op::StaticGetItem(a, index) => {
            let ta = known!(a);
            let Type::Tuple(items) = ta else {
                return Err(Diagnostic::typing(format!("{ta} is not subscriptable"), span));
            };
            let i = normalize_index(*index, items.len())
                .ok_or_else(|| Diagnostic::typing(format!("tuple index {index} out of range for {ta}"), span))?;
            done(items[i].clone())
        }
        Op::GetItem(a, index) => {
            let (ta, ti) = (known!(a), known!(index));
            match ta {
                Type::Tuple(items) if ti.is_integer_like() => match items.first() {
                    Some(first) if items.iter().all(|t| t == first) => done(first.clone()),
                    _ => Err(Diagnostic::typing(format!("cannot index {ta} with a run-time index"), span)
                        .with_hint("a heterogeneous tuple can only be indexed with a literal integer")),
                },
                _ => Err(Diagnostic::typing(format!("{ta} cannot be indexed with {ti}"), span)),
            }
        }
        Op::StaticSlice { value, .. } if matches!(known!(value), Type::ArrayFlat(_)) => {
            Err(Diagnostic::unsupported("slicing array.flat is not supported yet", span)
                .with_hint("index a.flat with integers in a loop, or slice a.ravel()"))
        }
        Op::StaticSlice { value, step, .. } if matches!(known!(value), Type::Array(_)) => {
            let Type::Array(arr) = known!(value) else { unreachable!() };
            if *step == Some(0) {
                return Err(Diagnostic::typing("slice step cannot be zero", span));
            }
            let slice = Type::Slice { has_step: step.is_some() };
            done(arrays::index_result(arr, &slice).map_err(|m| Diagnostic::typing(m, span))?)
        }
        Op::StaticSlice { value, start, stop, step } => {
            let ta = known!(value);
            let Type::Tuple(items) = ta else {
                return Err(Diagnostic::typing(format!("{ta} cannot be sliced"), span));
            };
            let picked = slice_indices(items.len(), *start, *stop, *step)
                .ok_or_else(|| Diagnostic::typing("slice step cannot be zero", span))?;
            done(Type::Tuple(picked.into_iter().map(|i| items[i].clone()).collect()))
        }
        Op::SetItem { target, .. } => {
            let ta = known!(target);
            Err(Diagnostic::typing(format!("{ta} does not support item assignment"), span))
        }
        Op::UnpackItem { value, index, count } => {
            let ta = known!(value);
            match ta {
                Type::Tuple(items) if items.len() == *count => done(items[*index].clone()),
                Type::Tuple(items) => Err(Diagnostic::typing(
                    format!("cannot unpack {ta} of length {} into {count} values", items.len()),
                    span,
                )),
                _ => Err(Diagnostic::typing(format!("cannot unpack {ta}"), span)),
            }
        }
        Op::GetIter(a) => done(iterators::iter_type(known!(a), span)?),
        Op::IterValid(a) => {
            let _ = known!(a);
            done(Type::Boolean)
        }
        Op::IterValue(a) => done(iterators::item_type(known!(a), span)?),
        Op::IterAdvance(a) | Op::Copy(a) => done(known!(a).clone()),
    }
}

fn global_type(g: &GlobalValue, span: Span) -> Result<Type, Diagnostic> {
    Ok(match g {
        GlobalValue::Constant(c) => constant_type(c),
        GlobalValue::Module(m) => Type::Module(m.clone()),
        GlobalValue::Builtin(name) => Type::Function(name.clone()),
        GlobalValue::Dispatcher { handle, name } => Type::Dispatcher { handle: *handle, name: name.clone() },
        GlobalValue::Exception(e) => Type::ExceptionClass { id: e.id, name: e.name.clone() },
        GlobalValue::Unsupported { type_name } => {
            return Err(Diagnostic::typing(format!("cannot use a value of type '{type_name}' in compiled code"), span))
        }
    })
}

fn attribute_type(t: &Type, name: &str, span: Span) -> Result<Type, Diagnostic> {
    match (t, name) {
        // Other names are methods, resolved when called (builtin, else an `@overload_method`).
        (Type::Array(a), _) => Ok(arrays::attribute(a, name)
            .unwrap_or_else(|| Type::BoundMethod { receiver: Box::new(t.clone()), name: name.to_string() })),
        (Type::Complex(bits), "real" | "imag") => Ok(Type::Float(bits / 2)),
        (Type::Float(_) | Type::Integer(_) | Type::Boolean, "real" | "imag") => Ok(t.clone()),
        (t, "conjugate") if t.is_number() => {
            Ok(Type::BoundMethod { receiver: Box::new(t.clone()), name: name.to_string() })
        }
        _ => Err(Diagnostic::typing(format!("{t} has no attribute '{name}'"), span)),
    }
}

/// Python's index normalization for a sequence of `len` items.
pub(crate) fn normalize_index(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if index < 0 { index + len } else { index };
    (0..len).contains(&i).then_some(i as usize)
}

/// The indices `range(len)[start:stop:step]` selects, with Python's clamping rules.
pub fn slice_indices(len: usize, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> Option<Vec<usize>> {
    let len = len as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let clamp = |v: i64, lo: i64, hi: i64| {
        let v = if v < 0 { v + len } else { v };
        v.clamp(lo, hi)
    };
    let (lo, hi) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let start = start.map_or(if step > 0 { lo } else { hi }, |s| clamp(s, lo, hi));
    let stop = stop.map_or(if step > 0 { hi } else { lo }, |s| clamp(s, lo, hi));
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_follow_python() {
        let items: Vec<i64> = (0..5).collect();
        for (start, stop, step) in [
            (None, None, None),
            (Some(1), None, None),
            (None, None, Some(-1)),
            (Some(-2), None, None),
            (Some(4), Some(0), Some(-2)),
            (Some(10), Some(-10), Some(-1)),
        ] {
            let got = slice_indices(5, start, stop, step).unwrap();
            // Expected values written out from Python's `list(range(5))[start:stop:step]`.
            let expected: Vec<usize> = match (start, stop, step) {
                (None, None, None) => vec![0, 1, 2, 3, 4],
                (Some(1), None, None) => vec![1, 2, 3, 4],
                (None, None, Some(-1)) => vec![4, 3, 2, 1, 0],
                (Some(-2), None, None) => vec![3, 4],
                (Some(4), Some(0), Some(-2)) => vec![4, 2],
                _ => vec![4, 3, 2, 1, 0],
            };
            assert_eq!(got, expected, "{start:?}:{stop:?}:{step:?}");
            let _ = &items;
        }
    }
}
