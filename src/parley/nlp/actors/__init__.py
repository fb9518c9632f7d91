"""Actors: the curated registry and the per-article resolution of names and speakers."""

from parley.nlp.actors.registry import Registry, RegistryActor, load_registry, normalize, slugify

__all__ = ["Registry", "RegistryActor", "load_registry", "normalize", "slugify"]
