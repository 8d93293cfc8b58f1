//! Comparisons of numbers, None, and tuples (lexicographic, as Python does), and `in` on tuples.

use cranelift_codegen::ir::{condcodes::FloatCC, condcodes::IntCC, types as clif, InstBuilder, Value};
use ferrumba_ir::{CmpKind, Diagnostic};
use ferrumba_types::{compare_signature, Type};

use super::FunctionLowerer;
use crate::datamodel::item_leaf_ranges;

impl FunctionLowerer<'_> {
    /// A comparison of two values of any comparable types, as an i8 0/1.
    pub(crate) fn compare(
        &mut self,
        kind: CmpKind,
        la: &[Value],
        ta: &Type,
        lb: &[Value],
        tb: &Type,
    ) -> Result<Value, Diagnostic> {
        if matches!(kind, CmpKind::In | CmpKind::NotIn) {
            let Type::Tuple(items) = tb else { return Err(Diagnostic::internal("'in' on a non-tuple")) };
            let mut found = self.b.ins().iconst(clif::I8, 0);
            for (item, range) in items.iter().zip(item_leaf_ranges(items)) {
                let eq = self.compare(CmpKind::Eq, la, ta, &lb[range], item)?;
                found = self.b.ins().bor(found, eq);
            }
            return Ok(if kind == CmpKind::NotIn { self.b.ins().bxor_imm_s(found, 1) } else { found });
        }
        if let (Type::Tuple(xs), Type::Tuple(ys)) = (ta, tb) {
            return self.compare_tuples(kind, la, xs, lb, ys);
        }
        let sig = compare_signature(kind.symbol(), ta.unwrap_optional(), tb.unwrap_optional())
            .ok_or_else(|| Diagnostic::internal(format!("no comparison {ta} {} {tb}", kind.symbol())))?;
        let a = self.convert(la.to_vec(), ta, &sig.operands[0])?;
        let b = self.convert(lb.to_vec(), tb, &sig.operands[1])?;
        Ok(match &sig.operands[0] {
            Type::NoneType => self.b.ins().iconst(clif::I8, i64::from(kind == CmpKind::Eq)),
            Type::Integer(i) => self.b.ins().icmp(int_cc(kind, i.signed), a[0], b[0]),
            Type::Boolean => self.b.ins().icmp(int_cc(kind, false), a[0], b[0]),
            Type::Float(_) => self.b.ins().fcmp(float_cc(kind), a[0], b[0]),
            Type::Complex(_) => {
                let re = self.b.ins().fcmp(FloatCC::Equal, a[0], b[0]);
                let im = self.b.ins().fcmp(FloatCC::Equal, a[1], b[1]);
                let eq = self.b.ins().band(re, im);
                if kind == CmpKind::NotEq {
                    self.b.ins().bxor_imm_s(eq, 1)
                } else {
                    eq
                }
            }
            other => return Err(Diagnostic::internal(format!("comparison of {other}"))),
        })
    }

    /// Lexicographic tuple comparison, as Python does it.
    fn compare_tuples(
        &mut self,
        kind: CmpKind,
        la: &[Value],
        xs: &[Type],
        lb: &[Value],
        ys: &[Type],
    ) -> Result<Value, Diagnostic> {
        let (ra, rb) = (item_leaf_ranges(xs), item_leaf_ranges(ys));
        let n = xs.len().min(ys.len());
        let mut eqs = Vec::with_capacity(n);
        for i in 0..n {
            eqs.push(self.compare(CmpKind::Eq, &la[ra[i].clone()], &xs[i], &lb[rb[i].clone()], &ys[i])?);
        }
        if matches!(kind, CmpKind::Eq | CmpKind::NotEq) {
            let mut all = self.b.ins().iconst(clif::I8, i64::from(xs.len() == ys.len()));
            for eq in eqs {
                all = self.b.ins().band(all, eq);
            }
            return Ok(if kind == CmpKind::NotEq { self.b.ins().bxor_imm_s(all, 1) } else { all });
        }
        // Decided by the lengths when every common item is equal, else by the first differing item.
        let len_result = match kind {
            CmpKind::Lt => xs.len() < ys.len(),
            CmpKind::LtE => xs.len() <= ys.len(),
            CmpKind::Gt => xs.len() > ys.len(),
            _ => xs.len() >= ys.len(),
        };
        let mut result = self.b.ins().iconst(clif::I8, i64::from(len_result));
        for i in (0..n).rev() {
            let strict = match kind {
                CmpKind::Lt | CmpKind::LtE => CmpKind::Lt,
                _ => CmpKind::Gt,
            };
            let decided = self.compare(strict, &la[ra[i].clone()], &xs[i], &lb[rb[i].clone()], &ys[i])?;
            result = self.b.ins().select(eqs[i], result, decided);
        }
        Ok(result)
    }
}

fn int_cc(kind: CmpKind, signed: bool) -> IntCC {
    match (kind, signed) {
        (CmpKind::Eq, _) => IntCC::Equal,
        (CmpKind::NotEq, _) => IntCC::NotEqual,
        (CmpKind::Lt, true) => IntCC::SignedLessThan,
        (CmpKind::LtE, true) => IntCC::SignedLessThanOrEqual,
        (CmpKind::Gt, true) => IntCC::SignedGreaterThan,
        (CmpKind::GtE, true) => IntCC::SignedGreaterThanOrEqual,
        (CmpKind::Lt, false) => IntCC::UnsignedLessThan,
        (CmpKind::LtE, false) => IntCC::UnsignedLessThanOrEqual,
        (CmpKind::Gt, false) => IntCC::UnsignedGreaterThan,
        (_, false) => IntCC::UnsignedGreaterThanOrEqual,
        (_, true) => IntCC::SignedGreaterThanOrEqual,
    }
}

/// Ordered comparisons are false with NaN; `!=` is true with NaN, as in Python.
fn float_cc(kind: CmpKind) -> FloatCC {
    match kind {
        CmpKind::Eq => FloatCC::Equal,
        CmpKind::NotEq => FloatCC::NotEqual,
        CmpKind::Lt => FloatCC::LessThan,
        CmpKind::LtE => FloatCC::LessThanOrEqual,
        CmpKind::Gt => FloatCC::GreaterThan,
        _ => FloatCC::GreaterThanOrEqual,
    }
}
