//! `coder_app`: a web app or command the dashboard offers for an agent.

use std::sync::LazyLock;

use regex::Regex;

use super::check::Finding;
use super::validate::Validator;
use super::{Attribute, NestedBlock, TypeSchema};
use crate::value::{go_quote, Value};

/// Slugs become hostnames in subdomain URLs; coderd checks the same pattern.
pub const SLUG_PATTERN: &str = "^[a-z0-9](-?[a-z0-9])*$";

static SLUG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(SLUG_PATTERN).expect("constant pattern"));

pub fn schema() -> TypeSchema {
    TypeSchema::resource(
        "coder_app",
        1,
        "An app the dashboard offers for an agent: a URL proxied through Coder, a command \
         run in a terminal, or an external link.",
    )
    .attribute(
        Attribute::string("agent_id", "ID of the `coder_agent` the app belongs to.")
            .required()
            .force_new(),
    )
    .attribute(
        Attribute::string(
            "command",
            "Command run in a terminal when the app is opened.",
        )
        .force_new()
        .conflicts_with(&["url", "subdomain"]),
    )
    .attribute(
        Attribute::string(
            "display_name",
            "Name shown in the dashboard (at most 64 bytes).",
        )
        .force_new()
        .validate(Validator::Custom(display_name)),
    )
    .attribute(
        Attribute::bool(
            "external",
            "Open `url` directly in the browser instead of through Coder's proxy.",
        )
        .force_new()
        .default(false)
        .conflicts_with(&["healthcheck", "command", "subdomain", "share"]),
    )
    .attribute(
        Attribute::string(
            "group",
            "Name of the group the app is listed under (at most 64 bytes).",
        )
        .force_new()
        .validate(Validator::Custom(group)),
    )
    .attribute(
        Attribute::bool("hidden", "Keep the app out of the dashboard's app list.")
            .force_new()
            .default(false),
    )
    .attribute(
        Attribute::string(
            "icon",
            "URL or built-in path (`/icon/...`) of the app's icon.",
        )
        .force_new()
        .validate(Validator::Url),
    )
    .attribute(Attribute::string("id", "Unique identifier of this app.").optional_computed())
    .attribute(
        Attribute::string("open_in", "Where the app opens: `slim-window` or `tab`.")
            .force_new()
            .default("slim-window")
            .validate(Validator::Custom(open_in)),
    )
    .attribute(Attribute::integer("order", "Position of the app in the dashboard.").force_new())
    .attribute(
        Attribute::string(
            "share",
            "Who may open the app: `owner`, `authenticated` or `public`.",
        )
        .force_new()
        .default("owner")
        .validate(Validator::Custom(share)),
    )
    .attribute(
        Attribute::string(
            "slug",
            "Identifier of the app in URLs: lower-case letters, digits and single inner hyphens.",
        )
        .required()
        .force_new()
        .validate(Validator::Custom(slug)),
    )
    .attribute(
        Attribute::bool(
            "subdomain",
            "Serve the app on its own subdomain rather than a path.",
        )
        .force_new(),
    )
    .attribute(
        Attribute::string(
            "tooltip",
            "Markdown shown when hovering the app (at most 2048 bytes).",
        )
        .force_new()
        .validate(Validator::Custom(tooltip)),
    )
    .attribute(
        Attribute::string(
            "url",
            "URL the app serves, as the agent reaches it (for example http://localhost:8080).",
        )
        .force_new()
        .conflicts_with(&["command"]),
    )
    .block(
        NestedBlock::set("healthcheck", "How Coder checks that the app is up.")
            .max_items(1)
            .force_new()
            .conflicts_with(&["command"])
            .attribute(
                Attribute::integer("interval", "Seconds between two checks.")
                    .required()
                    .force_new(),
            )
            .attribute(
                Attribute::integer(
                    "threshold",
                    "Failed checks in a row before the app counts as unhealthy.",
                )
                .required()
                .force_new(),
            )
            .attribute(
                Attribute::string("url", "URL that answers the check.")
                    .required()
                    .force_new(),
            ),
    )
}

fn string_check(
    value: &Value,
    ok: impl Fn(&str) -> bool,
    message: impl Fn(&str) -> String,
) -> Vec<Finding> {
    match value.as_str() {
        Some(s) if !ok(s) => vec![Finding::error(message(s))],
        _ => Vec::new(),
    }
}

fn slug(_key: &str, value: &Value) -> Vec<Finding> {
    string_check(
        value,
        |s| SLUG.is_match(s),
        |s| {
            format!(
            "invalid \"coder_app\" slug, must be a valid hostname ({}, cannot contain two consecutive hyphens or start/end with a hyphen): {}",
            go_quote(SLUG_PATTERN),
            go_quote(s)
        )
        },
    )
}

fn share(_key: &str, value: &Value) -> Vec<Finding> {
    string_check(
        value,
        |s| matches!(s, "owner" | "authenticated" | "public"),
        |s| {
            format!(
                "invalid app share {}, must be one of \"owner\", \"authenticated\", \"public\"",
                go_quote(s)
            )
        },
    )
}

fn open_in(_key: &str, value: &Value) -> Vec<Finding> {
    string_check(
        value,
        |s| matches!(s, "tab" | "slim-window"),
        |s| {
            format!(
                "invalid \"coder_app\" open_in value, must be one of \"tab\", \"slim-window\": {}",
                go_quote(s)
            )
        },
    )
}

fn display_name(_key: &str, value: &Value) -> Vec<Finding> {
    string_check(
        value,
        |s| s.len() <= 64,
        |_| "display name is too long (max 64 characters)".into(),
    )
}

fn group(_key: &str, value: &Value) -> Vec<Finding> {
    string_check(
        value,
        |s| s.len() <= 64,
        |_| "group name is too long (max 64 characters)".into(),
    )
}

fn tooltip(_key: &str, value: &Value) -> Vec<Finding> {
    string_check(
        value,
        |s| s.len() <= 2048,
        |_| "tooltip is too long (max 2048 characters)".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(findings: Vec<Finding>) -> Option<String> {
        findings.into_iter().next().map(|f| f.summary)
    }

    #[test]
    fn slugs() {
        for ok in ["code-server", "a", "a1-b2"] {
            assert!(slug("slug", &Value::string(ok)).is_empty(), "{ok}");
        }
        for bad in ["Code-Server", "-a", "a-", "a--b", "", "a_b"] {
            assert!(!slug("slug", &Value::string(bad)).is_empty(), "{bad}");
        }
        assert_eq!(
            first(slug("slug", &Value::string("Bad_Slug"))).unwrap(),
            r#"invalid "coder_app" slug, must be a valid hostname ("^[a-z0-9](-?[a-z0-9])*$", cannot contain two consecutive hyphens or start/end with a hyphen): "Bad_Slug""#
        );
    }

    #[test]
    fn enumerations_and_lengths() {
        assert_eq!(
            first(share("share", &Value::string("blah"))).unwrap(),
            r#"invalid app share "blah", must be one of "owner", "authenticated", "public""#
        );
        assert_eq!(
            first(open_in("open_in", &Value::string("nonsense"))).unwrap(),
            r#"invalid "coder_app" open_in value, must be one of "tab", "slim-window": "nonsense""#
        );
        assert!(display_name("d", &Value::string("x".repeat(64))).is_empty());
        assert!(!display_name("d", &Value::string("x".repeat(65))).is_empty());
        assert!(!tooltip("t", &Value::string("x".repeat(2049))).is_empty());
    }
}
