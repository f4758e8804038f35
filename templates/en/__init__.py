"""Obsidian note templates (English), shipped with the package for `netwerknotities init`."""
