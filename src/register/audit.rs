//! The audit trail: every check-in attempt, accepted or refused, one line
//! each in `audit/audit_YYYY-MM-DD.csv` beside the day's files, so the
//! teacher can see who tried what from where. Written through the same
//! format and durable appends as attendance, synced like it, Excel-safe like
//! it; the attendance file itself stays exactly `Roll,Name,Time`.

use super::files::{self, append, open_shared};
use super::format::{encode_record, stream_table};
use chrono::{NaiveDate, NaiveTime};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// The audit file's header.
pub const HEADER: [&str; 7] = [
    "Time", "Address", "Device", "Roll", "Name", "Outcome", "Reason",
];

/// Outcomes.
pub const ACCEPTED: &str = "accepted";
pub const ALREADY: &str = "already marked";
pub const REFUSED: &str = "refused";
pub const NOT_SAVED: &str = "not saved";
pub const BY_TEACHER: &str = "marked by teacher";
pub const REMOVED: &str = "removed by teacher";
pub const RESTORED: &str = "put back by teacher";
/// A student not here excused for the day; the Reason is the teacher's.
pub const EXCUSED: &str = "excused by teacher";
pub const UNEXCUSED: &str = "excuse undone by teacher";
/// What the teacher did to the session (opened, closed, +5 minutes, the
/// code, a network): the Reason says what.
pub const SESSION: &str = "changed by teacher";

/// The Address of every line the teacher's screen caused.
pub const TEACHER: &str = "teacher";

/// One attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub time: NaiveTime,
    /// The client's address; `TEACHER` for the teacher's screen.
    pub address: String,
    /// The phone's device cookie, "" when it sent none.
    pub device: String,
    pub roll: String,
    pub name: String,
    pub outcome: String,
    pub reason: String,
}

/// The audit folder inside an attendance folder.
pub fn folder(dir: &Path) -> PathBuf {
    dir.join("audit")
}

/// The audit file for `date`.
pub fn path(dir: &Path, date: NaiveDate) -> PathBuf {
    folder(dir).join(format!("audit_{date}.csv"))
}

/// The audit lines of `entries`.
fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for e in entries {
        let time = e.time.to_string();
        bytes.extend_from_slice(&encode_record(&[
            &time, &e.address, &e.device, &e.roll, &e.name, &e.outcome, &e.reason,
        ]));
    }
    bytes
}

/// The day's audit trail, written and synced on a thread of its own that
/// lives as long as the register: a batch's audit sync then starts at the
/// same moment as its attendance sync (`begin`, then the rows, then
/// `finish`), with no thread to start each time. Where no thread can be
/// had, it is written in place. (A mutex and a condition variable hand the
/// one job over: smaller in the binary than a channel.)
pub(super) struct Writer {
    path: PathBuf,
    worker: Option<Arc<Mailbox>>,
    inline: Log,
}

enum Job {
    Append(Vec<u8>),
    Day(PathBuf),
}

/// The one job in flight between the register and the audit's thread.
#[derive(Default)]
struct Mailbox {
    slot: Mutex<Slot>,
    changed: Condvar,
}

#[derive(Default)]
struct Slot {
    job: Option<Job>,
    done: Option<io::Result<()>>,
    closed: bool,
}

impl Mailbox {
    fn lock(&self) -> MutexGuard<'_, Slot> {
        crate::locks::lock(&self.slot)
    }

    fn wait<'a>(&self, slot: MutexGuard<'a, Slot>) -> MutexGuard<'a, Slot> {
        crate::locks::wait(&self.changed, slot)
    }

    /// The audit thread: each job, in turn, until the register goes.
    fn serve(&self, mut log: Log) {
        let mut slot = self.lock();
        loop {
            match slot.job.take() {
                Some(job) => {
                    drop(slot);
                    let done = match job {
                        Job::Append(bytes) => log.append(&bytes),
                        Job::Day(path) => {
                            log = Log::at(path);
                            Ok(())
                        }
                    };
                    slot = self.lock();
                    slot.done = Some(done);
                    self.changed.notify_all();
                }
                None if slot.closed => return,
                None => slot = self.wait(slot),
            }
        }
    }

    /// Hands `job` over and waits for it to be done.
    fn post(&self, job: Job) {
        let mut slot = self.lock();
        slot.done = None;
        slot.job = Some(job);
        self.changed.notify_all();
    }

    fn result(&self) -> io::Result<()> {
        let mut slot = self.lock();
        loop {
            if let Some(done) = slot.done.take() {
                return done;
            }
            slot = self.wait(slot);
        }
    }
}

/// Audit lines on their way to the disk.
pub(super) enum Pending {
    Sent,
    Done(io::Result<()>),
}

impl Writer {
    pub fn new(dir: &Path, date: NaiveDate) -> Writer {
        let mailbox = Arc::new(Mailbox::default());
        let log = Log::new(dir, date);
        let served = Arc::clone(&mailbox);
        let started = std::thread::Builder::new()
            .name("audit".into())
            .spawn(move || served.serve(log));
        Writer {
            path: path(dir, date),
            worker: started.ok().map(|_| mailbox),
            inline: Log::new(dir, date),
        }
    }

    /// Moves to the trail of another day.
    pub fn set_day(&mut self, dir: &Path, date: NaiveDate) {
        self.path = path(dir, date);
        self.inline = Log::new(dir, date);
        if let Some(worker) = &self.worker {
            worker.post(Job::Day(self.path.clone()));
            let _ = worker.result();
        }
    }

    /// Starts writing and syncing `entries`; `finish` waits for it.
    pub fn begin(&mut self, entries: &[Entry]) -> Pending {
        let bytes = encode(entries);
        match &self.worker {
            Some(worker) => {
                worker.post(Job::Append(bytes));
                Pending::Sent
            }
            None => Pending::Done(self.inline.append(&bytes)),
        }
    }

    /// Waits until `pending` is on disk.
    pub fn finish(&mut self, pending: Pending) -> io::Result<()> {
        match (pending, &self.worker) {
            (Pending::Done(result), _) => result,
            (Pending::Sent, Some(worker)) => worker.result(),
            (Pending::Sent, None) => {
                Err(io::Error::new(io::ErrorKind::Other, "audit writer stopped"))
            }
        }
    }

    /// Writes and syncs `entries` now.
    pub fn append(&mut self, entries: &[Entry]) -> io::Result<()> {
        let pending = self.begin(entries);
        self.finish(pending)
    }

    /// Opens (or creates, with its header) the day's file now, so that the
    /// first check-ins of the day do not wait for its creation's syncs.
    pub fn open(&mut self) -> io::Result<()> {
        self.append(&[])
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.lock().closed = true;
            worker.changed.notify_all();
        }
    }
}

/// The day's audit file, opened on the first attempt of the day.
struct Log {
    path: PathBuf,
    file: Option<File>,
    len: u64,
}

impl Log {
    fn new(dir: &Path, date: NaiveDate) -> Log {
        Log::at(path(dir, date))
    }

    fn at(path: PathBuf) -> Log {
        Log {
            path,
            file: None,
            len: 0,
        }
    }

    /// Appends `bytes` (lines made by `encode`) and syncs. Creates the
    /// folder and the file (with its header) when needed, repairing a torn
    /// last line.
    pub fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        // Another program may have moved or replaced it: start afresh then.
        let in_place = self
            .file
            .as_ref()
            .map_or(false, |f| files::is_same_file(&self.path, f));
        if !in_place {
            self.file = None;
            if let Some(parent) = self.path.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut file = open_shared(&self.path, true)?;
            self.len = files::repair_end(&mut file, &self.path, &HEADER, &mut Vec::new())?;
            files::sync_dir(&self.path);
            self.file = Some(file);
        }
        if bytes.is_empty() {
            return Ok(());
        }
        match self.file.as_mut() {
            Some(file) => append(file, &mut self.len, bytes),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "audit file not open",
            )),
        }
    }
}

/// One attempt as a restart reads it, borrowed from its line.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub time: NaiveTime,
    pub address: &'a str,
    pub device: &'a str,
    pub roll: &'a str,
    pub outcome: &'a str,
    pub reason: &'a str,
}

impl Entry {
    /// This entry as a restart would read it back.
    #[cfg(test)]
    pub fn line(&self) -> Line<'_> {
        Line {
            time: self.time,
            address: &self.address,
            device: &self.device,
            roll: &self.roll,
            outcome: &self.outcome,
            reason: &self.reason,
        }
    }
}

/// Calls `each` with every attempt of `date`, from its audit file, in
/// order, streaming: a restart rebuilds the day from a trail of any size in
/// little memory and time.
pub fn replay(dir: &Path, date: NaiveDate, mut each: impl FnMut(Line<'_>)) {
    let file = match files::open_shared(&path(dir, date), false) {
        Ok(file) => file,
        Err(_) => return,
    };
    let _ = stream_table(file, |cells| {
        let cell = |i: usize| cells.get(i).copied().unwrap_or("");
        if let Some(time) = super::format::parse_time(cell(0)) {
            each(Line {
                time,
                address: cell(1),
                device: cell(2),
                roll: cell(3),
                outcome: cell(5),
                reason: cell(6),
            });
        }
    });
}

/// The attempts of `date`, from its audit file (none if there is none),
/// as a restart reads them (so without the names).
#[cfg(test)]
pub fn read(dir: &Path, date: NaiveDate) -> Vec<Entry> {
    let mut all = Vec::new();
    replay(dir, date, |line| {
        all.push(Entry {
            time: line.time,
            address: line.address.into(),
            device: line.device.into(),
            roll: line.roll.into(),
            name: String::new(),
            outcome: line.outcome.into(),
            reason: line.reason.into(),
        })
    });
    all
}
