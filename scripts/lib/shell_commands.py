#!/usr/bin/env python3
"""The external commands a set of bash scripts call, found by reading them (no script is run).

    shell_commands.py FILE...     prints "command<TAB>file:line" for every command word

Each script is first normalised by bash itself (`bash --pretty-print`: one parse, the shell's own),
then a small lexer walks it: quotes, $( ) and backticks (scanned as commands of their own), [[ ]],
(( )), redirections, assignments, case patterns, for/select lists and the wrappers that run another
command (timeout, env, nice, exec, command, setpriv, xargs) are understood.  Words that are
variables ("$cc"), paths (./x, /usr/lib/wine/wine64, dir/script.sh) or functions defined in any of
the files are left out; bash builtins and keywords too.  What is printed is what
scripts/check-commands.sh compares with the command table of scripts/toolchains.sh.
"""
import re
import subprocess
import sys

KEYWORDS = set("""if then else elif fi for while until do done case esac in function select time
! [[ ]] { } coproc""".split())
BUILTINS = set("""alias bg bind break builtin caller cd command compgen complete compopt continue declare
dirs disown echo enable eval exec exit export false fc fg getopts hash help history jobs kill let
local logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt source
suspend test times trap true type typeset ulimit umask unalias unset wait . : [""".split())
# wrappers: the command they run comes after their own options
WRAPPERS = {"timeout", "env", "nice", "exec", "command", "setpriv", "xargs", "nohup", "stdbuf", "time"}
SEPARATORS = {";", "&", "|", "||", "&&", "(", ")", "\n", ";;", "|&", "{", "}"}
START_KEYWORDS = {"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"}


def tokens(text):
    """Yields (kind, value, line): kind is 'word', 'op' or 'sub' (the text inside $( ) or ` `)."""
    i, n, line = 0, len(text), 1
    heredocs = []                      # delimiters whose bodies start after this line
    while i < n:
        c = text[i]
        if c == "\n":
            yield "op", "\n", line
            line += 1
            i += 1
            for delim, strip in heredocs:   # a here-document's body is data, not commands
                while i < n:
                    j = text.find("\n", i)
                    j = n if j < 0 else j
                    body_line = text[i:j]
                    i = j + 1
                    line += 1
                    if (body_line.lstrip("\t") if strip else body_line) == delim:
                        break
            heredocs = []
            continue
        if text.startswith("<<", i) and not text.startswith("<<<", i):
            j = i + 2
            strip = j < n and text[j] == "-"
            if strip:
                j += 1
            while j < n and text[j] in " \t":
                j += 1
            k = j
            while k < n and text[k] not in " \t\n;&|<>()":
                k += 1
            heredocs.append((unquote(text[j:k]), strip))
            yield "op", "redir", line
            yield "word", "heredoc", line
            i = k
            continue
        if c in " \t":
            i += 1
            continue
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        two = text[i:i + 2]
        if two in ("&&", "||", ";;", "|&", "((", "))"):
            yield "op", two, line
            i += 2
            continue
        if c in ";&|(){}":
            yield "op", c, line
            i += 1
            continue
        if c in "<>":
            # a redirection: skip the operator; its target is a word that is not a command
            j = i
            while j < n and text[j] in "<>&|-":
                j += 1
            yield "op", "redir", line
            i = j
            continue
        # a word: up to an unquoted blank or operator; quoted parts and $( ) kept together
        start, subs, word = i, [], []
        while i < n and text[i] not in " \t\n;&|()<>":
            c = text[i]
            if c == "\\" and i + 1 < n:
                word.append(text[i:i + 2])
                if text[i + 1] == "\n":
                    line += 1
                i += 2
            elif c == "'":
                j = text.index("'", i + 1)
                word.append(text[i:j + 1])
                line += text.count("\n", i, j)
                i = j + 1
            elif c == '"':
                j = i + 1
                while j < n and text[j] != '"':
                    if text[j] == "\\":
                        j += 2
                        continue
                    if text.startswith("$(", j) and not text.startswith("$((", j):
                        k = matching(text, j + 1)
                        subs.append((text[j + 2:k], line + text.count("\n", i, j)))
                        j = k + 1
                        continue
                    if text[j] == "`":
                        k = text.index("`", j + 1)
                        subs.append((text[j + 1:k], line))
                        j = k + 1
                        continue
                    j += 1
                word.append(text[i:j + 1])
                line += text.count("\n", i, j)
                i = j + 1
            elif text.startswith("$((", i):
                k = matching_arith(text, i + 1)
                word.append(text[i:k + 1])
                i = k + 1
            elif text.startswith("$(", i):
                k = matching(text, i + 1)
                subs.append((text[i + 2:k], line))
                word.append(text[i:k + 1])
                line += text.count("\n", i, k)
                i = k + 1
            elif c == "$" and i + 1 < n and text[i + 1] == "{":
                k = text.index("}", i)
                word.append(text[i:k + 1])
                i = k + 1
            elif c == "`":
                k = text.index("`", i + 1)
                subs.append((text[i + 1:k], line))
                word.append(text[i:k + 1])
                i = k + 1
            else:
                word.append(c)
                i += 1
        for s, l in subs:
            yield "sub", s, l
        yield "word", "".join(word), line


def matching(text, i):
    """text[i] == '(' : the index of its closing ')', quotes and nesting respected."""
    depth, j, n = 0, i, len(text)
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "'":
            j = text.index("'", j + 1) + 1
            continue
        if c == '"':
            j += 1
            while j < n and text[j] != '"':
                if text[j] == "\\":
                    j += 1
                elif text.startswith("$(", j):
                    j = matching(text, j + 1)
                j += 1
            j += 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ValueError("unbalanced ( at %d" % i)


def matching_arith(text, i):
    depth, j = 0, i
    while j < len(text):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ValueError("unbalanced (( at %d" % i)


def after_parens(toks, k):
    """toks[k] is "(": the index after its matching ")"."""
    depth = 0
    while k < len(toks):
        if toks[k][1] == "(":
            depth += 1
        elif toks[k][1] == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return k


def unquote(w):
    return re.sub(r"""['"\\]""", "", w)


def commands(text, base_line=1):
    """Yields (name, line) of each word in command position."""
    at_start, pending_wrapper, skip_until, case_depth, in_case_pattern = True, None, None, 0, False
    toks = list(tokens(text))
    k = 0
    while k < len(toks):
        kind, val, line = toks[k]
        line += base_line - 1
        k += 1
        if kind == "sub":
            yield from commands(val, line)
            continue
        if kind == "op":
            if val == "redir":
                # skip the redirection's target word (and its substitutions)
                while k < len(toks) and toks[k][0] == "sub":
                    yield from commands(toks[k][1], toks[k][2] + base_line - 1)
                    k += 1
                if k < len(toks) and toks[k][0] == "word":
                    k += 1
                continue
            if val == "((":
                depth = 1
                while k < len(toks) and depth:
                    if toks[k][1] == "((":
                        depth += 1
                    elif toks[k][1] == "))":
                        depth -= 1
                    k += 1
                at_start = False
                continue
            if skip_until is None and val in SEPARATORS:
                at_start = True
                pending_wrapper = None
                if val == ";;":
                    in_case_pattern = True
            if val == "\n" and skip_until == "\n":
                skip_until = None
                at_start = True
            continue
        w = val
        if skip_until is not None:
            if w == skip_until or (skip_until == "do" and w == "do"):
                skip_until = None
                at_start = True
            continue
        if w == "[[":
            skip_until = "]]"
            continue
        if w == "case":
            case_depth += 1
            skip_until = "in"
            in_case_pattern = True
            continue
        if w == "esac":
            case_depth -= 1
            in_case_pattern = False
            at_start = False
            continue
        if in_case_pattern and case_depth:
            # the pattern runs up to ")"; bash --pretty-print puts each item's commands after it
            while k < len(toks) and toks[k][1] != ")":
                k += 1
            k += 1
            in_case_pattern = False
            at_start = True
            continue
        if w in ("for", "select"):
            skip_until = "do"
            continue
        if w == "function":
            skip_until = "\n"
            continue
        if not at_start:
            continue
        if w in START_KEYWORDS:
            continue
        if w in ("fi", "done"):
            at_start = False
            continue
        if w.isdigit() and k < len(toks) and toks[k][1] == "redir":
            continue                                   # a file descriptor: 2> /dev/null
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=", w):
            if w.endswith("=") and k < len(toks) and toks[k][1] == "(":
                k = after_parens(toks, k)              # an array: NAME=( words ) holds no command
            continue                                   # an assignment: the command follows
        if pending_wrapper is not None:
            if pending_wrapper == "command" and w in ("-v", "-V"):
                pending_wrapper = None                 # command -v NAME looks a name up, runs nothing
                k += 1
                continue
            if w.startswith("-") or re.match(r"^[0-9.]+[smhd]?$", w) or (pending_wrapper == "env" and "=" in w):
                if (pending_wrapper, w) in (("nice", "-n"), ("env", "-u"), ("env", "-C"), ("timeout", "-s"),
                                            ("timeout", "-k"), ("xargs", "-I"), ("xargs", "-n")):
                    k += 1                             # the option's value
                continue
            pending_wrapper = None
        name = unquote(w)
        at_start = False
        if name in ("local", "declare", "typeset", "export", "readonly"):
            # their words are names and assignments; an array value NAME=( … ) is skipped as above
            while k < len(toks) and toks[k][1] not in SEPARATORS - {"(", ")"}:
                if toks[k][0] == "sub":
                    yield from commands(toks[k][1], toks[k][2] + base_line - 1)
                k = after_parens(toks, k) if toks[k][1] == "(" else k + 1
            continue
        # a function definition "name ()": not a call
        if k < len(toks) and toks[k][1] == "(" and k + 1 < len(toks) and toks[k + 1][1] == ")":
            k += 2
            at_start = True
            continue
        if name in WRAPPERS:
            pending_wrapper = name
            at_start = True
            yield name, line
            continue
        if "$" in w or "/" in name or name == "" or name in KEYWORDS:
            continue
        yield name, line


def functions(text):
    # bash --pretty-print writes "name () " at a line start or after "; " (a definition inside a block)
    return set(re.findall(r"(?:^|;)\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_:-]*)\s*\(\)", text, re.M))


def main(files):
    texts, funcs = {}, set()
    for f in files:
        pretty = subprocess.run(["bash", "--pretty-print", f], capture_output=True, text=True)
        sys.stderr.flush()
        if pretty.returncode != 0:
            sys.stderr.write("%s: bash cannot parse it: %s\n" % (f, pretty.stderr.strip()))
            return 2
        texts[f] = pretty.stdout
        funcs |= functions(pretty.stdout)
    for f, text in texts.items():
        try:
            found = list(commands(text))
        except ValueError as e:
            sys.stderr.write("%s: cannot be read (%s)\n" % (f, e))
            return 2
        for name, line in found:
            if name in BUILTINS or name in KEYWORDS or name in funcs:
                continue
            print("%s\t%s:%d" % (name, f, line))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
