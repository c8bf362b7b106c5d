//! The door's refusals as a table: for each, a class started a certain way,
//! the request, the answer's status, and the audit trail's reason (or that
//! nothing is written down). Each case runs on a server of its own, through
//! real HTTP; the refusals that need a phone of another address (the
//! network rule, one roll per phone, rolls per machine, the limits) are in
//! `guards` and `hostile`, from namespaces.

use crate::harness::{encode, Server};

const DAY: &str = "2026-02-10";

/// One refusal: how the class runs, what is sent, what comes back.
struct Case {
    name: &'static str,
    /// The server's arguments (it runs --no-code unless given a code).
    args: &'static [&'static str],
    /// Closes check-in on the teacher's screen first.
    closed: bool,
    /// The form's fields, as typed.
    roll: &'static str,
    student: &'static str,
    code: &'static str,
    /// Extra request headers ("Name: value\r\n" each).
    headers: &'static str,
    /// The form's ticket sent; `None`: a fresh form's.
    ticket: Option<&'static str>,
    status: u16,
    /// The audit trail's reason; `None`: nothing is written down.
    audit: Option<&'static str>,
}

const BASE: Case = Case {
    name: "",
    args: &[],
    closed: false,
    roll: "12",
    student: "Asha",
    code: "",
    headers: "",
    ticket: None,
    status: 422,
    audit: None,
};

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "a post from another site's page (Origin) is never read",
            headers: "Origin: http://evil.example\r\n",
            status: 403,
            ..BASE
        },
        Case {
            name: "a post another site's page sent (Sec-Fetch-Site) is never read",
            headers: "Sec-Fetch-Site: cross-site\r\n",
            status: 403,
            ..BASE
        },
        Case {
            name: "no form ticket: a post that did not come from the form",
            ticket: Some(""),
            status: 422,
            audit: Some("no form ticket"),
            ..BASE
        },
        Case {
            name: "a made-up form ticket",
            ticket: Some("0123456789abcdef0123456789abcdef"),
            status: 422,
            audit: Some("form ticket of another run"),
            ..BASE
        },
        Case {
            name: "closed",
            closed: true,
            status: 403,
            audit: Some("closed"),
            ..BASE
        },
        Case {
            name: "no code",
            args: &["--code", "4821"],
            status: 422,
            audit: Some("no code"),
            ..BASE
        },
        Case {
            name: "a wrong code",
            args: &["--code", "4821"],
            code: "4812",
            status: 422,
            audit: Some("wrong code"),
            ..BASE
        },
        Case {
            name: "no roll",
            roll: "",
            status: 422,
            audit: Some("invalid roll or name (no roll)"),
            ..BASE
        },
        Case {
            name: "a roll of other characters",
            roll: "12;",
            status: 422,
            audit: Some("invalid roll or name (roll with other characters)"),
            ..BASE
        },
        Case {
            name: "a name of other characters",
            student: "R2D2",
            status: 422,
            audit: Some("invalid roll or name (name with other characters)"),
            ..BASE
        },
        Case {
            name: "a name that does not start with a letter",
            student: "-Asha",
            status: 422,
            audit: Some("invalid roll or name (name not starting with a letter)"),
            ..BASE
        },
    ]
}

/// Starts the class for `case`.
fn class_for(case: &Case) -> Server {
    let mut builder = Server::builder().clock(&format!("{DAY} 10:00:00"));
    if !case.args.is_empty() {
        builder = builder.codes();
    }
    for arg in case.args {
        builder = builder.arg(*arg);
    }
    builder.start()
}

/// Sends `case`'s check-in as the laptop's browser would, from a form it
/// opened before the teacher closed check-in where the case closes it.
fn send(srv: &Server, case: &Case) -> crate::harness::Reply {
    let ticket = srv.ticket();
    if case.closed {
        assert_eq!(srv.act("close", "").status, 303);
    }
    let body = format!(
        "roll={}&name={}&code={}&ticket={}",
        encode(case.roll),
        encode(case.student),
        encode(case.code),
        case.ticket.unwrap_or(&ticket),
    );
    let request = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        case.headers,
        body.len()
    );
    srv.send(request.as_bytes())
}

/// The refused lines of the day's trail: (roll, reason).
fn refused_lines(srv: &Server) -> Vec<(String, String)> {
    srv.audit(DAY)
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.splitn(7, ',').collect();
            match cells.as_slice() {
                [_, _, _, roll, _, "refused", reason] => {
                    Some((roll.to_string(), reason.trim_matches('"').to_string()))
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn each_refusal_answers_its_status_writes_its_reason_and_saves_nothing() {
    for case in cases() {
        let srv = class_for(&case);
        let reply = send(&srv, &case);
        assert_eq!(reply.status, case.status, "{}: {}", case.name, reply.body);
        let want: Vec<(String, String)> = case
            .audit
            .iter()
            .map(|r| (case.roll.to_string(), r.to_string()))
            .collect();
        assert_eq!(refused_lines(&srv), want, "{}", case.name);
        let rows = srv.today_csv().unwrap_or_default();
        assert!(
            !rows.contains("Asha"),
            "{}: nothing saved: {rows}",
            case.name
        );
    }
}

#[test]
fn the_same_class_lets_the_right_check_in_through() {
    // (So that each case above fails for its own reason.)
    let case = Case {
        code: "4821",
        args: &["--code", "4821"],
        status: 200,
        ..BASE
    };
    let srv = class_for(&case);
    assert_eq!(send(&srv, &case).status, 200);
    assert!(refused_lines(&srv).is_empty());
    assert!(srv
        .today_csv()
        .unwrap_or_default()
        .contains("12,Asha,10:00:00"));
}
