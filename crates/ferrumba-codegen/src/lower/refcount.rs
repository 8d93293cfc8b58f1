//! Reference counting of arrays in compiled code, placed by liveness.
//!
//! Every SSA value of a counted type (`Type::needs_refcount`) owns one reference from its definition to
//! its death, except arguments, which are borrowed: the caller holds them for the whole call. Allocations
//! and calls return a reference already owned; every other definition (a view, a tuple holding an
//! array, a copy) takes one with an incref. A phi owns its own
//! reference, taken on each incoming edge. A value dies where it stops being live: on leaving a block
//! whose successor does not need it, or at a return or raise. The returned value is increfed first, so the
//! caller owns it. Early exits (a raised exception, a callee's failure) release what is owned at that
//! point.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::ir::{types as clif, Value};
use ferrumba_ir::{BlockId, Function, Op, Terminator, ValueId};
use ferrumba_typeinfer::{CallTarget, TypedFunction};

use super::FunctionLowerer;
use crate::datamodel::owner_leaves;

/// Which counted values are live into and out of each block.
pub(crate) struct Liveness {
    live_in: Vec<HashSet<ValueId>>,
    /// Counted values defined in each block (phis and instructions).
    defs: Vec<Vec<ValueId>>,
    /// Whether the function has any counted value at all (else nothing is emitted).
    pub any: bool,
}

impl Liveness {
    pub(crate) fn compute(typed: &TypedFunction) -> Liveness {
        let func = &typed.func;
        let arguments: HashSet<ValueId> = func
            .blocks
            .iter()
            .flat_map(|b| &b.insts)
            .filter(|i| matches!(i.op, Op::Arg(_)))
            .map(|i| i.result)
            .collect();
        let counted = |v: &ValueId| typed.types[v.index()].needs_refcount() && !arguments.contains(v);
        let n = func.blocks.len();
        let mut defs = vec![Vec::new(); n];
        let mut uses: Vec<HashSet<ValueId>> = vec![HashSet::new(); n];
        let mut any = false;
        for (b, block) in func.blocks.iter().enumerate() {
            if !typed.live_blocks[b] {
                continue;
            }
            let mut defined = HashSet::new();
            for phi in &block.phis {
                if counted(&phi.dest) {
                    defs[b].push(phi.dest);
                    defined.insert(phi.dest);
                }
            }
            for inst in &block.insts {
                for v in inst.op.operands() {
                    if counted(&v) && !defined.contains(&v) {
                        uses[b].insert(v);
                    }
                }
                if counted(&inst.result) {
                    defs[b].push(inst.result);
                    defined.insert(inst.result);
                }
            }
            if let Terminator::Return(v) = &block.term {
                if counted(v) && !defined.contains(v) {
                    uses[b].insert(*v);
                }
            }
            any |= !defs[b].is_empty() || !uses[b].is_empty();
        }
        let mut live_in: Vec<HashSet<ValueId>> = uses.clone();
        if any {
            let mut changed = true;
            while changed {
                changed = false;
                for b in (0..n).rev() {
                    if !typed.live_blocks[b] {
                        continue;
                    }
                    let out = live_out_of(func, typed, &live_in, BlockId::new(b), &counted);
                    let defined: HashSet<ValueId> = defs[b].iter().copied().collect();
                    for v in out {
                        if !defined.contains(&v) && live_in[b].insert(v) {
                            changed = true;
                        }
                    }
                }
            }
        }
        Liveness { live_in, defs, any }
    }

    /// Counted values alive at the end of `block`: live into it or defined in it.
    pub(crate) fn alive_at_end(&self, block: BlockId) -> Vec<ValueId> {
        let b = block.index();
        let mut all: Vec<ValueId> = self.live_in[b].iter().chain(&self.defs[b]).copied().collect();
        all.sort();
        all.dedup();
        all
    }

    /// Counted values owned at a point inside `block`: those live into it and those it defined so far.
    pub(crate) fn alive_within(&self, block: BlockId, defined_so_far: &[ValueId]) -> Vec<ValueId> {
        let mut all: Vec<ValueId> = self.live_in[block.index()].iter().chain(defined_so_far).copied().collect();
        all.sort();
        all.dedup();
        all
    }

    /// What dies on the edge `block → succ`: alive at the end of `block` but not needed in `succ`.
    pub(crate) fn dying_on_edge(&self, func: &Function, block: BlockId, succ: BlockId) -> Vec<ValueId> {
        let phis: HashSet<ValueId> = func.block(succ).phis.iter().map(|p| p.dest).collect();
        self.alive_at_end(block)
            .into_iter()
            .filter(|v| !self.live_in[succ.index()].contains(v) || phis.contains(v))
            .collect()
    }
}

fn live_out_of(
    func: &Function,
    typed: &TypedFunction,
    live_in: &[HashSet<ValueId>],
    b: BlockId,
    counted: &dyn Fn(&ValueId) -> bool,
) -> HashSet<ValueId> {
    let mut out = HashSet::new();
    for s in func.successors(b) {
        if !typed.live_blocks[s.index()] {
            continue;
        }
        let phis: HashSet<ValueId> = func.block(s).phis.iter().map(|p| p.dest).collect();
        out.extend(live_in[s.index()].iter().filter(|v| !phis.contains(v)).copied());
        for phi in &func.block(s).phis {
            for (pred, v) in &phi.incoming {
                if *pred == b && counted(v) {
                    out.insert(*v);
                }
            }
        }
    }
    out
}

/// Whether an operation's result needs no incref: fresh allocations and call results own theirs, and
/// arguments are borrowed.
pub(crate) fn returns_owned(op: &Op, result: ValueId, calls: &HashMap<ValueId, CallTarget>) -> bool {
    if let Some(CallTarget::Jitted(_) | CallTarget::ParFor(_)) = calls.get(&result) {
        return true; // a call (also an operator on arrays) returns an owned reference
    }
    match op {
        // Borrowed from the caller: neither counted nor released.
        Op::Arg(_) => true,
        Op::Call { .. } => match calls.get(&result) {
            Some(CallTarget::Jitted(_)) => true,
            Some(CallTarget::Builtin { name, .. }) => name.starts_with("numpy."),
            _ => false,
        },
        _ => false,
    }
}

impl FunctionLowerer<'_> {
    /// Adds a reference to every array a value holds.
    pub(crate) fn incref(&mut self, leaves: &[Value], ty: &ferrumba_types::Type) {
        for i in owner_leaves(ty) {
            self.call_runtime("ferrumba_nrt_incref", &[leaves[i]], &[clif::I64], &[]);
        }
    }

    /// Drops a reference to every array a value holds.
    pub(crate) fn decref(&mut self, leaves: &[Value], ty: &ferrumba_types::Type) {
        for i in owner_leaves(ty) {
            self.call_runtime("ferrumba_nrt_decref", &[leaves[i]], &[clif::I64], &[]);
        }
    }

    /// Returns `leaves` (of type `ty`) to the caller and drops the references of `dying`: the caller
    /// gets a reference to every array the value holds. An array the returned value holds that a dying
    /// value also holds (the same owner) passes its reference on instead of an incref and a decref
    /// (the count only goes down from there, to at least the caller's reference).
    pub(crate) fn hand_over(&mut self, leaves: &[Value], ty: &ferrumba_types::Type, dying: &[ValueId]) {
        let mut increfs: Vec<Value> = owner_leaves(ty).into_iter().map(|i| leaves[i]).collect();
        let mut decrefs = Vec::new();
        for v in dying {
            let dying_leaves = self.get(*v);
            for i in owner_leaves(self.ty(*v)) {
                match increfs.iter().position(|owner| *owner == dying_leaves[i]) {
                    Some(k) => {
                        increfs.swap_remove(k);
                    }
                    None => decrefs.push(dying_leaves[i]),
                }
            }
        }
        for owner in increfs.into_iter() {
            self.call_runtime("ferrumba_nrt_incref", &[owner], &[clif::I64], &[]);
        }
        for owner in decrefs {
            self.call_runtime("ferrumba_nrt_decref", &[owner], &[clif::I64], &[]);
        }
    }

    /// Drops the references of the given values.
    pub(crate) fn release(&mut self, values: &[ValueId]) {
        for v in values {
            let leaves = self.get(*v);
            let ty = self.ty(*v).clone();
            self.decref(&leaves, &ty);
        }
    }
}
