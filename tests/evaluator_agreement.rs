//! The analyzer's evaluator against real Terraform. Generated expressions
//! (literals, operators, conditionals, `for`, indexes, the functions the
//! evaluator knows, `try` and `can`) are evaluated by `terraform console`
//! and by the evaluator; wherever the evaluator decides a value, or that
//! Terraform fails, Terraform must say the same. Undecided (unknown) results
//! are allowed, but must stay few, or the test would compare nothing.

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use coderform::analyzer::eval::{Evaluator, Scenario};
use coderform::analyzer::load::load;
use coderform::value::Value;
use serde_json::Value as Json;
use support::{all_terraforms, Terraform};

/// Expressions per seed, and seeds: enough to reach every construct in
/// many combinations while one console run stays well under its 64 KiB line.
const EXPRESSIONS: usize = 120;
const SEEDS: std::ops::Range<u64> = 0x5eed_0000..0x5eed_000a;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Number,
    Text,
    Bool,
    List,
    Map,
}

const KINDS: [Kind; 5] = [Kind::Number, Kind::Text, Kind::Bool, Kind::List, Kind::Map];

/// A seeded generator of HCL expressions, mostly well typed, with a share
/// of mistyped operands so that conversions and errors are compared too.
/// Numbers stay small and dyadic: Terraform's arbitrary precision and the
/// evaluator's `f64` agree exactly on those.
struct Generator {
    state: u64,
    /// Functions that Terraform 1.3 added (`startswith`, `endswith`).
    newer_functions: bool,
}

impl Generator {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// An operand of `kind`, or now and then of any kind.
    fn operand(&mut self, kind: Kind, depth: usize) -> String {
        if self.below(10) == 0 {
            let any = KINDS[self.below(KINDS.len())];
            return self.expr(any, depth);
        }
        self.expr(kind, depth)
    }

    fn scalar(&mut self, depth: usize) -> String {
        let kind = [Kind::Number, Kind::Text, Kind::Bool][self.below(3)];
        self.expr(kind, depth)
    }

    fn expr(&mut self, kind: Kind, depth: usize) -> String {
        if depth == 0 || self.below(4) == 0 {
            return self.leaf(kind);
        }
        let d = depth - 1;
        match kind {
            Kind::Number => self.number(d),
            Kind::Text => self.text(d),
            Kind::Bool => self.boolean(d),
            Kind::List => self.list(d),
            Kind::Map => self.map(d),
        }
    }

    fn leaf(&mut self, kind: Kind) -> String {
        let text = match kind {
            Kind::Number => self.pick(&["0", "1", "2", "3", "7", "-1", "-3", "0.5", "1.5", "2.25"]),
            Kind::Text => self.pick(&[
                "\"a\"",
                "\"b\"",
                "\"\"",
                "\"x y\"",
                "\"1\"",
                "\"2.5\"",
                "\"true\"",
                "\"false\"",
                "\"A-b\"",
                "\" pad \"",
                "null",
                "file(\"greeting.txt\")",
                "file(\"${path.module}/greeting.txt\")",
                "file(\"missing.txt\")",
                "file(\"folder\")",
                "path.module",
                "path.root",
            ]),
            Kind::Bool => self.pick(&[
                "true",
                "false",
                "fileexists(\"greeting.txt\")",
                "fileexists(\"missing.txt\")",
                "fileexists(\"folder\")",
            ]),
            Kind::List => self.pick(&[
                "[]",
                "[\"a\", \"b\"]",
                "[\"b\", \"a\", \"b\"]",
                "[1, 2, 3]",
                "[\"\", \"c\"]",
                "[true, false]",
            ]),
            Kind::Map => self.pick(&[
                "{}",
                "{ a = \"x\", b = \"y\" }",
                "{ a = 1, c = 2 }",
                "{ b = true }",
                "{ a = \"x\", b = 1, a = \"z\" }",
            ]),
        };
        text.to_string()
    }

    fn number(&mut self, d: usize) -> String {
        match self.below(18) {
            0 => format!(
                "({} + {})",
                self.operand(Kind::Number, d),
                self.operand(Kind::Number, d)
            ),
            1 => format!(
                "({} - {})",
                self.operand(Kind::Number, d),
                self.operand(Kind::Number, d)
            ),
            2 => format!(
                "({} * {})",
                self.operand(Kind::Number, d),
                self.leaf(Kind::Number)
            ),
            3 => format!(
                "({} / {})",
                self.operand(Kind::Number, d),
                self.pick(&["1", "2", "4"])
            ),
            4 => format!(
                "({} % {})",
                self.operand(Kind::Number, d),
                self.pick(&["2", "3", "-4"])
            ),
            5 => format!("-({})", self.operand(Kind::Number, d)),
            6 => {
                let kind = [Kind::List, Kind::Map, Kind::Text][self.below(3)];
                format!("length({})", self.operand(kind, d))
            }
            7 => format!("tonumber({})", self.operand(Kind::Text, d)),
            8 => {
                let f = self.pick(&["max", "min"]);
                format!(
                    "{f}({}, {})",
                    self.operand(Kind::Number, d),
                    self.operand(Kind::Number, d)
                )
            }
            9 => {
                let f = self.pick(&["abs", "ceil", "floor", "signum"]);
                format!("{f}({})", self.operand(Kind::Number, d))
            }
            // Terraform 1.0's `sum` takes no strings that read as numbers.
            10 => format!("sum({})", self.list_literal(Kind::Number, d)),
            11 => self.conditional(Kind::Number, d),
            12 => format!(
                "{}[{}]",
                self.list_literal(Kind::Number, d),
                self.pick(&["0", "1", "3"])
            ),
            13 => format!(
                "element({}, {})",
                self.operand(Kind::List, d),
                self.operand(Kind::Number, d)
            ),
            14 => format!(
                "try({}, {})",
                self.operand(Kind::Number, d),
                self.operand(Kind::Number, d)
            ),
            15 => format!("one({})", self.operand(Kind::List, d)),
            16 => format!("index({}, {})", self.operand(Kind::List, d), self.scalar(d)),
            _ => format!("lookup({}, {}, 0)", self.operand(Kind::Map, d), self.key()),
        }
    }

    fn text(&mut self, d: usize) -> String {
        match self.below(19) {
            0 => format!("\"${{{}}}-${{{}}}\"", self.scalar(d), self.scalar(d)),
            1 => {
                let f = self.pick(&["lower", "upper", "trimspace"]);
                format!("{f}({})", self.operand(Kind::Text, d))
            }
            2 => format!("tostring({})", self.scalar(d)),
            3 => format!("join(\",\", {})", self.operand(Kind::List, d)),
            4 => self.conditional(Kind::Text, d),
            5 => format!("{}[{}]", self.operand(Kind::Map, d), self.key()),
            6 => format!("{}.a", self.operand(Kind::Map, d)),
            7 => format!(
                "lookup({}, {}, \"z\")",
                self.operand(Kind::Map, d),
                self.key()
            ),
            8 => format!(
                "element({}, {})",
                self.operand(Kind::List, d),
                self.leaf(Kind::Number)
            ),
            9 => format!(
                "coalesce({}, {})",
                self.operand(Kind::Text, d),
                self.operand(Kind::Text, d)
            ),
            10 => {
                let any = KINDS[self.below(KINDS.len())];
                format!("jsonencode({})", self.expr(any, d))
            }
            11 => format!(
                "try({}, {})",
                self.operand(Kind::Text, d),
                self.operand(Kind::Text, d)
            ),
            13 => format!(
                "replace({}, {}, {})",
                self.operand(Kind::Text, d),
                self.pick(&["\"a\"", "\"\"", "\"/\"", "\" \"", "\"/a/\"", "1"]),
                self.operand(Kind::Text, d)
            ),
            14 => format!(
                "substr({}, {}, {})",
                self.operand(Kind::Text, d),
                self.operand(Kind::Number, d),
                self.operand(Kind::Number, d)
            ),
            15 => {
                let f = self.pick(&["trimprefix", "trimsuffix", "trim"]);
                format!(
                    "{f}({}, {})",
                    self.operand(Kind::Text, d),
                    self.leaf(Kind::Text)
                )
            }
            16 => format!("chomp(\"${{{}}}\\n\\r\\n\")", self.operand(Kind::Text, d)),
            // No argument is null: Terraform 1.11 formats null as unknown,
            // which console cannot print inside the batch.
            17 => {
                let spec = self.pick(&["%s-%v", "%d%%", "%v", "x%s", "%5s", "%d-%s"]);
                let args: String = (0..self.below(3))
                    .map(|_| match self.below(3) {
                        0 => format!(", {}", self.leaf(Kind::Number)),
                        1 => format!(", {}", self.leaf(Kind::Bool)),
                        _ => format!(", \"=${{{}}}\"", self.scalar(d)),
                    })
                    .collect();
                format!("format(\"{spec}\"{args})")
            }
            _ => format!("\"pre-${{{}}}\"", self.operand(Kind::Text, d)),
        }
    }

    fn boolean(&mut self, d: usize) -> String {
        match self.below(13) {
            0 => format!("!{}", self.operand(Kind::Bool, d)),
            1 => format!(
                "({} && {})",
                self.operand(Kind::Bool, d),
                self.operand(Kind::Bool, d)
            ),
            2 => format!(
                "({} || {})",
                self.operand(Kind::Bool, d),
                self.operand(Kind::Bool, d)
            ),
            3 => {
                let op = self.pick(&["<", "<=", ">", ">="]);
                format!(
                    "({} {op} {})",
                    self.operand(Kind::Number, d),
                    self.operand(Kind::Number, d)
                )
            }
            4 | 5 => {
                let op = self.pick(&["==", "!="]);
                let (left, right) = (self.scalar(d), self.scalar(d));
                format!("({left} {op} {right})")
            }
            6 => {
                let any = KINDS[self.below(KINDS.len())];
                let (left, right) = (self.expr(any, d), self.operand(any, d));
                format!("({left} == {right})")
            }
            7 => format!(
                "contains({}, {})",
                self.operand(Kind::List, d),
                self.scalar(d)
            ),
            8 => format!("tobool({})", self.operand(Kind::Text, d)),
            9 => {
                let any = KINDS[self.below(KINDS.len())];
                format!("can({})", self.expr(any, d))
            }
            10 => {
                let f = self.pick(&["alltrue", "anytrue"]);
                format!("{f}({})", self.list_literal(Kind::Bool, d))
            }
            11 if self.newer_functions => {
                let f = self.pick(&["startswith", "endswith"]);
                format!(
                    "{f}({}, {})",
                    self.operand(Kind::Text, d),
                    self.leaf(Kind::Text)
                )
            }
            _ => self.conditional(Kind::Bool, d),
        }
    }

    fn list(&mut self, d: usize) -> String {
        match self.below(18) {
            0 | 1 => {
                let kind = [Kind::Number, Kind::Text, Kind::Bool][self.below(3)];
                self.list_literal(kind, d)
            }
            2 => format!(
                "concat({}, {})",
                self.operand(Kind::List, d),
                self.operand(Kind::List, d)
            ),
            3 => {
                let f = self.pick(&["distinct", "compact", "tolist"]);
                format!("{f}({})", self.operand(Kind::List, d))
            }
            // A set is a list to the evaluator, so a set where Terraform
            // takes only a list (`concat`) is a known gap: sets are made in
            // their order and turned back into lists.
            4 => format!("tolist(toset({}))", self.operand(Kind::List, d)),
            5 => format!(
                "flatten([{}, {}])",
                self.operand(Kind::List, d),
                self.operand(Kind::List, d)
            ),
            6 => {
                let f = self.pick(&["keys", "values"]);
                format!("{f}({})", self.operand(Kind::Map, d))
            }
            7 => format!("split(\",\", {})", self.operand(Kind::Text, d)),
            8 => {
                let body = self.pick(&["x", "\"${x}!\"", "(x == \"a\")", "[x]", "length([x, x])"]);
                format!("[for x in {} : {body}]", self.operand(Kind::List, d))
            }
            9 => {
                let filter = self.pick(&["x != \"a\"", "x", "length(tostring(x)) > 0", "i > 0"]);
                format!(
                    "[for i, x in {} : x if {filter}]",
                    self.operand(Kind::List, d)
                )
            }
            10 => {
                let body = self.pick(&["k", "v", "\"${k}=${v}\""]);
                format!("[for k, v in {} : {body}]", self.operand(Kind::Map, d))
            }
            11 => self.conditional(Kind::List, d),
            12 => format!(
                "try({}, {})",
                self.operand(Kind::List, d),
                self.operand(Kind::List, d)
            ),
            // In parentheses: hcl-edit reads `-3[*]` as `(-3)[*]`, where
            // Terraform reads `-(3[*])`.
            13 => format!("({})[*]", self.operand(Kind::List, d)),
            14 => format!("jsondecode(jsonencode({}))", self.operand(Kind::List, d)),
            15 => format!("reverse({})", self.operand(Kind::List, d)),
            16 => format!(
                "slice({}, {}, {})",
                self.operand(Kind::List, d),
                self.pick(&["0", "1", "2", "-1", "0.5"]),
                self.pick(&["0", "1", "2", "3"])
            ),
            _ => format!(
                "[{}, {}]",
                self.operand(Kind::List, d),
                self.operand(Kind::List, d)
            ),
        }
    }

    fn map(&mut self, d: usize) -> String {
        match self.below(10) {
            0 | 1 => {
                let kind = [Kind::Number, Kind::Text, Kind::Bool][self.below(3)];
                format!(
                    "{{ a = {}, b = {} }}",
                    self.operand(kind, d),
                    self.operand(kind, d)
                )
            }
            2 => format!(
                "merge({}, {})",
                self.operand(Kind::Map, d),
                self.operand(Kind::Map, d)
            ),
            3 => format!("tomap({})", self.operand(Kind::Map, d)),
            4 => {
                let key = self.pick(&["k", "upper(k)", "\"${k}${k}\""]);
                format!(
                    "{{ for k, v in {} : {key} => v }}",
                    self.operand(Kind::Map, d)
                )
            }
            5 => {
                let body = self.pick(&["x => x", "tostring(x) => 1", "\"k\" => x..."]);
                format!("{{ for x in {} : {body} }}", self.operand(Kind::List, d))
            }
            6 => self.conditional(Kind::Map, d),
            7 => format!(
                "try({}, {})",
                self.operand(Kind::Map, d),
                self.operand(Kind::Map, d)
            ),
            8 => format!(
                "zipmap({}, {})",
                self.operand(Kind::List, d),
                self.operand(Kind::List, d)
            ),
            _ => format!("jsondecode(jsonencode({}))", self.operand(Kind::Map, d)),
        }
    }

    fn list_literal(&mut self, kind: Kind, d: usize) -> String {
        let items: Vec<String> = (0..self.below(4)).map(|_| self.operand(kind, d)).collect();
        format!("[{}]", items.join(", "))
    }

    fn conditional(&mut self, kind: Kind, d: usize) -> String {
        format!(
            "({} ? {} : {})",
            self.operand(Kind::Bool, d),
            self.operand(kind, d),
            self.operand(kind, d)
        )
    }

    fn key(&mut self) -> String {
        self.pick(&["\"a\"", "\"b\"", "\"c\""]).to_string()
    }
}

/// What an expression comes to, as both sides report it: the value under
/// `ok`, or `err` when evaluating it fails.
fn wrapped(expr: &str) -> String {
    format!("try({{ ok = {expr} }}, {{ err = true }})")
}

/// Terraform's answers for `exprs`, in order. Console prints only its last
/// result and stops at the first error, so all are asked in one tuple; an
/// expression Terraform refuses outright (not within `try`) is found by
/// halving and answered `None`.
fn terraform_answers(terraform: &Terraform, exprs: &[String]) -> Vec<Option<Json>> {
    if exprs.is_empty() {
        return Vec::new();
    }
    let tuple: Vec<String> = exprs.iter().map(|e| wrapped(e)).collect();
    let line = format!("jsonencode([{}])\n", tuple.join(", "));
    match console(terraform, &line) {
        Ok(Json::Array(items)) if items.len() == exprs.len() => {
            items.into_iter().map(Some).collect()
        }
        Ok(other) => panic!(
            "terraform console answered {other} for {} expressions",
            exprs.len()
        ),
        Err(_) if exprs.len() == 1 => vec![None],
        Err(_) => {
            let (first, second) = exprs.split_at(exprs.len() / 2);
            let mut answers = terraform_answers(terraform, first);
            answers.extend(terraform_answers(terraform, second));
            answers
        }
    }
}

/// The files the generated expressions read, written where each side
/// evaluates them.
fn write_files(dir: &std::path::Path) {
    std::fs::write(dir.join("greeting.txt"), "hello\n").expect("write greeting.txt");
    std::fs::create_dir_all(dir.join("folder")).expect("create folder");
}

/// One `terraform console` run in a directory that holds only the files
/// the expressions read: the JSON its one string result holds, or its
/// error output.
fn console(terraform: &Terraform, line: &str) -> Result<Json, String> {
    let dir = tempfile::tempdir().expect("scratch directory");
    write_files(dir.path());
    let mut child = Command::new(&terraform.path)
        .arg("console")
        .current_dir(dir.path())
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run terraform console");
    child
        .stdin
        .take()
        .expect("console stdin")
        .write_all(line.as_bytes())
        .expect("write to terraform console");
    let output = child.wait_with_output().expect("terraform console ends");
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    // The result is an HCL string; generated strings hold no `$` or `%`,
    // so its escapes are JSON's.
    let quoted = String::from_utf8_lossy(&output.stdout);
    let text: String = serde_json::from_str(quoted.trim())
        .unwrap_or_else(|e| panic!("console printed no string ({e}): {quoted}"));
    serde_json::from_str(&text).map_err(|e| format!("not JSON ({e}): {text}"))
}

/// The evaluator's answers for `exprs`: the JSON `jsonencode` gives the
/// wrapped expression, or `None` when the evaluator leaves it unknown.
fn evaluator_answers(exprs: &[String]) -> Vec<Option<Json>> {
    let dir = tempfile::tempdir().expect("scratch directory");
    let locals: Vec<String> = exprs
        .iter()
        .enumerate()
        .map(|(i, e)| format!("  e{i:04} = jsonencode({})\n", wrapped(e)))
        .collect();
    let text = format!("locals {{\n{}}}\n", locals.concat());
    std::fs::write(dir.path().join("main.tf"), &text).expect("write main.tf");
    write_files(dir.path());
    let template = load(dir.path()).expect("load generated template");
    assert!(
        template.problems.is_empty(),
        "{:#?}\n{text}",
        template.problems
    );
    let (scenario, fallback) = (Scenario::default(), BTreeMap::new());
    let evaluator = Evaluator::new(&template, &scenario, &fallback);
    let scope = evaluator.root_scope();
    let mut locals = template.modules[0].locals.iter().collect::<Vec<_>>();
    locals.sort_by(|a, b| a.name.cmp(&b.name));
    locals
        .iter()
        .map(|local| match evaluator.eval(&scope, &local.value) {
            Value::String(json) => {
                Some(serde_json::from_str(&json).expect("jsonencode gives JSON"))
            }
            Value::Unknown => None,
            other => panic!("jsonencode gave {other:?}"),
        })
        .collect()
}

/// Numbers compare by value: both sides print the same dyadic numbers, but
/// may spell an integer as `2` or `2.0`.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn the_evaluator_agrees_with_terraform_wherever_it_decides() {
    for terraform in all_terraforms() {
        let mut disagreements = Vec::new();
        let (mut decided, mut total) = (0, 0);
        for seed in SEEDS {
            let mut generator = Generator {
                state: seed,
                newer_functions: terraform.at_least((1, 3, 0)),
            };
            let exprs: Vec<String> = (0..EXPRESSIONS)
                .map(|_| {
                    let kind = KINDS[generator.below(KINDS.len())];
                    generator.expr(kind, 3)
                })
                .collect();
            let theirs = terraform_answers(&terraform, &exprs);
            let ours = evaluator_answers(&exprs);
            for ((expr, theirs), ours) in exprs.iter().zip(&theirs).zip(&ours) {
                total += 1;
                let Some(ours) = ours else { continue };
                decided += 1;
                let agree = match theirs {
                    Some(theirs) => same(theirs, ours),
                    // Refused outright: the evaluator must have failed it.
                    None => ours.get("err").is_some(),
                };
                if !agree {
                    disagreements.push(format!(
                        "{expr}\n    terraform: {}\n    evaluator: {ours}",
                        theirs
                            .as_ref()
                            .map_or("refused".to_string(), Json::to_string)
                    ));
                }
            }
        }
        assert!(
            disagreements.is_empty(),
            "Terraform {} and the evaluator disagree on {} of {decided} expressions:\n{}",
            terraform.version,
            disagreements.len(),
            disagreements.join("\n")
        );
        assert!(
            decided * 10 >= total * 7,
            "the evaluator decided only {decided} of {total} expressions"
        );
    }
}
