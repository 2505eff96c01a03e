//! `plans init --agent`: a repository set up for one coding-agent client.
//!
//! Each client gets the MCP server registered in its project configuration,
//! the guard installed where it has hooks, and the lines that tell the agent
//! to keep its plan through the verbs:
//!
//! | client | MCP server | guard | lines |
//! |---|---|---|---|
//! | `claude` | `.mcp.json` | `.claude/settings.json` (`Stop`, `SubagentStop`) | `CLAUDE.md` |
//! | `codex` | `.codex/config.toml` | `.codex/hooks.json` (`Stop`) | `AGENTS.md` |
//! | `cursor` | `.cursor/mcp.json` | none | `AGENTS.md` |
//! | `generic` | none | none | `AGENTS.md` |
//!
//! Entries are merged, never replaced: a server named `execplan`, a hook that
//! already runs `plans guard`, or the lines (found by their heading) are left
//! as they are. JSON is edited as text, the new member inserted after the
//! opening brace or bracket of its parent in the file's own indentation, and
//! the result parsed back and compared with the intended value; TOML through
//! `toml_edit`, which keeps comments, order and formatting. A file that does
//! not parse is left alone with an error. Nothing is written here: the caller
//! writes each [`FileChange`] with [`FileChange::write`] (or shows it).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::error::Error;

/// The clients `init --agent` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// Claude Code.
    Claude,
    /// OpenAI's Codex CLI.
    Codex,
    /// Cursor.
    Cursor,
    /// Any other client: the AGENTS.md lines only.
    Generic,
}

/// The heading of the lines `init --agent` writes; its presence is what makes
/// a second run leave the file alone.
pub const LINES_HEADING: &str = "## ExecPlans: keep the plan as you work";

/// One file `init --agent` would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Relative to the root.
    pub path: PathBuf,
    /// Its text now (`None`: it does not exist).
    pub old: Option<String>,
    /// Its text after the change (equal to `old`: nothing to do).
    pub new: String,
    /// What the change is, in a few words.
    pub what: String,
}

impl FileChange {
    /// Nothing to change.
    pub fn unchanged(&self) -> bool {
        self.old.as_deref() == Some(self.new.as_str())
    }

    /// Write the new text under `root` (atomically; only inside the root,
    /// never through a link out of it, never onto a link).
    pub fn write(&self, root: &Path) -> Result<(), Error> {
        if self.unchanged() {
            return Ok(());
        }
        let path = root.join(&self.path);
        contained(root, &path)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        contained(root, &path)?;
        crate::write::write_atomic(&path, self.new.as_bytes(), self.old.is_none())?;
        Ok(())
    }
}

/// `path` (under `root`) is no link, and every folder on the way stays
/// inside the root once links are resolved.
fn contained(root: &Path, path: &Path) -> Result<(), Error> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    if path.is_symlink() {
        return Err(Error::Refused {
            path: rel,
            reason: "is a symbolic link; init --agent never writes through one".into(),
        });
    }
    crate::init::inside(root, path)
}

/// What the client's files need: the command prefix that runs execplan
/// (`cargo plans`, `cargo xtask plans`) and the plans folder to name.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The command prefix, as words.
    pub command: Vec<String>,
    /// The first plans folder (`.agents`).
    pub folder: String,
}

impl Setup {
    fn line(&self, verb: &str) -> String {
        format!("{} {verb}", self.command.join(" "))
    }

    fn server(&self) -> Value {
        let mut words = self.command.clone();
        words.push("mcp".into());
        let program = words.remove(0);
        json!({"command": program, "args": words})
    }

    /// The lines for AGENTS.md / CLAUDE.md.
    pub fn lines(&self) -> String {
        let cmd = self.command.join(" ");
        let folder = &self.folder;
        format!(
            "{LINES_HEADING}\n\n\
- Work that takes more than one sitting has an ExecPlan in `{folder}/` ([{folder}/README.md]({folder}/README.md) says what one holds). When you start, read the briefing: the `prime` prompt or tool of the `execplan` MCP server, or `{cmd} prime`.\n\
- Change a plan only through its verbs (the MCP tools, or `{cmd} <verb>`), never by editing boxes, dates or logs by hand: `tick` an item once its work is in the tree, `split` one that is half done, `add` a step the plan lacks, `decide` a choice with its rationale, `surprise` what you did not expect with its evidence.\n\
- A turn ends only when the plan shows what it did: `{cmd} guard` checks that (the client's stop hook runs it where it has one) and names the command that mends what is missing.\n"
        )
    }
}

/// Read `rel` under `root`, `None` when missing; refused through a link out.
fn read(root: &Path, rel: &str) -> Result<Option<String>, Error> {
    let path = root.join(rel);
    contained(root, &path)?;
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io { path, source }),
    }
}

/// The changes `init --agent client` makes under `root` (unchanged ones included).
pub fn plan(root: &Path, client: Client, setup: &Setup) -> Result<Vec<FileChange>, Error> {
    let mut out = Vec::new();
    let guard = |format: &str| json!({"hooks": [{"type": "command", "command": format!("{}{format}", setup.line("guard"))}]});
    match client {
        Client::Claude => {
            out.push(json_member(
                root,
                ".mcp.json",
                "mcpServers",
                "execplan",
                setup.server(),
            )?);
            let mut settings = json_hook(root, ".claude/settings.json", "Stop", guard(""))?;
            let text = settings.new.clone();
            let sub = json_hook_in(&text, ".claude/settings.json", "SubagentStop", guard(""))?;
            settings.new = sub;
            settings.what = "the guard as the Stop and SubagentStop hooks".into();
            out.push(settings);
            out.push(lines(root, "CLAUDE.md", setup)?);
        }
        Client::Codex => {
            out.push(toml_server(root, ".codex/config.toml", setup)?);
            out.push(json_hook(
                root,
                ".codex/hooks.json",
                "Stop",
                guard(" --format hook-json"),
            )?);
            out.push(lines(root, "AGENTS.md", setup)?);
        }
        Client::Cursor => {
            out.push(json_member(
                root,
                ".cursor/mcp.json",
                "mcpServers",
                "execplan",
                setup.server(),
            )?);
            out.push(lines(root, "AGENTS.md", setup)?);
        }
        Client::Generic => out.push(lines(root, "AGENTS.md", setup)?),
    }
    Ok(out)
}

/// The lines appended to `rel` unless its heading is there.
fn lines(root: &Path, rel: &str, setup: &Setup) -> Result<FileChange, Error> {
    let old = read(root, rel)?;
    let text = old.clone().unwrap_or_default();
    let new = if text.contains(LINES_HEADING) {
        text
    } else {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut t = text;
        if !t.is_empty() {
            if !t.ends_with('\n') {
                t.push_str(eol);
            }
            t.push_str(eol);
        }
        t.push_str(&setup.lines().replace('\n', eol));
        t
    };
    Ok(FileChange {
        path: PathBuf::from(rel),
        old,
        new,
        what: "the lines on keeping the plan".into(),
    })
}

fn parse_json(rel: &str, text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| Error::Config {
        path: PathBuf::from(rel),
        message: format!("not JSON init --agent can merge into ({e}); left alone"),
    })
}

/// `root_key.key = value` in the JSON file `rel`, unless `key` is there.
fn json_member(
    root: &Path,
    rel: &str,
    root_key: &str,
    key: &str,
    value: Value,
) -> Result<FileChange, Error> {
    let old = read(root, rel)?;
    let what = format!("the `{key}` MCP server");
    let Some(text) = old.clone() else {
        let new = format!(
            "{}\n",
            pretty(&json!({ root_key: { key: value } }), "  ", 0)
        );
        return Ok(FileChange {
            path: PathBuf::from(rel),
            old,
            new,
            what,
        });
    };
    let doc = parse_json(rel, &text)?;
    let new = if doc.get(root_key).and_then(|v| v.get(key)).is_some() {
        text
    } else {
        let mut want = doc.clone();
        let merged = match doc.get(root_key) {
            Some(Value::Object(_)) => insert_member(&text, &[root_key], key, &value),
            Some(_) => None,
            None => insert_member(&text, &[], root_key, &json!({ key: value })),
        };
        if let Some(o) = want.as_object_mut() {
            let entry = o.entry(root_key).or_insert_with(|| json!({}));
            if let Some(e) = entry.as_object_mut() {
                e.insert(key.to_string(), value);
            }
        }
        checked(rel, merged, &want)?
    };
    Ok(FileChange {
        path: PathBuf::from(rel),
        old,
        new,
        what,
    })
}

/// The guard hook group in `hooks.<event>` of the JSON file `rel`.
fn json_hook(root: &Path, rel: &str, event: &str, group: Value) -> Result<FileChange, Error> {
    let old = read(root, rel)?;
    let text = old.clone().unwrap_or_else(|| "{}\n".to_string());
    let new = json_hook_in(&text, rel, event, group)?;
    // A file made here is laid out whole, not as an edit of `{}`.
    let new = match old {
        None => format!("{}\n", pretty(&parse_json(rel, &new)?, "  ", 0)),
        Some(_) => new,
    };
    Ok(FileChange {
        path: PathBuf::from(rel),
        old,
        new,
        what: format!("the guard as the {event} hook"),
    })
}

/// [`json_hook`] on a text.
fn json_hook_in(text: &str, rel: &str, event: &str, group: Value) -> Result<String, Error> {
    let doc = parse_json(rel, text)?;
    let has_guard = doc
        .get("hooks")
        .and_then(|h| h.get(event))
        .and_then(Value::as_array)
        .is_some_and(|groups| {
            groups.iter().any(|g| {
                g.get("hooks").and_then(Value::as_array).is_some_and(|hs| {
                    hs.iter().any(|h| {
                        h.get("command")
                            .and_then(Value::as_str)
                            .is_some_and(|c| c.contains("plans guard"))
                    })
                })
            })
        });
    if has_guard {
        return Ok(text.to_string());
    }
    let mut want = doc.clone();
    let merged = match doc.get("hooks") {
        Some(Value::Object(h)) => match h.get(event) {
            Some(Value::Array(_)) => insert_item(text, &["hooks", event], &group),
            Some(_) => None,
            None => insert_member(text, &["hooks"], event, &json!([group.clone()])),
        },
        Some(_) => None,
        None => insert_member(text, &[], "hooks", &json!({ event: [group.clone()] })),
    };
    if let Some(o) = want.as_object_mut() {
        let hooks = o.entry("hooks").or_insert_with(|| json!({}));
        if let Some(h) = hooks.as_object_mut() {
            let groups = h.entry(event).or_insert_with(|| json!([]));
            if let Some(g) = groups.as_array_mut() {
                g.insert(0, group);
            }
        }
    }
    checked(rel, merged, &want)
}

/// The merged text when it says what was meant, else an error that leaves
/// the file alone.
fn checked(rel: &str, merged: Option<String>, want: &Value) -> Result<String, Error> {
    match merged {
        Some(t) if serde_json::from_str::<Value>(&t).ok().as_ref() == Some(want) => Ok(t),
        _ => Err(Error::Config {
            path: PathBuf::from(rel),
            message: "its layout is not one init --agent can merge into; left alone (add the entry by hand: README, For agents)".into(),
        }),
    }
}

/// `[mcp_servers.execplan]` in `.codex/config.toml`, unless it is there.
fn toml_server(root: &Path, rel: &str, setup: &Setup) -> Result<FileChange, Error> {
    let old = read(root, rel)?;
    let text = old.clone().unwrap_or_default();
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| Error::Config {
        path: PathBuf::from(rel),
        message: format!("not TOML init --agent can merge into ({e}); left alone"),
    })?;
    let there = doc
        .get("mcp_servers")
        .and_then(|s| s.get("execplan"))
        .is_some();
    let new = if there {
        text
    } else {
        let servers = doc.entry("mcp_servers").or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        });
        let Some(servers) = servers.as_table_mut() else {
            return Err(Error::Config {
                path: PathBuf::from(rel),
                message: "`mcp_servers` is not a table; left alone".into(),
            });
        };
        let server = setup.server();
        let mut table = toml_edit::Table::new();
        if let Some(program) = server.get("command").and_then(Value::as_str) {
            table.insert("command", toml_edit::value(program));
        }
        let mut args = toml_edit::Array::new();
        for a in server
            .get("args")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            args.push(a);
        }
        table.insert("args", toml_edit::value(args));
        servers.insert("execplan", toml_edit::Item::Table(table));
        let mut t = doc.to_string();
        if !t.ends_with('\n') {
            t.push('\n');
        }
        t
    };
    Ok(FileChange {
        path: PathBuf::from(rel),
        old,
        new,
        what: "the `execplan` MCP server".into(),
    })
}

/// `value` as pretty JSON indented by `unit`, starting at `depth` units (the
/// first line not indented).
fn pretty(value: &Value, unit: &str, depth: usize) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(value, &mut ser).is_err() {
        return value.to_string();
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let pad = unit.repeat(depth);
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_string()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A tiny reader over JSON text: enough to find where a value starts.
struct Scan<'a> {
    s: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    /// A string starting at `i` (a `"`): its raw text; `i` after it.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        while let Some(&b) = self.s.get(self.i) {
            self.i += 1;
            match b {
                b'\\' => self.i += 1,
                b'"' => {
                    let raw = std::str::from_utf8(self.s.get(start..self.i)?).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => {}
            }
        }
        None
    }

    /// Skip the value at `i`.
    fn skip(&mut self) -> Option<()> {
        self.ws();
        match self.s.get(self.i)? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while let Some(&b) = self.s.get(self.i) {
                    match b {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                None
            }
            _ => {
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|b| !b",}] \t\r\n".contains(b))
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    /// From an object's `{` at `i`, to the value of `key`.
    fn member(&mut self, key: &str) -> Option<()> {
        self.ws();
        if self.s.get(self.i) != Some(&b'{') {
            return None;
        }
        self.i += 1;
        loop {
            self.ws();
            match self.s.get(self.i)? {
                b'}' => return None,
                b',' => {
                    self.i += 1;
                    continue;
                }
                b'"' => {
                    let k = self.string()?;
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    self.ws();
                    if k == key {
                        return Some(());
                    }
                    self.skip()?;
                }
                _ => return None,
            }
        }
    }
}

/// Where the value at `path` (object keys from the root) opens, and its
/// indentation unit and depth as the file writes them.
fn open_at(text: &str, path: &[&str]) -> Option<usize> {
    let mut scan = Scan {
        s: text.as_bytes(),
        i: 0,
    };
    scan.ws();
    for key in path {
        scan.member(key)?;
    }
    scan.ws();
    Some(scan.i)
}

/// The indentation unit the file uses (its first indented line's), two
/// spaces when it has none.
fn unit(text: &str) -> String {
    text.lines()
        .find_map(|l| {
            let pad: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
            (!pad.is_empty() && pad.len() < l.len()).then_some(pad)
        })
        .unwrap_or_else(|| "  ".to_string())
}

/// Insert `"key": value` first in the object at `path`.
fn insert_member(text: &str, path: &[&str], key: &str, value: &Value) -> Option<String> {
    let at = open_at(text, path)?;
    if text.as_bytes().get(at) != Some(&b'{') {
        return None;
    }
    let entry = |pad: &str, depth: usize| {
        format!(
            "{}: {}",
            serde_json::to_string(key).unwrap_or_default(),
            pretty(value, pad, depth)
        )
    };
    let compact = format!(
        "{}: {}",
        serde_json::to_string(key).ok()?,
        serde_json::to_string(value).ok()?
    );
    insert(text, at, path.len(), &entry, &compact)
}

/// Insert `value` first in the array at `path`.
fn insert_item(text: &str, path: &[&str], value: &Value) -> Option<String> {
    let at = open_at(text, path)?;
    if text.as_bytes().get(at) != Some(&b'[') {
        return None;
    }
    let compact = serde_json::to_string(value).ok()?;
    insert(
        text,
        at,
        path.len(),
        &|pad: &str, depth: usize| pretty(value, pad, depth),
        &compact,
    )
}

/// Insert an entry just after the bracket at `at` (of a container at
/// `depth`), on its own line when the file puts entries on their own lines.
fn insert(
    text: &str,
    at: usize,
    depth: usize,
    entry: &dyn Fn(&str, usize) -> String,
    compact: &str,
) -> Option<String> {
    let after = text.get(at + 1..)?;
    let rest = after.trim_start();
    let empty = rest.starts_with('}') || rest.starts_with(']');
    let unit = unit(text);
    let multiline = after.starts_with('\n')
        || after.starts_with("\r\n")
        || (empty && text.trim_end().contains('\n'));
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let head = text.get(..=at)?;
    let out = if multiline {
        let inner = unit.repeat(depth + 1);
        let body = entry(&unit, depth + 1).replace('\n', eol);
        if empty {
            let close = unit.repeat(depth);
            format!("{head}{eol}{inner}{body}{eol}{close}{rest}")
        } else {
            format!("{head}{eol}{inner}{body},{after}")
        }
    } else {
        if empty {
            format!("{head}{compact}{rest}")
        } else {
            format!("{head}{compact}, {}", after.trim_start())
        }
    };
    Some(out)
}
