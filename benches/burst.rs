//! A class of phones checking in at once, against any server on this
//! machine that takes `POST /` with `roll=..&name=..` (rollcall, or the Flask
//! peer in benches/peer). Used by scripts/bench; a Rust client, so that what
//! is measured is the server and not the client (the Python one, with 50
//! threads under its interpreter lock, added 10-15 ms at p99 of its own).
//!
//!   cargo bench --bench burst -- PORT [--phones 300] [--concurrency 50]
//!       [--first-roll 1] [--peer] [--acked FILE]
//!
//! Each phone opens one connection and keeps it open, as a phone's browser
//! does: GET / (the form), POST / (its check-in, timed), GET / again, then
//! holds the connection until the whole class is done. Phones arrive
//! `concurrency` at a time, together. `--peer` sends a GET where the POST
//! was (the same traffic, nothing saved). Prints one line of JSON: seconds
//! for the class, the timed request's p50/p95/p99/max in ms, how many were
//! acknowledged ("Present"), errors; `--acked` writes the acknowledged
//! rolls, one a line. Traffic goes to 127.0.0.1 only.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

struct Args {
    port: u16,
    phones: usize,
    concurrency: usize,
    first_roll: usize,
    peer: bool,
    acked: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        port: 0,
        phones: 300,
        concurrency: 50,
        first_roll: 1,
        peer: false,
        acked: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut number = |name: &str| -> usize {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match arg.as_str() {
            "--phones" => a.phones = number("--phones"),
            "--concurrency" => a.concurrency = number("--concurrency").max(1),
            "--first-roll" => a.first_roll = number("--first-roll"),
            "--peer" => a.peer = true,
            "--acked" => a.acked = it.next(),
            "--bench" => {} // what `cargo bench` adds
            port => a.port = port.parse().expect("usage: burst PORT [options]"),
        }
    }
    assert!(a.port != 0, "usage: burst PORT [options]");
    a
}

/// A phone's connection, kept open as a browser keeps it; opened again
/// (as a browser does) if the server closed it after a reply.
struct Conn {
    port: u16,
    stream: Option<TcpStream>,
    pending: Vec<u8>,
}

impl Conn {
    fn stream(&mut self) -> io::Result<&mut TcpStream> {
        if self.stream.is_none() {
            let s = TcpStream::connect(("127.0.0.1", self.port))?;
            s.set_read_timeout(Some(Duration::from_secs(60)))?;
            s.set_nodelay(true)?;
            self.stream = Some(s);
            self.pending.clear();
        }
        self.stream
            .as_mut()
            .ok_or_else(|| io::ErrorKind::NotConnected.into())
    }

    /// Sends one request and reads its reply whole: (status, body).
    fn request(&mut self, raw: &[u8]) -> io::Result<(u16, String)> {
        self.stream()?.write_all(raw)?;
        let mut buf = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = self.pending.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let n = self.stream()?.read(&mut buf)?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.pending.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8_lossy(&self.pending[..head_end]).to_ascii_lowercase();
        let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no Content-Length"))?;
        while self.pending.len() < head_end + length {
            let n = self.stream()?.read(&mut buf)?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.pending.extend_from_slice(&buf[..n]);
        }
        let body = String::from_utf8_lossy(&self.pending[head_end..head_end + length]).into_owned();
        self.pending.drain(..head_end + length);
        let closes = head
            .lines()
            .any(|l| l.starts_with("connection:") && l.contains("close"))
            || head.starts_with("http/1.0") && !head.contains("keep-alive");
        if closes {
            self.stream = None;
        }
        Ok((status, body))
    }
}

struct Phone {
    roll: usize,
    ms: f64,
    acknowledged: bool,
}

fn phone(port: u16, roll: usize, peer: bool) -> io::Result<(Phone, Conn)> {
    let mut conn = Conn {
        port,
        stream: None,
        pending: Vec::new(),
    };
    let get = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    conn.request(get)?;
    let timed = if peer {
        get.to_vec()
    } else {
        let body = format!("roll={roll}&name=Student");
        format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    let start = Instant::now();
    let (status, body) = conn.request(&timed)?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let acknowledged = status == 200 && (peer || body.contains("Present"));
    conn.request(get)?;
    Ok((
        Phone {
            roll,
            ms,
            acknowledged,
        },
        conn,
    ))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    (sorted[i.min(sorted.len() - 1)] * 10.0).round() / 10.0
}

fn main() {
    let a = args();
    let results = Arc::new(Mutex::new(Vec::new()));
    let held = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let rolls: Vec<usize> = (a.first_roll..a.first_roll + a.phones).collect();
    for wave in rolls.chunks(a.concurrency) {
        let together = Arc::new(Barrier::new(wave.len()));
        let threads: Vec<_> = wave
            .iter()
            .map(|&roll| {
                let (results, held, errors, together) = (
                    results.clone(),
                    held.clone(),
                    errors.clone(),
                    together.clone(),
                );
                let (port, peer) = (a.port, a.peer);
                std::thread::spawn(move || {
                    together.wait();
                    match phone(port, roll, peer) {
                        Ok((p, conn)) => {
                            results.lock().expect("lock").push(p);
                            held.lock().expect("lock").push(conn);
                        }
                        Err(e) => errors.lock().expect("lock").push(format!("{roll}: {e}")),
                    }
                })
            })
            .collect();
        for t in threads {
            let _ = t.join();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    drop(held);
    let results = results.lock().expect("lock");
    let errors = errors.lock().expect("lock");
    let mut ms: Vec<f64> = results.iter().map(|p| p.ms).collect();
    ms.sort_by(|x, y| x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
    let acked: Vec<String> = results
        .iter()
        .filter(|p| p.acknowledged)
        .map(|p| p.roll.to_string())
        .collect();
    if let Some(file) = &a.acked {
        std::fs::write(file, acked.join("\n")).expect("write --acked file");
    }
    println!(
        "{{\"phones\": {}, \"seconds\": {:.3}, \"p50\": {}, \"p95\": {}, \"p99\": {}, \"max\": {}, \"acknowledged\": {}, \"errors\": {}, \"first_error\": {}}}",
        a.phones,
        seconds,
        percentile(&ms, 50.0),
        percentile(&ms, 95.0),
        percentile(&ms, 99.0),
        percentile(&ms, 100.0),
        acked.len(),
        errors.len(),
        errors
            .first()
            .map_or("null".to_string(), |e| format!("{e:?}"))
    );
}
