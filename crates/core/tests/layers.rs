//! The layers of docs/architecture.md, kept true: a protocol's folder and the ground floor
//! it stands on (`protocol/`) import nothing above them, and no protocol names another.
//!
//! A protocol folder is a folder of `src/` with a `check.rs` and a `progress.rs` (its
//! invariants and its progress properties live beside its rules). Lines after a
//! `#[cfg(test)]` and comments are not imports and are not read.

use std::path::{Path, PathBuf};

/// The layers above the protocols: the engine and everything that runs it.
const ABOVE: &[&str] = &[
    "any", "check", "sim", "scenario", "run", "explore", "timeline", "parting", "metrics", "diagram",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The `.rs` files under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

fn protocol_folders() -> Vec<String> {
    let mut folders: Vec<String> = std::fs::read_dir(src())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("check.rs").exists() && p.join("progress.rs").exists())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    folders
}

/// Every `crate::NAME` a file's code (not its comments or tests) names, with the line.
fn crate_paths(file: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((number + 1, name));
        }
        // `use crate::{a, b}` names several at once.
        if let Some(group) = code.strip_prefix("use crate::{") {
            for part in group.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push((number + 1, name));
            }
        }
    }
    found
}

#[test]
fn the_protocols_are_found_as_folders() {
    assert_eq!(
        protocol_folders(),
        [
            "multi_paxos",
            "paxos",
            "paxos_commit",
            "raft",
            "three_phase",
            "two_phase"
        ]
    );
}

#[test]
fn a_protocol_folder_imports_nothing_above_it_and_no_other_protocol() {
    let protocols = protocol_folders();
    let mut broken = Vec::new();
    for protocol in &protocols {
        for file in rust_files(&src().join(protocol)) {
            for (line, name) in crate_paths(&file) {
                let other_protocol = protocols.contains(&name) && &name != protocol;
                if ABOVE.contains(&name.as_str()) || other_protocol {
                    broken.push(format!("{}:{line} uses crate::{name}", file.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "protocols import only the ground floor:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_ground_floor_imports_no_layer_above_it_and_no_protocol() {
    let protocols = protocol_folders();
    let mut files = rust_files(&src().join("protocol"));
    files.extend(["command.rs", "types.rs", "vec_map.rs", "words.rs"].map(|f| src().join(f)));
    files.extend(["display", "explain"].map(|f| src().join(f).join("mod.rs")));
    files.extend(rust_files(&src().join("commit")));
    let mut broken = Vec::new();
    for file in files {
        for (line, name) in crate_paths(&file) {
            if ABOVE.contains(&name.as_str()) || protocols.contains(&name) {
                broken.push(format!("{}:{line} uses crate::{name}", file.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "the ground floor stands alone:\n{}",
        broken.join("\n")
    );
}

/// Every `.rs` file under `dir`, at any depth, sorted.
fn rust_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files_under(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// One concept per file: no source file of the workspace is longer than 500 lines before
/// its tests (a file's own `#[cfg(test)]` module does not count).
#[test]
fn no_source_file_is_longer_than_500_lines_before_its_tests() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut long = Vec::new();
    for krate in ["core", "cli", "web", "search"] {
        for file in rust_files_under(&crates.join(krate).join("src")) {
            let text = std::fs::read_to_string(&file).unwrap();
            let lines = text
                .lines()
                .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
                .count();
            if lines > 500 {
                long.push(format!("{}: {lines} lines", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "split these by concept:\n{}", long.join("\n"));
}

/// A protocol is its folder plus one line in the protocol table: outside its folder, no
/// code of the workspace (tests, benches and comments aside) names its module but the
/// table (`any/mod.rs`); `lib.rs` declares it.
#[test]
fn outside_its_folder_only_the_protocol_table_names_a_protocol() {
    let protocols = protocol_folders();
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let src = src().canonicalize().unwrap();
    let table = src.join("any").join("mod.rs");
    let mut named = Vec::new();
    for krate in ["core", "cli", "web", "search"] {
        for file in rust_files_under(&crates.join(krate).join("src")) {
            let file = file.canonicalize().unwrap();
            let inside = protocols.iter().any(|p| file.starts_with(src.join(p)));
            if inside || file == table {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let code = text.lines().take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"));
            for (number, line) in code.enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for protocol in &protocols {
                    let paths = [format!("crate::{protocol}"), format!("consensus_core::{protocol}")];
                    if paths
                        .iter()
                        .any(|p| line.contains(&format!("{p}::")) || line.contains(&format!("{p};")))
                    {
                        named.push(format!("{}:{} names {protocol}", file.display(), number + 1));
                    }
                }
            }
        }
    }
    assert!(
        named.is_empty(),
        "only the protocol table (any/mod.rs) names a protocol:\n{}",
        named.join("\n")
    );
}
