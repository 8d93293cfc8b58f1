//! The data model: how each [`Type`] is laid out as scalar leaves in registers and 8-byte slots.

use cranelift_codegen::ir::types as clif;
use ferrumba_types::Type;

/// The CLIF types of a value's leaves, in order.
pub fn leaf_types(t: &Type) -> Vec<clif::Type> {
    let mut out = Vec::new();
    push_leaves(t, &mut out);
    out
}

fn push_leaves(t: &Type, out: &mut Vec<clif::Type>) {
    match t {
        Type::Boolean => out.push(clif::I8),
        Type::Integer(i) => out.push(int_type(i.bits)),
        Type::Float(32) => out.push(clif::F32),
        Type::Float(_) => out.push(clif::F64),
        Type::Complex(64) => out.extend([clif::F32, clif::F32]),
        Type::Complex(_) => out.extend([clif::F64, clif::F64]),
        Type::Tuple(items) => items.iter().for_each(|item| push_leaves(item, out)),
        Type::Optional(inner) => {
            out.push(clif::I8);
            push_leaves(inner, out);
        }
        Type::RangeState | Type::RangeIter | Type::Slice { .. } => out.extend([clif::I64; 3]),
        // owner (a MemInfo, or a tagged borrowed Python object), data, shape..., strides...
        Type::Array(a) | Type::ArrayFlat(a) => {
            out.extend([clif::I64, clif::I64]);
            out.extend(std::iter::repeat_n(clif::I64, 2 * a.ndim as usize));
        }
        Type::SeqIter(tuple) => {
            out.push(clif::I64);
            push_leaves(tuple, out);
        }
        Type::BoundMethod { receiver, .. } | Type::Enumerate(receiver) => push_leaves(receiver, out),
        Type::Zip(items) | Type::ZipIter(items) => items.iter().for_each(|item| push_leaves(item, out)),
        Type::EnumerateIter(inner) => {
            out.push(clif::I64);
            push_leaves(inner, out);
        }
        Type::NoneType
        | Type::Ellipsis
        | Type::StringLiteral
        | Type::Module(_)
        | Type::Function(_)
        | Type::Dispatcher { .. }
        | Type::ExceptionClass { .. }
        | Type::Undefined => {}
    }
}

/// The leaf positions of the owner pointers in a value (what reference counting touches).
pub(crate) fn owner_leaves(t: &Type) -> Vec<usize> {
    let mut out = Vec::new();
    push_owners(t, 0, &mut out);
    out
}

fn push_owners(t: &Type, base: usize, out: &mut Vec<usize>) {
    match t {
        Type::Array(_) | Type::ArrayFlat(_) => out.push(base),
        Type::Tuple(items) => {
            for (item, range) in items.iter().zip(item_leaf_ranges(items)) {
                push_owners(item, base + range.start, out);
            }
        }
        Type::Optional(inner) => push_owners(inner, base + 1, out),
        Type::SeqIter(inner) => push_owners(inner, base + 1, out),
        Type::BoundMethod { receiver, .. } | Type::Enumerate(receiver) => push_owners(receiver, base, out),
        Type::EnumerateIter(inner) => push_owners(inner, base + 1, out),
        Type::Zip(items) | Type::ZipIter(items) => {
            for (item, range) in items.iter().zip(item_leaf_ranges(items)) {
                push_owners(item, base + range.start, out);
            }
        }
        _ => {}
    }
}

pub(crate) fn int_type(bits: u8) -> clif::Type {
    match bits {
        8 => clif::I8,
        16 => clif::I16,
        32 => clif::I32,
        _ => clif::I64,
    }
}

/// The number of leaves of each item of a tuple type, to find item `i`'s leaves.
pub(crate) fn item_leaf_ranges(items: &[Type]) -> Vec<std::ops::Range<usize>> {
    let mut start = 0;
    items
        .iter()
        .map(|t| {
            let n = leaf_types(t).len();
            let r = start..start + n;
            start += n;
            r
        })
        .collect()
}
