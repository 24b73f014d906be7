//! The `pinpoint-console` binary: parse the arguments and hand over to the library.

use clap::Parser;

/// mimalloc: `import` allocates on one thread (reading) and frees on another (writing), which
/// glibc's allocator serialises on a lock; mimalloc frees across threads without one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pinpoint_console::cli::run(pinpoint_console::cli::Cli::parse())
}
