//! The dispatcher: picks (or compiles) the specialization for the argument types and calls it.
//!
//! The call path is Rust: check the arguments' types against each overload without allocating, unbox
//! them into 8-byte slots, call the entry wrapper, box the result. Compiling is the slow path.

use std::sync::atomic::{AtomicU64, Ordering};

use ferrumba_driver::{CompiledRef, FunctionOptions};
use ferrumba_types::{conversion_cost, parse_signature, parse_type, Type};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::errors::{compile_error, raised};
use crate::host::{functions, FunctionInfo, PyHost};
use crate::values::{box_value, has_type, typeof_value, unbox};

type EntryFn = unsafe extern "C" fn(*const u64, *mut u64, usize) -> i32;

/// One compiled specialization, ready to call.
struct Overload {
    compiled: CompiledRef,
    entry: EntryFn,
    ret_leaves: usize,
}

/// The object `@njit` returns (Python subclasses it to add Numba's inspection API).
#[pyclass(subclass, module = "ferrumba._core")]
pub struct Dispatcher {
    #[pyo3(get)]
    pub py_func: Py<PyAny>,
    host: Py<PyAny>,
    #[pyo3(get)]
    pub handle: u64,
    /// Positional parameters; calls with another count (or keywords) are folded in Python first.
    nparams: usize,
    simple_params: bool,
    nogil: bool,
    overloads: Vec<Overload>,
    #[pyo3(get, set, name = "_can_compile")]
    can_compile: bool,
}

static NEXT_HANDLE: AtomicU64 = AtomicU64::new(1);

#[pymethods]
impl Dispatcher {
    #[new]
    fn new(py_func: Bound<'_, PyAny>, options: Bound<'_, PyDict>, host: Bound<'_, PyAny>) -> PyResult<Self> {
        let code = py_func.getattr("__code__")?;
        let nparams: usize = code.getattr("co_argcount")?.extract()?;
        let kwonly: usize = code.getattr("co_kwonlyargcount")?.extract()?;
        let flags: u32 = code.getattr("co_flags")?.extract()?;
        const CO_VARARGS: u32 = 0x04;
        const CO_VARKEYWORDS: u32 = 0x08;
        let simple_params = kwonly == 0 && flags & (CO_VARARGS | CO_VARKEYWORDS) == 0;

        let error_model: String = match options.get_item("error_model")? {
            Some(v) if !v.is_none() => v.extract()?,
            _ => "python".into(),
        };
        let nogil = match options.get_item("nogil")? {
            Some(v) => v.is_truthy()?,
            None => false,
        };
        let boundscheck = match options.get_item("boundscheck")? {
            Some(v) => v.is_truthy()?,
            None => false,
        };
        let parallel = match options.get_item("parallel")? {
            Some(v) => v.is_truthy()?,
            None => false,
        };
        let mut fn_options =
            FunctionOptions { python_error_model: error_model != "numpy", boundscheck, parallel, ..Default::default() };
        if let Some(locals) = options.get_item("locals")? {
            if !locals.is_none() {
                for (name, ty) in locals.cast::<PyDict>()?.iter() {
                    let ty_name = ty.str()?.to_string();
                    let ty = parse_type(&ty_name).map_err(PyTypeError::new_err)?;
                    fn_options.locals.insert(name.extract()?, ty);
                }
            }
        }
        let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
        functions()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(handle, FunctionInfo { py_func: py_func.clone().unbind(), options: fn_options });
        Ok(Dispatcher {
            py_func: py_func.unbind(),
            host: host.unbind(),
            handle,
            nparams,
            simple_params,
            nogil,
            overloads: Vec::new(),
            can_compile: true,
        })
    }

    #[pyo3(signature = (*args, **kwargs))]
    fn __call__<'py>(
        slf: &Bound<'py, Self>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let folded;
        let args = {
            let this = slf.borrow();
            if kwargs.is_some_and(|k| !k.is_empty()) || args.len() != this.nparams || !this.simple_params {
                drop(this);
                let kw = match kwargs {
                    Some(k) => k.clone(),
                    None => PyDict::new(py),
                };
                folded = slf.call_method1("_fold_arguments", (args, kw))?.cast_into::<PyTuple>()?;
                &folded
            } else {
                args
            }
        };
        let hit = slf.borrow().find_exact(args);
        // On a miss, array-likes (memoryview, DLPack, ...) become ndarray views held by `converted`
        // for the whole call.
        let converted;
        let (index, args) = match hit {
            Some(i) => (i, args),
            None => {
                let names = |i: usize| slf.borrow().argument_name(py, i);
                converted = crate::array_likes::convert_arguments(args, &names)?;
                let args = converted.as_ref().unwrap_or(args);
                let hit = if converted.is_some() { slf.borrow().find_exact(args) } else { None };
                match hit {
                    Some(i) => (i, args),
                    None => (Self::resolve_slow(slf, args)?, args),
                }
            }
        };
        let (compiled, entry, ret_leaves, nogil) = {
            let this = slf.borrow();
            let o = &this.overloads[index];
            (o.compiled.clone(), o.entry, o.ret_leaves, this.nogil)
        };
        call_overload(py, slf, &compiled, entry, ret_leaves, nogil, args)
    }

    /// Compiles eagerly for a signature: `"float64(int32, float64)"` or `"(int32, float64)"`.
    fn compile(slf: &Bound<'_, Self>, signature: &str) -> PyResult<()> {
        let sig = parse_signature(signature).map_err(PyTypeError::new_err)?;
        Self::compile_for(slf, sig.args, sig.ret)?;
        Ok(())
    }

    /// `[(argument type names, return type name)]` in compile order.
    fn _overloads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items: Vec<(Vec<String>, String)> = self
            .overloads
            .iter()
            .map(|o| {
                let args = o.compiled.arg_types.iter().map(|t| t.to_string()).collect();
                (args, o.compiled.return_type.to_string())
            })
            .collect();
        let list = PyList::empty(py);
        for (args, ret) in items {
            list.append((PyTuple::new(py, args)?, ret))?;
        }
        Ok(list)
    }

    /// The text of a compile stage of overload `index`: `"ir"`, `"typed"`, `"clif"` or `"asm"`.
    fn _dump(&self, py: Python<'_>, index: usize, stage: &str) -> PyResult<String> {
        let overload = self.overloads.get(index).ok_or_else(|| PyValueError::new_err("no such overload"))?;
        if stage == "asm" {
            return ferrumba_driver::asm_listing(&overload.compiled).map_err(|d| compile_error(self.host.bind(py), &d));
        }
        overload
            .compiled
            .dump(stage)
            .ok_or_else(|| PyValueError::new_err(format!("unknown stage {stage:?}; use ir, typed, clif or asm")))
    }

    /// Forgets every compiled overload (and the function's cached IR).
    fn _clear(&mut self) {
        self.overloads.clear();
        ferrumba_driver::forget(self.handle);
    }
}

impl Dispatcher {
    /// The compiled specialization of overload `index` (ufunc loops call it natively).
    pub(crate) fn compiled(&self, index: usize) -> Option<CompiledRef> {
        self.overloads.get(index).map(|o| o.compiled.clone())
    }

    /// `argument 'x'` for positional argument `index`, for error messages.
    fn argument_name(&self, py: Python<'_>, index: usize) -> String {
        let name = self
            .py_func
            .bind(py)
            .getattr("__code__")
            .and_then(|c| c.getattr("co_varnames"))
            .and_then(|names| names.get_item(index))
            .and_then(|n| n.extract::<String>());
        match name {
            Ok(n) if index < self.nparams => format!("argument '{n}'"),
            _ => format!("argument {}", index + 1),
        }
    }

    /// The overload whose parameter types are exactly the arguments' types.
    fn find_exact(&self, args: &Bound<'_, PyTuple>) -> Option<usize> {
        self.overloads.iter().position(|o| {
            let params = &o.compiled.arg_types;
            params.len() == args.len() && args.iter().zip(params).all(|(a, t)| has_type(&a, t))
        })
    }

    /// No exact overload: compile one, or (when compiling is disabled) convert to the closest one.
    fn resolve_slow(slf: &Bound<'_, Self>, args: &Bound<'_, PyTuple>) -> PyResult<usize> {
        let py = slf.py();
        let types = args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                typeof_value(&a).map_err(|e| {
                    let name = slf.borrow().argument_name(py, i);
                    PyTypeError::new_err(format!("{name}: {}", e.value(py)))
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        if slf.borrow().can_compile {
            return Self::compile_for(slf, types, None);
        }
        let this = slf.borrow();
        let best = this
            .overloads
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                let params = &o.compiled.arg_types;
                if params.len() != types.len() {
                    return None;
                }
                let costs: Option<Vec<u32>> = types.iter().zip(params).map(|(a, p)| conversion_cost(a, p)).collect();
                costs.map(|c| (c.iter().copied().max().unwrap_or(0), c.iter().sum::<u32>(), i))
            })
            .min();
        best.map(|(_, _, i)| i).ok_or_else(|| {
            let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
            PyTypeError::new_err(format!("No matching definition for argument type(s) {}", names.join(", ")))
        })
    }

    /// Compiles a specialization for `types` and adds it to the overloads; returns its index.
    fn compile_for(slf: &Bound<'_, Self>, types: Vec<Type>, ret: Option<Type>) -> PyResult<usize> {
        let py = slf.py();
        let (handle, host) = {
            let this = slf.borrow();
            (this.handle, this.host.clone_ref(py))
        };
        let host = host.into_bound(py);
        let mut py_host = PyHost { host: host.clone(), error: None };
        let result = ferrumba_driver::compile(&mut py_host, handle, &types, ret.as_ref());
        if let Some(err) = py_host.error {
            return Err(err);
        }
        let compiled = result.map_err(|d| compile_error(&host, &d))?;
        let mut this = slf.borrow_mut();
        if let Some(i) = this.overloads.iter().position(|o| o.compiled.arg_types == compiled.arg_types) {
            this.overloads[i] = Overload::new(compiled);
            return Ok(i);
        }
        this.overloads.push(Overload::new(compiled));
        Ok(this.overloads.len() - 1)
    }
}

impl Overload {
    fn new(compiled: CompiledRef) -> Self {
        // SAFETY: `entry` is the address of a finalized entry wrapper with exactly this signature.
        let entry = unsafe { std::mem::transmute::<usize, EntryFn>(compiled.entry) };
        let ret_leaves = ferrumba_codegen::leaf_types(&compiled.return_type).len();
        Overload { compiled, entry, ret_leaves }
    }
}

/// Unboxes the arguments, runs the machine code, boxes the result or raises what it raised.
fn call_overload<'py>(
    py: Python<'py>,
    slf: &Bound<'py, Dispatcher>,
    compiled: &CompiledRef,
    entry: EntryFn,
    ret_leaves: usize,
    nogil: bool,
    args: &Bound<'py, PyTuple>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut slots: Vec<u64> = Vec::with_capacity(8);
    for (a, t) in args.iter().zip(&compiled.arg_types) {
        unbox(&a, t, &mut slots)?;
    }
    let mut small = [0u64; 8];
    let mut large = Vec::new();
    let ret: &mut [u64] = if ret_leaves <= small.len() {
        &mut small
    } else {
        large.resize(ret_leaves, 0);
        &mut large
    };
    let (args_ptr, ret_ptr) = (slots.as_ptr() as usize, ret.as_mut_ptr() as usize);
    // SAFETY: `entry` reads exactly the argument leaves unboxed above and writes `ret_leaves` slots.
    let run = move || unsafe { entry(args_ptr as *const u64, ret_ptr as *mut u64, ferrumba_runtime::stack_limit()) };
    let status = if nogil { py.detach(run) } else { run() };
    if status != 0 {
        let this = slf.borrow();
        return Err(raised(py, this.host.bind(py), status));
    }
    box_value(py, &compiled.return_type, &mut ret.iter())
}
