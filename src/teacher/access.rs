//! Who may see the teacher's page: the laptop itself, and only by a name
//! that means the laptop.
//!
//! Two checks, both needed. The client must be the laptop (a loopback
//! address, or one of the laptop's own addresses when its browser used the
//! LAN address): a phone gets 403. And the `Host` header must name the
//! laptop (`localhost`, a loopback address, or one of its own addresses):
//! otherwise a web page the teacher happens to open could point its own
//! domain name at 127.0.0.1 (DNS rebinding) and read the page as "its own".

use crate::guards::site::host_is_laptop;
use std::net::IpAddr;

/// True when a request from `peer` with this `Host` header may see and use
/// the teacher's page. `own` holds the laptop's own addresses.
pub fn is_teacher(peer: IpAddr, host: Option<&str>, own: &[IpAddr]) -> bool {
    // Peers come in unmapped (tiny_http does it where they enter), and the
    // laptop's own addresses are read so.
    let is_own = peer.is_loopback() || own.contains(&peer);
    is_own && host_is_laptop(host, own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("valid address")
    }

    #[test]
    fn the_laptop_by_its_own_names_is_the_teacher() {
        let own = [ip("192.168.43.17"), ip("127.0.0.1")];
        for (peer, host) in [
            ("127.0.0.1", "127.0.0.1:8000"),
            ("127.0.0.1", "localhost:8000"),
            ("127.0.0.1", "LOCALHOST"),
            ("127.0.0.2", "127.0.0.1"),
            ("::1", "[::1]:8000"),
            // (`::ffff:127.0.0.1` arrives as 127.0.0.1: tiny_http's
            // `connection::tests` show it.)
            // The laptop's browser using the LAN address.
            ("192.168.43.17", "192.168.43.17:8000"),
            ("127.0.0.1", "192.168.43.17:8000"),
        ] {
            assert!(is_teacher(ip(peer), Some(host), &own), "{peer} {host}");
        }
    }

    #[test]
    fn phones_and_foreign_hosts_are_refused() {
        let own = [ip("192.168.43.17")];
        for (peer, host) in [
            // A phone on the classroom network, whatever Host it sends.
            ("192.168.43.20", Some("127.0.0.1:8000")),
            ("192.168.43.20", Some("192.168.43.17:8000")),
            ("10.0.0.5", Some("localhost")),
            // DNS rebinding: the laptop's browser, a foreign name.
            ("127.0.0.1", Some("evil.example:8000")),
            ("127.0.0.1", Some("evil.example")),
            ("127.0.0.1", Some("localhost.evil.example")),
            ("127.0.0.1", Some("8.8.8.8:8000")),
            ("127.0.0.1", Some("127.0.0.1:80x")),
            ("127.0.0.1", Some("[::1]x")),
            ("127.0.0.1", Some("")),
            ("127.0.0.1", None),
        ] {
            assert!(!is_teacher(ip(peer), host, &own), "{peer} {host:?}");
        }
    }
}
