//! Kept-alive connections: a phone keeps its connection open from the form
//! to the check-in, and the teacher's screen polls on one connection all
//! class long. Replies on such a connection used to wait 40-44 ms each for
//! the client's delayed ACK (Nagle's algorithm holding the second of two
//! small writes). These tests count round trips that take as long as such a
//! stall, against fresh connections in the same run, so a slow or busy
//! machine does not make them fail: only the stall does; and they time
//! their round trips while no heavy test runs beside them
//! (`harness::alone`). Run under Wine too.

use crate::harness::{self, net, Server};
use std::time::{Duration, Instant};

/// A reply held for a delayed ACK takes at least 40 ms on Linux (200 ms on
/// Windows); an unhindered one on loopback takes well under a millisecond.
const STALL: Duration = Duration::from_millis(30);
const ROUNDS: usize = 40;

fn stalls(times: &[Duration]) -> usize {
    times.iter().filter(|t| **t >= STALL).count()
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Fresh connections have no stall to suffer (a new connection ACKs at
/// once): the same requests on them are the baseline of this machine, now.
fn fresh_baseline(srv: &Server, path: &str) -> Vec<Duration> {
    (0..ROUNDS)
        .map(|_| {
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            let (reply, t) = timed(|| srv.send(request.as_bytes()));
            assert_eq!(reply.status, 200);
            t
        })
        .collect()
}

fn assert_no_stalls(what: &str, kept: &[Duration], fresh: &[Duration]) {
    let (k, f) = (stalls(kept), stalls(fresh));
    assert!(
        k <= f + ROUNDS / 4,
        "{what}: {k} of {} round trips on one kept-alive connection took {STALL:?} or more, against {f} of {} on fresh connections (kept-alive: {:?})",
        kept.len(),
        fresh.len(),
        kept
    );
}

#[test]
fn pages_on_a_kept_alive_connection_are_not_held_back() {
    let _alone = harness::alone();
    let srv = Server::start();
    let fresh = fresh_baseline(&srv, "/");
    let mut conn = net::Conn::from(srv.connect());
    let kept: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let (reply, t) = timed(|| conn.round_trip(&net::get("/")));
            let reply = reply.expect("reply on the kept-alive connection");
            assert_eq!(reply.status, 200);
            assert!(reply.body.contains("name=\"roll\""), "the form");
            t
        })
        .collect();
    assert_no_stalls("GET /", &kept, &fresh);
}

#[test]
fn a_phone_checking_in_on_one_connection_is_not_held_back() {
    let _alone = harness::alone();
    let srv = Server::start();
    let fresh = fresh_baseline(&srv, "/");
    // Each phone: the form, the check-in, the form again, on one connection.
    let mut kept = Vec::new();
    for phone in 0..ROUNDS / 3 + 1 {
        let mut conn = net::Conn::from(srv.connect());
        let roll = format!("{}", 100 + phone);
        let mut ticket = String::new();
        for i in 0..3 {
            let request = match i {
                1 => net::check_in(&roll, "Asha", &ticket),
                _ => net::get("/"),
            };
            let (reply, t) = timed(|| conn.round_trip(&request));
            let reply = reply.expect("reply on the kept-alive connection");
            assert_eq!(reply.status, 200, "{}", reply.body);
            ticket = crate::harness::ticket_in(&reply.body).unwrap_or_default();
            kept.push(t);
        }
    }
    assert_no_stalls("form, check-in, form", &kept, &fresh);
    let file = srv.today_csv().expect("today's file");
    assert_eq!(file.lines().count(), 1 + ROUNDS / 3 + 1, "{file}");
}

#[test]
fn the_teachers_screen_polling_on_one_connection_is_not_held_back() {
    let _alone = harness::alone();
    let srv = Server::start();
    let fresh = fresh_baseline(&srv, "/teacher");
    let mut conn = net::Conn::from(srv.connect());
    let mut kept = Vec::new();
    for i in 0..ROUNDS {
        let path = if i % 2 == 0 {
            "/teacher"
        } else {
            "/teacher/status.json"
        };
        let (reply, t) = timed(|| conn.round_trip(&net::get(path)));
        let reply = reply.expect("reply on the kept-alive connection");
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        kept.push(t);
    }
    assert_no_stalls("the teacher's screen", &kept, &fresh);
}

/// Ctrl+C while phones hold idle kept-alive connections: rollcall stops at
/// once (their connections close), not after they time out (30 s).
#[cfg(unix)]
#[test]
fn ctrl_c_does_not_wait_for_idle_kept_alive_connections() {
    let mut srv = Server::start();
    let mut phones: Vec<net::Conn> = (0..3).map(|_| net::Conn::from(srv.connect())).collect();
    for phone in phones.iter_mut() {
        let reply = phone.round_trip(&net::get("/")).expect("the form");
        assert_eq!(reply.status, 200);
    }
    let (status, took) = timed(|| srv.interrupt());
    assert!(status.success(), "{status:?}");
    assert!(
        took < Duration::from_secs(15),
        "stopping took {took:?}: it waited for idle connections"
    );
}
