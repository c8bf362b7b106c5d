//! Command-line options. Hand-parsed: a dozen flags do not need a parser
//! crate, and every refusal can say in plain words what the flag takes.

use crate::guards::{Allow, Cidr, DEFAULT_PER_ADDRESS};
use crate::session::Mode;
use std::ffi::OsString;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

mod report;

use report::{parse_report, threshold_value};
pub use report::{ReportOptions, DEFAULT_THRESHOLD};

pub const USAGE: &str = "\
Usage: rollcall [OPTIONS]
       rollcall report [REPORT OPTIONS]

Runs a class check-in: students on the same Wi-Fi open the address it prints,
type their roll number, name and the code on the teacher's screen, and a row
is saved for the day in FOLDER/attendance_YYYY-MM-DD.csv (opens in Excel).
The teacher's screen opens in this laptop's browser by itself.

Options:
  --port N          port to listen on (default 8000)
  --bind ADDRESS    network address to listen on (default 0.0.0.0: every network)
  --dir FOLDER      where to save attendance files (default: attendance)
  --class NAME      keep this class's files apart, in FOLDER/NAME (e.g. 10A)
  --roster FILE     the class list: a CSV of roll numbers and names
  --rotate SECS     a new 4-digit code every SECS seconds (default 30)
  --code 1234       a fixed code instead, e.g. written on the board (3-8 digits)
  --no-code         no code at all: the address alone is enough to check in
  --minutes N       close check-in N minutes after start (default: stay open
                    until closed on the teacher's screen)
  --late-after N    a check-in more than N minutes after check-in opened is
                    late (L in the register; default: nobody is late)
  --no-browser      do not open the teacher's screen in the browser
  --network NAME    the network to show phones, by name or address, e.g.
                    wlan0, Wi-Fi or 192.168.43.17 (default: the Wi-Fi or
                    hotspot; VPNs and virtual machines' networks come last)
  --allow NETWORK   accept students from this network, e.g. 10.20.0.0/16
                    (repeatable; default: the laptop's own networks;
                    --allow any accepts every network)
  --per-address N   at most N students a day from one network address
                    (default 3; 0 for no limit, where phones share one)
  --threshold N     a student's Present page says so when their month is
                    below N percent (default 75, as the register)
  -h, --help        show this help
  -V, --version     show the version

rollcall report writes the register: one CSV (opens in Excel) with a row per
student, P, L (late), E (excused) or A for each class day, and how many days
they came; it names the students below the threshold.

Report options:
  --dir, --class, --roster   as above (with no class list: everyone seen)
  --from YYYY-MM-DD first day (default: the 1st of the month of --to)
  --to YYYY-MM-DD   last day (default: today)
  --out FILE        where to write it (default: register_FROM_to_TO.csv in
                    the class's folder)
  --threshold N     name the students below N percent (default 75)
  --days-left N     N class days are left in the term: say what each student
                    below the threshold needs of them to reach it
  --html FILE       also write the register as a page to print on A4
                    landscape (open it in a browser and print)
  --heading TEXT    the school's name atop the printed page, e.g.
                    --heading \"Govt. High School, Rampur\"
  --day YYYY-MM-DD  print that day's counts instead (on roll, present, late,
                    excused, absent), then the absent and the excused";

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Run(Options),
    Report(ReportOptions),
    Help,
    Version,
}

/// Settings for a class session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub port: u16,
    pub bind: IpAddr,
    pub dir: PathBuf,
    /// `--class`: files go in `dir/NAME`; see `folder`.
    pub class: Option<String>,
    /// `--roster`: the class list, read at start.
    pub roster: Option<PathBuf>,
    pub code: Mode,
    /// Seconds each rotating code lasts.
    pub rotate: u32,
    /// Minutes check-in stays open after start; `None`: until closed.
    pub minutes: Option<u32>,
    /// `--late-after`: a check-in more than this many minutes after
    /// check-in opened is late; `None`: the day's own rule, if any.
    pub late_after: Option<u32>,
    pub open_browser: bool,
    /// Which networks students may check in from.
    pub allow: Allow,
    /// Most students one address may check in a day; 0 for no limit.
    pub per_address: usize,
    /// `--network`: the interface or address for the join address.
    pub network: Option<String>,
    /// `--threshold`: the Present page says when a student's month is
    /// below this percentage, as the register names them.
    pub threshold: u32,
}

/// Default seconds a rotating code lasts.
pub const DEFAULT_ROTATE: u32 = 30;

impl Default for Options {
    fn default() -> Options {
        Options {
            port: 8000,
            bind: IpAddr::from([0, 0, 0, 0]),
            dir: PathBuf::from("attendance"),
            class: None,
            roster: None,
            code: Mode::Rotating,
            rotate: DEFAULT_ROTATE,
            minutes: None,
            late_after: None,
            open_browser: true,
            allow: Allow::OwnNetworks,
            per_address: DEFAULT_PER_ADDRESS,
            network: None,
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

impl Options {
    /// Where this class's attendance files go.
    pub fn folder(&self) -> PathBuf {
        class_folder(&self.dir, self.class.as_deref())
    }
}

/// `dir`, or its subfolder for `class`: a teacher with three sections
/// keeps three folders of the same files.
pub fn class_folder(dir: &Path, class: Option<&str>) -> PathBuf {
    match class {
        Some(class) => dir.join(class),
        None => dir.to_path_buf(),
    }
}

/// True for a code a teacher can choose: 3 to 8 digits.
pub fn is_valid_fixed_code(code: &str) -> bool {
    (3..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// A command line that cannot be run; printed with the usage, exit code 2.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses the arguments after the program name.
pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Command, UsageError> {
    let mut options = Options::default();
    let mut code_flags = Vec::new();
    let mut args = args.into_iter().peekable();
    if args.peek().map_or(false, |a| a == "report") {
        args.next();
        return parse_report(args);
    }
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| UsageError(format!("unknown option '{}'", a.to_string_lossy())))?;
        // Accept both "--port 8080" and "--port=8080".
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(OsString::from(v))),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--no-code" | "--no-browser" if inline.is_some() => {
                return Err(UsageError(format!("{flag} takes no value")))
            }
            _ => {}
        }
        let mut value = |name: &str| -> Result<OsString, UsageError> {
            match inline.clone().or_else(|| args.next()) {
                Some(v) => Ok(v),
                None => Err(UsageError(format!("{name} needs a value"))),
            }
        };
        if !set(&mut options, &flag, &mut value, &mut code_flags)? {
            return Err(unknown(&arg, RUN_FLAGS));
        }
    }
    if code_flags.len() > 1 {
        return Err(UsageError(
            "choose one of --code and --no-code, not both".into(),
        ));
    }
    Ok(Command::Run(options))
}

/// The value of an option, asked for by its name.
type Value<'a> = dyn FnMut(&str) -> Result<OsString, UsageError> + 'a;

/// Sets `flag` in `options` from `value`; false if there is no such option.
/// `code_flags` gathers --code and --no-code, which exclude each other.
fn set(
    options: &mut Options,
    flag: &str,
    value: &mut Value<'_>,
    code_flags: &mut Vec<&'static str>,
) -> Result<bool, UsageError> {
    match flag {
        "--port" => {
            options.port = parse_value("--port", value("--port")?, "a number from 0 to 65535")?;
        }
        "--bind" => {
            let takes = "an IP address such as 0.0.0.0 or 192.168.1.5";
            options.bind = parse_value("--bind", value("--bind")?, takes)?;
        }
        "--dir" => {
            let v = value("--dir")?;
            if v.is_empty() {
                return Err(UsageError("--dir needs a folder name".into()));
            }
            options.dir = PathBuf::from(v);
        }
        "--class" => options.class = Some(class_value(value("--class")?)?),
        "--roster" => options.roster = Some(file_value("--roster", value("--roster")?)?),
        "--rotate" => {
            options.rotate = parse_between("--rotate", value("--rotate")?, 10, 3600, "seconds")?;
        }
        "--code" => {
            options.code = Mode::Fixed(code_value(value("--code")?)?);
            code_flags.push("--code");
        }
        "--no-code" => {
            options.code = Mode::Off;
            code_flags.push("--no-code");
        }
        "--minutes" => {
            let minutes = parse_between("--minutes", value("--minutes")?, 1, 1440, "minutes")?;
            options.minutes = Some(minutes);
        }
        "--late-after" => {
            let n = value("--late-after")?;
            options.late_after = Some(parse_between("--late-after", n, 1, 1440, "minutes")?);
        }
        "--no-browser" => options.open_browser = false,
        "--network" => options.network = Some(network_value(value("--network")?)?),
        "--allow" => add_allowed(&mut options.allow, value("--allow")?)?,
        "--threshold" => options.threshold = threshold_value(value("--threshold")?)?,
        "--per-address" => {
            let takes = "a number of students (0 for no limit)";
            options.per_address = parse_value("--per-address", value("--per-address")?, takes)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
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

/// The options of a class run, for "did you mean".
const RUN_FLAGS: &[&str] = &[
    "--port",
    "--bind",
    "--dir",
    "--class",
    "--roster",
    "--rotate",
    "--code",
    "--no-code",
    "--minutes",
    "--late-after",
    "--no-browser",
    "--network",
    "--allow",
    "--per-address",
    "--threshold",
    "--help",
    "--version",
];

/// "unknown option '--prot' (did you mean --port?)".
pub fn unknown(arg: &str, flags: &[&str]) -> UsageError {
    let flag = arg.split('=').next().unwrap_or(arg);
    let near = flags
        .iter()
        .map(|f| (distance(flag, f), *f))
        .filter(|(d, _)| *d <= 2)
        .min();
    match near {
        Some((_, f)) => UsageError(format!("unknown option '{arg}' (did you mean {f}?)")),
        None => UsageError(format!("unknown option '{arg}'")),
    }
}

/// The edit distance between two short strings (Levenshtein, by chars).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Parses a number of `unit` from `low` to `high`, or says so: "--rotate
/// takes a number of seconds from 10 to 3600, not '5'".
fn parse_between(
    flag: &str,
    value: OsString,
    low: u32,
    high: u32,
    unit: &str,
) -> Result<u32, UsageError> {
    let takes = format!("a number of {unit} from {low} to {high}");
    let n: u32 = parse_value(flag, value, &takes)?;
    if (low..=high).contains(&n) {
        Ok(n)
    } else {
        Err(UsageError(format!("{flag} takes {takes}, not '{n}'")))
    }
}

/// A `--class` value, if it can name a folder on every system.
fn class_value(value: OsString) -> Result<String, UsageError> {
    let name = value.to_string_lossy().into_owned();
    match crate::validate::class_error(&name) {
        None => Ok(name),
        Some(why) => Err(UsageError(format!(
            "--class takes a name for the class's folder, such as 10A or \"Physics 2\"; '{name}' {why}"
        ))),
    }
}

/// A file or folder option's value, which cannot be empty.
fn file_value(flag: &str, value: OsString) -> Result<PathBuf, UsageError> {
    if value.is_empty() {
        return Err(UsageError(format!("{flag} needs a file or folder name")));
    }
    Ok(PathBuf::from(value))
}

/// Parses an option's value, or says what it takes: "--port takes a number
/// from 0 to 65535, not 'http'".
fn parse_value<T: std::str::FromStr>(
    flag: &str,
    value: OsString,
    takes: &str,
) -> Result<T, UsageError> {
    let text = value.to_string_lossy();
    text.parse()
        .map_err(|_| UsageError(format!("{flag} takes {takes}, not '{text}'")))
}

#[cfg(test)]
mod tests;
