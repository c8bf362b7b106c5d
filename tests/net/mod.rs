//! Helpers for the connection tests (`keepalive.rs`, `hostile.rs`): a client
//! that keeps its connection open and reads one reply at a time, as a phone's
//! browser does.
#![allow(dead_code)] // each test file uses a different part

use crate::common::{parse_reply, Reply};
use std::io::{self, Read, Write};
use std::net::TcpStream;

/// Reads exactly one reply from a kept-alive connection: the head, then as
/// many body bytes as Content-Length says (or the chunks, if chunked).
/// `head_only` for the reply to a HEAD request.
pub fn read_one_reply(stream: &mut TcpStream, head_only: bool) -> io::Result<Reply> {
    let mut raw = Vec::with_capacity(4096);
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf)?;
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
    let complete = |raw: &[u8]| -> bool {
        if head_only {
            true
        } else if chunked {
            raw[head_end..].windows(5).any(|w| w == b"0\r\n\r\n")
        } else {
            raw.len() >= head_end + length.unwrap_or(0)
        }
    };
    while !complete(&raw) {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed mid-body",
            ));
        }
        raw.extend_from_slice(&buf[..n]);
    }
    Ok(parse_reply(&raw))
}

/// One request and its reply on an open connection.
pub fn round_trip(stream: &mut TcpStream, request: &[u8]) -> io::Result<Reply> {
    stream.write_all(request)?;
    read_one_reply(stream, request.starts_with(b"HEAD "))
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
