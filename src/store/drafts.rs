//! The draft: the console's unsaved form, kept in the data directory so that a crash or a
//! kill does not lose it. Written atomically and readable by the user only.

use std::path::Path;

use crate::model::UserInfo;

use super::{StoreError, atomic, profiles, read_text};

/// Writes the draft.
pub fn save(path: &Path, form: &UserInfo) -> Result<(), StoreError> {
    atomic::write_atomic(path, profiles::to_text(form).as_bytes())
}

/// Reads the draft, if there is one.
pub fn load(path: &Path) -> Option<Result<UserInfo, StoreError>> {
    if !path.exists() {
        return None;
    }
    Some(read_text(path).and_then(|text| profiles::parse(path, &text)))
}

/// Removes the draft (nothing to do when there is none).
pub fn remove(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::io(path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_load_remove() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/draft.toml");
        assert!(load(&path).is_none());
        let form = UserInfo {
            endpoint_id: Some("e".into()),
            ..Default::default()
        };
        save(&path, &form).unwrap();
        assert_eq!(load(&path).unwrap().unwrap(), form);
        remove(&path).unwrap();
        remove(&path).unwrap();
        assert!(load(&path).is_none());
    }
}
