//! One phone checking in, as its browser does: `GET /` with no cookies
//! yet, the form read, `POST` of the form with roll and name typed and every
//! hidden field as it came, with the cookies the server set. Only the POST
//! is timed, from its first byte sent to its whole answer read.

use crate::form::{self, Typed};
use crate::http::{Answer, Conn};
use std::net::Ipv4Addr;
use std::time::Instant;

/// How the class comes to the server.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Every phone from 127.0.0.1, each keeping its connection open after
    /// its check-in (a GET after it, then held until the class is done).
    Kept,
    /// Each phone from its own address (127.10.x.y), on a connection of its
    /// own, closed after the answer.
    Arriving,
}

/// What one phone asks.
pub struct Ask<'a> {
    pub port: u16,
    pub roll: usize,
    /// Its own address (`Way::Arriving`), or none (127.0.0.1).
    pub from: Option<Ipv4Addr>,
    pub way: Way,
    /// A GET where the POST was: the same traffic, nothing saved.
    pub peer: bool,
    pub code: Option<&'a str>,
}

/// What became of one phone.
pub struct Visit {
    pub roll: usize,
    /// The timed request, in milliseconds.
    pub ms: f64,
    /// The `GET /` before it (from its first byte to its whole answer).
    pub form_ms: f64,
    /// The whole visit, from connecting to the check-in's answer (kept-alive:
    /// to the `GET /` after it).
    pub visit_ms: f64,
    /// When its answer was read, since the class began, in seconds.
    pub done_at: f64,
    /// Answered 200 and "Present" (for the peer run: answered 200).
    pub acknowledged: bool,
    /// Otherwise: what it was answered.
    pub refusal: Option<String>,
    pub connections: usize,
}

/// The phone's cookies, none at first.
#[derive(Default)]
struct Jar(Vec<(String, String)>);

impl Jar {
    /// Keeps what each `Set-Cookie` of `answer` sets.
    fn take(&mut self, answer: &Answer) {
        for header in answer.all("set-cookie") {
            let pair = header.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                let name = name.trim().to_string();
                self.0.retain(|(n, _)| *n != name);
                self.0.push((name, value.trim().to_string()));
            }
        }
    }

    /// The `Cookie:` header line, if there are any.
    fn header(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let pairs: Vec<String> = self.0.iter().map(|(n, v)| format!("{n}={v}")).collect();
        format!("Cookie: {}\r\n", pairs.join("; "))
    }
}

/// A request as a phone's browser sends it.
fn request(ask: &Ask<'_>, method: &str, path: &str, jar: &Jar, body: &str) -> Vec<u8> {
    let host = format!("127.0.0.1:{}", ask.port);
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n\
         User-Agent: Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36\r\n\
         Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\nAccept-Language: en-IN,en;q=0.9\r\n{}",
        jar.header()
    );
    if method == "POST" {
        head.push_str(&format!(
            "Origin: http://{host}\r\nReferer: http://{host}/\r\nSec-Fetch-Site: same-origin\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    head.push_str(body);
    head.into_bytes()
}

/// The phone's visit; for `Way::Kept`, with the connection to hold open.
pub fn visit(ask: &Ask<'_>, class_start: Instant) -> Result<(Visit, Option<Conn>), String> {
    let mut conn = Conn::new(ask.port, ask.from);
    let mut jar = Jar::default();
    let get = |jar: &Jar| request(ask, "GET", "/", jar, "");
    let began = Instant::now();
    conn.open().map_err(|e| format!("connecting: {e}"))?;
    let asked = Instant::now();
    let page = conn
        .request(&get(&jar))
        .map_err(|e| format!("GET /: {e}"))?;
    let form_ms = asked.elapsed().as_secs_f64() * 1000.0;
    if page.status != 200 {
        return Err(format!("GET / answered {}", page.status));
    }
    jar.take(&page);
    let form = form::parse(&page.body)?;
    let roll = ask.roll.to_string();
    let typed = Typed {
        roll: &roll,
        name: "Student",
        code: ask.code,
    };
    let body = form::body(&form, &typed)?;
    let timed = if ask.peer {
        get(&jar)
    } else {
        request(ask, "POST", &form.action, &jar, &body)
    };
    conn.open().map_err(|e| format!("connecting again: {e}"))?;
    let start = Instant::now();
    let answer = conn.request(&timed).map_err(|e| format!("POST: {e}"))?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let done_at = class_start.elapsed().as_secs_f64();
    jar.take(&answer);
    let acknowledged = answer.status == 200 && (ask.peer || answer.body.contains("Present"));
    let refusal = (!acknowledged).then(|| refusal(&answer));
    if ask.way == Way::Kept {
        conn.request(&get(&jar))
            .map_err(|e| format!("GET / after: {e}"))?;
    }
    let visit = Visit {
        roll: ask.roll,
        ms,
        form_ms,
        visit_ms: began.elapsed().as_secs_f64() * 1000.0,
        done_at,
        acknowledged,
        refusal,
        connections: conn.opened,
    };
    Ok((visit, (ask.way == Way::Kept).then_some(conn)))
}

/// An answer that was not "Present", in a few words: its status and title.
fn refusal(answer: &Answer) -> String {
    let title = answer
        .body
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or("");
    format!("{} {}", answer.status, title.trim())
}
