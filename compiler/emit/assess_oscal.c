/* assess_oscal.c — an assessment as OSCAL 1.0.6 assessment-results (JSON).
 *
 * `polc assess BUNDLE ANSWERS --format oscal`: one result, the 自己点検 of the scope (every
 * check, or those of the rules applying to a role); an observation per check (how it
 * was examined, the answer, the evidence asked for, the 備考) and a finding per check,
 * targeting its assessment objective in the catalog of `polc export oscal` (same ids:
 * emit/oscal.h), satisfied when answered はい or 該当なし. The reviewed controls are the
 * rules in scope. There is no OSCAL assessment plan: import-ap names the bundle the
 * checklist came from.
 *
 * Deterministic like the report: no clock. `start` and `collected` are
 * SOURCE_DATE_EPOCH when set (the day the self-check was done), else the bundle's
 * revision date, else the policy's issue date; UUIDs are version 5 of the policy, the
 * source digest, the scope and the answers. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/assess_oscal.h"
#include "emit/oscal.h"
#include "lib/escape.h"


static const char *S_jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static json_t *S_uuid(const char *fmt, const char *a, const char *b)
{
	char *name = pol_xasprintf(fmt, a, b);
	char u[37];
	pol_oscal_uuid(u, name);
	free(name);
	return json_string(u);
}

/* The date of the assessment (see the top of the file). Caller frees. */
static char *S_when(const pol_checklist *cl)
{
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
	json_t *b = cl->bundle;
	const char *d = S_jstr(json_object_get(b, "revision"), "date");
	if (d && strlen(d) == 10)
		return pol_xasprintf("%sT00:00:00Z", d);
	const char *iss = S_jstr(json_object_get(b, "policy"), "issued");
	if (iss && strlen(iss) == 10)
		return pol_xasprintf("%sT00:00:00Z", iss);
	if (iss && strlen(iss) == 7)
		return pol_xasprintf("%s-01T00:00:00Z", iss);
	return pol_xstrdup("1970-01-01T00:00:00Z");
}

static const char *S_answer_ja(pol_answer a)
{
	switch (a) {
	case POL_ANS_YES: return "はい";
	case POL_ANS_NO: return "いいえ";
	case POL_ANS_NA: return "該当なし";
	default: return "未回答";
	}
}

char *pol_assess_oscal(const pol_checklist *cl, const pol_answers *a, const char *role, const char *bundle_path)
{
	json_t *b = cl->bundle;
	const char *pid = S_jstr(json_object_get(b, "policy"), "id");
	pid = pid ? pid : "policy";
	/* What the document is of: the source, the scope and every answer. */
	pol_buf key = {0};
	pol_buf_printf(&key, "%s/%s/", cl->digest ? cl->digest : "", role ? role : "");
	for (size_t k = 0; k < cl->nchecks; k++)
		if (pol_checklist_applies(&cl->rules[cl->checks[k].rule], role))
			pol_buf_printf(&key, "%s=%d:%s\n", cl->checks[k].id, (int)a->ans[k], a->note[k] ? a->note[k] : "");
	json_t *docu = S_uuid("%s/assessment-results/%s", pid, key.data ? key.data : "");
	pol_buf_free(&key);
	const char *du = json_string_value(docu);
	char *when = S_when(cl);

	json_t *md = json_object();
	const char *role_title = role ? pol_checklist_role_title(cl, role) : NULL;
	char *title = role ? pol_xasprintf("自己点検結果: %s（%s）", cl->title ? cl->title : pid,
	                                   role_title ? role_title : role)
	                   : pol_xasprintf("自己点検結果: %s", cl->title ? cl->title : pid);
	json_object_set_new(md, "title", json_string(title));
	free(title);
	json_object_set_new(md, "last-modified", json_string(when));
	json_object_set_new(md, "version", json_string(cl->short_commit && *cl->short_commit ? cl->short_commit : "版管理外"));
	json_object_set_new(md, "oscal-version", json_string("1.0.6"));
	bool public = cl->edition && !strcmp(cl->edition, "public");
	pol_oscal_prop(md, "marking", false, public ? "公開" : "非公開");
	pol_oscal_prop(md, "edition", true, cl->edition);
	pol_oscal_prop(md, "policy-id", true, pid);
	if (role)
		pol_oscal_prop(md, "role", true, role);

	json_t *ap = json_object();
	pol_buf href = {0};
	pol_escape_url(&href, bundle_path, strlen(bundle_path));
	json_object_set_new(ap, "href", json_string(href.data ? href.data : ""));
	pol_buf_free(&href);
	json_object_set_new(ap, "remarks", json_string("There is no OSCAL assessment plan: the checks are those of this "
	                                               "polc bundle (its 自己点検 checklist)."));

	json_t *res = json_object();
	json_object_set_new(res, "uuid", S_uuid("%s/result/%s", pid, du));
	json_object_set_new(res, "title", json_string("自己点検"));
	char *desc = role ? pol_xasprintf("自己点検チェックリストの回答（%sに適用される規則の点検項目）",
	                                  role_title ? role_title : role)
	                  : pol_xstrdup("自己点検チェックリストの回答（すべての点検項目）");
	json_object_set_new(res, "description", json_string(desc));
	free(desc);
	json_object_set_new(res, "start", json_string(when));
	json_object_set_new(res, "end", json_string(when));
	json_t *rc = json_object(), *sel = json_object();
	for (size_t r = 0; r < cl->nrules; r++) {
		if (!pol_checklist_applies(&cl->rules[r], role) || !cl->rules[r].nchecks)
			continue;
		json_t *c = json_object();
		char *id = pol_oscal_id(cl->rules[r].id, NULL);
		json_object_set_new(c, "control-id", json_string(id));
		free(id);
		pol_oscal_push(sel, "include-controls", c);
	}
	if (!json_object_get(sel, "include-controls"))
		json_object_set_new(sel, "description", json_string("（点検項目のある規則がありません）"));
	pol_oscal_push(rc, "control-selections", sel);
	json_object_set_new(res, "reviewed-controls", rc);

	size_t yes = 0, no = 0, na = 0, none = 0;
	for (size_t k = 0; k < cl->nchecks; k++) {
		const pol_cl_check *ck = &cl->checks[k];
		const pol_cl_rule *rule = &cl->rules[ck->rule];
		if (!pol_checklist_applies(rule, role))
			continue;
		pol_answer ans = a->ans[k];
		yes += ans == POL_ANS_YES;
		no += ans == POL_ANS_NO;
		na += ans == POL_ANS_NA;
		none += ans == POL_ANS_NONE;
		json_t *ob = json_object();
		json_t *ou = S_uuid("%s/observation/%s", du, ck->id);
		json_object_set_new(ob, "uuid", json_copy(ou));
		json_object_set_new(ob, "title", json_string(ck->id));
		json_t *q = pol_oscal_text(ck->question);
		json_object_set_new(ob, "description", q ? q : json_string(ck->id));
		pol_oscal_push(ob, "methods", json_string("EXAMINE"));
		pol_oscal_prop(ob, "answer", true, S_answer_ja(ans));
		pol_oscal_prop(ob, "frequency-ja", true, ck->frequency_ja);
		json_t *ev = pol_oscal_text(ck->evidence);
		if (ev) {
			json_t *e = json_object();
			json_object_set_new(e, "description", ev);
			pol_oscal_push(ob, "relevant-evidence", e);
		}
		json_object_set_new(ob, "collected", json_string(when));
		json_t *note = pol_oscal_text(a->note[k]);
		if (note)
			json_object_set_new(ob, "remarks", note);
		pol_oscal_push(res, "observations", ob);

		json_t *fi = json_object();
		json_object_set_new(fi, "uuid", S_uuid("%s/finding/%s", du, ck->id));
		char *ft = pol_xasprintf("%s%s%s", rule->number ? rule->number : "", rule->number ? " " : "",
		                         rule->title ? rule->title : rule->id);
		json_object_set_new(fi, "title", json_string(ft));
		free(ft);
		json_object_set_new(fi, "description", q ? json_copy(q) : json_string(ck->id));
		pol_oscal_prop(fi, "rule", true, rule->id);
		pol_oscal_prop(fi, "level", true, rule->level);
		json_t *tg = json_object(), *st = json_object();
		json_object_set_new(tg, "type", json_string("objective-id"));
		char *oid = pol_oscal_id(ck->id, NULL);
		json_object_set_new(tg, "target-id", json_string(oid));
		free(oid);
		bool ok = ans == POL_ANS_YES || ans == POL_ANS_NA;
		json_object_set_new(st, "state", json_string(ok ? "satisfied" : "not-satisfied"));
		json_object_set_new(st, "reason", json_string(ok ? "pass" : ans == POL_ANS_NO ? "fail" : "other"));
		if (ans == POL_ANS_NONE)
			json_object_set_new(st, "remarks", json_string("未回答"));
		json_object_set_new(tg, "status", st);
		json_object_set_new(fi, "target", tg);
		json_t *rel = json_object();
		json_object_set_new(rel, "observation-uuid", ou);
		pol_oscal_push(fi, "related-observations", rel);
		pol_oscal_push(res, "findings", fi);
	}
	char buf[32];
	json_t *report = pol_assess_report(cl, a, role);
	pol_oscal_prop(res, "result", true, pol_assess_passed(report) ? "pass" : "fail");
	json_decref(report);
	snprintf(buf, sizeof buf, "%zu", yes);
	pol_oscal_prop(res, "yes", true, buf);
	snprintf(buf, sizeof buf, "%zu", no);
	pol_oscal_prop(res, "no", true, buf);
	snprintf(buf, sizeof buf, "%zu", na);
	pol_oscal_prop(res, "not-applicable", true, buf);
	snprintf(buf, sizeof buf, "%zu", none);
	pol_oscal_prop(res, "unanswered", true, buf);

	json_t *ar = json_object();
	json_object_set_new(ar, "uuid", docu);
	json_object_set_new(ar, "metadata", md);
	json_object_set_new(ar, "import-ap", ap);
	pol_oscal_push(ar, "results", res);
	json_t *root = json_object();
	json_object_set_new(root, "assessment-results", ar);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	free(when);
	char *out = pol_xasprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}
