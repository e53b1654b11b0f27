/* SPDX-License-Identifier: ISC */
/* watched.c - what the lifecycle refuses for a watched certificate: one
 * imported to watch its expiry, which acmetui did not issue and holds no
 * key or account for. */
#include "config.h"

#include "db/store_certs.h"
#include "lifecycle/lc.h"

enum rc lc_cert_managed(const struct cert_row *c, struct err *e)
{
	if (!c->watched)
		return RC_OK;
	return err_set(e, RC_USAGE,
		       _("certificate '%s' is only watched (imported, not "
			 "issued by acmetui): it cannot be issued, renewed, "
			 "revoked, deployed or checked for issuance here"),
		       c->name);
}
