/* build.h — private interface between the model builder (build.c), the resolver and
 * checks (check.c) and numbering (model.c). Not for emitters. */
#ifndef POL_BUILD_H
#define POL_BUILD_H

#include "front/ast.h"
#include "lib/arena.h"
#include "model/model.h"

/* What prose belongs to, for resolving its inline markup and checking visibility. */
typedef struct pol_prose_ctx {
	pol_prose *prose;
	pol_node *doc;     /* document it stands in, or NULL */
	pol_node *node;    /* node it belongs to (for a check: its rule), or NULL */
	pol_vis vis;       /* visibility of its owner */
	const char *what;  /* owner described for messages */
} pol_prose_ctx;

/* A reference by name from an attribute, resolved after the whole policy is read. */
typedef struct pol_pending {
	pol_node *from;
	pol_node *doc;     /* from's document */
	char *name;
	pol_span span;
	int slot;          /* POL_REF_* */
} pol_pending;

enum { POL_REF_IMPLEMENTS, POL_REF_COUNTERS, POL_REF_APPLIES, POL_REF_OWNER, POL_REF_ROLE, POL_REF_MAPS };

typedef struct pol_idinfo {
	pol_node *first;
	int count;
} pol_idinfo;

/* The builder's own records (prose contexts, pending references, id counts, term
 * redefinitions) live in its arena and go when the model is made. */
typedef struct pol_builder {
	pol_model *m;
	pol_diag *d;
	pol_arena arena;   /* what the records below point to */
	pol_vec prose;     /* pol_prose_ctx* */
	pol_vec pending;   /* pol_pending*, in refs */
	pol_arena refs;    /* the pending references and their names: freed once resolved */
	pol_map *ids;      /* bare node id -> pol_idinfo* (across documents) */
	pol_map *checks;   /* explicit check id ("<doc>.<id>") -> pol_check* */
	pol_vec redefs;    /* pol_redef*: terms defined again, compared once texts are known */
	bool no_md;        /* diagnostics only: keep the md of terms' definitions only */
	pol_framework *fw; /* the framework whose @clause lines are being read, or NULL */
	bool fw_failed;    /* the last @framework failed: its @clause lines are skipped quietly */
} pol_builder;

/* A term defined again (by id): compared with the first definition after resolution. */
typedef struct pol_redef {
	pol_term *term;    /* the first definition */
	char *title;
	char *text;        /* {def} text, or NULL for a block term */
	pol_node *node;    /* the block term's node, or NULL */
	pol_span span;
} pol_redef;

/* build.c: reads the source into b->m (structure, prose, terms, roles, params). */
int pol_build_read(pol_builder *b, pol_source *src);
/* check.c: resolves references and inline markup, then runs the consistency checks. */
void pol_build_resolve(pol_builder *b);
void pol_build_check(pol_builder *b);
/* framework.c: @framework and @clause (b->fw is the open framework), `maps=` resolved
 * (one pending reference, POL_REF_MAPS), and the warnings for clauses no rule maps to. */
void pol_build_framework(pol_builder *b, pol_directive *dir, int vis);
bool pol_build_clause(pol_builder *b, pol_directive *dir);
void pol_build_resolve_map(pol_builder *b, pol_pending *p);
void pol_build_framework_warnings(pol_builder *b);
/* number.c: numbers, references and (unless anchors is false: a model for
 * diagnostics only) anchors. */
void pol_build_number(pol_model *m, bool anchors);

#endif
