//! The student's own record on the Present page: this month's class days
//! from the real day files, the threshold's calm line, nobody else's
//! record, only to the phone that marked that roll before, and the numbers
//! read ahead, at start (not at a student's check-in) and again off the
//! students' path when the date changes.

use crate::harness::{expected_file, Server, TempDir};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An attendance folder with earlier days of February 2026 in it.
fn february(temp: &TempDir) -> PathBuf {
    let folder = temp.path().join("attendance");
    fs::create_dir_all(&folder).expect("mkdir");
    let days: [(&str, &[&str]); 4] = [
        ("2026-02-02", &["12,Udbhav,09:01:00", "7,Asha,09:02:00"]),
        ("2026-02-03", &["12,Udbhav,09:01:00"]),
        ("2026-02-04", &[]),
        ("2026-02-05", &["12,Udbhav,09:03:00"]),
    ];
    for (day, rows) in days {
        write_day(&folder, day, rows);
    }
    // January does not count in February (it tells which phone is whose).
    write_day(
        &folder,
        "2026-01-30",
        &["7,Asha,09:00:00", "30,Meera,09:00:00"],
    );
    // Phones the watcher test checks in from (their rolls have no rows).
    let known: Vec<String> = (900..960).map(|n| n.to_string()).collect();
    know_phones(&folder, "2026-02-02", &known);
    folder
}

/// Adds to `day`'s audit trail a line for each of `rolls` accepted from
/// its own phone, as if its row had been removed since.
fn know_phones(folder: &Path, day: &str, rolls: &[String]) {
    let path = folder.join(format!("audit/audit_{day}.csv"));
    let mut trail = fs::read_to_string(&path).expect("the day's trail");
    for roll in rolls {
        let device = phone_of(roll);
        trail.push_str(&format!(
            "09:30:00,10.0.0.9,{device},{roll},Watcher,accepted,\r\n"
        ));
    }
    fs::write(path, trail).expect("write trail");
}

/// A day's file, and its audit trail as the server writes it: each row
/// accepted from its student's own phone (`phone_of`).
fn write_day(folder: &Path, day: &str, rows: &[&str]) {
    let path = folder.join(format!("attendance_{day}.csv"));
    fs::write(path, expected_file(rows)).expect("write day");
    let mut trail = "\u{feff}Time,Address,Device,Roll,Name,Outcome,Reason\r\n".to_string();
    for row in rows {
        let cells: Vec<&str> = row.split(',').collect();
        let (roll, name, time) = (cells[0], cells[1], cells[2]);
        let device = phone_of(roll);
        trail.push_str(&format!(
            "{time},10.0.0.9,{device},{roll},{name},accepted,\r\n"
        ));
    }
    fs::create_dir_all(folder.join("audit")).expect("mkdir");
    fs::write(folder.join(format!("audit/audit_{day}.csv")), trail).expect("write trail");
}

/// The device cookie of roll `roll`'s own phone.
fn phone_of(roll: &str) -> String {
    format!("{roll:0>32}")
}

/// Checks in `roll` from its own phone (the one that marked it before).
fn check_in(server: &Server, roll: &str, name: &str) -> String {
    server.check_in_as(&phone_of(roll), roll, name).body
}

fn start(folder: &Path, now: &str, args: &[&str]) -> Server {
    let mut builder = Server::builder().dir(folder).clock(now);
    for arg in args {
        builder = builder.arg(*arg);
    }
    builder.start()
}

#[test]
fn the_present_page_says_how_the_month_stands() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-02-06 10:00:00", &[]);

    let page = check_in(&server, "12", "Udbhav");
    assert!(
        page.contains("This month: 4 of 5 class days (80\u{a0}%)"),
        "{page}"
    );
    assert!(!page.contains("below the"), "{page}");
    // Nobody else's record is on it.
    assert_eq!(page.matches("class days").count(), 1, "{page}");

    let page = check_in(&server, "7", "Asha");
    assert!(
        page.contains("This month: 2 of 5 class days (40\u{a0}%)"),
        "{page}"
    );
    assert!(
        page.contains("That is below the 75\u{a0}% your class asks for."),
        "{page}"
    );

    // A student new this month (her phone checked her in last month):
    // today is her one day.
    let page = check_in(&server, "30", "Meera");
    assert!(
        page.contains("This month: 1 of 5 class days (20\u{a0}%)"),
        "{page}"
    );
}

#[test]
fn a_phone_new_to_a_roll_sees_no_record_of_its_earlier_days() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-02-06 10:00:00", &[]);
    // Roll 12 marked on four earlier days by its own phone; today another
    // phone marks it first.
    let page = server.check_in_as(&phone_of("666"), "12", "Udbhav").body;
    assert!(page.contains("Present"), "{page}");
    assert!(!page.contains("class days"), "{page}");
    assert!(!page.contains("This month"), "{page}");
}

#[test]
fn the_teachers_threshold_decides_the_calm_line() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-02-06 10:00:00", &["--threshold", "40"]);
    let page = check_in(&server, "7", "Asha");
    assert!(page.contains("2 of 5 class days (40\u{a0}%)"), "{page}");
    assert!(!page.contains("below the"), "{page}");
    let page = check_in(&server, "30", "Meera");
    assert!(page.contains("below the 40\u{a0}%"), "{page}");
}

#[test]
fn the_month_is_kept_in_memory_and_renewed_on_a_new_day() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-02-06 10:00:00", &[]);
    let page = check_in(&server, "12", "Udbhav");
    assert!(page.contains("4 of 5 class days"), "{page}");

    // Earlier days gone from the disk change nothing today: the check-in
    // does not read them again.
    for day in ["2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05"] {
        fs::remove_file(folder.join(format!("attendance_{day}.csv"))).expect("remove");
    }
    let page = check_in(&server, "7", "Asha");
    assert!(page.contains("2 of 5 class days"), "{page}");

    // The next day is read afresh, by the server's watcher rather than
    // the check-in: only the 6th is left on the disk, and Udbhav came that
    // day.
    server.set_clock("2026-02-07 09:00:00");
    wait_until_read(&server);
    let page = check_in(&server, "12", "Udbhav");
    assert!(
        page.contains("This month: 2 of 2 class days (100\u{a0}%)"),
        "{page}"
    );
}

/// Waits (up to 30 s) until the watcher has read the new day's month: a
/// student's Present page shows none until then. New rolls check in to see.
fn wait_until_read(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(30);
    // (Each a roll whose phone marked it on the 2nd, so that its page may
    // show the month; a phone new to its roll never sees one.)
    for roll in 900..960 {
        let page = check_in(server, &roll.to_string(), "Watcher Test");
        if page.contains("This month:") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the new day's month was never read"
        );
        std::thread::sleep(Duration::from_millis(400));
    }
    panic!("the new day's month was never read");
}

#[test]
fn the_month_is_read_when_rollcall_starts_not_at_the_first_check_in() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-02-06 10:00:00", &[]);
    // Gone from the disk before anyone checks in: the first check-in does
    // not read them, they were read at start.
    for day in ["2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05"] {
        fs::remove_file(folder.join(format!("attendance_{day}.csv"))).expect("remove");
    }
    let page = check_in(&server, "12", "Udbhav");
    assert!(
        page.contains("This month: 4 of 5 class days (80\u{a0}%)"),
        "{page}"
    );
}

#[test]
fn a_new_month_starts_afresh() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-03-01 09:00:00", &[]);
    let page = check_in(&server, "7", "Asha");
    assert!(
        page.contains("This month: 1 of 1 class days (100\u{a0}%)"),
        "{page}"
    );
}

#[test]
fn an_excused_day_leaves_the_students_days() {
    let temp = TempDir::new();
    let folder = february(&temp);
    // Asha was excused on the 4th (a school trip), as the teacher's screen
    // writes it beside that day's file.
    let details = "\u{feff}Time,Event,Roll,Name,Detail\r\n09:00:00,opened,,,\r\n09:05:12,excused,7,Asha,school trip\r\n";
    fs::write(folder.join("attendance_2026-02-04.details.csv"), details).expect("write details");
    let server = start(&folder, "2026-02-06 10:00:00", &[]);
    let page = check_in(&server, "7", "Asha");
    assert!(
        page.contains("This month: 2 of 4 class days (50\u{a0}%)"),
        "{page}"
    );
    // Only hers: Udbhav's month still has five days.
    let page = check_in(&server, "12", "Udbhav");
    assert!(
        page.contains("This month: 4 of 5 class days (80\u{a0}%)"),
        "{page}"
    );
}
