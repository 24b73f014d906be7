//! Local files under faults: a write that fails (here: the file-size limit, which fails the
//! way a full disk does) is reported and leaves the old file as it was; every file and
//! directory the product creates is readable by the user only, whatever the umask.

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

/// Runs the binary with a file-mode creation mask that lets everyone read and write what it
/// creates (`umask 000`): the product's own modes must hold whatever the mask.
fn cmd_under_open_umask(home: &Home) -> assert_cmd::Command {
    let mut cmd = std::process::Command::new("sh");
    cmd.args([
        "-c",
        "umask 000 && exec \"$0\" \"$@\"",
        env!("CARGO_BIN_EXE_pinpoint-console"),
    ]);
    home.isolate(&mut cmd);
    assert_cmd::Command::from_std(cmd)
}

#[test]
fn every_file_and_directory_the_product_creates_is_private_whatever_the_umask() {
    let home = Home::new();
    // Config directory, profiles directory, a profile; data directory and log.
    cmd_under_open_umask(&home)
        .args(["--log-level", "debug", "profiles", "import"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .success();
    assert_eq!(mode(&home.config_dir()), 0o700);
    assert_eq!(mode(&home.profiles_dir()), 0o700);
    assert_eq!(mode(&home.profiles_dir().join("qa-ios.toml")), 0o600);
    assert_eq!(mode(&home.data_dir().join("pinpoint-console.log")), 0o600);
    assert_eq!(mode(&home.data_dir()), 0o700);

    // The built-in sandbox of a command: the database in the data directory.
    cmd_under_open_umask(&home)
        .arg("put")
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .success();
    assert_eq!(mode(&home.data_dir().join("sandbox.sqlite3")), 0o600);

    // `serve` on a database in a directory of its own: the directory, the database and its
    // -wal and -shm files while it runs.
    let db = home.dir.path().join("served").join("sandbox.sqlite3");
    let serve = common::serve::Serve::start_under_umask(&home, &db, &[], Some("000"));
    let side = |suffix: &str| std::path::PathBuf::from(format!("{}{suffix}", db.display()));
    for path in [side("-wal"), side("-shm")] {
        assert!(path.exists(), "{} exists while serve runs", path.display());
    }
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    for path in [db.clone(), side("-wal"), side("-shm")] {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
    drop(serve);

    // A database an earlier version left readable by others is made private when opened.
    let old = Home::new();
    std::fs::create_dir_all(old.data_dir()).unwrap();
    let db = old.data_dir().join("sandbox.sqlite3");
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    old.cmd()
        .arg("put")
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .success();
    assert_eq!(mode(&db), 0o600);

    // The draft (written like a profile, through the same atomic write).
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
