//! `GET /teacher/status.json`: the state of the class for programs to read
//! (the tests, a teacher's own script); the screen itself polls its parts
//! (`parts.rs`). Written by hand: a dozen fields do not need serde. The
//! JSON string writer is here, for both.

use super::snapshot::{mode_name, Snapshot};
use chrono::{NaiveTime, Timelike};
use std::fmt::Write;

/// The JSON document: the session, the join addresses, the rows, what was
/// turned away, the class list, and the run's own state, in that order.
pub fn json(s: &Snapshot) -> String {
    let mut out = String::with_capacity(256 + s.rows.len() * 64);
    push_session(&mut out, s);
    push_late(&mut out, s);
    push_networks(&mut out, s);
    push_marked(&mut out, s);
    push_refused(&mut out, s);
    push_class_list(&mut out, s);
    push_checks(&mut out, s);
    push_run(&mut out, s);
    push_connections(&mut out, s.connections.as_ref());
    out.push('}');
    out
}

/// `"key":` and a string or `null`.
fn push_optional(out: &mut String, key: &str, text: Option<&str>) {
    let _ = write!(out, ",\"{key}\":");
    match text {
        Some(text) => push_string(out, text),
        None => out.push_str("null"),
    }
}

/// A JSON array of `items`, each written by `each`.
fn push_array<T>(out: &mut String, items: &[T], mut each: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        each(out, item);
    }
    out.push(']');
}

fn push_session(out: &mut String, s: &Snapshot) {
    let opt = |n: Option<i64>| n.map_or("null".to_string(), |n| n.to_string());
    let _ = write!(
        out,
        "{{\"open\":{},\"code\":{},\"code_expires_in\":{},\"closes_in\":{},\"present\":{},\"mode\":{},\"date\":{}",
        s.status.open,
        s.code().map_or("null".to_string(), string),
        opt(s.status.code_expires_in),
        opt(s.status.closes_in),
        s.rows.len(),
        string(mode_name(&s.status.mode)),
        string(&s.date),
    );
}

/// The late rule: when check-in opened, the minutes, how many are late.
fn push_late(out: &mut String, s: &Snapshot) {
    let opened = s.details.opened.map(|t| t.to_string());
    push_optional(out, "opened", opened.as_deref());
    let minutes = s.details.late_after.map(|n| n.to_string());
    let _ = write!(
        out,
        ",\"late_after\":{},\"late\":{},\"day_counts\":{}",
        minutes.as_deref().unwrap_or("null"),
        s.late(),
        string(&s.day_counts())
    );
}

fn push_networks(out: &mut String, s: &Snapshot) {
    let _ = write!(
        out,
        ",\"url\":{},\"join\":{},\"network\":{},\"nobody_yet\":{},\"networks\":",
        string(&s.url),
        string(&s.join),
        string(&s.network),
        s.nobody_yet
    );
    push_array(out, &s.networks, |out, (url, label, kind)| {
        let _ = write!(
            out,
            "{{\"url\":{},\"network\":{},\"kind\":\"{kind}\"}}",
            string(url),
            string(label)
        );
    });
}

/// Today's rows, newest first, with their flags. The status is built a few
/// thousand times a second under load: strings are pushed, not copied.
fn push_marked(out: &mut String, s: &Snapshot) {
    out.push_str(",\"marked\":[");
    for (i, mark) in s.rows.iter().rev().enumerate() {
        out.push_str(if i > 0 { ",{\"roll\":" } else { "{\"roll\":" });
        push_string(out, &mark.roll);
        out.push_str(",\"name\":");
        push_string(out, &mark.name);
        out.push_str(",\"time\":\"");
        push_time(out, mark.time);
        out.push_str(if s.is_late(mark) {
            "\",\"late\":true"
        } else {
            "\",\"late\":false"
        });
        out.push_str(if s.by_hand(mark) {
            ",\"by_hand\":true,\"flags\":"
        } else {
            ",\"by_hand\":false,\"flags\":"
        });
        push_array(out, s.flags_of(mark), |out, flag| push_string(out, flag));
        out.push('}');
    }
    out.push(']');
}

fn push_refused(out: &mut String, s: &Snapshot) {
    out.push_str(",\"refused\":{");
    for (i, (reason, n)) in s.refused.iter().enumerate() {
        let _ = write!(
            out,
            "{}{}:{n}",
            if i > 0 { "," } else { "" },
            string(reason)
        );
    }
    out.push_str("},\"refused_networks\":");
    push_array(out, &s.refused_networks, |out, n| {
        let _ = write!(
            out,
            "{{\"network\":{},\"phones\":{},\"told_apart\":{}}}",
            string(&n.net.to_string()),
            n.machines,
            n.told_apart
        );
    });
}

fn push_class_list(out: &mut String, s: &Snapshot) {
    out.push_str(",\"expected\":");
    out.push_str(&s.expected.map_or("null".to_string(), |n| n.to_string()));
    out.push_str(",\"absent\":");
    push_array(out, &s.absent, |out, (roll, name)| {
        let _ = write!(
            out,
            "{{\"roll\":{},\"name\":{}}}",
            string(roll),
            string(name)
        );
    });
    out.push_str(",\"excused\":");
    push_array(out, &s.excused, |out, (roll, name, reason)| {
        let _ = write!(
            out,
            "{{\"roll\":{},\"name\":{},\"reason\":{}}}",
            string(roll),
            string(name),
            string(reason)
        );
    });
}

/// The human checks: the heads counted (`null` until counted), the spot
/// check's rolls still called (`[]` when none is on), those a spot check
/// found not here today.
fn push_checks(out: &mut String, s: &Snapshot) {
    out.push_str(",\"heads\":");
    out.push_str(&s.heads.map_or("null".to_string(), |n| n.to_string()));
    out.push_str(",\"spot_check\":");
    push_array(out, &s.spot, |out, (roll, _)| push_string(out, roll));
    out.push_str(",\"not_here\":");
    push_array(out, &s.details.not_here, |out, n| {
        out.push_str("{\"roll\":");
        push_string(out, &n.roll);
        out.push_str(",\"name\":");
        push_string(out, &n.name);
        out.push_str(",\"time\":\"");
        push_time(out, n.time);
        out.push_str("\"}");
    });
}

/// The run's id (a restart changes it), the row Undo would put back, the
/// phones' word on the clock, the class's name.
fn push_run(out: &mut String, s: &Snapshot) {
    out.push_str(",\"run\":");
    push_string(out, &s.run);
    out.push_str(",\"undo\":");
    match &s.undo {
        Some(u) => {
            // The first student's roll and name, and every roll.
            let first = u.marks().first();
            out.push_str("{\"roll\":");
            push_string(out, first.map_or("", |m| m.roll.as_str()));
            out.push_str(",\"name\":");
            push_string(out, first.map_or("", |m| m.name.as_str()));
            out.push_str(",\"what\":");
            push_string(out, u.what());
            out.push_str(",\"rolls\":");
            push_array(out, u.marks(), |out, m| push_string(out, &m.roll));
            out.push('}');
        }
        None => out.push_str("null"),
    }
    push_optional(out, "clock", s.clock.as_deref());
    push_optional(out, "class", s.class.as_deref());
}

fn push_connections(out: &mut String, stats: Option<&tiny_http::ConnectionStats>) {
    out.push_str(",\"connections\":");
    let c = match stats {
        Some(c) => c,
        None => return out.push_str("null"),
    };
    let last = c
        .last_refused
        .map_or("null".to_string(), |ip| string(&ip.to_string()));
    let _ = write!(
        out,
        "{{\"open\":{},\"max\":{},\"refused\":{},\"last_refused\":{last},\"full\":{},\"let_go\":{},\"timed_out\":{},\"holding\":",
        c.open, c.max, c.refused, c.full, c.let_go, c.timed_out
    );
    push_array(out, &c.holding, |out, (who, n)| {
        out.push_str("{\"from\":");
        push_string(out, &who.to_string());
        let _ = write!(out, ",\"held\":{n}}}");
    });
    out.push('}');
}

/// A JSON string literal. `<` `>` `&` are escaped too, so the text can
/// never close a script element wherever it ends up.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// Appends `text` as a JSON string literal to `out`, without a copy of its
/// own: the status is built a few thousand times a second under load, so
/// it scans bytes (all that needs escaping is ASCII, or U+2028/U+2029).
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let width = match b {
            b'"' | b'\\' | b'<' | b'>' | b'&' | 0..=0x1f => 1,
            // U+2028 and U+2029 end a line in JavaScript.
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xa8) | Some(0xa9)) =>
            {
                3
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[plain..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0xe2 => out.push_str(if bytes[i + 2] == 0xa8 {
                "\\u2028"
            } else {
                "\\u2029"
            }),
            b => {
                let _ = write!(out, "\\u{:04x}", b);
            }
        }
        i += width;
        plain = i;
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

/// Appends a time as `HH:MM:SS`, the file's own spelling.
fn push_time(out: &mut String, time: NaiveTime) {
    for (i, n) in [time.hour(), time.minute(), time.second()]
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("<script>\u{1}"), r#""\u003cscript\u003e\u0001""#);
        assert_eq!(string("उद्भव"), "\"उद्भव\"");
        assert_eq!(string("a\u{2028}b\u{2029}&"), r#""a\u2028b\u2029\u0026""#);
        assert_eq!(string("\u{7f}é"), "\"\u{7f}é\"");
        let mut t = String::new();
        push_time(&mut t, NaiveTime::from_hms_opt(9, 5, 7).expect("valid"));
        assert_eq!(t, "09:05:07");
    }
}
