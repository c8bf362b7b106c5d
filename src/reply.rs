//! The HTTP vocabulary the handlers share: a response under construction
//! (`Reply`), and the few things read from a request (a header, a form body).

use crate::form;
use crate::pages;
use std::io::{Cursor, Read};
use tiny_http::{Header, Request, Response, StatusCode};

/// The largest form body accepted. A real check-in is under 1 KiB.
pub const BODY_LIMIT: usize = 8 * 1024;

/// The Content-Security-Policy of the student pages: only our one script
/// (`clock.js`) runs, nothing loads from elsewhere, forms post only back
/// here.
const STUDENT_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A response under construction.
pub struct Reply {
    pub status: u16,
    body: Vec<u8>,
    headers: Vec<Header>,
}

impl Reply {
    /// An HTML page with the headers every page gets.
    pub fn html(status: u16, html: String) -> Reply {
        Reply::bytes(status, "text/html; charset=utf-8", html.into_bytes())
            .with_header("Content-Security-Policy", STUDENT_CSP)
    }

    /// Any other body, e.g. JSON, a script or a CSV file.
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            body,
            headers: Vec::new(),
        }
        .with_header("Content-Type", content_type)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Referrer-Policy", "no-referrer")
    }

    /// A page with a heading and one sentence: errors and 404s.
    pub fn message(status: u16, heading: &str, text: &str) -> Reply {
        Reply::html(status, pages::message(heading, text))
    }

    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// "See other": after a teacher's action, back to the page (a reload
    /// then does not post the action again).
    pub fn redirect(to: &str) -> Reply {
        Reply::empty(303).with_header("Location", to)
    }

    /// Adds a header, replacing one of the same name for the headers
    /// `bytes` set. Values are ASCII we built (cookies are percent-encoded),
    /// so a refused header is a bug to skip, not to crash on.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            if name != "Set-Cookie" {
                self.headers
                    .retain(|old| !old.field.as_str().eq_ignore_ascii_case(name));
            }
            self.headers.push(h);
        }
        self
    }
}

impl From<Reply> for Response<Cursor<Vec<u8>>> {
    fn from(page: Reply) -> Self {
        let mut response = Response::from_data(page.body).with_status_code(StatusCode(page.status));
        for h in page.headers {
            response.add_header(h);
        }
        response
    }
}

/// The value of a request header, if present.
pub fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
}

/// The path of the request, without its query.
pub fn path(request: &Request) -> &str {
    request.url().split('?').next().unwrap_or("")
}

/// The decoded fields of the request's query string (empty if it has none
/// or it is malformed: a query only ever pre-fills).
pub fn query(request: &Request) -> Vec<(String, String)> {
    match request.url().split_once('?') {
        Some((_, q)) => form::decode(q.as_bytes()).unwrap_or_default(),
        None => Vec::new(),
    }
}

/// Checks the content type and size and reads and decodes a form body, or
/// returns the page that refuses it. Nothing is read of a body declared too
/// large.
pub fn read_form(request: &mut Request) -> Result<Vec<(String, String)>, Reply> {
    let content_type = header(request, "Content-Type").unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(Reply::message(
            415,
            "Wrong kind of data",
            "This page only takes the check-in form. Please use the form on the front page.",
        ));
    }
    let too_large = || {
        Reply::message(
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
        Err(_) => Err(Reply::message(
            400,
            "Could not read that",
            "The check-in did not arrive whole. Please try again.",
        )),
        Ok(_) if body.len() > BODY_LIMIT => Err(too_large()),
        Ok(_) => form::decode(&body).map_err(|e| {
            Reply::message(
                400,
                "Could not read that",
                &format!("The check-in could not be read ({e}). Please go back and try again."),
            )
        }),
    }
}
