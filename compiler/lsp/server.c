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
 * What an answer holds (hover text, completion, the outline, rename checks) is built
 * by answer.c from the model and its index; this file finds them for a request.
 *
 * Columns are UTF-16 code units both ways (the protocol's default encoding). */
#include "lsp/server.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "front/overlay.h"
#include "lsp/answer.h"
#include "lsp/index.h"
#include "lsp/rpc.h"

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

static json_t *S_loc_range(const pol_diag_loc *l)
{
	if (!l->path)
		return pol_lsp_range(0, 0, 0, 0);
	return pol_lsp_range(l->line - 1, l->col16 - 1, l->end_line - 1, l->end_col16 - 1);
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
				list, json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", pol_lsp_range(0, 0, 0, 0), "severity", 2, "code",
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
		pol_diag_report_code(&d, POL_ERROR, "unreadable-file", (pol_span){0}, "cannot read the folder %s", p->root);
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
	json_t *o = json_pack("{s:s,s:o}", "uri", uri, "range", pol_lsp_span_range(f, b, e));
	free(uri);
	return o;
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
	json_object_set_new(caps, "codeActionProvider", json_pack("{s:[s]}", "codeActionKinds", "quickfix"));
	return r;
}

/* The quoted name of a message: the text between the n-th pair of quotes ("unknown
 * role 'admn'; did you mean 'admin'?": 0 is admn, 1 is admin), or NULL. Caller frees. */
static char *S_quoted(const char *msg, int n)
{
	const char *p = msg;
	for (int i = 0;; i++) {
		const char *a = strchr(p, '\'');
		const char *b = a ? strchr(a + 1, '\'') : NULL;
		if (!b)
			return NULL;
		if (i == n)
			return pol_xstrndup(a + 1, (size_t)(b - a - 1));
		p = b + 1;
	}
}

/* textDocument/codeAction: a quick fix for each diagnostic of the request that says
 * "did you mean 'X'?" — the misspelt name in its range replaced by X. The diagnostics
 * come with the request (the client's copies), the text from the buffer. */
static json_t *S_code_actions(S_server *s, const char *path, const char *uri, json_t *params)
{
	json_t *res = json_array();
	S_doc *d = S_doc_at(s, path);
	json_t *diags = json_object_get(json_object_get(params, "context"), "diagnostics");
	if (!d || !json_is_array(diags))
		return res;
	pol_file *f = pol_file_new("", "", d->text, d->len);
	size_t i;
	json_t *dg;
	json_array_foreach(diags, i, dg) {
		const char *msg = S_str(dg, "message");
		json_t *r = json_object_get(dg, "range");
		json_t *st = json_object_get(r, "start"), *en = json_object_get(r, "end");
		json_t *l0 = json_object_get(st, "line"), *c0 = json_object_get(st, "character");
		json_t *l1 = json_object_get(en, "line"), *c1 = json_object_get(en, "character");
		const char *mean = msg ? strstr(msg, "did you mean '") : NULL;
		if (!mean || !json_is_integer(l0) || !json_is_integer(c0) || !json_is_integer(l1) || !json_is_integer(c1))
			continue;
		char *old = S_quoted(msg, 0), *new = S_quoted(mean, 0);
		size_t b = pol_lsp_offset(f, (long)json_integer_value(l0), (long)json_integer_value(c0));
		size_t e = pol_lsp_offset(f, (long)json_integer_value(l1), (long)json_integer_value(c1));
		const char *hit = NULL;
		if (old && new && *old && e > b) {
			/* the name within the range (a term's range is its whole {…}) */
			size_t n = strlen(old);
			for (size_t k = b; k + n <= e && !hit; k++)
				if (!memcmp(f->text + k, old, n))
					hit = f->text + k;
		}
		if (hit) {
			size_t hb = (size_t)(hit - f->text), he = hb + strlen(old);
			char *title = pol_xasprintf("Replace '%s' with '%s'", old, new);
			json_t *edit = json_pack("{s:o,s:s}", "range", pol_lsp_span_range(f, hb, he), "newText", new);
			json_t *changes = json_object();
			json_object_set_new(changes, uri, json_pack("[o]", edit));
			json_array_append_new(res, json_pack("{s:s,s:s,s:[O],s:b,s:{s:o}}", "title", title, "kind", "quickfix",
			                                     "diagnostics", dg, "isPreferred", 1, "edit", "changes", changes));
			free(title);
		}
		free(old);
		free(new);
	}
	pol_file_free(f);
	return res;
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
				json_t *o = json_pack("{s:s,s:i,s:o}", "name", name, "kind", pol_lsp_symbol_kind(n), "location",
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
		         json_pack("{s:s,s:[{s:o,s:i,s:s,s:s,s:s}]}", "uri", uri, "diagnostics", "range", pol_lsp_range(0, 0, 0, 0),
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
	} else if (!strcmp(m13, "codeAction")) {
		res = S_code_actions(s, at.path, S_str(json_object_get(params, "textDocument"), "uri"), params);
	} else if (!strcmp(m13, "documentHighlight")) {
		/* DocumentHighlightKind: 3 Write for the definition, 2 Read for a use */
		res = json_array();
		for (size_t k = 0; o && k < at.xf->nocc; k++) {
			const pol_occ *q = &at.xf->occ[k];
			if (pol_index_same(q, o) && !(k > 0 && at.xf->occ[k - 1].begin == q->begin &&
			                              pol_index_same(&at.xf->occ[k - 1], o)))
				json_array_append_new(res, json_pack("{s:o,s:i}", "range", pol_lsp_span_range(at.f, q->begin, q->end),
				                                     "kind", q->def ? 3 : 2));
		}
	} else if (!strcmp(m13, "hover")) {
		S_doc *d = S_doc_at(s, at.path);
		if (o) {
			char *text = pol_lsp_hover(o);
			res = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", text, "range",
			                pol_lsp_span_range(at.f, o->begin, o->end));
			free(text);
		} else if (d) {
			/* a keyword or an attribute name: what it means, from the buffer's line */
			json_t *pos = json_object_get(params, "position");
			pol_file *f = pol_file_new("", "", d->text, d->len);
			long line = (long)json_integer_value(json_object_get(pos, "line"));
			size_t off = pol_lsp_offset(f, line, (long)json_integer_value(json_object_get(pos, "character")));
			char *text = NULL;
			size_t b = 0, e = 0;
			if (line >= 0 && (size_t)line < f->nlines) {
				size_t ls = f->lines[line], le = ls;
				while (le < f->len && f->text[le] != '\n')
					le++;
				text = pol_lsp_hover_word(f->text + ls, le - ls, off - ls, &b, &e);
				if (text)
					res = json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", text, "range",
					                pol_lsp_span_range(f, ls + b, ls + e));
			}
			free(text);
			pol_file_free(f);
		}
		if (!res)
			res = json_null();
	} else if (!strcmp(m13, "completion")) {
		json_t *items = NULL;
		S_doc *d = S_doc_at(s, at.path);
		if (d) {
			json_t *pos = json_object_get(params, "position");
			pol_file *f = pol_file_new("", "", d->text, d->len);
			long line = (long)json_integer_value(json_object_get(pos, "line"));
			size_t off = pol_lsp_offset(f, line, (long)json_integer_value(json_object_get(pos, "character")));
			if (line >= 0 && (size_t)line < f->nlines)
				items = pol_lsp_complete(m, f->text, f->lines[line], off, line, pol_lsp_doc_at(m, at.f, at.off));
			pol_file_free(f);
		}
		res = json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items ? items : json_array());
	} else if (!strcmp(m13, "documentSymbol")) {
		res = at.f ? pol_lsp_symbols(m, at.f) : json_array();
	} else if (!strcmp(m13, "prepareRename")) {
		if (o && o->by_id && o->kind != POL_SYM_FILE)
			res = json_pack("{s:o,s:s%}", "range", pol_lsp_span_range(at.f, o->begin, o->end), "placeholder",
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
		else if ((why = pol_lsp_rename_clash(at.p->x, o, name)))
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
					                                       pol_lsp_span_range(xf->file, q->begin, q->end), "newText", name));
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
