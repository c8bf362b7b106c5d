//! What counts as a Roll and a Name, and the messages a student sees when
//! theirs does not.
//!
//! Names may be in any script: a class list holds Devanagari, Tamil and
//! accented Latin side by side. `char::is_alphabetic` covers the letters and
//! most vowel signs; the few combining marks it leaves out (viramas, nuktas,
//! tone marks, the zero-width joiners Indic spelling needs) are listed below,
//! which is cheaper than a Unicode table crate for a 60-character field.

/// Longest roll accepted, in characters.
pub const ROLL_MAX: usize = 20;
/// Longest name accepted, in characters, after spaces are tidied.
pub const NAME_MAX: usize = 60;

/// A check-in whose fields passed validation, tidied for the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    pub roll: String,
    pub name: String,
}

impl Student {
    /// Roll and name, as the audit trail takes them.
    pub fn pair(&self) -> (&str, &str) {
        (&self.roll, &self.name)
    }
}

/// What is wrong with a refused check-in's fields; `None` where the field
/// is fine.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors {
    pub roll: Option<Problem>,
    pub name: Option<Problem>,
}

/// What is wrong with a roll or a name. The page says it in its language
/// (`Lang::problem`); the audit trail writes its `code`, which stays the
/// same whatever the page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    RollEmpty,
    /// Longer than `ROLL_MAX`.
    RollLong,
    /// Something else than A-Z, a-z, 0-9, `-` and `/`.
    RollChars,
    /// Ends with `-` or `/`, or has two together.
    RollShape,
    NameEmpty,
    /// Longer than `NAME_MAX`.
    NameLong,
    /// Something else than letters, spaces, `.`, `'` and `-`.
    NameChars,
    /// Starts with something else than a letter.
    NameStart,
}

/// Each problem and its code in the audit trail: fixed words of the
/// trail's own, never a page's sentence.
const CODES: [(Problem, &str); 8] = [
    (Problem::RollEmpty, "no roll"),
    (Problem::RollLong, "roll too long"),
    (Problem::RollChars, "roll with other characters"),
    (Problem::RollShape, "roll of another shape"),
    (Problem::NameEmpty, "no name"),
    (Problem::NameLong, "name too long"),
    (Problem::NameChars, "name with other characters"),
    (Problem::NameStart, "name not starting with a letter"),
];

impl Problem {
    /// The audit trail's words for it.
    pub fn code(self) -> &'static str {
        CODES
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, code)| code)
    }

    /// The problem the trail's `code` names.
    pub fn from_code(code: &str) -> Option<Problem> {
        CODES.iter().find(|(_, c)| *c == code).map(|(p, _)| *p)
    }

    /// True for a problem with the roll, false for one with the name.
    pub fn is_roll(self) -> bool {
        matches!(
            self,
            Problem::RollEmpty | Problem::RollLong | Problem::RollChars | Problem::RollShape
        )
    }
}

impl FieldErrors {
    /// The first of the two fields' problems.
    pub fn first(&self) -> Option<Problem> {
        self.roll.or(self.name)
    }

    /// Just `problem`, in its field.
    pub fn only(problem: Problem) -> FieldErrors {
        let mut errors = FieldErrors::default();
        match problem.is_roll() {
            true => errors.roll = Some(problem),
            false => errors.name = Some(problem),
        }
        errors
    }
}

/// Checks and tidies the two fields as typed. Digits of any script in the
/// roll are read as the ASCII digits they are (`१२` is roll `12`).
pub fn student(roll: &str, name: &str) -> Result<Student, FieldErrors> {
    let roll = ascii_digits(roll.trim());
    let roll = roll.as_str();
    let name = tidy_spaces(name);
    let errors = FieldErrors {
        roll: roll_error(roll),
        name: name_error(&name),
    };
    if errors.roll.is_some() || errors.name.is_some() {
        return Err(errors);
    }
    Ok(Student {
        roll: roll.to_string(),
        name,
    })
}

/// The first code point (the zero) of each run of ten decimal digits,
/// 0 to 9 in order, that Unicode has besides ASCII's (the `Nd` category,
/// Unicode 15): a Hindi keyboard types `१२`, a Tamil one `௧௨`, a Persian
/// one `۱۲`, a Japanese phone `１２`. Sorted, for the binary search.
const DIGIT_ZEROS: [u32; 67] = [
    0x0660,  // Arabic-Indic
    0x06F0,  // Extended Arabic-Indic (Persian, Urdu)
    0x07C0,  // NKo
    0x0966,  // Devanagari
    0x09E6,  // Bengali
    0x0A66,  // Gurmukhi
    0x0AE6,  // Gujarati
    0x0B66,  // Oriya
    0x0BE6,  // Tamil
    0x0C66,  // Telugu
    0x0CE6,  // Kannada
    0x0D66,  // Malayalam
    0x0DE6,  // Sinhala Lith
    0x0E50,  // Thai
    0x0ED0,  // Lao
    0x0F20,  // Tibetan
    0x1040,  // Myanmar
    0x1090,  // Myanmar Shan
    0x17E0,  // Khmer
    0x1810,  // Mongolian
    0x1946,  // Limbu
    0x19D0,  // New Tai Lue
    0x1A80,  // Tai Tham Hora
    0x1A90,  // Tai Tham Tham
    0x1B50,  // Balinese
    0x1BB0,  // Sundanese
    0x1C40,  // Lepcha
    0x1C50,  // Ol Chiki
    0xA620,  // Vai
    0xA8D0,  // Saurashtra
    0xA900,  // Kayah Li
    0xA9D0,  // Javanese
    0xA9F0,  // Myanmar Tai Laing
    0xAA50,  // Cham
    0xABF0,  // Meetei Mayek
    0xFF10,  // Full-width
    0x104A0, // Osmanya
    0x10D30, // Hanifi Rohingya
    0x11066, // Brahmi
    0x110F0, // Sora Sompeng
    0x11136, // Chakma
    0x111D0, // Sharada
    0x112F0, // Khudawadi
    0x11450, // Newa
    0x114D0, // Tirhuta
    0x11650, // Modi
    0x116C0, // Takri
    0x11730, // Ahom
    0x118E0, // Warang Citi
    0x11950, // Dives Akuru
    0x11C50, // Bhaiksuki
    0x11D50, // Masaram Gondi
    0x11DA0, // Gunjala Gondi
    0x11F50, // Kawi
    0x16A60, // Mro
    0x16AC0, // Tangsa
    0x16B50, // Pahawh Hmong
    0x1D7CE, // Mathematical bold
    0x1D7D8, // Mathematical double-struck
    0x1D7E2, // Mathematical sans-serif
    0x1D7EC, // Mathematical sans-serif bold
    0x1D7F6, // Mathematical monospace
    0x1E140, // Nyiakeng Puachue Hmong
    0x1E2F0, // Wancho
    0x1E4F0, // Nag Mundari
    0x1E950, // Adlam
    0x1FBF0, // Segmented
];

/// The ASCII digit `c` is, if it is a decimal digit of any script.
pub fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let code = u32::from(c);
    let at = DIGIT_ZEROS.partition_point(|&zero| zero <= code);
    let zero = *DIGIT_ZEROS.get(at.checked_sub(1)?)?;
    let value = code - zero;
    // `value` < 10, so the digit is one of '0'..='9'.
    (value < 10).then(|| char::from(b'0' + value as u8))
}

/// `text` with every decimal digit of any script as its ASCII digit, the
/// rest as it was: `१२-ब` is `12-ब`. Rolls and codes are read through this.
pub fn ascii_digits(text: &str) -> String {
    text.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect()
}

/// The key under which a roll is unique for the day: `12a` and `12A` are one
/// student, however the phone's keyboard capitalised it.
pub fn roll_key(roll: &str) -> String {
    roll.to_ascii_uppercase()
}

/// Why `roll` (trimmed) cannot be a roll number, if it cannot; also checks
/// the class list, whose rolls students must be able to type.
pub fn roll_error(roll: &str) -> Option<Problem> {
    if roll.is_empty() {
        Some(Problem::RollEmpty)
    } else if roll.chars().count() > ROLL_MAX {
        Some(Problem::RollLong)
    } else if !roll
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
    {
        Some(Problem::RollChars)
    } else if !separators_between_alphanumerics(roll) {
        Some(Problem::RollShape)
    } else {
        None
    }
}

/// `-` and `/` come one at a time and never last: `CS-21/044` (and `-2`,
/// which Excel would read as a formula: the file defuses it), never `-`,
/// `--/--` or `1-`.
fn separators_between_alphanumerics(roll: &str) -> bool {
    let bytes = roll.as_bytes();
    let alnum = |i: usize| bytes.get(i).map_or(false, u8::is_ascii_alphanumeric);
    alnum(bytes.len() - 1) && (1..bytes.len()).all(|i| alnum(i) || alnum(i - 1))
}

fn name_error(name: &str) -> Option<Problem> {
    let first = match name.chars().next() {
        None => return Some(Problem::NameEmpty),
        Some(c) => c,
    };
    if name.chars().count() > NAME_MAX {
        Some(Problem::NameLong)
    } else if !name.chars().all(is_name_char) || !marks_sit_on_letters(name) {
        Some(Problem::NameChars)
    } else if !first.is_alphabetic() {
        Some(Problem::NameStart)
    } else {
        None
    }
}

/// Longest class name accepted, in characters: it becomes a folder name,
/// and old Windows limits whole paths to 260.
pub const CLASS_MAX: usize = 40;

/// Why `name` cannot be a class (`--class`), if it cannot. It names a folder
/// inside `--dir` that must work on Windows, macOS and Linux alike, so it
/// holds only letters of any script, digits, spaces, `-`, `_` and inner
/// dots, and is not a device name Windows keeps (CON, NUL, COM1...).
pub fn class_error(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".into());
    }
    if name.chars().count() > CLASS_MAX {
        return Some("is longer than 40 characters".into());
    }
    let allowed =
        |c: char| c.is_alphabetic() || c.is_numeric() || is_combining_mark(c) || " -_.".contains(c);
    if let Some(c) = name.chars().find(|&c| !allowed(c)) {
        return Some(if c.is_control() {
            "holds a control character".into()
        } else {
            format!("holds '{c}'; use only letters, digits, spaces, - _ and .")
        });
    }
    if name.starts_with([' ', '.']) || name.ends_with([' ', '.']) {
        return Some("starts or ends with a space or a dot".into());
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let device = stem.to_ascii_uppercase();
    let numbered = |prefix: &str| {
        device.strip_prefix(prefix).map_or(false, |n| {
            let mut n = n.chars();
            matches!(n.next(), Some('0'..='9' | '¹' | '²' | '³')) && n.next().is_none()
        })
    };
    if ["CON", "PRN", "AUX", "NUL"].contains(&device.as_str()) || numbered("COM") || numbered("LPT")
    {
        return Some("is a name Windows keeps for a device".into());
    }
    None
}

/// Trims and collapses runs of whitespace to one space. Control characters
/// other than whitespace are kept, so that validation refuses them.
pub fn tidy_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-') || is_combining_mark(c)
}

/// Most combining marks and joiners in a row. Real spelling needs two or
/// three (a nukta, a virama and a joiner for a half form); more are there to
/// hide or pile up characters.
const MARKS_IN_A_ROW: usize = 3;

/// The invisible characters only shape the letters around them: no more
/// than `MARKS_IN_A_ROW` in a row, and a joiner sits between a letter (or
/// mark) and a letter. `A` followed by 59 zero-width joiners is not a name.
fn marks_sit_on_letters(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    let mut run = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !is_combining_mark(c) {
            run = 0;
            continue;
        }
        run += 1;
        if run > MARKS_IN_A_ROW {
            return false;
        }
        if is_joiner(c) {
            // After a letter or a sign (not another joiner); before a
            // letter, or at a word's end after a sign (a Malayalam chillu
            // written na, virama, joiner).
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after_sign = before.map_or(false, |b| is_combining_mark(b) && !is_joiner(b));
            let after_letter = before.map_or(false, char::is_alphabetic);
            let before_letter = chars.get(i + 1).map_or(false, |a| a.is_alphabetic());
            if !(after_sign || (after_letter && before_letter)) {
                return false;
            }
        }
    }
    true
}

/// Zero-width non-joiner and joiner.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Combining marks that spell names but are not `Alphabetic` in Unicode.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        // Combining diacritics, for names typed in decomposed form (e + ◌́).
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
            // Indic nuktas and viramas (halant, pulli...), and Vedic stress signs.
            | '\u{093C}'
            | '\u{094D}'
            | '\u{0951}'..='\u{0954}'
            | '\u{09BC}'
            | '\u{09CD}'
            | '\u{0A3C}'
            | '\u{0A4D}'
            | '\u{0ABC}'
            | '\u{0ACD}'
            | '\u{0B3C}'
            | '\u{0B4D}'
            | '\u{0BCD}'
            | '\u{0C3C}'
            | '\u{0C4D}'
            | '\u{0CBC}'
            | '\u{0CCD}'
            | '\u{0D3B}'
            | '\u{0D3C}'
            | '\u{0D4D}'
            | '\u{0DCA}'
            // Thai tone marks.
            | '\u{0E47}'..='\u{0E4E}'
            // Zero-width non-joiner and joiner: half forms and chillus.
            | '\u{200C}'
            | '\u{200D}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(roll: &str, name: &str) -> Student {
        student(roll, name).unwrap_or_else(|e| panic!("{roll:?} {name:?} refused: {e:?}"))
    }

    #[test]
    fn accepts_ordinary_check_ins_and_tidies_spaces() {
        assert_eq!(
            ok(" 12 ", "  Udbhav   Kumar "),
            Student {
                roll: "12".into(),
                name: "Udbhav Kumar".into()
            }
        );
        assert_eq!(ok("CS-21/044", "O'Brien-Smith Jr.").roll, "CS-21/044");
        assert_eq!(ok("7", "Ann\tMarie").name, "Ann Marie");
    }

    #[test]
    fn accepts_names_in_any_script() {
        for name in [
            "उद्भव",
            "लक्ष्मी नारायण",
            "தமிழ்செல்வி",
            "José Núñez",
            "Zoë",
            "ক্ষমা",
            "ਗੁਰਪ੍ਰੀਤ",
            "ಕನ್ನಡ",
            "മലയാളം",
            "తెలుగు",
            "ગુજરાતી",
            "ଓଡ଼ିଆ",
            "José",
            "محمد",
            "Дмитрий",
            "สมชาย",
            "王小明",
        ] {
            ok("1", name);
        }
    }

    #[test]
    fn refuses_missing_fields_with_a_message_for_each() {
        let e = student("", "   ").unwrap_err();
        assert_eq!(e.roll, Some(Problem::RollEmpty));
        assert_eq!(e.name, Some(Problem::NameEmpty));
        // The audit trail's own words (the pages' are `lang`'s).
        assert_eq!(Problem::RollEmpty.code(), "no roll");
        assert_eq!(Problem::from_code("name too long"), Some(Problem::NameLong));
        assert_eq!(e.first(), Some(Problem::RollEmpty));
    }

    #[test]
    fn refuses_bad_rolls() {
        for roll in [
            "1 2",
            "12;",
            "<b>",
            "१२क",
            "12_3",
            &"9".repeat(21),
            &"९".repeat(21),
        ] {
            assert!(student(roll, "Ann").unwrap_err().roll.is_some(), "{roll:?}");
        }
        ok(&"9".repeat(20), "Ann");
    }

    #[test]
    fn refuses_rolls_that_are_only_separators_or_end_in_one() {
        for roll in ["-", "/", "--/--", "1-", "--1", "12/", "1--2", "1-/2"] {
            assert!(student(roll, "Ann").unwrap_err().roll.is_some(), "{roll:?}");
        }
        for roll in ["1", "a", "CS-21/044", "12-B", "2024/7", "A-1-2", "-2"] {
            ok(roll, "Ann");
        }
    }

    #[test]
    fn refuses_names_made_of_invisible_characters() {
        let joiners = format!("A{}", "\u{200D}".repeat(59));
        let marks = format!("A{}", "\u{0301}".repeat(10));
        for name in [
            joiners.as_str(),
            &marks,
            "A\u{200D}",
            "A\u{200D} B",
            "A\u{200C}\u{200C}B",
            "A \u{200D}B",
        ] {
            assert!(student("1", name).unwrap_err().name.is_some(), "{name:?}");
        }
        // Joiners as Indic spelling uses them, and stacked accents.
        for name in [
            "क्\u{200D}ष",
            "अवन्\u{200D}",
            "അവന്\u{200D} Kumar",
            "e\u{0301}\u{0302}",
            "र्\u{200C}य",
        ] {
            ok("1", name);
        }
    }

    #[test]
    fn refuses_bad_names() {
        for name in [
            "Ann2",
            "<script>",
            "=HYPERLINK(\"x\")",
            "+1",
            "@x",
            "a\u{0007}b",
            "a\u{0000}",
            "a\u{200B}b",
            ".Ann",
            "\u{094D}x",
            "a,b",
            &"a".repeat(61),
        ] {
            assert!(student("1", name).unwrap_err().name.is_some(), "{name:?}");
        }
        ok("1", &"a".repeat(60));
        // Sixty letters with extra inner spaces is still sixty after tidying.
        ok("1", &format!("{}   {}", "a".repeat(29), "b".repeat(30)));
    }

    #[test]
    fn a_valid_field_has_no_message_when_the_other_is_wrong() {
        let e = student("12", "").unwrap_err();
        assert_eq!(e.roll, None);
        assert!(e.name.is_some());
    }

    #[test]
    fn digits_of_every_script_are_read_as_ascii_digits() {
        assert_eq!(ok("१२", "Udbhav").roll, "12", "Devanagari");
        for (typed, want) in [
            ("৪৫", "45"),     // Bengali
            ("੧੦", "10"),     // Gurmukhi
            ("૭", "7"),       // Gujarati
            ("୩", "3"),       // Oriya
            ("௧௨௩௪", "1234"), // Tamil
            ("౯", "9"),       // Telugu
            ("೮", "8"),       // Kannada
            ("൬", "6"),       // Malayalam
            ("٣٤", "34"),     // Arabic-Indic
            ("۱۲", "12"),     // Persian
            ("１２", "12"),   // full-width
            ("CS-२१/०४४", "CS-21/044"),
            ("𝟏𝟐", "12"), // mathematical bold
        ] {
            assert_eq!(ascii_digits(typed), want, "{typed}");
            assert_eq!(ok(typed, "Asha").roll, want, "{typed}");
        }
        // Each run is ten digits from its zero, and only that.
        for &zero in DIGIT_ZEROS.iter() {
            for value in 0..10u32 {
                let c = char::from_u32(zero + value).expect("a char");
                assert!(c.is_numeric(), "{c:?}");
                assert_eq!(ascii_digit(c), char::from_digit(value, 10), "{c:?}");
            }
        }
        assert!(DIGIT_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]), "sorted");
        // Not digits: letters of those scripts, other numbers, ASCII.
        for c in [
            'अ',
            'க',
            '¹',
            '½',
            'Ⅻ',
            '/',
            'a',
            '\u{0965}',
            '\u{0970}',
            '\u{10FFFF}',
        ] {
            assert_eq!(ascii_digit(c), None, "{c:?}");
        }
        // Still only letters A-Z: a roll in another script's letters is refused.
        assert!(student("१२क", "Asha").is_err());
    }

    #[test]
    fn roll_key_ignores_letter_case() {
        assert_eq!(roll_key("12a"), roll_key("12A"));
        assert_ne!(roll_key("12"), roll_key("012"));
    }

    #[test]
    fn class_names_are_safe_folder_names_on_every_system() {
        for name in [
            "10A",
            "Physics 2",
            "B.Sc-I_2026",
            "कक्षा १०",
            "தமிழ் வகுப்பு",
            "Zoë",
            "CONSOLE",
            "COM10",
            "a..b",
            &"x".repeat(40),
        ] {
            assert_eq!(class_error(name), None, "{name:?}");
        }
        for (name, why) in [
            ("", "is empty"),
            ("a/b", "holds '/'"),
            ("a\\b", "holds '\\'"),
            ("..", "starts or ends"),
            (".hidden", "starts or ends"),
            ("10A.", "starts or ends"),
            ("10A ", "starts or ends"),
            (" 10A", "starts or ends"),
            ("a:b", "holds ':'"),
            ("a*b", "holds '*'"),
            ("what?", "holds '?'"),
            ("a\"b", "holds '\"'"),
            ("<b>", "holds '<'"),
            ("a|b", "holds '|'"),
            ("tab\there", "control character"),
            ("nul\u{0}", "control character"),
            ("CON", "device"),
            ("con", "device"),
            ("Nul.txt", "device"),
            ("AUX .csv", "device"),
            ("COM1", "device"),
            ("lpt9", "device"),
            ("COM¹", "device"),
            ("PRN", "device"),
        ] {
            let e = class_error(name).unwrap_or_else(|| panic!("{name:?} accepted"));
            assert!(e.contains(why), "{name:?}: {e}");
        }
        assert!(class_error(&"x".repeat(41)).is_some());
    }
}
