/* oscal.c — an edition model as an OSCAL 1.0.6 catalog (JSON).
 *
 * The tree is the policy's own: a group for each node that holds rules (documents,
 * chapters, sections, articles, items), a control for each rule (a rule inside a rule is
 * a sub-control), and a part for every other node with its text (a basic measure, a
 * threat, a term, a procedure and its steps), so `implements` and `counters` links can
 * point at their targets inside the document (`#id`). OSCAL ids are tokens (letters,
 * digits, '.', '-', '_'); node keys are that except for the '/' of nodes without an id,
 * so '_' is written "__" and '/' "_." (a key reads back from its OSCAL id).
 *
 * Prose is OSCAL's Markdown: the policy's CommonMark with terms and references as their
 * text and parameters as `{{ insert: param, ID }}`, the parameters themselves (with
 * their values as shown) at the top of the catalog. Arrays OSCAL requires to be non-empty
 * are left out when empty. Everything comes from the edition model, so the public
 * edition's catalog holds only what the public edition shows. Output is deterministic:
 * the document's UUID is derived from the policy, the edition and the source digest,
 * every other one from what it names; last-modified is the revision's date. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/oscal.h"
#include "edition/edition.h"
#include "lib/escape.h"
#include "lib/json.h"
#include "lib/sha1.h"
#include "model/facts.h"

#define S_NS "urn:polc"
#define S_OSCAL_VERSION "1.0.6"

/* polc's namespace for version 5 UUIDs (itself a random UUID, fixed forever). */
static const unsigned char S_uuid_ns[16] = {0x3c, 0x1f, 0x6e, 0x0a, 0x9b, 0x52, 0x4d, 0x7e,
                                            0xa4, 0x11, 0x2f, 0xd8, 0x5b, 0x63, 0x90, 0xc7};

void pol_oscal_uuid(char out[37], const char *name)
{
	unsigned char md[20];
	pol_sha1(md, S_uuid_ns, sizeof S_uuid_ns, name, strlen(name));
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[md[i] >> 4];
		out[o++] = hex[md[i] & 15];
	}
	out[o] = 0;
}

typedef struct S_cx {
	const pol_model *m;
	const pol_facts *f;
	pol_buf tmp;
} S_cx;

/* ---- small builders ---- */

static json_t *S_uuid_of(const S_cx *c, const char *what, const char *key)
{
	char *name = pol_xasprintf("%s/%s/%s", c->m->id, what, key);
	char u[37];
	pol_oscal_uuid(u, name);
	free(name);
	return json_string(u);
}

/* An OSCAL token for a node key or an id (see the top of the file). Caller frees. */
char *pol_oscal_id(const char *key, const char *suffix)
{
	pol_buf b = {0};
	pol_buf_put(&b, "", 0);
	for (const char *p = key; *p; p++) {
		if (*p == '_')
			pol_buf_puts(&b, "__");
		else if (*p == '/')
			pol_buf_puts(&b, "_.");
		else
			pol_buf_putc(&b, *p);
	}
	if (suffix)
		pol_buf_puts(&b, suffix);
	return pol_buf_detach(&b);
}

/* OSCAL strings may not start or end with white space, nor be empty: s without the
 * blanks and line ends around it, or NULL when nothing is left. Caller frees. */
static char *S_trimmed(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n ? pol_xstrndup(s, n) : NULL;
}

json_t *pol_oscal_text(const char *s)
{
	char *t = S_trimmed(s);
	json_t *v = t ? json_string(t) : NULL;
	free(t);
	return v;
}

void pol_oscal_push(json_t *o, const char *key, json_t *v)
{
	json_t *a = json_object_get(o, key);
	if (!a) {
		a = json_array();
		json_object_set_new(o, key, a);
	}
	json_array_append_new(a, v);
}

void pol_oscal_prop(json_t *o, const char *name, bool ours, const char *value)
{
	json_t *v = pol_oscal_text(value);
	if (!v)
		return;
	json_t *p = json_object();
	json_object_set_new(p, "name", json_string(name));
	if (ours)
		json_object_set_new(p, "ns", json_string(S_NS));
	json_object_set_new(p, "value", v);
	pol_oscal_push(o, "props", p);
}

static void S_link(json_t *o, const char *href, const char *rel, const char *text)
{
	json_t *l = json_object();
	json_object_set_new(l, "href", json_string(href));
	json_object_set_new(l, "rel", json_string(rel));
	char *t = S_trimmed(text);
	if (t)
		json_object_set_new(l, "text", json_string(t));
	free(t);
	pol_oscal_push(o, "links", l);
}

/* ---- prose ---- */

/* p as OSCAL Markdown: placeholders as their text (escaped) or, for a parameter the
 * edition has, an insert. NULL when there is no text. Caller frees. */
static char *S_prose(S_cx *c, const pol_prose *p)
{
	if (!p || !p->md)
		return NULL;
	pol_buf *b = &c->tmp;
	b->len = 0;
	pol_buf_put(b, "", 0);
	const char *s = p->md;
	size_t n = p->mdlen, i = 0;
	while (i < n) {
		const char *e = memchr(s + i, '\xEE', n - i);
		size_t run = e ? (size_t)(e - (s + i)) : n - i;
		pol_buf_put(b, s + i, run);
		i += run;
		if (i == n)
			break;
		size_t idx, k = pol_placeholder_at(s + i, n - i, &idx);
		if (!k || idx >= p->ninl) {
			pol_buf_putc(b, s[i++]);
			continue;
		}
		const pol_inline *in = &p->inl[idx];
		if (in->kind == POL_IN_PARAM && in->param)
			pol_buf_printf(b, "{{ insert: param, %s }}", in->param->id);
		else
			pol_escape_md(b, in->text ? in->text : "", false);
		i += k;
	}
	return S_trimmed(b->data);
}

static void S_set_prose(S_cx *c, json_t *o, const pol_prose *p)
{
	char *t = S_prose(c, p);
	if (t)
		json_object_set_new(o, "prose", json_string(t));
	free(t);
}

/* ---- nodes ---- */

static const char *S_heading(const S_cx *c, const pol_node *n)
{
	const char *h = pol_facts_heading(c->f, n->index);
	return h && *h ? h : n->title ? n->title : pol_kind_name(n->kind);
}

static const char *S_class(const pol_node *n)
{
	if (n->sem & POL_SEM_PROCEDURE)
		return "procedure";
	if (n->sem & POL_SEM_STEP)
		return "step";
	if (n->sem & POL_SEM_MEASURE)
		return "measure";
	if (n->sem & POL_SEM_THREAT)
		return "threat";
	if (n->sem & POL_SEM_TERM)
		return "term";
	return pol_kind_name(n->kind);
}

/* Links to what n implements and counters: a rule's lists with what it inherits from
 * the nodes around it (as the bundle has them), another node's own lists. Each target
 * is a group, control or part of this catalog. */
static void S_trace_links(S_cx *c, json_t *o, const pol_node *n)
{
	bool rule = n->sem & POL_SEM_RULE;
	for (int pass = 0; pass < 2; pass++) {
		pol_nodes inh = pass ? pol_facts_counters(c->f, n->index) : pol_facts_implements(c->f, n->index);
		pol_node *const *v = rule ? inh.v : pass ? n->counters : n->implements;
		size_t k = rule ? inh.n : pass ? n->ncounters : n->nimplements;
		for (size_t i = 0; i < k; i++) {
			if (pol_facts_index(c->f, v[i]) == POL_FACTS_NONE)
				continue;
			char *href = pol_oscal_id(v[i]->key, NULL);
			char *h2 = pol_xasprintf("#%s", href);
			const pol_node *t = v[i];
			char *text = t->ref && t->title ? pol_xasprintf("%s %s", t->ref, t->title)
			                                : pol_xstrdup(t->ref ? t->ref : S_heading(c, t));
			S_link(o, h2, pass ? "counters" : "implements", text);
			free(text);
			free(href);
			free(h2);
		}
	}
}

/* The clauses a rule maps to (inherited): a prop naming each and a link to its
 * framework in the back matter. */
static void S_map_links(S_cx *c, json_t *o, const pol_node *n)
{
	pol_clauses cl = pol_facts_maps(c->f, n->index);
	for (size_t k = 0; k < cl.n; k++) {
		const pol_clause *x = cl.v[k];
		pol_oscal_prop(o, "framework-clause", true, x->key);
		json_t *u = S_uuid_of(c, "framework", x->fw->id);
		char *href = pol_xasprintf("#%s", json_string_value(u));
		char *text = pol_xasprintf("%s %s", x->id, x->title);
		S_link(o, href, "maps-to", text);
		free(href);
		free(text);
		json_decref(u);
	}
}

static json_t *S_node(S_cx *c, const pol_node *n);

/* A node without rules below it, as a part named name. */
static json_t *S_part(S_cx *c, const pol_node *n, const char *name)
{
	json_t *o = json_object();
	char *id = pol_oscal_id(n->key, NULL);
	json_object_set_new(o, "id", json_string(id));
	free(id);
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "class", json_string(S_class(n)));
	json_object_set_new(o, "title", json_string(S_heading(c, n)));
	pol_oscal_prop(o, "label", false, n->ref ? n->ref : n->num);
	if (n->role)
		pol_oscal_prop(o, "role", true, n->role->id);
	if (pol_more(n)->effective)
		pol_oscal_prop(o, "effective", true, pol_more(n)->effective);
	S_set_prose(c, o, n->body);
	for (size_t k = 0; k < n->nkids; k++)
		if (n->kids[k]->kind != POL_DOCTABLE)
			pol_oscal_push(o, "parts", S_part(c, n->kids[k], "item"));
	S_trace_links(c, o, n);
	return o;
}

/* A check: what is asked (assessment-objective) and how it is examined
 * (assessment-method: the evidence looked at, how often). */
static void S_check(S_cx *c, json_t *ctl, const pol_check *k)
{
	json_t *obj = json_object();
	char *id = pol_oscal_id(k->id, NULL);
	json_object_set_new(obj, "id", json_string(id));
	json_object_set_new(obj, "name", json_string("assessment-objective"));
	S_set_prose(c, obj, k->question);
	pol_oscal_push(ctl, "parts", obj);
	json_t *meth = json_object();
	char *mid = pol_oscal_id(k->id, "_method");
	json_object_set_new(meth, "id", json_string(mid));
	json_object_set_new(meth, "name", json_string("assessment-method"));
	pol_oscal_prop(meth, "method", false, "EXAMINE");
	pol_oscal_prop(meth, "frequency", true, k->every);
	pol_oscal_prop(meth, "frequency-ja", true, k->every_ja);
	pol_oscal_prop(meth, "objective", true, id);
	if (k->evidence) {
		json_t *ob = json_object();
		json_object_set_new(ob, "name", json_string("assessment-objects"));
		char *ev = S_trimmed(k->evidence);
		if (ev)
			json_object_set_new(ob, "prose", json_string(ev));
		free(ev);
		pol_oscal_push(meth, "parts", ob);
	}
	pol_oscal_push(ctl, "parts", meth);
	free(id);
	free(mid);
}

static json_t *S_control(S_cx *c, const pol_node *n)
{
	json_t *o = json_object();
	char *id = pol_oscal_id(n->key, NULL);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "class", json_string("rule"));
	json_object_set_new(o, "title", json_string(n->title ? n->title : S_heading(c, n)));
	pol_oscal_prop(o, "label", false, n->ref ? n->ref : n->num);
	pol_oscal_prop(o, "level", true, pol_level_name(n->level));
	pol_oscal_prop(o, "level-ja", true, pol_level_ja(n->level));
	pol_oscal_prop(o, "visibility", true, pol_vis_name(n->vis));
	for (size_t k = 0; k < n->napplies; k++)
		pol_oscal_prop(o, "applies-to", true, n->applies[k]->id);
	if (n->owner)
		pol_oscal_prop(o, "responsible-role", true, n->owner->id);
	S_trace_links(c, o, n);
	S_map_links(c, o, n);
	json_t *smt = json_object();
	char *sid = pol_oscal_id(n->key, "_smt");
	json_object_set_new(smt, "id", json_string(sid));
	json_object_set_new(smt, "name", json_string("statement"));
	S_set_prose(c, smt, n->body);
	for (size_t k = 0; k < n->nkids; k++) {
		const pol_node *x = n->kids[k];
		if (!(x->sem & POL_SEM_RULE) && !pol_facts_holds_rule(c->f, x->index) && x->kind != POL_DOCTABLE)
			pol_oscal_push(smt, "parts", S_part(c, x, "item"));
	}
	if (json_object_get(smt, "prose") || json_object_get(smt, "parts"))
		pol_oscal_push(o, "parts", smt);
	else
		json_decref(smt);
	for (size_t k = 0; k < n->nchecks; k++)
		S_check(c, o, n->checks[k]);
	/* Rules below this one (directly, or under nodes that hold them) are sub-controls. */
	for (size_t k = 0; k < n->nkids; k++) {
		const pol_node *x = n->kids[k];
		if ((x->sem & POL_SEM_RULE) || pol_facts_holds_rule(c->f, x->index))
			pol_oscal_push(o, "controls", S_node(c, x));
	}
	free(id);
	free(sid);
	return o;
}

/* A node holding rules, as a group. */
static json_t *S_group(S_cx *c, const pol_node *n)
{
	json_t *o = json_object();
	char *id = pol_oscal_id(n->key, NULL);
	json_object_set_new(o, "id", json_string(id));
	free(id);
	json_object_set_new(o, "class", json_string(S_class(n)));
	json_object_set_new(o, "title", json_string(S_heading(c, n)));
	pol_oscal_prop(o, "label", false, n->ref ? n->ref : n->num);
	if (n->kind == POL_DOCUMENT) {
		pol_oscal_prop(o, "tier", true, pol_tier_name(n->tier));
		pol_oscal_prop(o, "visibility", true, pol_vis_name(n->vis));
	}
	S_trace_links(c, o, n);
	char *prose = S_prose(c, n->body);
	if (prose) {
		json_t *ov = json_object();
		json_object_set_new(ov, "name", json_string("overview"));
		json_object_set_new(ov, "prose", json_string(prose));
		pol_oscal_push(o, "parts", ov);
	}
	free(prose);
	if (n->withheld && pol_more(n)->notice) {
		json_t *ov = json_object();
		json_object_set_new(ov, "name", json_string("overview"));
		char *t = S_trimmed(pol_more(n)->notice);
		if (t)
			json_object_set_new(ov, "prose", json_string(t));
		free(t);
		pol_oscal_push(o, "parts", ov);
	}
	for (size_t k = 0; k < n->nkids; k++) {
		const pol_node *x = n->kids[k];
		if (x->kind == POL_DOCTABLE)
			continue;
		if (x->sem & POL_SEM_RULE)
			pol_oscal_push(o, "controls", S_control(c, x));
		else if (pol_facts_holds_rule(c->f, x->index))
			pol_oscal_push(o, "groups", S_group(c, x));
		else
			pol_oscal_push(o, "parts", S_part(c, x, "item"));
	}
	return o;
}

/* A node below a rule that holds rules: in OSCAL a control holds controls, not groups,
 * so it is written as a control of class `group` without a level. */
static json_t *S_node(S_cx *c, const pol_node *n)
{
	if (n->sem & POL_SEM_RULE)
		return S_control(c, n);
	json_t *o = json_object();
	char *id = pol_oscal_id(n->key, NULL);
	json_object_set_new(o, "id", json_string(id));
	free(id);
	json_object_set_new(o, "class", json_string(S_class(n)));
	json_object_set_new(o, "title", json_string(S_heading(c, n)));
	pol_oscal_prop(o, "label", false, n->ref ? n->ref : n->num);
	S_trace_links(c, o, n);
	char *prose = S_prose(c, n->body);
	if (prose) {
		json_t *ov = json_object();
		json_object_set_new(ov, "name", json_string("statement"));
		json_object_set_new(ov, "prose", json_string(prose));
		pol_oscal_push(o, "parts", ov);
	}
	free(prose);
	for (size_t k = 0; k < n->nkids; k++) {
		const pol_node *x = n->kids[k];
		if ((x->sem & POL_SEM_RULE) || pol_facts_holds_rule(c->f, x->index))
			pol_oscal_push(o, "controls", S_node(c, x));
		else if (x->kind != POL_DOCTABLE)
			pol_oscal_push(o, "parts", S_part(c, x, "item"));
	}
	return o;
}

/* ---- the catalog ---- */

/* last-modified: the revision's date (the committer's day), else SOURCE_DATE_EPOCH,
 * else the policy's issue date; never the clock. Caller frees. */
static char *S_modified(const pol_model *m)
{
	if (m->rev.date && strlen(m->rev.date) == 10)
		return pol_xasprintf("%sT00:00:00Z", m->rev.date);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde && strspn(sde, "0123456789") == strlen(sde)) {
		time_t t = (time_t)strtoll(sde, NULL, 10);
		struct tm tm;
		if (gmtime_r(&t, &tm) && tm.tm_year >= 0 && tm.tm_year < 8000) {
			char buf[32];
			strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
			return pol_xstrdup(buf);
		}
	}
	if (m->issued && strlen(m->issued) == 10)
		return pol_xasprintf("%sT00:00:00Z", m->issued);
	if (m->issued && strlen(m->issued) == 7)
		return pol_xasprintf("%s-01T00:00:00Z", m->issued);
	return pol_xstrdup("1970-01-01T00:00:00Z");
}

static json_t *S_metadata(S_cx *c)
{
	const pol_model *m = c->m;
	json_t *md = json_object();
	char *label = pol_edition_label(m);
	char *title = pol_xasprintf("%s（%s）", m->title ? m->title : m->id, label);
	json_object_set_new(md, "title", json_string(title));
	free(title);
	char *mod = S_modified(m);
	json_object_set_new(md, "last-modified", json_string(mod));
	free(mod);
	char *ver = S_trimmed(m->rev.describe);
	json_object_set_new(md, "version", json_string(ver ? ver : "版管理外"));
	free(ver);
	json_object_set_new(md, "oscal-version", json_string(S_OSCAL_VERSION));
	pol_oscal_prop(md, "marking", false, m->edition == POL_ED_PUBLIC ? "公開" : "非公開");
	pol_oscal_prop(md, "edition", true, label);
	free(label);
	pol_oscal_prop(md, "policy-id", true, m->id);
	pol_oscal_prop(md, "issued", true, m->issued);
	if (m->rev.commit)
		pol_oscal_prop(md, "commit", true, m->rev.commit);
	for (size_t i = 0; i < m->nroles; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "id", json_string(m->roles[i]->id));
		json_object_set_new(r, "title", json_string(m->roles[i]->title));
		char *d = S_prose(c, m->roles[i]->desc);
		if (d)
			json_object_set_new(r, "description", json_string(d));
		free(d);
		pol_oscal_push(md, "roles", r);
	}
	if (m->organization) {
		json_t *p = json_object();
		json_object_set_new(p, "uuid", S_uuid_of(c, "party", m->organization));
		json_object_set_new(p, "type", json_string("organization"));
		json_object_set_new(p, "name", json_string(m->organization));
		pol_oscal_push(md, "parties", p);
	}
	return md;
}

static json_t *S_param(S_cx *c, const pol_param *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(p->id));
	pol_oscal_prop(o, "type", true, pol_param_type_name(p->type));
	pol_oscal_prop(o, "value", true, p->value);
	if (p->unit)
		pol_oscal_prop(o, "unit", true, p->unit);
	char *d = S_prose(c, p->desc);
	json_object_set_new(o, "label", json_string(d ? d : p->id));
	free(d);
	json_t *v = json_array();
	json_array_append_new(v, json_string(p->display));
	json_object_set_new(o, "values", v);
	return o;
}

/* A framework in the back matter: its title and edition, and the clauses no rule of
 * this edition maps to. */
static json_t *S_resource(S_cx *c, const pol_framework *fw)
{
	json_t *o = json_object();
	json_object_set_new(o, "uuid", S_uuid_of(c, "framework", fw->id));
	json_object_set_new(o, "title", json_string(fw->title));
	if (fw->edition) {
		char *d = pol_xasprintf("%s（%s）", fw->title, fw->edition);
		json_object_set_new(o, "description", json_string(d));
		free(d);
	}
	pol_oscal_prop(o, "framework-id", true, fw->id);
	if (fw->edition)
		pol_oscal_prop(o, "framework-edition", true, fw->edition);
	char counts[64];
	snprintf(counts, sizeof counts, "%zu", fw->nclauses);
	pol_oscal_prop(o, "clauses", true, counts);
	snprintf(counts, sizeof counts, "%zu", pol_facts_framework_covered(c->f, fw));
	pol_oscal_prop(o, "clauses-mapped", true, counts);
	for (size_t k = 0; k < fw->nclauses; k++)
		if (!pol_facts_clause_rules(c->f, fw->clauses[k]).n)
			pol_oscal_prop(o, "unmapped-clause", true, fw->clauses[k]->key);
	json_t *cit = json_object();
	json_object_set_new(cit, "text", json_string(fw->edition ? json_string_value(json_object_get(o, "description"))
	                                                          : fw->title));
	json_object_set_new(o, "citation", cit);
	return o;
}

char *pol_oscal_catalog(const pol_model *m)
{
	S_cx c = {.m = m, .f = m->facts};
	pol_facts *own = NULL;
	if (!c.f)
		c.f = own = pol_facts_new(m);
	json_t *cat = json_object();
	char *ed = pol_edition_name(m);
	char *name = pol_xasprintf("%s/%s", ed, m->digest ? m->digest : "");
	json_object_set_new(cat, "uuid", S_uuid_of(&c, "catalog", name));
	free(name);
	free(ed);
	json_object_set_new(cat, "metadata", S_metadata(&c));
	for (size_t i = 0; i < m->nparams; i++)
		pol_oscal_push(cat, "params", S_param(&c, m->params[i]));
	for (size_t i = 0; i < m->ndocs; i++)
		pol_oscal_push(cat, "groups", S_group(&c, m->docs[i]));
	if (m->nframeworks) {
		json_t *bm = json_object();
		for (size_t i = 0; i < m->nframeworks; i++)
			pol_oscal_push(bm, "resources", S_resource(&c, m->frameworks[i]));
		json_object_set_new(cat, "back-matter", bm);
	}
	json_t *root = json_object();
	json_object_set_new(root, "catalog", cat);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	pol_buf_free(&c.tmp);
	pol_facts_free(own);
	pol_buf b = {0};
	pol_buf_puts(&b, text ? text : "{}");
	pol_buf_putc(&b, '\n');
	free(text);
	return pol_buf_detach(&b);
}

/* ---- the component definition ---- */

/* A rule as an implemented requirement: its text, who is responsible (the owner, as a
 * responsible role), to whom it applies, and the procedures that implement it. */
static json_t *S_requirement(S_cx *c, const pol_node *n, const char *catalog)
{
	json_t *o = json_object();
	json_object_set_new(o, "uuid", S_uuid_of(c, "requirement", n->key));
	char *id = pol_oscal_id(n->key, NULL);
	json_object_set_new(o, "control-id", json_string(id));
	char *text = S_prose(c, n->body);
	json_object_set_new(o, "description", json_string(text ? text : n->title ? n->title : n->key));
	free(text);
	pol_oscal_prop(o, "label", false, n->ref ? n->ref : n->num);
	pol_oscal_prop(o, "level", true, pol_level_name(n->level));
	for (size_t k = 0; k < n->napplies; k++)
		pol_oscal_prop(o, "applies-to", true, n->applies[k]->id);
	pol_nodes procs = pol_facts_procedures_of(c->f, n->index);
	for (size_t k = 0; k < procs.n; k++) {
		char *pid = pol_oscal_id(procs.v[k]->key, NULL);
		char *href = pol_xasprintf("%s#%s", catalog, pid);
		const pol_node *p = procs.v[k];
		char *lt = p->ref && p->title ? pol_xasprintf("%s %s", p->ref, p->title) : pol_xstrdup(S_heading(c, p));
		S_link(o, href, "implemented-by", lt);
		pol_oscal_prop(o, "procedure", true, p->key);
		free(pid);
		free(href);
		free(lt);
	}
	if (n->owner) {
		json_t *r = json_object();
		json_object_set_new(r, "role-id", json_string(n->owner->id));
		pol_oscal_push(o, "responsible-roles", r);
	}
	free(id);
	return o;
}

char *pol_oscal_component(const pol_model *m, const char *catalog)
{
	S_cx c = {.m = m, .f = m->facts};
	pol_facts *own = NULL;
	if (!c.f)
		c.f = own = pol_facts_new(m);
	json_t *cd = json_object();
	char *ed = pol_edition_name(m);
	char *name = pol_xasprintf("%s/%s", ed, m->digest ? m->digest : "");
	json_object_set_new(cd, "uuid", S_uuid_of(&c, "component-definition", name));
	free(name);
	json_t *md = S_metadata(&c);
	char *label = pol_edition_label(m);
	char *title = pol_xasprintf("%s 実施状況（%s）", m->title ? m->title : m->id, label);
	json_object_set_new(md, "title", json_string(title));
	free(title);
	free(label);
	json_object_set_new(cd, "metadata", md);
	json_t *comp = json_object();
	json_object_set_new(comp, "uuid", S_uuid_of(&c, "component", ed));
	json_object_set_new(comp, "type", json_string("policy"));
	json_object_set_new(comp, "title", json_string(m->title ? m->title : m->id));
	char *desc = pol_xasprintf("%sの情報セキュリティポリシー: 規則ごとの責任者、適用対象と実施手順",
	                           m->organization ? m->organization : m->id);
	json_object_set_new(comp, "description", json_string(desc));
	free(desc);
	json_t *ci = json_object();
	json_object_set_new(ci, "uuid", S_uuid_of(&c, "control-implementation", ed));
	json_object_set_new(ci, "source", json_string(catalog));
	json_object_set_new(ci, "description", json_string("対策基準の規則とそれを実施する実施手順"));
	for (size_t i = 0; i < m->nparams; i++) {
		json_t *sp = json_object(), *v = json_array();
		json_object_set_new(sp, "param-id", json_string(m->params[i]->id));
		json_array_append_new(v, json_string(m->params[i]->display));
		json_object_set_new(sp, "values", v);
		pol_oscal_push(ci, "set-parameters", sp);
	}
	pol_nodes rules = pol_facts_rules(c.f);
	for (size_t i = 0; i < rules.n; i++)
		pol_oscal_push(ci, "implemented-requirements", S_requirement(&c, rules.v[i], catalog));
	free(ed);
	if (json_object_get(ci, "implemented-requirements"))
		pol_oscal_push(comp, "control-implementations", ci);
	else
		json_decref(ci);
	pol_oscal_push(cd, "components", comp);
	json_t *root = json_object();
	json_object_set_new(root, "component-definition", cd);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	pol_buf_free(&c.tmp);
	pol_facts_free(own);
	char *out = pol_xasprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}
