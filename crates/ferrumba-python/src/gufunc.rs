//! Generalized ufuncs (`@guvectorize`): genuine `numpy.ufunc` objects with a layout signature
//! (`"(n),()->(n)"`), one Cranelift inner loop per kernel signature.
//!
//! `build_gufunc` generates a gufunc loop per compiled overload
//! (`ferrumba_codegen::Codegen::define_gufunc_loop`) and creates the ufunc with
//! `PyUFunc_FromFuncAndDataAndSignatureAndIdentity` (slot 42 of the ufunc C-API table), passing the
//! layout signature, so NumPy handles broadcasting over the loop dimensions, core-dimension checks,
//! output allocation and `out=`. Tables and strings are leaked as for `build_ufunc`; the ufunc's `obj`
//! slot keeps the dispatchers alive. A kernel exception is reported through `ufunc::kernel_failed`.

use std::ffi::{c_char, c_int, c_void, CString};

use ferrumba_codegen::Codegen;
use numpy::npyffi::PyUFuncGenericFunction;
use pyo3::exceptions::{PySystemError, PyTypeError};
use pyo3::prelude::*;

use crate::dispatcher::Dispatcher;
use crate::errors::compile_error;
use crate::ufunc::{inner_loop_table, kernel_failed, ufunc_api_slot};

type FromFuncAndDataAndSignatureAndIdentity = unsafe extern "C" fn(
    *mut PyUFuncGenericFunction,
    *mut *mut c_void,
    *mut c_char,
    c_int,
    c_int,
    c_int,
    c_int,
    *const c_char,
    *const c_char,
    c_int,
    *const c_char,
    *mut pyo3::ffi::PyObject,
) -> *mut pyo3::ffi::PyObject;

const UFUNC_API_SLOT: usize = 42;

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
    if loops.is_empty() || loops.len() != typenums.len() || dims.len() != nargs {
        return Err(PyTypeError::new_err(
            "a gufunc needs at least one loop, with type numbers for each, and core dimensions per argument",
        ));
    }
    let mut compiled = Vec::with_capacity(loops.len());
    for ((dispatcher, index), nums) in loops.iter().zip(&typenums) {
        let index = *index;
        let c = dispatcher
            .borrow()
            .compiled(index)
            .ok_or_else(|| PySystemError::new_err(format!("no compiled overload {index}")))?;
        if c.arg_types.len() != nargs || nums.len() != nargs {
            return Err(PyTypeError::new_err(format!(
                "every gufunc signature must take {nargs} arguments, got ({})",
                c.arg_types.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
            )));
        }
        compiled.push(c);
    }

    // A parallel ufunc's serial loops record failures per chunk (`parallel::chunk_failed`).
    let on_error = if parallel { crate::parallel::chunk_failed } else { kernel_failed } as extern "C" fn(i32) as usize;
    let host = py.import("ferrumba._host")?.into_any();
    let addresses: Vec<usize> = {
        let mut cg = Codegen::global().map_err(|d| compile_error(&host, &d))?;
        let ids = compiled
            .iter()
            .map(|c| cg.define_gufunc_loop(c.func_ref, &c.arg_types, &dims, nout, on_error))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|d| PyTypeError::new_err(d.message.clone()))?;
        cg.finalize().map_err(|d| compile_error(&host, &d))?;
        ids.iter().map(|id| cg.address(*id) as usize).collect()
    };

    let funcs = inner_loop_table(&addresses, parallel);
    let ndims = dims.iter().flatten().map(|&d| d + 1).max().unwrap_or(0);
    let data: &'static mut [*mut c_void] = Box::leak(
        addresses
            .iter()
            .map(|&a| {
                if parallel {
                    crate::parallel::leak_loop(a, nin, nargs, 1 + ndims, true)
                } else {
                    std::ptr::null_mut::<c_void>()
                }
            })
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let types: &'static mut [c_char] =
        Box::leak(typenums.iter().flatten().map(|&n| n as c_char).collect::<Vec<_>>().into_boxed_slice());
    let name_c = CString::new(name).unwrap_or_else(|_| c"gufunc".to_owned()).into_raw();
    let doc_c = CString::new(doc.replace('\0', "")).unwrap_or_default().into_raw();
    let sig_c = CString::new(signature).map_err(|_| PyTypeError::new_err("NUL in the layout signature"))?.into_raw();

    let make = ufunc_api_slot(py, UFUNC_API_SLOT)?;
    // SAFETY: slot 42 of the ufunc API table is this function.
    let make = unsafe { std::mem::transmute::<*const c_void, FromFuncAndDataAndSignatureAndIdentity>(make) };
    // SAFETY: the tables live forever (leaked) with `ntypes` loops and `ntypes * nargs` type numbers; the
    // strings are NUL-terminated and leaked.
    let raw = unsafe {
        make(
            funcs.as_mut_ptr(),
            data.as_mut_ptr(),
            types.as_mut_ptr(),
            addresses.len() as c_int,
            nin as c_int,
            nout as c_int,
            identity,
            name_c,
            doc_c,
            0,
            sig_c,
            std::ptr::null_mut(),
        )
    };
    if raw.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: `raw` is a new reference to a ufunc object.
    let ufunc = unsafe { Bound::from_owned_ptr(py, raw) };
    crate::ufunc::attach_owner(&ufunc, &loops, owner)?;
    Ok(ufunc)
}
