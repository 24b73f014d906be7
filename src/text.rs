//! Small text helpers shared by the command line and the console: messages on one line,
//! text made safe for a terminal, and times as the listings show them.

/// Folds a multi-line message onto one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces control characters so that no value can corrupt the screen.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '�' } else { c })
        .collect()
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
        assert_eq!(format_time(std::time::UNIX_EPOCH), "1970-01-01 00:00");
    }
}
