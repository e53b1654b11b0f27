# src/lifecycle sources (module-owned list)
