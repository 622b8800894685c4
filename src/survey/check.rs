//! Consistency checks of a survey definition, so that a mistake in the file
//! is refused with a clear message instead of surfacing as odd findings.

use std::collections::{HashMap, HashSet};

use super::{MessageKind, Question, QuestionType, Role, Rule, Section, SectionKind, Survey};
use crate::convert::count_to_f64;
use crate::text::fold;

/// Every problem of the definition, one Swedish sentence each.
pub(super) fn problems(survey: &Survey) -> Vec<String> {
    let mut out = Vec::new();
    if survey.id.trim().is_empty() {
        out.push("enkätens id är tomt".to_string());
    }
    check_lists(survey, &mut out);
    check_sections(survey, &mut out);
    check_roles(survey, &mut out);
    check_in_force(survey, &mut out);
    check_rules(survey, &mut out);
    check_messages(survey, &mut out);
    out
}

fn check_lists(survey: &Survey, out: &mut Vec<String>) {
    let mut lists = HashSet::new();
    let mut choice_ids = HashSet::new();
    for list in &survey.choice_lists {
        if !lists.insert(list.id.as_str()) {
            out.push(format!(
                "svarslistan {:?} är definierad två gånger",
                list.id
            ));
        }
        if list.choices.is_empty() {
            out.push(format!("svarslistan {:?} har inga val", list.id));
        }
        let mut owners: HashMap<String, &str> = HashMap::new();
        for choice in &list.choices {
            if !choice_ids.insert((list.id.as_str(), choice.id.as_str())) {
                out.push(format!(
                    "svarslistan {:?}: valet {:?} finns två gånger",
                    list.id, choice.id
                ));
            }
            let names = std::iter::once(&choice.id)
                .chain(std::iter::once(&choice.label))
                .chain(&choice.aliases);
            for name in names {
                let owner = owners.entry(fold(name)).or_insert(&choice.id);
                if *owner != choice.id {
                    out.push(format!(
                        "svarslistan {:?}: {name:?} kan betyda både {owner:?} och {:?}",
                        list.id, choice.id
                    ));
                }
            }
        }
    }
}

fn check_sections(survey: &Survey, out: &mut Vec<String>) {
    let mut sections = HashSet::new();
    let mut sheets = HashSet::new();
    let mut questions = HashSet::new();
    if survey.sections.is_empty() {
        out.push("enkäten har inga avsnitt".to_string());
    }
    for section in &survey.sections {
        if !sections.insert(section.id.as_str()) {
            out.push(format!("avsnittet {:?} finns två gånger", section.id));
        }
        if !sheets.insert(fold(&section.sheet)) {
            out.push(format!(
                "bladnamnet {:?} används av mer än ett avsnitt",
                section.sheet
            ));
        }
        check_section_kind(survey, section, out);
        for q in &section.questions {
            if !questions.insert(q.id.as_str()) {
                out.push(format!("frågan {:?} finns två gånger", q.id));
            }
            check_question(survey, q, out);
        }
    }
}

/// A section's `rows` (a grid's, from a defined list) and `max_rows` (a
/// table's) fit its kind.
fn check_section_kind(survey: &Survey, section: &Section, out: &mut Vec<String>) {
    match section.kind {
        SectionKind::Grid => match &section.rows {
            None => out.push(format!(
                "rutnätet {:?} saknar rows (svarslistan vars val är rader)",
                section.id
            )),
            Some(rows) if survey.choice_list(rows).is_none() => out.push(format!(
                "rutnätet {:?} har rader från svarslistan {rows:?}, som inte är definierad",
                section.id
            )),
            Some(_) => {}
        },
        _ if section.rows.is_some() => out.push(format!(
            "avsnittet {:?} har rows men är inte ett rutnät (grid)",
            section.id
        )),
        _ => {}
    }
    if section.max_rows.is_some() && section.kind != SectionKind::Table {
        out.push(format!(
            "avsnittet {:?} har max_rows men är inte en tabell (table)",
            section.id
        ));
    }
}

/// One question: its id, its choices, its range and scale, `not_future`
/// and its help text.
fn check_question(survey: &Survey, q: &Question, out: &mut Vec<String>) {
    if q.id.trim().is_empty() || q.id.contains(char::is_whitespace) {
        out.push(format!(
            "frågans id {:?} får inte vara tomt eller innehålla mellanslag",
            q.id
        ));
    }
    check_choices(survey, q, out);
    check_range(q, out);
    if q.not_future && q.kind != QuestionType::Date {
        out.push(format!(
            "frågan {:?} har not_future men är inte ett datum",
            q.id
        ));
    }
    if q.help.trim().is_empty() {
        out.push(format!("frågan {:?} saknar hjälptext (help)", q.id));
    }
}

/// A select_one question names a defined list, and only it names one.
fn check_choices(survey: &Survey, q: &Question, out: &mut Vec<String>) {
    match (&q.kind, &q.choices) {
        (QuestionType::SelectOne, None) => out.push(format!(
            "frågan {:?} är select_one men anger ingen svarslista (choices)",
            q.id
        )),
        (QuestionType::SelectOne, Some(list)) if survey.choice_list(list).is_none() => {
            out.push(format!(
                "frågan {:?} använder svarslistan {list:?}, som inte är definierad",
                q.id
            ))
        }
        (QuestionType::SelectOne, Some(_)) => {}
        (_, Some(_)) => out.push(format!(
            "frågan {:?} har en svarslista men är inte select_one",
            q.id
        )),
        (_, None) => {}
    }
}

/// A numeric question's `min` is at most its `max`, and a scale has one
/// level for each whole number between them; other questions have no range.
fn check_range(q: &Question, out: &mut Vec<String>) {
    if (q.min.is_some() || q.max.is_some()) && !q.kind.is_numeric() {
        out.push(format!(
            "frågan {:?} har min/max men är inte numerisk",
            q.id
        ));
    }
    if let (Some(min), Some(max)) = (q.min, q.max)
        && min > max
    {
        out.push(format!(
            "frågan {:?} har min {min} större än max {max}",
            q.id
        ));
    }
    if let (false, Some(min), Some(max)) = (q.scale.is_empty(), q.min, q.max)
        && count_to_f64(q.scale.len()) != max - min + 1.0
    {
        out.push(format!(
            "frågan {:?} har {} nivåer i scale men min–max ger {}",
            q.id,
            q.scale.len(),
            max - min + 1.0
        ));
    }
}

/// The roles every definition needs, with the type their question must
/// have: the store files a submission under its respondent and year and
/// orders a respondent's submissions by their answer date.
const REQUIRED_ROLES: [(Role, &str, QuestionType, &str); 3] = [
    (
        Role::Respondent,
        "respondent",
        QuestionType::Respondent,
        "respondent",
    ),
    (Role::Year, "year", QuestionType::Year, "year"),
    (Role::AnswerDate, "answer_date", QuestionType::Date, "date"),
];

fn check_roles(survey: &Survey, out: &mut Vec<String>) {
    for (role, name, kind, kind_name) in REQUIRED_ROLES {
        let count = survey
            .sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
            .filter(|(s, q)| q.role == Some(role) && s.kind == SectionKind::Form)
            .count();
        if count != 1 {
            out.push(format!(
                "enkäten behöver exakt en fråga med rollen {name} i ett formulär (form), har {count}"
            ));
        }
        let Some((_, q)) = survey.by_role(role) else {
            continue;
        };
        if !q.required {
            out.push(format!(
                "frågan {:?} har rollen {name} och måste vara obligatorisk (required)",
                q.id
            ));
        }
        if q.kind != kind {
            out.push(format!(
                "frågan {:?} har rollen {name} men typen är inte {kind_name}",
                q.id
            ));
        }
    }
}

fn check_in_force(survey: &Survey, out: &mut Vec<String>) {
    if let Some(f) = &survey.in_force {
        let expect = [
            (&f.decided, QuestionType::Date, "decided"),
            (&f.valid_until, QuestionType::Year, "valid_until"),
            (&f.year, QuestionType::Year, "year"),
        ];
        for (id, kind, key) in expect {
            match survey.question(id) {
                None => out.push(format!(
                    "in_force.{key} nämner frågan {id:?}, som inte finns"
                )),
                Some((_, q)) if q.kind != kind => out.push(format!(
                    "in_force.{key}: frågan {id:?} har fel typ för sin uppgift"
                )),
                Some(_) => {}
            }
        }
    }
    for (id, wanted) in &survey.overall_strategy {
        match survey.question(id) {
            None => out.push(format!(
                "overall_strategy nämner frågan {id:?}, som inte finns"
            )),
            Some((_, q)) => match survey.choices_of(q.choices.as_deref()) {
                None => out.push(format!(
                    "overall_strategy: frågan {id:?} är inte select_one"
                )),
                Some(list) => {
                    for choice in wanted.iter().filter(|c| list.get(c).is_none()) {
                        out.push(format!(
                            "overall_strategy: {choice:?} finns inte i svarslistan {:?}",
                            list.id
                        ));
                    }
                }
            },
        }
    }
}

fn check_rules(survey: &Survey, out: &mut Vec<String>) {
    let mut codes = HashSet::new();
    for rule in &survey.rules {
        let code = match rule {
            Rule::Compare {
                code, left, right, ..
            } => {
                let kinds: Vec<_> = [left, right]
                    .into_iter()
                    .filter_map(|operand| operand_kind(survey, operand, code, out))
                    .collect();
                if let [a, b] = kinds[..]
                    && a != b
                {
                    out.push(format!(
                        "regeln {code:?} jämför {left:?} med {right:?}, som inte går att jämföra"
                    ));
                }
                code
            }
            Rule::SumOfParts {
                code,
                total,
                parts,
                over_factor,
                under_factor,
                ..
            } => {
                for id in std::iter::once(total).chain(parts) {
                    match survey.question(id) {
                        None => out.push(format!(
                            "regeln {code:?} nämner frågan {id:?}, som inte finns"
                        )),
                        Some((_, q)) if !q.kind.is_numeric() => {
                            out.push(format!("regeln {code:?}: frågan {id:?} är inte numerisk"))
                        }
                        Some(_) => {}
                    }
                }
                if over_factor.is_some() == under_factor.is_some() {
                    out.push(format!(
                        "regeln {code:?} ska ha antingen over_factor eller under_factor"
                    ));
                }
                code
            }
            Rule::OverallStrategyInForce { code, .. } => {
                if survey.in_force.is_none() || survey.overall_strategy.is_empty() {
                    out.push(format!(
                        "regeln {code:?} kräver att in_force och overall_strategy är definierade"
                    ));
                }
                code
            }
        };
        if !codes.insert(code.as_str()) {
            out.push(format!("regelkoden {code:?} används två gånger"));
        }
        if let Some(prefix) = BUILT_IN_PREFIXES.iter().find(|p| code.starts_with(*p)) {
            out.push(format!(
                "regelkoden {code:?} börjar som collects egna koder ({prefix}…); välj en egen, t.ex. \"budget.…\" eller \"document.…\""
            ));
        }
        let (message, allowed): (&str, &[&str]) = match rule {
            Rule::Compare { message, .. } => (message, &["left", "right"]),
            Rule::SumOfParts { message, .. } => (message, &["sum", "total"]),
            Rule::OverallStrategyInForce { message, .. } => (message, &[]),
        };
        for name in placeholders(message).filter(|n| !allowed.contains(n)) {
            out.push(format!(
                "regeln {code:?} har platshållaren {{{name}}}, som regeln inte fyller i"
            ));
        }
    }
}

/// The texts of `remind`'s letters, where given: a subject on one line,
/// neither text empty, and only placeholders the letter fills.
fn check_messages(survey: &Survey, out: &mut Vec<String>) {
    for kind in MessageKind::ALL {
        let Some(text) = survey.messages.get(kind) else {
            continue;
        };
        let table = kind.table();
        for (key, value) in [("subject", &text.subject), ("body", &text.body)] {
            if value.trim().is_empty() {
                out.push(format!("[{table}] har en tom {key}"));
            }
            for name in placeholders(value).filter(|n| !kind.fills(n)) {
                let known: Vec<String> = kind
                    .placeholders()
                    .iter()
                    .map(|n| format!("{{{n}}}"))
                    .collect();
                out.push(format!(
                    "[{table}] {key} har platshållaren {{{name}}}, som inte fylls i; möjliga är {}",
                    known.join(", ")
                ));
            }
        }
        if text.subject.contains(['\r', '\n']) {
            out.push(format!("[{table}] subject ska vara en enda rad"));
        }
    }
}

/// Code families collect's own findings use; a rule's code must stand apart.
const BUILT_IN_PREFIXES: [&str; 20] = [
    "file.",
    "sheet.",
    "form.",
    "table.",
    "grid.",
    "csv.",
    "answer.",
    "text.",
    "integer.",
    "decimal.",
    "year.",
    "amount.",
    "date.",
    "email.",
    "url.",
    "choice.",
    "respondent.",
    "cell.",
    "survey.",
    "limit.",
];

/// The `{name}` placeholders of a message.
fn placeholders(message: &str) -> impl Iterator<Item = &str> {
    message
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// The comparable kind of a rule operand (`id` or `year(id)`): dates compare
/// with dates, everything else as numbers.
fn operand_kind(survey: &Survey, operand: &str, code: &str, out: &mut Vec<String>) -> Option<bool> {
    let (id, year_of) = super::parse_operand(operand);
    match survey.question(id) {
        None => {
            out.push(format!(
                "regeln {code:?} nämner frågan {id:?}, som inte finns"
            ));
            None
        }
        Some((_, q)) if year_of && q.kind != QuestionType::Date => {
            out.push(format!("regeln {code:?}: year({id}) kräver en datumfråga"));
            None
        }
        Some((_, q)) if year_of || q.kind.is_numeric() => Some(false),
        Some((_, q)) if q.kind == QuestionType::Date => Some(true),
        Some(_) => {
            out.push(format!(
                "regeln {code:?}: frågan {id:?} är varken datum eller tal"
            ));
            None
        }
    }
}
