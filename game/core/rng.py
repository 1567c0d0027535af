"""Chance: one SeedSequence per game; the rules' dice fall where they decide.

The game seed spawns children in a fixed order: the rules, then one per side in the scenario's
order (soviet and japan at Lake Khasan), so a player's thinking never shifts the combat dice. The rules do not read one
sequential stream: every roll is keyed by what it decides (say ``"fire|su_118_3#4"``: the fifth
shot of unit su_118_3 in the game, whenever it comes) and hashed with the rules child's entropy
(keyed BLAKE2b). `KeyedDice.uniforms(key, n)` reads uniforms straight from that hash (the hot path);
`KeyedDice.gen(key)` turns it into the key of a counter-based Philox stream for draws of open-
ended number. A change in one corner of the battle then leaves the other dice alone, which is
what makes paired what-if runs comparable (common random numbers; docs/common-random-numbers.md).
`poisson_quantile` and `binomial_quantile` turn one uniform into a count by inversion, monotone
in the expectation, so nearby expectations in two paired runs give nearby counts.

`nth(key)` names the n-th occurrence of an action over the whole game (``key#0``, ``key#1``...):
the n-th shot, bombardment or assault of a unit draws the same dice in two paired runs even when
a what-if moves it to another turn. A key used twice in a turn also gets an occurrence number, so
repeated decisions never share dice. Those counts (the game's `tallies`, this turn's `counts`)
are the only stream state and are covered by the state hash. `sub` selects an independent block
of a key's latest occurrence.
"""

from __future__ import annotations

import functools
import hashlib
import math
import struct

import numpy as np

_ZERO = np.zeros(4, dtype=np.uint64)
_TWO_M53 = 2.0 ** -53
_WORDS = tuple(struct.Struct(f"<{n}Q") for n in range(9))  # n little-endian 64-bit words
_COUNTERS: dict[int, np.ndarray] = {}


def _counter(sub: int) -> np.ndarray:
    """The Philox counter that starts block `sub` of a key's stream (cached; read-only use)."""
    _COUNTERS[sub] = np.array([0, sub, 0, 0], dtype=np.uint64)
    return _COUNTERS[sub]


@functools.lru_cache(maxsize=256)
def _keyed_hash(root: bytes, words: int) -> hashlib.blake2b:
    """The BLAKE2b state of `uniforms` keyed with a game's dice root, for `words` 64-bit words: never
    updated itself, only copied (keying anew costs a whole block's compression)."""
    return hashlib.blake2b(key=root, digest_size=8 * words, person=b"uniforms")


def make_streams(seed: int, sides: tuple[str, ...]) -> dict[str, np.random.Generator]:
    """Sequential generators of the seed's children (the players use theirs): the rules, then the
    scenario's sides in their order (for Lake Khasan the soviet and japan streams, as always)."""
    names = ("rules", *sides)
    children = np.random.SeedSequence(seed).spawn(len(names))
    return {name: np.random.Generator(np.random.PCG64(child)) for name, child in zip(names, children, strict=True)}


def dice_root(seed: int) -> bytes:
    """The 16-byte key of the rules' dice: the entropy of the seed's first child."""
    child = np.random.SeedSequence(seed).spawn(1)[0]  # the first child; it does not depend on how many are spawned
    return child.generate_state(4, dtype=np.uint32).astype("<u4").tobytes()


class KeyedDice:
    """Streams keyed by what they decide, derived from a game's seed (see the module doc)."""

    __slots__ = ("_bg", "_gen", "counts", "draws", "root", "tallies")

    def __init__(self, root: bytes, counts: dict[str, int] | None = None, draws: int = 0,
                 tallies: dict[str, int] | None = None) -> None:
        self.root = root
        self.counts: dict[str, int] = dict(counts or {})
        self.tallies: dict[str, int] = dict(tallies or {})  # occurrences over the whole game
        self.draws = draws  # keyed streams handed out so far (tells undo whether dice were rolled)
        self._bg: np.random.Philox | None = None  # made on the first `gen` (copies stay cheap)
        self._gen: np.random.Generator | None = None

    @classmethod
    def from_seed(cls, seed: int) -> KeyedDice:
        return cls(dice_root(seed))

    def philox_key(self, key: str) -> np.ndarray:
        digest = hashlib.blake2b(key.encode(), key=self.root, digest_size=16).digest()
        return np.frombuffer(digest, dtype="<u8")

    def _occurrence(self, key: str, sub: int) -> str:
        """The name of decision `key`'s occurrence: `sub` 0 counts a new one, `sub` > 0 names the
        latest (the first is `key` itself, later ones `key#n`)."""
        n = self.counts.get(key, 0)
        if sub == 0:
            self.counts[key] = n + 1
            self.draws += 1
        else:
            n = max(0, n - 1)
        return f"{key}#{n}" if n else key

    def gen(self, key: str, sub: int = 0) -> np.random.Generator:
        """The generator for decision `key` (block `sub`). Use it before asking for the next one:
        the same generator object is re-keyed by every call. `sub` > 0 continues the key's
        latest occurrence; `sub` 0 starts a new occurrence.
        """
        full = self._occurrence(key, sub)
        counter = _ZERO if sub == 0 else _COUNTERS[sub] if sub in _COUNTERS else _counter(sub)
        if self._bg is None or self._gen is None:
            self._bg = np.random.Philox(key=0)
            self._gen = np.random.Generator(self._bg)
        self._bg.state = {"bit_generator": "Philox", "state": {"counter": counter, "key": self.philox_key(full)},
                          "buffer": _ZERO, "buffer_pos": 4, "has_uint32": 0, "uinteger": 0}
        return self._gen

    def uniforms(self, key: str, n: int = 1, sub: int = 0) -> list[float]:
        """`n` uniforms in [0, 1) for decision `key`, read straight from its hash (8 per hash): the
        cheap path for decisions that need a fixed few numbers. `sub` as for `gen`."""
        full = self._occurrence(key, sub)
        if 0 < n <= 8 and not sub:  # one block named `full`: the keyed hash's state copied, not keyed anew
            h = _keyed_hash(self.root, n).copy()
            h.update(full.encode())
            return [(w >> 11) * _TWO_M53 for w in _WORDS[n].unpack(h.digest())]
        out: list[float] = []
        for block in range((n + 7) // 8):
            m = min(8, n - 8 * block)
            name = f"{full}/{sub}.{block}" if sub or block else full
            digest = hashlib.blake2b(name.encode(), key=self.root, digest_size=8 * m, person=b"uniforms").digest()
            out += [(w >> 11) * _TWO_M53 for w in _WORDS[m].unpack(digest)]
        return out

    def nth(self, key: str) -> str:
        """A name for the n-th occurrence of `key` in the whole game (``key#0``, ``key#1``...): the
        n-th time one thing happens draws the same dice whenever it happens."""
        n = self.tallies.get(key, 0)
        self.tallies[key] = n + 1
        return f"{key}#{n}"

    def new_turn(self) -> None:
        """Keys carry the turn, so occurrence counts of past turns can never matter again."""
        self.counts.clear()

    def copy(self) -> KeyedDice:
        return KeyedDice(self.root, self.counts, self.draws, self.tallies)

    def snapshot(self) -> list[object]:
        """The stream state for the state hash: the root and this turn's occurrence counts."""
        return [self.root.hex(), self.draws, sorted(self.counts.items()), sorted(self.tallies.items())]


class SequentialDice:
    """All keys served by one ordinary generator (an AI's trial rolls, tests with fixed dice)."""

    __slots__ = ("rng",)

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def gen(self, key: str, sub: int = 0) -> np.random.Generator:
        return self.rng

    def uniforms(self, key: str, n: int = 1, sub: int = 0) -> list[float]:
        return [float(x) for x in self.rng.random(n)]

    def nth(self, key: str) -> str:
        return key


Dice = KeyedDice | SequentialDice


def decision_stream(rng: np.random.Generator, key: str) -> np.random.Generator:
    """A player's own stream for decision `key` (say an AI's trial rolls of one assault in one
    phase), keyed by the player's generator state and never advancing it: a decision's trials
    draw the same numbers however many other decisions came before, so paired what-if runs
    keep the player's luck where the decision is the same (a fresh generator for each call)."""
    state = repr(rng.bit_generator.state["state"]).encode()
    root = hashlib.blake2b(state, digest_size=16, person=b"player").digest()
    return np.random.Generator(np.random.Philox(key=np.frombuffer(
        hashlib.blake2b(key.encode(), key=root, digest_size=16).digest(), dtype="<u8")))


def as_dice(dice: Dice | np.random.Generator) -> Dice:
    """Rules accept keyed dice or a plain generator (drawn from in sequence)."""
    return SequentialDice(dice) if isinstance(dice, np.random.Generator) else dice


_SPAN = 12.0  # standard deviations kept either side of the mean by the tabulated inversions


def poisson_quantile(u: float, lam: float) -> int:
    """The Poisson(lam) count at cumulative probability `u` (inversion). One uniform per draw and
    monotone in `lam`, so paired runs with nearby expectations draw nearby counts (up to float
    rounding in the last 1e-12 of the upper tail)."""
    if lam <= 0.0:
        return 0
    if lam < 30.0:
        k, p = 0, math.exp(-lam)
        cdf = p
        while u > cdf and p > 0.0:
            k += 1
            p *= lam / k
            cdf += p
        return k
    sd = math.sqrt(lam)
    lo, hi = max(0, int(lam - _SPAN * sd)), int(lam + _SPAN * sd) + 2
    ks = np.arange(lo, hi + 1, dtype=np.float64)
    logp = ks * math.log(lam) - lam - _log_factorials(hi)[lo:]
    return lo + int(np.searchsorted(np.cumsum(np.exp(logp)), u))


def binomial_quantile(u: float, n: int, p: float) -> int:
    """The Binomial(n, p) count at cumulative probability `u` (inversion, monotone in n and p)."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if n <= 60:
        k, q = 0, (1.0 - p) ** n
        cdf, ratio = q, p / (1.0 - p)
        while u > cdf and k < n:
            q *= ratio * (n - k) / (k + 1)
            k += 1
            cdf += q
        return k
    ks = np.arange(0, n + 1, dtype=np.float64)
    lf = _log_factorials(n)
    logp = lf[n] - lf - lf[::-1] + ks * math.log(p) + (n - ks) * math.log1p(-p)
    return min(n, int(np.searchsorted(np.cumsum(np.exp(logp)), u)))


_LOG_FACTORIALS = np.zeros(1)


def _log_factorials(n: int) -> np.ndarray:
    """log(k!) for k = 0..n (a table grown on demand; pure function of n)."""
    global _LOG_FACTORIALS
    if len(_LOG_FACTORIALS) <= n:
        size = max(n + 1, 2 * len(_LOG_FACTORIALS))
        _LOG_FACTORIALS = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, size, dtype=np.float64)))))
    return _LOG_FACTORIALS[: n + 1]


def clone(gen: np.random.Generator) -> np.random.Generator:
    out = np.random.Generator(np.random.PCG64())
    out.bit_generator.state = gen.bit_generator.state
    return out
