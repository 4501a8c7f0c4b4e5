//! `spotdesk-detect`: spot and burst detection on a file of complaints (see `--help`).

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match spotdesk_cli::run(&args) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout
                .write_all(out.as_bytes())
                .and_then(|()| stdout.flush())
            {
                // A closed pipe (e.g. `| head`) is not worth a panic.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    let _ = writeln!(
                        std::io::stderr(),
                        "spotdesk-detect: cannot write output: {e}"
                    );
                    std::process::exit(1);
                }
            }
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "spotdesk-detect: {}", e.message);
            std::process::exit(e.code);
        }
    }
}
