/* cmd_assess.c — `polc assess`: compliance from a filled-in checklist.
 *
 * Bad answers are reported all at once, each as ANSWERS:LINE: error: message, and
 * nothing is assessed (exit 2): a report built on a half-read file would mislead.
 * Otherwise the summary goes to stdout (and, with -o DIR, report.json and report.html
 * to DIR); the exit code is 1 when a must-rule failed or is incomplete, so a CI job
 * or a scheduled task can act on it. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lib/readfile.h"
#include "emit/assess.h"
#include "emit/assess_oscal.h"
#include "emit/pdf.h"
#include "emit/render.h"
#include "emit/xlsx.h"

static const char S_usage[] =
	"usage: polc assess BUNDLE ANSWERS [--role ROLE] [-o DIR] [--templates DIR] [--format text|oscal|xlsx|pdf]\n"
	"Reads the filled-in checklist ANSWERS (.xlsx or CSV from `polc checklist`; CSV in\n"
	"UTF-8, UTF-16 with a byte order mark or CP932/Shift_JIS) against BUNDLE\n"
	"and reports compliance: overall, per chapter, per role, failed must-rules and\n"
	"unanswered checks. See docs/checklist.md.\n"
	"  --role ROLE  assess only the checks of rules that apply to ROLE\n"
	"  -o DIR       also write DIR/report.json and DIR/report.html\n"
	"  --templates DIR  templates replacing the built-in ones of the same file name\n"
	"  --format F   text (the summary, default) or oscal (OSCAL assessment-results JSON) on stdout;\n"
	"               xlsx: the summary on stdout and the report as an Excel workbook to -o FILE;\n"
	"               pdf: the summary, and with -o DIR also DIR/report.pdf (report.html\n"
	"               printed by headless Chromium)\n"
	"Exit: 0 every must-rule passed (each check はい or 該当なし), 1 a must-rule failed\n"
	"or has unanswered checks, 2 usage or I/O errors or bad answers.\n";

/* Reads the answers file, which must be a regular file (lib/readfile.h). Returns 0
 * and *data, or -1 with the error printed. */
static int S_read_answers(char **data, size_t *len, const char *path)
{
	const char *why = pol_read_regular(data, len, path, "a CSV or .xlsx file");
	if (why)
		fprintf(stderr, "%s: error: cannot read: %s\n", path, why);
	return why ? -1 : 0;
}

static int S_write(const char *dir, const char *name, const char *text)
{
	char *path = pol_xasprintf("%s/%s", dir, name);
	char *err = NULL;
	int rc = pol_write_file_atomic(path, text, strlen(text), &err);
	if (rc != 0)
		fprintf(stderr, "polc: error: %s\n", err);
	free(err);
	free(path);
	return rc;
}

/* report.html of dir printed to report.pdf beside it. Returns 0, or -1 with the error printed. */
static int S_write_pdf(const json_t *report, const char *dir)
{
	const json_t *pol = json_object_get(report, "policy"), *rev = json_object_get(report, "revision");
	const char *title = json_string_value(json_object_get(pol, "title"));
	const char *org = json_string_value(json_object_get(pol, "organization"));
	const char *sc = json_string_value(json_object_get(rev, "short_commit"));
	char *t = pol_xasprintf("自己点検結果　%s", title ? title : "");
	char *label = pol_print_label(json_string_value(json_object_get(report, "edition")), NULL);
	char *html = pol_xasprintf("%s/report.html", dir), *pdf = pol_xasprintf("%s/report.pdf", dir), *err = NULL;
	pol_pdf_info info = {.title = t,
	                     .author = org,
	                     .subject = label,
	                     .keywords = sc ? sc : json_string_value(json_object_get(rev, "source_digest")),
	                     .creator = "polc " POL_VERSION,
	                     .epoch = pol_pdf_epoch(0)};
	int rc = pol_pdf_print(html, pdf, &info, &err);
	if (rc != 0)
		fprintf(stderr, "polc: error: %s\n", err);
	free(err);
	free(t);
	free(label);
	free(html);
	free(pdf);
	return rc;
}

/* report.json and report.html in dir. Returns 0, or POL_EXIT_USAGE with the error printed. */
static int S_write_report(const json_t *report, const char *dir, const char *templates)
{
	pol_templates *t = NULL;
	char *html = NULL, *err = NULL;
	if (pol_templates_load(&t, templates, &err) != 0 || pol_assess_html(&html, &err, report, t) != 0) {
		fprintf(stderr, "polc: error: %s\n", err ? err : "cannot render the report");
		free(err);
		pol_templates_free(t);
		return POL_EXIT_USAGE;
	}
	pol_templates_free(t);
	char *json = json_dumps(report, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	char *withnl = pol_xasprintf("%s\n", json ? json : "");
	int rc = 0;
	if (pol_mkdirs(dir) != 0 && errno != EEXIST) {
		fprintf(stderr, "polc: error: cannot create '%s': %s\n", dir, strerror(errno));
		rc = POL_EXIT_USAGE;
	} else if (S_write(dir, "report.json", withnl) || S_write(dir, "report.html", html)) {
		rc = POL_EXIT_USAGE;
	}
	free(json);
	free(withnl);
	free(html);
	return rc;
}

static int S_xlsx(void *ctx, const char *tmp, char **err)
{
	return pol_assess_xlsx(ctx, tmp, err);
}

int pol_cmd_assess(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "role o templates format", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	bool oscal = o.format && !strcmp(o.format, "oscal");
	bool xlsx = o.format && !strcmp(o.format, "xlsx");
	/* pdf: the text summary on stdout, and DIR/report.pdf beside report.html */
	bool pdf = o.format && !strcmp(o.format, "pdf");
	if (xlsx && !o.out) {
		fprintf(stderr, "polc: error: --format xlsx needs -o FILE\n");
		return POL_EXIT_USAGE;
	}
	if (o.format && !oscal && !xlsx && !pdf && strcmp(o.format, "text")) {
		fprintf(stderr, "polc: error: unknown format '%s' (expected text, oscal, xlsx or pdf)\n", o.format);
		return POL_EXIT_USAGE;
	}
	if (o.npos != 2) {
		fprintf(stderr, "polc: error: assess takes BUNDLE and ANSWERS\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	const char *answers_path = o.pos[1];
	if (pdf) {
		char *err = NULL, *engine = o.out ? pol_pdf_engine(&err) : NULL;
		if (!o.out || !engine) {
			fprintf(stderr, "polc: error: %s\n", err ? err : "--format pdf needs -o DIR");
			free(err);
			return POL_EXIT_USAGE;
		}
		free(engine);
	}
	pol_checklist cl;
	rc = pol_cli_open_bundle(&cl, o.pos[0], o.role);
	if (rc)
		return rc;
	char *data = NULL;
	size_t len = 0;
	if (S_read_answers(&data, &len, answers_path) != 0) {
		pol_checklist_fini(&cl);
		return POL_EXIT_USAGE;
	}
	pol_answers ans;
	pol_buf errs = {0};
	int nerr = pol_assess_read(&ans, &cl, answers_path, data, len, &errs);
	free(data);
	if (nerr) {
		fputs(errs.data, stderr);
		fprintf(stderr, "%d error%s in %s: nothing assessed\n", nerr, nerr == 1 ? "" : "s", answers_path);
		rc = POL_EXIT_USAGE;
	} else {
		json_t *report = pol_assess_report(&cl, &ans, o.role);
		char *text = oscal ? pol_assess_oscal(&cl, &ans, o.role, o.pos[0]) : pol_assess_text(report);
		fputs(text, stdout);
		free(text);
		rc = pol_assess_passed(report) ? POL_EXIT_OK : POL_EXIT_POLICY;
		if (xlsx) {
			char *err = NULL;
			if (pol_write_atomic(o.out, S_xlsx, report, &err) != 0) {
				fprintf(stderr, "polc: error: %s\n", err);
				free(err);
				rc = POL_EXIT_USAGE;
			}
		} else if (o.out && S_write_report(report, o.out, o.templates) != 0) {
			rc = POL_EXIT_USAGE;
		} else if (pdf && S_write_pdf(report, o.out) != 0) {
			rc = POL_EXIT_USAGE;
		}
		json_decref(report);
	}
	pol_buf_free(&errs);
	pol_answers_fini(&ans);
	pol_checklist_fini(&cl);
	return rc;
}
