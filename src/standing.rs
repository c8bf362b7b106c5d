//! How a student stands this month, for the Present page: "This month:
//! 18 of 20 class days (90 %)".
//!
//! Why it is built this way:
//! - The days before today are read from the day files ahead of time, off
//!   every student's path: when the server starts and again when the date
//!   changes (`read_ahead`, called at start and every half second by a
//!   watcher thread, `watch`). A check-in only looks in memory; in the
//!   moment before a new day's month is read it shows no line rather than
//!   make a student wait for the disk.
//! - Counted by the register's rules (`report::rules`, the days through
//!   `report::build`): the numbers `rollcall report` prints. Today is the
//!   day being marked, counted live by the same rules, so the numbers
//!   follow each saved row.
//! - Only the roll just marked is looked up, and only for a phone that
//!   marked that roll on an earlier day (of the last 31: its device
//!   cookie, in that day's audit trail): a phone new to a roll, as a friend's phone
//!   marking a roll for someone absent is, sees today's Present alone, and
//!   learns nothing of that student's month. Nothing here lists anyone.
//! - A month whose files cannot be read shows no line rather than a wrong
//!   one: the register names the file when the teacher runs the report.

use crate::register::audit;
use crate::report::rules::{self, Counts, DayMark};
use crate::report::{self, ReportError};
use crate::roster::Roster;
use crate::validate::roll_key;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

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
        rules::percent(self.present, self.days)
    }

    /// Below the teacher's threshold, in percent.
    pub fn is_below(&self, threshold: u32) -> bool {
        rules::is_below(self.present, self.days, threshold)
    }
}

/// The month's days before today, counted per student, once read.
#[derive(Debug, Default)]
pub struct Standings {
    month: Mutex<Option<Month>>,
}

#[derive(Debug)]
struct Month {
    /// The day the counts run up to (not included).
    today: NaiveDate,
    /// `None` when the earlier days could not be read.
    students: Option<HashMap<String, Counts>>,
    /// The counts of a student with no line: absent every class day.
    nobody: Counts,
    /// (device cookie, roll key) of each roll a phone marked on an earlier
    /// day this month, from those days' audit trails.
    phones: Vec<(String, String)>,
}

/// Phones remembered from the month's trails (a class's worth is a few
/// hundred; a flood's accepted lines are few, and capped here).
const MAX_PHONES: usize = 65536;

impl Standings {
    /// The standing of `roll`, just marked present on `today` by the phone
    /// with the cookie `device`, from memory alone: `None` until this
    /// month's earlier days are read (or when they cannot be), and for a
    /// phone that marked no such roll on an earlier day this month.
    pub fn of(&self, roll: &str, device: &str, today: NaiveDate) -> Option<Standing> {
        let month = crate::locks::lock(&self.month);
        let month = month.as_ref().filter(|m| m.today == today)?;
        let key = roll_key(roll);
        let known =
            !device.is_empty() && month.phones.iter().any(|(d, r)| d == device && *r == key);
        if !known {
            return None;
        }
        let mut counts = *month
            .students
            .as_ref()?
            .get(&roll_key(roll))
            .unwrap_or(&month.nobody);
        // Today is a class day and they came.
        counts.add(DayMark::Present);
        Some(Standing {
            present: counts.present,
            days: counts.days,
        })
    }

    /// Reads this month's days before `today` from `folder`, unless they
    /// are read already. It reads the disk: never call it on a student's
    /// request. The lock is not held meanwhile, so check-ins go on.
    pub fn read_ahead(&self, folder: &Path, roster: Option<&Roster>, today: NaiveDate) {
        let read = crate::locks::lock(&self.month)
            .as_ref()
            .map_or(false, |m| m.today == today);
        if !read {
            let month = Month::read(folder, roster, today);
            *crate::locks::lock(&self.month) = Some(month);
        }
    }
}

impl Month {
    /// The counts of this month's days before `today`.
    fn read(folder: &Path, roster: Option<&Roster>, today: NaiveDate) -> Month {
        let mut month = Month {
            today,
            students: Some(HashMap::new()),
            nobody: Counts::default(),
            phones: phones(
                folder,
                today - Duration::days(31),
                today - Duration::days(1),
            ),
        };
        if today.day() == 1 {
            return month;
        }
        let from = report::month_start(today);
        let to = today - Duration::days(1);
        match report::build(folder, roster, from, to) {
            Ok(register) => {
                month.nobody = Counts::of(&vec![DayMark::Absent; register.days.len()]);
                month.students = Some(
                    (register.students.iter())
                        .map(|line| (roll_key(&line.roll), line.counts()))
                        .collect(),
                );
            }
            // No class this month before today.
            Err(ReportError::NoDays(..)) => {}
            Err(_) => month.students = None,
        }
        month
    }
}

/// Which phone marked which roll from `from` to `to`: each accepted line's
/// device cookie and roll, from the days' audit trails.
fn phones(folder: &Path, from: NaiveDate, to: NaiveDate) -> Vec<(String, String)> {
    let mut phones: Vec<(String, String)> = Vec::new();
    let mut day = from;
    while day <= to {
        audit::replay(folder, day, |line| {
            let new = line.outcome == audit::ACCEPTED && !line.device.is_empty();
            if new && phones.len() < MAX_PHONES {
                let pair = (line.device.to_string(), roll_key(line.roll));
                if !phones.contains(&pair) {
                    phones.push(pair);
                }
            }
        });
        day += Duration::days(1);
    }
    phones
}

/// Calls `keep_up` every half second until rollcall stops: the class's
/// watcher thread's loop, which among other things reads the new month's
/// earlier days when the date changes (`Standings::read_ahead` does nothing
/// on other calls).
pub fn watch(keep_up: impl Fn()) {
    while !crate::shutdown::requested() {
        std::thread::sleep(std::time::Duration::from_millis(500));
        keep_up();
    }
}
