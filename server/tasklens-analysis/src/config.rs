//! Settings that change what the analysis reports: the working calendar, extra field labels,
//! the fields every task must have, the allowed priorities and types; and what the editor
//! shows beside the text (lenses, inlay hints).
//!
//! The same keys come from `tasklens.toml`, from an editor's settings and from defaults; the
//! binary crate reads and validates them, this module only holds them.

use crate::codes::{Code, Severity};
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
    /// Allowed priority values, compared without case, when a user sets them; a document's own
    /// consistent scale is left alone otherwise.
    pub priorities: Option<Vec<String>>,
    /// Allowed type values, compared without case, when a user sets them.
    pub types: Option<Vec<String>>,
    /// Severity overrides per code; `None` turns a code off.
    pub severities: Vec<(Code, Option<Severity>)>,
    /// Kiro's convention that each top-level task runs after the one before it, which the
    /// schedule follows (on by default; the dependencies stay as written).
    pub kiro_implicit_order: bool,
    /// spec-kit's convention that a phase's tasks run in the order of the list and `[P]`
    /// marks those that may run beside their neighbours, which the schedule then follows (off
    /// by default: on the corpus's spec-kit documents it makes critical paths that run
    /// through most tasks, longer than their authors' order).
    pub spec_kit_implicit_order: bool,
    /// What the editor shows beside the text: lenses and inlay hints.
    pub display: Display,
    /// Where the language server links each diagnostic code to (`<url>#<code>`), when a user
    /// sets it; by default the server links to the reference it ships. The analysis does not
    /// read it.
    pub docs_url: Option<String>,
}

/// What the editor features show, each a setting; the diagnostics do not read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Display {
    /// A lens above each task of a spec-kit list, where every task is one line and a lens per
    /// task doubles the document's height (off by default; the document's and each phase's
    /// lens stay).
    pub spec_kit_task_lenses: bool,
    /// An inlay hint with the hours of an estimate not written in hours (`1.5 days` → `12h`).
    pub estimate_hints: bool,
    /// An inlay hint with what a range or group phrase expands to (`Tasks 2.1-2.4` →
    /// `2.1, 2.2, 2.3, 2.4`).
    pub expansion_hints: bool,
    /// An inlay hint with the earliest start and the slack after each task's line (off by
    /// default).
    pub schedule_hints: bool,
}

impl Default for Display {
    fn default() -> Self {
        Display {
            spec_kit_task_lenses: false,
            estimate_hints: true,
            expansion_hints: true,
            schedule_hints: false,
        }
    }
}

/// The priorities completion offers when none are configured.
pub const DEFAULT_PRIORITIES: &[&str] = &["P0", "P1", "P2", "P3"];

/// The task types completion offers when none are configured.
pub const DEFAULT_TYPES: &[&str] = &[
    "Setup",
    "Implementation",
    "Testing",
    "Documentation",
    "Research",
    "Deployment",
    "Design",
    "Refactor",
    "Bugfix",
];

impl Config {
    /// The severity a code is reported with by default or as configured, or None when it is
    /// turned off. A finding may carry a lower severity of its own (a phrase that names no
    /// task is a warning, a reference outside the document an info); a configured severity
    /// replaces it.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.configured_severity(code) {
            Some(severity) => severity,
            None => code.on_by_default().then(|| code.default_severity()),
        }
    }

    /// The severity configured for a code: None when the user set none, Some(None) when the
    /// code is turned off.
    pub fn configured_severity(&self, code: Code) -> Option<Option<Severity>> {
        self.severities.iter().rev().find(|(c, _)| *c == code).map(|(_, s)| *s)
    }

    /// True when a code is reported at all; a check whose code is off is not run.
    pub fn enabled(&self, code: Code) -> bool {
        self.severity(code).is_some()
    }

    /// The priorities completion offers: the configured ones, or P0 to P3.
    pub fn priority_choices(&self) -> Vec<String> {
        match &self.priorities {
            Some(list) => list.clone(),
            None => DEFAULT_PRIORITIES.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The task types completion offers: the configured ones, or the template's.
    pub fn type_choices(&self) -> Vec<String> {
        match &self.types {
            Some(list) => list.clone(),
            None => DEFAULT_TYPES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            calendar: Calendar::default(),
            extra_labels: Vec::new(),
            required_fields: vec![FieldKind::Estimate, FieldKind::Dependencies],
            priorities: None,
            types: None,
            severities: Vec::new(),
            kiro_implicit_order: true,
            spec_kit_implicit_order: false,
            display: Display::default(),
            docs_url: None,
        }
    }
}
