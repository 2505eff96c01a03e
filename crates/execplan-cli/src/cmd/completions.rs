//! `plans completions <SHELL>` and `plans man`: generated from the clap tree,
//! so they never drift from the flags.

use crate::exit::EXIT_OK;

/// Arguments of `plans completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to write a completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The program name the scripts and the page are written for: the binary
/// that `cargo install` puts on `PATH` (`cargo plans` runs it too).
const BIN: &str = "cargo-plans";

fn io_err(source: std::io::Error) -> execplan::Error {
    execplan::Error::Io {
        path: "standard output".into(),
        source,
    }
}

/// Write the completion script for `args.shell` of the command tree `cmd` to stdout.
pub fn run(mut cmd: clap::Command, args: &Args) -> Result<u8, execplan::Error> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, BIN, &mut out);
    crate::out::write_bytes(&out);
    Ok(EXIT_OK)
}

/// Write the man page (roff) of the command tree `cmd` to stdout: the
/// command, then each verb.
pub fn man(cmd: clap::Command) -> Result<u8, execplan::Error> {
    let cmd = cmd.name(BIN).bin_name(BIN);
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .map_err(io_err)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{BIN} {}", sub.get_name());
        let page = clap_mangen::Man::new(sub.clone().name(name.clone()).bin_name(name));
        page.render_name_section(&mut out).map_err(io_err)?;
        page.render_synopsis_section(&mut out).map_err(io_err)?;
        page.render_description_section(&mut out).map_err(io_err)?;
        page.render_options_section(&mut out).map_err(io_err)?;
        page.render_subcommands_section(&mut out).map_err(io_err)?;
    }
    crate::out::write_bytes(&out);
    Ok(EXIT_OK)
}
