//! The attendance register: the only code that writes attendance.
//!
//! The promises this module keeps, and why:
//! - **Acknowledged means on disk.** `record` returns only after the row is
//!   written and synced, so a power cut after the student saw "Present"
//!   cannot lose the row.
//! - **Whole rows only.** A power cut mid-write can leave a partial last line.
//!   It was never acknowledged, so on opening the file it is moved to a side
//!   file (`attendance_DATE.torn.txt`, for the curious teacher) and cut off,
//!   and the next row starts on a line of its own. A failed write is cut back
//!   the same way; a removal rewrites the file atomically.
//! - **One row per roll per day.** The day's rolls are kept in memory and
//!   reloaded from the file on start, so a restart still catches duplicates.
//! - **Opens in Excel.** See `format`: one module owns how a row looks.
//! - **Excel may hold the file.** On Windows, Excel opens a CSV denying others
//!   write access. We open the day's file at start with read/write sharing so
//!   that Excel then opens it read-only; if Excel got there first, rows go to
//!   `attendance_DATE.waiting.csv` and are moved into the day's file as soon
//!   as it can be opened for writing again.
//!
//! - **The day's file stays `Roll,Name,Time`.** When check-in opened, the
//!   late rule and who is excused go to a details file beside it
//!   (`details`), so spreadsheets and older readers of the day's file see
//!   nothing new.
//!
//! Parts: `format` (the row format every reader and writer shares), `files`
//! (durable appends, atomic rewrites, Windows sharing), `day` (one day's
//! file held open), `details` (the day's details file).

pub mod audit;
mod day;
mod details;
mod files;
pub mod format;

pub use format::details::Details;
pub use format::Mark;

use format::details::{Detail, Event};

use crate::validate::{roll_key, Student};
use chrono::{NaiveDate, NaiveDateTime};
use day::Day;
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A whole attendance file, read with the sharing Excel allows (for a
/// download while rollcall holds it).
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    files::read_all(path)
}

/// Writes a file made from attendance (the register) whole or not at all,
/// so a failure never leaves half a register where the last one was.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), RegisterError> {
    files::replace(path, bytes).map_err(|e| RegisterError::new("write", path, e))
}

/// The date of a day's attendance file (or its waiting file) by its name.
pub fn date_of_file(name: &str) -> Option<NaiveDate> {
    day::date_of(name)
}

/// The details (opening, late rule, excused) of the day `date` in `dir`,
/// as written: for the report.
pub fn read_details(dir: &Path, date: NaiveDate) -> Details {
    details::read(dir, date)
}

/// The name of the day's attendance file for `date`.
pub fn day_file_name(date: NaiveDate) -> String {
    day::file_name(date)
}

/// What became of a check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new row, now synced to disk.
    Marked(Mark),
    /// The roll already had a row today; nothing was written.
    AlreadyMarked(Mark),
}

/// One student's outcome from `Register::record`. The error is shared by
/// every student of a batch whose write failed.
pub type Recorded = Result<Outcome, Arc<RegisterError>>;

/// A failure to read or write attendance, worded for the teacher.
#[derive(Debug)]
pub struct RegisterError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

impl RegisterError {
    fn new(action: &'static str, path: &Path, source: io::Error) -> RegisterError {
        // The whole path: "the folder attendance" says nothing of where.
        let path = match std::env::current_dir() {
            Ok(cwd) if path.is_relative() => cwd.join(path),
            _ => path.to_path_buf(),
        };
        RegisterError {
            action,
            path,
            source,
        }
    }

    /// True when another program (Excel) holds the file, so the teacher can
    /// close it there and try again.
    pub fn is_held_by_another_program(&self) -> bool {
        files::is_held_by_another_program(&self.source)
    }
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )?;
        if files::is_disk_full(&self.source) {
            f.write_str(
                ". The disk is full: free some space, or start rollcall with --dir on a USB stick.",
            )
        } else if self.is_held_by_another_program() {
            f.write_str(". Another program (Excel?) has the file open: close the file in Excel, then try again.")
        } else if files::is_read_only(&self.source) {
            f.write_str(". This disk is read-only: start rollcall with --dir on a folder or USB stick that can be written.")
        } else if self.source.kind() == io::ErrorKind::PermissionDenied {
            f.write_str(". This folder cannot be written to: start rollcall with --dir on a folder or USB stick that can be written.")
        } else {
            Ok(())
        }
    }
}

/// Appends and syncs `rows` to the day's file, or to the waiting file while
/// another program holds the day's file.
fn write_rows(day: &mut Day, rows: &[Mark]) -> Result<(), RegisterError> {
    let bytes = format::encode_rows(rows);
    match day.file.as_mut() {
        Some(file) => files::append(file, &mut day.len, &bytes)
            .map_err(|e| RegisterError::new("save check-ins to", &day.path, e)),
        None => {
            let waiting = day::waiting_path(&day.path);
            day::append_waiting(&waiting, &bytes)
                .map_err(|e| RegisterError::new("save check-ins to", &waiting, e))
        }
    }
}

impl std::error::Error for RegisterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// An audit line for something the teacher did to `mark`'s row.
fn teacher_entry(now: NaiveDateTime, mark: &Mark, outcome: &str, reason: String) -> audit::Entry {
    audit::Entry {
        time: now.time(),
        address: audit::TEACHER.into(),
        device: String::new(),
        roll: mark.roll.clone(),
        name: mark.name.clone(),
        outcome: outcome.into(),
        reason,
    }
}

/// The attendance folder and the day currently open in it.
pub struct Register {
    dir: PathBuf,
    day: Day,
    /// The open day's audit trail.
    audit: audit::Writer,
    /// The open day's details file.
    details: details::Sidecar,
    /// The session's late rule, carried to a new day past midnight.
    late_default: Option<u32>,
    /// A message for the terminal, taken by the caller after each call.
    notices: Vec<String>,
}

impl Register {
    /// Creates the folder if needed and opens (or creates) the file for the
    /// date of `now`, holding it open for the rest of the day.
    pub fn open(dir: &Path, now: NaiveDateTime) -> Result<Register, RegisterError> {
        fs::create_dir_all(dir).map_err(|e| RegisterError::new("create the folder", dir, e))?;
        let mut notices = Vec::new();
        let day = Day::load(dir, now.date(), &mut notices)?;
        let mut register = Register {
            dir: dir.to_path_buf(),
            day,
            audit: audit::Writer::new(dir, now.date()),
            details: details::Sidecar::new(dir, now.date()),
            late_default: None,
            notices,
        };
        register.open_audit();
        register.open_details(now);
        Ok(register)
    }

    /// Writes down when check-in opened the first time it opens on a day
    /// (a restart keeps the first: a crash must not make the late on
    /// time), and carries the session's late rule to a day without one.
    fn open_details(&mut self, now: NaiveDateTime) {
        let known = self.details.details();
        let mut lines = Vec::new();
        if known.opened.is_none() {
            // Rows and no opening written down (a day begun by an older
            // rollcall, or its details file lost): it opened by the first.
            let first = self.day.rows.iter().map(|m| m.time).min();
            lines.push(Detail {
                time: first.map_or(now.time(), |t| t.min(now.time())),
                event: Event::Opened,
            });
        }
        if !known.rule_set && self.late_default.is_some() {
            lines.push(Detail {
                time: now.time(),
                event: Event::LateAfter(self.late_default),
            });
        }
        if !lines.is_empty() {
            if let Err(e) = self.details.write(&lines) {
                self.notices.push(format!(
                    "{e} (check-ins are still saved, but who is late cannot be told today)"
                ));
            }
        }
    }

    /// The late rule given at start (`--late-after`): written down for the
    /// day unless it is the rule in force already. Without one, the day's
    /// own rule (set on the screen before a restart) stays.
    pub fn start_late_rule(&mut self, minutes: Option<u32>, now: NaiveDateTime) {
        if minutes.is_some() && minutes != self.details.details().late_after {
            let line = Detail {
                time: now.time(),
                event: Event::LateAfter(minutes),
            };
            if let Err(e) = self.details.write(&[line]) {
                self.notices.push(format!("{e} (nobody is late today)"));
            }
        }
        self.late_default = self.details.details().late_after;
    }

    /// Sets the late rule for the day of `now` and the rest of the session:
    /// late more than `minutes` after opening; `None`, nobody is late.
    pub fn set_late_after(
        &mut self,
        minutes: Option<u32>,
        now: NaiveDateTime,
    ) -> Result<(), RegisterError> {
        self.prepare(now)?;
        self.details.write(&[Detail {
            time: now.time(),
            event: Event::LateAfter(minutes),
        }])?;
        self.late_default = minutes;
        Ok(())
    }

    /// Excuses `student` for the day of `now` (a note from home, a school
    /// trip), with the teacher's `reason`, and writes the audit line.
    /// `Ok(Some(row))`, with nothing written, when the student is marked.
    pub fn excuse(
        &mut self,
        student: &Student,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<Option<Mark>, RegisterError> {
        self.prepare(now)?;
        if let Some(mark) = self.day.get(&roll_key(&student.roll)) {
            return Ok(Some(mark.clone()));
        }
        let event = Event::Excused {
            roll: student.roll.clone(),
            name: student.name.clone(),
            reason: reason.to_string(),
        };
        let mark = Mark {
            roll: student.roll.clone(),
            name: student.name.clone(),
            time: now.time(),
        };
        self.write_excusal(event, &mark, (audit::EXCUSED, reason.into()), now)?;
        Ok(None)
    }

    /// Undoes the excuse of `roll` given on `date` (Undo). `Ok(false)` when
    /// it is not excused any more or the day has changed: nothing is done.
    pub fn unexcuse(
        &mut self,
        roll: &str,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<bool, RegisterError> {
        self.prepare(now)?;
        let excuse = match self.details.details().excuse_of(roll) {
            Some(excuse) if date == self.day.date => excuse.clone(),
            _ => return Ok(false),
        };
        let event = Event::NotExcused {
            roll: excuse.roll.clone(),
            name: excuse.name.clone(),
        };
        let mark = Mark {
            roll: excuse.roll,
            name: excuse.name,
            time: excuse.time,
        };
        let said = format!("excused at {}, by mistake", mark.time);
        self.write_excusal(event, &mark, (audit::UNEXCUSED, said), now)?;
        Ok(true)
    }

    /// Writes an excuse (or its undoing) to the details file, then its
    /// audit line (`outcome`, `reason`): only once the line is synced is it
    /// written down as done.
    fn write_excusal(
        &mut self,
        event: Event,
        mark: &Mark,
        (outcome, reason): (&str, String),
        now: NaiveDateTime,
    ) -> Result<(), RegisterError> {
        self.details.write(&[Detail {
            time: now.time(),
            event,
        }])?;
        self.write_audit(&[teacher_entry(now, mark, outcome, reason)]);
        Ok(())
    }

    /// The open day's details: when check-in opened, the late rule, who is
    /// excused (shared, not copied).
    pub fn details(&self) -> Details {
        self.details.details().clone()
    }

    /// Records each of `students` at `now`, unless its roll already has a
    /// row that day (or earlier in the same batch), with one write and one
    /// sync for the whole batch: on a slow disk a class arriving together
    /// then waits for a few syncs, not one per student.
    ///
    /// Returns, in order, one outcome per student, only once every new row is
    /// synced to disk. If the write fails, every student whose row was in it
    /// gets the error and nothing of the batch counts as marked. A `now` on
    /// another date than the open file's (midnight passed, or the clock was
    /// changed) moves to that date's file first.
    ///
    /// `audit` is given each student's outcome as it will be if the write
    /// succeeds and returns the audit lines of the batch (refusals decided
    /// before included): they are written and synced to the audit trail
    /// alongside the attendance rows, at the same time, so the trail costs
    /// a class no extra wait on a slow disk. If the attendance write fails,
    /// the caller writes the "not saved" lines.
    pub fn record(
        &mut self,
        students: &[&Student],
        now: NaiveDateTime,
        audit: impl FnOnce(&[Outcome]) -> Vec<audit::Entry>,
    ) -> Vec<Recorded> {
        if let Err(e) = self.prepare(now) {
            // Without outcomes the batch's refusals are all there is to
            // write; the failed check-ins get their "not saved" lines from
            // the caller.
            self.write_audit(&audit(&[]));
            let e = Arc::new(e);
            return students.iter().map(|_| Err(e.clone())).collect();
        }
        enum Plan {
            Known(Mark),
            New(usize),
            Again(usize),
        }
        let mut fresh: Vec<Mark> = Vec::new();
        let mut fresh_keys: HashMap<String, usize> = HashMap::new();
        let plans: Vec<Plan> = students
            .iter()
            .map(|student| {
                let key = roll_key(&student.roll);
                if let Some(mark) = self.day.get(&key) {
                    Plan::Known(mark.clone())
                } else if let Some(&i) = fresh_keys.get(&key) {
                    Plan::Again(i)
                } else {
                    fresh.push(Mark {
                        roll: student.roll.clone(),
                        name: student.name.clone(),
                        time: now.time(),
                    });
                    fresh_keys.insert(key, fresh.len() - 1);
                    Plan::New(fresh.len() - 1)
                }
            })
            .collect();
        let predicted: Vec<Outcome> = plans
            .iter()
            .map(|plan| match plan {
                Plan::Known(mark) => Outcome::AlreadyMarked(mark.clone()),
                Plan::New(i) => Outcome::Marked(fresh[*i].clone()),
                Plan::Again(i) => Outcome::AlreadyMarked(fresh[*i].clone()),
            })
            .collect();
        let entries = audit(&predicted);
        let written = self.write_both(&fresh, &entries).map_err(Arc::new);
        if written.is_ok() {
            self.day.add_rows(fresh.clone());
        }
        // A failed write's "not saved" lines are the caller's to write (one
        // place decides an attempt's audit line: `Class::save`).
        plans
            .into_iter()
            .map(|plan| match (plan, &written) {
                (Plan::Known(mark), _) => Ok(Outcome::AlreadyMarked(mark)),
                (Plan::New(i), Ok(())) => Ok(Outcome::Marked(fresh[i].clone())),
                (Plan::Again(i), Ok(())) => Ok(Outcome::AlreadyMarked(fresh[i].clone())),
                (_, Err(e)) => Err(e.clone()),
            })
            .collect()
    }

    /// Removes the row of `roll` from the day of `now` (a wrong row the
    /// teacher spotted), rewriting the file atomically. Returns the row and
    /// its place among the day's rows (for an undo), `Ok(None)` when the
    /// roll has no row. While another program (Excel) holds the file nothing
    /// changes and the error says so.
    pub fn remove(
        &mut self,
        roll: &str,
        now: NaiveDateTime,
    ) -> Result<Option<(Mark, usize)>, RegisterError> {
        self.prepare(now)?;
        let key = roll_key(roll);
        let place = match self.day.place_of(&key) {
            Some(place) => place,
            None => return Ok(None),
        };
        let mut rows = self.day.rows.to_vec();
        let removed = rows.remove(place);
        self.rewrite_day(rows)?;
        self.write_audit(&[teacher_entry(
            now,
            &removed,
            audit::REMOVED,
            format!("marked at {}", removed.time),
        )]);
        Ok(Some((removed, place)))
    }

    /// Puts back a row the teacher removed (Undo): the same roll, name and
    /// time at the same place among the day's rows, rewriting the file
    /// atomically. `Ok(false)` when the roll has a row again by now (the
    /// student checked in again) or the day has changed: nothing is done.
    pub fn restore(
        &mut self,
        mark: &Mark,
        place: usize,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<bool, RegisterError> {
        self.prepare(now)?;
        if date != self.day.date || self.day.get(&roll_key(&mark.roll)).is_some() {
            return Ok(false);
        }
        let mut rows = self.day.rows.to_vec();
        rows.insert(place.min(rows.len()), mark.clone());
        self.rewrite_day(rows)?;
        self.write_audit(&[teacher_entry(
            now,
            mark,
            audit::RESTORED,
            format!("marked at {}, removed by mistake", mark.time),
        )]);
        Ok(true)
    }

    /// Rewrites the open day's file as `rows`, atomically, and remembers
    /// them.
    fn rewrite_day(&mut self, rows: Vec<Mark>) -> Result<(), RegisterError> {
        if self.day.file.is_none() {
            // Excel got there first: rows wait in the waiting file, and a
            // rewrite would have to replace a file Excel holds.
            return Err(RegisterError::new(
                "change",
                &self.day.path,
                io::Error::from_raw_os_error(if cfg!(windows) { 32 } else { 16 }),
            ));
        }
        self.day.rewrite(&rows)?;
        self.day.set_rows(rows);
        Ok(())
    }

    /// Makes the open day the date of `now`, writable if it can be, and in
    /// its place on disk.
    fn prepare(&mut self, now: NaiveDateTime) -> Result<(), RegisterError> {
        if now.date() != self.day.date {
            self.day = Day::load(&self.dir, now.date(), &mut self.notices)?;
            self.audit.set_day(&self.dir, now.date());
            self.open_audit();
            // Check-in is open as the day begins: that is its opening.
            self.details = details::Sidecar::new(&self.dir, now.date());
            self.open_details(now);
            self.notices
                .push(format!("A new day: saving to {}", self.day.path.display()));
        } else if self.day.file.is_none() {
            // Excel may have let go since the last check-in. Its notices are
            // news only when it has; "still held" was said already.
            let mut notices = Vec::new();
            let day = Day::load(&self.dir, self.day.date, &mut notices)?;
            if day.file.is_some() {
                self.notices.extend(notices);
            }
            self.day = day;
        } else if !self.day.file_still_in_place() {
            self.day.put_back(&self.dir, &mut self.notices)?;
        }
        Ok(())
    }

    /// Writes and syncs `rows` to the day's file and `entries` to the audit
    /// trail, the two at once when there are both (two syncs in the time of
    /// one). A failure of the audit trail is a notice, never a lost check-in.
    fn write_both(&mut self, rows: &[Mark], entries: &[audit::Entry]) -> Result<(), RegisterError> {
        // The audit's write and sync start first, on its own thread, and
        // run while the rows are written and synced here.
        let pending = (!entries.is_empty()).then(|| self.audit.begin(entries));
        let written = if rows.is_empty() {
            Ok(())
        } else {
            write_rows(&mut self.day, rows)
        };
        if let Some(pending) = pending {
            if let Err(e) = self.audit.finish(pending) {
                self.audit_failed(e);
            }
        }
        written
    }

    /// Appends and syncs audit lines on their own (refusals, removals).
    pub fn write_audit(&mut self, entries: &[audit::Entry]) {
        if let Err(e) = self.audit.append(entries) {
            self.audit_failed(e);
        }
    }

    /// Opens the day's audit trail ahead of the day's first check-in.
    fn open_audit(&mut self) {
        if let Err(e) = self.audit.open() {
            self.audit_failed(e);
        }
    }

    fn audit_failed(&mut self, e: io::Error) {
        let e = RegisterError::new("write the audit trail", self.audit.path(), e);
        self.notices
            .push(format!("{e} (check-ins are still saved)"));
    }

    /// How many students are marked on the open day.
    pub fn count(&self) -> usize {
        self.day.rows.len()
    }

    /// The open day's rows, in the order they were saved: shared, not
    /// copied.
    pub fn rows(&self) -> Arc<Vec<Mark>> {
        Arc::clone(&self.day.rows)
    }

    /// The date of the open day.
    pub fn date(&self) -> NaiveDate {
        self.day.date
    }

    /// The open day's attendance file.
    pub fn path(&self) -> &Path {
        &self.day.path
    }

    /// The attendance folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Messages for the teacher's terminal gathered since the last call.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }
}
#[cfg(test)]
mod tests;
