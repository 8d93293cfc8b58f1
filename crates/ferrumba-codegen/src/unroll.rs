//! Unrolling of rotated single-block counted loops on CLIF.
//!
//! After rotation (`rotate`), a simple loop is one block `T(p..)` that ends in
//! `n = iadd p_k, s; c = icmp slt n, stop; brif c, T(next..), E(exit..)` (or `sgt` with a negative
//! step `s`), with `s` a constant and `stop` loop-invariant. It becomes
//!
//! ```text
//! G(q..):  limit, overflow = ssub_overflow stop, (K-1)*s    ; K iterations left iff q_k < limit
//!          brif (q_k < limit && !overflow), U(q.., limit), T(q..)
//! U(p.., limit): K copies of T's body, each fed the previous copy's next values
//!          brif (n_k < limit), U(n.., limit), R(n.., exit..)
//! R(r.., x..): brif (r_k < stop), T(r..), E(x..)
//! T:       unchanged, runs the iterations left over
//! ```
//!
//! The loop's entry edge goes to `G` instead of `T`. `q_k < stop - (K-1)*s` (without overflow) holds
//! exactly when the original loop would run K more iterations, so every iteration runs in the same
//! order as before. Per K iterations the unrolled loop pays one increment, compare and branch.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{
    condcodes::IntCC, types as clif, Block, BlockArg, Function, Inst, InstBuilder, InstructionData, Opcode, Value,
    ValueDef,
};

/// Bodies of at most this many instructions (constants not counted) are unrolled four times...
const SMALL_BODY: usize = 40;
/// ... and of at most this many, twice.
const MEDIUM_BODY: usize = 100;

/// Unrolls every loop of `func` that has the shape described in the module documentation.
pub(crate) fn unroll_loops(func: &mut Function) {
    let cfg = ControlFlowGraph::with_function(func);
    let escaping = escaping_values(func);
    let candidates: Vec<CountedLoop> =
        func.layout.blocks().filter_map(|b| CountedLoop::find(func, &cfg, &escaping, b)).collect();
    for lp in candidates {
        lp.unroll(func);
    }
}

struct CountedLoop {
    body: Block,
    /// The block that enters the loop, and which of its branch's targets is the loop.
    entry: Inst,
    exit: Block,
    /// The body's instructions before its branch.
    insts: Vec<Inst>,
    /// The arguments of the back edge and of the exit edge.
    next: Vec<Value>,
    exits: Vec<Value>,
    /// The counter's parameter index, its step, the bound and whether it counts up.
    counter: usize,
    step: i64,
    stop: Value,
    factor: i64,
}

impl CountedLoop {
    fn find(func: &Function, cfg: &ControlFlowGraph, escaping: &HashSet<Value>, body: Block) -> Option<CountedLoop> {
        let branch = func.layout.last_inst(body)?;
        let InstructionData::Brif { opcode: Opcode::Brif, arg: cond, blocks } = func.dfg.insts[branch] else {
            return None;
        };
        let pool = &func.dfg.value_lists;
        if blocks[0].block(pool) != body || blocks[1].block(pool) == body {
            return None;
        }
        let exit = blocks[1].block(pool);
        let next = plain_args(blocks[0].args(pool))?;
        let exits = plain_args(blocks[1].args(pool))?;
        // Entered from the loop itself and from exactly one other branch.
        let preds: Vec<_> = cfg.pred_iter(body).collect();
        let outside: Vec<_> = preds.iter().filter(|p| p.block != body).collect();
        if preds.len() != 2 || outside.len() != 1 {
            return None;
        }
        let entry = outside[0].inst;
        let params = func.dfg.block_params(body).to_vec();
        let invariant = |v: Value| match params.iter().position(|p| *p == v) {
            Some(j) => next[j] == v,
            None => defined_outside(func, v, body),
        };
        // c = icmp slt|sgt n, stop with n = p_k + s.
        let (cc, n, stop) = match func.dfg.insts[def_inst(func, cond)?] {
            InstructionData::IntCompare { opcode: Opcode::Icmp, cond: cc, args } => (cc, args[0], args[1]),
            _ => return None,
        };
        let counter = next.iter().position(|v| *v == n)?;
        let (base, step_value) = match func.dfg.insts[def_inst(func, n)?] {
            InstructionData::Binary { opcode: Opcode::Iadd, args } => (args[0], args[1]),
            _ => return None,
        };
        let step =
            constant(func, through_params(func, cfg, entry_value(func, entry, body, &params, &next, step_value)?))?;
        match cc {
            IntCC::SignedLessThan if step > 0 => {}
            IntCC::SignedGreaterThan if step < 0 => {}
            _ => return None,
        }
        if base != params[counter] || !invariant(stop) || !invariant(step_value) || func.dfg.value_type(n) != clif::I64
        {
            return None;
        }
        let insts: Vec<Inst> = func.layout.block_insts(body).filter(|i| *i != branch).collect();
        if insts.iter().any(|i| func.dfg.insts[*i].opcode().is_call()) {
            return None;
        }
        // Values of the body reach other blocks only through the edges' arguments (the exit gains a
        // predecessor, so the body no longer dominates it).
        let leaks = func.dfg.block_params(body).iter().any(|p| escaping.contains(p))
            || insts.iter().any(|i| func.dfg.inst_results(*i).iter().any(|r| escaping.contains(r)));
        if leaks {
            return None;
        }
        let size = insts.iter().filter(|i| func.dfg.insts[**i].opcode() != Opcode::Iconst).count();
        let factor = if size <= SMALL_BODY {
            4
        } else if size <= MEDIUM_BODY {
            2
        } else {
            return None;
        };
        (factor - 1i64).checked_mul(step)?;
        Some(CountedLoop { body, entry, exit, insts, next, exits, counter, step, stop, factor })
    }

    fn unroll(self, func: &mut Function) {
        let params = func.dfg.block_params(self.body).to_vec();
        let types: Vec<clif::Type> = params.iter().map(|p| func.dfg.value_type(*p)).collect();
        let exit_types: Vec<clif::Type> = self.exits.iter().map(|v| func.dfg.value_type(*v)).collect();
        let (guard, unrolled, rest) = (func.dfg.make_block(), func.dfg.make_block(), func.dfg.make_block());
        let guard_params: Vec<Value> = types.iter().map(|t| func.dfg.append_block_param(guard, *t)).collect();
        let unrolled_params: Vec<Value> = types.iter().map(|t| func.dfg.append_block_param(unrolled, *t)).collect();
        let limit_param = func.dfg.append_block_param(unrolled, clif::I64);
        let rest_params: Vec<Value> = types.iter().map(|t| func.dfg.append_block_param(rest, *t)).collect();
        let rest_exits: Vec<Value> = exit_types.iter().map(|t| func.dfg.append_block_param(rest, *t)).collect();
        // Loop-invariant parameters of the body are the guard's and the unrolled block's too.
        let in_guard = |v: Value| params.iter().position(|p| *p == v).map_or(v, |j| guard_params[j]);
        let cc = if self.step > 0 { IntCC::SignedLessThan } else { IntCC::SignedGreaterThan };
        let span = (self.factor - 1) * self.step;

        func.layout.append_block(guard);
        func.layout.append_block(unrolled);
        func.layout.append_block(rest);
        let mut cursor = FuncCursor::new(func).at_bottom(guard);
        let stop = in_guard(self.stop);
        let span_value = cursor.ins().iconst(clif::I64, span);
        let (limit, overflow) = cursor.ins().ssub_overflow(stop, span_value);
        let room = cursor.ins().icmp(cc, guard_params[self.counter], limit);
        let no_overflow = cursor.ins().bxor_imm_u(overflow, 1);
        let go = cursor.ins().band(room, no_overflow);
        let mut to_unrolled: Vec<BlockArg> = guard_params.iter().map(|v| (*v).into()).collect();
        to_unrolled.push(limit.into());
        let to_body: Vec<BlockArg> = guard_params.iter().map(|v| (*v).into()).collect();
        cursor.ins().brif(go, unrolled, &to_unrolled, self.body, &to_body);

        // The unrolled block: the body K times.
        // Copy m sees the counter as `p_k + m*s`. Values that are the first copy's plus a constant (the
        // counter, its multiples, addresses from them) are tracked as such, and loads and stores through
        // them use the first copy's address with a larger offset: every copy shares one address
        // computation, and the displacement folds into the instruction.
        let first_counter = unrolled_params[self.counter];
        let mut inputs = unrolled_params.clone();
        let mut exits = Vec::new();
        for m in 0..self.factor {
            let mut map: HashMap<Value, Value> = params.iter().copied().zip(inputs.iter().copied()).collect();
            let mut affine: HashMap<Value, (Value, i64)> = HashMap::new();
            if m > 0 {
                let mut cursor = FuncCursor::new(func).at_bottom(unrolled);
                let counter = cursor.ins().iadd_imm_s(first_counter, m * self.step);
                map.insert(params[self.counter], counter);
                affine.insert(params[self.counter], (first_counter, m * self.step));
            }
            for &inst in &self.insts {
                if let Some(result) = copy_affine(func, unrolled, inst, &map, &mut affine) {
                    map.insert(func.dfg.first_result(inst), result);
                    continue;
                }
                let copy = func.dfg.clone_inst(inst);
                func.dfg.map_inst_values(copy, |v| map.get(&v).copied().unwrap_or(v));
                displace(func, copy, inst, &affine);
                func.layout.append_inst(copy, unrolled);
                let (old, new) = (func.dfg.inst_results(inst).to_vec(), func.dfg.inst_results(copy).to_vec());
                map.extend(old.into_iter().zip(new));
            }
            let mapped = |v: &Value| map.get(v).copied().unwrap_or(*v);
            inputs = self.next.iter().map(mapped).collect();
            exits = self.exits.iter().map(mapped).collect();
        }
        let mut cursor = FuncCursor::new(func).at_bottom(unrolled);
        let again = cursor.ins().icmp(cc, inputs[self.counter], limit_param);
        let mut back: Vec<BlockArg> = inputs.iter().map(|v| (*v).into()).collect();
        back.push(limit_param.into());
        let mut leave: Vec<BlockArg> = inputs.iter().map(|v| (*v).into()).collect();
        leave.extend(exits.iter().map(|v| BlockArg::from(*v)));
        cursor.ins().brif(again, unrolled, &back, rest, &leave);

        // What is left: once more through the original loop, or out.
        let mut cursor = FuncCursor::new(func).at_bottom(rest);
        let stop_in_rest = params.iter().position(|p| *p == self.stop).map_or(self.stop, |j| rest_params[j]);
        let more = cursor.ins().icmp(cc, rest_params[self.counter], stop_in_rest);
        let to_body: Vec<BlockArg> = rest_params.iter().map(|v| (*v).into()).collect();
        let to_exit: Vec<BlockArg> = rest_exits.iter().map(|v| (*v).into()).collect();
        cursor.ins().brif(more, self.body, &to_body, self.exit, &to_exit);

        // The loop is now entered through the guard.
        let dfg = &mut func.dfg;
        for call in dfg.insts[self.entry].branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables) {
            if call.block(&dfg.value_lists) == self.body {
                call.set_block(guard, &mut dfg.value_lists);
            }
        }
    }
}

/// Copies `inst` (of the original body) into `block` when it is affine in the counter: `a * c` or
/// `a + b` with `a` (or `b`) tracked as `first + offset`. Emits the first-copy form (`first * c`,
/// `first + b`, shared with the first copy by value numbering) and the value itself, records the
/// result as tracked, and returns the value. Keys of `affine` are values of the original body.
fn copy_affine(
    func: &mut Function,
    block: Block,
    inst: Inst,
    map: &HashMap<Value, Value>,
    affine: &mut HashMap<Value, (Value, i64)>,
) -> Option<Value> {
    let InstructionData::Binary { opcode, args } = func.dfg.insts[inst] else { return None };
    let result = func.dfg.first_result(inst);
    if func.dfg.value_type(result) != clif::I64 {
        return None;
    }
    let arg = |v: Value| map.get(&v).copied().unwrap_or(v);
    let mut cursor = FuncCursor::new(func).at_bottom(block);
    let (first, offset) = match opcode {
        Opcode::Imul => {
            let (first, offset) = *affine.get(&args[0])?;
            let c = constant(cursor.func, arg(args[1]))?;
            (cursor.ins().imul(first, arg(args[1])), offset.checked_mul(c)?)
        }
        Opcode::Iadd => match (affine.get(&args[0]).copied(), affine.get(&args[1]).copied()) {
            (Some((first, offset)), None) => (cursor.ins().iadd(first, arg(args[1])), offset),
            (None, Some((first, offset))) => (cursor.ins().iadd(arg(args[0]), first), offset),
            _ => return None,
        },
        _ => return None,
    };
    let value = cursor.ins().iadd_imm_s(first, offset);
    affine.insert(result, (first, offset));
    Some(value)
}

/// A load or store copied from `original` whose address is tracked as `first + offset`: addresses
/// `first` with the offset added to its own.
fn displace(func: &mut Function, copy: Inst, original: Inst, affine: &HashMap<Value, (Value, i64)>) {
    let (address_index, offset) = match func.dfg.insts[original] {
        InstructionData::Load { offset, .. } => (0, offset),
        InstructionData::Store { offset, .. } => (1, offset),
        _ => return,
    };
    let address = func.dfg.inst_args(original)[address_index];
    let Some(&(first, extra)) = affine.get(&address) else { return };
    let Some(total) = i64::from(offset).checked_add(extra).and_then(|t| i32::try_from(t).ok()) else { return };
    func.dfg.inst_args_mut(copy)[address_index] = first;
    match &mut func.dfg.insts[copy] {
        InstructionData::Load { offset, .. } | InstructionData::Store { offset, .. } => *offset = total.into(),
        _ => {}
    }
}

/// Values used in a block other than the one defining them (unrolling one loop adds no such use of
/// another loop's values, so this is computed once).
fn escaping_values(func: &Function) -> HashSet<Value> {
    let mut out = HashSet::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            out.extend(func.dfg.inst_values(inst).filter(|v| !defined_in(func, *v, block)));
        }
    }
    out
}

fn defined_in(func: &Function, v: Value, block: Block) -> bool {
    !defined_outside(func, v, block)
}

fn plain_args(mut args: impl Iterator<Item = BlockArg>) -> Option<Vec<Value>> {
    args.try_fold(Vec::new(), |mut out, a| {
        out.push(a.as_value()?);
        Some(out)
    })
}

/// The value a block parameter always receives, if every edge into its block passes the same one (or the
/// parameter itself); followed through a few blocks. Cranelift folds such parameters later on.
fn through_params(func: &Function, cfg: &ControlFlowGraph, mut v: Value) -> Value {
    for _ in 0..8 {
        let ValueDef::Param(block, j) = func.dfg.value_def(v) else { return v };
        let mut only = None;
        for pred in cfg.pred_iter(block) {
            let dfg = &func.dfg;
            for call in dfg.insts[pred.inst].branch_destination(&dfg.jump_tables, &dfg.exception_tables) {
                if call.block(&dfg.value_lists) != block {
                    continue;
                }
                let Some(arg) = call.args(&dfg.value_lists).nth(j).and_then(|a| a.as_value()) else { return v };
                if arg != v && only.replace(arg).is_some_and(|o| o != arg) {
                    return v;
                }
            }
        }
        match only {
            Some(x) => v = x,
            None => return v,
        }
    }
    v
}

fn def_inst(func: &Function, v: Value) -> Option<Inst> {
    match func.dfg.value_def(func.dfg.resolve_aliases(v)) {
        ValueDef::Result(inst, _) => Some(inst),
        _ => None,
    }
}

fn constant(func: &Function, v: Value) -> Option<i64> {
    match func.dfg.insts[def_inst(func, v)?] {
        InstructionData::UnaryImm { opcode: Opcode::Iconst, imm } => Some(imm.bits()),
        _ => None,
    }
}

/// Whether `v` is defined outside `block` (by an instruction of another block, or as another block's
/// parameter).
fn defined_outside(func: &Function, v: Value, block: Block) -> bool {
    match func.dfg.value_def(func.dfg.resolve_aliases(v)) {
        ValueDef::Result(inst, _) => func.layout.inst_block(inst) != Some(block),
        ValueDef::Param(b, _) => b != block,
        _ => false,
    }
}

/// The value a loop-invariant body parameter (or any value defined outside) has: for a parameter, what
/// the entering branch passes.
fn entry_value(func: &Function, entry: Inst, body: Block, params: &[Value], next: &[Value], v: Value) -> Option<Value> {
    let Some(j) = params.iter().position(|p| *p == v) else { return Some(v) };
    if next[j] != v {
        return None;
    }
    let dfg = &func.dfg;
    let calls = dfg.insts[entry].branch_destination(&dfg.jump_tables, &dfg.exception_tables);
    let call = calls.iter().find(|c| c.block(&dfg.value_lists) == body)?;
    call.args(&dfg.value_lists).nth(j)?.as_value()
}
