//! The details file of a day's attendance (`details/details_DATE.csv`):
//! what the day's file cannot say without changing its `Roll,Name,Time`
//! columns, which teachers' spreadsheets and the report rely on. One line
//! per event, appended, never rewritten:
//!
//! ```text
//! Time,Event,Roll,Name,Detail
//! 09:00:00,opened,,,
//! 09:00:00,late after,,,10
//! 09:05:12,excused,14,Asha Rao,note from home
//! 09:05:40,excuse undone,14,Asha Rao,
//! 09:20:00,no late rule,,,
//! ```
//!
//! What the lines mean, and why:
//! - `opened`: check-in opened for the day. The **first** one counts, so a
//!   restart (a crash, a closed window) never moves the opening later and
//!   makes the late on time. rollcall writes it once a day.
//! - `late after` (Detail: minutes) and `no late rule`: the **latest** one
//!   is the rule for every row of the day, so changing the rule on the
//!   screen changes who is late, in the register too.
//! - `excused` (Detail: the reason, may be empty) and `excuse undone`: per
//!   roll, the latest wins. A row in the day's file wins over both: an
//!   excused student who turns up is present.
//!
//! Written like every attendance file (BOM, CRLF, defused cells: a reason
//! is typed by the teacher and could start with `=`), and read back as
//! Excel may have saved it. A line that is not one of these (a torn last
//! line, a note typed in Excel) is passed over: the details only add to the
//! day, so they never stop a start or a report.

use super::{encode_record, parse_time, read_records, undefuse, whole_len};
use crate::validate::roll_key;
use chrono::{NaiveTime, Timelike};
use std::sync::Arc;

/// The details file's header.
pub const HEADER: [&str; 5] = ["Time", "Event", "Roll", "Name", "Detail"];

const OPENED: &str = "opened";
const LATE_AFTER: &str = "late after";
const NO_LATE_RULE: &str = "no late rule";
const EXCUSED: &str = "excused";
const EXCUSE_UNDONE: &str = "excuse undone";

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Check-in opened for the day.
    Opened,
    /// The late rule: late more than this many minutes after opening;
    /// `None`: nobody is late.
    LateAfter(Option<u32>),
    /// The teacher excused a student who is not here.
    Excused {
        roll: String,
        name: String,
        reason: String,
    },
    /// The excuse was undone.
    NotExcused { roll: String, name: String },
}

/// One line of the details file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub time: NaiveTime,
    pub event: Event,
}

/// The lines of `details`, each cell defused for Excel.
pub fn encode(details: &[Detail]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for d in details {
        let time = d.time.to_string();
        let minutes;
        let cells: [&str; 5] = match &d.event {
            Event::Opened => [&time, OPENED, "", "", ""],
            Event::LateAfter(Some(n)) => {
                minutes = n.to_string();
                [&time, LATE_AFTER, "", "", &minutes]
            }
            Event::LateAfter(None) => [&time, NO_LATE_RULE, "", "", ""],
            Event::Excused { roll, name, reason } => [&time, EXCUSED, roll, name, reason],
            Event::NotExcused { roll, name } => [&time, EXCUSE_UNDONE, roll, name, ""],
        };
        bytes.extend_from_slice(&encode_record(&cells));
    }
    bytes
}

/// The events of a details file's whole lines, in order. Never fails: the
/// header, a torn last line and lines that are not events are left out.
pub fn parse(bytes: &[u8]) -> Vec<Detail> {
    let mut details = Vec::new();
    let _ = read_records(&bytes[..whole_len(bytes)], &mut |record, _| {
        let cell = |i: usize| undefuse(record.get(i).map_or("", |c| c.trim()));
        let time = match parse_time(&cell(0)) {
            Some(time) => time,
            // The header, or not an event.
            None => return Ok(()),
        };
        let (roll, name) = (cell(2).trim().to_string(), cell(3));
        let event = match cell(1).to_ascii_lowercase().as_str() {
            OPENED => Event::Opened,
            LATE_AFTER => match cell(4).parse() {
                Ok(n) => Event::LateAfter(Some(n)),
                Err(_) => return Ok(()),
            },
            NO_LATE_RULE => Event::LateAfter(None),
            EXCUSED if !roll.is_empty() => Event::Excused {
                roll,
                name,
                reason: cell(4),
            },
            EXCUSE_UNDONE if !roll.is_empty() => Event::NotExcused { roll, name },
            _ => return Ok(()),
        };
        details.push(Detail { time, event });
        Ok(())
    });
    details
}

/// A student excused for the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excuse {
    pub roll: String,
    pub name: String,
    pub time: NaiveTime,
    pub reason: String,
}

/// A day's details as they stand after every line so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// When check-in first opened that day.
    pub opened: Option<NaiveTime>,
    /// The rule in force: late more than this many minutes after opening.
    pub late_after: Option<u32>,
    /// Whether any rule line was written (`no late rule` included).
    pub rule_set: bool,
    /// Those excused now, in the order they were excused. Shared with the
    /// teacher's screen, which reads them every poll.
    pub excused: Arc<Vec<Excuse>>,
}

impl Details {
    /// The details of `lines`, in order.
    pub fn of(lines: &[Detail]) -> Details {
        let mut details = Details::default();
        for line in lines {
            details.apply(line);
        }
        details
    }

    /// Takes one more line into account.
    pub fn apply(&mut self, line: &Detail) {
        match &line.event {
            Event::Opened => {
                self.opened.get_or_insert(line.time);
            }
            Event::LateAfter(minutes) => {
                self.late_after = *minutes;
                self.rule_set = true;
            }
            Event::Excused { roll, name, reason } => {
                self.forget(roll);
                Arc::make_mut(&mut self.excused).push(Excuse {
                    roll: roll.clone(),
                    name: name.clone(),
                    time: line.time,
                    reason: reason.clone(),
                });
            }
            Event::NotExcused { roll, .. } => self.forget(roll),
        }
    }

    fn forget(&mut self, roll: &str) {
        let key = roll_key(roll);
        if self.excused.iter().any(|e| roll_key(&e.roll) == key) {
            Arc::make_mut(&mut self.excused).retain(|e| roll_key(&e.roll) != key);
        }
    }

    /// The last second that is on time, counted from midnight, if there is
    /// a rule. (Seconds, not chrono's durations: smaller in the binary.)
    fn last_on_time(&self) -> Option<u32> {
        Some(self.opened?.num_seconds_from_midnight() + self.late_after? * 60)
    }

    /// True for a check-in at `time` more than the rule's minutes after
    /// check-in opened; false with no rule or no opening. A time before the
    /// opening by more than half a day is past midnight: a class opened at
    /// 23:57 keeps its day (and its rule) after 00:00.
    pub fn is_late(&self, time: NaiveTime) -> bool {
        let (opened, last) = match (self.opened, self.last_on_time()) {
            (Some(opened), Some(last)) => (opened, last),
            _ => return false,
        };
        let mut at = time.num_seconds_from_midnight();
        if (opened - time).num_hours() >= 12 {
            at += 24 * 60 * 60;
        }
        at > last
    }

    /// The last moment that is on time, if there is a rule: a check-in
    /// after it is late (past midnight, the next day's clock time).
    pub fn deadline(&self) -> Option<NaiveTime> {
        NaiveTime::from_num_seconds_from_midnight_opt(self.last_on_time()? % (24 * 60 * 60), 0)
    }

    /// The excuse of `roll`, if it is excused.
    pub fn excuse_of(&self, roll: &str) -> Option<&Excuse> {
        let key = roll_key(roll);
        self.excused.iter().find(|e| roll_key(&e.roll) == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveTime {
        text.parse().expect("valid time")
    }

    fn excused(roll: &str, name: &str, reason: &str) -> Event {
        Event::Excused {
            roll: roll.into(),
            name: name.into(),
            reason: reason.into(),
        }
    }

    fn day() -> Vec<Detail> {
        vec![
            Detail {
                time: t("09:00:00"),
                event: Event::Opened,
            },
            Detail {
                time: t("09:00:00"),
                event: Event::LateAfter(Some(10)),
            },
            Detail {
                time: t("09:05:12"),
                event: excused("14", "अनीता", "=HYPERLINK(\"x\"), trip"),
            },
            Detail {
                time: t("09:06:00"),
                event: excused("-3", "Lee, Ann", ""),
            },
            Detail {
                time: t("09:07:00"),
                event: Event::NotExcused {
                    roll: "-3".into(),
                    name: "Lee, Ann".into(),
                },
            },
            Detail {
                time: t("09:20:00"),
                event: Event::LateAfter(None),
            },
        ]
    }

    #[test]
    fn a_day_round_trips_byte_exactly_with_its_cells_defused() {
        let bytes = encode(&day());
        assert_eq!(
            String::from_utf8(bytes.clone()).expect("UTF-8"),
            "09:00:00,opened,,,\r\n\
             09:00:00,late after,,,10\r\n\
             09:05:12,excused,14,अनीता,\"'=HYPERLINK(\"\"x\"\"), trip\"\r\n\
             09:06:00,excused,'-3,\"Lee, Ann\",\r\n\
             09:07:00,excuse undone,'-3,\"Lee, Ann\",\r\n\
             09:20:00,no late rule,,,\r\n"
        );
        let mut file = super::super::file_start(&HEADER);
        file.extend_from_slice(&bytes);
        assert_eq!(parse(&file), day());
    }

    #[test]
    fn a_torn_last_line_and_strange_lines_are_passed_over() {
        let mut file = super::super::file_start(&HEADER);
        file.extend_from_slice(&encode(&day()[..2]));
        file.extend_from_slice(b"a note typed in Excel\r\n09:01:00,late after,,,ten\r\n");
        file.extend_from_slice(b"09:01:00,tea break,,,\r\n09:02:00,excused,,Nobody,\r\n");
        file.extend_from_slice(b"09:30:00,excused,15,Ra");
        assert_eq!(parse(&file), day()[..2].to_vec());
        // As Excel may save it again: no BOM, ';', times reformatted.
        let excel = "Time;Event;Roll;Name;Detail\n9:00;Opened;;;\n9:00;late after;;;10\n";
        assert_eq!(parse(excel.as_bytes()), day()[..2].to_vec());
    }

    #[test]
    fn the_first_opening_and_the_latest_rule_and_excuse_count() {
        let mut lines = day();
        lines.insert(
            1,
            Detail {
                time: t("09:30:00"),
                event: Event::Opened,
            },
        );
        let mut details = Details::of(&lines[..4]);
        assert_eq!(details.opened, Some(t("09:00:00")));
        assert_eq!(details.late_after, Some(10));
        assert!(!details.is_late(t("09:10:00")));
        assert!(details.is_late(t("09:10:01")));
        assert!(!details.is_late(t("08:59:00")));
        // A class opened late at night keeps its rule past midnight.
        let night = Details {
            opened: Some(t("23:57:00")),
            ..details.clone()
        };
        assert!(!night.is_late(t("23:59:59")));
        assert!(!night.is_late(t("00:07:00")));
        assert!(night.is_late(t("00:07:01")));
        assert_eq!(night.deadline(), Some(t("00:07:00")));
        assert_eq!(details.deadline(), Some(t("09:10:00")));
        assert_eq!(
            details.excuse_of("14").map(|e| e.reason.as_str()),
            Some("=HYPERLINK(\"x\"), trip")
        );
        for line in &lines[4..] {
            details.apply(line);
        }
        assert_eq!(details.excused.len(), 1);
        assert!(details.excuse_of("-3").is_none());
        // The latest rule: none, so nobody is late.
        assert_eq!(details.late_after, None);
        assert!(!details.is_late(t("11:00:00")));
        assert_eq!(details.deadline(), None);
        // No opening: nobody is late whatever the rule.
        let rule_only = Details::of(&lines[2..3]);
        assert!(!rule_only.is_late(t("23:00:00")));
    }
}
