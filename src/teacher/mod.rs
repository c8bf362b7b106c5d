//! The teacher's screen: `/teacher` and everything under it, answered only
//! to the laptop itself (see `access`). Actions are POSTs from the page that
//! must carry the run's secret, so a form on another site cannot post one.

mod access;
mod actions;
mod checks;
mod desk;
mod done;
mod mark;
mod page;
mod parts;
mod snapshot;
mod status;
mod undo;

pub use desk::Desk;

pub use access::is_teacher;

use crate::class::Class;
use crate::register;
use crate::reply::{self, Reply};
use crate::report;
use snapshot::Snapshot;
use std::fs;
use std::path::Path;
use tiny_http::{Method, Request};

const SCRIPT: &str = include_str!("../../www/teacher.js");

/// The Content-Security-Policy of the teacher's pages: our own script and
/// polling, nothing from elsewhere.
const CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Answers a request for `/teacher` or below.
pub fn route(class: &Class, desk: &Desk, request: &mut Request) -> Reply {
    let own = class.join.networks.ips();
    let peer = request.remote_addr().map(|a| a.ip());
    let host = reply::header(request, "Host");
    if !peer.map_or(false, |p| is_teacher(p, host.as_deref(), &own)) {
        return Reply::message(
            403,
            "Only on the teacher's laptop",
            "This page opens only on the laptop running rollcall. To check in, open the front page.",
        );
    }
    let path = reply::path(request).to_string();
    let get = matches!(request.method(), Method::Get | Method::Head);
    let post = *request.method() == Method::Post;
    let page = match path.as_str() {
        "/teacher" | "/teacher/" if get => {
            screen_showing(class, desk, None, 200, Shown::asked(request))
        }
        // What the page's script asks before a button's form goes: is
        // rollcall answering, and is it still the run the page was drawn by?
        "/teacher/ping" if get => Reply::bytes(
            200,
            "text/plain; charset=utf-8",
            desk.run.clone().into_bytes(),
        ),
        "/teacher/status.json" if get => json(status::json(&Snapshot::take(class, desk))),
        "/teacher/parts.json" if get => {
            json(parts::json(&Snapshot::take(class, desk), &class.secret))
        }
        "/teacher/qr.svg" if get => Reply::bytes(
            200,
            "image/svg+xml",
            page::qr_code(&Snapshot::take(class, desk)).into_bytes(),
        ),
        "/teacher/app.js" if get => Reply::bytes(
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes().to_vec(),
        ),
        "/teacher/register.csv" if get => register(class, desk),
        "/teacher/register.html" if get => register_page(class, desk),
        p if get && p.starts_with("/teacher/files/") => {
            download(class, &p["/teacher/files/".len()..])
        }
        p if post => {
            let action = p.trim_start_matches("/teacher/");
            actions::act(class, desk, request, action)
        }
        _ => Reply::message(404, "Reply not found", "There is nothing at this address."),
    };
    page.with_header("Content-Security-Policy", CSP)
}

/// What the teacher's last visit asked to be open.
#[derive(Default)]
struct Shown {
    /// The names of the absent.
    absent: bool,
    /// The whole class's view.
    class: bool,
}

impl Shown {
    /// `?absent=show`: the names of the absent shown, for a browser
    /// without scripts, whose page reloads itself every 5 s;
    /// `?class=show`: the whole class's view open (and no reload).
    fn asked(request: &Request) -> Shown {
        let query = reply::query(request);
        let show = |what: &str| query.iter().any(|(k, v)| k == what && v == "show");
        Shown {
            absent: show("absent"),
            class: show("class"),
        }
    }
}

/// The whole screen, with `notice` (or the last action's words).
fn screen(class: &Class, desk: &Desk, notice: Option<&str>, status: u16) -> Reply {
    screen_showing(class, desk, notice, status, Shown::default())
}

/// The whole screen, with what `shown` asks open.
fn screen_showing(
    class: &Class,
    desk: &Desk,
    notice: Option<&str>,
    status: u16,
    shown: Shown,
) -> Reply {
    let s = Snapshot::take(class, desk);
    let flash = desk.take_flash().unwrap_or_default();
    let notice = notice.or(Some(flash.notice.as_str()).filter(|n| !n.is_empty()));
    let (dir, date) = (class.folder.clone(), class.register().date());
    let folder = crate::banner::absolute(&dir).display().to_string();
    page_html(
        status,
        page::render(
            &s,
            &page::Extras {
                date,
                secret: &class.secret,
                folder: &folder,
                files: &attendance_files(&dir),
                notice,
                typed: (&flash.roll, &flash.name),
                show_absent: shown.absent,
                show_class: shown.class,
            },
        ),
    )
}

fn page_html(status: u16, html: String) -> Reply {
    Reply::bytes(status, "text/html; charset=utf-8", html.into_bytes())
}

fn json(text: String) -> Reply {
    Reply::bytes(200, "application/json; charset=utf-8", text.into_bytes())
}

/// The day files in the attendance folder, newest first.
fn attendance_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| is_day_file_name(n))
                .collect()
        })
        .unwrap_or_default();
    names.sort_unstable_by(|a, b| b.cmp(a));
    names
}

/// `attendance_YYYY-MM-DD.csv` and nothing else: the only names a download
/// may ask for, so no path can climb out of the folder.
fn is_day_file_name(name: &str) -> bool {
    register::date_of_file(name).map_or(false, |date| register::day_file_name(date) == name)
}

/// `GET /teacher/files/NAME`: a day's file, as a download.
fn download(class: &Class, name: &str) -> Reply {
    let missing = || {
        Reply::message(
            404,
            "No such file",
            "There is no attendance file by that name.",
        )
    };
    if !is_day_file_name(name) {
        return missing();
    }
    let path = class.folder.join(name);
    match crate::register::read_file(&path) {
        Ok(bytes) => Reply::bytes(200, "text/csv; charset=utf-8", bytes).with_header(
            "Content-Disposition",
            &format!("attachment; filename=\"{name}\""),
        ),
        Err(_) => missing(),
    }
}

/// `GET /teacher/register.csv`: this month's register, built now from the
/// day files (as `rollcall report` would), so it is never out of date.
fn register(class: &Class, desk: &Desk) -> Reply {
    let (folder, to) = (class.folder.clone(), class.register().date());
    let from = report::month_start(to);
    match report::build(&folder, class.roster.as_ref(), from, to) {
        Ok(built) => Reply::bytes(200, "text/csv; charset=utf-8", built.to_csv_bytes())
            .with_header(
                "Content-Disposition",
                &format!("attachment; filename=\"{}\"", report::file_name(from, to)),
            ),
        Err(e) => screen(class, desk, Some(&format!("No register yet: {e}")), 404),
    }
}

/// `GET /teacher/register.html`: this month's register as the page to
/// print (A4 landscape), built now from the day files as `rollcall report
/// --html` builds it.
fn register_page(class: &Class, desk: &Desk) -> Reply {
    let (folder, today) = {
        let register = class.register();
        (register.dir().to_path_buf(), register.date())
    };
    let print = report::Print {
        class: class.name.as_deref(),
        threshold: class.threshold,
        ..report::Print::default()
    };
    match report::month_page(&folder, class.roster.as_ref(), today, &print) {
        Ok(html) => page_html(200, html),
        Err(e) => screen(class, desk, Some(&format!("No register yet: {e}")), 404),
    }
}
