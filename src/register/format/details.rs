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
//! 09:31:02,marked by hand,17,Meena,on time
//! 09:40:10,not here,19,Ravi,spot check
//! 09:40:30,not here undone,19,Ravi,
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
//! - `marked by hand` (Detail: `on time` or `late`): the teacher's word on
//!   the row of that roll saved at that Time (rollcall writes the line with
//!   the row's own time, right after the row, before the teacher is told).
//!   It wins over the late rule for that row, so a student whose phone died
//!   and who was marked by hand after the late minute is on time unless the
//!   teacher said late. Per roll, the latest counts; a row saved at another
//!   time (after a removal, from a phone) is the late rule's again.
//! - `not here` (Detail: why) and `not here undone`: a spot check found the
//!   student not in the room, and their row was taken out of the day's
//!   file. Per roll, the latest counts: a row of that roll saved at or
//!   before the line's time is not counted (absent), a row saved after it
//!   (the student came back and was marked again) is.
//! - Older rollcalls pass over these lines, as over any line they do not
//!   know: the day's file alone still says who came.
//!
//! Written like every attendance file (BOM, CRLF, defused cells: a reason
//! is typed by the teacher and could start with `=`), and read back as
//! Excel may have saved it. A line that is not one of these (a torn last
//! line, a note typed in Excel) is passed over: the details only add to the
//! day, so they never stop a start or a report.

use super::{encode_record, parse_time, read_records, undefuse, whole_len};
use chrono::{NaiveTime, Timelike};
use std::sync::Arc;

/// The details file's header.
pub const HEADER: [&str; 5] = ["Time", "Event", "Roll", "Name", "Detail"];

const OPENED: &str = "opened";
const LATE_AFTER: &str = "late after";
const NO_LATE_RULE: &str = "no late rule";
const EXCUSED: &str = "excused";
const EXCUSE_UNDONE: &str = "excuse undone";
const BY_HAND: &str = "marked by hand";
const ON_TIME: &str = "on time";
const LATE: &str = "late";
const NOT_HERE: &str = "not here";
const NOT_HERE_UNDONE: &str = "not here undone";

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
    /// The teacher marked the row of `roll` saved at this line's time by
    /// hand, on time or late.
    ByHand {
        roll: String,
        name: String,
        late: bool,
    },
    /// A spot check found the student not in the room; their row was
    /// taken out.
    NotHere {
        roll: String,
        name: String,
        reason: String,
    },
    /// The not here was undone (Undo): the row is back.
    NotHereUndone { roll: String, name: String },
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
            Event::ByHand { roll, name, late } => [
                &time,
                BY_HAND,
                roll,
                name,
                if *late { LATE } else { ON_TIME },
            ],
            Event::NotHere { roll, name, reason } => [&time, NOT_HERE, roll, name, reason],
            Event::NotHereUndone { roll, name } => [&time, NOT_HERE_UNDONE, roll, name, ""],
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
        // The header, or not an event: passed over.
        if let (Some(time), Some(event)) = (parse_time(&cell(0)), event_of(&cell)) {
            details.push(Detail { time, event });
        }
        Ok(())
    });
    details
}

/// The event of a line's cells (Time, Event, Roll, Name, Detail), if it is
/// one this rollcall knows.
fn event_of(cell: &dyn Fn(usize) -> String) -> Option<Event> {
    let (roll, name) = (cell(2).trim().to_string(), cell(3));
    let event = cell(1).to_ascii_lowercase();
    match event.as_str() {
        OPENED => return Some(Event::Opened),
        LATE_AFTER => return cell(4).parse().ok().map(|n| Event::LateAfter(Some(n))),
        NO_LATE_RULE => return Some(Event::LateAfter(None)),
        // Every other event is of a roll.
        _ if roll.is_empty() => return None,
        _ => {}
    }
    Some(match event.as_str() {
        EXCUSED => Event::Excused {
            roll,
            name,
            reason: cell(4),
        },
        EXCUSE_UNDONE => Event::NotExcused { roll, name },
        BY_HAND => match cell(4).to_ascii_lowercase().as_str() {
            ON_TIME => Event::ByHand {
                roll,
                name,
                late: false,
            },
            LATE => Event::ByHand {
                roll,
                name,
                late: true,
            },
            _ => return None,
        },
        NOT_HERE => Event::NotHere {
            roll,
            name,
            reason: cell(4),
        },
        NOT_HERE_UNDONE => Event::NotHereUndone { roll, name },
        _ => return None,
    })
}

/// A student excused for the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excuse {
    pub roll: String,
    pub name: String,
    pub time: NaiveTime,
    pub reason: String,
}

/// The teacher's word on a row marked by hand: the row of `roll` saved
/// at `time`, on time or late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByHand {
    pub roll: String,
    pub time: NaiveTime,
    pub late: bool,
}

/// A student a spot check found not in the room, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotHere {
    pub roll: String,
    pub name: String,
    pub time: NaiveTime,
    pub reason: String,
}

/// Something said of one roll: the lists below are kept one entry a roll,
/// the latest.
trait OfRoll {
    fn roll(&self) -> &str;
}

impl OfRoll for Excuse {
    fn roll(&self) -> &str {
        &self.roll
    }
}

impl OfRoll for ByHand {
    fn roll(&self) -> &str {
        &self.roll
    }
}

impl OfRoll for NotHere {
    fn roll(&self) -> &str {
        &self.roll
    }
}

/// True when `a` and `b` are one roll (their `validate::roll_key`s alike),
/// without making a key of each: the screen and the status JSON ask this
/// of every row they show, at every poll.
fn same_roll(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The entry of `roll` in `list`, if any.
fn find<'a, T: OfRoll>(list: &'a [T], roll: &str) -> Option<&'a T> {
    list.iter().find(|e| same_roll(e.roll(), roll))
}

/// `list` without the entry of `roll` (copied only if it has one).
fn forget<T: OfRoll + Clone>(list: &mut Arc<Vec<T>>, roll: &str) {
    if find(list, roll).is_some() {
        Arc::make_mut(list).retain(|e| !same_roll(e.roll(), roll));
    }
}

/// `list` with `entry` as its roll's one entry, the latest.
fn replace<T: OfRoll + Clone>(list: &mut Arc<Vec<T>>, entry: T) {
    forget(list, entry.roll());
    Arc::make_mut(list).push(entry);
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
    /// The teacher's word on each row marked by hand, a roll each.
    pub by_hand: Arc<Vec<ByHand>>,
    /// Those a spot check found not here, a roll each, in order.
    pub not_here: Arc<Vec<NotHere>>,
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
            Event::Excused { roll, name, reason } => replace(
                &mut self.excused,
                Excuse {
                    roll: roll.clone(),
                    name: name.clone(),
                    time: line.time,
                    reason: reason.clone(),
                },
            ),
            Event::NotExcused { roll, .. } => forget(&mut self.excused, roll),
            Event::ByHand { roll, late, .. } => replace(
                &mut self.by_hand,
                ByHand {
                    roll: roll.clone(),
                    time: line.time,
                    late: *late,
                },
            ),
            Event::NotHere { roll, name, reason } => replace(
                &mut self.not_here,
                NotHere {
                    roll: roll.clone(),
                    name: name.clone(),
                    time: line.time,
                    reason: reason.clone(),
                },
            ),
            Event::NotHereUndone { roll, .. } => forget(&mut self.not_here, roll),
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
        find(&self.excused, roll)
    }

    /// The teacher's word on the row of `roll` saved at `time`, if it was
    /// marked by hand: late or not.
    pub fn by_hand_of(&self, roll: &str, time: NaiveTime) -> Option<bool> {
        find(&self.by_hand, roll)
            .filter(|b| b.time == time)
            .map(|b| b.late)
    }

    /// True for the row of `roll` saved at `time` if it is late: by the
    /// teacher's word for a row marked by hand, else by the rule.
    pub fn is_row_late(&self, roll: &str, time: NaiveTime) -> bool {
        self.by_hand_of(roll, time)
            .unwrap_or_else(|| self.is_late(time))
    }

    /// When a spot check found `roll` not here, if it did (and that was not
    /// undone).
    pub fn not_here_of(&self, roll: &str) -> Option<&NotHere> {
        find(&self.not_here, roll)
    }

    /// True when the row of `roll` saved at `time` does not count: a spot
    /// check found the student not here after it was saved.
    pub fn is_row_not_here(&self, roll: &str, time: NaiveTime) -> bool {
        self.not_here_of(roll).map_or(false, |n| time <= n.time)
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

    fn by_hand(roll: &str, late: bool) -> Event {
        Event::ByHand {
            roll: roll.into(),
            name: format!("Student {roll}"),
            late,
        }
    }

    /// A day with the teacher's word on two hand marks and two not heres,
    /// one of them undone.
    fn hand_marks_and_not_heres() -> Vec<Detail> {
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
                time: t("09:31:02"),
                event: by_hand("17", false),
            },
            Detail {
                time: t("09:05:00"),
                event: by_hand("=3", true),
            },
            Detail {
                time: t("09:40:10"),
                event: Event::NotHere {
                    roll: "19".into(),
                    name: "Ravi".into(),
                    reason: "spot check".into(),
                },
            },
            Detail {
                time: t("09:40:30"),
                event: Event::NotHereUndone {
                    roll: "19".into(),
                    name: "Ravi".into(),
                },
            },
            Detail {
                time: t("09:41:00"),
                event: Event::NotHere {
                    roll: "20".into(),
                    name: "Asha".into(),
                    reason: String::new(),
                },
            },
        ]
    }

    #[test]
    fn the_teachers_word_on_a_row_marked_by_hand_and_not_here_round_trip() {
        let lines = hand_marks_and_not_heres();
        let bytes = encode(&lines);
        assert_eq!(
            String::from_utf8(bytes.clone()).expect("UTF-8"),
            "09:00:00,opened,,,\r\n\
             09:00:00,late after,,,10\r\n\
             09:31:02,marked by hand,17,Student 17,on time\r\n\
             09:05:00,marked by hand,'=3,Student =3,late\r\n\
             09:40:10,not here,19,Ravi,spot check\r\n\
             09:40:30,not here undone,19,Ravi,\r\n\
             09:41:00,not here,20,Asha,\r\n"
        );
        let mut file = super::super::file_start(&HEADER);
        file.extend_from_slice(&bytes);
        assert_eq!(parse(&file), lines);
    }

    #[test]
    fn the_teachers_word_wins_over_the_late_rule_and_not_here_takes_rows_out() {
        let lines = hand_marks_and_not_heres();
        let details = Details::of(&lines);
        // On time by the teacher's word, though past the rule...
        assert_eq!(details.by_hand_of("17", t("09:31:02")), Some(false));
        assert!(!details.is_row_late("17", t("09:31:02")));
        // ...late by it, though within the rule...
        assert!(details.is_row_late("=3", t("09:05:00")));
        // ...and a row saved at another time is the rule's again.
        assert_eq!(details.by_hand_of("17", t("09:45:00")), None);
        assert!(details.is_row_late("17", t("09:45:00")));
        assert!(!details.is_row_late("18", t("09:05:00")));
        // Not here: undone for 19; for 20, rows up to it do not count.
        assert!(details.not_here_of("19").is_none());
        assert!(details.is_row_not_here("20", t("09:02:00")));
        assert!(details.is_row_not_here("20", t("09:41:00")));
        assert!(!details.is_row_not_here("20", t("09:50:00")));
        // The latest word counts.
        let mut later = details.clone();
        later.apply(&Detail {
            time: t("09:31:02"),
            event: by_hand("17", true),
        });
        assert!(later.is_row_late("17", t("09:31:02")));
        assert_eq!(later.by_hand.len(), 2);
    }

    #[test]
    fn lines_of_a_roll_without_their_roll_or_word_are_passed_over() {
        let mut file = super::super::file_start(&HEADER);
        file.extend_from_slice(
            b"09:31:02,marked by hand,,Nobody,on time\r\n\
              09:31:02,marked by hand,17,Meena,maybe\r\n\
              09:40:10,not here,,Ravi,\r\n\
              09:41:00,Marked By Hand,17,Meena,LATE\r\n",
        );
        assert_eq!(
            parse(&file),
            [Detail {
                time: t("09:41:00"),
                event: Event::ByHand {
                    roll: "17".into(),
                    name: "Meena".into(),
                    late: true
                }
            }]
        );
    }
}
