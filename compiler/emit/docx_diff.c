/* docx_diff.c — the 新旧対照表 as a Word document (emit/docx.h).
 *
 * The rows are the diff's (emit/diff.h), shown as the HTML page shows them
 * (diff.html.mustache): a two-column table, 改正後 on the left and 改正前 on the
 * right as 例規 print it, unchanged stretches folded to （略）, a new node marked
 * （新設）, a removed one （削る）, renumbered and moved nodes noted, each rule's attribute
 * line and checks under it, and the roles, terms and parameters in a second table; in a
 * changed text the characters that differ are underlined on each side, from the
 * character diff (lib/textdiff.h). The page is A4 landscape. */
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "emit/docx.h"
#include "lib/textdiff.h"

/* One side (0 old, 1 new) of a text, the characters that differ underlined when
 * `changed`; prefix (a number) first. */
static void S_side_text(pol_docx *x, const char *a, const char *b, int side, bool changed, unsigned flags,
                        unsigned extra)
{
	const char *s = side ? b : a;
	pol_diff_span *spans = NULL;
	size_t n = 0;
	if (!changed || pol_textdiff(&spans, &n, a, strlen(a), b, strlen(b), flags, 0) < 0) {
		pol_docx_puts(x, s, extra);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const pol_diff_span *sp = &spans[i];
		if (sp->op == POL_DIFF_EQ)
			pol_docx_text(x, s + (side ? sp->b_begin : sp->a_begin),
			              side ? sp->b_end - sp->b_begin : sp->a_end - sp->a_begin, extra);
		else if (sp->op == POL_DIFF_DEL && side == 0)
			pol_docx_text(x, a + sp->a_begin, sp->a_end - sp->a_begin, extra | POL_DOCX_UNDERLINE);
		else if (sp->op == POL_DIFF_INS && side == 1)
			pol_docx_text(x, b + sp->b_begin, sp->b_end - sp->b_begin, extra | POL_DOCX_UNDERLINE);
	}
	free(spans);
}

/* The cell of one side of row r. */
static void S_cell(pol_docx *x, const pol_diff *d, const pol_diff_row *r, int side, int width)
{
	const pol_node *n = side ? r->new_node : r->old_node;
	unsigned ch = r->changes;
	bool text = (ch & (POL_CHG_TEXT | POL_CHG_ADDED | POL_CHG_REMOVED)) != 0;
	pol_docx_cell(x, width, 1);
	if (side == 1) {
		if (ch & POL_CHG_NUMBER) {
			char *note = pol_xasprintf("番号変更 %s → %s", r->old_node->num ? r->old_node->num : "（なし）",
			                           r->new_node->num ? r->new_node->num : "（なし）");
			pol_docx_p(x, "Meta", 0, 0);
			pol_docx_puts(x, note, 0);
			free(note);
		}
		if (ch & POL_CHG_MOVED) {
			const pol_node *o = r->old_node, *nn = r->new_node;
			char *note = pol_xasprintf("移動 %s → %s", o->ref ? o->ref : o->key, nn->ref ? nn->ref : nn->key);
			pol_docx_p(x, "Meta", 0, 0);
			pol_docx_puts(x, note, 0);
			free(note);
		}
	}
	const char *mark = side && (ch & POL_CHG_ADDED) ? "（新設）" : side && !n ? "（削る）" : NULL;
	if (mark) {
		pol_docx_p(x, "Cell", 0, 0);
		pol_docx_puts(x, mark, 0);
	}
	if (n) {
		bool tch = text && strcmp(r->old_title, r->new_title);
		bool bch = text && strcmp(r->old_body, r->new_body);
		/* A side that only exists on one side is all changed: underlined whole. */
		bool whole = (ch & (POL_CHG_ADDED | POL_CHG_REMOVED)) != 0;
		if (n->num || *(side ? r->new_title : r->old_title)) {
			pol_docx_p(x, "Cell", 0, 0);
			if (n->num) {
				pol_docx_puts(x, n->num, POL_DOCX_BOLD);
				pol_docx_puts(x, "　", 0);
			}
			S_side_text(x, r->old_title, r->new_title, side, tch, d->flags, POL_DOCX_BOLD | (whole ? POL_DOCX_UNDERLINE : 0));
		}
		const char *body = side ? r->new_body : r->old_body;
		if (*body && text) {
			pol_docx_p(x, "Cell", POL_DOCX_CHAR, 0);
			S_side_text(x, r->old_body, r->new_body, side, bch, d->flags, whole ? POL_DOCX_UNDERLINE : 0);
		} else if (*body) {
			pol_docx_p(x, "Cell", POL_DOCX_CHAR, 0);
			pol_docx_puts(x, "（略）", 0);
		}
		/* The attribute line (区分、対象、責任者 …), its changed values underlined. */
		const char *attrs = side ? r->new_attrs : r->old_attrs;
		if (attrs && *attrs) {
			pol_docx_p(x, "Meta", 0, 0);
			S_side_text(x, r->old_attrs, r->new_attrs, side, !whole && (ch & POL_CHG_ATTRS), d->flags,
			            whole ? POL_DOCX_UNDERLINE : 0);
		}
	}
	/* The checks, as the HTML page shows them: a changed one underlined where it
	 * differs, an added one marked （新設） on the new side, a removed one （削る）. */
	bool whole = (ch & (POL_CHG_ADDED | POL_CHG_REMOVED)) != 0;
	for (size_t i = 0; i < r->nchecks; i++) {
		const pol_diff_check *c = &r->checks[i];
		const pol_check *mine = side ? c->new : c->old;
		bool changed = !whole && (!c->old || !c->new || c->what);
		if (mine) {
			pol_docx_p(x, "Meta", 0, 0);
			if (side && !c->old && !whole)
				pol_docx_puts(x, "（新設）", 0);
			S_side_text(x, c->old_text, c->new_text, side, changed, d->flags, whole ? POL_DOCX_UNDERLINE : 0);
		} else if (side && !whole) {
			pol_docx_p(x, "Meta", 0, 0);
			pol_docx_puts(x, "（削る）", 0);
		}
	}
	pol_docx_cell_end(x);
}

/* One side of a role, term or parameter row: its kind and id, then its text; the new
 * side of a parameter says where it is used. */
static void S_def_cell(pol_docx *x, const pol_diff *d, const pol_diff_def *f, int side, int width)
{
	pol_docx_cell(x, width, 1);
	const void *mine = side ? f->new : f->old;
	bool whole = (f->changes & (POL_CHG_ADDED | POL_CHG_REMOVED)) != 0;
	char *used = side ? pol_diff_def_used_in(f) : NULL;
	if (used) {
		pol_docx_p(x, "Meta", 0, 0);
		pol_docx_puts(x, used, 0);
		free(used);
	}
	if (side && !mine) {
		pol_docx_p(x, "Cell", 0, 0);
		pol_docx_puts(x, "（削る）", 0);
	} else if (mine) {
		char *title = pol_xasprintf("%s %s", pol_diff_def_label(f->kind), f->id);
		pol_docx_p(x, "Cell", 0, 0);
		if (side && !f->old)
			pol_docx_puts(x, "（新設）", 0);
		pol_docx_puts(x, title, POL_DOCX_BOLD);
		free(title);
		pol_docx_p(x, "Cell", POL_DOCX_CHAR, 0);
		S_side_text(x, f->old_text, f->new_text, side, !whole, d->flags, whole ? POL_DOCX_UNDERLINE : 0);
	}
	pol_docx_cell_end(x);
}

/* A two-column table, its head row 改正後 | 改正前 repeated on every page. */
static void S_table(pol_docx *x, const int widths[2])
{
	pol_docx_table(x, widths, 2, true);
	pol_docx_row(x, true);
	for (int c = 0; c < 2; c++) {
		pol_docx_cell(x, widths[c], 1);
		pol_docx_p(x, "CellHead", 0, 0);
		pol_docx_puts(x, c ? "改正前" : "改正後", 0);
		pol_docx_cell_end(x);
	}
	pol_docx_row_end(x);
}

int pol_docx_diff(const pol_diff *d, const char *old_rev, const char *new_rev, const char *path, char **err)
{
	pol_docx *x = pol_docx_new(err);
	if (!x)
		return -1;
	char *label = pol_edition_label(d->new_m);
	const char *title = d->new_m->title ? d->new_m->title : "";
	bool nonpublic = d->new_m->edition != POL_ED_PUBLIC;
	if (nonpublic) {
		pol_docx_p(x, "Mark", 0, 0);
		pol_docx_puts(x, "非公開", 0);
	}
	char *head = pol_xasprintf("%s 新旧対照表", title);
	pol_docx_p(x, "Title", 0, 0);
	pol_docx_puts(x, head, 0);
	pol_docx_p(x, "Center", 0, 0);
	pol_docx_puts(x, label, 0);
	char *revs = pol_xasprintf("改正後 %s%s%s%s　改正前 %s%s%s%s", new_rev, d->new_m->rev.short_commit ? "（" : "",
	                           d->new_m->rev.short_commit ? d->new_m->rev.short_commit : "",
	                           d->new_m->rev.short_commit ? "）" : "", old_rev, d->old_m->rev.short_commit ? "（" : "",
	                           d->old_m->rev.short_commit ? d->old_m->rev.short_commit : "",
	                           d->old_m->rev.short_commit ? "）" : "");
	pol_docx_p(x, "Center", 0, 0);
	pol_docx_puts(x, revs, 0);
	char *counts = pol_xasprintf("新設 %zu　削る %zu　改正 %zu　番号変更 %zu　移動 %zu　属性 %zu　点検 %zu　定義 %zu",
	                             d->added, d->removed, d->modified, d->renumbered, d->moved, d->attributes,
	                             d->checks, d->definitions);
	pol_docx_p(x, "Center", 0, 0);
	pol_docx_puts(x, counts, 0);
	if (d->draft) {
		pol_docx_p(x, "Center", 0, 0);
		pol_docx_puts(x, "未確定（改正後は、コミットされていない草案）", 0);
	}
	bool any = d->added || d->removed || d->modified || d->renumbered || d->moved || d->attributes || d->checks ||
	           d->definitions;
	if (!any) {
		pol_docx_p(x, "Body", 0, 0);
		pol_docx_puts(x, "改正前と改正後に違いはありません。", 0);
	} else {
		pol_docx_p(x, "Body", 0, 0);
		pol_docx_puts(x, "（傍線部分は改正部分）", 0);
		static const int widths[] = {7285, 7285};
		S_table(x, widths);
		bool folded = false;
		for (size_t i = 0; i < d->nrows; i++) {
			const pol_diff_row *r = &d->rows[i];
			if (!r->changes && !r->context) {
				if (!folded) {
					pol_docx_row(x, false);
					for (int c = 0; c < 2; c++) {
						pol_docx_cell(x, widths[c], 1);
						pol_docx_p(x, "Center", 0, 0);
						pol_docx_puts(x, "（略）", 0);
						pol_docx_cell_end(x);
					}
					pol_docx_row_end(x);
				}
				folded = true;
				continue;
			}
			folded = false;
			pol_docx_row(x, false);
			S_cell(x, d, r, 1, widths[0]);
			S_cell(x, d, r, 0, widths[1]);
			pol_docx_row_end(x);
		}
		pol_docx_table_end(x);
		bool defs = false;
		for (size_t i = 0; i < d->ndefs; i++)
			defs |= d->defs[i].changes != 0;
		if (defs) {
			pol_docx_p(x, "Heading2", 0, 0);
			pol_docx_puts(x, "役割、用語及びパラメータ", 0);
			S_table(x, widths);
			for (size_t i = 0; i < d->ndefs; i++) {
				const pol_diff_def *f = &d->defs[i];
				if (!f->changes)
					continue;
				pol_docx_row(x, false);
				S_def_cell(x, d, f, 1, widths[0]);
				S_def_cell(x, d, f, 0, widths[1]);
				pol_docx_row_end(x);
			}
			pol_docx_table_end(x);
		}
	}
	char *stamp = pol_xasprintf("新旧対照表 %s → %s", old_rev, new_rev);
	int rc = pol_docx_finish(x, path, nonpublic ? "非公開" : NULL, head, label, stamp, d->new_m->rev.date, true, err);
	free(stamp);
	free(counts);
	free(revs);
	free(head);
	free(label);
	return rc;
}
