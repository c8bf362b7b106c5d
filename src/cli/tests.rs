//! The command line as a teacher types it, right and wrong.

use super::*;
use crate::guards::Cidr;
use chrono::NaiveDate;

fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
    parse(args.iter().map(OsString::from))
}

#[test]
fn no_arguments_runs_on_the_defaults() {
    assert_eq!(parse_strs(&[]), Ok(Command::Run(Options::default())));
}

#[test]
fn reads_every_option_in_both_spellings() {
    let expected = Options {
        port: 8080,
        bind: "127.0.0.1".parse().expect("valid address"),
        dir: PathBuf::from("my class"),
        class: Some("10 A".into()),
        roster: Some(PathBuf::from("class list.csv")),
        code: Mode::Fixed("0042".into()),
        rotate: 45,
        minutes: Some(10),
        late_after: Some(15),
        open_browser: false,
        allow: Allow::Only(vec![
            Cidr::parse("10.20.0.0/16").expect("valid"),
            Cidr::parse("192.168.1.0/24").expect("valid"),
        ]),
        per_address: 0,
        network: Some("Wi-Fi 2".into()),
        threshold: 60,
    };
    let spaced = [
        "--port",
        "8080",
        "--bind",
        "127.0.0.1",
        "--dir",
        "my class",
        "--class",
        "10 A",
        "--roster",
        "class list.csv",
        "--code",
        "0042",
        "--rotate",
        "45",
        "--minutes",
        "10",
        "--late-after",
        "15",
        "--no-browser",
        "--allow",
        "10.20.0.0/16",
        "--allow",
        "192.168.1.0/24",
        "--per-address",
        "0",
        "--network",
        "Wi-Fi 2",
        "--threshold",
        "60",
    ];
    assert_eq!(parse_strs(&spaced), Ok(Command::Run(expected.clone())));
    let joined = [
        "--port=8080",
        "--bind=127.0.0.1",
        "--dir=my class",
        "--class=10 A",
        "--roster=class list.csv",
        "--code=0042",
        "--rotate=45",
        "--minutes=10",
        "--late-after=15",
        "--no-browser",
        "--allow=10.20.0.0/16",
        "--allow=192.168.1.0/24",
        "--per-address=0",
        "--network= Wi-Fi 2 ",
        "--threshold=60",
    ];
    assert_eq!(parse_strs(&joined), Ok(Command::Run(expected)));
    assert_eq!(parse_strs(&["--help"]), Ok(Command::Help));
    assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
}

#[test]
fn allow_any_lifts_the_network_rule() {
    match parse_strs(&["--allow", "any"]) {
        Ok(Command::Run(o)) => assert_eq!(o.allow, Allow::Any),
        other => panic!("{other:?}"),
    }
}

#[test]
fn refuses_unknown_options_and_bad_values() {
    for args in [
        &["--prot", "80"][..],
        &["--port"],
        &["--port", "http"],
        &["--port", "70000"],
        &["--bind", "laptop"],
        &["--dir", ""],
        &["extra"],
        &["--code", "12"],
        &["--code", "12a4"],
        &["--code", "1234", "--no-code"],
        &["--rotate", "5"],
        &["--rotate", "soon"],
        &["--minutes", "0"],
        &["--late-after", "0"],
        &["--late-after", "ten"],
        &["--no-code=yes"],
        &["--allow", "campus"],
        &["--allow", "10.0.0.0/40"],
        &["--per-address", "-1"],
    ] {
        assert!(parse_strs(args).is_err(), "{args:?}");
    }
}
#[test]
fn a_class_folder_sits_inside_the_attendance_folder() {
    let folder = |args: &[&str]| match parse_strs(args) {
        Ok(Command::Run(o)) => o.folder(),
        other => panic!("{other:?}"),
    };
    assert_eq!(folder(&[]), PathBuf::from("attendance"));
    assert_eq!(
        folder(&["--dir", "D", "--class", "कक्षा 10"]),
        Path::new("D").join("कक्षा 10")
    );
    for class in ["../x", "a/b", "a\\b", "CON", "10A.", "", " 10A"] {
        let e = parse_strs(&["--class", class]).expect_err(class);
        assert!(
            e.0.starts_with("--class takes a name for the class's folder"),
            "{e}"
        );
    }
}

#[test]
fn reads_report_options_with_their_defaults() {
    let date = |s: &str| s.parse::<NaiveDate>().ok();
    let defaults = ReportOptions {
        dir: PathBuf::from("attendance"),
        class: None,
        roster: None,
        from: None,
        to: None,
        out: None,
        threshold: 75,
        html: None,
        heading: None,
        days_left: None,
        day: None,
    };
    assert_eq!(
        parse_strs(&["report"]),
        Ok(Command::Report(defaults.clone()))
    );
    let all = ReportOptions {
        dir: PathBuf::from("D"),
        class: Some("10A".into()),
        roster: Some(PathBuf::from("list.csv")),
        from: date("2026-02-01"),
        to: date("2026-02-28"),
        out: Some(PathBuf::from("feb.csv")),
        threshold: 80,
        html: Some(PathBuf::from("feb.html")),
        heading: Some("Govt. School, Rampur".into()),
        days_left: Some(20),
        day: None,
    };
    assert_eq!(all.folder(), Path::new("D").join("10A"));
    let args = [
        "report",
        "--dir",
        "D",
        "--class=10A",
        "--roster",
        "list.csv",
        "--from",
        "2026-02-01",
        "--to=2026-02-28",
        "--out",
        "feb.csv",
        "--threshold",
        "80",
        "--html",
        "feb.html",
        "--heading",
        " Govt.  School,\r\nRampur ",
        "--days-left=20",
    ];
    assert_eq!(parse_strs(&args), Ok(Command::Report(all)));
    let day = ReportOptions {
        day: date("2026-02-10"),
        ..defaults.clone()
    };
    assert_eq!(
        parse_strs(&["report", "--day", "2026-02-10"]),
        Ok(Command::Report(day))
    );
    assert_eq!(parse_strs(&["report", "--help"]), Ok(Command::Help));
    for (args, says) in [
        (
            &["report", "--from", "1/2/2026"][..],
            "--from takes a date such as 2026-02-01",
        ),
        (&["report", "--to", "2026-02-30"], "--to takes a date"),
        (
            &["report", "--from", "2026-03-01", "--to", "2026-02-01"],
            "is after --to",
        ),
        (
            &["report", "--threshold", "101"],
            "--threshold takes a whole percentage",
        ),
        (
            &["report", "--threshold", "75%"],
            "--threshold takes a whole percentage",
        ),
        (&["report", "--out"], "--out needs a value"),
        (&["report", "--out", ""], "--out needs a file"),
        (&["report", "--class", "a/b"], "--class takes"),
        (
            &["report", "--port", "80"],
            "unknown report option '--port'",
        ),
        (&["report", "extra"], "unknown report option 'extra'"),
    ] {
        let e = parse_strs(args).expect_err(says);
        assert!(e.0.contains(says), "{args:?}: {e}");
    }
}
