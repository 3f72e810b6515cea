//! Logging that follows Terraform's conventions: `TF_LOG_PROVIDER`, else
//! `TF_LOG` (TRACE, DEBUG, INFO, WARN, ERROR, OFF, JSON) sets the level of the
//! provider's logs, written to stderr where Terraform collects them.

use tracing_subscriber::filter::LevelFilter;

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
        let _ = tracing_subscriber::fmt()
            .with_max_level(level)
            .with_ansi(false)
            .with_writer(std::io::stderr)
            .json()
            .try_init();
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
}
