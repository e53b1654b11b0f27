/* SPDX-License-Identifier: ISC */
/* recover.c - finding the order of a newOrder whose answer was lost.
 *
 * A run killed between sending newOrder and committing the CA's answer
 * leaves an order at the CA that the inventory does not know.  RFC 8555
 * has one way to find it: the account's "orders" list (7.1.2.1), which
 * SHOULD hold the pending orders.  The intent stored before the request
 * says that there may be such an order, and for which names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/account.h"
#include "acme/order.h"
#include "acme/orders_list.h"
#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_intents.h"
#include "db/store_orders.h"
#include "lifecycle/client.h"
#include "lifecycle/lc.h"
#include "lifecycle/recover.h"
#include "util/buf.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *lc_ident_key(const char *const *names, size_t n)
{
	const char **sorted;
	struct buf b;
	size_t i;

	sorted = calloc(n ? n : 1, sizeof(*sorted));
	if (sorted == NULL)
		return NULL;
	memcpy(sorted, names, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	buf_init(&b, 64 * 1024);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", sorted[i]);
	free(sorted);
	return buf_take(&b);
}

/* 1 when the CA's order o is for exactly the names of key. */
static int order_has_names(const struct acme_order *o, const char *key)
{
	const char **names;
	char *k;
	size_t i;
	int same;

	names = calloc(o->n_idents ? o->n_idents : 1, sizeof(*names));
	if (names == NULL)
		return 0;
	for (i = 0; i < o->n_idents; i++)
		names[i] = o->idents[i].value ? o->idents[i].value : "";
	k = lc_ident_key(names, o->n_idents);
	same = k != NULL && strcmp(k, key) == 0;
	free(k);
	free(names);
	return same;
}

/* Looks through the account's orders, newest (last listed) first, for
 * an unknown one with key's names that can still complete.  RC_OK with
 * *order filled, RC_NOTFOUND, or the error of the list request. */
static enum rc find_order(struct lc *lc, struct lc_session *s, const char *key,
			  struct acme_order *order, struct err *e)
{
	struct acme_account acct = { 0 };
	char **urls = NULL;
	size_t n = 0, i, fetched = 0;
	enum rc rc;

	rc = acme_account_fetch(s->client, &acct, e);
	if (rc == RC_OK)
		rc = acme_orders_list(s->client, acct.orders_url, &urls, &n, e);
	for (i = n; rc == RC_OK && i-- > 0 && fetched < RECOVER_FETCH_MAX;) {
		struct err ignored = { 0 };

		if (store_order_url_known(lc->st, urls[i]))
			continue;
		fetched++;
		if (acme_order_fetch(s->client, urls[i], order, &ignored) !=
		    RC_OK)
			continue;
		if ((order->status == ST_PENDING ||
		     order->status == ST_READY) &&
		    order_has_names(order, key))
			goto out;
		acme_order_clear(order);
	}
	if (rc == RC_OK)
		rc = err_set(e, RC_NOTFOUND,
			     _("the CA lists no unknown order for these "
			       "names"));
out:
	strv_free(urls);
	acme_account_clear(&acct);
	return rc;
}

/* Records the found order as the certificate's and removes the intent,
 * with an event, in one transaction. */
static enum rc adopt(struct lc *lc, const struct cert_row *c,
		     int64_t account_id, const char *key,
		     const struct acme_order *order, struct order_row *orow,
		     struct err *e)
{
	int64_t id = 0;
	enum rc rc;

	orow->cert_id = c->id;
	orow->account_id = account_id;
	orow->url = strdup(order->url);
	orow->status = order_status_parse(acme_status_name(order->status));
	orow->identifiers = strdup(key);
	orow->finalize_url = order->finalize_url ? strdup(order->finalize_url)
						 : NULL;
	orow->expires_at = order->expires;
	if (orow->url == NULL || orow->identifiers == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		return rc;
	rc = store_order_insert(lc->st, orow, &id, e);
	if (rc == RC_OK)
		rc = store_intent_clear(lc->st, c->id, e);
	if (rc == RC_OK)
		rc = lc_event(lc, c->id, 0, c->name, LC_STAGE_REQUEST, "warn",
			      _("found order %s (%s) at the CA: a run that "
				"was stopped had ordered it but not recorded "
				"it; resuming it instead of ordering again"),
			      order->url, acme_status_name(order->status));
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
	orow->id = id;
	return rc;
}

enum rc lc_recover_lost_order(struct lc *lc, struct lc_session *s,
			      const struct cert_row *c, int64_t account_id,
			      const char *ident_key, struct order_row *orow,
			      struct acme_order *order, struct err *e)
{
	struct order_intent in = { 0 };
	struct err fe = { 0 };
	enum rc rc;

	if (store_intent_get(lc->st, c->id, &in, NULL) != RC_OK)
		return RC_NOTFOUND;
	if (in.account_id != account_id ||
	    strcmp(in.identifiers ? in.identifiers : "", ident_key) != 0) {
		/* Another account's or other names' order cannot serve. */
		store_intent_clear(lc->st, c->id, NULL);
		order_intent_clear(&in);
		return RC_NOTFOUND;
	}
	order_intent_clear(&in);
	rc = find_order(lc, s, ident_key, order, &fe);
	if (rc == RC_OK)
		return adopt(lc, c, account_id, ident_key, order, orow, e);
	if (rc == RC_NET || rc == RC_TIMEOUT || rc == RC_TLS ||
	    rc == RC_NOMEM) {
		/* Not asked: the intent stays for the next run. */
		err_set(e, fe.rc, "%s", err_text(&fe));
		return rc;
	}
	lc_event(lc, c->id, 0, c->name, LC_STAGE_REQUEST, "warn",
		 _("a run that was stopped may have ordered these names "
		   "without recording the order, and it cannot be found "
		   "(%s); ordering again (an order left at the CA expires "
		   "unused; no certificate is issued on it)"),
		 err_text(&fe));
	store_intent_clear(lc->st, c->id, NULL);
	return RC_NOTFOUND;
}
