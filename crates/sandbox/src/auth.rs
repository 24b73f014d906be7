//! SigV4 checking for `serve --require-auth ACCESS_KEY:SECRET`: a request must be signed
//! with that key for the service `mobiletargeting`, within 15 minutes of now. The signature
//! is recomputed with aws-sigv4 (the SDK's own signer) over exactly the headers the client
//! signed, and compared in constant time. Nothing about the key or the signature is logged.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use axum::http::HeaderMap;

/// The SigV4 signing name of Pinpoint.
pub const SIGNING_NAME: &str = "mobiletargeting";
/// How far the request's time may be from the sandbox's clock.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// The one key the sandbox accepts.
#[derive(Clone)]
pub struct RequiredKey {
    access_key: String,
    secret: String,
}

impl std::fmt::Debug for RequiredKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequiredKey")
            .field("access_key", &self.access_key)
            .finish_non_exhaustive()
    }
}

impl RequiredKey {
    /// Parses `ACCESS_KEY:SECRET`.
    pub fn parse(text: &str) -> Result<RequiredKey, String> {
        match text.split_once(':') {
            Some((key, secret)) if !key.is_empty() && !secret.is_empty() => Ok(RequiredKey {
                access_key: key.to_string(),
                secret: secret.to_string(),
            }),
            _ => Err("--require-auth takes ACCESS_KEY:SECRET".into()),
        }
    }

    pub fn access_key(&self) -> &str {
        &self.access_key
    }
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    access_key: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256")?.trim();
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    // Credential = KEY/DATE/REGION/SERVICE/aws4_request
    let scope: Vec<&str> = credential?.split('/').collect();
    let [access_key, _date, region, service, "aws4_request"] = scope.as_slice() else {
        return None;
    };
    Some(Authorization {
        access_key,
        region,
        service,
        signed_headers: signed?.split(';').collect(),
        signature: signature?,
    })
}

fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let t = time::PrimitiveDateTime::parse(text, &format)
        .ok()?
        .assume_utc();
    Some(SystemTime::from(t))
}

/// Compares two strings in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks a request's signature; the error is the message of the 403 answer.
pub fn verify(
    key: &RequiredKey,
    method: &str,
    uri: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), &'static str> {
    let Some(header) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        return Err("Missing Authentication Token");
    };
    let auth =
        parse_authorization(header).ok_or("The Authorization header is not AWS4-HMAC-SHA256")?;
    if !same(auth.access_key, &key.access_key) {
        return Err("The security token included in the request is invalid.");
    }
    if auth.service != SIGNING_NAME {
        return Err("Credential should be scoped to the correct service: 'mobiletargeting'.");
    }
    let time = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_amz_date)
        .ok_or("The request has no valid X-Amz-Date")?;
    let skew = now
        .duration_since(time)
        .or_else(|e| Ok::<_, ()>(e.duration()))
        .unwrap_or_default();
    if skew > MAX_SKEW {
        return Err("Signature expired: the request time is too far from the server time");
    }
    let mut signed: Vec<(&str, &str)> = Vec::new();
    for name in &auth.signed_headers {
        let value = headers
            .get(*name)
            .and_then(|v| v.to_str().ok())
            .ok_or("A signed header is missing from the request")?;
        signed.push((name, value));
    }
    let identity = Identity::from(Credentials::new(
        &key.access_key,
        &key.secret,
        None,
        None,
        "require-auth",
    ));
    let mut settings = SigningSettings::default();
    settings.excluded_headers = None;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(auth.region)
        .name(SIGNING_NAME)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|_| "The signature could not be checked")?
        .into();
    let request = SignableRequest::new(method, uri, signed.into_iter(), SignableBody::Bytes(body))
        .map_err(|_| "The signature could not be checked")?;
    let (_, expected) = sign(request, &params)
        .map_err(|_| "The signature could not be checked")?
        .into_parts();
    if same(&expected, auth.signature) {
        Ok(())
    } else {
        Err("The request signature we calculated does not match the signature you provided.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse() {
        assert_eq!(RequiredKey::parse("AK:SECRET").unwrap().access_key(), "AK");
        for bad in ["", "AK", ":s", "AK:"] {
            assert!(RequiredKey::parse(bad).is_err(), "{bad}");
        }
        let debug = format!("{:?}", RequiredKey::parse("AK:TOPSECRET").unwrap());
        assert!(!debug.contains("TOPSECRET"), "{debug}");
    }

    #[test]
    fn authorization_headers_parse() {
        let a = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AK/20261128/us-east-1/mobiletargeting/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
        )
        .unwrap();
        assert_eq!(
            (a.access_key, a.region, a.service, a.signature),
            ("AK", "us-east-1", "mobiletargeting", "abc")
        );
        assert_eq!(a.signed_headers, ["host", "x-amz-date"]);
        assert!(parse_authorization("Basic Zm9vOmJhcg==").is_none());
        assert!(
            parse_authorization(
                "AWS4-HMAC-SHA256 Credential=AK/x, SignedHeaders=host, Signature=a"
            )
            .is_none()
        );
    }

    #[test]
    fn a_request_signed_by_the_signer_verifies_and_a_changed_one_does_not() {
        let key = RequiredKey::parse("AKIDEXAMPLE:wJalrXUtnFEMI").unwrap();
        let now = SystemTime::now();
        let identity = Identity::from(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI",
            None,
            None,
            "t",
        ));
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("eu-west-1")
            .name(SIGNING_NAME)
            .time(now)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let body = br#"{"Address":"x"}"#;
        let uri = "http://127.0.0.1:4575/v1/apps/app/endpoints/e%20f";
        let base = [
            ("host", "127.0.0.1:4575"),
            ("content-type", "application/json"),
        ];
        let request =
            SignableRequest::new("PUT", uri, base.into_iter(), SignableBody::Bytes(body)).unwrap();
        let (instructions, _) = sign(request, &params).unwrap().into_parts();
        let mut headers = HeaderMap::new();
        for (k, v) in base {
            headers.insert(k, v.parse().unwrap());
        }
        let signed: Vec<(String, String)> = instructions
            .headers()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for (k, v) in signed {
            headers.insert(
                axum::http::HeaderName::try_from(k).unwrap(),
                v.parse().unwrap(),
            );
        }
        assert_eq!(verify(&key, "PUT", uri, &headers, body, now), Ok(()));
        assert!(
            verify(&key, "PUT", uri, &headers, b"{}", now).is_err(),
            "another body"
        );
        assert!(
            verify(&key, "GET", uri, &headers, body, now).is_err(),
            "another method"
        );
        let other = RequiredKey::parse("AKIDEXAMPLE:other").unwrap();
        assert!(
            verify(&other, "PUT", uri, &headers, body, now).is_err(),
            "another secret"
        );
        let later = now + Duration::from_secs(16 * 60);
        assert!(
            verify(&key, "PUT", uri, &headers, body, later)
                .unwrap_err()
                .contains("expired")
        );
        headers.remove("authorization");
        assert_eq!(
            verify(&key, "PUT", uri, &headers, body, now),
            Err("Missing Authentication Token")
        );
    }
}
