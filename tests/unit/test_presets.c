/* SPDX-License-Identifier: ISC */
/* test_presets.c - the table of known ACME CAs: every preset's URL and
 * flags, lookups by name and URL, staging pairs and the unknown-preset
 * error. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "parse/presets.h"
#include "util/err.h"

/* The table as documented by each CA; the code must agree row by row. */
static const struct {
	const char *name, *url;
	enum ca_env env;
	const char *staging;
	int eab;
	int retired; /* the CA takes no new accounts */
} want[] = {
	{ "sectigo-dv", "https://acme.sectigo.com/v2/DV", CA_ENV_PRODUCTION,
	  NULL, 1, 0 },
	{ "sectigo-ov", "https://acme.sectigo.com/v2/OV", CA_ENV_PRODUCTION,
	  NULL, 1, 0 },
	{ "sectigo-ev", "https://acme.sectigo.com/v2/EV", CA_ENV_PRODUCTION,
	  NULL, 1, 0 },
	{ "letsencrypt", "https://acme-v02.api.letsencrypt.org/directory",
	  CA_ENV_PRODUCTION, "letsencrypt-staging", 0, 0 },
	{ "letsencrypt-staging",
	  "https://acme-staging-v02.api.letsencrypt.org/directory",
	  CA_ENV_STAGING, NULL, 0, 0 },
	{ "zerossl", "https://acme.zerossl.com/v2/DV90", CA_ENV_PRODUCTION,
	  NULL, 1, 0 },
	{ "google", "https://dv.acme-v02.api.pki.goog/directory",
	  CA_ENV_PRODUCTION, "google-staging", 1, 0 },
	{ "google-staging", "https://dv.acme-v02.test-api.pki.goog/directory",
	  CA_ENV_STAGING, NULL, 1, 0 },
	{ "sslcom-dv-rsa", "https://acme.ssl.com/sslcom-dv-rsa",
	  CA_ENV_PRODUCTION, NULL, 1, 0 },
	{ "sslcom-dv-ecc", "https://acme.ssl.com/sslcom-dv-ecc",
	  CA_ENV_PRODUCTION, NULL, 1, 0 },
	{ "buypass", "https://api.buypass.com/acme/directory",
	  CA_ENV_PRODUCTION, "buypass-staging", 0, 1 },
	{ "buypass-staging", "https://api.test4.buypass.no/acme/directory",
	  CA_ENV_STAGING, NULL, 0, 1 },
};

#define NWANT (sizeof(want) / sizeof(want[0]))

static void test_table(void)
{
	size_t i, j;

	is_int(preset_count(), NWANT, "%zu presets", NWANT);
	ok(preset_at(preset_count()) == NULL, "preset_at past the end");
	for (i = 0; i < NWANT; i++) {
		const struct ca_preset *p = preset_find(want[i].name);

		ok(p != NULL && p == preset_at(i), "%s found, in table order",
		   want[i].name);
		if (p == NULL)
			continue;
		is_str(p->directory_url, want[i].url, "%s directory URL",
		       want[i].name);
		is_int(p->env, want[i].env, "%s environment", want[i].name);
		is_int(p->retired != NULL, want[i].retired, "%s retired flag",
		       want[i].name);
		is_int(p->eab_required, want[i].eab, "%s EAB flag",
		       want[i].name);
		ok((p->staging == NULL && want[i].staging == NULL) ||
			   (p->staging && want[i].staging &&
			    strcmp(p->staging, want[i].staging) == 0),
		   "%s staging twin", want[i].name);
		ok(p->display != NULL && p->display[0] != '\0',
		   "%s has a display name", want[i].name);
		ok(preset_by_url(want[i].url) == p, "%s found by URL",
		   want[i].name);
		if (want[i].staging != NULL) {
			const struct ca_preset *s = preset_staging_of(p);

			ok(s != NULL && s->env == CA_ENV_STAGING &&
				   strcmp(s->name, want[i].staging) == 0,
			   "%s staging preset resolves", want[i].name);
		} else {
			ok(preset_staging_of(p) == NULL,
			   "%s has no staging preset", want[i].name);
		}
		/* Unknown limits are 0 in both halves of each pair. */
		ok((p->new_orders_max == 0) == (p->new_orders_window_s == 0) &&
			   (p->dup_certs_max == 0) ==
				   (p->dup_certs_window_s == 0),
		   "%s limits come with their windows", want[i].name);
	}
	for (i = 0; i < NWANT; i++)
		for (j = i + 1; j < NWANT; j++)
			ok(strcmp(want[i].url, want[j].url) != 0 &&
				   strcmp(preset_at(i)->name,
					  preset_at(j)->name) != 0,
			   "presets %zu and %zu are distinct", i, j);
}

static void test_limits(void)
{
	const struct ca_preset *le = preset_find("letsencrypt");
	const struct ca_preset *z = preset_find("zerossl");

	is_int(le->new_orders_max, 300, "LE: 300 new orders ...");
	is_int(le->new_orders_window_s, 3 * 3600, "... per 3 hours");
	is_int(le->dup_certs_max, 5, "LE: 5 duplicate certificates ...");
	is_int(le->dup_certs_window_s, 7 * 86400, "... per week");
	is_int(z->new_orders_max, 0, "ZeroSSL limits unknown (0)");
	is_int(z->dup_certs_max, 0, "ZeroSSL duplicate limit unknown (0)");
}

static void test_lookup(void)
{
	const struct ca_preset *p = NULL;
	struct err e;

	ok(preset_find("LetsEncrypt") == preset_find("letsencrypt"),
	   "names are case-insensitive");
	ok(preset_find("letsencrypt ") == NULL, "no trimming of names");
	ok(preset_find("") == NULL, "empty name");
	ok(preset_find(NULL) == NULL, "NULL name");
	ok(preset_find("sectigo") == NULL, "no prefix matches");
	ok(preset_by_url("https://acme.sectigo.com/v2/OV/") ==
		   preset_find("sectigo-ov"),
	   "URL with a trailing slash");
	ok(preset_by_url("https://acme.sectigo.com/v2/OV//") == NULL,
	   "only one trailing slash is ignored");
	ok(preset_by_url("https://acme.sectigo.com/v2/O") == NULL,
	   "URL prefix is not a match");
	ok(preset_by_url("http://acme.sectigo.com/v2/OV") == NULL,
	   "http URL is not the preset");
	ok(preset_by_url("https://pebble.test:14000/dir") == NULL,
	   "private CA URL has no preset");
	ok(preset_by_url(NULL) == NULL, "NULL URL");
	ok(preset_by_url("") == NULL && preset_by_url("/") == NULL,
	   "empty URL");

	err_clear(&e);
	is_int(preset_lookup("google", &p, &e), RC_OK, "lookup google");
	ok(p == preset_find("google"), "lookup returns the preset");
	is_int(e.rc, RC_OK, "no error recorded");

	err_clear(&e);
	is_int(preset_lookup("lets-encrypt", &p, &e), RC_USAGE,
	       "unknown preset is a usage error");
	ok(p == NULL, "out cleared on error");
	is_str(e.msg,
	       "unknown CA preset 'lets-encrypt' (known: sectigo-dv, "
	       "sectigo-ov, sectigo-ev, letsencrypt, letsencrypt-staging, "
	       "zerossl, google, google-staging, sslcom-dv-rsa, "
	       "sslcom-dv-ecc, buypass, buypass-staging)",
	       "error lists every valid name");

	err_clear(&e);
	preset_lookup("x\x1b[2Jy", &p, &e);
	ok(strchr(e.msg, 0x1b) == NULL && strstr(e.msg, "x\\x1b[2Jy"),
	   "hostile preset name is escaped");

	is_str(preset_env_name(CA_ENV_PRODUCTION), "production", "env name");
	is_str(preset_env_name(CA_ENV_STAGING), "staging", "staging name");
}

int main(void)
{
	test_table();
	test_limits();
	test_lookup();
	return tap_done();
}
