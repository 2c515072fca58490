/* fuzz_bundle.c — libFuzzer harness: reading a bundle back (emit/checklist.c), as
 * `polc checklist` and `polc assess` do.
 *
 * The input is written to a temporary file and opened with pol_checklist_load. A
 * bundle it accepts is made into the checklist (CSV and HTML, of everything and of
 * its first role), then assessed with no answers (report, text and HTML). */
#include "fuzz.h"

#include "emit/assess.h"

static void S_use(const pol_checklist *cl, const char *role)
{
	free(pol_checklist_csv(cl, role));
	free(pol_checklist_html(cl, role));
	pol_answers a;
	pol_buf errs = {0};
	static const char header[] = "No.,チェックID,対象,点検項目,根拠,頻度,証跡,判定,備考\r\n";
	pol_assess_read(&a, cl, "answers.csv", header, sizeof header - 1, &errs);
	json_t *report = pol_assess_report(cl, &a, role);
	if (!report)
		abort();
	(void)pol_assess_passed(report);
	free(pol_assess_text(report));
	free(pol_assess_html(report));
	json_decref(report);
	pol_answers_fini(&a);
	pol_buf_free(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *path = fuzz_tmpfile(data, len);
	pol_checklist cl;
	char *err = NULL;
	if (pol_checklist_load(&cl, path, &err) != 0) {
		if (!err)
			abort(); /* a refusal always says why */
		free(err);
		return 0;
	}
	S_use(&cl, NULL);
	json_t *role = json_array_get(cl.roles, 0);
	const char *id = json_string_value(json_object_get(role, "id"));
	if (id && pol_checklist_role_title(&cl, id))
		S_use(&cl, id);
	pol_checklist_fini(&cl);
	return 0;
}
