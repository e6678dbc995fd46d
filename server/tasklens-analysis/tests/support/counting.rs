//! Counts the bytes a program holds, Rust's allocations and tree-sitter's alike, for the
//! memory budgets of the adversarial documents. Install [`Counting`] as the global allocator
//! and call [`route_tree_sitter`] before anything parses.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting.
pub struct Counting;

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Starts a measurement: the peak so far is forgotten.
pub fn start() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// The most bytes held since [`start`] returned `baseline`, above it.
pub fn peak_since(baseline: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(baseline)
}

/// tree-sitter allocates with C's allocator; its allocations go through the Rust allocator
/// (and are counted) once this has run, which must be before anything parses.
pub fn route_tree_sitter() {
    // SAFETY: called before any tree-sitter object exists, so nothing allocated by C's
    // allocator is ever freed by these functions.
    unsafe {
        tree_sitter::set_allocator(Some(ts_malloc), Some(ts_calloc), Some(ts_realloc), Some(ts_free));
    }
}

/// Every C allocation carries its size in a header of this many bytes (the alignment).
const HEADER: usize = 16;

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size + HEADER, HEADER).expect("a layout")
}

unsafe fn allocate(size: usize, zeroed: bool) -> *mut c_void {
    let layout = layout(size);
    let base = unsafe {
        if zeroed {
            std::alloc::alloc_zeroed(layout)
        } else {
            std::alloc::alloc(layout)
        }
    };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    unsafe {
        (base as *mut usize).write(size);
        base.add(HEADER) as *mut c_void
    }
}

unsafe extern "C" fn ts_malloc(size: usize) -> *mut c_void {
    unsafe { allocate(size, false) }
}

unsafe extern "C" fn ts_calloc(count: usize, size: usize) -> *mut c_void {
    unsafe { allocate(count.saturating_mul(size), true) }
}

unsafe extern "C" fn ts_realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
    if ptr.is_null() {
        return unsafe { allocate(size, false) };
    }
    unsafe {
        let base = (ptr as *mut u8).sub(HEADER);
        let old = (base as *const usize).read();
        let moved = std::alloc::realloc(base, layout(old), size + HEADER);
        if moved.is_null() {
            return std::ptr::null_mut();
        }
        (moved as *mut usize).write(size);
        moved.add(HEADER) as *mut c_void
    }
}

unsafe extern "C" fn ts_free(ptr: *mut c_void) {
    if ptr.is_null() {
        return;
    }
    unsafe {
        let base = (ptr as *mut u8).sub(HEADER);
        let size = (base as *const usize).read();
        std::alloc::dealloc(base, layout(size));
    }
}
