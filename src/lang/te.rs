//! Telugu (te): the student pages' words.
//!
//! NOT YET REVIEWED BY A NATIVE SPEAKER. Corrections are welcome here,
//! and only here: each text says above it what it is for and what the
//! English says. Keep the `{...}` parts as they are (they are filled in
//! when the page is built).
//!
//! Numbers: 0-9, as Telugu schools and phones write them (see `Lang::zero` in mod.rs).
//! `\u{200c}` is the zero-width non-joiner, which keeps a virama
//! visible before a suffix (ల్యాప్‌టాప్).

use super::Text;

/// The Telugu words of the student pages.
pub const TEXT: Text = Text {
    // The check-in form's title and heading. English: "Attendance"
    attendance: "హాజరు",
    // Label of the roll number field. English: "Roll number"
    roll: "రోల్ నంబర్",
    // Label of the name field. English: "Name"
    name: "పేరు",
    // Label of the code field (when the teacher uses a code). English: "Code on the screen"
    code: "స్క్రీన్ మీద ఉన్న కోడ్",
    // The form's button. English: "Mark me present"
    button: "నా హాజరు నమోదు చేయండి",
    // The line under the form. English: "Your phone remembers your roll and name for next time."
    remembers: "మీ ఫోన్ తర్వాతి సారి కోసం మీ రోల్ నంబర్, పేరు గుర్తుంచుకుంటుంది.",
    // The big word once a check-in is saved (after a tick), and the start of that page's title. English: "Present"
    present: "హాజరు నమోదైంది",
    // Under the name on that page: {time} is when it was saved (10:12:05). English: "at {time}"
    at: "{time}కి",
    // The line at the bottom of that page. English: "Show this screen to your teacher if asked."
    show: "అడిగితే ఈ స్క్రీన్ మీ టీచర్ గారికి చూపించండి.",
    // Heading (and title) when the roll was already marked today. English: "Already marked"
    already: "హాజరు ఇప్పటికే నమోదైంది",
    // Under it: {roll} as saved, {time} when it was first marked. English: "Roll {roll} was already marked at {time}"
    already_at: "రోల్ {roll} హాజరు {time}కి ఇప్పటికే నమోదైంది",
    // The line at the bottom of that page. English: "Nothing new was saved. If that was not you, tell your teacher."
    nothing_new: "కొత్తగా ఏమీ సేవ్ కాలేదు. అది మీరు కాకపోతే టీచర్ గారికి చెప్పండి.",
    // The link under a message, back to the form. English: "Back to the check-in page"
    back: "హాజరు పేజీకి తిరిగి వెళ్ళండి",
    // Above the form when the laptop could not save the check-in. English: "Could not save — tell your teacher. You are NOT marked yet."
    not_saved: "సేవ్ చేయలేకపోయాం — టీచర్ గారికి చెప్పండి. మీ హాజరు ఇంకా నమోదు కాలేదు.",
    // Beside the roll field: it is empty. English: "Please type your roll number."
    roll_empty: "మీ రోల్ నంబర్ రాయండి.",
    // Beside the roll field: it is longer than {n} characters. English: "A roll number has at most {n} characters."
    roll_long: "రోల్ నంబర్ {n} అక్షరాలకు మించకూడదు.",
    // Beside the roll field: it holds something else than A-Z, 0-9, - and /. English: "A roll number uses only letters, digits, - and /."
    roll_chars: "రోల్ నంబర్ కోసం A-Z అక్షరాలు, అంకెలు, - మరియు / మాత్రమే వాడండి.",
    // Beside the roll field: it ends with - or /, or has two of them together. English: "A roll number ends with a letter or digit, with one - or / at a time."
    roll_shape: "రోల్ నంబర్ అక్షరం లేదా అంకెతో ముగియాలి; - లేదా / ఒకసారి ఒక్కటే.",
    // Beside the name field: it is empty. English: "Please type your name."
    name_empty: "మీ పేరు రాయండి.",
    // Beside the name field: it is longer than {n} characters. English: "A name has at most {n} characters."
    name_long: "పేరు {n} అక్షరాలకు మించకూడదు.",
    // Beside the name field: it holds something else than letters, spaces, . ' and -. English: "A name uses only letters, spaces, dots, apostrophes and hyphens."
    name_chars: "పేరు కోసం అక్షరాలు, ఖాళీలు, చుక్క (.), ' మరియు - మాత్రమే వాడండి.",
    // Beside the name field: it starts with something else than a letter. English: "A name starts with a letter."
    name_start: "పేరు అక్షరంతో మొదలవ్వాలి.",
    // Heading: an address the laptop has no page for. English: "Page not found"
    not_found_h: "పేజీ కనబడలేదు",
    // Its sentence. English: "There is nothing at this address. Check in on the front page."
    not_found: "ఈ చిరునామాలో ఏమీ లేదు. మొదటి పేజీలో హాజరు నమోదు చేయండి.",
    // The student's month on the Present page: {n} days present of {of} class days, {percent} of them. English: "This month: {n} of {of} class days ({percent} %)"
    record: "ఈ నెల: తరగతి జరిగిన {of} రోజుల్లో {n} రోజులు ({percent}\u{a0}%)",
    // Under it, below the class's minimum: {min} is that minimum in percent. English: "That is below the {min} % your class asks for. Every day you come from now counts."
    record_low: "ఇది మీ తరగతికి కావలసిన {min}\u{a0}% కంటే తక్కువ. ఇక నుంచి మీరు వచ్చే ప్రతి రోజూ లెక్కలోకి వస్తుంది.",
    // The refusals, each found by the audit trail's code for it (the first
    // text: never translate it): the heading of its page ("" for one shown
    // beside a field of the form) and its sentence.
    refusals: &[
        // A check-in sent from another web page (never saved). English: "Check in on the check-in page", "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there."
        ["other site", "హాజరు పేజీలోనే నమోదు చేయండి", "ఇది వేరే వెబ్ పేజీ నుంచి వచ్చింది, కాబట్టి ఏమీ సేవ్ కాలేదు. తరగతి స్క్రీన్ మీద ఉన్న చిరునామా తెరిచి అక్కడే నమోదు చేయండి."],
        // The phone is not on the classroom's network. English: "Connect to the classroom Wi-Fi to check in", "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again."
        ["other network", "హాజరు కోసం తరగతి Wi-Fi కి కనెక్ట్ అవ్వండి", "ఈ ఫోన్ తరగతి Wi-Fi లో లేదు. టీచర్ గారి ల్యాప్\u{200c}టాప్ ఉన్న Wi-Fi కి కనెక్ట్ అయ్యి, చిరునామా మళ్ళీ తెరవండి."],
        // The teacher has closed check-in. English: "Attendance is closed", "Check-in is not open right now. If you are in class, tell your teacher."
        ["closed", "హాజరు ముగిసింది", "ప్రస్తుతం హాజరు నమోదు జరగడం లేదు. మీరు తరగతిలో ఉంటే టీచర్ గారికి చెప్పండి."],
        // This phone already checked in another roll, {roll}, today. English: "This phone already checked in roll {roll} today", "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher."
        ["second roll on this phone", "ఈ ఫోన్ నుంచి ఈ రోజు రోల్ {roll} హాజరు ఇప్పటికే నమోదైంది", "ఒక ఫోన్ నుంచి రోజుకు ఒక విద్యార్థి హాజరు మాత్రమే. ఇది మీ రోల్ కాకపోతే మీ సొంత ఫోన్ నుంచి నమోదు చేయండి, లేదా టీచర్ గారిని అడగండి."],
        // This phone (or its address) already checked in the most students a day allowed: {n}. English: "Too many check-ins from this phone", "This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."
        ["more than # rolls from this address", "ఈ ఫోన్ నుంచి ఇక హాజరు నమోదు కాదు", "ఈ ఫోన్ (లేదా దాని నెట్\u{200c}వర్క్ చిరునామా) నుంచి ఈ రోజు ఇప్పటికే {n} మంది హాజరు నమోదైంది, ఇదే గరిష్ఠం. మీ హాజరు వేయమని టీచర్ గారిని అడగండి."],
        // Too many tries that did not work came from this phone this minute. English: "Wait a minute", "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts", "ఒక నిమిషం ఆగండి", "ఈ ఫోన్ నుంచి చాలా ప్రయత్నాలు విఫలమయ్యాయి (ఎక్కువగా తప్పు కోడ్\u{200c}లు). ఒక నిమిషం ఆగి, తరగతి స్క్రీన్ మీద చూపిన కోడ్ రాయండి."],
        // The same from this network, whose phones share one address. English: "Wait a minute", "Too many tries that did not work came from this network in the last minute (its phones share one address). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts from this address", "ఒక నిమిషం ఆగండి", "గత నిమిషంలో ఈ నెట్\u{200c}వర్క్ నుంచి చాలా ప్రయత్నాలు విఫలమయ్యాయి (దాని ఫోన్\u{200c}లు ఒకే చిరునామా వాడతాయి). ఒక నిమిషం ఆగి, తరగతి స్క్రీన్ మీద చూపిన కోడ్ రాయండి."],
        // Too many wrong codes from this network this hour. English: "Ask your teacher to mark you", "Too many wrong codes came from this network in the last hour, so codes from it are not checked for a while. Your teacher can mark you present from the laptop."
        ["too many wrong codes from this address this hour", "మీ హాజరు వేయమని టీచర్ గారిని అడగండి", "గత గంటలో ఈ నెట్\u{200c}వర్క్ నుంచి చాలా తప్పు కోడ్\u{200c}లు వచ్చాయి, అందుకే కొంతసేపు దాని కోడ్\u{200c}లు చూడము. మీ టీచర్ గారు ల్యాప్\u{200c}టాప్ నుంచి మీ హాజరు వేయగలరు."],
        // Beside the code field: it is empty. English: "", "Please type the code shown on the classroom screen."
        ["no code", "", "తరగతి స్క్రీన్ మీద చూపిన కోడ్ రాయండి."],
        // Beside the code field: it is not the code. English: "", "That code is not right: look at the screen and type the code shown there."
        ["wrong code", "", "ఈ కోడ్ సరైనది కాదు: స్క్రీన్ చూసి అక్కడ ఉన్న కోడ్ రాయండి."],
        // Beside the code field: it was the code a minute ago. English: "", "That code has expired: look at the screen for the new one."
        ["expired code", "", "ఈ కోడ్ గడువు ముగిసింది: స్క్రీన్ మీద కొత్త కోడ్ చూడండి."],
        // Beside the roll: it is not on the teacher's class list ({roll} as typed). English: "", "Roll {roll} is not on the class list: tell your teacher."
        ["not on the class list", "", "రోల్ {roll} తరగతి జాబితాలో లేదు: టీచర్ గారికి చెప్పండి."],
        // A check-in that did not come from the form (no ticket). Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["no form ticket", "", "ఇంకా ఏమీ సేవ్ కాలేదు: “నా హాజరు నమోదు చేయండి” మరోసారి నొక్కండి."],
        // The form was opened before rollcall was restarted. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket of another run", "", "ఇంకా ఏమీ సేవ్ కాలేదు: “నా హాజరు నమోదు చేయండి” మరోసారి నొక్కండి."],
        // The same form was sent twice. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket used already", "", "ఇంకా ఏమీ సేవ్ కాలేదు: “నా హాజరు నమోదు చేయండి” మరోసారి నొక్కండి."],
        // A form ticket this laptop did not give this phone. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["unknown form ticket", "", "ఇంకా ఏమీ సేవ్ కాలేదు: “నా హాజరు నమోదు చేయండి” మరోసారి నొక్కండి."],
    ],
    // The months, for the date under the heading ("10 February 2026").
    months: [
        "జనవరి",
        "ఫిబ్రవరి",
        "మార్చి",
        "ఏప్రిల్",
        "మే",
        "జూన్",
        "జులై",
        "ఆగస్టు",
        "సెప్టెంబర్",
        "అక్టోబర్",
        "నవంబర్",
        "డిసెంబర్",
    ],
};
