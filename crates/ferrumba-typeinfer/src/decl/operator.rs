//! Typing of the `operator` module's functions: each is the operator it names.

use ferrumba_ir::{BinOpKind, CmpKind, UnaryOpKind};
use ferrumba_types::{binop_signature, compare_signature, unary_signature};

use crate::CallTarget;

pub(super) fn type_operator(name: &str, args: &[ferrumba_types::Type]) -> Option<CallTarget> {
    let name = name.strip_prefix('i').filter(|n| binary(n).is_some()).unwrap_or(name);
    if let (Some(kind), [a, b]) = (binary(name), args) {
        return binop_signature(kind.symbol(), a, b).map(|sig| CallTarget::BinOp(kind, sig));
    }
    if let (Some(kind), [a, b]) = (compare(name), args) {
        return compare_signature(kind.symbol(), a, b).map(|sig| CallTarget::Compare(kind, sig));
    }
    if let (Some(kind), [a]) = (unary(name), args) {
        return unary_signature(kind.symbol(), a).map(|sig| CallTarget::Unary(kind, sig));
    }
    None
}

fn binary(name: &str) -> Option<BinOpKind> {
    Some(match name {
        "add" => BinOpKind::Add,
        "sub" => BinOpKind::Sub,
        "mul" => BinOpKind::Mul,
        "truediv" => BinOpKind::TrueDiv,
        "floordiv" => BinOpKind::FloorDiv,
        "mod" => BinOpKind::Mod,
        "pow" => BinOpKind::Pow,
        "lshift" => BinOpKind::LShift,
        "rshift" => BinOpKind::RShift,
        "and_" => BinOpKind::BitAnd,
        "or_" => BinOpKind::BitOr,
        "xor" => BinOpKind::BitXor,
        "matmul" => BinOpKind::MatMul,
        _ => return None,
    })
}

fn compare(name: &str) -> Option<CmpKind> {
    Some(match name {
        "eq" => CmpKind::Eq,
        "ne" => CmpKind::NotEq,
        "lt" => CmpKind::Lt,
        "le" => CmpKind::LtE,
        "gt" => CmpKind::Gt,
        "ge" => CmpKind::GtE,
        _ => return None,
    })
}

fn unary(name: &str) -> Option<UnaryOpKind> {
    Some(match name {
        "neg" => UnaryOpKind::Neg,
        "pos" => UnaryOpKind::Pos,
        "invert" | "inv" => UnaryOpKind::Invert,
        "not_" => UnaryOpKind::Not,
        _ => return None,
    })
}
