//! A class list at check-in time and on the teacher's screen, over real
//! HTTP against the real binary: unknown rolls refused, the list's spelling
//! recorded, absentees shown and marked with a tap, several classes kept
//! apart, this month's register downloaded. (`report.rs` covers
//! `rollcall report` itself.)

use crate::harness::{self, expected_file, program_path, Server, TempDir};
use serde_json::json;
use std::ffi::OsString;

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

#[test]
fn with_a_class_list_only_its_rolls_check_in_under_its_spelling() {
    let lists = TempDir::new();
    let srv = Server::with_class_list(&lists, &at("10:00:00"));
    // An unknown roll: refused beside the field, nothing written.
    let reply = srv.check_in("99", "Ghost");
    assert_eq!(reply.status, 422);
    assert!(
        reply
            .body
            .contains("Roll 99 is not on the class list: tell your teacher."),
        "{}",
        reply.body
    );
    // A known roll, the name typed in a hurry: the list's spelling is saved.
    let reply = srv.check_in("12", "udbhav");
    assert_eq!(reply.status, 200, "{}", reply.body);
    // The phone is shown what it typed, never more of the list.
    assert!(reply.body.contains("udbhav"), "{}", reply.body);
    assert!(!reply.body.contains("Singh"), "{}", reply.body);
    assert_eq!(
        srv.csv(DAY).expect("file"),
        expected_file(&["12,Udbhav Singh,10:00:00"])
    );
    // The typed name is kept in the audit trail, the refusal too.
    let trail = srv.audit(DAY);
    assert!(
        trail.contains(",12,Udbhav Singh,accepted,\"typed as \"\"udbhav\"\"\""),
        "{trail}"
    );
    assert!(
        trail.contains(",99,Ghost,refused,not on the class list"),
        "{trail}"
    );
}

#[test]
fn the_teacher_sees_who_is_missing_and_marks_them_with_a_tap() {
    let lists = TempDir::new();
    let srv = Server::with_class_list(&lists, &at("10:00:00"));
    assert_eq!(srv.check_in("13", "Rahul Kumar").status, 200);
    let s = srv.status();
    assert_eq!(s["expected"], 4);
    assert_eq!(s["present"], 1);
    assert_eq!(
        s["absent"],
        json!([
            {"roll": "12", "name": "Udbhav Singh"},
            {"roll": "14", "name": "अनीता"},
            {"roll": "15", "name": "Priya Nair"},
        ])
    );
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains("<span id=\"present\">1</span> / <span id=\"expected\">4</span> present"),
        "{page}"
    );
    assert!(page.contains("Not marked yet"));
    assert!(page.contains("aria-label=\"Mark present: roll 14 अनीता\""));
    // A dead phone: one tap sends the roll; the list has the name.
    srv.set_clock(&at("10:03:00"));
    assert_eq!(srv.act("mark", "roll=14").status, 303);
    // A roll not on the list cannot be marked by hand either.
    let (said, _) = srv.act_refused("mark", "roll=77&name=Someone");
    assert!(said.contains("Roll 77 is not on the class list"), "{said}");
    assert_eq!(
        srv.csv(DAY).expect("file"),
        expected_file(&["13,Rahul Kumar,10:00:00", "14,अनीता,10:03:00"])
    );
    assert_eq!(srv.status()["absent"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_class_list_that_cannot_be_read_stops_the_start_with_file_and_line() {
    let dir = TempDir::new();
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "Roll,Name\r\n12,Udbhav\r\n12,Rahul\r\n").expect("write");
    let (code, out, err) = harness::run_in(
        dir.path(),
        &[
            OsString::from("--no-browser"),
            OsString::from("--port"),
            OsString::from("0"),
            OsString::from("--roster"),
            program_path(&list),
        ],
        Some(&at("10:00:00")),
    );
    assert_ne!(code, 0);
    assert_ne!(code, 2, "not a usage error");
    assert!(err.contains("list.csv"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(!out.contains("check-in is open"), "{out}");
    assert!(!dir.path().join("attendance").exists(), "nothing written");
}

#[test]
fn each_class_keeps_its_own_folder_and_is_named() {
    let srv = Server::builder()
        .clock(&at("10:00:00"))
        .arg("--class")
        .arg("10A Science")
        .start();
    assert!(srv
        .stdout()
        .contains("attendance check-in is open for class 10A Science"));
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    let file = srv
        .dir()
        .join("10A Science")
        .join(format!("attendance_{DAY}.csv"));
    assert_eq!(
        std::fs::read(&file).expect("the class's own file"),
        expected_file(&["12,Udbhav,10:00:00"])
    );
    assert!(srv.csv(DAY).is_none(), "nothing in the shared folder");
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("<h1>Attendance — 10A Science"), "{page}");
    assert_eq!(srv.status()["class"], "10A Science");
}

#[test]
fn this_months_register_downloads_from_the_teachers_screen() {
    let lists = TempDir::new();
    let srv = Server::with_class_list(&lists, "2026-02-09 09:00:00");
    assert_eq!(srv.check_in("12", "Udbhav Singh").status, 200);
    assert_eq!(srv.check_in("13", "Rahul Kumar").status, 200);
    srv.set_clock(&at("09:00:00"));
    assert_eq!(srv.check_in("12", "Udbhav Singh").status, 200);
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("href=\"/teacher/register.csv\""));
    let reply = srv.teacher_get("/teacher/register.csv");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.header("Content-Disposition").map_or(false, |d| d
        .contains("register_2026-02-01_to_2026-02-10.csv")));
    let lines: Vec<&str> = reply
        .body
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .collect();
    assert_eq!(
        lines[0],
        "Roll,Name,2026-02-09,2026-02-10,Present,Late,Days,Percent"
    );
    assert!(
        lines[1].starts_with("12,Udbhav Singh,P,P,2,0,2,"),
        "{}",
        reply.body
    );
    assert!(
        lines[2].starts_with("13,Rahul Kumar,P,A,1,0,2,"),
        "{}",
        reply.body
    );
    assert!(
        lines[3].starts_with("14,अनीता,A,A,0,0,2,"),
        "{}",
        reply.body
    );
    // Phones cannot have it.
    assert_eq!(srv.get("/teacher/register.csv").status, 403);
}

/// The first bytes of a workbook: a zip (`.xlsx`, `.ods`) or an OLE
/// compound file (`.xls`), then the kind of binary that used to scroll
/// through the terminal.
fn workbook(signature: &[u8]) -> Vec<u8> {
    let mut bytes = signature.to_vec();
    bytes.extend((0..800u32).map(|i| (i * 37 % 256) as u8));
    bytes
}

#[test]
fn a_spreadsheet_for_a_class_list_is_refused_in_one_line_that_says_what_to_do() {
    let dir = TempDir::new();
    let zip = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00";
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    for (name, bytes) in [
        ("class10A.xlsx", workbook(zip)),
        ("class10A.ods", workbook(zip)),
        ("class10A.xls", workbook(ole)),
        // Renamed: known by its bytes.
        ("class10A.csv", workbook(zip)),
    ] {
        std::fs::write(dir.path().join(name), &bytes).expect("write workbook");
        let start: Vec<OsString> = ["--bind", "127.0.0.1", "--port", "0", "--no-browser"]
            .iter()
            .map(OsString::from)
            .chain([OsString::from("--roster"), OsString::from(name)])
            .collect();
        let mut report: Vec<OsString> = vec!["report".into(), "--roster".into(), name.into()];
        report.extend(["--to", "2026-02-10"].iter().map(OsString::from));
        for (args, prefix) in [
            (start, "rollcall could not start: "),
            (report, "rollcall report: "),
        ] {
            let (code, out, err) = harness::run_in(dir.path(), &args, Some(&at("09:00:00")));
            assert_eq!(code, 1, "{name}: {out}{err}");
            let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
            assert_eq!(
                lines,
                [format!("{prefix}{name} is a spreadsheet: save it as CSV UTF-8 — Excel: File → Save As → CSV UTF-8 (Comma delimited); LibreOffice: File → Save As → Text CSV, character set UTF-8.")],
                "{name}"
            );
            let all = format!("{out}{err}");
            assert!(
                !all.chars()
                    .any(|c| c == '\u{FFFD}' || (c.is_control() && c != '\n')),
                "{name}: binary printed: {all:?}"
            );
            assert!(!all.contains("PK"), "{name}: {all:?}");
        }
    }
}
