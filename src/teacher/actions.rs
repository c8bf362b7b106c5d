//! The teacher's actions: `POST /teacher/<action>` from the screen's
//! buttons (the late rule and excusing a student among them). Each must carry the run's secret; each answers "see other" back
//! to `/teacher`, with its words (and, for a typo in Mark by hand, what was
//! typed) left for that view, so a reload never repeats one and the address
//! bar stays `/teacher`. Each is one kind of audit line (Address `teacher`)
//! and one terminal line ("Teacher").

use super::desk::{Desk, Did, Flash, Undoable};
use crate::checkin::{Answer, Attempt, CheckIns};
use crate::class::Class;
use crate::form;
use crate::guards::{rules, Cidr, Machine, Origin};
use crate::lang::Lang;
use crate::register::audit::{self, Entry};
use crate::register::{Mark, Outcome};
use crate::reply::{self, Reply};
use crate::session::{is_valid_fixed_code, Mode};
use crate::validate::{self, Student};
use chrono::NaiveDateTime;
use std::net::IpAddr;
use tiny_http::Request;

/// What an action did, or the words saying why it did nothing.
type Done = Result<(), Flash>;

fn said(notice: impl Into<String>) -> Flash {
    Flash {
        notice: notice.into(),
        ..Flash::default()
    }
}

/// Runs `action` and answers back to `/teacher`.
pub fn act(
    class: &Class,
    check_ins: &CheckIns,
    desk: &Desk,
    request: &mut Request,
    action: &str,
) -> Reply {
    let fields = match reply::read_form(request) {
        Ok(fields) => fields,
        Err(page) => return page,
    };
    if form::field(&fields, "secret") != Some(class.secret.as_str()) {
        return stale();
    }
    let now = class.now();
    let field = |name: &str| form::field(&fields, name).unwrap_or("").trim().to_string();
    let done = match action {
        "open" => open(class, now),
        "close" => close(class, now),
        "extend" => extend(class, now),
        "code" => set_code(class, &field("mode"), &field("code"), now),
        "mark" => mark(class, check_ins, &field("roll"), &field("name")),
        "allow" => allow(class, &field("network"), now),
        "network" => choose_network(class, &field("address"), now),
        "remove" => remove(class, desk, &field("roll"), now),
        "undo" => undo(class, desk, now),
        "late" => set_late(class, &field("minutes"), now),
        "excuse" => excuse(class, desk, &field("roll"), &field("reason"), now),
        _ => return Reply::message(404, "Reply not found", "There is nothing at this address."),
    };
    if let Err(flash) = done {
        desk.say(flash);
    }
    Reply::redirect("/teacher")
}

/// A button pressed on a screen of an earlier run (rollcall restarted since
/// it was loaded) or posted from elsewhere: nothing done, and the way back.
fn stale() -> Reply {
    Reply::html(
        403,
        crate::pages::message_linking(
            "Not from the teacher's screen",
            "That button did nothing: the teacher's screen it was pressed on is older than this run of rollcall (it was restarted, or the laptop slept). Open the screen again and press it there.",
            "/teacher",
            "Back to the teacher's screen",
        ),
    )
}

/// Writes down one thing the teacher did: an audit line (Address
/// `teacher`) and a terminal line.
fn note(class: &Class, now: NaiveDateTime, outcome: &str, what: &str) {
    class.write_down(&[Entry::by_teacher(now, ("", ""), outcome, what)]);
    tell(now, what);
}

/// The terminal's line for something the teacher did.
fn tell(now: NaiveDateTime, what: &str) {
    say!("  {}  Teacher   {what}", now.time());
}

fn open(class: &Class, now: NaiveDateTime) -> Done {
    let was_open = class.session().is_open(now);
    if !was_open {
        class.session().open(now);
        note(class, now, audit::SESSION, "opened check-in");
    }
    Ok(())
}

fn close(class: &Class, now: NaiveDateTime) -> Done {
    if class.session().is_open(now) {
        class.session().close();
        note(class, now, audit::SESSION, "closed check-in");
    }
    Ok(())
}

fn extend(class: &Class, now: NaiveDateTime) -> Done {
    let closes_in = {
        let mut session = class.session();
        session.extend(now);
        session.status(now).closes_in
    };
    let what = match closes_in {
        Some(secs) => format!(
            "added five minutes: check-in closes at {}",
            (now + chrono::Duration::seconds(secs)).time()
        ),
        None => "added five minutes".to_string(),
    };
    note(class, now, audit::SESSION, &what);
    Ok(())
}

fn set_code(class: &Class, mode: &str, typed: &str, now: NaiveDateTime) -> Done {
    let mode = match mode {
        "rotating" => Mode::Rotating,
        "off" => Mode::Off,
        "fixed" if typed.is_empty() => Mode::Fixed(class.session().fixed_code()),
        "fixed" if is_valid_fixed_code(typed) => Mode::Fixed(typed.to_string()),
        "fixed" => return Err(said("A fixed code has 3 to 8 digits.")),
        _ => return Err(said("Choose a kind of code.")),
    };
    let what = match &mode {
        Mode::Rotating => "code: a new one every few seconds".to_string(),
        Mode::Fixed(code) => format!("code: fixed, {code}"),
        Mode::Off => "code: none needed".to_string(),
    };
    class.session().set_mode(mode, now);
    note(class, now, audit::SESSION, &what);
    Ok(())
}

/// Marks a student by hand (a dead phone). A typo keeps what was typed.
fn mark(class: &Class, check_ins: &CheckIns, roll: &str, name: &str) -> Done {
    let kept = |notice: String| Flash {
        notice,
        roll: roll.to_string(),
        name: name.to_string(),
    };
    // From the absentees' list only the roll comes: the class list has the
    // name.
    let mut name = name.to_string();
    if name.is_empty() {
        if let Some(listed) = class.roster.as_ref().and_then(|r| r.get(roll)) {
            name = listed.name.clone();
        }
    }
    let (student, typed) = rules::fields::checked(roll, &name, class.roster.as_ref())
        .map_err(|refusal| kept(format!("Not marked: {}", why_not(&refusal))))?;
    let laptop = IpAddr::from([127u8, 0, 0, 1]);
    let saved = check_ins.save(
        class,
        Attempt {
            student,
            typed,
            origin: Origin {
                ip: laptop,
                device: String::new(),
                machine: Machine::of(laptop, None),
            },
            sent: String::new(),
            by_teacher: true,
        },
    );
    match saved.answer {
        Answer::Saved(Outcome::Marked(_)) | Answer::Refused(_) => Ok(()),
        Answer::Saved(Outcome::AlreadyMarked(m)) => Err(said(format!(
            "Roll {} was already marked at {} as {}.",
            m.roll, m.time, m.name
        ))),
        Answer::Failed(e) => Err(kept(format!("Not saved: {e}"))),
    }
}

/// Why a roll and name typed by the teacher cannot be marked, in the
/// teacher's (English) words: a field's problem, or the class list's.
fn why_not(refusal: &crate::guards::Refusal) -> String {
    match &refusal.detail {
        crate::guards::Detail::Fields(errors) => errors.first().map_or_else(
            || "Check the roll and name.".into(),
            |p| Lang::En.problem(p),
        ),
        _ => Lang::En.refusal(refusal).1,
    }
}

fn allow(class: &Class, network: &str, now: NaiveDateTime) -> Done {
    let net = Cidr::parse(network).ok_or_else(|| said("That is not a network."))?;
    class.guards().allow_network(net);
    note(
        class,
        now,
        audit::SESSION,
        &format!("allowed phones from {net} for this run"),
    );
    Ok(())
}

/// Makes one of the laptop's addresses the join address.
fn choose_network(class: &Class, address: &str, now: NaiveDateTime) -> Done {
    let found = class
        .join
        .student_addresses()
        .into_iter()
        .find(|a| a.ip.to_string() == address)
        .ok_or_else(|| said("That address is no longer one of this laptop's."))?;
    class.join.networks.choose(&found.ip.to_string());
    note(
        class,
        now,
        audit::SESSION,
        &format!(
            "chose the join address {} ({})",
            class.join.url_of(&found),
            found.label()
        ),
    );
    crate::banner::print_join_changed(class);
    Ok(())
}

/// Removes a wrong row; Undo is offered for a while.
fn remove(class: &Class, desk: &Desk, roll: &str, now: NaiveDateTime) -> Done {
    let removed = class.register().remove(roll, now);
    match removed {
        Ok(Some((mark, place))) => {
            tell(
                now,
                &format!("removed {} {} (marked at {})", mark.roll, mark.name, mark.time),
            );
            desk.offer_undo(Undoable {
                mark,
                did: Did::Removed { place },
                date: now.date(),
                at: now,
            });
            Ok(())
        }
        Ok(None) => Err(said(format!("Roll {roll} has no row today."))),
        Err(e) if e.is_held_by_another_program() => Err(said(
            "Excel (or another program) has today's file open, so the row cannot be removed. Close the file in Excel, then try again.",
        )),
        Err(e) => Err(said(format!("Not removed: {e}"))),
    }
}

/// Takes back the last removal or excuse, while Undo is offered.
fn undo(class: &Class, desk: &Desk, now: NaiveDateTime) -> Done {
    let last = desk
        .undoable(now)
        .ok_or_else(|| said("There is nothing to undo any more."))?;
    match last.did {
        Did::Removed { place } => put_back(class, desk, &last, place, now),
        Did::Excused => unexcuse(class, desk, &last, now),
    }
}

/// Puts the last removed row back where it was.
fn put_back(
    class: &Class,
    desk: &Desk,
    removed: &Undoable,
    place: usize,
    now: NaiveDateTime,
) -> Done {
    let restored = class
        .register()
        .restore(&removed.mark, place, removed.date, now);
    let mark = &removed.mark;
    match restored {
        Ok(true) => {
            desk.forget_undo();
            tell(
                now,
                &format!("put back {} {} (marked at {})", mark.roll, mark.name, mark.time),
            );
            Ok(())
        }
        Ok(false) => {
            desk.forget_undo();
            Err(said(format!(
                "Roll {} is marked again already: nothing to undo.",
                mark.roll
            )))
        }
        Err(e) if e.is_held_by_another_program() => Err(said(
            "Excel (or another program) has today's file open, so the row cannot be put back. Close the file in Excel, then press Undo again.",
        )),
        Err(e) => Err(said(format!("Not put back: {e}"))),
    }
}

/// The late rule, from the screen: `minutes` typed (in any script's
/// digits), or `none` for no rule. It is the rule for every row of the
/// day, and for the days after while this run goes on.
fn set_late(class: &Class, minutes: &str, now: NaiveDateTime) -> Done {
    let minutes = match minutes {
        "none" => None,
        typed => {
            let n = validate::ascii_digits(typed).parse::<u32>().ok();
            let n = n
                .filter(|n| (1..=1440).contains(n))
                .ok_or_else(|| said("Late after: type a number of minutes from 1 to 1440."))?;
            Some(n)
        }
    };
    let saved = class.register().set_late_after(minutes, now);
    saved.map_err(|e| said(format!("The late rule is not saved: {e}")))?;
    let what = match minutes {
        Some(n) => format!("late after {n} minutes"),
        None => "no late rule: nobody is late".to_string(),
    };
    note(class, now, audit::SESSION, &what);
    Ok(())
}

/// Most characters of an excuse's reason that are kept.
pub const REASON_MAX: usize = 100;

/// The reason as the details file keeps it: one line (a pasted line break
/// would make the file hard to read in Excel), `REASON_MAX` at most.
fn one_line(typed: &str) -> String {
    let line: String = typed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.trim();
    match line.char_indices().nth(REASON_MAX) {
        Some((at, _)) => line[..at].trim_end().to_string(),
        None => line.to_string(),
    }
}

/// Excuses a student on the class list who is not here (a note from home,
/// a school trip); Undo is offered for a while.
fn excuse(class: &Class, desk: &Desk, roll: &str, reason: &str, now: NaiveDateTime) -> Done {
    let listed = class.roster.as_ref().and_then(|r| r.get(roll));
    let student = match listed {
        Some(s) => Student {
            roll: s.roll.clone(),
            name: s.name.clone(),
        },
        None => return Err(said(format!("Roll {roll} is not on the class list."))),
    };
    let reason = one_line(reason);
    let excused = class.register().excuse(&student, &reason, now);
    match excused {
        Ok(None) => {
            let why = if reason.is_empty() {
                String::new()
            } else {
                format!(" ({reason})")
            };
            tell(
                now,
                &format!("excused {} {}{why}", student.roll, student.name),
            );
            desk.offer_undo(Undoable {
                mark: Mark {
                    roll: student.roll,
                    name: student.name,
                    time: now.time(),
                },
                did: Did::Excused,
                date: now.date(),
                at: now,
            });
            Ok(())
        }
        Ok(Some(m)) => Err(said(format!(
            "Roll {} was marked present at {}: there is nothing to excuse.",
            m.roll, m.time
        ))),
        Err(e) => Err(said(format!("Not excused: {e}"))),
    }
}

/// Takes back an excuse given by mistake.
fn unexcuse(class: &Class, desk: &Desk, excused: &Undoable, now: NaiveDateTime) -> Done {
    let mark = &excused.mark;
    let undone = class.register().unexcuse(&mark.roll, excused.date, now);
    match undone {
        Ok(true) => {
            desk.forget_undo();
            tell(
                now,
                &format!("undid the excuse of {} {}", mark.roll, mark.name),
            );
            Ok(())
        }
        Ok(false) => {
            desk.forget_undo();
            Err(said(format!(
                "Roll {} is not excused any more: nothing to undo.",
                mark.roll
            )))
        }
        Err(e) => Err(said(format!("The excuse is not undone: {e}"))),
    }
}
