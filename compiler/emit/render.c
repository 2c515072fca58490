/* render.c — templates, and the pages and files of one edition.
 *
 * The default templates are compiled into polc (build/templates.c, made by the
 * Makefile from templates/), so a build needs no files besides the policy; an
 * organization restyles by pointing --templates at a folder whose files replace the
 * defaults of the same name. Templates are parsed once per run: the renderer that keeps
 * them lives with the templates. Every page is a Mustache template rendered through the
 * edition's view (render_view.c) — the same for the site, print.html and the Markdown
 * files, so they cannot drift apart — straight into a buffered writer on its file, so
 * no page is ever whole in memory. Output file names come only from fixed names and
 * sanitized document anchors. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edition/edition.h"
#include "lib/mustache.h"
#include "emit/bundle.h"
#include "emit/render.h"

/* ---- templates ------------------------------------------------------------------ */

struct pol_templates {
	pol_map *files; /* name -> text (owned, in `owned`) or embedded text (lent) */
	pol_vec owned;
	pol_mustache *m; /* keeps the templates parsed, for every edition of the run */
};

static const char *S_partial(void *ctx, const char *name);

static bool S_safe_name(const char *name)
{
	if (!name[0] || name[0] == '.')
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == '_'))
			return false;
	return true;
}

int pol_templates_load(pol_templates **out, const char *dir, char **err)
{
	*out = NULL;
	*err = NULL;
	pol_templates *t = pol_xcalloc(1, sizeof *t);
	t->files = pol_map_new();
	if (!(t->m = pol_mustache_new(S_partial, t))) {
		*err = pol_xstrdup("out of memory");
		pol_templates_free(t);
		return -1;
	}
	for (const pol_embedded_file *f = pol_embedded_templates; f->name; f++)
		pol_map_set(t->files, f->name, (void *)f->data);
	if (dir) {
		DIR *d = opendir(dir);
		if (!d) {
			*err = pol_xasprintf("cannot open templates folder '%s'", dir);
			pol_templates_free(t);
			return -1;
		}
		/* Looked up by name later, so readdir's order does not matter. */
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!S_safe_name(e->d_name))
				continue;
			char *path = pol_xasprintf("%s/%s", dir, e->d_name);
			struct stat st;
			char *text = NULL;
			size_t len;
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (pol_read_file(&text, &len, path) != 0 || strlen(text) != len) {
					*err = pol_xasprintf("cannot read template '%s'", path);
					free(text);
					free(path);
					closedir(d);
					pol_templates_free(t);
					return -1;
				}
				pol_vec_push(&t->owned, text);
				pol_map_set(t->files, e->d_name, text);
			}
			free(path);
		}
		closedir(d);
	}
	*out = t;
	return 0;
}

void pol_templates_free(pol_templates *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->owned.len; i++)
		free(t->owned.items[i]);
	pol_vec_free(&t->owned);
	pol_map_free(t->files);
	pol_mustache_free(t->m);
	free(t);
}

const char *pol_templates_get(const pol_templates *t, const char *name)
{
	return pol_map_get(t->files, name);
}

/* {{> name}} reads the template file name + ".mustache" (or name itself). */
static const char *S_partial(void *ctx, const char *name)
{
	const pol_templates *t = ctx;
	char *file = pol_xasprintf("%s.mustache", name);
	const char *text = pol_templates_get(t, file);
	free(file);
	return text ? text : pol_templates_get(t, name);
}

/* ---- pages ------------------------------------------------------------------------ */

typedef struct S_out {
	const pol_templates *t;
	const char *dir;
	char *err;
} S_out;

/* Renders template tmpl through view v (with its page set) into the file of that name. */
static int S_page(S_out *o, pol_view *v, const char *tmpl, const char *kind, const char *file, const char *title)
{
	const char *text = pol_templates_get(o->t, tmpl);
	if (!text) {
		o->err = pol_xasprintf("template '%s' is missing", tmpl);
		return -1;
	}
	pol_view_page(v, kind, file, title);
	char *path = pol_xasprintf("%s/%s", o->dir, file);
	pol_writer w;
	int rc = pol_writer_open(&w, path);
	char *err = NULL;
	pol_mu_value root;
	pol_view_root(v, &root);
	if (rc == 0 && pol_mustache_write(o->t->m, &err, text, v, &root, &w) != 0) {
		const char *inner = pol_view_error(v);
		o->err = inner ? pol_xstrdup(inner) : pol_xasprintf("template '%s': %s", tmpl, err ? err : "render failed");
		rc = -1;
	}
	free(err);
	if (pol_writer_close(&w) != 0 && !o->err) {
		o->err = pol_xasprintf("cannot write '%s'", path);
		rc = -1;
	}
	free(path);
	pol_view_page(v, NULL, NULL, NULL);
	return rc;
}

static int S_write(S_out *o, const char *file, const char *data, size_t len)
{
	char *path = pol_xasprintf("%s/%s", o->dir, file);
	int rc = pol_write_file(path, data, len);
	if (rc != 0)
		o->err = pol_xasprintf("cannot write '%s'", path);
	free(path);
	return rc;
}

/* File stems of the document pages: the document's anchor, kept clear of the fixed pages
 * and of each other. */
static void S_stems(pol_site *s, pol_vec *owned)
{
	static const char *fixed[] = {"index", "glossary", "print", "traceability", "style", "bundle", "frameworks"};
	pol_map *used = pol_map_new();
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		pol_map_set(used, fixed[i], (void *)1);
	for (size_t i = 0; i < s->ed->ndocs; i++) {
		const pol_node *d = s->ed->docs[i];
		const char *a = d->anchor && d->anchor[0] ? d->anchor : "document";
		char *stem = pol_map_get(used, a) ? pol_xasprintf("doc-%s", a) : pol_xstrdup(a);
		for (int n = 2; pol_map_get(used, stem); n++) {
			free(stem);
			stem = pol_xasprintf("doc-%s-%d", a, n);
		}
		pol_map_set(used, stem, (void *)1);
		pol_map_set(s->file_of, d->key, stem);
		pol_vec_push(owned, stem);
	}
	pol_map_free(used);
}

/* The pages of one mode: the site (index, a page per document, glossary, traceability)
 * or the Markdown files. */
static int S_pages(S_out *o, const pol_site *s, bool md)
{
	const pol_model *ed = s->ed;
	const char *ext = md ? "md" : "html";
	pol_view *v = pol_view_new(s, md ? POL_VIEW_MD : POL_VIEW_SITE, o->t->m);
	char tmpl[64];
	snprintf(tmpl, sizeof tmpl, "index.%s.mustache", ext);
	char *file = pol_xasprintf("index.%s", ext);
	int rc = S_page(o, v, tmpl, "index", file, NULL);
	free(file);
	snprintf(tmpl, sizeof tmpl, "document.%s.mustache", ext);
	for (size_t i = 0; rc == 0 && i < ed->ndocs; i++) {
		file = pol_xasprintf("%s.%s", (const char *)pol_map_get(s->file_of, ed->docs[i]->key), ext);
		pol_view_doc(v, ed->docs[i]);
		rc = S_page(o, v, tmpl, "document", file, ed->docs[i]->title);
		pol_view_doc(v, NULL);
		free(file);
	}
	if (rc == 0) {
		pol_view_glossary(v);
		snprintf(tmpl, sizeof tmpl, "glossary.%s.mustache", ext);
		file = pol_xasprintf("glossary.%s", ext);
		rc = S_page(o, v, tmpl, "glossary", file, "用語");
		free(file);
	}
	if (rc == 0 && !md && (ed->edition == POL_ED_INTERNAL || ed->edition == POL_ED_FULL)) {
		pol_trace_view *t = pol_trace_view_new(s);
		pol_mu_value trace;
		pol_trace_view_value(t, &trace);
		pol_view_trace_set(v, &trace);
		rc = S_page(o, v, "traceability.html.mustache", "traceability", "traceability.html", "トレーサビリティ");
		pol_view_trace_set(v, NULL);
		pol_trace_view_free(t);
	}
	if (rc == 0 && !md && (ed->edition == POL_ED_INTERNAL || ed->edition == POL_ED_FULL) && ed->nframeworks) {
		pol_mu_value fw;
		pol_view_frameworks(s, &fw);
		pol_view_trace_set(v, &fw);
		rc = S_page(o, v, "frameworks.html.mustache", "traceability", "frameworks.html", "フレームワーク対応表");
		pol_view_trace_set(v, NULL);
	}
	pol_view_free(v);
	return rc;
}

/* print.html: every document's content, then the glossary, on one page; plain.html the
 * same as the clean text. */
static int S_print(S_out *o, const pol_site *s, bool plain)
{
	pol_view *v = pol_view_new(s, POL_VIEW_PRINT, o->t->m);
	pol_view_glossary(v);
	pol_view_plain(v, plain);
	int rc = S_page(o, v, "print.html.mustache", "print", plain ? "plain.html" : "print.html", NULL);
	pol_view_free(v);
	return rc;
}

int pol_render_edition(const pol_model *ed, const pol_templates *t, const char *dir, char **err)
{
	return pol_render_edition_parts(ed, t, dir, POL_RENDER_ALL, err);
}

int pol_render_edition_parts(const pol_model *ed, const pol_templates *t, const char *dir, unsigned parts,
                             char **err)
{
	*err = NULL;
	pol_site s = {.ed = ed, .file_of = pol_map_new()};
	pol_vec stems = {0};
	S_stems(&s, &stems);
	S_out o = {.t = t, .dir = dir};
	int rc = 0;
	if (parts & POL_RENDER_SITE)
		rc = S_pages(&o, &s, false);
	if (rc == 0 && (parts & POL_RENDER_PRINT))
		rc = S_print(&o, &s, false);
	if (rc == 0 && (parts & POL_RENDER_PLAIN))
		rc = S_print(&o, &s, true);
	if (rc == 0 && (parts & POL_RENDER_MD))
		rc = S_pages(&o, &s, true);
	if (rc == 0) {
		const char *css = pol_templates_get(t, "style.css");
		rc = S_write(&o, "style.css", css ? css : "", css ? strlen(css) : 0);
	}
	if (rc == 0) {
		/* The edition's rule bundle, from the same filtered model as its pages. */
		rc = pol_bundle_write_into(ed, dir);
		if (rc != 0)
			o.err = pol_xasprintf("cannot write '%s/bundle.json'", dir);
	}
	for (size_t i = 0; i < stems.len; i++)
		free(stems.items[i]);
	pol_vec_free(&stems);
	pol_map_free(s.file_of);
	*err = o.err;
	return rc;
}
