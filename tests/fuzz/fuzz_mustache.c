/* fuzz_mustache.c — libFuzzer harness: the template engine (lib/mustache.c).
 *
 * Input: the template text, optionally followed by a NUL byte and JSON data; without
 * (or with unreadable) data a fixed object is used that has every kind of value.
 * Partials: "self" is the template itself, "loop" includes itself forever (both
 * cut off at the depth limit), "item" recurses along the data, "list" uses it.
 * "self" is offered only to templates that name it once: a template that expands
 * itself twice per level is exponential by design, up to the engine's expansion
 * limit, which is a slow input and no finding. Each input is rendered once by
 * pol_mustache_render and twice by one pol_mustache renderer (the second render
 * uses the parsed-template cache), the two outputs must agree. */
#include "fuzz.h"

#include "lib/mustache.h"

static const char S_data[] =
	"{\"title\": \"情報セキュリティ<&>\\\"ポリシー\\\"\", \"n\": 3, \"pi\": 3.5, \"t\": true, \"f\": false,"
	" \"none\": null, \"empty\": \"\", \"zero\": 0, \"list\": [\"a\", \"b\", {\"x\": 1}],"
	" \"items\": [{\"name\": \"一\", \"sub\": [{\"name\": \"1-1\"}]}, {\"name\": \"二\", \"sub\": []}],"
	" \"obj\": {\"a\": {\"b\": {\"c\": \"深い\"}}, \"list\": [1, 2]}, \"html\": \"<b>太字</b>\"}";

static json_t *S_fixed;

typedef struct {
	const char *self;
} S_ctx;

static const char *S_partial(void *ctx, const char *name)
{
	if (!strcmp(name, "self"))
		return ((S_ctx *)ctx)->self;
	if (!strcmp(name, "loop"))
		return "{{>loop}}";
	if (!strcmp(name, "item"))
		return "<li>{{name}}{{#sub}}{{>item}}{{/sub}}</li>\n";
	if (!strcmp(name, "list"))
		return "  {{#items}}\n  {{>item}}\n  {{/items}}\n";
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (!S_fixed && !(S_fixed = json_loads(S_data, 0, NULL)))
		abort();
	char *tmpl = fuzz_cstr(data, len);
	size_t tlen = strlen(tmpl);
	json_t *own = tlen < len ? json_loadb(tmpl + tlen + 1, len - tlen - 1, JSON_DECODE_ANY, NULL) : NULL;
	json_t *d = own ? own : S_fixed;
	const char *self = strstr(tmpl, ">self");
	S_ctx ctx = {self && !strstr(self + 1, ">self") && !strstr(tmpl, "{{#") ? tmpl : ""};

	char *out = NULL, *err = NULL;
	int rc = pol_mustache_render(&out, &err, tmpl, d, S_partial, &ctx);
	if ((rc == 0) != (out != NULL) || (rc != 0) != (err != NULL))
		abort();

	pol_mustache *m = pol_mustache_new(S_partial, &ctx);
	if (!m)
		abort();
	for (int pass = 0; pass < 2; pass++) {
		char *err2 = NULL;
		int rc2 = pol_mustache_append(m, &err2, tmpl, d);
		if (rc2 != rc)
			abort();
		size_t olen = 0;
		const char *o = pol_mustache_output(m, &olen);
		if (rc == 0 && (olen != strlen(out) || memcmp(o, out, olen)))
			abort(); /* the cached parse renders as the first one did */
		if (rc == 0 && o[olen])
			abort();
		free(err2);
		pol_mustache_clear(m);
	}
	pol_mustache_free(m);
	free(out);
	free(err);
	json_decref(own);
	free(tmpl);
	return 0;
}
