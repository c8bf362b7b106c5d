//! File handles and the connection limit (issue 16, item 3). Every open
//! connection holds a file handle; rollcall raises its soft limit to the
//! hard one at start, holds at most that many connections less a reserve for
//! its own files, and when full lets idle connections go to make room, and
//! says so on the terminal. Linux (Unix file-handle limits).
#![cfg(target_os = "linux")]

mod common;
mod net;

use common::Server;
use std::net::TcpStream;
use std::time::Duration;

/// The first test lowers this process's own limit for a moment: the tests
/// here take turns.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

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

fn set_own_limit(lim: &libc::rlimit) {
    // Safety: setrlimit with a struct we filled.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, lim) }, 0);
}

#[test]
fn the_soft_file_limit_is_raised_to_the_hard_one() {
    if common::under_launcher() {
        return common::skip("file handle limits are set with the Unix ulimit");
    }
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let original = own_limit();
    if original.rlim_max < 1024 {
        return common::skip("the hard limit on open files here is below 1,024");
    }
    // Start the server with a soft limit of 128 (it inherits ours), then
    // take ours back.
    let low = libc::rlimit {
        rlim_cur: 128,
        rlim_max: original.rlim_max,
    };
    set_own_limit(&low);
    let srv = Server::builder().clock("2026-02-10 09:00:00").start();
    set_own_limit(&original);
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
    if common::under_launcher() {
        return common::skip("file handle limits are set with the Unix ulimit");
    }
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
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
