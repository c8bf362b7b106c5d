//! A test host of the test's own making: a network namespace joined to this
//! machine by a veth pair, with addresses of the test's choosing, so a
//! client can reach the server from an address that is not loopback, as a
//! phone on the classroom network does. Needs root and `ip` (iproute2);
//! `Netns::new` says why not where that is missing. Traffic goes only
//! between this machine and the namespace.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A namespace with one veth pair: `host_ip` on this machine's side,
/// `client_ip` inside, both in `10.213.N.0/24`.
pub struct Netns {
    pub name: String,
    host_link: String,
    pub host_ip: String,
    pub client_ip: String,
    /// The /24 prefix, e.g. `10.213.7`.
    pub prefix: String,
}

fn ip(args: &[&str]) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run ip: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl Netns {
    pub fn new() -> Result<Netns, String> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let id = (std::process::id() as usize * 7 + n) % 250;
        let name = format!("rollcall-{}-{n}", std::process::id());
        let host_link = format!("rch{id}x{n}");
        let client_link = format!("rcc{id}x{n}");
        let prefix = format!("10.213.{id}");
        let ns = Netns {
            name: name.clone(),
            host_link: host_link.clone(),
            host_ip: format!("{prefix}.1"),
            client_ip: format!("{prefix}.2"),
            prefix,
        };
        ip(&["netns", "add", &name])?;
        ip(&[
            "link",
            "add",
            &host_link,
            "type",
            "veth",
            "peer",
            "name",
            &client_link,
        ])?;
        ip(&["link", "set", &client_link, "netns", &name])?;
        ip(&[
            "addr",
            "add",
            &format!("{}/24", ns.host_ip),
            "dev",
            &host_link,
        ])?;
        ip(&["link", "set", &host_link, "up"])?;
        let inside = |args: &[&str]| {
            let mut all = vec!["netns", "exec", &name, "ip"];
            all.extend_from_slice(args);
            ip(&all)
        };
        inside(&[
            "addr",
            "add",
            &format!("{}/24", ns.client_ip),
            "dev",
            &client_link,
        ])?;
        inside(&["link", "set", &client_link, "up"])?;
        inside(&["link", "set", "lo", "up"])?;
        Ok(ns)
    }

    /// Adds a second address inside the namespace, on another subnet,
    /// routed back to this machine (a client "from elsewhere").
    pub fn add_client_address(&self, cidr: &str) -> Result<(), String> {
        let link = self.host_link.replacen("rch", "rcc", 1);
        ip(&[
            "netns", "exec", &self.name, "ip", "addr", "add", cidr, "dev", &link,
        ])?;
        let addr = cidr.split('/').next().unwrap_or(cidr);
        ip(&[
            "route",
            "add",
            &format!("{addr}/32"),
            "via",
            &self.client_ip,
        ])
    }

    /// Runs a program inside the namespace.
    pub fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new("ip")
            .args(["netns", "exec", &self.name, program])
            .args(args)
            .output()
            .expect("run ip netns exec")
    }

    /// `curl` from inside: returns (status, body). `extra` are curl options.
    pub fn curl(&self, url: &str, extra: &[&str]) -> (u16, String) {
        let mut args = vec!["-s", "-m", "20", "-w", "\n%{http_code}"];
        args.extend_from_slice(extra);
        args.push(url);
        let out = self.run("curl", &args);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
        (code.trim().parse().unwrap_or(0), body.to_string())
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = ip(&["link", "del", &self.host_link]);
        let _ = ip(&["netns", "del", &self.name]);
    }
}

/// Why namespaces cannot be made here, if they cannot. Under
/// `ROLLCALL_REQUIRE_NETNS=1` (CI, as root) that is a failure, not a skip.
pub fn unavailable() -> Option<String> {
    if super::under_launcher() {
        return Some("the suite runs the .exe under Wine; namespaces are tested on Linux".into());
    }
    let why = missing();
    if let Some(why) = &why {
        if std::env::var("ROLLCALL_REQUIRE_NETNS").as_deref() == Ok("1") {
            panic!("network namespaces required (ROLLCALL_REQUIRE_NETNS=1) but {why}");
        }
    }
    why
}

fn missing() -> Option<String> {
    match Command::new("id").arg("-u").output() {
        Ok(o) if String::from_utf8_lossy(&o.stdout).trim() == "0" => {}
        _ => return Some("network namespaces need root".into()),
    }
    for tool in ["ip", "curl"] {
        if Command::new(tool).arg("-V").output().is_err()
            && Command::new(tool).arg("--version").output().is_err()
        {
            return Some(format!("{tool} is not installed"));
        }
    }
    None
}
