//! A test host of the test's own making: a network namespace joined to this
//! machine by a veth pair, so a client reaches the server from an address
//! that is not loopback, as a phone on the classroom network does. The
//! laptop's side is `server_ip`, the phone `phone_ip`, a /30 of their own;
//! the phone can also be given an address on another subnet, routed back
//! (`add_other_network`), for a phone from elsewhere. Linux, as root, with
//! `ip` (iproute2); traffic goes only between this machine and the
//! namespace. Removed on drop.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub struct Netns {
    name: String,
    phone_link: String,
    host_link: String,
    /// The laptop's address as the phone sees it.
    pub server_ip: Ipv4Addr,
    /// The phone's address.
    pub phone_ip: Ipv4Addr,
}

fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run `ip` (install iproute2): {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`ip {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// `ip -n name -batch -`: many commands in one run.
fn ip_batch(name: &str, lines: &[String]) -> Result<(), String> {
    use std::io::Write;
    let mut child = Command::new("ip")
        .args(["-n", name, "-batch", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `ip` (install iproute2): {e}"))?;
    let mut stdin = child.stdin.take().expect("ip's input");
    stdin
        .write_all((lines.join("\n") + "\n").as_bytes())
        .map_err(|e| format!("ip -batch: {e}"))?;
    drop(stdin);
    let out = child
        .wait_with_output()
        .map_err(|e| format!("ip -batch: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`ip -batch` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl Netns {
    /// A new namespace, or why one cannot be made here.
    pub fn create() -> Result<Netns, String> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let pid = std::process::id();
        // 10.(100 + pid % 100).(n / 64).(4 * (n % 64)) / 30: unique within
        // this run, and unlikely to meet another run's leftovers.
        let (a, b, c) = (
            (100 + pid % 100) as u8,
            (n / 64) as u8,
            (4 * (n % 64)) as u8,
        );
        let server_ip = Ipv4Addr::new(10, a, b, c + 1);
        let phone_ip = Ipv4Addr::new(10, a, b, c + 2);
        let name = format!("rcnet-{pid}-{n}");
        let (host_link, phone_link) = (format!("rc{pid}h{n}"), format!("rc{pid}p{n}"));
        let ns = Netns {
            name: name.clone(),
            phone_link: phone_link.clone(),
            host_link: host_link.clone(),
            server_ip,
            phone_ip,
        };
        let (host_cidr, phone_cidr) = (format!("{server_ip}/30"), format!("{phone_ip}/30"));
        ip(&["netns", "add", &name])?;
        // From here on, drop removes what was made.
        let setup = [
            vec![
                "link",
                "add",
                &host_link,
                "type",
                "veth",
                "peer",
                "name",
                &phone_link,
            ],
            vec!["link", "set", &phone_link, "netns", &name],
            vec!["addr", "add", &host_cidr, "dev", &host_link],
            vec!["link", "set", &host_link, "up"],
            vec!["-n", &name, "addr", "add", &phone_cidr, "dev", &phone_link],
            vec!["-n", &name, "link", "set", &phone_link, "up"],
            vec!["-n", &name, "link", "set", "lo", "up"],
        ];
        for args in setup.iter() {
            ip(args)?;
        }
        Ok(ns)
    }

    /// Gives the phone a second address, `10.214.B.2`, on a network of its
    /// own (not the laptop's), routed back to this machine: a phone from
    /// elsewhere. Returns the address and its /24.
    pub fn add_other_network(&self) -> Result<(Ipv4Addr, String), String> {
        let [_, a, b, c] = self.phone_ip.octets();
        let other = Ipv4Addr::new(10, 214, a.wrapping_add(b).wrapping_add(c), 2);
        ip(&[
            "-n",
            &self.name,
            "addr",
            "add",
            &format!("{other}/24"),
            "dev",
            &self.phone_link,
        ])?;
        ip(&[
            "route",
            "add",
            &format!("{other}/32"),
            "via",
            &self.phone_ip.to_string(),
        ])?;
        let [o1, o2, o3, _] = other.octets();
        Ok((other, format!("{o1}.{o2}.{o3}.0/24")))
    }

    /// Gives the phone `n` more addresses, `10.215.B.10` on, on a /24 of
    /// their own routed back via its first: one machine holding many IPv4
    /// addresses behind one hardware address.
    pub fn add_many_ipv4(&self, n: usize) -> Result<Vec<Ipv4Addr>, String> {
        assert!(n <= 240);
        let [_, a, b, c] = self.phone_ip.octets();
        let net = a.wrapping_add(b).wrapping_add(c);
        let many: Vec<Ipv4Addr> = (0..n)
            .map(|i| Ipv4Addr::new(10, 215, net, 10 + i as u8))
            .collect();
        let lines: Vec<String> = many
            .iter()
            .map(|ip| format!("addr add {ip}/32 dev {}", self.phone_link))
            .collect();
        ip_batch(&self.name, &lines)?;
        ip(&[
            "route",
            "add",
            &format!("10.215.{net}.0/24"),
            "via",
            &self.phone_ip.to_string(),
        ])?;
        Ok(many)
    }

    /// IPv6 on the link: the laptop's side gets `fd22:P:N::1/64`, the
    /// phone `fd22:P:N::2`, and `n` more addresses of another /64
    /// (`fd23:P:N::/64`, routed via the phone), as one machine can hold a
    /// whole /64. Returns (the laptop's address, the phone's, the many).
    pub fn add_ipv6(&self, n: usize) -> Result<(Ipv6Addr, Ipv6Addr, Vec<Ipv6Addr>), String> {
        let [_, a, b, c] = self.phone_ip.octets();
        let (p, q) = (u16::from(a), u16::from(b) << 8 | u16::from(c));
        let server = Ipv6Addr::new(0xfd22, p, q, 0, 0, 0, 0, 1);
        let phone = Ipv6Addr::new(0xfd22, p, q, 0, 0, 0, 0, 2);
        let many: Vec<Ipv6Addr> = (0..n)
            .map(|i| Ipv6Addr::new(0xfd23, p, q, 0, 0, 0, (i >> 16) as u16, i as u16 + 1))
            .collect();
        // No duplicate address detection: the addresses work at once.
        ip(&[
            "-6",
            "addr",
            "add",
            &format!("{server}/64"),
            "dev",
            &self.host_link,
            "nodad",
        ])?;
        let mut lines = vec![format!("addr add {phone}/64 dev {} nodad", self.phone_link)];
        lines.extend(
            many.iter()
                .map(|ip| format!("addr add {ip}/128 dev {} nodad", self.phone_link)),
        );
        ip_batch(&self.name, &lines)?;
        if n > 0 {
            ip(&[
                "-6",
                "route",
                "add",
                &format!("fd23:{p:x}:{q:x}::/64"),
                "via",
                &phone.to_string(),
            ])?;
        }
        Ok((server, phone, many))
    }

    /// Gives the phone's one interface `v4` more IPv4 addresses (at most
    /// 253) and `v6` IPv6 addresses of one /64, as one machine holds them:
    /// behind its one hardware address, on networks the laptop's end of the
    /// link is on too (`10.(150+P).X.0/24`, `fd72:P:X::/64`; no duplicate
    /// address detection). Returns the laptop's address on each and the
    /// phone's new addresses.
    pub fn add_addresses(
        &self,
        v4: usize,
        v6: usize,
    ) -> Result<(Ipv4Addr, Ipv6Addr, Vec<IpAddr>), String> {
        let pid = std::process::id();
        let [_, _, b, c] = self.phone_ip.octets();
        let x = u16::from(b) * 64 + u16::from(c) / 4;
        let laptop4 = Ipv4Addr::new(10, 150 + (pid % 50) as u8, 128 + (x % 128) as u8, 1);
        let net6 = [0xfd72, (pid % 0x10000) as u16, x, 0, 0, 0, 0];
        let laptop6 = Ipv6Addr::from([net6[0], net6[1], net6[2], 0, 0, 0, 0, 1]);
        ip(&[
            "addr",
            "add",
            &format!("{laptop4}/24"),
            "dev",
            &self.host_link,
        ])?;
        ip(&[
            "addr",
            "add",
            &format!("{laptop6}/64"),
            "dev",
            &self.host_link,
            "nodad",
        ])?;
        let [l1, l2, l3, _] = laptop4.octets();
        let phone: Vec<IpAddr> = (0..v4.min(253))
            .map(|n| IpAddr::from([l1, l2, l3, 2 + n as u8]))
            .chain(
                (0..v6)
                    .map(|n| IpAddr::from([net6[0], net6[1], net6[2], 0, 0, 0, 1, 2 + n as u16])),
            )
            .collect();
        let lines: Vec<String> = phone
            .iter()
            .map(|a| {
                let (prefix, flag) = if a.is_ipv4() {
                    (24, "")
                } else {
                    (64, " nodad")
                };
                format!("addr add {a}/{prefix} dev {}{flag}", self.phone_link)
            })
            .collect();
        ip_batch(&self.name, &lines)?;
        Ok((laptop4, laptop6, phone))
    }

    /// Gives the phone's machine `n` network cards of their own: `macvlan`
    /// links on its one link (`mv0`, `mv1`...), each with its own hardware
    /// address and an address on a /24 the laptop's end of the link is on
    /// too (`10.(200+P).X.0/24`), as a laptop with a script and dozens of
    /// USB network cards would have. Returns the laptop's address on that
    /// network and each card (its name, its address). Send from a card
    /// with `connect_on`, which binds to the card (SO_BINDTODEVICE): bound
    /// to an address alone, the kernel would send through the first card.
    pub fn add_cards(&self, n: usize) -> Result<(Ipv4Addr, Vec<(String, Ipv4Addr)>), String> {
        assert!(n <= 250);
        let pid = std::process::id();
        let [_, _, b, c] = self.phone_ip.octets();
        let x = (u16::from(b) * 64 + u16::from(c) / 4) % 256;
        let laptop = Ipv4Addr::new(10, 200 + (pid % 50) as u8, x as u8, 1);
        let [l1, l2, l3, _] = laptop.octets();
        ip(&[
            "addr",
            "add",
            &format!("{laptop}/24"),
            "dev",
            &self.host_link,
        ])?;
        let cards: Vec<(String, Ipv4Addr)> = (0..n)
            .map(|i| (format!("mv{i}"), Ipv4Addr::new(l1, l2, l3, 2 + i as u8)))
            .collect();
        let mut lines = Vec::new();
        for (card, addr) in &cards {
            lines.push(format!(
                "link add {card} link {} type macvlan mode bridge",
                self.phone_link
            ));
            lines.push(format!("addr add {addr}/24 dev {card}"));
            lines.push(format!("link set {card} up"));
        }
        ip_batch(&self.name, &lines)?;
        Ok((laptop, cards))
    }

    /// Empties this machine's neighbour entries for the phone's link (the
    /// kernel holds 1,024 IPv6 ones in all before it must refuse more).
    pub fn flush_neighbours(&self) -> Result<(), String> {
        ip(&["-6", "neigh", "flush", "dev", &self.host_link])?;
        ip(&["-4", "neigh", "flush", "dev", &self.host_link])
    }

    /// Runs `f` on a thread inside the namespace: sockets it opens belong to
    /// the phone, whichever thread uses them afterwards.
    pub fn run<T: Send>(&self, f: impl FnOnce() -> T + Send) -> T {
        in_namespace(&self.name, f)
    }

    /// Connects from the phone to the server's `port`.
    pub fn connect(&self, port: u16) -> io::Result<TcpStream> {
        let addr = SocketAddr::from((self.server_ip, port));
        self.run(|| {
            let s = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            s.set_write_timeout(Some(Duration::from_secs(30)))?;
            Ok(s)
        })
    }

    /// `curl` from inside, as a phone's browser asks: (status, body).
    /// `extra` are curl's options (`--interface`, a cookie jar, `-H`...).
    pub fn curl(&self, url: &str, extra: &[&str]) -> (u16, String) {
        curl_in(&self.name, url, extra)
    }
}

/// A connection sent through network card `card` (one of the namespace's;
/// call this inside it, from `Netns::run`) from its address `source` to
/// `to`.
pub fn connect_on(card: &str, source: Ipv4Addr, to: SocketAddr) -> io::Result<TcpStream> {
    use std::os::unix::io::FromRawFd;
    // Safety: a socket of our own, its options and addresses from values
    // that live across each call; it is handed to a TcpStream, which owns
    // and closes it (or closed here on failure).
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let stream = TcpStream::from_raw_fd(fd);
        let name = std::ffi::CString::new(card)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let bound = libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_BINDTODEVICE,
            name.as_ptr().cast(),
            name.as_bytes_with_nul().len() as libc::socklen_t,
        );
        if bound != 0 {
            return Err(io::Error::last_os_error());
        }
        let from = sockaddr_in(source, 0);
        let size = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        if libc::bind(fd, (&from as *const libc::sockaddr_in).cast(), size) != 0 {
            return Err(io::Error::last_os_error());
        }
        let to = match to {
            SocketAddr::V4(v4) => sockaddr_in(*v4.ip(), v4.port()),
            SocketAddr::V6(_) => {
                return Err(io::Error::new(io::ErrorKind::InvalidInput, "IPv4 only"))
            }
        };
        if libc::connect(fd, (&to as *const libc::sockaddr_in).cast(), size) != 0 {
            return Err(io::Error::last_os_error());
        }
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.set_write_timeout(Some(Duration::from_secs(30)))?;
        Ok(stream)
    }
}

/// An IPv4 socket address as the C library takes it.
fn sockaddr_in(ip: Ipv4Addr, port: u16) -> libc::sockaddr_in {
    // Safety: all zeroes is a valid sockaddr_in; its fields are set below.
    let mut a: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    a.sin_family = libc::AF_INET as libc::sa_family_t;
    a.sin_port = port.to_be();
    a.sin_addr = libc::in_addr {
        s_addr: u32::from(ip).to_be(),
    };
    a
}

/// A connection from `source` (one of the namespace's addresses; call this
/// inside it, from `Netns::run`) to `to`.
pub fn connect_from(source: IpAddr, to: SocketAddr) -> io::Result<TcpStream> {
    use std::os::unix::io::FromRawFd;
    let family = if source.is_ipv4() {
        libc::AF_INET
    } else {
        libc::AF_INET6
    };
    // SAFETY: a new socket, owned from here on by the TcpStream (which
    // closes it), given addresses with their true sizes.
    unsafe {
        let fd = libc::socket(family, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let stream = TcpStream::from_raw_fd(fd);
        for (addr, bind) in [(SocketAddr::new(source, 0), true), (to, false)] {
            let (sa, len) = sockaddr(addr);
            let sa = &sa as *const libc::sockaddr_storage as *const libc::sockaddr;
            let rc = if bind {
                libc::bind(fd, sa, len)
            } else {
                libc::connect(fd, sa, len)
            };
            if rc != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        stream.set_read_timeout(Some(Duration::from_secs(20)))?;
        Ok(stream)
    }
}

fn sockaddr(addr: SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: all zeros is a valid sockaddr_storage; each arm writes the
    // fields of the family it sets, within the storage.
    unsafe {
        let mut ss: libc::sockaddr_storage = std::mem::zeroed();
        let len = match addr {
            SocketAddr::V4(a) => {
                let sin = &mut ss as *mut _ as *mut libc::sockaddr_in;
                (*sin).sin_family = libc::AF_INET as libc::sa_family_t;
                (*sin).sin_port = a.port().to_be();
                (*sin).sin_addr.s_addr = u32::from_ne_bytes(a.ip().octets());
                std::mem::size_of::<libc::sockaddr_in>()
            }
            SocketAddr::V6(a) => {
                let sin6 = &mut ss as *mut _ as *mut libc::sockaddr_in6;
                (*sin6).sin6_family = libc::AF_INET6 as libc::sa_family_t;
                (*sin6).sin6_port = a.port().to_be();
                (*sin6).sin6_addr.s6_addr = a.ip().octets();
                std::mem::size_of::<libc::sockaddr_in6>()
            }
        };
        (ss, len as libc::socklen_t)
    }
}

/// `curl` inside namespace `name`: (status, body).
pub fn curl_in(name: &str, url: &str, extra: &[&str]) -> (u16, String) {
    let mut args = vec![
        "netns",
        "exec",
        name,
        "curl",
        "-s",
        "-m",
        "20",
        "-w",
        "\n%{http_code}",
    ];
    args.extend_from_slice(extra);
    args.push(url);
    let out = Command::new("ip")
        .args(&args)
        .output()
        .expect("run ip netns exec curl");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_string())
}

/// A laptop of the test's own making: a network namespace whose interfaces
/// carry the names a real laptop's do (`wlan0`, `tun0`, `docker0`...), each
/// either joined by a veth pair to a host namespace of its own (a phone on
/// the Wi-Fi, a peer on the VPN) or alone (a bridge, a dummy). rollcall runs
/// inside it (`Builder::in_netns`). Traffic stays between these namespaces.
/// Removed, with every host, on drop.
pub struct Laptop {
    pub name: String,
    /// The host namespaces made, each removed on drop.
    hosts: Vec<String>,
}

impl Laptop {
    /// An empty laptop (loopback only), or why one cannot be made here.
    pub fn create() -> Result<Laptop, String> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("rclap-{}-{n}", std::process::id());
        ip(&["netns", "add", &name])?;
        let laptop = Laptop {
            name,
            hosts: Vec::new(),
        };
        ip(&["-n", &laptop.name, "link", "set", "lo", "up"])?;
        Ok(laptop)
    }

    /// Gives the laptop an interface `ifname` with `laptop_cidr`, joined to a
    /// new host whose `eth0` has `host_cidr`. Returns the host's namespace.
    pub fn add_host(
        &mut self,
        ifname: &str,
        laptop_cidr: &str,
        host_cidr: &str,
    ) -> Result<String, String> {
        let i = self.hosts.len();
        let host = format!("{}-{i}", self.name);
        ip(&["netns", "add", &host])?;
        self.hosts.push(host.clone());
        // Temporary names, unique on this machine, until each end is in its
        // namespace and renamed.
        static LINKS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let link = LINKS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let tag = format!("{}x{link}", std::process::id() % 100_000);
        let (a, b) = (format!("rla{tag}"), format!("rlb{tag}"));
        let steps: [&[&str]; 11] = [
            &["link", "add", &a, "type", "veth", "peer", "name", &b],
            &["link", "set", &a, "netns", &self.name],
            &["link", "set", &b, "netns", &host],
            &["-n", &self.name, "link", "set", &a, "name", ifname],
            &["-n", &host, "link", "set", &b, "name", "eth0"],
            &["-n", &self.name, "addr", "add", laptop_cidr, "dev", ifname],
            &["-n", &host, "addr", "add", host_cidr, "dev", "eth0"],
            &["-n", &self.name, "link", "set", ifname, "up"],
            &["-n", &host, "link", "set", "eth0", "up"],
            &["-n", &host, "link", "set", "lo", "up"],
            &["-n", &self.name, "link", "set", "lo", "up"],
        ];
        for args in steps {
            ip(args)?;
        }
        Ok(host)
    }

    /// Gives the laptop an interface with no host on it: `kind` is `bridge`
    /// (as Docker's) or `veth` (a virtual machine's host-only network; its
    /// other end stays on the laptop, down).
    pub fn add_device(&self, ifname: &str, kind: &str, cidr: &str) -> Result<(), String> {
        let peer = format!("{ifname}p");
        let mut args = vec!["-n", &self.name, "link", "add", ifname, "type", kind];
        if kind == "veth" {
            args.extend(["peer", "name", &peer]);
        }
        ip(&args)?;
        ip(&["-n", &self.name, "addr", "add", cidr, "dev", ifname])?;
        ip(&["-n", &self.name, "link", "set", ifname, "up"])
    }
}

impl Drop for Laptop {
    fn drop(&mut self) {
        for host in &self.hosts {
            let _ = ip(&["netns", "del", host]);
        }
        let _ = ip(&["netns", "del", &self.name]);
    }
}

/// A laptop for a test, or `None` after saying why the test is skipped (as
/// `netns_or_skip`).
pub fn laptop_or_skip() -> Option<Laptop> {
    if super::under_launcher() {
        super::skip("network namespaces are tested on Linux; the .exe runs under Wine");
        return None;
    }
    match Laptop::create() {
        Ok(laptop) => Some(laptop),
        Err(why) => panic!("this test needs network namespaces (root, iproute2): {why}"),
    }
}

/// Runs `f` on a thread inside namespace `name` (made with `ip netns add`):
/// sockets it opens belong to that namespace, whichever thread uses them
/// afterwards.
pub fn in_namespace<T: Send>(name: &str, f: impl FnOnce() -> T + Send) -> T {
    use std::os::unix::io::AsRawFd;
    let path = format!("/run/netns/{name}");
    std::thread::scope(|scope| {
        scope
            .spawn(move || {
                let file = std::fs::File::open(&path).expect("open the namespace");
                // Safety: setns on a namespace file we hold open; it only
                // changes this (scoped, short-lived) thread's network.
                let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
                assert_eq!(rc, 0, "setns: {}", io::Error::last_os_error());
                f()
            })
            .join()
            .expect("thread in the namespace")
    })
}

impl Drop for Netns {
    fn drop(&mut self) {
        // Deleting the namespace deletes the veth pair with it.
        let _ = ip(&["netns", "del", &self.name]);
    }
}

/// A namespace for a test; `None` (said) under the Windows suite
/// (`ROLLCALL_LAUNCH`), where namespaces do not apply. Where one cannot be
/// made (not root) the test fails: such tests are `#[ignore]`d, with the
/// reason, unless run with `--include-ignored`.
pub fn netns_or_skip() -> Option<Netns> {
    if super::under_launcher() {
        super::skip("network namespaces are tested on Linux; the .exe runs under Wine");
        return None;
    }
    // The tests that need one are `#[ignore]`d unless run with
    // `--include-ignored`: asked for, they fail here rather than pass.
    match Netns::create() {
        Ok(ns) => Some(ns),
        Err(why) => panic!("this test needs a network namespace (root, iproute2): {why}"),
    }
}

/// A phone: a source address inside the namespace and its own cookie jar.
pub struct Phone<'a> {
    pub ns: &'a Netns,
    pub source: String,
    pub jar: PathBuf,
    /// `http://SERVER:PORT`, what its requests' paths follow.
    pub base: String,
}

impl<'a> Phone<'a> {
    pub fn new(
        ns: &'a Netns,
        source: impl ToString,
        srv: &super::Server,
        jars: &super::TempDir,
        name: &str,
    ) -> Phone<'a> {
        Phone {
            ns,
            source: source.to_string(),
            jar: jars.path().join(format!("{name}.jar")),
            base: format!("http://{}:{}", ns.server_ip, srv.port),
        }
    }

    pub fn curl(&self, path: &str, extra: &[&str]) -> (u16, String) {
        let jar = self.jar.to_string_lossy().into_owned();
        let mut args = vec!["--interface", &self.source, "-c", &jar, "-b", &jar];
        args.extend_from_slice(extra);
        self.ns.curl(&format!("{}{path}", self.base), &args)
    }

    pub fn open_form(&self) -> (u16, String) {
        self.curl("/", &[])
    }

    /// Opens the form (its ticket), then sends it with `roll`, `name` and
    /// `code`, as a phone does.
    pub fn check_in(&self, roll: &str, name: &str, code: &str) -> (u16, String) {
        let (_, form) = self.open_form();
        let ticket = super::ticket_in(&form).unwrap_or_default();
        let (r, n, c, t) = (
            format!("roll={roll}"),
            format!("name={name}"),
            format!("code={code}"),
            format!("ticket={ticket}"),
        );
        self.curl(
            "/",
            &[
                "--data-urlencode",
                &r,
                "--data-urlencode",
                &n,
                "--data-urlencode",
                &c,
                "--data-urlencode",
                &t,
            ],
        )
    }

    /// Forgets its cookies, as a private tab does.
    pub fn private_tab(&self) {
        let _ = std::fs::remove_file(&self.jar);
    }
}
