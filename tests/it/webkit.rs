//! The student pages in WebKit, the engine of Safari and of every browser
//! on an iPhone: WebKitGTK's MiniBrowser through `WebKitWebDriver`, on a
//! virtual display (Xvfb), in a 360x740 window. The flows are
//! `student_pages.rs`'s; Chromium's are `browser.rs` and `language.rs`.
//!
//! ```text
//! cargo test --test it -- webkit:: --include-ignored --nocapture
//! ```
//!
//! Needs Debian's webkit2gtk-driver, xvfb and locales (the phone's language
//! is its browser's locale, made with `localedef` in a folder of the
//! test's own) and axe-core (npm): `#[ignore]`d unless asked for, and then
//! failing where they are missing.

use crate::harness::webdriver::Engine;
use crate::student_pages;

#[test]
#[ignore = "needs WebKitWebDriver (webkit2gtk-driver), Xvfb, locales and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn webkit_form_saves_the_row_shows_the_month_and_then_already_marked() {
    student_pages::form_present_and_already_marked(Engine::WebKit);
}

#[test]
#[ignore = "needs WebKitWebDriver (webkit2gtk-driver), Xvfb, locales and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn webkit_hindi_tamil_and_telugu_phones_are_refused_and_present_in_their_words() {
    student_pages::refused_and_present_in_three_languages(Engine::WebKit);
}
