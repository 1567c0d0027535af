"""The parsed-scenario cache drops the least recently used entry when full: one that is read often
survives a stream of other scenarios."""

from __future__ import annotations

import hashlib
import os


def test_a_used_entry_outlives_older_unused_ones(tmp_path, monkeypatch):
    from game.engine import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    mains = []
    for k in range(4):
        main = tmp_path / f"s{k}.yaml"
        main.write_text(f"id: s{k}\n")
        sha = hashlib.sha256(main.read_bytes()).hexdigest()
        mains.append((str(main), main, sha))
    for k, (label, main, sha) in enumerate(mains[:3]):
        cache.store(label, {"id": f"s{k}"}, {}, [(str(main.resolve()), sha)])
        entry = cache._entry(label, sha)
        assert entry is not None
        os.utime(entry, (1_000_000 + k, 1_000_000 + k))  # s0 written first, s2 last
    label, main, sha = mains[0]
    assert cache.lookup(label, main.resolve(), sha) is not None  # s0 read now: the most recently used
    label3, main3, sha3 = mains[3]
    cache.store(label3, {"id": "s3"}, {}, [(str(main3.resolve()), sha3)])
    kept = {k for k, (lb, m, s) in enumerate(mains) if cache.lookup(lb, m.resolve(), s) is not None}
    assert kept == {0, 2, 3}
