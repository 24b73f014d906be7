//! Keys in the panes: the section list, the form's fields and lists (with the field
//! editor), and the preview's scrolling.

use super::*;

pub(super) fn sections_key(app: &mut App, key: Key) {
    let i = app.section_index();
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => app.section = Section::ALL[(i + 1).min(5)],
        KeyCode::Up | KeyCode::Char('k') => app.section = Section::ALL[i.saturating_sub(1)],
        KeyCode::Char(c @ '1'..='6') => app.section = Section::ALL[c as usize - '1' as usize],
        KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => {
            app.focus = Focus::Form;
            sync_editor(app);
        }
        _ => {}
    }
}

pub(super) fn preview_key(app: &mut App, key: Key) {
    // Past the end (the terminal grew since) counts from the end.
    let limit = app.scroll_limits.preview.get();
    app.preview_scroll = app.preview_scroll.min(limit);
    if app.preview == PreviewMode::InApp {
        return inapp_key(app, key);
    }
    if app.preview == PreviewMode::Segments {
        let count = app.segment_results.len();
        let selected = app.segment_selected;
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                app.segment_selected = (selected + 1).min(count.saturating_sub(1));
            }
            KeyCode::Up | KeyCode::Char('k') => app.segment_selected = selected.saturating_sub(1),
            // The criteria tree of the selected segment scrolls.
            KeyCode::PageDown => {
                app.preview_scroll = app.preview_scroll.saturating_add(5).min(limit);
            }
            KeyCode::PageUp => app.preview_scroll = app.preview_scroll.saturating_sub(5),
            _ => {}
        }
        if app.segment_selected != selected {
            app.preview_scroll = 0;
        }
        return;
    }
    app.preview_scroll = match key.code {
        KeyCode::Down | KeyCode::Char('j') => app.preview_scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => app.preview_scroll.saturating_sub(1),
        KeyCode::PageDown => app.preview_scroll.saturating_add(10),
        KeyCode::PageUp => app.preview_scroll.saturating_sub(10),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => limit,
        _ => app.preview_scroll,
    }
    .min(limit);
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
                // Typed from empty (the new metric is 0 until a number is typed).
                Section::Metrics => Editor::new(EditTarget::Metric { name: text.clone() }, ""),
                _ => {
                    let value = app.form.add_value(section, index, None).unwrap_or(0);
                    Editor::new(
                        EditTarget::Value {
                            section,
                            index,
                            value,
                        },
                        "",
                    )
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
    match editor.target.clone() {
        EditTarget::Field(field) => app.form.set_text(field, &text),
        EditTarget::Value {
            section,
            index,
            value,
        } => app.form.set_value(section, index, value, &text),
        EditTarget::Metric { name } => app.form.set_metric_text(&name, &text),
        EditTarget::Name { .. } | EditTarget::NewName { .. } => return,
    }
    app.form_changed();
}

pub(super) fn form_key(app: &mut App, key: Key, event: KeyEvent) {
    if app.section.is_list() {
        list_key(app, key, event)
    } else {
        scalar_key(app, key, event)
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

pub(super) fn scalar_key(app: &mut App, key: Key, event: KeyEvent) {
    let Some(field) = app.current_field() else {
        return;
    };
    match key.code {
        KeyCode::Up => move_row(app, -1),
        KeyCode::Down | KeyCode::Enter => move_row(app, 1),
        KeyCode::Esc => {
            commit_editor(app);
            app.focus = Focus::Sections;
            return;
        }
        _ => match field.kind() {
            FieldKind::Choice(_) => match key.code {
                KeyCode::Right | KeyCode::Char(' ') => app.form.cycle_choice(field, 1),
                KeyCode::Left => app.form.cycle_choice(field, -1),
                KeyCode::Backspace | KeyCode::Delete => app.form.set_text(field, ""),
                _ => return,
            },
            _ => {
                if let Some(editor) = &mut app.editor
                    && editor.input.input(event)
                {
                    apply_editor(app);
                }
                return;
            }
        },
    }
    app.form_changed();
    sync_editor(app);
}

pub(super) fn list_key(app: &mut App, key: Key, event: KeyEvent) {
    let section = app.section;
    if app.editor.is_some() {
        match key.code {
            KeyCode::Enter | KeyCode::Esc => commit_editor(app),
            KeyCode::Up | KeyCode::Down => {
                commit_editor(app);
                list_move(app, if key.code == KeyCode::Up { -1 } else { 1 });
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
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Esc => app.focus = Focus::Sections,
        KeyCode::Up | KeyCode::Down
            if alt && cursor.column == Column::Values && section != Section::Metrics =>
        {
            let step = if key.code == KeyCode::Up { -1 } else { 1 };
            let moved = app
                .form
                .move_value(section, cursor.row, cursor.value_row, step);
            app.cursor_mut().value_row = moved;
            app.form_changed();
        }
        KeyCode::Char('K') | KeyCode::Char('J')
            if cursor.column == Column::Values && section != Section::Metrics =>
        {
            let step = if key.code == KeyCode::Char('K') {
                -1
            } else {
                1
            };
            let moved = app
                .form
                .move_value(section, cursor.row, cursor.value_row, step);
            app.cursor_mut().value_row = moved;
            app.form_changed();
        }
        KeyCode::Up | KeyCode::Char('k') => list_move(app, -1),
        KeyCode::Down | KeyCode::Char('j') => list_move(app, 1),
        KeyCode::Left | KeyCode::Char('h') => app.cursor_mut().column = Column::Names,
        KeyCode::Right | KeyCode::Char('l') if name.is_some() => {
            app.cursor_mut().column = Column::Values
        }
        KeyCode::Enter | KeyCode::Char('e') => match (cursor.column, name) {
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
        },
        KeyCode::Char('a') | KeyCode::Insert => match (cursor.column, name) {
            (Column::Values, Some(name)) if section == Section::Metrics => {
                edit_value(app, section, cursor.row, 0, &name)
            }
            (Column::Values, Some(_)) => {
                let after =
                    (!app.form.values(section, cursor.row).is_empty()).then_some(cursor.value_row);
                if let Some(value) = app.form.add_value(section, cursor.row, after) {
                    app.cursor_mut().value_row = value;
                    app.editor = Some(Editor::new(
                        EditTarget::Value {
                            section,
                            index: cursor.row,
                            value,
                        },
                        "",
                    ));
                    app.form_changed();
                }
            }
            _ => app.editor = Some(Editor::new(EditTarget::NewName { section }, "")),
        },
        KeyCode::Char('d') | KeyCode::Delete => match (cursor.column, name) {
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
                app.set_status(
                    Tone::Info,
                    format!("removed `{name}` from {}", section.title()),
                );
            }
            _ => {}
        },
        _ => {}
    }
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
        Some(text) => {
            app.editor = Some(Editor::new(
                EditTarget::Value {
                    section,
                    index,
                    value,
                },
                text,
            ))
        }
        None => {
            if let Some(value) = app.form.add_value(section, index, None) {
                app.cursor_mut().value_row = value;
                app.editor = Some(Editor::new(
                    EditTarget::Value {
                        section,
                        index,
                        value,
                    },
                    "",
                ));
                app.form_changed();
            }
        }
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
