//! Target resolution: the named target from config.toml, then `--app`, `--region`,
//! `--endpoint-url` and the AWS environment variables on top.
//!
//! Precedence, highest first: command-line options, then (aws targets only) the AWS
//! environment variables, then the target's table in config.toml. The sandbox target never
//! reads the AWS environment.

use std::path::PathBuf;
use std::time::Duration;

use crate::model::preview::CliContext;
use crate::store::StoreError;
use crate::store::config::{
    Config, SANDBOX_ADDR, SANDBOX_APP_ID, SANDBOX_REGION, Target, TargetKind,
};
use crate::store::paths::Paths;

/// What the command line says on top of the config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub target: Option<String>,
    pub app: Option<String>,
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
    pub read_only: bool,
}

/// The AWS environment variables that shape a target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsEnv {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
}

impl AwsEnv {
    /// Reads `AWS_REGION` (or `AWS_DEFAULT_REGION`), `AWS_PROFILE`, and
    /// `AWS_ENDPOINT_URL_PINPOINT` (or `AWS_ENDPOINT_URL`).
    pub fn from_process() -> AwsEnv {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        AwsEnv {
            region: var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")),
            profile: var("AWS_PROFILE"),
            endpoint_url: var("AWS_ENDPOINT_URL_PINPOINT").or_else(|| var("AWS_ENDPOINT_URL")),
        }
    }
}

/// A target with every setting decided.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedTarget {
    pub name: String,
    pub kind: TargetKind,
    pub application_id: String,
    /// Decided here for sandbox targets; for aws targets it may still come from the AWS
    /// profile file when connecting.
    pub region: Option<String>,
    /// For the sandbox: a running `serve` to use instead of starting one in the process.
    pub endpoint_url: Option<String>,
    pub aws_profile: Option<String>,
    pub read_only: bool,
    pub timeout: Duration,
    pub use_instance_metadata: bool,
    /// The sandbox's database.
    pub db: PathBuf,
}

impl ResolvedTarget {
    /// Where an `aws pinpoint` line for this target goes: its application, its URL (for the
    /// sandbox, `serve`'s default address, which the console's built-in sandbox also takes
    /// when it is free; a connected console uses `Client::cli_context`, with the port in use)
    /// and its region.
    pub fn cli_context(&self) -> CliContext {
        let sandbox = self.kind == TargetKind::Sandbox;
        CliContext {
            application_id: Some(self.application_id.clone()),
            endpoint_url: self
                .endpoint_url
                .clone()
                .or_else(|| sandbox.then(|| format!("http://{SANDBOX_ADDR}"))),
            region: self.region.clone(),
        }
    }
}

/// Why a target could not be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TargetError {
    /// The config names no such target (or does not load).
    #[error(transparent)]
    Config(#[from] StoreError),
    #[error("target `{name}`: timeout_seconds must be between 0 and 3600, not {seconds}")]
    Timeout { name: String, seconds: f64 },
    #[error("target `{name}` has no application_id: set it in {} or pass --app", config.display())]
    NoApplication { name: String, config: PathBuf },
}

/// Resolves the target the command line and config name.
pub fn resolve(
    config: &Config,
    overrides: &Overrides,
    env: &AwsEnv,
    paths: &Paths,
) -> Result<ResolvedTarget, TargetError> {
    let name = overrides
        .target
        .clone()
        .unwrap_or_else(|| config.default_target_name().to_string());
    let target: &Target = config.target(&name)?;
    let timeout_seconds = target.timeout_seconds();
    if !(timeout_seconds.is_finite() && timeout_seconds > 0.0 && timeout_seconds <= 3600.0) {
        return Err(TargetError::Timeout {
            name,
            seconds: timeout_seconds,
        });
    }
    let sandbox = target.kind == TargetKind::Sandbox;
    let aws_env = if sandbox {
        AwsEnv::default()
    } else {
        env.clone()
    };
    let application_id = overrides
        .app
        .clone()
        .or_else(|| target.application_id.clone())
        .or_else(|| sandbox.then(|| SANDBOX_APP_ID.to_string()))
        .ok_or_else(|| TargetError::NoApplication {
            name: name.clone(),
            config: paths.config_file(),
        })?;
    let region = overrides
        .region
        .clone()
        .or(aws_env.region)
        .or_else(|| target.region.clone())
        .or_else(|| sandbox.then(|| SANDBOX_REGION.to_string()));
    Ok(ResolvedTarget {
        application_id,
        region,
        endpoint_url: overrides
            .endpoint_url
            .clone()
            .or(aws_env.endpoint_url)
            .or_else(|| target.endpoint_url.clone()),
        aws_profile: aws_env.profile.or_else(|| target.aws_profile.clone()),
        read_only: overrides.read_only || target.read_only,
        timeout: Duration::from_secs_f64(timeout_seconds),
        use_instance_metadata: target.use_instance_metadata,
        db: target.db.clone().unwrap_or_else(|| paths.sandbox_db()),
        kind: target.kind,
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        toml::from_str(
            r#"
            default_target = "staging"
            [targets.sandbox]
            kind = "sandbox"
            [targets.staging]
            kind = "aws"
            region = "us-east-1"
            application_id = "abc"
            aws_profile = "qa"
            read_only = true
            timeout_seconds = 2.5
            [targets.bare]
            kind = "aws"
            "#,
        )
        .unwrap()
    }

    fn paths() -> Paths {
        Paths::under("/tmp/pc-test")
    }

    /// The target the config gives for `overrides` and `env`.
    fn pick(overrides: &Overrides, env: &AwsEnv) -> Result<ResolvedTarget, TargetError> {
        resolve(&config(), overrides, env, &paths())
    }

    /// The command line naming the target `name`, and nothing else.
    fn target(name: &str) -> Overrides {
        Overrides {
            target: Some(name.into()),
            ..Overrides::default()
        }
    }

    /// An AWS environment that sets the region, the profile and the endpoint.
    fn aws_env() -> AwsEnv {
        AwsEnv {
            region: Some("eu-west-1".into()),
            profile: Some("envprofile".into()),
            endpoint_url: Some("http://127.0.0.1:1".into()),
        }
    }

    #[test]
    fn the_default_target_comes_from_the_config() {
        let t = pick(&Overrides::default(), &AwsEnv::default()).unwrap();
        assert_eq!(t.name, "staging");
        assert_eq!(t.application_id, "abc");
        assert_eq!(t.region.as_deref(), Some("us-east-1"));
        assert_eq!(t.aws_profile.as_deref(), Some("qa"));
        assert!(t.read_only);
        assert_eq!(t.timeout, Duration::from_millis(2500));
    }

    #[test]
    fn options_beat_the_environment_which_beats_the_config() {
        let env = aws_env();
        let t = pick(&Overrides::default(), &env).unwrap();
        assert_eq!(t.region.as_deref(), Some("eu-west-1"));
        assert_eq!(t.endpoint_url.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(
            t.aws_profile.as_deref(),
            Some("envprofile"),
            "AWS_PROFILE goes on top of the target's profile"
        );
        let overrides = Overrides {
            app: Some("other".into()),
            region: Some("ap-south-1".into()),
            endpoint_url: Some("http://127.0.0.1:2".into()),
            ..Overrides::default()
        };
        let t = pick(&overrides, &env).unwrap();
        assert_eq!(t.application_id, "other");
        assert_eq!(t.region.as_deref(), Some("ap-south-1"));
        assert_eq!(t.endpoint_url.as_deref(), Some("http://127.0.0.1:2"));
    }

    #[test]
    fn the_sandbox_ignores_the_aws_environment() {
        let t = pick(&target("sandbox"), &aws_env()).unwrap();
        assert_eq!(t.kind, TargetKind::Sandbox);
        assert_eq!(t.application_id, SANDBOX_APP_ID);
        assert_eq!(t.region.as_deref(), Some(SANDBOX_REGION));
        assert_eq!(t.endpoint_url, None);
        assert_eq!(t.aws_profile, None);
        assert_eq!(t.db, paths().sandbox_db());
        assert!(!t.read_only);
    }

    #[test]
    fn read_only_from_the_command_line() {
        let overrides = Overrides {
            read_only: true,
            ..target("sandbox")
        };
        assert!(pick(&overrides, &AwsEnv::default()).unwrap().read_only);
    }

    #[test]
    fn missing_pieces_are_named() {
        let err = pick(&target("bare"), &AwsEnv::default()).unwrap_err();
        assert!(
            err.to_string().contains("`bare` has no application_id"),
            "{err}"
        );
        let err = pick(&target("nope"), &AwsEnv::default()).unwrap_err();
        assert!(err.to_string().contains("no target named `nope`"), "{err}");
    }
}
