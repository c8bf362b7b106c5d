//! The HTML pages students see, built from the files in `www/`.
//!
//! The pages are compiled into the binary (a teacher carries one file), and
//! filled by `fill`, which replaces `{{slot}}` markers in a single pass, so a
//! name that contains `{{roll}}` stays text. Every value put in a slot goes
//! through `escape` first, except the few slots that hold markup we built.

use crate::guards::Refusal;
use crate::lang::{self, Lang};
use crate::register::Mark;
use crate::standing::Standing;
use crate::validate::FieldErrors;
use chrono::{Datelike, NaiveDate, Timelike};
use std::borrow::Cow;

const PAGE: &str = include_str!("../www/page.html");
const STYLE: &str = include_str!("../www/style.css");
const FORM: &str = include_str!("../www/form.html");
const CODE_FIELD: &str = include_str!("../www/code-field.html");
const PRESENT: &str = include_str!("../www/present.html");
const ALREADY: &str = include_str!("../www/already.html");
const MESSAGE: &str = include_str!("../www/message.html");

/// What the form shows: the values to keep and any messages.
#[derive(Debug, Default)]
pub struct FormView<'a> {
    pub roll: &'a str,
    pub name: &'a str,
    pub errors: FieldErrors,
    /// A message above the form, e.g. "Could not save", in the page's
    /// language.
    pub notice: Option<&'a str>,
    /// The code field, when the session asks for one: what to fill in.
    pub code: Option<&'a str>,
    /// Why the code was refused.
    pub code_error: Option<&'a Refusal>,
    /// The form's ticket (`guards::tickets`), to be sent back with it.
    pub ticket: &'a str,
    /// A message about the roll that is not a typing mistake ("Roll 99 is
    /// not on the class list"), in the page's language, shown where a roll
    /// error would be.
    pub roll_message: Option<&'a str>,
}

/// A field's message, if any, below it.
fn field_error(id: &str, message: Option<&str>) -> String {
    match message {
        Some(m) => format!("<p class=\"err\" id=\"{id}-err\">{}</p>", escape(m)),
        None => String::new(),
    }
}

/// A field with a message is marked invalid for screen readers.
fn invalid(message: Option<&str>) -> &'static str {
    if message.is_some() {
        " aria-invalid=\"true\""
    } else {
        ""
    }
}

/// The check-in form, in `lang`.
pub fn form(lang: Lang, date: NaiveDate, view: &FormView<'_>) -> String {
    let t = lang.text();
    let notice = match view.notice {
        Some(m) => format!("<p class=\"notice\" role=\"alert\">{}</p>", escape(m)),
        None => String::new(),
    };
    let problem = |p: Option<_>| p.map(|p| lang.problem(p));
    let roll_error = problem(view.errors.roll);
    let roll_error = roll_error.as_deref().or(view.roll_message);
    let name_error = problem(view.errors.name);
    let name_error = name_error.as_deref();
    let body = fill(
        FORM,
        &[
            ("attendance", &escape(t.attendance())),
            ("date", &escape(&date_in(lang, date))),
            ("notice", &notice),
            ("roll_label", &escape(t.roll())),
            ("roll", &escape(view.roll)),
            ("roll_error", &field_error("roll", roll_error)),
            ("roll_invalid", invalid(roll_error)),
            ("name_label", &escape(t.name())),
            ("name", &escape(view.name)),
            ("name_error", &field_error("name", name_error)),
            ("name_invalid", invalid(name_error)),
            ("code_field", &code_field(lang, view)),
            ("ticket", &escape(view.ticket)),
            ("button", &escape(t.button())),
            ("remembers", &escape(t.remembers())),
        ],
    );
    page(lang, t.attendance(), "", &body)
}

/// The form's code field, when the session asks for a code.
fn code_field(lang: Lang, view: &FormView<'_>) -> String {
    let code = match view.code {
        Some(code) => code,
        None => return String::new(),
    };
    // A returning phone has roll and name filled in: the code is what is
    // left to type.
    let ready = !view.roll.is_empty() && !view.name.is_empty() && code.is_empty();
    let error = view.code_error.map(|r| lang.refusal(r).1);
    let error = error.as_deref();
    fill(
        CODE_FIELD,
        &[
            ("code_label", &escape(lang.text().code())),
            ("code", &escape(code)),
            ("code_error", &field_error("code", error)),
            ("code_invalid", invalid(error)),
            ("autofocus", if ready { " autofocus" } else { "" }),
        ],
    )
}

/// "Present — 12 Udbhav at 10:12:05", large enough to show across a room,
/// and how the student stands this month.
pub fn present(lang: Lang, date: NaiveDate, mark: &Mark, record: Option<Record>) -> String {
    let t = lang.text();
    let at = lang::fill(t.at(), &[("time", &lang.digits(&mark.time.to_string()))]);
    let body = fill(
        PRESENT,
        &[
            ("present", &escape(t.present())),
            ("roll", &escape(&mark.roll)),
            ("name", &escape(&mark.name)),
            ("at", &escape(&at)),
            ("date", &escape(&date_in(lang, date))),
            ("show", &escape(t.show())),
            (
                "record",
                &record.map(|r| record_lines(lang, r)).unwrap_or_default(),
            ),
        ],
    );
    let title = format!("{} — {} {} {at}", t.present(), mark.roll, mark.name);
    page(lang, &title, "done present", &body)
}

/// A student's month on the Present page, and the teacher's threshold.
pub struct Record {
    pub standing: Standing,
    pub threshold: u32,
}

/// "This month: 18 of 20 class days (90 %)", and a calm word when that is
/// under the threshold, in the page's language and digits.
fn record_lines(lang: Lang, record: Record) -> String {
    let Record {
        standing,
        threshold,
    } = record;
    let t = lang.text();
    let month = lang::fill(
        t.record(),
        &[
            ("n", &lang.number(standing.present)),
            ("of", &lang.number(standing.days)),
            ("percent", &lang.digits(&standing.percent())),
        ],
    );
    let mut lines = format!("<p class=\"record\">{}</p>", escape(&month));
    if standing.is_below(threshold) {
        let low = lang::fill(t.record_low(), &[("min", &lang.number(threshold as usize))]);
        lines.push_str(&format!("<p class=\"record-low\">{}</p>", escape(&low)));
    }
    lines
}

/// "Roll 12 was already marked at 10:12": the roll the phone typed and the
/// minute, nothing it did not type (not the name it was marked as: any
/// phone may ask of any roll).
pub fn already(lang: Lang, mark: &Mark) -> String {
    let t = lang.text();
    let minute = format!("{:02}:{:02}", mark.time.hour(), mark.time.minute());
    let time = lang.digits(&minute);
    let when = lang::fill(t.already_at(), &[("roll", &mark.roll), ("time", &time)]);
    let body = fill(
        ALREADY,
        &[
            ("already", &escape(t.already())),
            ("when", &escape(&when)),
            ("nothing_new", &escape(t.nothing_new())),
        ],
    );
    page(lang, t.already(), "done already", &body)
}

/// A page with a heading and one sentence, in English: the teacher's, and
/// the few no phone's form can bring about.
pub fn message(heading: &str, message: &str) -> String {
    message_in(Lang::En, heading, message)
}

/// A page with a heading and one sentence in `lang`, linking back to the
/// form: a student's refusals and 404s.
pub fn message_in(lang: Lang, heading: &str, message: &str) -> String {
    let body = message_body(heading, message, "/", lang.text().back());
    page(lang, heading, "", &body)
}

/// An English message page whose link goes to `href` (ours, not user text).
pub fn message_linking(heading: &str, message: &str, href: &str, link: &str) -> String {
    page(
        Lang::En,
        heading,
        "",
        &message_body(heading, message, href, link),
    )
}

fn message_body(heading: &str, message: &str, href: &str, link: &str) -> String {
    fill(
        MESSAGE,
        &[
            ("heading", &escape(heading)),
            ("message", &escape(message)),
            ("href", href),
            ("link", &escape(link)),
        ],
    )
}

fn page(lang: Lang, title: &str, class: &str, body: &str) -> String {
    fill(
        PAGE,
        &[
            ("lang", lang.code()),
            ("title", &escape(title)),
            ("style", STYLE),
            ("class", class),
            ("body", body),
        ],
    )
}

/// "10 February 2026": unambiguous in every country's date order. Built
/// from chrono's fields and our month names rather than its strftime
/// formatter, which costs 30 KiB of binary (see docs/benchmarks.md, "Size").
pub fn long_date(date: NaiveDate) -> String {
    date_in(Lang::En, date)
}

/// The date in `lang`'s words and digits: "10 फ़रवरी 2026", "১০ ফেব্রুয়ারি ২০২৬"
/// (day, month, year in each of them).
pub fn date_in(lang: Lang, date: NaiveDate) -> String {
    let month = lang.text().month(date.month0() as usize);
    let day = lang.number(date.day() as usize);
    format!("{day} {month} {}", lang.digits(&date.year().to_string()))
}

/// Replaces each `{{key}}` in `template` with its value, in one pass:
/// text inside values is never scanned for markers.
pub fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let values: usize = slots.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::with_capacity(template.len() + values);
    let mut rest = template;
    while let Some(start) = pair_at(rest, b'{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match pair_at(after, b'}') {
            Some(end) => {
                let key = &after[..end];
                match slots.iter().find(|(k, _)| *k == key) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where `b` stands twice in a row in `text` (`{{`, `}}`). Every page is
/// filled on every request: a search for the one byte (`memchr`, a word
/// at a time), then a look at the next, beats a byte-by-byte walk and a
/// two-byte pattern's set-up. (`b` is ASCII, so a match is never inside a
/// character of another script.)
fn pair_at(text: &str, b: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(char::from(b)) {
        let at = from + i;
        if text.as_bytes().get(at + 1) == Some(&b) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Escapes text for HTML element content and quoted attribute values;
/// text with nothing to escape (most of what a page shows) is not copied.
pub fn escape(text: &str) -> Cow<'_, str> {
    let is_special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let first = match text.bytes().position(|b| is_special(&b)) {
        Some(at) => at,
        None => return Cow::Borrowed(text),
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    // The text between the characters to escape is copied whole (they are
    // ASCII, so never inside a character of another script).
    while let Some(at) = rest.bytes().position(|b| is_special(&b)) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Problem;
    use chrono::NaiveTime;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, 10).expect("valid date")
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn fill_does_not_rescan_values() {
        assert_eq!(
            fill("{{a}}-{{b}}-{{c}}", &[("a", "{{b}}"), ("b", "2")]),
            "{{b}}-2-{{c}}"
        );
        assert_eq!(fill("x {{open", &[]), "x {{open");
    }

    #[test]
    fn form_keeps_typed_values_escaped_with_messages() {
        let html = form(
            Lang::En,
            date(),
            &FormView {
                roll: "12\"><b>",
                name: "<i>Ann</i>",
                errors: FieldErrors {
                    roll: Some(Problem::RollChars),
                    name: None,
                },
                ticket: "",
                notice: None,
                code: Some("12\"3"),
                code_error: Some(&Refusal::new(&crate::guards::rules::code::EXPIRED)),
                roll_message: None,
            },
        );
        assert!(html.contains("value=\"12&quot;3\""));
        assert!(html.contains("id=\"code-err\">That code has expired"));
        assert!(html.contains("value=\"12&quot;&gt;&lt;b&gt;\""));
        assert!(html.contains("value=\"&lt;i&gt;Ann&lt;/i&gt;\""));
        assert!(html.contains("id=\"roll-err\">A roll number uses only"));
        assert!(!html.contains("id=\"name-err\""));
        assert!(!html.contains("{{"), "every slot filled");
        assert!(html.contains("10 February 2026"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<title>Attendance</title>"));
    }

    #[test]
    fn every_language_fills_every_slot_escaped() {
        let mark = Mark {
            roll: "12".into(),
            name: "<b>".into(),
            time: NaiveTime::from_hms_opt(10, 12, 5).expect("valid"),
        };
        // Bound first: Rust 1.63 does not extend a temporary's life behind
        // `&` inside a struct literal bound by `let`.
        let wrong = Refusal::new(&crate::guards::rules::code::WRONG);
        for lang in crate::lang::OFFERED {
            let view = FormView {
                errors: FieldErrors {
                    roll: Some(Problem::RollLong),
                    name: Some(Problem::NameChars),
                },
                code: Some(""),
                code_error: Some(&wrong),
                notice: Some(lang.text().not_saved()),
                ..FormView::default()
            };
            let (heading, text) = lang.refusal(&crate::guards::Refusal::with(
                &crate::guards::rules::second_roll::SECOND_ROLL,
                crate::guards::Detail::Roll("7".into()),
            ));
            for html in [
                form(lang, date(), &view),
                present(lang, date(), &mark, None),
                already(lang, &mark),
                message_in(lang, &heading, &text),
            ] {
                let code = lang.code();
                assert!(html.contains(&format!("<html lang=\"{code}\">")), "{code}");
                assert!(
                    !html.contains("{{") && !html.contains("{n}"),
                    "{code}: {html}"
                );
                assert!(
                    !html.contains("{roll}") && !html.contains("{time}"),
                    "{code}"
                );
                assert!(!html.contains("<b>"), "{code}: the name is escaped");
            }
        }
    }

    #[test]
    fn bengali_and_marathi_pages_write_their_own_digits() {
        let mark = Mark {
            roll: "12".into(),
            name: "Asha".into(),
            time: NaiveTime::from_hms_opt(10, 12, 5).expect("valid"),
        };
        let html = present(Lang::Bn, date(), &mark, None);
        assert!(html.contains("১০:১২:০৫-এ"), "{html}");
        assert!(html.contains("১০ ফেব্রুয়ারি ২০২৬"), "{html}");
        // The roll as it was saved.
        assert!(html.contains("<span class=\"roll\">12</span>"), "{html}");
        let html = already(Lang::Mr, &mark);
        assert!(html.contains("क्रमांक 12 ची हजेरी १०:१२ वाजता"), "{html}");
        let html = present(Lang::Hi, date(), &mark, None);
        assert!(html.contains("10:12:05 बजे") && html.contains("10 फ़रवरी 2026"));
        assert_eq!(date_in(Lang::Ta, date()), "10 பிப்ரவரி 2026");
        assert_eq!(long_date(date()), "10 February 2026");
    }

    #[test]
    fn pages_are_small_and_self_contained() {
        for lang in crate::lang::OFFERED {
            let html = form(
                lang,
                date(),
                &FormView {
                    code: Some(""),
                    ..FormView::default()
                },
            );
            assert!(html.contains("inputmode=\"numeric\""));
            assert!(html.len() < 16 * 1024, "{} bytes", html.len());
            for external in ["http://", "https://", "@import", "url("] {
                assert!(!html.contains(external), "{external}");
            }
            // One script, our own, which only sends the phone's clock along.
            assert_eq!(html.matches("<script").count(), 1);
            assert!(html.contains("<script src=\"/clock.js\"></script>"));
        }
    }

    #[test]
    fn present_page_shows_roll_name_and_time() {
        let mark = Mark {
            roll: "12".into(),
            name: "Udbhav".into(),
            time: NaiveTime::from_hms_opt(10, 12, 5).expect("valid"),
        };
        let html = present(Lang::En, date(), &mark, None);
        assert!(html.contains("<title>Present — 12 Udbhav at 10:12:05</title>"));
        assert!(html.contains("12 Udbhav"));
        assert!(!html.contains("This month"));
        let html = already(Lang::En, &mark);
        assert!(
            html.contains("Roll 12 is already marked (at 10:12)"),
            "{html}"
        );
        // Nothing the phone did not type: not the name it was marked as.
        assert!(!html.contains("Udbhav"), "{html}");
        let html = present(Lang::Ta, date(), &mark, None);
        assert!(html.contains("<title>வருகை பதிவானது — 12 Udbhav 10:12:05 மணிக்கு</title>"));
    }

    #[test]
    fn present_page_says_how_the_month_stands() {
        let mark = Mark {
            roll: "12".into(),
            name: "Udbhav".into(),
            time: NaiveTime::from_hms_opt(10, 12, 5).expect("valid"),
        };
        let standing = Standing {
            present: 17,
            days: 20,
        };
        let record = |threshold| {
            Some(Record {
                standing,
                threshold,
            })
        };
        let html = present(Lang::En, date(), &mark, record(75));
        assert!(html.contains("This month: 17 of 20 class days (85\u{a0}%)"));
        assert!(!html.contains("below"));
        let html = present(Lang::En, date(), &mark, record(90));
        assert!(html.contains("below the 90\u{a0}%"));
        // Bengali pages write Bengali digits.
        let html = present(Lang::Bn, date(), &mark, record(90));
        assert!(
            html.contains("১৭") && html.contains("২০") && html.contains("৯০"),
            "{html}"
        );
    }
}
