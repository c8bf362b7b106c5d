//! A few refused attempts a minute per phone, and wrong codes an hour per
//! machine (`limiter`): a phone past them waits, and a script guessing
//! codes, or flooding from outside, leaves one audit line a minute, not
//! thousands. Asked first, so that nothing else is judged meanwhile.

use super::{Check, Rule};
use crate::guards::limiter::{Limit as Over, Verdict};
use crate::guards::refusal::{Kind, Refusal};

/// Too many refusals from this phone this minute.
pub static TOO_MANY: Kind = Kind {
    status: 429,
    retry_after: Some(60),
    counts: false,
    ..Kind::page("too many refused attempts")
};

/// Too many refusals from the phones of one shared address this minute.
pub static FROM_ADDRESS: Kind = Kind {
    status: 429,
    retry_after: Some(60),
    counts: false,
    ..Kind::page("too many refused attempts from this address")
};

/// Too many wrong codes from this machine this hour.
pub static WRONG_CODES: Kind = Kind {
    status: 429,
    counts: false,
    ..Kind::page("too many wrong codes from this address this hour")
};

static KINDS: [&Kind; 3] = [&TOO_MANY, &FROM_ADDRESS, &WRONG_CODES];
pub struct Limit;

impl Rule for Limit {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn at_the_door(&self, c: &mut Check<'_, '_>) -> Result<(), Refusal> {
        let k = c.knock;
        match c.guards.rate(k.origin.machine, k.sent, k.now) {
            Verdict::Allowed => Ok(()),
            Verdict::Blocked { first, limit } => {
                let kind = match limit {
                    Over::Phone => &TOO_MANY,
                    Over::Address => &FROM_ADDRESS,
                    Over::Hour => &WRONG_CODES,
                };
                let mut refusal = Refusal::new(kind);
                refusal.quiet = !first;
                Err(refusal)
            }
        }
    }
}
