//! The survey definition: sections, questions, choice lists and rules, read
//! from a TOML file (docs/survey-definition.md).
//!
//! Everything a respondent sees or is checked against lives in the
//! definition; Rust code knows question *types* and *roles*, never question
//! ids. The built-in SSVIT survey is `surveys/ssvit-lokalt-nulage.toml`.

mod check;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::text::fold;

/// The SSVIT survey, built into the binary.
pub const BUILTIN_SURVEY: &str = include_str!("../../surveys/ssvit-lokalt-nulage.toml");

/// Why a survey definition could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    /// The file could not be read.
    #[error(
        "kunde inte läsa enkätdefinitionen: {}",
        crate::io_message::describe(path, cause)
    )]
    Io {
        /// The definition file.
        path: String,
        /// What the system said (not a `source`, so it is not printed twice).
        cause: std::io::Error,
    },
    /// The file is not valid TOML of the definition format.
    #[error("enkätdefinitionen {path} går inte att tolka: {message}")]
    Syntax {
        /// The definition file.
        path: String,
        /// What the TOML parser said.
        message: String,
    },
    /// The file parses but contradicts itself.
    #[error("enkätdefinitionen {path} har fel:\n  - {}", problems.join("\n  - "))]
    Invalid {
        /// The definition file.
        path: String,
        /// Every problem found, one sentence each.
        problems: Vec<String>,
    },
}

/// How a section is laid out in a workbook and a long CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// One answer per question.
    Form,
    /// Any number of records, one answer per question each.
    Table,
    /// One fixed row per choice of a list, one answer per question each.
    Grid,
}

/// The value type of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Free text.
    Text,
    /// A whole number.
    Integer,
    /// A number with or without decimals.
    Decimal,
    /// A year, a whole number.
    Year,
    /// Kronor; accepts units such as `kr`, `tkr`, `mkr`.
    Amount,
    /// A calendar date.
    Date,
    /// An e-mail address.
    Email,
    /// An http or https address.
    Url,
    /// One choice of a choice list.
    SelectOne,
    /// An organisation of the registry, by id, name or alias.
    Respondent,
}

impl QuestionType {
    /// Whether answers of this type are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::Integer | Self::Decimal | Self::Year | Self::Amount
        )
    }
}

/// What a question means to the report, so that code asks for a role and
/// never for an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The organisation that answers.
    Respondent,
    /// The budget year the answers are about.
    Year,
    /// The date the survey was answered.
    AnswerDate,
    /// Contact details of a person.
    Contact,
    /// The total budget.
    BudgetTotal,
    /// A part of the total budget.
    BudgetPart,
    /// The part of the budget paid into joint work.
    BudgetJoint,
    /// Money from outside the organisation.
    ExternalFunding,
    /// Staff in full-time equivalents.
    Staff,
    /// How the budget is organised.
    BudgetModel,
    /// A document's title.
    DocTitle,
    /// A document's type.
    DocType,
    /// A document's area.
    DocArea,
    /// Who decided a document.
    DocDecidedBy,
    /// A document's decision date.
    DocDecided,
    /// The last year a document is valid.
    DocValidUntil,
    /// Whether a document is the organisation's own or joint.
    DocOwner,
    /// A link to a document.
    DocLink,
    /// A capability level.
    CapabilityLevel,
}

/// One question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, used in files and findings.
    pub id: String,
    /// Swedish label shown to respondents.
    pub label: String,
    /// Value type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// Whether an answer is required.
    #[serde(default)]
    pub required: bool,
    /// The choice list of a `select_one` question.
    pub choices: Option<String>,
    /// Smallest accepted value of a numeric question.
    pub min: Option<f64>,
    /// Largest accepted value of a numeric question.
    pub max: Option<f64>,
    /// A date question whose answer must not be after today.
    #[serde(default)]
    pub not_future: bool,
    /// Labels of the levels `min..=max` of an integer scale.
    #[serde(default)]
    pub scale: Vec<String>,
    /// Whether the answer is personal data.
    #[serde(default)]
    pub personal: bool,
    /// What the answer means to the report.
    pub role: Option<Role>,
    /// Swedish help text: what to enter and where to find it.
    pub help: String,
}

/// One section: a sheet of the workbook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// The sheet's name in a workbook.
    pub sheet: String,
    /// Layout.
    pub kind: SectionKind,
    /// Whether the whole section may be left out.
    #[serde(default)]
    pub optional: bool,
    /// Most records of a table section.
    pub max_rows: Option<usize>,
    /// The choice list whose choices are a grid's rows.
    pub rows: Option<String>,
    /// Swedish text for respondents: what the sheet asks and how to fill it in.
    #[serde(default)]
    pub help: String,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

/// One choice of a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stable id, stored as the answer.
    pub id: String,
    /// Swedish label.
    pub label: String,
    /// Other accepted spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A named list of choices.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceList {
    /// Stable id, named by questions' `choices`.
    pub id: String,
    /// The choices, in order.
    pub choices: Vec<Choice>,
    /// Folded id, label and aliases → index of the choice, first one wins.
    #[serde(skip)]
    keys: HashMap<String, usize>,
}

impl ChoiceList {
    /// The choice an answer names: its id, label or an alias, ignoring case,
    /// diacritics and surrounding space.
    pub fn find(&self, answer: &str) -> Option<&Choice> {
        self.keys.get(&fold(answer)).map(|&i| &self.choices[i])
    }

    fn index(&mut self) {
        for (i, c) in self.choices.iter().enumerate() {
            for name in std::iter::once(&c.id)
                .chain(std::iter::once(&c.label))
                .chain(&c.aliases)
            {
                self.keys.entry(fold(name)).or_insert(i);
            }
        }
    }

    /// The choice with this exact id.
    pub fn get(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }
}

/// The questions that decide whether a document is in force ("gällande").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InForce {
    /// The document's decision date (a date question).
    pub decided: String,
    /// The last year the document is valid (a year question, may be empty).
    pub valid_until: String,
    /// The budget year (a year question in a form section).
    pub year: String,
}

/// A comparison operator of a `compare` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CompareOp {
    /// Left is at most right.
    #[serde(rename = "<=")]
    AtMost,
    /// Left is at least right.
    #[serde(rename = ">=")]
    AtLeast,
}

/// Whether a finding stops a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Reported; the submission is accepted.
    Warning,
    /// The submission is not accepted.
    Error,
}

/// A rule across questions.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// `left op right`, skipped when either side is unanswered. An operand
    /// is a question id or `year(id)` of a date question.
    Compare {
        /// Stable finding code.
        code: String,
        /// Severity of a failure.
        severity: Severity,
        /// The operand the finding is placed on.
        left: String,
        /// The comparison.
        op: CompareOp,
        /// The other operand.
        right: String,
        /// Swedish message; `{left}` and `{right}` are replaced by the values.
        message: String,
        /// What the rule checks, for the form's instructions when no
        /// formula in the form can check it (default: the message).
        #[serde(default)]
        description: Option<String>,
    },
    /// The parts of a total: their sum over `total × over_factor`, or, when
    /// every part is given, under `total × under_factor`.
    SumOfParts {
        /// Stable finding code.
        code: String,
        /// Severity of a failure.
        severity: Severity,
        /// The total, where the finding is placed.
        total: String,
        /// The parts.
        parts: Vec<String>,
        /// Fails when the sum exceeds the total times this.
        over_factor: Option<f64>,
        /// Fails when every part is given and the sum is below the total times this.
        under_factor: Option<f64>,
        /// Swedish message; `{sum}` and `{total}` are replaced by amounts.
        message: String,
        /// What the rule checks, for the form's instructions when no
        /// formula in the form can check it (default: the message).
        #[serde(default)]
        description: Option<String>,
    },
    /// No overall strategy in force in the budget year.
    OverallStrategyInForce {
        /// Stable finding code.
        code: String,
        /// Severity of a failure.
        severity: Severity,
        /// Swedish message.
        message: String,
        /// What the rule checks, for the form's instructions, which name it
        /// as checked when the file is received (default: the message).
        #[serde(default)]
        description: Option<String>,
    },
}

impl Rule {
    /// What the rule checks, in words for a respondent.
    pub fn description(&self) -> &str {
        match self {
            Rule::Compare {
                description,
                message,
                ..
            }
            | Rule::SumOfParts {
                description,
                message,
                ..
            }
            | Rule::OverallStrategyInForce {
                description,
                message,
                ..
            } => description.as_deref().unwrap_or(message),
        }
    }
}

/// The texts of the e-mail drafts `collect remind` writes, one per kind of
/// letter; a definition without them serves every command but `remind`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    /// The first invitation (`remind --all`).
    pub invitation: Option<MessageText>,
    /// A reminder to a respondent without a current submission.
    pub reminder: Option<MessageText>,
    /// A reminder to a respondent whose last file was rejected.
    pub rejected: Option<MessageText>,
}

/// The subject and body of one kind of letter, Swedish, with placeholders
/// (see [`MessageKind::placeholders`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageText {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// A kind of letter `collect remind` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The first invitation.
    Invitation,
    /// A reminder.
    Reminder,
    /// A reminder after a rejected file.
    Rejected,
}

/// The placeholders every letter fills.
const LETTER_PLACEHOLDERS: [&str; 7] = [
    "organisation",
    "year",
    "deadline",
    "contact",
    "survey",
    "attachment",
    "id",
];

/// The placeholders a letter after a rejected file fills as well.
const REJECTED_PLACEHOLDERS: [&str; 4] = ["rejected_at", "file", "errors", "first_error"];

impl MessageKind {
    /// Every kind, in the order of the definition's tables.
    pub const ALL: [MessageKind; 3] = [
        MessageKind::Invitation,
        MessageKind::Reminder,
        MessageKind::Rejected,
    ];

    /// The kind's table in the definition: `messages.invitation`, ….
    pub fn table(self) -> &'static str {
        match self {
            MessageKind::Invitation => "messages.invitation",
            MessageKind::Reminder => "messages.reminder",
            MessageKind::Rejected => "messages.rejected",
        }
    }

    /// The kind as a Swedish word for lists.
    pub fn label(self) -> &'static str {
        match self {
            MessageKind::Invitation => "Inbjudan",
            MessageKind::Reminder => "Påminnelse",
            MessageKind::Rejected => "Påminnelse efter underkänd fil",
        }
    }

    /// Whether `{name}` is filled in this kind's texts.
    pub fn fills(self, name: &str) -> bool {
        LETTER_PLACEHOLDERS.contains(&name)
            || (self == MessageKind::Rejected && REJECTED_PLACEHOLDERS.contains(&name))
    }

    /// The placeholders this kind's texts may hold, in the order the
    /// documentation lists them.
    pub fn placeholders(self) -> Vec<&'static str> {
        let mut names = LETTER_PLACEHOLDERS.to_vec();
        if self == MessageKind::Rejected {
            names.extend(REJECTED_PLACEHOLDERS);
        }
        names
    }
}

impl Messages {
    /// The texts of one kind of letter, if the definition has them.
    pub fn get(&self, kind: MessageKind) -> Option<&MessageText> {
        match kind {
            MessageKind::Invitation => self.invitation.as_ref(),
            MessageKind::Reminder => self.reminder.as_ref(),
            MessageKind::Rejected => self.rejected.as_ref(),
        }
    }

    /// The kinds whose texts the definition lacks.
    pub fn missing(&self) -> Vec<MessageKind> {
        MessageKind::ALL
            .into_iter()
            .filter(|kind| self.get(*kind).is_none())
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyFile {
    id: String,
    version: u32,
    title: String,
    #[serde(default)]
    description: String,
    sections: Vec<Section>,
    #[serde(default)]
    choice_lists: Vec<ChoiceList>,
    in_force: Option<InForce>,
    #[serde(default)]
    overall_strategy: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    rules: Vec<Rule>,
    #[serde(default)]
    messages: Messages,
}

/// A checked survey definition.
#[derive(Debug, Clone)]
pub struct Survey {
    /// Survey id, e.g. `ssvit-lokalt-nulage`.
    pub id: String,
    /// Version; files made from an older version get a warning or an error.
    pub version: u32,
    /// Title.
    pub title: String,
    /// Swedish text for respondents: what is asked and why.
    pub description: String,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Choice lists.
    pub choice_lists: Vec<ChoiceList>,
    /// What "gällande" means.
    pub in_force: Option<InForce>,
    /// Question id → accepted choice ids of an overall strategy document.
    pub overall_strategy: BTreeMap<String, Vec<String>>,
    /// Rules across questions.
    pub rules: Vec<Rule>,
    /// The texts of `collect remind`'s e-mail drafts.
    pub messages: Messages,
    index: HashMap<String, (usize, usize)>,
}

impl Survey {
    /// The built-in SSVIT survey.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_SURVEY, "inbyggd enkät")
            .expect("the built-in survey is checked by tests")
    }

    /// Reads and checks a definition file.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML of the definition format, or
    /// contradicts itself (see [`SurveyError`]).
    pub fn load(path: &Path) -> Result<Self, SurveyError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|cause| SurveyError::Io {
            path: name.clone(),
            cause,
        })?;
        Self::parse(&text, &name)
    }

    /// Parses and checks definition text; `name` names it in messages.
    ///
    /// # Errors
    /// As [`Survey::load`].
    pub fn parse(text: &str, name: &str) -> Result<Self, SurveyError> {
        let file: SurveyFile = toml::from_str(text).map_err(|e| SurveyError::Syntax {
            path: name.to_string(),
            message: e.to_string(),
        })?;
        let mut index = HashMap::new();
        for (s, section) in file.sections.iter().enumerate() {
            for (q, question) in section.questions.iter().enumerate() {
                index.entry(question.id.clone()).or_insert((s, q));
            }
        }
        let mut choice_lists = file.choice_lists;
        choice_lists.iter_mut().for_each(ChoiceList::index);
        let survey = Survey {
            id: file.id,
            version: file.version,
            title: file.title,
            description: file.description,
            sections: file.sections,
            choice_lists,
            in_force: file.in_force,
            overall_strategy: file.overall_strategy,
            rules: file.rules,
            messages: file.messages,
            index,
        };
        let problems = check::problems(&survey);
        if problems.is_empty() {
            Ok(survey)
        } else {
            Err(SurveyError::Invalid {
                path: name.to_string(),
                problems,
            })
        }
    }

    /// The question with this id and its section.
    pub fn question(&self, id: &str) -> Option<(&Section, &Question)> {
        let &(s, q) = self.index.get(id)?;
        let section = &self.sections[s];
        Some((section, &section.questions[q]))
    }

    /// The choice list with this id.
    pub fn choice_list(&self, id: &str) -> Option<&ChoiceList> {
        self.choice_lists.iter().find(|l| l.id == id)
    }

    /// The choice list of a `select_one` question or the rows of a grid.
    pub fn choices_of(&self, list: Option<&str>) -> Option<&ChoiceList> {
        self.choice_list(list?)
    }

    /// The section whose sheet has this name, ignoring case and diacritics.
    pub fn section_by_sheet(&self, sheet: &str) -> Option<&Section> {
        let key = fold(sheet);
        self.sections.iter().find(|s| fold(&s.sheet) == key)
    }

    /// The first question with this role, with its section.
    pub fn by_role(&self, role: Role) -> Option<(&Section, &Question)> {
        self.sections.iter().find_map(|s| {
            s.questions
                .iter()
                .find(|q| q.role == Some(role))
                .map(|q| (s, q))
        })
    }

    /// The question that holds a respondent's e-mail address: the first
    /// `email` question with the role `contact` in a form section.
    pub fn contact_email(&self) -> Option<&Question> {
        self.sections
            .iter()
            .filter(|s| s.kind == SectionKind::Form)
            .flat_map(|s| &s.questions)
            .find(|q| q.kind == QuestionType::Email && q.role == Some(Role::Contact))
    }
}

impl Section {
    /// The question of this section whose id or label is `name`, ignoring
    /// case, diacritics and surrounding space.
    pub fn question_named(&self, name: &str) -> Option<&Question> {
        let key = fold(name);
        self.questions
            .iter()
            .find(|q| fold(&q.id) == key || fold(&q.label) == key)
    }
}

/// Splits a rule operand into its question id and whether it is `year(id)`.
pub fn parse_operand(operand: &str) -> (&str, bool) {
    match operand
        .trim()
        .strip_prefix("year(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        Some(id) => (id.trim(), true),
        None => (operand.trim(), false),
    }
}
