//! `campaigns`, `templates`, `messages` and `events put` as a user runs them, against the
//! built-in sandbox in a temporary data directory, on the example segments, template,
//! campaigns and profiles of `assets/`.

mod common;

use std::collections::BTreeMap;

use common::serve::{Serve, http};
use common::{EXAMPLE_SEGMENTS, Home, Succeeds, assert_success, contains_all, json, repo_file};
use predicates::prelude::*;
use serde_json::Value;

const APP: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";

const CAMPAIGNS: [&str; 6] = [
    "spring-sale",
    "premium-welcome",
    "loyalty-reward",
    "berlin-store",
    "gloves-promo",
    "settings-tip",
];

fn asset(path: &str) -> String {
    repo_file(&format!("assets/{path}"))
        .to_string_lossy()
        .into_owned()
}

fn profile(name: &str) -> String {
    asset(&format!("profiles/{name}.json"))
}

/// Several JSON documents, one after another.
fn documents(out: &[u8]) -> Vec<Value> {
    serde_json::Deserializer::from_slice(out)
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

/// Creates the example segments, the template and the campaigns; the campaigns' ids by name.
fn create_examples(home: &Home) -> BTreeMap<String, String> {
    let segments: Vec<String> = EXAMPLE_SEGMENTS
        .iter()
        .map(|n| asset(&format!("segments/{n}.json")))
        .collect();
    home.cmd()
        .args(["segments", "create"])
        .args(&segments)
        .assert()
        .success();
    let created = output_json(
        home,
        &["templates", "create", &asset("templates/gloves-modal.json")],
    );
    assert!(
        created["Arn"].as_str().unwrap().contains("gloves-modal"),
        "{created}"
    );
    let files: Vec<String> = CAMPAIGNS
        .iter()
        .map(|n| asset(&format!("campaigns/{n}.json")))
        .collect();
    let mut arguments = vec!["campaigns", "create"];
    arguments.extend(files.iter().map(String::as_str));
    let created = documents(&stdout_of(home, &arguments));
    assert_eq!(created.len(), CAMPAIGNS.len());
    created
        .iter()
        .map(|c| {
            (
                c["Name"].as_str().unwrap().to_string(),
                c["Id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A command's standard output; the command must succeed.
fn stdout_of(home: &Home, arguments: &[&str]) -> Vec<u8> {
    let out = home.cmd().args(arguments).output().unwrap();
    assert_success(&out, &format!("{arguments:?}"));
    out.stdout
}

/// A command's JSON output; the command must succeed.
fn output_json(home: &Home, arguments: &[&str]) -> Value {
    json(&stdout_of(home, arguments))
}

/// An example file's JSON (`campaigns/spring-sale.json`), to edit.
fn asset_json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(asset(path)).unwrap()).unwrap()
}

/// The id of the segment with this name.
fn segment_id(home: &Home, name: &str) -> String {
    let segments = output_json(home, &["segments", "list"]);
    let found = segments["Item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Name"] == name);
    found.unwrap()["Id"].as_str().unwrap().to_string()
}

/// `messages` for a profile (JSON), with more arguments.
fn messages(home: &Home, who: &[&str], more: &[&str]) -> Value {
    let out = home
        .cmd()
        .arg("messages")
        .args(who)
        .args(more)
        .succeeds("messages exits 0 whatever the answers");
    json(&out.stdout)
}

/// The names of the campaigns with this outcome.
fn with_outcome<'a>(report: &'a Value, outcome: &str) -> Vec<&'a str> {
    report["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == outcome)
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

/// The names of GetInAppMessages' campaigns, in its order.
fn listed(answer: &Value, ids: &BTreeMap<String, String>) -> Vec<String> {
    answer["InAppMessageCampaigns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let id = m["CampaignId"].as_str().unwrap();
            ids.iter().find(|(_, i)| *i == id).unwrap().0.clone()
        })
        .collect()
}

/// Every leaf of a criteria tree that did not hold.
fn failing(tree: &Value) -> Vec<String> {
    let children = tree["children"].as_array();
    match children {
        Some(children) if !children.is_empty() => children.iter().flat_map(failing).collect(),
        _ if tree["outcome"] != "MATCH" => vec![tree["criterion"].as_str().unwrap().to_string()],
        _ => Vec::new(),
    }
}

fn campaign<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name}: {report:#}"))
}

#[test]
fn each_example_profile_gets_the_campaigns_of_its_segments() {
    let home = Home::new();
    let ids = create_examples(&home);

    let premium = messages(&home, &[&profile("app-premium")], &[]);
    assert_eq!(premium["endpoint_id"], "app-premium-0001");
    assert_eq!(
        with_outcome(&premium, "GETS"),
        [
            "spring-sale",
            "premium-welcome",
            "loyalty-reward",
            "settings-tip"
        ]
    );
    assert_eq!(
        with_outcome(&premium, "DOES_NOT_GET"),
        ["berlin-store", "gloves-promo"]
    );
    // By priority (1 before 2, none last), then by creation.
    assert_eq!(
        listed(&premium["in_app_messages"], &ids),
        [
            "premium-welcome",
            "spring-sale",
            "loyalty-reward",
            "settings-tip"
        ]
    );
    let berlin = &campaign(&premium, "berlin-store")["criteria"];
    assert_eq!(berlin["outcome"], "NO_MATCH");
    assert!(
        failing(berlin)
            .iter()
            .any(|f| f.starts_with("Location.GPSPoint")),
        "{berlin:#}"
    );
    // The template's message, for the campaign that takes it.
    let berlin_user = messages(&home, &[&profile("app-berlin")], &[]);
    assert_eq!(
        with_outcome(&berlin_user, "GETS"),
        ["berlin-store", "gloves-promo"]
    );
    let gloves = berlin_user["in_app_messages"]["InAppMessageCampaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["CampaignId"] == ids["gloves-promo"].as_str())
        .unwrap();
    assert_eq!(gloves["InAppMessage"]["Layout"], "MOBILE_FEED");
    assert_eq!(gloves["InAppMessage"]["CustomConfig"]["promo"], "GLOVES10");
    assert_eq!(gloves["SessionCap"], 1);
    let source = campaign(&berlin_user, "gloves-promo")["criteria"].to_string();
    assert!(
        source.contains("message: in-app template gloves-modal, active version"),
        "{source}"
    );

    // Not an in-app endpoint: nothing, and the channel says why.
    let ios = messages(&home, &[&profile("qa-ios")], &[]);
    assert_eq!(with_outcome(&ios, "GETS"), Vec::<&str>::new());
    assert_eq!(
        ios["in_app_messages"]["InAppMessageCampaigns"],
        Value::Array(vec![])
    );
    for c in ios["campaigns"].as_array().unwrap() {
        assert!(
            failing(&c["criteria"]).contains(&"ChannelType APNS is IN_APP".to_string()),
            "{c:#}"
        );
    }
}

/// README's table of which example profile gets which message on which event: each row's
/// cells, by column title.
fn readme_table() -> Vec<BTreeMap<String, String>> {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let start = readme
        .lines()
        .position(|l| l.starts_with("| profile | gets |"))
        .expect("README has the in-app table");
    let lines: Vec<&str> = readme
        .lines()
        .skip(start)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let cells = |line: &str| -> Vec<String> {
        line.trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let header = cells(lines[0]);
    lines[2..]
        .iter()
        .map(|line| header.iter().cloned().zip(cells(line)).collect())
        .collect()
}

/// A README column title as arguments: `` purchase `--attr item=gloves --metric price=12` ``.
fn event_arguments(title: &str) -> Vec<String> {
    let words: Vec<String> = title
        .replace('`', "")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    std::iter::once("--event".to_string())
        .chain(words)
        .collect()
}

#[test]
fn the_readme_table_says_which_message_each_profile_sees_on_each_event() {
    let home = Home::new();
    let ids = create_examples(&home);
    let rows = readme_table();
    assert_eq!(rows.len(), 3, "{rows:?}");
    let mut events_seen = 0;
    for row in &rows {
        let who = profile(&row["profile"]);
        let report = messages(&home, &[&who], &[]);
        let gets = listed(&report["in_app_messages"], &ids);
        let want = match row["gets"].as_str() {
            "—" => String::new(),
            list => list.to_string(),
        };
        assert_eq!(gets.join(", "), want, "{}: gets", row["profile"]);
        for (title, cell) in row {
            if title == "profile" || title == "gets" {
                continue;
            }
            events_seen += 1;
            let arguments = event_arguments(title);
            let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
            let report = messages(&home, &[&who], &arguments);
            let event = &report["event"];
            assert_eq!(event["messages_from"], "local");
            let shown = match event["shown"].as_str() {
                Some(id) => ids.iter().find(|(_, i)| *i == id).unwrap().0.as_str(),
                None => "—",
            };
            assert_eq!(shown, cell, "{} on {title}: {event:#}", row["profile"]);
        }
    }
    assert_eq!(events_seen, 3 * 5);
}

#[test]
fn the_client_rules_pick_by_priority_then_caps_and_say_why_not_the_others() {
    let home = Home::new();
    let ids = create_examples(&home);
    let premium = profile("app-premium");
    // The premium profile's `_session.start`, with what was shown before (`--shown-...`).
    let session_start = |shown: &[&str]| {
        messages(
            &home,
            &[&premium],
            &[&["--event", "_session.start"], shown].concat(),
        )
    };
    let report = session_start(&[]);
    let event = &report["event"];
    assert_eq!(event["shown"], ids["premium-welcome"].as_str());
    assert_eq!(
        event["why"],
        "\"premium-welcome\" has the highest priority (1) of the 2 qualifying messages"
    );
    let results: BTreeMap<&str, (&str, &str)> = event["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                (c["result"].as_str().unwrap(), c["reason"].as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        results["spring-sale"],
        (
            "NOT_SHOWN",
            "\"premium-welcome\" has a higher priority (1; this one has priority 2)"
        )
    );
    assert_eq!(results["loyalty-reward"].0, "DOES_NOT_QUALIFY");
    assert!(
        results["loyalty-reward"]
            .1
            .contains("event `_session.start` in [level_complete]"),
        "{results:?}"
    );
    // Shown once this session already: its session cap of 1 leaves the next one.
    let report = session_start(&["--shown-session", "premium-welcome=1"]);
    assert_eq!(report["event"]["shown"], ids["spring-sale"].as_str());
    let capped = report["event"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "premium-welcome")
        .unwrap();
    assert_eq!(capped["result"], "DOES_NOT_QUALIFY");
    assert_eq!(capped["reason"], "SessionCap 1: shown 1 this session");
    // A daily cap for every message: spring-sale's 3 reached today.
    let report = session_start(&["--shown-session", "premium-welcome=1", "--shown-today", "3"]);
    assert_eq!(report["event"]["shown"], Value::Null);
    assert_eq!(
        report["event"]["why"],
        "no cached message qualifies for `_session.start`: nothing is shown"
    );
    // Metrics compare as numbers; attributes must match exactly.
    let berlin = profile("app-berlin");
    for (arguments, shown) in [
        (vec!["--attr", "item=gloves", "--metric", "price=9.5"], None),
        (vec!["--attr", "item=Gloves", "--metric", "price=12"], None),
        (
            vec!["--attr", "item=gloves", "--metric", "price=10"],
            Some("gloves-promo"),
        ),
    ] {
        let mut all = vec!["--event", "purchase"];
        all.extend(arguments.iter().copied());
        let report = messages(&home, &[&berlin], &all);
        let want = shown
            .map(|n| Value::from(ids[n].as_str()))
            .unwrap_or(Value::Null);
        assert_eq!(report["event"]["shown"], want, "{arguments:?}");
    }
}

#[test]
fn a_stored_endpoint_is_compared_with_the_services_own_answer() {
    let home = Home::new();
    let ids = create_examples(&home);
    home.cmd()
        .args(["put", &profile("app-premium")])
        .assert()
        .success();
    let report = messages(
        &home,
        &["--endpoint", "app-premium-0001"],
        &["--event", "open_settings"],
    );
    let service = &report["service"];
    assert_eq!(service["agrees"], true, "{service:#}");
    assert_eq!(service["differences"], Value::Array(vec![]));
    assert_eq!(
        listed(&service["in_app_messages"], &ids),
        listed(&report["in_app_messages"], &ids)
    );
    assert_eq!(report["event"]["messages_from"], "service");
    assert_eq!(report["event"]["shown"], ids["settings-tip"].as_str());

    // A segment on recent activity: decided from the endpoint's stored events, which the
    // sandbox's GetEndpoint says, so the answer here is the service's.
    let recent = home.write(
        "recent.json",
        r#"{"Name": "Active today", "Dimensions": {"Behavior": {"Recency": {"Duration": "HR_24", "RecencyType": "ACTIVE"}}}}"#,
    );
    home.cmd()
        .args(["segments", "create"])
        .arg(&recent)
        .assert()
        .success();
    let mut welcome: Value = asset_json("campaigns/spring-sale.json");
    welcome["Name"] = "come-back".into();
    welcome["SegmentId"] = "Active today".into();
    let file = home.write("come-back.json", &welcome.to_string());
    home.cmd()
        .args(["campaigns", "create"])
        .arg(&file)
        .assert()
        .success();
    let report = messages(&home, &["--endpoint", "app-premium-0001"], &[]);
    assert_eq!(campaign(&report, "come-back")["outcome"], "DOES_NOT_GET");
    assert_eq!(report["service"]["agrees"], true, "{report:#}");
    home.cmd()
        .args([
            "events",
            "put",
            "--endpoint",
            "app-premium-0001",
            "_session.start",
        ])
        .assert()
        .success();
    let report = messages(&home, &["--endpoint", "app-premium-0001"], &[]);
    assert_eq!(campaign(&report, "come-back")["outcome"], "GETS");
    let service = &report["service"];
    assert_eq!(service["agrees"], true, "{service:#}");
    let come_back = output_json(&home, &["campaigns", "show", "come-back"])["Id"].clone();
    assert!(
        service["in_app_messages"]["InAppMessageCampaigns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["CampaignId"] == come_back),
        "{service:#}"
    );
    let text = String::from_utf8(
        home.cmd()
            .args([
                "messages",
                "--output",
                "table",
                "--endpoint",
                "app-premium-0001",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("\nthe service agrees\n"), "{text}");
}

#[test]
fn a_campaign_is_judged_on_the_segment_version_it_names() {
    let home = Home::new();
    create_examples(&home);
    let serve = Serve::start(&home, &home.data_dir().join("sandbox.sqlite3"));
    let url = serve.url();
    let premium = segment_id(&home, "Premium plan (by attribute)");
    // Version 2 of the segment holds gold users only; spring-sale still names version 1.
    let gold = r#"{"Name": "Premium plan (by attribute)",
        "Dimensions": {"Attributes": {"plan": {"Values": ["gold"]}}}}"#;
    let (status, body) = http(
        serve.port,
        "PUT",
        &format!("/v1/apps/{APP}/segments/{premium}"),
        gold,
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    // The premium profile's report from the served sandbox.
    let premium_report = || {
        messages(
            &home,
            &[&profile("app-premium"), "--endpoint-url", &url],
            &[],
        )
    };
    let report = premium_report();
    let spring = &campaign(&report, "spring-sale")["criteria"];
    assert_eq!(
        campaign(&report, "spring-sale")["outcome"],
        "GETS",
        "{spring:#}"
    );
    let segment = spring["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["criterion"].as_str().unwrap().starts_with("segment"))
        .unwrap();
    assert!(
        segment["criterion"]
            .as_str()
            .unwrap()
            .ends_with(" (version 1)"),
        "{segment:#}"
    );
    assert!(
        segment.to_string().contains("[premium] in [premium]"),
        "{segment:#}"
    );
    // A campaign made now takes the current version: the premium user is not in it.
    let mut now: Value = asset_json("campaigns/settings-tip.json");
    now["Name"] = "gold-tip".into();
    let file = home.write("gold-tip.json", &now.to_string());
    home.cmd()
        .args(["campaigns", "create", "--endpoint-url", &url])
        .arg(&file)
        .assert()
        .success();
    let report = premium_report();
    let gold = &campaign(&report, "gold-tip")["criteria"];
    assert_eq!(
        failing(gold),
        ["Attributes.plan [premium] in [gold]"],
        "{gold:#}"
    );
}

#[test]
fn messages_for_people_is_a_tree_a_campaign_and_the_pick() {
    let home = Home::new();
    let ids = create_examples(&home);
    let out = home
        .cmd()
        .args(["messages", "--output", "table", &profile("app-berlin")])
        .args([
            "--event",
            "purchase",
            "--attr",
            "item=gloves",
            "--metric",
            "price=12",
        ])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let head = format!(
        "GETS          campaign \"gloves-promo\" ({})",
        ids["gloves-promo"]
    );
    let at = lines
        .iter()
        .position(|l| *l == head)
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        lines[at + 1..at + 4],
        [
            "  Schedule.Frequency IN_APP_EVENT: yes",
            "  not paused: yes",
            "  runs IMMEDIATE .. 2036-12-31T23:59:59Z: running: yes"
        ],
        "{text}"
    );
    assert!(
        lines.contains(&"    ChannelType IN_APP is IN_APP: yes"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("DOES_NOT_GET  campaign \"spring-sale\"")),
        "{text}"
    );
    assert!(
        lines.contains(
            &"endpoint app-berlin-0001, 6 in-app campaigns: 2 GETS, 4 DOES_NOT_GET, 0 CANNOT_TELL"
        ),
        "{text}"
    );
    assert!(
        lines.contains(&"GetInAppMessages, worked out here: \"berlin-store\", \"gloves-promo\""),
        "{text}"
    );
    let shown = format!(
        "SHOWN             message \"gloves-promo\" ({})",
        ids["gloves-promo"]
    );
    assert!(lines.contains(&shown.as_str()), "{text}");
    assert!(lines.contains(&"  metric price 12 >= 10: yes"), "{text}");
    assert!(
        lines.contains(&"  event `purchase` in [store_visit]: no"),
        "{text}"
    );
    assert_eq!(
        lines.last(),
        Some(&"displayed: \"gloves-promo\" is the only qualifying message"),
        "{text}"
    );
    // Into a pipe: JSON.
    let out = home
        .cmd()
        .args(["messages", &profile("app-berlin")])
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["endpoint_id"], "app-berlin-0001");
}

#[test]
fn events_put_answers_per_item_and_a_bad_event_gets_its_own_400() {
    let home = Home::new();
    let berlin = profile("app-berlin");
    let answer = output_json(
        &home,
        &[
            "events",
            "put",
            &berlin,
            "purchase",
            "--attr",
            "item=gloves",
            "--metric",
            "price=12",
            "--session",
            "s-1",
        ],
    );
    let item = &answer["Results"]["app-berlin-0001"];
    assert_eq!(
        item["EndpointItemResponse"]["StatusCode"], 202,
        "{answer:#}"
    );
    let events = item["EventsItemResponse"].as_object().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events.values().next().unwrap()["StatusCode"], 202);
    // The endpoint went with it, as UpdateEndpoint sends it.
    let stored = output_json(&home, &["get", "app-berlin-0001"]);
    assert_eq!(stored["ChannelType"], "IN_APP");
    assert_eq!(stored["Location"]["City"], "Berlin");

    // A metric name over 50 characters: that event is refused, the endpoint is not; exit 1.
    let long = format!("{}=1", "m".repeat(51));
    let out = home
        .cmd()
        .args([
            "events",
            "put",
            "--endpoint",
            "app-berlin-0001",
            "level_complete",
        ])
        .args(["--metric", &long])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let answer = json(&out.stdout);
    let item = &answer["Results"]["app-berlin-0001"];
    assert_eq!(
        item["EndpointItemResponse"]["StatusCode"], 202,
        "{answer:#}"
    );
    let event = item["EventsItemResponse"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(event["StatusCode"], 400, "{answer:#}");
    assert!(
        event["Message"].as_str().unwrap().contains("51 characters"),
        "{event}"
    );

    // For people: one line per endpoint and event.
    let out = home
        .cmd()
        .args([
            "events",
            "put",
            "--output",
            "table",
            "--endpoint",
            "app-berlin-0001",
            "open_settings",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("ITEM") && lines[0].contains("STATUS"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("endpoint") && lines[2].contains("app-berlin-0001"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("event") && lines[3].contains("202"),
        "{text}"
    );

    // A source without an endpoint id: nothing is sent.
    let nameless = home.write("nameless.json", r#"{"ChannelType": "IN_APP"}"#);
    home.cmd()
        .args(["events", "put"])
        .arg(&nameless)
        .arg("x")
        .assert()
        .code(1)
        .stderr(contains_all(&["endpoint_id", "nothing was sent"]));
}

#[test]
fn campaigns_and_templates_are_listed_shown_updated_and_deleted_by_name() {
    let home = Home::new();
    let ids = create_examples(&home);
    let listed = output_json(&home, &["campaigns", "list"]);
    assert_eq!(listed["Item"].as_array().unwrap().len(), 6);
    // The segment named in the file is stored by its id, at its current version.
    let shown = output_json(&home, &["campaigns", "show", "spring-sale"]);
    assert_eq!(shown["Id"], ids["spring-sale"].as_str());
    assert_eq!(
        shown["SegmentId"],
        segment_id(&home, "Premium plan (by attribute)").as_str()
    );
    assert_eq!(shown["SegmentVersion"], 1);
    // By id too, and as a table for people.
    let text = home.on_a_terminal_of(160, &["campaigns", "list"]);
    let row = text
        .lines()
        .find(|l| l.starts_with(ids["gloves-promo"].as_str()))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.contains("purchase (item, price)") && row.contains("template gloves-modal"),
        "{text}"
    );

    // Paused by an update (named by its name): the premium user no longer gets it.
    let mut paused: Value = asset_json("campaigns/spring-sale.json");
    paused["IsPaused"] = true.into();
    let file = home.write("paused.json", &paused.to_string());
    let out = home
        .cmd()
        .args(["campaigns", "update", "spring-sale"])
        .arg(&file)
        .succeeds("");
    assert_eq!(json(&out.stdout)["Version"], 2);
    let report = messages(&home, &[&profile("app-premium")], &[]);
    let spring = &campaign(&report, "spring-sale")["criteria"];
    assert_eq!(failing(spring), ["IsPaused: paused"]);

    // Templates: listed, a new version, shown by version, then gone.
    let templates = output_json(&home, &["templates", "list"]);
    let names: Vec<&str> = templates["Item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["TemplateName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["gloves-modal"]);
    let mut changed: Value = asset_json("templates/gloves-modal.json");
    changed["Layout"] = "TOP_BANNER".into();
    let file = home.write("changed.json", &changed.to_string());
    home.cmd()
        .args(["templates", "update", "gloves-modal"])
        .arg(&file)
        .arg("--new-version")
        .assert()
        .success();
    let first = output_json(
        &home,
        &["templates", "show", "gloves-modal", "--version", "1"],
    );
    assert_eq!(first["Layout"], "MOBILE_FEED");
    let second = output_json(
        &home,
        &["templates", "show", "gloves-modal", "--version", "2"],
    );
    assert_eq!(second["Layout"], "TOP_BANNER");
    home.cmd()
        .args(["templates", "delete", "gloves-modal"])
        .assert()
        .success();
    let report = messages(&home, &[&profile("app-berlin")], &[]);
    let gloves = &campaign(&report, "gloves-promo")["criteria"];
    assert_eq!(
        failing(gloves),
        ["message: in-app template gloves-modal does not exist"]
    );

    // Deleted by name.
    let out = home
        .cmd()
        .args(["campaigns", "delete", "berlin-store"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(json(&out.stdout)["Id"], ids["berlin-store"].as_str());
    let listed = output_json(&home, &["campaigns", "list"]);
    assert_eq!(listed["Item"].as_array().unwrap().len(), 5);
}

#[test]
fn bad_input_gets_one_clear_line_and_the_right_exit_code() {
    let home = Home::new();
    let ids = create_examples(&home);
    let premium = profile("app-premium");
    // `messages` for the event `x`, with one more option.
    let on_x = |option, value| vec!["messages", &premium, "--event", "x", option, value];
    // Usage: exit 2.
    for (arguments, says) in [
        (on_x("--attr", "item"), "`item` is not NAME=VALUE"),
        (on_x("--metric", "price=cheap"), "`cheap` is not a number"),
        (on_x("--metric", "price=inf"), "`inf` is not a number"),
        (
            vec!["messages", &premium, "--attr", "item=gloves"],
            "--event",
        ),
        (
            vec!["events", "put", &premium, "x", "--metric", "n"],
            "`n` is not NAME=NUMBER",
        ),
        (
            vec!["events", "put", &premium],
            "give a SOURCE and the event's NAME",
        ),
        (
            vec!["events", "put", "--endpoint", "e", &premium, "x"],
            "with --endpoint, give the event's NAME alone",
        ),
        (
            vec!["templates", "create", "a.json", "b.json", "--name", "x"],
            "--name names one template",
        ),
    ] {
        let out = home.cmd().args(&arguments).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{arguments:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("error: ") && stderr.contains(says),
            "{arguments:?}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    // Unknown names: exit 1, one line naming what and where.
    for (arguments, starts) in [
        (
            vec!["campaigns", "show", "nope"],
            format!("GetCampaign nope in application {APP}: NotFoundException: "),
        ),
        (
            vec!["campaigns", "delete", "nope"],
            format!("GetCampaign nope in application {APP}: NotFoundException: "),
        ),
        (
            vec![
                "messages",
                &premium,
                "--event",
                "x",
                "--shown-total",
                "nope=1",
            ],
            format!("NotFoundException: no campaign `nope` in application {APP}"),
        ),
    ] {
        let out = home.cmd().args(&arguments).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{arguments:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&starts), "{arguments:?}: {stderr}");
    }
    home.cmd()
        .args(["templates", "show", "nope"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::starts_with("GetInAppTemplate nope at http://127.0.0.1:")
                .and(predicate::str::contains(": NotFoundException: "))
                .and(predicate::str::ends_with(")\n")),
        );
    // A campaign file that does not parse: path:line:column; the good one still goes.
    let broken = home.write("broken.json", "{\n  \"Name\": \"x\",\n  \"Shedule\": {}\n}");
    let unknown_segment = home.write(
        "unknown-segment.json",
        r#"{"Name": "x", "SegmentId": "No such segment"}"#,
    );
    let out = home
        .cmd()
        .args(["campaigns", "create"])
        .arg(&broken)
        .arg(&unknown_segment)
        .arg(asset("campaigns/settings-tip.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = stderr.lines().collect();
    assert_eq!(problems.len(), 2, "{stderr}");
    assert!(
        problems[0].starts_with(&format!("{}:3:", broken.display()))
            && problems[0].contains("`Shedule`"),
        "{stderr}"
    );
    assert_eq!(
        problems[1],
        format!(
            "{}: NotFoundException: no segment `No such segment` in application {APP}",
            unknown_segment.display()
        )
    );
    assert_eq!(documents(&out.stdout).len(), 1);
    // A segment name two segments share: the error lists their ids.
    let again = home
        .cmd()
        .args(["segments", "create", &asset("segments/premium-plan.json")])
        .output()
        .unwrap();
    let second = json(&again.stdout)["Id"].as_str().unwrap().to_string();
    let out = home
        .cmd()
        .args([
            "campaigns",
            "update",
            &ids["spring-sale"],
            &asset("campaigns/spring-sale.json"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "2 segments in application {APP} are named `Premium plan (by attribute)`: "
        )) && stderr.contains(&second)
            && stderr.trim_end().ends_with("; name one by its id"),
        "{stderr}"
    );
}

/// `Behavior.Recency` of a stored endpoint is told from its stored events: no events is
/// "not active", an event now is "active within DAY_7"; `match` and `messages` both say it.
#[test]
fn recency_of_a_stored_endpoint_is_told_from_its_events() {
    let home = Home::new();
    let segment = home.write(
        "active.json",
        r#"{"Name": "active-this-week", "Dimensions": {"Behavior": {"Recency":
            {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}}"#,
    );
    home.cmd()
        .args(["segments", "create"])
        .arg(&segment)
        .assert()
        .success();
    home.cmd()
        .arg("put")
        .arg(profile("app-premium"))
        .assert()
        .success();
    let answer = |home: &Home| {
        let report = output_json(
            home,
            &[
                "match",
                "--endpoint",
                "app-premium-0001",
                "--segment",
                "active-this-week",
            ],
        );
        let result = &report["results"][0];
        (
            result["outcome"].as_str().unwrap().to_string(),
            result["criteria"].to_string(),
        )
    };
    let (outcome, why) = answer(&home);
    assert_eq!(outcome, "NO_MATCH", "{why}");
    assert!(why.contains("no sessions or events"), "{why}");

    stdout_of(
        &home,
        &[
            "events",
            "put",
            "--endpoint",
            "app-premium-0001",
            "level_complete",
        ],
    );
    let (outcome, why) = answer(&home);
    assert_eq!(outcome, "MATCH", "{why}");
    assert!(why.contains("last active 20"), "{why}");
}
