//! What the teacher reads in the terminal after the register is written:
//! the range, who is below the threshold (lowest first) and, given the
//! class days left, what each of them still needs; who is not on the class
//! list; the days nobody came.

use super::rules::Needs;
use super::{Line, Report};
use std::path::Path;

/// What the summary measures against: the threshold, and the class days
/// left in the term (`--days-left`) if the teacher said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    pub threshold: u32,
    pub days_left: Option<u32>,
}

impl Goal {
    /// What `line`'s student needs of the days left, if they are below and
    /// the days left are known.
    pub fn needs(&self, line: &Line) -> Option<Needs> {
        line.counts().needs(self.days_left?, self.threshold)
    }
}

impl Report {
    /// The students below `threshold` percent of the days that count for
    /// them, lowest first (in register order when equal).
    pub fn below(&self, threshold: u32) -> Vec<&Line> {
        let mut below: Vec<&Line> = Vec::new();
        for line in &self.students {
            let counts = line.counts();
            if !counts.is_below(threshold) {
                continue;
            }
            // Binary insertion rather than sorting (see `Tally::in_order`).
            // Shares are compared as fractions, crosswise.
            let at = below.partition_point(|other| {
                let theirs = other.counts();
                theirs.present * counts.days <= counts.present * theirs.days
            });
            below.insert(at, line);
        }
        below
    }

    /// The terminal's summary, naming the register written to `out` and
    /// the page to print, `html`, if one was.
    pub fn summary(&self, goal: Goal, out: &Path, html: Option<&Path>) -> String {
        let mut text = format!(
            "Register from {} to {}: {} class day(s), {} student(s).\n",
            self.from,
            self.to,
            self.days.len(),
            self.students.len(),
        );
        text += &format!("Saved to {}\n", out.display());
        if let Some(html) = html {
            text += &format!(
                "To print: open {} in a browser and print it (A4, landscape).\n",
                html.display()
            );
        }
        text += &self.below_lines(goal);
        if self.not_on_list > 0 {
            let others: Vec<String> = self
                .others()
                .iter()
                .map(|l| format!("{} {}", l.roll, l.name))
                .collect();
            text += &format!(
                "Not on the class list, added at the end: {}\n",
                others.join(", ")
            );
        }
        for (d, date) in self.days.iter().enumerate() {
            if !self.students.iter().any(|l| l.marks[d].is_present()) {
                text += &format!("Nobody checked in on {date}: if there was no class that day, delete its file and run the report again.\n");
            }
        }
        text
    }

    /// "Below 75%: 2 student(s)" and a line each, aligned.
    fn below_lines(&self, goal: Goal) -> String {
        let threshold = goal.threshold;
        let below = self.below(threshold);
        if below.is_empty() {
            return format!("Everyone is at {threshold}% or above.\n");
        }
        let mut text = format!("Below {threshold}%: {} student(s)", below.len());
        if let Some(left) = goal.days_left {
            text += &format!(", with {left} class day(s) left");
        }
        text.push('\n');
        let (rolls, names) = super::widths(&below);
        for l in below {
            let counts = l.counts();
            let needs = goal.needs(l).map_or(String::new(), |n| format!(": {n}"));
            text += &format!(
                "  {:rolls$}  {:names$}  {} of {} days, {}%{needs}\n",
                l.roll,
                l.name,
                counts.present,
                counts.days,
                counts.percent().unwrap_or_default()
            );
        }
        text
    }
}
