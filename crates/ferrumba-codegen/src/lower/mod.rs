//! Lowering of one typed function to CLIF: blocks in reverse postorder, phis as block parameters.
//!
//! Submodules: `convert` (casts between types), `ops` (operators, tuples, iterators), `compare`, `builtins`
//! (`math`, `cmath` and builtin functions), `calls` (calls to other compiled functions), `arrays`, `flat`
//! (`a.flat`: C-order indexing of any layout), `parfor` (`prange` loops run by the runtime's thread pool).

mod arith;
mod arrays;
mod builtins;
mod calls;
mod compare;
mod convert;
mod facts;
mod flat;
mod hoist;
mod iterators;
mod ops;
mod parfor;
mod refcount;

use std::collections::HashMap;

use cranelift_codegen::ir::{
    condcodes::IntCC, types as clif, AbiParam, Block, BlockArg, FuncRef, InstBuilder, MemFlagsData, StackSlotData,
    StackSlotKind, Value,
};
use cranelift_frontend::FunctionBuilder;
use cranelift_jit::JITModule;
use cranelift_module::{Linkage, Module};
use ferrumba_ir::{BlockId, Constant, Diagnostic, Op, Terminator, ValueId};
use ferrumba_runtime::{register_raise_site, RaiseArg, RaiseSite};
use ferrumba_typeinfer::TypedFunction;
use ferrumba_types::Type;

use crate::datamodel::leaf_types;
use crate::module::Codegen;
use crate::CodegenOptions;

/// Lowers `typed` into `cg.ctx.func` (whose signature is already set).
pub(crate) fn lower_function(
    cg: &mut Codegen,
    typed: &TypedFunction,
    options: &CodegenOptions,
) -> Result<(), Diagnostic> {
    let Codegen { module, ctx, fctx, entries, .. } = cg;
    let config = module.target_config();
    let b = FunctionBuilder::new(&mut ctx.func, fctx);
    let mut lowerer = FunctionLowerer {
        b,
        module,
        typed,
        options,
        values: vec![None; typed.func.values.len()],
        blocks: Vec::new(),
        ret_ptr: Value::from_u32(0),
        stack_limit: Value::from_u32(0),
        imports: HashMap::new(),
        callees: HashMap::new(),
        entries,
        facts: facts::IntFacts::compute(typed),
        liveness: refcount::Liveness::compute(typed),
        loops: hoist::Loops::default(),
        placement: hoist::Placement::default(),
        defined_in_block: Vec::new(),
    };
    let result = lowerer.lower_body();
    lowerer.b.seal_all_blocks();
    lowerer.b.finalize(config);
    result
}

pub(crate) struct FunctionLowerer<'a> {
    pub b: FunctionBuilder<'a>,
    pub module: &'a mut JITModule,
    pub typed: &'a TypedFunction,
    pub options: &'a CodegenOptions,
    /// The leaves of each SSA value once lowered.
    values: Vec<Option<Vec<Value>>>,
    blocks: Vec<Block>,
    ret_ptr: Value,
    /// The lowest stack address this call may use; passed down every native call.
    pub(crate) stack_limit: Value,
    imports: HashMap<&'static str, FuncRef>,
    callees: HashMap<u32, FuncRef>,
    /// The entry wrapper of each compiled function (`prange` bodies are called through theirs).
    entries: &'a HashMap<u32, u32>,
    /// Literal range steps and lower bounds of integers (to skip sign checks).
    facts: facts::IntFacts,
    /// Where counted values (arrays) die.
    liveness: refcount::Liveness,
    /// The IR's loops, and where lowering stands in them (for hoisting address arithmetic).
    loops: hoist::Loops,
    placement: hoist::Placement,
    /// Counted values defined so far in the IR block being lowered (released on an early exit).
    defined_in_block: Vec<ValueId>,
}

impl FunctionLowerer<'_> {
    fn lower_body(&mut self) -> Result<(), Diagnostic> {
        let func = &self.typed.func;
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        for id in func.block_ids() {
            let block = self.b.create_block();
            if !self.typed.live_blocks[id.index()] {
                self.blocks.push(block);
                continue;
            }
            for phi in &func.block(id).phis {
                for leaf in leaf_types(self.ty(phi.dest)) {
                    self.b.append_block_param(block, leaf);
                }
            }
            self.blocks.push(block);
        }
        self.b.switch_to_block(entry);
        self.ret_ptr = self.b.block_params(entry)[0];
        self.stack_limit = self.b.block_params(entry)[1];
        let params = self.b.block_params(entry)[2..].to_vec();
        if self
            .typed
            .calls
            .values()
            .any(|c| matches!(c, ferrumba_typeinfer::CallTarget::Jitted(_) | ferrumba_typeinfer::CallTarget::ParFor(_)))
        {
            self.check_stack();
        }
        self.b.ins().jump(self.blocks[0], &[]);
        let arg_leaves = self.split_args(&params);

        let order = reverse_postorder(self.typed);
        self.loops = hoist::Loops::compute(self.typed, &order);
        for id in order {
            let block = self.blocks[id.index()];
            self.placement.current = Some(id);
            self.defined_in_block.clear();
            self.switch_to(block);
            let mut params = self.b.block_params(block).to_vec().into_iter();
            for phi in &func.block(id).phis {
                let n = leaf_types(self.ty(phi.dest)).len();
                let leaves: Vec<Value> = params.by_ref().take(n).collect();
                self.set(phi.dest, leaves);
                self.owned(phi.dest);
            }
            for inst in &func.block(id).insts {
                let (leaves, natural) = match &inst.op {
                    Op::Arg(i) => (arg_leaves[*i].clone(), self.typed.arg_types[*i].clone()),
                    op => self.lower_op(inst.result, op).map_err(|d| {
                        if d.span.is_none() {
                            Diagnostic { span: Some(inst.span), ..d }
                        } else {
                            d
                        }
                    })?,
                };
                let target = self.ty(inst.result).clone();
                let leaves = self.convert(leaves, &natural, &target)?;
                if !refcount::returns_owned(&inst.op, inst.result, &self.typed.calls) {
                    self.incref(&leaves, &target);
                }
                self.set(inst.result, leaves);
                if !matches!(inst.op, Op::Arg(_)) {
                    self.owned(inst.result);
                }
            }
            self.lower_terminator(id)?;
        }
        Ok(())
    }

    /// Splits the entry block's parameters into each argument's leaves.
    fn split_args(&self, params: &[Value]) -> Vec<Vec<Value>> {
        let mut rest = params;
        self.typed
            .arg_types
            .iter()
            .map(|t| {
                let (head, tail) = rest.split_at(leaf_types(t).len());
                rest = tail;
                head.to_vec()
            })
            .collect()
    }

    fn lower_terminator(&mut self, id: BlockId) -> Result<(), Diagnostic> {
        if let Some(current) = self.b.current_block() {
            self.placement.end_of.insert(id, current);
        }
        let func = &self.typed.func;
        match &func.block(id).term {
            Terminator::Jump(target) => self.jump_edge(id, *target)?,
            Terminator::Branch { then_block, else_block, .. } if self.typed.decided_branches.contains_key(&id) => {
                let target = if self.typed.decided_branches[&id] { *then_block } else { *else_block };
                self.jump_edge(id, target)?;
            }
            Terminator::Branch { cond, then_block, else_block }
                if self.edge_has_work(id, *then_block) || self.edge_has_work(id, *else_block) =>
            {
                // Each edge may release different arrays: give each its own block.
                let c = self.truth(*cond)?;
                let (then_edge, else_edge) = (self.b.create_block(), self.b.create_block());
                self.b.ins().brif(c, then_edge, &[], else_edge, &[]);
                for (edge, target) in [(then_edge, *then_block), (else_edge, *else_block)] {
                    self.switch_to(edge);
                    self.jump_edge(id, target)?;
                }
            }
            Terminator::Branch { cond, then_block, else_block } => {
                let c = self.truth(*cond)?;
                let then_args = self.edge_args(id, *then_block)?;
                let else_args = self.edge_args(id, *else_block)?;
                self.b.ins().brif(
                    c,
                    self.blocks[then_block.index()],
                    &then_args,
                    self.blocks[else_block.index()],
                    &else_args,
                );
            }
            Terminator::Return(v) => {
                let leaves = self.get(*v);
                let ret_type = self.typed.return_type.clone();
                let leaves = self.convert(leaves, &self.ty(*v).clone(), &ret_type)?;
                self.store_slots(self.ret_ptr, &leaves);
                self.hand_over(&leaves, &ret_type, &self.liveness.alive_at_end(id));
                let ok = self.b.ins().iconst(clif::I32, 0);
                self.b.ins().return_(&[ok]);
            }
            Terminator::Raise { exc, args } => {
                let code = register_raise_site(RaiseSite {
                    exc_id: Some(exc.id),
                    exc_name: exc.name.clone(),
                    args: args.iter().map(raise_arg).collect(),
                });
                self.release(&self.liveness.alive_at_end(id));
                self.return_status(code);
            }
            Terminator::Unreachable => {
                let code = self.raise_code("SystemError", "reached code the compiler believed unreachable");
                self.return_status(code);
            }
        }
        Ok(())
    }

    /// Whether leaving `pred` for `succ` must touch reference counts (then the edge gets its own block).
    fn edge_has_work(&self, pred: BlockId, succ: BlockId) -> bool {
        self.liveness.any
            && (!self.liveness.dying_on_edge(&self.typed.func, pred, succ).is_empty()
                || self.typed.func.block(succ).phis.iter().any(|p| self.ty(p.dest).needs_refcount()))
    }

    /// Leaves `pred` for `succ`: the phis' values (each taking a reference), then the references of
    /// what dies on this edge are dropped.
    fn jump_edge(&mut self, pred: BlockId, succ: BlockId) -> Result<(), Diagnostic> {
        let args = self.edge_args(pred, succ)?;
        if self.liveness.any {
            let dying = self.liveness.dying_on_edge(&self.typed.func, pred, succ);
            self.release(&dying);
        }
        self.b.ins().jump(self.blocks[succ.index()], &args);
        Ok(())
    }

    /// The arguments of the edge `pred → succ`: each phi's incoming value, converted to the phi's type.
    fn edge_args(&mut self, pred: BlockId, succ: BlockId) -> Result<Vec<BlockArg>, Diagnostic> {
        let mut args = Vec::new();
        for phi in &self.typed.func.block(succ).phis {
            let (_, v) =
                phi.incoming.iter().find(|(p, _)| *p == pred).ok_or_else(|| {
                    Diagnostic::internal(format!("phi {} in {succ} has no value for {pred}", phi.dest))
                })?;
            let leaves = self.get(*v);
            let phi_type = self.ty(phi.dest).clone();
            let leaves = self.convert(leaves, &self.ty(*v).clone(), &phi_type)?;
            self.incref(&leaves, &phi_type);
            args.extend(leaves.into_iter().map(BlockArg::from));
        }
        Ok(args)
    }

    pub(crate) fn ty(&self, v: ValueId) -> &Type {
        &self.typed.types[v.index()]
    }

    pub(crate) fn get(&self, v: ValueId) -> Vec<Value> {
        self.values[v.index()].clone().unwrap_or_else(|| panic!("{v} used before it was lowered"))
    }

    fn set(&mut self, v: ValueId, leaves: Vec<Value>) {
        self.values[v.index()] = Some(leaves);
    }

    /// Records that the block now owns `v` (if counted), for releases on an early exit.
    fn owned(&mut self, v: ValueId) {
        if self.liveness.any && self.ty(v).needs_refcount() {
            self.defined_in_block.push(v);
        }
    }

    /// A constant operand, if the value is a literal.
    pub(crate) fn constant(&self, v: ValueId) -> Option<&Constant> {
        match self.typed.func.defining_op(v) {
            Some(Op::Const(c)) => Some(c),
            _ => None,
        }
    }

    pub(crate) fn const_step(&self, v: ValueId) -> Option<i64> {
        self.facts.steps.get(&v).copied()
    }

    /// Whether an integer value is known never to be negative (unsigned, bool, or bounded below).
    pub(crate) fn never_negative(&self, v: ValueId) -> bool {
        match self.ty(v) {
            Type::Integer(i) if !i.signed => true,
            Type::Boolean => true,
            _ => self.facts.lower_bounds.get(&v).is_some_and(|lb| *lb >= 0),
        }
    }

    /// Stores leaves into consecutive 8-byte slots at `ptr`.
    pub(crate) fn store_slots(&mut self, ptr: Value, leaves: &[Value]) {
        for (i, leaf) in leaves.iter().enumerate() {
            self.b.ins().store(MemFlagsData::trusted(), *leaf, ptr, (8 * i) as i32);
        }
    }

    /// Loads leaves of the given types from consecutive 8-byte slots at `ptr`.
    pub(crate) fn load_slots(&mut self, ptr: Value, types: &[clif::Type]) -> Vec<Value> {
        types
            .iter()
            .enumerate()
            .map(|(i, t)| self.b.ins().load(*t, MemFlagsData::trusted(), ptr, (8 * i) as i32))
            .collect()
    }

    /// The stack slot one native call returns its result in: a first word, then `leaves` 8-byte slots.
    /// Each call has its own, so that no slot address stays live across calls (it would hold a
    /// callee-saved register, saved and restored on every call of this function).
    pub(crate) fn call_result_slot(&mut self, leaves: usize) -> cranelift_codegen::ir::StackSlot {
        let bytes = 8 * (1 + leaves as u32);
        self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, bytes, 3))
    }

    /// The address of a fresh stack slot of `bytes` bytes.
    pub(crate) fn stack_slot(&mut self, bytes: u32) -> Value {
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, bytes.max(8), 3));
        let ptr = self.pointer_type();
        self.b.ins().stack_addr(ptr, slot, 0)
    }

    pub(crate) fn pointer_type(&self) -> clif::Type {
        self.module.target_config().pointer_type()
    }

    /// Calls the runtime function `name` (see `ferrumba_runtime::symbols`).
    pub(crate) fn call_runtime(
        &mut self,
        name: &'static str,
        args: &[Value],
        params: &[clif::Type],
        returns: &[clif::Type],
    ) -> Vec<Value> {
        let func_ref = match self.imports.get(name) {
            Some(f) => *f,
            None => {
                let mut sig = self.module.make_signature();
                sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
                sig.returns.extend(returns.iter().map(|t| AbiParam::new(*t)));
                let id = self
                    .module
                    .declare_function(name, Linkage::Import, &sig)
                    .unwrap_or_else(|e| panic!("runtime function {name}: {e}"));
                let f = self.module.declare_func_in_func(id, self.b.func);
                self.imports.insert(name, f);
                f
            }
        };
        let call = self.b.ins().call(func_ref, args);
        self.b.inst_results(call).to_vec()
    }

    pub(crate) fn raise_code(&self, exc_name: &str, message: &str) -> i32 {
        register_raise_site(RaiseSite::builtin(exc_name, message))
    }

    fn return_status(&mut self, code: i32) {
        let status = self.b.ins().iconst(clif::I32, i64::from(code));
        self.b.ins().return_(&[status]);
    }

    /// Raises RecursionError when the stack pointer is below the limit, before deep recursion could
    /// overflow the thread's stack (only functions that call compiled functions check).
    fn check_stack(&mut self) {
        let ptr = self.pointer_type();
        let sp = self.b.ins().get_stack_pointer(ptr);
        let exhausted = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, self.stack_limit);
        self.raise_if(exhausted, "RecursionError", "maximum recursion depth exceeded in compiled code");
    }

    /// Raises `exc_name(message)` when `cond` (an i8 truth value) is nonzero; continues otherwise.
    pub(crate) fn raise_if(&mut self, cond: Value, exc_name: &str, message: &str) {
        let code = self.raise_code(exc_name, message);
        self.return_status_if(cond, code);
    }

    /// Returns `code` (a status, or a callee's status value) when `cond` is nonzero.
    pub(crate) fn return_status_if(&mut self, cond: Value, code: i32) {
        let raise = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(cond, raise, &[], cont, &[]);
        self.b.set_cold_block(raise);
        self.switch_to(raise);
        self.release_for_early_exit();
        self.return_status(code);
        self.switch_to(cont);
    }

    /// Before leaving the function in the middle of a block: drops what is owned at this point.
    pub(crate) fn release_for_early_exit(&mut self) {
        if let (true, Some(current)) = (self.liveness.any, self.placement.current) {
            let alive = self.liveness.alive_within(current, &self.defined_in_block);
            self.release(&alive);
        }
    }
}

/// A constant exception argument as the runtime stores it.
fn raise_arg(c: &Constant) -> RaiseArg {
    match c {
        Constant::None => RaiseArg::None,
        Constant::Ellipsis => RaiseArg::Str("Ellipsis".into()),
        Constant::Bool(b) => RaiseArg::Bool(*b),
        Constant::Int(i) => RaiseArg::Int(*i),
        Constant::Float(x) => RaiseArg::Float(x.to_bits()),
        Constant::Complex(re, im) => RaiseArg::Complex(re.to_bits(), im.to_bits()),
        Constant::Str(s) => RaiseArg::Str(s.clone()),
        Constant::Tuple(items) => RaiseArg::Tuple(items.iter().map(raise_arg).collect()),
    }
}

/// Live blocks in reverse postorder from the entry, so every value is lowered before its uses.
fn reverse_postorder(typed: &TypedFunction) -> Vec<BlockId> {
    let func = &typed.func;
    let successors = |b: BlockId| match (&func.block(b).term, typed.decided_branches.get(&b)) {
        (Terminator::Branch { then_block, else_block, .. }, Some(taken)) => {
            vec![if *taken { *then_block } else { *else_block }]
        }
        _ => func.successors(b),
    };
    let n = func.blocks.len();
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut stack = vec![(BlockId::ENTRY, 0usize)];
    visited[0] = true;
    while let Some((block, next)) = stack.pop() {
        let succs = successors(block);
        if let Some(&s) = succs.get(next) {
            stack.push((block, next + 1));
            if !visited[s.index()] {
                visited[s.index()] = true;
                stack.push((s, 0));
            }
        } else {
            order.push(block);
        }
    }
    order.reverse();
    order
}
