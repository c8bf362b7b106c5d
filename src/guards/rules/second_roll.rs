//! One phone, one roll a day: a phone is its random device cookie, and a
//! second roll from the same phone is refused (the laptop, a kiosk for
//! students without a phone, is exempt). A cookie sent from another
//! machine than its own is a copy, not this phone (`Guards::copied`).

use super::{Refused, Rule, Saving};
use crate::guards::refusal::{Detail, Kind, Refusal, Written};
use crate::guards::Guards;
use crate::validate::roll_key;

/// This phone already checked in another roll today.
pub static SECOND_ROLL: Kind = Kind {
    written: Written::Roll,
    ..Kind::page("second roll on this phone")
};

static KINDS: [&Kind; 1] = [&SECOND_ROLL];
pub struct SecondRoll;

impl Rule for SecondRoll {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn as_saved(&self, s: &Saving<'_>) -> Result<(), Refusal> {
        let o = s.origin;
        if o.is_laptop() || o.device.is_empty() {
            return Ok(());
        }
        let first = s
            .seen()
            .find(|a| a.device == o.device && a.machine == o.machine);
        match first {
            Some(a) if roll_key(&a.roll) != roll_key(s.roll) => {
                Err(Refusal::with(&SECOND_ROLL, Detail::Roll(a.roll.clone())))
            }
            _ => Ok(()),
        }
    }

    /// The phone's own row is flagged with the roll it tried.
    fn remember(&self, guards: &mut Guards, r: &Refused<'_>) {
        guards.today.tried(r.device, r.roll);
    }
}
