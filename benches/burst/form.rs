//! The check-in form as a browser reads it: its `action` and its
//! `<input>`s, and the body a browser would post from it. Whatever hidden
//! fields the server puts in the form (today `phone_time`; a one-time
//! ticket later) go back as they came, so the client keeps working when the
//! form changes. `<select>` and `<textarea>` are not read: the form has none.

/// The form's inputs, in the page's order.
pub struct Form {
    /// Where it posts (`/` when the form does not say, or names another site).
    pub action: String,
    pub inputs: Vec<Input>,
}

pub struct Input {
    pub kind: String,
    pub name: String,
    /// `None` when the tag has no `value`.
    pub value: Option<String>,
    pub checked: bool,
}

/// What the student types into the form.
pub struct Typed<'a> {
    pub roll: &'a str,
    pub name: &'a str,
    /// The code on the teacher's screen, if the server asks for one.
    pub code: Option<&'a str>,
}

/// The first `<form>` of `html`.
pub fn parse(html: &str) -> Result<Form, String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<form").ok_or("the page has no <form>")?;
    let end = lower[start..]
        .find("</form>")
        .map_or(html.len(), |e| start + e);
    let (attrs, mut at) = tag(html, start + "<form".len());
    let action = attr(&attrs, "action")
        .filter(|a| a.starts_with('/'))
        .unwrap_or("/")
        .to_string();
    let mut inputs = Vec::new();
    while let Some(i) = lower.get(at..end).and_then(|rest| rest.find("<input")) {
        let (attrs, next) = tag(html, at + i + "<input".len());
        at = next;
        if let Some(name) = attr(&attrs, "name") {
            inputs.push(Input {
                kind: attr(&attrs, "type").unwrap_or("text").to_ascii_lowercase(),
                name: name.to_string(),
                value: attr(&attrs, "value").map(str::to_string),
                checked: attrs.iter().any(|(n, _)| n == "checked"),
            });
        }
    }
    Ok(Form { action, inputs })
}

/// The form's body as a browser posts it (application/x-www-form-urlencoded,
/// the page's order): every hidden field as it came, roll, name and code as
/// typed, any other field with the value it was given.
pub fn body(form: &Form, typed: &Typed<'_>) -> Result<String, String> {
    for needed in ["roll", "name"] {
        if !form.inputs.iter().any(|i| i.name == needed) {
            return Err(format!("the form has no {needed} field"));
        }
    }
    let mut pairs = Vec::new();
    for input in &form.inputs {
        let value = match (input.kind.as_str(), input.name.as_str()) {
            ("submit" | "button" | "reset" | "image" | "file", _) => continue,
            ("checkbox" | "radio", _) if !input.checked => continue,
            ("checkbox" | "radio", _) => input.value.as_deref().unwrap_or("on"),
            ("hidden", _) => input.value.as_deref().unwrap_or(""),
            (_, "roll") => typed.roll,
            (_, "name") => typed.name,
            (_, "code") => typed
                .code
                .ok_or("the form asks for a code: run the server with --no-code, or pass --code")?,
            _ => input.value.as_deref().unwrap_or(""),
        };
        pairs.push(format!("{}={}", encode(&input.name), encode(value)));
    }
    Ok(pairs.join("&"))
}

/// `text` as a form body carries it: letters, digits and `*-._` as they
/// are, space as `+`, every other byte of its UTF-8 as `%XX`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The attributes of the tag whose name ends at `at` (names lower-cased,
/// values unescaped), and where the tag ends.
fn tag(html: &str, mut at: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' {
            return (attrs, (at + 1).min(bytes.len()));
        }
        let name_start = at;
        while at < bytes.len() && !b" \t\r\n=>/".contains(&bytes[at]) {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        let (value, next) = attr_value(html, at);
        at = next;
        attrs.push((name, unescape(value)));
    }
}

/// An attribute's value after its name ends at `at` ("" for none), and
/// where it ends.
fn attr_value(html: &str, mut at: usize) -> (&str, usize) {
    let bytes = html.as_bytes();
    let skip = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let eq = skip(at);
    if eq >= bytes.len() || bytes[eq] != b'=' {
        return ("", at);
    }
    at = skip(eq + 1);
    match bytes.get(at) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[at + 1..]
                .find(q as char)
                .map_or(html.len(), |e| at + 1 + e);
            (&html[at + 1..end], (end + 1).min(html.len()))
        }
        _ => {
            let start = at;
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                at += 1;
            }
            (&html[start..at], at)
        }
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// An attribute value's character references (`&amp;`, `&quot;`, `&#39;`,
/// `&#x27;`, ...) as the characters they stand for.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&e| e <= 12).and_then(|e| {
            let c = match &rest[1..e] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
