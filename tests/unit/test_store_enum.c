/* SPDX-License-Identifier: ISC */
/* test_store_enum.c - every enum the inventory stores by name (one list
 * each, db/store_enum.h): each member's name parses back to the member,
 * an unknown name to __INVALID and an out-of-range member to "unknown",
 * and each name is one the schema's CHECK constraints allow (it appears
 * quoted in db/schema.sql). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_domains.h"
#include "db/store_events.h"
#include "db/store_orders.h"
#include "store_test_util.h"
#include "tap.h"

static char *schema;

/* Whether 'name' (quoted) is in the schema. */
static int in_schema(const char *name)
{
	char quoted[64];

	snprintf(quoted, sizeof(quoted), "'%s'", name);
	return schema != NULL && strstr(schema, quoted) != NULL;
}

#define PAIR(c, s) { (int)(c), s },

/* Defines test_TYPE(): every member of one enum through its name and
 * parse functions and against the schema. */
#define ENUM_TEST(type, LIST, invalid) \
	static void test_##type(void) \
	{ \
		static const struct { \
			int v; \
			const char *s; \
		} m[] = { LIST(PAIR) }; \
		size_t i, n = sizeof(m) / sizeof(m[0]); \
\
		ok(n == (size_t)(invalid), #type ": %zu members", n); \
		for (i = 0; i < n; i++) { \
			is_str(type##_name((enum type)m[i].v), m[i].s, \
			       #type ": member %d's name", m[i].v); \
			ok(type##_parse(m[i].s) == (enum type)m[i].v, \
			   #type ": '%s' parses back", m[i].s); \
			ok(in_schema(m[i].s), \
			   #type ": '%s' is allowed by schema.sql", m[i].s); \
		} \
		is_str(type##_name((enum type)(invalid)), "unknown", \
		       #type ": out of range is unknown"); \
		ok(type##_parse("no-such-name") == (invalid), \
		   #type ": an unknown name is invalid"); \
		ok(type##_parse(NULL) == (invalid), #type ": NULL"); \
	}

ENUM_TEST(acct_env, ACCT_ENV_LIST, ACCT_ENV__INVALID)
ENUM_TEST(acct_status, ACCT_STATUS_LIST, ACCT_STATUS__INVALID)
ENUM_TEST(cert_stage, CERT_STAGE_LIST, CERT_STAGE__INVALID)
ENUM_TEST(cert_status, CERT_STATUS_LIST, CERT_STATUS__INVALID)
ENUM_TEST(dom_ident, DOM_IDENT_LIST, DOM_IDENT__INVALID)
ENUM_TEST(dom_method, DOM_METHOD_LIST, DOM_METHOD__INVALID)
ENUM_TEST(ev_level, EV_LEVEL_LIST, EV__INVALID)
ENUM_TEST(order_status, ORDER_STATUS_LIST, ORDER__INVALID)
ENUM_TEST(authz_status, AUTHZ_STATUS_LIST, AUTHZ__INVALID)

int main(void)
{
	const char *srcdir = getenv("top_srcdir");
	char *file = tpath(srcdir != NULL ? srcdir : ".", "src/db/schema.sql");
	size_t len = 0;

	schema = slurp(file, &len);
	ok(schema != NULL && strstr(schema, "CHECK (status IN") != NULL,
	   "read %s", file);
	test_acct_env();
	test_acct_status();
	test_cert_stage();
	test_cert_status();
	test_dom_ident();
	test_dom_method();
	test_ev_level();
	test_order_status();
	test_authz_status();
	free(schema);
	free(file);
	return tap_done();
}
