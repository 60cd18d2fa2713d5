"""Re-export every ONNX package the repository commits, and the graph the Java tests use to see a dynamic shape.

Usage: python3 scripts/gen_golden_onnx.py [--settings-only | --goldens-only] [--int8]

- tests/golden/<model>/onnx/ for every golden model (prefill window 16, so tests cross window boundaries);
- models/mu-settings/onnx/ (prefill window 32; re-run after replacing the shipped model); with --int8 also
  models/mu-settings/onnx-int8/ (not committed: .gitignore);
- tests/golden/onnx-dynamic/decode.onnx: mu-swiglu-rms-f16's decode graph with input_ids declared [1, "T"]
  (its weights stay in that package's weights.bin; OrtPackageTest copies the package and swaps this graph in).
Each export is compared with mu_reference.py (--verify 1e-4) and passes scripts/check_onnx_ops.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import onnx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import export_onnx  # noqa: E402

GOLDEN_PREFILL = 16
SETTINGS_PREFILL = 32


def write_dynamic_variant() -> None:
    src = ROOT / "tests/golden/mu-swiglu-rms-f16/onnx/decode.onnx"
    m = onnx.load(str(src), load_external_data=False)
    dim = m.graph.input[0].type.tensor_type.shape.dim[1]     # input_ids [1, T]
    dim.Clear()
    dim.dim_param = "T"
    out = ROOT / "tests/golden/onnx-dynamic"
    out.mkdir(parents=True, exist_ok=True)
    onnx.save(m, str(out / "decode.onnx"))
    print(f"{out / 'decode.onnx'}: input_ids declared [1, T]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--settings-only", action="store_true")
    g.add_argument("--goldens-only", action="store_true")
    ap.add_argument("--int8", action="store_true", help="also the settings model's int8 QDQ package")
    a = ap.parse_args()
    if not a.settings_only:
        for d in sorted(p.parent for p in (ROOT / "tests/golden").glob("*/model.safetensors")):
            export_onnx.export(d, prefill=GOLDEN_PREFILL, check=True, verify_tol=1e-4)
        write_dynamic_variant()
    if not a.goldens_only:
        export_onnx.export(ROOT / "models/mu-settings", prefill=SETTINGS_PREFILL, int8=a.int8, check=True,
                           verify_tol=1e-4)


if __name__ == "__main__":
    main()
