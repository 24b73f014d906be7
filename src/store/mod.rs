//! Local files: where they live, the config, saved profiles and the console's draft, written
//! atomically (`atomic`, which the sandbox's database files use too).

pub mod config;
pub mod drafts;
pub mod paths;
pub mod profiles;

pub use crate::sandbox::atomic;

use std::path::{Path, PathBuf};

/// Why a local file could not be read or written, or a request about one is refused. The
/// words are the ones people read; the variants are what the console decides on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The file is there but does not parse; reported as `path:line:column: message`.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// Reading or writing failed (the system's words for why).
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// A profile name that could land outside the directory, or that a file system refuses.
    #[error("profile name {name:?} {problem}; use letters, digits, spaces, `-`, `_` or `.`")]
    BadProfileName { name: String, problem: String },
    /// Saving or renaming onto a profile that is there, without being asked to replace it.
    #[error("profile `{0}` already exists")]
    ProfileExists(String),
    /// No profile of that name (in that directory, when it is named).
    #[error("no profile named `{name}`{}", dir.as_ref().map(|d| format!(" in {}", d.display())).unwrap_or_default())]
    NoProfile { name: String, dir: Option<PathBuf> },
    /// A profile whose file does not parse is never replaced.
    #[error(
        "profile `{name}` is not replaced because its file does not parse ({cause}); fix or remove it first"
    )]
    NotReplaced {
        name: String,
        cause: Box<StoreError>,
    },
    /// Any other request the store refuses, in words.
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            message: source.to_string(),
        }
    }

    /// A TOML error placed at its line and column in `text`.
    pub fn toml(path: &Path, text: &str, error: &toml::de::Error) -> Self {
        let (line, column) = error
            .span()
            .map(|span| line_column(text, span.start))
            .unwrap_or((1, 1));
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: error.message().trim_end().to_string(),
        }
    }
}

impl From<atomic::FileError> for StoreError {
    fn from(e: atomic::FileError) -> Self {
        StoreError::Io {
            path: e.path,
            message: e.message,
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Reads a file into text, with the path in the error.
pub fn read_text(path: &Path) -> Result<String, StoreError> {
    std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))
}

/// Parses a TOML file's text into `T`, with `path:line:column` in the error.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
) -> Result<T, StoreError> {
    toml::from_str(text).map_err(|e| StoreError::toml(path, text, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 12), (2, 6));
        assert_eq!(line_column(text, 999), (3, 1));
    }
}
