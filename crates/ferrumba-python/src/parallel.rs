//! `target="parallel"` for `@vectorize` and `@guvectorize`: a NumPy inner loop that splits its outer
//! loop into chunks run on a private thread pool.
//!
//! The loop NumPy calls is [`parallel_loop`], a Rust trampoline whose `data` pointer is a leaked
//! [`ParallelLoop`] naming the compiled serial loop (the same Cranelift loop `target="cpu"` uses). When
//! the call has enough work (at least [`MIN_PARALLEL_WORK`] elements, counting a gufunc's core
//! dimensions) it splits `[0, dimensions[0])` into one chunk per thread (`get_num_threads()`) and calls
//! the serial loop on each chunk with offset argument pointers (`args[k] + start * steps[k]`); the calling
//! thread runs the first chunk, the pool's workers the others. Small calls, and calls whose iterations
//! depend on each other (NumPy's `reduce`/`accumulate` pass an output with stride 0 or overlapping an
//! input), run the serial loop inline.
//!
//! Kernel exceptions: the serial loops of a parallel ufunc report a failing kernel to [`chunk_failed`],
//! which records the status (a plain number naming the raise site) in the chunk's [`Failure`] instead of
//! touching Python; after every chunk finished, the calling thread raises the failure of the lowest
//! chunk through `ufunc::kernel_failed` (taking the GIL if NumPy released it). Workers never need the
//! GIL. Elements after the failing one in its chunk are not written; other chunks are.
//!
//! The pool is the runtime's (`ferrumba_runtime::pool`), shared with `prange` loops: `max(1, size - 1)`
//! worker threads (the caller is the other one), recreated in a forked child.

use std::cell::Cell;
use std::ffi::{c_char, c_void};
use std::sync::Mutex;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::ufunc::kernel_failed;

/// NumPy's `PyUFuncGenericFunction`.
pub(crate) type LoopFn = unsafe extern "C" fn(*mut *mut c_char, *mut isize, *mut isize, *mut c_void);

/// Calls with less work than this (elements, times the core size for gufuncs) run inline.
pub(crate) const MIN_PARALLEL_WORK: isize = 16384;
/// Smallest chunk worth a thread.
const MIN_CHUNK_WORK: isize = 8192;

/// What [`parallel_loop`] needs to know about one loop of a parallel ufunc (leaked: NumPy keeps the
/// `data` pointer for the ufunc's lifetime).
pub(crate) struct ParallelLoop {
    serial: LoopFn,
    nin: usize,
    nargs: usize,
    /// Entries of `dimensions`: 1 for a ufunc, 1 + the number of distinct core dimensions for a gufunc.
    ndims: usize,
    gufunc: bool,
}

/// A leaked [`ParallelLoop`] for the serial loop at `serial`, to pass as the loop's `data`.
pub(crate) fn leak_loop(serial: usize, nin: usize, nargs: usize, ndims: usize, gufunc: bool) -> *mut c_void {
    // SAFETY: `serial` is the address of a finalized loop with NumPy's inner-loop signature.
    let serial = unsafe { std::mem::transmute::<usize, LoopFn>(serial) };
    Box::into_raw(Box::new(ParallelLoop { serial, nin, nargs, ndims: ndims.max(1), gufunc })) as *mut c_void
}

/// The first (lowest chunk) kernel failure of one parallel call.
#[derive(Default)]
struct Failure(Mutex<Option<(usize, i32)>>);

thread_local! {
    /// The failure record and chunk index of the chunk this thread is running (null outside chunks).
    static CHUNK: Cell<(*const Failure, usize)> = const { Cell::new((std::ptr::null(), 0)) };
}

/// The `on_error` callback of the serial loops of parallel ufuncs: records the failure of the running
/// chunk, or (outside a chunk: the call ran inline) sets the Python exception at once.
pub(crate) extern "C" fn chunk_failed(status: i32) {
    let (failure, chunk) = CHUNK.with(|c| c.get());
    if failure.is_null() {
        kernel_failed(status);
        return;
    }
    // SAFETY: the pointer is set only while the chunk runs, and the `Failure` outlives every chunk.
    let failure = unsafe { &*failure };
    let mut first = failure.0.lock().unwrap_or_else(|e| e.into_inner());
    if first.is_none_or(|(c, _)| chunk < c) {
        *first = Some((chunk, status));
    }
}

fn threads() -> usize {
    ferrumba_runtime::num_threads()
}

fn pool() -> Option<std::sync::Arc<rayon::ThreadPool>> {
    ferrumba_runtime::pool()
}

/// Whether `[a, a + (n-1)*step]` (widened by the largest element size) and the same range of `b` meet.
fn overlaps(a: isize, sa: isize, b: isize, sb: isize, n: isize) -> bool {
    let range = |p: isize, s: isize| {
        let end = p.wrapping_add(s.wrapping_mul(n - 1));
        (p.min(end), p.max(end).wrapping_add(16))
    };
    let (a0, a1) = range(a, sa);
    let (b0, b1) = range(b, sb);
    a0 < b1 && b0 < a1
}

/// How many chunks to split this call into (1: run inline).
///
/// # Safety
/// `args`, `dims` and `steps` are the inner-loop arguments NumPy passed for `lp`.
unsafe fn plan(lp: &ParallelLoop, args: *mut *mut c_char, dims: *mut isize, steps: *mut isize) -> usize {
    // SAFETY: NumPy passes `nargs` pointers and steps and `ndims` dimensions (see the caller).
    let (n, args, dims, steps) = unsafe {
        (
            *dims,
            std::slice::from_raw_parts(args as *const isize, lp.nargs),
            std::slice::from_raw_parts(dims as *const isize, lp.ndims),
            std::slice::from_raw_parts(steps as *const isize, lp.nargs),
        )
    };
    let threads = threads();
    if threads <= 1 || n < 2 {
        return 1;
    }
    let core = dims[1..].iter().fold(1isize, |acc, &d| acc.saturating_mul(d.max(1)));
    let work = n.saturating_mul(core);
    if work < MIN_PARALLEL_WORK {
        return 1;
    }
    // Iterations must be independent: every output moves, and (for elementwise loops) meets no input
    // except as the same element (in-place operation).
    for o in lp.nin..lp.nargs {
        if steps[o] == 0 {
            return 1;
        }
        if !lp.gufunc {
            for i in 0..lp.nin {
                let same = args[i] == args[o] && steps[i] == steps[o];
                if !same && overlaps(args[i], steps[i], args[o], steps[o], n) {
                    return 1;
                }
            }
            for p in lp.nin..o {
                if overlaps(args[p], steps[p], args[o], steps[o], n) {
                    return 1;
                }
            }
        }
    }
    let by_work = (work / MIN_CHUNK_WORK).max(1) as usize;
    threads.min(n as usize).min(by_work)
}

/// The inner loop NumPy calls for a parallel ufunc or gufunc; `data` is a [`ParallelLoop`].
///
/// # Safety
/// NumPy's inner-loop contract, with `data` from [`leak_loop`].
pub(crate) unsafe extern "C" fn parallel_loop(
    args: *mut *mut c_char,
    dims: *mut isize,
    steps: *mut isize,
    data: *mut c_void,
) {
    // SAFETY: `data` is the leaked `ParallelLoop` registered with this loop.
    let lp = unsafe { &*(data as *const ParallelLoop) };
    // SAFETY: forwarded from NumPy.
    let chunks = unsafe { plan(lp, args, dims, steps) };
    let pool = if chunks > 1 { pool() } else { None };
    let Some(pool) = pool else {
        // SAFETY: the serial loop takes exactly NumPy's arguments.
        unsafe { (lp.serial)(args, dims, steps, std::ptr::null_mut()) };
        return;
    };
    // SAFETY: NumPy passes `nargs` argument pointers and `ndims` dimensions.
    let (base, dims0) = unsafe {
        (
            std::slice::from_raw_parts(args as *const usize, lp.nargs).to_vec(),
            std::slice::from_raw_parts(dims as *const isize, lp.ndims).to_vec(),
        )
    };
    // SAFETY: as above, `nargs` outer steps come first.
    let outer: Vec<isize> = unsafe { std::slice::from_raw_parts(steps as *const isize, lp.nargs).to_vec() };
    let steps_addr = steps as usize;
    let n = dims0[0];
    let failure = Failure::default();
    let run = |c: usize| {
        let start = n * c as isize / chunks as isize;
        let end = n * (c as isize + 1) / chunks as isize;
        let mut chunk_args: Vec<*mut c_char> =
            base.iter().zip(&outer).map(|(&p, &s)| (p as isize).wrapping_add(start * s) as *mut c_char).collect();
        let mut chunk_dims = dims0.clone();
        chunk_dims[0] = end - start;
        CHUNK.with(|cell| cell.set((&failure as *const Failure, c)));
        // SAFETY: the chunk's pointers address elements `start..end` of NumPy's operands, with NumPy's own
        // steps (and core dimensions); chunks write disjoint elements (checked by `plan`).
        unsafe {
            (lp.serial)(
                chunk_args.as_mut_ptr(),
                chunk_dims.as_mut_ptr(),
                steps_addr as *mut isize,
                std::ptr::null_mut(),
            )
        };
        CHUNK.with(|cell| cell.set((std::ptr::null(), 0)));
    };
    let run = &run;
    pool.in_place_scope(|s| {
        for c in 1..chunks {
            s.spawn(move |_| run(c));
        }
        run(0);
    });
    let first = failure.0.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some((_, status)) = first {
        kernel_failed(status);
    }
}

/// The number of threads parallel ufuncs use (the number of CPUs unless set).
#[pyfunction]
pub fn get_num_threads() -> usize {
    threads()
}

/// Sets the number of threads parallel ufuncs use (chunks per call; at least 1).
#[pyfunction]
pub fn set_num_threads(n: usize) -> PyResult<()> {
    if n < 1 {
        return Err(PyValueError::new_err("The number of threads must be at least 1"));
    }
    ferrumba_runtime::set_num_threads(n);
    Ok(())
}
