"""Letters and drafts made from Jinja templates.

- :mod:`.context` — what a template can use (documented in :data:`.context.ROOT` and
  :data:`.context.RECORDS`), built from a case; unset fields name where to fill them in.
- :mod:`.templates` — finding templates (built-in and the service's own), front matter, rendering.
- :mod:`.check` — ``advocate templates check``: syntax and unknown names, with line numbers.
- :mod:`.formats` — the one Markdown result as Markdown, plain text, HTML or Word.
- :mod:`.documents` — drafting for a case, saving a file and recording it on the case.
"""
