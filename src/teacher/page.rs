//! The teacher's screen as HTML: made to be projected and read from the
//! back row, and complete without scripts (a reload shows the present
//! state; `www/teacher.js` keeps it live when scripts run).

use super::desk::Did;
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

/// The teacher's one-button forms, each carrying the run's secret.
struct Forms {
    /// The secret's hidden input.
    hidden: String,
}

impl Forms {
    fn new(secret: &str) -> Forms {
        Forms {
            hidden: Forms::field("secret", &escape(secret)),
        }
    }

    /// A hidden input; `value` is escaped already.
    fn field(name: &str, value: &str) -> String {
        format!("<input type=\"hidden\" name=\"{name}\" value=\"{value}\">")
    }

    /// A one-button form posting to a teacher's action: `fields` are its
    /// hidden inputs, `attributes` the button's (a class, aria-...).
    fn action(&self, path: &str, fields: &str, label: &str, attributes: &str) -> String {
        format!(
            "<form method=\"post\" action=\"/teacher/{path}\">{}{fields}<button type=\"submit\"{attributes}>{label}</button></form>",
            self.hidden
        )
    }
}

pub fn render(s: &Snapshot, x: &Extras<'_>) -> String {
    let forms = Forms::new(x.secret);
    let (open_close, extend) = session_buttons(s, &forms);
    let (code_heading, code, countdown) = code_panel(s);
    let more_urls = other_addresses(s, &forms);
    let heading = match &s.class {
        Some(name) => format!("Attendance — {}", escape(name)),
        None => "Attendance".to_string(),
    };
    let hidden_unless = |shown: bool| if shown { "" } else { " hidden" };
    fill(
        TEACHER,
        &[
            ("style", STYLE),
            ("title", &format!("{heading} — teacher's screen")),
            ("heading", &heading),
            ("expected", &expected(s)),
            ("absent", &absent(s, x, &forms)),
            ("late_line", &late_line(s)),
            ("late", &late_controls(s, &forms)),
            ("register", REGISTER),
            ("state", if s.status.open { "open" } else { "closed" }),
            ("date", &escape(&long_date(x.date))),
            ("state_text", &state_text(s)),
            ("notice", &notice(x.notice)),
            ("undo", &undo(s, &forms)),
            ("clock", &escape(s.clock.as_deref().unwrap_or(""))),
            ("clock_hidden", hidden_unless(s.clock.is_some())),
            ("typed_roll", &escape(x.typed.0)),
            ("typed_name", &escape(x.typed.1)),
            (
                "qr",
                &qr::svg(&s.join, &format!("QR code for {}", escape(&s.join))),
            ),
            ("url", &breakable(&s.url)),
            ("network", &escape(&s.network)),
            ("hint", &list_items(x.hint)),
            ("hint_hidden", hidden_unless(s.nobody_yet)),
            ("more_urls", &more_urls),
            // The other addresses sit below the fold with their buttons:
            // a link to them beside the join address.
            (
                "more_link",
                if more_urls.is_empty() { "" } else { MORE_LINK },
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
            ("rows", &rows(s, &forms)),
            ("open_close", &open_close),
            ("extend", &extend),
            ("mode_buttons", &mode_buttons(s, &forms)),
            ("secret", &escape(x.secret)),
            ("folder", &escape(x.folder)),
            ("files", &files(x)),
            ("refused", &refused(s)),
            ("networks", &refused_networks(s, &forms)),
        ],
    )
}

const REGISTER: &str = "<li><a href=\"/teacher/register.csv\" download>This month's register (P, L, E or A for each day)</a></li><li><a href=\"/teacher/register.html\">Print this month</a></li>";
const MORE_LINK: &str =
    "<p class=\"others-link\"><a href=\"#others\">Phones on another network?</a></p>";

/// Close or Open, and +5 minutes where it makes sense: with an end in
/// sight, or once closed.
fn session_buttons(s: &Snapshot, forms: &Forms) -> (String, String) {
    let open = s.status.open;
    let open_close = if open {
        forms.action("close", "", "Close check-in", " class=\"stop\"")
    } else {
        forms.action("open", "", "Open check-in", "")
    };
    let extend = if open && s.status.closes_in.is_none() {
        String::new()
    } else {
        forms.action("extend", "", "+5 minutes", "")
    };
    (open_close, extend)
}

/// The kinds of code, the one in force pressed.
fn mode_buttons(s: &Snapshot, forms: &Forms) -> String {
    let mode = mode_name(&s.status.mode);
    [
        ("rotating", "Changing code"),
        ("fixed", "Fixed code"),
        ("off", "No code"),
    ]
    .iter()
    .map(|(value, label)| {
        forms.action(
            "code",
            &Forms::field("mode", value),
            label,
            &format!(" aria-pressed=\"{}\"", mode == *value),
        )
    })
    .collect()
}

fn state_text(s: &Snapshot) -> String {
    match (s.status.open, s.status.closes_in) {
        (false, _) => "Closed".to_string(),
        (true, None) => "Open".to_string(),
        (true, Some(secs)) => format!("Open — closes in {}:{:02}", secs / 60, secs % 60),
    }
}

/// The code's heading, the code (or a dash) and the line under it.
fn code_panel(s: &Snapshot) -> (&'static str, String, String) {
    let dash = "—".to_string();
    match (&s.status.mode, s.code()) {
        (_, None) if !s.status.open => ("Check-in is closed", dash, "Open it again below.".into()),
        (Mode::Off, _) | (_, None) => (
            "No code needed",
            dash,
            "Students only need the address.".into(),
        ),
        (Mode::Rotating, Some(code)) => (
            "Code",
            code.to_string(),
            format!(
                "New code in {} s",
                s.status.code_expires_in.unwrap_or_default()
            ),
        ),
        (Mode::Fixed(_), Some(code)) => {
            ("Code", code.to_string(), "The same code all class.".into())
        }
    }
}

/// The marked rows, newest first. One line each: a long name is cut with
/// an ellipsis on the screen, whole in its title.
fn rows(s: &Snapshot, forms: &Forms) -> String {
    s.rows
        .iter()
        .rev()
        .map(|m| {
            let roll = escape(&m.roll);
            let name = escape(&m.name);
            let flags: String = s
                .flags_of(m)
                .iter()
                .map(|f| {
                    let f = escape(f);
                    format!("<span class=\"flag\" title=\"{f}\">{f}</span>")
                })
                .collect();
            let late = if s.is_late(m) {
                "<span class=\"late\">late</span>"
            } else {
                ""
            };
            format!(
                "<li><span class=\"roll\">{roll}</span><span class=\"name\" title=\"{name}\">{name}</span>{late}{flags}<time>{}</time>{}</li>",
                m.time,
                forms.action(
                    "remove",
                    &Forms::field("roll", &roll),
                    "Remove",
                    &format!(" aria-label=\"Remove roll {roll} {name}\""),
                )
            )
        })
        .collect()
}

/// `items` as escaped list items.
fn list_items(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("<li>{}</li>", escape(item)))
        .collect()
}

/// The day files as downloads, today's named so.
fn files(x: &Extras<'_>) -> String {
    x.files
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
        .collect()
}

/// What was turned away today, by reason, and the connections tiny_http
/// turned away: a phone (or a script) holding too many at once, or a crowd
/// that filled the server, and who held them.
fn refused(s: &Snapshot) -> String {
    let mut items: String = s
        .refused
        .iter()
        .map(|(reason, n)| format!("<li>{n} {}</li>", escape(reason)))
        .collect();
    if let Some(c) = &s.connections {
        if c.refused > 0 {
            let from = c
                .last_refused
                .map_or(String::new(), |ip| format!(", the last from {ip}"));
            items.push_str(&format!(
                "<li>{} connections turned away{from}</li>",
                c.refused
            ));
        }
        if c.full > 0 {
            let who = crate::connections::holders(c);
            let let_go = match (c.let_go, who.is_empty()) {
                (0, _) => String::new(),
                (n, true) => format!("; {n} let go"),
                (n, false) => format!("; {n} let go, the most held by {}", escape(&who)),
            };
            items.push_str(&format!(
                "<li>The laptop held its most connections ({}) {} time(s){let_go}</li>",
                c.max, c.full
            ));
        }
    }
    if items.is_empty() {
        items.push_str("<li>None</li>");
    }
    items
}

/// Networks phones were refused from, each with "Allow this network".
fn refused_networks(s: &Snapshot, forms: &Forms) -> String {
    s.refused_networks
        .iter()
        .map(|(net, phones)| {
            let net = escape(&net.to_string());
            let said = format!(
                "{phones} phone{} refused from {net}",
                if *phones == 1 { "" } else { "s" }
            );
            format!(
                "<li>{said} {}</li>",
                forms.action(
                    "allow",
                    &Forms::field("network", &net),
                    "Allow this network",
                    ""
                )
            )
        })
        .collect()
}

fn expected(s: &Snapshot) -> String {
    s.expected.map_or(String::new(), |n| {
        format!(" / <span id=\"expected\">{n}</span>")
    })
}

/// With a class list, those not marked yet, then those excused.
/// Projected to the whole class: only their number shows until the teacher
/// opens it (a <details>, so no script is needed). Without scripts the page
/// reloads itself, closing it: a link keeps the names shown.
fn absent(s: &Snapshot, x: &Extras<'_>, forms: &Forms) -> String {
    if s.expected.is_none() {
        return String::new();
    }
    let items: String = s
        .absent
        .iter()
        .map(|(roll, name)| absent_item(&escape(roll), &escape(name), forms))
        .chain(
            s.excused
                .iter()
                .map(|(roll, name, reason)| excused_item(roll, name, reason, forms)),
        )
        .collect();
    format!(
        "<details class=\"absent\" id=\"absent-box\"{}><summary><span id=\"absent-said\">{}</span> <span class=\"show\">Show who is not here</span><span class=\"hide\">Hide the names</span></summary><noscript><p><a href=\"/teacher?absent=show\">Keep the names shown</a> · <a href=\"/teacher\">Hide them</a></p></noscript><ul id=\"absent\" aria-label=\"Not marked yet\">{items}</ul></details>",
        if x.show_absent { " open" } else { "" },
        absent_said(s.absent.len(), s.excused.len())
    )
}

/// One student not here: Mark present, or Excused with a reason if the
/// teacher has one (`roll` and `name` escaped already).
fn absent_item(roll: &str, name: &str, forms: &Forms) -> String {
    format!(
        "<li><span class=\"roll\">{roll}</span><span class=\"name\" title=\"{name}\">{name}</span>{}<form method=\"post\" action=\"/teacher/excuse\" class=\"excuse\">{}{}<input name=\"reason\" maxlength=\"{}\" autocomplete=\"off\" placeholder=\"Reason (optional)\" aria-label=\"Reason, roll {roll} {name} (optional)\"><button type=\"submit\" aria-label=\"Excused: roll {roll} {name}\">Excused</button></form></li>",
        forms.action(
            "mark",
            &Forms::field("roll", roll),
            "Mark present",
            &format!(" aria-label=\"Mark present: roll {roll} {name}\""),
        ),
        forms.hidden,
        Forms::field("roll", roll),
        super::actions::REASON_MAX,
    )
}

/// One student excused: the reason, and Mark present should they come.
fn excused_item(roll: &str, name: &str, reason: &str, forms: &Forms) -> String {
    let (roll, name, reason) = (escape(roll), escape(name), escape(reason));
    format!(
        "<li class=\"excused\"><span class=\"roll\">{roll}</span><span class=\"name\" title=\"{name}\">{name}</span><span class=\"tag\">excused</span><span class=\"reason\" title=\"{reason}\">{reason}</span>{}</li>",
        forms.action(
            "mark",
            &Forms::field("roll", &roll),
            "Mark present",
            &format!(" aria-label=\"Mark present: roll {roll} {name}\""),
        )
    )
}

/// Above the list, while there is a late rule: after when, and how many.
fn late_line(s: &Snapshot) -> String {
    match s.details.deadline() {
        Some(at) => format!(
            "<p class=\"late-line\">Late after {at} · <span id=\"late-count\">{}</span> late</p>",
            s.late()
        ),
        None => String::new(),
    }
}

/// The late rule's controls, below the fold: the rule in words, minutes
/// and Set, and No late rule (pressed while there is none).
fn late_controls(s: &Snapshot, forms: &Forms) -> String {
    let d = &s.details;
    let opened = d
        .opened
        .map_or(String::new(), |t| format!("Check-in opened at {t}. "));
    let said = match (d.late_after, d.deadline()) {
        (Some(n), Some(at)) => format!("{opened}Late: more than {n} minutes after, so after {at}."),
        (Some(n), None) => format!("{opened}Late: more than {n} minutes after opening."),
        (None, _) => format!("{opened}No late rule: nobody is marked late."),
    };
    let minutes = d.late_after.map_or(String::new(), |n| n.to_string());
    let none = forms.action(
        "late",
        &Forms::field("minutes", "none"),
        "No late rule",
        &format!(" aria-pressed=\"{}\"", d.late_after.is_none()),
    );
    format!(
        "<p id=\"late-said\">{}</p><div class=\"buttons\"><form method=\"post\" action=\"/teacher/late\" class=\"late-form\">{}<label for=\"late-min\">Late after</label> <input id=\"late-min\" name=\"minutes\" type=\"number\" inputmode=\"numeric\" min=\"1\" max=\"1440\" required value=\"{minutes}\"> <span>minutes</span> <button type=\"submit\">Set</button></form>{none}</div>",
        escape(&said),
        forms.hidden,
    )
}

fn notice(notice: Option<&str>) -> String {
    match notice {
        Some(n) => format!("<p class=\"notice\" role=\"alert\">{}</p>", escape(n)),
        None => String::new(),
    }
}

/// "Removed 31 Asha Rao — Undo" (or "Excused …"), while Undo is offered.
fn undo(s: &Snapshot, forms: &Forms) -> String {
    match &s.undo {
        Some(u) => format!(
            "<div class=\"undo\" id=\"undo\" role=\"status\"><span>{} {} {}</span>{}</div>",
            match u.did {
                Did::Removed { .. } => "Removed",
                Did::Excused => "Excused",
            },
            escape(&u.mark.roll),
            escape(&u.mark.name),
            forms.action("undo", "", "Undo", "")
        ),
        None => String::new(),
    }
}

/// The other addresses phones could use, each with a button that makes it
/// the join address: for a laptop on several networks, when the phones are
/// not on the one shown first.
fn other_addresses(s: &Snapshot, forms: &Forms) -> String {
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
                forms.action(
                    "network",
                    &Forms::field("address", &ip),
                    "Use this one",
                    &format!(" aria-label=\"Use this one: {url} ({label})\""),
                )
            )
        })
        .collect();
    format!("<div class=\"others\" id=\"others\"><h3>Phones on another network of this laptop?</h3><ul class=\"more\">{items}</ul></div>")
}

/// How many on the class list are not marked yet, and how many of the
/// others are excused, as the screen says it (`www/teacher.js` says it the
/// same way).
fn absent_said(n: usize, excused: usize) -> String {
    match (n, excused) {
        (0, 0) => "Everyone on the list is here".to_string(),
        (0, e) => format!("Everyone on the list is here or excused ({e})"),
        (n, 0) => format!("{n} not here yet"),
        (n, e) => format!("{n} not here yet, {e} excused"),
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
