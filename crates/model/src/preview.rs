//! The three previews of one form: the Pinpoint EndpointRequest JSON, Amplify's userInfo
//! JSON, and an `aws pinpoint update-endpoint` command line to paste into a shell.

use std::fmt;
use std::str::FromStr;

use super::form::UserInfo;

/// Which preview to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PreviewFormat {
    /// The exact UpdateEndpoint body.
    #[default]
    Pinpoint,
    /// Amplify's `identifyUser` userInfo object.
    Amplify,
    /// One `aws pinpoint update-endpoint ...` line.
    Cli,
}

impl PreviewFormat {
    pub const ALL: [PreviewFormat; 3] = [
        PreviewFormat::Pinpoint,
        PreviewFormat::Amplify,
        PreviewFormat::Cli,
    ];

    /// The next format in the cycle Pinpoint -> Amplify -> CLI -> Pinpoint.
    pub fn next(self) -> Self {
        match self {
            PreviewFormat::Pinpoint => PreviewFormat::Amplify,
            PreviewFormat::Amplify => PreviewFormat::Cli,
            PreviewFormat::Cli => PreviewFormat::Pinpoint,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PreviewFormat::Pinpoint => "pinpoint",
            PreviewFormat::Amplify => "amplify",
            PreviewFormat::Cli => "cli",
        }
    }
}

impl fmt::Display for PreviewFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PreviewFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PreviewFormat::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown format `{s}` (expected pinpoint, amplify or cli)"))
    }
}

/// Where the CLI line should send its request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CliContext {
    /// The application (project) id; a placeholder is printed when unknown.
    pub application_id: Option<String>,
    /// `--endpoint-url` for a target that is not AWS itself (the sandbox, for example).
    pub endpoint_url: Option<String>,
    /// `--region`, when the target names one.
    pub region: Option<String>,
}

/// The EndpointRequest JSON this form sends, pretty-printed.
pub fn pinpoint_json(form: &UserInfo) -> String {
    serde_json::to_string_pretty(&form.to_endpoint_request()).expect("wire types always serialize")
}

/// The Amplify userInfo JSON for this form, pretty-printed.
pub fn amplify_json(form: &UserInfo) -> String {
    serde_json::to_string_pretty(&form.to_amplify()).expect("wire types always serialize")
}

/// One `aws pinpoint update-endpoint` line that sends this form.
pub fn cli_line(form: &UserInfo, ctx: &CliContext) -> String {
    let body =
        serde_json::to_string(&form.to_endpoint_request()).expect("wire types always serialize");
    let app = ctx.application_id.as_deref().unwrap_or("<application-id>");
    let endpoint = form.endpoint_id.as_deref().unwrap_or("<endpoint-id>");
    let mut words: Vec<String> = vec!["aws".into()];
    if let Some(url) = &ctx.endpoint_url {
        words.push("--endpoint-url".into());
        words.push(quote(url));
    }
    if let Some(region) = &ctx.region {
        words.push("--region".into());
        words.push(quote(region));
    }
    words.extend([
        "pinpoint".into(),
        "update-endpoint".into(),
        "--application-id".into(),
        quote(app),
        "--endpoint-id".into(),
        quote(endpoint),
        "--endpoint-request".into(),
        quote(&body),
    ]);
    words.join(" ")
}

/// Quotes a word for a POSIX shell (single quotes; a NUL byte, which no shell can pass,
/// is dropped).
fn quote(word: &str) -> String {
    let clean: String = word.chars().filter(|c| *c != '\0').collect();
    shlex::try_quote(&clean)
        .expect("a word without NUL always quotes")
        .into_owned()
}

/// Renders the chosen preview.
pub fn render(form: &UserInfo, format: PreviewFormat, ctx: &CliContext) -> String {
    match format {
        PreviewFormat::Pinpoint => pinpoint_json(form),
        PreviewFormat::Amplify => amplify_json(form),
        PreviewFormat::Cli => cli_line(form, ctx),
    }
}

/// What the preview shows for a metric typed that is not a number: a string where
/// the number goes, so that it cannot pass for a value.
pub fn unparsed_marker(text: &str) -> String {
    if text.trim().is_empty() {
        "⚠ empty: not a number".to_string()
    } else {
        format!("⚠ not a number: {text}")
    }
}

/// Renders the chosen preview of a form whose metrics `unparsed` (name, text as typed)
/// are not numbers yet: each shows as [`unparsed_marker`] instead of a number.
pub fn render_unparsed(
    form: &UserInfo,
    format: PreviewFormat,
    ctx: &CliContext,
    unparsed: &[(String, String)],
) -> String {
    if unparsed.is_empty() {
        return render(form, format, ctx);
    }
    let mark = |mut value: serde_json::Value, member: &str| {
        if let Some(metrics) = value.get_mut(member).and_then(|m| m.as_object_mut()) {
            for (name, text) in unparsed {
                metrics.insert(name.clone(), unparsed_marker(text).into());
            }
        }
        value
    };
    let request = || {
        let value =
            serde_json::to_value(form.to_endpoint_request()).expect("wire types always serialize");
        mark(value, "Metrics")
    };
    match format {
        PreviewFormat::Pinpoint => {
            serde_json::to_string_pretty(&request()).expect("JSON values always serialize")
        }
        PreviewFormat::Amplify => {
            let value =
                serde_json::to_value(form.to_amplify()).expect("wire types always serialize");
            serde_json::to_string_pretty(&mark(value, "metrics"))
                .expect("JSON values always serialize")
        }
        PreviewFormat::Cli => {
            // The line as for the form, its body marked.
            let body = serde_json::to_string(&form.to_endpoint_request())
                .expect("wire types always serialize");
            let marked = serde_json::to_string(&request()).expect("JSON values always serialize");
            cli_line(form, ctx).replace(&quote(&body), &quote(&marked))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::indexmap;

    fn form() -> UserInfo {
        UserInfo {
            endpoint_id: Some("ep 1".into()),
            address: Some("it's@example.com".into()),
            attributes: indexmap! {"hobbies".into() => vec!["cooking".into()]},
            ..UserInfo::default()
        }
    }

    #[test]
    fn pinpoint_preview_is_the_request_body() {
        let text = pinpoint_json(&form());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"Address": "it's@example.com", "Attributes": {"hobbies": ["cooking"]}})
        );
        assert!(text.contains('\n'), "pretty-printed");
    }

    #[test]
    fn amplify_preview_uses_camel_case() {
        let value: serde_json::Value = serde_json::from_str(&amplify_json(&form())).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"address": "it's@example.com", "attributes": {"hobbies": ["cooking"]}})
        );
    }

    #[test]
    fn cli_line_quotes_for_the_shell() {
        let ctx = CliContext {
            application_id: Some("abc123".into()),
            endpoint_url: Some("http://127.0.0.1:4575".into()),
            region: Some("us-east-1".into()),
        };
        let line = cli_line(&form(), &ctx);
        let words = shlex::split(&line).expect("the line parses as shell words");
        assert_eq!(
            words,
            [
                "aws",
                "--endpoint-url",
                "http://127.0.0.1:4575",
                "--region",
                "us-east-1",
                "pinpoint",
                "update-endpoint",
                "--application-id",
                "abc123",
                "--endpoint-id",
                "ep 1",
                "--endpoint-request",
                r#"{"Address":"it's@example.com","Attributes":{"hobbies":["cooking"]}}"#,
            ]
        );
    }

    #[test]
    fn cli_line_has_placeholders_when_ids_are_unknown() {
        let line = cli_line(&UserInfo::default(), &CliContext::default());
        assert_eq!(
            line,
            "aws pinpoint update-endpoint --application-id '<application-id>' --endpoint-id '<endpoint-id>' --endpoint-request '{}'"
        );
    }

    #[test]
    fn metrics_that_are_not_numbers_show_as_invalid() {
        let mut f = form();
        f.metrics.insert("logins".into(), 0.0);
        let unparsed = [("logins".to_string(), "15k".to_string())];
        let ctx = CliContext::default();
        let pinpoint = render_unparsed(&f, PreviewFormat::Pinpoint, &ctx, &unparsed);
        assert!(
            pinpoint.contains(r#""logins": "⚠ not a number: 15k""#),
            "{pinpoint}"
        );
        let amplify = render_unparsed(&f, PreviewFormat::Amplify, &ctx, &unparsed);
        assert!(
            amplify.contains(r#""logins": "⚠ not a number: 15k""#),
            "{amplify}"
        );
        let cli = render_unparsed(&f, PreviewFormat::Cli, &ctx, &unparsed);
        assert!(cli.contains("⚠ not a number: 15k"), "{cli}");
        assert!(!cli.contains(r#""logins":0"#), "{cli}");
        let empty = [("logins".to_string(), String::new())];
        let pinpoint = render_unparsed(&f, PreviewFormat::Pinpoint, &ctx, &empty);
        assert!(pinpoint.contains("⚠ empty"), "{pinpoint}");
        assert!(!pinpoint.contains(r#""logins": 0"#), "{pinpoint}");
    }

    #[test]
    fn formats_parse_and_cycle() {
        for f in PreviewFormat::ALL {
            assert_eq!(f.name().parse::<PreviewFormat>().unwrap(), f);
        }
        assert_eq!(PreviewFormat::Cli.next(), PreviewFormat::Pinpoint);
        assert!("yaml".parse::<PreviewFormat>().is_err());
    }
}
