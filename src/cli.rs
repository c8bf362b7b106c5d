//! Command-line options. Hand-parsed: five options do not need a parser crate.

use std::ffi::OsString;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: rollcall [--port N] [--bind ADDRESS] [--dir FOLDER]

Runs a class check-in: students on the same Wi-Fi open the address it prints,
type their roll number and name, and a row is saved for the day in
FOLDER/attendance_YYYY-MM-DD.csv (opens in Excel).

Options:
  --port N          port to listen on (default 8000)
  --bind ADDRESS    network address to listen on (default 0.0.0.0: every network)
  --dir FOLDER      where to save attendance files (default: attendance)
  -h, --help        show this help
  -V, --version     show the version";

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Run(Options),
    Help,
    Version,
}

/// Settings for a class session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub port: u16,
    pub bind: IpAddr,
    pub dir: PathBuf,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            port: 8000,
            bind: IpAddr::from([0, 0, 0, 0]),
            dir: PathBuf::from("attendance"),
        }
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
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| UsageError(format!("unknown option '{}'", a.to_string_lossy())))?;
        // Accept both "--port 8080" and "--port=8080".
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(OsString::from(v))),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<OsString, UsageError> {
            match inline.clone().or_else(|| args.next()) {
                Some(v) => Ok(v),
                None => Err(UsageError(format!("{name} needs a value"))),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--port" => {
                options.port = parse_value("--port", value("--port")?, "a number from 0 to 65535")?;
            }
            "--bind" => {
                options.bind = parse_value(
                    "--bind",
                    value("--bind")?,
                    "an IP address such as 0.0.0.0 or 192.168.1.5",
                )?;
            }
            "--dir" => {
                let v = value("--dir")?;
                if v.is_empty() {
                    return Err(UsageError("--dir needs a folder name".into()));
                }
                options.dir = PathBuf::from(v);
            }
            _ => return Err(UsageError(format!("unknown option '{arg}'"))),
        }
    }
    Ok(Command::Run(options))
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
mod tests {
    use super::*;

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
        };
        let spaced = ["--port", "8080", "--bind", "127.0.0.1", "--dir", "my class"];
        assert_eq!(parse_strs(&spaced), Ok(Command::Run(expected.clone())));
        let joined = ["--port=8080", "--bind=127.0.0.1", "--dir=my class"];
        assert_eq!(parse_strs(&joined), Ok(Command::Run(expected)));
        assert_eq!(parse_strs(&["--help"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
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
        ] {
            assert!(parse_strs(args).is_err(), "{args:?}");
        }
    }
}
