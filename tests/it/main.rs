//! rollcall's integration tests: one crate, one binary, one link step
//! (matklad's "Delete Cargo Integration Tests"). Each module is what used to
//! be a file of its own in `tests/`; the harness in `harness/` starts the
//! real `rollcall` binary and talks to it.
//!
//! ```text
//! cargo test --test it                          # all of them
//! cargo test --test it -- checkin:: teacher::   # some modules
//! ```
//!
//! All the tests share one process, and libtest runs them side by side
//! (one thread per core): whatever a test makes must be its own (temporary
//! folders, namespaces and their addresses, ports of the OS's choosing), and
//! the tests that would measure or starve each other take turns through
//! `harness::alone()`.

mod harness;

mod audit;
mod browser;
mod checkin;
mod class_day;
mod es5;
mod excel_lock;
mod excused;
mod firefox;
mod guards;
#[cfg(target_os = "linux")]
mod hostile;
mod keepalive;
mod language;
mod late;
#[cfg(target_os = "linux")]
mod limits;
mod month;
#[cfg(unix)]
mod networks;
mod process;
mod protocol;
#[cfg(target_os = "linux")]
mod proxies;
mod record;
mod refusals;
mod report;
mod roster;
mod student_pages;
mod teacher;
mod terminal;
mod webkit;
mod whole;
mod whole_screen;
