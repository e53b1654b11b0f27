/* SPDX-License-Identifier: ISC */
/* solver.c - the challenge solver interface: validation of every task at
 * the edge, the list of presented tasks (so that solver_free() can clean
 * up after an error path), locking, and dispatch to a method's ops. */
#include "config.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/domain.h"
#include "solvers/dns01_hook.h"
#include "solvers/dns01_rfc2136.h"
#include "solvers/http01_standalone.h"
#include "solvers/http01_webroot.h"
#include "solvers/solver.h"
#include "solvers/tlsalpn01.h"
#include "util/b64url.h"
#include "util/err.h"

/* A presented task; all strings owned. */
struct solver_entry {
	char *identifier;
	char *token;
	char *key_authorization;
};

struct solver {
	const struct solver_ops *ops;
	void *priv;
	pthread_mutex_t lock; /* guards tasks and serializes present/cleanup */
	struct solver_entry *tasks;
	size_t ntasks;
	size_t cap;
};

static const struct solver_ops *const solver_methods[] = {
	&http01_webroot_ops, &http01_standalone_ops, &tlsalpn01_ops,
	&dns01_hook_ops,     &dns01_rfc2136_ops,
};

/* The ops table of kind, or NULL. */
static const struct solver_ops *solver_ops_of(enum solver_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(solver_methods) / sizeof(solver_methods[0]); i++)
		if (solver_methods[i]->kind == kind)
			return solver_methods[i];
	return NULL;
}

const char *solver_challenge_type(enum solver_kind kind)
{
	const struct solver_ops *ops = solver_ops_of(kind);

	return ops != NULL ? ops->challenge_type : NULL;
}

int solver_identifier_ok(const char *s)
{
	return s != NULL &&
	       strnlen(s, SOLVER_IDENT_MAX + 1) <= SOLVER_IDENT_MAX &&
	       domain_ident_ok(s, DOMAIN_OK_DNS | DOMAIN_OK_IP |
					  DOMAIN_OK_WILDCARD);
}

/* Checks everything about t that a method relies on; sets e naming the
 * bad field.  Untrusted values are only shown through err_set, which
 * escapes them. */
static enum rc task_check(const struct solver_task *t, struct err *e)
{
	size_t tlen, klen;

	if (t == NULL || t->identifier == NULL || t->token == NULL ||
	    t->key_authorization == NULL)
		return err_set(e, RC_USAGE, _("incomplete challenge task"));
	if (!solver_identifier_ok(t->identifier))
		return err_set(e, RC_INPUT,
			       _("'%.64s' is not a DNS name or IP address"),
			       t->identifier);
	tlen = strnlen(t->token, SOLVER_TOKEN_MAX + 1);
	if (tlen > SOLVER_TOKEN_MAX)
		return err_set(e, RC_INPUT,
			       _("challenge token for %s is longer than %d "
				 "characters"),
			       t->identifier, SOLVER_TOKEN_MAX);
	if (!b64url_is_token(t->token, tlen))
		return err_set(e, RC_INPUT,
			       _("challenge token '%.64s' for %s is not "
				 "base64url"),
			       t->token, t->identifier);
	klen = strnlen(t->key_authorization, SOLVER_KEYAUTH_MAX + 1);
	if (klen > SOLVER_KEYAUTH_MAX || klen < tlen + 2 ||
	    memcmp(t->key_authorization, t->token, tlen) != 0 ||
	    t->key_authorization[tlen] != '.' ||
	    !b64url_is_token(t->key_authorization + tlen + 1, klen - tlen - 1))
		return err_set(e, RC_INPUT,
			       _("key authorization for %s is not "
				 "'token.thumbprint'"),
			       t->identifier);
	return RC_OK;
}

/* Frees the strings of one entry and zeroes it. */
static void entry_clear(struct solver_entry *en)
{
	free(en->identifier);
	free(en->token);
	free(en->key_authorization);
	memset(en, 0, sizeof(*en));
}

/* Index of the entry with t's token, or s->ntasks when there is none.
 * Tokens are unique per challenge, so the token alone is the key. */
static size_t entry_find(const struct solver *s, const struct solver_task *t)
{
	size_t i;

	for (i = 0; i < s->ntasks; i++)
		if (strcmp(s->tasks[i].token, t->token) == 0)
			break;
	return i;
}

struct solver *solver_new(const struct solver_config *cfg, struct err *e)
{
	const struct solver_ops *ops = NULL;
	struct solver *s = NULL;
	int have_lock = 0;

	if (cfg != NULL)
		ops = solver_ops_of(cfg->kind);
	if (ops == NULL) {
		err_set(e, RC_USAGE, _("unknown challenge solver"));
		goto fail;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto fail;
	}
	if (pthread_mutex_init(&s->lock, NULL) != 0) {
		err_set(e, RC_SYS, _("cannot create a mutex"));
		goto fail;
	}
	have_lock = 1;
	s->ops = ops;
	if (ops->init(cfg, &s->priv, e) != RC_OK)
		goto fail;
	return s;
fail:
	if (have_lock)
		pthread_mutex_destroy(&s->lock);
	free(s);
	return NULL;
}

/* Copies t into en (owned strings).  RC_NOMEM on failure, en untouched. */
static enum rc entry_fill(struct solver_entry *en, const struct solver_task *t,
			  struct err *e)
{
	struct solver_entry n = { 0 };

	n.identifier = strdup(t->identifier);
	n.token = strdup(t->token);
	n.key_authorization = strdup(t->key_authorization);
	if (n.identifier == NULL || n.token == NULL ||
	    n.key_authorization == NULL) {
		entry_clear(&n);
		return err_set(e, RC_NOMEM, _("out of memory"));
	}
	*en = n;
	return RC_OK;
}

/* Makes room for one more entry.  Caller holds the lock. */
static enum rc entries_reserve(struct solver *s, struct err *e)
{
	struct solver_entry *p;
	size_t ncap;

	if (s->ntasks < s->cap)
		return RC_OK;
	if (s->ntasks >= SOLVER_TASKS_MAX)
		return err_set(e, RC_SOLVER,
			       _("more than %d challenges presented at once"),
			       SOLVER_TASKS_MAX);
	ncap = s->cap ? s->cap * 2 : 8;
	if (ncap > SOLVER_TASKS_MAX)
		ncap = SOLVER_TASKS_MAX;
	p = realloc(s->tasks, ncap * sizeof(*p));
	if (p == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	s->tasks = p;
	s->cap = ncap;
	return RC_OK;
}

enum rc solver_present(struct solver *s, const struct solver_task *t,
		       struct err *e)
{
	struct solver_entry fresh = { 0 };
	enum rc rc;
	size_t i;

	if (s == NULL)
		return err_set(e, RC_USAGE, _("no challenge solver"));
	rc = task_check(t, e);
	if (rc != RC_OK)
		return rc;
	pthread_mutex_lock(&s->lock);
	i = entry_find(s, t);
	if (i < s->ntasks &&
	    strcasecmp(s->tasks[i].identifier, t->identifier) != 0) {
		rc = err_set(e, RC_EXISTS,
			     _("challenge token for %s is already presented "
			       "for %s"),
			     t->identifier, s->tasks[i].identifier);
		goto out;
	}
	if (i == s->ntasks) {
		rc = entries_reserve(s, e);
		if (rc != RC_OK)
			goto out;
	}
	rc = entry_fill(&fresh, t, e);
	if (rc != RC_OK)
		goto out;
	rc = s->ops->present(s->priv, t, e);
	if (rc != RC_OK)
		goto out;
	if (i < s->ntasks)
		entry_clear(&s->tasks[i]);
	else
		s->ntasks++;
	s->tasks[i] = fresh;
	memset(&fresh, 0, sizeof(fresh));
out:
	pthread_mutex_unlock(&s->lock);
	entry_clear(&fresh);
	return rc;
}

enum rc solver_ready(struct solver *s, struct err *e)
{
	if (s == NULL)
		return err_set(e, RC_USAGE, _("no challenge solver"));
	if (s->ops->ready == NULL)
		return RC_OK;
	return s->ops->ready(s->priv, e);
}

enum rc solver_cleanup(struct solver *s, const struct solver_task *t,
		       struct err *e)
{
	enum rc rc;
	size_t i;

	if (s == NULL)
		return err_set(e, RC_USAGE, _("no challenge solver"));
	rc = task_check(t, e);
	if (rc != RC_OK)
		return rc;
	pthread_mutex_lock(&s->lock);
	rc = s->ops->cleanup(s->priv, t, e);
	if (rc != RC_OK)
		goto out; /* still listed: solver_free() tries again */
	i = entry_find(s, t);
	if (i < s->ntasks) {
		entry_clear(&s->tasks[i]);
		s->tasks[i] = s->tasks[s->ntasks - 1];
		s->ntasks--;
	}
out:
	pthread_mutex_unlock(&s->lock);
	return rc;
}

void solver_leave(struct solver *s, const struct solver_task *t)
{
	size_t i;

	if (s == NULL || t == NULL || t->token == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	i = entry_find(s, t);
	if (i < s->ntasks) {
		entry_clear(&s->tasks[i]);
		s->tasks[i] = s->tasks[s->ntasks - 1];
		s->ntasks--;
	}
	pthread_mutex_unlock(&s->lock);
}

int solver_port(struct solver *s)
{
	if (s == NULL || s->ops->port == NULL)
		return 0;
	return s->ops->port(s->priv);
}

enum solver_kind solver_kind_of(const struct solver *s)
{
	return s != NULL ? s->ops->kind : SOLVER__INVALID;
}

void solver_free(struct solver *s)
{
	struct solver_task t = { 0 };
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntasks; i++) {
		t.identifier = s->tasks[i].identifier;
		t.token = s->tasks[i].token;
		t.key_authorization = s->tasks[i].key_authorization;
		s->ops->cleanup(s->priv, &t, NULL);
		entry_clear(&s->tasks[i]);
	}
	free(s->tasks);
	s->ops->fini(s->priv);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
