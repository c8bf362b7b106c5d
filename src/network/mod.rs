//! The laptop's own networks: the addresses phones can reach it on, best
//! first, and the addresses that mean "this laptop" to the teacher's page.
//!
//! Read from the OS (`if-addrs` for the addresses, `os.rs` for what each
//! interface is), and read again every few seconds when asked, so a hotspot
//! switched on after rollcall started is seen. Each address gets a `Kind`
//! (`kind.rs`): the join address is the best kind's, never a VPN's or a
//! virtual machine's while a better one exists, unless the teacher chose
//! it (`--network`, or a click on the teacher's screen).

mod join;
mod kind;
mod os;
#[cfg(test)]
mod tests;

pub use join::Join;
pub use kind::Kind;

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a reading of the interfaces is trusted.
const FRESH: Duration = Duration::from_secs(5);

/// One address of one of the laptop's network interfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The interface's name, e.g. `wlan0` or `Wi-Fi`.
    pub name: String,
    pub ip: IpAddr,
    /// The network's prefix length: 24 for a hotspot's 192.168.43.0/24.
    pub prefix: u8,
    /// What kind of network it is, and so how likely the phones are on it.
    pub kind: Kind,
}

impl Address {
    /// The network in a teacher's words: "Wi-Fi (wlan0)".
    pub fn label(&self) -> String {
        self.kind.label(&self.name)
    }

    /// Is this the address or interface a teacher named (`--network`)?
    pub fn is_named(&self, wanted: &str) -> bool {
        let wanted = wanted.trim();
        self.name.eq_ignore_ascii_case(wanted)
            || wanted
                .parse::<IpAddr>()
                .map_or(false, |ip| unmap(ip) == self.ip)
    }
}

/// Every address of the laptop's interfaces, loopback included.
pub fn read() -> Vec<Address> {
    let facts = os::Facts::read();
    if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| {
            let prefix = match &i.addr {
                if_addrs::IfAddr::V4(a) => a.prefixlen,
                if_addrs::IfAddr::V6(a) => a.prefixlen,
            };
            let ip = unmap(i.ip());
            #[cfg(windows)]
            let adapter = i.adapter_name.as_str();
            #[cfg(not(windows))]
            let adapter = "";
            let (hint, description) = facts.of(&i.name, adapter);
            Address {
                kind: kind::classify(&i.name, &description, hint, ip),
                ip,
                name: i.name,
                prefix,
            }
        })
        .collect()
}

/// The addresses phones can use, best first: IPv4 (or IPv6 too when `v6`),
/// not loopback, not link-local (169.254.x.x means "no network yet"), each
/// once, ranked by kind (hotspot, Wi-Fi, wired, other, VPN, virtual), then
/// IPv4 before IPv6, then by number.
pub fn for_phones(all: &[Address], v6: bool) -> Vec<Address> {
    let mut found: Vec<Address> = all
        .iter()
        .filter(|a| !a.ip.is_loopback() && !is_link_local(a.ip))
        .filter(|a| a.ip.is_ipv4() || v6)
        .cloned()
        .collect();
    // A handful: insertion, not `sort_by`, whose code costs the binary KiBs.
    let key = |a: &Address| (a.kind, a.ip.is_ipv6(), a.ip);
    for i in 1..found.len() {
        let mut j = i;
        while j > 0 && key(&found[j - 1]) > key(&found[j]) {
            found.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut seen = Vec::new();
    found.retain(|a| {
        let first = !seen.contains(&a.ip);
        seen.push(a.ip);
        first
    });
    found
}

fn is_link_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.2`) as plain IPv4.
pub fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => ip,
        },
        v4 => v4,
    }
}

/// The interfaces, re-read when the last reading is a few seconds old, and
/// the network the teacher chose for the join address, if any.
/// Shared, not copied: every request of the teacher's screen and every
/// check-in asks.
pub struct Networks {
    cache: Mutex<(Instant, Arc<Vec<Address>>)>,
    /// An interface name or address (`--network`, or the teacher's click).
    chosen: Mutex<Option<String>>,
}

impl Networks {
    pub fn new(chosen: Option<String>) -> Networks {
        Networks {
            cache: Mutex::new((Instant::now(), Arc::new(read()))),
            chosen: Mutex::new(chosen),
        }
    }

    /// Every address of the laptop now (to within a few seconds).
    pub fn addresses(&self) -> Arc<Vec<Address>> {
        let mut cache = crate::locks::lock(&self.cache);
        if cache.0.elapsed() > FRESH {
            *cache = (Instant::now(), Arc::new(read()));
        }
        Arc::clone(&cache.1)
    }

    /// The laptop's own IP addresses now: a request's `Host` naming one of
    /// them is addressed to rollcall (`guards::site`).
    pub fn ips(&self) -> Vec<IpAddr> {
        self.addresses().iter().map(|a| a.ip).collect()
    }

    /// The network the teacher chose, as they named it.
    pub fn chosen(&self) -> Option<String> {
        crate::locks::lock(&self.chosen).clone()
    }

    /// Makes `wanted` (an interface's name or an address) the join network
    /// for the rest of the run.
    pub fn choose(&self, wanted: &str) {
        *crate::locks::lock(&self.chosen) = Some(wanted.trim().to_string());
    }

    /// The addresses phones can use (`for_phones`), with the chosen
    /// network's first while it is there.
    pub fn for_phones(&self, v6: bool) -> Vec<Address> {
        let mut ranked = for_phones(&self.addresses(), v6);
        if let Some(wanted) = self.chosen() {
            if let Some(i) = ranked.iter().position(|a| a.is_named(&wanted)) {
                let first = ranked.remove(i);
                ranked.insert(0, first);
            }
        }
        ranked
    }

    /// The laptop's addresses on classroom networks (`Kind::is_classroom`)
    /// and on the one the teacher chose: the same-network rule's networks.
    pub fn classroom(&self) -> Vec<Address> {
        let chosen = self.chosen();
        self.addresses()
            .iter()
            .filter(|a| a.kind.is_classroom() || chosen.as_deref().map_or(false, |c| a.is_named(c)))
            .cloned()
            .collect()
    }
}
