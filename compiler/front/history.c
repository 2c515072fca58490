/* history.c — the 改定履歴 from edition tags, read through libgit2.
 *
 * An edition is a tag refs/tags/edition/YYYY-MM[-DD]; its date comes from the name
 * (so re-tagging or a clock skew never moves an edition), its summaries from the tag
 * message, never from a commit message. Only tags whose commit is reachable from the
 * revision being built count: a build of an old revision shows the history as it
 * stood then, and an edition tagged on an unmerged branch is not part of it. The
 * reachability test is one walk of the commit graph from that revision, stopping as
 * soon as every tagged commit has been seen, so its cost is that of `git log` at
 * worst, whatever the number of tags. The walk is ours, not libgit2's revwalk, so
 * that every commit is read through pol_git_lookup (libgit2 1.5 hangs on a truncated
 * loose object).
 *
 * The message form fails closed: text is public only when it stands under a
 * `Public:` (公開:) header; everything else — text before any header, under an
 * `Internal:` header or under any other header-like line — is internal. Headers are
 * recognised after line ends, BOMs, widths and spaces are normalised (`公開　：`,
 * `Ｐｕｂｌｉｃ：`, `Internal :`, CR line ends), so a variant of a header never
 * lets the text under it through as part of a public section. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <strings.h>

#include "front/history.h"
#include "lib/date.h"
#include "lib/dynlib_git.h"

#define S_TAG_PREFIX "refs/tags/"
#define S_EDITION_PREFIX "edition/"

/* ---- tag messages ------------------------------------------------------------------ */

enum { S_LEAD, S_PUBLIC, S_INTERNAL };

/* A space for the header rules: ASCII blanks, the ideographic space, no-break and the
 * other Unicode spaces. */
static bool S_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x202F || cp == 0x205F;
}

/* Invisible characters: a BOM, zero-width and bidi controls. Dropped when matching. */
static bool S_is_invisible(uint32_t cp)
{
	return cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* The normalised form of line (n bytes) in which headers are recognised: invisible
 * characters dropped, every space one ' ', full-width ASCII as ASCII, ASCII letters
 * lower case. map[k] is the byte offset in line of the k-th normalised byte (map[len]
 * = n). Returns the length; key and map have room for n + 1 entries. */
static size_t S_normalize(const char *line, size_t n, char *key, size_t *map)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = pol_utf8_decode(line + i, n - i, &cp);
		if (!len) {
			cp = 0xFFFD;
			len = 1;
		}
		if (S_is_invisible(cp)) {
			i += len;
			continue;
		}
		if (S_is_space(cp))
			cp = ' ';
		else if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		char buf[4];
		size_t out = cp < 0x80 ? (buf[0] = (char)cp, 1) : pol_utf8_encode(cp, buf);
		if (cp == 0xFFFD && len == 1)
			out = (buf[0] = '?', 1);
		for (size_t b = 0; b < out; b++) {
			map[k] = i;
			key[k++] = buf[b];
		}
		i += len;
	}
	map[k] = n;
	key[k] = 0;
	return k;
}

/* The words that make a section public, after normalisation. Any other header-like
 * line starts an internal section. */
static bool S_public_word(const char *w, size_t n)
{
	static const char *const words[] = {"public", "公開", "公開版", "公開用", "公開向け"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i]) == n && !memcmp(w, words[i], n))
			return true;
	return false;
}

/* A header word: 1 to 16 code points, no sentence punctuation and no colon. */
static bool S_word_ok(const char *w, size_t n)
{
	if (!n)
		return false;
	size_t cps = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = pol_utf8_decode(w + i, n - i, &cp);
		if (!len || cp == ':' || cp == 0x3002 || cp == 0x3001 || cp == '.' || cp == ',' || cp == '/')
			return false;
		i += len;
		cps++;
	}
	return cps <= 16;
}

/* If line (n bytes) is a section header — `WORD:` (any colon, any spaces), `【WORD】`
 * or `[WORD]`, after normalisation — returns S_PUBLIC or S_INTERNAL and sets *rest to
 * the text after it (in line) and *word, *wlen to the word as written; else S_LEAD. */
static int S_header(const char *line, size_t n, const char **rest, const char **word, size_t *wlen)
{
	char *key = pol_xmalloc(n + 1);
	size_t *map = pol_xmalloc((n + 1) * sizeof *map);
	size_t k = S_normalize(line, n, key, map);
	size_t i = 0, ws, we, after;
	int kind = S_LEAD;
	while (i < k && key[i] == ' ')
		i++;
	const char *close = NULL;
	if (!strncmp(key + i, "【", 3))
		close = "】", ws = i + 3;
	else if (key[i] == '[')
		close = "]", ws = i + 1;
	if (close) {
		char *c = strstr(key + ws, close);
		if (!c)
			goto done;
		we = (size_t)(c - key);
		after = we + strlen(close);
		if (after < k && key[after] == ':')
			after++;
	} else {
		char *c = memchr(key + i, ':', k - i);
		if (!c)
			goto done;
		ws = i;
		we = (size_t)(c - key);
		after = we + 1;
	}
	while (we > ws && key[we - 1] == ' ')
		we--;
	while (ws < we && key[ws] == ' ')
		ws++;
	if (!S_word_ok(key + ws, we - ws))
		goto done;
	kind = S_public_word(key + ws, we - ws) ? S_PUBLIC : S_INTERNAL;
	while (after < k && key[after] == ' ')
		after++;
	*rest = line + map[after];
	*word = line + map[ws];
	*wlen = map[we] - map[ws];
done:
	free(key);
	free(map);
	return kind;
}

/* True when line holds only blanks (any space, invisible characters). */
static bool S_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = pol_utf8_decode(s + i, n - i, &cp);
		if (!len)
			return false;
		if (!S_is_space(cp) && !S_is_invisible(cp))
			return false;
		i += len;
	}
	return true;
}

/* Appends a line (trailing blanks dropped) to b; blank lines only between text. */
static void S_add_line(pol_buf *b, const char *s, size_t n, bool *pending_blank)
{
	if (S_blank(s, n)) {
		if (b->len)
			*pending_blank = true;
		return;
	}
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && !memcmp(s + n - 3, "\xE3\x80\x80", 3)) /* U+3000 */
			n -= 3;
		else if (n >= 2 && !memcmp(s + n - 2, "\xC2\xA0", 2)) /* U+00A0 */
			n -= 2;
		else
			break;
	}
	if (b->len)
		pol_buf_puts(b, *pending_blank ? "\n\n" : "\n");
	*pending_blank = false;
	pol_buf_put(b, s, n);
}

static char *S_take(pol_buf *b)
{
	if (!b->len) {
		pol_buf_free(b);
		return NULL;
	}
	return pol_buf_detach(b);
}

/* The message with line ends as LF (CRLF and a lone CR too) and every BOM dropped,
 * up to a signature block. Caller frees. */
static char *S_clean(const char *msg)
{
	pol_buf b = {0};
	bool line_start = true;
	for (const char *p = msg; *p;) {
		if (line_start && !strncmp(p, "-----BEGIN ", 11))
			break;
		if (!strncmp(p, "\xEF\xBB\xBF", 3)) {
			p += 3;
			continue;
		}
		if (*p == '\r') {
			pol_buf_putc(&b, '\n');
			p += p[1] == '\n' ? 2 : 1;
			line_start = true;
			continue;
		}
		line_start = *p == '\n';
		pol_buf_putc(&b, *p++);
	}
	if (!b.data)
		pol_buf_puts(&b, "");
	return pol_buf_detach(&b);
}

/* The text of s for comparing a subject: normalised (S_normalize), blanks and
 * trailing sentence punctuation dropped. Caller frees. */
static char *S_fold(const char *s, size_t n)
{
	char *key = pol_xmalloc(n + 1);
	size_t *map = pol_xmalloc((n + 1) * sizeof *map);
	size_t k = S_normalize(s, n, key, map);
	free(map);
	size_t o = 0;
	for (size_t i = 0; i < k; i++)
		if (key[i] != ' ')
			key[o++] = key[i];
	key[o] = 0;
	for (;;) {
		if (o >= 3 && (!memcmp(key + o - 3, "。", 3) || !memcmp(key + o - 3, "．", 3)))
			o -= 3;
		else if (o && key[o - 1] == '.')
			o--;
		else
			break;
		key[o] = 0;
	}
	return key;
}

/* Whether the one-line subject repeats what the 改定履歴 shows anyway: a summary (or
 * its first line), or the edition itself — its date in the era (令和8年4月), as
 * written (2026-04) or the tag name, with at most a few characters more
 * (令和8年4月改定, "Edition 2026-04"). */
static bool S_subject_repeats(const char *subject, const char *pub, const char *in, const char *date)
{
	char *s = S_fold(subject, strlen(subject));
	bool rep = false;
	const char *texts[2] = {pub, in};
	for (int t = 0; t < 2 && !rep; t++) {
		if (!texts[t])
			continue;
		const char *nl = strchr(texts[t], '\n');
		char *whole = S_fold(texts[t], strlen(texts[t]));
		char *first = S_fold(texts[t], nl ? (size_t)(nl - texts[t]) : strlen(texts[t]));
		rep = !strcmp(s, whole) || !strcmp(s, first);
		free(whole);
		free(first);
	}
	if (!rep && date && strlen(date) >= 7) {
		char ym[8];
		memcpy(ym, date, 7);
		ym[7] = 0;
		char *era[4] = {pol_era_date(ym), pol_era_date(date), pol_xstrdup(date), pol_xasprintf("edition/%s", date)};
		for (int i = 0; i < 4 && !rep; i++) {
			if (!era[i])
				continue;
			char *e = S_fold(era[i], strlen(era[i]));
			const char *at = *e ? strstr(s, e) : NULL;
			if (at && pol_utf8_count(s, strlen(s)) - pol_utf8_count(e, strlen(e)) <= 8)
				rep = true;
			free(e);
		}
		for (int i = 0; i < 4; i++)
			free(era[i]);
	}
	free(s);
	return rep;
}

int pol_history_parse_message(char **public_out, char **internal_out, const char *msg)
{
	return pol_history_parse_tag(public_out, internal_out, msg, NULL);
}

int pol_history_parse_tag(char **public_out, char **internal_out, const char *msg, const char *date)
{
	*public_out = *internal_out = NULL;
	if (!msg)
		return 0;
	char *text = S_clean(msg);
	pol_buf pub = {0}, in = {0};
	bool pub_blank = false, in_blank = false;
	int state = S_LEAD, flags = 0;
	size_t end = strlen(text);
	/* The lead (text before the first header) as it went into the internal buffer:
	 * its length there and how many lines it has. */
	size_t lead_len = 0, lead_lines = 0;
	bool headers = false;
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(text + i, '\n', end - i);
		size_t n = nl ? (size_t)(nl - text) - i : end - i;
		const char *line = text + i;
		i += n + 1;
		const char *rest, *word;
		size_t wlen;
		int h = S_header(line, n, &rest, &word, &wlen);
		if (h != S_LEAD) {
			state = h;
			headers = true;
			n -= (size_t)(rest - line);
			line = rest;
			if (h == S_INTERNAL) {
				/* Internal, Internal:, 内部: and the like are expected; any other word
				 * is internal too, but worth a warning. */
				static const char *const known[] = {"internal", "内部", "非公開", "内部向け", "内部用"};
				char *key = pol_xmalloc(wlen + 1);
				size_t *map = pol_xmalloc((wlen + 1) * sizeof *map);
				size_t kl = S_normalize(word, wlen, key, map);
				bool ok = false;
				for (size_t w = 0; w < sizeof known / sizeof *known; w++)
					ok |= strlen(known[w]) == kl && !memcmp(key, known[w], kl);
				if (!ok)
					flags |= POL_MSG_UNKNOWN_HEADER;
				free(key);
				free(map);
			}
			if (!n)
				continue;
		}
		if (state == S_PUBLIC) {
			S_add_line(&pub, line, n, &pub_blank);
		} else {
			if (state == S_LEAD && !S_blank(line, n))
				flags |= POL_MSG_UNMARKED;
			S_add_line(&in, line, n, &in_blank);
			if (state == S_LEAD && !S_blank(line, n)) {
				lead_len = in.len;
				lead_lines++;
			}
		}
	}
	free(text);
	/* A one-line subject above the sections (git's subject line) that only repeats
	 * the edition or a summary is not said twice: it leaves the internal summary. */
	if (headers && lead_lines == 1 && date) {
		char *subject = pol_xstrndup(in.data, lead_len);
		size_t skip = lead_len;
		while (skip < in.len && in.data[skip] == '\n')
			skip++;
		char *rest = in.len > skip ? pol_xstrndup(in.data + skip, in.len - skip) : NULL;
		pol_buf tmp = {0};
		if (pub.len)
			pol_buf_put(&tmp, pub.data, pub.len);
		if (S_subject_repeats(subject, tmp.data, rest, date)) {
			pol_buf_free(&in);
			if (rest)
				pol_buf_puts(&in, rest);
			flags &= ~POL_MSG_UNMARKED;
			flags |= POL_MSG_SUBJECT;
		}
		pol_buf_free(&tmp);
		free(rest);
		free(subject);
	}
	*public_out = S_take(&pub);
	*internal_out = S_take(&in);
	return flags;
}

/* ---- loading ----------------------------------------------------------------------- */

typedef struct S_cand {
	char *tag, *date;
	git_oid commit;
	char *pub, *in;
	bool reachable;
} S_cand;

static void S_cand_free(S_cand *c)
{
	free(c->tag);
	free(c->date);
	free(c->pub);
	free(c->in);
	free(c);
}

static char *S_giterr(const char *what)
{
	const git_error *e = git_error_last();
	char *s = pol_xasprintf("%s%s%s", what, e && e->message ? ": " : "", e && e->message ? e->message : "");
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

static int S_cmp(const void *a, const void *b)
{
	const pol_history_entry *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c : strcmp(x->tag, y->tag);
}

static void S_warn(pol_history *h, char *msg)
{
	h->warnings = pol_xrealloc(h->warnings, (h->nwarnings + 1) * sizeof *h->warnings);
	h->warnings[h->nwarnings++] = msg;
}

/* Loose reference files under dir (refs/tags/edition/…, name so far) that the
 * reference iterator did not hand out (seen): a damaged ref libgit2 skips silently. */
static void S_unread_refs(pol_history *h, const char *dir, const char *name, const pol_map *seen, int depth)
{
	DIR *d = depth < 8 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = pol_xasprintf("%s/%s", dir, e->d_name);
		char *sub = pol_xasprintf("%s/%s", name, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			S_unread_refs(h, path, sub, seen, depth + 1);
		else if (!pol_map_get(seen, sub))
			S_warn(h, pol_xasprintf("tag '%s' cannot be read (a damaged reference?): it is not in the 改定履歴", sub));
		free(path);
		free(sub);
	}
	closedir(d);
}

/* Warns about what a tag message's form made polc read as internal. */
static void S_warn_message(pol_history *h, const char *tag, int flags)
{
	if (flags & POL_MSG_UNMARKED)
		S_warn(h, pol_xasprintf("tag '%s': text before any Public: or Internal: header is internal (mark what "
		                        "the public may read with Public:)", tag));
	if (flags & POL_MSG_UNKNOWN_HEADER)
		S_warn(h, pol_xasprintf("tag '%s': a header other than Public: or Internal: (the text under it is "
		                        "internal)", tag));
}

/* Whether a tag name outside edition/ looks like an edition an author meant to make:
 * "edition" in another case, width or with another separator (Edition/2026-04,
 * edition-2026-04, editions/2026-04), 版/…, or a date alone (2026-04, v2026-04). */
static bool S_edition_like(const char *name)
{
	size_t n = strlen(name);
	char *key = pol_xmalloc(n + 1);
	size_t *map = pol_xmalloc((n + 1) * sizeof *map);
	size_t k = S_normalize(name, n, key, map);
	free(map);
	bool like = false;
	if (k >= 7 && !strncmp(key, "edition", 7))
		like = true;
	else if (!strncmp(key, "版", 3) || !strncmp(key, "改定", 6))
		like = true;
	else {
		const char *d = key;
		if (*d == 'v' || *d == 'r')
			d++;
		like = pol_date_valid(d, true) || (strlen(d) >= 7 && strspn(d, "0123456789") == 4 && d[4] == '-' &&
		                                   strspn(d + 5, "0123456789") == 2);
	}
	free(key);
	return like;
}

/* Warns about the tags that look like editions but are not named edition/…: they
 * are not in the 改定履歴, and the author should know. */
static int S_edition_like_tags(pol_history *h, git_repository *repo, char **err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	int grc;
	if (git_reference_iterator_glob_new(&it, repo, S_TAG_PREFIX "*") != 0) {
		*err = S_giterr("cannot list the tags (corrupt repository?)");
		return -1;
	}
	while ((grc = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref) + strlen(S_TAG_PREFIX);
		if (strncmp(name, S_EDITION_PREFIX, strlen(S_EDITION_PREFIX)) != 0 && S_edition_like(name))
			S_warn(h, pol_xasprintf("tag '%s' looks like an edition but is not one (editions are tags "
			                        "edition/YYYY-MM or edition/YYYY-MM-DD): it is not in the 改定履歴", name));
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (grc != GIT_ITEROVER) {
		*err = S_giterr("cannot list the tags (corrupt repository?)");
		return -1;
	}
	return 0;
}

/* Reads the edition tags into cands, warnings into h. 0, or -1 with *err. */
static int S_collect(pol_vec *cands, pol_history *h, git_repository *repo, char **err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	pol_map *seen = pol_map_new();
	int rc = -1, grc;
	if (git_reference_iterator_glob_new(&it, repo, S_TAG_PREFIX S_EDITION_PREFIX "*") != 0) {
		*err = S_giterr("cannot list the tags (corrupt repository?)");
		pol_map_free(seen);
		return -1;
	}
	while ((grc = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref) + strlen(S_TAG_PREFIX);
		const char *date = name + strlen(S_EDITION_PREFIX);
		git_commit *commit = NULL;
		git_tag *tag = NULL;
		pol_map_set(seen, name, (void *)1);
		if (!pol_date_valid(date, true)) {
			S_warn(h, pol_xasprintf("tag '%s' is not an edition: '%s' is not a date (edition/YYYY-MM or "
			                        "edition/YYYY-MM-DD)", name, date));
		} else if (git_reference_type(ref) != GIT_REFERENCE_DIRECT) {
			S_warn(h, pol_xasprintf("tag '%s' is a symbolic reference, not an edition", name));
		} else {
			int prc = pol_git_peel(&commit, &tag, repo, git_reference_target(ref), err);
			if (prc < 0)
				goto cleanup;
			if (prc == 0) {
				S_cand *c = pol_xcalloc(1, sizeof *c);
				c->tag = pol_xstrdup(name);
				c->date = pol_xstrdup(date);
				git_oid_cpy(&c->commit, git_commit_id(commit));
				/* A lightweight tag has no message, hence no summary. */
				if (tag)
					S_warn_message(h, name, pol_history_parse_tag(&c->pub, &c->in, git_tag_message(tag), date));
				pol_vec_push(cands, c);
			} else {
				S_warn(h, pol_xasprintf("tag '%s' does not name a commit: it is not an edition", name));
			}
		}
		git_tag_free(tag);
		git_commit_free(commit);
		git_reference_free(ref);
		ref = NULL;
	}
	if (grc != GIT_ITEROVER) {
		*err = S_giterr("cannot list the tags (corrupt repository?)");
		goto cleanup;
	}
	char *dir = pol_xasprintf("%srefs/tags/edition", git_repository_commondir(repo));
	S_unread_refs(h, dir, "edition", seen, 0);
	free(dir);
	rc = S_edition_like_tags(h, repo, err);
cleanup:
	pol_map_free(seen);
	git_reference_free(ref);
	git_reference_iterator_free(it);
	return rc;
}

/* Marks the candidates whose commit is reachable from `from`: a walk over the commit
 * graph (every commit verified, see pol_git_lookup) that stops once all are found.
 * 0, or -1 with *err. */
static int S_reach(pol_vec *cands, git_repository *repo, const git_oid *from, char **err)
{
	pol_map *want = pol_map_new(); /* commit hex -> (void *)1 */
	pol_map *seen = pol_map_new();
	size_t left = 0;
	char hex[GIT_OID_HEXSZ + 1];
	for (size_t i = 0; i < cands->len; i++) {
		S_cand *c = cands->items[i];
		git_oid_tostr(hex, sizeof hex, &c->commit);
		if (!pol_map_set(want, hex, (void *)1))
			left++;
	}
	git_oid *stack = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;
	if (left) {
		stack = pol_xmalloc(sizeof *stack);
		cap = 1;
		git_oid_cpy(&stack[n++], from);
	}
	while (n && left) {
		git_oid id = stack[--n];
		git_oid_tostr(hex, sizeof hex, &id);
		if (pol_map_set(seen, hex, (void *)1))
			continue;
		if (pol_map_get(want, hex))
			left--;
		git_commit *c = NULL;
		if (pol_git_lookup((git_object **)&c, repo, &id, GIT_OBJECT_COMMIT, err) != 0)
			goto cleanup;
		unsigned np = git_commit_parentcount(c);
		for (unsigned k = 0; k < np; k++) {
			if (n == cap) {
				cap *= 2;
				stack = pol_xrealloc(stack, cap * sizeof *stack);
			}
			git_oid_cpy(&stack[n++], git_commit_parent_id(c, k));
		}
		git_commit_free(c);
	}
	for (size_t i = 0; i < cands->len; i++) {
		S_cand *c = cands->items[i];
		git_oid_tostr(hex, sizeof hex, &c->commit);
		c->reachable = pol_map_get(seen, hex) != NULL;
	}
	rc = 0;
cleanup:
	free(stack);
	pol_map_free(want);
	pol_map_free(seen);
	return rc;
}

int pol_history_load(pol_history **out, const char *src_dir, const char *upto_rev, char **err)
{
	*out = NULL;
	*err = NULL;
	/* libgit2 is loaded only for a folder that may be in a repository (what
	 * pol_git_open would say otherwise, without it). */
	if (!pol_git_may_hold(src_dir)) {
		*err = pol_xasprintf("'%s' is not in a git repository", src_dir);
		return POL_GIT_NOREPO;
	}
	const char *why = pol_dl_git_open();
	if (why) {
		*err = pol_xstrdup(why);
		return POL_GIT_ERROR;
	}
	git_libgit2_init();
	git_repository *repo = NULL;
	char *rel = NULL;
	int rc = pol_git_open(&repo, &rel, src_dir, err);
	if (rc == 0)
		rc = pol_history_load_repo(out, repo, upto_rev, err);
	free(rel);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int pol_history_load_repo(pol_history **out, git_repository *repo, const char *upto_rev, char **err)
{
	*out = NULL;
	*err = NULL;
	git_commit *upto = NULL;
	pol_vec cands = {0};
	int rc = POL_GIT_ERROR;
	pol_history *h = pol_xcalloc(1, sizeof *h);
	if (!upto_rev && git_repository_head_unborn(repo) == 1) {
		*out = h; /* no commit yet: no history */
		rc = 0;
		goto cleanup;
	}
	if (pol_git_resolve(&upto, repo, upto_rev ? upto_rev : "HEAD", err) != 0 || S_collect(&cands, h, repo, err) != 0 ||
	    S_reach(&cands, repo, git_commit_id(upto), err) != 0) {
		pol_history_free(h);
		goto cleanup;
	}
	h->entries = pol_xcalloc(cands.len ? cands.len : 1, sizeof *h->entries);
	for (size_t i = 0; i < cands.len; i++) {
		S_cand *c = cands.items[i];
		if (!c->reachable)
			continue;
		pol_history_entry *e = &h->entries[h->n++];
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &c->commit);
		e->tag = pol_xstrdup(c->tag);
		e->edition = pol_xstrdup(c->date);
		e->date = pol_xstrdup(c->date);
		e->era_date = pol_era_date(c->date);
		e->version_era = e->era_date ? pol_xasprintf("%s版", e->era_date) : NULL;
		e->public_summary = c->pub;
		e->internal_summary = c->in;
		c->pub = c->in = NULL;
		e->commit = pol_xstrdup(hex);
		e->short_commit = pol_xstrndup(hex, 7);
	}
	qsort(h->entries, h->n, sizeof *h->entries, S_cmp);
	*out = h;
	rc = 0;
cleanup:
	for (size_t i = 0; i < cands.len; i++)
		S_cand_free(cands.items[i]);
	pol_vec_free(&cands);
	git_commit_free(upto);
	return rc;
}

void pol_history_free(pol_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		pol_history_entry *e = &h->entries[i];
		free(e->tag);
		free(e->edition);
		free(e->date);
		free(e->era_date);
		free(e->version_era);
		free(e->public_summary);
		free(e->internal_summary);
		free(e->commit);
		free(e->short_commit);
	}
	free(h->entries);
	for (size_t i = 0; i < h->nwarnings; i++)
		free(h->warnings[i]);
	free(h->warnings);
	free(h);
}
