//! `rollcall report`'s options.

use super::{class_folder, class_value, file_value, parse_value, Command, Options, UsageError};
use chrono::NaiveDate;
use std::ffi::OsString;
use std::path::PathBuf;

/// Settings for `rollcall report`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    pub dir: PathBuf,
    pub class: Option<String>,
    pub roster: Option<PathBuf>,
    /// `None`: the 1st of the month of `to`.
    pub from: Option<NaiveDate>,
    /// `None`: today.
    pub to: Option<NaiveDate>,
    /// `None`: `register_FROM_to_TO.csv` in the class's folder.
    pub out: Option<PathBuf>,
    /// Students below this percentage are named.
    pub threshold: u32,
    /// `--html FILE`: the register also as a page to print.
    pub html: Option<PathBuf>,
    /// `--heading`: the school's heading atop the printed page.
    pub heading: Option<String>,
    /// `--days-left N`: class days left in the term, to say what each
    /// student below the threshold still needs.
    pub days_left: Option<u32>,
    /// `--day`: print that day's counts instead of writing the register.
    pub day: Option<NaiveDate>,
}

/// Students below this percentage are named, unless `--threshold` says.
pub const DEFAULT_THRESHOLD: u32 = 75;

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            dir: Options::default().dir,
            class: None,
            roster: None,
            from: None,
            to: None,
            out: None,
            threshold: DEFAULT_THRESHOLD,
            html: None,
            heading: None,
            days_left: None,
            day: None,
        }
    }
}

impl ReportOptions {
    /// The folder the class's daily files are in.
    pub fn folder(&self) -> PathBuf {
        class_folder(&self.dir, self.class.as_deref())
    }
}

/// Parses the arguments after `rollcall report`.
pub(super) fn parse_report<I: Iterator<Item = OsString>>(
    mut args: I,
) -> Result<Command, UsageError> {
    let mut options = ReportOptions::default();
    let date = "a date such as 2026-02-01";
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(OsString::from(v))),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| UsageError(format!("{flag} needs a value")))
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "--dir" => options.dir = file_value("--dir", value()?)?,
            "--class" => options.class = Some(class_value(value()?)?),
            "--roster" => options.roster = Some(file_value("--roster", value()?)?),
            "--from" => options.from = Some(date_value("--from", value()?, date)?),
            "--to" => options.to = Some(date_value("--to", value()?, date)?),
            "--out" => options.out = Some(file_value("--out", value()?)?),
            "--threshold" => options.threshold = threshold_value(value()?)?,
            "--html" => options.html = Some(file_value("--html", value()?)?),
            "--heading" => options.heading = Some(heading_value(value()?)?),
            "--days-left" => {
                let takes = "a number of class days from 0 to 366";
                let left = parse_value("--days-left", value()?, takes)?;
                if left > 366 {
                    return Err(UsageError(format!(
                        "--days-left takes {takes}, not '{left}'"
                    )));
                }
                options.days_left = Some(left);
            }
            "--day" => options.day = Some(date_value("--day", value()?, date)?),
            _ => {
                let UsageError(said) = super::unknown(&arg, REPORT_FLAGS);
                return Err(UsageError(said.replacen("option", "report option", 1)));
            }
        }
    }
    check_together(&options)?;
    Ok(Command::Report(options))
}

/// The report's options, for "did you mean".
const REPORT_FLAGS: &[&str] = &[
    "--dir",
    "--class",
    "--roster",
    "--from",
    "--to",
    "--out",
    "--threshold",
    "--html",
    "--heading",
    "--days-left",
    "--day",
    "--help",
];

/// Options that make no sense together, said before anything is read.
fn check_together(options: &ReportOptions) -> Result<(), UsageError> {
    if let (Some(from), Some(to)) = (options.from, options.to) {
        if from > to {
            return Err(UsageError(format!(
                "--from {from} is after --to {to}: the first day comes first"
            )));
        }
    }
    if options.day.is_some() {
        let register_only = [
            ("--from", options.from.is_some()),
            ("--to", options.to.is_some()),
            ("--out", options.out.is_some()),
            ("--html", options.html.is_some()),
            ("--days-left", options.days_left.is_some()),
        ];
        if let Some((flag, _)) = register_only.iter().find(|(_, given)| *given) {
            return Err(UsageError(format!(
                "--day prints one day's counts and writes no register: leave out {flag}"
            )));
        }
    }
    if options.heading.is_some() && options.html.is_none() {
        return Err(UsageError(
            "--heading is for the page to print: give --html FILE as well".into(),
        ));
    }
    Ok(())
}

/// A `--heading` value: the school's name as it should head the page, on
/// one line.
fn heading_value(value: OsString) -> Result<String, UsageError> {
    let text: String = value
        .to_string_lossy()
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    let text = crate::validate::tidy_spaces(&text);
    if text.is_empty() {
        return Err(UsageError(
            "--heading needs the school's name, e.g. --heading \"Govt. High School, Rampur\""
                .into(),
        ));
    }
    if text.chars().count() > 200 {
        return Err(UsageError(
            "--heading takes at most 200 letters: the school's name and place".into(),
        ));
    }
    Ok(text)
}

/// A date option's value (`2026-02-01`), or what it takes.
fn date_value(flag: &str, value: OsString, takes: &str) -> Result<NaiveDate, UsageError> {
    let text = value.to_string_lossy();
    crate::register::format::parse_date(&text)
        .ok_or_else(|| UsageError(format!("{flag} takes {takes}, not '{text}'")))
}

/// A `--threshold` value: a whole percentage from 0 to 100.
pub fn threshold_value(value: OsString) -> Result<u32, UsageError> {
    let takes = "a whole percentage from 0 to 100";
    let threshold = parse_value("--threshold", value, takes)?;
    if threshold > 100 {
        return Err(UsageError(format!(
            "--threshold takes {takes}, not '{threshold}'"
        )));
    }
    Ok(threshold)
}
