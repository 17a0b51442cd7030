"""The official CSL test-suite: no fixture outside bench/csl_known_failures.txt may fail."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT.parent / "shared" / "data" / "csl" / "test-suite"
KNOWN = ROOT / "bench" / "csl_known_failures.txt"


def _runner() -> Any:
    spec = importlib.util.spec_from_file_location("csl_suite", ROOT / "bench" / "csl_suite.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["csl_suite"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SUITE.is_dir(), reason="CSL test-suite fixtures not present")
@pytest.mark.skipif(
    importlib.util.find_spec("citeproc") is None,
    reason="the known-failures list was measured with the full CSL locales (citeproc-py data)",
)
def test_no_new_failures() -> None:
    runner = _runner()
    known = {ln.strip() for ln in KNOWN.read_text(encoding="utf-8").splitlines() if ln.strip()}
    locales = runner.LocaleStore.default()
    regressions = []
    passed = 0
    for path in sorted(SUITE.glob("*.txt")):
        fx = runner.parse_fixture(path)
        if fx.get("MODE", "").strip() not in ("citation", "bibliography"):
            continue
        try:
            got = runner.run_fixture(fx, locales).strip()
        except Exception as exc:
            got = f"!! {type(exc).__name__}: {exc}"
        if got == fx["RESULT"].strip():
            passed += 1
        elif path.stem not in known:
            regressions.append(path.stem)
    assert not regressions, f"fixtures that used to pass now fail: {regressions}"
    # the list may only shrink: a fixture that now passes must leave the list
    assert passed >= 845 - len(known)
