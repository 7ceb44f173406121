//! Giving freed memory back to the system. The program allocates through
//! jemalloc (see `src/main.rs`); the C libraries (aws-lc, SQLite, zstd)
//! through glibc's malloc.
//!
//! jemalloc keeps freed pages for reuse a short while (`dirty_decay_ms`,
//! set in `src/main.rs`) before returning them. While probing, that reuse
//! is worth having: thousands of connections allocate and free the same
//! buffers, and returning each page at once cost 0.9 s of system time on
//! 30,000 endpoints. Once probing is over, the summary and the reports
//! allocate a lot in a short burst; kept pages then only add to the peak
//! (10,000 HTTPS endpoints: 55-58 MiB instead of 49). So when probing
//! ends, [`return_freed_pages_from_now_on`] gives everything free back
//! and makes jemalloc return pages as soon as they are free.

#![allow(
    unsafe_code,
    reason = "calls into the allocators' C controls; each call says why it is sound"
)]

/// Returns every free page now, and from now on as soon as it is freed.
pub fn return_freed_pages_from_now_on() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only gives free pages back to the kernel; it
    // touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
    #[cfg(not(target_env = "msvc"))]
    jemalloc::return_freed_pages_from_now_on();
}

#[cfg(not(target_env = "msvc"))]
mod jemalloc {
    use std::ffi::{CStr, CString, c_void};
    use std::ptr::null_mut;

    use tikv_jemalloc_sys::mallctl;

    /// jemalloc's name for "every arena" in `arena.<i>.*` controls.
    const ALL_ARENAS: u32 = 4096;

    pub fn return_freed_pages_from_now_on() {
        let arenas = read::<u32>(c"arenas.narenas").unwrap_or(0);
        for arena in 0..arenas {
            // An arena not in use refuses (EFAULT), which is fine.
            let _ = write(&control(&format!("arena.{arena}.dirty_decay_ms")), 0isize);
        }
        let purge = control(&format!("arena.{ALL_ARENAS}.purge"));
        // SAFETY: the purge control takes no arguments (null pointers,
        // zero length) and only returns free pages to the kernel.
        unsafe {
            mallctl(purge.as_ptr(), null_mut(), null_mut(), null_mut(), 0);
        }
    }

    /// A control's name as C wants it (the names made here have no NUL).
    fn control(name: &str) -> CString {
        CString::new(name).unwrap_or_default()
    }

    /// The value of a control whose C type is `T` (`unsigned` is `u32`,
    /// `ssize_t` is `isize`).
    pub(super) fn read<T: Default>(name: &CStr) -> Option<T> {
        let mut value = T::default();
        let mut length = size_of::<T>();
        // SAFETY: jemalloc writes at most `length` bytes, the size of
        // `value`, and refuses a control of another size (EINVAL).
        let status = unsafe {
            mallctl(
                name.as_ptr(),
                (&raw mut value).cast::<c_void>(),
                &raw mut length,
                null_mut(),
                0,
            )
        };
        (status == 0).then_some(value)
    }

    /// Sets a control whose C type is `T`; whether jemalloc took it.
    fn write<T>(name: &CStr, mut value: T) -> bool {
        // SAFETY: jemalloc reads `size_of::<T>()` bytes from `value` and
        // refuses a control of another size (EINVAL); nothing is read back.
        let status = unsafe {
            mallctl(
                name.as_ptr(),
                null_mut(),
                null_mut(),
                (&raw mut value).cast::<c_void>(),
                size_of::<T>(),
            )
        };
        status == 0
    }
}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use super::jemalloc::read;

    #[test]
    fn after_probing_freed_pages_go_back_at_once() {
        // This test binary does not set jemalloc's options: ten seconds.
        let decay_ms = || read::<isize>(c"arena.0.dirty_decay_ms").expect("jemalloc answers");
        assert!(decay_ms() > 0);
        super::return_freed_pages_from_now_on();
        assert_eq!(decay_ms(), 0);
    }
}
