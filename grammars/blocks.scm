; Block structure that tasklens reads from tree-sitter-md's block grammar.
; Each capture names what the extractor does with the node; see
; server/tasklens-analysis/src/extract.rs.

(atx_heading) @heading

; Text inside these is code or markup: identifiers in it are mentions, never fields.
(fenced_code_block) @code
(indented_code_block) @code
(html_block) @code
(minus_metadata) @code
(plus_metadata) @code

; Checkboxes: `- [ ] text` and `- [x] text`.
(list_item (task_list_marker_checked) @checked)
(list_item (task_list_marker_unchecked) @unchecked)

; Table rows, header included.
(pipe_table_header) @table_row
(pipe_table_row) @table_row
