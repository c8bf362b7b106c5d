//! Helpers for the connection tests (`keepalive.rs`, `hostile.rs`): a client
//! that keeps its connection open and reads one reply at a time, as a phone's
//! browser does.
#![allow(dead_code)] // each test file uses a different part

use crate::common::{parse_reply, Reply};
use std::io::{self, Read, Write};
use std::net::TcpStream;

/// A kept-alive connection, read one reply at a time: bytes read past the
/// end of a reply (the start of the next one, when requests were pipelined)
/// are kept for the next read.
pub struct Conn {
    pub stream: TcpStream,
    pending: Vec<u8>,
}

impl From<TcpStream> for Conn {
    fn from(stream: TcpStream) -> Conn {
        Conn {
            stream,
            pending: Vec::new(),
        }
    }
}

impl Conn {
    /// Reads exactly one reply: the head, then as many body bytes as
    /// Content-Length says (or the chunks, if chunked). `head_only` for the
    /// reply to a HEAD request.
    pub fn read_reply(&mut self, head_only: bool) -> io::Result<Reply> {
        let mut raw = std::mem::take(&mut self.pending);
        let mut buf = [0u8; 4096];
        let head_end = loop {
            if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let n = self.stream.read(&mut buf)?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "closed before a whole head: {:?}",
                        String::from_utf8_lossy(&raw)
                    ),
                ));
            }
            raw.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        let chunked = head
            .lines()
            .any(|l| l.starts_with("transfer-encoding:") && l.contains("chunked"));
        let end = |raw: &[u8]| -> Option<usize> {
            if head_only {
                Some(head_end)
            } else if chunked {
                raw[head_end..]
                    .windows(5)
                    .position(|w| w == b"0\r\n\r\n")
                    .map(|i| head_end + i + 5)
            } else {
                let end = head_end + length.unwrap_or(0);
                (raw.len() >= end).then_some(end)
            }
        };
        let end = loop {
            if let Some(end) = end(&raw) {
                break end;
            }
            let n = self.stream.read(&mut buf)?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "closed mid-body",
                ));
            }
            raw.extend_from_slice(&buf[..n]);
        };
        self.pending = raw.split_off(end);
        Ok(parse_reply(&raw))
    }

    /// One request and its reply.
    pub fn round_trip(&mut self, request: &[u8]) -> io::Result<Reply> {
        self.stream.write_all(request)?;
        self.read_reply(request.starts_with(b"HEAD "))
    }
}

/// A kept-alive `GET path`.
pub fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes()
}

/// A kept-alive check-in, as the form posts it.
pub fn check_in(roll: &str, name: &str) -> Vec<u8> {
    let body = format!(
        "roll={}&name={}",
        crate::common::encode(roll),
        crate::common::encode(name)
    );
    let mut req = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body.as_bytes());
    req
}

/// A network namespace of the test's own making, joined to this machine by
/// a veth pair: a "phone" on the classroom network that is not loopback.
/// Host side `10.A.B.1`, the phone `10.A.B.2` (a /30 of its own). Removed on
/// drop. Linux, as root; `Netns::create` says why not otherwise.
#[cfg(target_os = "linux")]
pub struct Netns {
    name: String,
    /// The laptop's address as the phone sees it.
    pub server_ip: std::net::Ipv4Addr,
    /// The phone's address.
    pub phone_ip: std::net::Ipv4Addr,
}

#[cfg(target_os = "linux")]
impl Netns {
    /// A new namespace, or why one cannot be made here.
    pub fn create() -> Result<Netns, String> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let pid = std::process::id();
        // 10.(100 + pid % 100).(n / 64).(4 * (n % 64)) / 30: unique within
        // this run, and unlikely to meet another run's leftovers.
        let (a, b, c) = (100 + pid % 100, n / 64, 4 * (n % 64));
        let host = std::net::Ipv4Addr::new(10, a as u8, b as u8, c as u8 + 1);
        let phone = std::net::Ipv4Addr::new(10, a as u8, b as u8, c as u8 + 2);
        let name = format!("rcnet-{pid}-{n}");
        let (host_if, phone_if) = (format!("rc{pid}h{n}"), format!("rc{pid}p{n}"));
        let ns = Netns {
            name: name.clone(),
            server_ip: host,
            phone_ip: phone,
        };
        let (host_cidr, phone_cidr) = (format!("{host}/30"), format!("{phone}/30"));
        ip(&["netns", "add", &name])?;
        // From here on, drop removes what was made.
        let setup = [
            vec![
                "link", "add", &host_if, "type", "veth", "peer", "name", &phone_if,
            ],
            vec!["link", "set", &phone_if, "netns", &name],
            vec!["addr", "add", &host_cidr, "dev", &host_if],
            vec!["link", "set", &host_if, "up"],
            vec!["-n", &name, "addr", "add", &phone_cidr, "dev", &phone_if],
            vec!["-n", &name, "link", "set", &phone_if, "up"],
            vec!["-n", &name, "link", "set", "lo", "up"],
        ];
        for args in setup.iter() {
            ip(args)?;
        }
        Ok(ns)
    }

    /// Runs `f` on a thread inside the namespace: sockets it opens belong to
    /// the phone, whichever thread uses them afterwards.
    pub fn run<T: Send>(&self, f: impl FnOnce() -> T + Send) -> T {
        use std::os::unix::io::AsRawFd;
        let path = format!("/run/netns/{}", self.name);
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

    /// Connects from the phone to the server's `port`.
    pub fn connect(&self, port: u16) -> io::Result<TcpStream> {
        let addr = std::net::SocketAddr::from((self.server_ip, port));
        self.run(|| {
            let s = TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(10))?;
            s.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
            s.set_write_timeout(Some(std::time::Duration::from_secs(30)))?;
            Ok(s)
        })
    }
}

#[cfg(target_os = "linux")]
impl Drop for Netns {
    fn drop(&mut self) {
        // Deleting the namespace deletes the veth pair with it.
        let _ = ip(&["netns", "del", &self.name]);
    }
}

#[cfg(target_os = "linux")]
fn ip(args: &[&str]) -> Result<(), String> {
    let out = std::process::Command::new("ip")
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

/// A namespace for a test, or `None` after saying why the test is skipped.
/// With `ROLLCALL_REQUIRE_NETNS=1` (CI, as root) not having one fails.
#[cfg(target_os = "linux")]
pub fn netns_or_skip() -> Option<Netns> {
    match Netns::create() {
        Ok(ns) => Some(ns),
        Err(why) => {
            let required = std::env::var_os("ROLLCALL_REQUIRE_NETNS").map_or(false, |v| v == "1");
            assert!(!required, "ROLLCALL_REQUIRE_NETNS=1 but: {why}");
            crate::common::skip(&format!(
                "needs a network namespace (run as root with iproute2): {why}"
            ));
            None
        }
    }
}

/// Raises this test process's own open-file limit, so an attacker with a
/// thousand connections is not stopped by the test's own limit.
#[cfg(unix)]
pub fn raise_own_file_limit() {
    // Safety: plain getrlimit/setrlimit on a local struct.
    unsafe {
        let mut lim: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max.min(65536);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

/// The server's resident memory now and at its peak, in KiB, and its
/// thread and open-file counts (Linux /proc).
#[cfg(target_os = "linux")]
pub struct Usage {
    pub rss_kib: u64,
    pub peak_kib: u64,
    pub threads: u64,
    pub files: usize,
}

#[cfg(target_os = "linux")]
pub fn usage(pid: u32) -> Usage {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    Usage {
        rss_kib: field("VmRSS:"),
        peak_kib: field("VmHWM:"),
        threads: field("Threads:"),
        files: std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count()),
    }
}
