//! The keyboard of a test that drives the console's real event loop: key events sent to it.

#![allow(dead_code)]

use std::io;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::channel::mpsc::UnboundedSender;

/// The keyboard of the test.
pub struct Keys(pub UnboundedSender<io::Result<Event>>);

impl Keys {
    pub fn press(&self, code: KeyCode, modifiers: KeyModifiers) {
        self.0
            .unbounded_send(Ok(Event::Key(KeyEvent::new(code, modifiers))))
            .expect("the event loop is still reading keys");
    }

    pub fn key(&self, code: KeyCode) {
        self.press(code, KeyModifiers::NONE);
    }

    pub fn keys(&self, codes: &[KeyCode]) {
        for code in codes {
            self.key(*code);
        }
    }

    pub fn ctrl(&self, c: char) {
        self.press(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// Types text one key at a time, upper-case letters with shift, as a terminal sends it.
    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            let modifiers = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.press(KeyCode::Char(c), modifiers);
        }
    }

    pub fn backspaces(&self, n: usize) {
        for _ in 0..n {
            self.key(KeyCode::Backspace);
        }
    }
}
