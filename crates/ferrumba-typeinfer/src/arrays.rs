//! Typing of array operations: indexing, item assignment and attributes.

use ferrumba_types::{ArrayTy, Layout, Type};

/// The type of `a[index]`: an element when every dimension gets an integer, else a view of the rest.
pub(crate) fn index_result(a: &ArrayTy, index: &Type) -> Result<Type, String> {
    let count = match index {
        t if t.is_integer_like() => 1,
        Type::Tuple(items) if items.iter().all(Type::is_integer_like) => items.len(),
        other => return Err(format!("arrays can be indexed with integers or tuples of integers here, not {other}")),
    };
    let ndim = a.ndim as usize;
    if count > ndim {
        return Err(format!("too many indices for a {ndim}-dimensional array: {count}"));
    }
    if count == ndim {
        return Ok((*a.dtype).clone());
    }
    // Fixing leading dimensions of a C array leaves a C array; anything else may be strided.
    let layout = if a.layout == Layout::C { Layout::C } else { Layout::A };
    Ok(Type::Array(ArrayTy { ndim: (ndim - count) as u8, layout, ..a.clone() }))
}

/// The type of `a.<name>`.
pub(crate) fn attribute(a: &ArrayTy, name: &str) -> Option<Type> {
    let dims = || Type::Tuple(vec![Type::INT64; a.ndim as usize]);
    Some(match name {
        "shape" | "strides" => dims(),
        "ndim" | "size" | "itemsize" | "nbytes" => Type::INT64,
        "T" => {
            let layout = match a.layout {
                Layout::C if a.ndim > 1 => Layout::F,
                Layout::F if a.ndim > 1 => Layout::C,
                other => other,
            };
            Type::Array(ArrayTy { layout, ..a.clone() })
        }
        _ => return None,
    })
}

/// Whether `value` can be stored into elements of type `dtype`.
pub(crate) fn can_store(dtype: &Type, value: &Type) -> bool {
    value.is_number() && (dtype.is_complex() || !value.is_complex())
}
