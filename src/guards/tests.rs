//! Unit tests of the guards: each rule with addresses of any kind.

use super::*;
use crate::register::audit::Entry;
use chrono::NaiveTime;
use limiter::Limit;
use refusal::Kind;
use rules::{code, fields, limit, network, open, per_address, second_roll};

/// The value for `key` in a list of pairs.
fn find<'a, K: PartialEq, V>(list: &'a [(K, V)], key: &K) -> Option<&'a V> {
    list.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// What the rules say of saving `roll` from `o` on `day`, nothing counted.
fn may_save(g: &Guards, o: &Origin, roll: &str) -> Result<(), Refusal> {
    let saving = rules::Saving {
        guards: g,
        batch: &[],
        origin: o,
        roll,
    };
    rules::RULES.iter().try_for_each(|r| r.as_saved(&saving))
}

fn on(day: NaiveDate, time: NaiveTime) -> NaiveDateTime {
    NaiveDateTime::new(day, time)
}

fn second(roll: &str) -> Refusal {
    Refusal::with(&second_roll::SECOND_ROLL, Detail::Roll(roll.into()))
}

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
    assert_eq!(may_save(&g, &a, "12"), Ok(()));
    g.learn(&a, "12", on(day(), t(10, 0)));
    // The same roll again is fine (it is "already marked" downstream).
    assert_eq!(may_save(&g, &a, "12"), Ok(()));
    let refused = g
        .as_saved(&a, "13", &[], on(day(), t(10, 1)))
        .expect_err("second roll");
    assert_eq!(refused, second("12"));
    assert_eq!(refused.to_string(), "second roll on this phone (roll 12)");
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
    g.follow(next);
    assert_eq!(g.as_saved(&a, "13", &[], on(next, t(9, 0))), Ok(()));
}

#[test]
fn one_address_is_flagged_then_limited() {
    let mut g = Guards::new(Allow::Any, 3);
    for (i, roll) in ["1", "2", "3"].iter().enumerate() {
        let o = phone("10.0.0.9", &format!("private-tab-{i}"));
        assert_eq!(may_save(&g, &o, roll), Ok(()));
        g.learn(&o, roll, on(day(), t(10, i as u32)));
    }
    let o = phone("10.0.0.9", "private-tab-9");
    let most = Refusal::with(&per_address::PER_ADDRESS, Detail::Count(3));
    assert_eq!(may_save(&g, &o, "4"), Err(most));
    let flags = g.flags(&[]);
    assert_eq!(
        find(&flags, &"1".to_string()),
        Some(&vec!["same address as 2, 3".to_string()])
    );
    // A roll already marked from there is not a new one.
    assert_eq!(may_save(&g, &o, "2"), Ok(()));
    // 0: no limit, for a network where phones share one address.
    let mut open = Guards::new(Allow::Any, 0);
    for n in 0..50 {
        let o = phone("10.0.0.9", &format!("d{n}"));
        assert_eq!(may_save(&open, &o, &n.to_string()), Ok(()));
        open.learn(&o, &n.to_string(), on(day(), t(10, 0)));
    }
}

#[test]
fn the_laptop_is_a_kiosk() {
    let mut g = Guards::new(Allow::OwnNetworks, 1);
    let kiosk = phone("127.0.0.1", "");
    for n in 0..10 {
        assert_eq!(may_save(&g, &kiosk, &n.to_string()), Ok(()));
        g.learn(&kiosk, &n.to_string(), on(day(), t(9, 0)));
        g.strike(kiosk.machine, "", NaiveDateTime::new(day(), t(9, 0)), false);
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
        may_save(&g, &phone("10.0.0.5", "d5"), "21"),
        Err(second("20"))
    );
    let d1 = phone("10.0.0.2", "d1");
    assert_eq!(may_save(&g, &d1, "14"), Err(second("12")));
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
fn a_roll_is_learnt_once_saved_and_counts_within_its_batch_before() {
    let mut g = Guards::new(Allow::Any, 3);
    let a = phone("10.0.0.2", "dev-a");
    let now = on(day(), t(10, 0));
    // The phone typed a friend's roll, already marked: it passed the rules
    // but was never saved, so nothing was learnt...
    assert_eq!(g.as_saved(&a, "13", &[], now), Ok(()));
    // ...and its own roll still goes through.
    assert_eq!(g.as_saved(&a, "12", &[], now), Ok(()));
    // Two rolls of one phone in one batch: the first counts against the
    // second, though neither is saved yet.
    let ahead = [Arrival::of(&a, "12", now.time())];
    assert_eq!(g.as_saved(&a, "14", &ahead, now), Err(second("12")));
    g.learn(&a, "12", now);
    assert_eq!(may_save(&g, &a, "14"), Err(second("12")));
}

/// A wrong code as `student::check_in` counts it: a refusal, and a guess
/// against the address's hour.
fn wrong(g: &mut Guards, addr: &str, device: &str, secs: i64) {
    let now = at(secs);
    assert_eq!(g.rate(m(addr), device, now), Verdict::Allowed, "{device}");
    g.strike(m(addr), device, now, true);
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
        g.strike(m(nat), &device, now, true);
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
            g.strike(m(nat), &device, at(1), false);
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
        if may_save(&g, &o, &n.to_string()).is_ok() {
            g.learn(&o, &n.to_string(), on(day(), t(10, 0)));
            marked += 1;
        }
    }
    assert_eq!(marked, 3);
    // Where no hardware address is known, an IPv6 /64 is one machine too.
    let mut g = Guards::new(Allow::Any, 3);
    let mut marked = 0;
    for n in 0..1000 {
        let o = phone(&format!("2001:db8:5:6::{n:x}"), &format!("d{n}"));
        if may_save(&g, &o, &n.to_string()).is_ok() {
            g.learn(&o, &n.to_string(), on(day(), t(10, 0)));
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
            g.strike(o.machine, "", now, true);
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
    let fresh: fn() -> String = || "new-cookie".to_string();
    // Sent afterwards: the owner checked in; the thief is a new phone.
    let mut g = Guards::new(Allow::Any, 3);
    assert_eq!(g.copied(&owner, fresh), None);
    assert_eq!(may_save(&g, &owner, "601"), Ok(()));
    g.learn(&owner, "601", on(day(), t(10, 0)));
    let new = g.copied(&thief, fresh).expect("copied");
    let thief_now = Origin {
        device: new,
        ..thief.clone()
    };
    assert_eq!(may_save(&g, &thief_now, "604"), Ok(()));
    g.learn(&thief_now, "604", on(day(), t(10, 1)));
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
    assert_eq!(may_save(&g, &owner, "605"), Err(second("601")));

    // Sent first: the thief checked in with it; the owner, sending its
    // own cookie afterwards from its own phone, is a new phone, not refused.
    let mut g = Guards::new(Allow::Any, 3);
    assert_eq!(may_save(&g, &thief, "604"), Ok(()));
    g.learn(&thief, "604", on(day(), t(10, 0)));
    let new = g.copied(&owner, fresh).expect("copied");
    let owner_now = Origin {
        device: new,
        ..owner.clone()
    };
    assert_eq!(may_save(&g, &owner_now, "601"), Ok(()));
    g.learn(&owner_now, "601", on(day(), t(10, 1)));
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
    assert_eq!(may_save(&g, &owner, "601"), Ok(()));
    g.learn(&owner, "601", on(day(), t(10, 0)));
    assert!(g.copied(&thief, fresh).is_some());
    assert_eq!(
        find(&g.flags(&["601".to_string()]), &"601".to_string()),
        Some(&vec!["cookie also sent from another phone".to_string()])
    );
}

#[test]
fn more_wrong_codes_than_a_class_mistypes_is_a_sweep() {
    let mut g = Guards::new(Allow::Any, 3);
    g.turn_to(day());
    for _ in 1..CLASS_WRONG_CODES {
        g.tally.count(code::WRONG.code);
    }
    assert!(!g.sweeping());
    g.tally.count(code::WRONG.code);
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

/// A check-in of roll 12 from `o` at `secs` into the lesson.
fn knock<'a>(o: &'a Origin, code: &'a str, own: &'a [Address], secs: i64) -> Knock<'a> {
    Knock {
        origin: o,
        sent: &o.device,
        roll: "12",
        name: "Asha",
        code,
        ticket: "",
        roster: None,
        own,
        now: at(secs),
    }
}

/// Asks the door with a ticket of a form served to the knocking machine.
fn ask(g: &mut Guards, session: &mut crate::session::Session, k: Knock<'_>) -> Door {
    let ticket = g.ticket_for(k.origin.machine);
    g.door(
        session,
        &Knock {
            ticket: &ticket,
            ..k
        },
    )
}

/// Turned away for `kind`, written down unless `quiet`.
fn turned(kind: &'static Kind, quiet: bool) -> Door {
    let mut refusal = Refusal::new(kind);
    refusal.quiet = quiet;
    Door::Turned(Turned {
        refusal,
        longer: false,
    })
}

/// Let through as roll 12, Asha.
fn pass() -> Door {
    Door::Pass {
        student: crate::validate::Student {
            roll: "12".into(),
            name: "Asha".into(),
        },
        typed: None,
    }
}

#[test]
fn the_door_asks_the_network_the_code_then_the_fields() {
    use crate::session::{Mode, Session};
    let mut g = Guards::new(Allow::OwnNetworks, 3);
    let mut session = Session::new(Mode::Fixed("4821".into()), 30, None, at(0));
    let own = wifi();
    let outside = phone("10.20.3.4", "far");
    assert_eq!(
        ask(&mut g, &mut session, knock(&outside, "4821", &own, 1)),
        turned(&network::OTHER_NETWORK, false)
    );
    assert_eq!(
        g.door_to_form(&phone("10.20.3.5", ""), &own),
        Err(Refusal::new(&network::OTHER_NETWORK))
    );
    assert_eq!(
        g.refused_networks(),
        vec![RefusedNetwork {
            net: Cidr::around(ip("10.20.3.4")),
            machines: 2,
            told_apart: false,
        }]
    );
    let a = phone("192.168.43.20", "dev-a");
    assert_eq!(g.door_to_form(&a, &own), Ok(()));
    assert_eq!(
        ask(&mut g, &mut session, knock(&a, "", &own, 2)),
        turned(&code::NO_CODE, false)
    );
    // A wrong code is the answer, whatever the fields.
    let list = crate::roster::Roster::parse(b"Roll,Name\r\n7,Ravi\r\n").expect("a list");
    let typo = Knock {
        roster: Some(&list),
        ..knock(&a, "4812", &own, 3)
    };
    assert_eq!(ask(&mut g, &mut session, typo), turned(&code::WRONG, false));
    let not_listed = Knock {
        roster: Some(&list),
        ..knock(&a, "4821", &own, 4)
    };
    let refused = match ask(&mut g, &mut session, not_listed) {
        Door::Turned(t) => t.refusal,
        other => panic!("{other:?}"),
    };
    assert_eq!(refused.kind, &fields::NOT_ON_LIST);
    assert_eq!(refused.roll(), "12");
    assert_eq!(
        ask(&mut g, &mut session, knock(&a, "4821", &own, 5)),
        pass()
    );
    session.close();
    assert_eq!(
        ask(&mut g, &mut session, knock(&a, "4821", &own, 6)),
        turned(&open::CLOSED, false)
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
        let door = ask(&mut g, &mut session, knock(&a, "0000", &[], secs));
        assert!(matches!(door, Door::Turned(_)));
    }
    // Every refusal counts, the fields' too.
    assert_eq!(
        ask(&mut g, &mut session, knock(&a, "4821", &[], 6)),
        turned(&limit::TOO_MANY, false)
    );
    assert_eq!(
        ask(&mut g, &mut session, knock(&a, "4821", &[], 7)),
        turned(&limit::TOO_MANY, true)
    );
    assert_eq!(
        ask(&mut g, &mut session, knock(&a, "4821", &[], 61)),
        pass()
    );
    // The laptop's own browser is limited like a phone for wrong codes
    // (one line a minute past the limit)...
    let kiosk = phone("127.0.0.1", "kiosk");
    for secs in 0..5 {
        let door = ask(&mut g, &mut session, knock(&kiosk, "0000", &[], secs));
        assert_eq!(door, turned(&code::WRONG, false));
    }
    let over = ask(&mut g, &mut session, knock(&kiosk, "0000", &[], 6));
    assert_eq!(over, turned(&limit::TOO_MANY, false));
    let again = ask(&mut g, &mut session, knock(&kiosk, "4821", &[], 7));
    assert_eq!(again, turned(&limit::TOO_MANY, true));
    // ...but not for the rest: a kiosk's students mistyping their names
    // never keep the next one waiting.
    let other = phone("127.0.0.1", "kiosk-2");
    let mut g = Guards::new(Allow::Any, 3);
    for secs in 0..20 {
        let typo = Knock {
            name: "R2D2",
            ..knock(&other, "4821", &[], secs)
        };
        let door = ask(&mut g, &mut session, typo);
        assert!(
            matches!(door, Door::Turned(Turned { refusal, .. }) if refusal.kind == &fields::INVALID)
        );
    }
    assert_eq!(
        ask(&mut g, &mut session, knock(&other, "4821", &[], 21)),
        pass()
    );
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
        match ask(&mut g, &mut session, knock(&o, "12345", &[], 1)) {
            Door::Turned(turned) => longer.push(turned.longer),
            Door::Pass { .. } => panic!("a wrong code passed"),
        }
    }
    let at_sweep: Vec<usize> = (0..longer.len()).filter(|&i| longer[i]).collect();
    assert_eq!(at_sweep, vec![CLASS_WRONG_CODES - 1]);
    assert!(session.status(at(1)).longer.is_some());
}

#[test]
fn the_rules_as_saved_count_what_they_turn_away() {
    let mut g = Guards::new(Allow::Any, 1);
    let now = NaiveDateTime::new(day(), t(10, 0));
    let a = phone("10.0.0.2", "dev-a");
    assert!(g.as_saved(&a, "12", &[], now).is_ok());
    g.learn(&a, "12", now);
    let b = phone("10.0.0.2", "dev-b");
    let refused = g.as_saved(&b, "13", &[], now).expect_err("per address");
    assert_eq!(
        refused,
        Refusal::with(&per_address::PER_ADDRESS, Detail::Count(1))
    );
    assert_eq!(refused.kind.status, 403);
    assert_eq!(
        g.refusals(),
        vec![("more than 1 rolls from this address".to_string(), 1)]
    );
    // And each counts toward the phone's minute, as a roll sent again does.
    for _ in 0..3 {
        assert!(g.as_saved(&b, "14", &[], now).is_err());
    }
    g.sent_again(b.machine, "dev-b", now);
    assert!(matches!(
        g.rate(b.machine, "dev-b", now),
        Verdict::Blocked { first: true, .. }
    ));
}

#[test]
fn a_dozen_machines_new_to_the_day_within_a_second_are_a_burst_flagged_once() {
    let mut g = Guards::new(Allow::Any, 3);
    // A class: 40 phones over 40 seconds, a phone a second.
    for n in 0..40u32 {
        let o = behind(u64::from(n), &format!("10.0.0.{}", n + 1), &format!("d{n}"));
        g.learn(
            &o,
            &n.to_string(),
            on(day(), NaiveTime::from_hms_opt(9, 0, n).expect("time")),
        );
    }
    assert!(g.new_bursts().is_empty(), "a class is no burst");
    // A laptop of 50 network cards, one second.
    for n in 0..50u32 {
        let o = behind(
            u64::from(100 + n),
            &format!("10.0.1.{}", n + 1),
            &format!("x{n}"),
        );
        g.learn(&o, &(100 + n).to_string(), on(day(), t(10, 0)));
    }
    let found = g.new_bursts();
    assert_eq!(found.len(), 50);
    assert!(found
        .iter()
        .all(|(_, words)| words == "arrived with 49 others within 1 s"));
    assert!(g.new_bursts().is_empty(), "written down once");
    let marked: Vec<String> = (0..150).map(|n| n.to_string()).collect();
    let flags = g.flags(&marked);
    assert_eq!(
        find(&flags, &"120".to_string()),
        Some(&vec!["arrived with 49 others within 1 s".to_string()])
    );
    assert_eq!(find(&flags, &"7".to_string()), None);
    // A machine's second roll is not a new machine.
    let mut g = Guards::new(Allow::Any, 0);
    for n in 0..20 {
        g.learn(
            &behind(1, "10.0.0.1", &format!("d{n}")),
            &n.to_string(),
            on(day(), t(10, 0)),
        );
    }
    assert!(g.new_bursts().is_empty());
}

#[test]
fn refused_networks_are_counted_by_machine_and_the_most_are_listed_first() {
    let mut g = Guards::new(Allow::OwnNetworks, 3);
    let own = wifi();
    // One machine, one hardware address, 200 addresses of one network.
    for n in 1..=200u32 {
        let o = behind(7, &format!("10.94.0.{}", n % 250), "");
        assert!(g.door_to_form(&o, &own).is_err());
    }
    let listed = g.refused_networks();
    assert_eq!(
        (listed.len(), listed[0].machines),
        (1, 1),
        "one machine is one"
    );
    // 64 made-up networks of one address each.
    for n in 0..64u32 {
        let o = phone(&format!("10.95.{n}.9"), "");
        assert!(g.door_to_form(&o, &own).is_err());
    }
    // A real network of 30 phones, refused last.
    for n in 1..=30u32 {
        let o = behind(u64::from(1000 + n), &format!("172.16.5.{n}"), "");
        assert!(g.door_to_form(&o, &own).is_err());
    }
    let listed = g.refused_networks();
    assert_eq!(listed[0].net, Cidr::around(ip("172.16.5.1")));
    assert_eq!((listed[0].machines, listed[0].told_apart), (30, true));
    assert!(listed.len() <= 8);
}

#[test]
fn the_phone_that_marked_a_roll_and_what_else_it_and_its_machine_marked() {
    let mut g = Guards::new(Allow::Any, 0);
    let at = |min: u32| NaiveDateTime::new(day(), t(10, min));
    g.learn(&phone("10.0.0.2", "dev-a"), "12", at(0));
    g.learn(&phone("10.0.0.2", "dev-a"), "13", at(1));
    // The same machine under another cookie (a private tab)...
    g.learn(&phone("10.0.0.2", "dev-b"), "14", at(2));
    // ...another phone, and a cookieless one on another machine.
    g.learn(&phone("10.0.0.3", "dev-c"), "15", at(3));
    g.learn(&phone("10.0.0.4", ""), "16", at(4));
    g.learn(&phone("10.0.0.5", ""), "17", at(5));
    let a = g.marked_by("13").expect("a phone marked 13");
    assert_eq!(
        (a.ip, a.device.as_str(), a.time),
        (ip("10.0.0.2"), "dev-a", t(10, 1))
    );
    assert_eq!(
        g.marked_with(&a),
        (vec!["12".to_string()], vec!["14".to_string()])
    );
    // A phone without a cookie is known by its machine alone.
    let c = g.marked_by("16").expect("a phone marked 16");
    assert_eq!(g.marked_with(&c), (vec![], vec![]));
    // A roll no phone marked (by hand, on the laptop).
    assert!(g.marked_by("99").is_none());
    g.learn(
        &Origin {
            ip: ip("127.0.0.1"),
            device: "kiosk".into(),
            machine: m("127.0.0.1"),
        },
        "18",
        at(6),
    );
    assert!(g.marked_by("18").is_none());
}
