/* cmd_checklist.c — `polc checklist`: the 自己点検 checklist of a bundle, as CSV or HTML.
 *
 * It reads a bundle file rather than a policy, so whoever holds a bundle (a department,
 * a contractor with its audience bundle) can make the checklist without the source. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "emit/checklist.h"
#include "emit/pdf.h"
#include "emit/render.h"
#include "emit/xlsx.h"

static const char S_usage[] =
	"usage: polc checklist BUNDLE [--role ROLE] [--format csv|html|xlsx|pdf] [-o FILE] [--templates DIR]\n"
	"Writes the 自己点検チェックリスト of the bundle (from `polc bundle`): one row per\n"
	"check. CSV is UTF-8 with a BOM and CRLF, for spreadsheets; fill in 判定 (はい /\n"
	"いいえ / 該当なし) and 備考, then run `polc assess`. BUNDLE - reads stdin.\n"
	"See docs/checklist.md.\n"
	"  --role ROLE      only the checks of rules that apply to ROLE (a role id)\n"
	"  --format F       csv (default), html (a printable page), xlsx (an Excel workbook\n"
	"                   with a 判定 drop-down; needs -o) or pdf (the page printed by headless\n"
	"                   Chromium; needs -o); -o FILE.html implies html, FILE.xlsx xlsx,\n"
	"                   FILE.pdf pdf\n"
	"  -o FILE          write to FILE instead of stdout\n"
	"  --templates DIR  templates replacing the built-in ones of the same file name (HTML)\n"
	"Exit: 0 ok, 2 usage or I/O errors, or a bundle this polc cannot read.\n";

static bool S_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

typedef struct S_xlsx_job {
	const pol_checklist *cl;
	const char *role;
} S_xlsx_job;

static int S_xlsx(void *ctx, const char *tmp, char **err)
{
	const S_xlsx_job *j = ctx;
	return pol_checklist_xlsx(j->cl, j->role, tmp, err);
}

/* The checklist's text, CSV or HTML; NULL when it cannot be made (the error printed). */
static char *S_text(const pol_checklist *cl, const pol_opts *o, bool html)
{
	if (!html)
		return pol_checklist_csv(cl, o->role);
	pol_templates *t = NULL;
	char *text = NULL, *err = NULL;
	if (pol_templates_load(&t, o->templates, &err) != 0 || pol_checklist_html(&text, &err, cl, o->role, t) != 0)
		fprintf(stderr, "polc: error: %s\n", err ? err : "cannot render the checklist");
	pol_templates_free(t);
	free(err);
	return text;
}

/* The checklist page html printed to o->out (lib/pdf.h), through a file in a folder
 * of its own. Returns 0, or -1 with the error printed. */
static int S_pdf(const pol_checklist *cl, const pol_opts *o, const char *html)
{
	const char *t = getenv("TMPDIR");
	char *dir = pol_xasprintf("%s/polc-checklist.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "polc: error: cannot make a temporary folder: %s\n", strerror(errno));
		free(dir);
		return -1;
	}
	char *page = pol_xasprintf("%s/checklist.html", dir), *err = NULL;
	int rc = pol_write_file(page, html, strlen(html));
	if (rc != 0) {
		fprintf(stderr, "polc: error: cannot write '%s': %s\n", page, strerror(errno));
	} else {
		char *title = pol_xasprintf("自己点検チェックリスト　%s", cl->title ? cl->title : "");
		char *label = pol_print_label(cl->edition, NULL);
		pol_pdf_info info = {.title = title,
		                     .author = cl->organization,
		                     .subject = label,
		                     .keywords = cl->short_commit ? cl->short_commit : cl->digest,
		                     .creator = "polc " POL_VERSION,
		                     .epoch = pol_pdf_epoch(0)};
		rc = pol_pdf_print(page, o->out, &info, &err);
		if (rc != 0)
			fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		free(title);
		free(label);
	}
	pol_rmtree(dir);
	free(dir);
	free(page);
	return rc;
}

int pol_cmd_checklist(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "role format o templates", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos != 1) {
		fprintf(stderr, "polc: error: checklist takes one BUNDLE\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	bool html = false, xlsx = false, pdf = false;
	if (o.format) {
		if (!strcmp(o.format, "html"))
			html = true;
		else if (!strcmp(o.format, "xlsx"))
			xlsx = true;
		else if (!strcmp(o.format, "pdf"))
			html = pdf = true;
		else if (strcmp(o.format, "csv")) {
			fprintf(stderr, "polc: error: unknown format '%s' (expected csv, html, xlsx or pdf)\n", o.format);
			return POL_EXIT_USAGE;
		}
	} else if (o.out && (S_ends_with(o.out, ".html") || S_ends_with(o.out, ".htm"))) {
		html = true;
	} else if (o.out && S_ends_with(o.out, ".xlsx")) {
		xlsx = true;
	} else if (o.out && S_ends_with(o.out, ".pdf")) {
		html = pdf = true;
	}
	if (xlsx && !o.out) {
		fprintf(stderr, "polc: error: --format xlsx needs -o FILE (a workbook is not written to a terminal)\n");
		return POL_EXIT_USAGE;
	}
	if (pdf) {
		char *err = NULL, *engine = o.out ? pol_pdf_engine(&err) : NULL;
		if (!o.out || !engine) {
			fprintf(stderr, "polc: error: %s\n", err ? err : "--format pdf needs -o FILE");
			free(err);
			return POL_EXIT_USAGE;
		}
		free(engine);
	}
	pol_checklist cl;
	rc = pol_cli_open_bundle(&cl, o.pos[0], o.role);
	if (rc)
		return rc;
	if (xlsx) {
		char *err = NULL;
		rc = pol_write_atomic(o.out, S_xlsx, &(S_xlsx_job){&cl, o.role}, &err);
		if (rc) {
			fprintf(stderr, "polc: error: %s\n", err);
			free(err);
		}
		pol_checklist_fini(&cl);
		return rc ? POL_EXIT_USAGE : POL_EXIT_OK;
	}
	char *text = S_text(&cl, &o, html);
	rc = text ? POL_EXIT_OK : POL_EXIT_USAGE;
	if (text && pdf) {
		if (S_pdf(&cl, &o, text) != 0)
			rc = POL_EXIT_USAGE;
	} else if (text && o.out) {
		char *err = NULL;
		if (pol_write_file_atomic(o.out, text, strlen(text), &err) != 0) {
			fprintf(stderr, "polc: error: %s\n", err);
			free(err);
			rc = POL_EXIT_USAGE;
		}
	} else if (text) {
		fputs(text, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fputs("polc: error: cannot write the checklist\n", stderr);
			rc = POL_EXIT_USAGE;
		}
	}
	free(text);
	pol_checklist_fini(&cl);
	return rc;
}
