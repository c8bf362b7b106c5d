//! Which language a phone gets, the digits, the filling in, and that every
//! language's texts keep the English one's `{...}` parts.

use super::*;
use crate::guards::{rules, Detail, Written};

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
    let second = Refusal::with(&rules::second_roll::SECOND_ROLL, Detail::Roll("12".into()));
    let (heading, _) = Lang::Hi.refusal(&second);
    assert_eq!(heading, "इस फ़ोन से आज रोल 12 की हाज़िरी लग चुकी है");
    let most = Refusal::with(&rules::per_address::PER_ADDRESS, Detail::Count(3));
    let (_, text) = Lang::Mr.refusal(&most);
    assert!(text.contains("आज ३ विद्यार्थ्यांची"), "{text}");
    let (heading, text) = Lang::En.refusal(&most);
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
        Lang::En.problem(Problem::RollEmpty),
        "Please type your roll number."
    );
    assert_eq!(
        Lang::En.problem(Problem::NameLong),
        "A name has at most 60 characters."
    );
    let wrong = Refusal::new(&rules::code::WRONG);
    assert_eq!(Lang::Ta.refusal(&wrong).1, ta::TEXT.refusals[9][2]);
}

#[test]
fn every_language_has_words_for_every_refusal_by_its_code() {
    for lang in OFFERED {
        for kind in rules::kinds() {
            let (_, sentence) = lang.text().refusal(kind.code);
            // An invalid roll or name is told by its fields' problems.
            let told_by_problems = kind.written == Written::Problem;
            assert_eq!(
                sentence.is_empty(),
                told_by_problems,
                "{} {}",
                lang.code(),
                kind.code
            );
        }
    }
}

/// Each language's texts as its file writes them.
fn sources() -> [(Lang, [&'static str; ALL]); 6] {
    [
        (Lang::En, en::TEXT.texts()),
        (Lang::Hi, hi::TEXT.texts()),
        (Lang::Bn, bn::TEXT.texts()),
        (Lang::Mr, mr::TEXT.texts()),
        (Lang::Ta, ta::TEXT.texts()),
        (Lang::Te, te::TEXT.texts()),
    ]
}

#[test]
fn every_language_unpacks_as_its_file_writes_it() {
    for (lang, texts) in sources() {
        assert_eq!(lang.text().0, texts, "{}", lang.code());
        let (bytes, _) = PACKED[lang as usize];
        println!("{}: {} bytes packed", lang.code(), bytes.len());
    }
    assert_eq!(Lang::Hi.text().button(), hi::TEXT.button);
    assert_eq!(Lang::Hi.text().record_low(), hi::TEXT.record_low);
    assert_eq!(Lang::Ta.text().month(1), "பிப்ரவரி");
    assert_eq!(Lang::Ta.text().month(12), "");
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
    let all = sources();
    let english = all[0].1;
    for (lang, texts) in all {
        let code = lang.code();
        for (at, (text, en)) in texts.iter().zip(english).enumerate() {
            let mut want = keys(en);
            let mut have = keys(text);
            want.sort_unstable();
            have.sort_unstable();
            assert_eq!(have, want, "{code} text {at}: {text}");
            // (A refusal shown beside a field has no heading.)
            assert_eq!(text.is_empty(), en.is_empty(), "{code} text {at}");
            assert!(text.trim() == *text, "{code} {text}");
            // The refusals, in the same order, each by its code.
            if at >= TEXTS && (at - TEXTS) % 3 == 0 {
                assert_eq!(text, &en, "{code}: a refusal's code is never translated");
            }
            assert!(!text.contains("  "), "{code} {text}");
            // Precomposed nukta letters (क़ as one code point) are not
            // what NFC text holds, and search and sort apart.
            assert!(
                !text.chars().any(|c| ('\u{0958}'..='\u{095F}').contains(&c)),
                "{code} {text}"
            );
        }
    }
}
