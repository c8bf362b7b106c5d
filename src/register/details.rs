//! The details file of the open day (`details/details_DATE.csv` in the
//! attendance folder): when check-in opened, the late rule, who is
//! excused. Its lines are `format::details`'s; this is how they reach the
//! disk. It lives in a folder of its own so that the attendance folder
//! holds day files alone: Excel's "combine files from a folder", a
//! school's macro or a script taking every `attendance_*.csv` gets no file
//! of other columns. An older rollcall wrote it beside the day's file
//! (`attendance_DATE.details.csv`): that one is still read, and moved into
//! the folder the first time a line is written.
//!
//! Why it is kept this way:
//! - **Appended and synced before the teacher is told.** A line is written
//!   with one write and one sync (`files::append`), like a check-in, so an
//!   excuse the screen showed survives a power cut.
//! - **Never rewritten.** Undoing an excuse is one more line; the latest
//!   wins. A torn last line is set aside at the next write (`files::repair`,
//!   to `attendance_DATE.details.torn.txt`) and passed over when read.
//! - **It never stops a check-in.** A details file that cannot be written
//!   makes the teacher's action say so; check-ins only read what is known.
//! - **Gone mid-day** (moved to a USB stick, deleted): the next line
//!   starts a new one, and what the old one said still counts until the
//!   run ends.

use super::files::{self, append, open_shared};
use super::format::details::{encode, parse, Detail, Details, HEADER};
use super::RegisterError;
use chrono::NaiveDate;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// The details folder inside an attendance folder.
pub fn folder(dir: &Path) -> PathBuf {
    dir.join("details")
}

/// The details file of `date` in `dir`.
pub fn path(dir: &Path, date: NaiveDate) -> PathBuf {
    folder(dir).join(format!("details_{date}.csv"))
}

/// Where an older rollcall wrote it: beside the day's file.
fn path_beside(dir: &Path, date: NaiveDate) -> PathBuf {
    dir.join(format!("attendance_{date}.details.csv"))
}

/// The details of `date` as they stand on disk (none if there is no
/// file), for the report and the restart; never fails.
pub fn read(dir: &Path, date: NaiveDate) -> Details {
    let read = |path: PathBuf| files::read_all(&path).ok();
    read(path(dir, date))
        .or_else(|| read(path_beside(dir, date)))
        .map_or_else(Details::default, |b| Details::of(&parse(&b)))
}

/// Moves an older rollcall's details file of `date` into the folder, or
/// makes the folder, ahead of the first line written there.
fn make_room(dir: &Path, date: NaiveDate) -> io::Result<()> {
    let (new, old) = (path(dir, date), path_beside(dir, date));
    if new.exists() {
        return Ok(());
    }
    if let Some(folder) = new.parent() {
        if !folder.exists() {
            fs::create_dir_all(folder)?;
            files::sync_dir(folder);
        }
    }
    if old.exists() {
        fs::rename(&old, &new)?;
        files::sync_dir(&old);
        files::sync_dir(&new);
    }
    Ok(())
}

/// The open day's details file and what it says.
pub(super) struct Sidecar {
    dir: PathBuf,
    date: NaiveDate,
    path: PathBuf,
    /// Open for appending once the first line of this run is written.
    file: Option<File>,
    /// Length of its whole lines: where the next line goes.
    len: u64,
    details: Details,
}

impl Sidecar {
    /// The details of `date`, read now; the file is opened for writing at
    /// the first line.
    pub fn new(dir: &Path, date: NaiveDate) -> Sidecar {
        Sidecar {
            dir: dir.to_path_buf(),
            date,
            path: path(dir, date),
            file: None,
            len: 0,
            details: read(dir, date),
        }
    }

    pub fn details(&self) -> &Details {
        &self.details
    }

    /// Appends and syncs `lines`, then counts them: only once they are on
    /// disk does the screen show them.
    pub fn write(&mut self, lines: &[Detail]) -> Result<(), RegisterError> {
        let path = self.path.clone();
        let failed = |e| RegisterError::new("save to", &path, e);
        self.hold().map_err(failed)?;
        let file = self.file.as_mut().ok_or_else(|| {
            failed(io::Error::new(
                io::ErrorKind::NotFound,
                "details file not open",
            ))
        })?;
        append(file, &mut self.len, &encode(lines)).map_err(failed)?;
        for line in lines {
            self.details.apply(line);
        }
        Ok(())
    }

    /// Opens the file for appending unless it is held already and still
    /// in its place.
    fn hold(&mut self) -> io::Result<()> {
        let in_place = self
            .file
            .as_ref()
            .map_or(false, |f| files::is_same_file(&self.path, f));
        if in_place {
            return Ok(());
        }
        self.file = None;
        make_room(&self.dir, self.date)?;
        let mut file = open_shared(&self.path, true)?;
        self.len = files::repair_end(&mut file, &self.path, &HEADER, &mut Vec::new())?;
        self.file = Some(file);
        Ok(())
    }
}
