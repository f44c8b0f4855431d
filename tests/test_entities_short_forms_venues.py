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
    assert {e.name for e in registry.settle().values()} == {"zTab"}  # named by the singular
    # No inner capital, no plural: 'Doors' is not 'Door'; a person's 'McX' is not the family's 'McXs'.
    assert registry.resolve("PRODUCT", "Doors") is not registry.resolve("PRODUCT", "Door")
    assert registry.resolve("PERSON", "Ann McTavish") is not registry.resolve("PERSON", "McTavishs")


def test_a_place_with_a_grounds_noun_in_a_sports_article_is_the_venue(nlp):
    ground = nlp("England beat France 24-10 at Richmond on Saturday. "
                 "The Richmond pitch cut up as Gareth Pryce scored twice.")
    assert [(m.text, m.label, m.label_source) for m in find_mentions(ground) if m.text == "Richmond"] == \
        [("Richmond", "FAC", "venue"), ("Richmond", "FAC", "venue")]
    # A town the gazetteer knows, 'at' it without a venue's noun: the model's place stays.
    town = nlp("England beat France 24-10 at Richmond on Saturday. Gareth Pryce scored twice in front of 70,000.")
    assert [(m.label, m.label_source) for m in find_mentions(town) if m.text == "Richmond"] == [("GPE", "model")]
    # A crowd that is not the name's: no venue.
    elsewhere = nlp("Ireland face Italy on Sunday. Coach Eddie O'Neill lives in Richmond, where the crowd of "
                    "shoppers was large.")
    assert [(m.label, m.label_source) for m in find_mentions(elsewhere) if m.text == "Richmond"] == [("GPE", "model")]


def test_a_club_or_a_town_is_no_venue(nlp):
    # 'at X City' is the club's; 'in X' is the town even where 'the X crowd' makes X's other mention the ground.
    club = nlp("Leeds beat Hull 3-1. The win at Wembley City lifted Leeds to fourth.")
    assert [(m.label, m.label_source) for m in find_mentions(club) if m.text == "Wembley City"] == [("GPE", "model")]
    town = nlp("England beat France 24-10 in Richmond on Saturday. The Richmond pitch cut up as Gareth Pryce "
               "scored twice.")
    assert [(m.label, m.label_source) for m in find_mentions(town) if m.text == "Richmond"] == \
        [("GPE", "model"), ("FAC", "venue")]
