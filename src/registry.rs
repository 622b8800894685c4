//! The registry of respondents: who is expected to answer, and name
//! resolution from what a respondent types to a registry id.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::respondent_id::RespondentId;
use crate::text::fold;
use crate::value::is_email;

/// The 54 respondents of the Västra Götaland cooperation, built in.
pub const BUILTIN_REGISTRY: &str = include_str!("../registry/respondents.csv");

/// The kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A municipality.
    Kommun,
    /// A kommunalförbund.
    Kommunalforbund,
    /// A joint organisation of kommunalförbund (VästKom).
    Samorganisation,
}

impl Kind {
    /// The kind as written in the registry: `kommun`, `kommunalforbund`, `samorganisation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Kommun => "kommun",
            Kind::Kommunalforbund => "kommunalforbund",
            Kind::Samorganisation => "samorganisation",
        }
    }

    /// The kind as a Swedish word for reports.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Kommun => "Kommun",
            Kind::Kommunalforbund => "Kommunalförbund",
            Kind::Samorganisation => "Samorganisation",
        }
    }
}

/// One expected respondent.
#[derive(Debug, Clone, Deserialize)]
pub struct Respondent {
    /// SCB kommunkod or a short code, normalised.
    pub id: RespondentId,
    /// Name as in the registry.
    pub name: String,
    /// Kind of organisation.
    pub kind: Kind,
    /// The delregion it belongs to.
    pub delregion: String,
    /// Population, for municipalities only.
    pub population: Option<u64>,
    /// The year of `population`.
    pub population_year: Option<u32>,
    /// Population per year, from the optional `population_ÅÅÅÅ` columns
    /// (empty cells left out).
    #[serde(skip)]
    pub populations: BTreeMap<i32, u64>,
    /// Where the population figures come from (the optional
    /// `population_source` column), named in reports.
    #[serde(default)]
    pub population_source: Option<String>,
    /// Other names, separated by `|`.
    #[serde(default)]
    aliases: String,
    /// An e-mail address for the survey (the optional `email` column),
    /// where `remind` sends when no submission holds one.
    #[serde(default)]
    pub email: Option<String>,
}

/// A population figure with the year it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Population {
    /// Inhabitants.
    pub inhabitants: u64,
    /// The year of the figure; `None` when the registry does not say
    /// (a `population` without `population_year`).
    pub year: Option<i32>,
}

impl Respondent {
    /// The population that per-capita figures of budget year `year` use
    /// (CLI.md, "Population"): the `population_ÅÅÅÅ` of that year, else
    /// the nearest such year (the earlier on a tie), else `population`
    /// with its `population_year`. The one place this rule is written.
    pub fn population_in(&self, year: i32) -> Option<Population> {
        let nearest = self
            .populations
            .iter()
            .min_by_key(|(y, _)| (y.abs_diff(year), **y));
        match nearest {
            Some((y, n)) => Some(Population {
                inhabitants: *n,
                year: Some(*y),
            }),
            None => self.population.map(|inhabitants| Population {
                inhabitants,
                year: self.population_year.and_then(|y| i32::try_from(y).ok()),
            }),
        }
    }

    /// Other names that identify this respondent.
    pub fn aliases(&self) -> impl Iterator<Item = &str> {
        self.aliases
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
    }
}

/// Why a registry file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The file could not be read.
    #[error(
        "kunde inte läsa registret: {}",
        crate::io_message::describe(path, cause)
    )]
    Io {
        /// The registry file.
        path: String,
        /// What the system said (not a `source`, so it is not printed twice).
        cause: std::io::Error,
    },
    /// A line does not fit the format `id,name,kind,delregion,population,…`.
    #[error("registret {path}, rad {line}: {message}")]
    Line {
        /// The registry file.
        path: String,
        /// The line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A value that does not fit its column.
    #[error("registret {path}, rad {line}, kolumn {column}: {message}")]
    Field {
        /// The registry file.
        path: String,
        /// The line number.
        line: u64,
        /// The column's header.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// The same id twice.
    #[error("registret {path}: id {id:?} finns mer än en gång")]
    DuplicateId {
        /// The registry file.
        path: String,
        /// The repeated id.
        id: RespondentId,
    },
}

/// What a name resolves to.
#[derive(Debug, Clone)]
pub enum Resolution<'a> {
    /// Exactly one respondent.
    Found(&'a Respondent),
    /// No respondent; the closest names, best first.
    Unknown(Vec<&'a Respondent>),
    /// More than one respondent.
    Ambiguous(Vec<&'a Respondent>),
}

/// The respondents, in file order.
#[derive(Debug, Clone)]
pub struct Registry {
    respondents: Vec<Respondent>,
    /// Id → index.
    by_id: HashMap<RespondentId, usize>,
    /// Every folded name key (names, aliases, with suffix rules) → indexes.
    by_name: HashMap<String, Vec<usize>>,
}

/// Name endings that do not change which organisation is meant, longest first
/// so that "Lerums kommun" is tried as "Lerum" as well as "Lerums".
const SUFFIXES: [&str; 4] = ["s kommun", "s stad", " kommun", " stad"];

impl Registry {
    /// The built-in registry.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_REGISTRY, "inbyggt register")
            .expect("the built-in registry is checked by tests")
    }

    /// Reads a registry CSV.
    ///
    /// # Errors
    /// The file cannot be read or a line is malformed.
    pub fn load(path: &Path) -> Result<Self, RegistryError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|cause| RegistryError::Io {
            path: name.clone(),
            cause,
        })?;
        Self::parse(&text, &name)
    }

    /// Parses registry CSV text; `name` names it in messages.
    ///
    /// # Errors
    /// A line is malformed or an id repeats.
    pub fn parse(text: &str, name: &str) -> Result<Self, RegistryError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let line_error = |line: u64, message: String| RegistryError::Line {
            path: name.to_string(),
            line,
            message,
        };
        let csv_error =
            |e: csv::Error| line_error(e.position().map_or(0, |p| p.line()), e.to_string());
        let headers = reader.headers().map_err(csv_error)?.clone();
        let columns = PopulationColumns::of(&headers).map_err(|m| line_error(1, m))?;
        let mut record = csv::StringRecord::new();
        let mut respondents: Vec<Respondent> = Vec::new();
        while reader.read_record(&mut record).map_err(csv_error)? {
            let line = record.position().map_or(0, |p| p.line());
            let populations = columns
                .read(&headers, &record)
                .map_err(|(column, message)| RegistryError::Field {
                    path: name.to_string(),
                    line,
                    column,
                    message,
                })?;
            let mut respondent: Respondent = record
                .deserialize(Some(&headers))
                .map_err(|e| line_error(line, e.to_string()))?;
            respondent.populations = populations;
            if let Some(email) = respondent.email.as_deref().filter(|e| !is_email(e)) {
                return Err(line_error(
                    line,
                    format!(
                        "e-postadressen {} är ingen giltig adress (namn@organisation.se)",
                        crate::text::quote(email)
                    ),
                ));
            }
            if respondents.iter().any(|r| r.id == respondent.id) {
                return Err(RegistryError::DuplicateId {
                    path: name.to_string(),
                    id: respondent.id,
                });
            }
            respondents.push(respondent);
        }
        let by_id = respondents
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in respondents.iter().enumerate() {
            for key in std::iter::once(r.name.as_str())
                .chain(r.aliases())
                .flat_map(name_keys)
            {
                let list = by_name.entry(key).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        Ok(Registry {
            respondents,
            by_id,
            by_name,
        })
    }

    /// All respondents in registry order.
    pub fn respondents(&self) -> &[Respondent] {
        &self.respondents
    }

    /// The delregions in registry order of first appearance, those without
    /// municipalities (VästKom's `Länsgemensam`) last.
    pub fn delregions(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for r in &self.respondents {
            if !names.contains(&r.delregion.as_str()) {
                names.push(&r.delregion);
            }
        }
        let has_municipality = |d: &str| {
            self.respondents
                .iter()
                .any(|r| r.delregion == d && r.kind == Kind::Kommun)
        };
        names.sort_by_key(|d| !has_municipality(d));
        names
    }

    /// The respondents ordered by delregion (as [`Registry::delregions`]),
    /// then by id.
    pub fn ordered(&self) -> Vec<&Respondent> {
        let delregions = self.delregions();
        let mut list: Vec<&Respondent> = self.respondents.iter().collect();
        list.sort_by(|a, b| {
            let rank = |r: &Respondent| delregions.iter().position(|d| *d == r.delregion);
            rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id))
        });
        list
    }

    /// The respondent with this id (ignoring case and surrounding space).
    pub fn get(&self, id: &str) -> Option<&Respondent> {
        self.respondent(&RespondentId::new(id))
    }

    /// The respondent with this id.
    pub fn respondent(&self, id: &RespondentId) -> Option<&Respondent> {
        self.by_id.get(id).map(|&i| &self.respondents[i])
    }

    /// Resolves what a respondent typed: an id, or a name or alias ignoring
    /// case, diacritics and a trailing " kommun", " stad", "s kommun" or
    /// "s stad".
    pub fn resolve(&self, answer: &str) -> Resolution<'_> {
        if let Some(r) = self.get(answer) {
            return Resolution::Found(r);
        }
        let mut found: Vec<usize> = name_keys(answer)
            .iter()
            .filter_map(|k| self.by_name.get(k))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        match found[..] {
            [one] => Resolution::Found(&self.respondents[one]),
            [] => Resolution::Unknown(self.closest(answer)),
            _ => Resolution::Ambiguous(found.iter().map(|&i| &self.respondents[i]).collect()),
        }
    }

    fn names<'a>(&self, r: &'a Respondent) -> impl Iterator<Item = &'a str> {
        std::iter::once(r.name.as_str()).chain(r.aliases())
    }

    /// Up to three respondents with a name close to `answer`, closest
    /// first (registry order among equals): see [`close`] for the measure.
    fn closest(&self, answer: &str) -> Vec<&Respondent> {
        // The typed name is compared with and without its suffix
        // ("Lerumm kommun" is close to "Lerum").
        let typed = name_keys(answer);
        let mut scored: Vec<(usize, &Respondent)> = self
            .respondents
            .iter()
            .filter_map(|r| {
                let distance = self
                    .names(r)
                    .flat_map(name_keys)
                    .flat_map(|name| typed.iter().filter_map(move |t| close(t, &name)))
                    .min()?;
                Some((distance, r))
            })
            .collect();
        scored.sort_by_key(|(distance, _)| *distance);
        scored.into_iter().take(3).map(|(_, r)| r).collect()
    }
}

/// The registry's population columns: `population`, `population_year`
/// and every `population_ÅÅÅÅ`, by position; their values are checked
/// here, so that a wrong one is named in Swedish with its column.
struct PopulationColumns {
    /// `population` and `population_year`, where present.
    plain: Option<usize>,
    year: Option<usize>,
    /// `population_ÅÅÅÅ`: position and year.
    by_year: Vec<(usize, i32)>,
}

impl PopulationColumns {
    /// Finds the columns in the header; an unknown `population_…` column
    /// or a year given twice is an error (a typo would otherwise be
    /// ignored without a word).
    fn of(headers: &csv::StringRecord) -> Result<Self, String> {
        let mut columns = PopulationColumns {
            plain: None,
            year: None,
            by_year: Vec::new(),
        };
        for (i, header) in headers.iter().enumerate() {
            let Some(rest) = header.strip_prefix("population_") else {
                if header == "population" {
                    columns.plain = Some(i);
                }
                continue;
            };
            match rest {
                "year" => columns.year = Some(i),
                "source" => {}
                _ => {
                    let year = year_of(rest).ok_or_else(|| {
                        format!(
                            "kolumnen {} är okänd: folkmängden för ett år står i en kolumn \
                             population_ÅÅÅÅ med fyra siffror, t.ex. population_2024.",
                            crate::text::quote(header)
                        )
                    })?;
                    if columns.by_year.iter().any(|(_, y)| *y == year) {
                        return Err(format!("kolumnen population_{year} finns två gånger."));
                    }
                    columns.by_year.push((i, year));
                }
            }
        }
        Ok(columns)
    }

    /// Checks a record's population values and returns its populations
    /// per year; a wrong value as (column, message).
    fn read(
        &self,
        headers: &csv::StringRecord,
        record: &csv::StringRecord,
    ) -> Result<BTreeMap<i32, u64>, (String, String)> {
        let value = |i: usize| record.get(i).unwrap_or("").trim();
        let wrong = |i: usize, message: String| (headers.get(i).unwrap_or("").to_string(), message);
        let count = |i: usize| -> Result<Option<u64>, (String, String)> {
            let v = value(i);
            if v.is_empty() {
                return Ok(None);
            }
            whole(v).map(Some).ok_or_else(|| {
                wrong(
                    i,
                    format!(
                        "{} är inget antal invånare: skriv ett heltal utan mellanrum, t.ex. 39006.",
                        crate::text::quote(v)
                    ),
                )
            })
        };
        if let Some(i) = self.plain {
            count(i)?;
        }
        if let Some(i) = self.year {
            let v = value(i);
            if !v.is_empty() && year_of(v).is_none() {
                return Err(wrong(
                    i,
                    format!(
                        "{} är inget årtal: skriv året med fyra siffror, t.ex. 2021.",
                        crate::text::quote(v)
                    ),
                ));
            }
        }
        let mut populations = BTreeMap::new();
        for (i, year) in &self.by_year {
            if let Some(n) = count(*i)? {
                populations.insert(*year, n);
            }
        }
        Ok(populations)
    }
}

/// A whole number written with digits only.
fn whole(text: &str) -> Option<u64> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

/// A year written with four digits.
fn year_of(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The edit distance between a typed name and a registry name when it is
/// close enough to suggest, else `None`. Both are folded (case, diacritics
/// and spacing ignored); the distance is the optimal string alignment
/// (Damerau–Levenshtein) distance in characters, counting a letter
/// inserted, deleted, replaced or two neighbours swapped as one edit; a
/// name is close when the distance is at most one edit per four characters
/// of what was typed, and at least one ("Lerun" is close to "Lerum";
/// "Stockholm" is close to no name in the built-in registry).
/// docs/collection.md documents this measure.
pub fn close(typed: &str, name: &str) -> Option<usize> {
    let allowed = (typed.chars().count() / 4).max(1);
    let distance = strsim::osa_distance(typed, name);
    (distance <= allowed).then_some(distance)
}

/// A name folded, and folded with each suffix rule applied.
fn name_keys(name: &str) -> Vec<String> {
    let folded = fold(name);
    let mut keys = vec![folded.clone()];
    for suffix in SUFFIXES {
        if let Some(stem) = folded.strip_suffix(suffix)
            && !stem.is_empty()
        {
            keys.push(stem.to_string());
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(r: Resolution<'_>) -> String {
        match r {
            Resolution::Found(r) => r.id.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn builtin_registry_has_the_54() {
        let reg = Registry::builtin();
        assert_eq!(reg.respondents().len(), 54);
        let municipalities = reg.respondents().iter().filter(|r| r.kind == Kind::Kommun);
        let population: u64 = municipalities.filter_map(|r| r.population).sum();
        assert_eq!(population, 1_744_859);
    }

    #[test]
    fn resolves_ids_names_aliases_and_suffixes() {
        let reg = Registry::builtin();
        assert_eq!(id(reg.resolve("1441")), "1441");
        assert_eq!(id(reg.resolve("gr")), "GR");
        assert_eq!(id(reg.resolve("Lerums kommun")), "1441");
        assert_eq!(id(reg.resolve("  LERUM ")), "1441");
        assert_eq!(id(reg.resolve("Göteborgs Stad")), "1480");
        assert_eq!(id(reg.resolve("Goteborgs stad")), "1480");
        assert_eq!(id(reg.resolve("Borås Stad")), "1490");
        assert_eq!(id(reg.resolve("Borås kommun")), "1490");
        assert_eq!(id(reg.resolve("Dals-Eds kommun")), "1438");
        assert_eq!(id(reg.resolve("Öckerö kommun")), "1407");
        assert_eq!(id(reg.resolve("Sjuhärad")), "BORASREGIONEN");
        assert_eq!(id(reg.resolve("vastkom")), "VASTKOM");
    }

    #[test]
    fn unknown_names_get_suggestions_only_when_close() {
        let reg = Registry::builtin();
        let near = |typed: &str| match reg.resolve(typed) {
            Resolution::Unknown(near) => near.iter().map(|r| r.id.to_string()).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(near("Lerumm"), ["1441"]);
        assert_eq!(near("Lerun"), ["1441"]);
        assert_eq!(
            near("Lreum"),
            ["1441"],
            "two neighbours swapped are one edit"
        );
        assert_eq!(near("Trollhätan"), ["1488"]);
        assert_eq!(near("Göteborgsregion")[0], "GR");
        assert!(near("Stockholm").is_empty());
        assert!(near("Malmö").is_empty());
        assert!(near("xyz").is_empty());
        assert!(near("9999").is_empty());
    }

    #[test]
    fn closeness_is_one_edit_per_four_characters_and_at_least_one() {
        assert_eq!(close("ale", "ala"), Some(1));
        assert_eq!(close("ale", "hjo"), None);
        assert_eq!(close("lerum", "lerum"), Some(0));
        assert_eq!(close("lerxx", "lerum"), None, "2 edits in 5 characters");
        assert_eq!(close("ulricxxamn", "ulricehamn"), Some(2));
    }

    #[test]
    fn delregions_in_first_appearance_with_lansgemensam_last() {
        let reg = Registry::builtin();
        assert_eq!(
            reg.delregions(),
            [
                "Göteborgsregionen",
                "Fyrbodal",
                "Boråsregionen",
                "Skaraborg",
                "Länsgemensam"
            ]
        );
        let ordered: Vec<&str> = reg.ordered().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ordered[0], "1401");
        assert_eq!(ordered[12], "GR");
        assert_eq!(ordered[53], "VASTKOM");
    }

    #[test]
    fn an_email_column_is_optional_and_checked() {
        let reg = Registry::builtin();
        assert!(reg.respondents().iter().all(|r| r.email.is_none()));
        let text = "id,name,kind,delregion,population,email\n\
                    1,Ale,kommun,X,1,info@ale.example\n2,Bo,kommun,X,1,\n";
        let reg = Registry::parse(text, "t").unwrap();
        assert_eq!(
            reg.get("1").unwrap().email.as_deref(),
            Some("info@ale.example")
        );
        assert_eq!(reg.get("2").unwrap().email, None);
        let bad = "id,name,kind,delregion,population,email\n1,Ale,kommun,X,1,Ale kommun\n";
        let message = Registry::parse(bad, "t").unwrap_err().to_string();
        assert!(
            message.contains("rad 2") && message.contains("\"Ale kommun\""),
            "{message}"
        );
    }

    #[test]
    fn the_population_of_a_budget_year_follows_the_rule() {
        let text = "id,name,kind,delregion,population,population_year,population_2022,population_2024,population_source\n\
                    1,Ale,kommun,X,100,2021,220,240,SCB\n\
                    2,Bo,kommun,X,100,2021,,,\n\
                    3,Ce,kommun,X,100,,,,\n";
        let reg = Registry::parse(text, "t").unwrap();
        let ale = reg.get("1").unwrap();
        let at = |r: &Respondent, year| r.population_in(year).map(|p| (p.inhabitants, p.year));
        assert_eq!(at(ale, 2024), Some((240, Some(2024))), "its own year");
        assert_eq!(at(ale, 2026), Some((240, Some(2024))), "the nearest");
        assert_eq!(at(ale, 2019), Some((220, Some(2022))), "the nearest");
        assert_eq!(
            at(ale, 2023),
            Some((220, Some(2022))),
            "the earlier on a tie"
        );
        assert_eq!(ale.population_source.as_deref(), Some("SCB"));
        let bo = reg.get("2").unwrap();
        assert_eq!(
            at(bo, 2024),
            Some((100, Some(2021))),
            "population, its year"
        );
        assert_eq!(bo.population_source, None);
        assert_eq!(at(reg.get("3").unwrap(), 2024), Some((100, None)));
        let builtin = Registry::builtin();
        let lerum = builtin.get("1441").unwrap();
        assert_eq!(lerum.population_in(2026).unwrap().year, Some(2021));
        assert_eq!(lerum.population_source.as_deref(), Some("SCB"));
    }

    #[test]
    fn wrong_population_values_are_named_with_file_line_and_column() {
        let error = |text: &str| Registry::parse(text, "reg.csv").unwrap_err().to_string();
        let head = "id,name,kind,delregion,population,population_2024\n";
        assert_eq!(
            error(&format!("{head}1,Ale,kommun,X,100,12 000\n")),
            "registret reg.csv, rad 2, kolumn population_2024: \"12 000\" är inget antal \
             invånare: skriv ett heltal utan mellanrum, t.ex. 39006."
        );
        assert_eq!(
            error(&format!("{head}1,Ale,kommun,X,-5,1\n")),
            "registret reg.csv, rad 2, kolumn population: \"-5\" är inget antal \
             invånare: skriv ett heltal utan mellanrum, t.ex. 39006."
        );
        let message =
            error("id,name,kind,delregion,population,population_year\n1,Ale,kommun,X,1,21\n");
        assert!(
            message.starts_with(
                "registret reg.csv, rad 2, kolumn population_year: \"21\" är inget årtal"
            ),
            "{message}"
        );
        let message = error("id,name,kind,delregion,population_202\n1,Ale,kommun,X,1\n");
        assert!(
            message.starts_with("registret reg.csv, rad 1: kolumnen \"population_202\" är okänd"),
            "{message}"
        );
        let message =
            error("id,name,kind,delregion,population_2024,population_2024\n1,Ale,kommun,X,1,1\n");
        assert!(
            message.contains("population_2024 finns två gånger"),
            "{message}"
        );
    }

    #[test]
    fn a_name_shared_by_two_is_ambiguous() {
        let text = "id,name,kind,delregion,population,population_year,aliases\n\
                    1,Ale,kommun,X,1,2021,Gemensam\n2,Bo,kommun,X,1,2021,Gemensam\n";
        let reg = Registry::parse(text, "t").unwrap();
        assert!(matches!(reg.resolve("gemensam"), Resolution::Ambiguous(v) if v.len() == 2));
    }
}
