//! The register as a CSV file, formatted as the daily files are (BOM,
//! CRLF, formula-looking cells defused): `Roll,Name`, a column per class
//! day, `Present,Late,Days,Percent`; with the days left given, summary
//! lines below it saying what each student below the threshold needs.

use super::summary::Goal;
use super::Report;
use crate::register::format::Table;

impl Report {
    /// The register alone, as the teacher's screen downloads it.
    pub fn to_csv_bytes(&self) -> Vec<u8> {
        self.table().finish()
    }

    /// The register, and below it, when `goal` has the days left, a blank
    /// line and what each student below the threshold needs.
    pub fn to_csv_with(&self, goal: Goal) -> Vec<u8> {
        let mut table = self.table();
        if let Some(left) = goal.days_left {
            table.row(&[]);
            self.needs_rows(&mut table, goal, left);
        }
        table.finish()
    }

    fn table(&self) -> Table {
        let dates: Vec<String> = self.days.iter().map(|d| d.to_string()).collect();
        let mut header = vec!["Roll", "Name"];
        header.extend(dates.iter().map(String::as_str));
        header.extend(["Present", "Late", "Days", "Percent"]);
        let mut table = Table::new(&header);
        for line in &self.students {
            let c = line.counts();
            // Excused every day: no share to speak of, so none is made up.
            let share = c.percent().unwrap_or_default();
            let counts = [c.present, c.late, c.days].map(|n| n.to_string());
            let mut cells = vec![line.roll.as_str(), line.name.as_str()];
            cells.extend(line.marks.iter().map(|m| m.letter()));
            cells.extend(counts.iter().map(String::as_str));
            cells.push(&share);
            table.row(&cells);
        }
        table
    }

    /// "Below 75% with 20 class days left", then `Roll,Name,Present,Days,
    /// Percent,Needs` and a row for each student below, lowest first.
    fn needs_rows(&self, table: &mut Table, goal: Goal, left: u32) {
        let threshold = goal.threshold;
        let below = self.below(threshold);
        if below.is_empty() {
            table.row(&[&format!("Everyone is at {threshold}% or above")]);
            return;
        }
        table.row(&[&format!("Below {threshold}% with {left} class day(s) left")]);
        table.row(&["Roll", "Name", "Present", "Days", "Percent", "Needs"]);
        for line in below {
            let c = line.counts();
            let counts = [c.present, c.days].map(|n| n.to_string());
            let share = c.percent().unwrap_or_default();
            let needs = goal.needs(line).map(|n| n.to_string()).unwrap_or_default();
            table.row(&[
                &line.roll, &line.name, &counts[0], &counts[1], &share, &needs,
            ]);
        }
    }
}
