//! Guards at the door: the tricks a code on the screen does not stop.
//!
//! - **Same network.** A phone on the teacher's hotspot or the classroom
//!   Wi-Fi is within a few metres of it; a friend at home is not. By default
//!   a student is accepted only from loopback or a subnet of one of the
//!   laptop's own interfaces (`--allow` replaces that, `--allow any` lifts
//!   it, the teacher can allow a refused network for this run).
//! - **One phone, one roll a day.** A random device cookie; a second roll
//!   from the same phone is refused.
//! - **A few rolls per address a day** (`--per-address`), because a script
//!   or a private tab gets past a cookie; one address marking a second roll
//!   within minutes is flagged for the teacher.
//! - **A few refused attempts a minute** per phone (`limiter`): wrong
//!   codes above all, but any refusal counts, so a script flooding from
//!   outside the network or with nonsense also waits, and leaves one audit
//!   line a minute rather than thousands. A phone is its address, or, where
//!   phones share one (`--per-address 0`), its device cookie, with a larger
//!   budget for the address as a whole; and an address gets 20 wrong codes
//!   an hour, given back to a phone that then types the right one.
//! - **One machine, however many addresses** (`neighbours`): a phone is
//!   counted by the hardware address behind its network address where the
//!   laptop knows it (one laptop's hundreds of addresses are one phone),
//!   else by its address, an IPv6 one by its /64.
//! - **A copied cookie** is a bearer value, not a phone: one sent from
//!   another machine than the one that checked in with it is flagged for
//!   the teacher, and its sender treated as the new phone it is.
//! - **Many wrong codes from the whole class** (`sweeping`): more than a
//!   class mistypes, and the rotating code gets 6 digits for the rest of
//!   the session.
//!
//! Every attempt asks the guards one question (`door`): may it go on, and
//! if not, what is the student told and what does the audit trail say
//! (a `Reason`, which a restart reads back)?
//!
//! The laptop itself (loopback) is exempt from the phone rules: its browser
//! may serve as a kiosk for students without a phone, one after another.
//! Everything here is memory for the day; the audit trail (`register::audit`)
//! is what it is rebuilt from after a restart.

mod cidr;
mod door;
mod limiter;
mod neighbours;
mod reason;
mod refusal;
pub mod site;

pub use cidr::Cidr;
pub use door::{Door, Knock, Told, Turned};
pub use neighbours::{Machine, Neighbours};
pub use reason::Reason;
pub use refusal::{Origin, Refusal};

use crate::network::{unmap, Address};
use crate::register::audit;
use crate::validate::roll_key;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use limiter::{Limit, Limiter, Verdict};
use std::net::IpAddr;

/// Default rolls one address may mark a day.
pub const DEFAULT_PER_ADDRESS: usize = 3;
/// Two rolls from one address this close together are flagged.
const FLAG_MINUTES: i64 = 10;
/// Refused networks and addresses per network remembered for the teacher.
const MAX_NETWORKS: usize = 64;
const MAX_PHONES_PER_NETWORK: usize = 1024;
/// Other rolls remembered per phone that tried them.
const MAX_TRIED: usize = 20;
/// Copied cookies remembered.
const MAX_COPIED: usize = 1024;
/// Wrong codes in a day past which the whole class is being swept: a class
/// of 60 that each mistype three times makes 180.
pub const CLASS_WRONG_CODES: usize = 200;

/// Which networks students may check in from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allow {
    /// Loopback and the subnets of the laptop's own interfaces.
    OwnNetworks,
    /// Anywhere (`--allow any`).
    Any,
    /// Loopback and these (`--allow CIDR`, repeatable).
    Only(Vec<Cidr>),
}

/// What `Guards::note_marked` added to the day's memory.
#[derive(Debug, Default, Clone, Copy)]
pub struct Added {
    device: bool,
    address: bool,
}

pub struct Guards {
    allow: Allow,
    /// Networks the teacher allowed from the screen for this run.
    allowed_now: Vec<Cidr>,
    /// Rolls one address may mark a day; 0 for no limit.
    per_address: usize,
    limiter: Limiter,
    day: Option<NaiveDate>,
    // The day's memory is a class's worth of entries: plain lists, searched
    // in order, cost less binary than maps and are as fast at this size.
    /// Device cookie -> the roll it checked in today, from which machine.
    devices: Vec<(String, String, Machine)>,
    /// A cookie sent from another machine than its own, and the new cookie
    /// that machine was given.
    copied: Vec<(String, String)>,
    /// Device cookie -> other rolls it tried today (refused).
    tried: Vec<(String, Vec<String>)>,
    /// Machine -> rolls it marked today, with times.
    by_address: Vec<(Machine, Vec<(String, NaiveTime)>)>,
    /// Refused attempts today by `Reason::kind`.
    refused: Vec<(String, usize)>,
    /// Phones refused today by network, for "allow this network".
    refused_networks: Vec<(Cidr, Vec<IpAddr>)>,
    /// (device, roll key) whose "already marked" was written down, and the
    /// minute it was: a phone re-sending leaves one line a minute.
    repeats: Vec<(String, String, NaiveDateTime)>,
}

/// Most repeats remembered; the oldest go first.
const MAX_REPEATS: usize = 1024;

/// The value for `key` in a list of pairs, added empty if missing.
fn slot<K: PartialEq, V: Default>(list: &mut Vec<(K, V)>, key: K) -> &mut V {
    let i = match list.iter().position(|(k, _)| *k == key) {
        Some(i) => i,
        None => {
            list.push((key, V::default()));
            list.len() - 1
        }
    };
    &mut list[i].1
}

/// The value for `key` in a list of pairs.
fn find<'a, K: PartialEq, V>(list: &'a [(K, V)], key: &K) -> Option<&'a V> {
    list.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl Guards {
    pub fn new(allow: Allow, per_address: usize) -> Guards {
        Guards {
            allow,
            allowed_now: Vec::new(),
            per_address,
            // 0: phones share addresses, so they are told apart by cookie.
            limiter: Limiter::new(per_address == 0),
            day: None,
            devices: Vec::new(),
            copied: Vec::new(),
            tried: Vec::new(),
            by_address: Vec::new(),
            refused: Vec::new(),
            refused_networks: Vec::new(),
            repeats: Vec::new(),
        }
    }

    /// Does the network rule let `ip` in? `own` are the laptop's addresses.
    fn network_allows(&self, ip: IpAddr, own: &[Address]) -> bool {
        if ip.is_loopback() || self.allowed_now.iter().any(|c| c.contains(ip)) {
            return true;
        }
        match &self.allow {
            Allow::Any => true,
            Allow::Only(nets) => nets.iter().any(|c| c.contains(ip)),
            Allow::OwnNetworks => own
                .iter()
                .filter(|a| !a.ip.is_loopback())
                .any(|a| Cidr::new(a.ip, a.prefix).contains(ip)),
        }
    }

    /// The teacher allows a refused network for the rest of this run.
    pub fn allow_network(&mut self, net: Cidr) {
        if !self.allowed_now.contains(&net) {
            self.allowed_now.push(net);
        }
        self.refused_networks.retain(|(n, _)| *n != net);
    }

    /// May the phone with `device` (its cookie as it sent it, "" for none)
    /// on `machine` try now, or has it (or its machine) been refused too
    /// often? The laptop always may.
    fn rate(&mut self, machine: Machine, device: &str, now: NaiveDateTime) -> Verdict {
        if machine.is_laptop() {
            return Verdict::Allowed;
        }
        self.limiter.check(machine, device, now)
    }

    /// Counts a refused attempt (a wrong or expired code, most often)
    /// against the phone with `device` on `machine`.
    fn strike(&mut self, machine: Machine, device: &str, now: NaiveDateTime) {
        if !machine.is_laptop() {
            self.limiter.refused(machine, device, now);
        }
    }

    /// Counts a wrong code, one that could have been right, against the
    /// machine's wrong codes of the hour (`strike` counts it as a refusal).
    fn wrong_code(&mut self, machine: Machine, device: &str, now: NaiveDateTime) {
        if !machine.is_laptop() {
            self.limiter.wrong_code(machine, device, now);
        }
    }

    /// The phone with `device` on `machine` typed the right code: its wrong
    /// codes of the hour no longer count against its machine.
    fn right_code(&mut self, machine: Machine, device: &str) {
        self.limiter.right_code(machine, device);
    }

    /// Have today's wrong codes passed what a class mistypes? Then someone
    /// is sweeping the codes, from more machines than the hour's limit
    /// stops (see `Session::lengthen`).
    pub fn sweeping(&self) -> bool {
        let wrong = Reason::WrongCode.kind();
        self.refused
            .iter()
            .any(|(kind, n)| *kind == *wrong && *n >= CLASS_WRONG_CODES)
    }

    /// Is `origin`'s cookie one that checked in today from another
    /// machine? Then it was copied, and its sender is a new phone: the new
    /// cookie it gets (from `fresh`) is returned, and remembered with the
    /// copied one for the teacher's flags.
    pub fn copied(&mut self, origin: &Origin, fresh: fn() -> String) -> Option<String> {
        let elsewhere = !origin.is_laptop()
            && self
                .devices
                .iter()
                .any(|(d, _, m)| *d == origin.device && *m != origin.machine);
        if !elsewhere {
            return None;
        }
        let new = fresh();
        if self.copied.len() < MAX_COPIED {
            self.copied.push((origin.device.clone(), new.clone()));
        }
        Some(new)
    }

    /// Checks the phone rules for `roll` from `origin` on `today`, before it
    /// is saved.
    fn check_roll(&mut self, origin: &Origin, roll: &str, today: NaiveDate) -> Result<(), Refusal> {
        self.turn_to(today);
        if origin.is_laptop() {
            return Ok(());
        }
        let key = roll_key(roll);
        // (A cookie from another machine is a copy, not this phone's.)
        if let Some((_, first, _)) = self
            .devices
            .iter()
            .find(|(d, _, m)| *d == origin.device && *m == origin.machine)
        {
            if !origin.device.is_empty() && roll_key(first) != key {
                return Err(Refusal::SecondRoll(first.clone()));
            }
        }
        let marked = find(&self.by_address, &origin.machine).map_or(0, |rolls| {
            rolls.iter().filter(|(r, _)| roll_key(r) != key).count()
        });
        if self.per_address > 0 && marked >= self.per_address {
            return Err(Refusal::PerAddress(self.per_address));
        }
        Ok(())
    }

    /// Remembers a roll saved from `origin` at `time`.
    /// Returns what it added, so that a roll remembered before it was saved
    /// can be forgotten if it was not (`unmark`).
    fn note_marked(&mut self, origin: &Origin, roll: &str, time: NaiveTime) -> Added {
        let mut added = Added::default();
        if origin.is_laptop() {
            return added;
        }
        if !origin.device.is_empty() && !self.devices.iter().any(|e| e.0 == origin.device) {
            self.devices
                .push((origin.device.clone(), roll.to_string(), origin.machine));
            added.device = true;
        }
        let rolls = slot(&mut self.by_address, origin.machine);
        if !rolls.iter().any(|(r, _)| roll_key(r) == roll_key(roll)) {
            rolls.push((roll.to_string(), time));
            added.address = true;
        }
        added
    }

    /// Forgets what `marked` added for a roll that was not saved after all
    /// (it was already marked, or the disk said no).
    pub fn unmark(&mut self, origin: &Origin, roll: &str, added: Added) {
        if added.device {
            self.devices
                .retain(|(d, r, _)| !(d == &origin.device && r == roll));
        }
        if added.address {
            if let Some((_, rolls)) = self
                .by_address
                .iter_mut()
                .find(|(m, _)| *m == origin.machine)
            {
                rolls.retain(|(r, _)| r != roll);
            }
        }
    }

    /// Counts a refusal for the teacher's screen; a second roll (`roll`,
    /// tried by the phone with cookie `device`) is also remembered against
    /// that phone, and a refused network against its network (`ip`, where
    /// it is known).
    fn note_refused(
        &mut self,
        device: &str,
        ip: Option<IpAddr>,
        roll: &str,
        reason: &Reason,
        today: NaiveDate,
    ) {
        self.tally(reason, today);
        match (reason, ip) {
            (Reason::SecondRoll(_), _) => self.note_tried(device, roll),
            (Reason::OtherNetwork, Some(ip)) => self.note_network(ip, today),
            _ => {}
        }
    }

    /// Remembers another roll a phone tried after its own.
    fn note_tried(&mut self, device: &str, roll: &str) {
        let tried = slot(&mut self.tried, device.to_string());
        if tried.len() < MAX_TRIED && !tried.iter().any(|r| roll_key(r) == roll_key(roll)) {
            tried.push(roll.to_string());
        }
    }

    /// Remembers a phone turned away for its network (opening the form
    /// counts here, so the teacher sees a campus subnet at once).
    fn note_network(&mut self, ip: IpAddr, today: NaiveDate) {
        self.turn_to(today);
        let net = Cidr::around(ip);
        if self.refused_networks.len() < MAX_NETWORKS
            || find(&self.refused_networks, &net).is_some()
        {
            let phones = slot(&mut self.refused_networks, net);
            if phones.len() < MAX_PHONES_PER_NETWORK && !phones.contains(&ip) {
                phones.push(ip);
            }
        }
    }

    /// Should this "already marked" from `device` be written down? Only the
    /// first of a minute for each device and roll: re-sending the form in a
    /// loop must not grow the audit trail and the terminal without bound.
    pub fn first_repeat(&mut self, device: &str, roll: &str, now: NaiveDateTime) -> bool {
        let key = roll_key(roll);
        let minute = now - chrono::Duration::seconds(i64::from(now.time().second()));
        if let Some(seen) = self
            .repeats
            .iter_mut()
            .find(|(d, r, _)| d == device && *r == key)
        {
            let first = seen.2 != minute;
            seen.2 = minute;
            return first;
        }
        if self.repeats.len() >= MAX_REPEATS {
            self.repeats.remove(0);
        }
        self.repeats.push((device.to_string(), key, minute));
        true
    }

    /// Counts a refusal for the teacher's screen, by its kind. Most lines
    /// of a flood's trail are refusals: a restart counts them without a
    /// copy of the kind.
    fn tally(&mut self, reason: &Reason, today: NaiveDate) {
        self.turn_to(today);
        let kind = reason.kind();
        match self.refused.iter_mut().find(|(k, _)| *k == *kind) {
            Some((_, n)) => *n += 1,
            None => self.refused.push((kind.into_owned(), 1)),
        }
    }

    /// Evidence for the teacher, by `roll_key`: "same phone as 13",
    /// "same address as 14, 15".
    /// Only rolls in `marked` (today's rows, by `roll_key`) are named: a
    /// roll that was refused and has no row is "another roll".
    pub fn flags(&self, marked: &[String]) -> Vec<(String, Vec<String>)> {
        let mut flags: Vec<(String, Vec<String>)> = Vec::new();
        // The rows of a copied cookie and of the new one its sender got
        // name each other.
        let roll_of = |cookie: &String| {
            self.devices
                .iter()
                .find(|e| e.0 == *cookie && marked.contains(&roll_key(&e.1)))
                .map(|e| &e.1)
        };
        for (old, new) in &self.copied {
            let (a, b) = (roll_of(old), roll_of(new));
            for (mine, other) in [(a, b), (b, a)] {
                if let Some(mine) = mine {
                    let flag = match other {
                        Some(other) => format!("same cookie as {other}, from another phone"),
                        None => "cookie also sent from another phone".to_string(),
                    };
                    let mine = slot(&mut flags, roll_key(mine));
                    if !mine.contains(&flag) {
                        mine.push(flag);
                    }
                }
            }
        }
        for (device, roll, _) in &self.devices {
            if let Some(others) = find(&self.tried, device) {
                let (named, unnamed): (Vec<&String>, Vec<&String>) = others
                    .iter()
                    .partition(|other| marked.contains(&roll_key(other)));
                let mine = slot(&mut flags, roll_key(roll));
                if !named.is_empty() {
                    let named: Vec<&str> = named.iter().map(|r| r.as_str()).collect();
                    mine.push(format!("same phone as {}", named.join(", ")));
                }
                if !unnamed.is_empty() {
                    mine.push("this phone also tried another roll".to_string());
                }
                for other in named {
                    slot(&mut flags, roll_key(other)).push(format!("same phone as {roll}"));
                }
            }
        }
        for (_, rolls) in &self.by_address {
            for (roll, time) in rolls {
                let near: Vec<&str> = rolls
                    .iter()
                    .filter(|(r, t)| r != roll && (*t - *time).num_minutes().abs() < FLAG_MINUTES)
                    .map(|(r, _)| r.as_str())
                    .collect();
                if !near.is_empty() {
                    slot(&mut flags, roll_key(roll))
                        .push(format!("same address as {}", near.join(", ")));
                }
            }
        }
        flags
    }

    /// Refused attempts today, by reason, most first.
    pub fn refusals(&self) -> Vec<(String, usize)> {
        let mut all = self.refused.clone();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all
    }

    /// Networks phones were refused from today, with how many phones.
    pub fn refused_networks(&self) -> Vec<(Cidr, usize)> {
        self.refused_networks
            .iter()
            .map(|(net, phones)| (*net, phones.len()))
            .collect()
    }

    /// Rebuilds the day's memory from the audit trail after a restart (the
    /// server streams it through `replay_line`).
    #[cfg(test)]
    pub fn replay(&mut self, entries: &[audit::Entry], today: NaiveDate) {
        for e in entries {
            self.replay_line(&e.line(), today, &|ip| Machine::of(ip, None));
        }
    }

    /// One line of the day's audit trail, in order, after a restart.
    /// `machine` says which machine an address is now.
    pub fn replay_line(
        &mut self,
        line: &audit::Line<'_>,
        today: NaiveDate,
        machine: &dyn Fn(IpAddr) -> Machine,
    ) {
        self.turn_to(today);
        // Addresses enter here from the file as from the network: IPv4
        // unmapped (a trail may have been written before tiny_http did it).
        let ip = line.address.parse::<IpAddr>().ok().map(unmap);
        match line.outcome {
            audit::ACCEPTED => {
                if let Some(ip) = ip {
                    let origin = Origin {
                        ip,
                        device: line.device.to_string(),
                        machine: machine(ip),
                    };
                    self.note_marked(&origin, line.roll, line.time);
                }
            }
            audit::REFUSED => {
                let reason = Reason::parse(line.reason);
                self.note_refused(line.device, ip, line.roll, &reason, today);
            }
            _ => {}
        }
    }

    /// A new day forgets the last one's phones, addresses and counts.
    fn turn_to(&mut self, today: NaiveDate) {
        if self.day != Some(today) {
            self.day = Some(today);
            self.devices.clear();
            self.copied.clear();
            self.tried.clear();
            self.by_address.clear();
            self.refused.clear();
            self.refused_networks.clear();
            self.repeats.clear();
        }
    }
}

#[cfg(test)]
mod tests;
