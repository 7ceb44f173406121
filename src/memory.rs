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
    use std::ffi::{CString, c_void};
    use std::ptr::null_mut;

    use tikv_jemalloc_sys::mallctl;

    /// jemalloc's name for "every arena" in `arena.<i>.*` controls.
    const ALL_ARENAS: u32 = 4096;

    pub fn return_freed_pages_from_now_on() {
        let mut arenas: u32 = 0;
        let mut length = size_of::<u32>();
        // SAFETY: "arenas.narenas" is read as an unsigned int into `arenas`,
        // whose size `length` gives.
        let read = unsafe {
            mallctl(
                c"arenas.narenas".as_ptr(),
                (&raw mut arenas).cast::<c_void>(),
                &raw mut length,
                null_mut(),
                0,
            )
        };
        if read == 0 {
            for arena in 0..arenas {
                let Ok(name) = CString::new(format!("arena.{arena}.dirty_decay_ms")) else {
                    continue;
                };
                let mut decay_ms: isize = 0;
                // SAFETY: the control takes a ssize_t, written from
                // `decay_ms`; nothing is read back. An arena that is not
                // in use refuses (EFAULT), which is fine.
                unsafe {
                    mallctl(
                        name.as_ptr(),
                        null_mut(),
                        null_mut(),
                        (&raw mut decay_ms).cast::<c_void>(),
                        size_of::<isize>(),
                    );
                }
            }
        }
        let purge = format!("arena.{ALL_ARENAS}.purge");
        if let Ok(purge) = CString::new(purge) {
            // SAFETY: the purge control takes no arguments (null pointers,
            // zero length) and only returns free pages to the kernel.
            unsafe {
                mallctl(purge.as_ptr(), null_mut(), null_mut(), null_mut(), 0);
            }
        }
    }
}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use std::ffi::c_void;
    use std::ptr::null_mut;

    use tikv_jemalloc_sys::mallctl;

    fn arena_zero_decay_ms() -> isize {
        let mut decay_ms: isize = -2;
        let mut length = size_of::<isize>();
        // SAFETY: reads a ssize_t into `decay_ms`, whose size `length` gives.
        let status = unsafe {
            mallctl(
                c"arena.0.dirty_decay_ms".as_ptr(),
                (&raw mut decay_ms).cast::<c_void>(),
                &raw mut length,
                null_mut(),
                0,
            )
        };
        assert_eq!(status, 0, "jemalloc refused to report the decay time");
        decay_ms
    }

    #[test]
    fn after_probing_freed_pages_go_back_at_once() {
        // This test binary does not set jemalloc's options: ten seconds.
        assert!(arena_zero_decay_ms() > 0);
        super::return_freed_pages_from_now_on();
        assert_eq!(arena_zero_decay_ms(), 0);
    }
}
