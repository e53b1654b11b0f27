/* SPDX-License-Identifier: ISC */
/* utctime.c - UTC times for programs and for people (utctime.h). */
#include "config.h"

#include <time.h>

#include "util/utctime.h"

/* Writes tm in style into buf: strftime()'s length, 0 when it does not
 * fit or style is unknown.  One literal format per style, so the
 * compiler checks each. */
static size_t write_style(char *buf, size_t sz, enum utc_style style,
			  const struct tm *tm)
{
	switch (style) {
	case UTC_MINUTE:
		return strftime(buf, sz, "%Y-%m-%d %H:%M UTC", tm);
	case UTC_SECOND:
		return strftime(buf, sz, "%Y-%m-%d %H:%M:%S UTC", tm);
	case UTC_DATE_TIME:
		return strftime(buf, sz, "%Y-%m-%d %H:%M", tm);
	case UTC_MONTH_DAY_TIME:
		return strftime(buf, sz, "%m-%d %H:%M", tm);
	}
	return 0;
}

const char *utc_rfc3339(int64_t t, char *buf, size_t sz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0 || sz < UTC_RFC3339_SIZE || gmtime_r(&tt, &tm) == NULL ||
	    tm.tm_year < -1900 || tm.tm_year > 9999 - 1900 ||
	    strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (sz > 0)
			buf[0] = '\0';
		return NULL;
	}
	return buf;
}

const char *utc_text(int64_t t, enum utc_style style, char *buf, size_t sz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (sz == 0)
		return NULL;
	if (gmtime_r(&tt, &tm) == NULL ||
	    write_style(buf, sz, style, &tm) == 0) {
		buf[0] = '\0';
		return NULL;
	}
	return buf;
}
