/* pdf.c — an edition's PDF and the print marks of the page templates (emit/pdf.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edition/edition.h"
#include "emit/pdf.h"
#include "lib/escape.h"
#include "lib/json.h"

long long pol_pdf_date_epoch(const char *date)
{
	if (!date)
		return -1;
	int y = 0, m = 0, d = 1, used = 0;
	if (sscanf(date, "%4d-%2d%n", &y, &m, &used) != 2)
		return -1;
	if (date[used] == '-' && sscanf(date + used, "-%2d", &d) != 1)
		return -1;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	return (long long)timegm(&tm);
}

long long pol_pdf_edition_epoch(const pol_model *ed)
{
	long long t = pol_pdf_date_epoch(ed->edition_date);
	if (t < 0)
		t = pol_pdf_date_epoch(ed->rev.date);
	if (t < 0)
		t = pol_pdf_date_epoch(ed->issued);
	return pol_pdf_epoch(t < 0 ? 0 : t);
}

int pol_pdf_edition(const pol_model *ed, const char *dir, const char *creator, char **err)
{
	return pol_pdf_edition_file(ed, dir, "print.html", "policy.pdf", creator, err);
}

int pol_pdf_edition_file(const pol_model *ed, const char *dir, const char *html_name, const char *pdf_name,
                         const char *creator, char **err)
{
	char *label = pol_edition_label(ed);
	char *rev = pol_xasprintf("版 %s", ed->rev.describe ? ed->rev.describe : "");
	char *html = pol_xasprintf("%s/%s", dir, html_name);
	char *pdf = pol_xasprintf("%s/%s", dir, pdf_name);
	pol_pdf_info info = {.title = ed->title,
	                     .author = ed->organization,
	                     .subject = label,
	                     .keywords = rev,
	                     .creator = creator,
	                     .epoch = pol_pdf_edition_epoch(ed)};
	int rc = pol_pdf_print(html, pdf, &info, err);
	free(label);
	free(rev);
	free(html);
	free(pdf);
	return rc;
}

static json_t *S_css(const char *s)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "");
	pol_escape_css_string(&b, s ? s : "");
	json_t *j = json_string(b.data);
	pol_buf_free(&b);
	return j;
}

void pol_print_marks(json_t *v, bool nonpublic, const char *title, const char *label, const char *rev)
{
	json_t *p = json_object(), *css = json_object();
	json_object_set_new(p, "nonpublic", json_boolean(nonpublic));
	json_object_set_new(p, "mark", json_string(nonpublic ? "非公開" : ""));
	json_object_set_new(css, "mark", S_css(nonpublic ? "非公開" : ""));
	json_object_set_new(css, "title", S_css(title));
	json_object_set_new(css, "label", S_css(label));
	json_object_set_new(css, "rev", S_css(rev));
	json_object_set_new(p, "css", css);
	json_object_set_new(v, "print", p);
}

bool pol_print_public(const char *edition)
{
	return edition && !strcmp(edition, "public");
}

char *pol_print_label(const char *edition, const char *role_title)
{
	if (pol_print_public(edition))
		return pol_xstrdup("公開版");
	if (edition && !strcmp(edition, "internal"))
		return pol_xstrdup("内部版（非公開）");
	if (edition && !strncmp(edition, "audience-", 9))
		return pol_xasprintf("%s向け（非公開）", role_title ? role_title : edition + 9);
	return pol_xasprintf("%s（非公開）", edition ? edition : "");
}
