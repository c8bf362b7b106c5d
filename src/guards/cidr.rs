//! Networks written as `10.20.0.0/16`: for `--allow`, the laptop's own
//! subnets, and the networks phones were refused from.
//!
//! Addresses here are IPv4 unmapped: a client's where it enters (tiny_http),
//! the laptop's where they are read (`network::read`), a typed network in
//! `parse`. An IPv4-mapped one (`::ffff:10.0.0.2`) would be an IPv6 address
//! in none of the IPv4 networks.

use crate::network::unmap;
use std::fmt;
use std::net::IpAddr;

/// A network: an address with its first `prefix` bits significant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    base: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// The network of `ip` with `prefix` bits (too many are capped).
    pub fn new(ip: IpAddr, prefix: u8) -> Cidr {
        let prefix = prefix.min(width(ip));
        Cidr {
            base: mask(ip, prefix),
            prefix,
        }
    }

    /// Parses `10.20.0.0/16`, `fd00::/64`, or an address alone (that one
    /// address). An IPv4-mapped address is read as the IPv4 address it is
    /// (its prefix, checked against IPv6's 128 bits, capped at 32).
    pub fn parse(text: &str) -> Option<Cidr> {
        let (ip, prefix) = match text.trim().split_once('/') {
            Some((ip, prefix)) => {
                let ip: IpAddr = ip.parse().ok()?;
                let prefix: u8 = prefix.parse().ok()?;
                if prefix > width(ip) {
                    return None;
                }
                (ip, prefix)
            }
            None => {
                let ip: IpAddr = text.trim().parse().ok()?;
                (ip, width(ip))
            }
        };
        Some(Cidr::new(unmap(ip), prefix))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        ip.is_ipv4() == self.base.is_ipv4() && mask(ip, self.prefix) == self.base
    }

    /// The network a refused phone is reported under: its /24 (IPv4) or
    /// /64 (IPv6), the usual size of one Wi-Fi's addresses.
    pub fn around(ip: IpAddr) -> Cidr {
        Cidr::new(ip, if ip.is_ipv4() { 24 } else { 64 })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.prefix)
    }
}

fn width(ip: IpAddr) -> u8 {
    if ip.is_ipv4() {
        32
    } else {
        128
    }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let kept = if prefix == 0 {
                0
            } else {
                bits & (u32::MAX << (32 - u32::from(prefix)))
            };
            IpAddr::from(kept.to_be_bytes())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let kept = if prefix == 0 {
                0
            } else {
                bits & (u128::MAX << (128 - u32::from(prefix)))
            };
            IpAddr::from(kept.to_be_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("valid address")
    }

    #[test]
    fn parses_and_matches_networks() {
        let net = Cidr::parse("10.20.0.0/16").expect("valid");
        assert!(net.contains(ip("10.20.255.7")));
        assert!(!net.contains(ip("10.21.0.1")));
        assert!(!net.contains(ip("fd00::1")));
        assert_eq!(net.to_string(), "10.20.0.0/16");
        // Host bits are dropped; a bare address is itself.
        assert_eq!(
            Cidr::parse("192.168.43.17/24")
                .map(|c| c.to_string())
                .as_deref(),
            Some("192.168.43.0/24")
        );
        let one = Cidr::parse("192.168.1.5").expect("valid");
        assert!(one.contains(ip("192.168.1.5")) && !one.contains(ip("192.168.1.6")));
        let v6 = Cidr::parse("fd00:1::/64").expect("valid");
        assert!(v6.contains(ip("fd00:1::abcd")));
        assert!(Cidr::parse("0.0.0.0/0")
            .expect("valid")
            .contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "10.0.0/8", "laptop", "10.0.0.0/-1", ""] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
        assert_eq!(Cidr::around(ip("10.20.3.4")).to_string(), "10.20.3.0/24");
    }

    #[test]
    fn a_typed_ipv4_mapped_network_is_the_ipv4_one() {
        // Its prefix is checked against IPv6's 128 bits, then capped at
        // IPv4's 32, as it always was.
        for (typed, read) in [
            ("::ffff:10.20.1.1", "10.20.1.1/32"),
            ("::ffff:10.20.0.0/112", "10.20.0.0/32"),
            ("::ffff:10.20.1.0/16", "10.20.0.0/16"),
        ] {
            let net = Cidr::parse(typed).expect("valid");
            assert_eq!(net.to_string(), read, "{typed}");
            let first = read.split('/').next().unwrap_or_default();
            assert!(net.contains(ip(first)), "{typed}");
        }
        assert_eq!(Cidr::parse("::ffff:10.20.0.0/129"), None);
    }
}
