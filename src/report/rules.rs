//! The register's rules, in one place: `rollcall report` (the CSV, the
//! printed page, the day's counts) and the student's Present page
//! (`standing.rs`) count by these and nothing else, so a student never
//! reads one number on the phone and another on the register.
//!
//! - **A class day** is a day with a daily file (`class_day`): rollcall
//!   writes one on every day it runs, even before the first check-in, so a
//!   day nobody came is still a day (the report points such days out, in
//!   case it was a holiday).
//! - **Present** is a row in the day's file; **late** (`L`) when its time
//!   is past the day's late rule, and late counts as present. A row the
//!   teacher marked by hand is late only if the teacher said so (the
//!   details file's `marked by hand`), whatever the rule: a student whose
//!   phone died is not late for it.
//! - **Not here** (`A`): a row saved before a spot check found the student
//!   not in the room does not count (the row is taken out of the day's
//!   file too); a row saved after it does.
//! - **Excused** (`E`): no row that day and excused by the teacher. The day
//!   is not held against the student: it leaves their days. A row wins
//!   over an excuse: an excused student who came is present.
//! - **Below the threshold**: under it in whole numbers; exactly the
//!   threshold is not below, and a student with no days is never below.
//! - **Percent** has one decimal at most, rounded half up: 100, 87.5, 66.7.
//! - **Days left**: a student below the threshold needs the fewest of the
//!   days left that bring them to it, counting every day left as a class
//!   day that counts for them (an excuse to come is not known yet).

use crate::register::{self, Details};
use chrono::{NaiveDate, NaiveTime};
use std::fmt;

/// What a student was on one class day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMark {
    Absent,
    Present,
    /// Present, after the day's late rule.
    Late,
    /// Not there, excused by the teacher: not held against them.
    Excused,
}

impl DayMark {
    /// The mark of `roll`'s row saved at `time` on a day with `details`.
    pub fn came(roll: &str, time: NaiveTime, details: &Details) -> DayMark {
        if details.is_row_not_here(roll, time) {
            DayMark::Absent
        } else if details.is_row_late(roll, time) {
            DayMark::Late
        } else {
            DayMark::Present
        }
    }

    /// The mark once the student is excused: a row wins over an excuse.
    pub fn excused(self) -> DayMark {
        match self {
            DayMark::Absent => DayMark::Excused,
            mark => mark,
        }
    }

    /// The register's letter.
    pub fn letter(self) -> &'static str {
        match self {
            DayMark::Absent => "A",
            DayMark::Present => "P",
            DayMark::Late => "L",
            DayMark::Excused => "E",
        }
    }

    /// Late counts as present.
    pub fn is_present(self) -> bool {
        matches!(self, DayMark::Present | DayMark::Late)
    }
}

/// The date of a daily file (or its waiting file) by its name: each date
/// with one is a class day.
pub fn class_day(file_name: &str) -> Option<NaiveDate> {
    register::date_of_file(file_name)
}

/// A student's days, counted by the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Days present, late ones included.
    pub present: usize,
    pub late: usize,
    pub excused: usize,
    /// The days that count for them: every class day but the excused.
    pub days: usize,
}

impl Counts {
    /// The counts of `marks`, a day each.
    pub fn of(marks: &[DayMark]) -> Counts {
        let mut counts = Counts::default();
        for &mark in marks {
            counts.add(mark);
        }
        counts
    }

    /// Counts one more class day.
    pub fn add(&mut self, mark: DayMark) {
        match mark {
            DayMark::Excused => self.excused += 1,
            _ => self.days += 1,
        }
        self.present += usize::from(mark.is_present());
        self.late += usize::from(mark == DayMark::Late);
    }

    /// Present of days as a percentage, `None` when no day counts (a
    /// student excused on every day: no share is made up).
    pub fn percent(&self) -> Option<String> {
        (self.days > 0).then(|| percent(self.present, self.days))
    }

    pub fn is_below(&self, threshold: u32) -> bool {
        is_below(self.present, self.days, threshold)
    }

    /// What a student below `threshold` needs of the `left` class days to
    /// come; `None` for a student who is not below.
    pub fn needs(&self, left: u32, threshold: u32) -> Option<Needs> {
        if !self.is_below(threshold) {
            return None;
        }
        let (left, threshold) = (left as usize, threshold as usize);
        // The fewest k with (present + k) / (days + left) >= threshold %.
        let wanted = threshold * (self.days + left);
        let k = (wanted - self.present * 100 + 99) / 100;
        Some(if k <= left {
            Needs::Days { k, left }
        } else {
            Needs::Cannot { threshold }
        })
    }
}

/// What a student below the threshold needs of the days left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Present on `k` of the next `left` class days reaches the threshold.
    Days { k: usize, left: usize },
    /// Even every day left does not.
    Cannot { threshold: usize },
}

impl fmt::Display for Needs {
    /// "needs 20 of the next 20 days", "cannot reach 75 %".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Needs::Days { k, left: 1 } => write!(f, "needs {k} of the next 1 day"),
            Needs::Days { k, left } => write!(f, "needs {k} of the next {left} days"),
            Needs::Cannot { threshold } => write!(f, "cannot reach {threshold} %"),
        }
    }
}

/// Whether `present` of `days` is under `threshold` percent (exactly the
/// threshold is not; no days is not), in whole numbers.
pub fn is_below(present: usize, days: usize, threshold: u32) -> bool {
    days > 0 && present * 100 < threshold as usize * days
}

/// `present` out of `days` as a percentage with at most one decimal, as a
/// teacher writes it: 100, 87.5, 66.7.
pub fn percent(present: usize, days: usize) -> String {
    let tenths = (present * 1000 + days / 2) / days.max(1);
    match tenths % 10 {
        0 => (tenths / 10).to_string(),
        t => format!("{}.{t}", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_as_a_teacher_writes_them() {
        assert_eq!(percent(18, 18), "100");
        assert_eq!(percent(7, 8), "87.5");
        assert_eq!(percent(2, 3), "66.7");
        assert_eq!(percent(11, 18), "61.1");
        assert_eq!(percent(0, 5), "0");
        assert_eq!(percent(1, 120), "0.8");
    }

    #[test]
    fn late_is_present_and_an_excused_day_leaves_the_days() {
        use DayMark::*;
        let counts = Counts::of(&[Present, Late, Excused, Absent, Late]);
        assert_eq!(
            counts,
            Counts {
                present: 3,
                late: 2,
                excused: 1,
                days: 4
            }
        );
        assert_eq!(counts.percent().as_deref(), Some("75"));
        assert_eq!(Counts::of(&[Excused, Excused]).percent(), None);
        assert!(!Counts::of(&[Excused]).is_below(75));
        // A row wins over an excuse.
        assert_eq!(Late.excused(), Late);
        assert_eq!(Absent.excused(), Excused);
    }

    fn counts(present: usize, days: usize) -> Counts {
        Counts {
            present,
            days,
            ..Counts::default()
        }
    }

    #[test]
    fn what_a_student_below_needs_of_the_days_left() {
        // (10 + 20) / 40 = 75 %: every one of them.
        let needs = counts(10, 20).needs(20, 75);
        assert_eq!(needs, Some(Needs::Days { k: 20, left: 20 }));
        assert_eq!(
            needs.map(|n| n.to_string()).as_deref(),
            Some("needs 20 of the next 20 days")
        );
        // (5 + 20) / 40 = 62.5 %.
        let cannot = counts(5, 20).needs(20, 75);
        assert_eq!(cannot, Some(Needs::Cannot { threshold: 75 }));
        assert_eq!(
            cannot.map(|n| n.to_string()).as_deref(),
            Some("cannot reach 75 %")
        );
        // 14 of 20 (70 %): 16 of 20 more gives 30 of 40, 15 only 29.
        assert_eq!(
            counts(14, 20).needs(20, 75),
            Some(Needs::Days { k: 16, left: 20 })
        );
        // Exactly at the threshold is not below; above neither.
        assert_eq!(counts(15, 20).needs(20, 75), None);
        assert_eq!(counts(20, 20).needs(0, 75), None);
        // A rounding edge: 2 of 3 (66.7 %) with 1 left under 67 %: 3 of 4.
        assert_eq!(
            counts(2, 3).needs(1, 67),
            Some(Needs::Days { k: 1, left: 1 })
        );
        assert_eq!(
            Needs::Days { k: 1, left: 1 }.to_string(),
            "needs 1 of the next 1 day"
        );
        // No days left: below stays below.
        assert_eq!(
            counts(1, 2).needs(0, 75),
            Some(Needs::Cannot { threshold: 75 })
        );
    }
}
