//! Helpers for the connection tests (`keepalive`, `protocol`, `hostile`,
//! `limits`): a client that keeps its connection open and reads one reply at
//! a time, as a phone's browser does, and what the server holds.

use super::{encode, parse_reply, Reply};
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

/// A kept-alive check-in, as the form posts it, with the ticket of the
/// form fetched before it (`super::ticket_in`).
pub fn check_in(roll: &str, name: &str, ticket: &str) -> Vec<u8> {
    let body = format!(
        "roll={}&name={}&ticket={ticket}",
        encode(roll),
        encode(name)
    );
    let mut req = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body.as_bytes());
    req
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
