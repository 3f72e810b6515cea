//! Logging that follows Terraform's conventions: `TF_LOG_PROVIDER`, else
//! `TF_LOG` (TRACE, DEBUG, INFO, WARN, ERROR, OFF, JSON) sets the level of the
//! provider's logs. Lines go to stderr in go-hclog's JSON shape (`@level`,
//! `@message`, `@module`, `@timestamp`), which Terraform parses and files
//! under the provider in its own log.

use std::fmt;

use serde_json::{Map, Value as Json};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// The level Terraform's variables ask for; `None` when logging is off.
pub fn level_from(tf_log_provider: Option<&str>, tf_log: Option<&str>) -> Option<LevelFilter> {
    let setting = tf_log_provider.filter(|s| !s.is_empty()).or(tf_log)?;
    match setting.to_ascii_uppercase().as_str() {
        "TRACE" | "JSON" => Some(LevelFilter::TRACE),
        "DEBUG" => Some(LevelFilter::DEBUG),
        "INFO" => Some(LevelFilter::INFO),
        "WARN" => Some(LevelFilter::WARN),
        "ERROR" => Some(LevelFilter::ERROR),
        "" | "OFF" => None,
        // Terraform treats any other value as TRACE.
        _ => Some(LevelFilter::TRACE),
    }
}

/// Installs the stderr logger for the provider process. tf-provider installs
/// its own when PLUGIN_LOG_FILE is set, and only one may exist.
pub fn init_provider_logging() {
    if std::env::var_os("PLUGIN_LOG_FILE").is_some() {
        return;
    }
    let level = level_from(
        std::env::var("TF_LOG_PROVIDER").ok().as_deref(),
        std::env::var("TF_LOG").ok().as_deref(),
    );
    if let Some(level) = level {
        // Our own logs at the chosen level; the gRPC and TLS stack only when
        // something goes wrong.
        let targets = Targets::new()
            .with_target("coderform", level)
            .with_target("terraform_provider_coder", level)
            .with_target("tf_provider", level)
            .with_default(level.min(LevelFilter::WARN));
        let _ = tracing_subscriber::fmt()
            .with_max_level(level)
            .with_writer(std::io::stderr)
            .event_format(HclogJson)
            .finish()
            .with(targets)
            .try_init();
    }
}

/// One go-hclog JSON line per event.
struct HclogJson;

#[derive(Default)]
struct Fields {
    message: String,
    others: Map<String, Json>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            self.others.insert(field.name().into(), Json::from(value));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }
}

/// go-plugin accepts a line as a log entry only with exactly this layout
/// (Go's `2006-01-02T15:04:05.000000Z07:00`, six fractional digits).
fn hclog_timestamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        now.microsecond()
    )
}

/// The event as go-hclog would write it.
fn hclog_line(level: &tracing::Level, fields: Fields, timestamp: String) -> String {
    let mut object = Map::new();
    object.insert(
        "@level".into(),
        Json::from(level.as_str().to_ascii_lowercase()),
    );
    object.insert("@message".into(), Json::from(fields.message));
    object.insert(
        "@module".into(),
        Json::from("provider.terraform-provider-coder"),
    );
    object.insert("@timestamp".into(), Json::from(timestamp));
    object.extend(fields.others);
    Json::Object(object).to_string()
}

impl<S, N> FormatEvent<S, N> for HclogJson
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _context: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let line = hclog_line(event.metadata().level(), fields, hclog_timestamp());
        writeln!(writer, "{line}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_setting_wins_and_off_means_off() {
        assert_eq!(
            level_from(Some("warn"), Some("TRACE")),
            Some(LevelFilter::WARN)
        );
        assert_eq!(level_from(None, Some("DEBUG")), Some(LevelFilter::DEBUG));
        assert_eq!(level_from(None, Some("OFF")), None);
        assert_eq!(level_from(None, None), None);
        assert_eq!(level_from(Some(""), Some("info")), Some(LevelFilter::INFO));
    }

    #[test]
    fn lines_have_hclog_keys() {
        let mut fields = Fields {
            message: "configuring provider".into(),
            ..Fields::default()
        };
        fields
            .others
            .insert("terraform_version".into(), Json::from("1.11.4"));
        let line = hclog_line(
            &tracing::Level::DEBUG,
            fields,
            "2026-01-01T00:00:00Z".into(),
        );
        let parsed: Json = serde_json::from_str(&line).expect("JSON");
        assert_eq!(parsed["@level"], "debug");
        assert_eq!(parsed["@message"], "configuring provider");
        assert_eq!(parsed["@module"], "provider.terraform-provider-coder");
        assert_eq!(parsed["terraform_version"], "1.11.4");
    }

    #[test]
    fn timestamps_have_six_fractional_digits() {
        let stamp = hclog_timestamp();
        let (_, fraction) = stamp.split_once('.').expect("fraction");
        assert_eq!(fraction.len(), 7, "{stamp}");
        assert!(fraction.ends_with('Z'));
    }
}
