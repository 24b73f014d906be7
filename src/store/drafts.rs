//! The draft: the console's unsaved form, kept in the data directory so that a crash or a
//! kill does not lose it. Written atomically and readable by the user only. It is a profile
//! file; when the form was a saved profile, a first comment line names it
//! (`# profile: qa-ios`), so that the restored form saves back to the same profile.

use std::path::Path;

use crate::model::UserInfo;

use super::{StoreError, atomic, profiles, read_text};

/// The comment that names the draft's profile.
const PROFILE_LINE: &str = "# profile: ";

/// An unsaved form and the profile it was loaded from, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub form: UserInfo,
    pub profile: Option<String>,
}

/// Writes the draft.
pub fn save(path: &Path, draft: &Draft) -> Result<(), StoreError> {
    let mut text = String::new();
    if let Some(name) = &draft.profile {
        // Profile names are file names, never a line break (which would end the comment).
        text = format!("{PROFILE_LINE}{}\n", name.replace(['\n', '\r'], " "));
    }
    text.push_str(&profiles::to_text(&draft.form));
    atomic::write_atomic(path, text.as_bytes()).map_err(StoreError::from)
}

/// Reads the draft, if there is one.
pub fn load(path: &Path) -> Option<Result<Draft, StoreError>> {
    if !path.exists() {
        return None;
    }
    Some(read_text(path).and_then(|text| {
        let profile = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix(PROFILE_LINE))
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string);
        let form = profiles::parse(path, &text)?;
        Ok(Draft { form, profile })
    }))
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
        let draft = Draft {
            form: UserInfo {
                endpoint_id: Some("e".into()),
                ..Default::default()
            },
            profile: None,
        };
        save(&path, &draft).unwrap();
        assert_eq!(load(&path).unwrap().unwrap(), draft);
        remove(&path).unwrap();
        remove(&path).unwrap();
        assert!(load(&path).is_none());
    }

    #[test]
    fn the_profile_name_comes_back_and_the_file_stays_a_profile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("draft.toml");
        let draft = Draft {
            form: UserInfo {
                user_id: Some("u-1".into()),
                ..Default::default()
            },
            profile: Some("qa ios".into()),
        };
        save(&path, &draft).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# profile: qa ios\n"), "{text}");
        assert_eq!(profiles::parse(&path, &text).unwrap(), draft.form);
        assert_eq!(load(&path).unwrap().unwrap(), draft);
        // A draft written before the line existed still loads, with no profile.
        std::fs::write(&path, profiles::to_text(&draft.form)).unwrap();
        let old = load(&path).unwrap().unwrap();
        assert_eq!((old.form, old.profile), (draft.form, None));
    }
}
