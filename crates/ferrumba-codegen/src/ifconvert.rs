//! If-conversion on CLIF: a branch whose sides only compute a few integers and meet again
//! (`if x * x + y * y < 1.0: inside += 1`) becomes straight-line code that computes both sides and
//! picks the join's arguments with `select` (a conditional move on x86-64). A data-dependent branch
//! that the CPU cannot predict costs far more than the few instructions of the other side.
//!
//! Shape: `A: brif c, T, E` where each side is either the join block `J` itself or a block entered only
//! from `A`, without parameters, holding at most [`MAX_SIDE_INSTS`] cheap pure, non-trapping
//! instructions (constants not counted) and ending in `jump J(args)`. A side may also load what `A`
//! already loaded from the same address (`if a[i] < 0: s = 0.0 else: s += a[i]`): that load is replaced
//! by `A`'s. Integer arguments are selected with `select`; float ones only when `c` is a float compare,
//! with a vector compare and `bitselect` (a blend: Cranelift lowers a scalar float `select` to a branch).

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{
    condcodes::FloatCC, types as clif, Block, BlockCall, Endianness, Function, Inst, InstBuilder, InstructionData,
    MemFlagsData, Opcode, Value, ValueDef,
};

/// The most instructions (besides its jump) one side may have.
const MAX_SIDE_INSTS: usize = 4;
/// A bound on the conversions of one function (each removes a branch, so this is only a guard).
const MAX_CONVERSIONS: usize = 256;

/// Converts every branch of `func` that has the shape described in the module documentation, then
/// merges each block into the one jumping to it when that is its only predecessor (a converted loop
/// body becomes one block, which `rotate` and `unroll` work on).
pub(crate) fn convert_branches(func: &mut Function) {
    for _ in 0..MAX_CONVERSIONS {
        let cfg = ControlFlowGraph::with_function(func);
        let Some(diamond) = func.layout.blocks().find_map(|a| Diamond::find(func, &cfg, a)) else { break };
        diamond.convert(func);
    }
    merge_straight_lines(func);
    // Later passes compare values by identity: no aliases left behind.
    func.dfg.resolve_all_aliases();
}

/// Merges `J` into `A` where `A` ends in `jump J(args)` and `A` is `J`'s only predecessor.
fn merge_straight_lines(func: &mut Function) {
    let mut cfg = ControlFlowGraph::with_function(func);
    let entry = func.layout.entry_block();
    let blocks: Vec<Block> = func.layout.blocks().collect();
    for a in blocks {
        loop {
            if !func.layout.is_block_inserted(a) {
                break;
            }
            let Some(jump) = func.layout.last_inst(a) else { break };
            let InstructionData::Jump { opcode: Opcode::Jump, destination } = func.dfg.insts[jump] else { break };
            let j = destination.block(&func.dfg.value_lists);
            if j == a || Some(j) == entry || cfg.pred_iter(j).count() != 1 {
                break;
            }
            let Some(args) = plain_args(func, destination) else { break };
            func.layout.remove_inst(jump);
            let params = func.dfg.block_params(j).to_vec();
            func.dfg.detach_block_params(j);
            for (param, arg) in params.into_iter().zip(args) {
                func.dfg.change_to_alias(param, arg);
            }
            let insts: Vec<Inst> = func.layout.block_insts(j).collect();
            for inst in insts {
                func.layout.remove_inst(inst);
                func.layout.append_inst(inst, a);
            }
            func.layout.remove_block(j);
            cfg = ControlFlowGraph::with_function(func);
        }
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
    /// Side loads that repeat a load of `A`: (the side's result, `A`'s).
    reused_loads: Vec<(Value, Value)>,
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
            match side_through(func, cfg, a, branch, target) {
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
        // Where the sides disagree, the argument is selected: integers, or floats under a float compare.
        for (x, y) in sides[0].args.iter().zip(&sides[1].args) {
            let ty = func.dfg.value_type(*x);
            if x != y && !ty.is_int() && !(matches!(ty, clif::F32 | clif::F64) && float_compare(func, arg).is_some()) {
                return None;
            }
        }
        let mut reused_loads = Vec::new();
        for hop in sides.iter().filter_map(|s| s.hop) {
            for inst in func.layout.block_insts(hop) {
                if func.dfg.insts[inst].opcode() == Opcode::Load {
                    let earlier = earlier_load(func, a, branch, inst)?;
                    reused_loads.push((func.dfg.first_result(inst), earlier));
                }
            }
        }
        let [first, second]: [Side; 2] = sides.try_into().ok()?;
        Some(Diamond { branch, condition: arg, join, sides: [first, second], reused_loads })
    }

    fn convert(self, func: &mut Function) {
        // The sides' instructions run unconditionally, before the branch they replace.
        for hop in self.sides.iter().filter_map(|s| s.hop) {
            let insts: Vec<Inst> = func.layout.block_insts(hop).collect();
            let (body, jump) = insts.split_at(insts.len() - 1);
            for &inst in body {
                func.layout.remove_inst(inst);
                if let Some((result, earlier)) = self.reused_loads.iter().find(|(r, _)| Some(*r) == first(func, inst)) {
                    func.dfg.clear_results(inst);
                    func.dfg.change_to_alias(*result, *earlier);
                } else {
                    func.layout.insert_inst(inst, self.branch);
                }
            }
            func.layout.remove_inst(jump[0]);
            func.layout.remove_block(hop);
        }
        let compare = float_compare(func, self.condition);
        let mut cursor = FuncCursor::new(func).at_inst(self.branch);
        let mut masks: Vec<(clif::Type, Value)> = Vec::new();
        let mut args = Vec::new();
        for (x, y) in self.sides[0].args.iter().zip(&self.sides[1].args) {
            let ty = cursor.func.dfg.value_type(*x);
            let picked = if x == y {
                *x
            } else if ty.is_int() {
                cursor.ins().select(self.condition, *x, *y)
            } else {
                // Lane 0 of a blend of the two values, by the mask of the same compare on vectors.
                let vector = if ty == clif::F32 { clif::F32X4 } else { clif::F64X2 };
                let (cc, a, b) = compare.expect("float arguments are selected under a float compare");
                let mask = match masks.iter().find(|(t, _)| *t == vector) {
                    Some((_, m)) => *m,
                    None => {
                        let operand = cursor.func.dfg.value_type(a).by(16 / cursor.func.dfg.value_type(a).bytes());
                        let (va, vb) = (
                            cursor.ins().splat(operand.expect("a float type"), a),
                            cursor.ins().splat(operand.expect("a float type"), b),
                        );
                        let lanes = cursor.ins().fcmp(cc, va, vb);
                        let m = cursor.ins().bitcast(
                            vector,
                            MemFlagsData::new().with_endianness(Endianness::Little),
                            lanes,
                        );
                        masks.push((vector, m));
                        m
                    }
                };
                let (vx, vy) = (cursor.ins().splat(vector, *x), cursor.ins().splat(vector, *y));
                let blended = cursor.ins().bitselect(mask, vx, vy);
                cursor.ins().extractlane(blended, 0)
            };
            args.push(picked);
        }
        let args: Vec<_> = args.into_iter().map(Into::into).collect();
        cursor.ins().jump(self.join, &args);
        func.layout.remove_inst(self.branch);
    }
}

/// When `target` is a block entered only from `a`, without parameters, that computes a few integers
/// and jumps on: the block it jumps to and the arguments it passes.
fn side_through(
    func: &Function,
    cfg: &ControlFlowGraph,
    a: Block,
    branch: Inst,
    target: Block,
) -> Option<(Block, Vec<Value>)> {
    if target == a || !func.dfg.block_params(target).is_empty() || cfg.pred_iter(target).any(|p| p.block != a) {
        return None;
    }
    let jump = func.layout.last_inst(target)?;
    let InstructionData::Jump { opcode: Opcode::Jump, destination } = func.dfg.insts[jump] else { return None };
    let body: Vec<Inst> = func.layout.block_insts(target).filter(|i| *i != jump).collect();
    let counted = body
        .iter()
        .filter(|i| !matches!(func.dfg.insts[**i].opcode(), Opcode::Iconst | Opcode::F64const | Opcode::F32const));
    if counted.count() > MAX_SIDE_INSTS {
        return None;
    }
    let speculable = |i: &Inst| {
        is_speculable(func, *i)
            || (func.dfg.insts[*i].opcode() == Opcode::Load && earlier_load(func, a, branch, *i).is_some())
    };
    if !body.iter().all(speculable) {
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

/// Whether an instruction may run even when its side is not taken: pure, cannot trap, cheap, one
/// scalar result.
fn is_speculable(func: &Function, inst: Inst) -> bool {
    let op = func.dfg.insts[inst].opcode();
    matches!(func.dfg.inst_results(inst), [r] if func.dfg.value_type(*r).is_int() || func.dfg.value_type(*r).is_float())
        && !matches!(op, Opcode::Fdiv | Opcode::Sqrt)
        && !(op.can_load()
            || op.can_store()
            || op.can_trap()
            || op.is_call()
            || op.is_branch()
            || op.is_terminator()
            || op.other_side_effects())
}

/// The result of the instruction's only result, if it has one.
fn first(func: &Function, inst: Inst) -> Option<Value> {
    match func.dfg.inst_results(inst) {
        [r] => Some(*r),
        _ => None,
    }
}

/// The float compare `c` is defined by, when Cranelift can also compare vectors with its condition.
fn float_compare(func: &Function, c: Value) -> Option<(FloatCC, Value, Value)> {
    let ValueDef::Result(inst, _) = func.dfg.value_def(func.dfg.resolve_aliases(c)) else { return None };
    let InstructionData::FloatCompare { opcode: Opcode::Fcmp, cond, args } = func.dfg.insts[inst] else {
        return None;
    };
    let vector_compare = !matches!(cond, FloatCC::OrderedNotEqual | FloatCC::UnorderedOrEqual);
    (vector_compare && matches!(func.dfg.value_type(args[0]), clif::F32 | clif::F64))
        .then_some((cond, args[0], args[1]))
}

/// A load in `a` (before `branch`, with no store or call after it) that reads what `load` reads: the same
/// type, flags and offset, from an address computed the same way. Its result, if there is one.
fn earlier_load(func: &Function, a: Block, branch: Inst, load: Inst) -> Option<Value> {
    let InstructionData::Load { opcode: Opcode::Load, arg, flags, offset } = func.dfg.insts[load] else { return None };
    let ty = func.dfg.value_type(first(func, load)?);
    let mut found = None;
    for inst in func.layout.block_insts(a).take_while(|i| *i != branch) {
        let op = func.dfg.insts[inst].opcode();
        if op.can_store() || op.is_call() || op.other_side_effects() {
            found = None;
        }
        if let InstructionData::Load { opcode: Opcode::Load, arg: other, flags: f, offset: o } = func.dfg.insts[inst] {
            if f == flags
                && o == offset
                && func.dfg.value_type(first(func, inst)?) == ty
                && same_value(func, arg, other, 6)
            {
                found = first(func, inst);
            }
        }
    }
    found
}

/// Whether two values are computed the same way by pure instructions (up to `depth` levels).
fn same_value(func: &Function, x: Value, y: Value, depth: usize) -> bool {
    let (x, y) = (func.dfg.resolve_aliases(x), func.dfg.resolve_aliases(y));
    if x == y {
        return true;
    }
    let (ValueDef::Result(ix, 0), ValueDef::Result(iy, 0)) = (func.dfg.value_def(x), func.dfg.value_def(y)) else {
        return false;
    };
    let (dx, dy) = (&func.dfg.insts[ix], &func.dfg.insts[iy]);
    if depth == 0 || !is_speculable(func, ix) || func.dfg.value_type(x) != func.dfg.value_type(y) {
        return false;
    }
    match (dx, dy) {
        (InstructionData::UnaryImm { opcode: a, imm: i }, InstructionData::UnaryImm { opcode: b, imm: j }) => {
            a == b && i == j
        }
        (InstructionData::Binary { opcode: a, args: p }, InstructionData::Binary { opcode: b, args: q }) => {
            a == b && same_value(func, p[0], q[0], depth - 1) && same_value(func, p[1], q[1], depth - 1)
        }
        _ => false,
    }
}
