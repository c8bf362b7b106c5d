//! The class list (`--roster FILE`): who is in the class, and how their
//! names are spelled.
//!
//! Teachers make it in Excel or copy it from the school's system, so it is
//! read the way attendance files are read back (`register::format`): with or
//! without a BOM, `,` `;` or tab, UTF-8, UTF-16 or Windows-1252. The header
//! is optional: a first line naming a "Roll" column (`Roll`, `Roll No.`...)
//! picks the roll and name columns, so a school export with a serial-number
//! column first still reads. Rolls are matched as check-ins are, ignoring
//! letter case (`validate::roll_key`). Anything doubtful (a roll a student
//! could not type, a missing name, a roll listed twice) stops with the line,
//! because a wrong list would turn students away at the door.

use crate::register::format::{read_records, LineError};
use crate::validate::{ascii_digits, roll_error, roll_key, tidy_spaces, Student};
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The students of a class, in the order of the file.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    students: Vec<Student>,
    /// Index into `students` by `roll_key`.
    index: HashMap<String, usize>,
}

/// Why a class list cannot be used, in words a teacher can act on.
#[derive(Debug)]
pub enum RosterError {
    Read(PathBuf, io::Error),
    Line(PathBuf, LineError),
    Empty(PathBuf),
    /// An Excel or LibreOffice workbook rather than a CSV file.
    Spreadsheet(PathBuf),
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RosterError::Read(path, e) => {
                write!(f, "could not read the class list {}: {e}", path.display())?;
                if e.kind() == io::ErrorKind::NotFound {
                    f.write_str(". Check the file name after --roster")?;
                }
                Ok(())
            }
            RosterError::Line(path, e) => write!(f, "the class list {}, {e}", path.display()),
            RosterError::Spreadsheet(path) => write!(
                f,
                "{} is a spreadsheet: save it as CSV UTF-8 — Excel: File → Save As → CSV UTF-8 (Comma delimited); LibreOffice: File → Save As → Text CSV, character set UTF-8",
                path.display()
            ),
            RosterError::Empty(path) => write!(
                f,
                "the class list {} has no students: put one per line, the roll number then the name, like 12,Udbhav",
                path.display()
            ),
        }
    }
}

impl std::error::Error for RosterError {}

impl Roster {
    /// Reads the class list at `path`.
    pub fn load(path: &Path) -> Result<Roster, RosterError> {
        let bytes = std::fs::read(path).map_err(|e| RosterError::Read(path.to_path_buf(), e))?;
        if is_spreadsheet(path, &bytes) {
            return Err(RosterError::Spreadsheet(path.to_path_buf()));
        }
        let roster = Roster::parse(&bytes).map_err(|e| RosterError::Line(path.to_path_buf(), e))?;
        if roster.is_empty() {
            return Err(RosterError::Empty(path.to_path_buf()));
        }
        Ok(roster)
    }

    /// Reads a class list from its bytes; an empty one is not an error here.
    pub fn parse(bytes: &[u8]) -> Result<Roster, LineError> {
        let mut roster = Roster::default();
        let mut lines = Vec::new();
        // (roll column, name column), once the first line has told.
        let mut columns: Option<(usize, usize)> = None;
        read_records(bytes, &mut |record, line| {
            let (roll_at, name_at) = match columns {
                Some(c) => c,
                None => {
                    let found = header_columns(record)?;
                    columns = Some(found.unwrap_or((0, 1)));
                    if found.is_some() {
                        return Ok(());
                    }
                    (0, 1)
                }
            };
            let student = listed(record.get(roll_at), record.get(name_at))?;
            let roll = student.roll.as_str();
            let key = roll_key(roll);
            if let Some(&first) = roster.index.get(&key) {
                return Err(format!(
                    "roll {roll} is on the list twice: it is also on line {}",
                    lines[first]
                ));
            }
            roster.index.insert(key, roster.students.len());
            roster.students.push(student);
            lines.push(line);
            Ok(())
        })?;
        Ok(roster)
    }

    /// The class list's spelling of the name of `roll`, if it is on it.
    #[cfg(test)]
    pub fn name_of(&self, roll: &str) -> Option<&str> {
        self.get(roll).map(|s| s.name.as_str())
    }

    /// The student with `roll` (any letter case), as the list spells both.
    pub fn get(&self, roll: &str) -> Option<&Student> {
        self.position(roll).map(|i| &self.students[i])
    }

    /// Where `roll` is in `students()`.
    pub fn position(&self, roll: &str) -> Option<usize> {
        self.index.get(&roll_key(roll)).copied()
    }

    /// The students in the order of the file.
    pub fn students(&self) -> &[Student] {
        &self.students
    }

    pub fn len(&self) -> usize {
        self.students.len()
    }

    pub fn is_empty(&self) -> bool {
        self.students.is_empty()
    }
}

/// Whether `bytes` are a workbook (`.xlsx`, `.ods`, `.numbers`: a zip;
/// an old `.xls`: an OLE compound file) rather than text: read as CSV they
/// would fill the terminal with binary. Known by their first bytes, and by
/// the name where the bytes are not text either (an empty or cut file).
fn is_spreadsheet(path: &Path, bytes: &[u8]) -> bool {
    const SIGNATURES: [&[u8]; 3] = [
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return true;
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let named = matches!(
        extension.as_deref(),
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "numbers")
    );
    // UTF-16 text (Excel's "Unicode Text") has NULs but starts with a BOM.
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let binary = bytes
        .iter()
        .take(1024)
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n'));
    named && (bytes.is_empty() || (binary && !utf16))
}

/// A line's roll and name, tidied, if a student can be checked in by them:
/// rolls typed in Devanagari (or any script's) digits read as ASCII, as
/// they do at check-in; else why not, in the teacher's words.
fn listed(roll: Option<&&str>, name: Option<&&str>) -> Result<Student, String> {
    let roll = ascii_digits(roll.map_or("", |c| c.trim()));
    let name = tidy_spaces(name.copied().unwrap_or(""));
    if roll.is_empty() {
        return Err(format!("the roll number of '{name}' is missing"));
    }
    if let Some(problem) = roll_error(&roll) {
        return Err(format!(
            "'{roll}' is not a roll number students can type. {}",
            crate::lang::Lang::En.problem(problem)
        ));
    }
    if name.is_empty() {
        return Err(format!(
            "roll {roll} has no name. Each line needs a roll number and a name, like 12,Udbhav"
        ));
    }
    if name.contains('?') {
        return Err(format!(
            "the name '{name}' has question marks where letters should be. Excel saved the list as \"CSV (Comma delimited)\", which cannot hold Hindi, Tamil and other such letters: in Excel use Save As, \"CSV UTF-8 (Comma delimited)\" (older Excel: \"Unicode Text\"), and use that file"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!("the name of roll {roll} holds a control character"));
    }
    Ok(Student { roll, name })
}

/// The (roll, name) columns if the first line is a header. It is one when a
/// cell reads as "Roll", "Roll No.", "Roll number"; the name column is then
/// the first other cell with "name" in it. A first line whose first cell
/// has no digit is a header too if that cell cannot be a roll ("अनुक्रमांक")
/// or the next says "name" ("ID,Name"), so a list of rolls A, B... still
/// starts with A.
fn header_columns(record: &[&str]) -> Result<Option<(usize, usize)>, String> {
    let words: Vec<String> = record
        .iter()
        .map(|cell| {
            cell.chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect()
        })
        .collect();
    let is_roll = |w: &String| {
        matches!(
            w.strip_prefix("roll"),
            Some("" | "no" | "nr" | "num" | "number")
        )
    };
    if let Some(roll_at) = words.iter().position(is_roll) {
        let name_at = words
            .iter()
            .enumerate()
            .position(|(i, w)| i != roll_at && w.contains("name"))
            .ok_or("the first line names a Roll column but no Name column")?;
        return Ok(Some((roll_at, name_at)));
    }
    let first = ascii_digits(record.first().map_or("", |c| c.trim()));
    let first = first.as_str();
    let named = words.get(1).map_or(false, |w| w.contains("name"));
    if !first.bytes().any(|b| b.is_ascii_digit()) && (roll_error(first).is_some() || named) {
        return Ok(Some((0, 1)));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rolls_and_names(roster: &Roster) -> Vec<(&str, &str)> {
        roster
            .students()
            .iter()
            .map(|s| (s.roll.as_str(), s.name.as_str()))
            .collect()
    }

    fn refused(text: &str) -> LineError {
        Roster::parse(text.as_bytes()).expect_err(text)
    }

    #[test]
    fn reads_a_list_however_excel_saved_it() {
        let want = [
            ("12", "Udbhav"),
            ("7b", "Lee, Ann"),
            ("CS-21/044", "तमिल सेल्वी"),
        ];
        for text in [
            "Roll,Name\r\n12,Udbhav\r\n7b,\"Lee, Ann\"\r\nCS-21/044,तमिल सेल्वी\r\n",
            "\u{feff}Roll,Name\r\n12,Udbhav\r\n7b,\"Lee, Ann\"\r\nCS-21/044,तमिल सेल्वी\r\n",
            // No header; a semicolon list as German or French Excel writes.
            "12;Udbhav\n7b;Lee, Ann\nCS-21/044;तमिल सेल्वी\n",
            // Blank lines, empty Excel rows, spaces, a header in other words.
            "Roll No.;Student Name\n\n 12 ; Udbhav \n;\n7b;Lee,  Ann\nCS-21/044;तमिल सेल्वी",
            // A school export: serial number first, extra columns.
            "S.No,Student Name,Roll Number,Father's Name\n1,Udbhav,12,X\n2,\"Lee, Ann\",7b,Y\n3,तमिल सेल्वी,CS-21/044,Z\n",
            // A header in Hindi.
            "अनुक्रमांक,नाम\n12,Udbhav\n7b,\"Lee, Ann\"\nCS-21/044,तमिल सेल्वी\n",
        ] {
            let roster = Roster::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(rolls_and_names(&roster), want, "{text:?}");
        }
    }

    #[test]
    fn a_first_line_is_a_header_only_when_it_looks_like_one() {
        let roster = Roster::parse(b"A,Ann\nB,Ben\n").expect("roster");
        assert_eq!(rolls_and_names(&roster), [("A", "Ann"), ("B", "Ben")]);
        let roster = Roster::parse(b"ID,Name\nA,Ann\n").expect("roster");
        assert_eq!(rolls_and_names(&roster), [("A", "Ann")]);
        let roster = Roster::parse(b"Sr. No.,Student\n1,Ann\n").expect("roster");
        assert_eq!(rolls_and_names(&roster), [("1", "Ann")]);
    }

    #[test]
    fn looks_rolls_up_as_check_ins_do() {
        let roster = Roster::parse(b"12,Udbhav\n7b,Ann\n").expect("roster");
        assert_eq!(roster.len(), 2);
        assert_eq!(roster.name_of("7B"), Some("Ann"));
        assert_eq!(roster.get("7B").map(|s| s.roll.as_str()), Some("7b"));
        assert_eq!(roster.name_of("12"), Some("Udbhav"));
        assert_eq!(roster.name_of("012"), None);
        assert_eq!(roster.position("7b"), Some(1));
    }

    #[test]
    fn reads_windows_1252_and_names_the_damage_of_an_ansi_save() {
        let roster = Roster::parse(b"Roll;Name\r\n1;Jos\xe9 N\xfa\xf1ez\r\n").expect("1252");
        assert_eq!(roster.name_of("1"), Some("José Núñez"));
        // Excel's ANSI CSV turns letters it cannot hold into '?'.
        let e = refused("Roll,Name\r\n1,Ann\r\n2,?????\r\n");
        assert_eq!(e.line, 3);
        assert!(e.reason.contains("CSV UTF-8"), "{e}");
    }

    #[test]
    fn refuses_doubtful_lines_naming_them() {
        for (text, line, says) in [
            (
                "Roll,Name\n12,Ann\n\n12,Ben\n",
                4,
                "roll 12 is on the list twice: it is also on line 2",
            ),
            (
                "Roll,Name\n7b,Ann\n7B,Ben\n",
                3,
                "roll 7B is on the list twice",
            ),
            ("12,Ann\n13\n", 2, "roll 13 has no name"),
            ("12,Ann\n,Ben\n", 2, "the roll number of 'Ben' is missing"),
            (
                "12,Ann\n1 3,Ben\n",
                2,
                "'1 3' is not a roll number students can type",
            ),
            (
                "Roll,Name\n12,Ann\n१२,Ben\n",
                3,
                "roll 12 is on the list twice: it is also on line 2",
            ),
            (
                "Roll,Name\n12,Ann\n१२क,Ben\n",
                3,
                "'12क' is not a roll number",
            ),
            ("Roll No,Class\n12,5\n", 1, "no Name column"),
            ("12,Ann\n13,\"Ben\u{7}\"\n", 2, "control character"),
        ] {
            let e = refused(text);
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.reason.contains(says), "{text:?}: {e}");
        }
    }

    #[test]
    fn rolls_in_any_scripts_digits_read_as_ascii_digits() {
        let roster = Roster::parse("१२,अनीता\n௧௩,Selvi\n".as_bytes()).expect("roster");
        assert_eq!(rolls_and_names(&roster), [("12", "अनीता"), ("13", "Selvi")]);
        assert_eq!(roster.name_of("12"), Some("अनीता"));
    }

    #[test]
    fn a_workbook_is_known_by_its_bytes_and_refused_in_one_line() {
        let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01";
        let xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00";
        for (name, bytes) in [
            ("class10A.xlsx", &xlsx[..]),
            // Renamed, it is a workbook all the same.
            ("class10A.csv", &xlsx[..]),
            ("old.xls", &xls[..]),
            ("list.ods", &xlsx[..]),
            ("cut.xlsx", &b"\x00\x01\x02"[..]),
            ("empty.xlsx", &b""[..]),
        ] {
            assert!(is_spreadsheet(Path::new(name), bytes), "{name}");
        }
        // Text is read as text whatever its name.
        for (name, bytes) in [
            ("list.csv", &b"12,Ann\r\n"[..]),
            ("list.xlsx", &b"12,Ann\r\n"[..]),
            ("list.txt", &b"\xFF\xFE1\x002\x00"[..]),
            ("list.xls", &b"\xFF\xFE1\x002\x00"[..]),
        ] {
            assert!(!is_spreadsheet(Path::new(name), bytes), "{name}");
        }
        let message = RosterError::Spreadsheet(PathBuf::from("class10A.xlsx")).to_string();
        assert_eq!(
            message,
            "class10A.xlsx is a spreadsheet: save it as CSV UTF-8 — Excel: File → Save As → CSV UTF-8 (Comma delimited); LibreOffice: File → Save As → Text CSV, character set UTF-8"
        );
    }

    #[test]
    fn a_list_that_cannot_be_used_is_named_with_the_file() {
        let dir = std::env::temp_dir().join(format!("rollcall-roster-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let missing = dir.join("none.csv");
        let e = Roster::load(&missing).expect_err("missing").to_string();
        assert!(e.starts_with("could not read the class list "), "{e}");
        assert!(e.contains("none.csv") && e.contains("--roster"), "{e}");
        let bad = dir.join("bad.csv");
        std::fs::write(&bad, "1,Ann\n1,Ben\n").expect("write");
        let e = Roster::load(&bad).expect_err("duplicate").to_string();
        assert!(
            e.contains("bad.csv, line 2: roll 1 is on the list twice"),
            "{e}"
        );
        let empty = dir.join("empty.csv");
        std::fs::write(&empty, "Roll,Name\r\n").expect("write");
        let e = Roster::load(&empty).expect_err("empty").to_string();
        assert!(e.contains("has no students"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
