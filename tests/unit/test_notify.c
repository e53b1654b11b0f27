/* SPDX-License-Identifier: ISC */
/* test_notify.c - expiry thresholds with injected times, the event JSON,
 * the hook runner (stdin, environment, time and exit bounds), the
 * expiry query and its memory, the batch-health sentence and the texts
 * of `schedule install`. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "cli/schedtext.h"
#include "db/store.h"
#include "db/store_notify.h"
#include "db/store_runs.h"
#include "lifecycle/runhealth.h"
#include "notify/notify.h"
#include "notify/run.h"
#include "notify/runreport.h"
#include "store_test_util.h"
#include "tap.h"

#define DAY 86400
#define T0 1800000000LL /* 2027-01-15T08:00:00Z */

static char *dir;

static void test_thresholds(void)
{
	is_int(notify_threshold_reached(T0 + 31 * DAY, T0), 0, "31 d: none");
	is_int(notify_threshold_reached(T0 + 30 * DAY, T0), 30, "30 d: 30");
	is_int(notify_threshold_reached(T0 + 20 * DAY, T0), 30, "20 d: 30");
	is_int(notify_threshold_reached(T0 + 14 * DAY, T0), 14, "14 d: 14");
	is_int(notify_threshold_reached(T0 + 5 * DAY, T0), 7, "5 d: 7");
	is_int(notify_threshold_reached(T0 + 2 * DAY + 1, T0), 3, "2 d+: 3");
	is_int(notify_threshold_reached(T0 + DAY / 2, T0), 1, "12 h: 1");
	is_int(notify_threshold_reached(T0 - 1, T0), 0, "expired: none");
	is_int(notify_expiry_due(T0 + 20 * DAY, T0, 0), 30, "first: 30");
	is_int(notify_expiry_due(T0 + 20 * DAY, T0, 30), 0,
	       "once per "
	       "threshold");
	is_int(notify_expiry_due(T0 + 10 * DAY, T0, 30), 14, "then 14");
	is_int(notify_expiry_due(T0 + 5 * DAY, T0, 0), 7,
	       "late run: only "
	       "the smallest reached");
	is_int(notify_expiry_due(T0 + 5 * DAY, T0, 3), 0, "never back up");
	is_int((int)notify_days_left(T0 + DAY + DAY / 2, T0), 1,
	       "days left rounds down");
	is_int((int)notify_days_left(T0 - DAY / 2, T0), -1,
	       "negative rounds down");
}

static void test_json(void)
{
	const char *doms[] = { "a.example", "b\x1b[31m.example" };
	struct notify_msg m = { NOTIFY_EXPIRING, "web", doms,		2,
				T0 + 7 * DAY,	 T0,	"expires\nsoon" };
	struct json_object *o = NULL, *v = NULL;
	char *text = notify_json(&m);

	ok(text != NULL, "json built");
	o = text ? json_tokener_parse(text) : NULL;
	ok(o != NULL, "json parses");
	ok(json_object_object_get_ex(o, "event", &v) &&
		   strcmp(json_object_get_string(v), "expiring") == 0,
	   "event");
	ok(json_object_object_get_ex(o, "certificate", &v) &&
		   strcmp(json_object_get_string(v), "web") == 0,
	   "certificate");
	ok(json_object_object_get_ex(o, "not_after", &v) &&
		   strcmp(json_object_get_string(v), "2027-01-22T08:00:00Z") ==
			   0,
	   "not_after RFC 3339");
	ok(json_object_object_get_ex(o, "days_left", &v) &&
		   json_object_get_int(v) == 7,
	   "days_left");
	ok(json_object_object_get_ex(o, "domains", &v) &&
		   json_object_array_length(v) == 2 &&
		   strchr(json_object_get_string(
				  json_object_array_get_idx(v, 1)),
			  0x1b) == NULL,
	   "domains, control characters escaped");
	ok(json_object_object_get_ex(o, "message", &v) &&
		   strchr(json_object_get_string(v), '\n') == NULL,
	   "message one line");
	json_object_put(o);
	free(text);
	m.not_after = 0;
	text = notify_json(&m);
	o = text ? json_tokener_parse(text) : NULL;
	ok(json_object_object_get_ex(o, "days_left", &v) && v == NULL,
	   "unknown not_after: days_left null");
	json_object_put(o);
	free(text);
}

/* A notifier running `sh -c SCRIPT` with $D the scratch directory. */
static void hook(struct notifier *n, const char *script)
{
	char cmd[1024];
	struct err e = { 0 };

	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'D=%s; %s'", dir, script);
	if (notifier_init(n, cmd, &e) != RC_OK)
		printf("# notifier_init: %s\n", err_text(&e));
}

static void test_hook(void)
{
	const char *doms[] = { "a.example" };
	struct notify_msg m = {
		NOTIFY_RENEWED,	      "web", doms, 1, T0, T0 - DAY,
		"certificate renewed"
	};
	struct notifier n = { 0 };
	struct err e = { 0 };
	char *p = NULL, *got = NULL;
	struct json_object *o = NULL, *v = NULL;
	size_t len = 0;
	time_t t;
	static char big[1 << 20];

	setenv("ACMETUI_SECRET_TEST", "hunter2", 1);
	hook(&n, "cat > $D/in.json; env > $D/env.txt; echo fine");
	is_int(notify_send(&n, &m, &e), RC_OK, "hook ran");
	p = tpath(dir, "in.json");
	got = slurp(p, &len);
	ok(got != NULL && len > 0 && got[len - 1] == '\n', "one line on stdin");
	o = got ? json_tokener_parse(got) : NULL;
	ok(json_object_object_get_ex(o, "event", &v) &&
		   strcmp(json_object_get_string(v), "renewed") == 0,
	   "hook got the JSON");
	json_object_put(o);
	free(got);
	free(p);
	p = tpath(dir, "env.txt");
	got = slurp(p, &len);
	ok(got != NULL && strstr(got, "hunter2") == NULL &&
		   strstr(got, "ACMETUI_") == NULL,
	   "no ACMETUI_* variable reaches the hook");
	free(got);
	free(p);
	notifier_clear(&n);

	hook(&n, "echo \"no route to chat\" >&2; exit 3");
	memset(&e, 0, sizeof(e));
	is_int(notify_send(&n, &m, &e), RC_HOOK, "failing hook: RC_HOOK");
	ok(strstr(err_text(&e), "exit 3") != NULL &&
		   strstr(err_text(&e), "no route to chat") != NULL,
	   "error names the exit and the first line: %s", err_text(&e));
	notifier_clear(&n);

	hook(&n, "exec sleep 30");
	n.timeout_ms = 300;
	memset(&e, 0, sizeof(e));
	t = time(NULL);
	is_int(notify_send(&n, &m, &e), RC_TIMEOUT, "slow hook: timeout");
	ok(time(NULL) - t < 5, "killed in time");
	notifier_clear(&n);

	{
		const char *argv[] = { "/bin/true", NULL };

		memset(big, 'x', sizeof(big));
		memset(&e, 0, sizeof(e));
		is_int(notify_run(argv, big, sizeof(big), 5000, &e), RC_OK,
		       "a hook that does not read stdin is fine (no "
		       "SIGPIPE)");
	}
	memset(&e, 0, sizeof(e));
	is_int(notifier_init(&n, "hook \x1b[2J", &e), RC_INPUT,
	       "bad hook command refused");
	notifier_clear(&n);
	is_int(notifier_init(&n, "", &e), RC_OK, "empty: no hook");
	ok(!notifier_enabled(&n), "disabled");
	unsetenv("ACMETUI_SECRET_TEST");
}

static void test_expiring(void)
{
	char *p = tpath(dir, "inv.db"), sql[256], *got = NULL, *f = NULL;
	struct cert_expiring *rows = NULL;
	struct batch_result res = { 0 };
	struct notifier n = { 0 };
	struct store *st = NULL;
	struct err e = { 0 };
	int64_t acct, a, b;
	size_t cnt = 0, len = 0;

	is_int(store_open(p, &st, &e), RC_OK, "inventory");
	acct = fx_account(st, "acct");
	a = fx_cert(st, "soon", acct, 2);
	b = fx_cert(st, "later", acct, 1);
	snprintf(sql, sizeof(sql),
		 "UPDATE certificates SET not_after = CASE id WHEN %lld "
		 "THEN %lld ELSE %lld END",
		 (long long)a, T0 + 10 * DAY, T0 + 60 * DAY);
	is_int(raw_exec(p, sql), 0, "not_after set");
	is_int(store_cert_list_expiring(st, T0, T0 + 30 * DAY, &rows, &cnt, &e),
	       RC_OK, "expiring query");
	ok(cnt == 1 && rows[0].id == a && rows[0].warned_days == 0,
	   "only the one within 30 days, not warned");
	cert_expiring_free(rows, cnt);

	hook(&n, "cat >> $D/exp.json");
	is_int(runreport_send(st, &res, &n, T0, NULL, NULL, &e), RC_OK,
	       "report");
	is_int(runreport_send(st, &res, &n, T0 + 3600, NULL, NULL, &e), RC_OK,
	       "report again");
	f = tpath(dir, "exp.json");
	got = slurp(f, &len);
	ok(got != NULL && strstr(got, "\"event\":\"expiring\"") != NULL &&
		   strstr(got, "\"days_left\":10") != NULL &&
		   strstr(got, "0.soon.example") != NULL &&
		   strstr(got, "BEGIN") == NULL,
	   "expiry warning with domains, no key material");
	ok(got != NULL && strchr(got, '\n') == got + len - 1,
	   "sent once per threshold (one line after two runs)");
	free(got);
	is_int(store_cert_list_expiring(st, T0, T0 + 30 * DAY, &rows, &cnt, &e),
	       RC_OK, "expiring query again");
	ok(cnt == 1 && rows[0].warned_days == 14, "threshold remembered");
	cert_expiring_free(rows, cnt);
	snprintf(sql, sizeof(sql),
		 "UPDATE certificates SET not_after = %lld WHERE id = %lld",
		 T0 + 20 * DAY, (long long)a);
	raw_exec(p, sql);
	is_int(store_cert_list_expiring(st, T0, T0 + 30 * DAY, &rows, &cnt, &e),
	       RC_OK, "after a renewal");
	ok(cnt == 1 && rows[0].warned_days == 0, "a new not_after starts over");
	cert_expiring_free(rows, cnt);
	notifier_clear(&n);

	/* The batch's outcomes: failed and renewed are sent, skipped not. */
	{
		struct batch_item items[3] = {
			{ (char *)"soon", BATCH_FAILED, RC_CA, "CA said no" },
			{ (char *)"later", BATCH_RENEWED, RC_OK, "" },
			{ (char *)"later", BATCH_SKIPPED, RC_OK, "" },
		};

		snprintf(sql, sizeof(sql),
			 "UPDATE certificates SET not_after = %lld",
			 T0 + 60 * DAY);
		raw_exec(p, sql); /* no expiry warning in the way */
		res.items = items;
		res.n = 3;
		hook(&n, "cat >> $D/items.json");
		is_int(runreport_send(st, &res, &n, T0 + 7200, NULL, NULL, &e),
		       RC_OK, "report of a run");
		free(f);
		f = tpath(dir, "items.json");
		got = slurp(f, &len);
		ok(got != NULL &&
			   strstr(got, "{\"event\":\"failed\","
				       "\"certificate\":\"soon\"") != NULL &&
			   strstr(got, "\"message\":\"CA said no\"") != NULL,
		   "failed event with the error");
		ok(got != NULL &&
			   strstr(got, "{\"event\":\"renewed\","
				       "\"certificate\":\"later\"") != NULL,
		   "renewed event");
		ok(got != NULL && strchr(got, '\n') != NULL &&
			   strchr(strchr(got, '\n') + 1, '\n') == got + len - 1,
		   "two events, the skipped one not sent");
		free(got);
		notifier_clear(&n);
		memset(&res, 0, sizeof(res));
	}
	(void)b;
	store_close(st);
	free(f);
	free(p);
}

static void test_runs(void)
{
	struct run_row r = { 0 };
	char buf[512];

	is_int(run_health_describe(NULL, 0, T0, buf, sizeof(buf)),
	       RUN_HEALTH_QUIET, "no certs, no run: quiet");
	is_int(run_health_describe(NULL, 3, T0, buf, sizeof(buf)),
	       RUN_HEALTH_NEVER, "certs, no run: never");
	ok(strstr(buf, "schedule install") != NULL, "points at the fix");
	r.id = 1;
	r.started_at = T0 - 3 * 3600;
	r.finished = 1;
	r.result.renewed = 12;
	r.result.failed = 1;
	is_int(run_health_describe(&r, 3, T0, buf, sizeof(buf)),
	       RUN_HEALTH_FAILED, "recent run with a failure");
	is_str(buf, "last renewal run 3h ago: 12 renewed, 1 failed",
	       "the sentence");
	r.started_at = T0 - 2 * DAY;
	is_int(run_health_describe(&r, 3, T0, buf, sizeof(buf)),
	       RUN_HEALTH_STALE, "two days old: stale");
	ok(strncmp(buf, "no renewal run for 2d: ", 23) == 0, "%s", buf);
	r.result.failed = 0;
	is_int(run_health_describe(&r, 0, T0, buf, sizeof(buf)), RUN_HEALTH_OK,
	       "old run, nothing to renew: no warning");
}

/* A user's crontab: our marked line replaced or removed, the rest kept
 * byte for byte (tabs, comments, a last line without newline). */
static void test_crontab_merge(void)
{
	const char *mine = "MAILTO=me\n# nightly\n0\t3 * * * /bin/backup\n";
	char *t, *u;

	t = sched_crontab_merge(NULL, "1 2,14 * * * /x --renew-due");
	ok(t != NULL &&
		   strcmp(t, "1 2,14 * * * /x --renew-due" SCHED_CRONTAB_MARK
			     "\n") == 0,
	   "no crontab: our line alone");
	ok(sched_crontab_has(t), "and it is found again");
	free(t);
	t = sched_crontab_merge(mine, "1 2,14 * * * /x --renew-due");
	u = t ? sched_crontab_merge(t, "5 6,18 * * * /x --renew-due") : NULL;
	ok(u != NULL && strncmp(u, mine, strlen(mine)) == 0 &&
		   strstr(u, "1 2,14") == NULL &&
		   strstr(u, "5 6,18 * * * /x --renew-due" SCHED_CRONTAB_MARK
			     "\n") != NULL,
	   "installed twice: one line, the operator's lines kept");
	free(t);
	t = u ? sched_crontab_merge(u, NULL) : NULL;
	ok(t != NULL && strcmp(t, mine) == 0 && !sched_crontab_has(t),
	   "removed: exactly the operator's crontab again");
	free(t);
	free(u);
	t = sched_crontab_merge("0 1 * * * /a", NULL);
	ok(t != NULL && strcmp(t, "0 1 * * * /a\n") == 0,
	   "a last line without newline is kept (and ended)");
	free(t);
}

static void test_schedtext(void)
{
	const char *rw[] = { "/etc/nginx/tls", "/srv/my certs" };
	struct sched_params p = { "/usr/local/bin/acmetui",
				  "/var/lib/acmetui/acmetui.db",
				  NULL,
				  rw,
				  2,
				  7,
				  3 };
	char *t;

	ok(sched_path_ok("/usr/bin/acmetui"), "plain path ok");
	ok(!sched_path_ok("relative"), "relative refused");
	ok(!sched_path_ok("/a b"), "space refused");
	ok(!sched_path_ok("/a;b"), "shell character refused");
	t = sched_service_text(&p);
	ok(t != NULL && sched_is_ours(t), "service is ours");
	ok(t != NULL && strstr(t, "ExecStart=/usr/local/bin/acmetui --db "
				  "/var/lib/acmetui/acmetui.db --renew-due "
				  "--quiet\n") != NULL,
	   "service runs this binary on this inventory");
	ok(t != NULL && strstr(t, "ReadWritePaths=-/var/lib/acmetui\n") &&
		   strstr(t, "ReadWritePaths=-/etc/nginx/tls\n") &&
		   strstr(t, "my certs") == NULL,
	   "inventory and deploy dirs writable; odd names left out");
	free(t);
	t = sched_timer_text();
	ok(t != NULL && strstr(t, "RandomizedDelaySec=1h") &&
		   strstr(t, "Persistent=true"),
	   "timer");
	free(t);
	t = sched_cron_text(&p);
	ok(t != NULL && strstr(t, "\n7 3,15 * * * root /usr/local/bin/"
				  "acmetui --db ") != NULL,
	   "cron line");
	free(t);
	p.db_path = "/tmp/x y.db";
	ok(sched_cron_text(&p) == NULL, "unquotable path refused");
	test_crontab_merge();
	ok(!sched_is_ours("[Unit]\n"), "foreign file");
}

int main(void)
{
	dir = tdir_make();
	test_thresholds();
	test_json();
	test_hook();
	test_expiring();
	test_runs();
	test_schedtext();
	tdir_remove(dir);
	free(dir);
	return tap_done();
}
