//! The options of a class run, one entry each: its name, what its value is
//! called in the usage, its help lines and how it is set. The usage text,
//! the parser and "did you mean" all read this one table, so a new option
//! is one entry here.

use super::Options;
use super::{class_value, file_value, parse_between, parse_value, report, UsageError};
use crate::guards::{Allow, Cidr};
use crate::session::{is_valid_fixed_code, Mode};
use std::ffi::OsString;
use std::path::PathBuf;

/// What the options set, as they are read in order.
pub struct Parsing {
    pub options: Options,
    /// How many of --code and --no-code were given: they exclude each other.
    pub code_flags: usize,
}

/// One option of a class run.
pub struct Flag {
    pub name: &'static str,
    /// What its value is called in the usage; `None` for a switch.
    pub value: Option<&'static str>,
    /// Its lines in the usage.
    pub help: &'static [&'static str],
    /// Sets it from its value (empty for a switch).
    pub set: fn(&mut Parsing, OsString) -> Result<(), UsageError>,
}

/// Every option of a class run, in the usage's order.
pub const FLAGS: &[Flag] = &[
    Flag {
        name: "--port",
        value: Some("N"),
        help: &["port to listen on (default 8000)"],
        set: |p, v| {
            p.options.port = parse_value("--port", v, "a number from 0 to 65535")?;
            Ok(())
        },
    },
    Flag {
        name: "--bind",
        value: Some("ADDRESS"),
        help: &["network address to listen on (default 0.0.0.0: every network)"],
        set: |p, v| {
            let takes = "an IP address such as 0.0.0.0 or 192.168.1.5";
            p.options.bind = parse_value("--bind", v, takes)?;
            Ok(())
        },
    },
    Flag {
        name: "--dir",
        value: Some("FOLDER"),
        help: &["where to save attendance files (default: attendance)"],
        set: |p, v| {
            if v.is_empty() {
                return Err(UsageError("--dir needs a folder name".into()));
            }
            p.options.dir = PathBuf::from(v);
            Ok(())
        },
    },
    Flag {
        name: "--class",
        value: Some("NAME"),
        help: &["keep this class's files apart, in FOLDER/NAME (e.g. 10A)"],
        set: |p, v| {
            p.options.class = Some(class_value(v)?);
            Ok(())
        },
    },
    Flag {
        name: "--roster",
        value: Some("FILE"),
        help: &["the class list: a CSV of roll numbers and names"],
        set: |p, v| {
            p.options.roster = Some(file_value("--roster", v)?);
            Ok(())
        },
    },
    Flag {
        name: "--rotate",
        value: Some("SECS"),
        help: &["a new 4-digit code every SECS seconds (default 30)"],
        set: |p, v| {
            p.options.rotate = parse_between("--rotate", v, 10, 3600, "seconds")?;
            Ok(())
        },
    },
    Flag {
        name: "--code",
        value: Some("1234"),
        help: &["a fixed code instead, e.g. written on the board (3-8 digits)"],
        set: |p, v| {
            p.options.code = Mode::Fixed(code_value(v)?);
            p.code_flags += 1;
            Ok(())
        },
    },
    Flag {
        name: "--no-code",
        value: None,
        help: &["no code at all: the address alone is enough to check in"],
        set: |p, _| {
            p.options.code = Mode::Off;
            p.code_flags += 1;
            Ok(())
        },
    },
    Flag {
        name: "--minutes",
        value: Some("N"),
        help: &[
            "close check-in N minutes after start (default: stay open",
            "until closed on the teacher's screen)",
        ],
        set: |p, v| {
            p.options.minutes = Some(parse_between("--minutes", v, 1, 1440, "minutes")?);
            Ok(())
        },
    },
    Flag {
        name: "--late-after",
        value: Some("N"),
        help: &[
            "a check-in more than N minutes after check-in opened is",
            "late (L in the register; default: nobody is late)",
        ],
        set: |p, v| {
            p.options.late_after = Some(parse_between("--late-after", v, 1, 1440, "minutes")?);
            Ok(())
        },
    },
    Flag {
        name: "--no-browser",
        value: None,
        help: &["do not open the teacher's screen in the browser"],
        set: |p, _| {
            p.options.open_browser = false;
            Ok(())
        },
    },
    Flag {
        name: "--network",
        value: Some("NAME"),
        help: &[
            "the network to show phones, by name or address, e.g.",
            "wlan0, Wi-Fi or 192.168.43.17 (default: the Wi-Fi or",
            "hotspot; VPNs and virtual machines' networks come last)",
        ],
        set: |p, v| {
            p.options.network = Some(network_value(v)?);
            Ok(())
        },
    },
    Flag {
        name: "--allow",
        value: Some("NETWORK"),
        help: &[
            "accept students from this network, e.g. 10.20.0.0/16",
            "(repeatable; default: the laptop's own networks;",
            "--allow any accepts every network)",
        ],
        set: |p, v| add_allowed(&mut p.options.allow, v),
    },
    Flag {
        name: "--per-address",
        value: Some("N"),
        help: &[
            "at most N students a day from one network address",
            "(default 3; 0 for no limit, where phones share one)",
        ],
        set: |p, v| {
            let takes = "a number of students (0 for no limit)";
            p.options.per_address = parse_value("--per-address", v, takes)?;
            Ok(())
        },
    },
    Flag {
        name: "--threshold",
        value: Some("N"),
        help: &[
            "a student's Present page says so when their month is",
            "below N percent (default 75, as the register)",
        ],
        set: |p, v| {
            p.options.threshold = report::threshold_value(v)?;
            Ok(())
        },
    },
];

/// The option called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.name == name)
}

/// The usage's lines for the options of a class run, help and version
/// last: `  --port N          port to listen on (default 8000)`.
pub fn usage() -> String {
    let switches = [
        ("-h, --help", &["show this help"][..]),
        ("-V, --version", &["show the version"][..]),
    ];
    let named = FLAGS.iter().map(|f| {
        let name = match f.value {
            Some(value) => format!("{} {value}", f.name),
            None => f.name.to_string(),
        };
        (name, f.help)
    });
    let all = named.chain(switches.iter().map(|(n, h)| (n.to_string(), *h)));
    let mut out = String::new();
    for (name, help) in all {
        for (i, line) in help.iter().enumerate() {
            let left = if i == 0 { name.as_str() } else { "" };
            out.push_str(&format!("\n  {left:<16}  {line}"));
        }
    }
    out
}

/// A `--code` value: 3 to 8 digits.
fn code_value(value: OsString) -> Result<String, UsageError> {
    let code = value.to_string_lossy().into_owned();
    if is_valid_fixed_code(&code) {
        Ok(code)
    } else {
        Err(UsageError(format!(
            "--code takes 3 to 8 digits, such as 1234, not '{code}'"
        )))
    }
}

/// A `--network` value: a network's name or address.
fn network_value(value: OsString) -> Result<String, UsageError> {
    let wanted = value.to_string_lossy().trim().to_string();
    if wanted.is_empty() {
        return Err(UsageError(
            "--network needs a network's name or address, such as wlan0 or 192.168.43.17".into(),
        ));
    }
    Ok(wanted)
}

/// Adds an `--allow` network (or `any`) to `allow`.
fn add_allowed(allow: &mut Allow, value: OsString) -> Result<(), UsageError> {
    let text = value.to_string_lossy().into_owned();
    if text.eq_ignore_ascii_case("any") {
        *allow = Allow::Any;
        return Ok(());
    }
    let net = Cidr::parse(&text).ok_or_else(|| {
        UsageError(format!(
            "--allow takes a network such as 10.20.0.0/16, or any, not '{text}'"
        ))
    })?;
    match allow {
        Allow::Only(nets) => nets.push(net),
        Allow::Any => {}
        own => *own = Allow::Only(vec![net]),
    }
    Ok(())
}
