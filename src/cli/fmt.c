/* SPDX-License-Identifier: ISC */
/* fmt.c - output helpers: JSON members, times, countdowns. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/fmt.h"
#include "util/i18n.h"
#include "util/safe.h"
#include "util/utctime.h"

void fmt_json_str(struct json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key,
			       value ? json_object_new_string(value) : NULL);
}

void fmt_json_time(struct json_object *o, const char *key, int64_t t)
{
	char buf[UTC_RFC3339_SIZE];

	json_object_object_add(o, key,
			       utc_rfc3339(t, buf, sizeof(buf))
				       ? json_object_new_string(buf)
				       : NULL);
}

/* Prints one value (already a JSON value) escaped. */
static void print_value(struct json_object *v)
{
	char out[2048];
	const char *s;
	size_t i, n;

	if (v == NULL) {
		fputs("-", stdout);
		return;
	}
	if (json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n; i++) {
			fputs(i ? ", " : "", stdout);
			print_value(json_object_array_get_idx(v, i));
		}
		if (n == 0)
			fputs("-", stdout);
		return;
	}
	s = json_object_is_type(v, json_type_string)
		    ? json_object_get_string(v)
		    : json_object_to_json_string(v);
	fputs(safe_line(out, sizeof(out), s, strlen(s)), stdout);
}

static void print_object(struct json_object *o, int indent)
{
	json_object_object_foreach(o, key, val)
	{
		char k[128];

		safe_line(k, sizeof(k), key, strlen(key));
		if (val != NULL && json_object_is_type(val, json_type_object)) {
			printf("%*s%s:\n", indent, "", k);
			print_object(val, indent + 2);
			continue;
		}
		printf("%*s%-*s ", indent, "", 24 - indent, k);
		print_value(val);
		putchar('\n');
	}
}

void fmt_print_object(struct json_object *o)
{
	print_object(o, 0);
	json_object_put(o);
}

char *fmt_time(int64_t t, char *buf, size_t sz)
{
	if (t == 0 || utc_text(t, UTC_MINUTE, buf, sz) == NULL)
		snprintf(buf, sz, "-");
	return buf;
}

char *fmt_countdown(int64_t s, char *buf, size_t sz)
{
	if (s <= 0)
		snprintf(buf, sz, "%s", _("expired"));
	else if (s >= 86400)
		snprintf(buf, sz, "%lldd %02lldh", (long long)(s / 86400),
			 (long long)(s % 86400 / 3600));
	else
		snprintf(buf, sz, "%lldh %02lldm", (long long)(s / 3600),
			 (long long)(s % 3600 / 60));
	return buf;
}
