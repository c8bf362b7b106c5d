//! What a student's phone asks for: the check-in form and the check-in.

use crate::class::{Class, Saved};
use crate::form;
use crate::pages::{self, FormView};
use crate::register::Outcome;
use crate::reply::{self, Page};
use crate::session::{Mode, Refusal};
use crate::validate;
use tiny_http::Request;

/// How long a phone remembers its roll and name: a school year.
const COOKIE_MAX_AGE: u32 = 366 * 24 * 60 * 60;

/// `GET /`: the form, with the phone's last roll and name filled in (one tap
/// for a returning student) and the code from a scanned QR link.
pub fn form(class: &Class, request: &Request) -> Page {
    let now = class.now();
    let (open, mode) = {
        let mut session = class.session();
        let status = session.status(now);
        (status.open, status.mode)
    };
    if !open {
        return closed();
    }
    let cookies = reply::header(request, "Cookie").unwrap_or_default();
    let roll = form::cookie(&cookies, "rc_roll").unwrap_or_default();
    let name = form::cookie(&cookies, "rc_name").unwrap_or_default();
    let query = reply::query(request);
    let code = form::field(&query, "code").unwrap_or("");
    let view = FormView {
        roll: &roll,
        name: &name,
        code: (mode != Mode::Off).then_some(code),
        ..FormView::default()
    };
    Page::html(200, pages::form(now.date(), &view))
}

/// `POST /`: a check-in. Refused, with nothing written, when check-in is
/// closed, a field is wrong or the code is not the one on the screen.
pub fn check_in(class: &Class, request: &mut Request) -> Page {
    let pairs = match reply::read_form(request) {
        Ok(pairs) => pairs,
        Err(page) => return page,
    };
    let roll = form::field(&pairs, "roll").unwrap_or("");
    let name = form::field(&pairs, "name").unwrap_or("");
    let code = form::field(&pairs, "code").unwrap_or("");
    let now = class.now();
    let (admitted, mode) = {
        let mut session = class.session();
        (session.admit(code, now), session.status(now).mode)
    };
    if admitted == Err(Refusal::Closed) {
        return closed();
    }
    let code_error = admitted.err().map(Refusal::message);
    let student = match (validate::student(roll, name), code_error) {
        (Ok(student), None) => student,
        (checked, code_error) => {
            let view = FormView {
                roll,
                name,
                errors: checked.err().unwrap_or_default(),
                // A refused code is cleared: the next one must be read afresh.
                code: (mode != Mode::Off).then(|| if code_error.is_some() { "" } else { code }),
                code_error,
                notice: None,
            };
            return Page::html(422, pages::form(now.date(), &view));
        }
    };

    let Saved { now, result } = class.save(student);
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
                code: (mode != Mode::Off).then_some(code),
                notice: Some("Could not save — tell your teacher. You are NOT marked yet."),
                ..FormView::default()
            };
            Page::html(500, pages::form(now.date(), &view))
        }
    }
}

/// What a student sees while check-in is closed.
fn closed() -> Page {
    Page::message(
        403,
        "Attendance is closed",
        "Check-in is not open right now. If you are in class, tell your teacher.",
    )
}
