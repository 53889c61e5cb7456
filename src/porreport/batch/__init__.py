"""Many reports, unattended: discovery, fingerprints and state, worker pool, progress and
summary.

May import: ``porreport.api`` and everything below it.
"""
