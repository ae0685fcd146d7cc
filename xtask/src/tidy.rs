//! Tidy: tests that read the source tree and hold the architecture
//! invariants written in DESIGN.md ("Architecture"), the way rust-analyzer's
//! `xtask/src/tidy.rs` does. They run with the native tests, so a change that
//! breaks a wall fails `cargo xtask test` with the file and line to look at.
//!
//! The checks read source as text: `use crate::x` lines and `crate::x::`
//! paths. That is enough here because every cross-module reference in this
//! codebase names its module (no glob re-exports across modules).

#![cfg(test)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::root;

/// Every `.rs` file below `dir`, sorted, skipping build output.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(path: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                if !matches!(
                    name.as_ref(),
                    "target" | "node_modules" | "corpus" | "artifacts"
                ) && !name.starts_with('.')
                {
                    walk(&path, out);
                }
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The crate-level module a source file belongs to (`src/pages/school/x.rs`
/// belongs to `pages`), or `None` for the crate root and binaries.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_owned();
    (!matches!(name.as_str(), "lib" | "main" | "bin")).then_some(name)
}

/// The module paths a file names below `crate::`, with the line each is on:
/// `use crate::web::dom;` and `crate::form::fields::get(…)` give
/// `["web", "dom"]` and `["form", "fields", "get"]`; a use tree
/// (`use crate::{web::{dom, files}, form};`, over several lines as rustfmt
/// writes it) gives each path in it.
fn crate_paths(text: &str) -> Vec<(usize, Vec<String>)> {
    // Comments out, line breaks kept so positions still give line numbers.
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::").map(|i| i + from) {
        from = at + "crate::".len();
        // Not the tail of a longer name (`my_crate::`).
        if code[..at]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        // Read from `crate` itself, so `crate::{a, b}` is a tree like any other.
        let mut paths = Vec::new();
        use_tree(&code[at..], &mut Vec::new(), &mut paths);
        found.extend(paths.into_iter().map(|p| (line, p[1..].to_vec())));
    }
    found
}

/// Expands the use tree at the start of `text` into full paths below `prefix`;
/// returns how many bytes it read.
fn use_tree(text: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut at = 0;
    let depth = prefix.len();
    loop {
        let rest = &text[at..];
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name_len > 0 {
            prefix.push(rest[..name_len].to_owned());
            at += name_len;
        }
        let rest = &text[at..];
        if rest.starts_with("::{") {
            at += 3;
            loop {
                at += text[at..].len() - text[at..].trim_start().len();
                if text[at..].starts_with('}') {
                    at += 1;
                    break;
                }
                at += use_tree(&text[at..], prefix, out);
                at += text[at..].len() - text[at..].trim_start().len();
                if text[at..].starts_with(',') {
                    at += 1;
                } else if text[at..].starts_with('}') {
                    at += 1;
                    break;
                } else {
                    break;
                }
            }
            break;
        } else if rest.starts_with("::") {
            at += 2;
        } else {
            if prefix.len() > depth {
                out.push(prefix.clone());
            }
            // `… as name`: the alias is not part of the path.
            let trimmed = rest.trim_start();
            if let Some(alias) = trimmed.strip_prefix("as ") {
                let alias = alias.trim_start();
                let len = alias
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(alias.len());
                at += rest.len() - alias.len() + len;
            }
            break;
        }
    }
    prefix.truncate(depth);
    at
}

/// Which top-level module imports which, and the first place it does.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let modules: BTreeSet<String> = rust_files(src)
        .iter()
        .filter_map(|f| top_module(src, f))
        .collect();
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in rust_files(src) {
        let Some(from) = top_module(src, &file) else {
            continue;
        };
        let text = read(&file);
        for (line, path) in crate_paths(&text) {
            let Some(to) = path.first() else { continue };
            if to != &from && modules.contains(to) {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to.clone())
                    .or_insert_with(|| format!("{}:{line}", relative(&file)));
            }
        }
    }
    graph
}

/// A cycle in the graph, as the modules and the places that close it.
fn find_cycle(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle: Vec<String> = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

fn describe_cycle(graph: &BTreeMap<String, BTreeMap<String, String>>, cycle: &[String]) -> String {
    cycle
        .windows(2)
        .map(|pair| format!("{} -> {} ({})", pair[0], pair[1], graph[&pair[0]][&pair[1]]))
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Architecture Invariant: no cycle between the top-level modules of the app.
#[test]
fn app_modules_form_no_cycle() {
    let graph = module_graph(&root().join("src"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the app's top-level modules import each other in a cycle:\n  {}",
            describe_cycle(&graph, &cycle)
        );
    }
}

/// Architecture Invariant: no cycle between the top-level modules of esma-core.
#[test]
fn core_modules_form_no_cycle() {
    let graph = module_graph(&root().join("crates/esma-core/src"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "esma-core's top-level modules import each other in a cycle:\n  {}",
            describe_cycle(&graph, &cycle)
        );
    }
}

/// Architecture Invariant: the browser adapters (`src/web/`) import nothing
/// else of the app: they wrap the browser and know no page, form or store.
#[test]
fn web_adapters_know_nothing_of_the_app() {
    let graph = module_graph(&root().join("src"));
    let uses: Vec<String> = graph
        .get("web")
        .into_iter()
        .flatten()
        .map(|(module, place)| format!("web -> {module} ({place})"))
        .collect();
    assert!(
        uses.is_empty(),
        "src/web must not import the rest of the app:\n{}",
        uses.join("\n")
    );
}

/// Architecture Invariant: no journey's pages import another journey's.
/// Shared code lives outside `pages/` (`display`, `components`, `form`).
#[test]
fn no_journey_imports_another() {
    let pages = root().join("src/pages");
    let journeys: Vec<String> = std::fs::read_dir(&pages)
        .expect("src/pages exists")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        journeys.len() >= 3,
        "expected a folder per journey in src/pages"
    );
    let mut problems = Vec::new();
    for file in rust_files(&pages) {
        let own = file
            .strip_prefix(&pages)
            .ok()
            .and_then(|r| r.components().next())
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned()
            })
            .unwrap_or_default();
        let text = read(&file);
        for (line, path) in crate_paths(&text) {
            if let [first, journey, ..] = path.as_slice() {
                if first == "pages" && journey != &own && journeys.contains(journey) {
                    problems.push(format!(
                        "{}:{line} imports pages::{journey}",
                        relative(&file)
                    ));
                }
            }
        }
        // `super::super::<journey>` reaches the same place the long way round.
        for (number, line) in text.lines().enumerate() {
            for journey in &journeys {
                if journey != &own && line.contains(&format!("super::super::{journey}")) {
                    problems.push(format!(
                        "{}:{} imports pages::{journey}",
                        relative(&file),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "a journey imports another journey's pages (move the shared part to \
         src/display, src/components or src/form):\n{}",
        problems.join("\n")
    );
}

/// Architecture Invariant: esma-core has no web or terminal dependency, so
/// the same rules run in the browser, the CLI and the tests.
#[test]
fn core_has_no_web_or_terminal_dependency() {
    let manifest = read(&root().join("crates/esma-core/Cargo.toml"));
    // Only `[dependencies]`: dev-dependencies (p256, proptest) never ship.
    let deps: Vec<&str> = manifest
        .split("\n[")
        .filter(|section| section.starts_with("dependencies]"))
        .flat_map(|section| section.lines().skip(1))
        .filter_map(|line| line.split(['=', '.']).next())
        .map(str::trim)
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .collect();
    // A new dependency is a decision: add it here with the reason.
    const ALLOWED: [&str; 6] = [
        "serde",
        "serde_json",
        "chrono",
        "sha2",
        "schemars",            // the CLI's schema feature only
        "serde_path_to_error", // the CLI's error-paths feature only
    ];
    let unexpected: Vec<&&str> = deps.iter().filter(|d| !ALLOWED.contains(d)).collect();
    assert!(
        unexpected.is_empty(),
        "esma-core depends on {unexpected:?}: the domain must stay free of web and \
         terminal crates (if this one is neither, add it to ALLOWED with the reason)"
    );
    const FORBIDDEN: [&str; 10] = [
        "web_sys",
        "js_sys",
        "wasm_bindgen",
        "yew",
        "gloo",
        "std::fs",
        "std::process",
        "std::io::std",
        "println!",
        "eprintln!",
    ];
    let mut problems = Vec::new();
    for file in rust_files(&root().join("crates/esma-core/src")) {
        for (number, line) in read(&file).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN {
                if code.contains(word) {
                    problems.push(format!("{}:{} uses {word}", relative(&file), number + 1));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "esma-core reaches for the browser or the terminal:\n{}",
        problems.join("\n")
    );
}

/// Architecture Invariant: every Rust file opens with a `//!` comment that
/// says what it is for.
#[test]
fn every_file_says_what_it_is_for() {
    let undocumented: Vec<String> = rust_files(&root())
        .iter()
        .filter(|file| {
            let text = read(file);
            // Inner attributes (`#![no_main]`, `#![cfg(…)]`) may come first.
            !text
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty() && !line.starts_with("#!["))
                .is_some_and(|line| line.starts_with("//!"))
        })
        .map(|file| relative(file))
        .collect();
    assert!(
        undocumented.is_empty(),
        "these files do not open with a //! comment saying what they are for:\n{}",
        undocumented.join("\n")
    );
}

/// The GOV.UK patterns the component layer draws, by their class names.
const COMPONENT_PATTERNS: [&str; 9] = [
    "govuk-back-link",
    "govuk-details",
    "govuk-error-summary",
    "govuk-file-upload",
    "govuk-notification-banner",
    "govuk-panel",
    "govuk-summary-card",
    "govuk-summary-list",
    "govuk-warning-text",
];

/// Places outside `src/components/` that may write one of those patterns by
/// hand, because no component can serve them: (file, pattern, why). Empty
/// today; an entry that no longer matches fails the test, so the list stays
/// true.
const HAND_WRITTEN: [(&str, &str, &str); 0] = [];

/// Architecture Invariant: the GOV.UK patterns that have a component (error
/// summary, back link, warning text, panel, summary list, file upload,
/// notification banner, details) are written only in `src/components/`:
/// pages use the components, so each pattern's markup, ids and ARIA are in
/// one place, tested by its examples.
#[test]
fn govuk_patterns_are_written_only_by_their_components() {
    let src = root().join("src");
    let components = src.join("components");
    let mut problems = Vec::new();
    let mut excused = BTreeSet::new();
    for file in rust_files(&src) {
        if file.starts_with(&components) {
            continue;
        }
        let name = relative(&file);
        for (number, line) in read(&file).lines().enumerate() {
            for pattern in COMPONENT_PATTERNS.iter().filter(|p| line.contains(*p)) {
                match HAND_WRITTEN
                    .iter()
                    .find(|(f, p, _)| *f == name && p == pattern)
                {
                    Some(exception) => {
                        excused.insert(*exception);
                    }
                    None => problems.push(format!("{name}:{} writes {pattern}", number + 1)),
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "GOV.UK markup written by hand: use the component in src/components/ \
         (where none can serve, add the place to HAND_WRITTEN with the reason):\n{}",
        problems.join("\n")
    );
    let stale: Vec<String> = HAND_WRITTEN
        .iter()
        .filter(|e| !excused.contains(*e))
        .map(|(file, pattern, _)| format!("{file} ({pattern})"))
        .collect();
    assert!(
        stale.is_empty(),
        "HAND_WRITTEN lists places that no longer write their pattern; remove them:\n{}",
        stale.join("\n")
    );
    // Each pattern is still drawn by a component, so the list above is true.
    let drawn: String = rust_files(&components).iter().map(|f| read(f)).collect();
    for pattern in COMPONENT_PATTERNS {
        assert!(
            drawn.contains(&format!("\"{pattern}")),
            "no component in src/components/ draws {pattern}"
        );
    }
}

/// Class names are written whole in the app's code, never built from parts
/// (`format!("govuk-input--width-{n}")`): the styles keep only the rules
/// whose classes appear as text in some page (`styles.rs`), so a class made
/// at run time would lose its styles.
#[test]
fn class_names_are_written_whole() {
    let mut problems = Vec::new();
    for file in rust_files(&root().join("src")) {
        for (number, line) in read(&file).lines().enumerate() {
            for name in classes_built_from_parts(line) {
                problems.push(format!("{}:{}: {name}", relative(&file), number + 1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "class names built from parts (write each whole, so the styles keep its rules):\n{}",
        problems.join("\n")
    );
}

/// The `govuk-` and `app-` class names in a line of code that are only the
/// start of one: with a `format!` placeholder, or a literal ending in `-`.
fn classes_built_from_parts(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in ["\"govuk-", "\"app-", " govuk-", " app-"] {
        for (at, _) in line.match_indices(prefix) {
            let name: String = line[at + 1..]
                .chars()
                .take_while(|c| !matches!(c, ' ' | '"'))
                .collect();
            let ends_literal = line[at + 1 + name.len()..].starts_with('"');
            if name.contains('{') || (name.ends_with('-') && ends_literal) {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn finds_class_names_built_from_parts() {
    assert_eq!(
        classes_built_from_parts(r#"format!("govuk-input--width-{n}")"#),
        ["govuk-input--width-{n}"]
    );
    assert_eq!(
        classes_built_from_parts(r#"let c = "govuk-body app-tag--" + colour;"#),
        ["app-tag--"]
    );
    assert!(classes_built_from_parts(r#"<p class="govuk-body govuk-!-margin-0">"#).is_empty());
    assert!(classes_built_from_parts("// govuk-frontend's Sass").is_empty());
}

#[test]
fn finds_paths_and_cycles() {
    let text = "use crate::{\n    web::{dom, files as f},\n    form,\n};\nlet x = crate::display::rows(); // crate::not::this\n";
    let paths: Vec<Vec<String>> = crate_paths(text).into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        paths,
        [
            vec!["web".to_owned(), "dom".to_owned()],
            vec!["web".to_owned(), "files".to_owned()],
            vec!["form".to_owned()],
            vec!["display".to_owned(), "rows".to_owned()],
        ]
    );
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    graph
        .entry("a".into())
        .or_default()
        .insert("b".into(), "a.rs:1".into());
    assert_eq!(find_cycle(&graph), None);
    graph
        .entry("b".into())
        .or_default()
        .insert("a".into(), "b.rs:2".into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
}
