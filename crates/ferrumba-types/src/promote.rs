//! Unification of types at join points, and NumPy's promotion of numbers (which Numba follows).

use crate::{IntTy, Type};

/// Numba's integer result rule: at least 64 bits, signed if any input is signed (booleans count as
/// unsigned 1-bit integers).
pub fn choose_result_int(inputs: &[&Type]) -> Type {
    let mut bits = 64;
    let mut signed = false;
    for t in inputs {
        if let Type::Integer(i) = t {
            bits = bits.max(i.bits);
            signed |= i.signed;
        }
    }
    if inputs.iter().all(|t| matches!(t, Type::Boolean)) {
        signed = true;
    }
    Type::int(bits, signed)
}

/// NumPy's `promote_types` for two numbers: the smallest type both convert to without loss
/// (`int64` and `uint64` give `float64`; `int16` and `float32` give `float32`).
pub fn promote_numbers(a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    Some(match (a, b) {
        (Boolean, Boolean) => Boolean,
        (Boolean, t) | (t, Boolean) if t.is_number() => t.clone(),
        (Integer(x), Integer(y)) => promote_ints(*x, *y),
        (Integer(i), Float(f)) | (Float(f), Integer(i)) => Float((*f).max(float_bits_for(*i))),
        (Integer(i), Complex(c)) | (Complex(c), Integer(i)) => Complex((*c).max(2 * float_bits_for(*i))),
        (Float(x), Float(y)) => Float(*x.max(y)),
        (Float(f), Complex(c)) | (Complex(c), Float(f)) => Complex((*c).max(2 * f)),
        (Complex(x), Complex(y)) => Complex(*x.max(y)),
        _ => return None,
    })
}

fn promote_ints(x: IntTy, y: IntTy) -> Type {
    if x.signed == y.signed {
        return Type::int(x.bits.max(y.bits), x.signed);
    }
    let (s, u) = if x.signed { (x, y) } else { (y, x) };
    if s.bits > u.bits {
        Type::Integer(s)
    } else if u.bits < 64 {
        Type::int(u.bits * 2, true)
    } else {
        Type::FLOAT64
    }
}

/// The float width that holds every value of an integer type exactly enough (NumPy's rule, without
/// float16).
fn float_bits_for(i: IntTy) -> u8 {
    if i.bits <= 16 {
        32
    } else {
        64
    }
}

/// The type of a variable assigned values of types `a` and `b` on different paths, or `None` when no
/// such type exists (`int64` and a tuple).
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Undefined, t) | (t, Undefined) => Some(t.clone()),
        (NoneType, Optional(t)) | (Optional(t), NoneType) => Some(Optional(t.clone())),
        (NoneType, t) | (t, NoneType) if !t.is_compile_time_only() => Some(Optional(Box::new(t.clone()))),
        (Optional(x), Optional(y)) => Some(Optional(Box::new(unify(x, y)?))),
        (Optional(x), t) | (t, Optional(x)) => Some(Optional(Box::new(unify(x, t)?))),
        (Tuple(xs), Tuple(ys)) if xs.len() == ys.len() => {
            xs.iter().zip(ys).map(|(x, y)| unify(x, y)).collect::<Option<Vec<_>>>().map(Tuple)
        }
        (x, y) if x.is_number() && y.is_number() => promote_numbers(x, y),
        (Array(x), Array(y)) if x.dtype == y.dtype && x.ndim == y.ndim => {
            let layout = if x.layout == y.layout { x.layout } else { crate::Layout::A };
            Some(Array(crate::ArrayTy { layout, readonly: x.readonly || y.readonly, ..x.clone() }))
        }
        _ => None,
    }
}

/// How costly it is to pass a value of type `from` where `to` is expected, for choosing among compiled
/// overloads: 0 exact, 1 promotion, 2 safe conversion, 3 unsafe (narrowing); `None` if impossible.
pub fn conversion_cost(from: &Type, to: &Type) -> Option<u32> {
    use Type::*;
    if from == to {
        return Some(0);
    }
    match (from, to) {
        (Tuple(xs), Tuple(ys)) if xs.len() == ys.len() => xs.iter().zip(ys).map(|(x, y)| conversion_cost(x, y)).sum(),
        (NoneType, Optional(_)) => Some(1),
        (t, Optional(inner)) => conversion_cost(t, inner).map(|c| c + 1),
        (Complex(_), y) if !y.is_complex() => None,
        (Array(x), Array(y)) if x.dtype == y.dtype && x.ndim == y.ndim && (y.readonly || !x.readonly) => {
            // A contiguous array may be passed where any layout is accepted.
            match (x.layout, y.layout) {
                (a, b) if a == b => Some(u32::from(x.readonly != y.readonly)),
                (_, crate::Layout::A) => Some(1),
                _ => None,
            }
        }
        (x, y) if x.is_number() && y.is_number() => {
            let promoted = promote_numbers(x, y)?;
            if &promoted == y {
                let same_kind = std::mem::discriminant(x) == std::mem::discriminant(y);
                Some(if same_kind { 1 } else { 2 })
            } else {
                Some(3)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Type {
        crate::parse_type(s).unwrap()
    }

    #[test]
    fn numpy_promotion() {
        let cases = [
            ("int64", "uint64", "float64"),
            ("int32", "uint32", "int64"),
            ("int8", "uint8", "int16"),
            ("int16", "float32", "float32"),
            ("int32", "float32", "float64"),
            ("float32", "complex64", "complex64"),
            ("float64", "complex64", "complex128"),
            ("bool", "int8", "int8"),
            ("uint16", "int32", "int32"),
        ];
        for (a, b, want) in cases {
            assert_eq!(promote_numbers(&t(a), &t(b)), Some(t(want)), "{a} {b}");
        }
    }

    #[test]
    fn unification() {
        assert_eq!(unify(&t("int64"), &t("float64")), Some(t("float64")));
        assert_eq!(unify(&t("none"), &t("int64")), Some(Type::Optional(Box::new(t("int64")))));
        assert_eq!(unify(&t("UniTuple(int64 x 2)"), &t("int64")), None);
        assert_eq!(
            unify(&t("Tuple(int64, float32)"), &t("Tuple(float64, float32)")),
            Some(t("Tuple(float64, float32)"))
        );
    }

    #[test]
    fn integer_results_widen() {
        assert_eq!(choose_result_int(&[&t("int8"), &t("int8")]), t("int64"));
        assert_eq!(choose_result_int(&[&t("uint64"), &t("uint8")]), t("uint64"));
        assert_eq!(choose_result_int(&[&t("uint64"), &t("int8")]), t("int64"));
        assert_eq!(choose_result_int(&[&t("bool"), &t("bool")]), t("int64"));
    }
}
