"""A small, safe condition language for screening rules (A7) — and for the catalogue itself.

Grammar (keywords are case-insensitive; Chinese and symbolic spellings are equivalent)::

    expr     := or_expr
    or_expr  := and_expr ( ("or" | "或" | "||") and_expr )*
    and_expr := unary ( ("and" | "且" | "&&") unary )*
    unary    := ("not" | "非" | "!") unary | primary
    primary  := "(" expr ")" | NAME | NAME OP NUMBER | NUMBER OP NAME
    OP       := "<" | "<=" | ">" | ">=" | "==" | "=" | "!=" | "≥" | "≤" | "≠" | "＞" | "＜"
    NUMBER   := digits [ "." digits ] [ "%" ]        (3% = 0.03; optional leading sign)
    NAME     := a feature name or its Chinese alias (see features.FEATURES); in catalogue
                pass rules also a criterion id (SP22-C1), score, score.<group>, points.<id>,
                scorecard

A bare NAME must be a yes/no feature; a comparison needs a numeric feature on one side and a
number on the other. There is no arithmetic, no function call, no attribute access and no
``eval``: the text is tokenized and parsed by hand into the public AST below (:class:`Name`,
:class:`Compare`, :class:`Not`, :class:`And`, :class:`Or`), which the evaluator walks and a
SQL compiler can walk too. Evaluation is three-valued (``True``/``False``/``None`` = unknown):
``False and unknown`` is ``False``, ``True or unknown`` is ``True``, ``not unknown`` is unknown.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

from .errors import ConditionError
from .exact import Truth, compare, flip

# ------------------------------------------------------------------------------------ AST


@dataclass(frozen=True, slots=True)
class Name:
    """A yes/no feature (or, in pass rules, a criterion id or ``scorecard``)."""

    name: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Compare:
    """``name OP value``; ``value`` is exact (``3%`` → Fraction(3, 100)); ``literal`` is the
    number as written."""

    name: str
    op: str
    value: Fraction
    literal: str = field(default="", compare=False)
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


Node = Name | Compare | Not | And | Or

# ------------------------------------------------------------------------------ tokenizer

_KEYWORDS = {
    "and": "AND",
    "且": "AND",
    "&&": "AND",
    "or": "OR",
    "或": "OR",
    "||": "OR",
    "not": "NOT",
    "非": "NOT",
    "!": "NOT",
}
_OPS = {
    ">=": ">=",
    "<=": "<=",
    "==": "==",
    "!=": "!=",
    "！=": "!=",
    ">": ">",
    "<": "<",
    "=": "==",
    "≥": ">=",
    "≤": "<=",
    "≠": "!=",
    "＞": ">",
    "＜": "<",
    "＝": "==",
    "⩾": ">=",
    "⩽": "<=",
}
_CJK_KEYWORDS = frozenset("且或非")

#: Limits that keep a hostile condition from exhausting the stack or the CPU: nesting of
#: parentheses and negations, digits in one number literal, and the length of the whole text.
MAX_DEPTH = 50
MAX_NUMBER_DIGITS = 30
MAX_LENGTH = 4000


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # NAME NUMBER OP AND OR NOT LPAREN RPAREN EOF
    text: str
    pos: int
    value: Fraction | None = None


def _is_name_start(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or (ord(ch) > 127 and ch.isalnum())


def _symbol(text: str, i: int) -> tuple[Token, int] | None:
    """A parenthesis, ``&&``/``||``/``!`` or a comparison operator at ``i`` (and its width)."""
    ch = text[i]
    if ch in "(（":
        return Token("LPAREN", ch, i), 1
    if ch in ")）":
        return Token("RPAREN", ch, i), 1
    two = text[i : i + 2]
    if two in ("&&", "||"):
        return Token(_KEYWORDS[two], two, i), 2
    if two in _OPS:
        return Token("OP", _OPS[two], i), 2
    if ch == "!":
        return Token("NOT", ch, i), 1
    if ch in _OPS:
        return Token("OP", _OPS[ch], i), 1
    return None


def _starts_number(text: str, i: int) -> bool:
    ch, n = text[i], len(text)
    return ch.isdigit() or (ch in "+-." and i + 1 < n and (text[i + 1].isdigit() or text[i + 1] == "."))


def _number(text: str, i: int) -> tuple[Token, int]:
    """The number starting at ``i`` (sign, digits, decimals, optional %) and where it ends."""
    n = len(text)
    j = i + 1 if text[i] in "+-" else i
    start_digits = j
    while j < n and text[j].isdigit():
        j += 1
    if j < n and text[j] == ".":
        j += 1
        while j < n and text[j].isdigit():
            j += 1
    literal = text[i:j]
    if j - start_digits > MAX_NUMBER_DIGITS:
        raise ConditionError(
            f"数字过长（最多 {MAX_NUMBER_DIGITS} 位）/ number too long (at most {MAX_NUMBER_DIGITS} digits)",
            i,
            text,
        )
    if literal in ("+", "-", ".", "+.", "-.") or j == start_digits:
        raise ConditionError(f"数字格式错误 / malformed number {literal!r}", i, text)
    value = Fraction(literal.replace("+", "")) if literal.strip("+-.") else Fraction(0)
    if j < n and text[j] in "%％":
        value /= 100
        j += 1
    if j < n and _is_name_start(text[j]) and text[j] not in _CJK_KEYWORDS:
        raise ConditionError(f"数字后面紧跟名称 / a number runs into a name at {text[i : j + 1]!r}", j, text)
    return Token("NUMBER", text[i:j], i, value), j


def _name_end(text: str, i: int) -> int:
    """Where the name starting at ``i`` ends (``.``/``-`` join name parts; 且/或/非 stop it)."""
    n = len(text)
    j = i + 1
    while j < n:
        c = text[j]
        if c in _CJK_KEYWORDS:
            break
        if c == "_" or c.isalnum():
            j += 1
        elif (
            c in ".-"
            and j + 1 < n
            and (text[j + 1].isalnum() or text[j + 1] == "_")
            and text[j + 1] not in _CJK_KEYWORDS
        ):
            j += 2
        else:
            break
    return j


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raises :class:`ConditionError` with the position of the
    first character that cannot start a token."""
    toks: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        sym = _symbol(text, i)
        if sym is not None:
            toks.append(sym[0])
            i += sym[1]
        elif _starts_number(text, i):
            tok, i = _number(text, i)
            toks.append(tok)
        elif _is_name_start(ch) and ch not in _CJK_KEYWORDS:
            j = _name_end(text, i)
            word = text[i:j]
            kw = _KEYWORDS.get(word.lower())
            toks.append(Token(kw, word, i) if kw else Token("NAME", word, i))
            i = j
        elif ch in _CJK_KEYWORDS:
            toks.append(Token(_KEYWORDS[ch], ch, i))
            i += 1
        else:
            raise ConditionError(f"无法识别的字符 / unexpected character {ch!r}", i, text)
    toks.append(Token("EOF", "", n))
    return toks


# --------------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.i = 0
        self.depth = 0

    def enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(
                f"嵌套过深（最多 {MAX_DEPTH} 层括号或否定）/ nested too deeply (at most {MAX_DEPTH})", tok
            )

    def peek(self) -> Token:
        return self.toks[self.i]

    def take(self) -> Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def fail(self, msg: str, tok: Token) -> ConditionError:
        return ConditionError(msg, tok.pos, self.text)

    def parse(self) -> Node:
        if self.peek().kind == "EOF":
            raise self.fail("条件为空 / empty condition", self.peek())
        node = self.or_expr()
        t = self.peek()
        if t.kind != "EOF":
            raise self.fail(
                f"多余的内容 {t.text!r}（缺少 and/or？）/ unexpected {t.text!r} (missing and/or?)", t
            )
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.peek().kind == "OR":
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items = [self.unary()]
        while self.peek().kind == "AND":
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        if self.peek().kind == "NOT":
            self.enter(self.take())
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        t = self.take()
        if t.kind == "LPAREN":
            self.enter(t)
            node = self.or_expr()
            close = self.take()
            if close.kind != "RPAREN":
                raise self.fail(f"缺少右括号 / expected ')' but found {close.text or 'end of text'!r}", close)
            self.depth -= 1
            return node
        if t.kind in ("NAME", "NUMBER"):
            if self.peek().kind != "OP":
                if t.kind == "NUMBER":
                    raise self.fail(f"数字 {t.text} 不能单独作为条件 / a number alone is not a condition", t)
                return Name(t.text, t.pos)
            op = self.take()
            rhs = self.take()
            if t.kind == "NAME" and rhs.kind == "NUMBER":
                assert rhs.value is not None
                return Compare(t.text, op.text, rhs.value, rhs.text, t.pos)
            if t.kind == "NUMBER" and rhs.kind == "NAME":
                assert t.value is not None
                return Compare(rhs.text, flip(op.text), t.value, t.text, rhs.pos)
            if rhs.kind in ("NAME", "NUMBER"):
                raise self.fail("比较只能在特征与数字之间进行 / compare a feature with a number", rhs)
            raise self.fail(f"比较符号后应为数字 / expected a number after {op.text!r}", rhs)
        if t.kind == "EOF":
            raise self.fail("条件不完整 / unexpected end of condition", t)
        if t.kind == "OP":
            raise self.fail(f"比较符号 {t.text!r} 前缺少特征名 / operator without a feature", t)
        raise self.fail(f"此处不应出现 {t.text!r} / unexpected {t.text!r}", t)


def parse_condition(text: str) -> Node:
    """Parse ``text`` into an AST (syntax only; names are not checked — see :func:`compile_condition`)."""
    if not isinstance(text, str):
        raise ConditionError("条件必须是字符串 / a condition must be a string")
    if len(text) > MAX_LENGTH:
        raise ConditionError(
            f"条件过长（最多 {MAX_LENGTH} 个字符）/ condition too long (at most {MAX_LENGTH} characters)",
            MAX_LENGTH,
        )
    return _Parser(text).parse()


# ----------------------------------------------------------------------------- validation


class Scope(Protocol):
    """Resolves a name to (canonical name, "bool" | "number"), or ``None`` if unknown."""

    def resolve(self, name: str) -> tuple[str, str] | None: ...

    def known_names(self) -> Iterable[str]: ...


def check(node: Node, scope: Scope, text: str | None = None) -> Node:
    """Resolve every name against ``scope`` (aliases → canonical) and check types. Returns a
    new AST with canonical names. Raises :class:`ConditionError` naming the problem."""

    def unknown(name: str, pos: int) -> ConditionError:
        hint = difflib.get_close_matches(name, list(scope.known_names()), n=3, cutoff=0.5)
        sug = f"；是否想用 {' / '.join(hint)}？/ did you mean {' / '.join(hint)}?" if hint else ""
        return ConditionError(f"未知特征 {name!r} / unknown feature {name!r}{sug}", pos, text)

    def walk(n: Node) -> Node:
        if isinstance(n, Name):
            r = scope.resolve(n.name)
            if r is None:
                raise unknown(n.name, n.pos)
            if r[1] != "bool":
                raise ConditionError(
                    f"{n.name!r} 是数值特征，需要与数字比较（如 {n.name} >= 1）/ "
                    f"{n.name!r} is numeric: compare it with a number",
                    n.pos,
                    text,
                )
            return Name(r[0], n.pos)
        if isinstance(n, Compare):
            r = scope.resolve(n.name)
            if r is None:
                raise unknown(n.name, n.pos)
            if r[1] != "number":
                raise ConditionError(
                    f"{n.name!r} 是是非特征，不能与数字比较（直接写 {n.name} 或 not {n.name}）/ "
                    f"{n.name!r} is yes/no: use it bare or with not",
                    n.pos,
                    text,
                )
            return Compare(r[0], n.op, n.value, n.literal, n.pos)
        if isinstance(n, Not):
            return Not(walk(n.item))
        if isinstance(n, And):
            return And(tuple(walk(i) for i in n.items))
        return Or(tuple(walk(i) for i in n.items))

    return walk(node)


def names(node: Node) -> list[str]:
    """Names used by the expression, in order of first appearance."""
    out: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Name | Compare):
            if n.name not in out:
                out.append(n.name)
        elif isinstance(n, Not):
            walk(n.item)
        else:
            for i in n.items:
                walk(i)

    walk(node)
    return out


def to_text(node: Node) -> str:
    """Canonical text of an AST (parseable again)."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Compare):
        return f"{node.name} {node.op} {node.literal or str(node.value)}"
    if isinstance(node, Not):
        inner = to_text(node.item)
        return f"not {inner}" if isinstance(node.item, Name | Compare | Not) else f"not ({inner})"
    sep = " and " if isinstance(node, And) else " or "
    parts = []
    for i in node.items:
        s = to_text(i)
        parts.append(f"({s})" if isinstance(i, And | Or) else s)
    return sep.join(parts)


# ----------------------------------------------------------------------------- evaluation


class Env(Protocol):
    """What the evaluator needs: the value of a name (bool/None for yes/no names, a number
    (Fraction, Surd, Bounds) or None for numeric ones)."""

    def value(self, name: str) -> object: ...


Compiled = Callable[[Env], Truth]

#: comparison operators on the cross-multiplied integers of two fractions
_INT_OPS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def compile_node(node: Node) -> Compiled:
    """Turn an AST into a closure evaluating it three-valued against an :class:`Env`."""
    if isinstance(node, Name):
        nm = node.name

        def name_fn(env: Env) -> Truth:
            v = env.value(nm)
            return v if v is None or v.__class__ is bool else bool(v)

        return name_fn
    if isinstance(node, Compare):
        return _compile_compare(node)
    if isinstance(node, Not):
        inner = compile_node(node.item)

        def not_fn(env: Env) -> Truth:
            r = inner(env)
            return None if r is None else not r

        return not_fn
    return _compile_junction(node)


def _compile_compare(node: Compare) -> Compiled:
    nm, op, t = node.name, node.op, node.value
    if type(t) is Fraction and op in _INT_OPS:
        # the common case on integers (what exact._cmp does for two Fractions)
        tn, td, iop = t.numerator, t.denominator, _INT_OPS[op]

        def cmp_fraction_fn(env: Env) -> Truth:
            v = env.value(nm)
            if v.__class__ is Fraction:
                return iop(v.numerator * td, tn * v.denominator)  # type: ignore[attr-defined]
            return compare(v, op, t)  # type: ignore[arg-type]

        return cmp_fraction_fn

    def cmp_fn(env: Env) -> Truth:
        v = env.value(nm)
        return compare(v, op, t)  # type: ignore[arg-type]

    return cmp_fn


def _compile_junction(node: And | Or) -> Compiled:
    parts = tuple(compile_node(i) for i in node.items)
    if isinstance(node, And):

        def and_fn(env: Env) -> Truth:  # Kleene AND (exact.three_all), stops at the first False
            unknown = False
            for p in parts:
                v = p(env)
                if v is False:
                    return False
                if v is None:
                    unknown = True
            return None if unknown else True

        return and_fn

    def or_fn(env: Env) -> Truth:  # Kleene OR (exact.three_any), stops at the first True
        unknown = False
        for p in parts:
            v = p(env)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False

    return or_fn


#: compiled closures of the nodes evaluated through :func:`compiled` (the catalogue's nodes
#: live as long as the process; the cache is bounded for ad-hoc nodes)
_COMPILED: dict[int, tuple[Node, Compiled]] = {}
_COMPILED_MAX = 20_000


def compiled(node: Node) -> Compiled:
    """:func:`compile_node`, memoised per node object (the node is kept alive with its
    closure, so an ``id`` is never reused while cached)."""
    hit = _COMPILED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    fn = compile_node(node)
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[id(node)] = (node, fn)
    return fn


def evaluate(node: Node, env: Env) -> Truth:
    return compiled(node)(env)


def deciders(node: Node, env: Env) -> list[str]:
    """For an expression that evaluates to unknown: the names whose values would decide it
    (unknown leaves not already overridden by a decisive sibling). Empty if decided."""
    out: list[str] = []

    def walk(n: Node) -> None:  # n evaluates to unknown
        if isinstance(n, Name | Compare):
            if n.name not in out:
                out.append(n.name)
        elif isinstance(n, Not):
            walk(n.item)
        else:
            for i in n.items:
                if compiled(i)(env) is None:
                    walk(i)

    if compiled(node)(env) is None:
        walk(node)
    return out


# ------------------------------------------------------------------- convenience (features)


@dataclass(frozen=True, slots=True)
class Condition:
    """A validated condition over the feature registry: keep ``text``, evaluate ``ast``."""

    text: str
    ast: Node
    run: Compiled = field(compare=False, repr=False)

    def evaluate(self, env: Env) -> Truth:
        return self.run(env)


def compile_condition(text: str, scope: Scope | None = None) -> Condition:
    """Parse and validate a condition (default scope: the feature registry). This is what a
    "save local screening rule" form should call: it raises :class:`ConditionError` with a
    clear message (position, suggestion) or returns a reusable :class:`Condition`."""
    if scope is None:
        from .features import FEATURES

        scope = FEATURES
    ast = check(parse_condition(text), scope, text)
    return Condition(text, ast, compile_node(ast))
