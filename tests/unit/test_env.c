/* SPDX-License-Identifier: ISC */
/* test_env.c - the configuration step (util/env.h): defaults, every
 * variable read, seconds parsed and refused, and what the users of a
 * refused value say. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lifecycle/lc.h"
#include "solvers/solver.h"
#include "util/env.h"
#include "util/err.h"
#include "tap.h"

/* Set before the first env_get(): proves the lazy first load. */
#define EARLY "ACMETUI_FAULT"

static void test_lazy_first_load(void)
{
	is_str(env_get()->fault, "early-point",
	       "env_get() without env_load() reads the process environment");
	setenv(EARLY, "later-point", 1);
	is_str(env_get()->fault, "early-point",
	       "read once: a later setenv() is not seen by env_get()");
	env_load();
	is_str(env_get()->fault, "later-point", "env_load() reads it again");
	unsetenv(EARLY);
	env_load();
	ok(env_get()->fault == NULL, "unset after env_load(): NULL");
}

static void test_defaults(void)
{
	char *const empty[] = { NULL };
	struct acmetui_env env;

	memset(&env, 0xff, sizeof(env));
	env_fill_envp(&env, empty);
	ok(env.home == NULL && env.path == NULL && env.xdg_data_home == NULL &&
		   env.xdg_config_home == NULL && env.db == NULL &&
		   env.ca_file == NULL && env.localedir == NULL,
	   "nothing set: no paths");
	ok(env.eab_hmac_key == NULL && env.tsig_secret == NULL,
	   "nothing set: no secrets");
	ok(env.dns_resolver == NULL && env.notify_hook == NULL &&
		   env.staging_url == NULL && env.exec_mode == NULL &&
		   env.fault == NULL,
	   "nothing set: no run-wide strings");
	ok(env.dns_wait.state == ENV_UNSET && env.dns_wait.ms == 0 &&
		   env.dns_hook_timeout.state == ENV_UNSET &&
		   env.http_timeout.state == ENV_UNSET &&
		   env.exec_propagation_timeout.state == ENV_UNSET &&
		   env.exec_polling_interval.state == ENV_UNSET,
	   "nothing set: every duration unset");
	is_int(env_ms(&env.http_timeout), 0, "unset duration: 0 ms");
	ok(!env.no_color && !env.no_mouse, "nothing set: colour and mouse");
	env_fill_envp(&env, NULL);
	ok(env.home == NULL && env.dns_wait.state == ENV_UNSET,
	   "a NULL envp is an empty one");
}

static void test_every_variable(void)
{
	char *const envp[] = { "HOME=/home/op",
			       "PATH=/usr/bin:/bin",
			       "XDG_DATA_HOME=/xdg/data",
			       "XDG_CONFIG_HOME=/xdg/config",
			       "ACMETUI_DB=/srv/inv.db",
			       "ACMETUI_CA_FILE=/etc/ca.pem",
			       "ACMETUI_LOCALEDIR=/opt/locale",
			       "ACMETUI_EAB_HMAC_KEY=hmac-secret",
			       "ACMETUI_TSIG_SECRET=tsig-secret",
			       "ACMETUI_DNS_RESOLVER=127.0.0.1:5353",
			       "ACMETUI_DNS_WAIT=300",
			       "ACMETUI_DNS_HOOK_TIMEOUT=45",
			       "ACMETUI_HTTP_TIMEOUT=20",
			       "ACMETUI_NOTIFY_HOOK=/etc/acmetui/notify",
			       "ACMETUI_STAGING_URL=https://staging.example/dir",
			       "EXEC_MODE=RAW",
			       "EXEC_PROPAGATION_TIMEOUT=90",
			       "EXEC_POLLING_INTERVAL=5",
			       "NO_COLOR=1",
			       "ACMETUI_NO_MOUSE=yes",
			       "ACMETUI_FAULT=after-respond",
			       NULL };
	struct acmetui_env env;

	env_fill_envp(&env, envp);
	is_str(env.home, "/home/op", "HOME");
	is_str(env.path, "/usr/bin:/bin", "PATH");
	is_str(env.xdg_data_home, "/xdg/data", "XDG_DATA_HOME");
	is_str(env.xdg_config_home, "/xdg/config", "XDG_CONFIG_HOME");
	is_str(env.db, "/srv/inv.db", "ACMETUI_DB");
	is_str(env.ca_file, "/etc/ca.pem", "ACMETUI_CA_FILE");
	is_str(env.localedir, "/opt/locale", "ACMETUI_LOCALEDIR");
	is_str(env.eab_hmac_key, "hmac-secret", "ACMETUI_EAB_HMAC_KEY");
	is_str(env.tsig_secret, "tsig-secret", "ACMETUI_TSIG_SECRET");
	is_str(env.dns_resolver, "127.0.0.1:5353", "ACMETUI_DNS_RESOLVER");
	ok(env.dns_wait.state == ENV_OK && env.dns_wait.ms == 300000,
	   "ACMETUI_DNS_WAIT in ms");
	ok(env.dns_hook_timeout.state == ENV_OK &&
		   env.dns_hook_timeout.ms == 45000,
	   "ACMETUI_DNS_HOOK_TIMEOUT in ms");
	is_int(env_ms(&env.http_timeout), 20000, "ACMETUI_HTTP_TIMEOUT in ms");
	is_str(env.notify_hook, "/etc/acmetui/notify", "ACMETUI_NOTIFY_HOOK");
	is_str(env.staging_url, "https://staging.example/dir",
	       "ACMETUI_STAGING_URL");
	is_str(env.exec_mode, "RAW", "EXEC_MODE");
	is_int(env_ms(&env.exec_propagation_timeout), 90000,
	       "EXEC_PROPAGATION_TIMEOUT in ms");
	is_int(env_ms(&env.exec_polling_interval), 5000,
	       "EXEC_POLLING_INTERVAL in ms");
	ok(env.no_color, "NO_COLOR");
	ok(env.no_mouse, "ACMETUI_NO_MOUSE");
	is_str(env.fault, "after-respond", "ACMETUI_FAULT");
}

/* Names match whole: a longer or shorter name is another variable; the
 * first of two entries wins, as for getenv(); "" is kept. */
static void test_names(void)
{
	char *const envp[] = { "ACMETUI_DBX=/wrong.db",
			       "ACMETUI_D=/wrong.db",
			       "ACMETUI_DB=/first.db",
			       "ACMETUI_DB=/second.db",
			       "HOME=",
			       "NO_COLOR=",
			       "ACMETUI_NO_MOUSE=",
			       "ACMETUI_HTTP_TIMEOUT=",
			       NULL };
	struct acmetui_env env;

	env_fill_envp(&env, envp);
	is_str(env.db, "/first.db", "the whole name, the first entry");
	is_str(env.home, "", "an empty string is kept as found");
	ok(!env.no_color && !env.no_mouse,
	   "NO_COLOR= and ACMETUI_NO_MOUSE= (empty) are off");
	ok(env.http_timeout.state == ENV_UNSET, "an empty duration is unset");
}

/* One duration, checked through ACMETUI_DNS_WAIT. */
static void check_seconds(const char *value, enum env_state want_state,
			  int want_ms)
{
	char entry[64];
	char *envp[2] = { entry, NULL };
	struct acmetui_env env;

	snprintf(entry, sizeof(entry), "ACMETUI_DNS_WAIT=%s", value);
	env_fill_envp(&env, envp);
	ok(env.dns_wait.state == want_state && env.dns_wait.ms == want_ms &&
		   env_ms(&env.dns_wait) == want_ms,
	   "ACMETUI_DNS_WAIT=%s: state %d, %d ms", value, want_state, want_ms);
}

static void test_seconds(void)
{
	check_seconds("1", ENV_OK, 1000);
	check_seconds("86400", ENV_OK, 86400000);
	check_seconds("120", ENV_OK, 120000);
	check_seconds("0", ENV_BAD, 0);
	check_seconds("86401", ENV_BAD, 0);
	check_seconds("-5", ENV_BAD, 0);
	check_seconds("2m", ENV_BAD, 0);
	check_seconds("1.5", ENV_BAD, 0);
	check_seconds("x", ENV_BAD, 0);
	check_seconds("99999999999999999999999", ENV_BAD, 0);
}

/* A getenv()-like source: counts the calls, answers from ud. */
struct counting {
	int calls;
	const char *home;
};

static const char *counting_lookup(const char *name, void *ud)
{
	struct counting *c = ud;

	c->calls++;
	return strcmp(name, "HOME") == 0 ? c->home : NULL;
}

static void test_lookup(void)
{
	struct counting c = { 0, "/from/lookup" };
	struct acmetui_env env;

	env_fill(&env, counting_lookup, &c);
	is_str(env.home, "/from/lookup", "env_fill() asks the given source");
	ok(c.calls >= 21, "every variable asked once (%d)", c.calls);
	ok(env.db == NULL, "what the source lacks is unset");
}

/* A malformed run-wide duration is ignored: the default applies. */
static void test_lifecycle_ignores_bad(void)
{
	struct lc lc;

	setenv("ACMETUI_DNS_WAIT", "300", 1);
	setenv("ACMETUI_HTTP_TIMEOUT", "20", 1);
	setenv("ACMETUI_DNS_RESOLVER", "127.0.0.1:5353", 1);
	env_load();
	memset(&lc, 0, sizeof(lc));
	lc_env_defaults(&lc);
	ok(lc.dns_wait_ms == 300000 && lc.http_timeout_s == 20 &&
		   lc.dns_resolver != NULL &&
		   strcmp(lc.dns_resolver, "127.0.0.1:5353") == 0,
	   "lc_env_defaults: well-formed settings taken");
	setenv("ACMETUI_DNS_WAIT", "5m", 1);
	setenv("ACMETUI_HTTP_TIMEOUT", "0", 1);
	setenv("ACMETUI_DNS_RESOLVER", "", 1);
	env_load();
	lc_env_defaults(&lc);
	ok(lc.dns_wait_ms == 0 && lc.http_timeout_s == 0 &&
		   lc.dns_resolver == NULL,
	   "lc_env_defaults: malformed or empty settings ignored");
	unsetenv("ACMETUI_DNS_WAIT");
	unsetenv("ACMETUI_HTTP_TIMEOUT");
	unsetenv("ACMETUI_DNS_RESOLVER");
	env_load();
}

/* solver_new() for a lego-style hook with the environment as it is. */
static struct solver *lego_hook(struct err *e)
{
	struct solver_config cfg = { 0 };

	cfg.kind = SOLVER_DNS01_HOOK;
	cfg.dns_check = SOLVER_DNS_CHECK_NONE;
	cfg.dns_hook_command = "/bin/true";
	cfg.dns_hook_lego = 1;
	err_clear(e);
	return solver_new(&cfg, e);
}

/* lego's settings refused when a lego-style hook starts, naming the
 * variable, as before the configuration step. */
static void test_lego_refusals(void)
{
	struct solver *s;
	struct err e = { 0 };

	env_load();
	s = lego_hook(&e);
	ok(s != NULL, "lego-style hook without EXEC_* starts (%s)", e.msg);
	solver_free(s);
	setenv("EXEC_POLLING_INTERVAL", "0", 1);
	env_load();
	s = lego_hook(&e);
	ok(s == NULL && e.rc == RC_USAGE &&
		   strcmp(e.msg, "EXEC_POLLING_INTERVAL must be 1 to 86400 "
				 "seconds") == 0,
	   "a bad EXEC_POLLING_INTERVAL is refused: %s", e.msg);
	solver_free(s);
	unsetenv("EXEC_POLLING_INTERVAL");
	setenv("EXEC_MODE", "other", 1);
	env_load();
	s = lego_hook(&e);
	ok(s == NULL && e.rc == RC_USAGE &&
		   strncmp(e.msg, "EXEC_MODE=... is not supported", 30) == 0,
	   "another EXEC_MODE is refused, its value not echoed: %s", e.msg);
	solver_free(s);
	unsetenv("EXEC_MODE");
	env_load();
}

int main(void)
{
	setenv(EARLY, "early-point", 1);
	test_lazy_first_load();
	test_defaults();
	test_every_variable();
	test_names();
	test_seconds();
	test_lookup();
	test_lifecycle_ignores_bad();
	test_lego_refusals();
	return tap_done();
}
