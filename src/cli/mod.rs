//! Command-line options. Hand-parsed: a dozen flags do not need a parser
//! crate, and every refusal can say in plain words what the flag takes.

use crate::config::Config;
use crate::guards::{Allow, DEFAULT_PER_ADDRESS};
use crate::session::{self, Mode, DEFAULT_ROTATE};
use std::ffi::OsString;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

mod flags;
mod report;

use report::parse_report;
pub use report::{ReportOptions, DEFAULT_THRESHOLD};

/// What `rollcall --help` prints.
pub fn usage() -> String {
    format!("{USAGE_HEAD}{}{USAGE_REPORT}", flags::usage())
}

const USAGE_HEAD: &str = "\
Usage: rollcall [OPTIONS]
       rollcall report [REPORT OPTIONS]

Runs a class check-in: students on the same Wi-Fi open the address it prints,
type their roll number, name and the code on the teacher's screen, and a row
is saved for the day in FOLDER/attendance_YYYY-MM-DD.csv (opens in Excel).
The teacher's screen opens in this laptop's browser by itself.

Options:";

const USAGE_REPORT: &str = "

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

    /// The options as the class takes them.
    pub fn config(&self) -> Config {
        Config {
            listen: SocketAddr::new(self.bind, self.port),
            folder: self.folder(),
            roster: self.roster.clone(),
            class: self.class.clone(),
            session: session::Rules {
                code: self.code.clone(),
                rotate: self.rotate,
                minutes: self.minutes,
            },
            late_after: self.late_after,
            allow: self.allow.clone(),
            per_address: self.per_address,
            network: self.network.clone(),
            threshold: self.threshold,
        }
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
    let mut parsing = flags::Parsing {
        options: Options::default(),
        code_flags: 0,
    };
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
        let (name, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(OsString::from(v))),
            _ => (arg.as_str(), None),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            _ => {}
        }
        let flag = flags::find(name).ok_or_else(|| unknown(&arg, &run_flags()))?;
        let value = match (flag.value, inline) {
            (None, Some(_)) => return Err(UsageError(format!("{name} takes no value"))),
            (None, None) => OsString::new(),
            (Some(_), Some(v)) => v,
            (Some(_), None) => args
                .next()
                .ok_or_else(|| UsageError(format!("{name} needs a value")))?,
        };
        (flag.set)(&mut parsing, value)?;
    }
    if parsing.code_flags > 1 {
        return Err(UsageError(
            "choose one of --code and --no-code, not both".into(),
        ));
    }
    Ok(Command::Run(parsing.options))
}

/// The options of a class run, for "did you mean".
fn run_flags() -> Vec<&'static str> {
    let named = flags::FLAGS.iter().map(|f| f.name);
    named.chain(["--help", "--version"]).collect()
}

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
