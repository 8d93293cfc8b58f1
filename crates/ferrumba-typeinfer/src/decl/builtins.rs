//! Typing of Python builtins: `abs min max round int float bool complex pow divmod len range`.

use ferrumba_types::{binop_signature, unify, OpSignature, Type};

use super::{same, uniform};

pub(crate) fn type_builtin(name: &str, args: &[Type]) -> Option<OpSignature> {
    match (name, args) {
        // `prange` is `range` where it is not outlined (no `parallel=True`, or nested in a parallel loop).
        ("range" | "ferrumba.prange", args)
            if (1..=3).contains(&args.len()) && args.iter().all(Type::is_integer_like) =>
        {
            Some(uniform(args.len(), Type::INT64, Type::RangeState))
        }
        ("slice", [start, stop, step]) if [start, stop, step].iter().all(|t| slice_part(t)) => {
            Some(same(args, Type::Slice { has_step: *step != Type::NoneType }))
        }
        ("print", args) if args.iter().all(|t| t.is_number() || matches!(t, Type::NoneType | Type::StringLiteral)) => {
            Some(same(args, Type::NoneType))
        }
        ("enumerate", [t]) if crate::iterators::is_iterable(t) => {
            Some(same(args, Type::Enumerate(Box::new(t.clone()))))
        }
        ("zip", ts) if !ts.is_empty() && ts.iter().all(crate::iterators::is_iterable) => {
            Some(same(args, Type::Zip(ts.to_vec())))
        }
        ("len", [t @ (Type::Tuple(_) | Type::Array(_) | Type::ArrayFlat(_))]) => {
            Some(same(std::slice::from_ref(t), Type::INT64))
        }
        ("abs", [t]) => {
            let result = match t {
                Type::Boolean => Type::INT64,
                Type::Integer(_) | Type::Float(_) => t.clone(),
                Type::Complex(bits) => Type::Float(bits / 2),
                _ => return None,
            };
            let operand = if t == &Type::Boolean { Type::INT64 } else { t.clone() };
            Some(uniform(1, operand, result))
        }
        ("min" | "max", [Type::Tuple(items)]) => {
            let t = unify_numbers(items)?;
            Some(same(args, t))
        }
        ("min" | "max", args) if args.len() >= 2 => {
            let t = unify_numbers(args)?;
            Some(uniform(args.len(), t.clone(), t))
        }
        ("round", [t]) if t.is_float() => Some(same(args, Type::INT64)),
        ("round", [t]) if t.is_integer_like() => Some(uniform(1, Type::INT64, Type::INT64)),
        ("round", [t, n]) if t.is_float() && n.is_integer_like() => {
            Some(OpSignature { operands: vec![t.clone(), Type::INT64], result: t.clone() })
        }
        ("round", [t, n]) if t.is_integer_like() && n.is_integer_like() => Some(uniform(2, Type::INT64, Type::INT64)),
        ("int", [t]) if t.is_number() && !t.is_complex() => Some(same(args, Type::INT64)),
        ("float", [t]) if t.is_number() && !t.is_complex() => Some(same(args, Type::FLOAT64)),
        ("bool", [t]) if t.is_number() || matches!(t, Type::NoneType | Type::Tuple(_)) => {
            Some(same(args, Type::Boolean))
        }
        ("int" | "float" | "bool", []) => {
            let result = match name {
                "int" => Type::INT64,
                "float" => Type::FLOAT64,
                _ => Type::Boolean,
            };
            Some(same(args, result))
        }
        ("complex", [t]) if t.is_number() => Some(uniform(1, Type::COMPLEX128, Type::COMPLEX128)),
        ("complex", [re, im]) if re.is_number() && !re.is_complex() && im.is_number() && !im.is_complex() => {
            Some(uniform(2, Type::FLOAT64, Type::COMPLEX128))
        }
        ("pow", [a, b]) => binop_signature("**", a, b),
        // `a.reshape(...)` and `a.ravel()` of contiguous arrays are views (as in Numba).
        ("method.reshape", [Type::Array(a), dims @ ..]) if a.layout == ferrumba_types::Layout::C => {
            let (shape, ndim) = match dims {
                [Type::Tuple(items)] if items.iter().all(Type::is_integer_like) => {
                    (Type::Tuple(vec![Type::INT64; items.len()]), items.len())
                }
                dims if !dims.is_empty() && dims.iter().all(Type::is_integer_like) => {
                    (Type::Tuple(vec![Type::INT64; dims.len()]), dims.len())
                }
                _ => return None,
            };
            let result = Type::Array(ferrumba_types::ArrayTy { ndim: ndim as u8, readonly: a.readonly, ..a.clone() });
            let mut operands = vec![args[0].clone()];
            operands.extend(match dims {
                [Type::Tuple(_)] => vec![shape],
                _ => vec![Type::INT64; ndim],
            });
            Some(OpSignature { operands, result })
        }
        ("method.ravel", [Type::Array(a)]) if a.layout == ferrumba_types::Layout::C => {
            let result = Type::Array(ferrumba_types::ArrayTy { ndim: 1, ..a.clone() });
            Some(same(args, result))
        }
        ("method.conjugate", [t]) if t.is_number() => {
            let r = if *t == Type::Boolean { Type::INT64 } else { t.clone() };
            Some(uniform(1, r.clone(), r))
        }
        ("divmod", [a, b]) => {
            let sig = binop_signature("//", a, b)?;
            let r = sig.result.clone();
            Some(OpSignature { operands: sig.operands, result: Type::Tuple(vec![r.clone(), r]) })
        }
        _ => None,
    }
}

fn unify_numbers(items: &[Type]) -> Option<Type> {
    let mut acc = items.first()?.clone();
    for t in items {
        if !t.is_number() || t.is_complex() {
            return None;
        }
        acc = unify(&acc, t)?;
    }
    Some(acc)
}

/// A slice bound: an integer, or None where it was omitted.
fn slice_part(t: &Type) -> bool {
    t.is_integer_like() || *t == Type::NoneType
}
