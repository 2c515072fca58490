/* test_diff.c — alignment of the 新旧対照表 (diff.c) on tiny policies compiled from
 * memory: insertion and renumbering, removal in place, moves, reordering, text changes
 * with and without width folding, context headings, the public edition's boundary,
 * changes.json, the HTML page from its template set, and the tag-message form of the
 * 改定履歴 (history.c). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "emit/diff.h"
#include "emit/render.h"
#include "edition/edition.h"
#include "front/history.h"
#include "lib/textdiff.h"

/* ---- a source in memory: one file, policy.pol --------------------------------------- */

typedef struct {
	pol_source base;
	const char *text;
} mem_source;

static int mem_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	mem_source *m = (mem_source *)src;
	if (strcmp(rel, "policy.pol") != 0)
		return -1;
	*out = strdup(m->text);
	*len = strlen(m->text);
	return 0;
}

static void mem_free(pol_source *src)
{
	free(src);
}

static const pol_source_ops mem_ops = {mem_read, mem_free, NULL};

static pol_model *load(const char *body)
{
	static const char head[] = "@policy t テスト方針\n  issued = 2026-01\n  numbering = guideline\n\n";
	char *text = malloc(strlen(head) + strlen(body) + 1);
	strcpy(text, head);
	strcat(text, body);
	mem_source *m = calloc(1, sizeof *m);
	m->base.ops = &mem_ops;
	m->base.root = strdup("mem");
	m->text = text;
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *model = pol_model_load(&m->base, &d);
	cr_assert(model && !pol_diag_failed(&d), "policy does not compile:\n%s", d.mem.data ? d.mem.data : "");
	pol_source_free(&m->base);
	pol_diag_fini(&d);
	free(text);
	return model;
}

/* Both models in one edition, and their diff; free with done(). */
typedef struct {
	pol_model *full[2], *ed[2];
	pol_diff *d;
} pair;

static pair diff_of(const char *old_body, const char *new_body, pol_edition_kind kind, unsigned flags)
{
	pair p;
	p.full[0] = load(old_body);
	p.full[1] = load(new_body);
	p.ed[0] = pol_edition_filter(p.full[0], kind, NULL);
	p.ed[1] = pol_edition_filter(p.full[1], kind, NULL);
	p.d = pol_diff_new(p.ed[0], p.ed[1], flags);
	return p;
}

static void done(pair *p)
{
	pol_diff_free(p->d);
	for (int i = 0; i < 2; i++) {
		pol_model_free(p->ed[i]);
		pol_model_free(p->full[i]);
	}
}

static const pol_diff_row *row_of(const pol_diff *d, const char *key)
{
	for (size_t i = 0; i < d->nrows; i++) {
		const pol_diff_row *r = &d->rows[i];
		const pol_node *n = r->new_node ? r->new_node : r->old_node;
		if (!strcmp(n->key, key))
			return r;
	}
	return NULL;
}

static size_t index_of(const pol_diff *d, const char *key)
{
	const pol_diff_row *r = row_of(d, key);
	cr_assert(r, "no row for %s", key);
	return (size_t)(r - d->rows);
}

#define DOC "@document basic 基本方針 [public]\n@chapter ch 総則\n"
#define A1 "@article a1 目的\n本方針は、目的を定める。\n\n"
#define A2 "@article a2 範囲\n本方針は、範囲を定める。\n\n"
#define A3 "@article a3 義務\n職員は、本方針を守る。\n\n"
#define AN "@article an 分類\n情報資産を分類する。\n\n"

/* ---- alignment ------------------------------------------------------------------------ */

Test(diff, identical_models_have_no_change)
{
	pair p = diff_of(DOC A1 A2 A3, DOC A1 A2 A3, POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->added + p.d->removed + p.d->modified + p.d->renumbered + p.d->moved, 0);
	for (size_t i = 0; i < p.d->nrows; i++)
		cr_assert(!p.d->rows[i].changes && !p.d->rows[i].context);
	cr_assert_eq(p.d->nrows, 5); /* document, chapter, three articles */
	done(&p);
}

Test(diff, insertion_renumbers_the_rest_without_rewriting_them)
{
	pair p = diff_of(DOC A1 A2 A3, DOC A1 AN A2 A3, POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->added, 1);
	cr_assert_eq(p.d->renumbered, 2);
	cr_assert_eq(p.d->modified, 0);
	const pol_diff_row *an = row_of(p.d, "basic.an");
	cr_assert_eq(an->changes, POL_CHG_ADDED);
	cr_assert_null(an->old_node);
	const pol_diff_row *a2 = row_of(p.d, "basic.a2");
	cr_assert_eq(a2->changes, POL_CHG_NUMBER);
	cr_assert_str_eq(a2->old_node->num, "2.");
	cr_assert_str_eq(a2->new_node->num, "3.");
	cr_assert_eq(row_of(p.d, "basic.a1")->changes, 0);
	/* In document order, and the chapter above the changes is kept as context. */
	cr_assert(index_of(p.d, "basic.a1") < index_of(p.d, "basic.an"));
	cr_assert(index_of(p.d, "basic.an") < index_of(p.d, "basic.a2"));
	cr_assert(row_of(p.d, "basic.ch")->context);
	cr_assert(row_of(p.d, "basic")->context);
	cr_assert(!row_of(p.d, "basic.a1")->context);
	done(&p);
}

Test(diff, removed_node_stands_where_it_was)
{
	pair p = diff_of(DOC A1 A2 A3, DOC A1 A3, POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->removed, 1);
	const pol_diff_row *a2 = row_of(p.d, "basic.a2");
	cr_assert_eq(a2->changes, POL_CHG_REMOVED);
	cr_assert_null(a2->new_node);
	cr_assert(index_of(p.d, "basic.a1") < index_of(p.d, "basic.a2"));
	cr_assert(index_of(p.d, "basic.a2") < index_of(p.d, "basic.a3"));
	cr_assert_eq(row_of(p.d, "basic.a3")->changes, POL_CHG_NUMBER);
	done(&p);
}

Test(diff, removed_subtree_is_removed_row_by_row)
{
	pair p = diff_of(DOC A1 "@article a2 範囲\n@item i1 一\n第一項目。\n@item i2 二\n第二項目。\n\n" A3,
	                 DOC A1 A3, POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->removed, 3);
	cr_assert_eq(row_of(p.d, "basic.i1")->changes, POL_CHG_REMOVED);
	cr_assert_eq(row_of(p.d, "basic.i1")->parent, index_of(p.d, "basic.a2"));
	done(&p);
}

Test(diff, move_to_another_parent_is_a_move)
{
	pair p = diff_of(DOC "@article a1 目的\n@item x 項目\n移る項目。\n@item y 残る\n残る項目。\n\n" A2,
	                 DOC "@article a1 目的\n@item y 残る\n残る項目。\n\n@article a2 範囲\n本方針は、範囲を定める。\n"
	                     "@item x 項目\n移る項目。\n",
	                 POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->added, 0);
	cr_assert_eq(p.d->removed, 0);
	cr_assert_eq(p.d->moved, 1);
	const pol_diff_row *x = row_of(p.d, "basic.x");
	cr_assert(x->changes & POL_CHG_MOVED);
	cr_assert(!(x->changes & POL_CHG_TEXT));
	cr_assert_str_eq(x->old_node->parent->key, "basic.a1");
	cr_assert_str_eq(x->new_node->parent->key, "basic.a2");
	cr_assert_eq(x->parent, index_of(p.d, "basic.a2"));
	/* y moved up from (2) to (1) under the same parent: renumbered, not moved. */
	cr_assert_eq(row_of(p.d, "basic.y")->changes, POL_CHG_NUMBER);
	done(&p);
}

Test(diff, reordering_siblings_renumbers_them)
{
	pair p = diff_of(DOC A1 A2 A3, DOC A3 A1 A2, POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->added + p.d->removed + p.d->moved + p.d->modified, 0);
	cr_assert_eq(p.d->renumbered, 3);
	cr_assert_eq(p.d->nrows, 5);
	done(&p);
}

Test(diff, text_change_and_width_folding)
{
	const char *old_b = DOC "@article a1 目的\nパスワードは１２文字以上とする。\n";
	const char *new_b = DOC "@article a1 目的\nパスワードは12文字以上とする。\n";
	pair p = diff_of(old_b, new_b, POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->modified, 1);
	cr_assert_eq(row_of(p.d, "basic.a1")->changes, POL_CHG_TEXT);
	done(&p);
	pair q = diff_of(old_b, new_b, POL_ED_INTERNAL, POL_DIFF_NORMALIZE_WIDTH);
	cr_assert_eq(q.d->modified, 0);
	done(&q);
}

Test(diff, title_change_is_a_text_change)
{
	pair p = diff_of(DOC A1, DOC "@article a1 目的及び趣旨\n本方針は、目的を定める。\n", POL_ED_INTERNAL, 0);
	const pol_diff_row *r = row_of(p.d, "basic.a1");
	cr_assert_eq(r->changes, POL_CHG_TEXT);
	cr_assert_str_eq(r->old_title, "目的");
	cr_assert_str_eq(r->new_title, "目的及び趣旨");
	done(&p);
}

#define INTERNAL_DOC(text) \
	"@document std 対策基準 [internal]\n@chapter s1 対策\n@article x 秘密\n" text "\n"

Test(diff, public_edition_sees_nothing_internal)
{
	pair p = diff_of(DOC A1 INTERNAL_DOC("CANARY 旧"), DOC A1 INTERNAL_DOC("CANARY 新") "@article y 追加\n追加。\n",
	                 POL_ED_PUBLIC, 0);
	cr_assert_eq(p.d->added + p.d->removed + p.d->modified + p.d->renumbered + p.d->moved, 0);
	for (size_t i = 0; i < p.d->nrows; i++) {
		const pol_diff_row *r = &p.d->rows[i];
		cr_assert_not(strstr(r->old_body, "CANARY") || strstr(r->new_body, "CANARY"));
		const pol_node *n = r->new_node ? r->new_node : r->old_node;
		cr_assert_neq(strncmp(n->key, "std", 3), 0, "internal node %s in a public diff", n->key);
	}
	char *json = pol_diff_json(p.d, "A", "B");
	cr_assert_null(strstr(json, "CANARY"));
	cr_assert_null(strstr(json, "std"));
	free(json);
	done(&p);
	pair q = diff_of(DOC A1 INTERNAL_DOC("CANARY 旧"), DOC A1 INTERNAL_DOC("CANARY 新"), POL_ED_INTERNAL, 0);
	cr_assert_eq(q.d->modified, 1);
	done(&q);
}

Test(diff, changes_json_form)
{
	pair p = diff_of(DOC A1 A2 A3, DOC A1 AN A2, POL_ED_INTERNAL, 0);
	char *s = pol_diff_json(p.d, "edition/2026-01", "edition/2026-04");
	json_error_t e;
	json_t *j = json_loads(s, 0, &e);
	cr_assert(j, "changes.json does not parse: %s", e.text);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "format"), "name")), "polc-changes");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "old"), "rev")), "edition/2026-01");
	cr_assert_str_eq(json_string_value(json_object_get(j, "edition")), "internal");
	/* Keys in a fixed order. */
	static const char *order[] = {"format", "old", "new", "edition", "added", "removed", "modified", "renumbered", "moved"};
	const char *prev = s;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		char quoted[32];
		snprintf(quoted, sizeof quoted, "\"%s\":", order[i]);
		const char *at = strstr(s, quoted);
		cr_assert(at && at >= prev, "key %s out of order", order[i]);
		prev = at;
	}
	json_t *added = json_object_get(j, "added");
	cr_assert_eq(json_array_size(added), 1);
	json_t *an = json_array_get(added, 0);
	cr_assert_str_eq(json_string_value(json_object_get(an, "key")), "basic.an");
	cr_assert(json_is_null(json_object_get(an, "old_number")));
	cr_assert_str_eq(json_string_value(json_object_get(an, "new_number")), "2.");
	cr_assert_str_eq(json_string_value(json_object_get(an, "new_text")), "分類\n情報資産を分類する。");
	cr_assert_eq(json_array_size(json_object_get(j, "removed")), 1);
	cr_assert_eq(json_array_size(json_object_get(j, "renumbered")), 1);
	cr_assert_eq(s[strlen(s) - 1], '\n');
	json_decref(j);
	free(s);
	done(&p);
}

/* ---- tag messages ----------------------------------------------------------------------- */

static void parse(const char *msg, const char *want_pub, const char *want_in)
{
	char *pub, *in;
	pol_history_parse_message(&pub, &in, msg);
	if (want_pub)
		cr_assert(pub && !strcmp(pub, want_pub), "public: got [%s], want [%s]", pub ? pub : "(null)", want_pub);
	else
		cr_assert_null(pub, "public: got [%s], want none", pub);
	if (want_in)
		cr_assert(in && !strcmp(in, want_in), "internal: got [%s], want [%s]", in ? in : "(null)", want_in);
	else
		cr_assert_null(in, "internal: got [%s], want none", in);
	free(pub);
	free(in);
}

/* Fails closed: text before any header is internal (and flagged). */
Test(history, unmarked_text_is_internal)
{
	char *pub, *in;
	cr_assert_eq(pol_history_parse_message(&pub, &in, "令和8年4月改定\n"), POL_MSG_UNMARKED);
	cr_assert_null(pub);
	cr_assert_str_eq(in, "令和8年4月改定");
	free(in);
	parse("改定の概要。\n続きの行。\n\n詳細は内部のみ。\n", NULL, "改定の概要。\n続きの行。\n\n詳細は内部のみ。");
	parse("\n\n  \n概要\n", NULL, "概要");
}

Test(history, sections)
{
	parse("見出し\n\nPublic:\n公開の要約。\n\nInternal:\n内部の要約。\n", "公開の要約。", "見出し\n\n内部の要約。");
	parse("公開：公開の要約。\n内部：内部の要約。\n", "公開の要約。", "内部の要約。");
	parse("public: a\nINTERNAL: b\nPublic: c\n", "a\nc", "b");
	parse("非公開: 秘密\n", NULL, "秘密");
	parse("Public: 概要\nInternal: 秘密\n", "概要", "秘密");
	parse("Internal:\n秘密\n\n続き\n", NULL, "秘密\n\n続き");
	/* Any other header-like line ends a public section. */
	parse("Public: 概要\nSigned-off-by: 係\n", "概要", "係");
	parse("Public: 概要\n\n【公開】 続き\n", "概要\n\n続き", NULL);
}

/* The variants of the audit: every internal part carries SECRET; none may reach the
 * public summary, and the public part stays public where it was marked so. */
Test(history, header_variants_fail_closed)
{
	static const struct {
		const char *msg, *pub;
	} v[] = {
		{"公開　：概要\n内部　：SECRET\n", "概要"},               /* ideographic space */
		{"公開：概要\n内部向け：SECRET\n", "概要"},
		{"公開：概要\n【内部】SECRET\n", "概要"},
		{"公開：概要\n【内部】\nSECRET\n", "概要"},
		{"Public: 概要\nＩｎｔｅｒｎａｌ：SECRET\n", "概要"},     /* full-width */
		{"Public: 概要\n\xEF\xBB\xBFInternal: SECRET\n", "概要"}, /* BOM */
		{"\xEF\xBB\xBFPublic: 概要\nInternal: SECRET\n", "概要"},
		{"Public: 概要\nInternal\xC2\xA0: SECRET\n", "概要"},      /* no-break space */
		{"Public: 概要\rInternal: SECRET\r", "概要"},             /* CR only */
		{"Public: 概要\r\nInternal: SECRET\r\n", "概要"},         /* CRLF */
		{"Ｐｕｂｌｉｃ：概要\n社外秘：SECRET\n", "概要"},           /* unknown header */
		{"概要\nSECRET\n", NULL},                                  /* no header at all */
		{"公開：概要\n\u202e内部：SECRET\n", "概要"},               /* bidi control */
		{"Public:\t概要\n\tInternal\t:\tSECRET\n", "概要"},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char *pub, *in;
		pol_history_parse_message(&pub, &in, v[i].msg);
		cr_assert(!pub || !strstr(pub, "SECRET"), "variant %zu leaked: [%s]", i, pub);
		cr_assert(in && strstr(in, "SECRET"), "variant %zu: internal [%s]", i, in ? in : "(null)");
		if (v[i].pub)
			cr_assert(pub && !strcmp(pub, v[i].pub), "variant %zu: public [%s]", i, pub ? pub : "(null)");
		free(pub);
		free(in);
	}
}

Test(history, flags)
{
	char *pub, *in;
	cr_assert_eq(pol_history_parse_message(&pub, &in, "Public: a\nInternal: b\n"), 0);
	free(pub);
	free(in);
	cr_assert_eq(pol_history_parse_message(&pub, &in, "Public: a\n社外秘: b\n"), POL_MSG_UNKNOWN_HEADER);
	free(pub);
	free(in);
}

Test(history, signature_is_dropped)
{
	parse("Public: 概要\n\nInternal: 秘密\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n", "概要", "秘密");
	parse(NULL, NULL, NULL);
	parse("", NULL, NULL);
}

/* ---- the page (diff.html.mustache through emit/page.h) ----------------------------------- */

Test(diff, html_page_from_the_template_set)
{
	pair p = diff_of(DOC "@article a1 目的\n値は a < b & c とする。\n",
	                 DOC "@article a1 目的\n値は a < d & c とする。\n", POL_ED_INTERNAL, 0);
	pol_templates *t = NULL;
	char *html = NULL, *err = NULL;
	cr_assert_eq(pol_templates_load(&t, NULL, &err), 0);
	cr_assert_eq(pol_diff_html(&html, &err, p.d, "A", "B", t), 0, "%s", err ? err : "");
	cr_assert_not_null(strstr(html, "<title>新旧対照表 — テスト方針（"));
	cr_assert_not_null(strstr(html, "a &lt; <u class=\"chg\">d</u> &amp; c"), "%s", html);
	cr_assert_not_null(strstr(html, "a &lt; <u class=\"chg\">b</u> &amp; c"), "%s", html);
	cr_assert_null(strstr(html, "a < "), "text is escaped");
	free(html);
	pol_templates_free(t);

	char dir[] = "/tmp/polc-test-diff.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *path = pol_xasprintf("%s/diff.html.mustache", dir);
	cr_assert_eq(pol_write_file(path, "{{#rows}}\n", 10), 0);
	cr_assert_eq(pol_templates_load(&t, dir, &err), 0, "%s", err ? err : "");
	html = NULL;
	cr_assert_eq(pol_diff_html(&html, &err, p.d, "A", "B", t), -1);
	cr_assert_null(html);
	cr_assert(!strncmp(err, "diff.html.mustache: line 1: ", strlen("diff.html.mustache: line 1: ")), "%s", err);
	free(err);
	pol_templates_free(t);
	free(path);
	pol_rmtree(dir);
	done(&p);
}

/* ---- every kind of amendment -------------------------------------------------------------- */

#define PARAS(a, b, c) DOC "@article a1 目的\n@paragraph\n" a "\n@paragraph\n" b "\n@paragraph\n" c "\n"

static size_t count_changes(const pol_diff *d, unsigned bit)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nrows; i++)
		n += (d->rows[i].changes & bit) != 0;
	return n;
}

Test(align, an_anonymous_paragraph_inserted_before_others_leaves_them_alone)
{
	pair p = diff_of(DOC "@article a1 目的\n@paragraph\n第一。\n@paragraph\n第二。\n",
	                 DOC "@article a1 目的\n@paragraph\n新しい段落。\n@paragraph\n第一。\n@paragraph\n第二。\n",
	                 POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->added, 1);
	cr_assert_eq(p.d->removed + p.d->modified + p.d->renumbered + p.d->moved, 0);
	cr_assert_str_eq(row_of(p.d, "basic.a1/p1")->new_body, "新しい段落。");
	cr_assert_eq(row_of(p.d, "basic.a1/p2")->changes, 0);
	done(&p);
}

Test(align, an_anonymous_paragraph_rewritten_in_place_is_modified)
{
	pair p = diff_of(PARAS("第一。", "第二の段落。", "第三。"), PARAS("第一。", "まったく別の文章に書き換えた。", "第三。"),
	                 POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->modified, 1);
	cr_assert_eq(p.d->added + p.d->removed, 0);
	done(&p);
}

Test(align, removal_next_to_an_edited_paragraph_pairs_by_similarity)
{
	pair p = diff_of(PARAS("職員等は、情報資産を適切に管理する。", "削られる段落である。", "委託事業者は、契約を守る。"),
	                 DOC "@article a1 目的\n@paragraph\n職員等は、情報資産を適切に管理しなければならない。\n"
	                     "@paragraph\n委託事業者は、契約を守る。\n",
	                 POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->removed, 1);
	cr_assert_eq(p.d->modified, 1);
	cr_assert_eq(p.d->added, 0);
	const pol_diff_row *r = row_of(p.d, "basic.a1/p1");
	cr_assert_eq(r->changes, POL_CHG_TEXT);
	cr_assert_str_eq(r->old_body, "職員等は、情報資産を適切に管理する。");
	done(&p);
}

#define ROLES "@role staff 職員等\n職員。\n@role admin 管理者\n管理者。\n"
#define IDOC "@document std 基準 [internal]\n@chapter ch 総則\n"
#define RULE(attrs, checks) IDOC "@article a1 目的\n@rule r1 規則 [" attrs "]\n規則の本文。\n" checks

Test(amend, rule_attributes)
{
	pair p = diff_of(ROLES RULE("must, applies=staff, owner=admin", ""),
	                 ROLES RULE("should, applies=staff admin, owner=staff", ""), POL_ED_INTERNAL, 0);
	const pol_diff_row *r = row_of(p.d, "std.r1");
	cr_assert_eq(r->changes, POL_CHG_ATTRS);
	cr_assert_eq(r->attrs, POL_ATTR_LEVEL | POL_ATTR_APPLIES | POL_ATTR_OWNER);
	cr_assert_str_eq(r->old_attrs, "区分：必須　対象：職員等　責任者：管理者");
	cr_assert_str_eq(r->new_attrs, "区分：推奨　対象：職員等、管理者　責任者：職員等");
	cr_assert_eq(p.d->attributes, 1);
	char *json = pol_diff_json(p.d, "A", "B");
	cr_assert_not_null(strstr(json, "\"name\": \"level\",\n          \"old\": \"must\",\n          \"new\": \"should\""), "%s", json);
	free(json);
	done(&p);
}

Test(amend, checks_added_removed_changed)
{
	const char *c1 = "@check [every=month, evidence=台帳]\n台帳を確認したか。\n";
	const char *c2 = "@check [every=year, evidence=記録]\n記録を残したか。\n";
	char *o = pol_xasprintf(ROLES RULE("must, applies=staff", "%s%s"), c1, c2);
	char *n = pol_xasprintf(ROLES RULE("must, applies=staff", "%s%s%s"),
	                        "@check [every=week]\n新しい点検か。\n", c1, "@check [every=half-year, evidence=記録]\n記録を残したか。\n");
	pair p = diff_of(o, n, POL_ED_INTERNAL, 0);
	const pol_diff_row *r = row_of(p.d, "std.r1");
	cr_assert_eq(r->changes, POL_CHG_CHECKS);
	cr_assert_eq(r->nchecks, 3);
	cr_assert(r->checks[0].new && !r->checks[0].old, "the new check first, added");
	cr_assert(r->checks[1].old && r->checks[1].new && !r->checks[1].what, "the old first check unchanged");
	cr_assert_eq(r->checks[2].what, POL_CHECK_FREQUENCY);
	cr_assert_str_eq(r->checks[2].new_text, "点検（半年ごと）：記録を残したか。（証跡：記録）");
	done(&p);
	free(o);
	free(n);
	pair q = diff_of(ROLES RULE("must, applies=staff", "@check [every=month, evidence=台帳]\n台帳を確認したか。\n"),
	                 ROLES RULE("must, applies=staff", ""), POL_ED_INTERNAL, 0);
	r = row_of(q.d, "std.r1");
	cr_assert_eq(r->nchecks, 1);
	cr_assert(r->checks[0].old && !r->checks[0].new);
	done(&q);
}

#define PARAM(v) "@param pw.min [number, value=" v ", unit=文字]\n最小の長さ。\n"

Test(amend, a_parameter_once_and_where_it_is_used)
{
#define PRULE IDOC "@article a1 目的\n@rule r1 規則 [must, applies=staff]\n{param pw.min}以上とする。\n@check\n{param pw.min}以上か。\n"
	pair p = diff_of(ROLES PARAM("12") PRULE, ROLES PARAM("14") PRULE, POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->definitions, 1);
	const pol_diff_def *f = NULL;
	for (size_t i = 0; i < p.d->ndefs; i++)
		if (p.d->defs[i].changes)
			f = &p.d->defs[i];
	cr_assert(f && f->kind == POL_DEF_PARAM && !strcmp(f->id, "pw.min"));
	cr_assert_eq(f->used_in.len, 1);
	cr_assert_str_eq(((const pol_node *)f->used_in.items[0])->key, "std.r1");
	cr_assert_str_eq(f->new_text, "値：14文字（内部）\n最小の長さ。");
	const pol_diff_row *r = row_of(p.d, "std.r1");
	cr_assert_eq(r->changes, POL_CHG_TEXT | POL_CHG_CHECKS, "the sentence and the check show the new value");
	done(&p);
	/* The parameter is internal: the public edition sees none of it. */
	pair q = diff_of(PARAM("12") DOC A1, PARAM("14") DOC A1, POL_ED_PUBLIC, 0);
	cr_assert_eq(q.d->ndefs, 0);
	char *json = pol_diff_json(q.d, "A", "B");
	cr_assert_null(strstr(json, "pw.min"));
	free(json);
	done(&q);
}

Test(amend, roles_and_terms)
{
	pair p = diff_of("@role staff 職員等\n職員。\n@term t1 用語 [public]\n旧い定義。\n" DOC "@article a1 目的\n{用語}を定める。\n",
	                 "@role staff 職員等\n全ての職員。\n@role boss 長\n長。\n@term t1 用語 [public]\n新しい定義。\n" DOC
	                 "@article a1 目的\n{用語}を定める。\n",
	                 POL_ED_INTERNAL, 0);
	cr_assert_eq(p.d->definitions, 3);
	cr_assert_eq(count_changes(p.d, POL_CHG_TEXT), 0, "no node changed");
	unsigned seen = 0;
	for (size_t i = 0; i < p.d->ndefs; i++) {
		const pol_diff_def *f = &p.d->defs[i];
		if (f->kind == POL_DEF_ROLE && !strcmp(f->id, "staff") && f->changes == POL_CHG_TEXT)
			seen |= 1;
		if (f->kind == POL_DEF_ROLE && !strcmp(f->id, "boss") && f->changes == POL_CHG_ADDED)
			seen |= 2;
		if (f->kind == POL_DEF_TERM && !strcmp(f->id, "t1") && f->changes == POL_CHG_TEXT)
			seen |= 4;
	}
	cr_assert_eq(seen, 7);
	done(&p);
}

Test(history, a_subject_that_repeats_the_edition_is_not_repeated)
{
	char *pub, *in;
	int f = pol_history_parse_tag(&pub, &in, "令和8年4月改定\n\nPublic: 公開。\n\nInternal:\n内部。\n", "2026-04");
	cr_assert_eq(f, POL_MSG_SUBJECT);
	cr_assert_str_eq(pub, "公開。");
	cr_assert_str_eq(in, "内部。");
	free(pub);
	free(in);
	/* A subject that repeats the public summary. */
	f = pol_history_parse_tag(&pub, &in, "適用範囲を改めた\nPublic: 適用範囲を改めた。\n", "2026-04");
	cr_assert_eq(f, POL_MSG_SUBJECT);
	cr_assert_null(in);
	free(pub);
	/* A subject that says something else stays, internal, with the warning. */
	f = pol_history_parse_tag(&pub, &in, "サーバ室の規定を改めた\n\nPublic: 一部を改めた。\n", "2026-04");
	cr_assert_eq(f, POL_MSG_UNMARKED);
	cr_assert_str_eq(in, "サーバ室の規定を改めた");
	free(pub);
	free(in);
	/* Without headers the whole message is internal, as ever. */
	f = pol_history_parse_tag(&pub, &in, "令和8年4月改定\n", "2026-04");
	cr_assert_eq(f, POL_MSG_UNMARKED);
	cr_assert_str_eq(in, "令和8年4月改定");
	free(in);
}

Test(amend, visibility)
{
	const char *o = DOC "@article a1 目的\n@paragraph p1\n公開の段落。\n";
	const char *n = DOC "@article a1 目的\n@paragraph p1 [internal]\n公開の段落。\n";
	pair p = diff_of(o, n, POL_ED_INTERNAL, 0);
	const pol_diff_row *r = row_of(p.d, "basic.p1");
	cr_assert_eq(r->changes, POL_CHG_ATTRS);
	cr_assert_eq(r->attrs, POL_ATTR_VIS);
	cr_assert_str_eq(r->old_attrs, "公開区分：公開");
	cr_assert_str_eq(r->new_attrs, "公開区分：内部");
	done(&p);
	/* The public edition sees the paragraph go, nothing more. */
	pair q = diff_of(o, n, POL_ED_PUBLIC, 0);
	cr_assert_eq(q.d->removed, 1);
	cr_assert_eq(q.d->attributes, 0);
	done(&q);
}
