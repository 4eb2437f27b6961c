//! The man page, from the clap definition (`clap_mangen`), so that it cannot drift from the
//! parser. `ovh-connectivity man` writes one page with every command: the global options,
//! then a COMMANDS section with each command's usage, description and own options (those it
//! inherits are the global ones above). `ovh-connectivity man --dir DIR` writes a page per
//! command instead (`ovh-connectivity-eligibility-line.1`...), as clap_mangen names them,
//! each naming the pages of its subcommands, which are all written there too.

use std::path::{Path, PathBuf};

use clap::{Command, CommandFactory};
use clap_mangen::Man;

use crate::args::Cli;

/// The one page, in roff.
pub(crate) fn page() -> std::io::Result<Vec<u8>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let man = Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    let inherited: Vec<String> = command.get_arguments().map(|arg| arg.get_id().to_string()).collect();
    for sub in command.get_subcommands() {
        section(&mut page, sub, &inherited)?;
    }
    // clap_mangen calls the text after the help EXTRA: it is the exit codes and the
    // configuration.
    let mut extra = Vec::new();
    man.render_extra_section(&mut extra)?;
    let extra = String::from_utf8_lossy(&extra).replacen(".SH EXTRA", ".SH \"EXIT CODES AND CONFIGURATION\"", 1);
    page.extend_from_slice(extra.as_bytes());
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// A command's part of the COMMANDS section, then its subcommands': without the options it
/// inherits (`inherited`, by id), which its parents' parts already describe.
fn section(page: &mut Vec<u8>, command: &Command, inherited: &[String]) -> std::io::Result<()> {
    let mut own = command.clone();
    for id in inherited {
        if own.get_arguments().any(|arg| arg.get_id() == id.as_str()) {
            own = own.mut_arg(id.as_str(), |arg| arg.hide(true));
        }
    }
    let name = command.get_bin_name().unwrap_or_else(|| command.get_name()).to_owned();
    page.extend_from_slice(format!(".SS \"{}\"\n", name.replace('-', "\\-")).as_bytes());
    let man = Man::new(own.clone());
    let mut parts = Vec::new();
    man.render_synopsis_section(&mut parts)?;
    man.render_description_section(&mut parts)?;
    if own.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(&mut parts)?;
    }
    // Each part starts with its own `.SH` heading: inside a command's `.SS`, they are
    // paragraphs.
    for line in String::from_utf8_lossy(&parts).lines() {
        if line.starts_with(".SH ") {
            page.extend_from_slice(b".PP\n");
        } else {
            page.extend_from_slice(line.as_bytes());
            page.push(b'\n');
        }
    }
    let mut inherited = inherited.to_vec();
    inherited.extend(command.get_arguments().map(|arg| arg.get_id().to_string()));
    for sub in command.get_subcommands() {
        section(page, sub, &inherited)?;
    }
    Ok(())
}

/// A page per command into `folder` (created if need be): the paths written.
pub(crate) fn pages(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(folder)?;
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut written = Vec::new();
    write_pages(&command, folder, &mut written)?;
    Ok(written)
}

fn write_pages(command: &Command, folder: &Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    written.push(Man::new(command.clone()).generate_to(folder)?);
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        write_pages(sub, folder, written)?;
    }
    Ok(())
}
