//! The sandbox against Pinpoint's service model (botocore's service-2.json, the authority):
//! tests/fixtures/model_fidelity.py sends every served operation its scenarios as raw HTTP
//! and checks each answer, errors included, member by member (names, types, enums, required
//! members, no unknown members, the status codes); every other operation of the model must
//! answer 501 NotImplementedException naming itself. The checker itself is tested here
//! with hand-made bodies holding each kind of mismatch.
//!
//! `pinpoint-console serve` runs as a child process on loopback; the checker runs in the
//! Python that has boto3 (on PATH, or the venv the external-client tests install).

mod common;

use std::collections::BTreeSet;
use std::process::Output;

use common::clients::{CLIENT_TIMEOUT, aws_env, clients};
use common::serve::Serve;
use common::{Home, assert_success, json, repo_file};
use pinpoint_console::sandbox::operations::OPERATIONS;
use serde_json::{Value, json};

/// The operations the sandbox serves (README's list); the checker must find each served.
const SERVED: [&str; 33] = [
    "UpdateEndpoint",
    "GetEndpoint",
    "DeleteEndpoint",
    "UpdateEndpointsBatch",
    "GetUserEndpoints",
    "DeleteUserEndpoints",
    "RemoveAttributes",
    "CreateApp",
    "GetApps",
    "GetApp",
    "DeleteApp",
    "GetApplicationSettings",
    "UpdateApplicationSettings",
    "CreateSegment",
    "GetSegments",
    "GetSegment",
    "UpdateSegment",
    "DeleteSegment",
    "GetSegmentVersions",
    "GetSegmentVersion",
    "PhoneNumberValidate",
    "PutEvents",
    "CreateCampaign",
    "GetCampaigns",
    "GetCampaign",
    "UpdateCampaign",
    "DeleteCampaign",
    "CreateInAppTemplate",
    "GetInAppTemplate",
    "UpdateInAppTemplate",
    "DeleteInAppTemplate",
    "ListTemplates",
    "GetInAppMessages",
];

/// Runs the checker with `args`, `stdin` as its input.
fn checker(home: &Home, args: &[&str], stdin: &str) -> Output {
    let mut cmd = std::process::Command::new(&clients().python);
    cmd.arg(repo_file("tests/fixtures/model_fidelity.py"))
        .args(args);
    aws_env(&mut cmd, home.dir.path());
    assert_cmd::Command::from_std(cmd)
        .write_stdin(stdin)
        .timeout(CLIENT_TIMEOUT)
        .output()
        .unwrap()
}

/// The mismatches the checker finds in hand-made answers, each `(operation, status,
/// error type, body)`: one list for each.
fn mismatches(home: &Home, cases: &[(&str, u16, Option<&str>, String)]) -> Vec<Value> {
    let cases: Vec<Value> = cases
        .iter()
        .map(|(operation, status, error, body)| {
            json!({"operation": operation, "status": status, "error": error, "body": body})
        })
        .collect();
    let out = checker(home, &["check"], &Value::from(cases).to_string());
    assert_success(&out, "check failed");
    serde_json::from_value(json(&out.stdout)).unwrap()
}

#[test]
fn every_served_operation_answers_as_the_model_says() {
    let home = Home::new();
    let serve = Serve::start(&home, &home.dir.path().join("sb.sqlite3"));
    let out = checker(&home, &["run", &serve.url()], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("the checker printed no summary ({e}): {stderr}"));

    // The generated table is the installed model's.
    let model: BTreeSet<(String, String, String)> = summary["model_operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| {
            let text = |k: &str| op[k].as_str().unwrap().to_string();
            (text("name"), text("method"), text("uri"))
        })
        .collect();
    let table: BTreeSet<(String, String, String)> = OPERATIONS
        .iter()
        .map(|op| (op.name.into(), op.method.into(), op.uri.into()))
        .collect();
    assert_eq!(
        table, model,
        "crates/sandbox/src/operations/table.rs is not botocore {}'s model: run tools/pinpoint_operations.py",
        summary["botocore"]
    );

    // Then what the sandbox answered, all mismatches at once.
    assert!(
        out.status.success(),
        "the sandbox differs from the model:\n{stderr}"
    );

    // Every operation was probed: served, or named in a 501.
    let served: BTreeSet<&str> = summary["served"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for name in SERVED {
        assert!(served.contains(name), "{name} is not served: {summary}");
    }
    assert_eq!(
        served.len() + summary["not_implemented"].as_u64().unwrap() as usize,
        OPERATIONS.len()
    );

    // Each served operation had a success and errors checked.
    let scenarios = summary["scenarios"].as_array().unwrap();
    for name in &served {
        let statuses: Vec<u64> = scenarios
            .iter()
            .filter(|s| s["operation"] == *name)
            .map(|s| s["status"].as_u64().unwrap())
            .collect();
        assert!(
            statuses.iter().any(|s| (200..300).contains(s)),
            "{name}: {statuses:?}"
        );
        assert!(statuses.contains(&405), "{name}: {statuses:?}");
        assert!(
            statuses.iter().any(|s| [400, 404].contains(s)),
            "{name}: {statuses:?}"
        );
    }
    for status in [400, 404, 405, 413] {
        assert!(
            scenarios.iter().any(|s| s["status"] == status),
            "no {status} was checked"
        );
    }
}

#[test]
fn a_served_operation_without_scenarios_fails_the_run() {
    let home = Home::new();
    let serve = Serve::start(&home, &home.dir.path().join("sb.sqlite3"));
    let out = checker(&home, &["run", &serve.url(), "--without", "GetSegment"], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "GetSegment / (scenarios): $: the sandbox serves this operation but SCENARIOS has \
             no success scenario for it"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().filter(|l| l.contains(" / ")).count(),
        1,
        "only that: {stderr}"
    );
}

#[test]
fn the_checker_finds_each_kind_of_mismatch() {
    let home = Home::new();
    let endpoint = json!({
        "Id": "e",
        "address": "a@example.com",
        "Colour": "red",
        "ChannelType": "PIGEON",
        "Location": {"Latitude": "north", "Longitude": -122.3},
        "Metrics": {"logins": 157, "score": "high"},
        "Attributes": {"plan": "premium"},
        "User": {"UserId": 7}
    });
    let segment = json!({
        "ApplicationId": "a",
        "Arn": "arn",
        "CreationDate": "2026-01-01T00:00:00.000Z",
        "SegmentType": "STATIC",
        "Version": 1.5,
        "Dimensions": {"Attributes": {"plan": {"AttributeType": "INCLUSIVE"}}},
        "SegmentGroups": {"Groups": [{"SourceSegments": [{"Version": 1}]}]}
    });
    let kpi = json!({"ApplicationId": "a", "KpiName": "k", "KpiResult": {"Rows": []},
                     "StartTime": 1_700_000_000, "EndTime": "yesterday"});
    let fits = json!({
        "Id": "e", "Address": "a@example.com", "ChannelType": "EMAIL",
        "Location": {"Latitude": 47.6, "Longitude": -122}, "Metrics": {"logins": 157},
        "Attributes": {"plan": ["premium"]}, "User": {"UserId": "u", "UserAttributes": {}}
    });
    let error_body = |request_id: &str, extra: &str| {
        format!(r#"{{"Message": "m", "RequestID": "{request_id}"{extra}}}"#)
    };
    let cases = [
        ("GetEndpoint", 200, None, endpoint.to_string()),
        ("GetSegment", 200, None, segment.to_string()),
        ("GetApplicationDateRangeKpi", 200, None, kpi.to_string()),
        (
            "UpdateEndpoint",
            200,
            None,
            r#"{"Message": "Accepted"}"#.into(),
        ),
        (
            "UpdateEndpoint",
            202,
            None,
            r#"{"Message": "a", "Message": "b"}"#.into(),
        ),
        (
            "GetEndpoint",
            200,
            None,
            r#"{"Metrics": {"m": NaN}}"#.into(),
        ),
        (
            "GetEndpoint",
            404,
            Some("NotFoundException"),
            error_body("other", r#", "Code": 404"#),
        ),
        (
            "GetEndpoint",
            501,
            Some("NotImplementedException"),
            error_body("check", ""),
        ),
        (
            "GetEndpoint",
            400,
            Some("NotFoundException"),
            error_body("check", ""),
        ),
        ("GetEndpoint", 200, None, fits.to_string()),
    ];
    let expected = [
        // Unknown members (a wrong case named), enums, types, in maps and lists too.
        json!([
            "$.address: unknown member of EndpointResponse (the model spells it Address)",
            "$.Colour: unknown member of EndpointResponse",
            "$.ChannelType: \"PIGEON\" is not one of ChannelType's values ['PUSH', 'GCM', 'APNS', \
             'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'ADM', 'SMS', 'VOICE', 'EMAIL', \
             'BAIDU', 'CUSTOM', 'IN_APP']",
            "$.Location.Latitude: expected a number (__double), got string \"north\"",
            "$.Metrics[\"score\"]: expected a number (__double), got string \"high\"",
            "$.Attributes[\"plan\"]: expected an array (ListOf__string), got string \"premium\"",
            "$.User.UserId: expected a string (__string), got integer 7"
        ]),
        // Required members, at every depth; integers are whole.
        json!([
            "$.SegmentType: \"STATIC\" is not one of SegmentType's values ['DIMENSIONAL', 'IMPORT']",
            "$.Version: expected an integer (__integer), got number 1.5",
            "$.Dimensions.Attributes[\"plan\"].Values: required member of AttributeDimension is missing",
            "$.SegmentGroups.Groups[0].SourceSegments[0].Id: required member of SegmentReference is missing",
            "$.Id: required member of SegmentResponse is missing"
        ]),
        // Timestamps as the model formats them.
        json!([
            "$.StartTime: expected an iso8601 string (__timestampIso8601), got integer 1700000000",
            "$.EndTime: \"yesterday\" is not an iso8601 timestamp (__timestampIso8601)"
        ]),
        // The success status is the model's; JSON is read strictly.
        json!([
            "$: status 200 (no error type), the model's success status is 202: {\"Message\": \"Accepted\"}"
        ]),
        json!([
            "$: the body is not JSON (member Message appears twice): b'{\"Message\": \"a\", \"Message\": \"b\"}'"
        ]),
        json!(["$: the body is not JSON (NaN is not JSON): b'{\"Metrics\": {\"m\": NaN}}'"]),
        // Errors: in their own shape, with the request id, declared, with the model's status.
        json!([
            "$.Code: unknown member of NotFoundException",
            "$.RequestID: \"other\" is not the x-amzn-RequestId header 'check'"
        ]),
        json!([
            "$: x-amzn-ErrorType NotImplementedException is not an error GetEndpoint declares \
             (BadRequestException, ForbiddenException, InternalServerErrorException, \
             MethodNotAllowedException, NotFoundException, PayloadTooLargeException, \
             TooManyRequestsException)"
        ]),
        json!(["$: NotFoundException is HTTP 404 in the model, sent as 400"]),
        // A body that fits has nothing to report.
        json!([]),
    ];
    let found = mismatches(&home, &cases);
    assert_eq!(found.len(), cases.len());
    for ((case, found), expected) in cases.iter().zip(&found).zip(&expected) {
        assert_eq!(found, expected, "{case:?}");
    }
}
