//! The module graph of every crate in the workspace has no cycles: a file may use another only if
//! that one does not, directly or through others, use it back. Modules are files; an edge is any
//! path a file names (`use crate::a::b`, `super::x`, a child module, an alias of a module).
//! Test modules (`#[cfg(test)]` items) are left out: a test may look at anything.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// A module that is a file, by its path from the crate root (`["server", "audit"]`).
type ModPath = Vec<String>;

struct Module {
    file: PathBuf,
    children: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Star,
    Semi,
    Other,
}

/// Text without comments, strings and character literals (lifetimes are kept as they are).
fn strip(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('#') || next == Some('"'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            'raw: while j < chars.len() {
                if chars[j] == '"' {
                    let mut k = 0;
                    while k < hashes && chars.get(j + 1 + k) == Some(&'#') {
                        k += 1;
                    }
                    if k == hashes {
                        j += 1 + hashes;
                        break 'raw;
                    }
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if next == Some('\\') {
                let mut j = i + 2;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn tokens(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A raw identifier (r#type) is the identifier.
            if word == "r" && chars.get(i) == Some(&'#') {
                i += 1;
                continue;
            }
            out.push(Tok::Ident(word));
            continue;
        }
        if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(Tok::Colons);
            i += 2;
            continue;
        }
        out.push(match c {
            '{' => Tok::Open,
            '}' => Tok::Close,
            ',' => Tok::Comma,
            '*' => Tok::Star,
            ';' => Tok::Semi,
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            _ => Tok::Other,
        });
        i += 1;
    }
    out
}

/// The tokens without items marked `#[cfg(test)]`.
fn without_tests(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    let is = |t: Option<&Tok>, s: &str| matches!(t, Some(Tok::Ident(w)) if w == s);
    while i < toks.len() {
        // `# [ cfg ( test ) ]` is Other Other Ident Other Ident Other Other.
        if toks[i] == Tok::Other
            && is(toks.get(i + 2), "cfg")
            && is(toks.get(i + 4), "test")
            && toks.get(i + 5) == Some(&Tok::Other)
            && toks.get(i + 6) == Some(&Tok::Other)
        {
            // Skip the item: up to its `;` or its balanced braces.
            let mut j = i + 7;
            while j < toks.len() && toks[j] != Tok::Open && toks[j] != Tok::Semi {
                j += 1;
            }
            if toks.get(j) == Some(&Tok::Open) {
                let mut depth = 0;
                while j < toks.len() {
                    match toks[j] {
                        Tok::Open => depth += 1,
                        Tok::Close => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
            }
            i = j + 1;
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// Every path a token stream names, with `{…}` groups expanded: `a::{b, c::d}` gives `a::b`
/// and `a::c::d`. Paths start at an identifier that is not preceded by `::`.
fn paths(toks: &[Tok]) -> Vec<(Vec<String>, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Tok::Ident(_) = &toks[i] {
            if i > 0 && toks[i - 1] == Tok::Colons {
                i += 1;
                continue;
            }
            let in_use = i > 0 && matches!(&toks[i - 1], Tok::Ident(w) if w == "use");
            let mut prefix = Vec::new();
            i = read_tree(toks, i, &mut prefix, &mut out, in_use);
            continue;
        }
        i += 1;
    }
    out
}

/// Reads one path (or tree) from `toks[i]`, pushing every complete path; returns where it ended.
fn read_tree(
    toks: &[Tok],
    mut i: usize,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, bool)>,
    in_use: bool,
) -> usize {
    let depth = prefix.len();
    loop {
        match toks.get(i) {
            Some(Tok::Ident(w)) => {
                prefix.push(w.clone());
                i += 1;
            }
            Some(Tok::Star) => {
                i += 1;
                break;
            }
            Some(Tok::Open) if in_use => {
                i += 1;
                loop {
                    match toks.get(i) {
                        Some(Tok::Close) => {
                            i += 1;
                            break;
                        }
                        Some(Tok::Comma) => i += 1,
                        None => break,
                        _ => {
                            let mut inner = prefix.clone();
                            let before = i;
                            i = read_tree(toks, i, &mut inner, out, in_use);
                            if i == before {
                                i += 1;
                            }
                        }
                    }
                }
                prefix.truncate(depth);
                return i;
            }
            _ => break,
        }
        if toks.get(i) == Some(&Tok::Colons) {
            i += 1;
        } else {
            break;
        }
    }
    if prefix.len() > depth || depth > 0 {
        // `a::b::{self}` names `a::b`.
        let mut path = prefix.clone();
        if path.last().is_some_and(|s| s == "self") && path.len() > 1 {
            path.pop();
        }
        out.push((path, in_use));
    }
    prefix.truncate(depth);
    i
}

fn declared_children(toks: &[Tok]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for w in toks.windows(3) {
        if let (Tok::Ident(m), Tok::Ident(name), Tok::Semi) = (&w[0], &w[1], &w[2]) {
            if m == "mod" {
                out.insert(name.clone());
            }
        }
    }
    out
}

fn load(dir: &Path, file: PathBuf, path: ModPath, modules: &mut BTreeMap<ModPath, Module>) {
    let Ok(source) = fs::read_to_string(&file) else {
        return;
    };
    let toks = tokens(&strip(&source));
    let children = declared_children(&toks);
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let child_dir = if matches!(name, "mod.rs" | "lib.rs" | "main.rs") {
        dir.to_path_buf()
    } else {
        dir.join(file.file_stem().unwrap_or_default())
    };
    for child in &children {
        let flat = child_dir.join(format!("{child}.rs"));
        let nested = child_dir.join(child).join("mod.rs");
        let mut child_path = path.clone();
        child_path.push(child.clone());
        if flat.exists() {
            load(&child_dir, flat, child_path, modules);
        } else if nested.exists() {
            load(&child_dir.join(child), nested, child_path, modules);
        }
    }
    modules.insert(path, Module { file, children });
}

/// The file module a path names: its longest prefix that is one.
fn resolve(modules: &BTreeMap<ModPath, Module>, path: &[String]) -> Option<ModPath> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains_key(p))
}

struct Edge {
    to: ModPath,
    via: String,
}

/// Names the crate root takes from other crates (`pub use marquee_core::{domain, model}`): a path
/// through one of them leaves the crate.
fn external_names(modules: &BTreeMap<ModPath, Module>) -> BTreeSet<String> {
    let root = &modules[&Vec::new()];
    let source = fs::read_to_string(&root.file).unwrap_or_default();
    paths(&without_tests(tokens(&strip(&source))))
        .into_iter()
        .filter(|(path, in_use)| {
            *in_use
                && path.len() > 1
                && !matches!(path[0].as_str(), "crate" | "self" | "super")
                && !root.children.contains(&path[0])
        })
        .filter_map(|(path, _)| path.last().cloned())
        .filter(|name| !root.children.contains(name))
        .collect()
}

fn edges_of(
    modules: &BTreeMap<ModPath, Module>,
    external: &BTreeSet<String>,
    here: &ModPath,
) -> Vec<Edge> {
    let module = &modules[here];
    let source = fs::read_to_string(&module.file).unwrap_or_default();
    let toks = without_tests(tokens(&strip(&source)));
    let mut aliases: HashMap<String, ModPath> = HashMap::new();
    let mut out = Vec::new();
    let found = paths(&toks);
    // Two passes: aliases made by `use` statements first, then every path.
    for pass in 0..2 {
        for (path, in_use) in &found {
            // `pub(crate)`, `pub(super)` and `$crate` name no module.
            if path.len() < 2 && !*in_use {
                continue;
            }
            let Some(first) = path.first() else { continue };
            let absolute: Option<Vec<String>> = match first.as_str() {
                "crate" => Some(path[1..].to_vec()),
                "self" => Some(here.iter().chain(&path[1..]).cloned().collect()),
                "super" => {
                    let mut base = here.clone();
                    let mut rest = &path[..];
                    while rest.first().is_some_and(|s| s == "super") {
                        base.pop();
                        rest = &rest[1..];
                    }
                    Some(base.into_iter().chain(rest.iter().cloned()).collect())
                }
                name if module.children.contains(name) && path.len() > 1
                    || *in_use && module.children.contains(name) =>
                {
                    Some(here.iter().chain(path.iter()).cloned().collect())
                }
                name if path.len() > 1 => aliases
                    .get(name)
                    .map(|base| base.iter().chain(&path[1..]).cloned().collect()),
                _ => None,
            };
            let Some(absolute) = absolute else { continue };
            if absolute.first().is_some_and(|name| external.contains(name)) {
                continue;
            }
            let Some(target) = resolve(modules, &absolute) else {
                continue;
            };
            if pass == 0 {
                if *in_use && target == absolute {
                    if let Some(last) = absolute.last() {
                        aliases.insert(last.clone(), target);
                    }
                }
                continue;
            }
            if &target != here {
                out.push(Edge {
                    to: target,
                    via: path.join("::"),
                });
            }
        }
    }
    out
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<ModPath, Vec<Edge>>) -> Vec<Vec<ModPath>> {
    struct State<'a> {
        graph: &'a BTreeMap<ModPath, Vec<Edge>>,
        index: HashMap<&'a ModPath, usize>,
        low: HashMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        on_stack: BTreeSet<&'a ModPath>,
        next: usize,
        out: Vec<Vec<ModPath>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a ModPath) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for edge in &s.graph[v] {
            let w = s.graph.get_key_value(&edge.to).map(|(k, _)| k);
            let Some(w) = w else { continue };
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.out
}

fn name(path: &ModPath) -> String {
    if path.is_empty() {
        "crate".into()
    } else {
        path.join("::")
    }
}

/// The cycles of one crate, described for a person.
fn crate_cycles(root_file: &Path, label: &str) -> Vec<String> {
    let mut modules = BTreeMap::new();
    let dir = root_file.parent().unwrap_or(Path::new("."));
    load(dir, root_file.to_path_buf(), Vec::new(), &mut modules);
    assert!(
        !modules.is_empty(),
        "no modules read from {}",
        root_file.display()
    );
    let external = external_names(&modules);
    let graph: BTreeMap<ModPath, Vec<Edge>> = modules
        .keys()
        .map(|m| (m.clone(), edges_of(&modules, &external, m)))
        .collect();
    cycles(&graph)
        .into_iter()
        .map(|component| {
            let members: BTreeSet<&ModPath> = component.iter().collect();
            let mut text = format!(
                "{label}: {}\n",
                component.iter().map(name).collect::<Vec<_>>().join(", ")
            );
            for m in &component {
                let mut seen = BTreeSet::new();
                for edge in &graph[m] {
                    if members.contains(&edge.to) && seen.insert(&edge.to) {
                        text.push_str(&format!(
                            "    {} -> {}  ({})\n",
                            name(m),
                            name(&edge.to),
                            edge.via
                        ));
                    }
                }
            }
            text
        })
        .collect()
}

/// The workspace's crates, by their root files.
const CRATE_ROOTS: &[&str] = &[
    "app/core/src/lib.rs",
    "app/src/lib.rs",
    "frontend/src/lib.rs",
    "server/src/lib.rs",
    "server/src/main.rs",
    "migrations/src/lib.rs",
];

#[test]
fn no_module_of_any_crate_imports_one_that_imports_it_back() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    for root in CRATE_ROOTS {
        let file = workspace.join(root);
        assert!(
            file.exists(),
            "{} is gone: update CRATE_ROOTS",
            file.display()
        );
        found.extend(crate_cycles(&file, root));
    }
    assert!(
        found.is_empty(),
        "import cycles (move what both sides need into a module below both):\n{}",
        found.join("\n")
    );
}

/// The check itself finds a cycle through a child module, `super::`, an alias and a `{…}` group.
#[test]
fn the_check_finds_cycles_it_is_meant_to_find() {
    let dir = std::env::temp_dir().join(format!("module-graph-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("area")).unwrap();
    let write = |path: &str, text: &str| fs::write(dir.join(path), text).unwrap();
    write("lib.rs", "pub mod area;\npub mod other;\npub mod leaf;\n");
    write("area/mod.rs", "pub mod inner;\npub struct State;\n");
    write(
        "area/inner.rs",
        "use crate::{leaf::Thing, other};\nfn f() { other::g(); }\n",
    );
    write(
        "other.rs",
        "// crate::area::inner would be a cycle, but this is a comment\npub fn g() {}\n",
    );
    write(
        "leaf.rs",
        "pub struct Thing;\n#[cfg(test)]\nmod tests { use crate::area::inner; }\n",
    );
    assert!(crate_cycles(&dir.join("lib.rs"), "lib.rs").is_empty());

    write(
        "other.rs",
        "use crate::area;\npub fn g() { let _ = area::inner::f; }\n",
    );
    let cycles = crate_cycles(&dir.join("lib.rs"), "lib.rs");
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].contains("area::inner, other"), "{}", cycles[0]);

    write("other.rs", "pub fn g() {}\n");
    write("area/inner.rs", "use super::State;\n");
    write(
        "area/mod.rs",
        "pub mod inner;\npub struct State;\nfn h() { inner::x(); }\n",
    );
    let cycles = crate_cycles(&dir.join("lib.rs"), "lib.rs");
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].contains("area, area::inner"), "{}", cycles[0]);
    let _ = fs::remove_dir_all(&dir);
}
