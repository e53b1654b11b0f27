/* SPDX-License-Identifier: ISC */
/* fault.h - fault injection for the crash-safety tests.
 *
 * With ACMETUI_FAULT=<point> in the environment the process kills itself
 * (SIGKILL: no cleanup, like a power cut) when it reaches that point, so
 * the tests can prove that the next run resumes from what was stored.
 * Points: after-account, after-neworder, after-respond, after-finalize,
 * after-download, during-deploy.
 * Not for production use. */
#ifndef ACMETUI_FAULT_H
#define ACMETUI_FAULT_H

/* Kills the process when ACMETUI_FAULT names point. */
void fault_point(const char *point);

#endif
