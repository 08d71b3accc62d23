"""The web workspace for policy analysts (``kgtool app``): read a policy beside its facts,
compare a metric across jurisdictions, trace the money, see who is responsible for what, ask
the named questions as forms, write SPARQL, explore the networks and check a draft — in the
browser, offline, on 127.0.0.1.

:mod:`kgtool.app.workspace` holds the data of every page (plain Python over a store);
:mod:`kgtool.app.server` is the Starlette layer (routes, templates, security headers).
"""
from kgtool.app.server import CSP, create_app
from kgtool.app.workspace import Workspace

__all__ = ["create_app", "Workspace", "CSP"]
