//! One phone must not stop a class (issue 16). A hostile phone on the
//! classroom network, made here as a network namespace of the test's own
//! (`harness::netns::Netns`: not loopback, which the server trusts more), attacks a
//! server running at the usual limit of 1,024 file handles, while honest
//! phones from another namespace get the form and check in. Each attack is
//! bounded in count and time. Linux, as root (CI): the attacks are
//! `#[ignore]`d elsewhere, saying why, and run one at a time
//! (`harness::alone`): side by side on a small machine each would measure
//! the other, and a busy machine's timeouts.
//!
//! For every attack: each honest phone is served (form, check-in, form on
//! one kept-alive connection) within `HONEST_BOUND` (they take milliseconds;
//! before the fixes they waited 30-50 s or failed), the server's peak memory
//! stays under 32 MiB, and once the attacker leaves, everything recovers.

use crate::harness::netns::{netns_or_skip, Netns};
use crate::harness::{self, net, Server};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::MutexGuard;
use std::time::{Duration, Instant};

const DAY: &str = "2026-02-10";
/// Far above the milliseconds an honest phone takes (its check-in waits for
/// a disk sync, which on a busy shared machine can take a second or two),
/// below the 13 s every attack lasts, and far below the 30-50 s phones
/// waited before. The benchmark (scripts/hostile) measures the real figures.
const HONEST_BOUND: Duration = Duration::from_secs(10);
const MEMORY_LIMIT_KIB: u64 = 32 * 1024;
/// How many honest phones check in during each attack.
const PHONES: usize = 8;

fn start_server() -> Server {
    start_server_on("0.0.0.0")
}

/// The machine to itself (`harness::alone`), an attacker's namespace and an
/// honest class's; `None`, having said why, where namespaces cannot be made.
fn attacker_and_class() -> Option<(MutexGuard<'static, ()>, Netns, Netns)> {
    let alone = harness::alone();
    match (netns_or_skip(), netns_or_skip()) {
        (Some(attacker), Some(honest)) => Some((alone, attacker, honest)),
        _ => None,
    }
}

/// Everything an attack on one server needs, and the server's use of the
/// machine before it.
struct Attack {
    /// Held until the test ends: bind it to a named variable (`_alone`),
    /// since `_` would let go at once.
    alone: MutexGuard<'static, ()>,
    attacker: Netns,
    honest: Netns,
    srv: Server,
    before: net::Usage,
}

impl Attack {
    /// The attacker, the class and a server listening on `bind`.
    fn on(bind: &str) -> Option<Attack> {
        let (alone, attacker, honest) = attacker_and_class()?;
        let srv = start_server_on(bind);
        let before = net::usage(srv.pid());
        Some(Attack {
            alone,
            attacker,
            honest,
            srv,
            before,
        })
    }
}

/// The server listening on `bind` (`::` for IPv6 and IPv4 both).
fn start_server_on(bind: &str) -> Server {
    net::raise_own_file_limit();
    let mut builder = Server::builder()
        .clock(&format!("{DAY} 09:00:00"))
        .open_files(1024)
        // Reachable from the namespaces (the harness binds loopback).
        .arg("--bind")
        .arg(bind);
    // The honest phones all come from one address: where the guards limit
    // check-ins per address (issue 13), lift that limit.
    if option_exists("--per-address") {
        builder = builder.arg("--per-address").arg("0");
    }
    builder.start()
}

/// True if rollcall's usage lists `option`.
fn option_exists(option: &str) -> bool {
    std::process::Command::new(env!("CARGO_BIN_EXE_rollcall"))
        .arg("--help")
        .output()
        .map_or(false, |out| {
            String::from_utf8_lossy(&out.stdout).contains(option)
        })
}

/// One honest phone: the form, its check-in and the form again, on one
/// kept-alive connection. Returns how long it took, or what went wrong.
fn honest_phone(ns: &Netns, port: u16, roll: &str) -> Result<Duration, String> {
    let start = Instant::now();
    let mut conn = net::Conn::from(ns.connect(port).map_err(|e| format!("connect: {e}"))?);
    conn.stream
        .set_read_timeout(Some(HONEST_BOUND + Duration::from_secs(5)))
        .ok();
    let mut ticket = String::new();
    for i in 0..3 {
        let request = match i {
            1 => net::check_in(roll, "Asha", &ticket),
            _ => net::get("/"),
        };
        let reply = conn
            .round_trip(&request)
            .map_err(|e| format!("request {i}: {e}"))?;

        if reply.status != 200 || (i == 1 && !reply.body.contains("Present")) {
            return Err(format!("request {i}: {} {}", reply.status, reply.body));
        }
        ticket = harness::ticket_in(&reply.body).unwrap_or_default();
    }
    Ok(start.elapsed())
}

/// Honest phones check in one after another while `attacking` holds; all
/// must be served within the bound. Returns the slowest.
fn honest_class(ns: &Netns, port: u16, first_roll: usize) -> Duration {
    let mut slowest = Duration::ZERO;
    for i in 0..PHONES {
        let roll = (first_roll + i).to_string();
        match honest_phone(ns, port, &roll) {
            Ok(t) => {
                assert!(
                    t < HONEST_BOUND,
                    "honest phone {roll} took {t:?} during the attack"
                );
                slowest = slowest.max(t);
            }
            Err(e) => panic!("honest phone {roll} was not served during the attack: {e}"),
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    slowest
}

/// After the attack: check-ins still work, the honest rolls are in the file
/// once each, and the server let go of the attacker's threads and handles.
fn assert_recovered(srv: &Server, ns: &Netns, rolls: std::ops::Range<usize>, before: &net::Usage) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = net::usage(srv.pid());
        // Idle pool threads linger a few seconds before they exit.
        if now.files <= before.files + 8 && now.threads <= before.threads + 8 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not let go after the attack: {} files, {} threads (before: {}, {})",
            now.files,
            now.threads,
            before.files,
            before.threads
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    honest_phone(ns, srv.port, "9999").expect("a check-in after the attack");
    let file = srv.today_csv().expect("today's file");
    for roll in rolls.chain(9999..10000) {
        let row = format!("\n{roll},Asha,09:00:00\r\n");
        assert_eq!(file.matches(&row).count(), 1, "roll {roll} once: {file}");
    }
}

fn assert_memory(srv: &Server, what: &str) {
    let u = net::usage(srv.pid());
    eprintln!(
        "{what}: peak RSS {} KiB, {} threads, {} files",
        u.peak_kib, u.threads, u.files
    );
    assert!(
        u.peak_kib < MEMORY_LIMIT_KIB,
        "{what}: the server's memory peaked at {} KiB",
        u.peak_kib
    );
}

/// Writes `bytes` to each connection in turn, one byte per connection every
/// `every`, for `duration`; returns how many connections the server closed.
fn trickle(conns: &mut [TcpStream], bytes: &[u8], every: Duration, duration: Duration) -> usize {
    for c in conns.iter() {
        c.set_nonblocking(true).ok();
    }
    let mut closed = vec![false; conns.len()];
    let mut sent = vec![0usize; conns.len()];
    let end = Instant::now() + duration;
    let mut buf = [0u8; 4096];
    while Instant::now() < end {
        for (i, c) in conns.iter_mut().enumerate() {
            if closed[i] {
                continue;
            }
            // The server may have answered (400/408/413...) and closed.
            match c.read(&mut buf) {
                Ok(0) => closed[i] = true,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => closed[i] = true,
            }
            if closed[i] {
                continue;
            }
            let b = bytes[sent[i] % bytes.len()];
            match c.write(&[b]) {
                Ok(_) => sent[i] += 1,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => closed[i] = true,
            }
        }
        std::thread::sleep(every);
    }
    closed.iter().filter(|c| **c).count()
}

/// Runs `attack` on a thread in the attacker's namespace while honest
/// phones check in from another (`under_attack`); `stop` tells the attack
/// to end. Returns the attack's result and the slowest honest phone.
fn during_attack<T: Send>(
    srv: &Server,
    attacker: &Netns,
    honest: &Netns,
    first_roll: usize,
    attack: impl FnOnce(&AtomicBool) -> T + Send,
) -> (T, Duration) {
    let port = srv.port;
    let (result, slowest, threads, files) = under_attack(srv, attacker, attack, || {
        // Let the attack get going first.
        std::thread::sleep(Duration::from_millis(1500));
        honest_class(honest, port, first_roll)
    });
    eprintln!("  while attacked: at most {threads} threads and {files} open files");
    (result, slowest)
}

fn connect_many(port: u16, server: std::net::Ipv4Addr, n: usize) -> Vec<TcpStream> {
    let addr = std::net::SocketAddr::from((server, port));
    (0..n)
        .filter_map(|_| TcpStream::connect_timeout(&addr, Duration::from_secs(5)).ok())
        .collect()
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_thousand_connections_trickling_headers_do_not_stop_the_class() {
    let Attack {
        alone: _alone,
        attacker,
        honest,
        srv,
        before,
    } = match Attack::on("0.0.0.0") {
        Some(attack) => attack,
        None => return,
    };
    let (port, server_ip) = (srv.port, attacker.server_ip);
    let ((closed, held), slowest) = during_attack(&srv, &attacker, &honest, 100, |stop| {
        let mut conns = connect_many(port, server_ip, 1000);
        let opened = conns.len();
        // A header that never ends, a byte at a time, for longer than any
        // request may take to arrive (and until the honest phones are done).
        let start = Instant::now();
        let mut closed = 0;
        while !stop.load(Ordering::SeqCst) || start.elapsed() < Duration::from_secs(13) {
            closed = trickle(
                &mut conns,
                b"GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                Duration::from_millis(500),
                Duration::from_secs(1),
            );
        }
        (closed, opened)
    });
    eprintln!("trickling headers: {held} connections opened, {closed} closed by the server; slowest honest phone {slowest:?}");
    assert!(held >= 900, "the attacker opened only {held} connections");
    assert_eq!(
        closed, held,
        "every trickling connection is closed in the end"
    );
    assert_memory(&srv, "1,000 trickling connections");
    assert_recovered(&srv, &honest, 100..100 + PHONES, &before);
    // The teacher is told that connections were turned away: on the
    // terminal, and on the teacher's screen.
    let out = srv.wait_for_stderr(&attacker.phone_ip.to_string());
    assert!(out.contains("turned away"), "{out}");
    let status = srv.status();
    assert!(
        status["connections"]["refused"].as_u64().unwrap_or(0) > 0,
        "{status}"
    );
    assert_eq!(
        status["connections"]["last_refused"],
        attacker.phone_ip.to_string().as_str()
    );
    let page = srv.teacher_get("/teacher").body;
    assert!(
        page.contains(&format!(
            "connections turned away, the last from {}",
            attacker.phone_ip
        )),
        "{page}"
    );
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn stalled_bodies_of_every_kind_do_not_stop_the_class() {
    let Attack {
        alone: _alone,
        attacker,
        honest,
        srv,
        before,
    } = match Attack::on("0.0.0.0") {
        Some(attack) => attack,
        None => return,
    };
    let (port, server_ip) = (srv.port, attacker.server_ip);
    let form = "Host: x\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    let kinds = [
        // Chunked, a byte now and then.
        format!("POST / HTTP/1.1\r\n{form}Transfer-Encoding: chunked\r\n\r\n1\r\nr"),
        // Asks whether it may send its body, then never does.
        format!("POST / HTTP/1.1\r\n{form}Expect: 100-continue\r\nContent-Length: 20\r\n\r\n"),
        // An upgrade whose body trickles.
        format!("POST / HTTP/1.1\r\n{form}Connection: upgrade\r\nUpgrade: websocket\r\nContent-Length: 40\r\n\r\nroll="),
    ];
    let (closed, slowest) = during_attack(&srv, &attacker, &honest, 200, |stop| {
        let mut conns = Vec::new();
        for kind in kinds.iter() {
            for mut c in connect_many(port, server_ip, 200) {
                if c.write_all(kind.as_bytes()).is_ok() {
                    conns.push(c);
                }
            }
        }
        let start = Instant::now();
        let mut closed = 0;
        while !stop.load(Ordering::SeqCst) || start.elapsed() < Duration::from_secs(13) {
            closed = trickle(
                &mut conns,
                b"0",
                Duration::from_secs(2),
                Duration::from_secs(2),
            );
        }
        (closed, conns.len())
    });
    eprintln!(
        "stalled bodies: {} of {} connections closed by the server; slowest honest phone {slowest:?}",
        closed.0, closed.1
    );
    assert_eq!(closed.0, closed.1, "every stalled body is given up on");
    assert_memory(&srv, "600 stalled bodies");
    assert_recovered(&srv, &honest, 200..200 + PHONES, &before);
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_hundred_thousand_pipelined_requests_never_read_do_not_stop_the_class() {
    let Attack {
        alone: _alone,
        attacker,
        honest,
        srv,
        before,
    } = match Attack::on("0.0.0.0") {
        Some(attack) => attack,
        None => return,
    };
    let (port, server_ip) = (srv.port, attacker.server_ip);
    let (sent, slowest) = during_attack(&srv, &attacker, &honest, 300, |stop| {
        let mut conns = connect_many(port, server_ip, 1);
        let mut conn = conns.pop().expect("attacker connects");
        conn.set_write_timeout(Some(Duration::from_secs(2))).ok();
        let request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        let mut batch = Vec::with_capacity(request.len() * 1000);
        for _ in 0..1000 {
            batch.extend_from_slice(request);
        }
        // 100,000 requests (2.8 MB), never reading a reply; the writes block
        // once the server stops taking more.
        let mut sent = 0;
        for _ in 0..100 {
            if stop.load(Ordering::SeqCst) || conn.write_all(&batch).is_err() {
                break;
            }
            sent += 1000;
        }
        while !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
        }
        sent
    });
    eprintln!("pipelining: {sent} of 100,000 requests went in before the server stopped taking more; slowest honest phone {slowest:?}");
    assert_memory(&srv, "100,000 pipelined requests");
    assert_recovered(&srv, &honest, 300..300 + PHONES, &before);
    assert!(
        net::usage(srv.pid()).rss_kib < MEMORY_LIMIT_KIB,
        "memory is given back"
    );
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn huge_headers_are_refused_without_growing_memory() {
    let Attack {
        alone: _alone,
        attacker,
        honest,
        srv,
        before,
    } = match Attack::on("0.0.0.0") {
        Some(attack) => attack,
        None => return,
    };
    let (port, server_ip) = (srv.port, attacker.server_ip);
    let (answers, slowest) = during_attack(&srv, &attacker, &honest, 400, |_stop| {
        // 200 connections, each sending 99 headers of 8,000 bytes.
        let header = format!("X-Big: {}\r\n", "a".repeat(7993));
        let mut head = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
        for _ in 0..99 {
            head.extend_from_slice(header.as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let head = head.clone();
                std::thread::spawn(move || {
                    let mut statuses = Vec::new();
                    for mut c in connect_many(port, server_ip, 25) {
                        c.set_write_timeout(Some(Duration::from_secs(5))).ok();
                        c.set_read_timeout(Some(Duration::from_secs(15))).ok();
                        let _ = c.write_all(&head);
                        let mut raw = Vec::new();
                        let _ = c.read_to_end(&mut raw);
                        statuses.push(
                            String::from_utf8_lossy(&raw)
                                .chars()
                                .take(12)
                                .collect::<String>(),
                        );
                    }
                    statuses
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().expect("attacker"))
            .collect::<Vec<_>>()
    });
    let refused = answers
        .iter()
        .filter(|s| s.as_str() == "HTTP/1.1 431")
        .count();
    eprintln!(
        "huge headers: {refused} of {} answered 431; slowest honest phone {slowest:?}",
        answers.len()
    );
    assert!(refused > 0, "answers: {answers:?}");
    assert_memory(&srv, "200 connections of 99 headers of 8,000 bytes");
    assert_recovered(&srv, &honest, 400..400 + PHONES, &before);
}

/// A connection from `source` (one of the namespace's addresses) to `to`,
/// not waiting for it to be made.
fn connect_from(source: IpAddr, to: SocketAddr) -> std::io::Result<TcpStream> {
    use std::os::unix::io::FromRawFd;
    fn raw(addr: SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
        // Safety: an all-zero sockaddr_storage is valid; each arm writes
        // the family's own struct, which fits in it.
        unsafe {
            let mut storage: libc::sockaddr_storage = std::mem::zeroed();
            let len = match addr {
                SocketAddr::V4(a) => {
                    let sin = &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in);
                    sin.sin_family = libc::AF_INET as libc::sa_family_t;
                    sin.sin_port = a.port().to_be();
                    sin.sin_addr.s_addr = u32::from_ne_bytes(a.ip().octets());
                    std::mem::size_of::<libc::sockaddr_in>()
                }
                SocketAddr::V6(a) => {
                    let sin6 = &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in6);
                    sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
                    sin6.sin6_port = a.port().to_be();
                    sin6.sin6_addr.s6_addr = a.ip().octets();
                    std::mem::size_of::<libc::sockaddr_in6>()
                }
            };
            (storage, len as libc::socklen_t)
        }
    }
    let family = if to.is_ipv4() {
        libc::AF_INET
    } else {
        libc::AF_INET6
    };
    let (local, local_len) = raw(SocketAddr::new(source, 0));
    let (remote, remote_len) = raw(to);
    // Safety: a socket of our own, wrapped at once so it is closed on every
    // path; bind and connect read the structs made above.
    unsafe {
        let fd = libc::socket(
            family,
            libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            0,
        );
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let stream = TcpStream::from_raw_fd(fd);
        if libc::bind(fd, &local as *const _ as *const libc::sockaddr, local_len) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        if libc::connect(fd, &remote as *const _ as *const libc::sockaddr, remote_len) != 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() != Some(libc::EINPROGRESS) {
                return Err(e);
            }
        }
        Ok(stream)
    }
}

/// What one machine holding many connections did.
#[derive(Debug, Default)]
struct Held {
    /// Connections opened, the first ones and every reconnection.
    opened: usize,
    /// Closed by the server without an answer (let go to make room).
    dropped: usize,
    /// Answered by the server (408 in the end, or 503) and closed.
    answered: usize,
}

/// From each of `sources`, `per_source` connections to `to`, opened over
/// `ramp`, each trickling a request head a byte a second and reconnecting
/// at once when the server drops or answers it; until `stop` and at least
/// `at_least` have passed.
fn hold_trickling(
    sources: &[IpAddr],
    per_source: usize,
    to: SocketAddr,
    ramp: Duration,
    at_least: Duration,
    stop: &AtomicBool,
) -> Held {
    const HEAD: &[u8] = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let total = sources.len() * per_source;
    let source = |k: usize| sources[k % sources.len()];
    let mut held = Held::default();
    // Each: the connection and how much of the head it has sent.
    let mut conns: Vec<Option<(TcpStream, usize)>> = (0..total).map(|_| None).collect();
    let start = Instant::now();
    let mut next_byte = start;
    let mut buf = [0u8; 1024];
    while !stop.load(Ordering::SeqCst) || start.elapsed() < at_least {
        // Open those whose time has come.
        let due = if ramp.is_zero() {
            total
        } else {
            (total as f64 * start.elapsed().as_secs_f64() / ramp.as_secs_f64()).min(total as f64)
                as usize
        };
        // (and any whose reconnection failed, again).
        for (k, c) in conns.iter_mut().enumerate().take(due) {
            if c.is_none() {
                if let Ok(s) = connect_from(source(k), to) {
                    *c = Some((s, 0));
                    held.opened += 1;
                }
            }
        }
        // Whatever the server closed or answered is opened again at once.
        let mut fds: Vec<libc::pollfd> = Vec::with_capacity(total);
        let mut which = Vec::with_capacity(total);
        for (k, c) in conns.iter().enumerate() {
            if let Some((s, _)) = c {
                use std::os::unix::io::AsRawFd;
                fds.push(libc::pollfd {
                    fd: s.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                });
                which.push(k);
            }
        }
        // Safety: poll on an array of pollfd we own, of its own length.
        unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, 50) };
        for (fd, &k) in fds.iter().zip(which.iter()) {
            if fd.revents == 0 {
                continue;
            }
            let gone = match conns[k].as_mut().map(|(s, _)| s.read(&mut buf)) {
                Some(Ok(0)) | Some(Err(_)) => {
                    held.dropped += 1;
                    true
                }
                Some(Ok(_)) => {
                    held.answered += 1;
                    true
                }
                None => false,
            };
            if gone {
                conns[k] = connect_from(source(k), to).ok().map(|s| (s, 0));
                held.opened += usize::from(conns[k].is_some());
            }
        }
        // A byte of the head each second.
        if Instant::now() >= next_byte {
            next_byte += Duration::from_secs(1);
            for (s, sent) in conns.iter_mut().flatten() {
                if (&*s).write(&HEAD[*sent % HEAD.len()..][..1]).is_ok() {
                    *sent += 1;
                }
            }
        }
    }
    held
}

/// An honest phone checking in `count` times, every `every`, each time on
/// a new connection to `to` (the form, then the check-in), as a browser
/// would wait: 20 s. Returns how long each took, from connecting to the
/// answer, or what went wrong.
fn honest_check_ins(
    honest: &Netns,
    to: SocketAddr,
    first_roll: usize,
    count: usize,
    every: Duration,
) -> Vec<Result<Duration, String>> {
    const CLIENT_TIMEOUT: Duration = Duration::from_secs(20);
    honest.run(|| {
        (first_roll..first_roll + count)
            .map(|roll| {
                let start = Instant::now();
                let result = (|| {
                    let stream = TcpStream::connect_timeout(&to, CLIENT_TIMEOUT)
                        .map_err(|e| format!("connect: {e}"))?;
                    let left = CLIENT_TIMEOUT.saturating_sub(start.elapsed());
                    stream
                        .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                        .ok();
                    stream.set_write_timeout(Some(CLIENT_TIMEOUT)).ok();
                    let mut conn = net::Conn::from(stream);
                    let form = conn
                        .round_trip(&net::get("/"))
                        .map_err(|e| format!("form: {e}"))?;
                    let ticket = harness::ticket_in(&form.body).unwrap_or_default();
                    let reply = conn
                        .round_trip(&net::check_in(&roll.to_string(), "Asha", &ticket))
                        .map_err(|e| format!("check-in: {e}"))?;
                    match (form.status, reply.status, reply.body.contains("Present")) {
                        (200, 200, true) => Ok(start.elapsed()),
                        _ => Err(format!(
                            "{} then {} {}",
                            form.status, reply.status, reply.body
                        )),
                    }
                })();
                let result = result.and_then(|t| {
                    if t <= CLIENT_TIMEOUT {
                        Ok(t)
                    } else {
                        Err(format!("answered after {t:?}"))
                    }
                });
                std::thread::sleep(every.saturating_sub(start.elapsed()));
                result
            })
            .collect()
    })
}

/// Runs `attack` in the attacker's namespace and `honest` meanwhile; the
/// attack is told to stop when `honest` is done. Returns both results and
/// the most threads and files the server held meanwhile.
fn under_attack<A: Send, H>(
    srv: &Server,
    attacker: &Netns,
    attack: impl FnOnce(&AtomicBool) -> A + Send,
    honest: impl FnOnce() -> H,
) -> (A, H, u64, usize) {
    let pid = srv.pid();
    struct StopOnDrop<'a>(&'a AtomicBool);
    impl Drop for StopOnDrop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let stop = &stop;
        let attack = scope.spawn(move || attacker.run(move || attack(stop)));
        let sampler = scope.spawn(move || {
            let (mut threads, mut files) = (0, 0);
            while !stop.load(Ordering::SeqCst) {
                let u = net::usage(pid);
                threads = threads.max(u.threads);
                files = files.max(u.files);
                std::thread::sleep(Duration::from_millis(50));
            }
            (threads, files)
        });
        let honest = {
            let _stop = StopOnDrop(stop);
            honest()
        };
        let (threads, files) = sampler.join().expect("sampler");
        (
            attack.join().expect("attack thread"),
            honest,
            threads,
            files,
        )
    })
}

/// Prints how the honest phones fared under `attack` (the slowest and the
/// median of the answered check-ins, what the attacker held, the server's
/// most threads and files) and checks every one was answered.
fn report_honest(
    attack: &str,
    held: &Held,
    results: &[Result<Duration, String>],
    threads: u64,
    files: usize,
) {
    let mut times: Vec<Duration> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    times.sort();
    let failed: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    let slowest = times.last().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    eprintln!(
        "{attack}: {} check-ins, {} failed; slowest honest check-in {slowest:?}, median {median:?}; attacker opened {} connections, {} let go, {} answered; at most {threads} threads and {files} open files",
        results.len(),
        failed.len(),
        held.opened,
        held.dropped,
        held.answered
    );
    assert!(failed.is_empty(), "honest check-ins failed: {failed:?}");
}

/// Issue 22: forty addresses of one machine, each holding its 16
/// connections, every one trickling a head a byte a second and reconnecting
/// at once when dropped, filled the server (512): honest check-ins took 9 s
/// and 22 of 122 timed out at 20 s. The server now holds up to 1,024, so
/// eighty addresses play it here. A full server lets go of the
/// unfinished connections of whoever holds the most, and every honest
/// check-in is answered (the target, the slowest within 2 s, is a
/// figure printed here and in docs/hostile.md: timing is not asserted, beyond
/// the client's 20 s).
#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn eighty_addresses_of_sixteen_trickling_connections_do_not_keep_phones_out() {
    let (_alone, attacker, honest) = match attacker_and_class() {
        Some(three) => three,
        None => return,
    };
    // Eighty since the server holds up to 1,024 connections (992 at this
    // handle limit): forty's 640 no longer fill it.
    let many: Vec<IpAddr> = attacker
        .add_many_ipv4(80)
        .expect("eighty addresses")
        .into_iter()
        .map(IpAddr::from)
        .collect();
    let srv = start_server();
    let before = net::usage(srv.pid());
    let to = SocketAddr::from((attacker.server_ip, srv.port));
    let phone_to = SocketAddr::from((honest.server_ip, srv.port));
    let (held, results, threads, files) = under_attack(
        &srv,
        &attacker,
        |stop| {
            hold_trickling(
                &many,
                tiny_http::PER_ADDRESS,
                to,
                Duration::ZERO,
                Duration::ZERO,
                stop,
            )
        },
        || {
            // Let the attack fill the server first.
            std::thread::sleep(Duration::from_secs(2));
            honest_check_ins(&honest, phone_to, 500, 30, Duration::from_millis(500))
        },
    );
    report_honest(
        "80 addresses x 16 trickling",
        &held,
        &results,
        threads,
        files,
    );
    assert!(held.dropped > 0, "the server let none go: {held:?}");
    assert_memory(&srv, "80 addresses x 16 trickling connections");
    // The terminal and the teacher's screen name those holding the most.
    let out = srv.wait_for_stderr("let go");
    assert!(
        out.contains("holding the most: 10.215."),
        "the terminal names them: {out}"
    );
    let status = srv.status();
    let holding = status["connections"]["holding"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        !holding.is_empty()
            && holding.iter().all(|h| h["from"]
                .as_str()
                .map_or(false, |f| f.starts_with("10.215."))),
        "{status}"
    );
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("let go, the most held by 10.215."), "{page}");
    assert_recovered(&srv, &honest, 500..530, &before);
}

/// Issue 22: 5,000 IPv6 addresses of one /64 (one machine can hold a whole
/// /64), one trickling connection each, against a server listening on `::`:
/// 45-59 % of honest check-ins failed. Counted by its /64, that machine
/// holds the most, and its unfinished connections are let go first.
#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn five_thousand_ipv6_addresses_of_one_64_do_not_keep_phones_out() {
    let (_alone, attacker, honest) = match attacker_and_class() {
        Some(three) => three,
        None => return,
    };
    let (server6, _, many) = attacker.add_ipv6(5000).expect("5,000 IPv6 addresses");
    let (phone_server6, _, _) = honest.add_ipv6(0).expect("the phone's IPv6 address");
    let many: Vec<IpAddr> = many.into_iter().map(IpAddr::from).collect();
    let srv = start_server_on("::");
    let before = net::usage(srv.pid());
    let to = SocketAddr::from((server6, srv.port));
    let phone_to = SocketAddr::from((phone_server6, srv.port));
    let (held, results, threads, files) = under_attack(
        &srv,
        &attacker,
        // Opened over 3 s, held (and reopened) for 10 s more.
        |stop| {
            hold_trickling(
                &many,
                1,
                to,
                Duration::from_secs(3),
                Duration::from_secs(13),
                stop,
            )
        },
        || {
            std::thread::sleep(Duration::from_secs(2));
            honest_check_ins(&honest, phone_to, 600, 20, Duration::from_millis(500))
        },
    );
    report_honest(
        "5,000 IPv6 addresses x 1 trickling",
        &held,
        &results,
        threads,
        files,
    );
    assert_memory(&srv, "5,000 IPv6 addresses x 1 trickling connection");
    let out = srv.wait_for_stderr("let go");
    let attacker_64 = tiny_http::Holder::of(server6.into()).to_string();
    let attacker_64 = attacker_64.replacen("fd22", "fd23", 1);
    assert!(
        out.contains(&attacker_64),
        "the terminal names {attacker_64}: {out}"
    );
    assert_recovered_v6(&srv, &honest, phone_to, 600..620, &before);
}

/// As `assert_recovered`, for a phone reaching the server over IPv6.
fn assert_recovered_v6(
    srv: &Server,
    honest: &Netns,
    to: SocketAddr,
    rolls: std::ops::Range<usize>,
    before: &net::Usage,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = net::usage(srv.pid());
        if now.files <= before.files + 8 && now.threads <= before.threads + 8 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not let go after the attack: {} files, {} threads",
            now.files,
            now.threads
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let after = honest_check_ins(honest, to, 9999, 1, Duration::ZERO);
    assert!(after[0].is_ok(), "a check-in after the attack: {after:?}");
    let file = srv.today_csv().expect("today's file");
    for roll in rolls.chain(9999..10000) {
        let row = format!("\n{roll},Asha,09:00:00\r\n");
        assert_eq!(file.matches(&row).count(), 1, "roll {roll} once: {file}");
    }
}

/// Issue 16, item 4: `cp today.csv /tmp/x && mv /tmp/x today.csv` (an
/// editor's save, a copy back from a USB stick) replaces the file rollcall
/// holds. Every later check-in used to fail ("File exists") until a
/// restart; now the next one writes the day again, holding every row of
/// both files once, in order.
#[test]
fn todays_file_replaced_in_place_is_merged_and_check_ins_go_on() {
    let srv = Server::builder().clock(&format!("{DAY} 10:00:00")).start();
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    assert_eq!(srv.check_in("2", "Ben").status, 200);
    let path = srv.dir().join(format!("attendance_{DAY}.csv"));
    // The teacher's copy, with a row typed in by hand, saved over today's.
    let copy = srv.dir().with_file_name("edited.csv");
    let mut edited = std::fs::read(&path).expect("today's file");
    edited.extend_from_slice(b"7,Gita,10:01:00\r\n");
    std::fs::write(&copy, &edited).expect("write the copy");
    std::fs::rename(&copy, &path).expect("replace today's file");
    srv.set_clock(&format!("{DAY} 10:05:00"));
    let reply = srv.check_in("3", "Cy");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Present"), "{}", reply.body);
    assert!(srv.check_in("7", "Gita").body.contains("already marked"));
    assert!(srv.check_in("1", "Ann").body.contains("already marked"));
    assert_eq!(srv.check_in("4", "Dev").status, 200);
    assert_eq!(
        srv.csv(DAY).expect("file"),
        harness::expected_file(&[
            "1,Ann,10:00:00",
            "2,Ben,10:00:00",
            "7,Gita,10:01:00",
            "3,Cy,10:05:00",
            "4,Dev,10:05:00"
        ])
    );
    let out = srv.wait_for_stdout("replaced");
    assert!(out.contains("replaced"), "the teacher is told: {out}");
}
