/* answer.c — what the server answers from a loaded policy (answer.h): hover text,
 * completion items, the outline, and whether a rename may be done. Each reads the
 * model and its index and builds the protocol's JSON; none knows of documents, URIs
 * or the connection (server.c). */
#include "lsp/answer.h"

#include <stdlib.h>
#include <string.h>

#include "model/syntax.h"

/* ---- ranges ---- */

static json_t *S_pos(long line, long ch)
{
	return json_pack("{s:I,s:I}", "line", (json_int_t)(line < 0 ? 0 : line), "character",
	                 (json_int_t)(ch < 0 ? 0 : ch));
}

json_t *pol_lsp_range(long l0, long c0, long l1, long c1)
{
	return json_pack("{s:o,s:o}", "start", S_pos(l0, c0), "end", S_pos(l1, c1));
}

json_t *pol_lsp_span_range(const pol_file *f, size_t b, size_t e)
{
	long l0, c0, l1, c1;
	pol_lsp_position(f, b, &l0, &c0);
	pol_lsp_position(f, e, &l1, &c1);
	return pol_lsp_range(l0, c0, l1, c1);
}

/* ---- hover ---- */

static void S_md_text(pol_buf *b, const char *s)
{
	/* Markdown's punctuation escaped, so a title shows as written. */
	for (; s && *s; s++) {
		if (*s && strchr("\\`*_[]<>#|~", *s))
			pol_buf_putc(b, '\\');
		pol_buf_putc(b, *s);
	}
}

static void S_where(pol_buf *b, pol_span sp)
{
	if (!sp.file)
		return;
	int line, col;
	pol_file_linecol(sp.file, sp.begin, &line, &col);
	pol_buf_printf(b, "\n\n`%s:%d`", sp.file->rel, line);
}

static void S_hover_node(pol_buf *b, const pol_node *n)
{
	char *h = pol_node_heading(n);
	pol_buf_puts(b, "**");
	S_md_text(b, *h ? h : n->id);
	pol_buf_puts(b, "**");
	free(h);
	if (n->ref && (!n->num || strcmp(n->ref, n->num)))
		pol_buf_printf(b, " (%s)", n->ref);
	pol_buf_printf(b, "\n\n%s", pol_kind_name(n->kind));
	static const char *sems[] = {"rule", "term", "threat", "measure", "procedure", "step"};
	for (int i = 0; i < 6; i++)
		if (n->sem & (1u << i) && strcmp(sems[i], pol_kind_name(n->kind)))
			pol_buf_printf(b, " · %s", sems[i]);
	if (n->level)
		pol_buf_printf(b, " · %s %s", pol_level_name(n->level), pol_level_ja(n->level));
	pol_buf_printf(b, " · %s", pol_vis_name(n->vis));
	if (n->kind == POL_DOCUMENT) {
		if (n->tier)
			pol_buf_printf(b, " · tier=%s", pol_tier_name(n->tier));
		if (n->listed)
			pol_buf_puts(b, " · listed");
	}
	pol_buf_printf(b, "\n\n`%s`", n->key);
	if (n->napplies) {
		pol_buf_puts(b, "\n\napplies:");
		for (uint32_t i = 0; i < n->napplies; i++)
			pol_buf_printf(b, " %s", n->applies[i]->id);
	}
	if (n->owner)
		pol_buf_printf(b, "\n\nowner: %s", n->owner->id);
	if (n->role)
		pol_buf_printf(b, "\n\nrole: %s", n->role->id);
	if (n->nimplements) {
		pol_buf_puts(b, "\n\nimplements:");
		for (uint32_t i = 0; i < n->nimplements; i++)
			pol_buf_printf(b, " %s%s%s", n->implements[i]->key, n->implements[i]->ref ? " " : "",
			               n->implements[i]->ref ? n->implements[i]->ref : "");
	}
	if (n->ncounters) {
		pol_buf_puts(b, "\n\ncounters:");
		for (uint32_t i = 0; i < n->ncounters; i++)
			pol_buf_printf(b, " %s%s%s", n->counters[i]->key, n->counters[i]->ref ? " " : "",
			               n->counters[i]->ref ? n->counters[i]->ref : "");
	}
	if (n->nchecks)
		pol_buf_printf(b, "\n\nchecks: %u", n->nchecks);
	if (n->effective_era)
		pol_buf_printf(b, "\n\n施行日: %s", n->effective_era);
	S_where(b, n->span);
}

static void S_hover_plain(pol_buf *b, const pol_prose *p)
{
	if (!p)
		return;
	char *t = pol_prose_plain(p);
	if (t && *t) {
		pol_buf_puts(b, "\n\n");
		S_md_text(b, t);
	}
	free(t);
}

char *pol_lsp_hover(const pol_occ *o)
{
	pol_buf b = {0};
	switch (o->kind) {
	case POL_SYM_NODE:
		S_hover_node(&b, o->target);
		break;
	case POL_SYM_ROLE: {
		const pol_role *r = o->target;
		pol_buf_puts(&b, "**");
		S_md_text(&b, r->title ? r->title : r->id);
		pol_buf_printf(&b, "**\n\nrole `%s` · %s · used %d times", r->id, pol_vis_name(r->vis), r->uses);
		S_hover_plain(&b, r->desc);
		S_where(&b, r->span);
		break;
	}
	case POL_SYM_TERM: {
		const pol_term *t = o->target;
		pol_buf_puts(&b, "**");
		S_md_text(&b, t->title);
		pol_buf_printf(&b, "**\n\nterm `%s` · %s · used %d times", t->id, pol_vis_name(t->vis), t->uses);
		if (t->node && t->node->ref)
			pol_buf_printf(&b, " · %s", t->node->ref);
		if (t->def_text && *t->def_text) {
			pol_buf_puts(&b, "\n\n");
			S_md_text(&b, t->def_text);
		}
		S_where(&b, t->span);
		break;
	}
	case POL_SYM_PARAM: {
		const pol_param *q = o->target;
		pol_buf_puts(&b, "**");
		S_md_text(&b, q->display);
		pol_buf_printf(&b, "**\n\nparameter `%s` · %s · value=%s · %s · used %d times", q->id,
		               pol_param_type_name(q->type), q->value ? q->value : "", pol_vis_name(q->vis), q->uses);
		S_hover_plain(&b, q->desc);
		S_where(&b, q->span);
		break;
	}
	case POL_SYM_CHECK: {
		const pol_check *c = o->target;
		pol_buf_printf(&b, "**check `%s`**", c->id);
		if (c->every_ja)
			pol_buf_printf(&b, " · %s (%s)", c->every_ja, c->every);
		if (c->evidence) {
			pol_buf_puts(&b, "\n\nevidence: ");
			S_md_text(&b, c->evidence);
		}
		if (c->rule) {
			char *h = pol_node_heading(c->rule);
			pol_buf_puts(&b, "\n\nrule: ");
			S_md_text(&b, h);
			free(h);
		}
		S_hover_plain(&b, c->question);
		break;
	}
	case POL_SYM_FILE:
		pol_buf_printf(&b, "`%s`", ((const pol_file *)o->target)->rel);
		break;
	}
	return pol_buf_detach(&b);
}

/* ---- completion ---- */

/* CompletionItemKind */
enum { K_FIELD = 5, K_VARIABLE = 6, K_CLASS = 7, K_MODULE = 9, K_PROPERTY = 10, K_VALUE = 12, K_KEYWORD = 14,
       K_REFERENCE = 18, K_CONSTANT = 21 };

typedef struct S_comp {
	json_t *items;
	long line, from, to; /* the range the items replace (the word being typed) */
	const char *prefix;  /* what is typed of it */
	size_t nprefix;
} S_comp;

static void S_item(S_comp *c, const char *label, const char *insert, int kind, const char *detail)
{
	if (c->nprefix && strncmp(label, c->prefix, c->nprefix) && strncmp(insert, c->prefix, c->nprefix))
		return;
	json_t *it = json_pack("{s:s,s:i,s:{s:o,s:s}}", "label", label, "kind", kind, "textEdit", "range",
	                       pol_lsp_range(c->line, c->from, c->line, c->to), "newText", insert);
	if (detail)
		json_object_set_new(it, "detail", json_string(detail));
	json_array_append_new(c->items, it);
}

static long S_u16(const char *s, size_t n)
{
	long u = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(s + i, n - i, &cp);
		if (!k)
			k = 1, cp = 0xFFFD;
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	return u;
}

static void S_comp_nodes(S_comp *c, const pol_model *m, const pol_node *doc, unsigned sem)
{
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (!n->id || (sem && !(n->sem & sem)))
			continue;
		const pol_node *nd = pol_node_document(n);
		char *label = n->kind == POL_DOCUMENT || nd == doc ? pol_xstrdup(n->id) : pol_xstrdup(n->key);
		char *h = pol_node_heading(n);
		S_item(c, label, label, n->kind == POL_DOCUMENT ? K_MODULE : K_REFERENCE, h);
		free(h);
		free(label);
	}
}

static void S_comp_roles(S_comp *c, const pol_model *m)
{
	for (size_t i = 0; i < m->nroles; i++)
		S_item(c, m->roles[i]->id, m->roles[i]->id, K_CLASS, m->roles[i]->title);
}

static void S_comp_words(S_comp *c, const char *const *w, int kind)
{
	for (; *w; w++)
		S_item(c, *w, *w, kind, NULL);
}

/* The document the byte offset off of f stands in: that of the last node above it. */
const pol_node *pol_lsp_doc_at(const pol_model *m, const pol_file *f, size_t off)
{
	const pol_node *doc = NULL;
	for (size_t i = 0; m && f && i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (n->span.file == f && n->span.begin <= off)
			doc = pol_node_document(n);
	}
	return doc;
}

/* Completes at byte off of text (the buffer), line starting at ls. */
static void S_complete(S_comp *c, const pol_model *m, const char *text, size_t ls, size_t off, const pol_node *doc)
{
	const char *line = text + ls;
	size_t n = off - ls;
	size_t w = n; /* start of the word being typed */
	while (w > 0 && (strchr("-_.", line[w - 1]) || ((unsigned char)line[w - 1] >= 0x80) ||
	                 (line[w - 1] >= 'a' && line[w - 1] <= 'z') || (line[w - 1] >= 'A' && line[w - 1] <= 'Z') ||
	                 (line[w - 1] >= '0' && line[w - 1] <= '9')))
		w--;
	c->from = S_u16(line, w);
	c->to = S_u16(line, n);
	c->prefix = line + w;
	c->nprefix = n - w;

	if (line[0] == '@') {
		if (w == 1) { /* the keyword */
			for (size_t i = 0; i < pol_syntax_ndirectives(); i++)
				S_item(c, pol_syntax_directive(i), pol_syntax_directive(i), K_KEYWORD, NULL);
			S_item(c, "include", "include", K_KEYWORD, NULL);
			return;
		}
		const char *open = memchr(line, '[', n);
		if (!open || memchr(open, ']', (size_t)(line + n - open)))
			return;
		size_t kw = 1;
		while (kw < n && line[kw] != ' ' && line[kw] != '\t' && line[kw] != '[')
			kw++;
		char *keyword = pol_xstrndup(line + 1, kw - 1);
		const char *attrs = pol_syntax_attributes(keyword);
		free(keyword);
		/* the attribute being written: after the last '[' or ',' */
		size_t a = n;
		while (a > 0 && line[a - 1] != '[' && line[a - 1] != ',')
			a--;
		const char *eq = memchr(line + a, '=', n - a);
		if (!eq) {
			for (const char *p = attrs; p && *p;) {
				while (*p == ' ')
					p++;
				const char *e = p;
				while (*e && *e != ' ')
					e++;
				if (e > p) {
					char *name = pol_xstrndup(p, (size_t)(e - p));
					bool val = name[e - p - 1] == '=';
					char *label = pol_xstrndup(p, (size_t)(e - p) - val);
					S_item(c, label, name, K_PROPERTY, val ? "takes a value" : "flag");
					free(label);
					free(name);
				}
				p = e;
			}
			return;
		}
		size_t ks = a;
		while (line[ks] == ' ')
			ks++;
		size_t ke = (size_t)(eq - line);
		while (ke > ks && line[ke - 1] == ' ')
			ke--;
		char *key = pol_xstrndup(line + ks, ke - ks);
		static const char *const every[] = {"day", "week", "month", "quarter", "half-year", "year", "event", NULL};
		static const char *const tiers[] = {"preface", "basic", "standards", "procedures", "supplementary", NULL};
		if (m && (!strcmp(key, "applies") || !strcmp(key, "owner") || !strcmp(key, "role")))
			S_comp_roles(c, m);
		else if (m && !strcmp(key, "implements"))
			S_comp_nodes(c, m, doc, POL_SEM_MEASURE | POL_SEM_RULE | POL_SEM_PROCEDURE);
		else if (m && !strcmp(key, "counters"))
			S_comp_nodes(c, m, doc, POL_SEM_THREAT);
		else if (!strcmp(key, "every"))
			S_comp_words(c, every, K_VALUE);
		else if (!strcmp(key, "tier"))
			S_comp_words(c, tiers, K_VALUE);
		free(key);
		return;
	}
	/* an indented `key = value` line under a directive: the attributes with a value */
	if ((line[0] == ' ' || line[0] == '\t') && !memchr(line, '=', n)) {
		size_t k = 0;
		while (k < w && (line[k] == ' ' || line[k] == '\t'))
			k++;
		/* the directive above: back over the attribute lines */
		size_t at = ls;
		while (at > 0 && k == w) {
			size_t prev = at - 1;
			while (prev > 0 && text[prev - 1] != '\n')
				prev--;
			at = prev;
			if (text[at] == '@') {
				size_t e = at + 1;
				while (text[e] && text[e] != ' ' && text[e] != '\t' && text[e] != '[' && text[e] != '\n')
					e++;
				char *keyword = pol_xstrndup(text + at + 1, e - at - 1);
				const char *attrs = pol_syntax_attributes(keyword);
				free(keyword);
				for (const char *p = attrs; p && *p;) {
					while (*p == ' ')
						p++;
					const char *q = p;
					while (*q && *q != ' ')
						q++;
					if (q > p && q[-1] == '=') {
						char *label = pol_xstrndup(p, (size_t)(q - p - 1));
						char *insert = pol_xasprintf("%s = ", label);
						S_item(c, label, insert, K_PROPERTY, "takes a value");
						free(insert);
						free(label);
					}
					p = q;
				}
				return;
			}
			if (text[at] != ' ' && text[at] != '\t')
				return; /* prose or a blank line: not under a directive */
		}
	}
	/* prose: inside an open '{' */
	size_t b = n;
	while (b > 0 && line[b - 1] != '{' && line[b - 1] != '}')
		b--;
	if (!b || line[b - 1] != '{' || (b >= 2 && line[b - 2] == '\\'))
		return;
	const char *in = line + b;
	size_t inlen = n - b;
	if (inlen >= 4 && !strncmp(in, "ref ", 4)) {
		if (m)
			S_comp_nodes(c, m, doc, 0);
	} else if (inlen >= 6 && !strncmp(in, "param ", 6)) {
		for (size_t i = 0; m && i < m->nparams; i++)
			S_item(c, m->params[i]->id, m->params[i]->id, K_VARIABLE, m->params[i]->display);
	} else if (inlen >= 4 && !strncmp(in, "def ", 4)) {
		return;
	} else if (!memchr(in, ' ', inlen)) {
		for (size_t i = 0; m && i < m->nterms; i++)
			S_item(c, m->terms[i]->title, m->terms[i]->title, K_CONSTANT, m->terms[i]->id);
		S_item(c, "ref", "ref ", K_KEYWORD, "{ref ID}: a cross-reference, shown as its number");
		S_item(c, "param", "param ", K_KEYWORD, "{param ID}: a parameter's value");
		S_item(c, "def", "def ", K_KEYWORD, "{def ID TITLE: TEXT}: defines a term");
	}
}

/* ---- document symbols ---- */

/* SymbolKind */
int pol_lsp_symbol_kind(const pol_node *n)
{
	if (n->sem & POL_SEM_RULE)
		return 12; /* Function */
	if (n->sem & POL_SEM_TERM)
		return 14; /* Constant */
	if (n->sem & POL_SEM_THREAT)
		return 24; /* Event */
	if (n->sem & POL_SEM_MEASURE)
		return 11; /* Interface */
	if (n->sem & POL_SEM_PROCEDURE)
		return 6; /* Method */
	if (n->sem & POL_SEM_STEP)
		return 22; /* EnumMember */
	switch (n->kind) {
	case POL_DOCUMENT: return 2;   /* Module */
	case POL_CHAPTER: return 3;    /* Namespace */
	case POL_SECTION:
	case POL_SUBSECTION: return 4; /* Package */
	case POL_ARTICLE: return 5;    /* Class */
	case POL_SUPPLEMENT: return 3;
	default: return 8;             /* Field */
	}
}

static bool S_under(const pol_node *n, const pol_node *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return true;
	return false;
}

static json_t *S_symbol(const char *name, const char *detail, int kind, json_t *range, json_t *sel)
{
	json_t *o = json_pack("{s:s,s:i,s:o,s:o}", "name", *name ? name : "-", "kind", kind, "range", range,
	                      "selectionRange", sel);
	if (detail)
		json_object_set_new(o, "detail", json_string(detail));
	return o;
}

static size_t S_line_start(const pol_file *f, size_t off)
{
	while (off > 0 && f->text[off - 1] != '\n')
		off--;
	return off;
}

static size_t S_line_end(const pol_file *f, size_t off)
{
	while (off < f->len && f->text[off] != '\n')
		off++;
	return off;
}

json_t *pol_lsp_symbols(const pol_model *m, const pol_file *f)
{
	json_t *top = json_array();
	/* the symbol of each node of f, by its index in m->nodes */
	json_t **sym = pol_xcalloc(m->nnodes ? m->nnodes : 1, sizeof *sym);
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (n->span.file != f)
			continue;
		size_t j = i + 1;
		while (j < m->nnodes && S_under(m->nodes[j], n))
			j++;
		size_t b = S_line_start(f, n->span.begin);
		size_t e = j < m->nnodes && m->nodes[j]->span.file == f ? S_line_start(f, m->nodes[j]->span.begin) : f->len;
		while (e > b && (f->text[e - 1] == '\n' || f->text[e - 1] == '\r'))
			e--;
		if (e < n->span.end)
			e = S_line_end(f, n->span.end);
		char *h = pol_node_heading(n);
		sym[i] = S_symbol(*h ? h : n->id ? n->id : pol_kind_name(n->kind), n->id ? n->key : NULL, pol_lsp_symbol_kind(n),
		                  pol_lsp_span_range(f, b, e), pol_lsp_span_range(f, n->span.begin, n->span.end));
		free(h);
		json_t *parent = NULL;
		for (const pol_node *a = n->parent; a && !parent; a = a->parent) {
			size_t k = a->index;
			if (k < m->nnodes && m->nodes[k] == a && sym[k])
				parent = sym[k];
		}
		if (parent) {
			json_t *kids = json_object_get(parent, "children");
			if (!kids)
				json_object_set_new(parent, "children", kids = json_array());
			json_array_append_new(kids, sym[i]);
		} else {
			json_array_append_new(top, sym[i]);
		}
	}
	free(sym);
	struct { pol_span sp; const char *name, *id; int kind; } more;
	for (size_t i = 0; i < m->nroles + m->nparams + m->nterms; i++) {
		if (i < m->nroles)
			more.sp = m->roles[i]->span, more.name = m->roles[i]->title, more.id = m->roles[i]->id, more.kind = 19;
		else if (i < m->nroles + m->nparams) {
			const pol_param *q = m->params[i - m->nroles];
			more.sp = q->span, more.name = q->id, more.id = q->display, more.kind = 13;
		} else {
			const pol_term *t = m->terms[i - m->nroles - m->nparams];
			if (t->node || !t->span.file || (t->span.begin >= 5 && !memcmp(t->span.file->text + t->span.begin - 5, "{def ", 5)))
				continue;
			more.sp = t->span, more.name = t->title, more.id = t->id, more.kind = 14;
		}
		if (more.sp.file != f)
			continue;
		size_t b = S_line_start(f, more.sp.begin), e = S_line_end(f, more.sp.end);
		json_array_append_new(top, S_symbol(more.name ? more.name : more.id, more.id, more.kind,
		                                    pol_lsp_span_range(f, b, e), pol_lsp_span_range(f, more.sp.begin, more.sp.end)));
	}
	return top;
}

/* ---- rename ---- */

static bool S_valid_id(const char *id, bool dots)
{
	if (!((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z')))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || (dots && *p == '.')))
			return false;
	return !(dots && (id[strlen(id) - 1] == '.' || strstr(id, "..")));
}

/* Why o's target cannot take the id name, or NULL. */
/* Whether a node of another document than n's has the id name while n is referred to
 * by its bare id from outside its document: after the rename those references would
 * be ambiguous, or name the other node. */
static bool S_bare_clash(const pol_index *x, const pol_node *n, const char *name)
{
	const pol_model *m = x->m;
	const pol_node *doc = pol_node_document(n);
	bool other = false;
	for (size_t i = 0; i < m->nnodes && !other; i++)
		other = m->nodes[i] != n && m->nodes[i]->kind != POL_DOCUMENT && m->nodes[i]->id &&
		        !strcmp(m->nodes[i]->id, name);
	if (!other)
		return false;
	for (size_t i = 0; i < x->nfiles; i++) {
		const pol_index_file *xf = &x->files[i];
		for (size_t k = 0; k < xf->nocc; k++) {
			const pol_occ *q = &xf->occ[k];
			if (q->def || q->kind != POL_SYM_NODE || q->target != n)
				continue;
			bool bare = !(q->begin > 0 && xf->file->text[q->begin - 1] == '.');
			if (bare && pol_lsp_doc_at(m, xf->file, q->begin) != doc)
				return true;
		}
	}
	return false;
}

const char *pol_lsp_rename_clash(const pol_index *x, const pol_occ *o, const char *name)
{
	const pol_model *m = x->m;
	switch (o->kind) {
	case POL_SYM_NODE: {
		const pol_node *n = o->target;
		if (!S_valid_id(name, false))
			return "an id is an ASCII letter, then letters, digits, '-' or '_'";
		if (n->kind == POL_DOCUMENT) {
			if (pol_map_get(m->by_key, name))
				return "a document with that id exists";
			return NULL;
		}
		char *key = pol_xasprintf("%s.%s", pol_node_document(n)->id, name);
		bool used = pol_map_get(m->by_key, key) != NULL;
		free(key);
		if (used)
			return "that id is already used in this document";
		if ((n->sem & POL_SEM_TERM) && pol_map_get(m->term_by_id, name))
			return "a term with that id exists";
		if (S_bare_clash(x, n, name))
			return "another document has a node with that id: the references from other documents "
			       "would name it (write them as DOC.ID first)";
		return NULL;
	}
	case POL_SYM_ROLE:
		return !S_valid_id(name, false) ? "an id is an ASCII letter, then letters, digits, '-' or '_'"
		       : pol_map_get(m->role_by_id, name) ? "a role with that id exists" : NULL;
	case POL_SYM_PARAM:
		return !S_valid_id(name, true) ? "a parameter id is an ASCII letter, then letters, digits, '-', '_' or '.'"
		       : pol_map_get(m->param_by_id, name) ? "a parameter with that id exists" : NULL;
	case POL_SYM_TERM: {
		const pol_term *t = o->target;
		if (!S_valid_id(name, false))
			return "an id is an ASCII letter, then letters, digits, '-' or '_'";
		if (pol_map_get(m->term_by_id, name))
			return "a term with that id exists";
		if (t->node) {
			char *key = pol_xasprintf("%s.%s", pol_node_document(t->node)->id, name);
			bool used = pol_map_get(m->by_key, key) != NULL;
			free(key);
			if (used)
				return "that id is already used in this document";
		}
		return NULL;
	}
	case POL_SYM_CHECK: {
		const pol_check *c = o->target;
		if (!S_valid_id(name, false))
			return "an id is an ASCII letter, then letters, digits, '-' or '_'";
		char *key = pol_xasprintf("%s.%s", pol_node_document(c->rule)->id, name);
		bool used = pol_map_get(m->by_key, key) != NULL;
		for (size_t i = 0; !used && i < m->nnodes; i++)
			for (uint32_t k = 0; k < m->nodes[i]->nchecks; k++)
				used |= !strcmp(m->nodes[i]->checks[k]->id, key);
		free(key);
		return used ? "that id is already used in this document" : NULL;
	}
	case POL_SYM_FILE:
		return "an include path is renamed by renaming the file";
	}
	return NULL;
}

json_t *pol_lsp_complete(const pol_model *m, const char *text, size_t ls, size_t off, long line,
                         const pol_node *doc)
{
	S_comp c = {.items = json_array(), .line = line};
	S_complete(&c, m, text, ls, off, doc);
	return c.items;
}
