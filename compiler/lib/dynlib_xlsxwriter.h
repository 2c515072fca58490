/* dynlib_xlsxwriter.h — libxlsxwriter through the pointers dynlib.c fills in (dynlib.h):
 * include this instead of xlsxwriter.h, and call pol_dl_xlsxwriter_open() before the
 * first call. */
#ifndef POL_DYNLIB_XLSXWRITER_H
#define POL_DYNLIB_XLSXWRITER_H

#include <xlsxwriter.h>

#include "lib/dynlib.h"

/* The functions polc calls. */
#define POL_DL_XLSXWRITER_FNS(X) \
	X(format_set_align) \
	X(format_set_bg_color) \
	X(format_set_bold) \
	X(format_set_border) \
	X(format_set_font_name) \
	X(format_set_font_size) \
	X(format_set_text_wrap) \
	X(format_set_unlocked) \
	X(lxw_strerror) \
	X(workbook_add_format) \
	X(workbook_add_worksheet) \
	X(workbook_close) \
	X(workbook_new) \
	X(workbook_set_properties) \
	X(worksheet_autofilter) \
	X(worksheet_data_validation_range) \
	X(worksheet_fit_to_pages) \
	X(worksheet_freeze_panes) \
	X(worksheet_protect) \
	X(worksheet_repeat_rows) \
	X(worksheet_set_column) \
	X(worksheet_set_footer) \
	X(worksheet_set_header) \
	X(worksheet_set_landscape) \
	X(worksheet_set_margins) \
	X(worksheet_set_paper) \
	X(worksheet_write_blank) \
	X(worksheet_write_number) \
	X(worksheet_write_string)

struct pol_dl_xlsxwriter {
#define POL_DL_PTR(f) __typeof__(f) *f;
	POL_DL_XLSXWRITER_FNS(POL_DL_PTR)
#undef POL_DL_PTR
};
extern struct pol_dl_xlsxwriter pol_dl_xlsxwriter;

/* The names, from here on, are the table's (dynlib.c, which fills it, keeps the real ones). */
#ifndef POL_DYNLIB_IMPL
#define format_set_align pol_dl_xlsxwriter.format_set_align
#define format_set_bg_color pol_dl_xlsxwriter.format_set_bg_color
#define format_set_bold pol_dl_xlsxwriter.format_set_bold
#define format_set_border pol_dl_xlsxwriter.format_set_border
#define format_set_font_name pol_dl_xlsxwriter.format_set_font_name
#define format_set_font_size pol_dl_xlsxwriter.format_set_font_size
#define format_set_text_wrap pol_dl_xlsxwriter.format_set_text_wrap
#define format_set_unlocked pol_dl_xlsxwriter.format_set_unlocked
#define lxw_strerror pol_dl_xlsxwriter.lxw_strerror
#define workbook_add_format pol_dl_xlsxwriter.workbook_add_format
#define workbook_add_worksheet pol_dl_xlsxwriter.workbook_add_worksheet
#define workbook_close pol_dl_xlsxwriter.workbook_close
#define workbook_new pol_dl_xlsxwriter.workbook_new
#define workbook_set_properties pol_dl_xlsxwriter.workbook_set_properties
#define worksheet_autofilter pol_dl_xlsxwriter.worksheet_autofilter
#define worksheet_data_validation_range pol_dl_xlsxwriter.worksheet_data_validation_range
#define worksheet_fit_to_pages pol_dl_xlsxwriter.worksheet_fit_to_pages
#define worksheet_freeze_panes pol_dl_xlsxwriter.worksheet_freeze_panes
#define worksheet_protect pol_dl_xlsxwriter.worksheet_protect
#define worksheet_repeat_rows pol_dl_xlsxwriter.worksheet_repeat_rows
#define worksheet_set_column pol_dl_xlsxwriter.worksheet_set_column
#define worksheet_set_footer pol_dl_xlsxwriter.worksheet_set_footer
#define worksheet_set_header pol_dl_xlsxwriter.worksheet_set_header
#define worksheet_set_landscape pol_dl_xlsxwriter.worksheet_set_landscape
#define worksheet_set_margins pol_dl_xlsxwriter.worksheet_set_margins
#define worksheet_set_paper pol_dl_xlsxwriter.worksheet_set_paper
#define worksheet_write_blank pol_dl_xlsxwriter.worksheet_write_blank
#define worksheet_write_number pol_dl_xlsxwriter.worksheet_write_number
#define worksheet_write_string pol_dl_xlsxwriter.worksheet_write_string
#endif

#endif
