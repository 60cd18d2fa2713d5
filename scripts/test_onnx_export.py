"""Checks of the ONNX export and the NPU op checker (scripts/export_onnx.py, scripts/check_onnx_ops.py).

Usage: python3 scripts/test_onnx_export.py      (about 30 s on 2 cores; needs torch, onnx, onnxruntime)

- the committed packages (tests/golden/*/onnx, models/mu-settings/onnx) pass the checker;
- a fresh export of a golden model matches mu_reference.py (max |logit diff| below TOL) through the package contract
  (full prefill window, left-padded window, decode steps), and its int8 QDQ package also passes the checker;
- the checker fails on a graph with a symbolic dimension, on one with a Shape op, and on an op no NPU list claims.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import onnx
from onnx import TensorProto, helper

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import check_onnx_ops  # noqa: E402
import export_onnx  # noqa: E402

TOL = 1e-4   # fp32 logits, ORT CPU vs PyTorch; observed ~1e-5


def _committed_packages() -> list[Path]:
    return sorted(ROOT.glob("tests/golden/*/onnx")) + [ROOT / "models/mu-settings/onnx"]


def test_committed_packages_pass() -> None:
    pkgs = _committed_packages()
    assert len(pkgs) >= 7, pkgs
    for p in pkgs:
        for g in ("decode.onnx", "prefill.onnx"):
            problems = check_onnx_ops.check(p / g)
            assert not problems, problems


def test_fresh_export_matches_reference_and_int8_passes() -> None:
    src = ROOT / "tests/golden/mu-dual-ln-gelu"
    with tempfile.TemporaryDirectory() as d:
        out = export_onnx.export(src, Path(d) / "onnx", prefill=8)
        diff = export_onnx.verify(export_onnx.load_model(src), out)
        assert diff < TOL, diff
        q = Path(d) / "onnx-int8"
        # calibration normally uses settings requests (a settings tokenizer); a golden model gets random ids
        _quantize_with_random_calibration(out, q, src)
        for g in ("decode.onnx", "prefill.onnx"):
            problems = check_onnx_ops.check(q / g)
            assert not problems, problems
            names = {n.op_type for n in onnx.load(str(q / g), load_external_data=False).graph.node}
            assert {"QuantizeLinear", "DequantizeLinear"} <= names, names


def _quantize_with_random_calibration(fp32: Path, out: Path, src: Path) -> None:
    import random
    cfg = export_onnx.load_model(src).cfg
    orig = export_onnx.calibration_sequences
    rng = random.Random(0)
    export_onnx.calibration_sequences = lambda _dir, n: [
        [rng.randrange(cfg.vocab_size) for _ in range(20)] for _ in range(n)]
    try:
        export_onnx.quantize_package(fp32, out, src, cfg, {"decode": 1, "prefill": 8}, 4)
    finally:
        export_onnx.calibration_sequences = orig


def _save(graph: onnx.GraphProto, path: Path) -> Path:
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(m, str(path))
    return path


def test_checker_rejects_dynamic_shape() -> None:
    with tempfile.TemporaryDirectory() as d:
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])
        g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "dyn", [x], [y])
        problems = check_onnx_ops.check(_save(g, Path(d) / "dyn.onnx"))
        assert any("input x" in p and "not fixed" in p for p in problems), problems
        assert any("output y" in p for p in problems), problems


def test_checker_rejects_shape_op_and_unlisted_op() -> None:
    with tempfile.TemporaryDirectory() as d:
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4])
        s = helper.make_tensor_value_info("s", TensorProto.INT64, [2])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])
        g = helper.make_graph([helper.make_node("Shape", ["x"], ["s"]), helper.make_node("Hardmax", ["x"], ["y"])],
                              "bad", [x], [s, y])
        problems = check_onnx_ops.check(_save(g, Path(d) / "bad.onnx"))
        assert any("data-dependent" in p and "Shape" in p for p in problems), problems
        assert any("qnn-htp" in p and "Hardmax" in p for p in problems), problems


def test_checker_passes_a_plain_static_graph() -> None:
    with tempfile.TemporaryDirectory() as d:
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])
        g = helper.make_graph([helper.make_node("Softmax", ["x"], ["y"])], "ok", [x], [y])
        assert check_onnx_ops.check(_save(g, Path(d) / "ok.onnx")) == []


if __name__ == "__main__":
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_") and callable(f)]
    for name, fn in tests:
        fn()
        print(f"ok  {name}")
    print(f"{len(tests)} tests passed")
