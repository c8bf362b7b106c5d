//! One machine, however many addresses it holds. A laptop can give itself
//! hundreds of IPv4 addresses and a whole IPv6 /64, but on the classroom
//! network each of them answers from its one hardware address, and the
//! laptop running rollcall knows which: its neighbour table (ARP for IPv4,
//! neighbour discovery for IPv6), filled in before a phone's first request
//! arrives, since the laptop answered the phone's connection through it.
//!
//! So the guards count a `Machine`: the hardware address behind the
//! phone's address where the table has one. Else, on the laptop's own
//! networks, the address alone (the phones there share one IPv6 /64); and
//! from elsewhere (loopback, a phone routed from another network) the
//! address, an IPv6 one by its /64, the block one device is given.
//!
//! The table is read from the OS (Linux: a netlink dump of the address's
//! family; Windows: `GetIpNetTable2`; elsewhere nothing is known) when an
//! address is first seen and again once its answer is 2 s old: the phone's
//! entry is there by the time its request is, so a reading that starts
//! after the request finds it. What the OS later drops is kept an hour.

use super::Cidr;
use crate::network::Address;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What the guards count as one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Machine {
    /// The hardware address behind the network address.
    Hardware(u64),
    /// A network address, or an IPv6 /64, where none is known.
    Address(IpAddr),
}

impl Machine {
    /// The machine at `ip` (IPv4 unmapped, as everywhere past where a
    /// client's address enters), whose hardware address is `hardware` if
    /// known; without one, an IPv6 address counts by its /64.
    pub fn of(ip: IpAddr, hardware: Option<u64>) -> Machine {
        if let Some(hw) = hardware {
            return Machine::Hardware(hw);
        }
        Machine::Address(match ip {
            IpAddr::V6(v6) if !v6.is_loopback() => {
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !0u128 << 64))
            }
            ip => ip,
        })
    }

    /// The laptop itself (a loopback address).
    pub fn is_laptop(self) -> bool {
        matches!(self, Machine::Address(ip) if ip.is_loopback())
    }
}

impl Neighbours {
    /// The machine at `ip`: on one of the laptop's networks (`own`, its
    /// addresses; not the laptop's own address), the hardware address
    /// behind it, or if none is known, the address alone; from elsewhere,
    /// the address, an IPv6 one by its /64.
    pub fn machine(&self, ip: IpAddr, own: &[Address]) -> Machine {
        let on_link = !ip.is_loopback()
            && own.iter().all(|a| a.ip != ip)
            && own
                .iter()
                .any(|a| !a.ip.is_loopback() && Cidr::new(a.ip, a.prefix).contains(ip));
        if !on_link {
            return Machine::of(ip, None);
        }
        match self.hardware(ip) {
            Some(hw) => Machine::Hardware(hw),
            // Not known here (macOS, or dropped by the OS): the phones of
            // this network share its /64, so the address counts alone.
            None => Machine::Address(ip),
        }
    }
}

/// How long an address's hardware address is trusted before the OS is
/// asked again.
const FRESH: Duration = Duration::from_secs(2);
/// How long one the OS has dropped is still believed: a phone idle on a
/// kept-alive connection may lose its entry, not its hardware address.
const KEEP: Duration = Duration::from_secs(3600);
/// Most addresses remembered.
const MOST: usize = 4096;

/// (address, hardware address, when the OS last said so), oldest first.
type Table = Vec<(IpAddr, u64, Instant)>;

/// The hardware addresses of the addresses asked about.
#[derive(Default)]
pub struct Neighbours {
    known: Mutex<Table>,
}

impl Neighbours {
    /// The hardware address behind `ip` (on one of the laptop's own
    /// networks), if the OS knows it: remembered for a few seconds, then
    /// read again (the phone's entry is there before its request is).
    pub fn hardware(&self, ip: IpAddr) -> Option<u64> {
        let now = Instant::now();
        let mut known = crate::locks::lock(&self.known);
        if let Some(e) = known.iter().find(|e| e.0 == ip) {
            if now.saturating_duration_since(e.2) < FRESH {
                return Some(e.1);
            }
        }
        let found = os::read(ip);
        remember(&mut known, ip, found, now)
    }
}

/// What the OS said of `ip` (`found`, read `now`), kept in `known`; an
/// address it no longer has keeps what it had for `KEEP`. The answer.
fn remember(known: &mut Table, ip: IpAddr, found: Option<u64>, now: Instant) -> Option<u64> {
    let i = known.iter().position(|e| e.0 == ip);
    match (found, i) {
        (Some(hw), Some(i)) => known[i] = (ip, hw, now),
        (Some(hw), None) => {
            if known.len() >= MOST {
                known.remove(0);
            }
            known.push((ip, hw, now));
        }
        (None, Some(i)) if now.saturating_duration_since(known[i].2) < KEEP => {
            return Some(known[i].1)
        }
        (None, _) => {}
    }
    found
}

/// A hardware address as a number; `None` for none (empty or zeros).
fn key(bytes: &[u8]) -> Option<u64> {
    let k = bytes
        .iter()
        .fold(0u64, |k, &b| k.rotate_left(8) ^ u64::from(b));
    bytes.iter().any(|&b| b != 0).then_some(k)
}

/// The address's bytes, as the OS writes them.
#[cfg_attr(not(any(target_os = "linux", test)), allow(dead_code))]
fn octets(ip: IpAddr) -> ([u8; 16], usize) {
    match ip {
        IpAddr::V4(v4) => (v4.to_ipv6_compatible().octets(), 12),
        IpAddr::V6(v6) => (v6.octets(), 0),
    }
}

/// In netlink messages of a neighbour dump (`RTM_NEWNEIGH`, as `ip neigh`
/// reads them), the hardware address of the complete entry for the address
/// `want` (its bytes), into `found`. True once the dump's end (or an
/// error) is in `buf`.
#[cfg_attr(not(any(target_os = "linux", test)), allow(dead_code))]
fn parse_dump(buf: &[u8], want: &[u8], found: &mut Option<u64>) -> bool {
    // The native-endian u16 at `at`, 0 past the end.
    let num = |at: usize| {
        buf.get(at..at + 2)
            .map_or(0, |b| usize::from(u16::from_ne_bytes([b[0], b[1]])))
    };
    let mut at = 0;
    while let Some(h) = buf.get(at..at + 16) {
        // struct nlmsghdr: length, type...
        let end = at + u32::from_ne_bytes([h[0], h[1], h[2], h[3]]) as usize;
        if end < at + 16 || end > buf.len() {
            return true;
        }
        match num(at + 4) {
            // NLMSG_DONE, NLMSG_ERROR
            2 | 3 => return true,
            // RTM_NEWNEIGH: struct ndmsg (12 bytes; not NUD_INCOMPLETE or
            // NUD_FAILED, no answer from there), then attributes.
            28 if end >= at + 28 && num(at + 24) & 0x21 == 0 => {
                let (mut dst, mut hw) = (false, None);
                let mut a = at + 28;
                while let Some(data) = buf.get(a + 4..a + num(a)).filter(|_| a + num(a) <= end) {
                    match num(a + 2) {
                        // NDA_DST
                        1 => dst = data == want,
                        // NDA_LLADDR
                        2 => hw = key(data),
                        _ => {}
                    }
                    a += (num(a) + 3) & !3;
                }
                if dst && hw.is_some() {
                    *found = hw;
                }
            }
            _ => {}
        }
        at = (end + 3) & !3;
    }
    false
}

#[cfg(target_os = "linux")]
mod os {
    use std::net::IpAddr;

    /// The hardware address behind `ip`: one `RTM_GETNEIGH` dump of its
    /// family over a netlink socket, as `ip neigh` asks (no program started).
    pub fn read(ip: IpAddr) -> Option<u64> {
        let (bytes, from) = super::octets(ip);
        let want = &bytes[from..];
        let mut found = None;
        // SAFETY: plain socket calls on a descriptor this function owns and
        // closes; buffers are passed with their true lengths.
        unsafe {
            let fd = libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                libc::NETLINK_ROUTE,
            );
            if fd < 0 {
                return None;
            }
            // struct nlmsghdr, then struct ndmsg: all zero but the length,
            // RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP and the family.
            let mut ask = [0u8; 28];
            ask[..4].copy_from_slice(&28u32.to_ne_bytes());
            ask[4..6].copy_from_slice(&30u16.to_ne_bytes());
            ask[6..8].copy_from_slice(&0x301u16.to_ne_bytes());
            ask[16] = if ip.is_ipv4() {
                libc::AF_INET
            } else {
                libc::AF_INET6
            } as u8;
            if libc::send(fd, ask.as_ptr() as *const libc::c_void, ask.len(), 0) == 28 {
                let mut buf = [0u8; 16 * 1024];
                // A dump of a few thousand entries is a few dozen replies,
                // each queued before the last is read: none is waited for.
                for _ in 0..1024 {
                    let n = libc::recv(
                        fd,
                        buf.as_mut_ptr() as *mut libc::c_void,
                        buf.len(),
                        libc::MSG_DONTWAIT,
                    );
                    if n <= 0 || super::parse_dump(&buf[..n as usize], want, &mut found) {
                        break;
                    }
                }
            }
            libc::close(fd);
        }
        found
    }
}

#[cfg(windows)]
mod os {
    use std::net::IpAddr;
    use windows_sys::Win32::NetworkManagement::IpHelper::{
        FreeMibTable, GetIpNetTable2, MIB_IPNET_TABLE2,
    };
    use windows_sys::Win32::Networking::WinSock::{AF_INET, AF_INET6};

    /// The hardware address behind `ip`, from the neighbours of its family
    /// (`GetIpNetTable2`, Vista and later).
    pub fn read(ip: IpAddr) -> Option<u64> {
        let family = if ip.is_ipv4() { AF_INET } else { AF_INET6 };
        let mut found = None;
        let mut table: *mut MIB_IPNET_TABLE2 = std::ptr::null_mut();
        // SAFETY: Windows allocates the table and stores it in `table`; it is
        // read within its NumEntries and freed once, with FreeMibTable.
        unsafe {
            if GetIpNetTable2(family, &mut table) != 0 || table.is_null() {
                return None;
            }
            let rows =
                std::slice::from_raw_parts((*table).Table.as_ptr(), (*table).NumEntries as usize);
            for row in rows {
                // NlnsUnreachable, NlnsIncomplete: no answer from there.
                if row.State < 2 {
                    continue;
                }
                let len = (row.PhysicalAddressLength as usize).min(32);
                let at = match row.Address.si_family {
                    AF_INET => IpAddr::from(row.Address.Ipv4.sin_addr.S_un.S_addr.to_ne_bytes()),
                    AF_INET6 => IpAddr::from(row.Address.Ipv6.sin6_addr.u.Byte),
                    _ => continue,
                };
                if at == ip {
                    found = found.or_else(|| super::key(&row.PhysicalAddress[..len]));
                }
            }
            FreeMibTable(table as *const core::ffi::c_void);
        }
        found
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod os {
    /// Not read here: every address counts alone.
    pub fn read(_ip: std::net::IpAddr) -> Option<u64> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A netlink message of `kind` with `body` (the bytes after the header).
    fn message(kind: u16, body: &[u8]) -> Vec<u8> {
        let len = 16 + body.len();
        let mut m = (len as u32).to_ne_bytes().to_vec();
        m.extend_from_slice(&kind.to_ne_bytes());
        m.extend_from_slice(&[0; 10]);
        m.extend_from_slice(body);
        m.resize((len + 3) / 4 * 4, 0);
        m
    }

    fn attr(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut a = ((4 + data.len()) as u16).to_ne_bytes().to_vec();
        a.extend_from_slice(&kind.to_ne_bytes());
        a.extend_from_slice(data);
        a.resize((a.len() + 3) / 4 * 4, 0);
        a
    }

    /// An RTM_NEWNEIGH entry as the kernel sends it.
    fn entry(family: u8, state: u16, dst: &[u8], lladdr: Option<&[u8]>) -> Vec<u8> {
        let mut body = vec![family, 0, 0, 0, 2, 0, 0, 0];
        body.extend_from_slice(&state.to_ne_bytes());
        body.extend_from_slice(&[0, 1]);
        body.extend(attr(1, dst));
        if let Some(ll) = lladdr {
            body.extend(attr(2, ll));
        }
        // NDA_CACHEINFO, to be skipped.
        body.extend(attr(3, &[7; 16]));
        message(28, &body)
    }

    /// The hardware address found for `want` in `buf`, and whether the
    /// dump ended.
    fn parsed_for(buf: &[u8], want: &str) -> (Option<u64>, bool) {
        let mut found = None;
        let ip = want.parse().expect("ip");
        let (bytes, from) = octets(ip);
        let done = parse_dump(buf, &bytes[from..], &mut found);
        (found, done)
    }

    fn parsed(buf: &[u8]) -> Option<u64> {
        parsed_for(buf, "10.0.0.7").0
    }

    const MAC: [u8; 6] = [0x02, 0x42, 0xac, 0x11, 0x00, 0x02];

    #[test]
    fn a_neighbour_dump_gives_each_answering_address_its_hardware_address() {
        let v6: [u8; 16] = "fd72:1::7"
            .parse::<std::net::Ipv6Addr>()
            .expect("ip")
            .octets();
        let mut dump = entry(2, 0x02, &[10, 0, 0, 7], Some(&MAC));
        dump.extend(entry(10, 0x04, &v6, Some(&MAC)));
        // Incomplete and failed: asked, never answered.
        dump.extend(entry(2, 0x01, &[10, 0, 0, 8], None));
        dump.extend(entry(2, 0x20, &[10, 0, 0, 9], Some(&MAC)));
        // Loopback's "hardware address" is zeros: not one.
        dump.extend(entry(2, 0x40, &[10, 0, 0, 10], Some(&[0; 6])));
        // Some other message in between is skipped.
        dump.extend(message(24, &[0; 12]));
        let hw = key(&MAC).expect("a key");
        assert_eq!(hw, 0x0242_ac11_0002);
        assert_eq!(
            parsed_for(&dump, "10.0.0.7"),
            (Some(hw), false),
            "more follow"
        );
        assert_eq!(parsed_for(&dump, "fd72:1::7").0, Some(hw));
        for none in [
            "10.0.0.8",
            "10.0.0.9",
            "10.0.0.10",
            "10.0.0.11",
            "fd72:1::8",
        ] {
            assert_eq!(parsed_for(&dump, none).0, None, "{none}");
        }
        assert!(parsed_for(&message(3, &[0; 4]), "10.0.0.7").1);
    }

    #[test]
    fn a_broken_dump_is_read_as_far_as_it_goes() {
        let mut dump = entry(2, 0x02, &[10, 0, 0, 9], Some(&MAC));
        let whole = dump.len();
        dump.extend(entry(2, 0x02, &[10, 0, 0, 7], Some(&MAC)));
        assert!(parsed(&dump).is_some());
        // Cut inside the second message; a length past the end; too short.
        assert_eq!(parsed(&dump[..whole + 20]), None);
        let mut lying = dump.clone();
        lying[whole] = 0xff;
        assert_eq!(parsed(&lying), None);
        assert_eq!(parsed(&dump[..10]), None);
        // An attribute longer than its message, of length 0, or an address
        // of 5 bytes: nothing read from that entry, and no panic.
        for bad in [255u16, 0, 9] {
            let mut e = entry(2, 0x02, &[10, 0, 0, 7], Some(&MAC));
            // The first attribute follows the header and struct ndmsg.
            e[28..30].copy_from_slice(&bad.to_ne_bytes());
            assert_eq!(parsed(&e), None, "{bad}");
        }
        for n in 0..dump.len() {
            parsed(&dump[..n]);
        }
    }

    #[test]
    fn one_device_is_its_hardware_address_else_its_address_or_its_slash_64() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        let hw = Some(0x0242_ac11_0002);
        // Every address behind one hardware address is one machine.
        assert_eq!(
            Machine::of(ip("10.0.0.7"), hw),
            Machine::of(ip("fd72:1::99"), hw)
        );
        assert_ne!(
            Machine::of(ip("10.0.0.7"), hw),
            Machine::of(ip("10.0.0.7"), Some(1))
        );
        // Without one: IPv4 alone, IPv6 by its /64.
        assert_ne!(
            Machine::of(ip("10.0.0.7"), None),
            Machine::of(ip("10.0.0.8"), None)
        );
        assert_eq!(
            Machine::of(ip("2001:db8:1:2::1"), None),
            Machine::of(ip("2001:db8:1:2:ffff:1:2:3"), None)
        );
        assert_ne!(
            Machine::of(ip("2001:db8:1:2::1"), None),
            Machine::of(ip("2001:db8:1:3::1"), None)
        );
        // Loopback is the laptop.
        assert!(Machine::of(ip("::1"), None).is_laptop());
        assert!(Machine::of(ip("127.0.0.1"), None).is_laptop());
        assert!(!Machine::of(ip("::2"), None).is_laptop());
        assert!(!Machine::of(ip("127.0.0.1"), hw).is_laptop());
    }

    #[test]
    fn what_the_os_dropped_is_kept_an_hour_and_the_table_stays_bounded() {
        let t0 = Instant::now();
        let ip = |n: u32| IpAddr::from(n.to_be_bytes());
        let mut known = Vec::new();
        assert_eq!(remember(&mut known, ip(1), Some(8), t0), Some(8));
        assert_eq!(remember(&mut known, ip(2), None, t0), None);
        // Address 1 moved to another machine.
        let later = t0 + Duration::from_secs(60);
        assert_eq!(remember(&mut known, ip(1), Some(5), later), Some(5));
        // Then the OS dropped it: still that machine, for an hour.
        assert_eq!(remember(&mut known, ip(1), None, later + KEEP / 2), Some(5));
        assert_eq!(remember(&mut known, ip(1), None, later + KEEP), None);
        // Full: the first remembered make room.
        for n in 10..10 + MOST as u32 {
            remember(&mut known, ip(n), Some(1), later);
        }
        assert_eq!(known.len(), MOST);
        assert_eq!(remember(&mut known, ip(1), None, later), None);
        assert_eq!(
            remember(&mut known, ip(10 + MOST as u32 - 1), None, later),
            Some(1)
        );
    }
}
