//! A few rolls per machine a day (`--per-address`, 3 by default; 0 for no
//! limit, where phones share one address), because a script or a private
//! tab gets past a cookie. A machine is the hardware address behind the
//! phone's address where the laptop knows it, else the address (an IPv6
//! one by its /64): one laptop's many addresses share one budget.

use super::{Rule, Saving};
use crate::guards::refusal::{Detail, Kind, Refusal, Written};
use crate::validate::roll_key;

/// This machine already marked the most rolls allowed a day.
pub static PER_ADDRESS: Kind = Kind {
    written: Written::Count,
    ..Kind::page("more than # rolls from this address")
};

static KINDS: [&Kind; 1] = [&PER_ADDRESS];
pub struct PerAddress;

impl Rule for PerAddress {
    fn kinds(&self) -> &'static [&'static Kind] {
        &KINDS
    }

    fn as_saved(&self, s: &Saving<'_>) -> Result<(), Refusal> {
        let most = s.guards.per_address;
        if most == 0 || s.origin.is_laptop() {
            return Ok(());
        }
        let key = roll_key(s.roll);
        let mut others: Vec<String> = s
            .seen()
            .filter(|a| a.machine == s.origin.machine && roll_key(&a.roll) != key)
            .map(|a| roll_key(&a.roll))
            .collect();
        others.sort_unstable();
        others.dedup();
        if others.len() >= most {
            Err(Refusal::with(&PER_ADDRESS, Detail::Count(most)))
        } else {
            Ok(())
        }
    }
}
