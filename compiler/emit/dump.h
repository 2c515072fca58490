/* dump.h — the model as indented text (dump.c), for spec tests and debugging. */
#ifndef POL_DUMP_H
#define POL_DUMP_H

#include "model/model.h"

/* Caller frees. */
char *pol_model_dump(const pol_model *m);

#endif
