//! Iterators in generated code, by type: ranges, tuples and arrays (an index and the sequence),
//! `enumerate` (a count and an inner iterator) and `zip` (inner iterators side by side).

use cranelift_codegen::ir::{condcodes::IntCC, types as clif, InstBuilder, Value};
use ferrumba_types::Type;

use super::arrays::IndexEntry;
use super::FunctionLowerer;
use crate::datamodel::item_leaf_ranges;

impl FunctionLowerer<'_> {
    /// `iter(x)` for a value of type `source`.
    pub(crate) fn iter_start(&mut self, source: &Type, leaves: Vec<Value>) -> Vec<Value> {
        match source {
            Type::RangeState => leaves,
            Type::Tuple(_) | Type::Array(_) | Type::ArrayFlat(_) => {
                let mut out = vec![self.b.ins().iconst(clif::I64, 0)];
                out.extend(leaves);
                out
            }
            Type::Enumerate(inner) => {
                let mut out = vec![self.b.ins().iconst(clif::I64, 0)];
                out.extend(self.iter_start(inner, leaves));
                out
            }
            Type::Zip(items) => {
                let mut out = Vec::new();
                for (item, range) in items.iter().zip(item_leaf_ranges(items)) {
                    out.extend(self.iter_start(item, leaves[range].to_vec()));
                }
                out
            }
            _ => leaves,
        }
    }

    /// Whether the iterator has an item left; `const_step` is a range's literal step, if known.
    pub(crate) fn iter_valid(&mut self, it: &Type, leaves: &[Value], const_step: Option<i64>) -> Value {
        match it {
            Type::RangeIter => {
                let (cur, stop, step) = (leaves[0], leaves[1], leaves[2]);
                match const_step {
                    Some(s) if s > 0 => self.b.ins().icmp(IntCC::SignedLessThan, cur, stop),
                    Some(_) => self.b.ins().icmp(IntCC::SignedGreaterThan, cur, stop),
                    None => {
                        let up = self.b.ins().icmp(IntCC::SignedLessThan, cur, stop);
                        let down = self.b.ins().icmp(IntCC::SignedGreaterThan, cur, stop);
                        let positive = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
                        self.b.ins().select(positive, up, down)
                    }
                }
            }
            // Over an array: while the index is below the first dimension (leaves: index, owner, data,
            // shape...); over a tuple: below its length.
            Type::SeqIter(seq) => match &**seq {
                Type::Array(_) => self.b.ins().icmp(IntCC::SignedLessThan, leaves[0], leaves[3]),
                Type::ArrayFlat(arr) => {
                    let size = self.flat_size(arr, &leaves[1..]);
                    self.b.ins().icmp(IntCC::SignedLessThan, leaves[0], size)
                }
                Type::Tuple(items) => self.b.ins().icmp_imm_s(IntCC::SignedLessThan, leaves[0], items.len() as i64),
                _ => self.b.ins().iconst(clif::I8, 0),
            },
            Type::EnumerateIter(inner) => self.iter_valid(inner, &leaves[1..], None),
            Type::ZipIter(items) => {
                // zip stops with its shortest input.
                let mut all = self.b.ins().iconst(clif::I8, 1);
                for (item, range) in items.iter().zip(item_leaf_ranges(items)) {
                    let valid = self.iter_valid(item, &leaves[range], None);
                    all = self.b.ins().band(all, valid);
                }
                all
            }
            _ => self.b.ins().iconst(clif::I8, 0),
        }
    }

    /// The iterator's current item (its type is `ferrumba_typeinfer::iterator_item_type`).
    pub(crate) fn iter_value(&mut self, it: &Type, leaves: &[Value]) -> Vec<Value> {
        match it {
            Type::RangeIter => vec![leaves[0]],
            Type::SeqIter(seq) => match &**seq {
                Type::Array(arr) => {
                    let entries = [IndexEntry::Int { value: leaves[0], non_negative: true, offset_of: None }];
                    self.array_getitem(arr, &leaves[1..], &entries, false)
                }
                Type::ArrayFlat(arr) => {
                    let addr = self.flat_address(arr, &leaves[1..], leaves[0], false);
                    self.load_element(&arr.dtype, addr)
                }
                Type::Tuple(items) => self.select_item(items, &leaves[1..], leaves[0]),
                _ => vec![],
            },
            Type::EnumerateIter(inner) => {
                let mut out = vec![leaves[0]];
                out.extend(self.iter_value(inner, &leaves[1..]));
                out
            }
            Type::ZipIter(items) => {
                let mut out = Vec::new();
                for (item, range) in items.iter().zip(item_leaf_ranges(items)) {
                    out.extend(self.iter_value(item, &leaves[range]));
                }
                out
            }
            _ => vec![],
        }
    }

    /// The iterator moved one item on.
    pub(crate) fn iter_advance(&mut self, it: &Type, leaves: &[Value]) -> Vec<Value> {
        match it {
            Type::RangeIter => {
                let next = self.b.ins().iadd(leaves[0], leaves[2]);
                vec![next, leaves[1], leaves[2]]
            }
            Type::SeqIter(_) => {
                let mut out = leaves.to_vec();
                out[0] = self.b.ins().iadd_imm_s(leaves[0], 1);
                out
            }
            Type::EnumerateIter(inner) => {
                let mut out = vec![self.b.ins().iadd_imm_s(leaves[0], 1)];
                out.extend(self.iter_advance(inner, &leaves[1..]));
                out
            }
            Type::ZipIter(items) => {
                let mut out = Vec::new();
                for (item, range) in items.iter().zip(item_leaf_ranges(items)) {
                    out.extend(self.iter_advance(item, &leaves[range]));
                }
                out
            }
            _ => leaves.to_vec(),
        }
    }
}
