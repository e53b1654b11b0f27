/* SPDX-License-Identifier: ISC */
/* populate.c - fill an inventory with N certificates for benchmarks.
 *
 * Usage: populate DB N [DUE]
 * Creates one account and N certificates of two names each, issued-looking
 * (stage Monitoring, a renewal time in the future), of which the first DUE
 * (default 0) are due now.  Uses the store API only, like the program. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"

static int fail(const struct err *e)
{
	fprintf(stderr, "populate: %s\n", err_text(e));
	return 1;
}

int main(int argc, char **argv)
{
	struct acct_row a = { 0 };
	struct store *st = NULL;
	struct err e = { 0 };
	int64_t acct_id = 0, now = time(NULL);
	long i, n, due;

	if (argc < 3)
		return fprintf(stderr, "usage: populate DB N [DUE]\n"), 2;
	n = strtol(argv[2], NULL, 10);
	due = argc > 3 ? strtol(argv[3], NULL, 10) : 0;
	if (store_open(argv[1], &st, &e) != RC_OK)
		return fail(&e);
	a.name = (char *)"bench";
	a.directory_url = (char *)"https://127.0.0.1:1/dir";
	a.environment = ACCT_ENV_STAGING;
	a.status = ACCT_STATUS_VALID;
	a.account_url = (char *)"https://127.0.0.1:1/acct/1";
	if (store_account_insert(st, &a, &acct_id, &e) != RC_OK ||
	    store_begin(st, &e) != RC_OK)
		return fail(&e);
	for (i = 0; i < n; i++) {
		char name[64], d1[96], d2[96];
		struct domain_row doms[2];
		struct cert_row c = { 0 };
		struct cert_issued r = { 0 };
		int64_t id = 0;

		snprintf(name, sizeof(name), "cert%06ld", i);
		snprintf(d1, sizeof(d1), "host%06ld.example.test", i);
		snprintf(d2, sizeof(d2), "www.host%06ld.example.test", i);
		memset(doms, 0, sizeof(doms));
		doms[0].name = d1;
		doms[1].name = d2;
		doms[0].method = doms[1].method = DOM_METHOD_HTTP01;
		doms[0].http_port = doms[1].http_port = 80;
		c.name = name;
		c.account_id = acct_id;
		c.key_type = (char *)"ec256";
		c.domains = doms;
		c.n_domains = 2;
		r.key_pem =
			"-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n";
		r.cert_pem =
			"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
		r.serial = "00";
		r.issuer = "Bench CA";
		r.not_before = now - 86400;
		r.not_after = now + 89 * 86400L + i % 86400;
		r.renew_at = i < due ? now - 60 : now + 59 * 86400L + i % 86400;
		r.renew_reason = "bench";
		r.stage = CERT_STAGE_MONITORING;
		r.status = CERT_STATUS_OK;
		if (store_cert_insert(st, &c, &id, &e) != RC_OK ||
		    store_cert_set_issued(st, id, &r, &e) != RC_OK)
			return fail(&e);
	}
	if (store_commit(st, &e) != RC_OK)
		return fail(&e);
	store_close(st);
	return 0;
}
