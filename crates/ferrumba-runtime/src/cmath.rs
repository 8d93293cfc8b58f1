//! Complex math for compiled code: the C library's `<complex.h>` functions, called with the real and
//! imaginary parts and returning through an out-pointer (so generated code needs no struct ABI).

#[repr(C)]
#[derive(Clone, Copy)]
struct C64 {
    re: f64,
    im: f64,
}

// `double complex` has the same calling convention as a struct of two doubles on the supported
// targets (x86-64 System V, AArch64).
extern "C" {
    fn cexp(z: C64) -> C64;
    fn clog(z: C64) -> C64;
    fn csqrt(z: C64) -> C64;
    fn csin(z: C64) -> C64;
    fn ccos(z: C64) -> C64;
    fn ctan(z: C64) -> C64;
    fn csinh(z: C64) -> C64;
    fn ccosh(z: C64) -> C64;
    fn ctanh(z: C64) -> C64;
    fn casin(z: C64) -> C64;
    fn cacos(z: C64) -> C64;
    fn catan(z: C64) -> C64;
    fn casinh(z: C64) -> C64;
    fn cacosh(z: C64) -> C64;
    fn catanh(z: C64) -> C64;
}

macro_rules! complex_unary {
    ($($name:ident => $libc:ident;)*) => {
        $(
            /// # Safety
            /// `out` must point to two writable `f64`s.
            pub unsafe extern "C" fn $name(re: f64, im: f64, out: *mut f64) {
                // SAFETY: a pure C library function of one complex value.
                let r = unsafe { $libc(C64 { re, im }) };
                // SAFETY: the caller passes a 16-byte stack slot.
                unsafe {
                    *out = r.re;
                    *out.add(1) = r.im;
                }
            }
        )*
        pub fn symbols() -> Vec<(&'static str, *const u8)> {
            let mut all = vec![$((stringify!($name), $name as *const u8)),*];
            all.push(("ferrumba_cpow", ferrumba_cpow as *const u8));
            all.push(("ferrumba_cdiv", ferrumba_cdiv as *const u8));
            all
        }
    };
}

complex_unary! {
    ferrumba_cexp => cexp;
    ferrumba_clog => clog;
    ferrumba_csqrt => csqrt;
    ferrumba_csin => csin;
    ferrumba_ccos => ccos;
    ferrumba_ctan => ctan;
    ferrumba_csinh => csinh;
    ferrumba_ccosh => ccosh;
    ferrumba_ctanh => ctanh;
    ferrumba_casin => casin;
    ferrumba_cacos => cacos;
    ferrumba_catan => catan;
    ferrumba_casinh => casinh;
    ferrumba_cacosh => cacosh;
    ferrumba_catanh => catanh;
}

/// `x ** y` for complex numbers, with CPython's algorithm: repeated multiplication for integral
/// exponents up to 100 in magnitude, polar form otherwise.
///
/// # Safety
/// `out` must point to two writable `f64`s.
pub unsafe extern "C" fn ferrumba_cpow(xr: f64, xi: f64, yr: f64, yi: f64, out: *mut f64) {
    let x = C64 { re: xr, im: xi };
    let r = if yi == 0.0 && yr == yr.floor() && yr.abs() <= 100.0 {
        let n = yr as i64;
        let p = powu(x, n.unsigned_abs());
        if n >= 0 {
            p
        } else {
            div(C64 { re: 1.0, im: 0.0 }, p)
        }
    } else if yr == 0.0 && yi == 0.0 {
        C64 { re: 1.0, im: 0.0 }
    } else if xr == 0.0 && xi == 0.0 {
        C64 { re: 0.0, im: 0.0 }
    } else {
        let vabs = xr.hypot(xi);
        let mut len = vabs.powf(yr);
        let at = xi.atan2(xr);
        let mut phase = at * yr;
        if yi != 0.0 {
            len /= (at * yi).exp();
            phase += yi * vabs.ln();
        }
        C64 { re: len * phase.cos(), im: len * phase.sin() }
    };
    // SAFETY: the caller passes a 16-byte stack slot.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
}

fn mul(a: C64, b: C64) -> C64 {
    C64 { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re }
}

fn powu(x: C64, n: u64) -> C64 {
    let (mut r, mut p, mut mask) = (C64 { re: 1.0, im: 0.0 }, x, 1u64);
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = mul(r, p);
        }
        mask <<= 1;
        p = mul(p, p);
    }
    r
}

fn div(a: C64, b: C64) -> C64 {
    let mut out = [0.0f64; 2];
    // SAFETY: `out` has room for two doubles.
    unsafe { ferrumba_cdiv(a.re, a.im, b.re, b.im, out.as_mut_ptr()) };
    C64 { re: out[0], im: out[1] }
}

/// `x / y` for complex numbers with CPython's algorithm (Smith's method), `y` nonzero or giving
/// inf/nan as C would.
///
/// # Safety
/// `out` must point to two writable `f64`s.
pub unsafe extern "C" fn ferrumba_cdiv(a: f64, b: f64, c: f64, d: f64, out: *mut f64) {
    let (re, im) = if c.abs() >= d.abs() {
        if c == 0.0 && d == 0.0 {
            (a / c, b / c)
        } else {
            let ratio = d / c;
            let denom = c + d * ratio;
            ((a + b * ratio) / denom, (b - a * ratio) / denom)
        }
    } else if d.abs() >= c.abs() {
        let ratio = c / d;
        let denom = c * ratio + d;
        ((a * ratio + b) / denom, (b * ratio - a) / denom)
    } else {
        (f64::NAN, f64::NAN)
    };
    // SAFETY: the caller passes a 16-byte stack slot.
    unsafe {
        *out = re;
        *out.add(1) = im;
    }
}
