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
//!   `waiting/attendance_DATE.csv` and are moved into the day's file as soon
//!   as it can be opened for writing again.
//!
//! - **The day's file stays `Roll,Name,Time`.** When check-in opened, the
//!   late rule and who is excused go to a details file beside it
//!   (`details`), so spreadsheets and older readers of the day's file see
//!   nothing new.
//!
//! Parts: `format` (the row format every reader and writer shares), `files`
//! (durable appends, atomic rewrites, Windows sharing), `day` (one day's
//! file held open), `details` (the day's details file), `hand` (what the
//! teacher does to the day by hand: marks on time or late, not here, and
//! their undoing).

pub mod audit;
mod day;
mod details;
mod files;
pub mod format;
mod hand;
mod trail;

pub use format::details::Details;
pub use format::Mark;
pub use hand::ByHand;
pub use trail::Trail;

use format::details::{Detail, Event};

use crate::validate::{roll_key, Student};
use audit::Entry;
use chrono::{NaiveDate, NaiveDateTime};
use day::Day;
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::net::IpAddr;
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

/// Who sent a check-in, as the audit trail names them.
#[derive(Debug, Clone, Copy)]
pub enum Sender<'a> {
    /// A phone (or the laptop's own browser, a kiosk): its address and the
    /// device cookie it has ("" for none).
    Phone { ip: IpAddr, device: &'a str },
    /// The teacher's screen (marked by hand).
    Teacher,
}

impl Sender<'_> {
    /// The device cookie, "" for none (and for the teacher).
    pub fn device(&self) -> &str {
        match self {
            Sender::Phone { device, .. } => device,
            Sender::Teacher => "",
        }
    }
}

/// A check-in to record: the student as it is saved (the class list's
/// spelling), who sent it, and the name as typed where the list spells it
/// otherwise (for the audit trail).
#[derive(Debug, Clone, Copy)]
pub struct CheckIn<'a> {
    pub student: &'a Student,
    pub sender: Sender<'a>,
    pub typed: Option<&'a str>,
}

/// What became of one check-in of `Register::record`: its outcome, or the
/// disk's error (shared by every new row of a batch whose write failed);
/// and whether its audit line was written (a repeat past the first of its
/// minute is not, nor told on the terminal).
#[derive(Debug, Clone)]
pub struct Recorded {
    pub result: Result<Outcome, Arc<RegisterError>>,
    pub noted: bool,
}

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
fn teacher_entry(now: NaiveDateTime, mark: &Mark, outcome: &str, reason: String) -> Entry {
    Entry::by_teacher(now, (&mark.roll, &mark.name), outcome, &reason)
}

/// The attendance folder and the day currently open in it.
pub struct Register {
    dir: PathBuf,
    day: Day,
    /// The folder's audit trail (shared with whoever writes refusals).
    trail: Arc<Trail>,
    /// The day's "already marked" lines, for the once-a-minute filter.
    repeats: audit::Repeats,
    /// The open day's details file.
    details: details::Sidecar,
    /// The session's late rule, carried to a new day past midnight.
    late_default: Option<u32>,
    /// The day a class still open opened on, and until when it is kept
    /// past its midnight (`Session::keeps_its_day`).
    kept: Option<(NaiveDate, NaiveDateTime)>,
    /// A message for the terminal, taken by the caller after each call.
    notices: Vec<String>,
}

impl Register {
    /// Creates the folder if needed and opens (or creates) the file for the
    /// date of `now`, holding it open for the rest of the day.
    /// The audit lines go to `trail`, the folder's.
    pub fn open(
        dir: &Path,
        trail: Arc<Trail>,
        now: NaiveDateTime,
    ) -> Result<Register, RegisterError> {
        // The folders first: the day file's making syncs the folder that
        // holds them all, once.
        for folder in [dir.to_path_buf(), audit::folder(dir), details::folder(dir)] {
            fs::create_dir_all(&folder)
                .map_err(|e| RegisterError::new("create the folder", &folder, e))?;
        }
        let mut notices = Vec::new();
        let day = Day::load(dir, now.date(), &mut notices)?;
        let mut register = Register {
            dir: dir.to_path_buf(),
            day,
            trail,
            repeats: audit::Repeats::default(),
            details: details::Sidecar::new(dir, now.date()),
            late_default: None,
            kept: None,
            notices,
        };
        register.open_audit(now.date());
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
        self.write_audit(now, &[teacher_entry(now, mark, outcome, reason)]);
        Ok(())
    }

    /// The open day's details: when check-in opened, the late rule, who is
    /// excused (shared, not copied).
    pub fn details(&self) -> Details {
        self.details.details().clone()
    }

    /// Records each check-in at `now`, unless its roll already has a row
    /// that day (or earlier in the same batch), with one write and one sync
    /// for the whole batch: on a slow disk a class arriving together then
    /// waits for a few syncs, not one per student. Their audit lines
    /// (made here, from what the day holds: `audit::check_in_lines`), and
    /// `refused`, the lines of the batch's refusals decided before, are
    /// written and synced to the trail alongside the rows, at the same
    /// time, so the trail costs a class no extra wait.
    ///
    /// Returns, in order, one outcome per check-in, only once every new row
    /// is synced. If the write fails, every check-in whose row was in it
    /// gets the error, and a "not saved" line after its first. A `now` on
    /// another date than the open file's (midnight passed, or the clock was
    /// changed) moves to that date's file first.
    pub fn record(
        &mut self,
        check_ins: &[CheckIn<'_>],
        refused: &[Entry],
        now: NaiveDateTime,
    ) -> Vec<Recorded> {
        if let Err(e) = self.prepare(now) {
            return self.none_recorded(check_ins, refused, e, now);
        }
        let (fresh, plans) = self.plan(check_ins, now);
        let outcomes: Vec<Outcome> = plans.iter().map(|(o, _)| o.clone()).collect();
        let (mut lines, noted) =
            audit::check_in_lines(check_ins, &outcomes, now, &mut self.repeats);
        lines.extend_from_slice(refused);
        // The trail's write and sync start first, on its own thread, and
        // run while the rows are written and synced here.
        let ticket =
            (!lines.is_empty()).then(|| self.trail.send(self.day.date, audit::encode(&lines)));
        let written = match fresh.is_empty() {
            true => Ok(()),
            false => write_rows(&mut self.day, &fresh).map_err(Arc::new),
        };
        if let Some(ticket) = ticket {
            let done = self.trail.wait(ticket);
            self.audit_done(done, self.day.date);
        }
        if written.is_ok() {
            self.day.add_rows(fresh);
        }
        let results: Vec<Recorded> = plans
            .into_iter()
            .zip(noted)
            .map(|((outcome, needs_write), noted)| Recorded {
                result: match (&written, needs_write) {
                    (Err(e), true) => Err(e.clone()),
                    _ => Ok(outcome),
                },
                noted,
            })
            .collect();
        self.write_not_saved(check_ins, &results, now);
        results
    }

    /// Each check-in as it will be once the batch's new rows are written,
    /// and whether that needs the write: (new rows, plans).
    fn plan(
        &self,
        check_ins: &[CheckIn<'_>],
        now: NaiveDateTime,
    ) -> (Vec<Mark>, Vec<(Outcome, bool)>) {
        let mut fresh: Vec<Mark> = Vec::new();
        let mut fresh_keys: HashMap<String, usize> = HashMap::new();
        let plans = check_ins
            .iter()
            .map(|c| {
                let key = roll_key(&c.student.roll);
                if let Some(mark) = self.day.get(&key) {
                    (Outcome::AlreadyMarked(mark.clone()), false)
                } else if let Some(&i) = fresh_keys.get(&key) {
                    (Outcome::AlreadyMarked(fresh[i].clone()), true)
                } else {
                    fresh.push(Mark {
                        roll: c.student.roll.clone(),
                        name: c.student.name.clone(),
                        time: now.time(),
                    });
                    fresh_keys.insert(key, fresh.len() - 1);
                    (Outcome::Marked(fresh[fresh.len() - 1].clone()), true)
                }
            })
            .collect();
        (fresh, plans)
    }

    /// The day's file could not be opened: nothing of the batch is saved;
    /// the refusals and a "not saved" line each are written down.
    fn none_recorded(
        &mut self,
        check_ins: &[CheckIn<'_>],
        refused: &[Entry],
        e: RegisterError,
        now: NaiveDateTime,
    ) -> Vec<Recorded> {
        let why = e.to_string();
        let mut lines = refused.to_vec();
        lines.extend(
            check_ins
                .iter()
                .map(|c| audit::not_saved_line(c, now, &why)),
        );
        self.write_audit(now, &lines);
        let e = Arc::new(e);
        check_ins
            .iter()
            .map(|_| Recorded {
                result: Err(e.clone()),
                noted: true,
            })
            .collect()
    }

    /// One "not saved" line per check-in whose row the disk refused, after
    /// the line written beside it.
    fn write_not_saved(
        &mut self,
        check_ins: &[CheckIn<'_>],
        results: &[Recorded],
        now: NaiveDateTime,
    ) {
        let lines: Vec<Entry> = check_ins
            .iter()
            .zip(results)
            .filter_map(|(c, r)| match &r.result {
                Err(e) => Some(audit::not_saved_line(c, now, &e.to_string())),
                Ok(_) => None,
            })
            .collect();
        if !lines.is_empty() {
            self.write_audit(now, &lines);
        }
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
        let removed = self.take_out(roll, now)?;
        if let Some((removed, _)) = &removed {
            let why = format!("marked at {}", removed.time);
            let line = teacher_entry(now, removed, audit::REMOVED, why);
            self.write_audit(now, &[line]);
        }
        Ok(removed)
    }

    /// Takes the row of `roll` out of the day of `now`, rewriting the file
    /// atomically: the row and its place, `Ok(None)` when it has none.
    fn take_out(
        &mut self,
        roll: &str,
        now: NaiveDateTime,
    ) -> Result<Option<(Mark, usize)>, RegisterError> {
        self.prepare(now)?;
        let place = match self.day.place_of(&roll_key(roll)) {
            Some(place) => place,
            None => return Ok(None),
        };
        let mut rows = self.day.rows.to_vec();
        let removed = rows.remove(place);
        self.rewrite_day(rows)?;
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
        let restored = self.put_back(mark, place, date, now)?;
        if restored {
            let why = format!("marked at {}, removed by mistake", mark.time);
            let line = teacher_entry(now, mark, audit::RESTORED, why);
            self.write_audit(now, &[line]);
        }
        Ok(restored)
    }

    /// Puts `mark` back at `place` among the rows of `date`, if that is
    /// still the open day and the roll has no row again.
    fn put_back(
        &mut self,
        mark: &Mark,
        place: usize,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<bool, RegisterError> {
        if !self.may_put_back(mark, date, now)? {
            return Ok(false);
        }
        let mut rows = self.day.rows.to_vec();
        rows.insert(place.min(rows.len()), mark.clone());
        self.rewrite_day(rows)?;
        Ok(true)
    }

    /// Whether `mark`, taken out on `date`, may go back now: that is still
    /// the open day (made the day of `now`), and the roll has no row again.
    fn may_put_back(
        &mut self,
        mark: &Mark,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<bool, RegisterError> {
        self.prepare(now)?;
        Ok(date == self.day.date && self.day.get(&roll_key(&mark.roll)).is_none())
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

    /// Keeps the day a class opened on past its midnight, until when the
    /// session says (`None`: check-in is closed).
    pub fn keep_day(&mut self, kept: Option<(NaiveDate, NaiveDateTime)>) {
        self.kept = kept;
    }

    /// The class day of `now`: the open day while the class that opened on
    /// it is kept past its midnight, else the date of `now`.
    fn day_of(&self, now: NaiveDateTime) -> NaiveDate {
        let kept = self
            .kept
            .map_or(false, |(day, until)| day == self.day.date && now < until);
        let next = self.day.date.succ_opt() == Some(now.date());
        if kept && next {
            self.day.date
        } else {
            now.date()
        }
    }

    /// Moves to the class day of `now` if it is a new one, its files made
    /// (and their folders synced) now: called ahead of the day's first
    /// check-in (at midnight, by the server's watcher), so that it does not
    /// wait for them. Its words, if any, are in `take_notices`.
    pub fn turn_day(&mut self, now: NaiveDateTime) {
        if self.day_of(now) != self.day.date {
            if let Err(e) = self.prepare(now) {
                self.notices.push(e.to_string());
            }
        }
    }

    /// Makes the open day the class day of `now`, writable if it can be,
    /// and in its place on disk.
    fn prepare(&mut self, now: NaiveDateTime) -> Result<(), RegisterError> {
        let date = self.day_of(now);
        if date != self.day.date {
            self.day = Day::load(&self.dir, date, &mut self.notices)?;
            self.repeats.clear();
            self.open_audit(date);
            // Check-in is open as the day begins: that is its opening.
            self.details = details::Sidecar::new(&self.dir, date);
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

    /// Appends and syncs audit lines of `now`'s day on their own (a removal,
    /// an excuse, a batch the disk refused).
    pub fn write_audit(&mut self, now: NaiveDateTime, entries: &[Entry]) {
        let day = self.day_of(now);
        let done = self.trail.write(day, audit::encode(entries));
        self.audit_done(done, day);
    }

    /// Makes the day's audit trail ahead of the day's first check-in.
    fn open_audit(&mut self, date: NaiveDate) {
        let done = self.trail.open(date);
        self.audit_done(done, date);
    }

    /// A trail that could not be written is a notice, never a lost check-in.
    fn audit_done(&mut self, done: io::Result<()>, date: NaiveDate) {
        if let Err(e) = done {
            let e = RegisterError::new("write the audit trail", &self.trail.path(date), e);
            self.notices
                .push(format!("{e} (check-ins are still saved)"));
        }
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
