//! Entry wrappers (`fn(args: *const u64, ret: *mut u64) -> i32`) and failure stubs.

use cranelift_codegen::ir::{types as clif, InstBuilder, MemFlagsData};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{FuncId, Module};
use ferrumba_runtime::{register_raise_site, RaiseSite};
use ferrumba_types::Type;

use crate::datamodel::leaf_types;
use crate::module::Codegen;

/// Reads each argument leaf from its 8-byte slot and calls the compiled function.
pub(crate) fn lower_entry(cg: &mut Codegen, func_ref: u32, args: &[Type]) {
    let callee = cg.module.declare_func_in_func(FuncId::from_u32(func_ref), &mut cg.ctx.func);
    let config = cg.module.target_config();
    let mut b = FunctionBuilder::new(&mut cg.ctx.func, &mut cg.fctx);
    let block = b.create_block();
    b.append_block_params_for_function_params(block);
    b.switch_to_block(block);
    let params = b.block_params(block).to_vec();
    let (args_ptr, ret_ptr, stack_limit) = (params[0], params[1], params[2]);
    let mut call_args = vec![ret_ptr, stack_limit];
    let flags = MemFlagsData::trusted();
    for (i, leaf) in args.iter().flat_map(leaf_types).enumerate() {
        call_args.push(b.ins().load(leaf, flags, args_ptr, (8 * i) as i32));
    }
    let call = b.ins().call(callee, &call_args);
    let status = b.inst_results(call)[0];
    b.ins().return_(&[status]);
    b.seal_all_blocks();
    b.finalize(config);
}

/// A body that reports "this function failed to compile" as a SystemError.
pub(crate) fn lower_failure_stub(cg: &mut Codegen) {
    let code = register_raise_site(RaiseSite::builtin(
        "SystemError",
        "this specialization failed to compile; call the function again to see why",
    ));
    let config = cg.module.target_config();
    let mut b = FunctionBuilder::new(&mut cg.ctx.func, &mut cg.fctx);
    let block = b.create_block();
    b.append_block_params_for_function_params(block);
    b.switch_to_block(block);
    let status = b.ins().iconst(clif::I32, i64::from(code));
    b.ins().return_(&[status]);
    b.seal_all_blocks();
    b.finalize(config);
}
