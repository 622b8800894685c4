//! `collect report`: the workbook is read back with calamine and every
//! figure is compared with a computation straight from the fixture files,
//! independent of the aggregation code.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use collect::convert::{count_to_f64, int_to_f64, u64_to_f64};
use collect::place::RowKey;
use collect::registry::{Kind, Registry};
use collect::survey::Survey;
use collect::validate::{Context, Submission, Value, validate};

use crate::{collect_in, root};

const SHEETS: [&str; 11] = [
    "Sammanfattning",
    "Svarsstatus",
    "Budget",
    "Delregioner",
    "Utveckling",
    "Utveckling per kommun",
    "Strategidokument",
    "Strategitäckning",
    "Förmågor",
    "Datakvalitet",
    "Underlag",
];

fn db(dir: &Path, args: &[&str]) -> crate::Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

/// A folder with the 53 fixtures of 2026 imported as example data.
fn imported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = db(
        dir.path(),
        &[
            "import",
            "--example",
            &root().join("fixtures/submissions").display().to_string(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Every sheet of a workbook as rows of cells.
pub(crate) fn read(path: &Path) -> BTreeMap<String, Vec<Vec<Data>>> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("the report opens");
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(path).unwrap();
    workbook.sheet_names()
}

pub(crate) fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

pub(crate) fn num(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(int_to_f64(*i)),
        Data::Empty => None,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// The row of a sheet whose column `col` reads `key`, as header → cell.
pub(crate) fn row<'a>(sheet: &'a [Vec<Data>], col: usize, key: &str) -> BTreeMap<String, &'a Data> {
    let headers: Vec<String> = sheet[0].iter().map(text).collect();
    let found = sheet
        .iter()
        .find(|r| text(&r[col]) == key)
        .unwrap_or_else(|| panic!("no row {key:?}"));
    headers.into_iter().zip(found.iter()).collect()
}

pub(crate) fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= 1e-6 * b.abs().max(1.0),
            "{what}: {a} != {b}"
        ),
        _ => assert_eq!(a, b, "{what}"),
    }
}

/// The fixture submissions of 2026, read with the validator, by registry id.
fn fixtures() -> BTreeMap<String, Submission> {
    fixtures_in(&root().join("fixtures/submissions"))
}

/// The submissions in a fixture folder, read with the validator, by
/// registry id.
pub(crate) fn fixtures_in(folder: &Path) -> BTreeMap<String, Submission> {
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let ctx = Context {
        survey: &survey,
        registry: &registry,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        respondent: None,
        year: None,
        limits: collect::limits::Limits::default(),
    };
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let outcome = validate(
                &path.display().to_string(),
                &std::fs::read(&path).unwrap(),
                &ctx,
            );
            (
                outcome.submission.respondent.clone().unwrap(),
                outcome.submission,
            )
        })
        .collect()
}

fn form_number(s: &Submission, question: &str) -> Option<f64> {
    s.answer(question, &RowKey::Form)
        .and_then(|a| a.value.as_number())
}

/// Whether a submission has an overall strategy in force in 2026, computed
/// here from SURVEY.md's definition.
fn has_strategy(s: &Submission) -> bool {
    has_strategy_in(s, 2026)
}

/// Whether a submission has an overall strategy in force in `year`,
/// computed here from SURVEY.md's definition.
pub(crate) fn has_strategy_in(s: &Submission, year: i32) -> bool {
    (1..=10).any(|n| {
        let row = RowKey::Record(n);
        let get = |q: &str| s.answer(q, &row).map(|a| a.value.clone());
        let area = matches!(get("dok_omrade"), Some(Value::Choice(c)) if c == "digitalisering");
        let kind = matches!(get("dok_typ"), Some(Value::Choice(c)) if ["strategi", "program", "plan", "handlingsplan"].contains(&c.as_str()));
        let decided = matches!(get("dok_beslutsdatum"), Some(Value::Date(d)) if d.format("%Y").to_string().parse::<i32>().unwrap() <= year);
        let valid = match get("dok_giltig_till") {
            None => true,
            Some(Value::Number(y)) => y >= f64::from(year),
            _ => false,
        };
        area && kind && decided && valid
    })
}

/// The registry's respondents that answered (only municipalities, or
/// every kind), of one delregion or all.
fn answering<'a>(
    registry: &'a Registry,
    subs: &'a BTreeMap<String, Submission>,
    only_municipalities: bool,
    d: Option<&'a str>,
) -> impl Iterator<Item = &'a collect::registry::Respondent> + 'a {
    registry.respondents().iter().filter(move |r| {
        subs.contains_key(r.id.as_str())
            && (!only_municipalities || r.kind == Kind::Kommun)
            && d.is_none_or(|d| r.delregion == d)
    })
}

pub(crate) fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    (n > 0).then(|| {
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    })
}

#[test]
fn the_report_has_every_sheet_in_order_and_says_the_data_is_fictitious() {
    let dir = imported();
    let run = db(dir.path(), &["report", "-o", "rapport.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.path().join("rapport.xlsx");
    assert_eq!(sheet_names(&path), SHEETS);
    let book = read(&path);
    let summary = &book["Sammanfattning"];
    let first_lines: Vec<String> = summary.iter().take(3).map(|r| text(&r[0])).collect();
    assert!(
        first_lines.iter().any(|l| l.contains("fiktiva")),
        "{first_lines:?}"
    );
    let all: String = summary
        .iter()
        .flat_map(|r| r.iter().map(text))
        .collect::<Vec<_>>()
        .join("|");
    assert!(all.contains("ssvit-lokalt-nulage"), "survey id");
    assert!(
        all.contains("läggs inte ihop"),
        "the sentence on double counting"
    );
    assert!(
        all.contains("Gällande")
            && all.contains("Kr per invånare")
            && all.contains("folkmängden år 2021. Källa: SCB.")
    );
}

#[test]
fn every_figure_matches_the_submissions() {
    let dir = imported();
    assert_eq!(db(dir.path(), &["report", "-o", "rapport.xlsx"]).code, 0);
    let book = read(&dir.path().join("rapport.xlsx"));
    let registry = Registry::builtin();
    let subs = fixtures();
    status_matches(&book["Svarsstatus"]);
    budget_rows_match(&book["Budget"], &registry, &subs);
    budget_sums_match(&book["Budget"], &registry, &subs);
    delregions_match(&book["Delregioner"], &registry, &subs);

    // Strategidokument: one row per document.
    let documents: usize = subs
        .values()
        .map(|s| {
            (1..=10)
                .filter(|n| s.answer("dok_titel", &RowKey::Record(*n)).is_some())
                .count()
        })
        .sum();
    assert_eq!(book["Strategidokument"].len(), documents + 1);

    // Underlag: every counted submission with the SHA-256 of its file.
    let sources = &book["Underlag"];
    assert_eq!(sources.len(), 54);
    let file = root().join("fixtures/submissions/1441-lerum.xlsx");
    let sha = collect::store::sha256_hex(&std::fs::read(file).unwrap());
    assert_eq!(text(row(sources, 1, "1441")["SHA-256"]), sha);
    assert_eq!(text(row(sources, 1, "1441")["Exempeldata"]), "Ja");
    assert_eq!(num(row(sources, 1, "1441")["Budgetår"]), Some(2026.0));

    // Datakvalitet: every warning of the fixtures (31).
    assert_eq!(book["Datakvalitet"].len(), 32);
}

/// A respondent's total budget.
fn total(subs: &BTreeMap<String, Submission>, id: &str) -> Option<f64> {
    form_number(&subs[id], "budget_total")
}

/// Svarsstatus: every respondent, all in but the one absent in 2026.
fn status_matches(status: &[Vec<Data>]) {
    assert_eq!(status.len(), 55);
    for r in &status[1..] {
        let absent = text(&r[0]) == collect_example::ABSENT_IN_THIRD_YEAR;
        let expected = if absent { "Saknas" } else { "Inkommen" };
        assert_eq!(text(&r[4]), expected, "{}", text(&r[0]));
    }
    let lerum = row(status, 0, "1441");
    assert_eq!(text(lerum["Typ"]), "Kommun");
    assert!(
        matches!(lerum["Besvarad"], Data::DateTime(_)),
        "a date cell"
    );
    assert_eq!(num(lerum["Varningar"]), Some(1.0));
}

/// Budget: per respondent, the total, per-capita and the joint share.
fn budget_rows_match(
    budget: &[Vec<Data>],
    registry: &Registry,
    subs: &BTreeMap<String, Submission>,
) {
    assert!(
        budget[1..]
            .iter()
            .all(|r| text(&r[0]) != collect_example::ABSENT_IN_THIRD_YEAR),
        "no row for who did not answer"
    );
    for r in answering(registry, subs, false, None) {
        let cells = row(budget, 0, &r.id);
        close(
            num(cells["Total budget för digitaliseringsarbetet (kr)"]),
            total(subs, &r.id),
            &r.id,
        );
        let per_capita = (r.kind == Kind::Kommun)
            .then(|| total(subs, &r.id).unwrap() / u64_to_f64(r.population.unwrap()));
        close(
            num(cells["Kr per invånare"]),
            per_capita,
            &format!("{} kr per invånare", r.id),
        );
        let joint = form_number(&subs[r.id.as_str()], "budget_samverkan")
            .map(|j| j / total(subs, &r.id).unwrap());
        close(
            num(cells["Andel samverkan"]),
            joint,
            &format!("{} andel samverkan", r.id),
        );
    }
    // Rows are ordered by delregion then id, GR after its municipalities.
    let ids: Vec<String> = budget[1..]
        .iter()
        .map(|r| text(&r[0]))
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(&ids[..3], ["1401", "1402", "1407"]);
    assert_eq!(ids[12], "GR");
    assert_eq!(ids.last().unwrap(), "VASTKOM");
}

/// Budget: sums per delregion, for the county's municipalities and for
/// its organisations.
fn budget_sums_match(
    budget: &[Vec<Data>],
    registry: &Registry,
    subs: &BTreeMap<String, Submission>,
) {
    for d in [
        "Fyrbodal",
        "Göteborgsregionen",
        "Boråsregionen",
        "Skaraborg",
    ] {
        let cells = row(budget, 1, &format!("Summa kommuner {d}"));
        let sum: f64 = answering(registry, subs, true, Some(d))
            .map(|r| total(subs, &r.id).unwrap())
            .sum();
        let population: f64 = answering(registry, subs, true, Some(d))
            .map(|r| u64_to_f64(r.population.unwrap()))
            .sum();
        close(
            num(cells["Total budget för digitaliseringsarbetet (kr)"]),
            Some(sum),
            d,
        );
        close(num(cells["Kr per invånare"]), Some(sum / population), d);
        let staff: f64 = answering(registry, subs, true, Some(d))
            .filter_map(|r| form_number(&subs[r.id.as_str()], "arsarbetare"))
            .sum();
        close(
            num(cells["Årsarbetare med digitaliseringsuppdrag"]),
            Some(staff),
            d,
        );
        assert_eq!(
            text(cells["Hur budgeteras digitaliseringsarbetet?"]),
            "",
            "no choice on a sum row"
        );
    }
    let county = row(budget, 1, "Hela länet, kommuner");
    let county_sum: f64 = answering(registry, subs, true, None)
        .map(|r| total(subs, &r.id).unwrap())
        .sum();
    let county_population: f64 = answering(registry, subs, true, None)
        .map(|r| u64_to_f64(r.population.unwrap()))
        .sum();
    close(
        num(county["Total budget för digitaliseringsarbetet (kr)"]),
        Some(county_sum),
        "county",
    );
    close(
        num(county["Kr per invånare"]),
        Some(county_sum / county_population),
        "county per capita",
    );
    let organisations = row(budget, 1, "Hela länet, förbund och VästKom");
    let org_sum: f64 = answering(registry, subs, false, None)
        .filter(|r| r.kind != Kind::Kommun)
        .map(|r| total(subs, &r.id).unwrap())
        .sum();
    close(
        num(organisations["Total budget för digitaliseringsarbetet (kr)"]),
        Some(org_sum),
        "organisations",
    );
    assert!(
        num(organisations["Kr per invånare"]).is_none(),
        "organisations have no inhabitants"
    );
}

/// Delregioner: per delregion and the county, per-capita figures, the
/// share with a strategy and the organisations' budget; the counts.
fn delregions_match(
    delregions: &[Vec<Data>],
    registry: &Registry,
    subs: &BTreeMap<String, Submission>,
) {
    for d in [
        "Fyrbodal",
        "Göteborgsregionen",
        "Boråsregionen",
        "Skaraborg",
        "Hela länet",
    ] {
        let filter = (d != "Hela länet").then_some(d);
        let cells = row(delregions, 0, d);
        let per_capita: Vec<f64> = answering(registry, subs, true, filter)
            .map(|r| total(subs, &r.id).unwrap() / u64_to_f64(r.population.unwrap()))
            .collect();
        close(
            num(cells["Median kr per invånare"]),
            median(per_capita.clone()),
            d,
        );
        close(
            num(cells["Min kr per invånare"]),
            per_capita.iter().copied().reduce(f64::min),
            d,
        );
        close(
            num(cells["Max kr per invånare"]),
            per_capita.iter().copied().reduce(f64::max),
            d,
        );
        let with: usize = answering(registry, subs, true, filter)
            .filter(|r| has_strategy(&subs[r.id.as_str()]))
            .count();
        let n = answering(registry, subs, true, filter).count();
        close(
            num(cells["Andel med gällande strategi"]),
            Some(count_to_f64(with) / count_to_f64(n)),
            d,
        );
        let all = |kinds: bool| {
            registry
                .respondents()
                .iter()
                .filter(|r| filter.is_none_or(|d| r.delregion == d))
                .filter(|r| !kinds || subs.contains_key(r.id.as_str()))
                .count()
        };
        close(
            num(cells["Svarsfrekvens"]),
            Some(count_to_f64(all(true)) / count_to_f64(all(false))),
            d,
        );
        let organisations: Vec<f64> = answering(registry, subs, false, filter)
            .filter(|r| r.kind != Kind::Kommun)
            .map(|r| total(subs, &r.id).unwrap())
            .collect();
        close(
            num(cells["Budget förbund"]),
            Some(organisations.iter().sum()),
            d,
        );
    }
    assert_eq!(
        num(row(delregions, 0, "Länsgemensam")["Respondenter"]),
        Some(1.0)
    );
    assert_eq!(
        num(row(delregions, 0, "Hela länet")["Respondenter"]),
        Some(54.0)
    );
    assert_eq!(
        num(row(delregions, 0, "Hela länet")["Kommuner"]),
        Some(49.0)
    );
}

#[test]
fn coverage_and_capabilities_match_the_documents_and_levels() {
    let dir = imported();
    db(dir.path(), &["report", "-o", "rapport.xlsx"]);
    let book = read(&dir.path().join("rapport.xlsx"));
    let subs = fixtures();
    let coverage = &book["Strategitäckning"];
    let lerum = row(coverage, 0, "1441");
    let in_force_digital = (1..=10)
        .filter(|n| {
            let row = RowKey::Record(*n);
            let area = s_choice(&subs["1441"], "dok_omrade", &row);
            let until = subs["1441"]
                .answer("dok_giltig_till", &row)
                .and_then(|a| a.value.as_number());
            area.as_deref() == Some("digitalisering") && until.is_none_or(|y| y >= 2026.0)
        })
        .count();
    assert_eq!(
        num(lerum["Digitalisering (övergripande)"]),
        Some(count_to_f64(in_force_digital))
    );

    let capabilities = &book["Förmågor"];
    let with_levels: Vec<&String> = subs
        .keys()
        .filter(|id| {
            subs[*id]
                .answer("niva", &RowKey::Grid("arkitektur".into()))
                .is_some()
        })
        .collect();
    let respondent_rows = capabilities[1..]
        .iter()
        .filter(|r| !text(&r[0]).is_empty() && !text(&r[1]).is_empty())
        .count();
    assert_eq!(respondent_rows, with_levels.len());
    let levels: Vec<f64> = with_levels
        .iter()
        .map(|id| {
            subs[*id]
                .answer("niva", &RowKey::Grid("arkitektur".into()))
                .unwrap()
                .value
                .as_number()
                .unwrap()
        })
        .collect();
    let mean = levels.iter().sum::<f64>() / count_to_f64(levels.len());
    close(
        num(row(capabilities, 1, "Hela länet")["Arkitektur"]),
        Some(mean),
        "mean level",
    );
}

fn s_choice(s: &Submission, question: &str, row: &RowKey) -> Option<String> {
    s.answer(question, row)
        .and_then(|a| a.value.as_str())
        .map(str::to_string)
}

#[test]
fn personal_data_only_with_contacts() {
    let dir = imported();
    db(dir.path(), &["report", "-o", "utan.xlsx"]);
    db(dir.path(), &["report", "-o", "med.xlsx", "--with-contacts"]);
    let everything = |name: &str| -> String {
        read(&dir.path().join(name))
            .values()
            .flatten()
            .flatten()
            .map(text)
            .collect::<Vec<_>>()
            .join("|")
    };
    let without = everything("utan.xlsx");
    assert!(
        !without.contains("@") && !without.contains("Exempelsson"),
        "no contact data"
    );
    let with = everything("med.xlsx");
    assert!(with.contains("@harryda.example") && with.contains("Exempelsson"));
    let status = &read(&dir.path().join("med.xlsx"))["Svarsstatus"];
    let headers: Vec<String> = status[0].iter().map(text).collect();
    assert_eq!(&headers[10..], ["Kontaktperson", "E-post", "Telefon"]);
}

#[test]
fn a_delregion_report_leaves_out_the_rest_and_the_county() {
    let dir = imported();
    let run = db(
        dir.path(),
        &["report", "-o", "fyrbodal.xlsx", "--delregion", "fyrbodal"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let book = read(&dir.path().join("fyrbodal.xlsx"));
    assert_eq!(
        book["Svarsstatus"].len(),
        16,
        "14 municipalities and the kommunalförbund"
    );
    let cells: Vec<String> = book["Budget"].iter().map(|r| text(&r[1])).collect();
    assert!(cells.contains(&"Summa kommuner Fyrbodal".to_string()));
    assert!(!cells.iter().any(|c| c.starts_with("Hela länet")));
    assert_eq!(book["Delregioner"].len(), 2);
    assert_eq!(
        db(
            dir.path(),
            &["report", "-o", "x.xlsx", "--delregion", "Halland"]
        )
        .code,
        2
    );
}

#[test]
fn text_from_submissions_is_text_and_links_are_links() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "question,row,value\norganisation,,Lerum\nar,,2026\nkontaktperson,,X\nepost,,x@lerum.example\n\
               besvarad,,2026-10-01\ndok_titel,1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"klicka\"\")\"\n\
               dok_typ,1,strategi\ndok_omrade,1,digitalisering\ndok_beslutad_av,1,KF\ndok_beslutsdatum,1,2024-01-10\n\
               dok_samverkan,1,egen\ndok_lank,1,https://www.lerum.example/strategi\nbudget_total,,100\n\
               budget_kommentar,,+SUM(1;2)\n";
    std::fs::write(dir.path().join("lerum.csv"), csv).unwrap();
    assert_eq!(db(dir.path(), &["import", "lerum.csv"]).code, 0);
    assert_eq!(db(dir.path(), &["report", "-o", "r.xlsx"]).code, 0);
    let book = read(&dir.path().join("r.xlsx"));
    let doc = row(&book["Strategidokument"], 0, "1441");
    assert_eq!(
        text(doc["Dokumentets titel"]),
        "=HYPERLINK(\"http://evil.example\",\"klicka\")"
    );
    assert_eq!(text(doc["Status"]), "Tills vidare");
    assert_eq!(
        text(row(&book["Budget"], 0, "1441")["Kommentar"]),
        "+SUM(1;2)"
    );
    // No formula anywhere; the link is a real hyperlink.
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("r.xlsx")).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut xml = String::new();
        if name.starts_with("xl/worksheets/sheet") {
            std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
            assert!(!xml.contains("<f>"), "{name} has a formula");
            if name.ends_with("sheet7.xml") {
                assert!(
                    xml.contains("<hyperlink"),
                    "the document link is a hyperlink"
                );
            }
        }
    }
}

/// A Lerum submission for `year` answered on `answered` with this total.
fn lerum(year: i32, answered: &str, total: &str) -> String {
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let kind = collect_example::FileKind::Csv;
    let mut entries = collect_example::entries(
        &survey,
        registry.get("1441").unwrap(),
        year,
        kind,
        collect_example::Quirk::None,
    );
    entries.retain(|e| !e.question.starts_with("budget_") && e.question != "besvarad");
    let mut csv = collect::form::write_csv(&survey, &entries);
    csv.push_str(&format!(
        "budget_total,,{total}\r\nbesvarad,,{answered}\r\n"
    ));
    csv
}

#[test]
fn plausibility_findings_name_their_rule() {
    let dir = imported();
    // Last year Lerum spent 10 000 kr; this year's new answer says 250 mkr,
    // far above three times the municipalities' median per inhabitant.
    std::fs::write(
        dir.path().join("lerum-2025.csv"),
        lerum(2025, "2025-10-01", "10 000"),
    )
    .unwrap();
    let this_year = lerum(2026, "2026-11-20", "250 000 000");
    let total_line = this_year
        .lines()
        .position(|l| l.starts_with("budget_total,"))
        .unwrap()
        + 1;
    std::fs::write(dir.path().join("lerum-2026.csv"), &this_year).unwrap();
    for file in ["lerum-2025.csv", "lerum-2026.csv"] {
        let run = db(dir.path(), &["import", file]);
        assert_eq!(run.code, 0, "{}", run.stdout);
    }
    assert_eq!(
        db(dir.path(), &["report", "-o", "r.xlsx", "--year", "2026"]).code,
        0
    );
    let book = read(&dir.path().join("r.xlsx"));
    let messages: Vec<String> = book["Datakvalitet"]
        .iter()
        .filter(|r| text(&r[0]) == "1441")
        .map(|r| text(&r[4]))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("mer än tre gånger medianen")
                && m.contains("Regel: över 3 × eller under ⅓")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("ändrats med") && m.contains("Regel: ändring över 50 %")),
        "{messages:?}"
    );
    // The place and question say where the figure came from.
    let lerum_row = book["Datakvalitet"]
        .iter()
        .find(|r| text(&r[0]) == "1441" && text(&r[4]).contains("medianen"))
        .unwrap();
    assert_eq!(text(&lerum_row[2]), format!("lerum-2026.csv:{total_line}"));
    assert_eq!(
        text(&lerum_row[3]),
        "Total budget för digitaliseringsarbetet (kr) (budget_total)"
    );
    // The report counts the new answer as Lerum's current one.
    close(
        num(row(&book["Budget"], 0, "1441")["Total budget för digitaliseringsarbetet (kr)"]),
        Some(250e6),
        "current",
    );
}

#[test]
fn an_empty_database_gives_a_report_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // An import of nothing valid creates the database.
    let bad = root()
        .join("fixtures/invalid/amount.not_a_number.xlsx")
        .display()
        .to_string();
    db(dir.path(), &["import", &bad]);
    let run = db(dir.path(), &["report", "-o", "tom.xlsx", "--year", "2026"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let book = read(&dir.path().join("tom.xlsx"));
    let lines: String = book["Sammanfattning"]
        .iter()
        .take(4)
        .map(|r| text(&r[0]))
        .collect();
    assert!(lines.contains("Inga svar"), "{lines}");
    assert!(
        book["Svarsstatus"][1..]
            .iter()
            .all(|r| text(&r[4]) == "Saknas")
    );
}

#[test]
fn a_failed_report_leaves_the_old_file() {
    let dir = imported();
    std::fs::write(dir.path().join("rapport.xlsx"), "gammal").unwrap();
    let run = db(
        dir.path(),
        &["report", "-o", "rapport.xlsx", "--delregion", "Halland"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("rapport.xlsx")).unwrap(),
        "gammal"
    );
    let run = db(dir.path(), &["report", "-o", "saknas/rapport.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("saknas/rapport.xlsx"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".collect-"))
            .count(),
        0
    );
    // Without a database there is no report.
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(db(empty.path(), &["report", "-o", "r.xlsx"]).code, 2);
}

#[test]
fn figures_nobody_gave_are_empty_cells() {
    let dir = tempfile::tempdir().unwrap();
    let gr = root()
        .join("fixtures/submissions/gr-goteborgsregionens-kommunalforbund.csv")
        .display()
        .to_string();
    assert_eq!(db(dir.path(), &["import", &gr]).code, 0);
    assert_eq!(db(dir.path(), &["report", "-o", "r.xlsx"]).code, 0);
    let summary = &read(&dir.path().join("r.xlsx"))["Sammanfattning"];
    let value = |label: &str| {
        summary
            .iter()
            .find(|r| text(&r[0]) == label)
            .map(|r| r[1].clone())
            .unwrap()
    };
    assert_eq!(
        value("Total budget för digitaliseringsarbetet, kommuner"),
        Data::Empty,
        "no municipality answered"
    );
    assert_eq!(value("Median budget per invånare, kommuner"), Data::Empty);
    assert!(matches!(
        value("Total budget, kommunalförbund och VästKom"),
        Data::Float(_)
    ));
}

/// The summary's rows as (column A, column B, column D).
fn summary_lines(book: &BTreeMap<String, Vec<Vec<Data>>>) -> Vec<(String, Data, String)> {
    book["Sammanfattning"]
        .iter()
        .map(|r| {
            let at = |c: usize| r.get(c).cloned().unwrap_or(Data::Empty);
            (text(&at(0)), at(1), text(&at(3)))
        })
        .collect()
}

#[test]
fn key_figures_state_their_base_and_an_open_round_is_preliminary() {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "1401-harryda.xlsx",
        "1402-partille.xlsx",
        "1407-ockero.csv",
        "gr-goteborgsregionens-kommunalforbund.csv",
    ] {
        let path = root().join("fixtures/submissions").join(file);
        let run = db(dir.path(), &["import", &path.display().to_string()]);
        assert_eq!(run.code, 0, "{}", run.stdout);
    }
    assert_eq!(db(dir.path(), &["report", "-o", "r.xlsx"]).code, 0);
    let lines = summary_lines(&read(&dir.path().join("r.xlsx")));
    let first: Vec<&str> = lines.iter().take(4).map(|(a, _, _)| a.as_str()).collect();
    assert!(
        first
            .iter()
            .any(|l| l.contains("Svar saknas från 46 av 49 kommuner")),
        "{first:?}"
    );
    assert!(
        first.iter().any(|l| l.starts_with("Preliminärt:")),
        "{first:?}"
    );
    let base = |label: &str| {
        lines
            .iter()
            .find(|(a, _, _)| a == label)
            .map(|(_, value, base)| (value.clone(), base.clone()))
            .unwrap_or_else(|| panic!("no key figure {label:?}"))
    };
    let (value, of) = base("Total budget för digitaliseringsarbetet, kommuner");
    assert!(matches!(value, Data::Float(_)));
    assert_eq!(of, "3 av 3 svarande kommuner");
    assert_eq!(
        base("Total budget, kommunalförbund och VästKom").1,
        "1 av 1 svarande förbund och VästKom"
    );
    assert_eq!(
        base("Årsarbetare med digitaliseringsuppdrag, kommuner").1,
        "3 av 3 svarande kommuner"
    );
    assert_eq!(
        base("Median budget per invånare, kommuner").1,
        "3 av 3 svarande kommuner"
    );
    assert_eq!(
        base("Andel kommuner med gällande övergripande strategi").1,
        "3 av 49 kommuner"
    );

    // A closed round still says what is missing, but not "preliminary".
    assert_eq!(
        db(dir.path(), &["report", "-o", "f.xlsx", "--final"]).code,
        0
    );
    let lines = summary_lines(&read(&dir.path().join("f.xlsx")));
    let all: Vec<&str> = lines.iter().map(|(a, _, _)| a.as_str()).collect();
    assert!(
        all.iter()
            .take(4)
            .any(|l| l.contains("Svar saknas från 46 av 49 kommuner"))
    );
    assert!(!all.iter().any(|l| l.contains("Preliminärt")), "{all:?}");
}

/// Writes the 2026 submission of the respondent the fixtures leave out
/// (as the generator would) into `dir` and returns its path.
pub(crate) fn the_absent_one(dir: &Path) -> std::path::PathBuf {
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let (index, respondent) = registry
        .respondents()
        .iter()
        .enumerate()
        .find(|(_, r)| r.id.as_str() == collect_example::ABSENT_IN_THIRD_YEAR)
        .unwrap();
    let (kind, quirk) = collect_example::plan(index);
    let entries = collect_example::entries(&survey, respondent, 2026, kind, quirk);
    let path = dir.join(collect_example::file_name(respondent, kind));
    std::fs::write(
        &path,
        collect_example::file_bytes(&survey, &entries, kind).unwrap(),
    )
    .unwrap();
    path
}

#[test]
fn a_complete_round_is_neither_missing_nor_preliminary() {
    let dir = imported();
    let late = the_absent_one(dir.path()).display().to_string();
    assert_eq!(db(dir.path(), &["import", "--example", &late]).code, 0);
    assert_eq!(db(dir.path(), &["report", "-o", "r.xlsx"]).code, 0);
    let lines = summary_lines(&read(&dir.path().join("r.xlsx")));
    assert!(
        !lines
            .iter()
            .any(|(a, _, _)| a.contains("saknas") || a.contains("Preliminärt"))
    );
    let strategy = lines
        .iter()
        .find(|(a, _, _)| a == "Andel kommuner med gällande övergripande strategi")
        .unwrap();
    assert_eq!(strategy.2, "49 av 49 kommuner");
}

#[test]
fn the_heat_map_has_a_legend_of_the_scale_and_names_who_gave_no_level() {
    let dir = imported();
    assert_eq!(db(dir.path(), &["report", "-o", "r.xlsx"]).code, 0);
    let path = dir.path().join("r.xlsx");
    let sheet = &read(&path)["Förmågor"];
    let survey = Survey::builtin();
    let (_, level) = survey
        .by_role(collect::survey::Role::CapabilityLevel)
        .unwrap();
    // The legend: beside the table, after one empty column.
    let headers: Vec<String> = sheet[0].iter().map(text).collect();
    let at = headers.iter().position(|h| h == "Nivå").expect("a legend");
    assert_eq!(headers[at + 1], "Betydelse");
    assert!(headers[at - 1].is_empty());
    for (i, label) in level.scale.iter().enumerate() {
        assert_eq!(num(&sheet[i + 1][at]), Some(count_to_f64(i + 1)));
        assert_eq!(&text(&sheet[i + 1][at + 1]), label);
    }
    assert_eq!(level.scale.first().unwrap(), "Saknas");
    assert_eq!(level.scale.last().unwrap(), "Ledande");
    // The same rule, fixed at 1, 3 and 5, on the levels and the legend.
    let book = crate::readable::read_book(&path);
    let xml = &book.sheet("Förmågor").xml;
    let legend_col = u8::try_from(at).unwrap();
    let legend = format!("{0}2:{0}6", char::from(b'A' + legend_col));
    let rules: Vec<&str> = xml.split("<conditionalFormatting").skip(1).collect();
    assert_eq!(rules.len(), 2, "{xml}");
    assert!(rules[0].starts_with(" sqref=\"D2:"), "{}", rules[0]);
    assert!(
        rules[1].starts_with(&format!(" sqref=\"{legend}\"")),
        "{}",
        rules[1]
    );
    for rule in rules {
        for value in ["1", "3", "5"] {
            assert!(
                rule.contains(&format!("<cfvo type=\"num\" val=\"{value}\"/>")),
                "{rule}"
            );
        }
    }
    // Numbers' headers are right-aligned like their columns, text's left.
    let header_style = |col: u32| {
        let sheet = book.sheet("Förmågor");
        let xml = &sheet.xml;
        let cell = format!(
            "<c r=\"{}1\" s=\"",
            char::from(b'A' + u8::try_from(col).unwrap())
        );
        let s = xml.split(&cell).nth(1).unwrap();
        s[..s.find('"').unwrap()].to_string()
    };
    assert_ne!(header_style(1), header_style(3), "Namn and Arkitektur");
    // Who answered without a level is named under the table.
    let subs = fixtures();
    let registry = Registry::builtin();
    let without: Vec<String> = subs
        .iter()
        .filter(|(_, s)| !s.answers.iter().any(|a| a.question == "niva"))
        .map(|(id, _)| registry.get(id).unwrap().name.clone())
        .collect();
    assert!(
        !without.is_empty(),
        "the fixtures have respondents without levels"
    );
    let note = sheet
        .iter()
        .map(|r| text(&r[0]))
        .find(|t| t.starts_with("Har inte bedömt förmågor: "))
        .expect("the line under the table");
    for name in &without {
        assert!(note.contains(name.as_str()), "{name} in {note}");
    }
}

#[test]
fn places_in_datakvalitet_never_hold_a_folder() {
    let dir = imported();
    // Older versions stored a whole file's place as the path it was
    // imported from.
    let conn = rusqlite::Connection::open(dir.path().join("collect.db")).unwrap();
    let changed = conn
        .execute(
            "UPDATE warning SET place = '/home/anna/inkommet/1489-alingsas.csv' \
             WHERE place = '1489-alingsas.csv'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1, "the fixture's whole-file warning");
    conn.execute(
        "UPDATE warning SET place = 'C:\\Users\\anna\\svar\\1415.xlsx' WHERE rowid = \
         (SELECT MIN(rowid) FROM warning WHERE place LIKE 'Strategidokument%')",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(db(dir.path(), &["report", "-o", "r.xlsx"]).code, 0);
    let places: Vec<String> = read(&dir.path().join("r.xlsx"))["Datakvalitet"][1..]
        .iter()
        .map(|r| text(&r[2]))
        .collect();
    assert!(
        places.contains(&"1489-alingsas.csv".to_string()),
        "{places:?}"
    );
    assert!(places.contains(&"1415.xlsx".to_string()), "{places:?}");
    assert!(
        places.iter().all(|p| !p.contains(['/', '\\'])),
        "{places:?}"
    );
}
