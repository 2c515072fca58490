/* mustache.c — Mustache templates (spec v1 core, no lambdas) rendered through the context
 * interface of mustache.h, and the jansson adapter on top of it.
 *
 * A template is first parsed into a small tree (text, variable, section, inverted
 * section, partial), then the tree is walked with a context stack of values. Parsing up
 * front is what makes the engine safe: interpolated values go straight to the writer
 * and are never looked at as template text, and every syntax error ("line N: ...") is
 * reported before any output is produced. The standalone-line rules are applied while
 * parsing, by trimming the text around a tag that sits alone on its line. Partials are
 * parsed on first use with their standalone indentation already prepended to each line,
 * as the spec describes, and kept per (name, indentation) by the renderer, which also
 * keeps each template parsed. A name part of a parsed template remembers, per frame
 * class, which field it is, so a lookup is a few compares and one callback. The parser
 * is iterative; the renderer recurses, but only as deep as section nesting (capped at
 * parse time) and partial nesting (capped at render time, rendering empty beyond).
 * Recursive partials over lists can still multiply without end when the data lets the
 * recursion fall back to an outer list, so the render also fails after a fixed number
 * of partial expansions instead of running for hours. A section over a list whose
 * class is pure (mustache.h) is rendered into memory and kept when its body read only
 * the pure frames it pushed; the same section over the same list in the same context
 * is then written from what was kept (a site's navigation, on every page). */
#include "lib/mustache.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	S_MAX_PARTIAL_DEPTH = 64,  /* deeper partials render as empty */
	S_MAX_NESTING = 1024,      /* sections open at once in one template; parse error beyond */
	S_MAX_RENDER_DEPTH = 2048, /* sections plus partials across the render; empty beyond */
	S_MAX_EXPANSIONS = 1 << 18, /* partials rendered in one render; an error beyond */
	S_FIELD_CACHE = 4,         /* classes a name part remembers its field for */
	S_MAX_NESTED = 16,         /* renders under way at once (a write callback rendering); an error beyond */
	S_MEMOS = 4,               /* sections over pure lists kept at once */
	S_MEMO_MAX = 256 * 1024,   /* a longer one is not kept (nor held in memory) */
};

/* malloc'd printf; NULL when out of memory. */
static char *S_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *S_fmt(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static char *S_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}


/* ---- the tree -------------------------------------------------------------------- */

typedef enum S_kind { S_TEXT, S_VAR, S_SECTION, S_INVERTED, S_PARTIAL } S_kind;

/* One part of a dotted name, with the field it is in the frame classes met so far. */
typedef struct S_part {
	const char *name; /* NUL-terminated, in the node's split */
	const pol_mu_class *cls[S_FIELD_CACHE];
	int field[S_FIELD_CACHE];
	unsigned next;    /* the cache slot to replace next */
} S_part;

typedef struct S_node S_node;
typedef struct S_list {
	S_node *items;
	size_t len, cap;
} S_list;

typedef struct S_partial S_partial;

struct S_node {
	S_kind kind;
	const char *text;  /* S_TEXT: a slice of the tree's source */
	size_t len;
	char *name;        /* the trimmed tag content, NUL-terminated */
	char *split;       /* name with '.' turned into NUL; parts point into it */
	S_part *parts;     /* dotted name, nparts == 0 for the implicit iterator "." */
	size_t nparts;
	char *indent;      /* S_PARTIAL: standalone indentation, "" when inline */
	S_partial *partial; /* S_PARTIAL: the parsed partial, once looked up */
	bool escape;       /* S_VAR: HTML-escape the value */
	size_t line;       /* where the tag starts, for messages */
	S_list children;   /* S_SECTION, S_INVERTED */
};

typedef struct S_tree {
	S_list root;
	char *owned; /* the source, when the tree owns it (partials) */
} S_tree;

static void S_list_free(S_list *l)
{
	for (size_t i = 0; i < l->len; i++) {
		S_node *n = &l->items[i];
		free(n->name);
		free(n->split);
		free(n->parts);
		free(n->indent);
		S_list_free(&n->children);
	}
	free(l->items);
	l->items = NULL;
	l->len = l->cap = 0;
}

static void S_tree_free(S_tree *t)
{
	S_list_free(&t->root);
	free(t->owned);
	t->owned = NULL;
}

/* Appends a zeroed node; NULL when out of memory. Pointers into the list stay valid
 * until the next append to the same list. */
static S_node *S_list_add(S_list *l, S_kind kind)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		S_node *p = realloc(l->items, cap * sizeof *p);
		if (!p)
			return NULL;
		l->items = p;
		l->cap = cap;
	}
	S_node *n = &l->items[l->len++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	return n;
}

/* Stores the tag name and its dotted parts in n. Returns false when out of memory. */
static bool S_set_name(S_node *n, const char *s, size_t len)
{
	if (!(n->name = S_strndup(s, len)))
		return false;
	if (len == 1 && s[0] == '.')
		return true; /* implicit iterator */
	if (!(n->split = S_strndup(s, len)))
		return false;
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		count += s[i] == '.';
	if (!(n->parts = calloc(count, sizeof *n->parts)))
		return false;
	n->parts[n->nparts++].name = n->split;
	for (size_t i = 0; i < len; i++)
		if (n->split[i] == '.') {
			n->split[i] = '\0';
			n->parts[n->nparts++].name = n->split + i + 1;
		}
	return true;
}

/* ---- parser ---------------------------------------------------------------------- */

typedef struct S_parser {
	const char *src;
	size_t n;
	const char *otag, *ctag; /* current delimiters: slices of src or static strings */
	size_t otn, ctn;
	size_t line, line_pos;   /* line number at byte line_pos, advanced monotonically */
	bool failed;
	char *err;
} S_parser;

/* printf precision for quoting template text in a message: at most 60 bytes. */
static int S_clip(size_t len)
{
	return len > 60 ? 60 : (int)len;
}

static bool S_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* First occurrence of pat (patn > 0) in src[from..n), or n. */
static size_t S_find(const char *src, size_t n, size_t from, const char *pat, size_t patn)
{
	while (from < n && n - from >= patn) {
		const char *hit = memchr(src + from, pat[0], n - from - patn + 1);
		if (!hit)
			break;
		size_t at = (size_t)(hit - src);
		if (memcmp(hit, pat, patn) == 0)
			return at;
		from = at + 1;
	}
	return n;
}

static size_t S_line_at(S_parser *p, size_t pos)
{
	for (; p->line_pos < pos; p->line_pos++)
		p->line += p->src[p->line_pos] == '\n';
	return p->line;
}

static void S_fail(S_parser *p, char *msg)
{
	if (!p->failed) {
		p->failed = true;
		p->err = msg;
	} else
		free(msg);
}

static void S_oom(S_parser *p)
{
	S_fail(p, S_fmt("out of memory"));
}

/* Parses a "{{=<% %>=}}" body into new delimiters. Returns false on a malformed one. */
static bool S_set_delims(S_parser *p, const char *s, size_t len)
{
	size_t i = 0, a, an, b, bn;
	while (i < len && S_is_space(s[i]))
		i++;
	for (a = i; i < len && !S_is_space(s[i]); i++)
		;
	an = i - a;
	while (i < len && S_is_space(s[i]))
		i++;
	for (b = i; i < len && !S_is_space(s[i]); i++)
		;
	bn = i - b;
	while (i < len && S_is_space(s[i]))
		i++;
	if (an == 0 || bn == 0 || i != len || memchr(s + a, '=', an) || memchr(s + b, '=', bn))
		return false;
	p->otag = s + a;
	p->otn = an;
	p->ctag = s + b;
	p->ctn = bn;
	return true;
}

static bool S_add_text(S_parser *p, S_list *l, size_t from, size_t to)
{
	if (to <= from)
		return true;
	S_node *n = S_list_add(l, S_TEXT);
	if (!n) {
		S_oom(p);
		return false;
	}
	n->text = p->src + from;
	n->len = to - from;
	return true;
}

/* Parses src[0..n) into root. Returns false with p->err set on a malformed template. */
static bool S_parse(S_parser *p, S_list *root)
{
	S_node *open[S_MAX_NESTING];
	size_t depth = 0;
	S_list *cur = root;
	size_t pos = 0, text_start = 0;
	const char *src = p->src;
	size_t n = p->n;

	p->otag = "{{";
	p->ctag = "}}";
	p->otn = p->ctn = 2;
	p->line = 1;
	p->line_pos = 0;

	for (;;) {
		size_t t = S_find(src, n, pos, p->otag, p->otn);
		if (t == n) {
			if (!S_add_text(p, cur, text_start, n))
				return false;
			break;
		}
		size_t line = S_line_at(p, t);
		size_t q = t + p->otn;
		char type = q < n ? src[q] : '\0';
		if (type && strchr("#^/!>={&", type))
			q++;
		else
			type = '\0';

		/* The closing delimiter; "{" and "=" tags also need their mirror before it. */
		size_t k = q;
		for (;;) {
			k = S_find(src, n, k, p->ctag, p->ctn);
			if (k == n || (type != '{' && type != '=') ||
			    (k > q && src[k - 1] == (type == '{' ? '}' : '=')))
				break;
			k++;
		}
		if (k == n) {
			S_fail(p, S_fmt("line %zu: unclosed tag \"%.*s\" (no closing \"%s%.*s\")", line,
			                S_clip(p->otn), p->otag,
			                type == '{' ? "}" : type == '=' ? "=" : "", S_clip(p->ctn), p->ctag));
			return false;
		}
		size_t cs = q, ce = (type == '{' || type == '=') ? k - 1 : k;
		size_t tag_end = k + p->ctn;
		while (cs < ce && S_is_space(src[cs]))
			cs++;
		while (ce > cs && S_is_space(src[ce - 1]))
			ce--;

		/* Standalone: only whitespace around the tag on its line. */
		size_t text_end = t, next = tag_end;
		bool standalone = false;
		if (type && type != '{' && type != '&') {
			size_t b = t;
			while (b > text_start && (src[b - 1] == ' ' || src[b - 1] == '\t'))
				b--;
			size_t e = tag_end;
			while (e < n && (src[e] == ' ' || src[e] == '\t'))
				e++;
			if (b == 0 || src[b - 1] == '\n') {
				if (e == n)
					standalone = true;
				else if (src[e] == '\n')
					standalone = true, e++;
				else if (src[e] == '\r' && e + 1 < n && src[e + 1] == '\n')
					standalone = true, e += 2;
			}
			if (standalone) {
				text_end = b;
				next = e;
			}
		}
		if (!S_add_text(p, cur, text_start, text_end))
			return false;
		pos = text_start = next;

		if (type == '!')
			continue;
		if (type == '=') {
			if (!S_set_delims(p, src + q, k - 1 - q)) {
				S_fail(p, S_fmt("line %zu: bad delimiter change \"%.*s\"", line,
				                S_clip(tag_end - t), src + t));
				return false;
			}
			continue;
		}
		if (ce == cs) {
			S_fail(p, S_fmt("line %zu: empty tag \"%.*s\"", line, S_clip(tag_end - t), src + t));
			return false;
		}
		if (type == '/') {
			if (depth == 0) {
				S_fail(p, S_fmt("line %zu: section end \"%.*s\" without an open section", line,
				                S_clip(ce - cs), src + cs));
				return false;
			}
			S_node *o = open[depth - 1];
			if (strlen(o->name) != ce - cs || memcmp(o->name, src + cs, ce - cs) != 0) {
				S_fail(p, S_fmt("line %zu: mismatched section end \"%.*s\" (section \"%.*s\" "
				                "opened on line %zu)",
				                line, S_clip(ce - cs), src + cs, S_clip(strlen(o->name)),
				                o->name, o->line));
				return false;
			}
			depth--;
			cur = depth ? &open[depth - 1]->children : root;
			continue;
		}

		S_kind kind = type == '#' ? S_SECTION
		              : type == '^' ? S_INVERTED
		              : type == '>' ? S_PARTIAL
		                            : S_VAR;
		if ((kind == S_SECTION || kind == S_INVERTED) && depth == S_MAX_NESTING) {
			S_fail(p, S_fmt("line %zu: sections nested too deeply (limit %d)", line,
			                S_MAX_NESTING));
			return false;
		}
		S_node *node = S_list_add(cur, kind);
		if (!node || !S_set_name(node, src + cs, ce - cs)) {
			S_oom(p);
			return false;
		}
		node->line = line;
		node->escape = type == '\0';
		if (kind == S_PARTIAL) {
			size_t il = standalone ? t - text_end : 0;
			if (!(node->indent = S_strndup(src + text_end, il))) {
				S_oom(p);
				return false;
			}
		}
		if (kind == S_SECTION || kind == S_INVERTED) {
			open[depth++] = node;
			cur = &node->children;
		}
	}
	if (depth) {
		S_node *o = open[depth - 1];
		S_fail(p, S_fmt("line %zu: unclosed section \"%.*s\"", o->line,
		                S_clip(strlen(o->name)), o->name));
		return false;
	}
	return true;
}

/* Parses src (NUL-terminated, n bytes). On failure returns false with *err set
 * (or NULL when even the message could not be allocated) and root empty. */
static bool S_parse_tree(S_tree *t, const char *src, size_t n, char **err)
{
	S_parser p = {.src = src, .n = n};
	if (S_parse(&p, &t->root)) {
		*err = NULL;
		return true;
	}
	S_list_free(&t->root);
	*err = p.err;
	return false;
}


/* ---- renderer -------------------------------------------------------------------- */

struct S_partial {
	S_partial *next;
	char *name, *indent;
	S_tree tree; /* empty for an unknown partial */
};

typedef struct S_template {
	struct S_template *next;
	const char *src; /* identified by address: the caller keeps the text unchanged */
	S_tree tree;
} S_template;

/* A render's stack memory, kept by the renderer for the next render at the same nesting. */
typedef struct S_spare {
	pol_mu_value *stack;
	size_t capctx;
	char *strs;
	size_t capstrs;
} S_spare;

enum { S_SPARES = 4 };

/* A section over a pure list as it was written (pol_mu_class.pure). */
typedef struct S_memo {
	const void *node, *cls, *p, *ctx; /* the template node, the list and the context */
	size_t n;
	intptr_t aux;
	int depth;
	char *text; /* NULL: the slot is free */
	size_t len;
} S_memo;

struct pol_mustache {
	pol_partial_fn partial;
	void *partial_ctx;
	S_partial *partials;   /* parsed partials, kept across renders */
	S_template *templates; /* parsed templates, likewise */
	S_spare spare[S_SPARES];
	int nested;            /* renders under way */
	pol_writer out;        /* the output of pol_mustache_append */
	S_memo memo[S_MEMOS];
	unsigned next_memo;    /* the slot to replace next */
};

/* One render: the context stack. A string on the stack has its text copied into strs
 * (at offset aux), since the context's own text lasts only until its next call. */
typedef struct S_render {
	pol_mustache *m;
	pol_writer *w;
	void *ctx;
	pol_mu_value *stack; /* top at stack[nctx - 1] */
	size_t nctx, capctx;
	char *strs;
	size_t nstrs, capstrs;
	int level;           /* nesting of this render, for its spare memory */
	int partial_depth, depth;
	long expansions;
	bool failed;
	char *err;
	/* While a section over a pure list is made into memory (w), to be kept: the stack
	 * index of its items, and the writer it goes to. */
	bool memo;
	size_t floor;
	pol_writer *memo_out;
} S_render;

/* The section being made reads something it may not (or grew too long): it is not
 * kept, what it wrote so far goes out, and the rest goes straight to its writer. */
static void S_impure(S_render *r)
{
	if (!r->memo)
		return;
	size_t len;
	const char *text = pol_writer_data(r->w, &len);
	pol_writer_put(r->memo_out, text, len);
	if (r->w->failed && !r->memo_out->failed) {
		r->memo_out->failed = true;
		r->memo_out->err = r->w->err;
	}
	r->w = r->memo_out;
	r->memo = false;
}

static const pol_mu_value S_null = {.type = POL_MU_NULL};

static void S_rfail(S_render *r, char *msg)
{
	if (!r->failed) {
		r->failed = true;
		r->err = msg;
	} else
		free(msg);
}

/* Grows *p (of *cap elements of size) to hold need; false when out of memory. */
static bool S_grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			return false;
		c *= 2;
	}
	void *q = realloc(*p, c * size);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static bool S_push(S_render *r, const pol_mu_value *v)
{
	if (!S_grow((void **)&r->stack, &r->capctx, r->nctx + 1, sizeof *r->stack)) {
		S_rfail(r, S_fmt("out of memory"));
		return false;
	}
	pol_mu_value e = *v;
	if (e.type == POL_MU_STRING) {
		if (e.n > SIZE_MAX - r->nstrs ||
		    !S_grow((void **)&r->strs, &r->capstrs, r->nstrs + e.n, 1)) {
			S_rfail(r, S_fmt("out of memory"));
			return false;
		}
		if (e.n)
			memcpy(r->strs + r->nstrs, e.s, e.n);
		e.aux = (intptr_t)r->nstrs;
		e.s = NULL;
		r->nstrs += e.n;
	}
	r->stack[r->nctx++] = e;
	return true;
}

static void S_pop(S_render *r)
{
	const pol_mu_value *e = &r->stack[--r->nctx];
	if (e->type == POL_MU_STRING)
		r->nstrs = (size_t)e->aux;
}

/* The top of the stack (the implicit iterator). */
static void S_top(const S_render *r, pol_mu_value *out)
{
	if (!r->nctx) {
		*out = S_null;
		return;
	}
	*out = r->stack[r->nctx - 1];
	if (out->type == POL_MU_STRING)
		out->s = out->n ? r->strs + out->aux : "";
}

/* The field that part is in frames of cls, from the part's cache or asked once. */
static inline __attribute__((always_inline)) int S_field(S_part *pt, const pol_mu_class *cls)
{
	for (int i = 0; i < S_FIELD_CACHE; i++)
		if (pt->cls[i] == cls)
			return pt->field[i];
	int f = cls->field ? cls->field(pt->name) : 0;
	unsigned k = pt->next++ % S_FIELD_CACHE;
	pt->cls[k] = cls;
	pt->field[k] = f;
	return f;
}

/* Looks part up in frame f; false when f is no frame or has no such name. */
static inline __attribute__((always_inline)) bool S_get(S_render *r, const pol_mu_value *f, S_part *pt, pol_mu_value *out)
{
	if (f->type != POL_MU_FRAME)
		return false;
	int k = S_field(pt, f->cls);
	return k >= 0 && f->cls->get(r->ctx, f, k, pt->name, out);
}

/* S_lookup while a section over a pure list is made: the same, noting whether the name
 * was found anywhere but in the pure frames of that section. */
static __attribute__((noinline)) void S_lookup_memo(S_render *r, S_node *n, pol_mu_value *out)
{
	bool found = false;
	size_t i = r->nctx;
	while (i-- > 0 && !found) {
		const pol_mu_value *f = &r->stack[i];
		if (i < r->floor || (f->type == POL_MU_FRAME && !f->cls->pure))
			S_impure(r);
		found = S_get(r, f, &n->parts[0], out);
	}
	for (size_t k = 1; found && k < n->nparts; k++) {
		pol_mu_value f = *out;
		if (f.type == POL_MU_FRAME && !f.cls->pure)
			S_impure(r);
		found = S_get(r, &f, &n->parts[k], out);
	}
	if (!found) {
		S_impure(r);
		*out = S_null;
	}
}

/* Resolves a name against the context stack; null when it does not resolve. */
static void S_lookup(S_render *r, S_node *n, pol_mu_value *out)
{
	if (n->nparts == 0) {
		S_top(r, out);
		return;
	}
	if (__builtin_expect(r->memo, 0)) {
		S_lookup_memo(r, n, out);
		return;
	}
	bool found = false;
	for (size_t i = r->nctx; i-- > 0 && !found;)
		found = S_get(r, &r->stack[i], &n->parts[0], out);
	for (size_t k = 1; found && k < n->nparts; k++) {
		pol_mu_value f = *out;
		found = S_get(r, &f, &n->parts[k], out);
	}
	if (!found)
		*out = S_null;
}

static bool S_truthy(const pol_mu_value *v)
{
	return v->type != POL_MU_NULL && v->type != POL_MU_FALSE && !(v->type == POL_MU_LIST && v->n == 0);
}

static bool S_put_value(S_render *r, const pol_mu_value *v, bool escape)
{
	switch (v->type) {
	case POL_MU_NULL:
		return true;
	case POL_MU_FALSE:
		pol_writer_put(r->w, "false", 5);
		return true;
	case POL_MU_TRUE:
		pol_writer_put(r->w, "true", 4);
		return true;
	case POL_MU_STRING:
		if (escape)
			pol_writer_put_html(r->w, v->s, v->n);
		else
			pol_writer_put(r->w, v->s, v->n);
		return true;
	case POL_MU_LIST:
	case POL_MU_FRAME:
		break;
	}
	char *err = NULL;
	S_impure(r);
	if (v->cls->write && !v->cls->write(r->ctx, v, r->w, escape, &err)) {
		S_rfail(r, err ? err : S_fmt("a value could not be written"));
		return false;
	}
	return true;
}

static bool S_render_list(S_render *r, S_list *l);

/* A copy of text with indent put in front of every line that has content after it. */
static char *S_indented(const char *text, const char *indent)
{
	size_t tl = strlen(text), il = strlen(indent), lines = 0;
	if (il == 0 || tl == 0)
		return S_strndup(text, tl);
	for (size_t i = 0; i < tl; i++)
		lines += i == 0 || (text[i - 1] == '\n');
	if (lines > (SIZE_MAX - tl - 1) / il)
		return NULL;
	char *s = malloc(tl + lines * il + 1), *o = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < tl; i++) {
		if (i == 0 || text[i - 1] == '\n') {
			memcpy(o, indent, il);
			o += il;
		}
		*o++ = text[i];
	}
	*o = '\0';
	return s;
}

/* The parsed partial for (name, indent) of node n, looked up and parsed on first use. */
static S_partial *S_get_partial(S_render *r, S_node *n)
{
	if (n->partial)
		return n->partial;
	pol_mustache *m = r->m;
	for (S_partial *c = m->partials; c; c = c->next)
		if (strcmp(c->name, n->name) == 0 && strcmp(c->indent, n->indent) == 0)
			return n->partial = c;
	S_partial *c = calloc(1, sizeof *c);
	if (!c || !(c->name = S_strndup(n->name, strlen(n->name))) ||
	    !(c->indent = S_strndup(n->indent, strlen(n->indent)))) {
		if (c) {
			free(c->name);
			free(c);
		}
		S_rfail(r, S_fmt("out of memory"));
		return NULL;
	}
	const char *text = m->partial(m->partial_ctx, n->name);
	char *perr = NULL;
	if (text && !(c->tree.owned = S_indented(text, n->indent)))
		S_rfail(r, S_fmt("out of memory"));
	else if (text && !S_parse_tree(&c->tree, c->tree.owned, strlen(c->tree.owned), &perr))
		S_rfail(r, perr ? S_fmt("line %zu: in partial \"%.*s\": %s", n->line,
		                       S_clip(strlen(n->name)), n->name, perr)
		                : NULL);
	else {
		c->next = m->partials;
		m->partials = c;
		return n->partial = c;
	}
	/* Not kept: a later render with the same renderer meets the same error. */
	free(perr);
	S_tree_free(&c->tree);
	free(c->name);
	free(c->indent);
	free(c);
	return NULL;
}

static bool S_render_items(S_render *r, S_node *n, const pol_mu_value *v)
{
	for (size_t i = 0; i < v->n; i++) {
		pol_mu_value it;
		v->cls->item(r->ctx, v, i, &it);
		if (!S_push(r, &it))
			return false;
		bool ok = S_render_list(r, &n->children);
		S_pop(r);
		if (!ok)
			return false;
	}
	return true;
}

static bool S_memo_is(const S_memo *e, const S_render *r, const S_node *n, const pol_mu_value *v)
{
	return e->text && e->node == n && e->cls == v->cls && e->p == v->p && e->n == v->n && e->aux == v->aux &&
	       e->ctx == r->ctx && e->depth == r->depth;
}

/* A section over a pure list, outside any other such section being made and any held
 * newlines: written as kept, or made into memory (while its body reads only what it
 * may, and up to S_MEMO_MAX bytes), written, and kept. */
static bool S_render_memo(S_render *r, S_node *n, const pol_mu_value *v)
{
	pol_mustache *m = r->m;
	for (int i = 0; i < S_MEMOS; i++)
		if (S_memo_is(&m->memo[i], r, n, v)) {
			pol_writer_put(r->w, m->memo[i].text, m->memo[i].len);
			return true;
		}
	pol_writer mem, *w = r->w;
	pol_writer_mem(&mem);
	r->w = &mem;
	r->memo_out = w;
	r->memo = true;
	r->floor = r->nctx;
	bool ok = true;
	for (size_t i = 0; ok && i < v->n; i++) {
		pol_mu_value it;
		v->cls->item(r->ctx, v, i, &it);
		if (!S_push(r, &it)) {
			ok = false;
			break;
		}
		ok = S_render_list(r, &n->children);
		S_pop(r);
		if (r->memo && mem.len > S_MEMO_MAX)
			S_impure(r);
	}
	r->floor = 0;
	if (r->memo) { /* pure to the end */
		r->memo = false;
		r->w = w;
		size_t len;
		const char *text = pol_writer_data(&mem, &len);
		pol_writer_put(w, text, len);
		if (mem.failed && !w->failed) {
			w->failed = true;
			w->err = mem.err;
		} else if (ok) {
			S_memo *e = &m->memo[m->next_memo++ % S_MEMOS];
			free(e->text);
			*e = (S_memo){n, v->cls, v->p, r->ctx, v->n, v->aux, r->depth, NULL, len};
			e->text = S_strndup(text, len);
		}
	}
	pol_writer_close(&mem);
	return ok;
}

static bool S_render_section(S_render *r, S_node *n)
{
	pol_mu_value v;
	S_lookup(r, n, &v);
	if (!S_truthy(&v))
		return true;
	if (v.type == POL_MU_FRAME || v.type == POL_MU_LIST)
		S_impure(r);
	if (v.type != POL_MU_LIST) {
		if (!S_push(r, &v))
			return false;
		bool ok = S_render_list(r, &n->children);
		S_pop(r);
		return ok;
	}
	if (v.cls->pure && !r->memo && !r->w->hold)
		return S_render_memo(r, n, &v);
	return S_render_items(r, n, &v);
}

static bool S_render_partial(S_render *r, S_node *n)
{
	S_impure(r);
	if (!r->m->partial || r->partial_depth >= S_MAX_PARTIAL_DEPTH)
		return true;
	if (++r->expansions > S_MAX_EXPANSIONS) {
		S_rfail(r, S_fmt("line %zu: more than %d partial expansions (runaway recursion?)", n->line,
		                 S_MAX_EXPANSIONS));
		return false;
	}
	S_partial *c = S_get_partial(r, n);
	if (!c)
		return false;
	r->partial_depth++;
	bool ok = S_render_list(r, &c->tree.root);
	r->partial_depth--;
	return ok;
}

static bool S_render_node(S_render *r, S_node *n)
{
	pol_mu_value v;
	switch (n->kind) {
	case S_TEXT:
		pol_writer_put(r->w, n->text, n->len);
		return true;
	case S_VAR:
		S_lookup(r, n, &v);
		return S_put_value(r, &v, n->escape);
	case S_INVERTED:
		S_lookup(r, n, &v);
		return S_truthy(&v) || S_render_list(r, &n->children);
	case S_SECTION:
		return S_render_section(r, n);
	case S_PARTIAL:
		return S_render_partial(r, n);
	}
	return true;
}

static bool S_render_list(S_render *r, S_list *l)
{
	if (r->depth >= S_MAX_RENDER_DEPTH)
		return true;
	r->depth++;
	bool ok = true;
	for (size_t i = 0; ok && i < l->len && !r->w->failed; i++)
		ok = S_render_node(r, &l->items[i]);
	r->depth--;
	return ok;
}

/* The parsed template of text tmpl, parsed on first use; NULL and *err when malformed. */
static S_template *S_get_template(pol_mustache *m, const char *tmpl, char **err)
{
	for (S_template *t = m->templates; t; t = t->next)
		if (t->src == tmpl)
			return t;
	S_template *t = calloc(1, sizeof *t);
	if (!t) {
		*err = S_fmt("out of memory");
		return NULL;
	}
	if (!S_parse_tree(&t->tree, tmpl, strlen(tmpl), err)) {
		free(t);
		return NULL;
	}
	t->src = tmpl;
	t->next = m->templates;
	m->templates = t;
	return t;
}

/* Gives r the stack memory a previous render at its nesting left. */
static void S_take_spare(S_render *r)
{
	r->level = r->m->nested++;
	if (r->level < S_SPARES) {
		S_spare *s = &r->m->spare[r->level];
		r->stack = s->stack, r->capctx = s->capctx;
		r->strs = s->strs, r->capstrs = s->capstrs;
		memset(s, 0, sizeof *s);
	}
}

static void S_give_spare(S_render *r)
{
	r->m->nested--;
	if (r->level < S_SPARES) {
		r->m->spare[r->level] = (S_spare){r->stack, r->capctx, r->strs, r->capstrs};
	} else {
		free(r->stack);
		free(r->strs);
	}
}

/* ---- entry points ---------------------------------------------------------------- */

pol_mustache *pol_mustache_new(pol_partial_fn partial, void *partial_ctx)
{
	pol_mustache *m = calloc(1, sizeof *m);
	if (m) {
		m->partial = partial;
		m->partial_ctx = partial_ctx;
		pol_writer_mem(&m->out);
	}
	return m;
}

void pol_mustache_free(pol_mustache *m)
{
	if (!m)
		return;
	while (m->partials) {
		S_partial *c = m->partials;
		m->partials = c->next;
		S_tree_free(&c->tree);
		free(c->name);
		free(c->indent);
		free(c);
	}
	while (m->templates) {
		S_template *t = m->templates;
		m->templates = t->next;
		S_tree_free(&t->tree);
		free(t);
	}
	for (int i = 0; i < S_SPARES; i++) {
		free(m->spare[i].stack);
		free(m->spare[i].strs);
	}
	pol_mustache_forget(m);
	pol_writer_close(&m->out);
	free(m);
}

void pol_mustache_forget(pol_mustache *m)
{
	for (int i = 0; m && i < S_MEMOS; i++) {
		free(m->memo[i].text);
		m->memo[i].text = NULL;
	}
}

int pol_mustache_write(pol_mustache *m, char **err, const char *tmpl, void *ctx, const pol_mu_value *root,
                       pol_writer *w)
{
	char *e = NULL;
	if (err)
		*err = NULL;
	if (!m || !tmpl || !w) {
		if (err)
			*err = S_fmt("invalid arguments");
		return -1;
	}
	if (m->nested >= S_MAX_NESTED) {
		if (err)
			*err = S_fmt("renders nested more than %d deep", S_MAX_NESTED);
		return -1;
	}
	S_template *t = S_get_template(m, tmpl, &e);
	if (!t) {
		if (err)
			*err = e;
		else
			free(e);
		return -1;
	}
	S_render r = {.m = m, .w = w, .ctx = ctx};
	S_take_spare(&r);
	bool ok = !root || S_push(&r, root);
	ok = ok && S_render_list(&r, &t->tree.root);
	if (ok && w->failed) {
		ok = false;
		S_rfail(&r, w->err == ENOMEM ? S_fmt("out of memory") : S_fmt("cannot write: %s", strerror(w->err)));
	}
	r.nctx = r.nstrs = 0;
	S_give_spare(&r);
	if (ok)
		return 0;
	if (err)
		*err = r.err;
	else
		free(r.err);
	return -1;
}

/* ---- values for classes ------------------------------------------------------------- */

bool pol_mu_int(char buf[24], pol_mu_value *o, long long k)
{
	char *p = buf + 24;
	unsigned long long u = k < 0 ? 0 - (unsigned long long)k : (unsigned long long)k;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (k < 0)
		*--p = '-';
	return pol_mu_strn(o, p, (size_t)(buf + 24 - p));
}

int pol_mu_find_field(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

/* ---- jansson values ------------------------------------------------------------------ */

/* Shortest of %.15g..%.17g that reads back as the same double: 1.5 -> "1.5", 2.0 -> "2". */
static void S_format_real(char *buf, size_t size, double d)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

static bool S_json_get(void *ctx, const pol_mu_value *f, int field, const char *name, pol_mu_value *out)
{
	json_t *v = json_object_get((json_t *)f->p, name);
	if (!v)
		return false;
	pol_mustache_json(v, out);
	return true;
}

static void S_json_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *out)
{
	pol_mustache_json(json_array_get((json_t *)l->p, i), out);
}

/* A number as its text; an object or array as compact JSON. */
static bool S_json_write(void *ctx, const pol_mu_value *v, pol_writer *w, bool escape, char **err)
{
	json_t *j = (json_t *)v->p;
	char num[64];
	if (json_is_integer(j) || json_is_real(j)) {
		if (json_is_integer(j))
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		else
			S_format_real(num, sizeof num, json_real_value(j));
		pol_writer_puts(w, num);
		return true;
	}
	size_t need = json_dumpb(j, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY);
	char *dump = need ? malloc(need) : NULL;
	if (need && !dump) {
		*err = S_fmt("out of memory");
		return false;
	}
	size_t len = need ? json_dumpb(j, dump, need, JSON_COMPACT | JSON_ENCODE_ANY) : 0;
	if (escape)
		pol_writer_put_html(w, dump, len);
	else
		pol_writer_put(w, dump, len);
	free(dump);
	return true;
}

static int S_no_fields(const char *name)
{
	return -1;
}

static const pol_mu_class S_json_object = {NULL, S_json_get, NULL, S_json_write, false};
static const pol_mu_class S_json_array = {NULL, NULL, S_json_item, S_json_write, false};
static const pol_mu_class S_json_number = {S_no_fields, NULL, NULL, S_json_write, false};

void pol_mustache_json(json_t *v, pol_mu_value *out)
{
	*out = S_null;
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		*out = (pol_mu_value){.type = POL_MU_FRAME, .cls = &S_json_object, .p = v};
		break;
	case JSON_ARRAY:
		*out = (pol_mu_value){.type = POL_MU_LIST, .cls = &S_json_array, .p = v, .n = json_array_size(v)};
		break;
	case JSON_STRING:
		*out = (pol_mu_value){.type = POL_MU_STRING, .s = json_string_value(v), .n = json_string_length(v)};
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		/* A frame without names: truthy (0 too, as the spec's data model has it), and
		 * written as its text. */
		*out = (pol_mu_value){.type = POL_MU_FRAME, .cls = &S_json_number, .p = v};
		break;
	case JSON_TRUE:
		out->type = POL_MU_TRUE;
		break;
	case JSON_FALSE:
		out->type = POL_MU_FALSE;
		break;
	case JSON_NULL:
		break;
	}
}

const char *pol_mustache_output(const pol_mustache *m, size_t *len)
{
	return pol_writer_data(&m->out, len);
}

void pol_mustache_clear(pol_mustache *m)
{
	pol_writer_truncate(&m->out, 0);
}

int pol_mustache_append(pol_mustache *m, char **err, const char *tmpl, json_t *data)
{
	if (!m) {
		if (err)
			*err = S_fmt("invalid arguments");
		return -1;
	}
	size_t start = m->out.len;
	pol_mu_value root;
	pol_mustache_json(data, &root);
	int rc = pol_mustache_write(m, err, tmpl, NULL, data ? &root : NULL, &m->out);
	if (rc != 0) {
		/* The output is left as it was before this render. */
		m->out.failed = false;
		pol_writer_truncate(&m->out, start);
	}
	return rc;
}

int pol_mustache_render(char **out, char **err, const char *tmpl, json_t *data,
                        pol_partial_fn partial, void *partial_ctx)
{
	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (!out || !tmpl) {
		if (err)
			*err = S_fmt("invalid arguments");
		return -1;
	}
	pol_mustache *m = pol_mustache_new(partial, partial_ctx);
	if (!m) {
		if (err)
			*err = S_fmt("out of memory");
		return -1;
	}
	int rc = pol_mustache_append(m, err, tmpl, data);
	if (rc == 0) {
		size_t len;
		const char *text = pol_mustache_output(m, &len);
		if (!(*out = S_strndup(text, len))) {
			if (err)
				*err = S_fmt("out of memory");
			rc = -1;
		}
	}
	pol_mustache_free(m);
	return rc;
}
