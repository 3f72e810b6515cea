//! Cron expressions as robfig/cron v3 reads them, with its error texts: the
//! Go provider validates `coder_script.cron` and preset schedules with it.

use crate::value::go_quote;

/// Which fields a parser reads, in order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Field {
    fn bounds(self) -> (u32, u32) {
        match self {
            Field::Second | Field::Minute => (0, 59),
            Field::Hour => (0, 23),
            Field::DayOfMonth => (1, 31),
            Field::Month => (1, 12),
            Field::DayOfWeek => (0, 6),
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Month => &[
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ],
            Field::DayOfWeek => &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
            _ => &[],
        }
    }

    /// Where names start counting (January is 1, Sunday is 0).
    fn first_name_value(self) -> u32 {
        match self {
            Field::Month => 1,
            _ => 0,
        }
    }
}

/// A parsed spec: each field's allowed values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub fields: Vec<Vec<u32>>,
}

const SIX_FIELDS: &[Field] = &[
    Field::Second,
    Field::Minute,
    Field::Hour,
    Field::DayOfMonth,
    Field::Month,
    Field::DayOfWeek,
];

const FIVE_FIELDS: &[Field] = &[
    Field::Minute,
    Field::Hour,
    Field::DayOfMonth,
    Field::Month,
    Field::DayOfWeek,
];

/// The parser of `coder_script.cron`: seconds first, day of week optional,
/// `@` descriptors allowed.
pub fn parse_with_seconds(spec: &str) -> Result<(), String> {
    parse(spec, SIX_FIELDS, true, true).map(|_| ())
}

/// The five Unix fields, without descriptors (preset schedules).
pub fn parse_five_fields(spec: &str) -> Result<Schedule, String> {
    parse(spec, FIVE_FIELDS, false, false)
}

/// robfig's standard parser: the five Unix fields and descriptors.
pub fn parse_standard(spec: &str) -> Result<Schedule, String> {
    parse(spec, FIVE_FIELDS, false, true)
}

fn parse(
    spec: &str,
    places: &[Field],
    dow_optional: bool,
    descriptors: bool,
) -> Result<Schedule, String> {
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    let mut spec = spec;
    for prefix in ["TZ=", "CRON_TZ="] {
        if let Some(rest) = spec.strip_prefix(prefix) {
            let end = rest.find(' ').unwrap_or(rest.len());
            let zone = &rest[..end];
            if super::timezone_exists(zone).is_err() {
                return Err(format!(
                    "provided bad location {zone}: unknown time zone {zone}"
                ));
            }
            spec = rest[end..].trim_start();
        }
    }
    if spec.starts_with('@') {
        if !descriptors {
            return Err(format!("descriptors not enabled: {spec}"));
        }
        return descriptor(spec);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    let max = places.len();
    let min = if dow_optional { max - 1 } else { max };
    if fields.len() < min || fields.len() > max {
        let found = format!("[{}]", fields.join(" "));
        return Err(if min == max {
            format!(
                "expected exactly {min} fields, found {}: {found}",
                fields.len()
            )
        } else {
            format!(
                "expected {min} to {max} fields, found {}: {found}",
                fields.len()
            )
        });
    }
    let mut parsed = Vec::with_capacity(max);
    for (index, place) in places.iter().enumerate() {
        let text = fields.get(index).copied().unwrap_or("*");
        parsed.push(field(text, *place)?);
    }
    Ok(Schedule { fields: parsed })
}

fn descriptor(spec: &str) -> Result<Schedule, String> {
    let fixed: &[(&str, &str)] = &[
        ("@yearly", "0 0 0 1 1 *"),
        ("@annually", "0 0 0 1 1 *"),
        ("@monthly", "0 0 0 1 * *"),
        ("@weekly", "0 0 0 * * 0"),
        ("@daily", "0 0 0 * * *"),
        ("@midnight", "0 0 0 * * *"),
        ("@hourly", "0 0 * * * *"),
    ];
    if let Some((_, expanded)) = fixed.iter().find(|(name, _)| *name == spec) {
        return parse(expanded, SIX_FIELDS, false, false);
    }
    if let Some(duration) = spec.strip_prefix("@every ") {
        return match parse_go_duration(duration) {
            Ok(_) => Ok(Schedule { fields: Vec::new() }),
            Err(e) => Err(format!("failed to parse duration {spec}: {e}")),
        };
    }
    Err(format!("unrecognized descriptor: {spec}"))
}

/// Go's `time.ParseDuration`, as far as accepting or refusing goes.
fn parse_go_duration(text: &str) -> Result<(), String> {
    let invalid = || format!("time: invalid duration {}", go_quote(text));
    let mut rest = text.strip_prefix(['-', '+']).unwrap_or(text);
    if rest == "0" {
        return Ok(());
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        if digits == 0 || rest[..digits].matches('.').count() > 1 || &rest[..digits] == "." {
            return Err(invalid());
        }
        rest = &rest[digits..];
        let unit = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        match &rest[..unit] {
            "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h" => {}
            "" => return Err(format!("time: missing unit in duration {}", go_quote(text))),
            other => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_quote(other),
                    go_quote(text)
                ))
            }
        }
        rest = &rest[unit..];
    }
    Ok(())
}

fn field(text: &str, place: Field) -> Result<Vec<u32>, String> {
    let mut values = Vec::new();
    for part in text.split(',') {
        values.extend(range(part, place)?);
    }
    values.sort_unstable();
    values.dedup();
    Ok(values)
}

fn range(expr: &str, place: Field) -> Result<Vec<u32>, String> {
    let (min, max) = place.bounds();
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single = low_and_high.len() == 1;
    let (start, mut end) = if low_and_high[0] == "*" || low_and_high[0] == "?" {
        (min, max)
    } else {
        let start = int_or_name(low_and_high[0], place)?;
        let end = match low_and_high.len() {
            1 => start,
            2 => int_or_name(low_and_high[1], place)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
        (start, end)
    };
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            if single {
                end = max;
            }
            must_parse_int(range_and_step[1])?
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({min}): {expr}"
        ));
    }
    if end > max {
        return Err(format!(
            "end of range ({end}) above maximum ({max}): {expr}"
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok((start..=end).step_by(step as usize).collect())
}

fn int_or_name(text: &str, place: Field) -> Result<u32, String> {
    let lower = text.to_ascii_lowercase();
    if let Some(index) = place.names().iter().position(|n| *n == lower) {
        return Ok(index as u32 + place.first_name_value());
    }
    must_parse_int(text)
}

fn must_parse_int(text: &str) -> Result<u32, String> {
    match text.parse::<i64>() {
        Ok(n) if n < 0 => Err(format!("negative number ({n}) not allowed: {text}")),
        Ok(n) if n > i64::from(u32::MAX) => Err(format!(
            "failed to parse int from {text}: strconv.Atoi: parsing {}: value out of range",
            go_quote(text)
        )),
        Ok(n) => Ok(n as u32),
        Err(_) => Err(format!(
            "failed to parse int from {text}: strconv.Atoi: parsing {}: invalid syntax",
            go_quote(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_fields_and_the_optional_day_of_week() {
        assert!(parse_with_seconds("0 */5 * * * *").is_ok());
        assert!(parse_with_seconds("* * * * *").is_ok());
        assert!(parse_with_seconds("@daily").is_ok());
        assert!(parse_with_seconds("@every 1h30m").is_ok());
        assert_eq!(
            parse_with_seconds("invalid").unwrap_err(),
            "expected 5 to 6 fields, found 1: [invalid]"
        );
        assert_eq!(
            parse_with_seconds("* * * * * * *").unwrap_err(),
            "expected 5 to 6 fields, found 7: [* * * * * * *]"
        );
        assert_eq!(
            parse_with_seconds("@often").unwrap_err(),
            "unrecognized descriptor: @often"
        );
    }

    #[test]
    fn ranges_and_names() {
        assert_eq!(
            parse_standard("* 25-26 * * 1-5").unwrap_err(),
            "end of range (26) above maximum (23): 25-26"
        );
        assert_eq!(
            parse_standard("* * * JAN-mar MON").map(|s| s.fields[3].clone()),
            Ok(vec![1, 2, 3])
        );
        assert_eq!(
            parse_standard("x * * * *").unwrap_err(),
            r#"failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax"#
        );
        assert_eq!(
            parse_standard("5-1 * * * *").unwrap_err(),
            "beginning of range (5) beyond end of range (1): 5-1"
        );
        assert_eq!(
            parse_standard("*/0 * * * *").unwrap_err(),
            "step of range should be a positive number: */0"
        );
        assert_eq!(
            parse_standard("0/15 * * * *").map(|s| s.fields[0].len()),
            Ok(4)
        );
    }
}
