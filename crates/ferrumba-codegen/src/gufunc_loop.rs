//! NumPy generalized-ufunc (gufunc) inner loops around compiled kernels (`@guvectorize`).
//!
//! A gufunc loop has NumPy's `PyUFuncGenericFunction` type,
//! `void loop(char **args, npy_intp const *dimensions, npy_intp const *steps, void *data)`, with the
//! generalized meaning of its arrays: `dimensions[0]` is the number of outer iterations,
//! `dimensions[1..]` the sizes of the core dimensions (one per distinct name in the layout signature,
//! numbered by first appearance); `steps[0..nargs]` are the outer strides of the arguments and
//! `steps[nargs..]` the core strides, argument by argument, one per core dimension of each.
//!
//! For each outer iteration the loop builds the kernel's arguments:
//! - a scalar-typed argument (layout `()`): the element at `args[k]`, loaded as the kernel's leaves;
//! - an array-typed argument with as many dimensions as its core dimensions: the array leaves
//!   `[owner = 0 (borrowed, never counted), data = args[k], shape..., strides...]`, with the shape from
//!   `dimensions` and the strides from the core steps (loop-invariant, read once per loop call);
//! - a 1-d array-typed argument with layout `()`: a 1-element array at `args[k]` (Numba's semantics for
//!   scalar-shaped outputs, written as `out[0] = ...`).
//!
//! The kernel returns None (`fn(ret, stack_limit, leaves...) -> i32`). A nonzero status (a `raise`) stops
//! the loop and calls `on_error(status)`, as for ufunc loops.

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
use crate::ufunc_loop::is_ufunc_element;

static NEXT_LOOP: AtomicU64 = AtomicU64::new(1);

extern "C" fn gufunc_stack_limit() -> usize {
    ferrumba_runtime::stack_limit()
}

/// How one argument of a gufunc loop reaches the kernel.
enum ArgKind {
    /// A scalar element, loaded from the data pointer.
    Scalar,
    /// An array over the core dimensions (indices into `dimensions[1..]`).
    Core(Vec<usize>),
    /// A 1-element 1-d array (layout `()`, array type), element size in bytes.
    One(i64),
}

fn element_size(t: &Type) -> i64 {
    leaf_types(t).iter().map(|l| l.bytes() as i64).sum()
}

fn classify(t: &Type, dims: &[usize], k: usize) -> Result<ArgKind, Diagnostic> {
    match t {
        Type::Array(a) => {
            if !is_ufunc_element(&a.dtype) {
                return Err(Diagnostic::internal(format!(
                    "argument {k}: {t} cannot be a gufunc argument (bool, integer, float or complex arrays only)"
                )));
            }
            if a.ndim as usize == dims.len() {
                Ok(ArgKind::Core(dims.to_vec()))
            } else if dims.is_empty() && a.ndim == 1 {
                Ok(ArgKind::One(element_size(&a.dtype)))
            } else {
                Err(Diagnostic::internal(format!(
                    "argument {k}: type {t} has {} dimension(s) but the layout gives it {}",
                    a.ndim,
                    dims.len()
                )))
            }
        }
        t if is_ufunc_element(t) => {
            if dims.is_empty() {
                Ok(ArgKind::Scalar)
            } else {
                Err(Diagnostic::internal(format!(
                    "argument {k}: the scalar type {t} cannot take the core dimensions of the layout ({} of them): \
                     use an array type",
                    dims.len()
                )))
            }
        }
        t => Err(Diagnostic::internal(format!("argument {k}: {t} cannot be a gufunc argument"))),
    }
}

impl Codegen {
    /// Defines a NumPy gufunc inner loop calling the compiled function `kernel` (compiled for `args`,
    /// inputs then outputs, returning None). `dims[k]` lists argument `k`'s core dimensions as indices
    /// into NumPy's `dimensions[1..]`. `outputs` is the number of trailing output arguments (they must be
    /// arrays). `on_error` is the address of an `extern "C" fn(i32)` called with a nonzero kernel status.
    /// Returns the loop's id: call [`Codegen::finalize`], then [`Codegen::address`].
    pub fn define_gufunc_loop(
        &mut self,
        kernel: u32,
        args: &[Type],
        dims: &[Vec<usize>],
        outputs: usize,
        on_error: usize,
    ) -> Result<u32, Diagnostic> {
        if dims.len() != args.len() {
            return Err(Diagnostic::internal(format!(
                "the layout has {} argument(s) but the signature {}",
                dims.len(),
                args.len()
            )));
        }
        let kinds =
            args.iter().zip(dims).enumerate().map(|(k, (t, d))| classify(t, d, k)).collect::<Result<Vec<_>, _>>()?;
        for (k, kind) in kinds.iter().enumerate().skip(args.len() - outputs) {
            if matches!(kind, ArgKind::Scalar) {
                return Err(Diagnostic::internal(format!(
                    "output argument {k} must be an array type (a scalar output `()` is written as out[0])"
                )));
            }
        }
        let ptr = self.pointer_type();
        let mut sig = self.module.make_signature();
        sig.params.extend([AbiParam::new(ptr); 4]);
        let symbol = format!("gufunc_loop${}", NEXT_LOOP.fetch_add(1, Ordering::Relaxed));
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

        let nargs = args.len();
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let limit_sig = b.import_signature(limit_sig);
        let error_sig = b.import_signature(error_sig);
        let flags = MemFlagsData::trusted();
        let data_flags = MemFlagsData::new().with_notrap();

        let entry = b.create_block();
        let header = b.create_block();
        let body = b.create_block();
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
        // Loop-invariant leaves of each array argument: (shape..., strides...).
        let zero = b.ins().iconst(clif::I64, 0);
        let one = b.ins().iconst(clif::I64, 1);
        let mut core_step = nargs;
        let mut invariant: Vec<Vec<Value>> = Vec::with_capacity(nargs);
        for kind in &kinds {
            let mut leaves = Vec::new();
            match kind {
                ArgKind::Scalar => {}
                ArgKind::Core(d) => {
                    for &ix in d {
                        leaves.push(b.ins().load(clif::I64, flags, dims_ptr, (8 * (1 + ix)) as i32));
                    }
                    for _ in d {
                        leaves.push(b.ins().load(clif::I64, flags, steps_ptr, (8 * core_step) as i32));
                        core_step += 1;
                    }
                }
                ArgKind::One(size) => {
                    leaves.push(one);
                    leaves.push(b.ins().iconst(clif::I64, *size));
                }
            }
            invariant.push(leaves);
        }
        let limit_fn = b.ins().iconst(ptr, gufunc_stack_limit as extern "C" fn() -> usize as usize as i64);
        let limit_call = b.ins().call_indirect(limit_sig, limit_fn, &[]);
        let limit = b.inst_results(limit_call)[0];
        let slot = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3));
        let ret_slot = b.ins().stack_addr(ptr, slot, 0);
        let start_args: Vec<_> = start.iter().map(|v| (*v).into()).collect();
        b.ins().jump(header, &start_args);

        b.switch_to_block(header);
        let hp = b.block_params(header).to_vec();
        let (i, ptrs) = (hp[0], &hp[1..]);
        let more = b.ins().icmp(IntCC::SignedLessThan, i, n);
        b.ins().brif(more, body, &[], exit, &[]);

        b.switch_to_block(body);
        let mut call_args = vec![ret_slot, limit];
        for (k, (t, kind)) in args.iter().zip(&kinds).enumerate() {
            match kind {
                ArgKind::Scalar => {
                    let mut offset = 0i32;
                    for leaf in leaf_types(t) {
                        let v = b.ins().load(leaf, data_flags, ptrs[k], offset);
                        let v = if matches!(t, Type::Boolean) { b.ins().icmp_imm_u(IntCC::NotEqual, v, 0) } else { v };
                        call_args.push(v);
                        offset += leaf.bytes() as i32;
                    }
                }
                ArgKind::Core(_) | ArgKind::One(_) => {
                    call_args.push(zero);
                    call_args.push(ptrs[k]);
                    call_args.extend(invariant[k].iter().copied());
                }
            }
        }
        let call = b.ins().call(callee, &call_args);
        let status = b.inst_results(call)[0];
        let next = b.create_block();
        b.ins().brif(status, failed, &[status.into()], next, &[]);

        b.switch_to_block(next);
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
            return Err(Diagnostic::internal(format!("Cranelift rejected the gufunc loop: {e:?}\n{clif}")));
        }
        self.module.clear_context(&mut self.ctx);
        Ok(id.as_u32())
    }
}
