//! How a student stands this month, for the Present page: "This month:
//! 18 of 20 class days (90 %)".
//!
//! Why it is built this way:
//! - The days before today come from the day files, read once through the
//!   register's reader (`report::build`, the same numbers `rollcall report`
//!   prints), when check-in first needs them and again when the date
//!   changes; today is the day being marked, so a check-in never reads the
//!   disk and the numbers follow each saved row.
//! - Only the roll just marked is looked up; nothing here lists anyone.
//! - A month whose files cannot be read shows no line rather than a wrong
//!   one: the register names the file when the teacher runs the report.

use crate::report::{self, ReportError};
use crate::roster::Roster;
use crate::validate::roll_key;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashMap;
use std::path::Path;

/// A student's month so far, today included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Days they came (late counts as came).
    pub present: usize,
    /// Class days that count for them: excused days are left out.
    pub days: usize,
}

impl Standing {
    /// Whole percent, rounded as the register rounds ("87.5").
    pub fn percent(&self) -> String {
        report::percent(self.present, self.days)
    }

    /// Below the teacher's threshold, in percent.
    pub fn is_below(&self, threshold: u32) -> bool {
        report::is_below(self.present, self.days, threshold)
    }
}

/// The month's days before today, counted per student.
#[derive(Debug, Default)]
pub struct Standings {
    /// The day the counts run up to (not included); `None` until loaded.
    today: Option<NaiveDate>,
    /// Whether the earlier days could be read.
    readable: bool,
    /// Class days this month before today.
    days: usize,
    /// By `roll_key`: (days present, days excused) before today.
    students: HashMap<String, (usize, usize)>,
}

impl Standings {
    /// The standing of `roll`, just marked present on `today`. Reads this
    /// month's earlier files the first time, and again on a new day.
    pub fn of(
        &mut self,
        folder: &Path,
        roster: Option<&Roster>,
        roll: &str,
        today: NaiveDate,
    ) -> Option<Standing> {
        if self.today != Some(today) {
            *self = Standings::read(folder, roster, today);
        }
        if !self.readable {
            return None;
        }
        let (present, excused) = self
            .students
            .get(&roll_key(roll))
            .copied()
            .unwrap_or_default();
        // Today is a class day and they came: it counts on both sides.
        Some(Standing {
            present: present + 1,
            days: (self.days + 1).saturating_sub(excused),
        })
    }

    /// The counts of this month's days before `today`.
    fn read(folder: &Path, roster: Option<&Roster>, today: NaiveDate) -> Standings {
        let mut standings = Standings {
            today: Some(today),
            readable: true,
            ..Standings::default()
        };
        if today.day() == 1 {
            return standings;
        }
        let from = report::month_start(today);
        let to = today - Duration::days(1);
        match report::build(folder, roster, from, to) {
            Ok(register) => {
                standings.days = register.days.len();
                for line in &register.students {
                    let counts = (line.days_present(), line.days_excused());
                    standings.students.insert(roll_key(&line.roll), counts);
                }
            }
            // No class this month before today.
            Err(ReportError::NoDays(..)) => {}
            Err(_) => standings.readable = false,
        }
        standings
    }
}
