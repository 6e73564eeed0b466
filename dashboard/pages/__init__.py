"""Page modules (``dash.register_page``), each with its own ``@callback`` functions.

``map_page`` is the atlas itself (``map_panels`` holds its ranking, profile and
table-view callbacks), ``priority`` the where-to-act-first view, ``sources``
the provenance listing. They are imported by ``dashboard.app.create_app``
after the Dash app exists.
"""
