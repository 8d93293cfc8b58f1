//! Compile-time evaluation of literal expressions: parameter defaults, static indices, constant messages.

use ruff_python_ast::{Expr, Number, UnaryOp};

use ferrumba_ir::Constant;

/// The value of a literal: numbers (also negated), `True`/`False`/`None`, strings, tuples of those.
pub(crate) fn const_eval(expr: &Expr) -> Option<Constant> {
    match expr {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_i64().map(Constant::Int),
            Number::Float(f) => Some(Constant::Float(*f)),
            Number::Complex { real, imag } => Some(Constant::Complex(*real, *imag)),
        },
        Expr::BooleanLiteral(b) => Some(Constant::Bool(b.value)),
        Expr::NoneLiteral(_) => Some(Constant::None),
        Expr::EllipsisLiteral(_) => Some(Constant::Ellipsis),
        Expr::StringLiteral(s) => Some(Constant::Str(s.value.to_str().to_string())),
        Expr::UnaryOp(u) if matches!(u.op, UnaryOp::USub | UnaryOp::UAdd) => {
            let neg = u.op == UnaryOp::USub;
            match const_eval(&u.operand)? {
                Constant::Int(i) if neg => i.checked_neg().map(Constant::Int),
                Constant::Float(f) if neg => Some(Constant::Float(-f)),
                Constant::Complex(re, im) if neg => Some(Constant::Complex(-re, -im)),
                c @ (Constant::Int(_) | Constant::Float(_) | Constant::Complex(..)) => Some(c),
                _ => None,
            }
        }
        Expr::Tuple(t) => t.elts.iter().map(const_eval).collect::<Option<Vec<_>>>().map(Constant::Tuple),
        _ => None,
    }
}

/// A literal integer, possibly negated: `3`, `-1`.
pub(crate) fn literal_int(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::NumberLiteral(_) | Expr::UnaryOp(_) => match const_eval(expr)? {
            Constant::Int(i) => Some(i),
            _ => None,
        },
        _ => None,
    }
}

/// A literal string: the message of `raise E("...")` or `assert c, "..."`.
pub(crate) fn literal_str(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    }
}
