//! The month's files as the register reads them: the daily files of a
//! range (and the rows still waiting beside a file Excel held), read
//! strictly through `register::format`, the module that writes them, with
//! a warning for every file whose names a spreadsheet turned into `?????`.

use super::rules;
use super::ReportError;
use crate::register;
use crate::register::format::{read_day_warning, LineError, Mark};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The daily files (and waiting files) of each class day from `from` to
/// `to`, in date order.
pub(super) fn day_files(
    folder: &Path,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Vec<PathBuf>)>, ReportError> {
    let failed = |e| ReportError::Folder(folder.to_path_buf(), e);
    // The day's file, then its waiting file: rows in the order saved.
    // Kept in date order as found: days come in order, so the last
    // spelling seen of a name is the latest.
    let mut days: Vec<(NaiveDate, [Option<PathBuf>; 2])> = Vec::new();
    let waiting_folder = folder.join("waiting");
    // (The waiting folder: rows that waited while Excel held a day's file;
    // an older rollcall kept them beside it, as `.waiting.csv`.)
    let waited = std::fs::read_dir(&waiting_folder).into_iter().flatten();
    let entries = std::fs::read_dir(folder).map_err(failed)?;
    for entry in entries.map(|e| (e, false)).chain(waited.map(|e| (e, true))) {
        let (entry, in_waiting) = (entry.0.map_err(failed)?, entry.1);
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if let Some(date) = rules::class_day(&name).filter(|d| (from..=to).contains(d)) {
            let at = days.partition_point(|(d, _)| *d < date);
            if days.get(at).map(|(d, _)| *d) != Some(date) {
                days.insert(at, (date, Default::default()));
            }
            let waiting = in_waiting || name.ends_with(".waiting.csv");
            days[at].1[usize::from(waiting)] = Some(entry.path());
        }
    }
    Ok(days
        .into_iter()
        .map(|(date, paths)| (date, paths.into_iter().flatten().collect()))
        .collect())
}

/// The rows of one day's files, in the order saved; the damaged lines are
/// added to `warnings`.
pub(super) fn rows_of(
    paths: &[PathBuf],
    warnings: &mut Vec<String>,
) -> Result<Vec<Mark>, ReportError> {
    let mut rows = Vec::new();
    for path in paths {
        let bytes = register::read_file(path).map_err(|e| ReportError::Read(path.clone(), e))?;
        let (marks, damaged) =
            read_day_warning(&bytes).map_err(|e| ReportError::File(path.clone(), e))?;
        warn_of(path, &damaged, warnings);
        rows.extend(marks);
    }
    Ok(rows)
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(rules::class_day(name), day, "{name}");
        }
        for name in [
            "attendance_2026-02-10.torn.txt",
            "attendance_2026-2-10.csv",
            "attendance_2026-02-10 (2).csv",
            "register_2026-02-01_to_2026-02-28.csv",
            "attendance_2026-02-30.csv",
            "attendance_2026-02-10.details.csv",
        ] {
            assert_eq!(rules::class_day(name), None, "{name}");
        }
    }
}
