//! The check-in path over real HTTP against the real binary: the form, a
//! check-in recorded byte for byte, duplicates, bad input, Unicode, Excel
//! safety, restarts. Runs on Linux and, under Wine, against rollcall.exe.

use crate::harness::{self, expected_file, Server, TempDir};

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

fn file(srv: &Server) -> Vec<u8> {
    srv.csv(DAY).expect("today's file exists")
}

/// An attendance folder whose file for DAY already holds `contents`.
fn folder_with_day_file(contents: &[u8]) -> (TempDir, std::path::PathBuf) {
    harness::folder_with_day_file(DAY, contents)
}

#[test]
fn form_is_served_small_and_self_contained() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    let reply = srv.get("/");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let html = &reply.body;
    assert!(html.len() < 16 * 1024, "page is {} bytes", html.len());
    assert!(html.contains("<form method=\"post\" action=\"/\""));
    assert!(html.contains("name=\"roll\""));
    assert!(html.contains("name=\"name\""));
    assert!(html.contains("<button type=\"submit\">"));
    assert!(html.contains("width=device-width"));
    assert!(html.contains("10 February 2026"));
    for external in ["http://", "https://", "<link", "@import"] {
        assert!(!html.contains(external), "page loads {external}");
    }
    // One script of its own (it sends the phone's clock along); the form
    // works without it.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script src=\"/clock.js\"></script>"));
    // The file exists with its header from the start: Excel can open it.
    assert_eq!(file(&srv), expected_file(&[]));
    // A HEAD gets the headers alone.
    let head = srv.send(b"HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
}

#[test]
fn a_check_in_is_recorded_byte_exactly() {
    let srv = Server::builder().clock(&at("10:12:05")).start();
    let reply = srv.check_in("12", "Udbhav");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply
        .body
        .contains("<title>Present — 12 Udbhav at 10:12:05</title>"));
    assert!(reply.body.contains("Present"));
    srv.set_clock(&at("10:12:40"));
    assert_eq!(srv.check_in(" 13 ", "  Rahul   Kumar ").status, 200);
    assert_eq!(
        file(&srv),
        expected_file(&["12,Udbhav,10:12:05", "13,Rahul Kumar,10:12:40"])
    );
    // The teacher's terminal shows each one as it lands.
    let out = srv.wait_for_stdout("(2 today)");
    assert!(
        out.contains("10:12:05  Present   12       Udbhav   (1 today)"),
        "{out}"
    );
    assert!(
        out.contains("10:12:40  Present   13       Rahul Kumar   (2 today)"),
        "{out}"
    );
}

#[test]
fn a_second_check_in_of_the_same_roll_writes_nothing() {
    let srv = Server::builder().clock(&at("10:12:05")).start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    let before = file(&srv);
    srv.set_clock(&at("10:20:00"));
    for (roll, name) in [("12", "Udbhav"), ("12", "Someone Else"), ("12 ", "Udbhav")] {
        let reply = srv.check_in(roll, name);
        assert_eq!(reply.status, 200);
        assert!(
            reply.body.contains("Roll 12 is already marked (at 10:12)"),
            "{}",
            reply.body
        );
        // Nothing the phone did not type: not the name it was marked as.
        assert!(!reply.body.contains("Udbhav"), "{}", reply.body);
    }
    // Letter case does not make a new student.
    assert_eq!(srv.check_in("7b", "Ann").status, 200);
    assert!(srv
        .check_in("7B", "Ann")
        .body
        .contains("Roll 7b is already marked"));
    let after = file(&srv);
    assert_eq!(after.len(), before.len() + "7b,Ann,10:20:00\r\n".len());
    assert!(after.starts_with(&before));
}

#[test]
fn invalid_input_is_refused_with_the_form_and_nothing_written() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    let empty = expected_file(&[]);
    let cases: &[(&str, &str, &str)] = &[
        ("", "Udbhav", "Please type your roll number."),
        ("12", "", "Please type your name."),
        ("12", "   ", "Please type your name."),
        ("1 2", "Ann", "only letters, digits, - and /"),
        ("123456789012345678901", "Ann", "at most 20 characters"),
        ("12", "Ann2", "only letters, spaces"),
        ("12", "=HYPERLINK(\"http://x\")", "only letters, spaces"),
        ("12", "Ann\u{7}", "only letters, spaces"),
        ("12", &"a".repeat(61), "at most 60 characters"),
    ];
    for (roll, name, message) in cases {
        let reply = srv.check_in(roll, name);
        assert_eq!(reply.status, 422, "{roll:?} {name:?}");
        assert!(
            reply.body.contains(message),
            "{roll:?} {name:?}: {}",
            reply.body
        );
        assert!(reply.body.contains("<form"), "the form is shown again");
        assert_eq!(file(&srv), empty, "{roll:?} {name:?} wrote something");
    }
    // Missing fields altogether.
    let reply = srv.post_form("other=1");
    assert_eq!(reply.status, 422);
    assert_eq!(file(&srv), empty);
}

#[test]
fn refused_form_keeps_typed_values_escaped() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    let reply = srv.check_in("12\"><script>", "<script>alert(1)</script>");
    assert_eq!(reply.status, 422);
    assert!(!reply.body.contains("<script>"), "{}", reply.body);
    assert!(reply
        .body
        .contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
    assert!(reply.body.contains("value=\"12&quot;&gt;&lt;script&gt;\""));
}

#[test]
fn broken_requests_get_clear_http_errors_and_write_nothing() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    let empty = expected_file(&[]);

    let bad_escape = srv.post_form("roll=12&name=Ud%ZZbhav");
    assert_eq!(bad_escape.status, 400);
    assert!(bad_escape.body.contains("could not be read"));
    assert_eq!(srv.post_form("roll=12&name=%FF").status, 400);

    let wrong_type = srv.post("text/plain", b"roll=12&name=Udbhav");
    assert_eq!(wrong_type.status, 415);
    let json = srv.post("application/json", br#"{"roll":"12"}"#);
    assert_eq!(json.status, 415);

    let big = format!("roll=12&name={}", "a".repeat(9000));
    assert_eq!(srv.post_form(&big).status, 413);

    assert_eq!(srv.get("/admin").status, 404);
    assert!(srv.get("/../etc/passwd").status >= 400);
    let put =
        srv.send(b"PUT / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!(put.status, 405);
    assert_eq!(put.header("Allow"), Some("GET, HEAD, POST"));

    assert_eq!(file(&srv), empty);
    // And the server still serves everyone else.
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
}

#[test]
fn a_declared_huge_body_is_refused_without_reading_it() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    let mut stream = srv.connect();
    // Claims a petabyte, sends a few bytes, and waits: the answer must come
    // at once, without the server waiting for (or allocating) the rest.
    use std::io::Write;
    stream
        .write_all(
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000000000\r\n\r\nroll=1",
        )
        .expect("send");
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    use std::io::Read;
    while !raw.windows(7).any(|w| w == b"</html>") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let reply = harness::parse_reply(&raw);
    assert_eq!(reply.status, 413);
    drop(stream);
    assert_eq!(srv.check_in("1", "Ann").status, 200, "server still serves");
    assert_eq!(file(&srv), expected_file(&["1,Ann,09:00:00"]));
}

#[test]
fn names_in_any_script_round_trip_byte_exactly() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    let students = [
        ("1", "उद्भव शर्मा"),
        ("2", "தமிழ்செல்வி"),
        ("3", "José Núñez"),
        ("4", "Zoë O'Brien-Smith"),
        ("5", "ক্ষমা"),
    ];
    for (roll, name) in students {
        let reply = srv.check_in(roll, name);
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        let shown = name.replace('\'', "&#39;");
        assert!(reply.body.contains(&shown), "{name} shown back");
    }
    let rows: Vec<String> = students
        .iter()
        .map(|(r, n)| format!("{r},{n},10:00:00"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    assert_eq!(file(&srv), expected_file(&rows));
}

/// `code` as a keyboard of another script types it: each ASCII digit as
/// the digit of the run starting at `zero`.
fn typed_in(zero: char, code: &str) -> String {
    code.chars()
        .map(|c| {
            let value = c.to_digit(10).expect("a digit");
            char::from_u32(u32::from(zero) + value).expect("a digit")
        })
        .collect()
}

#[test]
fn rolls_and_codes_typed_in_the_digits_of_any_script_are_read_as_digits() {
    let srv = Server::builder().codes().clock(&at("10:00:00")).start();
    let code = srv.code();
    // A Hindi keyboard types the roll in Devanagari digits, a Tamil one the
    // code in Tamil digits: the same roll, the same code.
    let tamil = typed_in('௦', &code);
    assert_ne!(tamil, code);
    let reply = srv.check_in_with_code("१२", "Udbhav", &tamil);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Present — 12 Udbhav"), "{}", reply.body);
    // Persian, Bengali and full-width digits too.
    for (roll, zero) in [("۱۳", '۰'), ("১৪", '০'), ("１５", '０')] {
        let reply = srv.check_in_with_code(roll, "Asha", &typed_in(zero, &code));
        assert_eq!(reply.status, 200, "{roll}: {}", reply.body);
    }
    // The file holds ASCII digits, so the register and Excel see roll 12.
    assert_eq!(
        file(&srv),
        expected_file(&[
            "12,Udbhav,10:00:00",
            "13,Asha,10:00:00",
            "14,Asha,10:00:00",
            "15,Asha,10:00:00"
        ])
    );
    // The same roll in ASCII digits is the same student.
    let reply = srv.check_in_with_code("12", "Udbhav", &code);
    assert!(reply.body.contains("already marked"), "{}", reply.body);
    // A wrong code in Tamil digits is still wrong; letters of those scripts
    // are still not a roll.
    let wrong = if code == "0000" { "1111" } else { "0000" };
    let reply = srv.check_in_with_code("16", "Ann", &typed_in('௦', wrong));
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("That code is not right"),
        "{}",
        reply.body
    );
    let reply = srv.check_in_with_code("१६क", "Ann", &code);
    assert_eq!(reply.status, 422);
    assert!(
        reply
            .body
            .contains("A roll number uses only letters, digits, - and /"),
        "{}",
        reply.body
    );
}

#[test]
fn cells_excel_would_run_as_formulas_are_defused() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    // A roll may start with "-"; a name cannot (it starts with a letter),
    // and the register defuses any cell anyway (unit-tested in register.rs).
    assert_eq!(srv.check_in("-2", "Ann").status, 200);
    assert_eq!(file(&srv), expected_file(&["'-2,Ann,10:00:00"]));
    for name in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@x"] {
        assert_eq!(srv.check_in("3", name).status, 422, "{name:?}");
    }
    // The page shows what the student typed, and the roll is still unique.
    assert!(srv
        .check_in("-2", "Ann")
        .body
        .contains("Roll -2 is already marked"));
}

#[test]
fn the_phone_remembers_roll_and_name_for_next_time() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    let reply = srv.check_in("12", "उद्भव");
    let cookies: Vec<String> = reply
        .headers_named("Set-Cookie")
        .iter()
        .map(|c| c.split(';').next().unwrap_or("").to_string())
        .collect();
    let mut names: Vec<&str> = cookies
        .iter()
        .map(|c| c.split('=').next().unwrap_or(""))
        .collect();
    names.sort_unstable();
    // The roll and name, and the phone's own random token (one phone, one
    // roll a day: see guards.rs).
    assert_eq!(
        names,
        ["rc_device", "rc_name", "rc_roll"],
        "{:?}",
        reply.headers
    );
    for c in reply.headers_named("Set-Cookie") {
        assert!(c.contains("HttpOnly") && c.contains("Max-Age="), "{c}");
    }
    let page = srv.get_with_cookie("/", &cookies.join("; "));
    assert!(page.body.contains("value=\"12\""), "{}", page.body);
    assert!(page.body.contains("value=\"उद्भव\""));
    // A forged cookie is shown as text, never as markup.
    let page = srv.get_with_cookie("/", "rc_name=%22%3E%3Cscript%3E");
    assert!(!page.body.contains("<script>"));
    assert!(page.body.contains("value=\"&quot;&gt;&lt;script&gt;\""));
}

#[test]
fn a_restart_reloads_the_day_and_still_refuses_duplicates() {
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    let mut first = Server::builder()
        .dir(&folder)
        .clock(&at("10:00:00"))
        .start();
    assert_eq!(first.check_in("12", "Udbhav").status, 200);
    assert_eq!(first.check_in("13", "Rahul").status, 200);
    first.kill();

    let second = Server::builder()
        .dir(&folder)
        .clock(&at("10:30:00"))
        .start();
    let reply = second.check_in("12", "Udbhav");
    assert!(reply.body.contains("Roll 12 is already marked (at 10:00)"));
    assert_eq!(second.check_in("14", "Asha").status, 200);
    assert_eq!(
        file(&second),
        expected_file(&[
            "12,Udbhav,10:00:00",
            "13,Rahul,10:00:00",
            "14,Asha,10:30:00"
        ])
    );
}

#[test]
fn a_file_saved_without_bom_or_by_hand_is_read_and_extended() {
    let (_dir, folder) = folder_with_day_file(b"Roll,Name,Time\n12,\"Udbhav\",10:12:05\n");
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("11:00:00"))
        .start();
    assert!(srv
        .check_in("12", "Udbhav")
        .body
        .contains("already marked (at 10:12)"));
    assert_eq!(srv.check_in("13", "Rahul").status, 200);
    assert_eq!(
        srv.csv(DAY).expect("file"),
        b"Roll,Name,Time\n12,\"Udbhav\",10:12:05\n13,Rahul,11:00:00\r\n".to_vec()
    );
}

#[test]
fn a_torn_last_line_is_set_aside_and_never_glued_to_the_next_row() {
    let mut torn = expected_file(&["12,Udbhav,10:12:05"]);
    torn.extend_from_slice("13,Ra".as_bytes());
    let (_dir, folder) = folder_with_day_file(&torn);

    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("10:15:00"))
        .start();
    assert_eq!(
        file(&srv),
        expected_file(&["12,Udbhav,10:12:05"]),
        "repaired at start"
    );
    // Roll 13 was never acknowledged, so it can check in now.
    assert_eq!(srv.check_in("13", "Rahul").status, 200);
    assert_eq!(
        file(&srv),
        expected_file(&["12,Udbhav,10:12:05", "13,Rahul,10:15:00"])
    );
    let side = std::fs::read_to_string(folder.join(format!("attendance_{DAY}.torn.txt")))
        .expect("torn bytes kept for the teacher");
    assert!(side.starts_with("13,Ra"));
    let out = srv.wait_for_stdout("partial row");
    assert!(out.contains("partial row"), "{out}");
}

#[test]
fn a_file_torn_inside_its_header_gets_a_fresh_header() {
    let (_dir, folder) = folder_with_day_file(b"\xEF\xBB\xBFRoll,Na");
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("08:00:00"))
        .start();
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    assert_eq!(file(&srv), expected_file(&["1,Ann,08:00:00"]));
}

#[test]
fn past_midnight_rows_go_to_the_next_days_file_with_its_own_duplicates() {
    let srv = Server::builder().clock("2026-02-10 23:59:58").start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    srv.set_clock("2026-02-11 00:00:01");
    let reply = srv.check_in("12", "Udbhav");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("Present"), "a new day, a new mark");
    assert!(srv
        .check_in("12", "Udbhav")
        .body
        .contains("already marked (at 00:00)"));
    assert_eq!(
        srv.csv("2026-02-10").expect("first day"),
        expected_file(&["12,Udbhav,23:59:58"])
    );
    assert_eq!(
        srv.csv("2026-02-11").expect("second day"),
        expected_file(&["12,Udbhav,00:00:01"])
    );
}

#[test]
fn many_phones_at_once_are_all_recorded_exactly_once() {
    // Heavy: 300 connections at once.
    let _alone = harness::alone();
    let srv = Server::builder().clock(&at("10:00:00")).start();
    let students = 300;
    let rolls = 250;
    std::thread::scope(|scope| {
        let srv = &srv;
        let handles: Vec<_> = (0..students)
            .map(|i| {
                scope.spawn(move || {
                    // 250 students; 50 of them tap twice (two requests at once).
                    let roll = (i % rolls).to_string();
                    let reply = srv.check_in(&roll, "Student");
                    assert_eq!(reply.status, 200, "{}", reply.body);
                    reply.body.contains("Present")
                })
            })
            .collect();
        let marked = handles
            .into_iter()
            .map(|h| h.join().expect("client thread"))
            .filter(|&fresh| fresh)
            .count();
        assert_eq!(marked, rolls, "each roll acknowledged once");
    });
    let text = srv.today_csv().expect("file");
    let mut seen: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(seen.len(), 250);
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 250, "no roll twice");
    for line in text.lines().skip(1) {
        assert!(line.ends_with(",Student,10:00:00"), "whole row: {line:?}");
    }
}

#[test]
fn stalled_phones_do_not_hold_up_the_others() {
    use std::io::Write;
    let srv = Server::builder().clock(&at("09:00:00")).start();
    // More stalled phones than the server has request handlers: each sent
    // its headers and part of a 5 KB body, then went quiet; others sent
    // nothing at all.
    let mut stalled = Vec::new();
    for i in 0..12 {
        let mut s = srv.connect();
        if i % 2 == 0 {
            s.write_all(
                b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nroll=1&name=",
            )
            .expect("send");
        }
        stalled.push(s);
    }
    for i in 0..5 {
        let reply = srv.check_in(&format!("2{i}"), "Asha");
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(srv.get("/").status, 200);
    drop(stalled);
    assert_eq!(srv.today_csv().expect("file").lines().count(), 6);
}

#[test]
fn todays_file_moved_away_mid_class_is_written_again_whole() {
    if harness::under_launcher() {
        // On Windows rollcall holds the file so it cannot be moved or deleted.
        return harness::skip("Windows refuses to move a file rollcall holds");
    }
    let srv = Server::builder().clock(&at("10:00:00")).start();
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    let path = srv.dir().join(format!("attendance_{DAY}.csv"));
    let usb = srv.dir().with_file_name("usb copy.csv");
    std::fs::rename(&path, &usb).expect("move the file away");
    srv.set_clock(&at("10:05:00"));
    assert_eq!(srv.check_in("2", "Ben").status, 200);
    assert!(srv.check_in("1", "Ann").body.contains("already marked"));
    assert_eq!(
        file(&srv),
        expected_file(&["1,Ann,10:00:00", "2,Ben,10:05:00"]),
        "the new file holds the whole day"
    );
    assert_eq!(
        std::fs::read(&usb).expect("moved copy"),
        expected_file(&["1,Ann,10:00:00"]),
        "the moved copy is left as it was"
    );
    // Even the whole folder deleted.
    std::fs::remove_dir_all(srv.dir()).expect("delete folder");
    assert_eq!(srv.check_in("3", "Cy").status, 200);
    assert_eq!(
        file(&srv),
        expected_file(&["1,Ann,10:00:00", "2,Ben,10:05:00", "3,Cy,10:05:00"])
    );
}

#[test]
fn a_failed_save_is_never_shown_as_present_and_check_ins_resume() {
    if harness::under_launcher() {
        return harness::skip("Windows refuses to delete the folder of a file rollcall holds");
    }
    let srv = Server::builder().clock(&at("10:00:00")).start();
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    // The folder disappears and a file takes its name: nothing can be saved.
    std::fs::remove_dir_all(srv.dir()).expect("delete folder");
    std::fs::write(srv.dir(), "not a folder").expect("block");
    let reply = srv.check_in("2", "Ben");
    assert_eq!(reply.status, 500);
    assert!(
        reply.body.contains("Could not save — tell your teacher"),
        "{}",
        reply.body
    );
    assert!(!reply.body.contains("Present —"));
    assert!(reply.body.contains("value=\"Ben\""), "typed values kept");
    let err = srv.wait_for_stderr("NOT SAVED");
    assert!(err.contains("NOT SAVED: roll 2 Ben"), "{err}");
    // Fixed: the next check-in saves, and the day's file holds everyone.
    std::fs::remove_file(srv.dir()).expect("unblock");
    assert_eq!(srv.check_in("2", "Ben").status, 200);
    assert_eq!(
        file(&srv),
        expected_file(&["1,Ann,10:00:00", "2,Ben,10:00:00"])
    );
}
