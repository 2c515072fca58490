/* docx.c — an edition as a Word document: the WordprocessingML writer the .docx files
 * share (paragraphs, runs, tables, the package) and the walk over an edition model.
 *
 * The walk follows the edition templates (node.html.mustache): a document's title, its
 * withheld notice, its prose and its nodes in order; a node with a heading (第1章, 1.
 * 目的 …) as a heading of its depth, numbered text (例規 articles, items without a
 * title) as a paragraph that starts with its number and hangs by it, the metadata and
 * checks of rules in non-public editions only; the 構成 table as a table; then the
 * glossary and the 改定履歴 as the edition holds them. Numbers, headings and marks are
 * the model's facts, never computed here.
 *
 * Word prints the numbers as text: the model numbers every node, and a Word list
 * would renumber them on its own. The hanging indent is the number's width, so the
 * lines after the first align with the text as 例規 are printed. */
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "emit/docx.h"
#include "lib/dynlib_xml.h"
#include "lib/dynlib_zip.h"
#include "lib/zipw.h"
#include "model/facts.h"

struct pol_docx {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	bool in_p, last_ascii;
	bool cell_p; /* the open table cell has a paragraph */
};

#define S_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define S_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static void S_start(xmlTextWriterPtr w, const char *name)
{
	xmlTextWriterStartElement(w, (const xmlChar *)name);
}

static void S_end(xmlTextWriterPtr w)
{
	xmlTextWriterEndElement(w);
}

static void S_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	xmlTextWriterWriteAttribute(w, (const xmlChar *)name, (const xmlChar *)value);
}

static void S_attr_int(xmlTextWriterPtr w, const char *name, int v)
{
	xmlTextWriterWriteFormatAttribute(w, (const xmlChar *)name, "%d", v);
}

/* An empty element with one w:val (or no attribute when val is NULL). */
static void S_val(xmlTextWriterPtr w, const char *name, const char *val)
{
	S_start(w, name);
	if (val)
		S_attr(w, "w:val", val);
	S_end(w);
}

/* A writer into memory, the XML declaration written. */
static xmlTextWriterPtr S_writer(xmlBufferPtr *buf)
{
	*buf = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(*buf, 0);
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
	return w;
}

/* Ends the document, frees the writer, adds the buffer as entry name of z. */
static int S_add_part(pol_zipw *z, const char *name, xmlTextWriterPtr w, xmlBufferPtr buf)
{
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	int rc = pol_zipw_add(z, name, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	return rc;
}

/* ---- paragraphs and runs ---- */

void pol_docx_p(pol_docx *x, const char *style, int left, int hanging)
{
	if (x->in_p)
		pol_docx_p_end(x);
	xmlTextWriterPtr w = x->w;
	S_start(w, "w:p");
	S_start(w, "w:pPr");
	S_val(w, "w:pStyle", style);
	if (left || hanging) {
		S_start(w, "w:ind");
		S_attr_int(w, "w:left", left);
		if (hanging)
			S_attr_int(w, "w:hanging", hanging);
		S_end(w);
	}
	S_end(w);
	x->in_p = true;
	x->cell_p = true;
	x->last_ascii = false;
}

void pol_docx_p_end(pol_docx *x)
{
	if (!x->in_p)
		return;
	S_end(x->w);
	x->in_p = false;
}

bool pol_docx_last_ascii(const pol_docx *x)
{
	return x->last_ascii;
}

static void S_run_open(pol_docx *x, unsigned flags)
{
	xmlTextWriterPtr w = x->w;
	S_start(w, "w:r");
	if (flags) {
		S_start(w, "w:rPr");
		if (flags & POL_DOCX_CODE)
			S_val(w, "w:rStyle", "Code");
		if (flags & POL_DOCX_BOLD)
			S_val(w, "w:b", NULL);
		if (flags & POL_DOCX_ITALIC)
			S_val(w, "w:i", NULL);
		if (flags & POL_DOCX_UNDERLINE)
			S_val(w, "w:u", "single");
		S_end(w);
	}
}

/* Writes s[0..n) as <w:t> pieces, line breaks between lines; XML-invalid characters
 * (C0 controls but tab and newline, U+FFFE, U+FFFF) dropped, tabs as spaces. */
void pol_docx_text(pol_docx *x, const char *s, size_t n, unsigned flags)
{
	if (!n)
		return;
	if (!x->in_p)
		pol_docx_p(x, "Body", 0, 0);
	xmlTextWriterPtr w = x->w;
	S_run_open(x, flags);
	pol_buf t = {0};
	pol_buf_puts(&t, "");
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)s[i] : '\n';
		if (c == '\n') {
			if (t.len) {
				S_start(w, "w:t");
				S_attr(w, "xml:space", "preserve");
				xmlTextWriterWriteString(w, (const xmlChar *)t.data);
				S_end(w);
			}
			t.len = 0;
			t.data[0] = 0;
			if (i < n)
				S_val(w, "w:br", NULL);
			continue;
		}
		if (c == '\t')
			c = ' ';
		if (c < 0x20 || c == 0x7F)
			continue;
		if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
			i += 2;
			continue;
		}
		pol_buf_putc(&t, (char)c);
		if ((c & 0xC0) != 0x80)
			x->last_ascii = c < 0x80;
	}
	pol_buf_free(&t);
	S_end(w);
}

void pol_docx_puts(pol_docx *x, const char *s, unsigned flags)
{
	if (s)
		pol_docx_text(x, s, strlen(s), flags);
}

/* A paragraph of one text. */
static void S_para(pol_docx *x, const char *style, int left, int hanging, const char *text, unsigned flags)
{
	pol_docx_p(x, style, left, hanging);
	pol_docx_puts(x, text, flags);
	pol_docx_p_end(x);
}

/* ---- tables ---- */

void pol_docx_table(pol_docx *x, const int *widths, int ncols, bool header_repeat)
{
	pol_docx_p_end(x);
	xmlTextWriterPtr w = x->w;
	(void)header_repeat;
	S_start(w, "w:tbl");
	S_start(w, "w:tblPr");
	S_val(w, "w:tblStyle", "Grid");
	S_start(w, "w:tblW");
	int total = 0;
	for (int i = 0; i < ncols; i++)
		total += widths[i];
	S_attr_int(w, "w:w", total);
	S_attr(w, "w:type", "dxa");
	S_end(w);
	S_start(w, "w:tblLayout");
	S_attr(w, "w:type", "fixed");
	S_end(w);
	S_end(w);
	S_start(w, "w:tblGrid");
	for (int i = 0; i < ncols; i++) {
		S_start(w, "w:gridCol");
		S_attr_int(w, "w:w", widths[i]);
		S_end(w);
	}
	S_end(w);
}

void pol_docx_table_end(pol_docx *x)
{
	S_end(x->w);
}

void pol_docx_row(pol_docx *x, bool header)
{
	S_start(x->w, "w:tr");
	S_start(x->w, "w:trPr");
	S_val(x->w, "w:cantSplit", NULL);
	if (header)
		S_val(x->w, "w:tblHeader", NULL);
	S_end(x->w);
}

void pol_docx_row_end(pol_docx *x)
{
	S_end(x->w);
}

void pol_docx_cell(pol_docx *x, int width, int span)
{
	pol_docx_cell_merged(x, width, span, 0);
}

void pol_docx_cell_merged(pol_docx *x, int width, int span, int vmerge)
{
	xmlTextWriterPtr w = x->w;
	S_start(w, "w:tc");
	S_start(w, "w:tcPr");
	S_start(w, "w:tcW");
	S_attr_int(w, "w:w", width);
	S_attr(w, "w:type", "dxa");
	S_end(w);
	if (span > 1) {
		S_start(w, "w:gridSpan");
		S_attr_int(w, "w:val", span);
		S_end(w);
	}
	if (vmerge)
		S_val(w, "w:vMerge", vmerge == 1 ? "restart" : NULL);
	S_end(w);
	x->cell_p = false;
}

/* A cell must end with a paragraph: an empty cell gets an empty one. */
void pol_docx_cell_end(pol_docx *x)
{
	if (!x->cell_p) {
		S_start(x->w, "w:p");
		S_end(x->w);
	}
	pol_docx_p_end(x);
	S_end(x->w);
}

/* ---- the package ---- */

pol_docx *pol_docx_new(char **err)
{
	const char *why = pol_dl_xml_open();
	if (why || (why = pol_dl_zip_open())) {
		*err = pol_xstrdup(why);
		return NULL;
	}
	pol_docx *x = pol_xcalloc(1, sizeof *x);
	x->w = S_writer(&x->buf);
	S_start(x->w, "w:document");
	S_attr(x->w, "xmlns:w", S_W);
	S_attr(x->w, "xmlns:r", S_R);
	S_start(x->w, "w:body");
	return x;
}

void pol_docx_free(pol_docx *x)
{
	if (!x)
		return;
	if (x->w)
		xmlFreeTextWriter(x->w);
	if (x->buf)
		xmlBufferFree(x->buf);
	free(x);
}

static const char S_content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/fontTable.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"
	"<Override PartName=\"/word/header1.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	"<Override PartName=\"/word/footer1.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" "
	"ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"<Override PartName=\"/docProps/app.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	"</Types>\n";

static const char S_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" "
	"Target=\"docProps/app.xml\"/>"
	"</Relationships>\n";

static const char S_doc_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
	"Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" "
	"Target=\"settings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" "
	"Target=\"fontTable.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" "
	"Target=\"header1.xml\"/>"
	"<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" "
	"Target=\"footer1.xml\"/>"
	"</Relationships>\n";

static const char S_settings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:settings xmlns:w=\"" S_W "\">"
	"<w:defaultTabStop w:val=\"840\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
	"w:val=\"15\"/></w:compat>"
	"</w:settings>\n";

/* 明朝 for the body, ゴシック for headings; the alternative names are the fonts
 * LibreOffice on Debian has (fonts-noto-cjk). */
static const char S_fonts[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:fonts xmlns:w=\"" S_W "\">"
	"<w:font w:name=\"ＭＳ 明朝\"><w:altName w:val=\"Noto Serif CJK JP\"/><w:charset w:val=\"80\"/>"
	"<w:family w:val=\"roman\"/><w:pitch w:val=\"fixed\"/></w:font>"
	"<w:font w:name=\"ＭＳ ゴシック\"><w:altName w:val=\"Noto Sans CJK JP\"/><w:charset w:val=\"80\"/>"
	"<w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>"
	"</w:fonts>\n";

#define S_MINCHO "<w:rFonts w:ascii=\"ＭＳ 明朝\" w:eastAsia=\"ＭＳ 明朝\" w:hAnsi=\"ＭＳ 明朝\" w:cs=\"ＭＳ 明朝\"/>"
#define S_GOTHIC "<w:rFonts w:ascii=\"ＭＳ ゴシック\" w:eastAsia=\"ＭＳ ゴシック\" w:hAnsi=\"ＭＳ ゴシック\" w:cs=\"ＭＳ ゴシック\"/>"
#define S_PSTYLE(id, name, ppr, rpr) \
	"<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>" \
	"<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>" ppr "</w:pPr><w:rPr>" rpr "</w:rPr></w:style>"
#define S_HEADING(n, size, before) \
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading" #n "\"><w:name w:val=\"heading " #n "\"/>" \
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Body\"/><w:qFormat/>" \
	"<w:pPr><w:keepNext/><w:spacing w:before=\"" before "\" w:after=\"60\"/><w:outlineLvl w:val=\"" \
	#n "\"/></w:pPr><w:rPr>" S_GOTHIC "<w:b/><w:sz w:val=\"" size "\"/></w:rPr></w:style>"

/* Children in the order the schema wants them (Word refuses a file otherwise): in pPr
 * keepNext, pageBreakBefore, tabs, spacing, ind, jc, outlineLvl; in rPr rFonts, b, color,
 * kern, sz, lang. */
static const char S_styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" S_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" S_MINCHO
	"<w:kern w:val=\"2\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"ja-JP\" w:eastAsia=\"ja-JP\"/>"
	"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/>"
	"<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
	"</w:style>"
	S_PSTYLE("Title", "Title", "<w:spacing w:before=\"240\" w:after=\"240\"/><w:jc w:val=\"center\"/>",
	         S_GOTHIC "<w:b/><w:sz w:val=\"32\"/>")
	S_PSTYLE("DocTitle", "Document Title",
	         "<w:keepNext/><w:pageBreakBefore/><w:spacing w:before=\"120\" w:after=\"240\"/><w:jc w:val=\"center\"/>"
	         "<w:outlineLvl w:val=\"0\"/>",
	         S_GOTHIC "<w:b/><w:sz w:val=\"28\"/>")
	S_HEADING(1, "26", "240") S_HEADING(2, "24", "200") S_HEADING(3, "22", "160") S_HEADING(4, "21", "120")
	S_HEADING(5, "21", "80") S_HEADING(6, "21", "60")
	S_PSTYLE("Body", "Body Text", "<w:ind w:firstLine=\"210\"/>", "")
	S_PSTYLE("Lead", "Numbered Text", "", "")
	S_PSTYLE("Caption", "Article Caption", "<w:keepNext/><w:ind w:left=\"210\"/>", "")
	S_PSTYLE("Meta", "Rule Metadata", "<w:keepNext/>", S_GOTHIC "<w:color w:val=\"555555\"/><w:sz w:val=\"18\"/>")
	S_PSTYLE("Check", "Check Item", "", "<w:sz w:val=\"19\"/>")
	S_PSTYLE("Notice", "Notice", "<w:spacing w:before=\"240\"/><w:jc w:val=\"center\"/>", "")
	S_PSTYLE("Mark", "Marking", "<w:jc w:val=\"right\"/>", S_GOTHIC "<w:b/><w:color w:val=\"A40000\"/>")
	S_PSTYLE("Center", "Centered", "<w:jc w:val=\"center\"/>", "")
	S_PSTYLE("Cell", "Table Text", "<w:jc w:val=\"left\"/>", "<w:sz w:val=\"19\"/>")
	S_PSTYLE("CellHead", "Table Heading", "<w:jc w:val=\"center\"/>", S_GOTHIC "<w:b/><w:sz w:val=\"19\"/>")
	S_PSTYLE("Header", "header", "<w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/><w:tab w:val=\"right\" "
	         "w:pos=\"9638\"/></w:tabs>", S_GOTHIC "<w:sz w:val=\"16\"/>")
	S_PSTYLE("Footer", "footer", "<w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/><w:tab w:val=\"right\" "
	         "w:pos=\"9638\"/></w:tabs>", S_GOTHIC "<w:sz w:val=\"16\"/>")
	"<w:style w:type=\"character\" w:styleId=\"Code\"><w:name w:val=\"Code\"/><w:rPr>"
	"<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:styleId=\"Grid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>"
	"<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
	"</w:tblCellMar></w:tblPr></w:style>"
	"</w:styles>\n";

/* A field (PAGE, NUMPAGES) as Word stores it: begin, instruction, a result, end. */
static void S_field(xmlTextWriterPtr w, const char *instr)
{
	S_start(w, "w:r");
	S_start(w, "w:fldChar");
	S_attr(w, "w:fldCharType", "begin");
	S_end(w);
	S_end(w);
	S_start(w, "w:r");
	S_start(w, "w:instrText");
	S_attr(w, "xml:space", "preserve");
	xmlTextWriterWriteFormatString(w, " %s ", instr);
	S_end(w);
	S_end(w);
	S_start(w, "w:r");
	S_start(w, "w:fldChar");
	S_attr(w, "w:fldCharType", "separate");
	S_end(w);
	S_end(w);
	S_start(w, "w:r");
	S_start(w, "w:t");
	xmlTextWriterWriteString(w, (const xmlChar *)"1");
	S_end(w);
	S_end(w);
	S_start(w, "w:r");
	S_start(w, "w:fldChar");
	S_attr(w, "w:fldCharType", "end");
	S_end(w);
	S_end(w);
}

static void S_tab(xmlTextWriterPtr w)
{
	S_start(w, "w:r");
	S_val(w, "w:tab", NULL);
	S_end(w);
}

/* header1.xml or footer1.xml: a paragraph of left, centre and right parts. */
static int S_header(pol_zipw *z, bool footer, const char *mark, const char *title, const char *label,
                    const char *stamp)
{
	xmlBufferPtr buf;
	pol_docx h = {0};
	h.w = S_writer(&buf);
	xmlTextWriterPtr w = h.w;
	S_start(w, footer ? "w:ftr" : "w:hdr");
	S_attr(w, "xmlns:w", S_W);
	S_attr(w, "xmlns:r", S_R);
	pol_docx_p(&h, footer ? "Footer" : "Header", 0, 0);
	if (!footer) {
		if (mark) {
			pol_docx_puts(&h, mark, POL_DOCX_BOLD);
			S_tab(w);
			pol_docx_puts(&h, title, 0);
			S_tab(w);
			pol_docx_puts(&h, label, 0);
		}
	} else {
		if (mark)
			pol_docx_puts(&h, stamp, 0);
		S_tab(w);
		S_field(w, "PAGE");
		pol_docx_puts(&h, " / ", 0);
		S_field(w, "NUMPAGES");
		if (mark) {
			S_tab(w);
			pol_docx_puts(&h, mark, POL_DOCX_BOLD);
		}
	}
	pol_docx_p_end(&h);
	S_end(w);
	return S_add_part(z, footer ? "word/footer1.xml" : "word/header1.xml", w, buf);
}

static int S_core(pol_zipw *z, const char *title, const char *date)
{
	xmlBufferPtr buf;
	xmlTextWriterPtr w = S_writer(&buf);
	S_start(w, "cp:coreProperties");
	S_attr(w, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	S_attr(w, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	S_attr(w, "xmlns:dcterms", "http://purl.org/dc/terms/");
	S_attr(w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
	xmlTextWriterWriteElement(w, (const xmlChar *)"dc:title", (const xmlChar *)(title ? title : ""));
	xmlTextWriterWriteElement(w, (const xmlChar *)"dc:creator", (const xmlChar *)"polc");
	xmlTextWriterWriteElement(w, (const xmlChar *)"dc:language", (const xmlChar *)"ja-JP");
	bool iso = date && strlen(date) == 10 && date[4] == '-' && date[7] == '-';
	char stamp[32];
	snprintf(stamp, sizeof stamp, "%sT00:00:00Z", iso ? date : "1980-01-01");
	S_start(w, "dcterms:created");
	S_attr(w, "xsi:type", "dcterms:W3CDTF");
	xmlTextWriterWriteString(w, (const xmlChar *)stamp);
	S_end(w);
	S_start(w, "dcterms:modified");
	S_attr(w, "xsi:type", "dcterms:W3CDTF");
	xmlTextWriterWriteString(w, (const xmlChar *)stamp);
	S_end(w);
	S_end(w);
	return S_add_part(z, "docProps/core.xml", w, buf);
}

static int S_app(pol_zipw *z)
{
	xmlBufferPtr buf;
	xmlTextWriterPtr w = S_writer(&buf);
	S_start(w, "Properties");
	S_attr(w, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
	xmlTextWriterWriteElement(w, (const xmlChar *)"Application", (const xmlChar *)"polc");
	S_end(w);
	return S_add_part(z, "docProps/app.xml", w, buf);
}

/* The section properties: A4, margins, the header and footer. */
static void S_sect(xmlTextWriterPtr w, bool landscape)
{
	S_start(w, "w:sectPr");
	S_start(w, "w:headerReference");
	S_attr(w, "w:type", "default");
	S_attr(w, "r:id", "rId4");
	S_end(w);
	S_start(w, "w:footerReference");
	S_attr(w, "w:type", "default");
	S_attr(w, "r:id", "rId5");
	S_end(w);
	S_start(w, "w:pgSz");
	S_attr(w, "w:w", landscape ? "16838" : "11906");
	S_attr(w, "w:h", landscape ? "11906" : "16838");
	if (landscape)
		S_attr(w, "w:orient", "landscape");
	S_end(w);
	S_start(w, "w:pgMar");
	S_attr(w, "w:top", "1134");
	S_attr(w, "w:right", "1134");
	S_attr(w, "w:bottom", "1134");
	S_attr(w, "w:left", "1134");
	S_attr(w, "w:header", "567");
	S_attr(w, "w:footer", "567");
	S_attr(w, "w:gutter", "0");
	S_end(w);
	S_start(w, "w:docGrid");
	S_attr(w, "w:type", "lines");
	S_attr(w, "w:linePitch", "360");
	S_end(w);
	S_end(w);
}

int pol_docx_finish(pol_docx *x, const char *path, const char *mark, const char *title, const char *label,
                    const char *stamp, const char *date, bool landscape, char **err)
{
	*err = NULL;
	pol_docx_p_end(x);
	S_sect(x->w, landscape);
	S_end(x->w); /* body */
	S_end(x->w); /* document */
	xmlTextWriterEndDocument(x->w);
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	pol_zipw *z = pol_zipw_open(path, err);
	if (!z) {
		pol_docx_free(x);
		return -1;
	}
	int rc = pol_zipw_add(z, "[Content_Types].xml", S_content_types, sizeof S_content_types - 1);
	rc |= pol_zipw_add(z, "_rels/.rels", S_rels, sizeof S_rels - 1);
	rc |= pol_zipw_add(z, "word/document.xml", (const char *)xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf));
	rc |= pol_zipw_add(z, "word/_rels/document.xml.rels", S_doc_rels, sizeof S_doc_rels - 1);
	rc |= pol_zipw_add(z, "word/styles.xml", S_styles, sizeof S_styles - 1);
	rc |= pol_zipw_add(z, "word/settings.xml", S_settings, sizeof S_settings - 1);
	rc |= pol_zipw_add(z, "word/fontTable.xml", S_fonts, sizeof S_fonts - 1);
	rc |= S_header(z, false, mark, title, label, stamp);
	rc |= S_header(z, true, mark, title, label, stamp);
	rc |= S_core(z, title, date);
	rc |= S_app(z);
	pol_docx_free(x);
	char *zerr = NULL;
	if (pol_zipw_close(z, &zerr) != 0 || rc) {
		*err = zerr ? zerr : pol_xstrdup("cannot write the document");
		return -1;
	}
	return 0;
}

/* ---- an edition ---- */

typedef struct S_ed {
	pol_docx *x;
	const pol_model *ed;
	bool nonpublic;
} S_ed;

/* The display width of s in characters of the body font (a full-width character is
 * one, an ASCII one half). */
static int S_width2(const char *s)
{
	int w = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(s + i, n - i, &cp);
		if (!k)
			break;
		w += pol_cp_width(cp);
		i += k;
	}
	return w;
}

/* The left indent, in characters, of numbered text of kind k. */
static int S_base(pol_kind k)
{
	switch (k) {
	case POL_ITEM: return 1;
	case POL_SUBITEM: return 2;
	case POL_SUBSUBITEM: return 3;
	default: return 0;
	}
}

/* A reiki 号 that defines a term, printed on one line as 例規 do: (1)　ネットワーク　…をいう。 */
static bool S_term_item(const S_ed *e, const pol_node *n)
{
	return e->ed->numbering == POL_NUM_REIKI && n->kind >= POL_ITEM && n->kind <= POL_SUBSUBITEM &&
	       (n->sem & POL_SEM_TERM) && n->title;
}

static bool S_is_lead(const S_ed *e, const pol_node *n)
{
	bool reiki = e->ed->numbering == POL_NUM_REIKI;
	return n->kind >= POL_ARTICLE && n->kind <= POL_SUBSUBITEM &&
	       (!n->title || (reiki && n->kind == POL_ARTICLE) || S_term_item(e, n));
}

/* One part of the metadata line: "label" then the items, a space before all but the first part. */
static void S_meta_part(pol_docx *x, bool *first, const char *label)
{
	if (!*first)
		pol_docx_puts(x, "　", 0);
	*first = false;
	pol_docx_puts(x, label, 0);
}

static void S_meta_nodes(pol_docx *x, bool *first, const char *label, pol_node *const *v, uint32_t n)
{
	if (!n)
		return;
	S_meta_part(x, first, label);
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			pol_docx_puts(x, "、", 0);
		pol_docx_puts(x, v[i]->ref ? v[i]->ref : v[i]->title, 0);
	}
}

/* A rule's level, roles and links (non-public editions), as meta.html.mustache shows them. */
static void S_meta(S_ed *e, const pol_node *n, int left)
{
	if (!e->nonpublic || !(n->level || n->napplies || n->owner || n->role || n->nimplements || n->ncounters))
		return;
	pol_docx *x = e->x;
	bool first = true;
	pol_docx_p(x, "Meta", left, 0);
	if (n->level) {
		S_meta_part(x, &first, "【");
		pol_docx_puts(x, pol_level_ja(n->level), 0);
		pol_docx_puts(x, "】", 0);
	}
	if (n->napplies) {
		S_meta_part(x, &first, "対象：");
		for (size_t i = 0; i < n->napplies; i++) {
			if (i)
				pol_docx_puts(x, "、", 0);
			pol_docx_puts(x, n->applies[i]->title, 0);
		}
	}
	if (n->owner) {
		S_meta_part(x, &first, "責任者：");
		pol_docx_puts(x, n->owner->title, 0);
	}
	if (n->role) {
		S_meta_part(x, &first, "担当：");
		pol_docx_puts(x, n->role->title, 0);
	}
	S_meta_nodes(x, &first, "実施する事項：", n->implements, n->nimplements);
	S_meta_nodes(x, &first, "対処する脅威：", n->counters, n->ncounters);
	pol_docx_p_end(x);
}

/* The 構成 table: grouped rows (①②…) under the policy's title, then the others. */
static void S_doctable(S_ed *e, const pol_node *n)
{
	pol_docx *x = e->x;
	const pol_model *ed = e->ed;
	if (n->title)
		S_para(x, "Center", 0, 0, n->title, POL_DOCX_BOLD);
	static const int widths[] = {3000, 3000, 3638};
	pol_docx_table(x, widths, 3, true);
	pol_docx_row(x, true);
	pol_docx_cell(x, widths[0] + widths[1], 2);
	S_para(x, "CellHead", 0, 0, "文書名", 0);
	pol_docx_cell_end(x);
	pol_docx_cell(x, widths[2], 1);
	S_para(x, "CellHead", 0, 0, "内容", 0);
	pol_docx_cell_end(x);
	pol_docx_row_end(x);
	for (int pass = 0; pass < 2; pass++) {
		bool first = true;
		for (size_t i = 0; i < ed->ndocs; i++) {
			const pol_node *d = ed->docs[i];
			const char *mark = pol_facts_doc_mark(ed->facts, pol_facts_index(ed->facts, d));
			if (d->tier == POL_TIER_PREFACE || (mark != NULL) != (pass == 0))
				continue;
			pol_docx_row(x, false);
			if (mark) { /* the policy's title once, over the rows it groups */
				pol_docx_cell_merged(x, widths[0], 1, first ? 1 : 2);
				if (first)
					S_para(x, "Cell", 0, 0, ed->title, 0);
				pol_docx_cell_end(x);
				pol_docx_cell(x, widths[1], 1);
				pol_docx_p(x, "Cell", 0, 0);
				pol_docx_puts(x, mark, 0);
				pol_docx_puts(x, d->title, 0);
				pol_docx_cell_end(x);
			} else {
				pol_docx_cell(x, widths[0] + widths[1], 2);
				S_para(x, "Cell", 0, 0, d->title, 0);
				pol_docx_cell_end(x);
			}
			pol_docx_cell(x, widths[2], 1);
			S_para(x, "Cell", 0, 0, pol_more(d)->summary ? pol_more(d)->summary : "", 0);
			pol_docx_cell_end(x);
			pol_docx_row_end(x);
			first = false;
		}
	}
	pol_docx_table_end(x);
}

static void S_checks(S_ed *e, const pol_node *n, int left)
{
	if (!e->nonpublic || !n->nchecks)
		return;
	pol_docx *x = e->x;
	S_para(x, "Meta", left, 0, "点検項目：", 0);
	for (size_t i = 0; i < n->nchecks; i++) {
		const pol_check *c = n->checks[i];
		char *q = pol_prose_plain(c->question);
		pol_docx_p(x, "Check", left + 2 * POL_DOCX_CHAR, POL_DOCX_CHAR);
		pol_docx_puts(x, "・", 0);
		pol_docx_puts(x, q, 0);
		if (c->every_ja) {
			pol_docx_puts(x, "（頻度：", 0);
			pol_docx_puts(x, c->every_ja, 0);
			pol_docx_puts(x, "）", 0);
		}
		if (c->evidence) {
			pol_docx_puts(x, "（証跡：", 0);
			pol_docx_puts(x, c->evidence, 0);
			pol_docx_puts(x, "）", 0);
		}
		pol_docx_p_end(x);
		free(q);
	}
}

static void S_node(S_ed *e, const pol_node *n, int depth)
{
	pol_docx *x = e->x;
	const pol_facts *f = e->ed->facts;
	int base = S_base(n->kind) * POL_DOCX_CHAR;
	if (pol_more(n)->caption)
		S_para(x, "Caption", 0, 0, pol_more(n)->caption, 0);
	if (S_is_lead(e, n)) {
		int hang = n->num ? (S_width2(n->num) + 3) / 2 * POL_DOCX_CHAR : 0;
		if (e->ed->numbering == POL_NUM_REIKI && (n->kind == POL_ARTICLE || n->kind == POL_PARAGRAPH))
			hang = POL_DOCX_CHAR;
		S_meta(e, n, base + hang);
		char *term_lead = S_term_item(e, n) ? pol_xasprintf("%s%s%s", n->num ? n->num : "", n->num ? "　" : "", n->title) : NULL;
		const char *lead = term_lead ? term_lead : n->num;
		if (n->body)
			pol_docx_prose(x, n->body, "Lead", base + hang, hang, lead);
		else if (lead)
			S_para(x, "Lead", base + hang, hang, lead, 0);
		free(term_lead);
	} else if (n->kind != POL_DOCTABLE && (n->num || n->title)) {
		char style[24];
		snprintf(style, sizeof style, "Heading%d", depth < 6 ? depth : 6);
		S_para(x, style, base, 0, pol_facts_heading(f, pol_facts_index(f, n)), 0);
		if (pol_more(n)->effective_era) {
			pol_docx_p(x, "Body", 0, 0);
			pol_docx_puts(x, "施行日　", 0);
			pol_docx_puts(x, pol_more(n)->effective_era, 0);
			pol_docx_p_end(x);
		}
		S_meta(e, n, base);
		if (n->body)
			pol_docx_prose(x, n->body, "Body", base, 0, NULL);
	} else if (n->body) {
		pol_docx_prose(x, n->body, "Body", base, 0, NULL);
	}
	if (n->kind == POL_DOCTABLE)
		S_doctable(e, n);
	for (size_t i = 0; i < n->nkids; i++)
		S_node(e, n->kids[i], depth + 1);
	S_checks(e, n, base);
}

/* The 目次 of a reiki document with chapters: chapters, sections, 款 and 附則 with
 * their article ranges, indented by depth (as mokuji.html.mustache lists them). */
static void S_moku_walk(S_ed *e, const pol_node *n, int depth)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind != POL_CHAPTER && k->kind != POL_SECTION && k->kind != POL_SUBSECTION &&
		    k->kind != POL_SUPPLEMENT)
			continue;
		pol_docx_p(e->x, "Body", (depth - 1) * POL_DOCX_CHAR, 0);
		pol_docx_puts(e->x, k->num, 0);
		if (k->title) {
			if (k->num)
				pol_docx_puts(e->x, "　", 0);
			pol_docx_puts(e->x, k->title, 0);
		}
		pol_docx_puts(e->x, k->toc_range, 0);
		pol_docx_p_end(e->x);
		S_moku_walk(e, k, depth + 1);
	}
}

static void S_mokuji(S_ed *e, const pol_node *d)
{
	if (e->ed->numbering != POL_NUM_REIKI)
		return;
	bool chapters = false;
	for (size_t i = 0; i < d->nkids && !chapters; i++)
		chapters = d->kids[i]->kind == POL_CHAPTER;
	if (!chapters)
		return;
	S_para(e->x, "Heading2", 0, 0, "目次", 0);
	S_moku_walk(e, d, 1);
}

static void S_cover(S_ed *e, const char *label)
{
	pol_docx *x = e->x;
	if (e->nonpublic)
		S_para(x, "Mark", 0, 0, "非公開", 0);
	S_para(x, "Title", 0, 0, e->ed->title, 0);
	S_para(x, "Center", 0, 0, e->ed->organization, 0);
	S_para(x, "Center", 0, 0, e->ed->issued_era, 0);
	S_para(x, "Center", 0, 0, label, 0);
}

static void S_glossary(S_ed *e)
{
	if (!e->ed->nterms)
		return;
	pol_docx *x = e->x;
	S_para(x, "DocTitle", 0, 0, "用語", 0);
	for (size_t i = 0; i < e->ed->nterms; i++) {
		const pol_term *t = e->ed->terms[i];
		pol_docx_p(x, "Lead", POL_DOCX_CHAR, POL_DOCX_CHAR);
		pol_docx_puts(x, t->title, POL_DOCX_BOLD);
		if (t->def_text) {
			pol_docx_puts(x, "　", 0);
			pol_docx_puts(x, t->def_text, 0);
		}
		pol_docx_p_end(x);
	}
}

static void S_history(S_ed *e)
{
	const pol_history *h = e->ed->history;
	if (!h)
		return;
	pol_docx *x = e->x;
	S_para(x, "Heading1", 0, 0, "改定履歴", 0);
	if (!h->n) {
		S_para(x, "Body", 0, 0, "（なし）", 0);
		return;
	}
	static const int widths[] = {1800, 1800, 6000};
	pol_docx_table(x, widths, 3, true);
	pol_docx_row(x, true);
	static const char *const heads[] = {"版", "年月", "改定の概要"};
	for (int c = 0; c < 3; c++) {
		pol_docx_cell(x, widths[c], 1);
		S_para(x, "CellHead", 0, 0, heads[c], 0);
		pol_docx_cell_end(x);
	}
	pol_docx_row_end(x);
	for (size_t i = 0; i < h->n; i++) {
		const pol_history_entry *en = &h->entries[i];
		pol_docx_row(x, false);
		pol_docx_cell(x, widths[0], 1);
		S_para(x, "Cell", 0, 0, en->edition, 0);
		pol_docx_cell_end(x);
		pol_docx_cell(x, widths[1], 1);
		S_para(x, "Cell", 0, 0, en->era_date, 0);
		pol_docx_cell_end(x);
		pol_docx_cell(x, widths[2], 1);
		S_para(x, "Cell", 0, 0, en->public_summary ? en->public_summary : "", 0);
		if (en->internal_summary)
			S_para(x, "Cell", 0, 0, en->internal_summary, 0);
		pol_docx_cell_end(x);
		pol_docx_row_end(x);
	}
	pol_docx_table_end(x);
}

int pol_docx_edition(const pol_model *ed, const char *path, char **err)
{
	pol_docx *x = pol_docx_new(err);
	if (!x)
		return -1;
	char *label = pol_edition_label(ed);
	S_ed e = {.x = x, .ed = ed, .nonpublic = ed->edition != POL_ED_PUBLIC};
	S_cover(&e, label);
	for (size_t i = 0; i < ed->ndocs; i++) {
		const pol_node *d = ed->docs[i];
		S_para(e.x, "DocTitle", 0, 0, d->title, 0);
		if (d->withheld)
			S_para(e.x, "Notice", 0, 0, pol_more(d)->notice ? pol_more(d)->notice : "本文書は非公開です。", 0);
		S_mokuji(&e, d);
		if (d->body)
			pol_docx_prose(e.x, d->body, "Body", 0, 0, NULL);
		for (size_t k = 0; k < d->nkids; k++)
			S_node(&e, d->kids[k], 2);
	}
	S_glossary(&e);
	S_history(&e);
	char *stamp = pol_xasprintf("版 %s", ed->rev.describe ? ed->rev.describe : "");
	S_para(e.x, "Center", 0, 0, stamp, 0);
	const char *mark = NULL;
	char *aud = NULL;
	if (ed->edition == POL_ED_AUDIENCE) {
		const pol_role *r = ed->audience ? pol_map_get(ed->role_by_id, ed->audience) : NULL;
		mark = aud = pol_xasprintf("非公開（%s向け）", r ? r->title : ed->audience ? ed->audience : "");
	} else if (e.nonpublic) {
		mark = "非公開";
	}
	int rc = pol_docx_finish(e.x, path, mark, ed->title, label, stamp, ed->rev.date, false, err);
	free(aud);
	free(stamp);
	free(label);
	return rc;
}
