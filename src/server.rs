//! The HTTP side: handler threads each running the same blocking
//! `tiny_http` loop, dispatching `GET /` to the form and `POST /` to a
//! check-in.
//!
//! tiny_http reads each connection on a thread of its own pool and hands
//! whole requests to `recv`; with our patch (third_party/tiny_http) a body of
//! up to 8 KiB is already in memory by then, so a handler never waits on a
//! slow phone. Valid check-ins go through `batch::Batcher`: whichever handler
//! finds nobody saving saves everything queued with one write and one sync
//! (group commit), so on an old disk a class arriving together waits for a
//! few syncs rather than one per student. Nobody is told "Present" before
//! the sync that holds their row has returned.

use crate::batch::Batcher;
use crate::cli::Options;
use crate::clock::Clock;
use crate::form;
use crate::pages::{self, FormView};
use crate::register::{Outcome, Recorded, Register, RegisterError};
use crate::shutdown;
use crate::validate::{self, FieldErrors, Student};
use chrono::NaiveDateTime;
use std::fmt;
use std::io::{self, Cursor, Read};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The largest form body accepted. A real check-in is under 1 KiB.
pub const BODY_LIMIT: usize = 8 * 1024;
/// Request handler threads. A handler waits while its check-in is saved, so
/// up to this many check-ins share one sync on a slow disk (measured with
/// scripts/burst: 16 gave p99 177 ms, 32 gave 110 ms at +20 ms per sync, for
/// 0.2 MiB more idle memory). The rest of the time they sleep.
const WORKERS: usize = 32;
/// How often an idle handler looks up to see whether Ctrl+C was pressed.
const POLL: Duration = Duration::from_millis(200);
/// How long a phone remembers its roll and name: a school year.
const COOKIE_MAX_AGE: u32 = 366 * 24 * 60 * 60;

/// Why the server could not start, worded for the teacher.
#[derive(Debug)]
pub enum StartError {
    Listen { addr: SocketAddr, source: io::Error },
    Folder(RegisterError),
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

/// A listening server with today's file open, ready to serve.
pub struct Server {
    http: tiny_http::Server,
    addr: SocketAddr,
    register: Mutex<Register>,
    clock: Clock,
    /// Where handlers queue check-ins to share a sync.
    saving: Batcher<Student, Saved>,
}

/// What became of one check-in, and when.
struct Saved {
    now: NaiveDateTime,
    result: Recorded,
}

impl Server {
    /// Listens on `--bind`:`--port` and opens today's file in `--dir`.
    pub fn start(options: &Options, clock: Clock) -> Result<Server, StartError> {
        let wanted = SocketAddr::new(options.bind, options.port);
        let listen_error = |source| StartError::Listen {
            addr: wanted,
            source,
        };
        let listener = TcpListener::bind(wanted).map_err(listen_error)?;
        let addr = listener.local_addr().map_err(listen_error)?;
        let register = Register::open(&options.dir, clock.now()).map_err(StartError::Folder)?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| listen_error(io::Error::new(io::ErrorKind::Other, e.to_string())))?;
        Ok(Server {
            http,
            addr,
            register: Mutex::new(register),
            clock,
            saving: Batcher::new(),
        })
    }

    /// The address actually listened on (the real port when `--port 0`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Today's attendance file.
    pub fn today_file(&self) -> PathBuf {
        self.register().path().to_path_buf()
    }

    /// Messages from opening today's file (a repaired torn line, Excel
    /// holding the file), for the start-up message.
    pub fn take_notices(&self) -> Vec<String> {
        self.register().take_notices()
    }

    /// How many students are marked today.
    pub fn count(&self) -> usize {
        self.register().count()
    }

    /// Serves until Ctrl+C. A check-in being saved when it is pressed is
    /// finished and answered before this returns.
    pub fn serve(&self) {
        std::thread::scope(|scope| {
            for _ in 0..WORKERS {
                scope.spawn(|| self.work());
            }
        });
    }

    /// Saves `student`, together with whatever other check-ins arrive while
    /// a sync is under way (group commit, see `batch.rs`).
    fn save(&self, student: Student) -> Saved {
        self.saving.submit(student, |students| {
            let students: Vec<&Student> = students.iter().collect();
            let (now, results, count, notices) = {
                let mut register = self.register();
                let now = self.clock.now();
                let results = register.record(&students, now);
                (now, results, register.count(), register.take_notices())
            };
            for notice in notices {
                say!("\n  ** {notice}\n");
            }
            // The teacher's terminal: one line per check-in, in order.
            let fresh = results
                .iter()
                .filter(|r| matches!(r, Ok(Outcome::Marked(_))))
                .count();
            let mut marked = count - fresh;
            for (student, result) in students.iter().zip(&results) {
                if let Ok(Outcome::Marked(_)) = result {
                    marked += 1;
                }
                log_check_in(student, result, now, marked);
            }
            results
                .into_iter()
                .map(|result| Saved { now, result })
                .collect()
        })
    }

    fn work(&self) {
        while !shutdown::requested() {
            match self.http.recv_timeout(POLL) {
                Ok(Some(request)) => self.handle(request),
                Ok(None) => {}
                Err(e) => {
                    warn!("rollcall: could not receive a request: {e}");
                    std::thread::sleep(POLL);
                }
            }
        }
    }

    fn handle(&self, mut request: Request) {
        let response = self.route(&mut request);
        // A phone that went away before its answer is not our problem.
        let _ = request.respond(Response::from(response));
    }

    fn route(&self, request: &mut Request) -> Page {
        let path = request.url().split('?').next().unwrap_or("").to_string();
        match (request.method(), path.as_str()) {
            (Method::Get | Method::Head, "/") => self.show_form(request),
            (Method::Post, "/") => self.check_in(request),
            (_, "/") => Page::message(
                405,
                "Not allowed",
                "This page only opens the check-in form and takes its answers.",
            )
            .with_header("Allow", "GET, HEAD, POST"),
            (Method::Get | Method::Head, "/favicon.ico") => Page::empty(204),
            _ => Page::message(
                404,
                "Page not found",
                "There is nothing at this address. Check in on the front page.",
            ),
        }
    }

    fn show_form(&self, request: &Request) -> Page {
        // A returning phone gets its last roll and name filled in: one tap.
        let cookies = header(request, "Cookie").unwrap_or_default();
        let roll = form::cookie(&cookies, "rc_roll").unwrap_or_default();
        let name = form::cookie(&cookies, "rc_name").unwrap_or_default();
        let view = FormView {
            roll: &roll,
            name: &name,
            ..FormView::default()
        };
        Page::html(200, pages::form(self.clock.now().date(), &view))
    }

    fn check_in(&self, request: &mut Request) -> Page {
        let body = match read_form_body(request) {
            Ok(body) => body,
            Err(page) => return page,
        };
        let pairs = match form::decode(&body) {
            Ok(pairs) => pairs,
            Err(e) => {
                return Page::message(
                    400,
                    "Could not read that",
                    &format!("The check-in could not be read ({e}). Please go back and try again."),
                )
            }
        };
        let roll = form::field(&pairs, "roll").unwrap_or("");
        let name = form::field(&pairs, "name").unwrap_or("");
        let student = match validate::student(roll, name) {
            Ok(student) => student,
            Err(errors) => {
                let view = FormView {
                    roll,
                    name,
                    errors,
                    notice: None,
                };
                return Page::html(422, pages::form(self.clock.now().date(), &view));
            }
        };

        let Saved { now, result } = self.save(student);
        match result {
            Ok(Outcome::Marked(mark)) => {
                let remember = |key: &str, value: &str| {
                    format!(
                        "{key}={}; Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax; HttpOnly",
                        form::encode_component(value)
                    )
                };
                Page::html(200, pages::present(now.date(), &mark))
                    .with_header("Set-Cookie", &remember("rc_roll", &mark.roll))
                    .with_header("Set-Cookie", &remember("rc_name", &mark.name))
            }
            Ok(Outcome::AlreadyMarked(mark)) => Page::html(200, pages::already(&mark)),
            Err(_) => {
                let view = FormView {
                    roll,
                    name,
                    errors: FieldErrors::default(),
                    notice: Some("Could not save — tell your teacher. You are NOT marked yet."),
                };
                Page::html(500, pages::form(now.date(), &view))
            }
        }
    }

    fn register(&self) -> MutexGuard<'_, Register> {
        // A panic cannot leave the register half-updated in a way that
        // matters (rows are synced before memory is), so carry on.
        self.register
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The terminal line for one check-in; `marked` counts today's students
/// including this one.
fn log_check_in(student: &Student, result: &Recorded, now: NaiveDateTime, marked: usize) {
    match result {
        Ok(Outcome::Marked(mark)) => say!(
            "  {}  Present   {:<8} {}   ({marked} today)",
            mark.time.format("%H:%M:%S"),
            mark.roll,
            mark.name
        ),
        Ok(Outcome::AlreadyMarked(mark)) => say!(
            "  {}  (again)   {:<8} {}   already marked at {}",
            now.format("%H:%M:%S"),
            student.roll,
            student.name,
            mark.time.format("%H:%M:%S")
        ),
        Err(e) => warn!(
            "\n  !! NOT SAVED: roll {} {} — {e}\n",
            student.roll, student.name
        ),
    }
}

/// Checks the content type and size and reads a form body, or returns the
/// page that refuses it. Nothing is read of a body declared too large.
fn read_form_body(request: &mut Request) -> Result<Vec<u8>, Page> {
    let content_type = header(request, "Content-Type").unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(Page::message(
            415,
            "Wrong kind of data",
            "This page only takes the check-in form. Please use the form on the front page.",
        ));
    }
    let too_large = || {
        Page::message(
            413,
            "Too much data",
            "That was far more than a roll number and a name. Please use the form on the front page.",
        )
    };
    if request.body_length().map_or(false, |n| n > BODY_LIMIT) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    let read = request
        .as_reader()
        .take(BODY_LIMIT as u64 + 1)
        .read_to_end(&mut body);
    match read {
        Err(_) => Err(Page::message(
            400,
            "Could not read that",
            "The check-in did not arrive whole. Please try again.",
        )),
        Ok(_) if body.len() > BODY_LIMIT => Err(too_large()),
        Ok(_) => Ok(body),
    }
}

/// The value of a request header, if present.
fn header(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_string())
}

/// A response under construction.
struct Page {
    status: u16,
    body: Vec<u8>,
    headers: Vec<Header>,
}

impl Page {
    fn html(status: u16, html: String) -> Page {
        Page {
            status,
            body: html.into_bytes(),
            headers: Vec::new(),
        }
        .with_header("Content-Type", "text/html; charset=utf-8")
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Referrer-Policy", "no-referrer")
        .with_header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        )
    }

    fn message(status: u16, heading: &str, text: &str) -> Page {
        Page::html(status, pages::message(heading, text))
    }

    fn empty(status: u16) -> Page {
        Page {
            status,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// Adds a header. Values are ASCII we built (cookies are
    /// percent-encoded), so a refused header is a bug to skip, not to crash on.
    fn with_header(mut self, name: &str, value: &str) -> Page {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            self.headers.push(h);
        }
        self
    }
}

impl From<Page> for Response<Cursor<Vec<u8>>> {
    fn from(page: Page) -> Self {
        let mut response = Response::from_data(page.body).with_status_code(StatusCode(page.status));
        for h in page.headers {
            response.add_header(h);
        }
        response
    }
}
