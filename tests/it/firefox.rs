//! The pages in Firefox ESR, which the teacher's laptop often runs (and
//! some phones): headless Firefox through geckodriver. The student's
//! flows are `student_pages.rs`'s, in a 360x740 window; the teacher's
//! screen is projected at 1024x768.
//!
//! ```text
//! cargo test --test it -- firefox:: --include-ignored --nocapture
//! ```
//!
//! Needs Debian's firefox-esr, geckodriver (`cargo install --locked
//! geckodriver@0.37.1`; found on `PATH`, in `~/.cargo/bin` or at
//! `ROLLCALL_GECKODRIVER`), axe-core (npm) and, for the teacher's QR code,
//! zbar-tools: `#[ignore]`d unless asked for, and then failing where they
//! are missing.

use crate::browser::{read_qr, NAME};
use crate::harness::webdriver::{required_or, wait_for, Driver, Engine, Session};
use crate::harness::{self, expected_file, Server};
use crate::student_pages;
use crate::whole_screen;
use serde_json::json;
use std::process::Command;

#[test]
#[ignore = "needs Firefox ESR, geckodriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn firefox_form_saves_the_row_shows_the_month_and_then_already_marked() {
    student_pages::form_present_and_already_marked(Engine::Firefox);
}

#[test]
#[ignore = "needs Firefox ESR, geckodriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn firefox_hindi_tamil_and_telugu_phones_are_refused_and_present_in_their_words() {
    student_pages::refused_and_present_in_three_languages(Engine::Firefox);
}

/// The teacher's screen in Firefox at 1024x768, as a class uses it: the
/// code shown is the one in the QR code (read off a screenshot with
/// zbarimg); a phone's check-in appears in the list by itself once the
/// page has polled (`data-polled="yes"` on `#marked`), without a reload;
/// a student marked by hand from the screen lands in the file (the page's
/// own form, posted by Firefox); and the screen passes axe-core.
#[test]
#[ignore = "needs Firefox ESR, geckodriver, zbar-tools and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn firefox_teacher_screen_shows_the_code_and_the_class_as_it_arrives() {
    let _alone = harness::alone();
    let axe = match student_pages::ready(Engine::Firefox, "Firefox teacher test") {
        Some(axe) => axe,
        None => return,
    };
    if Command::new("zbarimg").arg("--version").output().is_err() {
        required_or("zbarimg not found (install Debian zbar-tools)".into());
    }
    let srv = Server::builder()
        .codes()
        .clock("2026-02-10 10:00:00")
        .start();
    let driver = Driver::laptop(Engine::Firefox, 1024, 768);
    let teacher = Session::start(&driver);
    teacher.window_size(1024, 768);
    teacher.goto(&format!("{}teacher", srv.url()));
    let polled = || {
        wait_for("the screen's poll (data-polled on #marked)", || {
            let js = "return document.getElementById('marked').getAttribute('data-polled')";
            (teacher.js(js) == json!("yes")).then_some(())
        })
    };
    polled();
    let code = srv.code();
    assert_eq!(
        teacher.js("return document.getElementById('code').textContent.trim()"),
        json!(code),
        "the code on the screen"
    );
    let link = read_qr(&teacher.screenshot("firefox-teacher-empty.png"));
    assert_eq!(link, format!("{}?code={code}", srv.url()), "the QR code");

    // A phone checks in; the screen shows it by itself.
    teacher.js("window.__sameTeacherPage = true");
    let reply = srv.check_in_with_code("12", NAME, &code);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let list = || {
        let js = "var m = document.getElementById('marked'); return m ? m.innerText : ''";
        teacher.js(js).as_str().unwrap_or_default().to_string()
    };
    wait_for("the check-in on the teacher's screen", || {
        let shown = list();
        (shown.contains(NAME) && shown.contains("12")).then_some(())
    });
    assert_eq!(
        teacher.js("return window.__sameTeacherPage === true"),
        json!(true),
        "the teacher's page was reloaded instead of updated"
    );

    // A student with a dead phone, marked by hand from the screen.
    teacher.type_into("#m-roll", "13");
    teacher.type_into("#m-name", "தமிழ்செல்வி");
    let button = teacher.find("form.mark button");
    teacher.cmd("POST", &format!("/element/{button}/click"), None);
    wait_for("the row marked by hand in the file", || {
        let rows = ["12,उद्भव Singh,10:00:00", "13,தமிழ்செல்வி,10:00:00"];
        (srv.csv("2026-02-10") == Some(expected_file(&rows))).then_some(())
    });
    // The screen comes back with both, and goes on polling.
    teacher.wait_loaded();
    wait_for("both rows on the teacher's screen", || {
        let shown = list();
        (shown.contains("தமிழ்செல்வி") && shown.contains(NAME)).then_some(())
    });
    polled();
    teacher.screenshot("firefox-teacher.png");
    let found = teacher.axe_violations(&axe);
    assert!(
        found.is_empty(),
        "axe-core on the teacher's screen: {found:?}"
    );
}

/// The whole class's view in Firefox at 1024x768, as in Chromium
/// (`whole_screen.rs`): a class of 60 fits, scrolling inside the view; the
/// rest marked by mouse and keyboard, late from a typed list, excused with
/// a reason; axe-core on each state.
#[test]
#[ignore = "needs Firefox ESR, geckodriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn firefox_whole_class_view_marks_the_rest() {
    let _alone = harness::alone();
    let axe = match student_pages::ready(Engine::Firefox, "Firefox whole class view") {
        Some(axe) => axe,
        None => return,
    };
    let lists = harness::TempDir::new();
    let (srv, _) = whole_screen::class_of_sixty(&lists, None);
    let driver = Driver::laptop(Engine::Firefox, 1024, 768);
    let teacher = Session::start(&driver);
    whole_screen::open_screen(&teacher, &srv);
    whole_screen::the_view_of_sixty_fits(&teacher, Engine::Firefox, &axe);
    whole_screen::the_rest_are_marked_several_at_a_time(&teacher, &srv, Engine::Firefox, &axe);
}

/// The heads, the spot check and not here in Firefox, as in Chromium.
#[test]
#[ignore = "needs Firefox ESR, geckodriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn firefox_heads_and_the_spot_check() {
    let _alone = harness::alone();
    let axe = match student_pages::ready(Engine::Firefox, "Firefox heads and spot check") {
        Some(axe) => axe,
        None => return,
    };
    let lists = harness::TempDir::new();
    let (srv, _) = whole_screen::class_of_sixty(&lists, None);
    let driver = Driver::laptop(Engine::Firefox, 1024, 768);
    let teacher = Session::start(&driver);
    whole_screen::open_screen(&teacher, &srv);
    whole_screen::heads_and_the_spot_check(&teacher, &srv, Engine::Firefox, &axe);
}

/// Firefox's tab when rollcall stops and starts again, as Chromium's.
#[test]
#[ignore = "needs Firefox ESR, geckodriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn firefox_tab_says_when_rollcall_is_not_answering_and_comes_back() {
    let _alone = harness::alone();
    let axe = match student_pages::ready(Engine::Firefox, "Firefox not answering") {
        Some(axe) => axe,
        None => return,
    };
    let lists = harness::TempDir::new();
    let folder = lists.path().join("attendance");
    let (srv, _) = whole_screen::class_of_sixty(&lists, Some(&folder));
    let driver = Driver::laptop(Engine::Firefox, 1024, 768);
    let teacher = Session::start(&driver);
    whole_screen::open_screen(&teacher, &srv);
    whole_screen::the_tab_knows_when_rollcall_stops(&teacher, srv, &lists, Engine::Firefox, &axe);
}
