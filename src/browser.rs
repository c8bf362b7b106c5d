//! Opens the teacher's screen in the laptop's own browser at start, as
//! Jupyter does, so a double-click is all a teacher has to do. A failure is
//! one line in the terminal, never a stop: the address is printed anyway.

/// Asks the desktop to open `url` in the default browser, in the background.
pub fn open(url: &str) {
    let url = url.to_string();
    // The desktop may take a moment (or, with some openers, wait for the
    // browser): never hold up the start.
    let spawned = std::thread::Builder::new()
        .name("open-browser".into())
        .spawn(move || {
            if let Err(why) = imp::open(&url) {
                warn!("  (Could not open the browser: {why}. Open {url} yourself.)");
            }
        });
    if spawned.is_err() {
        warn!("  (Could not open the browser. Open the teacher's screen yourself.)");
    }
}

#[cfg(windows)]
mod imp {
    use std::ffi::c_void;
    use std::ptr::null_mut;

    #[link(name = "shell32")]
    extern "system" {
        fn ShellExecuteW(
            hwnd: *mut c_void,
            operation: *const u16,
            file: *const u16,
            parameters: *const u16,
            directory: *const u16,
            show: i32,
        ) -> isize;
    }

    const SW_SHOWNORMAL: i32 = 1;

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain(Some(0)).collect()
    }

    /// The shell's "open" verb on a URL: the default browser.
    pub fn open(url: &str) -> Result<(), String> {
        let (verb, file) = (wide("open"), wide(url));
        // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call.
        let result = unsafe {
            ShellExecuteW(
                null_mut(),
                verb.as_ptr(),
                file.as_ptr(),
                std::ptr::null(),
                std::ptr::null(),
                SW_SHOWNORMAL,
            )
        };
        // Values above 32 mean success.
        if result > 32 {
            Ok(())
        } else {
            Err(format!("Windows error {result}"))
        }
    }
}

#[cfg(not(windows))]
mod imp {
    use std::process::{Command, Stdio};

    /// `xdg-open` on Linux and the BSDs, `open` on macOS.
    pub fn open(url: &str) -> Result<(), String> {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let status = Command::new(opener)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{opener}: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{opener} {status}"))
        }
    }
}
