"""NLP components: saving a component's settings with the pipeline (spaCy's to_disk/from_disk)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T", bound="SavesConfig")


class SavesConfig:
    """Mixin for our rule components: their settings travel in `cfg.json` in the pipeline.

    A component lists its settings in `_cfg()`; a saved pipeline loads them back over the
    factory defaults, and a folder without `cfg.json` keeps the defaults.
    """

    def _cfg(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "cfg.json").write_text(json.dumps(self._cfg()), encoding="utf-8")

    def from_disk(self: T, path: str | Path, *, exclude: Iterable[str] = ()) -> T:
        cfg_file = Path(path) / "cfg.json"
        if cfg_file.is_file():
            for key, value in json.loads(cfg_file.read_text(encoding="utf-8")).items():
                setattr(self, key, value)
        return self
