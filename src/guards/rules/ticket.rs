//! The form's ticket: every check-in brings back the ticket of a form this
//! run served to its machine, once (`tickets.rs`). A post without one, with
//! a used one, or with one of another run marks nothing: the form comes
//! back with what was typed and a fresh ticket, one more tap for a phone
//! that loaded the form before a restart. Asked before the code, so that a
//! script that never loads the form never has a code judged.

use super::{Check, Rule};
use crate::guards::refusal::{Kind, Refusal, Shown};
use crate::guards::tickets::Untaken;

/// No ticket: a post that did not come from the form.
pub static NO_TICKET: Kind = Kind::form("no form ticket", Shown::AboveForm);
/// The ticket of a form served before rollcall was restarted.
pub static OTHER_RUN: Kind = Kind::form("form ticket of another run", Shown::AboveForm);
/// A ticket sent before: the same form posted twice.
pub static USED: Kind = Kind::form("form ticket used already", Shown::AboveForm);
/// A ticket this run did not give this machine.
pub static UNKNOWN: Kind = Kind::form("unknown form ticket", Shown::AboveForm);

static KINDS: [&Kind; 4] = [&NO_TICKET, &OTHER_RUN, &USED, &UNKNOWN];

pub struct Ticket;

impl Rule for Ticket {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn at_the_door(&self, c: &mut Check<'_, '_>) -> Result<(), Refusal> {
        let k = c.knock;
        let taken = c.guards.tickets.take(k.origin.machine, k.ticket);
        let (kind, again) = match taken {
            Ok(()) => return Ok(()),
            Err(Untaken::Missing) => (&NO_TICKET, false),
            Err(Untaken::OtherRun) => (&OTHER_RUN, false),
            // A form re-sent in a loop is written down once.
            Err(Untaken::Used { again }) => (&USED, again),
            Err(Untaken::Unknown) => (&UNKNOWN, false),
        };
        let mut refusal = Refusal::new(kind);
        refusal.quiet = again;
        Err(refusal)
    }
}
