//! If-conversion on CLIF: a branch whose sides only compute a few integers and meet again
//! (`if x * x + y * y < 1.0: inside += 1`) becomes straight-line code that computes both sides and
//! picks the join's arguments with `select` (a conditional move on x86-64). A data-dependent branch
//! that the CPU cannot predict costs far more than the few instructions of the other side.
//!
//! Shape: `A: brif c, T, E` where each side is either the join block `J` itself or a block entered only
//! from `A`, without parameters, holding at most [`MAX_SIDE_INSTS`] pure, non-trapping integer
//! instructions and ending in `jump J(args)`. Only integer arguments are selected (Cranelift lowers a
//! float `select` to a branch).

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{Block, BlockCall, Function, Inst, InstBuilder, InstructionData, Opcode, Value};

/// The most instructions (besides its jump) one side may have.
const MAX_SIDE_INSTS: usize = 4;
/// A bound on the conversions of one function (each removes a branch, so this is only a guard).
const MAX_CONVERSIONS: usize = 256;

/// Converts every branch of `func` that has the shape described in the module documentation.
pub(crate) fn convert_branches(func: &mut Function) {
    for _ in 0..MAX_CONVERSIONS {
        let cfg = ControlFlowGraph::with_function(func);
        let Some(diamond) = func.layout.blocks().find_map(|a| Diamond::find(func, &cfg, a)) else { return };
        diamond.convert(func);
    }
}

/// One side of a branch: the join reached directly (with the branch's arguments), or through a block.
struct Side {
    hop: Option<Block>,
    args: Vec<Value>,
}

struct Diamond {
    branch: Inst,
    condition: Value,
    join: Block,
    sides: [Side; 2],
}

impl Diamond {
    fn find(func: &Function, cfg: &ControlFlowGraph, a: Block) -> Option<Diamond> {
        let branch = func.layout.last_inst(a)?;
        let InstructionData::Brif { opcode: Opcode::Brif, arg, blocks } = func.dfg.insts[branch] else { return None };
        let mut sides = Vec::new();
        let mut joins = Vec::new();
        for call in blocks {
            let target = call.block(&func.dfg.value_lists);
            let args = plain_args(func, call)?;
            match side_through(func, cfg, a, target) {
                Some((join, hop_args)) if args.is_empty() => {
                    joins.push(join);
                    sides.push(Side { hop: Some(target), args: hop_args });
                }
                _ => {
                    joins.push(target);
                    sides.push(Side { hop: None, args });
                }
            }
        }
        let join = joins[0];
        if joins[1] != join || join == a || sides.iter().all(|s| s.hop.is_none()) || sides[0].hop == sides[1].hop {
            return None;
        }
        // Where the sides disagree, the argument is selected: integers only.
        for (x, y) in sides[0].args.iter().zip(&sides[1].args) {
            if x != y && !func.dfg.value_type(*x).is_int() {
                return None;
            }
        }
        let [first, second]: [Side; 2] = sides.try_into().ok()?;
        Some(Diamond { branch, condition: arg, join, sides: [first, second] })
    }

    fn convert(self, func: &mut Function) {
        // The sides' instructions run unconditionally, before the branch they replace.
        for hop in self.sides.iter().filter_map(|s| s.hop) {
            let insts: Vec<Inst> = func.layout.block_insts(hop).collect();
            let (body, jump) = insts.split_at(insts.len() - 1);
            for &inst in body {
                func.layout.remove_inst(inst);
                func.layout.insert_inst(inst, self.branch);
            }
            func.layout.remove_inst(jump[0]);
            func.layout.remove_block(hop);
        }
        let mut cursor = FuncCursor::new(func).at_inst(self.branch);
        let args: Vec<Value> = self.sides[0]
            .args
            .iter()
            .zip(&self.sides[1].args)
            .map(|(x, y)| if x == y { *x } else { cursor.ins().select(self.condition, *x, *y) })
            .collect();
        let args: Vec<_> = args.into_iter().map(Into::into).collect();
        cursor.ins().jump(self.join, &args);
        func.layout.remove_inst(self.branch);
    }
}

/// When `target` is a block entered only from `a`, without parameters, that computes a few integers
/// and jumps on: the block it jumps to and the arguments it passes.
fn side_through(func: &Function, cfg: &ControlFlowGraph, a: Block, target: Block) -> Option<(Block, Vec<Value>)> {
    if target == a || !func.dfg.block_params(target).is_empty() || cfg.pred_iter(target).any(|p| p.block != a) {
        return None;
    }
    let jump = func.layout.last_inst(target)?;
    let InstructionData::Jump { opcode: Opcode::Jump, destination } = func.dfg.insts[jump] else { return None };
    let body: Vec<Inst> = func.layout.block_insts(target).filter(|i| *i != jump).collect();
    if body.len() > MAX_SIDE_INSTS || !body.iter().all(|i| is_speculable(func, *i)) {
        return None;
    }
    let join = destination.block(&func.dfg.value_lists);
    if join == target {
        return None;
    }
    Some((join, plain_args(func, destination)?))
}

fn plain_args(func: &Function, call: BlockCall) -> Option<Vec<Value>> {
    call.args(&func.dfg.value_lists).map(|a| a.as_value()).collect()
}

/// Whether an instruction may run even when its side is not taken: pure, cannot trap, one integer result.
fn is_speculable(func: &Function, inst: Inst) -> bool {
    let op = func.dfg.insts[inst].opcode();
    matches!(func.dfg.inst_results(inst), [r] if func.dfg.value_type(*r).is_int())
        && !(op.can_load()
            || op.can_store()
            || op.can_trap()
            || op.is_call()
            || op.is_branch()
            || op.is_terminator()
            || op.other_side_effects())
}
