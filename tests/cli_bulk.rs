//! `bulk` and `bulk delete` as a user runs them, against the built-in sandbox in a temporary
//! data directory.

mod common;

use common::{Home, assert_success, contains_all, json, repo_file, stdout};
use predicates::prelude::*;
use std::path::Path;

/// `bulk` on the qa-ios profile with `args`.
fn bulk(home: &Home, args: &[&str]) -> std::process::Output {
    bulk_from(home, &repo_file("assets/profiles/qa-ios.json"), args)
}

/// `bulk SOURCE` with `args`.
fn bulk_from(home: &Home, source: &Path, args: &[&str]) -> std::process::Output {
    home.cmd()
        .arg("bulk")
        .arg(source)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn bulk_creates_then_updates_the_same_endpoints() {
    let home = Home::new();
    let args = [
        "--count",
        "250",
        "--endpoint-id",
        "qa-{n:03}",
        "--user-id",
        "qa-user-{n}",
        "--address",
        "tok-{n}",
        "--vary",
        "demographic.platform=iOS,Android",
        "--vary",
        "metrics.logins=0..9",
    ];
    let out = bulk(&home, &args);
    assert_success(&out, "");
    let summary = stdout(&out);
    assert!(
        summary.starts_with("created or updated 250 endpoints in "),
        "{summary}"
    );
    assert!(summary.contains("endpoints/s, 3 requests)"), "{summary}");
    // Not a terminal: no progress bar in the output.
    assert_eq!(summary.lines().count(), 1, "{summary}");

    let got = json(&home.cmd().args(["get", "qa-007"]).output().unwrap().stdout);
    assert_eq!(got["User"]["UserId"], "qa-user-7");
    assert_eq!(got["Address"], "tok-7");
    assert_eq!(
        got["Demographic"]["Platform"], "iOS",
        "item 6 (0-based) takes the first value"
    );
    assert_eq!(got["Metrics"]["logins"], 6);
    let created = got["CreationDate"].clone();

    // The same command again updates the same 250 endpoints.
    let out = bulk(&home, &args);
    assert!(out.status.success());
    let again = json(&home.cmd().args(["get", "qa-007"]).output().unwrap().stdout);
    assert_eq!(again["CreationDate"], created, "the same endpoint, updated");
    assert_ne!(again["EffectiveDate"], got["EffectiveDate"]);
    home.cmd().args(["get", "qa-251"]).assert().code(1);

    // bulk delete removes them again; a second run finds nothing to delete.
    home.cmd()
        .args([
            "bulk",
            "delete",
            "--endpoint-id",
            "qa-{n:03}",
            "--count",
            "250",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("deleted 250 endpoints"));
    home.cmd().args(["get", "qa-007"]).assert().code(1);
    home.cmd()
        .args([
            "bulk",
            "delete",
            "--endpoint-id",
            "qa-{n:03}",
            "--count",
            "3",
        ])
        .assert()
        .success()
        .stdout(contains_all(&[
            "deleted 0 endpoints",
            "3 endpoints were not there",
        ]));
}

#[test]
fn dry_run_prints_the_first_items_and_sends_nothing() {
    let home = Home::new();
    let out = bulk(
        &home,
        &[
            "--count",
            "1000",
            "--endpoint-id",
            "load-{n}",
            "--user-id",
            "u-{n}",
            "--dry-run",
        ],
    );
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(first["Id"], "load-1");
    assert_eq!(first["User"]["UserId"], "u-1");
    assert!(
        lines[3]
            .contains("1000 endpoints (load-1 .. load-1000) in 10 UpdateEndpointsBatch requests"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("same address"),
        "the shared address is warned about"
    );
    // One endpoint is counted in the singular.
    let one = bulk(
        &home,
        &["--count", "1", "--endpoint-id", "load-{n}", "--dry-run"],
    );
    assert!(
        stdout(&one).ends_with(
            "dry run: would send 1 endpoint (load-1) in 1 UpdateEndpointsBatch request of up to 100; nothing was sent\n"
        ),
        "{}",
        stdout(&one)
    );
    home.cmd()
        .args(["get", "load-1"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "GetEndpoint load-1 in application 5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c: NotFoundException: Resource not found (request id ",
        ));
}

#[test]
fn an_invalid_item_stops_the_run_before_anything_is_sent() {
    let home = Home::new();
    let out = bulk(
        &home,
        &[
            "--count",
            "5",
            "--endpoint-id",
            "bad-{n}",
            "--vary",
            "location.latitude=10,95",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("item 1 (bad-2): location.latitude: error"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    home.cmd().args(["get", "bad-1"]).assert().code(1);

    let out = bulk(&home, &["--count", "20", "--user-id", "one-user"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("15 per user id"));
    for bad in [
        &["--count", "2", "--endpoint-id", "q-{m}"][..],
        &["--count", "2", "--vary", "nope=1"],
    ] {
        let out = bulk(&home, bad);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
    }
    // A hostile value in the problem lines reaches stderr escaped.
    let hostile = home.write(
        "hostile.json",
        r#"{"Id": "h", "OptOut": "N\u001b]0;pwned\u0007\u009b31m"}"#,
    );
    let out = bulk_from(&home, &hostile, &["--count", "2", "--endpoint-id", "h-{n}"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("opt_out"), "{stderr}");
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("\\u001B]0;pwned\\u0007\\u009B31m"),
        "{stderr:?}"
    );
    // Requests in flight stay bounded: --concurrency is 1 to 16 (bad usage otherwise).
    for bad in ["0", "17"] {
        let out = bulk(&home, &["--count", "2", "--concurrency", bad]);
        assert_eq!(out.status.code(), Some(2), "--concurrency {bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("1..=16"));
    }
    // Without a count, or without anything, it says what is missing (bad usage).
    let out = bulk(&home, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--count"));
    home.cmd()
        .arg("bulk")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<SOURCE>"));
}

#[test]
fn failed_items_are_summed_up_and_exit_1() {
    let home = Home::new();
    // A read-only target refuses before sending anything.
    let config = home.write(
        "config/config.toml",
        "[targets.sandbox]\nkind = \"sandbox\"\nread_only = true\n",
    );
    let out = bulk(&home, &["--count", "3"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().any(|l| l.starts_with("ReadOnlyTarget: ")),
        "{stderr}"
    );

    // An application that does not exist: every batch fails, with the reason.
    std::fs::remove_file(config).unwrap();
    let out = home
        .cmd()
        .args(["--app", "no-such-app", "bulk"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .args([
            "--count",
            "150",
            "--endpoint-id",
            "x-{n}",
            "--user-id",
            "x-{n}",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("created or updated 0 endpoints"), "{text}");
    assert!(text.contains("failed 150 endpoints:"), "{text}");
    assert!(
        text.contains(
            "x-1 .. x-100 (100): UpdateEndpointsBatch in application no-such-app: NotFoundException"
        ),
        "{text}"
    );
}

#[test]
fn service_errors_name_the_operation_the_id_and_the_application() {
    let home = Home::new();
    let app = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";
    let cases: [(&[&str], String); 6] = [
        (
            &["get", "no-such-id"],
            format!("GetEndpoint no-such-id in application {app}: NotFoundException: "),
        ),
        (
            &["user", "no-such-user"],
            format!("GetUserEndpoints no-such-user in application {app}: NotFoundException: "),
        ),
        (
            &["delete", "no such id"],
            format!("DeleteEndpoint \"no such id\" in application {app}: NotFoundException: "),
        ),
        (
            &["delete", "--user", "nobody"],
            format!("DeleteUserEndpoints nobody in application {app}: NotFoundException: "),
        ),
        (
            &["segments", "show", "seg-1"],
            format!("GetSegment seg-1 in application {app}: NotFoundException: "),
        ),
        (
            &["--app", "no-such-app", "get", "qa-1"],
            "GetEndpoint qa-1 in application no-such-app: NotFoundException: ".to_string(),
        ),
    ];
    for (args, want) in cases {
        let out = home.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&want) && stderr.contains("(request id "),
            "{args:?}: {stderr}"
        );
    }
}
