//! Any bytes read as a long CSV: a finding or a submission, never a panic.
#![no_main]

use collect::{limits::Limits, read, survey::Survey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let survey = Survey::builtin();
    let _ = read::read("fuzz.csv", data, &survey, &Limits::default());
});
