//! The form's undo history: every change to the form is a step back, a run of typing in one
//! field a single step. It belongs to the form, not to a field's editor, so it survives
//! moving between fields and opening and closing dialogs; a new form starts a new history.

use super::app::{Cursor, EditTarget};
use super::form::{FormState, Section};

/// The most steps kept back (the oldest go first).
const MAX_STEPS: usize = 500;

/// A form as it was, and where the change to it was made (undo shows that place).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub form: FormState,
    pub section: Section,
    pub cursor: Cursor,
}

/// The steps back and forward.
#[derive(Debug, Clone, Default)]
pub struct History {
    back: Vec<Step>,
    forward: Vec<Step>,
    /// The form after the last change recorded.
    last: FormState,
    /// The field typed into by the last change, while the same run of typing goes on.
    typing: Option<EditTarget>,
}

impl History {
    /// A history that starts at `form`.
    pub fn new(form: &FormState) -> History {
        History {
            last: form.clone(),
            ..History::default()
        }
    }

    /// Takes note of the form after a change made at `section`/`cursor`. `typing` names
    /// the field when the change was typed into it: typing on in that field adds to the
    /// same step. Nothing is noted when the form did not change.
    pub fn record(
        &mut self,
        form: &FormState,
        section: Section,
        cursor: Cursor,
        typing: Option<EditTarget>,
    ) {
        if *form == self.last {
            return;
        }
        let same_run = typing.is_some() && typing == self.typing;
        if !same_run {
            self.back.push(Step {
                form: std::mem::replace(&mut self.last, form.clone()),
                section,
                cursor,
            });
            if self.back.len() > MAX_STEPS {
                self.back.remove(0);
            }
        } else {
            self.last = form.clone();
        }
        self.forward.clear();
        self.typing = typing;
    }

    /// Ends the run of typing: what is typed next is a step of its own.
    pub fn seal(&mut self) {
        self.typing = None;
    }

    /// The form one step back, with the place of the change undone; `current` is the form
    /// now (redo brings it back).
    pub fn undo(&mut self, current: &FormState) -> Option<Step> {
        self.step(current, true)
    }

    /// The form one step forward again, after an undo.
    pub fn redo(&mut self, current: &FormState) -> Option<Step> {
        self.step(current, false)
    }

    /// Takes a step from one stack, leaving `current` on the other at the same place.
    fn step(&mut self, current: &FormState, back: bool) -> Option<Step> {
        let (from, to) = if back {
            (&mut self.back, &mut self.forward)
        } else {
            (&mut self.forward, &mut self.back)
        };
        let step = from.pop()?;
        to.push(Step {
            form: current.clone(),
            ..step.clone()
        });
        self.last = step.form.clone();
        self.typing = None;
        Some(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::form::Field;

    fn form(city: &str) -> FormState {
        let mut f = FormState::default();
        f.set_text(Field::City, city);
        f
    }

    #[test]
    fn a_run_of_typing_is_one_step_and_redo_brings_it_back() {
        let mut h = History::new(&form(""));
        let typing = Some(EditTarget::Field(Field::City));
        let at = (Section::Location, Cursor::default());
        for text in ["S", "Se", "Sea"] {
            h.record(&form(text), at.0, at.1, typing.clone());
        }
        h.seal();
        h.record(&form("Seat"), at.0, at.1, typing.clone());
        assert_eq!(h.undo(&form("Seat")).unwrap().form, form("Sea"));
        assert_eq!(h.undo(&form("Sea")).unwrap().form, form(""));
        assert!(h.undo(&form("")).is_none());
        assert_eq!(h.redo(&form("")).unwrap().form, form("Sea"));
        assert_eq!(h.redo(&form("Sea")).unwrap().form, form("Seat"));
        assert!(h.redo(&form("Seat")).is_none());
    }

    #[test]
    fn a_new_change_drops_what_could_be_redone() {
        let mut h = History::new(&form(""));
        h.record(&form("a"), Section::Location, Cursor::default(), None);
        h.undo(&form("a"));
        h.record(&form("b"), Section::Location, Cursor::default(), None);
        assert!(h.redo(&form("b")).is_none());
        assert_eq!(h.undo(&form("b")).unwrap().form, form(""));
    }
}
