//! Ctrl+C: finish the check-in being saved, then stop.
//!
//! The handler only raises a flag; the request loops look at it between
//! requests, so a row that is being written and synced when the teacher
//! presses Ctrl+C is finished and its page sent before the program exits.
//! Hand-written with the OS calls (sigaction; SetConsoleCtrlHandler) rather
//! than a crate: it is a dozen lines per platform.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// True once Ctrl+C (or a terminate signal, or closing the window) arrived.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Asks the server to stop, as Ctrl+C does.
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Routes Ctrl+C and termination requests to `request`.
pub fn install() {
    imp::install();
}

#[cfg(unix)]
mod imp {
    extern "C" fn on_signal(_: libc::c_int) {
        // Only an atomic store: async-signal-safe.
        super::request();
    }

    pub fn install() {
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: a zeroed sigaction is a valid "no flags, empty mask"
            // value, and the handler only performs an atomic store.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
}

#[cfg(windows)]
mod imp {
    use std::time::Duration;

    type Handler = unsafe extern "system" fn(u32) -> i32;
    #[link(name = "kernel32")]
    extern "system" {
        fn SetConsoleCtrlHandler(handler: Option<Handler>, add: i32) -> i32;
    }

    const CTRL_C_EVENT: u32 = 0;
    const CTRL_BREAK_EVENT: u32 = 1;

    unsafe extern "system" fn on_event(event: u32) -> i32 {
        super::request();
        if event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT {
            // Closing the window, logoff or shutdown: Windows ends the
            // process when this returns, so give the loops time to finish
            // a check-in in progress (they poll every 200 ms).
            std::thread::sleep(Duration::from_millis(1500));
        }
        1
    }

    pub fn install() {
        // SAFETY: registers a handler with the signature Windows expects.
        unsafe {
            SetConsoleCtrlHandler(Some(on_event), 1);
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn install() {}
}
