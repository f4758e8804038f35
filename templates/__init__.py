"""Obsidian note templates (Dutch), shipped with the package for `netwerknotities init`."""
