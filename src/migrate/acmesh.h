/* SPDX-License-Identifier: ISC */
/* acmesh.h - reads an acme.sh home (default ~/.acme.sh) into a
 * migration plan, from acme.sh's documented layout:
 *
 *	ca/<CA>/account.key, ca/<CA>/ca.conf (ACCOUNT_URL='...')
 *	<domain>/ or <domain>_ecc/: <domain>.conf, <domain>.cer (leaf),
 *	ca.cer (chain), <domain>.key
 *
 * <CA> is what acme.sh derives from the directory URL (Le_API): the host
 * and path, or the host alone when the URL has a port.  From
 * <domain>.conf: Le_Webroot (a directory per name, "no" for standalone
 * on Le_HTTPPort, "alpn" for tls-alpn-01 on Le_TLSPort; dns_* providers,
 * apache, nginx and stateless are refused with what to do instead), the
 * --install-cert paths Le_RealCertPath, Le_RealCACertPath,
 * Le_RealKeyPath, Le_RealFullChainPath and Le_ReloadCmd, carried over as
 * the deploy target, and Le_RenewHook as the deploy hook.  Nothing is
 * sourced or run. */
#ifndef ACMETUI_MIGRATE_ACMESH_H
#define ACMETUI_MIGRATE_ACMESH_H

#include "migrate/plan.h"
#include "migrate/tree.h"

/* Fills p from the acme.sh home t.  Fails only when memory runs out or
 * there are too many domains; a broken domain is refused inside p. */
enum rc acmesh_read(const struct tree *t, struct mig_plan *p, struct err *e);

#endif
