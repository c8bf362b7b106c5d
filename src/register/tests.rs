//! Unit tests of the register on the real filesystem.

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
    NaiveDateTime::new(
        chrono::NaiveDate::from_ymd_opt(2026, 2, 10).expect("valid date"),
        time.parse().expect("valid time"),
    )
}

fn student(roll: &str, name: &str) -> Student {
    Student {
        roll: roll.into(),
        name: name.into(),
    }
}

/// The register of `dir` on the day of `now`, with its own trail.
fn open(dir: &std::path::Path, now: NaiveDateTime) -> Result<Register, RegisterError> {
    Register::open(dir, std::sync::Arc::new(Trail::new(dir)), now)
}

/// Records `students`, each from the laptop, and returns their outcomes.
fn record(
    register: &mut Register,
    students: &[&Student],
    now: NaiveDateTime,
) -> Vec<Result<Outcome, std::sync::Arc<RegisterError>>> {
    let sender = Sender::Phone {
        ip: std::net::IpAddr::from([127u8, 0, 0, 1]),
        device: "",
    };
    let check_ins: Vec<CheckIn<'_>> = students
        .iter()
        .map(|&student| CheckIn {
            student,
            sender,
            typed: None,
        })
        .collect();
    register
        .record(&check_ins, &[], now)
        .into_iter()
        .map(|r| r.result)
        .collect()
}

#[test]
fn a_batch_is_one_write_with_duplicates_answered_from_it() {
    let folder = Folder::new("batch");
    let mut register = open(&folder.0, at("09:00:00")).expect("open");
    let (a, b, a_again, c) = (
        student("1", "Ann"),
        student("2", "Ben"),
        student("1", "Someone"),
        student("3", "Cy"),
    );
    let results = record(&mut register, &[&a, &b, &a_again, &c], at("09:00:01"));
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
    let again = record(&mut register, &[&b], at("09:05:00"));
    assert!(matches!(&again[0], Ok(Outcome::AlreadyMarked(m)) if m.time == at("09:00:01").time()));
}

#[test]
fn a_failed_write_fails_its_whole_batch_and_marks_nobody() {
    let folder = Folder::new("fail");
    let mut register = open(&folder.0, at("09:00:00")).expect("open");
    let ann = student("1", "Ann");
    assert!(record(&mut register, &[&ann], at("09:00:00"))[0].is_ok());
    // Swap the held file for a read-only handle: every write now fails,
    // as on a full or unplugged disk.
    register.day.file = Some(std::fs::File::open(register.path()).expect("reopen read-only"));
    let (ben, ben_again) = (student("2", "Ben"), student("2", "Ben"));
    let results = record(&mut register, &[&ben, &ann, &ben_again], at("09:01:00"));
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
fn removing_a_row_rewrites_the_file_whole_and_keeps_the_rest() {
    let folder = Folder::new("remove");
    let mut register = open(&folder.0, at("09:00:00")).expect("open");
    let (a, b, c) = (student("1", "Ann"), student("2", "Ben"), student("3", "Cy"));
    record(&mut register, &[&a, &b], at("09:00:01"));
    record(&mut register, &[&c], at("09:00:02"));
    let removed = register.remove("2", at("09:01:00")).expect("removed");
    assert_eq!(
        removed.as_ref().map(|(m, place)| (m.name.as_str(), *place)),
        Some(("Ben", 1))
    );
    assert_eq!(register.remove("2", at("09:01:00")).expect("nothing"), None);
    assert_eq!(
        fs::read_to_string(register.path()).expect("file"),
        "\u{feff}Roll,Name,Time\r\n1,Ann,09:00:01\r\n3,Cy,09:00:02\r\n"
    );
    // The held file is the new one: the next row lands in it.
    let ben = student("2", "Ben");
    assert!(matches!(
        &record(&mut register, &[&ben], at("09:02:00"))[0],
        Ok(Outcome::Marked(_))
    ));
    assert_eq!(
        fs::read_to_string(register.path()).expect("file"),
        "\u{feff}Roll,Name,Time\r\n1,Ann,09:00:01\r\n3,Cy,09:00:02\r\n2,Ben,09:02:00\r\n"
    );
    let rows = register.rows();
    let names: Vec<&str> = rows.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Ann", "Cy", "Ben"]);
    let leftovers: Vec<_> = fs::read_dir(&folder.0)
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        leftovers.iter().all(|n| !n.ends_with(".tmp")),
        "no temporary file left: {leftovers:?}"
    );
    // The removal is in the audit trail, after the check-ins' lines.
    let trail = audit::read(&folder.0, at("09:00:00").date());
    let trail: Vec<_> = trail
        .iter()
        .filter(|e| e.address == audit::TEACHER)
        .collect();
    assert_eq!(trail.len(), 1);
    assert_eq!(
        (trail[0].roll.as_str(), trail[0].outcome.as_str()),
        ("2", audit::REMOVED)
    );
}

#[test]
fn undo_puts_a_removed_row_back_as_it_was() {
    let folder = Folder::new("undo");
    let mut register = open(&folder.0, at("09:00:00")).expect("open");
    let (a, b, c) = (student("1", "Ann"), student("2", "Ben"), student("3", "Cy"));
    record(&mut register, &[&a, &b, &c], at("09:00:01"));
    let before = fs::read(register.path()).expect("file");
    let (mark, place) = register
        .remove("2", at("09:01:00"))
        .expect("removed")
        .expect("a row");
    let today = at("09:00:00").date();
    assert!(register
        .restore(&mark, place, today, at("09:01:30"))
        .expect("put back"));
    // Byte for byte as before: same time, same place.
    assert_eq!(fs::read(register.path()).expect("file"), before);
    // Back when the student has checked in again: nothing done.
    let (mark, place) = register
        .remove("2", at("09:02:00"))
        .expect("removed")
        .expect("a row");
    record(&mut register, &[&b], at("09:02:30"));
    assert!(!register
        .restore(&mark, place, today, at("09:03:00"))
        .expect("no error"));
    let trail = audit::read(&folder.0, today);
    let outcomes: Vec<&str> = trail.iter().map(|e| e.outcome.as_str()).collect();
    use audit::{ACCEPTED, REMOVED, RESTORED};
    let (check_ins, teacher) = ([ACCEPTED; 3], [REMOVED, RESTORED, REMOVED]);
    assert_eq!(
        outcomes,
        [&check_ins[..], &teacher[..], &[ACCEPTED]].concat()
    );
    let by_teacher = trail.iter().filter(|e| e.address == audit::TEACHER).count();
    assert_eq!(by_teacher, teacher.len());
}
