/* SPDX-License-Identifier: ISC */
/* presets.c - the static table of known ACME CAs. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/presets.h"

#define HOURS(n) ((n)*3600u)
#define DAYS(n) ((n)*86400u)

/* Directory URLs from each CA's documentation.  Rate limits are filled in
 * only where the CA publishes them for ACME accounts; Let's Encrypt:
 * https://letsencrypt.org/docs/rate-limits/ (300 new orders per account
 * per 3 hours; 5 certificates for the same set of names per week). */
#define BUYPASS_RETIRED \
	N_("Buypass ended its ACME service (last orders 2025-10-15, last " \
	   "issuance 2025-10-31): no new accounts; existing ones keep " \
	   "working until their certificates expire")

static const struct ca_preset presets[] = {
	{ "sectigo-dv", N_("Sectigo DV (Certificate-as-a-Service)"),
	  "https://acme.sectigo.com/v2/DV", CA_ENV_PRODUCTION, NULL, 1, 0, 0, 0,
	  0, NULL },
	{ "sectigo-ov", N_("Sectigo OV (Certificate-as-a-Service)"),
	  "https://acme.sectigo.com/v2/OV", CA_ENV_PRODUCTION, NULL, 1, 0, 0, 0,
	  0, NULL },
	{ "sectigo-ev", N_("Sectigo EV (Certificate-as-a-Service)"),
	  "https://acme.sectigo.com/v2/EV", CA_ENV_PRODUCTION, NULL, 1, 0, 0, 0,
	  0, NULL },
	{ "letsencrypt", N_("Let's Encrypt"),
	  "https://acme-v02.api.letsencrypt.org/directory", CA_ENV_PRODUCTION,
	  "letsencrypt-staging", 0, 300, HOURS(3), 5, DAYS(7), NULL },
	{ "letsencrypt-staging", N_("Let's Encrypt (staging)"),
	  "https://acme-staging-v02.api.letsencrypt.org/directory",
	  CA_ENV_STAGING, NULL, 0, 0, 0, 0, 0, NULL },
	{ "zerossl", N_("ZeroSSL"), "https://acme.zerossl.com/v2/DV90",
	  CA_ENV_PRODUCTION, NULL, 1, 0, 0, 0, 0, NULL },
	{ "google", N_("Google Trust Services"),
	  "https://dv.acme-v02.api.pki.goog/directory", CA_ENV_PRODUCTION,
	  "google-staging", 1, 0, 0, 0, 0, NULL },
	{ "google-staging", N_("Google Trust Services (staging)"),
	  "https://dv.acme-v02.test-api.pki.goog/directory", CA_ENV_STAGING,
	  NULL, 1, 0, 0, 0, 0, NULL },
	/* SSL.com requires EAB whatever its directory's meta says; it has
	 * no public staging server. */
	{ "sslcom-dv-rsa", N_("SSL.com DV (RSA)"),
	  "https://acme.ssl.com/sslcom-dv-rsa", CA_ENV_PRODUCTION, NULL, 1, 0,
	  0, 0, 0, NULL },
	{ "sslcom-dv-ecc", N_("SSL.com DV (ECC)"),
	  "https://acme.ssl.com/sslcom-dv-ecc", CA_ENV_PRODUCTION, NULL, 1, 0,
	  0, 0, 0, NULL },
	/* Buypass ended its ACME service: last orders 2025-10-15, last
	 * issuance 2025-10-31. */
	{ "buypass", N_("Buypass Go SSL (retired)"),
	  "https://api.buypass.com/acme/directory", CA_ENV_PRODUCTION,
	  "buypass-staging", 0, 0, 0, 0, 0, BUYPASS_RETIRED },
	{ "buypass-staging", N_("Buypass Go SSL (staging, retired)"),
	  "https://api.test4.buypass.no/acme/directory", CA_ENV_STAGING, NULL,
	  0, 0, 0, 0, 0, BUYPASS_RETIRED },
};

#define PRESET_COUNT (sizeof(presets) / sizeof(presets[0]))

size_t preset_count(void)
{
	return PRESET_COUNT;
}

const struct ca_preset *preset_at(size_t i)
{
	if (i >= PRESET_COUNT)
		return NULL;
	return &presets[i];
}

const struct ca_preset *preset_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < PRESET_COUNT; i++)
		if (strcasecmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}

enum rc preset_lookup(const char *name, const struct ca_preset **out,
		      struct err *e)
{
	char names[256];
	size_t i, used = 0;
	const struct ca_preset *p = preset_find(name);

	if (p != NULL) {
		*out = p;
		return RC_OK;
	}
	*out = NULL;
	names[0] = '\0';
	for (i = 0; i < PRESET_COUNT; i++) {
		int n = snprintf(names + used, sizeof(names) - used, "%s%s",
				 i > 0 ? ", " : "", presets[i].name);

		if (n < 0 || (size_t)n >= sizeof(names) - used)
			break;
		used += (size_t)n;
	}
	/* err_set() passes the whole line through safe_line(), so a hostile
	 * name cannot reach the terminal raw. */
	return err_set(e, RC_USAGE, _("unknown CA preset '%.64s' (known: %s)"),
		       name ? name : "", names);
}

/* Length of url without one trailing '/'. */
static size_t url_len_unslashed(const char *url)
{
	size_t n = strlen(url);

	if (n > 0 && url[n - 1] == '/')
		n--;
	return n;
}

const struct ca_preset *preset_by_url(const char *url)
{
	size_t i, n;

	if (url == NULL)
		return NULL;
	n = url_len_unslashed(url);
	for (i = 0; i < PRESET_COUNT; i++) {
		const char *d = presets[i].directory_url;

		if (url_len_unslashed(d) == n && memcmp(d, url, n) == 0)
			return &presets[i];
	}
	return NULL;
}

const struct ca_preset *preset_staging_of(const struct ca_preset *p)
{
	if (p == NULL || p->staging == NULL)
		return NULL;
	return preset_find(p->staging);
}

const char *preset_env_name(enum ca_env env)
{
	return env == CA_ENV_STAGING ? "staging" : "production";
}
