//! rollcall patch: one client connection, served by its own thread.
//!
//! Upstream handed each request to the program as soon as its head was read,
//! with the rest of the socket behind it: a handler reading a chunked body,
//! an `Expect: 100-continue` body or an upgrade waited on the client, and a
//! client that pipelined requests without reading the answers had them all
//! queued and their handlers blocked writing. Here the connection's own
//! thread does all the waiting on the client:
//!
//! - it reads a whole request, head and body (at most `MAX_BODY` bytes,
//!   de-chunked, after sending `100 Continue` itself), within
//!   `REQUEST_DEADLINE` of its first byte, or answers 408 and closes;
//! - it calls the program's handler with the whole request, then writes the
//!   response the handler put together in memory, with one write, within
//!   `WRITE_DEADLINE`, and only then reads the next request: one request in
//!   flight per connection, so a pipelining client queues in its own socket
//!   buffer;
//! - malformed requests get their answer here (400, 408, 414, 417, 431, 501,
//!   505) and the connection is closed.

use std::convert::TryFrom;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};


use crate::admission::{stage, Admission, Ticket};
use crate::common::{HTTPVersion, Header, Method};
use crate::connection::Connection;
use crate::request::{Body, Reply};
use crate::Request;

/// How long a connection may wait for its next request to begin.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a request may take to arrive whole, from its first byte.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// How long the client may take to read a response.
pub const WRITE_DEADLINE: Duration = Duration::from_secs(10);
/// Longest request line or header line, in bytes.
pub const MAX_LINE: usize = 8 * 1024;
/// Most bytes of request line and headers together.
pub const MAX_HEAD: usize = 16 * 1024;
/// Most header lines in one request.
pub const MAX_HEADERS: usize = 100;
/// Largest request body read; a larger one is handed over unread
/// (`Body::TooLarge`) and the connection closed after the answer.
pub const MAX_BODY: usize = 8 * 1024;
/// After a last answer, unread input is drained this long (at most
/// `LINGER_BYTES`) so that closing does not reset the connection under the
/// answer before the client has read it.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 64 * 1024;
/// How often a waiting connection looks up to see whether the server is
/// closing or crowded.
const SLICE: Duration = Duration::from_secs(1);

/// Why a request could not be read.
enum Fail {
    /// The client closed, or the socket failed: nothing to answer.
    Gone,
    /// Answer with this status and close.
    Answer(u16),
}

/// The socket and what has been read from it but not used yet.
struct Input {
    /// Shared with the admission table, which shuts it down if this
    /// connection is let go to make room.
    conn: Arc<Connection>,
    ticket: Ticket,
    buf: Vec<u8>,
    pos: usize,
    /// The socket's read and write timeouts as last set: a system call
    /// each, so they are set only when they must change.
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
}

/// How far a socket timeout may be from the wanted one before it is set
/// again.
const TOLERANCE: Duration = Duration::from_millis(50);

/// True if a timeout of `set` must be changed to wait about `want`.
fn must_set(set: Option<Duration>, want: Duration) -> bool {
    match set {
        None => true,
        Some(set) => set > want + TOLERANCE || set + TOLERANCE < want,
    }
}

impl Input {
    /// Reads more into the buffer, waiting until `deadline` at most. The
    /// receive waits a slice at a time, tried again after each until the
    /// deadline (see `wait_for_request` on doing so on Windows).
    fn fill(&mut self, deadline: Instant) -> Result<(), Fail> {
        loop {
            // Let go to make room (the receive below may not have been
            // woken by the shutdown, on Windows).
            if self.ticket.let_go() {
                return Err(Fail::Gone);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Fail::Answer(408));
            }
            let want = (deadline - now).min(SLICE).max(Duration::from_millis(1));
            if must_set(self.read_timeout, want) {
                if self.conn.set_read_timeout(want).is_err() {
                    return Err(Fail::Gone);
                }
                self.read_timeout = Some(want);
            }
            if self.pos == self.buf.len() {
                self.buf.clear();
                self.pos = 0;
            }
            let mut chunk = [0u8; 4096];
            match (&*self.conn).read(&mut chunk) {
                Ok(0) => return Err(Fail::Gone),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // Nothing came in this slice: the loop answers 408 once the
                // deadline is past.
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    continue
                }
                Err(_) => return Err(Fail::Gone),
            }
        }
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Reads one line ending in CRLF, without it. A bare LF or CR is 400;
    /// a line over `max` bytes is `too_long`.
    fn line(&mut self, max: usize, too_long: u16, deadline: Instant) -> Result<Vec<u8>, Fail> {
        let mut line = Vec::new();
        loop {
            if self.available().is_empty() {
                self.fill(deadline)?;
            }
            let avail = self.available();
            match avail.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    line.extend_from_slice(&avail[..i]);
                    self.pos += i + 1;
                    if line.pop() != Some(b'\r') || line.contains(&b'\r') {
                        return Err(Fail::Answer(400));
                    }
                    if line.len() > max {
                        return Err(Fail::Answer(too_long));
                    }
                    return Ok(line);
                }
                None => {
                    line.extend_from_slice(avail);
                    self.pos = self.buf.len();
                    if line.len() > max + 1 {
                        return Err(Fail::Answer(too_long));
                    }
                }
            }
        }
    }

    /// Reads exactly `n` bytes onto `out`.
    fn exact(&mut self, n: usize, out: &mut Vec<u8>, deadline: Instant) -> Result<(), Fail> {
        let mut left = n;
        while left > 0 {
            if self.available().is_empty() {
                self.fill(deadline)?;
            }
            let avail = self.available();
            let take = avail.len().min(left);
            out.extend_from_slice(&avail[..take]);
            self.pos += take;
            left -= take;
        }
        Ok(())
    }
}

/// A request's head, parsed.
struct Head {
    method: Method,
    path: String,
    version: HTTPVersion,
    headers: Vec<Header>,
}

impl Head {
    fn values<'a>(&'a self, name: &'static str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.field.equiv(name))
            .map(|h| h.value.as_str())
    }

    fn has_token(&self, name: &'static str, token: &str) -> bool {
        self.values(name)
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }
}

/// How the body is framed.
enum Framing {
    None,
    Length(u64),
    Chunked,
}

pub(crate) struct ClientConnection {
    input: Input,
    remote_addr: Option<SocketAddr>,
    /// Set when the server stops: close once the current answer is out.
    closing: Arc<AtomicBool>,
    admission: Arc<Admission>,
}

impl ClientConnection {
    pub(crate) fn new(
        conn: Arc<Connection>,
        remote_addr: Option<SocketAddr>,
        closing: Arc<AtomicBool>,
        admission: Arc<Admission>,
        ticket: Ticket,
    ) -> ClientConnection {
        ClientConnection {
            input: Input {
                conn,
                ticket,
                buf: Vec::new(),
                pos: 0,
                read_timeout: None,
                write_timeout: None,
            },
            remote_addr,
            closing,
            admission,
        }
    }

    /// Serves requests until the client is done, fails, or the server
    /// stops, calling `handler` with each.
    pub(crate) fn serve<H: Fn(Request)>(mut self, handler: &H) {
        loop {
            if !self.wait_for_request() {
                return;
            }
            let deadline = Instant::now() + REQUEST_DEADLINE;
            let (request, reply) = match self.read_request(deadline) {
                Ok(pair) => pair,
                Err(Fail::Gone) => return,
                Err(Fail::Answer(status)) => {
                    if status == 408 {
                        self.admission.count_timeout();
                    }
                    let _ = self.write_all(&error_response(status));
                    self.linger();
                    return;
                }
            };
            // A whole request: never let go while it is answered. (Let go
            // just now: the socket is shut, nothing is answered.)
            if !self.input.ticket.enter(stage::BUSY) {
                return;
            }
            let close = request.close_after();
            handler(request);
            let bytes = match reply.wait(&self.closing) {
                // Nothing to send (the response could not be made): close.
                Some(bytes) if !bytes.is_empty() => bytes,
                _ => return,
            };
            if self.write_all(&bytes).is_err() {
                return;
            }
            if close || self.closing.load(Ordering::SeqCst) {
                self.linger();
                return;
            }
            if !self.input.ticket.enter(stage::IDLE) {
                return;
            }
        }
    }

    /// Waits for the first byte of the next request: true once there is one.
    /// Gives up after `IDLE_TIMEOUT`, and within a second when the server
    /// is closing or new connections wait for room. (It waits a second at a
    /// time, trying the receive again after each timeout: Winsock's manual
    /// calls a socket whose receive timed out "indeterminate", but trying
    /// again works on Windows, as civetweb has long relied on; only a
    /// receive with nothing received yet is ever tried again.)
    fn wait_for_request(&mut self) -> bool {
        let start = Instant::now();
        if self.closing.load(Ordering::SeqCst) {
            return false;
        }
        while self.input.available().is_empty() {
            let idle = start.elapsed();
            if idle >= IDLE_TIMEOUT {
                return false;
            }
            let deadline = Instant::now() + SLICE.min(IDLE_TIMEOUT - idle);
            match self.input.fill(deadline) {
                Ok(()) => {}
                // A quiet slice: after one, a connection steps aside when
                // the server stops or new connections wait for room.
                Err(Fail::Answer(_)) => {
                    if self.closing.load(Ordering::SeqCst) || self.admission.crowded() {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
        // A request begun: from now it counts as unfinished (a fresh
        // connection already does, since it was accepted).
        self.input.ticket.enter(stage::UNFINISHED)
    }

    fn read_request(&mut self, deadline: Instant) -> Result<(Request, Reply), Fail> {
        let head = self.read_head(deadline)?;
        let framing = framing(&head)?;
        let http11 = head.version == HTTPVersion(1, 1);
        match head.values("Expect").next() {
            None => {}
            Some(v) if v.eq_ignore_ascii_case("100-continue") => {}
            Some(_) => return Err(Fail::Answer(417)),
        }
        let expects_continue = head.values("Expect").next().is_some();
        let mut close = head.has_token("Connection", "close")
            || head.has_token("Connection", "upgrade")
            || (!http11 && !head.has_token("Connection", "keep-alive"));

        let (body, body_length) = match framing {
            Framing::None => (Body::Complete(Vec::new()), None),
            Framing::Length(n) if n > MAX_BODY as u64 => {
                // Not read, not asked for: answered, then the connection
                // closes.
                close = true;
                (Body::TooLarge, Some(usize::try_from(n).unwrap_or(usize::MAX)))
            }
            Framing::Length(n) => {
                let n = n as usize;
                if expects_continue && http11 && n > 0 {
                    self.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                        .map_err(|_| Fail::Gone)?;
                }
                let mut body = Vec::with_capacity(n);
                self.input.exact(n, &mut body, deadline)?;
                (Body::Complete(body), Some(n))
            }
            Framing::Chunked => {
                if expects_continue {
                    self.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                        .map_err(|_| Fail::Gone)?;
                }
                match self.read_chunked(deadline)? {
                    Some(body) => {
                        let n = body.len();
                        (Body::Complete(body), Some(n))
                    }
                    None => {
                        close = true;
                        (Body::TooLarge, Some(MAX_BODY + 1))
                    }
                }
            }
        };
        Ok(Request::from_connection(
            head.method,
            head.path,
            head.version,
            head.headers,
            self.remote_addr,
            body,
            body_length,
            close,
        ))
    }

    fn read_head(&mut self, deadline: Instant) -> Result<Head, Fail> {
        // A few empty lines before a request are allowed (RFC 9112 2.2).
        let mut line = Vec::new();
        for _ in 0..4 {
            line = self.input.line(MAX_LINE, 414, deadline)?;
            if !line.is_empty() {
                break;
            }
        }
        let mut total = line.len();
        let (method, path, version) = request_line(&line)?;
        let mut headers = Vec::new();
        loop {
            let line = self.input.line(MAX_LINE, 431, deadline)?;
            if line.is_empty() {
                break;
            }
            total += line.len();
            if total > MAX_HEAD || headers.len() >= MAX_HEADERS {
                return Err(Fail::Answer(431));
            }
            headers.push(header_line(&line)?);
        }
        let head = Head {
            method,
            path,
            version,
            headers,
        };
        // HTTP/1.1 requires exactly one Host (RFC 9112 3.2).
        if head.version == HTTPVersion(1, 1) && head.values("Host").count() != 1 {
            return Err(Fail::Answer(400));
        }
        Ok(head)
    }

    /// A chunked body, de-chunked; `None` if it is over `MAX_BODY` (then it
    /// is not read further).
    fn read_chunked(&mut self, deadline: Instant) -> Result<Option<Vec<u8>>, Fail> {
        let mut body = Vec::new();
        loop {
            let line = self.input.line(1024, 400, deadline)?;
            let size = chunk_size(&line).ok_or(Fail::Answer(400))?;
            if size == 0 {
                break;
            }
            if size > MAX_BODY - body.len() {
                return Ok(None);
            }
            self.input.exact(size, &mut body, deadline)?;
            if !self.input.line(0, 400, deadline)?.is_empty() {
                return Err(Fail::Answer(400));
            }
        }
        // Trailer fields, ignored, within the head's limits.
        let mut total = 0;
        loop {
            let line = self.input.line(MAX_LINE, 431, deadline)?;
            if line.is_empty() {
                return Ok(Some(body));
            }
            total += line.len();
            if total > MAX_HEAD {
                return Err(Fail::Answer(431));
            }
        }
    }

    /// Writes all of `bytes` within `WRITE_DEADLINE`.
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let deadline = Instant::now() + WRITE_DEADLINE;
        let mut rest = bytes;
        while !rest.is_empty() {
            let now = Instant::now();
            if now >= deadline {
                return Err(ErrorKind::TimedOut.into());
            }
            let want = (deadline - now).max(Duration::from_millis(1));
            if must_set(self.input.write_timeout, want) {
                self.input.conn.set_write_timeout(want)?;
                self.input.write_timeout = Some(want);
            }
            match (&*self.input.conn).write(rest) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Closes after a last answer: no more writing, then unread input is
    /// drained a little, so the close does not reset the connection under
    /// the answer before the client has read it.
    fn linger(&mut self) {
        let _ = self.input.conn.shutdown(Shutdown::Write);
        let deadline = Instant::now() + LINGER;
        let mut drained = 0;
        while drained < LINGER_BYTES {
            self.input.pos = self.input.buf.len();
            match self.input.fill(deadline) {
                Ok(()) => drained += self.input.buf.len(),
                Err(_) => break,
            }
        }
    }
}

/// `METHOD target HTTP/x.y`: anything else is 400; a version other than 1.0
/// and 1.1 is 505.
fn request_line(line: &[u8]) -> Result<(Method, String, HTTPVersion), Fail> {
    let line = std::str::from_utf8(line).map_err(|_| Fail::Answer(400))?;
    let mut parts = line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next())
    {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && !t.is_empty() => (m, t, v),
        _ => return Err(Fail::Answer(400)),
    };
    if !method.bytes().all(is_token_byte) || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Fail::Answer(400));
    }
    let version = match version {
        "HTTP/1.1" => HTTPVersion(1, 1),
        "HTTP/1.0" => HTTPVersion(1, 0),
        v => {
            let digits = v.strip_prefix("HTTP/").unwrap_or("");
            let looks_like_a_version = !digits.is_empty()
                && digits.len() <= 3
                && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            return Err(Fail::Answer(if looks_like_a_version { 505 } else { 400 }));
        }
    };
    let method = Method::from_str(method).map_err(|_| Fail::Answer(400))?;
    Ok((method, target.to_string(), version))
}

/// `Name: value`: a token, a colon right after it, printable ASCII. A line
/// starting with a space (obsolete folding) is 400.
fn header_line(line: &[u8]) -> Result<Header, Fail> {
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(Fail::Answer(400))?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.is_empty() || !name.iter().copied().all(is_token_byte) {
        return Err(Fail::Answer(400));
    }
    if !value
        .iter()
        .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        return Err(Fail::Answer(400));
    }
    let value = std::str::from_utf8(value)
        .map_err(|_| Fail::Answer(400))?
        .trim_matches(|c| c == ' ' || c == '\t');
    Ok(Header {
        field: crate::HeaderField::from_bytes(name.to_vec()).map_err(|_| Fail::Answer(400))?,
        value: crate::common::ascii(value).map_err(|_| Fail::Answer(400))?,
    })
}

/// A chunk-size line's size (RFC 9112 7.1): hex digits only, as strictly as
/// `Content-Length`'s digits (no sign, no spaces around them), up to 8 of
/// them; whitespace only before a `;` that starts an extension (BWS).
fn chunk_size(line: &[u8]) -> Option<usize> {
    let (digits, extension) = match line.iter().position(|&b| b == b';') {
        Some(at) => (&line[..at], true),
        None => (line, false),
    };
    let digits = if extension {
        let end = digits
            .iter()
            .rposition(|&b| b != b' ' && b != b'\t')
            .map_or(0, |i| i + 1);
        &digits[..end]
    } else {
        digits
    };
    if digits.is_empty() || digits.len() > 8 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    digits
        .iter()
        .try_fold(0usize, |n, &b| Some(n * 16 + (b as char).to_digit(16)? as usize))
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// How the body is framed (RFC 9112 6): `Transfer-Encoding: chunked`, one
/// `Content-Length` of digits only, or none. Both, or lengths that disagree
/// or are not plain digits, are 400; another transfer coding is 501.
fn framing(head: &Head) -> Result<Framing, Fail> {
    let codings: Vec<&str> = head
        .values("Transfer-Encoding")
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .collect();
    let lengths: Vec<&str> = head.values("Content-Length").collect();
    if !codings.is_empty() {
        if !lengths.is_empty() || head.version != HTTPVersion(1, 1) {
            return Err(Fail::Answer(400));
        }
        return match codings.as_slice() {
            [only] if only.eq_ignore_ascii_case("chunked") => Ok(Framing::Chunked),
            _ => Err(Fail::Answer(501)),
        };
    }
    let mut length = None;
    for value in lengths {
        if value.is_empty() || value.len() > 18 || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Fail::Answer(400));
        }
        let n: u64 = value.parse().map_err(|_| Fail::Answer(400))?;
        if length.map_or(false, |l| l != n) {
            return Err(Fail::Answer(400));
        }
        length = Some(n);
    }
    Ok(match length {
        None | Some(0) => Framing::None,
        Some(n) => Framing::Length(n),
    })
}

/// The answer to a request refused before the program saw it.
fn error_response(status: u16) -> Vec<u8> {
    let reason = crate::StatusCode(status).default_reason_phrase();
    let text = match status {
        400 => "The request could not be understood.",
        408 => "The request did not arrive in time.",
        414 => "The address is too long.",
        417 => "Only Expect: 100-continue is understood.",
        431 => "The request's headers are too large.",
        501 => "Only chunked transfer coding is understood.",
        505 => "Only HTTP/1.0 and HTTP/1.1 are understood.",
        _ => reason,
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n{text}\r\n",
        text.len() + 2
    )
    .into_bytes()
}

#[cfg(test)]
mod test {
    use super::*;

    fn status(r: Result<impl Sized, Fail>) -> u16 {
        match r {
            Ok(_) => 200,
            Err(Fail::Answer(s)) => s,
            Err(Fail::Gone) => 0,
        }
    }

    #[test]
    fn request_lines() {
        let (m, p, v) = match request_line(b"GET /hello?x=1 HTTP/1.1") {
            Ok(t) => t,
            Err(_) => panic!("valid line refused"),
        };
        assert!(m == Method::Get && p == "/hello?x=1" && v == HTTPVersion(1, 1));
        assert_eq!(status(request_line(b"GET / HTTP/1.0")), 200);
        for (line, want) in [
            (&b"GET /hello"[..], 400),
            (b"qsd qsd qsd", 400),
            (b"GET  / HTTP/1.1", 400),
            (b"GET / HTTP/1.1 x", 400),
            (b"G(T / HTTP/1.1", 400),
            (b"GET / HTTP/2.0", 505),
            (b"GET / HTTP/2", 505),
            (b"GET / HTTP/0.9", 505),
            (b"GET / HTTPS/1.1", 400),
            (b"GET /\x01 HTTP/1.1", 400),
        ] {
            assert_eq!(status(request_line(line)), want, "{:?}", line);
        }
    }

    #[test]
    fn header_lines() {
        let h = match header_line(b"Content-Type:  text/html \t") {
            Ok(h) => h,
            Err(_) => panic!("valid header refused"),
        };
        assert!(h.field.equiv("content-type") && h.value.as_str() == "text/html");
        assert_eq!(status(header_line(b"Time: 20: 34")), 200);
        for line in [
            &b"Transfer-Encoding : chunked"[..],
            b" Transfer-Encoding: chunked",
            b"Transfer Encoding: chunked",
            b": empty name",
            b"no colon",
            b"X: caf\xc3\xa9",
        ] {
            assert_eq!(status(header_line(line)), 400, "{:?}", line);
        }
    }

    fn head(headers: &[&str]) -> Head {
        Head {
            method: Method::Post,
            path: "/".into(),
            version: HTTPVersion(1, 1),
            headers: headers.iter().map(|h| h.parse().unwrap()).collect(),
        }
    }

    #[test]
    fn body_framing() {
        let length = |h: &[&str]| match framing(&head(h)) {
            Ok(Framing::Length(n)) => Some(n),
            Ok(_) => None,
            Err(Fail::Answer(s)) => Some(1_000_000 + s as u64),
            Err(Fail::Gone) => unreachable!(),
        };
        assert_eq!(length(&["Content-Length: 18"]), Some(18));
        // Chunk sizes as strictly as lengths.
        assert_eq!(chunk_size(b"1e"), Some(30));
        assert_eq!(chunk_size(b"1E;name=value"), Some(30));
        assert_eq!(chunk_size(b"1e ; name"), Some(30));
        assert_eq!(chunk_size(b"0"), Some(0));
        for bad in [
            &b"+1e"[..],
            b" 1e",
            b"1e ",
            b"1e\t",
            b"-1",
            b"0x1e",
            b"",
            b";x",
            b"123456789",
            b"1 e",
        ] {
            assert_eq!(chunk_size(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(length(&["Content-Length: 18", "Content-Length: 18"]), Some(18));
        assert_eq!(length(&[]), None);
        assert_eq!(length(&["Content-Length: 0"]), None);
        for bad in [
            &["Content-Length: +18"][..],
            &["Content-Length: -1"],
            &["Content-Length: abc"],
            &["Content-Length: 1 8"],
            &["Content-Length: 18, 18"],
            &["Content-Length:"],
            &["Content-Length: 99999999999999999999999"],
            &["Content-Length: 18", "Content-Length: 19"],
            &["Content-Length: 18", "Transfer-Encoding: chunked"],
        ] {
            assert_eq!(length(bad), Some(1_000_400), "{:?}", bad);
        }
        assert_eq!(length(&["Transfer-Encoding: gzip, chunked"]), Some(1_000_501));
        assert!(matches!(
            framing(&head(&["Transfer-Encoding: Chunked"])),
            Ok(Framing::Chunked)
        ));
    }

    #[test]
    fn error_responses_are_whole() {
        for s in [400, 408, 414, 417, 431, 501, 505] {
            let r = String::from_utf8(error_response(s)).unwrap();
            let (head, body) = r.split_once("\r\n\r\n").unwrap();
            assert!(head.starts_with(&format!("HTTP/1.1 {s} ")));
            assert!(head.contains(&format!("Content-Length: {}", body.len())));
        }
    }
}
