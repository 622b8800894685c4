//! The e-mail drafts of a collection round (`collect remind`): who gets
//! one and which letter, the address it goes to, the letter's texts from
//! the survey definition with their placeholders filled, the draft with
//! the respondent's own form attached, and the list of every draft as CSV
//! and as a workbook for people. `collect` sends nothing.
//!
//! The e-mail address is the only personal data used: the respondent's
//! newest submission that is not withdrawn and still holds one, else the
//! registry's `email` column.

use std::collections::HashMap;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::collection::Current;
use crate::mail::{Attachment, Draft, DraftError, Mailbox};
use crate::registry::{Registry, Respondent};
use crate::respondent_id::RespondentId;
use crate::store::{LoggedAttempt, StoredSubmission};
use crate::survey::{MessageKind, Survey};
use crate::text::{count, shown};

/// The header of `utskick.csv` (CLI.md).
pub const LIST_HEADER: [&str; 6] = [
    "id",
    "name",
    "email",
    "no_email_reason",
    "draft",
    "attachment",
];

/// What every draft of one run shares.
#[derive(Debug, Clone, Copy)]
pub struct Round<'a> {
    /// The survey, with the letters' texts.
    pub survey: &'a Survey,
    /// The respondents.
    pub registry: &'a Registry,
    /// The budget year.
    pub year: i32,
    /// The last day to answer, as written in the letters and forms.
    pub deadline: &'a str,
    /// The sender, whom to ask and where to send the file.
    pub contact: &'a Mailbox,
    /// `--all`: every respondent, the first invitation.
    pub all: bool,
}

/// Why a draft has no recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAddress {
    /// No submission that is not withdrawn, and none in the registry.
    Unknown,
    /// Submissions, but none still holds an address (erased), and none in
    /// the registry.
    NotKept,
    /// An address was found, but it is not one (a registry or stored
    /// value that changed meaning); never from values collect checked.
    Unusable,
}

impl NoAddress {
    /// The reason, in Swedish, as listed.
    pub fn reason(self) -> &'static str {
        match self {
            NoAddress::Unknown => "inga tidigare svar och ingen e-postadress i registret",
            NoAddress::NotKept => "ingen e-postadress kvar i tidigare svar och ingen i registret",
            NoAddress::Unusable => "e-postadressen i tidigare svar eller i registret är ogiltig",
        }
    }
}

/// One respondent to write to.
#[derive(Debug, Clone)]
pub struct Addressee<'a> {
    /// The respondent.
    pub respondent: &'a Respondent,
    /// Which letter.
    pub kind: MessageKind,
    /// Its last rejected attempt for the year, for the letter after a
    /// rejected file.
    pub rejected: Option<LoggedAttempt>,
    /// Where the draft goes, or why it goes nowhere.
    pub address: Result<Mailbox, NoAddress>,
}

/// Every respondent to write to, in report order: those without a current
/// submission for the year (with `--all`, every one), each with its
/// letter: after a rejected file when its last attempt for the year was
/// rejected, else the invitation (`--all`) or the reminder.
/// `from_submissions` holds, per respondent, the address of its newest
/// submission that holds one (as [`crate::store::Store::newest_form_answers`]).
pub fn addressees<'a>(
    round: &Round<'_>,
    listed: Vec<Current<'a, StoredSubmission>>,
    from_submissions: &HashMap<RespondentId, Option<String>>,
) -> Vec<Addressee<'a>> {
    listed
        .into_iter()
        .filter(|c| round.all || c.submission.is_none())
        .map(|c| Addressee {
            kind: if c.rejected.is_some() {
                MessageKind::Rejected
            } else if round.all {
                MessageKind::Invitation
            } else {
                MessageKind::Reminder
            },
            address: address(c.respondent, from_submissions),
            rejected: c.rejected,
            respondent: c.respondent,
        })
        .collect()
}

/// The address a respondent's draft goes to, under its registry name: its
/// newest submission's, else the registry's, whichever a message can carry.
fn address(
    respondent: &Respondent,
    from_submissions: &HashMap<RespondentId, Option<String>>,
) -> Result<Mailbox, NoAddress> {
    let stored = from_submissions.get(&respondent.id);
    let candidates: Vec<&String> = stored
        .and_then(Option::as_ref)
        .into_iter()
        .chain(&respondent.email)
        .collect();
    let name = shown(&respondent.name);
    match candidates
        .iter()
        .find_map(|address| Mailbox::new(Some(&name), address))
    {
        Some(mailbox) => Ok(mailbox),
        None if !candidates.is_empty() => Err(NoAddress::Unusable),
        None if stored.is_some() => Err(NoAddress::NotKept),
        None => Err(NoAddress::Unknown),
    }
}

/// The name of the form attached to a respondent's draft, for people:
/// `Lokalt nuläge digitalisering 2026 Öckerö.xlsx`.
pub fn attachment_name(round: &Round<'_>, respondent: &Respondent) -> String {
    crate::text::readable_file_name(
        &format!("{} {} {}", round.survey.title, round.year, respondent.name),
        "xlsx",
    )
}

/// A letter's subject and body, its placeholders filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The subject line.
    pub subject: String,
    /// The body.
    pub body: String,
}

/// The letter to one addressee, from the survey's texts; `None` when the
/// definition lacks them (checked before any draft is written).
pub fn letter(round: &Round<'_>, to: &Addressee<'_>, attachment: &str) -> Option<Letter> {
    let text = round.survey.messages.get(to.kind)?;
    let rejected = to.rejected.as_ref();
    let values: HashMap<&str, String> = [
        ("organisation", shown(&to.respondent.name)),
        ("id", to.respondent.id.to_string()),
        ("year", round.year.to_string()),
        ("deadline", round.deadline.to_string()),
        ("contact", round.contact.shown()),
        ("survey", shown(&round.survey.title)),
        ("attachment", attachment.to_string()),
        (
            "rejected_at",
            rejected.map_or_else(String::new, |a| crate::time::for_people(&a.at)),
        ),
        (
            "file",
            rejected.map_or_else(String::new, |a| shown(&a.file_name)),
        ),
        (
            "errors",
            rejected.map_or_else(String::new, |a| count(a.errors, "fel", "fel")),
        ),
        (
            "first_error",
            rejected.map_or_else(String::new, first_error),
        ),
    ]
    .into_iter()
    .filter(|(name, _)| to.kind.fills(name))
    .collect();
    let fill =
        |template: &str| crate::text::fill(template, |name| values.get(name).map(String::as_str));
    Some(Letter {
        subject: fill(text.subject.trim()),
        body: fill(text.body.trim_start_matches(['\r', '\n'])),
    })
}

/// The first error of a rejected attempt as the letter names it: where,
/// then the finding's code (`Uppgiftslämnare!C5 (email.invalid)`).
fn first_error(attempt: &LoggedAttempt) -> String {
    match attempt.first_errors.first() {
        Some(logged) => match logged.split_once(' ') {
            Some((code, place)) => shown(&format!("{place} ({code})")),
            None => shown(logged),
        },
        None => "–".to_string(),
    }
}

/// One draft's bytes: from the contact to the respondent (by its registry
/// name) where an address is known, the letter, and the form attached.
///
/// # Errors
/// A mailbox or media type a message cannot carry.
pub fn draft(
    round: &Round<'_>,
    to: &Addressee<'_>,
    letter: &Letter,
    form: Attachment<'_>,
) -> Result<Vec<u8>, DraftError> {
    let now = chrono::Utc::now();
    let message_id = format!(
        "remind.{}.{}.{}@collect.invalid",
        round.year,
        crate::text::slug(to.respondent.id.as_str()),
        now.format("%Y%m%d%H%M%S")
    );
    Draft {
        from: round.contact,
        to: to.address.as_ref().ok(),
        subject: &letter.subject,
        body: &letter.body,
        attachment: form,
        message_id: &message_id,
        date: now.timestamp(),
    }
    .to_bytes()
}

/// One line of the list of drafts.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The respondent's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The recipient, or empty.
    pub email: String,
    /// Why there is no recipient, or empty.
    pub no_email_reason: String,
    /// The draft's file name in the folder.
    pub draft: String,
    /// The attached form's file name.
    pub attachment: String,
    /// Which letter.
    pub kind: MessageKind,
}

impl Listed {
    /// The line of an addressee whose draft and attachment have these names.
    pub fn new(to: &Addressee<'_>, draft: String, attachment: String) -> Self {
        Listed {
            id: to.respondent.id.to_string(),
            name: to.respondent.name.clone(),
            email: to
                .address
                .as_ref()
                .map_or_else(|_| String::new(), |m| m.address.clone()),
            no_email_reason: to
                .address
                .as_ref()
                .err()
                .map_or_else(String::new, |r| r.reason().to_string()),
            draft,
            attachment,
            kind: to.kind,
        }
    }

    fn fields(&self) -> [&str; 6] {
        [
            &self.id,
            &self.name,
            &self.email,
            &self.no_email_reason,
            &self.draft,
            &self.attachment,
        ]
    }
}

/// `utskick.csv`: [`LIST_HEADER`], one line per draft.
pub fn list_csv(list: &[Listed]) -> Vec<u8> {
    let mut out = crate::csv_out::CsvOut::default();
    out.record(LIST_HEADER);
    for line in list {
        out.record(line.fields());
    }
    out.into_bytes()
}

/// The list's columns for people, with the letter last.
const LIST_COLUMNS: [&str; 7] = [
    "Id",
    "Organisation",
    "E-post",
    "Varför e-post saknas",
    "Utkast",
    "Bilaga",
    "Brev",
];

/// `utskick.xlsx`: the same list for people, every cell text, the header
/// bold and frozen, with a filter, and columns as wide as their text.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn list_xlsx(list: &[Listed]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Utskick")?;
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = LIST_COLUMNS.iter().map(|h| h.chars().count()).collect();
    for (col, header) in (0u16..).zip(LIST_COLUMNS) {
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    for (row, line) in (1u32..).zip(list) {
        let cells = line.fields().into_iter().chain([line.kind.label()]);
        for ((col, text), width) in (0u16..).zip(cells).zip(widths.iter_mut()) {
            sheet.write_string(row, col, text)?;
            *width = (*width).max(text.chars().count());
        }
    }
    for (col, width) in (0u16..).zip(widths) {
        sheet.set_column_width(col, crate::convert::count_to_f64(width.clamp(6, 70) + 2))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(list.len()).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row, 6)?;
    workbook.save_to_buffer()
}
