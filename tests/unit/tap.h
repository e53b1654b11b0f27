/* SPDX-License-Identifier: ISC */
/* tap.h - a tiny Test Anything Protocol emitter for the unit tests. */
#ifndef ACMETUI_TAP_H
#define ACMETUI_TAP_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int tap_n, tap_failed;

#define ok(cond, ...) \
	do { \
		int ok_c_ = !!(cond); \
		printf("%s %d - ", ok_c_ ? "ok" : "not ok", ++tap_n); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		if (!ok_c_) { \
			tap_failed++; \
			printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
		} \
	} while (0)

#define is_str(got, want, ...) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		ok(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0, \
		   __VA_ARGS__); \
		if (!(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0)) \
			printf("#   got '%s'\n#  want '%s'\n", \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
	} while (0)

#define is_int(got, want, ...) \
	do { \
		long long g_ = (long long)(got), w_ = (long long)(want); \
		ok(g_ == w_, __VA_ARGS__); \
		if (g_ != w_) \
			printf("#   got %lld, want %lld\n", g_, w_); \
	} while (0)

/* survives(stmt, ...): runs stmt in a child process and checks that the
 * child ends normally with status 0.  For "safe on NULL / twice" claims:
 * a crash, an abort (double free, sanitizer report) or any other exit
 * status becomes one failed check, and the run goes on.
 * stdout is flushed first so the child holds no copy of pending TAP
 * lines; the child leaves with _exit() and never flushes it again. */
#define survives(stmt, ...) \
	do { \
		pid_t sv_pid_; \
		int sv_st_ = -1; \
		fflush(stdout); \
		sv_pid_ = fork(); \
		if (sv_pid_ == 0) { \
			stmt; \
			_exit(0); \
		} \
		ok(sv_pid_ > 0 && waitpid(sv_pid_, &sv_st_, 0) == sv_pid_ && \
			   WIFEXITED(sv_st_) && WEXITSTATUS(sv_st_) == 0, \
		   __VA_ARGS__); \
	} while (0)

/* Prints the plan and returns the exit status for main(). */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
