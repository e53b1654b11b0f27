# man sources (module-owned list)
