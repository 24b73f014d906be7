//! The offline commands, run as a user runs them: the binary against a temporary config
//! directory.

mod common;

use common::{Home, Succeeds, contains_all, json, repo_file, stdout};
use predicates::prelude::*;

#[test]
fn amplify_user_info_previews_as_pinpoint_and_back() {
    let home = Home::new();
    let fixture = repo_file("tests/fixtures/amplify-userinfo.json");
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();

    home.cmd()
        .args(["profiles", "import"])
        .arg(&fixture)
        .args(["--name", "amplify-doc"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Amplify userInfo"));

    let preview = |format| {
        let args = ["preview", "amplify-doc", "--format", format];
        json(&home.cmd().args(args).succeeds(format).stdout)
    };
    let expected = serde_json::json!({
        "Address": "user@example.com",
        "Attributes": {"hobbies": ["cooking", "knitting"]},
        "Demographic": {"AppVersion": "1.2.3", "Locale": "en_US", "Make": "Apple", "Model": "iPhone",
            "ModelVersion": "13", "Platform": "iOS", "PlatformVersion": "15", "Timezone": "America/Los_Angeles"},
        "Location": {"City": "Seattle", "Country": "US", "PostalCode": "98121", "Region": "WA",
            "Latitude": 47.6, "Longitude": -122.3},
        "Metrics": {"logins": 157},
        "OptOut": "NONE"
    });
    assert_eq!(preview("pinpoint"), expected);
    assert_eq!(preview("amplify"), original);

    // The file itself works as SOURCE too, without importing.
    let out = home
        .cmd()
        .arg("preview")
        .arg(&fixture)
        .args(["-f", "amplify"])
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout), original);
}

#[test]
fn cli_preview_is_one_pasteable_line() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["preview", "--format", "cli", "--app", "abc"])
        .arg(repo_file("assets/profiles/email-user.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let line = stdout(&out);
    assert_eq!(line.trim_end().lines().count(), 1);
    let words = shlex::split(line.trim_end()).unwrap();
    let at = |flag: &str| words[words.iter().position(|w| w == flag).unwrap() + 1].clone();
    assert_eq!(at("--application-id"), "abc");
    assert_eq!(at("--endpoint-id"), "qa-email-0001");
    let body: serde_json::Value = serde_json::from_str(&at("--endpoint-request")).unwrap();
    assert_eq!(body["Address"], "qa.tester+0003@example.com");
}

#[test]
fn validate_reports_three_errors_with_paths() {
    let home = Home::new();
    let values: Vec<String> = (0..51).map(|i| format!("v{i}")).collect();
    let doc = serde_json::json!({
        "Id": "ep-1",
        "Attributes": {"n".repeat(51): ["x"], "hobbies": values},
        "Location": {"Latitude": 91}
    });
    let file = home.write("bad.json", &doc.to_string());
    let out = home.cmd().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(&format!("attributes.{}: error: ", "n".repeat(51))),
        "{text}"
    );
    assert!(
        lines[1].starts_with("attributes.hobbies: error: 51 values"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("location.latitude: error: latitude 91"),
        "{text}"
    );
}

#[test]
fn validate_accepts_the_examples_and_passes_warnings() {
    let home = Home::new();
    for example in ["qa-ios", "sms-user", "email-user", "gps-user"] {
        home.cmd()
            .arg("validate")
            .arg(repo_file(&format!("assets/profiles/{example}.json")))
            .assert()
            .success()
            .stdout("");
    }
    // Amplify's userInfo (the documentation's example) never carries an endpoint id: valid,
    // with a warning that says how to give one. A request without one cannot be sent.
    home.cmd()
        .arg("validate")
        .arg(repo_file("tests/fixtures/amplify-userinfo.json"))
        .assert()
        .success()
        .stdout(
            "endpoint_id: warning: an Amplify userInfo carries no endpoint id; \
             `put SOURCE --endpoint-id ID` gives it one (or an `Id` in the file)\n",
        );
    home.cmd()
        .arg("put")
        .arg(repo_file("tests/fixtures/amplify-userinfo.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "endpoint_id: error: an endpoint id is required; \
             `put SOURCE --endpoint-id ID` gives it one (or an `Id` in the file)",
        ));
    // `preview` prints what would be sent whatever it holds, and says on stderr what
    // Pinpoint would refuse.
    let refused = home.write(
        "refused.json",
        r#"{"Id": "p-1", "ChannelType": "EMAILX", "Location": {"Latitude": 91}}"#,
    );
    home.cmd()
        .args(["preview", "--format", "cli"])
        .arg(&refused)
        .assert()
        .success()
        .stdout(predicate::str::contains("update-endpoint"))
        .stderr(predicate::str::contains("warning: channel_type: error:"))
        .stderr(predicate::str::contains(
            "warning: Pinpoint would refuse this request (2 errors; `validate SOURCE` lists every problem)",
        ));
    home.cmd()
        .args(["preview", "--format", "cli"])
        .arg(repo_file("assets/profiles/email-user.json"))
        .assert()
        .success()
        .stderr("");
    // `put` checks first and sends nothing when there is an error.
    let bad = home.write(
        "bad.json",
        r#"{"Id": "badput", "Location": {"Latitude": 91}}"#,
    );
    home.cmd()
        .arg("put")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "location.latitude: error: latitude 91 is outside -90..90",
        ))
        .stderr(predicate::str::contains("nothing was sent"));
    home.cmd()
        .args(["get", "badput"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("NotFoundException"));
    let file = home.write(
        "warn.json",
        r#"{"Id": "e", "Demographic": {"Timezone": "Americas/Los_Angeles"}}"#,
    );
    home.cmd()
        .arg("validate")
        .arg(&file)
        .assert()
        .success()
        .stdout(contains_all(&[
            "demographic.timezone: warning:",
            "America/Los_Angeles",
        ]));
}

#[test]
fn broken_profile_is_listed_with_position_and_left_untouched() {
    let home = Home::new();
    for example in ["qa-ios", "sms-user"] {
        home.cmd()
            .args(["profiles", "import"])
            .arg(repo_file(&format!("assets/profiles/{example}.json")))
            .assert()
            .success();
    }
    let broken = home.profiles_dir().join("broken.toml");
    let bytes = b"endpoint_id = \"x\"\nuser_id = \"unterminated\n[metrics]\n".to_vec();
    std::fs::write(&broken, &bytes).unwrap();

    let out = home.cmd().args(["profiles", "list"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let broken_line = text
        .lines()
        .find(|l| l.starts_with("broken "))
        .expect(&text);
    assert!(
        broken_line.contains("BROKEN") && broken_line.contains("broken.toml:2:"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("qa-ios ") && l.contains("qa-user-0001") && l.contains("APNS")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("sms-user ") && l.contains("SMS")),
        "{text}"
    );

    // Neither a forced import nor show touches it.
    home.cmd()
        .args(["profiles", "import", "--force", "--name", "broken"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not parse"));
    home.cmd()
        .args(["profiles", "show", "broken"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.toml:2:"));
    assert_eq!(std::fs::read(&broken).unwrap(), bytes);
}

#[test]
fn profiles_import_show_export_rm() {
    let home = Home::new();
    home.cmd()
        .args(["profiles", "import"])
        .arg(repo_file("assets/profiles/gps-user.json"))
        .assert()
        .success();
    // A name that starts with a dash is a name, not an option, and stays in the directory.
    home.cmd()
        .args(["profiles", "import"])
        .arg(repo_file("assets/profiles/gps-user.json"))
        .args(["--name", "-rf"])
        .assert()
        .success();
    assert!(home.profiles_dir().join("-rf.toml").is_file());
    home.cmd()
        .args(["profiles", "rm", "--", "-rf"])
        .assert()
        .success();
    // Importing again needs --force.
    home.cmd()
        .args(["profiles", "import"])
        .arg(repo_file("assets/profiles/gps-user.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    let shown = home
        .cmd()
        .args(["profiles", "show", "gps-user"])
        .output()
        .unwrap();
    let text = stdout(&shown);
    assert!(
        text.contains("endpoint_id = \"qa-gps-0001\"") && text.contains("latitude = 52.5"),
        "{text}"
    );

    let out = home
        .cmd()
        .args(["profiles", "export", "gps-user"])
        .output()
        .unwrap();
    let exported = json(&out.stdout);
    let mut original: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_file("assets/profiles/gps-user.json")).unwrap(),
    )
    .unwrap();
    original.as_object_mut().unwrap().remove("Id");
    assert_eq!(exported, original);

    let out = home
        .cmd()
        .args(["profiles", "export", "gps-user", "--format", "toml"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim_end(), text.trim_end());

    home.cmd()
        .args(["profiles", "rm", "gps-user"])
        .assert()
        .success();
    home.cmd()
        .args(["profiles", "rm", "gps-user"])
        .assert()
        .code(1);
    home.cmd()
        .args(["profiles", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no profiles"));
}

#[test]
fn profile_names_cannot_escape_the_directory() {
    let home = Home::new();
    for name in ["../escape", "a/b", ".hidden"] {
        home.cmd()
            .args(["profiles", "import", "--name", name])
            .arg(repo_file("assets/profiles/qa-ios.json"))
            .assert()
            .code(1)
            .stderr(predicate::str::contains("profile name"));
    }
    assert!(!home.config_dir().join("escape.toml").exists());
    assert!(!home.dir.path().join("escape.toml").exists());
}

#[test]
fn unknown_keys_are_errors_that_name_the_key() {
    let home = Home::new();
    let file = home.write(
        "typo.json",
        "{\n  \"address\": \"x\",\n  \"optout\": \"ALL\"\n}",
    );
    home.cmd()
        .arg("preview")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(contains_all(&["typo.json:3:", "`optout`"]));
}

#[test]
fn missing_sources_and_bad_usage() {
    let home = Home::new();
    for (source, says) in [
        ("nobody", "no profile named `nobody`"),
        ("missing.json", "no such file"),
    ] {
        home.cmd()
            .args(["preview", source])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(says));
    }
    home.cmd()
        .args(["preview", "x", "--format", "yaml"])
        .assert()
        .code(2);
    home.cmd().arg("frobnicate").assert().code(2);
}

#[test]
fn stdin_is_a_source() {
    let home = Home::new();
    let out = home
        .cmd()
        .args(["preview", "-"])
        .write_stdin(
            r#"{"EndpointResponse": {"Id": "e", "Address": "+12065550100", "CohortId": "1"}}"#,
        )
        .output()
        .unwrap();
    assert_eq!(
        json(&out.stdout),
        serde_json::json!({"Address": "+12065550100"})
    );
}

#[test]
fn config_path_follows_the_environment() {
    let home = Home::new();
    let out = home.cmd().args(["config", "path"]).output().unwrap();
    let text = stdout(&out);
    let config = home.config_dir().join("config.toml");
    let log = home.data_dir().join("pinpoint-console.log");
    assert!(text.contains(&config.display().to_string()), "{text}");
    assert!(text.contains(&log.display().to_string()), "{text}");
    assert!(
        text.contains(&home.profiles_dir().display().to_string()),
        "{text}"
    );
}

#[test]
fn logs_go_to_the_file_not_the_terminal() {
    let home = Home::new();
    home.cmd()
        .args(["--log-level", "debug", "preview", "missing-profile"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no profile named")
                .and(predicate::str::contains("INFO").not()),
        );
    let log = std::fs::read_to_string(home.data_dir().join("pinpoint-console.log")).unwrap();
    assert!(log.contains("no profile named"), "{log}");
}

#[test]
fn a_bare_log_level_applies_to_the_built_in_sandbox_too() {
    let home = Home::new();
    home.cmd()
        .args(["--log-level", "debug", "put"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .success();
    let log = std::fs::read_to_string(home.data_dir().join("pinpoint-console.log")).unwrap();
    assert!(log.contains("sandbox request"), "{log}");
}

#[test]
fn completions_for_each_shell() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish"] {
        home.cmd()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(contains_all(&["pinpoint-console", "profiles"]));
    }
}

#[test]
fn previews_work_offline_even_with_a_broken_config() {
    let home = Home::new();
    home.write(
        "config/config.toml",
        "default_target = \"sandbox\"\n[targets.x]\nkind = \"aws\"\nregoin = \"x\"\n",
    );
    home.cmd()
        .args(["preview", "--format", "cli"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .success();
}

/// A reader that goes away (`| head -1`) ends the output quietly: exit 0, no panic.
#[test]
fn a_closed_stdout_ends_the_output_quietly() {
    let home = Home::new();
    for args in [&["completions", "bash"][..], &["config", "path"]] {
        let mut child = home
            .process()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the first line is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
