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
            _ => {
                let flags = [
                    "--dir",
                    "--class",
                    "--roster",
                    "--from",
                    "--to",
                    "--out",
                    "--threshold",
                    "--help",
                ];
                let UsageError(said) = super::unknown(&arg, &flags);
                return Err(UsageError(said.replacen("option", "report option", 1)));
            }
        }
    }
    if let (Some(from), Some(to)) = (options.from, options.to) {
        if from > to {
            return Err(UsageError(format!(
                "--from {from} is after --to {to}: the first day comes first"
            )));
        }
    }
    Ok(Command::Report(options))
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
