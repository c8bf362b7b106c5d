//! Tamil (ta): the student pages' words.
//!
//! NOT YET REVIEWED BY A NATIVE SPEAKER. Corrections are welcome here,
//! and only here: each text says above it what it is for and what the
//! English says. Keep the `{...}` parts as they are (they are filled in
//! when the page is built).
//!
//! Numbers: 0-9, as Tamil schools and phones write them (see `Lang::zero` in mod.rs).

use super::Text;

/// The Tamil words of the student pages.
pub const TEXT: Text = Text {
    // The check-in form's title and heading. English: "Attendance"
    attendance: "வருகைப் பதிவு",
    // Label of the roll number field. English: "Roll number"
    roll: "ரோல் எண்",
    // Label of the name field. English: "Name"
    name: "பெயர்",
    // Label of the code field (when the teacher uses a code). English: "Code on the screen"
    code: "திரையில் உள்ள குறியீடு",
    // The form's button. English: "Mark me present"
    button: "என் வருகையைப் பதிவு செய்",
    // The line under the form. English: "Your phone remembers your roll and name for next time."
    remembers: "அடுத்த முறைக்காக உங்கள் ரோல் எண்ணையும் பெயரையும் உங்கள் கைபேசி நினைவில் வைத்திருக்கும்.",
    // The big word once a check-in is saved (after a tick), and the start of that page's title. English: "Present"
    present: "வருகை பதிவானது",
    // Under the name on that page: {time} is when it was saved (10:12:05). English: "at {time}"
    at: "{time} மணிக்கு",
    // The line at the bottom of that page. English: "Show this screen to your teacher if asked."
    show: "கேட்டால், இந்தத் திரையை ஆசிரியரிடம் காட்டுங்கள்.",
    // Heading (and title) when the roll was already marked today. English: "Already marked"
    already: "வருகை ஏற்கெனவே பதிவானது",
    // Under it: {roll} as saved, {time} when it was first marked. English: "Roll {roll} was already marked at {time}"
    already_at: "ரோல் எண் {roll} ஏற்கெனவே {time} மணிக்குப் பதிவானது",
    // The line at the bottom of that page. English: "Nothing new was saved. If that was not you, tell your teacher."
    nothing_new: "புதிதாக எதுவும் சேமிக்கப்படவில்லை. அது நீங்கள் இல்லையென்றால் ஆசிரியரிடம் சொல்லுங்கள்.",
    // The link under a message, back to the form. English: "Back to the check-in page"
    back: "வருகைப் பக்கத்துக்குத் திரும்புங்கள்",
    // Above the form when the laptop could not save the check-in. English: "Could not save — tell your teacher. You are NOT marked yet."
    not_saved: "சேமிக்க முடியவில்லை — ஆசிரியரிடம் சொல்லுங்கள். உங்கள் வருகை இன்னும் பதிவாகவில்லை.",
    // Beside the roll field: it is empty. English: "Please type your roll number."
    roll_empty: "உங்கள் ரோல் எண்ணை எழுதுங்கள்.",
    // Beside the roll field: it is longer than {n} characters. English: "A roll number has at most {n} characters."
    roll_long: "ரோல் எண்ணில் அதிகபட்சம் {n} எழுத்துகள்.",
    // Beside the roll field: it holds something else than A-Z, 0-9, - and /. English: "A roll number uses only letters, digits, - and /."
    roll_chars: "ரோல் எண்ணில் A-Z எழுத்துகள், எண்கள், - மற்றும் / மட்டுமே இருக்கலாம்.",
    // Beside the roll field: it ends with - or /, or has two of them together. English: "A roll number ends with a letter or digit, with one - or / at a time."
    roll_shape: "ரோல் எண் எழுத்திலோ எண்ணிலோ முடிய வேண்டும்; - அல்லது / ஒரு நேரத்தில் ஒன்றுதான்.",
    // Beside the name field: it is empty. English: "Please type your name."
    name_empty: "உங்கள் பெயரை எழுதுங்கள்.",
    // Beside the name field: it is longer than {n} characters. English: "A name has at most {n} characters."
    name_long: "பெயரில் அதிகபட்சம் {n} எழுத்துகள்.",
    // Beside the name field: it holds something else than letters, spaces, . ' and -. English: "A name uses only letters, spaces, dots, apostrophes and hyphens."
    name_chars: "பெயரில் எழுத்துகள், இடைவெளி, புள்ளி (.), ' மற்றும் - மட்டுமே இருக்கலாம்.",
    // Beside the name field: it starts with something else than a letter. English: "A name starts with a letter."
    name_start: "பெயர் ஓர் எழுத்தில் தொடங்க வேண்டும்.",
    // Heading: an address the laptop has no page for. English: "Page not found"
    not_found_h: "பக்கம் கிடைக்கவில்லை",
    // Its sentence. English: "There is nothing at this address. Check in on the front page."
    not_found: "இந்த முகவரியில் எதுவும் இல்லை. முதல் பக்கத்தில் வருகையைப் பதிவு செய்யுங்கள்.",
    // The student's month on the Present page: {n} days present of {of} class days, {percent} of them. English: "This month: {n} of {of} class days ({percent} %)"
    record: "இந்த மாதம்: வகுப்பு நடந்த {of} நாட்களில் {n} நாள் ({percent}\u{a0}%)",
    // Under it, below the class's minimum: {min} is that minimum in percent. English: "That is below the {min} % your class asks for. Every day you come from now counts."
    record_low: "இது உங்கள் வகுப்புக்குத் தேவையான {min}\u{a0}%-ஐ விடக் குறைவு. இனி நீங்கள் வரும் ஒவ்வொரு நாளும் முக்கியம்.",
    // The refusals, each found by the audit trail's code for it (the first
    // text: never translate it): the heading of its page ("" for one shown
    // beside a field of the form) and its sentence.
    refusals: &[
        // A check-in sent from another web page (never saved). English: "Check in on the check-in page", "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there."
        ["other site", "வருகைப் பக்கத்திலேயே பதிவு செய்யுங்கள்", "இது வேறொரு இணையப் பக்கத்திலிருந்து வந்தது, அதனால் எதுவும் சேமிக்கப்படவில்லை. வகுப்புத் திரையில் உள்ள முகவரியைத் திறந்து அங்கே பதிவு செய்யுங்கள்."],
        // The phone is not on the classroom's network. English: "Connect to the classroom Wi-Fi to check in", "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again."
        ["other network", "பதிவு செய்ய வகுப்பறை Wi-Fi-யில் இணையுங்கள்", "இந்தக் கைபேசி வகுப்பறை நெட்வொர்க்கில் இல்லை. ஆசிரியரின் லேப்டாப் உள்ள Wi-Fi-யில் இணைந்து, முகவரியை மீண்டும் திறங்கள்."],
        // The teacher has closed check-in. English: "Attendance is closed", "Check-in is not open right now. If you are in class, tell your teacher."
        ["closed", "வருகைப் பதிவு மூடப்பட்டது", "இப்போது வருகைப் பதிவு திறந்திருக்கவில்லை. நீங்கள் வகுப்பில் இருந்தால் ஆசிரியரிடம் சொல்லுங்கள்."],
        // This phone already checked in another roll, {roll}, today. English: "This phone already checked in roll {roll} today", "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher."
        ["second roll on this phone", "இந்தக் கைபேசியில் இன்று ரோல் எண் {roll} ஏற்கெனவே பதிவானது", "ஒரு கைபேசியில் ஒரு நாளுக்கு ஒரு மாணவர் மட்டுமே பதிவு செய்யலாம். இது உங்கள் ரோல் எண் இல்லையென்றால், உங்கள் சொந்தக் கைபேசியில் பதிவு செய்யுங்கள், அல்லது ஆசிரியரிடம் கேளுங்கள்."],
        // This phone (or its address) already checked in the most students a day allowed: {n}. English: "Too many check-ins from this phone", "This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."
        ["more than # rolls from this address", "இந்தக் கைபேசியில் இனி பதிவு செய்ய முடியாது", "இந்தக் கைபேசியில் (அல்லது அதன் நெட்வொர்க் முகவரியில்) இன்று {n} மாணவர்கள் பதிவு செய்துவிட்டனர்; இதுவே அதிகபட்சம். உங்களைப் பதிவு செய்ய ஆசிரியரிடம் கேளுங்கள்."],
        // Too many tries that did not work came from this phone this minute. English: "Wait a minute", "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts", "ஒரு நிமிடம் காத்திருங்கள்", "இந்தக் கைபேசியில் பல முயற்சிகள் பலிக்கவில்லை (பெரும்பாலும் தவறான குறியீடுகள்). ஒரு நிமிடம் காத்திருந்து, வகுப்புத் திரையில் உள்ள குறியீட்டை எழுதுங்கள்."],
        // The same from this network, whose phones share one address. English: "Wait a minute", "Too many tries that did not work came from this network in the last minute (its phones share one address). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts from this address", "ஒரு நிமிடம் காத்திருங்கள்", "கடந்த ஒரு நிமிடத்தில் இந்த நெட்வொர்க்கிலிருந்து பல முயற்சிகள் பலிக்கவில்லை (அதன் கைபேசிகள் ஒரே முகவரியைப் பகிர்கின்றன). ஒரு நிமிடம் காத்திருந்து, வகுப்புத் திரையில் உள்ள குறியீட்டை எழுதுங்கள்."],
        // Too many wrong codes from this network this hour. English: "Ask your teacher to mark you", "Too many wrong codes came from this network in the last hour, so codes from it are not checked for a while. Your teacher can mark you present from the laptop."
        ["too many wrong codes from this address this hour", "உங்களைப் பதிவு செய்ய ஆசிரியரிடம் கேளுங்கள்", "கடந்த ஒரு மணி நேரத்தில் இந்த நெட்வொர்க்கிலிருந்து பல தவறான குறியீடுகள் வந்தன, அதனால் சிறிது நேரம் அதன் குறியீடுகள் சரிபார்க்கப்படாது. ஆசிரியர் லேப்டாப்பிலிருந்து உங்கள் வருகையைப் பதிவு செய்யலாம்."],
        // Beside the code field: it is empty. English: "", "Please type the code shown on the classroom screen."
        ["no code", "", "வகுப்புத் திரையில் உள்ள குறியீட்டை எழுதுங்கள்."],
        // Beside the code field: it is not the code. English: "", "That code is not right: look at the screen and type the code shown there."
        ["wrong code", "", "இந்தக் குறியீடு சரியில்லை: திரையைப் பார்த்து அங்குள்ள குறியீட்டை எழுதுங்கள்."],
        // Beside the code field: it was the code a minute ago. English: "", "That code has expired: look at the screen for the new one."
        ["expired code", "", "இந்தக் குறியீட்டின் நேரம் முடிந்தது: திரையில் புதிய குறியீட்டைப் பாருங்கள்."],
        // Beside the roll: it is not on the teacher's class list ({roll} as typed). English: "", "Roll {roll} is not on the class list: tell your teacher."
        ["not on the class list", "", "ரோல் எண் {roll} வகுப்புப் பட்டியலில் இல்லை: ஆசிரியரிடம் சொல்லுங்கள்."],
        // A check-in that did not come from the form (no ticket). Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["no form ticket", "", "இன்னும் எதுவும் சேமிக்கப்படவில்லை: “என் வருகையைப் பதிவு செய்” என்பதை மீண்டும் ஒருமுறை அழுத்துங்கள்."],
        // The form was opened before rollcall was restarted. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket of another run", "", "இன்னும் எதுவும் சேமிக்கப்படவில்லை: “என் வருகையைப் பதிவு செய்” என்பதை மீண்டும் ஒருமுறை அழுத்துங்கள்."],
        // The same form was sent twice. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket used already", "", "இன்னும் எதுவும் சேமிக்கப்படவில்லை: “என் வருகையைப் பதிவு செய்” என்பதை மீண்டும் ஒருமுறை அழுத்துங்கள்."],
        // A form ticket this laptop did not give this phone. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["unknown form ticket", "", "இன்னும் எதுவும் சேமிக்கப்படவில்லை: “என் வருகையைப் பதிவு செய்” என்பதை மீண்டும் ஒருமுறை அழுத்துங்கள்."],
    ],
    // The months, for the date under the heading ("10 February 2026").
    months: [
        "ஜனவரி",
        "பிப்ரவரி",
        "மார்ச்",
        "ஏப்ரல்",
        "மே",
        "ஜூன்",
        "ஜூலை",
        "ஆகஸ்ட்",
        "செப்டம்பர்",
        "அக்டோபர்",
        "நவம்பர்",
        "டிசம்பர்",
    ],
};
