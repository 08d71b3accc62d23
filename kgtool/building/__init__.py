"""The build pipeline: one orchestrator for full and incremental builds, whole generations of
the build directory under its lock, the persistent query store, input warnings, fault points.
"""
