//! A class's day (issue 31): a class across midnight is one class, one
//! day file and one class day in the register, its late rule kept; and the
//! attendance folder holds day files alone (the details and the waiting
//! rows in folders of their own), an older rollcall's layout still read
//! and moved the first time rollcall writes there. Through the real binary
//! with the test clock, and `rollcall report` on what it wrote.

use crate::harness::{class_list, run_in, Server, TempDir};
use serde_json::Value;
use std::ffi::OsString;
use std::fs;
use std::path::Path;

/// The register `rollcall report` writes for February, as text.
fn register(temp: &TempDir, folder: &Path, list: &OsString) -> String {
    let args: Vec<OsString> = vec!["report".into(), "--roster".into(), list.clone()];
    let (code, out, err) = run_in(temp.path(), &args, Some("2026-02-28 16:00:00"));
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let path = folder.join("register_2026-02-01_to_2026-02-28.csv");
    fs::read_to_string(path).expect("the register")
}

/// The files of `folder` whose names a "every attendance_*.csv" takes.
fn matching_attendance_csv(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("attendance_") && n.ends_with(".csv"))
        .collect();
    names.sort();
    names
}

fn check_in_at(srv: &Server, when: &str, roll: &str, name: &str) {
    srv.set_clock(when);
    let reply = srv.check_in(roll, name);
    assert_eq!(reply.status, 200, "{roll} at {when}: {}", reply.body);
}

/// The rolls on the teacher's list, newest first.
fn listed(status: &Value) -> Vec<String> {
    let rows = status["marked"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .filter_map(|r| r["roll"].as_str().map(String::from))
        .collect()
}

/// Waits (up to 10 s) for the server's watcher, which looks every half
/// second, to have seen the clock where the test set it.
fn let_the_watcher_look() {
    std::thread::sleep(std::time::Duration::from_millis(1200));
}

#[test]
fn a_class_from_before_midnight_to_after_it_is_one_class_day() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    let list = class_list(&temp);
    let srv = Server::builder()
        .dir(&folder)
        .clock("2026-02-10 23:57:00")
        .arg("--roster")
        .arg(&list)
        .arg("--late-after")
        .arg("10")
        .start();
    check_in_at(&srv, "2026-02-10 23:58:00", "12", "Udbhav Singh");
    srv.set_clock("2026-02-11 00:01:00");
    let_the_watcher_look();
    check_in_at(&srv, "2026-02-11 00:01:00", "13", "Rahul Kumar");
    check_in_at(&srv, "2026-02-11 00:04:00", "14", "अनीता");
    // One day file, the teacher's list keeps every row, the screen says so.
    assert_eq!(
        matching_attendance_csv(&folder),
        ["attendance_2026-02-10.csv"]
    );
    let status = srv.status();
    assert_eq!(status["date"], "2026-02-10");
    assert_eq!(listed(&status), ["14", "13", "12"]);
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains("past midnight, still the class of 2026-02-10"),
        "{page}"
    );
    // The late rule counts from 23:57: 00:01 is on time, 00:04 too; 00:09
    // is past the ten minutes.
    check_in_at(&srv, "2026-02-11 00:09:00", "15", "Priya Nair");
    let late: Vec<bool> = status["marked"]
        .as_array()
        .map(|rows| rows.iter().map(|r| r["late"] == true).collect())
        .unwrap_or_default();
    assert_eq!(late, [false, false, false]);
    assert_eq!(
        srv.status()["marked"][0]["late"],
        true,
        "00:09 is past 23:57 + 10"
    );
    // The teacher closes: the next check-in is the new day's.
    assert_eq!(srv.act("close", "").status, 303);
    assert_eq!(srv.act("open", "").status, 303);
    let_the_watcher_look();
    check_in_at(&srv, "2026-02-11 00:12:00", "12", "Udbhav Singh");
    assert_eq!(srv.status()["date"], "2026-02-11");
    drop(srv);
    let text = register(&temp, &folder, &list);
    let head = text.lines().next().unwrap_or("");
    assert_eq!(
        head,
        "\u{feff}Roll,Name,2026-02-10,2026-02-11,Present,Late,Days,Percent"
    );
    assert!(text.contains("\r\n13,Rahul Kumar,P,A,"), "{text}");
    assert!(text.contains("\r\n15,Priya Nair,L,A,"), "{text}");
}

#[test]
fn a_session_left_open_for_hours_moves_to_the_new_day() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    let srv = Server::builder()
        .dir(&folder)
        .clock("2026-02-10 18:00:00")
        .start();
    check_in_at(&srv, "2026-02-10 18:05:00", "1", "Ann");
    srv.set_clock("2026-02-11 00:01:00");
    let_the_watcher_look();
    check_in_at(&srv, "2026-02-11 00:01:00", "2", "Ben");
    assert_eq!(
        matching_attendance_csv(&folder),
        ["attendance_2026-02-10.csv", "attendance_2026-02-11.csv"]
    );
    assert_eq!(listed(&srv.status()), ["2"]);
}

#[test]
fn the_folder_holds_day_files_alone_and_an_older_layout_is_read_and_moved() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    let list = class_list(&temp);
    let start = |day: &str| {
        Server::builder()
            .dir(&folder)
            .clock(&format!("{day} 09:00:00"))
            .arg("--roster")
            .arg(&list)
            .arg("--late-after")
            .arg("10")
            .start()
    };
    for day in ["2026-02-09", "2026-02-10"] {
        let srv = start(day);
        let reply = srv.act("excuse", "roll=14&reason=ill");
        assert_eq!(reply.status, 303);
        check_in_at(&srv, &format!("{day} 09:05:00"), "12", "Udbhav Singh");
        check_in_at(&srv, &format!("{day} 09:20:00"), "13", "Rahul Kumar");
    }
    // Nothing but day files answers to attendance_*.csv.
    assert_eq!(
        matching_attendance_csv(&folder),
        ["attendance_2026-02-09.csv", "attendance_2026-02-10.csv"]
    );
    assert!(folder.join("details/details_2026-02-09.csv").is_file());
    let before = register(&temp, &folder, &list);
    assert!(before.contains("\r\n13,Rahul Kumar,L,L,"), "{before}");
    assert!(before.contains("\r\n14,अनीता,E,E,"), "{before}");
    // The layout of an older rollcall: the details beside the day files.
    for day in ["2026-02-09", "2026-02-10"] {
        let from = folder.join(format!("details/details_{day}.csv"));
        let to = folder.join(format!("attendance_{day}.details.csv"));
        fs::rename(from, to).expect("the older layout");
    }
    fs::remove_dir(folder.join("details")).expect("no details folder");
    assert_eq!(register(&temp, &folder, &list), before, "the same register");
    // The first time rollcall writes the day's details, they are moved.
    let srv = start("2026-02-10");
    assert_eq!(srv.act("late", "minutes=15").status, 303);
    drop(srv);
    assert!(!folder.join("attendance_2026-02-10.details.csv").exists());
    let moved = fs::read_to_string(folder.join("details/details_2026-02-10.csv")).expect("moved");
    assert!(moved.contains(",excused,14,"), "{moved}");
    assert!(moved.contains(",late after,,,15"), "{moved}");
}
