/* index.h — what stands where in a loaded policy, for the editor server.
 *
 * The model knows every definition and every resolved reference by pointer, and
 * where each was written (spans). The index turns that into a table per file of
 * occurrences — a byte range, what it names, whether it is the definition — sorted
 * by position, so that "what is under the cursor", "where is it defined" and "where
 * is it used" are lookups. Attribute values (`applies=staff`, `implements=basic.x`)
 * are not kept as spans by the model, so each file's lines are parsed again (a
 * fraction of the load's time) and resolved as the checks resolve them.
 *
 * Positions: the server speaks LSP, whose columns count UTF-16 code units; the
 * index works in byte offsets of a pol_file, and pol_lsp_offset / pol_lsp_position
 * convert. An index borrows its model (and the model's files): free it first. */
#ifndef POL_LSP_INDEX_H
#define POL_LSP_INDEX_H

#include "model/model.h"

typedef enum pol_sym_kind {
	POL_SYM_NODE,  /* target: pol_node (documents included) */
	POL_SYM_ROLE,  /* pol_role */
	POL_SYM_TERM,  /* pol_term */
	POL_SYM_PARAM, /* pol_param */
	POL_SYM_CHECK, /* pol_check */
	POL_SYM_FILE,  /* pol_file: an @include path */
	POL_SYM_FRAMEWORK, /* pol_framework */
	POL_SYM_CLAUSE,    /* pol_clause (`maps=FW:ID`) */
} pol_sym_kind;

typedef struct pol_occ {
	uint32_t begin, end; /* the name as written, bytes of the file */
	pol_sym_kind kind;
	bool def;            /* the definition itself */
	bool by_id;          /* written as the target's id: a rename rewrites it (a term
	                        written by its title is not) */
	void *target;
} pol_occ;

typedef struct pol_index_file {
	const pol_file *file;
	pol_occ *occ;        /* sorted by begin */
	size_t nocc, cap;
} pol_index_file;

typedef struct pol_index {
	const pol_model *m;
	pol_index_file *files; /* one per m->files, in that order */
	size_t nfiles;
} pol_index;

/* The index of m (borrowed; free the index before the model). */
pol_index *pol_index_new(const pol_model *m);
void pol_index_free(pol_index *x);
/* The file of the index whose rel path is rel, or NULL. */
const pol_index_file *pol_index_file_of(const pol_index *x, const char *rel);
/* The occurrence at byte off of file (an end position counts: a cursor just after a
 * name is on it), or NULL. */
const pol_occ *pol_index_at(const pol_index_file *f, size_t off);
/* The definition of what o names: its file and span. false when it has none in a
 * file (a check without an id has its keyword). */
bool pol_index_def(const pol_index *x, const pol_occ *o, const pol_file **file, uint32_t *begin, uint32_t *end);
/* Whether occurrences a and b name the same thing. A term that is also a node (an
 * `@term` in a document) is one thing under both names. */
bool pol_index_same(const pol_occ *a, const pol_occ *b);

/* LSP positions: 0-based line and UTF-16 column <-> byte offset in f. Past the end of
 * a line or of the file is clamped. */
size_t pol_lsp_offset(const pol_file *f, long line, long character);
void pol_lsp_position(const pol_file *f, size_t off, long *line, long *character);

#endif
