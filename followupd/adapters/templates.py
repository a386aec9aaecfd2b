"""Read the draft templates from disk, once per use: package defaults, then the user's directory.

This is the only place that opens template files; ``engine.render.render_text`` works on the
mapping returned here and stays pure. Only ``<name>.j2`` files whose name is a valid template
name are read (``[a-z][a-z0-9_]*``, up to 64 characters), so a template can
``{% include "signature.j2" %}`` another one of the same language.

For a draft in language L (``engine.language``), each file comes from the first of::

    <templates_dir>/L/<name>.j2     the user's template for that language
    <templates_dir>/<name>.j2       the user's template for every language without its own
    followupd/templates/L/<name>.j2 the built-in one (en, de, fr, es)

so a file written before templates had languages keeps winning over the built-in ones.
"""

from __future__ import annotations

import logging
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from followupd.core.errors import TemplateError
from followupd.engine.language import DEFAULT_LANGUAGE
from followupd.engine.render import SUFFIX, DraftContext, RenderedDraft, is_template_name, render_text

log = logging.getLogger(__name__)


def _is_template_file(file_name: str) -> bool:
    return file_name.endswith(SUFFIX) and is_template_name(file_name[: -len(SUFFIX)])


def _builtin(language: str) -> dict[str, str]:
    base = resources.files("followupd").joinpath("templates")
    folder: Traversable = base.joinpath(language)
    if not folder.is_dir():
        folder = base.joinpath(DEFAULT_LANGUAGE)
    return {
        ref.name: ref.read_text(encoding="utf-8")
        for ref in folder.iterdir()
        if _is_template_file(ref.name) and ref.is_file()
    }


def _read_dir(directory: Path) -> dict[str, str]:
    sources: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        if not (_is_template_file(path.name) and path.is_file()):
            continue
        try:
            sources[path.name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(
                f"cannot read template {path}: {exc}", hint="templates are UTF-8 text files"
            ) from exc
    return sources


def load_templates(templates_dir: Path | None = None, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """``{"thank_you.j2": source, ...}`` for drafts in ``language``: the packaged defaults of that
    language, overridden file by file by ``templates_dir`` and then by ``templates_dir/<language>``
    (when given and present). Unreadable or non-UTF-8 files are TemplateErrors."""
    sources = _builtin(language)
    if templates_dir is None:
        return sources
    if not templates_dir.is_dir():
        log.warning("templates directory %s does not exist; using the defaults", templates_dir)
        return sources
    sources.update(_read_dir(templates_dir))
    own = templates_dir / language
    if own.is_dir():
        sources.update(_read_dir(own))
    return sources


def render(template: str, ctx: DraftContext, templates_dir: Path | None = None) -> RenderedDraft:
    """Read the templates of the draft's language (``ctx.language``; the user's directory over the
    packaged defaults) and render ``template`` with the pure ``render_text``. Reads files."""
    return render_text(template, ctx, load_templates(templates_dir, ctx.language))
