//! Local files under faults: a write that fails (here: the file-size limit, which fails the
//! way a full disk does) is reported and leaves the old file as it was; profile, draft and
//! log files are readable by the user only.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{Home, repo_file};
use pinpoint_console::model::UserInfo;
use pinpoint_console::store::drafts;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_failed_profile_write_is_reported_and_the_old_file_stays() {
    let home = Home::new();
    home.cmd()
        .args(["profiles", "import", "--name", "p"])
        .arg(repo_file("assets/profiles/sms-user.json"))
        .assert()
        .success();
    let profile = home.profiles_dir().join("p.toml");
    let before = std::fs::read(&profile).unwrap();
    // A profile larger than the limit: every write of it fails with EFBIG, as on a full disk.
    let attributes: serde_json::Map<String, serde_json::Value> = (0..60)
        .map(|i| {
            (
                format!("attribute_{i:02}"),
                serde_json::json!(["v".repeat(90)]),
            )
        })
        .collect();
    let big = home.write(
        "big.json",
        &serde_json::json!({"Id": "big", "Attributes": attributes}).to_string(),
    );
    let binary = env!("CARGO_BIN_EXE_pinpoint-console");
    let script = format!(
        "trap '' XFSZ; ulimit -f 2; exec '{binary}' profiles import --force --name p '{}'",
        big.display()
    );
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", &script])
        .env("PINPOINT_CONSOLE_CONFIG_DIR", home.config_dir())
        .env("PINPOINT_CONSOLE_DATA_DIR", home.data_dir())
        .env("AWS_EC2_METADATA_DISABLED", "true");
    let out = assert_cmd::Command::from_std(cmd).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("p.toml") && stderr.to_lowercase().contains("too large"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert_eq!(
        std::fs::read(&profile).unwrap(),
        before,
        "the old profile is unchanged"
    );
    let names: Vec<String> = std::fs::read_dir(home.profiles_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["p.toml"], "no temporary file is left behind");
}

#[test]
fn profile_draft_and_log_files_are_private() {
    let home = Home::new();
    home.cmd()
        .args(["--log-level", "debug", "profiles", "import"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .success();
    assert_eq!(mode(&home.profiles_dir().join("qa-ios.toml")), 0o600);
    assert_eq!(mode(&home.profiles_dir()), 0o700);
    assert_eq!(mode(&home.data_dir().join("pinpoint-console.log")), 0o600);
    assert_eq!(mode(&home.data_dir()), 0o700);
    let draft = home.data_dir().join("draft.toml");
    drafts::save(
        &draft,
        &drafts::Draft {
            form: UserInfo::default(),
            profile: Some("qa-ios".into()),
        },
    )
    .unwrap();
    assert_eq!(mode(&draft), 0o600);
}
