//! A respondent's registry id, normalised once when it is made (trimmed,
//! upper-case), so that ids from the registry, a submission, the database
//! and the command line compare, hash and print alike without anyone
//! upper-casing them by hand.

use std::fmt;

/// A registry id (SCB kommunkod or a short code such as `GR`), trimmed and
/// upper-case. Serialised as the plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(from = "String")]
pub struct RespondentId(String);

impl RespondentId {
    /// The id `text` names, trimmed and upper-cased.
    pub fn new(text: &str) -> Self {
        RespondentId(text.trim().to_uppercase())
    }

    /// The normalised id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for RespondentId {
    fn from(text: String) -> Self {
        RespondentId::new(&text)
    }
}

/// Read-only access to the normalised text, so that an id goes wherever a
/// `&str` is asked for.
impl std::ops::Deref for RespondentId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<&str> for RespondentId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Honours width and alignment (`{:<14}`), as the status table needs.
impl fmt::Display for RespondentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl serde::Serialize for RespondentId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::RespondentId;

    #[test]
    fn ids_are_trimmed_and_upper_case_and_print_padded() {
        let id = RespondentId::new(" gr ");
        assert_eq!(id, "GR");
        assert_eq!(id, RespondentId::from("Gr".to_string()));
        assert_eq!(format!("[{id:<4}]"), "[GR  ]");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"GR\"");
        let back: RespondentId = serde_json::from_str("\"vastkom\"").unwrap();
        assert_eq!(back.as_str(), "VASTKOM");
    }
}
