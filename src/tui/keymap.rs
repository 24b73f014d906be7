//! The console's actions and their keys: defaults that every terminal sends (function keys
//! and a few control keys that clash with neither tmux, shells nor text editing), patched by
//! `[keys]` in config.toml. A bad override is reported, and the default stays.
//!
//! Most actions work anywhere, also while typing, so their keys may not type text. A few
//! work only in a view that is never typed into (the In-app view of the preview pane and an
//! opened in-app message): those may be plain letters.

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
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Action; 25] = [
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

    /// The name used in config.toml's `[keys]`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Submit => "submit",
            Action::Fetch => "fetch",
            Action::LookupUser => "lookup_user",
            Action::Delete => "delete",
            Action::Save => "save",
            Action::SaveAs => "save_as",
            Action::Profiles => "profiles",
            Action::Targets => "targets",
            Action::Apps => "apps",
            Action::NewForm => "new_form",
            Action::CyclePreview => "cycle_preview",
            Action::CopyPreview => "copy_preview",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::Cancel => "cancel",
            Action::ShowMessage => "show_message",
            Action::FireEvent => "fire_event",
            Action::Campaigns => "campaigns",
            Action::Reload => "reload",
            Action::OpenMessage => "open_message",
            Action::SwitchView => "switch_view",
            Action::NextPage => "next_page",
            Action::PrevPage => "prev_page",
        }
    }

    /// What the action does, for help and the key bar.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Submit => "submit (UpdateEndpoint)",
            Action::Fetch => "fetch an endpoint by id",
            Action::LookupUser => "look up a user's endpoints",
            Action::Delete => "delete the endpoint",
            Action::Save => "save profile",
            Action::SaveAs => "save profile as",
            Action::Profiles => "profiles",
            Action::Targets => "switch target",
            Action::Apps => "switch application",
            Action::NewForm => "new empty form",
            Action::CyclePreview => "cycle preview",
            Action::CopyPreview => "copy preview",
            Action::FocusNext => "next pane",
            Action::FocusPrev => "previous pane",
            Action::Cancel => "cancel the call",
            Action::ShowMessage => "show the last message, or every problem, in full",
            Action::FireEvent => "fire an in-app event: which message would the app display",
            Action::Campaigns => "list the campaigns and in-app templates",
            Action::Reload => "reload the segments, or the campaigns and templates",
            Action::OpenMessage => "open the selected campaign's message",
            Action::SwitchView => "reasons or drawn message; opened: drawn or JSON",
            Action::NextPage => "next page of a carousel",
            Action::PrevPage => "previous page of a carousel",
        }
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

    /// True for actions that change the service (refused on read-only targets).
    pub fn writes(self) -> bool {
        matches!(self, Action::Submit | Action::Delete)
    }

    fn defaults(self) -> &'static [&'static str] {
        match self {
            Action::Help => &["f1"],
            Action::Quit => &["ctrl+c"],
            Action::Submit => &["f5", "alt+enter"],
            Action::Fetch => &["ctrl+g", "f4"],
            Action::LookupUser => &["ctrl+l", "f6"],
            Action::Delete => &["ctrl+x", "f8"],
            Action::Save => &["ctrl+s"],
            Action::SaveAs => &["f2"],
            Action::Profiles => &["ctrl+o", "f3"],
            Action::Targets => &["ctrl+t", "f9"],
            Action::Apps => &["f10"],
            Action::NewForm => &["ctrl+n"],
            Action::CyclePreview => &["ctrl+p", "f7"],
            Action::CopyPreview => &["ctrl+y", "f12"],
            Action::FocusNext => &["tab"],
            Action::FocusPrev => &["backtab"],
            Action::Cancel => &["esc"],
            Action::ShowMessage => &["ctrl+v", "alt+m"],
            Action::FireEvent => &["ctrl+e", "alt+e"],
            Action::Campaigns => &["ctrl+f", "alt+c"],
            Action::Reload => &["r"],
            Action::OpenMessage => &["enter"],
            Action::SwitchView => &["m"],
            Action::NextPage => &["right"],
            Action::PrevPage => &["left"],
        }
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
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
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
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
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
        let bindings = Action::ALL
            .into_iter()
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
            let Some(action) = Action::ALL.into_iter().find(|a| a.name() == name) else {
                let known: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                errors.push(KeyConfigError(format!(
                    "[keys] `{name}` is not an action (known: {})",
                    known.join(", ")
                )));
                continue;
            };
            let parsed: Result<Vec<Key>, String> = keys.split(',').map(Key::parse).collect();
            match parsed {
                Ok(parsed) => {
                    if let Some(k) = parsed.iter().find(|k| k.is_text() && !action.in_view()) {
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
        // A key an override takes is taken from the defaults of other actions: the override
        // wins, quietly (that is what the user asked for).
        let taken: Vec<Key> = overridden
            .iter()
            .flat_map(|a| map.keys(*a).to_vec())
            .collect();
        for (action, keys) in map.bindings.iter_mut() {
            if !overridden.contains(action) {
                keys.retain(|k| !taken.contains(k));
            }
        }
        // Two overrides with the same key: reported.
        let mut seen: IndexMap<Key, Action> = IndexMap::new();
        for (action, keys) in &map.bindings {
            for key in keys {
                if let Some(other) = seen.insert(*key, *action) {
                    errors.push(KeyConfigError(format!(
                        "[keys] `{key}` is bound to both {} and {}",
                        other.name(),
                        action.name()
                    )));
                }
            }
        }
        (map, errors)
    }

    /// The action a key asks for, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(action, _)| *action)
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

    /// All keys of an action, for help.
    pub fn labels(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
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
        let overrides: IndexMap<String, String> = [
            ("submit".to_string(), "ctrl+e".to_string()),
            ("fetch".to_string(), "hyper+g".to_string()),
            ("frobnicate".to_string(), "f11".to_string()),
            ("save".to_string(), "x".to_string()),
        ]
        .into_iter()
        .collect();
        let (map, errors) = Keymap::with_overrides(&overrides);
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
        let overrides: IndexMap<String, String> = [("help".to_string(), "f5".to_string())]
            .into_iter()
            .collect();
        let (map, errors) = Keymap::with_overrides(&overrides);
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
        let overrides: IndexMap<String, String> = [
            ("fetch".to_string(), "f11".to_string()),
            ("help".to_string(), "f11".to_string()),
        ]
        .into_iter()
        .collect();
        let (_, errors) = Keymap::with_overrides(&overrides);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].0.contains("both"), "{errors:?}");
    }

    #[test]
    fn keys_of_views_never_typed_into_may_be_letters() {
        let overrides: IndexMap<String, String> = [
            ("reload".to_string(), "u".to_string()),
            ("next_page".to_string(), "n, l".to_string()),
            ("fire_event".to_string(), "e".to_string()),
        ]
        .into_iter()
        .collect();
        let (map, errors) = Keymap::with_overrides(&overrides);
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
        let overrides: IndexMap<String, String> = [("quit".to_string(), "q".to_string())]
            .into_iter()
            .collect();
        let (map, errors) = Keymap::with_overrides(&overrides);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            map.action(Key::parse("ctrl+c").unwrap()),
            Some(Action::Quit)
        );
    }
}
