# SPDX-License-Identifier: ISC
# tests/integration: real Pebble servers started by the tests themselves.
# pebble-env.sh is the shared harness (also sourced by CLI tests).
check_PROGRAMS += tests/integration/test_acme_client
tests_integration_test_acme_client_SOURCES = \
	tests/integration/test_acme_client.c
tests_integration_test_acme_client_LDADD = $(ACMETUI_LIBS)
SCRIPT_TESTS += tests/integration/acme_client.sh
EXTRA_DIST += tests/integration/pebble-env.sh
SCRIPT_TESTS += tests/integration/cli_lifecycle.sh
EXTRA_DIST += tests/integration/tap.sh
SCRIPT_TESTS += tests/integration/cli_resume.sh
SCRIPT_TESTS += tests/integration/i18n.sh
SCRIPT_TESTS += tests/integration/cli_challenges.sh
SCRIPT_TESTS += tests/integration/cli_import.sh
SCRIPT_TESTS += tests/integration/chaos.sh
# Hostile and broken servers: our own misbehaving ACME server (Python 3
# standard library and the openssl command), one scenario per process.
SCRIPT_TESTS += tests/integration/hostile.sh
EXTRA_DIST += tests/hostile/server.py tests/integration/hostile-env.sh
SCRIPT_TESTS += tests/integration/secrets.sh
SCRIPT_TESTS += tests/integration/completion.sh
SCRIPT_TESTS += tests/integration/cli_presets.sh
SCRIPT_TESTS += tests/integration/cli_nocreate.sh
# Every verb: --help, refusal of foreign options and extra operands.
SCRIPT_TESTS += tests/integration/cli_contract.sh
# Every --json document against doc/acmetui.schema.json (issue 12).
SCRIPT_TESTS += tests/integration/json_contract.sh
EXTRA_DIST += tests/json_validate.py
# Random SIGKILLs during issue, renew, --renew-due and deploy (issue 17).
SCRIPT_TESTS += tests/integration/crash_chaos.sh
SCRIPT_TESTS += tests/integration/hooks.sh
# Migration from the real certbot (Debian package) against Pebble.
SCRIPT_TESTS += tests/integration/migrate_certbot.sh
SCRIPT_TESTS += tests/integration/migrate_lego.sh
SCRIPT_TESTS += tests/integration/migrate_acmesh.sh
SCRIPT_TESTS += tests/integration/migrate_rfc2136.sh
EXTRA_DIST += tests/integration/migrate-env.sh
SCRIPT_TESTS += tests/integration/validate_hint.sh
SCRIPT_TESTS += tests/integration/account_events.sh
# Consent to the CA's terms of service (Pebble and the hostile server).
SCRIPT_TESTS += tests/integration/tos.sh
SCRIPT_TESTS += tests/integration/batch_reload.sh
SCRIPT_TESTS += tests/integration/event_lost.sh
# ACME requests per issuance, counted in Pebble's log (issue 13 item 8).
SCRIPT_TESTS += tests/integration/acme_requests.sh
# The cron no-op never loads libcurl (issue 13 item 7).
SCRIPT_TESTS += tests/integration/noop_start.sh
