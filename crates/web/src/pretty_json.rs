//! Compact JSON laid out as `serde_json`'s pretty printer lays it out (two-space indents,
//! `"key": value`, `[]` and `{}` when empty). The page writes every JSON text with the
//! compact printer and lays out the files a reader downloads with this: a second, pretty
//! printer would compile every type's serializer a second time (about 3 KB of the page's
//! gzipped download).

/// `compact` (JSON with no whitespace between tokens, as `serde_json::to_string` writes
/// it) laid out with line breaks and two-space indents.
pub fn pretty(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let line = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if chars.peek().is_some_and(|&next| next == '}' || next == ']') {
                    out.push(chars.next().unwrap_or_default());
                } else {
                    depth += 1;
                    line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout is serde_json's own, byte for byte, on the files the page writes.
    #[test]
    fn lays_out_as_serde_json_pretty_prints() {
        for text in [
            include_str!("../../../scenarios/raft-figure-8.json"),
            include_str!("../../../scenarios/compare-coordinator-crash.json"),
            include_str!("../../../scenarios/paxos-learner-catch-up.json"),
            r#"{"a":[],"b":{},"c":[{"d":"x,y:{[\"z\\\"]}"}],"e":[1,2.5,null,true]}"#,
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let compact = serde_json::to_string(&value).unwrap();
            assert_eq!(pretty(&compact), serde_json::to_string_pretty(&value).unwrap());
        }
    }
}
