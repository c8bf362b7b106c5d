//! Excused absences over real HTTP against the real binary, its clock
//! injected: Excused beside Mark present for each student not here, a
//! reason kept (defused in the file, escaped on the screen), Undo, an
//! excused student who turns up being simply present, the audit and
//! terminal lines, the details file byte for byte, and `rollcall report`
//! on the files of three real days showing P, L, E and A with the Late
//! count and the percentages (an excused day leaves the student's Days).

use crate::harness::{class_list, encode, run_in, Server, TempDir};
use serde_json::{json, Value};
use std::ffi::OsString;
use std::fs;
use std::path::Path;

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

fn details(dir: &Path, day: &str) -> String {
    let bytes = fs::read(dir.join(format!("details/details_{day}.csv"))).expect("details");
    String::from_utf8(bytes).expect("UTF-8")
}

fn rolls(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|s| s["roll"].as_str().expect("roll"))
        .collect()
}

fn excuse(srv: &Server, roll: &str, reason: &str) {
    let fields = format!("roll={roll}&reason={}", encode(reason));
    assert_eq!(srv.act("excuse", &fields).status, 303);
}

#[test]
fn a_student_not_here_is_excused_with_a_reason_and_undo_takes_it_back() {
    let lists = TempDir::new();
    let srv = Server::with_class_list(&lists, &at("10:00:00"));
    assert_eq!(srv.check_in("13", "Rahul Kumar").status, 200);
    // Excused beside Mark present, for those not here only.
    let page = srv.teacher_get("/teacher").body;
    assert_eq!(page.matches("action=\"/teacher/excuse\"").count(), 3);
    assert!(page.contains("aria-label=\"Excused: roll 14 अनीता\">Excused</button>"));
    assert!(page.contains("aria-label=\"Reason, roll 14 अनीता (optional)\""));
    assert!(!page.contains("Excused: roll 13"));

    srv.set_clock(&at("10:01:00"));
    excuse(&srv, "14", "note from home");
    let s = srv.status();
    assert_eq!(rolls(&s["absent"]), ["12", "15"]);
    assert_eq!(
        s["excused"],
        json!([{"roll": "14", "name": "अनीता", "reason": "note from home"}])
    );
    assert_eq!(
        s["undo"],
        json!({"roll": "14", "name": "अनीता", "what": "excused", "rolls": ["14"]})
    );
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("<span>Excused 14 अनीता</span>"), "{page}");
    assert!(page.contains("<span id=\"absent-said\">2 not here yet, 1 excused</span>"));
    assert!(page.contains(
        "<li class=\"excused\"><span class=\"roll\">14</span><span class=\"name\" title=\"अनीता\">अनीता</span><span class=\"tag\">excused</span><span class=\"reason\" title=\"note from home\">note from home</span>"
    ));
    assert!(srv
        .wait_for_stdout("excused 14")
        .contains("10:01:00  Teacher   excused 14 अनीता (note from home)"));

    // Undo, within its two minutes: 14 is not here again.
    srv.set_clock(&at("10:01:30"));
    assert_eq!(srv.act("undo", "").status, 303);
    let s = srv.status();
    assert_eq!(rolls(&s["absent"]), ["12", "14", "15"]);
    assert_eq!(s["excused"], json!([]));
    assert_eq!(s["undo"], Value::Null);
    assert!(srv
        .wait_for_stdout("undid")
        .contains("10:01:30  Teacher   undid the excuse of 14 अनीता"));

    // A reason is the teacher's text: one line in the file, defused there,
    // escaped on the screen.
    srv.set_clock(&at("10:02:00"));
    excuse(&srv, "15", "  =1+2 <b>trip</b>\r\nday two ");
    let reason = "=1+2 <b>trip</b>  day two";
    assert_eq!(srv.status()["excused"][0]["reason"], reason);
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("title=\"=1+2 &lt;b&gt;trip&lt;/b&gt;  day two\""));
    assert!(!page.contains("<b>trip"));
    // Undo is offered for two minutes only.
    srv.set_clock(&at("10:04:00"));
    assert_eq!(srv.status()["undo"], Value::Null);

    let trail = srv.audit(DAY);
    for line in [
        "10:01:00,teacher,,14,अनीता,excused by teacher,note from home",
        "10:01:30,teacher,,14,अनीता,excuse undone by teacher,\"excused at 10:01:00, by mistake\"",
        "10:02:00,teacher,,15,Priya Nair,excused by teacher,'=1+2 <b>trip</b>  day two",
    ] {
        assert!(trail.contains(line), "{line}\n{trail}");
    }
    assert_eq!(
        details(srv.dir(), DAY),
        "\u{feff}Time,Event,Roll,Name,Detail\r\n\
         10:00:00,opened,,,\r\n\
         10:01:00,excused,14,अनीता,note from home\r\n\
         10:01:30,excuse undone,14,अनीता,\r\n\
         10:02:00,excused,15,Priya Nair,'=1+2 <b>trip</b>  day two\r\n"
    );
}

#[test]
fn an_excused_student_who_turns_up_is_simply_present() {
    let lists = TempDir::new();
    let srv = Server::with_class_list(&lists, &at("10:00:00"));
    excuse(&srv, "12", "school trip");
    excuse(&srv, "15", "");
    assert_eq!(rolls(&srv.status()["excused"]), ["12", "15"]);
    // The trip was cancelled: 12 checks in from the phone.
    srv.set_clock(&at("10:20:00"));
    let reply = srv.check_in("12", "Udbhav Singh");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("Present"), "{}", reply.body);
    // 15 arrives without a phone: Mark present, beside the excused name.
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("aria-label=\"Mark present: roll 15 Priya Nair\""));
    assert_eq!(srv.act("mark", "roll=15").status, 303);
    let s = srv.status();
    assert_eq!(rolls(&s["marked"]), ["15", "12"]);
    assert_eq!(s["excused"], json!([]));
    assert_eq!(rolls(&s["absent"]), ["13", "14"]);
    // Someone marked cannot be excused; nor a roll not on the list.
    let (said, _) = srv.act_refused("excuse", "roll=12&reason=x");
    assert_eq!(
        said,
        "Roll 12 was marked present at 10:20:00: there is nothing to excuse."
    );
    let (said, _) = srv.act_refused("excuse", "roll=99");
    assert_eq!(said, "Roll 99 is not on the class list.");
    // Without the page's secret: nothing.
    let refused = srv.teacher_post("/teacher/excuse", "secret=nope&roll=13");
    assert_eq!(refused.status, 403);
    assert_eq!(rolls(&srv.status()["absent"]), ["13", "14"]);
}

#[test]
fn without_a_class_list_nobody_is_offered_an_excuse() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    let page = srv.teacher_get("/teacher").body;
    assert!(!page.contains("/teacher/excuse"), "{page}");
    let (said, _) = srv.act_refused("excuse", "roll=12");
    assert_eq!(said, "Roll 12 is not on the class list.");
    assert_eq!(srv.status()["excused"], json!([]));
}

/// Starts the class of `day` at 09:00 in `folder`, with `args`.
fn class_day(folder: &Path, list: &OsString, day: &str, args: &[&str]) -> Server {
    let mut builder = Server::builder()
        .dir(folder)
        .clock(&format!("{day} 09:00:00"))
        .arg("--roster")
        .arg(list);
    for arg in args {
        builder = builder.arg(*arg);
    }
    builder.start()
}

fn check_in_at(srv: &Server, when: &str, roll: &str, name: &str) {
    srv.set_clock(when);
    assert_eq!(srv.check_in(roll, name).status, 200, "{roll} at {when}");
}

#[test]
fn the_register_shows_present_late_excused_and_absent() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    let list = class_list(&temp);
    let late = ["--late-after", "10"];
    // Monday: on time, late, excused, absent.
    let srv = class_day(&folder, &list, "2026-02-09", &late);
    check_in_at(&srv, "2026-02-09 09:05:00", "12", "Udbhav Singh");
    check_in_at(&srv, "2026-02-09 09:15:00", "13", "Rahul Kumar");
    excuse(&srv, "14", "note from home");
    drop(srv);
    // Tuesday: 13 excused, then comes late anyway (late wins).
    let srv = class_day(&folder, &list, "2026-02-10", &late);
    excuse(&srv, "13", "school trip");
    excuse(&srv, "15", "");
    check_in_at(&srv, "2026-02-10 09:02:00", "14", "अनीता");
    check_in_at(&srv, "2026-02-10 09:12:00", "12", "Udbhav Singh");
    check_in_at(&srv, "2026-02-10 09:30:00", "13", "Rahul Kumar");
    drop(srv);
    // Wednesday, no late rule: nobody is late.
    let srv = class_day(&folder, &list, "2026-02-11", &[]);
    excuse(&srv, "14", "ill");
    check_in_at(&srv, "2026-02-11 09:00:00", "15", "Priya Nair");
    check_in_at(&srv, "2026-02-11 09:30:00", "12", "Udbhav Singh");
    // The teacher's screen downloads the same register.
    let download = srv.teacher_get("/teacher/register.csv").body;
    drop(srv);

    let args: Vec<OsString> = vec!["report".into(), "--roster".into(), list.clone()];
    let (code, out, err) = run_in(temp.path(), &args, Some("2026-02-28 16:00:00"));
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let register = fs::read(folder.join("register_2026-02-01_to_2026-02-28.csv")).expect("written");
    let expected =
        "\u{feff}Roll,Name,2026-02-09,2026-02-10,2026-02-11,Present,Late,Days,Percent\r\n\
        12,Udbhav Singh,P,L,P,3,1,3,100\r\n\
        13,Rahul Kumar,L,L,A,2,2,3,66.7\r\n\
        14,अनीता,E,P,E,1,0,1,100\r\n\
        15,Priya Nair,A,E,P,1,0,2,50\r\n";
    assert_eq!(String::from_utf8(register).expect("UTF-8"), expected);
    assert!(
        out.contains(
            "Below 75%: 2 student(s)\n  15  Priya Nair   1 of 2 days, 50%\n  13  Rahul Kumar  2 of 3 days, 66.7%\n"
        ),
        "{out}"
    );
    // (Built on Wednesday, it ends there too.)
    assert!(download.starts_with(
        "\u{feff}Roll,Name,2026-02-09,2026-02-10,2026-02-11,Present,Late,Days,Percent\r\n"
    ));
    assert!(
        download.contains("\r\n15,Priya Nair,A,E,P,1,0,2,50\r\n"),
        "{download}"
    );
    // The day files stay Roll,Name,Time; the details are beside them.
    assert!(details(&folder, "2026-02-10")
        .contains("\r\n09:00:00,excused,13,Rahul Kumar,school trip\r\n"));
}
