//! One laptop is not a class (issue 29): a student's laptop with a script
//! and dozens of network cards, each its own hardware address (`macvlan`
//! links inside the attacker's namespace, `Netns::add_cards`), posting
//! check-ins for absent friends; and the honest phones beside it. Through
//! real HTTP to the real binary, from a network namespace (never loopback,
//! which is the laptop itself), with the test clock: a burst is the same
//! second.

use crate::harness::netns::{connect_on, netns_or_skip, Netns};
use crate::harness::{self, parse_reply, Reply, Server, TempDir};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr};

const DAY: &str = "2026-02-10";

fn at(time: &str) -> String {
    format!("{DAY} {time}")
}

/// One network card of the attacker's laptop (or an honest phone's): a
/// browser of its own, keeping its device cookie or not.
struct Card<'a> {
    ns: &'a Netns,
    name: String,
    ip: Ipv4Addr,
    to: SocketAddr,
    keeps_cookies: bool,
    cookie: Option<String>,
}

impl<'a> Card<'a> {
    fn new(ns: &'a Netns, (name, ip): &(String, Ipv4Addr), to: SocketAddr) -> Card<'a> {
        Card {
            ns,
            name: name.clone(),
            ip: *ip,
            to,
            keeps_cookies: true,
            cookie: None,
        }
    }

    /// Sends `head` + `body` from this card and reads the whole answer.
    fn send(&mut self, head: &str, body: &str) -> Reply {
        let cookie = match (&self.cookie, self.keeps_cookies) {
            (Some(c), true) => format!("Cookie: rc_device={c}\r\n"),
            _ => String::new(),
        };
        let request = format!(
            "{head}Host: {}\r\n{cookie}Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
            self.to,
            body.len()
        );
        let (name, ip, to) = (self.name.clone(), self.ip, self.to);
        let raw = self.ns.run(move || {
            let mut stream = connect_on(&name, ip, to).expect("connect from the card");
            stream.write_all(request.as_bytes()).expect("send");
            let mut raw = Vec::new();
            let _ = stream.read_to_end(&mut raw);
            raw
        });
        let reply = parse_reply(&raw);
        if let Some(set) = reply.header("Set-Cookie") {
            if let Some(value) = set.strip_prefix("rc_device=") {
                self.cookie = value.split(';').next().map(String::from);
            }
        }
        reply
    }

    fn form(&mut self) -> Reply {
        self.send("GET / HTTP/1.1\r\n", "")
    }

    /// Posts the check-in form's fields, as a script does; `ticket` "" for
    /// none.
    fn post(&mut self, roll: &str, name: &str, code: &str, extra: &str) -> Reply {
        let body = format!(
            "roll={roll}&name={}&code={code}{extra}",
            harness::encode(name)
        );
        self.send(
            "POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n",
            &body,
        )
    }

    /// Opens the form, then sends it, as a phone does.
    fn check_in(&mut self, roll: &str, name: &str, code: &str, extra: &str) -> Reply {
        let form = self.form();
        let ticket = harness::ticket_in(&form.body).expect("a form with a ticket");
        self.post(roll, name, code, &format!("&ticket={ticket}{extra}"))
    }
}

/// A class on the namespace's network, and `n` cards of one machine on it.
fn classroom(
    ns: &Netns,
    n: usize,
    builder: harness::Builder,
) -> (Server, Vec<(String, Ipv4Addr)>, Ipv4Addr) {
    let (laptop, cards) = ns.add_cards(n).expect("network cards");
    let srv = builder.arg("--bind").arg("0.0.0.0").start();
    (srv, cards, laptop)
}

/// The flags the teacher's screen shows beside roll `roll`'s row.
fn flags_of(status: &serde_json::Value, roll: &str) -> Vec<String> {
    let rows = status["marked"].as_array().cloned().unwrap_or_default();
    let row = rows.iter().find(|r| r["roll"] == roll);
    let flags = row.map(|r| r["flags"].as_array().cloned().unwrap_or_default());
    flags
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.as_str().map(String::from))
        .collect()
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn fifty_cards_mark_nothing_without_the_form_and_with_it_are_all_flagged() {
    let _alone = harness::alone();
    let ns = match netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    let (srv, cards, laptop) = classroom(&ns, 50, Server::builder().codes().clock(&at("10:00:00")));
    let to = SocketAddr::from((laptop, srv.port));
    let code = srv.code();
    // Roll, name and the code read off the projector, without the form.
    for (i, card) in cards.iter().enumerate() {
        let reply = Card::new(&ns, card, to).post(&(i + 1).to_string(), "Friend", &code, "");
        assert_eq!(reply.status, 422, "{}", reply.body);
    }
    assert_eq!(srv.csv(DAY), Some(harness::expected_file(&[])));
    assert!(srv.audit(DAY).contains("refused,no form ticket"));
    // The same fifty, each opening the form first, within the second.
    let code = srv.code();
    for (i, card) in cards.iter().enumerate() {
        let reply = Card::new(&ns, card, to).check_in(&(i + 1).to_string(), "Friend", &code, "");
        assert_eq!(reply.status, 200, "card {i}: {}", reply.body);
    }
    let status = srv.status();
    assert_eq!(status["present"], 50);
    for roll in 1..=50 {
        let flags = flags_of(&status, &roll.to_string());
        assert!(
            flags.contains(&"arrived with 49 others within 1 s".to_string()),
            "roll {roll}: {flags:?}"
        );
    }
    assert_eq!(srv.audit(DAY).matches(",flagged,arrived with").count(), 50);
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn honest_phones_a_few_seconds_apart_are_marked_and_not_flagged_with_or_without_cookies() {
    let ns = match netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    let (srv, cards, laptop) = classroom(&ns, 3, Server::builder().codes().clock(&at("10:00:00")));
    let to = SocketAddr::from((laptop, srv.port));
    for (i, card) in cards.iter().enumerate() {
        let mut phone = Card::new(&ns, card, to);
        // The second phone blocks cookies.
        phone.keeps_cookies = i != 1;
        let form = phone.form();
        srv.set_clock(&at(&format!("10:00:{:02}", 5 + 10 * i)));
        let ticket = harness::ticket_in(&form.body).expect("a ticket");
        let reply = phone.post(
            &format!("{}", 12 + i),
            "Asha",
            &srv.code(),
            &format!("&ticket={ticket}"),
        );
        assert_eq!(reply.status, 200, "phone {i}: {}", reply.body);
        assert!(reply.body.contains("Present"), "{}", reply.body);
    }
    let status = srv.status();
    assert_eq!(status["present"], 3);
    for roll in ["12", "13", "14"] {
        assert!(flags_of(&status, roll).is_empty(), "roll {roll}: {status}");
    }
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn an_answer_tells_a_phone_nothing_it_did_not_type() {
    let ns = match netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    // Roll 12 marked on two earlier days, by its own phone.
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    std::fs::create_dir_all(folder.join("audit")).expect("folders");
    let own_phone = "00000000000000000000000000000012";
    for day in ["2026-02-05", "2026-02-06"] {
        let row = "12,Udbhav Singh,09:00:00";
        std::fs::write(
            folder.join(format!("attendance_{day}.csv")),
            harness::expected_file(&[row]),
        )
        .expect("day file");
        let trail = format!("\u{feff}Time,Address,Device,Roll,Name,Outcome,Reason\r\n09:00:00,10.0.0.9,{own_phone},12,Udbhav Singh,accepted,\r\n");
        std::fs::write(folder.join(format!("audit/audit_{day}.csv")), trail).expect("trail");
    }
    let list = temp.path().join("list.csv");
    std::fs::write(&list, "Roll,Name\r\n12,Udbhav Singh\r\n13,Rahul Kumar\r\n").expect("list");
    let builder = Server::builder()
        .dir(&folder)
        .clock(&at("10:00:00"))
        .arg("--roster")
        .arg(harness::program_path(&list));
    let (srv, cards, laptop) = classroom(&ns, 2, builder);
    let to = SocketAddr::from((laptop, srv.port));
    // A phone new to roll 12 marks it: Present, with what it typed, and
    // nothing of roll 12's month nor the list's spelling of the name.
    let mut friend = Card::new(&ns, &cards[0], to);
    let reply = friend.check_in("12", "Udbhav", "", "");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Udbhav"), "{}", reply.body);
    assert!(!reply.body.contains("Singh"), "{}", reply.body);
    assert!(!reply.body.contains("class days"), "{}", reply.body);
    // Another machine asks of roll 12: no name in the answer.
    let mut other = Card::new(&ns, &cards[1], to);
    let reply = other.check_in("12", "X", "", "");
    assert!(
        reply.body.contains("already marked (at 10:00)"),
        "{}",
        reply.body
    );
    assert!(!reply.body.contains("Udbhav"), "{}", reply.body);
    // (The list still has the name: the teacher's screen and the file.)
    assert!(srv
        .today_csv()
        .unwrap_or_default()
        .contains("12,Udbhav Singh,10:00:00"));
}

#[test]
#[ignore = "needs root for network namespaces: cargo test -- --include-ignored as root (.ci/run does)"]
fn the_phones_clock_counts_machines_not_cookies() {
    let ns = match netns_or_skip() {
        Some(ns) => ns,
        None => return,
    };
    let (srv, cards, laptop) = classroom(&ns, 4, Server::builder().clock(&at("10:00:00")));
    let to = SocketAddr::from((laptop, srv.port));
    // Three years ahead, in milliseconds since 1970.
    let ahead = "1865491200000";
    let time = format!("&phone_time={ahead}");
    // One machine, three check-ins without cookies (three device tokens).
    let mut one = Card::new(&ns, &cards[0], to);
    one.keeps_cookies = false;
    for roll in ["1", "2", "3"] {
        assert_eq!(one.check_in(roll, "Ann", "", &time).status, 200);
    }
    assert_eq!(
        srv.status()["clock"],
        serde_json::Value::Null,
        "one machine is one phone"
    );
    // Three machines: the teacher is told.
    for (i, card) in cards[1..].iter().enumerate() {
        srv.set_clock(&at(&format!("10:0{}:00", i + 1)));
        let reply = Card::new(&ns, card, to).check_in(&(4 + i).to_string(), "Ben", "", &time);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let said = srv.status()["clock"].as_str().unwrap_or("").to_string();
    assert!(
        said.starts_with("This laptop's clock says 10 February 2026"),
        "{said}"
    );
    assert!(said.contains("the phones say 11 February 2029"), "{said}");
    // On the projected screen and in the terminal too, in those words.
    let page = srv.teacher_get("/teacher").body;
    assert!(page.contains("clock says 10 February 2026"), "{page}");
    assert!(page.contains("the phones say 11 February 2029"), "{page}");
    assert!(srv.wait_for_stderr(&said).contains(&said));
}

#[test]
fn the_laptops_own_browser_is_limited_like_a_phone_and_stays_a_kiosk() {
    let srv = Server::builder().codes().clock(&at("10:00:00")).start();
    let trail = |srv: &Server| srv.audit(DAY).len();
    // A page another site serves, in the laptop's browser (no Fetch
    // Metadata, `Origin: null`): it cannot read a form's ticket.
    let body = format!("roll=12&name=Udbhav&code={}", srv.code());
    let request = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: null\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let reply = srv.send(request.as_bytes());
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(srv.csv(DAY), Some(harness::expected_file(&[])));
    // 500 wrong codes from the laptop's browser, each with its own form's
    // ticket: a few are judged, the rest wait, one line a minute.
    let before = trail(&srv);
    let mut waited = 0;
    for n in 0..500 {
        let reply = srv.post_form(&format!("roll={}&name=Guess&code=99999", n % 60 + 1));
        waited += usize::from(reply.status == 429);
    }
    let grown = trail(&srv) - before;
    println!("500 wrong codes from the laptop: {waited} waited, the trail grew {grown} bytes");
    assert!(waited >= 490, "{waited}");
    assert!(grown <= 20 * 1024, "{grown} bytes");
    // A minute later the kiosk checks in student after student.
    srv.set_clock(&at("10:02:00"));
    for (roll, name) in [
        ("1", "Ann"),
        ("2", "Ben"),
        ("3", "Cy"),
        ("4", "Dee"),
        ("5", "Eli"),
    ] {
        let reply = srv.check_in_with_code(roll, name, &srv.code());
        assert_eq!(reply.status, 200, "roll {roll}: {}", reply.body);
    }
    assert_eq!(srv.status()["present"], 5);
}
