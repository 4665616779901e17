"""Where synthetic offences happen: a point inside each offence's borough (the real,
committed boundary), denser around the town centres named below.

ASSUMPTIONS, not data: the centres are the boroughs' main town centres (London Plan
metropolitan and major centres, located by hand to about 100 m), and the shares and
spreads below are chosen to look like street crime, which gathers around high streets,
stations and night-time economies. Nothing here is a real offence's location.
"""

import numpy as np
import shapely

from geodata.borough_shapes import borough_shapes
from geodata.british_grid import to_british_grid

# (longitude, latitude) of each borough's main town centres.
TOWN_CENTRES = {
    "E09000002": {"Barking": (0.0810, 51.5396), "Dagenham Heathway": (0.1475, 51.5417)},
    "E09000003": {"Finchley Central": (-0.1930, 51.6010), "Chipping Barnet": (-0.2000, 51.6520)},
    "E09000004": {"Bexleyheath": (0.1390, 51.4570)},
    "E09000005": {"Wembley": (-0.2796, 51.5560), "Harlesden": (-0.2480, 51.5370)},
    "E09000006": {"Bromley": (0.0150, 51.4060), "Orpington": (0.1000, 51.3750)},
    "E09000007": {"Camden Town": (-0.1426, 51.5390), "Holborn": (-0.1200, 51.5175)},
    "E09000008": {"Croydon": (-0.0980, 51.3750)},
    "E09000009": {"Ealing Broadway": (-0.3040, 51.5130), "Southall": (-0.3760, 51.5110)},
    "E09000010": {"Enfield Town": (-0.0810, 51.6520), "Edmonton Green": (-0.0610, 51.6240)},
    "E09000011": {"Woolwich": (0.0690, 51.4900), "Greenwich": (-0.0090, 51.4810)},
    "E09000012": {"Dalston": (-0.0750, 51.5460), "Mare Street": (-0.0553, 51.5450)},
    "E09000013": {"Hammersmith": (-0.2230, 51.4925), "Shepherd's Bush": (-0.2190, 51.5040)},
    "E09000014": {"Wood Green": (-0.1100, 51.5970), "Tottenham": (-0.0700, 51.5880)},
    "E09000015": {"Harrow": (-0.3360, 51.5800)},
    "E09000016": {"Romford": (0.1830, 51.5770)},
    "E09000017": {"Uxbridge": (-0.4780, 51.5460), "Hayes": (-0.4210, 51.5030)},
    "E09000018": {"Hounslow": (-0.3610, 51.4680)},
    "E09000019": {"Angel": (-0.1060, 51.5320), "Nag's Head": (-0.1170, 51.5560)},
    "E09000020": {"Kensington High Street": (-0.1920, 51.5010), "Notting Hill": (-0.1960, 51.5090)},
    "E09000021": {"Kingston": (-0.3010, 51.4100)},
    "E09000022": {"Brixton": (-0.1150, 51.4620), "Streatham": (-0.1310, 51.4300)},
    "E09000023": {"Lewisham": (-0.0130, 51.4610), "Catford": (-0.0200, 51.4450)},
    "E09000024": {"Wimbledon": (-0.2060, 51.4210), "Mitcham": (-0.1680, 51.4030)},
    "E09000025": {"Stratford": (-0.0030, 51.5420), "East Ham": (0.0520, 51.5390)},
    "E09000026": {"Ilford": (0.0700, 51.5590)},
    "E09000027": {"Richmond": (-0.3030, 51.4610), "Twickenham": (-0.3280, 51.4470)},
    "E09000028": {"Peckham": (-0.0690, 51.4700), "Elephant and Castle": (-0.1000, 51.4950)},
    "E09000029": {"Sutton": (-0.1945, 51.3618)},
    "E09000030": {"Whitechapel": (-0.0600, 51.5170), "Canary Wharf": (-0.0190, 51.5050)},
    "E09000031": {"Walthamstow": (-0.0210, 51.5830), "Leytonstone": (0.0080, 51.5680)},
    "E09000032": {"Clapham Junction": (-0.1700, 51.4640), "Tooting": (-0.1680, 51.4280)},
    "E09000033": {"West End": (-0.1300, 51.5110), "Edgware Road": (-0.1750, 51.5170)},
}
# Share of a borough's offences drawn around its town centres; the rest anywhere in it.
TOWN_CENTRE_SHARE = 0.6
# Spread around a centre (standard deviation, metres): most within a kilometre or so.
TOWN_CENTRE_SPREAD_METRES = 700.0
# Points drawn per borough at most; more offences reuse them. Keeps a 10-million-offence
# benchmark store as quick to place as the demo (cells are 400 m; a repeat is invisible).
POINTS_PER_BOROUGH_AT_MOST = 40_000
MAX_DRAWS = 200  # rejection rounds; each keeps the points inside the borough


def _inside(shape, count: int, centres: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`count` points inside `shape`: TOWN_CENTRE_SHARE near a centre, the rest uniform."""
    minx, miny, maxx, maxy = shape.bounds
    shapely.prepare(shape)
    kept = np.empty((0, 2))
    for _ in range(MAX_DRAWS):
        wanted = count - len(kept)
        if wanted <= 0:
            break
        near = rng.random(wanted) < TOWN_CENTRE_SHARE
        which = rng.integers(0, len(centres), size=wanted)
        spread = rng.normal(0.0, TOWN_CENTRE_SPREAD_METRES, size=(wanted, 2))
        uniform = np.column_stack([rng.uniform(minx, maxx, wanted), rng.uniform(miny, maxy, wanted)])
        points = np.where(near[:, None], centres[which] + spread, uniform)
        kept = np.vstack([kept, points[shapely.contains_xy(shape, points[:, 0], points[:, 1])]])
    if len(kept) < count:
        raise RuntimeError("could not place synthetic offences inside the borough")  # a broken boundary file
    return kept[:count]


def synthetic_points(gss_codes: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Easting and northing (metres, EPSG:27700, to 1 m) for offences in these boroughs."""
    shapes = borough_shapes().set_index("gss_code").geometry
    easting = np.empty(len(gss_codes))
    northing = np.empty(len(gss_codes))
    for code in sorted(set(gss_codes)):
        rows = np.flatnonzero(gss_codes == code)
        longitudes, latitudes = zip(*TOWN_CENTRES[code].values())
        centres = np.column_stack(to_british_grid(longitudes, latitudes))
        drawn = _inside(shapes[code], min(len(rows), POINTS_PER_BOROUGH_AT_MOST), centres, rng)
        chosen = drawn if len(drawn) == len(rows) else drawn[rng.integers(0, len(drawn), size=len(rows))]
        easting[rows], northing[rows] = chosen[:, 0], chosen[:, 1]
    return np.round(easting), np.round(northing)
