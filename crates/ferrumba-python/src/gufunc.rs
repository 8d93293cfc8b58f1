//! Generalized ufuncs (`@guvectorize`): genuine `numpy.ufunc` objects with a layout signature
//! (`"(n),()->(n)"`), one Cranelift inner loop per kernel signature.
//!
//! `build_gufunc` generates a gufunc loop per compiled overload
//! (`ferrumba_codegen::Codegen::define_gufunc_loop`) and creates the ufunc with
//! `PyUFunc_FromFuncAndDataAndSignatureAndIdentity` (slot 42 of the ufunc C-API table), passing the
//! layout signature, so NumPy handles broadcasting over the loop dimensions, core-dimension checks,
//! output allocation and `out=`. The ufunc is made through [`crate::ufunc_api`] as for `build_ufunc`. A
//! kernel exception is reported through `ufunc::kernel_failed`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::dispatcher::Dispatcher;
use crate::ufunc_api::{attach_owner, compiled_overloads, failure_callback, loop_addresses, make_ufunc, UfuncSpec};

/// Builds a generalized `numpy.ufunc` from `loops`, pairs (dispatcher, overload index).
///
/// `typenums` holds, per overload, the NumPy type numbers of its `nin + nout` arguments (array
/// arguments by their element type); `dims[k]` lists argument `k`'s core dimensions as indices of the
/// distinct dimension names of `signature` (numbered by first appearance, as NumPy numbers them).
#[pyfunction]
#[pyo3(signature = (loops, typenums, nin, nout, dims, signature, name, doc, identity=-1, parallel=false, owner=None))]
#[allow(clippy::too_many_arguments)]
pub fn build_gufunc<'py>(
    py: Python<'py>,
    loops: Vec<(Bound<'py, Dispatcher>, usize)>,
    typenums: Vec<Vec<i32>>,
    nin: usize,
    nout: usize,
    dims: Vec<Vec<usize>>,
    signature: &str,
    name: &str,
    doc: &str,
    identity: i32,
    parallel: bool,
    owner: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let nargs = nin + nout;
    if dims.len() != nargs {
        return Err(PyTypeError::new_err("a gufunc needs core dimensions for each argument"));
    }
    let compiled = compiled_overloads(&loops, &typenums, nargs, nargs, "gufunc")?;
    let on_error = failure_callback(parallel);
    let addresses = loop_addresses(
        py,
        &compiled,
        |cg, c| cg.define_gufunc_loop(c.func_ref, &c.arg_types, &dims, nout, on_error),
        |_, d| PyTypeError::new_err(d.message.clone()),
    )?;
    let ndims = dims.iter().flatten().map(|&d| d + 1).max().unwrap_or(0);
    let data =
        addresses
            .iter()
            .map(|&a| {
                if parallel {
                    crate::parallel::leak_loop(a, nin, nargs, 1 + ndims, true)
                } else {
                    std::ptr::null_mut()
                }
            })
            .collect();
    let spec = UfuncSpec { nin, nout, identity, identity_value: None, name, doc, signature: Some(signature) };
    let ufunc = make_ufunc(py, &addresses, parallel, data, &typenums, &spec)?;
    attach_owner(&ufunc, &loops, owner)?;
    Ok(ufunc)
}
