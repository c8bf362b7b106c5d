//! Who is at the door, and what a guard tells them when it turns them away:
//! the page's words, the HTTP status, the audit trail's reason.

use crate::network::unmap;
use std::net::IpAddr;

/// Where a check-in comes from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub ip: IpAddr,
    /// The phone's device cookie ("" if it sent none).
    pub device: String,
}

impl Origin {
    /// The laptop itself: its browser may be a kiosk for the whole class.
    pub fn is_laptop(&self) -> bool {
        unmap(self.ip).is_loopback()
    }
}

/// Why a guard turned a check-in away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    OtherNetwork,
    /// This phone already checked in `roll` today.
    SecondRoll(String),
    /// This address already marked the most rolls allowed a day.
    PerAddress(usize),
    TooManyRefusals,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::TooManyRefusals => 429,
            _ => 403,
        }
    }

    /// The page's heading.
    pub fn heading(&self) -> String {
        match self {
            Refusal::OtherNetwork => "Connect to the classroom Wi-Fi to check in".into(),
            Refusal::SecondRoll(roll) => format!("This phone already checked in roll {roll} today"),
            Refusal::PerAddress(_) => "Too many check-ins from this phone".into(),
            Refusal::TooManyRefusals => "Wait a minute".into(),
        }
    }

    /// The page's sentence.
    pub fn text(&self) -> String {
        match self {
            Refusal::OtherNetwork => "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again.".into(),
            Refusal::SecondRoll(_) => "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher.".into(),
            Refusal::PerAddress(n) => format!("This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."),
            Refusal::TooManyRefusals => "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen.".into(),
        }
    }

    /// The audit trail's Reason.
    pub fn reason(&self) -> String {
        match self {
            Refusal::OtherNetwork => "other network".into(),
            Refusal::SecondRoll(roll) => format!("second roll on this phone (roll {roll})"),
            Refusal::PerAddress(n) => format!("more than {n} rolls from this address"),
            Refusal::TooManyRefusals => "too many refused attempts".into(),
        }
    }
}
