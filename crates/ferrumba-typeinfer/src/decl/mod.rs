//! Typing declarations of the functions compiled code may call: which argument types each accepts and
//! what it returns. The implementations live in `ferrumba-codegen`, joined by the function's name.

mod builtins;
mod math;
pub mod numpy;
mod operator;
mod random;

use ferrumba_types::{OpSignature, Type};

use crate::CallTarget;

/// Types a call to the builtin `name` (`"abs"`, `"math.sqrt"`, `"operator.add"`).
pub(crate) fn type_builtin(name: &str, args: &[Type], kwargs: &[(String, Type)]) -> Result<CallTarget, String> {
    let args = fold_keywords(name, args, kwargs)?;
    let target = if let Some(op) = name.strip_prefix("operator.") {
        operator::type_operator(op, &args)
    } else if let Some(f) = name.strip_prefix("math.") {
        math::type_math(f, &args).map(|sig| builtin(name, sig))
    } else if let Some(f) = name.strip_prefix("cmath.") {
        math::type_cmath(f, &args).map(|sig| builtin(name, sig))
    } else if name.starts_with("numpy.random.") || name.starts_with("random.") {
        random::type_random(name, &args).map(|sig| builtin(name, sig))
    } else if let Some(f) = name.strip_prefix("numpy.") {
        numpy::type_numpy(f, &args).map(|sig| builtin(name, sig))
    } else if name.starts_with("ferrumba.types.") {
        numpy::type_cast(name, &args).map(|sig| builtin(name, sig))
    } else {
        builtins::type_builtin(name, &args).map(|sig| builtin(name, sig))
    };
    target.ok_or_else(|| no_match(name, &args))
}

fn builtin(name: &str, sig: OpSignature) -> CallTarget {
    CallTarget::Builtin { name: name.to_string(), sig }
}

/// The few keyword arguments builtins accept, turned into positions.
fn fold_keywords(name: &str, args: &[Type], kwargs: &[(String, Type)]) -> Result<Vec<Type>, String> {
    let mut all = args.to_vec();
    for (kw, ty) in kwargs {
        match (name, kw.as_str(), all.len()) {
            ("round", "ndigits", 1) => all.push(ty.clone()),
            (
                "numpy.empty" | "numpy.zeros" | "numpy.ones" | "numpy.empty_like" | "numpy.zeros_like"
                | "numpy.ones_like",
                "dtype",
                1,
            )
            | ("numpy.full", "dtype", 2) => all.push(ty.clone()),
            ("numpy.full", "fill_value", 1) => all.push(ty.clone()),
            _ => return Err(format!("{name}() got an unexpected keyword argument '{kw}'")),
        }
    }
    Ok(all)
}

fn no_match(name: &str, args: &[Type]) -> String {
    let shown: Vec<String> = args.iter().map(|t| t.to_string()).collect();
    format!("no implementation of {name}() for argument types ({})", shown.join(", "))
}

/// A signature whose operands keep their types.
pub(crate) fn same(args: &[Type], result: Type) -> OpSignature {
    OpSignature { operands: args.to_vec(), result }
}

/// A signature converting every operand to `operand`.
pub(crate) fn uniform(arity: usize, operand: Type, result: Type) -> OpSignature {
    OpSignature { operands: vec![operand; arity], result }
}
