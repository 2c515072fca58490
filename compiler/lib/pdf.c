/* pdf.c — HTML to PDF through headless Chromium, then fixed metadata through libqpdf
 * (pdf.h).
 *
 * Chromium runs as a child in a process group of its own, with a profile folder made
 * for the run and removed after it, stdin and stdout on /dev/null and its chatter in a
 * log in that folder (its last error line is quoted when it fails). It writes into the
 * profile folder; libqpdf reads that file and writes the final one beside `pdf`, which
 * a rename puts in place, so a failed print never leaves a half-written PDF. The only
 * bytes of Chromium's output that change from run to run are the two dates of its
 * Info dictionary; the Info dictionary is replaced as a whole. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/dynlib_qpdf.h"
#include "lib/pdf.h"
#include "lib/util.h"

static bool S_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *pol_pdf_engine(char **err)
{
	*err = NULL;
	const char *env = getenv("POLC_CHROMIUM");
	if (env) {
		if (*env && S_executable(env))
			return pol_xstrdup(env);
		*err = *env ? pol_xasprintf("the PDF engine '%s' (POLC_CHROMIUM) is not an executable file", env)
		            : pol_xstrdup("no PDF engine: POLC_CHROMIUM is empty");
		return NULL;
	}
	static const char *const names[] = {"chromium", "chromium-browser"};
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/bin:/bin";
	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		for (const char *p = path; *p;) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			if (n) {
				char *cand = pol_xasprintf("%.*s/%s", (int)n, p, names[k]);
				if (S_executable(cand))
					return cand;
				free(cand);
			}
			p += n + (colon != NULL);
		}
	}
	*err = pol_xstrdup("no PDF engine: PDF output needs headless Chromium (Debian package chromium, "
	                   "with fonts-noto-cjk); install it or set POLC_CHROMIUM");
	return NULL;
}

long long pol_pdf_epoch(long long fallback)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s && *s) {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (!*end && !errno && v >= 0)
			return v;
	}
	return fallback;
}

/* file:// URL of an absolute path, bytes outside the unreserved set and '/' escaped. */
static char *S_file_url(const char *abs)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			pol_buf_putc(&b, (char)*p);
		else
			pol_buf_printf(&b, "%%%02X", *p);
	}
	return pol_buf_detach(&b);
}

/* The last line of Chromium's log that says ERROR and is not about D-Bus (which a
 * headless run without a session bus always reports), or NULL. Caller frees. */
static char *S_last_error(const char *log)
{
	char *data = NULL;
	size_t len = 0;
	if (pol_read_file(&data, &len, log) != 0)
		return NULL;
	char *found = NULL;
	for (char *line = data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if ((strstr(line, "ERROR") || strstr(line, "rror:")) && !strstr(line, "bus"))
			found = line;
	}
	char *out = NULL;
	if (found) {
		size_t n = strlen(found);
		out = pol_xstrndup(found, n > 200 ? 200 : n);
	}
	free(data);
	return out;
}

/* Runs argv[0] with argv, waiting at most timeout seconds. Returns the wait status,
 * -1 (errno) when it could not start, -2 on timeout (the group is killed). */
static int S_run(char *const argv[], const char *log, int timeout)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		int in = open("/dev/null", O_RDONLY);
		int out = open("/dev/null", O_WRONLY);
		int err = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (in < 0 || out < 0 || err < 0)
			_exit(126);
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid); /* also here, so the group exists before we may signal it */
	int status = 0;
	struct timespec tick = {0, 20 * 1000 * 1000};
	long waited_ms = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			status = -1;
			break;
		}
		if (waited_ms >= (long)timeout * 1000) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return -2;
		}
		nanosleep(&tick, NULL);
		waited_ms += 20;
	}
	/* Helpers Chromium started and left behind (renderer, zygote) go with it. */
	kill(-pid, SIGKILL);
	return status;
}

/* "D:YYYYMMDDHHmmSSZ" */
static void S_pdf_date(char out[24], long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "D:%Y%m%d%H%M%SZ", &tm);
}

static void S_info_key(qpdf_data q, qpdf_oh dict, const char *key, const char *utf8)
{
	if (!utf8 || !*utf8)
		return;
	qpdf_oh s = qpdf_oh_new_unicode_string(q, utf8);
	qpdf_oh_replace_key(q, dict, key, s);
}

/* Links to files (a relative link of the page, e.g. to style.css or another page of the
 * site) come out of Chromium as file:// URLs naming the folder the page was printed in:
 * each becomes the link relative to that folder (base, the folder's URL with its final
 * slash), or is removed when it points elsewhere. So no path of the build reaches the
 * PDF, and two builds in two folders give the same bytes. */
static void S_file_links(qpdf_data q, const char *base)
{
	size_t nb = strlen(base);
	int np = qpdf_get_num_pages(q);
	for (int i = 0; i < np; i++) {
		qpdf_oh annots = qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)i), "/Annots");
		int na = qpdf_oh_is_array(q, annots) ? qpdf_oh_get_array_n_items(q, annots) : 0;
		for (int k = 0; k < na; k++) {
			qpdf_oh a = qpdf_oh_get_key(q, qpdf_oh_get_array_item(q, annots, k), "/A");
			if (!qpdf_oh_is_dictionary(q, a))
				continue;
			qpdf_oh uri = qpdf_oh_get_key(q, a, "/URI");
			const char *u = qpdf_oh_is_string(q, uri) ? qpdf_oh_get_utf8_value(q, uri) : NULL;
			if (!u || strncmp(u, "file:", 5))
				continue;
			if (!strncmp(u, base, nb) && u[nb]) {
				char *rel = pol_xstrdup(u + nb);
				qpdf_oh_replace_key(q, a, "/URI", qpdf_oh_new_unicode_string(q, rel));
				free(rel);
			} else {
				qpdf_oh_remove_key(q, a, "/URI");
			}
		}
	}
}

/* Rewrites in (Chromium's PDF) into out with info as its Info dictionary; base as for
 * S_file_links. */
static int S_finish(const char *in, const char *out, const pol_pdf_info *info, const char *base, char **err)
{
	const char *why = pol_dl_qpdf_open();
	if (why) {
		*err = pol_xstrdup(why);
		return -1;
	}
	qpdf_data q = qpdf_init();
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	int rc = -1;
	if (qpdf_read(q, in, NULL) & QPDF_ERRORS)
		goto cleanup;
	S_file_links(q, base);
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh old = qpdf_oh_get_key(q, trailer, "/Info");
	qpdf_oh dict = qpdf_oh_new_dictionary(q);
	S_info_key(q, dict, "/Title", info->title);
	S_info_key(q, dict, "/Author", info->author);
	S_info_key(q, dict, "/Subject", info->subject);
	S_info_key(q, dict, "/Keywords", info->keywords);
	S_info_key(q, dict, "/Creator", info->creator);
	if (qpdf_oh_is_dictionary(q, old)) {
		qpdf_oh prod = qpdf_oh_get_key(q, old, "/Producer");
		if (qpdf_oh_is_string(q, prod))
			qpdf_oh_replace_key(q, dict, "/Producer", prod);
	}
	char date[24];
	S_pdf_date(date, info->epoch);
	qpdf_oh_replace_key(q, dict, "/CreationDate", qpdf_oh_new_string(q, date));
	qpdf_oh_replace_key(q, dict, "/ModDate", qpdf_oh_new_string(q, date));
	qpdf_oh_replace_key(q, trailer, "/Info", qpdf_make_indirect_object(q, dict));
	if (qpdf_init_write(q, out) & QPDF_ERRORS)
		goto cleanup;
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_object_stream_mode(q, qpdf_o_generate);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	if (qpdf_write(q) & QPDF_ERRORS)
		goto cleanup;
	rc = 0;
cleanup:
	if (rc != 0) {
		const char *why = qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : NULL;
		*err = pol_xasprintf("cannot finish the PDF: %s", why ? why : "libqpdf failed");
	}
	qpdf_cleanup(&q);
	return rc;
}

/* What S_finish makes the final PDF from, for pol_write_atomic. */
typedef struct S_job {
	const char *raw;
	const pol_pdf_info *info;
	char *base;
} S_job;

static int S_finish_job(void *ctx, const char *to, char **err)
{
	const S_job *j = ctx;
	return S_finish(j->raw, to, j->info, j->base, err);
}

int pol_pdf_print(const char *html, const char *pdf, const pol_pdf_info *info, char **err)
{
	*err = NULL;
	char *engine = pol_pdf_engine(err);
	if (!engine)
		return -1;
	int rc = -1;
	char *abs = NULL, *url = NULL, *tmpdir = NULL, *log = NULL, *raw = NULL;
	char *a_profile = NULL, *a_print = NULL;
	abs = realpath(html, NULL);
	if (!abs) {
		*err = pol_xasprintf("cannot print '%s': %s", html, strerror(errno));
		goto cleanup;
	}
	url = S_file_url(abs);
	const char *t = getenv("TMPDIR");
	tmpdir = pol_xasprintf("%s/polc-pdf.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		*err = pol_xasprintf("cannot make a folder for the PDF engine: %s", strerror(errno));
		free(tmpdir);
		tmpdir = NULL;
		goto cleanup;
	}
	log = pol_xasprintf("%s/engine.log", tmpdir);
	raw = pol_xasprintf("%s/engine.pdf", tmpdir);
	a_profile = pol_xasprintf("--user-data-dir=%s/profile", tmpdir);
	a_print = pol_xasprintf("--print-to-pdf=%s", raw);
	/* No network (every host resolves to nothing), nothing in the
	 * background; Chromium's sandbox cannot run as root. */
	char *argv[32];
	int n = 0;
	argv[n++] = engine;
	argv[n++] = "--headless";
	if (geteuid() == 0)
		argv[n++] = "--no-sandbox";
	argv[n++] = "--disable-gpu";
	argv[n++] = "--no-first-run";
	argv[n++] = "--no-default-browser-check";
	argv[n++] = "--disable-background-networking";
	argv[n++] = "--disable-component-update";
	argv[n++] = "--disable-sync";
	argv[n++] = "--disable-extensions";
	argv[n++] = "--disable-default-apps";
	argv[n++] = "--host-resolver-rules=MAP * ~NOTFOUND";
	argv[n++] = a_profile;
	argv[n++] = "--no-pdf-header-footer";
	argv[n++] = "--generate-pdf-document-outline";
	argv[n++] = a_print;
	argv[n++] = url;
	argv[n] = NULL;
	const char *to = getenv("POLC_PDF_TIMEOUT");
	int timeout = to && atoi(to) > 0 ? atoi(to) : 300;
	int st = S_run(argv, log, timeout);
	if (st == -2) {
		*err = pol_xasprintf("the PDF engine did not finish in %d s (POLC_PDF_TIMEOUT)", timeout);
		goto cleanup;
	}
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		char *why = S_last_error(log);
		if (st == -1)
			*err = pol_xasprintf("cannot start the PDF engine '%s': %s", engine, strerror(errno));
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
			*err = pol_xasprintf("cannot run the PDF engine '%s'", engine);
		else if (WIFEXITED(st))
			*err = pol_xasprintf("the PDF engine failed (exit %d)%s%s", WEXITSTATUS(st), why ? ": " : "",
			                     why ? why : "");
		else
			*err = pol_xasprintf("the PDF engine was killed by signal %d", WTERMSIG(st));
		free(why);
		goto cleanup;
	}
	char head[5] = {0};
	FILE *f = fopen(raw, "rb");
	size_t got = f ? fread(head, 1, 5, f) : 0;
	if (f)
		fclose(f);
	if (got != 5 || memcmp(head, "%PDF-", 5)) {
		char *why = S_last_error(log);
		*err = pol_xasprintf("the PDF engine wrote no PDF%s%s", why ? ": " : "", why ? why : "");
		free(why);
		goto cleanup;
	}
	char *slash = strrchr(url, '/');
	S_job job = {raw, info, pol_xstrndup(url, (size_t)(slash - url) + 1)};
	int frc = pol_write_atomic(pdf, S_finish_job, &job, err);
	free(job.base);
	if (frc != 0)
		goto cleanup;
	rc = 0;
cleanup:
	if (tmpdir)
		pol_rmtree(tmpdir);
	free(tmpdir);
	free(engine);
	free(abs);
	free(url);
	free(log);
	free(raw);
	free(a_profile);
	free(a_print);
	return rc;
}
