/* checklist.c — the 自己点検 checklist: a bundle read back, and written as CSV or HTML.
 *
 * A department fills the checklist in a spreadsheet and hands it back for `polc
 * assess`, so the CSV is what spreadsheets on Japanese desktops open without asking:
 * UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting. Each row carries its check id so
 * answers can be read back whatever the rows' order. The CSV reader here is the one
 * the assessment uses; it reports every malformed record with its line and goes on,
 * so a user sees all problems in one run.
 *
 * The bundle is untrusted input from the reader's point of view: every field is
 * read defensively (a missing or mistyped field reads as empty), and only its format
 * name and major version are required to match. */
#include <stdlib.h>
#include <string.h>

#include "emit/checklist.h"
#include "cli/cli.h"

const char *const pol_checklist_columns[POL_CL_NCOLS] = {
	"No.", "チェックID", "対象", "点検項目", "根拠", "頻度", "証跡", "判定", "備考",
};

#define S_BOM "\xEF\xBB\xBF"

/* ---- CSV ---- */

static void S_csv_field(pol_buf *b, const char *s)
{
	if (!s)
		s = "";
	if (!s[strcspn(s, ",\"\r\n")]) {
		pol_buf_puts(b, s);
		return;
	}
	pol_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			pol_buf_putc(b, '"');
		pol_buf_putc(b, *s);
	}
	pol_buf_putc(b, '"');
}

void pol_csv_put_row(pol_buf *b, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			pol_buf_putc(b, ',');
		S_csv_field(b, fields[i]);
	}
	pol_buf_puts(b, "\r\n");
}

static void S_csv_error(pol_csv *c, int line, const char *msg)
{
	c->errors = pol_xrealloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
	c->errors[c->nerrors].line = line;
	c->errors[c->nerrors].msg = pol_xstrdup(msg);
	c->nerrors++;
}

static void S_row_push(pol_csv_row *r, pol_buf *f)
{
	r->fields = pol_xrealloc(r->fields, (r->n + 1) * sizeof *r->fields);
	r->fields[r->n++] = pol_buf_detach(f);
}

static void S_row_free(pol_csv_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
}

void pol_csv_parse(pol_csv *out, const char *data, size_t len)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	if (len >= 3 && !memcmp(data, S_BOM, 3))
		i = 3;
	int line = 1;
	size_t cap = 0;
	while (i < len) {
		pol_csv_row row = {.line = line};
		pol_buf f = {0};
		bool end = false;
		while (!end) {
			/* One field. */
			if (i < len && data[i] == '"') {
				int start = line;
				bool closed = false;
				i++;
				while (i < len) {
					char ch = data[i];
					if (ch == '"') {
						if (i + 1 < len && data[i + 1] == '"') {
							pol_buf_putc(&f, '"');
							i += 2;
							continue;
						}
						i++;
						closed = true;
						break;
					}
					if (ch == '\n' || (ch == '\r' && !(i + 1 < len && data[i + 1] == '\n')))
						line++;
					pol_buf_putc(&f, ch);
					i++;
				}
				if (!closed) {
					S_csv_error(out, start, "unterminated quoted field");
					pol_buf_free(&f);
					S_row_free(&row);
					return;
				}
				if (i < len && data[i] != ',' && data[i] != '\r' && data[i] != '\n') {
					S_csv_error(out, line, "unexpected text after a closing quote");
					row.bad = true;
				}
			}
			while (i < len && data[i] != ',' && data[i] != '\r' && data[i] != '\n') {
				if (data[i] == '"' && !row.bad) {
					S_csv_error(out, line, "quote inside an unquoted field");
					row.bad = true;
				}
				pol_buf_putc(&f, data[i++]);
			}
			S_row_push(&row, &f);
			if (i < len && data[i] == ',') {
				i++;
				continue;
			}
			if (i < len && data[i] == '\r')
				i++;
			if (i < len && data[i] == '\n')
				i++;
			line++;
			end = true;
		}
		if (out->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = pol_xrealloc(out->rows, cap * sizeof *out->rows);
		}
		out->rows[out->nrows++] = row;
	}
}

void pol_csv_free(pol_csv *c)
{
	for (size_t i = 0; i < c->nrows; i++)
		S_row_free(&c->rows[i]);
	free(c->rows);
	for (size_t i = 0; i < c->nerrors; i++)
		free(c->errors[i].msg);
	free(c->errors);
	memset(c, 0, sizeof *c);
}

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

static char *S_fail(const char *path, const char *msg)
{
	return pol_xasprintf("%s: error: %s", path, msg);
}

int pol_checklist_load(pol_checklist *out, const char *path, char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	json_error_t je;
	json_t *b = strcmp(path, "-") ? json_load_file(path, JSON_REJECT_DUPLICATES, &je)
	                              : json_loadf(stdin, JSON_REJECT_DUPLICATES, &je);
	if (!b) {
		if (je.line < 1)
			*err = pol_xasprintf("%s: error: %s", path, je.text);
		else
			*err = pol_xasprintf("%s:%d:%d: error: %s", path, je.line, je.column, je.text);
		return -1;
	}
	json_t *fmt = json_object_get(b, "format");
	const char *name = json_string_value(json_object_get(fmt, "name"));
	const char *version = json_string_value(json_object_get(fmt, "version"));
	if (!json_is_object(b) || !name || strcmp(name, "polc-bundle")) {
		*err = S_fail(path, "not a polc bundle (format.name is not 'polc-bundle')");
		json_decref(b);
		return -1;
	}
	if (!version || strncmp(version, "1.", 2) || !version[2]) {
		char *m = pol_xasprintf("unsupported bundle format version '%s' (this polc reads 1.x)",
		                        version ? version : "");
		*err = S_fail(path, m);
		free(m);
		json_decref(b);
		return -1;
	}
	json_t *rules = S_array(b, "rules");
	if (!rules) {
		*err = S_fail(path, "not a polc bundle ('rules' is missing)");
		json_decref(b);
		return -1;
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

	S_places pl = {.of = pol_map_new()};
	json_t *docs = S_array(b, "documents");
	size_t i;
	json_t *d;
	json_array_foreach(docs, i, d)
		S_map_places(&pl, d, (S_place){0});

	size_t ri;
	json_t *r;
	json_array_foreach(rules, ri, r) {
		json_t *checks = S_array(r, "checks");
		if (!checks || !json_array_size(checks))
			continue;
		out->rules = pol_xrealloc(out->rules, (out->nrules + 1) * sizeof *out->rules);
		pol_cl_rule *cr = &out->rules[out->nrules];
		memset(cr, 0, sizeof *cr);
		cr->id = S_get(r, "id");
		cr->number = S_get(r, "number");
		cr->title = S_get(r, "title");
		cr->level = S_get(r, "level");
		cr->applies = S_array(r, "applies");
		pol_buf t = {0};
		size_t k;
		json_t *role;
		json_array_foreach(cr->applies, k, role) {
			const char *id = json_string_value(role);
			if (!id)
				continue;
			const char *title = pol_checklist_role_title(out, id);
			if (t.len)
				pol_buf_puts(&t, "、");
			pol_buf_puts(&t, title ? title : id);
		}
		cr->target = pol_buf_detach(&t);
		cr->basis = *cr->number && *cr->title ? pol_xasprintf("%s %s", cr->number, cr->title)
		                                      : pol_xstrdup(*cr->number ? cr->number : cr->title);
		const S_place *at = pol_map_get(pl.of, cr->id);
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
		cr->first = out->nchecks;
		json_t *c;
		json_array_foreach(checks, k, c) {
			const char *id = S_get(c, "id");
			if (!*id || pol_map_get(out->by_id, id))
				continue; /* a check without id cannot be answered; a repeat is the first's */
			out->checks = pol_xrealloc(out->checks, (out->nchecks + 1) * sizeof *out->checks);
			pol_cl_check *cc = &out->checks[out->nchecks];
			cc->id = id;
			cc->question = S_get(c, "question");
			cc->evidence = S_get(c, "evidence");
			cc->frequency_ja = S_get(c, "frequency_ja");
			cc->rule = out->nrules;
			pol_map_set(out->by_id, id, (void *)(uintptr_t)(++out->nchecks));
		}
		cr->nchecks = out->nchecks - cr->first;
		out->nrules++;
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
	return 0;
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
	pol_buf_puts(&b, S_BOM);
	pol_csv_put_row(&b, pol_checklist_columns, POL_CL_NCOLS);
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
		pol_csv_put_row(&b, f, POL_CL_NCOLS);
	}
	return pol_buf_detach(&b);
}

static void S_html(pol_buf *b, const char *s)
{
	pol_buf_put_html(b, s, strlen(s));
}

/* Text with line breaks kept. */
static void S_html_lines(pol_buf *b, const char *s)
{
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		pol_buf_put_html(b, s, (size_t)(nl - s));
		pol_buf_puts(b, "<br>");
	}
	S_html(b, s);
}

static const char S_css[] =
	"@page { size: A4 landscape; margin: 12mm; }\n"
	"body { font-family: \"Noto Sans CJK JP\", \"Hiragino Sans\", \"Yu Gothic\", \"Meiryo\", sans-serif;"
	" font-size: 10pt; color: #000; margin: 0 auto; max-width: 297mm; }\n"
	"h1 { font-size: 15pt; margin: 0 0 4pt; }\n"
	".meta { margin: 0 0 8pt; font-size: 9pt; }\n"
	".meta dt { display: inline; font-weight: bold; }\n"
	".meta dd { display: inline; margin: 0 1.5em 0 .3em; }\n"
	"table { border-collapse: collapse; width: 100%; }\n"
	"thead { display: table-header-group; }\n"
	"tr { page-break-inside: avoid; break-inside: avoid; }\n"
	"th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }\n"
	"th { background: #e8e8e8; white-space: nowrap; }\n"
	"td.no { text-align: right; white-space: nowrap; }\n"
	"td.id { font-family: monospace; font-size: 8pt; word-break: break-all; width: 9em; }\n"
	"td.answer { white-space: nowrap; }\n"
	"td.note { width: 10em; }\n"
	".sign { margin-top: 12pt; }\n"
	".sign td { border: 1px solid #000; height: 24pt; min-width: 10em; }\n"
	"@media print { a { color: inherit; text-decoration: none; } }\n";

char *pol_checklist_html(const pol_checklist *cl, const char *role)
{
	pol_buf b = {0};
	const char *role_title = role ? pol_checklist_role_title(cl, role) : NULL;
	pol_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	pol_buf_puts(&b, "自己点検チェックリスト — ");
	S_html(&b, cl->title);
	pol_buf_puts(&b, "</title>\n<style>\n");
	pol_buf_puts(&b, S_css);
	pol_buf_puts(&b, "</style>\n</head>\n<body>\n<h1>自己点検チェックリスト</h1>\n<dl class=\"meta\">\n");
	pol_buf_puts(&b, "<dt>ポリシー</dt><dd>");
	S_html(&b, cl->title);
	if (*cl->issued_era) {
		pol_buf_puts(&b, "（");
		S_html(&b, cl->issued_era);
		pol_buf_puts(&b, "）");
	}
	pol_buf_puts(&b, "</dd>\n");
	if (*cl->organization) {
		pol_buf_puts(&b, "<dt>組織</dt><dd>");
		S_html(&b, cl->organization);
		pol_buf_puts(&b, "</dd>\n");
	}
	pol_buf_puts(&b, "<dt>版</dt><dd>");
	S_html(&b, cl->edition);
	if (*cl->short_commit) {
		pol_buf_puts(&b, " / ");
		S_html(&b, cl->short_commit);
	}
	pol_buf_puts(&b, "</dd>\n");
	if (role) {
		pol_buf_puts(&b, "<dt>対象</dt><dd>");
		S_html(&b, role_title ? role_title : role);
		pol_buf_puts(&b, "</dd>\n");
	}
	pol_buf_puts(&b, "<dt>判定</dt><dd>はい／いいえ／該当なし</dd>\n</dl>\n");
	pol_buf_puts(&b, "<table>\n<thead>\n<tr>");
	for (int i = 0; i < POL_CL_NCOLS; i++) {
		pol_buf_puts(&b, "<th scope=\"col\">");
		S_html(&b, pol_checklist_columns[i]);
		pol_buf_puts(&b, "</th>");
	}
	pol_buf_puts(&b, "</tr>\n</thead>\n<tbody>\n");
	int no = 0;
	for (size_t i = 0; i < cl->nchecks; i++) {
		const pol_cl_check *c = &cl->checks[i];
		const pol_cl_rule *r = &cl->rules[c->rule];
		if (!pol_checklist_applies(r, role))
			continue;
		pol_buf_printf(&b, "<tr><td class=\"no\">%d</td><td class=\"id\">", ++no);
		S_html(&b, c->id);
		pol_buf_puts(&b, "</td><td>");
		S_html(&b, r->target);
		pol_buf_puts(&b, "</td><td>");
		S_html_lines(&b, c->question);
		pol_buf_puts(&b, "</td><td>");
		S_html(&b, r->basis);
		pol_buf_puts(&b, "</td><td>");
		S_html(&b, c->frequency_ja);
		pol_buf_puts(&b, "</td><td>");
		S_html(&b, c->evidence);
		pol_buf_puts(&b, "</td><td class=\"answer\">□はい<br>□いいえ<br>□該当なし</td><td class=\"note\"></td></tr>\n");
	}
	pol_buf_puts(&b, "</tbody>\n</table>\n");
	pol_buf_puts(&b, "<table class=\"sign\">\n<tr><th>点検日</th><td></td><th>点検者</th><td></td>"
	                 "<th>確認者（情報セキュリティ管理者）</th><td></td></tr>\n</table>\n");
	pol_buf_printf(&b, "<p class=\"meta\">点検項目 %d件。ソース %s</p>\n", no, cl->digest);
	pol_buf_puts(&b, "</body>\n</html>\n");
	return pol_buf_detach(&b);
}

int pol_checklist_open(pol_checklist *cl, const char *path, const char *role)
{
	char *err = NULL;
	if (pol_checklist_load(cl, path, &err) != 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return POL_EXIT_USAGE;
	}
	if (role && !pol_checklist_role_title(cl, role)) {
		fprintf(stderr, "polc: error: the bundle has no role '%s'\n", role);
		pol_checklist_fini(cl);
		return POL_EXIT_USAGE;
	}
	return 0;
}
