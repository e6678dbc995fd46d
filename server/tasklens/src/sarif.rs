//! `tasklens check --format sarif`: the findings as a SARIF 2.1.0 log, the format code
//! scanning services read. Each diagnostic code is a rule, described from its section of
//! `docs/diagnostics.md` (compiled in, so the log explains every rule without a network);
//! each finding is a result with its region (columns in Unicode code points, as the rest of
//! the command line counts them) and its related locations.

use std::io::Write;

use serde_json::{Value, json};
use tasklens_analysis::{Code, Diagnostic, Severity};

use crate::line_index::LineIndex;

/// The diagnostics reference, whose sections describe the rules.
const DOCS: &str = include_str!("../../../docs/diagnostics.md");

/// The schema the log names (the OASIS schema of SARIF 2.1.0, errata 01).
pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// One checked file.
pub struct File<'a> {
    /// The path as given or found.
    pub path: &'a str,
    /// The text that was checked.
    pub text: &'a str,
    /// Its findings.
    pub diagnostics: &'a [Diagnostic],
}

/// Writes the log of the files' findings, pretty-printed, with a final line break.
pub fn write(files: &[File], out: &mut impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(files)).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// The SARIF log of the files' findings.
pub fn log(files: &[File]) -> Value {
    let rules: Vec<Value> = Code::ALL.iter().map(|&code| rule(code)).collect();
    let mut results = Vec::new();
    for file in files {
        let index = LineIndex::new(file.text);
        let uri = artifact_uri(file.path);
        for diagnostic in file.diagnostics {
            let rule_index = Code::ALL.iter().position(|&c| c == diagnostic.code).unwrap_or(0);
            let related: Vec<Value> = diagnostic
                .related
                .iter()
                .enumerate()
                .map(|(id, related)| {
                    let mut location = location(&uri, &index, file.text, related.range.clone());
                    location["id"] = json!(id);
                    location["message"] = json!({"text": related.message});
                    location
                })
                .collect();
            let mut result = json!({
                "ruleId": diagnostic.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(diagnostic.severity),
                "message": {"text": diagnostic.message},
                "locations": [location(&uri, &index, file.text, diagnostic.range.clone())],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tasklens",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// SARIF's level for a severity: infos and hints are notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A physical location: the file and the region of a byte range, 1-based, end exclusive.
fn location(uri: &str, index: &LineIndex, text: &str, range: std::ops::Range<usize>) -> Value {
    let (start, end) = index.range(text, range);
    json!({"physicalLocation": {
        "artifactLocation": {"uri": uri},
        "region": {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        },
    }})
}

/// A rule: the code, its default level and its description from the docs.
fn rule(code: Code) -> Value {
    let section = section(code.as_str());
    let first = section.split("\n\n").next().unwrap_or("").replace('\n', " ");
    // The first paragraph opens with the severity in bold (`**Error.**`), which may go on in
    // a parenthesis (`**Hint, off by default** (…).`), dropped, or a clause (`**Warning**,
    // only where …`), kept; the description is what follows.
    let mut description = match first.strip_prefix("**") {
        Some(rest) => rest.split_once("**").map_or(rest, |(_, after)| after).trim(),
        None => first.trim(),
    };
    if description.starts_with('(')
        && let Some(close) = description.find(')')
    {
        description = description[close + 1..].trim_start_matches(['.', ' ']);
    } else {
        description = description.trim_start_matches([',', ' ']);
    }
    let mut chars = description.chars();
    let description: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    // A paragraph that introduces a list (`…, so it adds no edge:`) ends as a sentence.
    let description = match description.strip_suffix(':') {
        Some(sentence) => format!("{sentence}."),
        None => description,
    };
    let short = description
        .split_inclusive(". ")
        .next()
        .unwrap_or(&description)
        .trim()
        .to_string();
    let mut rule = json!({
        "id": code.as_str(),
        "shortDescription": {"text": short},
        "fullDescription": {"text": description},
        "help": {"text": description, "markdown": section.trim()},
        "defaultConfiguration": {"level": level(code.default_severity())},
    });
    if !code.on_by_default() {
        rule["defaultConfiguration"]["enabled"] = json!(false);
    }
    rule
}

/// The text of a code's section of the docs, without its heading.
fn section(code: &str) -> &'static str {
    let heading = format!("\n## {code}\n");
    let Some(start) = DOCS.find(&heading).map(|i| i + heading.len()) else {
        return "";
    };
    let rest = &DOCS[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest[..end].trim_start_matches('\n')
}

/// A path as a URI reference: a relative path with `/` separators (each character outside
/// the unreserved ones percent-encoded), or a `file:` URI for an absolute one.
fn artifact_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_description_from_the_docs() {
        for code in Code::ALL {
            let rule = rule(code);
            let short = rule["shortDescription"]["text"].as_str().unwrap();
            assert!(short.len() > 20 && short.ends_with('.'), "{}: {short:?}", code.as_str());
            assert!(!short.starts_with("**"), "{}: {short:?}", code.as_str());
        }
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_uri("examples/payment/tasks.md"), "examples/payment/tasks.md");
        assert_eq!(artifact_uri("my docs/tâches.md"), "my%20docs/t%C3%A2ches.md");
        assert_eq!(artifact_uri("/abs/tasks.md"), "file:///abs/tasks.md");
    }
}
