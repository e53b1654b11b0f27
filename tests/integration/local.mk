# tests/integration sources (module-owned list)
