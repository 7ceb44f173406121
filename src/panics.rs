//! Panics of the parsers the tool cannot fix (serde_yaml 0.9 on some
//! malformed event streams, the CEL parser on some expressions), caught
//! where they are called so that a careless file is an error of its own,
//! without a panic message and backtrace on stderr beside the diagnostics.

thread_local! {
    /// Set while [`caught_quietly`] runs its closure on this thread.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `f`'s value, or `Err` when it panicked, without the panic's message
/// reaching stderr. The panic hook is wrapped once per process: it stays
/// silent on a thread inside this function and calls the hook it found
/// (the default one, or a fuzzer's that aborts) everywhere else.
pub fn caught_quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static WRAP_HOOK: std::sync::Once = std::sync::Once::new();
    WRAP_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    CATCHING.with(|catching| catching.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.with(|catching| catching.set(false));
    result
}
