/* SPDX-License-Identifier: ISC */
/* stage.c - names of the stages events are recorded under (stage.h). */
#include "config.h"

#include "lifecycle/stage.h"

STORE_ENUM_DEFINE(lc_stage, LC_STAGE_LIST, LC_STAGE__INVALID)

/* By name, not by value: the two lists need not keep the same order,
 * and tests/unit/test_lc_stage.c checks every certificate stage has its
 * event stage. */
enum lc_stage lc_stage_of_cert(enum cert_stage s)
{
	return lc_stage_parse(cert_stage_name(s));
}
