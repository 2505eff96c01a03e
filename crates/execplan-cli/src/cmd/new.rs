//! `plans new`.

use std::path::PathBuf;

use execplan::new::{create, NewPlan};

use crate::env::Env;
use crate::exit::EXIT_OK;

/// Arguments of `plans new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File name, `.md` optional (`retry` and `retry.md` both write
    /// `retry.md`): letters, digits, `-`, `_`, `.`.
    pub slug: String,
    /// Title (default: the slug in words).
    #[arg(long)]
    pub title: Option<String>,
    /// Owner (default: git's `user.name`, else `$USER`).
    #[arg(long)]
    pub owner: Option<String>,
    /// Agent / Module field (default: the slug).
    #[arg(long)]
    pub module: Option<String>,
    /// Folder to create it in, a plans folder or one inside it (default: the
    /// first configured plans folder).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Run `plans new`.
pub fn run(env: &Env, args: &Args) -> Result<u8, execplan::Error> {
    let dir = match &args.dir {
        Some(d) => env.cwd.join(d),
        None => {
            let first = env
                .config
                .plans
                .iter()
                .find(|p| !execplan::config::is_glob(p))
                .cloned()
                .unwrap_or_else(|| ".agents".to_string());
            env.root.join(first)
        }
    };
    // A new plan goes into a plans folder of the repository, never through a
    // link out of it.
    let dir = env.root.join(env.plan_path(&dir)?);
    let path = create(
        &dir,
        &NewPlan {
            slug: args.slug.clone(),
            title: args.title.clone(),
            owner: args.owner.clone().or_else(|| default_owner(&env.root)),
            module: args.module.clone(),
            today: env.now.date_naive(),
        },
    )?;
    let shown = path.strip_prefix(&env.cwd).unwrap_or(&path);
    outln!(
        "created {}",
        crate::term::escape(&shown.display().to_string())
    );
    Ok(EXIT_OK)
}

/// The author git would record: `user.name` from git configuration (read
/// through the library, repository then global), else `$USER`.
fn default_owner(root: &std::path::Path) -> Option<String> {
    let from_git = execplan::gitconfig::user_name(root);
    from_git
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
}
