//! The In-app view of the preview pane: the application's in-app campaigns, each marked
//! with whether the form as it is now gets it (✓), does not (✗) or cannot tell (?), and
//! after an event which message the app would display (▶); below, the selected campaign's
//! reasons as a tree, or its message drawn as the device shows it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::inapp::Delivery;
use crate::model::inapp::display::{Platform, displayed};
use crate::model::segment::Verdict;
use crate::tui::app::{App, Focus};
use crate::tui::inapp::Detail;
use crate::tui::keymap::Action;
use crate::tui::theme;

use super::segments::{mark, tree_lines};

/// What the event did with a campaign: shown, qualified but not chosen, not qualified, or
/// not on the device at all.
fn event_mark(app: &App, delivery: &Delivery) -> Option<(&'static str, Style)> {
    let pick = app.inapp.pick.as_ref()?;
    Some(match app.inapp.candidate(&delivery.campaign_id) {
        None => ("–", theme::hint()),
        Some(_) if pick.shown.as_deref() == Some(delivery.campaign_id.as_str()) => {
            ("▶", theme::success().add_modifier(Modifier::BOLD))
        }
        Some(c) if c.criteria.verdict == Verdict::Match => ("✓", theme::warning()),
        Some(_) => ("✗", theme::error()),
    })
}

fn placeholder(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let inapp = &app.inapp;
    let reload = app.keymap.label(Action::Reload);
    if inapp.library.is_none() {
        let lines = match &inapp.error {
            Some(error) => vec![
                Line::styled(
                    format!("in-app campaigns not loaded: {}", super::printable(error)),
                    theme::error(),
                ),
                Line::styled(
                    format!("{reload} (this pane focused) tries again"),
                    theme::hint(),
                ),
            ],
            None if app.busy.is_some() || inapp.show_when_loaded => vec![Line::styled(
                "loading the in-app campaigns and templates (GetCampaigns, ListTemplates)…",
                theme::hint(),
            )],
            None => vec![Line::styled(
                format!("in-app campaigns not loaded: press {reload} with this pane focused"),
                theme::hint(),
            )],
        };
        return placeholder(frame, area, lines);
    }
    if inapp.deliveries.is_empty() {
        return placeholder(
            frame,
            area,
            vec![
                Line::raw("The application has no in-app campaigns."),
                Line::styled(
                    "Create some with `pinpoint-console campaigns create FILE` \
                     (examples in assets/campaigns/).",
                    theme::hint(),
                ),
            ],
        );
    }
    let focused = super::focused(app, Focus::Preview);
    let width = area.width as usize;
    // The first lines: the counts, then the event and what it shows.
    let (gets, unsure, of) = inapp.counts();
    let mut counts = format!("{gets} of {of} reach this form");
    if unsure > 0 {
        counts.push_str(&format!(" · {unsure} cannot tell"));
    }
    let mut head = vec![Line::styled(super::clip(&counts, width), theme::bold())];
    if let Some(pick) = &inapp.pick {
        let text = format!(
            "event {}: {}",
            super::printable(&inapp.event_text),
            super::printable(&inapp.pick_words())
        );
        let style = if pick.shown.is_some() {
            theme::success()
        } else {
            theme::warning()
        };
        // Whole when it fits in three rows (fewer on a short pane); the status line has it
        // too.
        let rows = match area.height {
            30.. => 3,
            16..30 => 2,
            _ => 1,
        };
        head.extend(
            super::wrap_clipped(&text, width, rows)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    }
    let head_rows = (head.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(head),
        Rect::new(area.x, area.y, area.width, head_rows),
    );
    // The list: at most a third of what is left, at least one row.
    let rest = area.height - head_rows;
    if rest == 0 {
        return;
    }
    let list_height = (inapp.deliveries.len() as u16).min(rest / 3).max(1);
    // The layout's column is as wide as the longest layout name when the names keep 16
    // columns (or a third of the width).
    let event_width = if inapp.pick.is_some() { 2 } else { 0 };
    let longest_name = inapp
        .deliveries
        .iter()
        .map(|d| d.name.as_ref().unwrap_or(&d.campaign_id).chars().count())
        .max()
        .unwrap_or(0);
    let fixed = 2 + 1 + event_width;
    let layout_width = 13.min((width / 3).max(width.saturating_sub(fixed + longest_name.min(16))));
    let name_width = width.saturating_sub(fixed + layout_width);
    let lines: Vec<Line> = super::in_view(&inapp.deliveries, inapp.selected, list_height.into())
        .map(|(i, d)| {
            let (sign, style) = mark(d.verdict);
            let name = d.name.clone().unwrap_or_else(|| d.campaign_id.clone());
            let name_style = theme::row(i == inapp.selected, focused);
            let layout = inapp.layouts.get(i).map_or("", String::as_str);
            let mut spans = vec![
                Span::styled(format!("{sign} "), style),
                Span::styled(
                    format!(
                        "{:<name_width$}",
                        super::clip(&super::printable(&name), name_width)
                    ),
                    name_style,
                ),
                Span::raw(format!(
                    " {:<layout_width$}",
                    super::clip(&super::printable(layout), layout_width)
                )),
            ];
            if let Some((sign, style)) = event_mark(app, d) {
                spans.push(Span::styled(format!(" {sign}"), style));
            }
            Line::from(spans)
        })
        .collect();
    let list_y = area.y + head_rows;
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, list_y, area.width, list_height),
    );
    let Some(selected) = inapp.current() else {
        return;
    };
    // Under a rule naming what it shows: the reasons or the message.
    let rule_y = list_y + list_height;
    let below = area.height.saturating_sub(head_rows + list_height);
    if below < 2 {
        return;
    }
    let switch = app.keymap.label(Action::SwitchView);
    let (what, other) = match inapp.detail {
        Detail::Reasons => ("reasons", "message"),
        Detail::Message => ("message", "reasons"),
    };
    let rule = format!("── {what} ({switch}: {other}) ");
    let rule = format!(
        "{rule}{}",
        "─".repeat(width.saturating_sub(rule.chars().count()))
    );
    frame.render_widget(
        Paragraph::new(Line::styled(super::clip(&rule, width), theme::hint())),
        Rect::new(area.x, rule_y, area.width, 1),
    );
    let detail = Rect::new(area.x, rule_y + 1, area.width, below - 1);
    match inapp.detail {
        Detail::Reasons => draw_reasons(app, frame, detail, selected),
        Detail::Message => draw_message(app, frame, detail, &selected.campaign_id),
    }
}

fn draw_reasons(app: &App, frame: &mut Frame, area: Rect, selected: &Delivery) {
    let mut tree = tree_lines(&selected.criteria, 0, area.width);
    if let Some(event) = &app.inapp.event {
        let name = super::printable(&event.name);
        tree.push(Line::raw(""));
        match app.inapp.candidate(&selected.campaign_id) {
            None => tree.push(Line::styled(
                format!("on `{name}`: not on the device (GetInAppMessages does not return it)"),
                theme::hint(),
            )),
            Some(c) => {
                let shown = app.inapp.pick.as_ref().and_then(|p| p.shown.as_deref())
                    == Some(selected.campaign_id.as_str());
                let verdict = match (c.criteria.verdict, c.kept, shown) {
                    (_, _, true) => "shown",
                    (Verdict::Match, true, false) => {
                        "qualifies; another of the same priority ends first"
                    }
                    (Verdict::Match, false, _) => "qualifies; a message of higher priority wins",
                    _ => "does not qualify",
                };
                tree.push(Line::styled(
                    format!("on `{name}` the Amplify client's checks: {verdict}"),
                    theme::bold(),
                ));
                // The message named as the campaign is, not by its id.
                let mut criteria = c.criteria.clone();
                if let Some(name) = &selected.name {
                    criteria.text = format!("message \"{name}\"");
                }
                tree.extend(tree_lines(&criteria, 1, area.width));
            }
        }
    }
    super::preview_text(app, frame, tree, area);
}

fn draw_message(app: &App, frame: &mut Frame, area: Rect, campaign_id: &str) {
    let message = match app.inapp_message(campaign_id) {
        Ok(message) => message,
        Err(why) => {
            app.scroll_limits.preview.set(0);
            return placeholder(
                frame,
                area,
                vec![Line::styled(
                    format!("no message to draw: {}", super::printable(&why)),
                    theme::error(),
                )],
            );
        }
    };
    let platform = Platform::of(app.form.info.demographic.platform.as_deref());
    let message = displayed(&message, platform);
    let page = app.inapp.page.min(message.pages.len().saturating_sub(1));
    // Two rows at most (one on a short pane): the opened message shows it in full.
    let caption = super::device::caption(&message, page);
    let rows = if area.height >= 12 { 2 } else { 1 };
    let caption: Vec<Line> = super::wrap_clipped(&caption, area.width as usize, rows)
        .into_iter()
        .map(|l| Line::styled(l, theme::hint()))
        .collect();
    let caption_rows = (caption.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(caption),
        Rect::new(area.x, area.y, area.width, caption_rows),
    );
    let screen = Rect::new(
        area.x,
        area.y + caption_rows,
        area.width,
        area.height - caption_rows,
    );
    let limit = super::device::draw(
        frame,
        screen,
        &message,
        page,
        app.preview_scroll,
        app.true_color,
    );
    app.scroll_limits.preview.set(limit);
}
