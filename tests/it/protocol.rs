//! HTTP as a careless or hostile client speaks it, over loopback against the
//! real binary: every malformed request gets its proper answer (before, some
//! got none at all), bodies in every framing are read by the connection and
//! never by a request handler, pipelined requests are answered and saved in
//! order. Runs on Linux and, under Wine, against rollcall.exe.

use crate::harness::{expected_file, net, Server};
use std::io::{Read, Write};
use std::time::Duration;

const DAY: &str = "2026-02-10";

fn start() -> Server {
    Server::builder().clock(&format!("{DAY} 09:00:00")).start()
}

/// Sends raw bytes and reads the status of the answer, which must come
/// (the connection is closed after it).
fn status_of(srv: &Server, raw: &[u8]) -> u16 {
    let mut conn = srv.connect();
    conn.write_all(raw).expect("send");
    let mut got = Vec::new();
    let _ = conn.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got);
    assert!(
        text.starts_with("HTTP/1.1 "),
        "no answer to {:?}: {text:?}",
        String::from_utf8_lossy(raw)
    );
    text[9..12].parse().expect("status")
}

const FORM: &str = "Content-Type: application/x-www-form-urlencoded";

#[test]
fn malformed_requests_get_their_answer() {
    let srv = start();
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: t\r\nX-Long: {}\r\n\r\n",
        "a".repeat(9000)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: t\r\n{}\r\n",
        "X-Many: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(120)
    );
    let long_target = format!("GET /{} HTTP/1.1\r\nHost: t\r\n\r\n", "a".repeat(9000));
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("HTTP/2.0", b"GET / HTTP/2.0\r\nHost: t\r\n\r\n".to_vec(), 505),
        ("HTTP/3", b"GET / HTTP/3\r\nHost: t\r\n\r\n".to_vec(), 505),
        ("LF-only line ends", b"GET / HTTP/1.1\nHost: t\n\n".to_vec(), 400),
        ("a bare CR", b"GET / HTTP/1.1\r\nHost: t\rX: y\r\n\r\n".to_vec(), 400),
        ("garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(), 400),
        ("no version", b"GET /\r\nHost: t\r\n\r\n".to_vec(), 400),
        ("a 9,000-byte header", long_header.into_bytes(), 431),
        ("120 headers", many_headers.into_bytes(), 431),
        ("a 9,000-byte address", long_target.into_bytes(), 414),
        ("no Host", b"GET / HTTP/1.1\r\n\r\n".to_vec(), 400),
        ("two Hosts", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".to_vec(), 400),
        ("folded header", b"GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n".to_vec(), 400),
        ("space before colon", b"GET / HTTP/1.1\r\nHost : t\r\n\r\n".to_vec(), 400),
        ("Expect: nonsense", b"GET / HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\n\r\n".to_vec(), 417),
        (
            "gzip transfer coding",
            format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nTransfer-Encoding: gzip\r\n\r\n").into_bytes(),
            501,
        ),
        (
            "a bad chunk size",
            format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nroll=1\r\n0\r\n\r\n").into_bytes(),
            400,
        ),
    ];
    for (what, raw, want) in &cases {
        assert_eq!(status_of(&srv, raw), *want, "{what}");
    }
    // Content-Length must be plain digits and agree with itself.
    for length in ["+18", "-18", "abc", "18, 18", "1 8", ""] {
        let raw = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nContent-Length: {length}\r\n\r\nroll=12&name=Udbhav"
        );
        assert_eq!(
            status_of(&srv, raw.as_bytes()),
            400,
            "Content-Length: {length:?}"
        );
    }
    for extra in ["Content-Length: 19", "Transfer-Encoding: chunked"] {
        let raw = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nContent-Length: 18\r\n{extra}\r\n\r\nroll=12&name=Udbha"
        );
        assert_eq!(
            status_of(&srv, raw.as_bytes()),
            400,
            "Content-Length: 18 and {extra}"
        );
    }
    // Nothing was saved, and the server serves on.
    assert_eq!(srv.csv(DAY).expect("file"), expected_file(&[]));
    assert_eq!(srv.check_in("12", "Udbhav").status, 200);
}

#[test]
fn bodies_in_every_framing_are_read_and_saved() {
    let srv = start();
    // Chunked, in three chunks with an extension and a trailer.
    let mut chunked = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let ticket = format!("&ticket={}", srv.ticket());
    for (i, chunk) in ["roll=", "21A", "&name=Chunked", &ticket]
        .iter()
        .enumerate()
    {
        let extension = if i == 0 { ";x=y" } else { "" };
        chunked.push_str(&format!("{:x}{extension}\r\n{chunk}\r\n", chunk.len()));
    }
    chunked.push_str("0\r\nX-Trailer: 1\r\n\r\n");
    let reply = srv.send(chunked.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Present"), "{}", reply.body);
    // Expect: 100-continue: the body is sent after the server says so.
    let body = format!("roll=22&name=Patient&ticket={}", srv.ticket());
    let mut conn = net::Conn::from(srv.connect());
    conn.stream.write_all(
        format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .expect("send head");
    let mut interim = [0u8; 25];
    conn.stream.read_exact(&mut interim).expect("100 Continue");
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    conn.stream.write_all(body.as_bytes()).expect("send body");
    let reply = conn.read_reply(false).expect("answer");
    assert_eq!(reply.status, 200, "{}", reply.body);
    // HTTP/1.0 with keep-alive: answered, and the connection stays open.
    let mut conn = net::Conn::from(srv.connect());
    for _ in 0..3 {
        conn.stream
            .write_all(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            .expect("send");
        let reply = conn.read_reply(false).expect("answer");
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("Connection"), Some("keep-alive"));
    }
    // A chunked body over the limit is refused like a long one.
    let big = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nTransfer-Encoding: chunked\r\n\r\n2400\r\n{}\r\n0\r\n\r\n",
        "a".repeat(0x2400)
    );
    assert_eq!(srv.send(big.as_bytes()).status, 413);
    assert_eq!(
        srv.csv(DAY).expect("file"),
        expected_file(&["21A,Chunked,09:00:00", "22,Patient,09:00:00"])
    );
}

#[test]
fn bodies_that_never_come_do_not_hold_up_check_ins() {
    let srv = start();
    // More stalled bodies of each kind than the server has request
    // handlers (32), from loopback, which has no per-address cap: before,
    // each held a handler until it timed out, and nobody could check in.
    let kinds = [
        format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nr"),
        format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nExpect: 100-continue\r\nContent-Length: 20\r\n\r\n"),
        format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nConnection: upgrade\r\nUpgrade: websocket\r\nContent-Length: 40\r\n\r\nroll="),
        format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{FORM}\r\nContent-Length: 5000\r\n\r\nroll=1&name="),
    ];
    let mut stalled = Vec::new();
    for kind in kinds.iter() {
        for _ in 0..40 {
            let mut c = srv.connect();
            c.write_all(kind.as_bytes()).expect("send");
            stalled.push(c);
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    for i in 0..10 {
        let reply = srv.check_in(&format!("3{i}"), "Asha");
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(srv.get("/").status, 200);
    drop(stalled);
    assert_eq!(srv.today_csv().expect("file").lines().count(), 11);
}

#[test]
fn pipelined_requests_are_answered_and_saved_in_order() {
    let srv = start();
    // Two check-ins of one roll sent back to back on one connection, then
    // a GET: the first is saved, the second is "already marked", always.
    for round in 0..50 {
        let roll = format!("{}", 500 + round);
        let mut all = net::check_in(&roll, "First", &srv.ticket());
        all.extend_from_slice(&net::check_in(&roll, "Second", &srv.ticket()));
        all.extend_from_slice(&net::get("/"));
        let mut conn = net::Conn::from(srv.connect());
        conn.stream
            .write_all(&all)
            .expect("send three requests at once");
        let first = conn.read_reply(false).expect("first answer");
        let second = conn.read_reply(false).expect("second answer");
        let third = conn.read_reply(false).expect("third answer");
        assert!(
            first.body.contains("Present") && first.body.contains("First"),
            "round {round}: {}",
            first.body
        );
        assert!(
            second.body.contains("already marked"),
            "round {round}: {}",
            second.body
        );
        assert_eq!(third.status, 200);
    }
    let file = srv.today_csv().expect("file");
    assert_eq!(file.matches(",First,").count(), 50, "{file}");
    assert_eq!(file.matches(",Second,").count(), 0, "{file}");
}

#[test]
fn a_client_that_never_reads_its_answers_holds_nobody_up() {
    let srv = start();
    // One connection sends 20,000 requests and reads nothing; the server
    // answers one at a time until its answers are not taken, and others
    // check in meanwhile.
    let mut flood = srv.connect();
    flood
        .set_write_timeout(Some(Duration::from_secs(3)))
        .expect("timeout");
    let request = net::get("/");
    let batch: Vec<u8> = request
        .iter()
        .copied()
        .cycle()
        .take(request.len() * 1000)
        .collect();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for _ in 0..20 {
                if flood.write_all(&batch).is_err() {
                    break;
                }
            }
        });
        std::thread::sleep(Duration::from_millis(300));
        for i in 0..10 {
            let reply = srv.check_in(&format!("4{i}"), "Asha");
            assert_eq!(reply.status, 200, "{}", reply.body);
        }
    });
    assert_eq!(srv.today_csv().expect("file").lines().count(), 11);
}
