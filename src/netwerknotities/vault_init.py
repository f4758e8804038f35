"""`init`: a commented config file and the note templates, put into a vault.

Nothing that exists is overwritten: `init` only ever adds files.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .config import CONFIG_FILE, load_config, render_config_template
from .errors import VaultError
from .output import atomic_write
from .vault import read_settings


def bundled_templates(language: str) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the shipped templates: Dutch at the top, English in `en/`."""
    root = resources.files("netwerknotities.templates")
    folder: Traversable = root / "en" if language == "en" else root
    return sorted(
        (entry.name, entry.read_bytes())
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(".md")
    )


def init_vault(vault: Path, config_path: Path | None = None) -> Iterator[str]:
    """Add the config file and templates; yield one line per file, written or kept."""
    if not vault.is_dir():
        raise VaultError(f"{vault}: no such vault folder")
    target = config_path or vault / CONFIG_FILE
    existing = load_config(vault, config_path) if target.exists() else None
    settings = read_settings(vault, existing or load_config(vault, None))
    folder_name = settings.templates_folders[0] if settings.templates_folders else "Templates"
    if existing is not None:
        yield f"kept     {target} (exists)"
    else:
        text = render_config_template()
        if not settings.templates_folders:
            # Obsidian has no templates folder set: name ours, so that the templates
            # are never read as notes, whatever the user sets in Obsidian later.
            text = text.replace('# templates_folder = ""', f'templates_folder = "{folder_name}"')
        atomic_write(target, text.encode("utf-8"))
        yield f"written  {target}"
    config = load_config(vault, config_path)
    folder = vault / folder_name
    for name, data in bundled_templates(config.language):
        path = folder / name
        if path.exists():
            yield f"kept     {path} (exists)"
        else:
            atomic_write(path, data)
            yield f"written  {path}"
    if not settings.templates_folders:
        yield (
            f"Tip: set {folder_name}/ as the template folder location in Obsidian "
            "(Settings → Templates) to use these templates there."
        )
