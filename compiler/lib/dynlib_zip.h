/* dynlib_zip.h — libzip through the pointers dynlib.c fills in (dynlib.h): include this
 * instead of zip.h, and call pol_dl_zip_open() before the first call. */
#ifndef POL_DYNLIB_ZIP_H
#define POL_DYNLIB_ZIP_H

#include <zip.h>

#include "lib/dynlib.h"

/* The functions polc calls. */
#define POL_DL_ZIP_FNS(X) \
	X(zip_close) \
	X(zip_discard) \
	X(zip_error_fini) \
	X(zip_error_init) \
	X(zip_error_init_with_code) \
	X(zip_error_strerror) \
	X(zip_fclose) \
	X(zip_file_add) \
	X(zip_file_set_dostime) \
	X(zip_file_set_external_attributes) \
	X(zip_fopen_index) \
	X(zip_fread) \
	X(zip_name_locate) \
	X(zip_open) \
	X(zip_open_from_source) \
	X(zip_set_file_compression) \
	X(zip_source_buffer) \
	X(zip_source_buffer_create) \
	X(zip_source_free) \
	X(zip_stat_index) \
	X(zip_strerror)

struct pol_dl_zip {
#define POL_DL_PTR(f) __typeof__(f) *f;
	POL_DL_ZIP_FNS(POL_DL_PTR)
#undef POL_DL_PTR
};
extern struct pol_dl_zip pol_dl_zip;

/* The names, from here on, are the table's (dynlib.c, which fills it, keeps the real ones). */
#ifndef POL_DYNLIB_IMPL
#define zip_close pol_dl_zip.zip_close
#define zip_discard pol_dl_zip.zip_discard
#define zip_error_fini pol_dl_zip.zip_error_fini
#define zip_error_init pol_dl_zip.zip_error_init
#define zip_error_init_with_code pol_dl_zip.zip_error_init_with_code
#define zip_error_strerror pol_dl_zip.zip_error_strerror
#define zip_fclose pol_dl_zip.zip_fclose
#define zip_file_add pol_dl_zip.zip_file_add
#define zip_file_set_dostime pol_dl_zip.zip_file_set_dostime
#define zip_file_set_external_attributes pol_dl_zip.zip_file_set_external_attributes
#define zip_fopen_index pol_dl_zip.zip_fopen_index
#define zip_fread pol_dl_zip.zip_fread
#define zip_name_locate pol_dl_zip.zip_name_locate
#define zip_open pol_dl_zip.zip_open
#define zip_open_from_source pol_dl_zip.zip_open_from_source
#define zip_set_file_compression pol_dl_zip.zip_set_file_compression
#define zip_source_buffer pol_dl_zip.zip_source_buffer
#define zip_source_buffer_create pol_dl_zip.zip_source_buffer_create
#define zip_source_free pol_dl_zip.zip_source_free
#define zip_stat_index pol_dl_zip.zip_stat_index
#define zip_strerror pol_dl_zip.zip_strerror
#endif

#endif
