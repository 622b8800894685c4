//! The layout is written down once (`src/layout.rs`) and used by both the
//! form writer and the reader: a form of every section kind, filled in,
//! written and read back, gives every answer at the place the writer put it.

use collect::form::{self, Input, Instructions};
use collect::limits::Limits;
use collect::place::Place;
use collect::read::{self, CellValue};
use collect::registry::Registry;
use collect::survey::{SectionKind, Survey};
use collect_example::{FileKind, Quirk};

fn instructions() -> Instructions<'static> {
    Instructions {
        year: Some(2026),
        respondent: None,
        deadline: None,
        contact: None,
    }
}

#[test]
fn a_written_form_of_every_section_kind_reads_back_in_place() {
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let respondent = registry.get("1441").unwrap();
    let entries = collect_example::entries(&survey, respondent, 2026, FileKind::Xlsx, Quirk::None);
    for kind in [SectionKind::Form, SectionKind::Table, SectionKind::Grid] {
        let section = survey.sections.iter().find(|s| s.kind == kind).unwrap();
        assert!(entries.iter().any(|e| e.section == section.id), "{kind:?}");
    }
    let sheets = form::layout(&survey, &entries, &instructions());
    let bytes = form::xlsx::write(&sheets, &form::xlsx::Options::new(&survey)).unwrap();
    let raw = read::read("svar.xlsx", &bytes, &survey, &Limits::default()).unwrap();
    assert!(raw.findings.is_empty(), "{:?}", raw.findings);
    let marker = raw.marker.expect("the form carries the survey marker");
    assert_eq!(
        (marker.survey.as_str(), marker.version),
        (survey.id.as_str(), Some(survey.version))
    );
    let mut checked = 0;
    for entry in entries.iter().filter(|e| e.input != Input::Empty) {
        let section = raw.sections.iter().find(|s| s.id == entry.section).unwrap();
        let row = section.rows.iter().find(|r| r.key == entry.row).unwrap();
        let (_, value) = row
            .values
            .iter()
            .find(|(q, _)| *q == entry.question)
            .unwrap_or_else(|| panic!("{} not read back", entry.question));
        let sheet = sheets
            .iter()
            .find(|s| s.name == section_sheet(&survey, &entry.section))
            .unwrap();
        let (r, c) = sheet.cell(&entry.row, &entry.question).unwrap();
        assert_eq!(value.place, Place::cell(&sheet.name, r, u32::from(c)));
        match (&entry.input, &value.value) {
            (Input::Text(t), CellValue::Text(read)) => assert_eq!(t, read),
            (Input::Number(n), CellValue::Number(read)) => assert!((n - read).abs() < 1e-9),
            (Input::Date(d), CellValue::Date(read)) => assert_eq!(*d, read.date()),
            (written, read) => panic!("{written:?} read back as {read:?}"),
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} answers checked");
}

#[test]
fn a_written_long_csv_reads_back_in_every_section() {
    let survey = Survey::builtin();
    let registry = Registry::builtin();
    let respondent = registry.get("1441").unwrap();
    let entries = collect_example::entries(&survey, respondent, 2026, FileKind::Csv, Quirk::None);
    let text = form::write_csv(&survey, &entries);
    let raw = read::read("svar.csv", text.as_bytes(), &survey, &Limits::default()).unwrap();
    assert!(raw.findings.is_empty(), "{:?}", raw.findings);
    for entry in entries.iter().filter(|e| e.input != Input::Empty) {
        let section = raw.sections.iter().find(|s| s.id == entry.section).unwrap();
        let row = section.rows.iter().find(|r| r.key == entry.row).unwrap();
        let (_, value) = row
            .values
            .iter()
            .find(|(q, _)| *q == entry.question)
            .unwrap();
        assert_eq!(value.value, CellValue::Text(entry.input.as_csv()));
        assert!(
            matches!(value.place, Place::Line { .. }),
            "{:?}",
            value.place
        );
    }
}

fn section_sheet(survey: &Survey, section: &str) -> String {
    survey
        .sections
        .iter()
        .find(|s| s.id == section)
        .unwrap()
        .sheet
        .clone()
}
