//! The HTML pages students see, built from the files in `www/`.
//!
//! The pages are compiled into the binary (a teacher carries one file), and
//! filled by `fill`, which replaces `{{slot}}` markers in a single pass, so a
//! name that contains `{{roll}}` stays text. Every value put in a slot goes
//! through `escape` first, except the few slots that hold markup we built.

use crate::register::Mark;
use crate::standing::Standing;
use crate::validate::FieldErrors;
use chrono::{Datelike, Month, NaiveDate};

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
    /// A message above the form, e.g. "Could not save".
    pub notice: Option<&'a str>,
    /// The code field, when the session asks for one: what to fill in.
    pub code: Option<&'a str>,
    /// Why the code was refused.
    pub code_error: Option<&'a str>,
    /// A message about the roll that is not a typing mistake ("Roll 99 is
    /// not on the class list"), shown where a roll error would be.
    pub roll_message: Option<&'a str>,
}

/// The check-in form.
pub fn form(date: NaiveDate, view: &FormView<'_>) -> String {
    let field_error = |id: &str, message: Option<&str>| match message {
        Some(m) => format!("<p class=\"err\" id=\"{id}-err\">{}</p>", escape(m)),
        None => String::new(),
    };
    let invalid = |message: Option<&str>| {
        if message.is_some() {
            " aria-invalid=\"true\""
        } else {
            ""
        }
    };
    let notice = match view.notice {
        Some(m) => format!("<p class=\"notice\" role=\"alert\">{}</p>", escape(m)),
        None => String::new(),
    };
    let code_field = match view.code {
        Some(code) => {
            // A returning phone has roll and name filled in: the code is
            // what is left to type.
            let ready = !view.roll.is_empty() && !view.name.is_empty() && code.is_empty();
            fill(
                CODE_FIELD,
                &[
                    ("code", &escape(code)),
                    ("code_error", &field_error("code", view.code_error)),
                    ("code_invalid", invalid(view.code_error)),
                    ("autofocus", if ready { " autofocus" } else { "" }),
                ],
            )
        }
        None => String::new(),
    };
    let body = fill(
        FORM,
        &[
            ("date", &escape(&long_date(date))),
            ("notice", &notice),
            ("roll", &escape(view.roll)),
            ("name", &escape(view.name)),
            (
                "roll_error",
                &field_error("roll", view.errors.roll.or(view.roll_message)),
            ),
            ("name_error", &field_error("name", view.errors.name)),
            (
                "roll_invalid",
                invalid(view.errors.roll.or(view.roll_message)),
            ),
            ("name_invalid", invalid(view.errors.name)),
            ("code_field", &code_field),
        ],
    );
    page("Attendance", "", &body)
}

/// "Present — 12 Udbhav at 10:12:05", large enough to show across a room,
/// and how the student stands this month.
pub fn present(date: NaiveDate, mark: &Mark, record: Option<Record>) -> String {
    let time = mark.time.to_string();
    let body = fill(
        PRESENT,
        &[
            ("roll", &escape(&mark.roll)),
            ("name", &escape(&mark.name)),
            ("time", &time),
            ("date", &escape(&long_date(date))),
            ("record", &record.map(record_lines).unwrap_or_default()),
        ],
    );
    let title = format!("Present — {} {} at {}", mark.roll, mark.name, time);
    page(&title, "done present", &body)
}

/// A student's month on the Present page, and the teacher's threshold.
pub struct Record {
    pub standing: Standing,
    pub threshold: u32,
}

/// "This month: 18 of 20 class days (90 %)", and a calm word when that is
/// under the threshold.
fn record_lines(record: Record) -> String {
    let Record {
        standing,
        threshold,
    } = record;
    let mut lines = format!(
        "<p class=\"record\">This month: {} of {} class days ({} %)</p>",
        standing.present,
        standing.days,
        standing.percent()
    );
    if standing.is_below(threshold) {
        lines.push_str(&format!(
            "<p class=\"record-low\">That is below the {threshold} % your class asks for. Every day you come from now counts.</p>"
        ));
    }
    lines
}

/// "Roll 12 was already marked at 10:12:05", with the name it was marked as.
pub fn already(mark: &Mark) -> String {
    let time = mark.time.to_string();
    let body = fill(
        ALREADY,
        &[
            ("roll", &escape(&mark.roll)),
            ("name", &escape(&mark.name)),
            ("time", &time),
        ],
    );
    page("Already marked", "done already", &body)
}

/// A page with a heading and one sentence: errors and 404s.
pub fn message(heading: &str, message: &str) -> String {
    message_linking(heading, message, "/", "Back to the check-in page")
}

/// A message page whose link goes to `href` (ours, not user text).
pub fn message_linking(heading: &str, message: &str, href: &str, link: &str) -> String {
    let body = fill(
        MESSAGE,
        &[
            ("heading", &escape(heading)),
            ("message", &escape(message)),
            ("href", href),
            ("link", &escape(link)),
        ],
    );
    page(heading, "", &body)
}

fn page(title: &str, class: &str, body: &str) -> String {
    fill(
        PAGE,
        &[
            ("title", &escape(title)),
            ("style", STYLE),
            ("class", class),
            ("body", body),
        ],
    )
}

/// "10 February 2026": unambiguous in every country's date order. Built
/// from chrono's fields and month name rather than its strftime formatter,
/// which costs 30 KiB of binary (see docs/benchmarks.md, "Size").
pub fn long_date(date: NaiveDate) -> String {
    let month = u8::try_from(date.month())
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .map_or("", |m| m.name());
    format!("{} {month} {}", date.day(), date.year())
}

/// Replaces each `{{key}}` in `template` with its value, in one pass:
/// text inside values is never scanned for markers.
pub fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
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

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
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
            date(),
            &FormView {
                roll: "12\"><b>",
                name: "<i>Ann</i>",
                errors: FieldErrors {
                    roll: Some("A roll number uses only letters, digits, - and /."),
                    name: None,
                },
                notice: None,
                code: Some("12\"3"),
                code_error: Some("That code has expired: look at the screen for the new one."),
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
    }

    #[test]
    fn pages_are_small_and_self_contained() {
        let html = form(
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

    #[test]
    fn present_page_shows_roll_name_and_time() {
        let mark = Mark {
            roll: "12".into(),
            name: "Udbhav".into(),
            time: NaiveTime::from_hms_opt(10, 12, 5).expect("valid"),
        };
        let html = present(date(), &mark, None);
        assert!(html.contains("<title>Present — 12 Udbhav at 10:12:05</title>"));
        assert!(html.contains("12 Udbhav"));
        assert!(!html.contains("This month"));
        let standing = Standing {
            present: 17,
            days: 20,
        };
        let html = present(
            date(),
            &mark,
            Some(Record {
                standing,
                threshold: 75,
            }),
        );
        assert!(html.contains("This month: 17 of 20 class days (85 %)"));
        assert!(!html.contains("below"));
        let html = present(
            date(),
            &mark,
            Some(Record {
                standing,
                threshold: 90,
            }),
        );
        assert!(html.contains("below the 90 %"));
        let html = already(&mark);
        assert!(html.contains("Roll 12 was already marked at 10:12:05"));
    }
}
