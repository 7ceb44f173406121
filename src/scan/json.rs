//! The record as JSON: [`ScanResult`] exactly as serde writes it, compact.
//! The JSON report and the history store both write it through here.
//!
//! The long arrays (systems, findings, probes) are rendered in parallel,
//! a batch of chunks at a time, so a record of 100,000 systems is written
//! on every core without holding all of its text in memory. The bytes are
//! those of `serde_json::to_writer(scan)`; a test holds them to it.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::ScanResult;

/// Items per chunk rendered by one task: large enough that a task's
/// overhead vanishes, small enough that a batch stays small. (2,048 made
/// writing the record the memory peak of a 10,000-endpoint HTTPS scan,
/// 1.2 MiB above probing's; 512 cost the 100,000-system record 3%.)
const CHUNK_ITEMS: usize = 1024;

/// `scan` as compact JSON, without a trailing newline.
pub fn write_record(scan: &ScanResult, out: &mut impl Write) -> io::Result<()> {
    write_record_in_chunks(scan, out, CHUNK_ITEMS)
}

fn write_record_in_chunks(
    scan: &ScanResult,
    out: &mut impl Write,
    chunk_items: usize,
) -> io::Result<()> {
    // Destructured so that a field added to `ScanResult` fails to compile
    // here until it is written too, in the struct's order.
    let ScanResult {
        schema_version,
        tool_version,
        started_at,
        as_of,
        mode,
        scope,
        organisation,
        inputs,
        timings,
        totals,
        targets,
        agencies,
        rules,
        systems,
        findings,
        waivers,
        probes,
        mail,
        changes,
    } = scan;
    out.write_all(b"{")?;
    let mut record = Fields { out, first: true };
    record.value("schema_version", schema_version)?;
    record.value("tool_version", tool_version)?;
    record.value("started_at", &Rfc3339(started_at))?;
    record.value("as_of", as_of)?;
    record.value("mode", mode)?;
    record.value("scope", scope)?;
    if !organisation.is_empty() {
        record.value("organisation", organisation)?;
    }
    record.value("inputs", inputs)?;
    record.value("timings", timings)?;
    record.value("totals", totals)?;
    record.value("targets", targets)?;
    record.value("agencies", agencies)?;
    record.value("rules", rules)?;
    record.array("systems", systems, chunk_items)?;
    record.array("findings", findings, chunk_items)?;
    record.value("waivers", waivers)?;
    record.array("probes", probes, chunk_items)?;
    record.value("mail", mail)?;
    if let Some(changes) = changes {
        record.value("changes", changes)?;
    }
    record.out.write_all(b"}")
}

/// A time as the record's `started_at` attribute writes it: fields
/// written one by one here do not pass through the struct's attributes.
struct Rfc3339<'a>(&'a time::OffsetDateTime);

impl Serialize for Rfc3339<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::serialize(self.0, serializer)
    }
}

/// The members of one JSON object, written in order.
struct Fields<'w, W: Write> {
    out: &'w mut W,
    first: bool,
}

impl<W: Write> Fields<'_, W> {
    fn key(&mut self, name: &str) -> io::Result<()> {
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.first = false;
        // Field names are plain identifiers: nothing to escape.
        write!(self.out, "\"{name}\":")
    }

    fn value(&mut self, name: &str, value: &impl Serialize) -> io::Result<()> {
        self.key(name)?;
        serde_json::to_writer(&mut *self.out, value).map_err(io::Error::from)
    }

    /// An array whose items are rendered in parallel, one batch of chunks
    /// (one chunk per thread) in memory at a time.
    fn array<T: Serialize + Sync>(
        &mut self,
        name: &str,
        items: &[T],
        chunk_items: usize,
    ) -> io::Result<()> {
        self.key(name)?;
        self.out.write_all(b"[")?;
        let batch_items = chunk_items * rayon::current_num_threads();
        for (batch_index, batch) in items.chunks(batch_items).enumerate() {
            let rendered: Vec<Vec<u8>> = batch
                .par_chunks(chunk_items)
                .map(render_items)
                .collect::<Result<_, _>>()?;
            for (chunk_index, text) in rendered.iter().enumerate() {
                if batch_index + chunk_index > 0 {
                    self.out.write_all(b",")?;
                }
                self.out.write_all(text)?;
            }
        }
        self.out.write_all(b"]")
    }
}

/// Items as JSON, separated by commas, without brackets.
fn render_items<T: Serialize>(items: &[T]) -> io::Result<Vec<u8>> {
    let mut text = Vec::with_capacity(items.len() * 256);
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            text.push(b',');
        }
        serde_json::to_writer(&mut text, item)?;
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::hostile_scan;
    use crate::scan::Changes;

    /// The parallel writer gives serde's bytes, whatever the chunk size
    /// against the lengths of the arrays (empty, one chunk, several
    /// batches, a short last chunk).
    #[test]
    fn parallel_record_is_byte_for_byte_what_serde_writes() {
        let mut scan = hostile_scan();
        for variant in 0..3 {
            match variant {
                0 => {}
                1 => {
                    // Long arrays: many chunks and batches.
                    let findings = scan.findings.clone();
                    for _ in 0..40 {
                        scan.findings.extend(findings.iter().cloned());
                    }
                    let systems = scan.systems.clone();
                    for _ in 0..25 {
                        scan.systems.extend(systems.iter().cloned());
                    }
                    scan.changes = Some(Changes {
                        new_failing: 3,
                        fixed: 1,
                        rules_changed: vec!["CLOUD-001".into()],
                        policy_changed: Some(true),
                        ..Changes::since(7, scan.as_of)
                    });
                }
                _ => {
                    scan.findings.clear();
                    scan.systems.clear();
                    scan.probes.clear();
                }
            }
            let expected = serde_json::to_vec(&scan).unwrap();
            for chunk_items in [1, 2, 3, 7, 1000] {
                let mut written = Vec::new();
                write_record_in_chunks(&scan, &mut written, chunk_items).unwrap();
                assert!(
                    written == expected,
                    "variant {variant}, chunks of {chunk_items}: {}",
                    String::from_utf8_lossy(&written)
                );
            }
        }
    }
}
