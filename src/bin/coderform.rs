//! The `coderform` command line.

// The analyzer allocates many small values; mimalloc keeps that cheap.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    coderform::cli::run()
}
