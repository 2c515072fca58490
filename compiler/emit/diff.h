/* diff.h — the 新旧対照表 (old/new comparison) and the change set of two models.
 *
 * Both models are edition models (edition.h) of the same edition, so a diff can only
 * show what that edition shows. Nodes with an id are aligned by key; the anonymous
 * children of two aligned nodes are then matched by content (equal texts first, in
 * order, then by position or similarity between them), never by line (docs/history.md,
 * Alignment). The character diff (textdiff.h) runs only on the texts that differ.
 * Rows come in the order of the new document with removed nodes where they stood.
 *
 * Facets of a row (a node may have several):
 *   ADDED    the node is only in the new model     (新設)
 *   REMOVED  the node is only in the old model     (削る)
 *   TEXT     title or body text differs            (改正)
 *   NUMBER   same parent, different number         (番号変更, e.g. 3. → 4.)
 *   MOVED    the parent differs                    (移動)
 *   ATTRS    what a rule or step requires: level, applies, owner, implements,
 *            counters, role, or the node's visibility (属性の改正)
 *   CHECKS   a check added, removed, or its question, evidence or frequency changed
 *            (点検の改正)
 * Roles, terms declared outside the documents and parameters are compared too, as
 * definition rows (pol_diff_def). */
#ifndef POL_DIFF_H
#define POL_DIFF_H

#include "model/model.h"

enum {
	POL_CHG_ADDED = 1 << 0,
	POL_CHG_REMOVED = 1 << 1,
	POL_CHG_TEXT = 1 << 2,
	POL_CHG_NUMBER = 1 << 3,
	POL_CHG_MOVED = 1 << 4,
	POL_CHG_ATTRS = 1 << 5,
	POL_CHG_CHECKS = 1 << 6,
};

/* Attributes of a node, for pol_diff_row.attrs. */
enum {
	POL_ATTR_LEVEL = 1 << 0,
	POL_ATTR_APPLIES = 1 << 1,
	POL_ATTR_OWNER = 1 << 2,
	POL_ATTR_IMPLEMENTS = 1 << 3,
	POL_ATTR_COUNTERS = 1 << 4,
	POL_ATTR_ROLE = 1 << 5,
	POL_ATTR_VIS = 1 << 6,
};

/* Parts of a check, for pol_diff_check.what. */
enum { POL_CHECK_QUESTION = 1 << 0, POL_CHECK_EVIDENCE = 1 << 1, POL_CHECK_FREQUENCY = 1 << 2 };

#define POL_DIFF_NO_ROW ((size_t)-1)

/* Two checks of a row aligned by id; old NULL when added, new NULL when removed. */
typedef struct pol_diff_check {
	const pol_check *old, *new;
	unsigned what;              /* POL_CHECK_* that differ; 0 when unchanged */
	char *old_text, *new_text;  /* 点検（毎月）：question（証跡：…）; "" when absent */
} pol_diff_check;

typedef struct pol_diff_row {
	const pol_node *old_node; /* NULL when added */
	const pol_node *new_node; /* NULL when removed */
	unsigned changes;         /* POL_CHG_*; 0 when unchanged */
	unsigned attrs;           /* POL_ATTR_* that differ (ATTRS) */
	bool context;             /* unchanged, but the heading of a changed row below */
	size_t parent;            /* row of the parent in the merged tree, or POL_DIFF_NO_ROW */
	int depth;
	/* plain text (pol_prose_plain) of each side; "" when absent, and the bodies "" in a
	 * row neither changed nor context (it folds into （略）). Owned by the diff. */
	char *old_title, *old_body, *new_title, *new_body;
	/* the attribute line of each side (rules and steps), "" when none */
	char *old_attrs, *new_attrs;
	pol_diff_check *checks;   /* every check of either side, in the new order */
	size_t nchecks;
} pol_diff_row;

typedef enum pol_def_kind { POL_DEF_ROLE, POL_DEF_TERM, POL_DEF_PARAM } pol_def_kind;

/* A role, a term declared outside the documents, or a parameter, on either side. */
typedef struct pol_diff_def {
	pol_def_kind kind;
	const char *id;
	const void *old, *new;    /* pol_role / pol_term / pol_param; NULL when absent */
	unsigned changes;         /* ADDED, REMOVED or TEXT (a value, title, text or visibility) */
	char *old_text, *new_text; /* as compared and shown; "" when absent */
	pol_vec used_in;          /* PARAM: const pol_node* of the rows whose text or checks use it */
} pol_diff_def;

typedef struct pol_diff {
	const pol_model *old_m, *new_m; /* lent */
	unsigned flags;                 /* textdiff.h: POL_DIFF_NORMALIZE_WIDTH */
	pol_diff_row *rows;
	size_t nrows;
	pol_diff_def *defs;             /* roles, then terms, then parameters, each in the new order */
	size_t ndefs;
	size_t added, removed, modified, renumbered, moved, attributes, checks, definitions;
	/* Set by the caller when the new side is a draft, not a commit: "worktree" or
	 * "index" (stamped 未確定 on the page and in changes.json); NULL for a revision. */
	const char *draft;
} pol_diff;

/* Aligns two edition models. flags are textdiff flags (POL_DIFF_NORMALIZE_WIDTH). The
 * models must outlive the diff. Caller frees with pol_diff_free. */
pol_diff *pol_diff_new(const pol_model *old_m, const pol_model *new_m, unsigned flags);
void pol_diff_free(pol_diff *d);

/* A definition row's kind as the 新旧対照表 names it: 役割, 用語 or パラメータ. */
const char *pol_diff_def_label(pol_def_kind k);
/* "使用箇所 第2章2(1)、…" for a parameter used somewhere, else NULL. Caller frees. */
char *pol_diff_def_used_in(const pol_diff_def *f);

/* changes.json (docs/changes.schema.json): {format, old, new, edition, counts, added[],
 * removed[], modified[], renumbered[], moved[], attributes[], checks[], definitions[]},
 * keys in a fixed order, final newline. old_rev and new_rev name the sides as the
 * user gave them (a draft's new_rev is its label). Caller frees. */
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
