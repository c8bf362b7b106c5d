//! Guards at the door: the tricks a code on the screen does not stop.
//!
//! Every attempt asks one question (`door.rs`): may it go on, and if not,
//! why (a `Refusal`: the student's answer and the audit trail's reason at
//! once)? The answer is the rules', one file each, asked in order
//! (`rules/`): the refusals a minute and the wrong codes an hour
//! (`limiter`), the same network, the code, the fields, one roll per
//! phone, a few per machine. What is more than a rule lives beside them:
//!
//! - **One machine, however many addresses** (`neighbours`): a phone is
//!   counted by the hardware address behind its network address where the
//!   laptop knows it (one laptop's hundreds of addresses are one phone),
//!   else by its address, an IPv6 one by its /64.
//! - **Who checked in from where today** (`today`): the rolls saved from
//!   each phone and machine, learnt once each row is synced; a copied
//!   cookie, a bearer value and not a phone, is flagged and its sender
//!   treated as the new phone it is; the flags the teacher sees.
//! - **What was turned away** (`tally`): counts by kind and the refused
//!   networks, for the teacher's screen.
//! - **Many wrong codes from the whole class** (`sweeping`): more than a
//!   class mistypes, and the rotating code gets 6 digits for the rest of
//!   the session.
//!
//! The laptop itself (loopback) is exempt from the phone rules: its browser
//! may serve as a kiosk for students without a phone, one after another.
//! Its wrong codes are limited as a phone's are.
//! Everything here is memory for the day; the audit trail (`register::
//! audit`) is what it is rebuilt from after a restart (`replay_line`).

mod cidr;
mod door;
mod limiter;
mod neighbours;
mod refusal;
pub mod rules;
pub mod site;
mod tally;
mod tickets;
mod today;

pub use cidr::Cidr;
pub use door::{Door, Knock, Turned};
pub use neighbours::{Machine, Neighbours};
#[cfg(test)]
pub use refusal::Written;
pub use refusal::{Detail, Refusal, Shown};
pub use tally::RefusedNetwork;
pub use today::Arrival;

use crate::network::{unmap, Address};
use crate::register::audit;
use chrono::{NaiveDate, NaiveDateTime};
use limiter::{Limiter, Verdict};
use rules::Refused;
use std::net::IpAddr;
use tally::Tally;
use today::Today;

/// Default rolls one address may mark a day.
pub const DEFAULT_PER_ADDRESS: usize = 3;
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

pub struct Guards {
    allow: Allow,
    /// Networks the teacher allowed from the screen for this run.
    allowed_now: Vec<Cidr>,
    /// Rolls one machine may mark a day; 0 for no limit.
    per_address: usize,
    limiter: Limiter,
    /// The day `today` and `tally` are of.
    day: Option<NaiveDate>,
    today: Today,
    tally: Tally,
    /// The forms' tickets this run gave out.
    tickets: tickets::Tickets,
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
            today: Today::default(),
            tally: Tally::default(),
            tickets: tickets::Tickets::new(),
        }
    }

    /// A ticket for a form served to `machine` (see `tickets`).
    pub fn ticket_for(&mut self, machine: Machine) -> String {
        self.tickets.issue(machine)
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
        self.tally.forget_network(net);
    }

    /// May the phone with `device` (its cookie as it sent it, "" for none)
    /// on `machine` try now, or has it (or its machine) been refused too
    /// often? The laptop's own browser too: a kiosk's students mistype a
    /// few codes, not thousands (and a page of another site in that
    /// browser has no form's ticket).
    fn rate(&mut self, machine: Machine, device: &str, now: NaiveDateTime) -> Verdict {
        self.limiter.check(machine, device, now)
    }

    /// Counts a refused attempt against the phone with `device` on
    /// `machine`; at the laptop only a wrong code counts, so that a kiosk
    /// checking in student after student is never kept waiting by the
    /// typos of their names.
    fn strike(&mut self, machine: Machine, device: &str, now: NaiveDateTime, wrong_code: bool) {
        if wrong_code || !machine.is_laptop() {
            self.limiter.refused(machine, device, now);
        }
    }

    /// Counts a wrong code, one that could have been right, against the
    /// machine's wrong codes of the hour.
    fn wrong_code(&mut self, machine: Machine, device: &str, now: NaiveDateTime) {
        self.limiter.wrong_code(machine, device, now);
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
        self.tally.of(rules::code::WRONG.code) >= CLASS_WRONG_CODES
    }

    /// Would one more wrong code today make it a sweep?
    fn sweeping_after_one_more(&self) -> bool {
        self.tally.of(rules::code::WRONG.code) + 1 >= CLASS_WRONG_CODES
    }

    /// Is `origin`'s cookie one that checked in today from another machine?
    /// Then it is a copy: the new cookie its sender gets (from `fresh`).
    pub fn copied(&mut self, origin: &Origin, fresh: fn() -> String) -> Option<String> {
        self.today.copied(origin, fresh)
    }

    /// Learns a roll saved from `origin` at `now` (its row is synced).
    pub fn learn(&mut self, origin: &Origin, roll: &str, now: NaiveDateTime) {
        if !origin.is_laptop() {
            self.today.learn(Arrival::of(origin, roll, now.time()));
        }
    }

    /// The rows newly found part of a burst (see `today::BURST`), each
    /// once: what was saved, and the flag's words.
    pub fn new_bursts(&mut self) -> Vec<(Arrival, String)> {
        self.today.new_bursts()
    }

    /// Remembers a phone turned away for its network.
    fn note_network(&mut self, ip: IpAddr, machine: Machine) {
        self.tally.network(ip, machine);
    }

    /// Evidence for the teacher, by `roll_key`, for the rolls in `marked`
    /// (today's rows, by `roll_key`): see `Today::flags`.
    pub fn flags(&self, marked: &[String]) -> Vec<(String, Vec<String>)> {
        self.today.flags(marked)
    }

    /// The machines the door flagged a row of today: their phones' clocks
    /// do not count (see `phone_clocks`).
    pub fn flagged_machines(&self) -> Vec<Machine> {
        self.today.flagged_machines()
    }

    /// The phone that saved `roll` today, if one did (for a spot check's
    /// "not here"): see `Today::marked_by`.
    pub fn marked_by(&self, roll: &str) -> Option<Arrival> {
        self.today.marked_by(roll).cloned()
    }

    /// The other rolls `arrival`'s phone saved today, and those its machine
    /// saved under another cookie: see `Today::marked_with`.
    pub fn marked_with(&self, arrival: &Arrival) -> (Vec<String>, Vec<String>) {
        self.today.marked_with(arrival)
    }

    /// Refused attempts today, by kind, most first.
    pub fn refusals(&self) -> Vec<(String, usize)> {
        self.tally.refusals()
    }

    /// Networks phones were refused from today, with how many phones.
    pub fn refused_networks(&self) -> Vec<RefusedNetwork> {
        self.tally.networks()
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
        match (line.outcome, ip) {
            (audit::ACCEPTED, Some(ip)) if !ip.is_loopback() => {
                self.today.learn(Arrival {
                    device: line.device.to_string(),
                    machine: machine(ip),
                    ip,
                    roll: line.roll.to_string(),
                    time: line.time,
                });
            }
            (audit::FLAGGED, _) => self.today.burst_written(line.roll),
            (audit::REFUSED, _) => {
                let refusal = rules::read(line.reason);
                self.remember(&Refused {
                    refusal: &refusal,
                    device: line.device,
                    ip,
                    machine: ip.map(machine),
                    roll: line.roll,
                });
            }
            _ => {}
        }
    }

    /// Follows the class to its day (the register's: past midnight, a class
    /// still open keeps the day it opened on); a new day forgets the last
    /// one's phones, machines and counts. The guards never guess the day
    /// from the clock, so that they and the register agree on it.
    pub fn follow(&mut self, day: NaiveDate) {
        self.turn_to(day);
    }

    fn turn_to(&mut self, today: NaiveDate) {
        if self.day != Some(today) {
            self.day = Some(today);
            self.today = Today::default();
            self.tally = Tally::default();
        }
    }
}

#[cfg(test)]
mod tests;
