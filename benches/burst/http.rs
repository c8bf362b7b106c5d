//! One phone's HTTP connection: each request written whole, each answer
//! read whole (head and `Content-Length` body) before the next request.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::time::Duration;

/// How long a phone waits for any one read before it counts as failed.
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// A server's answer, read whole.
pub struct Answer {
    pub status: u16,
    /// Header names lower-cased, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// The values of every header called `name` (lower case).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Does the server close the connection after this answer?
    fn closes(&self, http10: bool) -> bool {
        let says = |word: &str| {
            self.all("connection")
                .any(|v| v.to_ascii_lowercase().contains(word))
        };
        says("close") || (http10 && !says("keep-alive"))
    }
}

/// A phone's connection to the server on 127.0.0.1, from `from` (its own
/// loopback address) or from whatever address the OS picks (127.0.0.1).
/// Opened again, as a browser does, when the server closed it after an
/// answer (Flask's own server, gunicorn's sync workers).
pub struct Conn {
    port: u16,
    from: Option<Ipv4Addr>,
    stream: Option<TcpStream>,
    pending: Vec<u8>,
    /// Connections opened so far.
    pub opened: usize,
}

impl Conn {
    pub fn new(port: u16, from: Option<Ipv4Addr>) -> Conn {
        Conn {
            port,
            from,
            stream: None,
            pending: Vec::new(),
            opened: 0,
        }
    }

    /// Connects, unless connected: done before a timed request starts, so
    /// that the time is the request's, not the handshake's.
    pub fn open(&mut self) -> io::Result<&mut TcpStream> {
        if self.stream.is_none() {
            let s = match self.from {
                Some(from) => crate::socket::connect_from(from, self.port)?,
                None => TcpStream::connect((Ipv4Addr::LOCALHOST, self.port))?,
            };
            s.set_read_timeout(Some(READ_TIMEOUT))?;
            s.set_nodelay(true)?;
            self.stream = Some(s);
            self.pending.clear();
            self.opened += 1;
        }
        self.stream
            .as_mut()
            .ok_or_else(|| io::ErrorKind::NotConnected.into())
    }

    /// Sends one request and reads its answer whole.
    pub fn request(&mut self, raw: &[u8]) -> io::Result<Answer> {
        self.open()?.write_all(raw)?;
        let head_end = self.fill_until(|p| find(p, b"\r\n\r\n").map(|i| i + 4))?;
        let head = String::from_utf8_lossy(&self.pending[..head_end]).into_owned();
        let Head {
            status,
            http10,
            headers,
        } = parse_head(&head)?;
        let mut answer = Answer {
            status,
            headers,
            body: String::new(),
        };
        let length: usize = answer
            .all("content-length")
            .next()
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| invalid("an answer without Content-Length"))?;
        let end = head_end + length;
        self.fill_until(|p| if p.len() >= end { Some(end) } else { None })?;
        answer.body = String::from_utf8_lossy(&self.pending[head_end..end]).into_owned();
        self.pending.drain(..end);
        if answer.closes(http10) {
            self.stream = None;
        }
        Ok(answer)
    }

    /// Reads until `done` finds what it wants in what has arrived.
    fn fill_until(&mut self, done: impl Fn(&[u8]) -> Option<usize>) -> io::Result<usize> {
        let mut buf = [0u8; 16384];
        loop {
            if let Some(i) = done(&self.pending) {
                return Ok(i);
            }
            let n = self.open()?.read(&mut buf)?;
            if n == 0 {
                self.stream = None;
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.pending.extend_from_slice(&buf[..n]);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// An answer's head.
struct Head {
    status: u16,
    http10: bool,
    headers: Vec<(String, String)>,
}

/// The status line and headers of an answer's head.
fn parse_head(head: &str) -> io::Result<Head> {
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("an answer without a status line"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Head {
        status,
        http10: status_line.starts_with("HTTP/1.0"),
        headers,
    })
}
