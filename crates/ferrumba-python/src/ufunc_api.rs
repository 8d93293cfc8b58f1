//! NumPy's ufunc C API as `build_ufunc` and `build_gufunc` use it: the compiled overloads behind a ufunc's
//! loops, the generated inner loops' addresses, `PyUFunc_FromFuncAndDataAndSignatureAndIdentity` (slot 42
//! of the ufunc C-API capsule; the `numpy` crate does not bind that slot) with its leaked tables, and the
//! ufunc's `obj` slot, which holds `(owner, dispatchers...)`.
//!
//! NumPy keeps raw pointers to the loop, data and type tables and to the name, docstring and layout
//! signature for the ufunc's lifetime, so they are leaked (a few bytes per loop).

use std::ffi::{c_char, c_int, c_void, CString};

use ferrumba_codegen::Codegen;
use ferrumba_driver::{Compiled, CompiledRef};
use ferrumba_ir::Diagnostic;
use numpy::npyffi::{PyUFuncGenericFunction, PyUFuncObject};
use pyo3::exceptions::{PySystemError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::dispatcher::Dispatcher;
use crate::errors::compile_error;

/// `PyUFunc_FromFuncAndDataAndSignatureAndIdentity`.
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
pub(crate) const IDENTITY_VALUE: c_int = -3;

/// What NumPy needs besides the loops to make a ufunc.
pub(crate) struct UfuncSpec<'a, 'py> {
    pub nin: usize,
    pub nout: usize,
    pub identity: i32,
    pub identity_value: Option<&'a Bound<'py, PyAny>>,
    pub name: &'a str,
    pub doc: &'a str,
    /// The layout signature of a generalized ufunc (`"(n),()->(n)"`).
    pub signature: Option<&'a str>,
}

/// The compiled overloads behind `loops` (pairs of dispatcher and overload index), each checked to take
/// `kernel_args` arguments and to come with `type_count` NumPy type numbers.
pub(crate) fn compiled_overloads(
    loops: &[(Bound<'_, Dispatcher>, usize)],
    typenums: &[Vec<i32>],
    kernel_args: usize,
    type_count: usize,
    what: &str,
) -> PyResult<Vec<CompiledRef>> {
    if loops.is_empty() || loops.len() != typenums.len() {
        return Err(PyTypeError::new_err(format!("a {what} needs at least one loop, with type numbers for each")));
    }
    loops
        .iter()
        .zip(typenums)
        .map(|((dispatcher, index), nums)| {
            let c = dispatcher
                .borrow()
                .compiled(*index)
                .ok_or_else(|| PySystemError::new_err(format!("no compiled overload {index}")))?;
            if c.arg_types.len() != kernel_args || nums.len() != type_count {
                return Err(PyTypeError::new_err(format!(
                    "every {what} signature must take {kernel_args} arguments, got ({})",
                    c.arg_types.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
                )));
            }
            Ok(c)
        })
        .collect()
}

/// Generates one inner loop per compiled overload with `define`, finalizes them and returns their
/// addresses. `define` errors are reported with `define_error`.
pub(crate) fn loop_addresses(
    py: Python<'_>,
    compiled: &[CompiledRef],
    mut define: impl FnMut(&mut Codegen, &Compiled) -> Result<u32, Diagnostic>,
    define_error: impl Fn(&Bound<'_, PyAny>, &Diagnostic) -> PyErr,
) -> PyResult<Vec<usize>> {
    let host = py.import("ferrumba._host")?.into_any();
    let mut cg = Codegen::global().map_err(|d| compile_error(&host, &d))?;
    let ids = compiled
        .iter()
        .map(|c| define(&mut cg, c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| define_error(&host, &d))?;
    cg.finalize().map_err(|d| compile_error(&host, &d))?;
    Ok(ids.iter().map(|id| cg.address(*id) as usize).collect())
}

/// The loop called when a kernel fails: per chunk for a parallel ufunc, else it sets the exception.
pub(crate) fn failure_callback(parallel: bool) -> usize {
    if parallel {
        crate::parallel::chunk_failed as extern "C" fn(i32) as usize
    } else {
        crate::ufunc::kernel_failed as extern "C" fn(i32) as usize
    }
}

fn ufunc_api_slot(py: Python<'_>, slot: usize) -> PyResult<*const c_void> {
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

/// NumPy's table of inner loops for a ufunc, kept for the life of the process: the compiled loops at
/// `addresses`, or the parallel trampoline for each (which finds its serial loop through `data`).
fn inner_loop_table(addresses: &[usize], parallel: bool) -> &'static mut [PyUFuncGenericFunction] {
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

/// Creates the ufunc: the loops at `addresses` (with `data[k]` for loop `k`: null, or a parallel loop's
/// description), the type numbers of each loop's arguments, and `spec`. The owner is attached by
/// [`attach_owner`].
pub(crate) fn make_ufunc<'py>(
    py: Python<'py>,
    addresses: &[usize],
    parallel: bool,
    data: Vec<*mut c_void>,
    typenums: &[Vec<i32>],
    spec: &UfuncSpec<'_, 'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let funcs = inner_loop_table(addresses, parallel);
    let data: &'static mut [*mut c_void] = Box::leak(data.into_boxed_slice());
    let types: &'static mut [c_char] =
        Box::leak(typenums.iter().flatten().map(|&n| n as c_char).collect::<Vec<_>>().into_boxed_slice());
    let signature = match spec.signature {
        Some(s) => CString::new(s).map_err(|_| PyTypeError::new_err("NUL in the layout signature"))?.into_raw(),
        None => std::ptr::null_mut(),
    };
    let name = CString::new(spec.name).unwrap_or_else(|_| c"ufunc".to_owned()).into_raw();
    let doc = CString::new(spec.doc.replace('\0', "")).unwrap_or_default().into_raw();
    let identity_ptr = match (spec.identity_value, spec.identity) {
        (Some(v), IDENTITY_VALUE) => v.as_ptr(),
        _ => std::ptr::null_mut(),
    };

    let make = ufunc_api_slot(py, UFUNC_API_SLOT)?;
    // SAFETY: slot 42 of the ufunc API table is this function.
    let make = unsafe { std::mem::transmute::<*const c_void, FromFuncAndDataAndSignatureAndIdentity>(make) };
    // SAFETY: the tables live forever (leaked) with one entry per loop (and `nin + nout` type numbers per
    // loop); the strings are NUL-terminated and leaked. NumPy takes its own reference to the identity.
    let raw = unsafe {
        make(
            funcs.as_mut_ptr(),
            data.as_mut_ptr(),
            types.as_mut_ptr(),
            addresses.len() as c_int,
            spec.nin as c_int,
            spec.nout as c_int,
            spec.identity,
            name,
            doc,
            0,
            signature,
            identity_ptr,
        )
    };
    if raw.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: `raw` is a new reference to a ufunc object.
    Ok(unsafe { Bound::from_owned_ptr(py, raw) })
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

/// The owner object passed to `build_ufunc`/`build_gufunc` when `ufunc` was made by them and `owner` is an
/// instance of `marker`, else `None` (NumPy's own ufuncs, `frompyfunc` ufuncs).
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
