/* page.c — one page from one template (page.h). */
#include <stdlib.h>
#include <string.h>

#include "emit/page.h"
#include "lib/mustache.h"

static const char *S_partial(void *ctx, const char *name)
{
	return pol_templates_get(ctx, name);
}

int pol_page_render(char **out, char **err, const pol_templates *t, const char *name, json_t *data)
{
	*out = *err = NULL;
	const char *tmpl = pol_templates_get(t, name);
	if (!tmpl) {
		*err = pol_xasprintf("no template '%s'", name);
		return -1;
	}
	pol_mustache *m = pol_mustache_new(S_partial, (void *)t);
	if (!m) {
		*err = pol_xstrdup("out of memory");
		return -1;
	}
	char *merr = NULL;
	if (pol_mustache_append(m, &merr, tmpl, data) != 0) {
		*err = pol_xasprintf("%s: %s", name, merr ? merr : "cannot render");
		free(merr);
		pol_mustache_free(m);
		return -1;
	}
	size_t len = 0;
	const char *text = pol_mustache_output(m, &len);
	*out = pol_xstrndup(text, len);
	pol_mustache_free(m);
	return 0;
}
