//! The stack limit compiled code checks before calling deeper: the lowest address of the current
//! thread's stack plus a safety margin, so runaway recursion raises RecursionError instead of crashing.

use std::cell::Cell;

/// Room kept free below the limit for the frames between a check and the next one.
const MARGIN: usize = 256 * 1024;

/// Used where the thread's stack bounds cannot be asked for: this far below the first caller's frame.
const FALLBACK_DEPTH: usize = 512 * 1024;

thread_local! {
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// The stack limit of the calling thread (computed once per thread).
pub fn stack_limit() -> usize {
    LIMIT.with(|limit| {
        if limit.get() == 0 {
            limit.set(compute_limit());
        }
        limit.get()
    })
}

/// The address of a local of the calling frame (a real stack slot, not a promoted constant).
#[inline(never)]
fn current_frame() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

fn compute_limit() -> usize {
    let here = current_frame();
    match os::stack_bounds() {
        // The main thread's reported bottom can lie below what can really be mapped (glibc takes the
        // rlimit from the stack's top), so also assume at most 7/8 of the size is left below this frame.
        Some((low, size)) if low + MARGIN < here => low.max(here.saturating_sub(size / 8 * 7)) + MARGIN,
        _ => here.saturating_sub(FALLBACK_DEPTH),
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod os {
    /// glibc's `pthread_attr_t` (56 or 64 bytes); oversized to be safe.
    #[repr(C, align(8))]
    struct PthreadAttr([u8; 128]);

    extern "C" {
        fn pthread_self() -> usize;
        fn pthread_getattr_np(thread: usize, attr: *mut PthreadAttr) -> i32;
        fn pthread_attr_getstack(attr: *const PthreadAttr, addr: *mut *mut u8, size: *mut usize) -> i32;
        fn pthread_attr_destroy(attr: *mut PthreadAttr) -> i32;
    }

    /// The lowest address of the current thread's stack, and its size.
    pub fn stack_bounds() -> Option<(usize, usize)> {
        let mut attr = PthreadAttr([0; 128]);
        let mut addr: *mut u8 = std::ptr::null_mut();
        let mut size = 0usize;
        // SAFETY: `attr` is a zeroed buffer larger than glibc's pthread_attr_t; it is initialized by
        // pthread_getattr_np before use and destroyed after.
        unsafe {
            if pthread_getattr_np(pthread_self(), &mut attr) != 0 {
                return None;
            }
            let ok = pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
            pthread_attr_destroy(&mut attr);
            ok.then_some((addr as usize, size))
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod os {
    pub fn stack_bounds() -> Option<(usize, usize)> {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn limit_is_below_the_current_frame() {
        let here = super::current_frame();
        let limit = super::stack_limit();
        assert!(limit > 0 && limit < here);
    }
}
