//! The argument structs that the command line and the console share: how `bulk` makes each
//! endpoint from a profile ([`PlanOptions`]), and the console's bulk prompt, which takes the
//! `bulk` command's words ([`BulkPrompt`]). The plan itself is made in `model::bulk`.

use clap::{Args, Parser};

use crate::model::UserInfo;
use crate::model::bulk::Plan;

/// How `bulk` makes each endpoint from the profile; the console's bulk prompt takes the same.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct PlanOptions {
    /// Endpoint id template, e.g. qa-{n:05} (the item's number from --start, here padded to
    /// 5 digits; n alone in braces is not padded) or load-{uuid} (random). Default: the
    /// profile's endpoint id, a dash and the number. (Help text cannot show n alone in
    /// braces; the README does.)
    #[arg(long, value_name = "TEMPLATE")]
    pub endpoint_id: Option<String>,
    /// User id template, like --endpoint-id (default: the profile's user id, a dash and the
    /// number, if it has one).
    #[arg(long, value_name = "TEMPLATE")]
    pub user_id: Option<String>,
    /// Address template (endpoints with the same address make each other INACTIVE).
    #[arg(long, value_name = "TEMPLATE")]
    pub address: Option<String>,
    /// The number of the first item.
    #[arg(long, default_value_t = 1)]
    pub start: u64,
    /// A field that cycles through values: FIELD=A,B,C or FIELD=FROM..TO (repeatable), e.g.
    /// demographic.platform=iOS,Android or metrics.logins=0..500.
    #[arg(long, value_name = "FIELD=VALUES")]
    pub vary: Vec<String>,
}

impl PlanOptions {
    /// The plan for `count` endpoints from `base`: the endpoint id defaults to the profile's
    /// id with `-{n}` after it, the user id likewise when the profile has one.
    pub fn plan(&self, base: UserInfo, count: u64) -> Result<Plan, String> {
        Plan::from_templates(
            base,
            count,
            self.start,
            self.endpoint_id.as_deref(),
            self.user_id.as_deref(),
            self.address.as_deref(),
            &self.vary,
        )
    }
}

/// The console's bulk prompt, in the words of the `bulk` command:
/// `COUNT [ENDPOINT_ID_TEMPLATE [USER_ID_TEMPLATE]] [--address T] [--start N] [--vary F=V]...`.
#[derive(Debug, Parser)]
#[command(no_binary_name = true, name = "bulk prompt", disable_help_flag = true)]
pub struct BulkPrompt {
    pub count: u64,
    /// Short for --endpoint-id (after `--` when it starts with a dash).
    #[arg(conflicts_with = "endpoint_id")]
    endpoint_id_template: Option<String>,
    /// Short for --user-id.
    #[arg(conflicts_with = "user_id")]
    user_id_template: Option<String>,
    #[command(flatten)]
    pub plan: PlanOptions,
}

impl BulkPrompt {
    /// Reads the prompt's text (split as a shell would); an error is one line.
    pub fn parse_text(text: &str) -> Result<(u64, PlanOptions), String> {
        let words = shlex::split(text).ok_or("a quote is not closed")?;
        let how_many = "start with how many endpoints, e.g. 100";
        if words
            .first()
            .and_then(|w| w.parse::<u64>().ok())
            .is_none_or(|n| n == 0)
        {
            return Err(how_many.into());
        }
        let prompt = BulkPrompt::try_parse_from(words).map_err(|e| {
            // clap's first line, and its tip if it has one ("a similar argument exists").
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            let mut line = first.trim_start_matches("error: ").to_string();
            if let Some(tip) = text.lines().find_map(|l| l.trim().strip_prefix("tip: ")) {
                line.push_str(&format!(" ({tip})"));
            }
            line
        })?;
        let mut plan = prompt.plan;
        plan.endpoint_id = plan.endpoint_id.or(prompt.endpoint_id_template);
        plan.user_id = plan.user_id.or(prompt.user_id_template);
        // The templates and --vary are read now, so that a mistake keeps the prompt open.
        plan.plan(UserInfo::default(), prompt.count)?;
        Ok((prompt.count, plan))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bulk_prompt_reads_the_bulk_commands_words() {
        let (count, plan) = BulkPrompt::parse_text("5 qa-{n} 'user {n}'").unwrap();
        assert_eq!(count, 5);
        assert_eq!(plan.endpoint_id.as_deref(), Some("qa-{n}"));
        assert_eq!(plan.user_id.as_deref(), Some("user {n}"));
        assert_eq!((plan.start, plan.address, plan.vary.len()), (1, None, 0));
        let (_, plan) = BulkPrompt::parse_text("5 -- -{n}").unwrap();
        assert_eq!(plan.endpoint_id.as_deref(), Some("-{n}"));
        let (_, plan) = BulkPrompt::parse_text(
            "5 --endpoint-id e-{n} --vary metrics.logins=0..9 --vary attributes.a=x",
        )
        .unwrap();
        assert_eq!(plan.endpoint_id.as_deref(), Some("e-{n}"));
        assert_eq!(plan.vary, ["metrics.logins=0..9", "attributes.a=x"]);
        for (text, says) in [
            ("", "how many"),
            ("0", "how many"),
            ("ten", "how many"),
            ("5 'qa", "quote"),
            (
                "5 --adress x",
                "unexpected argument '--adress' found (a similar argument exists: '--address')",
            ),
            ("5 a-{n} --endpoint-id b-{n}", "cannot be used with"),
            ("5 --start", "a value is required"),
            ("5 qa-{x}", "{x}"),
            ("5 --vary nonsense", "nonsense"),
            ("5 --help", "unexpected argument '--help'"),
        ] {
            let error = BulkPrompt::parse_text(text).unwrap_err();
            assert!(error.contains(says), "{text:?}: {error}");
            assert!(
                !error.contains('\n') && !error.starts_with("error"),
                "{error}"
            );
        }
    }
}
