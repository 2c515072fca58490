/* number.h — labels, references and dates (number.c). Every function returns a new
 * string the caller frees, or NULL where there is no label. */
#ifndef POL_NUMBER_H
#define POL_NUMBER_H

#include "model/model.h"

char *pol_num_kana(int n);     /* 1 → ア */
char *pol_num_circled(int n);  /* 1 → ① (up to 50) */
char *pol_num_label(pol_numbering style, pol_kind kind, int ord, bool preface);
char *pol_num_ref_part(pol_numbering style, pol_kind kind, int ord, bool preface);
/* Reiki 目次 range: （第11条）, （第12条・第13条）, （第14条―第18条）; sep the separator of
 * a longer range (toc-range=: ― when NULL, or ～). */
char *pol_num_range(int first, int last, const char *sep);

#endif
