//! The one client path: every target, the built-in sandbox included, is reached through
//! aws-sdk-pinpoint. The client only speaks to an address: a server started in the process
//! for it is handed over by the caller (`connect`). Calls are bounded in time, throttling is
//! retried with backoff, and read-only targets refuse writes before anything is sent. The calls are in one file per
//! resource; what they are about (operation, subject, application) is said in every error.

use std::future::Future;
use std::pin::Pin;
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
use crate::model::wire::{self, MessageBody};
use crate::store::config::{SANDBOX_REGION, TargetKind};

use super::error::CallError;
use super::target::ResolvedTarget;

mod calls;
mod endpoints;

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
    /// The server started in the process for this client, if any.
    local: Option<LocalServer>,
}

/// A server started in the process for one client (the console's built-in sandbox): where
/// it listens, and how it stops. The client stops it when it shuts down; dropped, it stops
/// as its handle does when dropped.
pub struct LocalServer {
    url: String,
    stop: Pin<Box<dyn Future<Output = ()> + Send + Sync>>,
}

impl LocalServer {
    /// A server listening at `url`, which `stop` (not started until the client shuts down)
    /// stops.
    pub fn new(url: String, stop: impl Future<Output = ()> + Send + Sync + 'static) -> Self {
        LocalServer {
            url,
            stop: Box::pin(stop),
        }
    }
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
    /// Connects to a target: a sandbox target at its endpoint URL (a running `serve`), or
    /// resolves the AWS region and credentials, bounded in time.
    pub async fn connect(target: ResolvedTarget) -> Result<Client, CallError> {
        match target.kind {
            TargetKind::Sandbox => match target.endpoint_url.clone() {
                Some(url) => Ok(Self::connect_local(target, url, None)),
                None => Err(CallError::new(
                    "SandboxError",
                    format!("target `{}` has no sandbox to talk to", target.name),
                )),
            },
            TargetKind::Aws => Self::connect_aws(target).await,
        }
    }

    /// Connects to a sandbox target served by `server`, started in the process for this
    /// client; the client stops it when it shuts down.
    pub fn with_local_server(target: ResolvedTarget, server: LocalServer) -> Client {
        let url = server.url.clone();
        Self::connect_local(target, url, Some(server))
    }

    fn connect_local(target: ResolvedTarget, url: String, local: Option<LocalServer>) -> Client {
        // Static local credentials: the sandbox target never consults the AWS chain.
        let credentials =
            Credentials::new("sandbox", "sandbox", None, None, "pinpoint-console-sandbox");
        let config = aws_sdk_pinpoint::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(
                target
                    .region
                    .clone()
                    .unwrap_or_else(|| SANDBOX_REGION.into()),
            ))
            .credentials_provider(credentials)
            .endpoint_url(&url)
            .timeout_config(timeouts(&target))
            .retry_config(retries())
            .build();
        Client {
            sdk: aws_sdk_pinpoint::Client::from_conf(config),
            target,
            url,
            local,
        }
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
            local: None,
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
    /// with the port a server started in the process for it really listens on.
    pub fn cli_context(&self) -> CliContext {
        let mut context = self.target.cli_context();
        if self.local.is_some() {
            context.endpoint_url = Some(self.url.clone());
        }
        context
    }

    /// Stops the server started in the process for it, if any, letting requests in flight
    /// end.
    pub async fn shutdown(mut self) {
        if let Some(server) = self.local.take() {
            server.stop.await;
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

/// One call before it is sent: what it is about, which its errors say, and what is checked
/// before anything is sent (an id that must not be empty, a target that must be writable).
struct Call<'a> {
    client: &'a Client,
    operation: &'static str,
    about: String,
    id: Option<(&'static str, &'a str)>,
    writes: bool,
}

impl Client {
    /// A call about the application: `operation` on `subject`, if any.
    fn call<'a>(&'a self, operation: &'static str, subject: Option<&str>) -> Call<'a> {
        Call::new(self, operation, self.about(operation, subject))
    }

    /// A call about the account rather than an application.
    fn account_call<'a>(&'a self, operation: &'static str, subject: Option<&str>) -> Call<'a> {
        Call::new(self, operation, self.about_account(operation, subject))
    }
}

impl<'a> Call<'a> {
    fn new(client: &'a Client, operation: &'static str, about: String) -> Self {
        Call {
            client,
            operation,
            about,
            id: None,
            writes: false,
        }
    }

    /// The call is refused, before anything is sent, when `id` (the `what`) is empty.
    fn id(mut self, what: &'static str, id: &'a str) -> Self {
        self.id = Some((what, id));
        self
    }

    /// The call writes: a read-only target refuses it before anything is sent.
    fn writes(mut self) -> Self {
        self.writes = true;
        self
    }

    fn check(&self) -> Result<(), CallError> {
        if let Some((what, id)) = self.id {
            not_empty(what, id)?;
        }
        if self.writes {
            self.client.ensure_writable(self.operation)?;
        }
        Ok(())
    }

    /// Checks the call, then sends the request `request` makes (after the checks: making it
    /// may fail too) and reads its value with `value`.
    async fn send<O, E, T, Fut>(
        self,
        request: impl FnOnce() -> Result<Fut, CallError>,
        value: impl FnOnce(&O) -> T,
    ) -> Result<Outcome<T>, CallError>
    where
        Fut: Future<Output = Result<O, SdkError<E, HttpResponse>>>,
        O: RequestId,
        E: aws_sdk_pinpoint::error::ProvideErrorMetadata + std::error::Error + 'static,
    {
        let sent = async {
            self.check()?;
            self.client.timed(request()?, value).await
        };
        sent.await.map_err(|e| e.about(self.about.clone()))
    }

    /// Checks the call, then follows every page of a list operation (`page` sends one); the
    /// answer holds every page's items.
    async fn pages<L: Listing<T>, T, Fut>(
        self,
        page: impl FnMut(Option<String>) -> Fut,
    ) -> Result<Outcome<L>, CallError>
    where
        Fut: Future<Output = Result<Outcome<(Vec<T>, Option<String>)>, CallError>>,
    {
        let sent = async {
            self.check()?;
            self.client.all_pages(page).await
        };
        let items = sent.await.map_err(|e| e.about(self.about.clone()))?;
        Ok(items.map(L::every))
    }
}

/// A list operation's answer made of every page's items (so with no next token).
trait Listing<T> {
    fn every(item: Vec<T>) -> Self;
}

macro_rules! listings {
    ($($list:ty => $item:ty),+ $(,)?) => {
        $(impl Listing<$item> for $list {
            fn every(item: Vec<$item>) -> Self {
                Self {
                    item,
                    next_token: None,
                }
            }
        })+
    };
}

listings! {
    wire::ApplicationsResponse => wire::ApplicationResponse,
    wire::CampaignsResponse => wire::CampaignResponse,
    wire::SegmentsResponse => wire::SegmentResponse,
    wire::TemplatesResponse => wire::TemplateResponse,
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

/// An answer's part as `convert` makes it, or the empty value when the answer lacks it.
fn converted<S, T: Default>(part: Option<&S>, convert: impl FnOnce(&S) -> T) -> T {
    part.map(convert).unwrap_or_default()
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

    /// The client starts nothing: a sandbox target with no address to talk to is an error
    /// that names the target (`connect` starts the built-in one and hands it over).
    #[tokio::test]
    async fn a_sandbox_target_without_an_address_is_not_started_by_the_client() {
        let home = tempfile::tempdir().unwrap();
        let paths = crate::store::paths::Paths::under(home.path());
        let config = crate::store::config::Config::default();
        let overrides = super::super::Overrides::default();
        let env = super::super::AwsEnv::default();
        let target = super::super::target::resolve(&config, &overrides, &env, &paths).unwrap();
        assert_eq!(
            (target.kind, &target.endpoint_url),
            (TargetKind::Sandbox, &None)
        );
        let error = Client::connect(target).await.unwrap_err();
        assert_eq!(error.code, "SandboxError");
        assert!(error.message.contains("`sandbox`"), "{error}");
    }
}
