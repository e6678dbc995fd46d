//! Runs tree-sitter-md's block grammar over one segment and holds the compiled queries from
//! `grammars/`.

use std::cell::RefCell;
use std::sync::OnceLock;

use tree_sitter::{Language, Parser, Query, Tree};

/// The block query: which nodes the extractor reads (`grammars/blocks.scm`).
pub const BLOCKS_QUERY_SOURCE: &str = include_str!("../../../grammars/blocks.scm");

/// tree-sitter-md's block grammar.
pub fn language() -> Language {
    tree_sitter_md::LANGUAGE.into()
}

/// The compiled block query. The query is part of the build; a test compiles it, so a broken
/// query fails the test suite rather than a user's editor.
pub fn blocks_query() -> &'static Query {
    static QUERY: OnceLock<Query> = OnceLock::new();
    QUERY.get_or_init(|| match Query::new(&language(), BLOCKS_QUERY_SOURCE) {
        Ok(query) => query,
        Err(error) => panic!("grammars/blocks.scm does not compile: {error}"),
    })
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    if let Err(error) = parser.set_language(&language()) {
        panic!("tree-sitter-md's block grammar does not load: {error}");
    }
    parser
}

/// Parses `text`, reusing `old` (already edited to match `text`) when given.
///
/// tree-sitter only gives up on a parse when a timeout or cancellation flag is set, and none
/// is, so a missing tree cannot happen; should it ever, the text is parsed again from scratch.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        if let Some(tree) = parser.parse(text, old) {
            return tree;
        }
        parser.reset();
        match parser.parse(text, None) {
            Some(tree) => tree,
            None => panic!("tree-sitter returned no tree without a timeout or cancellation"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_in_grammars_compiles() {
        let query = blocks_query();
        for name in ["heading", "code", "checked", "unchecked", "table_row"] {
            assert!(
                query.capture_names().contains(&name),
                "blocks.scm lost the @{name} capture the extractor reads"
            );
        }
    }
}
