//! Hand-written lexers for the short inline strings of a tasks.md: headings, field lines,
//! dependency values and estimates.
//!
//! tree-sitter-md's inline grammar does not reparse incrementally to the same tree as a fresh
//! parse, and these strings are short, so the block tree finds them and these lexers read them.
//! Every lexer takes a `&str` and returns byte ranges relative to that string; none of them fails.

pub mod checklist;
pub mod claim_line;
pub mod claim_words;
pub mod depends;
pub mod estimate;
pub mod fields;
pub mod heading;
pub mod id;
pub mod mention;
pub mod order;
pub mod priority;

/// The offset of the first occurrence of `needle` in `haystack`, as [`str::find`] gives it.
/// The lexers look for dozens of short words in each short line, where building a substring
/// searcher per word costs more than jumping with memchr to each copy of the word's first
/// byte and comparing the rest there.
pub(crate) fn find_short(haystack: &str, needle: &str) -> Option<usize> {
    let (bytes, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, bytes).find(|&at| bytes[at + 1..].starts_with(rest))
}

#[cfg(test)]
mod tests {
    #[test]
    fn find_short_finds_what_str_find_finds() {
        let haystacks = [
            "",
            "a",
            "after after",
            "ab abc",
            "依赖T007, 依赖于T008",
            "xxafter",
            "aaab",
        ];
        let needles = ["", "a", "after", "abc", "依赖于", "依赖", "aab", "b", "zz"];
        for haystack in haystacks {
            for needle in needles {
                assert_eq!(
                    super::find_short(haystack, needle),
                    haystack.find(needle),
                    "{needle:?} in {haystack:?}"
                );
            }
        }
    }
}
