//! What the teacher's laptop does at start beside serving: open the
//! teacher's screen in the browser, and show the join QR code in the
//! terminal for a room without a projector. Linux (the Windows build opens
//! the browser through the shell; see README).

use crate::harness::{self, netns, rollcall_command, TempDir};
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A fake `xdg-open` in `dir` that records its arguments and exits `code`.
fn fake_opener(dir: &Path, code: i32) -> std::path::PathBuf {
    let record = dir.join("opened.txt");
    let script = dir.join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\nexit {code}\n",
            record.display()
        ),
    )
    .expect("write fake xdg-open");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    record
}

fn wait_for_file(path: &Path) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(path) {
            if text.ends_with('\n') {
                return Some(text);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn the_teachers_screen_opens_in_the_browser_by_itself() {
    if harness::under_launcher() {
        harness::skip("browser opening: Linux's xdg-open; Windows uses the shell");
        return;
    }
    for (exit_code, works) in [(0, true), (3, false)] {
        let dir = TempDir::new();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).expect("mkdir");
        let record = fake_opener(&bin, exit_code);
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut child = rollcall_command()
            .args(["--bind", "127.0.0.1", "--port", "0", "--no-code", "--dir"])
            .arg(dir.path().join("attendance"))
            .env("PATH", path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start");
        let opened = wait_for_file(&record);
        std::thread::sleep(Duration::from_millis(300));
        // Still serving, whatever the opener did.
        assert!(
            child.try_wait().expect("wait").is_none(),
            "rollcall stopped"
        );
        let _ = child.kill();
        let out = child.wait_with_output().expect("output");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let opened = opened.expect("xdg-open was called");
        let port = stdout
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .expect("start message names the port");
        assert_eq!(opened.trim(), format!("http://127.0.0.1:{port}/teacher"));
        assert!(stdout.contains(&format!(
            "Teacher's screen (this laptop only):  http://127.0.0.1:{port}/teacher"
        )));
        if works {
            assert!(!stderr.contains("could not be opened"), "{stderr}");
        } else {
            assert!(
                stderr.contains(&format!("The browser could not be opened (xdg-open exited with 3). Open a browser on this laptop and type http://127.0.0.1:{port}/teacher into its address bar.")),
                "{stderr}"
            );
        }
    }
    // --no-browser: never called.
    let dir = TempDir::new();
    let record = fake_opener(dir.path(), 0);
    let mut srv_cmd = rollcall_command();
    srv_cmd
        .args([
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--no-browser",
            "--dir",
        ])
        .arg(dir.path().join("attendance"))
        .env("PATH", format!("{}:/usr/bin:/bin", dir.path().display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = srv_cmd.spawn().expect("start");
    std::thread::sleep(Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();
    assert!(!record.exists(), "--no-browser still opened the browser");
}

/// Draws the terminal's QR lines as a PBM picture (dark modules black) and
/// reads it with zbarimg, as a phone camera would read the screen.
fn decode_terminal_qr(lines: &[&str], work: &Path) -> Option<String> {
    let width = lines.iter().map(|l| l.chars().count()).max()?;
    let scale = 6;
    let rows = lines.len() * 2;
    let mut pbm = format!("P1\n{} {}\n", width * scale, rows * scale);
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        for half in 0..2 {
            let mut row = String::new();
            for x in 0..width {
                // A drawn block is light; a blank is the dark background.
                let light = match chars.get(x).copied().unwrap_or(' ') {
                    '█' => true,
                    '▀' => half == 0,
                    '▄' => half == 1,
                    _ => false,
                };
                for _ in 0..scale {
                    row.push_str(if light { "0 " } else { "1 " });
                }
            }
            for _ in 0..scale {
                pbm.push_str(&row);
                pbm.push('\n');
            }
        }
    }
    let file = work.join("qr.pbm");
    std::fs::write(&file, pbm).ok()?;
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&file)
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
#[ignore = "needs root for a network namespace and zbarimg: cargo test -- --include-ignored as root (.ci/run does)"]
fn the_terminal_shows_a_join_qr_code_a_phone_can_read() {
    assert!(
        Command::new("zbarimg").arg("--version").output().is_ok(),
        "this test needs zbarimg (Debian zbar-tools)"
    );
    // A network address of the laptop's own, as a hotspot gives it.
    let ns = match netns::netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    let command = format!(
        "'{}' --bind {} --port 0 --no-browser --no-code --dir '{}'",
        env!("CARGO_BIN_EXE_rollcall"),
        ns.server_ip,
        folder.display()
    );
    // `script` gives rollcall a terminal, as a teacher's window is; the
    // status line that follows the QR code shows the whole of it is there.
    let mut child = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start script");
    let mut stdout = child.stdout.take().expect("stdout");
    let text = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
            }
            if String::from_utf8_lossy(&all).contains("present ]") {
                break;
            }
        }
        String::from_utf8_lossy(&all).replace('\r', "")
    })
    .join()
    .expect("reader");
    let url = text
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .next()
                .filter(|w| w.starts_with(&format!("http://{}:", ns.server_ip)))
        })
        .map(String::from);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches(' '))
        .filter(|l| l.chars().any(|c| matches!(c, '█' | '▀' | '▄')))
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    // rollcall itself, under `script`'s shell: the one process given this
    // test's own folder (its address alone could name another test's).
    harness::kill_processes_with_arg(&folder.display().to_string());
    let url = url.unwrap_or_else(|| panic!("no join address in:\n{text}"));
    assert!(lines.len() > 10, "no QR code drawn:\n{text}");
    let decoded = decode_terminal_qr(&lines, dir.path()).unwrap_or_default();
    assert_eq!(
        decoded, url,
        "the terminal QR code reads as the join address"
    );
}
