//! `rollcall report` itself: the register (and the page to print) written,
//! or one day's counts printed, and what the terminal is told.

use super::day::day_text;
use super::summary::Goal;
use super::{build, file_name, month_start, Print, ReportError};
use crate::cli::ReportOptions;
use crate::clock::Clock;
use crate::register;
use crate::roster::Roster;
use chrono::NaiveDate;
use std::path::PathBuf;
use std::process::ExitCode;

/// `rollcall report`: builds the register, writes it, prints the summary;
/// with `--day`, prints that day's counts instead.
pub fn run(options: &ReportOptions) -> ExitCode {
    let done = match options.day {
        Some(day) => load_roster(options)
            .and_then(|roster| day_text(&options.folder(), roster.as_ref(), day)),
        None => {
            let to = options.to.unwrap_or_else(|| Clock::from_env().now().date());
            let from = options.from.unwrap_or_else(|| month_start(to));
            if from > to {
                warn!("rollcall: --from {from} is after {to}; give --to as well");
                return ExitCode::from(2);
            }
            write(options, from, to)
        }
    };
    match done {
        Ok((text, warnings)) => {
            for warning in warnings {
                warn!("rollcall report: {warning}.");
            }
            say!("{}", text.trim_end());
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

fn load_roster(options: &ReportOptions) -> Result<Option<Roster>, ReportError> {
    match &options.roster {
        Some(path) => Roster::load(path).map(Some).map_err(ReportError::Roster),
        None => Ok(None),
    }
}

/// A file to write the register to, if it is not a daily file.
fn not_a_day_file(flag: &'static str, path: PathBuf) -> Result<PathBuf, ReportError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match register::date_of_file(name) {
        Some(_) => Err(ReportError::OutIsDayFile(flag, path)),
        None => Ok(path),
    }
}

/// The most class days a month can have: the page to print is made for it.
const MONTH: usize = 31;

/// Writes the register (and the page to print, if asked for): its summary,
/// and the warnings to show first.
fn write(
    options: &ReportOptions,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(String, Vec<String>), ReportError> {
    let folder = options.folder();
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| folder.join(file_name(from, to)));
    let out = not_a_day_file("--out", out)?;
    let html = match &options.html {
        Some(html) => Some(not_a_day_file("--html", html.clone())?),
        None => None,
    };
    let roster = load_roster(options)?;
    let mut report = build(&folder, roster.as_ref(), from, to)?;
    if html.is_some() && report.days.len() > MONTH {
        report.warnings.push(format!(
            "the page to print has {} class days, and is made for a month: its boxes come out small. Print a month at a time with --from and --to",
            report.days.len()
        ));
    }
    let goal = Goal {
        threshold: options.threshold,
        days_left: options.days_left,
    };
    register::write_file(&out, &report.to_csv_with(goal)).map_err(ReportError::Write)?;
    if let Some(html) = &html {
        let print = Print {
            class: options.class.as_deref(),
            heading: options.heading.as_deref(),
            threshold: options.threshold,
            days_left: options.days_left,
        };
        let page = report.to_html(&print);
        register::write_file(html, page.as_bytes()).map_err(ReportError::Write)?;
    }
    let summary = report.summary(goal, &out, html.as_deref());
    Ok((summary, report.warnings))
}
