//! Real math for compiled code: libm wrappers and Python's integer and float semantics.

// Functions of the C library that Rust's `f64` does not expose.
extern "C" {
    fn erf(x: f64) -> f64;
    fn erfc(x: f64) -> f64;
    fn tgamma(x: f64) -> f64;
    fn lgamma(x: f64) -> f64;
}

macro_rules! unary_f64 {
    ($($name:ident => $body:expr;)*) => {
        $(
            pub extern "C" fn $name(x: f64) -> f64 {
                let f: fn(f64) -> f64 = $body;
                f(x)
            }
        )*
        fn unary_symbols() -> Vec<(&'static str, *const u8)> {
            vec![$((stringify!($name), $name as *const u8)),*]
        }
    };
}

unary_f64! {
    ferrumba_sin => f64::sin;
    ferrumba_cos => f64::cos;
    ferrumba_tan => f64::tan;
    ferrumba_asin => f64::asin;
    ferrumba_acos => f64::acos;
    ferrumba_atan => f64::atan;
    ferrumba_sinh => f64::sinh;
    ferrumba_cosh => f64::cosh;
    ferrumba_tanh => f64::tanh;
    ferrumba_asinh => f64::asinh;
    ferrumba_acosh => f64::acosh;
    ferrumba_atanh => f64::atanh;
    ferrumba_exp => f64::exp;
    ferrumba_expm1 => f64::exp_m1;
    ferrumba_log => f64::ln;
    ferrumba_log10 => f64::log10;
    ferrumba_log2 => f64::log2;
    ferrumba_log1p => f64::ln_1p;
    // SAFETY: the C library's erf/erfc/tgamma/lgamma are pure functions of one double.
    ferrumba_erf => |x| unsafe { erf(x) };
    // SAFETY: as above.
    ferrumba_erfc => |x| unsafe { erfc(x) };
    // SAFETY: as above.
    ferrumba_gamma => |x| unsafe { tgamma(x) };
    // SAFETY: as above.
    ferrumba_lgamma => |x| unsafe { lgamma(x) };
}

pub extern "C" fn ferrumba_pow(x: f64, y: f64) -> f64 {
    x.powf(y)
}
pub extern "C" fn ferrumba_atan2(y: f64, x: f64) -> f64 {
    y.atan2(x)
}
pub extern "C" fn ferrumba_hypot(x: f64, y: f64) -> f64 {
    x.hypot(y)
}
pub extern "C" fn ferrumba_fmod(x: f64, y: f64) -> f64 {
    x % y
}

/// `x % y` with Python's sign rule (the result has the sign of `y`).
pub extern "C" fn ferrumba_py_mod(x: f64, y: f64) -> f64 {
    py_divmod(x, y).1
}

/// `x // y` with Python's rounding toward negative infinity.
pub extern "C" fn ferrumba_py_floordiv(x: f64, y: f64) -> f64 {
    py_divmod(x, y).0
}

/// CPython's `float_divmod`. Division by zero is checked by the caller under `error_model='python'`;
/// under `'numpy'` it gives NumPy's answers (`x // 0` is `x / 0`, `x % 0` is NaN).
fn py_divmod(x: f64, y: f64) -> (f64, f64) {
    if y == 0.0 {
        return (x / y, f64::NAN);
    }
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

/// `base ** exp` for signed integers, wrapping on overflow; negative exponents truncate toward zero
/// as Numba does (`2 ** -1 == 0`, `1 ** -3 == 1`, `(-1) ** -3 == -1`).
pub extern "C" fn ferrumba_ipow(base: i64, exp: i64) -> i64 {
    match (base, exp) {
        (_, 0..) => ferrumba_upow(base as u64, exp as u64) as i64,
        (1, _) => 1,
        (-1, _) => {
            if exp % 2 == 0 {
                1
            } else {
                -1
            }
        }
        _ => 0,
    }
}

/// `base ** exp` for unsigned integers, wrapping on overflow.
pub extern "C" fn ferrumba_upow(base: u64, exp: u64) -> u64 {
    let (mut result, mut b, mut e) = (1u64, base, exp);
    while e > 0 {
        if e & 1 == 1 {
            result = result.wrapping_mul(b);
        }
        b = b.wrapping_mul(b);
        e >>= 1;
    }
    result
}

/// `round(x, ndigits)` for floats, correctly rounded like CPython (half to even on the exact value:
/// `round(2.675, 2) == 2.67` because 2.675 is stored as 2.67499…).
pub extern "C" fn ferrumba_round_ndigits(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || x == 0.0 || ndigits > 323 || (ndigits >= 0 && x.abs() >= 4503599627370496.0) {
        return x;
    }
    if ndigits >= 0 {
        // Rust's fixed-precision formatting rounds the exact binary value half to even, as CPython does.
        return format!("{:.*}", ndigits as usize, x).parse().unwrap_or(x);
    }
    round_to_power_of_ten(x, (-ndigits) as u32)
}

/// Rounds `x` to a multiple of `10^k` (k ≥ 1), half to even, deciding on the exact binary value.
fn round_to_power_of_ten(x: f64, k: u32) -> f64 {
    let magnitude = x.abs();
    let rounded = if magnitude >= 4503599627370496.0 {
        // An integer: round its exact decimal digits.
        let digits = format!("{magnitude:.0}");
        round_digit_string(&digits, k as usize).parse().unwrap_or(magnitude)
    } else if k > 18 {
        0.0
    } else {
        // Below 2^52: the integer and fractional parts are exact.
        let whole = magnitude.trunc();
        let frac = magnitude - whole;
        let unit = 10i64.pow(k);
        let (q, rem) = ((whole as i64) / unit, (whole as i64) % unit);
        let twice = 2 * rem;
        let up = twice > unit || (twice == unit && (frac > 0.0 || q % 2 == 1));
        ((q + i64::from(up)) as f64) * unit as f64
    };
    rounded.copysign(x)
}

/// Rounds a string of decimal digits to a multiple of `10^k`, half to even (the digits are exact).
fn round_digit_string(digits: &str, k: usize) -> String {
    if k >= digits.len() {
        // Everything is below 10^k: the result is 0 or 10^k.
        let half = format!("5{}", "0".repeat(k - 1));
        let padded = format!("{digits:0>k$}");
        return if k == digits.len() && padded.as_str() > half.as_str() {
            format!("1{}", "0".repeat(k))
        } else {
            "0".into()
        };
    }
    let (head, tail) = digits.split_at(digits.len() - k);
    let half = format!("5{}", "0".repeat(k - 1));
    let last_odd = head.as_bytes().last().is_some_and(|d| (d - b'0') % 2 == 1);
    let up = tail > half.as_str() || (tail == half && last_odd);
    let mut head: Vec<u8> = head.bytes().collect();
    if up {
        let mut i = head.len();
        loop {
            if i == 0 {
                head.insert(0, b'1');
                break;
            }
            i -= 1;
            if head[i] == b'9' {
                head[i] = b'0';
            } else {
                head[i] += 1;
                break;
            }
        }
    }
    format!("{}{}", String::from_utf8(head).expect("ascii digits"), "0".repeat(k))
}

/// `math.frexp(x)`: mantissa, and the exponent through `exp`.
///
/// # Safety
/// `exp` must point to writable memory for one `i64`.
pub unsafe extern "C" fn ferrumba_frexp(x: f64, exp: *mut i64) -> f64 {
    let (m, e) = if x == 0.0 || !x.is_finite() {
        (x, 0)
    } else {
        let bits = x.to_bits();
        let raw_exp = ((bits >> 52) & 0x7ff) as i64;
        if raw_exp == 0 {
            // Subnormal: scale into the normal range first.
            let scaled = x * 2f64.powi(64);
            let sb = scaled.to_bits();
            let se = ((sb >> 52) & 0x7ff) as i64;
            (f64::from_bits((sb & !(0x7ff << 52)) | (1022 << 52)), se - 1022 - 64)
        } else {
            (f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52)), raw_exp - 1022)
        }
    };
    // SAFETY: the caller passes a pointer to a stack slot of 8 bytes.
    unsafe { *exp = e };
    m
}

/// `math.ldexp(x, i)`.
pub extern "C" fn ferrumba_ldexp(x: f64, i: i64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mut result = x;
    let mut e = i.clamp(-3000, 3000);
    while e > 1000 {
        result *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        result *= 2f64.powi(-1000);
        e += 1000;
    }
    result * 2f64.powi(e as i32)
}

/// `math.gcd(a, b)`.
pub extern "C" fn ferrumba_gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a as i64
}

pub fn symbols() -> Vec<(&'static str, *const u8)> {
    let mut all = unary_symbols();
    all.extend([
        ("ferrumba_pow", ferrumba_pow as *const u8),
        ("ferrumba_atan2", ferrumba_atan2 as *const u8),
        ("ferrumba_hypot", ferrumba_hypot as *const u8),
        ("ferrumba_fmod", ferrumba_fmod as *const u8),
        ("ferrumba_py_mod", ferrumba_py_mod as *const u8),
        ("ferrumba_py_floordiv", ferrumba_py_floordiv as *const u8),
        ("ferrumba_ipow", ferrumba_ipow as *const u8),
        ("ferrumba_upow", ferrumba_upow as *const u8),
        ("ferrumba_round_ndigits", ferrumba_round_ndigits as *const u8),
        ("ferrumba_frexp", ferrumba_frexp as *const u8),
        ("ferrumba_ldexp", ferrumba_ldexp as *const u8),
        ("ferrumba_gcd", ferrumba_gcd as *const u8),
    ]);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_semantics() {
        assert_eq!(ferrumba_py_mod(-7.0, 2.0), 1.0);
        assert_eq!(ferrumba_py_mod(7.0, -2.0), -1.0);
        assert_eq!(ferrumba_py_floordiv(-7.0, 2.0), -4.0);
        assert_eq!(ferrumba_py_floordiv(7.5, 2.0), 3.0);
        assert!(ferrumba_py_mod(-0.0, 2.0).to_bits() == 0.0f64.to_bits());
    }

    #[test]
    fn integer_power() {
        assert_eq!(ferrumba_ipow(3, 4), 81);
        assert_eq!(ferrumba_ipow(2, -1), 0);
        assert_eq!(ferrumba_ipow(-1, -3), -1);
        assert_eq!(ferrumba_ipow(2, 64), 0);
        assert_eq!(ferrumba_ipow(3, 1 << 40), ferrumba_ipow(3, 1 << 40));
        assert_eq!(ferrumba_upow(2, 63), 1 << 63);
    }

    #[test]
    fn rounding_and_frexp() {
        assert_eq!(ferrumba_round_ndigits(2.675, 2), 2.67);
        assert_eq!(ferrumba_round_ndigits(1234.5, -1), 1230.0);
        assert_eq!(ferrumba_round_ndigits(1235.0, -1), 1240.0);
        assert_eq!(ferrumba_round_ndigits(25.4, -1), 30.0);
        assert_eq!(ferrumba_round_ndigits(-25.0, -1), -20.0);
        // Values from the differential fuzzer, checked against CPython.
        assert_eq!(ferrumba_round_ndigits(1.918770753692084e+28, -1), 1.918770753692084e+28);
        assert_eq!(ferrumba_round_ndigits(-9.655635178509999e+24, -24), -1e+25);
        assert_eq!(ferrumba_round_ndigits(4.0, -1), 0.0);
        assert_eq!(ferrumba_round_ndigits(6.0, -1), 10.0);
        let mut e = 0;
        // SAFETY: `e` is a live local.
        let m = unsafe { ferrumba_frexp(8.0, &mut e) };
        assert_eq!((m, e), (0.5, 4));
        assert_eq!(ferrumba_ldexp(0.5, 4), 8.0);
        assert_eq!(ferrumba_gcd(-12, 18), 6);
    }
}
