"""Obsidian's link resolution (spec section 5)."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import CORPORA

from netwerknotities.config import Config
from netwerknotities.resolve import LinkIndex, Resolution, normalise_name
from netwerknotities.vault import scan_vault


def index(*paths: str, aliases: dict[str, list[str]] | None = None) -> LinkIndex:
    notes = [p for p in paths if p.lower().endswith(".md")]
    attachments = [p for p in paths if not p.lower().endswith(".md")]
    return LinkIndex(notes, aliases or {}, attachments)


def test_plain_name_and_md_suffix() -> None:
    ix = index("People/Anna de Vries.md")
    assert ix.resolve("Anna de Vries", "x.md") == Resolution("People/Anna de Vries.md", ())
    assert ix.resolve("Anna de Vries.md", "x.md").path == "People/Anna de Vries.md"
    assert ix.resolve("Anna de Vries.MD", "x.md").path == "People/Anna de Vries.md"


def test_case_and_surrounding_space_are_ignored() -> None:
    ix = index("Quick switcher.md")
    assert ix.resolve("Quick Switcher ", "x.md").path == "Quick switcher.md"
    assert ix.resolve("  QUICK SWITCHER", "x.md").path == "Quick switcher.md"


def test_unicode_composed_and_decomposed_match() -> None:
    composed = unicodedata.normalize("NFC", "Nöte")
    decomposed = unicodedata.normalize("NFD", "Nöte")
    assert composed != decomposed
    ix = index(f"{decomposed}.md")
    assert ix.resolve(composed, "x.md").path == f"{decomposed}.md"
    ix = index(f"{composed}.md")
    assert ix.resolve(decomposed, "x.md").path == f"{composed}.md"
    assert normalise_name(decomposed) == normalise_name(composed.upper())


def test_folder_path_from_root_and_as_suffix() -> None:
    ix = index("a/sub/Note.md", "b/Note.md")
    assert ix.resolve("a/sub/Note", "x.md") == Resolution("a/sub/Note.md", ())
    assert ix.resolve("sub/Note", "x.md") == Resolution("a/sub/Note.md", ())
    # A suffix must stop at a folder boundary.
    assert ix.resolve("ub/Note", "x.md").path is None
    assert ix.resolve("/b/Note", "x.md").path == "b/Note.md"


def test_exact_vault_path_wins() -> None:
    ix = index("Note.md", "dir1/Note.md", "dir2/Note.md")
    result = ix.resolve("Note", "dir1/Other.md")
    assert result.path == "Note.md"
    assert result.candidates == ("Note.md", "dir1/Note.md", "dir2/Note.md")


def test_own_folder_wins_over_shorter_path() -> None:
    ix = index("z/Note.md", "longer/folder/Note.md")
    assert ix.resolve("Note", "longer/folder/From.md").path == "longer/folder/Note.md"
    assert ix.resolve("Note", "elsewhere/From.md").path == "z/Note.md"


def test_ancestor_folder_does_not_count_as_own_folder() -> None:
    ix = index("b/Note.md", "abc/Note.md")
    assert ix.resolve("Note", "abc/sub/From.md").path == "b/Note.md"


def test_shortest_then_alphabetical() -> None:
    ix = index("bb/Note.md", "aa/Note.md", "c/d/Note.md")
    result = ix.resolve("Note", "x/From.md")
    assert result.path == "aa/Note.md"
    assert result.candidates == ("aa/Note.md", "bb/Note.md", "c/d/Note.md")


def test_folder_link_relative_to_own_folder() -> None:
    ix = index("p/sub/Note.md", "q/sub/Note.md")
    assert ix.resolve("sub/Note", "q/From.md").path == "q/sub/Note.md"
    assert ix.resolve("sub/Note", "r/From.md").path == "p/sub/Note.md"


def test_relative_dot_paths() -> None:
    ix = index("a/Note.md", "b/Note.md")
    assert ix.resolve("../b/Note", "a/From.md").path == "b/Note.md"
    assert ix.resolve("./Note", "b/From.md").path == "b/Note.md"
    assert ix.resolve("../Note", "From.md").path is None


def test_alias_resolves_when_no_file_has_the_name() -> None:
    ix = index("People/Anna.md", "Bob.md", aliases={"People/Anna.md": ["Annie", "Bob", None]})  # type: ignore[list-item]
    assert ix.resolve("annie", "x.md") == Resolution("People/Anna.md", ())
    # A file name wins over an alias.
    assert ix.resolve("Bob", "x.md") == Resolution("Bob.md", ())
    assert ix.names_of("People/Anna.md") == ("Anna", "Annie", "Bob")
    assert ix.resolve("Nobody", "x.md") == Resolution(None, ())


def test_alias_shared_by_two_notes_is_ambiguous() -> None:
    ix = index("b/Jan.md", "a/Johannes.md", aliases={"b/Jan.md": ["JJ"], "a/Johannes.md": ["jj"]})
    assert ix.resolve("JJ", "x.md") == Resolution("b/Jan.md", ("a/Johannes.md", "b/Jan.md"))


def test_attachments_resolve_by_full_name() -> None:
    ix = index("Note.md", "assets/img.png", "doc.pdf")
    assert ix.resolve("img.png", "Note.md").path == "assets/img.png"
    assert ix.resolve("IMG.PNG", "Note.md").path == "assets/img.png"
    assert ix.resolve("img", "Note.md").path is None
    assert ix.resolve("doc.pdf", "Note.md").path == "doc.pdf"


def test_empty_target_is_the_note_itself() -> None:
    ix = index("a/Note.md")
    assert ix.resolve("", "a/Note.md") == Resolution("a/Note.md", ())


def test_link_text_unique_and_shared_names() -> None:
    ix = index("Note.md", "dir1/Note.md", "x/dir2/Note.md", "People/Anna.md", "img.png")
    assert ix.link_text("People/Anna.md") == "[[Anna]]"
    assert ix.link_text("People/Anna.md", "Annie") == "[[Anna|Annie]]"
    assert ix.link_text("People/Anna.md", "Anna") == "[[Anna]]"
    assert ix.link_text("Note.md") == "[[Note]]"
    assert ix.link_text("dir1/Note.md") == "[[dir1/Note]]"
    assert ix.link_text("x/dir2/Note.md") == "[[dir2/Note]]"
    assert ix.link_text("img.png") == "[[img.png]]"


def test_link_text_round_trips_through_resolve() -> None:
    paths = ["Note.md", "a/Note.md", "b/a/Note.md", "c/b/a/Note.md", "Solo.md", "x/y/Deep.md"]
    ix = index(*paths)
    for path in paths:
        target = ix.link_text(path)[2:-2]
        for origin in ("From.md", "a/From.md", "b/a/From.md", "c/b/From.md"):
            assert ix.resolve(target, origin).path == path, (path, target, origin)


def test_same_filename_corpus() -> None:
    vault = CORPORA / "obsidian-export/tests/testdata/input/same-filename-different-directories"
    if not vault.is_dir():
        pytest.skip("obsidian-export corpus not present")
    scan = scan_vault(vault, Config())
    ix = LinkIndex([n.path for n in scan.notes], {}, scan.attachments)
    assert ix.resolve("dir1/Note", "Note.md") == Resolution("dir1/Note.md", ())
    assert ix.resolve("dir2/Note", "Note.md") == Resolution("dir2/Note.md", ())
    assert ix.resolve("Note", "dir2/Note.md").path == "Note.md"
    assert ix.link_text("dir2/Note.md", "note from dir2") == "[[dir2/Note|note from dir2]]"


def test_obsidiantools_duplicate_name() -> None:
    vault = CORPORA / "obsidiantools/tests/vault-stub"
    if not vault.is_dir():
        pytest.skip("obsidiantools corpus not present")
    scan = scan_vault(vault, Config())
    ix = LinkIndex([n.path for n in scan.notes], {}, scan.attachments)
    both = ("Isolated note.md", "lipsum/Isolated note.md")
    assert ix.resolve("Isolated note", "lipsum/Alimenta.md") == Resolution(both[0], both)
    assert ix.link_text("lipsum/Isolated note.md") == "[[lipsum/Isolated note]]"
    assert ix.resolve("Crazy wall 2.canvas", "lipsum/Alimenta.md").path == "Crazy wall 2.canvas"
    assert ix.resolve("Ne fuit", "lipsum/Causam mihi.md").path == "lipsum/Ne fuit.md"
    # `[[Aras Teucras.md]]` in the corpus names a note that does not exist.
    assert ix.resolve("Aras Teucras.md", "lipsum/Ne fuit.md").path is None


def test_empty_index() -> None:
    ix = LinkIndex([], {})
    assert ix.resolve("Anything", "x.md") == Resolution(None, ())
    assert ix.link_text("Ghost.md") == "[[Ghost]]"


def test_remembered_results_still_depend_on_the_folder() -> None:
    ix = index("z/Note.md", "longer/folder/Note.md", "a/X.md", "b/X.md")
    # The same targets asked again from other folders, in both orders.
    for _ in range(2):
        assert ix.resolve("Note", "elsewhere/From.md").path == "z/Note.md"
        assert ix.resolve("Note", "longer/folder/From.md").path == "longer/folder/Note.md"
        assert ix.resolve("./X", "b/From.md").path == "b/X.md"
        assert ix.resolve("./X", "a/From.md").path == "a/X.md"
        assert ix.resolve("", "a/From.md").path == "a/From.md"
        assert ix.resolve("", "b/From.md").path == "b/From.md"
