//! The guards at the door, played by real clients: phones on the classroom
//! network and off it are test hosts in a network namespace of the test's
//! own (`ip netns`, a veth pair; root, as in CI; skipped with a message
//! elsewhere), talking to the real server with `curl` and a cookie jar as a
//! phone's browser keeps one. Traffic goes only to those addresses.

use crate::harness::netns::{connect_from, netns_or_skip, Netns, Phone};
use crate::harness::{self, expected_file, Server, TempDir};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

fn file(srv: &Server) -> Vec<u8> {
    srv.csv(DAY).expect("today's file")
}

/// The test host, or None with a message when this machine cannot make one.
fn host() -> Option<Netns> {
    netns_or_skip()
}

fn on_all_networks(builder: harness::Builder) -> Server {
    builder.arg("--bind").arg("0.0.0.0").start()
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_phone_on_the_classroom_network_checks_in_and_one_from_elsewhere_does_not() {
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let (elsewhere, net) = ns.add_other_network().expect("second address");
    let srv = on_all_networks(Server::builder().codes().clock(&at("10:00:00")));
    let jars = TempDir::new();
    let inside = Phone::new(&ns, ns.phone_ip, &srv, &jars, "inside");
    let outside = Phone::new(&ns, elsewhere, &srv, &jars, "outside");

    let (got, body) = outside.open_form();
    assert_eq!(got, 403, "{body}");
    assert!(
        body.contains("Connect to the classroom Wi-Fi to check in"),
        "{body}"
    );
    let (got, _) = outside.check_in("13", "Rahul", &srv.code());
    assert_eq!(got, 403);
    let (got, body) = inside.check_in("12", "Udbhav", &srv.code());
    assert_eq!(got, 200, "{body}");
    assert_eq!(file(&srv), expected_file(&["12,Udbhav,10:00:00"]));
    let trail = srv.audit(DAY);
    assert!(
        trail.contains(&format!("{elsewhere},"))
            && trail.contains(",13,Rahul,refused,other network"),
        "{trail}"
    );

    // The teacher sees the refused network and allows it for this run.
    let s = srv.status();
    assert_eq!(s["refused_networks"][0]["network"], net.as_str());
    assert_eq!(s["refused_networks"][0]["phones"], 1);
    // Routed to the laptop: it sees an address, not how many phones.
    assert_eq!(s["refused_networks"][0]["told_apart"], false);
    assert!(srv
        .teacher_get("/teacher")
        .body
        .contains(&format!("1 address refused from {net}")));
    assert_eq!(srv.act("allow", &format!("network={net}")).status, 303);
    let (got, body) = outside.check_in("13", "Rahul", &srv.code());
    assert_eq!(got, 200, "{body}");
    assert_eq!(srv.status()["refused_networks"], serde_json::json!([]));
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_flood_from_outside_waits_and_leaves_a_few_audit_lines() {
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let (elsewhere, _) = ns.add_other_network().expect("second address");
    let srv = on_all_networks(Server::builder().clock(&at("10:00:00")));
    let jars = TempDir::new();
    let outside = Phone::new(&ns, elsewhere, &srv, &jars, "flood");
    let statuses: Vec<u16> = (0..30)
        .map(|n| outside.check_in(&n.to_string(), "Flood", "").0)
        .collect();
    assert_eq!(statuses[..5], [403; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|&s| s == 429), "{statuses:?}");
    let trail = srv.audit(DAY);
    assert_eq!(trail.matches(",other network").count(), 5, "{trail}");
    assert_eq!(
        trail.matches("too many refused attempts").count(),
        1,
        "{trail}"
    );
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn allow_replaces_the_network_rule_and_allow_any_lifts_it() {
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let jars = TempDir::new();
    // Only another network: the classroom's own is refused now.
    let srv = on_all_networks(
        Server::builder()
            .clock(&at("10:00:00"))
            .arg("--allow")
            .arg("10.250.0.0/16"),
    );
    let phone = Phone::new(&ns, ns.phone_ip, &srv, &jars, "a");
    assert_eq!(phone.check_in("1", "Ann", "").0, 403);
    drop(srv);
    let srv = on_all_networks(
        Server::builder()
            .clock(&at("10:00:00"))
            .arg("--allow")
            .arg(format!("{}/30", ns.server_ip)),
    );
    let phone = Phone::new(&ns, ns.phone_ip, &srv, &jars, "b");
    assert_eq!(phone.check_in("1", "Ann", "").0, 200);
    drop(srv);
    let srv = on_all_networks(
        Server::builder()
            .clock(&at("10:00:00"))
            .arg("--allow")
            .arg("any"),
    );
    let phone = Phone::new(&ns, ns.phone_ip, &srv, &jars, "c");
    assert_eq!(phone.check_in("1", "Ann", "").0, 200);
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn one_phone_checks_in_one_roll_a_day_even_after_a_restart() {
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    let jars = TempDir::new();
    let srv = on_all_networks(Server::builder().dir(&folder).clock(&at("10:00:00")));
    let phone = Phone::new(&ns, ns.phone_ip, &srv, &jars, "phone");
    // An honest student: the form, then one tap.
    assert_eq!(phone.open_form().0, 200);
    let (got, body) = phone.check_in("12", "Udbhav", "");
    assert_eq!(got, 200, "{body}");
    // The same phone, a friend's roll.
    let (got, body) = phone.check_in("13", "Rahul", "");
    assert_eq!(got, 403, "{body}");
    assert!(
        body.contains("This phone already checked in roll 12 today"),
        "{body}"
    );
    assert_eq!(file(&srv), expected_file(&["12,Udbhav,10:00:00"]));
    // Its own roll again is simply "already marked".
    assert!(phone
        .check_in("12", "Udbhav", "")
        .1
        .contains("already marked"));
    // The teacher sees who to ask.
    let s = srv.status();
    // Roll 13 has no row, so it is not named.
    assert_eq!(
        s["marked"][0]["flags"],
        serde_json::json!(["this phone also tried another roll"])
    );
    assert_eq!(s["refused"]["second roll on this phone"], 1);
    let trail = srv.audit(DAY);
    assert!(
        trail.contains(",13,Rahul,refused,second roll on this phone (roll 12)"),
        "{trail}"
    );
    // A restart remembers the phone.
    drop(srv);
    let srv = on_all_networks(Server::builder().dir(&folder).clock(&at("10:05:00")));
    let phone = Phone {
        base: format!("http://{}:{}", ns.server_ip, srv.port),
        ..phone
    };
    assert_eq!(phone.check_in("14", "Asha", "").0, 403);
    // Roll 13 marked (by hand here): now both rows name the other.
    assert_eq!(srv.act("mark", "roll=13&name=Rahul").status, 303);
    let s = srv.status();
    let flags_of = |roll: &str| {
        s["marked"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["roll"] == roll))
            .map(|r| r["flags"].clone())
    };
    // (Roll 14, tried after the restart, has no row.)
    assert_eq!(
        flags_of("12"),
        Some(serde_json::json!([
            "same phone as 13",
            "this phone also tried another roll"
        ]))
    );
    assert_eq!(
        flags_of("13"),
        Some(serde_json::json!(["same phone as 12"]))
    );
    // Tomorrow it is a phone like any other.
    srv.set_clock("2026-02-11 09:00:00");
    assert_eq!(phone.check_in("14", "Asha", "").0, 200);
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn one_address_is_flagged_at_a_second_roll_and_limited_after_a_few() {
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let jars = TempDir::new();
    let srv = on_all_networks(Server::builder().clock(&at("10:00:00")));
    let phone = Phone::new(&ns, ns.phone_ip, &srv, &jars, "tabs");
    // A private tab each time gets past the cookie...
    for (roll, name) in [("1", "Ann"), ("2", "Ben"), ("3", "Cy")] {
        phone.private_tab();
        assert_eq!(phone.check_in(roll, name, "").0, 200);
    }
    // ...but not past the address.
    phone.private_tab();
    let (got, body) = phone.check_in("4", "Dee", "");
    assert_eq!(got, 403, "{body}");
    assert!(
        body.contains("already checked in 3 students today"),
        "{body}"
    );
    let s = srv.status();
    let flags: Vec<&Value> = s["marked"]
        .as_array()
        .expect("list")
        .iter()
        .map(|m| &m["flags"])
        .collect();
    assert!(
        flags
            .iter()
            .all(|f| f.to_string().contains("same address as")),
        "{flags:?}"
    );
    assert_eq!(s["refused"]["more than 3 rolls from this address"], 1);
    // A script cycling rolls past the limit soon waits, and leaves one
    // audit line a minute rather than one per roll.
    let statuses: Vec<u16> = (5..30)
        .map(|n| {
            phone.private_tab();
            phone.check_in(&n.to_string(), "Script", "").0
        })
        .collect();
    assert_eq!(statuses[..4], [403; 4], "{statuses:?}");
    assert!(statuses[4..].iter().all(|&s| s == 429), "{statuses:?}");
    let trail = srv.audit(DAY);
    assert_eq!(
        trail.matches("more than 3 rolls from this address").count(),
        5,
        "{trail}"
    );
    // --per-address 0: phones behind one shared address all check in.
    let srv = on_all_networks(
        Server::builder()
            .clock(&at("10:00:00"))
            .arg("--per-address")
            .arg("0"),
    );
    let phone = Phone::new(&ns, ns.phone_ip, &srv, &jars, "shared");
    for n in 1..=8 {
        phone.private_tab();
        assert_eq!(phone.check_in(&n.to_string(), "Ann", "").0, 200, "roll {n}");
    }
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_script_guessing_codes_is_slowed_to_a_few_a_minute() {
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let jars = TempDir::new();
    let srv = on_all_networks(Server::builder().codes().clock(&at("10:00:00")));
    let phone = Phone::new(&ns, ns.phone_ip, &srv, &jars, "script");
    let right = srv.code();
    let wrong: Vec<String> = (0..10_000)
        .map(|n| format!("{n:04}"))
        .filter(|c| *c != right)
        .take(8)
        .collect();
    let mut statuses = Vec::new();
    for guess in &wrong {
        statuses.push(phone.check_in("9", "Guess", guess).0);
    }
    assert_eq!(statuses[..5], [422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|&s| s == 429), "{statuses:?}");
    // Even the right code waits out the minute...
    let (got, body) = phone.check_in("9", "Guess", &right);
    assert_eq!(got, 429);
    assert!(body.contains("Wait a minute"), "{body}");
    // ...while every other phone goes on.
    assert_eq!(srv.check_in_with_code("10", "Honest", &right).status, 200);
    srv.set_clock(&at("10:01:00"));
    let (got, body) = phone.check_in("9", "Guess", &srv.code());
    assert_eq!(got, 200, "{body}");
    // One audit line for the wall, not one per guess.
    let trail = srv.audit(DAY);
    assert_eq!(
        trail.matches("too many refused attempts").count(),
        1,
        "{trail}"
    );
    assert_eq!(trail.matches(",wrong code").count(), 5, "{trail}");
}

#[test]
fn every_attempt_is_in_the_audit_trail_and_the_register_stays_clean() {
    let srv = Server::builder().codes().clock(&at("10:00:00")).start();
    let right = srv.code();
    assert_eq!(srv.check_in_with_code("12", "Udbhav", &right).status, 200);
    assert_eq!(srv.check_in_with_code("12", "Udbhav", &right).status, 200);
    assert_eq!(srv.check_in_with_code("13", "R2D2", &right).status, 422);
    assert_eq!(srv.check_in_with_code("13", "Rahul", "").status, 422);
    srv.act("close", "");
    assert_eq!(srv.check_in_with_code("14", "Asha", &right).status, 403);
    let trail = srv.audit(DAY);
    let lines: Vec<&str> = trail.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], "Time,Address,Device,Roll,Name,Outcome,Reason");
    // The teacher's closing is a line of its own kind.
    assert!(
        lines.contains(&"10:00:00,teacher,,,,changed by teacher,closed check-in"),
        "{trail}"
    );
    let outcomes: Vec<String> = lines[1..]
        .iter()
        .filter(|l| !l.is_empty() && !l.contains(",teacher,"))
        .map(|l| {
            let cells: Vec<&str> = l.splitn(7, ',').collect();
            assert_eq!(cells[0], "10:00:00");
            assert_eq!(cells[1], "127.0.0.1");
            assert_eq!(cells[2].len(), 32, "a device token: {l}");
            format!("{} {} {}", cells[3], cells[5], cells[6])
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "12 accepted ",
            "12 already marked marked at 10:00:00 as Udbhav",
            // The trail's own code for the problem, not the page's words.
            "13 refused invalid roll or name (name with other characters)",
            "13 refused no code",
            "14 refused closed",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>(),
        "{trail}"
    );
    assert!(
        trail.starts_with('\u{feff}'),
        "Excel-ready like the register"
    );
    assert_eq!(file(&srv), expected_file(&["12,Udbhav,10:00:00"]));
}

#[test]
fn the_laptop_is_a_kiosk_for_students_without_a_phone() {
    let srv = Server::builder().clock(&at("10:00:00")).start();
    // One browser, one address, no cookies kept: a class, one after another.
    for n in 1..=12 {
        assert_eq!(srv.check_in(&n.to_string(), "Ann").status, 200, "roll {n}");
    }
}

/// A check-in from inside the namespace with the cookies given (`None`: no
/// cookie at all, as a script that keeps none): (status, body).
fn post_with(
    ns: &Netns,
    srv: &Server,
    cookie: Option<&str>,
    roll: &str,
    code: &str,
) -> (u16, String) {
    let source = ns.phone_ip.to_string();
    let url = format!("http://{}:{}/", ns.server_ip, srv.port);
    let mut args = vec!["--interface", &source];
    if let Some(cookie) = cookie {
        args.extend(["-b", cookie]);
    }
    // The form first, for its ticket, as a script that reads it does.
    let (_, form) = ns.curl(&url, &args);
    let (r, n, c, t) = (
        format!("roll={roll}"),
        "name=Script".to_string(),
        format!("code={code}"),
        format!("ticket={}", harness::ticket_in(&form).unwrap_or_default()),
    );
    args.extend([
        "--data-urlencode",
        &r,
        "--data-urlencode",
        &n,
        "--data-urlencode",
        &c,
        "--data-urlencode",
        &t,
    ]);
    ns.curl(&url, &args)
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn behind_one_shared_address_one_phones_wrong_codes_do_not_lock_out_the_class() {
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let jars = TempDir::new();
    // Every phone shows the same address (a school Wi-Fi behind NAT).
    let srv = on_all_networks(
        Server::builder()
            .codes()
            .clock(&at("10:00:00"))
            .arg("--per-address")
            .arg("0"),
    );
    let right = srv.code();
    let mut wrong = (0..10_000)
        .map(|n| format!("{n:04}"))
        .filter(|c| *c != right);
    let a = Phone::new(&ns, ns.phone_ip, &srv, &jars, "a");
    let b = Phone::new(&ns, ns.phone_ip, &srv, &jars, "b");
    assert_eq!(a.open_form().0, 200);
    assert_eq!(b.open_form().0, 200);

    // Phone A: five wrong codes, then it waits its minute.
    let statuses: Vec<u16> = (0..6)
        .map(|_| a.check_in("9", "Mistyper", &wrong.next().expect("code")).0)
        .collect();
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429]);
    let (_, body) = a.check_in("9", "Mistyper", &right);
    assert!(body.contains("Wait a minute"), "{body}");
    // Phone B, same address, the right code: saved.
    let (got, body) = b.check_in("12", "Udbhav", &right);
    assert_eq!(got, 200, "{body}");
    assert!(body.contains("Present"), "{body}");

    // A script that keeps no cookie is one "no cookie" phone: 5 a minute.
    let no_cookie: Vec<u16> = (0..100)
        .map(|n| {
            post_with(
                &ns,
                &srv,
                None,
                &n.to_string(),
                &wrong.next().expect("code"),
            )
            .0
        })
        .collect();
    let judged = no_cookie.iter().filter(|&&s| s == 422).count();
    assert_eq!(judged, 5, "{no_cookie:?}");
    assert!(no_cookie[5..].iter().all(|&s| s == 429), "{no_cookie:?}");
    // A script that makes up a new cookie for each try gets what is left of
    // the address's 20 wrong codes an hour (A's 5 and the no-cookie 5 took
    // 10), and no more.
    let made_up: Vec<u16> = (0..100)
        .map(|n| {
            let cookie = format!("rc_device={n:032x}");
            post_with(&ns, &srv, Some(&cookie), "9", &wrong.next().expect("code")).0
        })
        .collect();
    let judged = made_up.iter().filter(|&&s| s == 422).count();
    assert_eq!(judged, 10, "{made_up:?}");
    assert!(made_up[10..].iter().all(|&s| s == 429), "{made_up:?}");
    let trail = srv.audit(DAY);
    assert_eq!(trail.matches(",wrong code").count(), 20, "{trail}");
    assert_eq!(
        trail
            .matches("too many wrong codes from this address this hour")
            .count(),
        1,
        "one audit line a minute, not one per try: {trail}"
    );

    // The cost: until those wrong codes are an hour old, a phone behind
    // that address that has not checked in is sent to the teacher.
    let c = Phone::new(&ns, ns.phone_ip, &srv, &jars, "c");
    assert_eq!(c.open_form().0, 200);
    let (got, body) = c.check_in("13", "Rahul", &right);
    assert_eq!(got, 429, "{body}");
    assert!(body.contains("Ask your teacher to mark you"), "{body}");
    assert_eq!(
        srv.status()["refused"]["too many wrong codes from this address this hour"],
        1
    );
    // The laptop is not behind that address: the teacher marks C there.
    assert_eq!(srv.check_in_with_code("13", "Rahul", &right).status, 200);
    // An hour later the address may guess again.
    srv.set_clock(&at("11:00:00"));
    let (got, body) = c.check_in("14", "Asha", &srv.code());
    assert_eq!(got, 200, "{body}");
}

/// A check-in sent as a script sends it, from `source` (an address of the
/// namespace's; call inside it) to `to`, with `cookie` as its device cookie
/// if given: (status, the whole reply). 0 if it got no answer.
fn post_from(
    source: IpAddr,
    to: SocketAddr,
    roll: &str,
    code: &str,
    cookie: Option<&str>,
) -> (u16, String) {
    let cookie = cookie.map_or(String::new(), |c| format!("Cookie: rc_device={c}\r\n"));
    // The form first, for its ticket, as a script that reads it does.
    let form = format!("GET / HTTP/1.1\r\nHost: {to}\r\nConnection: close\r\n{cookie}\r\n");
    let (_, page) = send_from(source, to, &form);
    let ticket = harness::ticket_in(&page).unwrap_or_default();
    let body = format!("roll={roll}&name=Script&code={code}&ticket={ticket}");
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {to}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n{cookie}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    send_from(source, to, &request)
}

/// Sends `request` from `source` to `to`: (status, the whole reply), 0 if
/// it got no answer.
fn send_from(source: IpAddr, to: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = match connect_from(source, to) {
        Ok(s) => s,
        Err(e) => return (0, format!("connect from {source}: {e}")),
    };
    let mut raw = Vec::new();
    if stream.write_all(request.as_bytes()).is_ok() {
        let _ = stream.read_to_end(&mut raw);
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// The laptop's address for `source`'s family.
fn laptop_for(
    source: IpAddr,
    v4: std::net::Ipv4Addr,
    v6: std::net::Ipv6Addr,
    port: u16,
) -> SocketAddr {
    match source {
        IpAddr::V4(_) => SocketAddr::from((v4, port)),
        IpAddr::V6(_) => SocketAddr::from((v6, port)),
    }
}

fn listening_on_both(builder: harness::Builder) -> Server {
    builder.arg("--bind").arg("::").start()
}

/// Issue 22: one machine with 128 IPv4 addresses and 1,000 of an IPv6 /64
/// (all behind its one hardware address) is one phone to the guards: a
/// script sending a new roll from each, with no cookie, marks 3, not the
/// 3,384 it marked when each address counted alone.
#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn one_machine_with_a_thousand_addresses_marks_three_rolls() {
    // The kernel's neighbour table (1,024 IPv6 entries before it must drop
    // some) is shared by every namespace, and a thousand requests are heavy.
    let _alone = harness::alone();
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let (v4, v6, sources) = ns.add_addresses(128, 1000).expect("addresses");
    let srv = listening_on_both(Server::builder().clock(&at("10:00:00")));
    let port = srv.port;
    let start = Instant::now();
    let statuses: Vec<(u16, String)> = ns.run(|| {
        sources
            .iter()
            .enumerate()
            .map(|(n, &source)| {
                let to = laptop_for(source, v4, v6, port);
                post_from(source, to, &(1000 + n).to_string(), "", None)
            })
            .collect()
    });
    let took = start.elapsed();
    let count = |code: u16| statuses.iter().filter(|s| s.0 == code).count();
    let marked = count(200);
    eprintln!(
        "one machine, {} addresses (128 IPv4, 1,000 IPv6 of one /64), --no-code: {marked} rolls marked, {} refused, {} told to wait, in {took:?}",
        sources.len(),
        count(403),
        count(429)
    );
    let unanswered: Vec<&String> = statuses.iter().filter(|s| s.0 == 0).map(|s| &s.1).collect();
    assert!(unanswered.is_empty(), "{unanswered:?}");
    assert!(marked <= 10, "{marked} rolls marked from one machine");
    assert_eq!(marked, 3);
    let file = String::from_utf8(file(&srv)).expect("text");
    assert_eq!(file.matches(",Script,").count(), 3, "{file}");
    // The second and third are flagged for the teacher.
    let s = srv.status();
    let flagged = s["marked"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["flags"].to_string().contains("same address as"))
        .count();
    assert_eq!(flagged, 3, "{s}");
    assert_eq!(
        s["refused"]["more than 3 rolls from this address"], 5,
        "{s}"
    );
}

/// Issue 22: 2,000 IPv6 addresses of one /64 sweeping codes, a new address
/// for every guess: codes are judged 5 a minute, 20 an hour, for the whole
/// machine; after those even the right code is not looked at.
#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn two_thousand_addresses_of_one_machine_sweeping_codes_get_twenty_guesses() {
    // As above: the neighbour table, and two thousand requests.
    let _alone = harness::alone();
    let ns = match host() {
        Some(ns) => ns,
        None => return,
    };
    let (v4, v6, sources) = ns.add_addresses(0, 2000).expect("addresses");
    let srv = listening_on_both(Server::builder().codes().clock(&at("10:00:00")));
    let port = srv.port;
    let start = Instant::now();
    let mut judged = 0;
    let mut found = 0;
    let mut statuses = Vec::new();
    // Five minutes of the class, 400 addresses each. Between them the
    // kernel forgets the neighbours (it holds 1,024 IPv6 ones in all before
    // it refuses more); rollcall remembers them.
    for (minute, chunk) in sources.chunks(400).enumerate() {
        ns.flush_neighbours().expect("flush");
        srv.set_clock(&at(&format!("10:{minute:02}:00")));
        let right = srv.code();
        let guesses = (0..10_000)
            .map(|n| format!("{n:04}"))
            .filter(|c| *c != right)
            .skip(minute * 400);
        let got: Vec<u16> = ns.run(|| {
            chunk
                .iter()
                .zip(guesses)
                .map(|(&source, guess)| {
                    let to = laptop_for(source, v4, v6, port);
                    post_from(source, to, "9", &guess, None).0
                })
                .collect()
        });
        judged += got.iter().filter(|&&s| s == 422).count();
        found += got.iter().filter(|&&s| s == 200).count();
        statuses.extend(got);
    }
    // The right code itself, from yet another address of the /64.
    let right = srv.code();
    let last = *sources.last().expect("an address");
    let (got, body) = ns.run(|| post_from(last, laptop_for(last, v4, v6, port), "9", &right, None));
    eprintln!(
        "2,000 addresses of one /64 sweeping codes for 5 minutes: {judged} codes judged, {found} found, {} told to wait, in {:?}; then the right code: {got}",
        statuses.iter().filter(|&&s| s == 429).count(),
        start.elapsed()
    );
    assert!(
        statuses.iter().all(|&s| s == 422 || s == 429),
        "{statuses:?}"
    );
    assert_eq!(found, 0);
    assert_eq!(judged, 20, "5 a minute, 20 an hour");
    assert_eq!(got, 429, "{body}");
    assert!(body.contains("Ask your teacher to mark you"), "{body}");
    assert_eq!(srv.csv(DAY), Some(expected_file(&[])));
}

/// The `rc_device` value in a curl cookie jar.
fn device_in(jar: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(jar).ok()?;
    text.lines()
        .find(|l| l.contains("\trc_device\t"))
        .and_then(|l| l.rsplit('\t').next())
        .map(str::to_string)
}

/// A jar holding `device` as the `rc_device` cookie for `phone`'s server.
fn jar_with(phone: &Phone, device: &str) {
    let host = phone.base.trim_start_matches("http://");
    let host = host.split(':').next().unwrap_or(host);
    std::fs::write(
        &phone.jar,
        format!("{host}\tFALSE\t/\tFALSE\t0\trc_device\t{device}\n"),
    )
    .expect("write the jar");
}

/// The flags beside `roll`'s row on the teacher's screen.
fn flags_of(srv: &Server, roll: &str) -> Value {
    let s = srv.status();
    s["marked"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["roll"] == roll))
        .map_or(Value::Null, |r| r["flags"].clone())
}

/// Issue 22: the device cookie is a bearer value on plain HTTP. Sent from
/// another machine, before or after its owner checks in, it never refuses
/// the owner ("This phone already checked in roll 604"); the sender is a
/// new phone with a cookie of its own, and both rows are flagged.
#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn a_copied_cookie_never_refuses_its_owner_and_the_rows_are_flagged() {
    let (own, other) = match (host(), host()) {
        (Some(a), Some(b)) => (a, b),
        _ => return,
    };
    for copied_first in [false, true] {
        let srv = on_all_networks(Server::builder().clock(&at("10:00:00")));
        let jars = TempDir::new();
        let owner = Phone::new(&own, own.phone_ip, &srv, &jars, "owner");
        let thief = Phone::new(&other, other.phone_ip, &srv, &jars, "thief");
        assert_eq!(owner.open_form().0, 200);
        let cookie = device_in(&owner.jar).expect("the owner's cookie");
        if !copied_first {
            let (got, body) = owner.check_in("601", "Owner", "");
            assert_eq!(got, 200, "{body}");
        }
        jar_with(&thief, &cookie);
        let (got, body) = thief.check_in("604", "Thief", "");
        assert_eq!(got, 200, "copied first: {copied_first}: {body}");
        assert!(body.contains("Present"), "{body}");
        let thiefs = device_in(&thief.jar).expect("a cookie");
        assert_eq!(thiefs != cookie, !copied_first, "a new cookie for the copy");
        // The owner, from its own phone: marked, or already marked; never
        // "This phone already checked in roll 604".
        let (got, body) = owner.check_in("601", "Owner", "");
        assert_eq!(got, 200, "copied first: {copied_first}: {body}");
        assert!(
            body.contains(if copied_first {
                "Present"
            } else {
                "already marked"
            }),
            "{body}"
        );
        assert!(!body.contains("already checked in roll"), "{body}");
        assert_eq!(
            device_in(&owner.jar).expect("a cookie") != cookie,
            copied_first,
            "the owner is the new phone when the copy checked in first"
        );
        let file = String::from_utf8(file(&srv)).expect("text");
        assert!(
            file.contains("601,Owner,") && file.contains("604,Thief,"),
            "{file}"
        );
        assert_eq!(
            flags_of(&srv, "601"),
            serde_json::json!(["same cookie as 604, from another phone"])
        );
        assert_eq!(
            flags_of(&srv, "604"),
            serde_json::json!(["same cookie as 601, from another phone"])
        );
        let page = srv.teacher_get("/teacher").body;
        assert!(
            page.contains("same cookie as 604, from another phone"),
            "{page}"
        );
    }
}

/// Issue 22: more wrong codes in a day than a class mistypes (200) means a
/// sweep from many machines: the rotating code gets 6 digits at once, for
/// the rest of the session and after a restart, and the teacher is told.
/// Here 199 came from 20 machines before a restart (the trail says so;
/// 20 wrong codes an hour is what one machine gets), and the laptop's own
/// browser sends the 200th.
#[test]
fn more_wrong_codes_than_a_class_makes_give_the_code_six_digits() {
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    std::fs::create_dir_all(folder.join("audit")).expect("folders");
    let mut trail = "\u{feff}Time,Address,Device,Roll,Name,Outcome,Reason\r\n".to_string();
    for n in 0..199 {
        let line = format!(
            "09:{:02}:00,10.0.0.{},,9,Sweep,refused,wrong code\r\n",
            n % 60,
            n % 20 + 2
        );
        trail.push_str(&line);
    }
    std::fs::write(folder.join(format!("audit/audit_{DAY}.csv")), trail).expect("trail");
    let start = || {
        Server::builder()
            .codes()
            .dir(&folder)
            .clock(&at("10:00:00"))
            .start()
    };
    let srv = start();
    let four = srv.code();
    assert_eq!(four.len(), 4);
    let guess = if four == "0000" { "0001" } else { "0000" };
    let reply = srv.check_in_with_code("9", "Sweep", guess);
    assert_eq!(reply.status, 422, "the 200th: {}", reply.body);
    let six = srv.code();
    assert_eq!(six.len(), 6, "{six}");
    let said = "Many wrong codes: the code now has 6 digits";
    assert!(srv.wait_for_stderr(said).contains(said));
    assert_eq!(srv.status()["clock"], said);
    assert!(srv.teacher_get("/teacher").body.contains(said));
    // The 4-digit code is over; the 6-digit one checks in.
    assert_eq!(srv.check_in_with_code("9", "Asha", &four).status, 422);
    assert_eq!(srv.check_in_with_code("9", "Asha", &six).status, 200);
    srv.set_clock(&at("10:05:00"));
    assert_eq!(srv.code().len(), 6);
    drop(srv);
    // A restart reads the day's wrong codes back from the audit trail.
    let srv = start();
    assert_eq!(srv.code().len(), 6);
}
