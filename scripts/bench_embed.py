"""Benchmark embedding: N texts from scratch with a model, then a restart on cached vectors.

Usage: .venv/bin/python scripts/bench_embed.py [N] [--model NAME] [--source auto|db|synthetic]

Each phase runs in a fresh Python process so the figures are what a user sees:
  scratch  import, model load and encoding of N texts into an empty store: time,
           texts/s, peak memory (ru_maxrss);
  restart  a new process opens the store and gets the same N vectors (nothing is
           encoded, the model is not even loaded): time to ready; then, separately,
           what loading the model for a free-text query would add.
Texts are real profile texts from the configured database when it has towns
(``--source auto``), else synthetic profile-like texts in six languages.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()

THEMES = {
    "en": [
        "spa and wellness",
        "wine tourism",
        "renewable energy",
        "cultural heritage",
        "youth exchange",
        "sustainable mobility",
        "circular economy",
        "fishing port",
    ],
    "pl": [
        "uzdrowisko",
        "turystyka winiarska",
        "energia odnawialna",
        "dziedzictwo kulturowe",
        "wymiana młodzieży",
        "zrównoważona mobilność",
        "gospodarka o obiegu zamkniętym",
    ],
    "de": [
        "Kurort",
        "Weintourismus",
        "erneuerbare Energie",
        "Kulturerbe",
        "Jugendaustausch",
        "nachhaltige Mobilität",
        "Kreislaufwirtschaft",
    ],
    "fr": [
        "station thermale",
        "oenotourisme",
        "énergie renouvelable",
        "patrimoine culturel",
        "échanges de jeunes",
        "mobilité durable",
        "économie circulaire",
    ],
    "it": [
        "terme e benessere",
        "turismo del vino",
        "energia rinnovabile",
        "patrimonio culturale",
        "scambi giovanili",
        "mobilità sostenibile",
        "economia circolare",
    ],
    "es": [
        "balneario",
        "enoturismo",
        "energía renovable",
        "patrimonio cultural",
        "intercambio juvenil",
        "movilidad sostenible",
        "economía circular",
    ],
}
FRAMES = {
    "en": "Small town of {n} inhabitants. Themes: {t}. Member of {net}. Project: {p}.",
    "pl": "Gmina liczy {n} mieszkańców. Tematy: {t}. Członek sieci {net}. Projekt: {p}.",
    "de": "Stadt mit {n} Einwohnern. Themen: {t}. Mitglied von {net}. Projekt: {p}.",
    "fr": "Commune de {n} habitants. Thèmes : {t}. Membre de {net}. Projet : {p}.",
    "it": "Comune di {n} abitanti. Temi: {t}. Membro di {net}. Progetto: {p}.",
    "es": "Municipio de {n} habitantes. Temas: {t}. Miembro de {net}. Proyecto: {p}.",
}
NETWORKS = ["Cittaslow", "Covenant of Mayors", "Climate Alliance", "Energy Cities", "UBC"]


def synthetic_texts(n: int, seed: int = 0) -> dict[str, str]:
    """Profile-like texts in six languages, deterministic for a seed."""
    rng = random.Random(seed)
    out: dict[str, str] = {}
    for i in range(n):
        lang = rng.choice(sorted(FRAMES))
        themes = rng.sample(THEMES[lang], k=3)
        project = " ".join(rng.sample(THEMES["en"], k=2)) + f" {rng.randint(1, 999)}"
        out[f"SYN-{i}"] = FRAMES[lang].format(
            n=rng.randint(1_000, 90_000),
            t=", ".join(themes),
            net=rng.choice(NETWORKS),
            p=project,
        )
    return out


def db_texts(n: int) -> dict[str, str] | None:
    """The first ``n`` real profile texts (sorted keys), or None without a loaded database."""
    from sqlalchemy import inspect
    from sqlmodel import Session

    from matcher.config import Settings
    from matcher.db import make_engine

    try:
        from matcher.profiles import profile_texts

        engine = make_engine(Settings().database_url)
        if not inspect(engine).has_table("town"):
            return None
        with Session(engine) as session:
            texts = {k: v for k, v in profile_texts(session).items() if v.strip()}
    except Exception:
        return None
    if not texts:
        return None
    return {k: texts[k] for k in sorted(texts)[:n]}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(args: argparse.Namespace, texts_file: Path) -> dict[str, float]:
    """One measured phase in this process; returns its figures."""
    from matcher.embeddings.models import load_encoder
    from matcher.embeddings.store import VectorStore

    texts: dict[str, str] = json.loads(texts_file.read_text(encoding="utf-8"))
    encoder = load_encoder(args.model)
    out: dict[str, float] = {"n": len(texts)}
    if args.phase == "scratch":
        t0 = time.perf_counter()
        _ = encoder.model  # import sentence-transformers and load the weights
        out["model_load_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        store = VectorStore(Path(args.vector_dir), encoder.model_id)
        result = store.embed(encoder, texts, progress=False)
        out["encode_s"] = time.perf_counter() - t1
        out["texts_per_s"] = result.new / out["encode_s"]
        out["new"] = result.new
    else:
        store = VectorStore(Path(args.vector_dir), encoder.model_id)
        result = store.embed(encoder, texts, progress=False)
        out["ready_s"] = time.perf_counter() - START
        out["new"] = result.new
        out["ready_rss_mb"] = peak_mb()
        t0 = time.perf_counter()
        encoder.encode(["małe miasto uzdrowiskowe nad morzem"])
        out["query_model_load_s"] = time.perf_counter() - t0
    out["total_s"] = time.perf_counter() - START
    out["peak_rss_mb"] = peak_mb()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=2000, help="number of texts")
    parser.add_argument("--model", default="use-multilingual")
    parser.add_argument("--source", choices=["auto", "db", "synthetic"], default="auto")
    parser.add_argument("--phase", choices=["scratch", "restart"], help=argparse.SUPPRESS)
    parser.add_argument("--vector-dir", help=argparse.SUPPRESS)
    parser.add_argument("--texts-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args, Path(args.texts_file))))
        return

    texts = None if args.source == "synthetic" else db_texts(args.n)
    if texts is None and args.source == "db":
        sys.exit("No profile texts in the configured database: run `matcher db load` first.")
    source = "database" if texts else "synthetic"
    texts = texts or synthetic_texts(args.n)
    chars = sum(map(len, texts.values())) / len(texts)
    with tempfile.TemporaryDirectory(prefix="bench_embed_") as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        figures = {}
        for phase in ("scratch", "restart"):
            cmd = [
                sys.executable,
                __file__,
                "--model",
                args.model,
                "--phase",
                phase,
                "--vector-dir",
                str(Path(tmp) / "vectors"),
                "--texts-file",
                str(texts_file),
            ]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True)
            figures[phase] = json.loads(done.stdout.strip().splitlines()[-1])
    s, r = figures["scratch"], figures["restart"]
    print(f"bench_embed: {len(texts)} {source} texts (mean {chars:.0f} chars), model {args.model}")
    print("from scratch (new process, empty store):")
    print(f"  import + model load   {s['model_load_s']:8.1f} s")
    print(f"  encode + save         {s['encode_s']:8.1f} s  ({s['texts_per_s']:.0f} texts/s)")
    print(f"  process total         {s['total_s']:8.1f} s")
    print(f"  peak memory (RSS)     {s['peak_rss_mb']:8.0f} MB")
    print("restart (new process, cached vectors):")
    print(f"  ready (all {r['n']:.0f} vectors, {r['new']:.0f} encoded) {r['ready_s']:8.2f} s")
    print(f"  peak memory when ready              {r['ready_rss_mb']:8.0f} MB")
    print(f"  + model load for a free-text query  {r['query_model_load_s']:8.1f} s")
    print(f"  peak memory with the model          {r['peak_rss_mb']:8.0f} MB")


if __name__ == "__main__":
    main()
