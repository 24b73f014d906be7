//! Syntax colouring for the JSON previews, one line at a time (only the visible lines are
//! coloured, so a 250-attribute endpoint draws as fast as a small one).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::theme;

/// Colours one line of pretty-printed JSON.
pub fn line(text: &str) -> Line<'static> {
    let mut spans = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut plain = String::new();
    let flush = |plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if !plain.is_empty() {
            spans.push(Span::raw(std::mem::take(plain)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            flush(&mut plain, &mut spans);
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(chars.len());
            let token: String = chars[start..i].iter().collect();
            let is_key = chars[i..].iter().find(|c| !c.is_whitespace()) == Some(&':');
            let style = if is_key {
                theme::json_key()
            } else {
                theme::json_string()
            };
            spans.push(Span::styled(super::printable(&token), style));
        } else if c == '-' || c.is_ascii_digit() {
            flush(&mut plain, &mut spans);
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '-' | '+' | '.'))
            {
                i += 1;
            }
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                theme::json_number(),
            ));
        } else if c.is_ascii_alphabetic() {
            flush(&mut plain, &mut spans);
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            spans.push(Span::styled(
                chars[start..i].iter().collect::<String>(),
                theme::json_literal(),
            ));
        } else {
            plain.push(c);
            i += 1;
        }
    }
    flush(&mut plain, &mut spans);
    Line::from(spans)
}

/// A line with a style on top of its colours (marks a field that differs).
pub fn marked(text: &str, style: Style) -> Line<'static> {
    line(text).patch_style(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(text: &str) -> Vec<(String, Style)> {
        line(text)
            .spans
            .into_iter()
            .map(|s| (s.content.into_owned(), s.style))
            .collect()
    }

    #[test]
    fn keys_strings_numbers_and_literals_get_their_colours() {
        let spans = styles(r#"  "Latitude": 47.6, "ok": true, "s": "a\"b""#);
        let find = |t: &str| spans.iter().find(|(c, _)| c == t).map(|(_, s)| *s);
        assert_eq!(find("\"Latitude\""), Some(theme::json_key()));
        assert_eq!(find("47.6"), Some(theme::json_number()));
        assert_eq!(find("true"), Some(theme::json_literal()));
        assert_eq!(find(r#""a\"b""#), Some(theme::json_string()));
    }

    #[test]
    fn control_characters_never_reach_the_screen() {
        let text: String = line("\"a\u{1b}[2Jb\"")
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert!(!text.contains('\u{1b}'), "{text:?}");
    }
}
