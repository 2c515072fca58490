/* answer.h — the answers of the language server that read only a loaded policy: hover
 * text, completion, the outline, rename checks, and the protocol's ranges. server.c
 * finds the model, the file and the offset, and sends what these build. Every json_t
 * returned is a new reference (the caller's); every char * is the caller's to free. */
#ifndef POL_LSP_ANSWER_H
#define POL_LSP_ANSWER_H

#include <jansson.h>

#include "lsp/index.h"

/* An LSP Range from 0-based lines and UTF-16 columns, or from a byte span of f. */
json_t *pol_lsp_range(long l0, long c0, long l1, long c1);
json_t *pol_lsp_span_range(const pol_file *f, size_t b, size_t e);

/* Markdown for what o names: number, title, kind, level, visibility, roles … */
char *pol_lsp_hover(const pol_occ *o);

/* What the directive keyword or attribute name at byte at of a directive line (n
 * bytes) means, as Markdown, and its span [*b, *e) in the line; NULL elsewhere. */
char *pol_lsp_hover_word(const char *line, size_t n, size_t at, size_t *b, size_t *e);

/* Completion items (an array) at byte off of text, on 0-based line `line` starting at
 * byte ls, in document doc (or NULL); m may be NULL (a file outside any loaded policy:
 * directives and attribute names only). */
json_t *pol_lsp_complete(const pol_model *m, const char *text, size_t ls, size_t off, long line,
                         const pol_node *doc);
/* The document that byte off of f stands in: that of the last node above it, or NULL. */
const pol_node *pol_lsp_doc_at(const pol_model *m, const pol_file *f, size_t off);

/* The DocumentSymbol tree of f: its nodes with their numbers, then its roles,
 * parameters and glossary terms. */
json_t *pol_lsp_symbols(const pol_model *m, const pol_file *f);
/* The SymbolKind of a node. */
int pol_lsp_symbol_kind(const pol_node *n);

/* Why what o names cannot be renamed to name (not an id, taken, or a bare reference
 * from another document would then name another node), or NULL when it can. */
const char *pol_lsp_rename_clash(const pol_index *x, const pol_occ *o, const char *name);

#endif
