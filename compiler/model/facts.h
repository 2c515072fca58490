/* facts.h — what is derived from a model, computed once per model.
 *
 * Coverage and traceability, ancestor `implements`/`counters`, headings, the 構成 marks,
 * rule placement and the node index are facts of a model, not of one emitter: they are
 * computed here once, in time linear in the model's size, when the model is made
 * (pol_model_load, after numbering and before the checks; pol_edition_filter, for the
 * edition's own nodes), and kept in `m->facts`. The checks, the bundle, the traceability
 * page and the edition views read them; none recomputes them.
 *
 * Everything is indexed by a node's place in `m->nodes` (document order, pre-order),
 * an index `i` below; pol_facts_index turns a node into its index. Lists are returned as
 * pol_nodes: lent arrays that live as long as the facts, in document order unless said
 * otherwise. No accessor allocates, except that the headings are made, all at once, when
 * pol_facts_heading is first called. An edition model's facts describe that edition only
 * (its nodes, its references). */
#ifndef POL_FACTS_H
#define POL_FACTS_H

#include "model/model.h"

/* A lent list of nodes. */
typedef struct pol_nodes {
	pol_node *const *v;
	size_t n;
} pol_nodes;

/* The figures of the bundle's `coverage` section. */
typedef struct pol_coverage {
	size_t measures, measures_implemented; /* basic measures; those any node implements */
	size_t threats, threats_countered;     /* threats; those any node counters */
	size_t must_rules, must_rules_with_checks;
	size_t rules, checks;                  /* every rule; checks of every rule */
} pol_coverage;

/* Not an index: what pol_facts_index gives for a node of another model. */
#define POL_FACTS_NONE ((size_t)-1)

/* Computes the facts of m (its nodes, docs, parents, numbers and resolved references
 * must be final). Caller frees with pol_facts_free (pol_model_free does, for m->facts). */
pol_facts *pol_facts_new(const pol_model *m);
void pol_facts_free(pol_facts *f);

/* ---- the index ---- */

/* n's index in m->nodes, or POL_FACTS_NONE when n is not a node of this model. O(1). */
size_t pol_facts_index(const pol_facts *f, const pol_node *n);
/* The index of the node with that key, or POL_FACTS_NONE. */
size_t pol_facts_index_of_key(const pol_facts *f, const char *key);
/* The node at index i (m->nodes[i]). */
pol_node *pol_facts_node(const pol_facts *f, size_t i);
/* The number of nodes (m->nnodes). */
size_t pol_facts_count(const pol_facts *f);

/* ---- nodes of one meaning, in document order ---- */

pol_nodes pol_facts_rules(const pol_facts *f);      /* sem & POL_SEM_RULE */
pol_nodes pol_facts_threats(const pol_facts *f);    /* sem & POL_SEM_THREAT */
pol_nodes pol_facts_measures(const pol_facts *f);   /* sem & POL_SEM_MEASURE */
pol_nodes pol_facts_procedures(const pol_facts *f); /* sem & POL_SEM_PROCEDURE */

/* ---- headings, placement, 構成 ---- */

/* num + " " + title, or whichever exists, "" if none (as pol_node_heading makes it). The
 * first call makes every node's heading (the emitters of documents ask; check and bundle
 * never do). */
const char *pol_facts_heading(const pol_facts *f, size_t i);
/* The document that holds node i (itself for a document). */
const pol_node *pol_facts_document(const pol_facts *f, size_t i);
/* The chapter or 附則 that holds node i (itself included), as pol_node_chapter; or NULL. */
const pol_node *pol_facts_chapter(const pol_facts *f, size_t i);
/* The article that holds node i (itself included), or NULL. */
const pol_node *pol_facts_article(const pol_facts *f, size_t i);
/* A document's mark in the 構成 table (①, ②, … for basic and standards documents, in
 * m->docs order), or NULL (other documents and other nodes). */
const char *pol_facts_doc_mark(const pol_facts *f, size_t i);
/* How many documents the 構成 table groups under the policy's title (those with a mark). */
size_t pol_facts_doc_grouped(const pol_facts *f);

/* ---- implements and counters, inherited ---- */

/* What node i implements: its own `implements`, then those of its parent, grandparent …
 * (an article's `implements` holds for every rule in it), in that order, each once. */
pol_nodes pol_facts_implements(const pol_facts *f, size_t i);
/* The same for `counters`. */
pol_nodes pol_facts_counters(const pol_facts *f, size_t i);

/* ---- traceability ---- */

/* The procedure nodes (sem PROCEDURE) whose own `implements` names node i or one of its
 * ancestors; document order. */
pol_nodes pol_facts_procedures_of(const pol_facts *f, size_t i);
/* For a basic measure: the rules that implement it (pol_facts_implements holds it). */
pol_nodes pol_facts_rules_of(const pol_facts *f, size_t i);
/* For a threat: the measures linked to it — the measure counters it, or one of the rules
 * implementing the measure does (inherited counters). */
pol_nodes pol_facts_threat_measures(const pol_facts *f, size_t i);
/* For a threat: the rules that counter it (inherited) but implement no basic measure. */
pol_nodes pol_facts_threat_rules(const pol_facts *f, size_t i);
/* Whether rule i counters threat node t (inherited counters). */
bool pol_facts_rule_counters(const pol_facts *f, size_t i, const pol_node *t);

/* ---- coverage ---- */

/* Some node's own `implements` names node i. */
bool pol_facts_implemented(const pol_facts *f, size_t i);
/* Some node's own `counters` names node i. */
bool pol_facts_countered(const pol_facts *f, size_t i);
/* A procedure covers node i: a node in a procedure (the procedure or one of its steps)
 * implements node i, a node above it or a node below it. */
bool pol_facts_proc_covered(const pol_facts *f, size_t i);
/* A rule is above node i or below it (node i itself not counted). */
bool pol_facts_in_rule(const pol_facts *f, size_t i);
/* A rule is below node i (node i itself not counted). */
bool pol_facts_holds_rule(const pol_facts *f, size_t i);
const pol_coverage *pol_facts_coverage(const pol_facts *f);

/* ---- the gaps (orphans), in document order ---- */

pol_nodes pol_facts_unimplemented_measures(const pol_facts *f); /* measures no node implements */
pol_nodes pol_facts_uncountered_threats(const pol_facts *f);    /* threats no node counters */
pol_nodes pol_facts_unchecked_must(const pol_facts *f);         /* must-rules without a check */
pol_nodes pol_facts_idle_procedures(const pol_facts *f);        /* procedures whose own implements is empty */
/* Standards (rules, and items in no rule) of standards-tier documents that no procedure
 * covers (pol_facts_proc_covered). */
pol_nodes pol_facts_uncovered_standards(const pol_facts *f);

/* ---- framework mapping (`maps=`, model.h: pol_framework) ---- */

/* A lent list of clauses. */
typedef struct pol_clauses {
	pol_clause *const *v;
	size_t n;
} pol_clauses;

/* The clauses node i maps to: its own `maps`, then those of its parent, grandparent …
 * (an article's `maps` hold for every rule in it), in that order, each once. */
pol_clauses pol_facts_maps(const pol_facts *f, size_t i);
/* The rules whose maps (inherited) hold clause c, in document order; none for a clause of
 * a framework this model does not list. */
pol_nodes pol_facts_clause_rules(const pol_facts *f, const pol_clause *c);
/* How many of fw's clauses some rule maps to. */
size_t pol_facts_framework_covered(const pol_facts *f, const pol_framework *fw);

#endif
