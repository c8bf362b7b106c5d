//! Shared test harness: starts the real `rollcall` binary on a loopback port
//! chosen by the OS, in a fresh temporary folder, and talks HTTP to it.
//!
//! The same tests run against the Windows build under Wine: set
//! `ROLLCALL_LAUNCH=/usr/lib/wine/wine64` and `ROLLCALL_BIN=.../rollcall.exe`
//! (`.ci/run` does). Paths handed to the program are then turned into
//! Windows paths (`Z:\tmp\...`).
//!
//! They also run against a release binary for Linux (`scripts/release`):
//! `ROLLCALL_BIN` alone runs that file instead of the one cargo built, and
//! `ROLLCALL_LAUNCH=qemu-aarch64` with `ROLLCALL_TARGET_OS=linux` runs an
//! arm64 one through an emulator; it is then a Linux program (Linux paths,
//! Linux-only tests), not the Windows one.
//!
//! Every temporary folder has a space and Devanagari letters in its name, so
//! every test also proves such paths work.

pub mod engines;
pub mod net;
#[cfg(unix)]
pub mod netns;
pub mod webdriver;

use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long the server may take to start (Wine's first start is slow).
const START_TIMEOUT: Duration = Duration::from_secs(90);
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// True when the suite drives the Windows .exe through a launcher (Wine).
/// A Linux program through a launcher (qemu, `ROLLCALL_TARGET_OS=linux`) is not.
pub fn under_launcher() -> bool {
    launcher().is_some() && std::env::var("ROLLCALL_TARGET_OS").as_deref() != Ok("linux")
}

/// `ROLLCALL_LAUNCH`: the program that runs rollcall (Wine, qemu), if any.
fn launcher() -> Option<OsString> {
    std::env::var_os("ROLLCALL_LAUNCH").filter(|v| !v.is_empty())
}

/// The rollcall under test: `ROLLCALL_BIN`, else the one cargo built.
fn program() -> OsString {
    std::env::var_os("ROLLCALL_BIN")
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_rollcall").into())
}

/// The tests that would measure or starve one another take turns: hold
/// this for the whole test. All the tests run in one process, two or more
/// at a time (one per core); a test that counts the server's threads or
/// open files within a moment, times round trips, attacks a server (and
/// checks that honest phones are served within a bound), gives one machine
/// a thousand addresses (the kernel's neighbour table is shared by every
/// namespace) or runs Chromium takes this, so that no other such test runs
/// beside it. Light tests go on meanwhile, as they did beside these when
/// each file was a crate of its own.
pub fn alone() -> MutexGuard<'static, ()> {
    static ALONE: Mutex<()> = Mutex::new(());
    // A test that failed while holding it has said why; the next one runs.
    ALONE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Prints why a test does not apply here; the caller then returns.
pub fn skip(why: &str) {
    eprintln!("skipping: {why}");
}

/// The command that runs rollcall: the Linux binary, or the launcher + .exe.
pub fn rollcall_command() -> Command {
    match launcher() {
        Some(launcher) => {
            assert!(
                std::env::var_os("ROLLCALL_BIN").is_some(),
                "ROLLCALL_LAUNCH is set, so ROLLCALL_BIN must name the program"
            );
            let mut c = Command::new(launcher);
            c.arg(program());
            c.env("WINEDEBUG", "-all");
            // Wine decodes non-ASCII arguments (our Devanagari temp folder)
            // with the Unix locale.
            c.env("LANG", "C.UTF-8");
            c
        }
        None => Command::new(program()),
    }
}

/// A path as the program under test spells it.
pub fn program_path(path: &Path) -> OsString {
    if under_launcher() {
        let unix = path.to_string_lossy();
        OsString::from(format!("Z:{}", unix.replace('/', "\\")))
    } else {
        path.as_os_str().to_os_string()
    }
}

/// A temporary folder, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("rollcall test कक्षा {}-{}", std::process::id(), n));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// How to start a server.
pub struct Builder {
    dir: Option<PathBuf>,
    clock: Option<String>,
    args: Vec<OsString>,
    /// `ulimit` options for the server's open files (`-n 64`).
    open_files: Option<String>,
    /// Leave the code rule to the test's own arguments (default: --no-code).
    codes: bool,
    /// Run inside this network namespace (`ip netns exec`), as a laptop of
    /// the test's making (see `netns::Laptop`).
    netns: Option<String>,
}

impl Builder {
    /// Run with rollcall's own code rule (a rotating code unless the test
    /// adds --code or --rotate); without this the server runs --no-code, so
    /// tests of the check-in path need not read a code first.
    pub fn codes(mut self) -> Builder {
        self.codes = true;
        self
    }

    /// Save into this folder instead of a fresh one (for restarts).
    pub fn dir(mut self, dir: &Path) -> Builder {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// Inject the clock: "YYYY-MM-DD HH:MM:SS", changeable with `set_clock`.
    pub fn clock(mut self, now: &str) -> Builder {
        self.clock = Some(now.to_string());
        self
    }

    /// Starts the server under `ulimit -n LIMIT` (Linux binary only).
    pub fn open_files(mut self, limit: u32) -> Builder {
        self.open_files = Some(format!("-n {limit}"));
        self
    }

    /// Starts the server with a soft limit of `limit` open files and the
    /// hard limit of this process (`ulimit -S -n LIMIT`; Linux binary only),
    /// as a login's soft limit is often far below its hard one. Only the
    /// server's limit changes: the tests beside it keep theirs.
    pub fn soft_open_files(mut self, limit: u32) -> Builder {
        self.open_files = Some(format!("-S -n {limit}"));
        self
    }

    /// Runs rollcall inside network namespace `name`: the test then talks
    /// to it from inside too (`Server::connect`).
    pub fn in_netns(mut self, name: &str) -> Builder {
        assert!(!under_launcher(), "namespaces are for the Linux binary");
        self.netns = Some(name.to_string());
        self
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Builder {
        self.args.push(arg.into());
        self
    }

    pub fn start(self) -> Server {
        let temp = TempDir::new();
        let dir = match &self.dir {
            Some(d) => d.clone(),
            None => temp.path().join("attendance"),
        };
        let clock_file = self.clock.as_ref().map(|now| {
            let file = temp.path().join("clock.txt");
            fs::write(&file, now).expect("write clock file");
            file
        });
        let mut cmd = match &self.open_files {
            Some(limit) => {
                assert!(!under_launcher(), "open_files is for the Linux binary");
                let rollcall = rollcall_command();
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit {limit} && exec \"$0\" \"$@\""))
                    .arg(rollcall.get_program())
                    .args(rollcall.get_args());
                c
            }
            None => rollcall_command(),
        };
        if let Some(ns) = &self.netns {
            let mut c = Command::new("ip");
            c.args(["netns", "exec", ns])
                .arg(cmd.get_program())
                .args(cmd.get_args());
            cmd = c;
        }
        cmd.arg("--port")
            .arg("0")
            .arg("--bind")
            .arg("127.0.0.1")
            .arg("--dir")
            .arg(program_path(&dir))
            // Never open a browser from a test.
            .arg("--no-browser")
            .args((!self.codes).then_some("--no-code"))
            .args(&self.args)
            .current_dir(temp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match &clock_file {
            Some(f) => cmd.env("ROLLCALL_TEST_CLOCK", program_path(f)),
            None => cmd.env_remove("ROLLCALL_TEST_CLOCK"),
        };
        let mut child = cmd.spawn().expect("start rollcall");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let collectors = vec![
            collect(child.stdout.take().expect("stdout"), stdout.clone()),
            collect(child.stderr.take().expect("stderr"), stderr.clone()),
        ];
        let deadline = Instant::now() + START_TIMEOUT;
        let port = loop {
            if let Some(port) = find_port(&stdout.lock().expect("lock")) {
                break port;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "rollcall exited at start ({status}).\nstdout:\n{}\nstderr:\n{}",
                    stdout.lock().expect("lock"),
                    stderr.lock().expect("lock")
                );
            }
            assert!(Instant::now() < deadline, "rollcall did not start in time");
            std::thread::sleep(Duration::from_millis(20));
        };
        Server {
            child,
            port,
            netns: self.netns,
            dir,
            clock_file,
            stdout,
            stderr,
            collectors,
            _temp: temp,
        }
    }
}

fn collect(
    mut pipe: impl Read + Send + 'static,
    into: Arc<Mutex<String>>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(&mut pipe);
        let mut line = Vec::new();
        while let Ok(n) = reader.read_until(b'\n', &mut line) {
            if n == 0 {
                break;
            }
            into.lock()
                .expect("lock")
                .push_str(&String::from_utf8_lossy(&line).replace('\r', ""));
            line.clear();
        }
    })
}

fn find_port(stdout: &str) -> Option<u16> {
    // `--bind ::` says `[::1]` for this laptop.
    let at = ["http://127.0.0.1:", "http://[::1]:"]
        .iter()
        .find_map(|p| stdout.find(p).map(|at| at + p.len()))?;
    let digits: String = stdout[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    stdout[at + digits.len()..]
        .starts_with('/')
        .then(|| digits.parse().ok())
        .flatten()
}

/// A running rollcall, killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    /// The namespace it runs in, if not this machine's own network.
    netns: Option<String>,
    dir: PathBuf,
    clock_file: Option<PathBuf>,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    collectors: Vec<std::thread::JoinHandle<()>>,
    _temp: TempDir,
}

impl Server {
    pub fn builder() -> Builder {
        Builder {
            dir: None,
            clock: None,
            args: Vec::new(),
            open_files: None,
            codes: false,
            netns: None,
        }
    }

    pub fn start() -> Server {
        Server::builder().start()
    }

    /// The attendance folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Moves the injected clock.
    pub fn set_clock(&self, now: &str) {
        let file = self
            .clock_file
            .as_ref()
            .expect("server was started with .clock(...)");
        // Write then rename, so the server never reads half a line.
        let tmp = file.with_extension("new");
        fs::write(&tmp, now).expect("write clock");
        fs::rename(&tmp, file).expect("replace clock");
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().expect("lock").clone()
    }

    /// Waits (up to 30 s) until the server has printed `needle`, and returns
    /// all it printed: its output reaches the test through a pipe, a little
    /// after the reply that followed it.
    pub fn wait_for_stdout(&self, needle: &str) -> String {
        wait_for(&self.stdout, needle)
    }

    /// `wait_for_stdout` for the error output.
    pub fn wait_for_stderr(&self, needle: &str) -> String {
        wait_for(&self.stderr, needle)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("lock").clone()
    }

    /// The attendance file for `date` (YYYY-MM-DD), if it exists.
    pub fn csv(&self, date: &str) -> Option<Vec<u8>> {
        fs::read(self.dir.join(format!("attendance_{date}.csv"))).ok()
    }

    /// The contents of the only attendance_*.csv in the folder, as text.
    pub fn today_csv(&self) -> Option<String> {
        let mut days: Vec<PathBuf> = fs::read_dir(&self.dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                name.map_or(false, |n| {
                    n.starts_with("attendance_") && n.ends_with(".csv") && n.len() == 25
                })
            })
            .collect();
        days.sort();
        let path = days.pop()?;
        fs::read_to_string(path).ok()
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send(format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes())
    }

    pub fn get_with_cookie(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            format!(
                "GET {path} HTTP/1.1\r\nHost: t\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
    }

    /// POSTs an urlencoded body to `/`, as the form does: with the ticket
    /// of a form fetched just before, unless `body` brings one (or says
    /// `ticket=` itself, to bring none).
    pub fn post_form(&self, body: &str) -> Reply {
        let body = if body.contains("ticket=") {
            body.to_string()
        } else {
            format!("{body}&ticket={}", self.ticket())
        };
        self.post("application/x-www-form-urlencoded", body.as_bytes())
    }

    /// The ticket of a form the laptop serves now, as its browser gets it
    /// ("" while check-in is closed: no form is served).
    pub fn ticket(&self) -> String {
        ticket_in(&self.get("/").body).unwrap_or_default()
    }

    /// Checks in from the phone whose device cookie is `device` (32 hex
    /// digits): the form fetched with it, then sent with it.
    pub fn check_in_as(&self, device: &str, roll: &str, name: &str) -> Reply {
        self.post_form_as(
            device,
            &format!("roll={}&name={}", encode(roll), encode(name)),
        )
    }

    /// POSTs an urlencoded `body` from the phone whose device cookie is
    /// `device`, with the ticket of the form it fetched just before.
    pub fn post_form_as(&self, device: &str, body: &str) -> Reply {
        let cookie = format!("rc_device={device}");
        let ticket = ticket_in(&self.get_with_cookie("/", &cookie).body).unwrap_or_default();
        let body = format!("{body}&ticket={ticket}");
        let request = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        self.send(request.as_bytes())
    }

    /// Checks in with roll and name, encoding them as a browser would.
    pub fn check_in(&self, roll: &str, name: &str) -> Reply {
        self.post_form(&format!("roll={}&name={}", encode(roll), encode(name)))
    }

    pub fn post(&self, content_type: &str, body: &[u8]) -> Reply {
        let mut req = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        self.send(&req)
    }

    /// Sends raw bytes and reads the reply until the server closes.
    pub fn send(&self, raw: &[u8]) -> Reply {
        let mut stream = self.connect();
        stream.write_all(raw).expect("send request");
        read_reply(&mut stream)
    }

    pub fn connect(&self) -> TcpStream {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        let stream = match &self.netns {
            #[cfg(unix)]
            Some(ns) => netns::in_namespace(ns, || TcpStream::connect(addr)),
            _ => TcpStream::connect(addr),
        }
        .expect("connect");
        stream.set_read_timeout(Some(IO_TIMEOUT)).expect("timeout");
        stream.set_write_timeout(Some(IO_TIMEOUT)).expect("timeout");
        stream
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL (or TerminateProcess): no chance to tidy up.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Ctrl+C, as the teacher presses it; returns the exit status once the
    /// program has exited and all it printed has been read.
    #[cfg(unix)]
    pub fn interrupt(&mut self) -> ExitStatus {
        let status = Command::new("kill")
            .arg("-INT")
            .arg(self.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -INT failed");
        let deadline = Instant::now() + IO_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                for collector in self.collectors.drain(..) {
                    let _ = collector.join();
                }
                return status;
            }
            assert!(Instant::now() < deadline, "rollcall did not stop on Ctrl+C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn wait_for(output: &Mutex<String>, needle: &str) -> String {
    let deadline = Instant::now() + IO_TIMEOUT;
    loop {
        let text = output.lock().expect("lock").clone();
        if text.contains(needle) || Instant::now() > deadline {
            return text;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Percent-encodes a form value as browsers do.
/// The ticket of a form fetched from the laptop's own browser at `port`
/// ("" if none came: the server is going away).
pub fn fetch_ticket(port: u16) -> String {
    let fetched = TcpStream::connect(("127.0.0.1", port)).and_then(|mut s| {
        s.set_read_timeout(Some(IO_TIMEOUT))?;
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        Ok(String::from_utf8_lossy(&raw).into_owned())
    });
    fetched
        .ok()
        .and_then(|page| ticket_in(&page))
        .unwrap_or_default()
}

/// The form's ticket in a page, if it holds a form.
pub fn ticket_in(page: &str) -> Option<String> {
    let at = page.find("name=\"ticket\" value=\"")? + "name=\"ticket\" value=\"".len();
    let rest = &page[at..];
    Some(rest[..rest.find('"')?].to_string())
}

pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An HTTP reply.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Reads one reply from a connection the server closes after answering.
pub fn read_reply(stream: &mut TcpStream) -> Reply {
    let mut raw = Vec::new();
    // A reset after the server has answered (it refused a body it did not
    // read) still leaves the answer in `raw`.
    let _ = stream.read_to_end(&mut raw);
    parse_reply(&raw)
}

pub fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete reply: {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    } else if let Some(len) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.truncate(len);
    }
    Reply {
        status,
        headers,
        body: String::from_utf8(body).expect("reply body is UTF-8"),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = match data.windows(2).position(|w| w == b"\r\n") {
            Some(i) => i,
            None => return out,
        };
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
}

/// The exact bytes of an attendance file holding `rows` ("12,Udbhav,10:12:05").
/// An attendance folder whose file for `day` (YYYY-MM-DD) already holds
/// `contents`, as a previous run, a power cut or a teacher's editor left
/// it. Returns the temporary folder (removed on drop) and the attendance
/// folder inside it.
/// A class list of four in `dir` ("10A list.csv", `;`-separated as Excel
/// saves it in much of Europe, one name in Devanagari), as a path for
/// `--roster`.
pub fn class_list(dir: &TempDir) -> OsString {
    let path = dir.path().join("10A list.csv");
    fs::write(
        &path,
        "Roll;Name\r\n12;Udbhav Singh\r\n13;Rahul Kumar\r\n14;अनीता\r\n15;Priya Nair\r\n",
    )
    .expect("write class list");
    program_path(&path)
}

impl Server {
    /// A server with `class_list` as its `--roster`, its clock at `now`.
    pub fn with_class_list(lists: &TempDir, now: &str) -> Server {
        Server::builder()
            .clock(now)
            .arg("--roster")
            .arg(class_list(lists))
            .start()
    }
}

/// Writes `day`'s file in `folder` with `rows` (roll, name, time), and its
/// audit trail as the server writes it: each row accepted from the phone
/// whose device cookie is `device_of(roll)` (32 hex digits). A phone is
/// shown a roll's month only if it marked that roll on an earlier day.
pub fn earlier_day(folder: &Path, day: &str, rows: &[(&str, &str, &str)]) {
    fs::create_dir_all(folder.join("audit")).expect("folders");
    let lines: Vec<String> = rows
        .iter()
        .map(|(r, n, t)| format!("{r},{n},{t}"))
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    fs::write(
        folder.join(format!("attendance_{day}.csv")),
        expected_file(&lines),
    )
    .expect("day");
    let mut trail = "\u{feff}Time,Address,Device,Roll,Name,Outcome,Reason\r\n".to_string();
    for (roll, name, time) in rows {
        let device = device_of(roll);
        trail.push_str(&format!(
            "{time},10.0.0.9,{device},{roll},{name},accepted,\r\n"
        ));
    }
    fs::write(folder.join(format!("audit/audit_{day}.csv")), trail).expect("trail");
}

/// The device cookie of roll `roll`'s own phone in `earlier_day`'s files.
pub fn device_of(roll: &str) -> String {
    format!("{roll:0>32}")
}

pub fn folder_with_day_file(day: &str, contents: &[u8]) -> (TempDir, PathBuf) {
    let dir = TempDir::new();
    let folder = dir.path().join("attendance");
    fs::create_dir_all(&folder).expect("mkdir");
    fs::write(folder.join(format!("attendance_{day}.csv")), contents).expect("write");
    (dir, folder)
}

pub fn expected_file(rows: &[&str]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBFRoll,Name,Time\r\n".to_vec();
    for row in rows {
        out.extend_from_slice(row.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

// ---------------------------------------------------------------------------
// The teacher's screen, as the laptop's own browser reaches it.

impl Server {
    /// GETs a teacher path as the laptop's browser does (Host: 127.0.0.1).
    pub fn teacher_get(&self, path: &str) -> Reply {
        self.send(
            format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                self.port
            )
            .as_bytes(),
        )
    }

    /// POSTs a teacher action with `body` (urlencoded), as the page does.
    pub fn teacher_post(&self, path: &str, body: &str) -> Reply {
        self.send(
            format!(
                "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                self.port,
                body.len()
            )
            .as_bytes(),
        )
    }

    /// The run's secret, read from the teacher's page as its forms carry it.
    pub fn secret(&self) -> String {
        let page = self.teacher_get("/teacher");
        assert_eq!(page.status, 200, "{}", page.body);
        let at = page
            .body
            .find("name=\"secret\" value=\"")
            .expect("the page carries the secret")
            + "name=\"secret\" value=\"".len();
        page.body[at..].split('"').next().unwrap_or("").to_string()
    }

    /// A teacher action with the secret, e.g. `act("close", "")`.
    pub fn act(&self, action: &str, fields: &str) -> Reply {
        let secret = self.secret();
        let body = if fields.is_empty() {
            format!("secret={secret}")
        } else {
            format!("secret={secret}&{fields}")
        };
        self.teacher_post(&format!("/teacher/{action}"), &body)
    }

    /// A teacher action that cannot be done: it answers "see other" back to
    /// `/teacher` like any action, and the screen then says why. Returns the
    /// screen's words (unescaped `&quot;`/`&#39;` aside) and the whole page.
    pub fn act_refused(&self, action: &str, fields: &str) -> (String, String) {
        let reply = self.act(action, fields);
        assert_eq!(reply.status, 303, "{action}: {}", reply.body);
        assert_eq!(reply.header("Location"), Some("/teacher"));
        let page = self.teacher_get("/teacher").body;
        let start = "<p class=\"notice\" role=\"alert\">";
        let said = page
            .find(start)
            .map(|at| {
                let rest = &page[at + start.len()..];
                rest[..rest.find("</p>").unwrap_or(rest.len())].to_string()
            })
            .unwrap_or_else(|| panic!("{action}: the screen says nothing:\n{page}"));
        // The words are for this view only.
        assert!(!self.teacher_get("/teacher").body.contains(start));
        (said, page)
    }

    /// The teacher's status JSON, checked to be JSON served as JSON.
    pub fn status(&self) -> serde_json::Value {
        let reply = self.teacher_get("/teacher/status.json");
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(
            reply.header("Content-Type"),
            Some("application/json; charset=utf-8")
        );
        serde_json::from_str(&reply.body).expect("status is JSON")
    }

    /// The code on the teacher's screen now.
    pub fn code(&self) -> String {
        self.status()["code"]
            .as_str()
            .expect("a code is shown")
            .to_string()
    }

    /// The audit trail of `day` (YYYY-MM-DD), as text ("" if there is none).
    pub fn audit(&self, day: &str) -> String {
        fs::read_to_string(self.dir.join(format!("audit/audit_{day}.csv"))).unwrap_or_default()
    }

    /// Checks in with the code as well.
    pub fn check_in_with_code(&self, roll: &str, name: &str, code: &str) -> Reply {
        self.post_form(&format!(
            "roll={}&name={}&code={}",
            encode(roll),
            encode(name),
            encode(code)
        ))
    }
}

/// Kills (SIGKILL) every process of this machine one of whose arguments is
/// exactly `arg`: a path or an option made fresh for one test (its own
/// temporary folder, say), so that it names that test's processes and no
/// other test's, all of which run in this process side by side.
pub fn kill_processes_with_arg(arg: &str) {
    let procs = match fs::read_dir("/proc") {
        Ok(procs) => procs,
        Err(_) => return,
    };
    for entry in procs.flatten() {
        let name = entry.file_name();
        let pid = match name.to_str() {
            Some(pid) if pid.bytes().all(|b| b.is_ascii_digit()) => pid.to_string(),
            _ => continue,
        };
        let cmdline = match fs::read(entry.path().join("cmdline")) {
            Ok(cmdline) => cmdline,
            Err(_) => continue,
        };
        if cmdline.split(|&b| b == 0).any(|a| a == arg.as_bytes()) {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
    }
}

/// Runs `rollcall ARGS` to the end in `cwd`, its clock set to `now`
/// ("YYYY-MM-DD HH:MM:SS") when given: (exit code, stdout, stderr), with
/// the carriage returns of Windows line ends removed.
pub fn run_in(cwd: &Path, args: &[OsString], now: Option<&str>) -> (i32, String, String) {
    let mut cmd = rollcall_command();
    cmd.args(args).current_dir(cwd).stdin(Stdio::null());
    match now {
        Some(now) => {
            let clock = cwd.join("clock.txt");
            fs::write(&clock, now).expect("write clock file");
            cmd.env("ROLLCALL_TEST_CLOCK", program_path(&clock))
        }
        None => cmd.env_remove("ROLLCALL_TEST_CLOCK"),
    };
    let out = cmd.output().expect("run rollcall");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).replace('\r', ""),
        String::from_utf8_lossy(&out.stderr).replace('\r', ""),
    )
}
