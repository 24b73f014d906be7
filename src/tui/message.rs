//! What flows through the console: messages in (keys, paste, mouse, results of calls and
//! disk work) and effects out (calls to make, files to touch, text to copy).

use std::time::Duration;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::args::PlanOptions;
use crate::model::UserInfo;
use crate::model::bulk::{Plan, Review};
use crate::model::preview::CliContext;
use crate::model::wire::{
    ApplicationsResponse, EndpointRequest, EndpointResponse, EndpointsResponse, SegmentResponse,
    SegmentsResponse,
};
use crate::pinpoint::CallError;
use crate::pinpoint::bulk::{Progress, Report};
use crate::pinpoint::inapp::Loaded;
use crate::sandbox::store::Size;
use crate::store::StoreError;

/// How many of a bulk plan's errors are looked for and listed.
pub const PLAN_PROBLEMS: usize = 20;

/// A saved profile as the picker lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRow {
    pub name: String,
    pub user_id: Option<String>,
    pub channel: Option<String>,
    pub modified: String,
    /// Why the file does not parse, for broken profiles.
    pub broken: Option<String>,
}

/// The target the console is connected to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub target: String,
    pub application_id: String,
    pub url: String,
    pub read_only: bool,
    /// Where the preview's `aws pinpoint` line goes for this target.
    pub cli: CliContext,
}

/// Each segment's count of the endpoints stored in the sandbox's database.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SegmentSizes {
    /// The endpoints stored in the application.
    pub read: u64,
    /// By segment id.
    pub sizes: Vec<(String, Size)>,
}

/// A service call the console makes.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    /// GetEndpoint (what was stored before), UpdateEndpoint, then GetEndpoint to show what
    /// landed and what the write changed.
    Submit {
        endpoint_id: String,
        request: Box<EndpointRequest>,
    },
    Fetch {
        endpoint_id: String,
    },
    LookupUser {
        user_id: String,
    },
    DeleteEndpoint {
        endpoint_id: String,
    },
    DeleteUser {
        user_id: String,
    },
    GetApps,
    GetSegments,
    /// GetCampaigns, GetSegments, ListTemplates and the templates and segment versions the
    /// campaigns name: what the In-app view decides with.
    LoadInApp,
}

impl Call {
    /// The operation names, for the status line.
    pub fn label(&self) -> &'static str {
        match self {
            Call::Submit { .. } => "UpdateEndpoint",
            Call::Fetch { .. } => "GetEndpoint",
            Call::LookupUser { .. } => "GetUserEndpoints",
            Call::DeleteEndpoint { .. } => "DeleteEndpoint",
            Call::DeleteUser { .. } => "DeleteUserEndpoints",
            Call::GetApps => "GetApps",
            Call::GetSegments => "GetSegments",
            Call::LoadInApp => "GetCampaigns",
        }
    }
}

/// What a call returned.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a form by value; messages are few and short-lived
pub enum Reply {
    Submitted {
        /// The stored endpoint before the write (GetEndpoint), `None` when there was none
        /// (404: the write created it), or why it could not be read.
        before: Result<Option<EndpointResponse>, CallError>,
        landed: EndpointResponse,
    },
    /// UpdateEndpoint was accepted, but fetching the endpoint back failed.
    SubmittedUnconfirmed(CallError),
    Fetched(EndpointResponse),
    User(EndpointsResponse),
    Deleted(EndpointResponse),
    DeletedUser(EndpointsResponse),
    Apps(ApplicationsResponse),
    Segments(SegmentsResponse),
    InApp(Box<Loaded>),
}

/// The end of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallResult {
    pub id: u64,
    pub result: Result<Reply, CallError>,
    pub request_id: Option<String>,
    pub latency: Duration,
}

/// A message the update function handles.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a form by value; messages are few and short-lived
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The spinner's tick while a call is in flight.
    Tick,
    /// SIGTERM, SIGHUP or SIGINT (the signal's number): leave now.
    Terminate(i32),
    /// A task panicked (what it said): leave now, keeping the form in the draft.
    Failed(String),
    /// The draft could not be written (why).
    DraftFailed(String),
    /// The task writing the draft failed (why).
    DraftWriterFailed(String),
    Connected(Result<Connection, String>),
    CallDone(CallResult),
    Profiles(Result<Vec<ProfileRow>, StoreError>),
    ProfileLoaded {
        name: String,
        result: Result<UserInfo, StoreError>,
    },
    ProfileSaved {
        name: String,
        form: UserInfo,
        result: Result<(), StoreError>,
    },
    ProfileRemoved {
        name: String,
        result: Result<(), StoreError>,
    },
    ProfileRenamed {
        from: String,
        to: String,
        result: Result<(), StoreError>,
    },
    Copied(Result<(), String>),
    /// A bulk run's plan (`id` is the plan dialog's) and what is wrong with it, or why it
    /// cannot be made (the profile does not load, a template is wrong).
    BulkPlanned {
        id: u64,
        result: Result<(Plan, Review), String>,
    },
    /// The endpoints already stored that the plan would make INACTIVE, or why they could
    /// not be looked up.
    BulkStored {
        id: u64,
        result: Result<Vec<EndpointResponse>, String>,
    },
    BulkProgress(Progress),
    BulkDone(Report),
    /// The bulk run did not start (not connected).
    BulkRefused(String),
    /// The segments' counts of stored endpoints (`id` is the count asked for): none when the
    /// target is not the built-in sandbox, whose database is read.
    SegmentCounts {
        id: u64,
        result: Result<Option<SegmentSizes>, String>,
    },
}

/// Work the update function asks the event loop to do.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a form by value; messages are few and short-lived
pub enum Effect {
    /// Connect to a target (by name), optionally with another application.
    Connect {
        target: String,
        app: Option<String>,
    },
    Call {
        id: u64,
        call: Call,
    },
    Cancel {
        id: u64,
    },
    ListProfiles,
    LoadProfile {
        name: String,
    },
    SaveProfile {
        name: String,
        form: UserInfo,
        overwrite: bool,
    },
    RemoveProfile {
        name: String,
    },
    RenameProfile {
        from: String,
        to: String,
    },
    /// Copy text to the clipboard (OSC 52).
    Copy(String),
    /// Read a saved profile and make the plan of `count` endpoints from it, with its review
    /// (every item checked): `Msg::BulkPlanned`. Nothing is sent.
    PlanBulk {
        id: u64,
        profile: String,
        count: u64,
        /// As the `bulk` command takes them (ids default to the profile's, then `-{n}`).
        options: PlanOptions,
    },
    /// Look up the stored endpoints that the plan would make INACTIVE: `endpoint_id`
    /// (GetEndpoint) and the endpoints of `user_id` (GetUserEndpoints), kept when they have
    /// an address the plan writes and are not the plan's own: `Msg::BulkStored`.
    FindDisplaced {
        id: u64,
        endpoint_id: Option<String>,
        user_id: Option<String>,
        plan: Box<Plan>,
    },
    /// Send the plan's endpoints (UpdateEndpointsBatch), reporting progress.
    Bulk {
        plan: Box<Plan>,
    },
    /// Stop the bulk run: batches not yet started are not sent.
    CancelBulk,
    /// Count the endpoints each segment holds in the built-in sandbox's database, off the
    /// draw path: `Msg::SegmentCounts`.
    CountSegments {
        id: u64,
        segments: Vec<SegmentResponse>,
    },
}
