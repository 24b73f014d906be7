//! `segments` and `match` as a user runs them, against the built-in sandbox in a temporary
//! data directory.

mod common;

use common::{EXAMPLE_SEGMENTS, Home, Succeeds, contains_all, json, repo_file};
use predicates::prelude::*;

fn create_examples(home: &Home) -> Vec<(String, String)> {
    EXAMPLE_SEGMENTS
        .iter()
        .map(|name| {
            let out = home
                .cmd()
                .args(["segments", "create"])
                .arg(repo_file(&format!("assets/segments/{name}.json")))
                .succeeds(name);
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
        .stderr(contains_all(&["bad-segment.json:2:", "`Metric`"]));
    home.cmd().args(["match", "nobody"]).assert().code(1);
    home.cmd().arg("match").assert().code(2);
}

#[test]
fn match_prints_the_criteria_tree_for_people() {
    let home = Home::new();
    let ids = create_examples(&home);
    let id = |name: &str| ids.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let out = home
        .cmd()
        .args(["match", "--output", "table"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let frequent = format!(
        "MATCH        segment \"Frequent users (more than 100 logins)\" ({})",
        id("frequent-users")
    );
    let at = lines
        .iter()
        .position(|l| *l == frequent)
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        lines[at + 1..at + 3],
        ["  all of: yes", "    Metrics.logins 157 > 100: yes"],
        "{text}"
    );
    assert!(
        lines.contains(&"    Location.Country US not in [US, CA, MX]: no"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("NO_MATCH     segment \"Within 25 km")),
        "{text}"
    );
    assert_eq!(
        lines.last(),
        Some(&"endpoint qa-ios-0001, 5 segments: 3 MATCH, 2 NO_MATCH, 0 CANNOT_TELL"),
        "{text}"
    );
}

#[test]
fn segments_create_takes_several_files_and_goes_on_past_a_bad_one() {
    let home = Home::new();
    let bad = home.write("bad.json", "{\"Dimensions\": {\"Metric\": {}}}");
    let refused = home.write(
        "refused.json",
        r#"{"Name": "refused", "Dimensions": {"Metrics": {"m": {"ComparisonOperator": "ABOUT", "Value": 1}}}}"#,
    );
    let out = home
        .cmd()
        .args(["segments", "create"])
        .arg(repo_file("assets/segments/premium-plan.json"))
        .arg(&bad)
        .arg(repo_file("assets/segments/near-berlin.json"))
        .arg(&refused)
        .arg(home.dir.path().join("missing.json"))
        .arg(repo_file("assets/segments/frequent-users.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = stderr.lines().collect();
    assert_eq!(problems.len(), 3, "{stderr}");
    assert!(problems[0].contains("bad.json:1:") && problems[0].contains("`Metric`"));
    assert!(problems[1].contains("missing.json"), "{stderr}");
    assert!(
        problems[2].starts_with(&format!("{}: CreateSegment refused", refused.display()))
            && problems[2].contains("BadRequestException"),
        "{stderr}"
    );
    // One SegmentResponse after another, in the order of the files.
    let created: Vec<serde_json::Value> = serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let names: Vec<&str> = created
        .iter()
        .map(|s| s["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[0].starts_with("Premium plan") && names[2].starts_with("Frequent"));
    let listed = json(
        &home
            .cmd()
            .args(["segments", "list"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(listed["Item"].as_array().unwrap().len(), 3);

    // For people: one line per file.
    let out = home
        .cmd()
        .args(["segments", "create", "--output", "table"])
        .env("COLUMNS", "200")
        .arg(&bad)
        .arg(repo_file("assets/segments/near-berlin.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("FILE") && lines[0].contains("RESULT"),
        "{text}"
    );
    assert!(
        lines[2].contains("bad.json") && lines[2].contains(" failed"),
        "{text}"
    );
    assert!(
        lines[3].contains("near-berlin.json")
            && lines[3].contains(" created ")
            && lines[3].contains("Within 25 km"),
        "{text}"
    );
    // All good: exit 0.
    home.cmd()
        .args(["segments", "create"])
        .arg(repo_file("assets/segments/premium-plan.json"))
        .arg(repo_file("assets/segments/outside-north-america.json"))
        .assert()
        .success();
}

#[test]
fn a_segment_is_named_by_its_id_or_its_name() {
    let home = Home::new();
    let ids = create_examples(&home);
    let id = |name: &str| ids.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let name = "Frequent users (more than 100 logins)";
    let shown = json(
        &home
            .cmd()
            .args(["segments", "show", name])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(shown["Id"], id("frequent-users"));
    let report = json(
        &home
            .cmd()
            .args(["match", "--segment", name])
            .arg(repo_file("assets/profiles/qa-ios.json"))
            .output()
            .unwrap()
            .stdout,
    );
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["segment_id"], id("frequent-users"));

    // An id wins over a name: a segment named after another's id.
    let impostor = home.write(
        "impostor.json",
        &serde_json::json!({
            "Name": id("near-berlin"),
            "Dimensions": {"Attributes": {"plan": {"Values": ["free"]}}}
        })
        .to_string(),
    );
    home.cmd()
        .args(["segments", "create"])
        .arg(&impostor)
        .assert()
        .success();
    let shown = json(
        &home
            .cmd()
            .args(["segments", "show", &id("near-berlin")])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(shown["Name"], "Within 25 km of Berlin (by GPS)");
    let report = json(
        &home
            .cmd()
            .args(["match", "--segment", &id("near-berlin")])
            .arg(repo_file("assets/profiles/gps-user.json"))
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(report["results"][0]["segment_id"], id("near-berlin"));

    // A name that two segments share: an error that lists their ids.
    let again = home
        .cmd()
        .args(["segments", "create"])
        .arg(repo_file("assets/segments/frequent-users.json"))
        .output()
        .unwrap();
    let second = json(&again.stdout)["Id"].as_str().unwrap().to_string();
    for out in [
        home.cmd()
            .args(["segments", "show", name])
            .output()
            .unwrap(),
        home.cmd()
            .args(["match", "--segment", name])
            .arg(repo_file("assets/profiles/qa-ios.json"))
            .output()
            .unwrap(),
    ] {
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.trim_end(),
            format!(
                "2 segments in application 5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c are named `{name}`: \
                 {}, {second}; name one by its id",
                id("frequent-users")
            )
        );
    }
    // Neither an id nor a name: the service's error for the id.
    home.cmd()
        .args(["match", "--segment", "nobody's"])
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no segment `nobody's` in application",
        ));
}
