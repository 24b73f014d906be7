//! A bulk run from the profile picker: the prompt read as the `bulk` command's words, and
//! its dialog.

use super::*;

/// Starts a bulk run from a profile: `COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]]` and
/// the options of the `bulk` command (`--address`, `--start`, `--vary`).
pub(super) fn start_bulk(
    app: &mut App,
    profile: &str,
    text: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), String> {
    let (count, options) = crate::cli::BulkPrompt::parse_text(text)?;
    if app.read_only() {
        return Err("the target is read-only: bulk writes are unavailable".into());
    }
    if app.connection().is_none() {
        return Err("not connected to a target yet".into());
    }
    app.dialog = Some(Dialog::Bulk(BulkRun {
        profile: profile.to_string(),
        progress: Progress {
            finished: 0,
            failed: 0,
            total: count,
        },
        report: None,
        cancelling: false,
        notice: None,
    }));
    fx.push(Effect::Bulk {
        profile: profile.to_string(),
        count,
        options,
    });
    Ok(())
}

/// The bulk run's dialog, open or covered by the quit question.
pub(super) fn bulk_run(app: &mut App) -> Option<&mut BulkRun> {
    [&mut app.dialog, &mut app.stashed_dialog]
        .into_iter()
        .find_map(|d| match d {
            Some(Dialog::Bulk(run)) => Some(run),
            _ => None,
        })
}
