//! One finding: a code, a severity, a byte range, a message and the other places that
//! matter, and how an edit moves it.

use std::ops::Range;

use crate::codes::{Code, Severity};
use crate::edit::OffsetMap;

/// Another place that matters to a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The place.
    pub range: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where, in byte offsets.
    pub range: Range<usize>,
    /// How serious.
    pub severity: Severity,
    /// Which check.
    pub code: Code,
    /// What is wrong and how to fix it, in sentences.
    pub message: String,
    /// Other places that matter.
    pub related: Vec<Related>,
    /// For a claim the document makes about itself, the text that makes it hold when it
    /// replaces `range` (the computed count or duration): the quick fix "update the claim".
    pub replacement: Option<Box<str>>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no related locations.
    pub fn new(code: Code, range: Range<usize>, message: String) -> Diagnostic {
        Diagnostic {
            range,
            severity: code.default_severity(),
            code,
            message,
            related: Vec::new(),
            replacement: None,
        }
    }

    /// The same diagnostic with the text that makes its claim hold.
    pub fn with_replacement(mut self, replacement: String) -> Diagnostic {
        self.replacement = Some(replacement.into());
        self
    }

    /// A diagnostic with a severity of its own, lower than its code's default because the
    /// finding is less certain; a severity the user configures for the code still wins.
    pub fn with_severity(code: Code, severity: Severity, range: Range<usize>, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            ..Diagnostic::new(code, range, message)
        }
    }

    /// The same diagnostic with its ranges moved by an edit (see [`crate::edit`]).
    pub fn moved(&self, map: &OffsetMap) -> Diagnostic {
        Diagnostic {
            range: map.map_range(&self.range),
            related: self
                .related
                .iter()
                .map(|related| Related {
                    range: map.map_range(&related.range),
                    message: related.message.clone(),
                })
                .collect(),
            message: self.message.clone(),
            replacement: self.replacement.clone(),
            ..*self
        }
    }
}

/// Joins names the way a message lists them: `a`, `a and b`, `a, b and c`.
pub fn join_and<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// The first names of a longer list, for a message: joined as [`join_and`] joins them when
/// they are all of the `total`, else followed by how many more there are (`T1, T2, T3 and 4
/// more`).
pub fn join_first<S: AsRef<str>>(names: &[S], total: usize) -> String {
    if total > names.len() {
        let shown: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
        format!("{} and {} more", shown.join(", "), total - names.len())
    } else {
        join_and(names)
    }
}
