/* date.h — ISO dates: whether one exists, and how it is written in the Japanese era. */
#ifndef POL_DATE_H
#define POL_DATE_H

#include <stdbool.h>

/* Japanese era date for an ISO date "YYYY-MM" or "YYYY-MM-DD": 令和8年3月, 令和8年4月1日.
 * NULL if the date does not exist or precedes 明治. Caller frees. */
char *pol_era_date(const char *iso);
bool pol_date_valid(const char *iso, bool allow_month_only);

#endif
