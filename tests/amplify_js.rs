//! The sandbox as an Amplify app sees it: the Amplify JavaScript library (`aws-amplify`, the
//! version pinned in `tests/amplify/package.json`), unmodified, run with node by
//! `tests/amplify/amplify.mjs` against `pinpoint-console serve --require-auth`, so that every
//! request Amplify signs is checked. A fetch wrapper sends Amplify's Pinpoint requests to the
//! sandbox and refuses every other host; the script prints one JSON line per call, which these
//! tests read, then they look at what the sandbox stored (with the console's own commands; the
//! campaigns are created with the AWS CLI).
//!
//! The packages are installed once per target directory (`npm ci`, under a lock other test
//! processes respect too, into a copy of `tests/amplify` under the target's temporary
//! directory); node and npm must be on PATH.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use std::time::Duration;

use common::clients::{CLIENT_TIMEOUT, aws_pinpoint};
use common::serve::Serve;
use common::{Home, json, numbers_as_f64, repo_file, sorted_ids};
use serde_json::{Value, json};

const APP: &str = "5a9d0b0c5a9d0b0c5a9d0b0c5a9d0b0c";
/// The key `serve --require-auth` accepts; Amplify and the AWS CLI sign with it.
const ACCESS_KEY: &str = "AKIDAMPLIFYTEST";
const SECRET: &str = "amplify-Secret/42";
/// The longest `npm ci` may take.
const NPM_TIMEOUT: Duration = Duration::from_secs(300);
/// The longest one run of the script may take (its own waits are bounded by 15 s each).
const NODE_TIMEOUT: Duration = Duration::from_secs(90);
/// The oldest node the script runs on (it needs the global fetch API).
const MIN_NODE: u32 = 18;
/// The files of `tests/amplify` the installed copy is made of.
const PACKAGE_FILES: [&str; 3] = ["package.json", "package-lock.json", "amplify.mjs"];

// ----- node, npm and the pinned packages -----

/// Runs a program bounded in time; `None` when it cannot be started.
fn run_bounded(program: &str, args: &[&str], dir: &Path, limit: Duration) -> Option<Output> {
    let mut cmd = std::process::Command::new(program);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NODE_OPTIONS")
        .stdin(std::process::Stdio::null());
    assert_cmd::Command::from_std(cmd)
        .timeout(limit)
        .output()
        .ok()
}

/// The directory holding the script and its installed packages: a copy of `tests/amplify`
/// under the target's temporary directory, where `npm ci` ran once (again when the lock file
/// changes). Fails with what is missing when node or npm is not on PATH.
fn amplify_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let source = repo_file("tests/amplify");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("amplify-js");
        std::fs::create_dir_all(&dir).unwrap();
        for (program, why) in [
            ("node", "runs the Amplify JavaScript library"),
            ("npm", "installs its pinned packages"),
        ] {
            let version = run_bounded(program, &["--version"], &dir, Duration::from_secs(60))
                .filter(|o| o.status.success())
                .unwrap_or_else(|| {
                    panic!(
                        "`{program} --version` failed: {program} ({why}) must be on PATH for the \
                         Amplify tests (Debian: apt-get install nodejs npm; .ci/run installs them)"
                    )
                });
            let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            assert!(
                program != "node" || major >= MIN_NODE,
                "node {version} is too old for the Amplify tests: {MIN_NODE} or later is needed \
                 (global fetch; the pinned packages are tested with node 20)"
            );
        }
        let lock = std::fs::File::create(dir.with_extension("lock")).unwrap();
        lock.lock().unwrap();
        let manifest: Vec<u8> = ["package.json", "package-lock.json"]
            .iter()
            .flat_map(|f| std::fs::read(source.join(f)).unwrap())
            .collect();
        let marker = dir.join(".installed");
        if std::fs::read(&marker).ok().as_deref() != Some(&manifest[..]) {
            let _ = std::fs::remove_file(&marker);
            let _ = std::fs::remove_dir_all(dir.join("node_modules"));
            for file in PACKAGE_FILES {
                std::fs::copy(source.join(file), dir.join(file)).unwrap();
            }
            let started = std::time::Instant::now();
            let args = [
                "ci",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                "--prefer-offline",
            ];
            let out = run_bounded("npm", &args, &dir, NPM_TIMEOUT).unwrap_or_else(|| {
                panic!(
                    "npm ci in {} did not finish within {NPM_TIMEOUT:?}",
                    dir.display()
                )
            });
            assert!(
                out.status.success(),
                "npm ci in {} (the packages of tests/amplify/package-lock.json) failed ({}): {}",
                dir.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::write(&marker, &manifest).unwrap();
            eprintln!(
                "npm ci for the Amplify tests took {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        // The script may change without the packages changing: always the current one.
        let script = std::fs::read(source.join("amplify.mjs")).unwrap();
        let partial = dir.join("amplify.mjs.partial");
        std::fs::write(&partial, script).unwrap();
        std::fs::rename(&partial, dir.join("amplify.mjs")).unwrap();
        lock.unlock().unwrap();
        dir
    })
}

// ----- the script -----

/// What one run of the script printed.
struct Run {
    /// One line per step, in order (step 0 is `configure`).
    steps: Vec<Value>,
    summary: Value,
    output: Output,
}

impl Run {
    fn step(&self, n: usize) -> &Value {
        &self.steps[n]
    }

    /// Every request the fetch wrapper let through, over all steps.
    fn requests(&self) -> impl Iterator<Item = &Value> {
        self.steps
            .iter()
            .flat_map(|s| s["requests"].as_array().unwrap())
    }

    /// The whole output, for failure messages.
    fn transcript(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&self.output.stdout),
            String::from_utf8_lossy(&self.output.stderr)
        )
    }
}

/// Runs `node amplify.mjs URL PLAN` against `serve`, signing with `ACCESS_KEY`.
fn run_script(home: &Home, serve: &Serve, plan: &Value) -> Run {
    let dir = amplify_dir();
    let plan_path = home.write("plan.json", &plan.to_string());
    let mut cmd = std::process::Command::new("node");
    cmd.arg(dir.join("amplify.mjs"))
        .arg(serve.url())
        .arg(&plan_path)
        .current_dir(dir)
        .env("PINPOINT_ACCESS_KEY_ID", ACCESS_KEY)
        .env("PINPOINT_SECRET_ACCESS_KEY", SECRET)
        .env_remove("NODE_OPTIONS")
        .stdin(std::process::Stdio::null());
    let output = assert_cmd::Command::from_std(cmd)
        .timeout(NODE_TIMEOUT)
        .output()
        .unwrap_or_else(|e| panic!("node amplify.mjs (at most {NODE_TIMEOUT:?}): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!(
                    "the script printed a line that is not JSON ({e}): {line}\nstderr:\n{}",
                    String::from_utf8_lossy(&output.stderr)
                )
            })
        })
        .collect();
    let summary = match lines.pop() {
        Some(last) if last["summary"] == true => last,
        _ => panic!(
            "the script ended without its summary line ({}):\n{stdout}\nstderr:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ),
    };
    let run = Run {
        steps: lines,
        summary,
        output,
    };
    let planned = plan["steps"].as_array().unwrap().len() + 1;
    assert_eq!(
        run.steps.len(),
        planned,
        "one line per step\n{}",
        run.transcript()
    );
    assert_eq!(
        run.output.status.success(),
        run.summary["ok"] == true,
        "the exit code follows the summary\n{}",
        run.transcript()
    );
    run
}

/// A test user as Amplify v6's `identifyUser` takes it.
fn amplify_user(user_id: &str) -> Value {
    json!({
        "userId": user_id,
        "userProfile": {
            "email": format!("{user_id}@example.com"),
            "name": "Ada Tester",
            "plan": "premium",
            "customProperties": {"interests": ["gloves", "running"]},
            "demographic": {
                "appVersion": "4.2.0", "locale": "de_DE", "make": "Framework",
                "model": "Laptop", "modelVersion": "13", "platform": "Web",
                "platformVersion": "20", "timezone": "Europe/Berlin"
            },
            "location": {
                "city": "Berlin", "country": "DE", "postalCode": "10115", "region": "BE",
                "latitude": 52.52, "longitude": 13.405
            },
            "metrics": {"logins": 157, "orders": 3}
        },
        "options": {
            "address": format!("{user_id}-device"),
            "optOut": "NONE",
            "userAttributes": {"tier": ["gold"]}
        }
    })
}

/// The steps every plan starts with: in-app messaging initialized (the library requires it
/// before its identifyUser) with a listener, then the user identified for both categories.
fn identify_steps(user: &Value) -> Vec<Value> {
    vec![
        json!({"do": "initializeInAppMessaging"}),
        json!({"do": "onMessageReceived"}),
        json!({"do": "identifyUser", "category": "InAppMessaging", "input": user}),
        json!({"do": "identifyUser", "category": "Analytics", "input": {
            "userId": user["userId"],
            "userProfile": {"plan": "premium", "metrics": {"sessions": 4}}
        }}),
    ]
}

// ----- the sandbox, and clients that sign with the required key -----

/// A new home with `serve --require-auth` on a new database, and a console target `signed`
/// that reaches it.
fn start_serve() -> (Home, Serve) {
    let home = Home::new();
    let serve = Serve::start_with(
        &home,
        &home.dir.path().join("sandbox.sqlite3"),
        &["--require-auth", &format!("{ACCESS_KEY}:{SECRET}")],
    );
    home.write(
        "config/config.toml",
        &format!(
            "[targets.signed]\nkind = \"aws\"\nregion = \"us-east-1\"\napplication_id = \"{APP}\"\nendpoint_url = \"{}\"\n",
            serve.url()
        ),
    );
    (home, serve)
}

/// `pinpoint-console --target signed ARGS...`: its JSON output, or its error line.
fn console(home: &Home, args: &[&str]) -> Result<Value, String> {
    let out = home
        .cmd()
        .args(["--target", "signed"])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .timeout(CLIENT_TIMEOUT)
        .output()
        .unwrap();
    json_or_error(&out)
}

/// A client's JSON output when it succeeded, its error output otherwise.
fn json_or_error(out: &Output) -> Result<Value, String> {
    if out.status.success() {
        Ok(json(&out.stdout))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn get_endpoint(home: &Home, id: &str) -> Value {
    console(home, &["get", id]).unwrap_or_else(|e| panic!("{e}"))
}

/// `aws pinpoint ARGS...` against `serve` (for what the console has no command for): its
/// JSON output, or its error.
fn aws(home: &Home, serve: &Serve, args: &[&str]) -> Result<Value, String> {
    let mut cmd = aws_pinpoint(&serve.url(), home.dir.path(), args);
    cmd.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    let out = assert_cmd::Command::from_std(cmd)
        .timeout(CLIENT_TIMEOUT)
        .output()
        .unwrap();
    json_or_error(&out)
}

/// The endpoint id of the UpdateEndpoint request a step made.
fn updated_endpoint(run: &Run, step: usize) -> String {
    let line = run.step(step);
    let requests = line["requests"].as_array().unwrap();
    let [request] = requests.as_slice() else {
        panic!(
            "step {step} should make one request: {line}\n{}",
            run.transcript()
        );
    };
    assert_eq!(request["operation"], "UpdateEndpoint", "{line}");
    request["path"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// Checks that GetEndpoint shows what `identifyUser(user)` sent on the in-app endpoint.
fn assert_in_app_endpoint(stored: &Value, user: &Value) {
    let profile = &user["userProfile"];
    let user_id = user["userId"].as_str().unwrap();
    assert_eq!(stored["ChannelType"], "IN_APP", "{stored:#}");
    assert_eq!(stored["Address"], user["options"]["address"], "{stored:#}");
    assert_eq!(stored["OptOut"], "NONE", "{stored:#}");
    assert_eq!(stored["EndpointStatus"], "ACTIVE", "{stored:#}");
    assert_eq!(
        stored["Attributes"],
        json!({
            "email": [profile["email"]],
            "name": [profile["name"]],
            "plan": ["premium"],
            "interests": ["gloves", "running"]
        }),
        "userProfile's email, name, plan and customProperties are the endpoint's attributes"
    );
    let demographic = &profile["demographic"];
    for (wire, amplify) in [
        ("AppVersion", "appVersion"),
        ("Locale", "locale"),
        ("Make", "make"),
        ("Model", "model"),
        ("ModelVersion", "modelVersion"),
        ("Platform", "platform"),
        ("PlatformVersion", "platformVersion"),
        ("Timezone", "timezone"),
    ] {
        assert_eq!(
            stored["Demographic"][wire], demographic[amplify],
            "Demographic.{wire}: {stored:#}"
        );
    }
    assert_eq!(
        numbers_as_f64(&stored["Location"]),
        numbers_as_f64(&json!({
            "City": "Berlin", "Country": "DE", "PostalCode": "10115", "Region": "BE",
            "Latitude": 52.5, "Longitude": 13.4
        })),
        "Location, coordinates rounded to one decimal: {stored:#}"
    );
    assert_eq!(
        numbers_as_f64(&stored["Metrics"]),
        numbers_as_f64(&profile["metrics"]),
        "{stored:#}"
    );
    assert_eq!(
        stored["User"],
        json!({"UserId": user_id, "UserAttributes": {"tier": ["gold"]}}),
        "{stored:#}"
    );
}

// ----- the tests -----

#[test]
fn amplify_identify_user_reaches_the_sandbox() {
    let (home, serve) = start_serve();
    let user = amplify_user("amplify-user-0001");
    let run = run_script(
        &home,
        &serve,
        &json!({"credentials": "static", "steps": identify_steps(&user)}),
    );
    assert_eq!(run.summary["ok"], true, "{}", run.transcript());
    assert_eq!(
        run.summary["amplifyVersion"],
        json!(
            serde_json::from_str::<Value>(
                &std::fs::read_to_string(repo_file("tests/amplify/package.json")).unwrap()
            )
            .unwrap()["dependencies"]["aws-amplify"]
        ),
        "the pinned aws-amplify ran"
    );
    // Every request went to the sandbox, signed with the key it requires, and was accepted.
    assert!(run.requests().count() >= 2, "{}", run.transcript());
    for request in run.requests() {
        assert_eq!(request["signedWith"], ACCESS_KEY, "{request}");
        assert_eq!(request["status"], 202, "{request}");
    }
    let in_app = updated_endpoint(&run, 3);
    let analytics = updated_endpoint(&run, 4);
    assert_ne!(
        in_app, analytics,
        "each category has an endpoint of its own"
    );
    assert_in_app_endpoint(&get_endpoint(&home, &in_app), &user);
    let stored = get_endpoint(&home, &analytics);
    assert_eq!(stored["ChannelType"], Value::Null, "{stored:#}");
    assert_eq!(stored["User"]["UserId"], user["userId"], "{stored:#}");
    assert_eq!(
        stored["Attributes"]["plan"],
        json!(["premium"]),
        "{stored:#}"
    );
    assert_eq!(
        numbers_as_f64(&stored["Metrics"]),
        json!({"sessions": 4.0}),
        "{stored:#}"
    );
    // One user, two endpoints, the same user attributes.
    let endpoints = console(&home, &["user", "amplify-user-0001"]).unwrap();
    let mut expected = [in_app.as_str(), analytics.as_str()];
    expected.sort_unstable();
    assert_eq!(sorted_ids(&endpoints["Item"]), expected);
}

#[test]
fn amplify_requests_to_other_hosts_are_refused() {
    // Amplify's default credentials come from a Cognito identity pool: the fetch wrapper
    // refuses that host, the script says so and fails, and nothing reaches the sandbox.
    let (home, serve) = start_serve();
    let user = amplify_user("amplify-user-0002");
    let run = run_script(
        &home,
        &serve,
        &json!({"credentials": "cognito", "steps": [
            {"do": "initializeInAppMessaging"},
            {"do": "identifyUser", "category": "InAppMessaging", "input": user},
        ]}),
    );
    assert!(!run.output.status.success(), "{}", run.transcript());
    assert_eq!(run.summary["ok"], false);
    let refused = run.summary["refused"].as_array().unwrap();
    assert!(!refused.is_empty(), "{}", run.transcript());
    for r in refused {
        assert_eq!(
            r["url"],
            "https://cognito-identity.us-east-1.amazonaws.com/",
            "{}",
            run.transcript()
        );
    }
    let identify = run.step(2);
    assert_eq!(identify["ok"], false);
    assert_eq!(identify["error"]["name"], "RefusedHostError", "{identify}");
    assert_eq!(run.requests().count(), 0, "{}", run.transcript());
    let err = console(&home, &["user", "amplify-user-0002"]).unwrap_err();
    assert!(err.contains("NotFoundException"), "{err}");
}

/// The in-app campaign the test user gets: reference §4's example, aimed at `segment`.
fn spring_sale(segment: &str, end: &str) -> Value {
    json!({
        "Name": "spring-sale",
        "SegmentId": segment,
        "SegmentVersion": 1,
        "Priority": 2,
        "MessageConfiguration": {"InAppMessage": {
            "Layout": "BOTTOM_BANNER",
            "CustomConfig": {"promo": "G10"},
            "Content": [{
                "BackgroundColor": "#FFFFFF",
                "HeaderConfig": {"Alignment": "LEFT", "Header": SPRING_HEADER, "TextColor": "#000000"},
                "BodyConfig": {"Alignment": "LEFT", "Body": "Gloves on sale", "TextColor": "#333333"},
                "PrimaryBtn": {"DefaultConfig": {
                    "ButtonAction": "DEEP_LINK", "Link": "myapp://gloves", "Text": "Shop"
                }}
            }]
        }},
        "Schedule": {
            "StartTime": "IMMEDIATE",
            "EndTime": end,
            "Frequency": "IN_APP_EVENT",
            "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]},
                "Attributes": {"item": {"AttributeType": "INCLUSIVE", "Values": ["gloves"]}},
                "Metrics": {"price": {"ComparisonOperator": "GREATER_THAN_OR_EQUAL", "Value": 10}}
            }}
        },
        "Limits": {"Session": 1, "Daily": 3, "Total": 10}
    })
}

const SPRING_HEADER: &str = "10% off gloves";

/// An in-app campaign on the same event for a segment the test user is not in; with
/// Priority 1 it would win over spring-sale if the sandbox returned it.
fn free_upsell(segment: &str, end: &str) -> Value {
    json!({
        "Name": "free-upsell",
        "SegmentId": segment,
        "SegmentVersion": 1,
        "Priority": 1,
        "MessageConfiguration": {"InAppMessage": {
            "Layout": "TOP_BANNER",
            "Content": [{
                "BackgroundColor": "#000000",
                "HeaderConfig": {"Alignment": "CENTER", "Header": "Go premium", "TextColor": "#FFFFFF"},
                "BodyConfig": {"Alignment": "CENTER", "Body": "Upgrade today", "TextColor": "#FFFFFF"}
            }]
        }},
        "Schedule": {
            "StartTime": "IMMEDIATE",
            "EndTime": end,
            "Frequency": "IN_APP_EVENT",
            "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]}
            }}
        }
    })
}

/// What went wrong, collected so that one run names every missing piece at once.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }
}

/// A step's error, worded for a problem list.
fn step_error(line: &Value) -> String {
    let e = &line["error"];
    format!(
        "{} threw {}: {} (HTTP {})",
        line["do"].as_str().unwrap_or("?"),
        e["name"].as_str().unwrap_or("?"),
        e["message"].as_str().unwrap_or("?"),
        e["status"]
    )
}

/// The ids and header texts of the messages a step's listener received.
fn received(line: &Value) -> Vec<(String, String)> {
    line["received"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap_or_default().to_string(),
                m["content"][0]["header"]["content"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// Needs the sandbox's CreateCampaign, GetInAppMessages and PutEvents: the failure lists
/// every step that did not work, with the sandbox's answer (a 501 names the operation).
#[test]
fn amplify_in_app_messages_and_events_reach_the_sandbox() {
    let (home, serve) = start_serve();
    let mut problems = Problems::default();

    // The segments (with the console) and the campaigns (with the AWS CLI).
    let segment = |file: &Path| {
        let created = console(&home, &["segments", "create", file.to_str().unwrap()]);
        created.unwrap_or_else(|e| panic!("{e}"))["Id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let premium = segment(&repo_file("assets/segments/premium-plan.json"));
    let free = segment(&home.write(
        "free-plan.json",
        r#"{"Name": "Free plan", "Dimensions": {"Attributes": {"plan": {"AttributeType": "INCLUSIVE", "Values": ["free"]}}}}"#,
    ));
    let end = (time::OffsetDateTime::now_utc() + time::Duration::days(30))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut campaign = |name: &str, body: Value| {
        let created = aws(
            &home,
            &serve,
            &[
                "create-campaign",
                "--application-id",
                APP,
                "--write-campaign-request",
                &body.to_string(),
            ],
        )
        .map(|v| v["CampaignResponse"]["Id"].as_str().unwrap().to_string());
        match created {
            Ok(id) => Some(id),
            Err(e) => {
                problems.0.push(format!("CreateCampaign {name}: {e}"));
                None
            }
        }
    };
    let spring = campaign("spring-sale", spring_sale(&premium, &end));
    let upsell = campaign("free-upsell", free_upsell(&free, &end));
    let spring_name = || match &spring {
        Some(id) => format!("spring-sale ({id})"),
        None => "spring-sale (not created)".to_string(),
    };

    // The app: identify, sync, dispatch, record, flush.
    let user = amplify_user("amplify-user-0003");
    let gloves =
        json!({"name": "purchase", "attributes": {"item": "gloves"}, "metrics": {"price": 12.5}});
    let mut steps = identify_steps(&user);
    steps.extend([
        json!({"do": "syncMessages"}),                                      // 5
        json!({"do": "dispatchEvent", "input": {"name": "no-such-event"}}), // 6
        json!({"do": "dispatchEvent", "input": {                         // 7
            "name": "purchase", "attributes": {"item": "socks"}, "metrics": {"price": 12.5}
        }}),
        json!({"do": "dispatchEvent", "input": gloves}), // 8
        json!({"do": "record", "input": {                                // 9
            "name": "purchase", "attributes": {"item": "gloves"}, "metrics": {"price": 15}
        }}),
        json!({"do": "notifyMessageInteraction", "type": "messageDisplayed"}), // 10
        json!({"do": "dispatchEvent", "input": gloves}),                       // 11
    ]);
    // Wait for the display event only when there can be one.
    let wait_for: &[&str] = if spring.is_some() {
        &["purchase", "_inapp.message_displayed"]
    } else {
        &["purchase"]
    };
    steps.push(json!({"do": "flushEvents", "waitFor": wait_for})); // 12
    let run = run_script(
        &home,
        &serve,
        &json!({"credentials": "static", "steps": steps}),
    );

    for n in 1..=4 {
        let line = run.step(n);
        assert_eq!(line["ok"], true, "step {n}: {}", run.transcript());
    }
    let in_app = updated_endpoint(&run, 3);
    let analytics = updated_endpoint(&run, 4);

    // syncMessages: GetInAppMessages for the in-app endpoint, spring-sale only.
    let sync = run.step(5);
    problems.check(sync["ok"] == true, || step_error(sync));
    let answers: Vec<&Value> = sync["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["operation"] == "GetInAppMessages")
        .collect();
    match answers.as_slice() {
        [answer] => {
            assert_eq!(
                answer["path"],
                format!("/v1/apps/{APP}/endpoints/{in_app}/inappmessages")
            );
            let ids: Vec<&str> = answer["response"]["InAppMessageCampaigns"]
                .as_array()
                .map(|c| c.iter().filter_map(|c| c["CampaignId"].as_str()).collect())
                .unwrap_or_default();
            problems.check(
                answer["status"] == 200 && spring.as_deref().is_some_and(|s| ids == [s]),
                || {
                    format!(
                        "GetInAppMessages should answer 200 with {} only (not free-upsell {}, \
                         whose segment the user is not in): HTTP {} {}",
                        spring_name(),
                        upsell.as_deref().unwrap_or("not created"),
                        answer["status"],
                        answer["response"]
                    )
                },
            );
        }
        other => problems.0.push(format!(
            "syncMessages should call GetInAppMessages once: {other:?}"
        )),
    }

    // dispatchEvent: only the matching event brings spring-sale, and only until displayed.
    for (n, why) in [
        (6, "an event no campaign names"),
        (7, "an event whose attribute misses the filter"),
    ] {
        let line = run.step(n);
        problems.check(line["ok"] == true, || step_error(line));
        problems.check(received(line).is_empty(), || {
            format!("{why} should reach no listener: {}", line["received"])
        });
    }
    for (n, what) in [
        (8, "dispatchEvent(purchase, item=gloves, price=12.5)"),
        (
            9,
            "record(purchase, item=gloves, price=15), through Amplify's Hub",
        ),
    ] {
        let line = run.step(n);
        problems.check(line["ok"] == true, || step_error(line));
        let expected = spring
            .as_ref()
            .map(|id| vec![(id.clone(), SPRING_HEADER.to_string())]);
        problems.check(Some(received(line)) == expected, || {
            format!(
                "{what} should bring {} with header {SPRING_HEADER:?} to onMessageReceived: got {:?}",
                spring_name(),
                received(line)
            )
        });
    }
    // The message as the listener got it (when it is spring-sale; anything else is a problem
    // reported above).
    let first = run.step(8)["received"].get(0);
    if let Some(message) = first.filter(|m| spring.is_some() && m["id"] == json!(spring)) {
        assert_eq!(message["layout"], "BOTTOM_BANNER", "{message:#}");
        assert_eq!(
            message["content"][0]["body"]["content"], "Gloves on sale",
            "{message:#}"
        );
        assert_eq!(
            message["content"][0]["primaryButton"],
            json!({"title": "Shop", "action": "DEEP_LINK", "url": "myapp://gloves", "style": {}}),
            "{message:#}"
        );
        assert_eq!(message["metadata"]["priority"], 2, "{message:#}");
        assert_eq!(
            message["metadata"]["customData"],
            json!({"promo": "G10"}),
            "{message:#}"
        );
        let instant = |v: &Value| {
            time::OffsetDateTime::parse(
                v.as_str().unwrap_or_default(),
                &time::format_description::well_known::Rfc3339,
            )
            .ok()
        };
        assert_eq!(
            instant(&message["metadata"]["endDate"]),
            instant(&json!(end)),
            "the campaign's EndTime is the message's end date: {message:#}"
        );
    }
    let displayed = run.step(10);
    problems.check(displayed["ok"] == true, || step_error(displayed));
    let again = run.step(11);
    problems.check(again["ok"] == true && received(again).is_empty(), || {
        format!(
            "after one display, spring-sale's session cap (Limits.Session 1) should keep it back: {}",
            again["received"]
        )
    });

    // flushEvents: PutEvents carries the analytics event and the display event, each
    // accepted.
    let flush = run.step(12);
    problems.check(
        flush["ok"] == true && flush.get("notSent").is_none(),
        || {
            format!(
                "flushEvents should send {wait_for:?} with PutEvents: {}",
                flush
            )
        },
    );
    let put_events: Vec<&Value> = run
        .requests()
        .filter(|r| r["operation"] == "PutEvents")
        .collect();
    problems.check(!put_events.is_empty(), || {
        "no PutEvents request was made".to_string()
    });
    let mut events = Vec::new();
    for put in &put_events {
        let batch = put["request"]["BatchItem"].as_object().unwrap();
        if batch.is_empty() {
            problems.check(put["status"].as_u64().is_some_and(|s| s < 500), || {
                format!("PutEvents with no events answered {put}")
            });
            continue;
        }
        problems.check(put["status"] == 202, || {
            format!(
                "PutEvents should answer 202: HTTP {} {} {}",
                put["status"], put["errorType"], put["response"]
            )
        });
        for (endpoint, item) in batch {
            let result = &put["response"]["Results"][endpoint];
            if put["status"] == 202 {
                problems.check(result["EndpointItemResponse"]["StatusCode"] == 202, || {
                    format!("PutEvents result for endpoint {endpoint}: {result}")
                });
            }
            for (event_id, event) in item["Events"].as_object().unwrap() {
                if put["status"] == 202 {
                    let status = &result["EventsItemResponse"][event_id]["StatusCode"];
                    problems.check(status == 202, || {
                        format!("PutEvents result for event {event_id} ({event}): {result}")
                    });
                }
                events.push((endpoint.clone(), event.clone()));
            }
        }
    }
    let purchase = events.iter().find(|(_, e)| e["EventType"] == "purchase");
    problems.check(
        purchase.is_some_and(|(endpoint, e)| {
            *endpoint == analytics
                && e["Attributes"] == json!({"item": "gloves"})
                && numbers_as_f64(&e["Metrics"]) == json!({"price": 15.0})
        }),
        || {
            format!(
                "record()'s purchase event should be sent on the analytics endpoint {analytics}: \
                 {purchase:?}"
            )
        },
    );
    if let Some(spring) = &spring {
        let shown = events
            .iter()
            .find(|(_, e)| e["EventType"] == "_inapp.message_displayed");
        problems.check(
            shown.is_some_and(|(endpoint, e)| {
                *endpoint == in_app
                    && e["Attributes"]["campaign_id"] == spring.as_str()
                    && e["Attributes"]["delivery_type"] == "IN_APP_MESSAGE"
            }),
            || format!("the display of {spring} should be sent on the in-app endpoint {in_app}: {shown:?}"),
        );
    }

    // PutEvents' "Endpoint": {} leaves the endpoints as identifyUser made them.
    assert_in_app_endpoint(&get_endpoint(&home, &in_app), &user);
    assert_eq!(
        get_endpoint(&home, &analytics)["User"]["UserId"],
        user["userId"]
    );

    problems.check(run.summary["ok"] == true, || {
        format!("the script did not end cleanly: {}", run.summary)
    });
    assert!(
        problems.0.is_empty(),
        "Amplify's in-app messaging and events did not work end to end against the sandbox:\n- {}\n\n{}",
        problems.0.join("\n- "),
        run.transcript()
    );
}
