//! A check-in from the door to the disk and back, as one pass over each
//! batch: **decide** (the rules asked as each roll is saved, in the
//! batch's order, under the guards' lock), **write** (the register writes
//! the new rows with one write and one sync, the batch's audit lines
//! synced beside them at the same time), **learn** (the guards learn each
//! saved roll, under their lock once more), **tell** (a terminal line
//! each, and every waiting handler its answer). Whichever handler finds
//! nobody saving saves everything queued (group commit, `batch.rs`), so on
//! an old disk a class arriving together waits for a few syncs rather than
//! one per student. Nobody is told "Present" before the sync that holds
//! their row has returned.
//!
//! Locks are taken one at a time, never nested: the register's is the only
//! one held over a sync, and nothing a phone waits on at the door, the
//! form or the Present page takes it.

mod batch;
mod pass;
mod terminal;

use crate::class::Class;
use crate::guards::{Origin, Refusal};
use crate::register::{Outcome, RegisterError};
use crate::validate::Student;
use batch::Batcher;
use chrono::NaiveDateTime;
use std::sync::Arc;

/// A check-in the door let through, on its way to be saved.
pub struct Attempt {
    /// As the class list spells it (else as typed, tidied).
    pub student: Student,
    pub origin: Origin,
    /// The device cookie the phone sent ("" for none): a repeat counts
    /// against it.
    pub sent: String,
    /// The name as typed, where the class list spells it otherwise.
    pub typed: Option<String>,
}

/// What became of an attempt, and when.
pub struct Handled {
    pub now: NaiveDateTime,
    pub answer: Answer,
}

pub enum Answer {
    /// Saved (or already there).
    Saved(Outcome),
    /// Turned away by a rule as it was saved; nothing written but the
    /// audit line.
    Refused(Refusal),
    /// The disk said no; nobody was told "Present".
    Failed(Arc<RegisterError>),
}

/// Where handlers queue check-ins to share a sync.
pub struct CheckIns {
    saving: Batcher<Attempt, Handled>,
}

impl CheckIns {
    pub fn new() -> CheckIns {
        CheckIns {
            saving: Batcher::new(),
        }
    }

    /// Saves `attempt` together with whatever else arrives while a sync
    /// is under way, and returns what became of it.
    pub fn save(&self, class: &Class, attempt: Attempt) -> Handled {
        self.saving.submit(attempt, |attempts| {
            pass::Pass::new(&attempts, class.now()).run(class)
        })
    }
}
