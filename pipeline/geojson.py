"""Export: places.geojson, one point feature per GeoNames place with its mention counts.

RFC 7946 GeoJSON (longitude before latitude, WGS 84), which QGIS, kepler.gl, geojson.io
and Datasette's map plugins open as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .export import _atomic_write
from .store import Store

GEOJSON_NAME = "places.geojson"


def places_collection(store: Store) -> dict[str, Any]:
    """The FeatureCollection of linked places in articles with status ok, busiest first."""
    places = store.linked_places()
    features = []
    for values in places.rows:
        row = dict(zip(places.columns, values, strict=True))
        properties = {
            "name": row["name"],
            "geonames_id": row["geonames_id"],
            "state": row["state"] or "",
            "country": row["country"] or "",  # filled once the store has entities.country
            "mentions": row["mentions"],
            "articles": row["articles"],
            "first_published": row["first_published"] or "",
            "last_published": row["last_published"] or "",
        }
        features.append(
            {
                "type": "Feature",
                "id": row["geonames_id"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row["longitude"], 6), round(row["latitude"], 6)],
                },
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(store: Store, target: Path) -> None:
    collection = places_collection(store)

    def write(tmp: Path) -> None:
        tmp.write_text(
            json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    _atomic_write(target, write)
