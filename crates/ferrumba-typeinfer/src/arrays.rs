//! Typing of array operations: indexing, item assignment and attributes (`a.flat` included).

use ferrumba_types::{ArrayTy, Layout, Type};

/// The entries of an array index, one per dimension it names: `...` stands for as many whole dimensions
/// (`Type::Ellipsis` entries are repeated) as the other entries leave of `ndim`.
pub fn expand_ellipsis(index: &Type, ndim: usize) -> Result<Vec<&Type>, String> {
    let entries: Vec<&Type> = match index {
        Type::Tuple(items) => items.iter().collect(),
        t => vec![t],
    };
    match entries.iter().filter(|t| matches!(t, Type::Ellipsis)).count() {
        0 => Ok(entries),
        1 => {
            let named = entries.len() - 1;
            let fill = ndim.saturating_sub(named);
            let mut out = Vec::with_capacity(named + fill);
            for t in entries {
                if matches!(t, Type::Ellipsis) {
                    out.extend(std::iter::repeat_n(&Type::Ellipsis, fill));
                } else {
                    out.push(t);
                }
            }
            Ok(out)
        }
        _ => Err("an index can only have a single ellipsis ('...')".into()),
    }
}

/// The type of `a[index]`, where the index is an integer, a slice, `...`, or a tuple of them (one per
/// leading dimension): an element when every dimension gets an integer, else a view.
pub(crate) fn index_result(a: &ArrayTy, index: &Type) -> Result<Type, String> {
    let entries = expand_ellipsis(index, a.ndim as usize)?;
    let is_int = |t: &Type| t.is_integer_like();
    if let Some(bad) = entries.iter().find(|t| !is_int(t) && !matches!(t, Type::Slice { .. } | Type::Ellipsis)) {
        return Err(format!("arrays can be indexed with integers, slices, '...' or tuples of them, not {bad}"));
    }
    let ndim = a.ndim as usize;
    if entries.len() > ndim {
        return Err(format!("too many indices for a {ndim}-dimensional array: {}", entries.len()));
    }
    let ints = entries.iter().filter(|t| is_int(t)).count();
    // With `...` in the index the result is a view even when it has no dimension left (NumPy's rule).
    let has_ellipsis = match index {
        Type::Tuple(items) => items.contains(&Type::Ellipsis),
        t => *t == Type::Ellipsis,
    };
    if ints == ndim && !has_ellipsis {
        return Ok((*a.dtype).clone());
    }
    // A C array stays C when leading integers are followed by at most one step-less slice, given last.
    // Whole dimensions named by `...` at the end are the same as no entries there.
    let named = entries.len() - entries.iter().rev().take_while(|t| matches!(t, Type::Ellipsis)).count();
    let entries = &entries[..named];
    let first_slice = entries.iter().position(|t| matches!(t, Type::Slice { .. } | Type::Ellipsis));
    let contiguous = match first_slice {
        None => true,
        Some(p) => p == entries.len() - 1 && matches!(entries[p], Type::Slice { has_step: false } | Type::Ellipsis),
    };
    let layout = if a.layout == Layout::C && contiguous { Layout::C } else { Layout::A };
    Ok(Type::Array(ArrayTy { ndim: (ndim - ints) as u8, layout, ..a.clone() }))
}

/// The type of `a.<name>`.
pub(crate) fn attribute(a: &ArrayTy, name: &str) -> Option<Type> {
    let dims = || Type::Tuple(vec![Type::INT64; a.ndim as usize]);
    Some(match name {
        "shape" | "strides" => dims(),
        "ndim" | "size" | "itemsize" | "nbytes" => Type::INT64,
        // The element type, usable as a dtype argument (`np.empty(n, a.dtype)`).
        "dtype" => Type::Function(format!("numpy.{}", a.dtype)),
        "T" => {
            let layout = match a.layout {
                Layout::C if a.ndim > 1 => Layout::F,
                Layout::F if a.ndim > 1 => Layout::C,
                other => other,
            };
            Type::Array(ArrayTy { layout, ..a.clone() })
        }
        "flat" => Type::ArrayFlat(a.clone()),
        _ => return None,
    })
}

/// The type of `a.flat[index]`: an element, for an integer index.
pub(crate) fn flat_index_result(a: &ArrayTy, index: &Type) -> Result<Type, String> {
    if index.is_integer_like() {
        Ok((*a.dtype).clone())
    } else {
        Err(format!("array.flat can be indexed with an integer only, not {index}"))
    }
}

/// Whether `value` can be stored into elements of type `dtype`.
pub(crate) fn can_store(dtype: &Type, value: &Type) -> bool {
    value.is_number() && (dtype.is_complex() || !value.is_complex())
}
