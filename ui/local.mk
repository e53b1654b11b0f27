# ui sources (module-owned list)
