//! The day's attendance file. Every byte of attendance is written here.
//!
//! The promises this module keeps, and why:
//! - **Acknowledged means on disk.** `record` returns only after the row is
//!   written and synced, so a power cut after the student saw "Present"
//!   cannot lose the row.
//! - **Whole rows only.** A power cut mid-write can leave a partial last line.
//!   It was never acknowledged, so on opening the file it is moved to a side
//!   file (`attendance_DATE.torn.txt`, for the curious teacher) and cut off,
//!   and the next row starts on a line of its own. A failed write is cut back
//!   the same way.
//! - **One row per roll per day.** The day's rolls are kept in memory and
//!   reloaded from the file on start, so a restart still catches duplicates.
//! - **Opens in Excel.** UTF-8 with a byte-order mark (Excel otherwise reads
//!   Hindi as mojibake), CRLF line ends, quoting by the `csv` crate, and a
//!   cell that starts with `= + - @`, tab or CR gets a leading `'` so Excel
//!   shows it as text instead of running it as a formula.
//! - **Excel may hold the file.** On Windows, Excel opens a CSV denying others
//!   write access. We open the day's file at start with read/write sharing so
//!   that Excel then opens it read-only; if Excel got there first, rows go to
//!   `attendance_DATE.waiting.csv` and are moved into the day's file as soon
//!   as it can be opened for writing again.

use crate::validate::{roll_key, Student};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::hash_map::{Entry, HashMap};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// What became of a check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new row, now synced to disk.
    Marked(Mark),
    /// The roll already had a row today; nothing was written.
    AlreadyMarked(Mark),
}

/// One student's outcome from `Register::record`. The error is shared by
/// every student of a batch whose write failed.
pub type Recorded = Result<Outcome, Arc<RegisterError>>;

/// A failure to read or write attendance, worded for the teacher.
#[derive(Debug)]
pub struct RegisterError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

impl RegisterError {
    fn new(action: &'static str, path: &Path, source: io::Error) -> RegisterError {
        RegisterError {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )?;
        if is_disk_full(&self.source) {
            f.write_str(
                ". The disk is full: free some space, or start rollcall with --dir on a USB stick.",
            )
        } else if self.source.kind() == io::ErrorKind::PermissionDenied {
            f.write_str(". This folder cannot be written to: start rollcall with --dir set to a folder you can save files in.")
        } else {
            Ok(())
        }
    }
}

impl std::error::Error for RegisterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The attendance folder and the day currently open in it.
pub struct Register {
    dir: PathBuf,
    day: Day,
    /// A message for the terminal, taken by the caller after each call.
    notices: Vec<String>,
}

struct Day {
    date: NaiveDate,
    path: PathBuf,
    /// Open for writing; `None` while another program (Excel) denies it.
    file: Option<File>,
    /// Length of the file's whole rows: where the next row goes.
    len: u64,
    /// Today's rows by `roll_key`, from the file, the waiting file and us.
    marked: HashMap<String, Mark>,
}

impl Register {
    /// Creates the folder if needed and opens (or creates) the file for the
    /// date of `now`, holding it open for the rest of the day.
    pub fn open(dir: &Path, now: NaiveDateTime) -> Result<Register, RegisterError> {
        fs::create_dir_all(dir).map_err(|e| RegisterError::new("create the folder", dir, e))?;
        let mut notices = Vec::new();
        let day = Day::load(dir, now.date(), &mut notices)?;
        Ok(Register {
            dir: dir.to_path_buf(),
            day,
            notices,
        })
    }

    /// Records each of `students` at `now`, unless its roll already has a
    /// row that day (or earlier in the same batch), with one write and one
    /// sync for the whole batch: on a slow disk a class arriving together
    /// then waits for a few syncs, not one per student.
    ///
    /// Returns, in order, one outcome per student, only once every new row is
    /// synced to disk. If the write fails, every student whose row was in it
    /// gets the error and nothing of the batch counts as marked. A `now` on
    /// another date than the open file's (midnight passed, or the clock was
    /// changed) moves to that date's file first.
    pub fn record(&mut self, students: &[&Student], now: NaiveDateTime) -> Vec<Recorded> {
        if let Err(e) = self.prepare(now) {
            let e = Arc::new(e);
            return students.iter().map(|_| Err(e.clone())).collect();
        }
        enum Plan {
            Known(Mark),
            New(usize),
            Again(usize),
        }
        let mut fresh: Vec<Mark> = Vec::new();
        let mut fresh_keys: HashMap<String, usize> = HashMap::new();
        let plans: Vec<Plan> = students
            .iter()
            .map(|student| {
                let key = roll_key(&student.roll);
                if let Some(mark) = self.day.marked.get(&key) {
                    Plan::Known(mark.clone())
                } else if let Some(&i) = fresh_keys.get(&key) {
                    Plan::Again(i)
                } else {
                    fresh.push(Mark {
                        roll: student.roll.clone(),
                        name: student.name.clone(),
                        time: now.time(),
                    });
                    fresh_keys.insert(key, fresh.len() - 1);
                    Plan::New(fresh.len() - 1)
                }
            })
            .collect();
        let written = if fresh.is_empty() {
            Ok(())
        } else {
            self.write(&fresh).map_err(Arc::new)
        };
        if written.is_ok() {
            for mark in &fresh {
                self.day.marked.insert(roll_key(&mark.roll), mark.clone());
            }
        }
        plans
            .into_iter()
            .map(|plan| match (plan, &written) {
                (Plan::Known(mark), _) => Ok(Outcome::AlreadyMarked(mark)),
                (Plan::New(i), Ok(())) => Ok(Outcome::Marked(fresh[i].clone())),
                (Plan::Again(i), Ok(())) => Ok(Outcome::AlreadyMarked(fresh[i].clone())),
                (_, Err(e)) => Err(e.clone()),
            })
            .collect()
    }

    /// Makes the open day the date of `now`, writable if it can be, and in
    /// its place on disk.
    fn prepare(&mut self, now: NaiveDateTime) -> Result<(), RegisterError> {
        if now.date() != self.day.date {
            self.day = Day::load(&self.dir, now.date(), &mut self.notices)?;
            self.notices
                .push(format!("A new day: saving to {}", self.day.path.display()));
        } else if self.day.file.is_none() {
            // Excel may have let go since the last check-in. Its notices are
            // news only when it has; "still held" was said already.
            let mut notices = Vec::new();
            let day = Day::load(&self.dir, self.day.date, &mut notices)?;
            if day.file.is_some() {
                self.notices.extend(notices);
            }
            self.day = day;
        } else if !self.day.file_still_in_place() {
            self.day.put_back(&self.dir, &mut self.notices)?;
        }
        Ok(())
    }

    /// Appends and syncs `rows` to the day's file, or to the waiting file
    /// while another program holds the day's file.
    fn write(&mut self, rows: &[Mark]) -> Result<(), RegisterError> {
        let bytes = encode_rows(rows);
        match self.day.file.as_mut() {
            Some(file) => append(file, &mut self.day.len, &bytes)
                .map_err(|e| RegisterError::new("save check-ins to", &self.day.path, e)),
            None => {
                let waiting = waiting_path(&self.day.path);
                append_waiting(&waiting, &bytes)
                    .map_err(|e| RegisterError::new("save check-ins to", &waiting, e))
            }
        }
    }

    /// How many students are marked on the open day.
    pub fn count(&self) -> usize {
        self.day.marked.len()
    }

    /// The open day's attendance file.
    pub fn path(&self) -> &Path {
        &self.day.path
    }

    /// Messages for the teacher's terminal gathered since the last call.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }
}

impl Day {
    /// Opens the file for `date`: repairs a torn last line, reloads the rows,
    /// and moves in rows that waited while Excel held the file.
    fn load(dir: &Path, date: NaiveDate, notices: &mut Vec<String>) -> Result<Day, RegisterError> {
        let path = dir.join(format!("attendance_{}.csv", date.format("%Y-%m-%d")));
        let waiting = waiting_path(&path);
        let mut day = Day {
            date,
            path: path.clone(),
            file: None,
            len: 0,
            marked: HashMap::new(),
        };
        match open_shared(&path, true) {
            Ok(mut file) => {
                let whole = repair(&mut file, &path, notices)
                    .map_err(|e| RegisterError::new("prepare", &path, e))?;
                day.len = whole.len() as u64;
                day.add_rows(&whole);
                day.file = Some(file);
                if waiting.exists() {
                    day.move_in_waiting(&waiting, notices)?;
                }
            }
            Err(e) if is_sharing_violation(&e) => {
                notices.push(format!(
                    "Another program (Excel?) is holding {} open, so new check-ins are kept in {} for now. Close the file in Excel and they will be moved in by themselves.",
                    path.display(),
                    waiting.display()
                ));
                day.add_rows(&read_whole_lines(&path)?);
                if waiting.exists() {
                    day.add_rows(&read_whole_lines(&waiting)?);
                }
            }
            Err(e) => return Err(RegisterError::new("open", &path, e)),
        }
        Ok(day)
    }

    /// Adds the rows of a file's whole lines to `marked`; the first row of a
    /// roll wins, as it is the one in the file.
    fn add_rows(&mut self, bytes: &[u8]) -> Vec<Mark> {
        let mut added = Vec::new();
        for mark in parse_rows(bytes) {
            if let Entry::Vacant(slot) = self.marked.entry(roll_key(&mark.roll)) {
                slot.insert(mark.clone());
                added.push(mark);
            }
        }
        added
    }

    /// False when the day's file was deleted or moved away while open (the
    /// teacher cut it to a USB stick mid-class): rows written to the open
    /// handle would then land where nobody looks.
    fn file_still_in_place(&self) -> bool {
        let file = match &self.file {
            Some(f) => f,
            None => return true,
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match (fs::metadata(&self.path), file.metadata()) {
                (Ok(on_disk), Ok(open)) => {
                    on_disk.dev() == open.dev() && on_disk.ino() == open.ino()
                }
                (Err(_), _) => false,
                // Cannot tell: keep writing to the file we hold.
                (Ok(_), Err(_)) => true,
            }
        }
        #[cfg(not(unix))]
        {
            // Windows: we open without FILE_SHARE_DELETE, so the file cannot
            // be deleted or moved while we hold it.
            let _ = file;
            self.path.exists()
        }
    }

    /// Writes a new day's file at the usual place holding every row marked
    /// today, after the old one was moved away, and holds that instead.
    fn put_back(&mut self, dir: &Path, notices: &mut Vec<String>) -> Result<(), RegisterError> {
        fs::create_dir_all(dir).map_err(|e| RegisterError::new("create the folder", dir, e))?;
        let mut file = shared_options()
            .write(true)
            .create_new(true)
            .open(&self.path)
            .map_err(|e| RegisterError::new("create", &self.path, e))?;
        let mut rows: Vec<Mark> = self.marked.values().cloned().collect();
        rows.sort_by(|a, b| (a.time, &a.roll).cmp(&(b.time, &b.roll)));
        let mut bytes = file_start();
        bytes.extend_from_slice(&encode_rows(&rows));
        let mut len = 0;
        append(&mut file, &mut len, &bytes)
            .map_err(|e| RegisterError::new("write", &self.path, e))?;
        sync_dir(&self.path);
        self.file = Some(file);
        self.len = len;
        notices.push(format!(
            "Today's file was moved or deleted while rollcall was running. A new {} now holds all {} check-ins of today.",
            self.path.display(),
            rows.len()
        ));
        Ok(())
    }

    fn move_in_waiting(
        &mut self,
        waiting: &Path,
        notices: &mut Vec<String>,
    ) -> Result<(), RegisterError> {
        let new = self.add_rows(&read_whole_lines(waiting)?);
        if let Some(file) = self.file.as_mut() {
            if !new.is_empty() {
                append(file, &mut self.len, &encode_rows(&new))
                    .map_err(|e| RegisterError::new("save check-ins to", &self.path, e))?;
            }
            // Only once they are synced into the day's file: a crash before
            // this line leaves both copies, and reloading dedups them.
            fs::remove_file(waiting).map_err(|e| RegisterError::new("remove", waiting, e))?;
            sync_dir(waiting);
            notices.push(format!(
                "{} check-in(s) that waited while the file was held open are now in {}",
                new.len(),
                self.path.display()
            ));
        }
        Ok(())
    }
}

/// Reads the whole file, sets aside a torn last line, writes the header if
/// the file has none, and returns the bytes of the whole rows (with header).
fn repair(file: &mut File, path: &Path, notices: &mut Vec<String>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_end(&mut bytes)?;
    let whole = whole_len(&bytes);
    if whole < bytes.len() {
        let torn = &bytes[whole..];
        let side = path.with_extension("torn.txt");
        let mut side_file = OpenOptions::new().create(true).append(true).open(&side)?;
        side_file.write_all(torn)?;
        side_file.write_all(b"\r\n")?;
        side_file.sync_data()?;
        file.set_len(whole as u64)?;
        file.sync_data()?;
        notices.push(format!(
            "{} ended in a partial row (the laptop lost power while saving?). It was never confirmed to the student; it is set aside in {}.",
            path.display(),
            side.display()
        ));
        bytes.truncate(whole);
    }
    if bytes.is_empty() {
        let header = file_start();
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header)?;
        file.sync_data()?;
        sync_dir(path);
        bytes = header;
    }
    Ok(bytes)
}

/// What every attendance file starts with: the BOM and the header line.
fn file_start() -> Vec<u8> {
    let mut bytes = BOM.to_vec();
    bytes.extend_from_slice(&encode_record(&HEADER));
    bytes
}

/// The whole lines of a file, read with the sharing Excel allows; a torn
/// last line is left out (`repair` deals with it when the file is writable).
fn read_whole_lines(path: &Path) -> Result<Vec<u8>, RegisterError> {
    let mut bytes = Vec::new();
    open_shared(path, false)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| RegisterError::new("read", path, e))?;
    bytes.truncate(whole_len(&bytes));
    Ok(bytes)
}

/// Length of the prefix of `bytes` made of whole lines. A lone BOM with no
/// complete header line counts as nothing, so the header is written afresh.
fn whole_len(bytes: &[u8]) -> usize {
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(i) => i + 1,
        None => 0,
    }
}

/// The rows of an attendance file's whole lines (BOM and header skipped).
/// Rows that are not `Roll,Name,Time` are left in the file but not counted.
fn parse_rows(bytes: &[u8]) -> Vec<Mark> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.byte_records().flatten() {
        let field = |i: usize| String::from_utf8_lossy(record.get(i).unwrap_or(b"")).into_owned();
        let roll = undefuse(field(0).trim());
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
fn encode_rows(marks: &[Mark]) -> Vec<u8> {
    let mut out = Vec::new();
    for mark in marks {
        let time = mark.time.format(TIME_FORMAT).to_string();
        out.extend_from_slice(&encode_record(&[
            &defuse(&mark.roll),
            &defuse(&mark.name),
            &time,
        ]));
    }
    out
}

fn encode_record(cells: &[&str]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; an error here would be a csv crate bug,
    // and an empty row is refused by the caller's length check below.
    if writer.write_record(cells).is_err() {
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

/// Writes `row` at `*len`, syncs, and advances `*len`. On failure the file is
/// cut back to `*len`, so a half-written row never stays to be glued to.
fn append(file: &mut File, len: &mut u64, row: &[u8]) -> io::Result<()> {
    if row.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "empty row"));
    }
    let result = file
        .seek(SeekFrom::Start(*len))
        .and_then(|_| file.write_all(row))
        .and_then(|_| file.sync_data());
    match result {
        Ok(()) => {
            *len += row.len() as u64;
            Ok(())
        }
        Err(e) => {
            let _ = file.set_len(*len);
            Err(e)
        }
    }
}

/// Appends `row` to the waiting file, creating it with a header.
fn append_waiting(path: &Path, row: &[u8]) -> io::Result<()> {
    let mut file = open_shared(path, true)?;
    let mut whole = repair(&mut file, path, &mut Vec::new())?.len() as u64;
    append(&mut file, &mut whole, row)
}

fn waiting_path(day_file: &Path) -> PathBuf {
    day_file.with_extension("waiting.csv")
}

/// Opens `path` (creating it when `write`), letting other programs read and
/// write it meanwhile: on Windows, Excel can then still open it.
fn open_shared(path: &Path, write: bool) -> io::Result<File> {
    let mut options = shared_options();
    if write {
        options.write(true).create(true);
    }
    options.open(path)
}

/// Read access with the sharing `open_shared` describes.
fn shared_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_SHARE_READ | FILE_SHARE_WRITE, but not FILE_SHARE_DELETE:
        // moving today's file away mid-class would hide the rows written
        // after it; Windows says "in use by rollcall.exe" instead.
        options.share_mode(0x1 | 0x2);
    }
    options
}

/// True for "the file is in use by another program" (Windows error 32/33).
fn is_sharing_violation(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32) | Some(33))
}

fn is_disk_full(e: &io::Error) -> bool {
    // ENOSPC on Unix; ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    if cfg!(windows) {
        matches!(e.raw_os_error(), Some(112) | Some(39))
    } else {
        e.raw_os_error() == Some(28)
    }
}

/// Makes a file's creation or removal durable: on Unix the directory entry
/// is only on disk once the directory itself is synced.
fn sync_dir(file: &Path) {
    #[cfg(unix)]
    {
        if let Some(dir) = file.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder for a real Register on the real filesystem.
    struct Folder(PathBuf);

    impl Folder {
        fn new(name: &str) -> Folder {
            let path =
                std::env::temp_dir().join(format!("rollcall-unit-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            Folder(path)
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn at(time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("2026-02-10 {time}"), "%Y-%m-%d %H:%M:%S")
            .expect("valid time")
    }

    fn student(roll: &str, name: &str) -> Student {
        Student {
            roll: roll.into(),
            name: name.into(),
        }
    }

    #[test]
    fn a_batch_is_one_write_with_duplicates_answered_from_it() {
        let folder = Folder::new("batch");
        let mut register = Register::open(&folder.0, at("09:00:00")).expect("open");
        let (a, b, a_again, c) = (
            student("1", "Ann"),
            student("2", "Ben"),
            student("1", "Someone"),
            student("3", "Cy"),
        );
        let results = register.record(&[&a, &b, &a_again, &c], at("09:00:01"));
        let outcomes: Vec<Outcome> = results.into_iter().map(|r| r.expect("saved")).collect();
        assert!(matches!(&outcomes[0], Outcome::Marked(m) if m.name == "Ann"));
        assert!(matches!(&outcomes[1], Outcome::Marked(m) if m.name == "Ben"));
        assert!(matches!(&outcomes[2], Outcome::AlreadyMarked(m) if m.name == "Ann"));
        assert!(matches!(&outcomes[3], Outcome::Marked(m) if m.name == "Cy"));
        assert_eq!(register.count(), 3);
        let text = fs::read_to_string(register.path()).expect("file");
        assert_eq!(
            text,
            "\u{feff}Roll,Name,Time\r\n1,Ann,09:00:01\r\n2,Ben,09:00:01\r\n3,Cy,09:00:01\r\n"
        );
        // A later batch sees the earlier one.
        let again = register.record(&[&b], at("09:05:00"));
        assert!(
            matches!(&again[0], Ok(Outcome::AlreadyMarked(m)) if m.time == at("09:00:01").time())
        );
    }

    #[test]
    fn a_failed_write_fails_its_whole_batch_and_marks_nobody() {
        let folder = Folder::new("fail");
        let mut register = Register::open(&folder.0, at("09:00:00")).expect("open");
        let ann = student("1", "Ann");
        assert!(register.record(&[&ann], at("09:00:00"))[0].is_ok());
        // Swap the held file for a read-only handle: every write now fails,
        // as on a full or unplugged disk.
        register.day.file = Some(File::open(register.path()).expect("reopen read-only"));
        let (ben, ben_again) = (student("2", "Ben"), student("2", "Ben"));
        let results = register.record(&[&ben, &ann, &ben_again], at("09:01:00"));
        assert!(results[0].is_err());
        assert!(matches!(&results[1], Ok(Outcome::AlreadyMarked(_))));
        assert!(
            results[2].is_err(),
            "a duplicate of an unsaved row is not 'marked'"
        );
        assert_eq!(register.count(), 1);
        let message = results[0].as_ref().expect_err("failed").to_string();
        assert!(
            message.starts_with("could not save check-ins to"),
            "{message}"
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
