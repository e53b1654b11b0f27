/* SPDX-License-Identifier: ISC */
/* store_sched.h - what `acmetui schedule` reads from the inventory. */
#ifndef ACMETUI_STORE_SCHED_H
#define ACMETUI_STORE_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "util/err.h"

/* The distinct deploy directories of all certificates and the
 * directories of their explicit deploy paths, sorted (the systemd unit
 * lets the batch write there).  *dirs is a new array of new
 * strings (free with store_strings_free); may be NULL when *n is 0. */
enum rc store_deploy_dirs(struct store *st, char ***dirs, size_t *n,
			  struct err *e);

/* Frees an array of n strings; NULL is fine. */
void store_strings_free(char **v, size_t n);

/* How many certificates the inventory holds. */
enum rc store_cert_count(struct store *st, int64_t *count, struct err *e);

#endif
