from layerwise.fix.script import shape_of, shell_view


def test_shell_view_blanks_continuations_comments_and_empty_lines_keeping_length() -> None:
    text = "a && \\\n    # note\n\n    b"
    view = shell_view(text)
    assert len(view) == len(text)
    assert view.split() == ["a", "&&", "b"]


def test_shell_view_honours_the_escape_directive() -> None:
    assert shell_view("a && `\n  b", escape="`").split() == ["a", "&&", "b"]


def test_trailing_semicolon_is_outside_the_script_end() -> None:
    shape = shape_of("apt-get update;  ", 10)
    assert (shape.start, shape.end) == (10, 24)
    assert shape.appendable and not shape.needs_group_on_right


def test_top_level_operators() -> None:
    assert shape_of("a; b").needs_group_on_right
    assert shape_of("a || b").needs_group_on_right
    assert not shape_of("a && b | c").needs_group_on_right
    assert shape_of("a && b").and_only
    assert not shape_of("if a; then b; fi").and_only


def test_what_blocks_appending() -> None:
    assert not shape_of("a && b # note").appendable
    assert not shape_of("a &").appendable
    assert not shape_of("a && (").appendable


def test_state_changes_outside_subshells_only() -> None:
    for script in ("cd /x && make", "export A=1", "A=1", "set -x", "exit 0", "f() { :; }", ". ./env"):
        assert shape_of(script).changes_state, script
    for script in ("(cd /x && make)", "A=1 make", "echo $(cd /; pwd)"):
        assert not shape_of(script).changes_state, script


def test_errexit() -> None:
    assert shape_of("set -eux; a").sets_errexit
    assert shape_of("set -o errexit && a").sets_errexit
    assert not shape_of("set -x; a").sets_errexit
    assert not shape_of("(set -e; a)").sets_errexit


def test_non_ascii_offsets_are_characters() -> None:
    shape = shape_of("echo héllo;")
    assert shape.end == len("echo héllo")
