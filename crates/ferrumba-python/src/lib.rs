//! `ferrumba._core`: the only crate that touches Python (PyO3).
//!
//! It exposes the [`dispatcher::Dispatcher`] base class (the call path and compile entry points) and
//! `typeof`. Users never import it directly; `ferrumba` wraps it.
//!
//! Modules:
//! - `dispatcher`: overload selection, calls into machine code, eager compilation, dumps.
//! - `values`: typing, unboxing and boxing of Python values.
//! - `arrays`: the same for NumPy arrays (borrowed buffers in, owned or view arrays out).
//! - `array_likes`: other array-likes (buffer protocol, `__array_interface__`, DLPack) viewed as ndarrays.
//! - `host`: the driver's `Host`, answered by `ferrumba._host` (sources, globals, options).
//! - `gufunc`: generalized ufuncs (`@guvectorize`) built the same way.
//! - `ufunc`: genuine `numpy.ufunc` objects whose inner loops call compiled kernels.
//! - `ufunc_api`: NumPy's ufunc C API shared by `ufunc` and `gufunc` (tables, the owner in `obj`).
//! - `errors`: compile errors and raised exceptions as Python exceptions, in one place.

mod array_likes;
mod arrays;
mod dispatcher;
mod errors;
mod gufunc;
mod host;
mod parallel;
mod ufunc;
mod ufunc_api;
mod values;

use pyo3::prelude::*;

/// Numba's type name for a Python value (`"int64"`, `"UniTuple(float64 x 2)"`); an array-like is typed
/// as the array compiled code sees (`memoryview(b"ab")` is `readonly array(uint8, 1d, C)`).
#[pyfunction(name = "typeof")]
fn type_of(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let args = pyo3::types::PyTuple::new(value.py(), [value])?;
    let converted = array_likes::convert_arguments(&args, &|_| "the value".to_string())?;
    let value = match &converted {
        Some(tuple) => tuple.get_item(0)?,
        None => value.clone(),
    };
    values::typeof_value(&value).map(|t| t.to_string())
}

/// `(allocations, frees)` of array memory by compiled code since the process started.
#[pyfunction]
fn _nrt_stats() -> (u64, u64) {
    ferrumba_runtime::nrt_stats()
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_function(wrap_pyfunction!(type_of, m)?)?;
    m.add_function(wrap_pyfunction!(_nrt_stats, m)?)?;
    m.add_function(wrap_pyfunction!(ufunc::build_ufunc, m)?)?;
    m.add_function(wrap_pyfunction!(gufunc::build_gufunc, m)?)?;
    m.add_function(wrap_pyfunction!(ufunc_api::ufunc_owner, m)?)?;
    m.add_function(wrap_pyfunction!(parallel::get_num_threads, m)?)?;
    m.add_function(wrap_pyfunction!(parallel::set_num_threads, m)?)?;
    Ok(())
}
