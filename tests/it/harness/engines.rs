//! The browser engines the pages meet, and what each needs to be driven
//! through its W3C WebDriver server (`webdriver.rs` speaks the protocol):
//!
//! - Chromium (the Blink of Android's Chrome and Samsung Internet), headless,
//!   through chromedriver;
//! - WebKit (Safari, and every browser on an iPhone), as WebKitGTK's
//!   MiniBrowser through `WebKitWebDriver`, on a virtual display (Xvfb);
//! - Firefox ESR (the teacher's laptop), headless, through geckodriver
//!   (`cargo install geckodriver`).
//!
//! Each is started for a screen: a phone's (360x740 CSS px) or a
//! projector's. Chromium takes its size and language per page through the
//! DevTools Protocol; WebKit and Firefox take a window of that size, and
//! the phone's language when the browser starts (Firefox as a preference,
//! WebKit from its process's locale, made for the test with `localedef`).

use super::TempDir;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
const XVFB: &str = "/usr/bin/Xvfb";
const LOCALEDEF: &str = "/usr/bin/localedef";
/// The `locales` package's sources, from which `localedef` makes a locale.
const LOCALE_SOURCES: &str = "/usr/share/i18n/locales";

/// How every test starts Chromium: headless, and quiet on a machine with no
/// internet (without the background-networking flags its connections are
/// refused, many at a time). Chromium runs as root here, so it needs
/// `--no-sandbox`.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
];

/// Firefox with nothing of its own in the way of a 360 px window: its
/// window's minimum width (500 px) lifted by the profile's `userChrome.css`.
/// `-kiosk` leaves out the toolbars, so the window is all page.
const FIREFOX_CHROME_CSS: &str =
    ":root, #main-window, window { min-width: 0 !important; min-height: 0 !important; }\n";

/// A browser engine, as the tests drive it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    WebKit,
    Firefox,
}

/// A screen in CSS pixels, its device pixels to each CSS pixel (a phone's
/// 2), and the language its browser asks for (`Accept-Language`), if not
/// the machine's.
#[derive(Clone, Debug)]
pub struct Screen {
    pub width: u32,
    pub height: u32,
    pub scale: u32,
    pub language: Option<String>,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "Chromium",
            Engine::WebKit => "WebKit",
            Engine::Firefox => "Firefox ESR",
        }
    }

    /// The start of its screenshots' names: `webkit-student-form.png`.
    pub fn tag(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::WebKit => "webkit",
            Engine::Firefox => "firefox",
        }
    }

    /// Why this engine's tests do not apply here (the Windows suite, where
    /// the pages are the same bytes), or, when a tool is missing, a panic
    /// saying which and how to install it: the browser tests are
    /// `#[ignore]`d unless asked for, and asked for they never pass
    /// silently.
    pub fn reason_to_skip(self) -> Option<String> {
        if super::under_launcher() {
            return Some(
                "ROLLCALL_LAUNCH is set (Windows suite); the pages are the same bytes, tested on Linux"
                    .into(),
            );
        }
        for (tool, install) in self.tools() {
            if !tool.exists() {
                let reason = format!("{} not found ({install})", tool.display());
                return required_or(reason);
            }
        }
        None
    }

    /// What the engine's tests run, and how each is installed.
    fn tools(self) -> Vec<(PathBuf, &'static str)> {
        match self {
            Engine::Chromium => vec![
                (
                    CHROMIUM.into(),
                    "install Debian packages chromium and chromium-driver",
                ),
                (
                    CHROMEDRIVER.into(),
                    "install Debian packages chromium and chromium-driver",
                ),
            ],
            Engine::WebKit => vec![
                (
                    WEBKIT_DRIVER.into(),
                    "install Debian package webkit2gtk-driver",
                ),
                (
                    MINIBROWSER.into(),
                    "install Debian package webkit2gtk-driver",
                ),
                (XVFB.into(), "install Debian package xvfb"),
                (LOCALEDEF.into(), "install Debian package libc-bin"),
                (
                    Path::new(LOCALE_SOURCES).join("ta_IN"),
                    "install Debian package locales",
                ),
            ],
            Engine::Firefox => vec![
                (FIREFOX.into(), "install Debian package firefox-esr"),
                (
                    geckodriver(),
                    "cargo install --locked geckodriver@0.37.1, or set ROLLCALL_GECKODRIVER",
                ),
            ],
        }
    }

    /// The engine's WebDriver server on `port`, for `screen`; `setup`
    /// holds what it needs beside it (a display, a locale) until it stops.
    pub(super) fn driver(self, port: u16, screen: &Screen, setup: &mut Setup) -> Command {
        let mut cmd = match self {
            Engine::Chromium => {
                assert!(
                    screen.language.is_none(),
                    "Chromium takes the phone's language per page (Session::cdp, see language.rs)"
                );
                let mut cmd = Command::new(CHROMEDRIVER);
                cmd.arg(format!("--port={port}"));
                cmd
            }
            Engine::WebKit => {
                let scale = screen.scale;
                let display = Display::start(screen.width * scale, screen.height * scale);
                let mut cmd = Command::new(WEBKIT_DRIVER);
                cmd.arg(format!("--port={port}"))
                    .env("DISPLAY", format!(":{}", display.number))
                    .env("GDK_SCALE", scale.to_string());
                setup.display = Some(display);
                if let Some(language) = &screen.language {
                    let (dir, name) = make_locale(language);
                    cmd.env("LOCPATH", dir.path())
                        .env("LC_ALL", &name)
                        .env("LANG", &name)
                        .env_remove("LANGUAGE");
                    setup.locale = Some(dir);
                }
                cmd
            }
            Engine::Firefox => {
                let mut cmd = Command::new(geckodriver());
                cmd.args(["--port", &port.to_string(), "--host", "127.0.0.1"])
                    // Headless Firefox's screen, in device pixels.
                    .env(
                        "MOZ_HEADLESS_WIDTH",
                        (screen.width * screen.scale).to_string(),
                    )
                    .env(
                        "MOZ_HEADLESS_HEIGHT",
                        (screen.height * screen.scale).to_string(),
                    );
                cmd
            }
        };
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    /// The new session's capabilities: the browser in `profile` (a folder
    /// of the test's own), for `screen` (Firefox takes its scale and
    /// language here; WebKit took them with its driver).
    pub(super) fn capabilities(self, profile: &Path, screen: &Screen) -> Value {
        let timeouts = json!({ "pageLoad": 30_000, "script": 10_000, "implicit": 0 });
        match self {
            Engine::Chromium => json!({
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": CHROMIUM_ARGS
                        .iter()
                        .map(|a| a.to_string())
                        .chain([format!("--user-data-dir={}", profile.display())])
                        .collect::<Vec<String>>(),
                },
                "timeouts": timeouts,
            }),
            Engine::WebKit => json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {
                    "binary": MINIBROWSER,
                    // Full screen leaves out the toolbar, whose buttons
                    // would hold the window at 447 px or wider.
                    "args": ["--automation", "--full-screen"],
                },
                "timeouts": timeouts,
            }),
            Engine::Firefox => {
                let chrome = profile.join("chrome");
                std::fs::create_dir_all(&chrome).expect("create the Firefox profile's chrome/");
                std::fs::write(chrome.join("userChrome.css"), FIREFOX_CHROME_CSS)
                    .expect("write userChrome.css");
                let mut prefs = json!({
                    "toolkit.legacyUserProfileCustomizations.stylesheets": true,
                    // Nothing dialled out on a closed network.
                    "app.update.enabled": false,
                    "browser.safebrowsing.malware.enabled": false,
                    "browser.safebrowsing.phishing.enabled": false,
                    "network.captive-portal-service.enabled": false,
                    "network.connectivity-service.enabled": false,
                    "datareporting.policy.dataSubmissionEnabled": false,
                });
                if let Some(language) = &screen.language {
                    prefs["intl.accept_languages"] = json!(language);
                }
                if screen.scale != 1 {
                    prefs["layout.css.devPixelsPerPx"] = json!(format!("{}.0", screen.scale));
                }
                json!({
                    "browserName": "firefox",
                    "moz:firefoxOptions": {
                        "binary": FIREFOX,
                        "args": ["-headless", "-kiosk", "-profile", profile.display().to_string()],
                        "prefs": prefs,
                    },
                    "timeouts": timeouts,
                })
            }
        }
    }
}

/// What a driver needs beside it while it runs: the virtual display it
/// draws on, the locale its browser speaks. Dropped after the driver.
#[derive(Default)]
pub struct Setup {
    display: Option<Display>,
    locale: Option<TempDir>,
}

/// A browser test was asked for (they are `#[ignore]`d unless run with
/// `--include-ignored`) but cannot run here: it fails, saying why. Never a
/// silent pass.
pub fn required_or(reason: String) -> Option<String> {
    panic!("this test needs a browser, and {reason}");
}

/// geckodriver: `ROLLCALL_GECKODRIVER`, else the first on `PATH`, else
/// where `cargo install` puts it.
pub fn geckodriver() -> PathBuf {
    if let Some(path) = std::env::var_os("ROLLCALL_GECKODRIVER").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    on_path
        .into_iter()
        .chain(cargo_home.map(|home| home.join("bin")))
        .map(|dir| dir.join("geckodriver"))
        .find(|exe| exe.is_file())
        .unwrap_or_else(|| PathBuf::from("geckodriver (on PATH or in ~/.cargo/bin)"))
}

/// A virtual X display (Xvfb) on a free display number, stopped on drop;
/// what runs on it (MiniBrowser) ends with it.
struct Display {
    child: Child,
    number: u32,
}

impl Display {
    fn start(width: u32, height: u32) -> Display {
        use std::io::{BufRead, BufReader};
        // -displayfd: Xvfb picks a free display and writes its number.
        let mut child = Command::new(XVFB)
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {XVFB}: {e}"));
        let mut line = String::new();
        let out = child.stdout.take().expect("Xvfb's stdout");
        let _ = BufReader::new(out).read_line(&mut line);
        match line.trim().parse() {
            Ok(number) => Display { child, number },
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("Xvfb gave no display number ({line:?})");
            }
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The glibc locale for a language tag ("ta-IN" is `ta_IN.UTF-8`), made
/// with `localedef` in a folder of the test's own (for `LOCPATH`): nothing
/// of the machine's is changed. WebKitGTK's `Accept-Language` comes from it.
fn make_locale(language: &str) -> (TempDir, String) {
    let base = language.replace('-', "_");
    let name = format!("{base}.UTF-8");
    let dir = TempDir::new();
    let out = Command::new(LOCALEDEF)
        .args(["-i", &base, "-f", "UTF-8"])
        .arg(dir.path().join(&name))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {LOCALEDEF}: {e}"));
    // localedef warns (exit 1) about things a test does not need; the
    // locale is made all the same.
    assert!(
        dir.path().join(&name).join("LC_CTYPE").exists(),
        "localedef made no {name} ({}): is Debian's locales package installed?",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, name)
}
