//! Typing of `math` and `cmath` functions: integers become float64, float32 stays float32.

use ferrumba_types::{promote_numbers, OpSignature, Type};

use super::uniform;

/// The float type a real math function computes in for an argument of type `t`.
fn real_float(t: &Type) -> Option<Type> {
    match t {
        Type::Float(_) => Some(t.clone()),
        Type::Integer(_) | Type::Boolean => Some(Type::FLOAT64),
        _ => None,
    }
}

/// The float type for two arguments (float32 only when both are float32).
fn real_float2(a: &Type, b: &Type) -> Option<Type> {
    let (a, b) = (real_float(a)?, real_float(b)?);
    promote_numbers(&a, &b)
}

const UNARY_FLOAT: &[&str] = &[
    "sqrt", "exp", "expm1", "log10", "log2", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
    "tanh", "asinh", "acosh", "atanh", "fabs", "erf", "erfc", "gamma", "lgamma", "degrees", "radians",
];

pub(crate) fn type_math(f: &str, args: &[Type]) -> Option<OpSignature> {
    match (f, args) {
        (f, [x]) if UNARY_FLOAT.contains(&f) || f == "log" => {
            let t = real_float(x)?;
            Some(uniform(1, t.clone(), t))
        }
        ("log", [x, base]) => {
            let t = real_float2(x, base)?;
            Some(uniform(2, t.clone(), t))
        }
        ("floor" | "ceil" | "trunc", [x]) => Some(uniform(1, real_float(x)?, Type::INT64)),
        ("isnan" | "isinf" | "isfinite", [x]) => {
            real_float(x)?;
            Some(uniform(1, x.clone(), Type::Boolean))
        }
        ("atan2" | "hypot" | "copysign" | "fmod" | "pow", [a, b]) => {
            let t = real_float2(a, b)?;
            Some(uniform(2, t.clone(), t))
        }
        ("ldexp", [x, i]) if real_float(x).is_some() && i.is_integer_like() => {
            Some(OpSignature { operands: vec![Type::FLOAT64, Type::INT64], result: Type::FLOAT64 })
        }
        ("frexp", [x]) if real_float(x).is_some() => {
            Some(OpSignature { operands: vec![Type::FLOAT64], result: Type::Tuple(vec![Type::FLOAT64, Type::INT64]) })
        }
        ("gcd", [a, b]) if a.is_integer_like() && b.is_integer_like() => Some(uniform(2, Type::INT64, Type::INT64)),
        _ => None,
    }
}

/// The complex type a `cmath` function computes in (complex64 stays single precision).
fn complex_of(t: &Type) -> Option<Type> {
    match t {
        Type::Complex(_) => Some(t.clone()),
        t if t.is_number() => Some(Type::COMPLEX128),
        _ => None,
    }
}

const CMATH_UNARY: &[&str] = &[
    "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
    "acosh", "atanh",
];

pub(super) fn type_cmath(f: &str, args: &[Type]) -> Option<OpSignature> {
    match (f, args) {
        (f, [z]) if CMATH_UNARY.contains(&f) => {
            let c = complex_of(z)?;
            Some(uniform(1, c.clone(), c))
        }
        ("log", [z, base]) => {
            let c = promote_numbers(&complex_of(z)?, &complex_of(base)?)?;
            Some(uniform(2, c.clone(), c))
        }
        ("phase", [z]) => {
            let c = complex_of(z)?;
            let Type::Complex(bits) = c else { return None };
            Some(uniform(1, c, Type::Float(bits / 2)))
        }
        ("polar", [z]) => {
            let c = complex_of(z)?;
            let Type::Complex(bits) = c else { return None };
            Some(uniform(1, c, Type::Tuple(vec![Type::Float(bits / 2); 2])))
        }
        ("rect", [r, phi]) if real_float(r).is_some() && real_float(phi).is_some() => {
            Some(uniform(2, Type::FLOAT64, Type::COMPLEX128))
        }
        ("isnan" | "isinf" | "isfinite", [z]) => Some(uniform(1, complex_of(z)?, Type::Boolean)),
        _ => None,
    }
}
