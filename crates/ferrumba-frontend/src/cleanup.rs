//! Turns the builder's state into a clean [`Function`]: reachable blocks only, renumbered in reverse
//! postorder (entry first), trivial phis removed, values renumbered densely, and a final consistency check.

use std::collections::HashMap;

use ferrumba_ir::{Block, BlockId, Diagnostic, Function, Inst, Op, Param, Phi, Span, Terminator, ValueId};

use crate::builder::Builder;

fn successors(term: Option<&(Terminator, Span)>) -> Vec<BlockId> {
    match term.map(|t| &t.0) {
        Some(Terminator::Jump(t)) => vec![*t],
        Some(Terminator::Branch { then_block, else_block, .. }) => vec![*then_block, *else_block],
        _ => vec![],
    }
}

/// Blocks reachable from the entry, in reverse postorder. Successors are explored last-first (popped off
/// the end of the terminator-order list) so that the `then` side of a branch comes before the `else` side
/// and a loop body before the code after the loop.
fn reverse_postorder(b: &Builder) -> Vec<BlockId> {
    let n = b.blocks.len();
    let mut visited = vec![false; n];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(BlockId, Vec<BlockId>)> = Vec::new();
    visited[0] = true;
    stack.push((BlockId::ENTRY, successors(b.blocks[0].term.as_ref())));
    while let Some((block, pending)) = stack.last_mut() {
        if let Some(next) = pending.pop() {
            if !visited[next.index()] {
                visited[next.index()] = true;
                stack.push((next, successors(b.blocks[next.index()].term.as_ref())));
            }
        } else {
            post.push(*block);
            stack.pop();
        }
    }
    post.reverse();
    post
}

pub(crate) fn finish(mut b: Builder, name: String, params: Vec<Param>, span: Span) -> Result<Function, Diagnostic> {
    let order = reverse_postorder(&b);
    let mut reachable = vec![false; b.blocks.len()];
    for &id in &order {
        reachable[id.index()] = true;
    }

    // Phi operands from unreachable predecessors go away; then remove trivial phis to a fixpoint.
    for &id in &order {
        for phi in &mut b.blocks[id.index()].phis {
            phi.incoming.retain(|(p, _)| reachable[p.index()]);
        }
    }
    loop {
        let mut changed = false;
        for &id in &order {
            for i in 0..b.blocks[id.index()].phis.len() {
                let dest = b.blocks[id.index()].phis[i].dest;
                if b.alias[dest.index()].is_none() && b.try_remove_trivial_phi(dest) != dest {
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }

    let (order, merged) = merge_straight_lines(&mut b, order);

    // Use counts, to drop `Undefined`s that nothing reads any more.
    let mut uses: HashMap<ValueId, u32> = HashMap::new();
    for &id in &order {
        let block = &b.blocks[id.index()];
        let mut operands: Vec<ValueId> = Vec::new();
        for phi in &block.phis {
            if b.alias[phi.dest.index()].is_none() {
                operands.extend(phi.incoming.iter().map(|(_, v)| *v));
            }
        }
        for inst in &block.insts {
            operands.extend(inst.op.operands());
        }
        match block.term.as_ref().map(|t| &t.0) {
            Some(Terminator::Branch { cond, .. }) => operands.push(*cond),
            Some(Terminator::Return(v)) => operands.push(*v),
            _ => {}
        }
        for v in operands {
            let v = b.resolve(v);
            *uses.entry(v).or_insert(0) += 1;
        }
    }

    // New numbering: blocks in reverse postorder, values in order of definition.
    let mut block_map = vec![None; b.blocks.len()];
    for (i, &id) in order.iter().enumerate() {
        block_map[id.index()] = Some(BlockId::new(i));
    }
    // A block merged into its predecessor is now that predecessor as far as edges are concerned.
    for (id, into) in merged.iter().enumerate() {
        if let Some(into) = into {
            block_map[id] = block_map[into.index()];
        }
    }
    let mut value_map: Vec<Option<ValueId>> = vec![None; b.values.len()];
    let mut values = Vec::new();
    let keep_inst = |inst: &Inst| !matches!(inst.op, Op::Undefined(_)) || uses.contains_key(&inst.result);
    for &id in &order {
        let block = &b.blocks[id.index()];
        for phi in &block.phis {
            if b.alias[phi.dest.index()].is_none() {
                value_map[phi.dest.index()] = Some(ValueId::new(values.len()));
                values.push(b.values[phi.dest.index()].clone());
            }
        }
        for inst in &block.insts {
            if keep_inst(inst) {
                value_map[inst.result.index()] = Some(ValueId::new(values.len()));
                values.push(b.values[inst.result.index()].clone());
            }
        }
    }

    let mut err: Option<String> = None;
    let mut map_value = |b: &mut Builder, v: ValueId| -> ValueId {
        let r = b.resolve(v);
        match value_map[r.index()] {
            Some(n) => n,
            None => {
                err.get_or_insert_with(|| format!("value {v} is used but never defined"));
                ValueId(0)
            }
        }
    };
    let mut blocks = Vec::with_capacity(order.len());
    for &id in &order {
        let data = std::mem::take(&mut b.blocks[id.index()].phis);
        let mut phis = Vec::with_capacity(data.len());
        for phi in data {
            if b.alias[phi.dest.index()].is_some() {
                continue;
            }
            let dest = map_value(&mut b, phi.dest);
            let incoming = phi
                .incoming
                .iter()
                .map(|&(p, v)| (block_map[p.index()].unwrap_or(BlockId(u32::MAX)), map_value(&mut b, v)))
                .collect();
            phis.push(Phi { dest, incoming });
        }
        let old_insts = std::mem::take(&mut b.blocks[id.index()].insts);
        let mut insts = Vec::with_capacity(old_insts.len());
        for inst in old_insts {
            if !keep_inst(&inst) {
                continue;
            }
            let result = map_value(&mut b, inst.result);
            let op = map_op(inst.op, |v| map_value(&mut b, v));
            insts.push(Inst { result, op, span: inst.span });
        }
        let (term, term_span) = b.blocks[id.index()].term.take().unwrap_or((Terminator::Unreachable, Span::default()));
        let mb = |t: BlockId| block_map[t.index()].unwrap_or(BlockId(u32::MAX));
        let term = match term {
            Terminator::Jump(t) => Terminator::Jump(mb(t)),
            Terminator::Branch { cond, then_block, else_block } => Terminator::Branch {
                cond: map_value(&mut b, cond),
                then_block: mb(then_block),
                else_block: mb(else_block),
            },
            Terminator::Return(v) => Terminator::Return(map_value(&mut b, v)),
            t => t,
        };
        blocks.push(Block { phis, insts, term, term_span });
    }
    let func = Function { name, params, blocks, values, span };
    if let Some(e) = err {
        return Err(Diagnostic::internal(format!("frontend produced invalid IR: {e}\n{func}")));
    }
    verify(&func).map_err(|e| Diagnostic::internal(format!("frontend produced invalid IR: {e}\n{func}")))?;
    Ok(func)
}

/// Appends each block that has a single predecessor ending in a jump to it onto that predecessor
/// (`x = g(1)` with an inlined `g`, `if` branches that only jump on). Returns the remaining blocks in
/// order and, per block, the block it was merged into (already followed to the end of the chain).
fn merge_straight_lines(b: &mut Builder, order: Vec<BlockId>) -> (Vec<BlockId>, Vec<Option<BlockId>>) {
    let n = b.blocks.len();
    let mut pred_count = vec![0u32; n];
    let mut single_pred = vec![BlockId::ENTRY; n];
    for &id in &order {
        for s in successors(b.blocks[id.index()].term.as_ref()) {
            pred_count[s.index()] += 1;
            single_pred[s.index()] = id;
        }
    }
    let mut merged: Vec<Option<BlockId>> = vec![None; n];
    for &id in &order {
        if id == BlockId::ENTRY || pred_count[id.index()] != 1 {
            continue;
        }
        if b.blocks[id.index()].phis.iter().any(|p| b.alias[p.dest.index()].is_none()) {
            continue;
        }
        let p = single_pred[id.index()];
        let r = merged[p.index()].unwrap_or(p);
        if r == id || !matches!(b.blocks[r.index()].term, Some((Terminator::Jump(t), _)) if t == id) {
            continue;
        }
        let insts = std::mem::take(&mut b.blocks[id.index()].insts);
        let term = b.blocks[id.index()].term.take();
        let into = &mut b.blocks[r.index()];
        into.insts.extend(insts);
        into.term = term;
        merged[id.index()] = Some(r);
    }
    let order = order.into_iter().filter(|id| merged[id.index()].is_none()).collect();
    (order, merged)
}

/// Rewrites every value an operation reads.
fn map_op(op: Op, mut f: impl FnMut(ValueId) -> ValueId) -> Op {
    match op {
        Op::Arg(_) | Op::Const(_) | Op::Global(_) | Op::Undefined(_) => op,
        Op::BinOp(k, a, b) => Op::BinOp(k, f(a), f(b)),
        Op::InplaceBinOp(k, a, b) => Op::InplaceBinOp(k, f(a), f(b)),
        Op::UnaryOp(k, a) => Op::UnaryOp(k, f(a)),
        Op::Compare(k, a, b) => Op::Compare(k, f(a), f(b)),
        Op::Is { lhs, rhs, negated } => Op::Is { lhs: f(lhs), rhs: f(rhs), negated },
        Op::Truth(a) => Op::Truth(f(a)),
        Op::Copy(a) => Op::Copy(f(a)),
        Op::Call { func, args, kwargs } => Op::Call {
            func: f(func),
            args: args.into_iter().map(&mut f).collect(),
            kwargs: kwargs.into_iter().map(|(k, v)| (k, f(v))).collect(),
        },
        Op::GetAttr(a, n) => Op::GetAttr(f(a), n),
        Op::MakeTuple(items) => Op::MakeTuple(items.into_iter().map(f).collect()),
        Op::StaticGetItem(a, i) => Op::StaticGetItem(f(a), i),
        Op::GetItem(a, i) => Op::GetItem(f(a), f(i)),
        Op::StaticSlice { value, start, stop, step } => Op::StaticSlice { value: f(value), start, stop, step },
        Op::SetItem { target, index, value } => Op::SetItem { target: f(target), index: f(index), value: f(value) },
        Op::UnpackItem { value, index, count } => Op::UnpackItem { value: f(value), index, count },
        Op::GetIter(a) => Op::GetIter(f(a)),
        Op::IterValid(a) => Op::IterValid(f(a)),
        Op::IterValue(a) => Op::IterValue(f(a)),
        Op::IterAdvance(a) => Op::IterAdvance(f(a)),
    }
}

/// Structural checks: every phi has one entry per predecessor, every used value is defined once, and
/// every branch target exists.
pub(crate) fn verify(func: &Function) -> Result<(), String> {
    let n = func.blocks.len();
    let mut preds: Vec<Vec<BlockId>> = vec![Vec::new(); n];
    for id in func.block_ids() {
        for s in func.successors(id) {
            if s.index() >= n {
                return Err(format!("{id} jumps to a missing block"));
            }
            preds[s.index()].push(id);
        }
    }
    let mut defined = vec![false; func.values.len()];
    let mut define = |v: ValueId| -> Result<(), String> {
        match defined.get_mut(v.index()) {
            Some(d) if !*d => {
                *d = true;
                Ok(())
            }
            _ => Err(format!("{v} is defined twice or out of range")),
        }
    };
    for id in func.block_ids() {
        let block = func.block(id);
        for phi in &block.phis {
            define(phi.dest)?;
            let mut got: Vec<BlockId> = phi.incoming.iter().map(|(b, _)| *b).collect();
            let mut want = preds[id.index()].clone();
            got.sort();
            want.sort();
            if got != want {
                return Err(format!("phi {} in {id} has incoming {got:?} but predecessors {want:?}", phi.dest));
            }
        }
        for inst in &block.insts {
            define(inst.result)?;
        }
    }
    for id in func.block_ids() {
        let block = func.block(id);
        let mut used: Vec<ValueId> = block.phis.iter().flat_map(|p| p.incoming.iter().map(|(_, v)| *v)).collect();
        for inst in &block.insts {
            used.extend(inst.op.operands());
        }
        match &block.term {
            Terminator::Branch { cond, .. } => used.push(*cond),
            Terminator::Return(v) => used.push(*v),
            _ => {}
        }
        if let Some(v) = used.iter().find(|v| !defined.get(v.index()).copied().unwrap_or(false)) {
            return Err(format!("{v} is used in {id} but not defined"));
        }
    }
    Ok(())
}
