//! Typing of iteration: what `iter(x)` is for each iterable, and what each iterator yields.

use ferrumba_ir::{Diagnostic, Span};
use ferrumba_types::Type;

use crate::arrays;

/// The iterator type of `iter(t)`.
pub(crate) fn iter_type(t: &Type, span: Span) -> Result<Type, Diagnostic> {
    Ok(match t {
        Type::RangeState => Type::RangeIter,
        Type::Tuple(items) if items.windows(2).all(|w| w[0] == w[1]) => Type::SeqIter(Box::new(t.clone())),
        Type::Array(a) if a.ndim >= 1 => Type::SeqIter(Box::new(t.clone())),
        Type::ArrayFlat(_) => Type::SeqIter(Box::new(t.clone())),
        Type::Enumerate(inner) => Type::EnumerateIter(Box::new(iter_type(inner, span)?)),
        Type::Zip(items) => Type::ZipIter(items.iter().map(|i| iter_type(i, span)).collect::<Result<_, _>>()?),
        Type::Tuple(_) => {
            return Err(Diagnostic::unsupported(
                format!("iterating over the heterogeneous tuple {t} is not supported"),
                span,
            )
            .with_hint("loop over range(len(t)) and index with literal indices, or make every item the same type"))
        }
        other => {
            return Err(Diagnostic::unsupported(format!("iterating over {other} is not supported yet"), span)
                .with_hint("loop over range(...) and index instead"))
        }
    })
}

/// What an iterator yields.
pub fn item_type(it: &Type, span: Span) -> Result<Type, Diagnostic> {
    Ok(match it {
        Type::RangeIter => Type::INT64,
        Type::SeqIter(seq) => match &**seq {
            Type::Tuple(items) => items.first().cloned().unwrap_or(Type::Undefined),
            Type::Array(a) => arrays::index_result(a, &Type::INT64).map_err(|m| Diagnostic::typing(m, span))?,
            Type::ArrayFlat(a) => (*a.dtype).clone(),
            other => return Err(Diagnostic::internal(format!("iterator over {other}"))),
        },
        Type::EnumerateIter(inner) => Type::Tuple(vec![Type::INT64, item_type(inner, span)?]),
        Type::ZipIter(items) => Type::Tuple(items.iter().map(|i| item_type(i, span)).collect::<Result<_, _>>()?),
        other => return Err(Diagnostic::internal(format!("iter_value on {other}"))),
    })
}

/// Whether `iter(t)` is defined.
pub(crate) fn is_iterable(t: &Type) -> bool {
    iter_type(t, Span::default()).is_ok()
}
