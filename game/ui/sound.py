"""Short sound effects, synthesised with numpy when sound is first switched on (no files, nothing
downloaded): rifle and machine-gun fire, an artillery or assault clash, an aircraft pass, and a
bell for a new turn.

Sound is off under the dummy or offscreen video driver (tests, check mode, screenshots) unless
KHASAN_SOUND=1, off at volume 0, and off when the machine has no audio device: every mixer call
is guarded, so a missing device never stops the game.
"""

from __future__ import annotations

import contextlib
import os
import sys

import numpy as np
import pygame

RATE = 22050
NAMES = ("fire", "assault", "air", "turn")


def sound_allowed() -> bool:
    if os.environ.get("KHASAN_SOUND") == "1":
        return True
    if os.environ.get("KHASAN_SOUND") == "0":
        return False
    return os.environ.get("SDL_VIDEODRIVER", "").lower() not in ("dummy", "offscreen")


def audio_device_likely() -> bool:
    """On Linux, whether there is any sound device or sound server to open (so a machine without
    one stays quiet instead of filling the terminal with the sound library's complaints)."""
    if not sys.platform.startswith("linux") or os.environ.get("SDL_AUDIODRIVER"):
        return True
    run = os.environ.get("XDG_RUNTIME_DIR", "")
    servers = [os.path.join(run, "pulse", "native"), os.path.join(run, "pipewire-0")] if run else []
    return os.path.exists("/dev/snd") or bool(os.environ.get("PULSE_SERVER")) or any(map(os.path.exists, servers))


def _envelope(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n) / RATE
    return np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-t / decay)


def synth(name: str, rng: np.random.Generator) -> np.ndarray:
    """One effect as float samples in [-1, 1] at RATE (a fixed seed: the same sound every run)."""
    if name == "fire":  # a few sharp cracks of filtered noise
        out = np.zeros(int(RATE * 0.45))
        for k, at in enumerate((0.0, 0.09, 0.17, 0.26)):
            n = int(RATE * 0.12)
            burst = rng.standard_normal(n) * _envelope(n, 0.001, 0.018 + 0.004 * k)
            s = int(at * RATE)
            out[s:s + n] += burst[: len(out) - s]
        return out
    if name == "assault":  # a low rumble under many cracks
        n = int(RATE * 0.9)
        t = np.arange(n) / RATE
        rumble = np.convolve(rng.standard_normal(n), np.ones(60) / 60, mode="same") * 6 * _envelope(n, 0.03, 0.35)
        cracks = (rng.random(n) < 0.0025) * rng.standard_normal(n) * 3
        cracks = np.convolve(cracks, np.exp(-np.arange(200) / 30.0), mode="same")
        return rumble + cracks * np.exp(-t / 0.5)
    if name == "air":  # an engine drone that rises and falls in pitch and volume
        n = int(RATE * 1.3)
        t = np.arange(n) / RATE
        f = 95 + 40 * np.tanh((t - 0.65) * 4)
        phase = 2 * np.pi * np.cumsum(f) / RATE
        drone = np.sign(np.sin(phase)) * 0.35 + np.sin(2 * phase) * 0.3
        noise = np.convolve(rng.standard_normal(n), np.ones(8) / 8, mode="same") * 0.3
        return (drone + noise) * np.sin(np.pi * t / t[-1]) ** 2
    if name == "turn":  # a soft two-tone bell
        n = int(RATE * 0.7)
        t = np.arange(n) / RATE
        return (np.sin(2 * np.pi * 660 * t) + 0.5 * np.sin(2 * np.pi * 990 * t)) * _envelope(n, 0.005, 0.25) * 0.6
    raise KeyError(name)


class Sound:
    """The effects and the volume (0-100). `play(name)` does nothing when sound is off."""

    def __init__(self, volume: int) -> None:
        self.volume = int(volume)
        self.enabled = False
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        self.played: list[str] = []  # names played, for tests and the log
        self.error = ""
        if self.volume > 0:
            self._open()

    def _open(self) -> None:
        if self.enabled or self.error or not sound_allowed():
            return
        if not audio_device_likely():
            self.error = "no sound device found"
            return
        try:
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=512)
            init = pygame.mixer.get_init()
            if init is None:
                raise pygame.error("the mixer did not start")
            freq, _, channels = init
            rng = np.random.default_rng(1938)
            for name in NAMES:
                wave = synth(name, rng)
                if freq != RATE:
                    idx = np.linspace(0, len(wave) - 1, int(len(wave) * freq / RATE))
                    wave = np.interp(idx, np.arange(len(wave)), wave)
                wave = wave / max(1e-6, float(np.abs(wave).max())) * 0.8
                pcm = (wave * 32767).astype(np.int16)
                if channels > 1:
                    pcm = np.repeat(pcm[:, None], channels, axis=1)
                self.sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(pcm))
            self.enabled = True
            self._apply_volume()
        except (pygame.error, OSError, ValueError, TypeError) as exc:  # no device, no mixer: stay silent
            self.error = str(exc) or type(exc).__name__
            self.sounds.clear()
            self.enabled = False

    def _apply_volume(self) -> None:
        for s in self.sounds.values():
            s.set_volume(self.volume / 100.0)

    def set_volume(self, volume: int) -> None:
        self.volume = max(0, min(100, int(volume)))
        if self.volume > 0:
            self._open()
        self._apply_volume()

    def play(self, name: str) -> None:
        if not self.enabled or self.volume <= 0:
            return
        s = self.sounds.get(name)
        if s is None:
            return
        try:
            s.play()
            self.played.append(name)
            del self.played[:-50]
        except pygame.error:
            pass

    def close(self) -> None:
        if self.enabled:
            with contextlib.suppress(pygame.error):
                pygame.mixer.quit()
        self.enabled = False
