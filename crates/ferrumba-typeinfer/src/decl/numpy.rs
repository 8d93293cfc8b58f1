//! Typing of NumPy functions: array creation and scalar types used as casts.

use ferrumba_types::{parse_type, ArrayTy, Layout, OpSignature, Type};

/// The element type named by a dtype argument (`np.float64`, `float`, `ferrumba.int32`).
pub(crate) fn dtype_named(t: &Type) -> Option<Type> {
    let Type::Function(name) = t else { return None };
    let short = name.strip_prefix("numpy.").or_else(|| name.strip_prefix("ferrumba.types."));
    match (name.as_str(), short) {
        ("float", _) => Some(Type::FLOAT64),
        ("int", _) => Some(Type::INT64),
        ("bool", _) => Some(Type::Boolean),
        ("complex", _) => Some(Type::COMPLEX128),
        (_, Some("bool_" | "bool")) => Some(Type::Boolean),
        (_, Some("float_" | "double")) => Some(Type::FLOAT64),
        (_, Some("int_" | "intp")) => Some(Type::INT64),
        (_, Some(s)) => parse_type(s).ok().filter(Type::is_number),
        _ => None,
    }
}

/// A shape argument: an integer or a tuple of integers; its dimension count.
fn shape_ndim(t: &Type) -> Option<(Type, u8)> {
    match t {
        t if t.is_integer_like() => Some((Type::INT64, 1)),
        Type::Tuple(items) if items.iter().all(Type::is_integer_like) => {
            Some((Type::Tuple(vec![Type::INT64; items.len()]), items.len() as u8))
        }
        _ => None,
    }
}

/// NumPy's scalar math functions that compute what a `math` function does (NumPy name → `math` name).
pub fn math_alias(f: &str) -> Option<&'static str> {
    Some(match f {
        "sqrt" => "sqrt",
        "exp" => "exp",
        "expm1" => "expm1",
        "log" => "log",
        "log2" => "log2",
        "log10" => "log10",
        "log1p" => "log1p",
        "sin" => "sin",
        "cos" => "cos",
        "tan" => "tan",
        "arcsin" => "asin",
        "arccos" => "acos",
        "arctan" => "atan",
        "arctan2" => "atan2",
        "sinh" => "sinh",
        "cosh" => "cosh",
        "tanh" => "tanh",
        "arcsinh" => "asinh",
        "arccosh" => "acosh",
        "arctanh" => "atanh",
        "hypot" => "hypot",
        "fabs" => "fabs",
        "copysign" => "copysign",
        "isnan" => "isnan",
        "isinf" => "isinf",
        "isfinite" => "isfinite",
        "degrees" | "rad2deg" => "degrees",
        "radians" | "deg2rad" => "radians",
        _ => return None,
    })
}

pub(super) fn type_numpy(f: &str, args: &[Type]) -> Option<OpSignature> {
    if args.iter().all(|t| t.is_number() && !t.is_complex()) {
        if let Some(m) = math_alias(f) {
            return super::math::type_math(m, args);
        }
        if let ("floor" | "ceil" | "trunc" | "rint", [x]) = (f, args) {
            // Unlike `math.floor`, NumPy's rounding functions return floats.
            let t = if x.is_float() { x.clone() } else { Type::FLOAT64 };
            return Some(OpSignature { operands: vec![t.clone()], result: t });
        }
        if let ("abs" | "absolute", [x]) = (f, args) {
            return super::builtins::type_builtin("abs", std::slice::from_ref(x));
        }
    }
    match (f, args) {
        ("empty" | "zeros" | "ones", [shape, rest @ ..]) if rest.len() <= 1 => {
            let (shape_t, ndim) = shape_ndim(shape)?;
            let dtype = match rest {
                [d] => dtype_named(d)?,
                _ => Type::FLOAT64,
            };
            let mut operands = vec![shape_t];
            operands.extend(rest.iter().cloned());
            Some(OpSignature { operands, result: Type::array(dtype, ndim, Layout::C) })
        }
        ("full", [shape, value, rest @ ..]) if rest.len() <= 1 && value.is_number() => {
            let (shape_t, ndim) = shape_ndim(shape)?;
            let dtype = match rest {
                [d] => dtype_named(d)?,
                _ => value.clone(),
            };
            let mut operands = vec![shape_t, dtype.clone()];
            operands.extend(rest.iter().cloned());
            Some(OpSignature { operands, result: Type::array(dtype, ndim, Layout::C) })
        }
        ("empty_like" | "zeros_like" | "ones_like", [Type::Array(a), rest @ ..]) if rest.len() <= 1 => {
            let dtype = match rest {
                [d] => dtype_named(d)?,
                _ => (*a.dtype).clone(),
            };
            let result =
                Type::Array(ArrayTy { dtype: Box::new(dtype), ndim: a.ndim, layout: Layout::C, readonly: false });
            Some(OpSignature { operands: args.to_vec(), result })
        }
        (_, [x]) if x.is_number() => {
            // np.float64(x), np.int32(x), ...: a cast.
            let target = dtype_named(&Type::Function(format!("numpy.{f}")))?;
            Some(OpSignature { operands: vec![x.clone()], result: target })
        }
        _ => None,
    }
}

/// `ferrumba.int32(x)` / `numba.float64(x)`: a cast by a type object.
pub(super) fn type_cast(name: &str, args: &[Type]) -> Option<OpSignature> {
    let target = dtype_named(&Type::Function(name.to_string()))?;
    match args {
        [x] if x.is_number() => Some(OpSignature { operands: vec![x.clone()], result: target }),
        _ => None,
    }
}
