//! The door's rules, one file each, asked in the order of `RULES`.
//!
//! A rule is its check and the refusals it can give (`Kind`: the status,
//! how long to wait, the audit trail's code); their words are each
//! language's, found by that code (`lang/`). Adding a rule is its file
//! here, one line in `RULES`, and its sentences in each language's file
//! (docs/rules.md says how).
//!
//! A rule is asked at one of two moments (or both):
//! - **at the door** (`at_the_door`), before anything is saved, under the
//!   guards' lock and the session's: the limits, the network, check-in
//!   open, the form's ticket, the code, the fields;
//! - **as the roll is saved** (`as_saved`), by the one saver of a batch,
//!   in the batch's order, against what was saved before it and what the
//!   batch holds ahead of it: one roll per phone, a few per machine. (Two
//!   check-ins from one phone at the same instant cannot then both pass,
//!   and nothing need be reserved and taken back.)

pub mod code;
pub mod fields;
pub mod limit;
pub mod network;
pub mod open;
pub mod per_address;
pub mod second_roll;
pub mod ticket;

use super::refusal::Kind;
use super::{Arrival, Guards, Knock, Origin, Refusal};
use crate::session::Session;
use crate::validate::Student;
use std::net::IpAddr;

/// One rule of the door.
pub trait Rule: Sync {
    /// The kinds of refusal it gives.
    fn kinds(&self) -> &'static [&'static Kind];

    /// Lets an attempt at the door go on, or turns it away.
    fn at_the_door(&self, _c: &mut Check<'_, '_>) -> Result<(), Refusal> {
        Ok(())
    }

    /// Lets a roll be saved, or turns it away.
    fn as_saved(&self, _s: &Saving<'_>) -> Result<(), Refusal> {
        Ok(())
    }

    /// Remembers one of its refusals for the teacher's screen, as it is
    /// given or read back from the trail after a restart.
    fn remember(&self, _guards: &mut Guards, _r: &Refused<'_>) {}
}

/// Every rule, in the order they are asked.
pub const RULES: [&dyn Rule; 8] = [
    &limit::Limit,
    &network::Network,
    &open::Open,
    &ticket::Ticket,
    &code::Code,
    &fields::Fields,
    &second_roll::SecondRoll,
    &per_address::PerAddress,
];

/// An attempt at the door, as the rules see it.
pub struct Check<'a, 'k> {
    pub knock: &'a Knock<'k>,
    pub guards: &'a mut Guards,
    pub session: &'a mut Session,
    /// Set by the code rule when wrong codes made the code longer: the
    /// terminal says so.
    pub longer: bool,
    /// Set by the fields rule: the student as the class list spells them,
    /// and the name as typed where it spells it otherwise.
    pub student: Option<(Student, Option<String>)>,
}

/// A roll about to be saved, as the rules see it.
pub struct Saving<'a> {
    pub guards: &'a Guards,
    /// The rolls of the batch that passed ahead of this one.
    pub batch: &'a [Arrival],
    pub origin: &'a Origin,
    pub roll: &'a str,
}

impl Saving<'_> {
    /// Every roll saved today from a phone, then those of the batch ahead
    /// of this one.
    pub fn seen(&self) -> impl Iterator<Item = &Arrival> {
        self.guards.today.arrivals().iter().chain(self.batch)
    }
}

/// A refusal to remember: from whom, what was tried, and when.
pub struct Refused<'a> {
    pub refusal: &'a Refusal,
    pub device: &'a str,
    /// The sender's address and machine, where known.
    pub ip: Option<IpAddr>,
    pub machine: Option<super::Machine>,
    /// The roll that was tried, "" for none.
    pub roll: &'a str,
}

/// Every kind of refusal any rule gives, for reading the trail back.
pub fn kinds() -> impl Iterator<Item = &'static Kind> {
    RULES
        .iter()
        .flat_map(|rule| rule.kinds().iter().copied())
        .chain(std::iter::once(&super::site::OTHER_SITE))
}

/// A reason as the audit trail has it, read back (see `Refusal::parse`).
pub fn read(text: &str) -> Refusal {
    Refusal::parse(text, kinds())
}

/// The rule that gives `kind`.
pub fn of(kind: &Kind) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|rule| rule.kinds().contains(&kind))
}
