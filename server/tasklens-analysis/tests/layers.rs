//! Keeps the analysis crate in layers: each module may use only the modules listed before it
//! in [`LAYERS`], so that no two modules import each other, directly or through others.
//! ARCHITECTURE.md draws the same layers.

use std::collections::BTreeSet;
use std::path::Path;

/// The crate's modules from the bottom up, by layer. A module of `lex` or `ide` counts as
/// its parent.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "text and syntax",
        &[
            "split", "mask", "suggest", "fixture", "lex", "codes", "config", "items", "extract", "parse",
        ],
    ),
    ("document", &["segments", "edit", "document"]),
    ("model", &["model"]),
    ("resolution", &["groups", "analysis", "order", "resolve"]),
    ("plan", &["plan", "reach"]),
    (
        "checks and diagnostics",
        &["finding", "limits", "checks", "claims", "diagnostics"],
    ),
    ("carry-over", &["carry"]),
    ("drawings", &["render"]),
    ("ide", &["ide", "generate"]),
];

/// The module a source file belongs to, by its path under `src`.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The modules of the crate that a file's code (not its comments, not its tests) names
/// through `crate::`.
fn uses(source: &str) -> BTreeSet<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or_default();
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c}`: each item's first segment.
                let inner = group.split('}').next().unwrap_or_default();
                for item in inner.split(',') {
                    let name = item.trim().split("::").next().unwrap_or_default();
                    if !name.is_empty() {
                        found.insert(name.to_string());
                    }
                }
                continue;
            }
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source directory is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn each_module_uses_only_the_modules_below_it() {
    let order: Vec<&str> = LAYERS.iter().flat_map(|(_, modules)| modules.iter().copied()).collect();
    let rank = |module: &str| order.iter().position(|m| *m == module);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(module) = module_of(relative) else {
            continue;
        };
        seen.insert(module.clone());
        let Some(own) = rank(&module) else {
            problems.push(format!("{}: module `{module}` is in no layer", relative.display()));
            continue;
        };
        let source = std::fs::read_to_string(file).expect("a readable source file");
        for used in uses(&source) {
            if used == module {
                continue;
            }
            match rank(&used) {
                Some(theirs) if theirs < own => {}
                Some(_) => problems.push(format!(
                    "{}: `{module}` uses `{used}`, which is not below it",
                    relative.display()
                )),
                None => problems.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is no layered module (the crate root is above every layer)",
                    relative.display()
                )),
            }
        }
    }
    for module in &order {
        assert!(seen.contains(*module), "layer module `{module}` has no source file");
    }
    assert!(problems.is_empty(), "layering broken:\n{}", problems.join("\n"));
}

#[test]
fn the_reader_finds_uses_in_code_only() {
    let source = "//! Uses [`crate::model`] in a comment.\nuse crate::lex::id;\nuse crate::{items::Item, plan};\nfn f() { crate::analysis::x(); } // crate::ide\n#[cfg(test)]\nmod tests { use crate::carry; }\n";
    let found: Vec<String> = uses(source).into_iter().collect();
    assert_eq!(found, ["analysis", "items", "lex", "plan"]);
}
