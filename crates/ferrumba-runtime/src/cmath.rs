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
    fn cpow(x: C64, y: C64) -> C64;
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

/// `x ** y` for complex numbers.
///
/// # Safety
/// `out` must point to two writable `f64`s.
pub unsafe extern "C" fn ferrumba_cpow(xr: f64, xi: f64, yr: f64, yi: f64, out: *mut f64) {
    let r = if yr == 0.0 && yi == 0.0 {
        C64 { re: 1.0, im: 0.0 }
    } else {
        // SAFETY: a pure C library function.
        unsafe { cpow(C64 { re: xr, im: xi }, C64 { re: yr, im: yi }) }
    };
    // SAFETY: the caller passes a 16-byte stack slot.
    unsafe {
        *out = r.re;
        *out.add(1) = r.im;
    }
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
