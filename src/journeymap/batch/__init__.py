"""Rendering many maps: inputs, the pure render step, the cache, progress, watch.

``journeymap render`` and ``journeymap watch`` are built from these modules:

* :mod:`~journeymap.batch.inputs`: files, folders, globs and ``-`` -> the maps.
* :mod:`~journeymap.batch.jobs`: :func:`render_job`, the pure, picklable step
  ``Job -> JobResult`` to run on an engine of your own (see ``docs/batch.md``).
* :mod:`~journeymap.batch.cache`: what is up to date, in ``.journeymap-cache.json``.
* :mod:`~journeymap.batch.progress`: a bar on a terminal, plain lines elsewhere.
* :mod:`~journeymap.batch.run`: one run: plan, skip, render in workers, write.
* :mod:`~journeymap.batch.watch`: runs again when files change.

Example:
    >>> from journeymap.batch import Job, Render, render_job
    >>> result = render_job(Job("m.yaml", (Render("markdown"),), text="title: M\\n"))
    >>> result.outputs[0].data.startswith("# M")
    True
"""

from __future__ import annotations

from journeymap.batch.jobs import Job, JobResult, Output, Render, render_job

__all__ = ["Job", "JobResult", "Output", "Render", "render_job"]
