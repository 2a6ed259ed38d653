"""Commands and words of a RUN, with spans that point at the exact Dockerfile text."""

from __future__ import annotations

from layerwise.dockerfile import Dockerfile, Instruction, parse
from layerwise.dockerfile.shell import ShellScript, script_for


def run_script(body: str, header: str = "FROM a\n") -> tuple[Dockerfile, ShellScript]:
    df = parse(header + body)
    run = next(i for i in df.instructions if i.keyword == "RUN")
    script = run.shell
    assert script is not None
    return df, script


def names(script: ShellScript) -> list[str]:
    return [c.name for c in script.commands]


def test_operators_and_order() -> None:
    _, script = run_script("RUN a && b || c; d & e | f\n")
    assert names(script) == ["a", "b", "c", "d", "e", "f"]
    assert [c.operator_before for c in script.commands] == [None, "&&", "||", ";", "&", "|"]
    assert script.has_pipe and [c.name for c in script.pipes_commands] == ["e", "f"]
    assert [[c.name for c in p] for p in script.pipelines] == [["e", "f"]]


def test_subshell_if_and_conditions() -> None:
    _, script = run_script("RUN (cd /src && make) ; if grep -q x f; then echo yes; fi; ! false; g || true\n")
    by_name = {c.name: c for c in script.commands}
    assert by_name["cd"].in_subshell and by_name["make"].in_subshell
    assert not by_name["echo"].in_subshell
    assert by_name["grep"].in_condition and not by_name["echo"].in_condition
    assert by_name["false"].in_condition
    assert by_name["g"].in_condition and by_name["true"].in_condition
    assert not by_name["make"].in_condition


def test_words_map_to_exact_text_across_continuations() -> None:
    body = (
        "RUN apt-get update \\\n"
        "    # comment dropped by BuildKit\n"
        "\n"
        " && apt-get install -qy --no-install-recommends \\\n"
        "      curl 'a b' \"c$HOME\" x\\ y\n"
    )
    df, script = run_script(body)
    assert names(script) == ["apt-get", "apt-get"]
    install = script.commands[1]
    assert install.operator_before == "&&"
    for word in install.words:
        assert df.text[word.span.start : word.span.end] == word.text
    assert [w.text for w in install.args] == [
        "install",
        "-qy",
        "--no-install-recommends",
        "curl",
        "'a b'",
        '"c$HOME"',
        "x\\ y",
    ]
    assert [w.value for w in install.args][3:] == ["curl", "a b", "c$HOME", "x y"]
    assert [w.is_static for w in install.args][3:] == [True, True, False, True]
    assert install.span.line == 5 and install.words[0].span.column == 5
    assert df.text[install.span.start : install.span.end].startswith("apt-get install")


def test_flags_positional_and_subcommand() -> None:
    _, script = run_script("RUN apt-get -o Dpkg::Options=x -qy --allow-downgrades=1 install curl -- -weird\n")
    command = script.commands[0]
    assert command.has_flag("-y") and command.has_flag("-q") and command.has_flag("--allow-downgrades")
    assert not command.has_flag("--yes") and not command.has_flag("-x")
    assert command.flags() == ["-o", "-qy", "--allow-downgrades=1"]
    assert [w.value for w in command.positional({"-o"})] == ["install", "curl", "-weird"]
    assert command.subcommand({"-o"}) == "install"
    assert command.subcommand() == "Dpkg::Options=x"


def test_effective_strips_wrappers() -> None:
    _, script = run_script("RUN DEBIAN_FRONTEND=noninteractive sudo -u root env A=1 nice -n 5 apt-get install x\n")
    command = script.commands[0]
    assert command.name == "sudo"
    assert [w.text for w in command.assignments] == ["DEBIAN_FRONTEND=noninteractive"]
    effective = command.effective()
    assert effective.name == "apt-get" and effective.subcommand() == "install"
    assert effective.span == command.span
    assert [c.name for c in script.commands_named("apt-get")] == ["apt-get"]


def test_end_offset_for_appending() -> None:
    df, script = run_script("RUN apt-get update && \\\n    apt-get install -y x   \nUSER a\n")
    assert df.text[: script.end].endswith("apt-get install -y x")
    assert df.text[script.offset : script.offset + 7] == "apt-get"


def test_backtick_escape_maps_to_backslash() -> None:
    df, script = run_script("RUN echo a `\n  && echo b\n", header="# escape=`\nFROM a\n")
    assert names(script) == ["echo", "echo"]
    second = script.commands[1]
    assert df.text[second.span.start : second.span.end] == "echo b"
    assert script.text == "echo a \\\n  && echo b"


def test_heredoc_alone_is_the_script() -> None:
    df, script = run_script("RUN <<EOF\napt-get update\napt-get install -y x\nEOF\n")
    assert names(script) == ["apt-get", "apt-get"]
    assert [c.subcommand() for c in script.commands] == ["update", "install"]
    word = script.commands[1].words[2]
    assert df.text[word.span.start : word.span.end] == "-y" and word.span.line == 4
    assert df.text[: script.end].endswith("install -y x")


def test_heredoc_with_python_shebang_is_not_shell() -> None:
    df = parse("FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n")
    assert df.instructions[1].shell is None


def test_heredoc_fed_to_a_command() -> None:
    df, script = run_script("RUN cat <<EOF > /etc/x && chmod 600 /etc/x\nline\nEOF\n")
    assert names(script) == ["cat", "chmod"]
    assert df.text[: script.end].endswith("chmod 600 /etc/x")


def test_heredoc_fed_to_a_shell_is_a_script_too() -> None:
    df, script = run_script("RUN sudo bash -e <<EOF && echo x\napt-get update\nEOF\n")
    assert names(script) == ["sudo", "echo", "apt-get"]
    update = script.commands[2]
    assert df.text[update.span.start : update.span.end] == "apt-get update" and update.span.line == 3
    assert df.text[: script.end].endswith("echo x")


def test_heredoc_fed_to_other_commands_is_data() -> None:
    _, script = run_script("RUN python3 <<EOF\nimport os\nEOF\n")
    assert names(script) == ["python3"]


def test_exec_form_and_other_keywords_have_no_script() -> None:
    df = parse('FROM a\nRUN ["apt-get", "update"]\nCMD echo hi\n')
    assert all(i.shell is None for i in df.instructions)
    assert script_for(df.instructions[1]) is None


def test_powershell_shell_is_not_parsed_as_bash() -> None:
    df = parse('FROM a\nSHELL ["powershell", "-Command"]\nRUN Write-Host hi\n')
    assert df.instructions[2].run_shell == ("powershell", "-Command")
    assert df.instructions[2].shell is None


def test_onbuild_run_has_a_script() -> None:
    df = parse("FROM a\nONBUILD RUN apt-get update\n")
    inner = df.instructions[1].onbuild
    assert isinstance(inner, Instruction)
    script = inner.shell
    assert script is not None and names(script) == ["apt-get"]
    word = script.commands[0].words[1]
    assert df.text[word.span.start : word.span.end] == "update"


def test_non_ascii_offsets() -> None:
    df, script = run_script("RUN echo 'héllo wörld' && touch /ünï\n")
    touch = script.commands[1]
    assert df.text[touch.span.start : touch.span.end] == "touch /ünï"
    assert touch.words[1].value == "/ünï"


def test_undecodable_and_nul_characters() -> None:
    df, script = run_script("RUN echo \udcff x && ls \x00\n")
    assert names(script) == ["echo", "ls"]
    assert all(df.text[w.span.start : w.span.end] == w.text for c in script.commands for w in c.words)


def test_shell_is_cached() -> None:
    df = parse("FROM a\nRUN true\n")
    assert df.instructions[1].shell is df.instructions[1].shell
