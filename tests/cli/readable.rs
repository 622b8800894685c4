//! "Readable as it opens and as it prints" (REPORT.md), checked on the
//! written sheet XML of the report, a form, a feedback file and the
//! workbooks for people, cell by cell, with a measure computed here from
//! the contract's words and not from collect's own estimate: a column is at
//! least as wide as the longest word of each of its texts plus 2
//! characters (links, SHA-256 values and file names may wrap anywhere) and
//! at most 60; a number or date fits whole with the same margin; a row
//! holding wrapped text is at least 15 pt for each line its longest text
//! needs at its column's width (a line holding the width less the margin),
//! up to 409 pt; and the print set-up is A4 landscape with margins of
//! 1.8 cm, one page wide where that prints at 60 % or more, else across
//! pages with the identifying columns repeated.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use roxmltree::{Document, Node};

use collect::convert::{count_to_f64, round_to_u32};

use crate::{collect_in, root};

/// One written cell, as a reader sees it.
#[derive(Debug, Clone)]
pub(crate) struct XCell {
    pub row: u32,
    pub col: u32,
    /// What it shows.
    pub text: String,
    /// Whether it is a number or date (never wraps).
    pub number: bool,
    /// Whether its style wraps text.
    pub wraps: bool,
    /// Its font size in points.
    pub font_pt: f64,
    /// Its indent, in levels (a level is about 1.5 characters: 2 are kept).
    pub indent: u32,
}

/// One worksheet of a workbook.
#[derive(Debug, Clone, Default)]
pub(crate) struct XSheet {
    pub name: String,
    pub hidden: bool,
    /// Column widths in characters, by column.
    widths: BTreeMap<u32, f64>,
    /// Row heights in points, by row.
    pub heights: BTreeMap<u32, f64>,
    pub cells: Vec<XCell>,
    /// Merged ranges: row, first column, last column.
    merges: Vec<(u32, u32, u32)>,
    /// Cells with a hyperlink (which LibreOffice does not wrap).
    links: Vec<(u32, u32)>,
    /// The sheet's XML.
    pub xml: String,
}

impl XSheet {
    /// A column's width in characters (Excel's default where none is set).
    pub fn width(&self, col: u32) -> f64 {
        self.widths.get(&col).copied().unwrap_or(8.43)
    }

    /// A row's height in points.
    pub fn height(&self, row: u32) -> f64 {
        self.heights.get(&row).copied().unwrap_or(15.0)
    }

    /// The width a cell's text has: its column's, or its merged range's.
    fn room(&self, cell: &XCell) -> f64 {
        match self
            .merges
            .iter()
            .find(|(r, first, _)| *r == cell.row && *first == cell.col)
        {
            Some((_, first, last)) => (*first..=*last).map(|c| self.width(c)).sum(),
            None => self.width(cell.col),
        }
    }

    /// The last column with content.
    fn last_col(&self) -> u32 {
        self.cells
            .iter()
            .map(|c| c.col)
            .chain(self.merges.iter().map(|m| m.2))
            .max()
            .unwrap_or(0)
    }
}

/// A workbook's sheets and defined names.
#[derive(Debug, Clone, Default)]
pub(crate) struct XBook {
    pub sheets: Vec<XSheet>,
    /// (name, local sheet index, value).
    pub names: Vec<(String, Option<usize>, String)>,
}

impl XBook {
    pub fn sheet(&self, name: &str) -> &XSheet {
        self.sheets
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
    }
}

fn entry(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Option<String> {
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

/// The text of an `<si>` or `<is>`: its `<t>`s, also inside rich-text runs.
fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect()
}

/// A1 reference → zero-based row and column.
fn cell_ref(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .chars()
        .fold(0u32, |n, c| n * 26 + (u32::from(c) - u32::from('A') + 1))
        - 1;
    let row: u32 = a1[letters.len()..].parse().unwrap();
    (row - 1, col)
}

/// A cell style: number format code, font size, whether it wraps, indent.
type Style = (String, f64, bool, u32);

/// Per cell style.
fn styles(xml: &str) -> Vec<Style> {
    let doc = Document::parse(xml).unwrap();
    let root = doc.root_element();
    let mut formats: HashMap<u32, String> = [
        (0, "General"),
        (1, "0"),
        (2, "0.00"),
        (3, "#,##0"),
        (4, "#,##0.00"),
        (9, "0%"),
        (10, "0.00%"),
        (14, "yyyy-mm-dd"),
        (22, "yyyy-mm-dd hh:mm"),
    ]
    .into_iter()
    .map(|(id, code)| (id, code.to_string()))
    .collect();
    if let Some(list) = child(root, "numFmts") {
        for f in children(list, "numFmt") {
            formats.insert(
                f.attribute("numFmtId").unwrap().parse().unwrap(),
                f.attribute("formatCode").unwrap().to_string(),
            );
        }
    }
    let fonts: Vec<f64> = children(child(root, "fonts").unwrap(), "font")
        .map(|f| {
            child(f, "sz")
                .and_then(|s| s.attribute("val"))
                .map_or(11.0, |v| v.parse().unwrap())
        })
        .collect();
    children(child(root, "cellXfs").unwrap(), "xf")
        .map(|xf| {
            let id: u32 = xf.attribute("numFmtId").unwrap_or("0").parse().unwrap();
            let font: usize = xf.attribute("fontId").unwrap_or("0").parse().unwrap();
            let alignment = child(xf, "alignment");
            let wraps = alignment.is_some_and(|a| a.attribute("wrapText") == Some("1"));
            let indent = alignment
                .and_then(|a| a.attribute("indent"))
                .map_or(0, |i| i.parse().unwrap());
            (
                formats.get(&id).cloned().unwrap_or_default(),
                fonts[font],
                wraps,
                indent,
            )
        })
        .collect()
}

/// A number as its format code shows it to a Swedish reader.
fn shown(value: f64, code: &str) -> String {
    if code.contains("yy") {
        return if code.contains("h") {
            "2026-01-01 00:00".to_string()
        } else {
            "2026-01-01".to_string()
        };
    }
    if code == "General" {
        return value.to_string().replace('.', ",");
    }
    let percent = code.contains('%');
    let v = if percent { value * 100.0 } else { value };
    let decimals = code
        .split('.')
        .nth(1)
        .map_or(0, |d| d.chars().take_while(|c| *c == '0').count());
    let digits = format!("{:.*}", decimals, v.abs());
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let mut out = if v < 0.0 {
        "-".to_string()
    } else {
        String::new()
    };
    for (i, c) in int.chars().enumerate() {
        if code.contains("#,##") && i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    if percent {
        out.push('%');
    }
    if let Some(suffix) = code.split('"').nth(1) {
        out.push(' ');
        out.push_str(suffix);
    }
    out
}

/// Reads every sheet of an xlsx.
pub(crate) fn read_book(path: &Path) -> XBook {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let strings: Vec<String> = entry(&mut archive, "xl/sharedStrings.xml")
        .map(|xml| {
            let doc = Document::parse(&xml).unwrap();
            children(doc.root_element(), "si").map(text_of).collect()
        })
        .unwrap_or_default();
    let styles = styles(&entry(&mut archive, "xl/styles.xml").unwrap());
    let rels = entry(&mut archive, "xl/_rels/workbook.xml.rels").unwrap();
    let rels_doc = Document::parse(&rels).unwrap();
    let targets: HashMap<String, String> = children(rels_doc.root_element(), "Relationship")
        .map(|r| {
            (
                r.attribute("Id").unwrap().to_string(),
                r.attribute("Target")
                    .unwrap()
                    .trim_start_matches("/xl/")
                    .to_string(),
            )
        })
        .collect();
    let workbook = entry(&mut archive, "xl/workbook.xml").unwrap();
    let doc = Document::parse(&workbook).unwrap();
    let mut book = XBook::default();
    if let Some(names) = child(doc.root_element(), "definedNames") {
        for n in children(names, "definedName") {
            book.names.push((
                n.attribute("name").unwrap().to_string(),
                n.attribute("localSheetId").map(|i| i.parse().unwrap()),
                n.text().unwrap_or("").to_string(),
            ));
        }
    }
    for s in children(child(doc.root_element(), "sheets").unwrap(), "sheet") {
        let rid = s
            .attributes()
            .find(|a| a.name() == "id")
            .unwrap()
            .value()
            .to_string();
        let xml = entry(&mut archive, &format!("xl/{}", targets[&rid])).unwrap();
        let mut sheet = read_sheet(&xml, &strings, &styles);
        sheet.name = s.attribute("name").unwrap().to_string();
        sheet.hidden = s.attribute("state").is_some_and(|v| v != "visible");
        book.sheets.push(sheet);
    }
    book
}

fn read_sheet(xml: &str, strings: &[String], styles: &[Style]) -> XSheet {
    let doc = Document::parse(xml).unwrap();
    let root = doc.root_element();
    let mut sheet = XSheet {
        xml: xml.to_string(),
        ..XSheet::default()
    };
    if let Some(cols) = child(root, "cols") {
        for c in children(cols, "col") {
            let (min, max): (u32, u32) = (
                c.attribute("min").unwrap().parse().unwrap(),
                c.attribute("max").unwrap().parse().unwrap(),
            );
            let stored: f64 = c.attribute("width").unwrap().parse().unwrap();
            // Excel stores the width with 5 pixels of padding (of 7 a character).
            let chars = ((stored * 7.0).round() - 5.0) / 7.0;
            for col in min..=max {
                sheet.widths.insert(col - 1, chars);
            }
        }
    }
    for row in children(child(root, "sheetData").unwrap(), "row") {
        let r: u32 = row.attribute("r").unwrap().parse::<u32>().unwrap() - 1;
        if let Some(ht) = row.attribute("ht") {
            sheet.heights.insert(r, ht.parse().unwrap());
        }
        for c in children(row, "c") {
            let (_, col) = cell_ref(c.attribute("r").unwrap());
            let style = &styles[c.attribute("s").map_or(0, |s| s.parse().unwrap())];
            let value = child(c, "v").and_then(|v| v.text()).map(str::to_string);
            let (text, number) = match c.attribute("t") {
                Some("s") => (
                    strings[value.unwrap().parse::<usize>().unwrap()].clone(),
                    false,
                ),
                Some("inlineStr") => (child(c, "is").map(text_of).unwrap_or_default(), false),
                Some(_) => (value.unwrap_or_default(), false),
                None => match value {
                    Some(v) => (shown(v.parse().unwrap(), &style.0), true),
                    None => (String::new(), false),
                },
            };
            if !text.is_empty() {
                sheet.cells.push(XCell {
                    row: r,
                    col,
                    text,
                    number,
                    wraps: style.2,
                    font_pt: style.1,
                    indent: style.3,
                });
            }
        }
    }
    if let Some(links) = child(root, "hyperlinks") {
        for link in children(links, "hyperlink") {
            sheet.links.push(cell_ref(link.attribute("ref").unwrap()));
        }
    }
    if let Some(merges) = child(root, "mergeCells") {
        for m in children(merges, "mergeCell") {
            let (from, to) = m.attribute("ref").unwrap().split_once(':').unwrap();
            let ((r, c1), (_, c2)) = (cell_ref(from), cell_ref(to));
            sheet.merges.push((r, c1, c2));
        }
    }
    sheet
}

/// Whether a word may wrap anywhere by the contract: a link or e-mail
/// address, a SHA-256 value, a file name or path (or a word no column of
/// 60 characters can hold).
fn wraps_anywhere(word: &str) -> bool {
    let w = word.to_lowercase();
    w.starts_with("http")
        || w.starts_with("www.")
        || w.contains('@')
        || w.contains('/')
        || w.contains('\\')
        || (w.len() >= 32 && w.chars().all(|c| c.is_ascii_hexdigit()))
        || [
            ".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".json", ".eml",
        ]
        .iter()
        .any(|ext| w.contains(ext))
        || word.chars().count() > 58
}

/// The lines a text needs in a column `width` characters wide, a line
/// holding the width less 2 characters (scaled by the font size): greedy,
/// word by word, a word longer than a line broken at the line's end.
fn lines_needed(text: &str, width: f64, font_pt: f64) -> usize {
    let per_line = usize::try_from(round_to_u32(((width - 2.0) * 11.0 / font_pt).floor()))
        .unwrap()
        .max(1);
    let mut total = 0;
    for paragraph in text.split('\n') {
        let mut line = 0usize; // characters on the current line
        let mut count = 1;
        for word in paragraph.split_whitespace() {
            let mut rest = word.chars().count();
            let gap = usize::from(line > 0);
            if line + gap + rest <= per_line {
                line += gap + rest;
                continue;
            }
            if line > 0 {
                count += 1;
            }
            while rest > per_line {
                rest -= per_line;
                count += 1;
            }
            line = rest;
        }
        total += count;
    }
    total
}

/// What a sheet breaks of the contract's measure, one line per finding.
/// `cut` allows a text cut with "…" where it needs more than Excel's
/// tallest row (the report), else such a text must stand whole in a row
/// of 409 pt.
pub(crate) fn unreadable(sheet: &XSheet, cut: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let at = |c: &XCell| format!("{}!{}{}", sheet.name, col_name(c.col), c.row + 1);
    for (col, width) in &sheet.widths {
        if *width > 60.0 + 1e-6 && sheet.cells.iter().any(|c| c.col == *col) {
            problems.push(format!(
                "{}: column {} is {width} wide",
                sheet.name,
                col_name(*col)
            ));
        }
    }
    for c in &sheet.cells {
        let room = sheet.room(c) - 2.0 * f64::from(c.indent);
        let scale = c.font_pt / 11.0;
        if c.number || sheet.links.contains(&(c.row, c.col)) {
            let need = count_to_f64(c.text.chars().count()) * scale + 2.0;
            if room + 1e-6 < need {
                problems.push(format!("{}: {:?} needs {need}, has {room}", at(c), c.text));
            }
            continue;
        }
        for word in c.text.split_whitespace().filter(|w| !wraps_anywhere(w)) {
            let need = count_to_f64(word.chars().count()) * scale + 2.0;
            if room + 1e-6 < need {
                problems.push(format!(
                    "{}: the word {word:?} needs {need}, has {room}",
                    at(c)
                ));
            }
        }
        let lines = lines_needed(&c.text, room, c.font_pt);
        let line_pt = 15.0 * scale;
        if lines > 1 && !c.wraps {
            problems.push(format!(
                "{}: {lines} lines but no wrap: {:?}",
                at(c),
                c.text
            ));
        }
        let need = (count_to_f64(lines) * line_pt).min(409.0);
        let has = sheet.height(c.row);
        if (lines > 1 || c.font_pt > 11.0) && has + 0.5 < need {
            problems.push(format!(
                "{}: {lines} lines need {need} pt, the row has {has}: {:?}",
                at(c),
                c.text
            ));
        }
        if count_to_f64(lines) * line_pt > 409.0 + 1e-6 && cut {
            problems.push(format!(
                "{}: needs {lines} lines, more than a row holds",
                at(c)
            ));
        }
    }
    problems
}

fn col_name(col: u32) -> String {
    let mut n = col + 1;
    let mut s = String::new();
    while n > 0 {
        s.insert(0, char::from(b'A' + u8::try_from((n - 1) % 26).unwrap()));
        n = (n - 1) / 26;
    }
    s
}

/// Checks the print set-up of a sheet by the contract: A4 landscape,
/// margins 1.8 cm, rows `1:1` repeated when `header`; one page wide when
/// the printable width over the columns' width is at least 0.6, else at
/// 100 % with the columns `ids` (e.g. "$A:$B") repeated.
pub(crate) fn prints_by_the_rule(
    book: &XBook,
    sheet: &XSheet,
    header: bool,
    ids: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let doc = Document::parse(&sheet.xml).unwrap();
    let root = doc.root_element();
    let setup = child(root, "pageSetup").expect("a pageSetup");
    if setup.attribute("orientation") != Some("landscape")
        || setup.attribute("paperSize") != Some("9")
    {
        problems.push(format!("{}: not A4 landscape", sheet.name));
    }
    let margins = child(root, "pageMargins").expect("margins");
    for side in ["left", "right", "top", "bottom"] {
        let inches: f64 = margins.attribute(side).unwrap().parse().unwrap();
        if (inches * 2.54 - 1.8).abs() > 0.01 {
            problems.push(format!("{}: {side} margin {inches} in", sheet.name));
        }
    }
    let index = book
        .sheets
        .iter()
        .position(|s| s.name == sheet.name)
        .unwrap();
    let titles = book
        .names
        .iter()
        .find(|(n, i, _)| n == "_xlnm.Print_Titles" && *i == Some(index))
        .map(|(_, _, v)| v.clone())
        .unwrap_or_default();
    if header && !titles.contains("$1:$1") {
        problems.push(format!(
            "{}: the header row is not repeated ({titles})",
            sheet.name
        ));
    }
    // Printable: A4 landscape less 2 × 1.8 cm, at 96 pixels an inch; a
    // column of w characters takes 7w + 5 pixels.
    let printable = (29.7 - 3.6) / 2.54 * 96.0;
    let columns: f64 = (0..=sheet.last_col())
        .map(|c| (sheet.width(c) * 7.0 + 5.0).floor())
        .sum();
    let fits = child(root, "sheetPr")
        .and_then(|p| child(p, "pageSetUpPr"))
        .is_some_and(|p| p.attribute("fitToPage") == Some("1"));
    let one_wide = setup.attribute("fitToWidth").unwrap_or("1") == "1"
        && setup.attribute("fitToHeight") == Some("0");
    if printable / columns >= 0.6 {
        if !(fits && one_wide) {
            problems.push(format!("{}: should print one page wide", sheet.name));
        }
    } else {
        if fits {
            problems.push(format!("{}: fitted below 60 %", sheet.name));
        }
        if !titles.contains(ids) {
            problems.push(format!("{}: {ids} not repeated ({titles})", sheet.name));
        }
    }
    problems
}

fn run(dir: &Path, args: &[&str]) -> crate::Run {
    let mut all = vec!["--db", "collect.db"];
    all.extend_from_slice(args);
    collect_in(dir, &all)
}

fn fixtures_imported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = root().join("fixtures/submissions").display().to_string();
    assert_eq!(run(dir.path(), &["import", "--example", &folder]).code, 0);
    dir
}

#[test]
fn every_cell_of_the_report_is_readable_and_every_sheet_prints_by_the_rule() {
    let dir = fixtures_imported();
    // Three budget years, so that the development sheets are at their widest.
    let earlier = root().join("fixtures/earlier-years").display().to_string();
    assert_eq!(run(dir.path(), &["import", "--example", &earlier]).code, 0);
    let out = run(dir.path(), &["report", "-o", "r.xlsx", "--with-contacts"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let book = read_book(&dir.path().join("r.xlsx"));
    let mut problems = Vec::new();
    for sheet in &book.sheets {
        problems.extend(unreadable(sheet, true));
        let table = sheet.name != "Sammanfattning";
        let ids = match sheet.name.as_str() {
            "Delregioner" | "Utveckling" => "$A:$A",
            "Underlag" => "$B:$C",
            _ => "$A:$B",
        };
        problems.extend(prints_by_the_rule(&book, sheet, table, ids));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Both ways of printing occur: the wide Budget across pages, the
    // narrow Delregioner one page wide.
    let titles: Vec<&str> = book.names.iter().map(|(_, _, v)| v.as_str()).collect();
    assert!(titles.contains(&"Budget!$A:$B,Budget!$1:$1"), "{titles:?}");
    assert!(book.sheet("Delregioner").xml.contains("fitToPage=\"1\""));
}

#[test]
fn a_long_text_is_cut_in_the_report_and_kept_whole_in_the_feedback_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = (0..400)
        .map(|i| format!("ord{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let csv = format!(
        "question,row,value\norganisation,,Lerum\nar,,2026\nkontaktperson,,X\nepost,,x@lerum.example\n\
         besvarad,,2026-10-01\nbudget_total,,100\nbudget_kommentar,,{long}\n"
    );
    std::fs::write(dir.path().join("lerum.csv"), csv).unwrap();
    assert_eq!(run(dir.path(), &["import", "lerum.csv"]).code, 0);
    assert_eq!(run(dir.path(), &["report", "-o", "r.xlsx"]).code, 0);
    let book = read_book(&dir.path().join("r.xlsx"));
    let budget = book.sheet("Budget");
    let comment = budget
        .cells
        .iter()
        .find(|c| c.text.starts_with("ord0 ord1"))
        .expect("the comment");
    assert!(comment.text.ends_with('…'), "cut with an ellipsis");
    assert!(comment.text.len() < long.len());
    assert!((budget.height(comment.row) - 405.0).abs() <= 4.5);
    assert!(
        unreadable(budget, true).is_empty(),
        "{:?}",
        unreadable(budget, true)
    );
    // The feedback file keeps the respondent's text whole, in the tallest row.
    assert_eq!(
        collect_in(dir.path(), &["annotate", "lerum.csv", "-o", "fb.xlsx"]).code,
        0
    );
    let feedback = read_book(&dir.path().join("fb.xlsx"));
    let sheet = feedback.sheet("Budget");
    let whole = sheet
        .cells
        .iter()
        .find(|c| c.text.starts_with("ord0 "))
        .unwrap();
    assert_eq!(whole.text, long);
    assert!((sheet.height(whole.row) - 409.0).abs() <= 0.5);
    assert!(
        unreadable(sheet, false).is_empty(),
        "{:?}",
        unreadable(sheet, false)
    );
    // So does the export for people.
    assert_eq!(run(dir.path(), &["export", "-o", "svar.xlsx"]).code, 0);
    let export = read_book(&dir.path().join("svar.xlsx"));
    let sheet = export.sheet("Budget");
    assert!(sheet.cells.iter().any(|c| c.text == long));
    assert!(
        unreadable(sheet, false).is_empty(),
        "{:?}",
        unreadable(sheet, false)
    );
}

#[test]
fn a_form_and_a_feedback_file_are_readable_and_print_by_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let form = collect_in(
        dir.path(),
        &[
            "template",
            "-o",
            "mall.xlsx",
            "--respondent",
            "1441",
            "--year",
            "2026",
            "--deadline",
            "2026-12-15",
            "--contact",
            "digitalisering@vastkom.example",
        ],
    );
    assert_eq!(form.code, 0, "{}", form.stderr);
    for bad in ["amount.not_a_number.xlsx", "url.invalid.csv"] {
        let path = root()
            .join("fixtures/invalid")
            .join(bad)
            .display()
            .to_string();
        assert_eq!(
            collect_in(dir.path(), &["annotate", &path, "-o", "fb.xlsx"]).code,
            1
        );
        check_form(&dir.path().join("fb.xlsx"), true);
    }
    check_form(&dir.path().join("mall.xlsx"), false);
    // Every finding stands in full on Återkoppling, its message wrapped.
    let book = read_book(&dir.path().join("fb.xlsx"));
    let sheet = book.sheet("Återkoppling");
    let message = sheet
        .cells
        .iter()
        .find(|c| c.text.contains("är inte en giltig"))
        .or_else(|| sheet.cells.iter().find(|c| c.col == 4 && c.row > 5))
        .expect("a finding");
    assert!(message.wraps);
}

/// Every visible sheet of a form or feedback file is readable and prints
/// by the rule (the first column repeated when it prints across pages).
fn check_form(path: &Path, feedback: bool) {
    let book = read_book(path);
    let mut problems = Vec::new();
    for sheet in book.sheets.iter().filter(|s| !s.hidden) {
        problems.extend(unreadable(sheet, false));
        let header = !matches!(sheet.name.as_str(), "Instruktioner" | "Återkoppling");
        problems.extend(prints_by_the_rule(&book, sheet, header, "$A:$A"));
    }
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        path.display(),
        problems.join("\n")
    );
    assert_eq!(book.sheets[0].name == "Återkoppling", feedback);
}

#[test]
fn the_measure_here_finds_what_breaks_it() {
    let cell = |row, col, text: &str| XCell {
        row,
        col,
        text: text.to_string(),
        number: false,
        wraps: true,
        font_pt: 11.0,
        indent: 0,
    };
    let mut sheet = XSheet {
        name: "Blad".to_string(),
        ..XSheet::default()
    };
    sheet.widths.insert(0, 12.0);
    sheet.cells.push(cell(0, 0, "digitaliseringsarbetet"));
    sheet
        .cells
        .push(cell(1, 0, "tre ord som inte ryms på en rad"));
    let problems = unreadable(&sheet, true);
    assert!(problems[0].contains("the word"), "{problems:?}");
    assert!(problems[1].contains("lines need"), "{problems:?}");
    sheet.widths.insert(0, 24.0);
    sheet.heights.insert(1, 30.0);
    assert!(unreadable(&sheet, true).is_empty());
}

#[test]
fn the_measure_here_counts_lines_as_the_contract_says() {
    // 12 wide: 10 characters a line.
    assert_eq!(lines_needed("abcde fghij", 12.0, 11.0), 2);
    assert_eq!(lines_needed("abcd efghi", 12.0, 11.0), 1);
    assert_eq!(lines_needed("abcdefghijklmnopqrstu", 12.0, 11.0), 3);
    assert_eq!(lines_needed("a\nb", 12.0, 11.0), 2);
    assert_eq!(shown(12_500_000.0, "#,##0 \"kr\""), "12 500 000 kr");
    assert_eq!(shown(0.125, "0.0%"), "12,5%");
    assert!(wraps_anywhere("1441-lerum.xlsx") && !wraps_anywhere("Budget!C2"));
}

#[test]
fn the_export_for_people_has_a_sheet_per_section_with_labels_and_typed_cells() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = fixtures_imported();
    let out = run(dir.path(), &["export", "-o", "svar.xlsx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = dir.path().join("svar.xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let survey = collect::survey::Survey::builtin();
    let sheets: Vec<String> = survey.sections.iter().map(|s| s.sheet.clone()).collect();
    assert_eq!(workbook.sheet_names(), sheets);
    let budget = workbook.worksheet_range("Budget").unwrap();
    let rows: Vec<Vec<Data>> = budget.rows().map(<[Data]>::to_vec).collect();
    let headers: Vec<String> = rows[0].iter().map(crate::report::text).collect();
    assert_eq!(&headers[..2], ["Id", "Namn"]);
    assert!(headers.contains(&"Total budget för digitaliseringsarbetet (kr)".to_string()));
    assert_eq!(rows.len(), 54, "one row per answering respondent");
    let lerum = rows
        .iter()
        .find(|r| crate::report::text(&r[0]) == "1441")
        .unwrap();
    assert_eq!(crate::report::text(&lerum[1]), "Lerum");
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    assert!(matches!(
        lerum[col("Total budget för digitaliseringsarbetet (kr)")],
        Data::Float(_)
    ));
    let model = crate::report::text(&lerum[col("Hur budgeteras digitaliseringsarbetet?")]);
    assert!(
        ["Centralt", "Decentraliserat i förvaltningarna", "Blandat"].contains(&model.as_str()),
        "a choice label: {model}"
    );
    // Documents: one row per record, dates as dates.
    let documents = workbook.worksheet_range("Strategidokument").unwrap();
    let rows: Vec<Vec<Data>> = documents.rows().map(<[Data]>::to_vec).collect();
    let headers: Vec<String> = rows[0].iter().map(crate::report::text).collect();
    assert_eq!(headers[2], "Nr");
    let decided = headers.iter().position(|h| h == "Beslutsdatum").unwrap();
    assert!(
        rows[1..]
            .iter()
            .all(|r| matches!(r[decided], Data::DateTime(_) | Data::Empty))
    );
    assert!(
        rows[1..]
            .iter()
            .any(|r| matches!(r[decided], Data::DateTime(_)))
    );
    // No personal data without --with-contacts; with it, its columns.
    let everything = |path: &Path| -> String {
        crate::report::read(path)
            .values()
            .flatten()
            .flatten()
            .map(crate::report::text)
            .collect::<Vec<_>>()
            .join("|")
    };
    assert!(!everything(&path).contains('@'));
    assert_eq!(
        run(dir.path(), &["export", "-o", "med.xlsx", "--with-contacts"]).code,
        0
    );
    assert!(everything(&dir.path().join("med.xlsx")).contains("Kontaktperson"));
    assert!(everything(&dir.path().join("med.xlsx")).contains('@'));
    // Readable, and printed by the rule.
    let book = read_book(&path);
    let mut problems = Vec::new();
    for sheet in &book.sheets {
        problems.extend(unreadable(sheet, false));
        problems.extend(prints_by_the_rule(&book, sheet, true, "$A:$B"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // A workbook cannot go to standard output.
    let to_stdout = run(dir.path(), &["export", "-o", "-", "--format", "xlsx"]);
    assert_eq!(to_stdout.code, 2);
}

#[test]
fn status_writes_the_reports_svarsstatus_as_a_workbook() {
    let dir = fixtures_imported();
    let out = run(dir.path(), &["status", "-o", "status.xlsx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let book = crate::report::read(&dir.path().join("status.xlsx"));
    let report = run(dir.path(), &["report", "-o", "r.xlsx"]);
    assert_eq!(report.code, 0);
    let from_report = crate::report::read(&dir.path().join("r.xlsx"));
    assert_eq!(book.keys().collect::<Vec<_>>(), ["Svarsstatus"]);
    assert_eq!(
        book["Svarsstatus"][0], from_report["Svarsstatus"][0],
        "the same columns"
    );
    assert_eq!(book["Svarsstatus"].len(), 55);
    let xml = read_book(&dir.path().join("status.xlsx"));
    let sheet = xml.sheet("Svarsstatus");
    assert!(unreadable(sheet, true).is_empty());
    assert!(prints_by_the_rule(&xml, sheet, true, "$A:$B").is_empty());
    // --format xlsx needs a file; the format follows -o's extension.
    assert_eq!(run(dir.path(), &["status", "--format", "xlsx"]).code, 2);
    assert_eq!(run(dir.path(), &["status", "-o", "s.csv"]).code, 0);
    let csv = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    assert!(csv.starts_with("id,name,kind,delregion,status"));
}
