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
    let _ = read_marks(bytes, false, &mut rows);
    rows
}

/// The rows of an attendance file, for the report: like `parse_rows`, but a
/// file that is not an attendance file, or a line that is not a row of one,
/// is an error naming the line, since a register built from it would be
/// wrong. A row with an empty Time (typed in by hand) counts as present.
pub fn read_day(bytes: &[u8]) -> Result<Vec<Mark>, LineError> {
    let mut rows = Vec::new();
    read_marks(bytes, true, &mut rows)?;
    Ok(rows)
}

fn read_marks(bytes: &[u8], strict: bool, rows: &mut Vec<Mark>) -> Result<(), LineError> {
    let mut first = true;
    read_records(bytes, &mut |record, _| {
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
        rows.push(Mark {
            name: undefuse(cell(1)),
            roll,
            time,
        });
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

/// A time as rollcall writes it or as Excel may have rewritten it: `9:05`,
/// `09:05:00 AM`, `9.05` in some locales, or a fraction of a day when the
/// cell became a number. Whole seconds: a fraction is dropped, so a day
/// written again keeps `HH:MM:SS`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    if let Some(t) = clock_time(text, ':') {
        return Some(t);
    }
    match text.parse::<f64>() {
        Ok(day) if (0.0..1.0).contains(&day) => {
            let secs = ((day * 86400.0).round() as u32).min(86399);
            NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)
        }
        // Locales whose time separator is a dot (Finnish, Danish...).
        _ => clock_time(text, '.'),
    }
}

/// `H:MM`, `H:MM:SS`, `H:MM:SS.fff`, each optionally with `AM`/`PM`, with
/// `separator` between the parts.
fn clock_time(text: &str, separator: char) -> Option<NaiveTime> {
    let lower = text.to_ascii_lowercase();
    let (clock, half) = match lower
        .strip_suffix("am")
        .map(|c| (c, Some(0)))
        .or_else(|| lower.strip_suffix("pm").map(|c| (c, Some(12))))
    {
        Some((clock, half)) => (clock.trim_end(), half),
        None => (lower.as_str(), None),
    };
    let mut parts = clock.splitn(3, separator);
    let number = |part: Option<&str>| -> Option<u32> {
        let part = part?;
        if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let hour = number(parts.next())?;
    let minute = number(parts.next())?;
    let second = match parts.next() {
        None => 0,
        // Seconds may carry a fraction (".25"), dropped.
        Some(s) => number(Some(s.split(['.', ',']).next().unwrap_or("")))?,
    };
    if separator == '.' && clock.matches('.').count() > 2 {
        return None;
    }
    let hour = match half {
        None => hour,
        Some(_) if hour == 0 || hour > 12 => return None,
        Some(add) => hour % 12 + add,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// The rows of a file written by `Table` or `encode_record` (BOM and header
/// line skipped), each cell read back as it was before defusing: the audit
/// trail's reader.
pub fn read_table(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut first = true;
    let _ = read_records(bytes, &mut |cells, _| {
        if !std::mem::take(&mut first) {
            rows.push(cells.iter().map(|c| undefuse(c)).collect());
        }
        Ok(())
    });
    rows
}

/// What `read_records` calls with each record's cells and line number.
pub type RowReader<'a> = dyn FnMut(&[&str], u64) -> Result<(), String> + 'a;

/// Calls `row` with each record of a CSV file that has a non-blank cell, and
/// the line it starts on; the first error it returns stops the reading and
/// gets the line number.
/// The file may be as Excel saves it (see the module comment); the
/// separator is the one a `sep=` first line names, else the most frequent
/// of `,` `;` and tab on the first line.
pub fn read_records(bytes: &[u8], row: &mut RowReader<'_>) -> Result<(), LineError> {
    let text = decode(bytes);
    let mut text: &str = text.trim_start_matches('\u{feff}');
    let mut skipped = 0;
    let first = text.lines().next().unwrap_or("");
    let separator = match first.strip_prefix("sep=").map(str::as_bytes) {
        Some(&[sep]) => {
            text = &text[first.len()..];
            text = text.strip_prefix("\r\n").unwrap_or(text);
            text = text.strip_prefix('\n').unwrap_or(text);
            skipped = 1;
            sep
        }
        _ => sniff_separator(first),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    // The csv crate's line numbers skip blank lines and count CRLF oddly,
    // so lines are counted here, from where each record starts.
    let mut counted = (0, 1 + skipped);
    let mut line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut at = (byte as usize).clamp(counted.0, bytes.len());
        while matches!(bytes.get(at), Some(b'\r') | Some(b'\n')) {
            at += 1;
        }
        let newlines = bytes[counted.0..at].iter().filter(|&&b| b == b'\n').count();
        counted = (at, counted.1 + newlines as u64);
        counted.1
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            // Text from a `&str` split at ASCII separators cannot fail; the
            // csv crate's own wording would cost 2 KiB for nothing.
            Err(_) => {
                return Err(LineError {
                    line: line_at(reader.position().byte()),
                    reason: "this line cannot be read as CSV".into(),
                })
            }
        }
        // Cells of a `&str` split at ASCII separators are UTF-8 already.
        let cells: Vec<&str> = record
            .iter()
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = line_at(record.position().map_or(0, |p| p.byte()));
        row(&cells, line).map_err(|reason| LineError { line, reason })?;
    }
}

/// The separator a line most likely uses: the most frequent of `,` `;` and
/// tab outside quotes; a comma when none is there.
fn sniff_separator(line: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if b == *sep {
                    *n += 1;
                }
            }
        }
    }
    let mut best = counts[0];
    for c in &counts[1..] {
        if c.1 > best.1 {
            best = *c;
        }
    }
    best.0
}

/// A file's text, whichever way Excel saved it: UTF-8 (with a BOM or not),
/// UTF-16 with its BOM ("Unicode Text"), or else Windows-1252, the ANSI code
/// page "CSV (Comma delimited)" uses on Western and Indian English Windows.
/// Other ANSI code pages cannot be told apart from 1252 without a table
/// crate, so their letters come out wrong; rolls, in ASCII, still read.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let utf16 = |big: bool| {
        let units = bytes[2..].chunks(2).map(|p| {
            let pair = [p[0], p.get(1).copied().unwrap_or(0)];
            if big {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    match bytes {
        [0xFF, 0xFE, ..] => Cow::Owned(utf16(false)),
        [0xFE, 0xFF, ..] => Cow::Owned(utf16(true)),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) if bytes.starts_with(BOM) => String::from_utf8_lossy(bytes),
            Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
        },
    }
}

/// Windows-1252: Latin-1 but for 0x80–0x9F, where it has curly quotes,
/// dashes, € and a few letters. Unassigned bytes map as Latin-1 does.
fn windows_1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('?'),
        _ => char::from(b),
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
pub struct Table(csv::Writer<Vec<u8>>);

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
        Table(
            csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(start),
        )
    }

    pub fn row(&mut self, cells: &[&str]) {
        // Writing to a Vec cannot fail; an error would be a csv crate bug,
        // and a row left out is refused by `files::append` when empty.
        for cell in cells {
            let _ = self.0.write_field(defuse(cell).as_bytes());
        }
        // An empty record after fields ends the line.
        let _ = self.0.write_record(None::<&[u8]>);
    }

    pub fn finish(self) -> Vec<u8> {
        self.0.into_inner().unwrap_or_default()
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
mod tests {
    use super::*;
    use chrono::Timelike;

    fn t(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).expect("valid time")
    }

    #[test]
    fn reads_times_as_excel_rewrites_them() {
        for (text, time) in [
            ("10:12:05", t(10, 12, 5)),
            ("9:05", t(9, 5, 0)),
            ("09:05", t(9, 5, 0)),
            ("9:05:07", t(9, 5, 7)),
            ("09:05:00 AM", t(9, 5, 0)),
            ("9:05:00 PM", t(21, 5, 0)),
            ("12:30 am", t(0, 30, 0)),
            ("2:15 pm", t(14, 15, 0)),
            (" 10:12:05 ", t(10, 12, 5)),
            ("10:12:05.25", t(10, 12, 5)),
            ("0.5", t(12, 0, 0)),
            ("0.378530092592593", t(9, 5, 5)),
            ("9.05", t(9, 5, 0)),
            ("10.12.05", t(10, 12, 5)),
        ] {
            let parsed = parse_time(text).map(|p| p.with_nanosecond(0).unwrap_or(p));
            assert_eq!(parsed, Some(time), "{text:?}");
        }
        for text in [
            "",
            "25:00",
            "10:61",
            "ten past nine",
            "-0.1",
            "NaN",
            "25.00",
        ] {
            assert_eq!(parse_time(text), None, "{text:?}");
        }
    }

    /// Bytes of a file as Excel might save `Roll,Name,Time` rows.
    fn excel_file(text: &str) -> Vec<u8> {
        text.as_bytes().to_vec()
    }

    #[test]
    fn reads_a_day_as_excel_saves_it_again() {
        let want = vec![
            Mark {
                roll: "12".into(),
                name: "Udbhav".into(),
                time: t(9, 5, 0),
            },
            Mark {
                roll: "-3".into(),
                name: "Lee, Ann".into(),
                time: t(14, 0, 0),
            },
        ];
        for file in [
            // As rollcall writes it.
            "\u{feff}Roll,Name,Time\r\n12,Udbhav,09:05:00\r\n'-3,\"Lee, Ann\",14:00:00\r\n",
            // Excel, "CSV (Comma delimited)": no BOM, times reformatted.
            "Roll,Name,Time\r\n12,Udbhav,9:05\r\n'-3,\"Lee, Ann\",2:00:00 PM\r\n",
            // Excel in a locale whose list separator is ';', LF, blank rows.
            "Roll;Name;Time\n12;Udbhav;09:05\n;;\n\n'-3;Lee, Ann;14:00\n",
            // A 'sep=' line, and quotes everywhere.
            "sep=;\r\n\"Roll\";\"Name\";\"Time\"\r\n\"12\";\"Udbhav\";\"09:05:00\"\r\n\"'-3\";\"Lee, Ann\";\"14:00:00\"\r\n",
            // Lower-case header, extra column, no final line end.
            "roll,name,time,Remarks\r\n12,Udbhav,09:05:00,\r\n'-3,\"Lee, Ann\",14:00:00,late",
        ] {
            assert_eq!(read_day(&excel_file(file)), Ok(want.clone()), "{file:?}");
            assert_eq!(parse_rows(file.as_bytes()), want, "{file:?}");
        }
    }

    #[test]
    fn reads_utf16_and_windows_1252_files() {
        // Excel's "Unicode Text": UTF-16LE with a BOM, tab separated.
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Roll\tName\tTime\r\n7\tउद्भव\t10:00:00\r\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let rows = read_day(&utf16).expect("utf-16 file");
        assert_eq!(
            (rows[0].roll.as_str(), rows[0].name.as_str()),
            ("7", "उद्भव")
        );
        // Excel's ANSI "CSV (Comma delimited)" on Western Windows: 1252.
        let ansi = b"Roll,Name,Time\r\n8,Jos\xe9 N\xfa\xf1ez \x96 \x80,10:00\r\n";
        let rows = read_day(ansi).expect("1252 file");
        assert_eq!(rows[0].name, "José Núñez – €");
    }

    #[test]
    fn refuses_what_is_not_an_attendance_file_naming_the_line() {
        let refused = |text: &str| read_day(text.as_bytes()).expect_err(text);
        let e = refused("Name,Marks\r\nAnn,12\r\n");
        assert_eq!(e.line, 1);
        assert!(e.reason.contains("not an attendance file"), "{e}");
        assert!(e.reason.contains("'Name,Marks'"), "{e}");
        let e = refused("\u{feff}Roll,Name,Time\r\n12,Ann,09:00:00\r\n\r\n14,Cy,lunch\r\n");
        assert_eq!(
            e.to_string(),
            "line 4: 'lunch' in the Time column is not a time of day"
        );
        let e = refused("Roll,Name,Time\n12,Ann,09:00\n,Ben,09:01\n");
        assert_eq!(e.to_string(), "line 3: the Roll is empty");
        // A quoted cell spanning lines: the error names the line it starts on.
        let e = refused("Roll,Name,Time\n12,\"Ann\nMarie\",09:00\n13,Ben,x\n");
        assert_eq!(e.line, 4);
        let e = refused("sep=;\r\nRoll;Name;Time\r\n\r\n12;Ann;x\r\n");
        assert_eq!(e.line, 4);
        // The restart reads what it can from the same files.
        assert_eq!(parse_rows(b"Name,Marks\r\nAnn,12\r\n").len(), 1);
        assert_eq!(
            parse_rows(b"Roll,Name,Time\n12,Ann,lunch\n,Ben,1\n")[0].time,
            NaiveTime::MIN
        );
        // An empty file is a day nobody came, not an error.
        assert_eq!(read_day(b""), Ok(Vec::new()));
        assert_eq!(read_day(BOM), Ok(Vec::new()));
    }

    #[test]
    fn a_table_is_a_whole_excel_ready_file() {
        let mut table = Table::new(&["Roll", "Name", "2026-02-10"]);
        table.row(&["-2", "=cmd", "P"]);
        table.row(&["3", "Lee, Ann", "A"]);
        assert_eq!(
            String::from_utf8(table.finish()).expect("utf8"),
            "\u{feff}Roll,Name,2026-02-10\r\n'-2,'=cmd,P\r\n3,\"Lee, Ann\",A\r\n"
        );
    }

    #[test]
    fn defuses_formula_cells_and_reads_them_back() {
        for cell in ["=1+1", "+1", "-2", "@x", "\tx", "\rx"] {
            let d = defuse(cell);
            assert_eq!(d, format!("'{cell}"));
            assert_eq!(undefuse(&d), cell);
        }
        assert_eq!(defuse("12"), "12");
        assert_eq!(undefuse("'12"), "'12");
    }

    #[test]
    fn encodes_rows_as_excel_expects() {
        let t = NaiveTime::from_hms_opt(10, 12, 5).expect("valid time");
        let rows = encode_rows(&[
            Mark {
                roll: "12".into(),
                name: "Udbhav".into(),
                time: t,
            },
            Mark {
                roll: "-3".into(),
                name: "Ann \"Annie\" Lee".into(),
                time: t,
            },
        ]);
        assert_eq!(
            String::from_utf8(rows).expect("utf8"),
            "12,Udbhav,10:12:05\r\n'-3,\"Ann \"\"Annie\"\" Lee\",10:12:05\r\n"
        );
        assert_eq!(file_start(&HEADER), b"\xEF\xBB\xBFRoll,Name,Time\r\n");
    }

    #[test]
    fn whole_len_stops_at_the_last_newline() {
        assert_eq!(whole_len(b""), 0);
        assert_eq!(whole_len(b"\xEF\xBB\xBF"), 0);
        assert_eq!(whole_len(b"Roll,Name,Time\r\n12,Ud"), 16);
        assert_eq!(whole_len(b"Roll,Name,Time\r\n12,U,1\r"), 16);
        assert_eq!(whole_len(b"Roll,Name,Time\n"), 15);
    }

    #[test]
    fn parses_rows_with_bom_quotes_and_defused_cells() {
        let rows = parse_rows(
            "\u{feff}Roll,Name,Time\r\n12,Udbhav,10:12:05\r\n'-3,\"Lee, Ann\",09:00:00\n\r\n"
                .as_bytes(),
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].roll, "12");
        assert_eq!(rows[1].roll, "-3");
        assert_eq!(rows[1].name, "Lee, Ann");
        assert_eq!(
            rows[1].time,
            NaiveTime::from_hms_opt(9, 0, 0).expect("valid")
        );
    }
}
