//! The teacher's screen as HTML, drawn here and nowhere else: made to be
//! projected and read from the back row, and complete without scripts (a
//! reload shows the present state).
//!
//! The screen has three kinds of part. The live regions (`Live`: the code,
//! the count, the lists...) change while it is shown: the page fills its
//! slots with them, and `parts.rs` sends the very same strings to
//! `www/teacher.js`, which swaps them in by element id. The framed parts
//! (`framed`: the buttons of the session, the kind of code, the late rule)
//! are drawn once: when one would be drawn otherwise, the page's `layout`
//! changes and the script loads the page again. The rest (the date, the
//! files, the last action's words) is drawn with the page alone.

mod whole;

use super::desk::Did;
use super::snapshot::{mode_name, Snapshot};
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
    /// Open the whole class's view.
    pub show_class: bool,
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

/// The screen's live regions as they are now: each region's inner HTML by
/// its element id (the regions themselves stand in `www/teacher.html`, or
/// in the frames below), and whether each region that comes and goes is
/// hidden.
pub struct Live {
    pub parts: Vec<(&'static str, String)>,
    pub hidden: Vec<(&'static str, bool)>,
}

impl Live {
    fn draw(s: &Snapshot, forms: &Forms) -> Live {
        let mut parts = vec![
            ("state", state_text(s)),
            ("code", escape(CodeShown::of(s).digits()).into_owned()),
            ("countdown", CodeShown::of(s).below()),
            ("present", s.rows.len().to_string()),
            ("marked", rows(s, forms)),
            ("refused", refused(s)),
            ("networks", refused_networks(s, forms)),
            (
                "clock",
                escape(s.clock.as_deref().unwrap_or("")).into_owned(),
            ),
            ("undo", undo(s, forms)),
            ("spot", whole::spot(s, forms)),
            ("heads", whole::heads(s)),
            ("heads-warn", whole::heads_warn(s, forms)),
            ("day-counts", escape(&s.day_counts()).into_owned()),
        ];
        // These stand inside frames the page has only with a late rule or
        // a class list (`late_line`, `absent`).
        if s.details.deadline().is_some() {
            parts.push(("late-count", s.late().to_string()));
        }
        if s.expected.is_some() {
            parts.push(("absent-said", absent_said(s.absent.len(), s.excused.len())));
            parts.push(("absent", absent_items(s, forms)));
            parts.push(("class-said", whole::class_said(s)));
            parts.push(("roster", whole::roster_items(s)));
        }
        Live {
            parts,
            hidden: vec![
                ("hint", !s.nobody_yet),
                ("clock", s.clock.is_none()),
                ("undo", s.undo.is_none()),
                ("spot", s.spot.is_empty()),
                ("heads", s.heads.is_none()),
                ("heads-warn", s.too_many().is_none()),
            ],
        }
    }

    /// The inner HTML of the region `id` ("" for one this screen lacks).
    fn part(&self, id: &str) -> &str {
        self.parts
            .iter()
            .find(|(k, _)| *k == id)
            .map_or("", |(_, html)| html.as_str())
    }
}

/// What `GET /teacher/parts.json` sends: the live regions, and the layout
/// the page would be drawn with now.
pub fn parts(s: &Snapshot, secret: &str) -> (Live, String) {
    let forms = Forms::new(secret);
    (Live::draw(s, &forms), layout(&framed(s, &forms)))
}

/// The whole page.
pub fn render(s: &Snapshot, x: &Extras<'_>) -> String {
    let forms = Forms::new(x.secret);
    let live = Live::draw(s, &forms);
    let framed = framed(s, &forms);
    let layout = layout(&framed);
    let own = own_slots(s, x, &forms, &live);
    let hidden: Vec<(String, &str)> = live
        .hidden
        .iter()
        .map(|(id, hidden)| (format!("hidden:{id}"), if *hidden { " hidden" } else { "" }))
        .collect();
    let mut slots: Vec<(&str, &str)> = vec![("run", &s.run), ("layout", &layout)];
    slots.extend(own.iter().map(|(k, v)| (*k, v.as_str())));
    slots.extend(live.parts.iter().map(|(k, v)| (*k, v.as_str())));
    slots.extend(framed.iter().map(|(k, v)| (*k, v.as_str())));
    slots.extend(hidden.iter().map(|(k, v)| (k.as_str(), *v)));
    fill(TEACHER, &slots)
}

/// The slots drawn with the page alone: what stays as it is while the page
/// is shown (the class, the secret), and what is redrawn only at the next
/// visit, as it always was (the last action's words, the files, the date,
/// the laptop's other addresses and what to check when no phone comes).
fn own_slots(
    s: &Snapshot,
    x: &Extras<'_>,
    forms: &Forms,
    live: &Live,
) -> Vec<(&'static str, String)> {
    let heading = match &s.class {
        Some(name) => format!("Attendance — {}", escape(name)),
        None => "Attendance".to_string(),
    };
    let more_urls = other_addresses(s, forms);
    // The other addresses sit below the fold with their buttons: a link to
    // them beside the join address.
    let more_link = if more_urls.is_empty() { "" } else { MORE_LINK };
    vec![
        ("style", STYLE.to_string()),
        ("title", format!("{heading} — teacher's screen")),
        ("heading", heading),
        ("date", escape(&long_date(x.date)).into_owned()),
        ("notice", notice(x.notice)),
        ("typed_roll", escape(x.typed.0).into_owned()),
        ("typed_name", escape(x.typed.1).into_owned()),
        // With a class list, the name comes from it.
        (
            "name_required",
            (if s.roster.is_some() { "" } else { " required" }).into(),
        ),
        ("name_hint", name_hint(s)),
        // Ticking boxes in the whole class's view: no reload under them.
        ("refresh", (if x.show_class { "" } else { REFRESH }).into()),
        (
            "whole",
            whole::class_box(
                s,
                forms,
                x.show_class,
                live.part("roster"),
                live.part("class-said"),
            ),
        ),
        ("secret", escape(x.secret).into_owned()),
        ("qr", qr_code(s)),
        ("hint", hint_items(s)),
        ("more_urls", more_urls),
        ("more_link", more_link.to_string()),
        ("expected", expected(s)),
        ("late_line", late_line(s, live)),
        ("absent", absent(s, x.show_absent, live)),
        ("register", REGISTER.to_string()),
        ("folder", escape(x.folder).into_owned()),
        ("files", files(x)),
    ]
}

/// The parts of the page drawn once from the state of the class: open or
/// closed, the kind of code (and the code's size), the join address, the
/// late rule. The script has no way to redraw them, so a change of any of
/// them reloads the page. (The frames of the late count and the absent
/// list need no place here: the first comes and goes with the late rule,
/// whose controls are here, and the class list is fixed for the run.)
fn framed(s: &Snapshot, forms: &Forms) -> Vec<(&'static str, String)> {
    let (open_close, extend) = session_buttons(s, forms);
    let code = CodeShown::of(s);
    // A fixed code may have up to 8 digits, a swept one 6: smaller, to fit.
    let digits_class = if code.digits().chars().count() > 5 {
        "digits long"
    } else {
        "digits"
    };
    vec![
        (
            "session",
            (if s.status.open { "open" } else { "closed" }).into(),
        ),
        ("code_heading", code.heading().into()),
        ("digits_class", digits_class.into()),
        ("open_close", open_close),
        ("extend", extend),
        ("mode_buttons", mode_buttons(s, forms)),
        ("late", late_controls(s, forms)),
        ("url", breakable(&s.url)),
        ("network", escape(&s.network).into_owned()),
    ]
}

/// A fingerprint of the framed parts (FNV-1a), short enough to stand in
/// the page and in every poll: the script reloads the page when it
/// changes.
fn layout(framed: &[(&str, String)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (_, html) in framed {
        for b in html.bytes().chain(std::iter::once(0)) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The QR code of the join link, as the page and `/teacher/qr.svg` draw
/// it.
pub fn qr_code(s: &Snapshot) -> String {
    qr::svg(&s.join, &format!("QR code for {}", escape(&s.join)))
}

/// Without scripts the page reloads itself every five seconds.
const REFRESH: &str = "<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>";

/// The name field's placeholder: with a class list, it may stay empty.
fn name_hint(s: &Snapshot) -> String {
    match s.roster {
        Some(_) => " placeholder=\"from the class list\"".to_string(),
        None => String::new(),
    }
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

/// Open or closed, and while open with an end in sight, the time left,
/// counted down by the script between polls.
fn state_text(s: &Snapshot) -> String {
    let state = match (s.status.open, s.status.closes_in) {
        (false, _) => "Closed".to_string(),
        (true, None) => "Open".to_string(),
        (true, Some(secs)) => ticking("Open — closes in {}", secs, true),
    };
    // A class from before midnight is still its day's: its rows, its file,
    // its late rule, until it is closed (or has run a few hours).
    match s.past_midnight {
        true => format!(
            "{state} · past midnight, still the class of {}",
            escape(&s.date)
        ),
        false => state,
    }
}

/// Words holding a number of seconds that `www/teacher.js` counts down
/// each second between polls: it puts the number where `{}` stands in
/// `data-said` (as m:ss with `data-clock`), so the words stay here.
fn ticking(words: &str, secs: i64, clock: bool) -> String {
    let shown = if clock {
        format!("{}:{:02}", secs / 60, secs % 60)
    } else {
        secs.to_string()
    };
    format!(
        "<span data-secs=\"{secs}\" data-said=\"{}\"{}>{}</span>",
        escape(words),
        if clock { " data-clock" } else { "" },
        escape(&words.replace("{}", &shown))
    )
}

/// What the code panel shows: no code (closed, or none needed), a changing
/// code and its seconds, or a fixed one.
enum CodeShown<'a> {
    Closed,
    NotNeeded,
    Changing(&'a str, i64),
    Fixed(&'a str),
}

impl<'a> CodeShown<'a> {
    fn of(s: &'a Snapshot) -> CodeShown<'a> {
        match (&s.status.mode, s.code()) {
            (_, None) if !s.status.open => CodeShown::Closed,
            (Mode::Off, _) | (_, None) => CodeShown::NotNeeded,
            (Mode::Rotating, Some(code)) => {
                CodeShown::Changing(code, s.status.code_expires_in.unwrap_or_default())
            }
            (Mode::Fixed(_), Some(code)) => CodeShown::Fixed(code),
        }
    }

    fn heading(&self) -> &'static str {
        match self {
            CodeShown::Closed => "Check-in is closed",
            CodeShown::NotNeeded => "No code needed",
            CodeShown::Changing(..) | CodeShown::Fixed(_) => "Code",
        }
    }

    /// The code, or a dash.
    fn digits(&self) -> &'a str {
        match self {
            CodeShown::Changing(code, _) | CodeShown::Fixed(code) => code,
            CodeShown::Closed | CodeShown::NotNeeded => "—",
        }
    }

    /// The line under the code (markup).
    fn below(&self) -> String {
        match self {
            CodeShown::Closed => "Open it again below.".into(),
            CodeShown::NotNeeded => "Students only need the address.".into(),
            CodeShown::Changing(_, secs) => ticking("New code in {} s", *secs, false),
            CodeShown::Fixed(_) => "The same code all class.".into(),
        }
    }
}

/// What to check when no phone arrives, with the laptop's other addresses
/// from the snapshot's own reading. Drawn with the page, as those
/// addresses are; whether it shows (`nobody_yet`) is live.
fn hint_items(s: &Snapshot) -> String {
    let others: Vec<(String, String)> = s
        .networks
        .iter()
        .skip(1)
        .map(|(url, label, _)| (url.clone(), label.clone()))
        .collect();
    list_items(&crate::arrivals::hint(&s.network, &others))
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
            let flags = flags + &again(s, m);
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

/// A row marked again after a spot check found the student not here: a
/// flag saying so.
fn again(s: &Snapshot, m: &crate::register::Mark) -> String {
    match s.details.not_here_of(&m.roll) {
        Some(n) if n.time < m.time => format!(
            "<span class=\"flag\" title=\"not here at {0}, marked again\">not here at {0}</span>",
            n.time
        ),
        _ => String::new(),
    }
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
                name.to_string()
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
        .map(|n| {
            let net = escape(&n.net.to_string()).into_owned();
            let plural = if n.machines == 1 { "" } else { "s" };
            // Behind a router the laptop sees addresses, not phones: one
            // machine can have hundreds.
            let said = match n.told_apart {
                true => format!("{} phone{plural} refused from {net}", n.machines),
                false => format!(
                    "{} address{} refused from {net}",
                    n.machines,
                    if plural.is_empty() { "" } else { "es" }
                ),
            };
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
/// reloads itself, closing it: a link keeps the names shown. Its number
/// and its list are live regions.
fn absent(s: &Snapshot, show: bool, live: &Live) -> String {
    if s.expected.is_none() {
        return String::new();
    }
    format!(
        "<details class=\"absent\" id=\"absent-box\"{}><summary><span id=\"absent-said\">{}</span> <span class=\"show\">Show who is not here</span><span class=\"hide\">Hide the names</span></summary><noscript><p><a href=\"/teacher?absent=show\">Keep the names shown</a> · <a href=\"/teacher\">Hide them</a></p></noscript><ul id=\"absent\" aria-label=\"Not marked yet\">{}</ul></details>",
        if show { " open" } else { "" },
        live.part("absent-said"),
        live.part("absent"),
    )
}

/// The list of those not here: the absent, then the excused.
fn absent_items(s: &Snapshot, forms: &Forms) -> String {
    s.absent
        .iter()
        .map(|(roll, name)| absent_item(&escape(roll), &escape(name), forms))
        .chain(
            s.excused
                .iter()
                .map(|(roll, name, reason)| excused_item(roll, name, reason, forms)),
        )
        .collect()
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
        super::done::REASON_MAX,
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

/// Above the list, while there is a late rule: after when, and how many
/// (a live region).
fn late_line(s: &Snapshot, live: &Live) -> String {
    match s.details.deadline() {
        Some(at) => format!(
            "<p class=\"late-line\">Late after {at} · <span id=\"late-count\">{}</span> late</p>",
            live.part("late-count")
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

/// "Removed 31 Asha Rao — Undo" (or "Excused …", "Marked 3 present: …",
/// "Not here: …"), while Undo is offered: the inside of `#undo`, hidden
/// the rest of the time.
fn undo(s: &Snapshot, forms: &Forms) -> String {
    let u = match &s.undo {
        Some(u) => u,
        None => return String::new(),
    };
    let marks = u.marks();
    let what = match (&u.did, marks.len()) {
        (Did::Removed { .. }, _) => "Removed".to_string(),
        (Did::NotHere { .. }, _) => "Not here:".to_string(),
        (Did::Excused(_), 1) => "Excused".to_string(),
        (Did::Excused(_), n) => format!("Excused {n}:"),
        (Did::Marked { late: false, .. }, 1) => "Marked present:".to_string(),
        (Did::Marked { late: true, .. }, 1) => "Marked late:".to_string(),
        (Did::Marked { late: false, .. }, n) => format!("Marked {n} present:"),
        (Did::Marked { late: true, .. }, n) => format!("Marked {n} late:"),
    };
    let who: Vec<String> = marks
        .iter()
        .map(|m| format!("{} {}", escape(&m.roll), escape(&m.name)))
        .collect();
    format!(
        "<span>{what} {}</span>{}",
        who.join(", "),
        forms.action("undo", "", "Undo", "")
    )
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
/// others are excused, as the screen says it.
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
        _ => escape(url).into_owned(),
    }
}
