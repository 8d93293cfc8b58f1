//! Arithmetic on integers, floats and complex numbers, with Python's semantics and the error model.

use cranelift_codegen::ir::{condcodes::FloatCC, condcodes::IntCC, types as clif, InstBuilder, Value};
use ferrumba_ir::BinOpKind;

use super::FunctionLowerer;

impl FunctionLowerer<'_> {
    /// Integer arithmetic in the operands' (already widened) type. Overflow wraps; `//` and `%` round
    /// toward negative infinity; shifts use the low bits of the count, as Numba's generated code does.
    pub(crate) fn int_binop(&mut self, kind: BinOpKind, signed: bool, a: Value, b: Value) -> Value {
        match kind {
            BinOpKind::Add => self.b.ins().iadd(a, b),
            BinOpKind::Sub => self.b.ins().isub(a, b),
            BinOpKind::Mul => self.b.ins().imul(a, b),
            BinOpKind::BitAnd => self.b.ins().band(a, b),
            BinOpKind::BitOr => self.b.ins().bor(a, b),
            BinOpKind::BitXor => self.b.ins().bxor(a, b),
            BinOpKind::LShift => self.b.ins().ishl(a, b),
            BinOpKind::RShift if signed => self.b.ins().sshr(a, b),
            BinOpKind::RShift => self.b.ins().ushr(a, b),
            BinOpKind::Pow => {
                let ty = self.b.func.dfg.value_type(a);
                let name = if signed { "ferrumba_ipow" } else { "ferrumba_upow" };
                let a64 = self.widen_i64(a, signed);
                let b64 = self.widen_i64(b, signed);
                let r = self.call_runtime(name, &[a64, b64], &[clif::I64, clif::I64], &[clif::I64])[0];
                if ty == clif::I64 {
                    r
                } else {
                    self.b.ins().ireduce(ty, r)
                }
            }
            BinOpKind::FloorDiv | BinOpKind::Mod => self.int_divmod(kind, signed, a, b),
            BinOpKind::TrueDiv | BinOpKind::MatMul => unreachable!("typed as float or rejected"),
        }
    }

    /// `0 ** -n` and `0.0 ** -n` with an integer exponent raise ZeroDivisionError (python error model),
    /// as in Python and Numba; a float exponent gives inf as C does.
    pub(crate) fn check_zero_to_negative_power(&mut self, base: ferrumba_ir::ValueId, exponent: ferrumba_ir::ValueId) {
        // (Optional operands are unwrapped later, with their own None check; they skip this one.)
        let (tb, te) = (self.ty(base).clone(), self.ty(exponent).clone());
        let signed_exponent =
            matches!(te, ferrumba_types::Type::Integer(i) if i.signed) || te == ferrumba_types::Type::Boolean;
        if !self.options.python_error_model || !signed_exponent || !(tb.is_integer_like() || tb.is_float()) {
            return;
        }
        let (b, e) = (self.get(base)[0], self.get(exponent)[0]);
        let base_zero = if tb.is_float() {
            let bits = match tb {
                ferrumba_types::Type::Float(bits) => bits,
                _ => 64,
            };
            let zero = self.float_const(0.0, bits);
            self.b.ins().fcmp(FloatCC::Equal, b, zero)
        } else {
            self.b.ins().icmp_imm_s(IntCC::Equal, b, 0)
        };
        let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, e, 0);
        let both = self.b.ins().band(base_zero, negative);
        self.raise_if(both, "ZeroDivisionError", "0.0 cannot be raised to a negative power");
    }

    fn widen_i64(&mut self, v: Value, signed: bool) -> Value {
        let ty = self.b.func.dfg.value_type(v);
        match (ty, signed) {
            (clif::I64, _) => v,
            (_, true) => self.b.ins().sextend(clif::I64, v),
            (_, false) => self.b.ins().uextend(clif::I64, v),
        }
    }

    /// `a // b` or `a % b`. Division by zero raises (python error model) or gives 0 (numpy); the
    /// divisor is made nonzero and never -1 before dividing, so the instruction cannot trap.
    fn int_divmod(&mut self, kind: BinOpKind, signed: bool, a: Value, b: Value) -> Value {
        let is_zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        if self.options.python_error_model {
            let msg =
                if kind == BinOpKind::Mod { "integer modulo by zero" } else { "integer division or modulo by zero" };
            self.raise_if(is_zero, "ZeroDivisionError", msg);
        }
        let ty = self.b.func.dfg.value_type(a);
        let one = self.b.ins().iconst(ty, 1);
        let zero = self.b.ins().iconst(ty, 0);
        let result = if signed {
            let is_minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
            let bad = self.b.ins().bor(is_zero, is_minus_one);
            let safe_b = self.b.ins().select(bad, one, b);
            let q = self.b.ins().sdiv(a, safe_b);
            let r = self.b.ins().srem(a, safe_b);
            // Floor adjustment: a nonzero remainder whose sign differs from the divisor's.
            let r_nonzero = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
            let sign_differs = {
                let x = self.b.ins().bxor(r, b);
                self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0)
            };
            let adjust = self.b.ins().band(r_nonzero, sign_differs);
            let (q, r) = if kind == BinOpKind::FloorDiv {
                let q1 = self.b.ins().iadd_imm_s(q, -1);
                (self.b.ins().select(adjust, q1, q), r)
            } else {
                let r1 = self.b.ins().iadd(r, b);
                (q, self.b.ins().select(adjust, r1, r))
            };
            let neg_a = self.b.ins().ineg(a);
            let minus_one_result = if kind == BinOpKind::FloorDiv { neg_a } else { zero };
            let value = if kind == BinOpKind::FloorDiv { q } else { r };
            self.b.ins().select(is_minus_one, minus_one_result, value)
        } else {
            let safe_b = self.b.ins().select(is_zero, one, b);
            if kind == BinOpKind::FloorDiv {
                self.b.ins().udiv(a, safe_b)
            } else {
                self.b.ins().urem(a, safe_b)
            }
        };
        self.b.ins().select(is_zero, zero, result)
    }

    /// Float arithmetic in `bits` precision; `//`, `%` and `**` follow Python via the runtime.
    pub(crate) fn float_binop(&mut self, kind: BinOpKind, bits: u8, a: Value, b: Value) -> Value {
        match kind {
            BinOpKind::Add => self.b.ins().fadd(a, b),
            BinOpKind::Sub => self.b.ins().fsub(a, b),
            BinOpKind::Mul => self.b.ins().fmul(a, b),
            BinOpKind::TrueDiv => {
                self.check_float_zero(b, bits, "float division by zero");
                self.b.ins().fdiv(a, b)
            }
            BinOpKind::FloorDiv => {
                self.check_float_zero(b, bits, "float floor division by zero");
                self.float_runtime2("ferrumba_py_floordiv", bits, a, b)
            }
            BinOpKind::Mod => {
                self.check_float_zero(b, bits, "float modulo");
                self.float_runtime2("ferrumba_py_mod", bits, a, b)
            }
            BinOpKind::Pow => self.float_runtime2("ferrumba_pow", bits, a, b),
            _ => unreachable!("bitwise operators are not typed for floats"),
        }
    }

    fn check_float_zero(&mut self, b: Value, bits: u8, message: &str) {
        if self.options.python_error_model {
            let zero = self.float_const(0.0, bits);
            let is_zero = self.b.ins().fcmp(FloatCC::Equal, b, zero);
            self.raise_if(is_zero, "ZeroDivisionError", message);
        }
    }

    /// Calls a two-argument double-precision runtime function, widening float32 operands.
    pub(crate) fn float_runtime2(&mut self, name: &'static str, bits: u8, a: Value, b: Value) -> Value {
        let a = self.float_to_float(a, 64);
        let b = self.float_to_float(b, 64);
        let r = self.call_runtime(name, &[a, b], &[clif::F64, clif::F64], &[clif::F64])[0];
        self.float_to_float(r, bits)
    }

    /// Calls a one-argument double-precision runtime function, widening float32 operands.
    pub(crate) fn float_runtime1(&mut self, name: &'static str, bits: u8, a: Value) -> Value {
        let a = self.float_to_float(a, 64);
        let r = self.call_runtime(name, &[a], &[clif::F64], &[clif::F64])[0];
        self.float_to_float(r, bits)
    }

    pub(crate) fn complex_binop(&mut self, kind: BinOpKind, bits: u8, a: &[Value], b: &[Value]) -> Vec<Value> {
        let (ar, ai, br, bi) = (a[0], a[1], b[0], b[1]);
        match kind {
            BinOpKind::Add => vec![self.b.ins().fadd(ar, br), self.b.ins().fadd(ai, bi)],
            BinOpKind::Sub => vec![self.b.ins().fsub(ar, br), self.b.ins().fsub(ai, bi)],
            BinOpKind::Mul => {
                let (rr, ii) = (self.b.ins().fmul(ar, br), self.b.ins().fmul(ai, bi));
                let (ri, ir) = (self.b.ins().fmul(ar, bi), self.b.ins().fmul(ai, br));
                vec![self.b.ins().fsub(rr, ii), self.b.ins().fadd(ri, ir)]
            }
            BinOpKind::TrueDiv => {
                if self.options.python_error_model {
                    let zero = self.float_const(0.0, bits / 2);
                    let re0 = self.b.ins().fcmp(FloatCC::Equal, br, zero);
                    let im0 = self.b.ins().fcmp(FloatCC::Equal, bi, zero);
                    let both = self.b.ins().band(re0, im0);
                    self.raise_if(both, "ZeroDivisionError", "complex division by zero");
                }
                self.complex_runtime2("ferrumba_cdiv", bits, a, b)
            }
            BinOpKind::Pow => self.complex_runtime2("ferrumba_cpow", bits, a, b),
            _ => unreachable!("operator not typed for complex numbers"),
        }
    }

    /// Calls a runtime function `(re, im, re, im, out)` and loads the complex result.
    fn complex_runtime2(&mut self, name: &'static str, bits: u8, a: &[Value], b: &[Value]) -> Vec<Value> {
        let ptr = self.pointer_type();
        let out = self.stack_slot(16);
        let mut args: Vec<Value> = a.iter().chain(b).map(|v| self.float_to_float(*v, 64)).collect();
        args.push(out);
        self.call_runtime(name, &args, &[clif::F64, clif::F64, clif::F64, clif::F64, ptr], &[]);
        let r = self.load_slots(out, &[clif::F64, clif::F64]);
        r.into_iter().map(|v| self.float_to_float(v, bits / 2)).collect()
    }

    /// Calls a runtime function `(re, im, out)` and loads the complex result.
    pub(crate) fn complex_runtime1(&mut self, name: &'static str, z: &[Value]) -> Vec<Value> {
        let ptr = self.pointer_type();
        let out = self.stack_slot(16);
        let args = [z[0], z[1], out];
        self.call_runtime(name, &args, &[clif::F64, clif::F64, ptr], &[]);
        self.load_slots(out, &[clif::F64, clif::F64])
    }
}
