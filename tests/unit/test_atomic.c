/* SPDX-License-Identifier: ISC */
/* test_atomic.c - util/atomic: the one atomic file writer.  Modes under
 * umasks 000, 022 and 077, and what the file looked like at the moment
 * its first byte was written (its final mode and owner already, still
 * empty); owner and group as root and refused when not allowed; the old
 * file intact and no temporary file left when a write fails (an injected
 * failure half-way, and a real one: the file size limit), when the
 * rename fails and when there is no randomness; a symbolic link at the
 * temporary's name never followed; the prepare/commit/discard steps
 * export uses; file_write_atomic on top.
 *
 * The test links with -Wl,--wrap=file_write_fd,--wrap=RAND_bytes (local
 * .mk): the wrappers below watch the file at its first write, fail a
 * write on request and make the random part of a name predictable. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util/atomic.h"
#include "util/err.h"
#include "util/fileio.h"

#define NOBODY 65534

static char base[] = "/tmp/acmetui-atomic.XXXXXX";

/* ---- The wrappers. ---- */

int __real_file_write_fd(int fd, const void *data, size_t len);
int __wrap_file_write_fd(int fd, const void *data, size_t len);
int __real_RAND_bytes(unsigned char *buf, int num);
int __wrap_RAND_bytes(unsigned char *buf, int num);

/* What the file was at its first write, and an injected failure. */
static struct {
	int calls;	   /* file_write_fd calls */
	struct stat first; /* fstat before the first one */
	long fail_after;   /* >= 0: write that many bytes, then ENOSPC */
} wr;

/* RAND_bytes: real, all zero bytes (always or only on the next call), or
 * failing. */
static enum { RND_REAL, RND_ZERO, RND_ZERO_ONCE, RND_FAIL } rnd_mode;

int __wrap_file_write_fd(int fd, const void *data, size_t len)
{
	if (wr.calls++ == 0 && fstat(fd, &wr.first) != 0)
		memset(&wr.first, 0xff, sizeof(wr.first));
	if (wr.fail_after >= 0 && (size_t)wr.fail_after < len) {
		if (__real_file_write_fd(fd, data, (size_t)wr.fail_after) != 0)
			return -1;
		errno = ENOSPC;
		return -1;
	}
	return __real_file_write_fd(fd, data, len);
}

int __wrap_RAND_bytes(unsigned char *buf, int num)
{
	switch (rnd_mode) {
	case RND_REAL:
		break;
	case RND_ZERO_ONCE:
		rnd_mode = RND_REAL;
		/* fall through */
	case RND_ZERO:
		memset(buf, 0, (size_t)num);
		return 1;
	case RND_FAIL:
		return 0;
	}
	return __real_RAND_bytes(buf, num);
}

/* Resets the wrappers to pass everything through. */
static void wrappers_reset(void)
{
	memset(&wr, 0, sizeof(wr));
	wr.fail_after = -1;
	rnd_mode = RND_REAL;
}

/* ---- Helpers. ---- */

/* A new directory base/name (0755); its path goes to out. */
static int mkdir_in(const char *name, char *out, size_t sz)
{
	snprintf(out, sz, "%s/%s", base, name);
	return mkdir(out, 0755);
}

/* Opens directory path; -1 on failure. */
static int dir_open(const char *path)
{
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* The names in dir, sorted, separated by spaces ("" when empty); a
 * static buffer. */
static const char *listing(const char *dir)
{
	static char out[1024];
	struct dirent **names = NULL;
	int n, i;

	out[0] = '\0';
	n = scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *s = names[i]->d_name;

		if (strcmp(s, ".") != 0 && strcmp(s, "..") != 0) {
			if (out[0] != '\0')
				strncat(out, " ",
					sizeof(out) - strlen(out) - 1);
			strncat(out, s, sizeof(out) - strlen(out) - 1);
		}
		free(names[i]);
	}
	free(names);
	return n < 0 ? "(unreadable)" : out;
}

/* The content of dir/name (a static buffer), or "(missing)". */
static const char *slurp(const char *dir, const char *name)
{
	static char out[4096];
	char path[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return "(missing)";
	n = read(fd, out, sizeof(out) - 1);
	close(fd);
	out[n > 0 ? n : 0] = '\0';
	return out;
}

/* lstat of dir/name; st_mode 0 when missing. */
static struct stat stat_of(const char *dir, const char *name)
{
	struct stat st;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(path, &st) != 0)
		memset(&st, 0, sizeof(st));
	return st;
}

/* Writes text as dir/name with plain stdio (the "old file"). */
static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* A spec with prefix and mode, owner and group left alone. */
static struct atomic_spec spec_of(const char *prefix, unsigned mode)
{
	struct atomic_spec s = { .prefix = prefix,
				 .mode = mode,
				 .uid = (uid_t)-1,
				 .gid = (gid_t)-1,
				 .sync_dir = 1 };

	return s;
}

/* ---- Tests. ---- */

/* A new file, then a replaced one: content, mode, nothing else left. */
static void test_write_and_replace(void)
{
	struct atomic_spec s = spec_of(".t-", 0644);
	enum atomic_step step = ATOMIC_STEP_RENAME;
	struct stat before, after;
	char dir[256];
	int dfd;

	mkdir_in("basic", dir, sizeof(dir));
	dfd = dir_open(dir);
	wrappers_reset();
	is_int(atomic_write(dfd, "a.pem", "ONE\n", 4, &s, &step), 0,
	       "a new file is written");
	is_int(step, ATOMIC_STEP_NONE, "no step failed");
	is_str(slurp(dir, "a.pem"), "ONE\n", "with its content");
	is_int(stat_of(dir, "a.pem").st_mode & 07777, 0644, "and its mode");
	is_str(listing(dir), "a.pem", "no temporary file left");
	before = stat_of(dir, "a.pem");
	is_int(atomic_write(dfd, "a.pem", "TWO, LONGER\n", 12, &s, NULL), 0,
	       "an existing file is replaced (failed may be NULL)");
	after = stat_of(dir, "a.pem");
	is_str(slurp(dir, "a.pem"), "TWO, LONGER\n", "with the new content");
	ok(after.st_ino != before.st_ino,
	   "by a rename: a new inode, never the old one rewritten");
	is_int(atomic_write(dfd, "empty", "", 0, &s, NULL), 0,
	       "an empty file is written");
	is_int(stat_of(dir, "empty").st_size, 0, "empty indeed");
	is_str(listing(dir), "a.pem empty", "no temporary file left");
	close(dfd);
}

/* The final mode whatever the umask, and already at the first write,
 * on an empty file: the content is never seen with another mode. */
static void test_modes_under_umask(void)
{
	static const mode_t masks[] = { 000, 022, 077 };
	static const unsigned modes[] = { 0600, 0640, 0644, 0400 };
	char dir[256], name[32];
	size_t u, m;
	mode_t old;
	int dfd;

	mkdir_in("modes", dir, sizeof(dir));
	dfd = dir_open(dir);
	for (u = 0; u < sizeof(masks) / sizeof(masks[0]); u++)
		for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			struct atomic_spec s = spec_of(".k-", modes[m]);
			int r;

			snprintf(name, sizeof(name), "f%03o-%03o",
				 (unsigned)masks[u], modes[m]);
			wrappers_reset();
			old = umask(masks[u]);
			r = atomic_write(dfd, name, "SECRET\n", 7, &s, NULL);
			umask(old);
			is_int(r, 0, "umask %03o, mode %03o: written",
			       (unsigned)masks[u], modes[m]);
			is_int(stat_of(dir, name).st_mode & 07777, modes[m],
			       "umask %03o: final mode %03o",
			       (unsigned)masks[u], modes[m]);
			ok(wr.calls == 1 &&
				   (wr.first.st_mode & 07777) == modes[m] &&
				   wr.first.st_size == 0,
			   "umask %03o: mode %03o already set on the empty "
			   "file before its first byte (was %03o, %lld "
			   "bytes)",
			   (unsigned)masks[u], modes[m],
			   (unsigned)(wr.first.st_mode & 07777),
			   (long long)wr.first.st_size);
		}
	is_str(slurp(dir, "f077-600"), "SECRET\n", "content under umask 077");
	close(dfd);
}

/* A write failing half-way: the old file stays, the temporary goes. */
static void test_write_fails(void)
{
	struct atomic_spec s = spec_of(".w-", 0600);
	enum atomic_step step = ATOMIC_STEP_NONE;
	char dir[256];
	int dfd, r, saved;

	mkdir_in("wfail", dir, sizeof(dir));
	dfd = dir_open(dir);
	put(dir, "key.pem", "OLD KEY\n");
	/* The positive path: the same failure point, a shorter write. */
	wrappers_reset();
	wr.fail_after = 8;
	is_int(atomic_write(dfd, "key.pem", "NEW KEY\n", 8, &s, &step), 0,
	       "a write within the injected limit succeeds");
	is_str(slurp(dir, "key.pem"), "NEW KEY\n", "and replaces the file");
	wrappers_reset();
	wr.fail_after = 4;
	r = atomic_write(dfd, "key.pem", "THIRD KEY\n", 10, &s, &step);
	saved = errno;
	is_int(r, -1, "a write failing half-way fails");
	ok(step == ATOMIC_STEP_WRITE && saved == ENOSPC,
	   "at the write step, with the write's errno (%d, %s)", (int)step,
	   strerror(saved));
	is_str(slurp(dir, "key.pem"), "NEW KEY\n", "the old file is intact");
	is_str(listing(dir), "key.pem", "no temporary file left");
	wrappers_reset();
	close(dfd);
}

/* A real failing write: the file size limit (as a full disk would). */
static void test_file_too_big(void)
{
	struct atomic_spec s = spec_of(".big-", 0644);
	enum atomic_step step = ATOMIC_STEP_NONE;
	struct rlimit old, lim;
	char dir[256], data[4096];
	int dfd, r, saved;

	mkdir_in("fsize", dir, sizeof(dir));
	dfd = dir_open(dir);
	put(dir, "big", "OLD\n");
	memset(data, 'x', sizeof(data));
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 1024;
	setrlimit(RLIMIT_FSIZE, &lim);
	wrappers_reset();
	r = atomic_write(dfd, "big", data, 1024, &s, &step);
	is_int(r, 0, "under a 1 KiB file size limit, 1 KiB is written");
	is_int(stat_of(dir, "big").st_size, 1024, "all of it");
	r = atomic_write(dfd, "big", data, sizeof(data), &s, &step);
	saved = errno;
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	is_int(r, -1, "4 KiB fail");
	ok(step == ATOMIC_STEP_WRITE && saved == EFBIG,
	   "at the write step (%d, %s)", (int)step, strerror(saved));
	is_int(stat_of(dir, "big").st_size, 1024, "the old file is intact");
	is_str(listing(dir), "big", "no temporary file left");
	close(dfd);
}

/* A rename that cannot replace the name (a directory there). */
static void test_rename_fails(void)
{
	struct atomic_spec s = spec_of(".r-", 0644);
	enum atomic_step step = ATOMIC_STEP_NONE;
	char dir[256], sub[300];
	int dfd, r;

	mkdir_in("rfail", dir, sizeof(dir));
	dfd = dir_open(dir);
	is_int(atomic_write(dfd, "x", "A\n", 2, &s, &step), 0,
	       "x written while it is a free name");
	snprintf(sub, sizeof(sub), "%s/x", dir);
	unlink(sub);
	mkdir(sub, 0755);
	put(sub, "inside", "KEEP\n");
	r = atomic_write(dfd, "x", "B\n", 2, &s, &step);
	is_int(r, -1, "x refused when it is a non-empty directory");
	is_int(step, ATOMIC_STEP_RENAME, "at the rename step (%s)",
	       strerror(errno));
	is_str(slurp(sub, "inside"), "KEEP\n", "the directory is intact");
	is_str(listing(dir), "x", "no temporary file left");
	close(dfd);
}

/* The temporary's name: prefix, random hex digits, ".tmp"; a symbolic
 * link (or anything) already there is never followed nor removed. */
static void test_symlink_at_temporary(void)
{
	struct atomic_spec s = spec_of(".acmetui-test-", 0600);
	enum atomic_step step = ATOMIC_STEP_NONE;
	struct atomic_tmp t;
	char dir[256], victim[300], tmpname[64];
	int dfd, r, saved;

	mkdir_in("link", dir, sizeof(dir));
	dfd = dir_open(dir);
	snprintf(tmpname, sizeof(tmpname), ".acmetui-test-%s.tmp",
		 "0000000000000000");
	/* The positive path: zero randomness gives exactly that name. */
	wrappers_reset();
	rnd_mode = RND_ZERO;
	r = atomic_prepare(dfd, &s, "K\n", 2, &t, &step);
	is_int(r, 0, "prepared with zero randomness");
	is_str(t.name, tmpname, "its temporary is the predicted name");
	is_str(slurp(dir, tmpname), "K\n", "holding the content");
	atomic_discard(&t);
	is_str(listing(dir), "", "discarded");

	/* A symbolic link there, to a file elsewhere. */
	snprintf(victim, sizeof(victim), "%s/victim", base);
	put(base, "victim", "VICTIM\n");
	r = symlinkat(victim, dfd, tmpname);
	ok(r == 0, "a symbolic link at the temporary's name");
	r = atomic_write(dfd, "key.pem", "SECRET\n", 7, &s, &step);
	saved = errno;
	is_int(r, -1, "with only that name to try, the write fails");
	ok(step == ATOMIC_STEP_CREATE && saved == EEXIST,
	   "at the create step, EEXIST (%d, %s)", (int)step, strerror(saved));
	is_str(slurp(base, "victim"), "VICTIM\n",
	       "the link's target is untouched");
	ok(S_ISLNK(stat_of(dir, tmpname).st_mode),
	   "the link is not removed (it is not ours)");
	is_str(slurp(dir, "key.pem"), "(missing)", "nothing written");
	rnd_mode = RND_ZERO_ONCE;
	r = atomic_write(dfd, "key.pem", "SECRET\n", 7, &s, &step);
	is_int(r, 0, "with a second random name, the write succeeds");
	is_str(slurp(dir, "key.pem"), "SECRET\n", "the file is written");
	is_str(slurp(base, "victim"), "VICTIM\n",
	       "the link's target is still untouched");
	snprintf(victim, sizeof(victim), "%s key.pem", tmpname);
	is_str(listing(dir), victim,
	       "no temporary file left (the link is "
	       "not ours)");
	unlinkat(dfd, tmpname, 0);
	wrappers_reset();
	close(dfd);
}

/* No randomness, a prefix too long: nothing is created. */
static void test_no_name(void)
{
	struct atomic_spec s = spec_of(".n-", 0644);
	enum atomic_step step = ATOMIC_STEP_NONE;
	char dir[256], prefix[ATOMIC_TMP_NAME_MAX];
	size_t fits = ATOMIC_TMP_NAME_MAX - ATOMIC_RANDOM_HEX -
		      sizeof(ATOMIC_TMP_SUFFIX);
	int dfd, r, saved;

	mkdir_in("noname", dir, sizeof(dir));
	dfd = dir_open(dir);
	put(dir, "f", "OLD\n");
	wrappers_reset();
	rnd_mode = RND_FAIL;
	r = atomic_write(dfd, "f", "NEW\n", 4, &s, &step);
	saved = errno;
	is_int(r, -1, "no randomness: refused");
	ok(step == ATOMIC_STEP_NAME && saved == EIO,
	   "at the name step, EIO (%d, %s)", (int)step, strerror(saved));
	is_str(slurp(dir, "f"), "OLD\n", "the old file is intact");
	wrappers_reset();

	memset(prefix, 'p', fits);
	prefix[fits] = '\0';
	s.prefix = prefix;
	r = atomic_write(dfd, "f", "NEW\n", 4, &s, &step);
	is_int(r, 0, "a %zu-byte prefix fits a name (%s)", fits,
	       strerror(errno));
	prefix[fits] = 'p';
	prefix[fits + 1] = '\0';
	r = atomic_write(dfd, "f", "NEWER\n", 6, &s, &step);
	saved = errno;
	is_int(r, -1, "a %zu-byte prefix is refused", fits + 1);
	ok(step == ATOMIC_STEP_NAME && saved == ENAMETOOLONG,
	   "at the name step, ENAMETOOLONG (%d, %s)", (int)step,
	   strerror(saved));
	is_str(slurp(dir, "f"), "NEW\n", "the file is intact");
	is_str(listing(dir), "f", "no temporary file left");
	close(dfd);
}

/* Prepare leaves a finished temporary and no file; commit shows it;
 * discard removes it and is safe on an empty or zeroed one. */
static void test_prepare_commit(void)
{
	struct atomic_spec s = spec_of(".p-", 0640);
	struct atomic_tmp t, z;
	char dir[256];
	size_t plen = strlen(".p-");
	int dfd;

	mkdir_in("prep", dir, sizeof(dir));
	dfd = dir_open(dir);
	wrappers_reset();
	is_int(atomic_prepare(dfd, &s, "P\n", 2, &t, NULL), 0, "prepared");
	ok(strncmp(t.name, ".p-", plen) == 0 &&
		   strlen(t.name) == plen + ATOMIC_RANDOM_HEX + 4 &&
		   strcmp(t.name + plen + ATOMIC_RANDOM_HEX, ".tmp") == 0,
	   "named prefix + %d hex digits + .tmp: %s", ATOMIC_RANDOM_HEX,
	   t.name);
	is_str(slurp(dir, "p"), "(missing)", "the file is not there yet");
	is_int(stat_of(dir, t.name).st_mode & 07777, 0640,
	       "the temporary has the final mode");
	is_int(atomic_commit(&t, "p", 1), 0, "committed");
	is_str(slurp(dir, "p"), "P\n", "the file is there");
	is_str(t.name, "", "the temporary is no longer held");
	is_str(listing(dir), "p", "and no longer exists");
	is_int(atomic_prepare(dfd, &s, "Q\n", 2, &t, NULL), 0,
	       "prepared again");
	atomic_discard(&t);
	is_str(listing(dir), "p", "discarded: gone");
	is_str(slurp(dir, "p"), "P\n", "the file is untouched");
	memset(&z, 0, sizeof(z));
	survives((atomic_discard(&t), atomic_discard(&z)),
		 "discard twice and on a zeroed one is safe");
	close(dfd);
}

/* As root: the owner and group are set before the first byte.  Then, as
 * a user (a child that drops to nobody), a chown to root is refused and
 * leaves the old file.  As a user only the refusal is tested, after a
 * chown to oneself. */
static int refused_owner_child(const char *dir)
{
	struct atomic_spec s = spec_of(".o-", 0640);
	enum atomic_step step = ATOMIC_STEP_NONE;
	int dfd, r;

	dfd = dir_open(dir);
	s.uid = geteuid();
	s.gid = getegid();
	if (atomic_write(dfd, "mine", "MINE\n", 5, &s, &step) != 0)
		return 10; /* the positive path failed */
	s.uid = 0;
	s.gid = 0;
	r = atomic_write(dfd, "mine", "ROOTS\n", 6, &s, &step);
	if (r != -1 || step != ATOMIC_STEP_OWNER || errno != EPERM)
		return 11;
	if (strcmp(slurp(dir, "mine"), "MINE\n") != 0)
		return 12;
	if (strcmp(listing(dir), "mine") != 0)
		return 13;
	close(dfd);
	return 0;
}

static void test_owner(void)
{
	char dir[256], udir[256];
	int dfd, st = -1;
	pid_t pid;

	mkdir_in("owner", dir, sizeof(dir));
	mkdir_in("user", udir, sizeof(udir));
	if (geteuid() == 0) {
		struct atomic_spec s = spec_of(".o-", 0640);
		struct stat fst;

		dfd = dir_open(dir);
		s.uid = NOBODY;
		s.gid = NOBODY;
		wrappers_reset();
		is_int(atomic_write(dfd, "key", "K\n", 2, &s, NULL), 0,
		       "as root: written for %d:%d", NOBODY, NOBODY);
		fst = stat_of(dir, "key");
		ok(fst.st_uid == NOBODY && fst.st_gid == NOBODY &&
			   (fst.st_mode & 07777) == 0640,
		   "owned by %d:%d, mode 0640", NOBODY, NOBODY);
		ok(wr.first.st_uid == NOBODY && wr.first.st_gid == NOBODY &&
			   (wr.first.st_mode & 07777) == 0640 &&
			   wr.first.st_size == 0,
		   "owner, group and mode set before the first byte");
		s.gid = (gid_t)-1;
		s.uid = 0;
		is_int(atomic_write(dfd, "key", "K2\n", 3, &s, NULL), 0,
		       "owner only");
		fst = stat_of(dir, "key");
		ok(fst.st_uid == 0 && fst.st_gid == 0,
		   "a new file's group is left as created (%d)",
		   (int)fst.st_gid);
		close(dfd);
		if (chown(udir, NOBODY, NOBODY) != 0)
			ok(0, "chown %s", udir);
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
			_exit(9);
		_exit(refused_owner_child(udir));
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		   WEXITSTATUS(st) == 0,
	   "as a user: a chown to oneself works, one to root is refused at "
	   "the owner step, the old file intact, no temporary left "
	   "(status %d)",
	   WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* fileio's file_write_atomic on top: the mode, a bad name, a missing
 * directory. */
static void test_file_write_atomic(void)
{
	struct err e = { 0 };
	char dir[256], missing[300];
	mode_t old;

	mkdir_in("fileio", dir, sizeof(dir));
	wrappers_reset();
	old = umask(0);
	is_int(file_write_atomic(dir, "account.key", "KEY\n", 4, 0600, &e),
	       RC_OK, "file_write_atomic writes (%s)", err_text(&e));
	umask(old);
	is_int(stat_of(dir, "account.key").st_mode & 07777, 0600,
	       "mode 0600 under umask 000");
	ok(wr.calls == 1 && (wr.first.st_mode & 07777) == 0600 &&
		   wr.first.st_size == 0,
	   "set before the first byte");
	is_str(listing(dir), "account.key", "no temporary file left");
	err_clear(&e);
	is_int(file_write_atomic(dir, "../x", "X", 1, 0600, &e), RC_INPUT,
	       "a name with a slash is refused");
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	err_clear(&e);
	is_int(file_write_atomic(missing, "x", "X", 1, 0600, &e), RC_SYS,
	       "a missing directory fails");
	ok(strstr(err_text(&e), missing) != NULL, "naming it: %s",
	   err_text(&e));
	wrappers_reset();
	wr.fail_after = 0;
	err_clear(&e);
	is_int(file_write_atomic(dir, "account.key", "NEW\n", 4, 0600, &e),
	       RC_SYS, "a failing write fails");
	ok(strstr(err_text(&e), "account.key") != NULL, "naming the file: %s",
	   err_text(&e));
	is_str(slurp(dir, "account.key"), "KEY\n", "the old file is intact");
	is_str(listing(dir), "account.key", "no temporary file left");
	wrappers_reset();
}

int main(void)
{
	char cmd[128];

	wrappers_reset();
	if (mkdtemp(base) == NULL || chmod(base, 0755) != 0) {
		perror("mkdtemp");
		return 1;
	}
	test_write_and_replace();
	test_modes_under_umask();
	test_write_fails();
	test_file_too_big();
	test_rename_fails();
	test_symlink_at_temporary();
	test_no_name();
	test_prepare_commit();
	test_owner();
	test_file_write_atomic();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		ok(0, "removing %s", base);
	return tap_done();
}
