//! Atomic file writes: a temporary file in the same directory, written, synced, renamed
//! over the target, then the directory synced. A failed write leaves the old file as it was.
//! New files are readable by the user only.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file or directory that could not be created, written or made private: its path and the
/// system's words for why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl FileError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        FileError {
            path: path.to_path_buf(),
            message: source.to_string(),
        }
    }
}

/// Creates a directory (and its parents) readable by the user only when it is new.
pub fn ensure_dir(dir: &Path) -> Result<(), FileError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| FileError::io(dir, e))
}

/// Makes `path` readable by the user only: creates it empty (0600) when it is missing, takes
/// group and other permissions away when it has them (a file an earlier version created
/// 0644). For files another library then opens and fills, such as the sandbox's SQLite
/// database: SQLite gives the `-wal` and `-shm` files it creates the database's permissions.
pub fn make_private(path: &Path) -> Result<(), FileError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tighten(path),
        Err(e) => Err(FileError::io(path, e)),
    }
}

/// Takes group and other permissions away from an existing file.
pub fn tighten(path: &Path) -> Result<(), FileError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| FileError::io(path, e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))
                .map_err(|e| FileError::io(path, e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Replaces `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    ensure_dir(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| FileError::io(dir, e))?;
    temp.write_all(bytes).map_err(|e| FileError::io(path, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| FileError::io(path, e))?;
    temp.persist(path)
        .map_err(|e| FileError::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Makes a rename durable. Failure here is not fatal: the data itself is already synced.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A path named `name` in a new temporary directory, with the directory (removed when
/// dropped), for tests.
#[cfg(test)]
pub(crate) fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let (_dir, path) = temp_path("sub/file.toml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, path) = temp_path("p/x.toml");
        write_atomic(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let mode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o700);
    }
}
