//! Each agency its own report (`--per-agency-dir DIR`): for every agency
//! of the record, its own view of it (its systems, findings and the
//! targets as they stand for it: `scan::narrow::view`) rendered in each
//! of [`PER_AGENCY_FORMATS`] into `DIR/<agency id>.<extension>`. Each file
//! is written to a temporary file beside it and renamed over the old one
//! once whole (`outputs::PendingFile`), so a failed run leaves last
//! night's files as they were. An agency's id is a file name already (a
//! letter or digit, then letters, digits, `-`, `_`, `.`: no `/`, no `..`).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::outputs::{EXTENSIONS, OutputError, PendingFile};
use super::{ReportFormat, ReportOptions, reporter};
use crate::scan::ScanResult;
use crate::scan::narrow;

/// The formats of each agency's own files, the one list of them: the page
/// to read and the workbook to sort.
pub const PER_AGENCY_FORMATS: &[ReportFormat] = &[ReportFormat::Html, ReportFormat::Xlsx];

/// The folder each agency's files go in, made (if missing) before any
/// work, so a path that cannot be a folder fails the run before it probes.
#[derive(Debug, Clone)]
pub struct AgencyFolder {
    dir: PathBuf,
}

impl AgencyFolder {
    pub fn prepare(dir: &Path) -> Result<Self, OutputError> {
        let failed = |source| OutputError {
            path: dir.to_path_buf(),
            source,
        };
        fs::create_dir_all(dir).map_err(failed)?;
        Ok(AgencyFolder {
            dir: dir.to_path_buf(),
        })
    }

    /// "Each agency's own report: 6 files in DIR."
    pub fn written_line(&self, files: usize, labels: &crate::report::Labels) -> String {
        let dir = self.dir.display().to_string();
        labels.with(
            "per-agency-written",
            &[("count", files.into()), ("dir", dir.into())],
        )
    }

    /// Writes every agency's files (agencies in parallel); returns how
    /// many files were written.
    pub fn write(&self, scan: &ScanResult, options: &ReportOptions) -> Result<usize, OutputError> {
        let options = options.for_file();
        let written: Vec<usize> = scan
            .agencies
            .par_iter()
            .map(|agency| {
                let own = narrow::view(scan, &BTreeSet::from([agency.id.as_str()]));
                for format in PER_AGENCY_FORMATS {
                    let path = self.dir.join(file_name(&agency.id, *format));
                    let mut file = PendingFile::create(&path)?;
                    reporter(*format, &options)
                        .render(&own, file.writer())
                        .and_then(|()| file.finish())
                        .map_err(|source| OutputError { path, source })?;
                }
                Ok(PER_AGENCY_FORMATS.len())
            })
            .collect::<Result<_, OutputError>>()?;
        Ok(written.iter().sum())
    }
}

/// `so-khcn.html`: the agency's id and the extension that names the
/// format (the first of [`EXTENSIONS`] for it).
pub fn file_name(agency: &str, format: ReportFormat) -> String {
    let extension = EXTENSIONS
        .iter()
        .find(|(_, known)| *known == format)
        .map_or("txt", |(extension, _)| extension);
    format!("{agency}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_agency_and_format() {
        assert_eq!(file_name("so-khcn", ReportFormat::Html), "so-khcn.html");
        assert_eq!(file_name("a.b", ReportFormat::Json), "a.b.json");
    }

    #[test]
    fn a_file_in_the_way_of_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("taken");
        fs::write(&file, "x").unwrap();
        assert!(AgencyFolder::prepare(&file).is_err());
        let made = dir.path().join("new/agencies");
        assert!(AgencyFolder::prepare(&made).is_ok());
        assert!(made.is_dir());
    }
}
