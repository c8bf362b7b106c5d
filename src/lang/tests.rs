//! Which language a phone gets, the digits, the filling in, and that every
//! language's texts keep the English one's `{...}` parts.

use super::*;

#[test]
fn the_phone_gets_the_language_it_weights_highest() {
    assert_eq!(Lang::asked(""), Lang::En);
    assert_eq!(Lang::asked("hi"), Lang::Hi);
    assert_eq!(Lang::asked("hi-IN,hi;q=0.9,en;q=0.8"), Lang::Hi);
    assert_eq!(Lang::asked("ta;q=0.5, hi;q=0.9"), Lang::Hi);
    assert_eq!(Lang::asked("en-US,en;q=0.9,bn;q=0.8"), Lang::En);
    assert_eq!(Lang::asked("fr-FR, de;q=0.9, te;q=0.1"), Lang::Te);
    assert_eq!(Lang::asked("fr, de"), Lang::En);
    assert_eq!(Lang::asked("*"), Lang::En);
    assert_eq!(Lang::asked("*;q=0.9, mr"), Lang::Mr);
    assert_eq!(Lang::asked("MR-in"), Lang::Mr);
    // Equal weights: the first listed.
    assert_eq!(Lang::asked("bn;q=0.8, ta;q=0.8"), Lang::Bn);
    // q=0 is "not this one"; a weight that is not one is passed over.
    assert_eq!(Lang::asked("hi;q=0"), Lang::En);
    assert_eq!(Lang::asked("hi;q=2, ta;q=0.3"), Lang::Ta);
    assert_eq!(Lang::asked("hi;q=0.5x, ta;q=0.001"), Lang::Ta);
    assert_eq!(Lang::asked("hin, ta-IN ; q=0.7"), Lang::Ta);
    assert_eq!(Lang::asked(",;,q=,;q=1,hi;Q=0.2"), Lang::Hi);
}

#[test]
fn weights() {
    assert_eq!(weight("1"), Some(1000));
    assert_eq!(weight("1.000"), Some(1000));
    assert_eq!(weight("0.5"), Some(500));
    assert_eq!(weight("0.125"), Some(125));
    assert_eq!(weight("0."), Some(0));
    for bad in ["", "1.5", "0.1234", "2", ".5", "-0", "0.x", "0.٥"] {
        assert_eq!(weight(bad), None, "{bad}");
    }
}

#[test]
fn bengali_and_marathi_write_their_own_digits() {
    assert_eq!(Lang::Bn.digits("10:12:05"), "১০:১২:০৫");
    assert_eq!(Lang::Mr.digits("2026"), "२०२६");
    assert_eq!(Lang::Mr.number(90), "९०");
    for lang in [Lang::En, Lang::Hi, Lang::Ta, Lang::Te] {
        assert_eq!(lang.digits("10:12:05"), "10:12:05");
    }
    // Only ASCII digits are turned.
    assert_eq!(Lang::Bn.digits("x٣9"), "x٣৯");
}

#[test]
fn fill_replaces_known_keys_once() {
    assert_eq!(
        fill(
            "Roll {roll} at {time}",
            &[("roll", "{time}"), ("time", "9")]
        ),
        "Roll {time} at 9"
    );
    assert_eq!(fill("{x} {roll", &[("roll", "1")]), "{x} {roll");
    assert_eq!(fill("{}{{roll}}", &[("roll", "1")]), "{}{1}");
}

#[test]
fn refusals_and_problems_have_their_particulars() {
    let (heading, _) = Lang::Hi.refusal(&Refusal::SecondRoll("12".into()));
    assert_eq!(heading, "इस फ़ोन से आज रोल 12 की हाज़िरी लग चुकी है");
    let (_, text) = Lang::Mr.refusal(&Refusal::PerAddress(3));
    assert!(text.contains("आज ३ विद्यार्थ्यांची"), "{text}");
    let (heading, text) = Lang::En.refusal(&Refusal::PerAddress(3));
    assert_eq!(heading, "Too many check-ins from this phone");
    assert!(text.contains("already checked in 3 students today"));
    assert_eq!(
        Lang::Bn.problem(Problem::NameLong),
        "নামে বড়জোর ৬০টি অক্ষর থাকে।"
    );
    assert_eq!(
        Lang::En.problem(Problem::RollLong),
        "A roll number has at most 20 characters."
    );
    assert_eq!(
        Lang::Ta.code_refused(NotAdmitted::WrongCode),
        ta::TEXT.code_wrong
    );
}

/// Every text of `t`, named.
fn texts(t: &Text) -> Vec<(&'static str, &'static str)> {
    let mut all = vec![
        ("attendance", t.attendance),
        ("roll", t.roll),
        ("name", t.name),
        ("code", t.code),
        ("button", t.button),
        ("remembers", t.remembers),
        ("present", t.present),
        ("at", t.at),
        ("show", t.show),
        ("already", t.already),
        ("already_at", t.already_at),
        ("nothing_new", t.nothing_new),
        ("back", t.back),
        ("not_saved", t.not_saved),
        ("not_listed", t.not_listed),
        ("roll_empty", t.roll_empty),
        ("roll_long", t.roll_long),
        ("roll_chars", t.roll_chars),
        ("roll_shape", t.roll_shape),
        ("name_empty", t.name_empty),
        ("name_long", t.name_long),
        ("name_chars", t.name_chars),
        ("name_start", t.name_start),
        ("code_missing", t.code_missing),
        ("code_wrong", t.code_wrong),
        ("code_expired", t.code_expired),
        ("other_site_h", t.other_site_h),
        ("other_site", t.other_site),
        ("other_network_h", t.other_network_h),
        ("other_network", t.other_network),
        ("closed_h", t.closed_h),
        ("closed", t.closed),
        ("second_roll_h", t.second_roll_h),
        ("second_roll", t.second_roll),
        ("per_address_h", t.per_address_h),
        ("per_address", t.per_address),
        ("wait_h", t.wait_h),
        ("too_many", t.too_many),
        ("too_many_address", t.too_many_address),
        ("ask_h", t.ask_h),
        ("wrong_codes", t.wrong_codes),
        ("not_found_h", t.not_found_h),
        ("not_found", t.not_found),
        ("record", t.record),
        ("record_low", t.record_low),
    ];
    all.extend(t.months.iter().map(|m| ("month", *m)));
    all
}

/// The `{...}` parts of `text`, in order.
fn keys(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect()
}

#[test]
fn every_language_keeps_the_english_keys_and_is_tidy() {
    let english = texts(&en::TEXT);
    for lang in OFFERED {
        let theirs = texts(lang.text());
        assert_eq!(theirs.len(), english.len());
        for ((field, text), (_, en)) in theirs.iter().zip(&english) {
            let code = lang.code();
            let mut want = keys(en);
            let mut have = keys(text);
            want.sort_unstable();
            have.sort_unstable();
            assert_eq!(have, want, "{code} {field}: {text}");
            assert!(!text.is_empty() && text.trim() == *text, "{code} {field}");
            assert!(!text.contains("  "), "{code} {field}");
            // Precomposed nukta letters (क़ as one code point) are not
            // what NFC text holds, and search and sort apart.
            assert!(
                !text.chars().any(|c| ('\u{0958}'..='\u{095F}').contains(&c)),
                "{code} {field}"
            );
        }
    }
}
