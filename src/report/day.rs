//! One day's counts, as the state's app asks for them: "On roll 45,
//! Present 41, Late 0, Excused 0, Absent 4" (late counted among the
//! present), then the absent and the excused by name, from the day's
//! files (`rollcall report --day`) or from memory (the teacher's screen,
//! for today). Both count one day of the register by its rules, so the
//! numbers are the register's column for that day.

use super::rules::DayMark;
use super::tally::Tally;
use super::{read, Line, ReportError};
use crate::register::{self, Details, Mark};
use crate::roster::Roster;
use chrono::NaiveDate;
use std::fmt;
use std::path::Path;

/// The counts of one class day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Everyone the day's register has a line for: the class list, and
    /// anyone not on it who checked in or was excused.
    pub on_roll: usize,
    /// Late included.
    pub present: usize,
    pub late: usize,
    pub excused: usize,
    pub absent: usize,
}

impl DayCounts {
    fn of(marks: impl Iterator<Item = DayMark>) -> DayCounts {
        let mut counts = DayCounts::default();
        for mark in marks {
            counts.on_roll += 1;
            match mark {
                DayMark::Present => counts.present += 1,
                DayMark::Late => {
                    counts.present += 1;
                    counts.late += 1;
                }
                DayMark::Excused => counts.excused += 1,
                DayMark::Absent => counts.absent += 1,
            }
        }
        counts
    }
}

impl fmt::Display for DayCounts {
    /// "On roll 45, Present 41, Late 0, Excused 0, Absent 4".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "On roll {}, Present {}, Late {}, Excused {}, Absent {}",
            self.on_roll, self.present, self.late, self.excused, self.absent
        )
    }
}

/// One day of the register, counted: the line, and who was what.
#[derive(Debug)]
pub struct Day {
    pub counts: DayCounts,
    /// The day's lines in the register's order, a mark each.
    lines: Vec<Line>,
    /// How many at the end are not on the class list.
    others: usize,
}

/// A day held in memory counted: its rows so far and its details, with the
/// class list if there is one (without, on roll is only those who checked
/// in or were excused). The teacher's screen shows `counts(..)` for today,
/// at every poll: the same tally, the register's order left out.
pub fn counts(roster: Option<&Roster>, rows: &[Mark], details: &Details) -> DayCounts {
    DayCounts::of(tallied(roster, rows, details).marks_of(0))
}

/// A day counted as `counts` does, with who was what in the register's
/// order (`rollcall report --day`).
fn count(roster: Option<&Roster>, rows: &[Mark], details: &Details) -> Day {
    let (lines, others) = tallied(roster, rows, details).finish();
    Day {
        counts: DayCounts::of(lines.iter().map(|l| l.marks[0])),
        lines,
        others,
    }
}

/// The one day, tallied by the register's rules.
fn tallied<'a>(roster: Option<&'a Roster>, rows: &[Mark], details: &Details) -> Tally<'a> {
    let mut tally = Tally::new(roster, 1);
    tally.day(0, rows, details);
    tally
}

impl Day {
    /// Those marked `mark` that day, in the register's order.
    fn with(&self, mark: DayMark) -> Vec<&Line> {
        self.lines.iter().filter(|l| l.marks[0] == mark).collect()
    }
}

/// `rollcall report --day`: the day's counts from its files, then the
/// absent, then the excused with their reasons; and the warnings to show
/// first.
pub(super) fn day_text(
    folder: &Path,
    roster: Option<&Roster>,
    day: NaiveDate,
) -> Result<(String, Vec<String>), ReportError> {
    let mut warnings = Vec::new();
    let rows = match read::day_files(folder, day, day)?.pop() {
        Some((_, paths)) => read::rows_of(&paths, &mut warnings)?,
        None => return Err(ReportError::NoDay(folder.to_path_buf(), day)),
    };
    let details = register::read_details(folder, day);
    let counted = count(roster, &rows, &details);
    let mut text = format!("{}\n", counted.counts);
    text += &listed("Absent", &counted.with(DayMark::Absent), &|_| String::new());
    text += &listed("Excused", &counted.with(DayMark::Excused), &|l| {
        details
            .excuse_of(&l.roll)
            .map_or(String::new(), |e| e.reason.clone())
    });
    if roster.is_none() {
        text +=
            "No class list (--roster): on roll are only those who checked in or were excused.\n";
    } else if counted.others > 0 {
        let lines = &counted.lines;
        let others: Vec<String> = (lines[lines.len() - counted.others..].iter())
            .map(|l| format!("{} {}", l.roll, l.name))
            .collect();
        text += &format!(
            "Not on the class list, counted above: {}\n",
            others.join(", ")
        );
    }
    Ok((text, warnings))
}

/// "Absent (2):" and a line each, roll and name aligned, then `more`'s
/// words (an excuse's reason); "Absent: nobody" when there is nobody.
fn listed(heading: &str, lines: &[&Line], more: &dyn Fn(&Line) -> String) -> String {
    if lines.is_empty() {
        return format!("{heading}: nobody\n");
    }
    let (rolls, names) = super::widths(lines);
    let mut text = format!("{heading} ({}):\n", lines.len());
    for l in lines {
        let more = more(l);
        let line = format!("  {:rolls$}  {:names$}  {more}", l.roll, l.name);
        text += line.trim_end();
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::format::details::Excuse;
    use chrono::NaiveTime;
    use std::sync::Arc;

    fn t(text: &str) -> NaiveTime {
        text.parse().expect("a time")
    }

    fn mark(roll: &str, time: &str) -> Mark {
        Mark {
            roll: roll.into(),
            name: format!("Student {roll}"),
            time: t(time),
        }
    }

    #[test]
    fn today_from_memory_counts_as_the_register_does() {
        let roster = Roster::parse(b"Roll,Name\n1,A\n2,B\n3,C\n4,D\n5,E\n").expect("list");
        let details = Details {
            opened: Some(t("09:00:00")),
            late_after: Some(10),
            rule_set: true,
            // 3 excused and absent; 2 excused but came, late: present.
            excused: Arc::new(
                ["2", "3"]
                    .iter()
                    .map(|roll| Excuse {
                        roll: roll.to_string(),
                        name: String::new(),
                        time: t("09:01:00"),
                        reason: "trip".into(),
                    })
                    .collect(),
            ),
            ..Details::default()
        };
        // 99 is not on the list: counted, on roll too.
        let rows = [
            mark("1", "09:05:00"),
            mark("2", "09:30:00"),
            mark("99", "09:02:00"),
        ];
        let c = counts(Some(&roster), &rows, &details);
        assert_eq!(
            c.to_string(),
            "On roll 6, Present 3, Late 1, Excused 1, Absent 2"
        );
        // Without a class list: those seen only.
        let c = counts(None, &rows, &details);
        assert_eq!(
            c.to_string(),
            "On roll 4, Present 3, Late 1, Excused 1, Absent 0"
        );
        // Nobody yet.
        let c = counts(Some(&roster), &[], &Details::default());
        assert_eq!(
            c.to_string(),
            "On roll 5, Present 0, Late 0, Excused 0, Absent 5"
        );
    }

    #[test]
    fn a_hand_mark_is_as_the_teacher_said_and_not_here_is_absent() {
        use crate::register::format::details::{Detail, Event};
        let roster = Roster::parse(b"Roll,Name\n1,A\n2,B\n3,C\n4,D\n").expect("list");
        let line = |time: &str, event: Event| Detail {
            time: t(time),
            event,
        };
        let who = |roll: &str| (roll.to_string(), format!("Student {roll}"));
        let by_hand = |roll: &str, late: bool| {
            let (roll, name) = who(roll);
            Event::ByHand { roll, name, late }
        };
        let (roll, name) = who("3");
        let details = Details::of(&[
            line("09:00:00", Event::Opened),
            line("09:00:00", Event::LateAfter(Some(10))),
            // 1: by hand after the rule, on time; 2: by hand within it, late.
            line("09:30:00", by_hand("1", false)),
            line("09:05:00", by_hand("2", true)),
            // 3 was not here at 09:20; 4 was marked by hand at another time.
            line(
                "09:20:00",
                Event::NotHere {
                    roll,
                    name,
                    reason: String::new(),
                },
            ),
            line("09:01:00", by_hand("4", false)),
        ]);
        let rows = [
            mark("1", "09:30:00"),
            mark("2", "09:05:00"),
            mark("3", "09:03:00"),
            mark("4", "09:40:00"),
        ];
        let day = count(Some(&roster), &rows, &details);
        let marks: Vec<&str> = day.lines.iter().map(|l| l.marks[0].letter()).collect();
        assert_eq!(marks, ["P", "L", "A", "L"]);
        // Marked again after the spot check (by a phone, late): counted.
        let again = [mark("3", "09:25:00")];
        let day = count(Some(&roster), &again, &details);
        assert_eq!(day.lines[2].marks[0], DayMark::Late);
    }
}
