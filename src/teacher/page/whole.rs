//! The whole class on the teacher's screen, and the checks that work in a
//! real room: part of the screen's markup (`page.rs` draws the rest).
//!
//! - **The whole class's view** (`class_box`): a toggle above the main
//!   screen; open, it takes the main screen's place (pure CSS, so without
//!   scripts too). With a class list it holds every student in its order,
//!   those marked shown as such, a box to tick beside each of the rest, a
//!   field for typed rolls ("3 12, 17"), and Present, Late, Excused (with
//!   a reason) for all of them at once; and, with or without a list, the
//!   heads counted and "Check N at random".
//! - **The spot check** (`spot`): the students called, large, on the
//!   projector, each with Here and Not here.
//! - **The heads** (`heads`, `heads_warn`): beside the count marked, and a
//!   plain warning when more are marked than are in the room, with the
//!   spot check one click away.
//!
//! The list of students, its count, the spot check and the heads are live
//! regions (`Live`), redrawn here for every poll as for the page.

use super::{Forms, Snapshot};
use crate::pages::escape;
use crate::register::Mark;
use chrono::Timelike;

/// How many a spot check calls unless the teacher types another number.
const SPOT_DEFAULT: usize = 5;

/// What the view of the whole class says of one student.
enum Seen<'a> {
    /// Marked today: the row, by hand or not, late or not.
    Marked {
        row: &'a Mark,
        hand: bool,
        late: bool,
    },
    /// Not marked: excused, not here at a spot check, or neither.
    Todo(&'static str),
}

/// A hidden field saying the form is the whole class's view's: its action
/// answers back to the view, open (`/teacher?class=show`).
const IN_VIEW: &str = "<input type=\"hidden\" name=\"view\" value=\"class\">";

/// The toggle and the view of the whole class, `open` when the teacher's
/// last visit asked for it (`?class=show`, or a form of the view).
pub(super) fn class_box(
    s: &Snapshot,
    forms: &Forms,
    open: bool,
    roster: &str,
    said: &str,
) -> String {
    let (title, more) = match s.roster {
        Some(_) => ("The whole class", "Mark the rest · heads · spot check"),
        None => ("Human checks", "Count heads, check at random"),
    };
    let said = match s.roster {
        Some(_) => format!(" <span id=\"class-said\">{said}</span>"),
        None => String::new(),
    };
    format!(
        "<details class=\"whole\" id=\"class-box\"{}><summary><span class=\"whole-h\">{title}</span>{said} <span class=\"show\">{more}</span><span class=\"hide\">Back to the class's screen</span></summary><div class=\"whole-in\"><noscript><p><a href=\"/teacher?class=show\">Keep it open</a> · <a href=\"/teacher\">Close it</a></p></noscript><div class=\"checks\">{}{}</div>{}</div></details>",
        if open { " open" } else { "" },
        heads_form(s, forms),
        spot_form(forms),
        mark_form(s, forms, roster),
    )
}

/// Heads in the room: the number, and Count.
fn heads_form(s: &Snapshot, forms: &Forms) -> String {
    let value = s.heads.map_or(String::new(), |n| n.to_string());
    format!(
        "<form method=\"post\" action=\"/teacher/heads\" class=\"check\">{}{IN_VIEW}<label for=\"h-count\">Heads in the room</label> <input id=\"h-count\" name=\"count\" type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"999\" required autocomplete=\"off\" value=\"{value}\"> <button type=\"submit\">Count</button></form>",
        forms.hidden
    )
}

/// Check N at random.
fn spot_form(forms: &Forms) -> String {
    format!(
        "<form method=\"post\" action=\"/teacher/spot-check\" class=\"check\">{}{IN_VIEW}<label for=\"s-count\">Check</label> <input id=\"s-count\" name=\"count\" type=\"number\" inputmode=\"numeric\" min=\"1\" max=\"{}\" required autocomplete=\"off\" value=\"{SPOT_DEFAULT}\"> <span>at random</span> <button type=\"submit\">Check</button></form>",
        forms.hidden,
        crate::teacher::checks::SPOT_MOST,
    )
}

/// With a class list: typed rolls, Present, Late, a reason and Excused,
/// for those typed and those ticked in the list below (one form).
fn mark_form(s: &Snapshot, forms: &Forms, roster: &str) -> String {
    if s.roster.is_none() {
        return String::new();
    }
    format!(
        "<form method=\"post\" action=\"/teacher/mark\" class=\"mark-class\" accept-charset=\"utf-8\">{}{IN_VIEW}<div class=\"class-bar\"><span class=\"pair\"><label for=\"c-rolls\">Rolls</label> <input id=\"c-rolls\" name=\"roll\" maxlength=\"1000\" autocomplete=\"off\" placeholder=\"3 12, 17\"></span> <span class=\"and\">and those ticked:</span> <button type=\"submit\" name=\"status\" value=\"P\">Present</button> <button type=\"submit\" name=\"status\" value=\"L\" class=\"late-b\">Late</button> <span class=\"pair\"><label for=\"c-reason\">Reason</label> <input id=\"c-reason\" name=\"reason\" maxlength=\"{}\" autocomplete=\"off\" placeholder=\"if excused\"></span> <button type=\"submit\" name=\"status\" value=\"E\" class=\"excused-b\">Excused</button></div><ul class=\"roster\" id=\"roster\" aria-label=\"The class list\">{roster}</ul></form>",
        forms.hidden,
        crate::teacher::done::REASON_MAX,
    )
}

/// The class list's students, a tile each, in its order: those marked
/// with how (a time, by hand, late), the rest with a box to tick (and
/// excused or not here, if so).
pub(super) fn roster_items(s: &Snapshot) -> String {
    let roster = match s.roster {
        Some(roster) => roster,
        None => return String::new(),
    };
    let mut out = String::with_capacity(roster.len() * 200);
    for student in roster.students() {
        // (A class's rows searched in order, rolls alike as `roll_key`s
        // are: a map's code would cost the binary more than it saves.)
        let row = s
            .rows
            .iter()
            .find(|m| m.roll.eq_ignore_ascii_case(&student.roll));
        let seen = match row {
            Some(row) => Seen::Marked {
                row,
                hand: s.by_hand(row),
                late: s.is_late(row),
            },
            None if s.details.excuse_of(&student.roll).is_some() => Seen::Todo("excused"),
            None if s.details.not_here_of(&student.roll).is_some() => Seen::Todo("not here"),
            None => Seen::Todo(""),
        };
        out.push_str(&tile(&escape(&student.roll), &escape(&student.name), &seen));
    }
    out
}

/// One student's tile (`roll` and `name` escaped already).
fn tile(roll: &str, name: &str, seen: &Seen<'_>) -> String {
    let who = format!(
        "<span class=\"roll\">{roll}</span> <span class=\"name\" title=\"{name}\">{name}</span>"
    );
    match seen {
        Seen::Marked { row, hand, late } => {
            let (class, tag) = match (hand, late) {
                (true, true) => ("came late", "late".to_string()),
                (true, false) => ("came", "by hand".to_string()),
                (false, true) => ("came late", format!("late {}", short(row))),
                (false, false) => ("came", short(row)),
            };
            format!("<li class=\"{class}\"><span class=\"tick\" aria-hidden=\"true\">✓</span>{who}<span class=\"tag\">{tag}</span></li>")
        }
        Seen::Todo(tag) => {
            let tag = match *tag {
                "" => String::new(),
                tag => format!("<span class=\"tag\">{tag}</span>"),
            };
            format!("<li class=\"todo\"><label><input type=\"checkbox\" name=\"roll\" value=\"{roll}\">{who}</label>{tag}</li>")
        }
    }
}

/// A row's time as the tile says it: 10:02 (by hand: chrono's formatter
/// costs the binary KiBs).
fn short(row: &Mark) -> String {
    format!("{:02}:{:02}", row.time.hour(), row.time.minute())
}

/// "41 marked · 4 to mark · 1 excused": the count beside the toggle.
pub(super) fn class_said(s: &Snapshot) -> String {
    let expected = s.expected.unwrap_or(0);
    let marked = expected.saturating_sub(s.absent.len() + s.excused.len());
    let mut said = format!("{marked} of {expected} marked");
    if !s.absent.is_empty() {
        said += &format!(" · {} to mark", s.absent.len());
    }
    if !s.excused.is_empty() {
        said += &format!(" · {} excused", s.excused.len());
    }
    said
}

/// The spot check on the projector: "Stand up:" and each student called,
/// large, with Here and Not here ("" while none is on).
pub(super) fn spot(s: &Snapshot, forms: &Forms) -> String {
    if s.spot.is_empty() {
        return String::new();
    }
    let called: String = s
        .spot
        .iter()
        .map(|(roll, name)| {
            let (roll, name) = (escape(roll), escape(name));
            let field = Forms::field("roll", &roll);
            format!(
                "<li><span class=\"who\" title=\"{roll} {name}\"><span class=\"roll\">{roll}</span> {name}</span><span>{}{}</span></li>",
                forms.action(
                    "here",
                    &field,
                    "Here",
                    &format!(" class=\"here\" aria-label=\"Here: roll {roll} {name}\"")
                ),
                forms.action(
                    "not-here",
                    &field,
                    "Not here",
                    &format!(" class=\"stop\" aria-label=\"Not here: roll {roll} {name}\"")
                ),
            )
        })
        .collect();
    format!(
        "<h2 id=\"spot-h\">Stand up:</h2><ul class=\"called\">{called}</ul>{}",
        forms.action("spot-stop", "", "Stop the check", " class=\"quiet\"")
    )
}

/// Beside the count: the heads counted ("" until counted).
pub(super) fn heads(s: &Snapshot) -> String {
    match s.heads {
        Some(1) => "1 head in the room".to_string(),
        Some(n) => format!("{n} heads in the room"),
        None => String::new(),
    }
}

/// When more are marked than are in the room: the plain words, and the
/// spot check one click away ("" otherwise).
pub(super) fn heads_warn(s: &Snapshot, forms: &Forms) -> String {
    let more = match s.too_many() {
        Some(more) => more,
        None => return String::new(),
    };
    let heads = s.heads.unwrap_or(0);
    let check = SPOT_DEFAULT
        .max(more)
        .min(crate::teacher::checks::SPOT_MOST);
    format!(
        "<span>{} marked, but {heads} in the room: {more} more marked than are here.</span>{}",
        s.rows.len(),
        forms.action(
            "spot-check",
            &Forms::field("count", &check.to_string()),
            &format!("Check {check} at random"),
            ""
        )
    )
}
