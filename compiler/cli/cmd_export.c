/* cmd_export.c — `polc export FORMAT`: the policy in a standard other tools read.
 *
 * One subcommand per format, in a table like main.c's. Each export is rendered from an
 * edition model (internal by default), never from the full model, so a public export
 * holds exactly what the public edition may show; with -o the file is written whole
 * beside its place and renamed over it, so a failed export leaves the last good one. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "edition/edition.h"
#include "emit/lawxml.h"

static const char S_lawxml_usage[] =
	"usage: polc export lawxml [SRC] [--document DOC] [--edition public|internal] [--rev REV] [-o FILE]\n"
	"Writes a document of the policy in SRC (default policy-src/) as 法令標準XML (XMLSchema\n"
	"for Japanese Law v3, docs/reiki.md) on stdout, or into FILE.\n"
	"  --document DOC  the document (may be left out when the edition shows one)\n"
	"  --edition E     public or internal (default internal)\n"
	"  --rev REV       the policy as it was at git revision REV\n"
	"Exit: 0 ok, 1 policy errors (a document without 公布日 or 番号), 2 usage or I/O errors.\n";

/* data written to path through a temporary file beside it and one rename. */
static int S_write_atomic(const char *path, const char *data, size_t len)
{
	char *tmp = pol_xasprintf("%s.tmp-%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	int rc = f ? 0 : -1;
	if (f && fwrite(data, 1, len, f) != len)
		rc = -1;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
	}
	free(tmp);
	return rc;
}

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
	int rc = pol_opts_parse(&o, argc, argv, "o edition rev document", S_lawxml_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: export lawxml takes one SRC\n%s", S_lawxml_usage);
		return POL_EXIT_USAGE;
	}
	pol_edition_kind kind;
	if (pol_opts_edition(&o, &kind))
		return POL_EXIT_USAGE;
	o.src = o.npos ? o.pos[0] : NULL;
	o.model_only = true;
	pol_diag d;
	pol_diag_init(&d, stderr);
	pol_model *full = pol_cli_load(&o, &d, &rc);
	pol_model *ed = full ? pol_edition_filter(full, kind, NULL) : NULL;
	const pol_node *doc = ed ? S_document(ed, o.document, &rc) : NULL;
	pol_buf xml = {0};
	if (doc) {
		if (pol_lawxml_render(&xml, ed, doc, &d) != 0) {
			rc = POL_EXIT_POLICY;
		} else if (o.out ? S_write_atomic(o.out, xml.data, xml.len) != 0
		                 : fwrite(xml.data, 1, xml.len, stdout) != xml.len || fflush(stdout) != 0) {
			fprintf(stderr, "polc: error: cannot write '%s': %s\n", o.out ? o.out : "stdout", strerror(errno));
			rc = POL_EXIT_USAGE;
		}
	}
	pol_buf_free(&xml);
	pol_model_free(ed);
	pol_model_free(full);
	pol_diag_fini(&d);
	return rc;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} S_formats[] = {
	{"lawxml", S_lawxml, "a 例規 as 法令標準XML (XMLSchema for Japanese Law v3)"},
};

static void S_usage(FILE *f)
{
	fputs("usage: polc export FORMAT [ARGS]\n\nformats:\n", f);
	for (size_t i = 0; i < sizeof S_formats / sizeof *S_formats; i++)
		fprintf(f, "  %-10s %s\n", S_formats[i].name, S_formats[i].what);
	fputs("\n'polc export FORMAT --help' describes a format.\n", f);
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
