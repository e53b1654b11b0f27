/* SPDX-License-Identifier: ISC */
/* analyzer-model.h - what clang's static analyzer cannot see across
 * translation units; force-included (-include) by clang-tidy.sh only,
 * never by the build.
 *
 * err_set() and err_vset() return their rc argument on every path (see
 * util/err.c). Analysing one file at a time, the analyzer takes the
 * result of `return err_set(e, RC_NOMEM, ...)` for any value, RC_OK
 * included, and then reports paths where a failed call "succeeded" and
 * its NULL output is used. These macros state the fact instead. */
#ifndef ACMETUI_ANALYZER_MODEL_H
#define ACMETUI_ANALYZER_MODEL_H
#include "config.h"
#include "util/err.h"

#define err_set(e, rc_, ...) \
	({ \
		enum rc model_rc_ = (rc_); \
		err_set((e), model_rc_, __VA_ARGS__); \
		model_rc_; \
	})
#define err_vset(e, rc_, fmt, ap) \
	({ \
		enum rc model_rc_ = (rc_); \
		err_vset((e), model_rc_, (fmt), (ap)); \
		model_rc_; \
	})
#endif
