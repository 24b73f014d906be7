//! Where pinpoint-console keeps its files: the platform's config and data directories
//! (`directories::ProjectDirs`), replaced by `PINPOINT_CONSOLE_CONFIG_DIR` and
//! `PINPOINT_CONSOLE_DATA_DIR` when they are set.

use std::path::PathBuf;

use super::StoreError;

/// Replaces the platform config directory.
pub const CONFIG_DIR_ENV: &str = "PINPOINT_CONSOLE_CONFIG_DIR";
/// Replaces the platform data directory.
pub const DATA_DIR_ENV: &str = "PINPOINT_CONSOLE_DATA_DIR";

/// The two directories and the files inside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// The directories for this user, honouring the environment overrides.
    pub fn from_env() -> Result<Paths, StoreError> {
        let from_env = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let config = from_env(CONFIG_DIR_ENV);
        let data = from_env(DATA_DIR_ENV);
        if let (Some(config_dir), Some(data_dir)) = (config.clone(), data.clone()) {
            return Ok(Paths {
                config_dir,
                data_dir,
            });
        }
        let dirs = directories::ProjectDirs::from("", "", "pinpoint-console").ok_or_else(|| {
            StoreError::Invalid(format!(
                "no home directory found; set {CONFIG_DIR_ENV} and {DATA_DIR_ENV}"
            ))
        })?;
        Ok(Paths {
            config_dir: config.unwrap_or_else(|| dirs.config_dir().to_path_buf()),
            data_dir: data.unwrap_or_else(|| dirs.data_dir().to_path_buf()),
        })
    }

    /// Both directories under one root (tests and isolation).
    pub fn under(root: impl Into<PathBuf>) -> Paths {
        let root = root.into();
        Paths {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
        }
    }

    /// Every location, named as `config path` and help list them.
    pub fn all(&self) -> [(&'static str, PathBuf); 6] {
        [
            ("config", self.config_file()),
            ("profiles", self.profiles_dir()),
            ("data", self.data_dir.clone()),
            ("sandbox", self.sandbox_db()),
            ("draft", self.draft_file()),
            ("log", self.log_file()),
        ]
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn profiles_dir(&self) -> PathBuf {
        self.config_dir.join("profiles")
    }

    pub fn sandbox_db(&self) -> PathBuf {
        self.data_dir.join("sandbox.sqlite3")
    }

    pub fn draft_file(&self) -> PathBuf {
        self.data_dir.join("draft.toml")
    }

    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("pinpoint-console.log")
    }
}
