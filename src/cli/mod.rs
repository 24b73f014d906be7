//! The command line: argument definitions and dispatch to one file per command group.
//! Commands print JSON, tables for people (`--output`) or plain text on stdout, and one clear
//! line on stderr for each error.

/// Prints a line on stdout (see [`emit`]).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::emit(format_args!($($arg)*))
    };
}

pub mod apps;
pub mod bulk;
pub mod campaigns;
pub mod config;
pub mod endpoints;
pub mod events;
pub mod export;
pub mod files;
pub mod import;
pub mod lookup;
pub mod messages;
pub mod offline;
pub mod output;
pub mod profiles;
pub mod remote;
pub mod render;
pub mod segments;
pub mod serve;
pub mod sizes;
pub mod source;
pub mod templates;

use std::process::ExitCode;

use clap::{ArgGroup, Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::args::PlanOptions;
use crate::model::preview::PreviewFormat;
use crate::store::paths::Paths;
use output::{Output, OutputFormat};

/// A terminal admin console for Amazon Pinpoint endpoints.
///
/// With no command it opens the console on the default target (the built-in sandbox unless
/// config.toml says otherwise). SOURCE is a saved profile name, a JSON file (Amplify
/// userInfo, Pinpoint EndpointRequest/EndpointResponse, or the AWS CLI's get-endpoint
/// output), a profile .toml file, or `-` for JSON on standard input.
#[derive(Debug, Parser)]
#[command(name = "pinpoint-console", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// The target (a name from config.toml; default: its default_target, or `sandbox`).
    #[arg(long, global = true, value_name = "NAME")]
    pub target: Option<String>,
    /// The Pinpoint application (project) id, instead of the target's.
    #[arg(long = "app", global = true, value_name = "APPLICATION_ID")]
    pub app: Option<String>,
    /// Send requests to this URL instead of the target's.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// The AWS region, instead of the target's.
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Refuse every write, whatever the target says.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Log level for the log file (error, warn, info, debug, trace; or PINPOINT_CONSOLE_LOG).
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
    /// What commands that print data print: json (for scripts) or table (for people).
    /// Default: table on a terminal, json when piped or redirected.
    #[arg(
        long,
        global = true,
        value_name = "FORMAT",
        env = "PINPOINT_CONSOLE_OUTPUT",
        value_enum
    )]
    pub output: Option<OutputFormat>,
}

impl GlobalArgs {
    /// How the command prints its data, here.
    pub fn output(&self) -> Output {
        Output::for_stdout(self.output)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// GetEndpoint: print the endpoint as Pinpoint returns it (EndpointResponse JSON, or a
    /// key/value block).
    Get { endpoint_id: String },
    /// GetUserEndpoints: print every endpoint of a user id ({"Item": [...]}, or a table).
    User { user_id: String },
    /// UpdateEndpoint from SOURCE, then print what landed (Pinpoint merges).
    Put {
        source: String,
        /// The endpoint id (default: the one SOURCE names).
        #[arg(long)]
        endpoint_id: Option<String>,
    },
    /// DeleteEndpoint, or DeleteUserEndpoints with --user; prints what was removed.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["endpoint_id", "user"])))]
    Delete {
        endpoint_id: Option<String>,
        /// Delete every endpoint of this user id.
        #[arg(long, value_name = "USER_ID", conflicts_with = "endpoint_id")]
        user: Option<String>,
    },
    /// GetApps: list the target's applications (projects); `apps create NAME` makes one.
    Apps {
        #[command(subcommand)]
        command: Option<AppsCommand>,
    },
    /// Create (or update) many endpoints from one profile with UpdateEndpointsBatch;
    /// `bulk delete` removes them again.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Bulk {
        #[command(subcommand)]
        command: Option<BulkCommand>,
        #[command(flatten)]
        create: BulkCreateArgs,
    },
    /// The application's segments: list, show one, create them from WriteSegmentRequest JSON
    /// files.
    Segments {
        #[command(subcommand)]
        command: SegmentsCommand,
    },
    /// Does the test user fall into each segment, and why? The criteria trees with a
    /// one-line reason each (or JSON); exit 0 whatever the answers.
    #[command(group(clap::ArgGroup::new("who").required(true).args(["source", "endpoint"])))]
    Match {
        /// A profile name, a JSON file, or `-`.
        source: Option<String>,
        /// Use the endpoint stored on the target (GetEndpoint) instead of SOURCE.
        #[arg(long, value_name = "ENDPOINT_ID", conflicts_with = "source")]
        endpoint: Option<String>,
        /// Only this segment (its id, or its name).
        #[arg(long, value_name = "SEGMENT")]
        segment: Option<String>,
    },
    /// The application's in-app campaigns: list, show one, create them from
    /// WriteCampaignRequest JSON files, update or delete one.
    Campaigns {
        #[command(subcommand)]
        command: CampaignsCommand,
    },
    /// In-app message templates: list, show one, create them from InAppTemplateRequest JSON
    /// files, update or delete one.
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
    /// Which in-app messages would the test user get, and why not? With --event, which one
    /// the Amplify client would display for that event, and why not the others. Exit 0
    /// whatever the answers.
    Messages(MessagesArgs),
    /// Events: `events put` records one with PutEvents.
    Events {
        #[command(subcommand)]
        command: EventsCommand,
    },
    /// Load endpoints from files or folders: Pinpoint export files (EndpointResponse JSON
    /// lines, plain or gzip'd) or import-job files (JSON lines with Id, or CSV with
    /// Pinpoint's column names). Each is applied as UpdateEndpoint applies it; each bad line
    /// is reported as `file:line: message` and the others land; exit 1 if any failed.
    Import {
        /// Files or folders (every file under a folder); `-` is standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<std::path::PathBuf>,
        /// Requests in flight at once (1 to 16) when the target is reached through its API
        /// (the built-in sandbox's database is written directly).
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
        concurrency: u16,
    },
    /// Write every endpoint of the application (or of one segment) in Pinpoint's export
    /// format: EndpointResponse JSON, one endpoint a line. Reads the sandbox's database.
    Export {
        /// Where to write (default, or `-`: standard output).
        file: Option<String>,
        /// Only the endpoints of this segment (its id, or its name).
        #[arg(long, value_name = "SEGMENT")]
        segment: Option<String>,
        /// Compress with gzip (also when FILE ends in .gz).
        #[arg(long)]
        gzip: bool,
    },
    /// Run the sandbox (a local Pinpoint-compatible service) in the foreground.
    Serve {
        /// Where to listen; loopback addresses only, unless --allow-remote.
        #[arg(long, default_value = crate::sandbox::DEFAULT_ADDR)]
        addr: String,
        /// The database file (default: sandbox.sqlite3 in the data directory).
        #[arg(long, value_name = "PATH")]
        db: Option<std::path::PathBuf>,
        /// Listen on a non-loopback address (anyone who can reach it can use it, unless
        /// --require-auth is given too).
        #[arg(long)]
        allow_remote: bool,
        /// Refuse (403) every request not SigV4-signed with this key pair.
        #[arg(long, value_name = "ACCESS_KEY:SECRET")]
        require_auth: Option<String>,
    },
    /// Print what would be sent: the EndpointRequest JSON, Amplify's userInfo, or an AWS CLI line.
    Preview {
        source: String,
        #[arg(long, short, default_value = "pinpoint", value_parser = parse_format)]
        format: PreviewFormat,
    },
    /// Check SOURCE against Pinpoint's rules: one `path: severity: message` line per problem;
    /// exit 1 when any is an error.
    Validate { source: String },
    /// Saved profiles (test users), one TOML file each in the profiles directory.
    Profiles {
        #[command(subcommand)]
        command: ProfilesCommand,
    },
    /// Local settings.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Subcommand)]
pub enum BulkCommand {
    /// DeleteEndpoint for every id the template names.
    Delete(BulkDeleteArgs),
}

/// `bulk SOURCE --count N`.
#[derive(Debug, Clone, Args)]
pub struct BulkCreateArgs {
    /// The profile (or JSON file) every endpoint starts from.
    // Optional in type only: clap requires it unless `delete` is given.
    #[arg(required = true)]
    pub source: Option<String>,
    /// How many endpoints.
    #[arg(long, required = true)]
    pub count: Option<u64>,
    #[command(flatten)]
    pub plan: PlanOptions,
    /// Requests in flight at once (1 to 16).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,
    /// Print the first items and the counts; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `bulk delete`.
#[derive(Debug, Clone, Args)]
pub struct BulkDeleteArgs {
    /// Endpoint id template, as given to `bulk`.
    #[arg(long, value_name = "TEMPLATE", required = true)]
    pub endpoint_id: String,
    #[arg(long, required = true)]
    pub count: u64,
    #[arg(long, default_value_t = 1)]
    pub start: u64,
    /// Requests in flight at once (1 to 16).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,
}

#[derive(Debug, Subcommand)]
pub enum SegmentsCommand {
    /// GetSegments: every segment of the application ({"Item": [...]}).
    List,
    /// GetSegment: one segment, named by its id or its name.
    Show {
        /// The segment's id, or its name.
        #[arg(value_name = "SEGMENT")]
        segment: String,
    },
    /// CreateSegment from each WriteSegmentRequest JSON file; every file is tried, and the
    /// exit code is 1 if any failed.
    Create {
        /// WriteSegmentRequest JSON files (e.g. assets/segments/*.json).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// How many endpoints stored in the sandbox's database the segment holds, decided as
    /// `match` decides (and how many it cannot tell).
    Count {
        /// The segment's id, or its name.
        #[arg(value_name = "SEGMENT")]
        segment: String,
    },
    /// The ids of the endpoints stored in the sandbox's database that the segment holds, in
    /// the order they were stored, a page at a time ({"SegmentId", "Item": [...], "NextToken"}).
    Members {
        /// The segment's id, or its name.
        #[arg(value_name = "SEGMENT")]
        segment: String,
        /// Ids a page.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        page_size: u64,
        /// The page after the one that gave this NextToken.
        #[arg(long, value_name = "TOKEN")]
        next_token: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CampaignsCommand {
    /// GetCampaigns: every campaign of the application ({"Item": [...]}).
    List,
    /// GetCampaign: one campaign, named by its id or its name.
    Show {
        /// The campaign's id, or its name.
        #[arg(value_name = "CAMPAIGN")]
        campaign: String,
    },
    /// CreateCampaign from each WriteCampaignRequest JSON file; every file is tried, and the
    /// exit code is 1 if any failed. SegmentId may hold the segment's name.
    Create {
        /// WriteCampaignRequest JSON files (e.g. assets/campaigns/*.json).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// UpdateCampaign: FILE replaces the campaign's definition.
    Update {
        /// The campaign's id, or its name.
        #[arg(value_name = "CAMPAIGN")]
        campaign: String,
        /// A WriteCampaignRequest JSON file.
        file: String,
    },
    /// DeleteCampaign: prints the campaign removed.
    Delete {
        /// The campaign's id, or its name.
        #[arg(value_name = "CAMPAIGN")]
        campaign: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// ListTemplates: the in-app templates ({"Item": [...]}).
    List,
    /// GetInAppTemplate: a template's active version, or the version asked for.
    Show {
        name: String,
        #[arg(long)]
        version: Option<String>,
    },
    /// CreateInAppTemplate from each InAppTemplateRequest JSON file, named after the file
    /// (without .json) unless --name; every file is tried, and the exit code is 1 if any
    /// failed.
    Create {
        /// InAppTemplateRequest JSON files (e.g. assets/templates/*.json).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        /// The template's name (one file only).
        #[arg(long)]
        name: Option<String>,
    },
    /// UpdateInAppTemplate: FILE replaces the latest version, or becomes a new version.
    Update {
        name: String,
        /// An InAppTemplateRequest JSON file.
        file: String,
        /// Add a version instead of replacing the latest.
        #[arg(long)]
        new_version: bool,
    },
    /// DeleteInAppTemplate: every version, or the version asked for.
    Delete {
        name: String,
        #[arg(long)]
        version: Option<String>,
    },
}

/// `messages`.
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("who").required(true).args(["source", "endpoint"])))]
#[command(group(ArgGroup::new("data").multiple(true)
    .args(["attributes", "metrics", "shown_session", "shown_today", "shown_total"])
    .requires("event")))]
pub struct MessagesArgs {
    /// The test user: a profile name, a JSON file, a profile .toml file, or `-`.
    pub source: Option<String>,
    /// Use the endpoint stored on the target (GetEndpoint) instead of SOURCE, and show the
    /// service's own GetInAppMessages answer beside the one worked out here.
    #[arg(long, value_name = "ENDPOINT_ID", conflicts_with = "source")]
    pub endpoint: Option<String>,
    /// Also say which message the Amplify client would display when the app records this
    /// event.
    #[arg(long, value_name = "NAME")]
    pub event: Option<String>,
    #[command(flatten)]
    pub data: EventData,
    /// How often a message was shown this session: CAMPAIGN=N (its id or name; repeatable).
    #[arg(long, value_name = "CAMPAIGN=N", value_parser = parse_count)]
    pub shown_session: Vec<(String, u64)>,
    /// How many messages (of any campaign) were shown today.
    #[arg(long, value_name = "N")]
    pub shown_today: Option<u64>,
    /// How often a message was shown in all: CAMPAIGN=N (its id or name; repeatable).
    #[arg(long, value_name = "CAMPAIGN=N", value_parser = parse_count)]
    pub shown_total: Vec<(String, u64)>,
}

/// An event's attributes and metrics, as `--attr K=V` and `--metric K=N`.
#[derive(Debug, Clone, Default, Args)]
pub struct EventData {
    /// An attribute of the event: K=V (repeatable).
    #[arg(long = "attr", id = "attributes", value_name = "K=V", value_parser = parse_attribute)]
    pub attributes: Vec<(String, String)>,
    /// A metric of the event: K=N, N a number (repeatable).
    #[arg(long = "metric", id = "metrics", value_name = "K=N", value_parser = parse_metric)]
    pub metrics: Vec<(String, f64)>,
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// PutEvents: record the event NAME for SOURCE's endpoint (sent with it, as
    /// UpdateEndpoint would send it) or for a stored endpoint (--endpoint ID), and print the
    /// status of the endpoint and of the event; exit 1 if either failed.
    #[command(
        override_usage = "pinpoint-console events put SOURCE NAME [OPTIONS]\n       \
                                pinpoint-console events put --endpoint ID NAME [OPTIONS]"
    )]
    Put {
        /// SOURCE (a profile name, a JSON file, a profile .toml file, or `-`), then the
        /// event's NAME; with --endpoint, NAME alone.
        #[arg(required = true, num_args = 1..=2, value_names = ["SOURCE", "NAME"])]
        words: Vec<String>,
        /// The endpoint stored on the target (sent as `"Endpoint": {}`), instead of SOURCE.
        #[arg(long, value_name = "ENDPOINT_ID")]
        endpoint: Option<String>,
        #[command(flatten)]
        data: EventData,
        /// The session the event belongs to (default: a new one).
        #[arg(long, value_name = "ID")]
        session: Option<String>,
    },
}

/// Reads `K=V` (the value may hold `=`; the name may not be empty).
pub fn parse_attribute(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

/// Reads `K=N`, N a finite number.
pub fn parse_metric(text: &str) -> Result<(String, f64), String> {
    let (name, value) =
        parse_attribute(text).map_err(|_| format!("`{text}` is not NAME=NUMBER"))?;
    match value.trim().parse::<f64>() {
        Ok(n) if n.is_finite() => Ok((name, n)),
        _ => Err(format!("`{value}` is not a number (in `{text}`)")),
    }
}

/// Reads `K=N`, N a count (0 or more).
pub fn parse_count(text: &str) -> Result<(String, u64), String> {
    let (name, value) = parse_attribute(text).map_err(|_| format!("`{text}` is not NAME=COUNT"))?;
    match value.trim().parse::<u64>() {
        Ok(n) => Ok((name, n)),
        _ => Err(format!("`{value}` is not a count (in `{text}`)")),
    }
}

/// A usage error found after the arguments were read (exit code 2, like clap's own), with
/// the usage of the command `path` names (`["events", "put"]`).
pub fn usage(path: &[&str], message: impl std::fmt::Display) -> anyhow::Error {
    let mut command = Cli::command();
    command.build();
    let mut sub = &mut command;
    for name in path {
        sub = sub
            .find_subcommand_mut(name)
            .expect("a command of this command line");
    }
    anyhow::Error::new(sub.error(clap::error::ErrorKind::ArgumentConflict, message))
}

#[derive(Debug, Subcommand)]
pub enum AppsCommand {
    /// CreateApp: make an application (project) and print it.
    Create { name: String },
}

#[derive(Debug, Subcommand)]
pub enum ProfilesCommand {
    /// List every profile (name, user id, channel, last modified); broken files included.
    List,
    /// Print a profile's file.
    Show { name: String },
    /// Save a JSON file (any supported shape) or profile TOML as a profile.
    Import {
        file: String,
        /// The profile name (default: the file name without its extension).
        #[arg(long, allow_hyphen_values = true)]
        name: Option<String>,
        /// Replace an existing profile of that name.
        #[arg(long)]
        force: bool,
    },
    /// Print a profile in another shape.
    Export {
        name: String,
        #[arg(long, short, default_value = "pinpoint")]
        format: ExportFormat,
    },
    /// Delete a profile.
    Rm { name: String },
}

/// The shapes `profiles export` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The EndpointRequest JSON.
    Pinpoint,
    /// Amplify's userInfo JSON.
    Amplify,
    /// An `aws pinpoint update-endpoint` line.
    Cli,
    /// The profile file itself.
    Toml,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where the config, profiles, data, sandbox database and log are.
    Path,
}

fn parse_format(s: &str) -> Result<PreviewFormat, String> {
    s.parse()
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let paths = match Paths::from_env() {
        Ok(paths) => paths,
        Err(e) => return fail(e.into()),
    };
    let _log = crate::logging::init(&paths, cli.global.log_level.as_deref());
    // Only the command's name: its arguments may hold a secret (serve --require-auth).
    tracing::info!(command = command_name(cli.command.as_ref()), "start");
    let result = match cli.command {
        None => crate::tui::run(&paths, &(&cli.global).into()),
        Some(Command::Get { endpoint_id }) => endpoints::get(&paths, &cli.global, &endpoint_id),
        Some(Command::User { user_id }) => endpoints::user(&paths, &cli.global, &user_id),
        Some(Command::Put {
            source,
            endpoint_id,
        }) => endpoints::put(&paths, &cli.global, &source, endpoint_id),
        Some(Command::Delete { endpoint_id, user }) => {
            endpoints::delete(&paths, &cli.global, endpoint_id, user)
        }
        Some(Command::Apps { command: None }) => apps::list(&paths, &cli.global),
        Some(Command::Apps {
            command: Some(AppsCommand::Create { name }),
        }) => apps::create(&paths, &cli.global, &name),
        Some(Command::Bulk { command, create }) => match (command, create) {
            (Some(BulkCommand::Delete(args)), _) => bulk::delete(&paths, &cli.global, &args),
            (None, args) => bulk::create(&paths, &cli.global, &args),
        },
        Some(Command::Segments { command }) => match command {
            SegmentsCommand::List => segments::list(&paths, &cli.global),
            SegmentsCommand::Show { segment } => segments::show(&paths, &cli.global, &segment),
            SegmentsCommand::Create { files } => segments::create(&paths, &cli.global, &files),
            SegmentsCommand::Count { segment } => sizes::count(&paths, &cli.global, &segment),
            SegmentsCommand::Members {
                segment,
                page_size,
                next_token,
            } => sizes::members(
                &paths,
                &cli.global,
                &segment,
                page_size as usize,
                next_token.as_deref(),
            ),
        },
        Some(Command::Match {
            source,
            endpoint,
            segment,
        }) => segments::run(
            &paths,
            &cli.global,
            source.as_deref(),
            endpoint.as_deref(),
            segment.as_deref(),
        ),
        Some(Command::Campaigns { command }) => campaigns::run(&paths, &cli.global, command),
        Some(Command::Templates { command }) => templates::run(&paths, &cli.global, command),
        Some(Command::Messages(args)) => messages::run(&paths, &cli.global, &args),
        Some(Command::Events {
            command:
                EventsCommand::Put {
                    words,
                    endpoint,
                    data,
                    session,
                },
        }) => events::put(
            &paths,
            &cli.global,
            &words,
            endpoint.as_deref(),
            &data,
            session.as_deref(),
        ),
        Some(Command::Import { files, concurrency }) => {
            import::run(&paths, &cli.global, &files, concurrency)
        }
        Some(Command::Export {
            file,
            segment,
            gzip,
        }) => export::run(
            &paths,
            &cli.global,
            file.as_deref(),
            segment.as_deref(),
            gzip,
        ),
        Some(Command::Serve {
            addr,
            db,
            allow_remote,
            require_auth,
        }) => serve::run(&paths, &addr, db, allow_remote, require_auth.as_deref()),
        Some(Command::Preview { source, format }) => {
            offline::preview(&paths, &cli.global, &source, format)
        }
        Some(Command::Validate { source }) => offline::validate(&paths, &source),
        Some(Command::Profiles { command }) => profiles::run(&paths, &cli.global, command),
        Some(Command::Config {
            command: ConfigCommand::Path,
        }) => config::path(&paths),
        Some(Command::Completions { shell }) => config::completions(shell),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => fail(e),
    }
}

/// The name of a command, for the log.
fn command_name(command: Option<&Command>) -> &'static str {
    match command {
        None => "console",
        Some(Command::Get { .. }) => "get",
        Some(Command::User { .. }) => "user",
        Some(Command::Put { .. }) => "put",
        Some(Command::Delete { .. }) => "delete",
        Some(Command::Apps { .. }) => "apps",
        Some(Command::Bulk { .. }) => "bulk",
        Some(Command::Segments { .. }) => "segments",
        Some(Command::Match { .. }) => "match",
        Some(Command::Campaigns { .. }) => "campaigns",
        Some(Command::Templates { .. }) => "templates",
        Some(Command::Messages(_)) => "messages",
        Some(Command::Events { .. }) => "events",
        Some(Command::Import { .. }) => "import",
        Some(Command::Export { .. }) => "export",
        Some(Command::Serve { .. }) => "serve",
        Some(Command::Preview { .. }) => "preview",
        Some(Command::Validate { .. }) => "validate",
        Some(Command::Profiles { .. }) => "profiles",
        Some(Command::Config { .. }) => "config",
        Some(Command::Completions { .. }) => "completions",
    }
}

/// Prints an error as one line on stderr and returns exit code 1; a usage error (see
/// [`usage`]) as clap prints its own, with exit code 2.
fn fail(e: anyhow::Error) -> ExitCode {
    if let Some(usage) = e.downcast_ref::<clap::Error>() {
        let _ = usage.print();
        return ExitCode::from(usage.exit_code() as u8);
    }
    report(&e);
    ExitCode::from(1)
}

/// Logs an error and writes it as one line on stderr: a command that goes on past a failure
/// (one file of several) reports each this way.
pub fn report(e: &anyhow::Error) {
    tracing::warn!(error = %format!("{e:#}"), "failed");
    say(&one_line(&format!("{e:#}")));
}

/// Writes a line on stderr, its control characters escaped: it may quote a service's message
/// or a stored value, and no control character reaches the terminal.
pub fn say(text: &str) {
    eprintln!("{}", escape_controls(text));
}

/// Writes a line on stdout. On a terminal, control characters are shown as `\u009B`
/// escapes (a value from a service must not drive the terminal); into a pipe or a file the
/// text goes as it is, byte for byte. A reader that went away (`| head`) ends the program quietly instead
/// of with a panic.
pub fn emit(text: std::fmt::Arguments<'_>) {
    use std::io::{IsTerminal, Write};
    let mut stdout = std::io::stdout().lock();
    let mut text = text.to_string();
    if stdout.is_terminal() {
        text = escape_controls(&text).into_owned();
    }
    if let Err(e) = writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("cannot write the output: {e}");
        std::process::exit(1);
    }
}

use crate::text::{escape_controls, one_line};
