/* SPDX-License-Identifier: ISC */
/* env.h - the one configuration step: every environment variable acmetui
 * honours, read once into a struct acmetui_env (the list is the
 * ENVIRONMENT section of acmetui(1)).  main() calls env_load() first; the
 * rest reads env_get().  No other file calls getenv(), so the settings
 * are read before any thread starts and are the same for the whole run.
 *
 * What children receive is not decided here: they get the process
 * environment itself, hooks without ACMETUI_* and CERTBOT_* (util/proc.c),
 * crontab(1) without ACMETUI_* (cli/usercron.c). */
#ifndef ACMETUI_ENV_H
#define ACMETUI_ENV_H

/* Whether a seconds setting was given, and well formed. */
enum env_state {
	ENV_UNSET, /* not set, or empty */
	ENV_OK,	   /* whole seconds, 1 to 86400 */
	ENV_BAD	   /* anything else */
};

/* A duration in whole seconds (1 to 86400), as milliseconds. */
struct env_seconds {
	enum env_state state;
	int ms; /* ENV_OK: 1000 to 86400000, else 0 */
};

/* The settings.  Strings are borrowed from the environment as found:
 * NULL when unset, "" kept (each user decides what empty means, as it
 * did when it read the variable itself). */
struct acmetui_env {
	/* Where things are. */
	const char *home;	     /* HOME */
	const char *path;	     /* PATH: hook commands without a '/' */
	const char *xdg_data_home;   /* XDG_DATA_HOME: default inventory */
	const char *xdg_config_home; /* XDG_CONFIG_HOME: user timers */
	const char *db;		     /* ACMETUI_DB */
	const char *ca_file;	     /* ACMETUI_CA_FILE */
	const char *localedir;	     /* ACMETUI_LOCALEDIR */
	/* Secrets, kept out of argv.  Never printed. */
	const char *eab_hmac_key; /* ACMETUI_EAB_HMAC_KEY */
	const char *tsig_secret;  /* ACMETUI_TSIG_SECRET */
	/* Run-wide defaults. */
	const char *dns_resolver;	     /* ACMETUI_DNS_RESOLVER */
	struct env_seconds dns_wait;	     /* ACMETUI_DNS_WAIT */
	struct env_seconds dns_hook_timeout; /* ACMETUI_DNS_HOOK_TIMEOUT */
	struct env_seconds http_timeout;     /* ACMETUI_HTTP_TIMEOUT */
	const char *notify_hook;	     /* ACMETUI_NOTIFY_HOOK */
	const char *staging_url;	     /* ACMETUI_STAGING_URL */
	/* lego's exec DNS provider, for lego-style hooks. */
	const char *exec_mode;			     /* EXEC_MODE */
	struct env_seconds exec_propagation_timeout; /* EXEC_PROPAGATION_... */
	struct env_seconds exec_polling_interval;    /* EXEC_POLLING_INTERVAL */
	/* The terminal interface: 1 when set and not empty. */
	int no_color; /* NO_COLOR */
	int no_mouse; /* ACMETUI_NO_MOUSE */
	/* Tests only: the crash point (lifecycle/fault.h). */
	const char *fault; /* ACMETUI_FAULT */
};

/* A getenv()-like source: the value of name, or NULL when unset. */
typedef const char *env_lookup_fn(const char *name, void *ud);

/* Fills *env from lookup (called once per variable, with ud).  Seconds
 * are parsed here; a malformed one is ENV_BAD, and its user decides
 * whether that is ignored or refused.  Never fails. */
void env_fill(struct acmetui_env *env, env_lookup_fn *lookup, void *ud);

/* env_fill() from an envp array ("NAME=value" strings, NULL-terminated;
 * the first entry of a name wins, as for getenv()). */
void env_fill_envp(struct acmetui_env *env, char *const *envp);

/* Reads the process environment into the configuration env_get()
 * returns.  main() calls it before anything else; tests call it again
 * after setenv().  Not thread-safe: call it before threads start. */
void env_load(void);

/* The process's configuration (borrowed, never NULL).  Loaded on first
 * use when env_load() was never called (test programs). */
const struct acmetui_env *env_get(void);

/* s in milliseconds, 0 when unset or malformed. */
int env_ms(const struct env_seconds *s);

#endif
