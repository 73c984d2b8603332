"""Letters and drafts made from Jinja templates.

- :mod:`.context` — what a template can use (documented in :data:`.context.ROOT` and
  :data:`.context.RECORDS`), built from a case; unset fields name where to fill them in.
- :mod:`.templates` — finding templates (built-in and the service's own), front matter, rendering.
- :mod:`.check` — ``advocate templates check``: syntax and unknown names, with line numbers.
- :mod:`.formats` — the one Markdown result as Markdown, plain text or HTML (and its blocks).
- :mod:`.word` — the Word document: A4, page furniture, tables; or the service's Word letterhead.
- :mod:`.pdf` — PDF, the Word document printed by LibreOffice where it is installed.
- :mod:`.documents` — drafting for a case, saving a file and recording it on the case.
"""
