//! The laptop's networks as a real laptop has them, played with network
//! namespaces (Linux, as root): rollcall runs inside a "laptop" whose
//! interfaces are named as a teacher's are — `wlan0` 192.168.43.17/24 (the
//! hotspot the phones are on), `tun0` 10.8.0.6/24 (a VPN), `docker0`
//! 172.17.0.1/16 (a bridge), `vboxnet0` 192.168.56.1/24 (a veth) — and
//! phones and a VPN peer sit in namespaces of their own. What a class needs:
//! the join address (status JSON, the QR code read off the teacher's screen
//! in Chromium with `zbarimg`, the terminal's first address) is the Wi-Fi's;
//! a phone on the Wi-Fi checks in; a peer on the VPN's subnet is refused
//! until the teacher allows its network; the teacher can choose another
//! join address (a click, or `--network`); and when no phone arrives in two
//! minutes the teacher is told what to check, until one does.

use crate::harness::netns::{curl_in, laptop_or_skip, Laptop};
use crate::harness::{self, Server, TempDir};
use std::process::Command;

/// The laptop of issue 20, with a phone on its Wi-Fi and a peer on its
/// VPN: (laptop, phone's namespace, VPN peer's namespace).
fn teachers_laptop() -> Option<(Laptop, String, String)> {
    let mut laptop = laptop_or_skip()?;
    let phone = laptop
        .add_host("wlan0", "192.168.43.17/24", "192.168.43.50/24")
        .expect("wlan0");
    let peer = laptop
        .add_host("tun0", "10.8.0.6/24", "10.8.0.9/24")
        .expect("tun0");
    laptop
        .add_device("docker0", "bridge", "172.17.0.1/16")
        .expect("docker0");
    laptop
        .add_device("vboxnet0", "veth", "192.168.56.1/24")
        .expect("vboxnet0");
    Some((laptop, phone, peer))
}

fn start_on(laptop: &Laptop, extra: &[&str]) -> Server {
    let mut builder = Server::builder()
        .in_netns(&laptop.name)
        .arg("--bind")
        .arg("0.0.0.0");
    for arg in extra {
        builder = builder.arg(*arg);
    }
    builder.start()
}

/// A check-in from a host namespace, the form opened first for its
/// ticket: (status, body).
fn check_in_from(ns: &str, url: &str, roll: &str, name: &str) -> (u16, String) {
    let (_, form) = curl_in(ns, url, &[]);
    let ticket = crate::harness::ticket_in(&form).unwrap_or_default();
    curl_in(
        ns,
        url,
        &[
            "--data-urlencode",
            &format!("roll={roll}"),
            "--data-urlencode",
            &format!("name={name}"),
            "--data-urlencode",
            &format!("ticket={ticket}"),
        ],
    )
}

/// The teacher's screen as the laptop's browser shows it, at projector
/// size, and the QR code on it read as a phone's camera would.
fn qr_on_teachers_screen(laptop: &Laptop, srv: &Server) -> Option<String> {
    assert!(
        Command::new("zbarimg").arg("--version").output().is_ok()
            && std::path::Path::new("/usr/bin/chromium").exists(),
        "this test needs chromium and zbarimg (Debian zbar-tools)"
    );
    let profile = TempDir::new();
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots folder");
    let png = shots.join("teacher-laptop-networks.png");
    let _ = std::fs::remove_file(&png);
    let out = Command::new("ip")
        .args(["netns", "exec", &laptop.name, "/usr/bin/chromium"])
        .args(crate::harness::webdriver::CHROMIUM_ARGS)
        .args(["--hide-scrollbars", "--window-size=1280,720"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("http://127.0.0.1:{}/teacher", srv.port))
        .output()
        .expect("run chromium");
    assert!(
        png.exists(),
        "chromium made no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
        .expect("run zbarimg");
    Some(String::from_utf8_lossy(&read.stdout).trim().to_string())
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn the_join_address_is_the_wifi_not_the_vpn_docker_or_virtualbox() {
    // Chromium takes the screenshot of the teacher's screen.
    let _alone = harness::alone();
    let (laptop, phone, peer) = match teachers_laptop() {
        Some(found) => found,
        None => return,
    };
    let srv = start_on(&laptop, &[]);
    let wifi = format!("http://192.168.43.17:{}/", srv.port);
    let vpn = format!("http://10.8.0.6:{}/", srv.port);

    // The status JSON: the Wi-Fi first, in the teacher's words; the VPN
    // and the virtual networks after it.
    let status = srv.status();
    assert_eq!(status["url"], wifi.as_str(), "{status}");
    assert_eq!(status["network"], "Wi-Fi (wlan0)");
    let networks: Vec<(String, String)> = status["networks"]
        .as_array()
        .expect("networks")
        .iter()
        .map(|n| {
            (
                n["url"].as_str().unwrap_or("").to_string(),
                n["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let kinds: Vec<&str> = networks.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(kinds, ["wifi", "vpn", "virtual", "virtual"], "{networks:?}");
    assert_eq!(networks[1].0, vpn);

    // The terminal's first address is the Wi-Fi's, named.
    let out = srv.stdout();
    let first = out
        .lines()
        .skip_while(|l| !l.contains("Students: join"))
        .nth(1)
        .unwrap_or("");
    assert!(
        first.contains(&wifi) && first.contains("Wi-Fi (wlan0)"),
        "{out}"
    );
    assert!(
        out.contains("VPN (tun0) — not a classroom network"),
        "{out}"
    );

    // The QR code on the projected screen opens the Wi-Fi's address.
    if let Some(qr) = qr_on_teachers_screen(&laptop, &srv) {
        assert_eq!(qr, wifi, "the QR code on the teacher's screen");
    }

    // A phone on the Wi-Fi checks in.
    let (code, body) = check_in_from(&phone, &wifi, "12", "Udbhav");
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("Present"), "{body}");

    // A peer on the VPN's subnet is refused, audited, and shown for the
    // teacher to allow.
    let (code, body) = check_in_from(&peer, &vpn, "13", "Remote");
    assert_eq!(code, 403, "{body}");
    assert!(body.contains("Connect to the classroom Wi-Fi"), "{body}");
    let status = srv.status();
    let refused = status["refused_networks"].to_string();
    assert!(refused.contains("10.8.0.0/24"), "{status}");
    let day = status["date"].as_str().expect("date").to_string();
    let audit = srv.audit(&day);
    assert!(
        audit
            .lines()
            .any(|l| l.contains("10.8.0.9") && l.contains("other network")),
        "{audit}"
    );
    assert!(srv
        .teacher_get("/teacher")
        .body
        .contains("Allow this network"));

    // "Allow this network": the peer is let in.
    let allowed = srv.act("allow", "network=10.8.0.0%2F24");
    assert_eq!(allowed.status, 303, "{}", allowed.body);
    let (code, body) = check_in_from(&peer, &vpn, "13", "Remote");
    assert_eq!(code, 200, "{body}");
    let rows = srv.today_csv().expect("today's file");
    assert!(
        rows.contains("12,Udbhav,") && rows.contains("13,Remote,"),
        "{rows}"
    );
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn the_teacher_chooses_another_join_address_by_click_or_option() {
    let (laptop, _phone, peer) = match teachers_laptop() {
        Some(found) => found,
        None => return,
    };
    let srv = start_on(&laptop, &[]);
    let vpn = format!("http://10.8.0.6:{}/", srv.port);
    // One click on "Use this one" beside the VPN's address.
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("Use this one"), "{page}");
    let chosen = srv.act("network", "address=10.8.0.6");
    assert_eq!(chosen.status, 303, "{}", chosen.body);
    let status = srv.status();
    assert_eq!(status["url"], vpn.as_str(), "{status}");
    assert_eq!(status["network"], "VPN (tun0)");
    let out = srv.wait_for_stdout("Students now join at");
    assert!(
        out.contains(&format!("Students now join at {vpn}")),
        "{out}"
    );
    // The network the teacher chose is the classroom's now.
    let (code, body) = check_in_from(&peer, &vpn, "21", "Asha");
    assert_eq!(code, 200, "{body}");
    // Not an address of this laptop: refused, nothing changed.
    let (said, _) = srv.act_refused("network", "address=10.9.9.9");
    assert!(said.contains("no longer one of this laptop"), "{said}");
    assert_eq!(srv.status()["url"], vpn.as_str());
    drop(srv);

    // --network at start, by interface name.
    let srv = start_on(&laptop, &["--network", "tun0"]);
    assert_eq!(
        srv.status()["url"],
        format!("http://10.8.0.6:{}/", srv.port).as_str()
    );
    drop(srv);
    // A name that is not there: said, and the best one shown.
    let srv = start_on(&laptop, &["--network", "eth9"]);
    let out = srv.wait_for_stdout("No network named eth9");
    assert!(out.contains("No network named eth9"), "{out}");
    assert_eq!(
        srv.status()["url"],
        format!("http://192.168.43.17:{}/", srv.port).as_str()
    );
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn with_no_phone_in_two_minutes_the_teacher_is_told_what_to_check() {
    let (laptop, phone, _peer) = match teachers_laptop() {
        Some(found) => found,
        None => return,
    };
    let srv = Server::builder()
        .in_netns(&laptop.name)
        .arg("--bind")
        .arg("0.0.0.0")
        .clock("2026-02-10 10:00:00")
        .start();
    let hint = "No phone has reached this laptop";
    srv.set_clock("2026-02-10 10:01:50");
    assert_eq!(srv.status()["nobody_yet"], false, "not before two minutes");
    // The laptop itself does not count as a phone.
    assert_eq!(srv.get("/").status, 200);
    srv.set_clock("2026-02-10 10:02:00");
    assert_eq!(srv.status()["nobody_yet"], true);
    let page = srv.teacher_get("/teacher").body;
    let at = page.find("id=\"hint\"").expect("the hint's section");
    let section = &page[at..at + 200];
    assert!(!section.contains("hidden"), "{section}");
    for step in [
        "mobile data",
        "firewall",
        "keeps devices apart",
        "another network of this laptop",
    ] {
        assert!(page.contains(step), "the hint says {step:?}:\n{page}");
    }
    let out = srv.wait_for_stdout(hint);
    assert!(
        out.contains("1. The phones are on the same network as this laptop — Wi-Fi (wlan0) —"),
        "{out}"
    );
    assert!(
        out.contains("http://10.8.0.6:"),
        "the other addresses: {out}"
    );

    // A phone opens the page: the hint goes.
    let (code, _) = curl_in(&phone, &format!("http://192.168.43.17:{}/", srv.port), &[]);
    assert_eq!(code, 200);
    assert_eq!(srv.status()["nobody_yet"], false);
    let page = srv.teacher_get("/teacher").body;
    let at = page.find("id=\"hint\"").expect("the hint's section");
    assert!(page[at..at + 200].contains("hidden"));
    let out = srv.wait_for_stdout("A phone reached the laptop");
    assert!(
        out.contains("A phone reached the laptop (from 192.168.43.50)"),
        "{out}"
    );
}
