//! What a class run is given: the command line's options as the class
//! takes them (`cli::Options::config`), the boundary between the two: the
//! server and the class read this, never the command line.

use crate::guards::Allow;
use crate::session;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A class run's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where to listen (`--bind`, `--port`).
    pub listen: SocketAddr,
    /// Where this class's files go (`--dir`, and `--class` within it).
    pub folder: PathBuf,
    /// The class list to read at start (`--roster`).
    pub roster: Option<PathBuf>,
    /// The class's name (`--class`).
    pub class: Option<String>,
    /// The code rule and how long check-in stays open.
    pub session: session::Rules,
    /// `--late-after`: minutes after opening past which a check-in is
    /// late; `None`: the day's own rule, if any.
    pub late_after: Option<u32>,
    /// Which networks students may check in from.
    pub allow: Allow,
    /// Most students one machine may check in a day; 0 for no limit.
    pub per_address: usize,
    /// `--network`: the interface or address for the join address.
    pub network: Option<String>,
    /// `--threshold`: the Present page says when a student's month is
    /// below this percentage.
    pub threshold: u32,
}
