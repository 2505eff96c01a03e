//! Any bytes: decode, parse, and run every static rule. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    execplan::fuzzing::parse_and_check(data);
});
