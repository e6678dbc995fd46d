//! The lines whose claims read task titles: a statement of how every task is written (`All
//! tasks follow checklist format with … file paths`), the definition of `[P]` as tasks on
//! different files, and drawings (an ASCII tree, a chain, a Mermaid flowchart), whose nodes
//! may be tasks named by their titles. Extraction marks the segments that hold such lines, so
//! that the keystroke path does not take an edit of a title for the task's own business there.

use crate::lex::claim_words::{ALL_TASKS_WORDS, CHECKPOINT_WORDS, DIFFERENT_FILES, FORMAT_WORDS};

/// True when a line states how every task is written.
pub fn states_task_format(line: &str) -> bool {
    // Most lines name no format: they are passed over without being lower-cased.
    if !mentions_any(line, FORMAT_WORDS) {
        return false;
    }
    let lower = line.to_lowercase();
    ALL_TASKS_WORDS.iter().any(|w| lower.contains(w))
}

/// True when a line holds one of the words, in any case for ASCII words, without allocating:
/// the claim readers pass most lines over with it. The words are lower-case; a word with
/// letters beyond ASCII is matched as written (`định dạng`, `格式`).
pub fn mentions_any(line: &str, words: &[&str]) -> bool {
    let bytes = line.as_bytes();
    let ascii = line.is_ascii();
    words.iter().any(|word| {
        if !word.is_ascii() {
            // A line of ASCII alone holds no such word.
            return !ascii && line.contains(word);
        }
        let word = word.as_bytes();
        let Some((&first, rest)) = word.split_first() else {
            return true;
        };
        memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).any(|at| {
            bytes
                .get(at + 1..at + word.len())
                .is_some_and(|next| next.eq_ignore_ascii_case(rest))
        })
    })
}

/// Words searched for in lines as `line.to_lowercase()` would hold them (each word is
/// lower-cased once, when the search is made): in one pass and without allocating for a line
/// of ASCII, where an ASCII word matches in any case and no other word can, and by
/// lower-casing the line otherwise. The claim families test every line of a document when it
/// is opened; this is the test of their long word tables.
pub struct LowercaseWords {
    words: Vec<String>,
    /// None only if the automaton could not be built: then every line is lower-cased.
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl LowercaseWords {
    /// The search for `words`.
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> LowercaseWords {
        let words: Vec<String> = words.into_iter().map(str::to_lowercase).collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&words)
            .ok();
        LowercaseWords { words, automaton }
    }

    /// True when the lower-cased line holds one of the words.
    pub fn in_line(&self, line: &str) -> bool {
        if line.is_ascii()
            && let Some(automaton) = &self.automaton
        {
            return automaton.is_match(line);
        }
        let lower = line.to_lowercase();
        self.words.iter().any(|word| lower.contains(word.as_str()))
    }

    /// True when the line holds one of the words, ASCII letters in any case and others as the
    /// word writes them (as [`mentions_any`] finds them), in one pass: a quick test that lets
    /// most lines go before a closer reading.
    pub fn mentioned(&self, line: &str) -> bool {
        match &self.automaton {
            Some(automaton) => automaton.is_match(line),
            None => self.words.iter().any(|word| mentions_any(line, &[word.as_str()])),
        }
    }
}

/// True when a line defines `[P]` as tasks on different files (spec-kit's `[P]: Can run in
/// parallel (different files, no dependencies)`).
pub fn defines_parallel_as_files(line: &str) -> bool {
    if !mentions_any(line, &["[p]"]) {
        return false;
    }
    let lower = line.to_lowercase();
    lower.contains("[p]") && DIFFERENT_FILES.iter().any(|w| lower.contains(w))
}

/// True when a claim on this line reads the titles of tasks.
pub fn reads_task_titles(line: &str) -> bool {
    states_task_format(line) || defines_parallel_as_files(line)
}

/// The branch marks of an ASCII tree, each followed by the node it draws.
pub const BRANCHES: &[&str] = &[
    "├─>",
    "└─>",
    "├──>",
    "└──>",
    "├──",
    "└──",
    "├─",
    "└─",
    "|--",
    "`--",
    "+--",
    "\\--",
];

/// The arrows of a chain drawn on one line.
pub const CHAIN_ARROWS: &[&str] = &["─>", "──>", "-->", "->", "→"];

/// True when a line draws a node of a tree or a chain.
pub fn draws_tasks(line: &str) -> bool {
    let trimmed = line.trim_start();
    if trimmed.starts_with('|') {
        return false;
    }
    BRANCHES.iter().any(|mark| trimmed.contains(mark))
        || CHAIN_ARROWS.iter().any(|arrow| {
            trimmed
                .split_once(arrow)
                .is_some_and(|(before, after)| !before.trim().is_empty() && !after.trim().is_empty())
        })
}

/// True when a line of code may read task titles: it draws, or it opens a Mermaid block, whose
/// nodes' labels may be titles.
pub fn code_reads_task_titles(line: &str) -> bool {
    let trimmed = line.trim_start();
    let opens_mermaid = ["```", "~~~"].iter().any(|fence| {
        trimmed
            .strip_prefix(fence)
            .is_some_and(|info| info.trim_start().to_ascii_lowercase().starts_with("mermaid"))
    });
    let lower = trimmed.to_ascii_lowercase();
    let flowchart = lower.starts_with("graph ") || lower.starts_with("flowchart");
    opens_mermaid || flowchart || draws_tasks(line)
}

/// True when a line (a heading) names a checkpoint: `### Phase 5 Checkpoint: Onboarding`.
pub fn names_checkpoint(line: &str) -> bool {
    mentions_any(line, CHECKPOINT_WORDS)
}

/// True when a line is an item of a checklist: `- [ ] …`, `* [x] …`.
pub fn is_checklist_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix(['-', '*', '+']).map(str::trim_start);
    rest.is_some_and(|rest| rest.starts_with("[ ]") || rest.starts_with("[x]") || rest.starts_with("[X]"))
}

/// True when a line is a ticked item of a checklist: `- [x] …`.
pub fn is_ticked_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix(['-', '*', '+']).map(str::trim_start);
    rest.is_some_and(|rest| rest.starts_with("[x]") || rest.starts_with("[X]"))
}

#[cfg(test)]
mod tests {
    use super::{BRANCHES, CHAIN_ARROWS, LowercaseWords, mentions_any};

    #[test]
    fn lower_case_words_are_found_as_in_the_lower_cased_line() {
        let table = ["Status", "état", "完了", ":done"];
        let words = LowercaseWords::new(table);
        for line in [
            "**STATUS**: open",
            "État : fini",
            "ÉTAT",
            "完了しました",
            "bar :DONE",
            "nothing",
            "",
            "Statu",
        ] {
            let lower = line.to_lowercase();
            assert_eq!(
                words.in_line(line),
                table.iter().any(|w| lower.contains(&w.to_lowercase())),
                "{line}"
            );
        }
        // The quick test matches ASCII letters in any case and others only as written.
        assert!(words.mentioned("STATUS") && words.mentioned("完了"));
        assert!(!words.mentioned("ÉTAT") && !words.mentioned("nothing"));
    }

    /// The graph check rejects a line holding neither before searching it for each mark.
    #[test]
    fn every_mark_holds_what_the_quick_tests_look_for() {
        for mark in BRANCHES {
            assert!(mark.contains('─') || mark.contains("--"), "{mark}");
        }
        for arrow in CHAIN_ARROWS {
            assert!(arrow.contains(['>', '→']), "{arrow}");
        }
    }

    #[test]
    fn words_are_found_in_any_case_and_only_whole() {
        let cases: &[(&str, &[&str], bool)] = &[
            ("**Format Validation**: All tasks", &["format"], true),
            ("ALL TASKS FOLLOW THE FORMAT", &["format"], true),
            ("the form at the end", &["format"], false),
            ("ends with forma", &["format"], false),
            ("fo", &["format"], false),
            ("任务格式说明", &["格式"], true),
            ("ascii only", &["格式"], false),
            ("Kiểm tra định dạng", &["định dạng"], true),
            ("[P] tasks", &["[p]"], true),
        ];
        for (line, words, expected) in cases {
            assert_eq!(mentions_any(line, words), *expected, "{line:?} {words:?}");
        }
    }
}
