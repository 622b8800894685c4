//! I/O errors in Swedish, in one place: what went wrong with a path and
//! what to do about it, naming the path once. The operating system's own
//! English text and any temporary file's name stay out of it.

use std::io::{Error, ErrorKind};

/// What an I/O error on `path` means and what to do, as one sentence pair:
/// `rapport.xlsx: mappen finns inte. Kontrollera sökvägen.`
pub fn describe(path: &str, error: &Error) -> String {
    let (what, advice) = meaning(error);
    format!("{}: {what}. {advice}", crate::text::shown(path))
}

/// The meaning of an error and the advice, by its kind; raw OS codes where
/// the standard library has no stable kind for them (Linux and Windows
/// numbers).
fn meaning(error: &Error) -> (&'static str, &'static str) {
    match error.kind() {
        ErrorKind::NotFound => (
            "filen eller mappen finns inte",
            "Kontrollera sökvägen och att mappen finns.",
        ),
        ErrorKind::PermissionDenied => (
            "åtkomst nekas",
            "Kontrollera att du har behörighet till filen och mappen.",
        ),
        ErrorKind::IsADirectory => (
            "är en mapp, men en fil behövs här",
            "Ange en fil i mappen i stället.",
        ),
        ErrorKind::NotADirectory => (
            "en del av sökvägen är en fil, inte en mapp",
            "Kontrollera sökvägen.",
        ),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => (
            "disken är full",
            "Frigör utrymme eller välj en annan plats och försök igen; inget halvfärdigt har sparats.",
        ),
        ErrorKind::ReadOnlyFilesystem => {
            ("filsystemet är skrivskyddat", "Spara på en annan plats.")
        }
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => locked(),
        ErrorKind::InvalidFilename => (
            "namnet är för långt eller innehåller tecken som inte är tillåtna",
            "Välj ett kortare namn.",
        ),
        ErrorKind::AlreadyExists => ("finns redan", "Välj ett annat namn."),
        ErrorKind::InvalidData => (
            "innehållet kan inte läsas som text",
            "Spara filen som UTF-8 och försök igen.",
        ),
        _ => by_os_code(error),
    }
}

/// Errors without a stable kind: Windows' sharing and lock violations
/// (32, 33) are a file open in another program.
fn by_os_code(error: &Error) -> (&'static str, &'static str) {
    match error.raw_os_error() {
        Some(32 | 33) if cfg!(windows) => locked(),
        _ => (
            "kunde inte läsas eller skrivas",
            "Kontrollera filen och mappen och försök igen.",
        ),
    }
}

fn locked() -> (&'static str, &'static str) {
    (
        "filen är låst av ett annat program",
        "Stäng den (till exempel i Excel) och försök igen.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_swedish_and_names_the_path_once() {
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::PermissionDenied,
            ErrorKind::IsADirectory,
            ErrorKind::NotADirectory,
            ErrorKind::StorageFull,
            ErrorKind::ReadOnlyFilesystem,
            ErrorKind::ResourceBusy,
            ErrorKind::InvalidFilename,
            ErrorKind::Other,
        ] {
            let text = describe("ut/r.xlsx", &Error::new(kind, "English words"));
            assert_eq!(text.matches("ut/r.xlsx").count(), 1, "{text}");
            assert!(!text.contains("English"), "{text}");
            assert!(text.ends_with('.'), "{text}");
        }
        let full = describe("r.xlsx", &Error::from(ErrorKind::StorageFull));
        assert_eq!(
            full,
            "r.xlsx: disken är full. Frigör utrymme eller välj en annan plats och försök igen; \
             inget halvfärdigt har sparats."
        );
        let busy = describe("r.xlsx", &Error::from(ErrorKind::ResourceBusy));
        assert!(busy.contains("låst av ett annat program"), "{busy}");
        let ro = describe("r.xlsx", &Error::from(ErrorKind::ReadOnlyFilesystem));
        assert!(ro.contains("skrivskyddat"), "{ro}");
    }
}
