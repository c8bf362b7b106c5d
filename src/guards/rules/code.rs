//! The code on the classroom screen, judged by the session (`Session::
//! admit`): no code, a wrong one, or one that has just expired. A
//! wrong code (one that could have been right) counts against the
//! machine's hour; the right one gives a phone its wrong ones back; and
//! more wrong codes in a day than a class mistypes make the code longer.

use super::{Check, Rule};
use crate::guards::refusal::{Kind, Refusal, Shown};
use crate::session::NotAdmitted;

/// No code typed.
pub static NO_CODE: Kind = Kind::form("no code", Shown::BesideCode);
/// Not the code (nor one of the last few).
pub static WRONG: Kind = Kind::form("wrong code", Shown::BesideCode);
/// The code of a minute ago, no longer accepted.
pub static EXPIRED: Kind = Kind::form("expired code", Shown::BesideCode);

static KINDS: [&Kind; 3] = [&NO_CODE, &WRONG, &EXPIRED];
pub struct Code;

impl Rule for Code {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn at_the_door(&self, c: &mut Check<'_, '_>) -> Result<(), Refusal> {
        let k = c.knock;
        let (machine, sent) = (k.origin.machine, k.sent);
        let judged = c.session.admit(k.code, k.now);
        let kind = match judged {
            Ok(()) => {
                c.guards.right_code(machine, sent);
                return Ok(());
            }
            // (The open rule asked first, under the same lock.)
            Err(NotAdmitted::Closed) => &super::open::CLOSED,
            Err(NotAdmitted::MissingCode) => &NO_CODE,
            Err(NotAdmitted::ExpiredCode) => &EXPIRED,
            // Only a wrong code could have been right: an expired or a
            // missing one is no guess.
            Err(NotAdmitted::WrongCode) => {
                c.guards.wrong_code(machine, sent, k.now);
                &WRONG
            }
        };
        // (This one is counted below, by the door: with it the day's may
        // be a sweep.)
        if kind == &WRONG && c.guards.sweeping_after_one_more() {
            c.longer = c.session.lengthen();
        }
        Err(Refusal::new(kind))
    }
}
