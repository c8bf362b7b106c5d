//! The register (`rollcall report`): a row per student with `P`, `L`, `E`
//! or `A` for each class day and their percentage, as one CSV for a range
//! of days (`csv.rs`), the month on paper (`html.rs`, one HTML page that
//! prints on A4 landscape), and the counts of one day (`day.rs`) to type
//! into the state's app; a summary names who is below the threshold and
//! what each still needs (`summary.rs`).
//!
//! Why it is built this way:
//! - What counts as what (a class day, late, excused, below, the percent)
//!   is `rules.rs`, which the student's Present page counts by too.
//! - Daily files are read through `register::format`, the module that
//!   writes them, strictly (`read.rs`): teachers re-save them from Excel,
//!   and a file that is not an attendance file must stop the report with
//!   its name and line rather than quietly turn students absent.
//! - Late (`L`) and excused (`E`) come from each day's details file, read
//!   through `register::read_details` only.
//! - The register is built whole in memory and written with an atomic
//!   rename, so a refusal or a full disk never leaves half a register.

mod csv;
pub mod day;
mod html;
mod read;
pub mod rules;
mod run;
mod summary;
mod tally;

pub use html::Print;
pub use rules::{Counts, DayMark};
pub use run::run;

use crate::register::format::LineError;
use crate::register::{self, RegisterError};
use crate::roster::{Roster, RosterError};
use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use tally::Tally;

/// The register of a range of days.
#[derive(Debug)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The class days, in order: each daily file in the range.
    pub days: Vec<NaiveDate>,
    /// The class list's students in its order, then anyone else seen, in
    /// roll order (without a class list, everyone seen).
    pub students: Vec<Line>,
    /// How many of `students`, at the end, are not on the class list.
    pub not_on_list: usize,
    /// Lines of the daily files that were used but look damaged (names a
    /// save without UTF-8 turned into `?????`), a line of text each.
    pub warnings: Vec<String>,
}

/// One student's line of the register.
#[derive(Debug)]
pub struct Line {
    pub roll: String,
    /// The class list's spelling, else the latest one seen.
    pub name: String,
    /// What they were on each of `Report::days`.
    pub marks: Vec<DayMark>,
}

impl Line {
    /// Their days, counted by the register's rules.
    pub fn counts(&self) -> Counts {
        Counts::of(&self.marks)
    }
}

/// Why there is no register, in words a teacher can act on.
#[derive(Debug)]
pub enum ReportError {
    Folder(PathBuf, io::Error),
    Read(PathBuf, io::Error),
    /// A daily file that is not an attendance file, and where.
    File(PathBuf, LineError),
    Roster(RosterError),
    NoDays(PathBuf, NaiveDate, NaiveDate),
    /// `--day`: no daily file that day.
    NoDay(PathBuf, NaiveDate),
    /// `--out` or `--html` (the flag) naming a daily file.
    OutIsDayFile(&'static str, PathBuf),
    Write(RegisterError),
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::Folder(path, e) => {
                write!(f, "could not read the folder {}: {e}", path.display())?;
                if e.kind() == io::ErrorKind::NotFound {
                    f.write_str(". Check --dir and --class: they name the folder the daily attendance files are in")?;
                }
                Ok(())
            }
            ReportError::Read(path, e) => write!(f, "could not read {}: {e}", path.display()),
            ReportError::File(path, e) => write!(
                f,
                "{}, {}. Correct that line (or move the file out of the folder), then run the report again. No register was written",
                path.display(),
                crate::console::clause(&e.to_string())
            ),
            ReportError::Roster(e) => e.fmt(f),
            ReportError::NoDays(folder, from, to) => write!(
                f,
                "there are no attendance files from {from} to {to} in {}. Check --dir, --class, --from and --to",
                folder.display()
            ),
            ReportError::NoDay(folder, day) => write!(
                f,
                "there is no attendance file for {day} in {}: rollcall did not run that day. Check --dir, --class and --day",
                folder.display()
            ),
            ReportError::OutIsDayFile(flag, path) => write!(
                f,
                "{flag} {} is a daily attendance file; choose another name for the register",
                path.display()
            ),
            ReportError::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ReportError {}

/// Builds the register of the daily files in `folder` from `from` to `to`.
/// Without a class list the students are everyone seen in those days.
pub fn build(
    folder: &Path,
    roster: Option<&Roster>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Report, ReportError> {
    let files = read::day_files(folder, from, to)?;
    if files.is_empty() {
        return Err(ReportError::NoDays(folder.to_path_buf(), from, to));
    }
    let days: Vec<NaiveDate> = files.iter().map(|(date, _)| *date).collect();
    let mut tally = Tally::new(roster, days.len());
    let mut warnings = Vec::new();
    for (d, (date, paths)) in files.into_iter().enumerate() {
        let rows = read::rows_of(&paths, &mut warnings)?;
        tally.day(d, &rows, &register::read_details(folder, date));
    }
    let (students, not_on_list) = tally.finish();
    Ok(Report {
        from,
        to,
        days,
        students,
        not_on_list,
        warnings,
    })
}

impl Report {
    /// The students not on the class list (added at the end).
    pub fn others(&self) -> &[Line] {
        &self.students[self.students.len() - self.not_on_list..]
    }
}

/// The widest roll and the widest name of `lines`, in characters: the
/// terminal's lists are aligned by them.
fn widths(lines: &[&Line]) -> (usize, usize) {
    let widest = |f: fn(&Line) -> &str| lines.iter().map(|l| f(l).chars().count()).max();
    let (rolls, names) = (widest(|l| &l.roll), widest(|l| &l.name));
    (rolls.unwrap_or(0), names.unwrap_or(0))
}

/// The default range: the month of `to`, from its 1st.
pub fn month_start(to: NaiveDate) -> NaiveDate {
    to.with_day(1).unwrap_or(to)
}

/// The register's default file name.
pub fn file_name(from: NaiveDate, to: NaiveDate) -> String {
    format!("register_{from}_to_{to}.csv")
}

/// This month's register up to `today` as the page to print (A4
/// landscape), from the day files in `folder`: what the teacher's screen
/// serves for "Print this month". Built when asked, as `rollcall report
/// --html` builds it, so it is never out of date.
pub fn month_page(
    folder: &Path,
    roster: Option<&Roster>,
    today: NaiveDate,
    print: &Print<'_>,
) -> Result<String, ReportError> {
    let report = build(folder, roster, month_start(today), today)?;
    Ok(report.to_html(print))
}
