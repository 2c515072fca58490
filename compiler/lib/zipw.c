/* zipw.c — a deterministic zip writer over libzip (zipw.h). */
#include <stdlib.h>
#include <string.h>

#include "lib/dynlib_zip.h"
#include "lib/util.h"
#include "lib/zipw.h"

struct pol_zipw {
	zip_t *z;
	char *err; /* the first failure, or NULL */
};

/* 1980-01-01 00:00 as a DOS date and time. */
enum { S_DOS_DATE = (0 << 9) | (1 << 5) | 1, S_DOS_TIME = 0 };

pol_zipw *pol_zipw_open(const char *path, char **err)
{
	*err = NULL;
	const char *why = pol_dl_zip_open();
	if (why) {
		*err = pol_xstrdup(why);
		return NULL;
	}
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, ze);
		*err = pol_xasprintf("cannot create '%s': %s", path, zip_error_strerror(&e));
		zip_error_fini(&e);
		return NULL;
	}
	pol_zipw *w = pol_xcalloc(1, sizeof *w);
	w->z = z;
	return w;
}

int pol_zipw_add(pol_zipw *w, const char *name, const char *data, size_t len)
{
	if (w->err)
		return -1;
	void *copy = pol_xmalloc(len ? len : 1);
	memcpy(copy, data, len);
	zip_source_t *src = zip_source_buffer(w->z, copy, len, 1);
	if (!src) {
		free(copy);
		w->err = pol_xasprintf("cannot add '%s': %s", name, zip_strerror(w->z));
		return -1;
	}
	zip_int64_t ix = zip_file_add(w->z, name, src, ZIP_FL_ENC_UTF_8);
	if (ix < 0) {
		zip_source_free(src);
		w->err = pol_xasprintf("cannot add '%s': %s", name, zip_strerror(w->z));
		return -1;
	}
	if (zip_file_set_dostime(w->z, (zip_uint64_t)ix, S_DOS_TIME, S_DOS_DATE, 0) != 0 ||
	    zip_file_set_external_attributes(w->z, (zip_uint64_t)ix, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0 ||
	    zip_set_file_compression(w->z, (zip_uint64_t)ix, ZIP_CM_DEFLATE, 9) != 0) {
		w->err = pol_xasprintf("cannot add '%s': %s", name, zip_strerror(w->z));
		return -1;
	}
	return 0;
}

int pol_zipw_close(pol_zipw *w, char **err)
{
	*err = NULL;
	if (w->err) {
		*err = w->err;
		zip_discard(w->z);
		free(w);
		return -1;
	}
	if (zip_close(w->z) != 0) {
		*err = pol_xasprintf("cannot write the archive: %s", zip_strerror(w->z));
		zip_discard(w->z);
		free(w);
		return -1;
	}
	free(w);
	return 0;
}

void pol_zipw_discard(pol_zipw *w)
{
	if (!w)
		return;
	zip_discard(w->z);
	free(w->err);
	free(w);
}
