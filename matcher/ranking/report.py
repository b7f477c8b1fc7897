"""Write the evaluation report: JSON figures, a Markdown table and plots under ``reports/``."""

from __future__ import annotations

import json
from pathlib import Path

from matcher.ranking.evaluate import EvaluationReport

TARGETS = {"hit@10 (country given)": 0.30, "hit@50 (country not given)": 0.20}


def write_report(report: EvaluationReport, folder: Path, *, meta: dict[str, str]) -> list[Path]:
    """Write ``evaluation.json``, ``evaluation.md`` and two PNG charts; return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    table = report.table()
    payload = {
        "hidden_pairs": report.hidden_pairs,
        "train_edges": report.train_edges,
        "sources": report.sources,
        "targets": TARGETS,
        "results": table,
        "coefficients": report.coefficients,
        **meta,
    }
    json_path = folder / "evaluation.json"
    json_path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

    headers = list(table[0].keys())
    lines = [
        "# Backtest of partner suggestions for Polish towns",
        "",
        f"Hidden partnerships: {report.hidden_pairs} (of {report.sources} Polish towns); "
        f"training links: {report.train_edges}. Reproduce: `matcher evaluate`.",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
    ]
    for row in table:
        lines.append("| " + " | ".join(str(row[h]) for h in headers) + " |")
    lines += ["", "Targets: " + ", ".join(f"{k} ≥ {v}" for k, v in TARGETS.items()), ""]
    lines += ["## Ranker weights (per standard deviation of each factor)", ""]
    lines += [f"- {k}: {v:+.3f}" for k, v in report.coefficients.items()]
    md_path = folder / "evaluation.md"
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    methods = [str(r["method"]) for r in table]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for ax, metric in zip(axes, TARGETS, strict=True):
        values = [float(r[metric]) for r in table]
        colors = ["#1f6feb" if m.startswith("ranker") else "#9aa4b2" for m in methods]
        ax.barh(methods[::-1], values[::-1], color=colors[::-1])
        ax.axvline(TARGETS[metric], color="#d1242f", linestyle="--", label="target")
        ax.set_title(metric)
        ax.set_xlim(0, max(1e-3, *values, TARGETS[metric]) * 1.15)
        for y, v in enumerate(values[::-1]):
            ax.text(v, y, f" {v:.3f}", va="center", fontsize=8)
        ax.legend(loc="lower right")
    fig.tight_layout()
    metrics_png = folder / "evaluation_metrics.png"
    fig.savefig(metrics_png, dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4))
    names = list(report.coefficients)
    coefs = [report.coefficients[n] for n in names]
    ax.barh(
        names[::-1], coefs[::-1], color=["#1a7f37" if c >= 0 else "#d1242f" for c in coefs[::-1]]
    )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_title("Ranker weight per factor (standardised)")
    fig.tight_layout()
    coef_png = folder / "ranker_weights.png"
    fig.savefig(coef_png, dpi=110)
    plt.close(fig)
    return [json_path, md_path, metrics_png, coef_png]
