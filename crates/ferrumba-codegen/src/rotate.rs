//! Loop rotation on CLIF: a loop whose header only tests (`H: v = icmp ..; brif v, T, E`) and whose
//! latch jumps back to it (`P: ..; jump H(args)`) gets a copy of the test at the end of the latch
//! (`P: ..; v' = icmp ..; brif v', T, E`). Each iteration then runs one conditional branch instead of a
//! conditional branch and a jump, and the body can be a single block (Cranelift lays blocks out in
//! reverse postorder and never rotates loops itself).
//!
//! Values the header defines (its parameters and results) that the body `T` or the exit `E` use become
//! new block parameters of `T` and `E`, fed by the header's branch and by each latch's copy.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{Block, Function, Inst, InstructionData, Opcode, Value};

/// The most instructions (besides the branch) a header may have to be copied into its latches.
const MAX_HEADER_INSTS: usize = 8;
/// A bound on the rotations of one function (each removes a back-edge jump, so this is only a guard).
const MAX_ROTATIONS: usize = 256;

/// Rotates every loop of `func` that has the shape described in the module documentation.
pub(crate) fn rotate_loops(func: &mut Function) {
    // A rotation leaves the dominator tree as it was (it only adds edges from latches to blocks the
    // header dominates, and removes back edges), and changes the CFG only around the blocks it touches
    // (header, targets, latches). So one round rotates every candidate whose blocks no earlier rotation
    // of the round touched. Blocks found not to be rotatable while the CFG was exact stay so.
    let mut rejected: HashSet<Block> = HashSet::new();
    for _ in 0..MAX_ROTATIONS {
        let cfg = ControlFlowGraph::with_function(func);
        let domtree = DominatorTree::with_function(func, &cfg);
        let mut touched: HashSet<Block> = HashSet::new();
        let blocks: Vec<Block> = func.layout.blocks().collect();
        for h in blocks {
            if rejected.contains(&h) || touched.contains(&h) {
                continue;
            }
            match Candidate::find(func, &cfg, &domtree, h) {
                Some(c) => {
                    let blocks: Vec<Block> = [c.header].iter().chain(&c.targets).chain(&c.latches).copied().collect();
                    if blocks.iter().any(|b| touched.contains(b)) {
                        continue;
                    }
                    touched.extend(blocks);
                    rejected.insert(c.header);
                    c.rotate(func, &domtree);
                }
                None if touched.is_empty() => {
                    rejected.insert(h);
                }
                None => {}
            }
        }
        if touched.is_empty() {
            return;
        }
    }
}

/// A loop that can be rotated.
struct Candidate {
    header: Block,
    /// The instructions of the header before its branch.
    header_insts: Vec<Inst>,
    branch: Inst,
    /// The branch's two targets (body, exit).
    targets: [Block; 2],
    /// The blocks that jump back to the header.
    latches: Vec<Block>,
}

impl Candidate {
    fn find(func: &Function, cfg: &ControlFlowGraph, domtree: &DominatorTree, header: Block) -> Option<Candidate> {
        if Some(header) == func.layout.entry_block() {
            return None;
        }
        let branch = func.layout.last_inst(header)?;
        let InstructionData::Brif { opcode: Opcode::Brif, blocks, .. } = func.dfg.insts[branch] else { return None };
        let targets = [blocks[0].block(&func.dfg.value_lists), blocks[1].block(&func.dfg.value_lists)];
        if targets[0] == targets[1] || targets.contains(&header) {
            return None;
        }
        // The header must be entered from the body only through jumps back to it.
        let mut latches = Vec::new();
        for pred in cfg.pred_iter(header) {
            if domtree.block_dominates(header, pred.block) {
                let term = &func.dfg.insts[pred.inst];
                if term.opcode() != Opcode::Jump || latches.contains(&pred.block) {
                    return None;
                }
                latches.push(pred.block);
            }
        }
        if latches.is_empty() {
            return None;
        }
        // Each target is entered only from the header, so that it dominates what it reaches.
        if targets.iter().any(|t| cfg.pred_iter(*t).count() != 1) {
            return None;
        }
        let header_insts: Vec<Inst> = func.layout.block_insts(header).filter(|i| *i != branch).collect();
        if header_insts.len() > MAX_HEADER_INSTS || !header_insts.iter().all(|i| is_copyable(func, *i)) {
            return None;
        }
        // Every use of a header value elsewhere must lie under one of the targets.
        let defined = header_values(func, header, &header_insts);
        for block in func.layout.blocks().filter(|b| *b != header) {
            if targets.iter().any(|t| domtree.block_dominates(*t, block)) {
                continue;
            }
            for inst in func.layout.block_insts(block) {
                if func.dfg.inst_values(inst).any(|v| defined.contains(&v)) {
                    return None;
                }
            }
        }
        Some(Candidate { header, header_insts, branch, targets, latches })
    }

    fn rotate(self, func: &mut Function, domtree: &DominatorTree) {
        let defined = header_values(func, self.header, &self.header_insts);
        // Header values used under each target become the target's parameters.
        for (k, target) in self.targets.into_iter().enumerate() {
            let region: Vec<Block> = func.layout.blocks().filter(|b| domtree.block_dominates(target, *b)).collect();
            let mut renamed: HashMap<Value, Value> = HashMap::new();
            let mut passed = Vec::new();
            for &block in &region {
                let mut next = func.layout.first_inst(block);
                while let Some(inst) = next {
                    next = func.layout.next_inst(inst);
                    if !func.dfg.inst_values(inst).any(|v| defined.contains(&v)) {
                        continue;
                    }
                    let used: Vec<Value> = func.dfg.inst_values(inst).filter(|v| defined.contains(v)).collect();
                    for v in used {
                        if let std::collections::hash_map::Entry::Vacant(slot) = renamed.entry(v) {
                            let ty = func.dfg.value_type(v);
                            slot.insert(func.dfg.append_block_param(target, ty));
                            passed.push(v);
                        }
                    }
                    func.dfg.map_inst_values(inst, |v| renamed.get(&v).copied().unwrap_or(v));
                }
            }
            let dfg = &mut func.dfg;
            let call =
                &mut dfg.insts[self.branch].branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables)[k];
            for v in passed {
                call.append_argument(v, &mut dfg.value_lists);
            }
        }
        // Each latch tests again instead of jumping back.
        let params = func.dfg.block_params(self.header).to_vec();
        for latch in self.latches {
            let jump = func.layout.last_inst(latch).expect("a latch ends in its jump");
            let args: Vec<Value> = {
                let dfg = &func.dfg;
                let calls = dfg.insts[jump].branch_destination(&dfg.jump_tables, &dfg.exception_tables);
                calls[0].args(&dfg.value_lists).map(|a| a.as_value().expect("a jump passes plain values")).collect()
            };
            let mut copies: HashMap<Value, Value> = params.iter().copied().zip(args).collect();
            func.layout.remove_inst(jump);
            for &inst in self.header_insts.iter().chain([&self.branch]) {
                let copy = func.dfg.clone_inst(inst);
                func.dfg.map_inst_values(copy, |v| copies.get(&v).copied().unwrap_or(v));
                func.layout.append_inst(copy, latch);
                let (old, new) = (func.dfg.inst_results(inst).to_vec(), func.dfg.inst_results(copy).to_vec());
                copies.extend(old.into_iter().zip(new));
            }
        }
    }
}

/// The values a header defines: its parameters and its instructions' results.
fn header_values(func: &Function, header: Block, insts: &[Inst]) -> Vec<Value> {
    let mut values = func.dfg.block_params(header).to_vec();
    for inst in insts {
        values.extend_from_slice(func.dfg.inst_results(*inst));
    }
    values
}

/// Whether an instruction can be duplicated freely: pure, cannot trap, one result.
fn is_copyable(func: &Function, inst: Inst) -> bool {
    let op = func.dfg.insts[inst].opcode();
    func.dfg.inst_results(inst).len() == 1
        && !(op.can_load()
            || op.can_store()
            || op.can_trap()
            || op.is_call()
            || op.is_branch()
            || op.is_terminator()
            || op.other_side_effects())
}
