/* lawxml.c — one document of an edition model as 法令標準XML (XMLSchema for Japanese Law
 * v3, stdLaw.xsd), written with libxml2's text writer, which escapes every text and
 * attribute.
 *
 * The model maps onto the schema almost one for one: the document is the Law (its
 * 公布日 gives Era, Year, PromulgateMonth and PromulgateDay; its 番号 gives Num and
 * LawNum), its title the LawTitle, its own text the EnactStatement (制定文), the reiki
 * 目次 the TOC, chapters, sections and 款 Chapter, Section and Subsection, articles
 * Article (caption, title, then its text as the first Paragraph and each @paragraph as
 * the next), items and sub-items Item, Subitem1 and Subitem2 (a titled item, as a
 * defined term, is two Columns: the term and its definition), each 附則 a
 * SupplProvision (an amendment's with AmendLawNum), each 別表 an AppdxTable and each
 * 様式 an AppdxStyle with the RelatedArticleNum of its rel=. Prose becomes one Sentence
 * per CommonMark block, inline markup its text (a {ref} its number), and GFM tables
 * Table elements (a TableStruct where the schema puts one). The model's numbers are
 * written as polc prints them (第1条, Arabic digits), not in kanji numerals. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "emit/lawxml.h"
#include "lib/dynlib_xml.h"

typedef struct S_lx {
	xmlTextWriterPtr w;
	const pol_model *m;
	pol_buf text;       /* the text of the block being collected */
} S_lx;

static void S_start(S_lx *x, const char *name)
{
	xmlTextWriterStartElement(x->w, BAD_CAST name);
}

static void S_end(S_lx *x)
{
	xmlTextWriterEndElement(x->w);
}

static void S_attr(S_lx *x, const char *name, const char *value)
{
	xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value);
}

static void S_attr_int(S_lx *x, const char *name, int value)
{
	char v[16];
	snprintf(v, sizeof v, "%d", value);
	S_attr(x, name, v);
}

/* <name>text</name>; an empty element for NULL or "". */
static void S_el(S_lx *x, const char *name, const char *text)
{
	S_start(x, name);
	if (text && *text)
		xmlTextWriterWriteString(x->w, BAD_CAST text);
	S_end(x);
}

/* ---- prose ------------------------------------------------------------------------------- */

static bool S_is_ext(cmark_node *n, const char *type)
{
	const char *t = cmark_node_get_type_string(n);
	return t && !strcmp(t, type);
}

static bool S_is_table(cmark_node *n)
{
	return S_is_ext(n, "table");
}

/* The text of a literal with each placeholder as its inline's text. */
static void S_put_literal(pol_buf *b, const pol_prose *p, const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	while (i < n) {
		size_t idx, k = pol_placeholder_at(s + i, n - i, &idx);
		if (k) {
			if (idx < p->ninl && p->inl[idx].text)
				pol_buf_puts(b, p->inl[idx].text);
			i += k;
		} else {
			pol_buf_putc(b, s[i++]);
		}
	}
}

/* The plain text of the inlines under n (Japanese lines join without a space). */
static void S_inline_text(pol_buf *b, const pol_prose *p, cmark_node *n)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
			S_put_literal(b, p, cmark_node_get_literal(c));
		else if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK)
			S_inline_text(b, p, c);
	}
}

/* One Sentence per text block under n (paragraphs, headings, code, raw HTML as text),
 * tables left out; returns how many were written. */
static int S_sentences_in(S_lx *x, const pol_prose *p, cmark_node *n)
{
	int count = 0;
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (S_is_table(c))
			continue;
		x->text.len = 0;
		pol_buf_put(&x->text, "", 0);
		if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
			S_inline_text(&x->text, p, c);
		} else if (t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK) {
			S_put_literal(&x->text, p, cmark_node_get_literal(c));
			while (x->text.len && x->text.data[x->text.len - 1] == '\n')
				x->text.data[--x->text.len] = 0;
		} else {
			count += S_sentences_in(x, p, c); /* lists, items, quotes */
			continue;
		}
		S_el(x, "Sentence", x->text.data);
		count++;
	}
	return count;
}

/* The Sentences of p, at least one (an empty one for no text). */
static void S_sentences(S_lx *x, const pol_prose *p)
{
	cmark_node *doc = p ? pol_prose_doc(p) : NULL;
	if (!doc || !S_sentences_in(x, p, doc))
		S_el(x, "Sentence", NULL);
}

/* A GFM table as a Table: its header row a TableHeaderRow (or, in a table of the
 * header alone, its only TableRow), each cell of the others a TableColumn with its
 * column's alignment. */
static void S_table(S_lx *x, const pol_prose *p, cmark_node *t)
{
	const uint8_t *align = cmark_gfm_extensions_get_table_alignments(t);
	uint16_t cols = cmark_gfm_extensions_get_table_columns(t);
	bool body = false;
	for (cmark_node *r = cmark_node_first_child(t); r; r = cmark_node_next(r))
		body |= !cmark_gfm_extensions_get_table_row_is_header(r);
	S_start(x, "Table");
	S_attr(x, "WritingMode", "horizontal");
	for (cmark_node *r = cmark_node_first_child(t); r; r = cmark_node_next(r)) {
		bool head = body && cmark_gfm_extensions_get_table_row_is_header(r);
		S_start(x, head ? "TableHeaderRow" : "TableRow");
		uint16_t i = 0;
		for (cmark_node *c = cmark_node_first_child(r); c; c = cmark_node_next(c), i++) {
			x->text.len = 0;
			pol_buf_put(&x->text, "", 0);
			S_inline_text(&x->text, p, c);
			if (head) {
				S_el(x, "TableHeaderColumn", x->text.data);
				continue;
			}
			S_start(x, "TableColumn");
			uint8_t a = align && i < cols ? align[i] : 0;
			if (a)
				S_attr(x, "Align", a == 'l' ? "left" : a == 'c' ? "center" : "right");
			S_el(x, "Sentence", x->text.data);
			S_end(x);
		}
		S_end(x);
	}
	S_end(x);
}

/* Each table of p as a TableStruct. */
static void S_table_structs(S_lx *x, const pol_prose *p)
{
	cmark_node *doc = p ? pol_prose_doc(p) : NULL;
	for (cmark_node *c = doc ? cmark_node_first_child(doc) : NULL; c; c = cmark_node_next(c))
		if (S_is_table(c)) {
			S_start(x, "TableStruct");
			S_table(x, p, c);
			S_end(x);
		}
}

/* ---- provisions ------------------------------------------------------------------------- */

static void S_subitems(S_lx *x, const pol_node *n, int level);

/* An item or sub-item: its title (the number), its text, what it holds, its tables. */
static void S_item(S_lx *x, const pol_node *n, int level)
{
	static const char *const el[] = {"Item", "Subitem1", "Subitem2"};
	char title[24], sentence[32];
	snprintf(title, sizeof title, "%sTitle", el[level]);
	snprintf(sentence, sizeof sentence, "%sSentence", el[level]);
	S_start(x, el[level]);
	S_attr_int(x, "Num", n->ordinal > 0 ? n->ordinal : 1);
	S_el(x, title, n->num);
	S_start(x, sentence);
	if (n->title) {
		/* a defined term and its definition, as the schema writes them */
		S_start(x, "Column");
		S_attr(x, "Num", "1");
		S_el(x, "Sentence", n->title);
		S_end(x);
		if (n->body) {
			S_start(x, "Column");
			S_attr(x, "Num", "2");
			S_sentences(x, n->body);
			S_end(x);
		}
	} else {
		S_sentences(x, n->body);
	}
	S_end(x);
	if (level < 2)
		S_subitems(x, n, level + 1);
	S_table_structs(x, n->body);
	S_end(x);
}

static void S_subitems(S_lx *x, const pol_node *n, int level)
{
	pol_kind want = level == 0 ? POL_ITEM : level == 1 ? POL_SUBITEM : POL_SUBSUBITEM;
	for (uint32_t i = 0; i < n->nkids; i++)
		if (n->kids[i]->kind == want)
			S_item(x, n->kids[i], level);
}

/* A Paragraph: number ord, label num (none for an article's first), text body, then its
 * tables and the items of holder. */
static void S_paragraph(S_lx *x, int ord, const char *num, const pol_prose *body, const pol_node *holder)
{
	S_start(x, "Paragraph");
	S_attr_int(x, "Num", ord > 0 ? ord : 1);
	S_el(x, "ParagraphNum", num);
	S_start(x, "ParagraphSentence");
	S_sentences(x, body);
	S_end(x);
	S_table_structs(x, body);
	if (holder)
		S_subitems(x, holder, 0);
	S_end(x);
}

/* The paragraphs of an article or a 附則: its own text (with its items) first, then each
 * @paragraph; at least one. */
static void S_paragraphs(S_lx *x, const pol_node *n)
{
	bool own = n->body || n->kind == POL_ARTICLE;
	bool any = false;
	for (uint32_t i = 0; i < n->nkids; i++)
		any |= n->kids[i]->kind == POL_PARAGRAPH;
	if (own || !any)
		S_paragraph(x, 1, NULL, n->body, n);
	for (uint32_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind == POL_PARAGRAPH)
			S_paragraph(x, k->ordinal, k->num, k->body, k);
	}
}

static void S_article(S_lx *x, const pol_node *n)
{
	S_start(x, "Article");
	if (n->deleted > 1) {
		/* 第5条から第7条まで　削除: e-Gov writes the numbers it stands for as Num="5:7" */
		char num[32];
		snprintf(num, sizeof num, "%d:%d", n->ordinal, n->ordinal + (int)n->deleted - 1);
		S_attr(x, "Num", num);
	} else {
		S_attr_int(x, "Num", n->ordinal > 0 ? n->ordinal : 1);
	}
	if (pol_more(n)->caption)
		S_el(x, "ArticleCaption", pol_more(n)->caption);
	S_el(x, "ArticleTitle", n->num);
	S_paragraphs(x, n);
	S_end(x);
}

/* A chapter, section or 款 and the articles and parts in it. */
static void S_division(S_lx *x, const pol_node *n)
{
	static const char *const el[] = {[POL_CHAPTER] = "Chapter", [POL_SECTION] = "Section",
	                                 [POL_SUBSECTION] = "Subsection"};
	char title[24];
	snprintf(title, sizeof title, "%sTitle", el[n->kind]);
	S_start(x, el[n->kind]);
	S_attr_int(x, "Num", n->ordinal > 0 ? n->ordinal : 1);
	char *h = pol_xasprintf("%s%s%s", n->num ? n->num : "", n->num && n->title ? "　" : "", n->title ? n->title : "");
	S_el(x, title, h);
	free(h);
	for (uint32_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind == POL_ARTICLE)
			S_article(x, k);
		else if (k->kind == POL_SECTION || k->kind == POL_SUBSECTION)
			S_division(x, k);
	}
	S_end(x);
}

static void S_supplement(S_lx *x, const pol_node *n)
{
	S_start(x, "SupplProvision");
	if (pol_more(n)->promulgated || pol_more(n)->law_number) {
		char *num = pol_xasprintf("%s%s", pol_more(n)->promulgated_era ? pol_more(n)->promulgated_era : "", pol_more(n)->law_number ? pol_more(n)->law_number : "");
		S_attr(x, "AmendLawNum", num);
		free(num);
	}
	S_el(x, "SupplProvisionLabel", n->num ? n->num : "附則");
	bool articles = false;
	for (uint32_t i = 0; i < n->nkids; i++)
		articles |= n->kids[i]->kind == POL_ARTICLE;
	if (articles) {
		for (uint32_t i = 0; i < n->nkids; i++)
			if (n->kids[i]->kind == POL_ARTICLE)
				S_article(x, n->kids[i]);
	} else {
		S_paragraphs(x, n);
	}
	S_end(x);
}

/* 別表第1, or 別表第1　TITLE: the number and the title as the heading prints them. */
static char *S_appendix_title(const pol_node *n)
{
	return pol_xasprintf("%s%s%s", n->num ? n->num : "", n->num && n->title ? "　" : "", n->title ? n->title : "");
}

static void S_appendix(S_lx *x, const pol_node *n)
{
	bool form = pol_more(n)->form;
	S_start(x, form ? "AppdxStyle" : "AppdxTable");
	if (form || (n->num && strcmp(n->num, "別表")))
		S_attr_int(x, "Num", n->ordinal);
	char *t = S_appendix_title(n);
	S_el(x, form ? "AppdxStyleTitle" : "AppdxTableTitle", t);
	free(t);
	if (pol_more(n)->relation)
		S_el(x, "RelatedArticleNum", pol_more(n)->relation);
	if (form) {
		/* the form itself: its lines and tables as they stand */
		S_start(x, "StyleStruct");
		S_start(x, "Style");
		cmark_node *doc = n->body ? pol_prose_doc(n->body) : NULL;
		for (cmark_node *c = doc ? cmark_node_first_child(doc) : NULL; c; c = cmark_node_next(c)) {
			if (S_is_table(c)) {
				S_table(x, n->body, c);
				continue;
			}
			x->text.len = 0;
			pol_buf_put(&x->text, "", 0);
			S_inline_text(&x->text, n->body, c);
			S_el(x, "Sentence", x->text.data);
		}
		S_end(x);
		S_end(x);
	} else {
		S_table_structs(x, n->body);
		/* text beside the tables: the 備考 */
		cmark_node *doc = n->body ? pol_prose_doc(n->body) : NULL;
		bool text = false;
		for (cmark_node *c = doc ? cmark_node_first_child(doc) : NULL; c; c = cmark_node_next(c))
			text |= !S_is_table(c);
		if (text) {
			S_start(x, "Remarks");
			S_el(x, "RemarksLabel", NULL);
			S_sentences(x, n->body);
			S_end(x);
		}
	}
	S_end(x);
}

/* ---- the 目次 --------------------------------------------------------------------------- */

static void S_toc_division(S_lx *x, const pol_node *n)
{
	static const char *const el[] = {[POL_CHAPTER] = "TOCChapter", [POL_SECTION] = "TOCSection",
	                                 [POL_SUBSECTION] = "TOCSubsection"};
	static const char *const title[] = {[POL_CHAPTER] = "ChapterTitle", [POL_SECTION] = "SectionTitle",
	                                    [POL_SUBSECTION] = "SubsectionTitle"};
	S_start(x, el[n->kind]);
	S_attr_int(x, "Num", n->ordinal > 0 ? n->ordinal : 1);
	char *h = pol_xasprintf("%s%s%s", n->num ? n->num : "", n->num && n->title ? "　" : "", n->title ? n->title : "");
	S_el(x, title[n->kind], h);
	free(h);
	if (n->toc_range)
		S_el(x, "ArticleRange", n->toc_range);
	for (uint32_t i = 0; i < n->nkids; i++)
		if (n->kids[i]->kind == POL_SECTION || n->kids[i]->kind == POL_SUBSECTION)
			S_toc_division(x, n->kids[i]);
	S_end(x);
}

static void S_toc(S_lx *x, const pol_node *doc)
{
	bool supplement = false;
	S_start(x, "TOC");
	S_el(x, "TOCLabel", "目次");
	for (uint32_t i = 0; i < doc->nkids; i++)
		if (doc->kids[i]->kind == POL_CHAPTER)
			S_toc_division(x, doc->kids[i]);
	for (uint32_t i = 0; i < doc->nkids && !supplement; i++)
		if (doc->kids[i]->kind == POL_SUPPLEMENT) {
			S_start(x, "TOCSupplProvision");
			S_el(x, "SupplProvisionLabel", "附則");
			S_end(x);
			supplement = true;
		}
	for (uint32_t i = 0; i < doc->nkids; i++) {
		const pol_node *k = doc->kids[i];
		if (k->kind != POL_APPENDIX)
			continue;
		char *t = S_appendix_title(k);
		char *l = pol_xasprintf("%s%s", t, pol_more(k)->relation ? pol_more(k)->relation : "");
		S_el(x, "TOCAppdxTableLabel", l);
		free(l);
		free(t);
	}
	S_end(x);
}

/* ---- the Law ---------------------------------------------------------------------------- */

/* Whether the schema has a place for n's divisions: a chapter, section or 款 holds
 * articles, then (or only) divisions, and is never empty. Reports the first that does
 * not fit. */
static bool S_fits(const pol_node *n, pol_diag *d)
{
	bool division = false, article = false;
	for (uint32_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind == POL_SECTION || k->kind == POL_SUBSECTION) {
			division = true;
			if (!S_fits(k, d))
				return false;
		} else if (k->kind == POL_ARTICLE) {
			if (division) {
				pol_error(d, k->span, "法令標準XML has no place for an article after a %s in the same %s",
				          n->kind == POL_CHAPTER ? "section" : "款", pol_kind_name(n->kind));
				return false;
			}
			article = true;
		}
	}
	if (n->kind != POL_DOCUMENT && !article && !division) {
		pol_error(d, n->span, "法令標準XML has no place for a %s without articles", pol_kind_name(n->kind));
		return false;
	}
	return true;
}

/* Era and year of an era date (平成31年3月29日): Era attribute, year (元年 is 1). */
static const char *S_era(const char *era_date, int *year)
{
	static const struct {
		const char *ja, *en;
	} eras[] = {{"令和", "Reiwa"}, {"平成", "Heisei"}, {"昭和", "Showa"}, {"大正", "Taisho"}, {"明治", "Meiji"}};
	for (size_t i = 0; i < sizeof eras / sizeof *eras; i++)
		if (!strncmp(era_date, eras[i].ja, strlen(eras[i].ja))) {
			const char *y = era_date + strlen(eras[i].ja);
			*year = !strncmp(y, "元", strlen("元")) ? 1 : atoi(y);
			return eras[i].en;
		}
	return NULL;
}

/* The last run of digits of a 番号 (訓令第5号 → 5), or 0. */
static int S_number_of(const char *num)
{
	int v = 0;
	for (const char *s = num; *s; s++)
		if (*s >= '0' && *s <= '9') {
			v = 0;
			while (*s >= '0' && *s <= '9' && v < 100000000)
				v = v * 10 + (*s++ - '0');
			s--;
		}
	return v;
}

int pol_lawxml_render(pol_buf *out, const pol_model *m, const pol_node *doc, pol_diag *d)
{
	int year = 0, num = pol_more(doc)->law_number ? S_number_of(pol_more(doc)->law_number) : 0;
	const char *era = pol_more(doc)->promulgated_era ? S_era(pol_more(doc)->promulgated_era, &year) : NULL;
	bool chapters = false;
	for (uint32_t i = 0; i < doc->nkids; i++)
		chapters |= doc->kids[i]->kind == POL_CHAPTER;
	if (!era || num <= 0 || !chapters) {
		pol_error(d, doc->span, "法令標準XML needs the document's %s",
		          !era ? "公布日 (promulgated=YYYY-MM-DD)"
		          : num <= 0 ? "番号 with its number (number=訓令第5号)" : "provisions in chapters");
		return -1;
	}
	for (uint32_t i = 0; i < doc->nkids; i++)
		if (doc->kids[i]->kind == POL_CHAPTER && !S_fits(doc->kids[i], d))
			return -1;
	const char *why = pol_dl_xml_open();
	if (why) {
		pol_error(d, (pol_span){0}, "%s", why);
		d->io_errors++;
		return -1;
	}
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	S_lx x = {.w = w, .m = m};
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	if (m->edition != POL_ED_PUBLIC)
		xmlTextWriterWriteComment(w, BAD_CAST(m->edition == POL_ED_AUDIENCE ? " 非公開（対象者版） " : " 非公開（内部版） "));
	S_start(&x, "Law");
	S_attr(&x, "Era", era);
	S_attr_int(&x, "Year", year);
	S_attr_int(&x, "Num", num);
	S_attr_int(&x, "PromulgateMonth", atoi(pol_more(doc)->promulgated + 5));
	S_attr_int(&x, "PromulgateDay", atoi(pol_more(doc)->promulgated + 8));
	S_attr(&x, "LawType", strstr(pol_more(doc)->law_number, "規則") ? "Rule" : "Misc");
	S_attr(&x, "Lang", "ja");
	/* LawNum: the era year and the 番号, as 平成31年訓令第3号 */
	const char *nen = strstr(pol_more(doc)->promulgated_era, "年");
	char *lawnum = pol_xasprintf("%.*s%s", nen ? (int)(nen - pol_more(doc)->promulgated_era + strlen("年")) : 0,
	                             pol_more(doc)->promulgated_era, pol_more(doc)->law_number);
	S_el(&x, "LawNum", lawnum);
	free(lawnum);
	S_start(&x, "LawBody");
	S_el(&x, "LawTitle", doc->title);
	cmark_node *enact = doc->body ? pol_prose_doc(doc->body) : NULL;
	for (cmark_node *c = enact ? cmark_node_first_child(enact) : NULL; c; c = cmark_node_next(c)) {
		x.text.len = 0;
		pol_buf_put(&x.text, "", 0);
		S_inline_text(&x.text, doc->body, c);
		S_el(&x, "EnactStatement", x.text.data);
	}
	if (m->numbering == POL_NUM_REIKI)
		S_toc(&x, doc);
	S_start(&x, "MainProvision");
	for (uint32_t i = 0; i < doc->nkids; i++)
		if (doc->kids[i]->kind == POL_CHAPTER)
			S_division(&x, doc->kids[i]);
	S_end(&x);
	for (uint32_t i = 0; i < doc->nkids; i++) {
		const pol_node *k = doc->kids[i];
		if (k->kind == POL_SUPPLEMENT)
			S_supplement(&x, k);
		else if (k->kind == POL_APPENDIX)
			S_appendix(&x, k);
	}
	S_end(&x); /* LawBody */
	S_end(&x); /* Law */
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	pol_buf_put(out, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	if (!out->len || out->data[out->len - 1] != '\n')
		pol_buf_putc(out, '\n');
	xmlBufferFree(xb);
	pol_buf_free(&x.text);
	return 0;
}
