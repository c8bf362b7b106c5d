//! Late arrivals over real HTTP against the real binary, its clock
//! injected: `--late-after`, the rule changed from the teacher's screen,
//! what the screen, the status, the terminal and the audit trail say, a
//! restart that keeps the day's first opening (a crash must not make the
//! late on time), and the details file beside the day's file byte for byte.
//! The day's file itself stays exactly `Roll,Name,Time`.

use crate::harness::{self, expected_file, Server, TempDir};
use serde_json::{json, Value};
use std::fs;
use std::path::Path;

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

/// The day's details file, as bytes.
fn details(dir: &Path) -> Vec<u8> {
    fs::read(dir.join(format!("details/details_{DAY}.csv"))).expect("the details file")
}

/// The exact bytes of a details file holding `lines`.
fn details_file(lines: &[&str]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBFTime,Event,Roll,Name,Detail\r\n".to_vec();
    for line in lines {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Roll and late of each marked row in the status, newest first.
fn lateness(status: &Value) -> Vec<(String, bool)> {
    status["marked"]
        .as_array()
        .expect("marked")
        .iter()
        .map(|m| {
            let roll = m["roll"].as_str().expect("roll").to_string();
            (roll, m["late"].as_bool().expect("late"))
        })
        .collect()
}

fn check_in_at(srv: &Server, time: &str, roll: &str, name: &str) {
    srv.set_clock(&at(time));
    let reply = srv.check_in(roll, name);
    assert_eq!(reply.status, 200, "{roll}: {}", reply.body);
}

#[test]
fn more_than_n_minutes_after_opening_is_late_and_said_so() {
    let srv = Server::builder()
        .clock(&at("09:00:00"))
        .arg("--late-after")
        .arg("10")
        .start();
    check_in_at(&srv, "09:05:00", "12", "Udbhav");
    // Exactly ten minutes is on time; a second more is late.
    check_in_at(&srv, "09:10:00", "13", "Rahul");
    check_in_at(&srv, "09:10:01", "14", "Asha");
    let s = srv.status();
    assert_eq!(s["opened"], "09:00:00");
    assert_eq!(s["late_after"], 10);
    assert_eq!(s["late"], 1);
    assert_eq!(s["present"], 3);
    let late = lateness(&s);
    assert_eq!(
        late,
        [
            ("14".into(), true),
            ("13".into(), false),
            ("12".into(), false)
        ]
    );
    // The screen: the late row marked, the rule above the list.
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains(
            "<span class=\"name\" title=\"Asha\">Asha</span><span class=\"late\">late</span>"
        ),
        "{page}"
    );
    assert_eq!(page.matches("<span class=\"late\">late</span>").count(), 1);
    assert!(page.contains("Late after 09:10:00 · <span id=\"late-count\">1</span> late"));
    assert!(page.contains("Late: more than 10 minutes after, so after 09:10:00."));
    // The terminal line says late; the on-time ones do not.
    let out = srv.wait_for_stdout("Asha");
    assert!(
        out.contains("  09:10:01  Present   14       Asha   late   (3 today)"),
        "{out}"
    );
    assert!(
        out.contains("  09:10:00  Present   13       Rahul   (2 today)"),
        "{out}"
    );
    // A student marked by hand (a dead phone) is on time, whatever the
    // rule, unless the teacher says late.
    srv.set_clock(&at("09:30:00"));
    assert_eq!(srv.act("mark", "roll=15&name=Priya").status, 303);
    assert!(srv
        .wait_for_stdout("Priya")
        .contains("Teacher   marked 15 Priya present by hand   (4 today)"));
    assert_eq!(lateness(&srv.status())[0], ("15".into(), false));
    // The day's file is as ever; the opening and the rule are beside it.
    assert_eq!(
        srv.csv(DAY).expect("day file"),
        expected_file(&[
            "12,Udbhav,09:05:00",
            "13,Rahul,09:10:00",
            "14,Asha,09:10:01",
            "15,Priya,09:30:00"
        ])
    );
    assert_eq!(
        details(srv.dir()),
        details_file(&[
            "09:00:00,opened,,,",
            "09:00:00,late after,,,10",
            "09:30:00,marked by hand,15,Priya,on time"
        ])
    );
}

#[test]
fn without_a_rule_nobody_is_late() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    check_in_at(&srv, "11:00:00", "12", "Udbhav");
    let s = srv.status();
    assert_eq!(
        (s["late_after"].clone(), s["late"].clone()),
        (json!(null), json!(0))
    );
    assert_eq!(lateness(&s), [("12".into(), false)]);
    let page = srv.teacher_get("/teacher").body;
    assert!(!page.contains("class=\"late\""), "{page}");
    assert!(page.contains("No late rule: nobody is marked late."));
    assert!(page.contains(
        "<input type=\"hidden\" name=\"minutes\" value=\"none\"><button type=\"submit\" aria-pressed=\"true\">No late rule</button>"
    ));
    assert_eq!(details(srv.dir()), details_file(&["09:00:00,opened,,,"]));
}

#[test]
fn the_teacher_sets_changes_and_lifts_the_rule_from_the_screen() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    check_in_at(&srv, "09:02:00", "12", "Udbhav");
    check_in_at(&srv, "09:20:00", "13", "Rahul");
    assert_eq!(srv.status()["late"], 0);
    // Set: the rule counts from the opening, for rows already saved too.
    srv.set_clock(&at("09:21:00"));
    assert_eq!(srv.act("late", "minutes=15").status, 303);
    let s = srv.status();
    assert_eq!(s["late_after"], 15);
    assert_eq!(lateness(&s), [("13".into(), true), ("12".into(), false)]);
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("name=\"minutes\" type=\"number\""), "{page}");
    assert!(page.contains("required value=\"15\">"), "{page}");
    // Changed: a longer rule makes 13 on time; typed in Devanagari digits.
    srv.set_clock(&at("09:22:00"));
    assert_eq!(srv.act("late", "minutes=%E0%A5%A8%E0%A5%A6").status, 303);
    assert_eq!(srv.status()["late_after"], 20);
    assert_eq!(srv.status()["late"], 0);
    // Mistakes say what the field takes and change nothing.
    for typed in ["0", "1441", "ten", ""] {
        let (said, _) = srv.act_refused("late", &format!("minutes={typed}"));
        assert!(
            said.contains("type a number of minutes from 1 to 1440"),
            "{typed}: {said}"
        );
    }
    assert_eq!(srv.status()["late_after"], 20);
    // Without the page's secret: nothing.
    let refused = srv.teacher_post("/teacher/late", "secret=nope&minutes=1");
    assert_eq!(refused.status, 403);
    assert_eq!(srv.status()["late_after"], 20);
    // Lifted: nobody is late.
    srv.set_clock(&at("09:23:00"));
    assert_eq!(srv.act("late", "minutes=none").status, 303);
    assert_eq!(srv.status()["late_after"], Value::Null);
    // Each change is one audit line and one terminal line, the teacher's.
    let trail = srv.audit(DAY);
    for line in [
        "09:21:00,teacher,,,,changed by teacher,late after 15 minutes\r\n",
        "09:22:00,teacher,,,,changed by teacher,late after 20 minutes\r\n",
        "09:23:00,teacher,,,,changed by teacher,no late rule: nobody is late",
    ] {
        assert!(trail.contains(line), "{line}\n{trail}");
    }
    let out = srv.wait_for_stdout("no late rule");
    assert!(
        out.contains("09:21:00  Teacher   late after 15 minutes\n"),
        "{out}"
    );
    assert_eq!(
        details(srv.dir()),
        details_file(&[
            "09:00:00,opened,,,",
            "09:21:00,late after,,,15",
            "09:22:00,late after,,,20",
            "09:23:00,no late rule,,,",
        ])
    );
}

#[test]
fn a_restart_the_same_day_keeps_the_first_opening_and_the_rule() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    let mut srv = Server::builder()
        .dir(&folder)
        .clock(&at("09:00:00"))
        .arg("--late-after")
        .arg("10")
        .start();
    check_in_at(&srv, "09:05:00", "12", "Udbhav");
    // The laptop crashes mid-write of a details line...
    srv.kill();
    drop(srv);
    let path = folder.join(format!("details/details_{DAY}.csv"));
    let mut torn = details(&folder);
    torn.extend_from_slice(b"09:29:59,late af");
    fs::write(&path, torn).expect("tear the last line");
    // ...and rollcall is started again at 09:30, without --late-after.
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("09:30:00"))
        .start();
    let s = srv.status();
    assert_eq!(s["opened"], "09:00:00", "the crash did not reopen the day");
    assert_eq!(s["late_after"], 10, "the day's rule stays");
    check_in_at(&srv, "09:30:05", "13", "Rahul");
    assert_eq!(
        lateness(&srv.status()),
        [("13".into(), true), ("12".into(), false)]
    );
    // The next line written sets the torn one aside, whole lines only.
    srv.set_clock(&at("09:31:00"));
    assert_eq!(srv.act("late", "minutes=45").status, 303);
    assert_eq!(
        details(&folder),
        details_file(&[
            "09:00:00,opened,,,",
            "09:00:00,late after,,,10",
            "09:31:00,late after,,,45",
        ])
    );
    assert_eq!(
        fs::read(folder.join(format!("details/details_{DAY}.torn.txt"))).expect("torn"),
        b"09:29:59,late af\r\n"
    );
    drop(srv);
    // Again with --late-after 10: the command line's rule is the day's now.
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("09:40:00"))
        .arg("--late-after")
        .arg("10")
        .start();
    assert_eq!(srv.status()["opened"], "09:00:00");
    assert_eq!(srv.status()["late_after"], 10);
    assert!(details(&folder).ends_with(b"09:31:00,late after,,,45\r\n09:40:00,late after,,,10\r\n"));
}

#[test]
fn a_day_begun_before_the_details_file_opened_with_its_first_row() {
    // A day's file from an older rollcall (or whose details file was lost):
    // the day opened no later than its first check-in.
    let (_temp, folder) =
        harness::folder_with_day_file(DAY, &expected_file(&["12,Udbhav,08:55:00"]));
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("09:30:00"))
        .arg("--late-after")
        .arg("10")
        .start();
    assert_eq!(srv.status()["opened"], "08:55:00");
    check_in_at(&srv, "09:30:10", "13", "Rahul");
    assert_eq!(srv.status()["late"], 1);
    assert_eq!(
        details(&folder),
        details_file(&["08:55:00,opened,,,", "09:30:00,late after,,,10"])
    );
}

#[test]
fn past_midnight_the_new_day_opens_with_the_sessions_rule() {
    let srv = Server::builder()
        .clock(&at("23:50:00"))
        .arg("--late-after")
        .arg("5")
        .start();
    srv.set_clock("2026-02-11 00:00:10");
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    let next = fs::read(srv.dir().join("details/details_2026-02-11.csv")).expect("next day");
    assert_eq!(
        next,
        details_file(&["00:00:10,opened,,,", "00:00:10,late after,,,5"])
    );
    assert_eq!(srv.status()["late"], 0);
}
