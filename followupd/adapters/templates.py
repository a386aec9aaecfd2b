"""Read the draft templates from disk, once per use: package defaults, then the user's directory.

This is the only place that opens template files; ``engine.render.render_text`` works on the
mapping returned here and stays pure. Only top-level ``<name>.j2`` files whose name is a valid
template name are read (``[a-z][a-z0-9_]*``, up to 64 characters), so a template can
``{% include "signature.j2" %}`` another one from the same directory or the defaults.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from followupd.core.errors import TemplateError
from followupd.engine.render import SUFFIX, DraftContext, RenderedDraft, is_template_name, render_text

log = logging.getLogger(__name__)


def _is_template_file(file_name: str) -> bool:
    return file_name.endswith(SUFFIX) and is_template_name(file_name[: -len(SUFFIX)])


def load_templates(templates_dir: Path | None = None) -> dict[str, str]:
    """``{"thank_you.j2": source, ...}``: the packaged defaults, overridden file by file by
    ``templates_dir`` (when given and present). Unreadable or non-UTF-8 files are TemplateErrors."""
    sources: dict[str, str] = {}
    for ref in resources.files("followupd").joinpath("templates").iterdir():
        if _is_template_file(ref.name) and ref.is_file():
            sources[ref.name] = ref.read_text(encoding="utf-8")
    if templates_dir is None:
        return sources
    if not templates_dir.is_dir():
        log.warning("templates directory %s does not exist; using the defaults", templates_dir)
        return sources
    for path in sorted(templates_dir.iterdir()):
        if not (_is_template_file(path.name) and path.is_file()):
            continue
        try:
            sources[path.name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(
                f"cannot read template {path}: {exc}", hint="templates are UTF-8 text files"
            ) from exc
    return sources


def render(template: str, ctx: DraftContext, templates_dir: Path | None = None) -> RenderedDraft:
    """Read the templates (the user's directory over the packaged defaults) and render
    ``template`` with the pure ``render_text``. Reads files."""
    return render_text(template, ctx, load_templates(templates_dir))
