"""`KeyedDice.uniforms` reads its numbers from the keyed BLAKE2b of the decision's name, as the
module doc says, also on the fast path (one hash state keyed once and copied) and in copies."""

from __future__ import annotations

import hashlib
import struct

from hypothesis import given
from hypothesis import strategies as st

from game.core.rng import KeyedDice


def by_definition(root: bytes, name: str, n: int, sub: int = 0) -> list[float]:
    out: list[float] = []
    for block in range((n + 7) // 8):
        m = min(8, n - 8 * block)
        label = f"{name}/{sub}.{block}" if sub or block else name
        digest = hashlib.blake2b(label.encode(), key=root, digest_size=8 * m, person=b"uniforms").digest()
        out += [(w >> 11) * 2.0 ** -53 for w in struct.unpack(f"<{m}Q", digest)]
    return out


@given(seed=st.integers(0, 2**64 - 1), key=st.text(min_size=1, max_size=30), n=st.integers(0, 20))
def test_uniforms_are_the_keyed_hash_of_the_decision_name(seed, key, n):
    dice = KeyedDice.from_seed(seed)
    twin = dice.copy()
    first = dice.uniforms(key, n)
    assert first == by_definition(dice.root, key, n)
    assert dice.uniforms(key, n) == by_definition(dice.root, f"{key}#1", n)  # the second occurrence
    assert dice.uniforms(key, n, sub=2) == by_definition(dice.root, f"{key}#1", n, sub=2)
    assert twin.uniforms(key, n) == first
