/* SPDX-License-Identifier: ISC */
/* utctime.c - RFC 3339 UTC times (utctime.h). */
#include "config.h"

#include <time.h>

#include "util/utctime.h"

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
