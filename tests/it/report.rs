//! `rollcall report` on real files in a real folder: the register byte for
//! byte, the summary, files as Excel saves them again, the class list,
//! classes, and refusals that name the file and line and write nothing.

use crate::harness::{expected_file, program_path, run_in, Server, TempDir};
use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;

/// A temporary folder with `attendance/` (or `attendance/CLASS/`) in it.
struct Folder {
    temp: TempDir,
    days: PathBuf,
}

impl Folder {
    fn new() -> Folder {
        Folder::for_class(None)
    }

    fn for_class(class: Option<&str>) -> Folder {
        let temp = TempDir::new();
        let mut days = temp.path().join("attendance");
        if let Some(class) = class {
            days.push(class);
        }
        fs::create_dir_all(&days).expect("mkdir");
        Folder { temp, days }
    }

    fn day(&self, date: &str, bytes: &[u8]) {
        fs::write(self.days.join(format!("attendance_{date}.csv")), bytes).expect("write day");
    }

    /// Runs `rollcall report ARGS` in the temp folder, today being `today`.
    fn report(&self, args: &[&str], today: &str) -> (i32, String, String) {
        let mut all: Vec<OsString> = vec!["report".into()];
        all.extend(args.iter().map(OsString::from));
        run_in(self.temp.path(), &all, Some(&format!("{today} 16:00:00")))
    }

    fn file(&self, name: &str) -> Option<Vec<u8>> {
        fs::read(self.days.join(name)).ok()
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.days)
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// The bytes of a register: BOM, CRLF lines.
fn register(lines: &[&str]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    for line in lines {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_generated_month_makes_the_register_byte_for_byte() {
    let folder = Folder::new();
    // February 2026 as a school has it: weekdays only, Feb 2 to 27.
    // Roll and name cells as the files (and the register) hold them.
    let students = [
        ("1", "Udbhav"),
        ("2", "\"Lee, Ann\""),
        ("10", "लक्ष्मी नारायण"),
        ("'-2", "Zoë"),
        ("CS-9", "Rahul"),
    ];
    let dates: Vec<String> = (2..=27)
        .filter(|d| !matches!(d % 7, 0 | 1))
        .map(|d| format!("2026-02-{d:02}"))
        .collect();
    assert_eq!(dates.len(), 20);
    // Student k misses every (k+2)th day; "CS-9" comes every day.
    let present = |k: usize, d: usize| k == 4 || (d + 1) % (k + 2) != 0;
    for (d, date) in dates.iter().enumerate() {
        let rows: Vec<String> = students
            .iter()
            .enumerate()
            .filter(|&(k, _)| present(k, d))
            .map(|(_, (roll, name))| format!("{roll},{name},09:{:02}:00", d + 1))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        folder.day(date, &expected_file(&rows));
    }
    // Not class days: outside the range, and files of other kinds.
    folder.day("2026-01-30", &expected_file(&["1,Udbhav,09:00:00"]));
    folder.day("2026-03-02", &expected_file(&["1,Udbhav,09:00:00"]));
    fs::write(folder.days.join("attendance_2026-02-10.torn.txt"), "13,Ra").expect("torn");
    fs::write(folder.days.join("notes.csv"), "anything").expect("notes");

    let (code, out, err) = folder.report(&[], "2026-02-27");
    assert_eq!((code, err.as_str()), (0, ""), "{out}");

    let mut header = vec!["Roll".to_string(), "Name".to_string()];
    header.extend(dates.iter().cloned());
    header.extend(["Present", "Late", "Days", "Percent"].map(String::from));
    let mut lines = vec![header.join(",")];
    // In roll order: '-' sorts before digits, numbers by value, CS-9 last.
    let mut percents = Vec::new();
    for k in [3, 0, 1, 2, 4] {
        let (roll, name) = students[k];
        let marks: Vec<&str> = (0..20)
            .map(|d| if present(k, d) { "P" } else { "A" })
            .collect();
        let count = marks.iter().filter(|&&m| m == "P").count();
        let percent = match (count * 1000 + 10) / 20 {
            t if t % 10 == 0 => format!("{}", t / 10),
            t => format!("{}.{}", t / 10, t % 10),
        };
        lines.push(format!(
            "{roll},{name},{},{count},0,20,{percent}",
            marks.join(",")
        ));
        percents.push(percent);
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let name = "register_2026-02-01_to_2026-02-27.csv";
    assert_eq!(
        text(&folder.file(name).expect("register written")),
        text(&register(&lines))
    );

    // 1 misses every 2nd day (50%), 2 every 3rd (70%), 10 every 4th (75%).
    assert_eq!(percents, ["80", "50", "70", "75", "100"]);
    assert!(
        out.starts_with(
            "Register from 2026-02-01 to 2026-02-27: 20 class day(s), 5 student(s).\nSaved to "
        ),
        "{out}"
    );
    assert!(out.contains(name), "{out}");
    assert!(
        out.contains("Below 75%: 2 student(s)\n  1  Udbhav    10 of 20 days, 50%\n  2  Lee, Ann  14 of 20 days, 70%\n"),
        "{out}"
    );
    assert!(!out.contains("Nobody"), "{out}");
    // No temporary file is left beside it.
    assert_eq!(
        folder
            .names()
            .iter()
            .filter(|n| n.starts_with("register"))
            .count(),
        1
    );
}

#[test]
fn files_excel_saved_again_are_read_as_rollcall_wrote_them() {
    let folder = Folder::new();
    // As rollcall writes it.
    folder.day(
        "2026-02-09",
        &expected_file(&["12,Udbhav,09:05:00", "'-3,\"Lee, Ann\",09:06:00"]),
    );
    // Excel, "CSV (Comma delimited)": no BOM, CRLF, times reformatted, the
    // defusing apostrophe kept, a row typed in by hand without a time.
    folder.day(
        "2026-02-10",
        b"Roll,Name,Time\r\n12,Udbhav,9:05\r\n'-3,\"Lee, Ann\",9:06\r\n14,Asha,\r\n",
    );
    // Excel where the list separator is ';' (most of Europe): LF here, and
    // Excel's empty rows; a time as "09:05:00 AM".
    folder.day(
        "2026-02-11",
        b"Roll;Name;Time\n12;Udbhav;09:05:00 AM\n;;\n14;Asha;02:10:00 PM\n",
    );
    // Everything quoted, a 'sep=' line, the BOM kept.
    folder.day(
        "2026-02-12",
        "\u{feff}sep=,\r\n\"Roll\",\"Name\",\"Time\"\r\n\"'-3\",\"Lee, Ann\",\"10:00:00\"\r\n"
            .as_bytes(),
    );
    // Windows-1252 from an ANSI save, and a time cell turned into a number.
    folder.day(
        "2026-02-13",
        b"Roll,Name,Time\r\n14,Asha \x96 Ren\xe9e,0.378530092592593\r\n",
    );
    // Excel's "Unicode Text": UTF-16 with tabs.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Roll\tName\tTime\r\n12\tउद्भव\t09:00:00\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    folder.day("2026-02-16", &utf16);

    let (code, out, err) = folder.report(
        &[
            "--from",
            "2026-02-09",
            "--to",
            "2026-02-16",
            "--out",
            "feb.csv",
        ],
        "2026-03-01",
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let written = fs::read(folder.temp.path().join("feb.csv")).expect("register in --out");
    assert_eq!(
        text(&written),
        text(&register(&[
            "Roll,Name,2026-02-09,2026-02-10,2026-02-11,2026-02-12,2026-02-13,2026-02-16,Present,Late,Days,Percent",
            "'-3,\"Lee, Ann\",P,P,A,P,A,A,3,0,6,50",
            "12,उद्भव,P,P,P,A,A,P,4,0,6,66.7",
            "14,Asha – Renée,A,P,P,A,P,A,3,0,6,50",
        ]))
    );
    assert!(out.contains("Below 75%: 3 student(s)"), "{out}");
    assert!(out.contains("Saved to feb.csv"), "{out}");
}

#[test]
fn a_class_list_orders_and_names_the_register() {
    let folder = Folder::for_class(Some("10 A"));
    let list = folder.temp.path().join("class list.csv");
    // Saved by Excel with ';' and a BOM, header in other words, a blank row.
    fs::write(
        &list,
        "\u{feff}Roll No.;Student Name\r\n7B;Ann Lee\r\n;\r\n12;Udbhav Kumar\r\n3;Cy\r\n",
    )
    .expect("list");
    folder.day(
        "2026-02-10",
        &expected_file(&["12,Udbhav,09:00:00", "7b,ann,09:01:00", "99,Ghost,09:02:00"]),
    );
    folder.day("2026-02-11", &expected_file(&["12,Udbhav K,09:00:00"]));
    let list_arg = program_path(&list).to_string_lossy().into_owned();
    let (code, out, err) = folder.report(&["--class", "10 A", "--roster", &list_arg], "2026-02-20");
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let written = folder
        .file("register_2026-02-01_to_2026-02-20.csv")
        .expect("in the class's folder");
    assert_eq!(
        text(&written),
        text(&register(&[
            "Roll,Name,2026-02-10,2026-02-11,Present,Late,Days,Percent",
            "7B,Ann Lee,P,A,1,0,2,50",
            "12,Udbhav Kumar,P,P,2,0,2,100",
            "3,Cy,A,A,0,0,2,0",
            "99,Ghost,P,A,1,0,2,50",
        ]))
    );
    assert!(
        out.contains("Below 75%: 3 student(s)\n  3   Cy       0 of 2 days, 0%\n"),
        "{out}"
    );
    assert!(
        out.contains("Not on the class list, added at the end: 99 Ghost\n"),
        "{out}"
    );
}

#[test]
fn the_servers_own_files_and_waiting_rows_are_read() {
    let folder = Folder::new();
    {
        let srv = Server::builder()
            .dir(&folder.days)
            .clock("2026-02-10 09:00:00")
            .start();
        assert_eq!(srv.check_in("12", "Udbhav").status, 200);
        assert_eq!(srv.check_in("13", "राहुल").status, 200);
        srv.set_clock("2026-02-11 09:00:00");
        assert_eq!(srv.check_in("13", "राहुल").status, 200);
    }
    // Rows that waited while Excel held the file count for their day.
    let waiting = folder.days.join("attendance_2026-02-11.waiting.csv");
    fs::write(waiting, expected_file(&["14,Asha,09:30:00"])).expect("waiting");
    // A day nobody came: rollcall started, wrote the header, no check-in.
    folder.day("2026-02-12", &expected_file(&[]));
    let (code, out, err) = folder.report(&[], "2026-02-28");
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        text(
            &folder
                .file("register_2026-02-01_to_2026-02-28.csv")
                .expect("register")
        ),
        text(&register(&[
            "Roll,Name,2026-02-10,2026-02-11,2026-02-12,Present,Late,Days,Percent",
            "12,Udbhav,P,A,A,1,0,3,33.3",
            "13,राहुल,P,P,A,2,0,3,66.7",
            "14,Asha,A,P,A,1,0,3,33.3",
        ]))
    );
    assert!(
        out.contains("Nobody checked in on 2026-02-12: if there was no class that day, delete its file and run the report again."),
        "{out}"
    );
}

/// Asserts the report refused with exit code 1, naming `says`, and wrote
/// no register.
fn assert_refused(folder: &Folder, args: &[&str], says: &[&str]) -> String {
    let before = folder.names();
    let (code, out, err) = folder.report(args, "2026-02-20");
    assert_eq!(code, 1, "{args:?}: {out}{err}");
    assert_eq!(out, "", "{args:?}");
    assert!(err.starts_with("rollcall report: "), "{err}");
    for s in says {
        assert!(err.contains(s), "{args:?}: wanted {s:?} in {err}");
    }
    assert_eq!(folder.names(), before, "{args:?}: something was written");
    err
}

#[test]
fn a_file_that_is_not_an_attendance_file_is_named_with_its_line() {
    let folder = Folder::new();
    folder.day("2026-02-10", &expected_file(&["12,Udbhav,09:00:00"]));
    // An earlier register stays as it was.
    let old = folder.days.join("register_2026-02-01_to_2026-02-20.csv");
    fs::write(&old, "old").expect("old register");
    folder.day("2026-02-11", b"Name,Marks\r\nUdbhav,12\r\n");
    assert_refused(
        &folder,
        &[],
        &["attendance_2026-02-11.csv, line 1: this is not an attendance file: it should start with the line Roll,Name,Time, not 'Name,Marks'", "No register was written."],
    );
    folder.day(
        "2026-02-11",
        b"Roll;Name;Time\n12;Udbhav;09:00\n\n13;Rahul;after lunch\n",
    );
    assert_refused(
        &folder,
        &[],
        &["attendance_2026-02-11.csv, line 4: 'after lunch' in the Time column is not a time of day. Correct that line"],
    );
    folder.day(
        "2026-02-11",
        b"Roll,Name,Time\r\n12,Udbhav,09:00\r\n,Rahul,09:01\r\n",
    );
    assert_refused(
        &folder,
        &[],
        &["attendance_2026-02-11.csv, line 3: the Roll is empty"],
    );
    assert_eq!(fs::read(&old).expect("old register"), b"old");
    // Outside the range the file is not read at all.
    let (code, _, err) = folder.report(&["--to", "2026-02-10"], "2026-02-20");
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn other_refusals_say_what_to_do_and_write_nothing() {
    let folder = Folder::new();
    folder.day("2026-02-10", &expected_file(&["12,Udbhav,09:00:00"]));
    let list = folder.temp.path().join("list.csv");
    fs::write(&list, "Roll,Name\n12,Udbhav\n13,\n").expect("list");
    let list_arg = program_path(&list).to_string_lossy().into_owned();
    assert_refused(
        &folder,
        &["--roster", &list_arg],
        &["the class list ", "list.csv, line 3: roll 13 has no name"],
    );
    assert_refused(
        &folder,
        &["--roster", "missing.csv"],
        &["could not read the class list missing.csv", "--roster"],
    );
    assert_refused(
        &folder,
        &["--from", "2026-03-01", "--to", "2026-03-31"],
        &["there are no attendance files from 2026-03-01 to 2026-03-31 in attendance"],
    );
    assert_refused(
        &folder,
        &["--class", "10B"],
        &[
            "could not read the folder ",
            "10B",
            "Check --dir and --class",
        ],
    );
    let day = folder.days.join("attendance_2026-02-10.csv");
    let day_arg = program_path(&day).to_string_lossy().into_owned();
    assert_refused(
        &folder,
        &["--out", &day_arg],
        &["is a daily attendance file; choose another name"],
    );
    assert_eq!(
        fs::read(&day).expect("day"),
        expected_file(&["12,Udbhav,09:00:00"])
    );
}

#[test]
fn report_options_are_checked_like_the_servers() {
    let folder = Folder::new();
    for (args, says) in [
        (
            &["--threshold", "101"][..],
            "--threshold takes a whole percentage from 0 to 100, not '101'",
        ),
        (
            &["--from", "10/02/2026"],
            "--from takes a date such as 2026-02-01, not '10/02/2026'",
        ),
        (
            &["--class", "../other"],
            "--class takes a name for the class's folder",
        ),
        (&["--class", "CON"], "is a name Windows keeps for a device"),
        (&["--port", "80"], "unknown report option '--port'"),
    ] {
        let (code, out, err) = folder.report(args, "2026-02-20");
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(out, "");
        assert!(err.starts_with("rollcall: "), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        // Two lines, so that they stay on a small console.
        assert!(
            err.ends_with("rollcall --help lists every option.\n"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 2, "{err}");
    }
    // A --from after today needs a --to.
    let (code, _, err) = folder.report(&["--from", "2026-03-01"], "2026-02-20");
    assert_eq!(code, 2);
    assert!(
        err.contains("--from 2026-03-01 is after 2026-02-20"),
        "{err}"
    );
    assert!(folder.names().is_empty());
}

#[test]
fn everyone_above_the_threshold_is_said_in_a_line() {
    let folder = Folder::new();
    folder.day(
        "2026-02-10",
        &expected_file(&["12,Udbhav,09:00:00", "13,Rahul,09:00:00"]),
    );
    folder.day("2026-02-11", &expected_file(&["12,Udbhav,09:00:00"]));
    let (code, out, _) = folder.report(&["--threshold", "50"], "2026-02-20");
    assert_eq!(code, 0);
    assert!(out.contains("Everyone is at 50% or above.\n"), "{out}");
    let (_, out, _) = folder.report(&["--threshold", "51"], "2026-02-20");
    assert!(
        out.contains("Below 51%: 1 student(s)\n  13  Rahul  1 of 2 days, 50%\n"),
        "{out}"
    );
}

#[test]
fn names_a_spreadsheet_turned_to_question_marks_are_warned_of_with_file_and_line() {
    let folder = Folder::new();
    folder.day(
        "2026-02-09",
        &expected_file(&[
            "12,Udbhav,09:00:00",
            "13,अनीता,09:01:00",
            "14,தமிழ்,09:02:00",
        ]),
    );
    // The next day's file, opened in LibreOffice Calc and saved with its
    // default character set (Windows-1252): no BOM, Hindi and Tamil gone.
    folder.day(
        "2026-02-10",
        b"Roll,Name,Time\r\n12,Udbhav,09:00:00\r\n13,?????,09:01:00\r\n14,????? ????,09:02:00\r\n15,Jos\xe9 ?? Rao,09:03:00\r\n",
    );
    let (code, out, err) = folder.report(&["--to", "2026-02-10"], "2026-02-20");
    // The register is written all the same (rolls still match)...
    assert_eq!(code, 0, "{out}{err}");
    let register = text(
        &folder
            .file("register_2026-02-01_to_2026-02-10.csv")
            .expect("register"),
    );
    assert!(
        register.contains("\r\n13,?????,P,P,2,0,2,100\r\n"),
        "{register}"
    );
    // ...with a word for each damaged file, naming it and the line.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].ends_with("attendance_2026-02-10.csv, line 3: the name is only question marks (?????): the file was probably saved in a spreadsheet without UTF-8; open it again from the original or re-save as CSV UTF-8."),
        "{err}"
    );
    assert!(lines[0].starts_with("rollcall report: "), "{err}");
    assert!(
        lines[1].ends_with(
            "attendance_2026-02-10.csv: question marks for letters on lines 4 and 5 too."
        ),
        "{err}"
    );
    assert!(!err.contains("2026-02-09"), "{err}");
    assert!(out.contains("Saved to"), "{out}");

    // A whole class of them: the first in full, five more named, the rest
    // counted.
    let mut file = b"Roll,Name,Time\r\n".to_vec();
    for roll in 1..=40 {
        file.extend(format!("{roll},???? ???,09:00:00\r\n").as_bytes());
    }
    folder.day("2026-02-10", &file);
    let (code, _, err) = folder.report(&["--to", "2026-02-10"], "2026-02-20");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "attendance_2026-02-10.csv, line 2: the name is only question marks (???? ???)"
        ),
        "{err}"
    );
    assert!(
        err.contains("attendance_2026-02-10.csv: question marks for letters on lines 3, 4, 5, 6, 7 and 34 more too."),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");

    // With the file as rollcall wrote it, not a word.
    folder.day("2026-02-10", &expected_file(&["13,अनीता,09:01:00"]));
    let (code, _, err) = folder.report(&["--to", "2026-02-10"], "2026-02-20");
    assert_eq!((code, err.as_str()), (0, ""));
}
