//! The Go provider's own table of coder_parameter cases
//! (provider/testdata/parameter_table.md, quoted in
//! ../shared/reference/provider-behaviour.md §5.5), run row by row against
//! the validation model the provider and the analyzer share.

mod support;

use std::path::PathBuf;

use coderform::schema::validate::parameter::{resolve, OptionSpec, ParameterSpec, ValidationSpec};
use regex::Regex;

struct Row {
    name: String,
    types: Vec<String>,
    previous: String,
    input: String,
    default: String,
    options: String,
    validation: String,
    output: String,
    optional: String,
    error: String,
}

fn table() -> Option<Vec<Row>> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/provider-behaviour.md");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            support::missing_tool(&format!("{}: {e}", path.display()));
            return None;
        }
    };
    let start = text.find("| Name ").expect("the table's header");
    let rows = text[start..]
        .lines()
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .filter_map(|line| {
            let cells: Vec<String> = line.split('|').map(|c| c.trim().to_string()).collect();
            // Leading and trailing pipes give empty first and last cells.
            let cells = &cells[1..cells.len() - 1];
            if cells[0].is_empty() {
                return None;
            }
            Some(Row {
                name: cells[0].clone(),
                types: cells[1].split(',').map(|t| t.trim().to_string()).collect(),
                previous: cells[2].clone(),
                input: cells[3].clone(),
                default: cells[4].clone(),
                options: cells[5].clone(),
                validation: cells[6].clone(),
                output: cells[8].clone(),
                optional: cells[9].clone(),
                error: cells[10].clone(),
            })
        })
        .collect();
    Some(rows)
}

fn literal(cell: &str) -> String {
    if cell == "\"\"" {
        String::new()
    } else {
        cell.to_string()
    }
}

fn spec(row: &Row, ty: &str) -> ParameterSpec {
    let (ty, form_type) = match ty {
        "multi-select" | "tag-select" => ("list(string)", ty),
        other => (other, ""),
    };
    let options = if row.options.is_empty() {
        Vec::new()
    } else {
        row.options
            .split(',')
            .map(|o| OptionSpec {
                name: o.trim().to_string(),
                value: o.trim().to_string(),
            })
            .collect()
    };
    let range = Regex::new("^[0-9]*-[0-9]*$").expect("pattern");
    let validation = match row.validation.as_str() {
        "" => None,
        "increasing" | "decreasing" => Some(ValidationSpec {
            monotonic: row.validation.clone(),
            error: "monotonicity".into(),
            ..ValidationSpec::default()
        }),
        bounds if range.is_match(bounds) => {
            let (min, max) = bounds.split_once('-').expect("a range");
            Some(ValidationSpec {
                min: min.parse().ok(),
                max: max.parse().ok(),
                error: "{min} < {value} < {max}".into(),
                ..ValidationSpec::default()
            })
        }
        regex => Some(ValidationSpec {
            regex: regex.to_string(),
            error: "regex error".into(),
            ..ValidationSpec::default()
        }),
    };
    ParameterSpec {
        name: "parameter".into(),
        ty: ty.into(),
        form_type: form_type.into(),
        default: (!row.default.is_empty()).then(|| row.default.clone()),
        mutable: false,
        ephemeral: false,
        options,
        validation,
    }
}

#[test]
fn every_row_of_the_go_providers_parameter_table() {
    let Some(rows) = table() else { return };
    assert!(rows.len() > 80, "only {} rows read", rows.len());
    let mut checked = 0;
    for row in &rows {
        for ty in &row.types {
            let case = format!("{} ({ty})", row.name);
            let spec = spec(row, ty);
            let input = (!row.input.is_empty()).then(|| literal(&row.input));
            let previous = (!row.previous.is_empty()).then(|| literal(&row.previous));
            let result = resolve(&spec, input.as_deref(), previous.as_deref());
            if row.error.is_empty() {
                let resolved = result.unwrap_or_else(|e| panic!("{case}: unexpected error {e:?}"));
                assert_eq!(resolved.value, literal(&row.output), "{case}: value");
                assert_eq!(
                    resolved.optional,
                    row.optional == "true",
                    "{case}: optional"
                );
            } else {
                let findings = match result {
                    Err(findings) => findings,
                    Ok(resolved) => panic!(
                        "{case}: expected an error matching {:?}, got {resolved:?}",
                        row.error
                    ),
                };
                let pattern = Regex::new(&row.error).expect("the row's error pattern");
                assert!(
                    findings
                        .iter()
                        .any(|f| pattern.is_match(&format!("{} {}", f.summary, f.detail))),
                    "{case}: no error matches {:?}: {findings:?}",
                    row.error
                );
            }
            checked += 1;
        }
    }
    eprintln!("{checked} cases checked");
}
