/* SPDX-License-Identifier: ISC */
/* store_enum.h - an enum the inventory stores by name, from one list.
 *
 * Each such enum is written once, as LIST(X) expanding to
 * X(CONSTANT, "stored name") per member, in its header:
 *
 *   #define CERT_STATUS_LIST(X) X(CERT_STATUS_IDLE, "idle") ...
 *   enum cert_status { CERT_STATUS_LIST(STORE_ENUM_MEMBER)
 *                      CERT_STATUS__INVALID };
 *
 * and its .c file says STORE_ENUM_DEFINE(cert_status, CERT_STATUS_LIST,
 * CERT_STATUS__INVALID), which defines cert_status_name() and
 * cert_status_parse().  A member and its stored name cannot drift apart;
 * the schema's CHECK constraints list the same names, which
 * tests/unit/test_store_enum.c checks for every member. */
#ifndef ACMETUI_STORE_ENUM_H
#define ACMETUI_STORE_ENUM_H

#define STORE_ENUM_MEMBER(c, s) c,
#define STORE_ENUM_NAME(c, s) s,

/* Index of text in names[0..n), or n when absent (NULL included). */
int store_enum_parse(const char *text, const char *const *names, int n);

/* The stored name of v ("unknown" out of range) and the member named
 * by s (invalid for anything else). */
#define STORE_ENUM_DEFINE(type, LIST, invalid) \
	static const char *const type##_names[] = { LIST(STORE_ENUM_NAME) }; \
	_Static_assert(sizeof(type##_names) / sizeof(type##_names[0]) == \
			       (size_t)(invalid), \
		       #type ": one name per member"); \
	const char *type##_name(enum type v) \
	{ \
		if ((unsigned)v >= (unsigned)(invalid)) \
			return "unknown"; \
		return type##_names[v]; \
	} \
	enum type type##_parse(const char *s) \
	{ \
		/* "enum (type)" is not C: type is a tag here. */ \
		return (enum type) /* NOLINT(bugprone-macro-parentheses) */ \
			store_enum_parse(s, type##_names, (int)(invalid)); \
	}

#endif
