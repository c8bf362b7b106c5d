//! The month on paper: the register as one HTML page that prints on A4
//! landscape, as the paper monthly register a school keeps: the school's
//! heading, the class and the month, a row per student (the class list's
//! whole, absent all month included), a column per class day, `P`, `L`,
//! `E` or `A` in each box, then present, late, days and percent; below,
//! who is under the threshold and what each still needs.
//!
//! Why it is built this way:
//! - Plain HTML and print CSS (`www/register.html`, `www/register.css`),
//!   nothing from the internet: the laptop prints offline, from any
//!   browser. `@page` sets A4 landscape; 45 students and 22 days fit on
//!   one sheet in 8 pt type, and a longer class goes on to the next sheet
//!   with the header row repeated (`thead` is a table header group), rows
//!   never split.
//! - Every piece of user text (names, rolls, the class, the heading) goes
//!   through `pages::escape`; names keep their script, with the Indian
//!   scripts' fonts of Windows and Linux named in the CSS.

use super::rules::DayMark;
use super::summary::Goal;
use super::{Line, Report};
use crate::lang::Lang;
use crate::pages::{escape, fill, long_date};
use chrono::{Datelike, NaiveDate, Weekday};

const PAGE: &str = include_str!("../../www/register.html");
const STYLE: &str = include_str!("../../www/register.css");

/// How the printed page is headed, and what its summary measures.
#[derive(Debug, Clone, Copy, Default)]
pub struct Print<'a> {
    /// The class's name (`--class`).
    pub class: Option<&'a str>,
    /// The school's heading (`rollcall report --heading`), above the rest.
    pub heading: Option<&'a str>,
    pub threshold: u32,
    /// The class days left in the term (`--days-left`).
    pub days_left: Option<u32>,
}

impl Print<'_> {
    fn goal(&self) -> Goal {
        Goal {
            threshold: self.threshold,
            days_left: self.days_left,
        }
    }
}

impl Report {
    /// The register as the page to print.
    pub fn to_html(&self, print: &Print<'_>) -> String {
        let title = match print.class {
            Some(class) => format!("Attendance register, class {class}, {}", self.period()),
            None => format!("Attendance register, {}", self.period()),
        };
        let school = print.heading.map_or(String::new(), |h| {
            format!("<p class=\"school\">{}</p>\n", escape(h))
        });
        let period = format!(
            "{} class day(s), {} student(s)",
            self.days.len(),
            self.students.len()
        );
        let goal = print.goal();
        let rows: String = self.students.iter().map(|l| row(l, goal)).collect();
        fill(
            PAGE,
            &[
                ("title", &escape(&title)),
                ("style", STYLE),
                ("school", &school),
                ("period", &period),
                ("head", &self.head()),
                ("rows", &(rows + &self.totals())),
                ("summary", &self.summary_html(goal)),
            ],
        )
    }

    /// "February 2026", or "2 February 2026 to 13 March 2026".
    fn period(&self) -> String {
        let (from, to) = (self.from, self.to);
        if (from.year(), from.month()) == (to.year(), to.month()) {
            let month = Lang::En.text().month(from.month0() as usize);
            format!("{month} {}", from.year())
        } else {
            format!("{} to {}", long_date(from), long_date(to))
        }
    }

    /// The header row: Roll, Name, each day (its date and weekday), the
    /// counts.
    fn head(&self) -> String {
        let mut cells = String::from(
            "<th scope=\"col\" class=\"roll\">Roll</th><th scope=\"col\" class=\"name\">Name</th>",
        );
        let first = self.days.first().map(|d| d.month());
        for day in &self.days {
            // The month too, where a range runs into another.
            let date = match Some(day.month()) == first {
                true => day.day().to_string(),
                false => format!("{}/{}", day.day(), day.month()),
            };
            cells += &format!(
                "<th scope=\"col\"><span class=\"d\">{date}</span><span class=\"w\">{}</span></th>",
                weekday(*day)
            );
        }
        for count in ["Present", "Late", "Days", "%"] {
            cells += &format!("<th scope=\"col\" class=\"n\">{count}</th>");
        }
        cells
    }

    /// The last row: how many were present each day.
    fn totals(&self) -> String {
        let mut row =
            String::from("<tr class=\"total\"><th scope=\"row\" colspan=\"2\">Present</th>");
        for d in 0..self.days.len() {
            let n = self.students.iter().filter(|l| l.marks[d].is_present());
            row += &format!("<td>{}</td>", n.count());
        }
        row + "<td colspan=\"4\"></td></tr>\n"
    }

    /// Who is below the threshold, with what they need; who is not on
    /// the class list.
    fn summary_html(&self, goal: Goal) -> String {
        let threshold = goal.threshold;
        let below = self.below(threshold);
        let mut html = String::from("<section class=\"summary\">");
        if below.is_empty() {
            html += &format!("<p>Everyone is at {threshold}\u{a0}% or above.</p>");
        } else {
            html += &format!("<h2>Below {threshold}\u{a0}%");
            if let Some(left) = goal.days_left {
                html += &format!(", with {left} class day(s) left");
            }
            html += "</h2><ul>";
            for line in below {
                let c = line.counts();
                // Never "75" at a line's end and "%" on the next.
                let needs = goal.needs(line).map_or(String::new(), |n| {
                    format!(", {}", n.to_string().replace(" %", "\u{a0}%"))
                });
                html += &format!(
                    "<li><b>{}</b> {}: {} of {} ({}\u{a0}%){needs}</li>",
                    escape(&line.roll),
                    escape(&line.name),
                    c.present,
                    c.days,
                    c.percent().unwrap_or_default()
                );
            }
            html += "</ul>";
        }
        if self.not_on_list > 0 {
            let others: Vec<String> = (self.others().iter())
                .map(|l| format!("{} {}", escape(&l.roll), escape(&l.name)))
                .collect();
            html += &format!(
                "<p>Not on the class list, added at the end: {}</p>",
                others.join(", ")
            );
        }
        html + "</section>\n"
    }
}

/// A student's row.
fn row(line: &Line, goal: Goal) -> String {
    let mut row = format!(
        "<tr><td class=\"roll\">{}</td><th scope=\"row\" class=\"name\">{}</th>",
        escape(&line.roll),
        escape(&line.name)
    );
    for mark in &line.marks {
        let class = match mark {
            DayMark::Absent => " class=\"a\"",
            DayMark::Excused => " class=\"e\"",
            _ => "",
        };
        row += &format!("<td{class}>{}</td>", mark.letter());
    }
    let c = line.counts();
    for n in [c.present, c.late, c.days] {
        row += &format!("<td>{n}</td>");
    }
    let low = if c.is_below(goal.threshold) {
        " class=\"low\""
    } else {
        ""
    };
    row + &format!("<td{low}>{}</td></tr>\n", c.percent().unwrap_or_default())
}

/// "Mo", "Tu"…: the weekday under each date.
fn weekday(day: NaiveDate) -> &'static str {
    match day.weekday() {
        Weekday::Mon => "Mo",
        Weekday::Tue => "Tu",
        Weekday::Wed => "We",
        Weekday::Thu => "Th",
        Weekday::Fri => "Fr",
        Weekday::Sat => "Sa",
        Weekday::Sun => "Su",
    }
}
