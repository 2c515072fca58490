/* server.c — the language server (server.h).
 *
 * The loop reads one message, answers it and goes on; nothing a client sends ends it
 * but `exit` or the end of the input. Every field is read with its type checked, so a
 * malformed message gets a JSON-RPC error, not a crash.
 *
 * State: the open buffers (by path), and the policies they belong to (by root). A
 * change to a buffer reloads its policy at once — a full load of the seed policy
 * takes a few milliseconds, so there is nothing to gain from incremental checking —
 * and publishes the diagnostics of every file of it, clearing those of files that
 * have none any more. Requests are answered from the last load: its model keeps the
 * files' text, so the index's byte offsets are those of what the editor showed then.
 *
 * Columns are UTF-16 code units both ways (the protocol's default encoding). */
#include "lsp/server.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "front/overlay.h"
#include "lib/json.h"
#include "lsp/index.h"
#include "lsp/rpc.h"
#include "model/syntax.h"

/* JSON-RPC and LSP error codes */
enum {
	S_PARSE_ERROR = -32700,
	S_INVALID_REQUEST = -32600,
	S_METHOD_NOT_FOUND = -32601,
	S_INVALID_PARAMS = -32602,
	S_NOT_INITIALIZED = -32002,
	S_REQUEST_FAILED = -32803,
};

typedef struct S_doc {
	char *uri;     /* as the client wrote it */
	char *path;    /* absolute */
	char *text;
	size_t len;
} S_doc;

typedef struct S_project {
	char *root;      /* absolute folder holding policy.pol */
	pol_model *m;    /* the last load, or NULL when the root could not be read */
	pol_index *x;
	pol_vec published; /* char* URIs that were sent diagnostics */
	struct S_server *srv;
} S_project;

typedef struct S_server {
	FILE *in, *out, *log;
	bool initialized, shutdown;
	pol_vec docs;      /* S_doc* */
	pol_vec projects;  /* S_project* */
} S_server;

static void S_log(S_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_log(S_server *s, const char *fmt, ...)
{
	if (!s->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("polc lsp: ", s->log);
	vfprintf(s->log, fmt, ap);
	fputc('\n', s->log);
	fflush(s->log);
	va_end(ap);
}

/* ---- URIs ---- */

static int S_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The absolute path of a file: URI, percent-decoded; NULL for another scheme, a
 * remote host or an encoded NUL. Caller frees. */
static char *S_uri_path(const char *uri)
{
	if (strncmp(uri, "file://", 7))
		return NULL;
	const char *p = uri + 7;
	if (!strncmp(p, "localhost/", 10))
		p += 9;
	if (*p != '/')
		return NULL;
	pol_buf b = {0};
	for (; *p && *p != '?' && *p != '#'; p++) {
		int h, l;
		if (*p == '%' && (h = S_hex(p[1])) >= 0 && (l = S_hex(p[2])) >= 0) {
			if (!h && !l) {
				pol_buf_free(&b);
				return NULL;
			}
			pol_buf_putc(&b, (char)(h * 16 + l));
			p += 2;
		} else {
			pol_buf_putc(&b, *p);
		}
	}
	return pol_buf_detach(&b);
}

/* file: URI of an absolute path, as VS Code writes them. Caller frees. */
static char *S_path_uri(const char *path)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			pol_buf_putc(&b, (char)*p);
		else
			pol_buf_printf(&b, "%%%02X", *p);
	}
	return pol_buf_detach(&b);
}

/* ---- documents and projects ---- */

static S_doc *S_doc_at(S_server *s, const char *path)
{
	for (size_t i = 0; i < s->docs.len; i++) {
		S_doc *d = s->docs.items[i];
		if (!strcmp(d->path, path))
			return d;
	}
	return NULL;
}

static void S_doc_free(S_doc *d)
{
	if (!d)
		return;
	free(d->uri);
	free(d->path);
	free(d->text);
	free(d);
}

/* The URI to use for path: the client's own for an open buffer. Caller frees. */
static char *S_uri_of(S_server *s, const char *path)
{
	S_doc *d = S_doc_at(s, path);
	return d ? pol_xstrdup(d->uri) : S_path_uri(path);
}

static const char *S_lookup(void *ctx, const char *rel, size_t *len)
{
	S_project *p = ctx;
	char *path = pol_xasprintf("%s/%s", p->root, rel);
	S_doc *d = S_doc_at(p->srv, path);
	free(path);
	if (!d)
		return NULL;
	*len = d->len;
	return d->text;
}

/* The root of the policy that holds path: the nearest folder above it with a
 * policy.pol, on disk or open. Caller frees; NULL when there is none. */
static char *S_find_root(S_server *s, const char *path)
{
	char *dir = pol_xstrdup(path);
	for (;;) {
		char *slash = strrchr(dir, '/');
		if (!slash)
			break;
		*slash = 0;
		char *entry = pol_xasprintf("%s/policy.pol", *dir ? dir : "");
		struct stat st;
		bool found = S_doc_at(s, entry) || (stat(entry, &st) == 0 && S_ISREG(st.st_mode));
		free(entry);
		if (found) {
			if (!*dir) {
				free(dir);
				return pol_xstrdup("/");
			}
			return dir;
		}
	}
	free(dir);
	return NULL;
}

static S_project *S_project_at(S_server *s, const char *root)
{
	for (size_t i = 0; i < s->projects.len; i++) {
		S_project *p = s->projects.items[i];
		if (!strcmp(p->root, root))
			return p;
	}
	return NULL;
}

/* path relative to p's root, or NULL when it is not beneath it (lent, into path). */
static const char *S_rel(const S_project *p, const char *path)
{
	size_t n = strlen(p->root);
	if (!strcmp(p->root, "/"))
		return path + 1;
	if (strncmp(path, p->root, n) || path[n] != '/')
		return NULL;
	return path + n + 1;
}

static void S_project_free(S_project *p)
{
	if (!p)
		return;
	pol_index_free(p->x);
	pol_model_free(p->m);
	for (size_t i = 0; i < p->published.len; i++)
		free(p->published.items[i]);
	pol_vec_free(&p->published);
	free(p->root);
	free(p);
}

/* ---- diagnostics ---- */

static json_t *S_pos(long line, long ch)
{
	return json_pack("{s:I,s:I}", "line", (json_int_t)(line < 0 ? 0 : line), "character",
	                 (json_int_t)(ch < 0 ? 0 : ch));
}

static json_t *S_range(long l0, long c0, long l1, long c1)
{
	return json_pack("{s:o,s:o}", "start", S_pos(l0, c0), "end", S_pos(l1, c1));
}

static json_t *S_span_range(const pol_file *f, size_t b, size_t e)
{
	long l0, c0, l1, c1;
	pol_lsp_position(f, b, &l0, &c0);
	pol_lsp_position(f, e, &l1, &c1);
	return S_range(l0, c0, l1, c1);
}

static json_t *S_loc_range(const pol_diag_loc *l)
{
	if (!l->path)
		return S_range(0, 0, 0, 0);
	return S_range(l->line - 1, l->col16 - 1, l->end_line - 1, l->end_col16 - 1);
}

/* The URIs' diagnostic lists being built: uri -> json array. */
typedef struct S_pub {
	pol_vec uris;  /* char*, owned */
	pol_vec lists; /* json_t* */
} S_pub;

static json_t *S_pub_list(S_pub *pub, const char *uri)
{
	for (size_t i = 0; i < pub->uris.len; i++)
		if (!strcmp(pub->uris.items[i], uri))
			return pub->lists.items[i];
	json_t *a = json_array();
	pol_vec_push(&pub->uris, pol_xstrdup(uri));
	pol_vec_push(&pub->lists, a);
	return a;
}

static char *S_rel_uri(S_project *p, const char *rel)
{
	char *path = pol_xasprintf("%s/%s", strcmp(p->root, "/") ? p->root : "", rel ? rel : "policy.pol");
	char *uri = S_uri_of(p->srv, path);
	free(path);
	return uri;
}

static json_t *S_diagnostic(S_project *p, const pol_diag_rec *r)
{
	static const int sev[] = {[POL_NOTE] = 3, [POL_WARNING] = 2, [POL_ERROR] = 1};
	json_t *o = json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", S_loc_range(&r->loc), "severity", sev[r->severity],
	                      "code", r->code ? r->code : "other", "source", "polc", "message", r->message);
	if (r->nnotes) {
		json_t *rel = json_array();
		for (size_t i = 0; i < r->nnotes; i++) {
			char *uri = S_rel_uri(p, r->notes[i].loc.rel);
			json_array_append_new(rel, json_pack("{s:{s:s,s:o},s:s}", "location", "uri", uri, "range",
			                                     S_loc_range(&r->notes[i].loc), "message", r->notes[i].message));
			free(uri);
		}
		json_object_set_new(o, "relatedInformation", rel);
	}
	return o;
}

static void S_notify(S_server *s, const char *method, json_t *params)
{
	pol_rpc_write(s->out, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

/* Publishes d's diagnostics for every file of p's policy and its open buffers, and
 * empty lists where diagnostics were published before and are no more. */
static void S_publish(S_project *p, const pol_diag *d)
{
	S_server *s = p->srv;
	S_pub pub = {0};
	if (p->m)
		for (size_t i = 0; i < p->m->nfiles; i++) {
			char *uri = S_rel_uri(p, p->m->files[i]->rel);
			S_pub_list(&pub, uri);
			free(uri);
		}
	for (size_t i = 0; i < s->docs.len; i++) {
		S_doc *doc = s->docs.items[i];
		const char *rel = S_rel(p, doc->path);
		if (!rel)
			continue;
		char *root = S_find_root(s, doc->path);
		bool mine = root && !strcmp(root, p->root);
		free(root);
		if (!mine)
			continue;
		json_t *list = S_pub_list(&pub, doc->uri);
		if (p->m && !pol_index_file_of(p->x, rel) && strcmp(rel, "policy.pol"))
			json_array_append_new(
				list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", S_range(0, 0, 0, 0), "severity", 2, "code",
			                    "not-included", "source", "polc", "message",
			                    "this file is not part of the policy: no @include names it"));
	}
	for (size_t i = 0; i < d->nrecs; i++) {
		const pol_diag_rec *r = &d->recs[i];
		char *uri = S_rel_uri(p, r->loc.rel);
		json_array_append_new(S_pub_list(&pub, uri), S_diagnostic(p, r));
		free(uri);
	}
	for (size_t i = 0; i < p->published.len; i++) {
		S_pub_list(&pub, p->published.items[i]);
		free(p->published.items[i]);
	}
	p->published.len = 0;
	for (size_t i = 0; i < pub.uris.len; i++) {
		json_t *list = pub.lists.items[i];
		if (json_array_size(list))
			pol_vec_push(&p->published, pol_xstrdup(pub.uris.items[i]));
		S_notify(s, "textDocument/publishDiagnostics",
		         json_pack("{s:s,s:o}", "uri", (char *)pub.uris.items[i], "diagnostics", list));
		free(pub.uris.items[i]);
	}
	pol_vec_free(&pub.uris);
	pol_vec_free(&pub.lists);
}

/* Loads p's policy again from the buffers and the disk and publishes its diagnostics. */
static void S_reload(S_project *p)
{
	pol_diag d;
	pol_diag_init(&d, NULL);
	d.silent = true;
	pol_index_free(p->x);
	pol_model_free(p->m);
	p->x = NULL;
	p->m = NULL;
	pol_source *src = pol_source_overlay_new(p->root, S_lookup, p);
	if (src) {
		p->m = pol_model_load(src, &d);
		pol_source_free(src);
	} else {
		pol_diag_report(&d, POL_ERROR, (pol_span){0}, "cannot read the folder %s", p->root);
	}
	if (p->m)
		p->x = pol_index_new(p->m);
	S_publish(p, &d);
	pol_diag_fini(&d);
}

/* The project of path, made and loaded when it is first needed; NULL outside any policy. */
static S_project *S_project_of(S_server *s, const char *path, bool load)
{
	char *root = S_find_root(s, path);
	if (!root)
		return NULL;
	S_project *p = S_project_at(s, root);
	if (p || !load) {
		free(root);
		return p;
	}
	p = pol_xcalloc(1, sizeof *p);
	p->root = root;
	p->srv = s;
	pol_vec_push(&s->projects, p);
	S_reload(p);
	return p;
}

/* ---- reading parameters ---- */

static const char *S_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* params.textDocument.uri as a path, with its project and index file. */
typedef struct S_at {
	char *path;
	S_project *p;
	const pol_index_file *xf;
	const pol_file *f;
	size_t off;         /* the position, when one was given */
	bool has_pos;
} S_at;

static bool S_at_get(S_server *s, json_t *params, S_at *at)
{
	memset(at, 0, sizeof *at);
	const char *uri = S_str(json_object_get(params, "textDocument"), "uri");
	if (!uri || !(at->path = S_uri_path(uri)))
		return false;
	at->p = S_project_of(s, at->path, false);
	const char *rel = at->p ? S_rel(at->p, at->path) : NULL;
	at->xf = at->p && at->p->x && rel ? pol_index_file_of(at->p->x, rel) : NULL;
	at->f = at->xf ? at->xf->file : NULL;
	json_t *pos = json_object_get(params, "position");
	json_t *line = json_object_get(pos, "line"), *ch = json_object_get(pos, "character");
	if (json_is_integer(line) && json_is_integer(ch)) {
		at->has_pos = true;
		if (at->f)
			at->off = pol_lsp_offset(at->f, (long)json_integer_value(line), (long)json_integer_value(ch));
	}
	return true;
}

static void S_at_fini(S_at *at)
{
	free(at->path);
}

static json_t *S_location(S_project *p, const pol_file *f, size_t b, size_t e)
{
	char *uri = S_rel_uri(p, f->rel);
	json_t *o = json_pack("{s:s,s:o}", "uri", uri, "range", S_span_range(f, b, e));
	free(uri);
	return o;
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

static char *S_hover_text(const pol_occ *o)
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
	                       S_range(c->line, c->from, c->line, c->to), "newText", insert);
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
static const pol_node *S_doc_at_off(const pol_model *m, const pol_file *f, size_t off)
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
static int S_symkind(const pol_node *n)
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

static json_t *S_symbols(const pol_model *m, const pol_file *f)
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
		sym[i] = S_symbol(*h ? h : n->id ? n->id : pol_kind_name(n->kind), n->id ? n->key : NULL, S_symkind(n),
		                  S_span_range(f, b, e), S_span_range(f, n->span.begin, n->span.end));
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
		                                    S_span_range(f, b, e), S_span_range(f, more.sp.begin, more.sp.end)));
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
			if (bare && S_doc_at_off(m, xf->file, q->begin) != doc)
				return true;
		}
	}
	return false;
}

static const char *S_rename_clash(const pol_index *x, const pol_occ *o, const char *name)
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

/* ---- requests ---- */

static json_t *S_initialize_result(void)
{
	json_t *r = json_pack(
		"{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:b,s:b,s:{s:[s,s,s,s,s,s,s]},s:b,s:{s:b}},s:{s:s,s:s}}",
		"capabilities", "positionEncoding", "utf-16", "textDocumentSync", "openClose", 1, "change", 1, "save",
		"includeText", 0, "definitionProvider", 1, "referencesProvider", 1, "hoverProvider", 1,
		"completionProvider", "triggerCharacters", "@", "{", "[", ",", "=", " ", ".", "documentSymbolProvider", 1,
		"renameProvider", "prepareProvider", 1, "serverInfo", "name", "polc", "version", "0.1.0");
	json_t *caps = json_object_get(r, "capabilities");
	json_object_set_new(caps, "documentHighlightProvider", json_true());
	json_object_set_new(caps, "workspaceSymbolProvider", json_true());
	return r;
}

/* workspace/symbol: the nodes, roles, parameters and terms of every loaded policy whose
 * heading, title or id holds query. */
static json_t *S_workspace_symbols(S_server *s, const char *query)
{
	json_t *res = json_array();
	for (size_t i = 0; i < s->projects.len; i++) {
		S_project *p = s->projects.items[i];
		const pol_model *m = p->m;
		if (!m)
			continue;
		for (size_t k = 0; k < m->nnodes; k++) {
			const pol_node *n = m->nodes[k];
			if (!n->span.file || json_array_size(res) >= 1000)
				continue;
			char *h = pol_node_heading(n);
			const char *name = *h ? h : n->id ? n->id : pol_kind_name(n->kind);
			if (!*query || strstr(name, query) || (n->id && strstr(n->key, query))) {
				json_t *o = json_pack("{s:s,s:i,s:o}", "name", name, "kind", S_symkind(n), "location",
				                      S_location(p, n->span.file, n->span.begin, n->span.end));
				if (n->parent && n->parent->title)
					json_object_set_new(o, "containerName", json_string(n->parent->title));
				json_array_append_new(res, o);
			}
			free(h);
		}
		for (size_t k = 0; k < m->nroles + m->nparams + m->nterms; k++) {
			const char *id, *title;
			pol_span sp;
			int kind;
			if (k < m->nroles)
				id = m->roles[k]->id, title = m->roles[k]->title, sp = m->roles[k]->span, kind = 19;
			else if (k < m->nroles + m->nparams)
				id = m->params[k - m->nroles]->id, title = NULL, sp = m->params[k - m->nroles]->span, kind = 13;
			else {
				const pol_term *t = m->terms[k - m->nroles - m->nparams];
				if (t->node)
					continue; /* a node already */
				id = t->id, title = t->title, sp = t->span, kind = 14;
			}
			if (!sp.file || json_array_size(res) >= 1000)
				continue;
			if (*query && !strstr(id, query) && !(title && strstr(title, query)))
				continue;
			json_array_append_new(res, json_pack("{s:s,s:i,s:o,s:s}", "name", title ? title : id, "kind", kind,
			                                     "location", S_location(p, sp.file, sp.begin, sp.end),
			                                     "containerName", id));
		}
	}
	return res;
}

static void S_did_open(S_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = S_str(td, "uri");
	json_t *text = json_object_get(td, "text");
	char *path = uri ? S_uri_path(uri) : NULL;
	if (!path || !json_is_string(text)) {
		S_log(s, "didOpen without a file: URI and text");
		free(path);
		return;
	}
	S_doc *d = S_doc_at(s, path);
	if (!d) {
		d = pol_xcalloc(1, sizeof *d);
		d->path = path;
		pol_vec_push(&s->docs, d);
	} else {
		free(path);
		free(d->uri);
		free(d->text);
	}
	d->uri = pol_xstrdup(uri);
	d->len = json_string_length(text);
	d->text = pol_xstrndup(json_string_value(text), d->len);
	S_project *p = S_project_of(s, d->path, false);
	if (p)
		S_reload(p);
	else if (!S_project_of(s, d->path, true))
		S_notify(s, "textDocument/publishDiagnostics",
		         json_pack("{s:s,s:[{s:o,s:i,s:s,s:s,s:s}]}", "uri", uri, "diagnostics", "range", S_range(0, 0, 0, 0),
		                   "severity", 3, "code", "no-policy", "source", "polc", "message",
		                   "no policy.pol in this folder or above it: this file is not checked"));
}

/* Applies one content change to d: the whole text, or a range of it. */
static bool S_apply_change(S_doc *d, json_t *ch)
{
	json_t *text = json_object_get(ch, "text");
	if (!json_is_string(text))
		return false;
	const char *t = json_string_value(text);
	size_t tn = json_string_length(text);
	json_t *range = json_object_get(ch, "range");
	if (!range) {
		free(d->text);
		d->text = pol_xstrndup(t, tn);
		d->len = tn;
		return true;
	}
	json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
	json_t *l0 = json_object_get(st, "line"), *c0 = json_object_get(st, "character");
	json_t *l1 = json_object_get(en, "line"), *c1 = json_object_get(en, "character");
	if (!json_is_integer(l0) || !json_is_integer(c0) || !json_is_integer(l1) || !json_is_integer(c1))
		return false;
	pol_file *f = pol_file_new("", "", d->text, d->len);
	size_t b = pol_lsp_offset(f, (long)json_integer_value(l0), (long)json_integer_value(c0));
	size_t e = pol_lsp_offset(f, (long)json_integer_value(l1), (long)json_integer_value(c1));
	/* a position past the last line is the end of the text */
	if (json_integer_value(l0) >= (json_int_t)f->nlines)
		b = d->len;
	if (json_integer_value(l1) >= (json_int_t)f->nlines)
		e = d->len;
	pol_file_free(f);
	if (b > d->len)
		b = d->len;
	if (e > d->len)
		e = d->len;
	if (e < b)
		e = b;
	pol_buf nb = {0};
	pol_buf_put(&nb, d->text, b);
	pol_buf_put(&nb, t, tn);
	pol_buf_put(&nb, d->text + e, d->len - e);
	free(d->text);
	d->len = nb.len;
	d->text = nb.data ? pol_buf_detach(&nb) : pol_xstrdup("");
	return true;
}

static void S_did_change(S_server *s, json_t *params)
{
	const char *uri = S_str(json_object_get(params, "textDocument"), "uri");
	char *path = uri ? S_uri_path(uri) : NULL;
	S_doc *d = path ? S_doc_at(s, path) : NULL;
	json_t *changes = json_object_get(params, "contentChanges");
	if (!d || !json_is_array(changes)) {
		S_log(s, "didChange for a document that is not open, or without contentChanges");
		free(path);
		return;
	}
	size_t i;
	json_t *ch;
	json_array_foreach(changes, i, ch)
		if (!S_apply_change(d, ch))
			S_log(s, "didChange: a change without text, or with a bad range");
	S_project *p = S_project_of(s, path, false);
	if (p)
		S_reload(p);
	else
		S_project_of(s, path, true);
	free(path);
}

static void S_did_close(S_server *s, json_t *params)
{
	const char *uri = S_str(json_object_get(params, "textDocument"), "uri");
	char *path = uri ? S_uri_path(uri) : NULL;
	if (!path)
		return;
	S_project *p = S_project_of(s, path, false);
	for (size_t i = 0; i < s->docs.len; i++) {
		S_doc *d = s->docs.items[i];
		if (!strcmp(d->path, path)) {
			S_doc_free(d);
			s->docs.items[i] = s->docs.items[--s->docs.len];
			break;
		}
	}
	if (!p) {
		/* a file outside any policy: clear what was said about it */
		S_notify(s, "textDocument/publishDiagnostics", json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
		free(path);
		return;
	}
	bool open = false;
	for (size_t i = 0; i < s->docs.len && !open; i++)
		open = S_rel(p, ((S_doc *)s->docs.items[i])->path) != NULL;
	if (open) {
		S_reload(p);
	} else {
		/* nothing of the policy is open any more: clear its diagnostics and forget it */
		for (size_t i = 0; i < p->published.len; i++)
			S_notify(s, "textDocument/publishDiagnostics",
			         json_pack("{s:s,s:[]}", "uri", (char *)p->published.items[i], "diagnostics"));
		for (size_t i = 0; i < s->projects.len; i++)
			if (s->projects.items[i] == p)
				s->projects.items[i] = s->projects.items[--s->projects.len];
		S_project_free(p);
	}
	free(path);
}

/* A request's result, or an error (*code set, *msg static). */
static json_t *S_request(S_server *s, const char *method, json_t *params, int *code, const char **msg)
{
	if (!strcmp(method, "shutdown")) {
		s->shutdown = true;
		return json_null();
	}
	bool doc_req = !strncmp(method, "textDocument/", 13);
	if (!strcmp(method, "workspace/symbol")) {
		const char *q = json_is_object(params) ? S_str(params, "query") : NULL;
		if (!q) {
			*code = S_INVALID_PARAMS;
			*msg = "params.query is missing";
			return NULL;
		}
		return S_workspace_symbols(s, q);
	}
	if (!doc_req) {
		*code = S_METHOD_NOT_FOUND;
		*msg = "method not found";
		return NULL;
	}
	S_at at;
	if (!json_is_object(params) || !S_at_get(s, params, &at)) {
		*code = S_INVALID_PARAMS;
		*msg = "params.textDocument.uri is missing or not a file: URI";
		return NULL;
	}
	json_t *res = NULL;
	const pol_model *m = at.p ? at.p->m : NULL;
	const char *m13 = method + 13;
	bool wants_pos = strcmp(m13, "documentSymbol") != 0;
	if (wants_pos && !at.has_pos && (!strcmp(m13, "definition") || !strcmp(m13, "hover") ||
	                                 !strcmp(m13, "documentHighlight") ||
	                                 !strcmp(m13, "references") || !strcmp(m13, "completion") ||
	                                 !strcmp(m13, "rename") || !strcmp(m13, "prepareRename"))) {
		*code = S_INVALID_PARAMS;
		*msg = "params.position is missing";
		S_at_fini(&at);
		return NULL;
	}
	const pol_occ *o = at.f && at.has_pos ? pol_index_at(at.xf, at.off) : NULL;
	if (!strcmp(m13, "definition")) {
		const pol_file *f;
		uint32_t b, e;
		res = o && pol_index_def(at.p->x, o, &f, &b, &e) ? S_location(at.p, f, b, e) : json_null();
	} else if (!strcmp(m13, "references")) {
		res = json_array();
		bool decl = json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration"));
		for (size_t i = 0; o && i < at.p->x->nfiles; i++) {
			const pol_index_file *xf = &at.p->x->files[i];
			for (size_t k = 0; k < xf->nocc; k++)
				if (pol_index_same(&xf->occ[k], o) && (decl || !xf->occ[k].def))
					json_array_append_new(res, S_location(at.p, xf->file, xf->occ[k].begin, xf->occ[k].end));
		}
	} else if (!strcmp(m13, "documentHighlight")) {
		/* DocumentHighlightKind: 3 Write for the definition, 2 Read for a use */
		res = json_array();
		for (size_t k = 0; o && k < at.xf->nocc; k++) {
			const pol_occ *q = &at.xf->occ[k];
			if (pol_index_same(q, o) && !(k > 0 && at.xf->occ[k - 1].begin == q->begin &&
			                              pol_index_same(&at.xf->occ[k - 1], o)))
				json_array_append_new(res, json_pack("{s:o,s:i}", "range", S_span_range(at.f, q->begin, q->end),
				                                     "kind", q->def ? 3 : 2));
		}
	} else if (!strcmp(m13, "hover")) {
		if (o) {
			char *text = S_hover_text(o);
			res = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", text, "range",
			                S_span_range(at.f, o->begin, o->end));
			free(text);
		} else {
			res = json_null();
		}
	} else if (!strcmp(m13, "completion")) {
		S_comp c = {.items = json_array()};
		S_doc *d = S_doc_at(s, at.path);
		if (d) {
			json_t *pos = json_object_get(params, "position");
			pol_file *f = pol_file_new("", "", d->text, d->len);
			long line = (long)json_integer_value(json_object_get(pos, "line"));
			size_t off = pol_lsp_offset(f, line, (long)json_integer_value(json_object_get(pos, "character")));
			if (line >= 0 && (size_t)line < f->nlines) {
				c.line = line;
				S_complete(&c, m, f->text, f->lines[line], off, S_doc_at_off(m, at.f, at.off));
			}
			pol_file_free(f);
		}
		res = json_pack("{s:b,s:o}", "isIncomplete", 0, "items", c.items);
	} else if (!strcmp(m13, "documentSymbol")) {
		res = at.f ? S_symbols(m, at.f) : json_array();
	} else if (!strcmp(m13, "prepareRename")) {
		if (o && o->by_id && o->kind != POL_SYM_FILE)
			res = json_pack("{s:o,s:s%}", "range", S_span_range(at.f, o->begin, o->end), "placeholder",
			                at.f->text + o->begin, (size_t)(o->end - o->begin));
		else
			res = json_null();
	} else if (!strcmp(m13, "rename")) {
		const char *name = S_str(params, "newName");
		const char *why = NULL;
		if (!name)
			*code = S_INVALID_PARAMS, *msg = "params.newName is missing";
		else if (!o || !o->by_id)
			*code = S_REQUEST_FAILED, *msg = "there is no id to rename here";
		else if ((why = S_rename_clash(at.p->x, o, name)))
			*code = S_REQUEST_FAILED, *msg = why;
		else {
			json_t *changes = json_object();
			for (size_t i = 0; i < at.p->x->nfiles; i++) {
				const pol_index_file *xf = &at.p->x->files[i];
				json_t *edits = NULL;
				for (size_t k = 0; k < xf->nocc; k++) {
					const pol_occ *q = &xf->occ[k];
					if (!q->by_id || !pol_index_same(q, o))
						continue;
					if (k > 0 && xf->occ[k - 1].begin == q->begin && xf->occ[k - 1].end == q->end &&
					    pol_index_same(&xf->occ[k - 1], o))
						continue; /* a term and its node at one span: one edit */
					if (!edits)
						edits = json_array();
					json_array_append_new(edits, json_pack("{s:o,s:s}", "range",
					                                       S_span_range(xf->file, q->begin, q->end), "newText", name));
				}
				if (edits) {
					char *uri = S_rel_uri(at.p, xf->file->rel);
					json_object_set_new(changes, uri, edits);
					free(uri);
				}
			}
			res = json_pack("{s:o}", "changes", changes);
		}
	} else {
		*code = S_METHOD_NOT_FOUND;
		*msg = "method not found";
	}
	S_at_fini(&at);
	return res;
}

static void S_reply(S_server *s, json_t *id, json_t *result, int code, const char *msg)
{
	json_t *r = json_pack("{s:s,s:O}", "jsonrpc", "2.0", "id", id ? id : json_null());
	if (result)
		json_object_set_new(r, "result", result);
	else
		json_object_set_new(r, "error", json_pack("{s:i,s:s}", "code", code, "message", msg));
	pol_rpc_write(s->out, r);
}

/* Handles one message; returns the exit code when it was `exit`, else -1. */
static int S_message(S_server *s, json_t *msg)
{
	json_t *id = json_object_get(msg, "id");
	json_t *jm = json_object_get(msg, "method");
	if (!json_is_object(msg) || (jm && !json_is_string(jm)) || (!jm && !id) ||
	    (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id))) {
		S_log(s, "not a JSON-RPC request or notification");
		S_reply(s, json_is_string(id) || json_is_integer(id) ? id : NULL, NULL, S_INVALID_REQUEST,
		        "not a JSON-RPC request");
		return -1;
	}
	if (!jm)
		return -1; /* a response: the server sends no requests */
	const char *method = json_string_value(jm);
	json_t *params = json_object_get(msg, "params");
	if (!strcmp(method, "exit"))
		return s->shutdown ? 0 : 1;
	if (!id) { /* notifications */
		if (!s->initialized || s->shutdown)
			return -1;
		if (!json_is_object(params)) {
			S_log(s, "%s without params", method);
			return -1;
		}
		if (!strcmp(method, "textDocument/didOpen"))
			S_did_open(s, params);
		else if (!strcmp(method, "textDocument/didChange"))
			S_did_change(s, params);
		else if (!strcmp(method, "textDocument/didClose"))
			S_did_close(s, params);
		else if (!strcmp(method, "workspace/didChangeWatchedFiles"))
			for (size_t i = 0; i < s->projects.len; i++)
				S_reload(s->projects.items[i]);
		return -1;
	}
	if (!strcmp(method, "initialize")) {
		if (s->initialized)
			S_reply(s, id, NULL, S_INVALID_REQUEST, "initialize was already received");
		else {
			s->initialized = true;
			S_reply(s, id, S_initialize_result(), 0, NULL);
		}
		return -1;
	}
	if (!s->initialized) {
		S_reply(s, id, NULL, S_NOT_INITIALIZED, "the server is not initialized");
		return -1;
	}
	if (s->shutdown) {
		S_reply(s, id, NULL, S_INVALID_REQUEST, "the server is shut down");
		return -1;
	}
	int code = 0;
	const char *err = NULL;
	json_t *res = S_request(s, method, params, &code, &err);
	S_reply(s, id, res, code, err);
	return -1;
}

int pol_lsp_run(FILE *in, FILE *out, FILE *log)
{
	S_server s = {.in = in, .out = out, .log = log};
	int rc = 1;
	for (;;) {
		json_t *msg;
		char *err;
		pol_rpc_status st = pol_rpc_read(in, &msg, &err);
		if (st == POL_RPC_EOF)
			break;
		if (st != POL_RPC_MESSAGE) {
			S_log(&s, "%s", err);
			if (st == POL_RPC_BAD_JSON)
				S_reply(&s, NULL, NULL, S_PARSE_ERROR, "parse error: the message is not JSON");
			free(err);
			continue;
		}
		int r = S_message(&s, msg);
		json_decref(msg);
		if (r >= 0) {
			rc = r;
			break;
		}
	}
	for (size_t i = 0; i < s.projects.len; i++)
		S_project_free(s.projects.items[i]);
	pol_vec_free(&s.projects);
	for (size_t i = 0; i < s.docs.len; i++)
		S_doc_free(s.docs.items[i]);
	pol_vec_free(&s.docs);
	return rc;
}
