# src/cli sources (module-owned list)
