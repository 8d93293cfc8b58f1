//! The skeleton every NumPy inner loop shares (`ufunc_loop`, `gufunc_loop`).
//!
//! A loop has NumPy's `PyUFuncGenericFunction` type,
//! `void loop(char **args, npy_intp const *dimensions, npy_intp const *steps, void *data)`. The skeleton
//! reads `dimensions[0]` (the number of iterations) and each argument's data pointer and outer stride,
//! reads the thread's stack limit once, then per iteration asks the [`LoopBody`] for the kernel's argument
//! leaves, calls the kernel natively (`fn(ret, stack_limit, leaves...) -> i32`), lets the body store the
//! result, and advances every pointer by its stride. A nonzero status (a `raise` in the kernel) stops the
//! loop and calls `on_error(status)`, a host callback given by address: NumPy's legacy loops have no way
//! to report failure themselves.

use cranelift_codegen::ir::{
    condcodes::IntCC, types as clif, AbiParam, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind, Value,
};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{FuncId, Linkage, Module};
use ferrumba_ir::Diagnostic;
use ferrumba_types::Type;

use std::sync::atomic::{AtomicU64, Ordering};

use crate::datamodel::leaf_types;
use crate::module::Codegen;

static NEXT_LOOP: AtomicU64 = AtomicU64::new(1);

/// The calling thread's stack limit, for generated loops (which cannot reach the runtime's Rust API).
extern "C" fn loop_stack_limit() -> usize {
    ferrumba_runtime::stack_limit()
}

/// Memory flags for NumPy's element data: pointers need not be aligned for the element type (unaligned
/// views), and never trap.
pub(crate) fn data_flags() -> MemFlagsData {
    MemFlagsData::new().with_notrap()
}

/// What differs between kinds of loops.
pub(crate) trait LoopBody {
    /// In the entry block: load what does not change between iterations.
    fn setup(&mut self, b: &mut FunctionBuilder, dims_ptr: Value, steps_ptr: Value);
    /// The kernel's argument leaves (after the return slot and stack limit) for the iteration whose
    /// argument pointers are `ptrs`.
    fn arguments(&self, b: &mut FunctionBuilder, ptrs: &[Value], out: &mut Vec<Value>);
    /// After a successful call: store the result, read from `ret_slot`.
    fn store(&self, b: &mut FunctionBuilder, ptrs: &[Value], ret_slot: Value);
}

/// Loads a scalar element of type `t` at `p` as its leaves (a bool byte becomes 0/1).
pub(crate) fn load_element(b: &mut FunctionBuilder, t: &Type, p: Value, out: &mut Vec<Value>) {
    let mut offset = 0i32;
    for leaf in leaf_types(t) {
        let v = b.ins().load(leaf, data_flags(), p, offset);
        let v = if matches!(t, Type::Boolean) { b.ins().icmp_imm_u(IntCC::NotEqual, v, 0) } else { v };
        out.push(v);
        offset += leaf.bytes() as i32;
    }
}

impl Codegen {
    /// Defines a loop (symbol `{kind}_loop$N`) over `nargs` arguments calling `kernel`, whose result takes
    /// `ret_bytes` bytes of return slot. Returns the loop's id.
    pub(crate) fn define_numpy_loop(
        &mut self,
        kind: &str,
        kernel: u32,
        nargs: usize,
        ret_bytes: u32,
        on_error: usize,
        body: &mut dyn LoopBody,
    ) -> Result<u32, Diagnostic> {
        let ptr = self.pointer_type();
        let mut sig = self.module.make_signature();
        sig.params.extend([AbiParam::new(ptr); 4]);
        let symbol = format!("{kind}_loop${}", NEXT_LOOP.fetch_add(1, Ordering::Relaxed));
        let id = self
            .module
            .declare_function(&symbol, Linkage::Local, &sig)
            .map_err(|e| Diagnostic::internal(format!("declaring {symbol}: {e}")))?;
        self.module.clear_context(&mut self.ctx);
        self.ctx.func.signature = sig;

        let callee = self.module.declare_func_in_func(FuncId::from_u32(kernel), &mut self.ctx.func);
        let mut limit_sig = self.module.make_signature();
        limit_sig.returns.push(AbiParam::new(ptr));
        let mut error_sig = self.module.make_signature();
        error_sig.params.push(AbiParam::new(clif::I32));
        let config = self.module.target_config();

        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let limit_sig = b.import_signature(limit_sig);
        let error_sig = b.import_signature(error_sig);
        let flags = MemFlagsData::trusted();

        let entry = b.create_block();
        let header = b.create_block();
        let loop_body = b.create_block();
        let failed = b.create_block();
        let exit = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.append_block_param(header, clif::I64);
        for _ in 0..nargs {
            b.append_block_param(header, ptr);
        }
        b.append_block_param(failed, clif::I32);

        b.switch_to_block(entry);
        let params = b.block_params(entry).to_vec();
        let (args_ptr, dims_ptr, steps_ptr) = (params[0], params[1], params[2]);
        let n = b.ins().load(clif::I64, flags, dims_ptr, 0);
        let mut steps = Vec::with_capacity(nargs);
        let mut start = vec![b.ins().iconst(clif::I64, 0)];
        for k in 0..nargs {
            start.push(b.ins().load(ptr, flags, args_ptr, (8 * k) as i32));
            steps.push(b.ins().load(clif::I64, flags, steps_ptr, (8 * k) as i32));
        }
        body.setup(&mut b, dims_ptr, steps_ptr);
        let limit_fn = b.ins().iconst(ptr, loop_stack_limit as extern "C" fn() -> usize as usize as i64);
        let limit_call = b.ins().call_indirect(limit_sig, limit_fn, &[]);
        let limit = b.inst_results(limit_call)[0];
        let slot = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, ret_bytes.max(8), 3));
        let ret_slot = b.ins().stack_addr(ptr, slot, 0);
        let start_args: Vec<_> = start.iter().map(|v| (*v).into()).collect();
        b.ins().jump(header, &start_args);

        b.switch_to_block(header);
        let hp = b.block_params(header).to_vec();
        let (i, ptrs) = (hp[0], &hp[1..]);
        let more = b.ins().icmp(IntCC::SignedLessThan, i, n);
        b.ins().brif(more, loop_body, &[], exit, &[]);

        b.switch_to_block(loop_body);
        let mut call_args = vec![ret_slot, limit];
        body.arguments(&mut b, ptrs, &mut call_args);
        let call = b.ins().call(callee, &call_args);
        let status = b.inst_results(call)[0];
        let next = b.create_block();
        b.ins().brif(status, failed, &[status.into()], next, &[]);

        b.switch_to_block(next);
        body.store(&mut b, ptrs, ret_slot);
        let mut advanced = vec![b.ins().iadd_imm_s(i, 1).into()];
        for (p, s) in ptrs.iter().zip(&steps) {
            advanced.push(b.ins().iadd(*p, *s).into());
        }
        b.ins().jump(header, &advanced);

        b.switch_to_block(failed);
        let status = b.block_params(failed)[0];
        let error_fn = b.ins().iconst(ptr, on_error as i64);
        b.ins().call_indirect(error_sig, error_fn, &[status]);
        b.ins().return_(&[]);

        b.switch_to_block(exit);
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(config);

        if let Err(e) = self.module.define_function(id, &mut self.ctx) {
            let clif = self.ctx.func.display().to_string();
            self.module.clear_context(&mut self.ctx);
            return Err(Diagnostic::internal(format!("Cranelift rejected the {kind} loop: {e:?}\n{clif}")));
        }
        self.module.clear_context(&mut self.ctx);
        Ok(id.as_u32())
    }
}
