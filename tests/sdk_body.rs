//! What aws-sdk-pinpoint sends is the wire shapes' JSON, and what it reads back is the same
//! wire values: the body of UpdateEndpoint is the `preview --format pinpoint` JSON of a
//! profile; the bodies of CreateCampaign, UpdateCampaign, Create/UpdateInAppTemplate and
//! PutEvents are the serde JSON of their wire requests; the answers of the campaign,
//! template, event and in-app message operations read back equal to the JSON that was
//! served. A loopback server records every request and answers with the exchanges of
//! tests/fixtures/inapp/ (Pinpoint's documented examples, and answers with every member).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::any;
use common::{Home, json, no_instance_metadata, numbers_as_f64, repo_file, sandbox_target};
use pinpoint_console::model::import::parse_json;
use pinpoint_console::model::wire::{
    EventsRequest, InAppTemplateRequest, PublicEndpoint, WriteCampaignRequest,
};
use pinpoint_console::pinpoint::{Client, ResolvedTarget};
use serde_json::{Value, json};

/// One request as it arrived: method, path with its query, body.
type Captured = Arc<Mutex<Vec<(Method, String, Vec<u8>)>>>;

/// What the server answers a request (method, path, query): status, error type, body.
type Answer = fn(&Method, &str, &str) -> (StatusCode, Option<&'static str>, String);

/// A loopback server that records every request and answers as `answer` says.
async fn capture_server(answer: Answer) -> (String, Captured, tokio::task::JoinHandle<()>) {
    let captured: Captured = Arc::default();
    let store = Arc::clone(&captured);
    let app = axum::Router::new().fallback(any(move |method: Method, uri: Uri, body: Bytes| {
        let store = Arc::clone(&store);
        async move {
            let target = uri.path_and_query().map_or("", |p| p.as_str()).to_string();
            store
                .lock()
                .unwrap()
                .push((method.clone(), target, body.to_vec()));
            let (status, error, body) = answer(&method, uri.path(), uri.query().unwrap_or(""));
            let mut response = (status, body).into_response();
            response
                .headers_mut()
                .insert("x-amzn-RequestId", REQUEST_ID.parse().unwrap());
            if let Some(error) = error {
                response
                    .headers_mut()
                    .insert("x-amzn-ErrorType", error.parse().unwrap());
            }
            response
        }
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, captured, task)
}

fn target(url: &str) -> ResolvedTarget {
    ResolvedTarget {
        timeout: Duration::from_secs(5),
        ..sandbox_target("capture", url, "app-1")
    }
}

async fn connect(url: &str) -> Client {
    no_instance_metadata();
    Client::connect(target(url)).await.unwrap()
}

/// A file of tests/fixtures/inapp/.
fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo_file(&format!("tests/fixtures/inapp/{name}"))).unwrap()
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// The request id of every answer.
const REQUEST_ID: &str = "0f4c2d1e-7a6b-4c5d-9e8f-102132435465";

const ACCEPTED: &str = r#"{"Message":"Accepted","RequestID":"r"}"#;

/// Pinpoint's answers, from the examples: GetCampaigns and ListTemplates in two pages.
fn pinpoint(
    method: &Method,
    path: &str,
    query: &str,
) -> (StatusCode, Option<&'static str>, String) {
    let ok = |status, body: String| (status, None, body);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("PUT", ["v1", "apps", _, "endpoints", _]) => ok(StatusCode::ACCEPTED, ACCEPTED.into()),
        ("POST", ["v1", "apps", _, "campaigns"]) => {
            ok(StatusCode::CREATED, fixture("campaign.response.json"))
        }
        ("GET", ["v1", "apps", _, "campaigns"]) => {
            let all = fixture_json("campaigns.response.json");
            let page = if query.contains("token=2") {
                json!({"Item": [all["Item"][1]]})
            } else {
                json!({"Item": [all["Item"][0]], "NextToken": "2"})
            };
            ok(StatusCode::OK, page.to_string())
        }
        ("GET" | "PUT" | "DELETE", ["v1", "apps", _, "campaigns", "missing"]) => (
            StatusCode::NOT_FOUND,
            Some("NotFoundException"),
            r#"{"Message":"Resource not found","RequestID":"r"}"#.into(),
        ),
        ("GET" | "PUT" | "DELETE", ["v1", "apps", _, "campaigns", _]) => {
            ok(StatusCode::OK, fixture("campaign.response.json"))
        }
        ("POST", ["v1", "templates", _, "inapp"]) => ok(
            StatusCode::CREATED,
            fixture("template-create.response.json"),
        ),
        ("GET", ["v1", "templates", _, "inapp"]) => {
            ok(StatusCode::OK, fixture("in-app-template.response.json"))
        }
        ("PUT" | "DELETE", ["v1", "templates", _, "inapp"]) => {
            ok(StatusCode::ACCEPTED, ACCEPTED.into())
        }
        ("GET", ["v1", "templates"]) => {
            let all = fixture_json("templates.response.json");
            let page = if query.contains("next-token=t2") {
                json!({"Item": [all["Item"][1]]})
            } else {
                json!({"Item": [all["Item"][0]], "NextToken": "t2"})
            };
            ok(StatusCode::OK, page.to_string())
        }
        ("POST", ["v1", "apps", _, "events"]) => {
            ok(StatusCode::ACCEPTED, fixture("put-events.response.json"))
        }
        ("GET", ["v1", "apps", _, "endpoints", _, "inappmessages"]) => {
            ok(StatusCode::OK, fixture("in-app-messages.response.json"))
        }
        _ => (
            StatusCode::NOT_FOUND,
            Some("NotFoundException"),
            r#"{"Message":"no such route","RequestID":"r"}"#.into(),
        ),
    }
}

/// Takes the one request a call made.
fn only_request(captured: &Captured) -> (Method, String, Value) {
    let mut requests = std::mem::take(&mut *captured.lock().unwrap());
    assert_eq!(requests.len(), 1, "one request: {requests:?}");
    let (method, target, body) = requests.pop().unwrap();
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap()
    };
    (method, target, body)
}

/// The paths of the requests made since the last look, in order.
fn requested(captured: &Captured) -> Vec<String> {
    captured.lock().unwrap().drain(..).map(|r| r.1).collect()
}

/// `got` is fixture `name`'s JSON, numbers compared as numbers.
fn assert_as_fixture(got: &impl serde::Serialize, name: &str, what: &str) {
    assert_same_json(got, &fixture_json(name), what);
}

/// The body of the one request a call made, which must be `method` on `path`.
fn sent(captured: &Captured, method: Method, path: &str) -> Value {
    let (sent_method, sent_path, body) = only_request(captured);
    assert_eq!((sent_method, sent_path.as_str()), (method, path));
    body
}

/// The same JSON, numbers compared as numbers (10 and 10.0 alike).
fn assert_same_json(got: &impl serde::Serialize, expected: &Value, what: &str) {
    let got = serde_json::to_value(got).unwrap();
    assert_eq!(numbers_as_f64(&got), numbers_as_f64(expected), "{what}");
}

#[tokio::test]
async fn the_sdk_sends_exactly_the_preview() {
    let (url, captured, server) = capture_server(pinpoint).await;
    let client = connect(&url).await;
    let home = Home::new();
    for example in ["qa-ios", "sms-user", "email-user", "gps-user"] {
        let file = repo_file(&format!("assets/profiles/{example}.json"));
        let preview = home.cmd().arg("preview").arg(&file).output().unwrap();
        assert!(preview.status.success());
        let expected = json(&preview.stdout);

        let (_, form) = parse_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let id = form.endpoint_id.clone().unwrap();
        client
            .update_endpoint(&id, &form.to_endpoint_request())
            .await
            .unwrap();

        let (method, path, sent) = only_request(&captured);
        assert_eq!(method, Method::PUT);
        assert_eq!(path, format!("/v1/apps/app-1/endpoints/{id}"));
        assert_eq!(
            numbers_as_f64(&sent),
            numbers_as_f64(&expected),
            "{example}"
        );
    }
    server.abort();
}

/// A WriteCampaignRequest with every member the client sends: the second campaign of the
/// examples without what only an answer has.
fn full_write_campaign() -> WriteCampaignRequest {
    let mut campaign = fixture_json("campaigns.response.json")["Item"][1].clone();
    let object = campaign.as_object_mut().unwrap();
    for member in [
        "Id",
        "Arn",
        "ApplicationId",
        "CreationDate",
        "LastModifiedDate",
        "Version",
        "State",
        "DefaultState",
    ] {
        object.remove(member).unwrap();
    }
    for treatment in object["AdditionalTreatments"].as_array_mut().unwrap() {
        let treatment = treatment.as_object_mut().unwrap();
        treatment.remove("Id").unwrap();
        treatment.remove("State").unwrap();
    }
    serde_json::from_value(campaign).unwrap()
}

/// PutEvents with a full endpoint update (a profile's) and an event with every member.
fn full_events() -> EventsRequest {
    let file = repo_file("assets/profiles/qa-ios.json");
    let (_, form) = parse_json(&std::fs::read_to_string(file).unwrap()).unwrap();
    let endpoint: PublicEndpoint = form.to_endpoint_request();
    let mut request: EventsRequest =
        serde_json::from_str(&fixture("put-events.request.json")).unwrap();
    let mut batch = request.batch_item["ep-1"].clone();
    batch.endpoint = endpoint;
    batch.events.insert(
        "e-2".into(),
        serde_json::from_value(json!({
            "AppPackageName": "com.example.shop", "AppTitle": "Shop", "AppVersionCode": "42",
            "Attributes": {"screen": "cart"}, "ClientSdkVersion": "6.6.0",
            "EventType": "_session.stop", "Metrics": {"items": 3, "total": 37.25},
            "SdkName": "aws-amplify",
            "Session": {"Duration": 120000, "Id": "s-1", "StartTimestamp": "2026-09-01T09:58:00.000Z",
                        "StopTimestamp": "2026-09-01T10:00:00.000Z"},
            "Timestamp": "2026-09-01T10:00:00.000Z"
        }))
        .unwrap(),
    );
    request.batch_item.insert("ep-2".into(), batch);
    request
}

#[tokio::test]
async fn the_sdk_sends_the_wire_json_of_campaigns_templates_and_events() {
    let (url, captured, server) = capture_server(pinpoint).await;
    let client = connect(&url).await;

    for campaign in [
        serde_json::from_str::<WriteCampaignRequest>(&fixture("create-campaign.request.json"))
            .unwrap(),
        full_write_campaign(),
    ] {
        let expected = serde_json::to_value(&campaign).unwrap();
        client.create_campaign(&campaign).await.unwrap();
        let body = sent(&captured, Method::POST, "/v1/apps/app-1/campaigns");
        assert_same_json(&body, &expected, "CreateCampaign");

        client.update_campaign("c-1", &campaign).await.unwrap();
        let body = sent(&captured, Method::PUT, "/v1/apps/app-1/campaigns/c-1");
        assert_same_json(&body, &expected, "UpdateCampaign");
    }

    let template: InAppTemplateRequest =
        serde_json::from_str(&fixture("in-app-template.request.json")).unwrap();
    // Every member: carousel pages with images, both buttons and per-platform actions.
    let pages = fixture_json("campaigns.response.json")
        .pointer("/Item/1/AdditionalTreatments/0/MessageConfiguration/InAppMessage/Content")
        .unwrap()
        .clone();
    let carousel: InAppTemplateRequest = serde_json::from_value(json!({
        "Content": pages, "CustomConfig": {"promo": "G10"}, "Layout": "CAROUSEL",
        "tags": {"team": "growth"}, "TemplateDescription": "every member",
    }))
    .unwrap();
    for request in [&template, &carousel] {
        let expected = serde_json::to_value(request).unwrap();
        client
            .create_in_app_template("gloves-banner", request)
            .await
            .unwrap();
        let body = sent(&captured, Method::POST, "/v1/templates/gloves-banner/inapp");
        assert_eq!(body, expected, "CreateInAppTemplate");

        client
            .update_in_app_template("gloves-banner", request, true, None)
            .await
            .unwrap();
        let body = sent(
            &captured,
            Method::PUT,
            "/v1/templates/gloves-banner/inapp?create-new-version=true",
        );
        assert_eq!(body, expected, "UpdateInAppTemplate");
    }
    client
        .update_in_app_template("gloves-banner", &template, false, Some("3"))
        .await
        .unwrap();
    let (_, path, _) = only_request(&captured);
    assert_eq!(path, "/v1/templates/gloves-banner/inapp?version=3");

    let documented: EventsRequest =
        serde_json::from_str(&fixture("put-events.request.json")).unwrap();
    for events in [documented, full_events()] {
        let expected = serde_json::to_value(&events).unwrap();
        client.put_events(&events).await.unwrap();
        let body = sent(&captured, Method::POST, "/v1/apps/app-1/events");
        assert_same_json(&body, &expected, "PutEvents");
    }
    server.abort();
}

#[tokio::test]
async fn the_sdk_reads_the_answers_into_the_same_wire_values() {
    let (url, captured, server) = capture_server(pinpoint).await;
    let client = connect(&url).await;
    let campaign = fixture_json("campaign.response.json");
    let request: WriteCampaignRequest =
        serde_json::from_str(&fixture("create-campaign.request.json")).unwrap();

    let created = client.create_campaign(&request).await.unwrap();
    assert_same_json(&created.value, &campaign, "CreateCampaign");
    assert_eq!(created.request_id.as_deref(), Some(REQUEST_ID));
    for (read, what) in [
        (client.get_campaign("c-1").await.unwrap(), "GetCampaign"),
        (
            client.update_campaign("c-1", &request).await.unwrap(),
            "UpdateCampaign",
        ),
        (
            client.delete_campaign("c-1").await.unwrap(),
            "DeleteCampaign",
        ),
    ] {
        assert_same_json(&read.value, &campaign, what);
    }
    captured.lock().unwrap().clear();

    // Every page, in order, and no NextToken left in the result.
    let all = client.get_campaigns().await.unwrap();
    let mut expected = fixture_json("campaigns.response.json");
    expected.as_object_mut().unwrap().remove("NextToken");
    assert_same_json(&all.value, &expected, "GetCampaigns");
    let paths = requested(&captured);
    assert_eq!(
        paths,
        [
            "/v1/apps/app-1/campaigns",
            "/v1/apps/app-1/campaigns?token=2"
        ]
    );

    let template: InAppTemplateRequest =
        serde_json::from_str(&fixture("in-app-template.request.json")).unwrap();
    let created = client
        .create_in_app_template("gloves-banner", &template)
        .await
        .unwrap();
    assert_as_fixture(
        &created.value,
        "template-create.response.json",
        "CreateInAppTemplate",
    );
    let read = client
        .get_in_app_template("gloves-banner", Some("1"))
        .await
        .unwrap();
    assert_as_fixture(
        &read.value,
        "in-app-template.response.json",
        "GetInAppTemplate",
    );
    let deleted = client
        .delete_in_app_template("gloves-banner", Some("2"))
        .await
        .unwrap();
    assert_eq!(deleted.value.message.as_deref(), Some("Accepted"));
    let paths = requested(&captured);
    assert_eq!(
        paths[1..],
        [
            "/v1/templates/gloves-banner/inapp?version=1",
            "/v1/templates/gloves-banner/inapp?version=2"
        ]
    );

    let listed = client
        .list_templates(Some("g"), Some("INAPP"))
        .await
        .unwrap();
    assert_as_fixture(&listed.value, "templates.response.json", "ListTemplates");
    let paths = requested(&captured);
    assert_eq!(paths.len(), 2, "{paths:?}");
    for path in &paths {
        assert!(
            path.contains("prefix=g") && path.contains("template-type=INAPP"),
            "{path}"
        );
    }
    assert!(paths[1].contains("next-token=t2"), "{paths:?}");

    let events: EventsRequest = serde_json::from_str(&fixture("put-events.request.json")).unwrap();
    let results = client.put_events(&events).await.unwrap();
    assert_as_fixture(&results.value, "put-events.response.json", "PutEvents");

    let messages = client.get_in_app_messages("ep-1").await.unwrap();
    assert_as_fixture(
        &messages.value,
        "in-app-messages.response.json",
        "GetInAppMessages",
    );
    let paths = requested(&captured);
    assert_eq!(
        paths,
        [
            "/v1/apps/app-1/events",
            "/v1/apps/app-1/endpoints/ep-1/inappmessages"
        ]
    );
    server.abort();
}

#[tokio::test]
async fn errors_name_the_call_and_what_cannot_be_sent_is_not_sent() {
    let (url, captured, server) = capture_server(pinpoint).await;
    let client = connect(&url).await;

    let mut campaign: WriteCampaignRequest =
        serde_json::from_str(&fixture("create-campaign.request.json")).unwrap();
    campaign
        .message_configuration
        .as_mut()
        .unwrap()
        .email_message = Some(json!({"Title": "t"}));
    let err = client.create_campaign(&campaign).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "CreateCampaign gloves-promo in application app-1: RequestError: \
         MessageConfiguration.EmailMessage: only in-app messages are supported (InAppMessage)"
    );
    let err = client.get_campaign("missing").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "GetCampaign missing in application app-1: NotFoundException: Resource not found \
             (request id {REQUEST_ID})"
        )
    );
    let sent = captured.lock().unwrap().drain(..).count();
    assert_eq!(sent, 1, "only GetCampaign was sent");

    let read_only = Client::connect(ResolvedTarget {
        read_only: true,
        ..target(&url)
    })
    .await
    .unwrap();
    let events: EventsRequest = serde_json::from_str(&fixture("put-events.request.json")).unwrap();
    let template: InAppTemplateRequest =
        serde_json::from_str(&fixture("in-app-template.request.json")).unwrap();
    let refusals = [
        read_only.put_events(&events).await.unwrap_err(),
        read_only.create_campaign(&campaign).await.unwrap_err(),
        read_only
            .update_campaign("c-1", &campaign)
            .await
            .unwrap_err(),
        read_only.delete_campaign("c-1").await.unwrap_err(),
        read_only
            .create_in_app_template("gloves-banner", &template)
            .await
            .unwrap_err(),
        read_only
            .update_in_app_template("gloves-banner", &template, true, None)
            .await
            .unwrap_err(),
        read_only
            .delete_in_app_template("gloves-banner", None)
            .await
            .unwrap_err(),
    ];
    for err in &refusals {
        assert_eq!(err.code, "ReadOnlyTarget", "{err}");
    }
    assert_eq!(
        refusals[0].to_string(),
        "PutEvents ep-1 in application app-1: ReadOnlyTarget: target `capture` is read-only; \
         PutEvents was not sent"
    );
    assert_eq!(
        refusals[6].to_string(),
        format!(
            "DeleteInAppTemplate gloves-banner at {url}: ReadOnlyTarget: target `capture` is \
             read-only; DeleteInAppTemplate was not sent"
        )
    );
    assert!(captured.lock().unwrap().is_empty(), "nothing was sent");
    server.abort();
}
