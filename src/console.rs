//! The teacher's console window: printing that never panics, and the
//! Windows habits of a double-clicked program.

use std::io::Write;

/// Writes one line to stdout (or stderr), ignoring errors; see `say!`.
pub fn write_line(to_stderr: bool, args: std::fmt::Arguments<'_>) {
    if to_stderr {
        let _ = writeln!(std::io::stderr().lock(), "{args}");
    } else {
        let _ = writeln!(std::io::stdout().lock(), "{args}");
    }
}

/// True when this program owns its console window alone, i.e. it was
/// started by double-clicking it in Explorer: that window closes the moment
/// the program exits, taking any error message with it.
#[cfg(windows)]
pub fn started_by_double_click() -> bool {
    #[link(name = "kernel32")]
    extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut pids = [0u32; 4];
    // SAFETY: the buffer and its length match.
    let n = unsafe { GetConsoleProcessList(pids.as_mut_ptr(), pids.len() as u32) };
    n == 1
}

#[cfg(not(windows))]
pub fn started_by_double_click() -> bool {
    false
}

/// Keeps a double-clicked window open until Enter, so the teacher can read
/// why the program stopped.
pub fn pause_if_double_clicked() {
    if started_by_double_click() {
        warn!("\nPress Enter to close this window.");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

/// One line about the Windows Firewall, shown at start on Windows only.
pub fn firewall_hint() -> Option<&'static str> {
    if cfg!(windows) {
        Some("If phones cannot open the page: when Windows Firewall asks, tick \"Private networks\" AND \"Public networks\" and click Allow access (see README, \"Windows\").")
    } else {
        None
    }
}
