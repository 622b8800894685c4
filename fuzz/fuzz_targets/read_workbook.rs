//! Any bytes read as each workbook format: a finding or a submission,
//! never a panic, a hang or an allocation beyond the limits.
#![no_main]

use std::sync::{Once, OnceLock};

use collect::{limits::Limits, read, survey::Survey};
use libfuzzer_sys::fuzz_target;

static SURVEY: OnceLock<Survey> = OnceLock::new();
static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // collect catches calamine's panics and reports a corrupt file; only a
    // panic that escapes (caught by libfuzzer-sys) is a crash.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let survey = SURVEY.get_or_init(Survey::builtin);
    for name in ["fuzz.xlsx", "fuzz.ods", "fuzz.xls"] {
        let _ = read::read(name, data, survey, &Limits::default());
    }
});
