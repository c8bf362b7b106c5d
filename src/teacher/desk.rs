//! What the teacher's screen remembers between requests: the run it was
//! served by (so an open tab notices a restart), the last action's words
//! for the next view of the screen, and the last removal or excuse, for
//! Undo.

use crate::locks::lock;
use crate::random;
use crate::register::Mark;
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::Mutex;

/// How long "Removed … — Undo" (or "Excused …") stays on the screen.
pub const UNDO_SECONDS: i64 = 120;

/// The words an action left for the next view of the screen, and what the
/// teacher had typed into the mark-by-hand form (kept after a typo).
#[derive(Debug, Clone, Default)]
pub struct Flash {
    pub notice: String,
    pub roll: String,
    pub name: String,
}

/// What the teacher did that Undo takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Did {
    /// Removed a row, from this place among the day's rows.
    Removed { place: usize },
    /// Excused a student who is not here.
    Excused,
}

/// The last thing Undo can take back: a row the teacher removed, to put
/// back exactly as it was, or a student excused (roll, name, and when).
#[derive(Debug, Clone)]
pub struct Undoable {
    pub mark: Mark,
    pub did: Did,
    pub date: NaiveDate,
    pub at: NaiveDateTime,
}

pub struct Desk {
    /// This run's id: a restarted rollcall has another, and the page,
    /// seeing it change in the status, reloads itself.
    pub run: String,
    flash: Mutex<Option<Flash>>,
    last: Mutex<Option<Undoable>>,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            run: random::digits(12),
            flash: Mutex::new(None),
            last: Mutex::new(None),
        }
    }

    /// Leaves words for the next view of the screen.
    pub fn say(&self, flash: Flash) {
        *lock(&self.flash) = Some(flash);
    }

    /// The words left for this view, once.
    pub fn take_flash(&self) -> Option<Flash> {
        lock(&self.flash).take()
    }

    /// Remembers a removal or an excuse for Undo (only the last one is
    /// offered).
    pub fn offer_undo(&self, last: Undoable) {
        *lock(&self.last) = Some(last);
    }

    /// The last removal or excuse, while Undo is offered (`UNDO_SECONDS`).
    pub fn undoable(&self, now: NaiveDateTime) -> Option<Undoable> {
        lock(&self.last)
            .as_ref()
            .filter(|r| (now - r.at).num_seconds() < UNDO_SECONDS && now >= r.at)
            .cloned()
    }

    /// Undo was used (or can no longer be): offer it no more.
    pub fn forget_undo(&self) {
        *lock(&self.last) = None;
    }
}
