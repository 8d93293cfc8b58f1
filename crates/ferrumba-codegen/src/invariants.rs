//! Keeps loop-invariant values out of loops where Cranelift would put them back in (loops without calls:
//! across a call, a value held in a register costs a spill and reloads).
//!
//! Cranelift's e-graph pass hoists pure instructions whose operands are defined outside a loop, but it
//! *rematerializes* cheap ones (constants, `x + constant`) in every block that uses them, inside loops
//! too: a float constant costs a 64-bit immediate move and a move into an XMM register per iteration,
//! and `n - 1` as a loop bound a move and a subtraction per iteration. This pass, run on CLIF before
//! Cranelift's optimizer, gives such values forms it does not rematerialize:
//! - a float constant in a loop becomes lane 0 of a 128-bit vector constant (a constant-pool load
//!   hoisted to the loop's preheader; reading lane 0 of a vector is free on x86-64);
//! - `x + c` / `x - c` defined outside a loop and used inside it becomes the value of a
//!   `sadd_overflow` / `ssub_overflow` (two results, so not a candidate for rematerialization).

use std::collections::HashSet;

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{
    types as clif, Block, ConstantData, Function, Inst, InstBuilder, InstructionData, Opcode, Value, ValueDef,
};
use cranelift_codegen::loop_analysis::{Loop, LoopAnalysis};

/// Applies both rewrites to `func`.
pub(crate) fn keep_invariants_out_of_loops(func: &mut Function) {
    let cfg = ControlFlowGraph::with_function(func);
    let domtree = DominatorTree::with_function(func, &cfg);
    let mut loops = LoopAnalysis::new();
    loops.compute(func, &cfg, &domtree);
    if loops.loops().next().is_none() {
        return;
    }
    let blocks: Vec<Block> = func.layout.blocks().collect();
    let uses = Uses::compute(func, &blocks);
    // Loops that call out: a value kept in a register across their calls would be spilled and reloaded
    // in every iteration, which costs more than rematerializing it.
    let mut calling: HashSet<Loop> = HashSet::new();
    for &block in &blocks {
        if func.layout.block_insts(block).any(|i| func.dfg.insts[i].opcode().is_call()) {
            let mut lp = loops.innermost_loop(block);
            while let Some(l) = lp {
                calling.insert(l);
                lp = loops.loop_parent(l);
            }
        }
    }
    let call_free = |lp: Option<Loop>| lp.is_some_and(|l| !calling.contains(&l));
    for &block in &blocks {
        let insts: Vec<Inst> = func.layout.block_insts(block).collect();
        let in_loop = call_free(loops.innermost_loop(block));
        for inst in insts {
            let result = match func.dfg.inst_results(inst) {
                [r] => *r,
                _ => continue,
            };
            match func.dfg.insts[inst] {
                InstructionData::UnaryIeee64 { opcode: Opcode::F64const, imm } if in_loop => {
                    float_from_vector(func, inst, result, clif::F64X2, imm.bits())
                }
                InstructionData::UnaryIeee32 { opcode: Opcode::F32const, imm } if in_loop => {
                    float_from_vector(func, inst, result, clif::F32X4, u64::from(imm.bits()))
                }
                InstructionData::Binary { opcode: op @ (Opcode::Iadd | Opcode::Isub), args } => {
                    let has_constant = args.iter().any(|a| is_iconst(func, *a));
                    if !has_constant || func.dfg.value_type(result) != clif::I64 {
                        continue;
                    }
                    // Used in a loop nested in the one defining it (not merely in a later loop).
                    let outer = loops.innermost_loop(block);
                    let used_deeper = uses.blocks(result).iter().any(|u| {
                        let lp = loops.innermost_loop(*u);
                        call_free(lp)
                            && lp.is_some_and(|lp| {
                                !loops.is_in_loop(block, lp) && outer.is_none_or(|o| loops.is_child_loop(lp, o))
                            })
                    });
                    if used_deeper {
                        let mut cursor = FuncCursor::new(func).at_inst(inst);
                        let (sum, _) = if op == Opcode::Iadd {
                            cursor.ins().sadd_overflow(args[0], args[1])
                        } else {
                            cursor.ins().ssub_overflow(args[0], args[1])
                        };
                        replace_with(func, inst, result, sum);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Where values are used: directly, and the block parameters each is passed to (Cranelift later
/// replaces a parameter that always receives the same value by that value).
struct Uses {
    direct: Vec<Vec<Block>>,
    passed_to: Vec<Vec<Value>>,
}

impl Uses {
    fn compute(func: &Function, blocks: &[Block]) -> Uses {
        let index = |v: Value| func.dfg.resolve_aliases(v).as_u32() as usize;
        let mut direct: Vec<Vec<Block>> = vec![Vec::new(); func.dfg.num_values()];
        let mut passed_to: Vec<Vec<Value>> = vec![Vec::new(); func.dfg.num_values()];
        for &block in blocks {
            for inst in func.layout.block_insts(block) {
                for v in func.dfg.inst_values(inst) {
                    direct[index(v)].push(block);
                }
                let dfg = &func.dfg;
                for call in dfg.insts[inst].branch_destination(&dfg.jump_tables, &dfg.exception_tables) {
                    let params = dfg.block_params(call.block(&dfg.value_lists));
                    for (arg, param) in call.args(&dfg.value_lists).zip(params) {
                        if let Some(arg) = arg.as_value() {
                            passed_to[index(arg)].push(*param);
                        }
                    }
                }
            }
        }
        Uses { direct, passed_to }
    }

    /// The blocks using `v`, directly or through the parameters it is passed to.
    fn blocks(&self, v: Value) -> Vec<Block> {
        let start = v.as_u32() as usize;
        let mut seen = HashSet::from([start]);
        let mut work = vec![start];
        let mut out = Vec::new();
        while let Some(w) = work.pop() {
            out.extend_from_slice(&self.direct[w]);
            for p in &self.passed_to[w] {
                let p = p.as_u32() as usize;
                if seen.insert(p) {
                    work.push(p);
                }
            }
        }
        out
    }
}

/// Replaces the constant `inst` by lane 0 of a vector constant of type `vector` (lane 0 = `bits`).
fn float_from_vector(func: &mut Function, inst: Inst, result: Value, vector: clif::Type, bits: u64) {
    let lane_bytes = vector.lane_type().bytes() as usize;
    let mut bytes = vec![0u8; 16];
    bytes[..lane_bytes].copy_from_slice(&bits.to_le_bytes()[..lane_bytes]);
    let handle = func.dfg.constants.insert(ConstantData::from(bytes));
    let mut cursor = FuncCursor::new(func).at_inst(inst);
    let v = cursor.ins().vconst(vector, handle);
    let lane = cursor.ins().extractlane(v, 0);
    replace_with(func, inst, result, lane);
}

/// Removes `inst` and makes its `result` an alias of `value`.
fn replace_with(func: &mut Function, inst: Inst, result: Value, value: Value) {
    func.layout.remove_inst(inst);
    func.dfg.clear_results(inst);
    func.dfg.change_to_alias(result, value);
}

fn is_iconst(func: &Function, v: Value) -> bool {
    match func.dfg.value_def(func.dfg.resolve_aliases(v)) {
        ValueDef::Result(inst, _) => func.dfg.insts[inst].opcode() == Opcode::Iconst,
        _ => false,
    }
}
