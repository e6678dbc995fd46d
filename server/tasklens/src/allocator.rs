//! mimalloc's settings for a long-running server: memory is committed when it is used and
//! given back to the system a tenth of a second after it is freed.
//!
//! By default mimalloc 3 commits each arena it reserves at once (on Linux, which overcommits)
//! and purges freed pages a second after they were freed, and only when the thread that
//! freed them allocates again. A server whose documents are analysed on a pool of threads
//! then keeps the peak of every thread it ever used: in the open benchmark, ten openings of a
//! 10,000-task document peaked at 245 MB where the heap never held more than 114 MB, and a
//! 100-task document's server at 62 MB. With these settings (measured 2026-12-02, the open
//! and estimate benchmarks, two rounds) those are 167–191 and 17 MB, and the template copy's
//! 175–196 MB are 70–73. A purge delay of 0 or 10 ms gives 141–147 MB at 10,000 tasks but made
//! a keystroke on the template copy 33–38 ms instead of 20–26: memory freed by one analysis
//! was given back and committed again by the next. Each setting can still be given in its
//! environment variable, which wins.

use std::ffi::c_long;

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_arena_eager_commit` in mimalloc 3's `mi_option_e`, which libmimalloc-sys does
/// not name (the test below checks the number against the linked library). It is set to 0
/// when mimalloc is compiled (`MI_DEFAULT_ARENA_EAGER_COMMIT` in `.cargo/config.toml`): the
/// first arena is reserved before `main` runs, so setting it here would come too late.
#[cfg(test)]
const ARENA_EAGER_COMMIT: mi_option_t = 4;

/// `mi_option_purge_delay`, in milliseconds, likewise.
const PURGE_DELAY: mi_option_t = 15;

/// Each option set, the environment variable that overrides it, and the value.
const SETTINGS: &[(mi_option_t, &str, c_long)] = &[(PURGE_DELAY, "MIMALLOC_PURGE_DELAY", 100)];

/// Applies [`SETTINGS`]; called first thing in `main`, before other threads start.
pub fn configure() {
    for &(option, variable, value) in SETTINGS {
        if std::env::var_os(variable).is_none() {
            // SAFETY: mi_option_set only stores a value in mimalloc's table of options.
            unsafe { mi_option_set(option, value) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::{mi_option_get, mi_version};

    /// The option numbers are mimalloc 3's, and arenas are committed as they are used: were
    /// the library another, or built without the setting, the options read through these
    /// numbers would differ. Test processes never call [`configure`].
    #[test]
    fn the_option_numbers_are_the_linked_mimallocs() {
        // SAFETY: reading mimalloc's version and options has no preconditions.
        let (version, eager, delay) = unsafe {
            (
                mi_version(),
                mi_option_get(ARENA_EAGER_COMMIT),
                mi_option_get(PURGE_DELAY),
            )
        };
        assert!((30_000..40_000).contains(&version), "mimalloc {version}");
        if std::env::var_os("MIMALLOC_ARENA_EAGER_COMMIT").is_none() {
            assert_eq!(eager, 0, "arenas are committed as they are used (.cargo/config.toml)");
        }
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(delay, 1000, "purge_delay's default is 1000 ms");
        }
    }
}
