//! Refused attempts (wrong codes above all) per minute, and wrong codes per
//! hour: enough for students who mistype, far too few to sweep the codes.
//!
//! - **Per phone, a minute:** 5 refusals. Where each phone has its own
//!   address (the default), the address is the phone. Where the phones
//!   share one (`--per-address 0`: a school Wi-Fi behind NAT), each device
//!   cookie counts on its own, and a request without one counts as one
//!   "no cookie" phone: one student's mistakes do not lock out the class.
//! - **Per shared address, a minute:** 60 refusals of any kind from all its
//!   phones, so a script that makes up a new cookie for every try still
//!   waits, and leaves one audit line a minute rather than thousands.
//! - **Per address, an hour:** 20 wrong codes (codes that could have been
//!   right: not an expired one, not an empty one), from any of its phones.
//!   A phone that then types the right code gets its wrong codes back: an
//!   honest student who mistyped costs the address nothing once checked
//!   in; a script never gets there. With 2 of 10,000 codes valid at a time,
//!   20 guesses an hour find one with a chance of 20 × 2/10,000 = 0.4% per
//!   class hour, however many cookies the script makes up.
//!
//! An "address" here is a `Machine`: the hardware address behind the
//! phone's network address, where the laptop knows it, else the address
//! (an IPv6 one by its /64), so that one laptop's many addresses share one
//! budget.
//!
//! The tables are bounded: a flood from many addresses replaces the oldest
//! entries instead of growing memory without end.

use super::Machine;
use chrono::{Duration, NaiveDateTime};

/// Refusals one phone may have a minute.
pub const PER_MINUTE: u32 = 5;
/// Refusals a shared address may have a minute, from all its phones.
pub const SHARED_PER_MINUTE: u32 = 60;
/// Wrong codes an address may send an hour, not counting those of phones
/// that then typed the right code.
pub const WRONG_CODES_PER_HOUR: usize = 20;
/// Most minute windows remembered at once (a few dozen bytes each).
pub const CAPACITY: usize = 4096;
/// Most addresses whose wrong codes of the hour are remembered (at most
/// `WRONG_CODES_PER_HOUR` entries of 24 bytes each).
pub const HOUR_CAPACITY: usize = 1024;

/// A phone behind an address: a hash of its device cookie, or `None` for
/// the requests that came without one.
type Phone = Option<u64>;

/// Whose refusals a minute window counts: a phone at an address, or
/// (`Whole`) the address as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    Phone(Phone),
    Whole,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    /// When this minute started.
    start: NaiveDateTime,
    wrong: u32,
    /// Whether the refusal after the limit was written to the audit trail
    /// this minute: one line says it; a script's thousands would not.
    reported: bool,
}

impl Window {
    fn new(now: NaiveDateTime) -> Window {
        Window {
            start: now,
            wrong: 0,
            reported: false,
        }
    }

    fn is_current(&self, now: NaiveDateTime) -> bool {
        now >= self.start && now - self.start < Duration::minutes(1)
    }
}

/// Which limit an attempt ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// This phone's refusals this minute.
    Phone,
    /// A shared address's refusals this minute.
    Address,
    /// The address's wrong codes this hour.
    Hour,
}

/// What the limiter says of an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Over `limit`: refuse; `first` for the first refusal this minute.
    Blocked {
        first: bool,
        limit: Limit,
    },
}

pub struct Limiter {
    /// Whether phones share addresses (`--per-address 0`).
    shared: bool,
    /// A list, not a map: a few thousand entries at most, searched in
    /// microseconds, for less binary.
    windows: Vec<(Machine, Counted, Window)>,
    /// Each address's wrong codes of the last hour: which phone, when.
    guesses: Vec<(Machine, Vec<(Phone, NaiveDateTime)>)>,
}

/// The phone a device cookie names ("" for none).
fn phone(device: &str) -> Phone {
    if device.is_empty() {
        return None;
    }
    // FNV-1a: cookies are random, so any fair hash keeps them apart.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in device.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Some(hash)
}

/// Still within the hour of a wrong code made at `then`?
fn this_hour(then: NaiveDateTime, now: NaiveDateTime) -> bool {
    now >= then && now - then < Duration::hours(1)
}

impl Limiter {
    pub fn new(shared: bool) -> Limiter {
        Limiter {
            shared,
            windows: Vec::new(),
            guesses: Vec::new(),
        }
    }

    /// Whose refusals count against a phone's minute: the phone where
    /// addresses are shared, else the address.
    fn own(&self, device: &str) -> Counted {
        if self.shared {
            Counted::Phone(phone(device))
        } else {
            Counted::Whole
        }
    }

    fn window(&mut self, ip: Machine, counted: Counted) -> Option<&mut Window> {
        self.windows
            .iter_mut()
            .find(|(a, c, _)| *a == ip && *c == counted)
            .map(|(_, _, w)| w)
    }

    /// May the phone with `device` ("" for none) at `ip` try now?
    pub fn check(&mut self, ip: Machine, device: &str, now: NaiveDateTime) -> Verdict {
        let guessed = self.wrong_codes(ip, now);
        let limit = if guessed >= WRONG_CODES_PER_HOUR {
            Some(Limit::Hour)
        } else if self.shared && self.over(ip, Counted::Whole, SHARED_PER_MINUTE, now) {
            Some(Limit::Address)
        } else if self.over(ip, self.own(device), PER_MINUTE, now) {
            Some(Limit::Phone)
        } else {
            None
        };
        let limit = match limit {
            Some(limit) => limit,
            None => return Verdict::Allowed,
        };
        // One audit line a minute: per phone for its own limit, per address
        // for the address's.
        let counted = match limit {
            Limit::Phone => self.own(device),
            Limit::Address | Limit::Hour => Counted::Whole,
        };
        let w = self.window_for(ip, counted, now);
        let first = !w.reported;
        w.reported = true;
        Verdict::Blocked { first, limit }
    }

    /// Has `counted` at `ip` had `limit` refusals this minute?
    fn over(&mut self, ip: Machine, counted: Counted, limit: u32, now: NaiveDateTime) -> bool {
        self.window(ip, counted)
            .map_or(false, |w| w.is_current(now) && w.wrong >= limit)
    }

    /// Counts a refusal of the phone with `device` at `ip`: against the
    /// phone and, where addresses are shared, the address.
    pub fn refused(&mut self, ip: Machine, device: &str, now: NaiveDateTime) {
        let own = self.own(device);
        self.window_for(ip, own, now).wrong += 1;
        if own != Counted::Whole {
            self.window_for(ip, Counted::Whole, now).wrong += 1;
        }
    }

    /// This minute's window of `counted` at `ip`, started afresh if its
    /// minute is over, added if missing.
    fn window_for(&mut self, ip: Machine, counted: Counted, now: NaiveDateTime) -> &mut Window {
        let i = match self
            .windows
            .iter()
            .position(|(a, c, _)| *a == ip && *c == counted)
        {
            Some(i) => i,
            None => {
                if self.windows.len() >= CAPACITY {
                    self.make_room(now);
                }
                self.windows.push((ip, counted, Window::new(now)));
                self.windows.len() - 1
            }
        };
        let w = &mut self.windows[i].2;
        if !w.is_current(now) {
            *w = Window::new(now);
        }
        w
    }

    /// Counts a wrong code (one that could have been right) from the phone
    /// with `device` at `ip` against the address's hour.
    pub fn wrong_code(&mut self, ip: Machine, device: &str, now: NaiveDateTime) {
        let i = match self.guesses.iter().position(|(a, _)| *a == ip) {
            Some(i) => i,
            None => {
                if self.guesses.len() >= HOUR_CAPACITY {
                    self.guesses
                        .retain(|(_, g)| g.iter().any(|&(_, t)| this_hour(t, now)));
                    if self.guesses.len() >= HOUR_CAPACITY {
                        // Added in time order: the front is the oldest.
                        self.guesses.drain(..HOUR_CAPACITY / 4);
                    }
                }
                self.guesses.push((ip, Vec::new()));
                self.guesses.len() - 1
            }
        };
        let list = &mut self.guesses[i].1;
        list.retain(|&(_, t)| this_hour(t, now));
        // `check` came first under the same lock, so the list is short of
        // the limit; the bound keeps memory fixed whatever a caller does.
        if list.len() < WRONG_CODES_PER_HOUR {
            list.push((phone(device), now));
        }
    }

    /// The phone with `device` at `ip` typed the right code: its wrong codes
    /// no longer count against the address. Not for requests without a
    /// cookie, which cannot be told apart: a script's among them would be
    /// forgiven with an honest student's.
    pub fn right_code(&mut self, ip: Machine, device: &str) {
        if device.is_empty() {
            return;
        }
        let phone = phone(device);
        if let Some((_, list)) = self.guesses.iter_mut().find(|(a, _)| *a == ip) {
            list.retain(|&(p, _)| p != phone);
        }
    }

    /// The address's wrong codes of the last hour.
    pub fn wrong_codes(&self, ip: Machine, now: NaiveDateTime) -> usize {
        self.guesses
            .iter()
            .find(|(a, _)| *a == ip)
            .map_or(0, |(_, g)| {
                g.iter().filter(|&&(_, t)| this_hour(t, now)).count()
            })
    }

    /// How many minute windows are remembered.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.windows.len()
    }

    /// How many addresses' wrong codes are remembered.
    #[cfg(test)]
    pub fn hour_len(&self) -> usize {
        self.guesses.len()
    }

    /// Forgets finished minutes; if none, the oldest quarter.
    fn make_room(&mut self, now: NaiveDateTime) {
        self.windows.retain(|(_, _, w)| w.is_current(now));
        if self.windows.len() >= CAPACITY {
            // Entries are added in time order: the front is the oldest.
            self.windows.drain(..CAPACITY / 4);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::clock::seconds_into_a_lesson as at;

    fn ip(n: u32) -> Machine {
        Machine::of(
            std::net::IpAddr::from((0x0a00_0000 + n).to_be_bytes()),
            None,
        )
    }

    fn blocked(first: bool, limit: Limit) -> Verdict {
        Verdict::Blocked { first, limit }
    }

    #[test]
    fn a_few_wrong_codes_a_minute_then_a_wait() {
        let mut l = Limiter::new(false);
        for i in 0..5 {
            assert_eq!(l.check(ip(1), "", at(i)), Verdict::Allowed);
            l.refused(ip(1), "", at(i));
        }
        assert_eq!(l.check(ip(1), "", at(10)), blocked(true, Limit::Phone));
        assert_eq!(l.check(ip(1), "", at(11)), blocked(false, Limit::Phone));
        // Another cookie at the same address is the same phone here.
        assert_eq!(
            l.check(ip(1), "other", at(11)),
            blocked(false, Limit::Phone)
        );
        // Another phone is not affected.
        assert_eq!(l.check(ip(2), "", at(11)), Verdict::Allowed);
        // A minute after the first wrong code, it may try again.
        assert_eq!(l.check(ip(1), "", at(60)), Verdict::Allowed);
    }

    #[test]
    fn a_flood_from_many_addresses_stays_bounded() {
        let mut l = Limiter::new(true);
        for n in 0..100_000u32 {
            l.refused(ip(n), &format!("d{n}"), at(i64::from(n / 1000)));
            l.wrong_code(ip(n), "", at(i64::from(n / 1000)));
        }
        assert!(l.len() <= CAPACITY, "{}", l.len());
        assert!(l.hour_len() <= HOUR_CAPACITY, "{}", l.hour_len());
        // The newest addresses are still remembered.
        assert_eq!(l.wrong_codes(ip(99_999), at(99)), 1);
        l.refused(ip(99_999), "x", at(99));
        assert!(l.len() <= CAPACITY);
    }
}
