/* dynlib_qpdf.h — libqpdf through the pointers dynlib.c fills in (dynlib.h): include
 * this instead of qpdf/qpdf-c.h, and call pol_dl_qpdf_open() before the first call. */
#ifndef POL_DYNLIB_QPDF_H
#define POL_DYNLIB_QPDF_H

#include <qpdf/qpdf-c.h>

#include "lib/dynlib.h"

/* The functions polc calls. */
#define POL_DL_QPDF_FNS(X) \
	X(qpdf_cleanup) \
	X(qpdf_get_error) \
	X(qpdf_get_error_full_text) \
	X(qpdf_get_num_pages) \
	X(qpdf_get_page_n) \
	X(qpdf_get_trailer) \
	X(qpdf_has_error) \
	X(qpdf_init) \
	X(qpdf_init_write) \
	X(qpdf_make_indirect_object) \
	X(qpdf_oh_get_array_item) \
	X(qpdf_oh_get_array_n_items) \
	X(qpdf_oh_get_key) \
	X(qpdf_oh_get_utf8_value) \
	X(qpdf_oh_is_array) \
	X(qpdf_oh_is_dictionary) \
	X(qpdf_oh_is_string) \
	X(qpdf_oh_new_dictionary) \
	X(qpdf_oh_new_string) \
	X(qpdf_oh_new_unicode_string) \
	X(qpdf_oh_remove_key) \
	X(qpdf_oh_replace_key) \
	X(qpdf_read) \
	X(qpdf_set_compress_streams) \
	X(qpdf_set_deterministic_ID) \
	X(qpdf_set_object_stream_mode) \
	X(qpdf_set_suppress_warnings) \
	X(qpdf_write)

struct pol_dl_qpdf {
#define POL_DL_PTR(f) __typeof__(f) *f;
	POL_DL_QPDF_FNS(POL_DL_PTR)
#undef POL_DL_PTR
};
extern struct pol_dl_qpdf pol_dl_qpdf;

/* The names, from here on, are the table's (dynlib.c, which fills it, keeps the real ones). */
#ifndef POL_DYNLIB_IMPL
#define qpdf_cleanup pol_dl_qpdf.qpdf_cleanup
#define qpdf_get_error pol_dl_qpdf.qpdf_get_error
#define qpdf_get_error_full_text pol_dl_qpdf.qpdf_get_error_full_text
#define qpdf_get_num_pages pol_dl_qpdf.qpdf_get_num_pages
#define qpdf_get_page_n pol_dl_qpdf.qpdf_get_page_n
#define qpdf_get_trailer pol_dl_qpdf.qpdf_get_trailer
#define qpdf_has_error pol_dl_qpdf.qpdf_has_error
#define qpdf_init pol_dl_qpdf.qpdf_init
#define qpdf_init_write pol_dl_qpdf.qpdf_init_write
#define qpdf_make_indirect_object pol_dl_qpdf.qpdf_make_indirect_object
#define qpdf_oh_get_array_item pol_dl_qpdf.qpdf_oh_get_array_item
#define qpdf_oh_get_array_n_items pol_dl_qpdf.qpdf_oh_get_array_n_items
#define qpdf_oh_get_key pol_dl_qpdf.qpdf_oh_get_key
#define qpdf_oh_get_utf8_value pol_dl_qpdf.qpdf_oh_get_utf8_value
#define qpdf_oh_is_array pol_dl_qpdf.qpdf_oh_is_array
#define qpdf_oh_is_dictionary pol_dl_qpdf.qpdf_oh_is_dictionary
#define qpdf_oh_is_string pol_dl_qpdf.qpdf_oh_is_string
#define qpdf_oh_new_dictionary pol_dl_qpdf.qpdf_oh_new_dictionary
#define qpdf_oh_new_string pol_dl_qpdf.qpdf_oh_new_string
#define qpdf_oh_new_unicode_string pol_dl_qpdf.qpdf_oh_new_unicode_string
#define qpdf_oh_remove_key pol_dl_qpdf.qpdf_oh_remove_key
#define qpdf_oh_replace_key pol_dl_qpdf.qpdf_oh_replace_key
#define qpdf_read pol_dl_qpdf.qpdf_read
#define qpdf_set_compress_streams pol_dl_qpdf.qpdf_set_compress_streams
#define qpdf_set_deterministic_ID pol_dl_qpdf.qpdf_set_deterministic_ID
#define qpdf_set_object_stream_mode pol_dl_qpdf.qpdf_set_object_stream_mode
#define qpdf_set_suppress_warnings pol_dl_qpdf.qpdf_set_suppress_warnings
#define qpdf_write pol_dl_qpdf.qpdf_write
#endif

#endif
