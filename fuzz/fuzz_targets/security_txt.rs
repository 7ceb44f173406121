#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| cloudcensus::fuzzing::security_txt(data));
