//! The join address as a QR code: an inline SVG for the teacher's screen and
//! block characters for the terminal. The `qrcodegen` crate encodes;
//! drawing the modules is a few lines here.

use qrcodegen::{QrCode, QrCodeEcc};

/// Modules of empty border a reader needs around a code.
const QUIET: usize = 4;

/// The dark/light modules of a code for `text`, with its width. Medium
/// error correction: a projected code is read from across a room.
fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let width = usize::try_from(code.size()).ok()?;
    let size = code.size();
    let dark = (0..size)
        .flat_map(|y| (0..size).map(move |x| (x, y)))
        .map(|(x, y)| code.get_module(x, y))
        .collect();
    Some((width, dark))
}

/// An SVG picture of the QR code for `text`, one path of unit squares on a
/// white square, scaled by the page. `label` is its accessible name.
pub fn svg(text: &str, label: &str) -> String {
    let (width, dark) = match modules(text) {
        Some(m) => m,
        None => return String::new(),
    };
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(dark.len() * 4);
    for (i, _) in dark.iter().enumerate().filter(|(_, &d)| d) {
        let (x, y) = (i % width + QUIET, i / width + QUIET);
        path.push_str(&format!("M{x} {y}h1v1h-1z"));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

/// The QR code for `text` in the terminal, two rows of modules per line
/// with the half-block characters (in every console font, code page 437
/// included), dark modules drawn dark on a light background. Returns the
/// lines.
pub fn terminal(text: &str) -> Vec<String> {
    let (width, dark) = match modules(text) {
        Some(m) => m,
        None => return Vec::new(),
    };
    let size = width + 2 * QUIET;
    // Is the module at (x, y) of the bordered code dark?
    let at = |x: usize, y: usize| {
        x >= QUIET
            && y >= QUIET
            && x < QUIET + width
            && y < QUIET + width
            && dark[(y - QUIET) * width + (x - QUIET)]
    };
    // Terminals draw light text on dark: a light module is a drawn block.
    (0..size)
        .step_by(2)
        .map(|y| {
            (0..size)
                .map(|x| match (!at(x, y), y + 1 < size && !at(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_a_square_per_dark_module() {
        let text = "http://192.168.43.17:8000/?code=4821";
        let (width, dark) = modules(text).expect("encodable");
        let svg = svg(text, "QR code");
        assert!(svg.starts_with("<svg"));
        assert_eq!(
            svg.matches('M').count(),
            dark.iter().filter(|&&d| d).count()
        );
        let size = width + 2 * QUIET;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
    }

    #[test]
    fn terminal_code_is_framed_by_a_light_quiet_zone() {
        let lines = terminal("http://10.0.0.2:8000/");
        let (width, _) = modules("http://10.0.0.2:8000/").expect("encodable");
        let size = width + 2 * QUIET;
        assert_eq!(lines.len(), (size + 1) / 2);
        assert!(lines.iter().all(|l| l.chars().count() == size));
        // The first two rows are quiet zone: all light.
        assert!(lines[0].chars().all(|c| c == '█'));
    }
}
