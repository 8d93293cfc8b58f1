//! Loop-invariant code motion for address arithmetic.
//!
//! Cranelift's e-graph pass places pure instructions at their uses and never hoists them out of loops,
//! so `i * stride` for `a[i, j]` in an inner loop would be recomputed on every iteration. We compute such
//! products in the loop's preheader instead and pin them there with a side-effecting use (a store to a
//! stack slot of its own): the e-graph reuses a value already placed in a dominating block.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::ir::{InstBuilder, Value, ValueDef};
use ferrumba_ir::{BlockId, Terminator};
use ferrumba_typeinfer::TypedFunction;

use super::FunctionLowerer;

/// A natural loop of the IR.
struct Loop {
    body: HashSet<BlockId>,
    /// The one block outside the loop that enters it, if there is exactly one.
    preheader: Option<BlockId>,
    /// The header of the smallest loop containing this one.
    parent: Option<BlockId>,
}

/// The IR's natural loops, by header.
#[derive(Default)]
pub(crate) struct Loops {
    loops: HashMap<BlockId, Loop>,
    /// The header of the innermost loop containing each block.
    innermost: HashMap<BlockId, BlockId>,
}

impl Loops {
    pub(crate) fn compute(typed: &TypedFunction, rpo: &[BlockId]) -> Loops {
        let func = &typed.func;
        let successors = |b: BlockId| -> Vec<BlockId> {
            match (&func.block(b).term, typed.decided_branches.get(&b)) {
                (Terminator::Branch { then_block, else_block, .. }, Some(taken)) => {
                    vec![if *taken { *then_block } else { *else_block }]
                }
                _ => func.successors(b),
            }
        };
        let mut preds: HashMap<BlockId, Vec<BlockId>> = HashMap::new();
        for &b in rpo {
            for s in successors(b) {
                preds.entry(s).or_default().push(b);
            }
        }
        let idom = dominators(rpo, &preds);
        let dominates = |a: BlockId, mut b: BlockId| loop {
            if a == b {
                return true;
            }
            match idom.get(&b) {
                Some(&p) if p != b => b = p,
                _ => return false,
            }
        };
        let mut loops: HashMap<BlockId, Loop> = HashMap::new();
        for &tail in rpo {
            for head in successors(tail) {
                if !dominates(head, tail) {
                    continue;
                }
                let body = &mut loops
                    .entry(head)
                    .or_insert_with(|| Loop { body: HashSet::from([head]), preheader: None, parent: None })
                    .body;
                let mut work = vec![tail];
                while let Some(b) = work.pop() {
                    if body.insert(b) {
                        work.extend(preds.get(&b).into_iter().flatten().copied());
                    }
                }
            }
        }
        let headers: Vec<BlockId> = loops.keys().copied().collect();
        for &h in &headers {
            let outside: Vec<BlockId> =
                preds.get(&h).into_iter().flatten().filter(|p| !loops[&h].body.contains(p)).copied().collect();
            let parent = headers
                .iter()
                .filter(|&&o| o != h && loops[&o].body.contains(&h))
                .min_by_key(|o| loops[o].body.len())
                .copied();
            let l = loops.get_mut(&h).expect("header");
            l.preheader = (outside.len() == 1).then(|| outside[0]);
            l.parent = parent;
        }
        let mut innermost = HashMap::new();
        for &b in rpo {
            if let Some(h) = headers.iter().filter(|h| loops[h].body.contains(&b)).min_by_key(|h| loops[h].body.len()) {
                innermost.insert(b, *h);
            }
        }
        Loops { loops, innermost }
    }
}

/// Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder).
fn dominators(rpo: &[BlockId], preds: &HashMap<BlockId, Vec<BlockId>>) -> HashMap<BlockId, BlockId> {
    let order: HashMap<BlockId, usize> = rpo.iter().enumerate().map(|(i, b)| (*b, i)).collect();
    let mut idom: HashMap<BlockId, BlockId> = HashMap::new();
    let Some(&entry) = rpo.first() else { return idom };
    idom.insert(entry, entry);
    let mut changed = true;
    while changed {
        changed = false;
        for &b in &rpo[1..] {
            let mut new_idom: Option<BlockId> = None;
            for &p in preds.get(&b).into_iter().flatten() {
                if !idom.contains_key(&p) {
                    continue;
                }
                new_idom = Some(match new_idom {
                    None => p,
                    Some(mut a) => {
                        let mut c = p;
                        while a != c {
                            while order[&a] > order[&c] {
                                a = idom[&a];
                            }
                            while order[&c] > order[&a] {
                                c = idom[&c];
                            }
                        }
                        a
                    }
                });
            }
            if let Some(n) = new_idom {
                if idom.get(&b) != Some(&n) {
                    idom.insert(b, n);
                    changed = true;
                }
            }
        }
    }
    idom
}

/// Where lowering stands, for hoisting: which IR block each Cranelift block belongs to, and the
/// Cranelift block that ends each lowered IR block.
#[derive(Default)]
pub(crate) struct Placement {
    pub ir_of: HashMap<cranelift_codegen::ir::Block, BlockId>,
    pub end_of: HashMap<BlockId, cranelift_codegen::ir::Block>,
    pub current: Option<BlockId>,
    pub hoisted: HashMap<(Value, Value), Value>,
}

impl FunctionLowerer<'_> {
    /// Switches to a Cranelift block that belongs to the IR block being lowered.
    pub(crate) fn switch_to(&mut self, block: cranelift_codegen::ir::Block) {
        if let Some(ir) = self.placement.current {
            self.placement.ir_of.insert(block, ir);
        }
        self.b.switch_to_block(block);
    }

    /// The IR block a value is defined in (`None`: before every IR block, e.g. a function parameter).
    fn ir_block_of(&self, v: Value) -> Option<BlockId> {
        let block = match self.b.func.dfg.value_def(v) {
            ValueDef::Result(inst, _) => self.b.func.layout.inst_block(inst)?,
            ValueDef::Param(block, _) => block,
            _ => return None,
        };
        self.placement.ir_of.get(&block).copied()
    }

    /// `a * b`, computed in the preheader of the outermost loop (around the current block) for which
    /// both operands are invariant, else here.
    pub(crate) fn hoisted_imul(&mut self, a: Value, b: Value) -> Value {
        if let Some(v) = self.placement.hoisted.get(&(a, b)) {
            if self.dominates_current(*v) {
                return *v;
            }
        }
        let (def_a, def_b) = (self.ir_block_of(a), self.ir_block_of(b));
        let mut target = None;
        let mut level = self.placement.current.and_then(|c| self.loops.innermost.get(&c).copied());
        while let Some(h) = level {
            let l = &self.loops.loops[&h];
            let outside = |d: Option<BlockId>| d.is_none_or(|d| !l.body.contains(&d));
            match l.preheader {
                Some(p) if outside(def_a) && outside(def_b) && self.placement.end_of.contains_key(&p) => {
                    target = Some(p);
                    level = l.parent;
                }
                _ => break,
            }
        }
        let Some(preheader) = target else { return self.b.ins().imul(a, b) };
        let block = self.placement.end_of[&preheader];
        let Some(last) = self.b.func.layout.last_inst(block) else { return self.b.ins().imul(a, b) };
        // One slot per value: a later store to the same slot would make this one dead, and unpinned.
        let slot = self.b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(
            cranelift_codegen::ir::StackSlotKind::ExplicitSlot,
            8,
            3,
        ));
        let mut cursor = FuncCursor::new(self.b.func).at_inst(last);
        let product = cursor.ins().imul(a, b);
        // Pinned by a side-effecting use, so the e-graph keeps it here and reuses it in the loop.
        cursor.ins().stack_store(cranelift_codegen::ir::types::I64, product, slot, 0);
        self.placement.hoisted.insert((a, b), product);
        product
    }

    /// Whether a hoisted value was placed in a block that dominates the current IR block (a preheader
    /// of a loop around it).
    fn dominates_current(&self, v: Value) -> bool {
        let Some(def) = self.ir_block_of(v) else { return true };
        let mut level = self.placement.current.and_then(|c| self.loops.innermost.get(&c).copied());
        while let Some(h) = level {
            let l = &self.loops.loops[&h];
            if l.preheader == Some(def) {
                return true;
            }
            level = l.parent;
        }
        false
    }
}
