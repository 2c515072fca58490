/* fuzz_load.c — libFuzzer harness: the whole front of polc on an in-memory policy.
 *
 * The input is split into files (fuzz.h: policy.pol, then one file per "%%file NAME"
 * line), so includes, include cycles and missing files are reached. The policy is
 * loaded and checked (pol_model_load); a model without errors is filtered into the
 * public, internal and audience editions (the first and last role) and each one, the
 * full model too, is written as a bundle to /dev/null. The dump and the OSCAL catalog
 * are made as well, as they walk every node. */
#include <git2.h>

#include "fuzz.h"

#include "edition/edition.h"
#include "emit/bundle.h"
#include "emit/dump.h"
#include "emit/oscal.h"
#include "lib/diag.h"

static FILE *S_null;

static void S_emit(const pol_model *ed)
{
	if (!ed)
		return;
	if (pol_bundle_write(ed, S_null) != 0)
		abort();
	free(pol_model_dump(ed));
	free(pol_oscal_catalog(ed));
}

static void S_edition(const pol_model *m, pol_edition_kind kind, const char *audience)
{
	pol_model *ed = pol_edition_filter(m, kind, audience);
	if (kind != POL_ED_AUDIENCE && !ed)
		abort(); /* only an unknown audience may give no edition */
	S_emit(ed);
	pol_model_free(ed);
}

/* pol_model_load initialises libgit2 and shuts it down again; holding one reference
 * for the whole run keeps it from reloading its certificates on every input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	git_libgit2_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (!S_null && !(S_null = fopen("/dev/null", "w")))
		abort();
	fuzz_file files[FUZZ_MAX_FILES];
	size_t n = fuzz_split(files, (const char *)data, len);
	pol_source *src = fuzz_source_new(files, n);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *m = pol_model_load(src, &d);
	if (m && !d.errors) {
		S_emit(m);
		S_edition(m, POL_ED_PUBLIC, NULL);
		S_edition(m, POL_ED_INTERNAL, NULL);
		if (m->nroles) {
			S_edition(m, POL_ED_AUDIENCE, m->roles[0]->id);
			S_edition(m, POL_ED_AUDIENCE, m->roles[m->nroles - 1]->id);
		}
		S_edition(m, POL_ED_AUDIENCE, "no-such-role");
	}
	pol_model_free(m);
	pol_diag_fini(&d);
	pol_source_free(src);
	return 0;
}
