//! Any text: when the line scanner answers, its digest equals the parser's.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    execplan::fuzzing::scan_agrees(data);
});
