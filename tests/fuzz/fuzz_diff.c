/* fuzz_diff.c — libFuzzer harness: the 新旧対照表 of two in-memory policies.
 *
 * The input is an old and a new policy separated by a line "%%new"; each is split into
 * files as fuzz_load's input is (fuzz.h). When both load without errors, each pair of
 * their internal and public editions is compared (pol_diff_new) and written as
 * changes.json and as the page from the built-in templates. Properties checked: the
 * change set parses as JSON; a policy compared with itself has no change at all (the
 * alignment must find every node, anonymous ones included, in its own copy); the
 * counts agree with the rows. */
#include <git2.h>
#include <jansson.h>

#include "fuzz.h"

#include "edition/edition.h"
#include "emit/diff.h"
#include "emit/render.h"
#include "lib/diag.h"

static pol_templates *S_t;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	git_libgit2_init();
	char *err = NULL;
	if (pol_templates_load(&S_t, NULL, &err) != 0)
		abort();
	return 0;
}

static pol_model *S_load(const char *data, size_t len, fuzz_file *files, pol_source **src)
{
	size_t n = fuzz_split(files, data, len);
	*src = fuzz_source_new(files, n);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *m = pol_model_load(*src, &d);
	if (m && d.errors) {
		pol_model_free(m);
		m = NULL;
	}
	pol_diag_fini(&d);
	return m;
}

static void S_compare(const pol_model *a, const pol_model *b, bool same)
{
	pol_diff *d = pol_diff_new(a, b, 0);
	size_t changed = 0;
	for (size_t i = 0; i < d->nrows; i++)
		changed += d->rows[i].changes != 0;
	for (size_t i = 0; i < d->ndefs; i++)
		changed += d->defs[i].changes != 0;
	if (same && changed)
		abort(); /* a policy compared with itself changed */
	if (d->modified > d->nrows || d->added > d->nrows || d->definitions > d->ndefs)
		abort();
	char *json = pol_diff_json(d, "old", "new");
	json_error_t e;
	json_t *j = json_loads(json, 0, &e);
	if (!j)
		abort();
	json_decref(j);
	free(json);
	char *html = NULL, *err = NULL;
	if (pol_diff_html(&html, &err, d, "old", "new", S_t) != 0)
		abort();
	free(html);
	free(err);
	pol_diff_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char sep[] = "\n%%new\n";
	const char *s = (const char *)data;
	const char *at = len >= sizeof sep - 1 ? memmem(s, len, sep, sizeof sep - 1) : NULL;
	size_t olen = at ? (size_t)(at - s) + 1 : len;
	const char *nd = at ? at + sizeof sep - 1 : s;
	size_t nlen = at ? len - (size_t)(nd - s) : len;
	fuzz_file of[FUZZ_MAX_FILES], nf[FUZZ_MAX_FILES];
	pol_source *os = NULL, *ns = NULL;
	pol_model *om = S_load(s, olen, of, &os), *nm = S_load(nd, nlen, nf, &ns);
	if (om && nm) {
		static const pol_edition_kind kinds[] = {POL_ED_INTERNAL, POL_ED_PUBLIC};
		for (size_t k = 0; k < 2; k++) {
			pol_model *oe = pol_edition_filter(om, kinds[k], NULL), *ne = pol_edition_filter(nm, kinds[k], NULL);
			S_compare(oe, ne, false);
			S_compare(oe, oe, true);
			S_compare(ne, ne, true);
			pol_model_free(oe);
			pol_model_free(ne);
		}
	}
	pol_model_free(om);
	pol_model_free(nm);
	pol_source_free(os);
	pol_source_free(ns);
	return 0;
}
