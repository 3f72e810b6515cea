//! `cargo bench --bench lint`: lints a generated corpus of templates on all
//! cores and compares with parsing the same templates alone, so the
//! analysis overhead over parsing can be read off.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use coderform::analyzer::directory::Directory;
use coderform::analyzer::{lint, load, Options};
use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TEMPLATES: usize = 1000;
const ROUNDS: usize = 15;

/// One realistic task template, varied by `seed`: parameters with options,
/// bools and bounded numbers, an agent, apps, tasks with exclusive
/// conditions, a local module, and a few files.
fn write_template(dir: &Path, seed: usize) {
    let agents = ["claude", "codex", "gemini", "aider", "goose"];
    let first = agents[seed % agents.len()];
    let second = agents[(seed + 1) % agents.len()];
    std::fs::create_dir_all(dir.join("modules/agent")).expect("corpus directory");
    let main = format!(
        r#"terraform {{
  required_providers {{
    coder = {{
      source  = "coder/coder"
      version = ">= 2.13"
    }}
  }}
}}

data "coder_workspace" "me" {{}}
data "coder_workspace_owner" "me" {{}}
data "coder_task" "me" {{}}

data "coder_parameter" "ai_prompt" {{
  name    = "AI Prompt"
  type    = "string"
  default = ""
  mutable = true
}}

data "coder_parameter" "agent" {{
  name    = "agent"
  default = "{first}"
  option {{
    name  = "{first}"
    value = "{first}"
  }}
  option {{
    name  = "{second}"
    value = "{second}"
  }}
}}

data "coder_parameter" "cpu" {{
  name    = "cpu"
  type    = "number"
  default = "{cpu}"
  validation {{
    min = 1
    max = 8
  }}
}}

data "coder_parameter" "gpu" {{
  name    = "gpu"
  type    = "bool"
  default = "false"
}}

locals {{
  use_first  = data.coder_parameter.agent.value == "{first}"
  has_prompt = data.coder_parameter.ai_prompt.value != ""
  home       = "/home/${{data.coder_workspace_owner.me.name}}"
}}

resource "coder_agent" "main" {{
  os             = "linux"
  arch           = "amd64"
  startup_script = "echo starting {seed}"
  env = {{
    HOME = local.home
    CPU  = data.coder_parameter.cpu.value
    GPU = data.coder_parameter.gpu.value
  }}
  metadata {{
    key          = "load"
    display_name = "Load"
    script       = "cat /proc/loadavg"
    interval     = 10
  }}
}}

module "first" {{
  count    = local.use_first ? 1 : 0
  source   = "./modules/agent"
  agent_id = coder_agent.main.id
  slug     = "{first}"
  enabled  = local.has_prompt || data.coder_task.me.enabled
}}

resource "coder_app" "{second}" {{
  agent_id = coder_agent.main.id
  slug     = "{second}"
  command  = "{second}"
}}

resource "coder_ai_task" "{second}" {{
  count  = !local.use_first && data.coder_workspace.me.start_count == 1 ? 1 : 0
  app_id = coder_app.{second}.id
}}
"#,
        cpu = 1 + seed % 8,
    );
    std::fs::write(dir.join("main.tf"), main).expect("write main.tf");
    std::fs::write(
        dir.join("outputs.tf"),
        format!("output \"seed\" {{\n  value = {seed}\n}}\n\noutput \"workspace\" {{\n  value = data.coder_workspace.me.name\n}}\n"),
    )
    .expect("write outputs.tf");
    let module = r#"variable "agent_id" {
  type = string
}

variable "slug" {
  type = string
}

variable "enabled" {
  type    = bool
  default = true
}

resource "coder_app" "agent" {
  agent_id     = var.agent_id
  slug         = var.slug
  display_name = upper(var.slug)
  command      = var.slug
}

resource "coder_ai_task" "task" {
  count  = var.enabled ? 1 : 0
  app_id = coder_app.agent.id
}

output "task_app_id" {
  value = coder_app.agent.id
}
"#;
    std::fs::write(dir.join("modules/agent/main.tf"), module).expect("write module");
}

fn tf_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("read corpus")
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tf") {
                files.push(path);
            }
        }
    }
    files
}

/// Lists `directory` and reads and parses each of its `.tf` files, with the
/// loader's own file access.
fn find_and_parse(mut directory: Directory) {
    let mut names = Vec::new();
    directory
        .for_each_entry(&mut |name, is_dir| {
            if !is_dir && Path::new(name).extension().is_some_and(|e| e == "tf") {
                names.push(name.to_owned());
            }
        })
        .expect("list a corpus directory");
    for name in names {
        let text = directory.read_to_string(&name).expect("read");
        load::parse(&text).expect("generated files parse");
    }
}

fn timed(run: impl FnOnce()) -> Duration {
    let start = Instant::now();
    run();
    start.elapsed()
}

fn main() {
    let corpus = tempfile::tempdir().expect("corpus directory");
    let templates: Vec<PathBuf> = (0..TEMPLATES)
        .map(|i| {
            let dir = corpus.path().join(format!("template-{i:04}"));
            write_template(&dir, i);
            dir
        })
        .collect();
    let files: Vec<PathBuf> = templates.iter().flat_map(|t| tf_files(t)).collect();
    // Each template's directories that hold files, below the template.
    let directories: Vec<(&PathBuf, Vec<&Path>)> = templates
        .iter()
        .map(|template| {
            let mut below: Vec<&Path> = files
                .iter()
                .filter_map(|file| file.parent()?.strip_prefix(template).ok())
                .filter(|dir| !dir.as_os_str().is_empty())
                .collect();
            below.sort();
            below.dedup();
            (template, below)
        })
        .collect();
    let options = Options::default();

    // Sanity: every generated template is clean and analysed in full.
    for template in templates.iter().take(10) {
        let report = lint(template, "t", &options).expect("lint");
        assert_eq!(report.errors(), 0, "{}", template.display());
        assert_eq!(report.warnings(), 0, "{}", template.display());
        assert_eq!(report.ai_task_instances_max, Some(1));
    }

    let parse_once = || {
        files.par_iter().for_each(|file| {
            let text = std::fs::read_to_string(file).expect("read");
            load::parse(&text).expect("generated files parse");
        });
    };
    // The baseline of the target: what parsing a template directory alone
    // takes, listing the directories that hold its files to find them (as
    // the lint must: it is given directories, not files), with the same
    // file access as the loader. Only the analysis is left out: which
    // directories to read is given, not found from `module` blocks.
    let find_and_parse_once = || {
        directories.par_iter().for_each(|(template, below)| {
            let root = Directory::open(template).expect("open a template");
            for dir in below {
                find_and_parse(root.open_relative(dir).expect("open a module"));
            }
            find_and_parse(root);
        });
    };
    // The provider's checks evaluate every block again and run the
    // provider's own validation on it: measured apart, as a team may turn
    // them off.
    let without_provider = Options {
        disabled: vec!["provider-schema".into(), "provider-validation".into()],
        ..Options::default()
    };
    let lint_with = |options: &Options| {
        templates.par_iter().for_each(|template| {
            let report = lint(template, "t", options).expect("lint");
            assert_eq!(report.errors(), 0);
        });
    };
    // Loading alone (listing, reading, parsing, following modules) shows
    // how much of the lint is the analysis proper.
    let load_once = || {
        templates.par_iter().for_each(|template| {
            load::load(template).expect("load");
        });
    };
    // Alternate the five so that all see the same machine load; keep the best.
    let (mut parse, mut found, mut loaded) = (Duration::MAX, Duration::MAX, Duration::MAX);
    let (mut full, mut lean) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        parse = parse.min(timed(parse_once));
        found = found.min(timed(find_and_parse_once));
        loaded = loaded.min(timed(load_once));
        lean = lean.min(timed(|| lint_with(&without_provider)));
        full = full.min(timed(|| lint_with(&options)));
    }
    let per_second = |d: Duration| TEMPLATES as f64 / d.as_secs_f64();
    println!(
        "corpus: {TEMPLATES} templates, {} files, {} threads, best of {ROUNDS}",
        files.len(),
        rayon::current_num_threads()
    );
    let line = |label: &str, d: Duration| {
        println!(
            "{label:<30} {:>6.1} ms  {:>7.0} templates/s  {:.2}x find and parse  {:.2}x parse files",
            d.as_secs_f64() * 1000.0,
            per_second(d),
            d.as_secs_f64() / found.as_secs_f64(),
            d.as_secs_f64() / parse.as_secs_f64()
        );
    };
    line("parse files (names given)", parse);
    line("find and parse", found);
    line("load only", loaded);
    line("full lint", full);
    line("lint without provider checks", lean);
}
