//! One day's attendance file, held open for the day.

use super::files::{self, append, open_shared, sync_dir};
use super::format::{encode_rows, file_start, parse_rows, whole_len, Mark, HEADER};
use super::RegisterError;
use crate::validate::roll_key;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(super) struct Day {
    pub date: NaiveDate,
    pub path: PathBuf,
    /// Open for writing; `None` while another program (Excel) denies it.
    pub file: Option<File>,
    /// Length of the file's whole rows: where the next row goes.
    pub len: u64,
    /// Today's rows in the order they were saved: from the file, the
    /// waiting file and us. Shared with the teacher's screen, which reads
    /// them every poll: copied only when a row changes while it reads.
    pub rows: Arc<Vec<Mark>>,
    /// Index into `rows` by `roll_key`.
    marked: HashMap<String, usize>,
}

/// The file name of a day's attendance.
pub fn file_name(date: NaiveDate) -> String {
    format!("attendance_{date}.csv")
}

/// The date of a day's file from its name, also of an older rollcall's
/// waiting file beside it (`attendance_DATE.waiting.csv`); `None` for any
/// other file. Letter case is ignored, as Windows does.
pub fn date_of(file_name: &str) -> Option<NaiveDate> {
    let name = file_name.to_ascii_lowercase();
    let rest = name.strip_prefix("attendance_")?.strip_suffix(".csv")?;
    let date = rest.strip_suffix(".waiting").unwrap_or(rest);
    super::format::parse_date(date)
}

impl Day {
    /// Opens the file for `date`: repairs a torn last line, reloads the rows,
    /// and moves in rows that waited while Excel held the file.
    pub fn load(
        dir: &Path,
        date: NaiveDate,
        notices: &mut Vec<String>,
    ) -> Result<Day, RegisterError> {
        let path = dir.join(file_name(date));
        let waiting = waiting_path(&path);
        // An older rollcall's waiting file, beside the day's.
        let waiting_beside = path.with_extension("waiting.csv");
        let mut day = Day {
            date,
            path: path.clone(),
            file: None,
            len: 0,
            rows: Arc::new(Vec::new()),
            marked: HashMap::new(),
        };
        match open_shared(&path, true) {
            Ok(mut file) => {
                let whole = files::repair(&mut file, &path, &HEADER, notices)
                    .map_err(|e| RegisterError::new("prepare", &path, e))?;
                day.len = whole.len() as u64;
                day.add_rows(parse_rows(&whole));
                day.file = Some(file);
                for waited in [&waiting_beside, &waiting] {
                    if waited.exists() {
                        day.move_in_waiting(waited, notices)?;
                    }
                }
            }
            Err(e) if files::is_sharing_violation(&e) => {
                notices.push(format!(
                    "Another program (Excel?) is holding {} open, so new check-ins are kept in {} for now. Close the file in Excel and they will be moved in by themselves.",
                    path.display(),
                    waiting.display()
                ));
                day.add_rows(read_rows(&path)?);
                for waited in [&waiting_beside, &waiting] {
                    if waited.exists() {
                        day.add_rows(read_rows(waited)?);
                    }
                }
            }
            Err(e) => return Err(RegisterError::new("open", &path, e)),
        }
        Ok(day)
    }

    /// The row of the roll with this `roll_key`, if it has one.
    pub fn get(&self, key: &str) -> Option<&Mark> {
        self.marked.get(key).map(|&i| &self.rows[i])
    }

    /// Adds rows whose roll has none yet; the first row of a roll wins, as
    /// it is the one in the file. Returns the rows added.
    pub fn add_rows(&mut self, rows: Vec<Mark>) -> Vec<Mark> {
        let mut added = Vec::new();
        for mark in rows {
            let key = roll_key(&mark.roll);
            if !self.marked.contains_key(&key) {
                self.marked.insert(key, self.rows.len());
                Arc::make_mut(&mut self.rows).push(mark.clone());
                added.push(mark);
            }
        }
        added
    }

    /// Where the row of `key` is among the day's rows, if it has one.
    pub fn place_of(&self, key: &str) -> Option<usize> {
        self.marked.get(key).copied()
    }

    /// Forgets every row and remembers `rows` instead.
    pub fn set_rows(&mut self, rows: Vec<Mark>) {
        self.rows = Arc::new(Vec::new());
        self.marked.clear();
        self.add_rows(rows);
    }

    /// False when the day's file was deleted, moved away or replaced while
    /// open (cut to a USB stick, saved over by an editor): rows written to
    /// the open handle would then land where nobody looks.
    pub fn file_still_in_place(&self) -> bool {
        match &self.file {
            Some(f) => files::is_same_file(&self.path, f),
            None => true,
        }
    }

    /// After the day's file was moved away, deleted or replaced: writes the
    /// file at the usual place again, holding every row we saved today and
    /// every row of a replacement found there, each roll once, in time order,
    /// and holds that file instead.
    pub fn put_back(&mut self, dir: &Path, notices: &mut Vec<String>) -> Result<(), RegisterError> {
        fs::create_dir_all(dir).map_err(|e| RegisterError::new("create the folder", dir, e))?;
        let replaced = self.path.exists();
        let theirs = if replaced {
            read_rows(&self.path)?
        } else {
            Vec::new()
        };
        let ours = self.rows.len();
        let added = self.add_rows(theirs).len();
        // Stable: rows of one second keep the order they were saved in.
        let mut rows = self.rows.to_vec();
        rows.sort_by_key(|m| m.time);
        self.set_rows(rows);
        let rows = Arc::clone(&self.rows);
        self.rewrite(&rows)?;
        notices.push(if replaced {
            format!(
                "Today's file was replaced while rollcall was running. {} now holds all {} check-ins of today: {ours} saved by rollcall and {added} more from the replacement.",
                self.path.display(),
                self.rows.len()
            )
        } else {
            format!(
                "Today's file was moved or deleted while rollcall was running. A new {} now holds all {} check-ins of today.",
                self.path.display(),
                self.rows.len()
            )
        });
        Ok(())
    }

    /// Replaces the day's file with exactly `rows`, atomically, and holds
    /// the new file. On failure the file on disk is unchanged and the old
    /// one is held again.
    pub fn rewrite(&mut self, rows: &[Mark]) -> Result<(), RegisterError> {
        let mut bytes = file_start(&HEADER);
        bytes.extend_from_slice(&encode_rows(rows));
        // Windows cannot rename over a file that is open without
        // FILE_SHARE_DELETE, our own handle included: let go of it first.
        self.file = None;
        let replaced = files::replace(&self.path, &bytes);
        let reopened = open_shared(&self.path, true);
        if let Ok(file) = reopened {
            self.file = Some(file);
            if replaced.is_ok() {
                self.len = bytes.len() as u64;
            }
        }
        replaced.map_err(|e| RegisterError::new("rewrite", &self.path, e))
    }

    fn move_in_waiting(
        &mut self,
        waiting: &Path,
        notices: &mut Vec<String>,
    ) -> Result<(), RegisterError> {
        let new = self.add_rows(read_rows(waiting)?);
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

/// Where check-ins wait while another program holds the day's file: a
/// file of the same name in the folder `waiting/`, where nothing that
/// takes every `attendance_*.csv` of the folder reaches it.
pub fn waiting_path(day_file: &Path) -> PathBuf {
    let name = day_file.file_name().unwrap_or_default();
    match day_file.parent() {
        Some(dir) => dir.join("waiting").join(name),
        None => PathBuf::from("waiting").join(name),
    }
}

/// Appends `bytes` to the waiting file, creating it (and its folder) with
/// a header.
pub fn append_waiting(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        if !parent.exists() {
            fs::create_dir_all(parent)?;
            sync_dir(parent);
        }
    }
    let mut file = open_shared(path, true)?;
    let mut whole = files::repair(&mut file, path, &HEADER, &mut Vec::new())?.len() as u64;
    append(&mut file, &mut whole, bytes)
}

/// The rows of a file's whole lines; a torn last line is left out (`repair`
/// deals with it when the file is writable).
fn read_rows(path: &Path) -> Result<Vec<Mark>, RegisterError> {
    let mut bytes = files::read_all(path).map_err(|e| RegisterError::new("read", path, e))?;
    bytes.truncate(whole_len(&bytes));
    Ok(parse_rows(&bytes))
}
