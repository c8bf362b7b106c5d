//! What the teacher reads in the terminal when rollcall starts and stops,
//! and the code line kept up to date while it runs.

use crate::arrivals;
use crate::class::Class;
use crate::console;
use crate::qr;
use crate::session::Mode;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The start-up message: who may check in and where, the code, where the
/// teacher's screen and the files are; the QR code last, so that it is
/// what a console window of 25 lines shows.
pub fn print_start(class: &Class) {
    let bound = class.join.addr.ip();
    match &class.name {
        Some(name) => say!(
            "rollcall {} — attendance check-in is open for class {name}.",
            env!("CARGO_PKG_VERSION")
        ),
        None => say!(
            "rollcall {} — attendance check-in is open.",
            env!("CARGO_PKG_VERSION")
        ),
    }
    say!("");
    if bound.is_loopback() {
        say!("  Only this laptop can check in (--bind {bound}).");
    } else {
        print_addresses(class);
    }
    say!("");
    print_session(class);
    print_places(class);
    if !bound.is_loopback() {
        if let Some(first) = class.join.student_addresses().first() {
            print_qr(&class.join.url_of(first), &first.label());
        }
    }
    say!("");
}

/// The code rule, the class list and when check-in closes.
fn print_session(class: &Class) {
    let now = class.now();
    let status = class.session().status(now);
    match &status.mode {
        Mode::Rotating => {
            say!(
                "  Code:       on the teacher's screen, a new one every {} s",
                class.session().every()
            )
        }
        Mode::Fixed(code) => say!("  Code:       {code}  (write it on the board)"),
        Mode::Off => say!("  Code:       none needed (--no-code)"),
    }
    if let Some(roster) = &class.roster {
        say!(
            "  Class list: {} students; other rolls are turned away",
            roster.len()
        );
    }
    if let Some(secs) = status.closes_in {
        say!(
            "  Closes:     in {} minutes, at {}",
            (secs + 59) / 60,
            (now + chrono::Duration::seconds(secs)).time()
        );
    }
}

/// The teacher's screen, the file being saved to, how to stop, and what
/// the register and the firewall have to say.
fn print_places(class: &Class) {
    let local = class.join.local_addr();
    say!("");
    say!("  Teacher's screen (this laptop only):  http://{local}/teacher");
    say!("  On this laptop:  http://{local}/");
    say!("");
    let (path, notices) = {
        let mut register = class.register();
        (register.path().to_path_buf(), register.take_notices())
    };
    say!("  Saving to:  {}", absolute(&path).display());
    say!("  To stop:    press Ctrl+C (check-ins already saved stay saved).");
    for notice in notices {
        say!("");
        say!("  ** {notice}");
    }
    if let Some(hint) = console::firewall_hint() {
        say!("");
        say!("{hint}");
    }
}

/// The join address first, in a teacher's words, and the others below it.
fn print_addresses(class: &Class) {
    let addresses = class.join.student_addresses();
    let first = match addresses.first() {
        Some(first) => first,
        None => {
            say!("  This laptop is not on a network yet. Connect it to the classroom Wi-Fi");
            say!("  or turn on a hotspot, then restart rollcall to see the address to share.");
            return;
        }
    };
    if let Some(wanted) = class.join.networks.chosen() {
        if !addresses.iter().any(|a| a.is_named(&wanted)) {
            say!("  ** No network named {wanted} (--network): showing the best one instead.");
            say!("");
        }
    }
    say!("  Students: join the same Wi-Fi as this laptop, then open");
    say!("      {}    {}", class.join.url_of(first), first.label());
    if addresses.len() > 1 {
        say!("  If the phones are on another network of this laptop:");
        for a in &addresses[1..] {
            let rarely = if a.kind.is_classroom() {
                ""
            } else {
                " — not a classroom network"
            };
            say!("      {}    {}{rarely}", class.join.url_of(a), a.label());
        }
    }
}

/// Says in the terminal that the teacher chose another join address, with
/// its QR code.
pub fn print_join_changed(class: &Class) {
    if let Some(first) = class.join.student_addresses().first() {
        say!("");
        say!(
            "  Students now join at {}    {} (chosen on the teacher's screen)",
            class.join.url_of(first),
            first.label()
        );
        print_qr(&class.join.url_of(first), &first.label());
        say!("");
    }
}

/// The join address as a QR code in the terminal, for a classroom without
/// a projector, where the terminal can draw it.
fn print_qr(url: &str, network: &str) {
    if !console::can_draw_blocks() {
        return;
    }
    say!("");
    say!("  Students can also scan this to open {url} ({network})");
    for line in qr::terminal(url) {
        say!("      {line}");
    }
}

/// Keeps the last line of the terminal showing the current code and the
/// count, rewritten in place, until Ctrl+C. Only on a terminal: a log file
/// would fill with it.
pub fn keep_code_line(class: &Class) {
    if !console::is_terminal() {
        return;
    }
    while !crate::shutdown::requested() {
        let now = class.now();
        let status = class.session().status(now);
        let present = class.register().count();
        let line = match (&status.mode, status.open, &status.code) {
            (_, false, _) => format!("  [ check-in closed · {present} present ]"),
            (Mode::Rotating, true, Some(code)) => format!(
                "  [ code {code} · new in {:>2} s · {present} present ]",
                status.code_expires_in.unwrap_or_default()
            ),
            (Mode::Fixed(code), true, _) => format!("  [ code {code} · {present} present ]"),
            _ => format!("  [ open · {present} present ]"),
        };
        console::show_status(&line);
        std::thread::sleep(Duration::from_millis(500));
    }
    console::show_status("");
}

/// The goodbye message.
pub fn print_stop(class: &Class) {
    let (count, path) = {
        let register = class.register();
        (register.count(), register.path().to_path_buf())
    };
    say!("");
    say!(
        "Stopped. {} marked today; the file is {}",
        plural(count, "student", "students"),
        absolute(&path).display()
    );
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `path` made absolute against the current folder, without resolving
/// links (Windows' canonical form, `\\?\C:\...`, would confuse a teacher).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd.join(path),
        Err(_) => path.to_path_buf(),
    }
}
/// Prints the hint in the terminal once when it is due, and says when the
/// first phone arrives after it; until Ctrl+C.
pub fn watch_arrivals(class: &Class) {
    let mut hinted = false;
    while !crate::shutdown::requested() {
        std::thread::sleep(std::time::Duration::from_millis(500));
        let now = class.now();
        if !hinted && class.arrivals.hint_due(now, class.session().is_open(now)) {
            hinted = true;
            let (join, others) = class.join.join_networks();
            say!("");
            say!(
                "  ** No phone has reached this laptop in {} minutes. Check, in order:",
                arrivals::WAIT_SECONDS / 60
            );
            for (i, step) in arrivals::hint(&join, &others).iter().enumerate() {
                say!("     {}. {step}", i + 1);
            }
            say!("");
        }
        if let Some((at, ip)) = class.arrivals.first_phone() {
            if hinted {
                say!("  {}  A phone reached the laptop (from {ip}).", at.time());
            }
            return;
        }
    }
}
