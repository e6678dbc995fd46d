//! Finds the points where a markdown text can be cut into independently parsed segments.
//!
//! A split point is the start of an ATX heading line at column 0 that no open multi-line
//! construct can swallow: not inside a fenced code block, an HTML block or the front matter.
//! At such a line every container block (list item, block quote) and every leaf block of a
//! whole-document parse has ended, so parsing the text on either side alone gives the same
//! blocks as parsing the whole. The scanner errs on the side of not splitting: a missed split
//! point costs speed, a wrong one would cost correctness.

/// The scanner's state between lines: which multi-line construct is open, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanState {
    /// No multi-line construct is open; a heading line here is a split point.
    TopLevel,
    /// Inside a fenced code block opened by `len` repetitions of `fence`.
    Fence { fence: u8, len: usize },
    /// Inside an HTML block that ends at a line containing `end`.
    HtmlUntil { end: &'static str },
    /// Inside an HTML block that ends at a blank line.
    HtmlUntilBlank,
}

/// Scans lines one at a time and says which of them start a new segment.
///
/// Where a line's meaning is uncertain (a line starting with `<` may or may not open an HTML
/// block, depending on details of the tag that tree-sitter-md and CommonMark weigh), the
/// scanner follows every reading at once and splits only where all of them are at top level.
#[derive(Clone, Debug)]
pub struct Splitter {
    states: Vec<ScanState>,
}

impl Default for Splitter {
    fn default() -> Self {
        Splitter {
            states: vec![ScanState::TopLevel],
        }
    }
}

impl Splitter {
    /// True when every reading is between constructs, so that a heading line would split.
    pub fn at_top_level(&self) -> bool {
        self.states.iter().all(|state| *state == ScanState::TopLevel)
    }

    /// Feeds one line (with or without its line ending) and returns true when a new segment
    /// starts at the beginning of this line.
    pub fn line(&mut self, line: &str) -> bool {
        let line = line.trim_end_matches(['\n', '\r']);
        if is_atx_heading(line) && self.at_top_level() {
            return true;
        }
        let mut next = Vec::with_capacity(self.states.len() + 1);
        for state in &self.states {
            for new_state in transition(*state, line) {
                if !next.contains(&new_state) {
                    next.push(new_state);
                }
            }
        }
        self.states = next;
        false
    }
}

/// The readings after one line, from one reading before it.
fn transition(state: ScanState, line: &str) -> Vec<ScanState> {
    match state {
        ScanState::TopLevel => {
            if is_atx_heading(line) {
                return vec![ScanState::TopLevel];
            }
            match open_construct(line) {
                ScanState::TopLevel => vec![ScanState::TopLevel],
                fence @ ScanState::Fence { .. } => vec![fence],
                html => vec![html, ScanState::TopLevel],
            }
        }
        ScanState::Fence { fence, len } => {
            if closes_fence(line, fence, len) {
                vec![ScanState::TopLevel]
            } else {
                vec![state]
            }
        }
        ScanState::HtmlUntil { end } => {
            if contains_ignore_ascii_case(line, end) {
                vec![ScanState::TopLevel]
            } else {
                vec![state]
            }
        }
        ScanState::HtmlUntilBlank => {
            // CommonMark's blank line holds only spaces and tabs: a form feed or another
            // Unicode space keeps the HTML block open, as tree-sitter-md reads it.
            if line.trim_matches([' ', '\t']).is_empty() {
                vec![ScanState::TopLevel]
            } else {
                vec![state]
            }
        }
    }
}

/// Returns the byte length of the YAML (`---`) or TOML (`+++`) front matter at the start of
/// `text`, as tree-sitter-md recognises it: an opening line of exactly three dashes (or plus
/// signs), indented by at most three spaces, and a closing line of exactly three followed by a line ending. Unclosed front matter
/// is not front matter. Byte order marks may come before it, and are counted in the length.
pub fn front_matter_len(text: &str) -> Option<usize> {
    front_matter_len_of_lines(LinesWithEnds::new(text))
}

/// [`front_matter_len`] over lines given one at a time (each with its line ending), so that
/// a rope can be read without copying it whole.
pub fn front_matter_len_of_lines<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> Option<usize> {
    let mut lines = lines.into_iter();
    let first = lines.next()?;
    let first = first.as_ref();
    let mut offset = first.len();
    // Byte order marks before the front matter are no part of it (see `document::bom_len`).
    let first = first.trim_start_matches('\u{feff}');
    // tree-sitter-md takes an opening line indented by up to three spaces (not a tab), as
    // CommonMark indents block starts; the closing line starts at the margin.
    let indent = first.len() - first.trim_start_matches(' ').len();
    let first = if indent <= 3 { &first[indent..] } else { first };
    let marker = if first.starts_with("---") {
        "---"
    } else if first.starts_with("+++") {
        "+++"
    } else {
        return None;
    };
    if first.trim_end_matches(['\n', '\r']).trim_end_matches([' ', '\t']) != marker {
        return None;
    }
    for line in lines {
        let line = line.as_ref();
        offset += line.len();
        let has_ending = line.ends_with('\n') || line.ends_with('\r');
        let body = line.trim_end_matches(['\n', '\r']);
        if has_ending && body.starts_with(marker) && body[3..].trim_matches([' ', '\t']).is_empty() {
            return Some(offset);
        }
    }
    None
}

/// True when the fenced code block or HTML block that opens `block` (text that starts at the
/// block's first line and runs to the end of its segment) is still open at the end: the
/// heading line that follows would then belong to it in a whole-document parse. The block's
/// first line is known to be at top level (the parse says so), which spares this reading the
/// uncertainty of [`Splitter`], which cannot know whether an indented line belongs to a list
/// item. Any other first line gives false.
pub fn construct_left_open(block: &str) -> bool {
    let mut lines = LinesWithEnds::new(block);
    let Some(first) = lines.next() else {
        return false;
    };
    let mut state = open_construct(first.trim_end_matches(['\n', '\r']));
    for line in lines {
        if state == ScanState::TopLevel {
            return false;
        }
        let line = line.trim_end_matches(['\n', '\r']);
        state = transition(state, line).first().copied().unwrap_or(ScanState::TopLevel);
    }
    state != ScanState::TopLevel
}

/// Iterates over the lines of a string, each with its line ending (`\n`, `\r\n` or `\r`).
pub struct LinesWithEnds<'a> {
    rest: &'a str,
}

impl<'a> LinesWithEnds<'a> {
    /// Starts iterating at the beginning of `text`.
    pub fn new(text: &'a str) -> Self {
        LinesWithEnds { rest: text }
    }
}

impl<'a> Iterator for LinesWithEnds<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let bytes = self.rest.as_bytes();
        let mut end = bytes.len();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                end = i + 1;
                break;
            }
            if b == b'\r' {
                end = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                break;
            }
        }
        let (line, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(line)
    }
}

/// True for an ATX heading line starting at column 0: one to six `#` followed by a space, a
/// tab or the end of the line.
pub fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

fn leading_spaces(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// Which construct, if any, a top-level line opens that could still be open at a later line.
fn open_construct(line: &str) -> ScanState {
    let indent = leading_spaces(line);
    if indent > 3 {
        return ScanState::TopLevel;
    }
    let rest = &line[indent..];
    for fence in [b'`', b'~'] {
        let len = rest.bytes().take_while(|&b| b == fence).count();
        if len >= 3 {
            let info = &rest[len..];
            if fence == b'`' && info.contains('`') {
                return ScanState::TopLevel;
            }
            return ScanState::Fence { fence, len };
        }
    }
    if rest.starts_with('<') {
        return html_block_state(rest);
    }
    ScanState::TopLevel
}

/// The state after a line that starts with `<` at a block position, following the CommonMark
/// HTML block start conditions; the end condition may already hold on the same line.
fn html_block_state(rest: &str) -> ScanState {
    const RAW_TAGS: [(&str, &str); 4] = [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ];
    let lower_prefix: String = rest.chars().take(12).collect::<String>().to_ascii_lowercase();
    for (open, end) in RAW_TAGS {
        if let Some(after) = lower_prefix.strip_prefix(open)
            && matches!(after.chars().next(), None | Some(' ' | '\t' | '>'))
        {
            return until(rest, end);
        }
    }
    if let Some(after) = rest.strip_prefix("<!--") {
        return until(after, "-->");
    }
    if let Some(after) = rest.strip_prefix("<?") {
        return until(after, "?>");
    }
    if let Some(after) = rest.strip_prefix("<![CDATA[") {
        return until(after, "]]>");
    }
    if rest.starts_with("<!") && rest[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return until(&rest[2..], ">");
    }
    ScanState::HtmlUntilBlank
}

fn until(rest_of_line: &str, end: &'static str) -> ScanState {
    if contains_ignore_ascii_case(rest_of_line, end) {
        ScanState::TopLevel
    } else {
        ScanState::HtmlUntil { end }
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn closes_fence(line: &str, fence: u8, len: usize) -> bool {
    let indent = leading_spaces(line);
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let run = rest.bytes().take_while(|&b| b == fence).count();
    run >= len && rest[run..].trim_matches([' ', '\t']).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_lines(text: &str) -> Vec<usize> {
        let mut splitter = Splitter::default();
        let mut out = Vec::new();
        for (n, line) in LinesWithEnds::new(text).enumerate() {
            if splitter.line(line) {
                out.push(n);
            }
        }
        out
    }

    #[test]
    fn headings_split_outside_constructs() {
        let text = "intro\n# A\ntext\n```\n# not\n```\n## B\n<!--\n# not\n-->\n### C\n    # not\n #### not\n<div>\n# not\n\n# D\n";
        assert_eq!(split_lines(text), vec![1, 6, 10, 16]);
    }

    #[test]
    fn only_spaces_and_tabs_make_the_blank_line_that_ends_an_html_block() {
        let text = "<div>\n\u{c}\n# not\n \t\n# yes\n";
        assert_eq!(split_lines(text), vec![4]);
    }

    #[test]
    fn fences_close_only_with_a_long_enough_run() {
        let text = "````\n```\n# not\n````\n# yes\n~~~\n```\n# not\n~~~ \n# yes\n";
        assert_eq!(split_lines(text), vec![4, 9]);
    }

    #[test]
    fn heading_needs_space_after_hashes() {
        assert!(is_atx_heading("# a"));
        assert!(is_atx_heading("#"));
        assert!(is_atx_heading("###### a"));
        assert!(!is_atx_heading("####### a"));
        assert!(!is_atx_heading("#tag"));
        assert!(!is_atx_heading(" # indented"));
    }

    #[test]
    fn front_matter_must_be_closed_by_a_line_ending() {
        assert_eq!(front_matter_len("---\na: 1\n---\n# h\n"), Some(13));
        assert_eq!(front_matter_len("---\na: 1\n---"), None);
        assert_eq!(front_matter_len("---\n# a\n"), None);
        assert_eq!(front_matter_len("----\na\n---\n"), None);
        assert_eq!(front_matter_len("+++\na\n+++\n"), Some(10));
        // Indented by up to three spaces, as tree-sitter-md reads it (a BOM may come first).
        assert_eq!(front_matter_len("   ---\na\n---\n"), Some(13));
        assert_eq!(front_matter_len("\u{feff} ---\na\n---\n"), Some(14));
        assert_eq!(front_matter_len("    ---\na\n---\n"), None);
        assert_eq!(front_matter_len("\t---\na\n---\n"), None);
    }
}
