//! Small text helpers shared by the command line and the console: messages on one line,
//! text made safe for a terminal, counts of things, and times as the listings show them.

use std::borrow::Cow;
use std::fmt::Write;

/// Folds a multi-line message onto one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A count and its noun, the noun plural unless the count is one (`1 endpoint`,
/// `3 endpoints`). Nouns are English words that take `s`.
pub fn counted(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Whether a character would steer the terminal rather than be shown: a control character,
/// or a bidirectional override or isolate (U+202E shows `exe.txt` as `txt.exe`).
pub fn steers(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Replaces control characters and bidirectional overrides so that no value can corrupt the
/// screen.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if steers(c) { '�' } else { c })
        .collect()
}

/// Writes each control character but a line break or a tab, and each bidirectional
/// override, as a `\u009B` escape, which a terminal shows rather than obeys (serde escapes C0
/// controls already; DEL and the C1 range, CSI among them, it leaves raw). Inside a JSON
/// string (or a TOML basic string) the escape reads back as the same character; elsewhere it
/// is text, so this is for what a person reads, not for data.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| steers(c) && c != '\n' && c != '\t')
}

/// Like [`escape_controls`], line breaks and tabs included: for text that must stay on one
/// line of a given width (a table's cell, a key/value block).
pub fn escape_all_controls(text: &str) -> Cow<'_, str> {
    escape_where(text, steers)
}

fn escape_where(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            let _ = write!(out, "\\u{:04X}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A time as `YYYY-MM-DD HH:MM` UTC.
pub fn format_time(t: std::time::SystemTime) -> String {
    let t = time::OffsetDateTime::from(t);
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    t.format(&format).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(one_line("a\n  b\tc"), "a b c");
        assert_eq!(printable("a\u{1b}[2Jb\u{9b}c"), "a�[2Jb�c");
        assert_eq!(printable("\u{202e}lmth.exe \u{2066}x"), "�lmth.exe �x");
        assert_eq!(escape_controls("\u{202e}exe"), "\\u202Eexe");
        // Joiners stay: emoji sequences need them.
        assert_eq!(printable("👩\u{200d}💻"), "👩\u{200d}💻");
        assert_eq!(format_time(std::time::UNIX_EPOCH), "1970-01-01 00:00");
        assert!(matches!(escape_controls("a\tb\nc é"), Cow::Borrowed(_)));
        assert_eq!(
            escape_all_controls("a\tb\nc\u{9b}"),
            "a\\u0009b\\u000Ac\\u009B"
        );
        assert_eq!(
            escape_controls("a\u{1b}[2J\u{7f}\u{9b}31m\r"),
            "a\\u001B[2J\\u007F\\u009B31m\\u000D"
        );
        // What JSON and TOML strings read back unchanged.
        let raw = "x\u{9b}y\u{85}\u{7f}";
        let json = escape_controls(&serde_json::to_string(raw).unwrap()).into_owned();
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), raw);
        let toml_text = escape_controls(&format!("v = \"{raw}\"\n")).into_owned();
        let table: toml::Table = toml::from_str(&toml_text).unwrap();
        assert_eq!(table["v"].as_str(), Some(raw));
    }
}
