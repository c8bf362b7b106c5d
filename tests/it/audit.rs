//! The audit trail stays small under a flood and a restart reads it in
//! little memory. A phone in a network namespace of the test's own (root;
//! `#[ignore]`d elsewhere, saying why) re-sends a check-in
//! over one kept-alive connection as fast as the server answers; a restart
//! replays a trail of tens of MiB. Traffic goes only to that namespace.

use crate::harness::{self, Server, TempDir};
use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

const DAY: &str = "2026-02-10";

/// Bytes and lines of the day's audit trail.
fn audit_size(srv: &Server) -> (usize, usize) {
    let trail = srv.audit(DAY);
    (trail.len(), trail.lines().count())
}

/// Sends `body` as a check-in on a kept-alive connection and reads the
/// status of the answer.
fn post(
    stream: &mut (impl Read + Write),
    reader: &mut impl BufRead,
    host: &str,
    body: &str,
) -> u16 {
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nCookie: rc_device=0123456789abcdef0123456789abcdef\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut status_line = String::new();
    reader.read_line(&mut status_line).expect("status line");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    status
}

#[cfg(unix)]
#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_phone_re_sending_its_check_in_grows_the_audit_by_a_few_lines() {
    // Heavy: as many requests as the server answers, for seconds.
    let _alone = harness::alone();
    let ns = match harness::netns::netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    let srv = Server::builder()
        .arg("--bind")
        .arg("0.0.0.0")
        .clock(&format!("{DAY} 10:00:00"))
        .start();
    let host = format!("{}:{}", ns.server_ip, srv.port);
    // The form's ticket, fetched from the phone, then the form sent; then
    // the same form (the same ticket) again and again.
    let (_, form) = ns.curl(&format!("http://{host}/"), &[]);
    let ticket = harness::ticket_in(&form).expect("a form with a ticket");
    let body = format!("roll=12&name=Udbhav&ticket={ticket}");
    let mut stream = ns.connect(srv.port).expect("connect from the phone");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    assert_eq!(post(&mut stream, &mut reader, &host, &body), 200);
    let before = audit_size(&srv);
    // Re-sent for up to 5 s or 3,000 times, as a script would.
    let started = Instant::now();
    let mut answers = std::collections::BTreeMap::new();
    let mut sent = 0;
    while sent < 3000 && started.elapsed() < Duration::from_secs(5) {
        let status = post(&mut stream, &mut reader, &host, &body);
        *answers.entry(status).or_insert(0) += 1;
        sent += 1;
    }
    let after = audit_size(&srv);
    println!(
        "{sent} re-sent check-ins in {:.1?}: answers {answers:?}; audit +{} bytes, +{} lines",
        started.elapsed(),
        after.0 - before.0,
        after.1 - before.1
    );
    // A few refused (the form's ticket is used already), then "wait a
    // minute" (429) for the rest.
    assert!(answers.get(&200).copied().unwrap_or(0) <= 5, "{answers:?}");
    assert!(
        answers.get(&429).copied().unwrap_or(0) >= sent - 5,
        "{answers:?}"
    );
    // One "ticket used already" line and one "too many" line, or so.
    assert!(after.1 - before.1 <= 3, "{}", srv.audit(DAY));
    assert!(after.0 - before.0 < 1024);
    let said = srv.stdout();
    assert!(said.matches("(again)").count() <= 1, "{said}");
}

#[test]
fn refused_nonsense_is_written_down_only_as_long_as_a_roll_and_a_name() {
    let srv = Server::builder().clock(&format!("{DAY} 10:00:00")).start();
    // Just under the 8 KiB a form may be.
    let long = "ब".repeat(400);
    let reply = srv.post_form(&format!(
        "roll={}&name={}",
        "9".repeat(4000),
        harness::encode(&long)
    ));
    assert_eq!(reply.status, 422);
    let trail = srv.audit(DAY);
    let line = trail.lines().last().unwrap_or("");
    assert!(
        line.chars().count() < 400,
        "{} characters: {line}",
        line.chars().count()
    );
    assert!(line.contains(&format!("{}…", "9".repeat(20))), "{line}");
}

#[test]
fn a_restart_reads_a_big_audit_trail_in_little_memory() {
    // Heavy: 24 MiB written, then read back by the server.
    let _alone = harness::alone();
    // A day's trail after a flood: ~24 MiB of refusals, with the day's one
    // accepted phone at the very end.
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    std::fs::create_dir_all(folder.join("audit")).expect("folders");
    let mut trail = std::io::BufWriter::new(
        std::fs::File::create(folder.join(format!("audit/audit_{DAY}.csv"))).expect("trail"),
    );
    trail
        .write_all("\u{feff}Time,Address,Device,Roll,Name,Outcome,Reason\r\n".as_bytes())
        .expect("write");
    let mut written = 0usize;
    let mut i = 0u32;
    while written < 24 << 20 {
        let line = format!(
            "09:{:02}:{:02},10.{}.{}.{},{:032x},{},Somebody {i},refused,wrong code\r\n",
            i / 60 % 60,
            i % 60,
            i >> 16 & 255,
            i >> 8 & 255,
            i & 255,
            i,
            i % 1000
        );
        trail.write_all(line.as_bytes()).expect("write");
        written += line.len();
        i += 1;
    }
    trail
        .write_all(b"09:59:00,10.0.0.2,feedfacefeedfacefeedfacefeedface,12,Udbhav,accepted,\r\n")
        .expect("write");
    drop(trail);
    std::fs::write(
        folder.join(format!("attendance_{DAY}.csv")),
        harness::expected_file(&["12,Udbhav,09:59:00"]),
    )
    .expect("day file");
    let started = Instant::now();
    let srv = Server::builder()
        .dir(&folder)
        .clock(&format!("{DAY} 10:00:00"))
        .start();
    let took = started.elapsed();
    let peak = peak_memory_kib(srv.pid());
    println!(
        "restart on a {} MiB trail ({i} lines): answering after {took:.1?}, peak {peak:?} KiB",
        written >> 20
    );
    // The last line was read: the phone of roll 12 is remembered.
    assert_eq!(srv.status()["refused"]["wrong code"], i);
    if let Some(peak) = peak {
        assert!(
            peak < 32 * 1024,
            "peak {peak} KiB for a {} MiB trail",
            written >> 20
        );
    }
}

/// The most memory the process has held (VmHWM), where the OS tells.
fn peak_memory_kib(pid: u32) -> Option<u64> {
    if harness::under_launcher() {
        return None;
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A small disk that fills under the day's file while the audit folder (a
/// disk of its own here) has room: the check-in is refused as not saved,
/// and the audit trail says so in one line.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs root to mount small disks: cargo test -- --include-ignored as root"]
fn a_full_disk_leaves_one_not_saved_line() {
    use std::process::Command;
    if harness::under_launcher() {
        return harness::skip("small disks are mounted on Linux");
    }
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    let audit = folder.join("audit");
    std::fs::create_dir_all(&folder).expect("folder");
    let mount = |size: &str, at: &std::path::Path| {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .map_or(false, |s| s.success());
        assert!(ok, "this test needs root, to mount a tmpfs");
    };
    mount("64k", &folder);
    std::fs::create_dir_all(&audit).expect("audit folder");
    mount("1m", &audit);
    let srv = Server::builder()
        .dir(&folder)
        .clock(&format!("{DAY} 10:00:00"))
        .start();
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    // Fill the day's disk.
    let mut filler = std::fs::File::create(folder.join("filler")).expect("filler");
    let block = vec![b'x'; 4096];
    while filler.write_all(&block).is_ok() {}
    let _ = filler.sync_all();
    // The day file's last page still has room for a few rows: check in
    // until one cannot be saved.
    let mut refused = None;
    for roll in 2..600 {
        let reply = srv.check_in(&roll.to_string(), "Ben");
        if reply.status != 200 {
            refused = Some((roll, reply));
            break;
        }
    }
    let trail = srv.audit(DAY);
    drop(srv);
    let _ = Command::new("umount").arg(&audit).status();
    let _ = Command::new("umount").arg(&folder).status();
    let (roll, reply) = refused.expect("the full disk refused a check-in");
    assert_eq!(reply.status, 500, "{}", reply.body);
    let said = format!(",{roll},Ben,");
    let lines: Vec<&str> = trail.lines().filter(|l| l.contains(&said)).collect();
    let not_saved = lines.iter().filter(|l| l.contains(",not saved,")).count();
    assert_eq!(not_saved, 1, "{lines:?}");
    assert!(
        lines.last().map_or(false, |l| l.contains(",not saved,")),
        "the last word on roll {roll} is 'not saved': {lines:?}"
    );
}
