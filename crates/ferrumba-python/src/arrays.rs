//! NumPy arrays across the boundary: their ferrumba type, unboxing (borrowing the NumPy buffer, no copy)
//! and boxing (an array allocated by compiled code becomes an ndarray that owns its memory; a view of an
//! argument becomes an ndarray whose base is that argument).

use std::ffi::c_int;

use ferrumba_types::{ArrayTy, Layout, Type};
use numpy::npyffi::{
    get_type_object, NpyTypes, PyArrayObject, PyArray_Check, NPY_ARRAY_C_CONTIGUOUS, NPY_ARRAY_F_CONTIGUOUS,
    NPY_ARRAY_WRITEABLE, PY_ARRAY_API,
};
use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;

/// Keeps a block allocated by compiled code alive while NumPy uses it: the base of returned arrays.
#[pyclass(module = "ferrumba._core", frozen)]
pub struct MemInfoOwner {
    owner: usize,
}

impl Drop for MemInfoOwner {
    fn drop(&mut self) {
        // SAFETY: this object holds the one reference compiled code handed over with the array.
        unsafe { ferrumba_runtime::ferrumba_nrt_decref(self.owner) };
    }
}

const NPY_BOOL: c_int = 0;
const INT64_TYPE_NUM: c_int = if std::mem::size_of::<std::ffi::c_long>() == 8 { 7 } else { 9 };

/// The element type of a NumPy type number (native byte order assumed).
fn dtype_of(type_num: c_int) -> Option<Type> {
    let long_bits = (std::mem::size_of::<std::ffi::c_long>() * 8) as u8;
    Some(match type_num {
        NPY_BOOL => Type::Boolean,
        1 => Type::int(8, true),
        2 => Type::int(8, false),
        3 => Type::int(16, true),
        4 => Type::int(16, false),
        5 => Type::int(32, true),
        6 => Type::int(32, false),
        7 => Type::int(long_bits, true),
        8 => Type::int(long_bits, false),
        9 => Type::INT64,
        10 => Type::UINT64,
        11 => Type::FLOAT32,
        12 => Type::FLOAT64,
        14 => Type::Complex(64),
        15 => Type::COMPLEX128,
        _ => return None,
    })
}

/// The NumPy type number of an element type.
fn type_num_of(t: &Type) -> c_int {
    match t {
        Type::Boolean => NPY_BOOL,
        Type::Integer(i) => match (i.bits, i.signed) {
            (8, true) => 1,
            (8, false) => 2,
            (16, true) => 3,
            (16, false) => 4,
            (32, true) => 5,
            (32, false) => 6,
            (_, true) => INT64_TYPE_NUM,
            (_, false) => INT64_TYPE_NUM + 1,
        },
        Type::Float(32) => 11,
        Type::Float(_) => 12,
        Type::Complex(64) => 14,
        _ => 15,
    }
}

fn fields<'a>(obj: &'a Bound<'_, PyAny>) -> &'a numpy::npyffi::PyArrayObject_fields {
    // SAFETY: only called on objects that passed `PyArray_Check`; the object is alive while borrowed.
    unsafe { &(*(obj.as_ptr() as *const PyArrayObject)).fields }
}

pub fn is_ndarray(obj: &Bound<'_, PyAny>) -> bool {
    // SAFETY: a type check on a live object.
    unsafe { PyArray_Check(obj.py(), obj.as_ptr()) != 0 }
}

/// The ferrumba type of an ndarray; `Err` for dtypes compiled code does not support.
pub fn array_type(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    let f = fields(obj);
    // SAFETY: an ndarray always has a descriptor.
    let descr = unsafe { &(*f.descr).fields };
    let native = matches!(descr.byteorder as u8, b'=' | b'|')
        || (cfg!(target_endian = "little") && descr.byteorder as u8 == b'<');
    let dtype = dtype_of(descr.type_num).filter(|_| native).ok_or_else(|| {
        let name = obj.getattr("dtype").map(|d| d.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("arrays of dtype {name} are not supported in compiled code"))
    })?;
    let ndim = u8::try_from(f.nd).map_err(|_| PyTypeError::new_err("too many dimensions"))?;
    let layout = if f.flags & NPY_ARRAY_C_CONTIGUOUS != 0 {
        Layout::C
    } else if f.flags & NPY_ARRAY_F_CONTIGUOUS != 0 {
        Layout::F
    } else {
        Layout::A
    };
    let readonly = f.flags & NPY_ARRAY_WRITEABLE == 0;
    Ok(Type::Array(ArrayTy { dtype: Box::new(dtype), ndim, layout, readonly }))
}

/// Appends the leaves of an ndarray passed where `ty` is expected: the object itself (tagged, not
/// counted), the data pointer, the shape and the strides.
pub fn unbox_array(obj: &Bound<'_, PyAny>, ty: &ArrayTy, slots: &mut Vec<u64>) -> PyResult<()> {
    let actual = if is_ndarray(obj) { array_type(obj)? } else { Type::NoneType };
    let expected = Type::Array(ty.clone());
    if ferrumba_types::conversion_cost(&actual, &expected).is_none() {
        return Err(PyTypeError::new_err(format!("expected {expected}, got {actual}")));
    }
    let f = fields(obj);
    slots.push(obj.as_ptr() as u64 | 1);
    slots.push(f.data as u64);
    let nd = f.nd as usize;
    // SAFETY: an ndarray's dimensions and strides arrays have `nd` entries.
    unsafe {
        slots.extend((0..nd).map(|i| *f.dimensions.add(i) as u64));
        slots.extend((0..nd).map(|i| *f.strides.add(i) as u64));
    }
    Ok(())
}

/// Builds the ndarray for array leaves returned by compiled code.
pub fn box_array<'py>(
    py: Python<'py>,
    ty: &ArrayTy,
    slots: &mut std::slice::Iter<'_, u64>,
) -> PyResult<Bound<'py, PyAny>> {
    let owner = *slots.next().expect("owner slot") as usize;
    let data = *slots.next().expect("data slot") as *mut std::ffi::c_void;
    let nd = ty.ndim as usize;
    let mut dims: Vec<isize> = slots.by_ref().take(nd).map(|s| *s as isize).collect();
    let mut strides: Vec<isize> = slots.by_ref().take(nd).map(|s| *s as isize).collect();

    if owner & 1 == 1 {
        // A view of an argument: the argument itself if nothing changed, else a view with it as base.
        // SAFETY: the argument is alive: the caller's argument tuple holds it during boxing.
        let base = unsafe { Bound::from_borrowed_ptr(py, (owner & !1) as *mut ffi::PyObject) };
        let f = fields(&base);
        // SAFETY: `nd` entries, as above.
        let same = f.data as *mut std::ffi::c_void == data
            && f.nd as usize == nd
            && unsafe { (0..nd).all(|i| *f.dimensions.add(i) == dims[i] && *f.strides.add(i) == strides[i]) };
        if same {
            return Ok(base);
        }
        let flags = if ty.readonly { 0 } else { NPY_ARRAY_WRITEABLE };
        // SAFETY: the descriptor is borrowed from the base and increfed because NewFromDescr steals it.
        let descr = unsafe {
            ffi::Py_IncRef(f.descr as *mut ffi::PyObject);
            f.descr
        };
        return new_array_with_base(py, descr, &mut dims, &mut strides, data, flags, base.unbind().into_any());
    }

    // Memory allocated by compiled code: the new ndarray's base owns the reference handed over.
    let keeper = Bound::new(py, MemInfoOwner { owner })?.into_any().unbind();
    // SAFETY: DescrFromType returns a new reference, which `new_array_with_base` hands to NumPy.
    let descr = unsafe { PY_ARRAY_API.PyArray_DescrFromType(py, type_num_of(&ty.dtype)) };
    new_array_with_base(py, descr, &mut dims, &mut strides, data, NPY_ARRAY_WRITEABLE, keeper)
}

/// An ndarray over `data` with the given shape and strides, kept alive by `base`. Takes ownership of a
/// reference to `descr` (NumPy steals it).
fn new_array_with_base<'py>(
    py: Python<'py>,
    descr: *mut numpy::npyffi::PyArray_Descr,
    dims: &mut [isize],
    strides: &mut [isize],
    data: *mut std::ffi::c_void,
    flags: c_int,
    base: Py<PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: `dims` and `strides` have one entry per dimension; NewFromDescr steals `descr`;
    // SetBaseObject steals the reference to `base` we release to it.
    unsafe {
        let array_type = get_type_object(py, NpyTypes::PyArray_Type);
        let array = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            array_type,
            descr,
            dims.len() as c_int,
            dims.as_mut_ptr(),
            strides.as_mut_ptr(),
            data,
            flags,
            std::ptr::null_mut(),
        );
        let array = Bound::from_owned_ptr_or_err(py, array)?;
        if PY_ARRAY_API.PyArray_SetBaseObject(py, array.as_ptr() as *mut PyArrayObject, base.into_ptr()) != 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(array)
    }
}
