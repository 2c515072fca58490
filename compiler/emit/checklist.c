/* checklist.c — the 自己点検 checklist: a bundle read back, and written as CSV or HTML.
 *
 * A department fills the checklist in a spreadsheet and hands it back for `polc
 * assess`, so the CSV is what spreadsheets on Japanese desktops open without asking:
 * UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting (lib/csv.h, which also keeps a
 * cell from being run as a formula). Each row carries its check id so answers can be
 * read back whatever the rows' order. The HTML page is checklist.html.mustache
 * rendered over a JSON view of the checklist (emit/page.h).
 *
 * The bundle is untrusted input from the reader's point of view. What the checklist
 * and the assessment are made of is checked: its format name and version, and every
 * rule and check (an object, a check with its own string id), since a check dropped
 * here would silently leave the scope of an assessment. Other fields are read
 * defensively: a missing or mistyped one reads as empty. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/checklist.h"
#include "lib/readfile.h"
#include "emit/page.h"
#include "emit/pdf.h"
#include "lib/json.h"

const char *const pol_checklist_columns[POL_CL_NCOLS] = {
	"No.", "チェックID", "対象", "点検項目", "根拠", "頻度", "証跡", "判定", "備考",
};

const char *pol_checklist_trim(const char *s, size_t *n)
{
	size_t b = 0, e = *n;
	for (;;) {
		if (b < e && (s[b] == ' ' || s[b] == '\t'))
			b++;
		else if (e - b >= 3 && !memcmp(s + b, "\xE3\x80\x80", 3))
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		else if (e - b >= 3 && !memcmp(s + e - 3, "\xE3\x80\x80", 3))
			e -= 3;
		else
			break;
	}
	*n = e - b;
	return s + b;
}

/* ---- reading a bundle ---- */

static const char *S_get(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static json_t *S_array(json_t *o, const char *key)
{
	json_t *a = json_object_get(o, key);
	return json_is_array(a) ? a : NULL;
}

typedef struct S_group {
	const char *key;
	char *label;
} S_group;

typedef struct S_place {
	S_group *chapter, *article;
} S_place;

typedef struct S_places {
	pol_map *of;    /* node key -> S_place* */
	pol_vec groups; /* S_group*, owned */
	pol_vec places; /* S_place*, owned */
} S_places;

static S_group *S_group_new(pol_vec *all, json_t *n, const char *numkey)
{
	S_group *g = pol_xcalloc(1, sizeof *g);
	g->key = S_get(n, "key");
	const char *num = S_get(n, numkey), *title = S_get(n, "title");
	g->label = *num && *title ? pol_xasprintf("%s %s", num, title) : pol_xstrdup(*num ? num : title);
	pol_vec_push(all, g);
	return g;
}

/* Maps every node key under n to where it stands: its chapter (or 附則) and article. */
static void S_map_places(S_places *pl, json_t *n, S_place at)
{
	const char *kind = S_get(n, "kind");
	if (!strcmp(kind, "chapter") || !strcmp(kind, "supplement")) {
		at.chapter = S_group_new(&pl->groups, n, "number");
		at.article = NULL;
	} else if (!strcmp(kind, "article")) {
		at.article = S_group_new(&pl->groups, n, "ref");
	}
	if ((at.chapter || at.article) && *S_get(n, "key")) {
		S_place *p = pol_xmalloc(sizeof *p);
		*p = at;
		pol_vec_push(&pl->places, p);
		pol_map_set(pl->of, S_get(n, "key"), p);
	}
	json_t *kids = S_array(n, "children");
	size_t i;
	json_t *k;
	json_array_foreach(kids, i, k)
		S_map_places(pl, k, at);
}

/* The chapter label from a number such as 第2章3(1)①, when the tree has none. */
static char *S_chapter_of_number(const char *num)
{
	const char *end = strstr(num, "章");
	if (strncmp(num, "第", strlen("第")) || !end)
		return NULL;
	return pol_xstrndup(num, (size_t)(end - num) + strlen("章"));
}

static void S_fail(pol_buf *errs, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void S_fail(pol_buf *errs, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = pol_xvasprintf(fmt, ap);
	va_end(ap);
	pol_buf_printf(errs, "%s: error: %s\n", path, msg);
	free(msg);
}

/* What a JSON value is, for messages: "null", "a number", ... */
static const char *S_kind(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* The bundle format versions this polc reads: 1.0 up to 1.S_MINOR, the version
 * emit/bundle.c writes (docs/bundle.md: MAJOR.MINOR, a newer minor may add fields
 * this polc would not know of). */
enum { S_MINOR = 1 };

enum { S_V_OK, S_V_FORM, S_V_MAJOR, S_V_NEWER };

/* Whether v is "1.MINOR" with MINOR at most S_MINOR: S_V_OK, or S_V_FORM when v is not
 * MAJOR.MINOR (decimal numbers, no sign, no leading zero), S_V_MAJOR for another
 * major number, S_V_NEWER for a minor number this polc does not know. */
static int S_version(const char *v)
{
	const char *dot = strchr(v, '.');
	if (!dot || dot == v || !dot[1])
		return S_V_FORM;
	for (const char *p = v; *p; p++)
		if (p != dot && (*p < '0' || *p > '9'))
			return S_V_FORM;
	if ((v[0] == '0' && dot - v > 1) || (dot[1] == '0' && dot[2]))
		return S_V_FORM;
	if (dot - v != 1 || v[0] != '1')
		return S_V_MAJOR;
	return strlen(dot + 1) < 6 && atoi(dot + 1) <= S_MINOR ? S_V_OK : S_V_NEWER;
}

/* Checks format.name and format.version. */
static int S_check_format(json_t *b, const char *path, pol_buf *errs)
{
	json_t *fmt = json_object_get(b, "format");
	const char *name = json_string_value(json_object_get(fmt, "name"));
	json_t *vj = json_object_get(fmt, "version");
	const char *version = json_string_value(vj);
	char reads[32];
	if (S_MINOR)
		snprintf(reads, sizeof reads, "1.0 to 1.%d", S_MINOR);
	else
		snprintf(reads, sizeof reads, "1.0");
	int vs = version ? S_version(version) : S_V_FORM;
	if (!json_is_object(b) || !name || strcmp(name, "polc-bundle"))
		S_fail(errs, path, "not a polc bundle (format.name is not 'polc-bundle')");
	else if (!vj)
		S_fail(errs, path, "not a polc bundle (format.version is missing)");
	else if (!version)
		S_fail(errs, path, "bundle format version is %s, not a string such as \"1.0\" (this polc reads %s)",
		       S_kind(vj), reads);
	else if (vs != S_V_OK)
		S_fail(errs, path, "unsupported bundle format version '%s' (%s %s)", version,
		       vs == S_V_FORM    ? "not of the form MAJOR.MINOR; this polc reads"
		       : vs == S_V_NEWER ? "newer than this polc, which reads"
		                         : "this polc reads",
		       reads);
	else if (!json_is_array(json_object_get(b, "rules")))
		S_fail(errs, path, "not a polc bundle ('rules' is missing)");
	else
		return 0;
	return -1;
}

/* The rule's labels: its target (role titles), basis, chapter and article. */
static void S_rule_labels(pol_cl_rule *cr, const pol_checklist *cl, const S_places *pl)
{
	pol_buf t = {0};
	size_t k;
	json_t *role;
	json_array_foreach(cr->applies, k, role) {
		const char *id = json_string_value(role);
		if (!id)
			continue;
		const char *title = pol_checklist_role_title(cl, id);
		if (t.len)
			pol_buf_puts(&t, "、");
		pol_buf_puts(&t, title ? title : id);
	}
	cr->target = pol_buf_detach(&t);
	cr->basis = *cr->number && *cr->title ? pol_xasprintf("%s %s", cr->number, cr->title)
	                                      : pol_xstrdup(*cr->number ? cr->number : cr->title);
	const S_place *at = pol_map_get(pl->of, cr->id);
	if (at && at->chapter) {
		cr->chapter_key = at->chapter->key;
		cr->chapter_label = pol_xstrdup(at->chapter->label);
	} else {
		cr->chapter_key = "";
		cr->chapter_label = S_chapter_of_number(cr->number);
		if (!cr->chapter_label)
			cr->chapter_label = pol_xstrdup("（章なし）");
	}
	cr->article_key = at && at->article ? at->article->key : "";
	cr->article_label = pol_xstrdup(at && at->article ? at->article->label : cr->chapter_label);
}

/* Adds the checks of rule number ri (id rule_id) to out; reports each malformed one. */
static void S_add_checks(pol_checklist *out, json_t *checks, size_t ri, const char *rule_id, const char *path,
                         pol_buf *errs)
{
	size_t k;
	json_t *c;
	json_array_foreach(checks, k, c) {
		json_t *idj = json_object_get(c, "id");
		const char *id = json_string_value(idj);
		size_t prev = id ? (size_t)(uintptr_t)pol_map_get(out->by_id, id) : 0;
		if (!json_is_object(c))
			S_fail(errs, path, "rule '%s': check %zu is %s, not an object", rule_id, k + 1, S_kind(c));
		else if (!idj)
			S_fail(errs, path, "rule '%s': check %zu has no id", rule_id, k + 1);
		else if (!id || !*id)
			S_fail(errs, path, "rule '%s': check %zu has %s as its id, not a string", rule_id, k + 1,
			       id ? "an empty string" : S_kind(idj));
		else if (prev)
			S_fail(errs, path, "rule '%s': check '%s' has the same id as a check of rule '%s'", rule_id, id,
			       out->rules[out->checks[prev - 1].rule].id);
		if (!json_is_object(c) || !id || !*id || prev)
			continue;
		out->checks = pol_xrealloc(out->checks, (out->nchecks + 1) * sizeof *out->checks);
		pol_cl_check *cc = &out->checks[out->nchecks];
		cc->id = id;
		cc->question = S_get(c, "question");
		cc->evidence = S_get(c, "evidence");
		cc->frequency_ja = S_get(c, "frequency_ja");
		cc->rule = ri;
		pol_map_set(out->by_id, id, (void *)(uintptr_t)(++out->nchecks));
	}
}

/* Adds rule r (of checks `checks`) and its checks to out; reports what is malformed. */
static void S_add_rule(pol_checklist *out, json_t *r, json_t *checks, const S_places *pl, const char *path,
                       pol_buf *errs)
{
	out->rules = pol_xrealloc(out->rules, (out->nrules + 1) * sizeof *out->rules);
	pol_cl_rule *cr = &out->rules[out->nrules];
	memset(cr, 0, sizeof *cr);
	cr->id = S_get(r, "id");
	cr->number = S_get(r, "number");
	cr->title = S_get(r, "title");
	cr->level = S_get(r, "level");
	cr->applies = S_array(r, "applies");
	S_rule_labels(cr, out, pl);
	cr->first = out->nchecks;
	S_add_checks(out, checks, out->nrules, cr->id, path, errs);
	cr->nchecks = out->nchecks - cr->first;
	out->nrules++;
}

/* The rules that have checks, each with its place in the documents. */
static void S_add_rules(pol_checklist *out, json_t *b, const char *path, pol_buf *errs)
{
	S_places pl = {.of = pol_map_new()};
	json_t *docs = S_array(b, "documents");
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d)
		S_map_places(&pl, d, (S_place){0});

	json_t *r;
	json_array_foreach(json_object_get(b, "rules"), i, r) {
		json_t *checks = json_object_get(r, "checks");
		if (!json_is_object(r))
			S_fail(errs, path, "rule %zu of 'rules' is %s, not an object", i + 1, S_kind(r));
		else if (checks && !json_is_null(checks) && !json_is_array(checks))
			S_fail(errs, path, "rule '%s': 'checks' is %s, not an array", S_get(r, "id"), S_kind(checks));
		else if (json_array_size(checks))
			S_add_rule(out, r, checks, &pl, path, errs);
	}
	/* Group keys are lent by the bundle; the labels were copied. */
	for (size_t k = 0; k < pl.groups.len; k++) {
		S_group *g = pl.groups.items[k];
		free(g->label);
		free(g);
	}
	for (size_t k = 0; k < pl.places.len; k++)
		free(pl.places.items[k]);
	pol_vec_free(&pl.groups);
	pol_vec_free(&pl.places);
	pol_map_free(pl.of);
}

/* Counts the lines of errs appended since len0. */
static int S_count_lines(const pol_buf *errs, size_t len0)
{
	int n = 0;
	for (size_t i = len0; i < errs->len; i++)
		n += errs->data[i] == '\n';
	return n;
}

int pol_checklist_load(pol_checklist *out, const char *path, const char *role, pol_buf *errs)
{
	memset(out, 0, sizeof *out);
	size_t len0 = errs->len;
	json_error_t je;
	json_t *b;
	if (strcmp(path, "-")) {
		/* A regular file only: a FIFO or a device would block or never end. */
		char *text;
		size_t len;
		const char *why = pol_read_regular(&text, &len, path, "a bundle (JSON)");
		if (why) {
			pol_buf_printf(errs, "%s: error: cannot read: %s\n", path, why);
			return 1;
		}
		b = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
		free(text);
	} else {
		b = json_loadf(stdin, JSON_REJECT_DUPLICATES, &je);
	}
	if (!b) {
		if (je.line < 1)
			pol_buf_printf(errs, "%s: error: %s\n", path, je.text);
		else
			pol_buf_printf(errs, "%s:%d:%d: error: %s\n", path, je.line, je.column, je.text);
		return 1;
	}
	if (S_check_format(b, path, errs) != 0) {
		json_decref(b);
		return 1;
	}
	out->bundle = b;
	json_t *pol = json_object_get(b, "policy"), *rev = json_object_get(b, "revision");
	out->title = S_get(pol, "title");
	out->organization = S_get(pol, "organization");
	out->issued_era = S_get(pol, "issued_era");
	out->edition = S_get(b, "edition");
	out->short_commit = S_get(rev, "short_commit");
	out->digest = S_get(rev, "source_digest");
	out->roles = S_array(b, "roles");
	out->by_id = pol_map_new();
	S_add_rules(out, b, path, errs);
	if (role && !pol_checklist_role_title(out, role))
		S_fail(errs, path, "the bundle has no role '%s' (--role)", role);
	int n = S_count_lines(errs, len0);
	if (n)
		pol_checklist_fini(out);
	return n;
}

void pol_checklist_fini(pol_checklist *cl)
{
	for (size_t i = 0; i < cl->nrules; i++) {
		free(cl->rules[i].target);
		free(cl->rules[i].basis);
		free(cl->rules[i].chapter_label);
		free(cl->rules[i].article_label);
	}
	free(cl->rules);
	free(cl->checks);
	pol_map_free(cl->by_id);
	json_decref(cl->bundle);
	memset(cl, 0, sizeof *cl);
}

const char *pol_checklist_role_title(const pol_checklist *cl, const char *id)
{
	size_t i;
	json_t *r;
	json_array_foreach(cl->roles, i, r)
		if (!strcmp(S_get(r, "id"), id))
			return S_get(r, "title");
	return NULL;
}

bool pol_checklist_applies(const pol_cl_rule *r, const char *id)
{
	if (!id)
		return true;
	size_t i;
	json_t *a;
	json_array_foreach(r->applies, i, a)
		if (json_string_value(a) && !strcmp(json_string_value(a), id))
			return true;
	return false;
}

/* ---- writing ---- */

char *pol_checklist_csv(const pol_checklist *cl, const char *role)
{
	pol_buf b = {0};
	pol_buf_puts(&b, POL_CSV_BOM);
	pol_csv_put_sheet_row(&b, pol_checklist_columns, POL_CL_NCOLS);
	int no = 0;
	for (size_t i = 0; i < cl->nchecks; i++) {
		const pol_cl_check *c = &cl->checks[i];
		const pol_cl_rule *r = &cl->rules[c->rule];
		if (!pol_checklist_applies(r, role))
			continue;
		char num[16];
		snprintf(num, sizeof num, "%d", ++no);
		const char *f[POL_CL_NCOLS] = {
			[POL_CL_NO] = num,         [POL_CL_ID] = c->id,
			[POL_CL_TARGET] = r->target, [POL_CL_QUESTION] = c->question,
			[POL_CL_BASIS] = r->basis,   [POL_CL_FREQUENCY] = c->frequency_ja,
			[POL_CL_EVIDENCE] = c->evidence, [POL_CL_ANSWER] = "",
			[POL_CL_NOTE] = "",
		};
		pol_csv_put_sheet_row(&b, f, POL_CL_NCOLS);
	}
	return pol_buf_detach(&b);
}

/* s, or null when it is empty (an empty string is true to a Mustache section). */
static json_t *S_opt(const char *s)
{
	return pol_json_str(*s ? s : NULL);
}

/* The lines of s as [{t, br}], br true but for the last line. */
static json_t *S_lines(const char *s)
{
	json_t *a = json_array();
	for (;;) {
		const char *nl = strchr(s, '\n');
		json_t *line = json_object();
		json_object_set_new(line, "t", nl ? json_stringn(s, (size_t)(nl - s)) : json_string(s));
		json_object_set_new(line, "br", json_boolean(nl != NULL));
		json_array_append_new(a, line);
		if (!nl)
			return a;
		s = nl + 1;
	}
}

static json_t *S_row(const pol_cl_check *c, const pol_cl_rule *r, int no)
{
	json_t *o = json_object();
	json_object_set_new(o, "no", json_integer(no));
	pol_json_set(o, "id", pol_json_str(c->id));
	pol_json_set(o, "target", pol_json_str(r->target));
	pol_json_set(o, "question", S_lines(c->question));
	pol_json_set(o, "basis", pol_json_str(r->basis));
	pol_json_set(o, "frequency", pol_json_str(c->frequency_ja));
	pol_json_set(o, "evidence", pol_json_str(c->evidence));
	return o;
}

/* The data of checklist.html.mustache (described there). */
static json_t *S_view(const pol_checklist *cl, const char *role)
{
	json_t *v = json_object();
	const char *role_title = role ? pol_checklist_role_title(cl, role) : NULL;
	pol_json_set(v, "title", pol_json_str(cl->title));
	pol_json_set(v, "organization", S_opt(cl->organization));
	pol_json_set(v, "issued_era", S_opt(cl->issued_era));
	pol_json_set(v, "edition", pol_json_str(cl->edition));
	pol_json_set(v, "short_commit", S_opt(cl->short_commit));
	pol_json_set(v, "role", pol_json_str(role_title ? role_title : role));
	pol_json_set(v, "digest", pol_json_str(cl->digest));
	json_t *cols = json_array(), *rows = json_array();
	for (int i = 0; i < POL_CL_NCOLS; i++)
		json_array_append_new(cols, json_string(pol_checklist_columns[i]));
	int no = 0;
	for (size_t i = 0; i < cl->nchecks; i++) {
		const pol_cl_check *c = &cl->checks[i];
		const pol_cl_rule *r = &cl->rules[c->rule];
		if (pol_checklist_applies(r, role))
			json_array_append_new(rows, S_row(c, r, ++no));
	}
	json_object_set_new(v, "columns", cols);
	json_object_set_new(v, "rows", rows);
	json_object_set_new(v, "count", json_integer(no));
	/* The marks of every printed page (emit/pdf.h). */
	const char *ed = cl->edition;
	char *label = pol_print_label(ed, ed && !strncmp(ed, "audience-", 9) ? pol_checklist_role_title(cl, ed + 9) : NULL);
	char *title = pol_xasprintf("自己点検チェックリスト　%s", cl->title ? cl->title : "");
	char *rev = pol_xasprintf("版 %s", cl->short_commit ? cl->short_commit : cl->digest ? cl->digest : "");
	pol_print_marks(v, !pol_print_public(ed), title, label, rev);
	free(label);
	free(title);
	free(rev);
	return v;
}

int pol_checklist_html(char **out, char **err, const pol_checklist *cl, const char *role,
                       const pol_templates *t)
{
	json_t *v = S_view(cl, role);
	int rc = pol_page_render(out, err, t, "checklist.html.mustache", v);
	json_decref(v);
	return rc;
}
