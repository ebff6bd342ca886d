"""Which values a chart's templates read, found by reading the templates.

A small reader of Go template actions: it follows `.Values.a.b` and
`$.Values.a.b` (any `X.Values` is the root values), variables bound to a
values path (`$v := .Values`, `$p := index $.Values.persistence $name`),
the dot inside `with`/`range` over a values path, `index X "k" $var`,
`get`, `dig "k" default X`, `hasKey X "k"`, and `range $x := list "a" "b"`
(so `index .Values.persistence $x` reads exactly `.a` and `.b`).

A path is *used* when a template outputs it, tests it, passes it to a
function (`toYaml .`, `quote`, `printf`, …) or ranges over it; using a map
uses everything under it. Binding a variable or the dot is not a use by
itself, nor are type tests (`kindIs`) and `hasKey` with a computed key.
Paths are tuples; `*` stands for any key."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Path_ = tuple[str, ...]


ACTION = re.compile(r"\{\{-?(.*?)-?\}\}", re.S)


TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|`[^`]*`|\(|\)|\||:=|=(?!=)|,|[^\s()|,]+')


NOT_A_USE = {"kindIs", "typeIs", "typeOf", "kindOf", "typeIsLike"}


@dataclass(frozen=True)
class Ref:
    """One or more values paths (several when a key is a variable over literals)."""
    paths: frozenset[Path_]

    def extend(self, *parts: frozenset[str] | str) -> Ref:
        out = set(self.paths)
        for part in parts:
            options = {part} if isinstance(part, str) else part
            out = {p + (o,) for p in out for o in options}
        return Ref(frozenset(out))


class Root:
    """The chart's root context (`.` at the top of a template, `$`)."""


@dataclass(frozen=True)
class Lits:
    values: frozenset[str]


ROOT = Root()
Value = Ref | Root | Lits | None


@dataclass
class Scope:
    dot: Value
    vars: dict[str, Value]
    kind: str
    outer_dot: Value = None


@dataclass
class Usage:
    used: set[Path_] = field(default_factory=set)  # paths output, tested, passed or ranged over
    read: set[Path_] = field(default_factory=set)  # every path a template names (used or bound)

    def use(self, value: Value) -> None:
        if isinstance(value, Ref):
            self.used |= value.paths
            self.read |= value.paths


def actions(text: str) -> Iterator[str]:
    for match in ACTION.finditer(text):
        body = match.group(1).strip()
        if body and not body.startswith("/*"):
            yield body


@dataclass
class _Tok:
    text: str
    start: int
    end: int


def tokens(body: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in TOKEN.finditer(body)]


class Reader:
    def __init__(self) -> None:
        self.usage = Usage()
        self.stack: list[Scope] = [Scope(ROOT, {"$": ROOT}, "file")]

    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    # -- terms -------------------------------------------------------------
    def atom(self, text: str) -> Value:
        if text[0] in "\"`":
            return Lits(frozenset({text[1:-1]}))
        head, _, rest = text.partition(".Values")
        if _ == ".Values" and (rest == "" or rest.startswith(".")) and (head == "" or head.startswith("$")):
            return self._bind_read(Ref(frozenset({()})).extend(*[p for p in rest.split(".") if p]))
        if text == ".":
            return self.scope.dot
        if text.startswith("$"):
            name, _, fields = text.partition(".")
            return self._fields(self._var(name), fields)
        if text.startswith("."):
            return self._fields(self.scope.dot, text[1:])
        return None

    def _var(self, name: str) -> Value:
        for scope in reversed(self.stack):
            if name in scope.vars:
                return scope.vars[name]
        return None

    def _fields(self, base: Value, fields: str) -> Value:
        parts = [p for p in fields.split(".") if p]
        if not parts:
            return base
        if isinstance(base, Ref):
            return self._bind_read(base.extend(*parts))
        return None

    def _bind_read(self, ref: Ref) -> Ref:
        self.usage.read |= ref.paths
        return ref

    # -- commands and pipelines -------------------------------------------
    def parse(self, toks: list[_Tok], i: int = 0, stop: str | None = None) -> tuple[list[list[Any]], int]:
        """A pipeline: commands (lists of terms; a term is a token text or a nested pipeline)."""
        commands: list[list[Any]] = [[]]
        while i < len(toks):
            tok = toks[i]
            if tok.text == stop:
                return commands, i + 1
            if tok.text == "|":
                commands.append([])
                i += 1
            elif tok.text == "(":
                inner, i = self.parse(toks, i + 1, ")")
                term: Any = ("group", inner, "")
                if i < len(toks) and toks[i].text.startswith(".") and toks[i].start == toks[i - 1].end:
                    term = ("group", inner, toks[i].text)
                    i += 1
                commands[-1].append(term)
            else:
                commands[-1].append(tok.text)
                i += 1
        return commands, i

    def term(self, term: Any) -> Value:
        if isinstance(term, tuple) and term[0] == "value":
            return term[1]
        if isinstance(term, tuple):
            value = self.pipeline(term[1])
            return self._fields(value, term[2]) if term[2] else value
        return self.atom(term)

    def command(self, terms: list[Any]) -> Value:
        if not terms:
            return None
        head = terms[0]
        if not (isinstance(head, str) and re.match(r"^[A-Za-z_]\w*$", head)):
            values = [self.term(t) for t in terms]
            if len(values) == 1:
                return values[0]
            for v in values:
                self.usage.use(v)
            return None
        args = [self.term(t) for t in terms[1:]]
        if head in ("index", "get") and args and isinstance(args[0], Ref):
            for key in args[1:]:
                self.usage.use(key)
            return self._bind_read(args[0].extend(*[self._key(k) for k in args[1:]]))
        if head == "dig" and len(args) >= 3 and isinstance(args[-1], Ref):
            self.usage.use(args[-2])
            return self._bind_read(args[-1].extend(*[self._key(k) for k in args[:-2]]))
        if head == "hasKey" and len(args) == 2 and isinstance(args[0], Ref):
            if isinstance(args[1], Lits):
                self.usage.use(args[0].extend(args[1].values))
            return None
        if head == "list" and args and all(isinstance(a, Lits) for a in args):
            return Lits(frozenset(v for a in args for v in a.values))  # type: ignore[union-attr]
        if head not in NOT_A_USE:
            for arg in args:
                self.usage.use(arg)
        return None

    @staticmethod
    def _key(value: Value) -> frozenset[str] | str:
        return value.values if isinstance(value, Lits) else "*"

    def pipeline(self, commands: list[list[Any]]) -> Value:
        value: Value = None
        for n, cmd in enumerate(commands):
            value = self.command(cmd if n == 0 else [*cmd, ("value", value)])
        return value

    # -- actions -----------------------------------------------------------
    def action(self, body: str) -> None:
        toks = tokens(body)
        if not toks:
            return
        word = toks[0].text
        if word == "end":
            if len(self.stack) > 1:
                self.stack.pop()
            return
        if word == "else":
            if self.scope.kind == "with":
                self.scope.dot = self.scope.outer_dot
            rest = toks[1:]
            if rest and rest[0].text in ("if", "with"):
                value = self.pipeline(self.parse(rest[1:])[0])
                if rest[0].text == "if":
                    self.usage.use(value)
                elif isinstance(value, Ref):
                    self.scope.dot = value
            return
        if word in ("if", "with", "range", "define", "block"):
            outer = self.scope.dot
            self.stack.append(Scope(outer, {}, word, outer))
            toks = toks[1:]
            if word in ("define", "block"):
                self.scope.dot, self.scope.vars = None, {"$": None}
                return
        names, toks = self._declared(toks)
        value = self.pipeline(self.parse(toks)[0])
        if word == "range":
            self.usage.use(value)
            element: Value = value.extend("*") if isinstance(value, Ref) else value if isinstance(value, Lits) else None
            self.scope.dot = element
            if names:
                self.scope.vars[names[-1]] = element
                for key in names[:-1]:
                    self.scope.vars[key] = None
        elif names:
            self._assign(names[0], value, declare=bool(toks and self._op == ":="))
        elif word == "with":
            self.scope.dot = value if isinstance(value, Ref) else None
        elif word not in ("template", "break", "continue"):
            self.usage.use(value)
        else:
            self.usage.use(value)

    _op = ":="

    def _declared(self, toks: list[_Tok]) -> tuple[list[str], list[_Tok]]:
        for i, tok in enumerate(toks):
            if tok.text in (":=", "="):
                names = [t.text for t in toks[:i] if t.text != ","]
                if names and all(n.startswith("$") for n in names):
                    self._op = tok.text
                    return names, toks[i + 1:]
                break
        return [], toks

    def _assign(self, name: str, value: Value, declare: bool) -> None:
        if not declare:
            for scope in reversed(self.stack):
                if name in scope.vars:
                    scope.vars[name] = value
                    return
        self.scope.vars[name] = value

    def read_template(self, text: str) -> None:
        self.stack = [Scope(ROOT, {"$": ROOT}, "file")]
        for body in actions(text):
            self.action(body)
