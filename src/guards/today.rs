//! Who checked in today from where: the one record of it that the door's
//! rules read (one roll per phone, a few per machine), the teacher's flags
//! are drawn from, and a restart rebuilds from the audit trail. A roll is
//! learnt here once, after its row is synced (`learn`); the register keeps
//! the rows themselves. Bounded: a class's worth of entries, and caps on
//! what a flood can add.

use super::Machine;
use super::Origin;
use crate::validate::roll_key;
use chrono::NaiveTime;
use std::net::IpAddr;

/// Two rolls from one machine this close together are flagged.
const FLAG_MINUTES: i64 = 10;
/// Other rolls remembered per phone that tried them.
const MAX_TRIED: usize = 20;
/// Copied cookies remembered.
const MAX_COPIED: usize = 1024;
/// Rolls remembered a day (far more than a class; a flood of laptops
/// with made-up machines stops being remembered, not being refused).
const MAX_ARRIVALS: usize = 8192;
/// A burst: this many machines new to the day, each saving its first roll
/// within a second of the others (the clock counts whole seconds). A class
/// arrives over tens of seconds, a few phones a second even when forty
/// scan the QR code together and type at once; a laptop of many network
/// cards arrives in one. Its rows are flagged, never refused.
pub const BURST: usize = 12;
/// How close in time the rows of a burst are, in seconds.
const BURST_SECONDS: i64 = 1;

/// A roll saved today from a phone (or a copy of a phone's cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub device: String,
    pub machine: Machine,
    pub ip: IpAddr,
    pub roll: String,
    pub time: NaiveTime,
}

impl Arrival {
    /// `roll`, saved from `origin` at `time`.
    pub fn of(origin: &Origin, roll: &str, time: NaiveTime) -> Arrival {
        Arrival {
            device: origin.device.clone(),
            machine: origin.machine,
            ip: origin.ip,
            roll: roll.to_string(),
            time,
        }
    }
}

#[derive(Debug, Default)]
pub struct Today {
    /// Rolls saved from phones, in order (never the laptop's: a kiosk).
    arrivals: Vec<Arrival>,
    /// A cookie sent from another machine than its own, and the new cookie
    /// that machine was given.
    copied: Vec<(String, String)>,
    /// Device cookie -> other rolls it tried today (refused).
    tried: Vec<(String, Vec<String>)>,
    /// The arrivals (by place) already written down as part of a burst.
    burst_noted: Vec<usize>,
}

impl Today {
    pub fn arrivals(&self) -> &[Arrival] {
        &self.arrivals
    }

    /// The phone that saved `roll` today (the latest time, if it was saved
    /// again after a removal); none for a roll marked by hand or on the
    /// laptop.
    pub fn marked_by(&self, roll: &str) -> Option<&Arrival> {
        let key = roll_key(roll);
        self.arrivals
            .iter()
            .rev()
            .find(|a| roll_key(&a.roll) == key)
    }

    /// The other rolls saved today by `arrival`'s phone (its cookie), then
    /// those saved by its machine under another cookie (a private tab, or
    /// a cleared cookie), each once, in order.
    pub fn marked_with(&self, arrival: &Arrival) -> (Vec<String>, Vec<String>) {
        let (mut phone, mut machine): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        let mine = roll_key(&arrival.roll);
        for a in &self.arrivals {
            let key = roll_key(&a.roll);
            let known = key == mine || phone.iter().chain(&machine).any(|r| roll_key(r) == key);
            if known {
                continue;
            }
            if !a.device.is_empty() && a.device == arrival.device {
                phone.push(a.roll.clone());
            } else if a.machine == arrival.machine {
                machine.push(a.roll.clone());
            }
        }
        (phone, machine)
    }

    /// Learns a roll saved from a phone.
    pub fn learn(&mut self, arrival: Arrival) {
        if self.arrivals.len() < MAX_ARRIVALS {
            self.arrivals.push(arrival);
        }
    }

    /// The places of the arrivals that are each their machine's first of
    /// the day: the machines new to the class.
    fn firsts(&self) -> Vec<usize> {
        let mut seen: Vec<Machine> = Vec::new();
        let mut firsts = Vec::new();
        for (i, a) in self.arrivals.iter().enumerate() {
            if !seen.contains(&a.machine) {
                seen.push(a.machine);
                firsts.push(i);
            }
        }
        firsts
    }

    /// Each arrival that is part of a burst, by place, with how many others
    /// arrived with it. (One pass over the day's first rows in time order:
    /// a flood of thousands costs no more than a class.)
    fn bursts(&self) -> Vec<(usize, usize)> {
        let mut firsts = self.firsts();
        firsts.sort_by_key(|&i| self.arrivals[i].time);
        let secs = |k: usize| self.arrivals[firsts[k]].time;
        let (mut from, mut to, mut found) = (0, 0, Vec::new());
        for k in 0..firsts.len() {
            while (secs(k) - secs(from)).num_seconds() > BURST_SECONDS {
                from += 1;
            }
            while to < firsts.len() && (secs(to) - secs(k)).num_seconds() <= BURST_SECONDS {
                to += 1;
            }
            let near = to - from;
            if near >= BURST {
                found.push((firsts[k], near - 1));
            }
        }
        found
    }

    /// The machines any of whose rows today is flagged.
    pub fn flagged_machines(&self) -> Vec<Machine> {
        let rolls: Vec<String> = self.arrivals.iter().map(|a| roll_key(&a.roll)).collect();
        let flagged: Vec<String> = self.flags(&rolls).into_iter().map(|(k, _)| k).collect();
        let mut machines: Vec<Machine> = Vec::new();
        for a in &self.arrivals {
            if flagged.contains(&roll_key(&a.roll)) && !machines.contains(&a.machine) {
                machines.push(a.machine);
            }
        }
        machines
    }

    /// A burst's line read back after a restart: that row is written down.
    pub fn burst_written(&mut self, roll: &str) {
        let key = roll_key(roll);
        if let Some(i) = self.arrivals.iter().position(|a| roll_key(&a.roll) == key) {
            if !self.burst_noted.contains(&i) {
                self.burst_noted.push(i);
            }
        }
    }

    /// The rows newly found part of a burst, to be written down once each:
    /// (roll, the flag's words).
    pub fn new_bursts(&mut self) -> Vec<(Arrival, String)> {
        let found: Vec<(usize, usize)> = self
            .bursts()
            .into_iter()
            .filter(|(i, _)| !self.burst_noted.contains(i))
            .collect();
        found
            .into_iter()
            .map(|(i, others)| {
                self.burst_noted.push(i);
                (self.arrivals[i].clone(), burst_words(others))
            })
            .collect()
    }

    /// Is `origin`'s cookie one that checked in today from another
    /// machine? Then it was copied, and its sender is a new phone: the new
    /// cookie it gets (from `fresh`) is returned, and remembered with the
    /// copied one for the teacher's flags.
    pub fn copied(&mut self, origin: &Origin, fresh: fn() -> String) -> Option<String> {
        let elsewhere = !origin.is_laptop()
            && self
                .arrivals
                .iter()
                .any(|a| a.device == origin.device && a.machine != origin.machine);
        if !elsewhere {
            return None;
        }
        let new = fresh();
        if self.copied.len() < MAX_COPIED {
            self.copied.push((origin.device.clone(), new.clone()));
        }
        Some(new)
    }

    /// Remembers another roll a phone tried after its own.
    pub fn tried(&mut self, device: &str, roll: &str) {
        let i = match self.tried.iter().position(|(d, _)| d == device) {
            Some(i) => i,
            None => {
                self.tried.push((device.to_string(), Vec::new()));
                self.tried.len() - 1
            }
        };
        let tried = &mut self.tried[i].1;
        if tried.len() < MAX_TRIED && !tried.iter().any(|r| roll_key(r) == roll_key(roll)) {
            tried.push(roll.to_string());
        }
    }

    /// The phone's first roll today, by its cookie.
    fn roll_of(&self, device: &str, marked: &[String]) -> Option<&str> {
        self.arrivals
            .iter()
            .find(|a| a.device == device && marked.contains(&roll_key(&a.roll)))
            .map(|a| a.roll.as_str())
    }

    /// Evidence for the teacher, by `roll_key`: "same phone as 13",
    /// "same address as 14, 15". Only rolls in `marked` (today's rows, by
    /// `roll_key`) are named: a roll that was refused and has no row is
    /// "another roll".
    pub fn flags(&self, marked: &[String]) -> Vec<(String, Vec<String>)> {
        let mut flags = Flags::default();
        self.copied_flags(marked, &mut flags);
        self.tried_flags(marked, &mut flags);
        self.machine_flags(&mut flags);
        for (i, others) in self.bursts() {
            flags.add_once(&self.arrivals[i].roll, burst_words(others));
        }
        flags.0
    }

    /// The rows of a copied cookie and of the new one its sender got name
    /// each other.
    fn copied_flags(&self, marked: &[String], flags: &mut Flags) {
        for (old, new) in &self.copied {
            let (a, b) = (self.roll_of(old, marked), self.roll_of(new, marked));
            for (mine, other) in [(a, b), (b, a)] {
                if let Some(mine) = mine {
                    let flag = match other {
                        Some(other) => format!("same cookie as {other}, from another phone"),
                        None => "cookie also sent from another phone".to_string(),
                    };
                    flags.add_once(mine, flag);
                }
            }
        }
    }

    /// A phone that tried other rolls after its own: its row names them
    /// (where they have rows), and theirs name it.
    fn tried_flags(&self, marked: &[String], flags: &mut Flags) {
        for (device, others) in &self.tried {
            let roll = match self.arrivals.iter().find(|a| a.device == *device) {
                Some(a) => &a.roll,
                None => continue,
            };
            let (named, unnamed): (Vec<&String>, Vec<&String>) = others
                .iter()
                .partition(|other| marked.contains(&roll_key(other)));
            if !named.is_empty() {
                let named: Vec<&str> = named.iter().map(|r| r.as_str()).collect();
                flags.add(roll, format!("same phone as {}", named.join(", ")));
            }
            if !unnamed.is_empty() {
                flags.add(roll, "this phone also tried another roll".to_string());
            }
            for other in named {
                flags.add(other, format!("same phone as {roll}"));
            }
        }
    }

    /// Rolls one machine marked within minutes of each other.
    fn machine_flags(&self, flags: &mut Flags) {
        for a in &self.arrivals {
            let mut near: Vec<&str> = Vec::new();
            for b in &self.arrivals {
                let close = (b.time - a.time).num_minutes().abs() < FLAG_MINUTES;
                let other = roll_key(&b.roll) != roll_key(&a.roll);
                if b.machine == a.machine && other && close && !near.contains(&b.roll.as_str()) {
                    near.push(&b.roll);
                }
            }
            if !near.is_empty() {
                flags.add_once(&a.roll, format!("same address as {}", near.join(", ")));
            }
        }
    }
}

/// A burst's flag: "arrived with 49 others within 1 s".
fn burst_words(others: usize) -> String {
    format!("arrived with {others} others within {BURST_SECONDS} s")
}

/// Flags by `roll_key`, in the order first flagged.
#[derive(Default)]
struct Flags(Vec<(String, Vec<String>)>);

impl Flags {
    fn add(&mut self, roll: &str, flag: String) {
        let key = roll_key(roll);
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(flag),
            None => self.0.push((key, vec![flag])),
        }
    }

    fn add_once(&mut self, roll: &str, flag: String) {
        let key = roll_key(roll);
        let known = self
            .0
            .iter()
            .any(|(k, list)| *k == key && list.contains(&flag));
        if !known {
            self.add(roll, flag);
        }
    }
}
