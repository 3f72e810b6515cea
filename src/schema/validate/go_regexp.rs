//! Go's `regexp.Compile`, which the Go provider applies to a parameter's
//! `validation.regex`. A pattern is read as Go reads it (RE2 syntax in Go's
//! Perl mode) and written out for the `regex` crate, so that a value matches
//! here exactly when it matches there, and a pattern Go refuses is refused
//! in Go's words (`error parsing regexp: CODE: `EXPR``).
//!
//! Where the two dialects part: Go's `\d`, `\s`, `\w` and `\b` are ASCII;
//! Go knows `\Q...\E` and octal escapes, and only the flags `imsU`; Go reads
//! an escaped punctuation mark as itself (`\<` is `<`), inside a class `[`,
//! `&&`, `--` and `~~` as characters, and outside one a `{` that starts no
//! repeat count; Go refuses stacked repetitions (`a**`), counts over 1000
//! and escapes it does not know (`\u`, `\Z`), all of which the `regex`
//! crate either accepts or reads otherwise.

use std::fmt;

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::ErrorKind as HirErrorKind;
use regex_syntax::is_meta_character;

/// How deep Go lets an expression nest.
const MAX_HEIGHT: u32 = 1000;
/// The largest count Go accepts in `{n,m}`.
const MAX_REPEAT: u32 = 1000;

const INVALID_CHAR_RANGE: &str = "invalid character class range";
const INVALID_ESCAPE: &str = "invalid escape sequence";
const INVALID_NAMED_CAPTURE: &str = "invalid named capture";
const INVALID_PERL_OP: &str = "invalid or unsupported Perl syntax";
const INVALID_REPEAT_OP: &str = "invalid nested repetition operator";
const INVALID_REPEAT_SIZE: &str = "invalid repeat count";
const MISSING_BRACKET: &str = "missing closing ]";
const MISSING_PAREN: &str = "missing closing )";
const MISSING_REPEAT_ARGUMENT: &str = "missing argument to repetition operator";
const TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const UNEXPECTED_PAREN: &str = "unexpected )";
const NESTING_DEPTH: &str = "expression nests too deeply";
const TOO_LARGE: &str = "expression too large";

/// The POSIX classes Go knows (`[:alpha:]`); the `regex` crate knows them too.
const POSIX_CLASSES: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

pub fn compile(pattern: &str) -> Result<Regex, String> {
    let translated = translate(pattern).map_err(|error| error.to_string())?;
    RegexBuilder::new(&translated)
        .nest_limit(MAX_HEIGHT)
        .build()
        .map_err(|error| limit_message(pattern, &translated, error))
}

/// A pattern Go refuses: what is wrong, and the part of the pattern Go quotes.
struct GoError {
    code: &'static str,
    expr: String,
}

impl GoError {
    fn new(code: &'static str, expr: &str) -> Self {
        GoError {
            code,
            expr: expr.to_string(),
        }
    }
}

impl fmt::Display for GoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

/// Go's words for what only compiling finds: a pattern too deep or too
/// large, or a Unicode class name that does not exist.
fn limit_message(pattern: &str, translated: &str, error: regex::Error) -> String {
    if let regex::Error::CompiledTooBig(_) = error {
        return GoError::new(TOO_LARGE, pattern).to_string();
    }
    let parsed = regex_syntax::ParserBuilder::new()
        .nest_limit(MAX_HEIGHT)
        .build()
        .parse(translated);
    match parsed {
        Err(regex_syntax::Error::Parse(e))
            if matches!(e.kind(), regex_syntax::ast::ErrorKind::NestLimitExceeded(_)) =>
        {
            GoError::new(NESTING_DEPTH, pattern).to_string()
        }
        Err(regex_syntax::Error::Translate(e))
            if matches!(
                e.kind(),
                HirErrorKind::UnicodePropertyNotFound | HirErrorKind::UnicodePropertyValueNotFound
            ) =>
        {
            let span = e.span();
            let class = translated
                .get(span.start.offset..span.end.offset)
                .unwrap_or_default();
            GoError::new(INVALID_CHAR_RANGE, class).to_string()
        }
        _ => error.to_string(),
    }
}

/// `pattern`, read as Go reads it, written for the `regex` crate.
fn translate(pattern: &str) -> Result<String, GoError> {
    let mut reader = Reader {
        pattern,
        rest: pattern,
        out: String::with_capacity(pattern.len() + 8),
        depth: 0,
        operand: false,
        last_repeat: None,
    };
    while !reader.rest.is_empty() {
        let start = reader.position();
        let repeated = reader.token(start)?;
        reader.last_repeat = repeated.then_some(start);
    }
    if reader.depth > 0 {
        return Err(GoError::new(MISSING_PAREN, pattern));
    }
    Ok(reader.out)
}

struct Reader<'p> {
    pattern: &'p str,
    rest: &'p str,
    out: String,
    /// Groups open.
    depth: usize,
    /// Whether there is something a repetition operator could repeat.
    operand: bool,
    /// Where the previous token began, when it was a repetition operator.
    last_repeat: Option<usize>,
}

impl<'p> Reader<'p> {
    fn position(&self) -> usize {
        self.pattern.len() - self.rest.len()
    }

    /// The pattern from `start` to what has been read.
    fn since(&self, start: usize) -> &'p str {
        &self.pattern[start..self.position()]
    }

    fn next(&mut self) -> Option<char> {
        let c = self.rest.chars().next()?;
        self.rest = &self.rest[c.len_utf8()..];
        Some(c)
    }

    fn eat(&mut self, prefix: &str) -> bool {
        match self.rest.strip_prefix(prefix) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Reads one token; whether it was a repetition operator.
    fn token(&mut self, start: usize) -> Result<bool, GoError> {
        let Some(c) = self.next() else {
            return Ok(false);
        };
        match c {
            '(' => self.group(start)?,
            ')' => {
                if self.depth == 0 {
                    return Err(GoError::new(UNEXPECTED_PAREN, self.pattern));
                }
                self.depth -= 1;
                self.out.push(')');
                self.operand = true;
            }
            '|' => {
                self.out.push('|');
                self.operand = false;
            }
            '^' | '$' | '.' => {
                self.out.push(c);
                self.operand = true;
            }
            '[' => {
                self.class(start)?;
                self.operand = true;
            }
            '*' | '+' | '?' => return self.repetition(start),
            '{' => match repeat_count(self.rest) {
                Some((min, max, length)) => {
                    self.rest = &self.rest[length..];
                    if min > MAX_REPEAT || max.is_some_and(|max| max > MAX_REPEAT || min > max) {
                        return Err(GoError::new(INVALID_REPEAT_SIZE, self.since(start)));
                    }
                    return self.repetition(start);
                }
                None => {
                    push_literal(&mut self.out, '{');
                    self.operand = true;
                }
            },
            '\\' => self.escape(start)?,
            c => {
                push_literal(&mut self.out, c);
                self.operand = true;
            }
        }
        Ok(false)
    }

    /// A repetition operator, read up to and with a lazy `?`; the same
    /// text in both dialects once Go has accepted it.
    fn repetition(&mut self, start: usize) -> Result<bool, GoError> {
        self.eat("?");
        if let Some(previous) = self.last_repeat {
            return Err(GoError::new(INVALID_REPEAT_OP, self.since(previous)));
        }
        if !self.operand {
            return Err(GoError::new(MISSING_REPEAT_ARGUMENT, self.since(start)));
        }
        self.out.push_str(self.since(start));
        Ok(true)
    }

    /// After `(`: a group, a named group, or flags for the rest of the
    /// enclosing group (which leave nothing to repeat behind them).
    fn group(&mut self, start: usize) -> Result<(), GoError> {
        if !self.eat("?") {
            self.out.push('(');
            self.depth += 1;
            self.operand = false;
            return Ok(());
        }
        let text = &self.pattern[start..];
        let named_after = if text.len() > 4 && self.rest.starts_with("P<") {
            Some(4)
        } else if text.len() > 3 && self.rest.starts_with('<') {
            Some(3)
        } else {
            None
        };
        if let Some(name_start) = named_after {
            let Some(end) = text.find('>') else {
                return Err(GoError::new(INVALID_NAMED_CAPTURE, text));
            };
            let name = &text[name_start..end];
            if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
                return Err(GoError::new(INVALID_NAMED_CAPTURE, &text[..=end]));
            }
            // Names do not change what matches, and the `regex` crate
            // refuses some Go accepts (`(?P<1>...)`): the group goes unnamed.
            self.rest = &text[end + 1..];
            self.out.push('(');
            self.depth += 1;
            self.operand = false;
            return Ok(());
        }
        // The flags are written as the `regex` crate writes them.
        let (mut negated, mut flag_since_sign) = (false, false);
        loop {
            match self.next() {
                Some('i' | 'm' | 's' | 'U') => flag_since_sign = true,
                Some('-') if !negated => {
                    negated = true;
                    flag_since_sign = false;
                }
                Some(end @ (':' | ')')) if !negated || flag_since_sign => {
                    if end == ':' {
                        self.depth += 1;
                        self.operand = false;
                    }
                    // `(?)` sets nothing, and the `regex` crate refuses it.
                    if self.since(start) != "(?)" {
                        self.out.push_str(self.since(start));
                    }
                    return Ok(());
                }
                _ => return Err(GoError::new(INVALID_PERL_OP, self.since(start))),
            }
        }
    }

    /// After `\` outside a class.
    fn escape(&mut self, start: usize) -> Result<(), GoError> {
        let assertion = match self.rest.chars().next() {
            Some('A') => Some(r"\A"),
            Some('z') => Some(r"\z"),
            Some('b') => Some(r"(?-u:\b)"),
            Some('B') => Some(r"(?-u:\B)"),
            _ => None,
        };
        if let Some(assertion) = assertion {
            self.next();
            self.out.push_str(assertion);
            self.operand = true;
            return Ok(());
        }
        if self.rest.starts_with('C') {
            self.next();
            return Err(GoError::new(INVALID_ESCAPE, self.since(start)));
        }
        if self.eat("Q") {
            let (quoted, rest) = self.rest.split_once(r"\E").unwrap_or((self.rest, ""));
            self.rest = rest;
            for c in quoted.chars() {
                push_literal(&mut self.out, c);
                self.operand = true;
            }
            return Ok(());
        }
        self.operand = true;
        if let Some(class) = self.unicode_class(start)? {
            self.out.push_str(&class);
            return Ok(());
        }
        if let Some(class) = self.perl_class() {
            self.out.push('[');
            self.out.push_str(class);
            self.out.push(']');
            return Ok(());
        }
        let c = self.escaped_char(start)?;
        push_literal(&mut self.out, c);
        Ok(())
    }

    /// After `\`: `\pL`, `\p{Greek}`, `\P{^Greek}` and the like, in the
    /// `regex` crate's spelling, which has no `^` inside the braces.
    fn unicode_class(&mut self, start: usize) -> Result<Option<String>, GoError> {
        let negated = match self.rest.chars().next() {
            Some('p') => false,
            Some('P') => true,
            _ => return Ok(None),
        };
        self.next();
        let name = if self.eat("{") {
            let Some((name, rest)) = self.rest.split_once('}') else {
                return Err(GoError::new(INVALID_CHAR_RANGE, &self.pattern[start..]));
            };
            self.rest = rest;
            name
        } else {
            match self.next() {
                Some(c) => self.since(self.position() - c.len_utf8()),
                None => return Err(GoError::new(INVALID_CHAR_RANGE, self.since(start))),
            }
        };
        let (negated, name) = match name.strip_prefix('^') {
            Some(name) => (!negated, name),
            None => (negated, name),
        };
        Ok(Some(format!(
            r"\{}{{{name}}}",
            if negated { 'P' } else { 'p' }
        )))
    }

    /// After `\`: Go's Perl classes, which are ASCII, as the inside of a
    /// class (`[^0-9]` for `\D` nests inside one).
    fn perl_class(&mut self) -> Option<&'static str> {
        let class = match self.rest.chars().next()? {
            'd' => "0-9",
            'D' => "[^0-9]",
            's' => r"\t\n\x0C\r\x20",
            'S' => r"[^\t\n\x0C\r\x20]",
            'w' => "0-9A-Za-z_",
            'W' => "[^0-9A-Za-z_]",
            _ => return None,
        };
        self.next();
        Some(class)
    }

    /// After `\`: one character as Go's escapes spell it.
    fn escaped_char(&mut self, start: usize) -> Result<char, GoError> {
        let invalid = |reader: &Self| GoError::new(INVALID_ESCAPE, reader.since(start));
        let Some(c) = self.next() else {
            return Err(GoError::new(TRAILING_BACKSLASH, ""));
        };
        let octal = |rest: &str| rest.chars().next().is_some_and(|d| d.is_digit(8));
        match c {
            // A lone non-zero digit would be a back-reference, which Go
            // does not have.
            '1'..='7' if !octal(self.rest) => Err(invalid(self)),
            '0'..='7' => {
                let mut value = c.to_digit(8).unwrap_or_default();
                for _ in 0..2 {
                    if !octal(self.rest) {
                        break;
                    }
                    let digit = self.next().and_then(|d| d.to_digit(8)).unwrap_or_default();
                    value = value * 8 + digit;
                }
                char::from_u32(value).ok_or_else(|| invalid(self))
            }
            'x' => self.hex_char().ok_or_else(|| invalid(self)),
            'a' => Ok('\x07'),
            'f' => Ok('\x0C'),
            'n' => Ok('\n'),
            'r' => Ok('\r'),
            't' => Ok('\t'),
            'v' => Ok('\x0B'),
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok(c),
            _ => Err(invalid(self)),
        }
    }

    /// After `\x`: two hex digits, or any number of them in braces.
    fn hex_char(&mut self) -> Option<char> {
        if self.eat("{") {
            let mut value: u32 = 0;
            let mut digits = 0;
            loop {
                let c = self.next()?;
                if c == '}' {
                    break;
                }
                value = value.checked_mul(16)? + c.to_digit(16)?;
                if value > char::MAX as u32 {
                    return None;
                }
                digits += 1;
            }
            return if digits == 0 {
                None
            } else {
                char::from_u32(value)
            };
        }
        let high = self.next()?.to_digit(16);
        let low = self.next()?.to_digit(16);
        char::from_u32(high? * 16 + low?)
    }

    /// After `[`: a class, each item written out unambiguously.
    fn class(&mut self, start: usize) -> Result<(), GoError> {
        let missing = |reader: &Self| GoError::new(MISSING_BRACKET, &reader.pattern[start..]);
        self.out.push('[');
        if self.eat("^") {
            self.out.push('^');
        }
        let mut first = true;
        loop {
            if self.rest.is_empty() {
                return Err(missing(self));
            }
            if !first && self.eat("]") {
                self.out.push(']');
                return Ok(());
            }
            first = false;
            let item = self.position();
            if self.rest.len() > 2 && self.rest.starts_with("[:") {
                if let Some(end) = self.rest[2..].find(":]") {
                    let text = &self.rest[..end + 4];
                    let name = &text[2..end + 2];
                    if !POSIX_CLASSES.contains(&name.strip_prefix('^').unwrap_or(name)) {
                        return Err(GoError::new(INVALID_CHAR_RANGE, text));
                    }
                    self.out.push_str(text);
                    self.rest = &self.rest[end + 4..];
                    continue;
                }
            }
            if self.eat("\\") {
                if let Some(class) = self.unicode_class(item)? {
                    self.out.push_str(&class);
                    continue;
                }
                if let Some(class) = self.perl_class() {
                    self.out.push_str(class);
                    continue;
                }
                self.rest = &self.pattern[item..];
            }
            let low = self.class_char(start)?;
            let mut high = low;
            let mut range = self.rest.chars();
            if range.next() == Some('-') && range.next().is_some_and(|c| c != ']') {
                self.next();
                high = self.class_char(start)?;
                if high < low {
                    return Err(GoError::new(INVALID_CHAR_RANGE, self.since(item)));
                }
            }
            push_class_char(&mut self.out, low);
            if high != low {
                self.out.push('-');
                push_class_char(&mut self.out, high);
            }
        }
    }

    /// One character of a class, escaped or not.
    fn class_char(&mut self, class_start: usize) -> Result<char, GoError> {
        let start = self.position();
        match self.next() {
            None => Err(GoError::new(MISSING_BRACKET, &self.pattern[class_start..])),
            Some('\\') => self.escaped_char(start),
            Some(c) => Ok(c),
        }
    }
}

/// `{n}`, `{n,}` or `{n,m}` at the start of `rest` (after the `{`): the
/// counts and the length read. Anything else (`{`, `{,3}`, `{01}`) makes
/// the `{` a literal for Go.
fn repeat_count(rest: &str) -> Option<(u32, Option<u32>, usize)> {
    let (min, after_min) = count(rest)?;
    let tail = &rest[after_min..];
    let (max, length) = if let Some(tail) = tail.strip_prefix(",}") {
        (None, rest.len() - tail.len())
    } else if let Some(tail) = tail.strip_prefix(',') {
        let (max, after_max) = count(tail)?;
        let tail = tail[after_max..].strip_prefix('}')?;
        (Some(max), rest.len() - tail.len())
    } else {
        let tail = tail.strip_prefix('}')?;
        (Some(min), rest.len() - tail.len())
    };
    Some((min, max, length))
}

/// A decimal count without leading zeros, and its length; past 1000 it
/// only needs to be known as too large.
fn count(text: &str) -> Option<(u32, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && text.starts_with('0')) {
        return None;
    }
    let value = text[..digits].parse().unwrap_or(u32::MAX);
    Some((value, digits))
}

fn push_literal(out: &mut String, c: char) {
    if is_meta_character(c) {
        out.push('\\');
    }
    out.push(c);
}

fn push_class_char(out: &mut String, c: char) {
    if is_meta_character(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_whitespace() || c.is_control() {
        out.push_str(&format!(r"\x{{{:X}}}", c as u32));
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(pattern: &str) -> String {
        compile(pattern).err().unwrap_or_default()
    }

    fn matches(pattern: &str, value: &str) -> bool {
        match compile(pattern) {
            Ok(regex) => regex.is_match(value),
            Err(error) => panic!("{pattern:?} does not compile: {error}"),
        }
    }

    #[test]
    fn go_words_for_broken_patterns() {
        for (pattern, expected) in [
            ("(unclosed", "missing closing ): `(unclosed`"),
            ("a)", "unexpected ): `a)`"),
            ("x[a-z", "missing closing ]: `[a-z`"),
            ("[z-a]", "invalid character class range: `z-a`"),
            (r"\q", r"invalid escape sequence: `\q`"),
            ("*a", "missing argument to repetition operator: `*`"),
            ("{2}", "missing argument to repetition operator: `{2}`"),
            ("a{5,2}", "invalid repeat count: `{5,2}`"),
            ("a(?=b)", "invalid or unsupported Perl syntax: `(?=`"),
            ("a\\", "trailing backslash at end of expression: ``"),
        ] {
            assert_eq!(
                message(pattern),
                format!("error parsing regexp: {expected}")
            );
        }
    }

    #[test]
    fn what_only_go_refuses_is_refused_in_its_words() {
        for (pattern, expected) in [
            ("a**", "invalid nested repetition operator: `**`"),
            ("a+*", "invalid nested repetition operator: `+*`"),
            ("a*?+", "invalid nested repetition operator: `*?+`"),
            ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
            ("a{1001}", "invalid repeat count: `{1001}`"),
            ("(?x)a", "invalid or unsupported Perl syntax: `(?x`"),
            ("(?i-)a", "invalid or unsupported Perl syntax: `(?i-)`"),
            ("(?P<a.b>x)", "invalid named capture: `(?P<a.b>`"),
            ("(?<=a)b", "invalid named capture: `(?<=a)b`"),
            (r"\u0041", r"invalid escape sequence: `\u`"),
            (r"a\Z", r"invalid escape sequence: `\Z`"),
            (r"\C", r"invalid escape sequence: `\C`"),
            (r"\1", r"invalid escape sequence: `\1`"),
            (r"\x{zz}", r"invalid escape sequence: `\x{z`"),
            (
                "[[:alphabet:]]",
                "invalid character class range: `[:alphabet:]`",
            ),
            (r"[\b]", r"invalid escape sequence: `\b`"),
            (r"\p{Greek", r"invalid character class range: `\p{Greek`"),
            (
                r"\p{NoSuchScript}",
                r"invalid character class range: `\p{NoSuchScript}`",
            ),
            ("a|*", "missing argument to repetition operator: `*`"),
            ("[a--]", "invalid character class range: `a--`"),
        ] {
            assert_eq!(
                message(pattern),
                format!("error parsing regexp: {expected}"),
                "{pattern}"
            );
        }
    }

    #[test]
    fn perl_classes_and_word_boundaries_are_ascii() {
        assert!(matches(r"^\w+$", "abc_09"));
        assert!(!matches(r"^\w+$", "café"));
        assert!(!matches(r"^\d$", "٣"));
        assert!(matches(r"^\D$", "٣"));
        assert!(!matches(r"^\s$", "\u{A0}"));
        assert!(!matches(r"^\s$", "\x0B"));
        assert!(matches(r"^[\s]$", "\x0C"));
        assert!(matches(r"^[^\W]+$", "word"));
        assert!(matches(r"é\b", "éa"));
        assert!(!matches(r"a\B", "a"));
        assert!(matches(r"(?i)^\w$", "\u{212A}"));
    }

    #[test]
    fn what_only_go_accepts_is_read_as_go_reads_it() {
        assert!(matches(r"^\Q1.5*\E$", "1.5*"));
        assert!(matches(r"^\<a\>$", "<a>"));
        assert!(!matches(r"^\Q1.5*\E$", "105"));
        assert!(matches(r"^a\Q.", "a."));
        assert!(matches(r"^\101\0$", "A\0"));
        assert!(matches(r"^\12$", "\n"));
        assert!(matches("^(?)a$", "a"));
        assert!(matches("^a{,2}$", "a{,2}"));
        assert!(matches("^a{01}$", "a{01}"));
        assert!(matches("^x{$", "x{"));
        assert!(matches("^[a&&b]+$", "&b&a"));
        assert!(matches("^[--/]$", "."));
        assert!(matches("^(?P<1>a)(?P<1>b)$", "ab"));
        assert!(matches("^[~~]$", "~"));
        assert!(matches(r"^[[]$", "["));
        assert!(matches(r"^[a[b]]$", "[]"));
        assert!(matches(r"^[]a]+$", "]a"));
        assert!(matches(r"^[\]-a]$", "^"));
        assert!(matches(r"^\p{^Greek}$", "a"));
        assert!(!matches(r"^\P{^Greek}$", "a"));
        assert!(matches(r"^(?P<first>a)(?<second>b)$", "ab"));
        assert!(matches(r"^(?i-s:A.)$", "ab"));
        assert!(matches(r"^\x41\x{1F600}$", "A😀"));
        assert!(matches("^a{2,3}?$", "aaa"));
        assert!(matches(r"^[[:^digit:]x]$", "y"));
    }

    proptest::proptest! {
        /// Whatever Go accepts is written out as a pattern the `regex`
        /// crate compiles: every refusal is one of Go's.
        #[test]
        fn every_pattern_compiles_or_is_refused_in_go_words(
            pattern in r"[\\()\[\]{}^$.|*+?:<>=,&~ PpQEdDwWsSbBxzA0-9a-f_-]{0,24}"
        ) {
            if let Err(message) = compile(&pattern) {
                proptest::prop_assert!(
                    message.starts_with("error parsing regexp: "),
                    "{:?}: {}", pattern, message
                );
            }
        }
    }

    #[test]
    fn valid_patterns_compile() {
        assert!(compile("^[a-z0-9-]+$").is_ok_and(|r| r.is_match("ok-1")));
    }
}
