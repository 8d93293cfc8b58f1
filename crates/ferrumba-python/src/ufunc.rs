//! Genuine `numpy.ufunc` objects built with NumPy's C API, one Cranelift inner loop per signature.
//!
//! `build_ufunc` takes dispatchers whose overloads are the kernel's compiled signatures, generates a
//! NumPy inner loop per overload (`ferrumba_codegen::Codegen::define_ufunc_loop`), and creates the ufunc
//! through [`crate::ufunc_api`] (`PyUFunc_FromFuncAndDataAndSignatureAndIdentity`, leaked tables, the
//! `obj` slot holding `(owner, dispatchers...)`).
//!
//! A kernel cannot report an exception through a NumPy loop: the loop stops at the failing element and
//! calls [`kernel_failed`], which sets the Python exception (the first one of the call wins); NumPy 2
//! checks for it after the loop, so the call raises the kernel's exception.

use ferrumba_codegen::is_ufunc_element;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::dispatcher::Dispatcher;
use crate::errors::{compile_error, raised};
use crate::ufunc_api::{attach_owner, compiled_overloads, failure_callback, loop_addresses, make_ufunc, UfuncSpec};

/// Called by a ufunc loop when the kernel returned a nonzero status: sets the kernel's exception.
pub(crate) extern "C" fn kernel_failed(status: i32) {
    Python::attach(|py| {
        if PyErr::occurred(py) {
            return;
        }
        let err = match py.import("ferrumba._host") {
            Ok(host) => raised(py, host.as_any(), status),
            Err(e) => e,
        };
        err.restore(py);
    });
}

/// Builds a `numpy.ufunc` from `loops`, pairs (dispatcher, overload index), one loop per pair.
///
/// `typenums` holds, per overload, the NumPy type numbers of its inputs then its output; `identity` is
/// one of NumPy's `PyUFunc_*` identity codes (`-3` with `identity_value` for any other value); `owner` is
/// kept in the ufunc (see [`crate::ufunc_api::ufunc_owner`]).
#[pyfunction]
#[pyo3(signature = (loops, typenums, nin, name, doc, identity, identity_value=None, parallel=false, owner=None))]
#[allow(clippy::too_many_arguments)]
pub fn build_ufunc<'py>(
    py: Python<'py>,
    loops: Vec<(Bound<'py, Dispatcher>, usize)>,
    typenums: Vec<Vec<i32>>,
    nin: usize,
    name: &str,
    doc: &str,
    identity: i32,
    identity_value: Option<Bound<'py, PyAny>>,
    parallel: bool,
    owner: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let compiled = compiled_overloads(&loops, &typenums, nin, nin + 1, "ufunc")?;
    for c in &compiled {
        if let Some(bad) = c.arg_types.iter().chain([&c.return_type]).find(|t| !is_ufunc_element(t)) {
            return Err(PyTypeError::new_err(format!(
                "{bad} cannot be a ufunc argument or result: use bool, integer, float or complex types"
            )));
        }
    }
    let on_error = failure_callback(parallel);
    let addresses = loop_addresses(
        py,
        &compiled,
        |cg, c| cg.define_ufunc_loop(c.func_ref, &c.arg_types, &c.return_type, on_error),
        compile_error,
    )?;
    let data = addresses
        .iter()
        .map(|&a| if parallel { crate::parallel::leak_loop(a, nin, nin + 1, 1, false) } else { std::ptr::null_mut() })
        .collect();
    let spec =
        UfuncSpec { nin, nout: 1, identity, identity_value: identity_value.as_ref(), name, doc, signature: None };
    let ufunc = make_ufunc(py, &addresses, parallel, data, &typenums, &spec)?;
    attach_owner(&ufunc, &loops, owner)?;
    Ok(ufunc)
}
