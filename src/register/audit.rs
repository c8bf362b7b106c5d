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

/// The day's audit file, opened on the first attempt of the day.
pub(super) struct Log {
    path: PathBuf,
    file: Option<File>,
    len: u64,
}

impl Log {
    pub fn new(dir: &Path, date: NaiveDate) -> Log {
        Log {
            path: path(dir, date),
            file: None,
            len: 0,
        }
    }

    /// Opens (or creates, with its header) the day's file now, so that the
    /// first check-ins of the day do not wait for its creation's syncs.
    pub fn open(&mut self) -> io::Result<()> {
        self.append(&[])
    }

    /// Appends `entries` and syncs. Creates the folder and the file (with
    /// its header) when needed, repairing a torn last line.
    pub fn append(&mut self, entries: &[Entry]) -> io::Result<()> {
        let mut bytes = Vec::new();
        for e in entries {
            let time = e.time.to_string();
            bytes.extend_from_slice(&encode_record(&[
                &time, &e.address, &e.device, &e.roll, &e.name, &e.outcome, &e.reason,
            ]));
        }
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
            Some(file) => append(file, &mut self.len, &bytes),
            None => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "audit file not open",
            )),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
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
        if let Ok(time) = cell(0).parse::<NaiveTime>() {
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
