//! Two lists of item texts: the matcher never pairs an old item twice and
//! pairs equal keys.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    execplan::fuzzing::item_matcher(data);
});
