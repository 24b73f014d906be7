//! The colours of an in-app message on this terminal. A message's `#RRGGBB` (or `#RGB`) is
//! drawn in true colour when the terminal says it supports it (`COLORTERM=truecolor` or
//! `24bit`), else as the nearest of the 16 standard colours (xterm's values, by the
//! "redmean" weighted distance). Text that would not stand out from its background (a
//! WCAG contrast ratio under 3:1 as drawn, or no colour of its own) is drawn black or
//! white, whichever contrasts more, so every message stays legible.

use ratatui::style::{Color, Style};

/// The 16 standard colours with the values xterm gives them.
pub const STANDARD: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// The lowest contrast ratio at which text keeps its own colour.
pub const MIN_CONTRAST: f64 = 3.0;

type Rgb = (u8, u8, u8);

/// Reads `#RRGGBB`, `#RGB` or `#RRGGBBAA` (the alpha is ignored).
pub fn parse(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    let nibble = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok().map(|n| n * 17);
    match hex.len() {
        3 => Some((nibble(0)?, nibble(1)?, nibble(2)?)),
        6 | 8 => Some((byte(0)?, byte(2)?, byte(4)?)),
        _ => None,
    }
}

/// The nearest standard colour, and the value it is drawn with.
pub fn nearest(rgb: Rgb) -> (Color, Rgb) {
    let distance = |(r2, g2, b2): Rgb| {
        let (r1, g1, b1) = (f64::from(rgb.0), f64::from(rgb.1), f64::from(rgb.2));
        let mean = (r1 + f64::from(r2)) / 2.0;
        let (dr, dg, db) = (r1 - f64::from(r2), g1 - f64::from(g2), b1 - f64::from(b2));
        (2.0 + mean / 256.0) * dr * dr + 4.0 * dg * dg + (2.0 + (255.0 - mean) / 256.0) * db * db
    };
    STANDARD
        .iter()
        .copied()
        .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)))
        .expect("16 colours")
}

/// How the terminal draws a colour: the colour and the value it shows.
fn drawn(rgb: Rgb, true_color: bool) -> (Color, Rgb) {
    if true_color {
        (Color::Rgb(rgb.0, rgb.1, rgb.2), rgb)
    } else {
        nearest(rgb)
    }
}

/// WCAG relative luminance.
fn luminance((r, g, b): Rgb) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The style of text coloured `text` on `background` (as a message gives them, `#RRGGBB`),
/// legible: without a background it keeps the terminal's own colours.
pub fn legible(text: Option<&str>, background: Option<&str>, true_color: bool) -> Style {
    let Some((bg, bg_rgb)) = background.and_then(parse).map(|c| drawn(c, true_color)) else {
        return Style::default();
    };
    let fg = text
        .and_then(parse)
        .map(|c| drawn(c, true_color))
        .filter(|(_, rgb)| contrast(*rgb, bg_rgb) >= MIN_CONTRAST);
    let fg = fg.map(|(c, _)| c).unwrap_or_else(|| {
        let black = drawn((0, 0, 0), true_color);
        let white = drawn((255, 255, 255), true_color);
        if contrast(black.1, bg_rgb) >= contrast(white.1, bg_rgb) {
            black.0
        } else {
            white.0
        }
    });
    Style::default().fg(fg).bg(bg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_read_in_their_three_forms() {
        assert_eq!(parse("#0A6CFF"), Some((10, 108, 255)));
        assert_eq!(parse("#fff"), Some((255, 255, 255)));
        assert_eq!(parse("#333"), Some((51, 51, 51)));
        assert_eq!(parse("#11223344"), Some((17, 34, 51)));
        for bad in ["", "FFFFFF", "#FFFF", "#GGGGGG", "red", "#ÿÿÿ", "#+1+2+3"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_colour_maps_to_the_nearest_of_sixteen() {
        for (hex, want) in [
            ("#FFFFFF", Color::White),
            ("#1A1A1A", Color::Black),
            ("#102A43", Color::Black),
            ("#FFF4D6", Color::Gray),
            ("#E0E0E0", Color::Gray),
            ("#0A6CFF", Color::LightBlue),
            ("#D0021B", Color::Red),
            ("#F8E71C", Color::LightYellow),
            ("#808080", Color::DarkGray),
        ] {
            assert_eq!(nearest(parse(hex).unwrap()).0, want, "{hex}");
        }
        for (colour, rgb) in STANDARD {
            assert_eq!(nearest(rgb).0, colour, "each maps to itself");
        }
    }

    #[test]
    fn true_colour_keeps_the_value() {
        let style = legible(Some("#1A1A1A"), Some("#FFF4D6"), true);
        assert_eq!(style.fg, Some(Color::Rgb(0x1A, 0x1A, 0x1A)));
        assert_eq!(style.bg, Some(Color::Rgb(0xFF, 0xF4, 0xD6)));
        let style = legible(Some("#1A1A1A"), Some("#FFF4D6"), false);
        assert_eq!(
            (style.fg, style.bg),
            (Some(Color::Black), Some(Color::Gray))
        );
    }

    #[test]
    fn text_that_would_not_stand_out_is_black_or_white() {
        // Two greys that both map to black on 16 colours.
        let style = legible(Some("#1A1A1A"), Some("#333333"), false);
        assert_eq!(
            (style.fg, style.bg),
            (Some(Color::White), Some(Color::Black))
        );
        // In true colour the same two are too close as well.
        let style = legible(Some("#1A1A1A"), Some("#333333"), true);
        assert_eq!(style.fg, Some(Color::Rgb(255, 255, 255)));
        // Yellow on white, no colour, or a colour that does not parse.
        for text in [Some("#FFFF00"), None, Some("yellow")] {
            let style = legible(text, Some("#FFFFFF"), false);
            assert_eq!(style.fg, Some(Color::Black), "{text:?}");
        }
        // No background: the terminal's own colours.
        assert_eq!(legible(Some("#D0021B"), None, false), Style::default());
        assert_eq!(
            legible(Some("#D0021B"), Some("nope"), true),
            Style::default()
        );
        // Enough contrast: kept.
        let style = legible(Some("#D0021B"), Some("#F8E71C"), false);
        assert_eq!(style.fg, Some(Color::Red));
    }
}
