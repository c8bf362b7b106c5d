//! Refused attempts (wrong codes above all) per client address per minute:
//! enough for a student who mistypes, far too few to sweep 10,000 codes
//! while one is on the screen, or to fill the audit trail.
//!
//! The table is bounded: a flood from many addresses replaces the oldest
//! entries instead of growing memory without end.

use chrono::{Duration, NaiveDateTime};
use std::net::IpAddr;

/// Most addresses remembered at once (a few hundred bytes each at most).
pub const CAPACITY: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Window {
    /// When this address's current minute started.
    start: NaiveDateTime,
    wrong: u32,
    /// Whether the refusal after the limit was written to the audit trail
    /// this minute: one line says it; a script's thousands would not.
    reported: bool,
}

/// What the limiter says of an attempt from an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Over the limit: refuse; `first` for the first refusal this minute.
    Blocked {
        first: bool,
    },
}

pub struct Limiter {
    per_minute: u32,
    /// A list, not a map: a few thousand entries at most, searched in
    /// microseconds, for less binary.
    windows: Vec<(IpAddr, Window)>,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Limiter {
        Limiter {
            per_minute,
            windows: Vec::new(),
        }
    }

    /// May `ip` try a code now?
    pub fn check(&mut self, ip: IpAddr, now: NaiveDateTime) -> Verdict {
        let per_minute = self.per_minute;
        match self
            .windows
            .iter_mut()
            .find(|(a, _)| *a == ip)
            .map(|(_, w)| w)
        {
            Some(w) if now - w.start < Duration::minutes(1) && w.wrong >= per_minute => {
                let first = !w.reported;
                w.reported = true;
                Verdict::Blocked { first }
            }
            _ => Verdict::Allowed,
        }
    }

    /// Counts a wrong or expired code from `ip`.
    pub fn wrong(&mut self, ip: IpAddr, now: NaiveDateTime) {
        let i = match self.windows.iter().position(|(a, _)| *a == ip) {
            Some(i) => i,
            None => {
                if self.windows.len() >= CAPACITY {
                    self.make_room(now);
                }
                let fresh = Window {
                    start: now,
                    wrong: 0,
                    reported: false,
                };
                self.windows.push((ip, fresh));
                self.windows.len() - 1
            }
        };
        let w = &mut self.windows[i].1;
        if now - w.start >= Duration::minutes(1) || now < w.start {
            *w = Window {
                start: now,
                wrong: 0,
                reported: false,
            };
        }
        w.wrong += 1;
    }

    /// How many addresses are remembered.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.windows.len()
    }

    /// Forgets finished minutes; if none, the oldest quarter.
    fn make_room(&mut self, now: NaiveDateTime) {
        self.windows
            .retain(|(_, w)| now - w.start < Duration::minutes(1) && now >= w.start);
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

    fn ip(n: u32) -> IpAddr {
        IpAddr::from((0x0a00_0000 + n).to_be_bytes())
    }

    #[test]
    fn a_few_wrong_codes_a_minute_then_a_wait() {
        let mut l = Limiter::new(5);
        for i in 0..5 {
            assert_eq!(l.check(ip(1), at(i)), Verdict::Allowed);
            l.wrong(ip(1), at(i));
        }
        assert_eq!(l.check(ip(1), at(10)), Verdict::Blocked { first: true });
        assert_eq!(l.check(ip(1), at(11)), Verdict::Blocked { first: false });
        // Another phone is not affected.
        assert_eq!(l.check(ip(2), at(11)), Verdict::Allowed);
        // A minute after the first wrong code, it may try again.
        assert_eq!(l.check(ip(1), at(60)), Verdict::Allowed);
    }

    #[test]
    fn a_flood_from_many_addresses_stays_bounded() {
        let mut l = Limiter::new(5);
        for n in 0..100_000u32 {
            l.wrong(ip(n), at(i64::from(n / 1000)));
        }
        assert!(l.len() <= CAPACITY, "{}", l.len());
        // The newest addresses are still remembered.
        l.wrong(ip(99_999), at(99));
        assert!(l.len() <= CAPACITY);
    }
}
