/* fuzz_bundle.c — libFuzzer harness: reading a bundle back (emit/checklist.c), as
 * `polc checklist` and `polc assess` do.
 *
 * The input is written to a temporary file and opened with pol_checklist_load. A
 * bundle it accepts is made into the checklist (CSV and HTML, of everything and of
 * its first role), then assessed with no answers (report, text and HTML). */
#include "fuzz.h"

#include "emit/assess.h"
#include "emit/render.h"

static pol_templates *S_templates(void)
{
	static pol_templates *t;
	char *err = NULL;
	if (!t && pol_templates_load(&t, NULL, &err) != 0)
		abort();
	return t;
}

/* Renders a page; a template error cannot come of data, so it is a failure. */
static void S_page(int rc, char *out, char *err)
{
	if (rc != 0)
		abort();
	free(out);
	free(err);
}

static void S_use(const pol_checklist *cl, const char *role)
{
	free(pol_checklist_csv(cl, role));
	char *out = NULL, *err = NULL;
	int rc = pol_checklist_html(&out, &err, cl, role, S_templates());
	S_page(rc, out, err);
	pol_answers a;
	pol_buf errs = {0};
	static const char header[] = "No.,チェックID,対象,点検項目,根拠,頻度,証跡,判定,備考\r\n";
	pol_assess_read(&a, cl, "answers.csv", header, sizeof header - 1, &errs);
	json_t *report = pol_assess_report(cl, &a, role);
	if (!report)
		abort();
	(void)pol_assess_passed(report);
	free(pol_assess_text(report));
	out = err = NULL;
	rc = pol_assess_html(&out, &err, report, S_templates());
	S_page(rc, out, err);
	json_decref(report);
	pol_answers_fini(&a);
	pol_buf_free(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *path = fuzz_tmpfile(data, len);
	pol_checklist cl;
	pol_buf errs = {0};
	if (pol_checklist_load(&cl, path, NULL, &errs) != 0) {
		if (!errs.len)
			abort(); /* a refusal always says why */
		pol_buf_free(&errs);
		return 0;
	}
	pol_buf_free(&errs);
	S_use(&cl, NULL);
	json_t *role = json_array_get(cl.roles, 0);
	const char *id = json_string_value(json_object_get(role, "id"));
	if (id && pol_checklist_role_title(&cl, id))
		S_use(&cl, id);
	pol_checklist_fini(&cl);
	return 0;
}
