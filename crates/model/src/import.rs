//! Reading a JSON test user in any of the shapes people have at hand: Amplify's userInfo
//! (camelCase), Pinpoint's EndpointRequest or EndpointResponse (PascalCase), or the AWS
//! CLI's `{"EndpointResponse": {...}}` output. The shape is detected from the keys; an
//! unknown key is an error that names it.

use std::fmt;

use serde::Deserialize;

use super::amplify::AmplifyUserInfo;
use super::form::UserInfo;
use super::wire::EndpointResponse;

/// The shape a JSON document was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Amplify,
    EndpointRequest,
    EndpointResponse,
    EndpointBatchItem,
    CliGetEndpoint,
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Shape::Amplify => "Amplify userInfo",
            Shape::EndpointRequest => "Pinpoint EndpointRequest",
            Shape::EndpointResponse => "Pinpoint EndpointResponse",
            Shape::EndpointBatchItem => "Pinpoint EndpointBatchItem",
            Shape::CliGetEndpoint => "AWS CLI get-endpoint output",
        })
    }
}

impl Shape {
    /// The shape's name after "a" or "an" (`an Amplify userInfo`).
    pub fn with_article(self) -> String {
        match self {
            Shape::Amplify | Shape::CliGetEndpoint => format!("an {self}"),
            _ => format!("a {self}"),
        }
    }
}

/// Why a JSON document could not be read, with the position when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    fn at_start(message: impl Into<String>) -> Self {
        ImportError {
            line: 1,
            column: 1,
            message: message.into(),
        }
    }
}

impl From<serde_json::Error> for ImportError {
    fn from(e: serde_json::Error) -> Self {
        // serde_json appends " at line L column C"; the position is reported separately.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(at) => text[..at].to_string(),
            None => text,
        };
        ImportError {
            line: e.line().max(1),
            column: e.column().max(1),
            message,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CliOutput {
    #[serde(rename = "EndpointResponse")]
    endpoint_response: EndpointResponse,
}

/// Members only a response carries; their presence tells a response from a request.
const RESPONSE_ONLY: [&str; 3] = ["ApplicationId", "CohortId", "CreationDate"];

fn is_pascal(key: &str) -> bool {
    key.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// Detects the shape of a JSON text and reads it into the form.
pub fn parse_json(text: &str) -> Result<(Shape, UserInfo), ImportError> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    let Some(object) = value.as_object() else {
        return Err(ImportError::at_start(
            "expected a JSON object (Amplify userInfo, EndpointRequest or EndpointResponse)",
        ));
    };
    if object.contains_key("EndpointResponse") {
        let wrapped: CliOutput = serde_json::from_str(text)?;
        return Ok((
            Shape::CliGetEndpoint,
            UserInfo::from_endpoint_response(&wrapped.endpoint_response),
        ));
    }
    if object.contains_key("Item") {
        return Err(ImportError::at_start(
            "this is a list of endpoints (GetUserEndpoints output); save one element of `Item` instead",
        ));
    }
    let pascal = object.keys().find(|k| is_pascal(k));
    let camel = object.keys().find(|k| !is_pascal(k));
    match (pascal, camel) {
        (Some(p), Some(c)) => Err(ImportError::at_start(format!(
            "mixes Pinpoint (PascalCase) key `{p}` with Amplify (camelCase) key `{c}`; use one shape"
        ))),
        (Some(_), None) => {
            let response: EndpointResponse = serde_json::from_str(text)?;
            let shape = if RESPONSE_ONLY.iter().any(|k| object.contains_key(*k)) {
                Shape::EndpointResponse
            } else if object.contains_key("Id") {
                Shape::EndpointBatchItem
            } else {
                Shape::EndpointRequest
            };
            Ok((shape, UserInfo::from_endpoint_response(&response)))
        }
        _ => {
            let info: AmplifyUserInfo = serde_json::from_str(text)?;
            Ok((Shape::Amplify, UserInfo::from_amplify(info)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_shape() {
        let cases = [
            (r#"{"address": "a@b.c", "optOut": "NONE"}"#, Shape::Amplify),
            (
                r#"{"Address": "a@b.c", "OptOut": "NONE"}"#,
                Shape::EndpointRequest,
            ),
            (
                r#"{"Id": "e1", "Address": "a@b.c", "CohortId": "4"}"#,
                Shape::EndpointResponse,
            ),
            (
                r#"{"EndpointResponse": {"Id": "e1", "Address": "a@b.c"}}"#,
                Shape::CliGetEndpoint,
            ),
            ("{}", Shape::Amplify),
        ];
        for (text, shape) in cases {
            let (got, form) = parse_json(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got, shape, "{text}");
            if text != "{}" {
                assert_eq!(form.address.as_deref(), Some("a@b.c"), "{text}");
            }
        }
    }

    #[test]
    fn response_id_becomes_the_endpoint_id() {
        let (_, form) = parse_json(r#"{"EndpointResponse": {"Id": "e1"}}"#).unwrap();
        assert_eq!(form.endpoint_id.as_deref(), Some("e1"));
    }

    #[test]
    fn unknown_keys_are_named() {
        let cases = [
            (r#"{"address": "x", "hobbies": []}"#, "hobbies"),
            (r#"{"Address": "x", "Hobbies": []}"#, "Hobbies"),
            (r#"{"demographic": {"appversion": "1"}}"#, "appversion"),
            (r#"{"Location": {"Lat": 1}}"#, "Lat"),
            (
                r#"{"EndpointResponse": {"Id": "e"}, "ResponseMetadata": {}}"#,
                "ResponseMetadata",
            ),
        ];
        for (text, key) in cases {
            let err = parse_json(text).unwrap_err();
            assert!(err.message.contains(&format!("`{key}`")), "{text}: {err}");
        }
    }

    #[test]
    fn mixed_casing_is_refused() {
        let err = parse_json(r#"{"Address": "x", "optOut": "ALL"}"#).unwrap_err();
        assert!(
            err.message.contains("`Address`") && err.message.contains("`optOut`"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = parse_json("{\n  \"address\": \"x\",\n  oops\n}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3), "{err}");
    }

    #[test]
    fn wrong_types_are_refused() {
        for text in [
            r#"{"attributes": {"a": "not a list"}}"#,
            r#"{"metrics": {"m": "1"}}"#,
            r#"{"Location": {"Latitude": "north"}}"#,
            "[]",
            "\"text\"",
        ] {
            assert!(parse_json(text).is_err(), "{text}");
        }
    }

    #[test]
    fn user_endpoints_output_gets_a_hint() {
        let err = parse_json(r#"{"Item": []}"#).unwrap_err();
        assert!(err.message.contains("GetUserEndpoints"), "{err}");
    }
}
