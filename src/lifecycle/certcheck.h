/* SPDX-License-Identifier: ISC */
/* certcheck.h - checks of an operator's certificate settings, shared by
 * lc_cert_add() (certadd.c) and lc_cert_set() (certset.c).  Each refuses
 * with RC_USAGE or RC_INPUT, sets *bad (may be NULL) to the field and
 * says why in e. */
#ifndef ACMETUI_LIFECYCLE_CERTCHECK_H
#define ACMETUI_LIFECYCLE_CERTCHECK_H

#include "db/store_certs.h"
#include "db/store_domains.h"
#include "lifecycle/certset.h"
#include "util/err.h"

/* Sets *bad = field (bad may be NULL); returns rc. */
enum rc lc_cert_refuse(enum lc_cert_field *bad, enum lc_cert_field field,
		       enum rc rc);

/* A command that is set must be runnable (util/shellcmd.h); NULL and ""
 * pass. */
enum rc lc_cert_check_command(const char *cmd, enum lc_cert_field field,
			      enum lc_cert_field *bad, struct err *e);

/* Every endpoint of a comma-separated "host[:port]" list must parse. */
enum rc lc_cert_check_probes(const char *list, enum lc_cert_field *bad,
			     struct err *e);

/* A method's own settings: present, absolute, in range. */
enum rc lc_cert_check_method(const struct domain_row *m,
			     enum lc_cert_field *bad, struct err *e);

/* Method m must suit every name of r: wildcards need dns-01, addresses
 * cannot use it. */
enum rc lc_cert_check_names(const struct cert_row *r,
			    const struct domain_row *m, enum lc_cert_field *bad,
			    struct err *e);

#endif
