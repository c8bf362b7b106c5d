//! Who is at the door, and what a guard tells them when it turns them away
//! with a page of its own: the page's words, the HTTP status, the audit
//! trail's reason.

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

    /// The page's heading.
    pub fn heading(&self) -> String {
        match self {
            Refusal::OtherSite => "Check in on the check-in page".into(),
            Refusal::OtherNetwork => "Connect to the classroom Wi-Fi to check in".into(),
            Refusal::Closed => "Attendance is closed".into(),
            Refusal::SecondRoll(roll) => format!("This phone already checked in roll {roll} today"),
            Refusal::PerAddress(_) => "Too many check-ins from this phone".into(),
            Refusal::TooManyRefusals | Refusal::TooManyFromAddress => "Wait a minute".into(),
            Refusal::TooManyWrongCodes => "Ask your teacher to mark you".into(),
        }
    }

    /// The page's sentence.
    pub fn text(&self) -> String {
        match self {
            Refusal::OtherSite => "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there.".into(),
            Refusal::OtherNetwork => "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again.".into(),
            Refusal::Closed => "Check-in is not open right now. If you are in class, tell your teacher.".into(),
            Refusal::SecondRoll(_) => "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher.".into(),
            Refusal::PerAddress(n) => format!("This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."),
            Refusal::TooManyRefusals => "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen.".into(),
            Refusal::TooManyFromAddress => "Too many tries that did not work came from this network in the last minute (its phones share one address). Wait a minute, then type the code shown on the classroom screen.".into(),
            Refusal::TooManyWrongCodes => "Too many wrong codes came from this network in the last hour, so codes from it are not checked for a while. Your teacher can mark you present from the laptop.".into(),
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
