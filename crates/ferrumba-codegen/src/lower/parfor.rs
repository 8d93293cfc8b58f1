//! Lowering of parallel loops: `ferrumba.parfor/<k>` becomes one call of the runtime's
//! `ferrumba_parallel_for` with the entry wrappers of the outlined body and combine functions, the
//! body's arguments packed into 8-byte slots and a slot block for the running result (see
//! `ferrumba_runtime`'s `pool` module); also the reduction identities and the thread queries.

use cranelift_codegen::ir::{condcodes::IntCC, types as clif, InstBuilder, Value};
use cranelift_module::{FuncId, Module};
use ferrumba_ir::{Diagnostic, ValueId};
use ferrumba_typeinfer::ParForCall;
use ferrumba_types::Type;

use super::FunctionLowerer;
use crate::datamodel::{leaf_types, owner_leaves};

impl FunctionLowerer<'_> {
    /// `parfor(body, combine, start, stop, step, captured..., inits...)` → the reduced values.
    pub(crate) fn lower_parfor(&mut self, call: &ParForCall, args: &[ValueId]) -> Result<Vec<Value>, Diagnostic> {
        let ptr = self.pointer_type();
        // The body's arguments: chunk bounds (filled by the runtime), step, captured values, inits.
        let mut body_leaves = Vec::new();
        for (i, a) in args[2..].iter().enumerate() {
            let (leaves, ty) = (self.get(*a), self.ty(*a).clone());
            let param = &call.body.params[i];
            body_leaves.extend(self.convert(leaves, &ty, param)?);
        }
        let args_ptr = self.stack_slot(8 * body_leaves.len() as u32);
        self.store_slots(args_ptr, &body_leaves);
        // The running result, starting from the initial values converted to the result types.
        let inits = &args[args.len() - call.reductions..];
        let mut acc_leaves = Vec::new();
        for (a, to) in inits.iter().zip(&call.acc_types) {
            let (leaves, ty) = (self.get(*a), self.ty(*a).clone());
            acc_leaves.extend(self.convert(leaves, &ty, to)?);
        }
        let acc_type = Type::Tuple(call.acc_types.clone());
        let acc_types = leaf_types(&acc_type);
        let acc_ptr = self.stack_slot(8 * acc_types.len() as u32);
        self.store_slots(acc_ptr, &acc_leaves);
        let part_leaves = leaf_types(&call.body.ret).len();
        let (acc_owners, part_owners) = (owner_mask(&acc_type)?, owner_mask(&call.body.ret)?);

        let body = self.entry_address(call.body.func_ref)?;
        let combine = self.entry_address(call.combine.func_ref)?;
        let iconst = |lw: &mut Self, v: u64| lw.b.ins().iconst(clif::I64, v as i64);
        let n_args = iconst(self, body_leaves.len() as u64);
        let n_acc = iconst(self, acc_types.len() as u64);
        let n_part = iconst(self, part_leaves as u64);
        let acc_mask = iconst(self, acc_owners);
        let part_mask = iconst(self, part_owners);
        let i64s = [ptr, ptr, ptr, clif::I64, ptr, clif::I64, clif::I64, clif::I64, clif::I64, ptr];
        let call_args =
            [body, combine, args_ptr, n_args, acc_ptr, n_acc, n_part, acc_mask, part_mask, self.stack_limit];
        let status = self.call_runtime("ferrumba_parallel_for", &call_args, &i64s, &[clif::I32])[0];
        let failed = self.b.ins().icmp_imm_s(IntCC::NotEqual, status, 0);
        self.propagate_status_if(failed, status);
        Ok(self.load_slots(acc_ptr, &acc_types))
    }

    /// The address of the entry wrapper of a compiled function.
    fn entry_address(&mut self, func_ref: u32) -> Result<Value, Diagnostic> {
        let Some(entry) = self.entries.get(&func_ref).copied() else {
            return Err(Diagnostic::internal("the outlined prange body has no entry wrapper"));
        };
        let f = self.module.declare_func_in_func(FuncId::from_u32(entry), self.b.func);
        let ptr = self.pointer_type();
        Ok(self.b.ins().func_addr(ptr, f))
    }

    /// The identity a chunk starts a scalar reduction from: 0, 1 or all bits set, in `ty`'s leaves.
    pub(crate) fn parfor_identity(&mut self, name: &str, ty: &Type) -> Vec<Value> {
        let leaves = leaf_types(ty);
        leaves
            .iter()
            .enumerate()
            .map(|(i, t)| {
                // A complex's imaginary part is 0 for every identity.
                let value: i64 = match name {
                    _ if i > 0 => 0,
                    "ferrumba.parfor_one" => 1,
                    "ferrumba.parfor_all_ones" if *ty == Type::Boolean => 1,
                    "ferrumba.parfor_all_ones" => -1,
                    _ => 0,
                };
                match *t {
                    clif::F64 => self.b.ins().f64const(value as f64),
                    clif::F32 => self.b.ins().f32const(value as f32),
                    t => self.b.ins().iconst(t, value),
                }
            })
            .collect()
    }
}

/// Bit `i` set when leaf `i` of `t` owns an array.
fn owner_mask(t: &Type) -> Result<u64, Diagnostic> {
    let mut mask = 0u64;
    for i in owner_leaves(t) {
        if i >= 64 {
            return Err(Diagnostic::internal("too many values reduced by one prange loop"));
        }
        mask |= 1 << i;
    }
    Ok(mask)
}
