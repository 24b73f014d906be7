//! Helpers shared by the integration tests: a temporary home for the binary's files, and
//! commands that must succeed, a sandbox target.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

pub mod clients;
pub mod console;
pub mod form;
pub mod inapp;
pub mod screen;
pub mod serve;

use assert_cmd::Command;
use pinpoint_console::pinpoint::ResolvedTarget;
use pinpoint_console::store::config::TargetKind;

/// A temporary config and data directory for one test.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn profiles_dir(&self) -> PathBuf {
        self.config_dir().join("profiles")
    }

    /// The binary, isolated in this home, never reaching AWS or the metadata service.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.process())
    }

    /// The binary isolated as `cmd` isolates it, as a std `Command` (for a test that spawns
    /// it and watches it run).
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pinpoint-console"));
        self.isolate(&mut cmd);
        cmd
    }

    /// The environment `cmd` gives the binary, for a command that runs it (`script`).
    pub fn isolate(&self, cmd: &mut std::process::Command) {
        cmd.env("PINPOINT_CONSOLE_CONFIG_DIR", self.config_dir())
            .env("PINPOINT_CONSOLE_DATA_DIR", self.data_dir())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.dir.path().join("no-aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join("no-aws-credentials"),
            )
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_REGION")
            .env_remove("AWS_DEFAULT_REGION")
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ENDPOINT_URL_PINPOINT")
            .env_remove("PINPOINT_CONSOLE_LOG")
            .env_remove("PINPOINT_CONSOLE_OUTPUT")
            .env_remove("COLUMNS");
    }

    /// What the binary prints on a terminal: run under `script` (util-linux), which gives it
    /// a pseudo-terminal; `\r\n` read as `\n`. The command must succeed.
    pub fn on_a_terminal(&self, args: &[&str]) -> String {
        self.on_a_terminal_with(args, &[])
    }

    /// `on_a_terminal` with these environment variables set too.
    pub fn on_a_terminal_with(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        self.terminal(args, env, None)
    }

    /// `on_a_terminal` on a terminal `columns` wide.
    pub fn on_a_terminal_of(&self, columns: u16, args: &[&str]) -> String {
        self.terminal(args, &[], Some(columns))
    }

    fn terminal(&self, args: &[&str], env: &[(&str, &str)], columns: Option<u16>) -> String {
        let line: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_pinpoint-console"))
            .chain(args.iter().copied())
            .map(|word| shlex::try_quote(word).unwrap().into_owned())
            .collect();
        let line = match columns {
            Some(n) => format!("stty cols {n} rows 40 && exec {}", line.join(" ")),
            None => line.join(" "),
        };
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .stdin(std::process::Stdio::null());
        self.isolate(&mut cmd);
        cmd.envs(env.iter().copied());
        let out = cmd.output().expect("script (util-linux) runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
    }

    /// Writes a file under the home and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// Running a command that the test needs to succeed.
pub trait Succeeds {
    /// Runs the command, which must exit 0 (or the test fails with `what`, when not empty,
    /// and the command's stderr); its output.
    fn succeeds(&mut self, what: &str) -> Output;
}

impl Succeeds for Command {
    fn succeeds(&mut self, what: &str) -> Output {
        let out = self.output().unwrap();
        assert_success(&out, what);
        out
    }
}

/// A command that ran must have exited 0: otherwise the test fails with `what`, when not
/// empty, and the command's stderr.
pub fn assert_success(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if what.is_empty() {
        assert!(out.status.success(), "{stderr}");
    } else {
        assert!(out.status.success(), "{what}: {stderr}");
    }
}

/// A sandbox target named `name` at `url`, for `application_id`: writable, calls bounded to
/// 10 s, never the instance metadata service. A test sets what differs.
pub fn sandbox_target(name: &str, url: &str, application_id: &str) -> ResolvedTarget {
    ResolvedTarget {
        name: name.into(),
        kind: TargetKind::Sandbox,
        application_id: application_id.into(),
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.into()),
        aws_profile: None,
        read_only: false,
        timeout: Duration::from_secs(10),
        use_instance_metadata: false,
        db: PathBuf::new(),
    }
}

/// The first column of every row `sql` reads, as strings.
pub fn strings(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Keeps the SDK clients a test builds in process away from the instance metadata service:
/// sets `AWS_EC2_METADATA_DISABLED` once, before the first client is built.
pub fn no_instance_metadata() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: runs once, before the first client exists; std's own environment readers
        // take the same lock, and the tests read the environment through std alone.
        unsafe { std::env::set_var("AWS_EC2_METADATA_DISABLED", "true") }
    });
}

/// What a command printed on stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A predicate on a command's output: it contains every one of `parts`.
pub fn contains_all(parts: &[&'static str]) -> impl predicates::Predicate<str> {
    use predicates::prelude::*;
    parts
        .iter()
        .map(|part| predicate::str::contains(*part).boxed())
        .reduce(|all, part| all.and(part).boxed())
        .expect("at least one part")
}

/// The example segments of `assets/segments` (`NAME.json`), in the order the tests create
/// them.
pub const EXAMPLE_SEGMENTS: [&str; 5] = [
    "premium-plan",
    "frequent-users",
    "near-berlin",
    "outside-north-america",
    "ios-premium-or-sms",
];

/// The repository's own file.
pub fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A JSON value with every number as an f64, so that 157 and 157.0 compare equal.
pub fn numbers_as_f64(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => a.iter().map(numbers_as_f64).collect(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| (k.clone(), numbers_as_f64(v)))
            .collect(),
        other => other.clone(),
    }
}

/// Parses stdout as JSON.
pub fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(output)))
}

/// The `Id` of every endpoint in a JSON list of endpoints, sorted.
pub fn sorted_ids(endpoints: &serde_json::Value) -> Vec<&str> {
    let mut ids: Vec<&str> = endpoints
        .as_array()
        .unwrap_or_else(|| panic!("not a list of endpoints: {endpoints}"))
        .iter()
        .map(|e| e["Id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}
