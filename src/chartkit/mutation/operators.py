"""Mutation operators over Helm template text (`chartkit.mutation.runner` runs them).

Each operator makes one small edit a reviewer could miss: delete a line,
negate an `if`, swap `and`/`or`, shift a comparison (`eq`<->`ne`, `gt`->`ge`,
...), change a number, drop one `| filter` from a pipeline, flip a boolean,
empty a string literal. Edits that can only break the template or cannot
change any output are not generated:
- nothing inside a template comment `{{/* */}}` or on a YAML comment line
  (`# ...` in a .yaml/.tpl file; NOTES.txt has no comments);
- no deletion of a bare `{{- end }}` line (always a parse error);
- no change to `nindent`/`indent` widths (YAML accepts any consistent
  indentation, or the document breaks);
- no change to the template name given to `include`/`template`/`define`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ACTION = re.compile(r"\{\{-?(.*?)-?\}\}", re.S)
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
WORD_BEFORE_NUMBER = re.compile(r"(?:nindent|indent)\s+$")
NAMED_TEMPLATE = re.compile(r"(?:include|template|define)\s+$")
NUMBER = re.compile(r"(?<![\w.\-/%@$])\d+(?![\w.%])")
BOOL = re.compile(r"(?<![\w.$-])(true|false)(?![\w-])")
COMPARE = {"eq": "ne", "ne": "eq", "lt": "le", "le": "lt", "gt": "ge", "ge": "gt"}
FUNC = re.compile(r"(?<![\w.$])(eq|ne|lt|le|gt|ge|and|or)(?=[\s(])")
END_LINE = re.compile(r"^\s*\{\{-?\s*end\s*-?\}\}\s*$")
CONDITION = re.compile(r"(\s*(?:else\s+)?if\s+)(.*?)(\s*)$", re.S)


@dataclass(frozen=True)
class Mutant:
    file: str  # path inside the chart, e.g. "templates/service.yaml"
    line: int  # 1-based line of the edit
    operator: str
    start: int  # character offsets of the replaced text
    end: int
    original: str
    replacement: str

    def apply(self, text: str) -> str:
        assert text[self.start:self.end] == self.original, f"{self.file} changed since mutants were generated"
        return text[:self.start] + self.replacement + text[self.end:]

    def describe(self) -> str:
        if self.operator == "delete-line":
            return f"{self.file}:{self.line} delete-line: {self.original.strip()!r}"
        return f"{self.file}:{self.line} {self.operator}: {self.original!r} -> {self.replacement!r}"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _actions(text: str) -> tuple[list[tuple[int, int]], list[_Span]]:
    """(code spans of non-comment actions' bodies, spans of comment actions)."""
    code: list[tuple[int, int]] = []
    comments: list[_Span] = []
    for m in ACTION.finditer(text):
        if m.group(1).strip().startswith("/*"):
            comments.append(_Span(m.start(), m.end()))
        else:
            code.append((m.start(1), m.end(1)))
    return code, comments


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with string literals inside `spans` blanked out (same length)."""
    chars = list(text)
    for start, end in spans:
        for m in STRING.finditer(text, start, end):
            chars[m.start() + 1:m.end() - 1] = " " * (m.end() - m.start() - 2)
    return "".join(chars)


def mutants_of(text: str, file: str) -> list[Mutant]:
    """Every mutant of one template file, in file order, without duplicates."""
    code, comments = _actions(text)
    yaml_comments = file.endswith((".yaml", ".yml", ".tpl"))
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def line_of(offset: int) -> int:
        lo, hi = 0, len(line_starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if line_starts[mid] <= offset else (lo, mid)
        return lo + 1

    def in_comment(start: int, end: int) -> bool:
        if any(c.start <= start and end <= c.end for c in comments):
            return True
        if not yaml_comments:
            return False
        line_start = line_starts[line_of(start) - 1]
        in_action = any(s <= start < e for s, e in code)
        return not in_action and text[line_start:start].lstrip().startswith("#")

    out: list[Mutant] = []

    def add(op: str, start: int, end: int, replacement: str) -> None:
        if text[start:end] != replacement and not in_comment(start, end):
            out.append(Mutant(file, line_of(start), op, start, end, text[start:end], replacement))

    _delete_lines(text, line_starts, comments, yaml_comments, add)
    masked = _masked(text, code)
    for start, end in code:
        _conditions(text, start, end, add)
        _functions(masked, start, end, add)
        _filters(masked, start, end, add)
        _strings(text, masked, start, end, add)
    for m in NUMBER.finditer(masked):
        if not WORD_BEFORE_NUMBER.search(masked[max(0, m.start() - 10):m.start()]):
            n = int(m.group())
            add("number", m.start(), m.end(), str({0: 1, 1: 0}.get(n, n + 1)))
    for m in BOOL.finditer(masked):
        add("flip-bool", m.start(), m.end(), "false" if m.group() == "true" else "true")
    unique = {(m.start, m.end, m.replacement): m for m in out}
    return sorted(unique.values(), key=lambda m: (m.start, m.end, m.operator, m.replacement))


def _delete_lines(text: str, line_starts: list[int], comments: list[_Span], yaml_comments: bool, add) -> None:
    for i, start in enumerate(line_starts):
        end = line_starts[i + 1] if i + 1 < len(line_starts) else len(text)
        line = text[start:end]
        stripped = ACTION.sub(lambda m: "" if m.group(1).strip().startswith("/*") else m.group(0), line).strip()
        inside_comment = any(c.start <= start and end <= c.end + 1 for c in comments)
        if not stripped or inside_comment or END_LINE.match(line) or (yaml_comments and stripped.startswith("#")):
            continue
        add("delete-line", start, end, "")


def _conditions(text: str, start: int, end: int, add) -> None:
    """`if X` -> `if not (X)`; `if not X` -> `if X`."""
    m = CONDITION.match(text, start, end)
    if not m or m.end() != end:
        return
    cond_start, cond_end = m.start(2), m.end(2)
    cond = text[cond_start:cond_end]
    negated = re.match(r"not\s+(\(.*\)|\S+)$", cond, re.S)
    if negated:
        inner = negated.group(1)
        add("negate", cond_start, cond_end, inner[1:-1] if inner.startswith("(") and _balanced(inner) else inner)
    else:
        add("negate", cond_start, cond_end, f"not ({cond})")


def _balanced(group: str) -> bool:
    """True when the outer parentheses of `group` enclose all of it."""
    depth = 0
    for i, ch in enumerate(group):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and i < len(group) - 1:
            return False
    return True


def _functions(masked: str, start: int, end: int, add) -> None:
    for m in FUNC.finditer(masked, start, end):
        name = m.group(1)
        if name in COMPARE:
            add("compare", m.start(1), m.end(1), COMPARE[name])
        else:
            add("and-or", m.start(1), m.end(1), "or" if name == "and" else "and")


def _filters(masked: str, start: int, end: int, add) -> None:
    """Drop one `| fn args` stage; a stage ends at the next `|` or the
    parenthesis that closes its group."""
    depth = 0
    opened: list[tuple[int, int]] = []  # (offset of "|", depth)
    for i in range(start, end + 1):
        ch = masked[i] if i < end else ")"
        if ch == "(":
            depth += 1
        elif ch in "|)":
            while opened and opened[-1][1] == depth:
                bar, _ = opened.pop()
                stage = masked[bar:i]
                if not re.match(r"\|\s*(?:nindent|indent)\b", stage):
                    add("drop-filter", bar - _spaces_before(masked, bar), i - _spaces_before(masked, i), "")
            if ch == "|":
                opened.append((i, depth))
            else:
                depth -= 1


def _spaces_before(masked: str, i: int) -> int:
    n = 0
    while masked[i - n - 1] == " ":
        n += 1
    return n


def _strings(text: str, masked: str, start: int, end: int, add) -> None:
    for m in STRING.finditer(text, start, end):
        if NAMED_TEMPLATE.search(masked[max(start, m.start() - 12):m.start()]):
            continue
        add("string", m.start(), m.end(), '""' if m.group() != '""' else '"x"')
