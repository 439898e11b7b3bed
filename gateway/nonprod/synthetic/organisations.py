"""The organisations of a synthetic England: commissioners with ICB-style ODS codes and their
own postcode areas, and GP practices in the ODS format (a letter and five digits, like
A81001), some of them commissioned as SAS practices. The demo's Sussex ICB and its practices
stay as the first (largest) area, so the demo's staff sign in to the busiest commissioner."""

from dataclasses import dataclass, field

from gateway.accounts.models import Organisation

from ..demo_data import ICB, PRACTICES

# Postcode areas of England, one per synthetic commissioner after Sussex (BN/RH/TN, the demo).
AREAS = [
    ("Kent", "ME"), ("Surrey", "GU"), ("Hampshire", "SO"), ("Dorset", "BH"), ("Wiltshire", "SP"),
    ("Somerset", "TA"), ("Bristol", "BS"), ("Gloucestershire", "GL"), ("Devon", "EX"),
    ("Cornwall", "TR"), ("Oxfordshire", "OX"), ("Berkshire", "RG"), ("Buckinghamshire", "HP"),
    ("Milton Keynes", "MK"), ("Bedfordshire", "LU"), ("Hertfordshire", "AL"),
    ("Cambridgeshire", "CB"), ("Suffolk", "IP"), ("Norfolk", "NR"), ("Lincolnshire", "LN"),
    ("Nottinghamshire", "NG"), ("Derbyshire", "DE"), ("Leicestershire", "LE"),
    ("Coventry", "CV"), ("Birmingham", "B"), ("Black Country", "WV"), ("Staffordshire", "ST"),
    ("South Yorkshire", "S"), ("West Yorkshire", "LS"), ("Greater Manchester", "M"),
    ("Cheshire and Merseyside", "L"), ("Lancashire", "PR"), ("Cumbria", "CA"),
    ("North East", "NE"), ("Durham", "DH"), ("Humber", "HU"), ("York", "YO"),
    ("North London", "N"), ("East London", "E"), ("South London", "SE"), ("West London", "W"),
    ("Essex", "CM"), ("Shropshire", "SY"), ("Herefordshire", "HR"), ("Northamptonshire", "NN"),
]  # fmt: skip
REGIONS = ["South East", "South West", "East of England", "Midlands", "North East and Yorkshire",
           "North West", "London"]  # fmt: skip
PRACTICE_LETTERS = "ABCDEFGHJKLMNPY"
STREETS = ["High Street", "Station Road", "Church Lane", "Park Road", "Mill Lane", "London Road"]


@dataclass
class Area:
    """One commissioner and its practices, as the cloning maps the demo's onto them."""

    commissioner: Organisation
    practices: list = field(default_factory=list)  # ids, not commissioned for SAS
    sas_practices: list = field(default_factory=list)  # ids


def icb_code(n):
    letters = "ABCDEFGHJKLMNPRSTVWXY"
    return f"Q{letters[n // len(letters) % len(letters)]}{letters[n % len(letters)]}"


def build_areas(scale, rng):
    """The demo's Sussex ICB as area 0, then scale.commissioners - 1 more, with
    scale.practices practices and scale.sas_practices SAS practices among them all."""
    sussex = Organisation.objects.get(name=ICB, kind=Organisation.Kind.COMMISSIONER)
    demo = Organisation.objects.filter(ods_code__in=[p[1] for p in PRACTICES])
    areas = [
        Area(
            sussex,
            [o.pk for o in demo if not o.is_sas_practice],
            [o.pk for o in demo if o.is_sas_practice],
        )
    ]
    used_codes = set(Organisation.objects.exclude(ods_code="").values_list("ods_code", flat=True))
    commissioners = []
    n = 0
    for k in range(1, scale.commissioners):
        name, prefix = AREAS[(k - 1) % len(AREAS)]
        suffix = "" if k <= len(AREAS) else f" {k // len(AREAS) + 1}"
        while icb_code(n) in used_codes:
            n += 1
        used_codes.add(icb_code(n))
        commissioners.append(
            Organisation(
                name=f"NHS {name}{suffix} ICB (synthetic)",
                kind=Organisation.Kind.COMMISSIONER,
                ods_code=icb_code(n),
                region=REGIONS[k % len(REGIONS)],
                appeals_address=f"Primary Care Team\n1 {name} Square",
                appeals_postcode=f"{prefix}1 1AA",
                appeals_phone="0300 123 0000",
                appeals_email=f"appeals@icb{k}.synthetic.gateway.nhs.uk",
            )
        )
    Organisation.objects.bulk_create(commissioners)
    areas += [Area(c) for c in commissioners]
    prefixes = ["BN"] + [AREAS[(k - 1) % len(AREAS)][1] for k in range(1, scale.commissioners)]
    practices = []
    sas_left = scale.sas_practices - len(areas[0].sas_practices)
    for n in range(max(0, scale.practices - len(demo))):
        k = n % len(areas)
        district = f"{prefixes[k]}{1 + rng.randrange(40)}"
        is_sas = sas_left > 0 and n // len(areas) % 40 == 1
        sas_left -= is_sas
        practices.append(
            Organisation(
                name=f"{rng.choice(STREETS)} {'SAS Practice' if is_sas else 'Surgery'} {n}",
                kind=Organisation.Kind.GP_PRACTICE,
                ods_code=f"{PRACTICE_LETTERS[k % len(PRACTICE_LETTERS)]}{80000 + n:05d}",
                commissioner=areas[k].commissioner,
                is_sas_practice=is_sas,
                list_capacity=40 if is_sas else None,
                catchment_districts=[district],
                address=f"{1 + n % 200} {rng.choice(STREETS)}",
                postcode=f"{district} {1 + rng.randrange(9)}AA",
                phone="0300 123 4567",
            )
        )
    Organisation.objects.bulk_create(practices, batch_size=2000)
    by_commissioner = {a.commissioner.pk: a for a in areas}
    for practice in practices:
        area = by_commissioner[practice.commissioner_id]
        (area.sas_practices if practice.is_sas_practice else area.practices).append(practice.pk)
    for area in areas:  # every area can take people onto its scheme
        if not area.sas_practices:
            area.sas_practices = list(areas[0].sas_practices)
        if not area.practices:
            area.practices = list(areas[0].practices)
    return areas
