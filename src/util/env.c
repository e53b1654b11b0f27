/* SPDX-License-Identifier: ISC */
/* env.c - every environment variable, read once (see env.h). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/env.h"

/* Parses v as whole seconds, 1 to 86400. */
static struct env_seconds parse_seconds(const char *v)
{
	struct env_seconds s = { ENV_UNSET, 0 };
	char *end;
	long n;

	if (v == NULL || v[0] == '\0')
		return s;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 86400) {
		s.state = ENV_BAD;
		return s;
	}
	s.state = ENV_OK;
	s.ms = (int)n * 1000;
	return s;
}

/* 1 when v is set and not empty: the switches' rule. */
static int is_on(const char *v)
{
	return v != NULL && v[0] != '\0';
}

void env_fill(struct acmetui_env *env, env_lookup_fn *lookup, void *ud)
{
	memset(env, 0, sizeof(*env));
	env->home = lookup("HOME", ud);
	env->path = lookup("PATH", ud);
	env->xdg_data_home = lookup("XDG_DATA_HOME", ud);
	env->xdg_config_home = lookup("XDG_CONFIG_HOME", ud);
	env->db = lookup("ACMETUI_DB", ud);
	env->ca_file = lookup("ACMETUI_CA_FILE", ud);
	env->localedir = lookup("ACMETUI_LOCALEDIR", ud);
	env->eab_hmac_key = lookup("ACMETUI_EAB_HMAC_KEY", ud);
	env->tsig_secret = lookup("ACMETUI_TSIG_SECRET", ud);
	env->dns_resolver = lookup("ACMETUI_DNS_RESOLVER", ud);
	env->dns_wait = parse_seconds(lookup("ACMETUI_DNS_WAIT", ud));
	env->dns_hook_timeout = parse_seconds(
		lookup("ACMETUI_DNS_HOOK_TIMEOUT", ud));
	env->http_timeout = parse_seconds(lookup("ACMETUI_HTTP_TIMEOUT", ud));
	env->notify_hook = lookup("ACMETUI_NOTIFY_HOOK", ud);
	env->staging_url = lookup("ACMETUI_STAGING_URL", ud);
	env->exec_mode = lookup("EXEC_MODE", ud);
	env->exec_propagation_timeout = parse_seconds(
		lookup("EXEC_PROPAGATION_TIMEOUT", ud));
	env->exec_polling_interval = parse_seconds(
		lookup("EXEC_POLLING_INTERVAL", ud));
	env->no_color = is_on(lookup("NO_COLOR", ud));
	env->no_mouse = is_on(lookup("ACMETUI_NO_MOUSE", ud));
	env->fault = lookup("ACMETUI_FAULT", ud);
}

/* An envp array as an env_lookup_fn's ud. */
struct envp_source {
	char *const *envp;
};

/* env_lookup_fn over an envp array (ud: a struct envp_source). */
static const char *envp_lookup(const char *name, void *ud)
{
	const struct envp_source *src = ud;
	char *const *envp = src->envp;
	size_t len = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, len) == 0 && (*envp)[len] == '=')
			return *envp + len + 1;
	return NULL;
}

void env_fill_envp(struct acmetui_env *env, char *const *envp)
{
	struct envp_source src = { envp };

	env_fill(env, envp_lookup, &src);
}

/* env_lookup_fn over the process environment: the one getenv(). */
static const char *process_lookup(const char *name, void *ud)
{
	(void)ud;
	return getenv(name);
}

static struct acmetui_env process_env;
static pthread_once_t process_once = PTHREAD_ONCE_INIT;

static void process_fill(void)
{
	env_fill(&process_env, process_lookup, NULL);
}

/* Consumes process_once when env_load() got there first. */
static void already_filled(void)
{
}

void env_load(void)
{
	pthread_once(&process_once, already_filled);
	process_fill();
}

const struct acmetui_env *env_get(void)
{
	pthread_once(&process_once, process_fill);
	return &process_env;
}

int env_ms(const struct env_seconds *s)
{
	return s->state == ENV_OK ? s->ms : 0;
}
