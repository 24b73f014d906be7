//! Pasted text (a JSON endpoint loads, or into a field offers to; other text is typed) and mouse clicks and
//! scrolling.

use super::*;

pub(super) fn on_paste(app: &mut App, text: &str, fx: &mut Vec<Effect>) {
    match &mut app.dialog {
        Some(Dialog::Prompt { input, .. }) => {
            input.insert_str(text.lines().next().unwrap_or_default());
            return;
        }
        Some(Dialog::Picker(picker)) => {
            picker
                .filter
                .insert_str(text.lines().next().unwrap_or_default());
            picker.selected = 0;
            return;
        }
        Some(_) => return,
        None => {}
    }
    // A JSON endpoint pasted into a field: loading it is offered (n leaves the field as
    // it was), instead of its text flattened into the field.
    let object = app.editor.is_some() && text.trim_start().starts_with('{');
    let endpoint = object.then(|| parse_json(text));
    if let Some(Ok((shape, form))) = endpoint {
        let mut lines = vec![format!("The pasted text is an endpoint ({shape}).")];
        if app.dirty() {
            lines.push("The form has unsaved changes: loading it discards them.".into());
        }
        let no = app.keymap.label(Action::No);
        lines.push(format!("Load it as the form? ({no} pastes nothing)"));
        return confirm(
            app,
            "Load pasted endpoint",
            lines,
            "load",
            Pending::Replace(Replacement {
                form,
                profile: None,
                origin: format!("pasted {shape}"),
            }),
        );
    }
    if let Some(editor) = &mut app.editor {
        let line = text.replace(['\r', '\n'], " ");
        editor.input.insert_str(line.trim_end());
        // A paste is one undo step, apart from the typing around it.
        app.history.seal();
        apply_editor(app);
        app.history.seal();
        // JSON that is no endpoint is typed in, and why it did not load is said.
        if let Some(Err(e)) = endpoint {
            app.set_status(
                Tone::Info,
                format!("pasted as text: as an endpoint it does not load: {e}"),
            );
        }
        return;
    }
    match parse_json(text) {
        Ok((shape, form)) => guard(
            app,
            Pending::Replace(Replacement {
                form,
                profile: None,
                origin: format!("pasted {shape}"),
            }),
            fx,
        ),
        Err(e) => app.set_status(
            Tone::Error,
            format!("the pasted text is not an endpoint: {e}"),
        ),
    }
}

pub(super) fn on_mouse(app: &mut App, mouse: MouseEvent) {
    if app.dialog.is_some() {
        return;
    }
    let areas: Areas = layout(app.size.0, app.size.1);
    let (x, y) = (mouse.column, mouse.row);
    let inside =
        |r: ratatui::layout::Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
    match mouse.kind {
        MouseEventKind::ScrollDown if inside(areas.preview) => {
            app.preview_scroll = app
                .preview_scroll
                .saturating_add(3)
                .min(app.scroll_limits.preview.get())
        }
        MouseEventKind::ScrollUp if inside(areas.preview) => {
            app.preview_scroll = app.preview_scroll.saturating_sub(3)
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if inside(areas.sections) {
                commit_editor(app);
                if let Some(section) = areas.section_at(x, y) {
                    app.section = section;
                }
                app.focus = Focus::Sections;
            } else if inside(areas.form) {
                commit_editor(app);
                app.focus = Focus::Form;
                let row = y.saturating_sub(areas.form.y + 1) as usize;
                if app.section.is_list() {
                    // The same rows and scrolling as the view draws.
                    let inner = ratatui::widgets::Block::bordered().inner(areas.form);
                    let rows = list_rows(app, inner);
                    let names = app.form.names(app.section).len();
                    let values = app.form.values(app.section, app.cursor().row).len();
                    let c = app.cursor_mut();
                    if x >= rows.values.x && names > 0 {
                        let clicked = y.saturating_sub(rows.values.y) as usize + rows.values_offset;
                        c.column = Column::Values;
                        c.value_row = clicked.min(values.saturating_sub(1));
                    } else {
                        let clicked = y.saturating_sub(rows.names.y) as usize + rows.names_offset;
                        c.column = Column::Names;
                        c.row = clicked.min(names.saturating_sub(1));
                        c.value_row = 0;
                    }
                } else {
                    let count = app.section.fields().len();
                    app.cursor_mut().row = row.min(count.saturating_sub(1));
                }
                sync_editor(app);
            } else if inside(areas.preview) {
                commit_editor(app);
                app.focus = Focus::Preview;
            }
        }
        _ => {}
    }
}
