/* date.c — ISO dates checked and written in the Japanese era (令和8年3月). */
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/util.h"

static bool S_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool S_parse(const char *iso, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	size_t n = strlen(iso);
	if (n != 7 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? iso[i] != '-' : (iso[i] < '0' || iso[i] > '9'))
			return false;
	}
	*y = atoi(iso);
	*m = atoi(iso + 5);
	if (n == 10)
		*d = atoi(iso + 8);
	return true;
}

bool pol_date_valid(const char *iso, bool allow_month_only)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (!iso || !S_parse(iso, &y, &m, &d))
		return false;
	if (y < 1 || m < 1 || m > 12)
		return false;
	if (d == 0)
		return allow_month_only && strlen(iso) == 7;
	int max = mdays[m - 1] + (m == 2 && S_leap(y));
	return d <= max;
}

char *pol_era_date(const char *iso)
{
	static const struct {
		int y, m, d;
		const char *name;
	} eras[] = {
		{2019, 5, 1, "令和"}, {1989, 1, 8, "平成"}, {1926, 12, 25, "昭和"},
		{1912, 7, 30, "大正"}, {1868, 10, 23, "明治"},
	};
	if (!pol_date_valid(iso, true))
		return NULL;
	int y, m, d;
	S_parse(iso, &y, &m, &d);
	int key = y * 10000 + m * 100 + (d ? d : 1);
	for (size_t i = 0; i < sizeof eras / sizeof *eras; i++) {
		if (key < eras[i].y * 10000 + eras[i].m * 100 + eras[i].d)
			continue;
		int ey = y - eras[i].y + 1;
		char *year = ey == 1 ? pol_xstrdup("元") : pol_xasprintf("%d", ey);
		char *s = d ? pol_xasprintf("%s%s年%d月%d日", eras[i].name, year, m, d)
		            : pol_xasprintf("%s%s年%d月", eras[i].name, year, m);
		free(year);
		return s;
	}
	return NULL;
}
