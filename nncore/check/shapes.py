"""Read a matrix-product shape error the learner's code raised: which product, which operands, and
which one needs a transpose (or that the product should have been ``*``).

NumPy says "shapes (3,4) and (2,4) not aligned" (``np.dot``) or "matmul: ... mismatch in its core
dimension" (``@``, ``np.matmul``), without the names. :func:`product_mismatch` finds the products in
the learner's failing line, evaluates their two operands in the frame that raised, and compares the
shapes. Only names, subscripts, ``.T``, arithmetic and a few pure NumPy calls are evaluated: values
the learner's line computed already. It leaves out products of more than two dimensions.
"""

from __future__ import annotations

import ast
import copy

import numpy as np

__all__ = ["is_product_error", "product_mismatch"]

_MESSAGES = ("not aligned", "mismatch in its core dimension")
_PURE_NUMPY = {"exp", "log", "tanh", "maximum", "sqrt", "abs", "transpose", "array", "asarray"}
_PURE_BUILTINS = {"str", "int", "len", "float"}
_SAFE_NODES = (
    ast.Expression, ast.Name, ast.Load, ast.Attribute, ast.Subscript, ast.Constant, ast.Slice, ast.Tuple,
    ast.BinOp, ast.UnaryOp, ast.USub, ast.UAdd, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.Call,
    ast.keyword,
)  # fmt: skip


def is_product_error(exc):
    """True when ``exc`` is NumPy's error for a matrix product whose inner sizes differ."""
    return isinstance(exc, ValueError) and any(s in str(exc) for s in _MESSAGES)


def _products(tree):
    """``(node, a, b)`` for each product in the line: ``np.dot(a, b)``, ``np.matmul(a, b)``, ``a.dot(b)``,
    ``a @ b``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            yield node, node.left, node.right
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name in ("dot", "matmul") and len(node.args) == 2:
                yield node, node.args[0], node.args[1]
            elif name == "dot" and len(node.args) == 1 and isinstance(node.func, ast.Attribute):
                yield node, node.func.value, node.args[0]


def _pure_call(node):
    f = node.func
    return (isinstance(f, ast.Name) and f.id in _PURE_BUILTINS) or (
        isinstance(f, ast.Attribute)
        and isinstance(f.value, ast.Name)
        and f.value.id in ("np", "numpy")
        and f.attr in _PURE_NUMPY
    )


def _safe(node):
    """Only names, constants, subscripts, ``.T``, arithmetic and pure calls: evaluating them runs none
    of the learner's code (no other attribute, no other call)."""
    functions = {id(sub.func) for sub in ast.walk(node) if isinstance(sub, ast.Call) and _pure_call(sub)}
    for sub in ast.walk(node):
        if not isinstance(sub, _SAFE_NODES):
            return False
        if isinstance(sub, ast.Call) and not _pure_call(sub):
            return False
        if isinstance(sub, ast.Attribute) and sub.attr != "T" and id(sub) not in functions:
            return False
    return True


def _value(node, frame):
    """The operand's value in ``frame``, or None when it cannot be evaluated safely."""
    if not _safe(node):
        return None
    try:
        code = compile(ast.Expression(body=node), "<operand>", "eval")
        with np.errstate(all="ignore"):
            return eval(code, frame.f_globals, dict(frame.f_locals))  # noqa: S307 (checked by _safe)
    except Exception:  # an operand we cannot rebuild: no diagnosis
        return None


def _transposed(node):
    """``x.T`` for ``x``, and ``x`` for ``x.T`` (an extra transpose)."""
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return node.value
    return ast.Attribute(value=copy.deepcopy(node), attr="T", ctx=ast.Load())


def _swap_in_copy(product, old, new):
    """``ast.unparse`` of ``product`` with its operand ``old`` replaced by ``new``."""
    if isinstance(product, ast.BinOp):
        left, right = (new, product.right) if product.left is old else (product.left, new)
        return ast.unparse(ast.BinOp(left=left, op=product.op, right=right))
    if len(product.args) == 2:  # np.dot(a, b), np.matmul(a, b)
        args = [new if a is old else a for a in product.args]
        return ast.unparse(ast.Call(func=product.func, args=args, keywords=[]))
    func = ast.Attribute(value=new, attr=product.func.attr, ctx=ast.Load())  # a.dot(b) with a replaced
    return ast.unparse(ast.Call(func=func, args=product.args, keywords=[]))


def _swapped(product, a, b):
    """``ast.unparse`` of ``product`` with its factors ``a`` and ``b`` in the other order."""
    if isinstance(product, ast.BinOp):
        return ast.unparse(ast.BinOp(left=b, op=product.op, right=a))
    if len(product.args) == 2:
        return ast.unparse(ast.Call(func=product.func, args=[b, a], keywords=[]))
    func = ast.Attribute(value=b, attr=product.func.attr, ctx=ast.Load())
    return ast.unparse(ast.Call(func=func, args=[a], keywords=[]))


def _shape_fits(shape, expected_shapes):
    return shape in expected_shapes or (shape == (1, 1) and () in expected_shapes)


def product_mismatch(line, frame, expected_shapes=(), helper=None):
    """``(mistake, fix)`` for the first product in ``line`` whose inner sizes differ in ``frame``,
    or None when no such product can be read. ``mistake`` is None when no one mistake is clear.

    ``expected_shapes``: the shapes of the step's right outputs (a number is ``()``): they pick the
    transpose that gives a right shape, and tell ``*`` from a product. ``helper``: when the line is
    in a function the function under check called, ``(its name, the function the caller called,
    the caller's line number)``: the fix then points at what that line passes.
    """
    try:
        tree = ast.parse(line.strip().rstrip(":").removeprefix("return "), mode="eval")
    except SyntaxError:
        try:
            tree = ast.parse(line.strip())
        except SyntaxError:
            return None
    for product, a, b in _products(tree):
        A, B = _value(a, frame), _value(b, frame)
        if not (isinstance(A, np.ndarray) and isinstance(B, np.ndarray) and A.ndim == 2 == B.ndim):
            continue
        if A.shape[1] == B.shape[0]:
            continue
        a_text, b_text = ast.unparse(a), ast.unparse(b)
        said = (
            f"{ast.unparse(product)}: {a_text} is {A.shape} and {b_text} is {B.shape}, "
            f"so the inner sizes {A.shape[1]} and {B.shape[0]} differ"
        )
        if A.shape == B.shape and A.shape in expected_shapes and helper is None:
            return "matrix_product_for_elementwise", (
                f"{said}. Both are {A.shape}, like the result: multiply entry by entry, "
                f"{ast.unparse(ast.BinOp(left=a, op=ast.Mult(), right=b))} "
                "(np.dot would multiply rows by columns)."
            )
        options = []
        if A.shape[0] == B.shape[0]:
            options.append((a, (A.shape[1], B.shape[1])))
        if A.shape[1] == B.shape[1]:
            options.append((b, (A.shape[0], B.shape[0])))
        if not options:
            if B.shape[1] == A.shape[0]:  # the factors in the wrong order
                swapped = _swapped(product, a, b)
                return None, f"{said}. Swap the factors: {swapped} gives {(B.shape[0], A.shape[1])}."
            if helper is None:
                return None
            name, called, line_no = helper
            return None, (
                f"in {name}, {said}. The arrays your line {line_no} passes to {called} do not fit together: "
                "W[l] is (n[l], n[l-1]) and A_prev is A[l-1], (n[l-1], m), the output of the layer before "
                "(X only for layer 1)."
            )
        if helper is None:
            fitting = [o for o in options if _shape_fits(o[1], expected_shapes)]
            options = fitting or options
        fixes = [
            f"{_swap_in_copy(product, node, _transposed(node))} (gives {shape})" for node, shape in options
        ]
        fix = f"{said}. Transpose one: " + " or ".join(fixes) + "."
        if helper is not None:
            name, called, line_no = helper
            fix = (
                f"in {name}, {fix} If {called} is right (its own check passes), the arrays your line "
                f"{line_no} passes to {called} are the wrong ones or transposed: W[l] is (n[l], n[l-1]), "
                "A[l-1] (n[l-1], m)."
            )
        return "transpose", fix
    return None
