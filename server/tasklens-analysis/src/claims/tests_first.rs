//! A rule that tests come first (`Tests MUST be written and FAIL before implementation`,
//! `Testes DEVEM ser escritos e FALHAR antes da implementacao`, `所有用户故事遵循 TDD,先写测试再实现`)
//! against the ticks: a phase whose tests (`### Tests for User Story 1`) are all open while a
//! task of its implementation section (`### Implementation for User Story 1`) is done breaks
//! the rule the document states. Tests partly done were written first; the one left open is
//! usually an end-to-end test run last.
//!
//! Only a rule counts: a suggestion (`TDD建议`), an allowance (`tests can run in parallel with
//! the implementation`) or a denial (`Tests: NOT requested`) states none. Only sections a
//! heading names count, and only an implementation section after the phase's tests: a task's
//! own title says too little about which of the two it is.

use crate::analysis::Analysis;
use crate::codes::Code;
use crate::finding::{Diagnostic, Related};
use crate::lex::claim_line::LowercaseWords;
use crate::lex::claim_words::{
    IMPLEMENTATION_SECTION_WORDS, TEST_SECTION_WORDS, TESTS_FIRST_HEDGE_WORDS, TESTS_FIRST_WORDS,
};

use super::{DocumentLines, Fence, holds_word_start};

/// The rule's words, found in one pass over a line.
static RULE_WORDS: std::sync::LazyLock<LowercaseWords> =
    std::sync::LazyLock::new(|| LowercaseWords::new(TESTS_FIRST_WORDS.iter().copied()));

/// True when a line states that tests come before the implementation, as a rule.
pub(super) fn states_claim(line: &str) -> bool {
    // Every line of the document is tested when it is opened, and most hold none of the
    // words: one pass over the line, without allocating, passes those over.
    if !RULE_WORDS.mentioned(line) {
        return false;
    }
    let lower = line.to_lowercase();
    TESTS_FIRST_WORDS.iter().any(|w| holds_word_start(&lower, w))
        && !TESTS_FIRST_HEDGE_WORDS.iter().any(|w| lower.contains(w))
}

/// What a section heading inside a phase holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Tests,
    Implementation,
    Other,
}

/// The tasks of one phase's tests and implementation sections, in document order.
struct PhaseSections {
    phase: usize,
    tests: Vec<usize>,
    implementation: Vec<usize>,
}

/// Reports, once per phase, the first done task of an implementation section while every task
/// of the phase's tests section before it is open, in a document that states tests come first.
pub(super) fn check(text: &DocumentLines, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    if !text.any_reads(super::marks::TESTS_FIRST) {
        return;
    }
    let Some(rule) = text
        .lines()
        .find(|line| line.fence == Fence::None && line.reads(super::marks::TESTS_FIRST))
    else {
        return;
    };
    let rope = analysis.model.document().rope();
    let rule_line = rope.byte_to_line(rule.start.min(rope.len_bytes())) + 1;
    let rule_range = rule.start..rule.start + rule.text.len();
    for sections in phase_sections(text, analysis) {
        let tasks = &analysis.tasks;
        let counted: Vec<usize> = sections
            .tests
            .iter()
            .copied()
            .filter(|&task| !tasks[task].cancelled && !tasks[task].optional)
            .collect();
        // Tests partly written were written first; one left open (an end-to-end test run
        // last) breaks no rule a reader would hold the author to.
        if counted.is_empty() || counted.iter().any(|&task| analysis.done[task]) {
            continue;
        }
        let Some(&done) = sections.implementation.iter().find(|&&task| analysis.done[task]) else {
            continue;
        };
        let open = counted;
        let shown: Vec<&str> = open.iter().take(5).map(|&task| tasks[task].id.as_str()).collect();
        let listed = crate::finding::join_first(&shown, open.len());
        out.push(Diagnostic {
            related: vec![Related {
                range: rule_range.clone(),
                message: "the rule that tests come first".to_string(),
            }],
            ..Diagnostic::new(
                Code::DoneBeforeDependency,
                tasks[done].id_range.clone(),
                format!(
                    "Task {} is done while every test of phase {} is open ({listed}), and this document says tests come first (line {rule_line}).",
                    tasks[done].id,
                    analysis.phases[sections.phase].id,
                ),
            )
        });
    }
}

/// The tasks under each phase's tests and implementation section headings, for the phases
/// that have both, an implementation section after a tests one.
fn phase_sections(text: &DocumentLines, analysis: &Analysis) -> Vec<PhaseSections> {
    let tasks = &analysis.tasks;
    let mut found: Vec<PhaseSections> = Vec::new();
    let mut section = (Section::Other, None);
    for line in text.lines() {
        if line.fence != Fence::None {
            continue;
        }
        let starts_task = line.task.filter(|&task| tasks[task].line.start == line.start);
        if starts_task.is_none() && line.heading_level().is_some() {
            section = (section_of(line.text), line.phase);
            continue;
        }
        let (Some(task), (kind, Some(phase))) = (starts_task, section) else {
            continue;
        };
        if line.phase != Some(phase) || kind == Section::Other {
            continue;
        }
        if found.last().is_none_or(|last| last.phase != phase) {
            found.push(PhaseSections {
                phase,
                tests: Vec::new(),
                implementation: Vec::new(),
            });
        }
        let Some(current) = found.last_mut() else { continue };
        match kind {
            Section::Tests => current.tests.push(task),
            // Only an implementation section after the phase's tests is one the rule orders.
            Section::Implementation if !current.tests.is_empty() => current.implementation.push(task),
            _ => {}
        }
    }
    found.retain(|sections| !sections.tests.is_empty() && !sections.implementation.is_empty());
    found
}

/// What a section heading's words say it holds: tests, implementation, or (naming both or
/// neither) something else.
fn section_of(heading: &str) -> Section {
    let lower = heading.to_lowercase();
    let tests = TEST_SECTION_WORDS.iter().any(|w| holds_word_start(&lower, w));
    let implementation = IMPLEMENTATION_SECTION_WORDS.iter().any(|w| holds_word_start(&lower, w));
    match (tests, implementation) {
        (true, false) => Section::Tests,
        (false, true) => Section::Implementation,
        _ => Section::Other,
    }
}
