/* build.c — from source files to the unresolved model.
 *
 * Reads policy.pol through the source interface, follows @include (root-relative,
 * no cycles), parses every file once, and walks the lines in order: directives open
 * nodes at their level (the nearest open node of an outer level is the parent),
 * prose lines collect under the last directive. Prose is turned into CommonMark with
 * placeholders for its inline markup (cmark parses it later, when a renderer first
 * asks: model.h). References are only recorded; check.c resolves them when
 * everything has been read. */
#include <stdlib.h>
#include <string.h>

#include "lib/suggest.h"
#include "model/build.h"
#include "model/number.h"

/* ---- reading files -------------------------------------------------------- */

typedef struct S_state S_state;

typedef struct S_reader {
	pol_builder *b;
	pol_source *src;
	S_state *state;    /* receives the lines, includes expanded, as they are read */
	pol_vec open;      /* char* rel paths being read (include stack) */
	pol_map *seen;     /* rel path -> S_seen* (in the builder's arena): every file read */
	size_t total;      /* bytes read so far, all files together */
	bool too_big;      /* the limit was reported */
	pol_buf scan;      /* the scanner's copy of the file being parsed, reused */
} S_reader;

/* A file read, and the include that read it (no file for policy.pol). */
typedef struct S_seen {
	pol_span from;
} S_seen;

/* The most input a policy may have, all its files together (docs/language.md): with
 * every file read once this bounds the work a source can ask for. */
#define S_MAX_INPUT ((size_t)64 << 20)

static void S_line(S_state *s, pol_line *l);
static void S_flush(S_state *s);
static void S_include_edge(S_state *s, bool after);

/* Normalizes a root-relative include path ("./a//b.pol" -> "a/b.pol"); NULL when it
 * is absolute, empty or climbs out with "..". Caller frees. */
static char *S_path_norm(const char *rel)
{
	if (!*rel || rel[0] == '/')
		return NULL;
	pol_buf b = {0};
	const char *p = rel;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && !strncmp(p, "..", 2)) {
			pol_buf_free(&b);
			return NULL;
		}
		if (n && !(n == 1 && *p == '.')) {
			if (b.len)
				pol_buf_putc(&b, '/');
			pol_buf_put(&b, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (!b.len) {
		pol_buf_free(&b);
		return NULL;
	}
	return pol_buf_detach(&b);
}

static int S_read_file(S_reader *r, const char *rel, pol_span from);

/* Makes room for item n of an array of n items of the given size: the array's
 * capacity is the power of two at or above its length, so it is reallocated only
 * when n is 0 or a power of two, not once per item. */
static void *S_room(void *arr, size_t n, size_t size)
{
	if (n & (n - 1))
		return arr;
	return pol_xrealloc(arr, (n ? 2 * n : 1) * size);
}

static void S_expand(S_reader *r, pol_ast *ast)
{
	for (size_t i = 0; i < ast->lines.len; i++) {
		pol_line *l = ast->lines.items[i];
		if (l->kind == POL_LINE_DIRECTIVE && !strcmp(l->dir->keyword, "include")) {
			pol_directive *dir = l->dir;
			const char *path = dir->title ? dir->title : dir->id;
			pol_span ps = dir->title ? dir->title_span : dir->id_span;
			if (dir->id && dir->title) {
				/* "a b.pol": the id rule split a path with a space */
				ps.begin = dir->id_span.begin;
				pol_error(r->b->d, ps, "an include path may not contain spaces");
				continue;
			}
			if (!path) {
				pol_error(r->b->d, dir->kw_span, "@include needs a path");
				continue;
			}
			if (dir->nattrs) {
				pol_error(r->b->d, dir->attrs[0].key_span, "@include takes no attributes");
				continue;
			}
			char *norm = S_path_norm(path);
			if (!norm) {
				pol_error(r->b->d, ps, "include path '%s' is outside the source root", path);
				continue;
			}
			S_flush(r->state);
			S_include_edge(r->state, false);
			S_read_file(r, norm, ps);
			S_include_edge(r->state, true);
			free(norm);
			continue;
		}
		S_line(r->state, l);
	}
	/* Pending prose points into this file's lines, which are freed next. */
	S_flush(r->state);
}

static int S_read_file(S_reader *r, const char *rel, pol_span from)
{
	pol_diag *d = r->b->d;
	for (size_t i = 0; i < r->open.len; i++)
		if (!strcmp(r->open.items[i], rel)) {
			pol_error(d, from, "include cycle: '%s' includes itself", rel);
			return -1;
		}
	S_seen *seen = pol_map_get(r->seen, rel);
	if (seen) {
		/* Once is enough: a file read twice would define everything in it twice, and
		 * files that include each other twice would grow the input exponentially. */
		pol_error(d, from, "'%s' is included a second time", rel);
		pol_note(d, seen->from, "first included here");
		return -1;
	}
	if (r->too_big)
		return -1;
	/* The text lives as long as the model: it is read into the model's arena, whose big
	 * chunks take one page fault each where a buffer of its own would take one a page. */
	char *text = NULL;
	size_t len = 0;
	int rc = pol_source_read_in(r->src, &r->b->m->arena, &text, &len, rel);
	if (rc != 0) {
		if (from.file)
			pol_error(d, from, "cannot read '%s': %s", rel, pol_source_reason(r->src, rc));
		else {
			pol_error(d, from, "cannot read %s/%s: %s", r->src->root, rel, pol_source_reason(r->src, rc));
			d->io_errors++;
		}
		return -1;
	}
	if (len > S_MAX_INPUT - r->total) {
		pol_error(d, from, "the policy's files exceed %zu MiB in all: '%s' is not read", S_MAX_INPUT >> 20, rel);
		r->too_big = true;
		return -1;
	}
	r->total += len;
	seen = pol_arena_alloc(&r->b->arena, sizeof *seen);
	seen->from = from;
	pol_map_set(r->seen, rel, seen);
	char *shown = pol_xasprintf("%s/%s", r->src->root, rel);
	pol_file *f = pol_file_new_lent(shown, rel, text, len);
	free(shown);
	pol_model *m = r->b->m;
	m->files = S_room(m->files, m->nfiles, sizeof *m->files);
	m->files[m->nfiles++] = f;

	size_t bad = pol_utf8_invalid_at(f->text, f->len);
	if (bad != (size_t)-1) {
		pol_span s = {f, (uint32_t)bad, (uint32_t)bad + 1};
		if (f->text[bad] == 0)
			pol_error(d, s, "NUL byte at byte %zu", bad);
		else
			pol_error(d, s, "invalid UTF-8 (byte 0x%02X at byte %zu)",
			          (unsigned char)f->text[bad], bad);
		return -1;
	}
	pol_warn_invisible(d, f);
	pol_ast ast = {.scratch = &r->scan};
	pol_parse_file(&ast, f, d);
	pol_vec_push(&r->open, (void *)rel);
	S_expand(r, &ast);
	r->open.len--;
	pol_ast_fini(&ast);
	return 0;
}

/* ---- building ------------------------------------------------------------- */

enum { T_NONE, T_NODE, T_ROLE, T_PARAM, T_TERM, T_CHECK, T_SKIP, T_AFTER_POLICY, T_AFTER_INCLUDE, T_INCLUDE_TOP,
       T_FRAMEWORK };

struct S_state {
	pol_builder *b;
	pol_model *m;
	pol_diag *d;
	pol_node *cur[POL_SUBSUBITEM + 1]; /* open node per level */
	pol_node *doc;
	int tkind;                         /* who receives prose */
	void *target;
	pol_node *last_node;               /* the last structural node opened */
	pol_vec lines;                     /* prose lines pending for target */
	bool blank_after;                  /* the last part of target's prose had blank lines after it */
	pol_buf md;                        /* scratch for the CommonMark of the prose being made */
	pol_vec nodes, roles, terms, params, docs;
	bool seen_policy, complained_policy;
	/* The last structural directive failed (unknown, or its node not made for a reason
	 * other than its place): what would have been inside it is not reported as
	 * misplaced, so one mistake is one error. A misplaced directive leaves it as it
	 * was: each misplacement is a mistake of its own. */
	bool failed_parent;
	bool misplaced;                    /* the directive being read was misplaced */
};

typedef struct S_dirdef {
	const char *kw;
	int cls;
	pol_kind kind;
	unsigned sem;
} S_dirdef;

enum { C_POLICY, C_ROLE, C_PARAM, C_TERM, C_DOCUMENT, C_NODE, C_SUPPLEMENT, C_DOCTABLE, C_CHECK, C_FRAMEWORK,
       C_CLAUSE, C_APPENDIX };

static const S_dirdef S_dirs[] = {
	{"policy", C_POLICY, 0, 0},
	{"role", C_ROLE, 0, 0},
	{"param", C_PARAM, 0, 0},
	{"term", C_TERM, POL_ITEM, POL_SEM_TERM},
	{"document", C_DOCUMENT, POL_DOCUMENT, 0},
	{"chapter", C_NODE, POL_CHAPTER, 0},
	{"section", C_NODE, POL_SECTION, 0},
	{"subsection", C_NODE, POL_SUBSECTION, 0},
	{"article", C_NODE, POL_ARTICLE, 0},
	{"paragraph", C_NODE, POL_PARAGRAPH, 0},
	{"item", C_NODE, POL_ITEM, 0},
	{"subitem", C_NODE, POL_SUBITEM, 0},
	{"subsubitem", C_NODE, POL_SUBSUBITEM, 0},
	{"rule", C_NODE, POL_ITEM, POL_SEM_RULE},
	{"threat", C_NODE, POL_ITEM, POL_SEM_THREAT},
	{"measure", C_NODE, POL_ITEM, POL_SEM_MEASURE},
	{"procedure", C_NODE, POL_ARTICLE, POL_SEM_PROCEDURE},
	{"step", C_NODE, POL_ITEM, POL_SEM_STEP},
	{"supplement", C_SUPPLEMENT, POL_SUPPLEMENT, 0},
	{"doctable", C_DOCTABLE, POL_DOCTABLE, 0},
	{"check", C_CHECK, 0, 0},
	{"framework", C_FRAMEWORK, 0, 0},
	{"clause", C_CLAUSE, 0, 0},
	{"appendix", C_APPENDIX, POL_APPENDIX, 0},
	{"form", C_APPENDIX, POL_APPENDIX, 0},
};

/* S_dirs by keyword: an open-addressed table of 1 + the index (0: an empty slot). */
static uint8_t S_dirslot[64];

static unsigned S_dirhash(const char *kw, size_t n)
{
	return ((unsigned char)kw[0] * 7u + (unsigned char)kw[n - 1] * 3u + (unsigned)n) & 63u;
}

static const S_dirdef *S_dir_find(const char *kw)
{
	if (!S_dirslot[S_dirhash(S_dirs[0].kw, strlen(S_dirs[0].kw))])
		for (size_t i = 0; i < sizeof S_dirs / sizeof *S_dirs; i++) {
			unsigned h = S_dirhash(S_dirs[i].kw, strlen(S_dirs[i].kw));
			while (S_dirslot[h])
				h = (h + 1) & 63u;
			S_dirslot[h] = (uint8_t)(i + 1);
		}
	size_t n = strlen(kw);
	if (!n)
		return NULL;
	for (unsigned h = S_dirhash(kw, n); S_dirslot[h]; h = (h + 1) & 63u)
		if (!strcmp(S_dirs[S_dirslot[h] - 1].kw, kw))
			return &S_dirs[S_dirslot[h] - 1];
	return NULL;
}

/* Attributes each class of directive takes; "=" after a name: takes a value. */
static const char *S_allowed[] = {
	[C_POLICY] = " organization= issued= numbering= public-commit= toc-range= ",
	[C_ROLE] = " public internal confidential ",
	[C_PARAM] = " public internal confidential number text duration date value= unit= ",
	[C_TERM] = " public internal confidential term reading= ",
	[C_DOCUMENT] = " public internal confidential tier= summary= listed notice= promulgated= number= ",
	[C_NODE] = " public internal confidential must should may applies= owner= implements= "
	           "counters= rule term threat measure procedure step role= maps= reading= deleted articles= ",
	[C_SUPPLEMENT] = " public internal confidential effective= promulgated= number= ",
	[C_DOCTABLE] = " ",
	[C_CHECK] = " every= evidence= ",
	[C_FRAMEWORK] = " public internal confidential edition= ",
	[C_CLAUSE] = " ",
	[C_APPENDIX] = " public internal confidential rel= ",
};

static bool S_valid_id(const char *id, bool dots)
{
	if (!id || !((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z')))
		return false;
	for (const char *p = id; *p; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		          c == '-' || c == '_' || (dots && c == '.');
		if (!ok)
			return false;
	}
	return !(dots && (id[strlen(id) - 1] == '.' || strstr(id, "..")));
}

/* Every attribute name of S_allowed, with the classes that take it as a flag and
 * those that take it with a value: made from S_allowed once, so an attribute is
 * looked up among some thirty names instead of searched for in a list. */
typedef struct S_attrdef {
	char name[16];
	size_t len;
	unsigned flag, val; /* 1 << C_* */
} S_attrdef;

static S_attrdef S_attrdefs[64];
static size_t S_nattrdefs;
/* An open-addressed table of S_attrdefs by name: 1 + the index, 0 for an empty slot. */
static uint8_t S_attrslot[256];

static unsigned S_attrhash(const char *key, size_t n)
{
	return ((unsigned char)key[0] * 31u + (unsigned char)key[n - 1] * 7u + (unsigned)n) & 255u;
}

static void S_attrdefs_init(void)
{
	for (size_t c = 0; c < sizeof S_allowed / sizeof *S_allowed; c++)
		for (const char *p = S_allowed[c]; *p;) {
			while (*p == ' ')
				p++;
			const char *w = p;
			while (*p && *p != ' ')
				p++;
			size_t n = (size_t)(p - w);
			bool val = n && w[n - 1] == '=';
			n -= val;
			if (!n || n >= sizeof S_attrdefs[0].name)
				continue;
			size_t k = 0;
			while (k < S_nattrdefs && !(S_attrdefs[k].len == n && !memcmp(S_attrdefs[k].name, w, n)))
				k++;
			if (k == S_nattrdefs) {
				if (S_nattrdefs == sizeof S_attrdefs / sizeof *S_attrdefs)
					continue;
				memcpy(S_attrdefs[k].name, w, n);
				S_attrdefs[k].len = n;
				S_nattrdefs++;
			}
			if (val)
				S_attrdefs[k].val |= 1u << c;
			else
				S_attrdefs[k].flag |= 1u << c;
		}
	for (size_t k = 0; k < S_nattrdefs; k++) {
		unsigned h = S_attrhash(S_attrdefs[k].name, S_attrdefs[k].len);
		while (S_attrslot[h])
			h = (h + 1) & 255u;
		S_attrslot[h] = (uint8_t)(k + 1);
	}
}

/* Whether class cls takes key as a flag (*flag) or with a value (*val). */
static void S_allowed_as(int cls, const char *key, bool *flag, bool *val)
{
	if (!S_nattrdefs)
		S_attrdefs_init();
	*flag = *val = false;
	size_t n = strlen(key);
	if (!n)
		return;
	for (unsigned h = S_attrhash(key, n); S_attrslot[h]; h = (h + 1) & 255u) {
		const S_attrdef *d = &S_attrdefs[S_attrslot[h] - 1];
		if (d->len == n && !memcmp(d->name, key, n)) {
			*flag = (d->flag >> cls) & 1;
			*val = (d->val >> cls) & 1;
			return;
		}
	}
}

/* The attribute of class cls closest to key (caller frees), or NULL. */
static const char *S_near_attr(int cls, const char *key)
{
	pol_suggester sg;
	pol_suggest_init(&sg, key);
	char name[32];
	char *copy = NULL;
	for (const char *p = S_allowed[cls]; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " =");
		if (!n)
			break;
		if (n < sizeof name) {
			memcpy(name, p, n);
			name[n] = 0;
			pol_suggest_add(&sg, name);
			if (sg.best == name) { /* a new best: keep a copy, name is reused */
				free(copy);
				copy = pol_xstrdup(name);
				sg.best = copy;
			}
		}
		p += n;
		while (*p && *p != ' ')
			p++;
	}
	return copy;
}

/* Validates attribute names and value/flag use. A wrong attribute is reported and
 * then ignored (its key is blanked), so the directive itself still takes effect and
 * one mistake gives one message. */
static void S_check_attrs(S_state *s, pol_directive *dir, int cls)
{
	for (size_t i = 0; i < dir->nattrs; i++) {
		pol_attr *a = &dir->attrs[i];
		bool is_flag, is_val;
		S_allowed_as(cls, a->key, &is_flag, &is_val);
		bool ok = true;
		if (!is_flag && !is_val) {
			const char *near = S_near_attr(cls, a->key);
			if (near)
				pol_error(s->d, a->key_span, "unknown attribute '%s' for @%s; did you mean '%s'?", a->key,
				          dir->keyword, near);
			else
				pol_error(s->d, a->key_span, "unknown attribute '%s' for @%s", a->key, dir->keyword);
			free((char *)near);
			ok = false;
		} else if (is_flag && a->value) {
			pol_error(s->d, a->key_span, "'%s' takes no value", a->key);
			ok = false;
		} else if (is_val && (!a->value || !*a->value)) {
			pol_error(s->d, a->value ? a->value_span : a->key_span, "'%s' needs a value", a->key);
			ok = false;
		}
		for (size_t j = 0; j < i && ok; j++)
			if (dir->attrs[j].klen == a->klen && !memcmp(dir->attrs[j].key, a->key, a->klen)) {
				pol_error(s->d, a->key_span, "attribute '%s' given twice", a->key);
				ok = false;
			}
		if (!ok) {
			a->key[0] = 0;
			a->klen = 0;
		}
	}
}

/* The attribute named key, or NULL. A directive is asked for some twenty names it
 * mostly does not have: its mask of the names' first two bytes (ast.h) answers most.
 * Inlined where it is asked, so that the length of the name (a literal) is known and the
 * few bytes are compared without a call. */
POL_ALWAYS_INLINE pol_attr *S_attr(pol_directive *dir, const char *key)
{
	if (!(dir->keymask & pol_attr_keybit(key)))
		return NULL;
	size_t n = strlen(key);
	for (size_t i = 0; i < dir->nattrs; i++)
		if (dir->attrs[i].klen == n && !memcmp(dir->attrs[i].key, key, n))
			return &dir->attrs[i];
	return NULL;
}

/* The visibility attribute, if any: -1 when none. */
static int S_vis_attr(S_state *s, pol_directive *dir, pol_attr **which)
{
	static const char *names[] = {"public", "internal", "confidential"};
	int v = -1;
	for (int i = 0; i < 3; i++) {
		pol_attr *a = S_attr(dir, names[i]);
		if (!a)
			continue;
		if (v >= 0) {
			pol_error(s->d, a->key_span, "a node has one visibility: public, internal or confidential");
			continue;
		}
		v = i;
		*which = a;
	}
	return v;
}

/* Copies the item of a space-separated list value and records each as pending. */
static void S_pending_list(S_state *s, pol_node *from, pol_attr *a, int slot)
{
	if (!a || !a->value)
		return;
	const char *v = a->value;
	size_t i = 0, n = strlen(v);
	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		size_t j = i;
		j += strcspn(v + j, " \t"); /* v[n] is its NUL */
		if (j > i) {
			pol_pending *p = pol_arena_alloc(&s->b->refs, sizeof *p);
			p->from = from;
			p->doc = s->doc;
			p->name = pol_arena_strndup(&s->b->refs, v + i, j - i);
			p->span = (pol_span){a->value_span.file, a->value_span.begin + (uint32_t)i,
			                     a->value_span.begin + (uint32_t)j};
			p->slot = slot;
			pol_vec_push(&s->b->pending, p);
		}
		i = j;
	}
}

/* ---- prose collection and inline markup ---- */

/* Appends s[0..n) to md; NULL md: nothing (prose whose md is not kept). */
static inline void S_put(pol_buf *md, const char *s, size_t n)
{
	if (md)
		pol_buf_put(md, s, n);
}

/* Appends the placeholder for inline n to md. */
static void S_placeholder(pol_buf *md, size_t n)
{
	/* U+E000, a digit U+E010 + d each (most significant first), U+E001: written as
	 * one piece of at most 3 * 22 bytes. */
	if (!md)
		return;
	char out[3 * 22], digits[20];
	int k = 0;
	do
		digits[k++] = (char)(n % 10);
	while (n /= 10);
	size_t o = pol_utf8_encode(0xE000, out);
	while (k)
		o += pol_utf8_encode(0xE010 + (uint32_t)digits[--k], out + o);
	o += pol_utf8_encode(0xE001, out + o);
	S_put(md, out, o);
}

static void S_add_inline(S_state *s, pol_prose *p, pol_inline_kind kind, const char *text, pol_span span)
{
	p->inl = pol_arena_grow(&s->m->arena, p->inl, p->ninl, sizeof *p->inl);
	pol_inline *in = &p->inl[p->ninl++];
	memset(in, 0, sizeof *in);
	in->kind = kind;
	in->text = text;
	in->span = span;
}

static pol_term *S_define_term(S_state *s, const char *id, pol_span id_span, const char *title,
                               const char *def_text, pol_vis vis, pol_node *node);
static void S_term_reading(S_state *s, pol_term *t, const char *value, pol_span at);
static char *S_era(S_state *s, const char *iso);

/* p[0..n) without the blanks around it, in the model's arena. */
static char *S_trim(S_state *s, const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return pol_arena_strndup(&s->m->arena, p, n);
}

/* The offset of the first '{', '\\' or private-use lead byte 0xEE in t[i..e), or e:
 * what the scanner must look at; everything before it is copied as it is. */
static size_t S_special(const char *t, size_t i, size_t e)
{
	return i + pol_find3(t + i, e - i, '{', '\\', (char)0xEE);
}

/* Scans one prose line for {…} markup, writing md (unless NULL) and recording inlines. */
static void S_scan_line(S_state *s, pol_prose *p, pol_buf *md, const pol_file *f, size_t b,
                        size_t e, pol_vis vis)
{
	const char *t = f->text;
	size_t i = b;
	while (i < e) {
		size_t j = S_special(t, i, e);
		if (j > i) {
			S_put(md, t + i, j - i);
			i = j;
			continue;
		}
		uint32_t cp;
		size_t k = pol_utf8_decode(t + i, e - i, &cp);
		if (k == 3 && cp >= 0xE000 && cp <= 0xE0FF) {
			pol_error(s->d, ((pol_span){f, (uint32_t)i, (uint32_t)(i + k)}),
			          "private-use character U+%04X is reserved", (unsigned)cp);
			i += k;
			continue;
		}
		if (t[i] == '\\' && i + 1 < e && (t[i + 1] == '{' || t[i + 1] == '}')) {
			S_put(md, t + i, 2);
			i += 2;
			continue;
		}
		if (t[i] != '{') {
			S_put(md, t + i, k ? k : 1);
			i += k ? k : 1;
			continue;
		}
		size_t close = i + 1;
		while (close < e && t[close] != '}' && t[close] != '{')
			close++;
		if (close >= e || t[close] != '}') {
			pol_error(s->d, ((pol_span){f, (uint32_t)i, (uint32_t)(i + 1)}),
			          "unterminated '{' (write '\\{' for a brace)");
			S_put(md, t + i, e - i);
			return;
		}
		const char *in = t + i + 1;
		size_t inlen = close - i - 1;
		pol_span whole = {f, (uint32_t)i, (uint32_t)(close + 1)};
		size_t index = p->ninl;
		if ((inlen == 3 && !strncmp(in, "ref", 3)) || (inlen == 5 && !strncmp(in, "param", 5)) ||
		    (inlen == 3 && !strncmp(in, "def", 3))) {
			pol_error(s->d, whole, "{%.*s} needs a name", (int)inlen, in);
			i = close + 1;
			continue;
		}
		if (inlen > 4 && !strncmp(in, "ref ", 4)) {
			pol_span ns = {f, (uint32_t)(i + 5), (uint32_t)close};
			S_add_inline(s, p, POL_IN_REF, S_trim(s, in + 4, inlen - 4), ns);
		} else if (inlen > 6 && !strncmp(in, "param ", 6)) {
			pol_span ns = {f, (uint32_t)(i + 7), (uint32_t)close};
			S_add_inline(s, p, POL_IN_PARAM, S_trim(s, in + 6, inlen - 6), ns);
		} else if (inlen > 4 && !strncmp(in, "def ", 4)) {
			/* {def ID TITLE: TEXT} */
			const char *colon = memchr(in, ':', inlen);
			char *head = colon ? S_trim(s, in + 4, (size_t)(colon - in) - 4) : NULL;
			char *sp = head ? strchr(head, ' ') : NULL;
			if (!colon || !sp) {
				pol_error(s->d, whole, "a definition is written {def ID TITLE: TEXT}");
				i = close + 1;
				continue;
			}
			*sp = 0;
			char *title = S_trim(s, sp + 1, strlen(sp + 1));
			char *text = S_trim(s, colon + 1, (size_t)(in + inlen - colon - 1));
			/* {def ID TITLE [reading=よみ]: TEXT} */
			char *reading = NULL;
			pol_span rs = whole;
			size_t tl = strlen(title);
			char *rb = strstr(title, "[reading=");
			const char *rsrc = memmem(in, (size_t)(colon - in), "[reading=", 9);
			if (rb && rsrc && tl && title[tl - 1] == ']') {
				title[tl - 1] = 0;
				reading = rb + 9;
				size_t at = (size_t)(rsrc - t) + 9;
				rs = (pol_span){f, (uint32_t)at, (uint32_t)(at + strlen(reading))};
				while (rb > title && rb[-1] == ' ')
					rb--;
				*rb = 0;
			}
			pol_span ids = {f, (uint32_t)(i + 5), (uint32_t)(i + 5 + strlen(head))};
			if (!S_valid_id(head, false))
				pol_error(s->d, ids, "bad id '%s': ids are an ASCII letter, then letters, digits, '-' or '_'", head);
			pol_term *term = S_define_term(s, head, ids, title, text, vis, NULL);
			S_term_reading(s, term, reading, rs);
			S_add_inline(s, p, POL_IN_DEF, text, whole);
			p->inl[p->ninl - 1].term = term;
		} else {
			char *name = S_trim(s, in, inlen);
			if (!*name) {
				pol_error(s->d, whole, "empty '{}' (write '\\{' for a brace)");
				i = close + 1;
				continue;
			}
			S_add_inline(s, p, POL_IN_TERM, name, whole);
		}
		S_placeholder(md, index);
		i = close + 1;
	}
}

static pol_vis S_target_vis(S_state *s);

/* Where the target keeps its prose. */
static pol_prose **S_prose_slot(S_state *s)
{
	switch (s->tkind) {
	case T_NODE: return &((pol_node *)s->target)->body;
	case T_ROLE: return &((pol_role *)s->target)->desc;
	case T_PARAM: return &((pol_param *)s->target)->desc;
	case T_TERM: return &((pol_term *)s->target)->def;
	case T_CHECK: return &((pol_check *)s->target)->question;
	}
	return NULL;
}

/* Sets p's md to md (NULL: none). Where md is the file's text from the prose's first
 * byte on, as it is for prose without {…} markup, it points there instead of holding
 * a copy: the model keeps the text as long as its prose. Only equal bytes are shared,
 * so any other prose (markup, lines apart, parts) simply gets its copy. */
static void S_set_md(S_state *s, pol_prose *p, const pol_buf *md)
{
	if (!md) {
		p->md = NULL;
		p->mdlen = 0;
		return;
	}
	const pol_file *f = p->span.file;
	size_t at = p->span.begin;
	if (f && at <= f->len && md->len <= f->len - at && !memcmp(f->text + at, md->data, md->len))
		p->md = f->text + at;
	else
		p->md = pol_arena_strndup(&s->m->arena, md->data, md->len);
	p->mdlen = md->len;
}

/* Turns the pending prose lines into the target's prose. Pending lines are flushed
 * at every @include and at the end of every file; a directive's prose stands in the
 * file of the directive (S_include_edge), so each target is flushed once — should one
 * ever be flushed again, the later part continues its prose rather than replace it. */
static void S_flush(S_state *s)
{
	pol_vec *L = &s->lines;
	size_t first = 0, last = L->len;
	while (first < last && ((pol_line *)L->items[first])->kind == POL_LINE_BLANK)
		first++;
	while (last > first && ((pol_line *)L->items[last - 1])->kind == POL_LINE_BLANK)
		last--;
	if (first == last || s->tkind == T_NONE || s->tkind == T_SKIP || s->tkind == T_AFTER_POLICY ||
	    s->tkind == T_AFTER_INCLUDE || s->tkind == T_INCLUDE_TOP || s->tkind == T_FRAMEWORK) {
		/* Prose under a directive that failed was reported with it: skip it quietly. */
		if (first < last && s->tkind != T_SKIP) {
			pol_line *l = L->items[first];
			pol_error(s->d, l->span, "%s",
			          s->tkind == T_NONE            ? "prose before any directive"
			          : s->tkind == T_AFTER_POLICY ? "prose after @policy belongs to nothing: start a @document first"
			          : s->tkind == T_FRAMEWORK ? "a framework's catalog holds ids and titles only: prose here belongs to nothing"
			          : s->tkind == T_INCLUDE_TOP
			              ? "prose at the top of an included file belongs to nothing: start the file with a directive"
			              : "prose after @include belongs to nothing: put it under a directive");
		}
		L->len = 0;
		return;
	}
	if (s->tkind == T_NODE && ((pol_node *)s->target)->deleted) {
		pol_error(s->d, ((pol_line *)L->items[first])->span,
		          "a deleted article has no text of its own: 削除 is its text");
		L->len = 0;
		return;
	}
	pol_prose **slot = S_prose_slot(s);
	pol_prose *p = *slot;
	/* md is written into one buffer for all prose and copied out at its size. */
	pol_buf md = s->md;
	md.len = 0;
	pol_vis vis = S_target_vis(s);
	/* A model for diagnostics only keeps the text of definitions: the checks compare
	 * those; nothing reads any other prose's md. */
	bool keep = !s->b->no_md || s->tkind == T_TERM ||
	            (s->tkind == T_NODE && (((pol_node *)s->target)->sem & POL_SEM_TERM));
	if (p) {
		/* A later part: blank lines between the parts are kept. */
		if (p->md)
			pol_buf_put(&md, p->md, p->mdlen);
		if (s->blank_after)
			pol_buf_putc(&md, '\n');
		first = 0;
	}
	s->blank_after = last < L->len;
	for (size_t i = first; i < last; i++) {
		pol_line *l = L->items[i];
		if (l->kind == POL_LINE_PROSE)
			S_scan_line(s, p ? p : (p = pol_arena_calloc(&s->m->arena, sizeof *p)), keep ? &md : NULL,
			            l->span.file, l->span.begin, l->span.end, vis);
		if (keep)
			pol_buf_putc(&md, '\n');
	}
	pol_line *l1 = L->items[last - 1];
	if (*slot) {
		S_set_md(s, p, keep ? &md : NULL);
		s->md = md;
		if (l1->span.file == p->span.file)
			p->span.end = l1->span.end;
		L->len = 0;
		return;
	}
	if (!p)
		p = pol_arena_calloc(&s->m->arena, sizeof *p);
	pol_line *l0 = L->items[first];
	p->span = (pol_span){l0->span.file, l0->span.begin,
	                     l1->span.file == l0->span.file ? l1->span.end : l0->span.end};
	S_set_md(s, p, keep ? &md : NULL);
	s->md = md;
	L->len = 0;

	pol_prose_ctx *ctx = pol_arena_calloc(&s->b->arena, sizeof *ctx);
	ctx->prose = p;
	ctx->doc = s->doc;
	ctx->vis = vis;
	switch (s->tkind) {
	case T_NODE: {
		pol_node *n = s->target;
		n->body = p;
		ctx->node = n;
		ctx->what = "text";
		break;
	}
	case T_ROLE:
		((pol_role *)s->target)->desc = p;
		ctx->doc = NULL;
		ctx->what = "role description";
		break;
	case T_PARAM:
		((pol_param *)s->target)->desc = p;
		ctx->doc = NULL;
		ctx->what = "parameter description";
		break;
	case T_TERM: {
		pol_term *t = s->target;
		t->def = p;
		ctx->doc = NULL;
		ctx->what = "definition";
		break;
	}
	case T_CHECK:
		((pol_check *)s->target)->question = p;
		ctx->node = ((pol_check *)s->target)->rule;
		ctx->what = "check";
		break;
	}
	pol_vec_push(&s->b->prose, ctx);
}

static pol_vis S_target_vis(S_state *s)
{
	switch (s->tkind) {
	case T_NODE: return ((pol_node *)s->target)->vis;
	case T_ROLE: return ((pol_role *)s->target)->vis;
	case T_PARAM: return ((pol_param *)s->target)->vis;
	case T_TERM: return ((pol_term *)s->target)->vis;
	case T_CHECK: return ((pol_check *)s->target)->rule->vis;
	}
	return POL_INTERNAL;
}

/* Gives term t (just defined) the reading of attribute a (reading=), when a is given
 * and its value is kana; an error otherwise. */
static void S_term_reading(S_state *s, pol_term *t, const char *value, pol_span at)
{
	if (!value)
		return;
	if (!pol_term_is_kana(value)) {
		pol_error(s->d, at, "reading '%s' is not kana (write the term's reading in hiragana or katakana)", value);
		return;
	}
	if (!t->reading)
		t->reading = pol_arena_strdup(&s->m->arena, value);
}

static pol_term *S_define_term(S_state *s, const char *id, pol_span id_span, const char *title,
                               const char *def_text, pol_vis vis, pol_node *node)
{
	pol_term *prev = pol_map_get(s->m->term_by_id, id);
	if (prev) {
		/* Block terms' texts are known only once their prose is read: compare later. */
		pol_redef *r = pol_arena_calloc(&s->b->arena, sizeof *r);
		r->term = prev;
		r->title = pol_arena_strndup(&s->b->arena, title, strlen(title));
		r->text = def_text ? pol_arena_strndup(&s->b->arena, def_text, strlen(def_text)) : NULL;
		r->node = node;
		r->span = id_span;
		pol_vec_push(&s->b->redefs, r);
		return prev;
	}
	pol_term *same = pol_map_get(s->m->term_by_title, title);
	if (same) {
		pol_warning(s->d, id_span, "term '%s' has the title '%s' of term '%s'", id, title, same->id);
		pol_note(s->d, same->span, "first defined here");
	}
	pol_arena *A = &s->m->arena;
	pol_term *t = pol_arena_calloc(A, sizeof *t);
	t->id = pol_arena_strdup(A, id);
	t->title = pol_arena_strdup(A, title);
	t->def_text = pol_arena_strdup(A, def_text);
	t->vis = vis;
	t->node = node;
	t->span = id_span;
	pol_map_set(s->m->term_by_id, t->id, t);
	if (!pol_map_get(s->m->term_by_title, title))
		pol_map_set(s->m->term_by_title, t->title, t);
	pol_vec_push(&s->terms, t);
	return t;
}

/* ---- directives ---- */

static void S_policy(S_state *s, pol_directive *dir)
{
	pol_model *m = s->m;
	if (s->seen_policy) {
		pol_error(s->d, dir->kw_span, "@policy given twice");
		return;
	}
	s->seen_policy = true;
	if (!dir->id)
		pol_error(s->d, dir->kw_span, "@policy needs an id and a title");
	else if (!S_valid_id(dir->id, false))
		pol_error(s->d, dir->id_span, "bad id '%s'", dir->id);
	pol_arena *A = &m->arena;
	m->id = pol_arena_strdup(A, dir->id ? dir->id : "policy");
	m->title = pol_arena_strdup(A, dir->title ? dir->title : "");
	pol_attr *a;
	if ((a = S_attr(dir, "organization")))
		m->organization = pol_arena_strdup(A, a->value);
	if ((a = S_attr(dir, "issued"))) {
		if (!pol_date_valid(a->value, true))
			pol_error(s->d, a->value_span, "date '%s' does not exist (write YYYY-MM or YYYY-MM-DD)", a->value);
		else {
			m->issued = pol_arena_strdup(A, a->value);
			m->issued_era = S_era(s, a->value);
		}
	}
	if ((a = S_attr(dir, "numbering"))) {
		if (!strcmp(a->value, "reiki"))
			m->numbering = POL_NUM_REIKI;
		else if (strcmp(a->value, "guideline"))
			pol_error(s->d, a->value_span, "unknown numbering '%s' (guideline or reiki)", a->value);
	}
	if ((a = S_attr(dir, "public-commit"))) {
		if (!strcmp(a->value, "yes"))
			m->public_commit = true;
		else if (strcmp(a->value, "no"))
			pol_error(s->d, a->value_span, "public-commit must be yes or no, not '%s'", a->value);
	}
	if ((a = S_attr(dir, "toc-range"))) {
		if (!strcmp(a->value, "―") || !strcmp(a->value, "～"))
			m->toc_range_sep = pol_arena_strdup(&m->arena, a->value);
		else
			pol_error(s->d, a->value_span, "unknown 目次 range separator '%s' (― or ～)", a->value);
	}
}

static bool S_need_id(S_state *s, pol_directive *dir, bool dots)
{
	if (!dir->id) {
		pol_error(s->d, dir->title ? dir->title_span : dir->kw_span, "@%s needs an id", dir->keyword);
		return false;
	}
	if (!S_valid_id(dir->id, dots)) {
		pol_error(s->d, dir->id_span,
		          "bad id '%s': ids are an ASCII letter, then letters, digits, '-' or '_'%s", dir->id,
		          dots ? " or '.'" : "");
		return false;
	}
	return true;
}

static void S_role(S_state *s, pol_directive *dir)
{
	if (!S_need_id(s, dir, false))
		return;
	pol_role *prev = pol_map_get(s->m->role_by_id, dir->id);
	if (prev) {
		pol_error(s->d, dir->id_span, "duplicate role '%s'", dir->id);
		pol_note(s->d, prev->span, "first defined here");
		return;
	}
	pol_role *r = pol_arena_calloc(&s->m->arena, sizeof *r);
	r->id = pol_arena_strdup(&s->m->arena, dir->id);
	r->title = pol_arena_strdup(&s->m->arena, dir->title ? dir->title : dir->id);
	pol_attr *va = NULL;
	int v = S_vis_attr(s, dir, &va);
	r->vis = v < 0 ? POL_INTERNAL : (pol_vis)v;
	r->span = dir->id_span;
	pol_map_set(s->m->role_by_id, r->id, r);
	pol_vec_push(&s->roles, r);
	s->tkind = T_ROLE;
	s->target = r;
}

static void S_param(S_state *s, pol_directive *dir)
{
	if (!S_need_id(s, dir, true))
		return;
	pol_param *prev = pol_map_get(s->m->param_by_id, dir->id);
	if (prev) {
		pol_error(s->d, dir->id_span, "duplicate parameter '%s'", dir->id);
		pol_note(s->d, prev->span, "first defined here");
		return;
	}
	static const char *types[] = {"number", "text", "duration", "date"};
	int type = -1;
	for (int i = 0; i < 4; i++)
		if (S_attr(dir, types[i])) {
			if (type >= 0)
				pol_error(s->d, S_attr(dir, types[i])->key_span, "a parameter has one type");
			type = i;
		}
	if (type < 0) {
		pol_error(s->d, dir->id_span, "parameter '%s' needs a type: number, text, duration or date", dir->id);
		return;
	}
	pol_attr *va = S_attr(dir, "value");
	if (!va) {
		pol_error(s->d, dir->id_span, "parameter '%s' needs a value", dir->id);
		return;
	}
	pol_attr *ua = S_attr(dir, "unit");
	if (ua && type != POL_P_NUMBER)
		pol_error(s->d, ua->key_span, "only number parameters have a unit");
	const char *v = va->value;
	char *display = NULL;
	if (type == POL_P_NUMBER) {
		/* Decimal only: an optional minus, digits, an optional fraction. */
		const char *q = v + (*v == '-');
		size_t digits = strspn(q, "0123456789");
		bool ok = digits > 0;
		q += digits;
		if (ok && *q == '.') {
			size_t frac = strspn(q + 1, "0123456789");
			ok = frac > 0;
			q += 1 + frac;
		}
		if (!ok || *q)
			pol_error(s->d, va->value_span, "'%s' is not a number", v);
		display = pol_arena_printf(&s->m->arena, "%s%s", v, ua ? ua->value : "");
	} else if (type == POL_P_DURATION) {
		static const char *units = "hdwmy";
		static const char *names[] = {"時間", "日", "週間", "か月", "年"};
		size_t n = strlen(v);
		const char *u = n ? strchr(units, v[n - 1]) : NULL;
		bool digits = n > 1;
		for (size_t i = 0; i + 1 < n; i++)
			if (v[i] < '0' || v[i] > '9')
				digits = false;
		if (!u || !digits)
			pol_error(s->d, va->value_span, "'%s' is not a duration (a number and h, d, w, m or y: 90d)", v);
		else
			display = pol_arena_printf(&s->m->arena, "%.*s%s", (int)(n - 1), v, names[u - units]);
	} else if (type == POL_P_DATE) {
		if (strlen(v) != 10 || !pol_date_valid(v, false))
			pol_error(s->d, va->value_span, "date '%s' does not exist (write YYYY-MM-DD)", v);
		else
			display = S_era(s, v);
	} else {
		display = pol_arena_strdup(&s->m->arena, v);
	}
	pol_arena *A = &s->m->arena;
	pol_param *p = pol_arena_calloc(A, sizeof *p);
	p->id = pol_arena_strdup(A, dir->id);
	p->type = (pol_param_type)type;
	p->value = pol_arena_strdup(A, v);
	p->unit = ua ? pol_arena_strdup(A, ua->value) : NULL;
	p->display = display ? display : p->value;
	pol_attr *visa = NULL;
	int vis = S_vis_attr(s, dir, &visa);
	p->vis = vis < 0 ? POL_INTERNAL : (pol_vis)vis;
	p->span = dir->id_span;
	pol_map_set(s->m->param_by_id, p->id, p);
	pol_vec_push(&s->params, p);
	s->tkind = T_PARAM;
	s->target = p;
}

static void S_add_kid(S_state *s, pol_node *parent, pol_node *kid)
{
	parent->kids = pol_arena_grow(&s->m->arena, parent->kids, parent->nkids, sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
	kid->parent = parent;
}

/* The parent a node of this kind gets, or NULL with an error. */
static pol_node *S_parent_for(S_state *s, pol_directive *dir, pol_kind kind)
{
	pol_node **c = s->cur;
	const char *need = NULL;
	pol_node *p = NULL;
	switch (kind) {
	case POL_CHAPTER:
	case POL_SUPPLEMENT:
	case POL_APPENDIX: p = c[POL_DOCUMENT]; need = "a document"; break;
	case POL_SECTION: p = c[POL_CHAPTER]; need = "a chapter"; break;
	case POL_SUBSECTION: p = c[POL_SECTION]; need = "a section"; break;
	case POL_ARTICLE:
		p = c[POL_SUBSECTION] ? c[POL_SUBSECTION] : c[POL_SECTION] ? c[POL_SECTION] : c[POL_CHAPTER];
		need = "a chapter";
		break;
	case POL_PARAGRAPH:
		/* a 附則 may be made of 項 (1, 2 …) without articles */
		p = c[POL_ARTICLE] ? c[POL_ARTICLE]
		    : c[POL_CHAPTER] && c[POL_CHAPTER]->kind == POL_SUPPLEMENT ? c[POL_CHAPTER] : NULL;
		need = "an article";
		break;
	case POL_ITEM: p = c[POL_PARAGRAPH] ? c[POL_PARAGRAPH] : c[POL_ARTICLE]; need = "an article"; break;
	case POL_SUBITEM: p = c[POL_ITEM]; need = "an item"; break;
	case POL_SUBSUBITEM: p = c[POL_SUBITEM]; need = "a sub-item"; break;
	default: break;
	}
	if (!p && !s->failed_parent)
		pol_error(s->d, dir->kw_span, "@%s outside %s", dir->keyword, need);
	if (!p)
		s->misplaced = true;
	return p;
}

/* "a.b" in the model's arena, without a trip through printf (one per node). */
static char *S_dotted(S_state *st, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = pol_arena_alloc(&st->m->arena, na + nb + 2);
	memcpy(s, a, na);
	s[na] = '.';
	memcpy(s + na + 1, b, nb + 1);
	return s;
}

/* An ISO date in the Japanese era, in the model's arena. */
static char *S_era(S_state *s, const char *iso)
{
	char *e = pol_era_date(iso);
	char *c = pol_arena_strdup(&s->m->arena, e);
	free(e);
	return c;
}

static void S_register_id(S_state *s, pol_node *n, pol_directive *dir)
{
	pol_node *doc = n->kind == POL_DOCUMENT ? NULL : s->doc;
	n->key = doc ? S_dotted(s, doc->id, n->id) : n->id;
	/* One probe: set, and put the first back on a clash (the map keeps its key). */
	pol_node *prev = pol_map_set(s->m->by_key, n->key, n);
	if (prev) {
		pol_map_set(s->m->by_key, n->key, prev);
		pol_error(s->d, dir->id_span, "duplicate id '%s'", n->id);
		pol_note(s->d, prev->span, "first defined here");
		n->key = pol_arena_printf(&s->m->arena, "%s#dup%p", n->id, (void *)n);
		return;
	}
	if (n->kind == POL_DOCUMENT)
		return;
	pol_idinfo *info = pol_map_get(s->b->ids, n->id);
	if (!info) {
		info = pol_arena_calloc(&s->b->arena, sizeof *info);
		info->first = n;
		pol_map_set(s->b->ids, n->id, info);
	}
	info->count++;
}

static pol_node *S_node_new(S_state *s, pol_directive *dir, pol_kind kind)
{
	pol_node *n = pol_arena_calloc(&s->m->arena, sizeof *n);
	n->kind = kind;
	n->id = pol_arena_strdup(&s->m->arena, dir->id);
	n->title = pol_arena_strdup(&s->m->arena, dir->title);
	n->span = dir->id ? dir->id_span : dir->kw_span;
	return n;
}

/* Visibility: explicit, else the parent's; a child may not be more public. */
static void S_set_vis(S_state *s, pol_node *n, pol_directive *dir, pol_vis inherited, bool has_parent)
{
	pol_attr *va = NULL;
	int v = S_vis_attr(s, dir, &va);
	n->vis = v < 0 ? inherited : (pol_vis)v;
	if (v >= 0 && has_parent && (pol_vis)v < inherited) {
		pol_error(s->d, va->key_span, "'%s' node inside %s %s one: a child may not be more public than its parent",
		          pol_vis_name((pol_vis)v), inherited == POL_INTERNAL ? "an" : "a", pol_vis_name(inherited));
		n->vis = inherited;
	}
}

/* 公布日 and 番号 of a 例規 (a document) or of an amendment (a 附則): promulgated= is
 * a date, number= the number as the organization writes it (訓令第5号). */
static void S_law_header(S_state *s, pol_node *n, pol_directive *dir)
{
	pol_attr *a;
	if ((a = S_attr(dir, "promulgated"))) {
		if (strlen(a->value) != 10 || !pol_date_valid(a->value, false))
			pol_error(s->d, a->value_span, "date '%s' does not exist (write YYYY-MM-DD)", a->value);
		else {
			pol_more_mut(n, &s->m->arena)->promulgated = pol_arena_strdup(&s->m->arena, a->value);
			pol_more_mut(n, &s->m->arena)->promulgated_era = S_era(s, a->value);
		}
	}
	if ((a = S_attr(dir, "number")))
		pol_more_mut(n, &s->m->arena)->law_number = pol_arena_strdup(&s->m->arena, a->value);
}

static void S_document(S_state *s, pol_directive *dir)
{
	if (!S_need_id(s, dir, false))
		return;
	pol_node *n = S_node_new(s, dir, POL_DOCUMENT);
	S_set_vis(s, n, dir, POL_INTERNAL, false);
	S_register_id(s, n, dir);
	pol_attr *a;
	if ((a = S_attr(dir, "tier"))) {
		static const char *tiers[] = {"", "preface", "basic", "standards", "procedures", "supplementary"};
		for (int i = 1; i < 6; i++)
			if (!strcmp(a->value, tiers[i]))
				n->tier = (pol_tier)i;
		if (!n->tier)
			pol_error(s->d, a->value_span,
			          "unknown tier '%s' (preface, basic, standards, procedures or supplementary)", a->value);
	}
	if ((a = S_attr(dir, "summary")))
		pol_more_mut(n, &s->m->arena)->summary = pol_arena_strdup(&s->m->arena, a->value);
	if ((a = S_attr(dir, "notice")))
		pol_more_mut(n, &s->m->arena)->notice = pol_arena_strdup(&s->m->arena, a->value);
	n->listed = S_attr(dir, "listed") != NULL;
	S_law_header(s, n, dir);
	memset(s->cur, 0, sizeof s->cur);
	s->cur[POL_DOCUMENT] = n;
	s->doc = n;
	pol_vec_push(&s->docs, n);
	pol_vec_push(&s->nodes, n);
	s->tkind = T_NODE;
	s->target = n;
	s->last_node = n;
}

/* `deleted` (削除, docs/reiki.md): a reiki article that keeps its number, or with
 * `articles=N` the N numbers from it, and whose whole text is 削除 — made here as its
 * prose, so every output prints 第5条　削除 as it prints any article's text. */
static void S_deleted(S_state *s, pol_node *n, pol_directive *dir)
{
	pol_attr *d = S_attr(dir, "deleted"), *na = S_attr(dir, "articles");
	if (!d) {
		if (na)
			pol_error(s->d, na->key_span, "'articles' is for deleted articles: add deleted");
		return;
	}
	if (n->kind != POL_ARTICLE || n->sem) {
		pol_error(s->d, d->key_span, "only an @article may be deleted, not @%s", dir->keyword);
		return;
	}
	if (s->m->numbering != POL_NUM_REIKI) {
		pol_error(s->d, d->key_span, "deleted articles (削除) need numbering = reiki");
		return;
	}
	if (n->title) {
		pol_error(s->d, dir->title_span, "a deleted article has no caption: 削除 is all it says");
		return;
	}
	unsigned span = 1;
	if (na) {
		char *end = NULL;
		long v = strtol(na->value, &end, 10);
		if (!(na->value[0] >= '0' && na->value[0] <= '9') || *end || v < 2 || v > 999) {
			pol_error(s->d, na->value_span, "'articles' is how many articles were deleted: 2 to 999, not '%s'",
			          na->value);
			return;
		}
		span = (unsigned)v;
	}
	n->deleted = span;
	pol_prose *p = pol_arena_calloc(&s->m->arena, sizeof *p);
	p->md = "削除";
	p->mdlen = strlen(p->md);
	p->span = dir->kw_span;
	n->body = p;
	pol_prose_ctx *ctx = pol_arena_calloc(&s->b->arena, sizeof *ctx);
	ctx->prose = p;
	ctx->doc = s->doc;
	ctx->vis = n->vis;
	ctx->node = n;
	ctx->what = "text";
	pol_vec_push(&s->b->prose, ctx);
}

static void S_structural(S_state *s, pol_directive *dir, const S_dirdef *def)
{
	pol_kind kind = def->kind;
	if (def->cls == C_TERM && !s->cur[POL_ARTICLE]) {
		/* a glossary term outside the structure */
		if (!S_need_id(s, dir, false))
			return;
		pol_attr *va = NULL;
		int v = S_vis_attr(s, dir, &va);
		if (!dir->title) {
			pol_error(s->d, dir->id_span, "term '%s' needs a title", dir->id);
			return;
		}
		pol_vis vis = v < 0 ? (s->doc ? s->doc->vis : POL_INTERNAL) : (pol_vis)v;
		pol_term *t = S_define_term(s, dir->id, dir->id_span, dir->title, NULL, vis, NULL);
		pol_attr *ra = S_attr(dir, "reading");
		if (ra)
			S_term_reading(s, t, ra->value, ra->value_span);
		/* A term defined again keeps its first definition: a block term's is its node's text. */
		s->tkind = t->def || t->node ? T_SKIP : T_TERM;
		s->target = t;
		return;
	}
	pol_node *parent = S_parent_for(s, dir, kind);
	if (!parent) {
		s->tkind = T_SKIP;
		return;
	}
	for (const pol_node *up = parent; up && up->kind >= POL_ARTICLE; up = up->parent)
		if (up->kind == POL_ARTICLE && up->deleted) {
			pol_error(s->d, dir->kw_span, "a deleted article (削除) has no 項 or 号");
			s->tkind = T_SKIP;
			return;
		}
	bool needs_id = kind <= POL_ARTICLE || kind == POL_SUPPLEMENT || kind == POL_APPENDIX ||
	                (def->sem & (POL_SEM_RULE | POL_SEM_TERM | POL_SEM_THREAT | POL_SEM_MEASURE));
	pol_attr *levels[3] = {S_attr(dir, "must"), S_attr(dir, "should"), S_attr(dir, "may")};
	if ((levels[0] || levels[1] || levels[2]) && kind < POL_ARTICLE) {
		pol_error(s->d, dir->kw_span, "a rule is an article or a node below one, not a %s",
		          pol_kind_name(kind));
		s->tkind = T_SKIP;
		return;
	}
	if (levels[0] || levels[1] || levels[2] || (def->sem & POL_SEM_RULE) || S_attr(dir, "rule"))
		needs_id = true;
	if (S_attr(dir, "term") || S_attr(dir, "threat") || S_attr(dir, "measure"))
		needs_id = true;
	if (needs_id ? !S_need_id(s, dir, false) : (dir->id && !S_valid_id(dir->id, false))) {
		if (dir->id && !needs_id)
			pol_error(s->d, dir->id_span, "bad id '%s': ids are an ASCII letter, then letters, digits, '-' or '_'", dir->id);
		s->tkind = T_SKIP;
		return;
	}
	pol_node *n = S_node_new(s, dir, kind);
	n->sem = def->sem;
	static const struct {
		const char *flag;
		unsigned sem;
	} sems[] = {{"rule", POL_SEM_RULE}, {"term", POL_SEM_TERM}, {"threat", POL_SEM_THREAT},
	            {"measure", POL_SEM_MEASURE}, {"procedure", POL_SEM_PROCEDURE}, {"step", POL_SEM_STEP}};
	for (size_t i = 0; i < sizeof sems / sizeof *sems; i++)
		if (S_attr(dir, sems[i].flag))
			n->sem |= sems[i].sem;
	int nlev = 0;
	for (int i = 0; i < 3; i++)
		if (levels[i]) {
			if (nlev++)
				pol_error(s->d, levels[i]->key_span, "a rule has one level: must, should or may");
			else
				n->level = (pol_rule_level)(POL_MUST + i);
		}
	if (n->level)
		n->sem |= POL_SEM_RULE;
	if ((n->sem & POL_SEM_RULE) && !n->level)
		pol_error(s->d, dir->id ? dir->id_span : dir->kw_span, "rule '%s' needs a level: must, should or may",
		          dir->id ? dir->id : "");
	if (!(n->sem & POL_SEM_RULE)) {
		static const char *rule_only[] = {"applies", "owner"};
		for (int i = 0; i < 2; i++) {
			pol_attr *a = S_attr(dir, rule_only[i]);
			if (a)
				pol_error(s->d, a->key_span, "'%s' is for rules: add must, should or may", rule_only[i]);
		}
	}
	pol_attr *ra = S_attr(dir, "role");
	if (ra && !(n->sem & POL_SEM_STEP))
		pol_error(s->d, ra->key_span, "'role' is for procedure steps");
	pol_attr *ca = S_attr(dir, "counters");
	if (ca && !(n->sem & (POL_SEM_RULE | POL_SEM_MEASURE))) {
		pol_error(s->d, ca->key_span, "'counters' is for rules and measures");
		ca->key[0] = 0;
	}
	if (n->sem & POL_SEM_STEP) {
		const pol_node *p = parent;
		while (p && !(p->sem & POL_SEM_PROCEDURE))
			p = p->parent;
		if (!p)
			pol_error(s->d, dir->kw_span, "a step belongs in a procedure");
	}
	if ((n->sem & POL_SEM_TERM) && !n->title) {
		pol_error(s->d, dir->id_span, "term '%s' needs a title", dir->id);
		n->sem &= ~(unsigned)POL_SEM_TERM;
	}
	S_set_vis(s, n, dir, parent->vis, true);
	S_add_kid(s, parent, n);
	if (n->id)
		S_register_id(s, n, dir);
	if (kind == POL_SUPPLEMENT) {
		/* 施行日: a date, or words (公布の日) for a 附則 that says so in its text; none at
		 * all when the text alone says it. Only what starts with a digit is a date. */
		S_law_header(s, n, dir);
		pol_attr *ea = S_attr(dir, "effective");
		if (!ea)
			;
		else if (ea->value[0] >= '0' && ea->value[0] <= '9') {
			if (strlen(ea->value) != 10 || !pol_date_valid(ea->value, false))
				pol_error(s->d, ea->value_span, "date '%s' does not exist (write YYYY-MM-DD)", ea->value);
			else {
				pol_more_mut(n, &s->m->arena)->effective = pol_arena_strdup(&s->m->arena, ea->value);
				pol_more_mut(n, &s->m->arena)->effective_era = S_era(s, ea->value);
			}
		} else {
			pol_more_mut(n, &s->m->arena)->effective_era = pol_arena_strdup(&s->m->arena, ea->value);
		}
	}
	if (kind == POL_PARAGRAPH && parent->kind == POL_SUPPLEMENT && parent->body)
		pol_error(s->d, dir->kw_span, "a 附則 made of 項 has no text of its own: put its first 項 in a @paragraph");
	S_deleted(s, n, dir);
	if (kind == POL_APPENDIX) {
		pol_more_mut(n, &s->m->arena)->form = !strcmp(dir->keyword, "form");
		S_pending_list(s, n, S_attr(dir, "rel"), POL_REF_RELATED);
	}
	S_pending_list(s, n, S_attr(dir, "implements"), POL_REF_IMPLEMENTS);
	S_pending_list(s, n, S_attr(dir, "counters"), POL_REF_COUNTERS);
	S_pending_list(s, n, S_attr(dir, "maps"), POL_REF_MAPS);
	if (n->sem & POL_SEM_RULE) {
		S_pending_list(s, n, S_attr(dir, "applies"), POL_REF_APPLIES);
		pol_attr *oa = S_attr(dir, "owner");
		if (oa && strchr(oa->value, ' '))
			pol_error(s->d, oa->value_span, "a rule has one owner");
		else
			S_pending_list(s, n, oa, POL_REF_OWNER);
	}
	if (n->sem & POL_SEM_STEP)
		S_pending_list(s, n, ra, POL_REF_ROLE);
	int level = kind == POL_SUPPLEMENT || kind == POL_APPENDIX ? POL_CHAPTER : (int)kind;
	for (int l = level; l <= POL_SUBSUBITEM; l++)
		s->cur[l] = NULL;
	/* An appendix holds prose only: nothing nests in it. */
	s->cur[level] = kind == POL_APPENDIX ? NULL : n;
	pol_vec_push(&s->nodes, n);
	s->tkind = T_NODE;
	s->target = n;
	s->last_node = n;
	if (n->sem & POL_SEM_TERM) {
		pol_term *t = S_define_term(s, n->id, dir->id_span, n->title, NULL, n->vis, n);
		pol_attr *rda = S_attr(dir, "reading");
		if (rda)
			S_term_reading(s, t, rda->value, rda->value_span);
	} else {
		pol_attr *bad = S_attr(dir, "reading");
		if (bad)
			pol_error(s->d, bad->key_span, "reading= is for terms only");
	}
}

static void S_doctable(S_state *s, pol_directive *dir)
{
	pol_node *parent = s->last_node && s->last_node->kind != POL_DOCTABLE ? s->last_node : NULL;
	if (s->last_node && s->last_node->kind == POL_DOCTABLE)
		parent = s->last_node->parent;
	if (!parent || parent->kind == POL_DOCUMENT || parent->kind == POL_APPENDIX) {
		pol_error(s->d, dir->kw_span, "@doctable outside a chapter");
		s->tkind = T_SKIP;
		return;
	}
	if (dir->id) {
		pol_error(s->d, dir->id_span, "@doctable takes a title, not an id");
		s->tkind = T_SKIP;
		return;
	}
	pol_node *n = S_node_new(s, dir, POL_DOCTABLE);
	n->vis = parent->vis;
	S_add_kid(s, parent, n);
	pol_vec_push(&s->nodes, n);
	s->tkind = T_NODE;
	s->target = n;
	s->last_node = n;
}

static void S_check(S_state *s, pol_directive *dir)
{
	pol_node *rule = s->last_node;
	if (!rule || !(rule->sem & POL_SEM_RULE) || !(s->tkind == T_NODE || s->tkind == T_CHECK)) {
		if (!s->failed_parent)
			pol_error(s->d, dir->kw_span, "@check outside a rule");
		s->tkind = T_SKIP;
		return;
	}
	if (dir->id && !S_valid_id(dir->id, false)) {
		pol_error(s->d, dir->id_span, "bad id '%s'", dir->id);
		s->tkind = T_SKIP;
		return;
	}
	if (dir->title) {
		pol_error(s->d, dir->title_span, "a check's question is the prose below it, not a title");
		s->tkind = T_SKIP;
		return;
	}
	pol_arena *A = &s->m->arena;
	pol_check *c = pol_arena_calloc(A, sizeof *c);
	c->rule = rule;
	c->span = dir->id ? dir->id_span : dir->kw_span;
	if (dir->id) {
		c->id = S_dotted(s, pol_node_document(rule)->id, dir->id);
	} else {
		/* "<rule key>.c<N>" */
		char tail[24], *p = tail + sizeof tail;
		*--p = 0;
		for (size_t k = (size_t)rule->nchecks + 1; k; k /= 10)
			*--p = (char)('0' + k % 10);
		*--p = 'c';
		c->id = S_dotted(s, rule->key, p);
	}
	if (dir->id) {
		pol_node *clash = pol_map_get(s->m->by_key, c->id);
		pol_check *twin = pol_map_get(s->b->checks, c->id);
		if (clash || twin) {
			pol_error(s->d, dir->id_span, "duplicate id '%s'", dir->id);
			pol_note(s->d, clash ? clash->span : twin->span, "first defined here");
		} else {
			pol_map_set(s->b->checks, c->id, c);
		}
	}
	pol_attr *a;
	if ((a = S_attr(dir, "every"))) {
		static const char *ev[] = {"day", "week", "month", "quarter", "half-year", "year", "event"};
		static const char *ja[] = {"毎日", "毎週", "毎月", "四半期ごと", "半年ごと", "毎年", "随時"};
		for (int i = 0; i < 7; i++)
			if (!strcmp(a->value, ev[i])) {
				c->every = (char *)ev[i];
				c->every_ja = (char *)ja[i];
				break;
			}
		if (!c->every)
			pol_error(s->d, a->value_span,
			          "unknown frequency '%s' (day, week, month, quarter, half-year, year or event)", a->value);
	}
	if ((a = S_attr(dir, "evidence")))
		c->evidence = pol_arena_strdup(A, a->value);
	rule->checks = pol_arena_grow(A, rule->checks, rule->nchecks, sizeof *rule->checks);
	rule->checks[rule->nchecks++] = c;
	s->tkind = T_CHECK;
	s->target = c;
}

/* Whether a directive of class cls opens something that later directives go into. */
static bool S_opens_parent(int cls)
{
	return cls == C_NODE || cls == C_SUPPLEMENT || cls == C_DOCUMENT || cls == C_TERM;
}

static void S_directive(S_state *s, pol_directive *dir)
{
	const S_dirdef *def = S_dir_find(dir->keyword);
	s->misplaced = false;
	if (!def) {
		/* A misspelt directive is read as the one it is closest to, so what follows it
		 * is placed as the author meant and the mistake gives one error. */
		pol_suggester sg;
		pol_suggest_init(&sg, dir->keyword);
		for (size_t i = 0; i < sizeof S_dirs / sizeof *S_dirs; i++)
			pol_suggest_add(&sg, S_dirs[i].kw);
		pol_suggest_add(&sg, "include");
		const char *near = pol_suggest_best(&sg);
		if (near) {
			pol_error(s->d, dir->kw_span, "unknown directive '@%s'; did you mean '@%s'?", dir->keyword, near);
			for (size_t i = 0; i < sizeof S_dirs / sizeof *S_dirs && !def; i++)
				if (!strcmp(S_dirs[i].kw, near))
					def = &S_dirs[i];
		} else {
			pol_error(s->d, dir->kw_span, "unknown directive '@%s'", dir->keyword);
		}
		if (!def) {
			s->tkind = T_SKIP;
			s->target = NULL;
			s->failed_parent = true;
			return;
		}
	}
	if (!s->seen_policy && def->cls != C_POLICY && !s->complained_policy) {
		pol_error(s->d, dir->kw_span, "the policy must start with @policy");
		s->complained_policy = true;
	}
	S_check_attrs(s, dir, def->cls);
	/* Until the directive succeeds, the prose below it belongs to nothing: a failed
	 * directive must not leave the previous target open (its prose would be replaced). */
	if (def->cls != C_CHECK) { /* a check looks at what is open: S_check decides */
		s->tkind = T_SKIP;
		s->target = NULL;
	}
	if (def->cls != C_CLAUSE) {
		s->b->fw = NULL; /* a framework's catalog is its @clause lines right below it */
		s->b->fw_failed = false;
	}
	if (def->cls != C_POLICY && def->cls != C_DOCTABLE && def->cls != C_CHECK && dir->id &&
	    def->cls != C_PARAM && def->cls != C_CLAUSE && strchr(dir->id, '.')) {
		pol_error(s->d, dir->id_span, "bad id '%s': ids are an ASCII letter, then letters, digits, '-' or '_'",
		          dir->id);
		s->tkind = T_SKIP;
		if (S_opens_parent(def->cls))
			s->failed_parent = true;
		return;
	}
	/* Each handler sets the target it made; one that fails leaves none, so the prose
	 * below it is skipped rather than given to the target before. (@check reads that
	 * target: its rule.) */
	if (def->cls != C_CHECK)
		s->tkind = T_SKIP;
	switch (def->cls) {
	case C_POLICY: S_policy(s, dir); s->tkind = T_AFTER_POLICY; break;
	case C_ROLE: S_role(s, dir); break;
	case C_PARAM: S_param(s, dir); break;
	case C_DOCUMENT: S_document(s, dir); break;
	case C_TERM:
	case C_NODE:
	case C_SUPPLEMENT:
	case C_APPENDIX:
		if (!s->doc && !(def->cls == C_TERM)) {
			if (!s->failed_parent)
				pol_error(s->d, dir->kw_span, "@%s outside a document", dir->keyword);
			s->misplaced = true;
			s->tkind = T_SKIP;
			break;
		}
		S_structural(s, dir, def);
		break;
	case C_DOCTABLE: S_doctable(s, dir); break;
	case C_CHECK: S_check(s, dir); break;
	case C_FRAMEWORK: {
		pol_attr *va = NULL;
		pol_build_framework(s->b, dir, S_vis_attr(s, dir, &va));
		s->tkind = T_FRAMEWORK;
		break;
	}
	case C_CLAUSE:
		if (pol_build_clause(s->b, dir))
			s->tkind = T_FRAMEWORK;
		break;
	}
	if (S_opens_parent(def->cls) && (s->tkind != T_SKIP || !s->misplaced))
		s->failed_parent = s->tkind == T_SKIP;
}

#define S_TAKE(vec, arr, n)                                 \
	do {                                                    \
		(arr) = (void *)(vec).items;                        \
		(n) = (vec).len;                                    \
		(vec).items = NULL;                                 \
		(vec).len = (vec).cap = 0;                          \
	} while (0)

/* Prose at the top of an included file, and right after the @include, belongs to no
 * directive: not to the one before the include, whose prose was taken already, nor to
 * the last one of the included file. */
static void S_include_edge(S_state *s, bool after)
{
	s->tkind = after ? T_AFTER_INCLUDE : T_INCLUDE_TOP;
}

static void S_line(S_state *s, pol_line *l)
{
	if (l->kind == POL_LINE_DIRECTIVE) {
		S_flush(s);
		S_directive(s, l->dir);
	} else {
		pol_vec_push(&s->lines, l);
	}
}

int pol_build_read(pol_builder *b, pol_source *src)
{
	S_state s = {.b = b, .m = b->m, .d = b->d};
	S_reader r = {.b = b, .src = src, .state = &s, .seen = pol_map_new()};
	int rc = S_read_file(&r, "policy.pol", (pol_span){0});
	if (rc == 0 && !s.seen_policy && !s.complained_policy)
		pol_error(b->d, ((pol_span){b->m->nfiles ? b->m->files[0] : NULL, 0, 0}),
		          "the policy must start with @policy");
	pol_vec_free(&s.lines);
	pol_buf_free(&s.md);
	pol_model *m = b->m;
	S_TAKE(s.docs, m->docs, m->ndocs);
	S_TAKE(s.nodes, m->nodes, m->nnodes);
	S_TAKE(s.roles, m->roles, m->nroles);
	S_TAKE(s.terms, m->terms, m->nterms);
	S_TAKE(s.params, m->params, m->nparams);
	pol_vec_free(&r.open);
	pol_map_free(r.seen);
	pol_buf_free(&r.scan);
	return rc;
}

/* ---- the language's names, for tools (model/syntax.h) --------------------- */

#include "model/syntax.h"

size_t pol_syntax_ndirectives(void)
{
	return sizeof S_dirs / sizeof *S_dirs;
}

const char *pol_syntax_directive(size_t i)
{
	return i < pol_syntax_ndirectives() ? S_dirs[i].kw : NULL;
}

const char *pol_syntax_attributes(const char *kw)
{
	for (size_t i = 0; i < pol_syntax_ndirectives(); i++)
		if (!strcmp(S_dirs[i].kw, kw))
			return S_allowed[S_dirs[i].cls];
	return NULL;
}
