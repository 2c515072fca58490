/* oscal.h — the policy as an OSCAL catalog (oscal.c; docs/oscal.md).
 *
 * OSCAL 1.0.6 JSON, for tools that read controls: a group per document, chapter, section,
 * article or item that holds rules, a control per rule (statement, level, roles,
 * parameters inserted in the prose, its checks as assessment objectives and methods,
 * links for implements, counters and framework clauses), the policy's parameters and
 * roles, and the declared frameworks in the back matter. UUIDs are version 5, derived from
 * a fixed namespace, the policy id and the keys of what they name, so the same source
 * gives the same document byte for byte. */
#ifndef POL_OSCAL_H
#define POL_OSCAL_H

#include <jansson.h>

#include "model/model.h"

/* The catalog of an edition model (never the full model: what it holds is what that
 * edition may show), as JSON text with a final newline. Caller frees. */
char *pol_oscal_catalog(const pol_model *ed);

/* The same edition as an OSCAL component definition: one component (type policy) whose
 * control implementation has a requirement per rule of the catalog at catalog (an href:
 * a file name or URL): the rule's text, its owner as responsible role, the roles it
 * applies to, the procedures implementing it (links into the catalog), and the
 * parameters' values. Caller frees. */
char *pol_oscal_component(const pol_model *ed, const char *catalog);

/* The version 5 UUID of name in polc's namespace, as 36 characters and a NUL. */
void pol_oscal_uuid(char out[37], const char *name);
/* The OSCAL id (a token) of a node key or check id, with suffix appended (NULL for
 * none): '_' is written "__" and '/' "_.", so the key reads back. Caller frees. */
char *pol_oscal_id(const char *key, const char *suffix);

/* Building blocks of OSCAL JSON, shared with the assessment results (assess_oscal.c).
 * s without surrounding blanks (OSCAL strings may not start or end with one), or NULL
 * when nothing is left. */
json_t *pol_oscal_text(const char *s);
/* Appends v to the array o[key], made on first use (so an empty one is never written). */
void pol_oscal_push(json_t *o, const char *key, json_t *v);
/* Appends the property {name, ns (polc's, when ours), value} to o's props; nothing when
 * value is blank. */
void pol_oscal_prop(json_t *o, const char *name, bool ours, const char *value);

#endif
