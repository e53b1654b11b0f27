/* SPDX-License-Identifier: ISC */
/* test_acme_client.c - the ACME client against a real Pebble.
 *
 * Driven by acme_client.sh, which starts Pebble (EAB required, 30% of
 * nonces rejected so badNonce retries surely happen,
 * PEBBLE_VA_ALWAYS_VALID=1) and exports its
 * coordinates.  Prints TAP lines (the plan comes last, from tap_done) and
 * writes, into the directory given as argv[1], the serial numbers the
 * script then checks with Pebble's management API:
 *   revoked.serial   revoked with the account key (reason 4)
 *   revoked2.serial  revoked with the certificate's own key */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/tap.h"
#include "acme/account.h"
#include "acme/authz.h"
#include "acme/certificate.h"
#include "acme/client.h"
#include "acme/order.h"
#include "crypto/cert.h"
#include "crypto/csr.h"
#include "crypto/key.h"
#include "util/b64url.h"

#define TIMEOUT_MS 20000L

static const char *workdir;

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		printf("Bail out! %s is not set (run via acme_client.sh)\n",
		       name);
		exit(1);
	}
	return v;
}

static struct acme_client *new_client(void)
{
	struct acme_client_opts o;
	struct acme_client *c;
	struct err e;

	memset(&o, 0, sizeof(o));
	o.directory_url = env("PEBBLE_DIR");
	o.ca_file = env("PEBBLE_CA_FILE");
	err_clear(&e);
	c = acme_client_new(&o, &e);
	if (c == NULL || acme_client_load_directory(c, NULL, 0, &e) != RC_OK) {
		printf("Bail out! client: %s\n", err_text(&e));
		exit(1);
	}
	return c;
}

/* newAccount for key with EAB (kid, base64url hmac). */
static enum rc register_account(struct acme_client *c, EVP_PKEY *key,
				const char *kid, const char *hmac_b64,
				int only_existing, struct acme_account *acct,
				struct err *e)
{
	static const char *const contacts[] = { "mailto:ops@example.com" };
	struct acme_account_req req;
	unsigned char *hmac = NULL;
	size_t hmac_len = 0;
	enum rc rc;

	memset(&req, 0, sizeof(req));
	req.contacts = contacts;
	req.n_contacts = 1;
	req.tos_agreed = 1;
	req.only_return_existing = only_existing;
	if (kid != NULL) {
		hmac = b64url_decode(hmac_b64, strlen(hmac_b64), &hmac_len);
		req.eab_kid = kid;
		req.eab_hmac = hmac;
		req.eab_hmac_len = hmac_len;
	}
	acme_client_set_account(c, key, NULL, e);
	rc = acme_account_new(c, &req, acct, e);
	if (hmac != NULL) {
		OPENSSL_cleanse(hmac, hmac_len);
		free(hmac);
	}
	return rc;
}

/* Orders names, answers http-01, finalizes with cert_key; returns the
 * chain (caller frees) or NULL. */
static char *issue(struct acme_client *c, const char *const *names, size_t n,
		   EVP_PKEY *cert_key, const char *label)
{
	struct acme_ident ids[4];
	struct acme_order o;
	struct acme_authz a;
	struct acme_challenge *ch;
	unsigned char *csr = NULL;
	size_t i, csr_len = 0;
	char *chain = NULL;
	struct err e;
	int all_ok = 1;

	memset(&o, 0, sizeof(o));
	memset(&a, 0, sizeof(a));
	for (i = 0; i < n; i++) {
		ids[i].type = IDENT_DNS;
		ids[i].value = (char *)names[i];
	}
	err_clear(&e);
	ok(acme_order_new(c, ids, n, NULL, NULL, &o, &e) == RC_OK,
	   "%s: new order for %zu names (%s)", label, n, err_text(&e));
	ok(o.status == ST_PENDING || o.status == ST_READY, "%s: order is %s",
	   label, acme_status_name(o.status));
	is_int(o.n_authz, n, "%s: one authorization per name", label);
	for (i = 0; i < o.n_authz; i++) {
		err_clear(&e);
		if (acme_authz_fetch(c, o.authz_urls[i], &a, &e) != RC_OK) {
			all_ok = 0;
			printf("# authz: %s\n", err_text(&e));
			continue;
		}
		if (a.status == ST_PENDING) {
			ch = acme_authz_challenge(&a, "http-01");
			if (ch == NULL || ch->token == NULL ||
			    acme_challenge_respond(c, ch, &e) != RC_OK ||
			    acme_authz_poll(c, &a, TIMEOUT_MS, &e) != RC_OK) {
				all_ok = 0;
				printf("# http-01: %s\n", err_text(&e));
			}
		}
		if (a.status != ST_VALID)
			all_ok = 0;
		acme_authz_clear(&a);
	}
	ok(all_ok, "%s: every authorization valid via http-01", label);
	err_clear(&e);
	ok(acme_order_poll(c, &o, ST_BIT(ST_READY), TIMEOUT_MS, &e) == RC_OK,
	   "%s: order ready (%s)", label, err_text(&e));
	err_clear(&e);
	csr = csr_build_der(cert_key, names, n, &csr_len, &e);
	ok(csr != NULL, "%s: CSR built", label);
	err_clear(&e);
	ok(csr && acme_order_finalize(c, &o, csr, csr_len, &e) == RC_OK,
	   "%s: finalized (%s)", label, err_text(&e));
	err_clear(&e);
	ok(acme_order_poll(c, &o, ST_BIT(ST_VALID), TIMEOUT_MS, &e) == RC_OK &&
		   o.cert_url != NULL,
	   "%s: order valid with a certificate URL (%s)", label, err_text(&e));
	err_clear(&e);
	if (o.cert_url != NULL &&
	    acme_cert_download(c, o.cert_url, NULL, &chain, &e) != RC_OK)
		chain = NULL;
	ok(chain != NULL && cert_matches_key(chain, cert_key),
	   "%s: chain downloaded, leaf matches the key (%s)", label,
	   err_text(&e));
	free(csr);
	acme_order_clear(&o);
	return chain;
}

/* Writes the lowercase hex serial of chain's leaf to workdir/name. */
static void save_serial(const char *chain, const char *name)
{
	struct cert_info ci;
	struct err e;
	char path[4096];
	FILE *f;

	memset(&ci, 0, sizeof(ci));
	err_clear(&e);
	snprintf(path, sizeof(path), "%s/%s", workdir, name);
	if (chain == NULL || cert_info_parse(chain, strlen(chain), &ci, &e))
		return;
	f = fopen(path, "w");
	if (f != NULL) {
		fprintf(f, "%s\n", ci.serial);
		fclose(f);
	}
	cert_info_clear(&ci);
}

int main(int argc, char **argv)
{
	static const char *const names1[] = { "a.example.com",
					      "b.example.com" };
	static const char *const names2[] = { "c.example.com" };
	struct acme_client *c = NULL, *c2 = NULL;
	struct acme_account acct, acct2;
	struct acme_stats st;
	EVP_PKEY *key = NULL, *key2 = NULL, *stranger = NULL;
	EVP_PKEY *ck1 = NULL, *ck2 = NULL;
	char *chain1 = NULL, *chain2 = NULL, *acct_url = NULL;
	struct err e;

	if (argc != 2) {
		printf("Bail out! usage: %s WORKDIR\n", argv[0]);
		return 1;
	}
	workdir = argv[1];
	memset(&acct, 0, sizeof(acct));
	memset(&acct2, 0, sizeof(acct2));
	err_clear(&e);
	key = key_generate(KEY_EC256, &e);
	key2 = key_generate(KEY_EC384, &e);
	stranger = key_generate(KEY_EC256, &e);
	ck1 = key_generate(KEY_EC256, &e);
	ck2 = key_generate(KEY_RSA2048, &e);
	if (!key || !key2 || !stranger || !ck1 || !ck2) {
		printf("Bail out! keys: %s\n", err_text(&e));
		return 1;
	}
	c = new_client();
	ok(directory_caps(acme_client_directory(c)) & ACME_CAP_EAB,
	   "directory says EAB is required");

	/* A wrong HMAC key: the CA refuses, with a readable reason. */
	err_clear(&e);
	is_int(register_account(c, key, env("EAB_KID"), env("EAB_HMAC2"), 0,
				&acct, &e),
	       RC_CA, "wrong EAB HMAC refused");
	ok(strncmp(e.msg, "new account: ", 13) == 0 && strlen(e.msg) > 20 &&
		   problem_short_type(acme_client_problem(c))[0] != '\0',
	   "refusal carries the CA's problem: %s", e.msg);
	err_clear(&e);
	is_int(register_account(c, key, NULL, NULL, 0, &acct, &e), RC_CA,
	       "no EAB refused");
	ok(problem_is(acme_client_problem(c), "externalAccountRequired") ||
		   problem_is(acme_client_problem(c), "malformed") ||
		   problem_is(acme_client_problem(c), "unauthorized"),
	   "missing EAB problem type: %s",
	   problem_short_type(acme_client_problem(c)));

	err_clear(&e);
	ok(register_account(c, key, env("EAB_KID"), env("EAB_HMAC"), 0, &acct,
			    &e) == RC_OK,
	   "account registered with EAB (%s)", err_text(&e));
	ok(acct.created && acct.status == ST_VALID, "account created, valid");
	acct_url = acct.url ? strdup(acct.url) : NULL;
	is_str(acme_client_kid(c), acct_url, "client now signs with the kid");
	acme_account_clear(&acct);

	err_clear(&e);
	ok(register_account(c, key, NULL, NULL, 1, &acct, &e) == RC_OK,
	   "onlyReturnExisting finds the account (%s)", err_text(&e));
	ok(!acct.created, "existing account reported as not created");
	is_str(acct.url, acct_url, "same account URL");
	acme_account_clear(&acct);

	c2 = new_client();
	err_clear(&e);
	is_int(register_account(c2, stranger, NULL, NULL, 1, &acct2, &e),
	       RC_NOTFOUND, "onlyReturnExisting with an unknown key");

	/* Issue for two names; revoke with the account key. */
	chain1 = issue(c, names1, 2, ck1, "first");
	save_serial(chain1, "revoked.serial");
	err_clear(&e);
	ok(chain1 && acme_cert_revoke(c, chain1, strlen(chain1), 4, NULL, &e) ==
			     RC_OK,
	   "revoked with the account key (%s)", err_text(&e));
	err_clear(&e);
	ok(chain1 &&
		   acme_cert_revoke(c, chain1, strlen(chain1), 4, NULL, &e) ==
			   RC_CA &&
		   problem_is(acme_client_problem(c), "alreadyRevoked"),
	   "second revocation: alreadyRevoked (%s)", err_text(&e));
	err_clear(&e);
	ok(chain1 && acme_cert_revoke(c, chain1, strlen(chain1), 7, NULL, &e) ==
			     RC_INPUT,
	   "reason 7 refused locally");

	/* Roll the account key over; the old key no longer works. */
	err_clear(&e);
	acme_client_set_account(c, key, acct_url, &e);
	ok(acme_account_key_change(c, key2, &e) == RC_OK,
	   "account key rolled over (%s)", err_text(&e));
	ok(acme_client_key(c) == key2, "client signs with the new key");
	err_clear(&e);
	ok(acme_account_fetch(c, &acct, &e) == RC_OK && acct.status == ST_VALID,
	   "account fetch with the new key (%s)", err_text(&e));
	acme_account_clear(&acct);
	err_clear(&e);
	is_int(register_account(c2, key, NULL, NULL, 1, &acct2, &e),
	       RC_NOTFOUND, "the old key no longer finds the account");
	err_clear(&e);
	ok(register_account(c2, key2, NULL, NULL, 1, &acct2, &e) == RC_OK,
	   "the new key finds it (%s)", err_text(&e));
	is_str(acct2.url, acct_url, "same account after rollover");
	acme_account_clear(&acct2);

	/* Order again with the new key; revoke with the cert's own key. */
	chain2 = issue(c, names2, 1, ck2, "second");
	save_serial(chain2, "revoked2.serial");
	err_clear(&e);
	ok(chain2 && acme_cert_revoke(c, chain2, strlen(chain2), -1, ck2, &e) ==
			     RC_OK,
	   "revoked with the certificate's own key (%s)", err_text(&e));

	/* Deactivate; the account is then unusable. */
	err_clear(&e);
	ok(acme_account_deactivate(c, &acct, &e) == RC_OK &&
		   acct.status == ST_DEACTIVATED,
	   "account deactivated (%s)", err_text(&e));
	acme_account_clear(&acct);
	err_clear(&e);
	ok(acme_account_fetch(c, &acct, &e) == RC_CA,
	   "a deactivated account is refused (%s)", err_text(&e));

	acme_client_stats(c, &st);
	ok(st.requests > 20 && st.new_nonce_requests < st.requests / 4 &&
		   st.bad_nonce_retries > 0,
	   "nonces pooled: %lu requests, %lu newNonce, %lu badNonce retries",
	   st.requests, st.new_nonce_requests, st.bad_nonce_retries);

	acme_account_clear(&acct);
	acme_account_clear(&acct2);
	free(acct_url);
	free(chain1);
	free(chain2);
	acme_client_free(c);
	acme_client_free(c2);
	EVP_PKEY_free(key);
	EVP_PKEY_free(key2);
	EVP_PKEY_free(stranger);
	EVP_PKEY_free(ck1);
	EVP_PKEY_free(ck2);
	return tap_done();
}
