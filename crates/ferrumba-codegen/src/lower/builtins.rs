//! Implementations of builtin, `math` and `cmath` functions (typed in `ferrumba-typeinfer`'s `decl/`).

use cranelift_codegen::ir::{condcodes::FloatCC, condcodes::IntCC, types as clif, InstBuilder, Value};
use ferrumba_ir::{BinOpKind, Diagnostic, ValueId};
use ferrumba_types::{OpSignature, Type};

use super::arrays::Init;
use super::FunctionLowerer;

/// Real functions computed by a runtime call in double precision.
const RUNTIME_UNARY: &[(&str, &str)] = &[
    ("exp", "ferrumba_exp"),
    ("expm1", "ferrumba_expm1"),
    ("log", "ferrumba_log"),
    ("log10", "ferrumba_log10"),
    ("log2", "ferrumba_log2"),
    ("log1p", "ferrumba_log1p"),
    ("sin", "ferrumba_sin"),
    ("cos", "ferrumba_cos"),
    ("tan", "ferrumba_tan"),
    ("asin", "ferrumba_asin"),
    ("acos", "ferrumba_acos"),
    ("atan", "ferrumba_atan"),
    ("sinh", "ferrumba_sinh"),
    ("cosh", "ferrumba_cosh"),
    ("tanh", "ferrumba_tanh"),
    ("asinh", "ferrumba_asinh"),
    ("acosh", "ferrumba_acosh"),
    ("atanh", "ferrumba_atanh"),
    ("erf", "ferrumba_erf"),
    ("erfc", "ferrumba_erfc"),
    ("gamma", "ferrumba_gamma"),
    ("lgamma", "ferrumba_lgamma"),
];

const COMPLEX_UNARY: &[(&str, &str)] = &[
    ("exp", "ferrumba_cexp"),
    ("log", "ferrumba_clog"),
    ("sqrt", "ferrumba_csqrt"),
    ("sin", "ferrumba_csin"),
    ("cos", "ferrumba_ccos"),
    ("tan", "ferrumba_ctan"),
    ("sinh", "ferrumba_csinh"),
    ("cosh", "ferrumba_ccosh"),
    ("tanh", "ferrumba_ctanh"),
    ("asin", "ferrumba_casin"),
    ("acos", "ferrumba_cacos"),
    ("atan", "ferrumba_catan"),
    ("asinh", "ferrumba_casinh"),
    ("acosh", "ferrumba_cacosh"),
    ("atanh", "ferrumba_catanh"),
];

fn lookup(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

impl FunctionLowerer<'_> {
    /// `operands[i]` holds argument `i` already converted to `sig.operands[i]`.
    pub(crate) fn builtin(
        &mut self,
        name: &str,
        sig: &OpSignature,
        args: &[ValueId],
        operands: &[Vec<Value>],
    ) -> Result<Vec<Value>, Diagnostic> {
        if let Some(f) = name.strip_prefix("math.") {
            return self.math(f, sig, operands);
        }
        if name.starts_with("numpy.random.") || name.starts_with("random.") {
            return Ok(self.random(name, operands));
        }
        if let Some(f) = name.strip_prefix("numpy.") {
            return self.numpy(f, sig, args, operands);
        }
        if name.starts_with("ferrumba.types.") {
            return self.convert(operands[0].clone(), &sig.operands[0], &sig.result);
        }
        if let Some(f) = name.strip_prefix("cmath.") {
            // Computed in double precision, then narrowed back (complex64 in, complex64 out).
            let mut wide = Vec::with_capacity(operands.len());
            for (leaves, t) in operands.iter().zip(&sig.operands) {
                wide.push(self.convert(leaves.clone(), t, &widened(t))?);
            }
            let result = self.cmath(f, &wide)?;
            return self.convert(result, &widened(&sig.result), &sig.result);
        }
        let one = |v: Value| Ok(vec![v]);
        match name {
            "range" | "ferrumba.prange" => self.range(args, operands),
            "ferrumba.parfor_zero" | "ferrumba.parfor_one" | "ferrumba.parfor_all_ones" => {
                Ok(self.parfor_identity(name, &sig.result))
            }
            "ferrumba.get_thread_id" => Ok(self.call_runtime("ferrumba_get_thread_id", &[], &[], &[clif::I64])),
            "ferrumba.get_num_threads" => Ok(self.call_runtime("ferrumba_get_num_threads", &[], &[], &[clif::I64])),
            // `enumerate(x)` and `zip(a, b)` hold their iterables; `iter()` makes the iterators.
            "enumerate" | "zip" => Ok(operands.iter().flatten().copied().collect()),
            "slice" => {
                // Omitted bounds (None, no leaves) become the SLICE_NONE marker; an omitted step is 1.
                let mut out = Vec::with_capacity(3);
                for (k, (leaves, t)) in operands.iter().zip(&sig.operands).enumerate() {
                    out.push(match t {
                        Type::NoneType => {
                            let missing = if k == 2 { 1 } else { super::arrays::SLICE_NONE };
                            self.b.ins().iconst(clif::I64, missing)
                        }
                        t => self.convert(leaves.clone(), t, &Type::INT64)?[0],
                    });
                }
                Ok(out)
            }
            "len" => match &sig.operands[0] {
                Type::Tuple(items) => one(self.b.ins().iconst(clif::I64, items.len() as i64)),
                // `len(a.flat)` is the array's size.
                Type::ArrayFlat(a) => {
                    let a = a.clone();
                    one(self.flat_size(&a, &operands[0]))
                }
                // The length of an array is its first dimension (leaves: owner, data, shape...).
                _ => one(operands[0][2]),
            },
            "abs" => match &sig.operands[0] {
                Type::Integer(i) if !i.signed => Ok(operands[0].clone()),
                Type::Integer(_) => {
                    let x = operands[0][0];
                    let neg = self.b.ins().ineg(x);
                    let is_neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                    one(self.b.ins().select(is_neg, neg, x))
                }
                Type::Float(_) => one(self.b.ins().fabs(operands[0][0])),
                Type::Complex(bits) => {
                    let (re, im) = (operands[0][0], operands[0][1]);
                    one(self.float_runtime2("ferrumba_hypot", bits / 2, re, im))
                }
                other => Err(Diagnostic::internal(format!("abs of {other}"))),
            },
            "min" | "max" => {
                // min/max of one tuple compares its items; of several arguments, the arguments.
                let items: Vec<Vec<Value>> = match &sig.operands[..] {
                    [Type::Tuple(items)] => {
                        let mut converted = Vec::with_capacity(items.len());
                        for (leaf, t) in operands[0].iter().zip(items) {
                            converted.push(self.convert(vec![*leaf], t, &sig.result)?);
                        }
                        converted
                    }
                    _ => operands.to_vec(),
                };
                let ty = sig.result.clone();
                let mut acc = items[0].clone();
                for item in &items[1..] {
                    // Python keeps the first extreme value: replace only on a strict improvement.
                    let kind = if name == "max" { ferrumba_ir::CmpKind::Gt } else { ferrumba_ir::CmpKind::Lt };
                    let better = self.compare(kind, item, &ty, &acc, &ty)?;
                    acc = vec![self.b.ins().select(better, item[0], acc[0])];
                }
                Ok(acc)
            }
            "round" => self.round(sig, operands),
            "print" => {
                for (i, (leaves, t)) in operands.iter().zip(&sig.operands).enumerate() {
                    if i > 0 {
                        self.print_text(" ");
                    }
                    self.print_value(args[i], t, leaves);
                }
                self.call_runtime("ferrumba_print_end", &[], &[], &[]);
                Ok(vec![])
            }
            "method.reshape" | "method.ravel" => {
                let Type::Array(source) = &sig.operands[0] else { unreachable!() };
                let Type::Array(target) = &sig.result else { unreachable!() };
                let dims: Vec<Value> = operands[1..].iter().flatten().copied().collect();
                Ok(self.reshape_view(source, &operands[0], target, &dims))
            }
            "method.conjugate" => Ok(match &sig.operands[0] {
                Type::Complex(_) => vec![operands[0][0], self.b.ins().fneg(operands[0][1])],
                _ => operands[0].clone(),
            }),
            "int" | "float" | "complex" if operands.is_empty() => Ok(self.zeros(&sig.result)),
            "bool" if operands.is_empty() => one(self.b.ins().iconst(clif::I8, 0)),
            "int" | "float" => Ok(self.convert(operands[0].clone(), &sig.operands[0], &sig.result)?),
            "bool" => one(self.truth_of(&operands[0], &sig.operands[0])),
            "complex" if operands.len() == 2 => Ok(vec![operands[0][0], operands[1][0]]),
            "complex" => Ok(operands[0].clone()),
            "pow" => {
                self.check_zero_to_negative_power(args[0], args[1]);
                self.binop(BinOpKind::Pow, sig, &operands[0], &operands[1])
            }
            "divmod" => {
                let inner = OpSignature { operands: sig.operands.clone(), result: sig.operands[0].clone() };
                let mut q = self.binop(BinOpKind::FloorDiv, &inner, &operands[0], &operands[1])?;
                q.extend(self.binop(BinOpKind::Mod, &inner, &operands[0], &operands[1])?);
                Ok(q)
            }
            other => Err(Diagnostic::internal(format!("no implementation for builtin {other}"))),
        }
    }

    /// NumPy functions: array creation, and scalar types used as casts.
    fn numpy(
        &mut self,
        f: &str,
        sig: &OpSignature,
        args: &[ValueId],
        operands: &[Vec<Value>],
    ) -> Result<Vec<Value>, Diagnostic> {
        if let Some(m) = ferrumba_typeinfer::numpy_math_alias(f) {
            return self.math(m, sig, operands);
        }
        match f {
            "floor" | "ceil" | "trunc" | "rint" => {
                let x = operands[0][0];
                return Ok(vec![match f {
                    "floor" => self.b.ins().floor(x),
                    "ceil" => self.b.ins().ceil(x),
                    "trunc" => self.b.ins().trunc(x),
                    _ => self.b.ins().nearest(x),
                }]);
            }
            "abs" | "absolute" => return self.builtin("abs", sig, args, operands),
            _ => {}
        }
        let Type::Array(result) = &sig.result else {
            return self.convert(operands[0].clone(), &sig.operands[0], &sig.result);
        };
        let dtype = (*result.dtype).clone();
        let shape: Vec<Value> = match &sig.operands[0] {
            Type::Array(source) => operands[0][2..2 + source.ndim as usize].to_vec(),
            _ => operands[0].clone(),
        };
        let one_value = |s: &mut Self| -> Result<Vec<Value>, Diagnostic> {
            let one = s.b.ins().iconst(clif::I64, 1);
            s.convert(vec![one], &Type::INT64, &dtype)
        };
        let fill = match f {
            "ones" | "ones_like" => Some(one_value(self)?),
            "full" => Some(operands[1].clone()),
            _ => None,
        };
        let init = match (f, &fill) {
            (_, Some(value)) => Init::Fill(value),
            ("empty" | "empty_like", None) => Init::Uninit,
            _ => Init::Zeroed,
        };
        Ok(self.alloc_array(&dtype, &shape, init))
    }

    /// `np.random.*` and `random.*` scalar functions, on the runtime's per-thread generators.
    fn random(&mut self, name: &str, operands: &[Vec<Value>]) -> Vec<Value> {
        let f64s = |n: usize| vec![clif::F64; n];
        let arg = |k: usize| operands[k][0];
        let short = name.rsplit('.').next().unwrap_or(name);
        let numpy = name.starts_with("numpy.");
        match (short, operands.len()) {
            ("seed", _) => {
                let f = if numpy { "ferrumba_np_random_seed" } else { "ferrumba_py_random_seed" };
                self.call_runtime(f, &[arg(0)], &[clif::I64], &[]);
                vec![]
            }
            ("randn" | "standard_normal", _) | ("normal", 0) => {
                self.call_runtime("ferrumba_np_standard_normal", &[], &[], &f64s(1))
            }
            ("normal", n) => {
                let z = self.call_runtime("ferrumba_np_standard_normal", &[], &[], &f64s(1))[0];
                let scale = if n == 2 { arg(1) } else { self.b.ins().f64const(1.0) };
                let scaled = self.b.ins().fmul(z, scale);
                vec![self.b.ins().fadd(arg(0), scaled)]
            }
            ("uniform", n) => {
                let r = self.call_runtime(
                    if numpy { "ferrumba_np_random" } else { "ferrumba_py_random" },
                    &[],
                    &[],
                    &f64s(1),
                )[0];
                let (low, high) = match n {
                    0 => (self.b.ins().f64const(0.0), self.b.ins().f64const(1.0)),
                    1 => (arg(0), self.b.ins().f64const(1.0)),
                    _ => (arg(0), arg(1)),
                };
                let width = self.b.ins().fsub(high, low);
                let offset = self.b.ins().fmul(width, r);
                vec![self.b.ins().fadd(low, offset)]
            }
            ("randint" | "randrange", n) => {
                let (low, high) = if n == 1 { (self.b.ins().iconst(clif::I64, 0), arg(0)) } else { (arg(0), arg(1)) };
                // np.random.randint and random.randrange exclude `high`; random.randint includes `b`.
                let inclusive = !numpy && short == "randint";
                let empty = if inclusive {
                    self.b.ins().icmp(IntCC::SignedGreaterThan, low, high)
                } else {
                    self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, low, high)
                };
                self.raise_if(empty, "ValueError", "empty range for randint");
                if numpy {
                    self.call_runtime("ferrumba_np_randint", &[low, high], &[clif::I64, clif::I64], &[clif::I64])
                } else {
                    let top = if inclusive { high } else { self.b.ins().iadd_imm_s(high, -1) };
                    self.call_runtime("ferrumba_py_randint", &[low, top], &[clif::I64, clif::I64], &[clif::I64])
                }
            }
            _ => {
                let f = if numpy { "ferrumba_np_random" } else { "ferrumba_py_random" };
                self.call_runtime(f, &[], &[], &f64s(1))
            }
        }
    }

    /// Writes one value as Python's `print` shows it.
    fn print_value(&mut self, v: ValueId, t: &Type, leaves: &[Value]) {
        match t {
            Type::Boolean => {
                self.call_runtime("ferrumba_print_bool", &[leaves[0]], &[clif::I8], &[]);
            }
            Type::Integer(i) => {
                let wide = self.int_to_int(leaves[0], *i, ferrumba_types::IntTy::new(64, i.signed));
                let f = if i.signed { "ferrumba_print_i64" } else { "ferrumba_print_u64" };
                self.call_runtime(f, &[wide], &[clif::I64], &[]);
            }
            Type::Float(_) => {
                let x = self.float_to_float(leaves[0], 64);
                self.call_runtime("ferrumba_print_f64", &[x], &[clif::F64], &[]);
            }
            Type::Complex(_) => {
                let (re, im) = (self.float_to_float(leaves[0], 64), self.float_to_float(leaves[1], 64));
                self.call_runtime("ferrumba_print_complex", &[re, im], &[clif::F64, clif::F64], &[]);
            }
            Type::StringLiteral => {
                let text = match self.constant(v) {
                    Some(ferrumba_ir::Constant::Str(s)) => s.clone(),
                    _ => String::new(),
                };
                self.print_text(&text);
            }
            _ => self.print_text("None"),
        }
    }

    /// Writes a compile-time string (kept alive for the life of the process, like the code itself).
    fn print_text(&mut self, text: &str) {
        let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let ptr = self.b.ins().iconst(clif::I64, leaked.as_ptr() as i64);
        let len = self.b.ins().iconst(clif::I64, leaked.len() as i64);
        self.call_runtime("ferrumba_print_str", &[ptr, len], &[clif::I64, clif::I64], &[]);
    }

    /// `range(...)` → (start, stop, step); a zero step raises ValueError like Python.
    fn range(&mut self, args: &[ValueId], operands: &[Vec<Value>]) -> Result<Vec<Value>, Diagnostic> {
        let (start, stop, step) = match operands {
            [stop] => (self.b.ins().iconst(clif::I64, 0), stop[0], self.b.ins().iconst(clif::I64, 1)),
            [start, stop] => (start[0], stop[0], self.b.ins().iconst(clif::I64, 1)),
            [start, stop, step] => {
                let literal = self.constant(args[2]).is_some();
                if !literal {
                    let is_zero = self.b.ins().icmp_imm_s(IntCC::Equal, step[0], 0);
                    self.raise_if(is_zero, "ValueError", "range() arg 3 must not be zero");
                }
                (start[0], stop[0], step[0])
            }
            _ => return Err(Diagnostic::internal("range() arity")),
        };
        Ok(vec![start, stop, step])
    }

    fn round(&mut self, sig: &OpSignature, operands: &[Vec<Value>]) -> Result<Vec<Value>, Diagnostic> {
        match (&sig.operands[..], &sig.result) {
            ([Type::Float(_)], _) => {
                let r = self.b.ins().nearest(operands[0][0]);
                Ok(vec![self.b.ins().fcvt_to_sint_sat(clif::I64, r)])
            }
            ([Type::Float(bits), _], _) => {
                let (x, n) = (operands[0][0], operands[1][0]);
                let x = self.float_to_float(x, 64);
                let r = self.call_runtime("ferrumba_round_ndigits", &[x, n], &[clif::F64, clif::I64], &[clif::F64])[0];
                Ok(vec![self.float_to_float(r, *bits)])
            }
            ([_], _) => Ok(operands[0].clone()),
            (_, _) => {
                // round(int, ndigits): unchanged for ndigits >= 0, else rounded through a double.
                let (x, n) = (operands[0][0], operands[1][0]);
                let xf = self.b.ins().fcvt_from_sint(clif::F64, x);
                let r = self.call_runtime("ferrumba_round_ndigits", &[xf, n], &[clif::F64, clif::I64], &[clif::F64])[0];
                let rounded = self.b.ins().fcvt_to_sint_sat(clif::I64, r);
                let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
                Ok(vec![self.b.ins().select(negative, rounded, x)])
            }
        }
    }

    fn math(&mut self, f: &str, sig: &OpSignature, operands: &[Vec<Value>]) -> Result<Vec<Value>, Diagnostic> {
        let bits = match &sig.operands[0] {
            Type::Float(b) => *b,
            _ => 64,
        };
        let x = operands[0][0];
        let one = |v: Value| Ok(vec![v]);
        if let Some(symbol) = lookup(RUNTIME_UNARY, f).filter(|_| operands.len() == 1) {
            return one(self.float_runtime1(symbol, bits, x));
        }
        match f {
            "sqrt" => one(self.b.ins().sqrt(x)),
            "fabs" => one(self.b.ins().fabs(x)),
            "floor" | "ceil" | "trunc" => {
                let r = match f {
                    "floor" => self.b.ins().floor(x),
                    "ceil" => self.b.ins().ceil(x),
                    _ => self.b.ins().trunc(x),
                };
                one(self.b.ins().fcvt_to_sint_sat(clif::I64, r))
            }
            "degrees" | "radians" => {
                let factor = if f == "degrees" { 180.0 / std::f64::consts::PI } else { std::f64::consts::PI / 180.0 };
                let c = self.float_const(factor, bits);
                one(self.b.ins().fmul(x, c))
            }
            "isnan" | "isinf" | "isfinite" => {
                if !sig.operands[0].is_float() {
                    return one(self.b.ins().iconst(clif::I8, i64::from(f == "isfinite")));
                }
                let inf = self.float_const(f64::INFINITY, bits);
                let abs = self.b.ins().fabs(x);
                one(match f {
                    "isnan" => self.b.ins().fcmp(FloatCC::Unordered, x, x),
                    "isinf" => self.b.ins().fcmp(FloatCC::Equal, abs, inf),
                    _ => self.b.ins().fcmp(FloatCC::LessThan, abs, inf),
                })
            }
            "log" => {
                let (a, b) = (
                    self.float_runtime1("ferrumba_log", bits, x),
                    self.float_runtime1("ferrumba_log", bits, operands[1][0]),
                );
                one(self.b.ins().fdiv(a, b))
            }
            "copysign" => one(self.b.ins().fcopysign(x, operands[1][0])),
            "atan2" => one(self.float_runtime2("ferrumba_atan2", bits, x, operands[1][0])),
            "hypot" => one(self.float_runtime2("ferrumba_hypot", bits, x, operands[1][0])),
            "fmod" => one(self.float_runtime2("ferrumba_fmod", bits, x, operands[1][0])),
            "pow" => one(self.float_runtime2("ferrumba_pow", bits, x, operands[1][0])),
            "ldexp" => {
                Ok(self.call_runtime("ferrumba_ldexp", &[x, operands[1][0]], &[clif::F64, clif::I64], &[clif::F64]))
            }
            "gcd" => Ok(self.call_runtime("ferrumba_gcd", &[x, operands[1][0]], &[clif::I64, clif::I64], &[clif::I64])),
            "frexp" => {
                let ptr = self.pointer_type();
                let slot = self.stack_slot(8);
                let m = self.call_runtime("ferrumba_frexp", &[x, slot], &[clif::F64, ptr], &[clif::F64])[0];
                let e = self.load_slots(slot, &[clif::I64])[0];
                Ok(vec![m, e])
            }
            other => Err(Diagnostic::internal(format!("no implementation for math.{other}"))),
        }
    }

    fn cmath(&mut self, f: &str, operands: &[Vec<Value>]) -> Result<Vec<Value>, Diagnostic> {
        let z = operands[0].clone();
        if operands.len() == 1 {
            if let Some(symbol) = lookup(COMPLEX_UNARY, f) {
                return Ok(self.complex_runtime1(symbol, &z));
            }
        }
        match f {
            "log10" | "log" => {
                let log_z = self.complex_runtime1("ferrumba_clog", &z);
                let base = if f == "log10" {
                    let (re, im) = (self.b.ins().f64const(std::f64::consts::LN_10), self.b.ins().f64const(0.0));
                    vec![re, im]
                } else {
                    self.complex_runtime1("ferrumba_clog", &operands[1])
                };
                let sig = OpSignature { operands: vec![Type::COMPLEX128; 2], result: Type::COMPLEX128 };
                self.binop(BinOpKind::TrueDiv, &sig, &log_z, &base)
            }
            "phase" => Ok(vec![self.float_runtime2("ferrumba_atan2", 64, z[1], z[0])]),
            "polar" => {
                let r = self.float_runtime2("ferrumba_hypot", 64, z[0], z[1]);
                let phi = self.float_runtime2("ferrumba_atan2", 64, z[1], z[0]);
                Ok(vec![r, phi])
            }
            "rect" => {
                let (r, phi) = (operands[0][0], operands[1][0]);
                let (c, s) =
                    (self.float_runtime1("ferrumba_cos", 64, phi), self.float_runtime1("ferrumba_sin", 64, phi));
                Ok(vec![self.b.ins().fmul(r, c), self.b.ins().fmul(r, s)])
            }
            "isnan" | "isinf" | "isfinite" => {
                let inf = self.b.ins().f64const(f64::INFINITY);
                let parts: Vec<Value> = z
                    .iter()
                    .map(|p| {
                        let abs = self.b.ins().fabs(*p);
                        match f {
                            "isnan" => self.b.ins().fcmp(FloatCC::Unordered, *p, *p),
                            "isinf" => self.b.ins().fcmp(FloatCC::Equal, abs, inf),
                            _ => self.b.ins().fcmp(FloatCC::LessThan, abs, inf),
                        }
                    })
                    .collect();
                Ok(vec![if f == "isfinite" {
                    self.b.ins().band(parts[0], parts[1])
                } else {
                    self.b.ins().bor(parts[0], parts[1])
                }])
            }
            other => Err(Diagnostic::internal(format!("no implementation for cmath.{other}"))),
        }
    }
}

/// The double-precision version of a (tuple of) float or complex type.
fn widened(t: &Type) -> Type {
    match t {
        Type::Float(_) => Type::FLOAT64,
        Type::Complex(_) => Type::COMPLEX128,
        Type::Tuple(items) => Type::Tuple(items.iter().map(widened).collect()),
        other => other.clone(),
    }
}
