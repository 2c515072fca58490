/* cmd_bundle.c — `polc bundle`: the checkable rule bundle of one edition on stdout.
 *
 * The bundle is always rendered from an edition model (internal by default), never
 * from the full model, so what it holds is exactly what that edition may show. */
#include <stdlib.h>
#include <string.h>

#include "emit/bundle.h"
#include "cli/cli.h"
#include "edition/edition.h"

static const char S_usage[] =
	"usage: polc bundle [SRC] [--edition public|internal] [--audience ROLE] [--rev REV]\n"
	"                   [--diagnostics-format text|json|sarif] [--color auto|always|never]\n"
	"Prints the checkable rule bundle (JSON, see docs/bundle.md) of the policy in SRC\n"
	"(default policy-src/), or of its state at git revision REV.\n"
	"  --edition E     public or internal (default internal)\n"
	"  --audience ROLE the bundle of the audience edition for ROLE\n"
	"  --diagnostics-format F  diagnostics on stderr as text (default), json or sarif\n"
	"  --color W       colour the text: auto (default), always or never\n"
	"Exit: 0 ok, 1 policy errors, 2 usage or I/O errors.\n";

int pol_cmd_bundle(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "edition audience rev diagnostics-format color", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: bundle takes one SRC\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	pol_edition_kind kind;
	if (o.audience && o.edition) {
		fputs("polc: error: give either --edition or --audience\n", stderr);
		return POL_EXIT_USAGE;
	}
	if (pol_opts_edition(&o, &kind))
		return POL_EXIT_USAGE;
	if (o.audience)
		kind = POL_ED_AUDIENCE;
	o.src = o.npos ? o.pos[0] : NULL;
	o.no_anchors = true;
	pol_diag d;
	pol_diag_init(&d, stderr);
	if (pol_cli_diag_setup(&o, &d)) {
		pol_diag_fini(&d);
		return POL_EXIT_USAGE;
	}
	pol_model *full = pol_cli_load(&o, &d, &rc);
	if (pol_cli_diag_finish(&o, &d, false, stderr) && full) {
		pol_model_free(full);
		full = NULL;
		rc = POL_EXIT_USAGE;
	}
	if (full) {
		pol_model *ed = pol_edition_filter(full, kind, o.audience);
		if (!ed) {
			fprintf(stderr, "polc: error: unknown role '%s'\n", o.audience);
			rc = POL_EXIT_USAGE;
		} else {
			if (pol_bundle_write(ed, stdout) != 0 || fflush(stdout) != 0 || ferror(stdout)) {
				fputs("polc: error: cannot write the bundle\n", stderr);
				rc = POL_EXIT_USAGE;
			}
			pol_model_free(ed);
		}
	}
	pol_model_free(full);
	pol_diag_fini(&d);
	return rc;
}
