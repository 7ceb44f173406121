//! Telling people: the scan's reports sent by mail ([`mail`]), the
//! organisation's and each agency's own, in one session ([`agencies`]).

pub mod agencies;
pub mod mail;
