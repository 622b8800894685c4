//! Any bytes read as a long CSV: a finding or a submission, never a panic.
#![no_main]

use std::sync::OnceLock;

use collect::{limits::Limits, read, survey::Survey};
use libfuzzer_sys::fuzz_target;

static SURVEY: OnceLock<Survey> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let survey = SURVEY.get_or_init(Survey::builtin);
    let _ = read::read("fuzz.csv", data, survey, &Limits::default());
});
