//! What the teacher's screen remembers between requests: the run it was
//! served by (so an open tab notices a restart), the last action's words
//! for the next view of the screen, the last action itself for Undo, the
//! spot check under way and the heads counted. All of it is this run's and
//! today's: the register's files hold what must outlast it.

use crate::locks::lock;
use crate::random;
use crate::register::Mark;
use crate::validate::roll_key;
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::Mutex;

/// How long "Removed … — Undo" (or "Excused …", "Marked …") stays on the
/// screen.
pub const UNDO_SECONDS: i64 = 120;

/// The words an action left for the next view of the screen, and what the
/// teacher had typed into the mark-by-hand form (kept after a typo).
#[derive(Debug, Clone, Default)]
pub struct Flash {
    pub notice: String,
    pub roll: String,
    pub name: String,
}

/// What the teacher did that Undo takes back: the last action, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Did {
    /// Removed a row, from this place among the day's rows.
    Removed { mark: Mark, place: usize },
    /// A spot check found the student not here: the row, and its place.
    NotHere { mark: Mark, place: usize },
    /// Excused these students, who were not here.
    Excused(Vec<Mark>),
    /// Marked these rows by hand, late or on time.
    Marked { marks: Vec<Mark>, late: bool },
}

/// The last thing Undo can take back, of `date`, done `at`.
#[derive(Debug, Clone)]
pub struct Undoable {
    pub did: Did,
    pub date: NaiveDate,
    pub at: NaiveDateTime,
}

impl Undoable {
    /// The students it was done to (a row, or the rows and excuses of one
    /// press of a button).
    pub fn marks(&self) -> &[Mark] {
        match &self.did {
            Did::Removed { mark, .. } | Did::NotHere { mark, .. } => std::slice::from_ref(mark),
            Did::Excused(marks) | Did::Marked { marks, .. } => marks,
        }
    }

    /// What it was, as the status JSON names it.
    pub fn what(&self) -> &'static str {
        match &self.did {
            Did::Removed { .. } => "removed",
            Did::NotHere { .. } => "not here",
            Did::Excused(_) => "excused",
            Did::Marked { late: false, .. } => "marked",
            Did::Marked { late: true, .. } => "marked late",
        }
    }
}

/// A spot check: the students called to stand up (roll, name) who have
/// not been answered for yet, of `date`.
#[derive(Debug, Clone, Default)]
pub struct SpotCheck {
    pub date: Option<NaiveDate>,
    pub picks: Vec<(String, String)>,
}

pub struct Desk {
    /// This run's id: a restarted rollcall has another, and the page,
    /// seeing it change in the status, reloads itself.
    pub run: String,
    flash: Mutex<Option<Flash>>,
    last: Mutex<Option<Undoable>>,
    spot: Mutex<SpotCheck>,
    /// The heads counted in the room, and the day they were counted.
    heads: Mutex<Option<(NaiveDate, u32)>>,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            run: random::digits(12),
            flash: Mutex::new(None),
            last: Mutex::new(None),
            spot: Mutex::new(SpotCheck::default()),
            heads: Mutex::new(None),
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

    /// Remembers the last action for Undo (only the last one is offered).
    pub fn offer_undo(&self, last: Undoable) {
        *lock(&self.last) = Some(last);
    }

    /// The last action, while Undo is offered (`UNDO_SECONDS`).
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

    /// A spot check begins: these are called (any earlier one is over).
    pub fn start_spot_check(&self, date: NaiveDate, picks: Vec<(String, String)>) {
        *lock(&self.spot) = SpotCheck {
            date: Some(date),
            picks,
        };
    }

    /// Those of today's spot check still to be answered for.
    pub fn spot_check(&self, today: NaiveDate) -> Vec<(String, String)> {
        let spot = lock(&self.spot);
        match spot.date {
            Some(date) if date == today => spot.picks.clone(),
            _ => Vec::new(),
        }
    }

    /// `roll` was answered for (here, or not here): it is called no more.
    /// Its name, if it was being called.
    pub fn answered(&self, roll: &str) -> Option<String> {
        let mut spot = lock(&self.spot);
        let key = roll_key(roll);
        let at = spot.picks.iter().position(|(r, _)| roll_key(r) == key)?;
        Some(spot.picks.remove(at).1)
    }

    /// The spot check is stopped: nobody is called any more.
    pub fn stop_spot_check(&self) {
        *lock(&self.spot) = SpotCheck::default();
    }

    /// The heads counted in the room today.
    pub fn set_heads(&self, date: NaiveDate, heads: u32) {
        *lock(&self.heads) = Some((date, heads));
    }

    /// Today's count of heads, if one was made.
    pub fn heads(&self, today: NaiveDate) -> Option<u32> {
        lock(&self.heads)
            .filter(|(date, _)| *date == today)
            .map(|(_, n)| n)
    }
}
