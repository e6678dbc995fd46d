//! Panics, which only a bug of tasklens can cause, end neither the language server nor a
//! command with a backtrace: the panic hook records the message (and logs it), and the
//! command that hit it reports one sentence and exits with 2, as for unreadable input.

use std::cell::RefCell;
use std::panic::AssertUnwindSafe;
use std::path::Path;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook (which prints a backtrace on stderr) with one that keeps
/// the message, with its location, for [`run`] and logs it.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        tracing::error!("{message}");
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
    }));
}

/// Runs `work`; a panic inside becomes the sentence of the error, naming `what`.
pub fn run<T>(what: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let message = LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an unknown panic".to_string());
        format!("tasklens failed on {what}; this is a bug of tasklens, please report it ({message})")
    })
}

/// [`run`] for the analysis of one file.
pub fn analysis<T>(path: &Path, work: impl FnOnce() -> T) -> Result<T, String> {
    run(&path.display().to_string(), work)
}
