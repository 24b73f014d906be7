//! The sandbox's Pinpoint API, end to end: the real client (aws-sdk-pinpoint) against a
//! sandbox served on an ephemeral loopback port, plus raw HTTP requests (through the router,
//! in process) for what the SDK cannot send and for the exact error shapes.
//!
//! Covered: every endpoint and application operation through the client, segments and
//! GetApp/DeleteApp over raw HTTP, Pinpoint's errors (status, `x-amzn-ErrorType`,
//! `x-amzn-RequestId`, `{"Message", "RequestID"}` body), the 501 NotImplementedException
//! for a modelled operation the sandbox does not serve, the quotas, and the UpdateEndpoint
//! rules: merging, service-filled fields, shared user attributes, the address rule, the
//! 16th endpoint of a user, case-insensitive and percent-encoded ids. Over raw HTTP too: the
//! per-application attribute-name quota and RemoveAttributes, the segment checks (enums,
//! GPS ranges, required members, 100 dimensions, source segments), segment versions,
//! application settings and the offline PhoneNumberValidate. In-app messaging over raw HTTP:
//! campaigns (checks naming the member, 404 for what they name, versions, State), in-app
//! templates (versions, the active version, ListTemplates), PutEvents (per-item results, the
//! endpoint part, quotas, the bound per endpoint) and GetInAppMessages (what an endpoint is
//! entitled to, with Behavior.Recency decided from stored events).
//!
//! Only loopback is used. Every client call is bounded by the target's 5 s operation
//! timeout, and every raw request by `RAW_TIMEOUT`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use indexmap::{IndexMap, indexmap};
use serde_json::{Value, json};
use tower::ServiceExt;

use pinpoint_console::model::wire::{EndpointBatchItem, EndpointRequest, EndpointResponse};
use pinpoint_console::pinpoint::{CallError, Client, ResolvedTarget};
use pinpoint_console::sandbox::{
    self, DEFAULT_APP_ID, DEFAULT_APP_NAME, Database, MAX_BODY_BYTES, Sandbox, SandboxHandle,
};

use common::{no_instance_metadata, sandbox_target};

/// An application id that no sandbox has.
const UNKNOWN_APP: &str = "0123456789abcdef0123456789abcdef";
/// The longest a raw request may take.
const RAW_TIMEOUT: Duration = Duration::from_secs(30);
/// The client's per-call bound.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

// ----- harness -----

/// A sandbox served on a loopback port, also reachable in process through its router.
struct Harness {
    sandbox: Arc<Sandbox>,
    handle: SandboxHandle,
    /// The database file, for the tests that look at what is stored.
    db: Option<(tempfile::TempDir, PathBuf)>,
}

impl Harness {
    /// A sandbox with an in-memory database.
    async fn start() -> Harness {
        Self::serve(Sandbox::open(&Database::Memory).unwrap(), None).await
    }

    /// A sandbox whose database is a file in a temporary directory.
    async fn start_on_disk() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.db");
        let sandbox = Sandbox::open(&Database::File(path.clone())).unwrap();
        Self::serve(sandbox, Some((dir, path))).await
    }

    async fn serve(sandbox: Arc<Sandbox>, db: Option<(tempfile::TempDir, PathBuf)>) -> Harness {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let handle = sandbox::serve(listener, Arc::clone(&sandbox)).unwrap();
        Harness {
            sandbox,
            handle,
            db,
        }
    }

    fn db_path(&self) -> &Path {
        &self.db.as_ref().expect("an on-disk harness").1
    }

    /// A client for the default application.
    async fn client(&self) -> Client {
        self.client_for(DEFAULT_APP_ID, false).await
    }

    /// A client for `application_id`, read-only or not.
    async fn client_for(&self, application_id: &str, read_only: bool) -> Client {
        no_instance_metadata();
        let target = ResolvedTarget {
            read_only,
            timeout: CALL_TIMEOUT,
            ..sandbox_target("test-sandbox", &self.handle.url(), application_id)
        };
        Client::connect(target)
            .await
            .expect("connect to the sandbox")
    }

    /// One raw HTTP request, through the router.
    async fn call(&self, method: Method, uri: &str, body: Body) -> Raw {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json")
            .body(body)
            .unwrap();
        let router = sandbox::routes::router(Arc::clone(&self.sandbox));
        let response = tokio::time::timeout(RAW_TIMEOUT, router.oneshot(request))
            .await
            .expect("the request ends in time")
            .expect("the router never fails");
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(RAW_TIMEOUT, body.collect())
            .await
            .expect("the body ends in time")
            .expect("the body reads")
            .to_bytes();
        Raw {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    async fn call_json(&self, method: Method, uri: &str, body: &Value) -> Raw {
        self.call(method, uri, Body::from(body.to_string())).await
    }

    async fn call_empty(&self, method: Method, uri: &str) -> Raw {
        self.call(method, uri, Body::empty()).await
    }
}

/// A raw answer.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Raw {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
            .to_str()
            .unwrap()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(500)])
            )
        })
    }

    /// Asserts a success with `status` and returns its JSON body.
    fn expect(&self, status: StatusCode) -> Value {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert!(!self.header("x-amzn-RequestId").is_empty());
        self.json()
    }

    /// Asserts Pinpoint's error shape and returns the message.
    fn expect_error(&self, status: StatusCode, kind: &str) -> String {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("x-amzn-ErrorType"), kind);
        let request_id = self.header("x-amzn-RequestId");
        assert!(!request_id.is_empty());
        let body = self.json();
        let object = body.as_object().expect("an error body is an object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["Message", "RequestID"], "body: {body}");
        assert_eq!(body["RequestID"], request_id);
        let message = body["Message"].as_str().expect("Message is a string");
        assert!(!message.is_empty());
        message.to_string()
    }
}

// ----- request and assertion helpers -----

fn request(body: Value) -> EndpointRequest {
    serde_json::from_value(body).expect("a valid EndpointRequest")
}

fn batch_item(id: &str, body: Value) -> EndpointBatchItem {
    EndpointBatchItem::from_parts(id, request(body))
}

/// `n` EMAIL endpoints `{prefix}{i}` of `user`, as batch items.
fn email_items(prefix: &str, user: &str, n: usize) -> Vec<EndpointBatchItem> {
    (0..n)
        .map(|i| {
            batch_item(
                &format!("{prefix}{i}"),
                json!({"ChannelType": "EMAIL", "Address": format!("{prefix}{i}@example.com"),
                       "User": {"UserId": user}}),
            )
        })
        .collect()
}

async fn put(client: &Client, id: &str, body: Value) {
    let out = client
        .update_endpoint(id, &request(body))
        .await
        .unwrap_or_else(|e| panic!("UpdateEndpoint {id}: {e}"));
    assert_eq!(out.value.message.as_deref(), Some("Accepted"));
}

async fn get(client: &Client, id: &str) -> EndpointResponse {
    client
        .get_endpoint(id)
        .await
        .unwrap_or_else(|e| panic!("GetEndpoint {id}: {e}"))
        .value
}

fn assert_call_error(result: Result<impl std::fmt::Debug, CallError>, code: &str, status: u16) {
    let err = result.expect_err("the call fails");
    assert_eq!(err.code, code, "{err}");
    assert_eq!(err.status, Some(status), "{err}");
    assert!(
        err.request_id.as_deref().is_some_and(|id| !id.is_empty()),
        "a request id: {err:?}"
    );
}

async fn assert_no_endpoint(client: &Client, id: &str) {
    assert_call_error(client.get_endpoint(id).await, "NotFoundException", 404);
}

fn user_id(endpoint: &EndpointResponse) -> Option<&str> {
    endpoint.user.as_ref()?.user_id.as_deref()
}

fn user_attributes(endpoint: &EndpointResponse) -> IndexMap<String, Vec<String>> {
    endpoint
        .user
        .as_ref()
        .and_then(|u| u.user_attributes.clone())
        .unwrap_or_default()
}

fn values(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn is_iso_millis(text: &str) -> bool {
    const SHAPE: &str = "0000-00-00T00:00:00.000Z";
    text.len() == SHAPE.len()
        && text.chars().zip(SHAPE.chars()).all(|(c, s)| match s {
            '0' => c.is_ascii_digit(),
            _ => c == s,
        })
}

fn endpoint_path(app: &str, id: &str) -> String {
    format!("/v1/apps/{app}/endpoints/{id}")
}

fn batch_path(app: &str) -> String {
    format!("/v1/apps/{app}/endpoints")
}

fn segments_path(app: &str) -> String {
    format!("/v1/apps/{app}/segments")
}

/// Rows stored for an application in one table of the sandbox database.
fn stored_rows(db: &Path, table: &str, app: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        &format!("SELECT COUNT(*) FROM {table} WHERE app_id = ?1"),
        [app],
        |r| r.get(0),
    )
    .unwrap()
}

// ----- every operation through the client -----

#[tokio::test]
async fn update_get_and_delete_an_endpoint() {
    let h = Harness::start().await;
    let c = h.client().await;
    let out = c
        .update_endpoint(
            "ep-1",
            &request(json!({"ChannelType": "SMS", "Address": "+12065550100",
                            "Attributes": {"team": ["red"]}, "User": {"UserId": "u-1"}})),
        )
        .await
        .unwrap();
    assert_eq!(out.value.message.as_deref(), Some("Accepted"));
    assert!(out.value.request_id.is_some() && out.request_id.is_some());

    let e = get(&c, "ep-1").await;
    assert_eq!(e.id.as_deref(), Some("ep-1"));
    assert_eq!(e.application_id.as_deref(), Some(DEFAULT_APP_ID));
    assert_eq!(e.channel_type.as_deref(), Some("SMS"));
    assert_eq!(e.address.as_deref(), Some("+12065550100"));
    assert_eq!(
        e.attributes,
        Some(indexmap! {"team".into() => values(&["red"])})
    );
    assert_eq!(user_id(&e), Some("u-1"));

    let deleted = c.delete_endpoint("ep-1").await.unwrap().value;
    assert_eq!(deleted, e, "DeleteEndpoint returns the endpoint it removed");
    assert_no_endpoint(&c, "ep-1").await;
    assert_call_error(c.delete_endpoint("ep-1").await, "NotFoundException", 404);
}

#[tokio::test]
async fn batch_then_user_endpoints() {
    let h = Harness::start().await;
    let c = h.client().await;
    let items = vec![
        batch_item(
            "b-email",
            json!({"ChannelType": "EMAIL", "Address": "a@example.com", "User": {"UserId": "batch-user"}}),
        ),
        batch_item(
            "b-sms",
            json!({"ChannelType": "SMS", "Address": "+12065550101", "User": {"UserId": "batch-user"}}),
        ),
        batch_item("b-loner", json!({"Metrics": {"score": 3.5}})),
    ];
    let out = c.update_endpoints_batch(&items).await.unwrap();
    assert_eq!(out.value.message.as_deref(), Some("Accepted"));
    assert_eq!(
        get(&c, "b-email").await.address.as_deref(),
        Some("a@example.com")
    );
    assert_eq!(get(&c, "b-sms").await.channel_type.as_deref(), Some("SMS"));
    assert_eq!(
        get(&c, "b-loner").await.metrics,
        Some(indexmap! {"score".into() => 3.5})
    );

    let ids = |r: &pinpoint_console::model::wire::EndpointsResponse| -> Vec<String> {
        r.item.iter().filter_map(|e| e.id.clone()).collect()
    };
    let listed = c.get_user_endpoints("batch-user").await.unwrap().value;
    assert_eq!(ids(&listed), ["b-email", "b-sms"]);
    let deleted = c.delete_user_endpoints("batch-user").await.unwrap().value;
    assert_eq!(
        deleted, listed,
        "DeleteUserEndpoints returns what it removed"
    );
    assert_call_error(
        c.get_user_endpoints("batch-user").await,
        "NotFoundException",
        404,
    );
    assert_no_endpoint(&c, "b-email").await;
    assert_no_endpoint(&c, "b-sms").await;
    get(&c, "b-loner").await;
}

#[tokio::test]
async fn apps_are_listed_and_created() {
    let h = Harness::start().await;
    let c = h.client().await;
    let apps = c.get_apps().await.unwrap().value;
    assert_eq!(apps.item.len(), 1);
    assert_eq!(apps.item[0].id, DEFAULT_APP_ID);
    assert_eq!(apps.item[0].name, DEFAULT_APP_NAME);

    let created = c.create_app("second").await.unwrap().value;
    assert_eq!(created.name, "second");
    assert_eq!(created.id.len(), 32);
    assert!(created.arn.ends_with(&format!(":apps/{}", created.id)));
    assert!(created.creation_date.as_deref().is_some_and(is_iso_millis));

    let in_new_app = h.client_for(&created.id, false).await;
    put(
        &in_new_app,
        "new-app-ep",
        json!({"Address": "x@example.com"}),
    )
    .await;
    assert_eq!(
        get(&in_new_app, "new-app-ep")
            .await
            .application_id
            .as_deref(),
        Some(created.id.as_str())
    );
    assert_no_endpoint(&c, "new-app-ep").await;

    let apps = c.get_apps().await.unwrap().value;
    let ids: Vec<&str> = apps.item.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, [DEFAULT_APP_ID, created.id.as_str()]);
    assert_eq!(apps.item[1], created);
}

// ----- segments and applications over raw HTTP -----

#[tokio::test]
async fn segments_are_created_read_updated_and_deleted() {
    let h = Harness::start().await;
    let path = segments_path(DEFAULT_APP_ID);
    let dimensions =
        json!({"Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["iOS"]}}});
    let created = h
        .call_json(
            Method::POST,
            &path,
            &json!({"Name": "ios", "Dimensions": dimensions}),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = created["Id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert_eq!(created["ApplicationId"], DEFAULT_APP_ID);
    assert_eq!(created["Name"], "ios");
    assert_eq!(created["Dimensions"], dimensions);
    assert_eq!(created["SegmentType"], "DIMENSIONAL");
    assert_eq!(created["Version"], 1);
    assert!(
        created["Arn"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":apps/{DEFAULT_APP_ID}/segments/{id}"))
    );
    assert!(is_iso_millis(created["CreationDate"].as_str().unwrap()));

    let listed = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([created]));

    let one = format!("{path}/{id}");
    let got = h.call_empty(Method::GET, &one).await.expect(StatusCode::OK);
    assert_eq!(got, created);

    let updated = h
        .call_json(Method::PUT, &one, &json!({"Name": "ios-users"}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(updated["Version"], 2);
    assert_eq!(updated["Name"], "ios-users");
    assert_eq!(updated["Dimensions"], dimensions, "left out, kept");
    assert_eq!(updated["CreationDate"], created["CreationDate"]);
    assert!(is_iso_millis(updated["LastModifiedDate"].as_str().unwrap()));

    let deleted = h
        .call_empty(Method::DELETE, &one)
        .await
        .expect(StatusCode::OK);
    assert_eq!(deleted, updated, "DeleteSegment returns what it removed");
    h.call_empty(Method::GET, &one)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    let listed = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([]));
}

#[tokio::test]
async fn a_segment_with_dimensions_and_groups_is_refused() {
    let h = Harness::start().await;
    let path = segments_path(DEFAULT_APP_ID);
    let message = h
        .call_json(
            Method::POST,
            &path,
            &json!({"Name": "both", "Dimensions": {}, "SegmentGroups": {"Groups": [], "Include": "ALL"}}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Dimensions") && message.contains("SegmentGroups"));
    let listed = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([]), "nothing was created");
}

#[tokio::test]
async fn get_app_and_delete_app_with_its_endpoints() {
    let h = Harness::start_on_disk().await;
    let created = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "doomed"}))
        .await
        .expect(StatusCode::CREATED);
    let app = created["Id"].as_str().unwrap().to_string();
    let app_path = format!("/v1/apps/{app}");
    let got = h
        .call_empty(Method::GET, &app_path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(got, created);
    assert_eq!(got["Name"], "doomed");
    for key in ["Arn", "Id", "Name", "CreationDate"] {
        assert!(got[key].is_string(), "{key} in {got}");
    }

    for id in ["d-1", "d-2"] {
        h.call_json(
            Method::PUT,
            &endpoint_path(&app, id),
            &json!({"Address": id}),
        )
        .await
        .expect(StatusCode::ACCEPTED);
    }
    h.call_json(
        Method::POST,
        &segments_path(&app),
        &json!({"Name": "s", "Dimensions": {}}),
    )
    .await
    .expect(StatusCode::CREATED);
    assert_eq!(stored_rows(h.db_path(), "endpoints", &app), 2);

    let deleted = h
        .call_empty(Method::DELETE, &app_path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(deleted, created, "DeleteApp returns the application");
    assert_eq!(stored_rows(h.db_path(), "endpoints", &app), 0);
    assert_eq!(stored_rows(h.db_path(), "segments", &app), 0);
    for path in [app_path, endpoint_path(&app, "d-1")] {
        h.call_empty(Method::GET, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    let default_app = h
        .call_empty(Method::GET, &format!("/v1/apps/{DEFAULT_APP_ID}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(default_app["Name"], DEFAULT_APP_NAME);
}

// ----- errors through the client -----

#[tokio::test]
async fn unknown_endpoint_user_and_application_are_not_found() {
    let h = Harness::start().await;
    let c = h.client().await;
    assert_no_endpoint(&c, "nobody").await;
    assert_call_error(
        c.get_user_endpoints("no-such-user").await,
        "NotFoundException",
        404,
    );
    assert_call_error(
        c.delete_user_endpoints("no-such-user").await,
        "NotFoundException",
        404,
    );
    let elsewhere = h.client_for(UNKNOWN_APP, false).await;
    assert_no_endpoint(&elsewhere, "nobody").await;
    assert_call_error(
        elsewhere
            .update_endpoint("e", &request(json!({"Address": "a"})))
            .await,
        "NotFoundException",
        404,
    );
    assert_call_error(
        elsewhere.get_user_endpoints("u").await,
        "NotFoundException",
        404,
    );
}

#[tokio::test]
async fn quota_violations_are_bad_requests_that_store_nothing() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "existing",
        json!({"Attributes": {"a": ["1"]}, "Location": {"Latitude": 10.0}}),
    )
    .await;
    let before = get(&c, "existing").await;

    let long_name = "n".repeat(51);
    let violations = [
        json!({"Attributes": {long_name.clone(): ["v"]}}),
        json!({"User": {"UserAttributes": {long_name: ["v"]}}}),
        json!({"Location": {"Latitude": 91.0}}),
        json!({"Attributes": {"a": ["v".repeat(101)]}}),
    ];
    for body in violations {
        for id in ["fresh", "existing"] {
            assert_call_error(
                c.update_endpoint(id, &request(body.clone())).await,
                "BadRequestException",
                400,
            );
        }
    }
    assert_no_endpoint(&c, "fresh").await;
    assert_eq!(get(&c, "existing").await, before, "unchanged");

    assert_call_error(
        c.update_endpoint("bad$id", &request(json!({"Address": "a"})))
            .await,
        "BadRequestException",
        400,
    );
    assert_no_endpoint(&c, "bad$id").await;
}

#[tokio::test]
async fn a_read_only_target_sends_no_writes() {
    let h = Harness::start().await;
    let writer = h.client().await;
    put(&writer, "kept", json!({"Address": "k@example.com"})).await;
    let before = get(&writer, "kept").await;

    let reader = h.client_for(DEFAULT_APP_ID, true).await;
    let refused = [
        reader
            .update_endpoint("ro-new", &request(json!({"Address": "a"})))
            .await
            .map(|_| ()),
        reader
            .update_endpoint("kept", &request(json!({"Address": "changed"})))
            .await
            .map(|_| ()),
        reader
            .update_endpoints_batch(&[batch_item("ro-batch", json!({}))])
            .await
            .map(|_| ()),
        reader.delete_endpoint("kept").await.map(|_| ()),
    ];
    for result in refused {
        let err = result.expect_err("a read-only target refuses writes");
        assert_eq!(err.code, "ReadOnlyTarget", "{err}");
        assert_eq!(
            (err.status, err.request_id),
            (None, None),
            "nothing was sent"
        );
    }
    assert_eq!(get(&reader, "kept").await, before, "reads still work");
    assert_no_endpoint(&writer, "ro-new").await;
    assert_no_endpoint(&writer, "ro-batch").await;
}

// ----- errors over raw HTTP -----

#[tokio::test]
async fn malformed_json_is_a_bad_request() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "e");
    let message = h
        .call(Method::PUT, &path, Body::from(r#"{"Address": "a",}"#))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Invalid request body"), "{message}");
    assert!(message.contains("line 1 column"), "{message}");
    let message = h
        .call(Method::PUT, &path, Body::from(r#"{"Adress": "a"}"#))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("unknown field `Adress`"), "{message}");
    h.call_empty(Method::GET, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn wrong_types_are_bad_requests_naming_the_problem() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "e");
    let cases = [
        (
            json!({"Metrics": {"m": "x"}}),
            r#"invalid type: string "x", expected f64"#,
        ),
        (
            json!({"Attributes": {"a": "notalist"}}),
            r#"invalid type: string "notalist", expected a sequence"#,
        ),
        (
            json!({"Address": 5}),
            "invalid type: integer `5`, expected a string",
        ),
        (
            json!("an endpoint"),
            "a JSON object is required, not a string",
        ),
        // serde alone would read an array into the request by position.
        (
            json!([
                null, null, null, null, null, null, null, null, null, null, null
            ]),
            "a JSON object is required, not an array",
        ),
        (json!(null), "a JSON object is required, not null"),
        // ... and a member too (this one would be City "Seattle").
        (
            json!({"Location": ["Seattle", null, null, null, null, null]}),
            "Location must be a JSON object, not an array",
        ),
        (
            json!({"User": {"UserAttributes": {"a": ["x"]}}, "Demographic": [null, null, "Apple", "iPhone", null, null, null, null]}),
            "Demographic must be a JSON object, not an array",
        ),
        (json!(7), "a JSON object is required, not a number"),
    ];
    for (body, expected) in cases {
        let message = h
            .call_json(Method::PUT, &path, &body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains(expected), "{body}: {message}");
    }
    h.call_empty(Method::GET, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn an_empty_update_body_is_a_bad_request() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "e");
    for body in ["", "  \n"] {
        let message = h
            .call(Method::PUT, &path, Body::from(body))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains("empty"), "{message}");
    }
}

#[tokio::test]
async fn a_batch_over_100_items_is_refused_whole() {
    let h = Harness::start().await;
    let items: Vec<Value> = (0..101)
        .map(|i| json!({"Id": format!("many-{i}"), "Address": format!("a{i}")}))
        .collect();
    let message = h
        .call_json(
            Method::PUT,
            &batch_path(DEFAULT_APP_ID),
            &json!({"Item": items}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("101"), "{message}");
    for i in [0, 50, 100] {
        h.call_empty(
            Method::GET,
            &endpoint_path(DEFAULT_APP_ID, &format!("many-{i}")),
        )
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
}

#[tokio::test]
async fn a_batch_is_applied_whole_or_not_at_all() {
    let h = Harness::start().await;
    let bad_items = [
        json!({"Id": "third", "Location": {"Latitude": 91.0}}),
        json!({"Id": "bad$id"}),
        json!({"Address": "no id"}),
    ];
    for bad in bad_items {
        let body = json!({"Item": [{"Id": "first", "Address": "1"}, {"Id": "second", "Address": "2"}, bad]});
        let message = h
            .call_json(Method::PUT, &batch_path(DEFAULT_APP_ID), &body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains("Item[2]"), "{message}");
        for id in ["first", "second"] {
            h.call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, id))
                .await
                .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
        }
    }
}

#[tokio::test]
async fn a_body_over_7_mb_is_payload_too_large() {
    let h = Harness::start().await;
    let path = endpoint_path(DEFAULT_APP_ID, "big");
    // Exactly 7 MB is read (and then refused for the 15 KB endpoint quota).
    let prefix = r#"{"Address":""#;
    let suffix = r#""}"#;
    let address = "a".repeat(MAX_BODY_BYTES - prefix.len() - suffix.len());
    let at_limit = format!("{prefix}{address}{suffix}");
    assert_eq!(at_limit.len(), MAX_BODY_BYTES);
    let message = h
        .call(Method::PUT, &path, Body::from(at_limit))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("bytes"), "{message}");

    let over = vec![b' '; MAX_BODY_BYTES + 1];
    h.call(Method::PUT, &path, Body::from(over))
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLargeException");
    h.call_empty(Method::GET, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn a_wrong_method_is_method_not_allowed() {
    let h = Harness::start().await;
    let cases = [
        (Method::POST, endpoint_path(DEFAULT_APP_ID, "e")),
        (Method::PATCH, "/v1/apps".to_string()),
        (Method::GET, batch_path(DEFAULT_APP_ID)),
        (Method::PUT, format!("/v1/apps/{DEFAULT_APP_ID}")),
    ];
    for (method, path) in cases {
        h.call_json(method, &path, &json!({}))
            .await
            .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
    }
}

#[tokio::test]
async fn an_unknown_path_is_not_found() {
    let h = Harness::start().await;
    for path in [
        "/v2/apps",
        "/v1/nothing",
        "/v1/apps/x/endpoints/e/extra",
        "/",
    ] {
        h.call_empty(Method::GET, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
}

#[tokio::test]
async fn an_operation_the_sandbox_does_not_serve_says_so_by_name() {
    let h = Harness::start().await;
    let app = DEFAULT_APP_ID;
    let cases = [
        (
            Method::GET,
            format!("/v1/apps/{app}/journeys"),
            "ListJourneys (GET /v1/apps/{application-id}/journeys)",
        ),
        (
            Method::GET,
            format!("/v1/apps/{app}/campaigns/c/versions"),
            "GetCampaignVersions (GET /v1/apps/{application-id}/campaigns/{campaign-id}/versions)",
        ),
        (
            Method::POST,
            format!("/v1/apps/{app}/eventstream"),
            "PutEventStream (POST /v1/apps/{application-id}/eventstream)",
        ),
        (
            Method::GET,
            "/v1/apps/x/channels/sms".to_string(),
            "GetSmsChannel (GET /v1/apps/{application-id}/channels/sms)",
        ),
        (
            Method::PUT,
            "/v1/templates/welcome/sms/active-version".to_string(),
            "UpdateTemplateActiveVersion (PUT /v1/templates/{template-name}/{template-type}/active-version)",
        ),
        (
            Method::GET,
            "/v1/tags/arn%3Aaws%3Amobiletargeting%3Aus-east-1%3A0%3Aapps%2Fx".to_string(),
            "ListTagsForResource (GET /v1/tags/{resource-arn})",
        ),
        (
            Method::POST,
            "/v1/templates/welcome/email".to_string(),
            "CreateEmailTemplate (POST /v1/templates/{template-name}/email)",
        ),
    ];
    for (method, path, named) in cases {
        let message = h
            .call_json(method.clone(), &path, &json!({}))
            .await
            .expect_error(StatusCode::NOT_IMPLEMENTED, "NotImplementedException");
        assert_eq!(
            message,
            format!("{named} is not implemented by the pinpoint-console sandbox"),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn not_implemented_not_found_and_method_not_allowed_stay_apart() {
    let h = Harness::start().await;
    // A modelled path with a method no operation has there: 405, served or not.
    for (method, path) in [
        (
            Method::DELETE,
            format!("/v1/apps/{DEFAULT_APP_ID}/campaigns"),
        ),
        (Method::POST, "/v1/apps/x/channels/sms".to_string()),
        (Method::PATCH, "/v1/apps".to_string()),
    ] {
        h.call_empty(method, &path)
            .await
            .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
    }
    // No operation's path: 404.
    for path in ["/v1/apps/x/campaigns/c/nothing", "/v1/apps//campaigns"] {
        h.call_empty(Method::GET, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    // A served operation on a missing resource keeps the modelled 404.
    let message = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "nobody"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    assert_eq!(message, "Resource not found");
}

/// The SDK surfaces the 501's code and message, the console's error mapping shows them,
/// and the call is sent once (not retried) although the client retries up to 3 times.
#[tokio::test]
async fn the_sdk_and_the_console_report_an_unserved_operation_by_name() {
    use aws_sdk_pinpoint::config::retry::RetryConfig;
    use aws_sdk_pinpoint::config::{BehaviorVersion, Credentials, Region};
    use std::sync::atomic::{AtomicUsize, Ordering};

    let sandbox = Sandbox::open(&Database::Memory).unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&seen);
    let router = sandbox::routes::router(sandbox).layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            counted.fetch_add(1, Ordering::SeqCst);
            next.run(request)
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    no_instance_metadata();
    let config = aws_sdk_pinpoint::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .endpoint_url(&url)
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .build();
    let sdk = aws_sdk_pinpoint::Client::from_conf(config);
    let err = tokio::time::timeout(
        CALL_TIMEOUT,
        sdk.list_journeys().application_id(DEFAULT_APP_ID).send(),
    )
    .await
    .expect("the call ends in time")
    .expect_err("ListJourneys is not served");
    let shown = CallError::from_sdk(&err, &url, CALL_TIMEOUT);
    assert_eq!(shown.code, "NotImplementedException", "{shown}");
    assert_eq!(shown.status, Some(501));
    assert_eq!(
        shown.message,
        "ListJourneys (GET /v1/apps/{application-id}/journeys) is not implemented by the \
         pinpoint-console sandbox"
    );
    assert!(
        shown.request_id.as_deref().is_some_and(|id| !id.is_empty()),
        "{shown:?}"
    );
    assert!(
        shown
            .to_string()
            .starts_with("NotImplementedException: ListJourneys ("),
        "{shown}"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 1, "sent once, not retried");
    server.abort();
}

// ----- UpdateEndpoint rules through the client -----

#[tokio::test]
async fn attributes_and_metrics_merge_per_name() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "m",
        json!({"Attributes": {"a": ["1"], "b": ["2"], "c": ["3"]}, "Metrics": {"x": 1.0, "y": 2.0}}),
    )
    .await;
    put(&c, "m", json!({"Attributes": {"a": ["9", "10"]}})).await;
    let e = get(&c, "m").await;
    assert_eq!(
        e.attributes,
        Some(
            indexmap! {"a".into() => values(&["9", "10"]), "b".into() => values(&["2"]), "c".into() => values(&["3"])}
        ),
        "names left out keep their values"
    );

    put(
        &c,
        "m",
        json!({"Attributes": {"b": []}, "Metrics": {"y": 5.5}}),
    )
    .await;
    let e = get(&c, "m").await;
    assert_eq!(
        e.attributes,
        Some(indexmap! {"a".into() => values(&["9", "10"]), "c".into() => values(&["3"])}),
        "[] clears the name"
    );
    assert_eq!(
        e.metrics,
        Some(indexmap! {"x".into() => 1.0, "y".into() => 5.5})
    );
}

#[tokio::test]
async fn demographic_and_location_merge_per_field() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "d",
        json!({"Demographic": {"Platform": "iOS", "Locale": "en_US", "Make": "Apple"},
               "Location": {"City": "Seattle", "Country": "US", "Latitude": 47.61, "Longitude": -122.33}}),
    )
    .await;
    let location = get(&c, "d").await.location.unwrap();
    assert_eq!(
        (location.latitude, location.longitude),
        (Some(47.6), Some(-122.3))
    );

    put(
        &c,
        "d",
        json!({"Demographic": {"Locale": "fr_FR"}, "Location": {"City": "Paris"}}),
    )
    .await;
    let e = get(&c, "d").await;
    let d = e.demographic.unwrap();
    assert_eq!(
        (
            d.platform.as_deref(),
            d.locale.as_deref(),
            d.make.as_deref()
        ),
        (Some("iOS"), Some("fr_FR"), Some("Apple"))
    );
    let l = e.location.unwrap();
    assert_eq!(
        (
            l.city.as_deref(),
            l.country.as_deref(),
            l.latitude,
            l.longitude
        ),
        (Some("Paris"), Some("US"), Some(47.6), Some(-122.3))
    );
}

#[tokio::test]
async fn the_service_fills_in_its_fields() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "s",
        json!({"ChannelType": "EMAIL", "Address": "s@example.com"}),
    )
    .await;
    let first = get(&c, "s").await;
    assert_eq!(first.opt_out.as_deref(), Some("NONE"));
    assert_eq!(first.endpoint_status.as_deref(), Some("ACTIVE"));
    let created = first.creation_date.clone().unwrap();
    assert!(is_iso_millis(&created), "{created}");
    assert_eq!(first.effective_date.as_deref(), Some(created.as_str()));
    let cohort = first.cohort_id.clone().unwrap();
    assert!(
        cohort
            .parse::<u8>()
            .is_ok_and(|n| n < 100 && n.to_string() == cohort),
        "CohortId {cohort}"
    );
    assert!(first.request_id.is_some());

    tokio::time::sleep(Duration::from_millis(5)).await;
    put(
        &c,
        "s",
        json!({"Attributes": {"x": ["y"]}, "OptOut": "ALL"}),
    )
    .await;
    let second = get(&c, "s").await;
    assert_eq!(second.creation_date.as_deref(), Some(created.as_str()));
    let effective = second.effective_date.clone().unwrap();
    assert!(
        is_iso_millis(&effective) && effective > created,
        "{effective}"
    );
    assert_eq!(second.cohort_id.as_deref(), Some(cohort.as_str()));
    assert_eq!(second.opt_out.as_deref(), Some("ALL"));
    assert_eq!(second.endpoint_status.as_deref(), Some("ACTIVE"));
}

#[tokio::test]
async fn user_attributes_are_kept_in_step_across_a_user() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "u-email",
        json!({"ChannelType": "EMAIL", "Address": "u@example.com",
               "User": {"UserId": "user-1", "UserAttributes": {"plan": ["free"]}}}),
    )
    .await;
    put(
        &c,
        "u-sms",
        json!({"ChannelType": "SMS", "Address": "+12065550100", "User": {"UserId": "user-1"}}),
    )
    .await;
    assert_eq!(
        user_attributes(&get(&c, "u-sms").await),
        indexmap! {"plan".into() => values(&["free"])},
        "joining a user takes its attributes"
    );

    put(
        &c,
        "u-sms",
        json!({"User": {"UserAttributes": {"plan": ["pro"], "team": ["a"]}}}),
    )
    .await;
    let other = get(&c, "u-email").await;
    assert_eq!(user_id(&other), Some("user-1"));
    assert_eq!(
        user_attributes(&other),
        indexmap! {"plan".into() => values(&["pro"]), "team".into() => values(&["a"])}
    );
}

#[tokio::test]
async fn the_same_address_makes_the_other_endpoint_inactive() {
    let h = Harness::start().await;
    let c = h.client().await;
    let body = json!({"ChannelType": "SMS", "Address": "+12065550199"});
    put(&c, "first", body.clone()).await;
    put(&c, "second", body).await;
    assert_eq!(
        get(&c, "first").await.endpoint_status.as_deref(),
        Some("INACTIVE")
    );
    assert_eq!(
        get(&c, "second").await.endpoint_status.as_deref(),
        Some("ACTIVE")
    );
}

#[tokio::test]
async fn a_sixteenth_non_push_endpoint_of_a_user_is_refused() {
    let h = Harness::start().await;
    let c = h.client().await;
    c.update_endpoints_batch(&email_items("mail-", "U", 15))
        .await
        .unwrap();
    assert_eq!(
        c.get_user_endpoints("U").await.unwrap().value.item.len(),
        15
    );

    let sixteenth =
        request(json!({"ChannelType": "SMS", "Address": "+12065550123", "User": {"UserId": "U"}}));
    assert_call_error(
        c.update_endpoint("sms-16", &sixteenth).await,
        "BadRequestException",
        400,
    );
    assert_no_endpoint(&c, "sms-16").await;
    assert_eq!(
        c.get_user_endpoints("U").await.unwrap().value.item.len(),
        15
    );
}

#[tokio::test]
async fn a_sixteenth_push_endpoint_displaces_the_oldest_push_endpoint() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "old-gcm",
        json!({"ChannelType": "GCM", "Address": "gcm-token", "User": {"UserId": "V"}}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    c.update_endpoints_batch(&email_items("mail-", "V", 14))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    put(
        &c,
        "new-apns",
        json!({"ChannelType": "APNS", "Address": "apns-token",
               "User": {"UserId": "V", "UserAttributes": {"plan": ["pro"]}}}),
    )
    .await;

    let displaced = get(&c, "old-gcm").await;
    assert_eq!(displaced.endpoint_status.as_deref(), Some("INACTIVE"));
    assert_eq!(
        user_id(&displaced),
        None,
        "the displaced endpoint loses its UserId"
    );
    let users = c.get_user_endpoints("V").await.unwrap().value.item;
    assert_eq!(users.len(), 15);
    let ids: Vec<&str> = users.iter().filter_map(|e| e.id.as_deref()).collect();
    assert!(
        ids.contains(&"new-apns") && !ids.contains(&"old-gcm"),
        "{ids:?}"
    );
    assert!(
        users
            .iter()
            .all(|e| user_attributes(e) == indexmap! {"plan".into() => values(&["pro"])}),
        "the user's attributes reach all of its endpoints"
    );
}

#[tokio::test]
async fn endpoint_ids_are_case_insensitive() {
    let h = Harness::start().await;
    let c = h.client().await;
    put(
        &c,
        "Mixed-Case-ID",
        json!({"Attributes": {"a": ["1"]}, "User": {"UserId": "case-user"}}),
    )
    .await;
    let found = get(&c, "mixed-case-id").await;
    assert_eq!(
        found.id.as_deref(),
        Some("Mixed-Case-ID"),
        "the id as first written"
    );

    put(&c, "MIXED-CASE-ID", json!({"Attributes": {"b": ["2"]}})).await;
    let users = c.get_user_endpoints("case-user").await.unwrap().value.item;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].id.as_deref(), Some("Mixed-Case-ID"));
    assert_eq!(
        users[0].attributes,
        Some(indexmap! {"a".into() => values(&["1"]), "b".into() => values(&["2"])})
    );
    assert_eq!(users[0].creation_date, found.creation_date);
}

#[tokio::test]
async fn ids_needing_percent_encoding_round_trip() {
    let h = Harness::start().await;
    let c = h.client().await;
    let id = "a b/c";
    put(&c, id, json!({"Address": "pct@example.com"})).await;
    let e = get(&c, id).await;
    assert_eq!(e.id.as_deref(), Some(id));
    assert_eq!(e.address.as_deref(), Some("pct@example.com"));
    assert_no_endpoint(&c, "a b").await;
    assert_eq!(
        c.delete_endpoint(id).await.unwrap().value.id.as_deref(),
        Some(id)
    );
    assert_no_endpoint(&c, id).await;
}

// ----- the attribute-name quota and RemoveAttributes -----

/// The path of a segment the service answered with.
fn segment_path(app: &str, segment: &Value) -> String {
    format!("{}/{}", segments_path(app), segment["Id"].as_str().unwrap())
}

fn attributes_path(app: &str, attribute_type: &str) -> String {
    format!("/v1/apps/{app}/attributes/{attribute_type}")
}

/// An UpdateEndpoint body that sends one name: an attribute, a metric or a user attribute
/// by turns (`i % 3`).
fn one_name(i: usize) -> (String, Value) {
    let name = format!("n{i}");
    let body = match i % 3 {
        0 => json!({"Attributes": {name.clone(): ["v"]}}),
        1 => json!({"Metrics": {name.clone(): i}}),
        _ => json!({"User": {"UserAttributes": {name.clone(): ["v"]}}}),
    };
    (name, body)
}

#[tokio::test]
async fn the_250_name_quota_is_per_application_and_remove_attributes_frees_names() {
    let h = Harness::start().await;
    let endpoint_of = |i: usize| endpoint_path(DEFAULT_APP_ID, &format!("e{}", i / 45));
    // 250 distinct names over 6 endpoints (45 each), sent one name at a time; the 251st fails.
    for i in 0..250 {
        let (_, body) = one_name(i);
        h.call_json(Method::PUT, &endpoint_of(i), &body)
            .await
            .expect(StatusCode::ACCEPTED);
    }
    let (name, body) = one_name(250);
    let message = h
        .call_json(Method::PUT, &endpoint_of(250), &body)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    for part in ["quota", "250", "251", DEFAULT_APP_ID] {
        assert!(message.contains(part), "{part} in {message}");
    }
    let e5 = h
        .call_empty(Method::GET, &endpoint_of(250))
        .await
        .expect(StatusCode::OK);
    assert!(
        !e5.to_string().contains(&format!("\"{name}\"")),
        "the refused name was not stored: {e5}"
    );
    // A name already registered is still accepted, on any endpoint.
    h.call_json(
        Method::PUT,
        &endpoint_of(250),
        &json!({"Attributes": {"n0": ["again"]}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    // Another application has its own quota.
    let other = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "other"}))
        .await
        .expect(StatusCode::CREATED);
    let other = other["Id"].as_str().unwrap();
    h.call_json(Method::PUT, &endpoint_path(other, "x"), &body)
        .await
        .expect(StatusCode::ACCEPTED);

    // RemoveAttributes frees two names; the endpoints keep their values.
    let removed = h
        .call_json(
            Method::PUT,
            &attributes_path(DEFAULT_APP_ID, "endpoint-custom-attributes"),
            &json!({"Blacklist": ["n3", "n6"]}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        removed,
        json!({"ApplicationId": DEFAULT_APP_ID, "AttributeType": "endpoint-custom-attributes",
               "Attributes": ["n3", "n6"]})
    );
    let e0 = h
        .call_empty(Method::GET, &endpoint_of(0))
        .await
        .expect(StatusCode::OK);
    assert_eq!(e0["Attributes"]["n3"], json!(["v"]), "values are kept");
    for i in 250..252 {
        let (_, body) = one_name(i);
        h.call_json(Method::PUT, &endpoint_of(i), &body)
            .await
            .expect(StatusCode::ACCEPTED);
    }
    let (_, body) = one_name(252);
    h.call_json(Method::PUT, &endpoint_of(252), &body)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");

    // In a batch, the error names the item, and no item is applied.
    let batch = json!({"Item": [
        {"Id": "b-ok", "Attributes": {"n0": ["fine"]}},
        {"Id": "b-over", "Attributes": {"brand-new": ["x"]}}
    ]});
    let message = h
        .call_json(Method::PUT, &batch_path(DEFAULT_APP_ID), &batch)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Item[1] (Id b-over)"), "{message}");
    assert!(message.contains("quota"), "{message}");
    h.call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "b-ok"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn remove_attributes_matches_globs_per_type_and_removed_names_are_no_longer_captured() {
    let h = Harness::start().await;
    h.call_json(
        Method::PUT,
        &endpoint_path(DEFAULT_APP_ID, "g"),
        &json!({"Attributes": {"plan": ["a"], "plan_b": ["b"], "color": ["c"], "xplan": ["d"]},
                "Metrics": {"plan_score": 1}, "User": {"UserAttributes": {"plan_u": ["e"]}}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let remove = |kind: &'static str, blacklist: Value| {
        let h = &h;
        async move {
            h.call_json(
                Method::PUT,
                &attributes_path(DEFAULT_APP_ID, kind),
                &json!({ "Blacklist": blacklist }),
            )
            .await
        }
    };
    let custom = remove("endpoint-custom-attributes", json!(["plan*", "nothing"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(custom["Attributes"], json!(["plan", "plan_b"]));
    let again = remove("endpoint-custom-attributes", json!(["plan*"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(again["Attributes"], json!([]), "already removed");
    let metric = remove("endpoint-metric-attributes", json!(["*"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(metric["Attributes"], json!(["plan_score"]));
    let user = remove("endpoint-user-attributes", json!(["plan_?"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(user["AttributeType"], "endpoint-user-attributes");
    assert_eq!(user["Attributes"], json!(["plan_u"]));

    // Pinpoint stops capturing values for removed names: sent again (or a new name the
    // Blacklist matches), they are dropped; other names of the update land, and the
    // endpoints keep what they had.
    let before = h
        .sandbox
        .store
        .lock()
        .unwrap()
        .attribute_name_count(DEFAULT_APP_ID)
        .unwrap();
    h.call_json(
        Method::PUT,
        &endpoint_path(DEFAULT_APP_ID, "g"),
        &json!({"Attributes": {"plan": ["z"], "planet": ["p"], "color": ["c2"]},
                "Metrics": {"anything": 2}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let g = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "g"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(g["Attributes"]["plan"], json!(["a"]), "not captured: {g}");
    assert_eq!(g["Attributes"].get("planet"), None, "{g}");
    assert_eq!(g["Attributes"]["color"], json!(["c2"]), "{g}");
    assert_eq!(
        g["Metrics"].get("anything"),
        None,
        "metrics: `*` removed: {g}"
    );
    let after = h
        .sandbox
        .store
        .lock()
        .unwrap()
        .attribute_name_count(DEFAULT_APP_ID)
        .unwrap();
    assert_eq!(after, before, "no name registered again");
    let back = remove("endpoint-custom-attributes", json!(["plan"]))
        .await
        .expect(StatusCode::OK);
    assert_eq!(back["Attributes"], json!([]), "nothing to remove");
    let g = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "g"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        g["Attributes"]["plan_b"],
        json!(["b"]),
        "endpoints keep values"
    );

    let message = remove("endpoint-everything", json!(["x"]))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("`endpoint-everything`"), "{message}");
    assert!(message.contains("endpoint-custom-attributes"), "{message}");
    let message = h
        .call_json(
            Method::PUT,
            &attributes_path(DEFAULT_APP_ID, "endpoint-custom-attributes"),
            &json!({}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("Blacklist"), "{message}");
    h.call_json(
        Method::PUT,
        &attributes_path(UNKNOWN_APP, "endpoint-custom-attributes"),
        &json!({"Blacklist": ["x"]}),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    h.call_json(
        Method::POST,
        &attributes_path(DEFAULT_APP_ID, "endpoint-custom-attributes"),
        &json!({"Blacklist": ["x"]}),
    )
    .await
    .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
}

// ----- segment checks -----

/// CreateSegment with `body` must fail with a 400 whose message holds every part of `parts`.
async fn refused_segment(h: &Harness, body: Value, parts: &[&str]) {
    let message = h
        .call_json(Method::POST, &segments_path(DEFAULT_APP_ID), &body)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    for part in parts {
        assert!(message.contains(part), "{part} in {message} (for {body})");
    }
}

#[tokio::test]
async fn segments_with_values_outside_the_model_are_refused_naming_the_member() {
    let h = Harness::start().await;
    let cases = [
        (
            json!({"Dimensions": {"Attributes": {"plan": {"AttributeType": "FOO", "Values": ["x"]}}}}),
            vec![
                "Dimensions.Attributes.plan.AttributeType",
                "`FOO`",
                "`INCLUSIVE`",
                "`BETWEEN`",
            ],
        ),
        (
            json!({"Dimensions": {"Demographic": {"Platform": {"DimensionType": "MAYBE", "Values": ["iOS"]}}}}),
            vec![
                "Dimensions.Demographic.Platform.DimensionType",
                "`INCLUSIVE` or `EXCLUSIVE`",
            ],
        ),
        (
            json!({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_99", "RecencyType": "ACTIVE"}}}}),
            vec!["Dimensions.Behavior.Recency.Duration", "`DAY_30`"],
        ),
        (
            json!({"Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "DORMANT"}}}}),
            vec![
                "Dimensions.Behavior.Recency.RecencyType",
                "`ACTIVE` or `INACTIVE`",
            ],
        ),
        (
            json!({"Dimensions": {"Metrics": {"logins": {"ComparisonOperator": "ROUGHLY", "Value": 1}}}}),
            vec![
                "Dimensions.Metrics.logins.ComparisonOperator",
                "`GREATER_THAN`",
                "`EQUAL`",
            ],
        ),
        (
            json!({"SegmentGroups": {"Include": "SOME", "Groups": []}}),
            vec!["SegmentGroups.Include", "`ALL`, `ANY` or `NONE`"],
        ),
        (
            json!({"SegmentGroups": {"Groups": [{"Type": "EVERY"}]}}),
            vec!["SegmentGroups.Groups[0].Type", "`EVERY`"],
        ),
        (
            json!({"SegmentGroups": {"Groups": [{"SourceType": "HALF"}]}}),
            vec!["SegmentGroups.Groups[0].SourceType", "`HALF`"],
        ),
        // Coordinates out of range and a negative range.
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"Coordinates": {"Latitude": 91, "Longitude": 0}, "RangeInKilometers": 1}}}}),
            vec!["Dimensions.Location.GPSPoint.Coordinates.Latitude", "91"],
        ),
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"Coordinates": {"Latitude": 0, "Longitude": -181}}}}}),
            vec!["Dimensions.Location.GPSPoint.Coordinates.Longitude", "-181"],
        ),
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"Coordinates": {"Latitude": 0, "Longitude": 0}, "RangeInKilometers": -5}}}}),
            vec!["Dimensions.Location.GPSPoint.RangeInKilometers", "-5"],
        ),
        // Required members missing.
        (
            json!({"Dimensions": {"Attributes": {"plan": {"AttributeType": "INCLUSIVE"}}}}),
            vec!["Dimensions.Attributes.plan", "Values"],
        ),
        (
            json!({"Dimensions": {"Metrics": {"logins": {"Value": 1}}}}),
            vec!["Dimensions.Metrics.logins", "ComparisonOperator"],
        ),
        (
            json!({"Dimensions": {"Metrics": {"logins": {"ComparisonOperator": "EQUAL"}}}}),
            vec!["Dimensions.Metrics.logins", "Value"],
        ),
        (
            json!({"Dimensions": {"Location": {"GPSPoint": {"RangeInKilometers": 5}}}}),
            vec!["Dimensions.Location.GPSPoint", "Coordinates"],
        ),
        (
            json!({"SegmentGroups": {"Groups": [{"SourceSegments": [{"Version": 1}]}]}}),
            vec!["SegmentGroups.Groups[0].SourceSegments[0]", "Id"],
        ),
    ];
    for (body, parts) in cases {
        refused_segment(&h, body, &parts).await;
    }
    let listed = h
        .call_empty(Method::GET, &segments_path(DEFAULT_APP_ID))
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([]), "nothing was stored");

    // UpdateSegment checks the same, and a refused update changes nothing.
    let created = h
        .call_json(
            Method::POST,
            &segments_path(DEFAULT_APP_ID),
            &json!({"Name": "ok", "Dimensions": {"Demographic": {"Make": {"Values": ["Apple"]}}}}),
        )
        .await
        .expect(StatusCode::CREATED);
    let one = segment_path(DEFAULT_APP_ID, &created);
    let message = h
        .call_json(
            Method::PUT,
            &one,
            &json!({"Dimensions": {"UserAttributes": {"tier": {"AttributeType": "NOT_BETWEEN", "Values": ["a", "b"]}}}}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(
        message.contains("Dimensions.UserAttributes.tier.AttributeType"),
        "{message}"
    );
    let got = h.call_empty(Method::GET, &one).await.expect(StatusCode::OK);
    assert_eq!(got, created, "unchanged");
}

#[tokio::test]
async fn a_segment_has_at_most_100_dimensions() {
    let h = Harness::start().await;
    let attributes = |n: usize| -> Value {
        (0..n)
            .map(|i| (format!("a{i}"), json!({"Values": ["x"]})))
            .collect::<serde_json::Map<String, Value>>()
            .into()
    };
    // 99 attributes plus a metric is 100: accepted.
    h.call_json(
        Method::POST,
        &segments_path(DEFAULT_APP_ID),
        &json!({"Dimensions": {"Attributes": attributes(99),
                "Metrics": {"m": {"ComparisonOperator": "EQUAL", "Value": 1}}}}),
    )
    .await
    .expect(StatusCode::CREATED);
    // Two groups of 50 and 51: 101.
    refused_segment(
        &h,
        json!({"SegmentGroups": {"Groups": [
            {"Dimensions": [{"Attributes": attributes(50)}]},
            {"Dimensions": [{"UserAttributes": attributes(50)}, {"Location": {"Country": {"Values": ["US"]}}}]}
        ]}}),
        &["101 dimensions", "at most 100"],
    )
    .await;
}

#[tokio::test]
async fn source_segments_must_exist_in_the_application() {
    let h = Harness::start().await;
    let base = h
        .call_json(
            Method::POST,
            &segments_path(DEFAULT_APP_ID),
            &json!({"Name": "base", "Dimensions": {}}),
        )
        .await
        .expect(StatusCode::CREATED);
    let base_id = base["Id"].as_str().unwrap();
    let groups = |id: &str, version: Option<i64>| {
        let mut source = json!({ "Id": id });
        if let Some(v) = version {
            source["Version"] = json!(v);
        }
        json!({"Name": "derived", "SegmentGroups": {"Groups": [{"SourceSegments": [source]}]}})
    };
    refused_segment(
        &h,
        groups("0000000000000000000000000000dead", None),
        &[
            "SegmentGroups.Groups[0].SourceSegments[0].Id",
            "0000000000000000000000000000dead",
            DEFAULT_APP_ID,
        ],
    )
    .await;
    refused_segment(
        &h,
        groups(base_id, Some(2)),
        &["SourceSegments[0].Version", base_id, "no version 2"],
    )
    .await;
    // A segment of another application is not a source here.
    let other = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "other"}))
        .await
        .expect(StatusCode::CREATED);
    h.call_json(
        Method::POST,
        &segments_path(other["Id"].as_str().unwrap()),
        &groups(base_id, None),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    let derived = h
        .call_json(
            Method::POST,
            &segments_path(DEFAULT_APP_ID),
            &groups(base_id, Some(1)),
        )
        .await
        .expect(StatusCode::CREATED);
    // UpdateSegment checks the sources too.
    let one = segment_path(DEFAULT_APP_ID, &derived);
    let message = h
        .call_json(Method::PUT, &one, &groups("gone", None))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("gone"), "{message}");
}

// ----- segment versions -----

#[tokio::test]
async fn every_version_of_a_segment_is_kept_and_served() {
    let h = Harness::start_on_disk().await;
    let path = segments_path(DEFAULT_APP_ID);
    let v1 = h
        .call_json(
            Method::POST,
            &path,
            &json!({"Name": "v1", "Dimensions": {"Demographic": {"Platform": {"Values": ["iOS"]}}}}),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = v1["Id"].as_str().unwrap().to_string();
    let one = format!("{path}/{id}");
    let v2 = h
        .call_json(Method::PUT, &one, &json!({"Name": "v2"}))
        .await
        .expect(StatusCode::OK);
    // A refused update makes no version.
    h.call_json(
        Method::PUT,
        &one,
        &json!({"Dimensions": {"Demographic": {"Platform": {"DimensionType": "NO", "Values": ["a"]}}}}),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    let v3 = h
        .call_json(
            Method::PUT,
            &one,
            &json!({"Dimensions": {"Demographic": {"Platform": {"Values": ["Android"]}}}}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(v3["Version"], 3);

    let versions = format!("{one}/versions");
    let all = h
        .call_empty(Method::GET, &versions)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        all,
        json!({"Item": [v1, v2, v3]}),
        "oldest first, no NextToken"
    );
    let page = h
        .call_empty(Method::GET, &format!("{versions}?page-size=2"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(page["Item"], json!([v1, v2]));
    let token = page["NextToken"].as_str().expect("a NextToken");
    let rest = h
        .call_empty(
            Method::GET,
            &format!("{versions}?page-size=2&token={token}"),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(rest, json!({"Item": [v3]}));

    for (n, expected) in [(1, &v1), (2, &v2), (3, &v3)] {
        let got = h
            .call_empty(Method::GET, &format!("{versions}/{n}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(&got, expected, "version {n}");
    }
    h.call_empty(Method::GET, &format!("{versions}/4"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    let message = h
        .call_empty(Method::GET, &format!("{versions}/latest"))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("`latest`"), "{message}");
    for missing in [
        format!("{path}/nosuchsegment/versions"),
        format!("{path}/nosuchsegment/versions/1"),
        format!("/v1/apps/{UNKNOWN_APP}/segments/{id}/versions"),
    ] {
        h.call_empty(Method::GET, &missing)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    assert_eq!(
        stored_rows(h.db_path(), "segment_versions", DEFAULT_APP_ID),
        3
    );

    h.call_empty(Method::DELETE, &one)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        stored_rows(h.db_path(), "segment_versions", DEFAULT_APP_ID),
        0
    );
    h.call_empty(Method::GET, &versions)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

// ----- application settings -----

#[tokio::test]
async fn application_settings_start_empty_update_by_member_and_are_checked() {
    let h = Harness::start().await;
    let path = format!("/v1/apps/{DEFAULT_APP_ID}/settings");
    let app = h
        .call_empty(Method::GET, &format!("/v1/apps/{DEFAULT_APP_ID}"))
        .await
        .expect(StatusCode::OK);
    let fresh = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        fresh,
        json!({"ApplicationId": DEFAULT_APP_ID, "CampaignHook": {},
               "LastModifiedDate": app["CreationDate"], "Limits": {}, "QuietTime": {}})
    );

    let updated = h
        .call_json(
            Method::PUT,
            &path,
            &json!({"CloudWatchMetricsEnabled": true,
                    "Limits": {"Daily": 10, "MessagesPerSecond": 50},
                    "QuietTime": {"Start": "22:00", "End": "07:30"},
                    "CampaignHook": {"Mode": "FILTER", "LambdaFunctionName": "hook"}}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(updated["ApplicationId"], DEFAULT_APP_ID);
    assert_eq!(
        updated["Limits"],
        json!({"Daily": 10, "MessagesPerSecond": 50})
    );
    assert_eq!(
        updated["QuietTime"],
        json!({"Start": "22:00", "End": "07:30"})
    );
    assert_eq!(
        updated["CampaignHook"],
        json!({"Mode": "FILTER", "LambdaFunctionName": "hook"})
    );
    assert!(is_iso_millis(updated["LastModifiedDate"].as_str().unwrap()));
    assert!(updated.get("CloudWatchMetricsEnabled").is_none());
    let got = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(got, updated);

    // A member sent replaces the stored one; one left out is kept.
    let second = h
        .call_json(
            Method::PUT,
            &path,
            &json!({"JourneyLimits": {"DailyCap": 3, "TimeframeCap": {"Cap": 5, "Days": 7}}}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(second["Limits"], updated["Limits"]);
    assert_eq!(
        second["JourneyLimits"],
        json!({"DailyCap": 3, "TimeframeCap": {"Cap": 5, "Days": 7}})
    );

    for (body, member) in [
        (json!({"Limits": {"Daily": 101}}), "Limits.Daily"),
        (
            json!({"Limits": {"MessagesPerSecond": 0}}),
            "Limits.MessagesPerSecond",
        ),
        (
            json!({"Limits": {"MaximumDuration": 30}}),
            "Limits.MaximumDuration",
        ),
        (json!({"QuietTime": {"Start": "25:00"}}), "QuietTime.Start"),
        (
            json!({"CampaignHook": {"Mode": "SEND"}}),
            "CampaignHook.Mode",
        ),
        (
            json!({"JourneyLimits": {"TimeframeCap": {"Days": 31}}}),
            "JourneyLimits.TimeframeCap.Days",
        ),
        (json!({"QuietTimes": {}}), "QuietTimes"),
    ] {
        let message = h
            .call_json(Method::PUT, &path, &body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains(member), "{member} in {message}");
    }
    let unchanged = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(unchanged, second);

    let elsewhere = format!("/v1/apps/{UNKNOWN_APP}/settings");
    h.call_empty(Method::GET, &elsewhere)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    h.call_json(Method::PUT, &elsewhere, &json!({}))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn delete_app_removes_its_versions_settings_and_attribute_names() {
    let h = Harness::start_on_disk().await;
    let created = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "doomed"}))
        .await
        .expect(StatusCode::CREATED);
    let app = created["Id"].as_str().unwrap().to_string();
    h.call_json(
        Method::PUT,
        &endpoint_path(&app, "e"),
        &json!({"Attributes": {"a": ["1"]}, "Metrics": {"m": 1}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let segment = h
        .call_json(Method::POST, &segments_path(&app), &json!({"Name": "s"}))
        .await
        .expect(StatusCode::CREATED);
    h.call_json(
        Method::PUT,
        &segment_path(&app, &segment),
        &json!({"Name": "s2"}),
    )
    .await
    .expect(StatusCode::OK);
    h.call_json(
        Method::PUT,
        &format!("/v1/apps/{app}/settings"),
        &json!({"Limits": {"Daily": 1}}),
    )
    .await
    .expect(StatusCode::OK);
    let tables = ["segment_versions", "app_settings", "attribute_names"];
    let counts: Vec<i64> = tables
        .iter()
        .map(|t| stored_rows(h.db_path(), t, &app))
        .collect();
    assert_eq!(counts, [2, 1, 2]);
    h.call_empty(Method::DELETE, &format!("/v1/apps/{app}"))
        .await
        .expect(StatusCode::OK);
    for table in tables {
        assert_eq!(stored_rows(h.db_path(), table, &app), 0, "{table}");
    }
}

// ----- PhoneNumberValidate -----

#[tokio::test]
async fn phone_number_validate_answers_offline() {
    let h = Harness::start().await;
    let path = "/v1/phone/number/validate";
    let raw = h
        .call_json(
            Method::POST,
            path,
            &json!({"PhoneNumber": "+44 7911 123456"}),
        )
        .await;
    assert!(
        raw.header("x-pinpoint-console-offline")
            .contains("checked offline"),
        "the answer says it was given offline"
    );
    let valid = raw.expect(StatusCode::OK);
    assert_eq!(
        valid,
        json!({"CleansedPhoneNumberE164": "+447911123456", "CountryCodeNumeric": "44",
               "OriginalPhoneNumber": "+44 7911 123456", "PhoneType": "OTHER", "PhoneTypeCode": 4}),
        "+44 is shared by GB, GG, IM and JE: no CountryCodeIso2; no carrier is claimed"
    );
    let national = h
        .call_json(
            Method::POST,
            path,
            &json!({"PhoneNumber": "030 1234567", "IsoCountryCode": "DE"}),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(national["CleansedPhoneNumberE164"], "+49301234567");
    assert_eq!(national["CountryCodeIso2"], "DE");
    assert_eq!(national["OriginalCountryCodeIso2"], "DE");
    let invalid = h
        .call_json(Method::POST, path, &json!({"PhoneNumber": "12345"}))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        invalid,
        json!({"OriginalPhoneNumber": "12345", "PhoneType": "INVALID", "PhoneTypeCode": 3})
    );
    let message = h
        .call_json(Method::POST, path, &json!({}))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("PhoneNumber"), "{message}");
    let message = h
        .call_json(
            Method::POST,
            path,
            &json!({"PhoneNumber": "+12065550142", "IsoCountryCode": "ZZ"}),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("`ZZ`"), "{message}");
    h.call_empty(Method::GET, path)
        .await
        .expect_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowedException");
}

// ----- in-app messaging: campaigns, templates, events, GetInAppMessages -----

fn campaigns_path(app: &str) -> String {
    format!("/v1/apps/{app}/campaigns")
}

fn campaign_path(app: &str, campaign: &Value) -> String {
    format!(
        "{}/{}",
        campaigns_path(app),
        campaign["Id"].as_str().unwrap()
    )
}

fn events_path(app: &str) -> String {
    format!("/v1/apps/{app}/events")
}

fn messages_path(app: &str, endpoint: &str) -> String {
    format!("/v1/apps/{app}/endpoints/{endpoint}/inappmessages")
}

fn template_path(name: &str) -> String {
    format!("/v1/templates/{name}/inapp")
}

/// One page of an in-app message.
fn page(header: &str) -> Value {
    json!({"BackgroundColor": "#FFFFFF",
           "HeaderConfig": {"Alignment": "CENTER", "Header": header, "TextColor": "#000000"},
           "BodyConfig": {"Alignment": "LEFT", "Body": "Welcome back", "TextColor": "#333333"},
           "PrimaryBtn": {"DefaultConfig": {"ButtonAction": "CLOSE", "Text": "OK"}}})
}

/// A valid in-app campaign on `segment`, shown on `purchase`.
fn in_app_campaign(segment: &str) -> Value {
    json!({
        "Name": "spring-sale",
        "Description": "first cut",
        "SegmentId": segment,
        "Priority": 3,
        "MessageConfiguration": {"InAppMessage": {"Layout": "BOTTOM_BANNER",
            "CustomConfig": {"promo": "S10"}, "Content": [page("Spring sale")]}},
        "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT",
            "EndTime": "2099-01-01T00:00:00Z",
            "QuietTime": {"Start": "22:00", "End": "07:00"},
            "EventFilter": {"FilterType": "ENDPOINT", "Dimensions": {
                "EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]},
                "Metrics": {"price": {"ComparisonOperator": "GREATER_THAN", "Value": 10}}}}},
        "Limits": {"Daily": 5, "Session": 1, "Total": 10},
        "tags": {"team": "growth"}
    })
}

/// `body` with the member at the JSON pointer `at` set to `value` (removed when null).
fn edited(mut body: Value, at: &str, value: Value) -> Value {
    let (parent, member) = at.rsplit_once('/').unwrap();
    let target = body.pointer_mut(parent).unwrap_or_else(|| panic!("{at}"));
    if value.is_null() {
        target.as_object_mut().unwrap().remove(member);
    } else {
        target[member] = value;
    }
    body
}

impl Harness {
    /// A segment of `app` made of `dimensions`; its id.
    async fn segment(&self, app: &str, dimensions: Value) -> String {
        let created = self
            .call_json(
                Method::POST,
                &segments_path(app),
                &json!({"Name": "s", "Dimensions": dimensions}),
            )
            .await
            .expect(StatusCode::CREATED);
        created["Id"].as_str().unwrap().to_string()
    }

    async fn campaign(&self, app: &str, body: &Value) -> Value {
        self.call_json(Method::POST, &campaigns_path(app), body)
            .await
            .expect(StatusCode::CREATED)
    }

    async fn template(&self, name: &str, body: &Value) {
        self.call_json(Method::POST, &template_path(name), body)
            .await
            .expect(StatusCode::CREATED);
    }

    /// An in-app endpoint of the default application.
    async fn in_app_endpoint(&self, id: &str, extra: Value) {
        let mut body = json!({"ChannelType": "IN_APP", "Attributes": {"plan": ["premium"]}});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        self.call_json(Method::PUT, &endpoint_path(DEFAULT_APP_ID, id), &body)
            .await
            .expect(StatusCode::ACCEPTED);
    }

    async fn messages(&self, endpoint: &str) -> Vec<Value> {
        let answer = self
            .call_empty(Method::GET, &messages_path(DEFAULT_APP_ID, endpoint))
            .await
            .expect(StatusCode::OK);
        let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["InAppMessageCampaigns"]);
        answer["InAppMessageCampaigns"].as_array().unwrap().clone()
    }

    async fn put_events(&self, app: &str, body: &Value) -> Value {
        self.call_json(Method::POST, &events_path(app), body)
            .await
            .expect(StatusCode::ACCEPTED)
    }

    fn stored_events(&self, app: &str, endpoint: &str) -> Vec<(String, Value)> {
        let store = self.sandbox.store.lock().unwrap();
        store
            .events(app, endpoint)
            .unwrap()
            .into_iter()
            .map(|(id, e)| (id, serde_json::to_value(e).unwrap()))
            .collect()
    }
}

/// A premium-plan segment of the default application.
const PREMIUM: &str = r#"{"Attributes": {"plan": {"Values": ["premium"]}}}"#;

fn premium() -> Value {
    serde_json::from_str(PREMIUM).unwrap()
}

#[tokio::test]
async fn campaigns_are_created_listed_read_updated_and_deleted() {
    let h = Harness::start().await;
    let segment = h.segment(DEFAULT_APP_ID, premium()).await;
    let body = in_app_campaign(&segment);
    let created = h.campaign(DEFAULT_APP_ID, &body).await;
    let id = created["Id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert!(
        id.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(
        created["Arn"],
        format!(
            "arn:aws:mobiletargeting:us-east-1:000000000000:apps/{DEFAULT_APP_ID}/campaigns/{id}"
        )
    );
    assert_eq!(created["ApplicationId"], DEFAULT_APP_ID);
    assert!(is_iso_millis(created["CreationDate"].as_str().unwrap()));
    assert_eq!(created["LastModifiedDate"], created["CreationDate"]);
    assert_eq!(created["Version"], 1);
    assert_eq!(created["SegmentId"], segment.as_str());
    assert_eq!(
        created["SegmentVersion"], 1,
        "the segment's current version"
    );
    assert_eq!(created["State"], json!({"CampaignStatus": "EXECUTING"}));
    assert_eq!(created.get("DefaultState"), None, "only with treatments");
    for member in [
        "Name",
        "Description",
        "Priority",
        "MessageConfiguration",
        "Schedule",
        "Limits",
        "tags",
    ] {
        assert_eq!(created[member], body[member], "{member} is echoed");
    }

    let one = campaign_path(DEFAULT_APP_ID, &created);
    let got = h.call_empty(Method::GET, &one).await.expect(StatusCode::OK);
    assert_eq!(got, created);

    // Paged like GetSegments.
    let second = h.campaign(DEFAULT_APP_ID, &body).await;
    let list = campaigns_path(DEFAULT_APP_ID);
    let all = h
        .call_empty(Method::GET, &list)
        .await
        .expect(StatusCode::OK);
    assert_eq!(all["Item"], json!([created, second]));
    assert_eq!(all.get("NextToken"), None);
    let first_page = h
        .call_empty(Method::GET, &format!("{list}?page-size=1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(first_page["Item"], json!([created]));
    assert_eq!(first_page["NextToken"], "1");
    let next = h
        .call_empty(Method::GET, &format!("{list}?page-size=1&token=1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(next["Item"], json!([second]));
    h.call_empty(Method::GET, &format!("{list}?page-size=none"))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");

    // An update replaces the definition: what it leaves out is gone; tags stay.
    let replacement = edited(
        edited(in_app_campaign(&segment), "/Description", Value::Null),
        "/Name",
        json!("summer-sale"),
    );
    let replacement = edited(replacement, "/tags", json!({"ignored": "on update"}));
    let updated = h
        .call_json(Method::PUT, &one, &replacement)
        .await
        .expect(StatusCode::OK);
    assert_eq!(updated["Version"], 2);
    assert_eq!(updated["Name"], "summer-sale");
    assert_eq!(updated.get("Description"), None);
    assert_eq!(updated["tags"], json!({"team": "growth"}));
    assert_eq!(updated["CreationDate"], created["CreationDate"]);
    assert_eq!(updated["Id"], created["Id"]);
    let again = h
        .call_json(Method::PUT, &one, &replacement)
        .await
        .expect(StatusCode::OK);
    assert_eq!(again["Version"], 3);

    let deleted = h
        .call_empty(Method::DELETE, &one)
        .await
        .expect(StatusCode::OK);
    assert_eq!(deleted, again, "DeleteCampaign returns what it removed");
    for method in [Method::GET, Method::DELETE] {
        h.call_empty(method, &one)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    h.call_json(Method::PUT, &one, &replacement)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    h.call_empty(Method::GET, &campaigns_path(UNKNOWN_APP))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    h.call_json(Method::POST, &campaigns_path(UNKNOWN_APP), &body)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn campaign_writes_are_checked_naming_the_member() {
    let h = Harness::start().await;
    let segment = h.segment(DEFAULT_APP_ID, premium()).await;
    let good = in_app_campaign(&segment);
    let with_treatments =
        |treatments: Value| edited(good.clone(), "/AdditionalTreatments", treatments);
    let bad_requests = [
        (
            edited(good.clone(), "/SegmentId", Value::Null),
            "SegmentId is required",
        ),
        (
            edited(good.clone(), "/MessageConfiguration", Value::Null),
            "MessageConfiguration.InAppMessage or TemplateConfiguration.InAppTemplate is required",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/EmailMessage",
                json!({"Body": "b"}),
            ),
            "MessageConfiguration.EmailMessage: the pinpoint-console sandbox serves in-app campaigns only",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/SMSMessage",
                json!({"Body": "b"}),
            ),
            "MessageConfiguration.SMSMessage",
        ),
        (
            edited(
                good.clone(),
                "/TemplateConfiguration",
                json!({"PushTemplate": {"Name": "p"}}),
            ),
            "TemplateConfiguration.PushTemplate",
        ),
        (
            edited(good.clone(), "/Schedule/EventFilter", Value::Null),
            "Schedule.EventFilter is required",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/EventFilter/Dimensions/EventType/Values",
                json!([]),
            ),
            "Schedule.EventFilter.Dimensions.EventType.Values",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/EventFilter/Dimensions/EventType",
                Value::Null,
            ),
            "Schedule.EventFilter.Dimensions.EventType is required",
        ),
        (
            edited(good.clone(), "/Schedule/Frequency", json!("DAILY")),
            "Schedule.Frequency: an in-app campaign runs on IN_APP_EVENT, not DAILY",
        ),
        (
            edited(good.clone(), "/Schedule/Frequency", json!("FORTNIGHTLY")),
            "Schedule.Frequency: `FORTNIGHTLY` is not a valid value",
        ),
        (
            edited(good.clone(), "/Schedule/StartTime", json!("next monday")),
            "Schedule.StartTime",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/EndTime",
                json!("2001-01-01T00:00:00Z"),
            ),
            "Schedule.EndTime: 2001-01-01T00:00:00Z is not after now",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/StartTime",
                json!("2026-09-01T00:00:00Z"),
            )
            .pipe(|b| edited(b, "/Schedule/EndTime", json!("2026-08-01T00:00:00Z"))),
            "Schedule.EndTime",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/EventFilter/FilterType",
                json!("DEVICE"),
            ),
            "Schedule.EventFilter.FilterType: `DEVICE`",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/EventFilter/Dimensions/EventType/DimensionType",
                json!("SOME"),
            ),
            "DimensionType: `SOME`",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/EventFilter/Dimensions/Attributes",
                json!({"item": {"AttributeType": "FUZZY", "Values": ["a"]}}),
            ),
            "Schedule.EventFilter.Dimensions.Attributes.item.AttributeType: `FUZZY`",
        ),
        (
            edited(
                good.clone(),
                "/Schedule/EventFilter/Dimensions/Metrics/price/ComparisonOperator",
                json!("NEAR"),
            ),
            "Schedule.EventFilter.Dimensions.Metrics.price.ComparisonOperator: `NEAR`",
        ),
        (
            edited(good.clone(), "/Schedule/QuietTime/End", json!("7:00")),
            "Schedule.QuietTime.End",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/InAppMessage/Layout",
                json!("SIDEBAR"),
            ),
            "MessageConfiguration.InAppMessage.Layout: `SIDEBAR`",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/InAppMessage/Content/0/BodyConfig/Alignment",
                json!("JUSTIFY"),
            ),
            "MessageConfiguration.InAppMessage.Content[0].BodyConfig.Alignment: `JUSTIFY`",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/InAppMessage/Content/0/PrimaryBtn/DefaultConfig/ButtonAction",
                json!("OPEN"),
            ),
            "Content[0].PrimaryBtn.DefaultConfig.ButtonAction: `OPEN`",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/InAppMessage/Content/0/HeaderConfig",
                Value::Null,
            ),
            "MessageConfiguration.InAppMessage.Content[0].HeaderConfig is required",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/InAppMessage/Content/0/BackgroundColor",
                Value::Null,
            ),
            "Content[0].BackgroundColor is required",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/InAppMessage/Content",
                json!([page("a"), page("b")]),
            ),
            "Content: 2 content items; BOTTOM_BANNER allows 1",
        ),
        (
            edited(
                edited(
                    good.clone(),
                    "/MessageConfiguration/InAppMessage/Layout",
                    json!("CAROUSEL"),
                ),
                "/MessageConfiguration/InAppMessage/Content",
                json!(vec![page("p"); 6]),
            ),
            "Content: 6 content items; CAROUSEL allows 5",
        ),
        (
            edited(
                good.clone(),
                "/MessageConfiguration/InAppMessage/Content",
                json!([]),
            ),
            "MessageConfiguration.InAppMessage.Content: an in-app message needs 1",
        ),
        (
            edited(good.clone(), "/Limits/Daily", json!(101)),
            "Limits.Daily: 101 is outside 0..100",
        ),
        (
            edited(good.clone(), "/Limits/Total", json!(101)),
            "Limits.Total: 101",
        ),
        (
            edited(good.clone(), "/Limits/MessagesPerSecond", json!(20001)),
            "Limits.MessagesPerSecond: 20001",
        ),
        (
            edited(good.clone(), "/Limits/MaximumDuration", json!(59)),
            "Limits.MaximumDuration: 59",
        ),
        (
            edited(good.clone(), "/Limits/Session", json!(-1)),
            "Limits.Session: -1",
        ),
        (
            edited(good.clone(), "/Priority", json!(9)),
            "Priority: 9 is outside 1..5",
        ),
        (
            edited(good.clone(), "/HoldoutPercent", json!(120)),
            "HoldoutPercent: 120 is outside 0..100",
        ),
        (
            with_treatments(json!([{"SizePercent": 150}])),
            "AdditionalTreatments[0].SizePercent: 150",
        ),
        (
            with_treatments(json!([{"SizePercent": 50}, {"SizePercent": 51}])),
            "AdditionalTreatments: their SizePercent values add up to 101",
        ),
        (
            edited(
                good.clone(),
                "/TemplateConfiguration",
                json!({"InAppTemplate": {"Name": "bad name"}}),
            ),
            "TemplateConfiguration.InAppTemplate.Name: template name `bad name`",
        ),
        // The wrong shape: the member named.
        (
            edited(good.clone(), "/Schedule", json!("IMMEDIATE")),
            "Schedule",
        ),
        (edited(good.clone(), "/Limits", json!([1, 2])), "Limits"),
        (edited(good.clone(), "/Priority", json!("high")), "Priority"),
        (edited(good.clone(), "/Colour", json!("red")), "Colour"),
    ];
    let path = campaigns_path(DEFAULT_APP_ID);
    for (body, part) in &bad_requests {
        let message = h
            .call_json(Method::POST, &path, body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains(part), "{part}\n  got: {message}");
    }
    // What the request names must exist: 404 naming the member.
    let not_found = [
        (
            edited(
                good.clone(),
                "/SegmentId",
                json!("0123456789abcdef0123456789abcdef"),
            ),
            "SegmentId: segment 0123456789abcdef0123456789abcdef does not exist",
        ),
        (
            edited(good.clone(), "/SegmentVersion", json!(2)),
            "SegmentVersion: segment",
        ),
        (
            edited(
                edited(good.clone(), "/MessageConfiguration", Value::Null),
                "/TemplateConfiguration",
                json!({"InAppTemplate": {"Name": "missing"}}),
            ),
            "TemplateConfiguration.InAppTemplate.Name: in-app template missing does not exist",
        ),
        (
            with_treatments(
                json!([{"SizePercent": 10, "TemplateConfiguration": {"InAppTemplate": {"Name": "missing"}}}]),
            ),
            "AdditionalTreatments[0].TemplateConfiguration.InAppTemplate.Name",
        ),
    ];
    for (body, part) in &not_found {
        let message = h
            .call_json(Method::POST, &path, body)
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
        assert!(message.contains(part), "{part}\n  got: {message}");
    }
    h.call(Method::POST, &path, Body::from("{\"Name\": "))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    let listed = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(listed["Item"], json!([]), "nothing was created");

    // A template version that does not exist is a 404 too; one that does is accepted.
    h.template("banner", &json!({"Content": [page("t")]})).await;
    let templated = |version: &str| {
        edited(
            edited(good.clone(), "/MessageConfiguration", Value::Null),
            "/TemplateConfiguration",
            json!({"InAppTemplate": {"Name": "banner", "Version": version}}),
        )
    };
    let message = h
        .call_json(Method::POST, &path, &templated("2"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    assert!(
        message.contains("in-app template banner has no version 2"),
        "{message}"
    );
    h.campaign(DEFAULT_APP_ID, &templated("1")).await;
    // A message of 100 KB and control characters are text like any other.
    let big = edited(
        good.clone(),
        "/MessageConfiguration/InAppMessage/Content/0/BodyConfig/Body",
        json!(format!("\u{1b}[2J\u{7}{}", "x".repeat(100_000))),
    );
    let created = h.campaign(DEFAULT_APP_ID, &big).await;
    let got = h
        .call_empty(Method::GET, &campaign_path(DEFAULT_APP_ID, &created))
        .await
        .expect(StatusCode::OK);
    assert_eq!(got["MessageConfiguration"], big["MessageConfiguration"]);
}

/// `pipe` for building bodies inline.
trait Pipe: Sized {
    fn pipe(self, f: impl FnOnce(Self) -> Self) -> Self {
        f(self)
    }
}
impl Pipe for Value {}

#[tokio::test]
async fn a_failed_campaign_update_changes_nothing() {
    let h = Harness::start().await;
    let segment = h.segment(DEFAULT_APP_ID, premium()).await;
    let created = h.campaign(DEFAULT_APP_ID, &in_app_campaign(&segment)).await;
    let one = campaign_path(DEFAULT_APP_ID, &created);
    h.call_json(
        Method::PUT,
        &one,
        &edited(in_app_campaign(&segment), "/Priority", json!(0)),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    h.call_json(
        Method::PUT,
        &one,
        &edited(in_app_campaign(&segment), "/SegmentId", json!("nothing")),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    let got = h.call_empty(Method::GET, &one).await.expect(StatusCode::OK);
    assert_eq!(got, created);
}

#[tokio::test]
async fn campaign_state_follows_schedule_pause_and_segment() {
    let h = Harness::start().await;
    h.in_app_endpoint("state-1", json!({})).await;
    let segment = h.segment(DEFAULT_APP_ID, premium()).await;
    let status = |c: &Value| c["State"]["CampaignStatus"].as_str().unwrap().to_string();
    let future = edited(
        in_app_campaign(&segment),
        "/Schedule/StartTime",
        json!("2098-01-01T00:00:00Z"),
    );
    let past = edited(
        edited(
            in_app_campaign(&segment),
            "/Schedule/StartTime",
            json!("2020-01-01T00:00:00Z"),
        ),
        "/Schedule/EndTime",
        json!("2021-01-01T00:00:00.000Z"),
    );
    let paused = edited(in_app_campaign(&segment), "/IsPaused", json!(true));
    let running = in_app_campaign(&segment);
    let treatments = edited(
        in_app_campaign(&segment),
        "/AdditionalTreatments",
        json!([{"SizePercent": 50, "TreatmentName": "b",
            "Schedule": {"StartTime": "2098-01-01T00:00:00Z", "Frequency": "IN_APP_EVENT",
                "EventFilter": {"FilterType": "SYSTEM", "Dimensions": {"EventType": {"Values": ["x"]}}}}}]),
    );
    let cases = [
        (future, "SCHEDULED"),
        (past, "COMPLETED"),
        (paused, "PAUSED"),
        (running, "EXECUTING"),
    ];
    for (body, expected) in &cases {
        let created = h.campaign(DEFAULT_APP_ID, body).await;
        assert_eq!(status(&created), *expected);
    }
    let with_treatment = h.campaign(DEFAULT_APP_ID, &treatments).await;
    assert_eq!(
        with_treatment["DefaultState"],
        json!({"CampaignStatus": "EXECUTING"})
    );
    let treatment = &with_treatment["AdditionalTreatments"][0];
    assert_eq!(treatment["Id"], "1");
    assert_eq!(treatment["State"], json!({"CampaignStatus": "SCHEDULED"}));
    // Only the running ones reach the endpoint.
    assert_eq!(h.messages("state-1").await.len(), 2);

    // Deleting the segment fails its campaigns: DELETED, and they reach no one.
    h.call_empty(
        Method::DELETE,
        &format!("{}/{segment}", segments_path(DEFAULT_APP_ID)),
    )
    .await
    .expect(StatusCode::OK);
    let listed = h
        .call_empty(Method::GET, &campaigns_path(DEFAULT_APP_ID))
        .await
        .expect(StatusCode::OK);
    let states: Vec<String> = listed["Item"]
        .as_array()
        .unwrap()
        .iter()
        .map(status)
        .collect();
    assert_eq!(states, ["DELETED"; 5]);
    let one = h
        .call_empty(Method::GET, &campaign_path(DEFAULT_APP_ID, &with_treatment))
        .await
        .expect(StatusCode::OK);
    assert_eq!(status(&one), "DELETED");
    assert_eq!(h.messages("state-1").await, Vec::<Value>::new());
    // An update must name a segment that exists.
    h.call_json(
        Method::PUT,
        &campaign_path(DEFAULT_APP_ID, &with_treatment),
        &in_app_campaign(&segment),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn in_app_templates_keep_their_versions() {
    let h = Harness::start().await;
    let path = template_path("spring-banner");
    let body = json!({"Layout": "TOP_BANNER", "TemplateDescription": "first cut",
                      "Content": [page("v1")], "CustomConfig": {"k": "v"}, "tags": {"team": "qa"}});
    let raw = h.call_json(Method::POST, &path, &body).await;
    let created = raw.expect(StatusCode::CREATED);
    assert_eq!(
        created,
        json!({"Arn": "arn:aws:mobiletargeting:us-east-1:000000000000:templates/spring-banner/INAPP",
               "Message": "Created", "RequestID": raw.header("x-amzn-RequestId")})
    );
    let message = h
        .call_json(Method::POST, &path, &body)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(message.contains("already exists"), "{message}");

    let v1 = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(v1["TemplateName"], "spring-banner");
    assert_eq!(v1["TemplateType"], "INAPP");
    assert_eq!(v1["Version"], "1");
    assert_eq!(v1["Content"], body["Content"]);
    assert_eq!(v1["tags"], json!({"team": "qa"}));
    assert!(is_iso_millis(v1["CreationDate"].as_str().unwrap()));

    // Without create-new-version the latest is overwritten.
    let accepted = |raw: Raw| {
        let body = raw.expect(StatusCode::ACCEPTED);
        assert_eq!(body["Message"], "Accepted");
        assert_eq!(body["RequestID"], raw.header("x-amzn-RequestId"));
    };
    let overwrite = edited(body.clone(), "/Content", json!([page("v1, again")]));
    accepted(h.call_json(Method::PUT, &path, &overwrite).await);
    let got = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(got["Version"], "1");
    assert_eq!(got["Content"][0]["HeaderConfig"]["Header"], "v1, again");
    assert_eq!(got["CreationDate"], v1["CreationDate"]);
    // With it, the next version, which becomes the active one.
    let second = edited(body.clone(), "/Content", json!([page("v2")]));
    accepted(
        h.call_json(
            Method::PUT,
            &format!("{path}?create-new-version=true"),
            &second,
        )
        .await,
    );
    let active = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(active["Version"], "2");
    assert_eq!(active["Content"][0]["HeaderConfig"]["Header"], "v2");
    assert_eq!(active["tags"], json!({"team": "qa"}), "the creation's tags");
    let first = h
        .call_empty(Method::GET, &format!("{path}?version=1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(first["Content"][0]["HeaderConfig"]["Header"], "v1, again");
    // An update naming a version names the latest.
    accepted(
        h.call_json(Method::PUT, &format!("{path}?version=2"), &second)
            .await,
    );
    let refusals = [
        (
            format!("{path}?version=1"),
            StatusCode::BAD_REQUEST,
            "not its latest version (2)",
        ),
        (
            format!("{path}?version=9"),
            StatusCode::NOT_FOUND,
            "has no version 9",
        ),
        (
            format!("{path}?create-new-version=true&version=2"),
            StatusCode::BAD_REQUEST,
            "cannot be used together",
        ),
        (
            format!("{path}?create-new-version=maybe"),
            StatusCode::BAD_REQUEST,
            "create-new-version `maybe`",
        ),
        (
            format!("{path}?version=first"),
            StatusCode::BAD_REQUEST,
            "version: `first`",
        ),
        (
            template_path("nothing"),
            StatusCode::NOT_FOUND,
            "Template nothing of type INAPP does not exist",
        ),
    ];
    for (uri, status, part) in refusals {
        let kind = if status == StatusCode::NOT_FOUND {
            "NotFoundException"
        } else {
            "BadRequestException"
        };
        let message = h
            .call_json(Method::PUT, &uri, &second)
            .await
            .expect_error(status, kind);
        assert!(message.contains(part), "{uri}: {message}");
    }
    let unchanged = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(unchanged["Version"], "2");
    // GET and DELETE of versions that do not exist.
    for method in [Method::GET, Method::DELETE] {
        h.call_empty(method.clone(), &format!("{path}?version=3"))
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
        h.call_empty(method.clone(), &format!("{path}?version=0"))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        h.call_empty(method, &template_path("nothing"))
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    // Deleting the latest version makes the one before active; without version, all go.
    accepted(
        h.call_empty(Method::DELETE, &format!("{path}?version=2"))
            .await,
    );
    let active = h
        .call_empty(Method::GET, &path)
        .await
        .expect(StatusCode::OK);
    assert_eq!(active["Version"], "1");
    accepted(
        h.call_json(
            Method::PUT,
            &format!("{path}?create-new-version=true"),
            &second,
        )
        .await,
    );
    assert_eq!(
        h.call_empty(Method::GET, &path)
            .await
            .expect(StatusCode::OK)["Version"],
        "2"
    );
    accepted(h.call_empty(Method::DELETE, &path).await);
    for version in ["", "?version=1"] {
        h.call_empty(Method::GET, &format!("{path}{version}"))
            .await
            .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    }
    h.call_empty(Method::DELETE, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
}

#[tokio::test]
async fn template_names_and_bodies_are_checked() {
    let h = Harness::start().await;
    let body = json!({"Content": [page("t")]});
    for name in ["-lead", "has%20space", "dot.ted", &"x".repeat(129)] {
        for method in [Method::POST, Method::PUT, Method::GET, Method::DELETE] {
            let message = h
                .call_json(method.clone(), &template_path(name), &body)
                .await
                .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
            assert!(
                message.contains("template name"),
                "{method} {name}: {message}"
            );
        }
    }
    h.template(&"x".repeat(128), &body).await;
    let bad = [
        (
            json!({"Layout": "SIDEBAR", "Content": [page("t")]}),
            "Layout: `SIDEBAR`",
        ),
        (
            json!({"Content": [page("a"), page("b")]}),
            "Content: 2 content items",
        ),
        (
            json!({"Layout": "CAROUSEL", "Content": vec![page("p"); 6]}),
            "CAROUSEL allows 5",
        ),
        (json!({"Content": []}), "Content: an in-app message needs 1"),
        (json!({"Layout": "OVERLAYS"}), "Content"),
        (
            json!({"Content": [edited(page("t"), "/BodyConfig", Value::Null)]}),
            "Content[0].BodyConfig is required",
        ),
        (
            json!({"Content": [edited(page("t"), "/HeaderConfig/Alignment", json!("UP"))]}),
            "Content[0].HeaderConfig.Alignment: `UP`",
        ),
        (
            json!({"Content": [edited(page("t"), "/SecondaryBtn", json!({"Web": {"ButtonAction": "GO"}}))]}),
            "Content[0].SecondaryBtn.Web.ButtonAction: `GO`",
        ),
        (
            json!({"Content": [edited(page("t"), "/BodyConfig/Body", json!("x".repeat(200_001)))]}),
            "at most 200000",
        ),
        (json!({"Content": {"BackgroundColor": "#fff"}}), "Content"),
        (
            json!({"DefaultSubstitutions": "{}", "Content": [page("t")]}),
            "DefaultSubstitutions",
        ),
        (json!([page("t")]), "a JSON object is required"),
    ];
    for (body, part) in &bad {
        let message = h
            .call_json(Method::POST, &template_path("checked"), body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains(part), "{part}\n  got: {message}");
    }
    h.call_empty(Method::GET, &template_path("checked"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    // 100 KB and control characters land, and read back as sent.
    let text = format!("\u{1b}]52;c;x\u{7}\u{202e}{}", "y".repeat(100_000));
    let big = json!({"Content": [edited(page("t"), "/BodyConfig/Body", json!(text))]});
    h.template("big", &big).await;
    let got = h
        .call_empty(Method::GET, &template_path("big"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(got["Content"], big["Content"]);
    // An update is checked the same way and changes nothing when refused.
    h.call_json(Method::PUT, &template_path("big"), &bad[0].0)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    let again = h
        .call_empty(Method::GET, &template_path("big"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(again, got);
}

#[tokio::test]
async fn list_templates_pages_and_filters_by_prefix_and_type() {
    let h = Harness::start().await;
    for name in ["spring-b", "spring-a", "Spring-c", "summer"] {
        h.template(name, &json!({"Content": [page(name)]})).await;
    }
    h.call_json(
        Method::PUT,
        &format!("{}?create-new-version=true", template_path("summer")),
        &json!({"Content": [page("summer 2")]}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let list = |query: &str| {
        let h = &h;
        let uri = format!("/v1/templates{query}");
        async move { h.call_empty(Method::GET, &uri).await }
    };
    let names = |answer: &Value| -> Vec<String> {
        answer["Item"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["TemplateName"].as_str().unwrap().to_string())
            .collect()
    };
    let all = list("").await.expect(StatusCode::OK);
    assert_eq!(names(&all), ["Spring-c", "spring-a", "spring-b", "summer"]);
    let summer = &all["Item"][3];
    let keys: Vec<&String> = summer.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "CreationDate",
            "LastModifiedDate",
            "TemplateName",
            "TemplateType",
            "Version"
        ]
    );
    assert_eq!(summer["TemplateType"], "INAPP");
    assert_eq!(summer["Version"], "2", "the active version");
    assert_eq!(
        names(&list("?prefix=spring").await.expect(StatusCode::OK)),
        ["spring-a", "spring-b"]
    );
    assert_eq!(
        names(&list("?template-type=INAPP").await.expect(StatusCode::OK)).len(),
        4
    );
    assert_eq!(
        list("?template-type=EMAIL").await.expect(StatusCode::OK)["Item"],
        json!([])
    );
    let first = list("?page-size=3").await.expect(StatusCode::OK);
    assert_eq!(names(&first).len(), 3);
    assert_eq!(first["NextToken"], "3");
    let rest = list("?page-size=3&next-token=3")
        .await
        .expect(StatusCode::OK);
    assert_eq!(names(&rest), ["summer"]);
    assert_eq!(rest.get("NextToken"), None);
    for query in ["?template-type=LETTER", "?page-size=0", "?next-token=99"] {
        let message = list(query)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(!message.is_empty(), "{query}");
    }
}

#[tokio::test]
async fn templates_belong_to_the_account_not_to_an_application() {
    let h = Harness::start_on_disk().await;
    let other = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "other"}))
        .await
        .expect(StatusCode::CREATED)["Id"]
        .as_str()
        .unwrap()
        .to_string();
    h.template("shared", &json!({"Content": [page("shared")]}))
        .await;
    let templated = |segment: &str| {
        edited(
            edited(
                in_app_campaign(segment),
                "/MessageConfiguration",
                Value::Null,
            ),
            "/TemplateConfiguration",
            json!({"InAppTemplate": {"Name": "shared"}}),
        )
    };
    for app in [DEFAULT_APP_ID, other.as_str()] {
        let segment = h.segment(app, premium()).await;
        h.campaign(app, &templated(&segment)).await;
    }
    h.call_empty(Method::DELETE, &format!("/v1/apps/{other}"))
        .await
        .expect(StatusCode::OK);
    h.call_empty(Method::GET, &template_path("shared"))
        .await
        .expect(StatusCode::OK);
    let conn = rusqlite::Connection::open(h.db_path()).unwrap();
    let templates: i64 = conn
        .query_row("SELECT COUNT(*) FROM templates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(templates, 1);
}

fn event(kind: &str, at: &str) -> Value {
    json!({"EventType": kind, "Timestamp": at})
}

#[tokio::test]
async fn put_events_answers_for_every_endpoint_and_event_and_stores_the_good_ones() {
    let h = Harness::start().await;
    let long_key: String = "k".repeat(51);
    let many: serde_json::Map<String, Value> =
        (0..41).map(|i| (format!("a{i}"), json!("v"))).collect();
    let body = json!({"BatchItem": {
        "ep-1": {"Endpoint": {}, "Events": {
            "good": {"EventType": "purchase", "Timestamp": "2026-09-01T10:00:00.000Z",
                     "Session": {"Id": "s-1", "StartTimestamp": "2026-09-01T09:58:00.000Z"},
                     "Attributes": {"item": "gloves"}, "Metrics": {"price": 12.5},
                     "AppPackageName": "p", "AppTitle": "t", "AppVersionCode": "3",
                     "ClientSdkVersion": "6.0", "SdkName": "amplify"},
            "system": event("_session.start", "2026-09-01T09:58:00.000Z"),
            "no-type": {"Timestamp": "2026-09-01T10:00:00.000Z"},
            "no-time": {"EventType": "purchase"},
            "bad-time": event("purchase", "last tuesday"),
            "epoch": {"EventType": "purchase", "Timestamp": 1_756_720_800},
            "too-many": {"EventType": "x", "Timestamp": "2026-09-01T10:00:00Z", "Attributes": many},
            "long-key": {"EventType": "x", "Timestamp": "2026-09-01T10:00:00Z", "Metrics": {long_key.clone(): 1}},
            "long-value": {"EventType": "x", "Timestamp": "2026-09-01T10:00:00Z", "Attributes": {"a": "v".repeat(201)}},
            "unknown": {"EventType": "x", "Timestamp": "2026-09-01T10:00:00Z", "Name": "n"},
            "not-an-object": ["EventType"],
            "": event("x", "2026-09-01T10:00:00Z")
        }},
        "ep-2": {"Endpoint": {"ChannelType": "IN_APP", "Attributes": {"plan": ["basic"]}},
                 "Events": {"e": event("login", "2026-09-02T00:00:00Z")}}
    }});
    let answer = h.put_events(DEFAULT_APP_ID, &body).await;
    let results = &answer["Results"];
    assert_eq!(
        results["ep-1"]["EndpointItemResponse"],
        json!({"Message": "Accepted", "StatusCode": 202})
    );
    let events = &results["ep-1"]["EventsItemResponse"];
    assert_eq!(
        events.as_object().unwrap().len(),
        12,
        "one status per event"
    );
    for id in ["good", "system"] {
        assert_eq!(
            events[id],
            json!({"Message": "Accepted", "StatusCode": 202}),
            "{id}"
        );
    }
    let refused = [
        ("no-type", "EventType"),
        ("no-time", "Timestamp"),
        (
            "bad-time",
            "Timestamp: `last tuesday` is not an ISO 8601 time",
        ),
        ("epoch", "Timestamp"),
        ("too-many", "41 attribute and metric names; at most 40"),
        ("long-key", "51 characters; at most 50"),
        (
            "long-value",
            "Attributes.a: the value has 201 characters; at most 200",
        ),
        ("unknown", "Name"),
        ("not-an-object", "a JSON object is required, not an array"),
        ("", "the event id is empty"),
    ];
    for (id, part) in refused {
        assert_eq!(events[id]["StatusCode"], 400, "{id}: {}", events[id]);
        let message = events[id]["Message"].as_str().unwrap();
        assert!(message.contains(part), "{id}: {message}");
    }
    assert_eq!(
        results["ep-2"]["EventsItemResponse"]["e"]["StatusCode"],
        202
    );
    // The good ones landed, as sent; the bad ones did not.
    let stored = h.stored_events(DEFAULT_APP_ID, "ep-1");
    let ids: Vec<&str> = stored.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["system", "good"], "oldest first");
    assert_eq!(stored[1].1, body["BatchItem"]["ep-1"]["Events"]["good"]);
    // The endpoint parts: an unknown id with `{}` is created bare and ACTIVE; a request is
    // applied as UpdateEndpoint applies it.
    let bare = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "ep-1"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(bare["EndpointStatus"], "ACTIVE");
    assert_eq!(bare["OptOut"], "NONE");
    assert_eq!(bare.get("ChannelType"), None);
    let second = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "ep-2"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(second["Attributes"], json!({"plan": ["basic"]}));
    assert_eq!(second["ChannelType"], "IN_APP");
}

#[tokio::test]
async fn put_events_applies_each_endpoint_part_on_its_own() {
    let h = Harness::start().await;
    h.call_json(
        Method::PUT,
        &endpoint_path(DEFAULT_APP_ID, "kept"),
        &json!({"ChannelType": "IN_APP", "EndpointStatus": "INACTIVE", "Attributes": {"plan": ["premium"]}}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let before = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "kept"))
        .await
        .expect(StatusCode::OK);
    let body = json!({"BatchItem": {
        // `{}` leaves a stored endpoint as it is (no EndpointStatus reset, no new dates).
        "KEPT": {"Endpoint": {}, "Events": {"a": event("open", "2026-09-01T00:00:00Z")}},
        // A part that fails changes nothing and gets its own 400; its events are judged alone.
        "broken": {"Endpoint": {"ChannelType": "PIGEON", "Attributes": {"newname": ["x"]}},
                   "Events": {"b": event("open", "2026-09-01T00:00:00Z")}},
        "wrong-type": {"Endpoint": {"Location": {"Latitude": "north"}},
                       "Events": {"c": event("open", "2026-09-01T00:00:00Z")}},
        // An id Pinpoint refuses: the part and its events are refused.
        "a$b": {"Endpoint": {}, "Events": {"d": event("open", "2026-09-01T00:00:00Z")}},
        // Merged as UpdateEndpoint merges.
        "merged": {"Endpoint": {"Attributes": {"plan": ["gold"]}, "Metrics": {"visits": 2}},
                   "Events": {}}
    }});
    let answer = h.put_events(DEFAULT_APP_ID, &body).await;
    let results = &answer["Results"];
    let endpoint_status = |id: &str| results[id]["EndpointItemResponse"]["StatusCode"].clone();
    assert_eq!(endpoint_status("KEPT"), 202);
    let after = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "kept"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(after, before, "an empty Endpoint changes nothing");

    assert_eq!(endpoint_status("broken"), 400);
    let message = results["broken"]["EndpointItemResponse"]["Message"]
        .as_str()
        .unwrap();
    assert!(message.contains("PIGEON"), "{message}");
    assert_eq!(
        results["broken"]["EventsItemResponse"]["b"]["StatusCode"],
        202
    );
    h.call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "broken"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    assert_eq!(h.stored_events(DEFAULT_APP_ID, "broken").len(), 1);
    let names = h
        .sandbox
        .store
        .lock()
        .unwrap()
        .attribute_name_count(DEFAULT_APP_ID)
        .unwrap();
    assert_eq!(
        names, 2,
        "`plan` and `visits`: the failed part registered nothing"
    );

    assert_eq!(endpoint_status("wrong-type"), 400);
    let message = results["wrong-type"]["EndpointItemResponse"]["Message"]
        .as_str()
        .unwrap();
    assert!(message.contains("Endpoint: Location.Latitude"), "{message}");
    assert_eq!(
        results["wrong-type"]["EventsItemResponse"]["c"]["StatusCode"],
        202
    );

    assert_eq!(endpoint_status("a$b"), 400);
    assert_eq!(results["a$b"]["EventsItemResponse"]["d"]["StatusCode"], 400);

    assert_eq!(endpoint_status("merged"), 202);
    assert_eq!(results["merged"]["EventsItemResponse"], json!({}));
    h.put_events(
        DEFAULT_APP_ID,
        &json!({"BatchItem": {"merged": {"Endpoint": {"Metrics": {"visits": 3}}, "Events": {}}}}),
    )
    .await;
    let merged = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "merged"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        merged["Attributes"],
        json!({"plan": ["gold"]}),
        "left out, kept"
    );
    assert_eq!(merged["Metrics"], json!({"visits": 3}));
    // The 15-endpoints-per-user quota holds for PutEvents too.
    let mut items = serde_json::Map::new();
    for i in 0..16 {
        items.insert(
            format!("u{i}"),
            json!({"Endpoint": {"ChannelType": "EMAIL", "Address": format!("u{i}@example.com"),
                                "User": {"UserId": "crowded"}},
                   "Events": {"e": event("open", "2026-09-01T00:00:00Z")}}),
        );
    }
    let answer = h
        .put_events(DEFAULT_APP_ID, &json!({"BatchItem": items}))
        .await;
    let last = &answer["Results"]["u15"];
    assert_eq!(last["EndpointItemResponse"]["StatusCode"], 400, "{last}");
    assert_eq!(last["EventsItemResponse"]["e"]["StatusCode"], 202);
    assert_eq!(
        answer["Results"]["u14"]["EndpointItemResponse"]["StatusCode"],
        202
    );
}

#[tokio::test]
async fn put_events_over_its_quotas_or_of_the_wrong_shape_is_refused_whole() {
    let h = Harness::start().await;
    let path = events_path(DEFAULT_APP_ID);
    let events: serde_json::Map<String, Value> = (0..101)
        .map(|i| (format!("e{i}"), event("x", "2026-09-01T00:00:00Z")))
        .collect();
    // 101 events over two endpoints.
    let (first, second): (Vec<_>, Vec<_>) = events
        .into_iter()
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    let split = |part: Vec<(usize, (String, Value))>| -> serde_json::Map<String, Value> {
        part.into_iter().map(|(_, kv)| kv).collect()
    };
    let over = json!({"BatchItem": {
        "a": {"Endpoint": {}, "Events": split(first)},
        "b": {"Endpoint": {}, "Events": split(second)}}});
    let message = h
        .call_json(Method::POST, &path, &over)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
    assert!(
        message.contains("101 events") && message.contains("at most 100"),
        "{message}"
    );
    // Over 4 MB: 413 naming the limit.
    let big = format!(
        r#"{{"BatchItem": {{"a": {{"Endpoint": {{}}, "Events": {{"e": {{"EventType": "x", "Timestamp": "2026-09-01T00:00:00Z", "AppTitle": "{}"}}}}}}}}}}"#,
        "t".repeat(4 * 1024 * 1024)
    );
    let message = h
        .call(Method::POST, &path, Body::from(big))
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLargeException");
    assert!(message.contains("4194304 bytes (4 MB)"), "{message}");
    // An event over 1,000 KB inside a request under 4 MB is refused alone.
    let fat = json!({"BatchItem": {"a": {"Endpoint": {}, "Events": {
        "fat": {"EventType": "x", "Timestamp": "2026-09-01T00:00:00Z", "AppTitle": "t".repeat(1_100_000)},
        "thin": event("x", "2026-09-01T00:00:00Z")}}}});
    let answer = h.put_events(DEFAULT_APP_ID, &fat).await;
    let events = &answer["Results"]["a"]["EventsItemResponse"];
    assert_eq!(events["fat"]["StatusCode"], 400);
    assert!(
        events["fat"]["Message"]
            .as_str()
            .unwrap()
            .contains("1,000 KB")
    );
    assert_eq!(events["thin"]["StatusCode"], 202);
    // The request's shape.
    let shapes = [
        ("{\"BatchItem\": ", "Invalid request body"),
        ("{}", "BatchItem"),
        ("{\"BatchItem\": []}", "BatchItem"),
        ("{\"BatchItem\": {\"a\": {\"Events\": {}}}}", "Endpoint"),
        ("{\"BatchItem\": {\"a\": {\"Endpoint\": {}}}}", "Events"),
        (
            "{\"BatchItem\": {\"a\": {\"Endpoint\": {}, \"Events\": []}}}",
            "Events",
        ),
        (
            "{\"BatchItem\": {\"a\": {\"Endpoint\": {}, \"Events\": {}, \"Extra\": 1}}}",
            "Extra",
        ),
        ("[]", "a JSON object is required"),
        ("", "empty"),
    ];
    for (body, part) in shapes {
        let message = h
            .call(Method::POST, &path, Body::from(body))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "BadRequestException");
        assert!(message.contains(part), "{body}: {message}");
    }
    h.call_json(
        Method::POST,
        &events_path(UNKNOWN_APP),
        &json!({"BatchItem": {}}),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    assert!(
        h.stored_events(DEFAULT_APP_ID, "a").len() == 1,
        "only `thin`"
    );
}

#[tokio::test]
async fn repeated_event_ids_replace_and_each_endpoint_keeps_its_latest_1000() {
    let h = Harness::start().await;
    let batch = |events: serde_json::Map<String, Value>| json!({"BatchItem": {"busy": {"Endpoint": {}, "Events": events}}});
    let one = |id: &str, e: Value| batch([(id.to_string(), e)].into_iter().collect());
    h.put_events(
        DEFAULT_APP_ID,
        &one("same", event("first", "2026-09-01T00:00:00Z")),
    )
    .await;
    h.put_events(
        DEFAULT_APP_ID,
        &one("same", event("second", "2026-09-01T00:00:01Z")),
    )
    .await;
    // The endpoint id is case-insensitive, as endpoints' are.
    let stored = h.stored_events(DEFAULT_APP_ID, "BUSY");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1["EventType"], "second");
    // 1,005 more, newest last: the five oldest by time go.
    let base = time::macros::datetime!(2026-10-01 00:00:00 UTC);
    for chunk in 0..11 {
        let events: serde_json::Map<String, Value> = (0..100)
            .map(|i| chunk * 100 + i)
            .filter(|n| *n < 1_005)
            .map(|n| {
                let at = base + time::Duration::seconds(n as i64);
                (format!("n{n:04}"), event("tick", &sandbox::iso_millis(at)))
            })
            .collect();
        h.put_events(DEFAULT_APP_ID, &batch(events)).await;
    }
    let stored = h.stored_events(DEFAULT_APP_ID, "busy");
    assert_eq!(stored.len(), sandbox::store::MAX_EVENTS_PER_ENDPOINT);
    assert_eq!(stored[0].0, "n0005", "the oldest kept");
    assert_eq!(stored.last().unwrap().0, "n1004");
    // An old event arriving late does not push out a newer one.
    h.put_events(
        DEFAULT_APP_ID,
        &one("ancient", event("old", "2001-01-01T00:00:00Z")),
    )
    .await;
    let stored = h.stored_events(DEFAULT_APP_ID, "busy");
    assert_eq!(stored.len(), 1_000);
    assert_eq!(stored[0].0, "n0005");
}

#[tokio::test]
async fn get_in_app_messages_returns_what_the_endpoint_is_entitled_to() {
    let h = Harness::start().await;
    let premium_segment = h.segment(DEFAULT_APP_ID, premium()).await;
    let basic_segment = h
        .segment(
            DEFAULT_APP_ID,
            json!({"Attributes": {"plan": {"Values": ["basic"]}}}),
        )
        .await;
    h.in_app_endpoint("reader", json!({})).await;
    h.in_app_endpoint(
        "emailer",
        json!({"ChannelType": "EMAIL", "Address": "e@example.com"}),
    )
    .await;
    h.in_app_endpoint("opted-out", json!({"OptOut": "ALL"}))
        .await;
    h.template(
        "banner",
        &json!({"Layout": "TOP_BANNER", "Content": [page("from the template v1")]}),
    )
    .await;
    h.call_json(
        Method::PUT,
        &format!("{}?create-new-version=true", template_path("banner")),
        &json!({"Layout": "MIDDLE_BANNER", "Content": [page("from the template v2")]}),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let templated = |version: Option<&str>, priority: i64| {
        let mut template = json!({"Name": "banner"});
        if let Some(v) = version {
            template["Version"] = json!(v);
        }
        edited(
            edited(
                edited(
                    in_app_campaign(&premium_segment),
                    "/MessageConfiguration",
                    Value::Null,
                ),
                "/TemplateConfiguration",
                json!({"InAppTemplate": template}),
            ),
            "/Priority",
            json!(priority),
        )
    };
    let own = h
        .campaign(
            DEFAULT_APP_ID,
            &edited(in_app_campaign(&premium_segment), "/Priority", json!(2)),
        )
        .await;
    let active_template = h.campaign(DEFAULT_APP_ID, &templated(None, 1)).await;
    let named_version = h.campaign(DEFAULT_APP_ID, &templated(Some("1"), 4)).await;
    let no_priority = h
        .campaign(
            DEFAULT_APP_ID,
            &edited(in_app_campaign(&premium_segment), "/Priority", Value::Null),
        )
        .await;
    // None of these reach `reader`.
    h.campaign(DEFAULT_APP_ID, &in_app_campaign(&basic_segment))
        .await;
    h.campaign(
        DEFAULT_APP_ID,
        &edited(in_app_campaign(&premium_segment), "/IsPaused", json!(true)),
    )
    .await;
    h.campaign(
        DEFAULT_APP_ID,
        &edited(
            in_app_campaign(&premium_segment),
            "/Schedule/StartTime",
            json!("2098-01-01T00:00:00Z"),
        ),
    )
    .await;

    let got = h.messages("reader").await;
    let ids: Vec<&Value> = got.iter().map(|m| &m["CampaignId"]).collect();
    assert_eq!(
        ids,
        [
            &active_template["Id"],
            &own["Id"],
            &named_version["Id"],
            &no_priority["Id"]
        ],
        "by Priority, none last"
    );
    assert_eq!(
        got[1],
        json!({
            "CampaignId": own["Id"],
            "DailyCap": 5, "SessionCap": 1, "TotalCap": 10,
            "Priority": 2,
            "TreatmentId": "0",
            "InAppMessage": {"Layout": "BOTTOM_BANNER", "CustomConfig": {"promo": "S10"},
                             "Content": [page("Spring sale")]},
            "Schedule": {"EndDate": "2099-01-01T00:00:00Z",
                         "QuietTime": {"Start": "22:00", "End": "07:00"},
                         "EventFilter": own["Schedule"]["EventFilter"]}
        })
    );
    assert_eq!(
        got[0]["InAppMessage"]["Layout"], "MIDDLE_BANNER",
        "the active version"
    );
    assert_eq!(
        got[0]["InAppMessage"]["Content"],
        json!([page("from the template v2")])
    );
    assert_eq!(
        got[2]["InAppMessage"]["Content"],
        json!([page("from the template v1")])
    );
    // Endpoints that cannot receive in-app messages get none.
    assert_eq!(h.messages("emailer").await, Vec::<Value>::new());
    assert_eq!(h.messages("opted-out").await, Vec::<Value>::new());
    // A deleted template version: the campaigns naming it reach no one, without an error.
    h.call_empty(
        Method::DELETE,
        &format!("{}?version=1", template_path("banner")),
    )
    .await
    .expect(StatusCode::ACCEPTED);
    let ids: Vec<Value> = h
        .messages("reader")
        .await
        .iter()
        .map(|m| m["CampaignId"].clone())
        .collect();
    assert_eq!(
        ids,
        [
            active_template["Id"].clone(),
            own["Id"].clone(),
            no_priority["Id"].clone()
        ]
    );
    h.call_empty(Method::DELETE, &template_path("banner"))
        .await
        .expect(StatusCode::ACCEPTED);
    assert_eq!(h.messages("reader").await.len(), 2);
    // Unknown application or endpoint: 404, as GetEndpoint.
    h.call_empty(Method::GET, &messages_path(UNKNOWN_APP, "reader"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    h.call_empty(Method::GET, &messages_path(DEFAULT_APP_ID, "nobody"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "NotFoundException");
    // The endpoint id is case-insensitive here too.
    assert_eq!(h.messages("READER").await.len(), 2);
}

#[tokio::test]
async fn get_in_app_messages_reads_the_segment_version_a_campaign_names() {
    let h = Harness::start().await;
    let segment = h.segment(DEFAULT_APP_ID, premium()).await;
    h.call_json(
        Method::PUT,
        &format!("{}/{segment}", segments_path(DEFAULT_APP_ID)),
        &json!({"Dimensions": {"Attributes": {"plan": {"Values": ["basic"]}}}}),
    )
    .await
    .expect(StatusCode::OK);
    h.in_app_endpoint("premium-reader", json!({})).await;
    let pinned = h
        .campaign(
            DEFAULT_APP_ID,
            &edited(in_app_campaign(&segment), "/SegmentVersion", json!(1)),
        )
        .await;
    let current = h.campaign(DEFAULT_APP_ID, &in_app_campaign(&segment)).await;
    assert_eq!(current["SegmentVersion"], 2);
    let ids: Vec<Value> = h
        .messages("premium-reader")
        .await
        .iter()
        .map(|m| m["CampaignId"].clone())
        .collect();
    assert_eq!(
        ids,
        [pinned["Id"].clone()],
        "version 1 holds premium, version 2 does not"
    );
}

#[tokio::test]
async fn stored_events_decide_behavior_recency() {
    let h = Harness::start().await;
    let segment = h
        .segment(
            DEFAULT_APP_ID,
            json!({"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}),
        )
        .await;
    let campaign = h.campaign(DEFAULT_APP_ID, &in_app_campaign(&segment)).await;
    h.in_app_endpoint("active", json!({})).await;
    h.in_app_endpoint("dormant", json!({})).await;
    assert_eq!(
        h.messages("active").await,
        Vec::<Value>::new(),
        "no events yet"
    );
    let now = time::OffsetDateTime::now_utc();
    let recent = sandbox::iso_millis(now - time::Duration::days(1));
    let old = sandbox::iso_millis(now - time::Duration::days(30));
    let body = json!({"BatchItem": {
        "active": {"Endpoint": {}, "Events": {"r": event("_session.start", &recent)}},
        "dormant": {"Endpoint": {}, "Events": {"o": event("_session.start", &old)}}
    }});
    h.put_events(DEFAULT_APP_ID, &body).await;
    let got = h.messages("active").await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["CampaignId"], campaign["Id"]);
    assert_eq!(h.messages("dormant").await, Vec::<Value>::new());
    // The store says when each was last active, for `match --endpoint`.
    let store = h.sandbox.store.lock().unwrap();
    let activity = store.activity(DEFAULT_APP_ID, "ACTIVE", now).unwrap();
    assert_eq!(activity.last.map(sandbox::iso_millis), Some(recent));
    assert_eq!(activity.now, now);
    assert_eq!(
        store.activity(DEFAULT_APP_ID, "never", now).unwrap().last,
        None
    );
}

#[tokio::test]
async fn delete_app_removes_its_campaigns_and_events() {
    let h = Harness::start_on_disk().await;
    let app = h
        .call_json(Method::POST, "/v1/apps", &json!({"Name": "doomed"}))
        .await
        .expect(StatusCode::CREATED)["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let segment = h.segment(&app, premium()).await;
    h.campaign(&app, &in_app_campaign(&segment)).await;
    h.put_events(
        &app,
        &json!({"BatchItem": {"e": {"Endpoint": {}, "Events": {"x": event("open", "2026-09-01T00:00:00Z")}}}}),
    )
    .await;
    assert_eq!(stored_rows(h.db_path(), "campaigns", &app), 1);
    assert_eq!(stored_rows(h.db_path(), "events", &app), 1);
    h.call_empty(Method::DELETE, &format!("/v1/apps/{app}"))
        .await
        .expect(StatusCode::OK);
    for table in ["campaigns", "events"] {
        assert_eq!(stored_rows(h.db_path(), table, &app), 0, "{table}");
    }
}

/// A write in progress holds the writer (its lock, and an open write transaction on the
/// database file): GetEndpoint, GetUserEndpoints and GetInAppMessages still answer, with what
/// is committed; an UpdateEndpoint sent meanwhile waits for the writer, and once it has
/// answered, a GetEndpoint sees it.
#[tokio::test]
async fn reads_do_not_wait_behind_a_write_in_progress() {
    let h = Harness::start_on_disk().await;
    let put = |plan: &str| {
        json!({"ChannelType": "IN_APP", "Address": "device-1",
        "Attributes": {"plan": [plan]}, "User": {"UserId": "held-user"}})
    };
    h.call_json(
        Method::PUT,
        &endpoint_path(DEFAULT_APP_ID, "held"),
        &put("free"),
    )
    .await
    .expect(StatusCode::ACCEPTED);

    // The writer held on another thread until told (or until this test ends, however it ends).
    let (held_tx, held_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let sandbox = Arc::clone(&h.sandbox);
    let path = h.db_path().to_path_buf();
    let holder = std::thread::spawn(move || {
        let _writer = sandbox.store.lock().unwrap();
        let mut other = rusqlite::Connection::open(&path).unwrap();
        let tx = other
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute(
            "UPDATE endpoints SET body = json_set(body, '$.Attributes.plan', json_array('uncommitted'))",
            [],
        )
        .unwrap();
        held_tx.send(()).unwrap();
        // Released when told, or when the test drops the sender; bounded either way.
        let _ = release_rx.recv_timeout(Duration::from_secs(120));
        drop(tx);
    });
    held_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the writer is held");

    let update = {
        let router = sandbox::routes::router(Arc::clone(&h.sandbox));
        let request = Request::builder()
            .method(Method::PUT)
            .uri(endpoint_path(DEFAULT_APP_ID, "held"))
            .header("content-type", "application/json")
            .body(Body::from(put("premium").to_string()))
            .unwrap();
        tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
    };

    // Each read answers within RAW_TIMEOUT while the writer is held.
    let found = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "held"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        found["Attributes"]["plan"],
        json!(["free"]),
        "what is committed"
    );
    let user = h
        .call_empty(
            Method::GET,
            &format!("/v1/apps/{DEFAULT_APP_ID}/users/held-user"),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(user["Item"][0]["Id"], "held");
    let messages = h
        .call_empty(
            Method::GET,
            &format!("/v1/apps/{DEFAULT_APP_ID}/endpoints/held/inappmessages"),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(messages["InAppMessageCampaigns"], json!([]));
    assert!(!update.is_finished(), "the write waits for the writer");

    release_tx.send(()).unwrap();
    holder.join().unwrap();
    let status = tokio::time::timeout(RAW_TIMEOUT, update)
        .await
        .expect("the write ends in time")
        .unwrap();
    assert_eq!(status, StatusCode::ACCEPTED);
    let found = h
        .call_empty(Method::GET, &endpoint_path(DEFAULT_APP_ID, "held"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        found["Attributes"]["plan"],
        json!(["premium"]),
        "read after the write's answer"
    );
}
