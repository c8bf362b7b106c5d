//! What the teacher does to the day by hand, beyond a row's removal: rows
//! marked by hand with the teacher's word, on time or late; a student a
//! spot check found not in the room; and Undo of both.
//!
//! Why it is done here, this way:
//! - **One lock over the row and its word.** A hand mark's row and the
//!   details line saying on time or late are written under the register's
//!   one lock, so the screen, the status and the report never read the row
//!   without the word; both are synced before the teacher is told.
//! - **The day's file stays `Roll,Name,Time`.** The word goes to the
//!   details file (`format::details`: `marked by hand`, `not here`), with
//!   the row's own time, so it speaks of that row and no later one.
//! - **Several at once, one sync.** A typed list of rolls or the boxes
//!   ticked on the screen are one batch, as a class's check-ins are.

use super::audit::{self, Entry};
use super::format::details::{Detail, Event};
use super::{teacher_entry, CheckIn, Mark, Outcome, Recorded, Register, RegisterError, Sender};
use crate::validate::{roll_key, Student};
use chrono::{NaiveDate, NaiveDateTime};

/// A student to mark by hand: as saved (the class list's spelling), and
/// the name as typed where the list spells it otherwise.
pub struct ByHand<'a> {
    pub student: &'a Student,
    pub typed: Option<&'a str>,
}

impl Register {
    /// Marks `students` present by hand at `now` with one write and one
    /// sync of the day's file, then writes the teacher's word on each new
    /// row (late, or on time) to the details file, synced, before
    /// returning: a hand mark is on time unless the teacher says late,
    /// whatever the late rule. Returns each one's outcome, as `record`
    /// does, and the details file's error if the word could not be written
    /// (the rows are saved; the rule then says who is late).
    pub fn mark_by_hand(
        &mut self,
        students: &[ByHand<'_>],
        late: bool,
        now: NaiveDateTime,
    ) -> (Vec<Recorded>, Option<RegisterError>) {
        let check_ins: Vec<CheckIn<'_>> = students
            .iter()
            .map(|s| CheckIn {
                student: s.student,
                sender: Sender::Teacher,
                typed: s.typed,
            })
            .collect();
        let recorded = self.record(&check_ins, &[], now);
        let marked: Vec<Mark> = recorded
            .iter()
            .filter_map(|r| match &r.result {
                Ok(Outcome::Marked(m)) => Some(m.clone()),
                _ => None,
            })
            .collect();
        let failed = self.write_words(&marked, late, now).err();
        (recorded, failed)
    }

    /// The teacher's word on the rows just marked by hand, then (for the
    /// late) their audit lines: only once the word is synced is it done.
    fn write_words(
        &mut self,
        marked: &[Mark],
        late: bool,
        now: NaiveDateTime,
    ) -> Result<(), RegisterError> {
        if marked.is_empty() {
            return Ok(());
        }
        let lines: Vec<Detail> = marked
            .iter()
            .map(|m| Detail {
                time: m.time,
                event: Event::ByHand {
                    roll: m.roll.clone(),
                    name: m.name.clone(),
                    late,
                },
            })
            .collect();
        self.details.write(&lines)?;
        if late {
            let entries: Vec<Entry> = marked
                .iter()
                .map(|m| {
                    let why = format!("marked at {}", m.time);
                    teacher_entry(now, m, audit::LATE_BY_TEACHER, why)
                })
                .collect();
            self.write_audit(now, &entries);
        }
        Ok(())
    }

    /// Takes back rows marked by hand by mistake (Undo): each of `marks`
    /// whose roll still has that very row (the same time) on `date`, with
    /// one atomic rewrite. Returns those taken out; none once the day has
    /// changed.
    pub fn unmark(
        &mut self,
        marks: &[Mark],
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Vec<Mark>, RegisterError> {
        self.prepare(now)?;
        if date != self.day.date {
            return Ok(Vec::new());
        }
        let is_one = |row: &Mark| {
            let key = roll_key(&row.roll);
            marks
                .iter()
                .any(|m| m.time == row.time && roll_key(&m.roll) == key)
        };
        let (gone, kept): (Vec<Mark>, Vec<Mark>) =
            self.day.rows.iter().cloned().partition(|r| is_one(r));
        if gone.is_empty() {
            return Ok(gone);
        }
        self.rewrite_day(kept)?;
        let entries: Vec<Entry> = gone
            .iter()
            .map(|m| {
                let why = format!("marked at {}, by mistake", m.time);
                teacher_entry(now, m, audit::UNMARKED, why)
            })
            .collect();
        self.write_audit(now, &entries);
        Ok(gone)
    }

    /// A spot check found `roll` not in the room: its row is taken out of
    /// the day of `now` (atomically), `not here` is written to the details
    /// file, and the audit line says `said` (which phone had marked them).
    /// Returns the row and its place, for Undo; `Ok(None)` when the roll
    /// has no row. While Excel holds the file nothing changes.
    pub fn not_here(
        &mut self,
        roll: &str,
        said: &str,
        now: NaiveDateTime,
    ) -> Result<Option<(Mark, usize)>, RegisterError> {
        let (mark, place) = match self.take_out(roll, now)? {
            Some(removed) => removed,
            None => return Ok(None),
        };
        let line = Detail {
            time: now.time(),
            event: Event::NotHere {
                roll: mark.roll.clone(),
                name: mark.name.clone(),
                reason: format!("spot check; marked at {}", mark.time),
            },
        };
        // The row is out already, so the register says absent either way.
        if let Err(e) = self.details.write(&[line]) {
            self.notices.push(format!("{e} (the row is taken out)"));
        }
        let entry = teacher_entry(now, &mark, audit::NOT_HERE, said.to_string());
        self.write_audit(now, &[entry]);
        Ok(Some((mark, place)))
    }

    /// Undoes a not here of `date` (Undo): `not here undone`, then the row
    /// back at its place. `Ok(false)` when the roll has a row again or the
    /// day has changed: nothing is done.
    pub fn undo_not_here(
        &mut self,
        mark: &Mark,
        place: usize,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<bool, RegisterError> {
        if !self.may_put_back(mark, date, now)? {
            return Ok(false);
        }
        // The word first: a row put back under a `not here` would not count.
        self.details.write(&[Detail {
            time: now.time(),
            event: Event::NotHereUndone {
                roll: mark.roll.clone(),
                name: mark.name.clone(),
            },
        }])?;
        let restored = self.put_back(mark, place, date, now)?;
        if restored {
            let why = format!("marked at {}, not here by mistake", mark.time);
            let entry = teacher_entry(now, mark, audit::NOT_HERE_UNDONE, why);
            self.write_audit(now, &[entry]);
        }
        Ok(restored)
    }
}
