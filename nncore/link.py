"""A playground setup as a link: the query string of a URL <-> the playground's settings.

The TensorFlow Playground keeps its whole state in the URL, so a setup is shared by a link.
This module writes a model's setup as a query string (:func:`query_for`) and reads one back
(:func:`read_query`). Every key is the engine's own argument name (``dataset``, ``noise``,
``hidden_layers``, ``hidden_activation``, ``learning_rate``, ``init``, ``rng``, ...), plus
``iteration``: the iteration to replay to, bit for bit, with
:meth:`nncore.playground.PlaygroundModel.from_state`.

A link is text from anyone. Each value is checked by the Python API itself (the model's
``set`` and ``set_hidden_layers``), so a bad value gets the same refusal as in Python; the
refused setting keeps its default and the rest of the link still applies. Nothing here raises
on a bad link, prints, or touches the network.

Left out: CSV data (a link cannot carry a file; ``dataset=csv`` is refused), and the page
itself (:mod:`nncore.widgets.page`).
"""
from __future__ import annotations

import inspect
import numbers
from urllib.parse import parse_qsl, urlencode

from .playground import PlaygroundModel

__all__ = ["playground_defaults", "query_for", "read_query", "LINK_KEYS", "MAX_REPLAY", "MAX_VALUE_CHARS",
           "MAX_QUERY_CHARS"]

#: the most iterations a link may ask to replay (a replay runs before the page shows)
MAX_REPLAY = 20_000
#: a longer value is refused unread (a hostile link may be megabytes long)
MAX_VALUE_CHARS = 200
#: a longer query string is refused whole: every default is used
MAX_QUERY_CHARS = 2000
#: settings a link cannot carry
_NOT_IN_LINK = ("path",)


def playground_defaults():
    """The playground's settings and their defaults, as ``{name: default}``.

    The one place this module learns the settings from: the signature of
    :class:`~nncore.playground.PlaygroundModel`. Its defaults are those of
    ``nncore.playground.SETTINGS`` (tests/test_playground.py checks that they agree), and it also
    names the architecture (``hidden_layers``, ``hidden_activation``) and ``m``, which that table
    does not hold.
    """
    params = inspect.signature(PlaygroundModel).parameters
    return {name: p.default for name, p in params.items() if name not in _NOT_IN_LINK}


def link_keys():
    """The keys a link may hold: every setting of :func:`playground_defaults`, then ``iteration``."""
    return (*playground_defaults(), "iteration")


LINK_KEYS = link_keys()


def _text(value):
    """One value as link text: floats by ``repr`` (exact round trip), lists comma-joined."""
    if isinstance(value, (list, tuple)):
        return ",".join(map(_text, value))
    return repr(value) if isinstance(value, float) else str(value)


def query_for(state):
    """The query string (without ``?``) of a setup.

    Parameters
    ----------
    state : dict, :meth:`nncore.playground.PlaygroundModel.state` (settings, layers, ``m``,
        ``iteration``)

    Returns
    -------
    query : str, ``key=value`` pairs in :data:`LINK_KEYS` order; one activation name stands for
        every hidden layer when they all share it
    """
    values = dict(state)
    activations = values.get("hidden_activation")
    if isinstance(activations, (list, tuple)) and len(set(activations)) == 1:
        values["hidden_activation"] = activations[0]
    if isinstance(activations, (list, tuple)) and not activations:
        values["hidden_activation"] = playground_defaults()["hidden_activation"]
    return urlencode([(key, _text(values[key])) for key in LINK_KEYS if key in values], safe=",")


def _number(text):
    """``text`` as an int or a float where it reads as one; else the text itself (the API refuses it)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _words(text):
    return [part.strip() for part in text.split(",")] if text.strip() else []


def read_query(query):
    """Read a link's query string into a setup, refusing bad values one by one.

    Parameters
    ----------
    query : str, the query string (with or without a leading ``?``), e.g. Voilà's
        ``QUERY_STRING``

    Returns
    -------
    state : dict, a complete setup for :meth:`~nncore.playground.PlaygroundModel.from_state`:
        the defaults, overridden by every value of the link that the API accepts; its
        ``"iteration"`` is the one to replay to (0 when not asked)
    refusals : list of str, one sentence per refused key: the key, the value given, the API's
        own message, and the default used instead
    """
    defaults = playground_defaults()
    refusals = []

    def refuse(key, text, reason):
        default = defaults.get(key, 0)
        shown = text if len(text) <= 40 else text[:40] + "..."
        refusals.append(f"{key}={shown!r} was refused: {reason} Using the default, {_text(default)}.")

    query = str(query).lstrip("?")
    if len(query) > MAX_QUERY_CHARS:
        refusals.append(f"The link's settings are {len(query)} characters long; a link holds at most "
                        f"{MAX_QUERY_CHARS}. All of it was ignored: the defaults are used.")
        query = ""
    given = {}
    for key, text in parse_qsl(query, keep_blank_values=True):
        if key not in LINK_KEYS:
            refusals.append(f"{key[:40]!r} is not a playground setting and was ignored; a link holds "
                            f"some of {', '.join(LINK_KEYS)}.")
        elif key in given:
            refuse(key, text, "the link gives it more than once.")
            given[key] = None
        elif len(text) > MAX_VALUE_CHARS:
            refuse(key, text, f"it is {len(text)} characters long; a value has at most {MAX_VALUE_CHARS}.")
            given[key] = None
        else:
            given[key] = text
    given = {key: text for key, text in given.items() if text is not None}

    model = PlaygroundModel(**defaults)  # the Python API checks every value
    iteration = 0
    if "iteration" in given:
        value = _number(given["iteration"])
        if isinstance(value, numbers.Integral) and 0 <= value <= MAX_REPLAY:
            iteration = int(value)
        else:
            refuse("iteration", given["iteration"],
                   f"the iteration to replay to must be an integer in [0, {MAX_REPLAY}].")
    if "m" in given:
        try:
            model = PlaygroundModel(**{**defaults, "m": _number(given["m"])})
        except (ValueError, TypeError) as error:
            refuse("m", given["m"], str(error))
    if "hidden_layers" in given or "hidden_activation" in given:
        layers_text = given.get("hidden_layers", _text(defaults["hidden_layers"]))
        units = [_number(word) for word in _words(layers_text)]
        names = _words(given.get("hidden_activation", defaults["hidden_activation"]))
        names = names[0] if len(names) == 1 else names
        try:
            model.set_hidden_layers(units, names)
        except (ValueError, TypeError) as error:
            # One refusal for the pair: the API checks units and activations together.
            key = "hidden_layers" if "hidden_layers" in given else "hidden_activation"
            refuse(key, given[key], str(error) + (" (with hidden_activation: the default layers are used)"
                                                  if len(given.keys() & {"hidden_layers",
                                                                         "hidden_activation"}) == 2 else ""))
    for key, default in defaults.items():
        if key in given and key not in ("m", "hidden_layers", "hidden_activation"):
            text = given[key]
            value = text if isinstance(default, str) else _number(text)
            try:
                model.set(**{key: value})
            except (ValueError, TypeError) as error:
                refuse(key, text, str(error))
    state = model.state()
    state["iteration"] = iteration
    return state, refusals
