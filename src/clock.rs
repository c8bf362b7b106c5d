//! Where "now" comes from.
//!
//! The day's file and the Time column follow the laptop's local clock. Tests
//! need to stand at 23:59:59 and then step past midnight without waiting for
//! it, against the real binary, so the clock can be read from a file named by
//! the `ROLLCALL_TEST_CLOCK` environment variable instead. That variable is a
//! test hook, not a teacher's option: it is not in `--help`.

use chrono::{NaiveDate, NaiveDateTime};
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
        crate::register::format::parse_date(date)?,
        crate::register::format::parse_time(time)?,
    ))
}

/// The laptop's local time, to the second (the file shows HH:MM:SS and
/// duplicates report that time).
///
/// Asked of the operating system (`localtime_r`, `GetLocalTime`), which
/// knows the laptop's time zone, rather than through chrono's `clock`
/// feature, whose own time-zone database reader costs 30 KiB of a binary a
/// teacher downloads; chrono still builds and prints every date and time.
fn system_now() -> NaiveDateTime {
    os_local_now().unwrap_or_else(|| {
        // The OS could not say (never seen): UTC, rather than no time.
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        NaiveDateTime::from_timestamp_opt(i64::try_from(secs).unwrap_or(0), 0).unwrap_or_default()
    })
}

/// Builds a time from the calendar fields the OS gives.
fn from_fields(year: i32, month: u32, day: u32, h: u32, m: u32, s: u32) -> Option<NaiveDateTime> {
    // A leap second (60) reads as the second before it.
    NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(h, m, s.min(59))
}

#[cfg(unix)]
fn os_local_now() -> Option<NaiveDateTime> {
    // SAFETY: `time` with a null pointer only returns the time; `tm` is a
    // plain struct that `localtime_r` fills, and is only read if it did.
    unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return None;
        }
        let field = |v: libc::c_int| u32::try_from(v).ok();
        from_fields(
            tm.tm_year + 1900,
            field(tm.tm_mon + 1)?,
            field(tm.tm_mday)?,
            field(tm.tm_hour)?,
            field(tm.tm_min)?,
            field(tm.tm_sec)?,
        )
    }
}

#[cfg(windows)]
fn os_local_now() -> Option<NaiveDateTime> {
    #[repr(C)]
    struct SystemTime {
        year: u16,
        month: u16,
        day_of_week: u16,
        day: u16,
        hour: u16,
        minute: u16,
        second: u16,
        milliseconds: u16,
    }
    #[link(name = "kernel32")]
    extern "system" {
        fn GetLocalTime(time: *mut SystemTime);
    }
    let mut t = SystemTime {
        year: 0,
        month: 0,
        day_of_week: 0,
        day: 0,
        hour: 0,
        minute: 0,
        second: 0,
        milliseconds: 0,
    };
    // SAFETY: GetLocalTime fills the struct, which has SYSTEMTIME's layout.
    unsafe { GetLocalTime(&mut t) };
    from_fields(
        i32::from(t.year),
        u32::from(t.month),
        u32::from(t.day),
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second),
    )
}

#[cfg(not(any(unix, windows)))]
fn os_local_now() -> Option<NaiveDateTime> {
    None
}

/// For unit tests of what counts time: `secs` seconds after 10:00:00 on a
/// school day (2026-02-10), so that intervals and windows read plainly.
#[cfg(test)]
pub fn seconds_into_a_lesson(secs: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 2, 10)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("valid")
        + chrono::Duration::seconds(secs)
}
