/* SPDX-License-Identifier: ISC */
/* notify.c - events as JSON, expiry thresholds, the hook (notify.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "notify/notify.h"
#include "notify/run.h"
#include "util/proc.h"
#include "util/shellcmd.h"
#include "util/i18n.h"
#include "util/safe.h"
#include "util/utctime.h"

#define DAY_S 86400

/* Largest first. */
static const int thresholds[] = { 30, 14, 7, 3, 1 };

const char *notify_event_name(enum notify_event ev)
{
	static const char *const names[] = { "renewed", "failed", "expiring" };

	return (unsigned)ev <= NOTIFY_EXPIRING ? names[ev] : "unknown";
}

int64_t notify_days_left(int64_t not_after, int64_t now)
{
	int64_t left = not_after - now;

	/* Floor, also for negative values. */
	return left >= 0 ? left / DAY_S : -((-left + DAY_S - 1) / DAY_S);
}

int notify_threshold_reached(int64_t not_after, int64_t now)
{
	int64_t left = not_after - now;
	int reached = 0;
	size_t i;

	if (left <= 0)
		return 0;
	for (i = 0; i < sizeof(thresholds) / sizeof(thresholds[0]); i++)
		if (left <= (int64_t)thresholds[i] * DAY_S)
			reached = thresholds[i];
	return reached;
}

int notify_expiry_due(int64_t not_after, int64_t now, int warned)
{
	int t = notify_threshold_reached(not_after, now);

	if (t == 0 || (warned > 0 && t >= warned))
		return 0;
	return t;
}

/* A sanitized JSON string, or JSON null for NULL. */
static struct json_object *clean_str(const char *s)
{
	char buf[1024];

	if (s == NULL)
		return NULL;
	safe_line(buf, sizeof(buf), s, strlen(s));
	return json_object_new_string(buf);
}

/* RFC 3339 UTC. */
static struct json_object *rfc3339(int64_t t)
{
	char buf[UTC_RFC3339_SIZE];

	return utc_rfc3339(t, buf, sizeof(buf)) ? json_object_new_string(buf)
						: NULL;
}

char *notify_json(const struct notify_msg *m)
{
	struct json_object *o = NULL, *doms = NULL;
	char *text = NULL;
	size_t i;

	o = json_object_new_object();
	doms = json_object_new_array();
	if (o == NULL || doms == NULL) {
		json_object_put(doms);
		goto out;
	}
	for (i = 0; i < m->n_domains; i++)
		json_object_array_add(doms, clean_str(m->domains[i]));
	json_object_object_add(
		o, "event",
		json_object_new_string(notify_event_name(m->event)));
	json_object_object_add(o, "certificate", clean_str(m->certificate));
	json_object_object_add(o, "domains", doms);
	json_object_object_add(o, "not_after", rfc3339(m->not_after));
	json_object_object_add(o, "days_left",
			       m->not_after != 0
				       ? json_object_new_int64(notify_days_left(
						 m->not_after, m->now))
				       : NULL);
	json_object_object_add(o, "message",
			       clean_str(m->message ? m->message : ""));
	text = strdup(json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
out:
	json_object_put(o);
	return text;
}

enum rc notifier_init(struct notifier *n, const char *cmd, struct err *e)
{
	return notifier_init_as(n, cmd, NOTIFY_HOOK_ENV, e);
}

enum rc notifier_init_as(struct notifier *n, const char *cmd, const char *what,
			 struct err *e)
{
	memset(n, 0, sizeof(*n));
	n->timeout_ms = NOTIFY_RUN_TIMEOUT_MS;
	if (cmd == NULL || cmd[strspn(cmd, " \t")] == '\0')
		return RC_OK;
	n->argv = shellcmd_argv(cmd, NULL, e);
	if (n->argv == NULL)
		return e != NULL ? err_prefix(e, what) : RC_INPUT;
	return RC_OK;
}

void notifier_clear(struct notifier *n)
{
	if (n == NULL)
		return;
	proc_argv_free(n->argv);
	memset(n, 0, sizeof(*n));
}

int notifier_enabled(const struct notifier *n)
{
	return n != NULL && n->argv != NULL;
}

enum rc notify_send(const struct notifier *n, const struct notify_msg *m,
		    struct err *e)
{
	enum rc rc;
	char *json = NULL;
	size_t len;

	if (!notifier_enabled(n))
		return RC_OK;
	json = notify_json(m);
	if (json == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	len = strlen(json);
	json[len++] = '\n'; /* one event, one line; was the NUL */
	rc = notify_run((const char *const *)n->argv, json, len, n->timeout_ms,
			e);
	free(json);
	return rc;
}
