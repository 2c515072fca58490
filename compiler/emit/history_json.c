/* history_json.c — the 改定履歴 as JSON and as CSV; see history_json.h. */
#include <string.h>

#include "emit/history_json.h"
#include "lib/csv.h"
#include "lib/diag.h"
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
		pol_json_set(o, "version_era", S_text(text, ctx, e->version_era));
		json_array_append_new(a, o);
	}
	return a;
}

/* text with control characters escaped line by line (newlines kept). Caller frees. */
static char *S_cell(const char *text)
{
	if (!text)
		return NULL;
	pol_buf b = {0};
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		pol_buf_put_escaped(&b, p, n);
		if (nl)
			pol_buf_putc(&b, '\n');
		p += n + (nl ? 1 : 0);
	}
	return b.data ? pol_buf_detach(&b) : pol_xstrdup("");
}

char *pol_history_csv(const pol_history *h, bool internal)
{
	bool commits = false;
	for (size_t i = 0; h && i < h->n; i++)
		commits |= h->entries[i].short_commit != NULL;
	const char *head[6];
	size_t n = 0;
	head[n++] = "版";
	head[n++] = "年月";
	head[n++] = "改定の概要";
	if (internal)
		head[n++] = "改定の概要（内部）";
	head[n++] = "タグ";
	if (commits)
		head[n++] = "コミット";
	pol_buf b = {0};
	pol_buf_puts(&b, POL_CSV_BOM);
	pol_csv_put_sheet_row(&b, head, n);
	for (size_t i = 0; h && i < h->n; i++) {
		const pol_history_entry *e = &h->entries[i];
		char *f[6] = {0};
		size_t k = 0;
		f[k++] = S_cell(e->version_era ? e->version_era : e->edition);
		f[k++] = S_cell(e->era_date ? e->era_date : e->date);
		f[k++] = S_cell(e->public_summary);
		if (internal)
			f[k++] = S_cell(e->internal_summary);
		f[k++] = S_cell(e->tag);
		if (commits)
			f[k++] = S_cell(e->short_commit);
		pol_csv_put_sheet_row(&b, (const char *const *)f, k);
		for (size_t j = 0; j < k; j++)
			free(f[j]);
	}
	return pol_buf_detach(&b);
}
