//! Typing rules of Python operators on numbers, following Numba: the operand types each side is
//! converted to, and the result type.

use crate::{choose_result_int, promote_numbers, Type};

/// An operator's chosen implementation: convert operand `i` to `operands[i]`, produce `result`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpSignature {
    pub operands: Vec<Type>,
    pub result: Type,
}

impl OpSignature {
    fn uniform(ty: Type, result: Type, arity: usize) -> Self {
        OpSignature { operands: vec![ty; arity], result }
    }
}

/// Binary operators: the names of `ferrumba_ir::BinOpKind` variants, kept as text so this crate does not
/// depend on the IR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BinOpClass {
    /// `+ - *`
    Arith,
    /// `/`
    TrueDiv,
    /// `// %`
    FloorDivMod,
    /// `**`
    Pow,
    /// `<< >> & | ^`
    Bitwise,
    /// `@`
    MatMul,
}

/// The signature of `a <op> b`, or `None` when the operator is not defined for these types.
/// `op` is the operator's Python symbol (`"+"`, `"//"`, ...).
pub fn binop_signature(op: &str, a: &Type, b: &Type) -> Option<OpSignature> {
    let class = match op {
        "+" | "-" | "*" => BinOpClass::Arith,
        "/" => BinOpClass::TrueDiv,
        "//" | "%" => BinOpClass::FloorDivMod,
        "**" => BinOpClass::Pow,
        "<<" | ">>" | "&" | "|" | "^" => BinOpClass::Bitwise,
        _ => BinOpClass::MatMul,
    };
    if let (Type::Tuple(xs), Type::Tuple(ys), "+") = (a, b, op) {
        let result = Type::Tuple(xs.iter().chain(ys).cloned().collect());
        return Some(OpSignature { operands: vec![a.clone(), b.clone()], result });
    }
    if !a.is_number() || !b.is_number() || class == BinOpClass::MatMul {
        return None;
    }
    if a.is_integer_like() && b.is_integer_like() {
        if class == BinOpClass::TrueDiv {
            return Some(OpSignature::uniform(Type::FLOAT64, Type::FLOAT64, 2));
        }
        if class == BinOpClass::Bitwise && matches!(op, "&" | "|" | "^") && a == &Type::Boolean && b == &Type::Boolean {
            return Some(OpSignature::uniform(Type::Boolean, Type::Boolean, 2));
        }
        let r = choose_result_int(&[a, b]);
        return Some(OpSignature::uniform(r.clone(), r, 2));
    }
    if class == BinOpClass::Bitwise {
        return None;
    }
    let p = promote_numbers(a, b)?;
    if p.is_complex() && class == BinOpClass::FloorDivMod {
        return None;
    }
    Some(OpSignature::uniform(p.clone(), p, 2))
}

/// The signature of the comparison `a <op> b` (`op` one of `== != < <= > >=`); the result is `bool`.
/// Tuples compare element by element; their operand types are kept as they are.
pub fn compare_signature(op: &str, a: &Type, b: &Type) -> Option<OpSignature> {
    let ordering = !matches!(op, "==" | "!=");
    match (a, b) {
        (Type::Tuple(xs), Type::Tuple(ys)) => {
            if !ordering && xs.len() != ys.len() {
                // Different lengths are simply unequal.
            } else {
                for (x, y) in xs.iter().zip(ys) {
                    compare_signature(op, x, y)?;
                }
            }
            Some(OpSignature { operands: vec![a.clone(), b.clone()], result: Type::Boolean })
        }
        (Type::NoneType, Type::NoneType) if !ordering => {
            Some(OpSignature { operands: vec![a.clone(), b.clone()], result: Type::Boolean })
        }
        (x, y) if x.is_number() && y.is_number() => {
            let p = if x.is_integer_like() && y.is_integer_like() && x != y {
                // Integers of different widths compare exactly in 64 bits unless signedness differs.
                promote_numbers(x, y).map(|p| if p.is_integer() { choose_result_int(&[x, y]) } else { p })?
            } else {
                promote_numbers(x, y)?
            };
            if ordering && p.is_complex() {
                return None;
            }
            Some(OpSignature::uniform(p, Type::Boolean, 2))
        }
        _ => None,
    }
}

/// The signature of a unary operator (`"-"`, `"+"`, `"~"`, `"not"`) on `a`.
pub fn unary_signature(op: &str, a: &Type) -> Option<OpSignature> {
    let result = match (op, a) {
        ("not", _) => return Some(OpSignature { operands: vec![a.clone()], result: Type::Boolean }),
        ("-" | "+" | "~", Type::Boolean) => Type::INT64,
        ("-" | "+" | "~", Type::Integer(_)) => a.clone(),
        ("-" | "+", Type::Float(_) | Type::Complex(_)) => a.clone(),
        _ => return None,
    };
    Some(OpSignature::uniform(result.clone(), result, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_type as t;

    fn result(op: &str, a: &str, b: &str) -> Option<String> {
        binop_signature(op, &t(a).unwrap(), &t(b).unwrap()).map(|s| s.result.to_string())
    }

    #[test]
    fn numba_binop_results() {
        assert_eq!(result("+", "int8", "int8").as_deref(), Some("int64"));
        assert_eq!(result("+", "uint64", "uint32").as_deref(), Some("uint64"));
        assert_eq!(result("+", "uint64", "int64").as_deref(), Some("int64"));
        assert_eq!(result("/", "int32", "int32").as_deref(), Some("float64"));
        assert_eq!(result("/", "float32", "float32").as_deref(), Some("float32"));
        assert_eq!(result("*", "int64", "float32").as_deref(), Some("float64"));
        assert_eq!(result("&", "bool", "bool").as_deref(), Some("bool"));
        assert_eq!(result("+", "bool", "bool").as_deref(), Some("int64"));
        assert_eq!(result("//", "complex128", "float64"), None);
        assert_eq!(result("<<", "float64", "int64"), None);
        assert_eq!(
            result("+", "UniTuple(int64 x 2)", "Tuple(float64)").as_deref(),
            Some("Tuple(int64, int64, float64)")
        );
    }
}
