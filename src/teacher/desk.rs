//! What the teacher's screen remembers between requests: the run it was
//! served by (so an open tab notices a restart), the last action's words
//! for the next view of the screen, and the last removal, for Undo.

use crate::locks::lock;
use crate::random;
use crate::register::Mark;
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::Mutex;

/// How long "Removed … — Undo" stays on the screen.
pub const UNDO_SECONDS: i64 = 120;

/// The words an action left for the next view of the screen, and what the
/// teacher had typed into the mark-by-hand form (kept after a typo).
#[derive(Debug, Clone, Default)]
pub struct Flash {
    pub notice: String,
    pub roll: String,
    pub name: String,
}

/// A row the teacher removed, to put back exactly as it was.
#[derive(Debug, Clone)]
pub struct Removed {
    pub mark: Mark,
    /// Its place among the day's rows.
    pub place: usize,
    pub date: NaiveDate,
    pub at: NaiveDateTime,
}

pub struct Desk {
    /// This run's id: a restarted rollcall has another, and the page,
    /// seeing it change in the status, reloads itself.
    pub run: String,
    flash: Mutex<Option<Flash>>,
    removed: Mutex<Option<Removed>>,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            run: random::digits(12),
            flash: Mutex::new(None),
            removed: Mutex::new(None),
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

    /// Remembers a removal for Undo.
    pub fn removed(&self, removed: Removed) {
        *lock(&self.removed) = Some(removed);
    }

    /// The last removal, while Undo is offered (`UNDO_SECONDS`).
    pub fn undoable(&self, now: NaiveDateTime) -> Option<Removed> {
        lock(&self.removed)
            .as_ref()
            .filter(|r| (now - r.at).num_seconds() < UNDO_SECONDS && now >= r.at)
            .cloned()
    }

    /// Undo was used (or can no longer be): offer it no more.
    pub fn forget_removed(&self) {
        *lock(&self.removed) = None;
    }
}
