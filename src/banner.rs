//! What the teacher reads in the terminal when rollcall starts and stops.

use crate::console;
use crate::server::Server;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// The addresses phones can use, with the network each is on: the laptop's
/// own IPv4 addresses on its networks (Wi-Fi, hotspot, Ethernet), never
/// 0.0.0.0. Link-local (169.254.x.x) addresses are left out: they mean "no
/// network yet".
pub fn student_addresses(server: &Server) -> Vec<(SocketAddr, String)> {
    let addr = server.addr();
    if !addr.ip().is_unspecified() {
        return vec![(addr, String::new())];
    }
    let mut found: Vec<(IpAddr, String)> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback() && !i.is_link_local())
        .filter(|i| i.ip().is_ipv4() || addr.is_ipv6())
        .map(|i| (i.ip(), i.name))
        .collect();
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    found
        .into_iter()
        .map(|(ip, name)| (SocketAddr::new(ip, addr.port()), name))
        .collect()
}

/// The start-up message.
pub fn print_start(server: &Server) {
    let port = server.addr().port();
    let bound = server.addr().ip();
    say!(
        "rollcall {} — attendance check-in is open.",
        env!("CARGO_PKG_VERSION")
    );
    say!("");
    if bound.is_loopback() {
        say!("  Only this laptop can check in (--bind {bound}).");
    } else {
        let addresses = student_addresses(server);
        if addresses.is_empty() {
            say!("  This laptop is not on a network yet. Connect it to the classroom Wi-Fi");
            say!("  or turn on a hotspot, then restart rollcall to see the address to share.");
        } else {
            say!("  Students: join the same Wi-Fi as this laptop, then open");
            for (a, network) in &addresses {
                if network.is_empty() {
                    say!("      http://{a}/");
                } else {
                    say!("      http://{a}/    ({network})");
                }
            }
        }
    }
    let local = if bound.is_unspecified() || bound.is_loopback() {
        let loopback = if bound.is_ipv6() {
            IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1])
        } else {
            IpAddr::from([127u8, 0, 0, 1])
        };
        SocketAddr::new(loopback, port)
    } else {
        server.addr()
    };
    say!("  On this laptop:  http://{local}/");
    say!("");
    say!("  Saving to:  {}", absolute(&server.today_file()).display());
    say!("  To stop:    press Ctrl+C (check-ins already saved stay saved).");
    for notice in server.take_notices() {
        say!("");
        say!("  ** {notice}");
    }
    if let Some(hint) = console::firewall_hint() {
        say!("");
        say!("  {hint}");
    }
    say!("");
}

/// The goodbye message.
pub fn print_stop(server: &Server) {
    say!("");
    say!(
        "Stopped. {} marked today; the file is {}",
        plural(server.count(), "student", "students"),
        absolute(&server.today_file()).display()
    );
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `path` made absolute against the current folder, without resolving
/// links (Windows' canonical form, `\\?\C:\...`, would confuse a teacher).
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd.join(path),
        Err(_) => path.to_path_buf(),
    }
}
