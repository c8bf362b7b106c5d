//! Unit tests of the guards: each rule with addresses of any kind.

use super::*;
use crate::register::audit::Entry;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("valid address")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 10).expect("valid")
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid")
}

/// The machine at `s`, where the laptop knows no hardware address.
fn m(s: &str) -> Machine {
    Machine::of(ip(s), None)
}

fn phone(addr: &str, device: &str) -> Origin {
    Origin {
        ip: ip(addr),
        device: device.into(),
        machine: m(addr),
    }
}

#[test]
fn the_network_rule_follows_the_laptops_subnets_or_the_allow_list() {
    let own = [
        Address {
            name: "wlan0".into(),
            ip: ip("192.168.43.17"),
            prefix: 24,
            kind: crate::network::Kind::WiFi,
        },
        Address {
            name: "lo".into(),
            ip: ip("127.0.0.1"),
            prefix: 8,
            kind: crate::network::Kind::Other,
        },
    ];
    let mut g = Guards::new(Allow::OwnNetworks, 3);
    assert!(g.network_allows(ip("192.168.43.99"), &own));
    assert!(g.network_allows(ip("127.0.0.1"), &own));
    assert!(g.network_allows(ip("::1"), &own));
    assert!(!g.network_allows(ip("192.168.44.5"), &own));
    assert!(!g.network_allows(ip("10.20.3.4"), &own));
    // The teacher allows the refused network.
    g.allow_network(Cidr::around(ip("10.20.3.4")));
    assert!(g.network_allows(ip("10.20.3.200"), &own));
    assert!(!g.network_allows(ip("10.20.4.1"), &own));

    let campus = Guards::new(
        Allow::Only(vec![Cidr::parse("10.20.0.0/16").expect("cidr")]),
        3,
    );
    assert!(campus.network_allows(ip("10.20.9.9"), &own));
    assert!(
        !campus.network_allows(ip("192.168.43.99"), &own),
        "--allow replaces the rule"
    );
    assert!(campus.network_allows(ip("127.0.0.1"), &own));
    assert!(Guards::new(Allow::Any, 3).network_allows(ip("8.8.8.8"), &own));
}

#[test]
fn one_phone_marks_one_roll_and_is_flagged_for_trying_another() {
    let mut g = Guards::new(Allow::Any, 3);
    let a = phone("192.168.43.20", "dev-a");
    assert_eq!(g.check_roll(&a, "12", day()), Ok(()));
    g.note_marked(&a, "12", t(10, 0));
    // The same roll again is fine (it is "already marked" downstream).
    assert_eq!(g.check_roll(&a, "12", day()), Ok(()));
    let turned = g
        .phone_rules(&a, "13", false, NaiveDateTime::new(day(), t(10, 1)))
        .expect_err("second roll");
    assert_eq!(
        turned,
        Turned {
            told: Told::Page(Refusal::SecondRoll("12".into())),
            audit: Some(Reason::SecondRoll("12".into())),
            longer: false,
        }
    );
    // Roll 13 has no row: it is not named.
    let flags = g.flags(&["12".to_string()]);
    assert_eq!(
        find(&flags, &"12".to_string()),
        Some(&vec!["this phone also tried another roll".to_string()])
    );
    assert_eq!(find(&flags, &"13".to_string()), None);
    // Once 13 is marked (from another phone), both rows name the other.
    let flags = g.flags(&["12".to_string(), "13".to_string()]);
    assert_eq!(
        find(&flags, &"12".to_string()),
        Some(&vec!["same phone as 13".to_string()])
    );
    assert_eq!(
        find(&flags, &"13".to_string()),
        Some(&vec!["same phone as 12".to_string()])
    );
    assert_eq!(
        g.refusals(),
        vec![("second roll on this phone".to_string(), 1)]
    );
    // Next day, a clean slate.
    let next = day().succ_opt().expect("valid");
    assert_eq!(g.check_roll(&a, "13", next), Ok(()));
}

#[test]
fn one_address_is_flagged_then_limited() {
    let mut g = Guards::new(Allow::Any, 3);
    for (i, roll) in ["1", "2", "3"].iter().enumerate() {
        let o = phone("10.0.0.9", &format!("private-tab-{i}"));
        assert_eq!(g.check_roll(&o, roll, day()), Ok(()));
        g.note_marked(&o, roll, t(10, i as u32));
    }
    let o = phone("10.0.0.9", "private-tab-9");
    assert_eq!(g.check_roll(&o, "4", day()), Err(Refusal::PerAddress(3)));
    let flags = g.flags(&[]);
    assert_eq!(
        find(&flags, &"1".to_string()),
        Some(&vec!["same address as 2, 3".to_string()])
    );
    // A roll already marked from there is not a new one.
    assert_eq!(g.check_roll(&o, "2", day()), Ok(()));
    // 0: no limit, for a network where phones share one address.
    let mut open = Guards::new(Allow::Any, 0);
    for n in 0..50 {
        let o = phone("10.0.0.9", &format!("d{n}"));
        assert_eq!(open.check_roll(&o, &n.to_string(), day()), Ok(()));
        open.note_marked(&o, &n.to_string(), t(10, 0));
    }
}

#[test]
fn the_laptop_is_a_kiosk() {
    let mut g = Guards::new(Allow::OwnNetworks, 1);
    let kiosk = phone("127.0.0.1", "");
    for n in 0..10 {
        assert_eq!(g.check_roll(&kiosk, &n.to_string(), day()), Ok(()));
        g.note_marked(&kiosk, &n.to_string(), t(9, 0));
        g.strike(kiosk.machine, "", NaiveDateTime::new(day(), t(9, 0)));
    }
    assert_eq!(
        g.rate(kiosk.machine, "", NaiveDateTime::new(day(), t(9, 0))),
        Verdict::Allowed
    );
    assert!(g.flags(&[]).is_empty());
}

#[test]
fn a_restart_replays_the_audit_trail() {
    let entry = |addr: &str, dev: &str, roll: &str, outcome: &str, reason: &str| Entry {
        time: t(10, 0),
        address: addr.into(),
        device: dev.into(),
        roll: roll.into(),
        name: "X".into(),
        outcome: outcome.into(),
        reason: reason.into(),
    };
    let mut g = Guards::new(Allow::Any, 3);
    g.replay(
        &[
            entry("10.0.0.2", "d1", "12", audit::ACCEPTED, ""),
            entry(
                "10.0.0.2",
                "d1",
                "13",
                audit::REFUSED,
                "second roll on this phone (roll 12)",
            ),
            entry("10.9.9.9", "d2", "", audit::REFUSED, "other network"),
            // Written before addresses were unmapped where they enter.
            entry("::ffff:10.0.0.5", "d5", "20", audit::ACCEPTED, ""),
            entry("::ffff:10.9.9.8", "d6", "", audit::REFUSED, "other network"),
        ],
        day(),
    );
    assert_eq!(
        g.check_roll(&phone("10.0.0.5", "d5"), "21", day()),
        Err(Refusal::SecondRoll("20".into()))
    );
    let d1 = phone("10.0.0.2", "d1");
    assert_eq!(
        g.check_roll(&d1, "14", day()),
        Err(Refusal::SecondRoll("12".into()))
    );
    assert_eq!(
        find(
            &g.flags(&["12".to_string(), "13".to_string()]),
            &"12".to_string()
        ),
        Some(&vec!["same phone as 13".to_string()])
    );
    assert_eq!(g.refused_networks().len(), 1);
}

#[test]
fn a_roll_remembered_before_saving_is_forgotten_if_not_saved() {
    let mut g = Guards::new(Allow::Any, 3);
    let a = phone("10.0.0.2", "dev-a");
    // The phone typed a friend's roll, already marked: remembered while it
    // was being saved, forgotten when it turned out "already marked"...
    assert_eq!(g.check_roll(&a, "13", day()), Ok(()));
    let added = g.note_marked(&a, "13", t(10, 0));
    g.unmark(&a, "13", added);
    // ...so its own roll still goes through.
    assert_eq!(g.check_roll(&a, "12", day()), Ok(()));
    // What was there before is never forgotten by an unmark.
    g.note_marked(&a, "12", t(10, 1));
    let again = g.note_marked(&a, "12", t(10, 2));
    g.unmark(&a, "12", again);
    assert_eq!(
        g.check_roll(&a, "14", day()),
        Err(Refusal::SecondRoll("12".into()))
    );
}

/// A wrong code as `student::check_in` counts it: a refusal, and a guess
/// against the address's hour.
fn wrong(g: &mut Guards, addr: &str, device: &str, secs: i64) {
    let now = at(secs);
    assert_eq!(g.rate(m(addr), device, now), Verdict::Allowed, "{device}");
    g.strike(m(addr), device, now);
    g.wrong_code(m(addr), device, now);
}

use crate::clock::seconds_into_a_lesson as at;

fn blocked(limit: Limit) -> impl Fn(Verdict) -> bool {
    move |v| matches!(v, Verdict::Blocked { limit: l, .. } if l == limit)
}

#[test]
fn behind_a_shared_address_one_phones_mistakes_do_not_lock_out_the_class() {
    let mut g = Guards::new(Allow::Any, 0);
    let nat = "10.0.0.1";
    for i in 0..5 {
        wrong(&mut g, nat, "phone-a", i);
    }
    // Phone A waits out its minute...
    let v = g.rate(m(nat), "phone-a", at(6));
    assert_eq!(
        v,
        Verdict::Blocked {
            first: true,
            limit: Limit::Phone
        }
    );
    assert!(blocked(Limit::Phone)(g.rate(m(nat), "phone-a", at(7))));
    // ...while phone B, behind the same address, goes on.
    assert_eq!(g.rate(m(nat), "phone-b", at(7)), Verdict::Allowed);
    g.right_code(m(nat), "phone-b");
    // Phones that sent no cookie are one phone among them.
    for i in 0..5 {
        wrong(&mut g, nat, "", 10 + i);
    }
    assert!(blocked(Limit::Phone)(g.rate(m(nat), "", at(16))));
    assert_eq!(g.rate(m(nat), "phone-c", at(16)), Verdict::Allowed);
    // A minute after its first wrong code, phone A may try again.
    assert_eq!(g.rate(m(nat), "phone-a", at(60)), Verdict::Allowed);
}

#[test]
fn a_sweep_that_makes_up_a_cookie_each_try_gets_the_addresss_hour_and_no_more() {
    let mut g = Guards::new(Allow::Any, 0);
    let nat = "10.0.0.1";
    let mut judged = 0;
    for n in 0..1000 {
        let device = format!("made-up-{n}");
        let now = at(n);
        if g.rate(m(nat), &device, now) != Verdict::Allowed {
            continue;
        }
        judged += 1;
        g.strike(m(nat), &device, now);
        g.wrong_code(m(nat), &device, now);
    }
    assert_eq!(judged, limiter::WRONG_CODES_PER_HOUR);
    // 20 guesses at 2 valid codes of 10,000: a chance of 0.4% an hour.
    assert!(judged as f64 * 2.0 / 10_000.0 <= 0.004);
    // Now every phone behind that address waits, an honest one too: the
    // cost of sharing an address with a script.
    assert!(blocked(Limit::Hour)(g.rate(m(nat), "honest", at(1000))));
    // Another address is not affected; the laptop never is.
    assert_eq!(g.rate(m("10.0.0.2"), "x", at(1000)), Verdict::Allowed);
    assert_eq!(g.rate(m("127.0.0.1"), "x", at(1000)), Verdict::Allowed);
    // An hour after the first guesses, they age out one by one.
    assert!(blocked(Limit::Hour)(g.rate(m(nat), "honest", at(3599))));
    assert_eq!(g.rate(m(nat), "honest", at(3600)), Verdict::Allowed);
}

#[test]
fn a_phone_that_types_the_right_code_gives_its_wrong_ones_back() {
    let mut g = Guards::new(Allow::Any, 0);
    let nat = "10.0.0.1";
    // A class of 60, each mistyping twice before getting it right, in ten
    // minutes: 120 wrong codes from one address, and nobody waits.
    for n in 0..60 {
        let phone = format!("phone-{n}");
        let secs = n * 10;
        wrong(&mut g, nat, &phone, secs);
        wrong(&mut g, nat, &phone, secs + 1);
        assert_eq!(g.rate(m(nat), &phone, at(secs + 2)), Verdict::Allowed);
        g.right_code(m(nat), &phone);
    }
    // Requests without a cookie cannot be told apart: theirs stay counted.
    for i in 0..4 {
        wrong(&mut g, nat, "", 700 + i);
    }
    g.right_code(m(nat), "");
    for n in 0..16 {
        wrong(&mut g, nat, &format!("script-{n}"), 800 + n);
    }
    assert!(blocked(Limit::Hour)(g.rate(m(nat), "late", at(900))));
}

#[test]
fn a_shared_address_waits_a_minute_after_sixty_refusals_of_any_kind() {
    let mut g = Guards::new(Allow::Any, 0);
    let nat = "10.0.0.1";
    // A script making up a cookie each time, sending nonsense (no guesses).
    let mut verdicts = Vec::new();
    for n in 0..200 {
        let device = format!("made-up-{n}");
        let verdict = g.rate(m(nat), &device, at(1));
        if verdict == Verdict::Allowed {
            g.strike(m(nat), &device, at(1));
        }
        verdicts.push(verdict);
    }
    let refused = verdicts.iter().filter(|&&v| v == Verdict::Allowed).count();
    assert_eq!(refused, limiter::SHARED_PER_MINUTE as usize);
    assert_eq!(
        verdicts[refused],
        Verdict::Blocked {
            first: true,
            limit: Limit::Address
        }
    );
    // One audit line a minute, not one per phone it makes up.
    assert!(verdicts[refused + 1..].iter().all(|&v| v
        == Verdict::Blocked {
            first: false,
            limit: Limit::Address
        }));
    assert!(blocked(Limit::Address)(g.rate(
        m(nat),
        "yet another",
        at(3)
    )));
    assert_eq!(g.rate(m(nat), "another", at(61)), Verdict::Allowed);
}

#[test]
fn where_each_phone_has_its_address_the_address_is_the_phone() {
    let mut g = Guards::new(Allow::Any, 3);
    for i in 0..5 {
        wrong(&mut g, "10.0.0.7", &format!("tab-{i}"), i);
    }
    // A private tab (a new cookie) does not get past the address's minute.
    assert!(blocked(Limit::Phone)(g.rate(m("10.0.0.7"), "tab-9", at(6))));
    assert_eq!(g.rate(m("10.0.0.8"), "tab-9", at(6)), Verdict::Allowed);
    // And the hour's 20 wrong codes hold here too: 5 a minute for 4 minutes.
    for minute in 1..4 {
        for i in 0..5 {
            wrong(&mut g, "10.0.0.7", "tab", minute * 60 + i);
        }
    }
    assert!(blocked(Limit::Hour)(g.rate(m("10.0.0.7"), "tab", at(300))));
}

/// A phone at `addr` behind hardware address `hw`.
fn behind(hw: u64, addr: &str, device: &str) -> Origin {
    Origin {
        machine: Machine::of(ip(addr), Some(hw)),
        ..phone(addr, device)
    }
}

#[test]
fn one_machine_with_many_addresses_marks_a_few_rolls_and_makes_a_few_guesses() {
    let mut g = Guards::new(Allow::Any, 3);
    // 128 IPv4 addresses and 1,000 of an IPv6 /64, one hardware address,
    // a new cookie and roll each time.
    let addresses = (0..128)
        .map(|n| format!("10.0.1.{n}"))
        .chain((0..1000).map(|n| format!("fd72:1::{n:x}")));
    let mut marked = 0;
    for (n, addr) in addresses.enumerate() {
        let o = behind(0x0242_ac11_0002, &addr, &format!("d{n}"));
        if g.check_roll(&o, &n.to_string(), day()).is_ok() {
            g.note_marked(&o, &n.to_string(), t(10, 0));
            marked += 1;
        }
    }
    assert_eq!(marked, 3);
    // Where no hardware address is known, an IPv6 /64 is one machine too.
    let mut g = Guards::new(Allow::Any, 3);
    let mut marked = 0;
    for n in 0..1000 {
        let o = phone(&format!("2001:db8:5:6::{n:x}"), &format!("d{n}"));
        if g.check_roll(&o, &n.to_string(), day()).is_ok() {
            g.note_marked(&o, &n.to_string(), t(10, 0));
            marked += 1;
        }
    }
    assert_eq!(marked, 3);
    // And its wrong codes share one hour's 20.
    let mut judged = 0;
    for n in 0..2000 {
        let o = phone(&format!("2001:db8:5:6::{n:x}"), "");
        let now = at(n / 10);
        if g.rate(o.machine, "", now) == Verdict::Allowed {
            judged += 1;
            g.strike(o.machine, "", now);
            g.wrong_code(o.machine, "", now);
        }
    }
    assert_eq!(judged, limiter::WRONG_CODES_PER_HOUR);
    // Another /64, another machine.
    assert_eq!(g.rate(m("2001:db8:5:7::1"), "", at(200)), Verdict::Allowed);
}

#[test]
fn a_copied_cookie_never_refuses_its_owner_and_both_rows_are_flagged() {
    let owner = behind(1, "10.0.0.2", "cookie-of-601");
    let thief = behind(2, "10.0.0.3", "cookie-of-601");
    let fresh = || "new-cookie".to_string();
    // Sent afterwards: the owner checked in; the thief is a new phone.
    let mut g = Guards::new(Allow::Any, 3);
    assert_eq!(g.copied(&owner, fresh), None);
    assert_eq!(g.check_roll(&owner, "601", day()), Ok(()));
    g.note_marked(&owner, "601", t(10, 0));
    let new = g.copied(&thief, fresh).expect("copied");
    let thief_now = Origin {
        device: new,
        ..thief.clone()
    };
    assert_eq!(g.check_roll(&thief_now, "604", day()), Ok(()));
    g.note_marked(&thief_now, "604", t(10, 1));
    let flags = g.flags(&["601".to_string(), "604".to_string()]);
    assert_eq!(
        find(&flags, &"601".to_string()),
        Some(&vec!["same cookie as 604, from another phone".to_string()])
    );
    assert_eq!(
        find(&flags, &"604".to_string()),
        Some(&vec!["same cookie as 601, from another phone".to_string()])
    );
    // The owner's own phone is still the owner, from another address too
    // (the same hardware).
    assert_eq!(
        g.copied(&behind(1, "10.0.0.9", "cookie-of-601"), fresh),
        None
    );
    assert_eq!(
        g.check_roll(&owner, "605", day()),
        Err(Refusal::SecondRoll("601".into()))
    );

    // Sent first: the thief checked in with it; the owner, sending its
    // own cookie afterwards from its own phone, is a new phone, not refused.
    let mut g = Guards::new(Allow::Any, 3);
    assert_eq!(g.check_roll(&thief, "604", day()), Ok(()));
    g.note_marked(&thief, "604", t(10, 0));
    let new = g.copied(&owner, fresh).expect("copied");
    let owner_now = Origin {
        device: new,
        ..owner.clone()
    };
    assert_eq!(g.check_roll(&owner_now, "601", day()), Ok(()));
    g.note_marked(&owner_now, "601", t(10, 1));
    let flags = g.flags(&["601".to_string(), "604".to_string()]);
    assert_eq!(
        find(&flags, &"604".to_string()),
        Some(&vec!["same cookie as 601, from another phone".to_string()])
    );
    assert_eq!(
        find(&flags, &"601".to_string()),
        Some(&vec!["same cookie as 604, from another phone".to_string()])
    );
    // A copy that checked in nothing still shows on the owner's row.
    let mut g = Guards::new(Allow::Any, 3);
    assert_eq!(g.check_roll(&owner, "601", day()), Ok(()));
    g.note_marked(&owner, "601", t(10, 0));
    assert!(g.copied(&thief, fresh).is_some());
    assert_eq!(
        find(&g.flags(&["601".to_string()]), &"601".to_string()),
        Some(&vec!["cookie also sent from another phone".to_string()])
    );
}

#[test]
fn more_wrong_codes_than_a_class_mistypes_is_a_sweep() {
    let mut g = Guards::new(Allow::Any, 3);
    for _ in 1..CLASS_WRONG_CODES {
        g.tally(&Reason::WrongCode, day());
    }
    assert!(!g.sweeping());
    g.tally(&Reason::WrongCode, day());
    assert!(g.sweeping());
    // Rebuilt after a restart from the audit trail's refusals.
    let line = Entry {
        time: t(10, 0),
        address: "10.0.0.2".into(),
        device: String::new(),
        roll: "1".into(),
        name: "X".into(),
        outcome: audit::REFUSED.into(),
        reason: "wrong code".into(),
    };
    let mut g = Guards::new(Allow::Any, 3);
    g.replay(&vec![line; CLASS_WRONG_CODES], day());
    assert!(g.sweeping());
}

/// The laptop's Wi-Fi, for the network rule.
fn wifi() -> Vec<Address> {
    vec![Address {
        name: "wlan0".into(),
        ip: ip("192.168.43.17"),
        prefix: 24,
        kind: crate::network::Kind::WiFi,
    }]
}

/// A check-in from `o` at `secs` into the lesson.
fn knock<'a>(o: &'a Origin, code: &'a str, own: &'a [Address], secs: i64) -> Knock<'a> {
    Knock {
        origin: o,
        sent: &o.device,
        code,
        fields: None,
        own,
        now: at(secs),
    }
}

/// Turned away with the form again.
fn form(code_error: Option<crate::session::NotAdmitted>, reason: Reason) -> Door {
    Door::Turned(Turned {
        told: Told::Form { code_error },
        audit: Some(reason),
        longer: false,
    })
}

/// Turned away with a page, written down or not.
fn page(refusal: Refusal, audit: Option<Reason>) -> Door {
    Door::Turned(Turned {
        told: Told::Page(refusal),
        audit,
        longer: false,
    })
}

#[test]
fn the_door_asks_the_network_the_code_then_the_fields() {
    use crate::session::{Mode, NotAdmitted, Session};
    let mut g = Guards::new(Allow::OwnNetworks, 3);
    let mut session = Session::new(Mode::Fixed("4821".into()), 30, None, at(0));
    let own = wifi();
    let outside = phone("10.20.3.4", "far");
    assert_eq!(
        g.door(&mut session, &knock(&outside, "4821", &own, 1)),
        page(Refusal::OtherNetwork, Some(Reason::OtherNetwork))
    );
    assert_eq!(
        g.door_to_form(ip("10.20.3.5"), &own, day()),
        Err(Refusal::OtherNetwork)
    );
    assert_eq!(
        g.refused_networks(),
        vec![(Cidr::around(ip("10.20.3.4")), 2)]
    );
    let a = phone("192.168.43.20", "dev-a");
    assert_eq!(g.door_to_form(a.ip, &own, day()), Ok(()));
    let missing = NotAdmitted::MissingCode;
    assert_eq!(
        g.door(&mut session, &knock(&a, "", &own, 2)),
        form(Some(missing), Reason::NoCode)
    );
    let wrong = NotAdmitted::WrongCode;
    // A wrong code is the answer, whatever the fields.
    let typo = Knock {
        fields: Some(Reason::NotOnList),
        ..knock(&a, "4812", &own, 3)
    };
    assert_eq!(
        g.door(&mut session, &typo),
        form(Some(wrong), Reason::WrongCode)
    );
    let not_listed = Knock {
        fields: Some(Reason::NotOnList),
        ..knock(&a, "4821", &own, 4)
    };
    assert_eq!(
        g.door(&mut session, &not_listed),
        form(None, Reason::NotOnList)
    );
    assert_eq!(
        g.door(&mut session, &knock(&a, "4821", &own, 5)),
        Door::Pass
    );
    session.close();
    assert_eq!(
        g.door(&mut session, &knock(&a, "4821", &own, 6)),
        page(Refusal::Closed, Some(Reason::Closed))
    );
    let mut counted = g.refusals();
    counted.sort();
    let expected: Vec<(String, usize)> = [
        ("closed", 1),
        ("no code", 1),
        ("not on the class list", 1),
        ("other network", 1),
        ("wrong code", 1),
    ]
    .iter()
    .map(|&(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(counted, expected);
}

#[test]
fn past_the_limit_the_door_writes_down_one_refusal_a_minute() {
    use crate::session::{Mode, Session};
    let mut g = Guards::new(Allow::Any, 3);
    let mut session = Session::new(Mode::Fixed("4821".into()), 30, None, at(0));
    let a = phone("10.0.0.7", "dev-a");
    for secs in 0..5 {
        let door = g.door(&mut session, &knock(&a, "0000", &[], secs));
        assert!(matches!(door, Door::Turned(_)));
    }
    // Every refusal counts, the fields' too.
    let over = Refusal::TooManyRefusals;
    assert_eq!(
        g.door(&mut session, &knock(&a, "4821", &[], 6)),
        page(over.clone(), Some(Reason::TooManyRefusals))
    );
    assert_eq!(
        g.door(&mut session, &knock(&a, "4821", &[], 7)),
        page(over, None)
    );
    assert_eq!(
        g.door(&mut session, &knock(&a, "4821", &[], 61)),
        Door::Pass
    );
    // The laptop is never kept waiting.
    let kiosk = phone("127.0.0.1", "");
    for secs in 0..20 {
        let door = g.door(&mut session, &knock(&kiosk, "0000", &[], secs));
        assert!(matches!(
            door,
            Door::Turned(Turned {
                audit: Some(Reason::WrongCode),
                ..
            })
        ));
    }
}

#[test]
fn the_wrong_code_that_makes_a_sweep_makes_the_code_longer_once() {
    use crate::session::{Mode, Session};
    let mut g = Guards::new(Allow::Any, 3);
    let mut session = Session::new(Mode::Rotating, 30, None, at(0));
    let mut longer = Vec::new();
    for n in 0..CLASS_WRONG_CODES + 5 {
        let o = phone(&format!("10.0.{}.{}", n / 200, n % 200 + 1), "");
        // Five digits: never a rotating code.
        match g.door(&mut session, &knock(&o, "12345", &[], 1)) {
            Door::Turned(turned) => longer.push(turned.longer),
            Door::Pass => panic!("a wrong code passed"),
        }
    }
    let at_sweep: Vec<usize> = (0..longer.len()).filter(|&i| longer[i]).collect();
    assert_eq!(at_sweep, vec![CLASS_WRONG_CODES - 1]);
    assert!(session.status(at(1)).longer.is_some());
}

#[test]
fn the_phone_rules_count_what_they_turn_away() {
    let mut g = Guards::new(Allow::Any, 1);
    let now = NaiveDateTime::new(day(), t(10, 0));
    let a = phone("10.0.0.2", "dev-a");
    assert!(g.phone_rules(&a, "12", false, now).is_ok());
    let b = phone("10.0.0.2", "dev-b");
    let turned = g
        .phone_rules(&b, "13", false, now)
        .expect_err("per address");
    assert_eq!(turned.told, Told::Page(Refusal::PerAddress(1)));
    assert_eq!(turned.audit, Some(Reason::PerAddress(1)));
    assert_eq!(
        g.refusals(),
        vec![("more than 1 rolls from this address".to_string(), 1)]
    );
    // A teacher's mark passes them all.
    assert!(g.phone_rules(&b, "13", true, now).is_ok());
    // And each counts toward the phone's minute, as a roll sent again does.
    for _ in 0..3 {
        assert!(g.phone_rules(&b, "14", false, now).is_err());
    }
    g.sent_again(b.machine, "dev-b", now);
    assert!(matches!(
        g.rate(b.machine, "dev-b", now),
        Verdict::Blocked { first: true, .. }
    ));
}
