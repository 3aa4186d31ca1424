# pinion_target_sources() — defined in full by the build-integration work.
