//! Real-browser check of the student page, at phone size.
//!
//! What it proves: a student on a phone-sized screen (360x740 CSS px, 2x
//! pixels, mobile viewport rules) can open the page, type a roll number and a
//! Devanagari name into the real inputs, tap the real submit button and see
//! "Present"; exactly one CSV row is written; the next visit has the form
//! pre-filled from cookies; a second submit says "already marked" and writes
//! nothing. It also checks the page fits the screen (no sideways scrolling),
//! the button is a comfortable tap target (>= 44 px tall) and inputs use a
//! font size of at least 16 px (so iOS Safari does not zoom in on focus).
//! Screenshots land in `target/screenshots/`: `student-form.png`,
//! `student-present.png` and `student-already.png`, for a human to look at.
//!
//! The teacher's screen is tested the way a class uses it: a projector-sized
//! window opens `/teacher`, the test takes a screenshot and reads the QR code
//! off it with `zbarimg` as a phone camera would, a phone-sized window opens
//! that link, finds the code filled in, submits, and the row appears on the
//! teacher's screen without a reload (`teacher.png`, `student-code.png`).
//! With a class of 60 the teacher's screen is measured at a 1024x768
//! projector's viewport (1024x625) and at 1280x720 (1280x577 and the whole
//! 1280x720): what must be in view is, names stay on one line, the list
//! scrolls, the absent's names wait behind their toggle (`teacher-1024.png`,
//! `teacher-1280.png`, `teacher-absent-open.png`).
//! Every page passes axe-core (WCAG 2.1 AA and best practices).
//!
//! How: Debian's headless Chromium, driven through chromedriver (see
//! `harness/webdriver.rs`), one test at a time with no other heavy test
//! beside it (`harness::alone`).
//!
//! Run it with:
//!
//! ```text
//! cargo test --test it -- browser:: --include-ignored --nocapture
//! ```
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian packages
//! `chromium` and `chromium-driver`) and axe-core (npm): the tests are
//! `#[ignore]`d, saying so, unless run with `--include-ignored`, and then
//! fail where these are missing. Under the Windows suite (`ROLLCALL_LAUNCH`)
//! they do not apply: the pages are the same bytes.

use crate::harness::webdriver::{
    axe_script, reason_to_skip, required_or, wait_for, Driver, Session,
};
use crate::harness::{self, Server};
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const ROLL: &str = "12";
pub(crate) const NAME: &str = "उद्भव Singh";

/// A projector's screen in CSS pixels.
const PROJECTOR: (u32, u32) = (1280, 720);

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn student_checks_in_from_a_phone() {
    let _alone = harness::alone();
    if let Some(reason) = reason_to_skip() {
        harness::skip(&format!("browser test: {reason}"));
        return;
    }
    let started = Instant::now();

    let srv = Server::start();
    let driver = Driver::start();
    let browser = Session::start(&driver);
    browser.emulate_phone();

    // The empty form, as a student first sees it.
    browser.goto(&srv.url());
    browser.assert_phone_layout();
    browser.screenshot("student-form.png");

    browser.type_into("input[name=roll]", ROLL);
    browser.type_into("input[name=name]", NAME);
    browser.submit();
    let text = browser.page_text();
    for expected in ["Present", ROLL, NAME] {
        assert!(
            text.contains(expected),
            "success page should contain {expected:?}; page text was:\n{text}"
        );
    }
    browser.screenshot("student-present.png");
    assert_one_row(&srv);

    // Coming back: the cookies pre-fill the form.
    browser.goto(&srv.url());
    browser.assert_phone_layout();
    assert_eq!(
        browser.value_of("input[name=roll]"),
        ROLL,
        "roll pre-filled"
    );
    assert_eq!(
        browser.value_of("input[name=name]"),
        NAME,
        "name pre-filled"
    );

    // Submitting the pre-filled form again is refused politely.
    browser.submit();
    let text = browser.page_text();
    assert!(
        text.to_lowercase().contains("already marked"),
        "second submit should say 'already marked'; page text was:\n{text}"
    );
    browser.screenshot("student-already.png");
    assert_one_row(&srv);

    println!("browser test passed in {:.1?}", started.elapsed());
}

/// The CSV must hold exactly one attendance row, for our student.
fn assert_one_row(srv: &Server) {
    let csv = srv.today_csv().expect("an attendance CSV should exist");
    let csv = csv.trim_start_matches('\u{feff}');
    let rows: Vec<&str> = csv
        .split("\r\n")
        .skip(1) // header
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(rows.len(), 1, "expected exactly one row; CSV was:\n{csv}");
    let prefix = format!("{ROLL},{NAME},");
    assert!(
        rows[0].starts_with(&prefix),
        "row should start with {prefix:?}; CSV was:\n{csv}"
    );
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn a_phone_scans_the_projected_qr_code_and_appears_on_the_teachers_screen() {
    let _alone = harness::alone();
    if let Some(reason) = reason_to_skip() {
        harness::skip(&format!("teacher browser test: {reason}"));
        return;
    }
    if Command::new("zbarimg").arg("--version").output().is_err() {
        if let Some(reason) = required_or("zbarimg not found (install Debian zbar-tools)".into()) {
            harness::skip(&format!("teacher browser test: {reason}"));
            return;
        }
    }
    let started = Instant::now();
    let srv = Server::builder().codes().start();
    let driver = Driver::start();
    let teacher = Session::start(&driver);
    let (link, code) = the_teacher_projects_the_qr_code(&teacher, &srv);
    let phone = Session::start(&driver);
    a_phone_follows_the_link_and_checks_in(&phone, &srv, &link, &code);
    the_row_appears_without_a_reload(&teacher);
    println!("teacher browser test passed in {:.1?}", started.elapsed());
}

/// The teacher's laptop, projecting: the QR code read off a screenshot
/// carries the join address and the code shown. Returns (link, code).
fn the_teacher_projects_the_qr_code(teacher: &Session, srv: &Server) -> (String, String) {
    teacher.window_size(PROJECTOR.0, PROJECTOR.1);
    teacher.goto(&format!("{}teacher", srv.url()));
    let shot = teacher.screenshot("teacher-empty.png");
    let link = read_qr(&shot);
    assert!(
        link.starts_with(&srv.url()) && link.contains("?code="),
        "the QR code carries the join address and the code: {link}"
    );
    let code = link.rsplit('=').next().unwrap_or("").to_string();
    let shown = teacher.js("return document.getElementById('code').textContent");
    assert_eq!(
        shown,
        json!(code),
        "the code in the QR code is the one shown"
    );
    // Marks the document: a reload would lose it.
    teacher.js("window.__sameTeacherPage = true");
    (link, code)
}

/// A phone scans it: the code is filled in, and the check-in is saved.
fn a_phone_follows_the_link_and_checks_in(phone: &Session, srv: &Server, link: &str, code: &str) {
    phone.emulate_phone();
    phone.goto(link);
    phone.assert_phone_layout();
    assert_eq!(
        phone.value_of("input[name=code]"),
        code,
        "code filled in from the link"
    );
    phone.type_into("input[name=roll]", ROLL);
    phone.type_into("input[name=name]", NAME);
    phone.screenshot("student-code.png");
    phone.submit();
    let text = phone.page_text();
    assert!(text.contains("Present"), "phone page after submit:\n{text}");
    assert_one_row(srv);
}

/// The teacher's screen shows the row by itself, without a reload.
fn the_row_appears_without_a_reload(teacher: &Session) {
    wait_for("the row on the teacher's screen", || {
        let list = teacher.js("return document.getElementById('marked').innerText");
        list.as_str()
            .filter(|t| t.contains(NAME) && t.contains(ROLL))
            .map(|_| ())
    });
    let present = teacher.js("return document.getElementById('present').textContent");
    assert_eq!(present, json!("1"));
    assert_eq!(
        teacher.js("return window.__sameTeacherPage === true"),
        json!(true),
        "the teacher's page was reloaded instead of updated"
    );
    teacher.screenshot("teacher.png");
}

/// The class of the projector test: 65 on the list, 60 of them marked, with
/// a 24-letter name, Devanagari and Tamil names and an apostrophe.
fn big_class() -> Vec<(String, String)> {
    let first = [
        "Aarav", "Priya", "Rahul", "Sneha", "Kiran", "Meera", "Arjun", "Divya", "Rohan", "Anita",
        "Vikram", "Lakshmi", "Farhan",
    ];
    let last = ["Sharma", "Nair", "Iyer", "Khan", "Das"];
    let mut class: Vec<(String, String)> = (0..65)
        .map(|i| {
            let name = format!("{} {}", first[i % first.len()], last[i / first.len()]);
            (format!("{}", 101 + i), name)
        })
        .collect();
    // The last ones to arrive are newest, on top of the list.
    let names = [
        "Anne-Marie D'Souza Fernandes",
        "உத்பவ் சிங் ராஜேந்திரன்",
        "தமிழ்செல்வி அருணாசலம்",
        "उद्भव सिंह राठौड़",
        "Venkataramanasubrahmanya",
    ];
    for (k, name) in names.iter().enumerate() {
        class[55 + k].1 = name.to_string();
    }
    class
}

/// Where things are on the teacher's screen, measured in the browser.
const MEASURE: &str = r#"
const vw = window.innerWidth, vh = window.innerHeight;
const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; };
const inView = el => { const r = box(el);
  return !!r && r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= vh + 0.5 && r.right <= vw + 0.5; };
const list = document.getElementById('marked');
const lr = list.getBoundingClientRect();
const rows = Array.prototype.slice.call(list.querySelectorAll('li'));
const shown = rows.filter(li => { const r = li.getBoundingClientRect();
  return r.height > 0 && r.top >= Math.max(0, lr.top) - 0.5 && r.bottom <= Math.min(vh, lr.bottom) + 0.5; });
const names = rows.map(li => { const n = li.querySelector('.name'); const cs = getComputedStyle(n);
  return { roll: li.querySelector('.roll').textContent, text: n.textContent, title: n.getAttribute('title'),
    height: n.getBoundingClientRect().height, lineHeight: parseFloat(cs.lineHeight),
    font: parseFloat(cs.fontSize), lines: n.getClientRects().length }; });
const q = s => document.querySelector(s);
const absent = Array.prototype.slice.call(document.querySelectorAll('#absent li'));
return {
  innerWidth: vw, innerHeight: vh,
  scrollWidth: document.documentElement.scrollWidth,
  qr: inView(q('#qr svg')), qrBox: box(q('#qr svg')),
  code: inView(q('#code')), codeFont: parseFloat(getComputedStyle(q('#code')).fontSize),
  count: inView(q('.count')),
  close: inView(q('form[action="/teacher/close"] button')),
  extend: inView(q('form[action="/teacher/extend"] button')),
  markRoll: inView(q('#m-roll')), markName: inView(q('#m-name')),
  markButton: inView(q('form.mark button')),
  rows: rows.length, rowsInView: shown.length,
  listScrolls: list.scrollHeight > list.clientHeight,
  names: names,
  absentSaid: (q('#absent-said') || {}).textContent,
  absentOpen: !!(q('#absent-box') && q('#absent-box').open),
  absentShown: absent.filter(li => li.getClientRects().length > 0 && inView(li.querySelector('.name'))).length,
  absentRows: absent.length,
  absentTitles: absent.map(li => li.querySelector('.name').getAttribute('title')),
  bodyText: document.body.innerText,
};"#;

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn the_projected_screen_fits_a_projector_with_a_class_of_sixty() {
    let _alone = harness::alone();
    if let Some(reason) = reason_to_skip() {
        harness::skip(&format!("projector browser test: {reason}"));
        return;
    }
    let started = Instant::now();
    let class = big_class();
    let lists = harness::TempDir::new();
    let srv = sixty_of_the_class_checked_in(&lists, &class);
    let (marked, absent) = class.split_at(60);
    the_page_as_served_without_scripts(&srv);
    let driver = Driver::start();
    let teacher = Session::start(&driver);
    for (width, height, shot) in [
        (1024, 625, Some("teacher-1024.png")),
        (1280, 577, Some("teacher-1280.png")),
        (1280, 720, None),
    ] {
        teacher.window_size(width, height);
        teacher.goto(&format!("{}teacher", srv.url()));
        let m = after_the_first_poll(&teacher);
        let size = format!("{width}x{height}");
        println!(
            "{size}: {} of {} rows in view; qr {}; code font {}; names at {} px",
            m["rowsInView"], m["rows"], m["qrBox"], m["codeFont"], m["names"][0]["font"]
        );
        what_a_class_needs_is_in_view(&m, width, height);
        the_names_stand_on_one_line_newest_first(&m, &class, marked, &size);
        the_absent_are_counted_not_projected(&m, absent, &size);
        if let Some(shot) = shot {
            teacher.screenshot(shot);
        }
    }
    the_countdowns_tick_between_polls(&teacher);
    the_toggle_lists_the_absent(&teacher, &srv, absent);
    a_student_arrives_and_the_screen_follows(&teacher, &srv, &absent[0]);
    closing_reloads_the_page_keeping_the_names_shown(&teacher, &srv);
    println!("projector browser test passed in {:.1?}", started.elapsed());
}

/// The test clock for the class of sixty: two seconds apart from 10:00.
fn sixty_at(secs: usize) -> String {
    format!("2026-02-10 10:{:02}:{:02}", secs / 60, secs % 60)
}

/// The class list of `class` and a server with it (`--minutes 30`), and
/// the first 60 of the class checked in, in list order: the last five are
/// the long and the non-Latin names, the newest on top. The test clock: a
/// class arriving two seconds apart, within the two minutes after which
/// the screen would say no phone has come (the laptop's own check-ins are
/// not phones).
fn sixty_of_the_class_checked_in(lists: &harness::TempDir, class: &[(String, String)]) -> Server {
    let list = lists.path().join("10A.csv");
    let mut csv = String::from("Roll,Name\r\n");
    for (roll, name) in class {
        csv.push_str(&format!("{roll},{name}\r\n"));
    }
    std::fs::write(&list, csv).expect("write list");
    let srv = Server::builder()
        .codes()
        .clock("2026-02-10 10:00:00")
        .arg("--roster")
        .arg(&list)
        .arg("--class")
        .arg("10A")
        .arg("--minutes")
        .arg("30")
        .start();
    for (i, (roll, name)) in class[..60].iter().enumerate() {
        srv.set_clock(&sixty_at(i * 2));
        let reply = srv.check_in_with_code(roll, name, &srv.code());
        assert_eq!(reply.status, 200, "{roll} {name}: {}", reply.body);
    }
    srv
}

/// The page as the server writes it (before the script runs): whole names
/// in titles, escaped; the absent counted. Without scripts the page
/// reloads itself: a link keeps the names shown.
fn the_page_as_served_without_scripts(srv: &Server) {
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains("<span class=\"name\" title=\"Anne-Marie D&#39;Souza Fernandes\">"),
        "{page}"
    );
    assert!(page.contains("<span id=\"absent-said\">5 not here yet</span>"));
    assert!(page.contains("<details class=\"absent\" id=\"absent-box\"><summary>"));
    let shown = srv.teacher_get("/teacher?absent=show").body;
    assert!(shown.contains("<details class=\"absent\" id=\"absent-box\" open>"));
}

/// Waits for the script's first poll to have swapped in the list (its
/// rows carry titles just as the page's), then measures the screen.
fn after_the_first_poll(teacher: &Session) -> serde_json::Value {
    wait_for("the first poll", || {
        (teacher.js("return document.getElementById('marked').getAttribute('data-polled')")
            == json!("yes"))
        .then_some(())
    });
    teacher.js(MEASURE)
}

fn num(m: &serde_json::Value, key: &str) -> f64 {
    m[key].as_f64().unwrap_or(-1.0)
}

/// The QR code, the code, the count, Close, +5 minutes, Mark by hand and
/// at least eight rows in view; no sideways scrolling; the list scrolls.
fn what_a_class_needs_is_in_view(m: &serde_json::Value, width: u32, height: u32) {
    let size = format!("{width}x{height}");
    assert_eq!(num(m, "innerWidth"), f64::from(width), "{size}");
    assert_eq!(num(m, "innerHeight"), f64::from(height), "{size}");
    assert!(
        num(m, "scrollWidth") <= f64::from(width),
        "{size}: the page scrolls sideways: {}",
        m["scrollWidth"]
    );
    for part in [
        "qr",
        "code",
        "count",
        "close",
        "extend",
        "markRoll",
        "markName",
        "markButton",
    ] {
        assert_eq!(m[part], json!(true), "{size}: {part} is not in view");
    }
    assert!(num(m, "codeFont") >= 80.0, "{size}: code too small");
    assert_eq!(m["rows"], json!(60), "{size}");
    assert!(
        num(m, "rowsInView") >= 8.0,
        "{size}: only {} marked rows in view",
        m["rowsInView"]
    );
    assert_eq!(
        m["listScrolls"],
        json!(true),
        "{size}: the list does not scroll"
    );
}

/// Newest on top; each name whole, on one line, in large type, the whole
/// name in its title.
fn the_names_stand_on_one_line_newest_first(
    m: &serde_json::Value,
    class: &[(String, String)],
    marked: &[(String, String)],
    size: &str,
) {
    let rows = m["names"].as_array().expect("names");
    assert_eq!(rows[0]["roll"], json!(marked[59].0), "{size}");
    assert_eq!(rows[59]["roll"], json!(marked[0].0), "{size}");
    for row in rows {
        let roll = row["roll"].as_str().unwrap_or("");
        let name = &class.iter().find(|(r, _)| r == roll).expect("listed").1;
        assert_eq!(row["title"], json!(name), "{size}: title of {roll}");
        assert_eq!(row["text"], json!(name), "{size}: name of {roll}");
        assert_eq!(row["lines"], json!(1), "{size}: {name} wraps");
        let (h, lh) = (num(row, "height"), num(row, "lineHeight"));
        assert!(
            h <= lh * 1.2 + 1.0,
            "{size}: {name} is {h} px tall, a line is {lh}"
        );
        assert!(num(row, "font") >= 20.0, "{size}: {name} too small");
    }
}

/// The absent: their number, not their names.
fn the_absent_are_counted_not_projected(
    m: &serde_json::Value,
    absent: &[(String, String)],
    size: &str,
) {
    assert_eq!(m["absentSaid"], json!("5 not here yet"), "{size}");
    assert_eq!(m["absentOpen"], json!(false), "{size}");
    assert_eq!(m["absentShown"], json!(0), "{size}");
    let text = m["bodyText"].as_str().unwrap_or("");
    for (_, name) in absent {
        assert!(!text.contains(name.as_str()), "{size}: {name} is projected");
    }
}

/// The test clock stands at 10:01:58: the server says "closes in 28:02"
/// and "New code in 2 s" at every poll. Between polls the script counts
/// them down in the server's words, and the next poll puts them right.
fn the_countdowns_tick_between_polls(teacher: &Session) {
    let both = "return document.getElementById('state').textContent + ' | ' + \
                document.getElementById('countdown').textContent";
    wait_for("the countdowns to tick", || {
        (teacher.js(both) == json!("Open — closes in 28:01 | New code in 1 s")).then_some(())
    });
    wait_for("the next poll to set them right", || {
        (teacher.js(both) == json!("Open — closes in 28:02 | New code in 2 s")).then_some(())
    });
}

/// The teacher opens the toggle: the absent are listed, in view, with the
/// class's own view kept.
fn the_toggle_lists_the_absent(teacher: &Session, srv: &Server, absent: &[(String, String)]) {
    teacher.window_size(1024, 625);
    teacher.goto(&format!("{}teacher", srv.url()));
    let summary = teacher.find("#absent-box summary");
    teacher.cmd("POST", &format!("/element/{summary}/click"), None);
    let m = teacher.js(MEASURE);
    assert_eq!(m["absentOpen"], json!(true));
    assert_eq!(m["absentRows"], json!(5));
    assert!(num(&m, "absentShown") >= 1.0, "{}", m["absentShown"]);
    let titles: Vec<_> = absent.iter().map(|(_, n)| json!(n)).collect();
    assert_eq!(m["absentTitles"], json!(titles));
    assert!(num(&m, "rowsInView") >= 4.0, "{}", m["rowsInView"]);
    for part in ["qr", "code", "count", "close", "extend"] {
        assert_eq!(m[part], json!(true), "toggle open: {part} is not in view");
    }
    teacher.screenshot("teacher-absent-open.png");
}

/// A student arrives: the count, the rows and the absent follow, the
/// toggle stays open and the page is not reloaded.
fn a_student_arrives_and_the_screen_follows(
    teacher: &Session,
    srv: &Server,
    (roll, name): &(String, String),
) {
    teacher.js("window.__sameTeacherPage = true");
    srv.set_clock(&sixty_at(119));
    let reply = srv.check_in_with_code(roll, name, &srv.code());
    assert_eq!(reply.status, 200, "{}", reply.body);
    wait_for("the new row on top", || {
        let top = teacher.js("return document.querySelector('#marked li .roll').textContent");
        (top == json!(roll)).then_some(())
    });
    let m = teacher.js(MEASURE);
    assert_eq!(m["rows"], json!(61));
    assert_eq!(m["names"][0]["title"], json!(name));
    assert_eq!(m["absentSaid"], json!("4 not here yet"));
    assert_eq!(m["absentRows"], json!(4));
    assert_eq!(m["absentOpen"], json!(true));
    assert_eq!(
        teacher.js("return document.getElementById('present').textContent"),
        json!("61")
    );
    assert_eq!(
        teacher.js("return window.__sameTeacherPage === true"),
        json!(true)
    );
}

/// Closing check-in reloads the page: the names stay shown as the teacher
/// left them.
fn closing_reloads_the_page_keeping_the_names_shown(teacher: &Session, srv: &Server) {
    assert_eq!(srv.act("close", "").status, 303);
    wait_for("the page to reload itself", || {
        let js = "return window.__sameTeacherPage !== true && document.readyState";
        (teacher.js(js) == json!("complete")).then_some(())
    });
    assert_eq!(
        teacher.js("return document.getElementById('absent-box').open"),
        json!(true)
    );
}

/// Reads the QR code in a screenshot with zbarimg, as a phone camera would.
pub(crate) fn read_qr(png: &Path) -> String {
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(png)
        .output()
        .expect("run zbarimg");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!text.is_empty(), "no QR code found in {}", png.display());
    text
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn every_page_passes_axe_core() {
    let _alone = harness::alone();
    if let Some(reason) = reason_to_skip() {
        harness::skip(&format!("accessibility test: {reason}"));
        return;
    }
    let mut axe = match axe_script() {
        Ok(script) => Axe {
            script,
            failures: Vec::new(),
        },
        Err(e) => {
            if let Some(reason) = required_or(e) {
                harness::skip(&format!("accessibility test: {reason}"));
            }
            return;
        }
    };
    // With a class list and a class name, so that the absentees and the
    // class's heading are checked too.
    let lists = harness::TempDir::new();
    let list = lists.path().join("list.csv");
    std::fs::write(&list, "Roll,Name\r\n12,उद्भव Singh\r\n13,Rahul\r\n").expect("write list");
    let srv = Server::builder()
        .codes()
        .arg("--roster")
        .arg(&list)
        .arg("--class")
        .arg("10A")
        .start();
    let driver = Driver::start();
    let browser = Session::start(&driver);
    axe.finds_what_is_wrong_with_a_bad_page(&browser);
    axe.checks_the_teachers_screen(&browser, &srv);
    axe.checks_the_student_pages(&browser, &srv);
    axe.checks_the_screen_with_no_phone_yet(&browser);
    assert!(
        axe.failures.is_empty(),
        "axe-core violations:\n{}",
        axe.failures.join("\n")
    );
}

/// axe-core, and what it found on the pages so far.
struct Axe {
    script: String,
    failures: Vec<String>,
}

impl Axe {
    fn check(&mut self, page: &str, browser: &Session) {
        let found = browser.axe_violations(&self.script);
        println!("axe: {page}: {} violation(s)", found.len());
        for v in found {
            self.failures.push(format!("{page}: {v}"));
        }
    }

    /// A control: axe does find what is wrong with a bad page.
    fn finds_what_is_wrong_with_a_bad_page(&self, browser: &Session) {
        browser.goto("data:text/html,<html><body><img src=x><input></body></html>");
        let control = browser.axe_violations(&self.script);
        assert!(
            control.iter().any(|v| v.starts_with("image-alt")),
            "axe did not run: {control:?}"
        );
    }

    /// The teacher's screen, and again with who is not here shown.
    fn checks_the_teachers_screen(&mut self, browser: &Session, srv: &Server) {
        browser.window_size(PROJECTOR.0, PROJECTOR.1);
        browser.goto(&format!("{}teacher", srv.url()));
        self.check("teacher's screen", browser);
        let summary = browser.find("#absent-box summary");
        browser.cmd("POST", &format!("/element/{summary}/click"), None);
        assert_eq!(
            browser.js("return document.getElementById('absent-box').open"),
            json!(true)
        );
        self.check("teacher's screen, who is not here shown", browser);
    }

    /// The form, the form with errors, present, already marked, not found,
    /// and closed (which closes check-in on `srv`).
    fn checks_the_student_pages(&mut self, browser: &Session, srv: &Server) {
        browser.emulate_phone();
        browser.goto(&srv.url());
        self.check("form", browser);
        // A refused check-in: the form with messages beside the fields.
        browser.type_into("input[name=roll]", "1 2");
        browser.type_into("input[name=name]", "R2D2");
        browser.type_into("input[name=code]", "0");
        browser.submit();
        self.check("form with errors", browser);
        let code = srv.code();
        browser.goto(&format!("{}?code={code}", srv.url()));
        browser.type_into("input[name=roll]", ROLL);
        browser.type_into("input[name=name]", NAME);
        browser.submit();
        self.check("present", browser);
        browser.goto(&format!("{}?code={code}", srv.url()));
        browser.submit();
        self.check("already marked", browser);
        browser.goto(&format!("{}nowhere", srv.url()));
        self.check("not found", browser);
        srv.act("close", "");
        browser.goto(&srv.url());
        self.check("closed", browser);
    }

    /// The teacher's screen when no phone has come in two minutes (what to
    /// check), with the laptop's other addresses and their "Use this one"
    /// buttons: a namespace's veth gives this machine one more address.
    fn checks_the_screen_with_no_phone_yet(&mut self, browser: &Session) {
        #[cfg(unix)]
        let extra = harness::netns::Netns::create().ok();
        let lonely = Server::builder()
            .codes()
            .arg("--bind")
            .arg("0.0.0.0")
            .clock("2026-02-10 10:00:00")
            .start();
        lonely.set_clock("2026-02-10 10:02:30");
        browser.window_size(PROJECTOR.0, PROJECTOR.1);
        browser.goto(&format!("http://127.0.0.1:{}/teacher", lonely.port));
        let text = browser.page_text();
        assert!(text.contains("No phone has reached this laptop"), "{text}");
        #[cfg(unix)]
        if extra.is_some() {
            assert!(text.contains("Use this one"), "{text}");
        }
        browser.screenshot("teacher-no-phone.png");
        // Below the fold: the code's modes, the other addresses, the files.
        browser.js("window.scrollTo(0, document.body.scrollHeight); return true");
        browser.screenshot("teacher-no-phone-below.png");
        self.check("teacher's screen, no phone yet", browser);
    }
}

#[test]
fn base64_decoder_works() {
    use harness::webdriver::base64_decode;
    assert_eq!(base64_decode(""), b"");
    assert_eq!(base64_decode("Zg=="), b"f");
    assert_eq!(base64_decode("Zm8="), b"fo");
    assert_eq!(base64_decode("Zm9v"), b"foo");
    assert_eq!(base64_decode("Zm9vYg==\n"), b"foob");
    assert_eq!(base64_decode("+/+/"), [0xfb, 0xff, 0xbf]);
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn the_teachers_tab_keeps_working_after_a_restart() {
    let _alone = harness::alone();
    if let Some(reason) = reason_to_skip() {
        harness::skip(&format!("restart browser test: {reason}"));
        return;
    }
    let dir = harness::TempDir::new();
    let folder = dir.path().join("attendance");
    let srv = Server::builder().dir(&folder).start();
    let port = srv.port;
    let driver = Driver::start();
    let teacher = Session::start(&driver);
    teacher.window_size(PROJECTOR.0, PROJECTOR.1);
    teacher.goto(&format!("{}teacher", srv.url()));
    teacher.js("window.__beforeRestart = true");
    // The window closed by mistake; rollcall started again on its port.
    drop(srv);
    let srv = Server::builder()
        .dir(&folder)
        .arg("--port")
        .arg(port.to_string())
        .start();
    assert_eq!(srv.port, port);
    // The open tab notices the new run and loads itself again...
    wait_for("the tab to reload with the new run", || {
        let old = teacher.js("return window.__beforeRestart === true");
        let ready = teacher.js("return document.readyState === 'complete'");
        (old == json!(false) && ready == json!(true)).then_some(())
    });
    // ...so its buttons work.
    teacher.js("document.querySelector('form[action=\"/teacher/close\"] button').click()");
    wait_for("check-in closed from the tab", || {
        (srv.status()["open"] == json!(false)).then_some(())
    });
    wait_for("the closed screen", || {
        let state = teacher.js("return document.getElementById('state').textContent");
        (state == json!("Closed")).then_some(())
    });
}

#[test]
#[cfg(target_os = "linux")]
#[ignore = "needs Chromium, chromedriver, axe-core and root for network namespaces: cargo test -- --include-ignored (.ci/run installs them)"]
fn phones_in_a_real_browser_send_their_clock_and_the_teacher_hears_of_a_wrong_one() {
    let _alone = harness::alone();
    if let Some(reason) = reason_to_skip() {
        harness::skip(&format!("phone clock browser test: {reason}"));
        return;
    }
    // The laptop thinks it is 2010; Chromium's clock is this machine's.
    // Three machines must agree: this browser (the laptop's own), and two
    // phones on the classroom's network sending this machine's clock as
    // clock.js does.
    use crate::harness::netns::netns_or_skip;
    let (a, b) = match (netns_or_skip(), netns_or_skip()) {
        (Some(a), Some(b)) => (a, b),
        _ => return,
    };
    let srv = Server::builder()
        .clock("2010-01-01 09:00:00")
        .arg("--bind")
        .arg("0.0.0.0")
        .start();
    for (ns, roll, name) in [(&a, "1", "Asha"), (&b, "3", "Meena")] {
        let reply = check_in_with_clock(ns, srv.port, roll, name);
        assert!(reply.contains("Present"), "{reply}");
    }
    let driver = Driver::start();
    let phone = Session::start(&driver);
    phone.emulate_phone();
    phone.goto(&srv.url());
    phone.type_into("input[name=roll]", "2");
    phone.type_into("input[name=name]", "Ravi");
    phone.submit();
    assert!(phone.page_text().contains("Present"));
    let said = srv.status()["clock"].as_str().unwrap_or("").to_string();
    let today = chrono_free_today();
    assert!(
        said.starts_with("This laptop's clock says 1 January 2010 09:00; the phones say ")
            && said.contains(&today),
        "{said} (today is {today})"
    );
    // The teacher's screen says so, projected; a row removed by mistake
    // shows Undo; and both pass axe-core.
    assert_eq!(srv.act("remove", "roll=2").status, 303);
    let teacher = Session::start(&driver);
    teacher.window_size(1024, 768);
    teacher.goto(&format!("{}teacher", srv.url()));
    let text = teacher.page_text();
    assert!(
        text.contains("This laptop's clock says 1 January 2010"),
        "{text}"
    );
    assert!(text.contains("Removed 2 Ravi"), "{text}");
    teacher.screenshot("teacher-undo-clock.png");
    teacher.js("document.querySelector('form[action=\"/teacher/undo\"] button').click()");
    wait_for("Ravi back on the list", || {
        (srv.status()["present"] == json!(3)).then_some(())
    });
    if let Ok(axe) = axe_script() {
        teacher.goto(&format!("{}teacher", srv.url()));
        let found = teacher.axe_violations(&axe);
        assert!(found.is_empty(), "axe-core: {found:?}");
    }
}

#[cfg(target_os = "linux")]
/// A check-in from the phone in namespace `ns`, the form opened first, with
/// this machine's clock as clock.js sends it: the whole answer.
fn check_in_with_clock(
    ns: &crate::harness::netns::Netns,
    port: u16,
    roll: &str,
    name: &str,
) -> String {
    use std::io::{Read, Write};
    let ask = |request: String| {
        let mut stream = ns.connect(port).expect("connect from the phone");
        stream.write_all(request.as_bytes()).expect("send");
        let mut raw = String::new();
        let _ = stream.read_to_string(&mut raw);
        raw
    };
    let host = format!("Host: {}:{port}\r\nConnection: close\r\n", ns.server_ip);
    let form = ask(format!("GET / HTTP/1.1\r\n{host}\r\n"));
    let ticket = harness::ticket_in(&form).expect("a form with a ticket");
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis();
    let body = format!("roll={roll}&name={name}&ticket={ticket}&phone_time={millis}");
    ask(format!(
        "POST / HTTP/1.1\r\n{host}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ))
}

/// Today's date as the status words write it ("10 February 2026"), from
/// `date`, the test's own view of the machine's clock.
fn chrono_free_today() -> String {
    let out = Command::new("date")
        .arg("+%-d %B %Y")
        .output()
        .expect("run date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A class of ten at 09:11, `--late-after 10`: six checked in on time;
/// then rollcall was restarted at 09:11 (the window closed by mistake),
/// which keeps the 09:00 opening: two late, one excused, one not here.
/// (Within two minutes of each start, so the screen has no "no phone yet"
/// hint: the laptop's own check-ins are not phones.)
fn a_class_with_the_late_and_the_excused(lists: &harness::TempDir) -> Server {
    let list = lists.path().join("10A.csv");
    let class = [
        ("1", "Aarav Sharma"),
        ("2", "Priya Nair"),
        ("3", "Rahul Iyer"),
        ("4", "Sneha Khan"),
        ("5", "उद्भव सिंह"),
        ("6", "Meera Das"),
        ("7", "Arjun Nair"),
        ("8", "தமிழ்செல்வி"),
        ("9", "Divya Iyer"),
        ("10", "Farhan Khan"),
    ];
    let mut csv = String::from("Roll,Name\r\n");
    for (roll, name) in class {
        csv.push_str(&format!("{roll},{name}\r\n"));
    }
    std::fs::write(&list, csv).expect("write list");
    let folder = lists.path().join("attendance");
    let start = |at: &str| {
        Server::builder()
            .dir(&folder)
            .codes()
            .clock(at)
            .arg("--roster")
            .arg(&list)
            .arg("--class")
            .arg("10A")
            .arg("--late-after")
            .arg("10")
            .start()
    };
    let srv = start("2026-02-10 09:00:00");
    for (i, (roll, name)) in class[..6].iter().enumerate() {
        let secs = 10 + i * 15;
        srv.set_clock(&format!("2026-02-10 09:{:02}:{:02}", secs / 60, secs % 60));
        let reply = srv.check_in_with_code(roll, name, &srv.code());
        assert_eq!(reply.status, 200, "{roll}: {}", reply.body);
    }
    drop(srv);
    let srv = start("2026-02-10 09:11:00");
    for (i, (roll, name)) in class[6..8].iter().enumerate() {
        srv.set_clock(&format!("2026-02-10 09:11:{:02}", 10 + i * 20));
        let reply = srv.check_in_with_code(roll, name, &srv.code());
        assert_eq!(reply.status, 200, "{roll}: {}", reply.body);
    }
    let fields = format!("roll=9&reason={}", harness::encode("Note from home: fever"));
    assert_eq!(srv.act("excuse", &fields).status, 303);
    srv
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn the_teachers_screen_shows_the_late_and_the_excused() {
    if let Some(reason) = reason_to_skip() {
        harness::skip(&format!("late and excused browser test: {reason}"));
        return;
    }
    let lists = harness::TempDir::new();
    let srv = a_class_with_the_late_and_the_excused(&lists);
    let driver = Driver::start();
    let teacher = Session::start(&driver);
    teacher.window_size(1024, 768);
    teacher.goto(&format!("{}teacher", srv.url()));
    after_the_first_poll(&teacher);
    the_late_and_the_excused_are_marked(&teacher);
    match axe_script() {
        Ok(axe) => {
            let found = teacher.axe_violations(&axe);
            assert!(found.is_empty(), "axe-core: {found:?}");
        }
        Err(e) => {
            required_or(e);
        }
    }
    a_reason_being_typed_is_not_swapped_away(&teacher, &srv);
    the_late_rule_set_from_the_screen(&teacher);
}

/// The rows the script swapped in say late as the server's did; the
/// absent list shows Excused beside Mark present, and the excused with
/// their reason; the screenshots.
fn the_late_and_the_excused_are_marked(teacher: &Session) {
    let count =
        |css: &str| teacher.js(&format!("return document.querySelectorAll('{css}').length"));
    assert_eq!(count("#marked .late"), json!(2));
    assert_eq!(
        teacher.js("return document.querySelector('#marked li .late').parentNode.querySelector('.roll').textContent"),
        json!("8")
    );
    let summary = teacher.find("#absent-box summary");
    teacher.cmd("POST", &format!("/element/{summary}/click"), None);
    assert_eq!(count("#absent li.excused"), json!(1));
    assert_eq!(
        count("#absent form.excuse"),
        json!(1),
        "{}",
        teacher.js("return document.getElementById('absent').innerHTML")
    );
    let text = teacher.page_text();
    for said in [
        "Late after 09:10:00 · 2 late",
        "1 not here yet, 1 excused",
        "Note from home: fever",
        "Excused 9 Divya Iyer",
    ] {
        assert!(text.contains(said), "{said}:\n{text}");
    }
    let shot = teacher.screenshot("teacher-late-excused.png");
    println!("screenshot: {}", shot.display());
    // The late rule's controls, below the fold.
    teacher.js("document.getElementById('late-h').scrollIntoView(); return true");
    teacher.screenshot("teacher-late-rule.png");
}

/// The teacher types a reason for Farhan (10) while Divya (9, excused)
/// checks in: the list keeps still around the typing, however many polls
/// come, while the count beside it follows; once the teacher leaves the
/// field, the next poll swaps the list in.
fn a_reason_being_typed_is_not_swapped_away(teacher: &Session, srv: &Server) {
    let reason = "#absent form.excuse input[name=reason]";
    teacher.type_into(reason, "Sick");
    srv.set_clock("2026-02-10 09:12:00");
    let reply = srv.check_in_with_code("9", "Divya Iyer", &srv.code());
    assert_eq!(reply.status, 200, "{}", reply.body);
    wait_for("the count and the number of the absent", || {
        let said = teacher.js("return document.getElementById('absent-said').textContent");
        let present = teacher.js("return document.getElementById('present').textContent");
        (said == json!("1 not here yet") && present == json!("9")).then_some(())
    });
    // Two polls more, each answered and drawn.
    teacher.js(
        "window.__polls = 0; var open = XMLHttpRequest.prototype.open;
         XMLHttpRequest.prototype.open = function (method, url) {
           if (String(url).indexOf('/teacher/parts.json') >= 0)
             this.addEventListener('loadend', function () { window.__polls++; });
           return open.apply(this, arguments);
         }; return true",
    );
    wait_for("two polls", || {
        (teacher.js("return window.__polls >= 2") == json!(true)).then_some(())
    });
    assert_eq!(
        teacher.value_of(reason),
        "Sick",
        "the typing was swapped away"
    );
    let rows = "return document.querySelectorAll('#absent li').length";
    assert_eq!(teacher.js(rows), json!(2), "the list was swapped");
    teacher.js("document.activeElement.blur(); return true");
    wait_for("the list without Divya", || {
        (teacher.js(rows) == json!(1)).then_some(())
    });
    assert_eq!(teacher.value_of(reason), "");
}

/// Set from the screen: the page reloads itself with the new rule.
fn the_late_rule_set_from_the_screen(teacher: &Session) {
    teacher.js(
        "var i = document.getElementById('late-min'); i.value = '20'; i.form.submit(); return true",
    );
    wait_for("the new rule on the screen", || {
        let said = teacher
            .js("return document.body.innerText.indexOf('Late after 09:20:00 · 0 late') >= 0");
        (said == json!(true)).then_some(())
    });
}
