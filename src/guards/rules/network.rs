//! The same network: a phone on the teacher's hotspot or the classroom
//! Wi-Fi is within a few metres of it; a friend at home is not. By default
//! a student is accepted only from loopback or a subnet of one of the
//! laptop's own classroom networks (`--allow` replaces that, `--allow any`
//! lifts it, and the teacher can allow a refused network for the run).

use super::{Check, Refused, Rule};
use crate::guards::refusal::{Kind, Refusal};
use crate::guards::Guards;

/// Sent from a network that is not the classroom's.
pub static OTHER_NETWORK: Kind = Kind::page("other network");

static KINDS: [&Kind; 1] = [&OTHER_NETWORK];
pub struct Network;

impl Rule for Network {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn at_the_door(&self, c: &mut Check<'_, '_>) -> Result<(), Refusal> {
        let ip = c.knock.origin.ip;
        if c.guards.network_allows(ip, c.knock.own) {
            Ok(())
        } else {
            Err(Refusal::new(&OTHER_NETWORK))
        }
    }

    /// The teacher sees each network phones were refused from, with
    /// "Allow this network".
    fn remember(&self, guards: &mut Guards, r: &Refused<'_>) {
        if let (Some(ip), Some(machine)) = (r.ip, r.machine) {
            guards.note_network(ip, machine);
        }
    }
}
