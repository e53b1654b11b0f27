# db sources (module-owned list)
