//! Excel holding today's file on Windows, imitated under Wine by
//! `excel-lock.exe` (scripts/excel-lock.c), which opens a file the way Excel
//! does: reading, and denying everyone else write access.
//!
//! Runs only in the Windows suite (`scripts/test-windows` sets
//! `ROLLCALL_LAUNCH`, `ROLLCALL_BIN` and `ROLLCALL_EXCEL_LOCK`); Linux has no
//! mandatory file sharing modes, so there is nothing to test there.

use crate::harness::{self, expected_file, folder_with_day_file, program_path, Server};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const DAY: &str = "2026-02-10";

/// The imitation of Excel holding a file.
struct Excel {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
}

impl Excel {
    /// Opens `path` as Excel does; returns the first line it printed.
    fn open(path: &Path) -> Option<(Excel, String)> {
        Excel::open_with(path, &[])
    }

    /// Opens `path` as Excel opens a read-only copy of a file rollcall is
    /// writing: others may read and write it, but not rename or delete it.
    fn open_read_only(path: &Path) -> Option<(Excel, String)> {
        Excel::open_with(path, &["readonly"])
    }

    fn open_with(path: &Path, extra: &[&str]) -> Option<(Excel, String)> {
        let locker = std::env::var_os("ROLLCALL_EXCEL_LOCK")?;
        let launcher = std::env::var_os("ROLLCALL_LAUNCH")?;
        let mut child = Command::new(launcher)
            .arg(locker)
            .arg(program_path(path))
            .args(extra)
            .env("WINEDEBUG", "-all")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start excel-lock.exe");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line.trim().to_string()).is_err() {
                    break;
                }
            }
        });
        let first = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("excel-lock.exe said nothing");
        Some((
            Excel {
                child,
                stdin,
                lines,
            },
            first,
        ))
    }

    /// Closes the file, as closing it in Excel does.
    fn close(mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.write_all(b"\n");
        }
        let said = self
            .lines
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_default();
        assert_eq!(said, "released");
        let _ = self.child.wait();
    }
}

impl Drop for Excel {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Under the Windows suite, or the test fails: these tests are `#[ignore]`d
/// (Windows only) and `--skip windows_only` leaves them out of a Linux run
/// with `--include-ignored`.
fn windows_suite() -> bool {
    assert!(
        std::env::var_os("ROLLCALL_EXCEL_LOCK").is_some() && harness::under_launcher(),
        "the Excel lock is a Windows behaviour: run scripts/test-windows"
    );
    true
}

#[test]
#[ignore = "Windows only: scripts/test-windows runs it under Wine"]
fn windows_only_excel_opened_during_class_gets_it_read_only_and_check_ins_go_on() {
    if !windows_suite() {
        return;
    }
    let srv = Server::builder().clock(&format!("{DAY} 10:00:00")).start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    let path = srv.dir().join(format!("attendance_{DAY}.csv"));
    // rollcall holds the file for writing, so Excel cannot deny writes: it
    // would offer the teacher a read-only copy instead.
    let (excel, said) = Excel::open(&path).expect("locker configured");
    assert_ne!(said, "locked", "Excel must not be able to lock the file");
    drop(excel);
    assert_eq!(srv.check_in("13", "Rahul").status, 200);
    assert_eq!(
        srv.csv(DAY).expect("file"),
        expected_file(&["12,Udbhav,10:00:00", "13,Rahul,10:00:00"])
    );
}

#[test]
#[ignore = "Windows only: scripts/test-windows runs it under Wine"]
fn windows_only_excel_holding_the_file_first_loses_nothing_and_rows_move_in_later() {
    if !windows_suite() {
        return;
    }
    let (_dir, folder) = folder_with_day_file(DAY, &expected_file(&["12,Udbhav,09:00:00"]));
    let path = folder.join(format!("attendance_{DAY}.csv"));

    let (excel, said) = Excel::open(&path).expect("locker configured");
    assert_eq!(said, "locked");

    let srv = Server::builder()
        .dir(&folder)
        .clock(&format!("{DAY} 10:00:00"))
        .start();
    // (Kept in the folder waiting/, where nothing taking every
    // attendance_*.csv of the folder reaches it.)
    let out = srv.wait_for_stdout("are kept in");
    assert!(
        out.contains(&format!(
            "waiting{}attendance_{DAY}.csv",
            std::path::MAIN_SEPARATOR
        )) || out.contains(&format!("waiting\\attendance_{DAY}.csv")),
        "{out}"
    );
    // Rows already in the file are still known while Excel holds it.
    assert!(srv
        .check_in("12", "Udbhav")
        .body
        .contains("already marked (at 09:00)"));
    let reply = srv.check_in("13", "Rahul");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Present"));
    assert!(srv
        .check_in("13", "Rahul")
        .body
        .contains("already marked (at 10:00)"));
    assert_eq!(
        std::fs::read(&path).expect("file"),
        expected_file(&["12,Udbhav,09:00:00"]),
        "Excel's file untouched while held"
    );
    let waiting = folder.join("waiting").join(format!("attendance_{DAY}.csv"));
    assert_eq!(
        std::fs::read(&waiting).expect("waiting file"),
        expected_file(&["13,Rahul,10:00:00"])
    );

    excel.close();
    srv.set_clock(&format!("{DAY} 10:05:00"));
    assert_eq!(srv.check_in("14", "Asha").status, 200);
    assert_eq!(
        std::fs::read(&path).expect("file"),
        expected_file(&[
            "12,Udbhav,09:00:00",
            "13,Rahul,10:00:00",
            "14,Asha,10:05:00"
        ])
    );
    assert!(!waiting.exists(), "waiting rows moved in");
}

#[test]
#[ignore = "Windows only: scripts/test-windows runs it under Wine"]
fn windows_only_removing_a_row_while_excel_shows_the_file_says_so_and_changes_nothing() {
    if !windows_suite() {
        return;
    }
    let srv = Server::builder().clock(&format!("{DAY} 10:00:00")).start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    assert_eq!(srv.check_in("13", "Rahul").status, 200);
    let path = srv.dir().join(format!("attendance_{DAY}.csv"));
    let before = expected_file(&["12,Udbhav,10:00:00", "13,Rahul,10:00:00"]);

    // The teacher opened today's file in Excel during class (read-only).
    let (excel, said) = Excel::open_read_only(&path).expect("locker configured");
    assert_eq!(said, "locked");
    let (said, _) = srv.act_refused("remove", "roll=13");
    assert!(
        said.contains("Close the file in Excel, then try again"),
        "{said}"
    );
    assert_eq!(std::fs::read(&path).expect("file"), before);
    // Check-ins go on meanwhile, and the held file is still ours.
    assert_eq!(srv.check_in("14", "Asha").status, 200);
    excel.close();

    assert_eq!(srv.act("remove", "roll=13").status, 303);
    assert_eq!(
        std::fs::read(&path).expect("file"),
        expected_file(&["12,Udbhav,10:00:00", "14,Asha,10:00:00"])
    );
    assert_eq!(srv.check_in("15", "Dev").status, 200);
    assert_eq!(
        std::fs::read(&path).expect("file"),
        expected_file(&["12,Udbhav,10:00:00", "14,Asha,10:00:00", "15,Dev,10:00:00"])
    );
}

#[test]
#[ignore = "Windows only: scripts/test-windows runs it under Wine"]
fn windows_only_removing_a_row_while_excel_holds_the_file_first_says_so() {
    if !windows_suite() {
        return;
    }
    let before = expected_file(&["12,Udbhav,09:00:00"]);
    let (_dir, folder) = folder_with_day_file(DAY, &before);
    let path = folder.join(format!("attendance_{DAY}.csv"));
    let (excel, said) = Excel::open(&path).expect("locker configured");
    assert_eq!(said, "locked");
    let srv = Server::builder()
        .dir(&folder)
        .clock(&format!("{DAY} 10:00:00"))
        .start();
    let (said, _) = srv.act_refused("remove", "roll=12");
    assert!(
        said.contains("Close the file in Excel, then try again"),
        "{said}"
    );
    assert_eq!(std::fs::read(&path).expect("file"), before);
    excel.close();
    assert_eq!(srv.act("remove", "roll=12").status, 303);
    assert_eq!(std::fs::read(&path).expect("file"), expected_file(&[]));
}
