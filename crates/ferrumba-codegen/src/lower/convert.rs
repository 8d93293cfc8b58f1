//! Conversions between types: integer widths, int ↔ float, real → complex, into optionals, tuples.

use cranelift_codegen::ir::{condcodes::FloatCC, condcodes::IntCC, types as clif, InstBuilder, Value};
use ferrumba_ir::Diagnostic;
use ferrumba_types::{IntTy, Type};

use super::FunctionLowerer;
use crate::datamodel::{int_type, item_leaf_ranges, leaf_types};

impl FunctionLowerer<'_> {
    /// Converts a value's leaves from type `from` to type `to` (as Python/Numba would on assignment).
    pub(crate) fn convert(&mut self, leaves: Vec<Value>, from: &Type, to: &Type) -> Result<Vec<Value>, Diagnostic> {
        if from == to {
            return Ok(leaves);
        }
        let one = |v: Value| Ok(vec![v]);
        match (from, to) {
            (Type::Undefined, t) => Ok(self.zeros(t)),
            (Type::BoundMethod { receiver, .. }, t) => self.convert(leaves, &receiver.clone(), t),
            (_, t) if t.is_compile_time_only() || *t == Type::NoneType => Ok(vec![]),
            (Type::Boolean, Type::Integer(i)) => one(self.int_to_int(leaves[0], IntTy::new(8, false), *i)),
            (Type::Integer(a), Type::Integer(b)) => one(self.int_to_int(leaves[0], *a, *b)),
            (Type::Boolean, Type::Float(bits)) => one(self.int_to_float(leaves[0], IntTy::new(8, false), *bits)),
            (Type::Integer(i), Type::Float(bits)) => one(self.int_to_float(leaves[0], *i, *bits)),
            (Type::Float(_), Type::Integer(i)) => one(self.float_to_int(leaves[0], *i)),
            (Type::Float(_), Type::Float(bits)) => one(self.float_to_float(leaves[0], *bits)),
            (t, Type::Boolean) if t.is_number() => one(self.truth_of(&leaves, t)),
            (t, Type::Complex(bits)) if t.is_number() && !t.is_complex() => {
                let re = self.convert(leaves, t, &Type::Float(bits / 2))?[0];
                let im = self.float_const(0.0, bits / 2);
                Ok(vec![re, im])
            }
            (Type::Complex(_), Type::Complex(bits)) => {
                let re = self.float_to_float(leaves[0], bits / 2);
                let im = self.float_to_float(leaves[1], bits / 2);
                Ok(vec![re, im])
            }
            (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => {
                let ranges = item_leaf_ranges(xs);
                let mut out = Vec::new();
                for ((x, y), r) in xs.iter().zip(ys).zip(ranges) {
                    out.extend(self.convert(leaves[r].to_vec(), x, y)?);
                }
                Ok(out)
            }
            (Type::NoneType, Type::Optional(inner)) => {
                let mut out = vec![self.b.ins().iconst(clif::I8, 0)];
                out.extend(self.zeros(inner));
                Ok(out)
            }
            (Type::Optional(a), Type::Optional(b)) => {
                let mut out = vec![leaves[0]];
                out.extend(self.convert(leaves[1..].to_vec(), a, b)?);
                Ok(out)
            }
            (Type::Optional(inner), t) => {
                // Using an optional value as a plain one: None raises TypeError, as in Numba.
                let is_none = self.b.ins().icmp_imm_s(IntCC::Equal, leaves[0], 0);
                self.raise_if(is_none, "TypeError", &format!("expected {t}, got None"));
                self.convert(leaves[1..].to_vec(), inner, t)
            }
            (t, Type::Optional(inner)) => {
                let mut out = vec![self.b.ins().iconst(clif::I8, 1)];
                out.extend(self.convert(leaves, t, inner)?);
                Ok(out)
            }
            _ => Err(Diagnostic::internal(format!("no conversion from {from} to {to}"))),
        }
    }

    /// Zero leaves of a type (the value of a variable read before assignment).
    pub(crate) fn zeros(&mut self, t: &Type) -> Vec<Value> {
        leaf_types(t)
            .into_iter()
            .map(|leaf| match leaf {
                clif::F32 => self.b.ins().f32const(0.0),
                clif::F64 => self.b.ins().f64const(0.0),
                int => self.b.ins().iconst(int, 0),
            })
            .collect()
    }

    pub(crate) fn float_const(&mut self, x: f64, bits: u8) -> Value {
        if bits == 32 {
            self.b.ins().f32const(x as f32)
        } else {
            self.b.ins().f64const(x)
        }
    }

    pub(crate) fn int_to_int(&mut self, v: Value, from: IntTy, to: IntTy) -> Value {
        let to_ty = int_type(to.bits);
        if from.bits == to.bits {
            v
        } else if from.bits > to.bits {
            self.b.ins().ireduce(to_ty, v)
        } else if from.signed {
            self.b.ins().sextend(to_ty, v)
        } else {
            self.b.ins().uextend(to_ty, v)
        }
    }

    pub(crate) fn int_to_float(&mut self, v: Value, from: IntTy, bits: u8) -> Value {
        let fty = if bits == 32 { clif::F32 } else { clif::F64 };
        // Widen small integers first: conversions are defined from 32- and 64-bit integers.
        let v = if from.bits < 32 { self.int_to_int(v, from, IntTy::new(32, from.signed)) } else { v };
        if from.signed {
            self.b.ins().fcvt_from_sint(fty, v)
        } else {
            self.b.ins().fcvt_from_uint(fty, v)
        }
    }

    /// Truncation toward zero, saturating (NaN gives 0) so that no input can trap.
    pub(crate) fn float_to_int(&mut self, v: Value, to: IntTy) -> Value {
        let wide = if to.signed {
            self.b.ins().fcvt_to_sint_sat(clif::I64, v)
        } else {
            self.b.ins().fcvt_to_uint_sat(clif::I64, v)
        };
        self.int_to_int(wide, IntTy::new(64, to.signed), to)
    }

    pub(crate) fn float_to_float(&mut self, v: Value, bits: u8) -> Value {
        let have = self.b.func.dfg.value_type(v);
        match (have, bits) {
            (clif::F32, 64) => self.b.ins().fpromote(clif::F64, v),
            (clif::F64, 32) => self.b.ins().fdemote(clif::F32, v),
            _ => v,
        }
    }

    /// `bool(x)` for a number's leaves, as an i8 0/1.
    pub(crate) fn truth_of(&mut self, leaves: &[Value], t: &Type) -> Value {
        match t {
            Type::Boolean => leaves[0],
            Type::Integer(_) => self.b.ins().icmp_imm_s(IntCC::NotEqual, leaves[0], 0),
            Type::Float(bits) => {
                let zero = self.float_const(0.0, *bits);
                self.b.ins().fcmp(FloatCC::NotEqual, leaves[0], zero)
            }
            Type::Complex(bits) => {
                let zero = self.float_const(0.0, bits / 2);
                let re = self.b.ins().fcmp(FloatCC::NotEqual, leaves[0], zero);
                let im = self.b.ins().fcmp(FloatCC::NotEqual, leaves[1], zero);
                self.b.ins().bor(re, im)
            }
            Type::Tuple(items) => self.b.ins().iconst(clif::I8, i64::from(!items.is_empty())),
            Type::Optional(inner) => {
                let valid = leaves[0];
                let inner_truth = self.truth_of(&leaves[1..], inner);
                self.b.ins().band(valid, inner_truth)
            }
            _ => self.b.ins().iconst(clif::I8, 0),
        }
    }
}
