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

use crate::class::{self, Answer, Attempt, Class, Handled};
use crate::form;
use crate::guards::{site, Door, Knock, Origin, Reason, Refusal, Told, Turned};
use crate::lang::{self, Lang};
use crate::pages::{self, FormView, Record};
use crate::random;
use crate::register::audit;
use crate::register::Outcome;
use crate::reply::{self, Reply};
use crate::session::{self, Mode, NotAdmitted};
use crate::validate::{self, FieldErrors, Student};
use chrono::NaiveDateTime;
use std::fmt;
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
    let own = class.networks.classroom();
    let door = class.guards().door_to_form(origin.ip, &own, now.date());
    if let Err(refusal) = door {
        return refused(lang, &refusal);
    }
    let (open, mode) = {
        let mut session = class.session();
        let status = session.status(now);
        (status.open, status.mode)
    };
    if !open {
        return refused(lang, &Refusal::Closed);
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
    let page = page(lang, 200, pages::form(lang, now.date(), &view));
    if new_device {
        page.with_header("Set-Cookie", &cookie("rc_device", &origin.device))
    } else {
        page
    }
}

/// `POST /`: a check-in. Refused, with nothing written but its audit line,
/// from another network, after too many refusals in a minute, while check-in is
/// closed, with a wrong field or code, or by the phone rules.
pub fn check_in(class: &Class, request: &mut Request) -> Reply {
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
    let page = check_in_from(class, request, &origin, sent, lang);
    if new_device {
        page.with_header("Set-Cookie", &cookie("rc_device", &origin.device))
    } else {
        page
    }
}

/// A check-in from `origin`, whose phone sent the device cookie `sent`,
/// answered in `lang`.
fn check_in_from(
    class: &Class,
    request: &mut Request,
    origin: &Origin,
    sent: &str,
    lang: Lang,
) -> Reply {
    let pairs = match reply::read_form(request) {
        Ok(pairs) => pairs,
        Err(page) => return page,
    };
    let field = |name: &str| form::field(&pairs, name).unwrap_or("");
    let sent_form = Sent {
        roll: field("roll"),
        name: field("name"),
        code: field("code"),
        origin,
        cookie: sent,
        lang,
    };
    let fields = fields(class, &sent_form);
    // Only the classroom's networks: not a VPN's or a virtual machine's,
    // whose peers are not in the room (see `network::Kind`).
    let own = class.networks.classroom();
    let now = class.now();
    let knock = Knock {
        origin,
        sent,
        code: sent_form.code,
        fields: fields.as_ref().err().map(Trouble::reason),
        own: &own,
        now,
    };
    let (door, mode) = class.door(&knock);
    let (student, typed_name) = match (door, fields) {
        (Door::Pass, Ok(checked)) => checked,
        (Door::Turned(turned), fields) => {
            return turned_away(class, &sent_form, turned, fields.err(), &mode, now)
        }
        // (The door lets no trouble with the fields in.)
        (Door::Pass, Err(trouble)) => {
            return form_again(&sent_form, Some(trouble), None, &mode, now)
        }
    };
    let Handled { now, answer } = class.save(Attempt::CheckIn {
        student,
        origin: origin.clone(),
        by_teacher: false,
        typed: typed_name,
    });
    if let Answer::Saved(Outcome::Marked(_)) = &answer {
        note_phone_clock(class, origin, form::field(&pairs, "phone_time"), now);
    }
    answer_saved(class, &sent_form, &mode, answer, now)
}

/// A check-in form as it came, and from where.
struct Sent<'a> {
    roll: &'a str,
    name: &'a str,
    code: &'a str,
    origin: &'a Origin,
    /// The device cookie the phone sent ("" for none).
    cookie: &'a str,
    /// The language the phone asked for.
    lang: Lang,
}

impl Sent<'_> {
    /// Roll and name as typed (trimmed), for the audit trail.
    fn typed(&self) -> Student {
        Student {
            roll: self.roll.trim().to_string(),
            name: self.name.trim().to_string(),
        }
    }

    /// The form again, with what was typed, for a refusal.
    fn view<'a>(&'a self, mode: &Mode) -> FormView<'a> {
        FormView {
            roll: self.roll,
            name: self.name,
            code: (*mode != Mode::Off).then_some(self.code),
            ..FormView::default()
        }
    }
}

/// What is wrong with a check-in's roll and name.
enum Trouble {
    /// Not a roll or not a name: the form's complaints.
    Invalid(FieldErrors),
    /// Not on the class list.
    NotOnList(NotListed),
}

impl Trouble {
    /// As the audit trail says it.
    fn reason(&self) -> Reason {
        match self {
            Trouble::Invalid(errors) => Reason::invalid(errors),
            Trouble::NotOnList(_) => Reason::NotOnList,
        }
    }
}

/// The roll and name checked and, with a class list, found on it (its
/// spelling of the name saved, the typed one kept for the audit).
fn fields(class: &Class, sent: &Sent<'_>) -> Result<(Student, Option<String>), Trouble> {
    let student = validate::student(sent.roll, sent.name).map_err(Trouble::Invalid)?;
    on_the_list(class, student).map_err(Trouble::NotOnList)
}

/// The answer for a check-in the door turned away, written down first where
/// the guards say so.
fn turned_away(
    class: &Class,
    sent: &Sent<'_>,
    turned: Turned,
    trouble: Option<Trouble>,
    mode: &Mode,
    now: NaiveDateTime,
) -> Reply {
    if let Some(reason) = &turned.audit {
        log_refusal(class, sent.origin, &sent.typed(), reason);
    }
    if turned.longer {
        warn!("\n  ** {}\n", session::LONGER);
    }
    match turned.told {
        Told::Page(refusal) => refused(sent.lang, &refusal),
        Told::Form { code_error } => form_again(sent, trouble, code_error, mode, now),
    }
}

/// The form again (422) with what was typed: with a refused code's words
/// beside the code, cleared (the next one must be read afresh), and the
/// fields' complaints if any; else the fields' trouble.
fn form_again(
    sent: &Sent<'_>,
    trouble: Option<Trouble>,
    code_error: Option<NotAdmitted>,
    mode: &Mode,
    now: NaiveDateTime,
) -> Reply {
    let (errors, message) = match trouble {
        Some(Trouble::Invalid(errors)) => (errors, None),
        // (Past a refused code, the class list was not the question.)
        Some(Trouble::NotOnList(not_listed)) if code_error.is_none() => {
            (FieldErrors::default(), Some(not_listed.words(sent.lang)))
        }
        _ => (FieldErrors::default(), None),
    };
    let code = if code_error.is_some() { "" } else { sent.code };
    let view = FormView {
        errors,
        roll_message: message.as_deref(),
        code: (*mode != Mode::Off).then_some(code),
        code_error,
        ..sent.view(mode)
    };
    page(sent.lang, 422, pages::form(sent.lang, now.date(), &view))
}

/// The student's page for what became of a check-in.
fn answer_saved(
    class: &Class,
    sent: &Sent<'_>,
    mode: &Mode,
    answer: Answer,
    now: NaiveDateTime,
) -> Reply {
    let lang = sent.lang;
    match answer {
        Answer::Saved(Outcome::Marked(mark)) => {
            let record = class.standing(&mark.roll).map(|standing| Record {
                standing,
                threshold: class.threshold,
            });
            page(lang, 200, pages::present(lang, now.date(), &mark, record))
                .with_header("Set-Cookie", &cookie("rc_roll", &mark.roll))
                .with_header("Set-Cookie", &cookie("rc_name", &mark.name))
        }
        Answer::Saved(Outcome::AlreadyMarked(mark)) => {
            // (Written down once a minute: see `Class::save`.)
            class
                .guards()
                .sent_again(sent.origin.machine, sent.cookie, now);
            page(lang, 200, pages::already(lang, &mark))
        }
        Answer::Refused(Turned { told, .. }) => match told {
            Told::Page(refusal) => refused(lang, &refusal),
            Told::Form { code_error } => form_again(sent, None, code_error, mode, now),
        },
        Answer::Failed(_) | Answer::Logged => {
            let view = FormView {
                notice: Some(lang.text().not_saved()),
                ..sent.view(mode)
            };
            page(lang, 500, pages::form(lang, now.date(), &view))
        }
    }
}

/// Compares the phone's clock, where its page sent one, with the laptop's;
/// says so in the terminal the first time several phones agree it is off.
fn note_phone_clock(class: &Class, origin: &Origin, phone_time: Option<&str>, now: NaiveDateTime) {
    if let Some(phone_time) = phone_time.filter(|t| !t.is_empty()) {
        class.phone_clocks.note(&origin.device, phone_time, now);
        if let Some(found) = class.phone_clocks.news(now) {
            warn!("\n  ** {}\n", found.words());
        }
    }
}

/// A roll not on the class list.
#[derive(Debug)]
pub struct NotListed(String);

impl NotListed {
    /// What the student is told, in `lang`.
    fn words(&self, lang: Lang) -> String {
        lang::fill(lang.text().not_listed(), &[("roll", &self.0)])
    }
}

impl fmt::Display for NotListed {
    /// In English, for the teacher.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

/// `student` as the class list has it (roll and name spelt as there) and
/// the name as typed where the list spells it otherwise; without a list,
/// as typed. A roll not on the list is refused.
pub fn on_the_list(
    class: &Class,
    student: Student,
) -> Result<(Student, Option<String>), NotListed> {
    let roster = match &class.roster {
        Some(roster) => roster,
        None => return Ok((student, None)),
    };
    match roster.get(&student.roll) {
        Some(listed) => {
            let typed = (listed.name != student.name).then(|| student.name.clone());
            Ok((listed.clone(), typed))
        }
        None => Err(NotListed(student.roll)),
    }
}

/// Was this check-in sent from the check-in page, to the laptop (see
/// `guards::site`)? If not, nothing is read or saved.
fn from_this_site(class: &Class, request: &Request) -> Result<(), Refusal> {
    let own: Vec<IpAddr> = class.networks.addresses().iter().map(|a| a.ip).collect();
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

/// Writes a refusal decided before saving into the audit trail (through the
/// saver, so that it shares a sync with whatever else is being written).
fn log_refusal(class: &Class, origin: &Origin, typed: &Student, reason: &Reason) {
    let now = class.now();
    class.save(Attempt::Refused(class::entry(
        now,
        origin,
        typed,
        audit::REFUSED,
        &reason.to_string(),
    )));
}

/// The page for a refusal, in `lang`.
fn refused(lang: Lang, refusal: &Refusal) -> Reply {
    let (heading, text) = lang.refusal(refusal);
    let page = page(
        lang,
        refusal.status(),
        pages::message_in(lang, &heading, &text),
    );
    match refusal.retry_after() {
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
