//! At most [`FINDINGS_PER_CODE`] findings of one code per document, then one finding that says
//! how many more there are. A document can have quadratically many findings (a thousand tasks
//! each depending on every earlier one have half a million redundant dependencies: a 190 MB
//! `publishDiagnostics`); no reader looks past the first hundred, and every finding costs
//! memory, conversion and transport.

use std::ops::Range;

use crate::codes::{Code, Severity};
use crate::finding::Diagnostic;

/// The most findings of one code a document gets before the summary.
pub const FINDINGS_PER_CODE: usize = 100;

/// The words that open a summary's message.
const SUMMARY_OPENING: &str = "…and ";

/// The finding that stands for `omitted` more findings of `code`, at the first omitted one.
pub fn summary(code: Code, range: Range<usize>, omitted: usize) -> Diagnostic {
    Diagnostic::new(
        code,
        range,
        format!(
            "{SUMMARY_OPENING}{} more {} finding{} in this document, from here on, not listed one by one.",
            thousands(omitted),
            code.as_str(),
            if omitted == 1 { "" } else { "s" }
        ),
    )
}

/// How many findings `diagnostic` stands for: 1, or the count a summary gives.
pub fn stands_for(diagnostic: &Diagnostic) -> usize {
    omitted(diagnostic).unwrap_or(1)
}

/// The count of a summary made by [`summary`], or None for an ordinary finding.
pub fn omitted(diagnostic: &Diagnostic) -> Option<usize> {
    let rest = diagnostic.message.strip_prefix(SUMMARY_OPENING)?;
    let count: String = rest.split(' ').next()?.chars().filter(|c| *c != ',').collect();
    let expected = summary(diagnostic.code, diagnostic.range.clone(), count.parse().ok()?);
    (expected.message == diagnostic.message)
        .then(|| count.parse().ok())
        .flatten()
}

/// Keeps the first [`FINDINGS_PER_CODE`] findings of each code (`diagnostics` sorted by
/// position) and folds the rest, summaries from the checks included, into one summary per
/// code at the first finding left out.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    let mut per_code: Vec<(Code, usize)> = Vec::new();
    let mut over = false;
    for diagnostic in diagnostics.iter() {
        match per_code.iter_mut().find(|(code, _)| *code == diagnostic.code) {
            Some((_, count)) => *count += 1,
            None => per_code.push((diagnostic.code, 1)),
        }
        over |= per_code.iter().any(|&(_, count)| count > FINDINGS_PER_CODE);
    }
    let has_summary = diagnostics.iter().any(|diagnostic| omitted(diagnostic).is_some());
    if !over && !has_summary {
        return;
    }
    let mut codes: Vec<PerCode> = Vec::new();
    let mut out = Vec::with_capacity(
        diagnostics
            .len()
            .min(FINDINGS_PER_CODE * per_code.len() + per_code.len()),
    );
    for diagnostic in diagnostics.drain(..) {
        let slot = match codes.iter().position(|per| per.code == diagnostic.code) {
            Some(slot) => slot,
            None => {
                codes.push(PerCode {
                    code: diagnostic.code,
                    kept: 0,
                    folded: None,
                });
                codes.len() - 1
            }
        };
        let per = &mut codes[slot];
        let summary_count = omitted(&diagnostic);
        if summary_count.is_none() && per.kept < FINDINGS_PER_CODE && per.folded.is_none() {
            per.kept += 1;
            out.push(diagnostic);
            continue;
        }
        let adds = summary_count.unwrap_or(1);
        match &mut per.folded {
            Some(folded) => folded.count += adds,
            None => {
                per.folded = Some(Folded {
                    range: diagnostic.range.clone(),
                    count: adds,
                    severity: diagnostic.severity,
                })
            }
        }
    }
    for per in codes {
        if let Some(folded) = per.folded {
            let mut summary = summary(per.code, folded.range, folded.count);
            summary.severity = folded.severity;
            out.push(summary);
        }
    }
    out.sort_by_key(|diagnostic| (diagnostic.range.start, diagnostic.code));
    *diagnostics = out;
}

/// What [`cap`] keeps of one code.
struct PerCode {
    code: Code,
    kept: usize,
    folded: Option<Folded>,
}

/// The findings of one code left out: where the first is, how many, and their severity.
struct Folded {
    range: Range<usize>,
    count: usize,
    severity: Severity,
}

/// `n` with commas between groups of three digits.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: Code, at: usize) -> Diagnostic {
        Diagnostic::new(code, at..at + 1, format!("finding at {at}"))
    }

    #[test]
    fn a_code_keeps_its_first_findings_and_one_summary() {
        let mut diagnostics: Vec<Diagnostic> = (0..250).map(|at| finding(Code::UnknownDependency, at * 2)).collect();
        diagnostics.push(finding(Code::DuplicateTaskId, 3));
        diagnostics.sort_by_key(|d| (d.range.start, d.code));
        cap(&mut diagnostics);
        assert_eq!(diagnostics.len(), FINDINGS_PER_CODE + 2);
        let summary = diagnostics.iter().find(|d| omitted(d).is_some()).unwrap();
        assert_eq!(omitted(summary), Some(150));
        assert_eq!(summary.range, 200..201, "at the first finding left out");
        assert_eq!(
            summary.message,
            "…and 150 more unknown-dependency findings in this document, from here on, not listed one by one."
        );
        assert_eq!(diagnostics.iter().map(stands_for).sum::<usize>(), 251);
    }

    #[test]
    fn a_summary_from_a_check_is_folded_in() {
        let mut diagnostics: Vec<Diagnostic> = (0..FINDINGS_PER_CODE)
            .map(|at| finding(Code::RedundantDependency, at))
            .collect();
        diagnostics.push(summary(Code::RedundantDependency, 500..501, 498_401));
        cap(&mut diagnostics);
        assert_eq!(diagnostics.len(), FINDINGS_PER_CODE + 1);
        assert_eq!(omitted(diagnostics.last().unwrap()), Some(498_401));
        assert!(diagnostics.last().unwrap().message.contains("498,401 more"));
        // Capping again changes nothing.
        let again = diagnostics.clone();
        cap(&mut diagnostics);
        assert_eq!(diagnostics, again);
    }

    #[test]
    fn few_findings_are_left_alone() {
        let mut diagnostics: Vec<Diagnostic> = (0..10).map(|at| finding(Code::UnknownDependency, at)).collect();
        let before = diagnostics.clone();
        cap(&mut diagnostics);
        assert_eq!(diagnostics, before);
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
