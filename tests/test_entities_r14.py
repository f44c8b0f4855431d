"""Forms of one thing the earlier rules kept apart or kept as names: an abbreviation whose words
come in another order than the body's name, a company designator written alone, a product's
plural. Names are made up."""
from __future__ import annotations

from pipelines.core.entities import EntityRegistry, find_mentions, is_noise_name
from pipelines.core.entities.acronyms import expands


def test_an_acronym_of_the_country_first_name_in_another_order_is_its_short_form(nlp):
    assert expands("USFD", "U.S. Forestry Department")  # 'Department of Forestry', the country first
    assert expands("USFD", "U.S. Department of Forestry")  # the short form's letters without stops
    assert not expands("USFX", "U.S. Forestry Department")
    assert not expands("FDUS", "U.S. Forestry Department")  # the country's letters come first
    doc = nlp("The U.S. Forestry Department said on Tuesday that timber stocks fell. "
              "A USFD spokesman said the figures would be revised.")
    assert [(m.text, m.canonical) for m in find_mentions(doc) if m.text == "USFD"] == \
        [("USFD", "U.S. Forestry Department")]


def test_a_company_designator_alone_is_no_entity():
    assert is_noise_name("S.A.", "ORG") == "fragment"
    assert is_noise_name("N.V.", "ORG") == "fragment"
    assert is_noise_name("SA", "ORG") == "fragment"
    assert is_noise_name("Ferrovia Norte S.A.", "ORG") is None


def test_a_products_plural_is_the_product_in_either_order():
    registry = EntityRegistry()
    plural = registry.resolve("PRODUCT", "zTabs")
    assert registry.resolve("PRODUCT", "zTab") is plural
    assert registry.resolve("PRODUCT", "ZTabs") is plural  # capitalised at a sentence's start
    # No inner capital, no plural: 'Doors' is not 'Door'; a person's 'McX' is not the family's 'McXs'.
    assert registry.resolve("PRODUCT", "Doors") is not registry.resolve("PRODUCT", "Door")
    assert registry.resolve("PERSON", "Ann McTavish") is not registry.resolve("PERSON", "McTavishs")
