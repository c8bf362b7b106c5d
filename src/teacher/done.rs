//! What every teacher's action shares: what it did (or the words saying
//! why it did nothing), how it is written down (an audit line with Address
//! `teacher`, and a terminal line "Teacher"), and the teacher's own text
//! made one line.

use super::desk::Flash;
use crate::class::Class;
use crate::register::audit::Entry;
use chrono::NaiveDateTime;

/// What an action did, or the words saying why it did nothing.
pub type Done = Result<(), Flash>;

/// Words for the next view of the screen.
pub fn said(notice: impl Into<String>) -> Flash {
    Flash {
        notice: notice.into(),
        ..Flash::default()
    }
}

/// Writes down one thing the teacher did: an audit line (Address
/// `teacher`; `who` is the roll and name it was done to, or `("", "")`)
/// and a terminal line.
pub fn note(class: &Class, now: NaiveDateTime, who: (&str, &str), outcome: &str, what: &str) {
    class.write_down(&[Entry::by_teacher(now, who, outcome, what)]);
    tell(now, what);
}

/// The terminal's line for something the teacher did.
pub fn tell(now: NaiveDateTime, what: &str) {
    say!("  {}  Teacher   {what}", now.time());
}

/// Most characters of a reason (an excuse's) that are kept.
pub const REASON_MAX: usize = 100;

/// The reason as the details file keeps it: one line (a pasted line break
/// would make the file hard to read in Excel), `REASON_MAX` at most.
pub fn one_line(typed: &str) -> String {
    let line: String = typed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.trim();
    match line.char_indices().nth(REASON_MAX) {
        Some((at, _)) => line[..at].trim_end().to_string(),
        None => line.to_string(),
    }
}

/// "12 Asha, 13 Ravi": students as the screen lists them.
pub fn listed<'a>(who: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    who.into_iter()
        .map(|(roll, name)| format!("{roll} {name}"))
        .collect::<Vec<_>>()
        .join(", ")
}
