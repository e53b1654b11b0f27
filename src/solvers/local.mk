# src/solvers sources (module-owned list)
