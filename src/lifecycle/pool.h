/* SPDX-License-Identifier: ISC */
/* pool.h - lookup in the shared solver pool (see lc.h). */
#ifndef ACMETUI_POOL_H
#define ACMETUI_POOL_H

#include "solvers/solver.h"
#include "util/err.h"

struct lc_pool;

/* The pool's solver for cfg, created on first use (borrowed: it lives as
 * long as the pool).  NULL (e set) when it cannot be made. */
struct solver *lc_pool_get(struct lc_pool *p, const struct solver_config *cfg,
			   struct err *e);

#endif
