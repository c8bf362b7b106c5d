//! The join address: the one phones open (in the QR code, on the screen,
//! in the terminal), best first, and the laptop's own.

use super::{Address, Kind, Networks};
use std::net::{IpAddr, SocketAddr};

/// The address rollcall listens on and the laptop's networks.
pub struct Join {
    /// The address listened on (the real port when `--port 0`).
    pub addr: SocketAddr,
    pub networks: Networks,
}

impl Join {
    pub fn new(addr: SocketAddr, networks: Networks) -> Join {
        Join { addr, networks }
    }

    /// The addresses phones can open, best first (see `network`): the
    /// laptop's own addresses, never 0.0.0.0; just the bound address when
    /// `--bind` named one.
    pub fn student_addresses(&self) -> Vec<Address> {
        let bound = self.addr.ip();
        if !bound.is_unspecified() {
            let own = self.networks.addresses();
            let found = own.iter().find(|a| a.ip == bound).cloned();
            return vec![found.unwrap_or(Address {
                name: String::new(),
                ip: bound,
                prefix: 32,
                kind: Kind::Other,
            })];
        }
        self.networks.for_phones(bound.is_ipv6())
    }

    /// The address phones open for `a`: `http://192.168.43.17:8000/`.
    pub fn url_of(&self, a: &Address) -> String {
        format!("http://{}/", SocketAddr::new(a.ip, self.addr.port()))
    }

    /// The address to put in the join QR code: the best a phone can use,
    /// or this laptop's own when there is no network yet.
    /// `addresses` are `student_addresses`, read once by the caller.
    pub fn join_url(&self, addresses: &[Address]) -> String {
        match addresses.first() {
            Some(a) => self.url_of(a),
            None => format!("http://{}/", self.local_addr()),
        }
    }

    /// The join network in a teacher's words ("Wi-Fi (wlan0)"), and the
    /// other addresses phones could use with theirs.
    pub fn join_networks(&self) -> (String, Vec<(String, String)>) {
        let all = self.student_addresses();
        let join = all.first().map_or_else(String::new, |a| a.label());
        let others = all
            .iter()
            .skip(1)
            .map(|a| (self.url_of(a), a.label()))
            .collect();
        (join, others)
    }

    /// The address this laptop itself opens.
    pub fn local_addr(&self) -> SocketAddr {
        let bound = self.addr.ip();
        if bound.is_unspecified() {
            let loopback = if bound.is_ipv6() {
                IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1])
            } else {
                IpAddr::from([127u8, 0, 0, 1])
            };
            SocketAddr::new(loopback, self.addr.port())
        } else {
            self.addr
        }
    }
}
