//! The teacher's actions: `POST /teacher/<action>` from the screen's
//! buttons, one function each: the session's here, marking by hand in
//! `mark.rs`, Undo in `undo.rs`, the heads and the spot check in
//! `checks.rs`. Each must carry the run's secret; each answers "see other"
//! back to `/teacher` (`/teacher?class=show` for a form of the whole
//! class's view, which then stays open without scripts), with its words
//! (and, for a typo in Mark by hand, what was typed) left for that view,
//! so a reload never repeats one. Each is one kind of audit line (Address
//! `teacher`) and one terminal line ("Teacher").

use super::desk::{Desk, Did, Undoable};
use super::done::{note, said, tell, Done};
use super::{checks, mark, undo};
use crate::class::Class;
use crate::form;
use crate::guards::Cidr;
use crate::register::audit;
use crate::reply::{self, Reply};
use crate::session::{is_valid_fixed_code, Mode};
use crate::validate;
use chrono::NaiveDateTime;
use tiny_http::Request;

/// Runs `action` and answers back to `/teacher`.
pub fn act(class: &Class, desk: &Desk, request: &mut Request, action: &str) -> Reply {
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
        "mark" => mark::mark(class, desk, &fields, now),
        "allow" => allow(class, &field("network"), now),
        "network" => choose_network(class, &field("address"), now),
        "remove" => remove(class, desk, &field("roll"), now),
        "undo" => undo::undo(class, desk, now),
        "late" => set_late(class, &field("minutes"), now),
        "excuse" => mark::excuse(class, desk, &[field("roll")], &field("reason"), now),
        "heads" => checks::heads(class, desk, &field("count"), now),
        "spot-check" => checks::spot_check(class, desk, &field("count"), now),
        "here" => checks::here(class, desk, &field("roll"), now),
        "not-here" => checks::not_here(class, desk, &field("roll"), now),
        "spot-stop" => checks::stop(class, desk, now),
        _ => return Reply::message(404, "Reply not found", "There is nothing at this address."),
    };
    if let Err(flash) = done {
        desk.say(flash);
    }
    match field("view").as_str() {
        "class" => Reply::redirect("/teacher?class=show"),
        _ => Reply::redirect("/teacher"),
    }
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

fn open(class: &Class, now: NaiveDateTime) -> Done {
    let was_open = class.session().is_open(now);
    if !was_open {
        class.session().open(now);
        note(class, now, ("", ""), audit::SESSION, "opened check-in");
    }
    Ok(())
}

fn close(class: &Class, now: NaiveDateTime) -> Done {
    if class.session().is_open(now) {
        class.session().close();
        note(class, now, ("", ""), audit::SESSION, "closed check-in");
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
    note(class, now, ("", ""), audit::SESSION, &what);
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
    note(class, now, ("", ""), audit::SESSION, &what);
    Ok(())
}

fn allow(class: &Class, network: &str, now: NaiveDateTime) -> Done {
    let net = Cidr::parse(network).ok_or_else(|| said("That is not a network."))?;
    class.guards().allow_network(net);
    note(
        class,
        now,
        ("", ""),
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
        ("", ""),
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
                did: Did::Removed { mark, place },
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
    note(class, now, ("", ""), audit::SESSION, &what);
    Ok(())
}
