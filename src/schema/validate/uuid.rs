//! The two UUID parsers the Go provider uses, which accept different inputs.

use uuid::Uuid;

/// hashicorp/go-uuid's `ParseUUID`, behind the SDK's `IsUUID`: exactly the
/// 36-character hyphenated form.
pub fn is_hashicorp_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// google/uuid's `Parse`, used for `CODER_TASK_ID`: the hyphenated, braced,
/// URN and bare-hex forms, with Go's error texts.
pub fn parse_google(s: &str) -> Result<Uuid, String> {
    let hex = match s.len() {
        36 => s.to_string(),
        38 if s.starts_with('{') && s.ends_with('}') => s[1..37].to_string(),
        38 => return Err("invalid UUID format".into()),
        45 if s[..9].eq_ignore_ascii_case("urn:uuid:") => s[9..].to_string(),
        45 => {
            return Err(format!(
                "invalid urn prefix: {}",
                crate::value::go_quote(&s[..9])
            ))
        }
        32 => s.to_string(),
        n => return Err(format!("invalid UUID length: {n}")),
    };
    if hex.len() == 36 && !is_hashicorp_uuid(&hex) {
        return Err("invalid UUID format".into());
    }
    Uuid::try_parse(&hex).map_err(|_| "invalid UUID format".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashicorp_form_only() {
        assert!(is_hashicorp_uuid("7ae6c3b2-4d44-4b4a-9f0e-2b3f1d6f9c11"));
        assert!(!is_hashicorp_uuid("7ae6c3b24d444b4a9f0e2b3f1d6f9c11"));
        assert!(!is_hashicorp_uuid("7ae6c3b2-4d44-4b4a-9f0e-2b3f1d6f9c1z"));
    }

    #[test]
    fn google_forms_and_errors() {
        let id = "7AE6C3B2-4D44-4B4A-9F0E-2B3F1D6F9C11";
        let canonical = "7ae6c3b2-4d44-4b4a-9f0e-2b3f1d6f9c11";
        assert_eq!(parse_google(id).unwrap().to_string(), canonical);
        assert_eq!(
            parse_google(&format!("{{{canonical}}}"))
                .unwrap()
                .to_string(),
            canonical
        );
        assert_eq!(
            parse_google(&format!("urn:uuid:{canonical}"))
                .unwrap()
                .to_string(),
            canonical
        );
        assert_eq!(
            parse_google("0123456789abcdef").unwrap_err(),
            "invalid UUID length: 16"
        );
        assert_eq!(
            parse_google("7ae6c3b2x4d44-4b4a-9f0e-2b3f1d6f9c11").unwrap_err(),
            "invalid UUID format"
        );
    }
}
