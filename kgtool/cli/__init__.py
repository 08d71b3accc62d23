"""The ``kgtool`` command line: each command parses its options, makes one API call and renders
the result (the group is in :mod:`kgtool.cli.main`).
"""
