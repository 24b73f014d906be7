//! The console's actions and their keys: defaults that every terminal sends (function keys
//! and a few control keys that clash with neither tmux, shells nor text editing), patched by
//! `[keys]` in config.toml. A bad override is reported, and the default stays.
//!
//! Most actions work anywhere, also while typing, so their keys may not type text. A few
//! work only in a view that is never typed into (the In-app view of the preview pane and an
//! opened in-app message): those may be plain letters.
//!
//! Every other key of a pane or dialog (moving, scrolling, choosing, answering, closing) is
//! an action too, resolved with the [`Context`] of where the keyboard is: `update` sees
//! actions, never key codes, except for typing (text, a value list's letters, a filter).

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use indexmap::IndexMap;

/// Everything a key can ask the console to do, wherever the focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    Quit,
    Submit,
    Fetch,
    LookupUser,
    Delete,
    Save,
    SaveAs,
    Profiles,
    Targets,
    Apps,
    NewForm,
    CyclePreview,
    CopyPreview,
    FocusNext,
    FocusPrev,
    Cancel,
    ShowMessage,
    FireEvent,
    Campaigns,
    Reload,
    OpenMessage,
    SwitchView,
    NextPage,
    PrevPage,
    Undo,
    Redo,
    ClearField,
    AddEntry,
    RemoveEntry,
    // The keys of the panes and dialogs, each resolved only where it works (see [`Context`]).
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Section1,
    Section2,
    Section3,
    Section4,
    Section5,
    Section6,
    EditSection,
    PaneQuit,
    PaneHelp,
    Back,
    NextField,
    NextChoice,
    PrevChoice,
    UnsetChoice,
    EditRow,
    EditDone,
    NamesColumn,
    ValuesColumn,
    MoveValueUp,
    MoveValueDown,
    Ok,
    Close,
    Yes,
    No,
    RemoveSelected,
    RenameProfile,
    BulkFromProfile,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Action; 30] = [
        Action::Submit,
        Action::Fetch,
        Action::LookupUser,
        Action::Delete,
        Action::Save,
        Action::SaveAs,
        Action::Profiles,
        Action::Targets,
        Action::Apps,
        Action::NewForm,
        Action::CyclePreview,
        Action::CopyPreview,
        Action::Undo,
        Action::Redo,
        Action::ClearField,
        Action::AddEntry,
        Action::RemoveEntry,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Cancel,
        Action::ShowMessage,
        Action::FireEvent,
        Action::Campaigns,
        Action::Help,
        Action::Quit,
        Action::Reload,
        Action::OpenMessage,
        Action::SwitchView,
        Action::NextPage,
        Action::PrevPage,
    ];

    /// The keys of the panes and dialogs, in the order help and README list them.
    pub const PANE: [Action; 33] = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Section1,
        Action::Section2,
        Action::Section3,
        Action::Section4,
        Action::Section5,
        Action::Section6,
        Action::EditSection,
        Action::PaneQuit,
        Action::PaneHelp,
        Action::Back,
        Action::NextField,
        Action::NextChoice,
        Action::PrevChoice,
        Action::UnsetChoice,
        Action::EditRow,
        Action::EditDone,
        Action::NamesColumn,
        Action::ValuesColumn,
        Action::MoveValueUp,
        Action::MoveValueDown,
        Action::Ok,
        Action::Close,
        Action::Yes,
        Action::No,
        Action::RemoveSelected,
        Action::RenameProfile,
        Action::BulkFromProfile,
    ];

    /// The section list's keys, one a section, in the list's order.
    pub const SECTIONS: [Action; 6] = [
        Action::Section1,
        Action::Section2,
        Action::Section3,
        Action::Section4,
        Action::Section5,
        Action::Section6,
    ];

    /// The action's name in config.toml's `[keys]`, what it does (for help, README and the
    /// key bar) and its default keys: the one list of every key.
    fn spec(self) -> (&'static str, &'static str, &'static [&'static str]) {
        match self {
            Action::Help => ("help", "help", &["f1"]),
            Action::Quit => ("quit", "quit", &["ctrl+c"]),
            Action::Submit => ("submit", "submit (UpdateEndpoint)", &["f5", "alt+enter"]),
            Action::Fetch => ("fetch", "fetch an endpoint by id", &["ctrl+g", "f4"]),
            Action::LookupUser => (
                "lookup_user",
                "look up a user's endpoints",
                &["ctrl+l", "f6"],
            ),
            Action::Delete => ("delete", "delete the endpoint", &["ctrl+x", "f8"]),
            Action::Save => ("save", "save profile", &["ctrl+s"]),
            Action::SaveAs => ("save_as", "save profile as", &["f2"]),
            Action::Profiles => ("profiles", "profiles", &["ctrl+o", "f3"]),
            Action::Targets => ("targets", "switch target", &["ctrl+t", "f9"]),
            Action::Apps => ("apps", "switch application", &["f10"]),
            Action::NewForm => ("new_form", "new empty form", &["ctrl+n"]),
            Action::CyclePreview => ("cycle_preview", "cycle preview", &["ctrl+p", "f7"]),
            Action::CopyPreview => ("copy_preview", "copy preview", &["ctrl+y", "f12"]),
            Action::FocusNext => ("focus_next", "next pane", &["tab"]),
            Action::FocusPrev => ("focus_prev", "previous pane", &["backtab"]),
            Action::Cancel => ("cancel", "cancel the call", &["esc"]),
            Action::ShowMessage => (
                "show_message",
                "show the last message, or every problem, in full",
                &["ctrl+v", "alt+m"],
            ),
            Action::FireEvent => (
                "fire_event",
                "fire an in-app event: which message would the app display",
                &["ctrl+e", "alt+e"],
            ),
            Action::Campaigns => (
                "campaigns",
                "list the campaigns and in-app templates",
                &["ctrl+f", "alt+c"],
            ),
            Action::Reload => (
                "reload",
                "reload the segments, or the campaigns and templates",
                &["r"],
            ),
            Action::OpenMessage => (
                "open_message",
                "open the selected campaign's message",
                &["enter"],
            ),
            Action::SwitchView => (
                "switch_view",
                "reasons or drawn message; opened: drawn or JSON",
                &["m"],
            ),
            Action::NextPage => ("next_page", "next page of a carousel", &["right"]),
            Action::PrevPage => ("prev_page", "previous page of a carousel", &["left"]),
            Action::Undo => ("undo", "undo the last change to the form", &["ctrl+z"]),
            Action::Redo => ("redo", "redo what undo took back", &["ctrl+r"]),
            Action::ClearField => (
                "clear_field",
                "clear the field up to the cursor (all of it at its end)",
                &["ctrl+u"],
            ),
            Action::AddEntry => (
                "add_entry",
                "add a name or a value to a list",
                &["insert", "alt+a"],
            ),
            Action::RemoveEntry => (
                "remove_entry",
                "remove the list's name or value",
                &["delete"],
            ),
            Action::Up => (
                "up",
                "previous row, field or section; scroll up",
                &["up", "k"],
            ),
            Action::Down => (
                "down",
                "next row, field or section; scroll down",
                &["down", "j"],
            ),
            Action::PageUp => (
                "page_up",
                "a page up: in a picker, help, the preview, under a list of segments or campaigns",
                &["pageup"],
            ),
            Action::PageDown => (
                "page_down",
                "a page down: in a picker, help, the preview, under a list of segments or campaigns",
                &["pagedown"],
            ),
            Action::Top => (
                "top",
                "to the top of the preview, help or a message",
                &["home", "g"],
            ),
            Action::Bottom => (
                "bottom",
                "to the end of the preview, help or a message",
                &["end", "G"],
            ),
            Action::Section1 => ("section_1", "section list: Identity", &["1"]),
            Action::Section2 => ("section_2", "section list: Attributes", &["2"]),
            Action::Section3 => ("section_3", "section list: Demographic", &["3"]),
            Action::Section4 => ("section_4", "section list: Location", &["4"]),
            Action::Section5 => ("section_5", "section list: Metrics", &["5"]),
            Action::Section6 => ("section_6", "section list: User attributes", &["6"]),
            Action::EditSection => (
                "edit_section",
                "section list: edit the section from its first field",
                &["enter", "right", "l"],
            ),
            Action::PaneQuit => (
                "pane_quit",
                "quit (in the section list and the preview)",
                &["q"],
            ),
            Action::PaneHelp => (
                "pane_help",
                "help (in the section list and the preview)",
                &["?"],
            ),
            Action::Back => (
                "back",
                "back: from the form to the section list, from the preview to the form",
                &["esc"],
            ),
            Action::NextField => ("next_field", "form: next field", &["enter"]),
            Action::NextChoice => ("next_choice", "value list: next value", &["right", "space"]),
            Action::PrevChoice => ("prev_choice", "value list: previous value", &["left"]),
            Action::UnsetChoice => (
                "unset_choice",
                "value list: unset",
                &["delete", "backspace"],
            ),
            Action::EditRow => ("edit_row", "list: edit the name or value", &["enter"]),
            Action::EditDone => (
                "edit_done",
                "list: end the edit of a name or value",
                &["enter", "esc"],
            ),
            Action::NamesColumn => ("names_column", "list: names column", &["left"]),
            Action::ValuesColumn => ("values_column", "list: values column", &["right"]),
            Action::MoveValueUp => ("move_value_up", "list: move a value up", &["alt+up"]),
            Action::MoveValueDown => ("move_value_down", "list: move a value down", &["alt+down"]),
            Action::Ok => (
                "ok",
                "answer a prompt or a question that writes nothing, choose in a picker, close help",
                &["enter"],
            ),
            Action::Close => (
                "close",
                "close help, a message, an opened message, a prompt or a picker",
                &["esc", "q"],
            ),
            Action::Yes => ("yes", "question: go ahead", &["y"]),
            Action::No => ("no", "question: do not", &["n", "esc"]),
            Action::RemoveSelected => (
                "remove_selected",
                "profiles: remove one; a user's endpoints: delete one",
                &["delete"],
            ),
            Action::RenameProfile => ("rename_profile", "profiles: rename one", &["f2"]),
            Action::BulkFromProfile => (
                "bulk_from_profile",
                "profiles: create many endpoints from one",
                &["f6"],
            ),
        }
    }

    /// The key bar's word for the action, and its shorter form for narrow terminals. Where
    /// what a key does depends on the place (what up and down move, what ok answers, where
    /// back goes), the key bar names it for the place instead.
    pub fn word(self) -> (&'static str, &'static str) {
        match self {
            Action::Submit => ("submit", "submit"),
            Action::Help | Action::PaneHelp => ("help", "help"),
            Action::Quit | Action::PaneQuit => ("quit", "quit"),
            Action::Fetch => ("fetch", "fetch"),
            Action::LookupUser => ("user", "user"),
            Action::Delete => ("delete", "delete"),
            Action::Save => ("save", "save"),
            Action::SaveAs => ("save as", "save as"),
            Action::Profiles => ("profiles", "profiles"),
            Action::Targets => ("target", "target"),
            Action::Apps => ("application", "app"),
            Action::NewForm => ("new form", "new"),
            Action::CyclePreview => ("preview", "preview"),
            Action::CopyPreview => ("copy", "copy"),
            Action::FocusNext => ("next pane", "pane"),
            Action::FocusPrev => ("previous pane", "pane"),
            Action::Cancel => ("cancel", "cancel"),
            Action::ShowMessage => ("full message", "more"),
            Action::FireEvent => ("fire event", "fire event"),
            Action::Campaigns => ("campaigns", "campaigns"),
            Action::Reload => ("reload", "reload"),
            Action::OpenMessage => ("open", "open"),
            Action::SwitchView => ("switch view", "switch"),
            Action::NextPage | Action::PrevPage => ("page", "page"),
            Action::Undo => ("undo", "undo"),
            Action::Redo => ("redo", "redo"),
            Action::ClearField => ("clear", "clear"),
            Action::AddEntry => ("add", "add"),
            Action::RemoveEntry | Action::RemoveSelected => ("remove", "rm"),
            Action::Up | Action::Down => ("move", ""),
            Action::PageUp | Action::PageDown => ("scroll", "scroll"),
            Action::Top => ("top", "top"),
            Action::Bottom => ("end", "end"),
            Action::Section1
            | Action::Section2
            | Action::Section3
            | Action::Section4
            | Action::Section5
            | Action::Section6 => ("section", ""),
            Action::EditSection | Action::EditRow => ("edit", "edit"),
            Action::Back => ("back", "back"),
            Action::NextField => ("field", ""),
            Action::NextChoice | Action::PrevChoice => ("choose", "pick"),
            Action::UnsetChoice => ("unset", "unset"),
            Action::EditDone => ("done", "done"),
            Action::NamesColumn | Action::ValuesColumn => ("names/values", "column"),
            Action::MoveValueUp | Action::MoveValueDown => ("reorder", "order"),
            Action::Ok => ("ok", "ok"),
            Action::Close => ("close", "close"),
            Action::Yes => ("yes", "yes"),
            Action::No => ("no", "no"),
            Action::RenameProfile => ("rename", "mv"),
            Action::BulkFromProfile => ("bulk", "bulk"),
        }
    }

    /// The name used in config.toml's `[keys]`.
    pub fn name(self) -> &'static str {
        self.spec().0
    }

    /// What the action does, for help and the key bar.
    pub fn describe(self) -> &'static str {
        self.spec().1
    }

    /// True for actions that work only in a view that is never typed into (the Segments
    /// and In-app views of the preview pane, an opened message): their keys may be letters.
    pub fn in_view(self) -> bool {
        matches!(
            self,
            Action::Reload
                | Action::OpenMessage
                | Action::SwitchView
                | Action::NextPage
                | Action::PrevPage
        )
    }

    /// True for the keys of one pane or dialog, resolved with [`Keymap::resolve`] only
    /// where they work; the others (actions) work anywhere and are resolved first.
    pub fn in_pane(self) -> bool {
        Action::PANE.contains(&self)
    }

    /// The actions that work anywhere, then the keys of the panes and dialogs.
    pub fn every() -> impl Iterator<Item = Action> {
        Action::ALL.into_iter().chain(Action::PANE)
    }

    /// True for the keys that move or scroll in every list and text that scrolls, and close
    /// a dialog: where letters are typed (a field, a list, a prompt, a picker's filter) their
    /// printable keys are left to the typing.
    pub fn shared(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
                | Action::Close
        )
    }

    /// True for actions whose keys may type text: those of the views never typed into,
    /// the shared moves (left to the typing where letters are typed), the section list's,
    /// a question's and a value list's (whose letters otherwise jump to a value).
    pub fn may_be_text(self) -> bool {
        self.in_view()
            || self.shared()
            || matches!(
                self,
                Action::Section1
                    | Action::Section2
                    | Action::Section3
                    | Action::Section4
                    | Action::Section5
                    | Action::Section6
                    | Action::EditSection
                    | Action::PaneQuit
                    | Action::PaneHelp
                    | Action::Yes
                    | Action::No
                    | Action::NextChoice
                    | Action::PrevChoice
                    | Action::UnsetChoice
            )
    }

    /// True for actions that change the service (refused on read-only targets).
    pub fn writes(self) -> bool {
        matches!(self, Action::Submit | Action::Delete)
    }

    fn defaults(self) -> &'static [&'static str] {
        self.spec().2
    }
}

/// Where the keyboard is: the pane (and what it shows) or the dialog on top. Each resolves
/// its own keys, in order, after the actions that work anywhere (a dialog's keys before them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Sections,
    /// The preview pane showing text (a request, the CLI line, what landed).
    Preview,
    Segments,
    InApp,
    /// A text or number field of the form, typed into.
    Field,
    /// A field with a fixed list of values.
    Choice,
    List,
    /// A list's name or value being typed.
    ListEditor,
    Help,
    Message,
    Confirm,
    Prompt,
    Picker,
    Opened,
    Bulk,
}

impl Context {
    pub const ALL: [Context; 15] = [
        Context::Sections,
        Context::Preview,
        Context::Segments,
        Context::InApp,
        Context::Field,
        Context::Choice,
        Context::List,
        Context::ListEditor,
        Context::Help,
        Context::Message,
        Context::Confirm,
        Context::Prompt,
        Context::Picker,
        Context::Opened,
        Context::Bulk,
    ];

    /// The actions resolved here, the first bound to a key winning. A dialog's list holds
    /// the actions that work anywhere it answers to (help, show message, cancel, delete).
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Context::Sections => &[
                PaneHelp,
                PaneQuit,
                Up,
                Down,
                Section1,
                Section2,
                Section3,
                Section4,
                Section5,
                Section6,
                EditSection,
            ],
            Context::Preview => &[
                PaneHelp, PaneQuit, Back, Up, Down, PageUp, PageDown, Top, Bottom,
            ],
            Context::Segments | Context::InApp => {
                &[PaneHelp, PaneQuit, Back, Up, Down, PageUp, PageDown]
            }
            Context::Field => &[Up, Down, NextField, Back],
            Context::Choice => &[
                Up,
                Down,
                NextField,
                Back,
                NextChoice,
                PrevChoice,
                UnsetChoice,
            ],
            Context::List => &[
                MoveValueUp,
                MoveValueDown,
                Up,
                Down,
                NamesColumn,
                ValuesColumn,
                EditRow,
                Back,
            ],
            Context::ListEditor => &[EditDone, Up, Down],
            Context::Help => &[
                Up, Down, PageUp, PageDown, Top, Bottom, Close, PaneHelp, Help, Ok,
            ],
            Context::Message => &[
                Up,
                Down,
                PageUp,
                PageDown,
                Top,
                Bottom,
                Close,
                Ok,
                ShowMessage,
            ],
            Context::Confirm => &[Yes, Ok, No, Up, Down, PageUp, PageDown, Top, Bottom],
            Context::Prompt => &[Ok, Close],
            Context::Picker => &[
                Delete,
                Close,
                Up,
                Down,
                PageUp,
                PageDown,
                Ok,
                RemoveSelected,
                RenameProfile,
                BulkFromProfile,
            ],
            Context::Opened => &[
                NextPage, PrevPage, SwitchView, Up, Down, PageUp, PageDown, Top, Bottom, Close,
            ],
            Context::Bulk => &[Ok, Cancel, ShowMessage],
        }
    }

    /// True where printable keys are typed (or, on a value list, jump to a value): the
    /// shared moves do not take them there.
    pub fn typed(self) -> bool {
        matches!(
            self,
            Context::Field
                | Context::Choice
                | Context::List
                | Context::ListEditor
                | Context::Prompt
                | Context::Picker
        )
    }
}

/// One key with its modifiers, comparable with crossterm's events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// The key of an event, normalised: Shift is dropped from characters (the character
    /// already says it), and Shift+Tab is BackTab.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = event.code;
        if let KeyCode::Char(c) = code {
            modifiers.remove(KeyModifiers::SHIFT);
            if modifiers.contains(KeyModifiers::CONTROL) {
                code = KeyCode::Char(c.to_ascii_lowercase());
            }
        }
        if code == KeyCode::BackTab {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key { code, modifiers }
    }

    /// Parses `ctrl+s`, `f5`, `alt+enter`, `shift+up`, `q`, `?`...
    pub fn parse(text: &str) -> Result<Key, String> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.is_empty() {
            return Err("an empty key".into());
        }
        let mut parts: Vec<&str> = lower.split('+').collect();
        // A literal "+" (or "ctrl++").
        if lower.ends_with("++") || lower == "+" {
            parts.retain(|p| !p.is_empty());
            parts.push("+");
        }
        let name = parts
            .pop()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| format!("`{text}` names no key"))?;
        let mut modifiers = KeyModifiers::NONE;
        for m in parts {
            modifiers |= match m {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" | "option" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                other => return Err(format!("`{other}` in `{text}` is not ctrl, alt or shift")),
            };
        }
        let code = match name {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            f if f.starts_with('f')
                && f.len() > 1
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..]
                    .parse()
                    .map_err(|_| format!("`{text}` is not a key"))?;
                if !(1..=24).contains(&n) {
                    return Err(format!("`{text}`: function keys go from f1 to f24"));
                }
                KeyCode::F(n)
            }
            single if single.chars().count() == 1 => {
                // Use the original spelling for the character (so `?` or `Q` stay as typed).
                let original = text.trim().chars().last().unwrap_or_default();
                KeyCode::Char(if modifiers.is_empty() {
                    original
                } else {
                    original.to_ascii_lowercase()
                })
            }
            _ => return Err(format!("`{text}` is not a key")),
        };
        if code == KeyCode::Tab && modifiers == KeyModifiers::SHIFT {
            return Ok(Key {
                code: KeyCode::BackTab,
                modifiers: KeyModifiers::NONE,
            });
        }
        Ok(Key { code, modifiers })
    }

    /// True for a key that types text into a field (a character without ctrl or alt).
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl+")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt+")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("shift+")?;
        }
        match self.code {
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift+tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("del"),
            KeyCode::Insert => f.write_str("ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Actions and their keys.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: IndexMap<Action, Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = Action::every()
            .map(|a| {
                let keys = a
                    .defaults()
                    .iter()
                    .map(|k| Key::parse(k).expect("default keys parse"))
                    .collect();
                (a, keys)
            })
            .collect();
        Keymap { bindings }
    }
}

/// A line of `[keys]` that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyConfigError(pub String);

impl Keymap {
    /// The defaults patched by config overrides (`action = "key"` or `"key1, key2"`).
    /// Overrides that cannot be used are returned, and the action keeps its default.
    pub fn with_overrides(overrides: &IndexMap<String, String>) -> (Keymap, Vec<KeyConfigError>) {
        let mut map = Keymap::default();
        let mut errors = Vec::new();
        let mut overridden: Vec<Action> = Vec::new();
        for (name, keys) in overrides {
            let Some(action) = Action::every().find(|a| a.name() == name) else {
                let known: Vec<&str> = Action::every().map(|a| a.name()).collect();
                errors.push(KeyConfigError(format!(
                    "[keys] `{name}` is not an action (known: {})",
                    known.join(", ")
                )));
                continue;
            };
            let parsed: Result<Vec<Key>, String> = keys.split(',').map(Key::parse).collect();
            match parsed {
                Ok(parsed) => {
                    if let Some(k) = parsed.iter().find(|k| k.is_text() && !action.may_be_text()) {
                        errors.push(KeyConfigError(format!(
                            "[keys] {name} = \"{keys}\": `{k}` types text into fields; use a function key or ctrl/alt"
                        )));
                        continue;
                    }
                    map.bindings.insert(action, parsed);
                    overridden.push(action);
                }
                Err(e) => errors.push(KeyConfigError(format!("[keys] {name} = \"{keys}\": {e}"))),
            }
        }
        // A key an override takes is taken from the defaults of the actions of its kind it
        // would clash with: the override wins, quietly (that is what the user asked for).
        // A pane key never takes one from an action that works anywhere: that is reported.
        let taken: Vec<(Action, Key)> = overridden
            .iter()
            .flat_map(|a| map.keys(*a).iter().map(|k| (*a, *k)).collect::<Vec<_>>())
            .collect();
        for (action, keys) in map.bindings.iter_mut() {
            if !overridden.contains(action) {
                keys.retain(|k| {
                    !taken.iter().any(|(other, taken)| {
                        taken == k
                            && action.in_pane() == other.in_pane()
                            && Keymap::rivals(*action, *other)
                    })
                });
            }
        }
        // ctrl+c stays a way out: quit keeps it beside the keys it is given, unless another
        // action took it; quit left with no key at all is reported.
        let ctrl_c = Key::parse("ctrl+c").expect("ctrl+c parses");
        if !map.bindings.values().any(|keys| keys.contains(&ctrl_c)) {
            map.bindings.entry(Action::Quit).or_default().push(ctrl_c);
        }
        if map.keys(Action::Quit).is_empty()
            && let Some((taker, _)) = map.bindings.iter().find(|(_, k)| k.contains(&ctrl_c))
        {
            errors.push(KeyConfigError(format!(
                "[keys] `ctrl+c` went to {} and quit has no key left; give quit one (quit = \"ctrl+q\")",
                taker.name()
            )));
        }
        // Two actions with the same key where both would answer to it: reported.
        let mut reported: Vec<(Key, Action, Action)> = Vec::new();
        for (i, (a, a_keys)) in map.bindings.iter().enumerate() {
            for (b, b_keys) in map.bindings.iter().skip(i + 1) {
                if !Keymap::rivals(*a, *b) {
                    continue;
                }
                for key in a_keys.iter().filter(|k| b_keys.contains(k)) {
                    if !reported.contains(&(*key, *a, *b)) {
                        reported.push((*key, *a, *b));
                        errors.push(KeyConfigError(format!(
                            "[keys] `{key}` is bound to both {} and {}",
                            a.name(),
                            b.name()
                        )));
                    }
                }
            }
        }
        (map, errors)
    }

    /// True when two actions answer in the same place, so that they may not share a key:
    /// two actions that work anywhere, or two keys of one pane or dialog.
    fn rivals(a: Action, b: Action) -> bool {
        if a == b {
            return false;
        }
        if !a.in_pane() && !b.in_pane() {
            return true;
        }
        Context::ALL.into_iter().any(|c| {
            let actions = c.actions();
            actions.contains(&a) && actions.contains(&b)
        })
    }

    /// The action (one that works anywhere) a key asks for, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(action, keys)| !action.in_pane() && keys.contains(&key))
            .map(|(action, _)| *action)
    }

    /// What a key asks for in a pane or dialog: the first of its actions bound to the key
    /// (printable keys of the shared moves left to the typing where letters are typed). A
    /// key with modifiers that none is bound to counts as the bare key, so that a
    /// shift+↓ or ctrl+PgDn still moves; characters never do (alt+q does not quit).
    pub fn resolve(&self, key: Key, context: Context) -> Option<Action> {
        let find = |key: Key| {
            context.actions().iter().copied().find(|action| {
                !(context.typed() && action.shared() && key.is_text())
                    && self.keys(*action).contains(&key)
            })
        };
        find(key).or_else(|| {
            if matches!(key.code, KeyCode::Char(_)) || key.modifiers.is_empty() {
                return None;
            }
            find(Key {
                code: key.code,
                modifiers: KeyModifiers::NONE,
            })
        })
    }

    /// The keys of an action.
    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .get(&action)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The first key of an action, for the key bar.
    pub fn label(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_else(|| "unbound".into())
    }

    /// Two actions that go together, by their first keys: `↑↓`, `alt+↑↓` (arrows and
    /// other single symbols side by side, a modifier they share written once), else
    /// `PgUp/PgDn`.
    pub fn pair(&self, first: Action, second: Action) -> String {
        let (a, b) = (self.label(first), self.label(second));
        let split = |k: &str| match k.rfind('+') {
            Some(i) if i + 1 < k.len() => (k[..=i].to_string(), k[i + 1..].to_string()),
            _ => (String::new(), k.to_string()),
        };
        let ((pa, ka), (pb, kb)) = (split(&a), split(&b));
        let symbol = |k: &str| k.chars().count() == 1 && !k.chars().all(char::is_alphanumeric);
        if pa == pb && symbol(&ka) && symbol(&kb) {
            format!("{pa}{ka}{kb}")
        } else {
            format!("{a}/{b}")
        }
    }

    /// Every key of an action, joined by `separator` (`n/esc`, `enter or esc`).
    pub fn joined(&self, action: Action, separator: &str) -> String {
        match self.keys(action) {
            [] => self.label(action),
            keys => keys
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(separator),
        }
    }

    /// All keys of an action, for help.
    pub fn labels(&self, action: Action) -> String {
        self.joined(action, ", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key { code, modifiers }
    }

    #[test]
    fn parses_the_spellings_people_write() {
        assert_eq!(
            Key::parse("ctrl+s").unwrap(),
            key(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            Key::parse("Ctrl+S").unwrap(),
            key(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            Key::parse("F5").unwrap(),
            key(KeyCode::F(5), KeyModifiers::NONE)
        );
        assert_eq!(
            Key::parse("alt+enter").unwrap(),
            key(KeyCode::Enter, KeyModifiers::ALT)
        );
        assert_eq!(
            Key::parse("shift+tab").unwrap(),
            key(KeyCode::BackTab, KeyModifiers::NONE)
        );
        assert_eq!(
            Key::parse("?").unwrap(),
            key(KeyCode::Char('?'), KeyModifiers::NONE)
        );
        assert_eq!(
            Key::parse("ctrl++").unwrap(),
            key(KeyCode::Char('+'), KeyModifiers::CONTROL)
        );
        for bad in ["", "hyper+x", "f0", "f99", "ctrl+", "notakey"] {
            assert!(Key::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn events_normalise_to_keys() {
        let shifted = KeyEvent::new(
            KeyCode::Char('S'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(
            Key::from_event(&shifted),
            key(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            Key::from_event(&backtab),
            key(KeyCode::BackTab, KeyModifiers::NONE)
        );
        let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(
            Key::from_event(&question),
            key(KeyCode::Char('?'), KeyModifiers::NONE)
        );
    }

    #[test]
    fn defaults_avoid_clashing_keys_and_text() {
        let map = Keymap::default();
        for forbidden in [
            "ctrl+a",
            "ctrl+b",
            "ctrl+d",
            "ctrl+k",
            "ctrl+enter",
            "shift+enter",
        ] {
            let k = Key::parse(forbidden).unwrap();
            assert_eq!(map.action(k), None, "{forbidden} must not have a default");
        }
        for action in Action::ALL {
            assert!(!map.keys(action).is_empty(), "{action:?} has a key");
            assert!(
                action.in_view() || map.keys(action).iter().all(|k| !k.is_text()),
                "{action:?} is not a text key"
            );
        }
        assert_eq!(map.action(Key::parse("f5").unwrap()), Some(Action::Submit));
        let (_, errors) = Keymap::with_overrides(&IndexMap::new());
        assert_eq!(errors, vec![], "the defaults do not clash with each other");
    }

    #[test]
    fn overrides_patch_the_defaults_and_bad_ones_are_reported() {
        let (map, errors) = Keymap::with_overrides(&overrides(&[
            ("submit", "ctrl+e"),
            ("fetch", "hyper+g"),
            ("frobnicate", "f11"),
            ("save", "x"),
        ]));
        assert_eq!(
            map.action(Key::parse("ctrl+e").unwrap()),
            Some(Action::Submit)
        );
        assert_eq!(
            map.action(Key::parse("f5").unwrap()),
            None,
            "an override replaces the default keys"
        );
        assert_eq!(
            map.action(Key::parse("ctrl+g").unwrap()),
            Some(Action::Fetch),
            "a bad override keeps the default"
        );
        assert_eq!(
            map.action(Key::parse("ctrl+s").unwrap()),
            Some(Action::Save)
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].0.contains("hyper"));
        assert!(errors[1].0.contains("frobnicate"));
        assert!(errors[2].0.contains("types text"));
    }

    #[test]
    fn the_documented_defaults_are_the_defaults() {
        let example = include_str!("../../config.example.toml");
        let keys = example
            .split("[keys]")
            .nth(1)
            .expect("config.example.toml has [keys]");
        let overrides: IndexMap<String, String> = keys
            .lines()
            .filter_map(|l| l.trim().strip_prefix("# "))
            .filter_map(|l| l.split_once(" = "))
            .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
            .collect();
        assert_eq!(
            overrides.len(),
            Action::ALL.len(),
            "every action is documented"
        );
        let (map, errors) = Keymap::with_overrides(&overrides);
        assert_eq!(errors, vec![]);
        let defaults = Keymap::default();
        for action in Action::ALL {
            assert_eq!(map.keys(action), defaults.keys(action), "{action:?}");
        }
    }

    #[test]
    fn an_override_takes_its_key_from_the_defaults() {
        let (map, errors) = Keymap::with_overrides(&overrides(&[("help", "f5")]));
        assert_eq!(errors, vec![]);
        assert_eq!(map.action(Key::parse("f5").unwrap()), Some(Action::Help));
        assert_eq!(
            map.keys(Action::Submit),
            [Key::parse("alt+enter").unwrap()],
            "submit keeps its other key"
        );
    }

    #[test]
    fn clashing_overrides_are_reported() {
        let (_, errors) = Keymap::with_overrides(&overrides(&[("fetch", "f11"), ("help", "f11")]));
        assert_eq!(errors.len(), 1);
        assert!(errors[0].0.contains("both"), "{errors:?}");
    }

    #[test]
    fn keys_of_views_never_typed_into_may_be_letters() {
        let (map, errors) = Keymap::with_overrides(&overrides(&[
            ("reload", "u"),
            ("next_page", "n, l"),
            ("fire_event", "e"),
        ]));
        assert_eq!(map.action(Key::parse("u").unwrap()), Some(Action::Reload));
        assert_eq!(map.action(Key::parse("l").unwrap()), Some(Action::NextPage));
        assert_eq!(map.action(Key::parse("r").unwrap()), None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].0.contains("fire_event"), "{errors:?}");
        assert_eq!(
            map.action(Key::parse("ctrl+e").unwrap()),
            Some(Action::FireEvent),
            "fire_event works while typing: it keeps its key"
        );
    }

    #[test]
    fn quit_cannot_be_a_text_key_either() {
        let (map, errors) = Keymap::with_overrides(&overrides(&[("quit", "q")]));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            map.action(Key::parse("ctrl+c").unwrap()),
            Some(Action::Quit)
        );
    }

    #[test]
    fn ctrl_c_quits_beside_the_keys_quit_is_given_unless_another_action_takes_it() {
        let ctrl_c = Key::parse("ctrl+c").unwrap();
        let (map, errors) = Keymap::with_overrides(&overrides(&[("quit", "ctrl+q")]));
        assert_eq!(errors, vec![]);
        assert_eq!(
            map.keys(Action::Quit),
            [Key::parse("ctrl+q").unwrap(), ctrl_c]
        );
        assert_eq!(map.action(ctrl_c), Some(Action::Quit));

        let (map, errors) = Keymap::with_overrides(&overrides(&[("copy_preview", "ctrl+c")]));
        assert_eq!(map.action(ctrl_c), Some(Action::CopyPreview));
        assert!(map.keys(Action::Quit).is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .0
                .contains("copy_preview and quit has no key left"),
            "{errors:?}"
        );

        let (map, errors) = Keymap::with_overrides(&overrides(&[
            ("copy_preview", "ctrl+c"),
            ("quit", "ctrl+q"),
        ]));
        assert_eq!(errors, vec![]);
        assert_eq!(map.keys(Action::Quit), [Key::parse("ctrl+q").unwrap()]);
    }

    fn overrides(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
        pairs
            .iter()
            .map(|(a, k)| (a.to_string(), k.to_string()))
            .collect()
    }

    #[test]
    fn the_documented_pane_keys_are_the_defaults() {
        let example = include_str!("../../config.example.toml");
        let block = example
            .split("[keys]")
            .next()
            .and_then(|before| before.split("Their defaults:").nth(1))
            .expect("config.example.toml lists the pane keys before [keys]");
        let documented: IndexMap<String, String> = block
            .lines()
            .filter_map(|l| l.trim().strip_prefix("# "))
            .filter_map(|l| l.split_once(" = "))
            .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
            .collect();
        let names: Vec<&str> = documented.keys().map(String::as_str).collect();
        let want: Vec<&str> = Action::PANE.iter().map(|a| a.name()).collect();
        assert_eq!(names, want, "every pane key is documented, in order");
        let (map, errors) = Keymap::with_overrides(&documented);
        assert_eq!(errors, vec![]);
        let defaults = Keymap::default();
        for action in Action::every() {
            assert_eq!(map.keys(action), defaults.keys(action), "{action:?}");
        }
    }

    #[test]
    fn pane_keys_resolve_only_where_they_work() {
        let map = Keymap::default();
        let k = |s: &str| Key::parse(s).unwrap();
        assert_eq!(map.action(k("enter")), Some(Action::OpenMessage));
        assert_eq!(map.action(k("down")), None, "no action works anywhere on ↓");
        assert_eq!(
            map.resolve(k("enter"), Context::Sections),
            Some(Action::EditSection)
        );
        assert_eq!(
            map.resolve(k("enter"), Context::Field),
            Some(Action::NextField)
        );
        assert_eq!(
            map.resolve(k("enter"), Context::List),
            Some(Action::EditRow)
        );
        assert_eq!(map.resolve(k("enter"), Context::Picker), Some(Action::Ok));
        assert_eq!(map.resolve(k("k"), Context::Sections), Some(Action::Up));
        assert_eq!(map.resolve(k("k"), Context::Field), None, "k is typed");
        assert_eq!(map.resolve(k("q"), Context::Help), Some(Action::Close));
        assert_eq!(map.resolve(k("q"), Context::Picker), None, "q filters");
        assert_eq!(map.resolve(k("esc"), Context::Picker), Some(Action::Close));
        assert_eq!(
            map.resolve(k("space"), Context::Choice),
            Some(Action::NextChoice),
            "a value list's own keys may be printable"
        );
        assert_eq!(
            map.resolve(k("f2"), Context::Picker),
            Some(Action::RenameProfile)
        );
        assert_eq!(map.resolve(k("f2"), Context::Sections), None);
        // A key with modifiers nothing is bound to counts as the bare key, a character never.
        assert_eq!(
            map.resolve(k("shift+down"), Context::Preview),
            Some(Action::Down)
        );
        assert_eq!(
            map.resolve(k("alt+up"), Context::List),
            Some(Action::MoveValueUp)
        );
        assert_eq!(map.resolve(k("alt+q"), Context::Sections), None);
    }

    #[test]
    fn a_pane_key_given_twice_in_one_place_is_reported_with_the_key_and_both_actions() {
        let (map, errors) = Keymap::with_overrides(&overrides(&[("up", "x"), ("section_1", "x")]));
        assert_eq!(
            errors,
            vec![KeyConfigError(
                "[keys] `x` is bound to both up and section_1".into()
            )]
        );
        assert_eq!(
            map.resolve(Key::parse("x").unwrap(), Context::Sections),
            Some(Action::Up)
        );
        // Keys of places that never meet may be the same.
        let (_, errors) =
            Keymap::with_overrides(&overrides(&[("edit_section", "f11"), ("back", "f11")]));
        assert_eq!(errors, vec![]);
        // A pane key may be an action's key: the action is looked up first.
        let (map, errors) = Keymap::with_overrides(&overrides(&[("next_field", "f3")]));
        assert_eq!(errors, vec![]);
        assert_eq!(
            map.action(Key::parse("f3").unwrap()),
            Some(Action::Profiles)
        );
        // ...except in a dialog that answers to both: there it is reported, and neither
        // loses its key.
        let (map, errors) = Keymap::with_overrides(&overrides(&[("remove_selected", "ctrl+x")]));
        assert_eq!(
            errors,
            vec![KeyConfigError(
                "[keys] `ctrl+x` is bound to both delete and remove_selected".into()
            )]
        );
        assert_eq!(
            map.action(Key::parse("ctrl+x").unwrap()),
            Some(Action::Delete)
        );
        // A pane key taken by an override is taken from the place's other keys.
        let (map, errors) = Keymap::with_overrides(&overrides(&[("no", "n, x")]));
        assert_eq!(errors, vec![]);
        let (map2, errors2) = Keymap::with_overrides(&overrides(&[("yes", "n")]));
        assert_eq!(errors2, vec![]);
        assert_eq!(map2.keys(Action::No), [Key::parse("esc").unwrap()]);
        assert_eq!(map.keys(Action::Yes), [Key::parse("y").unwrap()]);
    }

    #[test]
    fn an_unknown_pane_key_name_or_a_letter_where_letters_type_is_reported() {
        let (map, errors) =
            Keymap::with_overrides(&overrides(&[("pane_quitt", "x"), ("next_field", "x")]));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0]
                .0
                .starts_with("[keys] `pane_quitt` is not an action (known: ")
                && errors[0].0.contains("pane_quit, pane_help"),
            "{errors:?}"
        );
        assert_eq!(
            errors[1].0,
            "[keys] next_field = \"x\": `x` types text into fields; use a function key or ctrl/alt"
        );
        assert_eq!(map.keys(Action::NextField), [Key::parse("enter").unwrap()]);
    }
}
