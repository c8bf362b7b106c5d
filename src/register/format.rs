//! The attendance file's format: the one place that knows how a row looks on
//! disk. Every writer encodes through here and every reader (the restart,
//! the teacher's removal, the report) parses through here.
//!
//! What a file is, and why:
//! - UTF-8 with a byte-order mark: without it Excel reads Hindi as mojibake.
//! - `Roll,Name,Time`, CRLF line ends (Notepad on Windows 7 shows LF-only
//!   files as one line), quoting by the `csv` crate.
//! - A cell that starts with `= + - @`, tab or CR gets a leading `'`, so
//!   Excel shows it as text instead of running it as a formula.

use chrono::NaiveTime;

/// The header of every attendance file.
pub const HEADER: [&str; 3] = ["Roll", "Name", "Time"];
/// UTF-8 byte-order mark: tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Format of the Time column.
pub const TIME_FORMAT: &str = "%H:%M:%S";

/// One student's row for the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub roll: String,
    pub name: String,
    pub time: NaiveTime,
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

/// The rows of an attendance file's whole lines (BOM and header skipped).
/// Rows that are not `Roll,Name,Time` are left in the file but not counted.
pub fn parse_rows(bytes: &[u8]) -> Vec<Mark> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.byte_records().flatten() {
        let field = |i: usize| String::from_utf8_lossy(record.get(i).unwrap_or(b"")).into_owned();
        // Trimmed again once undefused: `'<tab>12` is roll 12 (fuzzing).
        let roll = undefuse(field(0).trim()).trim().to_string();
        if roll.is_empty() {
            continue;
        }
        let time =
            NaiveTime::parse_from_str(field(2).trim(), TIME_FORMAT).unwrap_or(NaiveTime::MIN);
        rows.push(Mark {
            roll,
            name: undefuse(&field(1)),
            time,
        });
    }
    rows
}

/// CSV bytes of `marks`, each cell defused for Excel.
pub fn encode_rows(marks: &[Mark]) -> Vec<u8> {
    let mut out = Vec::new();
    for mark in marks {
        let time = mark.time.format(TIME_FORMAT).to_string();
        out.extend_from_slice(&encode_record(&[&mark.roll, &mark.name, &time]));
    }
    out
}

/// One CSV line (CRLF) of `cells`, each defused for Excel.
pub fn encode_record(cells: &[&str]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; an error here would be a csv crate bug,
    // and an empty row is refused by `files::append`.
    if writer
        .write_record(cells.iter().map(|c| defuse(c)))
        .is_err()
    {
        return Vec::new();
    }
    writer.into_inner().unwrap_or_default()
}

/// First characters that make Excel read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Prefixes `'` to a cell Excel would read as a formula.
fn defuse(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_string()
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
