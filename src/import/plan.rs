//! Coder's build-time check on a real plan: `terraform show -json` of a plan
//! (format 0.x or 1.x), with the `coder_ai_task` instances it would create
//! counted across every module, and the message Coder gives per version.

use serde_json::Value as Json;

use crate::analyzer::config::CoderVersion;

/// The planned `coder_ai_task` instances, or why the JSON is not a plan.
pub fn planned_tasks(plan: &Json) -> Result<u64, String> {
    let version = plan["format_version"].as_str().unwrap_or_default();
    if !(version.starts_with("0.") || version.starts_with("1.")) {
        return Err(format!(
            "not the JSON of a plan (`terraform show -json PLANFILE`): format_version {version:?}"
        ));
    }
    let Some(root) = plan
        .get("planned_values")
        .and_then(|p| p.get("root_module"))
    else {
        // A plan that changes nothing may leave planned_values out.
        return if plan.get("planned_values").is_none() && plan.get("resource_changes").is_some() {
            Ok(0)
        } else {
            Err("not the JSON of a plan: it has no planned_values".into())
        };
    };
    Ok(count(root))
}

fn count(module: &Json) -> u64 {
    let own = module["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["mode"] == "managed" && r["type"] == "coder_ai_task")
        .count() as u64;
    let children: u64 = module["child_modules"]
        .as_array()
        .into_iter()
        .flatten()
        .map(count)
        .sum();
    own + children
}

/// The error Coder gives a build planning `count` task instances, if any.
pub fn coder_message(count: u64, version: CoderVersion) -> Option<String> {
    if count <= 1 || version.ignores_tasks() {
        return None;
    }
    let base = "only one 'coder_ai_task' resource can be provisioned per template";
    Some(if version.reports_task_count() {
        format!("{base}, found {count}")
    } else {
        base.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_across_modules() {
        let plan = json!({
            "format_version": "1.2",
            "planned_values": {"root_module": {
                "resources": [{"mode": "managed", "type": "coder_ai_task"}, {"mode": "data", "type": "coder_ai_task"}],
                "child_modules": [{"resources": [{"mode": "managed", "type": "coder_ai_task"}], "child_modules": [
                    {"resources": [{"mode": "managed", "type": "coder_ai_task"}]}
                ]}]
            }}
        });
        assert_eq!(planned_tasks(&plan), Ok(3));
        // Terraform before 1.1 writes format 0.x with the same layout.
        let mut older = plan.clone();
        older["format_version"] = json!("0.2");
        assert_eq!(planned_tasks(&older), Ok(3));
        assert!(planned_tasks(&json!({"format_version": "2.0"})).is_err());
        assert!(planned_tasks(&json!({"values": {}})).is_err());
    }

    #[test]
    fn messages_by_version() {
        let v = |s: &str| s.parse::<CoderVersion>().unwrap_or_default();
        let base = "only one 'coder_ai_task' resource can be provisioned per template";
        assert_eq!(coder_message(2, v("2.29")).as_deref(), Some(base));
        assert_eq!(
            coder_message(2, v("2.30")),
            Some(format!("{base}, found 2"))
        );
        assert_eq!(coder_message(2, v("2.37")), None);
        assert_eq!(coder_message(1, v("2.30")), None);
        assert_eq!(
            coder_message(3, CoderVersion::Contract).as_deref(),
            Some(base)
        );
    }
}
