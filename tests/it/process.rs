//! The program as a teacher starts and stops it: options, errors, Ctrl+C,
//! and SIGKILL in the middle of a class.

use crate::harness::{self, expected_file, rollcall_command, Server, TempDir};
use std::ffi::OsString;
use std::process::{Command, Stdio};

/// `args` after the options every start here needs: a port of the OS's
/// choosing on loopback, no browser.
fn quiet(args: &[&str]) -> Vec<OsString> {
    ["--port", "0", "--bind", "127.0.0.1", "--no-browser"]
        .iter()
        .chain(args)
        .map(OsString::from)
        .collect()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = rollcall_command()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run rollcall");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).replace('\r', ""),
        String::from_utf8_lossy(&out.stderr).replace('\r', ""),
    )
}

#[test]
fn help_and_version() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: rollcall"));
    for option in ["--port", "--bind", "--dir", "--help", "--version"] {
        assert!(out.contains(option), "{option} documented");
    }
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("rollcall {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_options_and_bad_values_exit_2_in_two_lines() {
    for (args, says) in [
        (
            &["--prot", "80"][..],
            "unknown option '--prot' (did you mean --port?).",
        ),
        (
            &["--no-brwser"],
            "unknown option '--no-brwser' (did you mean --no-browser?).",
        ),
        (&["--frobnicate"], "unknown option '--frobnicate'."),
        (&["--port", "eighty"], "--port takes a number"),
        (&["--port", "99999"], "--port takes a number"),
        (&["--bind", "myhost"], "--bind takes an IP address"),
        (&["--dir"], "--dir needs a value"),
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.starts_with(&format!("rollcall: {says}")),
            "{args:?}: {err}"
        );
        // Short enough to stay on a 25-line console, with the way on.
        assert_eq!(err.lines().count(), 2, "{args:?}: {err}");
        assert!(
            err.ends_with("rollcall --help lists every option.\n"),
            "{args:?}: {err}"
        );
        assert!(!err.contains(".."), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
    }
}

#[test]
fn a_port_in_use_is_named_with_a_way_out() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = busy.local_addr().expect("addr").port().to_string();
    let dir = TempDir::new();
    let folder = harness::program_path(&dir.path().join("attendance"));
    let out = rollcall_command()
        .args(["--bind", "127.0.0.1", "--port", &port, "--dir"])
        .arg(folder)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_ne!(out.status.code(), Some(2), "not a usage error");
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn an_unwritable_folder_is_reported_plainly() {
    let dir = TempDir::new();
    // A file where the folder should be: cannot be created on any system.
    let blocker = dir.path().join("attendance");
    std::fs::write(&blocker, "not a folder").expect("write");
    let out = rollcall_command()
        .args(["--bind", "127.0.0.1", "--port", "0", "--dir"])
        .arg(harness::program_path(&blocker.join("class")))
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("rollcall could not start: could not create the folder"),
        "{err}"
    );
}

#[test]
fn start_up_message_names_address_folder_and_how_to_stop() {
    let srv = Server::start();
    let out = srv.wait_for_stdout("To stop:");
    assert!(
        out.contains(&format!("http://127.0.0.1:{}/", srv.port)),
        "{out}"
    );
    assert!(out.contains("Saving to:"), "{out}");
    assert!(out.contains("attendance_"), "{out}");
    assert!(out.contains("Ctrl+C"), "{out}");
    assert!(!out.contains("0.0.0.0"), "{out}");
    if harness::under_launcher() {
        assert!(out.contains("Windows Firewall"), "{out}");
    }
}

#[test]
fn on_every_network_it_names_the_laptops_real_addresses() {
    // The default --bind 0.0.0.0 (given last, it wins over the harness's
    // loopback). Nothing is sent to these addresses; they are only printed.
    let srv = Server::builder().arg("--bind").arg("0.0.0.0").start();
    let out = srv.wait_for_stdout("To stop:");
    assert!(!out.contains("0.0.0.0"), "never the wildcard: {out}");
    let lan: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("http://") && !l.starts_with("http://127."))
        .collect();
    if lan.is_empty() {
        assert!(out.contains("not on a network yet"), "{out}");
    } else {
        assert!(out.contains("Students: join the same Wi-Fi"), "{out}");
        for line in lan {
            let host = line["http://".len()..].split(':').next().unwrap_or("");
            let ip: std::net::Ipv4Addr = host.parse().expect("an IPv4 address");
            assert!(
                !ip.is_loopback() && !ip.is_unspecified() && !ip.is_link_local(),
                "{line}"
            );
            assert!(line.contains(&format!(":{}/", srv.port)), "{line}");
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_after_saving() {
    // Under Wine, SIGINT to the loader arrives as CTRL_C_EVENT: this also
    // tests the Windows handler.
    let mut srv = Server::builder().clock("2026-02-10 09:00:00").start();
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    let status = srv.interrupt();
    assert!(status.success(), "exit status {status}");
    assert!(srv.stdout().contains("Stopped. 1 student marked today"));
    assert!(!srv.stderr().contains("panicked"), "{}", srv.stderr());
    assert_eq!(
        srv.csv("2026-02-10").expect("file"),
        expected_file(&["1,Ann,09:00:00"])
    );
}

#[cfg(unix)]
#[test]
fn sigkill_mid_class_loses_no_acknowledged_row() {
    // Heavy: eight phones checking in as fast as answered.
    let _alone = harness::alone();
    if harness::under_launcher() {
        return harness::skip("killing Wine's loader is not a power cut of the Windows program");
    }
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    let mut acknowledged = Vec::new();
    for round in 0..3 {
        let mut srv = Server::builder()
            .dir(&folder)
            .clock("2026-02-10 09:00:00")
            .start();
        // Phones keep checking in while the server is killed under them.
        let stop = std::sync::atomic::AtomicBool::new(false);
        // Acknowledged so far, so a slow machine (qemu, Wine) still kills mid-class.
        let acked = std::sync::atomic::AtomicUsize::new(0);
        let got: Vec<String> = std::thread::scope(|scope| {
            let srv_ref = &srv;
            let stop = &stop;
            let acked = &acked;
            let phones: Vec<_> = (0..8)
                .map(|phone| {
                    scope.spawn(move || {
                        let mut mine = Vec::new();
                        for n in 0.. {
                            if stop.load(std::sync::atomic::Ordering::SeqCst) {
                                break;
                            }
                            let roll = format!("{round}-{phone}-{n}");
                            let mut stream = match std::net::TcpStream::connect(("127.0.0.1", srv_ref.port)) {
                                Ok(s) => s,
                                Err(_) => break,
                            };
                            let ticket = harness::fetch_ticket(srv_ref.port);
                            let body = format!("roll={roll}&name=Ann&ticket={ticket}");
                            let req = format!("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                            use std::io::{Read, Write};
                            if stream.write_all(req.as_bytes()).is_err() {
                                break;
                            }
                            let mut raw = Vec::new();
                            let _ = stream.read_to_end(&mut raw);
                            if raw.starts_with(b"HTTP/1.1 200") && String::from_utf8_lossy(&raw).contains("Present") {
                                mine.push(roll);
                                acked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            }
                        }
                        mine
                    })
                })
                .collect();
            std::thread::sleep(std::time::Duration::from_millis(300));
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while acked.load(std::sync::atomic::Ordering::SeqCst) == 0
                && std::time::Instant::now() < deadline
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            srv_ref_kill(srv_ref);
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
            phones
                .into_iter()
                .flat_map(|p| p.join().expect("phone"))
                .collect()
        });
        srv.kill();
        assert!(
            !got.is_empty(),
            "round {round}: some check-ins before the kill"
        );
        acknowledged.extend(got);
    }
    // Restart: every acknowledged roll is in the file once, and refused again.
    let srv = Server::builder()
        .dir(&folder)
        .clock("2026-02-10 09:30:00")
        .start();
    let text = srv.today_csv().expect("file");
    assert!(text.ends_with("\r\n"), "whole rows only");
    for roll in &acknowledged {
        let row = format!("\n{roll},Ann,09:00:00\r\n");
        assert_eq!(text.matches(&row).count(), 1, "{roll} once in file");
    }
    for roll in acknowledged.iter().take(20) {
        assert!(srv.check_in(roll, "Ann").body.contains("already marked"));
    }
    eprintln!("{} acknowledged rows survived 3 kills", acknowledged.len());
}

#[cfg(unix)]
/// SIGKILL by pid while the test still holds the `Server` by reference.
fn srv_ref_kill(srv: &Server) {
    let pid = srv.pid();
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
}

#[test]
fn a_closed_terminal_does_not_stop_check_ins() {
    use std::io::Write;
    // A port that was free a moment ago: the server's own output, where it
    // would say which port it took, is exactly what this test takes away.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let dir = TempDir::new();
    let mut child = rollcall_command()
        .args([
            "--no-browser",
            "--no-code",
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .arg("--dir")
        .arg(harness::program_path(&dir.path().join("attendance")))
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    // The terminal window is closed: both pipes lose their reader.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let check_in = |roll: &str| -> Option<harness::Reply> {
        let ticket = harness::fetch_ticket(port);
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        let body = format!("roll={roll}&name=Ann&ticket={ticket}");
        let req = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).ok()?;
        Some(harness::read_reply(&mut s))
    };
    let first = loop {
        if let Some(reply) = check_in("1") {
            break reply;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "server never listened"
        );
        assert!(child.try_wait().expect("wait").is_none(), "server exited");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(first.status, 200, "{}", first.body);
    let second = check_in("2").expect("still serving");
    assert_eq!(second.status, 200);
    assert!(
        child.try_wait().expect("wait").is_none(),
        "a write to the closed terminal stopped the server"
    );
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_dir(dir.path().join("attendance"))
        .expect("folder")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    assert!(
        text.contains("\r\n1,Ann,") && text.contains("\r\n2,Ann,"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn running_out_of_file_handles_does_not_stop_the_server_for_good() {
    if harness::under_launcher() {
        return harness::skip("file handle limits are set with the Unix ulimit");
    }
    let srv = Server::builder()
        .clock("2026-02-10 09:00:00")
        .open_files(64)
        .start();
    assert_eq!(srv.check_in("1", "Ann").status, 200);
    // Far more open connections than the server may have files: its accept
    // fails (EMFILE) until some close. That used to end tiny_http's accept
    // thread, and with it the server, silently.
    let hogs: Vec<_> = (0..120)
        .filter_map(|_| std::net::TcpStream::connect(("127.0.0.1", srv.port)).ok())
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(hogs);
    let reply = srv.check_in("2", "Ben");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        srv.csv("2026-02-10").expect("file"),
        expected_file(&["1,Ann,09:00:00", "2,Ben,09:00:00"])
    );
}

#[test]
#[ignore = "Windows only: scripts/test-windows runs it under Wine"]
fn windows_only_a_double_clicked_window_stays_open_to_show_why_it_stopped() {
    use std::io::{Read, Write};
    assert!(
        harness::under_launcher(),
        "a Windows console behaviour: run scripts/test-windows"
    );
    // Under Wine a program whose input is a terminal gets a console of its
    // own, alone in it, as a program double-clicked in Explorer does. `script`
    // gives it that terminal.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = busy.local_addr().expect("addr").port();
    let quote = |s: std::ffi::OsString| format!("'{}'", s.to_string_lossy().replace('\'', "'\\''"));
    let launcher = quote(std::env::var_os("ROLLCALL_LAUNCH").expect("launcher"));
    let exe = quote(std::env::var_os("ROLLCALL_BIN").expect("exe"));
    let mut child = std::process::Command::new("script")
        .args(["-qfec"])
        .arg(format!("{launcher} {exe} --bind 127.0.0.1 --port {port}"))
        .arg("/dev/null")
        .env("WINEDEBUG", "-all")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run script(1) from util-linux");
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut screen = Vec::new();
    while !String::from_utf8_lossy(&screen).contains("Press Enter") {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match rx.recv_timeout(left) {
            Ok(bytes) => screen.extend(bytes),
            Err(_) => panic!("no pause: {}", String::from_utf8_lossy(&screen)),
        }
    }
    // The console wraps long lines; the reason is on screen all the same.
    let text: String = String::from_utf8_lossy(&screen)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    assert!(text.contains("already in use"), "{text}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "window closed before Enter"
    );
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"\r\n").expect("press Enter");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Enter did not close it"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1), "start failure exit code");
    drop(busy);
}

#[test]
fn a_relative_folder_is_named_in_full_when_it_cannot_be_made() {
    let dir = TempDir::new();
    std::fs::write(dir.path().join("attendance"), "a file, not a folder").expect("write");
    let (code, _, err) = harness::run_in(dir.path(), &quiet(&["--dir", "attendance"]), None);
    assert_eq!(code, 1, "{err}");
    let full = harness::program_path(&dir.path().join("attendance"));
    assert!(
        err.contains(&format!(
            "could not create the folder {}",
            full.to_string_lossy()
        )),
        "the whole path: {err}"
    );
    assert!(!err.contains(".."), "{err}");
}

/// A read-only disk (a write-protected USB stick): a read-only tmpfs, which
/// only root can mount.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs root to mount a read-only disk: cargo test -- --include-ignored as root"]
fn a_read_only_disk_says_what_to_do() {
    if harness::under_launcher() {
        harness::skip("a read-only mount is made on Linux");
        return;
    }
    let dir = TempDir::new();
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).expect("mkdir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs"])
        .arg(&stick)
        .status()
        .map_or(false, |s| s.success());
    assert!(mounted, "this test needs root, to mount a read-only tmpfs");
    let folder = stick.join("attendance");
    let (code, _, err) = harness::run_in(
        dir.path(),
        &quiet(&["--dir", &folder.to_string_lossy()]),
        None,
    );
    let _ = Command::new("umount").arg(&stick).status();
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("This disk is read-only"), "{err}");
    assert!(
        err.contains("--dir on a folder or USB stick that can be written"),
        "{err}"
    );
    assert!(!err.contains(".."), "{err}");
}
