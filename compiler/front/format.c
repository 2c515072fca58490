/* format.c — `polc fmt`: the canonical layout of one source file.
 *
 * The parser gives the directives and prose lines with their byte spans; everything
 * else on a line (comments, spacing) is read back from the file's text. Each line of
 * the file is given a class, then written out by class:
 *
 *   directive   rebuilt from its tokens: "@kw id title [a, b=c]  # comment", the
 *               bracketed attributes in one order (S_rank), values as written;
 *   attribute   an indented "key = value" line under a directive, two spaces in;
 *   prose       copied as written (CommonMark: trailing spaces can be a line break);
 *   comment     copied, trailing blanks dropped;
 *   verbatim    copied: a directive fmt has no rule for, with every line under it
 *               up to the next directive, and blank lines inside a fenced code block.
 *
 * Blank lines between two written lines follow S_blanks. None of this can change what
 * a file means, and pol_format proves it for each file: it parses its own result and
 * compares the two files' readings (S_reading), refusing a result that differs. */
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "front/format.h"

enum { L_NONE, L_BLANK, L_PROSE, L_COMMENT, L_HEAD, L_ATTR, L_VERB };

typedef struct S_line {
	int kind;
	const pol_directive *dir; /* L_HEAD, L_ATTR: the directive */
	const pol_attr *attr;     /* L_ATTR */
	bool known;               /* L_HEAD: a directive with formatting rules */
	bool indented;            /* starts with a space or a tab */
	bool raw_body;            /* in the prose of a directive that may hold a code block
	                             or HTML, whose blank lines are text (S_raw) */
	const char *b;            /* the text, without the newline and trailing CRs */
	size_t n;
} S_line;

/* The directives of the language (model/build.c); a keyword not here is copied as is. */
static const char *const S_known[] = {
	"policy", "include", "role", "param", "term", "document", "chapter", "section",
	"subsection", "article", "paragraph", "item", "subitem", "subsubitem", "rule",
	"threat", "measure", "procedure", "step", "supplement", "doctable", "check",
	"framework", "clause",
};

static bool S_is_known(const char *kw)
{
	for (size_t i = 0; i < sizeof S_known / sizeof *S_known; i++)
		if (!strcmp(kw, S_known[i]))
			return true;
	return false;
}

/* The order of bracketed attributes: what a node is, its level, its visibility, the
 * document's attributes, a parameter's value, who and what a rule concerns, a check's
 * frequency and evidence, a 附則's date; a framework's edition after its visibility, a rule's
 * framework clauses (maps) after what it counters. Unknown names go last, in the
 * author's order. */
static int S_rank(const char *key)
{
	static const char *const order[] = {
		" rule term threat measure procedure step number text duration date ",
		" must should may ",
		" public internal confidential ",
		" listed ", " tier ", " summary ", " notice ",
		" value ", " unit ",
		" edition ",
		" applies ", " owner ", " role ", " implements ", " counters ", " maps ",
		" every ", " evidence ",
		" effective ",
	};
	char probe[72];
	if (strlen(key) > 64)
		return 100;
	snprintf(probe, sizeof probe, " %s ", key);
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		if (strstr(order[i], probe))
			return (int)i;
	return 100;
}

static size_t S_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* The comment at the end of line l after byte `after`, or NULL; *n its length, trailing
 * blanks dropped. Nothing but separators ("]", ",", blanks) can stand between a line's
 * last token and its comment. */
static const char *S_comment(const S_line *l, const pol_file *f, size_t after, size_t *n)
{
	const char *p = f->text + after, *e = l->b + l->n;
	while (p < e && *p != '#')
		p++;
	if (p >= e)
		return NULL;
	size_t k = (size_t)(e - p);
	while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r'))
		k--;
	*n = k;
	return p;
}

static void S_span_put(pol_buf *out, const pol_span *s)
{
	pol_buf_put(out, s->file->text + s->begin, s->end - s->begin);
}

/* A prose line that may open a fenced code block or an HTML block, wherever it stands
 * (in a list item, a block quote): blank lines in such blocks are their text. */
static bool S_raw(const S_line *l)
{
	if (memmem(l->b, l->n, "```", 3) || memmem(l->b, l->n, "~~~", 3))
		return true;
	size_t i = 0;
	while (i < l->n && (l->b[i] == ' ' || l->b[i] == '\t' || l->b[i] == '>' || l->b[i] == '-' ||
	                    l->b[i] == '*' || l->b[i] == '+'))
		i++;
	return i < l->n && l->b[i] == '<';
}

/* Marks span s, where it falls on the line starting at byte off of length n, in seen. */
static void S_cover(char *seen, size_t off, size_t n, const pol_span *s)
{
	for (size_t i = s->begin; i < s->end; i++)
		if (i >= off && i < off + n)
			seen[i - off] = 1;
}

/* True when every byte of line l (of directive dir, at byte off) is one of the tokens
 * fmt rebuilds the line from, a separator ("[", "]", ",", "=", blanks) or the comment:
 * a line holding anything else — a token the grammar gained later — is copied as is. */
static bool S_understood(const S_line *l, size_t off, const pol_directive *dir, bool head, const pol_file *f)
{
	char *seen = pol_xcalloc(l->n + 1, 1);
	size_t last = off;
	if (head) {
		S_cover(seen, off, l->n, &dir->kw_span);
		last = S_max(last, dir->kw_span.end);
		if (dir->id) {
			S_cover(seen, off, l->n, &dir->id_span);
			last = S_max(last, dir->id_span.end);
		}
		if (dir->title) {
			S_cover(seen, off, l->n, &dir->title_span);
			last = S_max(last, dir->title_span.end);
		}
	}
	/* An attribute line holds its one attribute; the head line, those in brackets. */
	for (size_t k = 0; k < (head ? dir->nattrs : 1); k++) {
		const pol_attr *a = head ? &dir->attrs[k] : l->attr;
		if (a->key_span.begin < off || a->key_span.begin >= off + l->n)
			continue;
		S_cover(seen, off, l->n, &a->key_span);
		S_cover(seen, off, l->n, &a->value_span);
		last = S_max(last, S_max(a->key_span.end, a->value_span.end));
	}
	size_t cn, end = l->n;
	const char *c = S_comment(l, f, last, &cn);
	if (c)
		end = (size_t)(c - l->b);
	bool ok = true;
	for (size_t i = 0; i < end && ok; i++)
		ok = seen[i] || strchr(head ? " \t\r[],=" : " \t\r=", l->b[i]);
	free(seen);
	return ok;
}

/* Classifies every line of f from the parser's lines. Returns the array (caller frees). */
static S_line *S_classify(const pol_file *f, const pol_ast *ast)
{
	S_line *L = pol_xcalloc(f->nlines ? f->nlines : 1, sizeof *L);
	for (size_t i = 0; i < f->nlines; i++) {
		const char *b = f->text + f->lines[i];
		const char *e = memchr(b, '\n', f->len - f->lines[i]);
		size_t n = (size_t)(e - b);
		while (n > 0 && b[n - 1] == '\r')
			n--;
		L[i].b = b;
		L[i].n = n;
		L[i].indented = n > 0 && (b[0] == ' ' || b[0] == '\t');
	}
	for (size_t i = 0; i < ast->lines.len; i++) {
		const pol_line *pl = ast->lines.items[i];
		if (pl->kind == POL_LINE_DIRECTIVE) {
			const pol_directive *dir = pl->dir;
			size_t h = pol_file_line_index(f, dir->kw_span.begin);
			L[h].kind = L_HEAD;
			L[h].dir = dir;
			L[h].known = S_is_known(dir->keyword);
			for (size_t k = 0; k < dir->nattrs; k++) {
				size_t a = pol_file_line_index(f, dir->attrs[k].key_span.begin);
				if (a != h) {
					L[a].kind = L_ATTR;
					L[a].dir = dir;
					L[a].attr = &dir->attrs[k];
				}
			}
		} else if (pl->kind == POL_LINE_PROSE) {
			L[pol_file_line_index(f, pl->span.begin)].kind = L_PROSE;
		} else if (pl->kind == POL_LINE_BLANK) {
			L[pol_file_line_index(f, pl->span.begin)].kind = L_BLANK;
		}
	}
	for (size_t i = 0; i < f->nlines; i++) {
		S_line *l = &L[i];
		if ((l->kind == L_HEAD || l->kind == L_ATTR) &&
		    !S_understood(l, f->lines[i], l->dir, l->kind == L_HEAD, f)) {
			size_t h = pol_file_line_index(f, l->dir->kw_span.begin);
			L[h].known = false;
		}
	}
	/* What the parser left out is a comment line; anything else (a line kind added to
	 * the grammar later) is copied as it is. Then the regions fmt has no rules for, and
	 * the prose that may hold code or HTML. */
	bool verb = false;
	for (size_t i = 0; i < f->nlines; i++) {
		S_line *l = &L[i];
		if (l->kind == L_NONE)
			l->kind = l->n && l->b[0] == '#' ? L_COMMENT : L_VERB;
		if (l->kind == L_HEAD)
			verb = !l->known;
		if (verb)
			l->kind = L_VERB;
	}
	for (size_t i = 0; i < f->nlines;) {
		size_t j = i + 1;
		bool raw = false;
		while (j < f->nlines && L[j].kind != L_HEAD && !(L[j].kind == L_VERB && L[j].dir))
			j++;
		for (size_t k = i; k < j && !raw; k++)
			raw = L[k].kind == L_PROSE && S_raw(&L[k]);
		for (size_t k = i; k < j; k++)
			L[k].raw_body = raw;
		i = j;
	}
	return L;
}

/* ---- writing ------------------------------------------------------------------------ */

static void S_put_head(pol_buf *out, const S_line *l, const pol_file *f)
{
	const pol_directive *dir = l->dir;
	size_t last = dir->kw_span.end;
	pol_buf_putc(out, '@');
	pol_buf_puts(out, dir->keyword);
	if (dir->id) {
		pol_buf_putc(out, ' ');
		S_span_put(out, &dir->id_span);
		last = S_max(last, dir->id_span.end);
	}
	if (dir->title) {
		/* "@kw#x" has the title "#x", which after a blank would be a comment. */
		if (dir->id || dir->title[0] != '#')
			pol_buf_putc(out, ' ');
		S_span_put(out, &dir->title_span);
		last = S_max(last, dir->title_span.end);
	}
	/* The attributes on this line, stably sorted by rank (a handful: insertion sort). */
	const pol_attr **a = pol_xmalloc((dir->nattrs + 1) * sizeof *a);
	size_t na = 0;
	size_t h = pol_file_line_index(f, dir->kw_span.begin);
	for (size_t k = 0; k < dir->nattrs; k++) {
		const pol_attr *at = &dir->attrs[k];
		if (pol_file_line_index(f, at->key_span.begin) != h)
			continue;
		last = S_max(last, S_max(at->key_span.end, at->value_span.end));
		size_t j = na++;
		int r = S_rank(at->key);
		while (j > 0 && S_rank(a[j - 1]->key) > r) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = at;
	}
	if (na) {
		pol_buf_puts(out, " [");
		for (size_t k = 0; k < na; k++) {
			if (k)
				pol_buf_puts(out, ", ");
			pol_buf_puts(out, a[k]->key);
			if (a[k]->value) {
				pol_buf_putc(out, '=');
				S_span_put(out, &a[k]->value_span);
			}
		}
		pol_buf_putc(out, ']');
	}
	free(a);
	size_t cn;
	const char *c = S_comment(l, f, last, &cn);
	if (c) {
		pol_buf_puts(out, "  ");
		pol_buf_put(out, c, cn);
	}
}

static void S_put_attr_line(pol_buf *out, const S_line *l, const pol_file *f)
{
	pol_buf_puts(out, "  ");
	pol_buf_puts(out, l->attr->key);
	/* "k =#x" has the value "#x"; after a blank it would be a comment. */
	pol_buf_puts(out, l->attr->value_span.file->text[l->attr->value_span.begin] == '#' ? " =" : " = ");
	S_span_put(out, &l->attr->value_span);
	size_t cn;
	const char *c = S_comment(l, f, l->attr->value_span.end, &cn);
	if (c) {
		pol_buf_puts(out, "  ");
		pol_buf_put(out, c, cn);
	}
}

/* Where the next and the previous line that is neither a comment nor blank are, and
 * where each comment block ends: computed once, so that S_blanks is linear. */
typedef struct S_around {
	size_t *next_text, *prev_text; /* nl / (size_t)-1: none */
	size_t *after_comments;
} S_around;

static void S_around_init(S_around *a, const S_line *L, size_t nl)
{
	a->next_text = pol_xmalloc((nl + 1) * sizeof(size_t));
	a->prev_text = pol_xmalloc((nl + 1) * sizeof(size_t));
	a->after_comments = pol_xmalloc((nl + 1) * sizeof(size_t));
	a->next_text[nl] = a->after_comments[nl] = nl;
	for (size_t i = nl; i-- > 0;) {
		bool skip = L[i].kind == L_COMMENT || L[i].kind == L_BLANK;
		a->next_text[i] = skip ? a->next_text[i + 1] : i;
		a->after_comments[i] = L[i].kind == L_COMMENT ? a->after_comments[i + 1] : i;
	}
	for (size_t i = 0; i < nl; i++) {
		bool skip = L[i].kind == L_COMMENT || L[i].kind == L_BLANK;
		a->prev_text[i] = !skip ? i : i ? a->prev_text[i - 1] : (size_t)-1;
	}
}

static void S_around_fini(S_around *a)
{
	free(a->next_text);
	free(a->prev_text);
	free(a->after_comments);
}

/* How many blank lines stand between written lines p and q (NULL: the start or the end
 * of the file), which the author separated by n. */
static size_t S_blanks(const S_line *L, size_t nl, const S_around *ar, size_t pi, size_t qi, size_t n)
{
	/* A first line starting with U+FEFF would be read as a byte order mark and dropped. */
	if (pi == (size_t)-1 && qi < nl && L[qi].n >= 3 && !memcmp(L[qi].b, "\xEF\xBB\xBF", 3))
		return 1;
	if (pi == (size_t)-1 || qi == nl)
		return 0;
	const S_line *p = &L[pi], *q = &L[qi];
	/* Blank lines between two prose lines (comment lines are not there for CommonMark:
	 * the parser drops them) are collapsed only where they cannot be the text of a code
	 * block or an HTML block: not beside an indented line, not in prose that may open a
	 * fence or HTML anywhere. */
	size_t cp = ar->prev_text[pi], cq = ar->next_text[qi];
	if (cp != (size_t)-1 && cq != nl && L[cp].kind == L_PROSE && L[cq].kind == L_PROSE &&
	    (L[cp].raw_body || L[cp].indented || L[cq].indented))
		return n;
	/* A comment block right above a directive goes with it. */
	const S_line *anchor = q;
	bool via_comment = false;
	if (q->kind == L_COMMENT) {
		size_t j = ar->after_comments[qi];
		if (j < nl && L[j].kind == L_HEAD) {
			anchor = &L[j];
			via_comment = true;
		}
	}
	if (anchor->kind == L_HEAD && anchor->known) {
		/* A check belongs to the rule above it (comments above a check keep the author's
		 * spacing, so that a second run agrees with the first); any other directive
		 * after prose opens a new block. Between directives without prose the
		 * author's choice stays. */
		if (!strcmp(anchor->dir->keyword, "check"))
			return via_comment && n ? 1 : 0;
		if (p->kind == L_PROSE)
			return 1;
		return n ? 1 : 0;
	}
	/* A directive's prose starts on the next line; an indented line stays apart: right
	 * under a directive, "  key = value" would be an attribute, not prose. */
	if ((p->kind == L_HEAD || p->kind == L_ATTR) && q->kind == L_PROSE && !q->indented)
		return 0;
	return n ? 1 : 0;
}

static void S_write(pol_buf *out, const S_line *L, size_t nl, const pol_file *f)
{
	size_t prev = (size_t)-1, blanks = 0;
	S_around ar;
	S_around_init(&ar, L, nl);
	for (size_t i = 0; i <= nl; i++) {
		if (i < nl && L[i].kind == L_BLANK) {
			blanks++;
			continue;
		}
		size_t want = S_blanks(L, nl, &ar, prev, i, blanks);
		for (size_t k = 0; k < want; k++)
			pol_buf_putc(out, '\n');
		blanks = 0;
		if (i == nl)
			break;
		const S_line *l = &L[i];
		switch (l->kind) {
		case L_HEAD: S_put_head(out, l, f); break;
		case L_ATTR: S_put_attr_line(out, l, f); break;
		case L_COMMENT: {
			size_t n = l->n;
			while (n > 0 && (l->b[n - 1] == ' ' || l->b[n - 1] == '\t' || l->b[n - 1] == '\r'))
				n--;
			pol_buf_put(out, l->b, n);
			break;
		}
		default: pol_buf_put(out, l->b, l->n); break;
		}
		pol_buf_putc(out, '\n');
		prev = i;
	}
	S_around_fini(&ar);
}

/* ---- the check ---------------------------------------------------------------------- */

static int S_attr_cmp(const void *x, const void *y)
{
	const pol_attr *a = *(const pol_attr *const *)x, *b = *(const pol_attr *const *)y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	if (!a->value || !b->value)
		return !!a->value - !!b->value;
	return strcmp(a->value, b->value);
}

static void S_field(pol_buf *b, const char *s)
{
	pol_buf_putc(b, '\x1f');
	if (s)
		pol_buf_puts(b, s);
	else
		pol_buf_putc(b, '\x01');
}

/* What a file says, as one string: each directive (keyword, id, title and its
 * attributes in any order, with their values), each prose line, each comment and each
 * verbatim line, in order, and a paragraph break wherever blank lines separate two
 * prose lines. Two files that read alike have the same reading. */
static void S_reading(pol_buf *r, const S_line *L, size_t nl, const pol_file *f)
{
	int last = L_NONE;
	bool blank = false;
	for (size_t i = 0; i < nl; i++) {
		const S_line *l = &L[i];
		size_t cn = 0;
		const char *c = NULL;
		switch (l->kind) {
		case L_BLANK:
			blank = true;
			continue;
		case L_HEAD: {
			const pol_directive *dir = l->dir;
			pol_buf_putc(r, 'D');
			S_field(r, dir->keyword);
			S_field(r, dir->id);
			S_field(r, dir->title);
			const pol_attr **a = pol_xmalloc((dir->nattrs + 1) * sizeof *a);
			size_t last_end = S_max(dir->kw_span.end, S_max(dir->id ? dir->id_span.end : 0,
			                                                 dir->title ? dir->title_span.end : 0));
			size_t h = pol_file_line_index(f, dir->kw_span.begin);
			for (size_t k = 0; k < dir->nattrs; k++) {
				a[k] = &dir->attrs[k];
				if (pol_file_line_index(f, a[k]->key_span.begin) == h)
					last_end = S_max(last_end, S_max(a[k]->key_span.end, a[k]->value_span.end));
			}
			qsort(a, dir->nattrs, sizeof *a, S_attr_cmp);
			for (size_t k = 0; k < dir->nattrs; k++) {
				S_field(r, a[k]->key);
				S_field(r, a[k]->value);
			}
			free(a);
			c = S_comment(l, f, last_end, &cn);
			break;
		}
		case L_ATTR:
			pol_buf_putc(r, 'A');
			c = S_comment(l, f, l->attr->value_span.end, &cn);
			break;
		case L_PROSE:
			if (blank && last == L_PROSE)
				pol_buf_puts(r, "B\n");
			pol_buf_putc(r, 'P');
			pol_buf_put(r, l->b, l->n);
			break;
		case L_COMMENT:
			c = l->b;
			cn = l->n;
			while (cn > 0 && (c[cn - 1] == ' ' || c[cn - 1] == '\t' || c[cn - 1] == '\r'))
				cn--;
			pol_buf_putc(r, 'C');
			break;
		default:
			pol_buf_putc(r, 'V');
			pol_buf_put(r, l->b, l->n);
			break;
		}
		if (c) {
			pol_buf_putc(r, '#');
			pol_buf_put(r, c, cn);
		}
		pol_buf_putc(r, '\n');
		/* The parser drops comment lines: prose on both sides of one is one text. */
		if (l->kind != L_COMMENT) {
			last = l->kind;
			blank = false;
		}
	}
}

/* ---- the entry point ---------------------------------------------------------------- */

/* Parses f and gives its line classes (NULL with diagnostics in d when it does not parse). */
static S_line *S_read(pol_ast *ast, const pol_file *f, pol_diag *d)
{
	if (pol_parse_file(ast, f, d) < 0)
		return NULL;
	return S_classify(f, ast);
}

pol_format_status pol_format(pol_buf *out, const pol_file *in, pol_diag *d)
{
	size_t skip = in->len >= 3 && !memcmp(in->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	size_t bad = pol_utf8_invalid_at(in->text, in->len);
	if (bad != (size_t)-1) {
		pol_span s = {in, (uint32_t)bad, (uint32_t)bad + 1};
		if (in->text[bad] == 0)
			pol_error(d, s, "NUL byte at byte %zu", bad);
		else
			pol_error(d, s, "invalid UTF-8 (byte 0x%02X at byte %zu)", (unsigned char)in->text[bad], bad);
		return POL_FORMAT_INVALID;
	}
	pol_file *f = pol_file_new(in->path, in->rel, in->text + skip, in->len - skip);
	pol_ast ast = {0}, ast2 = {0};
	pol_buf mine = {0}, r1 = {0}, r2 = {0};
	pol_file *g = NULL;
	S_line *L = NULL, *L2 = NULL;
	pol_format_status st = POL_FORMAT_INVALID;

	if (!(L = S_read(&ast, f, d)))
		goto cleanup;
	S_write(&mine, L, f->nlines, f);

	/* The proof: the result parses and reads as the input does. */
	st = POL_FORMAT_UNSAFE;
	pol_diag quiet;
	pol_diag_init(&quiet, NULL);
	g = pol_file_new(in->path, in->rel, mine.data ? mine.data : "", mine.len);
	L2 = S_read(&ast2, g, &quiet);
	pol_diag_fini(&quiet);
	if (L2) {
		S_reading(&r1, L, f->nlines, f);
		/* An empty result is a file of one empty line to the parser: it reads as nothing. */
		if (mine.len)
			S_reading(&r2, L2, g->nlines, g);
		if (r1.len == r2.len && (!r1.len || !memcmp(r1.data, r2.data, r1.len)))
			st = POL_FORMAT_OK;
	}
	if (st != POL_FORMAT_OK) {
		pol_span none = {0};
		pol_error(d, none, "%s: formatting would change how the file reads; it is left as it is "
		          "(a bug in polc fmt: please report it with the file)", in->path);
		goto cleanup;
	}
	if (mine.len)
		pol_buf_put(out, mine.data, mine.len);

cleanup:
	free(L);
	free(L2);
	pol_ast_fini(&ast);
	pol_ast_fini(&ast2);
	pol_file_free(f);
	pol_file_free(g);
	pol_buf_free(&mine);
	pol_buf_free(&r1);
	pol_buf_free(&r2);
	return st;
}
