//! The student's own record on the Present page: this month's class days
//! from the real day files, the threshold's calm line, nobody else's
//! record, and the numbers read ahead, at start (not at a student's
//! check-in) and again off the students' path when the date changes.

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
    // January does not count in February.
    write_day(&folder, "2026-01-30", &["7,Asha,09:00:00"]);
    folder
}

fn write_day(folder: &Path, day: &str, rows: &[&str]) {
    let path = folder.join(format!("attendance_{day}.csv"));
    fs::write(path, expected_file(rows)).expect("write day");
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

    let page = server.check_in("12", "Udbhav").body;
    assert!(
        page.contains("This month: 4 of 5 class days (80\u{a0}%)"),
        "{page}"
    );
    assert!(!page.contains("below the"), "{page}");
    // Nobody else's record is on it.
    assert_eq!(page.matches("class days").count(), 1, "{page}");

    let page = server.check_in("7", "Asha").body;
    assert!(
        page.contains("This month: 2 of 5 class days (40\u{a0}%)"),
        "{page}"
    );
    assert!(
        page.contains("That is below the 75\u{a0}% your class asks for."),
        "{page}"
    );

    // A student new this month: today is their one day.
    let page = server.check_in("30", "Meera").body;
    assert!(
        page.contains("This month: 1 of 5 class days (20\u{a0}%)"),
        "{page}"
    );
}

#[test]
fn the_teachers_threshold_decides_the_calm_line() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-02-06 10:00:00", &["--threshold", "40"]);
    let page = server.check_in("7", "Asha").body;
    assert!(page.contains("2 of 5 class days (40\u{a0}%)"), "{page}");
    assert!(!page.contains("below the"), "{page}");
    let page = server.check_in("30", "Meera").body;
    assert!(page.contains("below the 40\u{a0}%"), "{page}");
}

#[test]
fn the_month_is_kept_in_memory_and_renewed_on_a_new_day() {
    let temp = TempDir::new();
    let folder = february(&temp);
    let server = start(&folder, "2026-02-06 10:00:00", &[]);
    let page = server.check_in("12", "Udbhav").body;
    assert!(page.contains("4 of 5 class days"), "{page}");

    // Earlier days gone from the disk change nothing today: the check-in
    // does not read them again.
    for day in ["2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05"] {
        fs::remove_file(folder.join(format!("attendance_{day}.csv"))).expect("remove");
    }
    let page = server.check_in("7", "Asha").body;
    assert!(page.contains("2 of 5 class days"), "{page}");

    // The next day is read afresh, by the server's watcher rather than
    // the check-in: only the 6th is left on the disk, and Udbhav came that
    // day.
    server.set_clock("2026-02-07 09:00:00");
    wait_until_read(&server);
    let page = server.check_in("12", "Udbhav").body;
    assert!(
        page.contains("This month: 2 of 2 class days (100\u{a0}%)"),
        "{page}"
    );
}

/// Waits (up to 30 s) until the watcher has read the new day's month: a
/// student's Present page shows none until then. New rolls check in to see.
fn wait_until_read(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(30);
    for roll in 900.. {
        let page = server.check_in(&roll.to_string(), "Watcher Test").body;
        if page.contains("This month:") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the new day's month was never read"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
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
    let page = server.check_in("12", "Udbhav").body;
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
    let page = server.check_in("7", "Asha").body;
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
    let page = server.check_in("7", "Asha").body;
    assert!(
        page.contains("This month: 2 of 4 class days (50\u{a0}%)"),
        "{page}"
    );
    // Only hers: Udbhav's month still has five days.
    let page = server.check_in("12", "Udbhav").body;
    assert!(
        page.contains("This month: 4 of 5 class days (80\u{a0}%)"),
        "{page}"
    );
}
