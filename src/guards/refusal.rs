//! Who is at the door, and what a guard tells them when it turns them away
//! with a page of its own: which page (its words, in the phone's language,
//! are `Lang::refusal`'s), the HTTP status, the audit trail's reason.

use super::{Limit, Machine, Reason};
use std::net::IpAddr;

/// Where a check-in comes from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The client's address, IPv4 unmapped (where it enters, in tiny_http).
    pub ip: IpAddr,
    /// The phone's device cookie ("" if it sent none).
    pub device: String,
    /// The machine behind `ip` (see `neighbours`).
    pub machine: Machine,
}

impl Origin {
    /// The laptop itself: its browser may be a kiosk for the whole class.
    pub fn is_laptop(&self) -> bool {
        self.ip.is_loopback()
    }
}

/// Why a guard turned an attempt away with a page of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Sent from another site's page, or to a name that is not the
    /// laptop's (see `site`): never read.
    OtherSite,
    OtherNetwork,
    /// Check-in is closed.
    Closed,
    /// This phone already checked in `roll` today.
    SecondRoll(String),
    /// This address already marked the most rolls allowed a day.
    PerAddress(usize),
    /// This phone was refused too often this minute.
    TooManyRefusals,
    /// The phones of this shared address were refused too often this minute.
    TooManyFromAddress,
    /// This address sent too many wrong codes this hour.
    TooManyWrongCodes,
}

impl Refusal {
    /// The refusal for an attempt over a limit.
    pub(super) fn over(limit: Limit) -> Refusal {
        match limit {
            Limit::Phone => Refusal::TooManyRefusals,
            Limit::Address => Refusal::TooManyFromAddress,
            Limit::Hour => Refusal::TooManyWrongCodes,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Refusal::TooManyRefusals | Refusal::TooManyFromAddress | Refusal::TooManyWrongCodes => {
                429
            }
            _ => 403,
        }
    }

    /// Seconds to wait before trying again, where waiting is the answer.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            Refusal::TooManyRefusals | Refusal::TooManyFromAddress => Some(60),
            _ => None,
        }
    }

    /// The audit trail's reason; none for a post from another site, which
    /// is never read.
    pub fn reason(&self) -> Option<Reason> {
        Some(match self {
            Refusal::OtherSite => return None,
            Refusal::OtherNetwork => Reason::OtherNetwork,
            Refusal::Closed => Reason::Closed,
            Refusal::SecondRoll(roll) => Reason::SecondRoll(roll.clone()),
            Refusal::PerAddress(n) => Reason::PerAddress(*n),
            Refusal::TooManyRefusals => Reason::TooManyRefusals,
            Refusal::TooManyFromAddress => Reason::TooManyFromAddress,
            Refusal::TooManyWrongCodes => Reason::TooManyWrongCodes,
        })
    }
}
