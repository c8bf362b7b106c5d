//! Bengali (bn): the student pages' words.
//!
//! NOT YET REVIEWED BY A NATIVE SPEAKER. Corrections are welcome here,
//! and only here: each text says above it what it is for and what the
//! English says. Keep the `{...}` parts as they are (they are filled in
//! when the page is built).
//!
//! Numbers: Bengali digits (০-৯): the page turns 0-9 into them (see `Lang::zero` in mod.rs).

use super::Text;

/// The Bengali words of the student pages.
pub const TEXT: Text = Text {
    // The check-in form's title and heading. English: "Attendance"
    attendance: "হাজিরা",
    // Label of the roll number field. English: "Roll number"
    roll: "রোল নম্বর",
    // Label of the name field. English: "Name"
    name: "নাম",
    // Label of the code field (when the teacher uses a code). English: "Code on the screen"
    code: "স্ক্রিনের কোড",
    // The form's button. English: "Mark me present"
    button: "হাজিরা দিন",
    // The line under the form. English: "Your phone remembers your roll and name for next time."
    remembers: "আপনার ফোন পরের বারের জন্য রোল নম্বর আর নাম মনে রাখবে।",
    // The big word once a check-in is saved (after a tick), and the start of that page's title. English: "Present"
    present: "উপস্থিত",
    // Under the name on that page: {time} is when it was saved (10:12:05). English: "at {time}"
    at: "{time}-এ",
    // The line at the bottom of that page. English: "Show this screen to your teacher if asked."
    show: "জিজ্ঞেস করলে এই স্ক্রিনটি শিক্ষককে দেখান।",
    // Heading (and title) when the roll was already marked today. English: "Already marked"
    already: "হাজিরা আগেই দেওয়া হয়েছে",
    // Under it: {roll} as saved, {time} when it was first marked. English: "Roll {roll} was already marked at {time}"
    already_at: "রোল {roll}-এর হাজিরা {time}-এ আগেই দেওয়া হয়েছে",
    // The line at the bottom of that page. English: "Nothing new was saved. If that was not you, tell your teacher."
    nothing_new: "নতুন কিছু সেভ হয়নি। ওটা আপনি না হলে শিক্ষককে জানান।",
    // The link under a message, back to the form. English: "Back to the check-in page"
    back: "হাজিরার পাতায় ফিরে যান",
    // Above the form when the laptop could not save the check-in. English: "Could not save — tell your teacher. You are NOT marked yet."
    not_saved: "সেভ করা যায়নি — শিক্ষককে জানান। আপনার হাজিরা এখনও হয়নি।",
    // Beside the roll field: it is empty. English: "Please type your roll number."
    roll_empty: "আপনার রোল নম্বর লিখুন।",
    // Beside the roll field: it is longer than {n} characters. English: "A roll number has at most {n} characters."
    roll_long: "রোল নম্বরে বড়জোর {n}টি অক্ষর থাকে।",
    // Beside the roll field: it holds something else than A-Z, 0-9, - and /. English: "A roll number uses only letters, digits, - and /."
    roll_chars: "রোল নম্বরে শুধু A-Z অক্ষর, সংখ্যা, - আর / থাকে।",
    // Beside the roll field: it ends with - or /, or has two of them together. English: "A roll number ends with a letter or digit, with one - or / at a time."
    roll_shape: "রোল নম্বর অক্ষর বা সংখ্যা দিয়ে শেষ হয়, আর - বা / একবারে একটাই।",
    // Beside the name field: it is empty. English: "Please type your name."
    name_empty: "আপনার নাম লিখুন।",
    // Beside the name field: it is longer than {n} characters. English: "A name has at most {n} characters."
    name_long: "নামে বড়জোর {n}টি অক্ষর থাকে।",
    // Beside the name field: it holds something else than letters, spaces, . ' and -. English: "A name uses only letters, spaces, dots, apostrophes and hyphens."
    name_chars: "নামে শুধু অক্ষর, স্পেস, ডট (.), ' আর - থাকে।",
    // Beside the name field: it starts with something else than a letter. English: "A name starts with a letter."
    name_start: "নাম অক্ষর দিয়ে শুরু হয়।",
    // Heading: an address the laptop has no page for. English: "Page not found"
    not_found_h: "পাতাটি পাওয়া যায়নি",
    // Its sentence. English: "There is nothing at this address. Check in on the front page."
    not_found: "এই ঠিকানায় কিছু নেই। প্রথম পাতায় হাজিরা দিন।",
    // The student's month on the Present page: {n} days present of {of} class days, {percent} of them. English: "This month: {n} of {of} class days ({percent} %)"
    record: "এই মাসে: ক্লাসের {of} দিনের মধ্যে {n} দিন ({percent}\u{a0}%)",
    // Under it, below the class's minimum: {min} is that minimum in percent. English: "That is below the {min} % your class asks for. Every day you come from now counts."
    record_low: "এটি আপনার ক্লাসের দরকারি {min}\u{a0}%-এর কম। এখন থেকে প্রতিটি দিন আসা জরুরি।",
    // The refusals, each found by the audit trail's code for it (the first
    // text: never translate it): the heading of its page ("" for one shown
    // beside a field of the form) and its sentence.
    refusals: &[
        // A check-in sent from another web page (never saved). English: "Check in on the check-in page", "This was sent from another web page, so nothing was saved. Open the address on the classroom screen and check in there."
        ["other site", "হাজিরার পাতা থেকেই হাজিরা দিন", "এটি অন্য একটি ওয়েব পাতা থেকে পাঠানো, তাই কিছু সেভ হয়নি। ক্লাসের স্ক্রিনে দেখানো ঠিকানাটি খুলে সেখানে হাজিরা দিন।"],
        // The phone is not on the classroom's network. English: "Connect to the classroom Wi-Fi to check in", "This phone is not on the classroom's network. Join the Wi-Fi the teacher's laptop is on, then open the address again."
        ["other network", "হাজিরা দিতে ক্লাসের Wi-Fi-তে যুক্ত হন", "এই ফোন ক্লাসের নেটওয়ার্কে নেই। শিক্ষকের ল্যাপটপ যে Wi-Fi-তে আছে তাতে যুক্ত হন, তারপর ঠিকানাটি আবার খুলুন।"],
        // The teacher has closed check-in. English: "Attendance is closed", "Check-in is not open right now. If you are in class, tell your teacher."
        ["closed", "হাজিরা বন্ধ", "এখন হাজিরা নেওয়া হচ্ছে না। আপনি ক্লাসে থাকলে শিক্ষককে জানান।"],
        // This phone already checked in another roll, {roll}, today. English: "This phone already checked in roll {roll} today", "One phone checks in one student a day. If this is not your roll, check in on your own phone, or ask your teacher."
        ["second roll on this phone", "এই ফোন থেকে আজ রোল {roll}-এর হাজিরা দেওয়া হয়ে গেছে", "একটি ফোন থেকে দিনে একজনেরই হাজিরা হয়। এটি আপনার রোল না হলে নিজের ফোন থেকে হাজিরা দিন, বা শিক্ষককে বলুন।"],
        // This phone (or its address) already checked in the most students a day allowed: {n}. English: "Too many check-ins from this phone", "This phone (or its network address) has already checked in {n} students today, the most allowed. Ask your teacher to mark you."
        ["more than # rolls from this address", "এই ফোন থেকে আর হাজিরা দেওয়া যাবে না", "এই ফোন (বা তার নেটওয়ার্ক ঠিকানা) থেকে আজ {n} জনের হাজিরা দেওয়া হয়েছে, এর বেশি নয়। শিক্ষককে আপনার হাজিরা দিতে বলুন।"],
        // Too many tries that did not work came from this phone this minute. English: "Wait a minute", "Too many tries that did not work from this phone (wrong codes, most often). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts", "এক মিনিট অপেক্ষা করুন", "এই ফোন থেকে অনেকবার চেষ্টা কাজ করেনি (বেশিরভাগ ভুল কোড)। এক মিনিট অপেক্ষা করে ক্লাসের স্ক্রিনে দেখানো কোডটি লিখুন।"],
        // The same from this network, whose phones share one address. English: "Wait a minute", "Too many tries that did not work came from this network in the last minute (its phones share one address). Wait a minute, then type the code shown on the classroom screen."
        ["too many refused attempts from this address", "এক মিনিট অপেক্ষা করুন", "গত এক মিনিটে এই নেটওয়ার্ক থেকে অনেকবার চেষ্টা কাজ করেনি (এর ফোনগুলোর ঠিকানা একটাই)। এক মিনিট অপেক্ষা করে ক্লাসের স্ক্রিনে দেখানো কোডটি লিখুন।"],
        // Too many wrong codes from this network this hour. English: "Ask your teacher to mark you", "Too many wrong codes came from this network in the last hour, so codes from it are not checked for a while. Your teacher can mark you present from the laptop."
        ["too many wrong codes from this address this hour", "শিক্ষককে হাজিরা দিতে বলুন", "গত এক ঘণ্টায় এই নেটওয়ার্ক থেকে অনেক ভুল কোড এসেছে, তাই কিছুক্ষণ এখানকার কোড দেখা হবে না। শিক্ষক ল্যাপটপ থেকে আপনার হাজিরা দিতে পারেন।"],
        // Beside the code field: it is empty. English: "", "Please type the code shown on the classroom screen."
        ["no code", "", "ক্লাসের স্ক্রিনে দেখানো কোডটি লিখুন।"],
        // Beside the code field: it is not the code. English: "", "That code is not right: look at the screen and type the code shown there."
        ["wrong code", "", "এই কোডটি ঠিক নয়: স্ক্রিন দেখে সেখানকার কোডটি লিখুন।"],
        // Beside the code field: it was the code a minute ago. English: "", "That code has expired: look at the screen for the new one."
        ["expired code", "", "এই কোডের সময় শেষ: স্ক্রিনে নতুন কোডটি দেখুন।"],
        // Beside the roll: it is not on the teacher's class list ({roll} as typed). English: "", "Roll {roll} is not on the class list: tell your teacher."
        ["not on the class list", "", "রোল {roll} ক্লাসের তালিকায় নেই: শিক্ষককে জানান।"],
        // A check-in that did not come from the form (no ticket). Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["no form ticket", "", "এখনও কিছু সেভ হয়নি: “হাজিরা দিন” আরেকবার টিপুন।"],
        // The form was opened before rollcall was restarted. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket of another run", "", "এখনও কিছু সেভ হয়নি: “হাজিরা দিন” আরেকবার টিপুন।"],
        // The same form was sent twice. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["form ticket used already", "", "এখনও কিছু সেভ হয়নি: “হাজিরা দিন” আরেকবার টিপুন।"],
        // A form ticket this laptop did not give this phone. Shown above the form, sent back with a fresh ticket. English: "", "Nothing is saved yet: press “Mark me present” once more."
        ["unknown form ticket", "", "এখনও কিছু সেভ হয়নি: “হাজিরা দিন” আরেকবার টিপুন।"],
    ],
    // The months, for the date under the heading ("10 February 2026").
    months: [
        "জানুয়ারি",
        "ফেব্রুয়ারি",
        "মার্চ",
        "এপ্রিল",
        "মে",
        "জুন",
        "জুলাই",
        "আগস্ট",
        "সেপ্টেম্বর",
        "অক্টোবর",
        "নভেম্বর",
        "ডিসেম্বর",
    ],
};
