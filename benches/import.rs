//! `cargo bench --bench import`: the static import of the bundled templates
//! against the import that runs Terraform (init, plan, show), as Coder does.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use coderform::import::terraform::Tools;
use coderform::import::{import, Options, Source};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut templates: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("templates")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    templates.sort();
    let terraform = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("terraform"))
            .find(|p| p.is_file())
    });
    let Some(terraform) = terraform else {
        println!("skipped: no terraform on PATH");
        return;
    };
    let tools = Tools {
        terraform,
        provider: PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-coder")),
    };
    println!(
        "{:<14} {:>12} {:>16} {:>8}",
        "template", "static", "with terraform", "ratio"
    );
    for template in templates {
        let source = Source::Dir(template.clone());
        let name = template
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let time = |options: &Options, rounds: usize| {
            median(
                (0..rounds)
                    .map(|_| {
                        let start = Instant::now();
                        let (manifest, errors) = import(&source, &name, options).expect("import");
                        assert!(!errors, "{name}: {manifest:#}");
                        start.elapsed()
                    })
                    .collect(),
            )
        };
        let fast = time(&Options::default(), 51);
        let slow = time(
            &Options {
                terraform: Some(tools.clone()),
                ..Options::default()
            },
            5,
        );
        println!(
            "{:<14} {:>9.2} ms {:>13.0} ms {:>7.0}x",
            name,
            fast.as_secs_f64() * 1000.0,
            slow.as_secs_f64() * 1000.0,
            slow.as_secs_f64() / fast.as_secs_f64()
        );
    }
}
