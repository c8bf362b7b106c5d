//! The register (`rollcall report`): one CSV for a range of days, a row per
//! student with `P`, `L`, `E` or `A` for each class day and their
//! percentage, and a summary naming who is below the threshold.
//!
//! Why it is built this way:
//! - A class day is a daily file in the range: rollcall writes one on every
//!   day it runs, even before the first check-in, so a day nobody came is
//!   still a day (the summary points such days out, in case it was a
//!   holiday). Rows still waiting beside a file Excel held count too.
//! - Daily files are read through `register::format`, the module that
//!   writes them, strictly: teachers re-save them from Excel, and a file
//!   that is not an attendance file must stop the report with its name and
//!   line rather than quietly turn students absent.
//! - Late (`L`) and excused (`E`) come from each day's details file, read
//!   through `register` too: late is present, and counts as present; an
//!   excused day is not held against the student, so it leaves their Days
//!   and their percentage. A row in the day's file wins over an excuse.
//! - The register is built whole in memory and written with an atomic
//!   rename, so a refusal or a full disk never leaves half a register.

use crate::cli::ReportOptions;
use crate::clock::Clock;
use crate::register::format::{read_day_warning, LineError, Table};
use crate::register::{self, RegisterError};
use crate::roster::{Roster, RosterError};
use crate::validate::roll_key;
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// The register's letter.
    pub fn letter(self) -> &'static str {
        match self {
            DayMark::Absent => "A",
            DayMark::Present => "P",
            DayMark::Late => "L",
            DayMark::Excused => "E",
        }
    }

    pub fn is_present(self) -> bool {
        matches!(self, DayMark::Present | DayMark::Late)
    }
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
    /// Days present, late ones included.
    pub fn days_present(&self) -> usize {
        self.marks.iter().filter(|m| m.is_present()).count()
    }

    pub fn days_late(&self) -> usize {
        self.marks.iter().filter(|&&m| m == DayMark::Late).count()
    }

    /// The days that count for them: every class day but the excused.
    pub fn days_counted(&self) -> usize {
        self.marks
            .iter()
            .filter(|&&m| m != DayMark::Excused)
            .count()
    }

    /// Days excused: they leave the student's Days.
    pub fn days_excused(&self) -> usize {
        self.marks
            .iter()
            .filter(|&&m| m == DayMark::Excused)
            .count()
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
    OutIsDayFile(PathBuf),
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
            ReportError::OutIsDayFile(path) => write!(
                f,
                "--out {} is a daily attendance file; choose another name for the register",
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
    let files = day_files(folder, from, to)?;
    if files.is_empty() {
        return Err(ReportError::NoDays(folder.to_path_buf(), from, to));
    }
    let days: Vec<NaiveDate> = files.iter().map(|(date, _)| *date).collect();
    let mut tally = Tally::new(roster, days.len());
    let mut warnings = Vec::new();
    for (d, (date, paths)) in files.into_iter().enumerate() {
        let details = register::read_details(folder, date);
        for path in paths {
            let bytes =
                register::read_file(&path).map_err(|e| ReportError::Read(path.clone(), e))?;
            let (marks, damaged) =
                read_day_warning(&bytes).map_err(|e| ReportError::File(path.clone(), e))?;
            warn_of(&path, &damaged, &mut warnings);
            for mark in marks {
                let late = details.is_late(mark.time);
                let i = tally.line_of(roster, mark.roll, mark.name);
                tally.students[i].marks[d] = if late {
                    DayMark::Late
                } else {
                    DayMark::Present
                };
            }
        }
        // After the rows: a student excused who came anyway is present.
        for excuse in details.excused.iter() {
            let i = tally.line_of(roster, excuse.roll.clone(), excuse.name.clone());
            let day = &mut tally.students[i].marks[d];
            if *day == DayMark::Absent {
                *day = DayMark::Excused;
            }
        }
    }
    let on_list = tally.on_list;
    let students = tally.in_order();
    Ok(Report {
        from,
        to,
        days,
        not_on_list: if roster.is_some() {
            students.len() - on_list
        } else {
            0
        },
        students,
        warnings,
    })
}

/// Who came which day: the class list's students first, in its order, then
/// anyone else seen, by `roll_key`.
struct Tally {
    students: Vec<Line>,
    /// How many of `students` are the class list's.
    on_list: usize,
    others: HashMap<String, usize>,
    days: usize,
}

impl Tally {
    fn new(roster: Option<&Roster>, days: usize) -> Tally {
        let students: Vec<Line> = roster
            .map(Roster::students)
            .unwrap_or_default()
            .iter()
            .map(|s| Line {
                roll: s.roll.clone(),
                name: s.name.clone(),
                marks: vec![DayMark::Absent; days],
            })
            .collect();
        Tally {
            on_list: students.len(),
            students,
            others: HashMap::new(),
            days,
        }
    }

    /// The place of `roll`'s line, added (after the class list's) when it
    /// is new. Days come in order, so the last spelling seen of someone
    /// not on the list is the latest.
    fn line_of(&mut self, roster: Option<&Roster>, roll: String, name: String) -> usize {
        let key = roll_key(&roll);
        let known = roster.and_then(|r| r.position(&key));
        let i = match known.or_else(|| self.others.get(&key).copied()) {
            Some(i) => i,
            None => {
                self.students.push(Line {
                    roll: String::new(),
                    name: String::new(),
                    marks: vec![DayMark::Absent; self.days],
                });
                self.others.insert(key, self.students.len() - 1);
                self.students.len() - 1
            }
        };
        if i >= self.on_list {
            let line = &mut self.students[i];
            line.roll = roll;
            if !name.is_empty() {
                line.name = name;
            }
        }
        i
    }

    /// The class list's students, then the others in roll order. By binary
    /// insertion rather than `sort_by`, whose code would add 10 KiB to a
    /// binary that must stay small.
    fn in_order(mut self) -> Vec<Line> {
        let on_list = self.on_list;
        let mut order: Vec<usize> = Vec::new();
        for i in on_list..self.students.len() {
            let roll = &self.students[i].roll;
            let at = order.partition_point(|&j| {
                roll_order(&self.students[j].roll, roll) != Ordering::Greater
            });
            order.insert(at, i);
        }
        let mut others: Vec<Option<Line>> = self.students.drain(on_list..).map(Some).collect();
        self.students
            .extend(order.iter().filter_map(|&i| others[i - on_list].take()));
        self.students
    }
}

/// Most lines of one file named in full; the rest are counted.
const LINES_NAMED: usize = 5;

/// The warnings for one daily file: the first in full, with the file and
/// line, then the other lines like it (a file saved without UTF-8 has them
/// by the dozen).
fn warn_of(path: &Path, damaged: &[LineError], warnings: &mut Vec<String>) {
    let (first, rest) = match damaged.split_first() {
        Some(split) => split,
        None => return,
    };
    warnings.push(format!("{}, {first}", path.display()));
    if rest.is_empty() {
        return;
    }
    let named: Vec<String> = rest
        .iter()
        .take(LINES_NAMED)
        .map(|e| e.line.to_string())
        .collect();
    let more = rest.len() - named.len();
    let lines = match (named.split_last(), more) {
        (Some((last, before)), 0) if !before.is_empty() => {
            format!("lines {} and {last}", before.join(", "))
        }
        (_, 0) => format!("line {}", named.join("")),
        _ => format!("lines {} and {more} more", named.join(", ")),
    };
    warnings.push(format!(
        "{}: question marks for letters on {lines} too",
        path.display()
    ));
}

/// The daily files (and waiting files) of each date from `from` to `to`.
fn day_files(
    folder: &Path,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Vec<PathBuf>)>, ReportError> {
    let failed = |e| ReportError::Folder(folder.to_path_buf(), e);
    // The day's file, then its waiting file: rows in the order saved.
    // Kept in date order as found, for the reason `build` gives.
    let mut days: Vec<(NaiveDate, [Option<PathBuf>; 2])> = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(failed)? {
        let entry = entry.map_err(failed)?;
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if let Some(date) = register::date_of_file(&name).filter(|d| (from..=to).contains(d)) {
            let at = days.partition_point(|(d, _)| *d < date);
            if days.get(at).map(|(d, _)| *d) != Some(date) {
                days.insert(at, (date, Default::default()));
            }
            let waiting = name.ends_with(".waiting.csv");
            days[at].1[usize::from(waiting)] = Some(entry.path());
        }
    }
    Ok(days
        .into_iter()
        .map(|(date, paths)| (date, paths.into_iter().flatten().collect()))
        .collect())
}

impl Report {
    /// The register as a CSV file, formatted as the daily files are.
    pub fn to_csv_bytes(&self) -> Vec<u8> {
        let dates: Vec<String> = self.days.iter().map(|d| d.to_string()).collect();
        let mut header = vec!["Roll", "Name"];
        header.extend(dates.iter().map(String::as_str));
        header.extend(["Present", "Late", "Days", "Percent"]);
        let mut table = Table::new(&header);
        for line in &self.students {
            let (present, days) = (line.days_present(), line.days_counted());
            // Excused every day: no share to speak of, so none is made up.
            let share = if days == 0 {
                String::new()
            } else {
                percent(present, days)
            };
            let counts = [present, line.days_late(), days].map(|n| n.to_string());
            let mut cells = vec![line.roll.as_str(), line.name.as_str()];
            cells.extend(line.marks.iter().map(|m| m.letter()));
            cells.extend(counts.iter().map(String::as_str));
            cells.push(&share);
            table.row(&cells);
        }
        table.finish()
    }

    /// The students below `threshold` percent of the days that count for
    /// them, lowest first (in register order when equal).
    pub fn below(&self, threshold: u32) -> Vec<&Line> {
        let mut below: Vec<&Line> = Vec::new();
        for line in &self.students {
            let (present, days) = (line.days_present(), line.days_counted());
            if !is_below(present, days, threshold) {
                continue;
            }
            // Binary insertion rather than sorting: see `in_order`. Shares
            // are compared as fractions, crosswise.
            let at = below.partition_point(|other| {
                other.days_present() * days <= present * other.days_counted()
            });
            below.insert(at, line);
        }
        below
    }

    /// What the teacher reads in the terminal after the register is written.
    pub fn summary(&self, threshold: u32, out: &Path) -> String {
        let mut text = format!(
            "Register from {} to {}: {} class day(s), {} student(s).\nSaved to {}\n",
            self.from,
            self.to,
            self.days.len(),
            self.students.len(),
            out.display()
        );
        let below = self.below(threshold);
        if below.is_empty() {
            text += &format!("Everyone is at {threshold}% or above.\n");
        } else {
            text += &format!("Below {threshold}%: {} student(s)\n", below.len());
            let width = |f: fn(&Line) -> &str| {
                below
                    .iter()
                    .map(|l| f(l).chars().count())
                    .max()
                    .unwrap_or(0)
            };
            let (rolls, names) = (width(|l| &l.roll), width(|l| &l.name));
            for l in below {
                let (present, days) = (l.days_present(), l.days_counted());
                text += &format!(
                    "  {:rolls$}  {:names$}  {present} of {days} days, {}%\n",
                    l.roll,
                    l.name,
                    percent(present, days)
                );
            }
        }
        if self.not_on_list > 0 {
            let others: Vec<String> = self.students[self.students.len() - self.not_on_list..]
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
}

/// Whether `present` of `days` is under `threshold` percent (exactly the
/// threshold is not; no days is not), in whole numbers: the register's
/// summary and the student's Present page judge alike.
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

/// Roll order as a teacher reads it: 2 before 10, CS-9 before CS-10, letter
/// case ignored.
fn roll_order(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    // 1 before 01, but only when all else is equal.
    let mut zeros = Ordering::Equal;
    loop {
        let order = match (a.first(), b.first()) {
            (None, None) => return zeros,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (da, db) = (digits(a), digits(b));
                let number = |s: &[u8]| {
                    let zeros = s.iter().take_while(|&&c| c == b'0').count();
                    s[zeros..].to_vec()
                };
                let (na, nb) = (number(&a[..da]), number(&b[..db]));
                zeros = zeros.then(da.cmp(&db));
                let order = na.len().cmp(&nb.len()).then(na.cmp(&nb));
                a = &a[da..];
                b = &b[db..];
                order
            }
            (Some(x), Some(y)) => {
                let order = x.to_ascii_uppercase().cmp(&y.to_ascii_uppercase());
                a = &a[1..];
                b = &b[1..];
                order
            }
            (x, y) => x.cmp(&y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// The default range: the month of `to`, from its 1st.
pub fn month_start(to: NaiveDate) -> NaiveDate {
    to.with_day(1).unwrap_or(to)
}

/// The register's default file name.
pub fn file_name(from: NaiveDate, to: NaiveDate) -> String {
    format!("register_{from}_to_{to}.csv")
}

/// `rollcall report`: builds the register, writes it, prints the summary.
pub fn run(options: &ReportOptions) -> ExitCode {
    let to = options.to.unwrap_or_else(|| Clock::from_env().now().date());
    let from = options.from.unwrap_or_else(|| month_start(to));
    if from > to {
        warn!("rollcall: --from {from} is after {to}; give --to as well");
        return ExitCode::from(2);
    }
    match write(options, from, to) {
        Ok((summary, warnings)) => {
            for warning in warnings {
                warn!("rollcall report: {warning}.");
            }
            say!("{}", summary.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            warn!(
                "rollcall report: {}",
                crate::console::sentence(&e.to_string())
            );
            ExitCode::FAILURE
        }
    }
}

/// Writes the register: its summary, and the warnings to show first.
fn write(
    options: &ReportOptions,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(String, Vec<String>), ReportError> {
    let folder = options.folder();
    let out = match &options.out {
        Some(out) => out.clone(),
        None => folder.join(file_name(from, to)),
    };
    let out_name = out.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if register::date_of_file(out_name).is_some() {
        return Err(ReportError::OutIsDayFile(out));
    }
    let roster = match &options.roster {
        Some(path) => Some(Roster::load(path).map_err(ReportError::Roster)?),
        None => None,
    };
    let report = build(&folder, roster.as_ref(), from, to)?;
    register::write_file(&out, &report.to_csv_bytes()).map_err(ReportError::Write)?;
    Ok((report.summary(options.threshold, &out), report.warnings))
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
    fn rolls_sort_as_numbers_where_they_are_numbers() {
        let mut rolls = ["10", "2", "CS-10", "cs-9", "1a", "1", "01", "B", "a", "2b"];
        rolls.sort_by(|a, b| roll_order(a, b));
        assert_eq!(
            rolls,
            ["1", "01", "1a", "2", "2b", "10", "a", "B", "cs-9", "CS-10"]
        );
    }

    #[test]
    fn damaged_lines_are_named_in_full_once_a_file_then_listed() {
        let damaged = |line| LineError {
            line,
            reason: "the name is only question marks (??): advice".into(),
        };
        let mut warnings = Vec::new();
        warn_of(Path::new("a.csv"), &[], &mut warnings);
        assert!(warnings.is_empty());
        warn_of(Path::new("a.csv"), &[damaged(3)], &mut warnings);
        warn_of(Path::new("b.csv"), &[damaged(3), damaged(7)], &mut warnings);
        assert_eq!(
            warnings,
            [
                "a.csv, line 3: the name is only question marks (??): advice",
                "b.csv, line 3: the name is only question marks (??): advice",
                "b.csv: question marks for letters on line 7 too",
            ]
        );
    }

    #[test]
    fn day_files_are_known_by_name() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 10);
        for name in [
            "attendance_2026-02-10.csv",
            "attendance_2026-02-10.waiting.csv",
            "ATTENDANCE_2026-02-10.CSV",
        ] {
            assert_eq!(register::date_of_file(name), day, "{name}");
        }
        for name in [
            "attendance_2026-02-10.torn.txt",
            "attendance_2026-2-10.csv",
            "attendance_2026-02-10 (2).csv",
            "register_2026-02-01_to_2026-02-28.csv",
            "attendance_2026-02-30.csv",
        ] {
            assert_eq!(register::date_of_file(name), None, "{name}");
        }
    }
}
