/* cmd_diff.c — `polc diff [OLD [NEW]] [SRC] [--cached]`: the 新旧対照表 and change set.
 *
 * OLD and NEW are read from git without a checkout; without NEW the new side is the
 * draft — the work tree, or with --cached the index — read without changing either
 * and stamped 未確定; without OLD it is the last edition tag reachable from HEAD. Both
 * sides are compiled and passed through the edition filter before they are compared,
 * so `--edition public` compares the two public editions and cannot see anything
 * else. Diagnostics are shown only when a side fails to compile: warnings in a past
 * revision are history, not something this command can act on. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "emit/diff.h"
#include "emit/pdf.h"
#include "emit/docx.h"
#include "emit/render.h"
#include "edition/edition.h"
#include "lib/textdiff.h"
#include "model/load.h"

static const char S_usage[] =
	"usage: polc diff [OLD [NEW]] [SRC] [--cached] [-o OUT] [--edition public|internal]\n"
	"                 [--normalize-width] [--format LIST] [--paper a4|a4-landscape]\n"
	"                 [--templates DIR] [--diagnostics-format text|json|sarif]\n"
	"                 [--color auto|always|never]\n"
	"Compares the policy in SRC (default policy-src/) at git revisions OLD and NEW and\n"
	"writes the 新旧対照表 OUT/diff.html and the change set OUT/changes.json\n"
	"(default OUT: output/diff). Without NEW the new side is the work tree (with\n"
	"--cached: the index), marked 未確定; without OLD, the last edition/ tag. An\n"
	"argument naming an existing folder is SRC. Alignment: docs/history.md.\n"
	"  --cached           compare with the index (what would be committed)\n"
	"  --edition          internal (default) or public: compare that edition only\n"
	"  --diagnostics-format F  a failed revision's diagnostics on stderr as text, json or sarif\n"
	"  --normalize-width  treat full-width and half-width forms as equal\n"
	"  --format LIST      html (default: OUT/diff.html), pdf (OUT/diff.pdf, diff.html printed\n"
	"                     by headless Chromium: docs/print.md), docx (OUT/diff.docx, Word)\n"
	"  --paper P          a4 (portrait, default) or a4-landscape, for printing and the PDF\n"
	"  --templates DIR    templates replacing the built-in ones of the same file name\n"
	"Exit: 0 ok, 1 policy errors in a revision, 2 usage, git or I/O errors.\n";

/* Reads, compiles and filters one revision through l (one repository for both);
 * NULL and *rc on failure. */
static pol_model *S_load(pol_model **full, pol_loader *l, const char *dir, const char *rev, bool index,
                         pol_edition_kind kind, int *rc, const pol_opts *o)
{
	*full = NULL;
	char *err = NULL;
	pol_diag d;
	pol_diag_init(&d, stderr);
	pol_cli_diag_setup(o, &d); /* checked by the caller; colour as for stderr */
	d.out = NULL;              /* kept until we know the revision failed */
	/* The history too: a revision at an edition tag shows that edition's date. */
	pol_load_opts lo = {.dir = dir, .rev = rev, .want = POL_LOAD_STAMP | POL_LOAD_HISTORY, .index = index};
	pol_model *m = NULL;
	pol_load_status st = pol_load(&m, &err, NULL, l, &lo, &d);
	if (err) {
		pol_diag_report_code(&d, POL_ERROR, "source", (pol_span){0}, "%s", err);
		d.io_errors++;
		free(err);
		*rc = POL_EXIT_USAGE;
		if (d.mem.len)
			fputs(d.mem.data, stderr);
		pol_cli_diag_finish(o, &d, false, stderr);
		pol_diag_fini(&d);
		return NULL;
	}
	if (st != POL_LOAD_OK) {
		*rc = st == POL_LOAD_ERRORS || d.errors ? POL_EXIT_POLICY : POL_EXIT_USAGE;
		if (rev)
			pol_diag_report_code(&d, POL_ERROR, "revision-errors", (pol_span){0},
			                     "the policy at revision '%s' has errors", rev);
		else
			pol_diag_report_code(&d, POL_ERROR, "revision-errors", (pol_span){0}, "the policy in the %s has errors",
			                     index ? "index" : "work tree");
		if (d.mem.len)
			fputs(d.mem.data, stderr);
		pol_cli_diag_finish(o, &d, false, stderr);
		pol_diag_fini(&d);
		return NULL;
	}
	pol_diag_fini(&d);
	*full = m;
	return pol_edition_filter(m, kind, NULL);
}

/* Writes dir/name whole or not at all (pol_write_file_atomic). */
static int S_write(const char *dir, const char *name, const char *text)
{
	char *path = pol_xasprintf("%s/%s", dir, name), *err = NULL;
	int rc = pol_write_file_atomic(path, text, strlen(text), &err);
	if (rc != 0)
		fprintf(stderr, "polc: error: %s\n", err);
	free(err);
	free(path);
	return rc;
}

static bool S_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The tag of the last edition reachable from HEAD, for a diff without OLD; NULL with
 * a message printed. Caller frees. */
static char *S_last_edition(const char *dir)
{
	pol_history *h = NULL;
	char *err = NULL, *tag = NULL;
	if (pol_history_load(&h, dir, NULL, &err) != 0)
		fprintf(stderr, "polc: error: %s\n", err ? err : "cannot read the history");
	else if (!h->n)
		fprintf(stderr, "polc: error: no edition/ tag to compare the draft with: name OLD\n");
	else
		tag = pol_xstrdup(h->entries[h->n - 1].tag);
	free(err);
	pol_history_free(h);
	return tag;
}

int pol_cmd_diff(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "o edition normalize-width templates cached format paper diagnostics-format color",
	                        S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	pol_diag probe;
	pol_diag_init(&probe, stderr);
	rc = pol_cli_diag_setup(&o, &probe);
	pol_diag_fini(&probe);
	if (rc)
		return rc;
	/* [OLD [NEW]] [SRC]: a trailing argument that names a folder is SRC. */
	int nrev = o.npos;
	const char *dir = "policy-src";
	if (o.npos == 3 || (o.npos >= 1 && S_is_dir(o.pos[o.npos - 1]))) {
		dir = o.pos[o.npos - 1];
		nrev--;
	}
	if (nrev > 2 || (o.cached && nrev > 1)) {
		fprintf(stderr, "polc: error: diff takes [OLD [NEW]] [SRC]%s\n%s", o.cached ? " (--cached: no NEW)" : "",
		        S_usage);
		return POL_EXIT_USAGE;
	}
	pol_edition_kind kind;
	if (pol_opts_edition(&o, &kind))
		return POL_EXIT_USAGE;
	char *last = nrev == 0 ? S_last_edition(dir) : NULL;
	if (nrev == 0 && !last)
		return POL_EXIT_USAGE;
	const char *old_rev = nrev ? o.pos[0] : last, *new_rev = nrev == 2 ? o.pos[1] : NULL;
	const char *draft = new_rev ? NULL : o.cached ? "index" : "worktree";
	const char *out = o.out ? o.out : "output/diff";
	unsigned formats = POL_FMT_HTML;
	char *ferr = NULL;
	if (o.format && pol_formats_parse(o.format, &formats, &ferr) != 0) {
		fprintf(stderr, "polc: error: %s\n", ferr);
		free(ferr);
		return POL_EXIT_USAGE;
	}
	if (formats & ~(unsigned)(POL_FMT_HTML | POL_FMT_PDF | POL_FMT_DOCX)) {
		fprintf(stderr, "polc: error: diff writes html, pdf or docx (--format %s)\n", o.format);
		return POL_EXIT_USAGE;
	}
	bool landscape = false;
	if (o.paper && !strcmp(o.paper, "a4-landscape"))
		landscape = true;
	else if (o.paper && strcmp(o.paper, "a4")) {
		fprintf(stderr, "polc: error: --paper must be a4 or a4-landscape\n");
		return POL_EXIT_USAGE;
	}
	if (formats & POL_FMT_PDF) {
		char *engine = pol_pdf_engine(&ferr);
		free(engine);
		if (!engine) {
			fprintf(stderr, "polc: error: %s\n", ferr);
			free(ferr);
			return POL_EXIT_USAGE;
		}
	}

	pol_model *old_full = NULL, *new_full = NULL, *old_ed = NULL, *new_ed = NULL;
	pol_diff *d = NULL;
	char *html = NULL, *json = NULL, *err = NULL;
	pol_templates *tmpl = NULL;
	pol_loader *loader = NULL;
	if (pol_templates_load(&tmpl, o.templates, &err) != 0) {
		fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		free(last);
		return POL_EXIT_USAGE;
	}
	loader = pol_loader_new();
	old_ed = S_load(&old_full, loader, dir, old_rev, false, kind, &rc, &o);
	if (!old_ed)
		goto cleanup;
	new_ed = S_load(&new_full, loader, dir, new_rev, o.cached, kind, &rc, &o);
	if (!new_ed)
		goto cleanup;
	d = pol_diff_new(old_ed, new_ed, o.normalize ? POL_DIFF_NORMALIZE_WIDTH : 0);
	d->draft = draft;
	if (pol_diff_html_paper(&html, &err, d, old_rev, new_rev, tmpl, landscape) != 0) {
		fprintf(stderr, "polc: error: %s\n", err);
		rc = POL_EXIT_USAGE;
		goto cleanup;
	}
	json = pol_diff_json(d, old_rev, new_rev);
	/* diff.pdf is printed from diff.html, which is written with it. */
	if (((formats & (POL_FMT_HTML | POL_FMT_PDF)) && S_write(out, "diff.html", html) != 0) ||
	    S_write(out, "changes.json", json) != 0) {
		rc = POL_EXIT_USAGE;
		goto cleanup;
	}
	if (formats & POL_FMT_DOCX) {
		char *path = pol_xasprintf("%s/diff.docx", out);
		int drc = pol_docx_diff(d, old_rev, new_rev ? new_rev : o.cached ? "インデックス（未確定）" : "作業ツリー（未確定）",
		                        path, &err);
		free(path);
		if (drc != 0) {
			fprintf(stderr, "polc: error: %s\n", err);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
	}
	char *label = pol_edition_label(new_ed);
	const char *new_label = new_rev ? new_rev : o.cached ? "インデックス（未確定）" : "作業ツリー（未確定）";
	if (formats & POL_FMT_PDF) {
		char *src = pol_xasprintf("%s/diff.html", out), *dst = pol_xasprintf("%s/diff.pdf", out);
		char *title = pol_xasprintf("%s 新旧対照表", new_ed->title ? new_ed->title : "");
		char *revs = pol_xasprintf("%s → %s", old_rev, new_label);
		long long t = pol_pdf_date_epoch(new_ed->edition_date);
		if (t < 0)
			t = pol_pdf_date_epoch(new_ed->rev.date);
		pol_pdf_info info = {.title = title,
		                     .author = new_ed->organization,
		                     .subject = label,
		                     .keywords = revs,
		                     .creator = "polc " POL_VERSION,
		                     .epoch = pol_pdf_epoch(t < 0 ? 0 : t)};
		int prc = pol_pdf_print(src, dst, &info, &err);
		if (prc != 0)
			fprintf(stderr, "polc: error: %s\n", err);
		free(src);
		free(dst);
		free(title);
		free(revs);
		if (prc != 0) {
			free(label);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
	}
	printf("新旧対照表（%s）: %s → %s\n", label, old_rev, new_label);
	printf("  新設 %zu, 削る %zu, 改正 %zu, 番号変更 %zu, 移動 %zu, 属性 %zu, 点検 %zu, 定義 %zu\n", d->added,
	       d->removed, d->modified, d->renumbered, d->moved, d->attributes, d->checks, d->definitions);
	printf(" ");
	if (formats & (POL_FMT_HTML | POL_FMT_PDF))
		printf(" %s/diff.html,", out);
	if (formats & POL_FMT_PDF)
		printf(" %s/diff.pdf,", out);
	if (formats & POL_FMT_DOCX)
		printf(" %s/diff.docx,", out);
	printf(" %s/changes.json\n", out);
	free(label);
	rc = fflush(stdout) == 0 ? POL_EXIT_OK : POL_EXIT_USAGE;
cleanup:
	free(last);
	pol_loader_free(loader);
	pol_templates_free(tmpl);
	free(err);
	free(html);
	free(json);
	pol_diff_free(d);
	pol_model_free(old_ed);
	pol_model_free(new_ed);
	pol_model_free(old_full);
	pol_model_free(new_full);
	return rc;
}
