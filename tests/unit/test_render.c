/* test_render.c — edition pages rendered through the view (emit/render*.c) with
 * templates of the test's own: a document's content streamed into its page without
 * its trailing newlines, prose rendered in document order whatever order a template
 * places it in (the ids of <dfn>s), a content placed inside a node rendering as nothing
 * instead of recursing, and a folder that cannot be written failing the render. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edition/edition.h"
#include "emit/render.h"
#include "memsource.h"
#include "model/model.h"

static const char *S_policy =
	"@policy t テスト方針\n"
	"  organization = テスト組合\n"
	"  issued = 2026-03\n"
	"@document basic 基本方針 [public, tier=basic]\n"
	"@chapter ch 総則\n"
	"{def staff 職員等: 全職員}は守る。\n"
	"@article a1 目的\n"
	"{def staff 職員等: 全職員}が読む。\n"
	"@document empty 空の文書 [public, tier=supplementary]\n";

static pol_model *S_load(void)
{
	const char *files[] = {"policy.pol", S_policy, NULL};
	pol_source *src = mem_source_new(files);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *m = pol_model_load(src, &d);
	pol_source_free(src);
	cr_assert_not_null(m, "no model: %s", d.mem.data ? d.mem.data : "");
	cr_assert_eq(d.errors, 0, "%s", d.mem.data ? d.mem.data : "");
	pol_diag_fini(&d);
	return m;
}

static void S_put(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static char *S_get(const char *dir, const char *name)
{
	char path[512], *text = NULL;
	size_t len;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert_eq(pol_read_file(&text, &len, path), 0, "cannot read %s", path);
	return text;
}

/* Renders the public edition with the templates of tpl (NULL: the defaults) into a new
 * folder; returns its path (caller frees, removes with pol_rmtree). */
static char *S_render(const char *tpl)
{
	pol_model *m = S_load();
	pol_model *ed = pol_edition_filter(m, POL_ED_PUBLIC, NULL);
	pol_templates *t = NULL;
	char *err = NULL;
	cr_assert_eq(pol_templates_load(&t, tpl, &err), 0, "%s", err);
	char *dir = strdup("/tmp/polc-render-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(pol_render_edition(ed, t, dir, &err), 0, "%s", err);
	pol_templates_free(t);
	pol_model_free(ed);
	pol_model_free(m);
	return dir;
}

static char *S_tpl_dir(void)
{
	char *dir = strdup("/tmp/polc-tpl-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	return dir;
}

Test(render, content_streamed_without_trailing_newlines)
{
	char *tpl = S_tpl_dir();
	S_put(tpl, "document.html.mustache", "{{#doc}}[{{{content}}}]{{^content}}none{{/content}}{{/doc}}\n");
	S_put(tpl, "node.html.mustache", "<{{num}}>\n{{#kids}}{{> node.html}}{{/kids}}\n\n");
	char *out = S_render(tpl);
	char *basic = S_get(out, "basic.html"), *empty = S_get(out, "empty.html");
	cr_expect_str_eq(basic, "[<第1章>\n<1.>]\n");
	cr_expect_str_eq(empty, "[]none\n");
	free(basic);
	free(empty);
	pol_rmtree(out);
	pol_rmtree(tpl);
	free(out);
	free(tpl);
}

Test(render, dfn_ids_in_document_order)
{
	/* The kids are placed before the node's own text: the ids still count in document
	 * order (the chapter's {def} is the first). */
	char *tpl = S_tpl_dir();
	S_put(tpl, "node.html.mustache", "{{#kids}}{{> node.html}}{{/kids}}{{{body}}}\n");
	char *out = S_render(tpl);
	char *basic = S_get(out, "basic.html");
	const char *one = strstr(basic, "def-term-staff-1"), *two = strstr(basic, "def-term-staff-2");
	cr_assert(one && two, "%s", basic);
	cr_expect(two < one, "the article's text comes first, with the second id: %s", basic);
	free(basic);
	pol_rmtree(out);
	pol_rmtree(tpl);
	free(out);
	free(tpl);
}

Test(render, content_inside_a_node_renders_nothing)
{
	char *tpl = S_tpl_dir();
	S_put(tpl, "node.html.mustache", "<{{num}}{{#doc}}{{{content}}}{{/doc}}>{{#kids}}{{> node.html}}{{/kids}}");
	char *out = S_render(tpl);
	char *basic = S_get(out, "basic.html");
	cr_expect(strstr(basic, "<第1章><1.>") != NULL, "%s", basic);
	free(basic);
	pol_rmtree(out);
	pol_rmtree(tpl);
	free(out);
	free(tpl);
}

Test(render, unwritable_folder_fails)
{
	pol_model *m = S_load();
	pol_model *ed = pol_edition_filter(m, POL_ED_PUBLIC, NULL);
	pol_templates *t = NULL;
	char *err = NULL;
	cr_assert_eq(pol_templates_load(&t, NULL, &err), 0);
	cr_expect_eq(pol_render_edition(ed, t, "/nonexistent-polc-folder", &err), -1);
	cr_assert_not_null(err);
	cr_expect(strstr(err, "cannot write '/nonexistent-polc-folder/index.html'") != NULL, "%s", err);
	free(err);
	pol_templates_free(t);
	pol_model_free(ed);
	pol_model_free(m);
}
