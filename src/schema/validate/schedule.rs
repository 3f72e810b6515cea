//! Prebuild schedules of `coder_workspace_preset`: each cron spec, and
//! whether two schedules overlap, with the Go provider's messages.

use std::collections::BTreeSet;

use super::cron;
use crate::value::go_quote;

/// One schedule's cron: five fields, the minute `*`, otherwise robfig's syntax.
pub fn validate_cron(spec: &str) -> Result<(), String> {
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(
            "cron spec failed validation: cron specification should consist of 5 fields".into(),
        );
    }
    if fields[0] != "*" {
        return Err("cron spec failed validation: minute field should be *".into());
    }
    cron::parse_five_fields(spec)
        .map(|_| ())
        .map_err(|e| format!("failed to parse cron spec: {e}"))
}

/// Every pair of schedules must be disjoint; the first overlap is the error.
pub fn validate_schedules(specs: &[String]) -> Result<(), String> {
    for (i, a) in specs.iter().enumerate() {
        for b in &specs[i + 1..] {
            match overlap(a, b) {
                Ok(false) => {}
                Ok(true) => {
                    return Err(format!(
                        "schedules overlap with each other: schedules overlap: {a} and {b}"
                    ))
                }
                Err(e) => {
                    return Err(format!(
                        "schedules overlap with each other: invalid schedule: {e}"
                    ))
                }
            }
        }
    }
    Ok(())
}

fn overlap(a: &str, b: &str) -> Result<bool, String> {
    let fa = fields(a)?;
    let fb = fields(b)?;
    let months = |f: &[&str]| range(f[3], 12).map_err(|e| format!("invalid month range: {e}"));
    if months(&fa)?.is_disjoint(&months(&fb)?) {
        return Ok(false);
    }
    let days =
        |field: &str, max: u32| range(field, max).map_err(|e| format!("invalid day range: {e}"));
    let dom_overlap =
        || -> Result<bool, String> { Ok(!days(fa[2], 31)?.is_disjoint(&days(fb[2], 31)?)) };
    let dow_overlap =
        || -> Result<bool, String> { Ok(!days(fa[4], 6)?.is_disjoint(&days(fb[4], 6)?)) };
    // As cron reads days: a `*` day of month defers to the day of week, and
    // with both restricted either one matching is enough.
    let days_meet = if fa[2] == "*" || fb[2] == "*" {
        dow_overlap()?
    } else if fa[4] == "*" || fb[4] == "*" {
        dom_overlap()?
    } else {
        dom_overlap()? || dow_overlap()?
    };
    if !days_meet {
        return Ok(false);
    }
    let hours = |f: &[&str]| range(f[1], 23).map_err(|e| format!("invalid hour range: {e}"));
    Ok(!hours(&fa)?.is_disjoint(&hours(&fb)?))
}

fn fields(spec: &str) -> Result<Vec<&str>, String> {
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "schedule {} has {} fields, expected 5 fields (minute hour day-of-month month day-of-week)",
            go_quote(spec),
            fields.len()
        ));
    }
    Ok(fields)
}

fn atoi(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .map_err(|_| format!("strconv.Atoi: parsing {}: invalid syntax", go_quote(text)))
}

/// Coder's `ParseRange`: `*`, `a`, `a-b` and comma lists, from 0 to `max`.
fn range(field: &str, max: u32) -> Result<BTreeSet<u32>, String> {
    if field == "*" {
        return Ok((0..=max).collect());
    }
    let mut values = BTreeSet::new();
    for part in field.split(',') {
        if let Some((start, end)) = part.split_once('-') {
            let start = atoi(start).map_err(|e| format!("invalid start value in range: {e}"))?;
            let end = atoi(end).map_err(|e| format!("invalid end value in range: {e}"))?;
            if end > max || start > end {
                return Err(format!(
                    "invalid range {start}-{end}: values must be between 0 and {max}"
                ));
            }
            values.extend(start..=end);
        } else {
            let value = atoi(part).map_err(|e| format!("invalid value: {e}"))?;
            if value > max {
                return Err(format!(
                    "invalid value {value}: must be between 0 and {max}"
                ));
            }
            values.insert(value);
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_rules() {
        assert!(validate_cron("* 8-18 * * 1-5").is_ok());
        assert_eq!(
            validate_cron("0 8 * * *").unwrap_err(),
            "cron spec failed validation: minute field should be *"
        );
        assert_eq!(
            validate_cron("* 8 * *").unwrap_err(),
            "cron spec failed validation: cron specification should consist of 5 fields"
        );
        assert_eq!(
            validate_cron("* 25-26 * * 1-5").unwrap_err(),
            "failed to parse cron spec: end of range (26) above maximum (23): 25-26"
        );
    }

    #[test]
    fn overlaps() {
        let specs = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            validate_schedules(&specs(&["* 8-18 * * 1-5", "* 18-19 * * 5-6"])).unwrap_err(),
            "schedules overlap with each other: schedules overlap: * 8-18 * * 1-5 and * 18-19 * * 5-6"
        );
        assert!(validate_schedules(&specs(&["* 8-12 * * 1-5", "* 13-18 * * 1-5"])).is_ok());
        assert!(validate_schedules(&specs(&["* 8 * * 1", "* 8 * * 2"])).is_ok());
        assert!(validate_schedules(&specs(&["* 8 1 * *", "* 8 2 * 1"])).is_ok());
        assert!(validate_schedules(&specs(&["* 8 1 * 2", "* 8 2 * 2"])).is_err());
        assert_eq!(
            validate_schedules(&specs(&["* */2 * * *", "* 1 * * *"])).unwrap_err(),
            r#"schedules overlap with each other: invalid schedule: invalid hour range: invalid value: strconv.Atoi: parsing "*/2": invalid syntax"#
        );
    }
}
