"""The committee deck (PPTX) with python-pptx.

Owns the template contract (``template``), text measurement and fitting (``fit``), the
slides (``render``), native charts (``charts``) and the clean-up of the saved package
(``package``).

May import: ``porreport.content``, ``porreport.charts`` and the shared base modules.
Never ``porreport.bulletin``.
"""
