# src/crypto sources (module-owned list)
