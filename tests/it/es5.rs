//! The pages' scripts stay ECMAScript 5, for a Windows 7 laptop's Internet
//! Explorer 11 and old phones: `scripts/check-es5` (acorn, `ecmaVersion:
//! 5`) passes every `www/*.js`, and its self-test shows it still fails an
//! arrow function, `let`, `const` and a template string at their lines.
//!
//! Needs node and acorn (`npm install --prefix target/npm acorn@8.19.0`,
//! as `.ci/run` does): `#[ignore]`d unless asked for, and then failing
//! where they are missing.

use std::fs;
use std::path::Path;
use std::process::Command;

/// `scripts/check-es5 ARGS`: (exit code, what it printed).
fn check_es5(args: &[&str]) -> (i32, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join("scripts/check-es5"))
        .args(args)
        .output()
        .expect("run scripts/check-es5");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), said)
}

#[test]
#[ignore = "needs node and acorn (npm install --prefix target/npm acorn@8.19.0): cargo test -- --include-ignored (.ci/run installs them)"]
fn every_script_of_the_pages_is_es5_and_the_check_catches_what_is_not() {
    let (code, said) = check_es5(&["--self-test"]);
    assert_ne!(code, 2, "this test needs node and acorn: {said}");
    assert_eq!(code, 0, "the ES5 check's self-test failed:\n{said}");
    assert!(said.contains("self-test passed"), "{said}");

    let (code, said) = check_es5(&[]);
    assert_eq!(code, 0, "a script in www/ is not ES5:\n{said}");
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
    let scripts: Vec<String> = fs::read_dir(&www)
        .expect("read www/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".js"))
        .collect();
    assert!(!scripts.is_empty(), "no scripts in www/");
    for name in scripts {
        assert!(
            said.contains(&format!("www/{name}: ES5")),
            "www/{name} was not checked:\n{said}"
        );
    }
}
