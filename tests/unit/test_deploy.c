/* SPDX-License-Identifier: ISC */
/* test_deploy.c - deploy_cert(): files, modes, owners, the reload command
 * (/bin/sh -c, bounded), rollback; probe_parse_endpoint(). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/file.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

/* Every flock() of this program, the deploy's included, comes here (a
 * definition in the program takes precedence over the C library's), so
 * the lock test acts on the event "a try found the directory locked"
 * instead of on time.  busy_tries counts those tries; the first one
 * after release_fd is set writes a byte to it (once), telling the holder
 * to let go while the deploy is waiting. */
static int busy_tries;
static int release_fd = -1;

int flock(int fd, int operation)
{
	int r = (int)syscall(SYS_flock, fd, operation), saved = errno;

	if (r != 0 && saved == EWOULDBLOCK) {
		busy_tries++;
		if (release_fd >= 0 && write(release_fd, "r", 1) == 1)
			release_fd = -1;
	}
	errno = saved;
	return r;
}

/* Collects the reload command's output lines. */
static char logged[4096];
static void log_line(void *arg, const char *line)
{
	(void)arg;
	strncat(logged, line, sizeof(logged) - strlen(logged) - 2);
	strcat(logged, "\n");
}

static const struct deploy_files set_a = { "KEY-A\n", "CERT-A\n", "CHAIN-A\n" };
static const struct deploy_files set_b = { "KEY-B\n", "CERT-B\n", "CHAIN-B\n" };

/* Checks that dir holds set f (full comparison, byte for byte). */
static void is_set(const char *dir, const struct deploy_files *f,
		   const char *what)
{
	char full[64];

	snprintf(full, sizeof(full), "%s%s", f->cert_pem, f->chain_pem);
	is_str(slurp(dir, "cert.pem"), f->cert_pem, "%s: cert.pem", what);
	is_str(slurp(dir, "chain.pem"), f->chain_pem, "%s: chain.pem", what);
	is_str(slurp(dir, "fullchain.pem"), full, "%s: fullchain.pem", what);
	is_str(slurp(dir, "privkey.pem"), f->key_pem, "%s: privkey.pem", what);
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
	ok(r.reload_ms >= 0 && r.reload_ms < 5000,
	   "reload time measured "
	   "(%ld ms)",
	   r.reload_ms);
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
	   "back: %s",
	   err_text(&e));
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

/* The reload command is the shell's (certbot's, lego's and acme.sh's
 * contract): "nginx -t && reload" works, and acmetui puts nothing into
 * the command's text. */
static void test_shell(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], cmd[512];

	snprintf(dir, sizeof(dir), "%s/shell", base);
	snprintf(cmd, sizeof(cmd),
		 "true && echo checked >%s/checked && echo \"reloaded $0\"",
		 base);
	t.dir = dir;
	t.reload_cmd = cmd;
	t.log = log_line;
	logged[0] = '\0';
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK, "'&&' ran (%s)",
	       err_text(&e));
	ok(exists(base, "checked"), "the first command of the list ran");
	is_str(logged, "reloaded /bin/sh\n",
	       "and the last one, by /bin/sh, with no data of ours");

	snprintf(cmd, sizeof(cmd), "false && touch %s/not-reached", base);
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_HOOK,
	       "a failing check fails the reload");
	ok(!exists(base, "not-reached"), "what follows '&&' did not run");

	t.reload_cmd = "echo \x1b[2J";
	err_clear(&e);
	snprintf(dir, sizeof(dir), "%s/badcmd", base);
	t.dir = dir;
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_INPUT,
	       "control characters refused");
	ok(strstr(err_text(&e), "reload command") != NULL,
	   "error names the "
	   "reload command: "
	   "%s",
	   err_text(&e));
	ok(!exists(dir, ""), "nothing created before the command is valid");

	t.reload_cmd = "/nonexistent/reload";
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_HOOK,
	       "a reload command that cannot run fails");
	ok(strstr(err_text(&e), "reload '/nonexistent/reload' failed "
				"(exit 127)") != NULL &&
		   strstr(err_text(&e), "not found") != NULL,
	   "and says so: %s", err_text(&e));
	ok(exists(dir, "privkey.pem") && exists(dir, "fullchain.pem"),
	   "a first deploy keeps its files (there is no previous set)");
	ok(r.kept_first && !r.rolled_back, "report: kept, not rolled back");
	ok(!exists(dir, ".previous"), "committed: no .previous/ left");
	ok(strstr(err_text(&e), "the new files stay in place") != NULL,
	   "which the error says: %s", err_text(&e));
}

static void test_timeout(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], cmd[256], finished[160];
	long long t0;

	snprintf(dir, sizeof(dir), "%s/slow", base);
	snprintf(finished, sizeof(finished), "%s/slow-reload-finished", base);
	snprintf(cmd, sizeof(cmd), "sleep 30; touch '%s'", finished);
	t.dir = dir;
	ok(deploy_cert(&t, &set_a, &r, &e) == RC_OK, "set A in place");
	t.reload_cmd = cmd;
	t.reload_timeout_ms = 300;
	t0 = now_ms();
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_TIMEOUT,
	       "a reload that hangs times out");
	printf("# the two timed-out reloads took %lld ms\n", now_ms() - t0);
	/* Ended by their bound, not by `sleep 30` finishing: neither wrote
	 * its mark, and no child of ours is left (running or unreaped), so
	 * both reloads, the restoring one too, were killed and reaped. */
	errno = 0;
	ok(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD &&
		   access(finished, F_OK) != 0,
	   "both reloads were killed at their bound, none left running");
	ok(strstr(err_text(&e), "reload 'sleep 30; touch") != NULL &&
		   strstr(err_text(&e), "did not finish") != NULL,
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
	ok(strstr(err_text(&e), "another deploy") != NULL, "%s", err_text(&e));
	close(fd);
	is_set(dir, &set_a, "untouched by the refused deploy");
}

/* Owner and group of path: "uid:gid", or "-" when absent. */
static const char *ids_of(const char *path)
{
	static char buf[64];
	struct stat st;

	if (lstat(path, &st) != 0)
		return "-";
	snprintf(buf, sizeof(buf), "%u:%u", (unsigned)st.st_uid,
		 (unsigned)st.st_gid);
	return buf;
}

static void test_parse_mode(void)
{
	static const char *const bad[] = { "",	   "64",    "8644", "0o644",
					   "644x", "01777", "4755", "07777",
					   "-644", "00644" };
	struct err e = { 0 };
	unsigned m = 0;
	size_t i;

	ok(deploy_parse_mode("640", &m, &e) == RC_OK && m == 0640,
	   "mode 640 parsed as 0640");
	ok(deploy_parse_mode("0600", &m, &e) == RC_OK && m == 0600,
	   "mode 0600 parsed");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		is_int(deploy_parse_mode(bad[i], &m, &e), RC_INPUT,
		       "mode '%s' refused", bad[i]);
	}
	ok(strstr(err_text(&e), "invalid file mode '00644'") != NULL,
	   "naming the value: %s", err_text(&e));
}

static void test_target_checks(void)
{
	struct deploy_file files[DEPLOY_MAX_FILES];
	struct deploy_target t = { 0 };
	struct err e = { 0 };
	size_t n = 0;

	is_int(deploy_target_files(&t, files, &n, &e), RC_USAGE,
	       "no directory and no path: no target");
	ok(strstr(err_text(&e), "no deploy target") != NULL, "%s",
	   err_text(&e));
	t.key_path = "relative/key.pem";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "relative path "
	       "refused");
	ok(strstr(err_text(&e), "key path 'relative/key.pem' is not an "
				"absolute path") != NULL,
	   "%s", err_text(&e));
	t.key_path = "/etc/ssl/private/";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT, "directory refused");
	t.key_path = "/etc/ssl/private/.hidden.pem";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT, "hidden name refused");
	ok(strstr(err_text(&e), "reserved") != NULL, "%s", err_text(&e));
	t.key_path = "/etc/ssl/private/a\nb.pem";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "control character refused");
	t.key_path = "/srv/tls/privkey.pem";
	t.dir = "/srv/tls/";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_OK,
	       "an explicit key path may be the default one (%s)",
	       err_text(&e));
	t.cert_path = "/srv/tls/privkey.pem";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "certificate and key on one path refused");
	ok(strstr(err_text(&e), "the certificate and the key would both be "
				"written to /srv/tls/privkey.pem") != NULL,
	   "%s", err_text(&e));
	t.cert_path = "/srv/tls/fullchain.pem";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "an explicit path on another file's default name refused");

	memset(&t, 0, sizeof(t));
	t.cert_path = "/a/c.pem";
	t.combined = 1;
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "combined without a directory or a path refused");
	ok(strstr(err_text(&e), "combined.pem needs") != NULL, "%s",
	   err_text(&e));
	t.combined_path = "/b/all.pem";
	t.dir = "/srv/x";
	t.key_path = "/c/k.pem";
	err_clear(&e);
	ok(deploy_target_files(&t, files, &n, &e) == RC_OK && n == 5 &&
		   strcmp(files[0].path, "/a/c.pem") == 0 &&
		   files[0].kind == DEPLOY_CERT && files[0].mode == 0644 &&
		   strcmp(files[1].path, "/srv/x/chain.pem") == 0 &&
		   strcmp(files[2].path, "/srv/x/fullchain.pem") == 0 &&
		   strcmp(files[3].path, "/b/all.pem") == 0 &&
		   files[3].mode == 0600 &&
		   strcmp(files[4].path, "/c/k.pem") == 0 &&
		   files[4].kind == DEPLOY_KEY && files[4].mode == 0600,
	   "explicit paths replace their default places, key last (%s)",
	   err_text(&e));
	is_str(deploy_kind_name(files[2].kind), "fullchain", "kind names");

	/* Modes. */
	t.key_mode = 0644;
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT, "key mode 0644 refused");
	ok(strstr(err_text(&e), "key file mode 0644 would let every user") !=
		   NULL,
	   "%s", err_text(&e));
	t.key_mode = 0640;
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "key mode 0640 without a group refused");
	ok(strstr(err_text(&e), "no deploy group") != NULL, "%s", err_text(&e));
	t.group = "nogroup";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_OK,
	       "key mode 0640 with a group (%s)", err_text(&e));
	t.key_mode = 0200;
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "key mode the owner cannot read refused");
	t.key_mode = 0;
	t.cert_mode = 0044;
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "certificate mode the owner cannot read refused");
	t.cert_mode = 0444;
	t.owner = "no-such-user-acmetui";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "unknown owner refused by the check");
	t.owner = NULL;
	t.reload_cmd = "x \x1b[2J";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_INPUT,
	       "a reload command with control characters refused by the "
	       "check");
	t.reload_cmd = "nginx-not-installed-xyz -s reload";
	err_clear(&e);
	is_int(deploy_check_target(&t, &e), RC_USAGE,
	       "a reload program not in PATH refused by the check");
	ok(strstr(err_text(&e), "reload command: 'nginx-not-installed-xyz' "
				"not found in PATH") != NULL,
	   "naming it: %s", err_text(&e));
}

static void test_explicit_paths(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	struct passwd *nobody = getpwnam("nobody");
	struct group *nogroup = getgrnam("nogroup");
	char certp[160], keyp[160], fullp[160], combp[160], ids[64];
	char d1[128], d2[128], d3[128], cmd[600], flag[160];
	struct stat before, after;
	mode_t old;

	snprintf(d1, sizeof(d1), "%s/ex/certs", base);
	snprintf(d2, sizeof(d2), "%s/ex/private", base);
	snprintf(d3, sizeof(d3), "%s/ex/haproxy", base);
	snprintf(certp, sizeof(certp), "%s/www.crt", d1);
	snprintf(fullp, sizeof(fullp), "%s/www-full.crt", d1);
	snprintf(keyp, sizeof(keyp), "%s/www.key", d2);
	snprintf(combp, sizeof(combp), "%s/www.pem", d3);
	t.cert_path = certp;
	t.fullchain_path = fullp;
	t.key_path = keyp;
	t.owner = "nobody";
	t.group = "nogroup";
	t.cert_mode = 0640;
	t.key_mode = 0640;
	old = umask(077);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK,
	       "explicit paths in two directories, no deploy directory "
	       "(%s)",
	       err_text(&e));
	umask(old);
	is_int(r.n_files, 3, "3 files written");
	is_str(slurp(d1, "www.crt"), "CERT-A\n", "certificate at its path");
	is_str(slurp(d1, "www-full.crt"), "CERT-A\nCHAIN-A\n",
	       "full chain at its path");
	is_str(slurp(d2, "www.key"), "KEY-A\n", "key at its path");
	ok(!exists(d1, "chain.pem") && !exists(d1, "cert.pem") &&
		   !exists(d2, "privkey.pem"),
	   "nothing written but the files named");
	is_int(mode_of(d1, "www.crt"), 0640,
	       "certificate mode 0640 "
	       "(umask 077 ignored)");
	is_int(mode_of(d2, "www.key"), 0640, "key mode 0640");
	snprintf(ids, sizeof(ids), "%u:%u",
		 nobody ? (unsigned)nobody->pw_uid : 0,
		 nogroup ? (unsigned)nogroup->gr_gid : 0);
	ok(nobody != NULL && nogroup != NULL, "nobody and nogroup exist");
	is_str(ids_of(keyp), ids, "key owned by nobody:nogroup");
	is_str(ids_of(certp), ids, "certificate owned by nobody:nogroup");
	ok(!exists(d1, ".previous") && !exists(d2, ".previous"),
	   "no .previous/ after success");

	/* Redeploy with a failing reload and a new combined file. */
	stat(keyp, &before);
	t.combined_path = combp;
	t.reload_cmd = "/bin/false";
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_HOOK,
	       "failing reload with explicit paths");
	is_int(r.rolled_back, 1, "rolled back");
	ok(strstr(err_text(&e), "the previous certificate files were "
				"restored") != NULL,
	   "%s", err_text(&e));
	is_str(slurp(d1, "www.crt"), "CERT-A\n", "certificate restored");
	is_str(slurp(d1, "www-full.crt"), "CERT-A\nCHAIN-A\n",
	       "full chain restored");
	is_str(slurp(d2, "www.key"), "KEY-A\n", "key restored");
	stat(keyp, &after);
	ok(before.st_ino == after.st_ino && (after.st_mode & 0777) == 0640,
	   "the key is the very file that was live (inode, mode)");
	is_str(ids_of(keyp), ids, "and keeps its owner");
	ok(!exists(d3, "www.pem"), "the new combined file is removed again");
	ok(!exists(d1, ".previous") && !exists(d2, ".previous") &&
		   !exists(d3, ".previous"),
	   "no .previous/ left anywhere");

	/* A reload that fails once, then works: rolled back and reloaded;
	 * then one that works: set B everywhere. */
	snprintf(flag, sizeof(flag), "%s/ex-once", base);
	snprintf(cmd, sizeof(cmd),
		 "/bin/sh -c 'if [ -e \"$1\" ]; then exit 0; fi; : > \"$1\"; "
		 "exit 2' sh '%s'",
		 flag);
	t.reload_cmd = cmd;
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_HOOK, "fails once");
	is_int(r.restore_reload_ok, 1, "second reload with the old set ok");
	is_str(slurp(d2, "www.key"), "KEY-A\n", "key restored again");
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_OK, "then works (%s)",
	       err_text(&e));
	is_str(slurp(d3, "www.pem"), "KEY-B\nCERT-B\nCHAIN-B\n",
	       "combined file at its path");
	is_int(mode_of(d3, "www.pem"), 0640,
	       "combined file has the key "
	       "mode");
	is_str(slurp(d2, "www.key"), "KEY-B\n", "new key in place");
}

static void test_same_file_and_leftovers(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], link[128], keyp[200], prev[200], junk[300];
	int fd;

	snprintf(dir, sizeof(dir), "%s/same", base);
	snprintf(link, sizeof(link), "%s/same-link", base);
	mkdir(dir, 0755);
	ok(symlink(dir, link) == 0, "second spelling of a directory");
	snprintf(keyp, sizeof(keyp), "%s/privkey.pem", link);
	t.dir = dir;
	t.key_path = keyp; /* dir/privkey.pem is replaced by it: fine */
	t.cert_path = keyp;
	is_int(deploy_check_target(&t, &e), RC_INPUT, "same string refused");
	snprintf(keyp, sizeof(keyp), "%s/cert.pem", link);
	t.cert_path = NULL;
	t.key_path = keyp; /* the same file as dir/cert.pem */
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_INPUT,
	       "one file under two spellings refused at deploy time");
	ok(strstr(err_text(&e), "are the same file") != NULL &&
		   !exists(dir, "cert.pem"),
	   "before anything is written: %s", err_text(&e));

	/* What a killed deploy leaves: a kept key, a temporary file. */
	t.key_path = NULL;
	snprintf(prev, sizeof(prev), "%s/.previous", dir);
	mkdir(prev, 0700);
	snprintf(junk, sizeof(junk), "%s/combined.pem", prev);
	fd = open(junk, O_WRONLY | O_CREAT, 0600);
	close(fd);
	snprintf(junk, sizeof(junk), "%s/" DEPLOY_TMP_PREFIX "0011.tmp", dir);
	fd = open(junk, O_WRONLY | O_CREAT, 0600);
	close(fd);
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK,
	       "deploy over leftovers (%s)", err_text(&e));
	is_int(r.leftovers, 2, "two leftovers counted");
	ok(!exists(dir, ".previous") &&
		   !exists(dir, DEPLOY_TMP_PREFIX "0011.tmp"),
	   "and removed");
	/* A .previous/ someone else made is not trusted. */
	mkdir(prev, 0755);
	err_clear(&e);
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_SYS,
	       "a .previous/ with mode 0755 is refused");
	ok(strstr(err_text(&e), "mode 0700") != NULL, "%s", err_text(&e));
	is_set(dir, &set_a, "untouched");
	rmdir(prev);
}

static void test_lock_wait(void)
{
	struct deploy_target t = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char d1[128], d2[128], keyp[200];
	int fd, held[2], release[2];
	struct pollfd told;
	pid_t pid;
	char c;

	snprintf(d1, sizeof(d1), "%s/lk1", base);
	snprintf(d2, sizeof(d2), "%s/lk2", base);
	snprintf(keyp, sizeof(keyp), "%s/k.pem", d2);
	mkdir(d2, 0755);
	t.dir = d1;
	t.key_path = keyp;
	/* Another process holds the key's directory until told to let go;
	 * its poll() timeout only guards against a test that never tells. */
	ok(pipe(held) == 0 && pipe(release) == 0, "pipes");
	pid = fork();
	if (pid == 0) {
		fd = open(d2, O_RDONLY | O_DIRECTORY);
		if (fd < 0 || flock(fd, LOCK_EX) != 0)
			_exit(1);
		if (write(held[1], "x", 1) != 1)
			_exit(1);
		told = (struct pollfd){ .fd = release[0], .events = POLLIN };
		poll(&told, 1, 60000);
		_exit(0);
	}
	ok(read(held[0], &c, 1) == 1, "the other deploy holds %s", d2);
	/* A bound of 0 tries once and gives up. */
	t.lock_wait_ms = 0;
	busy_tries = 0;
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_EXISTS,
	       "no wait: the lock the other deploy holds is refused");
	is_int(busy_tries, 1, "after one try");
	/* A short wait runs out, however fast the machine, as the holder
	 * never lets go; how many tries fit in it is the machine's business
	 * (that waiting tries again is shown by the long wait below). */
	t.lock_wait_ms = 100;
	busy_tries = 0;
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_EXISTS,
	       "a short wait runs out while the other deploy holds it");
	ok(busy_tries >= 1, "it found the lock held (%d tries)", busy_tries);
	ok(!exists(d1, "cert.pem") && !exists(d2, "k.pem"),
	   "no file written meanwhile (%s)", err_text(&e));
	/* The holder lets go at the first busy try of this deploy, so the
	 * lock can only be taken by trying again during the wait; 60 s only
	 * guards against a hang. */
	t.lock_wait_ms = 60000;
	busy_tries = 0;
	release_fd = release[1];
	err_clear(&e);
	is_int(deploy_cert(&t, &set_a, &r, &e), RC_OK,
	       "a longer wait gets the lock when the other deploy ends (%s)",
	       err_text(&e));
	ok(busy_tries >= 1 && release_fd < 0,
	   "it found the lock held first and waited (%d busy tries)",
	   busy_tries);
	release_fd = -1;
	waitpid(pid, NULL, 0);
	is_str(slurp(d2, "k.pem"), "KEY-A\n", "key written");
	is_str(slurp(d1, "cert.pem"), "CERT-A\n", "certificate written");
	close(held[0]);
	close(held[1]);
	close(release[0]);
	close(release[1]);
}

static void test_endpoints(void)
{
	char host[PROBE_HOST_MAX + 1];
	struct err e = { 0 };
	int port = 0;

	ok(probe_parse_endpoint("example.com", host, sizeof(host), &port, &e) ==
			   RC_OK &&
		   strcmp(host, "example.com") == 0 && port == 443,
	   "host alone: port 443");
	ok(probe_parse_endpoint("127.0.0.1:8443", host, sizeof(host), &port,
				&e) == RC_OK &&
		   strcmp(host, "127.0.0.1") == 0 && port == 8443,
	   "host:port");
	ok(probe_parse_endpoint("[::1]:8443", host, sizeof(host), &port, &e) ==
			   RC_OK &&
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
		_exit(0); /* not reached when killed */
	}
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* Writes text into dir/name with mode. */
static void put(const char *dir, const char *name, const char *text, int mode)
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
	put(dir, DEPLOY_TMP_PREFIX "0123456789abcdef.tmp", "KEY-B\n", 0600);
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
	ok(!exists(dir, DEPLOY_TMP_PREFIX "0123456789abcdef.tmp"),
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

/* Puts a hand-made manifest of deploy id naming the directories dirs
 * (a "dir" line each) and "kept NAME" into dir/.previous/, with NAME
 * there holding old. */
static void put_manifest(const char *dir, const char *id, const char *dirs,
			 const char *name, const char *old)
{
	char prev[200], text[1024];

	snprintf(prev, sizeof(prev), "%s/.previous", dir);
	mkdir(prev, 0700);
	snprintf(text, sizeof(text), "deploy %s\n%skept %s\n", id, dirs, name);
	put(prev, DEPLOY_MANIFEST, text, 0600);
	put(prev, name, old, 0644);
}

/* A deploy across two directories killed midway, undone in both by the
 * next deploy of another certificate that shares only one of them; the
 * commit rule (the primary's manifest gone: keep the new set). */
static void test_interrupted_dirs(void)
{
	struct deploy_target x = { 0 }, y = { 0 };
	struct deploy_report r;
	struct err e = { 0 };
	char d1[128], d2[128], p1[160], p2[160], xcrt[200], ycrt[200],
		ykey[200], dirs[400], first[128], gone[400];
	const char *m, *id = "0123456789abcdef0123456789abcdef";

	snprintf(d1, sizeof(d1), "%s/md1", base);
	snprintf(d2, sizeof(d2), "%s/md2", base);
	snprintf(p1, sizeof(p1), "%s/.previous", d1);
	snprintf(p2, sizeof(p2), "%s/.previous", d2);
	snprintf(xcrt, sizeof(xcrt), "%s/x.crt", d2);
	snprintf(ycrt, sizeof(ycrt), "%s/y.crt", d1);
	snprintf(ykey, sizeof(ykey), "%s/y.key", d1);
	/* X: its certificate in d2 (the primary: the first file's), the
	 * rest in d1.  Y: two files in d1 only. */
	x.dir = d1;
	x.cert_path = xcrt;
	y.cert_path = ycrt;
	y.key_path = ykey;
	ok(deploy_cert(&x, &set_a, &r, &e) == RC_OK, "dirs: X is A (%s)",
	   err_text(&e));

	/* Killed after x.crt (d2) and chain.pem (d1): both are a mix. */
	ok(deploy_killed_after(&x, &set_b, 2), "deploy of X killed midway");
	is_str(slurp(d2, "x.crt"), "CERT-B\n", "x.crt is B");
	is_str(slurp(d1, "chain.pem"), "CHAIN-B\n", "chain.pem is B");
	is_str(slurp(d1, "privkey.pem"), "KEY-A\n", "privkey.pem is still A");
	m = slurp(p2, DEPLOY_MANIFEST);
	snprintf(first, sizeof(first), "%.*s", m ? (int)strcspn(m, "\n") : 0,
		 m ? m : "");
	snprintf(dirs, sizeof(dirs), "\ndir %s\ndir %s\n", d2, d1);
	ok(m != NULL && strncmp(m, "deploy ", 7) == 0 &&
		   strstr(m, dirs) != NULL && strstr(m, "kept x.crt\n"),
	   "d2's manifest: the id, both directories (d2 first), x.crt");
	m = slurp(p1, DEPLOY_MANIFEST);
	ok(m != NULL && strncmp(m, first, strlen(first)) == 0 &&
		   strstr(m, dirs) != NULL &&
		   strstr(m, "kept chain.pem\n") != NULL &&
		   strstr(m, "x.crt") == NULL,
	   "d1's manifest: the same deploy, its own files");

	/* Y locks d1 only, finds X's manifest naming d2, takes d2 too. */
	err_clear(&e);
	is_int(deploy_cert(&y, &set_b, &r, &e), RC_OK,
	       "deploy of Y into d1 (%s)", err_text(&e));
	is_int(r.recovered, 2, "X undone in both directories");
	is_str(slurp(d2, "x.crt"), "CERT-A\n", "x.crt is A again");
	is_str(slurp(d1, "chain.pem"), "CHAIN-A\n", "chain.pem is A again");
	is_str(slurp(d1, "fullchain.pem"), "CERT-A\nCHAIN-A\n",
	       "fullchain.pem is A");
	is_str(slurp(d1, "privkey.pem"), "KEY-A\n", "privkey.pem is A");
	is_str(slurp(d1, "y.key"), "KEY-B\n", "Y's own files written");
	ok(!exists(d1, ".previous") && !exists(d2, ".previous"),
	   "no .previous/ left in either directory");

	/* The primary's manifest is gone: X had committed (killed while
	 * removing the other manifests).  The new set stays. */
	err_clear(&e);
	ok(deploy_cert(&x, &set_b, &r, &e) == RC_OK, "X is B (%s)",
	   err_text(&e));
	snprintf(dirs, sizeof(dirs), "dir %s\ndir %s\n", d2, d1);
	put_manifest(d1, id, dirs, "chain.pem", "OLD\n");
	err_clear(&e);
	is_int(deploy_cert(&y, &set_b, &r, &e), RC_OK,
	       "deploy of Y over a committed leftover (%s)", err_text(&e));
	is_int(r.recovered, 0, "nothing undone");
	ok(r.leftovers >= 1, "counted as a leftover");
	is_str(slurp(d1, "chain.pem"), "CHAIN-B\n",
	       "d1 keeps X's new chain.pem");
	is_str(slurp(d2, "x.crt"), "CERT-B\n", "d2 keeps X's new x.crt");
	ok(!exists(d1, ".previous"), "leftover removed");

	/* The primary still has its manifest: not committed, restore
	 * both, although Y's deploy only shares d1. */
	put_manifest(d1, id, dirs, "chain.pem", "OLD\n");
	put_manifest(d2, id, dirs, "x.crt", "OLD-CRT\n");
	err_clear(&e);
	is_int(deploy_cert(&y, &set_a, &r, &e), RC_OK,
	       "deploy of Y over an uncommitted one (%s)", err_text(&e));
	is_int(r.recovered, 2, "undone in both directories");
	is_str(slurp(d1, "chain.pem"), "OLD\n", "d1 restored");
	is_str(slurp(d2, "x.crt"), "OLD-CRT\n", "d2 restored");
	ok(!exists(d1, ".previous") && !exists(d2, ".previous"),
	   "no .previous/ left");

	/* A primary directory that is gone proves nothing: restore. */
	snprintf(gone, sizeof(gone), "dir %s/gone\ndir %s\n", base, d1);
	put_manifest(d1, id, gone, "chain.pem", "OLD2\n");
	err_clear(&e);
	is_int(deploy_cert(&y, &set_a, &r, &e), RC_OK,
	       "deploy of Y, the primary gone (%s)", err_text(&e));
	is_int(r.recovered, 1, "undone where it can be");
	is_str(slurp(d1, "chain.pem"), "OLD2\n", "d1 restored");
	ok(!exists(base, "gone"), "the gone directory is not created");
}

/* Staged deploys (one reload for a batch): installed with the locks
 * released and the manifests kept; committed, undone, or found undone
 * by another deploy; and which targets share a directory with one. */
static void test_staged(void)
{
	struct deploy_target t = { 0 }, u = { 0 };
	struct deploy_staged *s = NULL;
	struct deploy_report r;
	struct err e = { 0 };
	char dir[128], other[128], key[160];

	snprintf(dir, sizeof(dir), "%s/st", base);
	snprintf(other, sizeof(other), "%s/st2", base);
	t.dir = dir;
	ok(deploy_cert(&t, &set_a, &r, &e) == RC_OK, "staged: set A in place");
	t.reload_cmd = "/bin/true";
	is_int(deploy_stage(&t, &set_b, &s, &r, &e), RC_OK, "stage B (%s)",
	       err_text(&e));
	is_set(dir, &set_b, "staged");
	ok(exists(dir, ".previous/manifest") &&
		   exists(dir, ".previous/cert.pem"),
	   "staged: uncommitted, the previous set kept");
	is_int(r.reload_ran, 0, "staged: no reload ran");
	is_str(deploy_staged_reload_cmd(s), "/bin/true", "its reload command");
	u.dir = dir;
	is_int(deploy_staged_shares_dir(s, &u), 1, "same directory: shared");
	u.dir = other;
	is_int(deploy_staged_shares_dir(s, &u), 0, "other directory: not");
	snprintf(key, sizeof(key), "%s/k.pem", dir);
	u.key_path = key;
	is_int(deploy_staged_shares_dir(s, &u), 1,
	       "an explicit path into it: shared");
	is_int(deploy_staged_undo(s, RC_HOOK, "failed (exit 1): bad", &r, &e),
	       1, "undo: the restored set needs a reload");
	deploy_staged_undone(s, RC_OK, "", &r, &e);
	is_int(e.rc, RC_HOOK, "undone: the reload's failure");
	is_str(err_text(&e),
	       "reload '/bin/true' failed (exit 1): bad; the "
	       "previous certificate files were restored",
	       "undone: says so");
	deploy_staged_free(s);
	s = NULL;
	is_set(dir, &set_a, "undone");
	ok(!exists(dir, ".previous"), "undone: no .previous/ left");

	err_clear(&e);
	is_int(deploy_stage(&t, &set_b, &s, &r, &e), RC_OK, "stage B again");
	is_int(deploy_staged_commit(s, &r, &e), RC_OK, "commit (%s)",
	       err_text(&e));
	deploy_staged_free(s);
	s = NULL;
	is_set(dir, &set_b, "committed");
	ok(!exists(dir, ".previous"), "committed: no .previous/ left");

	/* Another deploy into the staged directory undoes it first. */
	err_clear(&e);
	is_int(deploy_stage(&t, &set_a, &s, &r, &e), RC_OK, "stage A");
	ok(exists(dir, ".previous/manifest"), "staged A: manifest there");
	t.reload_cmd = NULL;
	is_int(deploy_cert(&t, &set_b, &r, &e), RC_OK,
	       "another deploy meanwhile (%s)", err_text(&e));
	is_int(r.recovered, 1, "it undid the staged one first");
	err_clear(&e);
	is_int(deploy_staged_commit(s, &r, &e), RC_EXISTS,
	       "the commit finds itself undone");
	ok(strstr(err_text(&e), "another deploy undid") != NULL,
	   "and says "
	   "so: %s",
	   err_text(&e));
	deploy_staged_free(s);
	is_set(dir, &set_b, "the other deploy's set stays");
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
	test_interrupted_dirs();
	test_shell();
	test_timeout();
	test_owner_and_checks();
	test_parse_mode();
	test_target_checks();
	test_explicit_paths();
	test_same_file_and_leftovers();
	test_lock_wait();
	test_endpoints();
	test_staged();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", base);
	return tap_done();
}
