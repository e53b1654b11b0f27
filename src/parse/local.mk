# src/parse sources (module-owned list)
