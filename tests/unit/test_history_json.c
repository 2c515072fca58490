/* test_history_json.c — the one 改定履歴 encoder (emit/history_json.h): keys and their
 * order, null for what is absent, the caller's text hook applied to the text fields
 * only, and an empty array for no history. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "emit/history_json.h"

static json_t *S_upper(void *ctx, const char *s)
{
	(*(int *)ctx)++;
	return s ? json_pack("s+", "<", s) : json_null();
}

Test(history_json, keys_order_nulls_and_the_text_hook)
{
	pol_history_entry e = {.tag = "edition/2026-04", .edition = "2026-04", .date = "2026-04",
	                       .era_date = "令和8年4月", .public_summary = "公開の概要", .commit = "0123abcd",
	                       .short_commit = "0123abc", .version_era = "令和8年4月版"};
	pol_history h = {.entries = &e, .n = 1};
	json_t *a = pol_history_json(&h, NULL, NULL);
	char *s = json_dumps(a, JSON_PRESERVE_ORDER | JSON_COMPACT);
	cr_expect_str_eq(s, "[{\"tag\":\"edition/2026-04\",\"version\":\"2026-04\",\"date\":\"2026-04\","
	                    "\"era_date\":\"令和8年4月\",\"public_summary\":\"公開の概要\",\"internal_summary\":null,"
	                    "\"commit\":\"0123abcd\",\"short_commit\":\"0123abc\",\"version_era\":\"令和8年4月版\"}]");
	free(s);
	json_decref(a);

	int calls = 0;
	a = pol_history_json(&h, S_upper, &calls);
	json_t *o = json_array_get(a, 0);
	cr_expect_eq(calls, 6, "tag, version, era_date, the two summaries and version_era");
	cr_expect_str_eq(json_string_value(json_object_get(o, "version")), "<2026-04");
	cr_expect_str_eq(json_string_value(json_object_get(o, "era_date")), "<令和8年4月");
	cr_expect_str_eq(json_string_value(json_object_get(o, "date")), "2026-04", "dates are not text");
	cr_expect_str_eq(json_string_value(json_object_get(o, "short_commit")), "0123abc");
	cr_expect(json_is_null(json_object_get(o, "internal_summary")));
	json_decref(a);

	a = pol_history_json(NULL, NULL, NULL);
	cr_expect(json_is_array(a) && json_array_size(a) == 0);
	json_decref(a);
}
