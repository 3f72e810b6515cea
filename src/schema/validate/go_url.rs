//! What Go's `net/url.Parse` accepts and the exact errors it gives, since the
//! Go provider validates icons and the deployment URL with it and users see
//! those messages.

use crate::value::go_quote;

/// The parts of a URL that the provider uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoUrl {
    /// Lower-cased, empty for a relative reference.
    pub scheme: String,
    /// `user:password@`, kept as written.
    pub userinfo: Option<String>,
    /// The host without its port.
    pub hostname: String,
    /// The port as written after the host, without the colon.
    pub port: Option<String>,
}

impl GoUrl {
    /// The URL resolved against `/`, as Go's `u.Parse("/")` gives it: scheme,
    /// authority and a root path.
    pub fn root(&self) -> String {
        let mut out = String::new();
        if !self.scheme.is_empty() {
            out.push_str(&self.scheme);
            out.push(':');
        }
        if !self.hostname.is_empty() || self.userinfo.is_some() || self.port.is_some() {
            out.push_str("//");
            if let Some(userinfo) = &self.userinfo {
                out.push_str(userinfo);
                out.push('@');
            }
            out.push_str(&self.hostname);
            if let Some(port) = &self.port {
                out.push(':');
                out.push_str(port);
            }
        }
        out.push('/');
        out
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Fragment,
}

/// Go's `url.Parse`; the error is Go's `*url.Error` text.
pub fn parse(raw: &str) -> Result<GoUrl, String> {
    let (without_fragment, fragment) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    let url = parse_reference(without_fragment)
        .map_err(|e| format!("parse {}: {e}", go_quote(without_fragment)))?;
    if let Some(fragment) = fragment {
        unescape(fragment, Mode::Fragment).map_err(|e| format!("parse {}: {e}", go_quote(raw)))?;
    }
    Ok(url)
}

fn parse_reference(raw: &str) -> Result<GoUrl, String> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let mut url = GoUrl {
        scheme: String::new(),
        userinfo: None,
        hostname: String::new(),
        port: None,
    };
    if raw.is_empty() || raw == "*" {
        return Ok(url);
    }
    let (scheme, rest) = split_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    let rest = match rest.split_once('?') {
        Some((before, _query)) => before,
        None => rest,
    };
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            // An opaque URL such as `mailto:x@y`: Go accepts it as it is.
            return Ok(url);
        }
        let first_segment = rest.split('/').next().unwrap_or_default();
        if first_segment.contains(':') {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    let mut path = rest;
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after = &rest[2..];
        let (authority, remainder) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        let host = match authority.rfind('@') {
            Some(i) => {
                let userinfo = &authority[..i];
                if !valid_userinfo(userinfo) {
                    return Err("net/url: invalid userinfo".into());
                }
                url.userinfo = Some(userinfo.to_string());
                &authority[i + 1..]
            }
            None => authority,
        };
        let (hostname, port) = parse_host(host)?;
        url.hostname = hostname;
        url.port = port;
        path = remainder;
    }
    unescape(path, Mode::Path)?;
    Ok(url)
}

fn split_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err("missing protocol scheme".into()),
            b':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn valid_userinfo(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c) || !c.is_ascii())
}

fn parse_host(host: &str) -> Result<(String, Option<String>), String> {
    let (name, port) = if let Some(stripped) = host.strip_prefix('[') {
        let Some(end) = stripped.find(']') else {
            return Err("missing ']' in host".into());
        };
        let after = &stripped[end + 1..];
        if !after.is_empty() && !valid_optional_port(after) {
            return Err(format!("invalid port {} after host", go_quote(after)));
        }
        (&host[..end + 2], after.strip_prefix(':'))
    } else if let Some(i) = host.rfind(':') {
        let colon_port = &host[i..];
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", go_quote(colon_port)));
        }
        (&host[..i], Some(&colon_port[1..]))
    } else {
        (host, None)
    };
    let name = unescape(name, Mode::Host)?;
    Ok((name, port.filter(|p| !p.is_empty()).map(str::to_string)))
}

fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
        None => port.is_empty(),
    }
}

fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

fn should_escape_in_host(c: u8) -> bool {
    !(c.is_ascii_alphanumeric() || b"!$&'()*+,;=:[]<>\"-_.~".contains(&c))
}

/// Go's `unescape`: checks percent escapes (and host characters).
fn unescape(s: &str, mode: Mode) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            if i + 2 >= bytes.len() || !is_hex(bytes[i + 1]) || !is_hex(bytes[i + 2]) {
                let end = (i + 3).min(bytes.len());
                let bad = String::from_utf8_lossy(&bytes[i..end]);
                return Err(format!("invalid URL escape {}", go_quote(&bad)));
            }
            if mode == Mode::Host && bytes[i + 1] < b'8' && &s[i..i + 3] != "%25" {
                return Err(format!("invalid URL escape {}", go_quote(&s[i..i + 3])));
            }
            i += 3;
            continue;
        }
        if mode == Mode::Host && b < 0x80 && should_escape_in_host(b) {
            return Err(format!(
                "invalid character {} in host name",
                go_quote(&s[i..i + 1])
            ));
        }
        i += 1;
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_go_accepts() {
        for ok in [
            "",
            "https://coder.example.com",
            "/icon/region.svg",
            "icon.svg",
            "builtin:vim",
            "data:image/png;base64,AAAA",
            "mailto:a@b.c",
            "http://localhost:3000/path?q=%zz#frag",
            "http://[::1]:80/",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn errors_read_like_go() {
        assert_eq!(
            parse("/icon%.svg").unwrap_err(),
            r#"parse "/icon%.svg": invalid URL escape "%.s""#
        );
        assert_eq!(
            parse("http://a b.com/").unwrap_err(),
            r#"parse "http://a b.com/": invalid character " " in host name"#
        );
        assert_eq!(
            parse("http://[::1:80").unwrap_err(),
            r#"parse "http://[::1:80": missing ']' in host"#
        );
        assert_eq!(
            parse(":foo").unwrap_err(),
            r#"parse ":foo": missing protocol scheme"#
        );
        assert_eq!(
            parse("http://host:port/").unwrap_err(),
            r#"parse "http://host:port/": invalid port ":port" after host"#
        );
    }

    #[test]
    fn root_drops_path_and_query() {
        let url = parse("https://coder.example.com:8443/some/path?x=1").unwrap();
        assert_eq!(url.root(), "https://coder.example.com:8443/");
        assert_eq!(url.port.as_deref(), Some("8443"));
        assert_eq!(url.hostname, "coder.example.com");
    }
}
