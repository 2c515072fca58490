/* render.c — templates, and the pages and files of one edition.
 *
 * The default templates are compiled into polc (build/templates.c, made by the
 * Makefile from templates/), so a build needs no files besides the policy; an
 * organization restyles by pointing --templates at a folder whose files replace the
 * defaults of the same name. Every page is a Mustache template rendered against the
 * edition's view-model (render_view.c) — the same model for the site, print.html and
 * the Markdown files, so they cannot drift apart. Output file names come only from
 * fixed names and sanitized document anchors. */
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
};

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
	pol_mustache *page; /* renders pages; keeps the templates parsed across pages */
	pol_mustache *node; /* renders the nodes of a document into its content */
	char *err;
} S_out;

static int S_write(S_out *o, const char *file, const char *data, size_t len)
{
	char *path = pol_xasprintf("%s/%s", o->dir, file);
	int rc = pol_write_file(path, data, len);
	if (rc != 0)
		o->err = pol_xasprintf("cannot write '%s'", path);
	free(path);
	return rc;
}

static json_t *S_page_info(const char *kind, const char *file, const char *title)
{
	static const char *kinds[] = {"index", "document", "glossary", "print", "traceability"};
	json_t *p = json_object();
	json_object_set_new(p, "file", json_string(file));
	json_object_set_new(p, "title", title ? json_string_nocheck(title) : json_null());
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		char flag[32];
		snprintf(flag, sizeof flag, "is_%s", kinds[i]);
		json_object_set_new(p, flag, json_boolean(!strcmp(kind, kinds[i])));
	}
	return p;
}

/* Renders template text (named name, for messages) against view, appending to m's output. */
static int S_render(S_out *o, pol_mustache *m, const char *name, const char *text, json_t *view)
{
	char *err = NULL;
	if (pol_mustache_append(m, &err, text, view) != 0) {
		o->err = pol_xasprintf("template '%s': %s", name, err ? err : "render failed");
		free(err);
		return -1;
	}
	return 0;
}

/* Renders template tmpl against view (with page info set) into file. */
static int S_page(S_out *o, const char *tmpl, json_t *view, const char *kind, const char *file,
                  const char *title)
{
	const char *text = pol_templates_get(o->t, tmpl);
	if (!text) {
		o->err = pol_xasprintf("template '%s' is missing", tmpl);
		return -1;
	}
	json_object_set_new(view, "page", S_page_info(kind, file, title));
	pol_mustache_clear(o->page);
	if (S_render(o, o->page, tmpl, text, view) != 0)
		return -1;
	size_t len;
	const char *out = pol_mustache_output(o->page, &len);
	return S_write(o, file, out, len);
}

/* Renders the content of document d into o->node's output, *len bytes: its nodes rendered
 * by the partial node.html (or node.md), one top-level node at a time, so only that
 * node's JSON is alive. */
static int S_content(S_out *o, pol_view *pv, json_t *base, const pol_node *d, bool md, size_t *len)
{
	static const char driver_html[] = "{{#node}}{{> node.html}}{{/node}}";
	static const char driver_md[] = "{{#node}}{{> node.md}}{{/node}}";
	pol_mustache_clear(o->node);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < d->nkids; i++) {
		json_object_set_new(base, "node", pol_view_node(pv, d->kids[i], 2));
		rc = S_render(o, o->node, md ? "node.md.mustache" : "node.html.mustache", md ? driver_md : driver_html,
		              base);
	}
	json_object_set_new(base, "node", json_null());
	const char *text = pol_mustache_output(o->node, len);
	while (*len && text[*len - 1] == '\n')
		--*len;
	return rc;
}

/* File stems of the document pages: the document's anchor, kept clear of the fixed pages
 * and of each other. */
static void S_stems(pol_site *s, pol_vec *owned)
{
	static const char *fixed[] = {"index", "glossary", "print", "traceability", "style", "bundle"};
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
 * or the Markdown files; each document's content is dropped once its page is written. */
static int S_pages(S_out *o, const pol_site *s, bool md)
{
	const pol_model *ed = s->ed;
	const char *ext = md ? "md" : "html";
	pol_view *pv = pol_view_new(s, md ? POL_VIEW_MD : POL_VIEW_SITE);
	json_t *v = pol_view_base(pv);
	json_t *docs = json_object_get(v, "docs");
	char tmpl[64];
	snprintf(tmpl, sizeof tmpl, "index.%s.mustache", ext);
	char *file = pol_xasprintf("index.%s", ext);
	int rc = S_page(o, tmpl, v, "index", file, NULL);
	free(file);
	snprintf(tmpl, sizeof tmpl, "document.%s.mustache", ext);
	for (size_t i = 0; rc == 0 && i < ed->ndocs; i++) {
		json_t *d = json_array_get(docs, i);
		size_t len = 0;
		rc = S_content(o, pv, v, ed->docs[i], md, &len);
		file = pol_xasprintf("%s.%s", (const char *)pol_map_get(s->file_of, ed->docs[i]->key), ext);
		json_object_set(v, "doc", d);
		/* The page reads the content where it was rendered, through a stand-in value. */
		if (len) {
			json_object_set_new(d, "content", json_string(""));
			pol_mustache_lend(o->page, d, "content", pol_mustache_output(o->node, NULL), len);
		}
		if (rc == 0)
			rc = S_page(o, tmpl, v, "document", file, ed->docs[i]->title);
		pol_mustache_lend(o->page, NULL, NULL, NULL, 0);
		json_object_set_new(d, "content", json_null());
		free(file);
	}
	json_object_set_new(v, "doc", json_null());
	if (rc == 0) {
		json_object_set_new(v, "glossary", pol_view_glossary(pv));
		snprintf(tmpl, sizeof tmpl, "glossary.%s.mustache", ext);
		file = pol_xasprintf("glossary.%s", ext);
		rc = S_page(o, tmpl, v, "glossary", file, "用語");
		free(file);
	}
	if (rc == 0 && !md && (ed->edition == POL_ED_INTERNAL || ed->edition == POL_ED_FULL)) {
		json_object_set_new(v, "trace", pol_view_trace(s));
		rc = S_page(o, "traceability.html.mustache", v, "traceability", "traceability.html", "トレーサビリティ");
	}
	json_decref(v);
	pol_view_free(pv);
	return rc;
}

/* print.html: every document's content, then the glossary, on one page. */
static int S_print(S_out *o, const pol_site *s)
{
	const pol_model *ed = s->ed;
	pol_view *pv = pol_view_new(s, POL_VIEW_PRINT);
	json_t *v = pol_view_base(pv);
	json_t *docs = json_object_get(v, "docs");
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < ed->ndocs; i++) {
		size_t len = 0;
		rc = S_content(o, pv, v, ed->docs[i], false, &len);
		json_object_set_new(json_array_get(docs, i), "content",
		                    len ? json_stringn_nocheck(pol_mustache_output(o->node, NULL), len) : json_null());
	}
	if (rc == 0) {
		json_object_set_new(v, "glossary", pol_view_glossary(pv));
		rc = S_page(o, "print.html.mustache", v, "print", "print.html", NULL);
	}
	json_decref(v);
	pol_view_free(pv);
	return rc;
}

int pol_render_edition(const pol_model *ed, const pol_templates *t, pol_render_cache *cache, const char *dir,
                       char **err)
{
	*err = NULL;
	pol_site s = {.ed = ed, .cache = cache, .file_of = pol_map_new()};
	pol_vec stems = {0};
	S_stems(&s, &stems);
	S_out o = {.t = t, .dir = dir};
	o.page = pol_mustache_new(S_partial, (void *)t);
	o.node = pol_mustache_new(S_partial, (void *)t);
	int rc = -1;
	if (!o.page || !o.node)
		o.err = pol_xstrdup("out of memory");
	else
		rc = S_pages(&o, &s, false);
	if (rc == 0)
		rc = S_print(&o, &s);
	if (rc == 0)
		rc = S_pages(&o, &s, true);
	if (rc == 0) {
		const char *css = pol_templates_get(t, "style.css");
		rc = S_write(&o, "style.css", css ? css : "", css ? strlen(css) : 0);
	}
	if (rc == 0) {
		/* The edition's rule bundle, from the same filtered model as its pages. */
		char *path = pol_xasprintf("%s/bundle.json", dir);
		FILE *f = fopen(path, "wb");
		rc = f && pol_bundle_write(ed, f) == 0 ? 0 : -1;
		if (f && fclose(f) != 0)
			rc = -1;
		if (rc != 0)
			o.err = pol_xasprintf("cannot write '%s'", path);
		free(path);
	}
	for (size_t i = 0; i < stems.len; i++)
		free(stems.items[i]);
	pol_vec_free(&stems);
	pol_map_free(s.file_of);
	pol_mustache_free(o.page);
	pol_mustache_free(o.node);
	*err = o.err;
	return rc;
}
