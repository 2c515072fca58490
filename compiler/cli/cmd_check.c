/* cmd_check.c — `polc check` and `polc dump`: diagnostics only, or the model as text. */
#include <stdlib.h>

#include "cli/cli.h"
#include "emit/dump.h"
#include "model/facts.h"

/* The framework coverage report on stdout: each clause with the rules mapped to it,
 * then the clauses no rule maps to (the same facts as the bundle's `frameworks`). */
static void S_coverage(const pol_model *m)
{
	if (!m->nframeworks)
		puts("no framework declared (see @framework in docs/language.md)");
	for (size_t i = 0; i < m->nframeworks; i++) {
		const pol_framework *fw = m->frameworks[i];
		printf("%s %s%s%s%s: %zu of %zu clauses mapped\n", fw->id, fw->title, fw->edition ? "（" : "",
		       fw->edition ? fw->edition : "", fw->edition ? "）" : "", pol_facts_framework_covered(m->facts, fw),
		       fw->nclauses);
		for (size_t k = 0; k < fw->nclauses; k++) {
			const pol_clause *c = fw->clauses[k];
			pol_nodes r = pol_facts_clause_rules(m->facts, c);
			printf("  %s %s: ", c->key, c->title);
			if (!r.n)
				fputs("no rule", stdout);
			for (size_t j = 0; j < r.n; j++)
				printf("%s%s", j ? " " : "", r.v[j]->key);
			putchar('\n');
		}
		size_t un = fw->nclauses - pol_facts_framework_covered(m->facts, fw);
		printf("  unmapped (%zu):", un);
		for (size_t k = 0; k < fw->nclauses; k++)
			if (!pol_facts_clause_rules(m->facts, fw->clauses[k]).n)
				printf(" %s", fw->clauses[k]->key);
		putchar('\n');
	}
}

static const char S_check_usage[] =
	"usage: polc check [SRC] [--rev REV] [--werror] [--coverage] [--diagnostics-format text|json|sarif]\n"
	"                  [--color auto|always|never]\n"
	"Reads the policy in SRC (default policy-src/), or its state at git revision REV,\n"
	"and prints diagnostics as file:line:col: error|warning|note: message.\n"
	"  --werror   treat warnings as errors\n"
	"  --coverage also print the framework coverage report (each clause and its rules) on stdout\n"
	"  --diagnostics-format F  text (on stderr, the default), or json or sarif on stdout\n"
	"  --color W  colour the text: auto (on a terminal, unless NO_COLOR is set), always, never\n"
	"Exit: 0 clean or warnings only, 1 errors, 2 usage or I/O errors.\n";

int pol_cmd_check(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "rev werror coverage diagnostics-format color", S_check_usage);
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
	if (m && rc == POL_EXIT_OK && o.coverage)
		S_coverage(m);
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
