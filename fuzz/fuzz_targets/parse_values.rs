//! Any text through the value parsers: a value or a refusal, never a panic.
#![no_main]

use collect::value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = value::parse_number(text);
    let _ = value::parse_amount(text);
    let _ = value::parse_iso_date(text);
    let _ = value::parse_iso_datetime(text);
    let _ = value::is_email(text);
    let _ = value::is_http_url(text);
});
