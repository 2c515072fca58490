/* main.c — polc's entry point: picks the subcommand and returns its exit code. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/suggest.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} S_cmds[] = {
	{"check", pol_cmd_check, "report diagnostics for a policy"},
	{"build", pol_cmd_build, "build the document editions (HTML site, print, Markdown)"},
	{"bundle", pol_cmd_bundle, "print the checkable rule bundle (JSON)"},
	{"diff", pol_cmd_diff, "新旧対照表 and change set between two revisions"},
	{"history", pol_cmd_history, "改定履歴 from git"},
	{"checklist", pol_cmd_checklist, "自己点検 checklist from a bundle (CSV or HTML)"},
	{"assess", pol_cmd_assess, "compliance report from a filled-in checklist"},
	{"lsp", pol_cmd_lsp, "language server for editors (LSP over stdin and stdout)"},
	{"export", pol_cmd_export, "the policy in a standard format for other tools (OSCAL, 法令標準XML)"},
	{"dump", pol_cmd_dump, "print the numbered model (for tests and debugging)"},
	{"watch", pol_cmd_watch, "build the editions again whenever the source changes"},
	{"serve", pol_cmd_serve, "watch, and serve the editions on 127.0.0.1 with live reload"},
	{"fmt", pol_cmd_fmt, "rewrite source files in the canonical layout"},
	{"init", pol_cmd_init, "make the skeleton of a new organization's policy"},
};

static void S_usage(FILE *f)
{
	fputs("usage: polc COMMAND [ARGS]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof S_cmds / sizeof *S_cmds; i++)
		fprintf(f, "  %-10s %s\n", S_cmds[i].name, S_cmds[i].what);
	fputs("\n'polc COMMAND --help' describes a command. SRC defaults to policy-src/.\n"
	      "Exit codes: 0 ok, 1 policy errors, 2 usage or I/O errors.\n", f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		S_usage(stderr);
		return POL_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		S_usage(stdout);
		return POL_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("polc %s\n", POL_VERSION);
		return POL_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof S_cmds / sizeof *S_cmds; i++)
		if (!strcmp(argv[1], S_cmds[i].name)) {
			for (int j = 2; j < argc; j++)
				if (!strcmp(argv[j], "--version")) {
					printf("polc %s\n", POL_VERSION);
					return POL_EXIT_OK;
				}
			/* libgit2 is loaded and set up by the loader (model/load.h), once and
			 * only when a command needs git: its set-up reads the TLS certificates,
			 * which costs more than compiling a small policy. */
			return S_cmds[i].run(argc - 2, argv + 2);
		}
	pol_suggester sg;
	pol_suggest_init(&sg, argv[1]);
	for (size_t i = 0; i < sizeof S_cmds / sizeof *S_cmds; i++)
		pol_suggest_add(&sg, S_cmds[i].name);
	if (pol_suggest_best(&sg))
		fprintf(stderr, "polc: error: unknown command '%s'; did you mean '%s'?\n", argv[1], pol_suggest_best(&sg));
	else
		fprintf(stderr, "polc: error: unknown command '%s'\n", argv[1]);
	S_usage(stderr);
	return POL_EXIT_USAGE;
}
