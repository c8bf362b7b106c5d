//! Undo, `POST /teacher/undo`: takes back the last action, whole, while it
//! is offered (`desk::UNDO_SECONDS`): the rows of one press of Mark, the
//! excuses of one press of Excused, a removal, a not here. What has
//! changed since (a student who checked in again, another day) is left as
//! it is, and the screen says so.

use super::desk::{Desk, Did, Undoable};
use super::done::{listed, said, tell, Done};
use crate::class::Class;
use crate::register::{Mark, RegisterError};
use chrono::NaiveDateTime;

/// Takes back the last action, while Undo is offered.
pub fn undo(class: &Class, desk: &Desk, now: NaiveDateTime) -> Done {
    let last = desk
        .undoable(now)
        .ok_or_else(|| said("There is nothing to undo any more."))?;
    match &last.did {
        Did::Removed { mark, place } | Did::NotHere { mark, place } => {
            put_back(class, desk, &last, (mark, *place), now)
        }
        Did::Excused(marks) => unexcuse(class, desk, &last, marks, now),
        Did::Marked { marks, .. } => unmark(class, desk, &last, marks, now),
    }
}

/// "Excel holds the file" in the teacher's words, or the error itself.
fn held(e: &RegisterError, doing: &str) -> String {
    if e.is_held_by_another_program() {
        format!("Excel (or another program) has today's file open, so {doing}. Close the file in Excel, then press Undo again.")
    } else {
        format!("Not undone: {e}")
    }
}

/// Puts back the row removed (or taken away as not here) where it was.
fn put_back(
    class: &Class,
    desk: &Desk,
    last: &Undoable,
    (mark, place): (&Mark, usize),
    now: NaiveDateTime,
) -> Done {
    let not_here = matches!(last.did, Did::NotHere { .. });
    let restored = {
        let mut register = class.register();
        match not_here {
            true => register.undo_not_here(mark, place, last.date, now),
            false => register.restore(mark, place, last.date, now),
        }
    };
    match restored {
        Ok(true) => {
            desk.forget_undo();
            let why = if not_here {
                "; not here by mistake"
            } else {
                ""
            };
            tell(
                now,
                &format!(
                    "put back {} {} (marked at {}{why})",
                    mark.roll, mark.name, mark.time
                ),
            );
            Ok(())
        }
        Ok(false) => {
            desk.forget_undo();
            Err(said(format!(
                "Roll {} is marked again already: nothing to undo.",
                mark.roll
            )))
        }
        Err(e) => Err(said(held(&e, "the row cannot be put back"))),
    }
}

/// Takes back the excuses given by mistake.
fn unexcuse(
    class: &Class,
    desk: &Desk,
    last: &Undoable,
    marks: &[Mark],
    now: NaiveDateTime,
) -> Done {
    let mut undone: Vec<&Mark> = Vec::new();
    for mark in marks {
        let result = class.register().unexcuse(&mark.roll, last.date, now);
        match result {
            Ok(true) => undone.push(mark),
            Ok(false) => {}
            Err(e) => return Err(said(format!("The excuse is not undone: {e}"))),
        }
    }
    desk.forget_undo();
    if undone.is_empty() {
        let rolls: Vec<&str> = marks.iter().map(|m| m.roll.as_str()).collect();
        return Err(said(format!(
            "Roll {} is not excused any more: nothing to undo.",
            rolls.join(", ")
        )));
    }
    let who = listed(undone.iter().map(|m| (m.roll.as_str(), m.name.as_str())));
    tell(now, &format!("undid the excuse of {who}"));
    Ok(())
}

/// Takes back rows marked by hand by mistake, those still as marked.
fn unmark(class: &Class, desk: &Desk, last: &Undoable, marks: &[Mark], now: NaiveDateTime) -> Done {
    let taken = class.register().unmark(marks, last.date, now);
    match taken {
        Ok(gone) if gone.is_empty() => {
            desk.forget_undo();
            Err(said("Those rows have changed since: nothing to undo."))
        }
        Ok(gone) => {
            desk.forget_undo();
            let who = listed(gone.iter().map(|m| (m.roll.as_str(), m.name.as_str())));
            tell(now, &format!("undid the marking of {who}"));
            Ok(())
        }
        Err(e) => Err(said(held(&e, "the rows cannot be taken out"))),
    }
}
