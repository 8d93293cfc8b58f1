//! The one place where compiler errors and runtime raise sites become Python exceptions.

use ferrumba_ir::{Diagnostic, ErrorKind};
use ferrumba_runtime::RaiseArg;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyString, PyTuple, PyType};

/// A compile error as `ferrumba.core.errors.TypingError` (or `UnsupportedError`, ...).
pub fn compile_error(host: &Bound<'_, PyAny>, d: &Diagnostic) -> PyErr {
    let class_name = match d.kind {
        ErrorKind::Typing => "TypingError",
        ErrorKind::Unsupported => "UnsupportedError",
        ErrorKind::Syntax => "CompilerError",
        ErrorKind::Internal => "InternalError",
    };
    let class = host.getattr("errors").and_then(|errors| errors.getattr(class_name));
    match class.and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from)) {
        Ok(class) => PyErr::from_type(class, d.render()),
        Err(e) => e,
    }
}

/// The exception a compiled function raised, from the status code it returned.
pub fn raised(py: Python<'_>, host: &Bound<'_, PyAny>, status: i32) -> PyErr {
    let Some(site) = ferrumba_runtime::raise_site(status) else {
        return pyo3::exceptions::PySystemError::new_err(format!("compiled code returned unknown status {status}"));
    };
    let class = match site.exc_id {
        Some(id) => host.call_method1("exception_class", (id,)),
        None => py.import("builtins").and_then(|b| b.getattr(site.exc_name.as_str())),
    };
    let class = match class.and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from)) {
        Ok(c) => c,
        Err(e) => return e,
    };
    match site.args.iter().map(|a| raise_arg(py, a)).collect::<PyResult<Vec<_>>>() {
        Ok(args) => match PyTuple::new(py, args) {
            Ok(args) => PyErr::from_type(class, args.unbind()),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

fn raise_arg<'py>(py: Python<'py>, arg: &RaiseArg) -> PyResult<Bound<'py, PyAny>> {
    Ok(match arg {
        RaiseArg::None => py.None().into_bound(py),
        RaiseArg::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        RaiseArg::Int(i) => i.into_pyobject(py)?.into_any(),
        RaiseArg::Float(bits) => PyFloat::new(py, f64::from_bits(*bits)).into_any(),
        RaiseArg::Complex(re, im) => PyComplex::from_doubles(py, f64::from_bits(*re), f64::from_bits(*im)).into_any(),
        RaiseArg::Str(s) => PyString::new(py, s).into_any(),
        RaiseArg::Tuple(items) => {
            PyTuple::new(py, items.iter().map(|a| raise_arg(py, a)).collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
    })
}
