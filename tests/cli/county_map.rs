//! The county map on the report's first page (REPORT.md, Sammanfattning):
//! a picture clear of the chart, at least 12 cm wide at 200 dpi or more,
//! with its legend as cells; one delregion alone under `--delregion`; a
//! sentence instead of the map where the registry's municipalities do not
//! fit the built-in boundaries. That each municipality has its class's
//! colour is proved on the picture itself by `map::tests`.

use std::io::Read;
use std::path::Path;

use crate::{collect_in, root};

fn entry(path: &Path, name: &str) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut file = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    Some(bytes)
}

/// (first row, last row, width in EMU) of the anchors in a drawing that
/// hold `element` (`xdr:pic` or `xdr:graphicFrame`).
fn anchors(drawing: &str, element: &str) -> Vec<(u32, u32, u64)> {
    drawing
        .split("<xdr:twoCellAnchor")
        .skip(1)
        .filter(|a| a.contains(&format!("<{element}")))
        .map(|a| {
            let rows: Vec<u32> = a
                .split("<xdr:row>")
                .skip(1)
                .map(|r| r.split('<').next().unwrap().parse().unwrap())
                .collect();
            let cx = a
                .split("cx=\"")
                .nth(1)
                .map_or(0, |c| c.split('"').next().unwrap().parse().unwrap());
            (rows[0], rows[1], cx)
        })
        .collect()
}

/// The horizontal resolution a PNG's pHYs chunk gives, in dots per inch.
fn dpi(png: &[u8]) -> f64 {
    let at = png
        .windows(4)
        .position(|w| w == b"pHYs")
        .expect("a pHYs chunk");
    let per_metre = u32::from_be_bytes(png[at + 4..at + 8].try_into().unwrap());
    assert_eq!(png[at + 12], 1, "unit: metre");
    f64::from(per_metre) * 0.0254
}

fn report(dir: &Path, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["report", "-o", "r.xlsx"];
    args.extend_from_slice(extra);
    let run = collect_in(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.join("r.xlsx")
}

/// The texts of the Sammanfattning sheet.
fn summary(path: &Path) -> Vec<String> {
    crate::report::read(path)["Sammanfattning"]
        .iter()
        .flatten()
        .map(crate::report::text)
        .collect()
}

#[test]
fn the_map_is_on_the_first_page_clear_of_the_chart_and_wide_enough() {
    let dir = crate::imported_example();
    let path = report(dir.path(), &[]);
    let drawing = String::from_utf8(entry(&path, "xl/drawings/drawing1.xml").unwrap()).unwrap();
    let pictures = anchors(&drawing, "xdr:pic");
    let charts = anchors(&drawing, "xdr:graphicFrame");
    assert_eq!(pictures.len(), 1, "{drawing}");
    assert_eq!(charts.len(), 1, "{drawing}");
    let (picture, chart) = (pictures[0], charts[0]);
    assert!(
        picture.1 < chart.0 || chart.1 < picture.0,
        "overlap: {picture:?} {chart:?}"
    );
    // 12 cm = 4 320 000 EMU; on the first page, before the tables.
    assert!(picture.2 >= 4_320_000, "{picture:?}");
    assert!(picture.0 < 15, "{picture:?}");
    let png = entry(&path, "xl/media/image1.png").unwrap();
    assert!(dpi(&png) >= 199.9, "{}", dpi(&png));
    let summary = summary(&path);
    assert!(summary.iter().any(|t| t == "Inget svar"), "the legend");
    assert!(
        summary
            .iter()
            .filter(|t| t.ends_with(" kr") && t.contains('–'))
            .count()
            >= 2
    );
    // The tables start on the next page.
    let sheet = String::from_utf8(entry(&path, "xl/worksheets/sheet1.xml").unwrap()).unwrap();
    assert!(sheet.contains("<rowBreaks"), "a page break after the map");
}

#[test]
fn one_delregion_is_drawn_alone() {
    let dir = crate::imported_example();
    let path = report(dir.path(), &["--delregion", "Skaraborg"]);
    assert!(entry(&path, "xl/media/image1.png").is_some());
    let summary = summary(&path);
    assert!(
        summary.iter().any(|t| t.contains("kommunerna i Skaraborg")),
        "{summary:?}"
    );
}

#[test]
fn a_municipality_without_a_boundary_leaves_the_map_out_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let registry = std::fs::read_to_string(root().join("registry/respondents.csv")).unwrap();
    let extra = format!(
        "{}1400,Nykommun,kommun,Skaraborg,10000,2021,SCB,\n",
        registry.trim_end().to_string() + "\n"
    );
    std::fs::write(dir.path().join("register.csv"), extra).unwrap();
    let files = root().join("fixtures/submissions").display().to_string();
    let run = collect_in(
        dir.path(),
        &["--registry", "register.csv", "import", "--example", &files],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = collect_in(
        dir.path(),
        &["--registry", "register.csv", "report", "-o", "r.xlsx"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.path().join("r.xlsx");
    assert!(entry(&path, "xl/media/image1.png").is_none(), "no picture");
    let summary = summary(&path);
    assert!(
        summary
            .iter()
            .any(|t| t.starts_with("Kartan saknas") && t.contains("Nykommun (1400)")),
        "{summary:?}"
    );
}
