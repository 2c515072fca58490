/* cmd_lsp.c — `polc lsp`: the language server over stdin and stdout (lsp/server.h). */
#include <string.h>

#include "cli/cli.h"
#include "lsp/server.h"

static const char S_usage[] =
	"usage: polc lsp [--stdio]\n"
	"Serves the Language Server Protocol on stdin and stdout, for an editor to start:\n"
	"diagnostics as you type (those of polc check), go to definition, references,\n"
	"hover, completion, the outline and rename. Each file belongs to the policy of the\n"
	"nearest folder above it with a policy.pol. See docs/editors.md.\n";

int pol_cmd_lsp(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(S_usage, stdout);
			return POL_EXIT_OK;
		}
		if (strcmp(argv[i], "--stdio")) { /* editors' clients often pass --stdio */
			fprintf(stderr, "polc: error: unknown option '%s'\n%s", argv[i], S_usage);
			return POL_EXIT_USAGE;
		}
	}
	return pol_lsp_run(stdin, stdout, stderr);
}
