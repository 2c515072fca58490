/* dynlib.h — the libraries only some commands need, opened when first needed (dynlib.c).
 *
 * libgit2 (the source's revision and stamp, the 改定履歴, a build of a git revision),
 * libxml2 (the .docx and 法令標準XML writers, the .xlsx reader), libxlsxwriter (the
 * .xlsx writer), libzip (the .docx package, the .xlsx reader) and libqpdf (a PDF's
 * fixed metadata, lib/pdf.c) are not linked into polc but opened with dlopen by the
 * first call that needs them: linked, they and what they bring (mbedTLS, Kerberos,
 * libssh2, http-parser and PCRE2 for libgit2, ICU and the C++ runtime for libxml2,
 * minizip for libxlsxwriter, the C++ runtime, gnutls and libjpeg for libqpdf) would
 * cost every polc command their loading and relocation at start-up, some 2 ms and
 * 10 MiB, for the commands that read git, write and read Word and Excel files or
 * print PDF.
 *
 * Each library's functions are called through a table of pointers that its private
 * header (dynlib_git.h, dynlib_xml.h, dynlib_xlsxwriter.h, dynlib_zip.h,
 * dynlib_qpdf.h) puts in place
 * of the library's own names, so the code that uses a library reads as if it were
 * linked. It includes that header instead of the library's, and calls the open function
 * below before its first call into the library (the entry points of lib/xlsxread,
 * lib/zipw, lib/pdf, emit/docx, emit/lawxml and emit/xlsx do; for libgit2, the loader of
 * model/load.c and pol_history_load before git_libgit2_init, and pol_git_open: every
 * other function of front/source_git.c and front/history.c that calls libgit2 is given
 * a repository, so is only reached once it is open). The file name each library is
 * opened by is that of the library the headers belong to (the Makefile finds it:
 * POL_*_SONAME). */
#ifndef POL_DYNLIB_H
#define POL_DYNLIB_H

/* Each opens its library once (later calls return what the first did): NULL, or why
 * it cannot be used, a static sentence naming the package to install. */
const char *pol_dl_git_open(void);
const char *pol_dl_xml_open(void);
const char *pol_dl_xlsxwriter_open(void);
const char *pol_dl_zip_open(void);
const char *pol_dl_qpdf_open(void);

#endif
