/* test_deploy.c - deploy_cert(): files, modes, owners, the reload command
 * (no shell, bounded), rollback; probe_parse_endpoint(). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "deploy/deploy.h"
#include "monitor/probe.h"
#include "tap.h"

static char base[64];

/* The contents of dir/name (static buffer), or NULL when absent. */
static const char *slurp(const char *dir, const char *name)
{
	static char buf[4096];
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

/* Mode bits of dir/name, -1 when absent. */
static int mode_of(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(path, &st) != 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

static int exists(const char *dir, const char *name)
{
	return mode_of(dir, name) >= 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Collects the reload command's output lines. */
static char logged[4096];
static void log_line(void *arg, const char *line)
{
	(void)arg;
	strncat(logged, line, sizeof(logged) - strlen(logged) - 2);
	strcat(logged, "\n");
}

static const struct deploy_files set_a = {
	"KEY-A\n", "CERT-A\n", "CHAIN-A\n"
};
static const struct deploy_files set_b = {
	"KEY-B\n", "CERT-B\n", "CHAIN-B\n"
};

/* Checks that dir holds set f (full comparison, byte for byte). */
static void is_set(const char *dir, const struct deploy_files *f,
		   const char *what)
{
	char full[64];

	snprintf(full, sizeof(full), "%s%s", f->cert_pem, f->chain_pem);
	is_str(slurp(dir, "cert.pem"), f->cert_pem, "%s: cert.pem", what);
	is_str(slurp(dir, "chain.pem"), f->chain_pem, "%s: chain.pem", what);
	is_str(slurp(dir, "fullchain.pem"), full, "%s: fullchain.pem", what);
	is_str(slurp(dir, "privkey.pem"), f->key_pem, "%s: privkey.pem",
	       what);
}

static void test_fresh_and_modes(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128];
	mode_t old;
	int u;
	static const mode_t masks[] = { 022, 000, 077 };

	for (u = 0; u < 3; u++) {
		snprintf(dir, sizeof(dir), "%s/fresh%d/sub", base, u);
		t.dir = dir;
		old = umask(masks[u]);
		err_clear(&e);
		is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK,
		       "umask %03o: deploy into a new directory (%s)",
		       (unsigned)masks[u], err_text(&e));
		umask(old);
		is_set(dir, &set_a, "fresh");
		is_int(mode_of(dir, "cert.pem"), 0644, "cert.pem 0644");
		is_int(mode_of(dir, "chain.pem"), 0644, "chain.pem 0644");
		is_int(mode_of(dir, "fullchain.pem"), 0644,
		       "fullchain.pem 0644");
		is_int(mode_of(dir, "privkey.pem"), 0600, "privkey.pem 0600");
		ok(!exists(dir, "combined.pem"), "no combined.pem unless "
						 "asked");
		ok(!exists(dir, ".previous"), "no .previous/ after success");
		is_int(r.n_files, 4, "4 files reported");
		is_int(r.reload_ran, 0, "no reload command, none ran");
	}
	/* Second deploy over the first, with combined.pem. */
	t.combined = 1;
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_OK,
	       "redeploy with combined.pem (%s)", err_text(&e));
	is_set(dir, &set_b, "redeploy");
	is_str(slurp(dir, "combined.pem"), "KEY-B\nCERT-B\nCHAIN-B\n",
	       "combined.pem = key + leaf + chain");
	is_int(mode_of(dir, "combined.pem"), 0600, "combined.pem 0600");
	is_int(r.n_files, 5, "5 files reported");
}

static void test_reload_ok_sees_new_files(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], cmd[512];

	snprintf(dir, sizeof(dir), "%s/seen", base);
	/* The reload reads the files: it must see the complete new set. */
	snprintf(cmd, sizeof(cmd), "cat '%s/cert.pem' '%s/privkey.pem'", dir,
		 dir);
	t.dir = dir;
	t.reload_cmd = cmd;
	t.log = log_line;
	logged[0] = '\0';
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK, "reload ok (%s)",
	       err_text(&e));
	is_int(r.reload_ran, 1, "the reload ran");
	is_str(logged, "CERT-A\nKEY-A\n",
	       "the reload saw the new files (its output passed on plainly)");
	ok(r.reload_ms >= 0 && r.reload_ms < 5000, "reload time measured "
						  "(%ld ms)", r.reload_ms);
}

static void test_rollback(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], cmd[600], flag[160];
	struct stat st_before, st_after;
	char path[200];

	snprintf(dir, sizeof(dir), "%s/rb", base);
	t.dir = dir;
	ok(deploy_cert(&t, &set_a, &r, &e) == RC_OK, "set A in place");
	snprintf(path, sizeof(path), "%s/privkey.pem", dir);
	stat(path, &st_before);

	/* A reload that always fails: files back, second reload fails. */
	t.reload_cmd = "/bin/false";
	t.combined = 1; /* combined.pem did not exist before */
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_HOOK,
	       "a failing reload fails the deploy");
	ok(strstr(err_text(&e), "reload '/bin/false' failed (exit 1)") !=
		   NULL &&
		   strstr(err_text(&e), "the previous certificate files "
					"were restored") != NULL &&
		   strstr(err_text(&e), "dns hook") == NULL,
	   "error says which reload failed, how, and that the files are "
	   "back: %s", err_text(&e));
	ok(strstr(err_text(&e), "restored, but the reload with them failed "
				"(exit 1) too") != NULL,
	   "and that the second reload failed too");
	is_int(r.rolled_back, 1, "rolled back");
	is_int(r.restore_reload_ok, 0, "second reload failed");
	is_set(dir, &set_a, "after rollback");
	ok(!exists(dir, "combined.pem"), "a file new in this deploy is "
					 "removed again");
	ok(!exists(dir, ".previous"), "no .previous/ left");
	stat(path, &st_after);
	ok(st_before.st_ino == st_after.st_ino &&
		   (st_after.st_mode & 0777) == 0600,
	   "privkey.pem is the very file that was live (inode, mode 0600)");

	/* A reload that fails once (a bad new config) then works. */
	snprintf(flag, sizeof(flag), "%s/once", base);
	snprintf(cmd, sizeof(cmd),
		 "/bin/sh -c 'if [ -e \"$1\" ]; then exit 0; fi; : > \"$1\"; "
		 "echo \"  \"; echo \"nginx: [emerg] bad key\" >&2; exit 3' "
		 "sh '%s'",
		 flag);
	t.reload_cmd = cmd;
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_HOOK,
	       "reload failing once fails the deploy");
	ok(strstr(err_text(&e), "failed (exit 3): nginx: [emerg] bad key; "
				"the previous certificate files were "
				"restored") != NULL,
	   "exit status and first stderr line reported: %s", err_text(&e));
	ok(strstr(err_text(&e), " too") == NULL,
	   "the server was reloaded with the old set");
	is_int(r.restore_reload_ok, 1, "second reload ok");
	is_set(dir, &set_a, "after rollback and reload");
}

static void test_no_shell(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], cmd[512];

	snprintf(dir, sizeof(dir), "%s/noshell", base);
	snprintf(cmd, sizeof(cmd),
		 "echo hi; touch %s/pwned1 $(touch %s/pwned2) `touch "
		 "%s/pwned3` > %s/pwned4",
		 base, base, base, base);
	t.dir = dir;
	t.reload_cmd = cmd;
	t.log = log_line;
	logged[0] = '\0';
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK, "echo ran (%s)",
	       err_text(&e));
	ok(!exists(base, "pwned1") && !exists(base, "pwned2") &&
		   !exists(base, "pwned3") && !exists(base, "pwned4"),
	   "; $( ) ` ` and > are not interpreted");
	ok(strncmp(logged, "hi; touch ", 10) == 0 && strstr(logged, "$(touch"),
	   "they reached echo as words: %s", logged);

	t.reload_cmd = "echo 'unterminated";
	err_clear(&e);
	snprintf(dir, sizeof(dir), "%s/badcmd", base);
	t.dir = dir;
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_INPUT,
	       "unterminated quote refused");
	ok(strstr(err_text(&e), "reload command") != NULL, "error names the "
							    "reload command: "
							    "%s",
	   err_text(&e));
	ok(!exists(dir, ""), "nothing created before the command is valid");

	t.reload_cmd = "/nonexistent/reload";
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_HOOK,
	       "a reload command that cannot run fails");
	ok(strstr(err_text(&e), "reload '/nonexistent/reload' cannot be run")
		   != NULL,
	   "and says so: %s", err_text(&e));
	ok(!exists(dir, "privkey.pem"), "and its files are removed again "
					"(there was no previous set)");
	ok(strstr(err_text(&e), "the new files were removed") != NULL,
	   "which the error says");
}

static void test_timeout(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128];
	long long t0;

	snprintf(dir, sizeof(dir), "%s/slow", base);
	t.dir = dir;
	ok(deploy_cert(&t, &set_a, &r, &e) == RC_OK, "set A in place");
	t.reload_cmd = "sleep 30";
	t.reload_timeout_ms = 300;
	t0 = now_ms();
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_TIMEOUT,
	       "a reload that hangs times out");
	ok(now_ms() - t0 < 3000, "within its bound (%lld ms, the second "
				 "reload times out too)",
	   now_ms() - t0);
	ok(strstr(err_text(&e), "reload 'sleep 30' did not finish") != NULL,
	   "error says so: %s", err_text(&e));
	is_set(dir, &set_a, "after a timeout");
}

static void test_owner_and_checks(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	struct passwd *pw = getpwuid(geteuid());
	struct group *gr = getgrgid(getegid());
	char dir[128], path[200], pwname[64], grname[64];
	struct stat st;
	int fd;

	snprintf(pwname, sizeof(pwname), "%s", pw ? pw->pw_name : "root");
	snprintf(grname, sizeof(grname), "%s", gr ? gr->gr_name : "root");
	snprintf(dir, sizeof(dir), "%s/owned", base);
	t.dir = dir;
	t.owner = "no-such-user-acmetui";
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_INPUT,
	       "unknown owner refused");
	ok(strstr(err_text(&e), "no-such-user-acmetui") != NULL &&
		   !exists(dir, ""),
	   "naming it, before anything is written: %s", err_text(&e));
	t.owner = NULL;
	t.group = "no-such-group-acmetui";
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_INPUT,
	       "unknown group refused");
	t.owner = pwname;
	t.group = grname;
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK, "owner %s:%s (%s)",
	       pwname, grname, err_text(&e));
	snprintf(path, sizeof(path), "%s/privkey.pem", dir);
	ok(stat(path, &st) == 0 && st.st_uid == geteuid() &&
		   st.st_gid == getegid(),
	   "owner and group set");

	t.owner = t.group = NULL;
	t.dir = "relative/dir";
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_INPUT,
	       "relative deploy directory refused");

	/* Someone else holds the directory's lock. */
	t.dir = dir;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	ok(fd >= 0 && flock(fd, LOCK_EX) == 0, "lock taken");
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_EXISTS,
	       "a concurrent deploy to the same directory is refused");
	ok(strstr(err_text(&e), "another deploy") != NULL, "%s",
	   err_text(&e));
	close(fd);
	is_set(dir, &set_a, "untouched by the refused deploy");
}

static void test_endpoints(void)
{
	char host[PROBE_HOST_MAX + 1];
	struct err e = { 0 };
	int port = 0;

	ok(probe_parse_endpoint("example.com", host, sizeof(host), &port,
				&e) == RC_OK &&
		   strcmp(host, "example.com") == 0 && port == 443,
	   "host alone: port 443");
	ok(probe_parse_endpoint("127.0.0.1:8443", host, sizeof(host), &port,
				&e) == RC_OK &&
		   strcmp(host, "127.0.0.1") == 0 && port == 8443,
	   "host:port");
	ok(probe_parse_endpoint("[::1]:8443", host, sizeof(host), &port,
				&e) == RC_OK &&
		   strcmp(host, "::1") == 0 && port == 8443,
	   "[v6]:port");
	ok(probe_parse_endpoint("::1", host, sizeof(host), &port, &e) ==
			   RC_OK &&
		   strcmp(host, "::1") == 0 && port == 443,
	   "bare v6");
	ok(probe_parse_endpoint("h:0", host, sizeof(host), &port, &e) ==
		   RC_INPUT,
	   "port 0 refused");
	ok(probe_parse_endpoint("h:65536", host, sizeof(host), &port, &e) ==
		   RC_INPUT,
	   "port 65536 refused");
	ok(probe_parse_endpoint("a b:1", host, sizeof(host), &port, &e) ==
		   RC_INPUT,
	   "blank refused");
	ok(probe_parse_endpoint("x/../y", host, sizeof(host), &port, &e) ==
		   RC_INPUT,
	   "slash refused");
	ok(probe_parse_endpoint(":443", host, sizeof(host), &port, &e) ==
		   RC_INPUT,
	   "empty host refused");
	is_str(probe_verdict_name(PROBE_OLDER), "older", "verdict names");
}

/* file_done callback: kills the process after *arg files (a deploy
 * interrupted by a power cut). */
static void die_after(void *arg, const char *name)
{
	unsigned *left = arg;

	(void)name;
	if (--*left == 0)
		raise(SIGKILL);
}

/* Deploys f into t in a child that is killed after n files; 1 when it
 * died that way. */
static int deploy_killed_after(const struct deploy_target *t0,
			       const struct deploy_files *f, unsigned n)
{
	struct deploy_target t = *t0;
	struct deploy_report r;
	struct err e = { 0 };
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		t.file_done = die_after;
		t.file_done_arg = &n;
		deploy_cert(&t, f, &r, &e);
		_exit(0);	/* not reached when killed */
	}
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* Writes text into dir/name with mode. */
static void put(const char *dir, const char *name, const char *text,
		int mode)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			perror(path);
		close(fd);
	}
}

static void test_interrupted(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], prev[160], path[400];
	const char *m;

	snprintf(dir, sizeof(dir), "%s/cut", base);
	snprintf(prev, sizeof(prev), "%s/.previous", dir);
	t.dir = dir;
	ok(deploy_cert(&t, &set_a, &r, &e) == RC_OK, "cut: set A in place");

	/* Killed after 4 of 5 files: cert, chain, fullchain and the new
	 * combined.pem are B, privkey.pem is still A. */
	t.combined = 1;
	ok(deploy_killed_after(&t, &set_b, 4), "deploy of B killed midway");
	is_str(slurp(dir, "cert.pem"), set_b.cert_pem, "cert.pem is B");
	is_str(slurp(dir, "privkey.pem"), set_a.key_pem,
	       "privkey.pem is still A: the directory is a mix");
	ok(exists(dir, "combined.pem"), "combined.pem (new) written");
	is_set(prev, &set_a, ".previous holds the complete old set");
	m = slurp(prev, DEPLOY_MANIFEST);
	ok(m != NULL && strstr(m, "kept privkey.pem\n") != NULL &&
		   strstr(m, "new combined.pem\n") != NULL,
	   "the manifest says what was kept and what is new");
	is_int(mode_of(prev, DEPLOY_MANIFEST), 0600, "manifest 0600");

	/* A recovery that was itself interrupted moved cert.pem back. */
	snprintf(path, sizeof(path), "mv '%s/cert.pem' '%s/cert.pem'", prev,
		 dir);
	ok(system(path) == 0, "(cert.pem already restored)");
	/* A temporary file of the interrupted write (the new key). */
	put(dir, ".privkey.pem.0123456789ab.tmp", "KEY-B\n", 0600);
	put(dir, ".other.0123456789ab.tmp", "not ours\n", 0644);

	/* The next deploy, whose reload fails, ends on the old set. */
	t.combined = 0;
	t.reload_cmd = "/bin/false";
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_HOOK,
	       "next deploy with a failing reload fails");
	is_int(r.recovered, 1, "it undid the interrupted deploy first");
	is_set(dir, &set_a, "after recovery and rollback: complete old set");
	ok(!exists(dir, "combined.pem"),
	   "combined.pem of the interrupted deploy removed");
	ok(!exists(dir, ".privkey.pem.0123456789ab.tmp"),
	   "stale temporary key file removed");
	ok(exists(dir, ".other.0123456789ab.tmp"), "other files untouched");
	ok(!exists(dir, ".previous"), "no .previous/ left");

	/* Killed again, then a deploy that succeeds: the new set. */
	t.reload_cmd = NULL;
	ok(deploy_killed_after(&t, &set_b, 1), "deploy of B killed again");
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_OK,
	       "next deploy succeeds (%s)", err_text(&e));
	is_int(r.recovered, 1, "after undoing the interrupted one");
	is_set(dir, &set_b, "complete new set");
	ok(!exists(dir, ".previous"), "no .previous/ left");

	/* No manifest: killed while keeping the old set (or while dropping
	 * it after success): the live set is whole; .previous/ is junk. */
	mkdir(prev, 0700);
	put(prev, "cert.pem", "JUNK\n", 0644);
	t.reload_cmd = "/bin/false";
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_HOOK,
	       "deploy over a manifest-less .previous/ (reload fails)");
	is_int(r.recovered, 0, "nothing to undo");
	is_set(dir, &set_b, "rolled back to the live set, not the junk");

	/* A damaged manifest stops the deploy before anything changes. */
	mkdir(prev, 0700);
	put(prev, DEPLOY_MANIFEST, "kept ../../etc/passwd\n", 0600);
	t.reload_cmd = NULL;
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_SYS,
	       "damaged manifest refused");
	ok(strstr(err_text(&e), "is damaged") != NULL, "says so: %s",
	   err_text(&e));
	is_set(dir, &set_b, "nothing touched");
}

int main(void)
{
	char cmd[128];

	snprintf(base, sizeof(base), "%s/acmetui-deploy.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(base) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	unsetenv("LANGUAGE");
	test_fresh_and_modes();
	test_reload_ok_sees_new_files();
	test_rollback();
	test_interrupted();
	test_no_shell();
	test_timeout();
	test_owner_and_checks();
	test_endpoints();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", base);
	return tap_done();
}
