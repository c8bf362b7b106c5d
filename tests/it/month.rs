//! The month on paper, the day's counts and the days left (issue 31), through
//! the real binary: `rollcall report --html` names every student of a class
//! of 45 and every class day, escapes what the teacher typed and fetches
//! nothing; printed by Chromium it is one A4 landscape sheet, a class of 60
//! two with the header row on each (`#[ignore]`d: Chromium and poppler-utils,
//! screenshots in `target/screenshots/` to look at); axe-core finds nothing
//! on it where the teacher's screen serves it. `--day` prints the state app's
//! line exactly, then the absent and the excused, and with late and excused
//! students of a real server its counts are the register's column for that
//! day. `--days-left` says what each student below the threshold needs.

use crate::harness::engines;
use crate::harness::webdriver::{self, axe_script, Driver, Session};
use crate::harness::{
    self, class_list, encode, expected_file, program_path, run_in, Server, TempDir,
};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// February 2026 as a school has it: the weekdays from the 2nd to the 27th.
fn february() -> Vec<String> {
    (2..=27)
        .filter(|d| !matches!(d % 7, 0 | 1))
        .map(|d| format!("2026-02-{d:02}"))
        .collect()
}

/// The name of roll `k` in a class list: names in three scripts, and one
/// with markup in it, which the page must show as text.
fn name_of(k: usize) -> String {
    let first = [
        "Udbhav Singh",
        "अनीता शर्मा",
        "தமிழ்செல்வி முருகன்",
        "Lee <b>Ann</b> & Co",
        "लक्ष्मी नारायण",
        "Zoë Fernandes",
        "Mohammed Irfan Khan",
    ];
    format!("{} {k}", first[k % first.len()])
}

/// `name_of(k)` as the page must hold it.
fn escaped(k: usize) -> String {
    name_of(k)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A class list of `n` (rolls 1 to n) in `temp`, as a path for `--roster`.
fn class_of(temp: &TempDir, n: usize) -> OsString {
    let path = temp.path().join(format!("class of {n}.csv"));
    let mut list = String::from("Roll,Name\r\n");
    for k in 1..=n {
        // Quoted: a name with a comma would be two cells.
        list += &format!("{k},\"{}\"\r\n", name_of(k));
    }
    fs::write(&path, list).expect("write class list");
    program_path(&path)
}

/// Whether roll `k` came on day `d` of the month: everyone but a few a
/// day, and the last roll never (absent all month, still on the register).
fn came(k: usize, d: usize, n: usize) -> bool {
    k != n && (k * 7 + d) % 11 != 0
}

/// The month's day files for a class of `n`, as rollcall writes them.
fn write_month(folder: &Path, n: usize) {
    fs::create_dir_all(folder).expect("mkdir");
    for (d, date) in february().iter().enumerate() {
        let rows: Vec<String> = (1..=n)
            .filter(|&k| came(k, d, n))
            .map(|k| format!("{k},\"{}\",09:{:02}:00", name_of(k), k % 60))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let path = folder.join(format!("attendance_{date}.csv"));
        fs::write(path, expected_file(&rows)).expect("write day");
    }
}

/// Runs `rollcall report ARGS` in `temp` on 28 February 2026.
fn report(temp: &TempDir, args: &[&OsString]) -> (i32, String, String) {
    let mut all: Vec<OsString> = vec!["report".into()];
    all.extend(args.iter().map(|a| (*a).clone()));
    run_in(temp.path(), &all, Some("2026-02-28 16:00:00"))
}

fn os(s: &str) -> OsString {
    OsString::from(s)
}

/// A class of `n` and its month in `temp`, printed with `--html` to
/// `register.html` in the folder of class 10A: the page and its path.
fn month_page(temp: &TempDir, n: usize) -> (String, PathBuf) {
    write_month(&temp.path().join("attendance/10A"), n);
    let list = class_of(temp, n);
    let page = temp.path().join("register.html");
    let (code, out, err) = report(
        temp,
        &[
            &os("--class"),
            &os("10A"),
            &os("--roster"),
            &list,
            &os("--html"),
            &program_path(&page),
            &os("--heading"),
            &os("Govt. School <Rampur> & \"Sons\""),
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.contains("To print: open ") && out.contains("register.html in a browser"),
        "{out}"
    );
    let html = fs::read_to_string(&page).expect("the page is written");
    (html, page)
}

#[test]
fn the_month_on_paper_names_every_student_and_every_day() {
    let temp = TempDir::new();
    let (html, _) = month_page(&temp, 45);
    // The school's heading and the class, escaped; the month.
    assert!(
        html.contains("<p class=\"school\">Govt. School &lt;Rampur&gt; &amp; &quot;Sons&quot;</p>"),
        "{html}"
    );
    assert!(!html.contains("<Rampur>"));
    assert!(html.contains("<h1>Attendance register, class 10A, February 2026 "));
    assert!(html.contains("20 class day(s), 45 student(s)"));
    // Every class day, with its date and weekday, in the header row.
    let head =
        &html[html.find("<thead>").expect("a header row")..html.find("</thead>").expect("end")];
    for date in february() {
        let day = date[8..].trim_start_matches('0');
        let cell = format!("<span class=\"d\">{day}</span>");
        assert_eq!(head.matches(&cell).count(), 1, "{date}: {head}");
    }
    assert!(head.contains("<span class=\"d\">2</span><span class=\"w\">Mo</span>"));
    assert!(head.contains("<span class=\"d\">27</span><span class=\"w\">Fr</span>"));
    // Every student, in the list's order, their name as text.
    let mut at = 0;
    for k in 1..=45 {
        let name = escaped(k);
        let row =
            format!("<tr><td class=\"roll\">{k}</td><th scope=\"row\" class=\"name\">{name}</th>");
        let found = html[at..]
            .find(&row)
            .unwrap_or_else(|| panic!("roll {k}: {html}"));
        at += found + row.len();
    }
    assert!(!html.contains("<b>Ann</b>"));
    assert_eq!(html.matches("<tr><td class=\"roll\">").count(), 45);
    // A row: a box a day, then present, late, days and percent. Roll 1
    // missed the 5th class day ((7 + 4) % 11 == 0), the 16th too.
    let one = row_of(&html, 1);
    let marks: Vec<&str> = (0..20)
        .map(|d| if came(1, d, 45) { "P" } else { "A" })
        .collect();
    assert_eq!(marks.iter().filter(|&&m| m == "A").count(), 2);
    let mut cells = String::new();
    for m in &marks {
        cells += &match *m {
            "A" => "<td class=\"a\">A</td>".to_string(),
            m => format!("<td>{m}</td>"),
        };
    }
    assert!(
        one.ends_with(&format!(
            "{cells}<td>18</td><td>0</td><td>20</td><td>90</td></tr>"
        )),
        "{one}"
    );
    // Absent all month: on the register all the same, below the threshold.
    let last = row_of(&html, 45);
    assert_eq!(last.matches("<td class=\"a\">A</td>").count(), 20, "{last}");
    assert!(last.ends_with("<td>0</td><td>0</td><td>20</td><td class=\"low\">0</td></tr>"));
    let below = format!("<li><b>45</b> {}: 0 of 20 (0\u{a0}%)</li>", escaped(45));
    assert!(html.contains(&below), "{html}");
    // The count of each day at the foot.
    assert!(html.contains("<tr class=\"total\"><th scope=\"row\" colspan=\"2\">Present</th>"));
    // Set for A4 landscape, the header row repeated on every sheet, and
    // nothing from the internet or elsewhere.
    assert!(html.contains("@page{size:A4 landscape;"));
    assert!(html.contains("thead{display:table-header-group}"));
    for outside in [
        "http:", "https:", "src=", "url(", "@import", "<script", "<link",
    ] {
        assert!(!html.contains(outside), "{outside}");
    }
    // The register itself is written as ever.
    let csv = fs::read_to_string(
        temp.path()
            .join("attendance/10A/register_2026-02-01_to_2026-02-28.csv"),
    )
    .expect("the register too");
    assert!(csv.contains("\r\n1,अनीता शर्मा 1,P,"), "{csv}");
}

/// Roll `k`'s row of the page.
fn row_of(html: &str, k: usize) -> &str {
    let start = format!("<tr><td class=\"roll\">{k}</td>");
    let at = html.find(&start).unwrap_or_else(|| panic!("roll {k}"));
    let end = html[at..].find("</tr>").expect("row's end") + "</tr>".len();
    &html[at..at + end]
}

/// Chromium and poppler-utils, or the test fails saying so (these tests
/// are `#[ignore]`d unless asked for); `None` where they do not apply.
fn print_tools() -> Option<()> {
    if harness::under_launcher() {
        harness::skip("ROLLCALL_LAUNCH is set (Windows suite); the page is the same bytes");
        return None;
    }
    for tool in ["pdfinfo", "pdftoppm", "pdftotext"] {
        let found = Command::new(tool).arg("-v").output().is_ok();
        assert!(
            found,
            "this test needs {tool}: install Debian's poppler-utils"
        );
    }
    assert!(
        Path::new(engines::CHROMIUM).exists(),
        "this test needs {}: install Debian's chromium",
        engines::CHROMIUM
    );
    Some(())
}

/// Prints `page` to `pdf` as a teacher's Chromium does (no header and
/// footer of its own), within two minutes.
fn print_to_pdf(page: &Path, pdf: &Path) {
    let profile = TempDir::new();
    let mut child = Command::new(engines::CHROMIUM)
        .args(engines::CHROMIUM_ARGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("chromium").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not print within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(pdf.exists(), "chromium wrote no PDF");
}

/// A poppler tool's output.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args((tool == "pdftotext").then_some("-"))
        .output()
        .expect(tool);
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's pages, each checked to be A4 landscape (842 x 595 points).
fn a4_landscape_pages(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    let field = |name: &str| {
        let line = info.lines().find(|l| l.starts_with(name)).unwrap_or("");
        line[name.len().min(line.len())..].trim().to_string()
    };
    let size: Vec<f64> = field("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(size.len(), 2, "{info}");
    assert_eq!((size[0].round(), size[1].round()), (842.0, 595.0), "{info}");
    field("Pages:").parse().expect("Pages")
}

/// Each page as a PNG in `target/screenshots/NAME-N.png`, to look at.
fn screenshots(pdf: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    fs::create_dir_all(&dir).expect("target/screenshots");
    let prefix = dir.join(name);
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "80"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm");
    assert!(out.success());
    println!("screenshots: {}-*.png", prefix.display());
}

/// A class of `n`'s month printed by Chromium: the folder (removed on
/// drop) and the PDF in it; `None` where the test does not apply.
fn printed(n: usize) -> Option<(TempDir, PathBuf)> {
    print_tools()?;
    let temp = TempDir::new();
    let (_, page) = month_page(&temp, n);
    let pdf = temp.path().join("register.pdf");
    print_to_pdf(&page, &pdf);
    Some((temp, pdf))
}

/// Page `page`'s text: its header row there, and the rolls whose name is
/// on it, a line each (their rows), in order.
fn rolls_on_page(pdf: &Path, page: usize, n: usize) -> Vec<usize> {
    let page = page.to_string();
    let text = poppler("pdftotext", &["-f", &page, "-l", &page], pdf);
    for header in ["Roll Name", "Present Late Days"] {
        assert!(
            text.contains(header),
            "page {page} has no header row:\n{text}"
        );
    }
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    (1..=n)
        .filter(|&k| lines.contains(&name_of(k).as_str()))
        .collect()
}

#[test]
#[ignore = "needs chromium and poppler-utils"]
fn a_class_of_45_prints_on_one_a4_landscape_sheet() {
    let _alone = harness::alone();
    let (_temp, pdf) = match printed(45) {
        Some(printed) => printed,
        None => return,
    };
    assert_eq!(a4_landscape_pages(&pdf), 1);
    // Every student on it, and the lines to sign.
    assert_eq!(rolls_on_page(&pdf, 1, 45), (1..=45).collect::<Vec<_>>());
    let text = poppler("pdftotext", &[], &pdf);
    assert!(text.contains("Class teacher’s signature"), "{text}");
    screenshots(&pdf, "register-45");
}

#[test]
#[ignore = "needs chromium and poppler-utils"]
fn a_class_of_60_prints_on_two_sheets_with_the_header_row_on_each() {
    let _alone = harness::alone();
    let (_temp, pdf) = match printed(60) {
        Some(printed) => printed,
        None => return,
    };
    assert_eq!(a4_landscape_pages(&pdf), 2);
    // The header row on each page, then its students; every student once,
    // in order, none lost or doubled at the break.
    let first = rolls_on_page(&pdf, 1, 60);
    let second = rolls_on_page(&pdf, 2, 60);
    assert!(
        first.len() >= 45 && second.len() >= 5,
        "{first:?} {second:?}"
    );
    assert_eq!([first, second].concat(), (1..=60).collect::<Vec<_>>());
    screenshots(&pdf, "register-60");
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core: cargo test -- --include-ignored (.ci/run installs them)"]
fn the_teachers_screen_serves_the_month_to_print_and_axe_finds_nothing() {
    let _alone = harness::alone();
    if let Some(reason) = webdriver::reason_to_skip() {
        harness::skip(&format!("browser test: {reason}"));
        return;
    }
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    write_month(&folder, 45);
    let srv = Server::builder()
        .dir(&folder)
        .clock("2026-02-27 10:00:00")
        .arg("--roster")
        .arg(class_of(&temp, 45))
        .start();
    let screen = srv.teacher_get("/teacher").body;
    assert!(screen.contains("<a href=\"/teacher/register.html\">Print this month</a>"));
    let page = srv.teacher_get("/teacher/register.html");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page
        .body
        .contains("<h1>Attendance register, February 2026 "));
    assert_eq!(page.body.matches("<tr><td class=\"roll\">").count(), 45);
    // Only the laptop's own browser is shown it.
    assert_eq!(srv.get("/teacher/register.html").status, 403);

    let axe = axe_script().unwrap_or_else(|e| panic!("{e}"));
    let driver = Driver::start();
    let browser = Session::start(&driver);
    browser.window_size(1280, 900);
    browser.goto(&format!("{}teacher/register.html", srv.url()));
    let violations = browser.axe_violations(&axe);
    assert!(violations.is_empty(), "{violations:#?}");
    browser.screenshot("register-screen.png");
}

/// The first line `--day` prints, and the rest.
fn day_report(temp: &TempDir, list: &OsString, day: &str) -> (String, String) {
    let (code, out, err) = report(temp, &[&os("--roster"), list, &os("--day"), &os(day)]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let (first, rest) = out.split_once('\n').unwrap_or((&out, ""));
    (first.to_string(), rest.to_string())
}

#[test]
fn the_days_counts_are_the_line_the_states_app_asks_for() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    fs::create_dir_all(&folder).expect("mkdir");
    let away = [3, 17, 29, 45];
    let rows: Vec<String> = (1..=45)
        .filter(|k| !away.contains(k))
        .map(|k| format!("{k},\"{}\",09:00:{:02}", name_of(k), k))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    fs::write(
        folder.join("attendance_2026-02-10.csv"),
        expected_file(&rows),
    )
    .expect("day");
    let list = class_of(&temp, 45);
    let (first, rest) = day_report(&temp, &list, "2026-02-10");
    assert_eq!(first, "On roll 45, Present 41, Late 0, Excused 0, Absent 4");
    // Roll and name in columns, as wide as the widest of them.
    let width = away
        .iter()
        .map(|&k| name_of(k).chars().count())
        .max()
        .unwrap_or(0);
    let mut absent = String::from("Absent (4):\n");
    for k in away {
        let line = format!("  {k:<2}  {:width$}", name_of(k));
        absent += line.trim_end();
        absent.push('\n');
    }
    assert_eq!(rest, absent + "Excused: nobody\n");
    assert!(rest.contains("\n  3   Lee <b>Ann</b> & Co 3\n"), "{rest}");
    // No class that day: said, nothing made up.
    let (code, out, err) = report(
        &temp,
        &[&os("--roster"), &list, &os("--day"), &os("2026-02-14")],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with(
            "rollcall report: there is no attendance file for 2026-02-14 in attendance"
        ),
        "{err}"
    );
    // Without a class list only those seen can be counted, and it says so.
    let (code, out, _) = report(&temp, &[&os("--day"), &os("2026-02-10")]);
    assert_eq!(code, 0);
    assert!(out.starts_with("On roll 41, Present 41, Late 0, Excused 0, Absent 0\nAbsent: nobody\nExcused: nobody\nNo class list (--roster)"), "{out}");
}

fn excuse(srv: &Server, roll: &str, reason: &str) {
    let fields = format!("roll={roll}&reason={}", encode(reason));
    assert_eq!(srv.act("excuse", &fields).status, 303);
}

fn check_in_at(srv: &Server, when: &str, roll: &str, name: &str) {
    srv.set_clock(when);
    assert_eq!(srv.check_in(roll, name).status, 200, "{roll} at {when}");
}

/// The letters of `date`'s column in a register's CSV, a student each.
fn column(register: &str, date: &str) -> Vec<String> {
    let mut lines = register.trim_start_matches('\u{feff}').split("\r\n");
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let at = header
        .iter()
        .position(|h| *h == date)
        .expect("the day's column");
    lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').nth(at).expect("a cell").to_string())
        .collect()
}

#[test]
fn with_late_and_excused_from_a_real_server_the_day_is_the_registers_column() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    let list = class_list(&temp);
    let day = |date: &str, late: bool| {
        let mut b = Server::builder()
            .dir(&folder)
            .clock(&format!("{date} 09:00:00"))
            .arg("--roster")
            .arg(&list);
        if late {
            b = b.arg("--late-after").arg("10");
        }
        b.start()
    };
    // Monday: everyone, on time.
    let srv = day("2026-02-09", false);
    for (roll, name) in [
        ("12", "Udbhav Singh"),
        ("13", "Rahul Kumar"),
        ("14", "अनीता"),
        ("15", "Priya Nair"),
    ] {
        check_in_at(&srv, "2026-02-09 09:01:00", roll, name);
    }
    drop(srv);
    // Tuesday: on time, late, excused, absent.
    let srv = day("2026-02-10", true);
    check_in_at(&srv, "2026-02-10 09:05:00", "12", "Udbhav Singh");
    check_in_at(&srv, "2026-02-10 09:15:00", "13", "Rahul Kumar");
    excuse(&srv, "14", "note from home");
    // The teacher's screen has today's line, as --day prints it after.
    let today = "On roll 4, Present 2, Late 1, Excused 1, Absent 1";
    assert_eq!(srv.status()["day_counts"], today);
    let screen = srv.teacher_get("/teacher").body;
    assert!(
        screen.contains(&format!("<span id=\"day-counts\">{today}</span>")),
        "{screen}"
    );
    drop(srv);

    let (first, rest) = day_report(&temp, &list, "2026-02-10");
    assert_eq!(first, "On roll 4, Present 2, Late 1, Excused 1, Absent 1");
    assert_eq!(
        rest,
        "Absent (1):\n  15  Priya Nair\nExcused (1):\n  14  अनीता  note from home\n"
    );
    // The register says the same of each day.
    let (code, out, err) = report(&temp, &[&os("--roster"), &list]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let register =
        fs::read_to_string(folder.join("register_2026-02-01_to_2026-02-28.csv")).expect("register");
    for (date, line) in [
        (
            "2026-02-09",
            "On roll 4, Present 4, Late 0, Excused 0, Absent 0",
        ),
        (
            "2026-02-10",
            "On roll 4, Present 2, Late 1, Excused 1, Absent 1",
        ),
    ] {
        let letters = column(&register, date);
        assert_eq!(letters.len(), 4);
        let n = |l: &str| letters.iter().filter(|m| *m == l).count();
        let counted = format!(
            "On roll {}, Present {}, Late {}, Excused {}, Absent {}",
            letters.len(),
            n("P") + n("L"),
            n("L"),
            n("E"),
            n("A")
        );
        assert_eq!(counted, line, "{date}: {register}");
        assert_eq!(day_report(&temp, &list, date).0, line);
    }
}

/// Four students' month: Asha 10 of 20, Ravi 5, Meena 15 (exactly 75 %)
/// and Zoya 20, in `temp`'s attendance folder.
fn four_students(temp: &TempDir) {
    let folder = temp.path().join("attendance");
    fs::create_dir_all(&folder).expect("mkdir");
    let came = [
        ("1", "Asha", 10),
        ("2", "Ravi", 5),
        ("3", "Meena", 15),
        ("4", "Zoya", 20),
    ];
    for (d, date) in february().iter().enumerate() {
        let rows: Vec<String> = (came.iter())
            .filter(|(_, _, days)| d < *days)
            .map(|(roll, name, _)| format!("{roll},{name},09:00:00"))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        fs::write(
            folder.join(format!("attendance_{date}.csv")),
            expected_file(&rows),
        )
        .expect("day");
    }
}

#[test]
fn days_left_says_what_each_student_below_still_needs() {
    let temp = TempDir::new();
    four_students(&temp);
    let page = temp.path().join("feb.html");
    let (code, out, err) = report(
        &temp,
        &[
            &os("--days-left"),
            &os("20"),
            &os("--html"),
            &program_path(&page),
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    // (10 + 20) / 40 = 75 %: all 20; (5 + 20) / 40 = 62.5 %: out of reach.
    // Meena, at exactly 75 %, is not below.
    assert!(
        out.contains(
            "Below 75%: 2 student(s), with 20 class day(s) left\n  2  Ravi  5 of 20 days, 25%: cannot reach 75 %\n  1  Asha  10 of 20 days, 50%: needs 20 of the next 20 days\n"
        ),
        "{out}"
    );
    assert!(!out.contains("Meena"), "{out}");
    // The register's summary lines, below it.
    let register = fs::read_to_string(
        temp.path()
            .join("attendance/register_2026-02-01_to_2026-02-28.csv"),
    )
    .expect("register");
    assert!(
        register.ends_with(
            "\r\n4,Zoya,P,P,P,P,P,P,P,P,P,P,P,P,P,P,P,P,P,P,P,P,20,0,20,100\r\n\
             \r\n\
             Below 75% with 20 class day(s) left\r\n\
             Roll,Name,Present,Days,Percent,Needs\r\n\
             2,Ravi,5,20,25,cannot reach 75 %\r\n\
             1,Asha,10,20,50,needs 20 of the next 20 days\r\n"
        ),
        "{register}"
    );
    // And on the page to print.
    let html = fs::read_to_string(&page).expect("page");
    assert!(
        html.contains("<h2>Below 75\u{a0}%, with 20 class day(s) left</h2>"),
        "{html}"
    );
    assert!(html.contains("<li><b>2</b> Ravi: 5 of 20 (25\u{a0}%), cannot reach 75\u{a0}%</li>"));
    assert!(
        html.contains("<li><b>1</b> Asha: 10 of 20 (50\u{a0}%), needs 20 of the next 20 days</li>")
    );
    assert!(!html.contains("Meena:"));

    // Another threshold, another arithmetic: (5 + 15) / 40 = 50 %.
    let (_, out, _) = report(
        &temp,
        &[&os("--threshold"), &os("50"), &os("--days-left"), &os("20")],
    );
    assert!(
        out.contains("Below 50%: 1 student(s), with 20 class day(s) left\n  2  Ravi  5 of 20 days, 25%: needs 15 of the next 20 days\n"),
        "{out}"
    );
    // Without --days-left the register is as ever: no lines below it.
    let (_, out, _) = report(&temp, &[]);
    assert!(out.contains("  2  Ravi  5 of 20 days, 25%\n"), "{out}");
    let register = fs::read_to_string(
        temp.path()
            .join("attendance/register_2026-02-01_to_2026-02-28.csv"),
    )
    .expect("register");
    assert!(register.ends_with(",20,0,20,100\r\n"), "{register}");
}

#[test]
fn the_new_options_are_checked_before_anything_is_read() {
    let temp = TempDir::new();
    for (args, says) in [
        (
            &["--day", "2026-02-10", "--html", "x.html"][..],
            "--day prints one day's counts and writes no register: leave out --html",
        ),
        (
            &["--day", "2026-02-10", "--days-left", "3"],
            "leave out --days-left",
        ),
        (
            &["--day", "10-02-2026"],
            "--day takes a date such as 2026-02-01, not '10-02-2026'",
        ),
        (
            &["--heading", "A School"],
            "--heading is for the page to print: give --html FILE as well",
        ),
        (
            &["--html", "x.html", "--heading", "  "],
            "--heading needs the school's name",
        ),
        (
            &["--days-left", "400"],
            "--days-left takes a number of class days from 0 to 366, not '400'",
        ),
        (
            &["--days-left", "ten"],
            "--days-left takes a number of class days from 0 to 366, not 'ten'",
        ),
        (
            &["--day-left", "3"],
            "unknown report option '--day-left' (did you mean --days-left?)",
        ),
    ] {
        let args: Vec<OsString> = args.iter().map(|a| os(a)).collect();
        let args: Vec<&OsString> = args.iter().collect();
        let (code, out, err) = report(&temp, &args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // An --html naming a daily file is refused like an --out.
    let folder = temp.path().join("attendance");
    fs::create_dir_all(&folder).expect("mkdir");
    let day = folder.join("attendance_2026-02-10.csv");
    fs::write(&day, expected_file(&["1,Asha,09:00:00"])).expect("day");
    let (code, _, err) = report(&temp, &[&os("--html"), &program_path(&day)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("is a daily attendance file; choose another name"),
        "{err}"
    );
    assert_eq!(
        fs::read(&day).expect("day"),
        expected_file(&["1,Asha,09:00:00"])
    );
}

#[test]
fn a_page_of_more_than_a_month_is_written_with_a_word_of_warning() {
    let temp = TempDir::new();
    let folder = temp.path().join("attendance");
    fs::create_dir_all(&folder).expect("mkdir");
    // Twelve class days in January (Saturdays too; not Sunday the 25th),
    // twenty in February.
    let mut dates: Vec<String> = (19..=31)
        .filter(|&d| d != 25)
        .map(|d| format!("2026-01-{d:02}"))
        .collect();
    dates.extend(february());
    assert_eq!(dates.len(), 32);
    for date in &dates {
        let path = folder.join(format!("attendance_{date}.csv"));
        fs::write(path, expected_file(&["1,Asha,09:00:00"])).expect("day");
    }
    let page = temp.path().join("term.html");
    let (code, out, err) = report(
        &temp,
        &[
            &os("--from"),
            &os("2026-01-01"),
            &os("--html"),
            &program_path(&page),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("rollcall report: the page to print has 32 class days, and is made for a month: its boxes come out small. Print a month at a time with --from and --to."),
        "{err}"
    );
    let html = fs::read_to_string(&page).expect("written all the same");
    // A range into another month: the title says from and to, and the
    // other month's days carry their month.
    assert!(html.contains("<h1>Attendance register, 1 January 2026 to 28 February 2026 "));
    assert!(html.contains("<span class=\"d\">19</span><span class=\"w\">Mo</span>"));
    assert!(html.contains("<span class=\"d\">27/2</span><span class=\"w\">Fr</span>"));
    // Without --html, no word.
    let (_, _, err) = report(&temp, &[&os("--from"), &os("2026-01-01")]);
    assert_eq!(err, "");
}
