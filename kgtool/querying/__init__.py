"""Named queries (``queries/*.rq`` with ``#+`` headers), parameter lookup and checking, result
tables and their formats, violation checks, counts.
"""
