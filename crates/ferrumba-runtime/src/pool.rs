//! The thread pool shared by everything parallel: `prange` loops of `@njit(parallel=True)` functions
//! ([`ferrumba_parallel_for`]) and `target="parallel"` ufuncs (the Python crate's `parallel` module).
//!
//! The pool has `max(1, size - 1)` rayon worker threads (size: [`pool_size`]) (the calling thread is the other one); it is
//! created on first use and recreated in a forked child (the parent's pool has no threads there; it is
//! leaked, never touched). `set_num_threads(n)` decides how many threads one parallel call uses.
//!
//! A parallel loop: the trip count of `range(start, stop, step)` is cut into chunks (about
//! [`CHUNKS_PER_THREAD`] per thread, handed out dynamically through an atomic counter, so uneven
//! iterations balance). `threads - 1` pool jobs and the calling thread each take chunks until none is
//! left; each runs the compiled loop body on its chunk through the body's entry wrapper. A chunk's
//! partial reductions land in its own slots; once every chunk finished, the calling thread folds them
//! in chunk order with the compiled combine function, so the result is the same for a given number of
//! chunks whatever thread ran what. A failing chunk (nonzero status: a raise site) is reported as the
//! status of the lowest failing chunk; partial results are released. Workers never touch Python.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::nrt::{ferrumba_nrt_decref, ferrumba_nrt_incref};
use crate::raise::{register_raise_site, RaiseSite};

/// Chunks per thread of a parallel loop (more chunks than threads balance uneven iterations).
pub const CHUNKS_PER_THREAD: usize = 8;

/// Threads a parallel call uses (`0`: not set, [`pool_size`]).
static THREADS: AtomicUsize = AtomicUsize::new(0);
/// The pool, with the id of the process that created it.
static POOL: Mutex<Option<(u32, Arc<ThreadPool>)>> = Mutex::new(None);

thread_local! {
    /// The index of the calling thread in the parallel loop it is running (0 outside loops).
    static THREAD_ID: Cell<i64> = const { Cell::new(0) };
}

/// The pool's size counting the calling thread: `FERRUMBA_NUM_THREADS`, else `NUMBA_NUM_THREADS`, else
/// the number of CPUs (the rule of `ferrumba.config.NUMBA_NUM_THREADS`, which also validates the values).
pub fn pool_size() -> usize {
    static SIZE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SIZE.get_or_init(|| {
        ["FERRUMBA_NUM_THREADS", "NUMBA_NUM_THREADS"]
            .iter()
            .find_map(|name| std::env::var(name).ok()?.trim().parse::<usize>().ok().filter(|&n| n >= 1))
            .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
    })
}

/// How many threads a parallel call uses ([`pool_size`] unless set).
pub fn num_threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => pool_size(),
        n => n,
    }
}

/// Sets how many threads a parallel call uses (at least 1).
pub fn set_num_threads(n: usize) {
    THREADS.store(n.max(1), Ordering::Relaxed);
}

/// The pool of this process (created on first use, and anew after `fork()`); `None` if no thread
/// could be started.
pub fn pool() -> Option<Arc<ThreadPool>> {
    let mut slot = POOL.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    match slot.as_ref() {
        Some((owner, pool)) if *owner == pid => return Some(pool.clone()),
        // A forked child: the parent's worker threads do not exist here; never touch (or drop) that pool.
        Some(_) => std::mem::forget(slot.take()),
        None => {}
    }
    let pool = ThreadPoolBuilder::new()
        .num_threads(pool_size().saturating_sub(1).max(1))
        .thread_name(|i| format!("ferrumba-worker-{i}"))
        .build()
        .ok()?;
    let pool = Arc::new(pool);
    *slot = Some((pid, pool.clone()));
    Some(pool)
}

/// `numba.get_thread_id()` in compiled code.
extern "C" fn ferrumba_get_thread_id() -> i64 {
    THREAD_ID.with(|id| id.get())
}

/// `numba.get_num_threads()` in compiled code.
extern "C" fn ferrumba_get_num_threads() -> i64 {
    num_threads() as i64
}

/// A compiled entry wrapper: `fn(args, ret, stack_limit) -> status`.
type Entry = unsafe extern "C" fn(*const u64, *mut u64, usize) -> i32;

/// The number of iterations of `range(start, stop, step)` (`step != 0`).
fn trip_count(start: i64, stop: i64, step: i64) -> u64 {
    let (lo, hi, step) = if step > 0 { (start, stop, step) } else { (stop, start, step.wrapping_neg()) };
    if lo >= hi {
        return 0;
    }
    let span = (hi as i128 - lo as i128) as u128;
    span.div_ceil(step as u64 as u128) as u64
}

/// Drops the references held by the leaves of `slots` that `owners` marks (bit `i`: leaf `i` owns an
/// array).
///
/// # Safety
/// The marked leaves are owners the caller holds a reference to.
unsafe fn release(slots: &[u64], owners: u64) {
    for (i, &leaf) in slots.iter().enumerate().take(64) {
        if owners >> i & 1 == 1 {
            // SAFETY: guaranteed by the caller.
            unsafe { ferrumba_nrt_decref(leaf as usize) };
        }
    }
}

/// The status raised for `prange(..., 0)`.
fn zero_step_status() -> i32 {
    static CODE: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *CODE.get_or_init(|| register_raise_site(RaiseSite::builtin("ValueError", "range() arg 3 must not be zero")))
}

/// Runs a `prange` loop. `args` holds the body's argument leaves, 8 bytes each: slots 0 and 1 (the
/// chunk bounds) are filled here, slot 2 is the step, then the captured values and the reductions'
/// initial values. `acc` holds the `acc_leaves` leaves of the running result, initially the initial
/// values (converted to the result types; borrowed); on success it holds the result (owned). A chunk
/// returns `part_leaves` leaves. `acc_owners`/`part_owners` mark the leaves that own arrays.
///
/// # Safety
/// `body` and `combine` are compiled entry wrappers for these layouts; `args` has `n_args` slots and
/// `acc` `acc_leaves` slots (at most 64 each for the owner masks).
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn ferrumba_parallel_for(
    body: Entry,
    combine: Entry,
    args: *const u64,
    n_args: usize,
    acc: *mut u64,
    acc_leaves: usize,
    part_leaves: usize,
    acc_owners: u64,
    part_owners: u64,
    stack_limit: usize,
) -> i32 {
    // SAFETY: guaranteed by the caller.
    let (args, acc) =
        unsafe { (std::slice::from_raw_parts(args, n_args), std::slice::from_raw_parts_mut(acc, acc_leaves)) };
    let (start, stop, step) = (args[0] as i64, args[1] as i64, args[2] as i64);
    if step == 0 {
        return zero_step_status();
    }
    let n = trip_count(start, stop, step);
    let threads = num_threads();
    let chunks = if threads <= 1 || n < 2 { n.min(1) } else { n.min((threads * CHUNKS_PER_THREAD) as u64) } as usize;
    if chunks == 0 {
        // No iteration: the result is the initial values, now owned by the caller.
        for (i, &leaf) in acc.iter().enumerate().take(64) {
            if acc_owners >> i & 1 == 1 {
                // SAFETY: a live owner borrowed by the caller.
                unsafe { ferrumba_nrt_incref(leaf as usize) };
            }
        }
        return 0;
    }
    let mut parts = vec![0u64; chunks * part_leaves.max(1)];
    let statuses: Vec<std::sync::atomic::AtomicI32> = (0..chunks).map(|_| Default::default()).collect();
    let next = AtomicUsize::new(0);
    let parts_addr = parts.as_mut_ptr() as usize;
    let run = |worker: i64, limit: usize| {
        let previous = THREAD_ID.with(|id| id.replace(worker));
        let mut my_args = args.to_vec();
        loop {
            let c = next.fetch_add(1, Ordering::Relaxed);
            if c >= chunks {
                break;
            }
            let lo = n as u128 * c as u128 / chunks as u128;
            let hi = n as u128 * (c as u128 + 1) / chunks as u128;
            my_args[0] = (start as i128 + lo as i128 * step as i128) as i64 as u64;
            // The last chunk ends at the loop's own stop (`start + n * step` may not fit in an i64).
            my_args[1] =
                if c + 1 == chunks { stop as u64 } else { (start as i128 + hi as i128 * step as i128) as i64 as u64 };
            let ret = (parts_addr as *mut u64).wrapping_add(c * part_leaves.max(1));
            // SAFETY: the body's entry for this argument layout; chunk `c` owns its result slots.
            let status = unsafe { body(my_args.as_ptr(), ret, limit) };
            statuses[c].store(status, Ordering::Relaxed);
        }
        THREAD_ID.with(|id| id.set(previous));
    };
    let helpers = threads.min(chunks) - 1;
    match pool().filter(|_| helpers > 0) {
        Some(pool) => {
            let run = &run;
            pool.in_place_scope(|s| {
                for w in 1..=helpers {
                    s.spawn(move |_| run(w as i64, crate::stack::stack_limit()));
                }
                run(0, stack_limit);
            });
        }
        None => run(0, stack_limit),
    }
    let statuses: Vec<i32> = statuses.into_iter().map(|s| s.into_inner()).collect();
    let part = |c: usize| &parts[c * part_leaves.max(1)..c * part_leaves.max(1) + part_leaves];
    if let Some(failed) = statuses.iter().position(|&s| s != 0) {
        for (c, &s) in statuses.iter().enumerate() {
            if s == 0 {
                // SAFETY: a successful chunk's result is owned here.
                unsafe { release(part(c), part_owners) };
            }
        }
        return statuses[failed];
    }
    if acc_leaves == 0 {
        return 0;
    }
    // Fold in chunk order: acc = combine(acc..., part...) (arguments borrowed, result owned).
    let mut combine_args = vec![0u64; acc_leaves + part_leaves];
    let mut current = acc.to_vec();
    let mut next_acc = vec![0u64; acc_leaves];
    let mut status = 0;
    for c in 0..chunks {
        if status == 0 {
            combine_args[..acc_leaves].copy_from_slice(&current);
            combine_args[acc_leaves..].copy_from_slice(part(c));
            // SAFETY: the combine entry for this layout.
            status = unsafe { combine(combine_args.as_ptr(), next_acc.as_mut_ptr(), stack_limit) };
            if status == 0 {
                if c > 0 {
                    // SAFETY: the previous combined value is owned here.
                    unsafe { release(&current, acc_owners) };
                }
                current.copy_from_slice(&next_acc);
            } else if c > 0 {
                // SAFETY: as above.
                unsafe { release(&current, acc_owners) };
            }
        }
        // SAFETY: each chunk's result is owned here.
        unsafe { release(part(c), part_owners) };
    }
    if status == 0 {
        acc.copy_from_slice(&current);
    }
    status
}

pub fn symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("ferrumba_parallel_for", ferrumba_parallel_for as *const u8),
        ("ferrumba_get_thread_id", ferrumba_get_thread_id as *const u8),
        ("ferrumba_get_num_threads", ferrumba_get_num_threads as *const u8),
    ]
}

#[cfg(test)]
mod tests {
    use super::trip_count;

    #[test]
    fn trip_counts_match_python_range() {
        for (start, stop, step) in [(0, 10, 1), (0, 10, 3), (10, 0, -1), (10, 0, -3), (5, 5, 1), (5, 0, 1), (0, 5, -1)]
        {
            let expected = if step > 0 {
                (start..stop).step_by(step as usize).count()
            } else {
                (stop + 1..=start).rev().step_by((-step) as usize).count()
            };
            assert_eq!(trip_count(start, stop, step), expected as u64, "range({start}, {stop}, {step})");
        }
        assert_eq!(trip_count(i64::MIN, i64::MAX, 1), u64::MAX);
    }
}
