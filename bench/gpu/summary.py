"""python3 summary.py OUT LOGS STAGES — device.sh's closing table: Folio on WebGPU against PyTorch on CUDA.

OUT holds the reports (adapters.json, folio-steps.json, torch.json, folio-full.json); LOGS each
stage's output (Dawn's validation errors are counted there); STAGES is "name=rc:seconds ...".
Writes OUT/summary.json and prints the table.
"""
import json
import os
import statistics
import sys
from collections import Counter

out_dir, logs_dir, stages_arg = sys.argv[1], sys.argv[2], sys.argv[3]


def load(name):
    try:
        with open(os.path.join(out_dir, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def dawn_errors(stage):
    """Dawn prints 'validation:' and then the message; an invalid pipeline is reported at every use."""
    try:
        with open(os.path.join(logs_dir, stage + ".log"), errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    return Counter(line.strip() for prev, line in zip(lines, lines[1:]) if prev.startswith("validation:") and not line.startswith("["))


stages = {}
for item in stages_arg.split():
    name, _, result = item.partition("=")
    rc, _, seconds = result.partition(":")
    stages[name] = {"rc": rc, "seconds": int(seconds or 0)}

probe, steps_report, torch, full_report = load("adapters.json"), load("folio-steps.json"), load("torch.json"), load("folio-full.json")
steps = (steps_report or {}).get("steps")
full = (full_report or {}).get("full")
adapter = (steps_report or full_report or {}).get("adapter") or ((probe or {}).get("adapters") or {}).get("high-performance")

torch_ms = None
if torch and torch.get("step_ms"):
    after_first = torch["step_ms"][1:] or torch["step_ms"]
    torch_ms = statistics.median(after_first)

summary = {
    "adapter": adapter,
    "computeCheck": (probe or {}).get("compute"),
    "folioStepMedianMs": steps and steps["medianMs"],
    "folioStepP90Ms": steps and steps["p90Ms"],
    "folioTimedSteps": steps and steps["timedSteps"],
    "folioTokensPerSecond": steps and steps["tokensPerSecond"],
    "folioTensorGrowth": steps and steps["tensorGrowth"],
    "torchStepMedianMs": torch_ms,
    "torchSteps": torch and len(torch.get("step_ms", [])),
    "torchVersion": torch and torch.get("torch"),
    "folioOverTorch": steps and torch_ms and steps["medianMs"] / torch_ms,
    "full": full and {k: full[k] for k in ("status", "step", "wallSeconds", "evaluations", "medianStepMs")},
    "errors": [e for r in (steps_report, full_report) if r for e in r.get("errors", [])],
    "dawnValidationErrors": {s: sum(c.values()) for s in ("folio-steps", "folio-full") if (c := dawn_errors(s)) is not None},
    "stages": stages,
}
with open(os.path.join(out_dir, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)


def ms(value):
    return "-" if value is None else f"{value:.1f} ms"


def compute_line(compute):
    if not compute:
        return "-"
    if not compute.get("ok"):
        return f"FAILED: {json.dumps(compute)}"
    return f"ok; first dispatch and read {ms(compute['firstMs'])}, a dispatch round trip {compute['roundTripMedianMs']:.2f} ms"


rows = [
    ("adapter", "none" if not adapter else f"{adapter.get('description')} (vendor {adapter.get('vendor')}, {adapter.get('architecture')})"),
    ("compute check", compute_line((probe or {}).get("compute"))),
    ("Folio step (webgpu)", "-" if not steps else
     f"{ms(steps['medianMs'])} median, p90 {ms(steps['p90Ms'])}, {steps['timedSteps']} steps, {steps['tokensPerSecond']:.0f} tokens/s, "
     f"tensor growth {steps['tensorGrowth']}, loss {steps['losses'][0]:.3f} -> {steps['losses'][-1]:.3f}"),
    ("PyTorch step (cuda)", "-" if torch_ms is None else f"{ms(torch_ms)} median after the first, {len(torch['step_ms'])} steps, torch {torch.get('torch')}"),
    ("Folio / PyTorch", "-" if not summary["folioOverTorch"] else f"{summary['folioOverTorch']:.2f}x"),
]
if full:
    evals = ", ".join(f"{e['step']}: {e['val']:.4f}" for e in full["evaluations"]) or "none"
    rows.append(("Folio full run", f"{full['status']} at step {full['step']} after {full['wallSeconds']:.0f} s, median logged step {ms(full['medianStepMs'])}"))
    rows.append(("  val loss by step", evals))
for stage, counts in ((s, dawn_errors(s)) for s in ("folio-steps", "folio-full")):
    if counts:
        rows.append((f"Dawn errors, {stage}", f"{sum(counts.values())}; first: {counts.most_common(1)[0][0][:120]}"))
for error in summary["errors"]:
    rows.append(("error", error[:200]))
rows.append(("stages (rc, s)", ", ".join(f"{name} {s['rc']} {s['seconds']}s" for name, s in stages.items())))

width = max(len(name) for name, _ in rows)
print("\n".join(f"{name.ljust(width)}  {value}" for name, value in rows))
