//! NumPy generalized-ufunc (gufunc) inner loops around compiled kernels (`@guvectorize`).
//!
//! On the skeleton of [`crate::numpy_loop`], with the generalized meaning of NumPy's loop arrays: `dimensions[0]` is the number of outer iterations,
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
//! The kernel returns None and writes its output arrays.

use cranelift_codegen::ir::{types as clif, InstBuilder, MemFlagsData, Value};
use cranelift_frontend::FunctionBuilder;
use ferrumba_ir::Diagnostic;
use ferrumba_types::Type;

use crate::datamodel::leaf_types;
use crate::module::Codegen;
use crate::numpy_loop::{load_element, LoopBody};
use crate::ufunc_loop::is_ufunc_element;

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

/// Arrays over core dimensions (and scalars) in, outputs written by the kernel.
struct Generalized<'a> {
    args: &'a [Type],
    kinds: Vec<ArgKind>,
    /// Loop-invariant leaves of each array argument after its owner and data pointer: shape then strides.
    invariant: Vec<Vec<Value>>,
    zero: Option<Value>,
}

impl LoopBody for Generalized<'_> {
    fn setup(&mut self, b: &mut FunctionBuilder, dims_ptr: Value, steps_ptr: Value) {
        let flags = MemFlagsData::trusted();
        self.zero = Some(b.ins().iconst(clif::I64, 0));
        let one = b.ins().iconst(clif::I64, 1);
        let mut core_step = self.args.len();
        for kind in &self.kinds {
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
            self.invariant.push(leaves);
        }
    }

    fn arguments(&self, b: &mut FunctionBuilder, ptrs: &[Value], out: &mut Vec<Value>) {
        let zero = self.zero.expect("setup runs first");
        for (k, (t, kind)) in self.args.iter().zip(&self.kinds).enumerate() {
            match kind {
                ArgKind::Scalar => load_element(b, t, ptrs[k], out),
                ArgKind::Core(_) | ArgKind::One(_) => {
                    out.push(zero);
                    out.push(ptrs[k]);
                    out.extend(self.invariant[k].iter().copied());
                }
            }
        }
    }

    fn store(&self, _: &mut FunctionBuilder, _: &[Value], _: Value) {}
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
        let mut body = Generalized { args, kinds, invariant: Vec::with_capacity(args.len()), zero: None };
        self.define_numpy_loop("gufunc", kernel, args.len(), 8, on_error, &mut body)
    }
}
