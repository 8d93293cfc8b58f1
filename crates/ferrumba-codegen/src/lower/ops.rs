//! Lowering of operators, constants, tuples and range iteration.

use cranelift_codegen::ir::{condcodes::IntCC, types as clif, InstBuilder, Value};
use ferrumba_ir::{BinOpKind, Constant, Diagnostic, Op, UnaryOpKind, ValueId};
use ferrumba_types::{binop_signature, unary_signature, OpSignature, Type};

use super::arrays::{IndexEntry, SLICE_NONE};
use super::FunctionLowerer;
use crate::datamodel::item_leaf_ranges;

/// A lowered value: its leaves and the type they have (converted to the value's declared type after).
pub(crate) type Lowered = (Vec<Value>, Type);

impl FunctionLowerer<'_> {
    pub(crate) fn lower_op(&mut self, result: ValueId, op: &Op) -> Result<Lowered, Diagnostic> {
        let ty = self.ty(result).clone();
        // Operators on arrays are `@overload`s: native calls to their compiled implementations.
        if let Some(ferrumba_typeinfer::CallTarget::Jitted(call)) = self.typed.calls.get(&result).cloned() {
            let operands = match op {
                Op::BinOp(_, a, b) | Op::InplaceBinOp(_, a, b) | Op::Compare(_, a, b) | Op::GetItem(a, b) => {
                    vec![*a, *b]
                }
                Op::SetItem { target, index, value } => vec![*target, *index, *value],
                Op::UnaryOp(_, a) => vec![*a],
                _ => vec![],
            };
            if !operands.is_empty() {
                let leaves = self.call_jitted(&call, &operands, &[])?;
                return Ok((leaves, call.ret.clone()));
            }
        }
        match op {
            Op::Arg(_) => unreachable!("arguments are bound from the entry block"),
            Op::Const(c) => Ok((self.constant_leaves(c), ty)),
            Op::Global(_) | Op::Undefined(_) => Ok((self.zeros(&ty), ty)),
            Op::BinOp(kind, a, b) | Op::InplaceBinOp(kind, a, b) => {
                let (ta, tb) = (self.ty(*a).unwrap_optional(), self.ty(*b).unwrap_optional());
                let sig = self.sig_of(binop_signature(kind.symbol(), ta, tb), op)?;
                if *kind == BinOpKind::Pow {
                    self.check_zero_to_negative_power(*a, *b);
                }
                let operands = self.operands(&[*a, *b], &sig)?;
                Ok((self.binop(*kind, &sig, &operands[0], &operands[1])?, sig.result))
            }
            Op::UnaryOp(kind, a) => {
                if *kind == UnaryOpKind::Not {
                    let t = self.truth(*a)?;
                    return Ok((vec![self.b.ins().bxor_imm_s(t, 1)], Type::Boolean));
                }
                let sig = self.sig_of(unary_signature(kind.symbol(), self.ty(*a).unwrap_optional()), op)?;
                let operands = self.operands(&[*a], &sig)?;
                Ok((self.unary(*kind, &sig.operands[0], &operands[0]), sig.result))
            }
            Op::Compare(kind, a, b) => {
                let (la, lb) = (self.get(*a), self.get(*b));
                let (ta, tb) = (self.ty(*a).clone(), self.ty(*b).clone());
                Ok((vec![self.compare(*kind, &la, &ta, &lb, &tb)?], Type::Boolean))
            }
            Op::Is { lhs, rhs, negated } => {
                let v = self.is(*lhs, *rhs);
                let v = if *negated { self.b.ins().bxor_imm_s(v, 1) } else { v };
                Ok((vec![v], Type::Boolean))
            }
            Op::Truth(a) => Ok((vec![self.truth(*a)?], Type::Boolean)),
            Op::Call { .. } => {
                let target =
                    self.typed.calls.get(&result).cloned().ok_or_else(|| {
                        Diagnostic::internal(format!("call {result} was not resolved by type inference"))
                    })?;
                self.lower_call(op, &target)
            }
            Op::GetAttr(a, name)
                if matches!(self.ty(*a), Type::Array(_))
                    && !matches!(ty, Type::BoundMethod { .. } | Type::Function(_)) =>
            {
                let Type::Array(arr) = self.ty(*a).clone() else { unreachable!() };
                let leaves = self.get(*a);
                Ok((self.array_attr(&arr, &leaves, name)?, ty))
            }
            Op::StaticGetItem(a, index) if matches!(self.ty(*a), Type::ArrayFlat(_)) => {
                let Type::ArrayFlat(arr) = self.ty(*a).clone() else { unreachable!() };
                let leaves = self.get(*a);
                let index = self.b.ins().iconst(clif::I64, *index);
                let addr = self.flat_address(&arr, &leaves, index, true);
                Ok((self.load_element(&arr.dtype, addr), ty))
            }
            Op::GetItem(a, index) if matches!(self.ty(*a), Type::ArrayFlat(_)) => {
                let Type::ArrayFlat(arr) = self.ty(*a).clone() else { unreachable!() };
                let leaves = self.get(*a);
                let index = self.int64_index(*index)?;
                let addr = self.flat_address(&arr, &leaves, index, true);
                Ok((self.load_element(&arr.dtype, addr), ty))
            }
            Op::SetItem { target, index, value } if matches!(self.ty(*target), Type::ArrayFlat(_)) => {
                let Type::ArrayFlat(arr) = self.ty(*target).clone() else { unreachable!() };
                let leaves = self.get(*target);
                let index = self.int64_index(*index)?;
                let item = self.get(*value);
                let item = self.convert(item, &self.ty(*value).clone(), &arr.dtype)?;
                let addr = self.flat_address(&arr, &leaves, index, true);
                self.store_element(&arr.dtype, addr, &item);
                Ok((vec![], Type::NoneType))
            }
            Op::StaticGetItem(a, index) if matches!(self.ty(*a), Type::Array(_)) => {
                let Type::Array(arr) = self.ty(*a).clone() else { unreachable!() };
                let leaves = self.get(*a);
                let value = self.b.ins().iconst(clif::I64, *index);
                let entries = [IndexEntry::Int { value, non_negative: *index >= 0, offset_of: None }];
                Ok((self.array_getitem(&arr, &leaves, &entries, false), ty))
            }
            Op::StaticSlice { value, start, stop, step } if matches!(self.ty(*value), Type::Array(_)) => {
                let Type::Array(arr) = self.ty(*value).clone() else { unreachable!() };
                let leaves = self.get(*value);
                let mut bound = |b: Option<i64>, default: i64| self.b.ins().iconst(clif::I64, b.unwrap_or(default));
                let entry = IndexEntry::Slice {
                    start: bound(*start, SLICE_NONE),
                    stop: bound(*stop, SLICE_NONE),
                    step: bound(*step, 1),
                };
                Ok((self.array_getitem(&arr, &leaves, &[entry], false), ty))
            }
            Op::GetItem(a, index) if matches!(self.ty(*a), Type::Array(_)) => {
                let Type::Array(arr) = self.ty(*a).clone() else { unreachable!() };
                let leaves = self.get(*a);
                let indices = self.index_leaves(*index, arr.ndim)?;
                let view = matches!(ty, Type::Array(_));
                Ok((self.array_getitem(&arr, &leaves, &indices, view), ty))
            }
            Op::SetItem { target, index, value } if matches!(self.ty(*target), Type::Array(_)) => {
                let Type::Array(arr) = self.ty(*target).clone() else { unreachable!() };
                let leaves = self.get(*target);
                let indices = self.index_leaves(*index, arr.ndim)?;
                let item = self.get(*value);
                let item = self.convert(item, &self.ty(*value).clone(), &arr.dtype)?;
                self.array_setitem(&arr, &leaves, &indices, &item);
                Ok((vec![], Type::NoneType))
            }
            Op::GetAttr(a, name) => {
                let leaves = self.get(*a);
                let out = match (self.ty(*a).clone(), name.as_str()) {
                    (_, _) if matches!(ty, Type::BoundMethod { .. }) => leaves,
                    (Type::Complex(_), "real") => vec![leaves[0]],
                    (Type::Complex(_), "imag") => vec![leaves[1]],
                    (_, "real") => leaves,
                    (t, _) => self.zeros(&t),
                };
                Ok((out, ty))
            }
            Op::MakeTuple(items) => {
                let leaves = items.iter().flat_map(|v| self.get(*v)).collect();
                let types = items.iter().map(|v| self.ty(*v).clone()).collect();
                Ok((leaves, Type::Tuple(types)))
            }
            Op::StaticGetItem(a, index) => {
                let len = self.tuple_items(*a).len() as i64;
                let i = if *index < 0 { index + len } else { *index };
                Ok(self.tuple_item(*a, i as usize))
            }
            Op::UnpackItem { value, index, .. } => Ok(self.tuple_item(*value, *index)),
            Op::GetItem(a, index) => self.dynamic_tuple_item(*a, *index),
            Op::StaticSlice { value, .. } => {
                // Type inference computed the selected items; pick them by matching positions.
                let Type::Tuple(items) = self.ty(*value).clone() else { unreachable!() };
                let Op::StaticSlice { start, stop, step, .. } = op else { unreachable!() };
                let picked = ferrumba_typeinfer::slice_indices(items.len(), *start, *stop, *step).unwrap_or_default();
                let mut leaves = Vec::new();
                for i in picked {
                    leaves.extend(self.tuple_item(*value, i).0);
                }
                Ok((leaves, ty))
            }
            Op::SetItem { .. } => Err(Diagnostic::internal("item assignment reached code generation")),
            Op::GetIter(a) => {
                let (leaves, source) = (self.get(*a), self.ty(*a).clone());
                Ok((self.iter_start(&source, leaves), ty))
            }
            Op::IterValid(it) => {
                let (leaves, t) = (self.get(*it), self.ty(*it).clone());
                let step = self.const_step(*it);
                Ok((vec![self.iter_valid(&t, &leaves, step)], Type::Boolean))
            }
            Op::IterValue(it) => {
                let (leaves, t) = (self.get(*it), self.ty(*it).clone());
                let item = ferrumba_typeinfer::iterator_item_type(&t, ferrumba_ir::Span::default())?;
                Ok((self.iter_value(&t, &leaves), item))
            }
            Op::IterAdvance(it) => {
                let (leaves, t) = (self.get(*it), self.ty(*it).clone());
                Ok((self.iter_advance(&t, &leaves), t))
            }
            Op::Copy(a) => Ok((self.get(*a), self.ty(*a).clone())),
        }
    }

    /// An index value (an integer, a slice, or a tuple of them) as one entry per leading dimension,
    /// with what is known about the integers' signs.
    /// An integer index (any integer type, bool, or an optional of those) as an int64.
    fn int64_index(&mut self, index: ValueId) -> Result<Value, Diagnostic> {
        let leaves = self.get(index);
        let ty = self.ty(index).clone();
        let (leaves, ty) = match ty {
            Type::Optional(inner) => (leaves[1..].to_vec(), *inner),
            t => (leaves, t),
        };
        Ok(self.convert(leaves, &ty, &Type::INT64)?[0])
    }

    /// The entries of an index of an array with `ndim` dimensions (`...` expanded).
    fn index_leaves(&mut self, index: ValueId, ndim: u8) -> Result<Vec<IndexEntry>, Diagnostic> {
        let ty = self.ty(index).unwrap_optional().clone();
        let items: Vec<Type> = match &ty {
            Type::Tuple(items) => items.clone(),
            t => vec![t.clone()],
        };
        let whole = ferrumba_typeinfer::expand_ellipsis(&ty, usize::from(ndim))
            .map_err(Diagnostic::internal)?
            .iter()
            .filter(|t| matches!(t, Type::Ellipsis))
            .count();
        let parts: Vec<ValueId> = match (&ty, self.typed.func.defining_op(index)) {
            (Type::Tuple(_), Some(Op::MakeTuple(parts))) => parts.clone(),
            (Type::Tuple(_), _) => vec![],
            _ => vec![index],
        };
        let leaves = self.get(index);
        let leaves = if matches!(self.ty(index), Type::Optional(_)) { leaves[1..].to_vec() } else { leaves };
        let mut entries = Vec::with_capacity(items.len());
        let mut rest = &leaves[..];
        for (k, item) in items.iter().enumerate() {
            let n = crate::datamodel::leaf_types(item).len();
            let (mine, tail) = rest.split_at(n);
            rest = tail;
            if matches!(item, Type::Ellipsis) {
                entries.extend(std::iter::repeat_with(|| IndexEntry::Whole).take(whole));
                continue;
            }
            entries.push(match item {
                Type::Slice { .. } => IndexEntry::Slice { start: mine[0], stop: mine[1], step: mine[2] },
                t => IndexEntry::Int {
                    value: self.convert(mine.to_vec(), t, &Type::INT64)?[0],
                    non_negative: parts.get(k).is_some_and(|v| self.never_negative(*v)),
                    offset_of: parts.get(k).and_then(|v| self.base_plus_constant(*v)),
                },
            });
        }
        Ok(entries)
    }

    /// `base + c` or `base - c` for an int64 `base` and an integer literal `c`: (base's value, ±c).
    fn base_plus_constant(&self, v: ValueId) -> Option<(Value, i64)> {
        let (base, c, negate) = match self.typed.func.defining_op(v)? {
            Op::BinOp(BinOpKind::Add, a, b) => (*a, *b, false),
            Op::BinOp(BinOpKind::Sub, a, b) => (*a, *b, true),
            _ => return None,
        };
        if *self.ty(base) != Type::INT64 || *self.ty(v) != Type::INT64 {
            return None;
        }
        let Some(Constant::Int(c)) = self.constant(c) else { return None };
        let c = if negate { c.checked_neg()? } else { *c };
        Some((self.get(base)[0], c))
    }

    fn sig_of(&self, sig: Option<OpSignature>, op: &Op) -> Result<OpSignature, Diagnostic> {
        sig.ok_or_else(|| Diagnostic::internal(format!("no signature for {op:?} after type inference")))
    }

    /// The operands' leaves, each converted to the signature's operand type.
    pub(crate) fn operands(&mut self, values: &[ValueId], sig: &OpSignature) -> Result<Vec<Vec<Value>>, Diagnostic> {
        let mut out = Vec::with_capacity(values.len());
        for (v, t) in values.iter().zip(&sig.operands) {
            let leaves = self.get(*v);
            out.push(self.convert(leaves, &self.ty(*v).clone(), t)?);
        }
        Ok(out)
    }

    pub(crate) fn constant_leaves(&mut self, c: &Constant) -> Vec<Value> {
        match c {
            Constant::None | Constant::Ellipsis | Constant::Str(_) => vec![],
            Constant::Bool(b) => vec![self.b.ins().iconst(clif::I8, i64::from(*b))],
            Constant::Int(i) => vec![self.b.ins().iconst(clif::I64, *i)],
            Constant::Float(x) => vec![self.b.ins().f64const(*x)],
            Constant::Complex(re, im) => vec![self.b.ins().f64const(*re), self.b.ins().f64const(*im)],
            Constant::Tuple(items) => items.iter().flat_map(|c| self.constant_leaves(c)).collect(),
        }
    }

    /// The truth value (i8 0/1) of an IR value.
    pub(crate) fn truth(&mut self, v: ValueId) -> Result<Value, Diagnostic> {
        let leaves = self.get(v);
        let t = self.ty(v).clone();
        Ok(self.truth_of(&leaves, &t))
    }

    fn tuple_items(&self, v: ValueId) -> Vec<Type> {
        match self.ty(v) {
            Type::Tuple(items) => items.clone(),
            _ => vec![],
        }
    }

    fn tuple_item(&mut self, v: ValueId, i: usize) -> Lowered {
        let items = self.tuple_items(v);
        let ranges = item_leaf_ranges(&items);
        let leaves = self.get(v);
        (leaves[ranges[i].clone()].to_vec(), items[i].clone())
    }

    /// `t[i]` on a homogeneous tuple with a run-time index: bounds check, then a select chain.
    fn dynamic_tuple_item(&mut self, t: ValueId, index: ValueId) -> Result<Lowered, Diagnostic> {
        let items = self.tuple_items(t);
        let idx = self.get(index);
        let idx = self.convert(idx, &self.ty(index).clone(), &Type::INT64)?[0];
        let n = items.len() as i64;
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, idx, 0);
        let wrapped = self.b.ins().iadd_imm_s(idx, n);
        let idx = self.b.ins().select(negative, wrapped, idx);
        let out_of_range = self.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, idx, n);
        self.raise_if(out_of_range, "IndexError", "tuple index out of range");
        let leaves = self.get(t);
        Ok((self.select_item(&items, &leaves, idx), items[0].clone()))
    }

    /// Item `idx` (in range) of a homogeneous tuple's leaves, by a chain of selects.
    pub(crate) fn select_item(&mut self, items: &[Type], leaves: &[Value], idx: Value) -> Vec<Value> {
        let ranges = item_leaf_ranges(items);
        let Some(first) = ranges.first() else { return vec![] };
        let mut result = leaves[first.clone()].to_vec();
        for (i, range) in ranges.iter().enumerate().skip(1) {
            let hit = self.b.ins().icmp_imm_s(IntCC::Equal, idx, i as i64);
            result = result.iter().zip(&leaves[range.clone()]).map(|(r, c)| self.b.ins().select(hit, *c, *r)).collect();
        }
        result
    }

    /// `a is b`: identity is only observable for None here.
    fn is(&mut self, lhs: ValueId, rhs: ValueId) -> Value {
        let (tl, tr) = (self.ty(lhs).clone(), self.ty(rhs).clone());
        let constant = |b: &mut Self, x: bool| b.b.ins().iconst(clif::I8, i64::from(x));
        match (&tl, &tr) {
            (Type::NoneType, Type::NoneType) => constant(self, true),
            (Type::Optional(_), Type::NoneType) => {
                let valid = self.get(lhs)[0];
                self.b.ins().icmp_imm_s(IntCC::Equal, valid, 0)
            }
            (Type::NoneType, Type::Optional(_)) => {
                let valid = self.get(rhs)[0];
                self.b.ins().icmp_imm_s(IntCC::Equal, valid, 0)
            }
            (Type::Boolean, Type::Boolean) => {
                let (a, b) = (self.get(lhs)[0], self.get(rhs)[0]);
                self.b.ins().icmp(IntCC::Equal, a, b)
            }
            _ => constant(self, false),
        }
    }

    pub(crate) fn unary(&mut self, kind: UnaryOpKind, t: &Type, leaves: &[Value]) -> Vec<Value> {
        match (kind, t) {
            (UnaryOpKind::Pos, _) => leaves.to_vec(),
            (UnaryOpKind::Neg, Type::Integer(_)) => vec![self.b.ins().ineg(leaves[0])],
            (UnaryOpKind::Neg, _) => leaves.iter().map(|v| self.b.ins().fneg(*v)).collect(),
            (UnaryOpKind::Invert, _) => vec![self.b.ins().bnot(leaves[0])],
            (UnaryOpKind::Not, _) => {
                let truth = self.truth_of(leaves, t);
                vec![self.b.ins().bxor_imm_s(truth, 1)]
            }
        }
    }

    /// Binary arithmetic on operands already converted to the signature's operand types.
    pub(crate) fn binop(
        &mut self,
        kind: BinOpKind,
        sig: &OpSignature,
        a: &[Value],
        b: &[Value],
    ) -> Result<Vec<Value>, Diagnostic> {
        if let Type::Tuple(_) = sig.result {
            return Ok(a.iter().chain(b).copied().collect());
        }
        match &sig.operands[0] {
            Type::Integer(i) => Ok(vec![self.int_binop(kind, i.signed, a[0], b[0])]),
            Type::Boolean => Ok(vec![match kind {
                BinOpKind::BitAnd => self.b.ins().band(a[0], b[0]),
                BinOpKind::BitOr => self.b.ins().bor(a[0], b[0]),
                _ => self.b.ins().bxor(a[0], b[0]),
            }]),
            Type::Float(bits) => Ok(vec![self.float_binop(kind, *bits, a[0], b[0])]),
            Type::Complex(bits) => Ok(self.complex_binop(kind, *bits, a, b)),
            other => Err(Diagnostic::internal(format!("binary {} on {other}", kind.symbol()))),
        }
    }
}
