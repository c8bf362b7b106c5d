//! Marathi (mr): the student pages' words.
//!
//! NOT YET REVIEWED BY A NATIVE SPEAKER. Corrections are welcome here,
//! and only here: each text says above it what it is for and what the
//! English says. Keep the `{...}` parts as they are (they are filled in
//! when the page is built).
//!
//! Numbers: Devanagari digits (०-९): the page turns 0-9 into them (see `Lang::zero` in mod.rs).

use super::Text;

/// The Marathi words of the student pages.
pub const TEXT: Text = Text {
    // The check-in form's title and heading. English: "Attendance"
    attendance: "हजेरी",
    // Label of the roll number field. English: "Roll number"
    roll: "हजेरी क्रमांक",
    // Label of the name field. English: "Name"
    name: "नाव",
    // Label of the code field (when the teacher uses a code). English: "Code on the screen"
    code: "स्क्रीनवरचा कोड",
    // The form's button. English: "Mark me present"
    button: "माझी हजेरी लावा",
    // The line under the form. English: "Your phone remembers your roll and name for next time."
    remembers: "तुमचा फोन पुढच्या वेळेसाठी तुमचा हजेरी क्रमांक आणि नाव लक्षात ठेवेल.",
    // The big word once a check-in is saved (after a tick), and the start of that page's title. English: "Present"
    present: "हजर",
    // Under the name on that page: {time} is when it was saved (10:12:05). English: "at {time}"
    at: "{time} वाजता",
    // The line at the bottom of that page. English: "Show this screen to your teacher if asked."
    show: "विचारल्यास ही स्क्रीन तुमच्या शिक्षकांना दाखवा.",
    // Heading (and title) when the roll was already marked today. English: "Already marked"
    already: "हजेरी आधीच लागली आहे",
    // Under it: {roll} as saved, {time} when it was first marked. English: "Roll {roll} was already marked at {time}"
    already_at: "क्रमांक {roll} ची हजेरी {time} वाजता आधीच लागली आहे",
    // The line at the bottom of that page. English: "Nothing new was saved. If that was not you, tell your teacher."
    nothing_new: "नवीन काहीही सेव्ह झाले नाही. ते तुम्ही नसाल तर शिक्षकांना सांगा.",
    // The link under a message, back to the form. English: "Back to the check-in page"
    back: "हजेरीच्या पानावर परत जा",
    // Above the form when the laptop could not save the check-in. English: "Could not save — tell your teacher. You are NOT marked yet."
    not_saved: "सेव्ह करता आले नाही — शिक्षकांना सांगा. तुमची हजेरी अजून लागलेली नाही.",
    // Beside the roll field: it is empty. English: "Please type your roll number."
    roll_empty: "तुमचा हजेरी क्रमांक लिहा.",
    // Beside the roll field: it is longer than {n} characters. English: "A roll number has at most {n} characters."
    roll_long: "हजेरी क्रमांकात जास्तीत जास्त {n} अक्षरे असतात.",
    // Beside the roll field: it holds something else than A-Z, 0-9, - and /. English: "A roll number uses only letters, digits, - and /."
    roll_chars: "हजेरी क्रमांकात फक्त A-Z अक्षरे, अंक, - आणि / असतात.",
    // Beside the roll field: it ends with - or /, or has two of them together. English: "A roll number ends with a letter or digit, with one - or / at a time."
    roll_shape: "हजेरी क्रमांकाच्या शेवटी अक्षर किंवा अंक असतो, आणि - किंवा / एका वेळी एकच.",
    // Beside the name field: it is empty. English: "Please type your name."
    name_empty: "तुमचे नाव लिहा.",
    // Beside the name field: it is longer than {n} characters. English: "A name has at most {n} characters."
    name_long: "नावात जास्तीत जास्त {n} अक्षरे असतात.",
    // Beside the name field: it holds something else than letters, spaces, . ' and -. English: "A name uses only letters, spaces, dots, apostrophes and hyphens."
    name_chars: "नावात फक्त अक्षरे, स्पेस, पूर्णविराम (.), ' आणि - असतात.",
    // Beside the name field: it starts with something else than a letter. English: "A name starts with a letter."
    name_start: "नाव अक्षराने सुरू होते.",
    // Heading: an address the laptop has no page for. English: "Page not found"
    not_found_h: "पान सापडले नाही",
    // Its sentence. English: "There is nothing at this address. Check in on the front page."
    not_found: "या पत्त्यावर काहीही नाही. मुख्य पानावर हजेरी लावा.",
    // The student's month on the Present page: {n} days present of {of} class days, {percent} of them. English: "This month: {n} of {of} class days ({percent} %)"
    record: "या महिन्यात: वर्गाच्या {of} दिवसांपैकी {n} दिवस ({percent}\u{a0}%)",
    // Under it, below the class's minimum: {min} is that minimum in percent. English: "That is below the {min} % your class asks for. Every day you come from now counts."
    record_low: "हे तुमच्या वर्गाच्या आवश्यक {min}\u{a0}% पेक्षा कमी आहे. आतापासून येणारा प्रत्येक दिवस महत्त्वाचा आहे.",
    // The refusals, each found by the audit trail's code for it (the first
    // text: never translate it): the heading of its page ("" for one shown
    // beside a field of the form) and its sentence.
    refusals: &[
        // A check-in sent from another web page (never saved). English: "Check in on the check-in page", "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there."
        ["other site", "हजेरीच्या पानावरूनच हजेरी लावा", "हे दुसऱ्या वेब पानावरून पाठवले होते, म्हणून काहीही सेव्ह झाले नाही. वर्गाच्या स्क्रीनवरचा पत्ता उघडा आणि तिथेच हजेरी लावा."],
        // The phone is not on the classroom's network. English: "Connect to the classroom Wi-Fi to check in", "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again."
        ["other network", "हजेरीसाठी वर्गाच्या Wi-Fi ला जोडा", "हा फोन वर्गाच्या नेटवर्कवर नाही. शिक्षकांचा लॅपटॉप ज्या Wi-Fi वर आहे त्याला जोडा, मग पत्ता पुन्हा उघडा."],
        // The teacher has closed check-in. English: "Attendance is closed", "Check-in is not open right now. If you are in class, tell your teacher."
        ["closed", "हजेरी बंद आहे", "आत्ता हजेरी सुरू नाही. तुम्ही वर्गात असाल तर शिक्षकांना सांगा."],
        // This phone already checked in another roll, {roll}, today. English: "This phone already checked in roll {roll} today", "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher."
        ["second roll on this phone", "या फोनवरून आज क्रमांक {roll} ची हजेरी लागली आहे", "एका फोनवरून दिवसातून एकाच विद्यार्थ्याची हजेरी लागते. हा तुमचा क्रमांक नसेल तर स्वतःच्या फोनवरून हजेरी लावा, किंवा शिक्षकांना विचारा."],
        // This phone (or its address) already checked in the most students a day allowed: {n}. English: "Too many check-ins from this phone", "This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."
        ["more than # rolls from this address", "या फोनवरून आणखी हजेरी लागणार नाही", "या फोनवरून (किंवा त्याच्या नेटवर्क पत्त्यावरून) आज {n} विद्यार्थ्यांची हजेरी लागली आहे, त्याहून जास्त नाही. शिक्षकांकडून हजेरी लावून घ्या."],
        // Too many tries that did not work came from this phone this minute. English: "Wait a minute", "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts", "एक मिनिट थांबा", "या फोनवरून बरेच प्रयत्न चुकले (बहुतेक चुकीचे कोड). एक मिनिट थांबा, मग वर्गाच्या स्क्रीनवर दिसणारा कोड लिहा."],
        // The same from this network, whose phones share one address. English: "Wait a minute", "Too many tries that did not work came from this network in the last minute (its phones share one address). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts from this address", "एक मिनिट थांबा", "गेल्या मिनिटात या नेटवर्कवरून बरेच प्रयत्न चुकले (त्याचे फोन एकच पत्ता वापरतात). एक मिनिट थांबा, मग वर्गाच्या स्क्रीनवर दिसणारा कोड लिहा."],
        // Too many wrong codes from this network this hour. English: "Ask your teacher to mark you", "Too many wrong codes came from this network in the last hour, so codes from it are not checked for a while. Your teacher can mark you present from the laptop."
        ["too many wrong codes from this address this hour", "शिक्षकांकडून हजेरी लावून घ्या", "गेल्या तासात या नेटवर्कवरून खूप चुकीचे कोड आले, म्हणून काही वेळ त्यावरचे कोड तपासले जाणार नाहीत. तुमचे शिक्षक लॅपटॉपवरून तुमची हजेरी लावू शकतात."],
        // Beside the code field: it is empty. English: "", "Please type the code shown on the classroom screen."
        ["no code", "", "वर्गाच्या स्क्रीनवर दिसणारा कोड लिहा."],
        // Beside the code field: it is not the code. English: "", "That code is not right: look at the screen and type the code shown there."
        ["wrong code", "", "हा कोड बरोबर नाही: स्क्रीन पाहून तिथे दिसणारा कोड लिहा."],
        // Beside the code field: it was the code a minute ago. English: "", "That code has expired: look at the screen for the new one."
        ["expired code", "", "या कोडची वेळ संपली: स्क्रीनवर नवीन कोड पाहा."],
        // Beside the roll: it is not on the teacher's class list ({roll} as typed). English: "", "Roll {roll} is not on the class list: tell your teacher."
        ["not on the class list", "", "क्रमांक {roll} वर्गाच्या यादीत नाही: शिक्षकांना सांगा."],
        // A check-in that did not come from the form (no ticket). Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["no form ticket", "", "अजून काहीही सेव्ह झाले नाही: “माझी हजेरी लावा” पुन्हा एकदा दाबा."],
        // The form was opened before rollcall was restarted. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket of another run", "", "अजून काहीही सेव्ह झाले नाही: “माझी हजेरी लावा” पुन्हा एकदा दाबा."],
        // The same form was sent twice. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket used already", "", "अजून काहीही सेव्ह झाले नाही: “माझी हजेरी लावा” पुन्हा एकदा दाबा."],
        // A form ticket this laptop did not give this phone. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["unknown form ticket", "", "अजून काहीही सेव्ह झाले नाही: “माझी हजेरी लावा” पुन्हा एकदा दाबा."],
    ],
    // The months, for the date under the heading ("10 February 2026").
    months: [
        "जानेवारी",
        "फेब्रुवारी",
        "मार्च",
        "एप्रिल",
        "मे",
        "जून",
        "जुलै",
        "ऑगस्ट",
        "सप्टेंबर",
        "ऑक्टोबर",
        "नोव्हेंबर",
        "डिसेंबर",
    ],
};
