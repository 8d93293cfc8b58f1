//! The compiler's [`Host`]: answers its questions by calling `ferrumba._host` in Python.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use ferrumba_driver::{FunctionOptions, Host};
use ferrumba_ir::{Constant, Diagnostic, ExceptionRef, GlobalValue, SourceInfo};
use ferrumba_types::Type;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyDict, PyFloat, PyInt, PyString, PyTuple};

use crate::dispatcher::Dispatcher;

/// What the compiler needs to know about each function it may compile, by handle.
pub struct FunctionInfo {
    pub py_func: Py<PyAny>,
    pub options: FunctionOptions,
}

pub fn functions() -> &'static Mutex<HashMap<u64, FunctionInfo>> {
    static FUNCTIONS: OnceLock<Mutex<HashMap<u64, FunctionInfo>>> = OnceLock::new();
    FUNCTIONS.get_or_init(Default::default)
}

/// Calls into `ferrumba._host`; the first Python exception raised there is kept to re-raise as is.
pub struct PyHost<'py> {
    pub host: Bound<'py, PyAny>,
    pub error: Option<PyErr>,
}

impl PyHost<'_> {
    fn keep<T>(&mut self, result: PyResult<T>) -> Result<T, Diagnostic> {
        result.map_err(|e| {
            let message = e.to_string();
            self.error.get_or_insert(e);
            Diagnostic::internal(message)
        })
    }

    fn py_func(&self, handle: u64) -> Result<Py<PyAny>, Diagnostic> {
        let py = self.host.py();
        let table = functions().lock().unwrap_or_else(|e| e.into_inner());
        table
            .get(&handle)
            .map(|info| info.py_func.clone_ref(py))
            .ok_or_else(|| Diagnostic::internal(format!("unknown function handle {handle}")))
    }
}

impl Host for PyHost<'_> {
    fn function_source(&mut self, handle: u64) -> Result<SourceInfo, Diagnostic> {
        let py_func = self.py_func(handle)?;
        let result = self
            .host
            .call_method1("function_source", (py_func,))
            .and_then(|r| r.extract::<(String, u32, u32, String)>());
        let (filename, first_line, col_offset, source) = self.keep(result)?;
        Ok(SourceInfo { filename, source, first_line, col_offset })
    }

    fn resolve_global(&mut self, handle: u64, name: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        let py_func = self.py_func(handle)?;
        let result = self.host.call_method1("resolve_global", (py_func, name)).and_then(|r| classified(&r));
        self.keep(result)
    }

    fn resolve_module_attr(&mut self, module: &str, attr: &str) -> Result<Option<GlobalValue>, Diagnostic> {
        let result = self.host.call_method1("resolve_module_attr", (module, attr)).and_then(|r| classified(&r));
        self.keep(result)
    }

    fn resolve_overload(
        &mut self,
        name: &str,
        args: &[Type],
        kwargs: &[(String, Type)],
    ) -> Result<Option<u64>, Diagnostic> {
        let py = self.host.py();
        let result = (|| -> PyResult<Option<u64>> {
            let arg_names = PyTuple::new(py, args.iter().map(|t| t.to_string()))?;
            let kw = PyDict::new(py);
            for (k, t) in kwargs {
                kw.set_item(k, t.to_string())?;
            }
            let found = self.host.call_method1("resolve_overload", (name, arg_names, kw))?;
            if found.is_none() {
                return Ok(None);
            }
            Ok(Some(found.cast::<Dispatcher>()?.borrow().handle))
        })();
        self.keep(result)
    }

    fn options(&mut self, handle: u64) -> FunctionOptions {
        let table = functions().lock().unwrap_or_else(|e| e.into_inner());
        table.get(&handle).map(|info| info.options.clone()).unwrap_or_default()
    }
}

/// Turns `_host`'s classification tuple into a [`GlobalValue`].
fn classified(obj: &Bound<'_, PyAny>) -> PyResult<Option<GlobalValue>> {
    if obj.is_none() {
        return Ok(None);
    }
    let tuple = obj.cast::<PyTuple>()?;
    let kind: String = tuple.get_item(0)?.extract()?;
    let arg = tuple.get_item(1)?;
    Ok(Some(match kind.as_str() {
        "const" => match constant(&arg)? {
            Some(c) => GlobalValue::Constant(c),
            None => GlobalValue::Unsupported { type_name: arg.get_type().name()?.to_string() },
        },
        "module" => GlobalValue::Module(arg.extract()?),
        "builtin" => GlobalValue::Builtin(arg.extract()?),
        "dispatcher" => {
            let d = arg.cast::<Dispatcher>()?;
            let d = d.borrow();
            let name: String = d.py_func.bind(obj.py()).getattr("__name__")?.extract()?;
            GlobalValue::Dispatcher { handle: d.handle, name }
        }
        "exception" => GlobalValue::Exception(ExceptionRef { id: arg.extract()?, name: tuple.get_item(2)?.extract()? }),
        _ => GlobalValue::Unsupported { type_name: arg.extract().unwrap_or_else(|_| kind.clone()) },
    }))
}

/// A Python constant as a compile-time [`Constant`]; `None` if it has no compiled form (a huge int).
fn constant(obj: &Bound<'_, PyAny>) -> PyResult<Option<Constant>> {
    Ok(Some(if obj.is_none() {
        Constant::None
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Constant::Bool(b.is_true())
    } else if obj.is_instance_of::<PyInt>() {
        match obj.extract::<i64>() {
            Ok(i) => Constant::Int(i),
            Err(_) => return Ok(None),
        }
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Constant::Float(f.value())
    } else if let Ok(c) = obj.cast::<PyComplex>() {
        Constant::Complex(c.real(), c.imag())
    } else if let Ok(s) = obj.cast::<PyString>() {
        Constant::Str(s.to_string())
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        let mut items = Vec::with_capacity(t.len());
        for item in t.iter() {
            match constant(&item)? {
                Some(c) => items.push(c),
                None => return Ok(None),
            }
        }
        Constant::Tuple(items)
    } else {
        return Ok(None);
    }))
}
