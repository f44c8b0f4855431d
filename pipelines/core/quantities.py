"""Vocabulary of numeric claims: number words, scales, units, qualifier cues.

One place for each fact; `pipelines.core.claims` compiles these into regexes
once at import time.
"""
from __future__ import annotations

QUALIFIERS = ("=", "~", ">", ">=", "<", "<=", "up", "down")

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
# Multipliers inside a spelled-out number ('two hundred', 'a dozen').
MULTIPLIER_WORDS = {"hundred": 100, "dozen": 12}
# Scales that close a group ('three million, two hundred').
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Scales written after digits, newswire abbreviations included ('5.93 mln', '$1.13bn', '£600m').
SCALE_AFTER_DIGITS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "mil": 1e6, "billion": 1e9,
    "bln": 1e9, "bn": 1e9, "trillion": 1e12, "trln": 1e12, "tn": 1e12,
    # South Asian scales ('Rs 5 crore', '3 lakh people')
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
    # a plural scale after a figure ('five billions dlrs', as some wires write it)
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}
# Single-letter scales glued to digits ('€10M', '$2.174T', '0.5k miles'); 'm' is
# metre unless money or a counted plural follows, decided in claims/extract.py.
GLUED_SCALES = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "T": 1e12}

# Plural nouns after which a glued 'm' is million, not metre ('2m people' but '60m hurdles').
MILLION_COUNT_NOUNS = frozenset(
    """people users customers viewers listeners readers subscribers homes households jobs barrels tonnes tons
    votes voters visitors copies shares passengers workers units songs downloads players members children
    adults pensioners consumers tickets cars vehicles phones handsets computers pcs items accounts patients
    refugees migrants residents citizens americans britons jobless unemployed homeless poor""".split()
)

# Plural nouns after which a glued 'm' stays metres although they are counted plurals ('60m hurdles').
METRE_EVENT_NOUNS = frozenset(
    """hurdles heats finals races runners sprinters swimmers times records events titles medals relays laps lengths
    rounds qualifiers metres meters""".split()
)

# Fraction denominators after a cardinal ('two thirds', 'one-half'); 'second' is left
# out because 'a second' is a time.
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
    "twelfth": 12, "twelfths": 12, "sixteenth": 16, "sixteenths": 16, "twentieth": 20, "twentieths": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "sixtieths": 60, "eightieth": 80,
    "eightieths": 80, "hundredth": 100, "hundredths": 100, "thousandth": 1000, "thousandths": 1000,
}
VULGAR_FRACTIONS = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
    "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8,
}
# 'hundreds of X' is a vague quantity: no value, the bounds [2, 10) times the scale ('tens of
# thousands': 20,000 to 100,000), not an invented point.
PLURAL_SCALES = {"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
VAGUE_BOUNDS = (2, 10)

# Currency symbols and codes written before the number -> (unit, ISO code).
CURRENCY_PREFIXES = {
    "$": ("dollar", "USD"), "US$": ("dollar", "USD"), "U.S.$": ("dollar", "USD"), "USD": ("dollar", "USD"),
    "C$": ("canadian dollar", "CAD"), "A$": ("australian dollar", "AUD"), "AU$": ("australian dollar", "AUD"),
    "NZ$": ("new zealand dollar", "NZD"), "HK$": ("hong kong dollar", "HKD"), "S$": ("singapore dollar", "SGD"),
    "NT$": ("taiwan dollar", "TWD"), "€": ("euro", "EUR"), "EUR": ("euro", "EUR"), "£": ("pound sterling", "GBP"),
    "GBP": ("pound sterling", "GBP"), "¥": ("japanese yen", "JPY"), "JPY": ("japanese yen", "JPY"),
    "₹": ("indian rupee", "INR"), "Rs": ("indian rupee", "INR"), "Rs.": ("indian rupee", "INR"),
    "₽": ("russian ruble", "RUB"), "CHF": ("swiss franc", "CHF"), "SFr": ("swiss franc", "CHF"),
    # ISO codes and local symbols, also glued to the number ('USD2,300', 'RM14.20', 'Y=410 billion')
    "$US": ("dollar", "USD"), "CAD": ("canadian dollar", "CAD"), "AUD": ("australian dollar", "AUD"),
    "NZD": ("new zealand dollar", "NZD"), "HKD": ("hong kong dollar", "HKD"), "SGD": ("singapore dollar", "SGD"),
    "INR": ("indian rupee", "INR"), "RM": ("malaysian dollar", "MYR"), "MYR": ("malaysian dollar", "MYR"),
    "CNY": ("chinese yuan", "CNY"), "RMB": ("chinese yuan", "CNY"), "Y=": ("japanese yen", "JPY"),
    "RUB": ("russian ruble", "RUB"),
    # the country after the dollar sign ('$A20', '$NZ5m'), and other symbols written before the number
    "$A": ("australian dollar", "AUD"), "$NZ": ("new zealand dollar", "NZD"), "$HK": ("hong kong dollar", "HKD"),
    "$C": ("canadian dollar", "CAD"), "CA$": ("canadian dollar", "CAD"), "MX$": ("mexican peso", "MXN"),
    "R$": ("brazilian real", "BRL"), "₩": ("south korean won", "KRW"), "₪": ("israeli shekel", "ILS"),
    "ZAR": ("south african rand", "ZAR"), "SEK": ("swedish krona", "SEK"), "DKK": ("danish krone", "DKK"),
    "NOK": ("norwegian krone", "NOK"), "KRW": ("south korean won", "KRW"),
}

# canonical unit -> (ISO currency or None, surface forms written after the number).
# Lowercase word forms also match Capitalized and UPPER case; abbreviations match as written.
UNITS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    # money
    "dollar": ("USD", ("dollars", "dollar", "dlrs", "dlr", "U.S. dollars", "U.S. dlrs", "US dollars", "US dlrs",
                       "U.S. dollar", "U.S. dlr", "US dlr", "U.S. Dlrs", "U.S. Dlr", "American dollars", "usd")),
    "canadian dollar": ("CAD", ("Canadian dollars", "Canadian dlrs", "Canadian dollar", "Canadian dlr", "CAD")),
    "australian dollar": ("AUD", ("Australian dollars", "Australian dlrs", "Australian dollar", "Australian dlr", "AUD")),
    "new zealand dollar": ("NZD", ("New Zealand dollars", "New Zealand dlrs", "New Zealand dlr", "N.Z. dlrs", "NZD")),
    "hong kong dollar": ("HKD", ("Hong Kong dollars", "Hong Kong dlrs", "Hong Kong dlr", "HK dlrs", "HK dlr", "H.K. dlrs",
                                   "H.K. dlr", "HKD")),
    "singapore dollar": ("SGD", ("Singapore dollars", "Singapore dlrs", "SGD")),
    "malaysian dollar": ("MYR", ("Malaysian dollars", "Malaysian dlrs", "Malaysian dlr", "ringgit", "MYR")),
    "taiwan dollar": ("TWD", ("Taiwan dollars", "Taiwan dlrs", "TWD")),
    "euro": ("EUR", ("euros", "euro", "EUR", "€")),
    "pound sterling": ("GBP", ("pounds sterling", "British pounds", "British pound", "stg", "sterling", "pounds", "quid",
                              "GBP", "£")),
    "japanese yen": ("JPY", ("yen", "JPY")),
    "ecu": ("XEU", ("Ecus", "ECUs", "ECU", "Ecu", "European Currency Units", "European currency units")),
    "chinese yuan": ("CNY", ("yuan", "renminbi", "CNY", "RMB")),
    "indian rupee": ("INR", ("rupees", "rupee", "INR")),
    "russian ruble": ("RUB", ("roubles", "rubles", "RUB")),
    "ukrainian hryvnia": ("UAH", ("hryvnias", "hryvnia", "UAH")),
    "south african rand": ("ZAR", ("rand", "rands", "South African rand", "ZAR")),
    "swedish krona": ("SEK", ("Swedish crowns", "Swedish kronor", "kronor", "krona", "SEK")),
    "danish krone": ("DKK", ("Danish crowns", "Danish kroner", "DKK")),
    "norwegian krone": ("NOK", ("Norwegian crowns", "Norwegian kroner", "NOK")),
    "crown": (None, ("crowns", "crown", "kroner", "krone")),  # Swedish, Danish, Norwegian, Czech: the text says which
    "mexican peso": ("MXN", ("Mexican pesos", "Mexican peso", "MXN")),
    "peso": (None, ("pesos", "peso")),
    "south korean won": ("KRW", ("South Korean won", "won", "KRW")),
    "thai baht": ("THB", ("baht", "THB")),
    "indonesian rupiah": ("IDR", ("rupiah", "IDR")),
    "brazilian real": ("BRL", ("reais", "BRL")),
    "israeli shekel": ("ILS", ("shekels", "shekel", "ILS")),
    "polish zloty": ("PLN", ("zlotys", "zloty", "PLN")),
    "hungarian forint": ("HUF", ("forints", "forint", "HUF")),
    "saudi riyal": ("SAR", ("riyals", "riyal", "SAR")),
    "iranian rial": ("IRR", ("rials", "rial", "IRR")),
    "uae dirham": ("AED", ("dirhams", "dirham", "AED")),
    "nigerian naira": ("NGN", ("naira", "NGN")),
    "kenyan shilling": ("KES", ("Kenyan shillings", "KES")),
    "turkish lira": ("TRY", ("Turkish lira", "TRY")),
    "egyptian pound": ("EGP", ("Egyptian pounds", "EGP")),
    "irish pound": ("IEP", ("Irish pounds", "punts", "punt", "IEP")),
    "belgian franc": ("BEF", ("Belgian francs", "BEF")),
    "austrian schilling": ("ATS", ("schillings", "ATS")),
    "spanish peseta": ("ESP", ("pesetas", "peseta", "ESP")),
    "portuguese escudo": ("PTE", ("escudos", "PTE")),
    "finnish markka": ("FIM", ("markka", "markkaa", "FIM")),
    "greek drachma": ("GRD", ("drachmas", "drachmae", "GRD")),
    "dinar": (None, ("dinars", "dinar")),
    "swiss franc": ("CHF", ("Swiss francs", "CHF")),
    "french franc": ("FRF", ("French francs",)),
    "cfa franc": ("XOF", ("CFA francs", "CFA franc")),
    "franc": (None, ("francs", "franc")),
    "deutsche mark": ("DEM", ("Deutsche marks", "marks", "D-marks", "DM")),
    "dutch guilder": ("NLG", ("guilders",)),
    "italian lira": ("ITL", ("lire",)),
    "lira": (None, ("lira",)),  # Turkish or Italian: the text says which
    "cent": (None, ("cents", "cts", "cent", "ct", "euro cents", "U.S. cents", "US cents", "U.S. cts", "U.S. ct",
                    "US cts")),
    "penny": ("GBP", ("pence", "pennies", "penny", "p")),  # a hundredth of the pound sterling
    "dime": (None, ("dimes", "dime")),
    # ratios
    "percentage point": (None, ("percentage points", "percentage point", "pct points", "pct point",
                                "percent points", "per cent points")),
    "basis point": (None, ("basis points", "basis point", "bps", "bp")),
    "percentage": (None, ("percent", "per cent", "per-cent", "pct", "pc", "%")),
    "point": (None, ("points", "point", "pts")),
    # length
    "kilometre": (None, ("kilometres", "kilometers", "kilometre", "kilometer", "kms", "km")),
    "metre": (None, ("metres", "meters", "metre", "meter", "m")),
    "centimetre": (None, ("centimetres", "centimeters", "centimetre", "centimeter", "cm")),
    "millimetre": (None, ("millimetres", "millimeters", "millimetre", "millimeter", "mm")),
    "nanometre": (None, ("nanometres", "nanometers", "nanometre", "nanometer", "nm")),
    "picometre": (None, ("picometres", "picometers", "pm")),
    "mile": (None, ("miles", "mile", "mi")),
    "nautical mile": (None, ("nautical miles", "nautical mile")),
    "foot": (None, ("feet", "foot", "ft")),
    "inch": (None, ("inches", "inch", "in")),
    "yard": (None, ("yards", "yard", "yds", "yd")),
    "micrometre": (None, ("micrometres", "micrometers", "microns", "micron")),
    # area and volume
    "square kilometre": (None, ("square kilometres", "square kilometers", "sq km", "km squared", "km2", "km²", "km^2")),
    "square mile": (None, ("square miles", "sq mi", "sq miles")),
    "square foot": (None, ("square feet", "square foot", "sq ft")),
    "square metre": (None, ("square metres", "square meters", "square metre", "square meter", "sq m", "sq metres",
                            "m2", "m²")),
    "square yard": (None, ("square yards", "square yard", "sq yds")),
    "square inch": (None, ("square inches", "square inch", "sq in")),
    "cubic foot": (None, ("cubic feet", "cubic foot", "cu ft")),
    "cubic kilometre": (None, ("cubic kilometres", "cubic kilometers", "km cubed", "km3", "km³", "km^3")),
    "cubic metre": (None, ("cubic metres", "cubic meters", "m3", "m³")),
    "hectare": (None, ("hectares", "hectare", "ha")),
    "acre": (None, ("acres", "acre")),
    "litre": (None, ("litres", "liters", "litre", "liter", "L")),
    "millilitre": (None, ("millilitres", "milliliters", "ml", "mL")),
    "centilitre": (None, ("centilitres", "centiliters", "cl")),
    "gallon": (None, ("gallons", "gallon")),
    "pint": (None, ("pints", "pint")),
    "quart": (None, ("quarts", "quart")),
    "bushel": (None, ("bushels", "bushel", "bu")),
    "barrel": (None, ("barrels", "barrel", "bbl")),
    "barrel per day": (None, ("bpd", "b/d")),
    "tonne per day": (None, ("tpd",)),
    "cup": (None, ("cups", "cup")),  # only before 'of' ('two cups of flour'): 'two cup ties' is football
    "tablespoon": (None, ("tablespoons", "tbsp")),
    "teaspoon": (None, ("teaspoons", "tsp")),
    # mass
    "short ton": (None, ("short tons", "short ton")),
    "long ton": (None, ("long tons", "long ton")),
    "tonne": (None, ("metric tonnes", "metric tons", "tonnes", "tons", "tonne", "ton", "mt", "t")),
    "kilogram": (None, ("kilogrammes", "kilograms", "kilogram", "kilos", "kilo", "kgs", "kg")),
    "gram": (None, ("grammes", "grams", "gram", "gms", "g")),
    "stone": (None, ("stone", "stones")),
    "carat": (None, ("carats", "carat")),
    "milligram": (None, ("milligrams", "milligram", "mg")),
    "pound-mass": (None, ("lbs", "lb")),
    "ounce": (None, ("troy ounces", "troy ounce", "ounces", "ounce", "ozs", "oz")),
    # time (durations and ages)
    "second": (None, ("seconds", "second", "secs", "sec")),
    "millisecond": (None, ("milliseconds", "millisecond", "ms")),
    "microsecond": (None, ("microseconds", "microsecond")),
    "nanosecond": (None, ("nanoseconds", "nanosecond")),
    "minute": (None, ("minutes", "minute", "mins", "min")),
    "hour": (None, ("hours", "hour", "hrs", "hr")),
    "day": (None, ("days", "day")),
    "week": (None, ("weeks", "week", "wks")),
    "fortnight": (None, ("fortnights", "fortnight")),
    "month": (None, ("months", "month", "mths")),
    "year": (None, ("years", "year", "yrs", "yr")),
    "decade": (None, ("decades", "decade")),
    "century": (None, ("centuries", "century")),
    # speed
    "kilometre per hour": (None, ("kilometres per hour", "kilometers per hour", "km/h", "kph", "kmh")),
    "mile per hour": (None, ("miles per hour", "mph")),
    "metre per second": (None, ("metres per second", "meters per second", "m/s")),
    "gram per kilometre": (None, ("g/km", "grams per kilometre", "grams per km")),
    "knot": (None, ("knots",)),
    # energy, power, frequency, data, temperature, dose
    "watt": (None, ("watts", "W")),
    "horsepower": (None, ("horsepower", "bhp", "hp")),
    "kilocalorie": (None, ("kilocalories", "kcal")),
    "calorie": (None, ("calories", "calorie")),
    "decibel": (None, ("decibels", "decibel", "dB")),
    "kilowatt": (None, ("kilowatts", "kW")),
    "megawatt": (None, ("megawatts", "MW")),
    "gigawatt": (None, ("gigawatts", "GW")),
    "watt hour": (None, ("watt hours", "Wh")),
    "kilowatt hour": (None, ("kilowatt hours", "kWh")),
    "megawatt hour": (None, ("megawatt hours", "MWh")),
    "gigawatt hour": (None, ("gigawatt hours", "GWh")),
    "terawatt hour": (None, ("terawatt hours", "TWh")),
    "electronvolt": (None, ("electronvolts", "eV")),
    "teraelectronvolt": (None, ("TeV",)),
    "joule": (None, ("joules", "J")),
    "hertz": (None, ("hertz", "Hz")),
    "megahertz": (None, ("megahertz", "MHz")),
    "gigahertz": (None, ("gigahertz", "GHz")),
    "bit": (None, ("bits",)),
    "kilobit": (None, ("kilobits", "kilobit")),
    "megabit": (None, ("megabits", "megabit")),
    "gigabit": (None, ("gigabits", "gigabit")),
    "kilobit per second": (None, ("kilobits per second", "kbps", "Kbps", "kbit/s", "kb/s")),
    "megabit per second": (None, ("megabits per second", "Mbps", "mbps", "Mbit/s", "Mb/s")),
    "gigabit per second": (None, ("gigabits per second", "Gbps", "Gbit/s", "Gb/s")),
    "megapixel": (None, ("megapixels", "megapixel")),
    "pixel": (None, ("pixels",)),
    "byte": (None, ("bytes",)),
    "kilobyte": (None, ("kilobytes", "KB")),
    "megabyte": (None, ("megabytes", "MB")),
    "gigabyte": (None, ("gigabytes", "GB")),
    "terabyte": (None, ("terabytes", "TB")),
    "exabyte": (None, ("exabytes", "EB")),
    "degree Celsius": (None, ("degrees Celsius", "degree Celsius", "degrees centigrade", "degrees C", "°C", "ºC", "C")),
    "degree Fahrenheit": (None, ("degrees Fahrenheit", "degree Fahrenheit", "degrees F", "°F", "ºF", "F")),
    "degree": (None, ("degrees", "°")),
    "milligray": (None, ("mGy",)),
    "kilovolt": (None, ("kilovolts", "kV")),
    "volt": (None, ("volts",)),
    "pound-foot": (None, ("pound-feet", "pound-foot", "lb-ft")),
    "revolution per minute": (None, ("rpm", "RPM", "revolutions per minute")),
    "mile per gallon": (None, ("mpg", "miles per gallon")),
    "hundredweight": (None, ("cwt", "hundredweight")),
}

# Money units that name no one currency ('crowns' may be Swedish, Danish or Norwegian; a cent is a
# hundredth of many).
MONEY_WITHOUT_CODE = frozenset({"cent", "dime", "franc", "crown", "peso", "dinar", "lira"})

# What an amount is counted per when it is no unit of measurement ('64 cts per share', '$5 a share',
# '$17 per child per year'): written after 'a'/'an' only these; after 'per' any lowercase word.
PER_NOUNS = {"share": "share", "shr": "share", "head": "head", "person": "person", "capita": "capita",
             "child": "child", "bushel": "bushel", "unit": "unit", "ticket": "ticket", "annum": "year",
             "pound": "pound-mass"}  # a price per pound is per pound weight ('$1.20 a pound')
# Words between 'for each' and the thing an amount is per ('76 dlrs for each common share').
PER_NOUN_ADJECTIVES = ("common", "ordinary", "preferred", "outstanding", "existing", "additional", "new")

# Unit forms that are also common words; accepted only in the contexts claims/numbers.py checks.
AMBIGUOUS_UNIT_FORMS = frozenset({"in", "pm", "p", "m", "t", "g", "L", "J", "W", "pounds", "marks", "ct", "°", "C", "F",
                                  "bu", "stone", "won", "cup", "cups"})

# Qualifier cues written before the number -> qualifier.
QUALIFIER_CUES = {
    "~": ("about", "around", "roughly", "some", "nearly", "almost", "approximately", "approx.", "an estimated",
          "close to", "circa", "more or less", "somewhere around", "upwards of"),
    ">": ("more than", "over", "exceeding", "exceeds", "exceeded", "exceed", "in excess of", "above", "greater than",
          "just over", "well over"),
    ">=": ("at least", "no fewer than", "no less than", "not less than", "a minimum of", "minimum of"),
    "<": ("less than", "fewer than", "under", "below", "just under", "just below"),
    "<=": ("up to", "at most", "no more than", "as many as", "as much as", "a maximum of", "maximum of",
           "not more than", "within"),
}
# Cues written after the number ('10,000 or more shares').
QUALIFIER_AFTER_CUES = {">=": ("or more", "or over", "or above", "and more", "and above"),
                        "<=": ("or less", "or fewer", "or under", "and less", "and below", "or lower")}
# Words before a number that are its sign ('minus 20C', 'minus-40 degrees', 'plus 3').
SIGN_WORDS = {"minus": -1.0, "plus": 1.0}
# Verbs of movement before 'from X to Y': two levels (a change), not a range ('expanding from 40 to
# 1,796 cinemas'); after other words 'from X to Y' is a range ('diameters from 11.5 to 12.0 mm').
FROM_TO_MOVES = ("expanded", "expanding", "expand", "expands", "moved", "moving", "move", "moves", "went", "gone",
                 "going", "shifted", "shifting", "switched", "revised", "revising", "changed", "changing",
                 "extended", "extending", "widened", "widening", "narrowed", "narrowing", "upgraded", "downgraded",
                 "lengthened", "shortened", "reduced", "reducing", "raised", "raising", "lifted", "lowered", "cut",
                 "cutting", "boosted", "trimmed", "slashed", "hiked")
# Words after which a number is a change, not a level ('rose 2%', 'fell by 3 points').
CHANGE_CUES = {
    "up": ("rose", "rise", "rises", "rising", "risen", "increased", "increase", "increases", "increasing",
           "gained", "gain", "gains", "gaining", "climbed", "climb", "climbs", "climbing", "jumped", "jump", "jumps",
           "jumping", "soared", "soaring", "surged", "surging", "grew", "grow", "grows", "grown", "growing",
           "advanced", "advancing", "up", "higher"),
    "down": ("fell", "fall", "falls", "falling", "fallen", "dropped", "drop", "drops", "dropping", "declined",
             "decline", "declines", "declining", "decreased", "decrease", "decreasing", "slipped", "slipping", "slid",
             "sliding", "eased", "easing", "plunged", "plunging", "plummeted", "tumbled", "tumbling", "slumped",
             "sank", "sinking", "down", "lower", "shrank", "shrinking"),
}
# Transitive verbs that state a change only with 'by' ('cut rates by 0.5%') or a new level after
# it ('raised 50 cts to 16.75 dlrs'), not alone ('raised $1bn').
CHANGE_CUES_WITH_BY = {
    "up": ("raised", "raise", "raises", "boosted", "boost", "boosts", "added", "lifted", "lift",
           "lifts", "hiked"),
    "down": ("cut", "cuts", "reduced", "reduce", "reduces", "lowered", "lower", "lowers", "lost", "shed", "sheds",
             "trimmed", "trim", "slashed", "slash"),
}
# Dictionary forms of the change verbs, for the parse: a number in their 'by' phrase is a change
# ('lift Channel 4's audience share by 12%'), and so is the bare object of an intransitive one.
CHANGE_VERB_LEMMAS = {
    "up": ("rise", "increase", "gain", "climb", "jump", "soar", "surge", "grow", "advance", "raise", "boost", "add",
           "lift", "hike", "expand", "widen", "double", "triple"),
    "down": ("fall", "drop", "decline", "decrease", "slip", "slide", "ease", "plunge", "plummet", "tumble", "slump",
             "sink", "dive", "shrink", "cut", "reduce", "lower", "lose", "shed", "trim", "slash", "narrow", "halve"),
}
# Words between a change verb and the amount of the change ('declined a record 508 points', 'fell a further
# 20 cts'): the figure is still the change.
CHANGE_AMOUNT_MODIFIERS = ("a", "an", "another", "record", "further", "fresh", "nearly", "almost", "some",
                           "roughly", "sharply", "steeply", "slightly", "just", "only", "revised", "estimated",
                           "adjusted")  # 'fell a revised 0.5 pct to 1,804,000 units'
# Nouns after the quantity that make it a change ('a 5% rise', '3 pct drop').
CHANGE_NOUNS = {
    "up": ("rise", "increase", "gain", "jump", "surge", "growth", "hike", "climb", "rally", "uptick"),
    "down": ("fall", "drop", "decline", "decrease", "cut", "loss", "slump", "dip", "reduction", "plunge", "slide"),
}
# Verbs whose 'up'/'down' is a move of the number after it ('moved up one place'); after other verbs
# it is a particle ('shot down 5 bombs' is no decrease).
MOVE_LEMMAS = frozenset({"move", "go", "come", "edge", "tick", "inch", "creep", "step", "climb", "slip", "be"})
# Change nouns that also name an amount: 'a loss of 800m euros' is a level, 'a 5% loss' a change.
AMOUNT_NOUNS = frozenset({"gain", "loss"})
# Nouns naming a measure of what has it ('the market had an estimated worth of $2bn': the market is measured).
MEASURE_HOLDER_NOUNS = frozenset({"worth", "value", "valuation"})
# Change nouns that also name a measured rate: with no 'in'/'of' phrase ('growth of just 0.1%') the noun
# itself is what the figure measures.
RATE_CHANGE_NOUNS = frozenset({"growth"})
# Nouns naming the form a payment takes ('for 250 mln dlrs cash'): what the money pays for is named elsewhere.
PAYMENT_FORM_NOUNS = frozenset({"cash"})

# A number right after one of these names something: 'section 5', 'page 3', 'No. 10'.
LABEL_WORDS = frozenset(
    """section article page chapter paragraph clause item rule number no no. flight route room platform
    gate level grade version season episode series phase stage act part exhibit figure fig table resolution
    highway road interstate channel track lot unit precinct district ward box category band""".split()
)

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# Counted things whose dictionary form spaCy keeps plural.
LEMMA_OVERRIDES = {"people": "person", "persons": "person", "lens": "lens", "lenses": "lens", "means": "means",
                   "news": "news", "series": "series", "species": "species", "data": "data",
                   "earnings": "earnings", "savings": "savings", "sales": "sale", "proceeds": "proceeds",
                   "taxes": "tax"}

# --- the counted thing of an amount, a share or a measure (claims/objects.py)
# Verbs whose subject is what a figure after them measures ('sales were 52.5 mln dlrs', 'the plant cost
# $5m'), besides the change verbs ('revenues rose 3.4 pct').
LEVEL_VERB_LEMMAS = frozenset(
    """be become remain stand total reach hit amount top exceed average equal surpass cost account represent
    near close open finish end settle trade test steady slow accelerate range vary fetch stabilize stabilise
    come""".split())  # 'sales came in at $43.7bn'  # 'the shares closed at 797p'
# Nouns that only carry a figure ('a total of', 'an average of'): what is counted is named elsewhere.
LIGHT_NOUNS = frozenset("""total number average sum figure peak high low maximum minimum estimate record tally amount level quantity
    equivalent""".split())
# Light nouns that, as a clause's subject with no 'of' phrase, stand for the thing of the sentence before
# ('In 2003 only 4% of people did. Now the figure is 14%.').
RESTATING_NOUNS = ("figure", "total", "number")
# Words that make a figure a multiple, not a count of things: 'two-fold', 'a three-fold rise'.
MULTIPLE_NOUNS = frozenset({"fold"})
# Light nouns a duration makes a thing of its own: 'an 18-year low', 'a four-month high' (how long since the level
# was last seen).
DURATION_LEVEL_NOUNS = frozenset("""low high peak record""".split())
# Time nouns a duration before them measures: 'a six-month transition period' (the period lasts six months).
DURATION_SPAN_NOUNS = frozenset("""period spell stint""".split())
# Nouns that frame a figure inside a prepositional phrase ('in the range of', 'in the region of', 'to the tune of');
# elsewhere they can be the thing measured ('missiles with ranges exceeding 10,000 km').
FRAME_NOUNS = frozenset("""range region order tune excess vicinity neighbourhood""".split())
# Verbs of spending whose infinitive of purpose names what the money is for ('spend 40 mln dlrs to expand a
# plant'); not 'pay' ('paid 3 mln dlrs to settle the case' pays no case).
SPENDING_VERB_LEMMAS = frozenset({"spend", "invest", "earmark", "allocate", "budget"})
# Verbs of takings whose 'from' phrase names what the money was made from ('raked in $5m from concert tickets',
# 'earned 2 mln dlrs from the sale'); not 'raise' or 'collect', whose 'from' is who paid ('from investors').
EARNING_VERB_LEMMAS = frozenset({"earn", "make", "rake", "generate", "gross", "recoup", "reap"})
# What money a verb of takings or spending takes as its object is, when the sentence names no noun for it
# ('the film has grossed $40m': its takings; 'will spend 3 mln dlrs': the spending). 'bring', 'take' and 'pull'
# only with 'in' ('brought in $2m').
MONEY_VERB_NOUNS = {"earn": "earnings", "make": "earnings", "rake": "takings", "gross": "takings",
                    "recoup": "takings", "reap": "takings", "generate": "revenue", "bring": "revenue",
                    "take": "takings", "pull": "takings", "spend": "spending", "invest": "investment"}
TAKINGS_PARTICLE_LEMMAS = frozenset({"bring", "take", "pull"})
# Pronouns a participle takes to a new level that stand for the clause's figure ('rose 5 pct, bringing it to 12 pct').
LEVEL_PRONOUNS = frozenset({"it", "them"})
# Determiners that answer a 'one' in the same sentence ('One clearance ... while another punt'): the 'one'
# picks one of several, it counts nothing.
CONTRAST_DETERMINERS = frozenset({"another", "other"})
# Days named from today: '1.3080 yesterday' is when, never a counted thing.
DEICTIC_DAYS = frozenset({"yesterday", "today", "tomorrow", "tonight"})
# Time words are when, not what ('in the quarter', 'for the year').
TIME_NOUNS = frozenset(
    """year month week day quarter period time hour minute second season decade century half weekend
    morning afternoon evening night date qtr qtrs mth mths yr yrs wk wks""".split()) | DEICTIC_DAYS
# The base of a share of the economy ('4% of GDP'): a unit 'percentage of GDP', not the counted thing.
GDP_WORDS = frozenset({"gdp", "gnp", "gross domestic product", "gross national product"})
# Words after the label of a results line that qualify it ('Oper shr diluted 1.02 dlrs').
# Results words that label the figure written right after them ('Excludes gain 2.10 dlrs a share').
RESULTS_WORDS = frozenset("""gain loss profit income revenue sale earning net""".split())
# Items a results line includes or excludes: after 'includes' or 'excludes' they label the figure right after
# them ('Net includes charges 4.1 mln dlrs'; not 'the bank charges 5 dlrs').
RESULTS_ITEM_NOUNS = frozenset("""charge credit provision""".split())
# Words between a noun and the figure that moves or adjusts it ('with sales up 5%', 'allocations minus 15 pct').
NOUN_MOVE_WORDS = frozenset({"up", "down", "minus", "plus"})
# Words a results line writes for a figure of zero before 'vs' ('Shr nil vs four cts').
RESULTS_ZERO_WORDS = frozenset({"nil", "none"})
RESULTS_LABEL_MODIFIERS = frozenset("""diluted primary fully basic avg oper net prior""".split())
# Words naming a class of shares inside a results line's label ('Qtly div Class C', 'Series B'): the label's
# head is before them.
SHARE_CLASS_WORDS = frozenset({"class", "series"})
# Change verbs that take an object: their active subject is who acts ('the firm raised $2bn'), not what moves.
TRANSITIVE_CHANGE_LEMMAS = frozenset(
    """raise boost add lift hike cut reduce lower lose shed trim slash expand halve double triple""".split())
# Transitive change verbs whose subject is what moved when their object is a share or points: 'the Nasdaq
# lost 1.3%', 'shares shed 2%', 'the index added 15 points' (not 'the firm lost 40m pesos').
SELF_MOVE_LEMMAS = frozenset({"lose", "shed", "add"})
# Prepositions through which a figure still states the clause's subject ('rose to 5%', 'fell by 2%', 'stood
# at 3%', 'up from 4%'); after others it is a circumstance ('in nine years', 'for a ticket').
CLAUSE_PREPOSITIONS = frozenset({"to", "by", "from", "at", "of", "than"})  # 'profit was lower than the 3 bn marks'
# Prepositions of a bound through which a verb of level or change still states its subject ('the dollar
# plunged below 150 yen', 'shares rose above 300p'); after other verbs they are circumstance.
BOUND_PREPOSITIONS = frozenset({"below", "above", "under", "over", "past", "beyond"})
# Qualifier cues that are also prepositions: before an age compound they govern the person ('from over
# 24-year-old Moreno'), not the figure.
PREPOSITION_CUES = frozenset({"over", "under", "above", "below", "within", "around", "exceeding"})
# The noun of an age compound ('17-year-olds'): the age, not a counted thing.
AGE_NOUNS = frozenset({"old", "olds"})
# Verbs that set a figure on a thing: their object, or their passive subject, is what it measures ('put
# the cost at $5bn', 'the cost was estimated at $40,000').
# Verbs whose object is the subject of the change or level in their 'to' clause ('forecasts cocoa exports to
# rise to 35,000 tonnes'); after others the 'to' clause is a purpose ('added the conversion to reach 1,000 points').
RAISING_VERB_LEMMAS = frozenset("""forecast expect project predict estimate see want need allow cause help""".split())
# Verbs that move their object to the level in their 'to' phrase ('taking the number employed to 38.9 million').
# Prepositions setting a change noun against the change of the clause's verb ('rose 4 pct against a 2.6 pct rise').
SET_AGAINST_WORDS = frozenset({"against", "versus", "vs", "vs."})
# Verbs whose object or complement states a change of their subject ('the schedule represents a 12 pct increase').
STATING_VERB_LEMMAS = frozenset({"represent", "be", "mark"})
LEVEL_MOVER_LEMMAS = frozenset("""take bring push drive send""".split())
# Verbs of selling that state a price of their subject when they have no object ('flats were selling at 1,100
# dlrs per square foot'); with an object the seller is the subject.
PRICED_SALE_LEMMAS = frozenset({"sell", "retail"})
VALUATION_VERB_LEMMAS = frozenset("""estimate value put forecast project price peg fix set place assess
    keep hold maintain cap limit leave""".split())  # 'inflation was kept to around 9 pct', 'held rates at 5%',
# 'left the exercise price unchanged at 18 cts'
# Nouns after a distance that make it the name of an event or a title ('the Olympic 100m champion', 'the
# 200m final'): no measurement is claimed.
EVENT_TITLE_NOUNS = frozenset(
    """champion champions championship championships title titles crown gold silver bronze medal medals
    medallist medallists medalist medalists final finals semi-final semi-finals winner winners record victory
    victories win wins triumph
    man men woman women runner runners specialist specialists hurdler hurdlers sprinter sprinters swimmer
    swimmers""".split())  # 'Scotland's 400m man': the athlete of an event
# Words of an event's name between its distance and a title ('100m hurdles bronze medallist', '4x100m relay
# gold', 'the Olympic 200m freestyle champion').
EVENT_DISCIPLINE_WORDS = frozenset(
    """hurdles relay freestyle backstroke breaststroke butterfly medley steeplechase sprint indoor indoors
    individual olympic world european commonwealth""".split())
# Distance units an event is named by.
EVENT_DISTANCE_UNITS = frozenset({"metre", "kilometre", "mile", "yard"})
# Words after 'one' that make it a determiner or a figure of speech, not a count ('one such case', 'one
# another', 'move one step further').
ONE_IDIOM_AFTER = ("such", "another", "step further", "step closer", "step forward", "step ahead", "step back",
                   "step beyond", "way or another", "day soon", "eye on", "voice", "thing leads to another",
                   "thing or another", "thing after another", "go")
# Verbs before 'for one minute' / 'for one moment' that make it a figure of speech ('never think for one minute').
ONE_MOMENT_VERBS = ("think", "thought", "believe", "believed", "imagine", "imagined", "suggest", "suggesting",
                    "doubt", "doubted", "suppose", "pretend", "accept", "want")
# Verbs a bare 'one day' after them measures ('the strike lasted one day'); after any other verb it says when
# ('ran alongside me one day').
DURATION_VERB_LEMMAS = frozenset("""last take spend wait stay remain continue need require""".split())
# Words before a bare number that make it a person's age ('aged 40', 'at the age of 40', 'ages 18 to 24').
AGE_CUES = ("aged", "age of", "ages of", "age", "ages")
# A person said to be a bare whole number ('I am 25.', 'she was 19 when'): an age.
PERSON_IS = ("I am", "I'm", "I was", "he is", "he's", "he was", "she is", "she's", "she was", "you are", "you're")
# People a bare whole number after 'under' / 'over' gives the age of ('children under 16', 'people over 65').
AGE_HOLDER_NOUNS = ("children", "people", "adults", "kids", "youngsters", "teenagers", "men", "women", "boys",
                    "girls", "pupils", "students", "workers", "voters", "players", "those", "anyone", "everyone")
