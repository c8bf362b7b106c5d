//! The teacher's screen as HTML: made to be projected and read from the
//! back row, and complete without scripts (a reload shows the present
//! state; `www/teacher.js` keeps it live when scripts run).

use super::status::{mode_name, Snapshot};
use crate::pages::{escape, fill, long_date};
use crate::qr;
use crate::session::Mode;
use chrono::NaiveDate;

const TEACHER: &str = include_str!("../../www/teacher.html");
const STYLE: &str = include_str!("../../www/teacher.css");

/// What the page needs besides the snapshot.
pub struct Extras<'a> {
    pub date: NaiveDate,
    pub secret: &'a str,
    /// What to check when no phone arrives (shown while `nobody_yet`).
    pub hint: &'a [String],
    /// The attendance folder, as the teacher would find it.
    pub folder: &'a str,
    /// Attendance file names, newest first.
    pub files: &'a [String],
    /// A message about the last action, e.g. why it could not be done.
    pub notice: Option<&'a str>,
    /// What was typed into Mark by hand before a typo: (roll, name).
    pub typed: (&'a str, &'a str),
    /// Show the names of the absent, not only their number.
    pub show_absent: bool,
}

pub fn render(s: &Snapshot, x: &Extras<'_>) -> String {
    let secret = escape(x.secret);
    // A hidden input; `value` is escaped already.
    let field = |name: &str, value: &str| {
        format!("<input type=\"hidden\" name=\"{name}\" value=\"{value}\">")
    };
    let hidden = field("secret", &secret);
    // A one-button form posting to a teacher's action: `fields` are its
    // hidden inputs, `attributes` the button's (a class, aria-...).
    let action = |path: &str, fields: &str, label: &str, attributes: &str| {
        format!(
            "<form method=\"post\" action=\"/teacher/{path}\">{hidden}{fields}<button type=\"submit\"{attributes}>{label}</button></form>"
        )
    };

    let open = s.status.open;
    let open_close = if open {
        action("close", "", "Close check-in", " class=\"stop\"")
    } else {
        action("open", "", "Open check-in", "")
    };
    // Five more minutes make sense with an end in sight, or once closed.
    let extend = if open && s.status.closes_in.is_none() {
        String::new()
    } else {
        action("extend", "", "+5 minutes", "")
    };
    let mode = mode_name(&s.status.mode);
    let mode_button = |value: &str, label: &str| {
        action(
            "code",
            &field("mode", value),
            label,
            &format!(" aria-pressed=\"{}\"", mode == value),
        )
    };
    let mode_buttons = [
        mode_button("rotating", "Changing code"),
        mode_button("fixed", "Fixed code"),
        mode_button("off", "No code"),
    ]
    .concat();
    let state_text = match (open, s.status.closes_in) {
        (false, _) => "Closed".to_string(),
        (true, None) => "Open".to_string(),
        (true, Some(secs)) => format!("Open — closes in {}:{:02}", secs / 60, secs % 60),
    };
    let (code_heading, code, countdown) = match (&s.status.mode, s.code()) {
        (_, None) if !open => (
            "Check-in is closed",
            "—".to_string(),
            "Open it again below.".to_string(),
        ),
        (Mode::Off, _) | (_, None) => (
            "No code needed",
            "—".to_string(),
            "Students only need the address.".to_string(),
        ),
        (Mode::Rotating, Some(code)) => (
            "Code",
            code.to_string(),
            format!(
                "New code in {} s",
                s.status.code_expires_in.unwrap_or_default()
            ),
        ),
        (Mode::Fixed(_), Some(code)) => (
            "Code",
            code.to_string(),
            "The same code all class.".to_string(),
        ),
    };
    let rows: String = s
        .rows
        .iter()
        .rev()
        .map(|m| {
            let roll = escape(&m.roll);
            let name = escape(&m.name);
            // One line each: a long name is cut with an ellipsis on the
            // screen, whole in its title.
            let flags: String = s
                .flags_of(m)
                .iter()
                .map(|f| {
                    let f = escape(f);
                    format!("<span class=\"flag\" title=\"{f}\">{f}</span>")
                })
                .collect();
            format!(
                "<li><span class=\"roll\">{roll}</span><span class=\"name\" title=\"{name}\">{name}</span>{flags}<time>{}</time>{}</li>",
                m.time,
                action(
                    "remove",
                    &field("roll", &roll),
                    "Remove",
                    &format!(" aria-label=\"Remove roll {roll} {name}\""),
                )
            )
        })
        .collect();
    let more_urls = other_addresses(s, &action, &field);
    let hint: String = x
        .hint
        .iter()
        .map(|step| format!("<li>{}</li>", escape(step)))
        .collect();
    let files: String = x
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = escape(f);
            let label = if i == 0 && f.contains(&x.date.to_string()) {
                format!("Today: {name}")
            } else {
                name.clone()
            };
            format!("<li><a href=\"/teacher/files/{name}\" download>{label}</a></li>")
        })
        .collect();
    let mut refused: String = s
        .refused
        .iter()
        .map(|(reason, n)| format!("<li>{n} {}</li>", escape(reason)))
        .collect();
    // Connections tiny_http turned away: a phone (or a script) holding too
    // many at once, or a crowd that filled the server.
    if let Some(c) = &s.connections {
        if c.refused > 0 {
            let from = c
                .last_refused
                .map_or(String::new(), |ip| format!(", the last from {ip}"));
            refused.push_str(&format!(
                "<li>{} connections turned away{from}</li>",
                c.refused
            ));
        }
        if c.full > 0 {
            // Issue 22: and who held them, when some were let go.
            let who = crate::connections::holders(c);
            let let_go = match (c.let_go, who.is_empty()) {
                (0, _) => String::new(),
                (n, true) => format!("; {n} let go"),
                (n, false) => format!("; {n} let go, the most held by {}", escape(&who)),
            };
            refused.push_str(&format!(
                "<li>The laptop held its most connections ({}) {} time(s){let_go}</li>",
                c.max, c.full
            ));
        }
    }
    if refused.is_empty() {
        refused.push_str("<li>None</li>");
    }
    let networks: String = s
        .refused_networks
        .iter()
        .map(|(net, phones)| {
            let net = escape(&net.to_string());
            let said = format!(
                "{phones} phone{} refused from {net}",
                if *phones == 1 { "" } else { "s" }
            );
            format!(
                "<li>{said} {}</li>",
                action("allow", &field("network", &net), "Allow this network", "")
            )
        })
        .collect();
    let expected = s.expected.map_or(String::new(), |n| {
        format!(" / <span id=\"expected\">{n}</span>")
    });
    let absent = if s.expected.is_some() {
        let items: String = s
            .absent
            .iter()
            .map(|(roll, name)| {
                let (roll, name) = (escape(roll), escape(name));
                format!(
                    "<li><span class=\"roll\">{roll}</span><span class=\"name\" title=\"{name}\">{name}</span>{}</li>",
                    action(
                        "mark",
                        &field("roll", &roll),
                        "Mark present",
                        &format!(" aria-label=\"Mark present: roll {roll} {name}\""),
                    )
                )
            })
            .collect();
        // Projected to the whole class: only their number shows until the
        // teacher opens it (a <details>, so no script is needed). Without
        // scripts the page reloads itself, closing it: a link keeps the
        // names shown.
        format!(
            "<details class=\"absent\" id=\"absent-box\"{}><summary><span id=\"absent-said\">{}</span> <span class=\"show\">Show who is not here</span><span class=\"hide\">Hide the names</span></summary><noscript><p><a href=\"/teacher?absent=show\">Keep the names shown</a> · <a href=\"/teacher\">Hide them</a></p></noscript><ul id=\"absent\" aria-label=\"Not marked yet\">{items}</ul></details>",
            if x.show_absent { " open" } else { "" },
            absent_said(s.absent.len())
        )
    } else {
        String::new()
    };
    let heading = match &s.class {
        Some(name) => format!("Attendance — {}", escape(name)),
        None => "Attendance".to_string(),
    };
    let register = "<li><a href=\"/teacher/register.csv\" download>This month's register (P/A for each day)</a></li>";
    let notice = match x.notice {
        Some(n) => format!("<p class=\"notice\" role=\"alert\">{}</p>", escape(n)),
        None => String::new(),
    };
    let undo = match &s.undo {
        Some(m) => format!(
            "<div class=\"undo\" id=\"undo\" role=\"status\"><span>Removed {} {}</span>{}</div>",
            escape(&m.roll),
            escape(&m.name),
            action("undo", "", "Undo", "")
        ),
        None => String::new(),
    };
    fill(
        TEACHER,
        &[
            ("style", STYLE),
            ("title", &format!("{heading} — teacher's screen")),
            ("heading", &heading),
            ("expected", &expected),
            ("absent", &absent),
            ("register", register),
            ("state", if open { "open" } else { "closed" }),
            ("date", &escape(&long_date(x.date))),
            ("state_text", &state_text),
            ("notice", &notice),
            ("undo", &undo),
            ("clock", &escape(s.clock.as_deref().unwrap_or(""))),
            (
                "clock_hidden",
                if s.clock.is_some() { "" } else { " hidden" },
            ),
            ("typed_roll", &escape(x.typed.0)),
            ("typed_name", &escape(x.typed.1)),
            (
                "qr",
                &qr::svg(&s.join, &format!("QR code for {}", escape(&s.join))),
            ),
            ("url", &breakable(&s.url)),
            ("network", &escape(&s.network)),
            ("hint", &hint),
            ("hint_hidden", if s.nobody_yet { "" } else { " hidden" }),
            ("more_urls", &more_urls),
            // The other addresses sit below the fold with their buttons:
            // a link to them beside the join address.
            (
                "more_link",
                if more_urls.is_empty() {
                    ""
                } else {
                    "<p class=\"others-link\"><a href=\"#others\">Phones on another network?</a></p>"
                },
            ),
            ("code_heading", code_heading),
            ("code", &escape(&code)),
            // A fixed code may have up to 8 digits: smaller, to fit.
            (
                "digits_class",
                if code.chars().count() > 5 {
                    "digits long"
                } else {
                    "digits"
                },
            ),
            ("countdown", &escape(&countdown)),
            ("present", &s.rows.len().to_string()),
            ("rows", &rows),
            ("open_close", &open_close),
            ("extend", &extend),
            ("mode_buttons", &mode_buttons),
            ("secret", &secret),
            ("folder", &escape(x.folder)),
            ("files", &files),
            ("refused", &refused),
            ("networks", &networks),
        ],
    )
}

/// The other addresses phones could use, each with a button that makes it
/// the join address: for a laptop on several networks, when the phones are
/// not on the one shown first.
fn other_addresses(
    s: &Snapshot,
    action: &dyn Fn(&str, &str, &str, &str) -> String,
    field: &dyn Fn(&str, &str) -> String,
) -> String {
    if s.networks.len() < 2 {
        return String::new();
    }
    let items: String = s.networks[1..]
        .iter()
        .map(|(url, label, _)| {
            let (url, label) = (escape(url), escape(label));
            // The address alone, as the action takes it.
            let ip = url
                .trim_start_matches("http://")
                .rsplit_once(':')
                .map_or("", |(host, _)| host)
                .trim_matches(|c| c == '[' || c == ']')
                .to_string();
            format!(
                "<li><span>{url}</span> {label} {}</li>",
                action(
                    "network",
                    &field("address", &ip),
                    "Use this one",
                    &format!(" aria-label=\"Use this one: {url} ({label})\""),
                )
            )
        })
        .collect();
    format!("<div class=\"others\" id=\"others\"><h3>Phones on another network of this laptop?</h3><ul class=\"more\">{items}</ul></div>")
}

/// How many on the class list are not marked yet, as the screen says it
/// (`www/teacher.js` says it the same way).
fn absent_said(n: usize) -> String {
    if n == 0 {
        "Everyone on the list is here".to_string()
    } else {
        format!("{n} not here yet")
    }
}

/// The join address, escaped, allowed to break before the port rather than
/// inside it in a narrow column.
fn breakable(url: &str) -> String {
    match url.rfind(':') {
        Some(at) if at > "http:".len() => {
            format!("{}<wbr>{}", escape(&url[..at]), escape(&url[at..]))
        }
        _ => escape(url),
    }
}
