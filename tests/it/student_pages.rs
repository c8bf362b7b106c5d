//! The student's pages as a phone's browser engine draws them, at 360 px:
//! what `webkit.rs` and `firefox.rs` run, each in its engine (Chromium's
//! are `browser.rs` and `language.rs`). Each flow is the real binary, the
//! real browser, the real CSV file; every page it shows is checked with
//! axe-core and saved as `target/screenshots/<engine>-….png`.

use crate::browser::NAME;
use crate::harness::webdriver::{axe_script, required_or, Driver, Engine, Session};
use crate::harness::{self, expected_file, Server};
use crate::language::{Expected, LANGUAGES};
use serde_json::{json, Value};

const DAY: &str = "2026-02-10";

/// Whether `engine`'s tests can run here: axe-core's script, or `None`
/// (said why) where they do not apply. Asked for without the engine or
/// axe-core, it fails saying what is missing.
pub fn ready(engine: Engine, test: &str) -> Option<String> {
    if let Some(reason) = engine.reason_to_skip() {
        harness::skip(&format!("{test}: {reason}"));
        return None;
    }
    match axe_script() {
        Ok(axe) => Some(axe),
        Err(e) => {
            required_or(e);
            None
        }
    }
}

/// axe-core's violations on the page, each named with the page.
pub fn check_axe(browser: &Session, axe: &str, page: &str, failures: &mut Vec<String>) {
    let found = browser.axe_violations(axe);
    println!("axe: {page}: {} violation(s)", found.len());
    failures.extend(found.into_iter().map(|v| format!("{page}: {v}")));
}

/// The month on the Present page: for each `.record` and `.record-low`
/// line, its text and the widths at which the percent sign was drawn on
/// another line than its number ("(100" at the end of one line, "%)" at
/// the start of the next): as drawn, and with the line narrowed a pixel at
/// a time from its width down to 120 px (a smaller phone, a larger text
/// setting, another font), so that whichever fonts this machine has, a
/// breakable space before the % shows.
const PERCENT_LINES: &str = r#"
function split(node, i) {
  var r = document.createRange();
  r.setStart(node, i - 2);
  r.setEnd(node, i + 1);
  var boxes = Array.prototype.filter.call(r.getClientRects(), function (b) { return b.width > 0; });
  return boxes.some(function (b) { return Math.abs(b.top - boxes[0].top) > b.height / 2; });
}
var out = [];
var lines = document.querySelectorAll('.record, .record-low');
for (var k = 0; k < lines.length; k++) {
  var el = lines[k], node = el.firstChild, text = node ? node.textContent : '';
  var i = text.indexOf('%'), widths = null;
  if (node && node.nodeType === 3 && i >= 2) {
    widths = split(node, i) ? ['as drawn'] : [];
    for (var w = el.getBoundingClientRect().width; w >= 120; w--) {
      el.style.width = w + 'px';
      if (split(node, i)) widths.push(Math.round(w));
    }
    el.style.width = '';
  }
  out.push({ cls: el.className, text: text, split: widths });
}
return out;"#;

/// The month's lines on the Present page, each with its percent sign
/// beside its number at every width, as a no-break space keeps it;
/// returns their texts.
pub fn assert_month_shown(browser: &Session, page: &str) -> Vec<String> {
    let lines = browser.js(PERCENT_LINES);
    println!("{page}: the month: {lines}");
    let lines = lines.as_array().cloned().unwrap_or_default();
    assert!(!lines.is_empty(), "{page}: no month on the Present page");
    lines
        .iter()
        .map(|line| {
            let text = line["text"].as_str().unwrap_or_default().to_string();
            assert_eq!(
                line["split"],
                json!([]),
                "{page}: the % is drawn on another line than its number (at these widths, px): {text:?}"
            );
            assert!(
                text.contains("\u{a0}%"),
                "{page}: no no-break space before the % in {text:?}"
            );
            text
        })
        .collect()
}

/// A phone's first check-in in `engine`: the form at 360 px, a roll and a
/// Devanagari name typed and the button tapped; the Present page with this
/// month (2 of 2 class days, 100 %, the percent on its number's line); the
/// row in the day's file byte for byte; back at the form, the roll and
/// name filled in from cookies, and tapping again says "already marked"
/// and writes nothing. Every page passes axe-core.
pub fn form_present_and_already_marked(engine: Engine) {
    let _alone = harness::alone();
    let axe = match ready(engine, &format!("{} form test", engine.name())) {
        Some(axe) => axe,
        None => return,
    };
    // Yesterday the student came, from this phone: today makes 2 of 2
    // class days.
    let folder = harness::TempDir::new();
    let days = folder.path().join("attendance");
    harness::earlier_day(&days, "2026-02-09", &[("12", NAME, "09:01:00")]);
    let srv = Server::builder()
        .dir(&days)
        .clock(&format!("{DAY} 10:12:05"))
        .start();
    let driver = Driver::phone(engine, None);
    let browser = Session::start(&driver);
    browser.emulate_phone();
    let shot = |name: &str| browser.screenshot(&format!("{}-{name}.png", engine.tag()));
    let mut failures = Vec::new();

    browser.goto(&srv.url());
    browser.set_device_cookie(&harness::device_of("12"));
    browser.goto(&srv.url());
    browser.assert_phone_layout();
    browser.type_into("input[name=roll]", "12");
    browser.type_into("input[name=name]", NAME);
    shot("student-form");
    check_axe(&browser, &axe, "form", &mut failures);
    browser.submit();
    let text = browser.page_text();
    for said in ["Present", "12", NAME, "at 10:12:05"] {
        assert!(
            text.contains(said),
            "Present page without {said:?}:\n{text}"
        );
    }
    shot("student-present");
    let month = assert_month_shown(&browser, "Present");
    assert_eq!(month, ["This month: 2 of 2 class days (100\u{a0}%)"]);
    check_axe(&browser, &axe, "present", &mut failures);
    let saved = expected_file(&[&format!("12,{NAME},10:12:05")]);
    assert_eq!(srv.csv(DAY), Some(saved.clone()), "the day's file");

    // Back at the form: filled in from cookies; a second tap writes nothing.
    browser.goto(&srv.url());
    assert_eq!(
        browser.value_of("input[name=roll]"),
        "12",
        "roll from a cookie"
    );
    assert_eq!(
        browser.value_of("input[name=name]"),
        NAME,
        "name from a cookie"
    );
    browser.submit();
    let text = browser.page_text();
    assert!(
        text.contains("Roll 12 is already marked (at 10:12)"),
        "second tap:\n{text}"
    );
    shot("student-already");
    check_axe(&browser, &axe, "already marked", &mut failures);
    assert_eq!(srv.csv(DAY), Some(saved), "a second tap wrote to the file");
    assert!(
        failures.is_empty(),
        "axe-core violations in {}:\n{}",
        engine.name(),
        failures.join("\n")
    );
}

/// Phones set to Hindi, Tamil and Telugu, in `engine`: each gets the form
/// in its language, a mistyped roll refused in its words (Devanagari,
/// Tamil, Telugu letters) with nothing written, then its check-in's Present
/// page in its language with the month, the percent signs beside their
/// numbers. Ten class days this month, today the tenth: the Hindi and Tamil
/// students came on the first and today, from their phones (2 of 10, 20 %,
/// and the line under the class's 75 %), the Telugu one every day (10 of
/// 10, 100 %: the line WebKit broke between "(100" and "%)" before the
/// no-break space). The rows land in
/// the day's file byte for byte; every page passes axe-core.
pub fn refused_and_present_in_three_languages(engine: Engine) {
    let _alone = harness::alone();
    let axe = match ready(engine, &format!("{} language test", engine.name())) {
        Some(axe) => axe,
        None => return,
    };
    let (hindi, tamil, telugu) = (
        language("hi").student,
        language("ta").student,
        language("te").student,
    );
    let folder = harness::TempDir::new();
    let days = folder.path().join("attendance");
    for day in 1..10 {
        let mut came = vec![("43", telugu, "09:00:00")];
        if day == 1 {
            came.extend([("41", hindi, "09:00:00"), ("42", tamil, "09:00:00")]);
        }
        harness::earlier_day(&days, &format!("2026-02-{day:02}"), &came);
    }
    let srv = Server::builder()
        .dir(&days)
        .clock(&format!("{DAY} 10:12:05"))
        .start();
    let mut failures = Vec::new();
    let mut rows = Vec::new();
    for (roll, code, phone, month) in [
        ("41", "hi", "hi-IN", "(20\u{a0}%)"),
        ("42", "ta", "ta-IN", "(20\u{a0}%)"),
        ("43", "te", "te-IN", "(100\u{a0}%)"),
    ] {
        let lang = language(code);
        let page = |what: &str| format!("{} {code}: {what}", engine.name());
        let driver = Driver::phone(engine, Some(phone));
        let browser = Session::start(&driver);
        browser.emulate_phone();
        let shot = |name: &str| browser.screenshot(&format!("{}-{name}.png", engine.tag()));

        browser.goto(&srv.url());
        browser.set_device_cookie(&harness::device_of(roll));
        browser.goto(&srv.url());
        browser.assert_phone_layout();
        assert_eq!(
            browser.js("return document.documentElement.lang"),
            json!(code)
        );
        assert!(
            browser.page_text().contains(lang.roll_label),
            "{}",
            page("form")
        );
        browser.type_into("input[name=roll]", "1 2");
        browser.type_into("input[name=name]", lang.student);
        let before = srv.csv(DAY);
        browser.submit();
        let said = visible_text(&browser, "#roll-err");
        assert!(
            said.starts_with(lang.roll_chars),
            "{}: {said:?}",
            page("refused")
        );
        shot(&format!("student-{code}-refused"));
        check_axe(&browser, &axe, &page("form refusing a roll"), &mut failures);
        assert_eq!(
            srv.csv(DAY),
            before,
            "{}: a refused roll was written",
            page("refused")
        );

        browser.type_into("input[name=roll]", roll);
        browser.submit();
        let text = browser.page_text();
        for words in [lang.present, lang.at, lang.student] {
            assert!(
                text.contains(words),
                "{}: {words}:\n{text}",
                page("present")
            );
        }
        shot(&format!("student-{code}-present"));
        let lines = assert_month_shown(&browser, &page("present"));
        assert!(lines[0].contains(month), "{}: {lines:?}", page("present"));
        // Under the threshold, and so a second line, unless every day.
        let expected = if code == "te" { 1 } else { 2 };
        assert_eq!(lines.len(), expected, "{}: {lines:?}", page("present"));
        check_axe(
            &browser,
            &axe,
            &page("present, with the month"),
            &mut failures,
        );
        rows.push(format!("{roll},{},10:12:05", lang.student));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    assert_eq!(srv.csv(DAY), Some(expected_file(&rows)), "the day's file");
    assert!(
        failures.is_empty(),
        "axe-core violations in {}:\n{}",
        engine.name(),
        failures.join("\n")
    );
}

fn language(code: &str) -> &'static Expected {
    LANGUAGES
        .iter()
        .find(|lang| lang.code == code)
        .unwrap_or_else(|| panic!("no language {code}"))
}

/// The text of the element matching `css`, which must be drawn: displayed,
/// of some size, and within the phone's width.
pub fn visible_text(browser: &Session, css: &str) -> String {
    let el = browser.find(css);
    let shown = browser.cmd("GET", &format!("/element/{el}/displayed"), None);
    assert_eq!(shown, json!(true), "{css} is not displayed");
    let rect: Value = browser.cmd("GET", &format!("/element/{el}/rect"), None);
    let num = |key: &str| rect[key].as_f64().unwrap_or(-1.0);
    assert!(
        num("width") > 0.0 && num("height") > 0.0 && num("x") + num("width") <= 360.5,
        "{css} is not drawn within the phone: {rect}"
    );
    let text = browser.cmd("GET", &format!("/element/{el}/text"), None);
    text.as_str().unwrap_or_default().to_string()
}
