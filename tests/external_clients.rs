//! The sandbox as other programs see it: `pinpoint-console serve` run as a child process,
//! then driven by the binary itself (sandbox and aws targets), the AWS CLI and boto3.
//!
//! Nothing here reaches AWS: every external process gets fake static credentials, a region,
//! missing AWS config files and AWS_EC2_METADATA_DISABLED, and talks to loopback only. When
//! `aws` or boto3 is missing, they are installed once into a venv under the target directory.

mod common;

use std::net::TcpStream;
use std::process::Output;
use std::time::{Duration, Instant};

use common::clients::{CLIENT_TIMEOUT, aws_env, aws_pinpoint, clients};
use common::serve::{Serve, free_port, http};
use common::{
    EXAMPLE_SEGMENTS, Home, Succeeds, assert_success, json, numbers_as_f64, repo_file, sorted_ids,
};
use serde_json::{Value, json};

const APP: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";
/// The longest one run of the binary may take.
const BIN_TIMEOUT: Duration = Duration::from_secs(30);

// ----- external clients -----

/// Runs `aws --endpoint-url URL --output json pinpoint ARGS...`, bounded in time.
fn aws(home: &Home, serve: &Serve, args: &[&str]) -> Output {
    let cmd = aws_pinpoint(&serve.url(), home.dir.path(), args);
    assert_cmd::Command::from_std(cmd)
        .timeout(CLIENT_TIMEOUT)
        .output()
        .unwrap()
}

/// An AWS CLI call that must succeed; returns its JSON output.
fn aws_ok(home: &Home, serve: &Serve, args: &[&str]) -> Value {
    succeeded_json(&aws(home, serve, args), &format!("aws pinpoint {args:?}"))
}

/// A client run that must have succeeded (else the test fails with `what`, its exit status
/// and stderr); the JSON it printed.
fn succeeded_json(out: &Output, what: &str) -> Value {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out.stdout)
}

/// AWS CLI calls on the application `APP` (`--application-id APP` added to each).
struct OnApp<'a> {
    home: &'a Home,
    serve: &'a Serve,
}

impl<'a> OnApp<'a> {
    fn new(home: &'a Home, serve: &'a Serve) -> Self {
        OnApp { home, serve }
    }

    fn args<'s>(args: &[&'s str]) -> Vec<&'s str> {
        [args, &["--application-id", APP]].concat()
    }

    /// As `aws_ok`.
    fn ok(&self, args: &[&str]) -> Value {
        aws_ok(self.home, self.serve, &Self::args(args))
    }

    /// As `aws_err`.
    fn err(&self, args: &[&str], error: &str) -> String {
        aws_err(self.home, self.serve, &Self::args(args), error)
    }
}

/// An AWS CLI call that must fail with a modelled error; returns its stderr.
fn aws_err(home: &Home, serve: &Serve, args: &[&str], error: &str) -> String {
    let out = aws(home, serve, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "aws pinpoint {args:?} should have failed"
    );
    assert!(stderr.contains(error), "expected {error}: {stderr}");
    stderr
}

// ----- the binary -----

/// Writes the Home's config.toml.
fn write_config(home: &Home, text: &str) {
    std::fs::create_dir_all(home.config_dir()).unwrap();
    std::fs::write(home.config_dir().join("config.toml"), text).unwrap();
}

/// A home with serve running on a fresh database.
fn serve_fresh() -> (Home, Serve) {
    let home = Home::new();
    let serve = Serve::start(&home, &home.dir.path().join("sb.sqlite3"));
    (home, serve)
}

/// A home with serve running on a fresh database, and the config.toml `config` writes for
/// serve's URL.
fn served(config: impl FnOnce(&str) -> String) -> (Home, Serve) {
    let (home, serve) = serve_fresh();
    write_config(&home, &config(&serve.url()));
    (home, serve)
}

/// A home whose default target is a sandbox that serve (on a fresh database) serves.
fn serve_as_default_target() -> (Home, Serve) {
    served(|url| {
        format!(
            "default_target = \"local\"\n[targets.local]\nkind = \"sandbox\"\nendpoint_url = \"{url}\"\n"
        )
    })
}

/// Runs the binary; it must succeed and print JSON.
fn bin_ok(home: &Home, args: &[&str]) -> Value {
    let out = home.cmd().args(args).timeout(BIN_TIMEOUT).output().unwrap();
    succeeded_json(&out, &format!("pinpoint-console {args:?}"))
}

// ----- comparing JSON -----

#[track_caller]
fn assert_same(actual: &Value, expected: &Value) {
    assert!(
        numbers_as_f64(actual) == numbers_as_f64(expected),
        "not equal:\n  actual:   {actual}\n  expected: {expected}"
    );
}

/// The members an endpoint's owner chose, as opposed to those the service fills in.
const CHOSEN: [&str; 8] = [
    "Id",
    "Address",
    "ChannelType",
    "Attributes",
    "Demographic",
    "Location",
    "Metrics",
    "User",
];

fn asset(relative: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo_file(relative)).unwrap()).unwrap()
}

// ----- tests -----

#[test]
fn put_get_user_through_serve_agree_with_the_aws_cli() {
    let (home, serve) = serve_as_default_target();
    let profile = asset("assets/profiles/qa-ios.json");

    let put = home
        .cmd()
        .arg("put")
        .arg(repo_file("assets/profiles/qa-ios.json"))
        .timeout(BIN_TIMEOUT)
        .succeeds("");
    let landed = json(&put.stdout);
    for member in CHOSEN {
        assert_same(&landed[member], &profile[member]);
    }
    assert_eq!(landed["ApplicationId"], APP);

    let got = bin_ok(&home, &["get", "qa-ios-0001"]);
    assert_eq!(got, landed);
    let users = bin_ok(&home, &["user", "qa-user-0001"]);
    let items = users["Item"].as_array().expect("an Item array");
    assert_eq!(items.len(), 1, "{users}");
    assert_eq!(items[0], got);

    let cli = aws_ok(
        &home,
        &serve,
        &[
            "get-endpoint",
            "--application-id",
            APP,
            "--endpoint-id",
            "qa-ios-0001",
        ],
    );
    assert_same(&cli["EndpointResponse"], &got);
}

#[test]
fn an_aws_target_reaches_serve_through_the_credential_chain() {
    let (home, _serve) = served(|url| {
        format!(
            "[targets.viaaws]\nkind = \"aws\"\nregion = \"us-east-1\"\napplication_id = \"{APP}\"\nendpoint_url = \"{url}\"\n"
        )
    });
    let with_keys = |args: &[&str]| {
        home.cmd()
            .args(["--target", "viaaws"])
            .args(args)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .timeout(BIN_TIMEOUT)
            .output()
            .unwrap()
    };
    let put = with_keys(&[
        "put",
        repo_file("assets/profiles/sms-user.json").to_str().unwrap(),
    ]);
    assert_success(&put, "");
    let id = asset("assets/profiles/sms-user.json")["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let got = with_keys(&["get", &id]);
    assert_success(&got, "");
    assert_eq!(json(&got.stdout), json(&put.stdout));
    assert_eq!(json(&got.stdout)["Id"], id.as_str());

    // The same target without the keys: the chain is really consulted.
    let out = home
        .cmd()
        .args(["--target", "viaaws", "get", &id])
        .timeout(BIN_TIMEOUT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no AWS credentials for target `viaaws`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_aws_cli_works_against_serve() {
    let (home, serve) = serve_fresh();
    let cli = OnApp::new(&home, &serve);

    let request = json!({
        "Address": "cli@example.com",
        "ChannelType": "EMAIL",
        "Attributes": {"interests": ["running", "cooking"]},
        "Metrics": {"logins": 157, "score": 4.5},
        "Location": {"City": "Seattle", "Country": "US", "Latitude": 47.6, "Longitude": -122.3},
        "User": {"UserId": "cli-user", "UserAttributes": {"tier": ["gold"]}}
    });
    let out = cli.ok(&[
        "update-endpoint",
        "--endpoint-id",
        "cli-1",
        "--endpoint-request",
        &request.to_string(),
    ]);
    assert_eq!(out["MessageBody"]["Message"], "Accepted");

    let got = &cli.ok(&["get-endpoint", "--endpoint-id", "cli-1"])["EndpointResponse"];
    assert_eq!(got["Id"], "cli-1");
    assert_eq!(got["ApplicationId"], APP);
    for member in [
        "Address",
        "ChannelType",
        "Attributes",
        "Metrics",
        "Location",
        "User",
    ] {
        assert_same(&got[member], &request[member]);
    }

    let users = cli.ok(&["get-user-endpoints", "--user-id", "cli-user"]);
    assert_eq!(users["EndpointsResponse"]["Item"][0]["Id"], "cli-1");
    assert_eq!(
        users["EndpointsResponse"]["Item"].as_array().unwrap().len(),
        1
    );

    let batch = json!({"Item": [
        {"Id": "cli-2", "Address": "+12065550100", "ChannelType": "SMS", "User": {"UserId": "cli-user"}},
        {"Id": "cli-3", "Address": "+12065550101", "ChannelType": "SMS", "User": {"UserId": "cli-user"}}
    ]});
    let out = cli.ok(&[
        "update-endpoints-batch",
        "--endpoint-batch-request",
        &batch.to_string(),
    ]);
    assert_eq!(out["MessageBody"]["Message"], "Accepted");
    let users = cli.ok(&["get-user-endpoints", "--user-id", "cli-user"]);
    assert_eq!(
        sorted_ids(&users["EndpointsResponse"]["Item"]),
        ["cli-1", "cli-2", "cli-3"]
    );

    let deleted = cli.ok(&["delete-endpoint", "--endpoint-id", "cli-2"]);
    assert_eq!(deleted["EndpointResponse"]["Id"], "cli-2");
    assert_eq!(deleted["EndpointResponse"]["Address"], "+12065550100");
    cli.err(
        &["get-endpoint", "--endpoint-id", "cli-2"],
        "NotFoundException",
    );

    let created = aws_ok(
        &home,
        &serve,
        &[
            "create-app",
            "--create-application-request",
            r#"{"Name": "qa-app"}"#,
        ],
    );
    let new_app = created["ApplicationResponse"]["Id"].as_str().unwrap();
    assert_eq!(created["ApplicationResponse"]["Name"], "qa-app");
    assert_eq!(new_app.len(), 32, "{created}");
    let apps = aws_ok(&home, &serve, &["get-apps"]);
    let apps: Vec<(&str, &str)> = apps["ApplicationsResponse"]["Item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["Id"].as_str().unwrap(), a["Name"].as_str().unwrap()))
        .collect();
    assert!(apps.contains(&(APP, "sandbox")), "{apps:?}");
    assert!(apps.contains(&(new_app, "qa-app")), "{apps:?}");

    let dimensions = json!({
        "Location": {"Country": {"DimensionType": "INCLUSIVE", "Values": ["US"]}},
        "Attributes": {"interests": {"AttributeType": "INCLUSIVE", "Values": ["running"]}}
    });
    let segment = json!({"Name": "seattle-runners", "Dimensions": dimensions});
    let created = cli.ok(&[
        "create-segment",
        "--write-segment-request",
        &segment.to_string(),
    ]);
    let created = &created["SegmentResponse"];
    let segment_id = created["Id"].as_str().unwrap();
    assert_eq!(created["Name"], "seattle-runners");
    assert_eq!(created["ApplicationId"], APP);
    assert_eq!(created["Version"], 1);
    assert_same(&created["Dimensions"], &dimensions);

    let segments = cli.ok(&["get-segments"]);
    let items = segments["SegmentsResponse"]["Item"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{segments}");
    assert_eq!(items[0]["Id"], segment_id);

    let fetched = cli.ok(&["get-segment", "--segment-id", segment_id]);
    assert_eq!(&fetched["SegmentResponse"], created);

    let updated = cli.ok(&[
        "update-segment",
        "--segment-id",
        segment_id,
        "--write-segment-request",
        r#"{"Name": "seattle-runners-2"}"#,
    ]);
    assert_eq!(updated["SegmentResponse"]["Name"], "seattle-runners-2");
    assert_eq!(updated["SegmentResponse"]["Version"], 2);
    assert_same(&updated["SegmentResponse"]["Dimensions"], &dimensions);

    let deleted = cli.ok(&["delete-segment", "--segment-id", segment_id]);
    assert_eq!(deleted["SegmentResponse"]["Id"], segment_id);
    cli.err(
        &["get-segment", "--segment-id", segment_id],
        "NotFoundException",
    );

    // Errors in Pinpoint's shape, as the CLI names them.
    cli.err(
        &["get-endpoint", "--endpoint-id", "nobody"],
        "NotFoundException",
    );
    let stderr = cli.err(
        &[
            "update-endpoint",
            "--endpoint-id",
            "cli-bad",
            "--endpoint-request",
            r#"{"Location": {"Latitude": 91, "Longitude": 0}}"#,
        ],
        "BadRequestException",
    );
    assert!(stderr.contains("latitude"), "{stderr}");
}

#[test]
fn the_aws_cli_names_an_operation_the_sandbox_does_not_serve() {
    let (home, serve) = serve_fresh();
    let stderr = aws_err(
        &home,
        &serve,
        &["list-journeys", "--application-id", APP],
        "An error occurred (NotImplementedException) when calling the ListJourneys operation",
    );
    assert!(
        stderr.contains(
            "ListJourneys (GET /v1/apps/{application-id}/journeys) is not implemented by the \
             pinpoint-console sandbox"
        ),
        "{stderr}"
    );
    // A missing resource of a served operation is still the modelled 404.
    aws_err(
        &home,
        &serve,
        &[
            "get-segment",
            "--application-id",
            APP,
            "--segment-id",
            "nothing",
        ],
        "NotFoundException",
    );
}

#[test]
fn the_aws_cli_works_with_attributes_versions_settings_and_phone_numbers() {
    let (home, serve) = serve_fresh();
    let cli = OnApp::new(&home, &serve);

    cli.ok(&[
        "update-endpoint",
        "--endpoint-id",
        "attrs",
        "--endpoint-request",
        r#"{"Attributes": {"plan": ["a"], "plan_b": ["b"], "color": ["c"]}}"#,
    ]);
    let removed = cli.ok(&[
        "remove-attributes",
        "--attribute-type",
        "endpoint-custom-attributes",
        "--update-attributes-request",
        r#"{"Blacklist": ["plan*"]}"#,
    ]);
    assert_eq!(
        removed,
        json!({"AttributesResource": {"ApplicationId": APP,
            "AttributeType": "endpoint-custom-attributes", "Attributes": ["plan", "plan_b"]}})
    );
    let stderr = cli.err(
        &[
            "remove-attributes",
            "--attribute-type",
            "endpoint-colours",
            "--update-attributes-request",
            r#"{"Blacklist": ["x"]}"#,
        ],
        "BadRequestException",
    );
    assert!(stderr.contains("endpoint-colours"), "{stderr}");

    let created = cli.ok(&[
        "create-segment",
        "--write-segment-request",
        r#"{"Name": "v1", "Dimensions": {"Demographic": {"Platform": {"Values": ["iOS"]}}}}"#,
    ]);
    let segment_id = created["SegmentResponse"]["Id"].as_str().unwrap();
    cli.ok(&[
        "update-segment",
        "--segment-id",
        segment_id,
        "--write-segment-request",
        r#"{"Name": "v2"}"#,
    ]);
    let versions = cli.ok(&["get-segment-versions", "--segment-id", segment_id]);
    let names: Vec<(&Value, &Value)> = versions["SegmentsResponse"]["Item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (&s["Version"], &s["Name"]))
        .collect();
    assert_eq!(
        names,
        [(&json!(1), &json!("v1")), (&json!(2), &json!("v2"))],
        "{versions}"
    );
    let first = cli.ok(&[
        "get-segment-version",
        "--segment-id",
        segment_id,
        "--segment-version",
        "1",
    ]);
    assert_eq!(first["SegmentResponse"], created["SegmentResponse"]);
    cli.err(
        &[
            "get-segment-version",
            "--segment-id",
            segment_id,
            "--segment-version",
            "9",
        ],
        "NotFoundException",
    );
    let stderr = cli.err(
        &[
            "create-segment",
            "--write-segment-request",
            r#"{"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_99", "RecencyType": "ACTIVE"}}}}"#,
        ],
        "BadRequestException",
    );
    assert!(
        stderr.contains("Dimensions.Behavior.Recency.Duration"),
        "{stderr}"
    );

    let settings = cli.ok(&["get-application-settings"]);
    let settings = &settings["ApplicationSettingsResource"];
    assert_eq!(settings["ApplicationId"], APP);
    assert_eq!(settings["Limits"], json!({}));
    let updated = cli.ok(&[
        "update-application-settings",
        "--write-application-settings-request",
        r#"{"Limits": {"Daily": 5}, "QuietTime": {"Start": "22:00", "End": "06:00"}}"#,
    ]);
    assert_eq!(
        updated["ApplicationSettingsResource"]["Limits"],
        json!({"Daily": 5})
    );
    assert_eq!(
        cli.ok(&["get-application-settings"]),
        updated,
        "what was written is read back"
    );
    aws_err(
        &home,
        &serve,
        &[
            "update-application-settings",
            "--application-id",
            APP,
            "--write-application-settings-request",
            r#"{"CampaignHook": {"Mode": "SEND"}}"#,
        ],
        "BadRequestException",
    );

    let phone = aws_ok(
        &home,
        &serve,
        &[
            "phone-number-validate",
            "--number-validate-request",
            r#"{"PhoneNumber": "+49 30 1234567"}"#,
        ],
    );
    assert_eq!(
        phone,
        json!({"NumberValidateResponse": {"CleansedPhoneNumberE164": "+49301234567",
            "CountryCodeIso2": "DE", "CountryCodeNumeric": "49",
            "OriginalPhoneNumber": "+49 30 1234567", "PhoneType": "OTHER", "PhoneTypeCode": 4}})
    );
}

/// An in-app message page, as the AWS CLI and boto3 send it.
fn in_app_page(header: &str) -> Value {
    json!({"BackgroundColor": "#FFFFFF",
           "HeaderConfig": {"Alignment": "CENTER", "Header": header, "TextColor": "#000000"},
           "BodyConfig": {"Alignment": "LEFT", "Body": "Gloves on sale", "TextColor": "#333333"},
           "PrimaryBtn": {"DefaultConfig": {"ButtonAction": "DEEP_LINK", "Link": "myapp://gloves",
                                            "Text": "Shop"}}})
}

#[test]
fn the_aws_cli_works_with_in_app_messaging() {
    let (home, serve) = serve_fresh();
    let ok = |args: &[&str]| aws_ok(&home, &serve, args);
    let in_app = OnApp::new(&home, &serve);

    let template = json!({"Layout": "TOP_BANNER", "TemplateDescription": "first cut",
                          "Content": [in_app_page("From the template")]});
    let created = ok(&[
        "create-in-app-template",
        "--template-name",
        "cli-banner",
        "--in-app-template-request",
        &template.to_string(),
    ]);
    assert_eq!(created["TemplateCreateMessageBody"]["Message"], "Created");
    assert!(
        created["TemplateCreateMessageBody"]["Arn"]
            .as_str()
            .unwrap()
            .ends_with(":templates/cli-banner/INAPP")
    );
    let listed = ok(&["list-templates", "--template-type", "INAPP"]);
    assert_eq!(
        listed["TemplatesResponse"]["Item"][0]["TemplateName"],
        "cli-banner"
    );
    assert_eq!(listed["TemplatesResponse"]["Item"][0]["Version"], "1");

    let segment = in_app.ok(&[
        "create-segment",
        "--write-segment-request",
        r#"{"Name": "premium", "Dimensions": {"Attributes": {"plan": {"Values": ["premium"]}}}}"#,
    ])["SegmentResponse"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    in_app.ok(&[
        "update-endpoint",
        "--endpoint-id",
        "cli-device",
        "--endpoint-request",
        r#"{"ChannelType": "IN_APP", "Attributes": {"plan": ["premium"]}}"#,
    ]);
    let schedule = json!({"StartTime": "IMMEDIATE", "EndTime": "2099-01-01T00:00:00Z",
        "Frequency": "IN_APP_EVENT",
        "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {
            "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]}}}});
    let own = json!({"Name": "own", "SegmentId": segment, "Priority": 2, "Schedule": schedule,
        "Limits": {"Session": 1, "Daily": 3, "Total": 10},
        "MessageConfiguration": {"InAppMessage": {"Layout": "BOTTOM_BANNER",
                                                  "Content": [in_app_page("Own")]}}});
    let file = home.dir.path().join("campaign.json");
    std::fs::write(&file, own.to_string()).unwrap();
    let campaign = in_app.ok(&[
        "create-campaign",
        "--write-campaign-request",
        &format!("file://{}", file.display()),
    ])["CampaignResponse"]
        .clone();
    assert_eq!(campaign["State"]["CampaignStatus"], "EXECUTING");
    assert_eq!(campaign["Version"], 1);
    let templated = json!({"Name": "templated", "SegmentId": segment, "Priority": 1,
        "Schedule": schedule,
        "TemplateConfiguration": {"InAppTemplate": {"Name": "cli-banner"}}});
    let second = in_app.ok(&[
        "create-campaign",
        "--write-campaign-request",
        &templated.to_string(),
    ])["CampaignResponse"]
        .clone();
    let campaigns = in_app.ok(&["get-campaigns"]);
    let ids: Vec<&Value> = campaigns["CampaignsResponse"]["Item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["Id"])
        .collect();
    assert_eq!(ids, [&campaign["Id"], &second["Id"]]);

    let events = json!({"BatchItem": {"cli-device": {"Endpoint": {}, "Events": {
        "e-1": {"EventType": "purchase", "Timestamp": "2026-09-01T10:00:00.000Z",
                "Attributes": {"item": "gloves"}, "Metrics": {"price": 12.5}},
        "e-2": {"EventType": "purchase", "Timestamp": "not a time"}}}}});
    let put = in_app.ok(&["put-events", "--events-request", &events.to_string()]);
    let results = &put["EventsResponse"]["Results"]["cli-device"];
    assert_eq!(
        results["EndpointItemResponse"],
        json!({"Message": "Accepted", "StatusCode": 202})
    );
    assert_eq!(results["EventsItemResponse"]["e-1"]["StatusCode"], 202);
    assert_eq!(results["EventsItemResponse"]["e-2"]["StatusCode"], 400);

    let messages = in_app.ok(&["get-in-app-messages", "--endpoint-id", "cli-device"]);
    let got = messages["InAppMessagesResponse"]["InAppMessageCampaigns"]
        .as_array()
        .unwrap();
    let ids: Vec<&Value> = got.iter().map(|m| &m["CampaignId"]).collect();
    assert_eq!(ids, [&second["Id"], &campaign["Id"]], "by Priority");
    assert_eq!(
        got[0]["InAppMessage"]["Content"][0]["HeaderConfig"]["Header"],
        "From the template"
    );
    assert_eq!(got[1]["SessionCap"], 1);
    assert_eq!(got[1]["TreatmentId"], "0");

    // Errors as Pinpoint words them, through the CLI.
    let refused = |request: Value, error: &str| {
        let args = [
            "create-campaign",
            "--write-campaign-request",
            &request.to_string(),
        ];
        in_app.err(&args, error)
    };
    let stderr = refused(
        json!({"SegmentId": "nothing", "Schedule": schedule,
               "TemplateConfiguration": {"InAppTemplate": {"Name": "cli-banner"}}}),
        "NotFoundException",
    );
    assert!(stderr.contains("SegmentId: segment nothing"), "{stderr}");
    let stderr = refused(
        json!({"SegmentId": segment, "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "DAILY"},
               "TemplateConfiguration": {"InAppTemplate": {"Name": "cli-banner"}}}),
        "BadRequestException",
    );
    assert!(stderr.contains("Schedule.Frequency"), "{stderr}");
}

#[test]
fn boto3_works_against_serve() {
    let (home, serve) = serve_fresh();
    let mut cmd = std::process::Command::new(&clients().python);
    cmd.arg(repo_file("tests/fixtures/boto3_pinpoint.py"))
        .args([serve.url().as_str(), APP]);
    aws_env(&mut cmd, home.dir.path());
    let out = assert_cmd::Command::from_std(cmd)
        .timeout(CLIENT_TIMEOUT)
        .output()
        .unwrap();
    let report = succeeded_json(&out, "boto3 script");

    assert_eq!(report["update_endpoint"]["Message"], "Accepted");
    let got = &report["get_endpoint"];
    assert_eq!(got["Id"], "boto-1");
    assert_eq!(got["Address"], "boto@example.com");
    assert_eq!(got["ChannelType"], "EMAIL");
    assert_eq!(got["Attributes"], json!({"plan": ["premium"]}));
    assert_same(&got["Metrics"], &json!({"logins": 3}));
    assert_same(
        &got["Location"],
        &json!({"City": "Berlin", "Country": "DE", "Latitude": 52.5, "Longitude": 13.4}),
    );
    assert_eq!(
        got["User"],
        json!({"UserId": "boto-user", "UserAttributes": {"tier": ["gold"]}})
    );
    assert_eq!(report["update_endpoints_batch"]["Message"], "Accepted");
    assert_eq!(report["get_user_endpoints"], json!(["boto-1", "boto-2"]));
    let segment = &report["create_segment"];
    assert_eq!(segment["Name"], "boto-berlin");
    assert_eq!(segment["SegmentType"], "DIMENSIONAL");
    assert_eq!(
        segment["Dimensions"]["Location"]["Country"]["Values"],
        json!(["DE"])
    );
    assert_eq!(report["get_segments"], json!([segment["Id"]]));
    assert_eq!(
        report["missing"],
        json!({"code": "NotFoundException", "status": 404})
    );
    assert_eq!(
        report["remove_attributes"],
        json!({"ApplicationId": APP, "AttributeType": "endpoint-custom-attributes",
               "Attributes": ["plan"]})
    );
    assert_eq!(
        report["get_segment_versions"],
        json!([[1, "boto-berlin"], [2, "boto-berlin-2"]])
    );
    assert_eq!(report["get_segment_version"]["Name"], "boto-berlin");
    assert_eq!(report["get_segment_version"]["Version"], 1);
    assert_eq!(report["get_application_settings"]["ApplicationId"], APP);
    assert_eq!(
        report["update_application_settings"]["QuietTime"],
        json!({"Start": "23:00", "End": "07:00"})
    );
    assert_eq!(
        report["phone_number_validate"],
        json!({"CleansedPhoneNumberE164": "+12065550142", "CountryCodeIso2": "US",
               "CountryCodeNumeric": "1", "OriginalCountryCodeIso2": "US",
               "OriginalPhoneNumber": "(206) 555-0142", "PhoneType": "OTHER", "PhoneTypeCode": 4})
    );
    assert_eq!(
        report["bad_segment"],
        json!({"code": "BadRequestException", "status": 400})
    );
    // In-app messaging.
    assert_eq!(report["create_in_app_template"]["Message"], "Created");
    assert_eq!(
        report["list_templates"],
        json!([["boto-banner", "INAPP", "2"]])
    );
    assert_eq!(report["get_in_app_template"]["Version"], "1");
    let campaign = &report["create_campaign"];
    assert_eq!(campaign["State"], json!({"CampaignStatus": "EXECUTING"}));
    assert_eq!(campaign["Version"], 1);
    assert_eq!(report["get_campaigns"], json!([campaign["Id"]]));
    assert_eq!(
        report["put_events"],
        json!({"boto-inapp": {"EndpointItemResponse": {"Message": "Accepted", "StatusCode": 202},
               "EventsItemResponse": {"e-1": {"Message": "Accepted", "StatusCode": 202}}}})
    );
    let messages = report["get_in_app_messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["CampaignId"], campaign["Id"]);
    assert_eq!(
        messages[0]["InAppMessage"]["Content"][0]["HeaderConfig"]["Header"],
        "Version two"
    );
    assert_eq!(
        report["unknown_template"],
        json!({"code": "NotFoundException", "status": 404})
    );
}

#[test]
fn an_aws_target_without_credentials_fails_fast() {
    let home = Home::new();
    write_config(
        &home,
        "[targets.prod]\nkind = \"aws\"\nregion = \"us-east-1\"\napplication_id = \"0123456789abcdef0123456789abcdef\"\n",
    );
    let start = Instant::now();
    // Home::cmd strips the AWS credential variables, points the AWS files at missing paths
    // and disables the metadata service.
    let out = home
        .cmd()
        .args(["--target", "prod", "get", "x"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no AWS credentials for target `prod`"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

/// A client that writes its whole body before reading (urllib, and the AWS CLI through it)
/// reads the 413 of a body over the limit, instead of a connection reset under its write.
#[test]
fn a_body_over_the_limit_is_read_before_the_413() {
    let (_home, serve) = serve_fresh();
    let big = format!(r#"{{"Address": "{}"}}"#, "x".repeat(8 * 1024 * 1024));
    for (method, path, limit) in [
        (
            "PUT",
            format!("/v1/apps/{APP}/endpoints/big"),
            "7340032 bytes",
        ),
        (
            "POST",
            format!("/v1/apps/{APP}/events"),
            "4194304 bytes (4 MB)",
        ),
    ] {
        for _ in 0..3 {
            let (status, body) = http(serve.port, method, &path, &big)
                .unwrap_or_else(|e| panic!("{method} {path}: no answer: {e}"));
            assert_eq!(status, 413, "{body}");
            let body: Value = serde_json::from_str(&body).unwrap();
            assert!(body["Message"].as_str().unwrap().contains(limit), "{body}");
        }
    }
    let (status, _) = http(
        serve.port,
        "GET",
        &format!("/v1/apps/{APP}/endpoints/big"),
        "",
    )
    .unwrap();
    assert_eq!(status, 404, "nothing of the refused body was stored");
}

#[test]
fn serve_refuses_non_loopback_addresses() {
    let home = Home::new();
    let port = free_port();
    let out = home
        .cmd()
        .args(["serve", "--addr", &format!("0.0.0.0:{port}"), "--db"])
        .arg(home.dir.path().join("sb.sqlite3"))
        .timeout(BIN_TIMEOUT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refusing to listen on 0.0.0.0") && stderr.contains("--allow-remote"),
        "{stderr}"
    );
    assert!(!home.dir.path().join("sb.sqlite3").exists());
}

#[test]
fn serve_keeps_its_database_file_across_a_restart() {
    let home = Home::new();
    let db = home.dir.path().join("sb.sqlite3");
    let serve = Serve::start(&home, &db);
    assert!(db.exists());
    let request = r#"{"Address": "keep@example.com", "ChannelType": "EMAIL"}"#;
    aws_ok(
        &home,
        &serve,
        &[
            "update-endpoint",
            "--application-id",
            APP,
            "--endpoint-id",
            "kept",
            "--endpoint-request",
            request,
        ],
    );
    let kept = |serve: &Serve| {
        let args = [
            "get-endpoint",
            "--application-id",
            APP,
            "--endpoint-id",
            "kept",
        ];
        aws_ok(&home, serve, &args)
    };
    let before = kept(&serve);
    let (status, stderr) = serve.terminate();
    assert!(status.success(), "serve exited with {status}: {stderr}");
    assert!(stderr.contains("stopping"), "{stderr}");

    let serve = Serve::start(&home, &db);
    let after = kept(&serve);
    assert_eq!(after, before);
}

// ----- serve --require-auth -----

const AUTH_KEY: &str = "AKIDPPCTEST";
const AUTH_SECRET: &str = "s3cr3t-Value-42/xyz";

#[test]
fn require_auth_accepts_signed_requests_only_and_logs_no_secret() {
    let home = Home::new();
    let serve = Serve::start_with(
        &home,
        &home.dir.path().join("sb.sqlite3"),
        &[
            "--require-auth",
            &format!("{AUTH_KEY}:{AUTH_SECRET}"),
            "--log-level",
            "trace",
        ],
    );
    write_config(
        &home,
        &format!(
            "[targets.signed]\nkind = \"aws\"\nregion = \"eu-west-1\"\napplication_id = \"{APP}\"\nendpoint_url = \"{}\"\n",
            serve.url()
        ),
    );
    let as_user = |secret: &str, args: &[&str]| {
        home.cmd()
            .args(["--log-level", "trace", "--target", "signed"])
            .args(args)
            .env("AWS_ACCESS_KEY_ID", AUTH_KEY)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .timeout(BIN_TIMEOUT)
            .output()
            .unwrap()
    };
    // The right key: the SDK's signature verifies.
    let profile = repo_file("assets/profiles/email-user.json");
    let put = as_user(AUTH_SECRET, &["put", profile.to_str().unwrap()]);
    assert_success(&put, "");
    // A wrong secret: 403, one clear line, exit 1.
    let refused = as_user("not-the-secret", &["get", "qa-email-0001"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.starts_with(
            "GetEndpoint qa-email-0001 in application 5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c: ForbiddenException: "
        ) && stderr.contains("signature"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1);
    // No signature at all: 403 in Pinpoint's shape.
    let mut stream = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "GET /v1/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(
        answer
            .to_lowercase()
            .contains("x-amzn-errortype: forbiddenexception"),
        "{answer}"
    );
    assert!(answer.contains("Missing Authentication Token"), "{answer}");
    // The AWS CLI and boto3 with the key work; with another secret they get 403.
    let cli = |secret: &str| {
        let mut cmd = aws_pinpoint(
            &serve.url(),
            home.dir.path(),
            &[
                "get-endpoint",
                "--application-id",
                APP,
                "--endpoint-id",
                "qa-email-0001",
            ],
        );
        cmd.env("AWS_ACCESS_KEY_ID", AUTH_KEY)
            .env("AWS_SECRET_ACCESS_KEY", secret);
        assert_cmd::Command::from_std(cmd)
            .timeout(CLIENT_TIMEOUT)
            .output()
            .unwrap()
    };
    let ok = cli(AUTH_SECRET);
    assert_success(&ok, "");
    assert_eq!(
        json(&ok.stdout)["EndpointResponse"]["Address"],
        "qa.tester+0003@example.com"
    );
    let bad = cli("wrong");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ForbiddenException"));
    let mut py = std::process::Command::new(&clients().python);
    py.args([
        "-c",
        "import boto3,sys; c=boto3.client('pinpoint', endpoint_url=sys.argv[1], region_name='ap-south-1'); \
         print(c.get_endpoint(ApplicationId=sys.argv[2], EndpointId='qa-email-0001')['EndpointResponse']['Id'])",
        &serve.url(),
        APP,
    ]);
    aws_env(&mut py, home.dir.path());
    py.env("AWS_ACCESS_KEY_ID", AUTH_KEY)
        .env("AWS_SECRET_ACCESS_KEY", AUTH_SECRET);
    let out = assert_cmd::Command::from_std(py)
        .timeout(CLIENT_TIMEOUT)
        .succeeds("");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "qa-email-0001");

    // Neither the log (trace level, both sides) nor any output holds the secret or a signature.
    drop(serve);
    let log = std::fs::read_to_string(home.data_dir().join("pinpoint-console.log")).unwrap();
    assert!(
        log.contains("refused an unsigned or badly signed request"),
        "the log is written"
    );
    for secret in [AUTH_SECRET, "Signature=", "AWS4-HMAC-SHA256 Credential"] {
        assert!(!log.contains(secret), "the log holds `{secret}`");
        for out in [&put, &refused] {
            assert!(!String::from_utf8_lossy(&out.stdout).contains(secret));
            assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
        }
    }
}

// ----- segments made by the AWS CLI -----

#[test]
fn segments_created_with_the_aws_cli_are_read_by_match_unchanged() {
    let (home, serve) = serve_as_default_target();
    let mut created = Vec::new();
    for name in EXAMPLE_SEGMENTS {
        let file = repo_file(&format!("assets/segments/{name}.json"));
        let out = aws_ok(
            &home,
            &serve,
            &[
                "create-segment",
                "--application-id",
                APP,
                "--write-segment-request",
                &format!("file://{}", file.display()),
            ],
        );
        created.push((name, out["SegmentResponse"].clone()));
    }
    // What the console reads is what the AWS CLI wrote (numbers compared as numbers).
    let listed = bin_ok(&home, &["segments", "list"]);
    for (name, segment) in &created {
        let id = segment["Id"].as_str().unwrap();
        let ours = listed["Item"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Id"] == id)
            .unwrap();
        for member in [
            "Name",
            "Dimensions",
            "SegmentGroups",
            "SegmentType",
            "Version",
        ] {
            assert_eq!(
                numbers_as_f64(&ours[member]),
                numbers_as_f64(&segment[member]),
                "{name}: {member}"
            );
        }
    }
    // And match answers for them.
    let report = bin_ok(
        &home,
        &[
            "match",
            repo_file("assets/profiles/qa-ios.json").to_str().unwrap(),
        ],
    );
    let outcome = |name: &str| {
        let id = created.iter().find(|(n, _)| *n == name).unwrap().1["Id"].clone();
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["segment_id"] == id)
            .unwrap()["outcome"]
            .clone()
    };
    assert_eq!(outcome("premium-plan"), "MATCH");
    assert_eq!(outcome("frequent-users"), "MATCH");
    assert_eq!(outcome("near-berlin"), "NO_MATCH");
    assert_eq!(outcome("outside-north-america"), "NO_MATCH");
    assert_eq!(outcome("ios-premium-or-sms"), "MATCH");
}
