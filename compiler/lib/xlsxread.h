/* xlsxread.h — the worksheets of an .xlsx workbook read back as rows of text
 * (xlsxread.c), for answers filled in with Excel or LibreOffice.
 *
 * The workbook is a zip (libzip) of SpreadsheetML parts (parsed with libxml2, without
 * network access, entity expansion or DTD loading). Cells are read as the text they
 * hold: shared strings (rich text runs joined, phonetic guides — Japanese Excel's
 * furigana, <rPh> — left out), inline strings, formula results and numbers as written
 * in the file. A row's fields are placed by their cell references (B3 is field 1 of
 * row 3), and every row of a sheet is padded to the sheet's widest row, so rows read
 * like CSV records of one width. */
#ifndef POL_XLSXREAD_H
#define POL_XLSXREAD_H

#include "lib/csv.h"

/* One worksheet: its name and its non-empty rows, each with `line` its row number. */
typedef struct pol_xlsx_sheet {
	char *name;
	pol_csv rows; /* errors stay empty */
} pol_xlsx_sheet;

typedef struct pol_xlsx_book {
	pol_xlsx_sheet *sheets; /* in the workbook's order */
	size_t nsheets;
} pol_xlsx_book;

/* Whether data starts like a zip file (an .xlsx, a .docx …): "PK\3\4". */
int pol_xlsx_sniff(const char *data, size_t len);

/* Reads every worksheet of the workbook in data[0..len). Returns 0 and *out (free with
 * pol_xlsx_book_free), or -1 and *err (caller frees): not a zip, a part missing or not
 * well-formed XML, a part larger than 64 MiB, a cell beyond column 1024, more than 64
 * sheets. */
int pol_xlsx_read(pol_xlsx_book *out, char **err, const char *data, size_t len);
void pol_xlsx_book_free(pol_xlsx_book *b);

#endif
