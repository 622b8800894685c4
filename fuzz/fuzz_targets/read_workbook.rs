//! Any bytes read as each workbook format: a finding or a submission,
//! never a panic, a hang or an allocation beyond the limits.
#![no_main]

use collect::{limits::Limits, read, survey::Survey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let survey = Survey::builtin();
    for name in ["fuzz.xlsx", "fuzz.ods", "fuzz.xls"] {
        let _ = read::read(name, data, &survey, &Limits::default());
    }
});
