# src/acme sources (module-owned list)
