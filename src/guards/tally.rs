//! What was turned away today, for the teacher's screen: refusals by kind
//! ("wrong code": 12), and the networks phones were refused from, for
//! "Allow this network". Counted as refusals are given, and again from the
//! audit trail after a restart. Bounded whatever a flood sends.
//!
//! A refused network counts machines, not attempts (`Machine`: a hardware
//! address where the laptop knows one; from a routed network, where it
//! cannot, each address, and the screen says "addresses", not "phones").
//! The networks with the most machines are listed first, and when the list
//! is full the one with the fewest goes: made-up networks of one machine
//! each cannot push a real refused network of phones off the screen.

use super::{Cidr, Machine};
use std::net::IpAddr;

/// Refused networks remembered, and machines per network.
const MAX_NETWORKS: usize = 64;
const MAX_PHONES_PER_NETWORK: usize = 1024;
/// Refused networks the teacher's screen lists, most machines first.
const SHOWN: usize = 8;

/// A network phones were refused from, as the teacher's screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedNetwork {
    pub net: Cidr,
    /// How many machines were refused from it.
    pub machines: usize,
    /// Whether they are told apart by hardware address (phones on a
    /// network of the laptop's own); else they are addresses behind a
    /// router, however many phones that is.
    pub told_apart: bool,
}
/// Kinds of refusal counted (a trail edited by hand may hold any text).
const MAX_KINDS: usize = 256;

#[derive(Debug, Default)]
pub struct Tally {
    /// Refused attempts today by `Refusal::counted_as`.
    refused: Vec<(String, usize)>,
    /// Machines refused today by network.
    networks: Vec<(Cidr, Vec<Machine>)>,
}

impl Tally {
    /// Counts a refusal by its kind.
    pub fn count(&mut self, kind: &str) {
        match self.refused.iter().position(|(k, _)| k == kind) {
            Some(i) => self.refused[i].1 += 1,
            None if self.refused.len() < MAX_KINDS => self.refused.push((kind.to_string(), 1)),
            None => {}
        }
    }

    /// How many refusals of `kind` today.
    pub fn of(&self, kind: &str) -> usize {
        self.refused
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// Remembers a machine at `ip` turned away for its network.
    pub fn network(&mut self, ip: IpAddr, machine: Machine) {
        let net = Cidr::around(ip);
        let i = match self.networks.iter().position(|(n, _)| *n == net) {
            Some(i) => i,
            None => {
                if self.networks.len() >= MAX_NETWORKS {
                    self.let_go_of_the_smallest();
                }
                self.networks.push((net, Vec::new()));
                self.networks.len() - 1
            }
        };
        let machines = &mut self.networks[i].1;
        if machines.len() < MAX_PHONES_PER_NETWORK && !machines.contains(&machine) {
            machines.push(machine);
        }
    }

    /// Forgets the refused network with the fewest machines (the oldest of
    /// those).
    fn let_go_of_the_smallest(&mut self) {
        let smallest = (0..self.networks.len()).min_by_key(|&i| self.networks[i].1.len());
        if let Some(i) = smallest {
            self.networks.remove(i);
        }
    }

    /// The teacher allowed `net`: it is no longer refused.
    pub fn forget_network(&mut self, net: Cidr) {
        self.networks.retain(|(n, _)| *n != net);
    }

    /// Refused attempts today, by kind, most first.
    pub fn refusals(&self) -> Vec<(String, usize)> {
        let mut all = self.refused.clone();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all
    }

    /// The networks phones were refused from today, most machines first,
    /// as many as the screen lists.
    pub fn networks(&self) -> Vec<RefusedNetwork> {
        let mut all: Vec<RefusedNetwork> = self
            .networks
            .iter()
            .map(|(net, machines)| RefusedNetwork {
                net: *net,
                machines: machines.len(),
                told_apart: machines.iter().any(|m| matches!(m, Machine::Hardware(_))),
            })
            .collect();
        // (Stable: of equals, the first refused first.)
        all.sort_by_key(|n| std::cmp::Reverse(n.machines));
        all.truncate(SHOWN);
        all
    }
}
