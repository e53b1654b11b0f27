/* SPDX-License-Identifier: ISC */
/* types.c - statuses, identifiers and timestamps from ACME servers. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/types.h"
#include "parse/domain.h"
#include "util/json.h"

static const char *const status_names[ST__UNKNOWN] = {
	[ST_PENDING] = "pending",	[ST_READY] = "ready",
	[ST_PROCESSING] = "processing", [ST_VALID] = "valid",
	[ST_INVALID] = "invalid",	[ST_DEACTIVATED] = "deactivated",
	[ST_EXPIRED] = "expired",	[ST_REVOKED] = "revoked",
};

enum acme_status acme_status_parse(const char *s, unsigned allowed)
{
	int i;

	if (s == NULL)
		return ST__UNKNOWN;
	for (i = 0; i < ST__UNKNOWN; i++)
		if (strcmp(s, status_names[i]) == 0)
			return (allowed & ST_BIT(i)) ? (enum acme_status)i
						     : ST__UNKNOWN;
	return ST__UNKNOWN;
}

const char *acme_status_name(enum acme_status st)
{
	if ((unsigned)st >= ST__UNKNOWN)
		return "unknown";
	return status_names[st];
}

enum acme_ident_type acme_ident_type_parse(const char *s)
{
	if (s != NULL && strcmp(s, "dns") == 0)
		return IDENT_DNS;
	if (s != NULL && strcmp(s, "ip") == 0)
		return IDENT_IP;
	return IDENT__UNKNOWN;
}

const char *acme_ident_type_name(enum acme_ident_type t)
{
	switch (t) {
	case IDENT_DNS:
		return "dns";
	case IDENT_IP:
		return "ip";
	default:
		return "unknown";
	}
}

int acme_ident_valid(enum acme_ident_type t, const char *value, int wildcard_ok)
{
	if (value == NULL || strlen(value) > ACME_IDENT_MAX)
		return 0;
	switch (t) {
	case IDENT_DNS:
		return domain_ident_ok(
			value,
			DOMAIN_OK_DNS | (wildcard_ok ? DOMAIN_OK_WILDCARD : 0));
	case IDENT_IP:
		return domain_ident_ok(value, DOMAIN_OK_IP);
	default:
		return 0;
	}
}

enum rc acme_ident_from_json(struct json_object *o, const char *what,
			     int wildcard_ok, struct acme_ident *out,
			     struct err *e)
{
	const char *type, *value;
	enum acme_ident_type t;

	acme_ident_clear(out);
	type = js_str(o, "type", ACME_STATUS_MAX);
	value = js_str(o, "value", ACME_IDENT_MAX);
	t = acme_ident_type_parse(type);
	if (t == IDENT__UNKNOWN || !acme_ident_valid(t, value, wildcard_ok))
		return err_set(e, RC_PROTO, _("%s: malformed identifier"),
			       what);
	out->value = strdup(value);
	if (out->value == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	out->type = t;
	return RC_OK;
}

struct json_object *acme_ident_to_json(const struct acme_ident *id)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL)
		return NULL;
	if (json_object_object_add(
		    o, "type",
		    json_object_new_string(acme_ident_type_name(id->type))) ||
	    json_object_object_add(o, "value",
				   json_object_new_string(id->value))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

void acme_ident_clear(struct acme_ident *id)
{
	if (id == NULL)
		return;
	free(id->value);
	id->value = NULL;
	id->type = IDENT__UNKNOWN;
}

/* Reads exactly n digits at *p into *out and advances *p. */
static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int rfc3339_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, oh, om, sign;
	time_t t;

	if (s == NULL || strlen(s) > 64)
		return -1;
	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) ||
	    *s++ != '-' || digits(&s, 2, &d) ||
	    (*s != 'T' && *s != 't' && *s != ' '))
		return -1;
	s++;
	if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi) ||
	    *s++ != ':' || digits(&s, 2, &sec))
		return -1;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	oh = om = 0;
	sign = 0;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '+' ? 1 : -1;
		if (digits(&s, 2, &oh) || *s++ != ':' || digits(&s, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
	} else {
		return -1;
	}
	if (*s != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec == 60 ? 59 : sec;
	t = timegm(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d)
		return -1;
	*out = t - (time_t)sign * (oh * 3600 + om * 60);
	return 0;
}

enum rc strv_from_json(struct json_object *o, const char *key, size_t max,
		       size_t max_n, char ***out, size_t *n_out,
		       const char *what, struct err *e)
{
	struct json_object *a = NULL;
	char **v = NULL;
	size_t i, n = 0;
	const char *s;
	enum rc rc = RC_OK;

	*out = NULL;
	*n_out = 0;
	if (o != NULL && json_object_object_get_ex(o, key, &a)) {
		if (!json_object_is_type(a, json_type_array))
			return err_set(e, RC_PROTO, _("%s: %s is not a list"),
				       what, key);
		n = json_object_array_length(a);
	}
	if (n > max_n)
		return err_set(e, RC_PROTO, _("%s: too many %s"), what, key);
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	for (i = 0; i < n; i++) {
		s = js_arr_str(a, i, max);
		if (s == NULL) {
			rc = err_set(e, RC_PROTO, _("%s: malformed %s entry"),
				     what, key);
			goto out;
		}
		v[i] = strdup(s);
		if (v[i] == NULL) {
			rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
			goto out;
		}
	}
	*out = v;
	*n_out = n;
	v = NULL;
out:
	strv_free(v);
	return rc;
}

void strv_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
