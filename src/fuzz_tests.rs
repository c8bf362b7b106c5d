//! Property-based fuzzing (proptest, a dev-dependency: not in the binary)
//! of what reads untrusted bytes: the form decoder (every check-in body and
//! cookie), the validator (every roll and name typed), the CSV reader used
//! at restart (whatever an editor, Excel or a power cut left in the day's
//! file), and the readers of the report, the class list, the audit trail
//! and Excel's times. Each property runs `ROLLCALL_FUZZ_CASES` cases (256 by
//! default; `.ci/run` sets a bounded larger run). Whatever a run finds is
//! kept below as a plain regression test.

use crate::form;
use crate::register::format::{
    encode_rows, file_start, parse_rows, parse_time, read_day, stream_table, whole_len, Mark,
    HEADER,
};
use crate::roster::Roster;
use crate::validate;
use chrono::NaiveTime;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config() -> Config {
    let cases = std::env::var("ROLLCALL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        // Nothing is written into the source tree; a failure prints the
        // minimal case, which then becomes a test below.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Text a phone could send: any Unicode, weighted towards the characters
/// that matter here (separators, escapes, marks, joiners, controls, quotes).
fn phone_text() -> impl Strategy<Value = String> {
    const INTERESTING: &[char] = &[
        'a', 'Z', '7', ' ', '-', '/', '.', '\'', '"', ',', '=', '+', '@', '%', '&', '\t', '\r',
        '\n', '\u{0}', '\u{200C}', '\u{200D}', '\u{200B}', '\u{0301}', '\u{094D}', '\u{00A0}', 'क',
        'ष', 'த', 'é', '\u{FEFF}',
    ];
    let char = prop_oneof![
        3 => proptest::sample::select(INTERESTING),
        1 => any::<char>(),
    ];
    proptest::collection::vec(char, 0..40).prop_map(|chars| chars.into_iter().collect())
}

fn any_time() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, 0u32..60, 0u32..60)
        .prop_map(|(h, m, s)| NaiveTime::from_hms_opt(h, m, s).unwrap_or(NaiveTime::MIN))
}

/// Bytes shaped like an attendance file, then mangled: whole and torn rows,
/// quotes, BOMs and stray bytes.
fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"Roll,Name,Time\r\n".to_vec()),
        Just(b"12,Udbhav,10:12:05\r\n".to_vec()),
        Just(b"'-2,\"O'Brien, Jr\",25:61:00\n".to_vec()),
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"'".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..12),
        phone_text().prop_map(String::into_bytes),
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
}

/// A form body as a browser encodes one (`+` for space, `%XX` otherwise).
fn browser_encode(s: &str) -> String {
    form::encode_component(s).replace("%20", "+")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_form_decoder_takes_any_bytes(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(pairs) = form::decode(&body) {
            // Whatever decodes is text, and every `&` part is accounted for.
            let parts = body.split(|&b| b == b'&').filter(|p| !p.is_empty()).count();
            prop_assert_eq!(pairs.len(), parts);
        }
        let _ = form::decode_component(&body, false);
        let _ = form::cookie(&String::from_utf8_lossy(&body), "rc_roll");
    }

    #[test]
    fn what_a_browser_encodes_decodes_back(pairs in proptest::collection::vec((phone_text(), phone_text()), 0..5)) {
        let body = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", browser_encode(k), browser_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        prop_assert_eq!(form::decode(body.as_bytes()), Ok(pairs.clone()));
        for (_, value) in &pairs {
            let cookie = format!("x=1; rc_name={}; y=2", form::encode_component(value));
            prop_assert_eq!(form::cookie(&cookie, "rc_name"), Some(value.clone()));
        }
    }

    #[test]
    fn the_validator_takes_any_text_and_what_it_accepts_is_tidy(roll in phone_text(), name in phone_text()) {
        if let Ok(s) = validate::student(&roll, &name) {
            let r = s.roll.as_bytes();
            prop_assert!(!r.is_empty() && r.len() <= validate::ROLL_MAX);
            prop_assert!(r.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'/'));
            prop_assert!(r[r.len() - 1].is_ascii_alphanumeric());
            prop_assert!(r.windows(2).all(|w| w[0].is_ascii_alphanumeric() || w[1].is_ascii_alphanumeric()));
            let n = s.name.chars().count();
            prop_assert!((1..=validate::NAME_MAX).contains(&n));
            prop_assert!(s.name.chars().next().map_or(false, char::is_alphabetic));
            prop_assert!(!s.name.ends_with(' ') && !s.name.contains("  "));
            prop_assert!(!s.name.chars().any(|c| c.is_control() || c == ',' || c == '"'));
            // Checking again changes nothing.
            prop_assert_eq!(validate::student(&s.roll, &s.name), Ok(s.clone()));
        }
    }

    #[test]
    fn every_accepted_check_in_reads_back_from_the_file(
        roll in phone_text(), name in phone_text(), time in any_time(),
        more in proptest::collection::vec((phone_text(), phone_text(), any_time()), 0..4),
    ) {
        let marks: Vec<Mark> = std::iter::once((roll, name, time))
            .chain(more)
            .filter_map(|(roll, name, time)| {
                validate::student(&roll, &name)
                    .ok()
                    .map(|s| Mark { roll: s.roll, name: s.name, time })
            })
            .collect();
        let mut file = file_start(&HEADER);
        file.extend_from_slice(&encode_rows(&marks));
        prop_assert_eq!(whole_len(&file), file.len());
        prop_assert_eq!(parse_rows(&file), marks);
    }

    #[test]
    fn the_restart_reader_takes_any_file(bytes in file_bytes()) {
        // No panic, whatever the file holds; whole lines only, as at restart.
        let whole = &bytes[..whole_len(&bytes)];
        for mark in parse_rows(whole) {
            prop_assert!(!mark.roll.is_empty());
            prop_assert_eq!(mark.roll.trim(), mark.roll.as_str());
        }
        let _ = parse_rows(&bytes);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_reports_reader_takes_any_file_and_reads_ours_back(
        bytes in file_bytes(),
        rows in proptest::collection::vec((phone_text(), phone_text(), any_time()), 0..5),
    ) {
        // Any bytes: an answer, never a panic; an error names a line.
        if let Err(e) = read_day(&bytes) {
            prop_assert!(e.line >= 1);
        }
        // What rollcall writes, the report reads back as written.
        let marks: Vec<Mark> = rows
            .into_iter()
            .filter_map(|(roll, name, time)| {
                validate::student(&roll, &name).ok().map(|s| Mark { roll: s.roll, name: s.name, time })
            })
            .collect();
        let mut file = file_start(&HEADER);
        file.extend_from_slice(&encode_rows(&marks));
        prop_assert_eq!(read_day(&file), Ok(marks));
    }

    #[test]
    fn a_class_list_and_the_audit_trail_take_any_file(bytes in file_bytes()) {
        if let Ok(roster) = Roster::parse(&bytes) {
            for student in roster.students() {
                prop_assert!(roster.get(&student.roll).is_some());
            }
        }
        // The audit trail's streaming reader: any bytes, no panic.
        let _ = stream_table(&bytes[..], |_| {});
    }

    #[test]
    fn a_time_as_excel_may_write_it_is_a_time_of_day_or_nothing(text in phone_text(), h in 0u32..30, m in 0u32..70, s in 0u32..70) {
        let _ = parse_time(&text);
        let written = format!("{h}:{m:02}:{s:02}");
        let read = parse_time(&written);
        if h < 24 && m < 60 && s < 60 {
            prop_assert_eq!(read, NaiveTime::from_hms_opt(h, m, s));
        } else {
            prop_assert_eq!(read, None);
        }
    }
}

// What fuzzing found, each kept as a plain test.

#[test]
fn a_defused_roll_with_a_tab_reads_back_trimmed() {
    // `'<tab>-` (a hand-edited file): undefusing left "\t-", a roll with
    // whitespace that no check-in could ever match.
    let rows = parse_rows(b"Roll,Name,Time\r\n'\t-\r\n'\t12,Ann,10:00:00\r\n");
    let rolls: Vec<&str> = rows.iter().map(|m| m.roll.as_str()).collect();
    assert_eq!(rolls, ["-", "12"]);
}
