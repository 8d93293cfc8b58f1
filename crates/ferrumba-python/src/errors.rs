//! The one place where compiler errors and runtime raise sites become Python exceptions.

use ferrumba_ir::{Diagnostic, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::PyType;

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
    match site.message {
        Some(message) => PyErr::from_type(class, message),
        None => PyErr::from_type(class, ()),
    }
}
