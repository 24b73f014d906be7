//! `config.toml`: the default target and the named targets (the sandbox, or an AWS account).
//! No file means one built-in target, `sandbox`; a `sandbox` target is always available.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::{StoreError, parse_toml, paths::Paths};

/// The name of the built-in sandbox target.
pub const SANDBOX_TARGET: &str = "sandbox";
/// The application every new sandbox database starts with, where `serve` listens unless
/// told otherwise, and the Region the sandbox puts in ARNs (the sandbox's own defaults).
pub use crate::sandbox::{
    DEFAULT_ADDR as SANDBOX_ADDR, DEFAULT_APP_ID as SANDBOX_APP_ID, SANDBOX_REGION,
};
/// Seconds a call may take, connection included, unless a target says otherwise.
pub const DEFAULT_TIMEOUT_SECONDS: f64 = 10.0;

/// What a target talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// The built-in Pinpoint-compatible service, started inside the process.
    Sandbox,
    /// Amazon Pinpoint (or any Pinpoint-compatible URL), through the AWS credential chain.
    Aws,
}

/// One `[targets.NAME]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub kind: TargetKind,
    /// AWS region (aws targets; the sandbox accepts any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The Pinpoint application (project) id; the sandbox's default application otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// A profile of the AWS shared config files (aws targets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_profile: Option<String>,
    /// Send requests here instead of AWS (for example a sandbox started with `serve`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    /// Refuse writes (UpdateEndpoint, deletes, bulk) before anything is sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// The sandbox's database file (sandbox targets); the data directory's otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db: Option<PathBuf>,
    /// Seconds one call may take, retries included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<f64>,
    /// Let the credential chain ask the EC2 instance metadata service (aws targets). Off by
    /// default: without it, a machine with no credentials fails at once instead of waiting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub use_instance_metadata: bool,
}

impl Target {
    /// The built-in sandbox target.
    pub fn sandbox() -> Self {
        Target {
            kind: TargetKind::Sandbox,
            region: None,
            application_id: None,
            aws_profile: None,
            endpoint_url: None,
            read_only: false,
            db: None,
            timeout_seconds: None,
            use_instance_metadata: false,
        }
    }

    pub fn timeout_seconds(&self) -> f64 {
        self.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS)
    }
}

/// The whole config file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The target used when `--target` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_target: Option<String>,
    #[serde(default)]
    pub targets: IndexMap<String, Target>,
    /// Key overrides for the console: action name -> key (for example `submit = "f5"`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub keys: IndexMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_target: None,
            targets: IndexMap::from([(SANDBOX_TARGET.to_string(), Target::sandbox())]),
            keys: IndexMap::new(),
        }
    }
}

impl Config {
    /// Reads `config.toml`; a missing file gives the built-in configuration.
    pub fn load(paths: &Paths) -> Result<Config, StoreError> {
        Self::load_file(&paths.config_file())
    }

    /// Reads a config file; a missing file gives the built-in configuration.
    pub fn load_file(path: &Path) -> Result<Config, StoreError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(StoreError::io(path, e)),
        };
        let mut config: Config = parse_toml(path, &text)?;
        config
            .targets
            .entry(SANDBOX_TARGET.to_string())
            .or_insert_with(Target::sandbox);
        if let Some(name) = &config.default_target
            && !config.targets.contains_key(name)
        {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("default_target"));
            return Err(StoreError::Parse {
                path: path.to_path_buf(),
                line: line.map_or(1, |l| l + 1),
                column: 1,
                message: format!(
                    "default_target `{name}` is not a target (known: {})",
                    config.target_names().join(", ")
                ),
            });
        }
        Ok(config)
    }

    /// The name of the default target.
    pub fn default_target_name(&self) -> &str {
        self.default_target.as_deref().unwrap_or(SANDBOX_TARGET)
    }

    pub fn target_names(&self) -> Vec<String> {
        self.targets.keys().cloned().collect()
    }

    /// The named target, or an error listing the known ones.
    pub fn target(&self, name: &str) -> Result<&Target, StoreError> {
        self.targets.get(name).ok_or_else(|| {
            StoreError::Invalid(format!(
                "no target named `{name}` (known: {})",
                self.target_names().join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, StoreError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        Config::load_file(&path)
    }

    #[test]
    fn no_file_means_the_builtin_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load_file(&dir.path().join("missing.toml")).unwrap();
        assert_eq!(config.default_target_name(), "sandbox");
        assert_eq!(config.target("sandbox").unwrap().kind, TargetKind::Sandbox);
    }

    #[test]
    fn reads_the_documented_example() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
                .unwrap();
        let config = load(&text).unwrap();
        let staging = config.target("staging").unwrap();
        assert_eq!(staging.kind, TargetKind::Aws);
        assert_eq!(staging.region.as_deref(), Some("us-east-1"));
        assert!(staging.read_only);
        assert!(config.targets.contains_key("sandbox"));
    }

    #[test]
    fn sandbox_is_added_when_the_file_has_other_targets() {
        let config = load("[targets.prod]\nkind = \"aws\"\nregion = \"eu-west-1\"\n").unwrap();
        assert_eq!(config.target_names(), ["prod", "sandbox"]);
    }

    #[test]
    fn unknown_keys_and_kinds_are_reported_with_position() {
        let err = load("[targets.x]\nkind = \"aws\"\nregoin = \"us-east-1\"\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("config.toml:3:1: ") && text.contains("regoin"),
            "{text}"
        );
        let err = load("[targets.x]\nkind = \"gcp\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":2:") && err.contains("gcp"), "{err}");
    }

    #[test]
    fn default_target_must_exist() {
        let err = load("default_target = \"nope\"\n").unwrap_err().to_string();
        assert!(
            err.contains(":1:1: default_target `nope` is not a target"),
            "{err}"
        );
    }
}
