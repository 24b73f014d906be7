//! Keys in the panes: the section list, the form's fields and lists (with the field
//! editor), and the preview's scrolling; the form's own actions (undo, redo, clearing a
//! field, adding and removing list entries).

use super::*;

pub(super) fn sections_key(app: &mut App, action: Option<Action>) {
    let i = app.section_index();
    let Some(action) = action else { return };
    if let Some(n) = Action::SECTIONS.iter().position(|a| *a == action) {
        app.section = Section::ALL[n];
        return;
    }
    match action {
        Action::Down => app.section = Section::ALL[(i + 1).min(5)],
        Action::Up => app.section = Section::ALL[i.saturating_sub(1)],
        Action::EditSection => enter_section(app),
        _ => {}
    }
}

/// From the section list into the section: at its first field, whatever was edited there
/// before.
pub(super) fn enter_section(app: &mut App) {
    *app.cursor_mut() = Cursor::default();
    app.focus = Focus::Form;
    sync_editor(app);
}

pub(super) fn preview_key(app: &mut App, action: Option<Action>) {
    // Past the end (the terminal grew since) counts from the end.
    let limit = app.scroll_limits.preview.get();
    app.preview_scroll = app.preview_scroll.min(limit);
    let Some(action) = action else { return };
    // The back key leaves the preview, back to the form (a call running was cancelled
    // first).
    if action == Action::Back {
        app.focus = Focus::Form;
        return sync_editor(app);
    }
    if app.preview == PreviewMode::InApp {
        return inapp_key(app, action);
    }
    if app.preview == PreviewMode::Segments {
        let count = app.segment_results.len();
        let selected = app.segment_selected;
        match action {
            Action::Down => {
                app.segment_selected = (selected + 1).min(count.saturating_sub(1));
            }
            Action::Up => app.segment_selected = selected.saturating_sub(1),
            // The criteria tree of the selected segment scrolls.
            Action::PageDown => {
                app.preview_scroll = app.preview_scroll.saturating_add(5).min(limit);
            }
            Action::PageUp => app.preview_scroll = app.preview_scroll.saturating_sub(5),
            _ => {}
        }
        if app.segment_selected != selected {
            app.preview_scroll = 0;
        }
        return;
    }
    app.preview_scroll = scrolled(action, app.preview_scroll, limit).unwrap_or(app.preview_scroll);
}

/// Opens the editor for the scalar field under the cursor (text and number fields are typed
/// into as soon as they are selected), or closes it elsewhere.
pub fn sync_editor(app: &mut App) {
    if app.focus != Focus::Form {
        commit_editor(app);
        return;
    }
    if let Some(field) = app.current_field() {
        let wanted = EditTarget::Field(field);
        if app.editor.as_ref().is_some_and(|e| e.target == wanted) {
            return;
        }
        commit_editor(app);
        if !matches!(field.kind(), FieldKind::Choice(_)) {
            app.editor = Some(Editor::new(wanted, &app.form.text(field)));
        }
    }
}

/// Ends the edit in progress, applying what needs applying at the end (a rename, a new name).
pub fn commit_editor(app: &mut App) {
    let Some(editor) = app.editor.take() else {
        return;
    };
    app.history.seal();
    let text = editor.text();
    match editor.target {
        EditTarget::Field(_) | EditTarget::Metric { .. } => {}
        EditTarget::Value {
            section,
            index,
            value,
        } => {
            if text.is_empty() {
                app.form.remove_value(section, index, value);
                let cursor = app.cursor_mut();
                cursor.value_row = cursor.value_row.saturating_sub(1);
            }
        }
        EditTarget::Name { section, index } => {
            if text.is_empty() {
                app.set_status(
                    Tone::Warning,
                    "a name cannot be empty; the old name is kept",
                );
            } else if let Err(e) = app.form.rename(section, index, &text) {
                app.set_status(Tone::Error, e);
            }
        }
        EditTarget::NewName { section } => {
            if text.is_empty() {
                return;
            }
            if app.form.names(section).contains(&text) {
                return app.set_status(
                    Tone::Error,
                    format!("`{text}` is already a name in {}", section.title()),
                );
            }
            let index = app.form.add_name(section, &text);
            let cursor = app.cursor_mut();
            cursor.row = index;
            cursor.value_row = 0;
            // Go straight on to the first value (or the metric's number).
            cursor.column = Column::Values;
            app.editor = Some(match section {
                // Typed from empty: a metric with no number yet is an error, not 0.
                Section::Metrics => {
                    app.form.set_metric_text(&text, "");
                    Editor::new(EditTarget::Metric { name: text.clone() }, "")
                }
                _ => {
                    let value = app.form.add_value(section, index, None).unwrap_or(0);
                    Editor::value(section, index, value, "")
                }
            });
        }
    }
    app.form_changed();
}

/// Applies the editor's text where it is applied as typed.
pub(super) fn apply_editor(app: &mut App) {
    let Some(editor) = &app.editor else { return };
    let text = editor.text();
    let target = editor.target.clone();
    match &target {
        EditTarget::Field(field) => app.form.set_text(*field, &text),
        EditTarget::Value {
            section,
            index,
            value,
        } => app.form.set_value(*section, *index, *value, &text),
        EditTarget::Metric { name } => app.form.set_metric_text(name, &text),
        EditTarget::Name { .. } | EditTarget::NewName { .. } => return,
    }
    app.form_typed(target);
}

pub(super) fn form_key(app: &mut App, action: Option<Action>, key: Key, event: KeyEvent) {
    if app.section.is_list() {
        list_key(app, action, key, event)
    } else {
        scalar_key(app, action, key, event)
    }
}

pub(super) fn move_row(app: &mut App, step: isize) {
    let count = if app.section.is_list() {
        app.form.names(app.section).len()
    } else {
        app.section.fields().len()
    };
    let cursor = app.cursor_mut();
    let row = (cursor.row as isize + step).clamp(0, count.saturating_sub(1) as isize) as usize;
    if row != cursor.row {
        cursor.row = row;
        cursor.value_row = 0;
    }
}

pub(super) fn scalar_key(app: &mut App, action: Option<Action>, key: Key, event: KeyEvent) {
    let Some(field) = app.current_field() else {
        return;
    };
    let choice = match field.kind() {
        FieldKind::Choice(values) => Some(values),
        _ => None,
    };
    // Letters typed on a choice field find a value only while nothing else is pressed.
    if !matches!(key.code, KeyCode::Char(_)) {
        app.choice_typed = None;
    }
    match (action, choice) {
        (Some(Action::Up), _) => move_row(app, -1),
        (Some(Action::Down | Action::NextField), _) => move_row(app, 1),
        (Some(Action::Back), _) => {
            commit_editor(app);
            app.focus = Focus::Sections;
            return;
        }
        (Some(Action::NextChoice), Some(_)) => app.form.cycle_choice(field, 1),
        (Some(Action::PrevChoice), Some(_)) => app.form.cycle_choice(field, -1),
        (Some(Action::UnsetChoice), Some(_)) => app.form.set_text(field, ""),
        // Typing on a value list: letters jump to a value.
        (None, Some(values)) => {
            let KeyCode::Char(c) = key.code else { return };
            if !key.is_text() || c == ' ' {
                return;
            }
            let typed = match app.choice_typed.take() {
                Some((f, typed)) if f == field => typed,
                _ => String::new(),
            };
            let current = app.form.text(field);
            let (typed, value) = typed_choice(values, &current, &typed, c);
            app.choice_typed = Some((field, typed));
            match value {
                Some(value) => app.form.set_text(field, value),
                None => {
                    return app.set_status(
                        Tone::Warning,
                        format!(
                            "no {} starts with `{c}` ({})",
                            field.label().to_lowercase(),
                            values.join(", ")
                        ),
                    );
                }
            }
            app.form_changed();
            return;
        }
        // Typing in a text field.
        (None, None) => {
            if let Some(editor) = &mut app.editor
                && editor.input.input(event)
            {
                apply_editor(app);
            }
            return;
        }
        _ => return,
    }
    app.form_changed();
    sync_editor(app);
}

pub(super) fn list_key(app: &mut App, action: Option<Action>, key: Key, event: KeyEvent) {
    let section = app.section;
    if app.editor.is_some() {
        match action {
            Some(Action::EditDone) => commit_editor(app),
            Some(step @ (Action::Up | Action::Down)) => {
                commit_editor(app);
                list_move(app, if step == Action::Up { -1 } else { 1 });
            }
            _ => {
                if let Some(editor) = &mut app.editor
                    && editor.input.input(event)
                {
                    apply_editor(app);
                }
            }
        }
        return;
    }
    let names = app.form.names(section);
    let cursor = app.cursor();
    let name = names.get(cursor.row).cloned();
    let reorders = cursor.column == Column::Values && section != Section::Metrics;
    match action {
        Some(Action::Back) => app.focus = Focus::Sections,
        Some(step @ (Action::MoveValueUp | Action::MoveValueDown)) if reorders => {
            let step = if step == Action::MoveValueUp { -1 } else { 1 };
            let moved = app
                .form
                .move_value(section, cursor.row, cursor.value_row, step);
            app.cursor_mut().value_row = moved;
            app.form_changed();
        }
        // Elsewhere the reorder keys move as the arrows do.
        Some(Action::Up | Action::MoveValueUp) => list_move(app, -1),
        Some(Action::Down | Action::MoveValueDown) => list_move(app, 1),
        Some(Action::NamesColumn) => app.cursor_mut().column = Column::Names,
        Some(Action::ValuesColumn) if name.is_some() => app.cursor_mut().column = Column::Values,
        Some(Action::EditRow) => edit_row(app),
        Some(_) => {}
        // Typing on a row edits it: the name or value, the text typed going at its end (on
        // an empty list, a new name).
        None if key.is_text() || (key.code == KeyCode::Backspace && key.modifiers.is_empty()) => {
            edit_row(app);
            if let Some(editor) = &mut app.editor
                && editor.input.input(event)
            {
                apply_editor(app);
            }
        }
        None => {}
    }
}

/// Opens the editor on the list row under the cursor: its name, its value, or a new name
/// when the list is empty.
fn edit_row(app: &mut App) {
    let section = app.section;
    let cursor = app.cursor();
    let name = app.form.names(section).get(cursor.row).cloned();
    match (cursor.column, name) {
        (_, None) => app.editor = Some(Editor::new(EditTarget::NewName { section }, "")),
        (Column::Names, Some(name)) => {
            app.editor = Some(Editor::new(
                EditTarget::Name {
                    section,
                    index: cursor.row,
                },
                &name,
            ))
        }
        (Column::Values, Some(name)) => {
            edit_value(app, section, cursor.row, cursor.value_row, &name)
        }
    }
}

/// The add key in a list: a value after the selected one (the number of a metric), or a
/// new name. False outside a list.
pub(super) fn add_entry(app: &mut App) -> bool {
    if app.focus != Focus::Form || !app.section.is_list() {
        return false;
    }
    commit_editor(app);
    let section = app.section;
    let cursor = app.cursor();
    let name = app.form.names(section).get(cursor.row).cloned();
    match (cursor.column, name) {
        (Column::Values, Some(name)) if section == Section::Metrics => {
            edit_value(app, section, cursor.row, 0, &name)
        }
        (Column::Values, Some(_)) => {
            let after =
                (!app.form.values(section, cursor.row).is_empty()).then_some(cursor.value_row);
            edit_new_value(app, section, cursor.row, after);
        }
        _ => app.editor = Some(Editor::new(EditTarget::NewName { section }, "")),
    }
    true
}

/// The remove key in a list, when nothing is being typed: the selected value, or the
/// name with its values. False elsewhere (in a field it deletes a character).
pub(super) fn remove_entry(app: &mut App) -> bool {
    if app.focus != Focus::Form || !app.section.is_list() || app.editor.is_some() {
        return false;
    }
    let section = app.section;
    let cursor = app.cursor();
    let name = app.form.names(section).get(cursor.row).cloned();
    match (cursor.column, name) {
        (Column::Values, Some(_)) if section != Section::Metrics => {
            app.form.remove_value(section, cursor.row, cursor.value_row);
            let left = app.form.values(section, cursor.row).len();
            app.cursor_mut().value_row = cursor.value_row.min(left.saturating_sub(1));
            app.form_changed();
        }
        (_, Some(name)) => {
            app.form.remove_name(section, cursor.row);
            let left = app.form.names(section).len();
            let c = app.cursor_mut();
            c.row = c.row.min(left.saturating_sub(1));
            c.value_row = 0;
            c.column = Column::Names;
            app.form_changed();
            let undo = app.keymap.label(Action::Undo);
            app.set_status(
                Tone::Info,
                format!(
                    "removed `{name}` from {} ({undo} undoes it)",
                    section.title()
                ),
            );
        }
        _ => {}
    }
    true
}

/// The clear key: the text before the cursor in the field being typed into (all of it
/// with the cursor at its end, as in a shell), a list row's name or value (its editor opened
/// empty), or a choice field's value. False elsewhere.
pub(super) fn clear_field(app: &mut App) -> bool {
    if app.focus != Focus::Form {
        return false;
    }
    if app.editor.is_none()
        && app.section.is_list()
        && app.cursor().row < app.form.names(app.section).len()
    {
        edit_row(app);
    }
    if let Some(editor) = &mut app.editor {
        if editor.input.delete_line_by_head() {
            // A step of its own, apart from the typing before and after it.
            app.history.seal();
            apply_editor(app);
            app.history.seal();
        }
        return true;
    }
    match app.current_field() {
        Some(field) if matches!(field.kind(), FieldKind::Choice(_)) => {
            app.form.set_text(field, "");
            app.form_changed();
            true
        }
        _ => false,
    }
}

/// Undo (`back`) or redo: the form as it was, shown where the change was made. A name being
/// typed (not yet applied) takes back its own typing first, then is dropped.
pub(super) fn undo_redo(app: &mut App, back: bool) {
    if let Some(editor) = &mut app.editor
        && matches!(
            editor.target,
            EditTarget::Name { .. } | EditTarget::NewName { .. }
        )
    {
        let moved = if back {
            editor.input.undo()
        } else {
            editor.input.redo()
        };
        if !moved && back {
            app.editor = None;
        }
        return;
    }
    let step = if back {
        app.history.undo(&app.form)
    } else {
        app.history.redo(&app.form)
    };
    let Some(step) = step else {
        let what = if back { "undo" } else { "redo" };
        return app.set_status(Tone::Info, format!("nothing to {what}"));
    };
    // The editor holds the old text: it is opened again on the form as it now is.
    app.editor = None;
    app.form = step.form;
    app.section = step.section;
    *app.cursor_mut() = step.cursor;
    app.focus = Focus::Form;
    app.choice_typed = None;
    app.form_changed();
    sync_editor(app);
    let what = if back { "undone" } else { "redone" };
    app.set_status(
        Tone::Info,
        format!("{what}: {}", step.section.title().to_lowercase()),
    );
}

pub(super) fn edit_value(app: &mut App, section: Section, index: usize, value: usize, name: &str) {
    if section == Section::Metrics {
        let text = app.form.metric_text(name);
        app.editor = Some(Editor::new(
            EditTarget::Metric {
                name: name.to_string(),
            },
            &text,
        ));
        return;
    }
    let values = app.form.values(section, index);
    match values.get(value) {
        Some(text) => app.editor = Some(Editor::value(section, index, value, text)),
        None => edit_new_value(app, section, index, None),
    }
}

/// Adds an empty value to row `index` (after value `after`, or last) and edits it.
fn edit_new_value(app: &mut App, section: Section, index: usize, after: Option<usize>) {
    if let Some(value) = app.form.add_value(section, index, after) {
        app.cursor_mut().value_row = value;
        app.editor = Some(Editor::value(section, index, value, ""));
        app.form_changed();
    }
}

pub(super) fn list_move(app: &mut App, step: isize) {
    let cursor = app.cursor();
    if cursor.column == Column::Values && app.section != Section::Metrics {
        let count = app.form.values(app.section, cursor.row).len();
        let value_row =
            (cursor.value_row as isize + step).clamp(0, count.saturating_sub(1) as isize) as usize;
        app.cursor_mut().value_row = value_row;
    } else {
        move_row(app, step);
    }
}

/// The value of a choice field that letters typed one after another name, as file pickers
/// do: `typed` is what was typed before on this field, `c` the new letter. The letters so
/// far start a value (`e`, `em` → EMAIL); the same letter again goes on to the next value
/// starting with it (`a`, `a` → ADM, then APNS...); a letter that starts nothing with what
/// came before starts afresh. Returns what counts as typed now and the value, if any.
pub fn typed_choice(
    values: &'static [&'static str],
    current: &str,
    typed: &str,
    c: char,
) -> (String, Option<&'static str>) {
    let starts = |v: &str, prefix: &str| v.to_uppercase().starts_with(&prefix.to_uppercase());
    let prefix = format!("{typed}{c}");
    if prefix.chars().count() > 1 {
        if starts(current, &prefix) {
            return (prefix, values.iter().copied().find(|v| *v == current));
        }
        if let Some(v) = values.iter().copied().find(|v| starts(v, &prefix)) {
            return (prefix, Some(v));
        }
    }
    let same_letter = prefix.chars().all(|p| p.eq_ignore_ascii_case(&c));
    let typed = if same_letter { prefix } else { c.to_string() };
    // The next value after the current one that starts with the letter, round to the top.
    let after = values
        .iter()
        .position(|v| *v == current)
        .map_or(0, |i| i + 1);
    let found = (0..values.len())
        .map(|i| values[(after + i) % values.len()])
        .find(|v| starts(v, &c.to_string()));
    (typed, found)
}
