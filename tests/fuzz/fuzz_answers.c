/* fuzz_answers.c — libFuzzer harness: the answers reader of `polc assess`
 * (pol_assess_read in emit/assess.c) and the CSV parser under it.
 *
 * The bundle is fixed: the policy of tests/answers/src is loaded once, its bundle
 * rendered and read back as a checklist. Each input is CSV answers against it;
 * answers without errors are assessed (report, text, HTML) for everyone and for the
 * role "staff", as `polc assess` would. */
#include "fuzz.h"

#include "emit/assess.h"
#include "emit/render.h"
#include "emit/bundle.h"
#include "lib/diag.h"

#ifndef POL_FUZZ_ROOT
#define POL_FUZZ_ROOT "."
#endif

static pol_checklist S_cl;

static pol_templates *S_t;

static void S_init(void)
{
	pol_source *src = pol_source_fs_new(POL_FUZZ_ROOT "/tests/answers/src");
	if (!src)
		abort();
	pol_diag d;
	pol_diag_init(&d, stderr);
	pol_model *m = pol_model_load(src, &d);
	if (!m || pol_diag_failed(&d))
		abort();
	char *json = pol_bundle_render(m);
	const char *path = fuzz_tmpfile((const uint8_t *)json, strlen(json));
	pol_buf errs = {0};
	if (pol_checklist_load(&S_cl, path, NULL, &errs) != 0 || S_cl.nchecks == 0) {
		fprintf(stderr, "%s\n", errs.len ? errs.data : "no checks");
		abort();
	}
	pol_buf_free(&errs);
	char *terr = NULL;
	if (pol_templates_load(&S_t, NULL, &terr) != 0)
		abort();
	unlink(path);
	free(json);
	pol_model_free(m);
	pol_diag_fini(&d);
	pol_source_free(src);
}

static void S_assess(const pol_answers *a, const char *role)
{
	json_t *report = pol_assess_report(&S_cl, a, role);
	if (!report)
		abort();
	(void)pol_assess_passed(report);
	free(pol_assess_text(report));
	char *out = NULL, *err = NULL;
	if (pol_assess_html(&out, &err, report, S_t) != 0)
		abort(); /* a template error cannot come of data */
	free(out);
	free(err);
	json_decref(report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (!S_cl.bundle)
		S_init();
	pol_answers a;
	pol_buf errs = {0};
	int nerr = pol_assess_read(&a, &S_cl, "answers.csv", (const char *)data, len, &errs);
	if ((nerr > 0) != (errs.len > 0) || a.n != S_cl.nchecks)
		abort(); /* every error is reported; the answers match the checks */
	if (!nerr) {
		S_assess(&a, NULL);
		S_assess(&a, "staff");
	}
	pol_answers_fini(&a);
	pol_buf_free(&errs);
	return 0;
}
