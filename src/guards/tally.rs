//! What was turned away today, for the teacher's screen: refusals by kind
//! ("wrong code": 12), and the networks phones were refused from, for
//! "Allow this network". Counted as refusals are given, and again from the
//! audit trail after a restart. Bounded whatever a flood sends.

use super::Cidr;
use std::net::IpAddr;

/// Refused networks and phones per network remembered.
const MAX_NETWORKS: usize = 64;
const MAX_PHONES_PER_NETWORK: usize = 1024;
/// Kinds of refusal counted (a trail edited by hand may hold any text).
const MAX_KINDS: usize = 256;

#[derive(Debug, Default)]
pub struct Tally {
    /// Refused attempts today by `Refusal::counted_as`.
    refused: Vec<(String, usize)>,
    /// Phones refused today by network.
    networks: Vec<(Cidr, Vec<IpAddr>)>,
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

    /// Remembers a phone turned away for its network.
    pub fn network(&mut self, ip: IpAddr) {
        let net = Cidr::around(ip);
        let i = match self.networks.iter().position(|(n, _)| *n == net) {
            Some(i) => i,
            None if self.networks.len() < MAX_NETWORKS => {
                self.networks.push((net, Vec::new()));
                self.networks.len() - 1
            }
            None => return,
        };
        let phones = &mut self.networks[i].1;
        if phones.len() < MAX_PHONES_PER_NETWORK && !phones.contains(&ip) {
            phones.push(ip);
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

    /// Networks phones were refused from today, with how many phones.
    pub fn networks(&self) -> Vec<(Cidr, usize)> {
        self.networks
            .iter()
            .map(|(net, phones)| (*net, phones.len()))
            .collect()
    }
}
