//! Check-in is open: until the teacher closes it, or `--minutes` run out.
//! Asked before the form's ticket and the code, so that a phone holding a
//! form from before check-in closed is told it is closed, and nothing is
//! judged meanwhile.

use super::{Check, Rule};
use crate::guards::refusal::{Kind, Refusal};

/// Check-in is closed.
pub static CLOSED: Kind = Kind::page("closed");

static KINDS: [&Kind; 1] = [&CLOSED];

pub struct Open;

impl Rule for Open {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn at_the_door(&self, c: &mut Check<'_, '_>) -> Result<(), Refusal> {
        if c.session.is_open(c.knock.now) {
            Ok(())
        } else {
            Err(Refusal::new(&CLOSED))
        }
    }
}
