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

fn phone(addr: &str, device: &str) -> Origin {
    Origin {
        ip: ip(addr),
        device: device.into(),
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
    assert!(g.network_allows(ip("::ffff:192.168.43.5"), &own));
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
    g.marked(&a, "12", t(10, 0));
    // The same roll again is fine (it is "already marked" downstream).
    assert_eq!(g.check_roll(&a, "12", day()), Ok(()));
    let refusal = g.check_roll(&a, "13", day()).expect_err("second roll");
    assert_eq!(refusal, Refusal::SecondRoll("12".into()));
    g.refused(&a, "13", &refusal, day());
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
        g.marked(&o, roll, t(10, i as u32));
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
        open.marked(&o, &n.to_string(), t(10, 0));
    }
}

#[test]
fn the_laptop_is_a_kiosk() {
    let mut g = Guards::new(Allow::OwnNetworks, 1);
    let kiosk = phone("127.0.0.1", "");
    for n in 0..10 {
        assert_eq!(g.check_roll(&kiosk, &n.to_string(), day()), Ok(()));
        g.marked(&kiosk, &n.to_string(), t(9, 0));
        g.strike(kiosk.ip, NaiveDateTime::new(day(), t(9, 0)));
    }
    assert_eq!(
        g.rate(kiosk.ip, NaiveDateTime::new(day(), t(9, 0))),
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
        ],
        day(),
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
    let added = g.marked(&a, "13", t(10, 0));
    g.unmark(&a, "13", added);
    // ...so its own roll still goes through.
    assert_eq!(g.check_roll(&a, "12", day()), Ok(()));
    // What was there before is never forgotten by an unmark.
    g.marked(&a, "12", t(10, 1));
    let again = g.marked(&a, "12", t(10, 2));
    g.unmark(&a, "12", again);
    assert_eq!(
        g.check_roll(&a, "14", day()),
        Err(Refusal::SecondRoll("12".into()))
    );
}
