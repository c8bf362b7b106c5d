//! The audit trail's writer: every line anyone writes down (a check-in, a
//! refusal at the door, something the teacher did) goes through one
//! `Trail`, shared by every handler, that writes what is queued with one
//! write and one sync on a thread of its own (group commit).
//!
//! Why a thread of its own: a batch of check-ins hands its audit lines
//! over (`send`) and then writes and syncs its rows while the trail syncs
//! its lines, so the trail costs a class no extra wait on a slow disk; and
//! a refusal at the door (`write`) shares a sync with whatever else is
//! queued instead of waiting for a batch of rows it has nothing to do
//! with. Where no thread can be had, the caller writes in place.
//! (A mutex and a condition variable hand the work over: smaller in the
//! binary than a channel.)

use super::audit::{path, HEADER};
use super::files::{self, open_shared};
use chrono::NaiveDate;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Lines handed to the trail, to wait for with `Trail::wait`.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

/// The audit trail of an attendance folder.
pub struct Trail {
    shared: Arc<Shared>,
    /// False where no thread could be started: callers write in place.
    threaded: bool,
}

struct Shared {
    dir: PathBuf,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Lines not yet written: (ticket, day, encoded lines).
    queued: Vec<(u64, NaiveDate, Vec<u8>)>,
    next: u64,
    /// Every ticket up to this one is written (or failed).
    done: u64,
    /// The tickets whose write failed, and why (the last few).
    failed: Vec<(u64, io::ErrorKind, String)>,
    /// The day's file being written; the writer takes it while it writes.
    log: Option<Log>,
    closed: bool,
}

/// How many failed writes are remembered for their waiters.
const FAILURES_KEPT: usize = 64;

impl Trail {
    /// The trail of `dir`, writing on a thread of its own where it can.
    pub fn new(dir: &Path) -> Trail {
        let shared = Arc::new(Shared {
            dir: dir.to_path_buf(),
            state: Mutex::new(State {
                next: 1,
                ..State::default()
            }),
            changed: Condvar::new(),
        });
        let served = Arc::clone(&shared);
        let threaded = std::thread::Builder::new()
            .name("audit".into())
            .spawn(move || served.serve())
            .is_ok();
        Trail { shared, threaded }
    }

    /// Where the trail of `date` is.
    pub fn path(&self, date: NaiveDate) -> PathBuf {
        path(&self.shared.dir, date)
    }

    /// Hands `bytes` (lines of `date`, encoded) over to be written and
    /// synced; `wait` returns once they are.
    pub fn send(&self, date: NaiveDate, bytes: Vec<u8>) -> Ticket {
        let mut state = self.shared.lock();
        let ticket = state.next;
        state.next += 1;
        state.queued.push((ticket, date, bytes));
        if self.threaded {
            self.shared.changed.notify_all();
        } else {
            // No thread: this caller writes what is queued, its own included.
            state = self.shared.write_queued(state);
        }
        drop(state);
        Ticket(ticket)
    }

    /// Waits until the lines of `ticket` are on disk.
    pub fn wait(&self, ticket: Ticket) -> io::Result<()> {
        let mut state = self.shared.lock();
        while state.done < ticket.0 {
            state = crate::locks::wait(&self.shared.changed, state);
        }
        match state.failed.iter().find(|(t, _, _)| *t == ticket.0) {
            Some((_, kind, why)) => Err(io::Error::new(*kind, why.clone())),
            None => Ok(()),
        }
    }

    /// Writes and syncs `bytes` (lines of `date`), with whatever else is
    /// queued.
    pub fn write(&self, date: NaiveDate, bytes: Vec<u8>) -> io::Result<()> {
        let ticket = self.send(date, bytes);
        self.wait(ticket)
    }

    /// Makes the trail of `date` (its folder, the file and its header,
    /// synced) ahead of the day's first line.
    pub fn open(&self, date: NaiveDate) -> io::Result<()> {
        self.write(date, Vec::new())
    }
}

impl Drop for Trail {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.changed.notify_all();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        crate::locks::lock(&self.state)
    }

    /// The trail's thread: writes what is queued, until the trail goes.
    fn serve(&self) {
        let mut state = self.lock();
        loop {
            if !state.queued.is_empty() {
                state = self.write_queued(state);
            } else if state.closed {
                return;
            } else {
                state = crate::locks::wait(&self.changed, state);
            }
        }
    }

    /// Writes everything queued, each day's lines with one write and one
    /// sync, the lock let go meanwhile (new lines queue for the next
    /// round); then tells the waiters.
    fn write_queued<'a>(&'a self, mut state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        let jobs = std::mem::take(&mut state.queued);
        let mut log = state.log.take();
        drop(state);
        let mut failed = Vec::new();
        let mut last = 0;
        for (date, tickets, bytes) in by_day(jobs) {
            last = tickets.last().copied().unwrap_or(last);
            if log.as_ref().map_or(true, |l| l.date != date) {
                log = Some(Log::new(&self.dir, date));
            }
            let written = match log.as_mut() {
                Some(log) => log.append(&bytes),
                None => Ok(()),
            };
            if let Err(e) = written {
                let why = e.to_string();
                failed.extend(tickets.into_iter().map(|t| (t, e.kind(), why.clone())));
            }
        }
        let mut state = self.lock();
        state.log = log;
        state.done = state.done.max(last);
        state.failed.extend(failed);
        let extra = state.failed.len().saturating_sub(FAILURES_KEPT);
        state.failed.drain(..extra);
        self.changed.notify_all();
        state
    }
}

/// Queued lines grouped by day, in order: (day, tickets, bytes).
fn by_day(jobs: Vec<(u64, NaiveDate, Vec<u8>)>) -> Vec<(NaiveDate, Vec<u64>, Vec<u8>)> {
    let mut days: Vec<(NaiveDate, Vec<u64>, Vec<u8>)> = Vec::new();
    for (ticket, date, bytes) in jobs {
        match days.last_mut() {
            Some((d, tickets, all)) if *d == date => {
                tickets.push(ticket);
                all.extend_from_slice(&bytes);
            }
            _ => days.push((date, vec![ticket], bytes)),
        }
    }
    days
}

/// One day's audit file, opened at its first line.
struct Log {
    date: NaiveDate,
    path: PathBuf,
    file: Option<File>,
    len: u64,
}

impl Log {
    fn new(dir: &Path, date: NaiveDate) -> Log {
        Log {
            date,
            path: path(dir, date),
            file: None,
            len: 0,
        }
    }

    /// Appends `bytes` (whole encoded lines) and syncs. Creates the folder
    /// and the file (with its header, the folder synced) when needed,
    /// repairing a torn last line; nothing to append just makes the file.
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        // Another program may have moved or replaced it: start afresh then.
        let in_place = self
            .file
            .as_ref()
            .map_or(false, |f| files::is_same_file(&self.path, f));
        if !in_place {
            self.file = None;
            if let Some(parent) = self.path.parent().filter(|p| !p.exists()) {
                fs::create_dir_all(parent)?;
                files::sync_dir(parent);
            }
            // (A new file's header is synced with its folder: `repair_end`.)
            let mut file = open_shared(&self.path, true)?;
            self.len = files::repair_end(&mut file, &self.path, &HEADER, &mut Vec::new())?;
            self.file = Some(file);
        }
        match (self.file.as_mut(), bytes.is_empty()) {
            (_, true) => Ok(()),
            (Some(file), false) => files::append(file, &mut self.len, bytes),
            (None, false) => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "audit file not open",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_many_senders_are_all_written_in_order_each_day_in_its_file() {
        let dir = std::env::temp_dir().join(format!("rollcall-trail-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let trail = Trail::new(&dir);
        let day = NaiveDate::from_ymd_opt(2026, 2, 10).expect("a date");
        let next = NaiveDate::from_ymd_opt(2026, 2, 11).expect("a date");
        std::thread::scope(|scope| {
            for i in 0..20 {
                let trail = &trail;
                scope.spawn(move || {
                    let line = format!("line {i}\r\n").into_bytes();
                    trail.write(day, line).expect("written");
                });
            }
        });
        trail
            .write(next, b"tomorrow\r\n".to_vec())
            .expect("written");
        let today = fs::read_to_string(trail.path(day)).expect("today's file");
        assert!(today.starts_with("\u{feff}Time,Address"), "{today}");
        for i in 0..20 {
            assert_eq!(
                today.matches(&format!("line {i}\r\n")).count(),
                1,
                "{today}"
            );
        }
        let tomorrow = fs::read_to_string(trail.path(next)).expect("the next day's file");
        assert!(tomorrow.ends_with("tomorrow\r\n"), "{tomorrow}");
        let _ = fs::remove_dir_all(&dir);
    }
}
