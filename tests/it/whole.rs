//! The whole class, not only the phones (issue 30), over real HTTP against
//! the real binary with a class list of 40 and a test clock: marking the
//! rest of the class by hand several at a time (typed "1 2 3, 4,5" or
//! ticked), present, late or excused, as `rollcall report` then reads it;
//! Undo of the whole last action; the heads counted beside the count; the
//! spot check (five called, here, not here taking the row away, Undo
//! bringing it back), what the audit trail, the details file and the
//! register say; the whole class's view without scripts. With network
//! namespaces (root): "not here" names the phone that had marked the roll
//! and what else its machine marked, and the door's flagged rows are
//! called first.

use crate::harness::netns::{netns_or_skip, Netns, Phone};
use crate::harness::{encode, run_in, Server, TempDir};
use serde_json::{json, Value};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

/// Roll `n`'s name on the class list of forty.
fn name(n: usize) -> String {
    let first = [
        "Asha", "Ravi", "Meena", "Arjun", "Divya", "Farhan", "Lakshmi", "Kiran",
    ];
    let last = ["Rao", "Nair", "Iyer", "Khan", "Das"];
    format!(
        "{} {}",
        first[n % first.len()],
        last[(n / first.len()) % last.len()]
    )
}

/// A class list of forty in `dir`: rolls 1 to 40.
fn forty(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("10A.csv");
    let mut csv = String::from("Roll,Name\r\n");
    for n in 1..=40 {
        csv.push_str(&format!("{n},{}\r\n", name(n)));
    }
    fs::write(&path, csv).expect("write the class list");
    path
}

/// The class of forty, its clock at 09:00, late after 10 minutes.
fn class_of_forty(lists: &TempDir, extra: &[&str]) -> Server {
    let mut builder = Server::builder()
        .clock(&at("09:00:00"))
        .arg("--roster")
        .arg(forty(lists))
        .arg("--late-after")
        .arg("10");
    for arg in extra {
        builder = builder.arg(*arg);
    }
    builder.start()
}

/// Rolls `from..=to` check in (on the laptop: rows, as phones' are), on
/// time, a second apart from 09:01.
fn check_in(srv: &Server, from: usize, to: usize) {
    for n in from..=to {
        srv.set_clock(&at(&format!("09:01:{:02}", n % 60)));
        let reply = srv.check_in(&n.to_string(), &name(n));
        assert_eq!(reply.status, 200, "{n}: {}", reply.body);
    }
}

fn rolls(list: &Value) -> Vec<String> {
    (list.as_array().expect("a list").iter())
        .map(|v| {
            v.as_str().map_or_else(
                || v["roll"].as_str().expect("roll").to_string(),
                String::from,
            )
        })
        .collect()
}

/// The status's row of `roll`.
fn row(s: &Value, roll: &str) -> Value {
    (s["marked"].as_array().expect("marked").iter())
        .find(|m| m["roll"] == roll)
        .cloned()
        .unwrap_or(Value::Null)
}

/// `rollcall report` of the day's register (CSV) in `dir` with `list`: its
/// line for each roll, "1,Asha Nair,P,…".
fn register(dir: &Path, list: &Path) -> String {
    let cwd = TempDir::new();
    let out = cwd.path().join("register.csv");
    let args: Vec<OsString> = vec![
        "report".into(),
        "--dir".into(),
        dir.into(),
        "--roster".into(),
        list.into(),
        "--from".into(),
        DAY.into(),
        "--to".into(),
        DAY.into(),
        "--out".into(),
        out.clone().into(),
    ];
    let (code, said, err) = run_in(cwd.path(), &args, Some(&at("16:00:00")));
    assert_eq!((code, err.as_str()), (0, ""), "{said}");
    String::from_utf8(fs::read(out).expect("the register")).expect("UTF-8")
}

/// The day's letter of roll `n` in a register.
fn letter(register: &str, n: usize) -> String {
    let start = format!("\r\n{n},{},", name(n));
    let at = register
        .find(&start)
        .unwrap_or_else(|| panic!("{n}: {register}"));
    register[at + start.len()..]
        .split(',')
        .next()
        .unwrap_or("")
        .to_string()
}

fn details(srv: &Server) -> String {
    let path = srv.dir().join(format!("details/details_{DAY}.csv"));
    fs::read_to_string(path).expect("details")
}

#[test]
fn the_rest_of_the_class_is_marked_by_hand_several_at_once_as_the_teacher_says() {
    let lists = TempDir::new();
    let list = lists.path().join("10A.csv");
    let srv = class_of_forty(&lists, &[]);
    check_in(&srv, 11, 40);
    // Past the late minute: five typed at once, with the list's names.
    srv.set_clock(&at("09:20:00"));
    assert_eq!(
        srv.act("mark", &format!("roll={}", encode("1 2 3, 4,5")))
            .status,
        303
    );
    let s = srv.status();
    for n in 1..=5 {
        let m = row(&s, &n.to_string());
        assert_eq!(m["name"], json!(name(n)), "{n}");
        assert_eq!(
            (m["late"].clone(), m["by_hand"].clone()),
            (json!(false), json!(true)),
            "{n}"
        );
    }
    assert_eq!(s["undo"]["what"], "marked");
    assert_eq!(rolls(&s["undo"]["rolls"]), ["1", "2", "3", "4", "5"]);
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("<span>Marked 5 present: 1 Ravi Rao, 2 Meena Rao, 3 Arjun Rao, 4 Divya Rao, 5 Farhan Rao</span>"), "{page}");
    // Ticked boxes (the field sent twice), late; one excused with a reason.
    assert_eq!(srv.act("mark", "roll=6&roll=7&status=L").status, 303);
    let fields = format!("roll=8&status=E&reason={}", encode("note from home"));
    assert_eq!(srv.act("mark", &fields).status, 303);
    let s = srv.status();
    assert_eq!(row(&s, "6")["late"], true);
    assert_eq!(
        s["excused"],
        json!([{"roll": "8", "name": name(8), "reason": "note from home"}])
    );
    // A list with a roll not on the class list marks the others and says so.
    let (said, _) = srv.act_refused("mark", &format!("roll={}", encode("9, 99")));
    assert_eq!(said, "Not marked: 99 (roll 99 is not on the class list).");
    let (said, _) = srv.act_refused("mark", "roll=10+11&name=Someone");
    assert!(
        said.starts_with("Type one roll with its name, or several"),
        "{said}"
    );
    let (said, _) = srv.act_refused("mark", "roll=10&status=X");
    assert_eq!(said, "Choose Present, Late or Excused.");
    // Undo takes back the last action whole: 9 only.
    assert_eq!(srv.act("mark", "roll=10").status, 303);
    assert_eq!(srv.act("undo", "").status, 303);
    assert_eq!(row(&srv.status(), "10"), Value::Null);
    let undone = format!(
        "09:20:00,teacher,,10,{},mark undone by teacher,\"marked at 09:20:00, by mistake\"",
        name(10)
    );
    assert!(srv.audit(DAY).contains(&undone), "{}", srv.audit(DAY));
    // The day's file stays Roll,Name,Time; the teacher's word is beside it.
    let csv = srv.today_csv().expect("the day's file");
    assert!(csv.starts_with("\u{feff}Roll,Name,Time\r\n"));
    assert!(csv.contains("\r\n1,Ravi Rao,09:20:00\r\n"), "{csv}");
    let said = details(&srv);
    for line in [
        "09:20:00,marked by hand,1,Ravi Rao,on time",
        "09:20:00,marked by hand,6,Lakshmi Rao,late",
        "09:20:00,excused,8,Asha Nair,note from home",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    assert!(srv
        .audit(DAY)
        .contains("09:20:00,teacher,,6,Lakshmi Rao,late by teacher,marked at 09:20:00"));
    let out = srv.wait_for_stdout("marked 7");
    assert!(
        out.contains("Teacher   marked 1 Ravi Rao present by hand   (31 today)"),
        "{out}"
    );
    assert!(
        out.contains("Teacher   marked 7 Kiran Rao present by hand   late   (37 today)"),
        "{out}"
    );
    // The register: a plain hand mark past the late minute is P; L and E
    // as the teacher said; 10 (undone) A; the phones' on-time rows P.
    let register = register(srv.dir(), &list);
    let letters: Vec<String> = (1..=12).map(|n| letter(&register, n)).collect();
    assert_eq!(
        letters,
        ["P", "P", "P", "P", "P", "L", "L", "E", "P", "A", "P", "P"]
    );
}

#[test]
fn the_heads_stand_beside_the_count_and_a_spot_check_calls_five() {
    let lists = TempDir::new();
    let list = lists.path().join("10A.csv");
    let srv = class_of_forty(&lists, &[]);
    check_in(&srv, 11, 40);
    srv.set_clock(&at("09:05:00"));
    assert_eq!(srv.act("mark", "roll=1+2").status, 303);
    // 32 marked, 28 heads: said plainly, the spot check a click away.
    assert_eq!(srv.status()["heads"], Value::Null);
    assert_eq!(srv.act("heads", "count=28").status, 303);
    let s = srv.status();
    assert_eq!(
        (s["heads"].clone(), s["present"].clone()),
        (json!(28), json!(32))
    );
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains("<p class=\"heads\" id=\"heads\">28 heads in the room</p>"),
        "{page}"
    );
    assert!(
        page.contains("<span>32 marked, but 28 in the room: 4 more marked than are here.</span>"),
        "{page}"
    );
    assert!(page.contains("<input type=\"hidden\" name=\"count\" value=\"5\"><button type=\"submit\">Check 5 at random</button>"), "{page}");
    assert!(srv
        .audit(DAY)
        .contains("changed by teacher,counted 28 heads in the room (32 marked)"));
    // Five called, each marked by a phone (not the two marked by hand).
    assert_eq!(srv.act("spot-check", "count=5").status, 303);
    let called = rolls(&srv.status()["spot_check"]);
    assert_eq!(called.len(), 5, "{called:?}");
    let mut distinct = called.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5);
    for roll in &called {
        let n: usize = roll.parse().expect("a roll");
        assert!((11..=40).contains(&n), "{roll} was not marked by a phone");
    }
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("<h2 id=\"spot-h\">Stand up:</h2>"), "{page}");
    assert!(page.contains(&format!(
        "<span class=\"roll\">{}</span> {}",
        called[0],
        name(called[0].parse().expect("roll"))
    )));
    // Here: called no more.
    srv.set_clock(&at("09:06:00"));
    assert_eq!(srv.act("here", &format!("roll={}", called[0])).status, 303);
    assert_eq!(rolls(&srv.status()["spot_check"]), called[1..]);
    assert!(srv.audit(DAY).contains(&format!(
        "09:06:00,teacher,,{},{},here by teacher,",
        called[0],
        name(called[0].parse().expect("roll"))
    )));
    not_here_takes_the_row_away_and_undo_brings_it_back(&srv, &list, &called[1]);
    assert_eq!(srv.act("spot-stop", "").status, 303);
    assert_eq!(srv.status()["spot_check"], json!([]));
    assert!(!srv.teacher_get("/teacher").body.contains("Stand up:"));
    // Nonsense is said so and changes nothing.
    let (said, _) = srv.act_refused("spot-check", "count=0");
    assert_eq!(said, "Check at random: type how many, from 1 to 20.");
    let (said, _) = srv.act_refused("heads", "count=many");
    assert!(said.starts_with("Heads: type how many"), "{said}");
    assert_eq!(srv.status()["heads"], 28);
    let (said, _) = srv.act_refused("here", "roll=12");
    assert_eq!(said, "Roll 12 is not being called.");
}

/// Not here: the row leaves the file and the count, the audit says "not
/// here", the details file too, the register says A; Undo brings the very
/// row back (the file byte for byte) and the register says P again.
fn not_here_takes_the_row_away_and_undo_brings_it_back(srv: &Server, list: &Path, roll: &str) {
    let n: usize = roll.parse().expect("a roll");
    let before = srv.today_csv().expect("the day's file");
    assert_eq!(srv.act("not-here", &format!("roll={roll}")).status, 303);
    let s = srv.status();
    assert_eq!(s["present"], 31);
    assert_eq!(row(&s, roll), Value::Null);
    assert_eq!(rolls(&s["not_here"]), [roll]);
    assert_eq!(s["undo"]["what"], "not here");
    assert!(!rolls(&s["spot_check"]).contains(&roll.to_string()));
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains(&format!("{roll} {} is off today&#39;s register.", name(n))),
        "{page}"
    );
    assert!(page.contains("marked at 09:01:"), "{page}");
    let trail = srv.audit(DAY);
    assert!(
        trail.contains(&format!(
            "09:06:00,teacher,,{roll},{},not here by teacher,marked at 09:01:",
            name(n)
        )),
        "{trail}"
    );
    assert!(details(srv).contains(&format!(
        "09:06:00,not here,{roll},{},spot check; marked at 09:01:",
        name(n)
    )));
    assert!(!srv
        .today_csv()
        .expect("the day's file")
        .contains(&format!("\r\n{roll},")));
    let folder = srv.dir().to_path_buf();
    assert_eq!(letter(&register(&folder, list), n), "A");
    // Undo: back where it was, as it was.
    srv.set_clock(&at("09:06:30"));
    assert_eq!(srv.act("undo", "").status, 303);
    assert_eq!(srv.today_csv().expect("the day's file"), before);
    let s = srv.status();
    assert_eq!(
        (s["present"].clone(), s["not_here"].clone()),
        (json!(32), json!([]))
    );
    assert!(srv.audit(DAY).contains(&format!(
        "09:06:30,teacher,,{roll},{},not here undone by teacher,",
        name(n)
    )));
    assert_eq!(letter(&register(&folder, list), n), "P");
}

#[test]
fn the_whole_class_view_works_without_scripts() {
    let lists = TempDir::new();
    let srv = class_of_forty(&lists, &[]);
    check_in(&srv, 11, 12);
    let page = srv.teacher_get("/teacher").body;
    // Closed, the page reloads itself every five seconds as before.
    assert!(
        page.contains("<details class=\"whole\" id=\"class-box\"><summary>"),
        "{page}"
    );
    assert!(page.contains("<meta http-equiv=\"refresh\" content=\"5\">"));
    assert!(
        page.contains("<span id=\"class-said\">2 of 40 marked · 38 to mark</span>"),
        "{page}"
    );
    // Every student: a box to tick for those not marked, a tick for those
    // marked, in the list's order.
    assert_eq!(
        page.matches("<input type=\"checkbox\" name=\"roll\"")
            .count(),
        38
    );
    assert!(page.contains("<li class=\"todo\"><label><input type=\"checkbox\" name=\"roll\" value=\"1\"><span class=\"roll\">1</span> <span class=\"name\" title=\"Ravi Rao\">Ravi Rao</span></label></li>"), "{page}");
    let eleven = format!("<li class=\"came\"><span class=\"tick\" aria-hidden=\"true\">✓</span><span class=\"roll\">11</span> <span class=\"name\" title=\"{0}\">{0}</span><span class=\"tag\">09:01</span></li>", name(11));
    assert!(page.contains(&eleven), "{page}");
    let first = page.find("value=\"1\">").expect("1");
    assert!(first < page.find("value=\"40\">").expect("40"));
    // A form of the view answers back to it, open, and without the reload
    // that would untick the boxes.
    let secret = srv.secret();
    let reply = srv.teacher_post(
        "/teacher/mark",
        &format!("secret={secret}&view=class&roll=&roll=1&roll=2&status=P"),
    );
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("Location"), Some("/teacher?class=show"));
    let page = srv.teacher_get("/teacher?class=show").body;
    assert!(
        page.contains("<details class=\"whole\" id=\"class-box\" open>"),
        "{page}"
    );
    assert!(!page.contains("http-equiv=\"refresh\""));
    assert!(page.contains("<span class=\"tag\">by hand</span>"));
    assert_eq!(rolls(&srv.status()["undo"]["rolls"]), ["1", "2"]);
    // The page's script asks this before a button's form goes.
    assert_eq!(
        srv.teacher_get("/teacher/ping").body,
        srv.status()["run"].as_str().expect("run")
    );
    // The words for when rollcall stops answering are in the page, hidden.
    assert!(page.contains("<section class=\"down\" id=\"down\" role=\"alert\" aria-labelledby=\"down-h\" hidden>\n<h2 id=\"down-h\">rollcall is not answering: is its window still open?</h2>"));
}

#[test]
fn without_a_class_list_one_roll_at_a_time_and_the_checks_still_work() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    let (said, _) = srv.act_refused("mark", "roll=1+2");
    assert_eq!(said, "Not marked: 1 (type its name: there is no class list), 2 (type its name: there is no class list).");
    assert_eq!(srv.act("mark", "roll=1&name=Asha").status, 303);
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains("<span class=\"whole-h\">Human checks</span>"),
        "{page}"
    );
    assert!(!page.contains("id=\"roster\""));
    // Only a row marked by hand: nobody for a spot check to call.
    let (said, _) = srv.act_refused("spot-check", "count=3");
    assert_eq!(
        said,
        "Nobody is marked by a phone yet: there is nobody to check."
    );
    assert_eq!(srv.check_in("2", "Ravi").status, 200);
    assert_eq!(srv.act("spot-check", "count=3").status, 303);
    assert_eq!(srv.status()["spot_check"], json!(["2"]));
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains("Only 1 marked by phones could be called."),
        "{page}"
    );
}

/// A phone of the namespace, with a cookie jar of its own (`name`): it
/// opens the form, then sends it, as a phone does.
fn phone_checks_in(ns: &Netns, srv: &Server, jars: &TempDir, jar: &str, roll: &str, name: &str) {
    let phone = Phone::new(ns, ns.phone_ip, srv, jars, jar);
    let (status, body) = phone.check_in(roll, name, "");
    assert_eq!(status, 200, "{roll}: {body}");
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn not_here_names_the_phone_and_what_else_its_machine_marked() {
    let ns = match netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    let lists = TempDir::new();
    let srv = class_of_forty(&lists, &["--bind", "0.0.0.0"]);
    let jars = TempDir::new();
    // One machine: a phone marks 12, then a private tab (no cookie) 13.
    phone_checks_in(&ns, &srv, &jars, "a", "12", &name(12));
    srv.set_clock(&at("09:02:00"));
    phone_checks_in(&ns, &srv, &jars, "b", "13", &name(13));
    // Three more on the laptop itself (a kiosk): not flagged.
    check_in(&srv, 20, 22);
    // The door flagged 12 and 13 ("same address"): they are called first.
    assert_eq!(srv.act("spot-check", "count=2").status, 303);
    let mut called = rolls(&srv.status()["spot_check"]);
    called.sort();
    assert_eq!(called, ["12", "13"]);
    assert_eq!(srv.act("not-here", "roll=12").status, 303);
    let (said, _) = {
        let page = srv.teacher_get("/teacher").body;
        let start = page
            .find("<p class=\"notice\" role=\"alert\">")
            .expect("the words");
        (
            page[start..].split("</p>").next().unwrap_or("").to_string(),
            page,
        )
    };
    let phone = ns.phone_ip.to_string();
    for words in [
        format!("12 {} is off today&#39;s register.", name(12)),
        format!("The phone at {phone} (cookie "),
        "marked roll 12 at 09:00:00; it marked no other roll today.".to_string(),
        format!(
            "Its machine also marked 13 {} under another cookie.",
            name(13)
        ),
    ] {
        assert!(said.contains(&words), "{words}\n{said}");
    }
    let trail = srv.audit(DAY);
    let line = trail
        .lines()
        .find(|l| l.contains("not here by teacher"))
        .expect("the audit line");
    assert!(
        line.contains(&format!("marked at 09:00:00 from {phone} device ")),
        "{line}"
    );
    assert!(line.contains("its machine also: 13"), "{line}");
}

#[test]
fn a_spot_check_picks_at_random() {
    // Two checks of 5 of 30 call the same five once in 142,506 times; ten
    // checks all alike would mean no randomness at all.
    let lists = TempDir::new();
    let srv = class_of_forty(&lists, &[]);
    check_in(&srv, 11, 40);
    let mut seen: Vec<Vec<String>> = Vec::new();
    for _ in 0..10 {
        assert_eq!(srv.act("spot-check", "count=5").status, 303);
        let mut called = rolls(&srv.status()["spot_check"]);
        called.sort();
        seen.push(called);
    }
    seen.dedup();
    assert!(seen.len() > 1, "ten checks called the same five: {seen:?}");
}
