//! The laptop's clock, checked against the phones'. An old laptop whose
//! board battery died forgets the time, and a classroom without internet
//! never corrects it: every file is then named for the wrong day. Where a
//! phone runs scripts, its check-in carries the phone's own clock (a hidden
//! field, `www/clock.js`); when several phones agree that the laptop is
//! more than a few minutes off, the teacher is told. One phone is never
//! trusted, and nothing is changed by itself: the teacher sets the clock.
//!
//! A phone here is a machine (`guards::Machine`: its hardware address, else
//! its address or IPv6 /64), never a cookie: one laptop sending check-ins
//! without cookies is one reading however many cookies it is given. Only a
//! saved check-in's clock is read, and a machine whose rows the door has
//! flagged (a burst no class makes, a copied cookie) counts for nothing:
//! eleven made-up phones cannot move the warning, nor silence a true one.

use crate::guards::Machine;
use crate::locks::lock;
use chrono::{Duration, NaiveDateTime, Timelike};
use std::sync::Mutex;

/// How far the laptop may be off before the teacher is told.
const OFF_BY_MINUTES: i64 = 5;
/// How many phones must agree.
const PHONES: usize = 3;
/// How close their readings must be to agree.
const AGREE_MINUTES: i64 = 2;
/// Readings kept: the latest of each of this many phones.
const KEEP: usize = 32;

pub struct PhoneClocks {
    /// (machine, the phone's time minus the laptop's), latest per machine.
    offsets: Mutex<Vec<(Machine, Duration)>>,
    told: Mutex<bool>,
}

/// What several phones agree on: the laptop's time and theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub laptop: NaiveDateTime,
    pub phones: NaiveDateTime,
}

impl Disagreement {
    /// In a teacher's words.
    pub fn words(&self) -> String {
        // Spelt out by hand: chrono's formatter costs the binary ~KiBs.
        let when = |t: NaiveDateTime| {
            format!(
                "{} {:02}:{:02}",
                crate::pages::long_date(t.date()),
                t.hour(),
                t.minute()
            )
        };
        format!(
            "This laptop's clock says {}; the phones say {}. Set the clock, then restart rollcall.",
            when(self.laptop),
            when(self.phones)
        )
    }
}

impl PhoneClocks {
    pub fn new() -> PhoneClocks {
        PhoneClocks {
            offsets: Mutex::new(Vec::new()),
            told: Mutex::new(false),
        }
    }

    /// Notes the `phone_time` field of a saved check-in from `machine`: the
    /// phone's local wall-clock time in milliseconds since 1970 (as
    /// `clock.js` sends it). Nonsense is ignored.
    pub fn note(&self, machine: Machine, phone_time: &str, now: NaiveDateTime) {
        let millis: i64 = match phone_time.trim().parse() {
            Ok(ms) => ms,
            Err(_) => return,
        };
        let phone = match NaiveDateTime::from_timestamp_millis(millis) {
            Some(t) => t,
            None => return,
        };
        let offset = phone - now;
        let mut offsets = lock(&self.offsets);
        offsets.retain(|(m, _)| *m != machine);
        if offsets.len() >= KEEP {
            offsets.remove(0);
        }
        offsets.push((machine, offset));
    }

    /// Whether several phones agree that the laptop's clock is off, at
    /// `now` by the laptop; `flagged` gives the machines that do not count,
    /// and is asked only when enough phones are off for it to matter (it
    /// sums the whole day under the guards' lock).
    pub fn disagreement(
        &self,
        now: NaiveDateTime,
        flagged: impl FnOnce() -> Vec<Machine>,
    ) -> Option<Disagreement> {
        let all = lock(&self.offsets).clone();
        // Agreeing phones are within AGREE_MINUTES of a median at least
        // OFF_BY_MINUTES off, so each is off by more than the difference
        // less a minute (minutes are counted whole, as below).
        let far = all
            .iter()
            .filter(|(_, o)| o.num_minutes().abs() >= OFF_BY_MINUTES - AGREE_MINUTES - 1)
            .count();
        if far < PHONES {
            return None;
        }
        let flagged = flagged();
        let offsets: Vec<Duration> = all
            .iter()
            .filter(|(m, _)| !flagged.contains(m))
            .map(|(_, o)| *o)
            .collect();
        if offsets.len() < PHONES {
            return None;
        }
        // The median, without sorting: the one with as many below as above.
        let median = offsets
            .iter()
            .copied()
            .find(|o| {
                let below = offsets.iter().filter(|p| *p < o).count();
                let above = offsets.iter().filter(|p| *p > o).count();
                below <= offsets.len() / 2 && above <= offsets.len() / 2
            })
            .unwrap_or_else(Duration::zero);
        let agreeing = offsets
            .iter()
            .filter(|o| (**o - median).num_minutes().abs() <= AGREE_MINUTES)
            .count();
        if agreeing < PHONES || median.num_minutes().abs() < OFF_BY_MINUTES {
            return None;
        }
        Some(Disagreement {
            laptop: now,
            phones: now + median,
        })
    }

    /// The disagreement, the first time it is found (for the terminal);
    /// `flagged` is asked only until then (it sums the whole day).
    pub fn news(
        &self,
        now: NaiveDateTime,
        flagged: impl FnOnce() -> Vec<Machine>,
    ) -> Option<Disagreement> {
        let mut told = lock(&self.told);
        if *told {
            return None;
        }
        let found = self.disagreement(now, flagged)?;
        *told = true;
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("valid")
    }

    fn millis(s: &str) -> String {
        at(s).timestamp_millis().to_string()
    }

    /// The machine of phone `name` (a letter).
    fn phone(name: &str) -> Machine {
        let n = name.bytes().next().unwrap_or(b'a');
        Machine::of(std::net::IpAddr::from([10, 0, 0, n]), None)
    }

    #[test]
    fn several_phones_must_agree_before_the_teacher_is_told() {
        let clocks = PhoneClocks::new();
        let laptop = at("2010-01-01 09:00:00");
        clocks.note(phone("a"), &millis("2026-02-10 10:12:00"), laptop);
        clocks.note(phone("b"), &millis("2026-02-10 10:12:30"), laptop);
        // One phone, or two, is never enough; one phone twice is one.
        clocks.note(phone("b"), &millis("2026-02-10 10:12:40"), laptop);
        assert_eq!(clocks.disagreement(laptop, Vec::new), None);
        // A phone with its own odd clock does not count toward agreement.
        clocks.note(phone("c"), &millis("2031-06-01 00:00:00"), laptop);
        assert_eq!(clocks.disagreement(laptop, Vec::new), None);
        clocks.note(phone("d"), &millis("2026-02-10 10:13:00"), laptop);
        let found = clocks.disagreement(laptop, Vec::new).expect("three agree");
        assert_eq!(found.laptop, laptop);
        assert!(found.words().starts_with(
            "This laptop's clock says 1 January 2010 09:00; the phones say 10 February 2026 10:1"
        ));
        assert!(clocks.news(laptop, Vec::new).is_some());
        assert!(clocks.news(laptop, Vec::new).is_none(), "said once");
        // Nonsense is ignored.
        clocks.note(phone("e"), "soon", laptop);
        clocks.note(phone("f"), "99999999999999999999", laptop);
    }

    #[test]
    fn a_clock_a_minute_off_is_no_news() {
        let clocks = PhoneClocks::new();
        let laptop = at("2026-02-10 10:12:00");
        for (d, t) in [("a", "10:13:00"), ("b", "10:12:30"), ("c", "10:11:10")] {
            clocks.note(phone(d), &millis(&format!("2026-02-10 {t}")), laptop);
        }
        // Nobody is off enough to matter: the door's flags, a sum over the
        // whole day, are not asked for.
        let not_asked = || -> Vec<Machine> { panic!("flags asked for") };
        assert_eq!(clocks.disagreement(laptop, not_asked), None);
    }

    #[test]
    fn a_phone_two_and_a_half_minutes_off_agrees_with_two_five_minutes_off() {
        let clocks = PhoneClocks::new();
        let laptop = at("2026-02-10 10:00:00");
        for (d, t) in [("a", "10:02:30"), ("b", "10:05:00"), ("c", "10:05:00")] {
            clocks.note(phone(d), &millis(&format!("2026-02-10 {t}")), laptop);
        }
        let found = clocks.disagreement(laptop, Vec::new).expect("three agree");
        assert_eq!(found.phones, at("2026-02-10 10:05:00"));
        // Unless one of them is a flagged machine.
        assert_eq!(clocks.disagreement(laptop, || vec![phone("a")]), None);
    }
}
