//! The development sheets (REPORT.md: Utveckling, Utveckling per kommun,
//! Underlag per year, the Sammanfattning's lines on years and population):
//! the workbook is read back with calamine and every figure on both sheets
//! is recomputed here from the fixture files of each year, read with the
//! validator, by REPORT.md's definitions (not through the aggregation
//! code), for the three example years, for one year, for one delregion and
//! from `--from`; and the registry's population per year (CLI.md,
//! "Population") in every per-capita figure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::Data;
use collect::convert::{count_to_f64, u64_to_f64};
use collect::place::RowKey;
use collect::registry::{Kind, Registry, Respondent};
use collect::validate::Submission;

use crate::report::{close, fixtures_in, has_strategy_in, median, num, read, text};
use crate::{collect_in, root};

/// The delregions in report order, written out here.
const DELREGIONS: [&str; 5] = [
    "Göteborgsregionen",
    "Fyrbodal",
    "Boråsregionen",
    "Skaraborg",
    "Länsgemensam",
];

/// A workbook read back: sheet name → rows of cells.
type Book = BTreeMap<String, Vec<Vec<Data>>>;

/// Per budget year, its submissions by registry id.
type Years = BTreeMap<i32, BTreeMap<String, Submission>>;

/// The folder of a year's example submissions.
fn folder(year: i32) -> PathBuf {
    if year == collect_example::FIXTURE_YEAR {
        root().join("fixtures/submissions")
    } else {
        root().join(format!("fixtures/earlier-years/{year}"))
    }
}

/// The example submissions of `years`, read from the fixture files.
fn submissions(years: &[i32]) -> Years {
    years
        .iter()
        .map(|y| (*y, fixtures_in(&folder(*y))))
        .collect()
}

fn db(dir: &Path, args: &[&str]) -> crate::Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

/// A folder with the example submissions of `years` imported.
fn imported(years: &[i32]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folders: Vec<String> = years
        .iter()
        .map(|y| folder(*y).display().to_string())
        .collect();
    let mut args = vec!["import", "--example"];
    args.extend(folders.iter().map(String::as_str));
    let run = db(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// Writes a report with `args` and reads it back.
fn report(dir: &Path, args: &[&str]) -> Book {
    let mut all = vec!["report", "-o", "r.xlsx"];
    all.extend_from_slice(args);
    let run = db(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read(&dir.join("r.xlsx"))
}

/// The built-in population of a municipality (one year, 2021, in the
/// built-in registry), or a test's own.
type Population<'a> = &'a dyn Fn(&Respondent, i32) -> f64;

fn builtin_population(r: &Respondent, _year: i32) -> f64 {
    u64_to_f64(r.population.unwrap())
}

/// What the figures of a year are computed from.
struct Scope<'a> {
    registry: &'a Registry,
    years: &'a Years,
    population: Population<'a>,
    delregion: Option<&'a str>,
}

impl Scope<'_> {
    fn answer(&self, year: i32, id: &str) -> Option<&Submission> {
        self.years[&year].get(id)
    }

    fn number(&self, year: i32, id: &str, question: &str) -> Option<f64> {
        self.answer(year, id)?
            .answer(question, &RowKey::Form)?
            .value
            .as_number()
    }

    fn per_capita(&self, year: i32, r: &Respondent) -> Option<f64> {
        let total = self.number(year, r.id.as_str(), "budget_total")?;
        Some(total / (self.population)(r, year))
    }

    /// The registry's respondents of a delregion (all in scope for the county).
    fn members(&self, d: Option<&str>) -> Vec<&Respondent> {
        self.registry
            .respondents()
            .iter()
            .filter(|r| self.delregion.is_none_or(|x| r.delregion == x))
            .filter(|r| d.is_none_or(|d| r.delregion == d))
            .collect()
    }

    /// The delregions the sheets show, then the county when in scope.
    fn groups(&self) -> Vec<Option<&'static str>> {
        let mut groups: Vec<Option<&str>> = DELREGIONS
            .iter()
            .filter(|d| self.delregion.is_none_or(|x| x == **d))
            .map(|d| Some(*d))
            .collect();
        if self.delregion.is_none() {
            groups.push(None);
        }
        groups
    }

    /// The figures of Utveckling's row for a year and a delregion (None:
    /// the county), by REPORT.md's definitions.
    fn row(&self, year: i32, d: Option<&str>) -> [Option<f64>; 6] {
        let members = self.members(d);
        let answering: Vec<&&Respondent> = members
            .iter()
            .filter(|r| self.answer(year, r.id.as_str()).is_some())
            .collect();
        let municipalities: Vec<&&&Respondent> = answering
            .iter()
            .filter(|r| r.kind == Kind::Kommun)
            .collect();
        let sum = |question: &str| {
            let given: Vec<f64> = municipalities
                .iter()
                .filter_map(|r| self.number(year, r.id.as_str(), question))
                .collect();
            (!given.is_empty()).then(|| given.iter().sum())
        };
        let with_strategy = municipalities
            .iter()
            .filter(|r| has_strategy_in(self.answer(year, r.id.as_str()).unwrap(), year))
            .count();
        [
            Some(count_to_f64(answering.len())),
            Some(count_to_f64(answering.len()) / count_to_f64(members.len())),
            sum("budget_total"),
            median(
                municipalities
                    .iter()
                    .filter_map(|r| self.per_capita(year, r))
                    .collect(),
            ),
            sum("arsarbetare"),
            (!municipalities.is_empty())
                .then(|| count_to_f64(with_strategy) / count_to_f64(municipalities.len())),
        ]
    }
}

/// Utveckling: the header, then per year (ascending) its delregions and
/// the county, every figure as recomputed; then the chart's data.
fn development_matches(sheet: &[Vec<Data>], scope: &Scope<'_>) {
    let headers: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(
        headers,
        [
            "År",
            "Delregion",
            "Svar",
            "Svarsfrekvens",
            "Budget kommuner",
            "Median kr per invånare",
            "Årsarbetare kommuner",
            "Andel med gällande strategi"
        ]
    );
    let mut i = 1;
    for year in scope.years.keys() {
        for d in scope.groups() {
            let cells = &sheet[i];
            assert_eq!(num(&cells[0]), Some(f64::from(*year)), "row {i}");
            assert_eq!(text(&cells[1]), d.unwrap_or("Hela länet"), "row {i}");
            for (c, expected) in scope.row(*year, d).into_iter().enumerate() {
                let what = format!("{year} {} {}", text(&cells[1]), headers[c + 2]);
                close(num(&cells[c + 2]), expected, &what);
            }
            i += 1;
        }
    }
    assert!(
        sheet
            .get(i)
            .is_none_or(|r| r.iter().all(|c| *c == Data::Empty)),
        "no more rows in the table"
    );
    chart_data_matches(sheet, scope);
}

/// The chart's data below the chart: År and the median per delregion with
/// municipalities, per year.
fn chart_data_matches(sheet: &[Vec<Data>], scope: &Scope<'_>) {
    let at = sheet
        .iter()
        .position(|r| text(&r[0]).starts_with("Diagramdata: median kr per invånare"))
        .expect("the chart's data");
    let series: Vec<&str> = scope
        .groups()
        .into_iter()
        .flatten()
        .filter(|d| *d != "Länsgemensam")
        .collect();
    let header: Vec<String> = sheet[at + 1].iter().map(text).collect();
    assert_eq!(header[0], "År");
    assert_eq!(&header[1..=series.len()], series.as_slice());
    for (k, year) in scope.years.keys().enumerate() {
        let cells = &sheet[at + 2 + k];
        assert_eq!(num(&cells[0]), Some(f64::from(*year)));
        for (c, d) in series.iter().enumerate() {
            close(
                num(&cells[c + 1]),
                scope.row(*year, Some(d))[3],
                &format!("chart data {year} {d}"),
            );
        }
    }
}

/// Utveckling per kommun: every registry municipality in report order, per
/// year its budget, budget per inhabitant and, from the second year, the
/// change from the year before.
fn municipal_matches(sheet: &[Vec<Data>], scope: &Scope<'_>) {
    let years: Vec<i32> = scope.years.keys().copied().collect();
    let mut expected = vec!["Id".to_string(), "Namn".into(), "Delregion".into()];
    for (i, y) in years.iter().enumerate() {
        expected.push(format!("Budget {y}"));
        expected.push(format!("Kr/inv {y}"));
        if i > 0 {
            expected.push(format!("Förändring kr/inv {y}"));
        }
    }
    let headers: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(headers, expected);
    let mut municipalities: Vec<&Respondent> = scope
        .members(None)
        .into_iter()
        .filter(|r| r.kind == Kind::Kommun)
        .collect();
    let rank = |r: &Respondent| DELREGIONS.iter().position(|d| *d == r.delregion);
    municipalities.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id)));
    assert_eq!(
        sheet.len(),
        municipalities.len() + 1,
        "one row per municipality"
    );
    for (r, cells) in municipalities.iter().zip(&sheet[1..]) {
        assert_eq!(text(&cells[0]), r.id.as_str());
        assert_eq!(text(&cells[1]), r.name);
        assert_eq!(text(&cells[2]), r.delregion);
        let mut c = 3;
        let mut before: Option<f64> = None;
        for (i, y) in years.iter().enumerate() {
            let what = |h: &str| format!("{} {h} {y}", r.id);
            let per_capita = scope.per_capita(*y, r);
            close(
                num(&cells[c]),
                scope.number(*y, r.id.as_str(), "budget_total"),
                &what("Budget"),
            );
            close(num(&cells[c + 1]), per_capita, &what("Kr/inv"));
            c += 2;
            if i > 0 {
                let change = per_capita.zip(before).map(|(now, then)| now / then - 1.0);
                close(num(&cells[c]), change, &what("Förändring"));
                c += 1;
            }
            before = per_capita;
        }
    }
}

/// Both development sheets and Underlag match the fixture files in scope.
fn all_match(book: &Book, scope: &Scope<'_>) {
    development_matches(&book["Utveckling"], scope);
    municipal_matches(&book["Utveckling per kommun"], scope);
    sources_match(&book["Underlag"], scope);
}

/// Underlag: every submission of every year shown (in scope), years
/// ascending, each with its file's name and SHA-256.
fn sources_match(sheet: &[Vec<Data>], scope: &Scope<'_>) {
    let headers: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(
        headers,
        [
            "Budgetår",
            "Id",
            "Namn",
            "Fil",
            "SHA-256",
            "Besvarad",
            "Importerad",
            "Enkät",
            "Version",
            "Exempeldata"
        ]
    );
    let mut expected: Vec<(i32, String, String, String)> = Vec::new();
    for year in scope.years.keys() {
        for entry in std::fs::read_dir(folder(*year)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            // Example files are named `<id>-<name>`.
            let r = scope
                .members(None)
                .into_iter()
                .find(|r| name.starts_with(&format!("{}-", r.id.as_str().to_lowercase())));
            let Some(r) = r else {
                continue;
            };
            let sha = collect::store::sha256_hex(&std::fs::read(&path).unwrap());
            expected.push((*year, r.id.to_string(), name, sha));
        }
    }
    assert_eq!(sheet.len(), expected.len() + 1, "one row per submission");
    let mut seen: Vec<(i32, String, String, String)> = sheet[1..]
        .iter()
        .map(|r| {
            let year = collect::convert::whole_to_i32(num(&r[0]).unwrap()).unwrap();
            (year, text(&r[1]), text(&r[3]), text(&r[4]))
        })
        .collect();
    let years: Vec<i32> = seen.iter().map(|s| s.0).collect();
    assert!(years.is_sorted(), "years ascending: {years:?}");
    seen.sort();
    expected.sort();
    assert_eq!(seen, expected);
}

/// The summary's value (column B) of the line labelled `label`.
fn summary_line(book: &Book, label: &str) -> String {
    book["Sammanfattning"]
        .iter()
        .find(|r| text(&r[0]) == label)
        .map(|r| text(&r[1]))
        .unwrap_or_else(|| panic!("no line {label:?}"))
}

#[test]
fn three_years_every_figure_of_both_sheets_matches_the_fixture_files() {
    let all = collect_example::EXAMPLE_YEARS;
    let dir = imported(&all);
    let book = report(dir.path(), &[]);
    let registry = Registry::builtin();
    let years = submissions(&all);
    let scope = Scope {
        registry: &registry,
        years: &years,
        population: &builtin_population,
        delregion: None,
    };
    all_match(&book, &scope);
    assert_eq!(
        summary_line(&book, "Utveckling"),
        "Budgetåren 2024–2026 visas på bladen Utveckling och Utveckling per kommun."
    );
    let population = summary_line(&book, "Folkmängd");
    assert!(
        population
            .contains("Här används för budgetåren 2024–2026 folkmängden år 2021. Källa: SCB."),
        "{population}"
    );
    // The example data shows what the issue asks for: a respondent new in
    // the second year, one missing in the third, and change every year.
    let first = &years[&2024];
    assert!(!first.contains_key(collect_example::NEW_IN_SECOND_YEAR));
    assert!(years[&2025].contains_key(collect_example::NEW_IN_SECOND_YEAR));
    assert!(!years[&2026].contains_key(collect_example::ABSENT_IN_THIRD_YEAR));
    let county = |y| scope.row(y, None);
    assert!(county(2024)[2] < county(2025)[2] && county(2025)[2] < county(2026)[2]);
    assert_ne!(county(2024)[5], county(2025)[5], "strategy coverage moves");
    chart_is_a_line_per_delregion(&dir.path().join("r.xlsx"), 3, 4);
}

/// The Utveckling sheet's chart: a native line chart with one series per
/// delregion with municipalities, the years along the axis.
fn chart_is_a_line_per_delregion(path: &Path, years: usize, series: usize) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect();
    let line: Vec<String> = names
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart"))
        .map(|n| {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(n).unwrap(), &mut xml).unwrap();
            xml
        })
        .filter(|xml| xml.contains("<c:lineChart>"))
        .collect();
    assert_eq!(line.len(), 1, "one line chart");
    let xml = &line[0];
    assert_eq!(xml.matches("<c:ser>").count(), series, "{xml}");
    assert!(xml.contains("Median budget per invånare per delregion"));
    let categories: Vec<&str> = xml
        .split("<c:cat>")
        .skip(1)
        .map(|c| c.split("<c:f>").nth(1).unwrap().split('<').next().unwrap())
        .collect();
    assert_eq!(categories.len(), series);
    for range in categories {
        assert!(range.starts_with("Utveckling!$A$"), "{range}");
        let rows: Vec<usize> = range
            .split("$A$")
            .skip(1)
            .map(|r| r.trim_end_matches(':').parse().unwrap())
            .collect();
        let last = rows.last().unwrap();
        assert_eq!(last - rows[0] + 1, years, "{range}");
    }
    chart_starts_a_page_below_the_table(&mut archive);
}

/// The chart is anchored below Utveckling's table, on a row that starts a
/// printed page, so that no page break cuts it.
fn chart_starts_a_page_below_the_table(archive: &mut zip::ZipArchive<std::fs::File>) {
    let mut read = |name: &str| {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut xml).unwrap();
        xml
    };
    // Utveckling is the fifth sheet; Sammanfattning's drawing is the first.
    let sheet = read("xl/worksheets/sheet5.xml");
    let drawing = read("xl/drawings/drawing2.xml");
    let number = |text: &str, after: &str| -> u32 {
        text.split(after)
            .nth(1)
            .unwrap()
            .split(['"', '<'])
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let table_end = number(&sheet, "<autoFilter ref=\"A1:H");
    let page_break = number(&sheet, "<brk id=\"");
    let anchor = number(
        &drawing,
        "<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>",
    );
    assert!(
        anchor >= table_end,
        "chart at row {anchor}, table to {table_end}"
    );
    assert_eq!(page_break, anchor, "{sheet}");
}

#[test]
fn one_year_gives_that_years_rows_and_says_development_shows_from_the_second() {
    let dir = imported(&[2026]);
    let book = report(dir.path(), &[]);
    let registry = Registry::builtin();
    let years = submissions(&[2026]);
    let scope = Scope {
        registry: &registry,
        years: &years,
        population: &builtin_population,
        delregion: None,
    };
    development_matches(&book["Utveckling"], &scope);
    assert_eq!(
        book["Utveckling"][1..7].len(),
        6,
        "five delregions and the county"
    );
    municipal_matches(&book["Utveckling per kommun"], &scope);
    sources_match(&book["Underlag"], &scope);
    let line = summary_line(&book, "Utveckling");
    assert_eq!(
        line,
        "Bladen Utveckling och Utveckling per kommun visar bara budgetåret 2026: \
         utvecklingen över åren syns från det andra budgetåret med svar."
    );
    chart_is_a_line_per_delregion(&dir.path().join("r.xlsx"), 1, 4);
}

#[test]
fn from_and_year_choose_the_years_and_a_delregion_restricts_them() {
    let dir = imported(&collect_example::EXAMPLE_YEARS);
    let registry = Registry::builtin();
    for (args, shown) in [
        (&["--from", "2025"][..], &[2025, 2026][..]),
        (&["--from", "2020"][..], &[2024, 2025, 2026][..]),
        (&["--year", "2025"][..], &[2024, 2025][..]),
        (&["--year", "2025", "--from", "2025"][..], &[2025][..]),
    ] {
        let book = report(dir.path(), args);
        let years = submissions(shown);
        let scope = Scope {
            registry: &registry,
            years: &years,
            population: &builtin_population,
            delregion: None,
        };
        all_match(&book, &scope);
    }
    let book = report(dir.path(), &["--delregion", "fyrbodal"]);
    let years = submissions(&collect_example::EXAMPLE_YEARS);
    let scope = Scope {
        registry: &registry,
        years: &years,
        population: &builtin_population,
        delregion: Some("Fyrbodal"),
    };
    all_match(&book, &scope);
    assert_eq!(book["Utveckling"][1..4].len(), 3);
    chart_is_a_line_per_delregion(&dir.path().join("r.xlsx"), 3, 1);

    let run = db(dir.path(), &["report", "-o", "x.xlsx", "--from", "2027"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--from 2027 ligger efter rapportens budgetår 2026"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("x.xlsx").exists());
}

/// The built-in registry with `population_2024`–`population_2026` for
/// Härryda (2024 and 2026), Partille (2024) and Lerum (2025 and 2026,
/// with its own source).
fn registry_with_years(dir: &Path) -> String {
    let text = std::fs::read_to_string(root().join("registry/respondents.csv")).unwrap();
    let mut lines = text.lines();
    let mut out = format!(
        "{},population_2024,population_2025,population_2026\n",
        lines.next().unwrap()
    );
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let (line, extra) = match line.split(',').next().unwrap() {
            "1401" => (line.to_string(), ",38000,,40000"),
            "1402" => (line.to_string(), ",40000,,"),
            "1441" => (line.replace(",SCB,", ",Lerums kommun,"), ",,44000,45000"),
            _ => (line.to_string(), ",,,"),
        };
        out.push_str(&format!("{line}{extra}\n"));
    }
    std::fs::write(dir.join("register.csv"), out).unwrap();
    "register.csv".to_string()
}

/// CLI.md's rule, written out for the registry above: the year's own
/// figure, else the nearest year's (the earlier on a tie), else the
/// population of 2021.
fn population_by_year(r: &Respondent, year: i32) -> f64 {
    match (r.id.as_str(), year) {
        // 2024 its own; 2025 lies between 2024 and 2026: the earlier.
        ("1401", 2024 | 2025) => 38_000.0,
        ("1401", _) | ("1402", _) => 40_000.0,
        ("1441", 2026) => 45_000.0,
        // 2024: the nearest is 2025.
        ("1441", _) => 44_000.0,
        _ => builtin_population(r, year),
    }
}

#[test]
fn per_capita_figures_use_the_population_of_the_budget_year_in_every_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let registry_file = registry_with_years(dir.path());
    let folders: Vec<String> = collect_example::EXAMPLE_YEARS
        .iter()
        .map(|y| folder(*y).display().to_string())
        .collect();
    let mut args = vec!["--registry", &registry_file, "import", "--example"];
    args.extend(folders.iter().map(String::as_str));
    assert_eq!(db(dir.path(), &args).code, 0);
    let book = report(dir.path(), &["--registry", &registry_file]);
    let registry = Registry::builtin();
    let years = submissions(&collect_example::EXAMPLE_YEARS);
    let scope = Scope {
        registry: &registry,
        years: &years,
        population: &population_by_year,
        delregion: None,
    };
    development_matches(&book["Utveckling"], &scope);
    municipal_matches(&book["Utveckling per kommun"], &scope);
    // Budget: the population of 2026 and the figure per inhabitant, per
    // municipality and summed over the delregion.
    let budget = &book["Budget"];
    let gr: Vec<&Respondent> = scope
        .members(Some("Göteborgsregionen"))
        .into_iter()
        .filter(|r| r.kind == Kind::Kommun)
        .collect();
    for r in &gr {
        let cells = crate::report::row(budget, 0, r.id.as_str());
        close(
            num(cells["Invånare"]),
            Some(population_by_year(r, 2026)),
            r.id.as_str(),
        );
        close(
            num(cells["Kr per invånare"]),
            scope.per_capita(2026, r),
            r.id.as_str(),
        );
    }
    let sum = |f: &dyn Fn(&Respondent) -> f64| gr.iter().map(|r| f(r)).sum::<f64>();
    let totals = sum(&|r| scope.number(2026, r.id.as_str(), "budget_total").unwrap());
    let people = sum(&|r| population_by_year(r, 2026));
    close(
        num(crate::report::row(budget, 1, "Summa kommuner Göteborgsregionen")["Kr per invånare"]),
        Some(totals / people),
        "GR per inhabitant",
    );
    // Delregioner and the summary's key figure: medians of those figures.
    let delregions = crate::report::row(&book["Delregioner"], 0, "Göteborgsregionen");
    let per_capita: Vec<f64> = gr
        .iter()
        .filter_map(|r| scope.per_capita(2026, r))
        .collect();
    close(
        num(delregions["Median kr per invånare"]),
        median(per_capita.clone()),
        "GR median",
    );
    close(
        num(delregions["Max kr per invånare"]),
        per_capita.iter().copied().reduce(f64::max),
        "GR max",
    );
    let key = book["Sammanfattning"]
        .iter()
        .find(|r| text(&r[0]) == "Median budget per invånare, kommuner")
        .map(|r| num(&r[1]))
        .unwrap();
    close(key, scope.row(2026, None)[3], "key figure");
    // The summary names the years used for each budget year, and the sources.
    assert_eq!(
        summary_line(&book, "Folkmängd"),
        "Registrets folkmängd för budgetåret, annars för det närmaste år registret har (det \
         tidigare vid lika avstånd). Här används för budgetåren 2024–2025 folkmängden år 2021, \
         2024 och 2025; för budgetåret 2026 folkmängden år 2021, 2024 och 2026. Källa: Lerums \
         kommun, SCB."
    );
}

#[test]
fn a_wrong_population_in_the_registry_is_named_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("register.csv"),
        "id,name,kind,delregion,population,population_2025\n\
         1441,Lerum,kommun,Göteborgsregionen,43000,44000\n\
         1401,Härryda,kommun,Göteborgsregionen,39000,ca 40000\n",
    )
    .unwrap();
    let run = db(
        dir.path(),
        &["--registry", "register.csv", "report", "-o", "r.xlsx"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "registret register.csv, rad 3, kolumn population_2025: \"ca 40000\" är inget antal \
             invånare: skriv ett heltal utan mellanrum, t.ex. 39006."
        ),
        "{}",
        run.stderr
    );
}
