"""Check that an ONNX graph can go to an NPU execution provider: every op on the provider's list, every shape static.

Usage:
    python3 scripts/check_onnx_ops.py GRAPH.onnx [GRAPH.onnx ...] [--provider qnn-htp|openvino-npu|all] [--list]

For each graph it prints the op types used (with counts) and, per provider, the ops the provider does not claim
(scripts/onnx_op_lists.json: names copied from the QNN EP and OpenVINO EP sources, with URLs and date). It fails
(exit 1) on:
  - an op type a selected provider does not list (per domain: ai.onnx or com.microsoft);
  - a graph input, output or intermediate value with a symbolic or unknown dimension (after ONNX shape inference);
  - an op whose output shape depends on data (Shape, NonZero, Range, ConstantOfShape, Loop, If, Scan, ...);
  - an opset other than the one the export targets (17) for ai.onnx.
Ops of the ai.onnx domain are accepted only in their standard form; the checker does not judge attributes or dtypes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import onnx

LISTS = Path(__file__).resolve().parent / "onnx_op_lists.json"
PROVIDERS = ("qnn-htp", "openvino-npu")
EXPECTED_OPSET = 17
# Output shapes of these ops depend on tensor values (or they carry subgraphs): never static on an NPU.
DYNAMIC_OPS = {"Shape", "Size", "NonZero", "Range", "ConstantOfShape", "Loop", "If", "Scan", "Unique", "Compress",
               "NonMaxSuppression", "Expand", "Tile", "Resize", "Upsample", "TopK", "OneHot"}


def _load_lists() -> dict:
    return json.loads(LISTS.read_text())["providers"]


def _dims_static(vi: onnx.ValueInfoProto) -> str | None:
    """None when the value has a tensor type with all dims fixed; else why not."""
    t = vi.type
    if not t.HasField("tensor_type"):
        return "not a tensor"
    if not t.tensor_type.HasField("shape"):
        return "unknown rank"
    bad = [d.dim_param or "?" for d in t.tensor_type.shape.dim if not d.HasField("dim_value") or d.dim_value <= 0]
    return f"dims {bad} are not fixed" if bad else None


def check(path: Path | str, providers: tuple[str, ...] = PROVIDERS, verbose: bool = False) -> list[str]:
    """Problems found in one graph (empty when it passes). External data is not loaded (only the graph)."""
    path = Path(path)
    m = onnx.load(str(path), load_external_data=False)
    problems: list[str] = []
    opsets = {o.domain or "ai.onnx": o.version for o in m.opset_import}
    if opsets.get("ai.onnx") != EXPECTED_OPSET:
        problems.append(f"{path}: ai.onnx opset {opsets.get('ai.onnx')}, expected {EXPECTED_OPSET}")
    counts = Counter(((n.domain or "ai.onnx"), n.op_type) for n in m.graph.node)
    if verbose:
        print(f"{path}: {sum(counts.values())} nodes")
        for (dom, op), c in sorted(counts.items()):
            print(f"  {dom}:{op} x{c}")
    lists = _load_lists()
    for p in providers:
        allowed = lists[p]
        missing = sorted(f"{d}:{op}" for (d, op) in counts if op not in allowed.get(d, []))
        if missing:
            problems.append(f"{path}: ops not supported by {p}: {', '.join(missing)}")
    dyn = sorted({op for (_, op) in counts if op in DYNAMIC_OPS})
    if dyn:
        problems.append(f"{path}: ops with data-dependent shapes: {', '.join(dyn)}")
    for vi in list(m.graph.input) + list(m.graph.output):
        why = _dims_static(vi)
        if why:
            problems.append(f"{path}: graph {'input' if vi in m.graph.input else 'output'} {vi.name}: {why}")
    try:
        inferred = onnx.shape_inference.infer_shapes(m, strict_mode=False)
        for vi in inferred.graph.value_info:
            why = _dims_static(vi)
            if why:
                problems.append(f"{path}: intermediate value {vi.name}: {why}")
    except Exception as e:  # noqa: BLE001 - shape inference failing is itself a finding
        problems.append(f"{path}: shape inference failed: {e}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("graphs", nargs="+", type=Path)
    ap.add_argument("--provider", choices=PROVIDERS + ("all",), default="all")
    ap.add_argument("--list", action="store_true", help="print the op types of each graph")
    a = ap.parse_args()
    providers = PROVIDERS if a.provider == "all" else (a.provider,)
    failed = False
    for g in a.graphs:
        problems = check(g, providers, verbose=a.list)
        for p in problems:
            print(p)
        if problems:
            failed = True
        else:
            print(f"{g}: OK for {', '.join(providers)} (static shapes, opset {EXPECTED_OPSET})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
