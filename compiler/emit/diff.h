/* diff.h — the 新旧対照表 (old/new comparison) and the change set of two models.
 *
 * Both models are edition models (edition.h) of the same edition, so a diff can only
 * show what that edition shows. Nodes are aligned by key (stable ids; anonymous
 * nodes are keyed by parent key and position), never by line; the character diff
 * (textdiff.h) runs only on the text of a node whose text changed. Rows come in the
 * order of the new document with removed nodes where they stood in the old one.
 *
 * Facets of a row (a node may have several):
 *   ADDED    the key is only in the new model  (新設)
 *   REMOVED  the key is only in the old model  (削る)
 *   TEXT     title or body text differs        (改正)
 *   NUMBER   same parent, different number     (番号変更, e.g. 3. → 4.)
 *   MOVED    the parent's key differs          (移動) */
#ifndef POL_DIFF_H
#define POL_DIFF_H

#include "model/model.h"

enum {
	POL_CHG_ADDED = 1 << 0,
	POL_CHG_REMOVED = 1 << 1,
	POL_CHG_TEXT = 1 << 2,
	POL_CHG_NUMBER = 1 << 3,
	POL_CHG_MOVED = 1 << 4,
};

#define POL_DIFF_NO_ROW ((size_t)-1)

typedef struct pol_diff_row {
	const pol_node *old_node; /* NULL when added */
	const pol_node *new_node; /* NULL when removed */
	unsigned changes;         /* POL_CHG_*; 0 when unchanged */
	bool context;             /* unchanged, but the heading of a changed row below */
	size_t parent;            /* row of the parent in the merged tree, or POL_DIFF_NO_ROW */
	int depth;
	/* plain text (pol_prose_plain) of each side; "" when absent. Owned by the diff. */
	char *old_title, *old_body, *new_title, *new_body;
} pol_diff_row;

typedef struct pol_diff {
	const pol_model *old_m, *new_m; /* lent */
	unsigned flags;                 /* textdiff.h: POL_DIFF_NORMALIZE_WIDTH */
	pol_diff_row *rows;
	size_t nrows;
	size_t added, removed, modified, renumbered, moved;
} pol_diff;

/* Aligns two edition models. flags are textdiff flags (POL_DIFF_NORMALIZE_WIDTH). The
 * models must outlive the diff. Caller frees with pol_diff_free. */
pol_diff *pol_diff_new(const pol_model *old_m, const pol_model *new_m, unsigned flags);
void pol_diff_free(pol_diff *d);

/* changes.json: old_rev and new_rev name the revisions as the user gave them.
 * {format, old{rev,commit}, new{rev,commit}, edition, added[], removed[],
 * modified[], renumbered[], moved[]}, keys in a fixed order, final newline. Caller frees. */
char *pol_diff_json(const pol_diff *d, const char *old_rev, const char *new_rev);

/* The 新旧対照表 as one HTML page, rendered from diff.html.mustache of the template set
 * t (built in from templates/diff/, or overridden with --templates). Returns 0 and
 * *out, or -1 and *err (caller frees either). */
struct pol_templates;
int pol_diff_html(char **out, char **err, const pol_diff *d, const char *old_rev, const char *new_rev,
                  const struct pol_templates *t);
/* The same for A4 landscape paper when landscape (`polc diff --paper a4-landscape`). */
int pol_diff_html_paper(char **out, char **err, const pol_diff *d, const char *old_rev, const char *new_rev,
                        const struct pol_templates *t, bool landscape);

#endif
