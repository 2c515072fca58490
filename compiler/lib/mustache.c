/* mustache.c — Mustache templates (spec v1 core, no lambdas) rendered against jansson.
 *
 * A template is first parsed into a small tree (text, variable, section, inverted
 * section, partial), then the tree is walked with a context stack of borrowed
 * json_t pointers. Parsing up front is what makes the engine safe: interpolated
 * values go straight to the output buffer and are never looked at as template text,
 * and every syntax error ("line N: ...") is reported before any output is produced.
 * The standalone-line rules are applied while parsing, by trimming the text around a
 * tag that sits alone on its line. Partials are parsed on first use with their
 * standalone indentation already prepended to each line, as the spec describes,
 * and cached per (name, indentation) for the rest of the render (of the renderer, for a
 * pol_mustache, which also keeps each template parsed and its output buffer). The parser is
 * iterative; the renderer recurses, but only as deep as section nesting (capped at
 * parse time) and partial nesting (capped at render time, rendering empty beyond).
 * Recursive partials over lists can still multiply without end when the data lets the
 * recursion fall back to an outer list, so the render also fails after a fixed number
 * of partial expansions instead of running for hours. */
#include "lib/mustache.h"
#include "lib/escape.h"

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
};

/* ---- growable output buffer ------------------------------------------------------ */

typedef struct S_buf {
	char *p;
	size_t len, cap;
	bool oom;
} S_buf;

static void S_put(S_buf *b, const char *s, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (n > SIZE_MAX - b->len - 1) {
		b->oom = true;
		return;
	}
	size_t need = b->len + n + 1;
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void S_put_to(void *b, const char *s, size_t n)
{
	S_put(b, s, n);
}

/* Appends s with & < > " replaced by their HTML entities (lib/escape.h). */
static void S_put_html(S_buf *b, const char *s, size_t n)
{
	pol_escape_html_to(S_put_to, b, s, n);
}

/* Hands the contents to the caller (an empty string when nothing was written). */
static char *S_detach(S_buf *b)
{
	char *p = b->p;
	if (b->oom) {
		free(p);
		p = NULL;
	} else if (!p && (p = malloc(1)))
		*p = '\0';
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

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

typedef struct S_node S_node;
typedef struct S_list {
	S_node *items;
	size_t len, cap;
} S_list;

struct S_node {
	S_kind kind;
	const char *text;  /* S_TEXT: a slice of the tree's source */
	size_t len;
	char *name;        /* the trimmed tag content, NUL-terminated */
	char *split;       /* name with '.' turned into NUL; parts point into it */
	char **parts;      /* dotted name, nparts == 0 for the implicit iterator "." */
	size_t nparts;
	char *indent;      /* S_PARTIAL: standalone indentation, "" when inline */
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
	if (!(n->parts = malloc(count * sizeof *n->parts)))
		return false;
	n->parts[n->nparts++] = n->split;
	for (size_t i = 0; i < len; i++)
		if (n->split[i] == '.') {
			n->split[i] = '\0';
			n->parts[n->nparts++] = n->split + i + 1;
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

typedef struct S_partial {
	struct S_partial *next;
	char *name, *indent;
	S_tree tree; /* empty for an unknown partial */
} S_partial;

typedef struct S_template {
	struct S_template *next;
	const char *src; /* identified by address: the caller keeps the text unchanged */
	S_tree tree;
} S_template;

typedef struct S_render {
	S_buf out;
	json_t **stack; /* context stack, borrowed; top at stack[nctx - 1] */
	size_t nctx, capctx;
	pol_partial_fn partial;
	void *partial_ctx;
	S_partial *cache;     /* parsed partials, kept across the renders of one renderer */
	S_template *templates; /* parsed templates, likewise */
	json_t *lend_owner;   /* pol_mustache_lend: lend_owner[lend_key] is the stand-in */
	const char *lend_key;
	json_t *lend_v;
	const char *lend_s;
	size_t lend_n;
	int partial_depth, depth;
	long expansions;
	bool failed;
	char *err;
} S_render;

struct pol_mustache {
	S_render r;
};

static void S_rfail(S_render *r, char *msg)
{
	if (!r->failed) {
		r->failed = true;
		r->err = msg;
	} else
		free(msg);
}

static bool S_push(S_render *r, json_t *v)
{
	if (r->nctx == r->capctx) {
		size_t cap = r->capctx ? r->capctx * 2 : 16;
		json_t **s = realloc(r->stack, cap * sizeof *s);
		if (!s) {
			S_rfail(r, S_fmt("out of memory"));
			return false;
		}
		r->stack = s;
		r->capctx = cap;
	}
	r->stack[r->nctx++] = v;
	return true;
}

/* Resolves a name against the context stack; NULL when it does not resolve. */
static json_t *S_lookup(const S_render *r, const S_node *n)
{
	if (n->nparts == 0)
		return r->nctx ? r->stack[r->nctx - 1] : NULL;
	json_t *v = NULL;
	for (size_t i = r->nctx; i-- > 0 && !v;)
		if (json_is_object(r->stack[i]))
			v = json_object_get(r->stack[i], n->parts[0]);
	for (size_t k = 1; v && k < n->nparts; k++)
		v = json_is_object(v) ? json_object_get(v, n->parts[k]) : NULL;
	return v;
}

static bool S_truthy(const json_t *v)
{
	return v && !json_is_false(v) && !json_is_null(v) &&
	       !(json_is_array(v) && json_array_size(v) == 0);
}

/* Shortest of %.15g..%.17g that reads back as the same double: 1.5 -> "1.5", 2.0 -> "2". */
static void S_format_real(char *buf, size_t size, double d)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

static void S_put_value(S_render *r, json_t *v, bool escape)
{
	char num[64];
	const char *s = NULL;
	size_t len = 0;
	char *dump = NULL;

	if (v && v == r->lend_v) {
		s = r->lend_s;
		len = r->lend_n;
	} else switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = num;
		len = strlen(num);
		break;
	case JSON_REAL:
		S_format_real(num, sizeof num, json_real_value(v));
		s = num;
		len = strlen(num);
		break;
	case JSON_TRUE:
		s = "true", len = 4;
		break;
	case JSON_FALSE:
		s = "false", len = 5;
		break;
	case JSON_OBJECT:
	case JSON_ARRAY: {
		/* Compact JSON, written into our own allocation (not jansson's). A lent value
		 * is put back in its owner for the dump, so the dump shows the lent text. */
		if (r->lend_v) {
			json_t *real = json_stringn_nocheck(r->lend_s, r->lend_n);
			if (!real || json_object_set_new_nocheck(r->lend_owner, r->lend_key, real) != 0) {
				r->out.oom = true;
				break;
			}
		}
		size_t need = json_dumpb(v, NULL, 0, JSON_COMPACT | JSON_ENCODE_ANY);
		if (need && !(dump = malloc(need)))
			r->out.oom = true;
		else if (need)
			len = json_dumpb(v, dump, need, JSON_COMPACT | JSON_ENCODE_ANY);
		if (r->lend_v && json_object_set_nocheck(r->lend_owner, r->lend_key, r->lend_v) != 0)
			r->out.oom = true;
		s = dump;
		break;
	}
	case JSON_NULL:
		break;
	}
	if (s) {
		if (escape)
			S_put_html(&r->out, s, len);
		else
			S_put(&r->out, s, len);
	}
	free(dump);
}

static bool S_render_list(S_render *r, const S_list *l);

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

/* The parsed partial for (name, indent), looked up and parsed on first use. */
static S_partial *S_get_partial(S_render *r, const S_node *n)
{
	for (S_partial *c = r->cache; c; c = c->next)
		if (strcmp(c->name, n->name) == 0 && strcmp(c->indent, n->indent) == 0)
			return c;
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
	const char *text = r->partial(r->partial_ctx, n->name);
	char *perr = NULL;
	if (text && !(c->tree.owned = S_indented(text, n->indent)))
		S_rfail(r, S_fmt("out of memory"));
	else if (text && !S_parse_tree(&c->tree, c->tree.owned, strlen(c->tree.owned), &perr))
		S_rfail(r, perr ? S_fmt("line %zu: in partial \"%.*s\": %s", n->line,
		                       S_clip(strlen(n->name)), n->name, perr)
		                : NULL);
	else {
		c->next = r->cache;
		r->cache = c;
		return c;
	}
	/* Not cached: a later render with the same renderer meets the same error. */
	free(perr);
	S_tree_free(&c->tree);
	free(c->name);
	free(c->indent);
	free(c);
	return NULL;
}

static bool S_render_node(S_render *r, const S_node *n)
{
	switch (n->kind) {
	case S_TEXT:
		S_put(&r->out, n->text, n->len);
		return true;
	case S_VAR:
		S_put_value(r, S_lookup(r, n), n->escape);
		return true;
	case S_INVERTED:
		if (S_truthy(S_lookup(r, n)))
			return true;
		return S_render_list(r, &n->children);
	case S_SECTION: {
		json_t *v = S_lookup(r, n);
		if (!S_truthy(v))
			return true;
		if (json_is_array(v)) {
			for (size_t i = 0; i < json_array_size(v); i++) {
				if (!S_push(r, json_array_get(v, i)))
					return false;
				bool ok = S_render_list(r, &n->children);
				r->nctx--;
				if (!ok)
					return false;
			}
			return true;
		}
		if (!S_push(r, v))
			return false;
		bool ok = S_render_list(r, &n->children);
		r->nctx--;
		return ok;
	}
	case S_PARTIAL: {
		if (!r->partial || r->partial_depth >= S_MAX_PARTIAL_DEPTH)
			return true;
		if (++r->expansions > S_MAX_EXPANSIONS) {
			S_rfail(r, S_fmt("line %zu: more than %d partial expansions (runaway recursion?)",
			                 n->line, S_MAX_EXPANSIONS));
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
	}
	return true;
}

static bool S_render_list(S_render *r, const S_list *l)
{
	if (r->depth >= S_MAX_RENDER_DEPTH)
		return true;
	r->depth++;
	bool ok = true;
	for (size_t i = 0; ok && i < l->len && !r->out.oom; i++)
		ok = S_render_node(r, &l->items[i]);
	r->depth--;
	return ok;
}

/* ---- entry points ---------------------------------------------------------------- */

pol_mustache *pol_mustache_new(pol_partial_fn partial, void *partial_ctx)
{
	pol_mustache *m = calloc(1, sizeof *m);
	if (m) {
		m->r.partial = partial;
		m->r.partial_ctx = partial_ctx;
	}
	return m;
}

void pol_mustache_free(pol_mustache *m)
{
	if (!m)
		return;
	S_render *r = &m->r;
	while (r->cache) {
		S_partial *c = r->cache;
		r->cache = c->next;
		S_tree_free(&c->tree);
		free(c->name);
		free(c->indent);
		free(c);
	}
	while (r->templates) {
		S_template *t = r->templates;
		r->templates = t->next;
		S_tree_free(&t->tree);
		free(t);
	}
	free(r->stack);
	free(r->out.p);
	free(r->err);
	free(m);
}

void pol_mustache_lend(pol_mustache *m, json_t *owner, const char *key, const char *text, size_t len)
{
	S_render *r = &m->r;
	r->lend_owner = owner;
	r->lend_key = key;
	r->lend_v = owner && key ? json_object_get(owner, key) : NULL;
	r->lend_s = text;
	r->lend_n = len;
	if (!r->lend_v)
		r->lend_owner = NULL, r->lend_key = NULL;
}

const char *pol_mustache_output(const pol_mustache *m, size_t *len)
{
	if (len)
		*len = m->r.out.len;
	return m->r.out.p ? m->r.out.p : "";
}

void pol_mustache_clear(pol_mustache *m)
{
	m->r.out.len = 0;
	if (m->r.out.p)
		m->r.out.p[0] = '\0';
}

int pol_mustache_append(pol_mustache *m, char **err, const char *tmpl, json_t *data)
{
	if (err)
		*err = NULL;
	if (!m || !tmpl) {
		if (err)
			*err = S_fmt("invalid arguments");
		return -1;
	}
	S_render *r = &m->r;
	S_template *t = r->templates;
	while (t && t->src != tmpl)
		t = t->next;
	if (!t) {
		if (!(t = calloc(1, sizeof *t))) {
			if (err)
				*err = S_fmt("out of memory");
			return -1;
		}
		char *perr;
		if (!S_parse_tree(&t->tree, tmpl, strlen(tmpl), &perr)) {
			free(t);
			if (err)
				*err = perr;
			else
				free(perr);
			return -1;
		}
		t->src = tmpl;
		t->next = r->templates;
		r->templates = t;
	}

	size_t start = r->out.len;
	r->nctx = 0;
	r->partial_depth = r->depth = 0;
	r->expansions = 0;
	r->failed = false;
	r->err = NULL;
	r->out.oom = false;
	bool ok = !data || S_push(r, data);
	ok = ok && S_render_list(r, &t->tree.root);
	if (ok && r->out.oom) {
		ok = false;
		S_rfail(r, S_fmt("out of memory"));
	}
	r->nctx = 0;
	if (!ok) {
		/* The output is left as it was before this render. */
		r->out.oom = false;
		r->out.len = start;
		if (r->out.p)
			r->out.p[start] = '\0';
		if (err)
			*err = r->err;
		else
			free(r->err);
		r->err = NULL;
		return -1;
	}
	return 0;
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
		*out = S_detach(&m->r.out);
		if (!*out) {
			if (err)
				*err = S_fmt("out of memory");
			rc = -1;
		}
	}
	pol_mustache_free(m);
	return rc;
}
