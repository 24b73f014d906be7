//! The one client path: every target, the built-in sandbox included, is reached through
//! aws-sdk-pinpoint. Calls are bounded in time, throttling is retried with backoff, and
//! read-only targets refuse writes before anything is sent. The calls are in one file per
//! resource; what they are about (operation, subject, application) is said in every error.

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::meta::region::ProvideRegion;
use aws_config::profile::{ProfileFileCredentialsProvider, ProfileFileRegionProvider};
use aws_sdk_pinpoint::config::http::HttpResponse;
use aws_sdk_pinpoint::config::{
    BehaviorVersion, Credentials, ProvideCredentials, Region, SharedCredentialsProvider,
};
use aws_sdk_pinpoint::error::SdkError;
use aws_sdk_pinpoint::operation::RequestId;
use aws_sdk_pinpoint::types as sdk;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;

use crate::model::preview::CliContext;
use crate::model::wire::MessageBody;
use crate::sandbox::{self, Database, SandboxHandle};
use crate::store::config::TargetKind;

use super::error::CallError;
use super::target::ResolvedTarget;

mod apps;
mod campaigns;
mod endpoints;
mod events;
mod segments;
mod templates;

/// Attempts per call: the first and up to three retries (throttling and transient errors).
pub const MAX_ATTEMPTS: u32 = 4;
/// The most pages a list operation follows.
pub const MAX_PAGES: usize = 1000;
/// The longest a connection may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// What a successful call returned, with what the status line shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<T> {
    pub value: T,
    pub request_id: Option<String>,
    pub latency: Duration,
}

/// A connected client for one target.
pub struct Client {
    sdk: aws_sdk_pinpoint::Client,
    target: ResolvedTarget,
    /// What the client talks to, for messages.
    url: String,
    /// The sandbox started inside the process, when the target is the sandbox.
    sandbox: Option<SandboxHandle>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("target", &self.target.name)
            .field("url", &self.url)
            .finish()
    }
}

fn timeouts(target: &ResolvedTarget) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(target.timeout))
        .operation_timeout(target.timeout)
        .build()
}

fn retries() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(2))
}

impl Client {
    /// Connects to a target: starts the sandbox in the process (unless the target names a
    /// running one), or resolves the AWS region and credentials, bounded in time.
    /// A sandbox started here listens on any free loopback port: a command needs no
    /// well-known one.
    pub async fn connect(target: ResolvedTarget) -> Result<Client, CallError> {
        let any = SocketAddr::from(([127, 0, 0, 1], 0));
        Self::connect_preferring(target, any).await
    }

    /// The same, a sandbox started here preferring `addr` (the console's, on
    /// [`sandbox::DEFAULT_ADDR`], so that its AWS CLI line works from another shell).
    pub async fn connect_preferring(
        target: ResolvedTarget,
        addr: SocketAddr,
    ) -> Result<Client, CallError> {
        match target.kind {
            TargetKind::Sandbox => Self::connect_sandbox(target, addr).await,
            TargetKind::Aws => Self::connect_aws(target).await,
        }
    }

    async fn connect_sandbox(
        target: ResolvedTarget,
        preferred: SocketAddr,
    ) -> Result<Client, CallError> {
        let (url, handle) = match &target.endpoint_url {
            Some(url) => (url.clone(), None),
            None => {
                let handle =
                    sandbox::start_in_process(&Database::File(target.db.clone()), preferred)
                        .await
                        .map_err(|e| CallError::new("SandboxError", format!("{e:#}")))?;
                (handle.url(), Some(handle))
            }
        };
        // Static local credentials: the sandbox target never consults the AWS chain.
        let credentials =
            Credentials::new("sandbox", "sandbox", None, None, "pinpoint-console-sandbox");
        let config = aws_sdk_pinpoint::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(
                target
                    .region
                    .clone()
                    .unwrap_or_else(|| sandbox::SANDBOX_REGION.into()),
            ))
            .credentials_provider(credentials)
            .endpoint_url(&url)
            .timeout_config(timeouts(&target))
            .retry_config(retries())
            .build();
        Ok(Client {
            sdk: aws_sdk_pinpoint::Client::from_conf(config),
            target,
            url,
            sandbox: handle,
        })
    }

    async fn connect_aws(target: ResolvedTarget) -> Result<Client, CallError> {
        let region = match &target.region {
            Some(r) => r.clone(),
            None => profile_region(&target).await.ok_or_else(|| {
                CallError::new(
                    "ConfigError",
                    format!(
                        "no region for target `{}`: set region in config.toml, AWS_REGION or --region",
                        target.name
                    ),
                )
            })?,
        };
        let credentials = credentials_chain(&target);
        match tokio::time::timeout(target.timeout, credentials.provide_credentials()).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::warn!(target = %target.name, error = %aws_sdk_pinpoint::error::DisplayErrorContext(&e), "no credentials");
                let looked = match &target.aws_profile {
                    Some(p) => format!("profile `{p}` of the AWS shared config files"),
                    None => "the environment (AWS_ACCESS_KEY_ID...) and the default profile of the AWS shared config files"
                        .to_string(),
                };
                let imds = if target.use_instance_metadata {
                    " and the instance metadata service"
                } else {
                    ""
                };
                // A profile that is there but broken (an expired SSO session...) says why.
                let cause = match &e {
                    aws_credential_types::provider::error::CredentialsError::CredentialsNotLoaded(_) => String::new(),
                    other => format!(
                        " ({})",
                        super::error::one_line(&aws_sdk_pinpoint::error::DisplayErrorContext(other).to_string())
                    ),
                };
                return Err(CallError::new(
                    "CredentialsError",
                    format!(
                        "no AWS credentials for target `{}`: looked in {looked}{imds}{cause}",
                        target.name
                    ),
                ));
            }
            Err(_) => {
                return Err(CallError::new(
                    "CredentialsError",
                    format!(
                        "no AWS credentials for target `{}`: none found within {:.1} s",
                        target.name,
                        target.timeout.as_secs_f64()
                    ),
                ));
            }
        }
        let url = target
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("https://pinpoint.{region}.amazonaws.com"));
        let mut builder = aws_sdk_pinpoint::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region))
            .credentials_provider(credentials)
            .timeout_config(timeouts(&target))
            .retry_config(retries());
        if let Some(endpoint) = &target.endpoint_url {
            builder = builder.endpoint_url(endpoint);
        }
        Ok(Client {
            sdk: aws_sdk_pinpoint::Client::from_conf(builder.build()),
            target,
            url,
            sandbox: None,
        })
    }

    pub fn target(&self) -> &ResolvedTarget {
        &self.target
    }

    /// The URL requests go to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where an `aws pinpoint` line for this client's target goes: the target's context,
    /// with the port the built-in sandbox really listens on.
    pub fn cli_context(&self) -> CliContext {
        let mut context = self.target.cli_context();
        if self.sandbox.is_some() {
            context.endpoint_url = Some(self.url.clone());
        }
        context
    }

    /// Stops the sandbox started inside the process, if any, letting requests in flight end.
    pub async fn shutdown(mut self) {
        if let Some(handle) = self.sandbox.take() {
            handle.stop().await;
        }
    }

    fn app(&self) -> &str {
        &self.target.application_id
    }

    fn map_err<E>(&self, err: SdkError<E, HttpResponse>) -> CallError
    where
        E: aws_sdk_pinpoint::error::ProvideErrorMetadata + std::error::Error + 'static,
    {
        let error = CallError::from_sdk(&err, &self.url, self.target.timeout);
        tracing::warn!(target = %self.target.name, %error, "call failed");
        error
    }

    /// Refuses a write on a read-only target, before anything is sent.
    pub fn ensure_writable(&self, operation: &str) -> Result<(), CallError> {
        if self.target.read_only {
            return Err(CallError::new(
                "ReadOnlyTarget",
                format!(
                    "target `{}` is read-only; {operation} was not sent",
                    self.target.name
                ),
            ));
        }
        Ok(())
    }

    /// Sends one request: times it, maps its error, reads its request id and its value.
    async fn timed<O, E, T>(
        &self,
        send: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
        value: impl FnOnce(&O) -> T,
    ) -> Result<Outcome<T>, CallError>
    where
        O: RequestId,
        E: aws_sdk_pinpoint::error::ProvideErrorMetadata + std::error::Error + 'static,
    {
        let start = Instant::now();
        let out = send.await.map_err(|e| self.map_err(e))?;
        Ok(Outcome {
            value: value(&out),
            request_id: out.request_id().map(str::to_owned),
            latency: start.elapsed(),
        })
    }

    /// Follows `NextToken` through every page of a list operation.
    async fn all_pages<T, Fut>(
        &self,
        mut page: impl FnMut(Option<String>) -> Fut,
    ) -> Result<Outcome<Vec<T>>, CallError>
    where
        Fut: Future<Output = Result<Outcome<(Vec<T>, Option<String>)>, CallError>>,
    {
        let start = Instant::now();
        let mut items = Vec::new();
        let mut token = None;
        let mut request_id = None;
        let mut seen = std::collections::HashSet::new();
        loop {
            let outcome = page(token.take()).await?;
            request_id = outcome.request_id.or(request_id);
            let (mut got, next) = outcome.value;
            items.append(&mut got);
            match next {
                Some(next) if !next.is_empty() => {
                    // A service that hands out a token twice (or pages without end) would
                    // keep this loop going for ever.
                    if !seen.insert(next.clone()) || seen.len() > MAX_PAGES {
                        return Err(CallError::new(
                            "ResponseError",
                            format!(
                                "{} keeps answering with more pages (NextToken `{next}`)",
                                self.url
                            ),
                        ));
                    }
                    token = Some(next);
                }
                _ => break,
            }
        }
        Ok(Outcome {
            value: items,
            request_id,
            latency: start.elapsed(),
        })
    }
}

impl Client {
    /// What a call is about, for its errors: the operation, its subject and the application
    /// (`GetEndpoint qa-7 in application 5a9d…`).
    fn about(&self, operation: &str, subject: Option<&str>) -> String {
        match subject {
            Some(subject) if !subject.is_empty() => {
                format!(
                    "{operation} {} in application {}",
                    shown(subject),
                    self.app()
                )
            }
            _ => format!("{operation} in application {}", self.app()),
        }
    }

    /// The same for a call about the account rather than an application (applications,
    /// templates): `CreateInAppTemplate spring-sale at https://…`.
    fn about_account(&self, operation: &str, subject: Option<&str>) -> String {
        match subject {
            Some(subject) if !subject.is_empty() => {
                format!("{operation} {} at {}", shown(subject), self.url)
            }
            _ => format!("{operation} at {}", self.url),
        }
    }
}

/// One page of a list operation's answer, as the SDK parses it.
trait Page {
    type Item;
    fn items(&self) -> &[Self::Item];
    fn next(&self) -> Option<&str>;
}

macro_rules! pages {
    ($($page:ty => $item:ty),+ $(,)?) => {
        $(impl Page for $page {
            type Item = $item;
            fn items(&self) -> &[$item] {
                self.item()
            }
            fn next(&self) -> Option<&str> {
                self.next_token()
            }
        })+
    };
}

pages! {
    sdk::ApplicationsResponse => sdk::ApplicationResponse,
    sdk::CampaignsResponse => sdk::CampaignResponse,
    sdk::SegmentsResponse => sdk::SegmentResponse,
    sdk::TemplatesResponse => sdk::TemplateResponse,
}

/// A page's items, each converted by `item`, and the token of the next page.
fn page<P: Page, T>(page: Option<&P>, item: impl Fn(&P::Item) -> T) -> (Vec<T>, Option<String>) {
    match page {
        Some(p) => (
            p.items().iter().map(item).collect(),
            p.next().map(str::to_owned),
        ),
        None => (Vec::new(), None),
    }
}

/// Runs a call whose errors say what it was about.
async fn said<T>(
    about: String,
    call: impl Future<Output = Result<T, CallError>>,
) -> Result<T, CallError> {
    call.await.map_err(|e| e.about(about))
}

/// An id as errors show it: as it is when it is one plain word, quoted otherwise (a space,
/// a quote or a control character would make the line ambiguous).
fn shown(id: &str) -> String {
    let plain = !id.is_empty()
        && id
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '"' && c != '`');
    if plain {
        id.to_string()
    } else {
        serde_json::to_string(id).expect("strings serialize")
    }
}

impl<T> Outcome<T> {
    /// The same outcome with its value changed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        Outcome {
            value: f(self.value),
            request_id: self.request_id,
            latency: self.latency,
        }
    }
}

/// An empty id would make the SDK fail with an internal message; say it plainly.
fn not_empty(what: &str, id: &str) -> Result<(), CallError> {
    if id.is_empty() {
        return Err(CallError::new(
            "RequestError",
            format!("the {what} is empty"),
        ));
    }
    Ok(())
}

fn message(body: Option<&sdk::MessageBody>) -> MessageBody {
    MessageBody {
        message: body.and_then(|b| b.message()).map(str::to_owned),
        request_id: body.and_then(|b| b.request_id()).map(str::to_owned),
    }
}

/// The credential chain of an aws target: the environment, the shared config files
/// (profiles, SSO, credential_process), and the instance metadata service only when the
/// target opts in. A target that names a profile uses that profile alone.
fn credentials_chain(target: &ResolvedTarget) -> SharedCredentialsProvider {
    let mut profile = ProfileFileCredentialsProvider::builder();
    if let Some(name) = &target.aws_profile {
        profile = profile.profile_name(name);
    }
    let chain = if target.aws_profile.is_some() {
        CredentialsProviderChain::first_try("Profile", profile.build())
    } else {
        CredentialsProviderChain::first_try(
            "Environment",
            EnvironmentVariableCredentialsProvider::new(),
        )
        .or_else("Profile", profile.build())
    };
    let chain = if target.use_instance_metadata {
        let imds = aws_config::imds::Client::builder()
            .connect_timeout(Duration::from_secs(1))
            .read_timeout(Duration::from_secs(1))
            .build();
        chain.or_else(
            "Ec2InstanceMetadata",
            aws_config::imds::credentials::ImdsCredentialsProvider::builder()
                .imds_client(imds)
                .build(),
        )
    } else {
        chain
    };
    SharedCredentialsProvider::new(chain)
}

/// The region the AWS shared config file gives the target's profile.
async fn profile_region(target: &ResolvedTarget) -> Option<String> {
    let mut provider = ProfileFileRegionProvider::builder();
    if let Some(name) = &target.aws_profile {
        provider = provider.profile_name(name);
    }
    let provider = provider.build();
    tokio::time::timeout(target.timeout, provider.region())
        .await
        .ok()
        .flatten()
        .map(|r| r.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_cli_line_of_the_built_in_sandbox_names_the_port_in_use() {
        // SAFETY: set before any client is built; every test of this binary sets the same.
        unsafe { std::env::set_var("AWS_EC2_METADATA_DISABLED", "true") };
        let dir = tempfile::tempdir().unwrap();
        let target = ResolvedTarget {
            name: "sandbox".into(),
            kind: TargetKind::Sandbox,
            application_id: sandbox::DEFAULT_APP_ID.into(),
            region: None,
            endpoint_url: None,
            aws_profile: None,
            read_only: false,
            timeout: Duration::from_secs(5),
            use_instance_metadata: false,
            db: dir.path().join("sandbox.sqlite3"),
        };
        // Two consoles: the first may take the preferred port, the second cannot; each
        // line names its own.
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let preferred = free.local_addr().unwrap();
        drop(free);
        let first = Client::connect_preferring(target.clone(), preferred)
            .await
            .unwrap();
        let second = Client::connect_preferring(target, preferred).await.unwrap();
        assert_eq!(first.url(), format!("http://{preferred}"));
        assert_ne!(first.url(), second.url());
        for client in [&first, &second] {
            let context = client.cli_context();
            assert_eq!(context.endpoint_url.as_deref(), Some(client.url()));
            let port = client.url().rsplit(':').next().unwrap();
            assert_ne!(port, "0");
            client.get_apps().await.expect("the line's URL answers");
        }
        second.shutdown().await;
        first.shutdown().await;
    }
}
