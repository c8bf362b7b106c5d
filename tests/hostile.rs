//! One phone must not stop a class (issue 16). A hostile phone on the
//! classroom network, made here as a network namespace of the test's own
//! (`common::netns::Netns`: not loopback, which the server trusts more), attacks a
//! server running at the usual limit of 1,024 file handles, while honest
//! phones from another namespace get the form and check in. Each attack is
//! bounded in count and time. Linux, as root (CI); elsewhere each test says
//! why it is skipped (`ROLLCALL_REQUIRE_NETNS=1` makes that a failure).
//!
//! For every attack: each honest phone is served (form, check-in, form on
//! one kept-alive connection) within `HONEST_BOUND` (they take milliseconds;
//! before the fixes they waited 30-50 s or failed), the server's peak memory
//! stays under 32 MiB, and once the attacker leaves, everything recovers.
#![cfg(target_os = "linux")]

mod common;
mod net;

use common::netns::{netns_or_skip, Netns};
use common::Server;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
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
    net::raise_own_file_limit();
    let mut builder = Server::builder()
        .clock(&format!("{DAY} 09:00:00"))
        .open_files(1024)
        // Reachable from the namespaces (the harness binds loopback).
        .arg("--bind")
        .arg("0.0.0.0");
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
    for (i, request) in [net::get("/"), net::check_in(roll, "Asha"), net::get("/")]
        .iter()
        .enumerate()
    {
        let reply = conn
            .round_trip(request)
            .map_err(|e| format!("request {i}: {e}"))?;

        if reply.status != 200 || (i == 1 && !reply.body.contains("Present")) {
            return Err(format!("request {i}: {} {}", reply.status, reply.body));
        }
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
/// phones check in from another; `stop` tells the attack to end.
fn during_attack<T: Send>(
    srv: &Server,
    attacker: &Netns,
    honest: &Netns,
    first_roll: usize,
    attack: impl FnOnce(&AtomicBool) -> T + Send,
) -> (T, Duration) {
    let (port, pid) = (srv.port, srv.pid());
    /// Ends the attack however the honest phones fared (a failed assertion
    /// must not leave the scope waiting for the attack forever).
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
        // What the server holds while under attack, at its most.
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
        let slowest = {
            let _stop = StopOnDrop(stop);
            // Let the attack get going first.
            std::thread::sleep(Duration::from_millis(1500));
            honest_class(honest, port, first_roll)
        };
        let (threads, files) = sampler.join().expect("sampler");
        eprintln!("  while attacked: at most {threads} threads and {files} open files");
        (attack.join().expect("attack thread"), slowest)
    })
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
    let (attacker, honest) = match (netns_or_skip(), netns_or_skip()) {
        (Some(a), Some(h)) => (a, h),
        _ => return,
    };
    let srv = start_server();
    let before = net::usage(srv.pid());
    let port = srv.port;
    let server_ip = attacker.server_ip;
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
    let (attacker, honest) = match (netns_or_skip(), netns_or_skip()) {
        (Some(a), Some(h)) => (a, h),
        _ => return,
    };
    let srv = start_server();
    let before = net::usage(srv.pid());
    let port = srv.port;
    let server_ip = attacker.server_ip;
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
    let (attacker, honest) = match (netns_or_skip(), netns_or_skip()) {
        (Some(a), Some(h)) => (a, h),
        _ => return,
    };
    let srv = start_server();
    let before = net::usage(srv.pid());
    let port = srv.port;
    let server_ip = attacker.server_ip;
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
    let (attacker, honest) = match (netns_or_skip(), netns_or_skip()) {
        (Some(a), Some(h)) => (a, h),
        _ => return,
    };
    let srv = start_server();
    let before = net::usage(srv.pid());
    let port = srv.port;
    let server_ip = attacker.server_ip;
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
        common::expected_file(&[
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
