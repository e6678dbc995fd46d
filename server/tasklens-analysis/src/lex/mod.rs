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
