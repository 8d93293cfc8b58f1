//! Genuine `numpy.ufunc` objects built with NumPy's C API, one Cranelift inner loop per signature.
//!
//! `build_ufunc` takes a dispatcher whose overloads are the kernel's compiled signatures, generates a
//! NumPy inner loop per overload (`ferrumba_codegen::Codegen::define_ufunc_loop`), and creates the ufunc
//! with `PyUFunc_FromFuncAndDataAndSignatureAndIdentity`. The loop table, type table, name and docstring
//! are leaked (NumPy keeps raw pointers to them for the ufunc's lifetime; they are a few bytes per
//! signature); the ufunc's `obj` slot holds `(owner, dispatchers...)`, released with the ufunc, where `owner`
//! is the Python object describing how the ufunc was made (read back by [`ufunc_owner`]).
//!
//! A kernel cannot report an exception through a NumPy loop: the loop stops at the failing element and
//! calls [`kernel_failed`], which sets the Python exception (the first one of the call wins); NumPy then
//! returns, and Python reports it as a `SystemError` ("returned a result with an exception set") whose
//! `__cause__` is the kernel's exception.

use std::ffi::{c_char, c_int, c_void, CString};

use ferrumba_codegen::{is_ufunc_element, Codegen};
use numpy::npyffi::{PyUFuncGenericFunction, PyUFuncObject};
use pyo3::exceptions::{PySystemError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::dispatcher::Dispatcher;
use crate::errors::{compile_error, raised};

/// `PyUFunc_FromFuncAndDataAndSignatureAndIdentity` (slot 42 of NumPy's ufunc C-API table).
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

/// NumPy's `PyUFunc_IdentityValue`: the identity is the Python object passed along.
const IDENTITY_VALUE: c_int = -3;

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

pub(crate) fn ufunc_api_slot(py: Python<'_>, slot: usize) -> PyResult<*const c_void> {
    let module = py.import("numpy._core._multiarray_umath").or_else(|_| py.import("numpy.core._multiarray_umath"))?;
    let capsule = module.getattr("_UFUNC_API")?.cast_into::<PyCapsule>()?;
    // SAFETY: `_UFUNC_API` is NumPy's unnamed capsule around its ufunc C-API table (an array of function
    // pointers); `slot` is within the table for every NumPy >= 1.16.
    unsafe {
        let table = pyo3::ffi::PyCapsule_GetPointer(capsule.as_ptr(), std::ptr::null()) as *const *const c_void;
        if table.is_null() {
            return Err(PyErr::fetch(py));
        }
        Ok(*table.add(slot))
    }
}

/// Builds a `numpy.ufunc` from `loops`, pairs (dispatcher, overload index), one loop per pair.
///
/// `typenums` holds, per overload, the NumPy type numbers of its inputs then its output; `identity` is
/// one of NumPy's `PyUFunc_*` identity codes (`-3` with `identity_value` for any other value).
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
    if loops.is_empty() || loops.len() != typenums.len() {
        return Err(PyTypeError::new_err("a ufunc needs at least one loop, with type numbers for each"));
    }
    let mut compiled = Vec::with_capacity(loops.len());
    for ((dispatcher, index), nums) in loops.iter().zip(&typenums) {
        let index = *index;
        let c = dispatcher
            .borrow()
            .compiled(index)
            .ok_or_else(|| PySystemError::new_err(format!("no compiled overload {index}")))?;
        if c.arg_types.len() != nin || nums.len() != nin + 1 {
            return Err(PyTypeError::new_err(format!(
                "every ufunc signature must take {nin} arguments, got ({})",
                c.arg_types.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
            )));
        }
        if let Some(bad) = c.arg_types.iter().chain([&c.return_type]).find(|t| !is_ufunc_element(t)) {
            return Err(PyTypeError::new_err(format!(
                "{bad} cannot be a ufunc argument or result: use bool, integer, float or complex types"
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
            .map(|c| cg.define_ufunc_loop(c.func_ref, &c.arg_types, &c.return_type, on_error))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|d| compile_error(&host, &d))?;
        cg.finalize().map_err(|d| compile_error(&host, &d))?;
        ids.iter().map(|id| cg.address(*id) as usize).collect()
    };

    let funcs = inner_loop_table(&addresses, parallel);
    let data: &'static mut [*mut c_void] = Box::leak(
        addresses
            .iter()
            .map(|&a| {
                if parallel {
                    crate::parallel::leak_loop(a, nin, nin + 1, 1, false)
                } else {
                    std::ptr::null_mut::<c_void>()
                }
            })
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let types: &'static mut [c_char] =
        Box::leak(typenums.iter().flatten().map(|&n| n as c_char).collect::<Vec<_>>().into_boxed_slice());
    let name_c = CString::new(name).unwrap_or_else(|_| c"ufunc".to_owned()).into_raw();
    let doc_c = CString::new(doc.replace('\0', "")).unwrap_or_default().into_raw();

    let make = ufunc_api_slot(py, UFUNC_API_SLOT)?;
    // SAFETY: slot 42 of the ufunc API table is this function.
    let make = unsafe { std::mem::transmute::<*const c_void, FromFuncAndDataAndSignatureAndIdentity>(make) };
    let identity_ptr = match (&identity_value, identity) {
        (Some(v), IDENTITY_VALUE) => v.as_ptr(),
        _ => std::ptr::null_mut(),
    };
    // SAFETY: the tables live forever (leaked), hold `ntypes` entries (and `ntypes * nargs` type numbers),
    // and the strings are NUL-terminated and leaked. NumPy takes its own reference to `identity_value`.
    let raw = unsafe {
        make(
            funcs.as_mut_ptr(),
            data.as_mut_ptr(),
            types.as_mut_ptr(),
            addresses.len() as c_int,
            nin as c_int,
            1,
            identity,
            name_c,
            doc_c,
            0,
            std::ptr::null(),
            identity_ptr,
        )
    };
    if raw.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: `raw` is a new reference to a ufunc object.
    let ufunc = unsafe { Bound::from_owned_ptr(py, raw) };
    attach_owner(&ufunc, &loops, owner)?;
    Ok(ufunc)
}

/// Stores `(owner, dispatchers...)` in a freshly made ufunc's `obj` slot: it keeps the kernel's
/// dispatchers alive for the ufunc's lifetime and lets [`ufunc_owner`] find the Python object describing
/// how the ufunc was made (for pickling and for calls from compiled code).
pub(crate) fn attach_owner<'py>(
    ufunc: &Bound<'py, PyAny>,
    loops: &[(Bound<'py, Dispatcher>, usize)],
    owner: Option<Bound<'py, PyAny>>,
) -> PyResult<()> {
    let py = ufunc.py();
    let owner = owner.unwrap_or_else(|| py.None().into_bound(py));
    let items: Vec<Bound<'py, PyAny>> =
        std::iter::once(owner).chain(loops.iter().map(|(d, _)| d.clone().into_any())).collect();
    let keep = PyTuple::new(py, items)?;
    // SAFETY: `ufunc` is a `PyUFuncObject` just made from C loops: its `obj` slot is unused and is released
    // (`Py_XDECREF`) when the ufunc is deallocated.
    unsafe {
        let obj = &mut (*(ufunc.as_ptr() as *mut PyUFuncObject)).fields.obj;
        if obj.is_null() {
            *obj = keep.into_any().into_ptr();
        }
    }
    Ok(())
}

/// The owner object passed to `build_ufunc`/`build_gufunc` when `ufunc` was made by them, else `None`
/// (NumPy's own ufuncs and `frompyfunc` ufuncs, whose `obj` slot is empty or not a tuple made here).
#[pyfunction]
pub fn ufunc_owner<'py>(ufunc: &Bound<'py, PyAny>, marker: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let py = ufunc.py();
    let ufunc_type = py.import("numpy")?.getattr("ufunc")?;
    if !ufunc.get_type().is(&ufunc_type) {
        return Ok(None);
    }
    // SAFETY: the exact type is `numpy.ufunc`, so the object is a `PyUFuncObject`; `obj` is NULL or a
    // strong reference owned by the ufunc, which outlives this borrow.
    let obj = unsafe { (*(ufunc.as_ptr() as *mut PyUFuncObject)).fields.obj };
    if obj.is_null() {
        return Ok(None);
    }
    // SAFETY: `obj` is a live object (see above); we take a new reference.
    let obj = unsafe { Bound::from_borrowed_ptr(py, obj) };
    let Ok(tuple) = obj.cast_into::<PyTuple>() else { return Ok(None) };
    match tuple.get_item(0) {
        Ok(first) if first.is_instance(marker)? => Ok(Some(first)),
        _ => Ok(None),
    }
}

/// NumPy's table of inner loops for a ufunc, kept for the life of the process: the compiled loops at
/// `addresses`, or the parallel trampoline for each (which finds its serial loop through `data`).
pub(crate) fn inner_loop_table(addresses: &[usize], parallel: bool) -> &'static mut [PyUFuncGenericFunction] {
    Box::leak(
        addresses
            .iter()
            .map(|&a| {
                if parallel {
                    return Some(crate::parallel::parallel_loop as crate::parallel::LoopFn);
                }
                // SAFETY: `a` is a finalized loop with NumPy's `PyUFuncGenericFunction` signature.
                Some(unsafe {
                    std::mem::transmute::<
                        usize,
                        unsafe extern "C" fn(*mut *mut c_char, *mut isize, *mut isize, *mut c_void),
                    >(a)
                })
            })
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}
