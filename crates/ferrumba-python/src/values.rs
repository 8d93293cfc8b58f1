//! Python values ↔ compiled code: `typeof`, type checks for dispatch, unboxing into argument slots
//! and boxing results out of return slots (one 8-byte slot per leaf, see `ferrumba-codegen`).

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyTuple};

use ferrumba_types::Type;

/// NumPy's scalar type objects, looked up once NumPy is imported.
struct NumpyScalars {
    types: Vec<(Py<pyo3::types::PyType>, Type)>,
}

fn numpy_scalars(py: Python<'_>) -> Option<&NumpyScalars> {
    static SCALARS: PyOnceLock<Option<NumpyScalars>> = PyOnceLock::new();
    SCALARS
        .get_or_init(py, || {
            let np = py.import("numpy").ok()?;
            let names = [
                ("bool_", Type::Boolean),
                ("int8", Type::int(8, true)),
                ("int16", Type::int(16, true)),
                ("int32", Type::int(32, true)),
                ("int64", Type::INT64),
                ("uint8", Type::int(8, false)),
                ("uint16", Type::int(16, false)),
                ("uint32", Type::int(32, false)),
                ("uint64", Type::UINT64),
                ("float32", Type::FLOAT32),
                ("float64", Type::FLOAT64),
                ("complex64", Type::Complex(64)),
                ("complex128", Type::COMPLEX128),
            ];
            let mut types = Vec::new();
            for (name, ty) in names {
                let t = np.getattr(name).ok()?.cast_into::<pyo3::types::PyType>().ok()?;
                types.push((t.unbind(), ty));
            }
            Some(NumpyScalars { types })
        })
        .as_ref()
}

fn type_ptr(obj: &Bound<'_, PyAny>) -> *mut ffi::PyTypeObject {
    // SAFETY: `obj` is a live object; reading its type pointer is always valid.
    unsafe { ffi::Py_TYPE(obj.as_ptr()) }
}

fn is_exact(obj: &Bound<'_, PyAny>, ty: *mut ffi::PyTypeObject) -> bool {
    type_ptr(obj) == ty
}

fn long_type() -> *mut ffi::PyTypeObject {
    std::ptr::addr_of_mut!(ffi::PyLong_Type)
}
fn float_type() -> *mut ffi::PyTypeObject {
    std::ptr::addr_of_mut!(ffi::PyFloat_Type)
}
fn bool_type() -> *mut ffi::PyTypeObject {
    std::ptr::addr_of_mut!(ffi::PyBool_Type)
}
fn complex_type() -> *mut ffi::PyTypeObject {
    std::ptr::addr_of_mut!(ffi::PyComplex_Type)
}
fn tuple_type() -> *mut ffi::PyTypeObject {
    std::ptr::addr_of_mut!(ffi::PyTuple_Type)
}

/// The NumPy scalar type of `obj`, if it is one.
pub(crate) fn numpy_scalar_type(obj: &Bound<'_, PyAny>) -> Option<Type> {
    let py = obj.py();
    // Only look when NumPy is already imported: a program without NumPy values never pays for it.
    let scalars = numpy_scalars(py)?;
    let ty = type_ptr(obj);
    scalars.types.iter().find(|(t, _)| t.as_ptr() as *mut ffi::PyTypeObject == ty).map(|(_, t)| t.clone())
}

/// Numba's type of a Python value: `int` is int64, `float` float64, NumPy scalars keep their dtype.
pub fn typeof_value(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    if is_exact(obj, bool_type()) {
        return Ok(Type::Boolean);
    }
    if is_exact(obj, long_type()) {
        return Ok(match obj.extract::<i64>() {
            Ok(_) => Type::INT64,
            Err(_) if obj.extract::<u64>().is_ok() => Type::UINT64,
            Err(_) => return Err(PyOverflowError::new_err("int too large to convert to a 64-bit integer")),
        });
    }
    if is_exact(obj, float_type()) {
        return Ok(Type::FLOAT64);
    }
    if is_exact(obj, complex_type()) {
        return Ok(Type::COMPLEX128);
    }
    if obj.is_none() {
        return Ok(Type::NoneType);
    }
    if is_exact(obj, tuple_type()) {
        let items = obj.cast::<PyTuple>().expect("exact tuple");
        return items.iter().map(|item| typeof_value(&item)).collect::<PyResult<Vec<_>>>().map(Type::Tuple);
    }
    if let Some(t) = numpy_scalar_type(obj) {
        return Ok(t);
    }
    if crate::arrays::is_ndarray(obj) {
        return crate::arrays::array_type(obj);
    }
    let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    Err(PyValueError::new_err(format!(
        "cannot determine the ferrumba type of <class '{type_name}'>; compiled functions accept numbers, \
         booleans, None, NumPy arrays (or array-likes: buffer protocol, __array_interface__, __array__, \
         __dlpack__) and tuples of them"
    )))
}

/// Whether `obj`'s type is exactly `ty` (the dispatch fast path: no allocation).
pub fn has_type(obj: &Bound<'_, PyAny>, ty: &Type) -> bool {
    match ty {
        Type::NoneType => return obj.is_none(),
        Type::Optional(inner) => return obj.is_none() || has_type(obj, inner),
        Type::Array(_) => {
            return crate::arrays::is_ndarray(obj) && crate::arrays::array_type(obj).is_ok_and(|t| t == *ty);
        }
        Type::Tuple(items) => {
            if !is_exact(obj, tuple_type()) {
                return false;
            }
            let tuple = obj.cast::<PyTuple>().expect("exact tuple");
            return tuple.len() == items.len() && tuple.iter().zip(items).all(|(o, t)| has_type(&o, t));
        }
        _ => {}
    }
    let ob_type = type_ptr(obj);
    if ob_type == long_type() {
        *ty == Type::INT64
    } else if ob_type == float_type() {
        *ty == Type::FLOAT64
    } else if ob_type == bool_type() {
        *ty == Type::Boolean
    } else if ob_type == complex_type() {
        *ty == Type::COMPLEX128
    } else {
        numpy_scalar_type(obj).as_ref() == Some(ty)
    }
}

/// Appends `obj`'s leaves, converted to `ty`, to `slots`.
pub fn unbox(obj: &Bound<'_, PyAny>, ty: &Type, slots: &mut Vec<u64>) -> PyResult<()> {
    match ty {
        Type::Boolean => slots.push(u64::from(obj.is_truthy()?)),
        Type::Integer(i) => {
            let v: i64 = if is_exact(obj, float_type()) {
                obj.extract::<f64>()? as i64
            } else if !i.signed && i.bits == 64 {
                match obj.extract::<u64>() {
                    Ok(u) => u as i64,
                    Err(_) => obj.extract::<i64>()?,
                }
            } else {
                match obj.extract::<i64>() {
                    Ok(v) => v,
                    Err(_) => obj.extract::<f64>().map_err(|_| type_error(obj, ty))? as i64,
                }
            };
            slots.push(v as u64);
        }
        Type::Float(bits) => {
            let v = obj.extract::<f64>().map_err(|_| type_error(obj, ty))?;
            slots.push(if *bits == 32 { u64::from((v as f32).to_bits()) } else { v.to_bits() });
        }
        Type::Complex(bits) => {
            let (re, im) = match obj.cast::<PyComplex>() {
                Ok(c) => (c.real(), c.imag()),
                Err(_) => {
                    let c = obj.call_method0("__complex__").or_else(|_| {
                        obj.extract::<f64>().map(|re| PyComplex::from_doubles(obj.py(), re, 0.0).into_any())
                    })?;
                    let c = c.cast::<PyComplex>().map_err(|_| type_error(obj, ty))?;
                    (c.real(), c.imag())
                }
            };
            for part in [re, im] {
                slots.push(if *bits == 64 { u64::from((part as f32).to_bits()) } else { part.to_bits() });
            }
        }
        Type::NoneType => {}
        Type::Array(a) => crate::arrays::unbox_array(obj, a, slots)?,
        Type::Tuple(items) => {
            let tuple = obj.cast::<PyTuple>().map_err(|_| type_error(obj, ty))?;
            if tuple.len() != items.len() {
                return Err(type_error(obj, ty));
            }
            for (item, t) in tuple.iter().zip(items) {
                unbox(&item, t, slots)?;
            }
        }
        Type::Optional(inner) => {
            if obj.is_none() {
                slots.push(0);
                let mut zeros = Vec::new();
                unbox_zero(inner, &mut zeros);
                slots.extend(zeros);
            } else {
                slots.push(1);
                unbox(obj, inner, slots)?;
            }
        }
        _ => return Err(type_error(obj, ty)),
    }
    Ok(())
}

fn unbox_zero(ty: &Type, slots: &mut Vec<u64>) {
    slots.extend(std::iter::repeat_n(0, ferrumba_codegen::leaf_types(ty).len()));
}

fn type_error(obj: &Bound<'_, PyAny>, ty: &Type) -> PyErr {
    let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    PyTypeError::new_err(format!("cannot convert a value of type '{type_name}' to {ty}"))
}

/// Builds the Python value of type `ty` from its leaves in `slots` (advancing `slots`).
pub fn box_value<'py>(
    py: Python<'py>,
    ty: &Type,
    slots: &mut std::slice::Iter<'_, u64>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut next = || *slots.next().expect("a slot for every leaf");
    Ok(match ty {
        Type::Boolean => PyBool::new(py, next() as u8 != 0).to_owned().into_any(),
        Type::Integer(i) => {
            let raw = next();
            match (i.bits, i.signed) {
                (8, true) => (raw as i8).into_pyobject(py)?.into_any(),
                (16, true) => (raw as i16).into_pyobject(py)?.into_any(),
                (32, true) => (raw as i32).into_pyobject(py)?.into_any(),
                (8, false) => (raw as u8).into_pyobject(py)?.into_any(),
                (16, false) => (raw as u16).into_pyobject(py)?.into_any(),
                (32, false) => (raw as u32).into_pyobject(py)?.into_any(),
                (_, true) => (raw as i64).into_pyobject(py)?.into_any(),
                (_, false) => raw.into_pyobject(py)?.into_any(),
            }
        }
        Type::Float(32) => PyFloat::new(py, f64::from(f32::from_bits(next() as u32))).into_any(),
        Type::Float(_) => PyFloat::new(py, f64::from_bits(next())).into_any(),
        Type::Complex(64) => {
            let (re, im) = (f32::from_bits(next() as u32), f32::from_bits(next() as u32));
            PyComplex::from_doubles(py, f64::from(re), f64::from(im)).into_any()
        }
        Type::Complex(_) => {
            let (re, im) = (f64::from_bits(next()), f64::from_bits(next()));
            PyComplex::from_doubles(py, re, im).into_any()
        }
        Type::Tuple(items) => {
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                values.push(box_value(py, item, slots)?);
            }
            PyTuple::new(py, values)?.into_any()
        }
        Type::Array(a) => return crate::arrays::box_array(py, a, slots),
        // `a.flat` returned: NumPy's own flat iterator over the boxed array.
        Type::ArrayFlat(a) => return crate::arrays::box_array(py, a, slots)?.getattr(pyo3::intern!(py, "flat")),
        Type::Optional(inner) => {
            let valid = next() as u8 != 0;
            let value = box_value(py, inner, slots)?;
            if valid {
                value
            } else {
                py.None().into_bound(py)
            }
        }
        _ => py.None().into_bound(py),
    })
}
