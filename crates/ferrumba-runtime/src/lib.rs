//! The runtime: plain `extern "C"` functions that compiled code calls, and the tables it reports through.
//!
//! No PyO3 here. Code generation refers to these functions by symbol name (see [`symbols`]); the Python
//! layer reads [`raise_site`] to turn a failed call's status code into the right Python exception.
//!
//! Modules:
//! - `raise`: exception raise sites; a compiled function returns a site's code to raise it.
//! - `math`: real math helpers (libm wrappers, Python-semantics floor division and modulo, integer power).
//! - `cmath`: complex math helpers (results through an out-pointer).
//! - `nrt`: reference-counted memory for arrays allocated by compiled code.
//! - `print`: `print(...)` from compiled code, formatted as Python does.
//! - `random`: per-thread MT19937 generators for `np.random` and `random`.
//! - `pool`: the shared thread pool, `set_num_threads`, and the runner of `prange` loops.
//! - `stack`: the per-thread stack limit that turns runaway recursion into RecursionError.

mod cmath;
mod math;
mod nrt;
mod pool;
mod print;
mod raise;
mod random;
mod stack;

pub use nrt::{ferrumba_nrt_decref, nrt_stats, MemInfo};
pub use pool::{num_threads, pool, set_num_threads, CHUNKS_PER_THREAD};
pub use raise::{raise_site, register_raise_site, RaiseArg, RaiseSite};
pub use stack::stack_limit;

/// Every runtime function that generated code may call: (symbol name, address).
pub fn symbols() -> Vec<(&'static str, *const u8)> {
    let mut all = math::symbols();
    all.extend(cmath::symbols());
    all.extend(nrt::symbols());
    all.extend(print::symbols());
    all.extend(random::symbols());
    all.extend(pool::symbols());
    all
}
