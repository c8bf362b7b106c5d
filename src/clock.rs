//! Where "now" comes from.
//!
//! The day's file and the Time column follow the laptop's local clock. Tests
//! need to stand at 23:59:59 and then step past midnight without waiting for
//! it, against the real binary, so the clock can be read from a file named by
//! the `ROLLCALL_TEST_CLOCK` environment variable instead. That variable is a
//! test hook, not a teacher's option: it is not in `--help`.

use chrono::{NaiveDateTime, Timelike};
use std::path::PathBuf;

/// The environment variable that points the server at a clock file.
pub const TEST_CLOCK_VAR: &str = "ROLLCALL_TEST_CLOCK";

/// The source of local wall-clock time.
#[derive(Debug, Clone)]
pub enum Clock {
    /// The laptop's clock in its local time zone.
    System,
    /// A file holding one local date and time, read on every call.
    File(PathBuf),
}

impl Clock {
    /// The system clock, or the test clock when `ROLLCALL_TEST_CLOCK` is set.
    pub fn from_env() -> Clock {
        match std::env::var_os(TEST_CLOCK_VAR) {
            Some(path) if !path.is_empty() => Clock::File(PathBuf::from(path)),
            _ => Clock::System,
        }
    }

    /// Local date and time, to the second.
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => system_now(),
            Clock::File(path) => std::fs::read_to_string(path)
                .ok()
                .and_then(|s| parse(s.trim()))
                .unwrap_or_else(|| {
                    warn!(
                        "rollcall: test clock {} is unreadable; using the system clock",
                        path.display()
                    );
                    system_now()
                }),
        }
    }
}

/// A clock file's single line, e.g. `2026-02-10 23:59:58`.
fn parse(line: &str) -> Option<NaiveDateTime> {
    let (date, time) = line.split_once(' ')?;
    Some(NaiveDateTime::new(
        date.parse().ok()?,
        time.trim().parse().ok()?,
    ))
}

fn system_now() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    // Whole seconds: the file shows HH:MM:SS and duplicates report that time.
    now.with_nanosecond(0).unwrap_or(now)
}
