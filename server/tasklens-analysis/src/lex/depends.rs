//! Lexer for the value of a dependency field.
//!
//! The caller finds the label (`**Dependencies**:`, `**Depends on:**`, `- **Dependencias**:`,
//! `**依存関係**:` and the like) and passes only the text after it. [`parse_dependencies`] splits
//! that text into [`DepItem`]s, each with a byte range relative to the value: task identifiers,
//! ranges of tasks, whole phases, groups such as "all previous phases", and
//! [`DepKind::Unresolved`] phrases for text that names no task in a form this lexer knows.
//! Resolution against the document's real tasks happens elsewhere.
//!
//! The lexer is a hand-written scanner. It is pure, it never panics, every range lies on char
//! boundaries, and it never drops text silently: apart from whitespace, separators (`,`, `;`,
//! `、`, `and`, `y`, `&` …), markdown decoration (`**`, backticks, brackets, link targets),
//! trailing punctuation and notes (`(ModalStore)` after an item, `: title` or ` - comment` after
//! an item), every character of the value ends up in an item or in the "none" range.
//!
//! An identifier is accepted where the format's rule of thumb puts one: as the whole item, after a
//! task word (`Task`, `Tarea`, `任务` …), after `#` or `[`, or after another item of a list. A
//! number inside prose (`Requires Node 20`) stays part of an unresolved phrase.
//!
//! The word lists live in `const` tables near the top of the file so that more languages and
//! spellings can be added without touching the scanner.

use std::ops::Range;

use crate::lex::id::is_cjk;

/// A task identifier as written, e.g. `1.2` in `Task 1.2` or `7.1` in `#7.1`: `range` covers only
/// the identifier (no `Task ` word, no `#`, no brackets), so replacing that range renames the
/// reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdRef {
    /// The identifier's text, e.g. `1.2`, `TASK-001`, `T005b`.
    pub id: String,
    /// The identifier's byte range in the value.
    pub range: Range<usize>,
}

/// What one item of a dependency value refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DepKind {
    /// One task: `Task 1.1`, `1.2`, `TASK-001`, `#7.1`, `[029]`, `Tarea 2.3`, `Story #519`, `T0`.
    Task(IdRef),
    /// An inclusive range: `Tasks 2.1-2.4`, `032-034`, `T008–T020b`.
    Range {
        /// The first task of the range.
        from: IdRef,
        /// The last task of the range.
        to: IdRef,
    },
    /// Every task of a phase: `Task 2.x`, `Tasks 2.*`, `2.x`; `phase` is `2`.
    PhaseTasks {
        /// The phase part of the wildcard, as written.
        phase: String,
    },
    /// `All previous phases`, `Todas las fases anteriores (1-9)`, `all prior phases`.
    AllPreviousPhases,
    /// `All previous tasks`, `all prior tasks`.
    AllPreviousTasks,
    /// `All implementation tasks`, `all testing tasks`: `type_name` is the type word as written
    /// (`implementation`).
    AllOfType {
        /// The type word as written.
        type_name: String,
    },
    /// A whole phase: `Phase 2 complete`, `Phase 1`, `Phase 2 (React Native Setup)`,
    /// `Fase 2 completa`; `phase` is `2`.
    Phase {
        /// The phase number as written (`2`, `I`).
        phase: String,
    },
    /// Text that names no task in a form this lexer knows: `Batch 2 complete`, `地基已完成`,
    /// `backend ready`.
    Unresolved,
}

/// One item of a dependency value. `range` covers the whole item as written (`Task 1.1`,
/// `Tasks 2.1-2.4`, `All previous phases`), excluding a trailing note in parentheses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepItem {
    /// The item's byte range in the value.
    pub range: Range<usize>,
    /// What the item refers to.
    pub kind: DepKind,
    /// True when "or" joins the item to the one before it (`OPS-005 or OPS-006`): the two are
    /// alternatives, and either one done is enough.
    pub alternative: bool,
    /// True when a condition follows the item (`ADV-009 if enabled`): the dependency holds
    /// only in some cases.
    pub conditional: bool,
}

/// The lexed value: `none` is Some(range) when the value says there are no dependencies (`None`,
/// `none.`, `-`, `n/a`, `N/A`, `—`, `[]`, `Ninguna`, `Ninguno`, `Aucune`, `Aucun`, `Keine`, `なし`,
/// `없음`, `无`, `無`, `Nothing`, `No dependencies`), with its range.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DependencyList {
    /// The range of the word that says there are no dependencies, if the value says so.
    pub none: Option<Range<usize>>,
    /// The items of the value in source order.
    pub items: Vec<DepItem>,
}

/// Words that introduce a task identifier (`Task 1.2`, `Tareas 2.1, 2.2`, `任务1`), lowercase.
const TASK_WORDS: &[&str] = &[
    "task",
    "tasks",
    "tarea",
    "tareas",
    "tâche",
    "tâches",
    "tache",
    "taches",
    "aufgabe",
    "aufgaben",
    "story",
    "stories",
    "タスク",
    "任务",
    "任務",
    "태스크",
    "작업",
];

/// Words that introduce a phase number (`Phase 2`, `Fase 1`, `フェーズ1`), lowercase.
const PHASE_WORDS: &[&str] = &[
    "phase",
    "phases",
    "phasen",
    "fase",
    "fases",
    "étape",
    "étapes",
    "etape",
    "etapes",
    "etapa",
    "etapas",
    "stage",
    "stages",
    "sprint",
    "sprints",
    "milestone",
    "milestones",
    "batch",
    "batches",
    "iteration",
    "iterations",
    "etappe",
    "etappen",
    "フェーズ",
    "阶段",
    "階段",
    "단계",
    "페이즈",
];

/// Words that open a group (`All previous phases`, `Todas las fases anteriores`), lowercase.
const ALL_WORDS: &[&str] = &[
    "all", "every", "todas", "todos", "toutes", "tous", "alle", "allen", "tutte", "tutti", "모든", "전체",
];

/// Prefixes that mean "all" glued to the rest of a CJK group (`全タスク完了後`, `所有任务`).
const CJK_ALL_PREFIXES: &[&str] = &["全部", "全て", "すべての", "所有", "全"];

/// Suffixes that mean "once complete" at the end of a CJK group (`全タスク完了後`).
const CJK_COMPLETION_SUFFIXES: &[&str] = &[
    "完了後",
    "完了后",
    "完成後",
    "完成后",
    "完了",
    "完成",
    "終了後",
    "终了后",
    "後",
    "后",
];

/// CJK words that mean "previous" in front of a task or phase word (`前のタスク`, `之前的任务`).
const CJK_PREVIOUS_PREFIXES: &[&str] = &["以前の", "前の", "之前的", "之前", "以前", "前"];

/// Articles allowed between an "all" word and the rest of a group (`all the previous tasks`).
const ARTICLE_WORDS: &[&str] = &["the", "las", "los", "les"];

/// Words that mean "previous" in a group (`all prior tasks`, `phases précédentes`), lowercase.
const PREVIOUS_WORDS: &[&str] = &[
    "previous",
    "prior",
    "preceding",
    "earlier",
    "anteriores",
    "previas",
    "previos",
    "precedentes",
    "précédentes",
    "précédents",
    "precedents",
    "antérieures",
    "antérieurs",
    "vorherigen",
    "vorigen",
    "früheren",
    "vorhergehenden",
    "precedenti",
    "이전",
    "앞선",
];

/// Prepositions that join a task word to a phase in a group (`all tasks in Phase 2`).
const PREPOSITION_WORDS: &[&str] = &["in", "of", "from", "de", "en", "der", "aus", "im"];

/// Words that are not a task type in `All <word> tasks`, so the phrase stays unresolved.
const NOT_TYPE_WORDS: &[&str] = &[
    "other",
    "others",
    "remaining",
    "these",
    "those",
    "such",
    "related",
    "dependent",
    "above",
    "below",
    "open",
    "my",
    "our",
    "their",
    "its",
];

/// Words that may follow an item and belong to it (`Phase 2 complete`, `任务1完成`), lowercase.
const COMPLETION_WORDS: &[&str] = &[
    "complete",
    "completed",
    "completion",
    "done",
    "finished",
    "finish",
    "fertigstellung",
    "abschluss",
    "concluída",
    "concluído",
    "completa",
    "completas",
    "completo",
    "completos",
    "completada",
    "completadas",
    "completado",
    "completados",
    "terminada",
    "terminadas",
    "terminado",
    "terminados",
    "terminé",
    "terminée",
    "terminés",
    "terminées",
    "achevé",
    "achevée",
    "achevés",
    "achevées",
    "abgeschlossen",
    "fertig",
    "erledigt",
    "完了",
    "完成",
    "已完成",
    "완료",
    "완료후",
    "이후",
];

/// Words that join two items of a list (`Task 1.5 and Task 2.4`, `Tarea 1 y 2`), lowercase.
const CONJUNCTION_WORDS: &[&str] = &["and", "or", "y", "o", "et", "ou", "und", "oder", "및", "또는"];

/// The conjunctions of [`CONJUNCTION_WORDS`] that offer a choice (`A or B`), lowercase.
const ALTERNATIVE_WORDS: &[&str] = &["or", "o", "ou", "oder", "또는"];

/// Ideographic and kana conjunctions that offer a choice (`T001或T002`, `T001または T002`).
const CJK_ALTERNATIVES: &[&str] = &["或", "または"];

/// Words that open a condition after an item (`ADV-009 if enabled`), lowercase.
const CONDITION_WORDS: &[&str] = &["if", "when", "unless", "si", "cuando", "wenn", "falls", "sofern"];

/// Ideographic conjunctions, often glued to the items they join (`任务1和任务2`).
const CJK_CONJUNCTIONS: &[char] = &['和', '及', '与', '與', 'と'];

/// Words that join the two ends of a range (`2.1 to 2.4`, `2.1 through 2.4`), lowercase.
const RANGE_WORDS: &[&str] = &["to", "through", "thru", "until", "a", "à", "au", "hasta", "bis"];

/// Phrases that say there are no dependencies, lowercase; a space matches any run of whitespace.
const NONE_PHRASES: &[&str] = &[
    "none",
    "none yet",
    "none required",
    "none needed",
    "no dependencies",
    "no dependency",
    "no deps",
    "nothing",
    "n/a",
    "ninguna",
    "ninguno",
    "nada",
    "aucune",
    "aucun",
    "keine",
    "なし",
    "無し",
    "없음",
    "无",
    "無",
];

/// Characters that always separate two items.
const HARD_SEPARATORS: &[char] = &[',', ';', '、', '，', '；'];

/// Characters that separate two items but may also appear inside prose (`R&D`, `C++`).
const SOFT_SEPARATORS: &[char] = &['&', '+', '＆', '＋'];

/// Characters that join the two ends of a range (`2.1-2.4`, `T008–T020b`, `1〜3`).
const RANGE_DASHES: &[char] = &['-', '‐', '‑', '–', '—', '−', '~', '〜', '～'];

/// Dashes that, surrounded by spaces, introduce a note after an item (`None - first task`).
const NOTE_DASHES: &[char] = &['-', '‐', '‑', '–', '—', '−'];

/// Markdown and quoting characters that are skipped around items.
const DECORATION_CHARS: &[char] = &['*', '_', '`', '[', ']', '"', '“', '”', '「', '」', '『', '』'];

/// Characters that open a note.
const OPENING_PARENS: &[char] = &['(', '（'];

/// Characters that close a note.
const CLOSING_PARENS: &[char] = &[')', '）'];

/// Sentence punctuation that may end an item (`DEC-001.`, `none.`).
const SENTENCE_PUNCTUATION: &[char] = &['.', '!', '?', '。', '！', '？'];

/// Characters trimmed from the end of an unresolved phrase (`After design review.`).
const TRAILING_PUNCTUATION: &[char] = &[
    '.', '!', '?', '。', '！', '？', ':', '：', '-', '‐', '‑', '–', '—', '−', '~', '〜', '～', ')', '）',
];

/// The widest phase range that is expanded into one item per phase (`Phases 1-3`).
const MAX_PHASE_RANGE: u32 = 20;

/// Lexes the value of a dependency field into its items; see the module documentation.
pub fn parse_dependencies(value: &str) -> DependencyList {
    lex(value, |_, _| {})
}

/// True when `text` (already trimmed) looks like a task identifier this module would accept as a
/// bare ID: `1`, `1.2`, `2.1a`, `A.1`, `I-1.2`, `029`, `TASK-002`, `DEC-001`, `T001`, `T005b`,
/// `9.1.1`.
pub fn is_task_id(text: &str) -> bool {
    scan_id(text, 0).is_some_and(|id| id.end == text.len() && id.wildcard_phase_end.is_none())
}

/// What a piece of text outside every item is. The lexer reports these pieces so that the tests
/// can check that nothing but whitespace and these kinds of text is left out of the items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TriviaKind {
    /// Markdown decoration (`**`, a backtick, `[`, `]`, quotes) or a parenthesis around an item.
    Decoration,
    /// The target of a markdown link, `](#task-11)`.
    LinkTarget,
    /// A list separator: `,`, `;`, `、`, `&`, `and`, `y`, `和`.
    Separator,
    /// A note after an item: `(ModalStore)`, `: React Native Setup`, `- first task`.
    Note,
    /// Punctuation between or after items: `.`, `:`, a lone `-`, a stray `)`.
    Punctuation,
}

/// Which kind of item a bare number continues after a list word (`Phases 1, 2` vs `Tasks 1, 2`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListWord {
    /// Bare numbers are task identifiers.
    Task,
    /// Bare numbers are phase numbers, after a phase item.
    Phase,
}

/// One recognised item before it is pushed: its range and what it refers to. A phase range
/// (`Phases 1-3`) gives one kind per phase, all sharing the range.
#[derive(Debug)]
struct Parsed {
    start: usize,
    end: usize,
    kinds: Vec<DepKind>,
}

/// The shape of an identifier found by [`scan_id`].
#[derive(Clone, Copy, Debug)]
struct IdScan {
    /// The byte offset just past the identifier (past `.x` for a wildcard).
    end: usize,
    /// The length in bytes of the non-numeric prefix (`TASK-`, `T`, `A.`, `I-`; 0 for `1.2`).
    prefix_len: usize,
    /// The number of dot-separated numeric parts (`1.2` has 2).
    parts: usize,
    /// For a wildcard such as `2.x`, the end of its phase part (`2`).
    wildcard_phase_end: Option<usize>,
}

/// True for characters that continue a Latin word or number, so an identifier cannot end before
/// them. Ideographs do not count: `任务1完成` has the identifier `1`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Scans an identifier starting at `start` with the shared grammar ([`crate::lex::id`]): `1.2`,
/// `2.1a`, `029`, `9.1.1`, `A.1`, `I-1.2`, `TASK-001`, `T005b`, `T007.1`, or a wildcard `2.x`,
/// `2.X`, `2.*`. A trailing period is not part of it; a prefix must be written in capitals.
fn scan_id(text: &str, start: usize) -> Option<IdScan> {
    let id = crate::lex::id::scan_id(text, start)?;
    id.prefix_upper.then_some(IdScan {
        end: id.end,
        prefix_len: id.prefix_len,
        parts: id.parts,
        wildcard_phase_end: id.wildcard_end,
    })
}

/// Expands a phase range such as `1-3` into one phase item per number; a range that is not two
/// ascending numbers at most [`MAX_PHASE_RANGE`] apart stays unresolved.
fn expand_phase_range(from: &str, to: &str) -> Vec<DepKind> {
    match (from.parse::<u32>(), to.parse::<u32>()) {
        (Ok(first), Ok(last)) if first <= last && last - first <= MAX_PHASE_RANGE => {
            let width = if from.starts_with('0') { from.len() } else { 0 };
            (first..=last)
                .map(|n| DepKind::Phase {
                    phase: format!("{n:0width$}"),
                })
                .collect()
        }
        _ => vec![DepKind::Unresolved],
    }
}

/// Read-only lookahead over the value; every method takes a byte offset on a char boundary and
/// returns offsets on char boundaries.
#[derive(Clone, Copy)]
struct Scanner<'a> {
    text: &'a str,
}

impl Scanner<'_> {
    /// The char at `pos`, if any.
    fn peek(self, pos: usize) -> Option<char> {
        self.text.get(pos..)?.chars().next()
    }

    /// The char just before `pos`, if any.
    fn prev(self, pos: usize) -> Option<char> {
        self.text.get(..pos)?.chars().next_back()
    }

    /// The offset of the first non-whitespace char at or after `pos`.
    fn skip_ws(self, mut pos: usize) -> usize {
        while let Some(c) = self.peek(pos)
            && c.is_whitespace()
        {
            pos += c.len_utf8();
        }
        pos
    }

    /// One piece of markdown decoration at `pos` (a link target or a decoration char), with its
    /// end.
    fn decoration_at(self, pos: usize) -> Option<(TriviaKind, usize)> {
        let c = self.peek(pos)?;
        if c == ']' && self.peek(pos + 1) == Some('(') {
            return Some((TriviaKind::LinkTarget, self.matching_close(pos + 1)));
        }
        DECORATION_CHARS
            .contains(&c)
            .then(|| (TriviaKind::Decoration, pos + c.len_utf8()))
    }

    /// The offset of the first char at or after `pos` that is neither whitespace nor decoration.
    fn skip_ws_and_decoration(self, mut pos: usize) -> usize {
        loop {
            pos = self.skip_ws(pos);
            match self.decoration_at(pos) {
                Some((_, end)) => pos = end,
                None => return pos,
            }
        }
    }

    /// The offset just past the parenthesis that closes the one opened at `open`. A parenthesis
    /// that is never closed ends at the next separator, so it cannot swallow the items after it.
    fn matching_close(self, open: usize) -> usize {
        let Some(rest) = self.text.get(open..) else {
            return self.text.len();
        };
        let mut depth = 0usize;
        let mut first_separator = None;
        for (offset, c) in rest.char_indices() {
            if OPENING_PARENS.contains(&c) {
                depth += 1;
            } else if CLOSING_PARENS.contains(&c) {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open + offset + c.len_utf8();
                }
            } else if HARD_SEPARATORS.contains(&c) && first_separator.is_none() {
                first_separator = Some(open + offset);
            }
        }
        first_separator.unwrap_or(self.text.len())
    }

    /// The word at `pos` (a run of letters of one script) with its end and its lowercase form.
    fn word_at(self, pos: usize) -> Option<(usize, String)> {
        let first = self.peek(pos)?;
        if !first.is_alphabetic() {
            return None;
        }
        let cjk = is_cjk(first);
        let mut end = pos;
        while let Some(c) = self.peek(end)
            && c.is_alphabetic()
            && is_cjk(c) == cjk
        {
            end += c.len_utf8();
        }
        Some((end, self.text[pos..end].to_lowercase()))
    }

    /// The end of the word at `pos` when it is in `table`; the word may be glued to a number
    /// (`Task1`, `任务1`).
    fn word_in(self, pos: usize, table: &[&str]) -> Option<usize> {
        let (end, word) = self.word_at(pos)?;
        table.contains(&word.as_str()).then_some(end)
    }

    /// The end of the word at `pos` when it is in `table` and is not glued to a Latin letter or
    /// digit.
    fn clean_word_in(self, pos: usize, table: &[&str]) -> Option<usize> {
        self.word_in(pos, table)
            .filter(|&end| !self.peek(end).is_some_and(is_word_char))
    }

    /// The end of the text at `pos` when it matches `phrase` ignoring case, where a space in
    /// `phrase` matches any run of whitespace.
    fn match_phrase(self, pos: usize, phrase: &str) -> Option<usize> {
        let mut end = pos;
        for expected in phrase.chars() {
            if expected == ' ' {
                let next = self.skip_ws(end);
                if next == end {
                    return None;
                }
                end = next;
                continue;
            }
            let c = self.peek(end)?;
            if !c.to_lowercase().eq(expected.to_lowercase()) {
                return None;
            }
            end += c.len_utf8();
        }
        Some(end)
    }

    /// The end of a completion word after `end` (`complete`, `完了`) or `end` itself.
    fn completion_end(self, end: usize) -> usize {
        self.clean_word_in(self.skip_ws(end), COMPLETION_WORDS).unwrap_or(end)
    }

    /// The end of a conjunction word (`and`, `y`, `und`) at `pos`.
    fn conjunction_end(self, pos: usize) -> Option<usize> {
        self.clean_word_in(pos, CONJUNCTION_WORDS)
    }

    /// The end of a condition after an item at `pos` (`if enabled`, `wenn nötig`): the
    /// condition word and the words after it up to the next separator or item.
    fn condition_at(self, pos: usize) -> Option<usize> {
        let word_end = self.clean_word_in(pos, CONDITION_WORDS)?;
        let body = self.skip_ws(word_end);
        (body > word_end).then(|| self.free_text_end(body).max(word_end))
    }

    /// The identifier at `range` as an [`IdRef`].
    fn id_ref(self, range: Range<usize>) -> IdRef {
        IdRef {
            id: self.text[range.clone()].to_string(),
            range,
        }
    }

    /// An identifier, a range of identifiers or a wildcard at `pos`, with its end.
    fn id_or_range_at(self, pos: usize) -> Option<(usize, DepKind)> {
        let left = scan_id(self.text, pos)?;
        if let Some(phase_end) = left.wildcard_phase_end {
            let phase = self.text[pos..phase_end].to_string();
            return Some((left.end, DepKind::PhaseTasks { phase }));
        }
        let from = self.id_ref(pos..left.end);
        match self.range_end_at(pos, left) {
            Some(to) => Some((to.range.end, DepKind::Range { from, to })),
            None => Some((left.end, DepKind::Task(from))),
        }
    }

    /// The last identifier of a range whose first identifier starts at `left_start`: a dash or
    /// range word, then an identifier of the same shape (`2.1-2.4`, `T008–T020b`, `2.1 to 2.4`).
    fn range_end_at(self, left_start: usize, left: IdScan) -> Option<IdRef> {
        let sep = self.skip_ws(left.end);
        let c = self.peek(sep)?;
        let sep_end = if RANGE_DASHES.contains(&c) {
            sep + c.len_utf8()
        } else {
            let end = self.clean_word_in(sep, RANGE_WORDS)?;
            if sep == left.end || !self.peek(end).is_some_and(char::is_whitespace) {
                return None;
            }
            end
        };
        let mut start = self.skip_ws(sep_end);
        if scan_id(self.text, start).is_none()
            && let Some(word_end) = self.word_in(start, TASK_WORDS)
        {
            start = self.skip_ws(word_end);
        }
        if self.peek(start) == Some('#') {
            start += 1;
        }
        let right = scan_id(self.text, start)?;
        let left_prefix = &self.text[left_start..left_start + left.prefix_len];
        let right_prefix = &self.text[start..start + right.prefix_len];
        let same_shape = right.wildcard_phase_end.is_none()
            && right.parts == left.parts
            && left_prefix.eq_ignore_ascii_case(right_prefix);
        same_shape.then(|| self.id_ref(start..right.end))
    }

    /// The end of a phase number at `pos`: digits (`2`) or a roman numeral (`II`).
    fn phase_number_end(self, pos: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let mut end = pos;
        if at(pos).is_ascii_digit() {
            while at(end).is_ascii_digit() {
                end += 1;
            }
        } else {
            while matches!(at(end), b'I' | b'V' | b'X' | b'L' | b'C') {
                end += 1;
            }
        }
        let glued = self.peek(end).is_some_and(is_word_char)
            || (at(end) == b'.' && self.peek(end + 1).is_some_and(is_word_char));
        (end > pos && !glued).then_some(end)
    }

    /// The second number of a phase range after the first number ends at `first_end`
    /// (`Phases 1-3`, `Phase 1 to Phase 3`), as its range.
    fn phase_range_end(self, first_end: usize) -> Option<Range<usize>> {
        let sep = self.skip_ws(first_end);
        let c = self.peek(sep)?;
        let sep_end = if RANGE_DASHES.contains(&c) {
            sep + c.len_utf8()
        } else if sep > first_end
            && let Some(end) = self.clean_word_in(sep, RANGE_WORDS)
        {
            end
        } else {
            return None;
        };
        let mut start = self.skip_ws(sep_end);
        if let Some(word_end) = self.word_in(start, PHASE_WORDS) {
            start = self.skip_ws(word_end);
        }
        let end = self.phase_number_end(start)?;
        Some(start..end)
    }

    /// A phase item at `pos`: `Phase 2`, `Phase 2 complete`, `Phase 2 tasks`, `Fase 1 completa`,
    /// `フェーズ1完了`, `Phases 1-3`, `Phase 2.x`.
    fn phase_item_at(self, pos: usize) -> Option<Parsed> {
        let word_end = self.word_in(pos, PHASE_WORDS)?;
        let number = self.skip_ws(word_end);
        let (mut end, kinds) = if let Some(number_end) = self.phase_number_end(number) {
            let from = &self.text[number..number_end];
            match self.phase_range_end(number_end) {
                Some(to) => (to.end, expand_phase_range(from, &self.text[to])),
                None => (
                    number_end,
                    vec![DepKind::Phase {
                        phase: from.to_string(),
                    }],
                ),
            }
        } else {
            let id = scan_id(self.text, number)?;
            let phase = self.text[number..id.wildcard_phase_end?].to_string();
            (id.end, vec![DepKind::PhaseTasks { phase }])
        };
        if let Some(task_end) = self.clean_word_in(self.skip_ws(end), TASK_WORDS) {
            let after = self.skip_ws(task_end);
            if scan_id(self.text, after).is_none() && self.peek(after) != Some('#') {
                end = task_end;
            }
        }
        Some(Parsed {
            start: pos,
            end: self.completion_end(end),
            kinds,
        })
    }

    /// A task item at `pos`: a task word, an optional `#`, then an identifier, range or wildcard
    /// (`Task 1.1`, `Tasks 2.1-2.4`, `Task 2.x`, `Story #519`, `任务1`).
    fn task_item_at(self, pos: usize) -> Option<Parsed> {
        let word_end = self.word_in(pos, TASK_WORDS)?;
        let mut id = self.skip_ws_and_decoration(word_end);
        if self.peek(id) == Some('#') {
            id = self.skip_ws(id + 1);
        }
        let (end, kind) = self.id_or_range_at(id)?;
        Some(Parsed {
            start: pos,
            end: self.completion_end(end),
            kinds: vec![kind],
        })
    }

    /// A hash item at `pos`: `#7.1`, `#521`.
    fn hash_item_at(self, pos: usize) -> Option<Parsed> {
        if self.peek(pos) != Some('#') {
            return None;
        }
        let (end, kind) = self.id_or_range_at(pos + 1)?;
        Some(Parsed {
            start: pos,
            end: self.completion_end(end),
            kinds: vec![kind],
        })
    }

    /// An item that is recognised even inside prose: a task word, `#` or `[` before an
    /// identifier, or a phase word before a phase number.
    fn strong_item_at(self, pos: usize) -> Option<Parsed> {
        let mut start = pos;
        let mut bracketed = false;
        while let Some(c) = self.peek(start)
            && matches!(c, '[' | '*' | '`' | '_')
        {
            bracketed |= c == '[';
            start += 1;
        }
        self.task_item_at(start)
            .or_else(|| self.hash_item_at(start))
            .or_else(|| self.phase_item_at(start))
            .or_else(|| {
                bracketed
                    .then(|| self.bare_item_at(start, ListWord::Task, true))
                    .flatten()
            })
    }

    /// A group at `pos`: `All previous phases`, `all prior tasks`, `Todas las fases anteriores`,
    /// `fases anteriores`, `All implementation tasks`, `Alle Core-Tasks`, `All Phase 2 tasks`,
    /// `All tasks in Phase 2`, `Alle Tasks`, `모든 이전 태스크`, `全タスク完了後`, `全テスト完了`.
    fn group_at(self, pos: usize) -> Option<Parsed> {
        if let Some(group) = self.cjk_group_at(pos) {
            return Some(group);
        }
        let Some(all_end) = self.clean_word_in(pos, ALL_WORDS) else {
            // `previous tasks`, `fases anteriores`: a group without "all".
            let (end, kind) = self.previous_pair_at(pos)?;
            return Some(Parsed {
                start: pos,
                end: self.completion_end(end),
                kinds: vec![kind],
            });
        };
        let mut first = self.skip_ws(all_end);
        if first == all_end {
            return None;
        }
        if let Some(article_end) = self.clean_word_in(first, ARTICLE_WORDS) {
            let next = self.skip_ws(article_end);
            if next > article_end {
                first = next;
            }
        }
        if let Some(phase) = self.phase_item_at(first) {
            return Some(Parsed { start: pos, ..phase });
        }
        if let Some((end, kind)) = self.previous_pair_at(first) {
            return Some(Parsed {
                start: pos,
                end: self.completion_end(end),
                kinds: vec![kind],
            });
        }
        let (first_end, first_word) = self.word_at(first)?;
        let is = |word: &str, table: &[&str]| table.contains(&word);
        // `Alle Core-Tasks`: a type or area word joined to the task word.
        if self.peek(first_end) == Some('-')
            && let Some(task_end) = self.clean_word_in(first_end + 1, TASK_WORDS)
            && self.is_type_word(first, &first_word)
        {
            return Some(Parsed {
                start: pos,
                end: self.completion_end(task_end),
                kinds: vec![DepKind::AllOfType {
                    type_name: self.text[first..first_end].to_string(),
                }],
            });
        }
        if self.peek(first_end).is_some_and(is_word_char) {
            return None;
        }
        let second = self.skip_ws(first_end);
        let second_word = self
            .word_at(second)
            .filter(|&(end, _)| second > first_end && !self.peek(end).is_some_and(is_word_char));
        if is(&first_word, TASK_WORDS) {
            if let Some((second_end, w2)) = &second_word {
                if is(w2, PREVIOUS_WORDS) {
                    return Some(Parsed {
                        start: pos,
                        end: self.completion_end(*second_end),
                        kinds: vec![DepKind::AllPreviousTasks],
                    });
                }
                if is(w2, PREPOSITION_WORDS) {
                    let phase = self.phase_item_at(self.skip_ws(*second_end))?;
                    return Some(Parsed { start: pos, ..phase });
                }
            }
            // `Alle Tasks`, `all tasks complete`: every task before this one.
            let end = self.completion_end(first_end);
            return self.ends_item(end).then_some(Parsed {
                start: pos,
                end,
                kinds: vec![DepKind::AllPreviousTasks],
            });
        }
        let (second_end, w2) = second_word?;
        let kind = if is(&first_word, PHASE_WORDS) && is(&w2, PREVIOUS_WORDS) {
            DepKind::AllPreviousPhases
        } else if is(&w2, TASK_WORDS) && self.is_type_word(first, &first_word) {
            DepKind::AllOfType {
                type_name: self.text[first..first_end].to_string(),
            }
        } else {
            return None;
        };
        Some(Parsed {
            start: pos,
            end: self.completion_end(second_end),
            kinds: vec![kind],
        })
    }

    /// A "previous" word and a task or phase word, in either order, at `pos`: `previous
    /// tasks`, `prior phases`, `fases anteriores`, `이전 태스크`. Returns the end and the group.
    fn previous_pair_at(self, pos: usize) -> Option<(usize, DepKind)> {
        let (first_end, w1) = self.word_at(pos)?;
        if self.peek(first_end).is_some_and(is_word_char) {
            return None;
        }
        let second = self.skip_ws(first_end);
        let (second_end, w2) = self.word_at(second)?;
        if second == first_end || self.peek(second_end).is_some_and(is_word_char) {
            return None;
        }
        let is = |word: &str, table: &[&str]| table.contains(&word);
        let pair = |a: &[&str], b: &[&str]| is(&w1, a) && is(&w2, b) || is(&w1, b) && is(&w2, a);
        if pair(PREVIOUS_WORDS, PHASE_WORDS) {
            Some((second_end, DepKind::AllPreviousPhases))
        } else if pair(PREVIOUS_WORDS, TASK_WORDS) {
            Some((second_end, DepKind::AllPreviousTasks))
        } else {
            None
        }
    }

    /// A group written in a CJK script, its words glued together: an "all" prefix, an optional
    /// "previous", a task or phase word or a type word, and an optional "once complete"
    /// (`全タスク完了後`, `所有任务完成`, `全テスト完了`, `全部阶段`).
    fn cjk_group_at(self, pos: usize) -> Option<Parsed> {
        let first = self.peek(pos)?;
        if !is_cjk(first) {
            return None;
        }
        let mut end = pos;
        while let Some(c) = self.peek(end)
            && is_cjk(c)
        {
            end += c.len_utf8();
        }
        let run = &self.text[pos..end];
        let rest = CJK_ALL_PREFIXES.iter().find_map(|prefix| run.strip_prefix(prefix))?;
        let rest = CJK_COMPLETION_SUFFIXES
            .iter()
            .find_map(|suffix| rest.strip_suffix(suffix))
            .unwrap_or(rest);
        let rest = CJK_PREVIOUS_PREFIXES
            .iter()
            .find_map(|prefix| rest.strip_prefix(prefix))
            .unwrap_or(rest);
        let rest = rest.strip_suffix('の').unwrap_or(rest);
        if rest.is_empty() {
            return None;
        }
        let kind = if TASK_WORDS.contains(&rest) {
            DepKind::AllPreviousTasks
        } else if PHASE_WORDS.contains(&rest) {
            DepKind::AllPreviousPhases
        } else {
            DepKind::AllOfType {
                type_name: rest.to_string(),
            }
        };
        Some(Parsed {
            start: pos,
            end,
            kinds: vec![kind],
        })
    }

    /// True when the lowercase word `word` at `pos` can name a task type in `All <word> tasks`.
    fn is_type_word(self, pos: usize, word: &str) -> bool {
        let reserved = [
            NOT_TYPE_WORDS,
            ALL_WORDS,
            ARTICLE_WORDS,
            PREVIOUS_WORDS,
            TASK_WORDS,
            PHASE_WORDS,
        ];
        !self.peek(pos).is_some_and(is_cjk) && !reserved.iter().any(|table| table.contains(&word))
    }

    /// A bare identifier, range or wildcard at `pos` (`1.2`, `032-034`, `2.x`), or a bare phase
    /// number after a phase item. Unless `permissive`, the item must be followed by the end of
    /// the value, a separator, a note or another item, so numbers in prose are not taken.
    fn bare_item_at(self, pos: usize, list_word: ListWord, permissive: bool) -> Option<Parsed> {
        if list_word == ListWord::Phase
            && let Some(number_end) = self.phase_number_end(pos)
        {
            let end = self.completion_end(number_end);
            if permissive || self.ends_item(end) {
                let phase = self.text[pos..number_end].to_string();
                return Some(Parsed {
                    start: pos,
                    end,
                    kinds: vec![DepKind::Phase { phase }],
                });
            }
        }
        let (end, kind) = self.id_or_range_at(pos)?;
        let end = self.completion_end(end);
        (permissive || self.ends_item(end)).then(|| Parsed {
            start: pos,
            end,
            kinds: vec![kind],
        })
    }

    /// True when what follows `end` lets a bare identifier be a whole item: the end of the value,
    /// a separator, a note, punctuation, a conjunction, or another item.
    fn ends_item(self, end: usize) -> bool {
        let pos = self.skip_ws_and_decoration(end);
        let Some(c) = self.peek(pos) else {
            return true;
        };
        let closes = [
            HARD_SEPARATORS,
            SOFT_SEPARATORS,
            CJK_CONJUNCTIONS,
            OPENING_PARENS,
            CLOSING_PARENS,
            SENTENCE_PUNCTUATION,
            NOTE_DASHES,
            &[':', '：', '#'],
        ];
        closes.iter().any(|table| table.contains(&c))
            || self.conjunction_end(pos).is_some()
            || self.condition_at(pos).is_some()
            || scan_id(self.text, pos).is_some()
            || self.strong_item_at(pos).is_some()
    }

    /// Any item at `pos`: a group, a strong item or a bare identifier.
    fn item_at(self, pos: usize, list_word: ListWord, after_bracket: bool) -> Option<Parsed> {
        self.group_at(pos)
            .or_else(|| self.strong_item_at(pos))
            .or_else(|| self.bare_item_at(pos, list_word, after_bracket))
    }

    /// True when an item starts at `pos`, possibly after whitespace.
    fn item_follows(self, pos: usize) -> bool {
        self.item_at(self.skip_ws(pos), ListWord::Task, false).is_some()
    }

    /// The end of a "no dependencies" word at `pos` (`None`, `n/a`, `なし`, `-`), when nothing
    /// but a note, punctuation or a separator follows it.
    fn none_at(self, pos: usize) -> Option<usize> {
        let mut dashes_end = pos;
        while let Some(c) = self.peek(dashes_end)
            && NOTE_DASHES.contains(&c)
        {
            dashes_end += c.len_utf8();
        }
        if dashes_end > pos && self.ends_none(dashes_end) {
            return Some(dashes_end);
        }
        NONE_PHRASES
            .iter()
            .filter_map(|phrase| self.match_phrase(pos, phrase))
            .filter(|&end| !self.peek(end).is_some_and(char::is_alphanumeric))
            .find(|&end| self.ends_none(end))
    }

    /// True when a "no dependencies" word may end at `end`.
    fn ends_none(self, end: usize) -> bool {
        let pos = self.skip_ws_and_decoration(end);
        let Some(c) = self.peek(pos) else {
            return true;
        };
        let closes = [
            HARD_SEPARATORS,
            OPENING_PARENS,
            CLOSING_PARENS,
            SENTENCE_PUNCTUATION,
            NOTE_DASHES,
        ];
        c == ':' || c == '：' || closes.iter().any(|table| table.contains(&c))
    }

    /// The end of free text starting at `start`, trimmed of trailing whitespace, decoration and
    /// punctuation. Free text runs to a separator or to an item that is recognised inside prose
    /// (`Requires Task 1.1`), skipping over parenthesised groups.
    fn free_text_end(self, start: usize) -> usize {
        let mut pos = start;
        let mut content_end = start;
        while let Some(c) = self.peek(pos) {
            let next = pos + c.len_utf8();
            if HARD_SEPARATORS.contains(&c) {
                break;
            }
            if OPENING_PARENS.contains(&c) {
                pos = self.matching_close(pos);
                continue;
            }
            if pos > start {
                let at_word_start = self.prev(pos).is_some_and(char::is_whitespace);
                let item_here = at_word_start
                    && (self.strong_item_at(pos).is_some()
                        || self.conjunction_end(pos).is_some_and(|end| self.item_follows(end)));
                let joins_item =
                    (SOFT_SEPARATORS.contains(&c) || CJK_CONJUNCTIONS.contains(&c)) && self.item_follows(next);
                if item_here || joins_item {
                    break;
                }
            }
            if !c.is_whitespace() && !DECORATION_CHARS.contains(&c) {
                content_end = next;
            }
            pos = next;
        }
        let mut end = content_end;
        while end > start
            && let Some(c) = self.prev(end)
            && (c.is_whitespace() || DECORATION_CHARS.contains(&c) || TRAILING_PUNCTUATION.contains(&c))
        {
            end -= c.len_utf8();
        }
        end
    }
}

/// The lexer's state while it walks the value from left to right.
struct Lexer<'a, F> {
    scanner: Scanner<'a>,
    pos: usize,
    list: DependencyList,
    list_word: ListWord,
    /// True after an "or" between items: the next item is an alternative to the one before.
    alternative: bool,
    on_trivia: F,
}

/// Lexes `value`, reporting every non-whitespace piece of text outside the items to `on_trivia`.
fn lex(value: &str, on_trivia: impl FnMut(TriviaKind, Range<usize>)) -> DependencyList {
    let mut lexer = Lexer {
        scanner: Scanner { text: value },
        pos: 0,
        list: DependencyList::default(),
        list_word: ListWord::Task,
        alternative: false,
        on_trivia,
    };
    lexer.run();
    lexer.list
}

impl<F: FnMut(TriviaKind, Range<usize>)> Lexer<'_, F> {
    /// Reports a non-empty piece of trivia.
    fn trivia(&mut self, kind: TriviaKind, range: Range<usize>) {
        if !range.is_empty() {
            (self.on_trivia)(kind, range);
        }
    }

    /// True when nothing has been found yet, so a "no dependencies" word may start here.
    fn at_first_item(&self) -> bool {
        self.list.items.is_empty() && self.list.none.is_none()
    }

    /// Walks the value: separators, the "none" word, items and free text, in turn.
    fn run(&mut self) {
        let s = self.scanner;
        loop {
            let after_bracket = self.skip_item_start_trivia();
            let pos = self.pos;
            if pos >= s.text.len() {
                break;
            }
            if let Some(end) = self.separator_at(pos) {
                self.trivia(TriviaKind::Separator, pos..end);
                let word = s.text[pos..end].to_lowercase();
                self.alternative =
                    ALTERNATIVE_WORDS.contains(&word.as_str()) || CJK_ALTERNATIVES.contains(&word.as_str());
                self.pos = end;
            } else if self.at_first_item()
                && let Some(end) = s.none_at(pos)
            {
                self.list.none = Some(pos..end);
                self.pos = end;
                self.after_item();
            } else if let Some(parsed) = s.item_at(pos, self.list_word, after_bracket) {
                self.push(parsed);
            } else {
                self.free_text_item();
            }
        }
    }

    /// The end of a separator at `pos`: a separator char, a conjunction word after an item, or an
    /// ideographic conjunction before an item.
    fn separator_at(&self, pos: usize) -> Option<usize> {
        let s = self.scanner;
        let c = s.peek(pos)?;
        let next = pos + c.len_utf8();
        if HARD_SEPARATORS.contains(&c) || SOFT_SEPARATORS.contains(&c) {
            return Some(next);
        }
        if CJK_CONJUNCTIONS.contains(&c) && s.item_follows(next) {
            return Some(next);
        }
        if let Some(word) = CJK_ALTERNATIVES.iter().find(|w| s.text[pos..].starts_with(**w))
            && !self.at_first_item()
            && s.item_follows(pos + word.len())
        {
            return Some(pos + word.len());
        }
        if self.at_first_item() {
            return None;
        }
        s.conjunction_end(pos)
    }

    /// Skips whitespace, decoration and parentheses before an item; `[]` there is the "none"
    /// value when nothing came before it. Returns whether a `[` was skipped, which lets a bare
    /// identifier follow without the checks for prose (`[029] Setup`).
    fn skip_item_start_trivia(&mut self) -> bool {
        let s = self.scanner;
        let mut after_bracket = false;
        while let Some(c) = s.peek(self.pos) {
            let pos = self.pos;
            let next = pos + c.len_utf8();
            if c.is_whitespace() {
                self.pos = next;
                continue;
            }
            if c == '[' {
                let close = s.skip_ws(next);
                if s.peek(close) == Some(']') {
                    let end = close + 1;
                    self.pos = end;
                    after_bracket = false;
                    if self.at_first_item() {
                        self.list.none = Some(pos..end);
                        self.after_item();
                    } else {
                        self.trivia(TriviaKind::Decoration, pos..end);
                    }
                    continue;
                }
                after_bracket = true;
            }
            if let Some((kind, end)) = s.decoration_at(pos) {
                self.trivia(kind, pos..end);
                self.pos = end;
            } else if OPENING_PARENS.contains(&c) || CLOSING_PARENS.contains(&c) {
                self.trivia(TriviaKind::Decoration, pos..next);
                self.pos = next;
            } else {
                break;
            }
        }
        after_bracket
    }

    /// Records a recognised item and what follows it.
    fn push(&mut self, parsed: Parsed) {
        self.trivia(TriviaKind::Decoration, self.pos..parsed.start);
        let all_phases = parsed.kinds.iter().all(|kind| matches!(kind, DepKind::Phase { .. }));
        self.list_word = if all_phases { ListWord::Phase } else { ListWord::Task };
        let alternative = std::mem::take(&mut self.alternative);
        for kind in parsed.kinds {
            self.list.items.push(DepItem {
                range: parsed.start..parsed.end,
                kind,
                alternative,
                conditional: false,
            });
        }
        self.pos = parsed.end;
        self.after_item();
    }

    /// Records free text as an unresolved item, or a lone punctuation char as trivia.
    fn free_text_item(&mut self) {
        let s = self.scanner;
        let start = self.pos;
        let end = s.free_text_end(start);
        if end > start {
            self.list.items.push(DepItem {
                range: start..end,
                kind: DepKind::Unresolved,
                alternative: std::mem::take(&mut self.alternative),
                conditional: false,
            });
            self.list_word = ListWord::Task;
            self.pos = end;
            self.after_item();
        } else {
            let next = start + s.peek(start).map_or(1, char::len_utf8);
            self.trivia(TriviaKind::Punctuation, start..next);
            self.pos = next;
        }
    }

    /// Marks the items of the last one's range as holding only under a condition.
    fn mark_conditional(&mut self) {
        let Some(range) = self.list.items.last().map(|item| item.range.clone()) else {
            return;
        };
        for item in self.list.items.iter_mut().rev().take_while(|item| item.range == range) {
            item.conditional = true;
        }
    }

    /// Skips whitespace and decoration, reporting the decoration.
    fn skip_decoration(&mut self) {
        let s = self.scanner;
        loop {
            self.pos = s.skip_ws(self.pos);
            let Some((kind, end)) = s.decoration_at(self.pos) else {
                return;
            };
            self.trivia(kind, self.pos..end);
            self.pos = end;
        }
    }

    /// Skips what may follow an item before the next separator: decoration, notes in
    /// parentheses, `: title` and ` - comment` notes, and sentence punctuation.
    fn after_item(&mut self) {
        let s = self.scanner;
        loop {
            self.skip_decoration();
            let pos = self.pos;
            let Some(c) = s.peek(pos) else {
                return;
            };
            let next = pos + c.len_utf8();
            if OPENING_PARENS.contains(&c) {
                let end = s.matching_close(pos);
                if s.condition_at(s.skip_ws(next)).is_some() {
                    self.mark_conditional();
                }
                self.trivia(TriviaKind::Note, pos..end);
                self.pos = end;
                continue;
            }
            if CLOSING_PARENS.contains(&c) {
                self.trivia(TriviaKind::Punctuation, pos..next);
                self.pos = next;
                continue;
            }
            if let Some(end) = s.condition_at(pos) {
                self.mark_conditional();
                self.trivia(TriviaKind::Note, pos..end);
                self.pos = end;
                continue;
            }
            let colon = c == ':' || c == '：';
            let spaced_dash = NOTE_DASHES.contains(&c)
                && s.prev(pos)
                    .is_some_and(|p| p.is_whitespace() || DECORATION_CHARS.contains(&p))
                && s.peek(next).is_none_or(char::is_whitespace);
            if colon || spaced_dash {
                let body = s.skip_ws(next);
                let body_end = if s.item_follows(body) {
                    body
                } else {
                    s.free_text_end(body)
                };
                if body_end > body {
                    self.trivia(TriviaKind::Note, pos..body_end);
                    self.pos = body_end;
                } else {
                    self.trivia(TriviaKind::Punctuation, pos..next);
                    self.pos = next;
                }
                continue;
            }
            let ends_sentence = s.peek(next).is_none_or(|n| {
                n.is_whitespace()
                    || HARD_SEPARATORS.contains(&n)
                    || CLOSING_PARENS.contains(&n)
                    || DECORATION_CHARS.contains(&n)
            });
            if SENTENCE_PUNCTUATION.contains(&c) && ends_sentence {
                self.trivia(TriviaKind::Punctuation, pos..next);
                self.pos = next;
                continue;
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use std::fmt::Write as _;

    /// Renders an identifier as its text and the text its range slices.
    fn render_id(value: &str, id: &IdRef) -> String {
        format!("{} @ {:?}", id.id, &value[id.range.clone()])
    }

    /// Renders one kind on one line.
    fn render_kind(value: &str, kind: &DepKind) -> String {
        match kind {
            DepKind::Task(id) => format!("Task({})", render_id(value, id)),
            DepKind::Range { from, to } => {
                format!("Range({} .. {})", render_id(value, from), render_id(value, to))
            }
            DepKind::PhaseTasks { phase } => format!("PhaseTasks({phase})"),
            DepKind::AllPreviousPhases => "AllPreviousPhases".to_string(),
            DepKind::AllPreviousTasks => "AllPreviousTasks".to_string(),
            DepKind::AllOfType { type_name } => format!("AllOfType({type_name})"),
            DepKind::Phase { phase } => format!("Phase({phase})"),
            DepKind::Unresolved => "Unresolved".to_string(),
        }
    }

    /// Renders a value, its none range, its items and its notes, in source order.
    fn render(value: &str) -> String {
        let mut notes = Vec::new();
        let list = lex(value, |kind, range| {
            if kind == TriviaKind::Note {
                notes.push(range);
            }
        });
        let mut lines: Vec<(usize, String)> = Vec::new();
        if let Some(none) = &list.none {
            lines.push((none.start, format!("none {:?}", &value[none.clone()])));
        }
        for item in &list.items {
            let text = &value[item.range.clone()];
            let flags = match (item.alternative, item.conditional) {
                (true, true) => " (alternative, conditional)",
                (true, false) => " (alternative)",
                (false, true) => " (conditional)",
                (false, false) => "",
            };
            lines.push((
                item.range.start,
                format!("{} item {text:?}{flags}", render_kind(value, &item.kind)),
            ));
        }
        for note in notes {
            lines.push((note.start, format!("note {:?}", &value[note])));
        }
        lines.sort_by_key(|(start, _)| *start);
        let mut out = format!("{value:?}\n");
        for (_, line) in lines {
            writeln!(out, "    {line}").unwrap();
        }
        out
    }

    /// Every shape of dependency value the module supports, grouped as in the brief.
    const SHAPES: &[&str] = &[
        // No dependencies.
        "None",
        "none.",
        "None (first task)",
        "**None**",
        "None - this is the first task",
        "[]",
        "-",
        "—",
        "n/a",
        "N/A",
        "Ninguna",
        "Ninguno",
        "Aucune",
        "Aucun",
        "Keine",
        "なし",
        "없음",
        "无",
        "無",
        "Nothing",
        "No dependencies",
        "None of the above",
        // Task words and bare identifiers.
        "Task 1.1",
        "Task 1.1, 1.2",
        "Tasks 2.1, 2.2, 2.3",
        "Task 2.1, Task 2.2",
        "Task 1.5 and Task 2.4",
        "Tasks 1.1 & 1.2",
        "Task 1.1; Task 1.3",
        "1.2",
        "4.1, 4.7",
        "1.0",
        "Task 2",
        "Tasks 4, 5, 7",
        "Task 1.1 + Task 1.2",
        // Prefixed identifiers.
        "TASK-001",
        "TASK-025, TASK-027",
        "DEC-001.",
        "RUN-012, API-006.",
        "DEC-004, FND-003.",
        "OIDC-025",
        // Hash identifiers.
        "#7.1",
        "Task #7.1, #7.7, #7.8",
        "Story #519",
        "Stories #521, #523",
        // Bracketed lists.
        "[029, 034]",
        "[039]",
        "[T001]",
        "[029] Setup database",
        // Roman-numeral prefixes, suffixes, spec-kit identifiers.
        "Task I-1.1",
        "II-2.3",
        "Task 2.1a",
        "2.1b (partielle)",
        "T005b",
        "T001",
        "T012, T013",
        "T0、T4",
        "T1，T2",
        "A.1, B.2",
        "9.1.1",
        // Notes after an identifier.
        "Task 1.1 (ModalStore)",
        "Tarea 1.4 (migración de datos)",
        "Task 2.x (all API endpoints)",
        "Task 1 (logger already configured)",
        "Task 1.1 (ModalStore), Task 1.2 (API, client)",
        "Task 1.1: database schema",
        "Task 1.1 - database schema, Task 1.2",
        "Task 1.1 (unclosed note, Task 1.2",
        "Design (v2, Task 1.2",
        // Ranges.
        "Tasks 2.1-2.4",
        "Tasks 032-034",
        "032-034",
        "T008–T020b",
        "2.1 to 2.4",
        "Tasks 2.1 through 2.4",
        "TASK-001-TASK-003",
        "Tasks 2.1 - 2.4",
        "2.1-3",
        "Tareas 2.1 a 2.4",
        // Wildcards.
        "Task 2.x",
        "2.X",
        "Tasks 2.*",
        "Phase 2 tasks",
        "All Phase 2 tasks",
        "Phase 2.x",
        // Groups and phases.
        "All previous phases",
        "All previous tasks",
        "All prior tasks",
        "all prior phases",
        "All implementation tasks",
        "all testing tasks",
        "All the previous tasks",
        "All P0 tasks",
        "All other tasks",
        "All tasks in Phase 2",
        "All previous phases complete",
        "Phase 2 complete",
        "Phase 1 complete",
        "Phase 2 (React Native Setup)",
        "Phase 2: React Native Setup",
        "Fase 1 completa",
        "Fase 2 completa",
        "Phase I",
        "Phases 1, 2",
        "Phase I, II",
        "Phases 1-3",
        "Phases 1-300",
        "Phase 1 and Task 2.1",
        "Todas las fases anteriores (1-9)",
        "Toutes les phases précédentes",
        "Alle vorherigen Phasen",
        "Étape 2 terminée",
        // Localised task and phase words.
        "Tarea 2.3",
        "Tareas 1.1 y 1.2",
        "Tâche 1.1 et 1.2",
        "Aufgabe 1.1 und 1.2",
        "Aufgaben 3, 4",
        "タスク1.2、タスク1.3",
        "タスク 1.2",
        "任务1",
        "任务1和任务2",
        "任務3",
        "태스크 1.2",
        "작업 1.2 및 1.3",
        "フェーズ1完了",
        "阶段2",
        "단계 3",
        "任务1完成",
        // Markdown decoration.
        "**Task 1.1**",
        "`1.2`",
        "[Task 1.1](#task-11)",
        "[Task 1.1](#task-11), [Task 1.2](#task-12)",
        "**Task** 1.1",
        "_Task 2.1_",
        "\"Task 1.1\"",
        // Free text.
        "Batch 2 complete",
        "backend ready",
        "地基已完成",
        "全タスク完了後",
        "Task 7.1, 全テスト完了",
        "모든 이전 태스크",
        "Alle Tasks",
        "Alle Core-Tasks",
        "All previous tasks complete",
        "Phase 2 completion",
        "Phases 1-3 completion",
        "fases anteriores (1-9)",
        "ADV-009 if enabled",
        "OPS-005 or OPS-006, OPS-008",
        "After design review",
        "After design review.",
        "Task 1.1, design sign-off",
        "Requires Node 20",
        "Requires Task 1.1 to be merged",
        "design review and Task 1.2",
        "R&D review",
        "20 minutes after launch",
        "see #12",
        "[Design doc](https://example.com/a,b)",
        "Design (v2) review",
        "(see Task 1.1)",
        "1.2/1.3",
        "Blocked by: Task 1.1",
        "None, Task 1.1",
    ];

    #[test]
    fn shapes() {
        let mut out = String::new();
        for value in SHAPES {
            out.push_str(&render(value));
        }
        expect![[r##"
            "None"
                none "None"
            "none."
                none "none"
            "None (first task)"
                none "None"
                note "(first task)"
            "**None**"
                none "None"
            "None - this is the first task"
                none "None"
                note "- this is the first task"
            "[]"
                none "[]"
            "-"
                none "-"
            "—"
                none "—"
            "n/a"
                none "n/a"
            "N/A"
                none "N/A"
            "Ninguna"
                none "Ninguna"
            "Ninguno"
                none "Ninguno"
            "Aucune"
                none "Aucune"
            "Aucun"
                none "Aucun"
            "Keine"
                none "Keine"
            "なし"
                none "なし"
            "없음"
                none "없음"
            "无"
                none "无"
            "無"
                none "無"
            "Nothing"
                none "Nothing"
            "No dependencies"
                none "No dependencies"
            "None of the above"
                Unresolved item "None of the above"
            "Task 1.1"
                Task(1.1 @ "1.1") item "Task 1.1"
            "Task 1.1, 1.2"
                Task(1.1 @ "1.1") item "Task 1.1"
                Task(1.2 @ "1.2") item "1.2"
            "Tasks 2.1, 2.2, 2.3"
                Task(2.1 @ "2.1") item "Tasks 2.1"
                Task(2.2 @ "2.2") item "2.2"
                Task(2.3 @ "2.3") item "2.3"
            "Task 2.1, Task 2.2"
                Task(2.1 @ "2.1") item "Task 2.1"
                Task(2.2 @ "2.2") item "Task 2.2"
            "Task 1.5 and Task 2.4"
                Task(1.5 @ "1.5") item "Task 1.5"
                Task(2.4 @ "2.4") item "Task 2.4"
            "Tasks 1.1 & 1.2"
                Task(1.1 @ "1.1") item "Tasks 1.1"
                Task(1.2 @ "1.2") item "1.2"
            "Task 1.1; Task 1.3"
                Task(1.1 @ "1.1") item "Task 1.1"
                Task(1.3 @ "1.3") item "Task 1.3"
            "1.2"
                Task(1.2 @ "1.2") item "1.2"
            "4.1, 4.7"
                Task(4.1 @ "4.1") item "4.1"
                Task(4.7 @ "4.7") item "4.7"
            "1.0"
                Task(1.0 @ "1.0") item "1.0"
            "Task 2"
                Task(2 @ "2") item "Task 2"
            "Tasks 4, 5, 7"
                Task(4 @ "4") item "Tasks 4"
                Task(5 @ "5") item "5"
                Task(7 @ "7") item "7"
            "Task 1.1 + Task 1.2"
                Task(1.1 @ "1.1") item "Task 1.1"
                Task(1.2 @ "1.2") item "Task 1.2"
            "TASK-001"
                Task(TASK-001 @ "TASK-001") item "TASK-001"
            "TASK-025, TASK-027"
                Task(TASK-025 @ "TASK-025") item "TASK-025"
                Task(TASK-027 @ "TASK-027") item "TASK-027"
            "DEC-001."
                Task(DEC-001 @ "DEC-001") item "DEC-001"
            "RUN-012, API-006."
                Task(RUN-012 @ "RUN-012") item "RUN-012"
                Task(API-006 @ "API-006") item "API-006"
            "DEC-004, FND-003."
                Task(DEC-004 @ "DEC-004") item "DEC-004"
                Task(FND-003 @ "FND-003") item "FND-003"
            "OIDC-025"
                Task(OIDC-025 @ "OIDC-025") item "OIDC-025"
            "#7.1"
                Task(7.1 @ "7.1") item "#7.1"
            "Task #7.1, #7.7, #7.8"
                Task(7.1 @ "7.1") item "Task #7.1"
                Task(7.7 @ "7.7") item "#7.7"
                Task(7.8 @ "7.8") item "#7.8"
            "Story #519"
                Task(519 @ "519") item "Story #519"
            "Stories #521, #523"
                Task(521 @ "521") item "Stories #521"
                Task(523 @ "523") item "#523"
            "[029, 034]"
                Task(029 @ "029") item "029"
                Task(034 @ "034") item "034"
            "[039]"
                Task(039 @ "039") item "039"
            "[T001]"
                Task(T001 @ "T001") item "T001"
            "[029] Setup database"
                Task(029 @ "029") item "029"
                Unresolved item "Setup database"
            "Task I-1.1"
                Task(I-1.1 @ "I-1.1") item "Task I-1.1"
            "II-2.3"
                Task(II-2.3 @ "II-2.3") item "II-2.3"
            "Task 2.1a"
                Task(2.1a @ "2.1a") item "Task 2.1a"
            "2.1b (partielle)"
                Task(2.1b @ "2.1b") item "2.1b"
                note "(partielle)"
            "T005b"
                Task(T005b @ "T005b") item "T005b"
            "T001"
                Task(T001 @ "T001") item "T001"
            "T012, T013"
                Task(T012 @ "T012") item "T012"
                Task(T013 @ "T013") item "T013"
            "T0、T4"
                Task(T0 @ "T0") item "T0"
                Task(T4 @ "T4") item "T4"
            "T1，T2"
                Task(T1 @ "T1") item "T1"
                Task(T2 @ "T2") item "T2"
            "A.1, B.2"
                Task(A.1 @ "A.1") item "A.1"
                Task(B.2 @ "B.2") item "B.2"
            "9.1.1"
                Task(9.1.1 @ "9.1.1") item "9.1.1"
            "Task 1.1 (ModalStore)"
                Task(1.1 @ "1.1") item "Task 1.1"
                note "(ModalStore)"
            "Tarea 1.4 (migración de datos)"
                Task(1.4 @ "1.4") item "Tarea 1.4"
                note "(migración de datos)"
            "Task 2.x (all API endpoints)"
                PhaseTasks(2) item "Task 2.x"
                note "(all API endpoints)"
            "Task 1 (logger already configured)"
                Task(1 @ "1") item "Task 1"
                note "(logger already configured)"
            "Task 1.1 (ModalStore), Task 1.2 (API, client)"
                Task(1.1 @ "1.1") item "Task 1.1"
                note "(ModalStore)"
                Task(1.2 @ "1.2") item "Task 1.2"
                note "(API, client)"
            "Task 1.1: database schema"
                Task(1.1 @ "1.1") item "Task 1.1"
                note ": database schema"
            "Task 1.1 - database schema, Task 1.2"
                Task(1.1 @ "1.1") item "Task 1.1"
                note "- database schema"
                Task(1.2 @ "1.2") item "Task 1.2"
            "Task 1.1 (unclosed note, Task 1.2"
                Task(1.1 @ "1.1") item "Task 1.1"
                note "(unclosed note"
                Task(1.2 @ "1.2") item "Task 1.2"
            "Design (v2, Task 1.2"
                Unresolved item "Design"
                note "(v2"
                Task(1.2 @ "1.2") item "Task 1.2"
            "Tasks 2.1-2.4"
                Range(2.1 @ "2.1" .. 2.4 @ "2.4") item "Tasks 2.1-2.4"
            "Tasks 032-034"
                Range(032 @ "032" .. 034 @ "034") item "Tasks 032-034"
            "032-034"
                Range(032 @ "032" .. 034 @ "034") item "032-034"
            "T008–T020b"
                Range(T008 @ "T008" .. T020b @ "T020b") item "T008–T020b"
            "2.1 to 2.4"
                Range(2.1 @ "2.1" .. 2.4 @ "2.4") item "2.1 to 2.4"
            "Tasks 2.1 through 2.4"
                Range(2.1 @ "2.1" .. 2.4 @ "2.4") item "Tasks 2.1 through 2.4"
            "TASK-001-TASK-003"
                Range(TASK-001 @ "TASK-001" .. TASK-003 @ "TASK-003") item "TASK-001-TASK-003"
            "Tasks 2.1 - 2.4"
                Range(2.1 @ "2.1" .. 2.4 @ "2.4") item "Tasks 2.1 - 2.4"
            "2.1-3"
                Task(2.1 @ "2.1") item "2.1"
                Unresolved item "-3"
            "Tareas 2.1 a 2.4"
                Range(2.1 @ "2.1" .. 2.4 @ "2.4") item "Tareas 2.1 a 2.4"
            "Task 2.x"
                PhaseTasks(2) item "Task 2.x"
            "2.X"
                PhaseTasks(2) item "2.X"
            "Tasks 2.*"
                PhaseTasks(2) item "Tasks 2.*"
            "Phase 2 tasks"
                Phase(2) item "Phase 2 tasks"
            "All Phase 2 tasks"
                Phase(2) item "All Phase 2 tasks"
            "Phase 2.x"
                PhaseTasks(2) item "Phase 2.x"
            "All previous phases"
                AllPreviousPhases item "All previous phases"
            "All previous tasks"
                AllPreviousTasks item "All previous tasks"
            "All prior tasks"
                AllPreviousTasks item "All prior tasks"
            "all prior phases"
                AllPreviousPhases item "all prior phases"
            "All implementation tasks"
                AllOfType(implementation) item "All implementation tasks"
            "all testing tasks"
                AllOfType(testing) item "all testing tasks"
            "All the previous tasks"
                AllPreviousTasks item "All the previous tasks"
            "All P0 tasks"
                Unresolved item "All P0 tasks"
            "All other tasks"
                Unresolved item "All other tasks"
            "All tasks in Phase 2"
                Phase(2) item "All tasks in Phase 2"
            "All previous phases complete"
                AllPreviousPhases item "All previous phases complete"
            "Phase 2 complete"
                Phase(2) item "Phase 2 complete"
            "Phase 1 complete"
                Phase(1) item "Phase 1 complete"
            "Phase 2 (React Native Setup)"
                Phase(2) item "Phase 2"
                note "(React Native Setup)"
            "Phase 2: React Native Setup"
                Phase(2) item "Phase 2"
                note ": React Native Setup"
            "Fase 1 completa"
                Phase(1) item "Fase 1 completa"
            "Fase 2 completa"
                Phase(2) item "Fase 2 completa"
            "Phase I"
                Phase(I) item "Phase I"
            "Phases 1, 2"
                Phase(1) item "Phases 1"
                Phase(2) item "2"
            "Phase I, II"
                Phase(I) item "Phase I"
                Phase(II) item "II"
            "Phases 1-3"
                Phase(1) item "Phases 1-3"
                Phase(2) item "Phases 1-3"
                Phase(3) item "Phases 1-3"
            "Phases 1-300"
                Unresolved item "Phases 1-300"
            "Phase 1 and Task 2.1"
                Phase(1) item "Phase 1"
                Task(2.1 @ "2.1") item "Task 2.1"
            "Todas las fases anteriores (1-9)"
                AllPreviousPhases item "Todas las fases anteriores"
                note "(1-9)"
            "Toutes les phases précédentes"
                AllPreviousPhases item "Toutes les phases précédentes"
            "Alle vorherigen Phasen"
                AllPreviousPhases item "Alle vorherigen Phasen"
            "Étape 2 terminée"
                Phase(2) item "Étape 2 terminée"
            "Tarea 2.3"
                Task(2.3 @ "2.3") item "Tarea 2.3"
            "Tareas 1.1 y 1.2"
                Task(1.1 @ "1.1") item "Tareas 1.1"
                Task(1.2 @ "1.2") item "1.2"
            "Tâche 1.1 et 1.2"
                Task(1.1 @ "1.1") item "Tâche 1.1"
                Task(1.2 @ "1.2") item "1.2"
            "Aufgabe 1.1 und 1.2"
                Task(1.1 @ "1.1") item "Aufgabe 1.1"
                Task(1.2 @ "1.2") item "1.2"
            "Aufgaben 3, 4"
                Task(3 @ "3") item "Aufgaben 3"
                Task(4 @ "4") item "4"
            "タスク1.2、タスク1.3"
                Task(1.2 @ "1.2") item "タスク1.2"
                Task(1.3 @ "1.3") item "タスク1.3"
            "タスク 1.2"
                Task(1.2 @ "1.2") item "タスク 1.2"
            "任务1"
                Task(1 @ "1") item "任务1"
            "任务1和任务2"
                Task(1 @ "1") item "任务1"
                Task(2 @ "2") item "任务2"
            "任務3"
                Task(3 @ "3") item "任務3"
            "태스크 1.2"
                Task(1.2 @ "1.2") item "태스크 1.2"
            "작업 1.2 및 1.3"
                Task(1.2 @ "1.2") item "작업 1.2"
                Task(1.3 @ "1.3") item "1.3"
            "フェーズ1完了"
                Phase(1) item "フェーズ1完了"
            "阶段2"
                Phase(2) item "阶段2"
            "단계 3"
                Phase(3) item "단계 3"
            "任务1完成"
                Task(1 @ "1") item "任务1完成"
            "**Task 1.1**"
                Task(1.1 @ "1.1") item "Task 1.1"
            "`1.2`"
                Task(1.2 @ "1.2") item "1.2"
            "[Task 1.1](#task-11)"
                Task(1.1 @ "1.1") item "Task 1.1"
            "[Task 1.1](#task-11), [Task 1.2](#task-12)"
                Task(1.1 @ "1.1") item "Task 1.1"
                Task(1.2 @ "1.2") item "Task 1.2"
            "**Task** 1.1"
                Task(1.1 @ "1.1") item "Task** 1.1"
            "_Task 2.1_"
                Task(2.1 @ "2.1") item "Task 2.1"
            "\"Task 1.1\""
                Task(1.1 @ "1.1") item "Task 1.1"
            "Batch 2 complete"
                Phase(2) item "Batch 2 complete"
            "backend ready"
                Unresolved item "backend ready"
            "地基已完成"
                Unresolved item "地基已完成"
            "全タスク完了後"
                AllPreviousTasks item "全タスク完了後"
            "Task 7.1, 全テスト完了"
                Task(7.1 @ "7.1") item "Task 7.1"
                AllOfType(テスト) item "全テスト完了"
            "모든 이전 태스크"
                AllPreviousTasks item "모든 이전 태스크"
            "Alle Tasks"
                AllPreviousTasks item "Alle Tasks"
            "Alle Core-Tasks"
                AllOfType(Core) item "Alle Core-Tasks"
            "All previous tasks complete"
                AllPreviousTasks item "All previous tasks complete"
            "Phase 2 completion"
                Phase(2) item "Phase 2 completion"
            "Phases 1-3 completion"
                Phase(1) item "Phases 1-3 completion"
                Phase(2) item "Phases 1-3 completion"
                Phase(3) item "Phases 1-3 completion"
            "fases anteriores (1-9)"
                AllPreviousPhases item "fases anteriores"
                note "(1-9)"
            "ADV-009 if enabled"
                Task(ADV-009 @ "ADV-009") item "ADV-009" (conditional)
                note "if enabled"
            "OPS-005 or OPS-006, OPS-008"
                Task(OPS-005 @ "OPS-005") item "OPS-005"
                Task(OPS-006 @ "OPS-006") item "OPS-006" (alternative)
                Task(OPS-008 @ "OPS-008") item "OPS-008"
            "After design review"
                Unresolved item "After design review"
            "After design review."
                Unresolved item "After design review"
            "Task 1.1, design sign-off"
                Task(1.1 @ "1.1") item "Task 1.1"
                Unresolved item "design sign-off"
            "Requires Node 20"
                Unresolved item "Requires Node 20"
            "Requires Task 1.1 to be merged"
                Unresolved item "Requires"
                Task(1.1 @ "1.1") item "Task 1.1"
                Unresolved item "to be merged"
            "design review and Task 1.2"
                Unresolved item "design review"
                Task(1.2 @ "1.2") item "Task 1.2"
            "R&D review"
                Unresolved item "R&D review"
            "20 minutes after launch"
                Unresolved item "20 minutes after launch"
            "see #12"
                Unresolved item "see"
                Task(12 @ "12") item "#12"
            "[Design doc](https://example.com/a,b)"
                Unresolved item "Design doc"
            "Design (v2) review"
                Unresolved item "Design (v2) review"
            "(see Task 1.1)"
                Unresolved item "see"
                Task(1.1 @ "1.1") item "Task 1.1"
            "1.2/1.3"
                Unresolved item "1.2/1.3"
            "Blocked by: Task 1.1"
                Unresolved item "Blocked by"
                Task(1.1 @ "1.1") item "Task 1.1"
            "None, Task 1.1"
                none "None"
                Task(1.1 @ "1.1") item "Task 1.1"
        "##]]
        .assert_eq(&out);
    }

    #[test]
    fn task_ids() {
        let accepted = [
            "1", "1.2", "2.1a", "A.1", "I-1.2", "II-2.3", "029", "TASK-002", "DEC-001", "T001", "T005b", "9.1.1", "T0",
            "OIDC-025",
        ];
        for id in accepted {
            assert!(is_task_id(id), "{id:?} should be a task ID");
        }
        let rejected = [
            "", "2.x", "2.*", "1.", "Task", "Task-1", "a1", "1.2.", "DEC-", "-1", "1 2", "20px", "v1.2", "#7.1",
            "ABCDE1", "1.2and", "任务1", "１",
        ];
        for id in rejected {
            assert!(!is_task_id(id), "{id:?} should not be a task ID");
        }
    }

    /// Checks the lexer's invariants on `value`: ranges are in bounds, non-empty and on char
    /// boundaries, items come in order, and every non-whitespace char lies in an item, the none
    /// range or a piece of trivia whose text matches its kind.
    fn check_invariants(value: &str) {
        let mut trivia = Vec::new();
        let list = lex(value, |kind, range| trivia.push((kind, range)));
        let mut covered = vec![false; value.len()];
        let mut mark = |range: &Range<usize>, what: &str| {
            assert!(
                range.start < range.end && range.end <= value.len(),
                "{what} {range:?} in {value:?}"
            );
            assert!(
                value.is_char_boundary(range.start),
                "{what} start {range:?} in {value:?}"
            );
            assert!(value.is_char_boundary(range.end), "{what} end {range:?} in {value:?}");
            covered[range.clone()].iter_mut().for_each(|byte| *byte = true);
        };
        if let Some(none) = &list.none {
            mark(none, "none");
        }
        let mut previous_end = 0;
        for item in &list.items {
            mark(&item.range, "item");
            assert!(
                item.range.start >= previous_end
                    || list
                        .items
                        .iter()
                        .any(|other| other.range == item.range && other != item),
                "items out of order in {value:?}: {:?}",
                list.items
            );
            previous_end = item.range.end;
            let ids: Vec<&IdRef> = match &item.kind {
                DepKind::Task(id) => vec![id],
                DepKind::Range { from, to } => vec![from, to],
                _ => vec![],
            };
            for id in ids {
                mark(&id.range, "id");
                assert_eq!(value[id.range.clone()], id.id);
                assert!(item.range.start <= id.range.start && id.range.end <= item.range.end);
            }
        }
        for (kind, range) in &trivia {
            mark(range, "trivia");
            let text = &value[range.clone()];
            let first = text.chars().next().unwrap();
            let ok = match kind {
                TriviaKind::Decoration => text.chars().all(|c| {
                    c.is_whitespace()
                        || DECORATION_CHARS.contains(&c)
                        || OPENING_PARENS.contains(&c)
                        || CLOSING_PARENS.contains(&c)
                }),
                TriviaKind::LinkTarget => text.starts_with("]("),
                TriviaKind::Separator => {
                    let lower = text.trim().to_lowercase();
                    let mut chars = lower.chars();
                    let single = chars.next().filter(|_| chars.next().is_none());
                    single.is_some_and(|c| {
                        HARD_SEPARATORS.contains(&c) || SOFT_SEPARATORS.contains(&c) || CJK_CONJUNCTIONS.contains(&c)
                    }) || CONJUNCTION_WORDS.contains(&lower.as_str())
                        || CJK_ALTERNATIVES.contains(&lower.as_str())
                }
                TriviaKind::Note => {
                    let word = text.split_whitespace().next().unwrap_or("").to_lowercase();
                    OPENING_PARENS.contains(&first)
                        || NOTE_DASHES.contains(&first)
                        || first == ':'
                        || first == '：'
                        || CONDITION_WORDS.contains(&word.as_str())
                }
                TriviaKind::Punctuation => text.chars().all(|c| TRAILING_PUNCTUATION.contains(&c)),
            };
            assert!(ok, "{kind:?} trivia {text:?} in {value:?}");
        }
        for (offset, c) in value.char_indices() {
            assert!(
                c.is_whitespace() || covered[offset],
                "{c:?} at {offset} lost in {value:?}: {list:?}, trivia {trivia:?}"
            );
        }
    }

    #[test]
    fn shapes_keep_every_char_on_char_boundaries() {
        for value in SHAPES {
            check_invariants(value);
        }
    }

    /// Odd inputs that once were, or could be, trouble for a hand-written scanner.
    const ODD_INPUTS: &[&str] = &[
        "",
        " ",
        "\t\n",
        ",",
        ",,,;;",
        "and",
        "and and",
        "Task",
        "Tasks",
        "Task #",
        "#",
        "##",
        "[",
        "]",
        "[[",
        "](",
        "](x",
        "(",
        ")",
        "((",
        "))",
        "()",
        "（",
        "）",
        "*",
        "**",
        "`",
        "_",
        "-",
        "--",
        "- -",
        "-1",
        "1-",
        "1.",
        "1..2",
        "1.2.",
        ".",
        "...",
        ":",
        ": :",
        "::Task 1",
        "2.",
        "2.x.",
        "2.*.*",
        "Task 2.",
        "Phase",
        "Phase -",
        "Phase 1-",
        "Phase 1 to",
        "Phase 99999999999999999999-1",
        "All",
        "All previous",
        "All the",
        "All tasks in",
        "None None",
        "none -",
        "None:",
        "n/",
        "[ ]",
        "[ ] Task 1",
        "Task 1, []",
        "Task 1 -",
        "Task 1 - ",
        "Task 1 —",
        "Task 1 ,",
        "Task 1 、、",
        "任务",
        "任务和",
        "和",
        "和任务1",
        "と",
        "ｘ",
        "é",
        "é1.2",
        "1.2é",
        "1.2 é",
        "😀",
        "Task 😀",
        "😀 Task 1.1 😀",
        "Task 1.1 (😀",
        "\u{301}1",
        "1\u{301}",
        "Ta\u{301}che 1",
        "TASK-",
        "TASK--1",
        "A.",
        "A.B",
        "I-",
        "I-II",
        "T-T",
        "1 to",
        "1 to 2 to 3",
        "1-2-3-4",
        "1–",
        "～1",
        "1〜3",
        "全",
        "全タスク",
        "タスク",
        "タスク完了",
        "フェーズ",
        "フェーズ一",
        "**[`Task 1.1`](#x)**",
        "[**029**, 034]",
        "Task 1.1) Task 1.2",
        "Task 1.1 )",
        "a (b (c) d) e",
        "a ) b ( c",
        "   Task 1.1   ,   1.2   ",
        "1.2\u{3000}1.3",
        "Task\u{a0}1.1",
        "!?",
        "Task 1.1!!",
        "y 1.2",
        "o",
        "and Task 1.1",
        "Task 1.1 and",
        "Task 1.1 and and Task 1.2",
        "1 2 3",
        "Node 20 & 22",
        "C++ and 1.2",
        "1.2 + ",
        "+",
        "&&",
    ];

    #[test]
    fn odd_inputs_keep_every_char() {
        for value in ODD_INPUTS {
            check_invariants(value);
        }
    }

    #[test]
    fn every_prefix_and_suffix_keeps_every_char() {
        for value in SHAPES.iter().chain(ODD_INPUTS) {
            for (offset, _) in value.char_indices() {
                check_invariants(&value[..offset]);
                check_invariants(&value[offset..]);
            }
        }
    }

    #[test]
    fn random_fragment_soups_keep_every_char() {
        const FRAGMENTS: &[&str] = &[
            "Task",
            "Tasks",
            " ",
            " ",
            "1",
            ".",
            "2",
            "x",
            "*",
            "-",
            "–",
            "(",
            ")",
            "[",
            "]",
            "#",
            ",",
            "、",
            "and",
            " y ",
            "None",
            "Phase",
            "All",
            "previous",
            "phases",
            "tasks",
            "任务",
            "タスク",
            "完了",
            "é",
            "T",
            "TASK-",
            "I-",
            "A.",
            "`",
            "**",
            ":",
            " - ",
            "to",
            "😀",
            "complete",
            "a",
            "b",
            "&",
            "+",
            "和",
            "/",
            "\u{301}",
            "（",
            "）",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 12) as usize;
            let value: String = (0..len)
                .map(|_| FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize])
                .collect();
            check_invariants(&value);
        }
    }

    #[test]
    fn long_inputs_stay_fast() {
        let list = "Task 1.1, ".repeat(2000);
        assert_eq!(parse_dependencies(&list).items.len(), 2000);
        let parens = "(".repeat(5000);
        check_invariants(&parens);
        let words = "word Task ".repeat(2000);
        check_invariants(&words);
        let digits = "1".repeat(10_000);
        assert_eq!(parse_dependencies(&digits).items.len(), 1);
    }
}
