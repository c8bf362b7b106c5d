//! Hindi (hi): the student pages' words.
//!
//! NOT YET REVIEWED BY A NATIVE SPEAKER. Corrections are welcome here,
//! and only here: each text says above it what it is for and what the
//! English says. Keep the `{...}` parts as they are (they are filled in
//! when the page is built).
//!
//! Numbers: 0-9, as Hindi schools and phones mostly write them (see `Lang::zero` in mod.rs).

use super::Text;

/// The Hindi words of the student pages.
pub const TEXT: Text = Text {
    // The check-in form's title and heading. English: "Attendance"
    attendance: "हाज़िरी",
    // Label of the roll number field. English: "Roll number"
    roll: "रोल नंबर",
    // Label of the name field. English: "Name"
    name: "नाम",
    // Label of the code field (when the teacher uses a code). English: "Code on the screen"
    code: "स्क्रीन पर दिखा कोड",
    // The form's button. English: "Mark me present"
    button: "मेरी हाज़िरी लगाएँ",
    // The line under the form. English: "Your phone remembers your roll and name for next time."
    remembers: "आपका फ़ोन अगली बार के लिए आपका रोल नंबर और नाम याद रखेगा।",
    // The big word once a check-in is saved (after a tick), and the start of that page's title. English: "Present"
    present: "उपस्थित",
    // Under the name on that page: {time} is when it was saved (10:12:05). English: "at {time}"
    at: "{time} बजे",
    // The line at the bottom of that page. English: "Show this screen to your teacher if asked."
    show: "पूछे जाने पर यह स्क्रीन अपने शिक्षक को दिखाएँ।",
    // Heading (and title) when the roll was already marked today. English: "Already marked"
    already: "हाज़िरी पहले ही लग चुकी है",
    // Under it: {roll} as saved, {time} when it was first marked. English: "Roll {roll} was already marked at {time}"
    already_at: "रोल {roll} की हाज़िरी {time} बजे पहले ही लग चुकी है",
    // The line at the bottom of that page. English: "Nothing new was saved. If that was not you, tell your teacher."
    nothing_new: "कुछ नया सेव नहीं हुआ। अगर वह आप नहीं थे, तो अपने शिक्षक को बताएँ।",
    // The link under a message, back to the form. English: "Back to the check-in page"
    back: "हाज़िरी वाले पेज पर वापस जाएँ",
    // Above the form when the laptop could not save the check-in. English: "Could not save — tell your teacher. You are NOT marked yet."
    not_saved: "सेव नहीं हो सका — अपने शिक्षक को बताएँ। आपकी हाज़िरी अभी नहीं लगी है।",
    // Beside the roll field: it is empty. English: "Please type your roll number."
    roll_empty: "अपना रोल नंबर लिखें।",
    // Beside the roll field: it is longer than {n} characters. English: "A roll number has at most {n} characters."
    roll_long: "रोल नंबर में अधिक से अधिक {n} अक्षर होते हैं।",
    // Beside the roll field: it holds something else than A-Z, 0-9, - and /. English: "A roll number uses only letters, digits, - and /."
    roll_chars: "रोल नंबर में केवल A-Z अक्षर, अंक, - और / होते हैं।",
    // Beside the roll field: it ends with - or /, or has two of them together. English: "A roll number ends with a letter or digit, with one - or / at a time."
    roll_shape: "रोल नंबर के अंत में अक्षर या अंक हो, और - या / एक बार में एक ही।",
    // Beside the name field: it is empty. English: "Please type your name."
    name_empty: "अपना नाम लिखें।",
    // Beside the name field: it is longer than {n} characters. English: "A name has at most {n} characters."
    name_long: "नाम में अधिक से अधिक {n} अक्षर होते हैं।",
    // Beside the name field: it holds something else than letters, spaces, . ' and -. English: "A name uses only letters, spaces, dots, apostrophes and hyphens."
    name_chars: "नाम में केवल अक्षर, स्पेस, बिंदु (.), ' और - होते हैं।",
    // Beside the name field: it starts with something else than a letter. English: "A name starts with a letter."
    name_start: "नाम किसी अक्षर से शुरू होता है।",
    // Heading: an address the laptop has no page for. English: "Page not found"
    not_found_h: "पेज नहीं मिला",
    // Its sentence. English: "There is nothing at this address. Check in on the front page."
    not_found: "इस पते पर कुछ नहीं है। मुख्य पेज पर हाज़िरी लगाएँ।",
    // The student's month on the Present page: {n} days present of {of} class days, {percent} of them. English: "This month: {n} of {of} class days ({percent} %)"
    record: "इस महीने: कक्षा के {of} दिनों में से {n} दिन ({percent}\u{a0}%)",
    // Under it, below the class's minimum: {min} is that minimum in percent. English: "That is below the {min} % your class asks for. Every day you come from now counts."
    record_low: "यह आपकी कक्षा के ज़रूरी {min}\u{a0}% से कम है। अब से हर दिन आना मायने रखता है।",
    // The refusals, each found by the audit trail's code for it (the first
    // text: never translate it): the heading of its page ("" for one shown
    // beside a field of the form) and its sentence.
    refusals: &[
        // A check-in sent from another web page (never saved). English: "Check in on the check-in page", "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there."
        ["other site", "हाज़िरी वाले पेज से ही हाज़िरी लगाएँ", "यह किसी दूसरे वेब पेज से भेजा गया था, इसलिए कुछ सेव नहीं हुआ। कक्षा की स्क्रीन पर दिखा पता खोलें और वहीं हाज़िरी लगाएँ।"],
        // The phone is not on the classroom's network. English: "Connect to the classroom Wi-Fi to check in", "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again."
        ["other network", "हाज़िरी के लिए कक्षा के Wi-Fi से जुड़ें", "यह फ़ोन कक्षा के नेटवर्क पर नहीं है। जिस Wi-Fi पर शिक्षक का लैपटॉप है, उससे जुड़ें, फिर पता दोबारा खोलें।"],
        // The teacher has closed check-in. English: "Attendance is closed", "Check-in is not open right now. If you are in class, tell your teacher."
        ["closed", "हाज़िरी बंद है", "अभी हाज़िरी नहीं लग रही है। अगर आप कक्षा में हैं, तो अपने शिक्षक को बताएँ।"],
        // This phone already checked in another roll, {roll}, today. English: "This phone already checked in roll {roll} today", "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher."
        ["second roll on this phone", "इस फ़ोन से आज रोल {roll} की हाज़िरी लग चुकी है", "एक फ़ोन से दिन में एक ही छात्र की हाज़िरी लगती है। अगर यह आपका रोल नहीं है, तो अपने फ़ोन से हाज़िरी लगाएँ, या अपने शिक्षक से कहें।"],
        // This phone (or its address) already checked in the most students a day allowed: {n}. English: "Too many check-ins from this phone", "This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."
        ["more than # rolls from this address", "इस फ़ोन से और हाज़िरी नहीं लग सकती", "इस फ़ोन (या इसके नेटवर्क पते) से आज {n} छात्रों की हाज़िरी लग चुकी है, इससे अधिक नहीं। अपने शिक्षक से हाज़िरी लगवाएँ।"],
        // Too many tries that did not work came from this phone this minute. English: "Wait a minute", "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts", "एक मिनट रुकें", "इस फ़ोन से कई कोशिशें नाकाम रहीं (ज़्यादातर गलत कोड)। एक मिनट रुकें, फिर कक्षा की स्क्रीन पर दिखा कोड लिखें।"],
        // The same from this network, whose phones share one address. English: "Wait a minute", "Too many tries that did not work came from this network in the last minute (its phones share one address). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts from this address", "एक मिनट रुकें", "पिछले एक मिनट में इस नेटवर्क से कई कोशिशें नाकाम रहीं (इसके फ़ोन एक ही पता इस्तेमाल करते हैं)। एक मिनट रुकें, फिर कक्षा की स्क्रीन पर दिखा कोड लिखें।"],
        // Too many wrong codes from this network this hour. English: "Ask your teacher to mark you", "Too many wrong codes came from this network in the last hour, so codes from it are not checked for a while. Your teacher can mark you present from the laptop."
        ["too many wrong codes from this address this hour", "अपने शिक्षक से हाज़िरी लगवाएँ", "पिछले एक घंटे में इस नेटवर्क से बहुत सारे गलत कोड आए, इसलिए कुछ देर तक इसके कोड जाँचे नहीं जाएँगे। आपके शिक्षक लैपटॉप से आपकी हाज़िरी लगा सकते हैं।"],
        // Beside the code field: it is empty. English: "", "Please type the code shown on the classroom screen."
        ["no code", "", "कक्षा की स्क्रीन पर दिखा कोड लिखें।"],
        // Beside the code field: it is not the code. English: "", "That code is not right: look at the screen and type the code shown there."
        ["wrong code", "", "यह कोड सही नहीं है: स्क्रीन देखकर वहाँ दिखा कोड लिखें।"],
        // Beside the code field: it was the code a minute ago. English: "", "That code has expired: look at the screen for the new one."
        ["expired code", "", "इस कोड का समय निकल गया: स्क्रीन पर नया कोड देखें।"],
        // Beside the roll: it is not on the teacher's class list ({roll} as typed). English: "", "Roll {roll} is not on the class list: tell your teacher."
        ["not on the class list", "", "रोल {roll} कक्षा की सूची में नहीं है: अपने शिक्षक को बताएँ।"],
        // A check-in that did not come from the form (no ticket). Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["no form ticket", "", "अभी कुछ सेव नहीं हुआ: “मेरी हाज़िरी लगाएँ” एक बार और दबाएँ।"],
        // The form was opened before rollcall was restarted. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket of another run", "", "अभी कुछ सेव नहीं हुआ: “मेरी हाज़िरी लगाएँ” एक बार और दबाएँ।"],
        // The same form was sent twice. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket used already", "", "अभी कुछ सेव नहीं हुआ: “मेरी हाज़िरी लगाएँ” एक बार और दबाएँ।"],
        // A form ticket this laptop did not give this phone. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["unknown form ticket", "", "अभी कुछ सेव नहीं हुआ: “मेरी हाज़िरी लगाएँ” एक बार और दबाएँ।"],
    ],
    // The months, for the date under the heading ("10 February 2026").
    months: [
        "जनवरी",
        "फ़रवरी",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुलाई",
        "अगस्त",
        "सितंबर",
        "अक्टूबर",
        "नवंबर",
        "दिसंबर",
    ],
};
