//! File handles and the connection limit (issue 16, item 3). Every open
//! connection holds a file handle; rollcall raises its soft limit to the
//! hard one at start, holds at most that many connections less a reserve for
//! its own files, and when full lets idle connections go to make room, and
//! says so on the terminal. Linux (Unix file-handle limits).

use crate::harness::{self, net, Server};
use std::net::TcpStream;
use std::time::Duration;

fn soft_and_hard(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("open files line");
    let mut words = line.split_whitespace().skip(3);
    (
        words.next().unwrap_or("").to_string(),
        words.next().unwrap_or("").to_string(),
    )
}

fn own_limit() -> libc::rlimit {
    // Safety: getrlimit on a local struct.
    unsafe {
        let mut lim: libc::rlimit = std::mem::zeroed();
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        lim
    }
}

#[test]
fn the_soft_file_limit_is_raised_to_the_hard_one() {
    if harness::under_launcher() {
        return harness::skip("file handle limits are set with the Unix ulimit");
    }
    // It counts the server's open files a moment after opening 300.
    let _alone = harness::alone();
    if own_limit().rlim_max < 1024 {
        return harness::skip("the hard limit on open files here is below 1,024");
    }
    // Start the server with a soft limit of 128 and our hard limit. (Not by
    // lowering this process's own soft limit for a moment, which the server
    // would inherit: the tests running beside this one would be held to it.)
    let srv = Server::builder()
        .clock("2026-02-10 09:00:00")
        .soft_open_files(128)
        .start();
    let (soft, hard) = soft_and_hard(srv.pid());
    assert_eq!(soft, hard, "soft limit raised to the hard one");
    // More connections than the old soft limit allowed, and check-ins go on.
    let phones: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", srv.port)).ok())
        .collect();
    assert_eq!(phones.len(), 300);
    std::thread::sleep(Duration::from_millis(300));
    assert!(net::usage(srv.pid()).files > 300, "all 300 held at once");
    let reply = srv.check_in("1", "Ann");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(srv.stderr().is_empty(), "no notice: {}", srv.stderr());
}

#[test]
fn when_full_idle_connections_make_room_and_the_teacher_is_told() {
    if harness::under_launcher() {
        return harness::skip("file handle limits are set with the Unix ulimit");
    }
    // It counts the server's open files a moment after opening 60.
    let _alone = harness::alone();
    // 64 handles: rollcall keeps 32 for itself and holds 32 connections.
    let srv = Server::builder()
        .clock("2026-02-10 09:00:00")
        .open_files(64)
        .start();
    let hogs: Vec<TcpStream> = (0..60)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", srv.port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let held = net::usage(srv.pid()).files;
    assert!(held <= 64, "{held} files open at a limit of 64");
    // Silent connections give way: phones get their turn, and no accept
    // failed for want of a handle.
    for i in 0..5 {
        let reply = srv.check_in(&format!("{i}"), "Ann");
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let out = srv.wait_for_stderr("most connections");
    assert!(out.contains("holding its most connections (32)"), "{out}");
    drop(hogs);
}
