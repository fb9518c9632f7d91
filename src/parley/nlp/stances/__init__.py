"""Stances: where each actor stands on each issue of the catalogue (``parley_stances``)."""

from parley.nlp.stances.catalogue import Catalogue, Issue, load_catalogue

__all__ = ["Catalogue", "Issue", "load_catalogue"]
