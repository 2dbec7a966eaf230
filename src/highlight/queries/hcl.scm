; Highlighting for HCL / Terraform with tree-sitter-hcl, whose crate ships no highlight query.
; Capture names are those of src/highlight/tree.rs (CAPTURES); node names from the grammar's
; node-types.json. Modelled on the captures other grammars use: block types as keywords, labels
; and strings as strings, attribute names and object keys as properties.

(comment) @comment

(block (identifier) @keyword)
(attribute (identifier) @property)
(object_elem key: (expression (variable_expr (identifier) @property)))
(function_call (identifier) @function)
(get_attr (identifier) @property)

(string_lit) @string
(quoted_template) @string
(heredoc_template) @string
(heredoc_start) @string
(heredoc_identifier) @string
(numeric_lit) @number
(bool_lit) @constant.builtin
(null_lit) @constant.builtin

(template_interpolation_start) @punctuation.special
(template_interpolation_end) @punctuation.special

["for" "endfor" "in" "if" "else" "endif"] @keyword

["=" "==" "!=" "<" "<=" ">" ">=" "+" "-" "*" "/" "%" "&&" "||" "!" "=>" "?"] @operator
