/* history_json.c — see history_json.h. */
#include "emit/history_json.h"
#include "lib/json.h"

static json_t *S_text(pol_history_text_fn text, void *ctx, const char *s)
{
	return text ? text(ctx, s) : pol_json_str(s);
}

json_t *pol_history_json(const pol_history *h, pol_history_text_fn text, void *ctx)
{
	json_t *a = json_array();
	for (size_t i = 0; h && i < h->n; i++) {
		const pol_history_entry *e = &h->entries[i];
		json_t *o = json_object();
		pol_json_set(o, "tag", S_text(text, ctx, e->tag));
		/* not "edition": in a view that names the page's edition */
		pol_json_set(o, "version", S_text(text, ctx, e->edition));
		pol_json_set(o, "date", pol_json_str(e->date));
		pol_json_set(o, "era_date", S_text(text, ctx, e->era_date));
		pol_json_set(o, "public_summary", S_text(text, ctx, e->public_summary));
		pol_json_set(o, "internal_summary", S_text(text, ctx, e->internal_summary));
		pol_json_set(o, "commit", pol_json_str(e->commit));
		pol_json_set(o, "short_commit", pol_json_str(e->short_commit));
		json_array_append_new(a, o);
	}
	return a;
}
