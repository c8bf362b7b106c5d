//! How the register touches the disk: durable appends, atomic rewrites, and
//! the sharing Windows needs so that Excel can open a file we hold.
//!
//! Every write here is followed by a sync before it returns, because a
//! student is told "Present" only after the row is on disk.

use super::format::{file_start, whole_len};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` at `*len`, syncs, and advances `*len`. On failure the file
/// is cut back to `*len`, so a half-written row never stays to be glued to.
pub fn append(file: &mut File, len: &mut u64, bytes: &[u8]) -> io::Result<()> {
    if bytes.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "empty row"));
    }
    let result = file
        .seek(SeekFrom::Start(*len))
        .and_then(|_| file.write_all(bytes))
        .and_then(|_| file.sync_data());
    match result {
        Ok(()) => {
            *len += bytes.len() as u64;
            Ok(())
        }
        Err(e) => {
            let _ = file.set_len(*len);
            Err(e)
        }
    }
}

/// Replaces the file at `path` with `bytes` so that a crash at any moment
/// leaves either the old file or the new one whole, never half of either:
/// write a temporary file beside it, sync, rename over, sync the folder.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    let written = shared_options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
    let result = written.and_then(|_| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result?;
    sync_dir(path);
    Ok(())
}

/// The temporary file `replace` writes before renaming it into place.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// The whole contents of a file, read with the sharing Excel allows.
pub fn read_all(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_shared(path, false)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens `path` (creating it when `write`), letting other programs read and
/// write it meanwhile: on Windows, Excel can then still open it.
pub fn open_shared(path: &Path, write: bool) -> io::Result<File> {
    let mut options = shared_options();
    if write {
        options.write(true).create(true);
    }
    options.open(path)
}

/// Read access with the sharing `open_shared` describes.
pub fn shared_options() -> OpenOptions {
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

/// True for "the file is in use by another program": Windows' sharing and
/// lock violations (32, 33), and the access denied (5) that renaming over a
/// file Excel holds gives.
pub fn is_held_by_another_program(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5) | Some(32) | Some(33))
}

/// True for Windows' sharing and lock violations when opening (32, 33).
pub fn is_sharing_violation(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32) | Some(33))
}

pub fn is_disk_full(e: &io::Error) -> bool {
    // ENOSPC on Unix; ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    if cfg!(windows) {
        matches!(e.raw_os_error(), Some(112) | Some(39))
    } else {
        e.raw_os_error() == Some(28)
    }
}

/// A read-only disk or folder: a write-protected USB stick, a CD, a
/// mounted image.
pub fn is_read_only(e: &io::Error) -> bool {
    // EROFS on Unix; ERROR_WRITE_PROTECT on Windows.
    if cfg!(windows) {
        e.raw_os_error() == Some(19)
    } else {
        e.raw_os_error() == Some(30)
    }
}

/// Makes a file's creation, removal or renaming durable: on Unix the
/// directory entry is only on disk once the directory itself is synced.
pub fn sync_dir(file: &Path) {
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

/// True when the file at `path` is the very file `held` is open on; false
/// when it was deleted, moved away or replaced by another file since.
pub fn is_same_file(path: &Path, held: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(path), held.metadata()) {
            (Ok(on_disk), Ok(open)) => on_disk.dev() == open.dev() && on_disk.ino() == open.ino(),
            (Err(_), _) => false,
            // Cannot tell: keep writing to the file we hold.
            (Ok(_), Err(_)) => true,
        }
    }
    #[cfg(not(unix))]
    {
        // Windows: we open without FILE_SHARE_DELETE, so the file cannot be
        // deleted, moved or replaced while we hold it.
        let _ = held;
        path.exists()
    }
}

/// Reads the whole file, sets aside a torn last line, writes the header if
/// the file has none (`header`), and returns the bytes of the whole rows (with header).
/// As `repair`, for a file whose rows are not needed here (the audit
/// trail, which can be large after a flood): only its end is read, to find
/// where its last whole line ends. Returns the file's length after repair.
pub fn repair_end(
    file: &mut File,
    path: &Path,
    header: &[&str],
    notices: &mut Vec<String>,
) -> io::Result<u64> {
    let len = file.seek(SeekFrom::End(0))?;
    let mut chunk = vec![0u8; 64 * 1024];
    let mut end = len;
    let whole = loop {
        let start = end.saturating_sub(chunk.len() as u64);
        let part = &mut chunk[..(end - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(part)?;
        if let Some(i) = part.iter().rposition(|&b| b == b'\n') {
            break start + i as u64 + 1;
        }
        if start == 0 {
            break 0;
        }
        end = start;
    };
    if whole < len {
        let mut torn = Vec::new();
        file.seek(SeekFrom::Start(whole))?;
        file.take(len - whole).read_to_end(&mut torn)?;
        let side = path.with_extension("torn.txt");
        let mut side_file = OpenOptions::new().create(true).append(true).open(&side)?;
        side_file.write_all(&torn)?;
        side_file.write_all(b"\r\n")?;
        side_file.sync_data()?;
        file.set_len(whole)?;
        file.sync_data()?;
        notices.push(format!(
            "{} ended in a partial row (the laptop lost power while saving?). It is set aside in {}.",
            path.display(),
            side.display()
        ));
    }
    if whole == 0 {
        let header = file_start(header);
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header)?;
        file.sync_data()?;
        sync_dir(path);
        return Ok(header.len() as u64);
    }
    Ok(whole)
}

pub fn repair(
    file: &mut File,
    path: &Path,
    header: &[&str],
    notices: &mut Vec<String>,
) -> io::Result<Vec<u8>> {
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
        let header = file_start(header);
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&header)?;
        file.sync_data()?;
        sync_dir(path);
        bytes = header;
    }
    Ok(bytes)
}
