//! `collect remind`: e-mail drafts that another MIME parser (Python's
//! `email` package, tests/scripts/read_eml.py) reads as a mail program
//! would, addressed from the newest submission that still holds an
//! address or from the registry, with the respondent's own form attached
//! and the letter after a rejected file where one was rejected.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::{Run, collect_in, fixture, root};

const CONTACT: &str = "Åsa Öberg <asa.oberg@vastkom.example>";
const DEADLINE: &str = "2026-12-15";
const SURVEY: &str = "Lokalt nuläge digitalisering";

fn db(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--db", "collect.db", "--registry", "registry.csv"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

/// `remind` for 2026 into `folder`, with the test's deadline and contact.
fn remind(dir: &Path, folder: &str, more: &[&str]) -> Run {
    let mut args = vec![
        "remind",
        "-o",
        folder,
        "--year",
        "2026",
        "--deadline",
        DEADLINE,
        "--contact",
        CONTACT,
    ];
    args.extend_from_slice(more);
    db(dir, &args)
}

/// The built-in registry with an `email` column (Härryda and Ale have an
/// address there) and one more respondent whose name is hostile to file
/// systems.
fn registry(dir: &Path, emails: &[(&str, &str)]) {
    let text = std::fs::read_to_string(root().join("registry/respondents.csv")).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{},email\n", lines.next().unwrap());
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let id = line.split(',').next().unwrap();
        let email = emails.iter().find(|(i, _)| *i == id).map_or("", |(_, e)| e);
        out.push_str(&format!("{line},{email}\n"));
    }
    out.push_str("ZZ,\"../Ärlig: \u{202e}test\",kommunalforbund,Länsgemensam,,,,,\n");
    std::fs::write(dir.join("registry.csv"), out).unwrap();
}

/// A fixture CSV submission made into one for another year and address.
fn earlier(dir: &Path, fixture_name: &str, year: &str, email: Option<&str>) -> PathBuf {
    let text = std::fs::read_to_string(root().join(fixture(fixture_name))).unwrap();
    let mut text = text.replace("ar,,2026", &format!("ar,,{year}"));
    if let Some(email) = email {
        let old = text
            .lines()
            .find(|l| l.starts_with("epost,,"))
            .unwrap()
            .to_string();
        text = text.replace(&old, &format!("epost,,{email}"));
    }
    let name = fixture_name.replace("submissions/", "").replace(".csv", "");
    let path = dir.join(format!("{name}-{year}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

/// A collection with something of every kind:
/// - Öckerö (1407) answered for 2025 only: reminded at its 2025 address;
/// - Ale (1440) answered 2024 and 2025 with different addresses, and has
///   one in the registry: the newest submission's wins;
/// - Orust (1421) answered 2025, withdrawn: its address is not used;
/// - Härryda (1401) sent a rejected file for 2026: the letter after a
///   rejected file, to the registry's address;
/// - Lerum (1441) answered 2026: not reminded (except with `--all`);
/// - Stenungsund (1415) never answered and has no address.
fn collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    registry(
        d,
        &[
            ("1401", "kommun@harryda.example"),
            ("1440", "registrator@ale.example"),
        ],
    );
    let files = [
        earlier(d, "submissions/1407-ockero.csv", "2025", None),
        earlier(
            d,
            "submissions/1440-ale.csv",
            "2024",
            Some("gammal@ale.example"),
        ),
        earlier(
            d,
            "submissions/1440-ale.csv",
            "2025",
            Some("ny@ale.example"),
        ),
        earlier(d, "submissions/1421-orust.csv", "2025", None),
        root().join(fixture("submissions/1441-lerum.xlsx")),
    ];
    let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let run = db(d, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let withdraw = db(
        d,
        &["withdraw", "1421", "--year", "2025", "--reason", "Fel fil"],
    );
    assert_eq!(withdraw.code, 0, "{}", withdraw.stderr);
    let rejected = root().join(fixture("invalid/email.invalid.xlsx"));
    assert_eq!(db(d, &["import", &rejected.display().to_string()]).code, 1);
    dir
}

/// Whether Python can read the drafts; CI must have it (.ci/run).
fn python() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import email.policy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("COLLECT_REQUIRE_OPENPYXL").is_none(),
            "CI has python3 (.ci/run)"
        );
        eprintln!("python3 is not installed; the drafts were not parsed");
    }
    found
}

/// Every draft in `folder`, as Python's `email` package reads it.
fn parsed(dir: &Path, folder: &str) -> serde_json::Map<String, Value> {
    let output = Command::new("python3")
        .arg(root().join("tests/scripts/read_eml.py"))
        .args([folder, &format!("{folder}-delar")])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    match serde_json::from_slice(&output.stdout).unwrap() {
        Value::Object(map) => map,
        other => panic!("{other}"),
    }
}

/// The bytes of a draft's one attachment, as the parser saved them.
fn attachment(dir: &Path, draft: &Value) -> Vec<u8> {
    let attachments = draft["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1, "{draft:#}");
    std::fs::read(dir.join(attachments[0]["saved"].as_str().unwrap())).unwrap()
}

/// The workbook `template` writes for a respondent with the test's
/// deadline and contact.
fn template(dir: &Path, respondent: &str, more: &[&str]) -> Vec<u8> {
    let out = format!("mall-{respondent}.xlsx");
    let mut args = vec![
        "template",
        "-o",
        &out,
        "--respondent",
        respondent,
        "--year",
        "2026",
        "--deadline",
        DEADLINE,
        "--contact",
        CONTACT,
    ];
    args.extend_from_slice(more);
    let run = db(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read(dir.join(out)).unwrap()
}

fn to(draft: &Value) -> Vec<(String, String)> {
    draft["to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_string(),
                m["address"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn body(draft: &Value) -> &str {
    draft["body"].as_str().unwrap()
}

/// The lines of `utskick.csv` after its header, by respondent id.
fn listed(dir: &Path, folder: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(folder).join("utskick.csv")).unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("id,name,email,no_email_reason,draft,attachment")
    );
    lines
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn reminders_are_mail_another_parser_reads_with_their_own_forms() {
    if !python() {
        return;
    }
    let dir = collection();
    let d = dir.path();
    let run = remind(d, "utskick", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("Skrev 54 utkast för 2026"),
        "{}",
        run.stderr
    );
    let drafts = parsed(d, "utskick");
    // 54 + ZZ in the registry, Lerum has answered.
    assert_eq!(drafts.len(), 54);
    assert!(
        !drafts.keys().any(|k| k.starts_with("1441")),
        "Lerum answered"
    );
    drafts
        .iter()
        .for_each(|(name, draft)| every_draft(name, draft));
    ockero(d, &drafts["1407-ockero.eml"]);
    harryda(d, &drafts["1401-harryda.eml"]);

    // Ale: the newest submission's address, before the older one and the registry's.
    assert_eq!(to(&drafts["1440-ale.eml"])[0].1, "ny@ale.example");
    // Orust's only submission is withdrawn, and the registry has no address.
    let orust = &drafts["1421-orust.eml"];
    assert!(to(orust).is_empty(), "{orust:#}");
    // Stenungsund: no address anywhere.
    assert!(to(&drafts["1415-stenungsund.eml"]).is_empty());
    // The hostile name is a safe file name; its form keeps Ä in its name.
    let zz = &drafts["zz-arlig-test.eml"];
    assert_eq!(
        zz["attachments"][0]["filename"],
        "Lokalt nuläge digitalisering 2026 .. Ärlig test.xlsx"
    );
    lists(d, &run);

    // Run again into the same folder: refused, nothing of the first run lost.
    let again = remind(d, "utskick", &[]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again.stderr.contains("innehåller redan utkast"),
        "{}",
        again.stderr
    );
    assert_eq!(parsed(d, "utskick").len(), 54);
}

/// What every draft has: ASCII headers, CRLF, `X-Unsent`, the sender, a
/// UTF-8 text part and the form attached.
fn every_draft(name: &str, draft: &Value) {
    assert_eq!(draft["headers_ascii"], true, "{name}: RFC 2047 headers");
    assert_eq!(draft["crlf"], true, "{name}");
    assert_eq!(draft["mime_version"], "1.0");
    assert_eq!(draft["content_type"], "multipart/mixed");
    assert_eq!(draft["x_unsent"], "1", "{name}");
    assert_eq!(draft["from"][0]["name"], "Åsa Öberg");
    assert_eq!(draft["from"][0]["address"], "asa.oberg@vastkom.example");
    assert_eq!(draft["body_type"], "text/plain");
    assert_eq!(draft["body_charset"], "utf-8");
    assert!(
        !body(draft).contains('{'),
        "{name}: every placeholder filled"
    );
    let a = &draft["attachments"][0];
    assert_eq!(a["disposition"], "attachment");
    assert_eq!(
        a["content_type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
}

/// Öckerö: a reminder to its 2025 address, its own form attached.
fn ockero(d: &Path, ockero: &Value) {
    assert_eq!(
        to(ockero),
        [(
            "Öckerö".to_string(),
            "fiktiv.exempelsson@ockero.example".to_string()
        )]
    );
    assert_eq!(
        ockero["subject"],
        format!("Påminnelse: {SURVEY} 2026 – svara senast {DEADLINE}")
    );
    let text = body(ockero);
    for expected in [
        "från Öckerö",
        "budgetåret 2026",
        "Sista dag att svara är 2026-12-15.",
        CONTACT,
        "Lokalt nuläge digitalisering 2026 Öckerö.xlsx",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    assert_eq!(
        ockero["attachments"][0]["filename"],
        "Lokalt nuläge digitalisering 2026 Öckerö.xlsx"
    );
    assert!(
        attachment(d, ockero) == template(d, "1407", &[]),
        "the attachment is the form `template --respondent 1407` writes"
    );
}

/// Härryda's file was rejected: when, how many errors, the first one.
fn harryda(d: &Path, harryda: &Value) {
    assert_eq!(
        to(harryda),
        [("Härryda".to_string(), "kommun@harryda.example".to_string())]
    );
    assert_eq!(
        harryda["subject"],
        format!("{SURVEY} 2026: filen från Härryda behöver rättas")
    );
    let history = db(d, &["history", "1401"]).stdout;
    let when = history
        .lines()
        .find_map(|l| l.strip_suffix("  2026"))
        .expect("the rejected attempt's time in history");
    let text = body(harryda);
    for expected in [
        format!("Filen email.invalid.xlsx, som kom in {when}, kunde tyvärr inte tas emot"),
        "vi hittade 1 fel i den".to_string(),
        "Uppgiftslämnare!C5 (email.invalid)".to_string(),
        "senast 2026-12-15".to_string(),
    ] {
        assert!(text.contains(&expected), "{expected}:\n{text}");
    }
}

/// The list, for scripts and for people, and who has no recipient.
fn lists(d: &Path, run: &Run) {
    let lines = listed(d, "utskick");
    assert_eq!(lines.len(), 54);
    for line in [
        "1407,Öckerö,fiktiv.exempelsson@ockero.example,,1407-ockero.eml,Lokalt nuläge digitalisering 2026 Öckerö.xlsx",
        "1415,Stenungsund,,inga tidigare svar och ingen e-postadress i registret,1415-stenungsund.eml,Lokalt nuläge digitalisering 2026 Stenungsund.xlsx",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line}\n{lines:#?}");
    }
    let sheets = crate::report::read(&d.join("utskick/utskick.xlsx"));
    let sheet = &sheets["Utskick"];
    let header: Vec<String> = sheet[0].iter().map(crate::report::text).collect();
    assert_eq!(
        header,
        [
            "Id",
            "Organisation",
            "E-post",
            "Varför e-post saknas",
            "Utkast",
            "Bilaga",
            "Brev"
        ]
    );
    assert_eq!(sheet.len(), 55);
    assert!(
        run.stderr.contains("1415 Stenungsund: inga tidigare svar"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_attached_form_filled_in_validates_as_its_respondents() {
    let has_openpyxl = python()
        && Command::new("python3")
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !has_openpyxl {
        assert!(
            std::env::var_os("COLLECT_REQUIRE_OPENPYXL").is_none(),
            "CI installs openpyxl (.ci/run)"
        );
        eprintln!("openpyxl is not installed; the attached form was not filled in");
        return;
    }
    let dir = collection();
    let d = dir.path();
    assert_eq!(remind(d, "utskick", &[]).code, 0);
    let drafts = parsed(d, "utskick");
    std::fs::write(
        d.join("ockero.xlsx"),
        attachment(d, &drafts["1407-ockero.eml"]),
    )
    .unwrap();
    let status = Command::new("python3")
        .arg(root().join("tests/scripts/fill_template.py"))
        .args(["ockero.xlsx", "ifylld.xlsx"])
        .current_dir(d)
        .status()
        .unwrap();
    assert!(status.success());
    let theirs = db(
        d,
        &[
            "validate",
            "--format",
            "json",
            "--respondent",
            "1407",
            "ifylld.xlsx",
        ],
    );
    assert_eq!(theirs.code, 0, "{}", theirs.stdout);
    assert_eq!(theirs.json()["files"][0]["respondent"], "1407");
    let other = db(
        d,
        &[
            "validate",
            "--format",
            "json",
            "--respondent",
            "1441",
            "ifylld.xlsx",
        ],
    );
    assert_eq!(other.code, 1);
    assert!(
        other.stdout.contains("respondent.mismatch"),
        "{}",
        other.stdout
    );
}

#[test]
fn prefill_attaches_the_newest_earlier_answers_without_personal_data() {
    if !python() {
        return;
    }
    let dir = collection();
    let d = dir.path();
    let run = remind(d, "utskick", &["--prefill"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let drafts = parsed(d, "utskick");
    let form = attachment(d, &drafts["1407-ockero.eml"]);
    assert!(
        form == template(d, "1407", &["--prefill"]),
        "the form `template --respondent 1407 --prefill` writes"
    );
    let strings = shared_strings(&form);
    assert!(strings.contains("Handlingsplan 2026"), "2025's answers");
    for personal in ["fiktiv.exempelsson@ockero.example", "Fiktiv Exempelsson"] {
        assert!(!strings.contains(personal), "{personal}");
    }
    // Ale's newest earlier year is 2025.
    assert!(!shared_strings(&attachment(d, &drafts["1440-ale.eml"])).contains("ny@ale.example"));
    // Stenungsund has nothing to prefill from, and is told about.
    assert!(
        run.stderr.contains("1415: inget svar från före 2026"),
        "{}",
        run.stderr
    );
}

fn shared_strings(xlsx: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn after_erase_contacts_the_address_is_gone_and_the_registry_steps_in() {
    if !python() {
        return;
    }
    let dir = collection();
    let d = dir.path();
    assert_eq!(db(d, &["erase-contacts", "1407", "1440"]).code, 0);
    assert_eq!(remind(d, "utskick", &[]).code, 0);
    let drafts = parsed(d, "utskick");
    let ockero = &drafts["1407-ockero.eml"];
    assert!(to(ockero).is_empty(), "{ockero:#}");
    assert!(!body(ockero).contains("exempelsson"));
    assert!(
        listed(d, "utskick").iter().any(|l| l.starts_with(
            "1407,Öckerö,,ingen e-postadress kvar i tidigare svar och ingen i registret,"
        )),
        "{:#?}",
        listed(d, "utskick")
    );
    // Ale's submissions lost theirs; the registry's address is used.
    assert_eq!(to(&drafts["1440-ale.eml"])[0].1, "registrator@ale.example");
}

#[test]
fn all_invites_every_respondent_the_default_only_those_missing() {
    if !python() {
        return;
    }
    let dir = collection();
    let d = dir.path();
    let run = remind(d, "inbjudan", &["--all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let drafts = parsed(d, "inbjudan");
    assert_eq!(drafts.len(), 55, "every registry respondent");
    let lerum = &drafts["1441-lerum.eml"];
    assert_eq!(
        lerum["subject"],
        format!("Enkät: {SURVEY} 2026 – svara senast {DEADLINE}")
    );
    assert_eq!(to(lerum)[0].1, "fiktiv.exempelsson@lerum.example");
    assert!(body(lerum).contains("hoppas på svar från Lerum"));
    assert!(
        drafts["1407-ockero.eml"]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Enkät:")
    );
    // A rejected file still gets the letter that says so.
    assert!(
        drafts["1401-harryda.eml"]["subject"]
            .as_str()
            .unwrap()
            .ends_with("behöver rättas")
    );
    assert_eq!(listed(d, "inbjudan").len(), 55);
}

#[test]
fn the_first_invitation_needs_no_database_a_reminder_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    registry(d, &[("1401", "kommun@harryda.example")]);
    let run = remind(d, "inbjudan", &["--all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("finns inte ännu"), "{}", run.stderr);
    assert!(!d.join("collect.db").exists(), "nothing created");
    let lines = listed(d, "inbjudan");
    assert_eq!(lines.len(), 55);
    assert!(lines[0].starts_with("1401,Härryda,kommun@harryda.example,,1401-harryda.eml,"));
    let reminder = remind(d, "utskick", &[]);
    assert_eq!(reminder.code, 2);
    assert!(
        reminder.stderr.contains("finns inte"),
        "{}",
        reminder.stderr
    );
}

#[test]
fn bad_arguments_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    registry(d, &[]);
    std::fs::write(d.join("fil.txt"), "x").unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "remind",
                "-o",
                "ut",
                "--all",
                "--deadline",
                "15/12",
                "--contact",
                "a@b.se",
            ],
            "ÅÅÅÅ-MM-DD",
        ),
        (
            &[
                "remind",
                "-o",
                "ut",
                "--all",
                "--deadline",
                DEADLINE,
                "--contact",
                "enkät",
            ],
            "ingen giltig e-postadress",
        ),
        (
            &[
                "remind",
                "-o",
                "fil.txt",
                "--all",
                "--deadline",
                DEADLINE,
                "--contact",
                "a@b.se",
            ],
            "en mapp",
        ),
        (
            &[
                "remind",
                "-o",
                "ut.csv",
                "--all",
                "--deadline",
                DEADLINE,
                "--contact",
                "a@b.se",
            ],
            "en mapp",
        ),
        (
            &["remind", "-o", "ut", "--all", "--contact", "a@b.se"],
            "--deadline",
        ),
    ];
    for (args, expected) in cases {
        let run = db(d, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert!(!d.join("ut").exists() && !d.join("ut.csv").exists());
    }
}

#[test]
fn a_definition_without_the_texts_serves_every_command_but_remind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    registry(d, &[]);
    let builtin = std::fs::read_to_string(root().join("surveys/ssvit-lokalt-nulage.toml")).unwrap();
    let at = builtin.find("[messages.invitation]").unwrap();
    std::fs::write(d.join("utan.toml"), &builtin[..at]).unwrap();
    let lerum = root().join(fixture("submissions/1441-lerum.xlsx"));
    let validate = db(
        d,
        &[
            "--survey",
            "utan.toml",
            "validate",
            &lerum.display().to_string(),
        ],
    );
    assert_eq!(validate.code, 0, "{}", validate.stdout);
    let args = [
        "--survey",
        "utan.toml",
        "remind",
        "-o",
        "ut",
        "--all",
        "--deadline",
        DEADLINE,
        "--contact",
        "a@b.se",
    ];
    let run = db(d, &args);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "saknar texterna till utskicken: [messages.invitation], [messages.reminder], [messages.rejected]"
        ),
        "{}",
        run.stderr
    );
    assert!(!d.join("ut").exists());

    // One text missing is named alone.
    let at = builtin.find("[messages.rejected]").unwrap();
    std::fs::write(d.join("utan.toml"), &builtin[..at]).unwrap();
    let run = db(d, &args);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("utskicken: [messages.rejected]."),
        "{}",
        run.stderr
    );
}

#[test]
fn a_placeholder_no_letter_fills_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    registry(d, &[]);
    let builtin = std::fs::read_to_string(root().join("surveys/ssvit-lokalt-nulage.toml")).unwrap();
    let lerum = root().join(fixture("submissions/1441-lerum.xlsx"));
    let wrong = builtin.replacen(
        "från {organisation} på enkäten",
        "från {kommun} på enkäten",
        1,
    );
    assert_ne!(wrong, builtin);
    std::fs::write(d.join("fel.toml"), wrong).unwrap();
    let run = db(
        d,
        &[
            "--survey",
            "fel.toml",
            "validate",
            &lerum.display().to_string(),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[messages.reminder] body har platshållaren {kommun}"),
        "{}",
        run.stderr
    );
    // The letter after a rejected file fills more than the others.
    let wrong = builtin.replacen(
        "Vi har ännu inte fått något svar",
        "Vi fick {errors} och har ännu inte fått något svar",
        1,
    );
    std::fs::write(d.join("fel.toml"), wrong).unwrap();
    let run = db(
        d,
        &[
            "--survey",
            "fel.toml",
            "validate",
            &lerum.display().to_string(),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("{errors}"), "{}", run.stderr);
}
