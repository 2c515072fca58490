/* cmd_check.c — `polc check` and `polc dump`: diagnostics only, or the model as text. */
#include <stdlib.h>

#include "cli/cli.h"
#include "emit/dump.h"

static const char S_check_usage[] =
	"usage: polc check [SRC] [--rev REV] [--werror] [--diagnostics-format text|json|sarif]\n"
	"                  [--color auto|always|never]\n"
	"Reads the policy in SRC (default policy-src/), or its state at git revision REV,\n"
	"and prints diagnostics as file:line:col: error|warning|note: message.\n"
	"  --werror   treat warnings as errors\n"
	"  --diagnostics-format F  text (on stderr, the default), or json or sarif on stdout\n"
	"  --color W  colour the text: auto (on a terminal, unless NO_COLOR is set), always, never\n"
	"Exit: 0 clean or warnings only, 1 errors, 2 usage or I/O errors.\n";

int pol_cmd_check(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "rev werror diagnostics-format color", S_check_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: check takes one SRC\n%s", S_check_usage);
		return POL_EXIT_USAGE;
	}
	o.src = o.npos ? o.pos[0] : NULL;
	o.model_only = true;
	o.diag_only = true;
	pol_diag d;
	pol_diag_init(&d, stderr);
	d.werror = o.werror;
	if (pol_cli_diag_setup(&o, &d)) {
		pol_diag_fini(&d);
		return POL_EXIT_USAGE;
	}
	pol_model *m = pol_cli_load(&o, &d, &rc);
	int wrc = pol_cli_diag_finish(&o, &d, (m || rc == POL_EXIT_POLICY) && !d.io_errors, stdout);
	if (wrc && !rc)
		rc = wrc;
	pol_model_free(m);
	pol_diag_fini(&d);
	return rc;
}

static const char S_dump_usage[] =
	"usage: polc dump [SRC] [--rev REV] [--diagnostics-format text|json|sarif]\n"
	"                 [--color auto|always|never]\n"
	"Prints the resolved, numbered model as indented text, one node a line;\n"
	"diagnostics go to stderr (as text, JSON or SARIF).\n";

int pol_cmd_dump(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "rev diagnostics-format color", S_dump_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	o.src = o.npos ? o.pos[0] : NULL;
	o.model_only = true;
	pol_diag d;
	pol_diag_init(&d, stderr);
	if (pol_cli_diag_setup(&o, &d)) {
		pol_diag_fini(&d);
		return POL_EXIT_USAGE;
	}
	pol_model *m = pol_cli_load(&o, &d, &rc);
	int wrc = pol_cli_diag_finish(&o, &d, false, stderr);
	if (wrc && !rc)
		rc = wrc;
	if (m) {
		char *s = pol_model_dump(m);
		fputs(s, stdout);
		free(s);
	}
	pol_model_free(m);
	pol_diag_fini(&d);
	return rc;
}
