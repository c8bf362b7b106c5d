//! The whole class on the teacher's screen, in real browsers at 1024x768
//! (issue 30), with screenshots to look at in `target/screenshots/` and
//! axe-core on each state:
//!
//! - the whole class's view with a class of 60: every student in view or
//!   a scroll away inside the view, in large type on one line each; the
//!   rest marked present by mouse and keyboard (boxes ticked survive the
//!   polls), late from a typed list, excused with a reason
//!   (`teacher-whole-class.png`, `teacher-whole-class-marked.png`);
//! - the heads counted beside the count, the warning when more are marked
//!   than are in the room, the spot check called large on the projector,
//!   and not here (`teacher-heads.png`, `teacher-spot-check.png`,
//!   `teacher-not-here.png`);
//! - the tab 10 s after rollcall stopped: it says it is not answering,
//!   greys the code and stops the countdown; a button pressed meanwhile
//!   leaves the page where it is; started again, the tab comes back by
//!   itself and says the button did nothing (`teacher-not-answering.png`,
//!   `teacher-answering-again.png`).
//!
//! Chromium here; `firefox.rs` runs the same steps in Firefox ESR.
//!
//! ```text
//! cargo test --test it -- whole_screen:: --include-ignored --nocapture
//! ```

use crate::harness::webdriver::{wait_for, Driver, Engine, Session};
use crate::harness::{self, Server, TempDir};
use crate::student_pages;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

/// The projector.
const SCREEN: (u32, u32) = (1024, 768);

/// A class list of 60 (rolls 101 to 160), long and non-Latin names among
/// them, and a server with it: 44 checked in (on the laptop, two seconds
/// apart from 10:00, within the two minutes after which the screen would
/// say no phone has come).
pub(crate) fn class_of_sixty(
    lists: &TempDir,
    folder: Option<&std::path::Path>,
) -> (Server, PathBuf) {
    let first = [
        "Aarav", "Priya", "Rahul", "Sneha", "Kiran", "Meera", "Arjun", "Divya", "Rohan", "Anita",
    ];
    let last = ["Sharma", "Nair", "Iyer", "Khan", "Das", "Rao"];
    let mut names: Vec<String> = (0..60)
        .map(|i| format!("{} {}", first[i % first.len()], last[i / first.len()]))
        .collect();
    names[50] = "Anne-Marie D'Souza Fernandes".into();
    names[51] = "உத்பவ் சிங் ராஜேந்திரன்".into();
    names[52] = "उद्भव सिंह राठौड़".into();
    let list = lists.path().join("10A.csv");
    let mut csv = String::from("Roll,Name\r\n");
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!("{},{name}\r\n", 101 + i));
    }
    std::fs::write(&list, csv).expect("write the list");
    let mut builder = Server::builder()
        .codes()
        .clock("2026-02-10 10:00:00")
        .arg("--roster")
        .arg(&list)
        .arg("--class")
        .arg("10A");
    if let Some(folder) = folder {
        builder = builder.dir(folder);
    }
    let srv = builder.start();
    for (i, name) in names.iter().enumerate().skip(16) {
        srv.set_clock(&format!(
            "2026-02-10 10:{:02}:{:02}",
            (i * 2) / 60,
            (i * 2) % 60
        ));
        let reply = srv.check_in_with_code(&(101 + i).to_string(), name, &srv.code());
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    (srv, list)
}

/// Where the whole class's view stands, measured in the browser.
const MEASURE: &str = r#"
const vh = window.innerHeight, vw = window.innerWidth;
const box = document.getElementById('class-box'), roster = document.getElementById('roster');
const r = roster.getBoundingClientRect();
const tiles = Array.prototype.slice.call(roster.querySelectorAll('li'));
const inView = tiles.filter(li => { const b = li.getBoundingClientRect();
  return b.height > 0 && b.top >= Math.max(0, r.top) - 0.5 && b.bottom <= Math.min(vh, r.bottom) + 0.5; });
const names = tiles.map(li => { const n = li.querySelector('.name'); const cs = getComputedStyle(n);
  return { font: parseFloat(cs.fontSize), lines: n.getClientRects().length, h: n.getBoundingClientRect().height, lh: parseFloat(cs.lineHeight) }; });
const bar = document.querySelector('.class-bar').getBoundingClientRect();
return { open: box.open, tiles: tiles.length, boxes: roster.querySelectorAll('input[type=checkbox]').length,
  inView: inView.length, scrolls: roster.scrollHeight > roster.clientHeight, rosterBottom: r.bottom,
  scrollWidth: document.documentElement.scrollWidth, vw: vw,
  minFont: Math.min.apply(null, names.map(n => n.font)), wrapped: names.filter(n => n.lines !== 1 || n.h > n.lh * 1.2 + 1).length,
  barInView: bar.top >= 0 && bar.bottom <= vh, main: getComputedStyle(document.querySelector('main > .join')).display };
"#;

fn num(m: &Value, key: &str) -> f64 {
    m[key].as_f64().unwrap_or(-1.0)
}

/// Opens the teacher's screen and waits for its first poll.
pub(crate) fn open_screen(teacher: &Session, srv: &Server) {
    teacher.window_size(SCREEN.0, SCREEN.1);
    teacher.goto(&format!("{}teacher", srv.url()));
    polled(teacher);
}

fn polled(teacher: &Session) {
    wait_for("the screen's first poll", || {
        let js =
            "var m = document.getElementById('marked'); return m && m.getAttribute('data-polled')";
        (teacher.js(js) == json!("yes")).then_some(())
    });
}

pub(crate) fn click(teacher: &Session, css: &str) {
    let el = teacher.find(css);
    teacher.cmd("POST", &format!("/element/{el}/click"), None);
}

/// Clicks `css` (a button) and waits for the page it leads to.
pub(crate) fn click_and_wait(teacher: &Session, css: &str) {
    teacher.js("window.__oldPage = true; return true");
    click(teacher, css);
    wait_for("the next page", || {
        let js = "return window.__oldPage !== true && document.readyState";
        (teacher.js(js) == json!("complete")).then_some(())
    });
    polled(teacher);
}

/// axe-core finds nothing on the page as it is.
pub(crate) fn axe_clean(teacher: &Session, axe: &str, what: &str) {
    let found = teacher.axe_violations(axe);
    println!("axe: {what}: {} violation(s)", found.len());
    assert!(found.is_empty(), "axe-core on {what}: {found:?}");
}

/// The screenshot's name, `tag-` first for engines but Chromium.
fn shot(engine: Engine, name: &str) -> String {
    match engine {
        Engine::Chromium => name.to_string(),
        engine => format!("{}-{name}", engine.tag()),
    }
}

/// The view of the class of sixty opened at 1024x768: it takes the main
/// screen's place, its list scrolls inside it, large type on one line.
pub(crate) fn the_view_of_sixty_fits(teacher: &Session, engine: Engine, axe: &str) {
    click(teacher, "#class-box summary");
    let m = teacher.js(MEASURE);
    println!("whole class view: {m}");
    teacher.screenshot(&shot(engine, "teacher-whole-class.png"));
    assert_eq!(m["open"], true);
    assert_eq!(
        (m["tiles"].clone(), m["boxes"].clone()),
        (json!(60), json!(16)),
        "{m}"
    );
    assert_eq!(
        m["main"], "none",
        "the main screen gives the view its place"
    );
    assert!(
        num(&m, "inView") >= 24.0,
        "only {} students in view",
        m["inView"]
    );
    assert_eq!(m["scrolls"], true, "the list scrolls inside the view");
    assert!(
        num(&m, "rosterBottom") <= f64::from(SCREEN.1),
        "the list runs off the screen: {m}"
    );
    assert!(num(&m, "scrollWidth") <= num(&m, "vw"), "sideways: {m}");
    assert!(num(&m, "minFont") >= 20.0, "names too small: {m}");
    assert_eq!(m["wrapped"], 0, "names wrap: {m}");
    assert_eq!(m["barInView"], true);
    axe_clean(teacher, axe, "the whole class's view");
}

/// Ticks roll `roll`'s box with the mouse.
fn tick(teacher: &Session, roll: u32) {
    click(teacher, &format!("#roster input[value=\"{roll}\"]"));
}

/// Presses the space bar on roll `roll`'s box, as a keyboard does.
fn tick_by_keyboard(teacher: &Session, roll: u32) {
    teacher.js(&format!(
        "document.querySelector('#roster input[value=\"{roll}\"]').focus(); return true"
    ));
    let keys = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
        {"type": "keyDown", "value": " "}, {"type": "keyUp", "value": " "}]}]});
    teacher.cmd("POST", "/actions", Some(&keys));
}

fn checked(teacher: &Session) -> Value {
    teacher.js("return Array.prototype.map.call(document.querySelectorAll('#roster input:checked'), function (i) { return i.value; })")
}

/// The rest marked: three ticked (two by mouse, one by keyboard; the
/// ticks outlast a phone's arrival and the polls), present; three typed,
/// late; one excused with a reason. The view stays open after each.
pub(crate) fn the_rest_are_marked_several_at_a_time(
    teacher: &Session,
    srv: &Server,
    engine: Engine,
    axe: &str,
) {
    tick(teacher, 101);
    tick(teacher, 102);
    tick_by_keyboard(teacher, 103);
    assert_eq!(checked(teacher), json!(["101", "102", "103"]));
    // A phone arrives meanwhile; polls later the ticks are still there.
    let reply = srv.check_in_with_code("116", "Meera Nair", &srv.code());
    assert_eq!(reply.status, 200, "{}", reply.body);
    wait_for("the newcomer counted beside the toggle", || {
        let said = teacher.js("return document.getElementById('class-said').textContent");
        (said == json!("45 of 60 marked · 15 to mark")).then_some(())
    });
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(
        checked(teacher),
        json!(["101", "102", "103"]),
        "a poll swapped the ticks away"
    );
    axe_clean(teacher, axe, "the whole class's view, three ticked");
    click_and_wait(teacher, ".class-bar button[value=P]");
    assert_eq!(
        teacher.js("return document.getElementById('class-box').open"),
        json!(true)
    );
    teacher.type_into("#c-rolls", "104 105, 106");
    click_and_wait(teacher, ".class-bar button[value=L]");
    tick(teacher, 107);
    teacher.type_into("#c-reason", "Note from home");
    click_and_wait(teacher, ".class-bar button[value=E]");
    let s = srv.status();
    let marked = s["marked"].as_array().expect("marked").clone();
    let of = |roll: &str| {
        marked
            .iter()
            .find(|m| m["roll"] == roll)
            .cloned()
            .unwrap_or(Value::Null)
    };
    for roll in ["101", "102", "103"] {
        assert_eq!(
            (of(roll)["by_hand"].clone(), of(roll)["late"].clone()),
            (json!(true), json!(false)),
            "{roll}"
        );
    }
    for roll in ["104", "105", "106"] {
        assert_eq!(of(roll)["late"], true, "{roll}");
    }
    assert_eq!(s["excused"][0]["reason"], "Note from home");
    let text = teacher.page_text();
    assert!(text.contains("Excused 107"), "{text}");
    teacher.screenshot(&shot(engine, "teacher-whole-class-marked.png"));
    axe_clean(teacher, axe, "the whole class's view, the rest marked");
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn the_whole_class_view_marks_the_rest_of_sixty_at_1024x768() {
    let _alone = harness::alone();
    let axe = match student_pages::ready(Engine::Chromium, "whole class view") {
        Some(axe) => axe,
        None => return,
    };
    let lists = TempDir::new();
    let (srv, _) = class_of_sixty(&lists, None);
    let driver = Driver::start();
    let teacher = Session::start(&driver);
    open_screen(&teacher, &srv);
    the_view_of_sixty_fits(&teacher, Engine::Chromium, &axe);
    the_rest_are_marked_several_at_a_time(&teacher, &srv, Engine::Chromium, &axe);
}

/// 44 marked, 40 heads: beside the count, and the warning with the spot
/// check; "Check 5 at random" calls five, large, on the projector.
pub(crate) fn heads_and_the_spot_check(teacher: &Session, srv: &Server, engine: Engine, axe: &str) {
    click(teacher, "#class-box summary");
    teacher.type_into("#h-count", "40");
    click_and_wait(teacher, "form[action=\"/teacher/heads\"] button");
    click(teacher, "#class-box summary");
    assert_eq!(
        teacher.js("return document.getElementById('class-box').open"),
        json!(false)
    );
    let text = teacher.page_text();
    assert!(text.contains("40 heads in the room"), "{text}");
    assert!(
        text.contains("44 marked, but 40 in the room: 4 more marked than are here."),
        "{text}"
    );
    let heads = teacher.js("var h = document.getElementById('heads').getBoundingClientRect(), c = document.querySelector('.count').getBoundingClientRect(); return [h.top - c.bottom, h.bottom <= window.innerHeight]");
    assert!(
        heads[0].as_f64().unwrap_or(99.0) < 20.0 && heads[1] == true,
        "the heads are not beside the count: {heads}"
    );
    teacher.screenshot(&shot(engine, "teacher-heads.png"));
    axe_clean(teacher, axe, "the heads beside the count");
    click_and_wait(teacher, "#heads-warn button");
    let called = srv.status()["spot_check"]
        .as_array()
        .expect("spot check")
        .clone();
    assert_eq!(called.len(), 5);
    let m = teacher.js("var s = document.getElementById('spot'), w = s.querySelectorAll('.who'); return { hidden: s.hidden, n: w.length, font: parseFloat(getComputedStyle(w[0]).fontSize), inView: Array.prototype.every.call(w, function (e) { var r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0; }), text: s.innerText }");
    println!("spot check: {m}");
    assert_eq!(
        (m["hidden"].clone(), m["n"].clone(), m["inView"].clone()),
        (json!(false), json!(5), json!(true)),
        "{m}"
    );
    assert!(
        num(&m, "font") >= 40.0,
        "the names called are not large: {m}"
    );
    let roll = called[0].as_str().expect("roll").to_string();
    assert!(m["text"].as_str().unwrap_or("").contains(&roll), "{m}");
    teacher.screenshot(&shot(engine, "teacher-spot-check.png"));
    axe_clean(teacher, axe, "the spot check on the projector");
    click_and_wait(
        teacher,
        &format!("#spot form[action=\"/teacher/not-here\"] input[value=\"{roll}\"] ~ button"),
    );
    let text = teacher.page_text();
    assert!(
        text.contains(&format!("Not here: {roll} ")) && text.contains("is off today's register."),
        "{text}"
    );
    assert_eq!(srv.status()["present"], 43);
    teacher.screenshot(&shot(engine, "teacher-not-here.png"));
    axe_clean(teacher, axe, "not here, with Undo");
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn the_heads_stand_beside_the_count_and_the_spot_check_is_projected() {
    let _alone = harness::alone();
    let axe = match student_pages::ready(Engine::Chromium, "heads and spot check") {
        Some(axe) => axe,
        None => return,
    };
    let lists = TempDir::new();
    let (srv, _) = class_of_sixty(&lists, None);
    let driver = Driver::start();
    let teacher = Session::start(&driver);
    open_screen(&teacher, &srv);
    heads_and_the_spot_check(&teacher, &srv, Engine::Chromium, &axe);
}

/// rollcall stops (the window closed by mistake): 10 s later the tab says
/// it is not answering, the code greyed and its countdown still; Close
/// pressed meanwhile leaves the page as it is. Started again on its port,
/// the tab comes back by itself and says the button did nothing; then
/// Close works.
pub(crate) fn the_tab_knows_when_rollcall_stops(
    teacher: &Session,
    srv: Server,
    lists: &TempDir,
    engine: Engine,
    axe: &str,
) {
    let folder = srv.dir().to_path_buf();
    let port = srv.port;
    teacher.js("window.__beforeStop = true; return true");
    drop(srv);
    std::thread::sleep(Duration::from_secs(10));
    let state = "return { down: !document.getElementById('down').hidden, body: document.body.className, countdown: document.getElementById('countdown').textContent, code: getComputedStyle(document.getElementById('code')).color, text: document.body.innerText }";
    let m = teacher.js(state);
    assert_eq!(m["down"], true, "10 s after: {m}");
    assert!(
        m["body"].as_str().unwrap_or("").contains("not-answering"),
        "{m}"
    );
    let text = m["text"].as_str().unwrap_or("");
    assert!(
        text.contains("rollcall is not answering: is its window still open?"),
        "{text}"
    );
    assert!(text.contains("Not answering"), "{text}");
    assert_ne!(
        m["code"],
        json!("rgb(17, 17, 17)"),
        "the code is not greyed"
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        teacher.js(state)["countdown"],
        m["countdown"],
        "the countdown goes on"
    );
    teacher.screenshot(&shot(engine, "teacher-not-answering.png"));
    axe_clean(teacher, axe, "rollcall not answering");
    // A button pressed now does nothing and says so; the page stays.
    click(teacher, "form[action=\"/teacher/close\"] button");
    wait_for("the words for the button pressed", || {
        (teacher.js("return !document.getElementById('down-pressed').hidden") == json!(true))
            .then_some(())
    });
    assert_eq!(
        teacher.js("return window.__beforeStop === true"),
        json!(true),
        "the page was left"
    );
    teacher.screenshot(&shot(engine, "teacher-not-answering-pressed.png"));
    // Started again, on its port: the tab comes back by itself.
    let srv = Server::builder()
        .dir(&folder)
        .clock("2026-02-10 10:03:00")
        .codes()
        .arg("--roster")
        .arg(lists.path().join("10A.csv"))
        .arg("--class")
        .arg("10A")
        .arg("--port")
        .arg(port.to_string())
        .start();
    wait_for("the tab to come back by itself", || {
        let js = "return window.__beforeStop !== true && document.readyState === 'complete' && document.getElementById('down').hidden && document.getElementById('marked').getAttribute('data-polled') === 'yes'";
        (teacher.js(js) == json!(true)).then_some(())
    });
    let text = teacher.page_text();
    assert!(
        text.contains("that button did nothing. It answers again: press it again."),
        "{text}"
    );
    assert_eq!(
        srv.status()["open"],
        true,
        "the Close pressed while it was down was done"
    );
    teacher.screenshot(&shot(engine, "teacher-answering-again.png"));
    axe_clean(teacher, axe, "rollcall answering again");
    click_and_wait(teacher, "form[action=\"/teacher/close\"] button");
    assert_eq!(srv.status()["open"], false);
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn the_tab_says_when_rollcall_is_not_answering_and_comes_back_by_itself() {
    let _alone = harness::alone();
    let axe = match student_pages::ready(Engine::Chromium, "not answering") {
        Some(axe) => axe,
        None => return,
    };
    let lists = TempDir::new();
    let folder = lists.path().join("attendance");
    let (srv, _) = class_of_sixty(&lists, Some(&folder));
    let driver = Driver::start();
    let teacher = Session::start(&driver);
    open_screen(&teacher, &srv);
    the_tab_knows_when_rollcall_stops(&teacher, srv, &lists, Engine::Chromium, &axe);
}
