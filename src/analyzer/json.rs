//! Terraform's JSON syntax (`*.tf.json`). A file is translated into the
//! native syntax that the rest of the analyzer reads, as Terraform would
//! read it: strings are templates where expressions go, a property is a
//! nested block where the schema declares one. An [`OffsetMap`] leads every
//! byte of the translation back into the JSON, so that diagnostics point at
//! what the author wrote.

use jsonc_parser::ast::{Array, Object, ObjectProp, ObjectPropName, StringLit, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

use super::source::{OffsetMap, Translation};
use crate::schema::{self, Block};

/// Why a file is not Terraform JSON, and where (byte offsets into it).
#[derive(Debug, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub offset: usize,
}

/// Translates the JSON configuration `json`.
pub fn translate(json: &str) -> Result<Translation, JsonError> {
    // Terraform's JSON is strict: none of JSONC's allowances.
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(json, &CollectOptions::default(), &strict).map_err(|error| {
            JsonError {
                message: format!("invalid JSON: {}", error.kind()),
                offset: error.range().start,
            }
        })?;
    let root = match parsed.value {
        Some(Value::Object(root)) => root,
        Some(other) => {
            return Err(JsonError {
                message: "a Terraform JSON file must hold one object".into(),
                offset: other.range().start,
            })
        }
        None => {
            return Err(JsonError {
                message: "a Terraform JSON file must hold one object, and this one is empty".into(),
                offset: 0,
            })
        }
    };
    let mut writer = Writer {
        json,
        text: String::with_capacity(json.len()),
        map: OffsetMap::default(),
        errors: Vec::new(),
    };
    writer.root(&root);
    if let Some(first) = writer.errors.into_iter().next() {
        return Err(first);
    }
    Ok(Translation {
        text: writer.text,
        map: writer.map,
    })
}

/// How a string of the JSON is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// A template: `${...}` and `%{...}` are evaluated.
    Template,
    /// A literal, taken as written (a variable's default, a module's source).
    Literal,
    /// An expression written as a string (a variable's type, a reference).
    Expression,
}

/// What a JSON object stands for, which decides how its properties read.
#[derive(Clone, Copy)]
enum Body {
    /// A block of a type whose schema is known: nested blocks where it
    /// declares them, `count`, `for_each` and the other meta-arguments.
    Resource(Option<&'static Block>),
    /// A nested block of a declared schema.
    Nested(&'static Block),
    Variable,
    Output,
    Module,
    /// Arguments only, as templates.
    Arguments,
    /// Arguments only, taken literally (`terraform`).
    Literal,
}

struct Writer<'j> {
    json: &'j str,
    text: String,
    map: OffsetMap,
    /// Values of the wrong kind, in the order met.
    errors: Vec<JsonError>,
}

impl<'j> Writer<'j> {
    /// Text of the translation's own, shown at `at` in the JSON.
    fn put(&mut self, text: &str, at: usize) {
        self.map.anchor(self.text.len(), at);
        self.text.push_str(text);
    }

    /// Text that stands in the JSON as written, starting at `at`.
    fn copy(&mut self, text: &str, at: usize) {
        self.map.lockstep(self.text.len(), at, text.len());
        self.text.push_str(text);
    }

    fn root(&mut self, root: &Object<'_>) {
        for property in &root.properties {
            let at = property.range.start;
            match property.name.as_str() {
                kind @ ("resource" | "data") => {
                    for types in self.objects(property) {
                        for by_type in labels(types) {
                            let ty = by_type.name.as_str();
                            let declared = if kind == "data" {
                                schema::data_source(ty)
                            } else {
                                schema::resource(ty)
                            }
                            .map(|declared| &declared.block);
                            for names in self.objects(by_type) {
                                for by_name in labels(names) {
                                    self.labelled_blocks(
                                        kind,
                                        &[by_type, by_name],
                                        Body::Resource(declared),
                                    );
                                }
                            }
                        }
                    }
                }
                kind @ ("variable" | "output" | "module" | "provider") => {
                    let body = match kind {
                        "variable" => Body::Variable,
                        "output" => Body::Output,
                        "module" => Body::Module,
                        _ => Body::Arguments,
                    };
                    for named in self.objects(property) {
                        for by_name in labels(named) {
                            self.labelled_blocks(kind, &[by_name], body);
                        }
                    }
                }
                "locals" => {
                    for locals in self.objects(property) {
                        self.put("locals {\n", at);
                        self.body(locals, Body::Arguments);
                        self.put("}\n", at);
                    }
                }
                "terraform" => {
                    for settings in self.objects(property) {
                        self.put("terraform {\n", at);
                        self.body(settings, Body::Literal);
                        self.put("}\n", at);
                    }
                }
                // Comments, and blocks the analysis has no use for (`moved`,
                // `import`, `check`, `removed`).
                _ => {}
            }
        }
    }

    /// The objects of a property that stands for blocks: one object, or an
    /// array of them. Any other value is an error, as in Terraform.
    fn objects<'v, 'a>(&mut self, property: &'v ObjectProp<'a>) -> Vec<&'v Object<'a>> {
        let mut objects = Vec::new();
        match &property.value {
            Value::Object(object) => objects.push(object),
            Value::Array(array) => {
                for element in &array.elements {
                    match element {
                        Value::Object(object) => objects.push(object),
                        other => self.wrong_type(property, other.range().start),
                    }
                }
            }
            other => self.wrong_type(property, other.range().start),
        }
        objects
    }

    fn wrong_type(&mut self, property: &ObjectProp<'_>, offset: usize) {
        self.errors.push(JsonError {
            message: format!(
                "incorrect JSON value type: \"{}\" stands for blocks, so it takes an object or an array of objects",
                property.name.as_str()
            ),
            offset,
        });
    }

    /// One block per object under the last of `labels`, which may also hold
    /// an array of them.
    fn labelled_blocks(&mut self, kind: &str, labels: &[&ObjectProp<'_>], body: Body) {
        let Some(last) = labels.last() else { return };
        for object in self.objects(last) {
            // The header is shown at the last label, which names the block.
            let at = last.range.start;
            self.put(kind, at);
            for label in labels {
                self.put(" ", at);
                self.string(&prop_name(label), Mode::Literal);
            }
            self.put(" {\n", at);
            self.body(object, body);
            self.put("}\n", at);
        }
    }

    fn body(&mut self, object: &Object<'_>, body: Body) {
        for property in labels(object) {
            let name = property.name.as_str();
            match (body, name) {
                (Body::Resource(_) | Body::Module, "count" | "for_each") => {
                    self.attribute(property, Mode::Template)
                }
                (Body::Resource(_) | Body::Module | Body::Output, "depends_on") => {
                    self.attribute(property, Mode::Expression)
                }
                (Body::Resource(_), "provider") => self.attribute(property, Mode::Expression),
                (Body::Resource(_), "lifecycle" | "connection") => {
                    self.blocks(property, Body::Arguments)
                }
                (Body::Resource(_), "provisioner") => {
                    for provisioners in self.objects(property) {
                        for by_type in labels(provisioners) {
                            self.labelled_blocks("provisioner", &[by_type], Body::Arguments);
                        }
                    }
                }
                (Body::Resource(Some(block)) | Body::Nested(block), "dynamic") => {
                    self.dynamic(property, block)
                }
                (Body::Resource(Some(block)) | Body::Nested(block), _) => {
                    match block.nested(name) {
                        Some(nested) => self.blocks(property, Body::Nested(&nested.block)),
                        None => self.attribute(property, Mode::Template),
                    }
                }
                (Body::Variable, "type") => self.attribute(property, Mode::Expression),
                (Body::Variable, "validation") | (Body::Output, "precondition") => {
                    self.blocks(property, Body::Arguments)
                }
                (Body::Variable, _) | (Body::Output, "description" | "sensitive") => {
                    self.attribute(property, Mode::Literal)
                }
                (Body::Module, "source" | "version") => self.attribute(property, Mode::Literal),
                (Body::Module, "providers") => self.providers(property),
                (Body::Literal, "required_providers") => self.blocks(property, Body::Literal),
                (Body::Literal, _) => self.attribute(property, Mode::Literal),
                _ => self.attribute(property, Mode::Template),
            }
        }
    }

    /// `name = value`.
    fn attribute(&mut self, property: &ObjectProp<'_>, mode: Mode) {
        self.name(property);
        self.put(" = ", property.range.start);
        self.value(&property.value, mode);
        self.put("\n", property.range.end);
    }

    /// A nested block per object of the property's value.
    fn blocks(&mut self, property: &ObjectProp<'_>, body: Body) {
        for object in self.objects(property) {
            self.name(property);
            self.put(" {\n", property.range.start);
            self.body(object, body);
            self.put("}\n", property.range.end);
        }
    }

    /// `dynamic "x" { for_each = ..., content { ... } }`, where `x` is a
    /// nested block of `block`.
    fn dynamic(&mut self, property: &ObjectProp<'_>, block: &'static Block) {
        for by_type in self.objects(property) {
            for typed in labels(by_type) {
                let content = block.nested(typed.name.as_str()).map(|n| &n.block);
                self.put("dynamic ", typed.range.start);
                self.string(&prop_name(typed), Mode::Literal);
                self.put(" {\n", typed.range.start);
                for settings in self.objects(typed) {
                    for setting in labels(settings) {
                        match (setting.name.as_str(), content) {
                            ("content", Some(content)) => {
                                self.blocks(setting, Body::Nested(content))
                            }
                            ("content", None) => self.blocks(setting, Body::Arguments),
                            ("iterator", _) => self.attribute(setting, Mode::Expression),
                            _ => self.attribute(setting, Mode::Template),
                        }
                    }
                }
                self.put("}\n", typed.range.end);
            }
        }
    }

    /// A module's `providers`: a map of provider references.
    fn providers(&mut self, property: &ObjectProp<'_>) {
        self.name(property);
        self.put(" = {\n", property.range.start);
        if let Value::Object(map) = &property.value {
            for entry in &map.properties {
                self.string(&prop_name(entry), Mode::Expression);
                self.put(" = ", entry.range.start);
                self.value(&entry.value, Mode::Expression);
                self.put("\n", entry.range.end);
            }
        } else {
            // Not a map: kept as it is, so that the value is still checked.
            self.value(&property.value, Mode::Template);
        }
        self.put("}\n", property.range.end);
    }

    /// An argument or block name, as written in the JSON key.
    fn name(&mut self, property: &ObjectProp<'_>) {
        self.string(&prop_name(property), Mode::Expression);
    }

    fn value(&mut self, value: &Value<'_>, mode: Mode) {
        match value {
            Value::StringLit(string) => self.string(string, mode),
            Value::NumberLit(number) => self.copy(number.value, number.range.start),
            Value::BooleanLit(boolean) => self.copy(
                if boolean.value { "true" } else { "false" },
                boolean.range.start,
            ),
            Value::NullKeyword(null) => self.copy("null", null.range.start),
            Value::Array(array) => self.array(array, mode),
            Value::Object(object) => {
                // Keys are templates where values are.
                let key_mode = if mode == Mode::Literal {
                    Mode::Literal
                } else {
                    Mode::Template
                };
                self.put("{\n", object.range.start);
                for property in &object.properties {
                    self.string(&prop_name(property), key_mode);
                    self.put(" = ", property.range.start);
                    self.value(&property.value, mode);
                    self.put("\n", property.range.end);
                }
                self.put("}", object.range.end);
            }
        }
    }

    fn array(&mut self, array: &Array<'_>, mode: Mode) {
        self.put("[", array.range.start);
        for (index, element) in array.elements.iter().enumerate() {
            if index > 0 {
                self.put(", ", array.range.start);
            }
            self.value(element, mode);
        }
        self.put("]", array.range.end);
    }

    /// A JSON string, read in `mode`.
    fn string(&mut self, string: &StringLit<'_>, mode: Mode) {
        let chars = decode(self.json, string);
        match mode {
            Mode::Expression => {
                // An attribute's value ends at a line break unless it is
                // bracketed: one across lines is put in parentheses.
                let multiline = chars.iter().any(|&(c, _)| c == '\n');
                if multiline {
                    self.put("(", string.range.start);
                }
                for (c, at) in chars {
                    self.char(c, at);
                }
                if multiline {
                    self.put(")", string.range.end.saturating_sub(1));
                }
            }
            Mode::Literal => {
                self.put("\"", string.range.start);
                let mut previous = None;
                for &(c, at) in &chars {
                    // `${` and `%{` start nothing in a literal.
                    if c == '{' && matches!(previous, Some('$' | '%')) {
                        self.put(if previous == Some('$') { "$" } else { "%" }, at);
                    }
                    self.escaped(c, at);
                    previous = Some(c);
                }
                self.put("\"", string.range.end.saturating_sub(1));
            }
            Mode::Template => {
                let parts = template_parts(&chars);
                // A template that is one interpolation is its value, of
                // whatever type: `"${var.n}"` is a number.
                if let [Part::Interpolation(inner)] = parts.as_slice() {
                    self.put("(", string.range.start);
                    for &(c, at) in inner.iter() {
                        self.char(c, at);
                    }
                    self.put(")", string.range.end.saturating_sub(1));
                    return;
                }
                self.put("\"", string.range.start);
                for part in parts {
                    match part {
                        Part::Literal(text) => {
                            for &(c, at) in text {
                                self.escaped(c, at);
                            }
                        }
                        Part::Sequence(text) | Part::Interpolation(text) => {
                            for &(c, at) in text {
                                self.char(c, at);
                            }
                        }
                    }
                }
                self.put("\"", string.range.end.saturating_sub(1));
            }
        }
    }

    /// One character as it is, in lockstep with the JSON where the JSON
    /// wrote it unescaped.
    fn char(&mut self, c: char, at: usize) {
        let mut buffer = [0; 4];
        let encoded = c.encode_utf8(&mut buffer);
        if self.json.get(at..at + encoded.len()) == Some(encoded) {
            self.copy(encoded, at);
        } else {
            self.put(encoded, at);
        }
    }

    /// One character of a quoted string's literal text, escaped as the
    /// native syntax wants.
    fn escaped(&mut self, c: char, at: usize) {
        match c {
            '"' => self.put("\\\"", at),
            '\\' => self.put("\\\\", at),
            '\n' => self.put("\\n", at),
            '\r' => self.put("\\r", at),
            '\t' => self.put("\\t", at),
            c if c.is_control() => self.put(&format!("\\u{:04x}", u32::from(c)), at),
            c => self.char(c, at),
        }
    }
}

/// The properties of an object that name blocks (or settings), without
/// `"//"` comments.
fn labels<'v, 'a>(object: &'v Object<'a>) -> impl Iterator<Item = &'v ObjectProp<'a>> {
    object
        .properties
        .iter()
        .filter(|property| property.name.as_str() != "//")
}

/// A property's name as a string literal (strict parsing allows no other).
fn prop_name<'a>(property: &ObjectProp<'a>) -> StringLit<'a> {
    match &property.name {
        ObjectPropName::String(string) => string.clone(),
        ObjectPropName::Word(word) => StringLit {
            range: word.range,
            value: word.value.into(),
        },
    }
}

/// The characters of a JSON string, each with the offset in `json` of what
/// wrote it (an escape sequence's backslash).
fn decode(json: &str, string: &StringLit<'_>) -> Vec<(char, usize)> {
    let start = string.range.start + 1;
    let end = string.range.end.saturating_sub(1);
    let Some(raw) = json.get(start..end) else {
        return string
            .value
            .chars()
            .map(|c| (c, string.range.start))
            .collect();
    };
    let mut out = Vec::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let at = start + index;
        if c != '\\' {
            out.push((c, at));
            continue;
        }
        let decoded = match chars.next().map(|(_, e)| e) {
            Some('b') => Some('\u{8}'),
            Some('f') => Some('\u{c}'),
            Some('n') => Some('\n'),
            Some('r') => Some('\r'),
            Some('t') => Some('\t'),
            Some('u') => {
                fn unit(chars: &mut dyn Iterator<Item = (usize, char)>) -> Option<u32> {
                    let hex: String = chars.take(4).map(|(_, h)| h).collect();
                    u32::from_str_radix(&hex, 16).ok()
                }
                match unit(&mut chars) {
                    Some(high @ 0xD800..=0xDBFF) => {
                        let low = match (chars.next(), chars.next()) {
                            (Some((_, '\\')), Some((_, 'u'))) => unit(&mut chars),
                            _ => None,
                        };
                        low.and_then(|low| {
                            char::from_u32(
                                0x10000
                                    + ((high - 0xD800) << 10)
                                    + (low.wrapping_sub(0xDC00) & 0x3FF),
                            )
                        })
                    }
                    Some(code) => char::from_u32(code),
                    None => None,
                }
            }
            Some(other) => Some(other),
            None => None,
        };
        out.push((decoded.unwrap_or(char::REPLACEMENT_CHARACTER), at));
    }
    out
}

/// A piece of a template string.
#[derive(Debug)]
enum Part<'c> {
    Literal(&'c [(char, usize)]),
    /// `$${` or `%%{`: a literal `${` or `%{`, written the same natively.
    Sequence(&'c [(char, usize)]),
    /// The expression of `${ ... }`, without its delimiters (nor `~`).
    Interpolation(&'c [(char, usize)]),
}

/// Splits a template into literal text, interpolations and directives (a
/// directive is kept whole, as a sequence).
fn template_parts(chars: &[(char, usize)]) -> Vec<Part<'_>> {
    let at = |i: usize| chars.get(i).map(|&(c, _)| c);
    let mut parts = Vec::new();
    let (mut literal_start, mut i) = (0, 0);
    while i < chars.len() {
        let opener = matches!(at(i), Some('$' | '%')) && at(i + 1) == Some('{');
        let escape =
            matches!(at(i), Some('$' | '%')) && at(i + 1) == at(i) && at(i + 2) == Some('{');
        if escape {
            if literal_start < i {
                parts.push(Part::Literal(&chars[literal_start..i]));
            }
            parts.push(Part::Sequence(&chars[i..i + 3]));
            i += 3;
            literal_start = i;
            continue;
        }
        if !opener {
            i += 1;
            continue;
        }
        if literal_start < i {
            parts.push(Part::Literal(&chars[literal_start..i]));
        }
        let end = closing_brace(chars, i + 2).map_or(chars.len(), |close| close + 1);
        let whole = &chars[i..end];
        if at(i) == Some('$') && whole.last().map(|&(c, _)| c) == Some('}') {
            let mut inner = &whole[2..whole.len() - 1];
            if inner.first().map(|&(c, _)| c) == Some('~') {
                inner = &inner[1..];
            }
            if inner.last().map(|&(c, _)| c) == Some('~') {
                inner = &inner[..inner.len() - 1];
            }
            if parts.is_empty() && end == chars.len() {
                parts.push(Part::Interpolation(inner));
            } else {
                parts.push(Part::Sequence(whole));
            }
        } else {
            parts.push(Part::Sequence(whole));
        }
        i = end;
        literal_start = i;
    }
    if literal_start < chars.len() {
        parts.push(Part::Literal(&chars[literal_start..]));
    }
    parts
}

/// The index of the `}` that closes a sequence whose content starts at
/// `from`, past nested braces and quoted strings (which may hold templates).
fn closing_brace(chars: &[(char, usize)], from: usize) -> Option<usize> {
    // Each level is an expression (counting braces) or a quoted string.
    enum Level {
        Expression(usize),
        Quoted,
    }
    let mut levels = vec![Level::Expression(0)];
    let mut i = from;
    while i < chars.len() {
        let c = chars[i].0;
        let next = chars.get(i + 1).map(|&(c, _)| c);
        match levels.last_mut() {
            Some(Level::Expression(depth)) => match c {
                '{' => *depth += 1,
                '}' if *depth == 0 => {
                    levels.pop();
                    if levels.is_empty() {
                        return Some(i);
                    }
                }
                '}' => *depth -= 1,
                '"' => levels.push(Level::Quoted),
                _ => {}
            },
            Some(Level::Quoted) => match c {
                '\\' => i += 1,
                '"' => {
                    levels.pop();
                }
                '$' | '%' if next == Some('{') => {
                    levels.push(Level::Expression(0));
                    i += 1;
                }
                _ => {}
            },
            None => return None,
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn native(json: &str) -> String {
        match translate(json) {
            Ok(translation) => translation.text,
            Err(error) => panic!("{json}: {error:?}"),
        }
    }

    #[test]
    fn blocks_follow_the_schema_and_strings_are_templates() {
        let text = native(
            r#"{
  "data": {"coder_parameter": {"region": {
    "name": "Region", "default": "eu",
    "option": [{"name": "EU", "value": "eu"}, {"name": "US", "value": "us"}]
  }}},
  "resource": {"coder_ai_task": {"task": {
    "count": "${data.coder_parameter.region.value == \"eu\" ? 1 : 0}",
    "app_id": "${coder_app.x.id}",
    "//": "a comment"
  }}},
  "locals": {"greeting": "hello ${var.name}!", "n": 2, "list": [true, null]}
}"#,
        );
        let body = crate::analyzer::load::parse(&text).expect("the translation parses");
        let parameter = body.get_blocks("data").next().expect("a data block");
        assert_eq!(parameter.body.get_blocks("option").count(), 2);
        assert!(parameter.body.get_attribute("option").is_none());
        let task = body
            .get_blocks("resource")
            .next()
            .expect("a resource block");
        let count = task.body.get_attribute("count").expect("count");
        assert_eq!(
            count.value.to_string().trim(),
            r#"(data.coder_parameter.region.value == "eu" ? 1 : 0)"#
        );
        assert!(task.body.get_attribute("//").is_none());
        let locals = body.get_blocks("locals").next().expect("locals");
        let greeting = locals.body.get_attribute("greeting").expect("greeting");
        assert_eq!(greeting.value.to_string().trim(), r#""hello ${var.name}!""#);
    }

    #[test]
    fn literals_and_expressions_are_read_as_terraform_reads_them() {
        let text = native(
            r#"{
  "variable": {"v": {"type": "list(string)", "default": ["${not} a \"template\"\n"]}},
  "module": {"m": {"source": "./m", "count": 2, "providers": {"coder": "coder.other"}}},
  "output": {"o": {"value": "$${kept} ${1 + 1} %%{kept}"}}
}"#,
        );
        let body = crate::analyzer::load::parse(&text).expect("the translation parses");
        let variable = body.get_blocks("variable").next().expect("variable");
        let attribute = |name: &str| {
            variable
                .body
                .get_attribute(name)
                .map(|a| a.value.to_string().trim().to_string())
        };
        assert_eq!(attribute("type").as_deref(), Some("list(string)"));
        let multiline = native(r#"{"variable": {"v": {"type": "\nlist(string)"}}}"#);
        let across_lines =
            crate::analyzer::load::parse(&multiline).expect("a type across lines parses");
        assert!(across_lines.get_blocks("variable").next().is_some());
        assert_eq!(
            attribute("default").as_deref(),
            Some(r#"["$${not} a \"template\"\n"]"#)
        );
        let module = body.get_blocks("module").next().expect("module");
        let source = module.body.get_attribute("source").expect("source");
        assert_eq!(source.value.as_str(), Some("./m"));
        let providers = module.body.get_attribute("providers").expect("providers");
        assert!(providers.value.to_string().contains("coder = coder.other"));
        let output = body.get_blocks("output").next().expect("output");
        let value = output.body.get_attribute("value").expect("value");
        assert_eq!(
            value.value.to_string().trim(),
            r#""$${kept} ${1 + 1} %%{kept}""#
        );
    }

    #[test]
    fn every_byte_leads_back_to_what_wrote_it() {
        let json = "{\"resource\": {\"coder_app\": {\"a\": {\"slug\": \"a\\u00e9 ${var.x}\"}}}}";
        let translation = translate(json).expect("translates");
        // (in the translation, in the JSON): the header is shown at the
        // block's name; copied text maps byte for byte, an escape to its
        // backslash.
        for (translated, written) in [
            ("resource", "\"a\":"),
            ("var.x", "var.x"),
            ("é", "\\u00e9"),
            ("slug", "slug"),
        ] {
            let at = translation.text.find(translated).expect(translated);
            assert_eq!(
                translation.map.original(at),
                json.find(written).expect(written),
                "{translated}"
            );
        }
    }

    #[test]
    fn what_is_not_terraform_json_is_an_error_at_its_place() {
        let error = translate("{\"locals\": {\"a\": 1,}}").expect_err("a trailing comma");
        assert!(
            error.message.starts_with("invalid JSON"),
            "{}",
            error.message
        );
        assert_eq!(error.offset, 18, "at the comma");
        let error = translate("[1]").expect_err("not an object");
        assert_eq!(error.message, "a Terraform JSON file must hold one object");
        assert!(translate("").is_err());
    }

    #[test]
    fn a_block_given_a_value_of_another_kind_is_an_error_there() {
        for (json, at) in [
            (r#"{"resource": {"coder_app": {"a": "x"}}}"#, r#""x""#),
            (r#"{"locals": 1}"#, "1"),
            (
                r#"{"data": {"coder_parameter": {"p": {"option": [{}, 2]}}}}"#,
                "2",
            ),
            (r#"{"variable": {"v": {"validation": true}}}"#, "true"),
        ] {
            let error = translate(json).expect_err(json);
            assert!(
                error.message.starts_with("incorrect JSON value type"),
                "{}",
                error.message
            );
            assert_eq!(error.offset, json.find(at).expect("place"), "{json}");
        }
        // Comments may sit among blocks.
        native(r#"{"resource": {"//": "note", "coder_app": {"//": "x", "a": {}}}}"#);
    }

    #[test]
    fn braces_and_quotes_inside_interpolations_do_not_end_them() {
        let chars: Vec<(char, usize)> = r#"a ${ {"}" = 1}["}"] } b %{ if x }y%{ endif }"#
            .chars()
            .enumerate()
            .map(|(index, c)| (c, index))
            .collect();
        let parts = template_parts(&chars);
        let text = |part: &Part<'_>| match part {
            Part::Literal(c) | Part::Sequence(c) | Part::Interpolation(c) => {
                c.iter().map(|&(c, _)| c).collect::<String>()
            }
        };
        let texts: Vec<String> = parts.iter().map(text).collect();
        assert_eq!(
            texts,
            [
                "a ",
                r#"${ {"}" = 1}["}"] }"#,
                " b ",
                "%{ if x }",
                "y",
                "%{ endif }"
            ]
        );
    }
}
