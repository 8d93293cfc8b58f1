//! Array-likes other than ndarrays as arguments: objects exporting the buffer protocol (`array.array`,
//! `memoryview`, `bytearray`, `bytes`), `__array_interface__` / `__array_struct__` / `__array__()`, or
//! DLPack (`__dlpack__`). Each is turned into an ndarray with NumPy's own zero-copy constructors
//! (`np.from_dlpack`, `np.asarray(memoryview(obj))`, `np.asarray`) before dispatch; the ndarray views the
//! exporter's memory and keeps the exporter alive, so writes through a writable view reach the caller
//! and a read-only buffer gives a read-only array type.
//!
//! Only the dispatcher's slow path (no overload matched the arguments as given) looks here, so calls
//! with ndarrays and scalars never pay for it.

use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyTuple};

use crate::arrays::is_ndarray;

/// Whether `obj` may need converting: not a value the fast path types directly.
fn is_plain(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_none()
        || obj.is_exact_instance_of::<PyInt>()
        || obj.is_exact_instance_of::<PyFloat>()
        || obj.is_exact_instance_of::<PyBool>()
        || obj.is_exact_instance_of::<PyComplex>()
        || is_ndarray(obj)
        || crate::values::numpy_scalar_type(obj).is_some()
}

fn numpy_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static NUMPY: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    Ok(NUMPY.get_or_try_init(py, || py.import("numpy").map(Bound::unbind))?.bind(py))
}

/// The ndarray viewing `obj`'s memory, if `obj` exports one of the array protocols.
fn as_ndarray<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let py = obj.py();
    if obj.hasattr(intern!(py, "__dlpack__"))? {
        return numpy_module(py)?.call_method1(intern!(py, "from_dlpack"), (obj,)).map(Some);
    }
    // SAFETY: a protocol check on a live object.
    if unsafe { ffi::PyObject_CheckBuffer(obj.as_ptr()) } != 0 {
        // Through a memoryview, so that `bytes` gives uint8 elements rather than one string.
        let view = pyo3::types::PyMemoryView::from(obj)?;
        return numpy_module(py)?.call_method1(intern!(py, "asarray"), (view,)).map(Some);
    }
    for protocol in [intern!(py, "__array_interface__"), intern!(py, "__array_struct__"), intern!(py, "__array__")] {
        if obj.hasattr(protocol)? {
            return numpy_module(py)?.call_method1(intern!(py, "asarray"), (obj,)).map(Some);
        }
    }
    Ok(None)
}

/// `obj` with every array-like (also inside tuples) replaced by its ndarray view; `None` when nothing
/// changed. Errors name the argument.
fn convert(obj: &Bound<'_, PyAny>, arg: &dyn Fn() -> String) -> PyResult<Option<Py<PyAny>>> {
    if is_plain(obj) {
        return Ok(None);
    }
    if let Ok(tuple) = obj.cast_exact::<PyTuple>() {
        let items: Vec<Option<Py<PyAny>>> = tuple.iter().map(|item| convert(&item, arg)).collect::<PyResult<_>>()?;
        if items.iter().all(Option::is_none) {
            return Ok(None);
        }
        let py = obj.py();
        let new_items: Vec<Py<PyAny>> =
            items.into_iter().zip(tuple.iter()).map(|(new, old)| new.unwrap_or_else(|| old.unbind())).collect();
        return Ok(Some(PyTuple::new(py, new_items)?.into_any().unbind()));
    }
    as_ndarray(obj).map(|found| found.map(Bound::unbind)).map_err(|e| {
        let py = obj.py();
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        let err = pyo3::exceptions::PyTypeError::new_err(format!(
            "{}: cannot view the {type_name} object as a NumPy array: {}",
            arg(),
            e.value(py)
        ));
        err.set_cause(py, Some(e));
        err
    })
}

/// The arguments with array-likes replaced by ndarrays, or `None` when there were none.
pub fn convert_arguments<'py>(
    args: &Bound<'py, PyTuple>,
    names: &dyn Fn(usize) -> String,
) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let mut converted: Option<Vec<Py<PyAny>>> = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(new) = convert(&a, &|| names(i))? {
            let list = converted.get_or_insert_with(|| args.iter().map(Bound::unbind).collect());
            list[i] = new;
        }
    }
    converted.map(|items| PyTuple::new(args.py(), items)).transpose()
}
