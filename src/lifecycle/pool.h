/* SPDX-License-Identifier: ISC */
/* pool.h - lookup in the shared solver pool (see lc.h). */
#ifndef ACMETUI_POOL_H
#define ACMETUI_POOL_H

#include "solvers/solver.h"
#include "util/err.h"

struct solver_pool;

/* The pool's solver for cfg, created on first use (borrowed: it lives as
 * long as the pool).  NULL (e set) when it cannot be made. */
struct solver *solver_pool_get(struct solver_pool *p,
			       const struct solver_config *cfg,
			       struct err *e);

#endif
