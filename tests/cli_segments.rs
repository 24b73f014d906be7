//! `segments` and `match` as a user runs them, against the built-in sandbox in a temporary
//! data directory.

mod common;

use common::{Home, json, repo_file};
use predicates::prelude::*;

fn create_examples(home: &Home) -> Vec<(String, String)> {
    [
        "premium-plan",
        "frequent-users",
        "near-berlin",
        "outside-north-america",
        "ios-premium-or-sms",
    ]
    .iter()
    .map(|name| {
        let out = home
            .cmd()
            .args(["segments", "create"])
            .arg(repo_file(&format!("assets/segments/{name}.json")))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let created = json(&out.stdout);
        assert_eq!(created["SegmentType"], "DIMENSIONAL");
        (
            name.to_string(),
            created["Id"].as_str().unwrap().to_string(),
        )
    })
    .collect()
}

#[test]
fn example_profiles_match_or_miss_the_example_segments() {
    let home = Home::new();
    let ids = create_examples(&home);
    let id = |name: &str| ids.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let expected = [
        (
            "qa-ios",
            vec!["premium-plan", "frequent-users", "ios-premium-or-sms"],
        ),
        ("sms-user", vec!["ios-premium-or-sms"]),
        ("email-user", vec!["premium-plan"]),
        ("gps-user", vec!["near-berlin", "outside-north-america"]),
        (
            "app-premium",
            vec!["premium-plan", "frequent-users", "ios-premium-or-sms"],
        ),
        ("app-berlin", vec!["near-berlin", "outside-north-america"]),
    ];
    for (profile, matching) in expected {
        let out = home
            .cmd()
            .arg("match")
            .arg(repo_file(&format!("assets/profiles/{profile}.json")))
            .output()
            .unwrap();
        assert!(out.status.success(), "match exits 0 whatever the outcome");
        let report = json(&out.stdout);
        let results = report["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        for (name, segment_id) in &ids {
            let result = results
                .iter()
                .find(|r| r["segment_id"] == segment_id.as_str())
                .unwrap();
            let want = if matching.contains(&name.as_str()) {
                "MATCH"
            } else {
                "NO_MATCH"
            };
            assert_eq!(result["outcome"], want, "{profile} in {name}: {result:#}");
            assert!(
                result["criteria"]["criterion"]
                    .as_str()
                    .unwrap()
                    .contains(segment_id.as_str())
            );
        }
    }
    // One segment only, with its reasons.
    let out = home
        .cmd()
        .args(["match", "--segment", &id("frequent-users")])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(report["results"].as_array().unwrap().len(), 1);
    let text = report.to_string();
    assert!(text.contains("Metrics.logins 157 > 100"), "{text}");
}

#[test]
fn segments_list_and_show() {
    let home = Home::new();
    let ids = create_examples(&home);
    let out = home.cmd().args(["segments", "list"]).output().unwrap();
    let listed = json(&out.stdout);
    assert_eq!(listed["Item"].as_array().unwrap().len(), 5);
    let (_, gps_id) = ids.iter().find(|(n, _)| n == "near-berlin").unwrap();
    let out = home
        .cmd()
        .args(["segments", "show", gps_id])
        .output()
        .unwrap();
    let shown = json(&out.stdout);
    let written: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_file("assets/segments/near-berlin.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        shown["Dimensions"], written["Dimensions"],
        "stored and returned as sent"
    );
    home.cmd()
        .args(["segments", "show", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "GetSegment nope in application 5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c: NotFoundException: ",
        ));
}

#[test]
fn match_reads_a_stored_endpoint_and_bad_files_are_named() {
    let home = Home::new();
    create_examples(&home);
    home.cmd()
        .arg("put")
        .arg(repo_file("assets/profiles/gps-user.json"))
        .assert()
        .success();
    let out = home
        .cmd()
        .args(["match", "--endpoint", "qa-gps-0001"])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(report["endpoint_id"], "qa-gps-0001");
    let matched: Vec<&str> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "MATCH")
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(matched.len(), 2, "{matched:?}");

    let bad = home.write(
        "bad-segment.json",
        "{\n  \"Dimensions\": {\"Metric\": {}}\n}",
    );
    home.cmd()
        .args(["segments", "create"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bad-segment.json:2:")
                .and(predicate::str::contains("`Metric`")),
        );
    home.cmd().args(["match", "nobody"]).assert().code(1);
    home.cmd().arg("match").assert().code(2);
}
