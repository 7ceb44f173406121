//! Where a scan's reports go: the files named by `--output` and stdout.
//! The plan is made from the command line once; the files are opened
//! before any work is done, so a bad path fails the run before it probes
//! (as hyperfine's export manager does), and written when the record is
//! complete.
//!
//! Each report is written to a temporary file beside its destination
//! (`.NAME.PID.tmp`) and renamed over it only once it is whole, so a run
//! that fails, early or late, leaves last night's file as it was, never
//! empty or half-written. A temporary file of a failed run is removed.
//! (The `tempfile` crate would do the same but creates its files with mode
//! 0600; a report is read by others, so these are created as `File::create`
//! would, under the user's umask.)

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{Labels, ReportFormat, ReportOptions, reporter};
use crate::diagnostics::Message;
use crate::scan::ScanResult;

/// Which reports a scan writes, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputPlan {
    /// Report files, in the order given.
    pub files: Vec<(ReportFormat, PathBuf)>,
    /// Reports written to stdout, in order.
    pub stdout: Vec<ReportFormat>,
    /// Every report went to a file: stdout carries the short summary and
    /// where the reports went.
    pub summary_on_stdout: bool,
}

impl OutputPlan {
    /// Whether what stdout carries is read by a person (the tables or the
    /// summary): the run's status lines (mails sent, files written) join
    /// it then; beside a report for a program (JSON, CSV, a workbook...)
    /// they go to stderr, so that the report stays whole.
    pub fn stdout_for_people(&self) -> bool {
        self.stdout
            .iter()
            .all(|format| matches!(format, ReportFormat::Table | ReportFormat::Summary))
    }

    /// `requested`: each `--output` as (format if given, path; `-` is
    /// stdout). `format`: `--format`, which also applies to files whose
    /// extension names no format (see [`file_format`]). `stdout_default`:
    /// what stdout gets without `--format` (the tables on a terminal, the
    /// summary for cron). A file whose format cannot be told is refused
    /// here, before any work.
    pub fn new(
        requested: &[(Option<ReportFormat>, PathBuf)],
        format: Option<ReportFormat>,
        stdout_default: ReportFormat,
    ) -> Result<Self, UnknownFormat> {
        let stdout_format = format.unwrap_or(stdout_default);
        let mut plan = OutputPlan::default();
        for (given, path) in requested {
            if path.as_os_str() == "-" {
                plan.stdout.push(given.unwrap_or(stdout_format));
            } else {
                plan.files
                    .push((file_format(*given, path, format)?, path.clone()));
            }
        }
        plan.summary_on_stdout = plan.stdout.is_empty() && !plan.files.is_empty();
        if requested.is_empty() {
            plan.stdout.push(stdout_format);
        }
        Ok(plan)
    }
}

/// The file extensions a report's format is taken from, as `--output
/// report.html` names it (compared without regard to case).
pub const EXTENSIONS: [(&str, ReportFormat); 11] = [
    ("html", ReportFormat::Html),
    ("htm", ReportFormat::Html),
    ("json", ReportFormat::Json),
    ("csv", ReportFormat::Csv),
    ("md", ReportFormat::Markdown),
    ("markdown", ReportFormat::Markdown),
    ("sarif", ReportFormat::Sarif),
    ("xml", ReportFormat::Junit),
    ("txt", ReportFormat::Table),
    // The node_exporter textfile collector reads `*.prom`.
    ("prom", ReportFormat::OpenMetrics),
    ("xlsx", ReportFormat::Xlsx),
];

/// The format a file's extension names: `.sarif.json` is SARIF (as the
/// SARIF tools name their files), other names by their last extension.
pub fn format_of_extension(path: &Path) -> Option<ReportFormat> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".sarif.json") {
        return Some(ReportFormat::Sarif);
    }
    let extension = Path::new(&name).extension()?.to_str()?;
    EXTENSIONS
        .iter()
        .find(|(known, _)| *known == extension)
        .map(|(_, format)| *format)
}

/// A report file's format: `FORMAT=` given with it, else the one its
/// extension names, else `--format`. `--format` also chooses among the
/// formats one extension fits: `--format csv-agencies` for `a.csv` (the
/// agencies' CSV, not the findings'), `--format summary` for `a.txt`.
pub fn file_format(
    given: Option<ReportFormat>,
    path: &Path,
    format: Option<ReportFormat>,
) -> Result<ReportFormat, UnknownFormat> {
    if let Some(given) = given {
        return Ok(given);
    }
    match (format_of_extension(path), format) {
        (Some(named), Some(format)) if fits(format, named) => Ok(format),
        (Some(named), _) => Ok(named),
        (None, Some(format)) => Ok(format),
        (None, None) => Err(UnknownFormat {
            path: path.to_path_buf(),
        }),
    }
}

/// Whether a file whose extension names `named` may hold `format`.
fn fits(format: ReportFormat, named: ReportFormat) -> bool {
    format == named
        || matches!(
            (format, named),
            (ReportFormat::CsvAgencies, ReportFormat::Csv)
                | (ReportFormat::Summary, ReportFormat::Table)
        )
}

/// A report file whose extension names no format, with no `FORMAT=` or
/// `--format` to say one: bad usage, refused before any work.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot tell the format of the report {} from its name: end it in {} \
     (.xml is JUnit, .txt the tables), or write FORMAT=FILE, e.g. json={}",
    path.display(),
    known_extensions(),
    path.display()
)]
pub struct UnknownFormat {
    pub path: PathBuf,
}

/// ".html, .htm, .json, …": the extensions [`file_format`] knows.
fn known_extensions() -> String {
    let names: Vec<String> = EXTENSIONS.iter().map(|(e, _)| format!(".{e}")).collect();
    names.join(", ")
}

/// A binary report (the workbook) asked for on stdout while stdout is a
/// terminal: bad usage, refused before any work, as the bytes would
/// garble the terminal. To a pipe or a redirected stdout it is written.
#[derive(Debug, thiserror::Error)]
#[error(
    "the {format} report is a binary file and stdout is a terminal: write it \
     to a file with --output report.{format}, or redirect stdout to a file or a pipe"
)]
pub struct BinaryOnTerminal {
    /// The format's name as `--format` takes it, which is also its extension.
    pub format: String,
}

impl BinaryOnTerminal {
    /// The sentence a user reads, in any language; `Display` is its English.
    pub fn message(&self) -> Message {
        Message::new("err-output-binary-terminal").arg("format", self.format.clone())
    }
}

/// Refuses `formats` bound for stdout when one is binary and stdout is a
/// terminal.
pub fn refuse_binary_on_terminal(
    formats: impl IntoIterator<Item = ReportFormat>,
) -> Result<(), BinaryOnTerminal> {
    match formats.into_iter().find(|format| format.is_binary()) {
        Some(format) => refuse_on_terminal(
            &format
                .to_possible_value()
                .map(|value| value.get_name().to_string())
                .unwrap_or_default(),
        ),
        None => Ok(()),
    }
}

/// Refuses the binary format `name` (`xlsx`) bound for stdout when stdout
/// is a terminal.
pub fn refuse_on_terminal(name: &str) -> Result<(), BinaryOnTerminal> {
    if io::stdout().is_terminal() {
        Err(BinaryOnTerminal {
            format: name.to_string(),
        })
    } else {
        Ok(())
    }
}

/// A report file that could not be created or written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the report to {}: {source}", path.display())]
pub struct OutputError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl UnknownFormat {
    /// The sentence a user reads, in any language; `Display` is its English.
    pub fn message(&self) -> Message {
        Message::new("err-output-unknown-format")
            .path("path", &self.path)
            .arg("extensions", known_extensions())
    }
}

/// The reasons [`PendingFile::create`] gives itself, before the system is asked.
const IS_A_FOLDER: &str = "it is a folder";
const NO_FILE_NAME: &str = "the path names no file";

impl OutputError {
    /// The sentence a user reads, in any language; `Display` is its English.
    /// The system's reason stays as the system words it; ours is translated.
    pub fn message(&self) -> Message {
        let reason = match self.source.to_string() {
            text if self.source.raw_os_error().is_some() => Message::verbatim(text),
            text if text == IS_A_FOLDER => Message::new("err-output-is-folder"),
            text if text == NO_FILE_NAME => Message::new("err-output-no-file-name"),
            text => Message::verbatim(text),
        };
        Message::new("err-output-write")
            .path("path", &self.path)
            .arg("reason", reason)
    }
}

/// An output error, or a failed write to stdout (a closed pipe among them).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    File(#[from] OutputError),
    #[error(transparent)]
    Stdout(#[from] io::Error),
}

/// A report file being written: a temporary file beside the destination,
/// renamed over it by [`PendingFile::finish`], removed if dropped before
/// (a destination that is not a file, such as /dev/null, is written
/// directly). `scan --output` and `report --output` both write through it.
pub(crate) struct PendingFile {
    path: PathBuf,
    /// `None` when the destination itself is written.
    temporary: Option<PathBuf>,
    writer: BufWriter<File>,
    finished: bool,
}

impl PendingFile {
    pub(crate) fn create(path: &Path) -> Result<Self, OutputError> {
        let failed = |source| OutputError {
            path: path.to_path_buf(),
            source,
        };
        if path.is_dir() {
            return Err(failed(io::Error::new(
                io::ErrorKind::IsADirectory,
                IS_A_FOLDER,
            )));
        }
        // Something that is not a file (`/dev/null`, a FIFO, a terminal)
        // is written as it is: renaming a temporary file over it would
        // put a plain file in its place, and `--output /dev/null` run as
        // root would replace the system's /dev/null.
        if fs::metadata(path).is_ok_and(|meta| !meta.file_type().is_file()) {
            let file = OpenOptions::new().write(true).open(path).map_err(failed)?;
            return Ok(PendingFile {
                path: path.to_path_buf(),
                temporary: None,
                writer: BufWriter::new(file),
                finished: false,
            });
        }
        let name = path
            .file_name()
            .ok_or_else(|| failed(io::Error::new(io::ErrorKind::InvalidInput, NO_FILE_NAME)))?;
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{}.tmp", std::process::id()));
        let temporary = path.with_file_name(temporary_name);
        let file = File::create(&temporary).map_err(failed)?;
        Ok(PendingFile {
            path: path.to_path_buf(),
            temporary: Some(temporary),
            writer: BufWriter::new(file),
            finished: false,
        })
    }

    /// Where the report goes while it is written.
    pub(crate) fn writer(&mut self) -> &mut BufWriter<File> {
        &mut self.writer
    }

    /// Flushes the report to disk and puts it in place.
    pub(crate) fn finish(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        if let Some(temporary) = &self.temporary {
            self.writer.get_ref().sync_all()?;
            fs::rename(temporary, &self.path)?;
        }
        self.finished = true;
        Ok(())
    }
}

/// Writes one report to `path` with `render`, as `scan --output` does:
/// the old file stays until the new one is whole.
pub(crate) fn write_file(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let mut file = PendingFile::create(path)?;
    render(file.writer())
        .and_then(|()| file.finish())
        .map_err(|source| OutputError {
            path: path.to_path_buf(),
            source,
        })
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.finished {
            // Nothing to report if it is already gone.
            if let Some(temporary) = &self.temporary {
                let _ = fs::remove_file(temporary);
            }
        }
    }
}

/// The plan with its files open.
pub struct Outputs {
    files: Vec<(ReportFormat, PendingFile)>,
    stdout: Vec<ReportFormat>,
    summary_on_stdout: bool,
}

impl Outputs {
    /// Creates a temporary file for every file of the plan; the files
    /// named stay as they are until their report is complete.
    pub fn open(plan: &OutputPlan) -> Result<Self, OutputError> {
        let mut files = Vec::with_capacity(plan.files.len());
        for (format, path) in &plan.files {
            files.push((*format, PendingFile::create(path)?));
        }
        Ok(Outputs {
            files,
            stdout: plan.stdout.clone(),
            summary_on_stdout: plan.summary_on_stdout,
        })
    }

    /// Writes every file, then stdout when `to_stdout`.
    pub fn write(
        &mut self,
        result: &ScanResult,
        options: &ReportOptions,
        to_stdout: bool,
    ) -> Result<(), WriteError> {
        // Colour is for the terminal only.
        let file_options = options.for_file();
        for (format, file) in &mut self.files {
            reporter(*format, &file_options)
                .render(result, &mut file.writer)
                .and_then(|()| file.finish())
                .map_err(|source| OutputError {
                    path: file.path.clone(),
                    source,
                })?;
        }
        if !to_stdout {
            return Ok(());
        }
        let mut stdout = BufWriter::new(io::stdout().lock());
        for format in &self.stdout {
            reporter(*format, options).render(result, &mut stdout)?;
        }
        if self.summary_on_stdout {
            reporter(ReportFormat::Summary, options).render(result, &mut stdout)?;
            let written: Vec<String> = self
                .files
                .iter()
                .map(|(format, file)| {
                    let name = format.to_possible_value().map(|v| v.get_name().to_string());
                    format!("{}={}", name.unwrap_or_default(), file.path.display())
                })
                .collect();
            let labels = Labels::new(options.lang);
            writeln!(
                stdout,
                "\n{}",
                labels.with("summary-reports", &[("list", written.join(", ").into())])
            )?;
        }
        stdout.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(
        requested: &[(Option<ReportFormat>, &str)],
        format: Option<ReportFormat>,
    ) -> OutputPlan {
        let requested: Vec<_> = requested
            .iter()
            .map(|(f, p)| (*f, PathBuf::from(p)))
            .collect();
        OutputPlan::new(&requested, format, ReportFormat::Summary).expect("a known format")
    }

    #[test]
    fn stdout_gets_the_default_without_outputs() {
        let plan = plan(&[], None);
        assert_eq!(plan.stdout, [ReportFormat::Summary]);
        assert!(plan.files.is_empty() && !plan.summary_on_stdout);
    }

    #[test]
    fn files_without_a_known_extension_get_format() {
        let with_format = plan(&[(None, "a")], Some(ReportFormat::Json));
        assert_eq!(
            with_format.files,
            [(ReportFormat::Json, PathBuf::from("a"))]
        );
        assert!(with_format.summary_on_stdout && with_format.stdout.is_empty());
        let given = plan(&[(Some(ReportFormat::Csv), "b.html")], None);
        assert_eq!(given.files[0].0, ReportFormat::Csv, "FORMAT=FILE wins");
    }

    #[test]
    fn the_extension_names_the_format() {
        let cases = [
            ("r.html", ReportFormat::Html),
            ("R.HTM", ReportFormat::Html),
            ("a/b.json", ReportFormat::Json),
            ("f.csv", ReportFormat::Csv),
            ("p.md", ReportFormat::Markdown),
            ("s.sarif", ReportFormat::Sarif),
            ("s.sarif.json", ReportFormat::Sarif),
            ("j.xml", ReportFormat::Junit),
            ("t.txt", ReportFormat::Table),
            ("metrics.prom", ReportFormat::OpenMetrics),
            ("R.XLSX", ReportFormat::Xlsx),
        ];
        for (path, format) in cases {
            assert_eq!(plan(&[(None, path)], None).files[0].0, format, "{path}");
            // --format names another format: the extension wins.
            let other = plan(&[(None, path)], Some(ReportFormat::Junit));
            let expected = if path.ends_with("xml") {
                ReportFormat::Junit
            } else {
                format
            };
            assert_eq!(other.files[0].0, expected, "{path}");
        }
        // --format chooses among the formats of one extension.
        let agencies = plan(&[(None, "a.csv")], Some(ReportFormat::CsvAgencies));
        assert_eq!(agencies.files[0].0, ReportFormat::CsvAgencies);
        let summary = plan(&[(None, "a.txt")], Some(ReportFormat::Summary));
        assert_eq!(summary.files[0].0, ReportFormat::Summary);
    }

    #[test]
    fn an_unknown_extension_is_refused() {
        for path in ["x.weird", "report", "scan.2026-11-25"] {
            let requested = [(None, PathBuf::from(path))];
            let error = OutputPlan::new(&requested, None, ReportFormat::Summary)
                .expect_err("no format to take");
            let message = error.to_string();
            assert!(message.contains(path), "{message}");
            assert!(
                message.contains(".html, .htm, .json, .csv, .md"),
                "{message}"
            );
            assert!(message.contains("FORMAT=FILE"), "{message}");
        }
    }

    #[test]
    fn a_dash_is_stdout_and_keeps_the_summary_off() {
        let plan = plan(&[(None, "-"), (Some(ReportFormat::Json), "a")], None);
        assert_eq!(plan.stdout, [ReportFormat::Summary]);
        assert!(!plan.summary_on_stdout);
    }
}
