//! Random numbers for compiled code: per-thread Mersenne Twister (MT19937) generators, one for
//! `np.random` and one for the `random` module, independent of NumPy's and Python's own state (as in
//! Numba). Seeding and the float/normal algorithms follow NumPy's legacy `RandomState` and CPython's
//! `random`, so after `np.random.seed(s)` / `random.seed(s)` in compiled code the sequences of
//! `np.random.random`, `np.random.normal` and `random.random` are the ones Python produces.

use std::cell::RefCell;

const N: usize = 624;
const M: usize = 397;

struct Mt19937 {
    key: [u32; N],
    pos: usize,
    /// NumPy's legacy polar method makes normals in pairs; the second is kept here.
    gauss: Option<f64>,
}

impl Mt19937 {
    /// NumPy's legacy `mt19937_seed` (CPython's `init_genrand`).
    fn seeded(seed: u32) -> Self {
        let mut key = [0u32; N];
        let mut s = seed;
        for (i, k) in key.iter_mut().enumerate() {
            *k = s;
            s = 1812433253u32.wrapping_mul(s ^ (s >> 30)).wrapping_add(i as u32 + 1);
        }
        Mt19937 { key, pos: N, gauss: None }
    }

    /// CPython's `init_by_array`, which `random.seed(int)` uses with the integer's 32-bit words.
    fn by_array(words: &[u32]) -> Self {
        let mut mt = Mt19937::seeded(19650218);
        let key = &mut mt.key;
        let (mut i, mut j) = (1usize, 0usize);
        let len = words.len().max(1);
        for _ in 0..N.max(len) {
            let prev = key[i - 1] ^ (key[i - 1] >> 30);
            key[i] = (key[i] ^ prev.wrapping_mul(1664525))
                .wrapping_add(words.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                key[0] = key[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = key[i - 1] ^ (key[i - 1] >> 30);
            key[i] = (key[i] ^ prev.wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                key[0] = key[N - 1];
                i = 1;
            }
        }
        key[0] = 0x8000_0000;
        mt.pos = N;
        mt
    }

    fn next_u32(&mut self) -> u32 {
        if self.pos >= N {
            self.twist();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// The next 624 words of state. Written as three loops without index wraparound (the reference
    /// algorithm's `(i + 1) % N` and `(i + M) % N` cost a division per word).
    #[cold]
    fn twist(&mut self) {
        let key = &mut self.key;
        let mix = |upper: u32, lower: u32, far: u32| {
            let y = (upper & 0x8000_0000) | (lower & 0x7fff_ffff);
            far ^ (y >> 1) ^ (if y & 1 == 1 { 0x9908_b0df } else { 0 })
        };
        for i in 0..N - M {
            key[i] = mix(key[i], key[i + 1], key[i + M]);
        }
        for i in N - M..N - 1 {
            key[i] = mix(key[i], key[i + 1], key[i + M - N]);
        }
        key[N - 1] = mix(key[N - 1], key[0], key[M - 1]);
        self.pos = 0;
    }

    /// A double in [0, 1) from 53 random bits (NumPy's and CPython's formula).
    fn next_double(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67108864.0 + f64::from(b)) / 9007199254740992.0
    }

    /// A standard normal by NumPy's legacy polar method.
    fn next_gauss(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// An integer in [0, max] by masked rejection, as NumPy's legacy bounded integers do.
    fn next_bounded(&mut self, max: u64) -> u64 {
        if max == 0 {
            return 0;
        }
        let mask = u64::MAX >> max.leading_zeros();
        loop {
            let v = if max <= u64::from(u32::MAX) {
                u64::from(self.next_u32()) & mask
            } else {
                ((u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())) & mask
            };
            if v <= max {
                return v;
            }
        }
    }
}

fn entropy_seed() -> u32 {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let here = &t as *const u128 as usize as u128;
    ((t ^ (here << 17)) as u32) ^ ((t >> 32) as u32)
}

thread_local! {
    static NUMPY: RefCell<Mt19937> = RefCell::new(Mt19937::seeded(entropy_seed()));
    static PYTHON: RefCell<Mt19937> = RefCell::new(Mt19937::seeded(entropy_seed().rotate_left(7)));
}

pub extern "C" fn ferrumba_np_random_seed(seed: i64) {
    NUMPY.with(|g| *g.borrow_mut() = Mt19937::seeded(seed as u32));
}
pub extern "C" fn ferrumba_np_random() -> f64 {
    NUMPY.with(|g| g.borrow_mut().next_double())
}
pub extern "C" fn ferrumba_np_standard_normal() -> f64 {
    NUMPY.with(|g| g.borrow_mut().next_gauss())
}
/// An integer in [low, high) (high > low is checked by the caller).
pub extern "C" fn ferrumba_np_randint(low: i64, high: i64) -> i64 {
    let span = high.wrapping_sub(low).wrapping_sub(1) as u64;
    NUMPY.with(|g| low.wrapping_add(g.borrow_mut().next_bounded(span) as i64))
}

/// `random.seed(n)`: CPython seeds with the absolute value's 32-bit words.
pub extern "C" fn ferrumba_py_random_seed(seed: i64) {
    let mut n = seed.unsigned_abs();
    let mut words = Vec::new();
    while n > 0 {
        words.push(n as u32);
        n >>= 32;
    }
    PYTHON.with(|g| *g.borrow_mut() = Mt19937::by_array(&words));
}
pub extern "C" fn ferrumba_py_random() -> f64 {
    PYTHON.with(|g| g.borrow_mut().next_double())
}
/// `random.randint(a, b)`: an integer in [a, b].
pub extern "C" fn ferrumba_py_randint(a: i64, b: i64) -> i64 {
    let span = b.wrapping_sub(a) as u64;
    PYTHON.with(|g| {
        let mut g = g.borrow_mut();
        // CPython's randbelow: rejection on k = bit_length(n) bits.
        let n = span.wrapping_add(1);
        if n == 0 {
            return a.wrapping_add(g.next_bounded(u64::MAX) as i64);
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = if k <= 32 {
                u64::from(g.next_u32() >> (32 - k))
            } else {
                let lo = u64::from(g.next_u32());
                let hi = u64::from(g.next_u32() >> (64 - k));
                lo | (hi << 32)
            };
            if r < n {
                return a.wrapping_add(r as i64);
            }
        }
    })
}

pub fn symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("ferrumba_np_random_seed", ferrumba_np_random_seed as *const u8),
        ("ferrumba_np_random", ferrumba_np_random as *const u8),
        ("ferrumba_np_standard_normal", ferrumba_np_standard_normal as *const u8),
        ("ferrumba_np_randint", ferrumba_np_randint as *const u8),
        ("ferrumba_py_random_seed", ferrumba_py_random_seed as *const u8),
        ("ferrumba_py_random", ferrumba_py_random as *const u8),
        ("ferrumba_py_randint", ferrumba_py_randint as *const u8),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_legacy_sequences() {
        // np.random.seed(42); [np.random.random() for _ in range(2)], np.random.normal()
        ferrumba_np_random_seed(42);
        assert_eq!(ferrumba_np_random(), 0.3745401188473625);
        assert_eq!(ferrumba_np_random(), 0.9507143064099162);
    }

    #[test]
    fn cpython_sequences() {
        // random.seed(42); random.random()
        ferrumba_py_random_seed(42);
        assert_eq!(ferrumba_py_random(), 0.6394267984578837);
    }
}
