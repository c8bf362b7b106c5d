//! The attendance file's format: the one place that knows how a row looks on
//! disk. Every writer encodes through here and every reader (the restart,
//! the teacher's removal, the report, the class list) parses through here.
//!
//! What a file is, and why:
//! - UTF-8 with a byte-order mark: without it Excel reads Hindi as mojibake.
//! - `Roll,Name,Time`, CRLF line ends (Notepad on Windows 7 shows LF-only
//!   files as one line), quoting by the `csv` crate.
//! - A cell that starts with `= + - @`, tab or CR gets a leading `'`, so
//!   Excel shows it as text instead of running it as a formula.
//!
//! What is read back, and why: teachers open these files in Excel and save
//! them again, and type class lists there. So reading accepts what Excel
//! writes: a BOM or none, CRLF or LF, `;` or tab as the separator (Excel's
//! list separator in many locales, and its "Unicode Text"), UTF-16 or the
//! Windows-1252 code page, and a Time reformatted (`9:05`, `09:05:00 AM`).
//!
//! `details` is the format of the details file beside each day's file: the
//! opening, the late rule and the excused, in lines of their own.

pub mod details;
mod excel;

pub use excel::{parse_time, read_records};

/// A date as rollcall writes it, `2026-02-10` (ISO 8601), read by hand:
/// chrono's parser costs the binary KiBs that a teacher downloads.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    let mut parts = text.splitn(3, '-');
    let number = |part: Option<&str>, len: usize| {
        part.filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let year = number(parts.next(), 4)?;
    let month = number(parts.next(), 2)?;
    let day = number(parts.next(), 2)?;
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

use chrono::NaiveTime;
use std::borrow::Cow;
use std::fmt;

/// The header of every attendance file.
pub const HEADER: [&str; 3] = ["Roll", "Name", "Time"];
/// UTF-8 byte-order mark: tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";
// The Time column is chrono's own `HH:MM:SS` (NaiveTime's Display and
// FromStr): chrono's strftime formatter and parser would cost 30 KiB of a
// binary a teacher downloads, so `parse_time` below reads Excel's other
// spellings of a time with chrono's constructors instead.

/// One student's row for the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub roll: String,
    pub name: String,
    pub time: NaiveTime,
}

/// Why a line of a file cannot be read, for a message that sends the
/// teacher to that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based, as a text editor counts.
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// What a file starts with: the BOM and the header line.
pub fn file_start(header: &[&str]) -> Vec<u8> {
    let mut bytes = BOM.to_vec();
    bytes.extend_from_slice(&encode_record(header));
    bytes
}

/// Length of the prefix of `bytes` made of whole lines. A lone BOM with no
/// complete header line counts as nothing, so the header is written afresh.
pub fn whole_len(bytes: &[u8]) -> usize {
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(i) => i + 1,
        None => 0,
    }
}

/// The rows of an attendance file's whole lines, for the restart: never
/// fails, because a server must start even on a file someone mangled. The
/// first line is taken as the header whatever it says; rows without a roll
/// are left in the file but not counted; an unreadable time reads as 00:00.
pub fn parse_rows(bytes: &[u8]) -> Vec<Mark> {
    let mut rows = Vec::new();
    let _ = read_marks(bytes, false, &mut rows, &mut Vec::new());
    rows
}

/// The rows of an attendance file, for the report: like `parse_rows`, but a
/// file that is not an attendance file, or a line that is not a row of one,
/// is an error naming the line, since a register built from it would be
/// wrong. A row with an empty Time (typed in by hand) counts as present.
/// The report reads with `read_day_warning`; this is its rows alone.
#[cfg(test)]
pub fn read_day(bytes: &[u8]) -> Result<Vec<Mark>, LineError> {
    read_day_warning(bytes).map(|(rows, _)| rows)
}

/// `read_day`, and the lines the report should warn of though it can use
/// them: names whose letters a spreadsheet replaced with `?` when it saved
/// the file without UTF-8 (LibreOffice's default character set, Excel's
/// "CSV (Comma delimited)"). Nothing can bring those letters back, and a
/// register of `?????` written without a word would go unnoticed.
pub fn read_day_warning(bytes: &[u8]) -> Result<(Vec<Mark>, Vec<LineError>), LineError> {
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    read_marks(bytes, true, &mut rows, &mut warnings)?;
    Ok((rows, warnings))
}

/// What is wrong with a name read from a file, if it shows the damage of a
/// save without UTF-8: no name rollcall writes has a `?` in it (check-ins
/// and class lists refuse one).
pub fn lost_letters(name: &str) -> Option<String> {
    const ADVICE: &str = "the file was probably saved in a spreadsheet without UTF-8; open it again from the original or re-save as CSV UTF-8";
    let marks = name.chars().filter(|&c| c == '?').count();
    if marks >= 2 && name.chars().all(|c| c == '?' || c.is_whitespace()) {
        Some(format!(
            "the name is only question marks ({}): {ADVICE}",
            name.trim()
        ))
    } else if marks > 0 {
        Some(format!(
            "the name '{name}' has question marks where letters should be: {ADVICE}"
        ))
    } else {
        None
    }
}

fn read_marks(
    bytes: &[u8],
    strict: bool,
    rows: &mut Vec<Mark>,
    warnings: &mut Vec<LineError>,
) -> Result<(), LineError> {
    let mut first = true;
    read_records(bytes, &mut |record, line| {
        let cell = |i: usize| record.get(i).map_or("", |c| c.trim());
        if std::mem::take(&mut first) {
            let is_header = HEADER
                .iter()
                .enumerate()
                .all(|(i, h)| cell(i).eq_ignore_ascii_case(h));
            if is_header || !strict {
                return Ok(());
            }
            return Err(format!(
                "this is not an attendance file: it should start with the line Roll,Name,Time, not '{}'",
                preview(record)
            ));
        }
        // Trimmed again once undefused: `'<tab>12` is roll 12 (fuzzing).
        let roll = undefuse(cell(0)).trim().to_string();
        if roll.is_empty() {
            return match strict {
                true => Err("the Roll is empty".to_string()),
                false => Ok(()),
            };
        }
        let time = match (parse_time(cell(2)), strict) {
            (Some(t), _) => t,
            (None, true) if !cell(2).is_empty() => {
                return Err(format!(
                    "'{}' in the Time column is not a time of day",
                    cell(2)
                ))
            }
            (None, _) => NaiveTime::MIN,
        };
        let name = undefuse(cell(1));
        if let Some(reason) = lost_letters(&name) {
            warnings.push(LineError { line, reason });
        }
        rows.push(Mark { name, roll, time });
        Ok(())
    })
}

/// A record's first cells as a short text, to show a teacher which line.
fn preview(record: &[&str]) -> String {
    let text = record.join(",");
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Reads a CSV file of our own writing (UTF-8, commas: the audit trail)
/// record by record, without holding the file in memory, for it can be
/// large after a flood. The header is skipped; cells are undefused; a line
/// that is not UTF-8 (not ours) is passed over.
pub fn stream_table(file: impl std::io::Read, mut row: impl FnMut(&[&str])) -> std::io::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::with_capacity(64 * 1024, file));
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) if e.is_io_error() => {
                return Err(std::io::Error::new(std::io::ErrorKind::Other, e))
            }
            Err(_) => continue,
        }
        // Undefused only where a cell was defused: most are not.
        if record.iter().any(|cell| cell.starts_with('\'')) {
            let owned: Vec<String> = record.iter().map(undefuse).collect();
            let borrowed: Vec<&str> = owned.iter().map(String::as_str).collect();
            row(&borrowed);
        } else {
            let cells: Vec<&str> = record.iter().collect();
            row(&cells);
        }
    }
}

/// CSV bytes of `marks`, each cell defused for Excel.
pub fn encode_rows(marks: &[Mark]) -> Vec<u8> {
    let mut table = Table::bare();
    for mark in marks {
        let time = mark.time.to_string();
        table.row(&[&mark.roll, &mark.name, &time]);
    }
    table.finish()
}

/// One CSV line (CRLF) of `cells`, each defused for Excel.
pub fn encode_record(cells: &[&str]) -> Vec<u8> {
    let mut table = Table::bare();
    table.row(cells);
    table.finish()
}

/// A CSV file being written row by row, formatted as every attendance file
/// is: the register a report writes goes through here too.
pub struct Table(Vec<u8>);

impl Table {
    /// A whole file: the BOM, then `header`.
    pub fn new(header: &[&str]) -> Table {
        let mut table = Table::writing_after(BOM.to_vec());
        table.row(header);
        table
    }

    /// Lines without a BOM, to append to a file.
    fn bare() -> Table {
        Table::writing_after(Vec::new())
    }

    fn writing_after(start: Vec<u8>) -> Table {
        Table(start)
    }

    /// One CRLF line of `cells`, each defused, quoted only where it must be
    /// (a comma, a quote or a line break in it; an empty line's one cell),
    /// as the csv crate's writer would: written by hand, for its writer
    /// links a float parser the binary need not carry.
    pub fn row(&mut self, cells: &[&str]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.0.push(b',');
            }
            let cell = defuse(cell);
            let quote =
                cell.contains(&[',', '"', '\r', '\n'][..]) || (cells.len() == 1 && cell.is_empty());
            if quote {
                self.0.push(b'"');
                self.0
                    .extend_from_slice(cell.replace('"', "\"\"").as_bytes());
                self.0.push(b'"');
            } else {
                self.0.extend_from_slice(cell.as_bytes());
            }
        }
        self.0.extend_from_slice(b"\r\n");
    }

    pub fn finish(self) -> Vec<u8> {
        self.0
    }
}

/// First characters that make Excel read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Prefixes `'` to a cell Excel would read as a formula.
fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes `defuse` when reading a file back.
fn undefuse(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest.to_string(),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests;
