//! Telling people: the scan's reports sent by mail ([`mail`]).

pub mod mail;
