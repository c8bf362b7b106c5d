//! What a student's phone asks for: the check-in form and the check-in.
//!
//! A check-in passes, in order: the per-minute limit (every refusal counts
//! toward it), the network rule, the session (open? the code on the
//! screen?), the fields, and then, while it is saved, the phone rules (one
//! roll per phone, rolls per address). Every attempt that gets as far as a
//! POST leaves a line in the audit trail.

use crate::class::{self, Answer, Attempt, Class, Handled};
use crate::form;
use crate::guards::{site, Limit, Origin, Refusal, Verdict};
use crate::pages::{self, FormView, Record};
use crate::random;
use crate::register::audit;
use crate::register::Outcome;
use crate::reply::{self, Reply};
use crate::session::{self, Mode};
use crate::validate::{self, Student};
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
            match class.guards().copied(&origin, random::token) {
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
    let now = class.now();
    let (origin, new_device) = origin(class, request);
    if let Some(page) = refuse_other_network(class, &origin, "", None) {
        return page;
    }
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
    let page = Reply::html(200, pages::form(now.date(), &view));
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
    if let Some(page) = refuse_other_site(class, request) {
        return page;
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
    let page = check_in_from(class, request, &origin, sent);
    if new_device {
        page.with_header("Set-Cookie", &cookie("rc_device", &origin.device))
    } else {
        page
    }
}

/// A check-in from `origin`, whose phone sent the device cookie `sent`.
fn check_in_from(class: &Class, request: &mut Request, origin: &Origin, sent: &str) -> Reply {
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
    };
    let now = class.now();
    let (mode, code_error) = match admit(class, &sent_form, now) {
        Ok(admitted) => admitted,
        Err(page) => return page,
    };
    let (student, typed_name) = match checked(class, &sent_form, &mode, code_error, now) {
        Ok(checked) => checked,
        Err(page) => return page,
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

/// The door: the tries a minute, the network rule, then the code, judged
/// (and a wrong one counted against the address's hour) under the guards'
/// lock with the limits asked again, so that phones of one address racing
/// each other cannot get more codes judged than its budget. (Locks in this
/// order only: guards, then session.) Returns the code rule and why the
/// code was refused, if it was; or the page that turns the phone away.
fn admit(
    class: &Class,
    sent: &Sent<'_>,
    now: NaiveDateTime,
) -> Result<(Mode, Option<&'static str>), Reply> {
    let (origin, cookie) = (sent.origin, sent.cookie);
    let typed = sent.typed();
    // Past a few refusals a minute, a phone (or an address) waits: a
    // script guessing codes, or flooding from outside, gets one audit line,
    // not thousands.
    // (The verdict first: the guards' lock must be let go before
    // `over_limit` takes it again.)
    let verdict = class.guards().rate(origin.machine, cookie, now);
    if let Verdict::Blocked { first, limit } = verdict {
        return Err(over_limit(class, origin, &typed, first, limit));
    }
    if let Some(page) = refuse_other_network(class, origin, cookie, Some(&typed)) {
        return Err(page);
    }
    let (admitted, mode) = judge_code(class, sent, now)
        .map_err(|(first, limit)| over_limit(class, origin, &typed, first, limit))?;
    match admitted {
        Ok(()) => Ok((mode, None)),
        Err(session::NotAdmitted::Closed) => {
            turn_away(class, origin, cookie, &typed, "closed");
            Err(closed())
        }
        Err(refusal) => {
            turn_away(class, origin, cookie, &typed, code_reason(refusal));
            // More wrong codes than a class makes: the code gets longer.
            if refusal == session::NotAdmitted::WrongCode
                && class.guards().sweeping()
                && class.session().lengthen()
            {
                warn!("\n  ** {}\n", session::LONGER);
            }
            Ok((mode, Some(refusal.message())))
        }
    }
}

/// The code judged under the guards' lock (see `admit`); `Err` when the
/// limits turned the phone away meanwhile.
#[allow(clippy::type_complexity)]
fn judge_code(
    class: &Class,
    sent: &Sent<'_>,
    now: NaiveDateTime,
) -> Result<(Result<(), session::NotAdmitted>, Mode), (bool, Limit)> {
    let (machine, cookie) = (sent.origin.machine, sent.cookie);
    let mut guards = class.guards();
    if let Verdict::Blocked { first, limit } = guards.rate(machine, cookie, now) {
        return Err((first, limit));
    }
    let mut session = class.session();
    let admitted = session.admit(sent.code, now);
    match admitted {
        Ok(()) => guards.right_code(machine, cookie),
        // Only a wrong code could have been right: an expired or missing
        // one is no guess.
        Err(session::NotAdmitted::WrongCode) => guards.wrong_code(machine, cookie, now),
        Err(_) => {}
    }
    Ok((admitted, session.mode().clone()))
}

/// The roll and name checked, and with a class list found on it (its
/// spelling of the name saved, the typed one kept for the audit). A refused
/// code shows beside the fields; the form comes back with what was typed.
fn checked(
    class: &Class,
    sent: &Sent<'_>,
    mode: &Mode,
    code_error: Option<&'static str>,
    now: NaiveDateTime,
) -> Result<(Student, Option<String>), Reply> {
    let typed = sent.typed();
    let student = match (validate::student(sent.roll, sent.name), code_error) {
        (Ok(student), None) => student,
        (checked, code_error) => {
            if let (Err(errors), None) = (&checked, code_error) {
                let why = errors.roll.or(errors.name).unwrap_or("invalid");
                let reason = format!("invalid roll or name ({why})");
                turn_away(class, sent.origin, sent.cookie, &typed, &reason);
            }
            let view = FormView {
                errors: checked.err().unwrap_or_default(),
                // A refused code is cleared: the next one must be read afresh.
                code: (*mode != Mode::Off).then_some(if code_error.is_some() {
                    ""
                } else {
                    sent.code
                }),
                code_error,
                ..sent.view(mode)
            };
            return Err(Reply::html(422, pages::form(now.date(), &view)));
        }
    };
    on_the_list(class, student).map_err(|message| {
        turn_away(
            class,
            sent.origin,
            sent.cookie,
            &typed,
            "not on the class list",
        );
        let view = FormView {
            roll_message: Some(&message),
            ..sent.view(mode)
        };
        Reply::html(422, pages::form(now.date(), &view))
    })
}

/// The student's page for what became of a check-in.
fn answer_saved(
    class: &Class,
    sent: &Sent<'_>,
    mode: &Mode,
    answer: Answer,
    now: NaiveDateTime,
) -> Reply {
    match answer {
        Answer::Saved(Outcome::Marked(mark)) => {
            let record = class.standing(&mark.roll).map(|standing| Record {
                standing,
                threshold: class.threshold,
            });
            Reply::html(200, pages::present(now.date(), &mark, record))
                .with_header("Set-Cookie", &cookie("rc_roll", &mark.roll))
                .with_header("Set-Cookie", &cookie("rc_name", &mark.name))
        }
        Answer::Saved(Outcome::AlreadyMarked(mark)) => {
            // Re-sent in a loop, a form soon waits (and is written down
            // once a minute: see `Class::save`).
            class.guards().strike(sent.origin.machine, sent.cookie, now);
            Reply::html(200, pages::already(&mark))
        }
        Answer::Refused(refusal) => refused(&refusal),
        Answer::Failed(_) | Answer::Logged => {
            let view = FormView {
                notice: Some("Could not save — tell your teacher. You are NOT marked yet."),
                ..sent.view(mode)
            };
            Reply::html(500, pages::form(now.date(), &view))
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

/// `student` as the class list has it (roll and name spelt as there) and
/// the name as typed where the list spells it otherwise; without a list,
/// as typed. A roll not on the list is refused with the words to show.
pub fn on_the_list(class: &Class, student: Student) -> Result<(Student, Option<String>), String> {
    let roster = match &class.roster {
        Some(roster) => roster,
        None => return Ok((student, None)),
    };
    match roster.get(&student.roll) {
        Some(listed) => {
            let typed = (listed.name != student.name).then(|| student.name.clone());
            Ok((listed.clone(), typed))
        }
        None => Err(format!(
            "Roll {} is not on the class list: tell your teacher.",
            student.roll
        )),
    }
}

/// The page for a check-in sent from another site's page, or to a name
/// that is not the laptop's (see `guards::site`): nothing is read or saved.
fn refuse_other_site(class: &Class, request: &Request) -> Option<Reply> {
    let own: Vec<IpAddr> = class.networks.addresses().iter().map(|a| a.ip).collect();
    let host = reply::header(request, "Host");
    let origin = reply::header(request, "Origin");
    let fetch_site = reply::header(request, "Sec-Fetch-Site");
    if site::host_is_laptop(host.as_deref(), &own)
        && !site::is_cross_site(origin.as_deref(), fetch_site.as_deref(), host.as_deref())
    {
        return None;
    }
    Some(Reply::message(
        403,
        "Check in on the check-in page",
        "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there.",
    ))
}

/// The page for an attempt over a limit; the first of the minute is
/// counted for the teacher and audited.
fn over_limit(class: &Class, origin: &Origin, typed: &Student, first: bool, limit: Limit) -> Reply {
    let refusal = Refusal::over(limit);
    if first {
        class.guards().count(&refusal.reason(), class.now().date());
        log_refusal(class, origin, typed, &refusal.reason());
    }
    refused(&refusal)
}

/// The page for a phone outside the classroom's networks, if it is one. A
/// refused form is counted for the teacher; a refused check-in is audited.
fn refuse_other_network(
    class: &Class,
    origin: &Origin,
    sent: &str,
    typed: Option<&Student>,
) -> Option<Reply> {
    // Only the classroom's networks: not a VPN's or a virtual machine's,
    // whose peers are not in the room (see `network::Kind`).
    let own = class.networks.classroom();
    if class.guards().network_allows(origin.ip, &own) {
        return None;
    }
    let refusal = Refusal::OtherNetwork;
    let today = class.now().date();
    match typed {
        Some(typed) => {
            {
                let mut guards = class.guards();
                guards.note_refused(origin, &typed.roll, &refusal, today);
                guards.strike(origin.machine, sent, class.now());
            }
            log_refusal(class, origin, typed, &refusal.reason());
        }
        None => class.guards().note_network(origin.ip, today),
    }
    Some(refused(&refusal))
}

/// Turns a check-in away for `reason`: counted for the teacher, counted
/// against the address's refusals this minute, and written down.
fn turn_away(class: &Class, origin: &Origin, sent: &str, typed: &Student, reason: &str) {
    let now = class.now();
    {
        let mut guards = class.guards();
        guards.strike(origin.machine, sent, now);
        guards.count(reason, now.date());
    }
    log_refusal(class, origin, typed, reason);
}

/// Writes a refusal decided before saving into the audit trail (through the
/// saver, so that it shares a sync with whatever else is being written).
fn log_refusal(class: &Class, origin: &Origin, typed: &Student, reason: &str) {
    let now = class.now();
    class.save(Attempt::Refused(class::entry(
        now,
        origin,
        typed,
        audit::REFUSED,
        reason,
    )));
}

fn code_reason(refusal: session::NotAdmitted) -> &'static str {
    match refusal {
        session::NotAdmitted::Closed => "closed",
        session::NotAdmitted::MissingCode => "no code",
        session::NotAdmitted::WrongCode => "wrong code",
        session::NotAdmitted::ExpiredCode => "expired code",
    }
}

/// The page for a guard's refusal.
fn refused(refusal: &Refusal) -> Reply {
    let page = Reply::message(refusal.status(), &refusal.heading(), &refusal.text());
    match refusal.retry_after() {
        Some(seconds) => page.with_header("Retry-After", &seconds.to_string()),
        None => page,
    }
}

/// What a student sees while check-in is closed.
fn closed() -> Reply {
    Reply::message(
        403,
        "Attendance is closed",
        "Check-in is not open right now. If you are in class, tell your teacher.",
    )
}
