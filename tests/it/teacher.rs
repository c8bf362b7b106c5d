//! The teacher's screen and the session over real HTTP against the real
//! binary: who may see it, the status JSON, the live parts its script
//! polls, the code (rotating, fixed, none), the window, the teacher's
//! actions and what they do to the file.

use crate::harness::{self, expected_file, Server};
use serde_json::Value;

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

fn file(srv: &Server) -> Vec<u8> {
    srv.csv(DAY).expect("today's file exists")
}

/// A four-digit code that is none of `taken`.
fn other_code(taken: &[&str]) -> String {
    (0..10_000)
        .map(|n| format!("{n:04}"))
        .find(|c| !taken.contains(&c.as_str()))
        .expect("some code is free")
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn the_page_and_its_json_are_refused_to_a_foreign_host() {
    let srv = Server::builder().clock(&at("09:00:00")).start();
    for path in [
        "/teacher",
        "/teacher/status.json",
        "/teacher/parts.json",
        "/teacher/ping",
        "/teacher/qr.svg",
        "/teacher/app.js",
        "/teacher/files/attendance_2026-02-10.csv",
    ] {
        // The harness's plain `get` sends `Host: t`, as a page that rebound
        // its own name to 127.0.0.1 would send its name.
        for host in ["t", "evil.example:8000", "localhost.evil.example"] {
            let reply = srv.send(
                format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
            assert_eq!(reply.status, 403, "{path} with Host {host}");
            assert!(!reply.body.contains("attendance_2026"), "{}", reply.body);
        }
        let reply = srv.send(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes());
        assert_eq!(reply.status, 403, "{path} without Host");
    }
    for host in [format!("127.0.0.1:{}", srv.port), "localhost".to_string()] {
        let reply = srv.send(
            format!("GET /teacher HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(reply.status, 200, "Host {host}");
    }
}

#[test]
fn status_json_tells_the_state_of_the_class() {
    let srv = Server::builder()
        .codes()
        .clock(&at("09:00:00"))
        .arg("--minutes")
        .arg("45")
        .start();
    let s = srv.status();
    assert_eq!(s["open"], true);
    let code = s["code"].as_str().expect("a code").to_string();
    assert_eq!(code.len(), 4);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(s["code_expires_in"], 30);
    assert_eq!(s["closes_in"], 45 * 60);
    assert_eq!(s["present"], 0);
    assert_eq!(s["marked"], serde_json::json!([]));
    assert!(s["join"]
        .as_str()
        .expect("join link")
        .ends_with(&format!("/?code={code}")));

    srv.set_clock(&at("09:00:10"));
    assert_eq!(srv.check_in_with_code("12", "Udbhav", &code).status, 200);
    srv.set_clock(&at("09:00:12"));
    assert_eq!(srv.check_in_with_code("7", "अनीता", &code).status, 200);
    let s = srv.status();
    assert_eq!(s["present"], 2);
    assert_eq!(s["code_expires_in"], 18);
    assert_eq!(s["closes_in"], 45 * 60 - 12);
    // Newest first.
    assert_eq!(
        s["marked"],
        serde_json::json!([
            {"roll": "7", "name": "अनीता", "time": "09:00:12", "late": false, "by_hand": false, "flags": []},
            {"roll": "12", "name": "Udbhav", "time": "09:00:10", "late": false, "by_hand": false, "flags": []},
        ])
    );
}

#[test]
fn the_code_on_the_screen_is_needed_and_the_last_one_has_grace() {
    let srv = Server::builder().codes().clock(&at("10:00:00")).start();
    the_form_asks_for_the_code(&srv);
    let first = srv.code();
    no_code_and_a_wrong_code_are_refused(&srv, &first);
    assert_eq!(srv.check_in_with_code("1", "Ann", &first).status, 200);
    the_last_code_has_grace_then_expires(&srv, &first);
}

/// The form asks for the code, with a numeric keyboard; a scanned QR link
/// fills it in.
fn the_form_asks_for_the_code(srv: &Server) {
    let form = srv.get("/");
    assert!(form.body.contains("name=\"code\""));
    assert!(form.body.contains("inputmode=\"numeric\""));
    let scanned = srv.get("/?code=4821");
    assert!(scanned.body.contains("value=\"4821\""), "{}", scanned.body);
}

/// No code, a wrong code: refused, roll and name kept, nothing written.
fn no_code_and_a_wrong_code_are_refused(srv: &Server, first: &str) {
    let reply = srv.check_in("1", "Ann");
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("Please type the code"),
        "{}",
        reply.body
    );
    let wrong = other_code(&[first]);
    let reply = srv.check_in_with_code("1", "Ann", &wrong);
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("That code is not right"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("value=\"1\""));
    assert!(reply.body.contains("value=\"Ann\""));
    assert_eq!(file(srv), expected_file(&[]));
}

/// Thirty seconds on, a new code, and the old one still works for a slow
/// typist; another interval on, the first has expired and the student is
/// told so.
fn the_last_code_has_grace_then_expires(srv: &Server, first: &str) {
    srv.set_clock(&at("10:00:31"));
    let second = srv.code();
    assert_ne!(second, first);
    assert_eq!(srv.status()["code_expires_in"], 29);
    assert_eq!(srv.check_in_with_code("2", "Ben", first).status, 200);
    assert_eq!(srv.check_in_with_code("3", "Cy", &second).status, 200);

    srv.set_clock(&at("10:01:00"));
    let third = srv.code();
    let reply = srv.check_in_with_code("4", "Dee", first);
    assert_eq!(reply.status, 422);
    assert!(
        reply
            .body
            .contains("That code has expired: look at the screen for the new one"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("value=\"Dee\""));
    assert_eq!(srv.check_in_with_code("4", "Dee", &third).status, 200);
    assert_eq!(
        file(srv),
        expected_file(&[
            "1,Ann,10:00:00",
            "2,Ben,10:00:31",
            "3,Cy,10:00:31",
            "4,Dee,10:01:00"
        ])
    );
}

#[test]
fn a_fixed_code_and_no_code() {
    let srv = Server::builder()
        .codes()
        .clock(&at("10:00:00"))
        .arg("--code")
        .arg("2468")
        .start();
    let s = srv.status();
    assert_eq!(s["code"], "2468");
    assert_eq!(s["mode"], "fixed");
    assert_eq!(s["code_expires_in"], Value::Null);
    srv.set_clock(&at("11:30:00"));
    assert_eq!(srv.check_in_with_code("1", "Ann", "2468").status, 200);
    assert_eq!(srv.check_in_with_code("2", "Ben", "2469").status, 422);
    assert_eq!(file(&srv), expected_file(&["1,Ann,11:30:00"]));

    let srv = Server::builder().clock(&at("10:00:00")).start(); // --no-code
    assert_eq!(srv.status()["code"], Value::Null);
    assert!(!srv.get("/").body.contains("name=\"code\""));
    assert_eq!(srv.check_in("1", "Ann").status, 200);
}

#[test]
fn the_teacher_switches_between_rotating_fixed_and_no_code() {
    let srv = Server::builder().codes().clock(&at("10:00:00")).start();
    let rotating = srv.code();
    assert_eq!(srv.act("code", "mode=fixed&code=1357").status, 303);
    assert_eq!(srv.status()["code"], "1357");
    assert_eq!(srv.check_in_with_code("1", "Ann", &rotating).status, 422);
    assert_eq!(srv.check_in_with_code("1", "Ann", "1357").status, 200);
    assert_eq!(srv.act("code", "mode=off").status, 303);
    assert_eq!(srv.check_in("2", "Ben").status, 200);
    assert_eq!(srv.act("code", "mode=rotating").status, 303);
    assert_eq!(srv.status()["mode"], "rotating");
    assert_eq!(srv.check_in("3", "Cy").status, 422);
    // A fixed code with letters is refused, and nothing changes.
    let (said, _) = srv.act_refused("code", "mode=fixed&code=12ab");
    assert!(said.contains("3 to 8 digits"), "{said}");
    assert_eq!(srv.status()["mode"], "rotating");
}

#[test]
fn the_window_closes_by_itself_and_the_teacher_reopens_and_extends_it() {
    let srv = Server::builder()
        .clock(&at("09:00:00"))
        .arg("--minutes")
        .arg("10")
        .start();
    srv.set_clock(&at("09:09:59"));
    assert_eq!(srv.status()["closes_in"], 1);
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    srv.set_clock(&at("09:10:00"));
    let s = srv.status();
    assert_eq!(s["open"], false);
    assert_eq!(s["closes_in"], Value::Null);
    let reply = srv.check_in("2", "Ben");
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("Attendance is closed"));
    assert_eq!(srv.get("/").status, 403);
    assert_eq!(file(&srv), expected_file(&["1,Ann,09:09:59"]));

    // Reopened: the --minutes window again.
    assert_eq!(srv.act("open", "").status, 303);
    let s = srv.status();
    assert_eq!(s["open"], true);
    assert_eq!(s["closes_in"], 600);
    srv.set_clock(&at("09:15:00"));
    assert_eq!(srv.check_in("2", "Ben").status, 200);
    // Five more minutes on the time left.
    assert_eq!(srv.act("extend", "").status, 303);
    assert_eq!(srv.status()["closes_in"], 300 + 300);
    // Closed by hand.
    assert_eq!(srv.act("close", "").status, 303);
    assert_eq!(srv.status()["open"], false);
    assert_eq!(srv.check_in("3", "Cy").status, 403);
    // Extending a closed session opens it for five minutes.
    assert_eq!(srv.act("extend", "").status, 303);
    assert_eq!(srv.status()["closes_in"], 300);
    assert_eq!(srv.check_in("3", "Cy").status, 200);
    assert_eq!(
        file(&srv),
        expected_file(&["1,Ann,09:09:59", "2,Ben,09:15:00", "3,Cy,09:15:00"])
    );
}

#[test]
fn marking_by_hand_and_removing_a_row_change_the_file_byte_for_byte() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    srv.set_clock(&at("10:00:05"));
    assert_eq!(srv.check_in("13", "Rahul").status, 200);
    srv.set_clock(&at("10:01:00"));
    marking_by_hand_with_a_repeat_and_a_typo(&srv);
    removing_a_row_rewrites_the_file(&srv);
    nothing_is_left_behind_and_the_audit_says_who(&srv);
    assert_eq!(srv.status()["present"], 3);
}

/// A dead phone: the teacher marks roll 14 by hand. Marking an
/// already-marked roll says so and writes nothing; a typo is refused, and
/// what was typed stays in the form.
fn marking_by_hand_with_a_repeat_and_a_typo(srv: &Server) {
    let reply = srv.act("mark", "roll=14&name=Priya+Nair");
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("Location"), Some("/teacher"));
    let (said, _) = srv.act_refused("mark", "roll=12&name=Someone");
    assert!(
        said.contains("Roll 12 was already marked at 10:00:00"),
        "{said}"
    );
    let (said, page) = srv.act_refused("mark", "roll=15&name=R2D2");
    assert!(said.starts_with("Not marked:"), "{said}");
    assert!(
        page.contains(
            "name=\"roll\" maxlength=\"1000\" required autocomplete=\"off\" value=\"15\""
        ),
        "{page}"
    );
    assert!(page.contains("value=\"R2D2\""), "{page}");
    assert_eq!(
        file(srv),
        expected_file(&[
            "12,Udbhav,10:00:00",
            "13,Rahul,10:00:05",
            "14,Priya Nair,10:01:00"
        ])
    );
}

/// A wrong row removed: the file is rewritten whole without it, and the
/// roll can check in again, landing in the rewritten file.
fn removing_a_row_rewrites_the_file(srv: &Server) {
    assert_eq!(srv.act("remove", "roll=13").status, 303);
    assert_eq!(
        file(srv),
        expected_file(&["12,Udbhav,10:00:00", "14,Priya Nair,10:01:00"])
    );
    let (said, _) = srv.act_refused("remove", "roll=13");
    assert_eq!(said, "Roll 13 has no row today.");
    srv.set_clock(&at("10:02:00"));
    assert_eq!(srv.check_in("13", "Rahul").status, 200);
    assert_eq!(
        file(srv),
        expected_file(&[
            "12,Udbhav,10:00:00",
            "14,Priya Nair,10:01:00",
            "13,Rahul,10:02:00"
        ])
    );
}

/// No temporary file is left beside the day's; the audit trail says who
/// did what.
fn nothing_is_left_behind_and_the_audit_says_who(srv: &Server) {
    let mut leftovers: Vec<String> = std::fs::read_dir(srv.dir())
        .expect("folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [format!("attendance_{DAY}.csv")],
        "day files alone beside each other (the details in details/)"
    );
    assert!(srv
        .dir()
        .join(format!("details/details_{DAY}.csv"))
        .is_file());
    let trail = srv.audit(DAY);
    assert!(
        trail.contains(",14,Priya Nair,marked by teacher,"),
        "{trail}"
    );
    assert!(
        trail.contains(",13,Rahul,removed by teacher,marked at 10:00:05"),
        "{trail}"
    );
}

#[test]
fn actions_without_the_secret_are_refused_and_change_nothing() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    let before = file(&srv);
    for (action, fields) in [
        ("close", ""),
        ("remove", "roll=12"),
        ("mark", "roll=99&name=Proxy"),
        ("code", "mode=off"),
    ] {
        // A form on another site posting to the laptop: no secret, or a guess.
        for body in [
            fields.to_string(),
            format!("secret=0123456789abcdef&{fields}"),
        ] {
            let reply = srv.teacher_post(&format!("/teacher/{action}"), &body);
            assert_eq!(reply.status, 403, "{action} {body}");
        }
    }
    assert_eq!(file(&srv), before);
    assert_eq!(srv.status()["open"], true);
    // The secret changes from one run to the next.
    let other = Server::builder().clock(&at("10:00:00")).start();
    assert_ne!(srv.secret(), other.secret());
    assert_eq!(srv.secret().len(), 32);
}

#[test]
fn student_text_is_escaped_on_the_page_and_in_the_json() {
    // A name no phone could submit, but a hand-edited file can hold.
    let (_dir, folder) = harness::folder_with_day_file(
        DAY,
        b"Roll,Name,Time\r\n\"<b>1</b>\",<script>alert(1)</script>,09:00:00\r\n",
    );
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("10:00:00"))
        .start();
    let page = srv.teacher_get("/teacher").body;
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;b&gt;1&lt;/b&gt;"));
    let json = srv.teacher_get("/teacher/status.json").body;
    assert!(!json.contains("<script>"), "{json}");
    let s: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(s["marked"][0]["name"], "<script>alert(1)</script>");
}

#[test]
fn todays_and_earlier_files_download_and_nothing_else_does() {
    let earlier = "\u{feff}Roll,Name,Time\r\n1,Ann,09:00:00\r\n";
    let (_dir, folder) = harness::folder_with_day_file("2026-02-09", earlier.as_bytes());
    std::fs::write(folder.join("notes.txt"), "private").expect("write");
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("10:00:00"))
        .start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    let page = srv.teacher_get("/teacher").body;
    let today_link = "/teacher/files/attendance_2026-02-10.csv";
    let earlier_link = "/teacher/files/attendance_2026-02-09.csv";
    assert!(
        page.contains(today_link) && page.contains(earlier_link),
        "{page}"
    );
    assert!(
        page.find(today_link) < page.find(earlier_link),
        "newest first"
    );
    assert!(!page.contains("notes.txt"));
    let today = srv.teacher_get(today_link);
    assert_eq!(today.status, 200);
    assert_eq!(today.body.as_bytes(), &file(&srv)[..]);
    assert!(today
        .header("Content-Disposition")
        .map_or(false, |d| d.starts_with("attachment")));
    assert_eq!(srv.teacher_get(earlier_link).body, earlier);
    for bad in [
        "/teacher/files/notes.txt",
        "/teacher/files/../attendance/notes.txt",
        "/teacher/files/attendance_2026-02-11.csv",
        "/teacher/files/attendance_..%2Fx.csv",
        "/teacher/files/attendance_2026-2-9.csv",
    ] {
        assert_eq!(srv.teacher_get(bad).status, 404, "{bad}");
    }
}

#[test]
fn the_teacher_page_shows_the_class_and_works_without_scripts() {
    let srv = Server::builder().codes().clock(&at("10:00:00")).start();
    assert_eq!(
        srv.check_in_with_code("12", "Udbhav", &srv.code()).status,
        200
    );
    let page = srv.teacher_get("/teacher");
    assert_eq!(page.status, 200);
    let html = &page.body;
    let code = srv.code();
    // The code in huge digits, the QR code inline, the count and the list.
    assert!(html.contains(&format!("id=\"code\">{code}<")), "{html}");
    assert!(html.contains("<svg"));
    assert!(html.contains("New code in 30 s"));
    assert!(html.contains("<span id=\"present\">1</span>"));
    assert!(html.contains("Udbhav"));
    // Without scripts it reloads itself; with them, it polls.
    assert!(html.contains("<noscript><meta http-equiv=\"refresh\""));
    assert!(html.contains("<script src=\"/teacher/app.js\""));
    let script = srv.teacher_get("/teacher/app.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("/teacher/parts.json"));
    // It swaps in what the server drew and draws nothing itself.
    assert!(!script.body.contains("createElement"), "{}", script.body);
    let csp = page.header("Content-Security-Policy").unwrap_or("");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    // Phones get one script, our own (it sends the phone's clock): the
    // student page's policy allows nothing else, and nothing inline.
    let form = srv.get("/");
    let form_csp = form.header("Content-Security-Policy").unwrap_or("");
    assert!(form_csp.contains("script-src 'self';"), "{form_csp}");
    assert!(
        !form_csp.contains("script-src 'self' 'unsafe"),
        "{form_csp}"
    );
    let clock = srv.get("/clock.js");
    assert_eq!(clock.status, 200);
    assert!(clock.body.contains("phone_time"));
    let svg = srv.teacher_get("/teacher/qr.svg");
    assert_eq!(svg.header("Content-Type"), Some("image/svg+xml"));
    assert!(svg.body.starts_with("<svg"));
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_phone_on_the_network_gets_403_and_learns_nothing() {
    let ns = match harness::netns::netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    let srv = Server::builder()
        .clock(&at("10:00:00"))
        .arg("--bind")
        .arg("0.0.0.0")
        .start();
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
    let base = format!("http://{}:{}", ns.server_ip, srv.port);
    // The phone can check in...
    let (got, body) = ns.curl(&format!("{base}/"), &[]);
    assert_eq!(got, 200, "{body}");
    // ...but not see or use the teacher's screen, whatever Host it names.
    for path in [
        "/teacher",
        "/teacher/status.json",
        "/teacher/parts.json",
        "/teacher/files/attendance_2026-02-10.csv",
    ] {
        for host in [
            format!("Host: 127.0.0.1:{}", srv.port),
            format!("Host: {}:{}", ns.server_ip, srv.port),
            "Host: localhost".to_string(),
        ] {
            let (got, body) = ns.curl(&format!("{base}{path}"), &["-H", &host]);
            assert_eq!(got, 403, "{path} {host}");
            assert!(
                !body.contains("Udbhav") && !body.contains("secret"),
                "{body}"
            );
        }
    }
    let (refused, _) = ns.curl(
        &format!("{base}/teacher/close"),
        &[
            "-d",
            "secret=x",
            "-H",
            &format!("Host: 127.0.0.1:{}", srv.port),
        ],
    );
    assert_eq!(refused, 403);
    assert_eq!(srv.status()["open"], true);
    // The laptop itself, by its address on that network, is the teacher.
    let page = srv.send(
        format!(
            "GET /teacher HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            srv.port
        )
        .as_bytes(),
    );
    assert_eq!(page.status, 200);
}

#[test]
fn a_removal_says_so_and_undo_puts_the_row_back_where_it_was() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    for (roll, name) in [("30", "Ravi"), ("31", "Asha Rao"), ("32", "Meena")] {
        assert_eq!(srv.check_in(roll, name).status, 200);
    }
    let before = file(&srv);
    srv.set_clock(&at("10:05:00"));
    assert_eq!(srv.act("remove", "roll=31").status, 303);
    assert_eq!(
        file(&srv),
        expected_file(&["30,Ravi,10:00:00", "32,Meena,10:00:00"])
    );
    // The screen says what happened, with Undo, for a while.
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("Removed 31 Asha Rao"), "{page}");
    assert!(page.contains("action=\"/teacher/undo\""), "{page}");
    assert_eq!(srv.status()["undo"]["roll"], "31");
    let out = srv.wait_for_stdout("removed 31 Asha Rao");
    assert!(
        out.contains("Teacher   removed 31 Asha Rao (marked at 10:00:00)"),
        "{out}"
    );
    // Undo: the same row, same time, same place in the file.
    srv.set_clock(&at("10:05:30"));
    assert_eq!(srv.act("undo", "").status, 303);
    assert_eq!(file(&srv), before);
    assert_eq!(srv.status()["undo"], Value::Null);
    assert!(srv
        .wait_for_stdout("put back 31")
        .contains("Teacher   put back 31 Asha Rao"));
    let (said, _) = srv.act_refused("undo", "");
    assert!(said.contains("nothing to undo"), "{said}");
    // Both are in the audit trail, as the teacher's.
    let trail = srv.audit("2026-02-10");
    assert!(
        trail.contains("10:05:00,teacher,,31,Asha Rao,removed by teacher,marked at 10:00:00"),
        "{trail}"
    );
    assert!(
        trail.contains("10:05:30,teacher,,31,Asha Rao,put back by teacher,"),
        "{trail}"
    );
    // Undo is offered for two minutes only.
    assert_eq!(srv.act("remove", "roll=32").status, 303);
    srv.set_clock(&at("10:08:00"));
    assert_eq!(srv.status()["undo"], Value::Null);
    assert!(!srv.teacher_get("/teacher").body.contains("Removed 32"));
}

#[test]
fn the_teachers_actions_are_one_kind_of_line_in_the_audit_and_the_terminal() {
    let srv = Server::builder()
        .clock(&at("10:00:00"))
        .arg("--minutes")
        .arg("10")
        .start();
    assert_eq!(srv.act("mark", "roll=14&name=Priya").status, 303);
    assert_eq!(srv.act("close", "").status, 303);
    assert_eq!(srv.act("open", "").status, 303);
    assert_eq!(srv.act("extend", "").status, 303);
    assert_eq!(srv.act("code", "mode=fixed&code=2468").status, 303);
    let trail = srv.audit("2026-02-10");
    let teachers: Vec<&str> = trail.lines().filter(|l| l.contains(",teacher,")).collect();
    assert_eq!(teachers.len(), 5, "{trail}");
    for expected in [
        "10:00:00,teacher,,14,Priya,marked by teacher,",
        "10:00:00,teacher,,,,changed by teacher,closed check-in",
        "10:00:00,teacher,,,,changed by teacher,opened check-in",
        "10:00:00,teacher,,,,changed by teacher,added five minutes: check-in closes at 10:15:00",
        "10:00:00,teacher,,,,changed by teacher,\"code: fixed, 2468\"",
    ] {
        assert!(trail.contains(expected), "{expected}\n{trail}");
    }
    assert!(!trail.contains("127.0.0.1"), "{trail}");
    let out = srv.wait_for_stdout("code: fixed");
    for expected in [
        "Teacher   marked 14 Priya present by hand",
        "Teacher   closed check-in",
        "Teacher   opened check-in",
        "Teacher   added five minutes",
        "Teacher   code: fixed, 2468",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
    assert!(!out.contains("Present   14"), "{out}");
}

#[test]
fn a_restart_leaves_the_open_tab_working() {
    let dir = harness::TempDir::new();
    let folder = dir.path().join("attendance");
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("10:00:00"))
        .start();
    let old_run = srv.status()["run"].clone();
    let old_secret = srv.secret();
    drop(srv);
    // The window was closed by mistake; the teacher starts it again. The
    // tab's script sees another run in the status and loads the page again.
    let srv = Server::builder()
        .dir(&folder)
        .clock(&at("10:01:00"))
        .start();
    assert_ne!(srv.status()["run"], old_run);
    let script = srv.teacher_get("/teacher/app.js").body;
    assert!(script.contains("s.run !== last.run"), "{script}");
    // A button pressed on the old page before that: nothing done, and the
    // way back to the screen.
    let reply = srv.teacher_post("/teacher/close", &format!("secret={old_secret}"));
    assert_eq!(reply.status, 403);
    assert!(
        reply.body.contains("That button did nothing"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("href=\"/teacher\""), "{}", reply.body);
    assert_eq!(srv.status()["open"], true);
    // The screen, opened again, works.
    assert_eq!(srv.act("close", "").status, 303);
    assert_eq!(srv.status()["open"], false);
}

#[test]
fn the_laptops_own_browser_is_one_phone_however_many_cookies_it_sends() {
    // The board battery died: the laptop thinks it is 2010. Its own
    // browser (a kiosk) sends phones' clocks under four cookies: one
    // machine, never a warning (three machines are needed: `proxies`).
    let srv = Server::builder().clock("2010-01-01 09:00:00").start();
    for (roll, phone_time) in [
        ("1", "1770718320000"),
        ("2", "1770718350000"),
        ("3", "1770718400000"),
        ("4", "1770718410000"),
    ] {
        let device = format!("{roll:0>32}");
        let body = format!("roll={roll}&name=Student&phone_time={phone_time}");
        let reply = srv.post_form_as(&device, &body);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(srv.status()["clock"], Value::Null);
    assert!(srv
        .teacher_get("/teacher")
        .body
        .contains("id=\"clock\" role=\"alert\" hidden"));
    // Nothing was changed by itself: the file is still the laptop's day.
    assert!(srv.csv("2010-01-01").is_some());
}

#[test]
fn a_page_on_another_site_cannot_check_in_through_the_laptops_browser() {
    let srv = Server::builder().codes().clock(&at("10:00:00")).start();
    let right = srv.code();
    let post = |headers: &str, code: &str| {
        let body = format!("roll=12&name=Udbhav&code={code}&ticket={}", srv.ticket());
        srv.send(
            format!(
                "POST / HTTP/1.1\r\n{headers}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
    };
    let host = format!("Host: 127.0.0.1:{}\r\n", srv.port);
    let cross = format!("{host}Origin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\n");
    // A sweep of codes from a page in the teacher's browser (the laptop is
    // exempt from the try limit): every one refused before it is looked at,
    // the right one too.
    for guess in (0..40)
        .map(|i| format!("{:04}", i * 37 % 10000))
        .chain([right.clone()])
    {
        let reply = post(&cross, &guess);
        assert_eq!(reply.status, 403, "{guess}: {}", reply.body);
        assert!(
            reply.body.contains("sent from another web page"),
            "{}",
            reply.body
        );
    }
    // The headers one at a time, and DNS rebinding (another site's name
    // for the laptop).
    for headers in [
        format!("{host}Origin: http://evil.example\r\n"),
        format!("{host}Sec-Fetch-Site: cross-site\r\n"),
        format!("{host}Origin: null\r\nSec-Fetch-Site: cross-site\r\n"),
        "Host: evil.example:8000\r\nOrigin: http://evil.example:8000\r\nSec-Fetch-Site: same-origin\r\n".to_string(),
    ] {
        assert_eq!(post(&headers, &right).status, 403, "{headers}");
    }
    assert_eq!(file(&srv), expected_file(&[]), "nothing saved");
    // The kiosk's own page keeps working.
    let own = format!(
        "{host}Origin: http://127.0.0.1:{}\r\nSec-Fetch-Site: same-origin\r\n",
        srv.port
    );
    let reply = post(&own, &right);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(file(&srv), expected_file(&["12,Udbhav,10:00:00"]));
}

/// The teacher's screen's live parts, as its script polls them: JSON from
/// the laptop only, checked to be served as JSON.
fn parts(srv: &Server) -> Value {
    let reply = srv.teacher_get("/teacher/parts.json");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert!(!reply.body.contains('<'), "markup escaped: {}", reply.body);
    serde_json::from_str(&reply.body).expect("parts are JSON")
}

/// The region `id` of `page`: its start tag, and the page from just after it.
fn region<'a>(page: &'a str, id: &str) -> (&'a str, &'a str) {
    let at = page
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} on the page:\n{page}"));
    let open = page[..at].rfind('<').expect("a start tag");
    let close = at + page[at..].find('>').expect("the tag ends") + 1;
    (&page[open..close], &page[close..])
}

/// A class of three, one of them with markup in the name the list gives,
/// a late rule, one on time and one late, one excused (so Undo is offered).
fn a_class_with_every_live_part(lists: &harness::TempDir) -> Server {
    let list = lists.path().join("list.csv");
    std::fs::write(
        &list,
        "Roll,Name\r\n1,Asha\r\n2,<b>Ravi</b>\r\n3,Meena\r\n4,Gita\r\n",
    )
    .expect("write list");
    let srv = Server::builder()
        .codes()
        .clock(&at("09:00:00"))
        .arg("--roster")
        .arg(&list)
        .arg("--late-after")
        .arg("10")
        .arg("--minutes")
        .arg("30")
        .start();
    assert_eq!(srv.check_in_with_code("1", "Asha", &srv.code()).status, 200);
    srv.set_clock(&at("09:12:00"));
    assert_eq!(
        srv.check_in_with_code("3", "Meena", &srv.code()).status,
        200
    );
    let reason = harness::encode("<i>trip</i>");
    assert_eq!(
        srv.act("excuse", &format!("roll=2&reason={reason}")).status,
        303
    );
    srv
}

#[test]
fn the_live_parts_are_drawn_as_the_page_draws_them() {
    let lists = harness::TempDir::new();
    let srv = a_class_with_every_live_part(&lists);
    // The clock stands still: the page and its parts see the same class.
    let page = srv.teacher_get("/teacher").body;
    let p = parts(&srv);
    let regions = p["parts"].as_object().expect("parts by id");
    let mut ids: Vec<&str> = regions.keys().map(|k| k.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "absent",
            "absent-said",
            "class-said",
            "clock",
            "code",
            "countdown",
            "day-counts",
            "heads",
            "heads-warn",
            "late-count",
            "marked",
            "networks",
            "present",
            "refused",
            "roster",
            "spot",
            "state",
            "undo"
        ]
    );
    // Each region on the page holds exactly what its part says.
    for (id, html) in regions {
        let html = html.as_str().expect("HTML");
        let (_, inside) = region(&page, id);
        assert!(
            inside.starts_with(html) && inside[html.len()..].starts_with("</"),
            "#{id}: the part\n{html}\nthe page\n{}",
            &inside[..inside.len().min(html.len() + 80)]
        );
    }
    for (id, hidden) in p["hidden"].as_object().expect("hidden by id") {
        let (tag, _) = region(&page, id);
        assert_eq!(tag.contains(" hidden"), hidden == true, "#{id}: {tag}");
    }
    // What they say, escaped as on the page, the forms with the secret.
    let said = |id: &str| regions[id].as_str().unwrap_or("").to_string();
    assert_eq!(said("present"), "2");
    assert_eq!(said("late-count"), "1");
    assert_eq!(said("absent-said"), "1 not here yet, 1 excused");
    assert!(said("undo").starts_with("<span>Excused 2 &lt;b&gt;Ravi&lt;/b&gt;</span>"));
    assert!(said("absent").contains("title=\"&lt;i&gt;trip&lt;/i&gt;\""));
    assert!(said("marked").contains(&format!("name=\"secret\" value=\"{}\"", srv.secret())));
    assert!(said("countdown").contains("New code in "));
    assert_eq!(p["run"], srv.status()["run"]);
    assert_eq!(p["join"], srv.status()["join"]);
    let body = &page[page.find("<body").expect("body")..];
    let body = &body[..body.find('>').expect("the tag ends")];
    assert!(
        body.contains(&format!("data-layout={}", p["layout"])),
        "{body}"
    );
}

#[test]
fn a_check_in_changes_the_parts_and_closing_changes_the_layout() {
    let lists = harness::TempDir::new();
    let srv = a_class_with_every_live_part(&lists);
    let before = parts(&srv);
    assert_eq!(srv.check_in_with_code("4", "Gita", &srv.code()).status, 200);
    let after = parts(&srv);
    assert_eq!(after["layout"], before["layout"], "the same frame");
    assert_eq!(after["parts"]["present"], "3");
    assert!(after["parts"]["marked"].as_str().unwrap_or("").starts_with(
        "<li><span class=\"roll\">4</span><span class=\"name\" title=\"Gita\">Gita</span>"
    ));
    assert_eq!(
        after["parts"]["absent-said"],
        "Everyone on the list is here or excused (1)"
    );
    // Closed: another frame (Open instead of Close), and no code.
    assert_eq!(srv.act("close", "").status, 303);
    let closed = parts(&srv);
    assert_ne!(closed["layout"], before["layout"]);
    assert_eq!(closed["parts"]["state"], "Closed");
    assert_eq!(closed["parts"]["code"], "—");
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains(&format!("data-layout={}", closed["layout"])),
        "{page}"
    );
}
