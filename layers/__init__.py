"""The contracts, the bottom floor: the catalogue of indicators and sources.

``model`` holds the validated, frozen definitions; ``registry`` reads and
checks ``catalogue/*.toml`` (and a user's entries, through the same checks).
Nothing here reads outside data or imports the rest of the project: readers
live in ``intake``, the build in ``etl``, the app in ``dashboard``.
"""
