/* SPDX-License-Identifier: ISC */
/* test_batchpol.c - the pure pieces of the batch policies: the CA key of
 * the per-CA cap, the staging server a dry run uses (and whether the
 * account's EAB goes with it), the failure backoff. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lifecycle/batch.h"
#include "lifecycle/dryrun.h"
#include "lifecycle/retry.h"
#include "tap.h"

static void test_origin(void)
{
	char o[BATCH_ORIGIN_MAX];

	batch_ca_origin("https://acme-v02.api.letsencrypt.org/directory", o,
			sizeof(o));
	is_str(o, "https://acme-v02.api.letsencrypt.org:443",
	       "default https port filled in");
	batch_ca_origin("HTTPS://ACME.Sectigo.com:443/v2/DV", o, sizeof(o));
	is_str(o, "https://acme.sectigo.com:443", "case and explicit port");
	batch_ca_origin("https://acme.sectigo.com/v2/OV", o, sizeof(o));
	is_str(o, "https://acme.sectigo.com:443",
	       "two directories of one CA: one origin");
	batch_ca_origin("https://127.0.0.1:14000/dir", o, sizeof(o));
	is_str(o, "https://127.0.0.1:14000", "port kept");
	batch_ca_origin("https://127.0.0.1:14001/dir", o, sizeof(o));
	is_str(o, "https://127.0.0.1:14001", "another port: another CA");
	batch_ca_origin("https://[::1]:8443/dir?x", o, sizeof(o));
	is_str(o, "https://[::1]:8443", "IPv6 literal");
	batch_ca_origin("https://[::1]/dir", o, sizeof(o));
	is_str(o, "https://[::1]:443", "IPv6 literal, default port");
	batch_ca_origin("http://ca.test", o, sizeof(o));
	is_str(o, "http://ca.test:80", "http default port");
	batch_ca_origin("not a url", o, sizeof(o));
	is_str(o, "not a url", "unparsable: itself");
	batch_ca_origin("https://user@host/x", o, sizeof(o));
	is_str(o, "https://user@host/x", "user info: itself, not the host");
	batch_ca_origin("https://a-very-long-host.example/x", o, 12);
	is_int((int)strlen(o), 11, "truncated to the buffer");
}

static void test_staging(void)
{
	char why[256];
	const char *u;
	int eab = -1;

	u = dryrun_staging_url(NULL, "letsencrypt",
			       "https://acme-v02.api.letsencrypt.org/directory",
			       0, &eab, why, sizeof(why));
	is_str(u, "https://acme-staging-v02.api.letsencrypt.org/directory",
	       "Let's Encrypt: its staging preset");
	is_int(eab, 0, "production EAB never sent to a preset's staging");
	u = dryrun_staging_url(
		NULL, NULL, "https://acme-v02.api.letsencrypt.org/directory/",
		0, &eab, why, sizeof(why));
	ok(u != NULL, "preset found by URL too");
	u = dryrun_staging_url(NULL, "google",
			       "https://dv.acme-v02.api.pki.goog/directory", 0,
			       &eab, why, sizeof(why));
	ok(u == NULL, "Google: staging needs EAB of its own");
	ok(strstr(why, "External Account Binding") != NULL, "says so: %s", why);
	u = dryrun_staging_url(NULL, "sectigo-dv",
			       "https://acme.sectigo.com/v2/DV", 0, &eab, why,
			       sizeof(why));
	ok(u == NULL, "Sectigo: no staging");
	is_str(why, "would renew (no staging server to test against)",
	       "the listing line");
	u = dryrun_staging_url(NULL, NULL, "https://ca.internal/dir", 0, &eab,
			       why, sizeof(why));
	ok(u == NULL, "private CA: no staging");
	u = dryrun_staging_url("https://stg.internal/dir", "sectigo-dv",
			       "https://acme.sectigo.com/v2/DV", 0, &eab, why,
			       sizeof(why));
	is_str(u, "https://stg.internal/dir", "override wins");
	is_int(eab, 1, "the named server gets the account's EAB");
	u = dryrun_staging_url(NULL, "letsencrypt-staging",
			       "https://acme-staging-v02.api.letsencrypt.org/"
			       "directory",
			       1, &eab, why, sizeof(why));
	is_str(u, "https://acme-staging-v02.api.letsencrypt.org/directory",
	       "a staging account: its own server");
	is_int(eab, 1, "with its own EAB");
}

static void test_backoff(void)
{
	is_int((int)(lc_retry_at(1, 1000) - 1000), RETRY_BACKOFF_FIRST_S,
	       "first retry");
	is_int((int)(lc_retry_at(2, 1000) - 1000), 2 * RETRY_BACKOFF_FIRST_S,
	       "doubles");
	is_int((int)(lc_retry_at(4, 1000) - 1000), 8 * RETRY_BACKOFF_FIRST_S,
	       "and again");
	ok(lc_retry_at(50, 1000) - 1000 <= RETRY_BACKOFF_MAX_S &&
		   lc_retry_at(50, 1000) == lc_retry_at(9, 1000),
	   "stops growing, within the cap");
	is_int((int)(lc_retry_at(0, 1000) - 1000), RETRY_BACKOFF_FIRST_S,
	       "nonsense count: the first step");
}

int main(void)
{
	test_origin();
	test_staging();
	test_backoff();
	return tap_done();
}
