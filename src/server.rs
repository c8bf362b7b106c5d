//! The HTTP loop: dispatching `/` to the student handlers (`student.rs`)
//! and `/teacher...` to the teacher's screen (`teacher/`).
//!
//! tiny_http (our own fork, third_party/tiny_http) serves each connection on a
//! thread of its own and calls `handle` there with each whole request: its
//! body (up to 8 KiB) is already in memory and the answer is written after
//! `handle` returns, so a handler never waits on a slow phone, and one
//! connection has one request in flight. Valid check-ins go through
//! `batch::Batcher`: whichever handler
//! finds nobody saving saves everything queued with one write and one sync
//! (group commit), so on an old disk a class arriving together waits for a
//! few syncs rather than one per student. Nobody is told "Present" before
//! the sync that holds their row has returned.

use crate::checkin::CheckIns;
use crate::class::{Class, Parts};
use crate::clock::Clock;
use crate::config::Config;
use crate::guards::Guards;
use crate::network::{Join, Networks};
use crate::register::{audit, Register, RegisterError, Trail};
use crate::reply::{self, Reply};
use crate::roster::{Roster, RosterError};
use crate::session::Session;
use crate::{shutdown, student, teacher};
use std::fmt;
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use tiny_http::{Method, Request, Response};

/// The student form's one script: it sends the phone's clock along.
const CLOCK_JS: &[u8] = include_bytes!("../www/clock.js");

/// Why the server could not start, worded for the teacher.
#[derive(Debug)]
pub enum StartError {
    Listen { addr: SocketAddr, source: io::Error },
    Folder(RegisterError),
    Roster(RosterError),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Listen { addr, source } => match source.kind() {
                io::ErrorKind::AddrInUse => write!(
                    f,
                    "port {} is already in use (is rollcall already running?). Close the other program, or choose another port, e.g. --port {}",
                    addr.port(),
                    suggest_port(addr.port())
                ),
                io::ErrorKind::PermissionDenied => write!(
                    f,
                    "this computer does not allow listening on port {}. Choose a port above 1024, e.g. --port 8000",
                    addr.port()
                ),
                io::ErrorKind::AddrNotAvailable => write!(
                    f,
                    "{} is not an address of this computer. Leave out --bind to listen on every network",
                    addr.ip()
                ),
                _ => write!(f, "cannot listen on {addr}: {source}"),
            },
            StartError::Folder(e) => write!(f, "{e}"),
            StartError::Roster(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StartError {}

fn suggest_port(port: u16) -> u16 {
    if port == 8080 {
        8081
    } else {
        8080
    }
}

/// Connections the OS may hold for us before they are accepted.
#[cfg(unix)]
const LISTEN_QUEUE: i32 = 4096;

/// Lets the OS queue more connections than the standard library's 128
/// before they are accepted (Linux caps it at `net.core.somaxconn`, 4096
/// on kernels since 5.4). A full server lets a connection go for each it
/// accepts, so the queue empties at once; but a crowd arriving together
/// (a script opening hundreds at once, issue 22) must not have a phone's
/// connection dropped and tried again a second, then three, later.
/// Calling `listen` again on a listening socket changes its queue on
/// Linux and the BSDs; Windows keeps its own (about 200 on a laptop).
#[cfg(unix)]
fn longer_listen_queue(listener: &TcpListener) {
    use std::os::unix::io::AsRawFd;
    // SAFETY: listen on a socket we own and keep open; on failure the
    // queue stays as it was.
    unsafe {
        libc::listen(listener.as_raw_fd(), LISTEN_QUEUE);
    }
}

#[cfg(not(unix))]
fn longer_listen_queue(_listener: &TcpListener) {}

/// A listening server with today's file open, ready to serve.
pub struct Server {
    http: tiny_http::Server,
    class: Class,
    /// Where check-ins queue to share a sync.
    check_ins: CheckIns,
    /// What the teacher's screen remembers between requests.
    desk: teacher::Desk,
}

impl Server {
    /// Listens on `--bind`:`--port` and opens today's file in the class's
    /// folder; a restart remembers today's phones from the audit trail.
    pub fn start(config: &Config, clock: Clock) -> Result<Server, StartError> {
        let wanted = config.listen;
        let listen_error = |source| StartError::Listen {
            addr: wanted,
            source,
        };
        let listener = TcpListener::bind(wanted).map_err(listen_error)?;
        longer_listen_queue(&listener);
        let addr = listener.local_addr().map_err(listen_error)?;
        let class = open_class(config, clock, addr)?;
        remember_today(&class, &config.folder);
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| listen_error(io::Error::new(io::ErrorKind::Other, e.to_string())))?;
        Ok(Server {
            http,
            class,
            check_ins: CheckIns::new(),
            desk: teacher::Desk::new(),
        })
    }

    /// The class this server runs.
    pub fn class(&self) -> &Class {
        &self.class
    }

    /// The HTTP server, for its connection limits and counts.
    pub fn http(&self) -> &tiny_http::Server {
        &self.http
    }

    /// Serves until Ctrl+C. A check-in being saved when it is pressed is
    /// finished and answered before this returns.
    pub fn serve(&self) {
        // Each connection's own thread handles its requests (tiny_http,
        // our fork): as many check-ins share a sync as arrive during one.
        self.http
            .serve(|request| self.handle(request), shutdown::requested);
    }

    fn handle(&self, mut request: Request) {
        let class = &self.class;
        if let (false, Some(peer)) = (class.arrivals.any(), request.remote_addr()) {
            let own = class.join.networks.addresses();
            class.arrivals.saw(peer.ip(), &own, class.now());
        }
        let response = self.route(&mut request);
        // A phone that went away before its answer is not our problem.
        let _ = request.respond(Response::from(response));
    }

    fn route(&self, request: &mut Request) -> Reply {
        let class = &self.class;
        let path = reply::path(request).to_string();
        if path == "/teacher" || path.starts_with("/teacher/") {
            return teacher::route(class, &self.desk, request);
        }
        match (request.method(), path.as_str()) {
            (Method::Get | Method::Head, "/") => student::form(class, request),
            (Method::Post, "/") => student::check_in(class, &self.check_ins, request),
            (_, "/") => Reply::message(
                405,
                "Not allowed",
                "This page only opens the check-in form and takes its answers.",
            )
            .with_header("Allow", "GET, HEAD, POST"),
            (Method::Get | Method::Head, "/favicon.ico") => Reply::empty(204),
            (Method::Get | Method::Head, "/clock.js") => {
                Reply::bytes(200, "text/javascript; charset=utf-8", CLOCK_JS.to_vec())
                    .with_header("Cache-Control", "max-age=86400")
            }
            // (In the phone's language, as every student page is.)
            _ => student::not_found(request),
        }
    }
}

/// The class list (first: a list that cannot be read stops the start
/// before anything is written), today's register, the session, the guards.
fn open_class(config: &Config, clock: Clock, addr: SocketAddr) -> Result<Class, StartError> {
    let now = clock.now();
    let roster = match &config.roster {
        Some(path) => Some(Roster::load(path).map_err(StartError::Roster)?),
        None => None,
    };
    let trail = Arc::new(Trail::new(&config.folder));
    let mut register =
        Register::open(&config.folder, Arc::clone(&trail), now).map_err(StartError::Folder)?;
    register.start_late_rule(config.late_after, now);
    let rules = &config.session;
    Ok(Class::new(Parts {
        register,
        session: Session::new(rules.code.clone(), rules.rotate, rules.minutes, now),
        guards: Guards::new(config.allow.clone(), config.per_address),
        trail,
        clock,
        join: Join::new(addr, Networks::new(config.network.clone())),
        roster,
        name: config.class.clone(),
        threshold: config.threshold,
    }))
}

/// A restart remembers today's phones and machines (each phone's machine
/// as the laptop sees it now), and a sweep of the codes. Streamed: a trail
/// of any size is read in little memory.
fn remember_today(class: &Class, folder: &std::path::Path) {
    let today = class.day();
    class.follow_day(today);
    audit::replay(folder, today, |line| {
        let machine = |ip| class.machine(ip);
        class.guards().replay_line(&line, today, &machine)
    });
    if class.guards().sweeping() {
        class.session().lengthen();
    }
}
