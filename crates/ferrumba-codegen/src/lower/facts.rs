//! Facts about integer values that let code generation drop checks: which ranges and range iterators
//! have a literal step (a loop test needs no sign check) and lower bounds of integers (an array index
//! known to be non-negative needs no wraparound).

use std::collections::HashMap;

use ferrumba_ir::{BinOpKind, Constant, Function, Op, UnaryOpKind, ValueId};
use ferrumba_typeinfer::TypedFunction;
use ferrumba_types::Type;

#[derive(Default)]
pub(crate) struct IntFacts {
    /// Range and range-iterator values with a literal (nonzero) step.
    pub steps: HashMap<ValueId, i64>,
    /// Range starts (for ranges and their iterators) and lower bounds of integer values.
    pub lower_bounds: HashMap<ValueId, i64>,
}

impl IntFacts {
    pub(crate) fn compute(typed: &TypedFunction) -> IntFacts {
        let func = &typed.func;
        let consts = literal_ints(func);
        // `it' = advance(it)`: a loop phi's back edge carries its own advanced value.
        let advances: HashMap<ValueId, ValueId> = insts(func)
            .filter_map(|(result, op)| match op {
                Op::IterAdvance(v) => Some((result, *v)),
                _ => None,
            })
            .collect();
        let mut facts = IntFacts { lower_bounds: consts.clone(), ..Default::default() };
        // Three sweeps reach loop phis through their back edges (blocks are in source order).
        for _ in 0..3 {
            for block in &func.blocks {
                for phi in &block.phis {
                    let mut incoming = phi.incoming.iter().filter(|(_, v)| advances.get(v) != Some(&phi.dest));
                    let values: Vec<ValueId> = incoming.by_ref().map(|(_, v)| *v).collect();
                    if let Some(s) = agree(&values, &facts.steps) {
                        facts.steps.insert(phi.dest, s);
                    }
                    if let Some(lb) =
                        values.iter().map(|v| facts.lower_bounds.get(v).copied()).collect::<Option<Vec<_>>>()
                    {
                        if let Some(min) = lb.into_iter().min() {
                            facts.lower_bounds.insert(phi.dest, min);
                        }
                    }
                }
                for inst in &block.insts {
                    facts.learn(typed, &consts, inst.result, &inst.op);
                }
            }
        }
        facts
    }

    fn learn(&mut self, typed: &TypedFunction, consts: &HashMap<ValueId, i64>, result: ValueId, op: &Op) {
        let lb = |v: &ValueId| self.lower_bounds.get(v).copied();
        let (step, bound) = match op {
            Op::Call { args, .. } if typed.types[result.index()] == Type::RangeState => {
                let step = if args.len() == 3 { consts.get(&args[2]).copied() } else { Some(1) };
                let start = if args.len() == 1 { Some(0) } else { lb(&args[0]) };
                (step, start)
            }
            Op::GetIter(v) | Op::IterAdvance(v) => (self.steps.get(v).copied(), lb(v)),
            // An increasing range's items are at least its start.
            Op::IterValue(it) if self.steps.get(it).is_some_and(|s| *s > 0) => (None, lb(it)),
            Op::BinOp(BinOpKind::Add, a, b) | Op::InplaceBinOp(BinOpKind::Add, a, b) => {
                (None, lb(a).zip(lb(b)).and_then(|(x, y)| x.checked_add(y)))
            }
            Op::BinOp(BinOpKind::Sub, a, b) => (None, lb(a).zip(consts.get(b)).and_then(|(x, c)| x.checked_sub(*c))),
            Op::Copy(v) => (None, lb(v)),
            // `max(x, c)` is at least the largest known lower bound (outlined `prange` bodies clamp their
            // chunk start so).
            Op::Call { args, .. } if is_builtin(typed, result, "max") => (None, args.iter().filter_map(lb).max()),
            _ => (None, None),
        };
        if let Some(s) = step.filter(|s| *s != 0) {
            self.steps.insert(result, s);
        }
        if let Some(b) = bound {
            self.lower_bounds.insert(result, b);
        }
    }
}

fn is_builtin(typed: &TypedFunction, result: ValueId, name: &str) -> bool {
    matches!(typed.calls.get(&result), Some(ferrumba_typeinfer::CallTarget::Builtin { name: n, .. }) if n == name)
        && matches!(typed.types[result.index()], Type::Integer(_))
}

fn insts(func: &Function) -> impl Iterator<Item = (ValueId, &Op)> {
    func.blocks.iter().flat_map(|b| &b.insts).map(|i| (i.result, &i.op))
}

/// Integer literals, including negated ones (`-1` is `Neg(1)` in the IR).
fn literal_ints(func: &Function) -> HashMap<ValueId, i64> {
    let mut consts: HashMap<ValueId, i64> = insts(func)
        .filter_map(|(result, op)| match op {
            Op::Const(Constant::Int(x)) => Some((result, *x)),
            _ => None,
        })
        .collect();
    let negated: Vec<(ValueId, i64)> = insts(func)
        .filter_map(|(result, op)| match op {
            Op::UnaryOp(UnaryOpKind::Neg, v) => consts.get(v).map(|c| (result, c.wrapping_neg())),
            _ => None,
        })
        .collect();
    consts.extend(negated);
    consts
}

/// The common step of values that all have the same one.
fn agree(values: &[ValueId], steps: &HashMap<ValueId, i64>) -> Option<i64> {
    let first = steps.get(values.first()?).copied()?;
    values.iter().all(|v| steps.get(v) == Some(&first)).then_some(first)
}
