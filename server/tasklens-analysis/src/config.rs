//! Settings that change what the analysis reports: the working calendar, extra field labels,
//! the fields every task must have, the allowed priorities and types.
//!
//! The same keys come from `tasklens.toml`, from an editor's settings and from defaults; the
//! binary crate reads and validates them, this module only holds them.

use crate::diagnostics::{Code, Severity};
use crate::lex::estimate::Calendar;
use crate::lex::fields::FieldKind;

/// The analysis settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Hours per working day and working days per week.
    pub calendar: Calendar,
    /// Extra label words and the field each names; they win over the built-in table.
    pub extra_labels: Vec<(String, FieldKind)>,
    /// Fields every task must have; a task without one gets `missing-field`.
    pub required_fields: Vec<FieldKind>,
    /// Allowed priority values, compared without case.
    pub priorities: Vec<String>,
    /// Allowed type values, compared without case.
    pub types: Vec<String>,
    /// Severity overrides per code; `None` turns a code off.
    pub severities: Vec<(Code, Option<Severity>)>,
    /// Kiro's rule that each task depends on the one before it (off by default).
    pub kiro_implicit_order: bool,
}

impl Config {
    /// The severity a code is reported with, or None when it is turned off.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.severities.iter().rev().find(|(c, _)| *c == code) {
            Some((_, severity)) => *severity,
            None => Some(code.default_severity()),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            calendar: Calendar::default(),
            extra_labels: Vec::new(),
            required_fields: vec![FieldKind::Estimate, FieldKind::Dependencies],
            priorities: ["P0", "P1", "P2", "P3"].map(String::from).to_vec(),
            types: [
                "Setup",
                "Implementation",
                "Testing",
                "Documentation",
                "Research",
                "Deployment",
                "Design",
                "Refactor",
                "Bugfix",
            ]
            .map(String::from)
            .to_vec(),
            severities: Vec::new(),
            kiro_implicit_order: false,
        }
    }
}
