//! Every element the web crate looks up by a fixed id exists in `index.html`, so a renamed
//! or removed element fails here, natively, instead of as a panic in a reader's browser
//! ("index.html has no element #…"). Ids the crate makes itself (`cluster-0`, `bug-…`)
//! are created before they are looked up and are not read from the page.

use std::path::Path;

/// The string literals passed to the crate's lookups by id in one source file.
fn looked_up(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for call in ["by_id(\"", "by_id::<", "element_width(\"", "get_element_by_id(\""] {
        let mut rest = source;
        while let Some(at) = rest.find(call) {
            rest = &rest[at + call.len()..];
            // `by_id::<Type>("id")`: skip the type to the opening quote of the argument.
            let argument = if call == "by_id::<" {
                match rest.find(">(\"") {
                    Some(open) if !rest[..open].contains(')') => &rest[open + 3..],
                    _ => continue,
                }
            } else {
                rest
            };
            if let Some(end) = argument.find('"') {
                ids.push(argument[..end].to_string());
            }
        }
    }
    ids
}

#[test]
fn every_element_the_page_looks_up_by_a_fixed_id_is_in_index_html() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(root.join("../../index.html")).unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();
    // The full page's crate, the first module's and the shell both share.
    let crates = ["src", "../shell/src", "../first/src"];
    for entry in crates.iter().flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap()) {
        let path = entry.unwrap().path();
        let sources: Vec<std::path::PathBuf> = if path.is_dir() {
            std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()).collect()
        } else {
            vec![path]
        };
        for source in sources.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(&source).unwrap();
            for id in looked_up(&text) {
                checked += 1;
                if !html.contains(&format!("id=\"{id}\"")) {
                    missing.push(format!("#{id} (looked up in {})", source.display()));
                }
            }
        }
    }
    assert!(checked > 50, "the lookups were found: {checked}");
    assert!(missing.is_empty(), "index.html lacks:\n{}", missing.join("\n"));
}

/// No two elements of `index.html` share an id: a lookup by id finds the first, so a
/// control given a taken id (the client load slider named `load`, like the Load… button)
/// would break the other.
#[test]
fn no_two_elements_of_index_html_share_an_id() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(root.join("../../index.html")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut twice = Vec::new();
    let mut rest = html.as_str();
    while let Some(at) = rest.find(" id=\"") {
        rest = &rest[at + 5..];
        let Some(end) = rest.find('"') else { break };
        let id = &rest[..end];
        if !seen.insert(id.to_string()) {
            twice.push(id.to_string());
        }
    }
    assert!(seen.len() > 50, "ids read: {}", seen.len());
    assert!(twice.is_empty(), "ids used twice: {twice:?}");
}
