//! Saved profiles: one hand-editable TOML file per test user under `profiles/`.
//!
//! A file that does not parse is listed as broken with its line and column and is never
//! overwritten; names are checked so that a profile can never land outside the directory.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::UserInfo;

use super::{StoreError, atomic, parse_toml, read_text};

/// The first line of every profile file the console writes.
const HEADER: &str =
    "# pinpoint-console profile: one test user. Keys are documented in the README.\n";
/// Longest profile name, in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// Longest profile name in bytes (file systems allow 255 for the whole file name).
pub const MAX_NAME_BYTES: usize = 200;

/// One entry of the profiles directory.
#[derive(Debug)]
pub struct ProfileEntry {
    pub name: String,
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    /// The profile, or why its file could not be read.
    pub form: Result<UserInfo, StoreError>,
}

/// Checks a profile name: not empty, at most 64 characters, no path separators, no leading
/// dot, no control characters, nothing a common file system refuses.
pub fn check_name(name: &str) -> Result<(), StoreError> {
    let bad_char = name.chars().find(|c| {
        c.is_control() || matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*')
    });
    let problem = if name.trim().is_empty() {
        Some("is empty".to_string())
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some(format!("is longer than {MAX_NAME_CHARS} characters"))
    } else if name.len() > MAX_NAME_BYTES {
        Some(format!("is longer than {MAX_NAME_BYTES} bytes"))
    } else if name.starts_with('.') {
        Some("starts with a dot".to_string())
    } else if name != name.trim() {
        Some("starts or ends with a space".to_string())
    } else {
        bad_char.map(|c| format!("contains {c:?}"))
    };
    match problem {
        Some(problem) => Err(StoreError::BadProfileName {
            name: name.to_string(),
            problem,
        }),
        None => Ok(()),
    }
}

/// Parses a profile file's text.
pub fn parse(path: &Path, text: &str) -> Result<UserInfo, StoreError> {
    parse_toml(path, text)
}

/// The TOML text of a profile, as the console writes it.
pub fn to_text(form: &UserInfo) -> String {
    let body = toml::to_string(form).expect("a form always serializes to TOML");
    format!("{HEADER}{body}")
}

/// The profiles directory.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    dir: PathBuf,
}

impl ProfileStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ProfileStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a profile name (after checking the name).
    pub fn path(&self, name: &str) -> Result<PathBuf, StoreError> {
        check_name(name)?;
        Ok(self.dir.join(format!("{name}.toml")))
    }

    /// Every profile, sorted by name, broken ones included. A missing directory is empty.
    pub fn list(&self) -> Result<Vec<ProfileEntry>, StoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io(&self.dir, e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&self.dir, e))?;
            let path = entry.path();
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".toml"))
            else {
                continue;
            };
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            let form = read_text(&path).and_then(|text| parse(&path, &text));
            out.push(ProfileEntry {
                name: name.to_string(),
                path,
                modified,
                form,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    pub fn exists(&self, name: &str) -> bool {
        self.path(name).is_ok_and(|p| p.exists())
    }

    /// Loads one profile.
    pub fn load(&self, name: &str) -> Result<UserInfo, StoreError> {
        let path = self.path(name)?;
        if !path.exists() {
            return Err(StoreError::NoProfile {
                name: name.to_string(),
                dir: Some(self.dir.clone()),
            });
        }
        let text = read_text(&path)?;
        parse(&path, &text)
    }

    /// Saves a profile. An existing profile is replaced only when `overwrite` is set, and a
    /// file that does not parse is never replaced.
    pub fn save(
        &self,
        name: &str,
        form: &UserInfo,
        overwrite: bool,
    ) -> Result<PathBuf, StoreError> {
        let path = self.path(name)?;
        self.check_replaceable(name, &path, overwrite)?;
        atomic::write_atomic(&path, to_text(form).as_bytes())?;
        Ok(path)
    }

    fn check_replaceable(
        &self,
        name: &str,
        path: &Path,
        overwrite: bool,
    ) -> Result<(), StoreError> {
        if !path.exists() {
            return Ok(());
        }
        if !overwrite {
            return Err(StoreError::ProfileExists(name.to_string()));
        }
        if let Err(e) = read_text(path).and_then(|text| parse(path, &text)) {
            return Err(StoreError::NotReplaced {
                name: name.to_string(),
                cause: Box::new(e),
            });
        }
        Ok(())
    }

    /// Removes a profile.
    pub fn remove(&self, name: &str) -> Result<(), StoreError> {
        let path = self.path(name)?;
        std::fs::remove_file(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NoProfile {
                name: name.to_string(),
                dir: None,
            },
            _ => StoreError::io(&path, e),
        })
    }

    /// Renames a profile; the new name must be free.
    pub fn rename(&self, from: &str, to: &str) -> Result<(), StoreError> {
        let old = self.path(from)?;
        let new = self.path(to)?;
        if !old.exists() {
            return Err(StoreError::NoProfile {
                name: from.to_string(),
                dir: None,
            });
        }
        if new.exists() {
            return Err(StoreError::ProfileExists(to.to_string()));
        }
        std::fs::rename(&old, &new).map_err(|e| StoreError::io(&new, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::indexmap;

    fn store() -> (tempfile::TempDir, ProfileStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path().join("profiles"));
        (dir, store)
    }

    fn form() -> UserInfo {
        UserInfo {
            endpoint_id: Some("ep".into()),
            attributes: indexmap! {"hobbies".into() => vec!["a".into()], "odd name: x".into() => vec![]},
            metrics: indexmap! {"logins".into() => 157.0, "nan".into() => f64::INFINITY},
            ..UserInfo::default()
        }
    }

    #[test]
    fn save_load_round_trip() {
        let (_d, store) = store();
        store.save("qa ios", &form(), false).unwrap();
        assert_eq!(store.load("qa ios").unwrap(), form());
        let text = std::fs::read_to_string(store.path("qa ios").unwrap()).unwrap();
        assert!(text.starts_with("# pinpoint-console profile"), "{text}");
    }

    #[test]
    fn the_order_of_names_is_kept() {
        let (_d, store) = store();
        let form = UserInfo {
            attributes: indexmap! {"zeta".into() => vec![], "alpha".into() => vec![], "mid".into() => vec![]},
            ..UserInfo::default()
        };
        store.save("ordered", &form, false).unwrap();
        let names: Vec<String> = store
            .load("ordered")
            .unwrap()
            .attributes
            .keys()
            .cloned()
            .collect();
        assert_eq!(names, ["zeta", "alpha", "mid"]);
    }

    #[test]
    fn names_cannot_escape_the_directory() {
        let (_d, store) = store();
        for bad in [
            &"🚀".repeat(64),
            "../x",
            "a/b",
            "a\\b",
            ".hidden",
            "",
            " ",
            "a\nb",
            "a\0b",
            "x:y",
            &"n".repeat(65),
        ] {
            assert!(store.save(bad, &form(), true).is_err(), "{bad:?}");
        }
        for good in ["qa-ios", "émoji 🚀", "v1.2", &"n".repeat(64)] {
            store
                .save(good, &form(), false)
                .unwrap_or_else(|e| panic!("{good:?}: {e}"));
        }
    }

    #[test]
    fn existing_profiles_are_replaced_only_when_asked() {
        let (_d, store) = store();
        store.save("p", &form(), false).unwrap();
        assert!(store.save("p", &UserInfo::default(), false).is_err());
        store.save("p", &UserInfo::default(), true).unwrap();
        assert_eq!(store.load("p").unwrap(), UserInfo::default());
    }

    /// The console asks whether to replace on this variant (it used to look for the words).
    #[test]
    fn an_existing_profile_is_its_own_error() {
        let (_d, store) = store();
        store.save("p", &form(), false).unwrap();
        store.save("q", &form(), false).unwrap();
        let saved = store.save("p", &form(), false).unwrap_err();
        assert_eq!(saved, StoreError::ProfileExists("p".into()));
        assert_eq!(saved.to_string(), "profile `p` already exists");
        let renamed = store.rename("q", "p").unwrap_err();
        assert_eq!(renamed, StoreError::ProfileExists("p".into()));
        // Other refusals are other variants, in their own words.
        let missing = store.load("nobody").unwrap_err();
        assert!(
            matches!(&missing, StoreError::NoProfile { name, dir: Some(_) } if name == "nobody")
        );
        assert!(
            missing
                .to_string()
                .starts_with("no profile named `nobody` in "),
            "{missing}"
        );
        assert_eq!(
            store.remove("nobody").unwrap_err().to_string(),
            "no profile named `nobody`"
        );
        let bad = store.save("a/b", &form(), false).unwrap_err();
        assert!(matches!(bad, StoreError::BadProfileName { .. }), "{bad}");
    }

    #[test]
    fn broken_files_are_listed_and_never_overwritten() {
        let (_d, store) = store();
        store.save("good", &form(), false).unwrap();
        let broken = store.path("broken").unwrap();
        let bytes = b"endpoint_id = \"x\"\n[attributes\nhobbies = []\n";
        std::fs::write(&broken, bytes).unwrap();
        let list = store.list().unwrap();
        assert_eq!(list.len(), 2);
        let err = list[0].form.as_ref().unwrap_err().to_string();
        assert!(err.contains("broken.toml:2:"), "{err}");
        assert!(list[1].form.is_ok());
        assert!(store.save("broken", &form(), true).is_err());
        assert_eq!(std::fs::read(&broken).unwrap(), bytes);
    }

    #[test]
    fn rename_and_remove() {
        let (_d, store) = store();
        store.save("a", &form(), false).unwrap();
        store.save("b", &form(), false).unwrap();
        assert!(store.rename("a", "b").is_err());
        store.rename("a", "c").unwrap();
        assert!(!store.exists("a") && store.exists("c"));
        store.remove("c").unwrap();
        assert!(store.remove("c").is_err());
        assert_eq!(store.list().unwrap().len(), 1);
    }

    #[test]
    fn unknown_keys_in_a_profile_are_named() {
        let (_d, store) = store();
        std::fs::create_dir_all(store.dir()).unwrap();
        std::fs::write(
            store.path("x").unwrap(),
            "endpoint_id = \"e\"\n[demographic]\nplatfrom = \"iOS\"\n",
        )
        .unwrap();
        let err = store.load("x").unwrap_err().to_string();
        assert!(
            err.contains("x.toml:3:1:") && err.contains("platfrom"),
            "{err}"
        );
    }
}
