/* cmd_build.c — `polc build`: the document editions, written atomically.
 *
 * The policy is loaded and checked once; each requested edition is filtered from it
 * (the security boundary, edition.c) and rendered (render.c) into a new set of the
 * output folder; only when every edition rendered does that set replace the last
 * build's, at once (lib/outdir.h: one rename, a lock against a concurrent build,
 * leftovers of killed builds removed). So a failed build writes nothing and leaves the
 * last good output as it was; a reader sees the old editions or the new ones, never
 * half of one or a mix; OUT holds exactly the editions of the last build. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "edition/edition.h"
#include "emit/pdf.h"
#include "emit/bundle.h"
#include "emit/docx.h"
#include "emit/render.h"
#include "lib/outdir.h"

static const char S_usage[] =
	"usage: polc build [SRC] [-o OUT] [--edition public|internal|all] [--audience ROLE]\n"
	"                  [--rev REV] [--format LIST] [--plain] [--templates DIR] [--werror]\n"
	"                  [--diagnostics-format text|json|sarif] [--color auto|always|never]\n"
	"Builds the document editions of the policy in SRC (default policy-src/) into OUT\n"
	"(default output/): OUT/public/, OUT/internal/ and, with --audience, OUT/audience-ROLE/,\n"
	"each an HTML site, print.html (A4) and CommonMark files.\n"
	"  --edition E     public, internal or all (default all: public and internal)\n"
	"  --audience ROLE also build the edition for role ROLE (what applies to it)\n"
	"  --rev REV       build the policy as it was at git revision REV\n"
	"  --format LIST   comma-separated: html, md, pdf (policy.pdf, printed from\n"
	"                  print.html by headless Chromium), docx (policy.docx, Word) or all\n"
	"                  (default html,md: the HTML site, print.html and CommonMark)\n"
	"  --plain         also the clean text: plain.html (and policy-plain.pdf with pdf),\n"
	"                  the documents without rule metadata, traceability or 点検項目\n"
	"  --templates DIR templates replacing the built-in ones of the same file name\n"
	"  --werror        treat warnings as errors\n"
	"  --diagnostics-format F  diagnostics on stderr as text (default), json or sarif\n"
	"  --color W       colour the text: auto (default), always or never\n"
	"Nothing is written unless every edition builds. Exit: 0 ok, 1 policy errors,\n"
	"2 usage, template or I/O errors.\n";

typedef struct S_job {
	pol_model *ed;
	char *name; /* "public", "internal", "audience-ROLE" */
} S_job;

int pol_cmd_build(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv,
	                        "o edition audience rev werror templates format plain diagnostics-format color", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: build takes one SRC\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	o.src = o.npos ? o.pos[0] : NULL;
	const char *out = o.out ? o.out : "output";
	const char *e = o.edition ? o.edition : "all";
	bool want_public = !strcmp(e, "public") || !strcmp(e, "all");
	bool want_internal = !strcmp(e, "internal") || !strcmp(e, "all");
	if (!want_public && !want_internal) {
		fprintf(stderr, "polc: error: unknown edition '%s' (public, internal or all)\n", e);
		return POL_EXIT_USAGE;
	}

	pol_templates *tpl = NULL;
	char *err = NULL;
	unsigned formats;
	if (pol_formats_parse(o.format, &formats, &err) != 0) {
		fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		return POL_EXIT_USAGE;
	}
	/* Without the engine, say so before anything is read or written. */
	if (formats & POL_FMT_PDF) {
		char *engine = pol_pdf_engine(&err);
		free(engine);
		if (!engine) {
			fprintf(stderr, "polc: error: %s\n", err);
			free(err);
			return POL_EXIT_USAGE;
		}
	}
	unsigned parts = (formats & POL_FMT_HTML ? POL_RENDER_SITE | POL_RENDER_PRINT : 0) |
	                 (formats & POL_FMT_MD ? POL_RENDER_MD : 0) | (formats & POL_FMT_PDF ? POL_RENDER_PRINT : 0) |
	                 (o.plain ? POL_RENDER_PLAIN : 0);
	if (pol_templates_load(&tpl, o.templates, &err) != 0) {
		fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		return POL_EXIT_USAGE;
	}

	pol_diag d;
	pol_diag_init(&d, stderr);
	d.werror = o.werror;
	if (pol_cli_diag_setup(&o, &d)) {
		pol_diag_fini(&d);
		pol_templates_free(tpl);
		return POL_EXIT_USAGE;
	}
	pol_model *m = pol_cli_load(&o, &d, &rc);
	int wrc = pol_cli_diag_finish(&o, &d, m || rc == POL_EXIT_POLICY, stderr);
	pol_diag_fini(&d);
	if (wrc && m) {
		pol_model_free(m);
		m = NULL;
		rc = wrc;
	}
	if (!m) {
		pol_templates_free(tpl);
		return rc;
	}

	S_job jobs[3] = {{0}};
	size_t n = 0;
	pol_outdir *outdir = NULL;
	if (want_public)
		jobs[n++].ed = pol_edition_filter(m, POL_ED_PUBLIC, NULL);
	if (want_internal)
		jobs[n++].ed = pol_edition_filter(m, POL_ED_INTERNAL, NULL);
	if (o.audience) {
		jobs[n].ed = pol_edition_filter(m, POL_ED_AUDIENCE, o.audience);
		if (!jobs[n].ed) {
			fprintf(stderr, "polc: error: unknown role '%s' for --audience\n", o.audience);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		n++;
	}
	for (size_t i = 0; i < n; i++)
		jobs[i].name = pol_edition_name(jobs[i].ed);

	/* Every edition renders into one new set of OUT (lib/outdir.h), which replaces
	 * the last build's set at once, or not at all. */
	outdir = pol_outdir_open(out, stderr, &err);
	if (!outdir) {
		fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		rc = POL_EXIT_USAGE;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		const char *dir = pol_outdir_edition(outdir, jobs[i].name, &err);
		if (!dir) {
			fprintf(stderr, "polc: error: %s\n", err);
			free(err);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		if (!parts && pol_bundle_write_into(jobs[i].ed, dir) != 0) {
			fprintf(stderr, "polc: error: %s edition: cannot write its bundle.json\n", jobs[i].name);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		if (parts && pol_render_edition_parts(jobs[i].ed, tpl, dir, parts, &err) != 0) {
			fprintf(stderr, "polc: error: %s edition: %s\n", jobs[i].name, err ? err : "rendering failed");
			free(err);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		/* The PDF is part of the set: when it fails, the last good build stays. */
		if ((formats & POL_FMT_PDF) &&
		    (pol_pdf_edition(jobs[i].ed, dir, "polc " POL_VERSION, &err) != 0 ||
		     (o.plain && pol_pdf_edition_file(jobs[i].ed, dir, "plain.html", "policy-plain.pdf",
		                                      "polc " POL_VERSION, &err) != 0))) {
			fprintf(stderr, "polc: error: %s edition: %s\n", jobs[i].name, err ? err : "PDF failed");
			free(err);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		if (formats & POL_FMT_DOCX) {
			char *path = pol_xasprintf("%s/policy.docx", dir);
			int drc = pol_docx_edition(jobs[i].ed, path, &err);
			free(path);
			if (drc != 0) {
				fprintf(stderr, "polc: error: %s edition: %s\n", jobs[i].name, err ? err : "cannot write the .docx");
				free(err);
				rc = POL_EXIT_USAGE;
				goto cleanup;
			}
		}
		/* Rendered: its model is not needed any more, so editions are never in memory together. */
		pol_model_free(jobs[i].ed);
		jobs[i].ed = NULL;
	}
	if (pol_outdir_commit(outdir, &err) != 0) {
		fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		rc = POL_EXIT_USAGE;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		char *dest = pol_outdir_path(outdir, jobs[i].name);
		printf("%s%s", i ? ", " : "polc: built ", dest);
		free(dest);
	}
	printf("\n");
	rc = POL_EXIT_OK;

cleanup:
	pol_outdir_close(outdir);
	for (size_t i = 0; i < sizeof jobs / sizeof *jobs; i++) {
		free(jobs[i].name);
		pol_model_free(jobs[i].ed);
	}
	pol_model_free(m);
	pol_templates_free(tpl);
	return rc;
}
