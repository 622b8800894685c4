//! Times, in one place (CLI.md, "Time"): stored and written for scripts
//! (CSV, JSON) as RFC 3339 with the local offset in whole seconds, shown to
//! people as `2026-12-02 12:51` in local time. Local time is the `TZ`
//! environment variable's zone (a zone name or a POSIX rule such as
//! `CET-1CEST,M3.5.0,M10.5.0/3`), else the system's, else UTC.

use chrono::{DateTime, FixedOffset, Local, SecondsFormat};

/// Now, as RFC 3339 with the local offset.
pub fn now() -> String {
    Local::now().to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// An RFC 3339 time as people read it: `2026-12-02 12:51` in local time.
/// Text that is not such a time is shown as it is.
pub fn for_people(rfc3339: &str) -> String {
    parse(rfc3339).map_or_else(
        || rfc3339.to_string(),
        |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
    )
}

/// An RFC 3339 time in the local offset, as scripts read it.
pub fn for_scripts(rfc3339: &str) -> String {
    parse(rfc3339).map_or_else(
        || rfc3339.to_string(),
        |t| {
            t.with_timezone(&Local)
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        },
    )
}

/// Whether the instant `a` comes after `b` (both RFC 3339); a time that
/// cannot be read is not later.
pub fn later(a: &str, b: &str) -> bool {
    matches!((parse(a), parse(b)), (Some(a), Some(b)) if a > b)
}

fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_compare_across_offsets() {
        assert!(later("2026-12-02T12:00:01+01:00", "2026-12-02T11:00:00Z"));
        assert!(!later("2026-12-02T12:00:00+01:00", "2026-12-02T11:00:00Z"));
        assert!(!later("inte en tid", "2026-12-02T11:00:00Z"));
        assert_eq!(for_people("inte en tid"), "inte en tid");
        assert!(now().len() >= 20);
    }
}
