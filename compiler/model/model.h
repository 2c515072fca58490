/* model.h — the one resolved, numbered model of a policy.
 *
 * After parsing and checking, everything lives here: the header, documents as a tree
 * of nodes with their computed numbers, roles, terms, parameters, rules and checks,
 * and every reference resolved to a pointer. Every emitter (editions, bundle, diff)
 * reads a `const pol_model *` and nothing else; the edition filter (edition.h) turns a
 * full model into one that holds only what an edition may show.
 *
 * Prose is CommonMark. Inline markup ({term}, {ref id}, {param id}, {def ...}) is
 * replaced in `md` by a placeholder U+E000 <index as U+E010..U+E019 digits> U+E001,
 * and `inl[index]` says what stands there; prose is parsed by cmark once, when a
 * renderer first asks (pol_prose_doc), unless it is plain paragraphs
 * (pol_prose_is_plain), whose tree is known without parsing; renderers write the
 * placeholders as they meet them.
 *
 * Memory: everything a model holds — nodes, prose, inline tables, terms, roles,
 * parameters, checks and their strings — lives in the model's arena and goes at once
 * with pol_model_free; only the lists of m (nodes, docs, roles, terms, params, files),
 * its maps, facts, history and stamp are separate allocations. Strings are never
 * changed once the model is made, so an inline's text may be the term's title it
 * shows, and an edition model's strings are the full model's (it must be freed first). */
#ifndef POL_MODEL_H
#define POL_MODEL_H

#include "front/history.h"
#include "front/source.h"
#include "lib/arena.h"
#include "lib/date.h"
#include "lib/diag.h"
#include "lib/util.h"

typedef struct cmark_node cmark_node;

typedef enum pol_vis { POL_PUBLIC = 0, POL_INTERNAL = 1, POL_CONFIDENTIAL = 2 } pol_vis;

/* Structural kinds, in nesting order. SUPPLEMENT (附則) and DOCTABLE sit at chapter
 * level and below respectively and are never numbered. */
typedef enum pol_kind {
	POL_DOCUMENT,
	POL_CHAPTER,
	POL_SECTION,
	POL_SUBSECTION, /* 款 */
	POL_ARTICLE,
	POL_PARAGRAPH,  /* 項 */
	POL_ITEM,       /* 号 */
	POL_SUBITEM,
	POL_SUBSUBITEM,
	POL_SUPPLEMENT, /* 附則 */
	POL_DOCTABLE,   /* generated table of the documents (構成) */
	POL_APPENDIX,   /* 別表 or 様式 (form): at chapter level, numbered per document */
} pol_kind;

typedef enum pol_tier {
	POL_TIER_NONE,
	POL_TIER_PREFACE,
	POL_TIER_BASIC,
	POL_TIER_STANDARDS,
	POL_TIER_PROCEDURES,
	POL_TIER_SUPPLEMENTARY,
} pol_tier;

/* What a node means, besides its place in the structure. */
enum {
	POL_SEM_RULE = 1 << 0,
	POL_SEM_TERM = 1 << 1,
	POL_SEM_THREAT = 1 << 2,
	POL_SEM_MEASURE = 1 << 3,
	POL_SEM_PROCEDURE = 1 << 4,
	POL_SEM_STEP = 1 << 5,
};

typedef enum pol_rule_level { POL_LEVEL_NONE, POL_MUST, POL_SHOULD, POL_MAY } pol_rule_level;
typedef enum pol_numbering { POL_NUM_GUIDELINE, POL_NUM_REIKI } pol_numbering;
typedef enum pol_param_type { POL_P_NUMBER, POL_P_TEXT, POL_P_DURATION, POL_P_DATE } pol_param_type;

typedef struct pol_node pol_node;
typedef struct pol_term pol_term;
typedef struct pol_param pol_param;
typedef struct pol_role pol_role;
typedef struct pol_framework pol_framework;
typedef struct pol_clause pol_clause;

typedef enum pol_inline_kind { POL_IN_TERM, POL_IN_REF, POL_IN_PARAM, POL_IN_DEF } pol_inline_kind;

typedef struct pol_inline {
	pol_inline_kind kind;
	pol_term *term;   /* TERM, DEF */
	pol_node *node;   /* REF; NULL in an edition where the target is withheld */
	pol_param *param; /* PARAM */
	const char *text; /* what is shown: term title, definition text (DEF), the
	                     target's number (REF), or plain text for a withheld reference
	                     (REF, node == NULL) */
	bool local;       /* REF: target in the same chapter, shown without 第N章 (上記3) */
	pol_span span;
} pol_inline;

/* The cmark tree of a prose's md, parsed on first use (pol_prose_doc): `check` and
 * the bundle never need one. Edition copies of a prose have the same md and share
 * the full model's tree, so it is parsed once and freed once, with the full model. */
typedef struct pol_prose_tree {
	cmark_node *doc;  /* NULL until first use */
	signed char plain; /* pol_prose_is_plain, once asked: 1 yes, -1 no, 0 not yet */
} pol_prose_tree;

typedef struct pol_prose {
	/* CommonMark with placeholders, md[0..mdlen); NULL in a model loaded for diagnostics
	 * only (POL_LOAD_DIAG_ONLY), except definitions. Not NUL-terminated where it is the
	 * source itself: prose without {…} markup points into its file's text, which the
	 * model keeps, instead of holding a copy. */
	const char *md;
	size_t mdlen;
	pol_prose_tree own;   /* the tree, unless shared */
	pol_prose_tree *tree; /* NULL (use own), or the tree of the prose this was copied from */
	pol_inline *inl;
	size_t ninl;
	pol_span span;
} pol_prose;

struct pol_role {
	char *id, *title;
	pol_vis vis;
	pol_prose *desc; /* may be NULL */
	pol_span span;
	int uses;
};

struct pol_term {
	char *id, *title;
	char *anchor;     /* "term-<id>"; NULL when loaded without anchors (POL_LOAD_DIAG_ONLY,
	                     POL_LOAD_NO_ANCHORS) */
	pol_prose *def;   /* definition (block terms), or NULL */
	char *def_text;   /* definition as plain text */
	char *reading;    /* its reading in kana (reading=), for the glossary's 五十音順; or NULL */
	pol_node *node;   /* the item that defines it, if any */
	pol_vis vis;
	pol_span span;
	int uses;
};

struct pol_param {
	char *id;
	pol_param_type type;
	char *value;      /* as written: "12", "90d", "2026-04-01", text */
	char *unit;       /* number unit, e.g. "文字"; may be NULL */
	char *display;    /* as shown in prose: "12文字", "90日", "令和8年4月1日" */
	pol_vis vis;
	pol_prose *desc;
	pol_span span;
	int uses;
};

/* An external framework's catalog (@framework, docs/language.md, Framework mapping):
 * the items (clauses) of a guideline or standard that rules say they implement
 * (`maps=FW:ID`). Frameworks and clauses never change once read: an edition model
 * lists the frameworks it may show and shares them with the full model. */
struct pol_clause {
	char *id;         /* as the framework numbers it: "4.1", "A.5.1" */
	char *key;        /* "<framework>:<id>", as `maps=` names it */
	char *title;
	pol_framework *fw;
	uint32_t ordinal; /* its place in fw->clauses, 0-based */
	pol_span span;
};

struct pol_framework {
	char *id, *title;
	char *edition;    /* which edition of the framework the catalog follows; may be NULL */
	char *file;       /* the source file that declares it (root-relative) */
	pol_vis vis;
	pol_clause **clauses;
	size_t nclauses;
	pol_span span;
};

typedef struct pol_check {
	char *id;         /* stable: explicit, or "<rule key>.c<N>" */
	char *every;      /* day week month quarter half-year year event; may be NULL */
	char *every_ja;   /* 毎日 毎週 毎月 四半期ごと 半年ごと 毎年 随時 */
	char *evidence;   /* may be NULL */
	pol_prose *question;
	pol_node *rule;
	pol_span span;
} pol_check;

/* What few nodes have, out of pol_node so that a node per line stays small: read it
 * with pol_more (never NULL), write it with pol_more_mut. Its strings never change once
 * the model is made, so an edition's copy of a node shares it. */
typedef struct pol_node_more {
	char *caption;         /* reiki article caption "（目的）", else NULL */
	/* documents */
	char *summary;         /* 内容, for the 構成 table */
	char *notice;          /* what a withheld document shows; may be NULL */
	/* supplements */
	char *effective;       /* ISO date */
	char *effective_era;
	/* 例規 (docs/reiki.md): a document's header and an amendment's 附則 */
	char *promulgated;     /* 公布日, ISO date, or NULL */
	char *promulgated_era; /* 令和5年3月31日 */
	char *law_number;      /* 番号 as written: "訓令第5号" */
	char *relation;        /* appendices: "（第5条関係）", "（第5条・第7条関係）"; NULL without rel= */
	bool form;             /* appendices: 様式, else 別表 */
} pol_node_more;

struct pol_node {
	/* Small fields first and counts as 32 bits: a policy has a node per line or two. */
	pol_kind kind;
	unsigned sem;       /* POL_SEM_* */
	pol_vis vis;
	pol_rule_level level; /* rules */
	pol_tier tier;      /* documents */
	int ordinal;        /* 1-based number among siblings of the same kind, 0 if none */
	bool listed;        /* DOCUMENT: its title may be shown where it is withheld */
	bool withheld;      /* edition models: a listed document shown by title only */
	uint32_t nkids, napplies, nimplements, ncounters, nchecks;
	uint32_t index;     /* its place in its model's m->nodes, set by the facts (facts.h) */
	char *id;           /* as the author gave it, or NULL */
	char *key;          /* stable and unique in the policy: "<doc>.<id>", or the parent's
	                       key + "/<kind letter><n>" for nodes without id */
	char *title;        /* may be NULL */
	pol_node *parent;
	pol_node **kids;    /* nkids */
	char *num;          /* label before the title: "第1章" "1." "(1)" "①" "ア" "第3条" "2" */
	char *ref;          /* full reference: "第1章6(3)", "第3条第2項第1号"; NULL if none */
	char *anchor;       /* HTML id, derived from key, [a-z0-9-] only; NULL in a model
	                       loaded without anchors (POL_LOAD_DIAG_ONLY, POL_LOAD_NO_ANCHORS) */
	pol_prose *body;    /* prose after the directive; may be NULL */
	/* rules */
	pol_role **applies;     /* napplies */
	pol_role *owner;
	pol_node **implements;  /* nimplements */
	pol_node **counters;    /* ncounters */
	pol_check **checks;     /* nchecks */
	/* steps */
	pol_role *role;
	/* reiki article ranges for the 目次: "（第11条）" "（第12条・第13条）" "（第14条―第18条）" */
	char *toc_range;
	/* reiki articles deleted (削除, docs/reiki.md): how many numbers the one line stands
	 * for (1: 第5条　削除; 3: 第5条から第7条まで　削除); 0 for an article in force */
	uint32_t deleted;
	uint32_t nrelated;
	pol_node **related;    /* rel=: the nodes it belongs to (第5条関係) */
	pol_span span;
	/* framework mapping (`maps=`): the node's own clauses; inherited ones are facts */
	pol_clause **maps;  /* nmaps */
	uint32_t nmaps;
	const pol_node_more *more; /* NULL: none of it (pol_more) */
};

extern const pol_node_more pol_node_more_none;
/* n's rarer fields: all NULL when it has none. */
static inline const pol_node_more *pol_more(const pol_node *n)
{
	return n->more ? n->more : &pol_node_more_none;
}
/* n's rarer fields for writing, made in a on first use. Only for a node that owns them
 * (the model being built): an edition's copy shares its original's. */
pol_node_more *pol_more_mut(pol_node *n, pol_arena *a);



typedef enum pol_edition_kind { POL_ED_FULL, POL_ED_PUBLIC, POL_ED_INTERNAL, POL_ED_AUDIENCE } pol_edition_kind;

typedef struct pol_facts pol_facts; /* derived facts: model/facts.h */

typedef struct pol_model {
	char *id, *title, *organization;
	char *issued;       /* ISO: "2026-03" or "2026-03-01" */
	char *issued_era;   /* 令和8年3月 */
	const char *edition_date, *edition_era; /* the edition tag of the revision built, when a clean
	                       build is at one: its date ("2026-04") and 令和8年4月; lent from the
	                       full model's history; NULL otherwise */
	pol_numbering numbering;
	const char *toc_range_sep; /* reiki 目次 range separator (toc-range=): "―" or "～" */
	bool public_commit; /* header `public-commit = yes`: public editions show commit ids */
	pol_edition_kind edition;
	char *audience;     /* role id for audience editions */
	pol_node **docs;
	size_t ndocs;
	pol_role **roles;
	size_t nroles;
	pol_term **terms;
	size_t nterms;
	pol_param **params;
	size_t nparams;
	pol_node **nodes;   /* every node in document order (pre-order) */
	size_t nnodes;
	pol_map *by_key;    /* key -> pol_node* */
	pol_map *role_by_id, *term_by_id, *term_by_title, *param_by_id;
	pol_file **files;   /* owned by the full model; edition models borrow */
	size_t nfiles;
	char *digest;       /* content digest of the source files (hex) */
	pol_revision rev;   /* copy of the source's stamp */
	pol_history *history; /* 改定履歴, owned; NULL when none was loaded. In a public
	                         edition, internal summaries and commit ids are removed. */
	bool owns_files;
	pol_facts *facts;   /* coverage, traceability, headings …, computed once when the
	                       model is made (model/facts.h); owned */
	pol_arena arena;    /* what the model's nodes, prose and strings are carved from */
	const struct pol_model *view_of; /* an internal edition that withholds nothing: everything
	                             it holds is this full model's, and pol_model_free
	                             frees only the struct */
	pol_framework **frameworks; /* declared frameworks (shared by editions), in the arena */
	size_t nframeworks;
	pol_map *framework_by_id;   /* id -> pol_framework*; full models only */
	pol_map *clause_by_key;     /* "<fw>:<id>" -> pol_clause*; full models only */
} pol_model;

/* Loads, parses and checks the policy under src (entry file "policy.pol"), reporting
 * to d, and stamps it with src's revision and a digest of its files. Commands load
 * through pol_load (model/load.h), which opens the source and adds only what they
 * need; this is the same for a source the caller made (the unit tests' in-memory one).
 * Returns the model (caller frees with pol_model_free) or NULL when errors made a
 * model impossible. A model is returned even with warnings; callers test
 * pol_diag_failed(d) before emitting anything. */
pol_model *pol_model_load(pol_source *src, pol_diag *d);
void pol_model_free(pol_model *m);

/* A prose of its own, outside any model (for tests and tools): freed with
 * pol_prose_free. A model's prose lives in its arena and is never freed alone. */
pol_prose *pol_prose_new_md(const char *md);
void pol_prose_free(pol_prose *p);
/* md[0..len) parsed by cmark-gfm with its table extension (GFM pipe tables), never
 * with CMARK_OPT_UNSAFE: how every prose tree is made. Caller frees (cmark_node_free). */
cmark_node *pol_cmark_parse(const char *md, size_t len);
/* p's md parsed by cmark, on first use; lent (p's tree, or the tree it shares). */
cmark_node *pol_prose_doc(const pol_prose *p);
/* Makes copy share from's tree (copy->md must equal from->md); from must outlive copy. */
void pol_prose_share_tree(pol_prose *copy, const pol_prose *from);
/* Frees the cmark tree p owns, if one was made. */
void pol_prose_drop_tree(pol_prose *p);
/* Whether p's md is paragraphs of plain text and nothing else: each line empty, or text
 * that can neither start a block nor hold a character CommonMark may read as markup (no
 * leading or trailing space, no control character, none of \ ` * _ [ ] < > & |, no
 * "1." or "1)" first). Its tree is then known without parsing it: a paragraph per run
 * of non-empty lines, a text node per line with a soft break between, its literal the
 * line as it stands (placeholders included). Renderers write such prose straight from
 * md (pol_plain_next) and no tree is made. Conservative: false says nothing. */
bool pol_prose_is_plain(const pol_prose *p);
/* The lines of plain prose in turn: pol_plain_start, then pol_plain_next sets *line and
 * *n to the next non-empty line. It returns 0 at the end, 1 for a line that starts a
 * paragraph, 2 for one that goes on with the paragraph of the line before. */
typedef struct pol_plain_lines {
	const char *s, *end;
	bool gap; /* a line was returned and an empty one came after it */
	bool any; /* a line was returned */
} pol_plain_lines;
void pol_plain_start(pol_plain_lines *it, const pol_prose *p);
int pol_plain_next(pol_plain_lines *it, const char **line, size_t *n);

/* Helpers for emitters. */
const char *pol_kind_name(pol_kind k);      /* "chapter", "article", ... */
const char *pol_vis_name(pol_vis v);        /* "public", "internal", "confidential" */
const char *pol_tier_name(pol_tier t);
const char *pol_level_name(pol_rule_level l); /* "must" "should" "may" */
const char *pol_level_ja(pol_rule_level l);   /* 必須 推奨 任意 */
const char *pol_param_type_name(pol_param_type t);
const pol_node *pol_node_document(const pol_node *n);
/* The chapter (or 附則) that holds n, or NULL. */
const pol_node *pol_node_chapter(const pol_node *n);
/* The heading as shown: num + " " + title, or whichever exists ("" if none). Caller frees. */
char *pol_node_heading(const pol_node *n);
/* If s[0..n) starts with a placeholder, stores its index and returns its length in
 * bytes; else returns 0. */
size_t pol_placeholder_at(const char *s, size_t n, size_t *index);
/* What a cross-reference to t shows: its number (without the chapter when local
 * and the style is guideline), or its title when it has no number. Caller frees. */
char *pol_ref_text(const pol_node *t, bool local);
/* The same, lent: a suffix of t's ref or its title (or ""), as long as t's strings live. */
const char *pol_ref_text_lent(const pol_node *t, bool local);
/* s copied into m's arena (NULL for NULL). */
char *pol_model_strdup(pol_model *m, const char *s);
/* Plain text of prose with placeholders replaced by their text. Caller frees. */
char *pol_prose_plain(const pol_prose *p);

/* Whether text is a reading: kana only (hiragana, katakana, the long-vowel mark ー, the
 * middle dot ・, iteration marks) and spaces; false for NULL or "". */
bool pol_term_is_kana(const char *text);
/* What term t sorts by in the glossary's 五十音順: its reading=, else its title when
 * that is kana, else NULL (listed after the others, in the order defined). */
const char *pol_term_reading(const pol_term *t);

#endif
