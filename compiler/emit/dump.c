/* dump.c — a stable text form of the model.
 *
 * One line per node, indented by depth: number, kind, key, title, visibility and
 * resolved attributes; then roles, terms and parameters. Spec tests compare it, so
 * it shows every decision the compiler made (numbers, references, inheritance). */
#include <stdlib.h>
#include <string.h>

#include "emit/dump.h"
#include "model/facts.h"

static void S_node(pol_buf *b, const pol_node *n, int depth)
{
	for (int i = 0; i < depth; i++)
		pol_buf_puts(b, "  ");
	pol_buf_printf(b, "%s %s", pol_kind_name(n->kind), n->key);
	if (n->num)
		pol_buf_printf(b, " num=%s", n->num);
	if (n->ref)
		pol_buf_printf(b, " ref=%s", n->ref);
	if (pol_more(n)->caption)
		pol_buf_printf(b, " caption=%s", pol_more(n)->caption);
	if (n->toc_range)
		pol_buf_printf(b, " range=%s", n->toc_range);
	if (n->title)
		pol_buf_printf(b, " title=%s", n->title);
	pol_buf_printf(b, " [%s", pol_vis_name(n->vis));
	if (n->kind == POL_DOCUMENT) {
		if (n->tier)
			pol_buf_printf(b, " tier=%s", pol_tier_name(n->tier));
		if (n->listed)
			pol_buf_puts(b, " listed");
	}
	static const char *sems[] = {"rule", "term", "threat", "measure", "procedure", "step"};
	for (int i = 0; i < 6; i++)
		if (n->sem & (1u << i))
			pol_buf_printf(b, " %s", sems[i]);
	if (n->level)
		pol_buf_printf(b, " %s", pol_level_name(n->level));
	for (size_t i = 0; i < n->napplies; i++)
		pol_buf_printf(b, "%s%s", i ? " " : " applies=", n->applies[i]->id);
	if (n->owner)
		pol_buf_printf(b, " owner=%s", n->owner->id);
	if (n->role)
		pol_buf_printf(b, " role=%s", n->role->id);
	for (size_t i = 0; i < n->nimplements; i++)
		pol_buf_printf(b, "%s%s", i ? " " : " implements=", n->implements[i]->key);
	for (size_t i = 0; i < n->ncounters; i++)
		pol_buf_printf(b, "%s%s", i ? " " : " counters=", n->counters[i]->key);
	for (size_t i = 0; i < n->nmaps; i++)
		pol_buf_printf(b, "%s%s", i ? " " : " maps=", n->maps[i]->key);
	if (pol_more(n)->effective)
		pol_buf_printf(b, " effective=%s(%s)", pol_more(n)->effective, pol_more(n)->effective_era);
	else if (pol_more(n)->effective_era)
		pol_buf_printf(b, " effective=(%s)", pol_more(n)->effective_era);
	if (pol_more(n)->promulgated)
		pol_buf_printf(b, " promulgated=%s(%s)", pol_more(n)->promulgated, pol_more(n)->promulgated_era);
	if (pol_more(n)->law_number)
		pol_buf_printf(b, " number=%s", pol_more(n)->law_number);
	if (pol_more(n)->form)
		pol_buf_puts(b, " form");
	for (size_t i = 0; i < n->nrelated; i++)
		pol_buf_printf(b, "%s%s", i ? " " : " rel=", n->related[i]->key);
	if (pol_more(n)->relation)
		pol_buf_printf(b, " %s", pol_more(n)->relation);
	pol_buf_puts(b, "]\n");
	if (n->body) {
		char *t = pol_prose_plain(n->body);
		for (int i = 0; i <= depth; i++)
			pol_buf_puts(b, "  ");
		pol_buf_puts(b, "| ");
		for (char *p = t; *p; p++) {
			pol_buf_putc(b, *p);
			if (*p == '\n') {
				for (int i = 0; i <= depth; i++)
					pol_buf_puts(b, "  ");
				pol_buf_puts(b, "| ");
			}
		}
		pol_buf_putc(b, '\n');
		free(t);
	}
	for (size_t i = 0; i < n->nchecks; i++) {
		const pol_check *c = n->checks[i];
		char *q = pol_prose_plain(c->question);
		for (int k = 0; k <= depth; k++)
			pol_buf_puts(b, "  ");
		pol_buf_printf(b, "check %s every=%s evidence=%s: %s\n", c->id, c->every ? c->every : "-",
		               c->evidence ? c->evidence : "-", q);
		free(q);
	}
	for (size_t i = 0; i < n->nkids; i++)
		S_node(b, n->kids[i], depth + 1);
}

char *pol_model_dump(const pol_model *m)
{
	pol_buf b = {0};
	pol_buf_printf(&b, "policy %s title=%s organization=%s issued=%s(%s) numbering=%s\n", m->id, m->title,
	               m->organization ? m->organization : "-", m->issued ? m->issued : "-",
	               m->issued_era ? m->issued_era : "-", m->numbering == POL_NUM_REIKI ? "reiki" : "guideline");
	for (size_t i = 0; i < m->nroles; i++)
		pol_buf_printf(&b, "role %s title=%s [%s]\n", m->roles[i]->id, m->roles[i]->title,
		               pol_vis_name(m->roles[i]->vis));
	for (size_t i = 0; i < m->nparams; i++) {
		const pol_param *p = m->params[i];
		pol_buf_printf(&b, "param %s %s value=%s display=%s [%s]\n", p->id, pol_param_type_name(p->type),
		               p->value, p->display, pol_vis_name(p->vis));
	}
	for (size_t i = 0; i < m->nterms; i++) {
		const pol_term *t = m->terms[i];
		pol_buf_printf(&b, "term %s title=%s%s%s uses=%d [%s] def=%s\n", t->id, t->title,
		               t->reading ? " reading=" : "", t->reading ? t->reading : "", t->uses,
		               pol_vis_name(t->vis), t->def_text ? t->def_text : "-");
	}
	/* Frameworks: each clause with the rules mapped to it (inherited maps, a fact). */
	for (size_t i = 0; i < m->nframeworks; i++) {
		const pol_framework *fw = m->frameworks[i];
		pol_buf_printf(&b, "framework %s title=%s edition=%s file=%s [%s]\n", fw->id, fw->title,
		               fw->edition ? fw->edition : "-", fw->file, pol_vis_name(fw->vis));
		for (size_t k = 0; k < fw->nclauses; k++) {
			pol_nodes r = pol_facts_clause_rules(m->facts, fw->clauses[k]);
			pol_buf_printf(&b, "  clause %s title=%s rules=", fw->clauses[k]->key, fw->clauses[k]->title);
			if (!r.n)
				pol_buf_puts(&b, "-");
			for (size_t j = 0; j < r.n; j++)
				pol_buf_printf(&b, "%s%s", j ? " " : "", r.v[j]->key);
			pol_buf_putc(&b, '\n');
		}
	}
	for (size_t i = 0; i < m->ndocs; i++)
		S_node(&b, m->docs[i], 0);
	return pol_buf_detach(&b);
}
