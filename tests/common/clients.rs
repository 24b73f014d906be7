//! The AWS CLI and boto3 for the tests that drive the sandbox with them: those on PATH, or a
//! venv made once under the target directory when PATH lacks either; and the environment
//! every such client runs in (fake static credentials, loopback only).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

/// The longest one external client call (an AWS CLI or Python process) may take.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// The AWS CLI and a Python that imports boto3.
pub struct Clients {
    pub aws: PathBuf,
    pub python: PathBuf,
}

/// Where the clients are installed when the machine lacks them.
fn venv_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("aws-clients-venv")
}

/// The clients on PATH, or those of the venv, which is made (once, under a lock that other
/// test processes respect too) when PATH lacks either.
pub fn clients() -> &'static Clients {
    static CLIENTS: OnceLock<Clients> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        let scratch = tempfile::tempdir().unwrap();
        let works = |program: &Path, args: &[&str]| {
            let mut cmd = std::process::Command::new(program);
            cmd.args(args);
            aws_env(&mut cmd, scratch.path());
            assert_cmd::Command::from_std(cmd)
                .timeout(CLIENT_TIMEOUT)
                .output()
                .is_ok_and(|o| o.status.success())
        };
        let on_path = Clients {
            aws: "aws".into(),
            python: "python3".into(),
        };
        if works(&on_path.aws, &["--version"]) && works(&on_path.python, &["-c", "import boto3"]) {
            return on_path;
        }
        let venv = venv_dir();
        let in_venv = Clients {
            aws: venv.join("bin/aws"),
            python: venv.join("bin/python3"),
        };
        std::fs::create_dir_all(venv.parent().unwrap()).unwrap();
        let lock = std::fs::File::create(venv.with_extension("lock")).unwrap();
        lock.lock().unwrap();
        let marker = venv.join(".installed");
        if !marker.exists() {
            let _ = std::fs::remove_dir_all(&venv);
            let steps: [(&Path, Vec<&str>); 2] = [
                (
                    Path::new("python3"),
                    vec!["-m", "venv", venv.to_str().unwrap()],
                ),
                (
                    &venv.join("bin/pip"),
                    vec!["install", "--quiet", "awscli", "boto3"],
                ),
            ];
            for (program, args) in steps {
                let mut cmd = std::process::Command::new(program);
                cmd.args(&args);
                let out = assert_cmd::Command::from_std(cmd)
                    .timeout(Duration::from_secs(600))
                    .output()
                    .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
                assert!(
                    out.status.success(),
                    "installing the AWS CLI and boto3: {} {args:?} failed: {}",
                    program.display(),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            std::fs::write(&marker, "").unwrap();
        }
        lock.unlock().unwrap();
        assert!(
            works(&in_venv.aws, &["--version"]) && works(&in_venv.python, &["-c", "import boto3"]),
            "the venv at {} has no working aws or boto3",
            venv.display()
        );
        in_venv
    })
}

/// `aws --endpoint-url URL --output json pinpoint ARGS...` in the environment `aws_env` gives
/// (missing config files in `dir`).
pub fn aws_pinpoint(url: &str, dir: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(&clients().aws);
    cmd.args(["--endpoint-url", url, "--output", "json", "pinpoint"])
        .args(args);
    aws_env(&mut cmd, dir);
    cmd
}

/// What every external AWS client gets: fake static credentials, a region, missing config
/// files (in `dir`), no metadata service, no retries.
pub fn aws_env(cmd: &mut std::process::Command, dir: &Path) {
    cmd.env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-aws-credentials"),
        )
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_PAGER", "")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_REGION")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_PINPOINT")
        .stdin(Stdio::null());
}
