//! `print(...)` in compiled code: values written to the process's standard output the way Python
//! formats them (floats as `repr` does). Each call flushes, so output keeps its order with Python's own
//! prints when both go to a terminal or file.

use std::io::Write;

/// Python's `repr` of a float: the shortest digits that round-trip, in fixed notation for decimal
/// exponents from -4 to 15 and scientific notation (`1e+16`, `1e-05`) otherwise.
pub fn python_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Rust's `{:e}` gives the shortest round-tripping digits: `-1.2345e20`.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("scientific notation");
    let exp: i32 = exp.parse().expect("exponent");
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
        };
        format!("{sign}{body}")
    } else {
        let mantissa = if digits.len() == 1 { digits } else { format!("{}.{}", &digits[..1], &digits[1..]) };
        format!("{sign}{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}

fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
}

pub extern "C" fn ferrumba_print_i64(v: i64) {
    emit(&v.to_string());
}
pub extern "C" fn ferrumba_print_u64(v: u64) {
    emit(&v.to_string());
}
pub extern "C" fn ferrumba_print_bool(v: u8) {
    emit(if v != 0 { "True" } else { "False" });
}
pub extern "C" fn ferrumba_print_f64(v: f64) {
    emit(&python_float_repr(v));
}
pub extern "C" fn ferrumba_print_complex(re: f64, im: f64) {
    let imag = |x: f64| {
        let r = python_float_repr(x);
        r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
    };
    if re == 0.0 && !re.is_sign_negative() {
        emit(&format!("{}j", imag(im)));
    } else {
        let sign = if im >= 0.0 || im.is_nan() { "+" } else { "" };
        emit(&format!("({}{sign}{}j)", imag(re), imag(im)));
    }
}

/// # Safety
/// `text` must point to `len` bytes of UTF-8 that live for the call.
pub unsafe extern "C" fn ferrumba_print_str(text: *const u8, len: usize) {
    // SAFETY: guaranteed by the caller (compile-time string constants leaked for the process).
    let bytes = unsafe { std::slice::from_raw_parts(text, len) };
    emit(&String::from_utf8_lossy(bytes));
}

/// Ends a `print` call: a newline, then a flush.
pub extern "C" fn ferrumba_print_end() {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}

pub fn symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("ferrumba_print_i64", ferrumba_print_i64 as *const u8),
        ("ferrumba_print_u64", ferrumba_print_u64 as *const u8),
        ("ferrumba_print_bool", ferrumba_print_bool as *const u8),
        ("ferrumba_print_f64", ferrumba_print_f64 as *const u8),
        ("ferrumba_print_complex", ferrumba_print_complex as *const u8),
        ("ferrumba_print_str", ferrumba_print_str as *const u8),
        ("ferrumba_print_end", ferrumba_print_end as *const u8),
    ]
}

#[cfg(test)]
mod tests {
    use super::python_float_repr as r;

    #[test]
    fn floats_print_like_python_repr() {
        // Expected strings are Python's repr of the same values.
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (123456789012345680000.0, "1.2345678901234568e+20"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (-0.0, "-0.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (x, want) in cases {
            assert_eq!(r(x), want, "{x:?}");
        }
    }
}
