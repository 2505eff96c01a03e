//! Any text plus fill facts derived from the input: fill twice == fill once.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    execplan::fuzzing::fill_twice(data);
});
