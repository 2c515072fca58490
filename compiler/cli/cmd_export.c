/* cmd_export.c — `polc export FORMAT …`: the policy in a standard format for other tools.
 *
 * One table of formats; each entry parses its own options and calls one emitter. An
 * export is made from an edition model (internal by default), never from the full model,
 * so what it holds is exactly what that edition may show. A file given with -o is
 * written beside itself under a temporary name and renamed into place, so a failed
 * export never leaves half a file or replaces a good one. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "edition/edition.h"
#include "emit/lawxml.h"
#include "emit/oscal.h"

/* Writes text to path atomically (a temporary file in the same folder, then rename),
 * or to stdout when path is NULL. Returns 0, or POL_EXIT_USAGE with a message. */
static int S_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	if (!path) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0 || ferror(stdout)) {
			fputs("polc: error: cannot write the export\n", stderr);
			return POL_EXIT_USAGE;
		}
		return 0;
	}
	char *err = NULL;
	int rc = pol_write_file_atomic(path, text, len, &err);
	if (rc != 0)
		fprintf(stderr, "polc: error: %s\n", err);
	free(err);
	return rc ? POL_EXIT_USAGE : 0;
}

/* The edition model an export is made from: --edition or --audience (internal by
 * default). Returns 0 and *out, or an exit code with a message. */
static int S_edition(pol_model **out, const pol_model *full, const pol_opts *o)
{
	*out = NULL;
	pol_edition_kind kind;
	if (o->audience && o->edition) {
		fputs("polc: error: give either --edition or --audience\n", stderr);
		return POL_EXIT_USAGE;
	}
	if (pol_opts_edition(o, &kind))
		return POL_EXIT_USAGE;
	if (o->audience)
		kind = POL_ED_AUDIENCE;
	*out = pol_edition_filter(full, kind, o->audience);
	if (!*out) {
		fprintf(stderr, "polc: error: unknown role '%s'\n", o->audience);
		return POL_EXIT_USAGE;
	}
	return 0;
}

static const char S_oscal_usage[] =
	"usage: polc export oscal [SRC] [--edition public|internal] [--audience ROLE] [--rev REV] [-o FILE]\n"
	"Writes the policy in SRC (default policy-src/) as an OSCAL 1.0.6 catalog (JSON, see\n"
	"docs/oscal.md): a control per rule, with its checks, parameters, roles and framework\n"
	"mappings. On stdout unless -o FILE is given.\n"
	"  --edition E     public or internal (default internal)\n"
	"  --audience ROLE the audience edition for ROLE\n"
	"  --rev REV       the policy at git revision REV\n"
	"Exit: 0 ok, 1 policy errors, 2 usage or I/O errors.\n";

/* What every format does first: parse its options (opts), take one SRC, load it and
 * filter the edition asked for (S_edition). Returns -1 with *full, *ed and *d ready (the
 * caller frees them with S_close), or the exit code to return (0 after --help). */
static int S_open(pol_opts *o, pol_diag *d, pol_model **full, pol_model **ed, int argc, char **argv,
                  const char *name, const char *opts, const char *usage, bool model_only)
{
	*full = *ed = NULL;
	int rc = pol_opts_parse(o, argc, argv, opts, usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o->npos > 1) {
		fprintf(stderr, "polc: error: export %s takes one SRC\n%s", name, usage);
		return POL_EXIT_USAGE;
	}
	o->src = o->npos ? o->pos[0] : NULL;
	o->model_only = model_only;
	pol_diag_init(d, stderr);
	*full = pol_cli_load(o, d, &rc);
	if (*full && !(rc = S_edition(ed, *full, o)))
		return -1;
	pol_model_free(*full);
	*full = NULL;
	pol_diag_fini(d);
	return rc;
}

static int S_close(int rc, pol_diag *d, pol_model *full, pol_model *ed)
{
	pol_model_free(ed);
	pol_model_free(full);
	pol_diag_fini(d);
	return rc;
}

static int S_oscal(int argc, char **argv)
{
	pol_opts o;
	pol_diag d;
	pol_model *full, *ed;
	int rc = S_open(&o, &d, &full, &ed, argc, argv, "oscal", "o edition audience rev", S_oscal_usage, false);
	if (rc >= 0)
		return rc;
	char *text = pol_oscal_catalog(ed);
	rc = S_write(o.out, text);
	free(text);
	return S_close(rc, &d, full, ed);
}

static const char S_component_usage[] =
	"usage: polc export oscal-component [SRC] [--edition public|internal] [--audience ROLE] [--rev REV]\n"
	"                                   [--catalog HREF] [-o FILE]\n"
	"Writes the policy as an OSCAL 1.0.6 component definition (JSON, see docs/oscal.md): a\n"
	"requirement per rule of the catalog HREF (default catalog.json, the file of\n"
	"`polc export oscal`), with its responsible role and the procedures implementing it.\n"
	"Exit: 0 ok, 1 policy errors, 2 usage or I/O errors.\n";

static int S_component(int argc, char **argv)
{
	pol_opts o;
	pol_diag d;
	pol_model *full, *ed;
	int rc = S_open(&o, &d, &full, &ed, argc, argv, "oscal-component", "o edition audience rev catalog",
	                S_component_usage, false);
	if (rc >= 0)
		return rc;
	char *text = pol_oscal_component(ed, o.catalog ? o.catalog : "catalog.json");
	rc = S_write(o.out, text);
	free(text);
	return S_close(rc, &d, full, ed);
}

static const char S_lawxml_usage[] =
	"usage: polc export lawxml [SRC] [--document DOC] [--edition public|internal] [--audience ROLE]\n"
	"                          [--rev REV] [-o FILE]\n"
	"Writes a document of the policy in SRC (default policy-src/) as 法令標準XML (XMLSchema\n"
	"for Japanese Law v3, docs/reiki.md) on stdout, or into FILE.\n"
	"  --document DOC  the document (may be left out when the edition shows one)\n"
	"  --edition E     public or internal (default internal)\n"
	"  --audience ROLE the audience edition for ROLE\n"
	"  --rev REV       the policy as it was at git revision REV\n"
	"Exit: 0 ok, 1 policy errors (a document without 公布日 or 番号), 2 usage or I/O errors.\n";

/* The document to export: --document, or the edition's only one. */
static const pol_node *S_document(const pol_model *ed, const char *id, int *rc)
{
	const pol_node *found = NULL;
	size_t shown = 0;
	for (size_t i = 0; i < ed->ndocs; i++) {
		const pol_node *d = ed->docs[i];
		if (d->withheld)
			continue;
		shown++;
		if (!id || (d->id && !strcmp(d->id, id)))
			found = found && !id ? found : d;
	}
	if (id && !found) {
		fprintf(stderr, "polc: error: no document '%s' in this edition\n", id);
		*rc = POL_EXIT_USAGE;
		return NULL;
	}
	if (!id && shown != 1) {
		fprintf(stderr, "polc: error: the edition shows %zu documents: name one with --document\n", shown);
		*rc = POL_EXIT_USAGE;
		return NULL;
	}
	return found;
}

static int S_lawxml(int argc, char **argv)
{
	pol_opts o;
	pol_diag d;
	pol_model *full, *ed;
	int rc = S_open(&o, &d, &full, &ed, argc, argv, "lawxml", "o edition audience rev document", S_lawxml_usage,
	                true);
	if (rc >= 0)
		return rc;
	rc = POL_EXIT_OK;
	const pol_node *doc = S_document(ed, o.document, &rc);
	if (doc) {
		pol_buf xml = {0};
		if (pol_lawxml_render(&xml, ed, doc, &d) != 0)
			rc = d.io_errors ? POL_EXIT_USAGE : POL_EXIT_POLICY;
		else
			rc = S_write(o.out, xml.data);
		pol_buf_free(&xml);
	}
	return S_close(rc, &d, full, ed);
}

/* The formats: one line each. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} S_formats[] = {
	{"oscal", S_oscal, "OSCAL 1.0.6 catalog (JSON) of the rules"},
	{"oscal-component", S_component, "OSCAL 1.0.6 component definition: who implements each rule, and how"},
	{"lawxml", S_lawxml, "a 例規 as 法令標準XML (XMLSchema for Japanese Law v3)"},
};

static void S_usage(FILE *f)
{
	fputs("usage: polc export FORMAT [SRC] [--edition public|internal] [--audience ROLE] [--rev REV]\n"
	      "                          [--catalog HREF] [--document DOC] [-o FILE]\n\nformats:\n", f);
	for (size_t i = 0; i < sizeof S_formats / sizeof *S_formats; i++)
		fprintf(f, "  %-16s %s\n", S_formats[i].name, S_formats[i].what);
	fputs("\n'polc export FORMAT --help' describes a format.\n"
	      "Exit: 0 ok, 1 policy errors, 2 usage or I/O errors.\n", f);
}

int pol_cmd_export(int argc, char **argv)
{
	if (argc < 1) {
		S_usage(stderr);
		return POL_EXIT_USAGE;
	}
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		S_usage(stdout);
		return POL_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof S_formats / sizeof *S_formats; i++)
		if (!strcmp(argv[0], S_formats[i].name))
			return S_formats[i].run(argc - 1, argv + 1);
	fprintf(stderr, "polc: error: unknown export format '%s'\n", argv[0]);
	S_usage(stderr);
	return POL_EXIT_USAGE;
}
