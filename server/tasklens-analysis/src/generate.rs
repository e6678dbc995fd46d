//! Generates task breakdowns of any size in the template's format, for benchmarks and
//! property tests. The output is deterministic: the same arguments give the same text.

use std::fmt::Write;

/// The shape of a generated document.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// How many tasks.
    pub tasks: usize,
    /// How many tasks per phase.
    pub tasks_per_phase: usize,
}

impl Shape {
    /// `tasks` tasks, ten to a phase.
    pub fn tasks(tasks: usize) -> Shape {
        Shape {
            tasks,
            tasks_per_phase: 10,
        }
    }
}

/// Writes a tasks.md with the template's sections: a summary table, phases with goals, tasks
/// of about a kilobyte each with every field, code blocks, a critical path and a status list.
/// Each task depends on one or two earlier tasks, so the graph is a DAG with long chains and
/// no redundant dependencies.
///
/// The summary table and the declared critical path are filled in from an analysis of the
/// tasks, so the document is a clean breakdown with no findings.
pub fn tasks_md(shape: Shape) -> String {
    generated(shape, false)
}

/// [`tasks_md`] with about one finding per task, as in a breakdown being written: in turn, a
/// task depends on an ID no task has, depends on itself, has an estimate that is no duration,
/// or is assigned to a placeholder (the title, description and estimate of tasks whose number
/// is a multiple of ten stay as in a clean document, for the benchmarks' keystrokes).
pub fn tasks_md_with_findings(shape: Shape) -> String {
    generated(shape, true)
}

fn generated(shape: Shape, findings: bool) -> String {
    let draft = write_document(shape, findings, &Claims::default());
    let document = crate::document::Document::new(&draft, std::sync::Arc::new(crate::config::Config::default()));
    let analysis = crate::analysis::Analysis::new(crate::model::Model::build(&document));
    let plan = crate::plan::Plan::new(&analysis);
    let claims = Claims {
        parallelizable: crate::checks::parallelizable_count(&plan),
        critical_path: plan
            .critical_path
            .iter()
            .map(|&t| analysis.tasks[t].id.clone())
            .collect(),
        dependencies: plan.stated_edges().count(),
    };
    write_document(shape, findings, &claims)
}

/// The document-level numbers the generator writes.
#[derive(Default)]
struct Claims {
    parallelizable: usize,
    critical_path: Vec<String>,
    dependencies: usize,
}

fn write_document(shape: Shape, findings: bool, claims: &Claims) -> String {
    let mut out = String::with_capacity(shape.tasks * 1100 + 2048);
    let per_phase = shape.tasks_per_phase.max(1);
    let phases = shape.tasks.div_ceil(per_phase);
    let _ = write!(
        out,
        "# Task Breakdown: Generated Feature\n\n**Feature ID**: 042\n**Status**: In Progress\n\n---\n\n## Summary\n\n\
         | Metric | Value |\n|--------|-------|\n| **Total Tasks** | {} |\n| **Estimated Duration** | 6 weeks |\n\
         | **Parallelizable Tasks** | {} |\n| **Critical Path Tasks** | {} |\n| **Dependencies** | {} |\n\n---\n\n## Task List\n\n",
        shape.tasks,
        claims.parallelizable,
        claims.critical_path.len(),
        claims.dependencies
    );
    let id = |n: usize| format!("{}.{}", n / per_phase + 1, n % per_phase + 1);
    for phase in 0..phases {
        let _ = write!(
            out,
            "### Phase {}: Phase number {}\n\n**Goal**: Deliver the parts of stage {}\n\n**Duration**: 1 week\n\n---\n\n",
            phase + 1,
            phase + 1,
            phase + 1
        );
        for k in 0..per_phase {
            let n = phase * per_phase + k;
            if n >= shape.tasks {
                break;
            }
            // Two lanes of work: each task follows the task before it in its lane, and every
            // third task also waits for the other lane. No dependency is implied by another.
            let mut deps = match n {
                0 => "None".to_string(),
                1 => format!("Task {}", id(0)),
                _ if n.is_multiple_of(3) => format!("Tasks {}, {}", id(n - 2), id(n - 1)),
                _ => format!("Task {}", id(n - 2)),
            };
            let finding = if findings { n % 4 } else { 4 };
            match finding {
                0 if n > 0 => deps.push_str(&format!(", Task {}.9", phases + 7)),
                1 => deps.push_str(&format!(", Task {}", id(n))),
                _ => {}
            }
            let estimate = if finding == 2 && !n.is_multiple_of(10) {
                "about a while".to_string()
            } else {
                format!("{}h", n % 7 + 1)
            };
            let assignee = if finding == 3 {
                "[Name]".to_string()
            } else {
                format!("Developer {}", n % 5)
            };
            let _ = write!(
                out,
                "#### Task {}: Build component number {n}\n\n**Type**: Implementation\n\n**Priority**: P{}\n\n\
                 **Estimate**: {estimate}\n\n**Assigned To**: {assignee}\n\n**Dependencies**: {deps}\n\n\
                 **Description**:\nImplement component {n} of the generated feature, with its tests and documentation, \
                 following the conventions of the surrounding modules. Keep the public interface small, \
                 document every exported function and measure the hot paths before and after the change.\n\n\
                 **Risks**:\n- The upstream API may change while this task is in progress; pin its version.\n\
                 - Performance may regress under load; add a benchmark and watch its median in review.\n\n\
                 **Acceptance Criteria**:\n- [x] Component {n} implemented\n- [ ] Unit tests written and passing\n\
                 - [ ] Code reviewed and approved\n- [ ] Documentation updated\n- [ ] Changelog entry written\n\n\
                 **Implementation Notes**:\n```\nFiles to create/modify:\n- src/components/component-{n}.ts\n\
                 - tests/components/component-{n}.test.ts\n```\n\n---\n\n",
                id(n),
                n % 3,
            );
        }
    }
    out.push_str("## Task Dependencies Graph\n\n### Critical Path\n\n1. ");
    let path: Vec<String> = claims.critical_path.iter().map(|id| format!("Task {id}")).collect();
    out.push_str(&path.join(" → "));
    out.push_str("\n\n## Task Status Tracking\n\n- [x] ~~Task 1.1~~ - Completed\n");
    out
}

/// The task-breakdown template (`template`, its `## Task List` section of phases up to the
/// next `## ` heading) grown to at least `tasks` tasks: the section's phases are written again
/// and again, each copy's phase numbers and dotted task IDs (`1.2`, in headings and
/// references alike) moved past the copies before it. A template being filled in has a
/// finding or more per task (its placeholders), which this keeps.
pub fn template_copy(template: &str, tasks: usize) -> String {
    let Some(list) = template.find("\n## Task List") else {
        return template.to_string();
    };
    let start = template[list..]
        .find("\n### ")
        .map_or(template.len(), |at| list + at + 1);
    let end = template[start..]
        .find("\n## ")
        .map_or(template.len(), |at| start + at + 1);
    let section = &template[start..end];
    let per_copy = section.matches("\n#### ").count().max(1);
    let phases = section
        .match_indices("### Phase ")
        .filter_map(|(at, _)| leading_number(&section[at + 10..]))
        .max()
        .unwrap_or(1);
    let mut out = String::with_capacity(template.len() + section.len() * tasks.div_ceil(per_copy));
    out.push_str(&template[..start]);
    for copy in 0..tasks.div_ceil(per_copy).max(1) {
        shift_ids(&mut out, section, copy * phases);
    }
    out.push_str(&template[end..]);
    out
}

/// The number at the start of `text`.
fn leading_number(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    text[..digits].parse().ok()
}

/// Appends `section` with `shift` added to each phase number (`Phase 2`) and to the first
/// number of each dotted ID (`2.1`).
fn shift_ids(out: &mut String, section: &str, shift: usize) {
    let bytes = section.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number =
            bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'.');
        if starts_number {
            let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let after = i + digits;
            let dotted = bytes.get(after) == Some(&b'.') && bytes.get(after + 1).is_some_and(u8::is_ascii_digit);
            if dotted || section[..i].ends_with("Phase ") {
                let number: usize = section[i..after].parse().unwrap_or(0);
                let _ = write!(out, "{}", number + shift);
                i = after;
                continue;
            }
        }
        let next = i + section[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&section[i..next]);
        i = next;
    }
}

/// The documents that once made the analysis slow or huge, each grown to about `size` (bytes,
/// or tasks where the case says so), for the budgets the tests and the `adversarial`
/// benchmark check as ratios between sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Adversarial {
    /// `size` tasks, each depending on an ID no task has (a "did you mean" each).
    UnknownDependencies,
    /// `size` tasks, each depending on every earlier task, listed one by one.
    DependsOnAllEarlier,
    /// `size` tasks, each depending on every earlier task through one range (`Tasks 1-9`).
    RangesOverAllEarlier,
    /// One line of `|`, `size` bytes long.
    PipeLine,
    /// A dependencies field of `1.1, ` repeated to `size` bytes.
    DependencyList,
    /// One prose line of task mentions, `size` bytes long.
    MentionLine,
    /// `size` blank lines after one task.
    BlankLines,
    /// The generated breakdown (about a kilobyte per task) grown to `size` bytes.
    LargeBreakdown,
    /// `examples/payment/tasks.md`, every ID repeated, grown to `size` bytes.
    RepeatedExample,
}

impl Adversarial {
    /// Every case.
    pub const ALL: [Adversarial; 9] = [
        Adversarial::UnknownDependencies,
        Adversarial::DependsOnAllEarlier,
        Adversarial::RangesOverAllEarlier,
        Adversarial::PipeLine,
        Adversarial::DependencyList,
        Adversarial::MentionLine,
        Adversarial::BlankLines,
        Adversarial::LargeBreakdown,
        Adversarial::RepeatedExample,
    ];

    /// True when `size` counts tasks rather than bytes.
    pub fn counts_tasks(self) -> bool {
        matches!(
            self,
            Adversarial::UnknownDependencies | Adversarial::DependsOnAllEarlier | Adversarial::RangesOverAllEarlier
        )
    }

    /// The document.
    pub fn document(self, size: usize) -> String {
        let head =
            "# Plan\n\n## Phase 1: Everything\n\n#### Task 1: First\n**Estimate**: 1h\n**Dependencies**: None\n\n";
        let mut out = String::from(head);
        match self {
            Adversarial::UnknownDependencies => {
                for n in 2..=size.max(2) {
                    let _ = write!(
                        out,
                        "#### Task {n}: Step {n}\n**Estimate**: 1h\n**Dependencies**: Task {}\n\n",
                        n + size * 7 + 13
                    );
                }
            }
            Adversarial::DependsOnAllEarlier => {
                for n in 2..=size.max(2) {
                    let _ = write!(out, "#### Task {n}: Step {n}\n**Estimate**: 1h\n**Dependencies**: ");
                    for earlier in 1..n {
                        let _ = write!(out, "{}Task {earlier}", if earlier > 1 { ", " } else { "" });
                    }
                    out.push_str("\n\n");
                }
            }
            Adversarial::RangesOverAllEarlier => {
                for n in 2..=size.max(2) {
                    let _ = write!(
                        out,
                        "#### Task {n}: Step {n}\n**Estimate**: 1h\n**Dependencies**: Tasks 1-{}\n\n",
                        n - 1
                    );
                }
            }
            Adversarial::PipeLine => fill_line(&mut out, "|", size),
            Adversarial::DependencyList => {
                out.push_str("#### Task 1.1: Second\n**Dependencies**: ");
                fill_line(&mut out, "1.1, ", size);
            }
            Adversarial::MentionLine => fill_line(&mut out, "see Task 1 and T001, ", size),
            Adversarial::BlankLines => fill_line(&mut out, "\n", size),
            Adversarial::LargeBreakdown => return tasks_md(Shape::tasks((size / 1_100).max(1))),
            Adversarial::RepeatedExample => {
                let example = include_str!("../../../examples/payment/tasks.md");
                out.clear();
                while out.len() < size {
                    out.push_str(example);
                }
            }
        }
        out
    }
}

/// Appends `unit` to `out` until it holds about `size` more bytes, then a line break.
fn fill_line(out: &mut String, unit: &str, size: usize) {
    let target = out.len() + size;
    while out.len() < target {
        out.push_str(unit);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_copies_have_their_own_ids() {
        let template = "# T\n\n## Task List\n\n### Phase 1: A\n\n#### Task 1.1: X\n**Dependencies**: None\n\n\
                        ### Phase 2: B\n\n#### Task 2.1: Y\n**Dependencies**: Task 1.1\n\n## Tail\n";
        let copy = template_copy(template, 5);
        assert_eq!(copy.matches("#### Task").count(), 6);
        assert!(copy.contains("### Phase 6: B\n\n#### Task 6.1: Y\n**Dependencies**: Task 5.1\n"));
        assert!(copy.starts_with("# T\n\n## Task List\n\n### Phase 1: A"));
        assert!(copy.ends_with("## Tail\n"));
    }

    #[test]
    fn findings_come_about_one_per_task() {
        let text = tasks_md_with_findings(Shape::tasks(200));
        let document = crate::document::Document::new(&text, std::sync::Arc::new(crate::config::Config::default()));
        let found = crate::diagnostics(&crate::analysis::Analysis::new(crate::model::Model::build(&document)));
        let codes: Vec<_> = found.iter().map(|d| d.code.as_str()).collect();
        assert!(
            (150..=260).contains(&found.len()),
            "{} findings: {codes:?}",
            found.len()
        );
    }

    #[test]
    fn sizes_grow_with_the_task_count() {
        let small = tasks_md(Shape::tasks(10));
        let large = tasks_md(Shape::tasks(100));
        assert!(large.len() > 9 * small.len() / 2);
        let per_task = large.len() / 100;
        assert!(
            (900..1300).contains(&per_task),
            "about a kilobyte per task, not {per_task} bytes"
        );
    }
}
