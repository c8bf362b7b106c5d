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
                warn!("  The browser could not be opened ({why}). Open a browser on this laptop and type {url} into its address bar.");
            }
        });
    if spawned.is_err() {
        warn!("  The browser could not be opened. Open a browser on this laptop and type the teacher's screen's address (above) into its address bar.");
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

#[cfg(unix)]
mod imp {
    //! `posix_spawnp` rather than `std::process::Command`: the same job for
    //! 35 KiB less binary, which a teacher downloads.
    use std::ffi::CString;
    use std::io;
    use std::os::raw::c_char;
    use std::ptr::{null, null_mut};

    extern "C" {
        static environ: *const *mut c_char;
    }

    /// `xdg-open` on Linux and the BSDs, `open` on macOS, with its input and
    /// output on /dev/null; waits for it to say whether it worked.
    pub fn open(url: &str) -> Result<(), String> {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let program = CString::new(opener).map_err(|e| e.to_string())?;
        let arg = CString::new(url).map_err(|e| e.to_string())?;
        let pid = spawn(&program, &arg).map_err(|e| format!("{opener}: {e}"))?;
        let mut status = 0;
        // SAFETY: waits for the child we just started; `status` is ours.
        let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
        if waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
            Ok(())
        } else if waited == pid && libc::WIFEXITED(status) {
            Err(format!(
                "{opener} exited with {}",
                libc::WEXITSTATUS(status)
            ))
        } else {
            Err(format!("{opener} did not finish"))
        }
    }

    /// Starts `program` with `arg`, its input and output on /dev/null.
    fn spawn(program: &CString, arg: &CString) -> io::Result<libc::pid_t> {
        let null_device = CString::new("/dev/null")?;
        let argv = [
            program.as_ptr() as *mut c_char,
            arg.as_ptr() as *mut c_char,
            null_mut(),
        ];
        let mut pid: libc::pid_t = 0;
        // SAFETY: every pointer is to a NUL-terminated string or array that
        // outlives the calls; the file actions are initialised before use
        // and destroyed after.
        let spawned = unsafe {
            let mut actions: libc::posix_spawn_file_actions_t = std::mem::zeroed();
            libc::posix_spawn_file_actions_init(&mut actions);
            for fd in 0..3 {
                libc::posix_spawn_file_actions_addopen(
                    &mut actions,
                    fd,
                    null_device.as_ptr(),
                    libc::O_RDWR,
                    0,
                );
            }
            let rc = libc::posix_spawnp(
                &mut pid,
                program.as_ptr(),
                &actions,
                null(),
                argv.as_ptr(),
                environ,
            );
            libc::posix_spawn_file_actions_destroy(&mut actions);
            rc
        };
        match spawned {
            0 => Ok(pid),
            rc => Err(io::Error::from_raw_os_error(rc)),
        }
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn open(_url: &str) -> Result<(), String> {
        Err("not supported on this system".into())
    }
}
