//! The `coderform` command line.

fn main() -> std::process::ExitCode {
    coderform::cli::run()
}
