//! A tiny client for the W3C WebDriver protocol, with a hand-written
//! HTTP/1.1 + JSON client: the browser tests drive the real pages with it,
//! in whichever engine `engines.rs` starts (Chromium through chromedriver,
//! WebKit through WebKitWebDriver, Firefox through geckodriver). What is
//! not the same in every engine (the capabilities, a phone's size, the
//! language) is asked of the `Engine`; the rest is the standard's.
//!
//! In Chromium the phone viewport is set through the DevTools Protocol
//! (`Emulation.setDeviceMetricsOverride`, `mobile: true`), not
//! chromedriver's `mobileEmulation`, whose clicks hang here; in WebKit and
//! Firefox it is the window's size.

use super::engines::Setup;
pub use super::engines::{required_or, Engine, Screen, CHROMIUM_ARGS};
use super::TempDir;
use serde_json::{json, Value};
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Phone screen size in CSS pixels.
pub const PHONE_WIDTH: u32 = 360;
pub const PHONE_HEIGHT: u32 = 740;
const ANDROID_UA: &str = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 \
                          (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

/// Upper bound for every wait in the browser tests.
pub const WAIT: Duration = Duration::from_secs(30);

/// Why a Chromium test does not apply here (the Windows suite, where the
/// pages are the same bytes); asked for where there is no Chromium, it
/// fails (`Engine::reason_to_skip`).
pub fn reason_to_skip() -> Option<String> {
    Engine::Chromium.reason_to_skip()
}

/// axe-core's script, from `ROLLCALL_AXE` or `target/npm` (`.ci/run`
/// installs it there with npm).
pub fn axe_script() -> Result<String, String> {
    let path = std::env::var_os("ROLLCALL_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/axe-core/axe.min.js")
        });
    fs::read_to_string(&path).map_err(|e| {
        format!(
            "axe-core not found at {} ({e}); install it with: npm install --prefix target/npm axe-core@4",
            path.display()
        )
    })
}

/// A running WebDriver server (and what it needs beside it), killed on
/// drop.
pub struct Driver {
    child: Child,
    port: u16,
    engine: Engine,
    screen: Screen,
    /// Dropped after the driver is killed: the display the browser was on.
    _setup: Setup,
}

impl Driver {
    /// chromedriver: Chromium takes each window's size and language through
    /// the DevTools Protocol.
    pub fn start() -> Driver {
        let screen = Screen {
            width: PHONE_WIDTH,
            height: PHONE_HEIGHT,
            scale: 2,
            language: None,
        };
        Driver::launch(Engine::Chromium, screen)
    }

    /// `engine`'s driver for a phone (two device pixels to a CSS pixel)
    /// asking for `language` ("hi-IN"), if any. WebKitWebDriver and
    /// geckodriver hold one session each.
    pub fn phone(engine: Engine, language: Option<&str>) -> Driver {
        let screen = Screen {
            width: PHONE_WIDTH,
            height: PHONE_HEIGHT,
            scale: 2,
            language: language.map(str::to_string),
        };
        Driver::launch(engine, screen)
    }

    /// `engine`'s driver for a laptop's or a projector's screen.
    pub fn laptop(engine: Engine, width: u32, height: u32) -> Driver {
        let screen = Screen {
            width,
            height,
            scale: 1,
            language: None,
        };
        Driver::launch(engine, screen)
    }

    fn launch(engine: Engine, screen: Screen) -> Driver {
        let mut last_error = String::new();
        for _attempt in 0..5 {
            let port = free_port();
            let mut setup = Setup::default();
            let child = engine
                .driver(port, &screen, &mut setup)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}'s WebDriver: {e}", engine.name()));
            let mut driver = Driver {
                child,
                port,
                engine,
                screen: screen.clone(),
                _setup: setup,
            };
            match driver.wait_ready() {
                Ok(()) => return driver,
                Err(e) => last_error = e, // dropping `driver` kills it; try another port
            }
        }
        panic!(
            "{}'s WebDriver did not become ready: {last_error}",
            engine.name()
        );
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the driver exited early ({status})"));
            }
            if let Ok((200, body)) = http(self.port, "GET", "/status", None) {
                if body["value"]["ready"] == json!(true) {
                    // A driver that lost the race for the port exits
                    // within milliseconds; make sure the one answering is ours.
                    sleep(Duration::from_millis(200));
                    if let Ok(None) = self.child.try_wait() {
                        return Ok(());
                    }
                    continue;
                }
            }
            if Instant::now() > deadline {
                return Err(format!("GET /status not ready after {WAIT:?}"));
            }
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr").port()
}

// ---------------------------------------------------------------------------
// WebDriver session

/// One browser window. Deleted (browser closed) on drop, profile removed.
pub struct Session {
    port: u16,
    id: String,
    engine: Engine,
    profile: TempDir,
}

impl Session {
    pub fn start(driver: &Driver) -> Session {
        let profile = TempDir::new();
        let caps = json!({
            "capabilities": {
                "alwaysMatch": driver.engine.capabilities(profile.path(), &driver.screen),
            }
        });
        let reply = command(driver.port, "POST", "/session", Some(&caps));
        let id = reply["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("new session: no sessionId in {reply}"))
            .to_string();
        Session {
            port: driver.port,
            id,
            engine: driver.engine,
            profile,
        }
    }

    /// Send a WebDriver command for this session; returns its `value`.
    pub fn cmd(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.id);
        command(self.port, method, &path, body)
    }

    /// Run a Chrome DevTools Protocol command in the current tab.
    pub fn cdp(&self, cmd: &str, params: Value) {
        assert_eq!(
            self.engine,
            Engine::Chromium,
            "the DevTools Protocol is Chromium's"
        );
        let body = json!({ "cmd": cmd, "params": params });
        self.cmd("POST", "/goog/cdp/execute", Some(&body));
    }

    /// A phone-sized viewport: in Chromium with mobile viewport rules and
    /// an Android UA; in WebKit and Firefox a window of that size.
    pub fn emulate_phone(&self) {
        if self.engine != Engine::Chromium {
            self.viewport(PHONE_WIDTH, PHONE_HEIGHT);
            return;
        }
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": PHONE_WIDTH,
                "height": PHONE_HEIGHT,
                "deviceScaleFactor": 2,
                "mobile": true,
            }),
        );
        self.cdp(
            "Emulation.setUserAgentOverride",
            json!({ "userAgent": ANDROID_UA }),
        );
    }

    /// Run JavaScript in the page and return its result.
    pub fn js(&self, script: &str) -> Value {
        let body = json!({ "script": script, "args": [] });
        self.cmd("POST", "/execute/sync", Some(&body))
    }

    /// Gives the page's site the device cookie `device`: this browser is
    /// then the phone that marked rolls with it before.
    pub fn set_device_cookie(&self, device: &str) {
        let cookie = json!({ "cookie": { "name": "rc_device", "value": device, "path": "/" } });
        self.cmd("POST", "/cookie", Some(&cookie));
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(&json!({ "url": url })));
        self.wait_loaded();
    }

    pub fn wait_loaded(&self) {
        wait_for("page to finish loading", || {
            (self.js("return document.readyState") == json!("complete")).then_some(())
        });
    }

    /// The WebDriver id of the one element matching `css`.
    pub fn find(&self, css: &str) -> String {
        let body = json!({ "using": "css selector", "value": css });
        let found = self.cmd("POST", "/element", Some(&body));
        found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("find {css:?}: unexpected reply {found}"))
            .to_string()
    }

    /// Click the input and type into it like a user would.
    pub fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.cmd("POST", &format!("/element/{el}/clear"), None);
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(&json!({ "text": text })),
        );
        assert_eq!(self.value_of(css), text, "typed text should land in {css}");
    }

    /// The live `value` property of the element matching `css`.
    pub fn value_of(&self, css: &str) -> String {
        let el = self.find(css);
        let value = self.cmd("GET", &format!("/element/{el}/property/value"), None);
        value.as_str().unwrap_or_default().to_string()
    }

    /// Click the real submit button and wait until the next page has loaded.
    pub fn submit(&self) {
        // Mark the current document so we can tell when it has been replaced
        // (the form posts back to the same URL).
        self.js("window.__rollcallOldPage = true");
        let button = self.find("button[type=submit]");
        self.cmd("POST", &format!("/element/{button}/click"), None);
        wait_for("the page after submitting the form", || {
            let js = "return window.__rollcallOldPage !== true && document.readyState";
            (self.js(js) == json!("complete")).then_some(())
        });
    }

    pub fn page_text(&self) -> String {
        let text = self.js("return document.body ? document.body.innerText : ''");
        text.as_str().unwrap_or_default().to_string()
    }

    /// Fits a 360 px wide phone: no sideways scrolling, thumb-sized button,
    /// inputs big enough that iOS does not zoom in on them.
    pub fn assert_phone_layout(&self) {
        let m = self.js(
            "const px = el => el ? parseFloat(getComputedStyle(el).fontSize) : -1;
             const button = document.querySelector('button[type=submit]');
             return {
               screenWidth: screen.width,
               innerWidth: window.innerWidth,
               scrollWidth: document.documentElement.scrollWidth,
               buttonHeight: button ? button.getBoundingClientRect().height : -1,
               rollFont: px(document.querySelector('input[name=roll]')),
               nameFont: px(document.querySelector('input[name=name]')),
             };",
        );
        println!("phone layout: {m}");
        let num = |key: &str| m[key].as_f64().unwrap_or(-1.0);
        let phone = f64::from(PHONE_WIDTH);
        assert_eq!(num("screenWidth"), phone, "phone emulation not active: {m}");
        assert_eq!(
            num("innerWidth"),
            phone,
            "layout viewport is not the phone width; missing \
             <meta name=viewport content=\"width=device-width\">? {m}"
        );
        assert!(num("scrollWidth") <= phone, "page scrolls sideways: {m}");
        assert!(
            num("buttonHeight") >= 44.0,
            "submit button under 44 px: {m}"
        );
        assert!(num("rollFont") >= 16.0, "roll input font under 16 px: {m}");
        assert!(num("nameFont") >= 16.0, "name input font under 16 px: {m}");
    }

    /// Save a PNG screenshot to `target/screenshots/<name>`, once the page
    /// has been painted as it is now (WebKit paints typed text a frame
    /// later).
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let painted = json!({
            "script": "var done = arguments[arguments.length - 1];
                requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); });",
            "args": [],
        });
        self.cmd("POST", "/execute/async", Some(&painted));
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().expect("screenshot is a base64 string"));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "screenshot is not a PNG"
        );
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        fs::create_dir_all(&dir).expect("create target/screenshots");
        let path = dir.join(name);
        fs::write(&path, png).expect("write screenshot");
        println!("screenshot: {}", path.display());
        path
    }

    /// Runs axe-core (WCAG 2.1 A and AA, and best practices) on the page and
    /// returns its violations, each as "rule: help (where)".
    pub fn axe_violations(&self, axe: &str) -> Vec<String> {
        self.js(&format!("{axe}\n;return true;"));
        let body = json!({
            "script": "const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values:
                  ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' +
                  v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))
                .catch(e => done(['axe failed: ' + e]));",
            "args": [],
        });
        let found = self.cmd("POST", "/execute/async", Some(&body));
        found
            .as_array()
            .map(|v| {
                v.iter()
                    .map(|s| s.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_else(|| vec![format!("axe gave no list: {found}")])
    }

    /// Sets a window size in CSS pixels (a projector, say).
    pub fn window_size(&self, width: u32, height: u32) {
        if self.engine != Engine::Chromium {
            self.viewport(width, height);
            return;
        }
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// The page's viewport made `width` x `height` CSS px through the
    /// window's size (WebKit and Firefox: their windows here have no
    /// toolbars, so the window is the viewport); checked.
    fn viewport(&self, width: u32, height: u32) {
        let rect = json!({ "width": width, "height": height });
        self.cmd("POST", "/window/rect", Some(&rect));
        let size = self.js("return [window.innerWidth, window.innerHeight]");
        assert_eq!(
            size,
            json!([width, height]),
            "{}: the viewport is not {width}x{height}",
            self.engine.name()
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.id);
        let _ = http(self.port, "DELETE", &path, None);
        // If the driver could not close it, stop any browser process still
        // using our private profile before removing the profile (only our
        // own browser ever gets this freshly made, uniquely named one).
        // WebKit's MiniBrowser has none: it ends with its display.
        let profile = self.profile.path().display();
        match self.engine {
            Engine::Chromium => {
                super::kill_processes_with_arg(&format!("--user-data-dir={profile}"))
            }
            Engine::Firefox => super::kill_processes_with_arg(&profile.to_string()),
            Engine::WebKit => {}
        }
    }
}

/// Polls `check` until it returns `Some`, panicking after [`WAIT`].
pub fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {WAIT:?} waiting for {what}"
        );
        sleep(Duration::from_millis(50));
    }
}

// ---------------------------------------------------------------------------
// Tiny HTTP/1.1 + JSON client for the WebDriver servers

/// Send a WebDriver command; panics with the driver's message on error.
fn command(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let (status, reply) =
        http(port, method, path, body).unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
    let value = reply["value"].clone();
    if status != 200 || value.get("error").is_some() {
        panic!(
            "WebDriver {method} {path} failed (HTTP {status}): {} - {}",
            value["error"], value["message"]
        );
    }
    value
}

/// One HTTP request to 127.0.0.1:`port` with a JSON body; returns the
/// status code and the parsed JSON reply.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    // Generous, but bounded: page loads are capped at 30 s by the session.
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.set_write_timeout(Some(WAIT))?;
    let payload = match (method, body) {
        (_, Some(body)) => body.to_string(),
        ("POST", None) => "{}".to_string(),
        _ => String::new(),
    };
    let request = format!(
        "{method} {path} HTTP/1.1\r\n\
         Host: 127.0.0.1:{port}\r\n\
         Connection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\n\r\n{payload}",
        payload.len()
    );
    stream.write_all(request.as_bytes())?;

    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| bad_data(format!("bad status line {line:?}")))?;
    let mut content_length = None;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut raw = Vec::new();
    match content_length {
        Some(len) => {
            raw.resize(len, 0);
            reader.read_exact(&mut raw)?;
        }
        None => {
            reader.read_to_end(&mut raw)?;
        }
    }
    let reply = if raw.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&raw).map_err(|e| bad_data(format!("bad JSON reply: {e}")))?
    };
    Ok((status, reply))
}

fn bad_data(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

// ---------------------------------------------------------------------------
// Small utilities

/// Standard base64 (RFC 4648, with padding) to bytes; ignores whitespace.
pub fn base64_decode(text: &str) -> Vec<u8> {
    fn sextet(c: u8) -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("invalid base64 character {:?}", c as char),
        }
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        acc = (acc << 6) | sextet(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
