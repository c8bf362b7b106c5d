//! What a student's phone asks for: the check-in form and the check-in.
//!
//! Here the form is read and the answer written; whether an attempt may go
//! on, and if not what the student is told and what the audit trail says,
//! is the guards' to decide (`Guards::door`: the per-minute limit, the
//! network rule, the session, the fields; then, while it is saved, the
//! phone rules). Every attempt that gets as far as a POST leaves a line in
//! the audit trail. Every page is in the language the phone asks for
//! (`Lang::asked`): what to say arrives here as a key, and is put into
//! words here and in `pages`.

use crate::checkin::{Answer, Attempt, CheckIns, Handled};
use crate::class::Class;
use crate::form;
use crate::guards::{rules, site, Detail, Door, Knock, Origin, Refusal, Shown, Turned};
use crate::lang::Lang;
use crate::pages::{self, FormView, Record};
use crate::random;
use crate::register::audit::{self, Entry};
use crate::register::{Mark, Outcome, Sender};
use crate::reply::{self, Reply};
use crate::session::{self, Mode};
use crate::validate;
use chrono::NaiveDateTime;
use std::net::IpAddr;
use tiny_http::Request;

/// How long a phone remembers its roll, name and device: a school year.
const COOKIE_MAX_AGE: u32 = 366 * 24 * 60 * 60;

/// A cookie the phone keeps for the school year, out of scripts' reach.
fn cookie(key: &str, value: &str) -> String {
    format!(
        "{key}={}; Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax; HttpOnly",
        form::encode_component(value)
    )
}

/// The phone's address, machine and device cookie; a phone without one,
/// or with one that checked in from another machine (copied), gets a new
/// random one (`true`: set it on the reply).
fn origin(class: &Class, request: &Request) -> (Origin, bool) {
    let ip = request
        .remote_addr()
        .map_or(IpAddr::from([0u8, 0, 0, 0]), |a| a.ip());
    let cookies = reply::header(request, "Cookie").unwrap_or_default();
    let mut origin = Origin {
        ip,
        device: String::new(),
        machine: class.machine(ip),
    };
    match form::cookie(&cookies, "rc_device").filter(|d| is_device_token(d)) {
        Some(device) => {
            origin.device = device;
            // (Yesterday's phones are forgotten at today's first check-in.)
            let copied = class.guards().copied(&origin, random::token);
            match copied {
                Some(fresh) => origin.device = fresh,
                None => return (origin, false),
            }
        }
        None => origin.device = random::token(),
    }
    (origin, true)
}

/// 32 hexadecimal digits, as `random::token` makes; anything else a phone
/// sends is not ours and is replaced.
fn is_device_token(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `GET /`: the form, with the phone's last roll and name filled in (one tap
/// for a returning student) and the code from a scanned QR link.
pub fn form(class: &Class, request: &Request) -> Reply {
    let lang = asked(request);
    let now = class.now();
    let (origin, new_device) = origin(class, request);
    // Only the classroom's networks: not a VPN's or a virtual machine's,
    // whose peers are not in the room (see `network::Kind`).
    let own = class.join.networks.classroom();
    let door = {
        let mut guards = class.guards();
        let door = guards.door_to_form(&origin, &own);
        door.map(|()| guards.ticket_for(origin.machine))
    };
    let ticket = match door {
        Ok(ticket) => ticket,
        Err(refusal) => return refused(lang, &refusal),
    };
    let (open, mode) = {
        let mut session = class.session();
        let status = session.status(now);
        (status.open, status.mode)
    };
    if !open {
        return refused(lang, &Refusal::new(&rules::open::CLOSED));
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
        ticket: &ticket,
        ..FormView::default()
    };
    let page = page(lang, 200, pages::form(lang, now.date(), &view));
    if new_device {
        page.with_header("Set-Cookie", &cookie("rc_device", &origin.device))
    } else {
        page
    }
}

/// `POST /`: a check-in. Refused, with nothing written but its audit line,
/// from another site, from another network, after too many refusals in a
/// minute, while check-in is closed, with a wrong field or code, or by the
/// rules as it is saved.
pub fn check_in(class: &Class, check_ins: &CheckIns, request: &mut Request) -> Reply {
    let lang = asked(request);
    if let Err(refusal) = from_this_site(class, request) {
        return refused(lang, &refusal);
    }
    let (origin, new_device) = origin(class, request);
    // The limits count a phone by the cookie it sent: one that sent none
    // (or a copied one) is the "no cookie" phone, however many new ones it
    // is given.
    let sent = if new_device {
        ""
    } else {
        origin.device.as_str()
    };
    let pairs = match reply::read_form(request) {
        Ok(pairs) => pairs,
        Err(page) => return page,
    };
    let field = |name: &str| form::field(&pairs, name).unwrap_or("");
    let sent_form = Sent {
        roll: field("roll"),
        name: field("name"),
        code: field("code"),
        ticket: field("ticket"),
        origin: &origin,
        cookie: sent,
        lang,
    };
    let page = check_in_from(class, check_ins, &sent_form, field("phone_time"));
    if new_device {
        page.with_header("Set-Cookie", &cookie("rc_device", &origin.device))
    } else {
        page
    }
}

/// A check-in as sent: asks the door, then saves it or says why not.
fn check_in_from(class: &Class, check_ins: &CheckIns, sent: &Sent<'_>, phone_time: &str) -> Reply {
    // Only the classroom's networks: not a VPN's or a virtual machine's,
    // whose peers are not in the room (see `network::Kind`).
    let own = class.join.networks.classroom();
    let knock = Knock {
        origin: sent.origin,
        sent: sent.cookie,
        roll: sent.roll,
        name: sent.name,
        code: sent.code,
        ticket: sent.ticket,
        roster: class.roster.as_ref(),
        own: &own,
        now: class.now(),
    };
    let (door, mode) = class.door(&knock);
    let (student, typed) = match door {
        Door::Pass { student, typed } => (student, typed),
        Door::Turned(turned) => return turned_away(class, sent, turned, &mode, knock.now),
    };
    let attempt = Attempt {
        student,
        origin: sent.origin.clone(),
        sent: sent.cookie.to_string(),
        typed: typed.clone(),
    };
    let shown = typed;
    let Handled { now, answer } = check_ins.save(class, attempt);
    if let Answer::Saved(Outcome::Marked(_)) = &answer {
        // Compared with the laptop's by the class's watcher, not here
        // (`Class::tell_phone_clocks`).
        class
            .phone_clocks
            .note(sent.origin.machine, phone_time, now);
    }
    answer_saved(class, sent, &mode, (answer, shown), now)
}

/// A check-in form as it came, and from where.
struct Sent<'a> {
    roll: &'a str,
    name: &'a str,
    code: &'a str,
    /// The form's ticket ("" for none).
    ticket: &'a str,
    origin: &'a Origin,
    /// The device cookie the phone sent ("" for none).
    cookie: &'a str,
    /// The language the phone asked for.
    lang: Lang,
}

impl Sent<'_> {
    /// The form again, with what was typed and a fresh `ticket`, for a
    /// refusal.
    fn view<'a>(&'a self, mode: &Mode, ticket: &'a str) -> FormView<'a> {
        FormView {
            roll: self.roll,
            name: self.name,
            code: (*mode != Mode::Off).then_some(self.code),
            ticket,
            ..FormView::default()
        }
    }
}

/// A fresh ticket for the form sent back to the phone `sent` came from.
fn fresh_ticket(class: &Class, sent: &Sent<'_>) -> String {
    class.guards().ticket_for(sent.origin.machine)
}

/// The answer for a check-in the door turned away, written down first
/// unless the door says not (past a limit, one line a minute).
fn turned_away(
    class: &Class,
    sent: &Sent<'_>,
    turned: Turned,
    mode: &Mode,
    now: NaiveDateTime,
) -> Reply {
    let refusal = &turned.refusal;
    if refusal.is_written() {
        let o = sent.origin;
        let sender = Sender::Phone {
            ip: o.ip,
            device: &o.device,
        };
        let typed = (sent.roll.trim(), sent.name.trim());
        let line = Entry::new(now, &sender, typed, audit::REFUSED, &refusal.to_string());
        class.write_down(&[line]);
    }
    if turned.longer {
        warn!("\n  ** {}\n", session::LONGER);
    }
    told(class, sent, refusal, mode, now)
}

/// What a student turned away is told: a page of its own, or the form
/// again (422) with what was typed, a fresh ticket and the words beside the
/// field (or above the form).
fn told(
    class: &Class,
    sent: &Sent<'_>,
    refusal: &Refusal,
    mode: &Mode,
    now: NaiveDateTime,
) -> Reply {
    let lang = sent.lang;
    if refusal.kind.shown == Shown::Page {
        return refused(lang, refusal);
    }
    let ticket = fresh_ticket(class, sent);
    let mut view = sent.view(mode, &ticket);
    let words = lang.refusal(refusal).1;
    match refusal.kind.shown {
        Shown::Page | Shown::AboveForm => view.notice = Some(&words),
        Shown::BesideCode => {
            // The code is cleared: the next one must be read afresh. The
            // fields' own complaints are shown beside them meanwhile.
            view.code = (*mode != Mode::Off).then_some("");
            view.code_error = Some(refusal);
            view.errors = validate::student(sent.roll, sent.name)
                .err()
                .unwrap_or_default();
        }
        Shown::BesideFields => match &refusal.detail {
            Detail::Fields(errors) => view.errors = errors.clone(),
            _ => view.roll_message = Some(&words),
        },
    }
    page(lang, 422, pages::form(lang, now.date(), &view))
}

/// The student's page for what became of a check-in; `typed` is the name
/// as typed where the class list spells it otherwise: the page shows what
/// the phone typed, never more of the list than that.
fn answer_saved(
    class: &Class,
    sent: &Sent<'_>,
    mode: &Mode,
    (answer, typed): (Answer, Option<String>),
    now: NaiveDateTime,
) -> Reply {
    let lang = sent.lang;
    match answer {
        Answer::Saved(Outcome::Marked(mark)) => {
            let record = class
                .standing(&mark.roll, sent.cookie)
                .map(|standing| Record {
                    standing,
                    threshold: class.threshold,
                });
            let shown = Mark {
                name: typed.unwrap_or(mark.name),
                ..mark
            };
            page(lang, 200, pages::present(lang, now.date(), &shown, record))
                .with_header("Set-Cookie", &cookie("rc_roll", &shown.roll))
                .with_header("Set-Cookie", &cookie("rc_name", &shown.name))
        }
        Answer::Saved(Outcome::AlreadyMarked(mark)) => page(lang, 200, pages::already(lang, &mark)),
        Answer::Refused(refusal) => told(class, sent, &refusal, mode, now),
        Answer::Failed(_) => {
            let ticket = fresh_ticket(class, sent);
            let view = FormView {
                notice: Some(lang.text().not_saved()),
                ..sent.view(mode, &ticket)
            };
            page(lang, 500, pages::form(lang, now.date(), &view))
        }
    }
}

/// Was this check-in sent from the check-in page, to the laptop (see
/// `guards::site`)? If not, nothing is read or saved.
fn from_this_site(class: &Class, request: &Request) -> Result<(), Refusal> {
    let own = class.join.networks.ips();
    let host = reply::header(request, "Host");
    let origin = reply::header(request, "Origin");
    let fetch_site = reply::header(request, "Sec-Fetch-Site");
    site::check(
        host.as_deref(),
        origin.as_deref(),
        fetch_site.as_deref(),
        &own,
    )
}

/// The page for a refusal, in `lang`.
fn refused(lang: Lang, refusal: &Refusal) -> Reply {
    let (heading, text) = lang.refusal(refusal);
    let page = page(
        lang,
        refusal.kind.status,
        pages::message_in(lang, &heading, &text),
    );
    match refusal.kind.retry_after {
        Some(seconds) => page.with_header("Retry-After", &seconds.to_string()),
        None => page,
    }
}

/// The language `request`'s phone asks for.
fn asked(request: &Request) -> Lang {
    Lang::asked(&reply::header(request, "Accept-Language").unwrap_or_default())
}

/// A student's page in `lang`: its language named, and caches told that
/// the page depends on the phone's `Accept-Language`.
fn page(lang: Lang, status: u16, html: String) -> Reply {
    Reply::html(status, html)
        .with_header("Content-Language", lang.code())
        .with_header("Vary", "Accept-Language")
}

/// `GET` of an address with no page, in the phone's language.
pub fn not_found(request: &Request) -> Reply {
    let lang = asked(request);
    let t = lang.text();
    page(
        lang,
        404,
        pages::message_in(lang, t.not_found_h(), t.not_found()),
    )
}
