//! The audit trail: every check-in attempt, accepted or refused, and
//! everything the teacher did, one line each in `audit/audit_YYYY-MM-DD.csv`
//! beside the day's files, so the teacher can see who tried what from
//! where. Written through the same format and durable appends as
//! attendance, synced like it, Excel-safe like it (by `Trail`, in
//! `trail.rs`); the attendance file itself stays exactly `Roll,Name,Time`.
//!
//! Every line is made here: a check-in's from what the register found
//! (`check_in_lines`, with the once-a-minute filter for a form re-sent in
//! a loop), a refusal's or a teacher's through `Entry::new` and
//! `Entry::by_teacher`, which cut what was typed to the longest a roll or
//! a name can be.

use super::files;
use super::format::{encode_record, stream_table};
use super::{CheckIn, Outcome, Sender};
use crate::validate::{self, roll_key};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::path::{Path, PathBuf};

/// The audit folder inside an attendance folder.
pub fn folder(dir: &Path) -> PathBuf {
    dir.join("audit")
}

/// The audit file for `date`.
pub fn path(dir: &Path, date: NaiveDate) -> PathBuf {
    folder(dir).join(format!("audit_{date}.csv"))
}

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
/// A row the door's checks flagged (a burst no class makes): the Reason
/// says why, as the teacher's screen does.
pub const FLAGGED: &str = "flagged";
/// A row marked by hand as late (a hand mark is on time unless the teacher
/// says late); the Reason says when it was saved.
pub const LATE_BY_TEACHER: &str = "late by teacher";
/// Rows marked by hand by mistake, taken out again (Undo).
pub const UNMARKED: &str = "mark undone by teacher";
/// A spot check: the student called stood up.
pub const HERE: &str = "here by teacher";
/// A spot check: the student called was not in the room, and their row
/// was taken out; the Reason names the phone that had marked them.
pub const NOT_HERE: &str = "not here by teacher";
pub const NOT_HERE_UNDONE: &str = "not here undone by teacher";
/// What the teacher did to the session (opened, closed, +5 minutes, the
/// code, a network, the heads counted, a spot check begun): the Reason
/// says what.
pub const SESSION: &str = "changed by teacher";

/// The Address of every line the teacher's screen caused.
pub const TEACHER: &str = "teacher";

/// Most characters of a reason written down.
const REASON_MAX: usize = 200;
/// Most characters of a device cookie written down (ours have 32).
const DEVICE_MAX: usize = 64;

/// One line of the trail.
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

impl Entry {
    /// A line for what `sender` sent at `now`: the roll and name as typed,
    /// cut to the longest a roll or a name can be, so refused nonsense
    /// cannot grow the trail by kilobytes a line.
    pub fn new(
        now: NaiveDateTime,
        sender: &Sender<'_>,
        (roll, name): (&str, &str),
        outcome: &str,
        reason: &str,
    ) -> Entry {
        let (address, device) = match sender {
            Sender::Phone { ip, device } => (ip.to_string(), clip(device, DEVICE_MAX)),
            // Every line the teacher's screen caused says so in the
            // Address column, the same way.
            Sender::Teacher => (TEACHER.to_string(), String::new()),
        };
        Entry {
            time: now.time(),
            address,
            device,
            roll: clip(roll, validate::ROLL_MAX),
            name: clip(name, validate::NAME_MAX),
            outcome: outcome.to_string(),
            reason: clip(reason, REASON_MAX),
        }
    }

    /// A line for something the teacher did to `roll`'s row ("" for the
    /// session as a whole).
    pub fn by_teacher(
        now: NaiveDateTime,
        (roll, name): (&str, &str),
        outcome: &str,
        reason: &str,
    ) -> Entry {
        Entry::new(now, &Sender::Teacher, (roll, name), outcome, reason)
    }
}

/// `text` cut to `most` characters (with "…").
fn clip(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// The lines of `entries`, as the file has them.
pub fn encode(entries: &[Entry]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for e in entries {
        let time = e.time.to_string();
        bytes.extend_from_slice(&encode_record(&[
            &time, &e.address, &e.device, &e.roll, &e.name, &e.outcome, &e.reason,
        ]));
    }
    bytes
}

/// The "already marked" lines written in the current minute, per device
/// and roll: a phone re-sending its form in a loop leaves one line (and
/// one terminal line) a minute, not thousands.
#[derive(Default)]
pub struct Repeats(Vec<(String, String, NaiveDateTime)>);

/// Most repeats remembered; the oldest go first.
const MAX_REPEATS: usize = 1024;

impl Repeats {
    /// Is this the first "already marked" of `roll` from `device` this
    /// minute? Remembers that it was.
    fn first(&mut self, device: &str, roll: &str, now: NaiveDateTime) -> bool {
        let key = roll_key(roll);
        let minute = now - chrono::Duration::seconds(i64::from(now.time().second()));
        if let Some(seen) = self.0.iter_mut().find(|(d, r, _)| d == device && *r == key) {
            let first = seen.2 != minute;
            seen.2 = minute;
            return first;
        }
        if self.0.len() >= MAX_REPEATS {
            self.0.remove(0);
        }
        self.0.push((device.to_string(), key, minute));
        true
    }

    /// A new day: yesterday's repeats say nothing of today's.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// The lines for a batch of check-ins with the outcomes they will have once
/// written (one each, in order), and for each whether it is written down
/// (a repeat past the first of its minute is not).
pub fn check_in_lines(
    check_ins: &[CheckIn<'_>],
    outcomes: &[Outcome],
    now: NaiveDateTime,
    repeats: &mut Repeats,
) -> (Vec<Entry>, Vec<bool>) {
    let mut lines = Vec::new();
    let mut written = Vec::new();
    for (c, outcome) in check_ins.iter().zip(outcomes) {
        let line = match outcome {
            Outcome::Marked(_) => Some(marked_line(c, now)),
            Outcome::AlreadyMarked(m) if repeats.first(c.sender.device(), &c.student.roll, now) => {
                let said = format!("marked at {} as {}", m.time, m.name);
                Some(Entry::new(now, &c.sender, c.student.pair(), ALREADY, &said))
            }
            Outcome::AlreadyMarked(_) => None,
        };
        written.push(line.is_some());
        lines.extend(line);
    }
    (lines, written)
}

/// A new row's line: accepted from a phone, or marked by the teacher; with
/// the name as typed where the class list spells it otherwise.
fn marked_line(c: &CheckIn<'_>, now: NaiveDateTime) -> Entry {
    let outcome = match c.sender {
        Sender::Teacher => BY_TEACHER,
        Sender::Phone { .. } => ACCEPTED,
    };
    let typed = c
        .typed
        .map_or(String::new(), |t| format!("typed as \"{t}\""));
    Entry::new(now, &c.sender, c.student.pair(), outcome, &typed)
}

/// The "not saved" line of a check-in whose row the disk refused.
pub fn not_saved_line(c: &CheckIn<'_>, now: NaiveDateTime, why: &str) -> Entry {
    Entry::new(now, &c.sender, c.student.pair(), NOT_SAVED, why)
}

/// One line as a restart reads it, borrowed from the file.
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

/// Calls `each` with every line of `date`'s trail, in order, streaming: a
/// restart rebuilds the day from a trail of any size in little memory.
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

/// The lines of `date`'s trail (none if there is none), as a restart reads
/// them (so without the names).
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
