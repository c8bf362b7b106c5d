//! English: the student pages' words, and the ones the audit trail, the
//! terminal and the teacher's screen use for a refused roll or name.
//! Changing one here changes the audit trail's reasons from then on.

use super::Text;

/// The English words of the student pages.
pub const TEXT: Text = Text {
    attendance: "Attendance",
    roll: "Roll number",
    name: "Name",
    code: "Code on the screen",
    button: "Mark me present",
    remembers: "Your phone remembers your roll and name for next time.",
    present: "Present",
    at: "at {time}",
    show: "Show this screen to your teacher if asked.",
    already: "Already marked",
    already_at: "Roll {roll} is already marked (at {time})",
    nothing_new: "Nothing new was saved. If that was not you, tell your teacher.",
    back: "Back to the check-in page",
    not_saved: "Could not save — tell your teacher. You are NOT marked yet.",
    roll_empty: "Please type your roll number.",
    roll_long: "A roll number has at most {n} characters.",
    roll_chars: "A roll number uses only letters, digits, - and /.",
    roll_shape: "A roll number ends with a letter or digit, with one - or / at a time.",
    name_empty: "Please type your name.",
    name_long: "A name has at most {n} characters.",
    name_chars: "A name uses only letters, spaces, dots, apostrophes and hyphens.",
    name_start: "A name starts with a letter.",
    not_found_h: "Page not found",
    not_found: "There is nothing at this address. Check in on the front page.",
    record: "This month: {n} of {of} class days ({percent}\u{a0}%)",
    record_low: "That is below the {min}\u{a0}% your class asks for. Every day you come from now counts.",
    // The refusals, each found by the audit trail's code for it (the first
    // text: never translate it): the heading of its page ("" for one shown
    // beside a field of the form) and its sentence.
    refusals: &[
        // A check-in sent from another web page (never saved).
        ["other site", "Check in on the check-in page", "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there."],
        // The phone is not on the classroom's network.
        ["other network", "Connect to the classroom Wi-Fi to check in", "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again."],
        // The teacher has closed check-in.
        ["closed", "Attendance is closed", "Check-in is not open right now. If you are in class, tell your teacher."],
        // This phone already checked in another roll, {roll}, today.
        ["second roll on this phone", "This phone already checked in roll {roll} today", "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher."],
        // This phone (or its address) already checked in the most students a day allowed: {n}.
        ["more than # rolls from this address", "Too many check-ins from this phone", "This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."],
        // Too many tries that did not work came from this phone this minute.
        ["too many refused attempts", "Wait a minute", "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen."],
        // The same from this network, whose phones share one address.
        ["too many refused attempts from this address", "Wait a minute", "Too many tries that did not work came from this network in the last minute (its phones share one address). Wait a minute, then type the code shown on the classroom screen."],
        // Too many wrong codes from this network this hour.
        ["too many wrong codes from this address this hour", "Ask your teacher to mark you", "Too many wrong codes came from this network in the last hour, so codes from it are not checked for a while. Your teacher can mark you present from the laptop."],
        // Beside the code field: it is empty.
        ["no code", "", "Please type the code shown on the classroom screen."],
        // Beside the code field: it is not the code.
        ["wrong code", "", "That code is not right: look at the screen and type the code shown there."],
        // Beside the code field: it was the code a minute ago.
        ["expired code", "", "That code has expired: look at the screen for the new one."],
        // Beside the roll: it is not on the teacher's class list ({roll} as typed).
        ["not on the class list", "", "Roll {roll} is not on the class list: tell your teacher."],
        // A check-in that did not come from the form (no ticket). Shown above the form, sent back with a fresh ticket.
        ["no form ticket", "", "Nothing is saved yet: press “Mark me present” once more."],
        // The form was opened before rollcall was restarted. Shown above the form, sent back with a fresh ticket.
        ["form ticket of another run", "", "Nothing is saved yet: press “Mark me present” once more."],
        // The same form was sent twice. Shown above the form, sent back with a fresh ticket.
        ["form ticket used already", "", "Nothing is saved yet: press “Mark me present” once more."],
        // A form ticket this laptop did not give this phone. Shown above the form, sent back with a fresh ticket.
        ["unknown form ticket", "", "Nothing is saved yet: press “Mark me present” once more."],
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};
