/* xlsxread.c — reading the worksheets of an .xlsx (xlsxread.h).
 *
 * The parts are found as SpreadsheetML says: xl/workbook.xml lists the sheets in order
 * with a relationship id each, xl/_rels/workbook.xml.rels maps the ids to the parts,
 * xl/sharedStrings.xml (optional) holds the strings cells refer to by index. Each part
 * is read whole (bounded in size) and parsed by libxml2 as a tree; elements are matched
 * by local name, so a prefix (x:row) or the namespace of strict OOXML reads the same. */
#include <stdlib.h>
#include <string.h>

#include "lib/dynlib_xml.h"
#include "lib/dynlib_zip.h"
#include "lib/xlsxread.h"

#define S_MAX_PART (64u << 20)
#define S_MAX_COLS 1024
#define S_MAX_SHEETS 64
#define S_NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

int pol_xlsx_sniff(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\x03\x04", 4);
}

/* The part `name` of z, parsed; NULL when it is missing (*missing set) or unreadable (*err). */
static xmlDocPtr S_part(zip_t *z, const char *name, bool *missing, char **err)
{
	*missing = false;
	zip_stat_t st;
	zip_int64_t ix = zip_name_locate(z, name, 0);
	if (ix < 0 || zip_stat_index(z, (zip_uint64_t)ix, 0, &st) != 0) {
		*missing = true;
		return NULL;
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > S_MAX_PART) {
		*err = pol_xasprintf("part '%s' is larger than 64 MiB", name);
		return NULL;
	}
	zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)ix, 0);
	if (!f) {
		*err = pol_xasprintf("cannot read part '%s': %s", name, zip_strerror(z));
		return NULL;
	}
	char *buf = pol_xmalloc(st.size + 1);
	zip_int64_t n = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		free(buf);
		*err = pol_xasprintf("cannot read part '%s' (damaged zip)", name);
		return NULL;
	}
	xmlDocPtr doc = xmlReadMemory(buf, (int)st.size, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                                                 XML_PARSE_NOWARNING);
	free(buf);
	if (!doc)
		*err = pol_xasprintf("part '%s' is not well-formed XML", name);
	return doc;
}

/* Elements by local name: transitional and strict SpreadsheetML differ in namespace only. */
static bool S_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNodePtr S_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
		if (S_is(k, name))
			return k;
	return NULL;
}

/* The text of every <t> under n, in order, except those in phonetic runs (<rPh>). */
static void S_text(pol_buf *b, xmlNodePtr n)
{
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE || S_is(k, "rPh") || S_is(k, "phoneticPr"))
			continue;
		if (S_is(k, "t")) {
			xmlChar *s = xmlNodeGetContent(k);
			if (s)
				pol_buf_puts(b, (const char *)s);
			xmlFree(s);
		} else {
			S_text(b, k);
		}
	}
}

static char *S_attr(xmlNodePtr n, const char *name, const char *ns)
{
	xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns)
	                : xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? pol_xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* The column (0-based) of a cell reference such as "AB12", or -1. */
static int S_column(const char *ref)
{
	int c = 0, n = 0;
	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		c = c * 26 + (*ref - 'A' + 1);
		if (c > 1 << 20)
			return S_MAX_COLS;
	}
	return n ? c - 1 : -1;
}

typedef struct S_strings {
	char **v;
	size_t n, cap;
} S_strings;

static void S_strings_free(S_strings *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static void S_read_strings(S_strings *out, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr si = root ? root->children : NULL; si; si = si->next) {
		if (!S_is(si, "si"))
			continue;
		pol_buf b = {0};
		pol_buf_puts(&b, "");
		S_text(&b, si);
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 64;
			out->v = pol_xrealloc(out->v, out->cap * sizeof *out->v);
		}
		out->v[out->n++] = pol_buf_detach(&b);
	}
}

/* The text of cell c. */
static char *S_cell(xmlNodePtr c, const S_strings *ss)
{
	char *t = S_attr(c, "t", NULL);
	pol_buf b = {0};
	pol_buf_puts(&b, "");
	if (t && !strcmp(t, "inlineStr")) {
		xmlNodePtr is = S_child(c, "is");
		if (is)
			S_text(&b, is);
	} else {
		xmlNodePtr v = S_child(c, "v");
		xmlChar *s = v ? xmlNodeGetContent(v) : NULL;
		if (s && t && !strcmp(t, "s")) {
			char *end;
			unsigned long i = strtoul((const char *)s, &end, 10);
			if (!*end && end != (char *)s && i < ss->n)
				pol_buf_puts(&b, ss->v[i]);
		} else if (s && t && !strcmp(t, "b")) {
			pol_buf_puts(&b, !strcmp((const char *)s, "1") ? "TRUE" : "FALSE");
		} else if (s) {
			pol_buf_puts(&b, (const char *)s);
		}
		xmlFree(s);
	}
	free(t);
	return pol_buf_detach(&b);
}

/* The rows of one worksheet part; -1 and *err for a cell too far right. */
static int S_read_sheet(pol_csv *out, char **err, xmlDocPtr doc, const S_strings *ss)
{
	xmlNodePtr data = S_child(xmlDocGetRootElement(doc), "sheetData");
	size_t width = 0, cap_rows = 0;
	int next_line = 1;
	for (xmlNodePtr r = data ? data->children : NULL; r; r = r->next) {
		if (!S_is(r, "row"))
			continue;
		char *rs = S_attr(r, "r", NULL);
		int line = rs ? atoi(rs) : next_line;
		free(rs);
		if (line < 1)
			line = next_line;
		next_line = line + 1;
		pol_csv_row row = {.line = line};
		size_t cap = 0;
		int next_col = 0;
		bool any = false;
		for (xmlNodePtr c = r->children; c; c = c->next) {
			if (!S_is(c, "c"))
				continue;
			char *ref = S_attr(c, "r", NULL);
			int col = ref ? S_column(ref) : next_col;
			free(ref);
			if (col < 0)
				col = next_col;
			if (col >= S_MAX_COLS) {
				*err = pol_xasprintf("row %d: a cell beyond column %d", line, S_MAX_COLS);
				for (size_t i = 0; i < row.n; i++)
					free(row.fields[i]);
				free(row.fields);
				return -1;
			}
			next_col = col + 1;
			if ((size_t)col + 1 > cap) {
				size_t ncap = cap ? cap : 16;
				while (ncap < (size_t)col + 1)
					ncap *= 2;
				row.fields = pol_xrealloc(row.fields, ncap * sizeof *row.fields);
				cap = ncap;
			}
			while (row.n < (size_t)col + 1)
				row.fields[row.n++] = NULL;
			free(row.fields[col]);
			row.fields[col] = S_cell(c, ss);
			any = any || row.fields[col][0];
		}
		for (size_t i = 0; i < row.n; i++)
			if (!row.fields[i])
				row.fields[i] = pol_xstrdup("");
		if (!any) {
			for (size_t i = 0; i < row.n; i++)
				free(row.fields[i]);
			free(row.fields);
			continue;
		}
		if (row.n > width)
			width = row.n;
		if (out->nrows == cap_rows) {
			cap_rows = cap_rows ? 2 * cap_rows : 64;
			out->rows = pol_xrealloc(out->rows, cap_rows * sizeof *out->rows);
		}
		out->rows[out->nrows++] = row;
	}
	for (size_t i = 0; i < out->nrows; i++) {
		pol_csv_row *row = &out->rows[i];
		if (row->n == width)
			continue;
		row->fields = pol_xrealloc(row->fields, width * sizeof *row->fields);
		while (row->n < width)
			row->fields[row->n++] = pol_xstrdup("");
	}
	return 0;
}

/* The part name a workbook relationship target names: relative to xl/, or absolute. */
static char *S_target(const char *target)
{
	if (target[0] == '/')
		return pol_xstrdup(target + 1);
	return pol_xasprintf("xl/%s", target);
}

int pol_xlsx_read(pol_xlsx_book *out, char **err, const char *data, size_t len)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	const char *why = pol_dl_xml_open();
	if (why || (why = pol_dl_zip_open())) {
		*err = pol_xstrdup(why);
		return -1;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!z) {
		*err = pol_xasprintf("not an .xlsx workbook: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (src)
			zip_source_free(src);
		return -1;
	}
	zip_error_fini(&ze);
	bool missing;
	xmlDocPtr wb = NULL, rels = NULL, sst = NULL;
	S_strings ss = {0};
	int rc = -1;
	wb = S_part(z, "xl/workbook.xml", &missing, err);
	if (!wb) {
		if (missing)
			*err = pol_xstrdup("not an .xlsx workbook: it has no xl/workbook.xml");
		goto cleanup;
	}
	rels = S_part(z, "xl/_rels/workbook.xml.rels", &missing, err);
	if (!rels) {
		if (missing)
			*err = pol_xstrdup("not an .xlsx workbook: it has no xl/_rels/workbook.xml.rels");
		goto cleanup;
	}
	sst = S_part(z, "xl/sharedStrings.xml", &missing, err);
	if (!sst && !missing)
		goto cleanup;
	if (sst)
		S_read_strings(&ss, sst);
	xmlNodePtr sheets = S_child(xmlDocGetRootElement(wb), "sheets");
	for (xmlNodePtr s = sheets ? sheets->children : NULL; s; s = s->next) {
		if (!S_is(s, "sheet"))
			continue;
		if (out->nsheets == S_MAX_SHEETS) {
			*err = pol_xasprintf("the workbook has more than %d sheets", S_MAX_SHEETS);
			goto cleanup;
		}
		char *name = S_attr(s, "name", NULL), *rid = S_attr(s, "id", S_NS_REL), *part = NULL;
		for (xmlAttrPtr a = s->properties; !rid && a; a = a->next) /* strict OOXML's namespace */
			if (!strcmp((const char *)a->name, "id"))
				rid = S_attr(s, "id", a->ns ? (const char *)a->ns->href : NULL);
		for (xmlNodePtr r = xmlDocGetRootElement(rels)->children; rid && r && !part; r = r->next) {
			if (!S_is(r, "Relationship"))
				continue;
			char *id = S_attr(r, "Id", NULL), *target = S_attr(r, "Target", NULL);
			if (id && target && !strcmp(id, rid))
				part = S_target(target);
			free(id);
			free(target);
		}
		xmlDocPtr sd = part ? S_part(z, part, &missing, err) : NULL;
		if (!sd) {
			if (!*err)
				*err = pol_xasprintf("the part of sheet '%s' is missing", name ? name : "?");
			free(name);
			free(rid);
			free(part);
			goto cleanup;
		}
		out->sheets = pol_xrealloc(out->sheets, (out->nsheets + 1) * sizeof *out->sheets);
		pol_xlsx_sheet *sh = &out->sheets[out->nsheets++];
		memset(sh, 0, sizeof *sh);
		sh->name = name ? name : pol_xstrdup("");
		int bad = S_read_sheet(&sh->rows, err, sd, &ss);
		xmlFreeDoc(sd);
		free(rid);
		free(part);
		if (bad)
			goto cleanup;
	}
	if (!out->nsheets) {
		*err = pol_xstrdup("the workbook has no worksheet");
		goto cleanup;
	}
	rc = 0;
cleanup:
	S_strings_free(&ss);
	xmlFreeDoc(wb);
	xmlFreeDoc(rels);
	xmlFreeDoc(sst);
	zip_discard(z);
	if (rc)
		pol_xlsx_book_free(out);
	return rc;
}

void pol_xlsx_book_free(pol_xlsx_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		pol_csv_free(&b->sheets[i].rows);
	}
	free(b->sheets);
	memset(b, 0, sizeof *b);
}
