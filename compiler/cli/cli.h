/* cli.h — the command line: one function per subcommand, shared option parsing.
 *
 * Exit codes (a contract other tools rely on): 0 ok, 1 policy errors (or a failed
 * must-rule for assess), 2 usage or I/O errors. */
#ifndef POL_CLI_H
#define POL_CLI_H

#include "model/model.h"

enum { POL_EXIT_OK = 0, POL_EXIT_POLICY = 1, POL_EXIT_USAGE = 2 };

#define POL_VERSION "0.1.0"

/* Options common to the commands that read a policy. */
typedef struct pol_opts {
	const char *src;       /* SRC, default "policy-src" */
	const char *out;       /* -o */
	const char *edition;   /* --edition */
	const char *audience;  /* --audience */
	const char *rev;       /* --rev */
	const char *format;    /* --format */
	const char *role;      /* --role */
	const char *templates; /* --templates DIR */
	const char *document;  /* --document DOC */
	const char *paper;     /* --paper (diff) */
	const char *diag_format; /* --diagnostics-format text|json|sarif */
	const char *color;     /* --color auto|always|never */
	const char *port;      /* --port N (serve) */
	const char *catalog;   /* --catalog HREF (export oscal-component) */
	bool werror;
	bool normalize;        /* --normalize-width */
	bool cached;           /* --cached (diff: the index, not the work tree) */
	bool coverage;         /* --coverage (check: the framework coverage report) */
	bool plain;            /* --plain (build) */
	bool model_only;       /* set by the command: no stamp, digest or 改定履歴 (it writes none) */
	bool diag_only;        /* set by the command: it prints diagnostics only (POL_LOAD_DIAG_ONLY) */
	bool no_anchors;       /* set by the command: it writes no page (POL_LOAD_NO_ANCHORS) */
	const char *pos[4];    /* other positional arguments */
	int npos;
} pol_opts;

/* Parses argv after the command name. `allowed` lists the options the command takes,
 * e.g. "o edition audience rev". Prints usage errors; returns 0 or POL_EXIT_USAGE, or
 * -1 when --help was printed. */
int pol_opts_parse(pol_opts *o, int argc, char **argv, const char *allowed, const char *usage);

/* The --edition of a command that compares or prints one edition: internal (the
 * default) or public. Returns 0, or POL_EXIT_USAGE with a message. */
int pol_opts_edition(const pol_opts *o, pol_edition_kind *out);

/* Opens SRC (or the git revision --rev of it) and loads the model with pol_load
 * (model/load.h), printing diagnostics to stderr. On failure returns NULL and
 * *exit_code says why. */
pol_model *pol_cli_load(const pol_opts *o, pol_diag *d, int *exit_code);

/* Reads the bundle at path for checklist and assess, whose roles must include role
 * (when not NULL), printing what is wrong. Returns 0, or POL_EXIT_USAGE (cl left empty). */
typedef struct pol_checklist pol_checklist;
int pol_cli_open_bundle(pol_checklist *cl, const char *path, const char *role);

/* Output formats of `polc build --format LIST` (and `diff`): bits of a mask. */
enum { POL_FMT_HTML = 1 << 0, POL_FMT_MD = 1 << 1, POL_FMT_PDF = 1 << 2, POL_FMT_DOCX = 1 << 3 };
#define POL_FMT_DEFAULT (POL_FMT_HTML | POL_FMT_MD)
#define POL_FMT_ALL (POL_FMT_HTML | POL_FMT_MD | POL_FMT_PDF | POL_FMT_DOCX)
/* Parses a comma-separated list of html, md, pdf, docx and all (NULL or "": the
 * default, html and md). Returns 0 and *mask, or -1 and *err (caller frees). */
int pol_formats_parse(const char *list, unsigned *mask, char **err);

/* Sets d up for the --diagnostics-format and --color of o: JSON and SARIF keep the
 * records only (d->silent); colour when --color=always, or auto (the default) with
 * stderr a terminal, TERM not "dumb" and NO_COLOR unset or empty. Returns 0 or
 * POL_EXIT_USAGE with a message. */
int pol_cli_diag_setup(const pol_opts *o, pol_diag *d);
/* Ends the diagnostics of a command: for text, the "N errors, M warnings" line on
 * stderr when there were any (and summary is set); for JSON and SARIF, the document on
 * out. Returns 0, or POL_EXIT_USAGE when out could not be written. */
int pol_cli_diag_finish(const pol_opts *o, pol_diag *d, bool summary, FILE *out);

int pol_cmd_check(int argc, char **argv);     /* cmd_check.c */
int pol_cmd_dump(int argc, char **argv);      /* cmd_check.c */
int pol_cmd_build(int argc, char **argv);     /* cmd_build.c */
int pol_cmd_bundle(int argc, char **argv);    /* cmd_bundle.c */
int pol_cmd_checklist(int argc, char **argv); /* cmd_checklist.c */
int pol_cmd_assess(int argc, char **argv);    /* cmd_assess.c */
int pol_cmd_diff(int argc, char **argv);      /* cmd_diff.c */
int pol_cmd_history(int argc, char **argv);   /* cmd_history.c */
int pol_cmd_watch(int argc, char **argv);     /* cmd_watch.c */
int pol_cmd_serve(int argc, char **argv);     /* cmd_serve.c */
int pol_cmd_lsp(int argc, char **argv);       /* cmd_lsp.c */
int pol_cmd_fmt(int argc, char **argv);       /* cmd_fmt.c */
int pol_cmd_init(int argc, char **argv);      /* cmd_init.c */
int pol_cmd_export(int argc, char **argv);    /* cmd_export.c */

#endif
