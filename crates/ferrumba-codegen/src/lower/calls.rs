//! Calls: dispatch on the call target chosen by type inference, and native calls to compiled functions.

use cranelift_codegen::ir::{condcodes::IntCC, InstBuilder, MemFlagsData, Value};
use cranelift_module::{FuncId, Module};
use ferrumba_ir::{Diagnostic, Op};
use ferrumba_typeinfer::{ArgSource, CallTarget, JitCall};
use ferrumba_types::Type;

use super::ops::Lowered;
use super::FunctionLowerer;
use crate::datamodel::leaf_types;

impl FunctionLowerer<'_> {
    pub(crate) fn lower_call(&mut self, op: &Op, target: &CallTarget) -> Result<Lowered, Diagnostic> {
        let Op::Call { func, args, kwargs } = op else { unreachable!() };
        // A method call passes its receiver (the bound method's value) first.
        let with_receiver = |args: &[ferrumba_ir::ValueId]| {
            let mut all = match self.ty(*func) {
                ferrumba_types::Type::BoundMethod { .. } => vec![*func],
                _ => vec![],
            };
            all.extend(args.iter().copied());
            all
        };
        match target {
            CallTarget::Jitted(call) => {
                let args = with_receiver(args);
                let leaves = self.call_jitted(call, &args, kwargs)?;
                Ok((leaves, call.ret.clone()))
            }
            CallTarget::ParFor(call) => {
                let leaves = self.lower_parfor(call, args)?;
                Ok((leaves, Type::Tuple(call.acc_types.clone())))
            }
            CallTarget::BinOp(kind, sig) => {
                if *kind == ferrumba_ir::BinOpKind::Pow {
                    self.check_zero_to_negative_power(args[0], args[1]);
                }
                let operands = self.operands(args, sig)?;
                Ok((self.binop(*kind, sig, &operands[0], &operands[1])?, sig.result.clone()))
            }
            CallTarget::Compare(kind, _) => {
                let (la, lb) = (self.get(args[0]), self.get(args[1]));
                let (ta, tb) = (self.ty(args[0]).clone(), self.ty(args[1]).clone());
                let v = self.compare(*kind, &la, &ta, &lb, &tb)?;
                Ok((vec![v], ferrumba_types::Type::Boolean))
            }
            CallTarget::Unary(kind, sig) => {
                let operands = self.operands(args, sig)?;
                Ok((self.unary(*kind, &sig.operands[0], &operands[0]), sig.result.clone()))
            }
            CallTarget::Builtin { name, sig } => {
                let mut all = with_receiver(args);
                all.extend(kwargs.iter().map(|(_, v)| *v));
                let operands = self.operands(&all, sig)?;
                let leaves = self.builtin(name, sig, &all, &operands)?;
                Ok((leaves, sig.result.clone()))
            }
        }
    }

    /// A native call: arguments in the callee's order (defaults materialized), a stack slot for the
    /// result, and propagation of a nonzero status to our caller.
    pub(crate) fn call_jitted(
        &mut self,
        call: &JitCall,
        args: &[ferrumba_ir::ValueId],
        kwargs: &[(String, ferrumba_ir::ValueId)],
    ) -> Result<Vec<Value>, Diagnostic> {
        let ret_leaves = leaf_types(&call.ret);
        let slot = self.call_result_slot(ret_leaves.len());
        // The callee gets the slot's address past its first word; the results are read back through an
        // address of their own (the slot's start), so that this one dies at the call.
        let ptr = self.pointer_type();
        let slot_addr = self.b.ins().stack_addr(ptr, slot, 8);
        let mut call_args = vec![slot_addr, self.stack_limit];
        for (source, param) in call.args.iter().zip(&call.params) {
            let (leaves, ty) = match source {
                ArgSource::Positional(i) => (self.get(args[*i]), self.ty(args[*i]).clone()),
                ArgSource::Keyword(i) => (self.get(kwargs[*i].1), self.ty(kwargs[*i].1).clone()),
                ArgSource::Default(c) => {
                    let ty = ferrumba_typeinfer::constant_type(c);
                    (self.constant_leaves(c), ty)
                }
            };
            call_args.extend(self.convert(leaves, &ty, param)?);
        }
        let callee = match self.callees.get(&call.func_ref) {
            Some(f) => *f,
            None => {
                let f = self.module.declare_func_in_func(FuncId::from_u32(call.func_ref), self.b.func);
                self.callees.insert(call.func_ref, f);
                f
            }
        };
        let inst = self.b.ins().call(callee, &call_args);
        let status = self.b.inst_results(inst)[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, 0);
        self.propagate_status_if(failed, status);
        let start = self.b.ins().stack_addr(ptr, slot, 0);
        Ok(ret_leaves
            .iter()
            .enumerate()
            .map(|(i, t)| self.b.ins().load(*t, MemFlagsData::trusted(), start, (8 + 8 * i) as i32))
            .collect())
    }

    /// Returns the callee's status unchanged when `cond` holds.
    pub(crate) fn propagate_status_if(&mut self, cond: Value, status: Value) {
        let fail = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(cond, fail, &[], cont, &[]);
        self.b.set_cold_block(fail);
        self.switch_to(fail);
        self.release_for_early_exit();
        self.b.ins().return_(&[status]);
        self.switch_to(cont);
    }
}
