/* test_mustache.c — the Mustache engine against every case of the official spec
 * (every *.json in tests/mustache-spec, or the folder named by POL_MUSTACHE_SPEC), plus our
 * own checks: error messages for malformed templates, data that looks like a template
 * staying data, number formatting, and the partial recursion guard. The spec cases
 * run in one Test that counts failures and prints each one, so a single run shows
 * every broken case; the case count is asserted so the test cannot pass vacuously. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mustache.h"

#define SPEC_CASES 136

/* Partials come from a JSON object of name -> template text. */
static const char *partial_from_object(void *ctx, const char *name)
{
	return json_string_value(json_object_get((json_t *)ctx, name));
}

/* Renders tmpl against the JSON text data (and partials, a JSON object or NULL);
 * returns the output (caller frees) or NULL, leaving the error in *err. */
static char *render(const char *tmpl, const char *data, const char *partials, char **err)
{
	json_error_t jerr;
	json_t *d = json_loads(data, JSON_DECODE_ANY, &jerr);
	cr_assert_not_null(d, "bad test data: %s", jerr.text);
	json_t *p = partials ? json_loads(partials, 0, &jerr) : NULL;
	if (partials)
		cr_assert_not_null(p, "bad test partials: %s", jerr.text);
	char *out = NULL, *e = NULL;
	int rc = pol_mustache_render(&out, &e, tmpl, d, p ? partial_from_object : NULL, p);
	json_decref(d);
	json_decref(p);
	if (rc == 0) {
		cr_assert_not_null(out);
		cr_assert_null(e);
	} else {
		cr_assert_eq(rc, -1);
		cr_assert_null(out);
		cr_assert_not_null(e);
	}
	if (err)
		*err = e;
	else
		free(e);
	return out;
}

/* Asserts that tmpl renders exactly expected. */
static void check(const char *tmpl, const char *data, const char *partials, const char *expected)
{
	char *err = NULL;
	char *out = render(tmpl, data, partials, &err);
	cr_assert_not_null(out, "template %s failed: %s", tmpl, err ? err : "(no message)");
	cr_expect_str_eq(out, expected, "template %s", tmpl);
	free(out);
}

/* Asserts that tmpl is rejected with a message starting with prefix. */
static void check_error(const char *tmpl, const char *prefix)
{
	char *err = NULL;
	char *out = render(tmpl, "{}", NULL, &err);
	cr_assert_null(out, "template %s rendered as %s", tmpl, out ? out : "");
	cr_assert_not_null(err);
	cr_expect(strncmp(err, prefix, strlen(prefix)) == 0, "template %s: got \"%s\", wanted \"%s...\"",
	          tmpl, err, prefix);
	free(err);
}

Test(mustache, spec)
{
	const char *dir = getenv("POL_MUSTACHE_SPEC");
	if (!dir || !*dir)
		dir = "tests/mustache-spec";
	char pattern[4096];
	snprintf(pattern, sizeof pattern, "%s/*.json", dir);
	glob_t g;
	cr_assert_eq(glob(pattern, 0, NULL, &g), 0, "no spec files match %s", pattern);

	int total = 0, failures = 0;
	for (size_t f = 0; f < g.gl_pathc; f++) {
		json_error_t jerr;
		json_t *doc = json_load_file(g.gl_pathv[f], 0, &jerr);
		cr_assert_not_null(doc, "%s:%d: %s", g.gl_pathv[f], jerr.line, jerr.text);
		json_t *tests = json_object_get(doc, "tests");
		cr_assert(json_is_array(tests), "%s has no \"tests\" array", g.gl_pathv[f]);
		size_t i;
		json_t *tc;
		json_array_foreach(tests, i, tc) {
			const char *name = json_string_value(json_object_get(tc, "name"));
			const char *tmpl = json_string_value(json_object_get(tc, "template"));
			const char *expected = json_string_value(json_object_get(tc, "expected"));
			json_t *partials = json_object_get(tc, "partials");
			cr_assert(name && tmpl && expected, "%s: malformed case %zu", g.gl_pathv[f], i);
			total++;

			char *out = NULL, *err = NULL;
			int rc = pol_mustache_render(&out, &err, tmpl, json_object_get(tc, "data"),
			                             partial_from_object, partials);
			if (rc != 0 || !out || strcmp(out, expected) != 0) {
				failures++;
				fprintf(stderr, "FAIL %s: %s\n  expected: \"%s\"\n  got:      \"%s\"\n",
				        g.gl_pathv[f], name, expected,
				        rc == 0 ? out : err ? err : "(error without message)");
			}
			free(out);
			free(err);
		}
		json_decref(doc);
	}
	globfree(&g);
	cr_assert_eq(failures, 0, "%d of %d spec cases failed", failures, total);
	cr_assert_eq(total, SPEC_CASES, "expected %d spec cases, found %d", SPEC_CASES, total);
}

Test(mustache, malformed_templates)
{
	check_error("a\n{{#x}}\nb\n", "line 2: unclosed section \"x\"");
	check_error("{{#a}}\n{{#b}}\n{{/a}}\n", "line 3: mismatched section end \"a\"");
	check_error("one\n\n{{/a}}", "line 3: section end \"a\" without an open section");
	check_error("ok {{x}}\n{{x", "line 2: unclosed tag");
	check_error("{{{x}}", "line 1: unclosed tag");
	check_error("\n\n\n{{=<% =}}", "line 4: bad delimiter change");
	check_error("{{=<% %> x=}}", "line 1: bad delimiter change");
	check_error("{{==}}", "line 1: bad delimiter change");
	check_error("{{=a= b=}}", "line 1: bad delimiter change");
	check_error("{{ }}", "line 1: empty tag");
	/* After a delimiter change, "{{" is text and the new pair must close. */
	check_error("{{=<% %>=}}\n{{x}} <%#s%>", "line 2: unclosed section \"s\"");
	check("{{=<% %>=}}{{x}} <%x%>", "{\"x\":1}", NULL, "{{x}} 1");
}

Test(mustache, error_inside_partial)
{
	char *err = NULL;
	char *out = render("a\n{{>p}}", "{}", "{\"p\":\"x\\n{{#s}}\"}", &err);
	cr_assert_null(out);
	cr_expect_str_eq(err, "line 2: in partial \"p\": line 2: unclosed section \"s\"");
	free(err);
}

Test(mustache, data_is_never_template)
{
	const char *data = "{\"t\":\"{{x}}\",\"h\":\"<b>{{#x}}{{>p}}{{/x}}</b>\",\"x\":\"BAD\"}";
	check("{{t}}", data, NULL, "{{x}}");
	check("{{{t}}}|{{&t}}", data, "{\"p\":\"BAD\"}", "{{x}}|{{x}}");
	check("{{h}}", data, "{\"p\":\"BAD\"}", "&lt;b&gt;{{#x}}{{&gt;p}}{{/x}}&lt;/b&gt;");
	check("{{#t}}{{.}}{{/t}}", data, NULL, "{{x}}");
	/* Data whose text would be a malformed template is no error either. */
	check("[{{u}}]", "{\"u\":\"{{#open\"}", NULL, "[{{#open]");
}

Test(mustache, values)
{
	check("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}",
	      "{\"a\":1.5,\"b\":3,\"c\":2.0,\"d\":0.1,\"e\":-7,\"f\":1e100}", NULL,
	      "1.5 3 2 0.1 -7 1e+100");
	check("{{t}} {{f}} [{{n}}] {{arr}} {{{obj}}}",
	      "{\"t\":true,\"f\":false,\"n\":null,\"arr\":[1,\"<\"],\"obj\":{\"k\":\"v\"}}", NULL,
	      "true false [] [1,&quot;&lt;&quot;] {\"k\":\"v\"}");
	/* Spec truthiness: only false, null, a miss and the empty list are falsey. */
	check("{{#s}}S{{/s}}{{#z}}Z{{/z}}{{#o}}O{{/o}}{{^e}}E{{/e}}",
	      "{\"s\":\"\",\"z\":0,\"o\":{},\"e\":[]}", NULL, "SZOE");
	check("{{.}}", "\"<&>\"", NULL, "&lt;&amp;&gt;");
}

Test(mustache, null_data_and_no_partials)
{
	char *out = NULL, *err = NULL;
	cr_assert_eq(pol_mustache_render(&out, &err, "a{{x}}{{.}}{{>p}}{{^x}}b{{/x}}", NULL, NULL, NULL),
	             0);
	cr_expect_str_eq(out, "ab");
	cr_expect_null(err);
	free(out);
	cr_assert_eq(pol_mustache_render(&out, &err, "", NULL, NULL, NULL), 0);
	cr_expect_str_eq(out, "");
	free(out);
}

Test(mustache, partial_recursion_is_bounded)
{
	char expected[65];
	memset(expected, 'x', 64);
	expected[64] = '\0';
	check("{{>p}}", "{}", "{\"p\":\"x{{>p}}\"}", expected);
	/* Mutual recursion through a section ends too: a renders at depths 0, 2, ... 62. */
	memset(expected, '<', 32);
	expected[32] = '\0';
	check("{{>a}}", "{\"k\":[1]}", "{\"a\":\"{{#k}}<{{>b}}{{/k}}\",\"b\":\"{{>a}}\"}", expected);
}

Test(mustache, runaway_partial_recursion_fails)
{
	/* The inner nodes lack "nodes", so {{#nodes}} finds the outer list again and the
	 * recursion doubles at every level; the expansion budget stops it. */
	char *err = NULL;
	char *out = render("x\n{{>node}}", "{\"nodes\":[{\"c\":1},{\"c\":2}]}",
	                   "{\"node\":\"{{c}}{{#nodes}}{{>node}}{{/nodes}}\"}", &err);
	cr_assert_null(out);
	cr_expect(strncmp(err, "line 1: more than", 17) == 0, "got %s", err);
	free(err);
}

Test(mustache, nested_partial_indentation)
{
	check("  {{>outer}}\n", "{\"v\":\"a\\nb\"}", "{\"outer\":\"[\\n  {{>inner}}\\n]\\n\",\"inner\":\"{{v}}\\n.\\n\"}",
	      "  [\n    a\nb\n    .\n  ]\n");
}

Test(mustache, deep_nesting)
{
	/* 1024 nested sections parse and render; one more is refused. */
	size_t depth = 1024;
	char *t = malloc(depth * 12 + 16), *p = t;
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "{{#a}}");
	p += sprintf(p, "{{b}}");
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "{{/a}}");
	check(t, "{\"a\":true,\"b\":\"deep\"}", NULL, "deep");
	free(t);

	t = malloc((depth + 1) * 12 + 16), p = t;
	for (size_t i = 0; i <= depth; i++)
		p += sprintf(p, "{{#a}}");
	for (size_t i = 0; i <= depth; i++)
		p += sprintf(p, "{{/a}}");
	check_error(t, "line 1: sections nested too deeply");
	free(t);
}

/* ---- the context interface ----------------------------------------------------------- */

/* A context of plain C data: a person has a name and friends (a list of persons); the
 * root has a title, people and a JSON object. Texts are made in one scratch buffer that
 * every call overwrites, as an emitter's would be. */
typedef struct person {
	const char *name;
	const struct person *const *friends;
	size_t nfriends;
} person;

typedef struct ctx {
	char scratch[64];
	const person *const *people;
	size_t npeople;
	json_t *extra;
	pol_mustache *m; /* for the nested render */
	bool fail_write;
} ctx;

static const pol_mu_class person_c, people_l, root_c, badge_c;

static int person_field(const char *name)
{
	return !strcmp(name, "name") ? 0 : !strcmp(name, "friends") ? 1 : !strcmp(name, "badge") ? 2 : -1;
}

static bool person_get(void *c, const pol_mu_value *f, int k, const char *name, pol_mu_value *out)
{
	ctx *x = c;
	const person *p = f->p;
	if (k == 0) {
		snprintf(x->scratch, sizeof x->scratch, "%s", p->name);
		*out = (pol_mu_value){.type = POL_MU_STRING, .s = x->scratch, .n = strlen(x->scratch)};
	} else if (k == 1) {
		*out = (pol_mu_value){.type = POL_MU_LIST, .cls = &people_l, .p = p->friends, .n = p->nfriends};
	} else {
		*out = (pol_mu_value){.type = POL_MU_FRAME, .cls = &badge_c, .p = p};
	}
	return true;
}

static void people_item(void *c, const pol_mu_value *l, size_t i, pol_mu_value *out)
{
	const person *const *list = l->p;
	*out = (pol_mu_value){.type = POL_MU_FRAME, .cls = &person_c, .p = list[i]};
}

static int root_field(const char *name)
{
	return !strcmp(name, "title") ? 0 : !strcmp(name, "people") ? 1 : !strcmp(name, "extra") ? 2 :
	       !strcmp(name, "none") ? 3 : !strcmp(name, "yes") ? 4 : -1;
}

static bool root_get(void *c, const pol_mu_value *f, int k, const char *name, pol_mu_value *out)
{
	ctx *x = c;
	switch (k) {
	case 0:
		snprintf(x->scratch, sizeof x->scratch, "<Title>");
		*out = (pol_mu_value){.type = POL_MU_STRING, .s = x->scratch, .n = strlen(x->scratch)};
		return true;
	case 1:
		*out = (pol_mu_value){.type = POL_MU_LIST, .cls = &people_l, .p = x->people, .n = x->npeople};
		return true;
	case 2: pol_mustache_json(x->extra, out); return true;
	case 3: *out = (pol_mu_value){.type = POL_MU_NULL}; return true;
	default: *out = (pol_mu_value){.type = POL_MU_TRUE}; return true;
	}
}

/* A badge has no names and writes itself: NAME and its friends' names, rendered
 * through the same renderer (a nested render). */
static int counting_field(const char *name)
{
	return -1;
}

static bool badge_write(void *c, const pol_mu_value *v, pol_writer *w, bool escape, char **err)
{
	ctx *x = c;
	const person *p = v->p;
	if (x->fail_write) {
		*err = strdup("badge failed");
		return false;
	}
	pol_mu_value f = {.type = POL_MU_FRAME, .cls = &person_c, .p = p};
	return pol_mustache_write(x->m, err, "[{{name}}{{#friends}}+{{name}}{{/friends}}]", x, &f, w) == 0;
}

static int person_field_counted(const char *name);
static const pol_mu_class person_c = {person_field_counted, person_get, NULL, NULL, false};
static const pol_mu_class people_l = {NULL, NULL, people_item, NULL, false};
static const pol_mu_class root_c = {root_field, root_get, NULL, NULL, false};
static const pol_mu_class badge_c = {counting_field, NULL, NULL, badge_write, false};

static int person_field_calls;
static int person_field_counted(const char *name)
{
	person_field_calls++;
	return person_field(name);
}

static const person ann = {"Ann", NULL, 0}, bob = {"Bob & co", NULL, 0};
static const person *const carl_friends[] = {&ann, &bob};
static const person carl = {"Carl", carl_friends, 2};
static const person *const everyone[] = {&ann, &bob, &carl};

/* Renders tmpl against the people context with renderer m; returns the output (caller frees). */
static char *render_ctx(pol_mustache *m, ctx *x, const char *tmpl, char **err)
{
	pol_writer w;
	pol_writer_mem(&w);
	pol_mu_value root = {.type = POL_MU_FRAME, .cls = &root_c, .p = NULL};
	x->m = m;
	int rc = pol_mustache_write(m, err, tmpl, x, &root, &w);
	char *out = rc == 0 ? strdup(pol_writer_data(&w, NULL)) : NULL;
	pol_writer_close(&w);
	return out;
}

Test(mustache, context_interface)
{
	json_t *extra = json_pack("{s:i, s:[s, s]}", "n", 7, "tags", "a", "<b>");
	ctx x = {.people = everyone, .npeople = 3, .extra = extra};
	pol_mustache *m = pol_mustache_new(NULL, NULL);
	char *err = NULL;
	/* Names resolve in the top frame, then below it (title is the root's); strings are
	 * escaped unless triple-braced; the implicit iterator keeps a string's own text
	 * although the context's scratch was overwritten in between. */
	const char *tmpl = "{{title}}|{{#people}}{{name}}:{{title}}{{#friends}}({{name}}){{/friends}};{{/people}}|"
	                   "{{#people}}{{#name}}<{{.}}={{title}}={{.}}>{{/name}}{{/people}}|{{{title}}}";
	char *out = render_ctx(m, &x, tmpl, &err);
	cr_assert_not_null(out, "%s", err);
	cr_expect_str_eq(out, "&lt;Title&gt;|Ann:&lt;Title&gt;;Bob &amp; co:&lt;Title&gt;;Carl:&lt;Title&gt;(Ann)(Bob &amp; co);|"
	                      "<Ann=&lt;Title&gt;=Ann><Bob &amp; co=&lt;Title&gt;=Bob &amp; co><Carl=&lt;Title&gt;=Carl>|<Title>");
	free(out);
	/* Each name of the template was resolved once per class, however often it was
	 * looked up (three persons and their friends); a second render of the same text
	 * asks nothing again. Six names meet persons: name, title, friends, name (of a
	 * friend), #name, title (within #name). */
	int calls = person_field_calls;
	cr_expect_eq(calls, 6);
	out = render_ctx(m, &x, tmpl, &err);
	cr_expect_eq(person_field_calls, calls);
	free(out);
	/* Dotted names, null, true, a missing name, an empty list, jansson values inside. */
	out = render_ctx(m, &x, "{{extra.n}}{{#extra.tags}}[{{.}}]{{/extra.tags}}{{none}}{{#yes}}Y{{/yes}}"
	                        "{{^none}}N{{/none}}{{missing}}{{#people}}{{#friends}}F{{/friends}}{{/people}}",
	                 &err);
	cr_assert_not_null(out, "%s", err);
	cr_expect_str_eq(out, "7[a][&lt;b&gt;]YNFF");
	free(out);
	pol_mustache_free(m);
	json_decref(extra);
}

Test(mustache, context_write_callback)
{
	ctx x = {.people = everyone, .npeople = 3};
	pol_mustache *m = pol_mustache_new(NULL, NULL);
	char *err = NULL;
	/* A frame interpolated writes itself, here by a render nested in this one. */
	char *out = render_ctx(m, &x, "{{#people}}{{badge}}{{/people}}", &err);
	cr_assert_not_null(out, "%s", err);
	cr_expect_str_eq(out, "[Ann][Bob &amp; co][Carl+Ann+Bob &amp; co]");
	free(out);
	/* Its failure fails the render with its message. */
	x.fail_write = true;
	out = render_ctx(m, &x, "{{#people}}{{badge}}{{/people}}", &err);
	cr_expect_null(out);
	cr_expect_str_eq(err, "badge failed");
	free(err);
	pol_mustache_free(m);
}

Test(mustache, append_keeps_output_on_error)
{
	pol_mustache *m = pol_mustache_new(NULL, NULL);
	json_t *d = json_pack("{s:s}", "x", "1");
	char *err = NULL;
	cr_assert_eq(pol_mustache_append(m, &err, "a{{x}}", d), 0);
	cr_assert_eq(pol_mustache_append(m, &err, "b{{#x}}", d), -1);
	free(err);
	cr_assert_eq(pol_mustache_append(m, &err, "c{{x}}", d), 0);
	size_t len;
	cr_expect_str_eq(pol_mustache_output(m, &len), "a1c1");
	cr_expect_eq(len, 4);
	pol_mustache_clear(m);
	cr_expect_str_eq(pol_mustache_output(m, NULL), "");
	json_decref(d);
	pol_mustache_free(m);
}

/* A frame whose only name is itself, and which writes itself by rendering {{self}}:
 * without a cap on nested renders this would recurse until the stack overflows. */
static const pol_mu_class loop_c;

static int loop_field(const char *name)
{
	return !strcmp(name, "self") ? 0 : -1;
}

static bool loop_get(void *c, const pol_mu_value *f, int k, const char *name, pol_mu_value *out)
{
	*out = *f;
	return true;
}

static bool loop_write(void *c, const pol_mu_value *v, pol_writer *w, bool escape, char **err)
{
	pol_writer_putc(w, '<');
	return pol_mustache_write(c, err, "{{self}}", c, v, w) == 0;
}

static const pol_mu_class loop_c = {loop_field, loop_get, NULL, loop_write, false};

Test(mustache, nested_renders_are_bounded)
{
	pol_mustache *m = pol_mustache_new(NULL, NULL);
	pol_writer w;
	pol_writer_mem(&w);
	pol_mu_value root = {.type = POL_MU_FRAME, .cls = &loop_c};
	char *err = NULL;
	cr_assert_eq(pol_mustache_write(m, &err, "{{self}}", m, &root, &w), -1);
	cr_expect_str_eq(err, "renders nested more than 16 deep");
	cr_expect_str_eq(pol_writer_data(&w, NULL), "<<<<<<<<<<<<<<<<"); /* 16 renders, each writing once */
	free(err);
	/* The renderer is still usable. */
	pol_writer_truncate(&w, 0);
	cr_assert_eq(pol_mustache_write(m, &err, "ok", m, &root, &w), 0);
	cr_expect_str_eq(pol_writer_data(&w, NULL), "ok");
	pol_writer_close(&w);
	pol_mustache_free(m);
}

/* ---- sections over pure lists, made once ---- */

static int word_items; /* item callbacks of the pure list so far */
static const char *words[] = {"a<b", "c"};
static const char *root_title = "T1";

static int word_field(const char *name)
{
	return !strcmp(name, "w") ? 0 : -1;
}

static bool word_get(void *c, const pol_mu_value *f, int k, const char *name, pol_mu_value *out)
{
	const char *s = f->p;
	*out = (pol_mu_value){.type = POL_MU_STRING, .s = s, .n = strlen(s)};
	return true;
}

static const pol_mu_class word_c = {word_field, word_get, NULL, NULL, true};

static void word_item(void *c, const pol_mu_value *l, size_t i, pol_mu_value *out)
{
	word_items++;
	*out = (pol_mu_value){.type = POL_MU_FRAME, .cls = &word_c, .p = words[i]};
}

static const pol_mu_class words_l = {NULL, NULL, word_item, NULL, true};

static int wroot_field(const char *name)
{
	return !strcmp(name, "words") ? 0 : !strcmp(name, "title") ? 1 : -1;
}

static bool wroot_get(void *c, const pol_mu_value *f, int k, const char *name, pol_mu_value *out)
{
	if (k == 0)
		*out = (pol_mu_value){.type = POL_MU_LIST, .cls = &words_l, .p = words, .n = 2};
	else
		*out = (pol_mu_value){.type = POL_MU_STRING, .s = root_title, .n = strlen(root_title)};
	return true;
}

static const pol_mu_class wroot_c = {wroot_field, wroot_get, NULL, NULL, false};

static char *render_words(pol_mustache *m, const char *tmpl)
{
	pol_writer w;
	pol_writer_mem(&w);
	pol_mu_value root = {.type = POL_MU_FRAME, .cls = &wroot_c};
	char *err = NULL;
	cr_assert_eq(pol_mustache_write(m, &err, tmpl, NULL, &root, &w), 0, "%s", err ? err : "");
	char *out = strdup(pol_writer_data(&w, NULL));
	pol_writer_close(&w);
	return out;
}

/* A section that reads only its items' fields is made once and written again as it
 * came out; one that reads a name from below its items is made each time (its text
 * may change), and pol_mustache_forget drops what was kept. */
Test(mustache, pure_sections_made_once)
{
	static const char flat[] = "[{{#words}}<{{w}}|{{{w}}}>{{/words}}]";
	static const char reads_root[] = "[{{#words}}{{w}}{{title}};{{/words}}]";
	pol_mustache *m = pol_mustache_new(NULL, NULL);
	word_items = 0;
	char *a = render_words(m, flat), *b = render_words(m, flat);
	cr_expect_str_eq(a, "[<a&lt;b|a<b><c|c>]");
	cr_expect_str_eq(b, a);
	cr_expect_eq(word_items, 2, "items asked %d times", word_items);
	free(a);
	free(b);

	pol_mustache_forget(m);
	a = render_words(m, flat);
	cr_expect_str_eq(a, "[<a&lt;b|a<b><c|c>]");
	cr_expect_eq(word_items, 4);
	free(a);

	root_title = "T1";
	a = render_words(m, reads_root);
	root_title = "T2";
	b = render_words(m, reads_root);
	cr_expect_str_eq(a, "[a&lt;bT1;cT1;]");
	cr_expect_str_eq(b, "[a&lt;bT2;cT2;]");
	cr_expect_eq(word_items, 8);
	free(a);
	free(b);

	/* Longer than what is kept: written right, made again next time. */
	char *big = malloc(300 * 1024 + 1);
	memset(big, 'x', 300 * 1024);
	big[300 * 1024] = '\0';
	words[0] = big;
	pol_mustache_forget(m); /* what the list shows changed */
	a = render_words(m, flat);
	b = render_words(m, flat);
	cr_expect_eq(strlen(a), 2 * 300 * 1024 + 10);
	cr_expect_str_eq(b, a);
	cr_expect_eq(word_items, 12);
	words[0] = "a<b";
	free(a);
	free(b);
	free(big);
	pol_mustache_free(m);
}
