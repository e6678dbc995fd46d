//! The codes of findings and their severities: plain data that the configuration, the
//! checks and the editors share.

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The breakdown is wrong: `tasklens check` exits with 1.
    Error,
    /// Probably a mistake.
    Warning,
    /// Worth knowing.
    Info,
    /// A suggestion.
    Hint,
}

/// The stable diagnostic codes. Each has a section in `docs/diagnostics.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Two tasks share an identifier.
    DuplicateTaskId,
    /// A dependency phrase, or an ID outside a dependency field, that resolves to nothing.
    UnresolvedReference,
    /// A dependency on an ID that no task has.
    UnknownDependency,
    /// A task that depends on itself.
    SelfDependency,
    /// Dependencies that go round in a circle.
    DependencyCycle,
    /// A task depends on a task of a later phase.
    PhaseOrder,
    /// A task's ID names another phase than the one it sits in.
    IdPhaseMismatch,
    /// A dependency already implied through another one.
    RedundantDependency,
    /// A task marked done depends on one that is not.
    DoneBeforeDependency,
    /// A summary table value differs from the document.
    SummaryMismatch,
    /// The declared critical path differs from the computed one.
    CriticalPathMismatch,
    /// Tasks claimed to run in parallel depend on each other.
    ParallelConflict,
    /// Story points mixed with durations.
    MixedEstimateUnits,
    /// Declared waves (Kiro's Task Dependency Graph) that differ from the computed ones.
    WaveMismatch,
    /// An estimate that cannot be read.
    InvalidEstimate,
    /// A task lacks a field the document's other tasks have.
    MissingField,
    /// A priority or type outside the allowed values.
    InvalidFieldValue,
    /// Template text left in place.
    Placeholder,
    /// The same task line written twice with a different status.
    RepeatedTask,
    /// A stated duration that the estimates do not add up to.
    DurationMismatch,
    /// A stated status that the tasks' own status contradicts.
    StatusMismatch,
    /// A dependency drawing that the dependency fields do not back.
    GraphMismatch,
    /// A team assignment table that lists a task under a member its assignee field does not
    /// name, or a list that gives a task another priority than its priority field.
    AssignmentMismatch,
    /// A statement of how every task is written (`All tasks follow checklist format with …
    /// file paths`) that some tasks do not follow.
    FormatMismatch,
    /// A task that writes the same field twice with different values (two dependency lists).
    ConflictingFields,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: [Code; 25] = [
        Code::DependencyCycle,
        Code::UnknownDependency,
        Code::SelfDependency,
        Code::DuplicateTaskId,
        Code::RepeatedTask,
        Code::UnresolvedReference,
        Code::PhaseOrder,
        Code::IdPhaseMismatch,
        Code::RedundantDependency,
        Code::DoneBeforeDependency,
        Code::SummaryMismatch,
        Code::CriticalPathMismatch,
        Code::ParallelConflict,
        Code::DurationMismatch,
        Code::StatusMismatch,
        Code::GraphMismatch,
        Code::AssignmentMismatch,
        Code::FormatMismatch,
        Code::MixedEstimateUnits,
        Code::WaveMismatch,
        Code::InvalidEstimate,
        Code::MissingField,
        Code::InvalidFieldValue,
        Code::ConflictingFields,
        Code::Placeholder,
    ];

    /// The code as users write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::DuplicateTaskId => "duplicate-task-id",
            Code::UnresolvedReference => "unresolved-reference",
            Code::UnknownDependency => "unknown-dependency",
            Code::SelfDependency => "self-dependency",
            Code::DependencyCycle => "dependency-cycle",
            Code::PhaseOrder => "phase-order",
            Code::IdPhaseMismatch => "id-phase-mismatch",
            Code::RedundantDependency => "redundant-dependency",
            Code::DoneBeforeDependency => "done-before-dependency",
            Code::SummaryMismatch => "summary-mismatch",
            Code::CriticalPathMismatch => "critical-path-mismatch",
            Code::ParallelConflict => "parallel-conflict",
            Code::MixedEstimateUnits => "mixed-estimate-units",
            Code::WaveMismatch => "wave-mismatch",
            Code::InvalidEstimate => "invalid-estimate",
            Code::MissingField => "missing-field",
            Code::InvalidFieldValue => "invalid-field-value",
            Code::Placeholder => "placeholder",
            Code::RepeatedTask => "repeated-task",
            Code::DurationMismatch => "duration-mismatch",
            Code::StatusMismatch => "status-mismatch",
            Code::GraphMismatch => "graph-mismatch",
            Code::AssignmentMismatch => "assignment-mismatch",
            Code::FormatMismatch => "format-mismatch",
            Code::ConflictingFields => "conflicting-fields",
        }
    }

    /// Looks a code up by name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// False for the codes reported only when a user turns them on: `redundant-dependency`
    /// (many teams list every direct input of a task on purpose).
    pub fn on_by_default(self) -> bool {
        !matches!(self, Code::RedundantDependency)
    }

    /// The severity a code has unless configured otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Code::DuplicateTaskId
            | Code::UnresolvedReference
            | Code::UnknownDependency
            | Code::SelfDependency
            | Code::DependencyCycle => Severity::Error,
            Code::RedundantDependency => Severity::Hint,
            Code::PhaseOrder
            | Code::IdPhaseMismatch
            | Code::DoneBeforeDependency
            | Code::SummaryMismatch
            | Code::CriticalPathMismatch
            | Code::ParallelConflict
            | Code::DurationMismatch
            | Code::StatusMismatch
            | Code::GraphMismatch
            | Code::AssignmentMismatch
            | Code::FormatMismatch
            | Code::ConflictingFields
            | Code::MixedEstimateUnits
            | Code::WaveMismatch
            | Code::InvalidEstimate
            | Code::MissingField
            | Code::InvalidFieldValue
            | Code::RepeatedTask
            | Code::Placeholder => Severity::Warning,
        }
    }
}
