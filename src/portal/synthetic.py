"""Synthetic practices for tests and benchmarks only: never written into practices/.

    python -m portal.synthetic N DEST_FOLDER [--seed S]

writes N valid, varied practice files (countries, GCM objectives, themes, years, texts in both
languages, and Portuguese in every other one) into DEST_FOLDER, which must not be the project's own practices/ folder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

COUNTRIES = ["AR", "BO", "BR", "CL", "CO", "EC", "PE", "PY", "UY", "VE", "MX", "CR", "GT",
             "SV", "HN", "PA", "DO", "ES", "US", "CA"]
WORDS_ES = ("integración migración comunidad acogida derechos servicios empleo salud educación "
            "documentación regularización municipio gobierno local información orientación "
            "protección niñez mujeres retorno diáspora remesas capacitación coordinación red "
            "atención ventanilla registro datos inclusión cohesión social trabajo decente").split()
WORDS_EN = ("integration migration community host rights services employment health education "
            "documentation regularization municipality local government information guidance "
            "protection children women return diaspora remittances training coordination network "
            "assistance one-stop registry data inclusion cohesion social decent work").split()
WORDS_PT = ("integração migração comunidade acolhida direitos serviços emprego saúde educação "
            "documentação regularização município governo local informação orientação "
            "proteção infância mulheres retorno diáspora remessas capacitação coordenação rede "
            "atendimento guichê registro dados inclusão coesão social trabalho decente").split()
THEMES = ["integration", "mainstreaming", "anti-discrimination", "local-governance",
          "institutional-capacity", "regularization", "labour-inclusion", "access-to-services",
          "information-and-data", "protection", "return-and-reintegration", "legal-framework"]
POPULATIONS = ["migrants", "refugees-and-asylum-seekers", "migrant-workers", "women",
               "children-and-adolescents", "host-communities", "returnees", "diaspora",
               "public-officials", "civil-society"]
PRINCIPLES = ["people-centred", "international-cooperation", "national-sovereignty",
              "rule-of-law", "sustainable-development", "human-rights", "gender-responsive",
              "child-sensitive", "whole-of-government", "whole-of-society"]


def _sentence(rng: random.Random, n: int) -> dict:
    idx = [rng.randrange(len(WORDS_ES)) for _ in range(n)]
    texts = {lang: " ".join(words[i] for i in idx)
             for lang, words in (("es", WORDS_ES), ("en", WORDS_EN), ("pt", WORDS_PT))}
    return {lang: text[0].upper() + text[1:] + "." for lang, text in texts.items()}


def _without_pt(node):
    """The same data with no Portuguese anywhere (a practice not translated yet)."""
    if isinstance(node, dict):
        return {k: _without_pt(v) for k, v in node.items() if k != "pt"}
    if isinstance(node, list):
        return [_without_pt(v) for v in node]
    return node


def practice(i: int, rng: random.Random) -> dict:
    start = rng.randint(2000, 2025)
    completed = rng.random() < 0.3
    title = _sentence(rng, rng.randint(3, 7))
    data = {
        "id": f"sintetica-{i:05d}",
        "title": {k: v.rstrip(".") + f" {i}" for k, v in title.items()},
        "country": rng.choice(COUNTRIES) if rng.random() < 0.9 else rng.sample(COUNTRIES, 2),
        "institutions": [{"name": _sentence(rng, 4), "role": "lead"}],
        "start_year": start,
        "status": "completed" if completed else "ongoing",
        "summary": _summary(rng),
        "objectives": [_sentence(rng, 12) for _ in range(rng.randint(1, 4))],
        "lessons": [_sentence(rng, 20) for _ in range(rng.randint(1, 4))],
        "recommendations": [_sentence(rng, 20) for _ in range(rng.randint(1, 3))],
        "gcm_objectives": sorted(rng.sample(range(1, 24), rng.randint(1, 3))),
        "gcm_principles": rng.sample(PRINCIPLES, rng.randint(1, 3)),
        "themes": rng.sample(THEMES, rng.randint(1, 3)),
        "populations": rng.sample(POPULATIONS, rng.randint(1, 2)),
        "sources": [{"title": f"Informe sintético {i}", "publisher": "Portal (datos de prueba)",
                     "year": start, "url": f"https://example.org/informes/{i}"}],
        "published": f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }
    if completed:
        data["end_year"] = rng.randint(start, 2026)
    data["updated"] = data["published"]
    # Every other practice is translated into Portuguese, in every text (a partial
    # translation is refused); the others show the Spanish text on their Portuguese pages.
    return data if i % 2 == 0 else _without_pt(data)


def _summary(rng: random.Random) -> dict:
    # Three sentences for Spanish, then three others for English and Portuguese (drawn in the
    # order the generator has always drawn them, so that a seed gives the same practices).
    es = [_sentence(rng, 25) for _ in range(3)]
    en = [_sentence(rng, 25) for _ in range(3)]
    return {"es": " ".join(s["es"] for s in es), "en": " ".join(s["en"] for s in en),
            "pt": " ".join(s["pt"] for s in en)}


def write(n: int, dest: Path, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        data = practice(i, rng)
        path = dest / f"{data['id']}.yaml"
        # JSON is valid YAML, and keeps every date quoted.
        path.write_text("# yaml-language-server: $schema=schema.json\n"
                        + json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    own = (Path(__file__).resolve().parents[2] / "practices").resolve()
    if args.dest.resolve() == own:
        print("refusing to write synthetic practices into the project's practices/", file=sys.stderr)
        return 2
    write(args.n, args.dest, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
