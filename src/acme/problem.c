/* SPDX-License-Identifier: ISC */
/* problem.c - problem documents to one clean line and a code. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acme/problem.h"
#include "acme/types.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/safe.h"

/* A member string of o, sanitized into a new string (or "" when missing
 * or not a string).  json-c strings may hold NULs and controls: they are
 * escaped, never dropped silently.  NULL on OOM. */
static char *member_clean(struct json_object *o, const char *key, size_t max)
{
	struct json_object *v = NULL;
	const char *s;
	size_t len;
	char *dst;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return strdup("");
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (len > max)
		len = max;
	dst = malloc(max + 8);
	if (dst == NULL)
		return NULL;
	safe_line(dst, max + 8, s, len);
	return dst;
}

static const char *short_of(const char *type)
{
	size_t ns = strlen(PROBLEM_NS);

	if (type == NULL)
		return "";
	if (strncmp(type, PROBLEM_NS, ns) == 0 && type[ns] != '\0')
		return type + ns;
	return type;
}

const char *problem_short_type(const struct acme_problem *p)
{
	return p ? short_of(p->type) : "";
}

int problem_is(const struct acme_problem *p, const char *short_name)
{
	size_t ns = strlen(PROBLEM_NS);

	return p != NULL && p->type != NULL &&
	       strncmp(p->type, PROBLEM_NS, ns) == 0 &&
	       strcmp(p->type + ns, short_name) == 0;
}

/* Appends " [ident: detail; ...]" for the subproblems of o. */
static int add_subproblems(struct buf *b, struct json_object *o,
			   const char *main_type, struct acme_problem *p)
{
	struct json_object *subs = js_arr(o, "subproblems"), *sp, *id;
	char *type = NULL, *detail = NULL, *value = NULL;
	size_t i, n;
	int rc = 0;

	n = subs ? json_object_array_length(subs) : 0;
	p->n_sub = n;
	if (n == 0)
		return 0;
	rc |= buf_puts(b, " [");
	for (i = 0; i < n && i < PROBLEM_SUBPROBLEMS_MAX && rc == 0; i++) {
		sp = json_object_array_get_idx(subs, i);
		if (!json_object_is_type(sp, json_type_object))
			continue;
		id = js_obj(sp, "identifier");
		type = member_clean(sp, "type", PROBLEM_TYPE_MAX);
		detail = member_clean(sp, "detail", PROBLEM_DETAIL_MAX);
		value = member_clean(id, "value", ACME_IDENT_MAX);
		if (type == NULL || detail == NULL || value == NULL) {
			rc = -1;
		} else {
			if (i > 0)
				rc |= buf_puts(b, "; ");
			if (value[0] != '\0')
				rc |= buf_printf(b, "%s: ", value);
			if (type[0] != '\0' && strcmp(type, main_type) != 0)
				rc |= buf_printf(b, "%s: ", short_of(type));
			rc |= buf_puts(b, detail[0] ? detail : "?");
		}
		free(type);
		free(detail);
		free(value);
	}
	if (n > PROBLEM_SUBPROBLEMS_MAX)
		rc |= buf_puts(b, "; ...");
	rc |= buf_puts(b, "]");
	return rc;
}

enum rc problem_from_json(struct json_object *o, struct acme_problem *p,
			  struct err *e)
{
	struct buf b;
	long long status = 0;
	char *raw = NULL;
	enum rc rc = RC_OK;

	problem_clear(p);
	/* Room for the parts; the final line is cut by safe_line. */
	buf_init(&b, PROBLEM_SUMMARY_MAX * 8);
	p->type = member_clean(o, "type", PROBLEM_TYPE_MAX);
	p->detail = member_clean(o, "detail", PROBLEM_DETAIL_MAX);
	if (p->type == NULL || p->detail == NULL)
		goto nomem;
	if (js_int(o, "status", 100, 599, &status) == 0)
		p->status = (long)status;
	if (buf_printf(&b, "%s: %s", p->type[0] ? short_of(p->type) : "error",
		       p->detail[0] ? p->detail : _("no detail given")) != 0)
		goto nomem;
	/* Too many or too long subproblems: the summary is cut anyway. */
	(void)add_subproblems(&b, o, p->type, p);
	raw = buf_take(&b);
	p->summary = malloc(PROBLEM_SUMMARY_MAX);
	if (raw == NULL || p->summary == NULL)
		goto nomem;
	safe_line(p->summary, PROBLEM_SUMMARY_MAX, raw, strlen(raw));
	goto out;
nomem:
	problem_clear(p);
	rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	free(raw);
	buf_clear(&b);
	return rc;
}

enum rc problem_parse(const char *body, size_t len, struct acme_problem *p,
		      struct err *e)
{
	struct json_object *o;
	enum rc rc;

	problem_clear(p);
	o = js_parse_object(body, len, _("problem document"), e);
	if (o == NULL)
		return RC_PROTO;
	rc = problem_from_json(o, p, e);
	json_object_put(o);
	return rc;
}

enum rc problem_to_err(const struct acme_problem *p, const char *context,
		       struct err *e)
{
	enum rc rc = problem_is(p, "rateLimited") ? RC_RATELIMIT : RC_CA;
	const char *s = p && p->summary ? p->summary : "";

	if (context != NULL)
		return err_set(e, rc, "%s: %s", context, s);
	return err_set(e, rc, "%s", s);
}

void problem_move(struct acme_problem *dst, struct acme_problem *src)
{
	problem_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

void problem_clear(struct acme_problem *p)
{
	if (p == NULL)
		return;
	free(p->type);
	free(p->detail);
	free(p->summary);
	memset(p, 0, sizeof(*p));
}
