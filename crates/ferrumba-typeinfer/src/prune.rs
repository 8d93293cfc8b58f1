//! Branch pruning: conditions whose value the types decide (`x is None` where `x` is typed `none`), so
//! the branch that cannot run is neither typed nor compiled, as Numba does for optional arguments.

use std::collections::HashMap;

use ferrumba_ir::{BlockId, CmpKind, Constant, Function, Op, Terminator, UnaryOpKind, ValueId};
use ferrumba_types::Type;

/// The operations that define values, for looking through a condition.
pub(crate) type Defs<'a> = HashMap<ValueId, &'a Op>;

pub(crate) fn definitions(func: &Function) -> Defs<'_> {
    func.blocks.iter().flat_map(|b| &b.insts).map(|i| (i.result, &i.op)).collect()
}

/// The truth value of `v` if the types already decide it.
pub(crate) fn constant_truth(defs: &Defs<'_>, types: &[Option<Type>], v: ValueId) -> Option<bool> {
    match defs.get(&v) {
        Some(Op::Truth(x)) => constant_truth(defs, types, *x),
        Some(Op::UnaryOp(UnaryOpKind::Not, x)) => constant_truth(defs, types, *x).map(|b| !b),
        Some(Op::Const(c)) => match c {
            Constant::None => Some(false),
            Constant::Bool(b) => Some(*b),
            Constant::Int(i) => Some(*i != 0),
            _ => None,
        },
        Some(Op::Compare(kind, a, b)) => {
            // Integer literals (also frozen globals and closure constants) compare at compile time.
            let (Some(Op::Const(Constant::Int(x))), Some(Op::Const(Constant::Int(y)))) = (defs.get(a), defs.get(b))
            else {
                return None;
            };
            Some(match kind {
                CmpKind::Eq => x == y,
                CmpKind::NotEq => x != y,
                CmpKind::Lt => x < y,
                CmpKind::LtE => x <= y,
                CmpKind::Gt => x > y,
                CmpKind::GtE => x >= y,
                CmpKind::In | CmpKind::NotIn => return None,
            })
        }
        Some(Op::Is { lhs, rhs, negated }) => {
            let (a, b) = (types[lhs.index()].as_ref()?, types[rhs.index()].as_ref()?);
            let maybe_none = |t: &Type| matches!(t, Type::Optional(_) | Type::Undefined);
            let same = match (a, b) {
                (Type::NoneType, Type::NoneType) => true,
                (Type::NoneType, t) | (t, Type::NoneType) if !maybe_none(t) => false,
                _ => return None,
            };
            Some(same != *negated)
        }
        _ => match types[v.index()] {
            Some(Type::NoneType) => Some(false),
            _ => None,
        },
    }
}

/// Which blocks can run, and the branches whose direction is known.
pub(crate) fn live_blocks(
    func: &Function,
    defs: &Defs<'_>,
    types: &[Option<Type>],
) -> (Vec<bool>, HashMap<BlockId, bool>) {
    let mut live = vec![false; func.blocks.len()];
    let mut decided = HashMap::new();
    let mut work = vec![BlockId::ENTRY];
    live[0] = true;
    while let Some(b) = work.pop() {
        let succs = match &func.block(b).term {
            Terminator::Branch { cond, then_block, else_block } => match constant_truth(defs, types, *cond) {
                Some(taken) => {
                    decided.insert(b, taken);
                    vec![if taken { *then_block } else { *else_block }]
                }
                None => vec![*then_block, *else_block],
            },
            _ => func.successors(b),
        };
        for s in succs {
            if !live[s.index()] {
                live[s.index()] = true;
                work.push(s);
            }
        }
    }
    (live, decided)
}
