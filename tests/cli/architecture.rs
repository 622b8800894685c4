//! The module graph has no cycle: every `crate::` path in `src/` names a
//! module of a lower layer than its own, by the layer table in
//! `docs/architecture.md`, and every module is in that table.

use std::collections::BTreeMap;
use std::path::Path;

use crate::root;

/// The layer table: module name → layer.
fn layers() -> BTreeMap<String, u32> {
    let doc = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let section = doc.split("## Layers").nth(1).expect("a Layers section");
    let mut layers = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Ok(layer) = cells[1].parse::<u32>() else {
            continue;
        };
        for module in cells[2].split(',').map(str::trim) {
            assert!(
                layers.insert(module.to_string(), layer).is_none(),
                "{module} is in the table twice"
            );
        }
    }
    layers
}

/// The top-level module a source file belongs to.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// The modules a file's code (before its `#[cfg(test)]` part, comments
/// and doc links aside) names with `crate::`, including grouped imports
/// `use crate::{a, b::c}`.
fn imports(code: &str) -> Vec<String> {
    let code = code.split("#[cfg(test)]").next().unwrap_or(code);
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_lower_layers() {
    let layers = layers();
    let src = root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(&own) = layers.get(&module) else {
            violations.push(format!("{module} is not in docs/architecture.md's table"));
            continue;
        };
        let code = std::fs::read_to_string(file).unwrap();
        for used in imports(&code) {
            if used == module {
                continue;
            }
            match layers.get(&used) {
                Some(&layer) if layer < own => {}
                Some(&layer) => violations.push(format!(
                    "{} (layer {own}) uses {used} (layer {layer})",
                    file.display()
                )),
                None => violations.push(format!(
                    "{} uses {used}, which is not in the table",
                    file.display()
                )),
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_import_scan_sees_every_form_of_path() {
    let code = "//! See [`crate::read`].\nuse crate::place::Place;\nuse crate::{finding, layout::X};\nlet x = crate::value::f();\n#[cfg(test)]\nuse crate::cmd;";
    assert_eq!(imports(code), ["place", "finding", "layout", "value"]);
}
