//! Go's `regexp.Compile`, as far as `coder_parameter` needs it: RE2 syntax,
//! which the `regex` crate shares, and Go's messages for patterns that do
//! not compile (`error parsing regexp: CODE: `EXPR``), so that a broken
//! `validation.regex` reads as it does under the Go provider.

use regex::Regex;
use regex_syntax::ast::{parse::Parser, ErrorKind};

pub fn compile(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|error| go_message(pattern).unwrap_or_else(|| error.to_string()))
}

/// Go's words for a syntax error, with the part of the pattern Go quotes.
fn go_message(pattern: &str) -> Option<String> {
    let error = Parser::new().parse(pattern).err()?;
    let span = error.span();
    let at = pattern
        .get(span.start.offset..span.end.offset)
        .unwrap_or_default();
    // The operator the error is at: `*`, `+`, `?`, or a whole `{...}`.
    let rest = pattern.get(span.start.offset..).unwrap_or_default();
    let operator = match rest.chars().next() {
        Some('{') => rest.find('}').map_or(rest, |end| &rest[..=end]),
        Some(c) => &rest[..c.len_utf8()],
        None => "",
    };
    let (code, expr) = match error.kind() {
        ErrorKind::GroupUnclosed => ("missing closing )", pattern),
        ErrorKind::GroupUnopened => ("unexpected )", pattern),
        ErrorKind::ClassUnclosed => ("missing closing ]", rest),
        ErrorKind::ClassRangeInvalid => ("invalid character class range", at),
        ErrorKind::EscapeUnrecognized
        | ErrorKind::ClassEscapeInvalid
        | ErrorKind::UnsupportedBackreference => ("invalid escape sequence", at),
        ErrorKind::EscapeUnexpectedEof => ("trailing backslash at end of expression", ""),
        ErrorKind::RepetitionMissing => ("missing argument to repetition operator", operator),
        ErrorKind::RepetitionCountInvalid => ("invalid repeat count", at),
        ErrorKind::UnsupportedLookAround | ErrorKind::FlagUnrecognized => {
            ("invalid or unsupported Perl syntax", at)
        }
        ErrorKind::GroupNameInvalid | ErrorKind::GroupNameEmpty => ("invalid named capture", at),
        ErrorKind::NestLimitExceeded(_) => ("expression nests too deeply", pattern),
        _ => return None,
    };
    Some(format!("error parsing regexp: {code}: `{expr}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(pattern: &str) -> String {
        compile(pattern).err().unwrap_or_default()
    }

    #[test]
    fn go_words_for_broken_patterns() {
        assert_eq!(
            message("(unclosed"),
            "error parsing regexp: missing closing ): `(unclosed`"
        );
        assert_eq!(message("a)"), "error parsing regexp: unexpected ): `a)`");
        assert_eq!(
            message("x[a-z"),
            "error parsing regexp: missing closing ]: `[a-z`"
        );
        assert_eq!(
            message("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            message(r"\q"),
            r"error parsing regexp: invalid escape sequence: `\q`"
        );
        assert_eq!(
            message("*a"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            message("{2}"),
            "error parsing regexp: missing argument to repetition operator: `{2}`"
        );
        assert_eq!(
            message("a{5,2}"),
            "error parsing regexp: invalid repeat count: `{5,2}`"
        );
        assert_eq!(
            message("a(?=b)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"
        );
        assert_eq!(
            message("a\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
    }

    #[test]
    fn valid_patterns_compile() {
        assert!(compile("^[a-z0-9-]+$").is_ok_and(|r| r.is_match("ok-1")));
    }
}
