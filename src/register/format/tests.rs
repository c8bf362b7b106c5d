//! Writing and reading rows back, as rollcall and as Excel write them.

use super::*;
use chrono::Timelike;

fn t(h: u32, m: u32, s: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, s).expect("valid time")
}

#[test]
fn reads_times_as_excel_rewrites_them() {
    for (text, time) in [
        ("10:12:05", t(10, 12, 5)),
        ("9:05", t(9, 5, 0)),
        ("09:05", t(9, 5, 0)),
        ("9:05:07", t(9, 5, 7)),
        ("09:05:00 AM", t(9, 5, 0)),
        ("9:05:00 PM", t(21, 5, 0)),
        ("12:30 am", t(0, 30, 0)),
        ("2:15 pm", t(14, 15, 0)),
        (" 10:12:05 ", t(10, 12, 5)),
        ("10:12:05.25", t(10, 12, 5)),
        ("0.5", t(12, 0, 0)),
        ("0.378530092592593", t(9, 5, 5)),
        (".5", t(12, 0, 0)),
        ("0", t(0, 0, 0)),
        ("0.99999999999999", t(23, 59, 59)),
        ("9.05", t(9, 5, 0)),
        ("10.12.05", t(10, 12, 5)),
    ] {
        let parsed = parse_time(text).map(|p| p.with_nanosecond(0).unwrap_or(p));
        assert_eq!(parsed, Some(time), "{text:?}");
    }
    for text in [
        "",
        "25:00",
        "10:61",
        "ten past nine",
        "-0.1",
        "NaN",
        "25.00",
        ".",
        "0.5e1",
    ] {
        assert_eq!(parse_time(text), None, "{text:?}");
    }
}

/// Bytes of a file as Excel might save `Roll,Name,Time` rows.
fn excel_file(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

#[test]
fn reads_a_day_as_excel_saves_it_again() {
    let want = vec![
        Mark {
            roll: "12".into(),
            name: "Udbhav".into(),
            time: t(9, 5, 0),
        },
        Mark {
            roll: "-3".into(),
            name: "Lee, Ann".into(),
            time: t(14, 0, 0),
        },
    ];
    for file in [
        // As rollcall writes it.
        "\u{feff}Roll,Name,Time\r\n12,Udbhav,09:05:00\r\n'-3,\"Lee, Ann\",14:00:00\r\n",
        // Excel, "CSV (Comma delimited)": no BOM, times reformatted.
        "Roll,Name,Time\r\n12,Udbhav,9:05\r\n'-3,\"Lee, Ann\",2:00:00 PM\r\n",
        // Excel in a locale whose list separator is ';', LF, blank rows.
        "Roll;Name;Time\n12;Udbhav;09:05\n;;\n\n'-3;Lee, Ann;14:00\n",
        // A 'sep=' line, and quotes everywhere.
        "sep=;\r\n\"Roll\";\"Name\";\"Time\"\r\n\"12\";\"Udbhav\";\"09:05:00\"\r\n\"'-3\";\"Lee, Ann\";\"14:00:00\"\r\n",
        // Lower-case header, extra column, no final line end.
        "roll,name,time,Remarks\r\n12,Udbhav,09:05:00,\r\n'-3,\"Lee, Ann\",14:00:00,late",
    ] {
        assert_eq!(read_day(&excel_file(file)), Ok(want.clone()), "{file:?}");
        assert_eq!(parse_rows(file.as_bytes()), want, "{file:?}");
    }
}

#[test]
fn reads_utf16_and_windows_1252_files() {
    // Excel's "Unicode Text": UTF-16LE with a BOM, tab separated.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Roll\tName\tTime\r\n7\tउद्भव\t10:00:00\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let rows = read_day(&utf16).expect("utf-16 file");
    assert_eq!(
        (rows[0].roll.as_str(), rows[0].name.as_str()),
        ("7", "उद्भव")
    );
    // Excel's ANSI "CSV (Comma delimited)" on Western Windows: 1252.
    let ansi = b"Roll,Name,Time\r\n8,Jos\xe9 N\xfa\xf1ez \x96 \x80,10:00\r\n";
    let rows = read_day(ansi).expect("1252 file");
    assert_eq!(rows[0].name, "José Núñez – €");
}

#[test]
fn names_a_save_without_utf8_turned_to_question_marks_are_warned_of() {
    // LibreOffice's default character set (or Excel's ANSI CSV) on a file
    // of Hindi and Tamil names: the rows read, the lines are named.
    let file = "Roll,Name,Time\r\n12,Udbhav,09:05:00\r\n13,?????,09:06:00\r\n14,????? ????,09:07:00\r\n15,Asha ???,09:08:00\r\n16,Lee,09:09:00\r\n";
    let (rows, warnings) = read_day_warning(file.as_bytes()).expect("read");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1].name, "?????");
    let lines: Vec<u64> = warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [3, 4, 5]);
    assert_eq!(
        warnings[0].to_string(),
        "line 3: the name is only question marks (?????): the file was probably saved in a spreadsheet without UTF-8; open it again from the original or re-save as CSV UTF-8"
    );
    assert!(warnings[1]
        .reason
        .contains("only question marks (????? ????)"));
    assert!(
        warnings[2]
            .reason
            .starts_with("the name 'Asha ???' has question marks where letters should be"),
        "{}",
        warnings[2]
    );
    // Names of any script, and rollcall's own files, are not warned of.
    let (_, none) = read_day_warning(
        "\u{feff}Roll,Name,Time\r\n1,उद्भव,10:00:00\r\n2,தமிழ் செல்வி,10:01:00\r\n3,O'Neil,10:02:00\r\n".as_bytes(),
    )
    .expect("read");
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(lost_letters("Ann"), None);
    assert!(lost_letters("?").is_some());
}

#[test]
fn refuses_what_is_not_an_attendance_file_naming_the_line() {
    let refused = |text: &str| read_day(text.as_bytes()).expect_err(text);
    let e = refused("Name,Marks\r\nAnn,12\r\n");
    assert_eq!(e.line, 1);
    assert!(e.reason.contains("not an attendance file"), "{e}");
    assert!(e.reason.contains("'Name,Marks'"), "{e}");
    let e = refused("\u{feff}Roll,Name,Time\r\n12,Ann,09:00:00\r\n\r\n14,Cy,lunch\r\n");
    assert_eq!(
        e.to_string(),
        "line 4: 'lunch' in the Time column is not a time of day"
    );
    let e = refused("Roll,Name,Time\n12,Ann,09:00\n,Ben,09:01\n");
    assert_eq!(e.to_string(), "line 3: the Roll is empty");
    // A quoted cell spanning lines: the error names the line it starts on.
    let e = refused("Roll,Name,Time\n12,\"Ann\nMarie\",09:00\n13,Ben,x\n");
    assert_eq!(e.line, 4);
    let e = refused("sep=;\r\nRoll;Name;Time\r\n\r\n12;Ann;x\r\n");
    assert_eq!(e.line, 4);
    // The restart reads what it can from the same files.
    assert_eq!(parse_rows(b"Name,Marks\r\nAnn,12\r\n").len(), 1);
    assert_eq!(
        parse_rows(b"Roll,Name,Time\n12,Ann,lunch\n,Ben,1\n")[0].time,
        NaiveTime::MIN
    );
    // An empty file is a day nobody came, not an error.
    assert_eq!(read_day(b""), Ok(Vec::new()));
    assert_eq!(read_day(BOM), Ok(Vec::new()));
}

#[test]
fn a_table_is_a_whole_excel_ready_file() {
    let mut table = Table::new(&["Roll", "Name", "2026-02-10"]);
    table.row(&["-2", "=cmd", "P"]);
    table.row(&["3", "Lee, Ann", "A"]);
    assert_eq!(
        String::from_utf8(table.finish()).expect("utf8"),
        "\u{feff}Roll,Name,2026-02-10\r\n'-2,'=cmd,P\r\n3,\"Lee, Ann\",A\r\n"
    );
}

#[test]
fn defuses_formula_cells_and_reads_them_back() {
    for cell in ["=1+1", "+1", "-2", "@x", "\tx", "\rx"] {
        let d = defuse(cell);
        assert_eq!(d, format!("'{cell}"));
        assert_eq!(undefuse(&d), cell);
    }
    assert_eq!(defuse("12"), "12");
    assert_eq!(undefuse("'12"), "'12");
}

#[test]
fn encodes_rows_as_excel_expects() {
    let t = NaiveTime::from_hms_opt(10, 12, 5).expect("valid time");
    let rows = encode_rows(&[
        Mark {
            roll: "12".into(),
            name: "Udbhav".into(),
            time: t,
        },
        Mark {
            roll: "-3".into(),
            name: "Ann \"Annie\" Lee".into(),
            time: t,
        },
    ]);
    assert_eq!(
        String::from_utf8(rows).expect("utf8"),
        "12,Udbhav,10:12:05\r\n'-3,\"Ann \"\"Annie\"\" Lee\",10:12:05\r\n"
    );
    assert_eq!(file_start(&HEADER), b"\xEF\xBB\xBFRoll,Name,Time\r\n");
}

#[test]
fn whole_len_stops_at_the_last_newline() {
    assert_eq!(whole_len(b""), 0);
    assert_eq!(whole_len(b"\xEF\xBB\xBF"), 0);
    assert_eq!(whole_len(b"Roll,Name,Time\r\n12,Ud"), 16);
    assert_eq!(whole_len(b"Roll,Name,Time\r\n12,U,1\r"), 16);
    assert_eq!(whole_len(b"Roll,Name,Time\n"), 15);
}

#[test]
fn parses_rows_with_bom_quotes_and_defused_cells() {
    let rows = parse_rows(
        "\u{feff}Roll,Name,Time\r\n12,Udbhav,10:12:05\r\n'-3,\"Lee, Ann\",09:00:00\n\r\n"
            .as_bytes(),
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].roll, "12");
    assert_eq!(rows[1].roll, "-3");
    assert_eq!(rows[1].name, "Lee, Ann");
    assert_eq!(
        rows[1].time,
        NaiveTime::from_hms_opt(9, 0, 0).expect("valid")
    );
}
