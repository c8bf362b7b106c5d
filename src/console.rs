//! The teacher's console window: printing that never panics, a status line
//! rewritten in place, and the Windows habits of a double-clicked program.

use std::io::Write;
use std::sync::Mutex;

/// The status line currently at the bottom of the terminal ("" for none).
static STATUS: Mutex<String> = Mutex::new(String::new());

/// Writes one line to stdout (or stderr), ignoring errors; see `say!`. A
/// status line is lifted out of the way and drawn again below the new line.
pub fn write_line(to_stderr: bool, args: std::fmt::Arguments<'_>) {
    let status = crate::locks::lock(&STATUS);
    let mut out = std::io::stdout().lock();
    if !status.is_empty() {
        let _ = write!(out, "{}", blank(&status));
        let _ = out.flush();
    }
    if to_stderr {
        let _ = writeln!(std::io::stderr().lock(), "{args}");
    } else {
        let _ = writeln!(out, "{args}");
    }
    if !status.is_empty() {
        let _ = write!(out, "{status}");
    }
    let _ = out.flush();
}

/// Replaces the status line with `line` ("" removes it). Carriage return and
/// spaces, which every console understands, Windows 7's included.
pub fn show_status(line: &str) {
    let mut status = crate::locks::lock(&STATUS);
    if *status == line {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "{}{line}", blank(&status));
    let _ = out.flush();
    *status = line.to_string();
}

/// Returns the cursor to the start of a line holding `status` and wipes it.
fn blank(status: &str) -> String {
    let width = status.chars().count();
    format!("\r{}\r", " ".repeat(width))
}

/// True when stdout is a terminal (a console window on Windows), not a
/// pipe or a file.
#[cfg(unix)]
pub fn is_terminal() -> bool {
    // SAFETY: isatty only inspects the descriptor.
    unsafe { libc::isatty(1) == 1 }
}

#[cfg(windows)]
pub fn is_terminal() -> bool {
    let mut mode = 0u32;
    // SAFETY: GetStdHandle and GetConsoleMode only read; `mode` is ours.
    unsafe { GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mut mode) != 0 }
}

#[cfg(not(any(unix, windows)))]
pub fn is_terminal() -> bool {
    false
}

/// True when the terminal can show the half-block characters a QR code is
/// drawn with: a UTF-8 terminal on Unix; on Windows, a console whose code
/// page has them (the DOS code pages of Western, Central and Eastern
/// Europe, Greece, Turkey, the Baltics and Russia, and UTF-8). Elsewhere the
/// address alone is shown.
pub fn can_draw_blocks() -> bool {
    if !is_terminal() {
        return false;
    }
    #[cfg(windows)]
    {
        // SAFETY: no arguments; returns a number.
        let page = unsafe { GetConsoleOutputCP() };
        matches!(
            page,
            437 | 737 | 775 | 850 | 852 | 855 | 857 | 858 | 860..=866 | 869 | 65001
        )
    }
    #[cfg(not(windows))]
    {
        ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(false, |v| {
                let v = v.to_ascii_lowercase();
                v.contains("utf-8") || v.contains("utf8")
            })
    }
}

#[cfg(windows)]
const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;

#[cfg(windows)]
#[link(name = "kernel32")]
extern "system" {
    fn GetStdHandle(which: u32) -> *mut std::ffi::c_void;
    fn GetConsoleMode(handle: *mut std::ffi::c_void, mode: *mut u32) -> i32;
    fn GetConsoleOutputCP() -> u32;
    fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
}

/// True when this program owns its console window alone, i.e. it was
/// started by double-clicking it in Explorer: that window closes the moment
/// the program exits, taking any error message with it.
#[cfg(windows)]
pub fn started_by_double_click() -> bool {
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

/// A few lines about the Windows Firewall, shown at start on Windows only.
pub fn firewall_hint() -> Option<&'static str> {
    if cfg!(windows) {
        Some("  If phones cannot open the page: when Windows Firewall asks, tick\n  \"Private networks\" AND \"Public networks\" and click Allow access\n  (see README, \"Windows\").")
    } else {
        None
    }
}

/// `text` as one sentence: ending in exactly one full stop (messages are
/// built from parts that may end in one already).
pub fn sentence(text: &str) -> String {
    format!("{}.", clause(text))
}

/// `text` without the full stops it may end with, for a sentence to go on.
pub fn clause(text: &str) -> &str {
    text.trim_end().trim_end_matches('.')
}
