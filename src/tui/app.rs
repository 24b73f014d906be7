//! The console's state: the form and where the cursor is, the open dialog, the connection,
//! the call in flight and the status line. Changed only by `update`; drawn by `view`.

use std::cell::Cell;
use std::time::Instant;

use ratatui_textarea::TextArea;
use time::OffsetDateTime;

use crate::model::UserInfo;
use crate::model::bulk::{Plan, Review};
use crate::model::compare::WriteChange;
use crate::model::preview::{self, CliContext, PreviewFormat};
use crate::model::segment::{SegmentMatch, match_all};
use crate::model::validate::Problem;
use crate::model::wire::{EndpointResponse, InAppMessage, SegmentResponse};
use crate::pinpoint::bulk::{Progress, Report};
use crate::store::config::Config;
use crate::store::drafts::Draft;
use crate::store::paths::Paths;

use super::diff::{Difference, differences};
use super::form::{Field, FormState, Section};
use super::history::History;
use super::inapp::InAppState;
use super::keymap::Keymap;
use super::message::{Call, Connection, ProfileRow, SegmentSizes};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Sections,
    Form,
    Preview,
}

/// Which column of a list section the cursor is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    #[default]
    Names,
    Values,
}

/// Where the cursor is inside one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    /// The field (scalar sections) or the name (list sections).
    pub row: usize,
    /// The value of the selected name (attributes) .
    pub value_row: usize,
    pub column: Column,
}

/// What the open text editor writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    Field(Field),
    /// Renaming the name at this index (applied when the edit ends).
    Name {
        section: Section,
        index: usize,
    },
    /// A name being added (added when the edit ends, if not empty).
    NewName {
        section: Section,
    },
    /// One value of an attribute (applied as typed).
    Value {
        section: Section,
        index: usize,
        value: usize,
    },
    /// A metric's number (applied as typed, checked as typed).
    Metric {
        name: String,
    },
}

/// The single-line editor of the field being typed into.
pub struct Editor {
    pub target: EditTarget,
    pub input: TextArea<'static>,
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("target", &self.target)
            .field("text", &self.text())
            .finish()
    }
}

impl Editor {
    pub fn new(target: EditTarget, text: &str) -> Editor {
        let mut input = TextArea::new(vec![text.to_string()]);
        input.set_cursor_line_style(ratatui::style::Style::default());
        input.move_cursor(ratatui_textarea::CursorMove::End);
        Editor { target, input }
    }

    /// An editor of value `value` of row `index` of a list section, holding `text`.
    pub fn value(section: Section, index: usize, value: usize, text: &str) -> Editor {
        Editor::new(
            EditTarget::Value {
                section,
                index,
                value,
            },
            text,
        )
    }

    pub fn text(&self) -> String {
        self.input.lines().first().cloned().unwrap_or_default()
    }
}

/// What a confirmation dialog leads to when accepted.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a form by value; messages are few and short-lived
pub enum Pending {
    Quit,
    /// Replace the form (a profile, a fetched or pasted endpoint, a new form).
    Replace(Replacement),
    /// Fetch or load something that will replace the form.
    Start(Call),
    LoadProfile(String),
    /// Load a stored endpoint into the form and show its record (a user lookup's row).
    LoadStored(Box<StoredLoad>),
    DeleteEndpoint(String),
    DeleteUser(String),
    RemoveProfile(String),
    OverwriteProfile(String),
    /// Put back the unsaved form found in the draft file (it stays unsaved).
    RestoreDraft(Draft),
    /// Send the endpoints of a bulk plan (the plan is shown first).
    Bulk(Box<BulkPlan>),
}

impl Pending {
    /// True when going ahead deletes, overwrites, discards or writes something: only `y`
    /// confirms it, never enter (which a hand on its way elsewhere presses by mistake).
    pub fn destructive(&self) -> bool {
        match self {
            // The first five are asked only when the form has unsaved changes (or a bulk run
            // would stop): going ahead discards them.
            Pending::Quit
            | Pending::Replace(_)
            | Pending::Start(_)
            | Pending::LoadProfile(_)
            | Pending::LoadStored(_)
            | Pending::DeleteEndpoint(_)
            | Pending::DeleteUser(_)
            | Pending::RemoveProfile(_)
            | Pending::OverwriteProfile(_)
            | Pending::Bulk(_) => true,
            Pending::RestoreDraft(_) => false,
        }
    }

    /// What n and esc do, in a word.
    pub fn cancel_word(&self) -> &'static str {
        match self {
            // Back to the prompt, to change the count or the options.
            Pending::Bulk(_) => "back",
            _ => "cancel",
        }
    }
}

/// A bulk run being planned from the profile picker: what it will write, shown before it
/// asks. Filled in as the answers come (the plan and its review, then the endpoints already
/// stored that it would make INACTIVE).
#[derive(Debug, Clone, PartialEq)]
pub struct BulkPlan {
    /// Answers carry it; one for a dialog closed since is dropped.
    pub id: u64,
    pub profile: String,
    pub count: u64,
    /// What was typed in the prompt (esc goes back to it).
    pub text: String,
    pub planned: Planning,
    pub stored: Lookup,
}

/// The plan of a bulk run, as far as it is known.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // one at a time, inside the boxed `Pending::Bulk`
pub enum Planning {
    /// The profile is being read and every item checked.
    Waiting,
    Ready {
        plan: Plan,
        review: Review,
    },
    /// The profile could not be read or the plan made.
    Failed(String),
}

/// The endpoints already stored that a bulk run would make INACTIVE. Pinpoint cannot search
/// by address: the candidates are the profile's own endpoint and its user's endpoints.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// Not asked yet (the plan is not known, or it has errors).
    Unasked,
    /// The plan writes no address: nothing becomes INACTIVE.
    NotNeeded,
    Checking,
    Found(Vec<EndpointResponse>),
    Failed(String),
}

/// A form that is about to replace the one on screen, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    pub form: UserInfo,
    /// The profile it is, if it is one.
    pub profile: Option<String>,
    /// For the status line: "fetched qa-1", "pasted Amplify userInfo"...
    pub origin: String,
}

/// A stored endpoint about to replace the form, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredLoad {
    pub endpoint: EndpointResponse,
    /// For the status line: "endpoint `qa-1` of user `u-1`".
    pub origin: String,
}

/// What a text prompt asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    FetchId,
    UserId,
    SaveAs,
    Rename {
        from: String,
    },
    /// `COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]] [OPTIONS]` for a bulk run from a
    /// profile.
    Bulk {
        profile: String,
    },
    /// `NAME [K=V]... [K:=N]...`: an event to fire at the in-app messages.
    Event,
}

impl PromptKind {
    pub fn title(&self) -> String {
        match self {
            PromptKind::FetchId => "Fetch endpoint (GetEndpoint): endpoint id".into(),
            PromptKind::UserId => "Look up a user (GetUserEndpoints): user id".into(),
            PromptKind::SaveAs => "Save profile as".into(),
            PromptKind::Rename { from } => format!("Rename profile `{from}` to"),
            PromptKind::Bulk { profile } => format!("Bulk from `{profile}`"),
            PromptKind::Event => "Fire an in-app event (the app's dispatchEvent / record)".into(),
        }
    }

    /// What to type, when the title cannot say it all.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            PromptKind::Bulk { .. } => Some(
                "COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]] [--address T] [--start N] \
                 [--vary FIELD=VALUES]..., as the bulk command takes them; the ids default to \
                 the profile's, then -n",
            ),
            PromptKind::Event => Some(
                "NAME [K=V]... [K:=N]...: the event's name, then its attributes (item=gloves) \
                 and metrics (price:=12.5), quoted as in a shell. Nothing is sent: the console \
                 decides as the Amplify client does, on a device that has shown no message yet",
            ),
            _ => None,
        }
    }
}

/// What a picker lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerKind {
    Profiles,
    Targets,
    Apps,
    UserEndpoints {
        user_id: String,
    },
    /// The application's campaigns and the in-app templates.
    Campaigns,
}

/// One row of a picker: the key it stands for and the columns shown.
#[derive(Debug, Clone, PartialEq)]
pub struct PickerRow {
    pub key: String,
    pub columns: Vec<String>,
    /// Shown, but cannot be chosen (a broken profile), with why.
    pub broken: Option<String>,
}

/// A list to choose from, filtered as you type.
pub struct Picker {
    pub kind: PickerKind,
    pub header: Vec<String>,
    pub rows: Vec<PickerRow>,
    pub filter: TextArea<'static>,
    pub selected: usize,
    /// The endpoints of a user lookup, to load one into the form.
    pub endpoints: Vec<EndpointResponse>,
}

impl Picker {
    pub fn filter_text(&self) -> String {
        self.filter.lines().first().cloned().unwrap_or_default()
    }

    /// The rows that match the filter (every column, case-insensitive).
    pub fn visible(&self) -> Vec<&PickerRow> {
        let needle = self.filter_text().to_lowercase();
        self.rows
            .iter()
            .filter(|r| {
                needle.is_empty() || r.columns.iter().any(|c| c.to_lowercase().contains(&needle))
            })
            .collect()
    }

    pub fn current(&self) -> Option<&PickerRow> {
        self.visible().get(self.selected).copied()
    }

    /// Where the row standing for `key` is among the rows shown.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.visible().iter().position(|row| row.key == key)
    }
}

/// A question that `y` answers: what it says, and what answering it does.
pub struct Question {
    pub title: String,
    pub lines: Vec<String>,
    /// What `y` does ("delete").
    pub yes: String,
    pub pending: Pending,
    /// Why `y` does nothing yet (a lookup is running), if it does not.
    pub hold: Option<String>,
    /// Enter was pressed on a destructive question: the dialog says that `y` confirms.
    pub refused_enter: bool,
    pub scroll: u16,
}

/// The open dialog, drawn over the screen; it has the keyboard.
pub enum Dialog {
    Help {
        scroll: u16,
    },
    /// A question: `y` goes ahead, n or esc do not; enter too when it is not destructive.
    Confirm(Question),
    /// A message or a list of problems in full, wrapped and scrollable.
    Message {
        title: String,
        lines: Vec<String>,
        tone: Tone,
        scroll: u16,
    },
    Prompt {
        kind: PromptKind,
        input: TextArea<'static>,
        error: Option<String>,
    },
    Picker(Picker),
    /// A bulk run's progress gauge (esc cancels), then its summary.
    Bulk(BulkRun),
    /// An in-app message opened: drawn as the device shows it, or its JSON.
    Opened(Opened),
}

impl Dialog {
    /// A question that `y` answers.
    pub fn confirm(title: &str, lines: Vec<String>, yes: &str, pending: Pending) -> Dialog {
        Dialog::Confirm(Question {
            title: title.into(),
            lines,
            yes: yes.into(),
            pending,
            hold: None,
            refused_enter: false,
            scroll: 0,
        })
    }
}

/// A campaign's or template's message opened from the In-app view or the campaigns picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// What it is (`campaign spring-sale (3c9e…)`, `template gloves-modal, version 1`).
    pub title: String,
    /// The message, or why there is none (a template that does not exist).
    pub message: Result<InAppMessage, String>,
    /// The campaign or template as the service returned it.
    pub json: String,
    /// The JSON instead of the drawn message.
    pub show_json: bool,
    pub page: usize,
    pub scroll: u16,
}

impl Opened {
    /// How many pages its message has.
    pub fn pages(&self) -> usize {
        message_pages(&self.message)
    }
}

/// How many pages a message has: none where there is no message.
pub fn message_pages(message: &Result<InAppMessage, String>) -> usize {
    message
        .as_ref()
        .ok()
        .and_then(|m| m.content.as_ref())
        .map_or(0, Vec::len)
}

/// The colour of the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Warning,
    Error,
}

/// The status line: the last operation and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
    /// Several problems behind the text, one a line (the show-message key lists them).
    pub details: Option<Details>,
}

/// The problems behind a status, listed in full by the show-message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub title: String,
    pub lines: Vec<String>,
}

/// A call in flight.
#[derive(Debug, Clone, PartialEq)]
pub struct InFlight {
    pub id: u64,
    pub call: Call,
    pub started: Instant,
    /// The form when the call started (a fetch does not silently replace later edits).
    pub form_at_start: UserInfo,
}

/// The connection to the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Connecting { target: String },
    Connected(Connection),
    Failed { target: String, error: String },
}

impl Link {
    /// The name of the target connected to, or being or failed to be.
    pub fn target(&self) -> &str {
        match self {
            Link::Connecting { target } | Link::Failed { target, .. } => target,
            Link::Connected(c) => &c.target,
        }
    }
}

/// The stored record: the endpoint as GetEndpoint returned it (after a fetch, a load from a
/// user lookup or a submit) and where it differs from the form as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Landed {
    pub endpoint: EndpointResponse,
    /// Recomputed on every change to the form.
    pub differences: Vec<Difference>,
    pub source: Source,
}

impl Landed {
    /// The record as it came, compared with `form`.
    pub fn new(endpoint: EndpointResponse, source: Source, form: &UserInfo) -> Landed {
        let differences = differences(form, &UserInfo::from_endpoint_response(&endpoint));
        Landed {
            endpoint,
            differences,
            source,
        }
    }
}

/// How the stored record came.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Read: fetched by id, or loaded from a user lookup.
    Read,
    /// Fetched back after a submit, with what the write changed, or why that is not known
    /// (the GetEndpoint before it failed).
    Write(Result<WriteChange, String>),
}

/// What the preview pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewMode {
    Format(PreviewFormat),
    /// The application's segments, each with whether the form falls into it.
    Segments,
    /// The in-app campaigns, each with whether the form gets it, and the messages.
    InApp,
    /// The stored record (what landed, after a submit), when there is one.
    Landed,
}

impl PreviewMode {
    /// The name the status line gives the preview.
    pub fn name(self) -> &'static str {
        match self {
            PreviewMode::Format(f) => f.name(),
            PreviewMode::Segments => "segments",
            PreviewMode::InApp => "in-app",
            PreviewMode::Landed => "landed",
        }
    }
}

/// Where the console's time comes from: the clock, or a fixed instant (tests, so that
/// schedules decide the same way every time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(OffsetDateTime),
}

/// A bulk run started from the profile picker.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkRun {
    pub profile: String,
    pub progress: Progress,
    /// Set once the run has ended.
    pub report: Option<Report>,
    pub cancelling: bool,
}

/// The furthest a scrolling text can go before its last row reaches the bottom. Only the
/// view knows the layout, so each frame records it here and the keys stop there; `u16::MAX`
/// until a frame has been drawn.
#[derive(Debug)]
pub struct ScrollLimits {
    pub help: Cell<u16>,
    pub preview: Cell<u16>,
    /// The open question or message.
    pub dialog: Cell<u16>,
}

impl Default for ScrollLimits {
    fn default() -> Self {
        ScrollLimits {
            help: Cell::new(u16::MAX),
            preview: Cell::new(u16::MAX),
            dialog: Cell::new(u16::MAX),
        }
    }
}

/// The Segments view's counts of the endpoints each segment holds in the built-in sandbox's
/// database (decided as `segments count` decides), counted in the background.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentCounts {
    /// The count asked for last: a reply to another is stale.
    pub asked: Option<u64>,
    pub counted: Counted,
}

/// What is known of the counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Counted {
    /// Not counted yet.
    #[default]
    Nothing,
    /// The target is not the built-in sandbox: no database to count in.
    NotAvailable,
    /// The counts of the last count (kept while a new one is under way).
    Sizes(SegmentSizes),
}

/// The whole state.
pub struct App {
    pub form: FormState,
    /// The form as last loaded or saved; unsaved changes are the difference.
    pub baseline: UserInfo,
    pub profile: Option<String>,
    /// Where the form came from when it is not a profile ("fetched qa-1").
    pub origin: Option<String>,
    pub focus: Focus,
    pub section: Section,
    pub cursors: [Cursor; 6],
    pub editor: Option<Editor>,
    /// The form's undo history (kept across fields and dialogs).
    pub history: History,
    /// Letters typed on a choice field one after another, to find its value by name.
    pub choice_typed: Option<(Field, String)>,
    pub preview: PreviewMode,
    pub preview_scroll: u16,
    /// How far the help and the preview can scroll, as the last frame drew them.
    pub scroll_limits: ScrollLimits,
    pub landed: Option<Landed>,
    pub dialog: Option<Dialog>,
    /// The dialog the quit question covers, put back if the answer is no.
    pub stashed_dialog: Option<Dialog>,
    pub status: Status,
    pub busy: Option<InFlight>,
    pub spinner: usize,
    pub link: Link,
    pub config: Config,
    pub paths: Paths,
    pub keymap: Keymap,
    /// Problems with the configuration or key overrides, shown until dismissed.
    pub notices: Vec<String>,
    pub profiles: Vec<ProfileRow>,
    pub size: (u16, u16),
    pub should_quit: bool,
    /// Quitting because of this signal (SIGTERM, SIGHUP, SIGINT): the draft is kept.
    pub terminated: Option<i32>,
    /// Quitting because a task panicked (what it said): the draft is kept.
    pub failed: Option<String>,
    next_id: u64,
    /// Validation of the current form (recomputed after every change).
    pub problems: Vec<Problem>,
    /// The application's segments, once fetched.
    pub segments: Option<Vec<SegmentResponse>>,
    /// Every segment's answer for the current form (recomputed after every change).
    pub segment_results: Vec<SegmentMatch>,
    pub segment_selected: usize,
    /// Each segment's count of stored endpoints, beside its answer.
    pub segment_counts: SegmentCounts,
    /// The In-app view: campaigns, their answers for the form, the event fired.
    pub inapp: InAppState,
    pub clock: Clock,
    /// The terminal draws 24-bit colour (else messages use the 16 standard colours).
    pub true_color: bool,
}

impl App {
    pub fn new(config: Config, paths: Paths, keymap: Keymap, target: String) -> App {
        let form = FormState::default();
        let problems = form.problems();
        App {
            baseline: form.info.clone(),
            form,
            profile: None,
            origin: None,
            focus: Focus::Form,
            section: Section::Identity,
            cursors: [Cursor::default(); 6],
            editor: None,
            history: History::default(),
            choice_typed: None,
            preview: PreviewMode::Format(PreviewFormat::Pinpoint),
            preview_scroll: 0,
            scroll_limits: ScrollLimits::default(),
            landed: None,
            dialog: None,
            stashed_dialog: None,
            status: Status {
                text: format!("connecting to {target}…"),
                tone: Tone::Info,
                details: None,
            },
            busy: None,
            spinner: 0,
            link: Link::Connecting { target },
            config,
            paths,
            keymap,
            notices: Vec::new(),
            profiles: Vec::new(),
            size: (120, 40),
            should_quit: false,
            terminated: None,
            failed: None,
            next_id: 1,
            problems,
            segments: None,
            segment_results: Vec::new(),
            segment_selected: 0,
            segment_counts: SegmentCounts::default(),
            inapp: InAppState::default(),
            clock: Clock::System,
            true_color: false,
        }
    }

    /// The time the decisions are made at.
    pub fn now(&self) -> OffsetDateTime {
        match self.clock {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(at) => at,
        }
    }

    /// A campaign's message as the In-app view draws it: what the form's device receives,
    /// else the campaign's own; or why there is none.
    pub fn inapp_message(&self, campaign_id: &str) -> Result<InAppMessage, String> {
        self.inapp
            .message_of(campaign_id, self.segment_list(), self.now())
    }

    /// The application's segments, or none yet.
    pub fn segment_list(&self) -> &[SegmentResponse] {
        self.segments.as_deref().unwrap_or_default()
    }

    /// A fresh call id.
    pub fn next_call_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// True when the form differs from what was last loaded or saved.
    pub fn dirty(&self) -> bool {
        self.form.info != self.baseline || !self.form.drafts.is_empty()
    }

    pub fn cursor(&self) -> Cursor {
        self.cursors[self.section_index()]
    }

    pub fn cursor_mut(&mut self) -> &mut Cursor {
        let i = self.section_index();
        &mut self.cursors[i]
    }

    pub fn section_index(&self) -> usize {
        Section::ALL
            .iter()
            .position(|s| *s == self.section)
            .unwrap_or(0)
    }

    /// The scalar field under the cursor, in a scalar section.
    pub fn current_field(&self) -> Option<Field> {
        self.section.fields().get(self.cursor().row).copied()
    }

    /// True while a text field has the keyboard (printable keys are text then).
    pub fn typing(&self) -> bool {
        matches!(
            &self.dialog,
            Some(Dialog::Prompt { .. } | Dialog::Picker(_))
        ) || (self.dialog.is_none() && self.editor.is_some())
    }

    pub fn connection(&self) -> Option<&Connection> {
        match &self.link {
            Link::Connected(c) => Some(c),
            _ => None,
        }
    }

    pub fn read_only(&self) -> bool {
        self.connection().is_some_and(|c| c.read_only)
    }

    /// Where an `aws pinpoint` line for the current target would go.
    pub fn cli_context(&self) -> CliContext {
        self.connection().map(|c| c.cli.clone()).unwrap_or_default()
    }

    /// The text of the preview pane, computed here only: the pane draws it, the copy key
    /// copies it, and a jump to a member finds its line in it.
    pub fn preview_text(&self) -> String {
        match (self.preview, &self.landed) {
            (PreviewMode::Landed, Some(landed)) => {
                serde_json::to_string_pretty(&landed.endpoint).expect("wire types always serialize")
            }
            (PreviewMode::Format(format), _) => preview::render_unparsed(
                &self.form.info,
                format,
                &self.cli_context(),
                &self.form.unparsed_metrics(),
            ),
            (PreviewMode::Segments, _) => serde_json::to_string_pretty(&self.segment_results)
                .expect("segment results always serialize"),
            (PreviewMode::InApp, _) => serde_json::to_string_pretty(
                &self.inapp.json(self.form.info.endpoint_id.as_deref()),
            )
            .expect("in-app results always serialize"),
            (PreviewMode::Landed, None) => preview::pinpoint_json(&self.form.info),
        }
    }

    pub fn set_status(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            tone,
            details: None,
        };
    }

    /// The configuration problems, for the show-message key.
    pub fn notice_details(&self) -> Details {
        Details {
            title: "Configuration problems".into(),
            lines: self.notices.clone(),
        }
    }

    /// A status with the problems behind it, each of which the show-message key lists.
    pub fn set_status_details(&mut self, tone: Tone, text: impl Into<String>, details: Details) {
        self.status = Status {
            text: text.into(),
            tone,
            details: Some(details),
        };
    }

    /// Recomputes what depends on the form (call after every change to it), and notes the
    /// change in the undo history.
    pub fn form_changed(&mut self) {
        self.form_changed_by(None);
    }

    /// As [`App::form_changed`], for a change typed into the field `target`: a run of
    /// typing in one field is one undo step.
    pub fn form_typed(&mut self, target: EditTarget) {
        self.form_changed_by(Some(target));
    }

    fn form_changed_by(&mut self, typing: Option<EditTarget>) {
        self.history
            .record(&self.form, self.section, self.cursor(), typing);
        self.problems = self.form.problems();
        if let Some(segments) = &self.segments {
            self.segment_results = match_all(segments, &self.form.info);
        }
        let now = self.now();
        let segments = self.segments.as_deref().unwrap_or_default();
        self.inapp.decide(&self.form.info, segments, now);
        if let Some(landed) = &mut self.landed {
            let stored = UserInfo::from_endpoint_response(&landed.endpoint);
            landed.differences = differences(&self.form.info, &stored);
        }
    }

    /// Shows a stored record in the preview, compared with the form.
    pub fn show_stored(&mut self, endpoint: EndpointResponse, source: Source) {
        self.landed = Some(Landed::new(endpoint, source, &self.form.info));
        self.preview = PreviewMode::Landed;
        self.preview_scroll = 0;
    }

    /// Takes the application's segments and evaluates them against the form.
    pub fn set_segments(&mut self, segments: Option<Vec<SegmentResponse>>) {
        self.segments = segments;
        self.segment_results.clear();
        self.segment_selected = 0;
        self.form_changed();
    }

    /// Replaces the form, clean.
    pub fn replace_form(&mut self, replacement: Replacement) {
        self.form = FormState::new(replacement.form);
        self.history = History::new(&self.form);
        self.baseline = self.form.info.clone();
        self.profile = replacement.profile;
        self.origin = (!replacement.origin.is_empty()).then_some(replacement.origin);
        self.editor = None;
        self.cursors = [Cursor::default(); 6];
        self.landed = None;
        if self.preview == PreviewMode::Landed {
            self.preview = PreviewMode::Format(PreviewFormat::Pinpoint);
        }
        self.form_changed();
    }
}
