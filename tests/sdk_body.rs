//! The body aws-sdk-pinpoint sends for a profile is the `preview --format pinpoint` JSON
//! for that profile: the preview shows exactly what is sent.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{Method, StatusCode, Uri};
use axum::routing::any;
use common::{Home, json, numbers_as_f64, repo_file};
use pinpoint_console::model::import::parse_json;
use pinpoint_console::pinpoint::{Client, ResolvedTarget};
use pinpoint_console::store::config::TargetKind;

type Captured = Arc<Mutex<Vec<(Method, String, Vec<u8>)>>>;

/// A loopback server that records every request and answers UpdateEndpoint's 202.
async fn capture_server() -> (String, Captured, tokio::task::JoinHandle<()>) {
    let captured: Captured = Arc::default();
    let store = Arc::clone(&captured);
    let app = axum::Router::new().fallback(any(move |method: Method, uri: Uri, body: Bytes| {
        let store = Arc::clone(&store);
        async move {
            store
                .lock()
                .unwrap()
                .push((method, uri.path().to_string(), body.to_vec()));
            (
                StatusCode::ACCEPTED,
                r#"{"Message":"Accepted","RequestID":"r"}"#,
            )
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
        name: "capture".into(),
        kind: TargetKind::Sandbox,
        application_id: "app-1".into(),
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.to_string()),
        aws_profile: None,
        read_only: false,
        timeout: Duration::from_secs(5),
        use_instance_metadata: false,
        db: Default::default(),
    }
}

#[tokio::test]
async fn the_sdk_sends_exactly_the_preview() {
    unsafe { std::env::set_var("AWS_EC2_METADATA_DISABLED", "true") };
    let (url, captured, server) = capture_server().await;
    let client = Client::connect(target(&url)).await.unwrap();
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

        let (method, path, body) = captured.lock().unwrap().pop().expect("a request arrived");
        assert_eq!(method, Method::PUT);
        assert_eq!(path, format!("/v1/apps/app-1/endpoints/{id}"));
        let sent: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            numbers_as_f64(&sent),
            numbers_as_f64(&expected),
            "{example}"
        );
    }
    server.abort();
}
