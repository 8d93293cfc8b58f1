//! Memory owned by compiled code: reference-counted blocks (`MemInfo`) behind every array that compiled
//! code allocates. Arrays borrowed from Python carry the Python object instead, tagged with the low bit,
//! and are never counted here (the caller keeps them alive for the duration of the call).

use std::alloc::{alloc, alloc_zeroed, dealloc, Layout};
use std::sync::atomic::{AtomicIsize, AtomicU64, Ordering};

/// Data is aligned for SIMD loads.
const DATA_ALIGN: usize = 64;

/// The header of a block: its count, then the data at `DATA_ALIGN`.
#[repr(C)]
pub struct MemInfo {
    refcount: AtomicIsize,
    size: usize,
    data: *mut u8,
}

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static FREES: AtomicU64 = AtomicU64::new(0);

fn block_layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(DATA_ALIGN.checked_add(size)?, DATA_ALIGN).ok()
}

/// Whether an owner word is a MemInfo (not null, not a tagged Python object).
fn is_meminfo(owner: usize) -> bool {
    owner != 0 && owner & 1 == 0
}

/// Allocates `size` zeroed bytes with a count of one; null if the size is impossible or memory ran out.
pub extern "C" fn ferrumba_nrt_alloc(size: usize) -> *mut MemInfo {
    allocate(size, true)
}

/// Like [`ferrumba_nrt_alloc`] without zeroing the data (`np.empty`).
pub extern "C" fn ferrumba_nrt_alloc_uninit(size: usize) -> *mut MemInfo {
    allocate(size, false)
}

fn allocate(size: usize, zeroed: bool) -> *mut MemInfo {
    let Some(layout) = block_layout(size) else { return std::ptr::null_mut() };
    // SAFETY: the layout has a nonzero size (at least DATA_ALIGN bytes).
    let block = unsafe {
        if zeroed {
            alloc_zeroed(layout)
        } else {
            alloc(layout)
        }
    };
    if block.is_null() {
        return std::ptr::null_mut();
    }
    let info = block as *mut MemInfo;
    // SAFETY: the block is at least DATA_ALIGN (64) bytes, enough for the header, and aligned for it.
    unsafe {
        info.write(MemInfo { refcount: AtomicIsize::new(1), size, data: block.add(DATA_ALIGN) });
    }
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    info
}

/// The data of a block.
///
/// # Safety
/// `info` must come from [`ferrumba_nrt_alloc`] and still be alive.
pub unsafe extern "C" fn ferrumba_nrt_data(info: *mut MemInfo) -> *mut u8 {
    // SAFETY: guaranteed by the caller.
    unsafe { (*info).data }
}

/// Adds a reference (no-op for borrowed Python arrays and null).
///
/// # Safety
/// A MemInfo owner must be alive.
pub unsafe extern "C" fn ferrumba_nrt_incref(owner: usize) {
    if is_meminfo(owner) {
        // SAFETY: a live MemInfo, by the caller's guarantee.
        unsafe { (*(owner as *const MemInfo)).refcount.fetch_add(1, Ordering::Relaxed) };
    }
}

/// Drops a reference, freeing the block with the last one (no-op for borrowed Python arrays and null).
///
/// # Safety
/// A MemInfo owner must be alive, and the caller must own the reference it drops.
pub unsafe extern "C" fn ferrumba_nrt_decref(owner: usize) {
    if !is_meminfo(owner) {
        return;
    }
    let info = owner as *mut MemInfo;
    // SAFETY: a live MemInfo, by the caller's guarantee.
    if unsafe { (*info).refcount.fetch_sub(1, Ordering::Release) } != 1 {
        return;
    }
    std::sync::atomic::fence(Ordering::Acquire);
    // SAFETY: the last reference: nobody else can reach the block; the layout is the one it was
    // allocated with.
    unsafe {
        let size = (*info).size;
        let layout = block_layout(size).expect("layout was valid at allocation");
        dealloc(info as *mut u8, layout);
    }
    FREES.fetch_add(1, Ordering::Relaxed);
}

/// Writes `nitems` copies of an element of `itemsize` bytes (up to 16: `lo` then `hi`) to `data`.
///
/// # Safety
/// `data` must point to `nitems * itemsize` writable bytes.
pub unsafe extern "C" fn ferrumba_fill(data: *mut u8, nitems: usize, itemsize: usize, lo: u64, hi: u64) {
    let mut pattern = [0u8; 16];
    pattern[..8].copy_from_slice(&lo.to_le_bytes());
    pattern[8..].copy_from_slice(&hi.to_le_bytes());
    let itemsize = itemsize.min(16);
    for i in 0..nitems {
        // SAFETY: within the `nitems * itemsize` bytes the caller guarantees.
        unsafe { std::ptr::copy_nonoverlapping(pattern.as_ptr(), data.add(i * itemsize), itemsize) };
    }
}

/// (allocations, frees) since the process started: a test of leaks compares them.
pub fn nrt_stats() -> (u64, u64) {
    (ALLOCATIONS.load(Ordering::Relaxed), FREES.load(Ordering::Relaxed))
}

pub fn symbols() -> Vec<(&'static str, *const u8)> {
    vec![
        ("ferrumba_nrt_alloc", ferrumba_nrt_alloc as *const u8),
        ("ferrumba_nrt_alloc_uninit", ferrumba_nrt_alloc_uninit as *const u8),
        ("ferrumba_nrt_data", ferrumba_nrt_data as *const u8),
        ("ferrumba_nrt_incref", ferrumba_nrt_incref as *const u8),
        ("ferrumba_nrt_decref", ferrumba_nrt_decref as *const u8),
        ("ferrumba_fill", ferrumba_fill as *const u8),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alloc_count_free() {
        let (a0, f0) = nrt_stats();
        let info = ferrumba_nrt_alloc(24);
        assert!(!info.is_null());
        // SAFETY: `info` is alive until the last decref below.
        unsafe {
            let data = ferrumba_nrt_data(info);
            assert_eq!(data as usize % DATA_ALIGN, 0);
            assert_eq!(*data.add(23), 0);
            ferrumba_nrt_incref(info as usize);
            ferrumba_nrt_decref(info as usize);
            ferrumba_nrt_decref(info as usize);
            // Tagged and null owners are ignored.
            ferrumba_nrt_incref(0x1001);
            ferrumba_nrt_decref(0);
        }
        let (a1, f1) = nrt_stats();
        assert!(a1 > a0 && f1 > f0);
    }
}
