//! E-mail drafts: RFC 5322 messages with MIME, UTF-8 throughout, built by
//! `mail-builder` (subject and names as RFC 2047 encoded words, the
//! attachment's file name as an RFC 2231 parameter, the text as quoted
//! printable or base64), marked `X-Unsent: 1` so that mail programs open
//! them as messages to send. Nothing is sent. An address with letters
//! beyond ASCII is written as it is (RFC 6532), as mail programs do.

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;

use crate::value::is_email;

/// The media type of an xlsx workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A sender or recipient: an address, with a name where one is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The name shown, such as `SSVIT-enkäten`.
    pub name: Option<String>,
    /// The address as given, `local@domain.tld`.
    pub address: String,
}

impl Mailbox {
    /// A mailbox, when `address` is an e-mail address and `name` holds no
    /// control character or angle bracket.
    pub fn new(name: Option<&str>, address: &str) -> Option<Self> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let bad_name = name.is_some_and(|n| n.chars().any(|c| c.is_control() || "<>".contains(c)));
        let address = address.trim();
        (!bad_name && is_email(address)).then(|| Mailbox {
            name: name.map(str::to_string),
            address: address.to_string(),
        })
    }

    /// A mailbox as people write it: `enkat@vastkom.se`, `SSVIT-enkäten
    /// <enkat@vastkom.se>` or `"Enkät, SSVIT" <enkat@vastkom.se>`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text.strip_suffix('>').and_then(|t| t.rsplit_once('<')) {
            Some((name, address)) => {
                let name = name.trim();
                let name = name
                    .strip_prefix('"')
                    .and_then(|n| n.strip_suffix('"'))
                    .unwrap_or(name);
                Mailbox::new(Some(name), address)
            }
            None => Mailbox::new(None, text),
        }
    }

    /// The mailbox as people read it: `Name <address>`, or the address.
    pub fn shown(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} <{}>", self.address),
            None => self.address.clone(),
        }
    }

    fn header(&self) -> Address<'_> {
        Address::new_address(self.name.as_deref(), self.address.as_str())
    }
}

/// A file attached to a draft.
#[derive(Debug, Clone, Copy)]
pub struct Attachment<'a> {
    /// The file name the recipient sees and saves.
    pub name: &'a str,
    /// Its media type, such as [`XLSX`].
    pub media_type: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// One e-mail draft.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    /// The sender.
    pub from: &'a Mailbox,
    /// The recipient, where one is known; else the draft has no `To`.
    pub to: Option<&'a Mailbox>,
    /// The subject line.
    pub subject: &'a str,
    /// The plain-text body, lines ending in `\n`.
    pub body: &'a str,
    /// The attached file.
    pub attachment: Attachment<'a>,
    /// The `Message-ID`, without angle brackets.
    pub message_id: &'a str,
    /// The `Date`, in seconds since 1970.
    pub date: i64,
}

/// A draft that could not be written out.
#[derive(Debug, thiserror::Error)]
#[error("e-postutkastet kunde inte skapas: {0}")]
pub struct DraftError(#[from] std::io::Error);

impl Draft<'_> {
    /// The message's bytes: headers, a plain-text part and the attachment.
    ///
    /// # Errors
    /// None in practice: the message is written into memory.
    pub fn to_bytes(&self) -> Result<Vec<u8>, DraftError> {
        let body = self.body.replace("\r\n", "\n").replace('\n', "\r\n");
        let mut message = MessageBuilder::new()
            .from(self.from.header())
            .subject(self.subject)
            .date(self.date)
            .message_id(self.message_id)
            .header("X-Unsent", Raw::new("1"))
            .text_body(body)
            .attachment(
                self.attachment.media_type,
                self.attachment.name,
                self.attachment.bytes,
            );
        if let Some(to) = self.to {
            message = message.to(to.header());
        }
        Ok(message.write_to_vec()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailboxes_are_read_as_people_write_them() {
        let plain = Mailbox::parse(" enkat@vastkom.example ").unwrap();
        assert_eq!(plain.name, None);
        assert_eq!(plain.shown(), "enkat@vastkom.example");
        let named = Mailbox::parse("Åsa Öberg <asa@vastkom.example>").unwrap();
        assert_eq!(named.name.as_deref(), Some("Åsa Öberg"));
        assert_eq!(named.address, "asa@vastkom.example");
        assert_eq!(named.shown(), "Åsa Öberg <asa@vastkom.example>");
        let quoted = Mailbox::parse("\"Enkät, SSVIT\" <enkat@vastkom.example>").unwrap();
        assert_eq!(quoted.name.as_deref(), Some("Enkät, SSVIT"));
        for bad in [
            "enkat",
            "Åsa <asa>",
            "Å\nsa <asa@vastkom.example>",
            "<asa@vastkom.example",
            "a <b> <asa@vastkom.example>",
        ] {
            assert_eq!(Mailbox::parse(bad), None, "{bad}");
        }
    }

    fn draft_text(to: Option<&Mailbox>) -> String {
        let from = Mailbox::parse("Åsa Öberg <asa@vastkom.example>").unwrap();
        let draft = Draft {
            from: &from,
            to,
            subject: "Påminnelse: enkäten",
            body: "Hej!\n\nSista dag är 2026-12-15.\n",
            attachment: Attachment {
                name: "Enkät Öckerö.xlsx",
                media_type: XLSX,
                bytes: b"PK\x03\x04\xff",
            },
            message_id: "remind.1407@collect.invalid",
            date: 0,
        };
        String::from_utf8(draft.to_bytes().unwrap()).unwrap()
    }

    #[test]
    fn a_draft_encodes_swedish_headers_and_names_its_attachment() {
        let to = Mailbox::new(Some("Öckerö"), "info@ockero.example").unwrap();
        let text = draft_text(Some(&to));
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("\r\nX-Unsent: 1\r\n"), "{text}");
        assert!(text.contains("Message-ID: <remind.1407@collect.invalid>\r\n"));
        assert!(text.contains("Subject: =?utf-8?"), "{text}");
        assert!(
            text.contains("To: =?utf-8?B?w5Zja2Vyw7Y=?= <info@ockero.example>"),
            "{text}"
        );
        assert!(
            text.contains("filename*=UTF-8''Enk%C3%A4t%20%C3%96cker%C3%B6.xlsx"),
            "{text}"
        );
        assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
        let text = draft_text(None);
        assert!(!text.contains("\r\nTo:"), "{text}");
    }
}
