//! The laptop's own networks: the addresses phones can reach it on, and the
//! addresses that mean "this laptop" to the teacher's page.
//!
//! Read from the OS (`if-addrs`), and read again every few seconds when
//! asked, so a hotspot switched on after rollcall started is seen.

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
}

/// Every address of the laptop's interfaces, loopback included.
pub fn read() -> Vec<Address> {
    if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| {
            let prefix = match &i.addr {
                if_addrs::IfAddr::V4(a) => a.prefixlen,
                if_addrs::IfAddr::V6(a) => a.prefixlen,
            };
            Address {
                ip: unmap(i.ip()),
                name: i.name,
                prefix,
            }
        })
        .collect()
}

/// The addresses phones can use: IPv4 (or IPv6 when `v6`), not loopback,
/// not link-local (169.254.x.x means "no network yet"), sorted, each once.
pub fn for_phones(all: &[Address], v6: bool) -> Vec<Address> {
    let mut found: Vec<Address> = all
        .iter()
        .filter(|a| !a.ip.is_loopback() && !is_link_local(a.ip))
        .filter(|a| a.ip.is_ipv4() || v6)
        .cloned()
        .collect();
    found.sort_by(|a, b| (a.ip, &a.name).cmp(&(b.ip, &b.name)));
    found.dedup_by(|a, b| a.ip == b.ip);
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

/// The interfaces, re-read when the last reading is a few seconds old.
/// Shared, not copied: every request of the teacher's screen and every
/// check-in asks.
pub struct Networks {
    cache: Mutex<(Instant, Arc<Vec<Address>>)>,
}

impl Networks {
    pub fn new() -> Networks {
        Networks {
            cache: Mutex::new((Instant::now(), Arc::new(read()))),
        }
    }

    /// Every address of the laptop now (to within a few seconds).
    pub fn addresses(&self) -> Arc<Vec<Address>> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.0.elapsed() > FRESH {
            *cache = (Instant::now(), Arc::new(read()));
        }
        Arc::clone(&cache.1)
    }
}
